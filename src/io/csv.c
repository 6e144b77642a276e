/* csv: CSV reading and writing with Japanese encodings (see csv.h). Owns the
 * encoding detection (BOM / strict UTF-8 / CP932), the libcsv callbacks that
 * build a struct csv_table, and the Excel-friendly writer. */
#include "io/csv.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <iconv.h>
#include <pthread.h>
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

/* Encodes cp (a valid scalar value) as UTF-8 into out; returns the length. */
static int csv_utf8_put(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
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

/* Which encoding a file that is not strict UTF-8 most likely is: UTF-8 when most of its
 * non-ASCII sequences are valid UTF-8 (a UTF-8 file with a stray byte), else CP932 (in a
 * CP932 file almost no multi-byte character happens to be valid UTF-8). */
static enum csv_encoding csv_likely_encoding(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t good = 0, bad = 0, i = 0;
	uint32_t cp;
	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		size_t k = csv_utf8_seq(p + i, n - i, &cp);
		if (k) {
			good++;
			i += k;
		} else {
			bad++;
			i++;
		}
	}
	return good > bad ? CSV_ENC_UTF8 : CSV_ENC_CP932;
}

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
			csv_fail(r, "row %zu, column %zu: invalid UTF-8 byte sequence%s",
				 csv_rowno(r), col,
				 r->guessed ? " (the rest of the file reads as UTF-8, so it was read as UTF-8)" : "");
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
		r.enc = csv_utf8_check(data, len) == len ? CSV_ENC_UTF8 : csv_likely_encoding(data, len);
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

/* ---- the CP932 character set ---- */

/* JIS-style code points that CP932 spells differently, and their CP932 form: Unicode has
 * two characters where CP932 has one code, and CP932 files always read back as the
 * second. */
static const struct {
	uint32_t jis, cp932;
} csv_cp932_pairs[] = {
	{ 0x301C, 0xFF5E },	/* 〜 -> ～ */
	{ 0x2016, 0x2225 },	/* ‖ -> ∥ */
	{ 0x2212, 0xFF0D },	/* − -> － */
	{ 0x00A2, 0xFFE0 },	/* ¢ -> ￠ */
	{ 0x00A3, 0xFFE1 },	/* £ -> ￡ */
	{ 0x00AC, 0xFFE2 },	/* ¬ -> ￢ */
	{ 0x2014, 0x2015 },	/* — -> ― */
};
#define CSV_NPAIRS (sizeof csv_cp932_pairs / sizeof csv_cp932_pairs[0])

/* Which BMP code points CP932 decodes to: built once from every CP932 code, so that the
 * answer is exactly what the system's converter reads back. */
static unsigned char csv_cp932_bits[0x10000 / 8];
static pthread_once_t csv_cp932_once = PTHREAD_ONCE_INIT;

static void csv_cp932_mark(iconv_t cd, const char *code, size_t n)
{
	char in[2], out[8];
	char *ip = in, *op = out;
	size_t il = n, ol = sizeof out;
	memcpy(in, code, n);
	iconv(cd, NULL, NULL, NULL, NULL);
	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || ol != sizeof out - 4)
		return;
	const unsigned char *u = (const unsigned char *)out;	/* UTF-32BE */
	uint32_t cp = (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | u[3];
	if (cp < 0x10000)
		csv_cp932_bits[cp >> 3] |= (unsigned char)(1u << (cp & 7));
}

static void csv_cp932_build(void)
{
	iconv_t cd = iconv_open("UTF-32BE", "CP932");
	if (cd == (iconv_t)-1)
		return;
	char c[2];
	for (int b = 0; b < 0x100; b++) {
		c[0] = (char)b;
		csv_cp932_mark(cd, c, 1);
		if ((b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC))
			for (int t = 0x40; t <= 0xFC; t++) {
				c[1] = (char)t;
				csv_cp932_mark(cd, c, 2);
			}
	}
	iconv_close(cd);
}

static uint32_t csv_cp932_pair_of(uint32_t cp)
{
	for (size_t i = 0; i < CSV_NPAIRS; i++)
		if (csv_cp932_pairs[i].jis == cp)
			return csv_cp932_pairs[i].cp932;
	return cp;
}

int csv_cp932_holds(uint32_t cp)
{
	pthread_once(&csv_cp932_once, csv_cp932_build);
	cp = csv_cp932_pair_of(cp);
	return cp < 0x10000 && (csv_cp932_bits[cp >> 3] >> (cp & 7) & 1);
}

uint32_t csv_cp932_fold_cp(uint32_t cp)
{
	if (!csv_cp932_holds(cp))
		return CSV_CP932_REPLACEMENT;
	return csv_cp932_pair_of(cp);
}

/* The next code point of s (invalid bytes as themselves + 0x110000, never equal to a
 * character), or 0 at the end. */
static uint32_t csv_next_cp(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t cp;
	if (!*p)
		return 0;
	size_t k = csv_utf8_seq(p, strnlen(*s, 4), &cp);
	if (!k) {
		*s += 1;
		return 0x110000u + *p;
	}
	*s += k;
	return cp;
}

int csv_same_text(const char *a, const char *b)
{
	if (!a)
		a = "";
	if (!b)
		b = "";
	for (;;) {
		uint32_t x = csv_next_cp(&a), y = csv_next_cp(&b);
		if (x != y && (x > 0x10FFFF || y > 0x10FFFF || csv_cp932_fold_cp(x) != csv_cp932_fold_cp(y)))
			return 0;
		if (!x)
			return 1;
	}
}

int csv_cp932_ambiguous(const char *s)
{
	for (const char *p = s ? s : ""; *p;) {
		if ((unsigned char)*p < 0x80) {
			p++;
			continue;
		}
		uint32_t c = csv_next_cp(&p);
		if (c > 0x10FFFF || c == CSV_CP932_REPLACEMENT || !csv_cp932_holds(c))
			return 1;
		for (size_t i = 0; i < CSV_NPAIRS; i++)
			if (csv_cp932_pairs[i].jis == c || csv_cp932_pairs[i].cp932 == c)
				return 1;
	}
	return 0;
}

int csv_cp932_first_missing(const char *s, uint32_t *cp)
{
	for (const char *p = s ? s : ""; *p;) {
		uint32_t c = csv_next_cp(&p);
		if (c <= 0x10FFFF && !csv_cp932_holds(c)) {
			*cp = c;
			return 1;
		}
	}
	return 0;
}

/* ---- the formula guard ---- */

/* A plain number (-5, +3, 1.25): Excel reads it as a number, never as a formula. */
static int csv_plain_number(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (!(*s >= '0' && *s <= '9'))
		return 0;
	while (*s >= '0' && *s <= '9')
		s++;
	if (*s == '.') {
		s++;
		if (!(*s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

/* The bytes of one of the blanks spreadsheets skip before they look for a formula at s
 * (space, tab, CR, LF, no-break space U+00A0, ideographic space U+3000), else 0. */
static size_t csv_blank_len(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	if (strncmp(s, "\u00A0", 2) == 0)
		return 2;
	return strncmp(s, "\u3000", 3) == 0 ? 3 : 0;
}

/* 1 when s starts a formula: = + - @, their full-width forms ＝ ＋ － ＠ (Excel in Japanese
 * turns them into a formula), or − (U+2212, which a Shift_JIS file writes as －). */
static int csv_formula_start(const char *s)
{
	static const char *const wide[] = { "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20", "\u2212" };
	if (*s && strchr("=+-@", *s))
		return 1;
	for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
		if (strncmp(s, wide[i], strlen(wide[i])) == 0)
			return 1;
	return 0;
}

int csv_formula_like(const char *s)
{
	const char *t = s, *u;
	size_t k;
	while (*t == '\'')
		t++;
	if (*t == '\t' || *t == '\r' || *t == '\n')
		return 1;	/* a leading tab or line break: guarded whatever follows */
	for (u = t; (k = csv_blank_len(u)) != 0;)
		u += k;
	if (!csv_formula_start(u))
		return 0;
	return t != s || u != t || !csv_plain_number(t);
}

const char *csv_unguard(const char *s)
{
	return s && s[0] == '\'' && csv_formula_like(s + 1) ? s + 1 : s;
}

/* ---- what a spreadsheet does to codes ---- */

static int csv_isdigit(int c) { return c >= '0' && c <= '9'; }

/* A date as a spreadsheet writes one: four digits, then one or two, then one or two,
 * separated by '-' or '/' ("2001-01-01", "2001/1/1"). A code such as "2025-001" or a
 * phone number "099-555-0101" is not one. */
static int csv_date_like(const char *s)
{
	static const int most[3] = { 4, 2, 2 }, least[3] = { 4, 1, 1 };
	for (int part = 0; part < 3; part++) {
		int d = 0;
		while (csv_isdigit((unsigned char)*s)) {
			s++;
			d++;
		}
		if (d < least[part] || d > most[part])
			return 0;
		if (part < 2) {
			if (*s != '-' && *s != '/')
				return 0;
			s++;
		}
	}
	return *s == '\0';
}

/* "Jan 01", "1-Jan", "01-Jan-2001", "Jan-01": an English month name next to digits. */
static int csv_month_like(const char *s)
{
	static const char *const months[] = { "jan", "feb", "mar", "apr", "may", "jun",
					      "jul", "aug", "sep", "oct", "nov", "dec" };
	const char *p = s;
	int digits = 0, month = 0;
	while (*p) {
		if (csv_isdigit((unsigned char)*p)) {
			digits = 1;
			p++;
		} else if (*p == '-' || *p == ' ' || *p == '/') {
			p++;
		} else {
			int found = 0;
			for (size_t i = 0; i < 12 && !found; i++)
				if (!strncasecmp(p, months[i], 3))
					found = 1;
			if (!found || month)
				return 0;
			month = 1;
			p += 3;
			while (*p && ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'))	/* "January" */
				p++;
		}
	}
	return digits && month;
}

/* "1.23E+12", "4E+05", "1.5e-3". */
static int csv_exponent_like(const char *s)
{
	if (!csv_isdigit((unsigned char)*s))
		return 0;
	while (csv_isdigit((unsigned char)*s) || *s == '.')
		s++;
	if (*s != 'E' && *s != 'e')
		return 0;
	s++;
	if (*s == '+' || *s == '-')
		s++;
	if (!csv_isdigit((unsigned char)*s))
		return 0;
	while (csv_isdigit((unsigned char)*s))
		s++;
	return *s == '\0';
}

const char *csv_code_damage(const char *cell, const char *stored)
{
	if (!cell || !*cell)
		return NULL;
	if (csv_exponent_like(cell))
		return N_("The value looks like a number a spreadsheet wrote in exponent notation "
			  "(such as 1.23E+12). Format the column as text in the spreadsheet and save the file again.");
	if (csv_date_like(cell) && strlen(cell) >= 8 && (!stored || strcmp(stored, cell) != 0))
		return N_("The value looks like a date a spreadsheet made of a code (such as 1-1 turned into "
			  "2001-01-01). Format the column as text in the spreadsheet and save the file again.");
	if (csv_month_like(cell) && (!stored || strcmp(stored, cell) != 0))
		return N_("The value looks like a date a spreadsheet made of a code (such as 1-1 turned into "
			  "Jan 01). Format the column as text in the spreadsheet and save the file again.");
	if (stored && *stored == '0' && strcmp(stored, cell) != 0) {
		/* "0042" stored, "42" given: the leading zeros were lost. */
		const char *a = stored, *b = cell;
		while (*a == '0')
			a++;
		int digits = 1;
		for (const char *p = cell; *p; p++)
			digits &= csv_isdigit((unsigned char)*p);
		if (digits && *b != '0' && strcmp(a, b) == 0)
			return N_("The value has lost its leading zeros (as a spreadsheet does to a number). "
				  "Format the column as text in the spreadsheet and save the file again.");
	}
	return NULL;
}

/* ---- writing ---- */

void csv_writer_end(struct csv_writer *w)
{
	if (w->cd)
		iconv_close((iconv_t)w->cd);
	w->cd = NULL;
	free(w->replaced);
	w->replaced = NULL;
	w->nreplaced = w->capreplaced = 0;
}

void csv_writer_init(struct csv_writer *w, struct buf *out, enum csv_encoding enc)
{
	memset(w, 0, sizeof *w);
	w->out = out;
	w->enc = enc == CSV_ENC_CP932 ? CSV_ENC_CP932 : CSV_ENC_UTF8;
	if (w->enc == CSV_ENC_UTF8 && out->len == 0)
		buf_append(out, "\xEF\xBB\xBF", 3);
}

/* A byte that may begin one of csv_cp932_pairs' JIS characters (U+00A2/A3/AC,
 * U+2014/2016/2212, U+301C). */
static int csv_cp932_lead(unsigned char c) { return c == 0xC2 || c == 0xE2 || c == 0xE3; }

/* Append cell s to b: the formula guard (unless raw), CP932 spellings (when asked), then
 * quoting. */
static void csv_put_cell(struct buf *b, const char *s, int cp932, int raw)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		buf_putc(b, '"');
	if (!raw && csv_formula_like(s))
		buf_putc(b, '\'');
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
		uint32_t cp;
		size_t k = csv_utf8_seq((const unsigned char *)s, strnlen(s, 4), &cp);
		uint32_t to = k ? csv_cp932_pair_of(cp) : 0;
		if (k && to != cp) {
			char enc[4];
			buf_append(b, enc, (size_t)csv_utf8_put(to, enc));
			s += k;
		} else {
			buf_putc(b, *s++);
		}
	}
	if (quote)
		buf_putc(b, '"');
}

static void csv_note_replaced(struct csv_writer *w, size_t row, size_t col, uint32_t cp)
{
	w->nreplaced++;
	if (w->nreplaced > w->capreplaced) {
		size_t cap = w->capreplaced ? w->capreplaced * 2 : 16;
		struct csv_replaced *r = realloc(w->replaced, cap * sizeof *r);
		if (!r)
			return;	/* counted, not listed */
		w->replaced = r;
		w->capreplaced = cap;
	}
	w->replaced[w->nreplaced - 1] = (struct csv_replaced){ row, col, cp };
}

/* Convert the UTF-8 cell (already quoted) to CP932 onto line, writing 〓 (0x81AC) for
 * each character CP932 cannot hold and noting it. 0, or -1 when out of memory. */
static int csv_cell_to_cp932(struct csv_writer *w, iconv_t cd, const struct buf *cell, struct buf *line,
			     size_t row, size_t col)
{
	char *in = cell->data;
	size_t inleft = cell->len;
	if (!inleft)
		return 0;
	iconv(cd, NULL, NULL, NULL, NULL);
	while (inleft) {
		size_t start = line->len;
		buf_append(line, in, inleft);	/* CP932 is never longer than UTF-8 */
		if (line->oom)
			return -1;
		char *outp = line->data + start;
		size_t outleft = inleft;
		size_t rc = iconv(cd, &in, &inleft, &outp, &outleft);
		line->len = (size_t)(outp - line->data);
		line->data[line->len] = 0;
		if (rc != (size_t)-1)
			break;
		uint32_t bad = 0;
		size_t k = csv_utf8_seq((const unsigned char *)in, inleft, &bad);
		if (!k)
			k = 1;
		csv_note_replaced(w, row, col, bad);
		buf_append(line, "\x81\xAC", 2);
		in += k;
		inleft -= k;
	}
	return line->oom ? -1 : 0;
}

int csv_write_row(struct csv_writer *w, const char *const *cells, size_t n)
{
	struct buf line = BUF_INIT, u8 = BUF_INIT, cell = BUF_INIT;
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
	 * is CP932), then, for CP932, converted in one call; a line that does not convert in
	 * one go is converted again cell by cell, with 〓 for what CP932 cannot hold. */
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
		csv_put_cell(dst, s, w->enc == CSV_ENC_CP932, w->raw);
	}
	if (u8.oom) {
		snprintf(w->err, sizeof w->err, "out of memory");
		goto out;
	}
	if (w->enc == CSV_ENC_CP932) {
		char *in = u8.data, *outp;
		size_t inleft = u8.len, outleft = u8.len;
		buf_append(&line, u8.data ? u8.data : "", u8.len);
		if (line.oom) {
			snprintf(w->err, sizeof w->err, "out of memory");
			goto out;
		}
		outp = line.data;
		iconv(cd, NULL, NULL, NULL, NULL);
		if (inleft && iconv(cd, &in, &inleft, &outp, &outleft) == (size_t)-1) {
			buf_reset(&line);
			for (size_t c = 0; c < n; c++) {
				buf_reset(&cell);
				if (c)
					buf_putc(&line, ',');
				csv_put_cell(&cell, cells && cells[c] ? cells[c] : "", 1, w->raw);
				if (cell.oom || csv_cell_to_cp932(w, cd, &cell, &line, row, c + 1) != 0) {
					snprintf(w->err, sizeof w->err, "out of memory");
					goto out;
				}
			}
		} else {
			line.len = (size_t)(outp - line.data);
			line.data[line.len] = 0;
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
	buf_free(&cell);
	return rc;
}

void csv_format_replaced(const struct csv_writer *w, struct buf *out, const char *fmt)
{
	size_t listed = w->nreplaced < w->capreplaced ? w->nreplaced : w->capreplaced;
	for (size_t i = 0; i < listed && w->replaced; i++) {
		char ch[5] = "";
		int k = w->replaced[i].cp <= 0x10FFFF ? csv_utf8_put(w->replaced[i].cp, ch) : 0;
		ch[k] = 0;
		buf_printf(out, fmt, w->replaced[i].row, w->replaced[i].col, ch, (unsigned)w->replaced[i].cp);
	}
}
