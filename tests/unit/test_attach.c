/* test_attach: attachments below the web — the streaming multipart parser (the same body
 * cut at every place gives the same parts; delimiter look-alikes inside a file survive;
 * malformed bodies refused), the upload sink (a file over the limit deleted while it
 * arrives), types from the content (every accepted type; a wrong type behind a right name,
 * a right type behind a wrong name), names (path parts, control and bidi characters,
 * length), the Content-Disposition value, and the domain on the suite's backend: the same
 * content stored once, permissions through the owner's rule (a group on its own record,
 * the center, not another group, staff or the public), removal (the file goes with its
 * last reference) and the audit. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "domain/account.h"
#include "domain/attach.h"
#include "domain/audit.h"
#include "domain/org.h"
#include "http/form.h"
#include "http/multipart.h"
#include "http/multipart_upload.h"
#include "../common/testdb.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"

/* ---- the multipart parser ---- */

struct collect {
	struct buf out;		/* "[name|filename|ctype]data;" per part */
	int parts;
};

static int c_begin(void *ctx, const struct mp_part *p)
{
	struct collect *c = ctx;
	buf_printf(&c->out, "[%s|%s|%s]", p->name, p->filename ? p->filename : "-", p->ctype);
	c->parts++;
	return 0;
}

static int c_data(void *ctx, const char *d, size_t n)
{
	buf_append(&((struct collect *)ctx)->out, d, n);
	return 0;
}

static int c_end(void *ctx)
{
	buf_putc(&((struct collect *)ctx)->out, ';');
	return 0;
}

static const struct mp_callbacks c_cb = { c_begin, c_data, c_end };

#define CT "multipart/form-data; boundary=----kyodoB0und"
static const char body[] = "------kyodoB0und\r\n"
			   "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
			   "tok123\r\n"
			   "------kyodoB0und\r\n"
			   "Content-Disposition: form-data; name=\"file\"; filename=\"会則.pdf\"\r\n"
			   "Content-Type: application/pdf\r\n\r\n"
			   "%PDF-1.4\r\n------kyodoB0un not yet\r\n--\r\n----kyodoB0und-x\r\nend\r\n"
			   "------kyodoB0und--\r\nepilogue";
static const char want[] = "[csrf|-|]tok123;[file|会則.pdf|application/pdf]"
			   "%PDF-1.4\r\n------kyodoB0un not yet\r\n--\r\n----kyodoB0und-x\r\nend;";

/* Feeds s in pieces of step bytes; what the callbacks saw (malloc'd), or NULL when refused. */
static char *parse_all(const char *ct, const char *s, size_t n, size_t step)
{
	struct mp_parser *p = malloc(sizeof *p);
	struct collect c = { BUF_INIT, 0 };
	int rc = mp_init(p, ct, &c_cb, &c);
	for (size_t i = 0; rc == 0 && i < n; i += step)
		rc = mp_feed(p, s + i, n - i < step ? n - i : step);
	if (rc == 0)
		rc = mp_finish(p);
	free(p);
	char *r = rc == 0 ? strdup(buf_cstr(&c.out)) : NULL;
	buf_free(&c.out);
	return r;
}

static void test_multipart_every_cut(void **state)
{
	(void)state;
	size_t n = sizeof body - 1;
	for (size_t step = 1; step <= n; step++) {
		char *got = parse_all(CT, body, n, step);
		assert_non_null(got);
		assert_string_equal(got, want);
		free(got);
	}
	/* a quoted boundary, and the body's first bytes a preamble */
	char *got = parse_all("multipart/form-data; charset=utf-8; boundary=\"----kyodoB0und\"", body, n, 7);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_multipart_refused(void **state)
{
	(void)state;
	char b[MP_BOUNDARY_MAX + 1];
	assert_int_equal(mp_boundary("application/x-www-form-urlencoded", b, sizeof b), -1);
	assert_int_equal(mp_boundary("multipart/form-data", b, sizeof b), -1);
	assert_int_equal(mp_boundary("multipart/form-data; boundary=", b, sizeof b), -1);
	assert_int_equal(mp_boundary("multipart/form-data; boundary=a\x01", b, sizeof b), -1);
	char longb[120] = "multipart/form-data; boundary=";
	memset(longb + strlen(longb), 'x', 71);
	assert_int_equal(mp_boundary(longb, b, sizeof b), -1);
	assert_int_equal(mp_boundary("Multipart/Form-Data; BOUNDARY=abc", b, sizeof b), 0);
	assert_string_equal(b, "abc");

	/* the body ends before its closing boundary */
	assert_null(parse_all(CT, body, sizeof body - 1 - 22, 5));
	/* a part without a name; without Content-Disposition; a bare LF in a header */
	static const char *const bad[] = {
		"------kyodoB0und\r\nContent-Disposition: form-data\r\n\r\nx\r\n------kyodoB0und--",
		"------kyodoB0und\r\nContent-Type: text/plain\r\n\r\nx\r\n------kyodoB0und--",
		"------kyodoB0und\r\nContent-Disposition: form-data; name=\"a\nb\"\r\n\r\nx\r\n------kyodoB0und--",
		"------kyodoB0und\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n------kyodoB0und--",
		"------kyodoB0und\r\nContent-Disposition: form-data; name=\"a\"; filename=\"x\r\n\r\nx\r\n------kyodoB0und--",
		"------kyodoB0undXX\r\n",
		"garbage------kyodoB0und?",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_null(parse_all(CT, bad[i], strlen(bad[i]), 3));
	/* a header block over the limit */
	struct buf big = BUF_INIT;
	buf_puts(&big, "------kyodoB0und\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: ");
	for (int i = 0; i < MP_HEADER_MAX; i++)
		buf_putc(&big, 'p');
	buf_puts(&big, "\r\n\r\nx\r\n------kyodoB0und--");
	assert_null(parse_all(CT, big.data, big.len, 1000));
	buf_free(&big);
	/* too many parts */
	struct buf many = BUF_INIT;
	for (int i = 0; i <= MP_MAX_PARTS; i++)
		buf_puts(&many, "------kyodoB0und\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n");
	buf_puts(&many, "------kyodoB0und--");
	assert_null(parse_all(CT, many.data, many.len, 100));
	buf_free(&many);
}

/* ---- the upload sink ---- */

static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	if (d)
		closedir(d);
	return n;
}

static void test_upload_sink(void **state)
{
	(void)state;
	char dir[] = "/tmp/kyodo-up-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct arena *a = arena_new(0);
	struct form_fields form = { 0 };
	struct mp_upload *u = malloc(sizeof *u);
	/* within the limit: fields, the file and its hash */
	assert_int_equal(mp_upload_begin(u, a, &form, CT, dir, 1000), 0);
	for (size_t i = 0; i < sizeof body - 1; i += 13)
		assert_int_equal(mp_upload_feed(u, body + i, sizeof body - 1 - i < 13 ? sizeof body - 1 - i : 13), 0);
	assert_int_equal(mp_upload_end(u), 0);
	assert_string_equal(form_get(&form, "csrf"), "tok123");
	const struct req_upload *f = mp_upload_file(u);
	assert_non_null(f);
	assert_string_equal(f->filename, "会則.pdf");
	assert_int_equal(f->size, strlen("%PDF-1.4\r\n------kyodoB0un not yet\r\n--\r\n----kyodoB0und-x\r\nend"));
	assert_int_equal(strlen(f->sha256), 64);
	assert_int_equal(count_files(dir), 1);
	mp_upload_discard(u);
	assert_int_equal(count_files(dir), 0);

	/* over the limit: the file is deleted while the body still arrives */
	form.n = 0;
	assert_int_equal(mp_upload_begin(u, a, &form, CT, dir, 20), 0);
	size_t half = strlen(body) - 30;
	assert_int_equal(mp_upload_feed(u, body, half), 0);
	assert_true(u->too_large);
	assert_int_equal(count_files(dir), 0);
	assert_int_equal(mp_upload_feed(u, body + half, sizeof body - 1 - half), 0);
	assert_int_equal(mp_upload_end(u), 0);
	assert_null(mp_upload_file(u));
	mp_upload_discard(u);

	/* over the limit within one large piece (the parser hands the file on in several
	 * calls): still only too large, not malformed */
	struct buf large = BUF_INIT;
	buf_puts(&large, "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\n\r\n");
	for (int i = 0; i < 20000; i++)
		buf_putc(&large, 'x');
	buf_puts(&large, "\r\n--b--\r\n");
	assert_int_equal(mp_upload_begin(u, a, &form, "multipart/form-data; boundary=b", dir, 5000), 0);
	assert_int_equal(mp_upload_feed(u, large.data, large.len), 0);
	assert_true(u->too_large);
	assert_int_equal(mp_upload_end(u), 0);
	assert_null(mp_upload_file(u));
	assert_int_equal(count_files(dir), 0);
	mp_upload_discard(u);
	buf_free(&large);

	/* two files in one request: refused */
	static const char two[] = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\nA\r\n"
				  "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.pdf\"\r\n\r\nB\r\n--b--";
	assert_int_equal(mp_upload_begin(u, a, &form, "multipart/form-data; boundary=b", dir, 1000), 0);
	assert_int_equal(mp_upload_feed(u, two, sizeof two - 1), -1);
	mp_upload_discard(u);
	/* a file input left empty: no file */
	static const char empty[] = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\n"
				    "Content-Type: application/octet-stream\r\n\r\n\r\n--b--\r\n";
	assert_int_equal(mp_upload_begin(u, a, &form, "multipart/form-data; boundary=b", dir, 1000), 0);
	assert_int_equal(mp_upload_feed(u, empty, sizeof empty - 1), 0);
	assert_int_equal(mp_upload_end(u), 0);
	assert_null(mp_upload_file(u));
	mp_upload_discard(u);
	assert_int_equal(count_files(dir), 0);
	free(u);
	arena_free(a);
	rmdir(dir);
}

/* ---- types ---- */

/* A zip of stored, empty entries with these names (the first one holding data). */
static size_t make_zip(unsigned char *out, const char *const *names, const char *first_data)
{
	size_t o = 0, cd_start, offs[16];
	int n = 0;
	for (; names[n]; n++) {
		size_t nl = strlen(names[n]), dl = n == 0 && first_data ? strlen(first_data) : 0;
		offs[n] = o;
		unsigned char h[30] = { 'P', 'K', 3, 4, 10, 0 };
		h[18] = (unsigned char)dl;	/* compressed size */
		h[22] = (unsigned char)dl;	/* size */
		h[26] = (unsigned char)nl;
		memcpy(out + o, h, 30);
		memcpy(out + o + 30, names[n], nl);
		memcpy(out + o + 30 + nl, first_data && n == 0 ? first_data : "", dl);
		o += 30 + nl + dl;
	}
	cd_start = o;
	for (int i = 0; i < n; i++) {
		size_t nl = strlen(names[i]);
		unsigned char c[46] = { 'P', 'K', 1, 2, 20, 0, 10, 0 };
		c[28] = (unsigned char)nl;
		c[42] = (unsigned char)offs[i];
		c[43] = (unsigned char)(offs[i] >> 8);
		memcpy(out + o, c, 46);
		memcpy(out + o + 46, names[i], nl);
		o += 46 + nl;
	}
	size_t cd_size = o - cd_start;
	unsigned char e[22] = { 'P', 'K', 5, 6 };
	e[8] = e[10] = (unsigned char)n;
	e[12] = (unsigned char)cd_size;
	e[13] = (unsigned char)(cd_size >> 8);
	e[16] = (unsigned char)cd_start;
	e[17] = (unsigned char)(cd_start >> 8);
	memcpy(out + o, e, 22);
	return o + 22;
}

/* An OLE2 file with one directory sector holding the root and a stream called name. */
static size_t make_ole(unsigned char *out, const char *name)
{
	memset(out, 0, 512 * 3);
	memcpy(out, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
	out[0x1E] = 9;	/* 512-byte sectors */
	out[0x30] = 1;	/* the directory at sector 1 */
	out[0x4C] = 0;	/* the FAT at sector 0 */
	/* FAT (sector 0, at 512): sector 0 FAT (0xFFFFFFFD), sector 1 end of chain */
	memset(out + 512, 0xFF, 512);
	memcpy(out + 512, "\xFD\xFF\xFF\xFF\xFE\xFF\xFF\xFF", 8);
	unsigned char *dir = out + 1024;
	const char *root = "Root Entry";
	for (size_t i = 0; i < strlen(root); i++)
		dir[2 * i] = (unsigned char)root[i];
	dir[0x40] = (unsigned char)(2 * strlen(root) + 2);
	dir[0x42] = 5;
	unsigned char *st = dir + 128;
	for (size_t i = 0; i < strlen(name); i++)
		st[2 * i] = (unsigned char)name[i];
	st[0x40] = (unsigned char)(2 * strlen(name) + 2);
	st[0x42] = 2;
	return 512 * 3;
}

static const char *code_of(const unsigned char *p, size_t n)
{
	const struct attach_type *t = attach_type_detect_mem(p, n);
	return t ? t->code : "none";
}

static void test_types_from_content(void **state)
{
	(void)state;
	static unsigned char buf[8192];
	struct { const char *bytes; size_t n; const char *code; } magic[] = {
		{ "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", 24, "pdf" },
		{ "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, "png" },
		{ "\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01", 16, "jpeg" },
		{ "GIF89a\x01\0\x01\0\x80\0\0\0\0\0", 16, "gif" },
		{ "RIFF\x24\0\0\0WEBPVP8 ", 16, "webp" },
		{ "MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0", 16, "none" },	/* a Windows program */
		{ "<html><script>x", 16, "none" },
		{ "%PDF", 4, "none" },	/* too short to be anything */
	};
	for (size_t i = 0; i < sizeof magic / sizeof *magic; i++)
		assert_string_equal(code_of((const unsigned char *)magic[i].bytes, magic[i].n), magic[i].code);

	const char *docx[] = { "[Content_Types].xml", "_rels/.rels", "word/document.xml", NULL };
	const char *xlsx[] = { "[Content_Types].xml", "xl/workbook.xml", NULL };
	const char *pptx[] = { "[Content_Types].xml", "ppt/presentation.xml", NULL };
	const char *no_types[] = { "word/document.xml", NULL };
	const char *plain_zip[] = { "readme.txt", "evil.exe", NULL };
	assert_string_equal(code_of(buf, make_zip(buf, docx, NULL)), "docx");
	assert_string_equal(code_of(buf, make_zip(buf, xlsx, NULL)), "xlsx");
	assert_string_equal(code_of(buf, make_zip(buf, pptx, NULL)), "pptx");
	assert_string_equal(code_of(buf, make_zip(buf, no_types, NULL)), "none");
	assert_string_equal(code_of(buf, make_zip(buf, plain_zip, NULL)), "none");
	const char *odf[] = { "mimetype", "content.xml", NULL };
	assert_string_equal(code_of(buf, make_zip(buf, odf, "application/vnd.oasis.opendocument.text")), "odt");
	assert_string_equal(code_of(buf, make_zip(buf, odf, "application/vnd.oasis.opendocument.spreadsheet")), "ods");
	assert_string_equal(code_of(buf, make_zip(buf, odf, "application/x-shockwave-flash")), "none");
	assert_string_equal(code_of(buf, make_ole(buf, "WordDocument")), "doc");
	assert_string_equal(code_of(buf, make_ole(buf, "Workbook")), "xls");
	assert_string_equal(code_of(buf, make_ole(buf, "PowerPoint Document")), "ppt");
	assert_string_equal(code_of(buf, make_ole(buf, "Something")), "none");
	/* truncated office files read nothing past their end */
	size_t n = make_zip(buf, docx, NULL);
	for (size_t k = 0; k < n; k++)
		assert_string_not_equal(code_of(buf, k), "docx");
	n = make_ole(buf, "WordDocument");
	for (size_t k = 0; k < n; k += 7)
		(void)code_of(buf, k);
}

static void test_extension_must_fit(void **state)
{
	(void)state;
	const struct attach_type *pdf = attach_type_by_code("pdf"), *jpeg = attach_type_by_code("jpeg");
	assert_true(attach_ext_fits(pdf, "会則.pdf"));
	assert_true(attach_ext_fits(pdf, "REPORT.PDF"));
	assert_false(attach_ext_fits(pdf, "photo.png"));	/* a PDF behind an image's name */
	assert_false(attach_ext_fits(pdf, "pdf"));
	assert_false(attach_ext_fits(pdf, "a.pdf.exe"));
	assert_true(attach_ext_fits(jpeg, "a.JPG"));
	assert_true(attach_ext_fits(jpeg, "a.jpeg"));
	assert_false(attach_ext_fits(attach_type_by_code("docx"), "a.doc"));
	/* the list's separator inside the extension is no extension of the list */
	assert_false(attach_ext_fits(jpeg, "a.jpg;jpeg"));
	assert_false(attach_ext_fits(jpeg, "a.jpeg;jpe"));
}

static void test_names_cleaned(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	struct { const char *raw, *want; } cases[] = {
		{ "会則.pdf", "会則.pdf" },
		{ "../../etc/passwd.pdf", "passwd.pdf" },
		{ "C:\\Users\\hanako\\事業報告書.docx", "事業報告書.docx" },
		{ "/abs/path/x.png", "x.png" },
		{ "a\x01" "b\x7f" "c.pdf", "abc.pdf" },
		{ "tab\there.pdf", "tabhere.pdf" },
		{ "evil\xE2\x80\xAE" "fdp.exe", "evilfdp.exe" },	/* U+202E RIGHT-TO-LEFT OVERRIDE */
		{ "x\xE2\x81\xA6y\xE2\x80\x8Bz.pdf", "xyz.pdf" },	/* U+2066 isolate, U+200B zero width */
		{ "\xC2\x85" "c1.pdf", "c1.pdf" },	/* U+0085, a C1 control */
		{ "a<b>:\"c|?*.pdf", "a_b___c___.pdf" },
		{ "  ..hidden.pdf . ", "hidden.pdf" },
		{ "\xE3\x80\x80全角空白.pdf\xE3\x80\x80", "全角空白.pdf" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *got = attach_name_clean(a, cases[i].raw);
		assert_non_null(got);
		assert_string_equal(got, cases[i].want);
	}
	assert_null(attach_name_clean(a, ".."));
	assert_null(attach_name_clean(a, "dir/"));
	assert_null(attach_name_clean(a, "\xE2\x80\xAE"));
	assert_null(attach_name_clean(a, "bad\xFFutf8.pdf"));
	assert_null(attach_name_clean(a, "\xC0\xAF.pdf"));	/* an overlong '/' */
	/* a long name: at most ATTACH_NAME_MAX bytes, cut between characters, extension kept */
	struct buf b = BUF_INIT;
	for (int i = 0; i < 150; i++)
		buf_puts(&b, "あ");
	buf_puts(&b, ".pdf");
	const char *got = attach_name_clean(a, buf_cstr(&b));
	assert_non_null(got);
	assert_true(strlen(got) <= ATTACH_NAME_MAX);
	assert_true(strlen(got) > ATTACH_NAME_MAX - 8);
	assert_string_equal(got + strlen(got) - 4, ".pdf");
	assert_true(form_utf8_valid(got, strlen(got)));
	buf_free(&b);
	arena_free(a);
}

static void test_disposition(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	assert_string_equal(attach_disposition(a, "会則 2024.pdf", 0),
			    "attachment; filename=\"___2024.pdf\"; filename*=UTF-8''%E4%BC%9A%E5%89%87%202024.pdf");
	assert_string_equal(attach_disposition(a, "photo.png", 1), "inline; filename=\"photo.png\"; filename*=UTF-8''photo.png");
	const char *d = attach_disposition(a, "a\";b=c%.pdf", 0);	/* never cleaned this way, but safe */
	assert_string_equal(d, "attachment; filename=\"a__b_c_.pdf\"; filename*=UTF-8''a%22%3Bb%3Dc%25.pdf");
	arena_free(a);
}

/* ---- the domain, on the suite's backend ---- */

struct fx {
	struct store *st;
	struct arena *a;
	char path[256], dir[64], files[128];
	long long org_a, org_b;
	struct actor center, admin, staff, committee, public_, group_a, group_a2, group_b;
};

static long long new_org(struct fx *f, const char *name, const char *kana)
{
	struct org o;
	const char *err = NULL;
	org_init(&o);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_KIND, "NPO法人", &err), 0);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_NAME, name, &err), 0);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_KANA, kana, &err), 0);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_PURPOSE, "地域の見守り", &err), 0);
	long long id = org_create(f->st, &f->center, &o, 0, &err);
	assert_true(id > 0);
	return id;
}

/* A group account of org (a user bound to it). */
static long long group_account(struct fx *f, const char *login, long long org)
{
	char err[200];
	long long uid = account_user_add(f->st, &f->admin, login, login, ROLE_GROUP, NULL, "correct horse battery",
					 err, sizeof err);
	if (uid <= 0)
		fail_msg("account %s: %s", login, err);
	assert_int_equal(account_set_org(f->st, &f->admin, uid, org), 0);
	return uid;
}

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	assert_int_equal(testdb_create(f->path, sizeof f->path), 0);
	int applied;
	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_migrate(f->st, &applied), 0);
	f->a = arena_new(0);
	snprintf(f->dir, sizeof f->dir, "/tmp/kyodo-att-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->files, sizeof f->files, "%s/files", f->dir);
	assert_int_equal(attach_configure(f->files, 4096), 0);
	f->center = (struct actor){ .login = "center", .display_name = "センター", .role = ROLE_COORDINATOR };
	f->admin = (struct actor){ .login = "admin", .display_name = "協働推進課", .role = ROLE_ADMIN };
	f->staff = (struct actor){ .login = "kyodo", .display_name = "担当課", .role = ROLE_STAFF, .department_id = 1 };
	f->committee = (struct actor){ .login = "iin", .display_name = "委員", .role = ROLE_COMMITTEE };
	f->public_ = (struct actor){ .login = "", .display_name = "", .role = ROLE_PUBLIC };
	f->org_a = new_org(f, "みどり見守りの会", "ミドリミマモリノカイ");
	f->org_b = new_org(f, "北の子ども会", "キタノコドモカイ");
	/* the groups' accounts are real users bound to their groups: the uploader's side is
	 * read from the account (attach_may_remove) */
	f->group_a = (struct actor){ .user_id = group_account(f, "ga", f->org_a), .login = "ga",
				     .display_name = "見守りの会", .role = ROLE_GROUP, .org_id = f->org_a };
	f->group_a2 = (struct actor){ .user_id = group_account(f, "ga2", f->org_a), .login = "ga2",
				      .display_name = "見守りの会（事務局）", .role = ROLE_GROUP, .org_id = f->org_a };
	f->group_b = (struct actor){ .user_id = group_account(f, "gb", f->org_b), .login = "gb",
				     .display_name = "子ども会", .role = ROLE_GROUP, .org_id = f->org_b };
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	attach_configure(NULL, 0);
	arena_free(f->a);
	store_close(f->st);
	testdb_drop(f->path);
	free(f);
	return 0;
}

static const char *write_file(struct fx *f, const char *name, const void *p, size_t n)
{
	char *path = arena_printf(f->a, "%s/%s", f->dir, name);
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(p, 1, n, fp), n);
	fclose(fp);
	return path;
}

/* Stored files (not counting tmp/). */
static int stored_files(struct fx *f)
{
	int n = 0;
	DIR *d = opendir(f->files);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "tmp") == 0)
			continue;
		char *sub = arena_printf(f->a, "%s/%s", f->files, e->d_name);
		n += count_files(sub);
	}
	if (d)
		closedir(d);
	return n;
}

static long long scalar(struct fx *f, const char *sql)
{
	return testdb_scalar(f->path, sql);
}

static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
static const unsigned char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";

static void test_store_once_and_remove(void **state)
{
	struct fx *f = *state;
	const char *err = NULL;
	const char *p = write_file(f, "upload-1", pdf, sizeof pdf - 1);
	long long id1 = 0, id2 = 0, id3 = 0;
	long long audits_before = scalar(f, "SELECT count(*) FROM audit_log WHERE entity = 'attachment'");
	assert_int_equal(attach_add_file(f->st, f->a, &f->group_a, "org", f->org_a, p, "../会則.pdf", &id1, &err), 0);
	assert_int_equal(attach_add_file(f->st, f->a, &f->center, "org", f->org_a, p, "会則（写し）.pdf", &id2, &err), 0);
	assert_int_equal(attach_add_file(f->st, f->a, &f->admin, "org", f->org_b, p, "kaisoku.pdf", &id3, &err), 0);
	assert_true(id1 > 0 && id2 > id1 && id3 > id2);
	/* the same content three times: one file, one stored content, three attachments */
	assert_int_equal(stored_files(f), 1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM attach_blobs"), 1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM attachments"), 3);
	assert_int_equal(count_files(attach_tmp_dir()), 0);
	struct attachment x;
	assert_int_equal(attach_get(f->st, f->a, &f->group_a, id1, &x), 0);
	assert_string_equal(x.name, "会則.pdf");	/* the path part gone */
	assert_string_equal(x.type, "pdf");
	assert_int_equal(x.size, sizeof pdf - 1);
	assert_string_equal(x.added_by, "見守りの会");
	/* the stored file is the content, under its hash, not under the name */
	int fd = attach_open(&x);
	assert_true(fd >= 0);
	char back[128];
	assert_int_equal(read(fd, back, sizeof back), sizeof pdf - 1);
	assert_memory_equal(back, pdf, sizeof pdf - 1);
	close(fd);
	char *bp = attach_blob_path(f->a, x.sha256);
	assert_non_null(strstr(bp, x.sha256));
	assert_null(strstr(bp, "会則"));

	struct attachment *list;
	int n, more;
	assert_int_equal(attach_list(f->st, f->a, &f->group_a, "org", f->org_a, &list, &n, &more), 0);
	assert_int_equal(n, 2);
	assert_int_equal(more, 0);

	/* removal: the file stays while another attachment refers to it */
	assert_int_equal(attach_remove(f->st, f->a, &f->group_a, id1), 0);
	assert_int_equal(stored_files(f), 1);
	assert_int_equal(attach_get(f->st, f->a, &f->group_a, id1, &x), ATTACH_NOT_FOUND);
	assert_int_equal(attach_remove(f->st, f->a, &f->center, id2), 0);
	assert_int_equal(stored_files(f), 1);
	assert_int_equal(attach_remove(f->st, f->a, &f->admin, id3), 0);
	assert_int_equal(stored_files(f), 0);	/* the last reference went, and the file with it */
	assert_int_equal(scalar(f, "SELECT count(*) FROM attach_blobs"), 0);
	assert_int_equal(count_files(attach_tmp_dir()), 0);
	/* every add and removal audited */
	assert_int_equal(scalar(f, "SELECT count(*) FROM audit_log WHERE entity = 'attachment'"), audits_before + 6);
	assert_int_equal(scalar(f, "SELECT count(*) FROM audit_log WHERE entity = 'attachment' AND action = 'detach'"), 3);
	/* stored again after removal: back on disk */
	assert_int_equal(attach_add_file(f->st, f->a, &f->group_a, "org", f->org_a, p, "会則.pdf", &id1, &err), 0);
	assert_int_equal(stored_files(f), 1);
}

static void test_refused_files(void **state)
{
	struct fx *f = *state;
	const char *err = NULL;
	long long id = 0;
	/* a wrong type behind a right name: text named .pdf, a program named .png */
	const char *txt = write_file(f, "t", "just text, not a PDF at all\n", 28);
	assert_int_equal(attach_add_file(f->st, f->a, &f->group_a, "org", f->org_a, txt, "報告書.pdf", &id, &err),
			 ATTACH_REFUSED);
	assert_non_null(strstr(err, "cannot be attached"));
	const char *exe = write_file(f, "e", "MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0\xb8\0\0\0", 20);
	assert_int_equal(attach_add_file(f->st, f->a, &f->group_a, "org", f->org_a, exe, "photo.png", &id, &err),
			 ATTACH_REFUSED);
	/* a right type behind a wrong name: a PNG named .pdf, a PDF named .docx or without extension */
	const char *img = write_file(f, "i", png, sizeof png - 1);
	assert_int_equal(attach_add_file(f->st, f->a, &f->group_a, "org", f->org_a, img, "会則.pdf", &id, &err),
			 ATTACH_REFUSED);
	assert_non_null(strstr(err, "does not match the extension"));
	const char *p = write_file(f, "p", pdf, sizeof pdf - 1);
	assert_int_equal(attach_add_file(f->st, f->a, &f->group_a, "org", f->org_a, p, "会則.docx", &id, &err),
			 ATTACH_REFUSED);
	assert_int_equal(attach_add_file(f->st, f->a, &f->group_a, "org", f->org_a, p, "会則", &id, &err),
			 ATTACH_REFUSED);
	/* names that clean to nothing */
	assert_int_equal(attach_add_file(f->st, f->a, &f->group_a, "org", f->org_a, p, "../..", &id, &err),
			 ATTACH_REFUSED);
	/* too large (the limit here is 4096 bytes), empty */
	char big[5000];
	memcpy(big, pdf, sizeof pdf - 1);
	memset(big + sizeof pdf - 1, ' ', sizeof big - (sizeof pdf - 1));
	const char *bp = write_file(f, "b", big, sizeof big);
	assert_int_equal(attach_add_file(f->st, f->a, &f->group_a, "org", f->org_a, bp, "大きい.pdf", &id, &err),
			 ATTACH_REFUSED);
	assert_string_equal(err, "The file is too large.");
	const char *z = write_file(f, "z", "", 0);
	assert_int_equal(attach_add_file(f->st, f->a, &f->group_a, "org", f->org_a, z, "空.pdf", &id, &err),
			 ATTACH_REFUSED);
	/* nothing of any of them was kept */
	assert_int_equal(stored_files(f), 0);
	assert_int_equal(count_files(attach_tmp_dir()), 0);
	assert_int_equal(scalar(f, "SELECT count(*) FROM attachments"), 0);
	/* a control character in the name is dropped, and the PNG with its own name passes */
	assert_int_equal(attach_add_file(f->st, f->a, &f->group_a, "org", f->org_a, img, "活動\x1b[31m写真\xE2\x80\x8F.PNG",
					 &id, &err),
			 0);
	struct attachment x;
	assert_int_equal(attach_get(f->st, f->a, &f->group_a, id, &x), 0);
	assert_string_equal(x.name, "活動[31m写真.PNG");
	assert_string_equal(x.type, "png");
}

static void test_permissions_follow_the_owner(void **state)
{
	struct fx *f = *state;
	const char *err = NULL;
	long long id = 0;
	const char *p = write_file(f, "p", pdf, sizeof pdf - 1);
	/* who may add to group A's documents: the group itself, the center, the division */
	assert_int_equal(attach_add_file(f->st, f->a, &f->group_b, "org", f->org_a, p, "x.pdf", &id, &err),
			 ATTACH_FORBIDDEN);
	assert_int_equal(attach_add_file(f->st, f->a, &f->staff, "org", f->org_a, p, "x.pdf", &id, &err),
			 ATTACH_FORBIDDEN);
	assert_int_equal(attach_add_file(f->st, f->a, &f->committee, "org", f->org_a, p, "x.pdf", &id, &err),
			 ATTACH_FORBIDDEN);
	assert_int_equal(attach_add_file(f->st, f->a, &f->public_, "org", f->org_a, p, "x.pdf", &id, &err),
			 ATTACH_FORBIDDEN);
	assert_int_equal(attach_add_file(f->st, f->a, &f->group_a, "org", 99999, p, "x.pdf", &id, &err),
			 ATTACH_NOT_FOUND);
	assert_int_equal(attach_add_file(f->st, f->a, &f->admin, "nosuchkind", f->org_a, p, "x.pdf", &id, &err),
			 ATTACH_NOT_FOUND);
	assert_int_equal(stored_files(f), 0);
	assert_int_equal(attach_add_file(f->st, f->a, &f->group_a, "org", f->org_a, p, "会則.pdf", &id, &err), 0);
	/* who sees it */
	struct attachment x;
	const struct actor *may[] = { &f->group_a, &f->center, &f->admin };
	const struct actor *may_not[] = { &f->group_b, &f->staff, &f->committee, &f->public_ };
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(attach_get(f->st, f->a, may[i], id, &x), 0);
	for (size_t i = 0; i < 4; i++) {
		struct attachment *list;
		int n, more;
		assert_int_equal(attach_get(f->st, f->a, may_not[i], id, &x), ATTACH_FORBIDDEN);
		assert_int_equal(attach_list(f->st, f->a, may_not[i], "org", f->org_a, &list, &n, &more),
				 ATTACH_FORBIDDEN);
		/* and they cannot remove it: as if it did not exist */
		assert_int_equal(attach_remove(f->st, f->a, may_not[i], id), ATTACH_NOT_FOUND);
	}
	assert_int_equal(scalar(f, "SELECT count(*) FROM attachments"), 1);
	assert_int_equal(stored_files(f), 1);
}

/* Removal by side: a group removes the files its own group's accounts uploaded (any of
 * its accounts), never the center's on its record; the center and the division remove
 * any. The uploader's group is read from the account, so a group cannot pass for another. */
static void test_removal_by_side(void **state)
{
	struct fx *f = *state;
	const char *err = NULL;
	const char *p = write_file(f, "side", pdf, sizeof pdf - 1);
	long long mine = 0, mine2 = 0, centers = 0, admins = 0;
	assert_int_equal(attach_add_file(f->st, f->a, &f->group_a, "org", f->org_a, p, "会則.pdf", &mine, &err), 0);
	assert_int_equal(attach_add_file(f->st, f->a, &f->group_a, "org", f->org_a, p, "名簿.pdf", &mine2, &err), 0);
	assert_int_equal(attach_add_file(f->st, f->a, &f->center, "org", f->org_a, p, "確認書.pdf", &centers, &err), 0);
	assert_int_equal(attach_add_file(f->st, f->a, &f->admin, "org", f->org_a, p, "通知.pdf", &admins, &err), 0);
	struct attachment x;
	assert_int_equal(attach_get(f->st, f->a, &f->group_a, mine, &x), 0);
	assert_int_equal(x.uploader_org, f->org_a);
	assert_int_equal(attach_get(f->st, f->a, &f->group_a, centers, &x), 0);
	assert_int_equal(x.uploader_org, 0);
	assert_int_equal(attach_may_remove(f->st, &f->group_a, &x), 0);
	assert_int_equal(attach_may_remove(f->st, &f->center, &x), 1);
	/* the group: not the city's files; its own, by any of its accounts */
	assert_int_equal(attach_remove(f->st, f->a, &f->group_a, centers), ATTACH_FORBIDDEN);
	assert_int_equal(attach_remove(f->st, f->a, &f->group_a2, admins), ATTACH_FORBIDDEN);
	assert_int_equal(attach_remove(f->st, f->a, &f->group_a2, mine), 0);
	/* another group sees nothing here */
	assert_int_equal(attach_remove(f->st, f->a, &f->group_b, mine2), ATTACH_NOT_FOUND);
	/* the center and the division remove any */
	assert_int_equal(attach_remove(f->st, f->a, &f->center, mine2), 0);
	assert_int_equal(attach_remove(f->st, f->a, &f->admin, centers), 0);
	assert_int_equal(attach_remove(f->st, f->a, &f->center, admins), 0);
	assert_int_equal(scalar(f, "SELECT count(*) FROM attachments"), 0);
	assert_int_equal(scalar(f, "SELECT count(*) FROM audit_log WHERE entity = 'attachment' AND action = 'detach'"), 4);
}

/* A temporary file left by a process that died mid-upload goes when the next one starts;
 * one of an upload in progress stays. */
static void test_stale_uploads_swept(void **state)
{
	struct fx *f = *state;
	char *old = arena_printf(f->a, "%s/up-old", attach_tmp_dir()), *fresh = arena_printf(f->a, "%s/up-new", attach_tmp_dir());
	FILE *fp = fopen(old, "w");
	assert_non_null(fp);
	fclose(fp);
	assert_non_null(fp = fopen(fresh, "w"));
	fclose(fp);
	struct timeval tv[2] = { { time(NULL) - 3 * 3600, 0 }, { time(NULL) - 3 * 3600, 0 } };
	assert_int_equal(utimes(old, tv), 0);
	assert_int_equal(attach_configure(f->files, 4096), 0);
	assert_int_equal(access(old, F_OK), -1);
	assert_int_equal(access(fresh, F_OK), 0);
}

/* A removal that died between moving the content aside (inside its transaction) and its
 * commit: the row is still there, so the content must be too once the next process
 * starts — put back, not swept as a stale temporary file (a stored content's time is its
 * upload's, often hours ago). */
static void test_removal_cut_short_keeps_the_content(void **state)
{
	struct fx *f = *state;
	const char *err = NULL;
	long long id = 0;
	assert_int_equal(attach_add_mem(f->st, f->a, &f->center, "org", f->org_a, pdf, sizeof pdf - 1, "会則.pdf", &id, &err), 0);
	struct attachment x;
	assert_int_equal(attach_get(f->st, f->a, &f->center, id, &x), 0);
	char *path = attach_blob_path(f->a, x.sha256);
	char *trash = arena_printf(f->a, "%s/rm-%s", attach_tmp_dir(), x.sha256);
	struct timeval tv[2] = { { time(NULL) - 3 * 3600, 0 }, { time(NULL) - 3 * 3600, 0 } };
	assert_int_equal(utimes(path, tv), 0);
	assert_int_equal(rename(path, trash), 0);	/* where attach_remove puts it before its commit */
	assert_int_equal(attach_configure(f->files, 4096), 0);	/* the next process */
	assert_int_equal(access(path, F_OK), 0);
	int fd = attach_open(&x);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(access(trash, F_OK), -1);
	/* a trash whose content is in place already (the removal committed, or a new upload
	 * stored it again) just goes */
	assert_int_equal(link(path, trash), 0);
	assert_int_equal(utimes(trash, tv), 0);
	assert_int_equal(attach_configure(f->files, 4096), 0);
	assert_int_equal(access(trash, F_OK), -1);
	assert_int_equal(access(path, F_OK), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_multipart_every_cut),
		cmocka_unit_test(test_multipart_refused),
		cmocka_unit_test(test_upload_sink),
		cmocka_unit_test(test_types_from_content),
		cmocka_unit_test(test_extension_must_fit),
		cmocka_unit_test(test_names_cleaned),
		cmocka_unit_test(test_disposition),
		cmocka_unit_test_setup_teardown(test_store_once_and_remove, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_refused_files, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_permissions_follow_the_owner, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_removal_by_side, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_stale_uploads_swept, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_removal_cut_short_keeps_the_content, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
