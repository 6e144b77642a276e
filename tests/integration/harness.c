/* harness: integration-test helpers (see harness.h). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "harness.h"
#include "../common/testdb.h"
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *h_bin(void)
{
	const char *b = getenv("KYODO_BIN");
	return b && *b ? b : "build/kyodo";
}

/* Runs the binary with argv, feeding stdin_text; returns the exit status or -1. */
static int h_run(const char *const *argv, const char *stdin_text)
{
	int in[2];
	if (pipe(in) < 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(in[0], 0);
		close(in[0]);
		close(in[1]);
		int devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0)
			dup2(devnull, 1);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	if (stdin_text) {
		size_t n = strlen(stdin_text);
		if (write(in[1], stdin_text, n) != (ssize_t)n)
			fprintf(stderr, "harness: short write to child\n");
	}
	close(in[1]);
	int st;
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int h_server_init(struct h_server *s) { return h_server_init_on(s, NULL); }

int h_server_init_on(struct h_server *s, const char *backend)
{
	memset(s, 0, sizeof *s);
	s->pid = -1;
	s->out_fd = -1;
	setenv("KYODO_FAST_HASH", "1", 1);
	snprintf(s->dir, sizeof s->dir, "/tmp/kyodo-itest-XXXXXX");
	if (!mkdtemp(s->dir))
		return -1;
	if (!backend)
		backend = testdb_is_pg() ? "pg" : "sqlite";
	if (strcmp(backend, "pg") == 0) {
		if (testdb_create_on("pg", s->db, sizeof s->db) != 0)
			return -1;
	} else {
		snprintf(s->db, sizeof s->db, "%s/t.db", s->dir);
	}
	const char *argv[] = { h_bin(), "--db", s->db, "init", NULL };
	return h_run(argv, NULL) == 0 ? 0 : -1;
}

int h_user_add(struct h_server *s, const char *login, const char *role, const char *password, const char *department)
{
	char pw[600];
	snprintf(pw, sizeof pw, "%s\n", password);
	const char *argv[12] = { h_bin(), "--db", s->db, "user", "add", login, "--role", role, NULL };
	if (department) {
		argv[8] = "--department";
		argv[9] = department;
		argv[10] = NULL;
	}
	return h_run(argv, pw) == 0 ? 0 : -1;
}

int h_server_start(struct h_server *s)
{
	return h_server_start_args(s, NULL);
}

int h_server_start_args(struct h_server *s, const char *const *extra)
{
	const char *argv[32] = { h_bin(), "--db", s->db, "serve", "--listen", "127.0.0.1:0" };
	int na = 6;
	for (int i = 0; extra && extra[i] && na < 31; i++)
		argv[na++] = extra[i];
	argv[na] = NULL;
	int out[2];
	if (pipe(out) < 0)
		return -1;
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		/* the server ends with the test process, also when a failed assertion leaves
		 * the test before its h_server_stop (it was left running, holding its port) */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent)
			_exit(127);
		dup2(out[1], 1);
		close(out[0]);
		close(out[1]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(out[1]);
	s->pid = pid;
	s->out_fd = out[0];
	/* Read until the "listening" line (give up after 10 s). */
	char line[256];
	size_t n = 0;
	time_t start = time(NULL);
	while (n < sizeof line - 1 && time(NULL) - start < 10) {
		ssize_t k = read(s->out_fd, line + n, 1);
		if (k <= 0)
			break;
		n++;
		if (line[n - 1] == '\n')
			break;
	}
	line[n] = '\0';
	const char *p = strstr(line, "kyodo: listening on http://127.0.0.1:");
	if (!p) {
		fprintf(stderr, "harness: serve did not start: %s\n", line);
		return -1;
	}
	s->port = atoi(p + strlen("kyodo: listening on http://127.0.0.1:"));
	snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", s->port);
	return s->port > 0 ? 0 : -1;
}

static int h_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	return remove(path);
}

int h_server_stop(struct h_server *s)
{
	int rc = -1;
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		int st;
		if (waitpid(s->pid, &st, 0) == s->pid && WIFEXITED(st))
			rc = WEXITSTATUS(st);
		s->pid = -1;
	}
	if (s->out_fd >= 0)
		close(s->out_fd);
	s->out_fd = -1;
	if (s->dir[0] && !s->shared && !getenv("KYODO_KEEP_TMP")) {
		nftw(s->dir, h_rm, 8, FTW_DEPTH | FTW_PHYS);
		if (strncmp(s->db, "postgresql:", 11) == 0)
			testdb_drop(s->db);
	}
	return rc;
}

void h_server_share(struct h_server *dst, const struct h_server *src)
{
	memset(dst, 0, sizeof *dst);
	snprintf(dst->dir, sizeof dst->dir, "%s", src->dir);
	snprintf(dst->db, sizeof dst->db, "%s", src->db);
	dst->pid = -1;
	dst->out_fd = -1;
	dst->shared = 1;
}

int h_client_init(struct h_client *c, struct h_server *s)
{
	static int global_done;
	if (!global_done) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		global_done = 1;
	}
	c->srv = s;
	c->curl = curl_easy_init();
	if (!c->curl)
		return -1;
	curl_easy_setopt(c->curl, CURLOPT_COOKIEFILE, "");	/* in-memory jar */
	curl_easy_setopt(c->curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c->curl, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
	return 0;
}

int h_client_bind(struct h_client *c, const char *addr)
{
	return curl_easy_setopt(c->curl, CURLOPT_INTERFACE, addr) == CURLE_OK ? 0 : -1;
}

void h_client_free(struct h_client *c)
{
	if (c->curl)
		curl_easy_cleanup(c->curl);
	c->curl = NULL;
}

struct h_sink {
	char *p;
	size_t len;
};

static size_t h_write(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct h_sink *s = ud;
	size_t n = size * nmemb;
	char *np = realloc(s->p, s->len + n + 1);
	if (!np)
		return 0;
	memcpy(np + s->len, ptr, n);
	s->p = np;
	s->len += n;
	s->p[s->len] = '\0';
	return n;
}

static int h_perform(struct h_client *c, const char *path, struct h_resp *r)
{
	char url[1024];
	struct h_sink body = { 0 }, hdr = { 0 };
	snprintf(url, sizeof url, "%s%s", c->srv->base, path);
	memset(r, 0, sizeof *r);
	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, h_write);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(c->curl, CURLOPT_HEADERFUNCTION, h_write);
	curl_easy_setopt(c->curl, CURLOPT_HEADERDATA, &hdr);
	CURLcode cc = curl_easy_perform(c->curl);
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &r->status);
	r->body = body.p ? body.p : calloc(1, 1);
	r->len = body.len;
	r->headers = hdr.p ? hdr.p : calloc(1, 1);
	r->hlen = hdr.len;
	if (cc != CURLE_OK) {
		fprintf(stderr, "harness: %s: %s\n", url, curl_easy_strerror(cc));
		return -1;
	}
	return 0;
}

int h_get(struct h_client *c, const char *path, struct h_resp *r)
{
	curl_easy_setopt(c->curl, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, NULL);
	return h_perform(c, path, r);
}

int h_get_hdr(struct h_client *c, const char *path, const char *const *headers, struct h_resp *r)
{
	struct curl_slist *list = NULL;
	for (int i = 0; headers && headers[i]; i++)
		list = curl_slist_append(list, headers[i]);
	curl_easy_setopt(c->curl, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, list);
	int rc = h_perform(c, path, r);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(list);
	return rc;
}

int h_post_hdr(struct h_client *c, const char *path, const char *form, size_t form_len, const char *const *headers,
	       struct h_resp *r)
{
	struct curl_slist *list = NULL;
	for (int i = 0; headers && headers[i]; i++)
		list = curl_slist_append(list, headers[i]);
	curl_easy_setopt(c->curl, CURLOPT_POST, 1L);
	curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, form);
	curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)form_len);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, list);
	int rc = h_perform(c, path, r);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(list);
	return rc;
}

int h_post(struct h_client *c, const char *path, const char *form, struct h_resp *r)
{
	return h_post_hdr(c, path, form, strlen(form), NULL, r);
}

void h_resp_free(struct h_resp *r)
{
	free(r->body);
	free(r->headers);
	memset(r, 0, sizeof *r);
}

const char *h_header(const struct h_resp *r, const char *name, char *out, size_t n)
{
	size_t nl = strlen(name);
	const char *p = r->headers;
	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t ll = eol ? (size_t)(eol - p) : strlen(p);
		if (ll > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (*v == ' ')
				v++;
			size_t vl = (size_t)(p + ll - v);
			while (vl && (v[vl - 1] == '\r' || v[vl - 1] == ' '))
				vl--;
			if (vl >= n)
				vl = n - 1;
			memcpy(out, v, vl);
			out[vl] = '\0';
			return out;
		}
		p = eol ? eol + 1 : NULL;
	}
	return NULL;
}

const char *h_csrf(const struct h_resp *r, char *out, size_t n)
{
	static const char key[] = "name=\"csrf\" value=\"";
	const char *p = r->body ? strstr(r->body, key) : NULL;
	if (!p)
		return NULL;
	p += sizeof key - 1;
	const char *q = strchr(p, '"');
	if (!q || (size_t)(q - p) >= n)
		return NULL;
	memcpy(out, p, (size_t)(q - p));
	out[q - p] = '\0';
	return out;
}

char *h_urlenc(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = malloc(strlen(s) * 3 + 1), *o = out;
	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		    *p == '_' || *p == '.' || *p == '~') {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

/* s[0, n) with the entities the pages write (&amp; &lt; &gt; &quot; &#39;) decoded,
 * into out (n bytes at most: the text only shrinks). */
static void h_unescape(const char *s, size_t n, char *out)
{
	static const struct { const char *ent; char c; } ents[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&#39;", '\'' },
	};
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		int hit = 0;
		for (size_t k = 0; k < sizeof ents / sizeof *ents && !hit; k++) {
			size_t len = strlen(ents[k].ent);
			if (i + len <= n && strncmp(s + i, ents[k].ent, len) == 0) {
				out[o++] = ents[k].c;
				i += len - 1;
				hit = 1;
			}
		}
		if (!hit)
			out[o++] = s[i];
	}
	out[o] = 0;
}

/* The value of attribute name in the tag [tag, end) into out (n bytes), decoded: 1 when
 * it has one ("" for a bare attribute such as checked), 0 when not. */
static int h_attr(const char *tag, const char *end, const char *name, char *out, size_t n)
{
	size_t len = strlen(name);
	for (const char *p = tag + 1; p + len <= end; p++) {
		if ((p[-1] != ' ' && p[-1] != '\n') || strncmp(p, name, len) != 0)
			continue;
		const char *q = p + len;
		if (*q == ' ' || *q == '>' || *q == '/') {
			if (out)
				*out = 0;
			return 1;
		}
		if (q[0] != '=' || q[1] != '"')
			continue;
		const char *v = q + 2, *close = memchr(v, '"', (size_t)(end - v));
		if (!close || (size_t)(close - v) >= n)
			return 0;
		if (out)
			h_unescape(v, (size_t)(close - v), out);
		return 1;
	}
	return 0;
}

#define H_FORM_MAX 256
#define H_VALUE_MAX 4096

struct h_field {
	char name[128];
	char *value;
};

static void h_field_add(struct h_field *f, int *n, const char *name, const char *value, size_t vlen)
{
	if (*n >= H_FORM_MAX)
		return;
	snprintf(f[*n].name, sizeof f[*n].name, "%s", name);
	f[*n].value = strndup(value, vlen);
	(*n)++;
}

char *h_form_body(const char *html, const char *action, const char *const *set)
{
	char want[512];
	snprintf(want, sizeof want, "action=\"%s\"", action);
	const char *form = strstr(html, want);
	if (!form)
		return NULL;
	const char *end = strstr(form, "</form>");
	if (!end)
		return NULL;
	struct h_field f[H_FORM_MAX];
	int n = 0;
	char name[128], type[32], value[H_VALUE_MAX];
	for (const char *p = strchr(form, '>'); p && p < end; p = strchr(p + 1, '<')) {
		const char *tend = strchr(p, '>');
		if (!tend || tend > end)
			break;
		if (strncmp(p, "<input", 6) == 0 && h_attr(p, tend, "name", name, sizeof name)) {
			if (!h_attr(p, tend, "type", type, sizeof type))
				snprintf(type, sizeof type, "text");
			if (!h_attr(p, tend, "value", value, sizeof value))
				snprintf(value, sizeof value, "%s", strcmp(type, "checkbox") == 0 ? "on" : "");
			int box = strcmp(type, "checkbox") == 0 || strcmp(type, "radio") == 0;
			if ((!box || h_attr(p, tend, "checked", NULL, 0)) && strcmp(type, "submit") != 0)
				h_field_add(f, &n, name, value, strlen(value));
		} else if (strncmp(p, "<textarea", 9) == 0 && h_attr(p, tend, "name", name, sizeof name)) {
			const char *close = strstr(tend, "</textarea>");
			if (!close)
				break;
			/* as a browser's parser: a newline right after the start tag is not the value's */
			const char *from = tend + 1;
			if (from < close && *from == '\n')
				from++;
			char *t = malloc((size_t)(close - from) + 1);
			h_unescape(from, (size_t)(close - from), t);
			h_field_add(f, &n, name, t, strlen(t));
			free(t);
		} else if (strncmp(p, "<select", 7) == 0 && h_attr(p, tend, "name", name, sizeof name)) {
			const char *close = strstr(tend, "</select>");
			if (!close)
				break;
			char first[H_VALUE_MAX] = "", chosen[H_VALUE_MAX];
			int have_first = 0, have = 0;
			for (const char *o = strstr(tend, "<option"); o && o < close; o = strstr(o + 1, "<option")) {
				const char *oend = strchr(o, '>');
				if (!oend || !h_attr(o, oend, "value", value, sizeof value))
					continue;
				if (!have_first++)
					snprintf(first, sizeof first, "%s", value);
				if (h_attr(o, oend, "selected", NULL, 0)) {
					snprintf(chosen, sizeof chosen, "%s", value);
					have = 1;
				}
			}
			const char *v = have ? chosen : first;
			h_field_add(f, &n, name, v, strlen(v));
		}
	}
	for (int k = 0; set && set[k]; k += 2) {
		int found = 0;
		for (int i = 0; i < n; i++)
			if (strcmp(f[i].name, set[k]) == 0) {
				free(f[i].value);
				f[i].value = set[k + 1] ? strdup(set[k + 1]) : NULL;
				found = 1;
			}
		if (!found && set[k + 1])
			h_field_add(f, &n, set[k], set[k + 1], strlen(set[k + 1]));
	}
	size_t cap = 64;
	for (int i = 0; i < n; i++)
		cap += 3 * (strlen(f[i].name) + (f[i].value ? strlen(f[i].value) : 0)) + 2;
	char *body = malloc(cap), *o = body;
	*o = 0;
	for (int i = 0; i < n; i++) {
		if (f[i].value) {
			char *en = h_urlenc(f[i].name), *ev = h_urlenc(f[i].value);
			o += sprintf(o, "%s%s=%s", o == body ? "" : "&", en, ev);
			free(en);
			free(ev);
		}
		free(f[i].value);
	}
	return body;
}

long h_login(struct h_client *c, const char *login, const char *password)
{
	char *l = h_urlenc(login), *p = h_urlenc(password);
	char form[1024];
	long status = -1;
	struct h_resp r;
	if (!l || !p)
		goto out;
	snprintf(form, sizeof form, "login=%s&password=%s", l, p);
	if (h_post(c, "/login", form, &r) == 0)
		status = r.status;
	h_resp_free(&r);
out:
	free(l);
	free(p);
	return status;
}

int h_csrf_of(struct h_client *c, const char *path, char *out, size_t n)
{
	struct h_resp r;
	int rc = -1;
	if (h_get(c, path, &r) == 0 && h_csrf(&r, out, n))
		rc = 0;
	h_resp_free(&r);
	return rc;
}

int h_cli(struct h_server *s, const char *const *args, const char *stdin_text)
{
	const char *argv[32];
	int n = 0;
	argv[n++] = h_bin();
	argv[n++] = "--db";
	argv[n++] = s->db;
	for (int i = 0; args[i] && n < 31; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	return h_run(argv, stdin_text);
}

char *h_cli_output(const char *const *args)
{
	char cmd[1024];
	size_t o = (size_t)snprintf(cmd, sizeof cmd, "%s", h_bin());
	for (int i = 0; args[i] && o < sizeof cmd; i++)
		o += (size_t)snprintf(cmd + o, sizeof cmd - o, " '%s'", args[i]);
	FILE *p = popen(cmd, "r");
	if (!p)
		return NULL;
	size_t cap = 4096, len = 0;
	char *out = malloc(cap);
	size_t n;
	while (out && (n = fread(out + len, 1, cap - len - 1, p)) > 0) {
		len += n;
		if (cap - len < 2) {
			char *bigger = realloc(out, cap * 2);
			if (!bigger) {
				free(out);
				out = NULL;
				break;
			}
			out = bigger;
			cap *= 2;
		}
	}
	if (out)
		out[len] = 0;
	pclose(p);
	return out;
}
