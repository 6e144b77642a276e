// fuzz-sources: src/io/csv.c src/util/buf.c src/util/arena.c
// fuzz-libs: -lcsv
/* fuzz_csv: libFuzzer target for csv_read (src/io/csv.c) — every encoding on the
 * same bytes; on success every cell must be NUL-terminated UTF-8 reachable
 * through cell[][] and csv_cell(). Also feeds the cells back through the writer.
 * Build: clang -fsanitize=fuzzer,address -Isrc tests/fuzz/fuzz_csv.c src/io/csv.c
 *        src/util/buf.c src/util/arena.c -lcsv */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "io/csv.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (int e = 0; e < CSV_ENC__MAX; e++) {
		struct csv_table t;
		char err[256];
		size_t total = 0;

		if (csv_read((const char *)data, size, (enum csv_encoding)e, &t, err, sizeof err)) {
			if (!memchr(err, 0, sizeof err))
				__builtin_trap();
			csv_table_free(&t);
			continue;
		}
		for (size_t r = 0; r < t.nrows; r++) {
			for (size_t c = 0; c < t.ncols[r]; c++)
				total += strlen(t.cell[r][c]);
			total += strlen(csv_cell(&t, r, t.ncols[r]));	/* "" past the end */
		}
		(void)total;
		/* write back what we read: UTF-8 always succeeds */
		if (t.nrows) {
			struct buf out = BUF_INIT;
			struct csv_writer w;

			csv_writer_init(&w, &out, e == CSV_ENC_CP932 ? CSV_ENC_CP932 : CSV_ENC_UTF8);
			for (size_t r = 0; r < t.nrows; r++)
				if (csv_write_row(&w, (const char *const *)t.cell[r], t.ncols[r]) &&
				    e != CSV_ENC_CP932)
					__builtin_trap();
			csv_writer_end(&w);
			buf_free(&out);
		}
		csv_table_free(&t);
	}
	return 0;
}
