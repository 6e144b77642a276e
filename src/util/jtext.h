/* jtext: Japanese text helpers, pure functions (no SQLite, no globals): UTF-8 decode and
 * encode, the search folding (width, case, hiragana → katakana, half-width katakana with
 * its dakuten composed) and the word/separator classifier shared by the search index
 * (store/fts_bigram.c) and its queries, the bigram token scheme itself, readings
 * (furigana) normalised to full-width katakana, the NFKC-lite normalisers for codes
 * (phone, postal, email, numbers — never for names or free text, see DOMAIN.md), the
 * check digits of 法人番号 and 全国地方公共団体コード, and the FTS5 MATCH expression
 * built from what a person types into the directory's search box.
 * Strings handed back are allocated from the caller's arena. */
#ifndef KYODO_JTEXT_H
#define KYODO_JTEXT_H
#include <stddef.h>
#include <stdint.h>
struct arena;

#define JTEXT_BAD 0xFFFDu	/* what an invalid UTF-8 byte decodes to */

/* ---- UTF-8 ---- */

/* Decode the code point at s (n bytes available). Returns the bytes consumed: 1–4 for a
 * valid sequence; 1 with *cp = JTEXT_BAD for an invalid one (overlong, surrogate,
 * truncated, > U+10FFFF); 0 when n == 0. */
int jtext_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out (at least 4 bytes). Returns the bytes written, 0 for a surrogate or
 * a value over U+10FFFF. */
int jtext_utf8_encode(uint32_t cp, char *out);
/* 1 when s[0..n) is strict UTF-8, else 0. */
int jtext_utf8_valid(const char *s, size_t n);

/* ---- what a text field may hold ---- */

/* Bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C): they can
 * make a name read differently from what it is, so no text field holds them. */
int jtext_is_bidi_control(uint32_t cp);
/* Characters that show nothing: white space (ASCII, U+3000, no-break and other Unicode
 * spaces), Unicode's default-ignorable characters (zero-width space and joiners, word
 * joiner, soft hyphen, BOM, variation selectors, tags, fillers, U+1BCA0–1BCA3), and the
 * blanks fonts draw as nothing (U+2800 Braille blank, U+FFF9–FFFB, U+16FE4, U+1D159). */
int jtext_is_invisible(uint32_t cp);
/* 1 when cp, in text a stranger chose (a login name tried), must be shown by its code point
 * (⟨U+202E⟩) rather than as itself: controls (C0, DEL, C1), bidi controls and invisible
 * characters other than the ASCII space — what could hide or reorder what a reader sees. */
int jtext_hides(uint32_t cp);
/* s for a log line or a screen, with each jtext_hides character written as ⟨U+XXXX⟩ and
 * each byte that is not UTF-8 as ⟨0xNN⟩, into out (NUL-terminated, cut at a character
 * with "…" when longer than outlen allows; outlen >= 8). Returns out. */
char *jtext_visible(const char *s, char *out, size_t outlen);
/* The problem with a text field's value, as an English message (msgid), or NULL when it
 * is fine: invalid UTF-8; a bidi control; a control character (tab, CR and LF allowed
 * only when multiline); or, for a non-empty value, nothing visible once invisible
 * characters are removed (a name made only of U+200B). NULL and "" are fine here:
 * required fields check emptiness themselves (and should use jtext_is_blank). */
const char *jtext_text_problem(const char *s, int multiline);
/* 1 when s is NULL, "" or made only of invisible characters. */
int jtext_is_blank(const char *s);

/* ---- search folding and classes ---- */

/* One code point, folded for search: full-width ASCII → ASCII, Latin upper → lower,
 * hiragana (and ゝゞ) → katakana, half-width katakana → full-width, ideographic space →
 * space, half-width ｰ → ー. No composition (see jtext_fold_next). */
uint32_t jtext_fold_cp(uint32_t cp);
/* Decode and fold the code point at s, composing a following dakuten or handakuten
 * (half-width ﾞﾟ or combining U+3099/U+309A) into the voiced form: ｶﾞ → ガ, ﾊﾟ → パ,
 * ｳﾞ → ヴ, か+U+3099 → ガ. Returns the bytes consumed (0 when n == 0). */
int jtext_fold_next(const char *s, size_t n, uint32_t *cp);

enum jtext_class {
	JTEXT_WORD,	/* part of a word: letters, digits, kana, kanji, ー, 々, 〇 … */
	JTEXT_SEP,	/* splits words: whitespace, punctuation, brackets, symbols */
	JTEXT_IGNORE,	/* dropped without splitting: variation selectors, zero-width joiners */
};
/* The class of a folded code point. */
enum jtext_class jtext_class_of(uint32_t folded);

/* ---- the bigram token scheme of the search index ---- */

/* Called for each token: the token's bytes (folded text, UTF-8), and the byte offsets of
 * the original text it covers. Return non-zero to stop; that value is returned. */
typedef int (*jtext_token_fn)(void *ctx, const char *tok, int ntok, int start, int end);
/* Split s[0..n) into segments of word characters (after folding) and emit, for each
 * segment c0..c(k-1): the bigrams c_i c_(i+1) at consecutive positions, then the unigram
 * c_(k-1) (alone when k == 1). In query mode (query != 0) the last segment of the text
 * gets no trailing unigram when k ≥ 2, so a phrase of bigrams matches any substring of
 * two or more characters. Returns 0, or what fn returned to stop. */
int jtext_bigrams(const char *s, size_t n, int query, jtext_token_fn fn, void *ctx);

/* ---- readings and codes (NFKC-lite) ---- */

/* A reading (フリガナ) normalised to full-width katakana: hiragana and half-width
 * katakana converted, dakuten composed, full-width ASCII letters and digits folded to
 * ASCII (case kept), runs of spaces (ASCII or U+3000) turned into one U+3000, trimmed.
 * Allows katakana, ー, ・, spaces, ASCII letters and digits. "" for blank input; NULL
 * when anything else (kanji, symbols, invalid UTF-8) is present or the arena is full. */
char *jtext_kana(struct arena *a, const char *s);
/* A phone or fax number as typed but in ASCII: full-width digits, hyphens and the minus
 * variants (ー－−‐ …) become '-', parentheses kept ("03(1234)5678"), spaces between
 * digits become '-'. 10–11 digits starting with 0, else NULL. */
char *jtext_phone(struct arena *a, const char *s);
/* "1234567", "123-4567", "〒123-4567", full-width digits → "123-4567"; else NULL. */
char *jtext_postal(struct arena *a, const char *s);
/* Full-width → ASCII, trimmed; exactly one @, a non-empty local part, a dot inside the
 * domain, printable ASCII without spaces, quotes, <> or other specials; else NULL. */
char *jtext_email(struct arena *a, const char *s);
/* A non-negative integer: ASCII or full-width digits, thousands commas ("1,234",
 * "１，２３４"), surrounding spaces. 0, or -1 on anything else or overflow. */
int jtext_uint(const char *s, long long *out);

/* 1 when s is a 法人番号: 13 ASCII digits whose first is the check digit
 * 9 − (Σ P_n × Q_n mod 9), P_n the n-th of the other 12 digits from the right,
 * Q_n = 1 for odd n, 2 for even n. Else 0. */
int jtext_corp_number_valid(const char *s);
/* 1 when s is a 全国地方公共団体コード: 6 ASCII digits whose last is
 * (11 − (6d1 + 5d2 + 4d3 + 3d4 + 2d5) mod 11) mod 10. Else 0. */
int jtext_lgcode_valid(const char *s);

/* ---- the directory's search box ---- */

#define JTEXT_FTS_TERMS 8	/* at most this many terms are used */
#define JTEXT_FTS_TERM_CHARS 64	/* each cut to this many characters */
/* An FTS5 MATCH expression for the kyodo_bigram tokenizer: the query split on spaces
 * (ASCII and U+3000) into terms; each term a double-quoted string (embedded " doubled),
 * so no FTS5 syntax can be injected; terms ANDed. A term whose last segment is one
 * character gets " *" (a prefix query), so one character finds words containing it.
 * Terms without word characters are dropped. "" when no term is left (browse);
 * NULL only when the arena is full. */
char *jtext_fts_match(struct arena *a, const char *query);

#endif
