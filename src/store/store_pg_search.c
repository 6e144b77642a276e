/* store_pg_search: the directory's search index on PostgreSQL, equal in its answers to
 * SQLite's FTS5 index with the kyodo_bigram tokenizer (Debian has no pg_bigm, and the
 * tokens are made in C anyway: util/jtext.c).
 *
 * Why this is the same match. jtext_bigrams gives, for each run ("segment") of word
 * characters c0 … c(k-1) of a text, one token per character: the bigram c_i c_(i+1), and
 * for the last character of the segment the character alone. So position i of a column
 * holds the token that starts with its i-th word character. An FTS5 phrase of query
 * tokens matches consecutive positions of one column; with the query's tokens made the
 * same way (a bigram per pair inside a segment, a lone character where a segment ends,
 * none after the last one unless it is one character long, which is then a prefix: any
 * token starting with it), a phrase matches exactly where the column's word characters,
 * written segment by segment with one space between segments, contain the query's written
 * the same way as a substring. So each row's entry (table org_search, sql/pg/0004) holds:
 *   body  the folded text of its columns so written, one line per column (a phrase never
 *         spans a line, as it never spans columns);
 *   keys  every bigram and every character of those columns, as integers: a character is
 *         its code point, a bigram of two characters of the BMP (all of Japanese) the first
 *         one's code point times 65,536 plus the second's — both exact, in ranges that do
 *         not meet; a bigram with a character beyond the BMP is hashed into a range of its
 *         own, so it only finds candidates (the query then also looks for it in body);
 *   tags  the row's tags (the directory's filters as words), as text.
 * A GIN index over (keys, tags) finds the rows having all of a query's keys and tags,
 * which is already the whole match for a one-token phrase (a two-character word, one
 * character); a phrase of several tokens is then looked for in body (strpos). Integer
 * keys: the index builds ten times faster than with the keys as text, and a row's keys
 * are tested five times faster when the planner walks the newest rows for a common word.
 * tests/integration/test_backends.c compares every answer with SQLite's. */
#include "store/store_pg.h"
#include "util/buf.h"
#include "util/jtext.h"
#include "util/log.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- keys ---- */

#define PG_KEY_HASHED 0x110000u	/* 0x110000 … 0x20FFFF: hashed bigrams (beyond the BMP) */
#define PG_KEY_HASH_SPAN 0x100000u

struct pg_ints {
	uint32_t *v;
	int n, cap, oom;
};

static void pg_ints_add(struct pg_ints *x, uint32_t v)
{
	if (x->n == x->cap) {
		int cap = x->cap ? x->cap * 2 : 256;
		uint32_t *nv = realloc(x->v, (size_t)cap * sizeof *nv);
		if (!nv) {
			x->oom = 1;
			return;
		}
		x->v = nv;
		x->cap = cap;
	}
	x->v[x->n++] = v;
}

static int pg_int_cmp(const void *a, const void *b)
{
	int32_t x = (int32_t) * (const uint32_t *)a, y = (int32_t) * (const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static void pg_ints_unique(struct pg_ints *x)
{
	if (x->n < 2)
		return;
	qsort(x->v, (size_t)x->n, sizeof *x->v, pg_int_cmp);
	int w = 1;
	for (int r = 1; r < x->n; r++)
		if (x->v[r] != x->v[w - 1])
			x->v[w++] = x->v[r];
	x->n = w;
}

/* The key of a token (one or two characters); *lossy when it is a hash. */
static uint32_t pg_token_key(const char *tok, int ntok, int *first_len, int *lossy)
{
	uint32_t a, b;
	int la = jtext_utf8_decode(tok, (size_t)ntok, &a);
	if (la <= 0 || la > ntok)
		la = ntok;
	*first_len = la;
	if (la >= ntok)
		return a;	/* one character: its code point (at most 0x10FFFF) */
	jtext_utf8_decode(tok + la, (size_t)(ntok - la), &b);
	if (a >= 0x30 && a <= 0xFFFF && b <= 0xFFFF)
		return (a << 16) | b;	/* 0x300000 and up */
	uint32_t h = 2166136261u;	/* FNV-1a of the two code points */
	for (int i = 0; i < 8; i++) {
		h ^= (i < 4 ? a >> (8 * i) : b >> (8 * (i - 4))) & 0xFF;
		h *= 16777619u;
	}
	*lossy = 1;
	return PG_KEY_HASHED + h % PG_KEY_HASH_SPAN;
}

static void pg_ints_literal(struct buf *b, const struct pg_ints *x)
{
	buf_putc(b, '{');
	for (int i = 0; i < x->n; i++)
		buf_printf(b, "%s%d", i ? "," : "", (int32_t)x->v[i]);
	buf_putc(b, '}');
}

/* ---- text arrays ---- */

struct pg_words {
	char **w;
	int n, cap, oom;
};

static void pg_words_add(struct pg_words *x, const char *s, size_t n)
{
	if (x->n == x->cap) {
		int cap = x->cap ? x->cap * 2 : 16;
		char **nw = realloc(x->w, (size_t)cap * sizeof *nw);
		if (!nw) {
			x->oom = 1;
			return;
		}
		x->w = nw;
		x->cap = cap;
	}
	if (!(x->w[x->n] = strndup(s, n))) {
		x->oom = 1;
		return;
	}
	x->n++;
}

static void pg_words_free(struct pg_words *x)
{
	for (int i = 0; i < x->n; i++)
		free(x->w[i]);
	free(x->w);
	memset(x, 0, sizeof *x);
}

/* {"a","b"} with " and \ escaped. */
static void pg_words_literal(struct buf *b, const struct pg_words *x)
{
	buf_putc(b, '{');
	for (int i = 0; i < x->n; i++) {
		buf_puts(b, i ? ",\"" : "\"");
		for (const char *s = x->w[i]; *s; s++) {
			if (*s == '"' || *s == '\\')
				buf_putc(b, '\\');
			buf_putc(b, *s);
		}
		buf_putc(b, '"');
	}
	buf_putc(b, '}');
}

static char *pg_literal_ints(const struct pg_ints *x)
{
	struct buf b;
	buf_init(&b);
	pg_ints_literal(&b, x);
	char *out = b.oom ? NULL : strdup(buf_cstr(&b));
	buf_free(&b);
	return out;
}

static char *pg_literal_words(const struct pg_words *x)
{
	struct buf b;
	buf_init(&b);
	pg_words_literal(&b, x);
	char *out = b.oom ? NULL : strdup(buf_cstr(&b));
	buf_free(&b);
	return out;
}

/* A tags text (words separated by white space) as words, lower-cased as FTS5 folds them. */
static void pg_tags_words(const char *tags, struct pg_words *out)
{
	for (const char *p = tags ? tags : ""; *p;) {
		p += strspn(p, " \t\r\n");
		size_t n = strcspn(p, " \t\r\n");
		if (n) {
			char w[128];
			if (n < sizeof w) {
				for (size_t i = 0; i < n; i++)
					w[i] = (char)((p[i] >= 'A' && p[i] <= 'Z') ? p[i] + 32 : p[i]);
				pg_words_add(out, w, n);
			}
		}
		p += n;
	}
}

/* ---- a row's entry ---- */

struct pg_doc {
	struct pg_ints keys;
	struct pg_words tags;
	struct buf body;
};

static int pg_doc_token(void *ctx, const char *tok, int ntok, int start, int end)
{
	(void)start, (void)end;
	struct pg_doc *d = ctx;
	int l, lossy = 0;
	uint32_t k = pg_token_key(tok, ntok, &l, &lossy);
	buf_append(&d->body, tok, (size_t)l);
	pg_ints_add(&d->keys, k);
	if (l < ntok) {	/* a bigram: its first character is a key too */
		uint32_t c;
		jtext_utf8_decode(tok, (size_t)l, &c);
		pg_ints_add(&d->keys, c);
	} else {
		buf_putc(&d->body, ' ');	/* a segment ends */
	}
	return 0;
}

/* The entry of one row: its text columns and its tags. */
static int pg_doc_build(struct pg_doc *d, const char *const *cols, int ncols, const char *tags)
{
	memset(d, 0, sizeof *d);
	buf_init(&d->body);
	for (int c = 0; c < ncols; c++) {
		const char *t = cols[c] ? cols[c] : "";
		size_t before = d->body.len;
		jtext_bigrams(t, strlen(t), 0, pg_doc_token, d);
		if (d->body.len > before) {
			if (d->body.data[d->body.len - 1] == ' ')
				d->body.len--;
			buf_putc(&d->body, '\n');
		}
	}
	pg_tags_words(tags, &d->tags);
	pg_ints_unique(&d->keys);
	buf_cstr(&d->body);
	return d->keys.oom || d->tags.oom || d->body.oom ? -1 : 0;
}

static void pg_doc_free(struct pg_doc *d)
{
	free(d->keys.v);
	pg_words_free(&d->tags);
	buf_free(&d->body);
}

/* The row's columns: id, the text columns …, tags (the statement's SELECT). */
static int pg_row_doc(PGresult *r, int row, struct pg_doc *d)
{
	int nf = PQnfields(r);
	const char *cols[16];
	int ncols = nf - 2;
	if (ncols < 1 || ncols > 16)
		return -1;
	for (int c = 0; c < ncols; c++)
		cols[c] = PQgetisnull(r, row, c + 1) ? "" : PQgetvalue(r, row, c + 1);
	return pg_doc_build(d, cols, ncols, PQgetisnull(r, row, nf - 1) ? "" : PQgetvalue(r, row, nf - 1));
}

int pg_search_index(struct pg_store *st, struct pg_stmt *s)
{
	int implicit, rc = pg_write_begin(st, &implicit);
	if (rc != STORE_OK)
		return rc;
	const char *buf[16];
	const char **vals = pg_values(s, buf, 16);
	Oid *types = pg_types(s);
	PGresult *r = vals && types ? pg_run_typed(st, s->sql, s->nparams, types, vals, &rc) : NULL;
	if (!vals || !types)
		rc = STORE_ERR;
	free(types);
	if (vals && vals != buf)
		free(vals);
	char sql[256];
	snprintf(sql, sizeof sql,
		 "INSERT INTO \"%s\" (id, keys, tags, body) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET "
		 "keys = excluded.keys, tags = excluded.tags, body = excluded.body",
		 s->index_table);
	for (int i = 0; r && rc == STORE_OK && i < PQntuples(r); i++) {
		struct pg_doc d;
		if (pg_row_doc(r, i, &d) != 0) {
			rc = STORE_ERR;
		} else {
			char *keys = pg_literal_ints(&d.keys), *tags = pg_literal_words(&d.tags);
			const char *v[4] = { PQgetvalue(r, i, 0), keys, tags, d.body.len ? d.body.data : "" };
			if (keys && tags)
				PQclear(pg_run(st, sql, 4, v, &rc));
			else
				rc = STORE_ERR;
			free(keys);
			free(tags);
		}
		pg_doc_free(&d);
	}
	PQclear(r);
	return pg_write_end(st, implicit, rc);
}

#define PG_REINDEX_BATCH 2000

int pg_search_reindex(struct pg_store *st, struct pg_stmt *s)
{
	int implicit, rc = pg_write_begin(st, &implicit);
	if (rc != STORE_OK)
		return rc;
	char sql[256], target[160];
	snprintf(sql, sizeof sql, "DELETE FROM \"%s\"", s->index_table);
	snprintf(target, sizeof target, "\"%s\" (id, keys, tags, body)", s->index_table);
	PQclear(pg_run(st, sql, 0, NULL, &rc));
	struct buf decl;
	buf_init(&decl);
	buf_printf(&decl, "DECLARE kyodo_reindex NO SCROLL CURSOR FOR %s", s->sql);
	const char *vbuf[16];
	const char **vals = pg_values(s, vbuf, 16);
	Oid *types = pg_types(s);
	if (rc == STORE_OK)
		PQclear(vals && types && !decl.oom ? pg_run_typed(st, buf_cstr(&decl), s->nparams, types, vals, &rc) : NULL);
	if (!vals || !types || decl.oom)
		rc = STORE_ERR;
	free(types);
	if (vals && vals != vbuf)
		free(vals);
	buf_free(&decl);
	int declared = rc == STORE_OK;
	struct buf rows;
	buf_init(&rows);
	char fetch[64];
	snprintf(fetch, sizeof fetch, "FETCH %d FROM kyodo_reindex", PG_REINDEX_BATCH);
	while (rc == STORE_OK) {
		PGresult *r = pg_run(st, fetch, 0, NULL, &rc);
		if (!r)
			break;
		int n = PQntuples(r);
		buf_reset(&rows);
		for (int i = 0; rc == STORE_OK && i < n; i++) {
			struct pg_doc d;
			if (pg_row_doc(r, i, &d) != 0) {
				rc = STORE_ERR;
			} else {
				struct buf lit;
				buf_init(&lit);
				buf_printf(&rows, "%s\t", PQgetvalue(r, i, 0));
				pg_ints_literal(&rows, &d.keys);
				buf_putc(&rows, '\t');
				pg_words_literal(&lit, &d.tags);
				pg_copy_escape(&rows, buf_cstr(&lit));
				buf_putc(&rows, '\t');
				pg_copy_escape(&rows, d.body.len ? d.body.data : "");
				buf_putc(&rows, '\n');
				if (lit.oom)
					rc = STORE_ERR;
				buf_free(&lit);
			}
			pg_doc_free(&d);
		}
		PQclear(r);
		if (rows.oom)
			rc = STORE_ERR;
		if (rc == STORE_OK && rows.len)
			rc = pg_copy_in(st, target, rows.data, rows.len);
		if (n < PG_REINDEX_BATCH)
			break;
	}
	buf_free(&rows);
	if (declared && rc == STORE_OK)
		PQclear(pg_run(st, "CLOSE kyodo_reindex", 0, NULL, &rc));
	if (rc == STORE_OK) {
		/* the planner's figures of how common each key is (see pg_bind_match) */
		snprintf(sql, sizeof sql, "ANALYZE \"%s\"", s->index_table);
		PQclear(pg_run(st, sql, 0, NULL, &rc));
	}
	return pg_write_end(st, implicit, rc);
}

/* ---- a query ---- */

struct pg_query {
	struct pg_ints keys;
	struct buf phrase;
	int ntok, last_unigram, lossy;
	char last_tok[16];
	int last_len;
};

static int pg_query_token(void *ctx, const char *tok, int ntok, int start, int end)
{
	(void)start, (void)end;
	struct pg_query *q = ctx;
	int l;
	uint32_t k = pg_token_key(tok, ntok, &l, &q->lossy);
	if (q->ntok && q->last_unigram)
		buf_putc(&q->phrase, ' ');
	buf_append(&q->phrase, tok, (size_t)l);
	pg_ints_add(&q->keys, k);
	q->last_unigram = l >= ntok;
	q->last_len = ntok < (int)sizeof q->last_tok ? ntok : 0;
	memcpy(q->last_tok, tok, (size_t)q->last_len);
	q->ntok++;
	return 0;
}

/* One quoted term of jtext_fts_match's output: its keys into keys, and into phrases the
 * text to find in body when its keys alone do not decide the match (several tokens, or a
 * hashed key). */
static void pg_query_term(const char *term, size_t n, int prefix, struct pg_ints *keys, struct pg_words *phrases)
{
	struct pg_query q;
	memset(&q, 0, sizeof q);
	buf_init(&q.phrase);
	jtext_bigrams(term, n, 1, pg_query_token, &q);
	for (int i = 0; i < q.keys.n; i++)
		pg_ints_add(keys, q.keys.v[i]);
	if (q.ntok >= 2 || q.lossy || (q.ntok == 1 && q.last_unigram && !prefix)) {
		if (q.last_unigram) {
			if (!prefix)
				buf_putc(&q.phrase, ' ');	/* an exact character ends its segment */
		} else if (q.last_len) {
			uint32_t c;
			int l = jtext_utf8_decode(q.last_tok, (size_t)q.last_len, &c);
			buf_append(&q.phrase, q.last_tok + l, (size_t)(q.last_len - l));
		}
		pg_words_add(phrases, buf_cstr(&q.phrase), q.phrase.len);
	}
	if (q.keys.oom || q.phrase.oom)
		keys->oom = 1;
	free(q.keys.v);
	buf_free(&q.phrase);
}

int pg_search_match_values(const struct store_match *m, char **keys_out, char **tags_out, char **not_out,
			   char **phrases_out)
{
	struct pg_ints keys = { 0 };
	struct pg_words tags = { 0 }, not = { 0 }, phrases = { 0 };
	/* the terms: "…" (a doubled " inside is one), then " *" for a prefix */
	const char *p = m->words ? m->words : "";
	char *term = malloc(strlen(p) + 1);
	while (term && *p) {
		if (*p != '"') {
			p++;
			continue;
		}
		size_t n = 0;
		for (p++; *p; p++) {
			if (*p == '"') {
				if (p[1] != '"')
					break;
				p++;
			}
			term[n++] = *p;
		}
		if (*p == '"')
			p++;
		const char *after = p + strspn(p, " ");
		int prefix = *after == '*';
		if (prefix)
			p = after + 1;
		pg_query_term(term, n, prefix, &keys, &phrases);
	}
	free(term);
	for (int i = 0; i < STORE_MATCH_TAGS && m->tags[i]; i++)
		pg_tags_words(m->tags[i], &tags);
	if (m->not_tag)
		pg_tags_words(m->not_tag, &not);
	pg_ints_unique(&keys);
	int oom = !term || keys.oom || tags.oom || not.oom || phrases.oom;
	*keys_out = oom ? NULL : pg_literal_ints(&keys);
	*tags_out = oom ? NULL : pg_literal_words(&tags);
	*not_out = oom ? NULL : pg_literal_words(&not);
	*phrases_out = oom ? NULL : pg_literal_words(&phrases);
	free(keys.v);
	pg_words_free(&tags);
	pg_words_free(&not);
	pg_words_free(&phrases);
	if (!*keys_out || !*tags_out || !*not_out || !*phrases_out) {
		log_error("search: out of memory");
		return -1;
	}
	return 0;
}
