/* org_index: the search index's extra text of a record and the city's spelling variants
 * (see org_index.h). */
#include "domain/org_index.h"
#include "domain/org.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/jtext.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Records changed one by one (index entry removed and added) before a change of the list
 * rebuilds the whole index instead. */
#define ORG_INDEX_REBUILD_AFTER 2000

/* One spelling, folded: its code points. */
struct ov_spelling {
	const uint32_t *cp;
	int len;
	int line;	/* index into lines */
};

struct ov_line {
	const uint32_t *canon;	/* the first spelling: what the index writes */
	int len;
};

struct org_variants {
	struct ov_line *lines;
	int nlines;
	struct ov_spelling *sp;	/* every spelling of every line */
	int nsp;
};

int org_variants_count(const struct org_variants *v) { return v ? v->nlines : 0; }

/* ---- parsing the list ---- */

/* A code point that separates the spellings of a line: ASCII blanks, U+3000, 、 , ，. */
static int ov_is_list_sep(uint32_t c)
{
	return c == ' ' || c == '\t' || c == 0x3000 || c == 0x3001 || c == ',' || c == 0xFF0C;
}

static void ov_problem(struct org_variant_problem *probs, int *n, int line, const char *msgid, const char *word)
{
	if (*n < ORG_VARIANT_PROBLEMS_MAX)
		probs[(*n)++] = (struct org_variant_problem){ line, msgid, word };
}

static int ov_same(const uint32_t *x, int nx, const uint32_t *y, int ny)
{
	return nx == ny && memcmp(x, y, sizeof *x * (size_t)nx) == 0;
}

/* The spelling s[0..n) folded into cp (room for ORG_VARIANT_CHARS_MAX + 1): its length,
 * ORG_VARIANT_CHARS_MAX + 1 when longer, or -1 when a character is not a word character. */
static int ov_fold_word(const char *s, size_t n, uint32_t *cp)
{
	int len = 0;
	size_t i = 0;
	while (i < n) {
		uint32_t c;
		int l = jtext_fold_next(s + i, n - i, &c);
		if (l <= 0)
			return -1;
		i += (size_t)l;
		if (jtext_class_of(c) != JTEXT_WORD)
			return -1;
		if (len > ORG_VARIANT_CHARS_MAX)
			return ORG_VARIANT_CHARS_MAX + 1;
		cp[len++] = c;
	}
	return len;
}

/* The parser's state: the lines and spellings kept so far (arena arrays sized for the
 * most the list may hold) and the normalised text. */
struct ov_parse {
	struct arena *a;
	struct org_variants *v;
	struct buf normal;
	struct org_variant_problem *probs;
	int *nprobs;
	int lineno;	/* of the text, 1-based */
};

/* The kept spelling that equals cp, or -1. */
static int ov_find(const struct org_variants *v, const uint32_t *cp, int len)
{
	for (int i = 0; i < v->nsp; i++)
		if (ov_same(v->sp[i].cp, v->sp[i].len, cp, len))
			return i;
	return -1;
}

/* One line of the text, s[0..n): its spellings checked and kept (or its problems). */
static int ov_parse_line(struct ov_parse *p, const char *s, size_t n)
{
	const char *word[ORG_VARIANT_SPELLINGS_MAX + 1];
	size_t wlen[ORG_VARIANT_SPELLINGS_MAX + 1];
	int nw = 0, too_many = 0;
	size_t i = 0;
	while (i < n) {
		uint32_t c;
		int l = jtext_utf8_decode(s + i, n - i, &c);
		if (ov_is_list_sep(c)) {
			i += (size_t)l;
			continue;
		}
		size_t start = i;
		while (i < n) {
			l = jtext_utf8_decode(s + i, n - i, &c);
			if (ov_is_list_sep(c))
				break;
			i += (size_t)l;
		}
		if (nw < ORG_VARIANT_SPELLINGS_MAX) {
			word[nw] = s + start;
			wlen[nw++] = i - start;
		} else {
			too_many = 1;
		}
	}
	if (nw == 0)
		return 0;	/* a blank line */
	if (too_many)
		ov_problem(p->probs, p->nprobs, p->lineno, N_("A line may have up to 12 spellings."), NULL);
	if (p->v->nlines >= ORG_VARIANT_LINES_MAX) {
		ov_problem(p->probs, p->nprobs, p->lineno, N_("The list may have up to 300 lines."), NULL);
		return 0;
	}
	uint32_t *cps[ORG_VARIANT_SPELLINGS_MAX];
	int lens[ORG_VARIANT_SPELLINGS_MAX], kept = 0, bad = 0;
	for (int k = 0; k < nw; k++) {
		char *w = arena_strndup(p->a, word[k], wlen[k]);
		uint32_t *cp = arena_alloc(p->a, sizeof *cp * (ORG_VARIANT_CHARS_MAX + 1));
		if (!w || !cp)
			return STORE_ERR;
		int len = jtext_text_problem(w, 0) ? -1 : ov_fold_word(word[k], wlen[k], cp);
		if (len < 0) {
			ov_problem(p->probs, p->nprobs, p->lineno,
				   N_("A spelling may hold only letters, digits, kana and kanji (no punctuation or symbols)."),
				   w);
			bad = 1;
			continue;
		}
		if (len > ORG_VARIANT_CHARS_MAX) {
			ov_problem(p->probs, p->nprobs, p->lineno, N_("A spelling may have up to 20 characters."), w);
			bad = 1;
			continue;
		}
		int dup = 0;
		for (int j = 0; j < kept; j++)
			dup |= ov_same(cps[j], lens[j], cp, len);
		if (dup) {
			ov_problem(p->probs, p->nprobs, p->lineno,
				   N_("This spelling is already on the line (the search does not tell hiragana from katakana, "
				      "nor full-width from half-width)."),
				   w);
			bad = 1;
			continue;
		}
		int other = ov_find(p->v, cp, len);
		if (other >= 0) {
			ov_problem(p->probs, p->nprobs, p->lineno,
				   N_("This spelling is on another line too; a spelling belongs to one line."), w);
			bad = 1;
			continue;
		}
		cps[kept] = cp;
		lens[kept++] = len;
	}
	if (kept < 2 && !bad) {
		ov_problem(p->probs, p->nprobs, p->lineno,
			   N_("A line needs at least two different spellings that should find each other."), NULL);
		return 0;
	}
	if (bad || kept < 2)
		return 0;
	struct org_variants *v = p->v;
	struct ov_line *ln = &v->lines[v->nlines];
	ln->canon = cps[0];
	ln->len = lens[0];
	for (int k = 0; k < kept; k++)
		v->sp[v->nsp++] = (struct ov_spelling){ cps[k], lens[k], v->nlines };
	v->nlines++;
	/* the line as stored: its spellings as typed, one space apart */
	if (p->normal.len)
		buf_putc(&p->normal, '\n');
	for (int k = 0; k < nw; k++) {
		if (k)
			buf_putc(&p->normal, ' ');
		buf_append(&p->normal, word[k], wlen[k]);
	}
	return 0;
}

int org_variants_parse(struct arena *a, const char *text, struct org_variants **out, char **normal,
		       struct org_variant_problem *probs, int *nprobs)
{
	*nprobs = 0;
	*out = NULL;
	if (normal)
		*normal = NULL;
	if (!text)
		text = "";
	struct org_variants *v = arena_alloc(a, sizeof *v);
	struct ov_parse p = { .a = a, .v = v, .probs = probs, .nprobs = nprobs };
	if (!v || !(v->lines = arena_alloc(a, sizeof *v->lines * ORG_VARIANT_LINES_MAX)) ||
	    !(v->sp = arena_alloc(a, sizeof *v->sp * ORG_VARIANT_LINES_MAX * ORG_VARIANT_SPELLINGS_MAX)))
		return STORE_ERR;
	buf_init(&p.normal);
	size_t n = strlen(text);
	if (n > ORG_VARIANT_TEXT_MAX) {
		ov_problem(probs, nprobs, 0, N_("The list is too long (up to 20,000 bytes)."), NULL);
		n = 0;
	} else if (!jtext_utf8_valid(text, n)) {
		ov_problem(probs, nprobs, 0, N_("The list is not valid text (UTF-8)."), NULL);
		n = 0;
	}
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n;) {
		const char *nl = memchr(text + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - text) : n, len = end - i;
		if (len && text[i + len - 1] == '\r')
			len--;
		p.lineno++;
		rc = ov_parse_line(&p, text + i, len);
		i = end + 1;
	}
	if (rc == 0 && normal && !(*normal = arena_strdup(a, buf_cstr(&p.normal))))
		rc = STORE_ERR;
	if (p.normal.oom)
		rc = STORE_ERR;
	buf_free(&p.normal);
	*out = v;
	return rc != 0 ? rc : *nprobs ? -1 : 0;
}

int org_variants_load(struct store *st, struct arena *a, struct org_variants **out)
{
	const char *text = org_setting(st, a, "search.variants", "");
	struct org_variant_problem probs[ORG_VARIANT_PROBLEMS_MAX];
	int np;
	int rc = text ? org_variants_parse(a, text, out, NULL, probs, &np) : STORE_ERR;
	return rc == -1 ? 0 : rc;	/* a stored list is used without its bad lines */
}

/* ---- rewriting ---- */

/* A growable array of code points (heap). */
struct ov_cps {
	uint32_t *cp;
	size_t n, cap;
	int oom;
};

static void ov_cps_push(struct ov_cps *c, uint32_t x)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		uint32_t *p = c->oom ? NULL : realloc(c->cp, sizeof *p * cap);
		if (!p) {
			c->oom = 1;
			return;
		}
		c->cp = p;
		c->cap = cap;
	}
	c->cp[c->n++] = x;
}

static void ov_put_cp(struct buf *b, uint32_t c)
{
	char u[4];
	int l = jtext_utf8_encode(c, u);
	buf_append(b, u, (size_t)l);
}

/* The longest spelling that matches w at i, or NULL. */
static const struct ov_spelling *ov_match(const struct org_variants *v, const uint32_t *w, size_t n, size_t i)
{
	const struct ov_spelling *best = NULL;
	for (int k = 0; v && k < v->nsp; k++) {
		const struct ov_spelling *s = &v->sp[k];
		if ((size_t)s->len <= n - i && (!best || s->len > best->len) &&
		    memcmp(w + i, s->cp, sizeof *w * (size_t)s->len) == 0)
			best = s;
	}
	return best;
}

/* The word w[0..n) into out, each spelling replaced by its line's first; 1 when that
 * changed the word. */
static int ov_rewrite_word(const struct org_variants *v, const uint32_t *w, size_t n, struct buf *out)
{
	int changed = 0;
	for (size_t i = 0; i < n;) {
		const struct ov_spelling *s = ov_match(v, w, n, i);
		if (!s) {
			ov_put_cp(out, w[i++]);
			continue;
		}
		const struct ov_line *ln = &v->lines[s->line];
		for (int k = 0; k < ln->len; k++)
			ov_put_cp(out, ln->canon[k]);
		changed |= !ov_same(s->cp, s->len, ln->canon, ln->len);
		i += (size_t)s->len;
	}
	return changed;
}

/* Walks text word by word as the index splits it. all: the whole text folded, every word
 * rewritten, separators kept; else only the words the list changes, one per line. */
static void ov_rewrite(const struct org_variants *v, const char *text, int all, struct buf *out)
{
	struct ov_cps w = { 0 };
	size_t n = strlen(text);
	struct buf word = BUF_INIT;
	for (size_t i = 0;;) {
		uint32_t c = 0;
		int l = i < n ? jtext_fold_next(text + i, n - i, &c) : 0;
		enum jtext_class cls = l > 0 ? jtext_class_of(c) : JTEXT_SEP;
		if (cls == JTEXT_IGNORE) {	/* dropped inside a word, as the tokenizer does */
			i += (size_t)l;
			continue;
		}
		if (cls == JTEXT_WORD) {
			ov_cps_push(&w, c);
			i += (size_t)l;
			continue;
		}
		if (w.n) {
			buf_reset(&word);
			int changed = ov_rewrite_word(v, w.cp, w.n, &word);
			if (all) {
				buf_append(out, word.data, word.len);
			} else if (changed) {
				buf_append(out, word.data, word.len);
				buf_putc(out, '\n');
			}
			w.n = 0;
		}
		if (l <= 0)
			break;
		if (all)
			ov_put_cp(out, c);
		i += (size_t)l;
	}
	if (w.oom || word.oom)
		out->oom = 1;
	buf_free(&word);
	free(w.cp);
}

char *org_variants_rewrite(struct arena *a, const struct org_variants *v, const char *text)
{
	struct buf b = BUF_INIT;
	ov_rewrite(v, text ? text : "", 1, &b);
	char *s = b.oom ? NULL : arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* ---- a record's extra text ---- */

/* The names the record is found by besides its text, one per line. */
static void ov_labels(const struct org *o, struct buf *b)
{
	for (int i = 0; i < o->nfields; i++) {
		int f = o->fields[i];
		if (f >= 1 && f <= ORG_NPO_FIELDS)
			buf_printf(b, "%s\n%s\n", org_npo_fields_short[f], org_npo_fields[f]);
	}
	const struct org_kind *k = org_kind_find(o->v[ORG_F_KIND]);
	if (k) {
		buf_printf(b, "%s\n", k->label);
		for (const char *p = k->aliases; p && *p;) {	/* ';'-separated */
			const char *e = strchr(p, ';');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			buf_append(b, p, n);
			buf_putc(b, '\n');
			p += n + (e ? 1 : 0);
		}
	}
}

char *org_index_extra(struct arena *a, const struct org_variants *v, const struct org *o)
{
	struct buf b = BUF_INIT, labels = BUF_INIT;
	ov_labels(o, &labels);
	buf_append(&b, labels.data, labels.len);
	if (org_variants_count(v) > 0) {
		const char *texts[] = { o->v[ORG_F_NAME], o->v[ORG_F_PURPOSE], o->v[ORG_F_ACTIVITIES], buf_cstr(&labels) };
		for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
			ov_rewrite(v, texts[i] ? texts[i] : "", 0, &b);
	}
	char *s = b.oom || labels.oom ? NULL : arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	buf_free(&labels);
	return s;
}

/* ---- keeping the index in step ---- */

/* Record id's text, kind and fields (what its extra text is made from) into o, and the
 * extra text it holds now into *stored. From a. */
static int ov_read_record(struct store *st, struct arena *a, long long id, struct org *o, char **stored)
{
	org_init(o);
	o->id = id;
	struct stmt *s = store_prepare(st, STMT_ORG_INDEX_ROW);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, id);
	int rc = stmt_step(s);
	if (rc == 1) {
		o->v[ORG_F_KIND] = stmt_text_dup(s, a, 0);
		o->v[ORG_F_NAME] = stmt_text_dup(s, a, 1);
		o->v[ORG_F_PURPOSE] = stmt_text_dup(s, a, 2);
		o->v[ORG_F_ACTIVITIES] = stmt_text_dup(s, a, 3);
		*stored = stmt_text_dup(s, a, 4);
		rc = o->v[ORG_F_KIND] && o->v[ORG_F_NAME] && o->v[ORG_F_PURPOSE] && o->v[ORG_F_ACTIVITIES] && *stored
			     ? 0 : STORE_ERR;
	} else {
		rc = rc == 0 ? ORG_NOT_FOUND : rc;
	}
	stmt_reset(s);
	if (rc != 0 || !(s = store_prepare(st, STMT_ORG_FIELDS_OF)))
		return rc ? rc : STORE_ERR;
	stmt_bind_int(s, 1, id);
	while ((rc = stmt_step(s)) == 1)
		if (o->nfields < ORG_FIELDS_MAX)
			o->fields[o->nfields++] = (int)stmt_int(s, 0);
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

static int ov_exec_id(struct store *st, enum stmt_id sid, long long id)
{
	struct stmt *s = store_prepare(st, sid);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, id);
	return stmt_exec(s);
}

static int ov_id_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	*(long long *)elem = stmt_int(s, 0);
	return 0;
}

int org_index_refresh_all(struct store *st, int *changed)
{
	struct arena *a = arena_new(0), *ra = NULL;
	struct org_variants *v;
	struct store_list ids;
	int n = 0, rebuild = 0;
	int rc = a ? org_variants_load(st, a, &v) : STORE_ERR;
	if (rc == 0)
		rc = store_list_read(st, a, STMT_ORG_IDS, NULL, 0, sizeof(long long), ov_id_row, NULL, &ids);
	if (rc == 0)
		rc = store_begin(st);
	if (rc != 0)
		goto out;
	for (int i = 0; rc == 0 && i < ids.n; i++) {
		if (i % 256 == 0) {
			arena_free(ra);
			if (!(ra = arena_new(0))) {
				rc = STORE_ERR;
				break;
			}
		}
		long long id = ((long long *)ids.rows)[i];
		struct org o;
		char *stored, *extra;
		rc = ov_read_record(st, ra, id, &o, &stored);
		if (rc == ORG_NOT_FOUND) {
			rc = 0;
			continue;
		}
		if (rc == 0 && !(extra = org_index_extra(ra, v, &o)))
			rc = STORE_ERR;
		if (rc != 0 || strcmp(extra, stored) == 0)
			continue;
		/* many changes: the whole index is rebuilt once at the end instead */
		if (!rebuild && n >= ORG_INDEX_REBUILD_AFTER)
			rebuild = 1;
		if (!rebuild)	/* with the values the row holds until it changes */
			rc = ov_exec_id(st, STMT_ORG_FTS_REMOVE_ROW, id);
		struct stmt *s = rc == 0 ? store_prepare(st, STMT_ORG_EXTRA_SET) : NULL;
		if (rc == 0 && !s)
			rc = STORE_ERR;
		if (rc == 0) {
			stmt_bind_int(s, 1, id);
			stmt_bind_text(s, 2, extra);
			rc = stmt_exec(s);
		}
		if (rc == 0 && !rebuild)
			rc = ov_exec_id(st, STMT_ORG_FTS_ADD_ROW, id);
		n++;
	}
	if (rc == 0 && rebuild)
		rc = org_fts_rebuild(st);
	if (rc == 0 && n)
		rc = org_version_bump(st);
	if (rc != 0)
		store_rollback(st);
	else
		rc = store_commit(st);
out:
	if (changed)
		*changed = rc == 0 ? n : 0;
	arena_free(ra);
	arena_free(a);
	return rc;
}

int org_variants_save(struct store *st, struct arena *out, const struct actor *who, const char *text,
		      struct org_variant_problem *probs, int *nprobs, int *changed)
{
	*nprobs = 0;
	*changed = 0;
	if (!who || (who->role != ROLE_ADMIN && who->role != ROLE_COORDINATOR)) {
		ov_problem(probs, nprobs, 0, N_("Only the center can change the settings."), NULL);
		return -1;
	}
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct org_variants *v;
	char *normal;
	int rc = org_variants_parse(a, text, &v, &normal, probs, nprobs);
	if (rc == 0)
		rc = store_begin(st);
	if (rc == 0) {
		const char *err = NULL;
		rc = org_setting_set(st, who, "search.variants", normal, &err);
		if (rc == -1)
			ov_problem(probs, nprobs, 0, err, NULL);
		if (rc == 0)
			rc = org_index_refresh_all(st, changed);
		if (rc != 0)
			store_rollback(st);
		else
			rc = store_commit(st);
	}
	/* the spellings named by the problems outlive this function's arena */
	for (int i = 0; i < *nprobs; i++)
		if (probs[i].word && !(probs[i].word = arena_strdup(out, probs[i].word)) && rc == -1)
			rc = STORE_ERR;
	arena_free(a);
	return rc;
}

int org_index_upgrade(struct store *st)
{
	struct stmt *s = store_prepare(st, STMT_ORG_INDEX_VERSION_GET);
	if (!s)
		return STORE_ERR;
	int rc = stmt_step(s);
	long long have = rc == 1 ? stmt_int(s, 0) : 0;
	stmt_reset(s);
	if (rc < 0)
		return rc;
	if (have >= ORG_INDEX_VERSION)
		return 0;
	if ((rc = store_begin(st)) != 0)
		return rc;
	rc = org_retag_all(st);
	if (rc == 0 && !(s = store_prepare(st, STMT_ORG_INDEX_VERSION_SET)))
		rc = STORE_ERR;
	if (rc == 0) {
		stmt_bind_int(s, 1, ORG_INDEX_VERSION);
		rc = stmt_exec(s);
	}
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}
