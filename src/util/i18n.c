/* i18n: the message catalogs (see i18n.h). The embedded po/ja.po and po/en.po are parsed
 * once at start-up into sorted tables; i18n_get() is a binary search. Read-only after
 * i18n_init(), so worker threads share the tables without locks. */
#include "util/i18n.h"
#include "util/embed.h"
#include "util/buf.h"
#include "util/log.h"
#include <stdlib.h>
#include <string.h>

struct i18n_entry {
	char *msgid, *msgstr;
};

struct i18n_catalog {
	const char *lang;
	const char *file;
	struct i18n_entry *e;
	size_t n, cap;
};

static struct i18n_catalog i18n_catalogs[] = {
	{ "ja", "po/ja.po", NULL, 0, 0 },
	{ "en", "po/en.po", NULL, 0, 0 },
};
#define I18N_NCAT (sizeof i18n_catalogs / sizeof i18n_catalogs[0])
static int i18n_ready;

/* Appends the C-escaped contents of one quoted PO string at *pp to b; advances *pp. */
static int i18n_unquote(const char **pp, struct buf *b)
{
	const char *p = *pp;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '"')
		return -1;
	p++;
	while (*p && *p != '"' && *p != '\n') {
		if (*p != '\\') {
			buf_putc(b, *p++);
			continue;
		}
		p++;
		switch (*p) {
		case 'n': buf_putc(b, '\n'); break;
		case 't': buf_putc(b, '\t'); break;
		case 'r': buf_putc(b, '\r'); break;
		case '"': buf_putc(b, '"'); break;
		case '\\': buf_putc(b, '\\'); break;
		case '\0': return -1;
		default: buf_putc(b, *p); break;
		}
		p++;
	}
	if (*p != '"')
		return -1;
	*pp = p + 1;
	return 0;
}

static int i18n_add(struct i18n_catalog *c, struct buf *id, struct buf *str)
{
	if (c->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 256;
		struct i18n_entry *ne = realloc(c->e, ncap * sizeof *ne);
		if (!ne)
			return -1;
		c->e = ne;
		c->cap = ncap;
	}
	struct i18n_entry *e = &c->e[c->n];
	e->msgid = strdup(buf_cstr(id));
	/* An empty msgstr means "not translated": the msgid is used. */
	e->msgstr = str->len ? strdup(buf_cstr(str)) : NULL;
	if (!e->msgid) {
		free(e->msgstr);
		return -1;
	}
	c->n++;
	return 0;
}

static int i18n_cmp(const void *a, const void *b)
{
	return strcmp(((const struct i18n_entry *)a)->msgid, ((const struct i18n_entry *)b)->msgid);
}

enum i18n_field { I18N_NONE, I18N_ID, I18N_STR, I18N_OTHER };

/* Parses PO text: msgid / msgstr (or msgstr[0]) with continuation lines; skips the
 * header entry (empty msgid), fuzzy entries, msgctxt'd and obsolete (#~) ones. */
static int i18n_parse(struct i18n_catalog *c, const char *text)
{
	struct buf id = BUF_INIT, str = BUF_INIT;
	enum i18n_field field = I18N_NONE;
	int fuzzy = 0, have = 0, ctx = 0, rc = -1;
	int lineno = 0;
	const char *p = text;
	while (*p) {
		const char *eol = strchr(p, '\n');
		if (!eol)
			eol = p + strlen(p);
		lineno++;
		const char *s = p;
		while (*s == ' ' || *s == '\t' || *s == '\r')
			s++;
		int blank = (s == eol) || (*s == '\r');
		if (blank || (*s == '#' && have && field == I18N_STR) || strncmp(s, "msgid ", 6) == 0) {
			/* an entry ends at a blank line, a comment after msgstr or the next msgid */
			if (have && field != I18N_NONE) {
				if (id.len && !fuzzy && !ctx && i18n_add(c, &id, &str) < 0)
					goto out;
				buf_reset(&id);
				buf_reset(&str);
				fuzzy = ctx = have = 0;
				field = I18N_NONE;
			}
		}
		if (blank) {
			/* nothing */
		} else if (*s == '#') {
			if (s[1] == ',' && strstr(s, "fuzzy") && strstr(s, "fuzzy") < eol)
				fuzzy = 1;
		} else if (strncmp(s, "msgctxt ", 8) == 0) {
			ctx = 1;
			field = I18N_OTHER;
		} else if (strncmp(s, "msgid_plural ", 13) == 0) {
			field = I18N_OTHER;
		} else if (strncmp(s, "msgid ", 6) == 0) {
			const char *q = s + 6;
			have = 1;
			field = I18N_ID;
			if (i18n_unquote(&q, &id) < 0)
				goto bad;
		} else if (strncmp(s, "msgstr ", 7) == 0 || strncmp(s, "msgstr[0] ", 10) == 0) {
			const char *q = s + (s[6] == '[' ? 10 : 7);
			field = I18N_STR;
			if (i18n_unquote(&q, &str) < 0)
				goto bad;
		} else if (strncmp(s, "msgstr[", 7) == 0) {
			field = I18N_OTHER;
		} else if (*s == '"') {
			const char *q = s;
			struct buf scratch = BUF_INIT;
			struct buf *dst = field == I18N_ID ? &id : field == I18N_STR ? &str : &scratch;
			int urc = i18n_unquote(&q, dst);
			buf_free(&scratch);
			if (urc < 0)
				goto bad;
		} else {
			goto bad;
		}
		p = *eol ? eol + 1 : eol;
	}
	if (have && field != I18N_NONE && id.len && !fuzzy && !ctx && i18n_add(c, &id, &str) < 0)
		goto out;
	if (id.oom || str.oom)
		goto out;
	qsort(c->e, c->n, sizeof *c->e, i18n_cmp);
	rc = 0;
	goto out;
bad:
	log_error("%s:%d: cannot parse this line of the catalog", c->file, lineno);
out:
	buf_free(&id);
	buf_free(&str);
	return rc;
}

int i18n_init(void)
{
	if (i18n_ready)
		return 0;
	for (size_t i = 0; i < I18N_NCAT; i++) {
		struct i18n_catalog *c = &i18n_catalogs[i];
		const struct embed_file *f = embed_find(c->file);
		if (!f) {
			log_warn("%s is not embedded; %s texts fall back to the English source", c->file, c->lang);
			continue;
		}
		if (i18n_parse(c, (const char *)f->data) < 0)
			return -1;
	}
	i18n_ready = 1;
	return 0;
}

const char *i18n_get(const char *lang, const char *msgid)
{
	if (!msgid)
		return "";
	if (!lang)
		lang = "ja";
	for (size_t i = 0; i < I18N_NCAT; i++) {
		struct i18n_catalog *c = &i18n_catalogs[i];
		if (strcmp(c->lang, lang) != 0)
			continue;
		if (!c->n)
			return msgid;
		struct i18n_entry key = { (char *)msgid, NULL };
		const struct i18n_entry *e = bsearch(&key, c->e, c->n, sizeof *c->e, i18n_cmp);
		return e && e->msgstr ? e->msgstr : msgid;
	}
	return msgid;
}
