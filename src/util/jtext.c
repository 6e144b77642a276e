/* jtext: Japanese text helpers (see jtext.h): UTF-8, search folding and classes, the
 * bigram token scheme of the search index, readings, phone/postal/email/number
 * normalisers, check digits, and the directory's FTS5 MATCH expression. Pure functions:
 * everything returned lives in the caller's arena; nothing static is written. */
#include "util/jtext.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <limits.h>
#include <stdio.h>
#include <string.h>

/* ---- UTF-8 ---- */

int jtext_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	if (n == 0)
		return 0;
	uint32_t c = p[0], v, min;
	int len;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		goto bad;
	}
	if ((size_t)len > n)
		goto bad;
	for (int i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			goto bad;
		v = v << 6 | (p[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		goto bad;
	*cp = v;
	return len;
bad:
	*cp = JTEXT_BAD;
	return 1;
}

int jtext_utf8_encode(uint32_t cp, char *out)
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
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp > 0x10FFFF)
		return 0;
	o[0] = (unsigned char)(0xF0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

int jtext_utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t c;
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		int len = jtext_utf8_decode(s + i, n - i, &c);
		if (c == JTEXT_BAD && len == 1)
			return 0;
		i += (size_t)len;
	}
	return 1;
}

/* ---- folding ---- */

/* Half-width katakana and punctuation U+FF61–U+FF9F → their full-width forms. The lone
 * sound marks ﾞﾟ become ゛゜ (they compose with a preceding kana in jtext_next). */
static const uint16_t jtext_halfwidth[0xFF9F - 0xFF61 + 1] = {
	0x3002, 0x300C, 0x300D, 0x3001, 0x30FB,				/* ｡｢｣､･ */
	0x30F2,								/* ｦ */
	0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9,				/* ｧｨｩｪｫ */
	0x30E3, 0x30E5, 0x30E7, 0x30C3,					/* ｬｭｮｯ */
	0x30FC,								/* ｰ */
	0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA,				/* ｱｲｳｴｵ */
	0x30AB, 0x30AD, 0x30AF, 0x30B1, 0x30B3,				/* ｶｷｸｹｺ */
	0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD,				/* ｻｼｽｾｿ */
	0x30BF, 0x30C1, 0x30C4, 0x30C6, 0x30C8,				/* ﾀﾁﾂﾃﾄ */
	0x30CA, 0x30CB, 0x30CC, 0x30CD, 0x30CE,				/* ﾅﾆﾇﾈﾉ */
	0x30CF, 0x30D2, 0x30D5, 0x30D8, 0x30DB,				/* ﾊﾋﾌﾍﾎ */
	0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2,				/* ﾏﾐﾑﾒﾓ */
	0x30E4, 0x30E6, 0x30E8,						/* ﾔﾕﾖ */
	0x30E9, 0x30EA, 0x30EB, 0x30EC, 0x30ED,				/* ﾗﾘﾙﾚﾛ */
	0x30EF, 0x30F3,							/* ﾜﾝ */
	0x309B, 0x309C,							/* ﾞﾟ */
};

/* Width and kana folding of one code point; Latin case too when lower is set. */
static uint32_t jtext_fold1(uint32_t c, int lower)
{
	if (c < 0x80)
		return lower && c >= 'A' && c <= 'Z' ? c + 0x20 : c;
	if (c < 0x3000)
		return lower && c >= 0xC0 && c <= 0xDE && c != 0xD7 ? c + 0x20 : c;
	if (c == 0x3000)
		return ' ';
	if ((c >= 0x3041 && c <= 0x3096) || c == 0x309D || c == 0x309E)
		return c + 0x60;
	if (c >= 0xFF01 && c <= 0xFF5E) {
		c -= 0xFEE0;
		return lower && c >= 'A' && c <= 'Z' ? c + 0x20 : c;
	}
	if (c >= 0xFF61 && c <= 0xFF9F)
		return jtext_halfwidth[c - 0xFF61];
	return c;
}

uint32_t jtext_fold_cp(uint32_t cp) { return jtext_fold1(cp, 1); }

/* The voiced (handakuten: semi) form of a full-width katakana, or 0 when it has none. */
static uint32_t jtext_voiced(uint32_t k, int semi)
{
	if (k >= 0x30CF && k <= 0x30DB)	/* ハヒフヘホ: バパ … ボポ */
		return (k - 0x30CF) % 3 == 0 ? k + 1 + (uint32_t)semi : 0;
	if (semi)
		return 0;
	if (k >= 0x30AB && k <= 0x30C1)	/* カ … チ */
		return (k - 0x30AB) % 2 == 0 ? k + 1 : 0;
	if (k >= 0x30C4 && k <= 0x30C8)	/* ツテト */
		return (k - 0x30C4) % 2 == 0 ? k + 1 : 0;
	if (k == 0x30A6)		/* ウ → ヴ */
		return 0x30F4;
	if (k >= 0x30EF && k <= 0x30F2)	/* ワヰヱヲ → ヷヸヹヺ */
		return k + 8;
	if (k == 0x30FD)		/* ヽ → ヾ */
		return 0x30FE;
	return 0;
}

/* Decode, fold, and compose a following sound mark: half-width ﾞﾟ (EF BE 9E/9F) or
 * combining U+3099/U+309A (E3 82 99/9A). */
static int jtext_next(const char *s, size_t n, uint32_t *cp, int lower)
{
	uint32_t c;
	int len = jtext_utf8_decode(s, n, &c);
	if (len == 0)
		return 0;
	c = jtext_fold1(c, lower);
	if (c >= 0x30A6 && c <= 0x30FD && n - (size_t)len >= 3) {
		const unsigned char *m = (const unsigned char *)s + len;
		int semi = -1;
		if (m[0] == 0xEF && m[1] == 0xBE && (m[2] == 0x9E || m[2] == 0x9F))
			semi = m[2] == 0x9F;
		else if (m[0] == 0xE3 && m[1] == 0x82 && (m[2] == 0x99 || m[2] == 0x9A))
			semi = m[2] == 0x9A;
		uint32_t v = semi >= 0 ? jtext_voiced(c, semi) : 0;
		if (v) {
			c = v;
			len += 3;
		}
	}
	*cp = c;
	return len;
}

int jtext_fold_next(const char *s, size_t n, uint32_t *cp) { return jtext_next(s, n, cp, 1); }

/* ASCII: letters and digits are word characters, everything else separates. */
static const uint32_t jtext_ascii_word[4] = { 0x00000000, 0x03FF0000, 0x07FFFFFE, 0x07FFFFFE };

/* Ranges of non-ASCII code points that are not word characters, sorted. */
static const struct jtext_range {
	uint32_t lo, hi;
	enum jtext_class cls;
} jtext_ranges[] = {
	{ 0x0080, 0x00AC, JTEXT_SEP },		/* C1 controls, NBSP, Latin-1 punctuation */
	{ 0x00AD, 0x00AD, JTEXT_IGNORE },	/* soft hyphen */
	{ 0x00AE, 0x00BF, JTEXT_SEP },
	{ 0x00D7, 0x00D7, JTEXT_SEP },		/* × */
	{ 0x00F7, 0x00F7, JTEXT_SEP },		/* ÷ */
	{ 0x2000, 0x200A, JTEXT_SEP },		/* spaces */
	{ 0x200B, 0x200D, JTEXT_IGNORE },	/* zero-width space, joiners */
	{ 0x200E, 0x205F, JTEXT_SEP },		/* dashes, quotes, ※, ‥, … */
	{ 0x2060, 0x206F, JTEXT_IGNORE },	/* word joiner, invisible operators */
	{ 0x2070, 0x214F, JTEXT_SEP },		/* super/subscripts, currency, ℃ № ™ */
	{ 0x2190, 0x2BFF, JTEXT_SEP },		/* arrows, math, ①, box drawing, ■□○●, ★, dingbats */
	{ 0x2E00, 0x2E7F, JTEXT_SEP },		/* supplemental punctuation */
	{ 0x2FF0, 0x2FFF, JTEXT_SEP },		/* ideographic description */
	{ 0x3000, 0x3004, JTEXT_SEP },		/* 、。〃〄 (々〆〇 are word characters) */
	{ 0x3008, 0x3030, JTEXT_SEP },		/* 〈〉《》「」『』【】〒〔〕〜 … */
	{ 0x3036, 0x303A, JTEXT_SEP },
	{ 0x303C, 0x303F, JTEXT_SEP },
	{ 0x3099, 0x309C, JTEXT_IGNORE },	/* sound marks left over after composition */
	{ 0x30A0, 0x30A0, JTEXT_SEP },		/* ゠ */
	{ 0x30FB, 0x30FB, JTEXT_SEP },		/* ・ (ー stays in words) */
	{ 0xFE00, 0xFE0F, JTEXT_IGNORE },	/* variation selectors */
	{ 0xFE10, 0xFE1F, JTEXT_SEP },		/* vertical forms */
	{ 0xFE30, 0xFE6F, JTEXT_SEP },		/* compatibility and small forms */
	{ 0xFEFF, 0xFEFF, JTEXT_IGNORE },	/* BOM */
	{ 0xFF00, 0xFF00, JTEXT_SEP },
	{ 0xFF5F, 0xFF60, JTEXT_SEP },		/* ⦅⦆ */
	{ 0xFFE0, 0xFFFF, JTEXT_SEP },		/* ￠￡￢￣￤￥￦, specials, U+FFFD */
	{ 0x1F000, 0x1FAFF, JTEXT_SEP },	/* emoji and pictographs */
	{ 0xE0000, 0xE007F, JTEXT_IGNORE },	/* tags */
	{ 0xE0100, 0xE01EF, JTEXT_IGNORE },	/* ideographic variation selectors */
};

enum jtext_class jtext_class_of(uint32_t c)
{
	if (c < 0x80)
		return jtext_ascii_word[c >> 5] >> (c & 31) & 1 ? JTEXT_WORD : JTEXT_SEP;
	if (c >= 0x3400 && c < 0xFE00)	/* kanji, hangul, … the common case */
		return JTEXT_WORD;
	size_t lo = 0, hi = sizeof jtext_ranges / sizeof jtext_ranges[0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c < jtext_ranges[mid].lo)
			hi = mid;
		else if (c > jtext_ranges[mid].hi)
			lo = mid + 1;
		else
			return jtext_ranges[mid].cls;
	}
	return JTEXT_WORD;
}

/* ---- bigram tokens ---- */

struct jtext_ch {
	char u8[4];
	int n, start, end;
};

static int jtext_emit(jtext_token_fn fn, void *ctx, const struct jtext_ch *a, const struct jtext_ch *b)
{
	char tok[8];
	memcpy(tok, a->u8, (size_t)a->n);
	if (!b)
		return fn(ctx, tok, a->n, a->start, a->end);
	memcpy(tok + a->n, b->u8, (size_t)b->n);
	return fn(ctx, tok, a->n + b->n, a->start, b->end);
}

int jtext_bigrams(const char *s, size_t n, int query, jtext_token_fn fn, void *ctx)
{
	struct jtext_ch prev = { .n = 0 }, cur;
	int seglen = 0;		/* word characters in the open segment */
	int pending = 0;	/* length of the closed segment whose unigram (prev) is due */
	int rc;
	size_t i = 0;
	while (i < n) {
		uint32_t c;
		int len;
		if ((unsigned char)s[i] < 0x80) {	/* ASCII fast path */
			c = (unsigned char)s[i];
			len = 1;
			if (c >= 'A' && c <= 'Z')
				c += 0x20;
		} else {
			len = jtext_next(s + i, n - i, &c, 1);
		}
		enum jtext_class cls = jtext_class_of(c);
		if (cls == JTEXT_IGNORE) {
			if (seglen)
				prev.end = (int)(i + (size_t)len);
		} else if (cls == JTEXT_SEP) {
			if (seglen)
				pending = seglen;
			seglen = 0;
		} else {
			if (pending) {	/* a segment follows: the closed one was not the last */
				if ((rc = jtext_emit(fn, ctx, &prev, NULL)))
					return rc;
				pending = 0;
			}
			cur.n = jtext_utf8_encode(c, cur.u8);
			cur.start = (int)i;
			cur.end = (int)(i + (size_t)len);
			if (seglen && (rc = jtext_emit(fn, ctx, &prev, &cur)))
				return rc;
			prev = cur;
			seglen++;
		}
		i += (size_t)len;
	}
	if (seglen)
		pending = seglen;
	if (pending && (!query || pending == 1))
		return jtext_emit(fn, ctx, &prev, NULL);
	return 0;
}

/* ---- readings and codes ---- */

static int jtext_is_space(uint32_t c) { return c == ' ' || c == '\t' || c == 0x3000; }

/* Trim ASCII and ideographic spaces: *s and *n updated. */
static void jtext_trim(const char **s, size_t *n)
{
	uint32_t c;
	int len;
	while (*n && (len = jtext_utf8_decode(*s, *n, &c)) && jtext_is_space(c))
		*s += len, *n -= (size_t)len;
	while (*n) {
		size_t k = *n - 1;
		while (k > 0 && ((unsigned char)(*s)[k] & 0xC0) == 0x80)
			k--;
		jtext_utf8_decode(*s + k, *n - k, &c);
		if (!jtext_is_space(c))
			break;
		*n = k;
	}
}

char *jtext_kana(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	char *out = arena_alloc(a, 3 * n + 1);
	if (!out)
		return NULL;
	size_t o = 0, i = 0;
	int space = 0;
	while (i < n) {
		uint32_t c;
		int len = jtext_next(s + i, n - i, &c, 0);
		i += (size_t)len;
		if (c == ' ') {	/* ASCII or ideographic space */
			space = 1;
			continue;
		}
		int ok = (c >= 0x30A1 && c <= 0x30FE) || (c < 0x80 && jtext_class_of(c) == JTEXT_WORD);
		if (!ok)
			return NULL;
		if (space && o)
			o += (size_t)jtext_utf8_encode(0x3000, out + o);
		space = 0;
		o += (size_t)jtext_utf8_encode(c, out + o);
	}
	out[o] = 0;
	return out;
}

/* The ASCII character a code character stands for in phone numbers and postal codes:
 * digits, '-' for every hyphen and minus look-alike, parentheses, ' ' for spaces, 0 else. */
static int jtext_code_char(uint32_t c)
{
	static const uint32_t hyphens[] = { '-', 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212,
					    0x2043, 0x30FC, 0xFE63, 0xFF0D, 0xFF70 };
	if (c >= 0xFF10 && c <= 0xFF19)
		return (int)(c - 0xFF10 + '0');
	if ((c >= '0' && c <= '9') || c == '(' || c == ')')
		return (int)c;
	if (c == 0xFF08 || c == 0xFF09)
		return c == 0xFF08 ? '(' : ')';
	if (jtext_is_space(c))
		return ' ';
	for (size_t k = 0; k < sizeof hyphens / sizeof hyphens[0]; k++)
		if (c == hyphens[k])
			return '-';
	return 0;
}

static int jtext_isdigit(int c) { return c >= '0' && c <= '9'; }

char *jtext_phone(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	jtext_trim(&s, &n);
	if (n == 0 || n > 64)
		return NULL;
	char *out = arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	size_t o = 0, i = 0;
	int digits = 0, open = 0, closed = 0, space = 0;
	while (i < n) {
		uint32_t c;
		i += (size_t)jtext_utf8_decode(s + i, n - i, &c);
		int k = jtext_code_char(c);
		if (!k)
			return NULL;
		if (k == ' ') {
			space = 1;
			continue;
		}
		char last = o ? out[o - 1] : 0;
		if (space && jtext_isdigit(last) && jtext_isdigit(k))
			out[o++] = last = '-';	/* "090 1234 5678" */
		space = 0;
		if (k == '-' && (!o || last == '-'))
			return NULL;
		if (k == '(' && (open++ || closed))
			return NULL;
		if (k == ')' && (closed++ || !open || last == '('))
			return NULL;
		if (jtext_isdigit(k) && digits++ == 0 && k != '0')
			return NULL;
		out[o++] = (char)k;
	}
	out[o] = 0;
	if (digits < 10 || digits > 11 || open != closed || !jtext_isdigit(out[o - 1]))
		return NULL;
	return out;
}

char *jtext_postal(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	jtext_trim(&s, &n);
	char d[8];
	int nd = 0, hyphen = 0;
	size_t i = 0;
	uint32_t c;
	if (n >= 3 && jtext_utf8_decode(s, n, &c) == 3 && c == 0x3012) {	/* 〒 */
		s += 3, n -= 3;
		jtext_trim(&s, &n);
	}
	while (i < n) {
		i += (size_t)jtext_utf8_decode(s + i, n - i, &c);
		int k = jtext_code_char(c);
		if (k == '-' && nd == 3 && !hyphen)
			hyphen = 1;
		else if (jtext_isdigit(k) && nd < 7)
			d[nd++] = (char)k;
		else
			return NULL;
	}
	if (nd != 7)
		return NULL;
	return arena_printf(a, "%.3s-%.4s", d, d + 3);
}

char *jtext_email(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	jtext_trim(&s, &n);
	if (n == 0 || n > 3 * 254)
		return NULL;
	char *out = arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	size_t o = 0, i = 0, at = 0;
	int ats = 0;
	while (i < n) {
		uint32_t c;
		i += (size_t)jtext_utf8_decode(s + i, n - i, &c);
		if (c >= 0xFF01 && c <= 0xFF5E)
			c -= 0xFEE0;
		if (c <= 0x20 || c >= 0x7F || strchr("\"(),:;<>[\\]", (int)c))
			return NULL;
		if (c == '@')
			ats++, at = o;
		out[o++] = (char)c;
	}
	out[o] = 0;
	if (ats != 1 || at == 0 || o > 254)
		return NULL;
	/* The local part may hold dots anywhere: older Japanese mobile addresses do
	 * ("taro..@…"). The domain: letters, digits, '-', dots between labels. */
	const char *dom = out + at + 1;
	if (!*dom || !strchr(dom, '.') || *dom == '.' || out[o - 1] == '.' || strstr(dom, ".."))
		return NULL;
	for (const char *p = dom; *p; p++)
		if (!(jtext_class_of((unsigned char)*p) == JTEXT_WORD || *p == '-' || *p == '.'))
			return NULL;
	return out;
}

int jtext_uint(const char *s, long long *out)
{
	size_t n = strlen(s);
	jtext_trim(&s, &n);
	long long v = 0;
	int nd = 0, group = -1;	/* digits since the last comma; -1 before any comma */
	size_t i = 0;
	while (i < n) {
		uint32_t c;
		i += (size_t)jtext_utf8_decode(s + i, n - i, &c);
		if (c >= 0xFF10 && c <= 0xFF19)
			c -= 0xFF10 - '0';
		if (c == ',' || c == 0xFF0C) {
			if (nd == 0 || (group < 0 ? nd > 3 : group != 3))
				return -1;
			group = 0;
			continue;
		}
		if (c < '0' || c > '9')
			return -1;
		int dg = (int)(c - '0');
		if (v > (LLONG_MAX - dg) / 10)
			return -1;
		v = v * 10 + dg;
		nd++;
		if (group >= 0)
			group++;
	}
	if (nd == 0 || (group >= 0 && group != 3))
		return -1;
	*out = v;
	return 0;
}

static int jtext_digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (!jtext_isdigit((unsigned char)s[i]))
			return 0;
	return s[n] == 0;
}

int jtext_corp_number_valid(const char *s)
{
	if (!s || strlen(s) != 13 || !jtext_digits(s, 13))
		return 0;
	int sum = 0;
	for (int k = 1; k <= 12; k++)	/* P_k: the k-th digit from the right */
		sum += (s[13 - k] - '0') * (k % 2 ? 1 : 2);
	return s[0] - '0' == 9 - sum % 9;
}

int jtext_lgcode_valid(const char *s)
{
	if (!s || strlen(s) != 6 || !jtext_digits(s, 6))
		return 0;
	int sum = 0;
	for (int k = 0; k < 5; k++)
		sum += (s[k] - '0') * (6 - k);
	return s[5] - '0' == (11 - sum % 11) % 10;
}

/* ---- the search box ---- */

/* Characters (code points) of s[0..n) up to max: the byte length kept. */
static size_t jtext_cut(const char *s, size_t n, int max)
{
	size_t i = 0;
	uint32_t c;
	for (int k = 0; k < max && i < n; k++)
		i += (size_t)jtext_utf8_decode(s + i, n - i, &c);
	return i;
}

/* The length of the last segment of word characters of s[0..n) (0: no word at all). */
static int jtext_last_segment(const char *s, size_t n)
{
	int seg = 0, last = 0;
	size_t i = 0;
	while (i < n) {
		uint32_t c;
		i += (size_t)jtext_next(s + i, n - i, &c, 1);
		enum jtext_class cls = jtext_class_of(c);
		if (cls == JTEXT_WORD)
			last = ++seg;
		else if (cls == JTEXT_SEP)
			seg = 0;
	}
	return last;
}

char *jtext_fts_match(struct arena *a, const char *query)
{
	size_t n = strlen(query);
	/* Each term: quotes, doubled '"', " *", a space. */
	size_t cap = JTEXT_FTS_TERMS * (2 * 4 * JTEXT_FTS_TERM_CHARS + 6) + 1;
	if (2 * n + 6 * JTEXT_FTS_TERMS + 1 < cap)
		cap = 2 * n + 6 * JTEXT_FTS_TERMS + 1;
	char *out = arena_alloc(a, cap);
	if (!out)
		return NULL;
	size_t o = 0, i = 0;
	int terms = 0;
	while (i < n && terms < JTEXT_FTS_TERMS) {
		uint32_t c;
		int len = jtext_utf8_decode(query + i, n - i, &c);
		if (jtext_is_space(c) || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			i += (size_t)len;
			continue;
		}
		size_t start = i;
		while (i < n) {
			len = jtext_utf8_decode(query + i, n - i, &c);
			if (jtext_is_space(c) || c == '\n' || c == '\r' || c == '\f' || c == '\v')
				break;
			i += (size_t)len;
		}
		const char *t = query + start;
		size_t tn = jtext_cut(t, i - start, JTEXT_FTS_TERM_CHARS);
		int last = jtext_last_segment(t, tn);
		if (!last)
			continue;
		if (terms++)
			out[o++] = ' ';
		out[o++] = '"';
		for (size_t k = 0; k < tn;) {
			int l = jtext_utf8_decode(t + k, tn - k, &c);
			if (c == JTEXT_BAD && l == 1 && (unsigned char)t[k] >= 0x80) {
				out[o++] = ' ';	/* an invalid byte separates, as in the index */
			} else {
				if (t[k] == '"')
					out[o++] = '"';
				memcpy(out + o, t + k, (size_t)l);
				o += (size_t)l;
			}
			k += (size_t)l;
		}
		out[o++] = '"';
		if (last == 1) {
			out[o++] = ' ';
			out[o++] = '*';
		}
	}
	out[o] = 0;
	return out;
}

/* ---- what a text field may hold ---- */

int jtext_is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
	       cp == 0x200F || cp == 0x061C;
}

/* The table: white space (Unicode's White_Space), every Default_Ignorable_Code_Point of
 * Unicode 15 (soft hyphen, grapheme joiner, fillers, zero-width characters and joiners,
 * bidi marks, invisible operators, variation selectors, the shorthand format controls
 * U+1BCA0–1BCA3, musical beam and slur controls, the whole tag and selector plane range
 * U+E0000–E0FFF), and characters that are not ignorable to Unicode but that fonts draw
 * as nothing: the interlinear annotation controls U+FFF9–FFFB, the Braille pattern
 * blank U+2800 (the usual "empty name"), the Khitan small script filler U+16FE4 and the
 * musical null notehead U+1D159. Not here: characters with a visible glyph that some
 * lists of "invisible characters" carry (U+FFFC draws a box, U+133FC three strokes). */
int jtext_is_invisible(uint32_t cp)
{
	static const struct {
		uint32_t lo, hi;
	} ranges[] = {
		{ 0x0009, 0x000D }, { 0x0020, 0x0020 }, { 0x0085, 0x0085 }, { 0x00A0, 0x00A0 },
		{ 0x00AD, 0x00AD }, { 0x034F, 0x034F }, { 0x061C, 0x061C }, { 0x115F, 0x1160 },
		{ 0x1680, 0x1680 }, { 0x17B4, 0x17B5 }, { 0x180B, 0x180F }, { 0x2000, 0x200F },
		{ 0x2028, 0x202F }, { 0x205F, 0x206F }, { 0x2800, 0x2800 }, { 0x3000, 0x3000 },
		{ 0x3164, 0x3164 }, { 0xFE00, 0xFE0F }, { 0xFEFF, 0xFEFF }, { 0xFFA0, 0xFFA0 },
		{ 0xFFF0, 0xFFFB }, { 0x16FE4, 0x16FE4 }, { 0x1BCA0, 0x1BCA3 }, { 0x1D159, 0x1D159 },
		{ 0x1D173, 0x1D17A }, { 0xE0000, 0xE0FFF },
	};
	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
		if (cp >= ranges[i].lo && cp <= ranges[i].hi)
			return 1;
	return 0;
}

int jtext_hides(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || jtext_is_bidi_control(cp) ||
	       (cp != 0x20 && jtext_is_invisible(cp));
}

char *jtext_visible(const char *s, char *out, size_t outlen)
{
	static const char cut[] = "\u2026";	/* … */
	size_t n = s ? strlen(s) : 0, o = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int k = jtext_utf8_decode(s + i, n - i, &cp);
		char one[24];
		int m;
		if (cp == JTEXT_BAD && !(k == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
			m = snprintf(one, sizeof one, "\u27E8" "0x%02X" "\u27E9", (unsigned char)s[i]);
		else if (jtext_hides(cp))
			m = snprintf(one, sizeof one, "\u27E8" "U+%04X" "\u27E9", (unsigned)cp);
		else
			m = (int)(memcpy(one, s + i, (size_t)k), k);
		if (o + (size_t)m + sizeof cut > outlen) {	/* room for … and the NUL */
			memcpy(out + o, cut, sizeof cut);
			return out;
		}
		memcpy(out + o, one, (size_t)m);
		o += (size_t)m;
		i += (size_t)k;
	}
	out[o] = '\0';
	return out;
}

int jtext_is_blank(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int k = jtext_utf8_decode(s + i, n - i, &cp);
		if (!jtext_is_invisible(cp))
			return 0;
		i += (size_t)k;
	}
	return 1;
}

const char *jtext_text_problem(const char *s, int multiline)
{
	if (!s || !*s)
		return NULL;
	size_t n = strlen(s);
	if (!jtext_utf8_valid(s, n))
		return N_("The text is not valid UTF-8.");
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += (size_t)jtext_utf8_decode(s + i, n - i, &cp);
		if (jtext_is_bidi_control(cp))
			return N_("The text holds an invisible character that changes the direction of writing. Please remove it.");
		if ((cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) &&
		    !(multiline && (cp == '\t' || cp == '\n' || cp == '\r')))
			return multiline ? N_("The text holds a control character. Please remove it.")
					 : N_("The text holds a line break or a control character. Please write it on one line.");
	}
	if (jtext_is_blank(s))
		return N_("The text holds only invisible characters. Please write it with visible characters.");
	return NULL;
}
