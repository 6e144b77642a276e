/* test_attach: attachments end to end over HTTP against the real server, on the suite's
 * backend (the attachment directory given by --attach-dir, the limit by --attach-max-mb):
 * a group attaches its 設立趣意書 to its own record (the demo's own documents are in the
 * directory beside the database, not in this server's --attach-dir) through the form on /my/group (multipart,
 * CSRF), with path parts and a bidi control in the uploaded name; the center sees it on
 * its record page; the download's headers (the type Kyodo found, never the declared one;
 * nosniff; a sandbox CSP; attachment with the RFC 5987 name for a PDF, inline for an
 * image); a wrong type behind a right name and a right type behind a wrong name refused
 * with a Japanese message; a file over the limit refused while it streams — declared or
 * chunked — with nothing left on disk; the same content stored once; permissions through
 * the owner's rule (another group's record, staff, committee, the public: 404); CSRF;
 * removal (the file goes with its last reference). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <curl/curl.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

#define DEMO_PW "kyodo-demo-2026"
#define BOUNDARY "----kyodoTestBoundary7MA4YWxk"

static struct h_server srv;
static char files[256];
static long long org_of_group;

static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
static const char pdf2[] = "%PDF-1.4\n% another document: 事業報告書\ntrailer<<>>\n%%EOF\n";
static const unsigned char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";

static int setup(void **state)
{
	(void)state;
	if (h_server_init(&srv) != 0)
		return -1;
	const char *demo[] = { "demo", NULL };
	if (h_cli(&srv, demo, NULL) != 0)
		return -1;
	snprintf(files, sizeof files, "%s/files", srv.dir);
	const char *extra[] = { "--attach-dir", files, "--attach-max-mb", "1", NULL };
	return h_server_start_args(&srv, extra);
}

static int teardown(void **state)
{
	(void)state;
	return h_server_stop(&srv) == 0 ? 0 : -1;
}

static void login_as(struct h_client *c, const char *login)
{
	assert_int_equal(h_client_init(c, &srv), 0);
	assert_int_equal(h_login(c, login, DEMO_PW), 303);
}

/* Files stored (the content directory, without tmp/), and files left in tmp/. */
static int count_in(const char *dir, int skip_tmp, int deep)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.' || (skip_tmp && strcmp(e->d_name, "tmp") == 0))
			continue;
		if (deep) {
			char sub[512];
			snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
			n += count_in(sub, 0, 0);
		} else {
			n++;
		}
	}
	if (d)
		closedir(d);
	return n;
}

static int stored(void) { return count_in(files, 1, 1); }
static int in_tmp(void)
{
	char t[300];
	snprintf(t, sizeof t, "%s/tmp", files);
	return count_in(t, 0, 0);
}

/* A multipart body: the CSRF field (unless csrf is NULL), then the file part. */
static char *multipart(const char *csrf, const char *filename, const char *declared, const void *data, size_t n,
		       size_t *len)
{
	size_t cap = n + 4096, o = 0;
	char *b = malloc(cap);
	if (csrf)
		o += (size_t)snprintf(b + o, cap - o,
				      "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n", csrf);
	o += (size_t)snprintf(b + o, cap - o,
			      "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
			      "Content-Type: %s\r\n\r\n",
			      filename, declared);
	memcpy(b + o, data, n);
	o += n;
	o += (size_t)snprintf(b + o, cap - o, "\r\n--" BOUNDARY "--\r\n");
	*len = o;
	return b;
}

static long upload(struct h_client *c, const char *path, const char *csrf, const char *filename,
		   const char *declared, const void *data, size_t n, int chunked, struct h_resp *r)
{
	size_t len;
	char *body = multipart(csrf, filename, declared, data, n, &len);
	const char *hdr[] = { "Content-Type: multipart/form-data; boundary=" BOUNDARY, "Expect:",
			      chunked ? "Transfer-Encoding: chunked" : NULL, NULL };
	assert_int_equal(h_post_hdr(c, path, body, len, hdr, r), 0);
	free(body);
	return r->status;
}

static void csrf_of(struct h_client *c, const char *page, char *out, size_t n)
{
	assert_int_equal(h_csrf_of(c, page, out, n), 0);
}

/* The id of the first /attachments/N link on page after `after` (0 when none). */
static long long first_attachment(struct h_client *c, const char *page, const char *name)
{
	struct h_resp r;
	assert_int_equal(h_get(c, page, &r), 0);
	assert_int_equal(r.status, 200);
	long long id = 0;
	char needle[300];
	snprintf(needle, sizeof needle, "\">%s</a>", name);
	const char *hit = strstr(r.body, needle);
	if (hit) {
		const char *p = hit;
		while (p > r.body && strncmp(p, "/attachments/", 13) != 0)
			p--;
		id = atoll(p + 13);
	}
	h_resp_free(&r);
	return id;
}

static void test_upload_download_remove(void **state)
{
	(void)state;
	struct h_client g, center;
	struct h_resp r;
	char csrf[128], path[128], v[512];
	login_as(&g, "group");
	/* the form is on the group's own page */
	assert_int_equal(h_get(&g, "/my/group", &r), 0);
	const char *form = strstr(r.body, "action=\"/attachments/org/");
	assert_non_null(form);
	assert_non_null(strstr(r.body, "enctype=\"multipart/form-data\""));
	org_of_group = atoll(form + strlen("action=\"/attachments/org/"));
	assert_true(org_of_group > 0);
	h_resp_free(&r);
	csrf_of(&g, "/my/group", csrf, sizeof csrf);
	snprintf(path, sizeof path, "/attachments/org/%lld", org_of_group);

	/* path parts and a right-to-left override in the name; the declared type is a lie */
	assert_int_equal(upload(&g, path, csrf, "..\\..\\設立趣意書\xE2\x80\xAE.pdf", "text/html", pdf, sizeof pdf - 1, 0, &r),
			 303);
	assert_non_null(h_header(&r, "Location", v, sizeof v));
	assert_string_equal(v, "/my/group?attach=added#attachments");
	h_resp_free(&r);
	assert_int_equal(stored(), 1);
	assert_int_equal(in_tmp(), 0);
	long long id = first_attachment(&g, "/my/group", "設立趣意書.pdf");
	assert_true(id > 0);

	/* the download: the type Kyodo found, never sniffed, never run */
	char dl[64];
	snprintf(dl, sizeof dl, "/attachments/%lld", id);
	assert_int_equal(h_get(&g, dl, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.len, sizeof pdf - 1);
	assert_memory_equal(r.body, pdf, sizeof pdf - 1);
	assert_string_equal(h_header(&r, "Content-Type", v, sizeof v), "application/pdf");
	assert_string_equal(h_header(&r, "X-Content-Type-Options", v, sizeof v), "nosniff");
	assert_string_equal(h_header(&r, "Content-Disposition", v, sizeof v),
			    "attachment; filename=\"_____.pdf\"; filename*=UTF-8''%E8%A8%AD%E7%AB%8B%E8%B6%A3%E6%84%8F%E6%9B%B8.pdf");
	assert_non_null(h_header(&r, "Content-Security-Policy", v, sizeof v));
	assert_true(strncmp(v, "sandbox", 7) == 0);
	/* the download's own policy replaces the site's: it must forbid framing by itself */
	assert_non_null(strstr(v, "frame-ancestors 'none'"));
	assert_null(strstr(v, "script-src"));
	h_resp_free(&r);

	/* the center sees the group's documents on its record page, and may download them */
	login_as(&center, "center");
	char rec[64];
	snprintf(rec, sizeof rec, "/center/orgs/%lld", org_of_group);
	assert_int_equal(first_attachment(&center, rec, "設立趣意書.pdf"), id);
	assert_int_equal(h_get(&center, dl, &r), 0);
	assert_int_equal(r.status, 200);
	h_resp_free(&r);

	/* the same content again (by the center, another name): still one file */
	char ccsrf[128], want[128];
	csrf_of(&center, rec, ccsrf, sizeof ccsrf);
	assert_int_equal(upload(&center, path, ccsrf, "設立趣意書（写）.pdf", "application/pdf", pdf, sizeof pdf - 1, 0, &r), 303);
	snprintf(want, sizeof want, "%s?attach=added#attachments", rec);
	assert_string_equal(h_header(&r, "Location", v, sizeof v), want);
	h_resp_free(&r);
	assert_int_equal(stored(), 1);
	long long copy = first_attachment(&center, rec, "設立趣意書（写）.pdf");
	assert_true(copy > id);

	/* an image is shown inline, as the image Kyodo found (the declared type ignored) */
	assert_int_equal(upload(&g, path, csrf, "活動写真.png", "text/html", png, sizeof png - 1, 0, &r), 303);
	h_resp_free(&r);
	long long img = first_attachment(&g, "/my/group", "活動写真.png");
	assert_true(img > 0);
	snprintf(dl, sizeof dl, "/attachments/%lld", img);
	assert_int_equal(h_get(&g, dl, &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(h_header(&r, "Content-Type", v, sizeof v), "image/png");
	assert_true(strncmp(h_header(&r, "Content-Disposition", v, sizeof v), "inline;", 7) == 0);
	assert_string_equal(h_header(&r, "X-Content-Type-Options", v, sizeof v), "nosniff");
	h_resp_free(&r);
	assert_int_equal(stored(), 2);

	/* removal: the file stays while the center's copy refers to it, then goes */
	char rm[200];
	snprintf(rm, sizeof rm, "csrf=%s", csrf);
	snprintf(path, sizeof path, "/attachments/%lld/remove", id);
	assert_int_equal(h_post(&g, path, rm, &r), 0);
	assert_int_equal(r.status, 303);
	assert_string_equal(h_header(&r, "Location", v, sizeof v), "/my/group?attach=removed#attachments");
	h_resp_free(&r);
	snprintf(dl, sizeof dl, "/attachments/%lld", id);
	assert_int_equal(h_get(&g, dl, &r), 0);
	assert_int_equal(r.status, 404);
	h_resp_free(&r);
	assert_int_equal(stored(), 2);
	snprintf(rm, sizeof rm, "csrf=%s", ccsrf);
	snprintf(path, sizeof path, "/attachments/%lld/remove", copy);
	assert_int_equal(h_post(&center, path, rm, &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	assert_int_equal(stored(), 1);	/* the PDF's content is gone; the image stays */
	assert_int_equal(in_tmp(), 0);
	h_client_free(&center);
	h_client_free(&g);
}

static void test_refused_uploads(void **state)
{
	(void)state;
	struct h_client g;
	struct h_resp r;
	char csrf[128], path[128];
	login_as(&g, "group");
	csrf_of(&g, "/my/group", csrf, sizeof csrf);
	snprintf(path, sizeof path, "/attachments/org/%lld", org_of_group);
	int before = stored();

	/* a wrong type behind a right name: a web page called .pdf, declared as a PDF */
	static const char html[] = "<html><script>alert(1)</script></html>";
	assert_int_equal(upload(&g, path, csrf, "会則.pdf", "application/pdf", html, sizeof html - 1, 0, &r), 422);
	assert_non_null(strstr(r.body, "この種類のファイルは添付できません"));
	assert_non_null(strstr(r.body, "href=\"/my/group#attachments\""));
	h_resp_free(&r);
	/* a right type behind a wrong name: a PDF called .png; a PNG called .docx */
	assert_int_equal(upload(&g, path, csrf, "photo.png", "image/png", pdf2, sizeof pdf2 - 1, 0, &r), 422);
	assert_non_null(strstr(r.body, "拡張子"));
	h_resp_free(&r);
	assert_int_equal(upload(&g, path, csrf, "報告書.docx", "application/octet-stream", png, sizeof png - 1, 0, &r),
			 422);
	h_resp_free(&r);
	/* control characters only: no name left */
	assert_int_equal(upload(&g, path, csrf, "\x1b\x7f.", "application/pdf", pdf2, sizeof pdf2 - 1, 0, &r), 422);
	assert_non_null(strstr(r.body, "ファイル名"));
	h_resp_free(&r);
	/* no CSRF token: refused before anything is kept */
	assert_int_equal(upload(&g, path, NULL, "会則.pdf", "application/pdf", pdf2, sizeof pdf2 - 1, 0, &r), 403);
	h_resp_free(&r);
	assert_int_equal(upload(&g, path, "not-the-token", "会則.pdf", "application/pdf", pdf2, sizeof pdf2 - 1, 0, &r),
			 403);
	h_resp_free(&r);

	/* too large (the limit is 1 MiB here): declared, and streamed in chunks */
	size_t big = (3u << 19);	/* 1.5 MiB */
	char *data = malloc(big);
	memset(data, ' ', big);
	memcpy(data, pdf2, sizeof pdf2 - 1);
	assert_int_equal(upload(&g, path, csrf, "大きい.pdf", "application/pdf", data, big, 0, &r), 413);
	assert_non_null(strstr(r.body, "ファイルが大きすぎます"));
	h_resp_free(&r);
	assert_int_equal(upload(&g, path, csrf, "大きい.pdf", "application/pdf", data, big, 1, &r), 413);
	assert_non_null(strstr(r.body, "ファイルが大きすぎます"));
	h_resp_free(&r);
	/* just under the limit, chunked: accepted (the limit is the file's, not the body's) */
	size_t ok = (1u << 20) - 100;
	assert_int_equal(upload(&g, path, csrf, "ちょうど.pdf", "application/pdf", data, ok, 1, &r), 303);
	h_resp_free(&r);
	free(data);
	/* a malformed body: 400 */
	static const char broken[] = "--" BOUNDARY "\r\nContent-Disposition: form-data\r\n\r\nx";
	const char *hdr[] = { "Content-Type: multipart/form-data; boundary=" BOUNDARY, NULL };
	assert_int_equal(h_post_hdr(&g, path, broken, sizeof broken - 1, hdr, &r), 0);
	assert_int_equal(r.status, 400);
	h_resp_free(&r);
	/* nothing of the refused ones is on disk */
	assert_int_equal(stored(), before + 1);
	assert_int_equal(in_tmp(), 0);
	h_client_free(&g);
}

/* The body's limit (the file's and 64 KiB for the form around it) holds however the body
 * arrives: chunked fields or an epilogue past it are 413 as a declared length is, and
 * nothing is kept. */
static void test_body_over_its_limit_chunked(void **state)
{
	(void)state;
	struct h_client g;
	struct h_resp r;
	char csrf[128], path[128];
	login_as(&g, "group");
	csrf_of(&g, "/my/group", csrf, sizeof csrf);
	snprintf(path, sizeof path, "/attachments/org/%lld", org_of_group);
	int before = stored();
	const char *hdr_chunked[] = { "Content-Type: multipart/form-data; boundary=" BOUNDARY, "Expect:",
				      "Transfer-Encoding: chunked", NULL };
	const char *hdr_declared[] = { "Content-Type: multipart/form-data; boundary=" BOUNDARY, "Expect:", NULL };
	/* 40 fields of 60 KiB (each under the field's limit): 2.4 MB of form in memory */
	size_t field = 60u << 10, cap = (40u * (field + 200)) + 4096, o = 0;
	char *b = malloc(cap);
	o += (size_t)snprintf(b + o, cap - o,
			      "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n", csrf);
	for (int i = 0; i < 40; i++) {
		o += (size_t)snprintf(b + o, cap - o, "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\n",
				      i);
		memset(b + o, 'x', field);
		o += field;
		o += (size_t)snprintf(b + o, cap - o, "\r\n");
	}
	o += (size_t)snprintf(b + o, cap - o,
			      "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"欄.pdf\"\r\n\r\n%s"
			      "\r\n--" BOUNDARY "--\r\n",
			      pdf2);
	assert_int_equal(h_post_hdr(&g, path, b, o, hdr_declared, &r), 0);
	assert_int_equal(r.status, 413);
	h_resp_free(&r);
	assert_int_equal(h_post_hdr(&g, path, b, o, hdr_chunked, &r), 0);
	assert_int_equal(r.status, 413);
	h_resp_free(&r);
	free(b);
	/* a small file, then an epilogue of 1.5 MiB after the closing boundary */
	size_t len, epi = 3u << 19;
	char *one = multipart(csrf, "後書き.pdf", "application/pdf", pdf2, sizeof pdf2 - 1, &len);
	char *body = malloc(len + epi);
	memcpy(body, one, len);
	memset(body + len, 'y', epi);
	free(one);
	assert_int_equal(h_post_hdr(&g, path, body, len + epi, hdr_chunked, &r), 0);
	assert_int_equal(r.status, 413);
	h_resp_free(&r);
	free(body);
	assert_int_equal(stored(), before);
	assert_int_equal(in_tmp(), 0);
	h_client_free(&g);
}

/* The session cookie of a logged-in client, as "name=value". */
static void session_cookie(struct h_client *c, char *out, size_t n)
{
	struct curl_slist *l = NULL;
	out[0] = '\0';
	assert_int_equal(curl_easy_getinfo((CURL *)c->curl, CURLINFO_COOKIELIST, &l), CURLE_OK);
	for (struct curl_slist *e = l; e; e = e->next) {
		/* netscape format: domain, flag, path, secure, expiry, name, value (tabs) */
		const char *f = e->data;
		for (int k = 0; k < 5 && f; k++)
			f = strchr(f, '\t') ? strchr(f, '\t') + 1 : NULL;
		const char *tab = f ? strchr(f, '\t') : NULL;
		if (tab && (size_t)snprintf(out, n, "%.*s=%s", (int)(tab - f), f, tab + 1) < n && strstr(out, "csrf") == NULL)
			break;
	}
	curl_slist_free_all(l);
	assert_true(out[0] != '\0');
}

static int wait_tmp(int want, int ms)
{
	for (int i = 0; i < ms / 20; i++) {
		if (in_tmp() == want)
			return 1;
		struct timespec t = { 0, 20 * 1000 * 1000 };
		nanosleep(&t, NULL);
	}
	return in_tmp() == want;
}

/* A client that goes away in the middle of its file leaves nothing in tmp/. */
static void test_disconnect_mid_file(void **state)
{
	(void)state;
	struct h_client g;
	char csrf[128], cookie[512], head[2048], part[1024];
	login_as(&g, "group");
	csrf_of(&g, "/my/group", csrf, sizeof csrf);
	session_cookie(&g, cookie, sizeof cookie);
	assert_int_equal(in_tmp(), 0);
	int pn = snprintf(part, sizeof part,
			  "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
			  "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"途中.pdf\"\r\n\r\n%s",
			  csrf, pdf2);
	int hn = snprintf(head, sizeof head,
			  "POST /attachments/org/%lld HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\n"
			  "Content-Type: multipart/form-data; boundary=" BOUNDARY "\r\nContent-Length: 900000\r\n\r\n",
			  org_of_group, cookie);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)srv.port) };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(write(fd, head, (size_t)hn), hn);
	assert_int_equal(write(fd, part, (size_t)pn), pn);
	static char fill[200000];
	memset(fill, ' ', sizeof fill);
	assert_int_equal(write(fd, fill, sizeof fill), (ssize_t)sizeof fill);
	assert_true(wait_tmp(1, 5000));	/* the file is being written */
	/* reset (a closed tab): libmicrohttpd notices at once. A plain close (FIN) is noticed
	 * only at the connection's idle timeout (30 s), when the same cleanup runs. */
	struct linger lg = { 1, 0 };
	assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg), 0);
	close(fd);
	assert_true(wait_tmp(0, 5000));	/* and goes with the connection */
	h_client_free(&g);
}

static void test_permissions(void **state)
{
	(void)state;
	struct h_client g, c;
	struct h_resp r;
	char csrf[128], path[128], dl[64], form[200];
	login_as(&g, "group");
	csrf_of(&g, "/my/group", csrf, sizeof csrf);
	snprintf(path, sizeof path, "/attachments/org/%lld", org_of_group);
	assert_int_equal(upload(&g, path, csrf, "事業報告書.pdf", "application/pdf", pdf, sizeof pdf - 1, 0, &r), 303);
	h_resp_free(&r);
	long long id = first_attachment(&g, "/my/group", "事業報告書.pdf");
	assert_true(id > 0);
	snprintf(dl, sizeof dl, "/attachments/%lld", id);

	/* another group's record: the group can neither see nor add (404, nothing kept) */
	int before = stored();
	snprintf(path, sizeof path, "/attachments/org/%lld", org_of_group + 1);
	assert_int_equal(upload(&g, path, csrf, "x.pdf", "application/pdf", pdf2, sizeof pdf2 - 1, 0, &r), 404);
	h_resp_free(&r);
	assert_int_equal(stored(), before);
	assert_int_equal(in_tmp(), 0);

	/* staff and the committee: the group's documents are not theirs to see */
	static const char *const others[] = { "kyodo", "committee" };
	for (int i = 0; i < 2; i++) {
		login_as(&c, others[i]);
		assert_int_equal(h_get(&c, dl, &r), 0);
		assert_int_equal(r.status, 404);
		h_resp_free(&r);
		char ocsrf[128];
		csrf_of(&c, "/", ocsrf, sizeof ocsrf);
		snprintf(form, sizeof form, "csrf=%s", ocsrf);
		char rmp[80];
		snprintf(rmp, sizeof rmp, "/attachments/%lld/remove", id);
		assert_int_equal(h_post(&c, rmp, form, &r), 0);
		assert_int_equal(r.status, 404);
		h_resp_free(&r);
		snprintf(path, sizeof path, "/attachments/org/%lld", org_of_group);
		assert_int_equal(upload(&c, path, ocsrf, "x.pdf", "application/pdf", pdf2, sizeof pdf2 - 1, 0, &r), 404);
		h_resp_free(&r);
		h_client_free(&c);
	}
	/* the public: 404, and no upload without logging in */
	assert_int_equal(h_client_init(&c, &srv), 0);
	assert_int_equal(h_get(&c, dl, &r), 0);
	assert_int_equal(r.status, 404);
	h_resp_free(&r);
	assert_int_equal(upload(&c, path, NULL, "x.pdf", "application/pdf", pdf2, sizeof pdf2 - 1, 0, &r), 303);
	h_resp_free(&r);
	h_client_free(&c);
	assert_int_equal(stored(), before);
	assert_int_equal(in_tmp(), 0);
	/* the admin (協働推進課) sees it */
	login_as(&c, "admin");
	assert_int_equal(h_get(&c, dl, &r), 0);
	assert_int_equal(r.status, 200);
	h_resp_free(&r);
	h_client_free(&c);
	h_client_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_upload_download_remove),
		cmocka_unit_test(test_refused_uploads),
		cmocka_unit_test(test_body_over_its_limit_chunked),
		cmocka_unit_test(test_disconnect_mid_file),
		cmocka_unit_test(test_permissions),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
