/* csv: CSV reading and writing with Japanese encodings (see csv.h). Owns the
 * encoding detection (BOM / strict UTF-8 / CP932), the libcsv callbacks that
 * build a struct csv_table, and the Excel-friendly writer. */
#include "io/csv.h"
#include "util/arena.h"
#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

const char *const csv_encoding_names[CSV_ENC__MAX] = { "auto", "utf-8", "cp932" };

int csv_encoding_parse(const char *s, enum csv_encoding *e)
{
	static const struct {
		const char *name;
		enum csv_encoding enc;
	} names[] = {
		{ "auto", CSV_ENC_AUTO }, { "utf-8", CSV_ENC_UTF8 }, { "utf8", CSV_ENC_UTF8 },
		{ "cp932", CSV_ENC_CP932 }, { "sjis", CSV_ENC_CP932 },
		{ "shift_jis", CSV_ENC_CP932 }, { "shift-jis", CSV_ENC_CP932 },
		{ "ms932", CSV_ENC_CP932 }, { "windows-31j", CSV_ENC_CP932 },
	};

	if (!s)
		return -1;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!strcasecmp(s, names[i].name)) {
			*e = names[i].enc;
			return 0;
		}
	}
	return -1;
}

/* Length of the strictly valid UTF-8 sequence at p (no overlongs, surrogates
 * or code points past U+10FFFF), or 0 when invalid. */
static size_t csv_utf8_seq(const unsigned char *p, size_t n, uint32_t *cp)
{
	uint32_t c;
	size_t len;

	if (!n)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	} else if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		c = p[0] & 0x1F;
		len = 2;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		c = p[0] & 0x0F;
		len = 3;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		c = p[0] & 0x07;
		len = 4;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) || c > 0x10FFFF ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* Offset of the first invalid byte, or n when all of s is valid UTF-8. */
static size_t csv_utf8_check(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		k = csv_utf8_seq(p + i, n - i, &cp);
		if (!k)
			return i;
		i += k;
	}
	return n;
}

/* ---- reading ---- */

static int csv_is_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

struct csv_reader {
	struct csv_table *t;
	enum csv_encoding enc;	/* UTF8 or CP932, decided before parsing */
	iconv_t cd;		/* CP932 -> UTF-8, or (iconv_t)-1 */
	char **fields;		/* cells of the row being built (arena strings) */
	size_t nfields, capfields;
	char *scratch;		/* iconv output */
	size_t capscratch;
	int last_term;		/* terminator of the previous row */
	int guessed;		/* encoding chosen by CSV_ENC_AUTO */
	int failed;
	char *err;
	size_t errlen;
};

static void csv_fail(struct csv_reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void csv_fail(struct csv_reader *r, const char *fmt, ...)
{
	va_list ap;

	if (r->failed)
		return;
	r->failed = 1;
	if (!r->errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(r->err, r->errlen, fmt, ap);
	va_end(ap);
}

/* 1-based number of the row being built (the header is row 1). */
static size_t csv_rowno(const struct csv_reader *r)
{
	return r->t->nrows + 1;
}

/* CP932 field -> arena UTF-8 string; NULL with r->failed set on error. */
static char *csv_decode_cp932(struct csv_reader *r, const char *s, size_t n, size_t col)
{
	char *in = (char *)s, *outp;
	size_t inleft = n, outleft, need;
	char *cell;

	if (n > (SIZE_MAX - 1) / 3) {
		csv_fail(r, "row %zu, column %zu: field too large", csv_rowno(r), col);
		return NULL;
	}
	need = n * 3 + 1;	/* a CP932 byte never becomes more than 3 UTF-8 bytes */
	if (r->capscratch < need) {
		char *p = realloc(r->scratch, need);

		if (!p) {
			csv_fail(r, "out of memory");
			return NULL;
		}
		r->scratch = p;
		r->capscratch = need;
	}
	outp = r->scratch;
	outleft = r->capscratch;
	iconv(r->cd, NULL, NULL, NULL, NULL);
	if (iconv(r->cd, &in, &inleft, &outp, &outleft) == (size_t)-1 ||
	    iconv(r->cd, NULL, NULL, &outp, &outleft) == (size_t)-1) {
		csv_fail(r, "row %zu, column %zu: invalid Shift_JIS (CP932) byte sequence%s",
			 csv_rowno(r), col,
			 r->guessed ? " (the file is not valid UTF-8 either)" : "");
		return NULL;
	}
	cell = arena_strndup(r->t->arena, r->scratch, (size_t)(outp - r->scratch));
	if (!cell)
		csv_fail(r, "out of memory");
	return cell;
}

/* libcsv: one field of the current row. */
static void csv_on_field(void *s, size_t n, void *data)
{
	struct csv_reader *r = data;
	size_t col = r->nfields + 1;
	const char *f = s ? s : "";
	char *cell;

	if (r->failed)
		return;
	if (!s)
		n = 0;
	if (memchr(f, 0, n)) {
		csv_fail(r, "row %zu, column %zu: contains a NUL byte (is this really a CSV file?)",
			 csv_rowno(r), col);
		return;
	}
	if (r->enc == CSV_ENC_UTF8 || csv_is_ascii(f, n)) {
		/* ASCII reads the same in CP932 (glibc keeps 0x5C and 0x7E as \ and ~) */
		if (csv_utf8_check(f, n) != n) {
			csv_fail(r, "row %zu, column %zu: invalid UTF-8 byte sequence",
				 csv_rowno(r), col);
			return;
		}
		cell = arena_strndup(r->t->arena, f, n);
		if (!cell) {
			csv_fail(r, "out of memory");
			return;
		}
	} else {
		cell = csv_decode_cp932(r, f, n, col);
		if (!cell)
			return;
	}
	if (r->nfields == r->capfields) {
		size_t nc = r->capfields ? r->capfields * 2 : 16;
		char **p = realloc(r->fields, nc * sizeof *p);

		if (!p) {
			csv_fail(r, "out of memory");
			return;
		}
		r->fields = p;
		r->capfields = nc;
	}
	r->fields[r->nfields++] = cell;
}

/* libcsv: end of a row, c is the terminator ('\r', '\n', or -1 at the end).
 * With CSV_REPALL_NL every newline outside a record arrives as an empty row:
 * the '\n' of a CRLF is skipped, any other one is a blank line. */
static void csv_on_row(int c, void *data)
{
	struct csv_reader *r = data;
	struct csv_table *t = r->t;
	char **cells;
	int prev = r->last_term;

	r->last_term = c;
	if (r->failed)
		return;
	if (!r->nfields && c == '\n' && prev == '\r')
		return;
	if (!r->nfields && c == -1)
		return;
	if (t->nrows == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 64;
		size_t *pn = realloc(t->ncols, nc * sizeof *pn);

		if (!pn) {
			csv_fail(r, "out of memory");
			return;
		}
		t->ncols = pn;
		char ***pc = realloc(t->cell, nc * sizeof *pc);

		if (!pc) {
			csv_fail(r, "out of memory");
			return;
		}
		t->cell = pc;
		t->cap = nc;
	}
	cells = arena_alloc(t->arena, (r->nfields ? r->nfields : 1) * sizeof *cells);
	if (!cells) {
		csv_fail(r, "out of memory");
		return;
	}
	if (r->nfields)
		memcpy(cells, r->fields, r->nfields * sizeof *cells);
	else
		cells[0] = arena_strdup(t->arena, "");
	t->cell[t->nrows] = cells;
	t->ncols[t->nrows] = r->nfields;
	t->nrows++;
	r->nfields = 0;
}

static int csv_no_space(unsigned char c)
{
	(void)c;
	return 0;	/* keep spaces around unquoted fields: they are data */
}

static void csv_table_reset(struct csv_table *t)
{
	arena_free(t->arena);
	free(t->ncols);
	free(t->cell);
	memset(t, 0, sizeof *t);
}

void csv_table_free(struct csv_table *t)
{
	if (t)
		csv_table_reset(t);
}

int csv_read(const char *data, size_t len, enum csv_encoding enc, struct csv_table *t,
	     char *err, size_t errlen)
{
	static const char bom[3] = { '\xEF', '\xBB', '\xBF' };
	struct csv_reader r = { .t = t, .cd = (iconv_t)-1, .err = err, .errlen = errlen };
	struct csv_parser p;
	size_t done;
	int rc = -1;

	memset(t, 0, sizeof *t);
	if (errlen)
		err[0] = 0;
	if (!data)
		len = 0;
	if (len >= 2 && ((data[0] == '\xFF' && data[1] == '\xFE') ||
			 (data[0] == '\xFE' && data[1] == '\xFF'))) {
		csv_fail(&r, "the file is UTF-16 (Excel \"Unicode text\"); save it as "
			     "\"CSV UTF-8\" or as \"CSV\" (Shift_JIS) instead");
		return -1;
	}
	if (len >= 3 && !memcmp(data, bom, 3)) {
		if (enc == CSV_ENC_CP932) {
			csv_fail(&r, "the file starts with a UTF-8 byte order mark but "
				     "Shift_JIS (CP932) was requested");
			return -1;
		}
		data += 3;
		len -= 3;
		r.enc = CSV_ENC_UTF8;
	} else if (enc == CSV_ENC_UTF8 || enc == CSV_ENC_CP932) {
		r.enc = enc;
	} else if (enc == CSV_ENC_AUTO) {
		r.enc = csv_utf8_check(data, len) == len ? CSV_ENC_UTF8 : CSV_ENC_CP932;
		r.guessed = 1;
	} else {
		csv_fail(&r, "unknown encoding");
		return -1;
	}
	t->detected = r.enc;
	t->arena = arena_new(0);
	if (!t->arena) {
		csv_fail(&r, "out of memory");
		return -1;
	}
	if (r.enc == CSV_ENC_CP932) {
		r.cd = iconv_open("UTF-8", "CP932");
		if (r.cd == (iconv_t)-1) {
			csv_fail(&r, "Shift_JIS (CP932) decoding is not available on this system");
			goto out;
		}
	}
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL)) {
		csv_fail(&r, "out of memory");
		goto out;
	}
	csv_set_space_func(&p, csv_no_space);
	done = csv_parse(&p, data, len, csv_on_field, csv_on_row, &r);
	if (done < len && !r.failed) {
		if (csv_error(&p) == CSV_EPARSE)
			csv_fail(&r, "row %zu, column %zu: misplaced quote (\"); a field that "
				     "contains quotes must be enclosed in quotes, with each "
				     "quote doubled", csv_rowno(&r), r.nfields + 1);
		else
			csv_fail(&r, "%s", csv_strerror(csv_error(&p)));
	}
	if (!r.failed && csv_fini(&p, csv_on_field, csv_on_row, &r) && !r.failed) {
		if (csv_error(&p) == CSV_EPARSE)
			csv_fail(&r, "row %zu: unterminated quoted field", csv_rowno(&r));
		else
			csv_fail(&r, "%s", csv_strerror(csv_error(&p)));
	}
	csv_free(&p);
	if (r.failed)
		goto out;
	while (t->nrows > 0 && t->ncols[t->nrows - 1] == 0)
		t->nrows--;	/* trailing blank lines */
	rc = 0;
out:
	if (r.cd != (iconv_t)-1)
		iconv_close(r.cd);
	free(r.fields);
	free(r.scratch);
	if (rc) {
		csv_table_reset(t);
		t->detected = r.enc;
	}
	return rc;
}

int csv_read_file(const char *path, enum csv_encoding enc, struct csv_table *t,
		  char *err, size_t errlen)
{
	FILE *f;
	struct stat st;
	char *data;
	size_t got;
	int rc;

	memset(t, 0, sizeof *t);
	f = fopen(path, "rb");
	if (!f) {
		if (errlen)
			snprintf(err, errlen, "cannot open %s: %m", path);
		return -1;
	}
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		if (errlen)
			snprintf(err, errlen, "%s is not a regular file", path);
		fclose(f);
		return -1;
	}
	if ((unsigned long long)st.st_size > CSV_MAX_FILE) {
		if (errlen)
			snprintf(err, errlen, "%s is too large (over %zu MB)", path,
				 CSV_MAX_FILE >> 20);
		fclose(f);
		return -1;
	}
	data = malloc((size_t)st.st_size + 1);
	if (!data) {
		if (errlen)
			snprintf(err, errlen, "out of memory reading %s", path);
		fclose(f);
		return -1;
	}
	got = fread(data, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		if (errlen)
			snprintf(err, errlen, "cannot read %s", path);
		fclose(f);
		free(data);
		return -1;
	}
	fclose(f);
	rc = csv_read(data, got, enc, t, err, errlen);
	free(data);
	return rc;
}

const char *csv_cell(const struct csv_table *t, size_t row, size_t col)
{
	if (!t || row >= t->nrows || col >= t->ncols[row])
		return "";
	return t->cell[row][col];
}

int csv_header_index(const struct csv_table *t, const char *name)
{
	if (!t || !t->nrows || !name)
		return -1;
	for (size_t c = 0; c < t->ncols[0] && c < (size_t)INT32_MAX; c++)
		if (!strcmp(t->cell[0][c], name))
			return (int)c;
	return -1;
}

/* ---- writing ---- */

/* JIS-style code points that CP932 spells differently, and their CP932 form. */
static const struct {
	const char *jis, *cp932;
} csv_cp932_map[] = {
	{ "\u301C", "\uFF5E" },	/* 〜 -> ～ */
	{ "\u2016", "\u2225" },	/* ‖ -> ∥ */
	{ "\u2212", "\uFF0D" },	/* − -> － */
	{ "\u00A2", "\uFFE0" },	/* ¢ -> ￠ */
	{ "\u00A3", "\uFFE1" },	/* £ -> ￡ */
	{ "\u00AC", "\uFFE2" },	/* ¬ -> ￢ */
	{ "\u2014", "\u2015" },	/* — -> ― */
};

void csv_writer_end(struct csv_writer *w)
{
	if (w->cd)
		iconv_close((iconv_t)w->cd);
	w->cd = NULL;
}

void csv_writer_init(struct csv_writer *w, struct buf *out, enum csv_encoding enc)
{
	memset(w, 0, sizeof *w);
	w->out = out;
	w->enc = enc == CSV_ENC_CP932 ? CSV_ENC_CP932 : CSV_ENC_UTF8;
	if (w->enc == CSV_ENC_UTF8 && out->len == 0)
		buf_append(out, "\xEF\xBB\xBF", 3);
}

/* Append cell s to b: CP932 substitutions (when asked), then quoting. */
/* A byte that may begin one of csv_cp932_map's characters (U+00A2/A3/AC, U+2014/2016/2212, U+301C). */
static int csv_cp932_lead(unsigned char c) { return c == 0xC2 || c == 0xE2 || c == 0xE3; }

static void csv_put_cell(struct buf *b, const char *s, int cp932)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		buf_putc(b, '"');
	while (*s) {
		/* the bytes that are copied as they are, in one append */
		size_t run = 0;
		while (s[run] && s[run] != '"' && !(cp932 && csv_cp932_lead((unsigned char)s[run])))
			run++;
		if (run) {
			buf_append(b, s, run);
			s += run;
			continue;
		}
		if (*s == '"') {
			buf_append(b, "\"\"", 2);
			s++;
			continue;
		}
		size_t i, k = 0;
		for (i = 0; i < sizeof csv_cp932_map / sizeof csv_cp932_map[0]; i++) {
			k = strlen(csv_cp932_map[i].jis);
			if (!strncmp(s, csv_cp932_map[i].jis, k))
				break;
		}
		if (i < sizeof csv_cp932_map / sizeof csv_cp932_map[0]) {
			buf_puts(b, csv_cp932_map[i].cp932);
			s += k;
		} else {
			buf_putc(b, *s++);
		}
	}
	if (quote)
		buf_putc(b, '"');
}

/* Convert the UTF-8 in cell to CP932 and append it to line. On failure puts
 * the offending code point in *bad, its UTF-8 bytes in badstr, and returns -1. */
static int csv_to_cp932(iconv_t cd, const struct buf *cell, struct buf *line, uint32_t *bad,
			char badstr[5])
{
	char *in = cell->data, *outp;
	size_t inleft = cell->len, outleft, start, k;

	*bad = 0;
	badstr[0] = 0;
	if (!inleft)
		return 0;
	start = line->len;
	buf_append(line, cell->data, cell->len);	/* CP932 is never longer than UTF-8 */
	if (line->oom)
		return -1;
	outp = line->data + start;
	outleft = cell->len;
	iconv(cd, NULL, NULL, NULL, NULL);
	if (iconv(cd, &in, &inleft, &outp, &outleft) == (size_t)-1) {
		k = csv_utf8_seq((const unsigned char *)in, inleft, bad);
		if (k) {
			memcpy(badstr, in, k);
			badstr[k] = 0;
		}
		line->len = start;
		line->data[start] = 0;
		return -1;
	}
	line->len = (size_t)(outp - line->data);
	line->data[line->len] = 0;
	return 0;
}

/* The cell at fault when a CP932 line did not convert: converts cell by cell into a
 * scratch buffer and fills w->err about the first that fails. */
static void csv_cp932_blame(struct csv_writer *w, iconv_t cd, const char *const *cells, size_t n, size_t row)
{
	struct buf cell = BUF_INIT, scratch = BUF_INIT;
	for (size_t c = 0; c < n; c++) {
		uint32_t bad;
		char badstr[5];
		buf_reset(&cell);
		buf_reset(&scratch);
		csv_put_cell(&cell, cells && cells[c] ? cells[c] : "", 1);
		if (cell.oom || csv_to_cp932(cd, &cell, &scratch, &bad, badstr) == 0)
			continue;
		if (scratch.oom)
			break;
		if (bad >= 0x80)
			snprintf(w->err, sizeof w->err,
				 "row %zu, column %zu: the character \"%s\" (U+%04X) "
				 "cannot be written in Shift_JIS (CP932)", row, c + 1, badstr, (unsigned)bad);
		else
			snprintf(w->err, sizeof w->err,
				 "row %zu, column %zu: the character U+%04X cannot be "
				 "written in Shift_JIS (CP932)", row, c + 1, (unsigned)bad);
		break;
	}
	if (!w->err[0])
		snprintf(w->err, sizeof w->err, "row %zu: cannot be written in Shift_JIS (CP932)", row);
	buf_free(&cell);
	buf_free(&scratch);
}

int csv_write_row(struct csv_writer *w, const char *const *cells, size_t n)
{
	struct buf line = BUF_INIT, u8 = BUF_INIT;
	iconv_t cd = (iconv_t)-1;
	size_t row = w->row + 1;
	int rc = -1;

	w->err[0] = 0;
	if (w->enc == CSV_ENC_CP932) {
		/* One converter for the whole file: opening one per row tripled the time of a
		 * 100,000-row CP932 export. */
		if (!w->cd) {
			cd = iconv_open("CP932", "UTF-8");
			if (cd == (iconv_t)-1) {
				snprintf(w->err, sizeof w->err,
					 "Shift_JIS (CP932) encoding is not available on this system");
				return -1;
			}
			w->cd = cd;
		}
		cd = (iconv_t)w->cd;
	}
	/* The line in UTF-8 (with CP932's spellings of the seven JIS characters when the file
	 * is CP932), then, for CP932, converted in one call; a line that does not convert is
	 * converted again cell by cell to name the column at fault. */
	struct buf *dst = w->enc == CSV_ENC_UTF8 ? &line : &u8;
	for (size_t c = 0; c < n; c++) {
		const char *s = cells && cells[c] ? cells[c] : "";
		size_t len = strlen(s);

		if (c)
			buf_putc(dst, ',');
		if (csv_utf8_check(s, len) != len) {
			snprintf(w->err, sizeof w->err,
				 "row %zu, column %zu: invalid UTF-8 byte sequence", row, c + 1);
			goto out;
		}
		csv_put_cell(dst, s, w->enc == CSV_ENC_CP932);
	}
	if (u8.oom) {
		snprintf(w->err, sizeof w->err, "out of memory");
		goto out;
	}
	if (w->enc == CSV_ENC_CP932) {
		uint32_t bad;
		char badstr[5];
		if (csv_to_cp932(cd, &u8, &line, &bad, badstr)) {
			if (line.oom)
				snprintf(w->err, sizeof w->err, "out of memory");
			else
				csv_cp932_blame(w, cd, cells, n, row);
			goto out;
		}
	}
	buf_append(&line, "\r\n", 2);
	if (line.oom) {
		snprintf(w->err, sizeof w->err, "out of memory");
		goto out;
	}
	buf_append(w->out, line.data, line.len);
	if (w->out->oom) {
		snprintf(w->err, sizeof w->err, "out of memory");
		goto out;
	}
	w->row = row;
	rc = 0;
out:
	buf_free(&line);
	buf_free(&u8);
	return rc;
}
