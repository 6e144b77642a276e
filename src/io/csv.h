/* csv: reading and writing CSV files as Japanese offices exchange them —
 * UTF-8 (with or without BOM) or Shift_JIS (CP932) from Excel, CRLF or LF,
 * RFC 4180 quoting (parsed by libcsv). Cells are always kept as text, so codes
 * such as postal codes and IDs keep their leading zeros. */
#ifndef KYODO_CSV_H
#define KYODO_CSV_H
#include <stddef.h>
#include <stdint.h>
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
 * else strictly valid UTF-8 means UTF-8; else the encoding the file most likely is —
 * UTF-8 when most of its non-ASCII sequences are valid UTF-8 (a stray bad byte is then
 * reported as a UTF-8 error where it is), else CP932. A forced encoding must
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

/* ---- the CP932 (Shift_JIS) character set ---- */

#define CSV_CP932_REPLACEMENT 0x3013u	/* 〓 (geta), what a CP932 file gets for what it cannot hold */
/* 1 when a CP932 file can hold cp: it is among what CP932 decodes to, or one of the seven
 * JIS-style characters CP932 spells with another code (〜‖−¢£¬—). */
int csv_cp932_holds(uint32_t cp);
/* cp as it comes back from a CP932 file: the seven JIS-style characters become their
 * CP932 forms (〜 → ～, − → －, …), what CP932 cannot hold becomes 〓. */
uint32_t csv_cp932_fold_cp(uint32_t cp);
/* 1 when a and b are the same text once each has been through a CP932 file (so 波〜の会
 * equals 波～の会, and a 〓 equals any character CP932 cannot hold), else 0. Imports compare
 * with this so that a file exported in CP932 and imported again changes nothing. NULL is
 * "". */
int csv_same_text(const char *a, const char *b);
/* 1 when s could equal another text under csv_same_text: it holds one of the seven
 * characters Unicode has twice (in either form), 〓, or a character CP932 cannot hold.
 * Else 0: s is csv_same_text only to itself, and an exact comparison is enough. */
int csv_cp932_ambiguous(const char *s);
/* 1 with *cp set to the first character of s that CP932 cannot hold, else 0: to warn on
 * input that the city's other systems may not take the text. */
int csv_cp932_first_missing(const char *s, uint32_t *cp);

/* ---- what spreadsheets do to cells ---- */

/* The formula guard. A spreadsheet that opens a CSV runs a cell as a formula when it
 * starts with = + - or @ (OWASP "CSV Injection"; Excel, LibreOffice Calc), and the same
 * guidance names a leading tab, CR or LF, the full-width forms ＝ ＋ － ＠ (Japanese Excel
 * turns a full-width formula into one, "depending on locale/application behavior" in
 * OWASP's testing guide), and blanks before the = (spaces, no-break spaces: reported to be
 * skipped by Excel and Sheets, so " =cmd|…" bypasses a guard that looks at the first byte
 * only). So a cell is formula-like when, after any apostrophes:
 *   - it starts with a tab, CR or LF; or
 *   - after any blanks (space, tab, CR, LF, U+00A0, U+3000) comes = + - @, ＝ ＋ － ＠, or
 *     − (U+2212, which a Shift_JIS file writes as －),
 * except a cell that is exactly a plain number (-5, +3, 1.25). Every CSV Kyodo writes puts
 * a leading apostrophe on such a cell, and a value that already starts with apostrophes
 * before such a character gets one more, so that imports, taking exactly one off with
 * csv_unguard, get every value back. A line break inside a quoted cell does not start a
 * new cell in Excel or LibreOffice, so "note\n=1" is one text cell and is not guarded.
 * (The apostrophe does not survive a save from Excel: a file edited there and exported
 * again is a new file, guarded again by the next export, not by this writer.) */
int csv_formula_like(const char *s);
const char *csv_unguard(const char *s);	/* s, or s + 1 */
/* A code or number cell (plan code, registration number, 法人番号, postal code…) that a
 * spreadsheet has visibly damaged: a date made of a code ("2001-01-01", "Jan 01"),
 * exponent notation ("1.23E+12"), or, against the stored value, lost leading zeros
 * ("0042" → "42"). Returns an English message (msgid) telling the person to format the
 * column as text, or NULL. stored may be NULL (a new record). */
const char *csv_code_damage(const char *cell, const char *stored);

/* Writing. A writer appends to a struct buf (which may drain to a spool, util/spool.h).
 * UTF-8 output starts with a BOM (written by init when the buffer is empty); CP932 output
 * converts each line through iconv, first writing the JIS-style code points 〜‖−¢£¬—
 * (U+301C U+2016 U+2212 U+00A2 U+00A3 U+00AC U+2014) in their CP932 forms ～∥－￠￡￢―;
 * a character CP932 cannot hold is written as 〓 and noted in `replaced` (a CP932 export
 * always succeeds; UTF-8 files are exact). Formula-like cells are guarded (see
 * csv_formula_like) unless `raw` is set after init. Lines end with CRLF. A field is quoted
 * only when it holds , " CR or LF (quotes doubled). A failed row appends nothing. */
struct csv_replaced {
	size_t row, col;	/* 1-based */
	uint32_t cp;
};
struct csv_writer {
	struct buf *out;
	enum csv_encoding enc;	/* CSV_ENC_UTF8 or CSV_ENC_CP932 */
	int raw;		/* 1: no formula guard (files not meant for spreadsheets) */
	size_t row;		/* rows written so far (1-based number of the last one) */
	char err[256];		/* message of the last failed csv_write_row */
	size_t nreplaced;	/* characters written as 〓 */
	struct csv_replaced *replaced;	/* the first capreplaced of them, in order */
	size_t capreplaced;
	void *cd;		/* private: the UTF-8 → CP932 converter, opened on first use */
};
void csv_writer_init(struct csv_writer *w, struct buf *out, enum csv_encoding enc);
/* Releases the converter and the list of replaced characters: read them first. */
void csv_writer_end(struct csv_writer *w);
/* NULL cells are written empty. Returns 0, or -1 with w->err set (invalid UTF-8 in a
 * cell, out of memory). */
int csv_write_row(struct csv_writer *w, const char *const *cells, size_t n);
/* Appends one line per replaced character to out, formatted with fmt, which takes
 * (size_t row, size_t column, const char *character, unsigned code point), e.g.
 * "row %zu, column %zu: %s (U+%04X)\n". */
void csv_format_replaced(const struct csv_writer *w, struct buf *out, const char *fmt);

#endif
