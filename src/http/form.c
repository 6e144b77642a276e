/* form: urlencoded parsing and the field list of a request (see form.h). Pure functions
 * over an arena: no MHD, no globals. */
#include "http/form.h"
#include "util/arena.h"
#include <string.h>

int form_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		unsigned c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t len;
		unsigned cp, min;
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2; cp = c & 0x1F; min = 0x80;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3; cp = c & 0x0F; min = 0x800;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4; cp = c & 0x07; min = 0x10000;
		} else {
			return 0;
		}
		if (n - i < len)
			return 0;
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += len;
	}
	return 1;
}

static int form_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..n) into a new arena string; NULL when malformed, NUL inside, or not UTF-8. */
static char *form_decode(struct arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			int hi, lo;
			if (i + 2 >= n)
				return NULL;
			hi = form_hex(s[i + 1]);
			lo = form_hex(s[i + 2]);
			if (hi < 0 || lo < 0)
				return NULL;
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		if (c == '\0')
			return NULL;
		out[o++] = c;
	}
	out[o] = '\0';
	if (!form_utf8_valid(out, o))
		return NULL;
	return out;
}

static int form_push(struct arena *a, struct form_fields *f, const char *name, const char *value)
{
	if (f->n >= FORM_MAX_FIELDS)
		return -1;
	if (f->n == f->cap) {
		int cap = f->cap ? f->cap * 2 : 8;
		struct form_kv *nkv = arena_alloc(a, (size_t)cap * sizeof *nkv);
		if (!nkv)
			return -1;
		if (f->n)
			memcpy(nkv, f->kv, (size_t)f->n * sizeof *nkv);
		f->kv = nkv;
		f->cap = cap;
	}
	f->kv[f->n].name = name;
	f->kv[f->n].value = value;
	f->n++;
	return 0;
}

int form_add(struct arena *a, struct form_fields *f, const char *name, const char *value)
{
	char *n = arena_strdup(a, name ? name : "");
	char *v = arena_strdup(a, value ? value : "");
	if (!n || !v)
		return -1;
	return form_push(a, f, n, v);
}

int form_parse_urlencoded(struct arena *a, const char *data, size_t len, struct form_fields *out)
{
	size_t i = 0;
	while (i < len) {
		size_t end = i;
		while (end < len && data[end] != '&')
			end++;
		if (end > i) {
			size_t eq = i;
			while (eq < end && data[eq] != '=')
				eq++;
			char *name = form_decode(a, data + i, eq - i);
			char *value = eq < end ? form_decode(a, data + eq + 1, end - eq - 1) : arena_strdup(a, "");
			if (!name || !value)
				return -1;
			if (form_push(a, out, name, value) < 0)
				return -1;
		}
		i = end + 1;
	}
	return 0;
}

const char *form_get(const struct form_fields *f, const char *name)
{
	for (int i = 0; i < f->n; i++)
		if (strcmp(f->kv[i].name, name) == 0)
			return f->kv[i].value;
	return NULL;
}
