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
 *   keys  every bigram and every character of those columns, and "#tag" for each of its
 *         tags: a GIN index finds the rows having all of a query's keys, which is already
 *         the whole match for a one-token phrase (a two-character word, one character);
 *         longer phrases are then looked for in body (strpos).
 * The query's part is a text[] of "k:KEY" (all required), "n:KEY" (none allowed) and
 * "p:PHRASE" (each a substring of body); kyodo_match_keys/not/phrases/body of
 * sql/pg/0004 read it. tests/unit/test_store_pg.c compares every answer with SQLite's. */
#include "store/store_pg.h"
#include "util/buf.h"
#include "util/jtext.h"
#include "util/log.h"
#include <stdlib.h>
#include <string.h>

#define PG_KEY_MAX 72	/* a bigram is at most 8 bytes; a tag "#xk…x" is short */

struct pg_keys {
	char (*k)[PG_KEY_MAX];
	int n, cap, oom;
};

static void pg_keys_add(struct pg_keys *ks, const char *s, size_t n)
{
	if (n == 0 || n >= PG_KEY_MAX)
		return;
	if (ks->n == ks->cap) {
		int cap = ks->cap ? ks->cap * 2 : 256;
		void *nk = realloc(ks->k, (size_t)cap * PG_KEY_MAX);
		if (!nk) {
			ks->oom = 1;
			return;
		}
		ks->k = nk;
		ks->cap = cap;
	}
	memcpy(ks->k[ks->n], s, n);
	ks->k[ks->n][n] = 0;
	ks->n++;
}

static int pg_key_cmp(const void *a, const void *b) { return strcmp(a, b); }

/* Sorted, each once. */
static void pg_keys_unique(struct pg_keys *ks)
{
	if (ks->n < 2)
		return;
	qsort(ks->k, (size_t)ks->n, PG_KEY_MAX, pg_key_cmp);
	int w = 1;
	for (int r = 1; r < ks->n; r++)
		if (strcmp(ks->k[r], ks->k[w - 1]) != 0)
			memmove(ks->k[w++], ks->k[r], PG_KEY_MAX);
	ks->n = w;
}

/* An element of an array literal: "…" with " and \ escaped. */
static void pg_array_elem(struct buf *b, const char *prefix, const char *s)
{
	buf_putc(b, '"');
	buf_puts(b, prefix);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

/* ---- a row's entry ---- */

struct pg_doc {
	struct pg_keys keys;
	struct buf body;
};

static int pg_first_len(const char *tok, int ntok)
{
	uint32_t cp;
	int l = jtext_utf8_decode(tok, (size_t)ntok, &cp);
	return l > 0 && l <= ntok ? l : ntok;
}

static int pg_doc_token(void *ctx, const char *tok, int ntok, int start, int end)
{
	(void)start, (void)end;
	struct pg_doc *d = ctx;
	int l = pg_first_len(tok, ntok);
	buf_append(&d->body, tok, (size_t)l);
	pg_keys_add(&d->keys, tok, (size_t)l);
	if (l < ntok)
		pg_keys_add(&d->keys, tok, (size_t)ntok);	/* a bigram */
	else
		buf_putc(&d->body, ' ');	/* a segment ends */
	return 0;
}

/* The entry of one row: its text columns and its tags (space-separated words). */
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
	for (const char *p = tags ? tags : ""; *p;) {
		size_t sp = strspn(p, " \t\r\n");
		p += sp;
		size_t n = strcspn(p, " \t\r\n");
		if (n) {
			char key[PG_KEY_MAX];
			if (n + 1 < sizeof key) {
				key[0] = '#';
				for (size_t i = 0; i < n; i++)
					key[i + 1] = (char)((p[i] >= 'A' && p[i] <= 'Z') ? p[i] + 32 : p[i]);
				pg_keys_add(&d->keys, key, n + 1);
			}
		}
		p += n;
	}
	pg_keys_unique(&d->keys);
	buf_cstr(&d->body);
	return d->keys.oom || d->body.oom ? -1 : 0;
}

static void pg_doc_free(struct pg_doc *d)
{
	free(d->keys.k);
	buf_free(&d->body);
}

static void pg_doc_keys_literal(struct buf *b, const struct pg_doc *d)
{
	buf_putc(b, '{');
	for (int i = 0; i < d->keys.n; i++) {
		if (i)
			buf_putc(b, ',');
		pg_array_elem(b, "", d->keys.k[i]);
	}
	buf_putc(b, '}');
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
		 "INSERT INTO \"%s\" (id, keys, body) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET "
		 "keys = excluded.keys, body = excluded.body",
		 s->index_table);
	for (int i = 0; r && rc == STORE_OK && i < PQntuples(r); i++) {
		struct pg_doc d;
		struct buf lit;
		buf_init(&lit);
		if (pg_row_doc(r, i, &d) != 0) {
			rc = STORE_ERR;
		} else {
			pg_doc_keys_literal(&lit, &d);
			const char *v[3] = { PQgetvalue(r, i, 0), buf_cstr(&lit), d.body.len ? d.body.data : "" };
			PQclear(lit.oom ? NULL : pg_run(st, sql, 3, v, &rc));
			if (lit.oom)
				rc = STORE_ERR;
		}
		pg_doc_free(&d);
		buf_free(&lit);
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
	snprintf(target, sizeof target, "\"%s\" (id, keys, body)", s->index_table);
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
		rows.len = 0;
		for (int i = 0; rc == STORE_OK && i < n; i++) {
			struct pg_doc d;
			if (pg_row_doc(r, i, &d) != 0) {
				rc = STORE_ERR;
			} else {
				struct buf lit;
				buf_init(&lit);
				pg_doc_keys_literal(&lit, &d);
				buf_printf(&rows, "%s\t", PQgetvalue(r, i, 0));
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
	struct pg_keys keys;
	struct buf phrase;
	int ntok, last_unigram;
	char last_tok[16];
	int last_len;
};

static int pg_query_token(void *ctx, const char *tok, int ntok, int start, int end)
{
	(void)start, (void)end;
	struct pg_query *q = ctx;
	int l = pg_first_len(tok, ntok);
	if (q->ntok && q->last_unigram)
		buf_putc(&q->phrase, ' ');
	buf_append(&q->phrase, tok, (size_t)l);
	pg_keys_add(&q->keys, tok, (size_t)(l < ntok ? ntok : l));
	q->last_unigram = l >= ntok;
	q->last_len = ntok < (int)sizeof q->last_tok ? ntok : 0;
	memcpy(q->last_tok, tok, (size_t)q->last_len);
	q->ntok++;
	return 0;
}

/* One quoted term of jtext_fts_match's output: its keys into keys, and into lit the phrase
 * to look for in body when it has more than one token. */
static void pg_query_term(const char *term, size_t n, int prefix, struct pg_keys *keys, struct buf *lit, int *first)
{
	struct pg_query q;
	memset(&q, 0, sizeof q);
	buf_init(&q.phrase);
	jtext_bigrams(term, n, 1, pg_query_token, &q);
	for (int i = 0; i < q.keys.n; i++)
		pg_keys_add(keys, q.keys.k[i], strlen(q.keys.k[i]));
	if (q.ntok >= 2 || (q.ntok == 1 && q.last_unigram && !prefix)) {
		if (q.last_unigram) {
			if (!prefix)
				buf_putc(&q.phrase, ' ');	/* an exact character ends its segment */
		} else if (q.last_len) {
			int l = pg_first_len(q.last_tok, q.last_len);
			buf_append(&q.phrase, q.last_tok + l, (size_t)(q.last_len - l));
		}
		if (!*first)
			buf_putc(lit, ',');
		*first = 0;
		pg_array_elem(lit, "p:", buf_cstr(&q.phrase));
	}
	if (q.keys.oom || q.phrase.oom)
		keys->oom = 1;
	free(q.keys.k);
	buf_free(&q.phrase);
}

char *pg_search_match_literal(const struct store_match *m)
{
	struct pg_keys keys = { 0 };
	struct buf lit;
	buf_init(&lit);
	buf_putc(&lit, '{');
	int first = 1;
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
		pg_query_term(term, n, prefix, &keys, &lit, &first);
	}
	free(term);
	for (int i = 0; i < STORE_MATCH_TAGS && m->tags[i]; i++) {
		char key[PG_KEY_MAX];
		snprintf(key, sizeof key, "#%s", m->tags[i]);
		pg_keys_add(&keys, key, strlen(key));
	}
	pg_keys_unique(&keys);
	for (int i = 0; i < keys.n; i++) {
		if (!first)
			buf_putc(&lit, ',');
		first = 0;
		pg_array_elem(&lit, "k:", keys.k[i]);
	}
	if (m->not_tag) {
		char key[PG_KEY_MAX];
		snprintf(key, sizeof key, "#%s", m->not_tag);
		if (!first)
			buf_putc(&lit, ',');
		pg_array_elem(&lit, "n:", key);
	}
	buf_putc(&lit, '}');
	char *out = lit.oom || keys.oom || !term ? NULL : strdup(buf_cstr(&lit));
	free(keys.k);
	buf_free(&lit);
	if (!out)
		log_error("search: out of memory");
	return out;
}
