// fuzz-sources: src/util/jtext.c src/util/arena.c
/* fuzz_jtext: libFuzzer target for the Japanese text helpers people's input reaches:
 * readings, phone, postal, email and number normalisers must be idempotent and give
 * ASCII/UTF-8 of the promised shape; the FTS5 MATCH expression must be nothing but
 * quoted strings (so no FTS5 syntax gets through); the bigram tokens of the search index
 * must be one or two characters at sane offsets, as many as the text has word characters. */
#include "util/arena.h"
#include "util/jtext.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(x) do { if (!(x)) __builtin_trap(); } while (0)

static void check_idempotent(struct arena *a, char *(*fn)(struct arena *, const char *), const char *s)
{
	char *once = fn(a, s);
	if (!once)
		return;
	CHECK(jtext_utf8_valid(once, strlen(once)));
	char *twice = fn(a, once);
	CHECK(twice && strcmp(once, twice) == 0);
}

/* The MATCH expression: "…" strings ("" inside), each maybe followed by " *",
 * separated by one space, at most JTEXT_FTS_TERMS of them. */
static void check_match(const char *m)
{
	int terms = 0;
	const char *p = m;
	while (*p) {
		if (terms)
			CHECK(*p++ == ' ');
		CHECK(*p++ == '"');
		for (;;) {
			CHECK(*p);
			if (p[0] == '"' && p[1] == '"')
				p += 2;
			else if (p[0] == '"')
				break;
			else
				p++;
		}
		p++;
		if (p[0] == ' ' && p[1] == '*')
			p += 2;
		terms++;
	}
	CHECK(terms <= JTEXT_FTS_TERMS);
	CHECK(jtext_utf8_valid(m, strlen(m)));
}

struct tokstate {
	size_t n;
	int count, last_start;
};

static int tok_check(void *ctx, const char *tok, int ntok, int start, int end)
{
	struct tokstate *t = ctx;
	CHECK(ntok >= 1 && ntok <= 8);
	CHECK(jtext_utf8_valid(tok, (size_t)ntok));
	uint32_t c;
	int chars = 0;
	for (int i = 0; i < ntok; chars++)
		i += jtext_utf8_decode(tok + i, (size_t)(ntok - i), &c);
	CHECK(chars == 1 || chars == 2);
	CHECK(start >= 0 && start < end && (size_t)end <= t->n);
	t->count++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = 0;
	size_t n = strlen(s);
	struct arena *a = arena_new(0);

	check_idempotent(a, jtext_kana, s);
	check_idempotent(a, jtext_phone, s);
	check_idempotent(a, jtext_email, s);
	char *postal = jtext_postal(a, s);
	if (postal) {
		CHECK(strlen(postal) == 8 && postal[3] == '-');
		CHECK(strcmp(jtext_postal(a, postal), postal) == 0);
	}
	long long v;
	if (jtext_uint(s, &v) == 0) {
		char buf[32];
		long long w;
		CHECK(v >= 0);
		snprintf(buf, sizeof buf, "%lld", v);
		CHECK(jtext_uint(buf, &w) == 0 && w == v);
	}
	jtext_corp_number_valid(s);
	jtext_lgcode_valid(s);

	char *m = jtext_fts_match(a, s);
	CHECK(m);
	check_match(m);

	/* word characters and the last segment's length, as the tokenizer sees them */
	int words = 0, seg = 0, last = 0;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		i += (size_t)jtext_fold_next(s + i, n - i, &c);
		enum jtext_class cls = jtext_class_of(c);
		if (cls == JTEXT_WORD)
			words++, last = ++seg;
		else if (cls == JTEXT_SEP)
			seg = 0;
	}
	struct tokstate doc = { .n = n }, query = { .n = n };
	CHECK(jtext_bigrams(s, n, 0, tok_check, &doc) == 0);
	CHECK(jtext_bigrams(s, n, 1, tok_check, &query) == 0);
	CHECK(doc.count == words);
	CHECK(query.count == words - (last >= 2));

	arena_free(a);
	free(s);
	return 0;
}
