/* multipart: the streaming multipart/form-data parser (see multipart.h). One buffer of
 * fixed size holds what is not yet decided: a part's header block until its blank line,
 * or the last bytes of a body that may be the start of the next delimiter. Everything
 * else is handed to the callbacks at once. */
#include "http/multipart.h"
#include <string.h>
#include <strings.h>

static int mp_bchar(unsigned char c)
{
	/* RFC 2046 bchars, without the space (which may not end a boundary anyway) */
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c && strchr("'()+_,-./:=?", c) != NULL);
}

int mp_is_multipart(const char *ct)
{
	static const char type[] = "multipart/form-data";
	if (!ct)
		return 0;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return strncasecmp(ct, type, sizeof type - 1) == 0 &&
	       (ct[sizeof type - 1] == '\0' || ct[sizeof type - 1] == ';' || ct[sizeof type - 1] == ' ');
}

int mp_boundary(const char *ct, char *out, size_t n)
{
	if (!mp_is_multipart(ct) || n < MP_BOUNDARY_MAX + 1)
		return -1;
	const char *p = strchr(ct, ';');
	while (p) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "boundary=", 9) == 0) {
			p += 9;
			size_t len = 0;
			if (*p == '"') {
				p++;
				while (p[len] && p[len] != '"')
					len++;
				if (p[len] != '"')
					return -1;
			} else {
				while (p[len] && p[len] != ';' && p[len] != ' ' && p[len] != '\t')
					len++;
			}
			if (len == 0 || len > MP_BOUNDARY_MAX)
				return -1;
			for (size_t i = 0; i < len; i++)
				if (!mp_bchar((unsigned char)p[i]))
					return -1;
			memcpy(out, p, len);
			out[len] = '\0';
			return 0;
		}
		p = strchr(p, ';');
	}
	return -1;
}

int mp_init(struct mp_parser *p, const char *content_type, const struct mp_callbacks *cb, void *ctx)
{
	char b[MP_BOUNDARY_MAX + 1];
	memset(p, 0, sizeof *p);
	p->state = MP_FAILED;
	if (mp_boundary(content_type, b, sizeof b) < 0)
		return -1;
	p->cb = cb;
	p->ctx = ctx;
	memcpy(p->delim, "\r\n--", 4);
	p->dlen = 4 + strlen(b);
	memcpy(p->delim + 4, b, strlen(b));
	/* the body starts with "--boundary": as if a line ended just before it */
	memcpy(p->hold, "\r\n", 2);
	p->nhold = 2;
	p->state = MP_PREAMBLE;
	return 0;
}

/* The first needle in h[0..hn) (no memmem: the fuzzer builds without _GNU_SOURCE). */
static const char *mp_find(const char *h, size_t hn, const char *needle, size_t nn)
{
	if (nn == 0 || hn < nn)
		return NULL;
	for (const char *p = h, *end = h + (hn - nn); p <= end; p++) {
		p = memchr(p, needle[0], (size_t)(end - p) + 1);
		if (!p)
			return NULL;
		if (memcmp(p, needle, nn) == 0)
			return p;
	}
	return NULL;
}

/* Drops the first k bytes of the held ones. */
static void mp_consume(struct mp_parser *p, size_t k)
{
	memmove(p->hold, p->hold + k, p->nhold - k);
	p->nhold -= k;
}

/* The value of parameter name (name="v" or name=v) in a Content-Disposition value into
 * out; 1 found, 0 absent, -1 malformed or too long. */
static int mp_param(const char *v, size_t vn, const char *name, char *out, size_t outn)
{
	size_t nl = strlen(name), i = 0;
	/* skip the disposition type */
	while (i < vn && v[i] != ';')
		i++;
	while (i < vn) {
		i++;	/* the ';' */
		while (i < vn && (v[i] == ' ' || v[i] == '\t'))
			i++;
		size_t start = i;
		while (i < vn && v[i] != '=' && v[i] != ';')
			i++;
		size_t klen = i - start;
		while (klen && (v[start + klen - 1] == ' ' || v[start + klen - 1] == '\t'))
			klen--;
		int match = klen == nl && strncasecmp(v + start, name, nl) == 0;
		if (i >= vn || v[i] == ';')
			continue;	/* a parameter without a value */
		i++;	/* '=' */
		while (i < vn && (v[i] == ' ' || v[i] == '\t'))
			i++;
		size_t vs, ve;
		if (i < vn && v[i] == '"') {
			vs = ++i;
			while (i < vn && v[i] != '"')
				i++;
			if (i >= vn)
				return -1;
			ve = i++;
		} else {
			vs = i;
			while (i < vn && v[i] != ';' && v[i] != ' ' && v[i] != '\t')
				i++;
			ve = i;
		}
		while (i < vn && v[i] != ';')
			i++;
		if (match) {
			if (ve - vs >= outn)
				return -1;
			memcpy(out, v + vs, ve - vs);
			out[ve - vs] = '\0';
			return 1;
		}
	}
	return 0;
}

static int mp_header_is(const char *line, size_t n, const char *name, const char **val, size_t *vn)
{
	size_t nl = strlen(name);
	if (n <= nl || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
		return 0;
	size_t i = nl + 1;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	while (n > i && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	*val = line + i;
	*vn = n - i;
	return 1;
}

/* Parses the header block hold[0..n) (without its blank line) into p->part. 0 or -1. */
static int mp_headers(struct mp_parser *p, const char *h, size_t n)
{
	struct mp_part *part = &p->part;
	int have_disp = 0;
	memset(part, 0, sizeof *part);
	/* no NUL; other control characters may stand in a filename (browsers send them as
	 * they are), which the domain cleans (attach_name_clean) */
	if (memchr(h, '\0', n))
		return -1;
	size_t i = 0;
	while (i < n) {
		const char *line = h + i;
		const char *eol = mp_find(line, n - i, "\r\n", 2);
		size_t ln = eol ? (size_t)(eol - line) : n - i;
		if (memchr(line, '\r', ln) || memchr(line, '\n', ln))
			return -1;	/* a bare CR or LF */
		const char *v;
		size_t vn;
		if (mp_header_is(line, ln, "Content-Disposition", &v, &vn)) {
			if (have_disp || vn < 9 || strncasecmp(v, "form-data", 9) != 0 ||
			    (vn > 9 && v[9] != ';' && v[9] != ' '))
				return -1;
			have_disp = 1;
			if (mp_param(v, vn, "name", part->name, sizeof part->name) != 1 || !part->name[0])
				return -1;
			int f = mp_param(v, vn, "filename", part->filename_buf, sizeof part->filename_buf);
			if (f < 0)
				return -1;
			part->filename = f ? part->filename_buf : NULL;
		} else if (mp_header_is(line, ln, "Content-Type", &v, &vn)) {
			if (vn > MP_CTYPE_MAX)
				return -1;
			memcpy(part->ctype, v, vn);
			part->ctype[vn] = '\0';
		}
		i += ln + 2;
	}
	return have_disp ? 0 : -1;
}

static int mp_fail(struct mp_parser *p)
{
	p->state = MP_FAILED;
	return -1;
}

/* Moves on as far as the held bytes allow. 0, or -1 on failure. */
static int mp_run(struct mp_parser *p)
{
	for (;;) {
		switch (p->state) {
		case MP_PREAMBLE:
		case MP_BODY: {
			const char *d = mp_find(p->hold, p->nhold, p->delim, p->dlen);
			size_t upto = d ? (size_t)(d - p->hold) : (p->nhold >= p->dlen ? p->nhold - (p->dlen - 1) : 0);
			if (p->state == MP_BODY && upto && p->cb->part_data && p->cb->part_data(p->ctx, p->hold, upto))
				return mp_fail(p);
			if (!d) {
				mp_consume(p, upto);
				return 0;
			}
			mp_consume(p, upto + p->dlen);
			if (p->state == MP_BODY && p->cb->part_end && p->cb->part_end(p->ctx))
				return mp_fail(p);
			p->state = MP_AFTER_BOUNDARY;
			break;
		}
		case MP_AFTER_BOUNDARY:
			if (p->nhold < 2)
				return 0;
			if (p->hold[0] == '-' && p->hold[1] == '-') {
				p->state = MP_DONE;
				p->nhold = 0;
				return 0;
			}
			if (p->hold[0] != '\r' || p->hold[1] != '\n')
				return mp_fail(p);
			mp_consume(p, 2);
			p->state = MP_HEADERS;
			break;
		case MP_HEADERS: {
			const char *e = mp_find(p->hold, p->nhold, "\r\n\r\n", 4);
			if (!e) {
				if (p->nhold >= MP_HEADER_MAX)
					return mp_fail(p);
				return 0;
			}
			size_t hn = (size_t)(e - p->hold);
			if (hn > MP_HEADER_MAX || ++p->nparts > MP_MAX_PARTS || mp_headers(p, p->hold, hn) < 0)
				return mp_fail(p);
			mp_consume(p, hn + 4);
			if (p->cb->part_begin && p->cb->part_begin(p->ctx, &p->part))
				return mp_fail(p);
			p->state = MP_BODY;
			break;
		}
		case MP_DONE:
			p->nhold = 0;	/* the epilogue is ignored */
			return 0;
		case MP_FAILED:
		default:
			return -1;
		}
	}
}

int mp_feed(struct mp_parser *p, const char *data, size_t n)
{
	if (p->state == MP_FAILED)
		return -1;
	while (n) {
		if (p->state == MP_DONE)
			return 0;
		size_t room = sizeof p->hold - p->nhold;
		size_t k = n < room ? n : room;
		if (k == 0)
			return mp_fail(p);	/* cannot happen: every state frees room or fails */
		memcpy(p->hold + p->nhold, data, k);
		p->nhold += k;
		data += k;
		n -= k;
		if (mp_run(p) < 0)
			return -1;
	}
	return 0;
}

int mp_finish(struct mp_parser *p)
{
	if (p->state == MP_DONE)
		return 0;
	p->state = MP_FAILED;
	return -1;
}
