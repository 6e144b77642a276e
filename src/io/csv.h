/* csv: reading and writing CSV files as Japanese offices exchange them —
 * UTF-8 (with or without BOM) or Shift_JIS (CP932) from Excel, CRLF or LF,
 * RFC 4180 quoting (parsed by libcsv). Cells are always kept as text, so codes
 * such as postal codes and IDs keep their leading zeros. */
#ifndef KYODO_CSV_H
#define KYODO_CSV_H
#include <stddef.h>
#include "util/buf.h"

#define CSV_MAX_FILE ((size_t)64 << 20)	/* csv_read_file refuses bigger files */

enum csv_encoding { CSV_ENC_AUTO, CSV_ENC_UTF8, CSV_ENC_CP932, CSV_ENC__MAX };
extern const char *const csv_encoding_names[CSV_ENC__MAX];	/* "auto","utf-8","cp932" */
/* Case-insensitive; also "utf8", "sjis", "shift_jis", "shift-jis", "ms932",
 * "windows-31j". Returns 0 or -1. */
int csv_encoding_parse(const char *s, enum csv_encoding *e);

struct arena;

struct csv_table {		/* whole file in memory, all strings UTF-8, NUL-terminated */
	size_t nrows;		/* rows including the header row */
	size_t *ncols;		/* per row; 0 for a blank line in the middle of the file */
	char ***cell;		/* cell[row][col] */
	enum csv_encoding detected;	/* UTF8 or CP932 */
	struct arena *arena;	/* owns every cell and every cell[row] */
	size_t cap;		/* allocated length of ncols and cell */
};

/* Decode and parse a whole file. AUTO: a UTF-8 BOM means UTF-8 (stripped);
 * else strictly valid UTF-8 means UTF-8; else CP932. A forced encoding must
 * match. Handles CRLF, LF, CR, quoted fields with embedded newlines, commas and
 * doubled quotes, a last line without newline; trailing blank lines are
 * dropped. Stray quotes are errors (strict RFC 4180). On error returns -1, t is
 * left empty (safe to free) and err holds e.g. "row 3, column 2: invalid UTF-8
 * byte sequence" or "row 5: unterminated quoted field"; rows and columns are
 * 1-based and the header is row 1. */
int csv_read(const char *data, size_t len, enum csv_encoding enc, struct csv_table *t,
	     char *err, size_t errlen);
int csv_read_file(const char *path, enum csv_encoding enc, struct csv_table *t,
		  char *err, size_t errlen);
void csv_table_free(struct csv_table *t);

/* cell[row][col], or "" when the row or column does not exist (0-based). */
const char *csv_cell(const struct csv_table *t, size_t row, size_t col);
/* Index of the first header cell equal to name, or -1. */
int csv_header_index(const struct csv_table *t, const char *name);

/* Writing. A writer appends to a struct buf. UTF-8 output starts with a BOM
 * (written by init when the buffer is empty); CP932 output converts each cell
 * through iconv, first mapping the JIS-style code points 〜‖−¢£¬— (U+301C U+2016
 * U+2212 U+00A2 U+00A3 U+00AC U+2014) to their CP932 forms ～∥－￠￡￢―; a
 * character CP932 cannot hold is an error naming row and column (never
 * dropped). Lines end with CRLF. A field is quoted only when it holds , " CR or
 * LF (quotes doubled). A failed row appends nothing. */
struct csv_writer {
	struct buf *out;
	enum csv_encoding enc;	/* CSV_ENC_UTF8 or CSV_ENC_CP932 */
	size_t row;		/* rows written so far (1-based number of the last one) */
	char err[256];		/* message of the last failed csv_write_row */
	void *cd;		/* private: the UTF-8 → CP932 converter, opened on first use */
};
void csv_writer_init(struct csv_writer *w, struct buf *out, enum csv_encoding enc);
/* Releases the converter; call once the last row is written (or given up). */
void csv_writer_end(struct csv_writer *w);
/* NULL cells are written empty. Returns 0, or -1 with w->err set. */
int csv_write_row(struct csv_writer *w, const char *const *cells, size_t n);

#endif
