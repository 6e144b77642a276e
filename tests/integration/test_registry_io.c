/* test_registry_io: the registry's files through the real server — the center downloads
 * the whole registry (UTF-8, Shift_JIS, xlsx, JSON), the Shift_JIS file carries 〓 for
 * what it cannot hold, and each download imported back (kyodo org import) changes
 * nothing: the UTF-8 download is byte for byte the same afterwards, with 〜/～, −/－, ‖/∥,
 * —/―, 鷗 and 𠮷; the public open data in both encodings; the notice a form shows after
 * saving a name Shift_JIS cannot hold. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <iconv.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"

#define PW "correct horse battery"

static struct h_server srv;

static int group_setup(void **state)
{
	if (h_server_init(&srv) < 0 || h_user_add(&srv, "center", "coordinator", PW, NULL) < 0)
		return -1;
	return h_server_start(&srv);
}

static int group_teardown(void **state) { return h_server_stop(&srv) == 0 ? 0 : -1; }

static int has(const char *hay, const char *needle) { return hay && strstr(hay, needle) != NULL; }

static void must_have(const char *hay, const char *needle)
{
	if (!has(hay, needle)) {
		print_error("missing: %s\n", needle);
		fail();
	}
}

static char *from_cp932(const char *s, size_t n)
{
	iconv_t cd = iconv_open("UTF-8", "CP932");
	assert_true(cd != (iconv_t)-1);
	size_t cap = n * 3 + 1, left = cap - 1, inleft = n;
	char *out = malloc(cap), *o = out, *in = (char *)s;
	assert_true(iconv(cd, &in, &inleft, &o, &left) != (size_t)-1);
	*o = 0;
	iconv_close(cd);
	return out;
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* GET path (200 wanted) into a malloc'd copy of the body; *len its length. */
static char *download(struct h_client *c, const char *path, size_t *len, char *ctype, size_t ctn)
{
	struct h_resp r;
	assert_int_equal(h_get(c, path, &r), 0);
	if (r.status != 200)
		fail_msg("%s: %ld", path, r.status);
	if (ctype)
		assert_non_null(h_header(&r, "Content-Type", ctype, ctn));
	char *b = malloc(r.len + 1);
	memcpy(b, r.body, r.len);
	b[r.len] = 0;
	*len = r.len;
	h_resp_free(&r);
	return b;
}

static int import(const char *path)
{
	const char *args[] = { "org", "import", path, NULL };
	return h_cli(&srv, args, NULL);
}

static void registry_round_trips_through_web_downloads(void **state)
{
	(void)state;
	char path[256], ct[128];
	snprintf(path, sizeof path, "%s/start.csv", srv.dir);
	const char *start = "種別,団体名,団体名カナ,代表者,住所,目的\n"
			    "任意団体,波〜の会,ナミノカイ,,,波〜線\n"
			    "任意団体,波～の会,ナミノカイニ,,,全角の波～\n"
			    "任意団体,マイナス−の会,マイナスノカイ,,,−5度\n"
			    "任意団体,マイナス－の会,マイナスノカイニ,,,－5度\n"
			    "任意団体,線‖の会,センノカイ,,,‖\n"
			    "任意団体,線∥の会,センノカイニ,,,∥\n"
			    "任意団体,ダッシュ—の会,ダッシュノカイ,,,—\n"
			    "任意団体,ダッシュ―の会,ダッシュノカイニ,,,―\n"
			    "任意団体,鷗の会,カモメノカイ,𠮷田 花子,みどり野市𠮷野町1,鷗と𠮷\n";
	write_file(path, start, strlen(start));
	assert_int_equal(import(path), 0);

	struct h_client c;
	assert_int_equal(h_client_init(&c, &srv), 0);
	assert_int_equal(h_login(&c, "center", PW), 303);
	size_t n1, n2, nsj, n;
	char *u1 = download(&c, "/center/orgs/export?format=csv", &n1, ct, sizeof ct);
	must_have(ct, "utf-8");
	must_have(u1, "波〜の会");
	must_have(u1, "波～の会");
	must_have(u1, "鷗の会");
	must_have(u1, "𠮷田 花子");
	must_have(u1, "審査状態");

	/* Shift_JIS: 〓 for 鷗 and 𠮷, imported back: nothing created, nothing changed */
	char *sj = download(&c, "/center/orgs/export?format=csv&encoding=cp932", &nsj, ct, sizeof ct);
	must_have(ct, "Shift_JIS");
	char *sju = from_cp932(sj, nsj);
	must_have(sju, "〓の会,カモメノカイ,");
	must_have(sju, ",〓田 花子,");
	must_have(sju, ",みどり野市〓野町1,");
	must_have(sju, "波～の会,ナミノカイ,");	/* 〜 is spelled ～ in CP932 */
	free(sju);
	snprintf(path, sizeof path, "%s/sj.csv", srv.dir);
	write_file(path, sj, nsj);
	assert_int_equal(import(path), 0);
	char *u2 = download(&c, "/center/orgs/export?format=csv", &n2, NULL, 0);
	assert_int_equal(n1, n2);
	assert_memory_equal(u1, u2, n1);
	free(u2);

	/* UTF-8 back: the same */
	snprintf(path, sizeof path, "%s/u8.csv", srv.dir);
	write_file(path, u1, n1);
	assert_int_equal(import(path), 0);
	u2 = download(&c, "/center/orgs/export?format=csv", &n2, NULL, 0);
	assert_int_equal(n1, n2);
	assert_memory_equal(u1, u2, n1);
	free(u2);

	/* the other formats */
	char *x = download(&c, "/center/orgs/export?format=xlsx", &n, ct, sizeof ct);
	must_have(ct, "spreadsheetml");
	assert_memory_equal(x, "PK", 2);
	free(x);
	x = download(&c, "/center/orgs/export?format=json", &n, NULL, 0);
	must_have(x, "\"name\":\"鷗の会\"");
	free(x);
	struct h_resp r;
	assert_int_equal(h_get(&c, "/center/orgs/export?format=pdf", &r), 0);
	assert_int_equal(r.status, 400);
	h_resp_free(&r);
	/* the public never downloads the registry */
	struct h_client pub;
	assert_int_equal(h_client_init(&pub, &srv), 0);
	assert_int_equal(h_get(&pub, "/center/orgs/export?format=csv", &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);

	/* the public's open data: Shift_JIS with 〓, UTF-8 exact */
	char *od = download(&pub, "/groups/opendata.csv?encoding=cp932", &n, ct, sizeof ct);
	must_have(ct, "Shift_JIS");
	char *odu = from_cp932(od, n);
	must_have(odu, "〓の会");
	must_have(odu, "波～の会");
	free(odu);
	free(od);
	od = download(&pub, "/groups/opendata.csv", &n, NULL, 0);
	must_have(od, "鷗の会");
	must_have(od, "波〜の会");
	must_have(od, "波～の会");
	must_have(od, "マイナス−の会");
	free(od);
	h_client_free(&pub);
	free(sj);
	free(u1);
	h_client_free(&c);
}

/* A name Shift_JIS cannot hold is saved, and the page after saving says which
 * characters the city's other systems may not take. */
static void notice_after_saving(void **state)
{
	(void)state;
	struct h_client c;
	struct h_resp r;
	char tok[128], loc[256], form[2048];
	assert_int_equal(h_client_init(&c, &srv), 0);
	assert_int_equal(h_login(&c, "center", PW), 303);
	assert_int_equal(h_csrf_of(&c, "/center/orgs/new", tok, sizeof tok), 0);
	char *name = h_urlenc("鷗の友の会"), *kana = h_urlenc("カモメノトモノカイ"), *rep = h_urlenc("𠮷田 一郎");
	snprintf(form, sizeof form,
		 "csrf=%s&kind=voluntary&name=%s&kana=%s&rep_name=%s&status=active&login=kamome&password=%s&password2=%s",
		 tok, name, kana, rep, "group%20password%202026", "group%20password%202026");
	free(name);
	free(kana);
	free(rep);
	assert_int_equal(h_post(&c, "/center/orgs/new", form, &r), 0);
	assert_int_equal(r.status, 303);
	assert_non_null(h_header(&r, "Location", loc, sizeof loc));
	h_resp_free(&r);
	assert_int_equal(h_get(&c, loc, &r), 0);
	assert_int_equal(r.status, 200);
	must_have(r.body, "Shift_JIS（CP932）で書けない文字があります");
	must_have(r.body, "鷗 (U+9DD7)");
	must_have(r.body, "𠮷 (U+20BB7)");
	h_resp_free(&r);
	/* the group's own edit: the notice after saving */
	struct h_client g;
	assert_int_equal(h_client_init(&g, &srv), 0);
	assert_int_equal(h_login(&g, "kamome", "group password 2026"), 303);
	assert_int_equal(h_csrf_of(&g, "/my/group/edit", tok, sizeof tok), 0);
	name = h_urlenc("鷗の友の会");
	kana = h_urlenc("カモメノトモノカイ");
	snprintf(form, sizeof form, "csrf=%s&kind=voluntary&name=%s&kana=%s&status=active", tok, name, kana);
	free(name);
	free(kana);
	assert_int_equal(h_post(&g, "/my/group/edit", form, &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	assert_int_equal(h_get(&g, "/my/group?done=saved", &r), 0);
	must_have(r.body, "鷗 (U+9DD7)");
	h_resp_free(&r);
	/* a name Shift_JIS holds: no notice */
	assert_int_equal(h_get(&c, "/center/orgs", &r), 0);
	assert_false(has(r.body, "Shift_JIS（CP932）で書けない文字があります"));
	h_resp_free(&r);
	h_client_free(&g);
	h_client_free(&c);
}

/* The open-data cache's counters (GET /api/v1/directory/cache, as the center). */
struct counters { long long entries, file_entries, bytes_in_memory, hits, builds, stale_served, waits; };

static void counters_of(struct h_client *center, struct counters *k)
{
	struct h_resp r;
	assert_int_equal(h_get(center, "/api/v1/directory/cache", &r), 0);
	assert_int_equal(r.status, 200);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	k->entries = json_integer_value(json_object_get(j, "entries"));
	k->file_entries = json_integer_value(json_object_get(j, "file_entries"));
	k->bytes_in_memory = json_integer_value(json_object_get(j, "bytes_in_memory"));
	k->hits = json_integer_value(json_object_get(j, "hits"));
	k->builds = json_integer_value(json_object_get(j, "builds"));
	k->stale_served = json_integer_value(json_object_get(j, "stale_served"));
	k->waits = json_integer_value(json_object_get(j, "waits"));
	json_decref(j);
	h_resp_free(&r);
}

struct fetch { struct h_client c; const char *path; long status; size_t len; int json_ok; };

static void *fetch_thread(void *arg)
{
	struct fetch *f = arg;
	struct h_resp r;
	if (h_get(&f->c, f->path, &r) == 0) {
		f->status = r.status;
		f->len = r.len;
		json_t *j = strstr(f->path, ".json") ? json_loads(r.body, 0, NULL) : NULL;
		f->json_ok = j && json_array_size(json_object_get(j, "items")) > 0;
		json_decref(j);
		h_resp_free(&r);
	}
	return NULL;
}

/* Eight downloads of path at once: all answered in full. */
static void eight_at_once(const char *path)
{
	struct fetch f[8];
	pthread_t th[8];
	for (int i = 0; i < 8; i++) {
		memset(&f[i], 0, sizeof f[i]);
		assert_int_equal(h_client_init(&f[i].c, &srv), 0);
		f[i].path = path;
	}
	for (int i = 0; i < 8; i++)
		assert_int_equal(pthread_create(&th[i], NULL, fetch_thread, &f[i]), 0);
	for (int i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(f[i].status, 200);
		assert_true(f[i].len > 0);
		if (strstr(path, ".json"))
			assert_true(f[i].json_ok);
		h_client_free(&f[i].c);
	}
}

/* The open data is built once per version of the directory, kept as a file (nothing of
 * it in memory) and sent from it: a second download is a hit; eight at once after a
 * change build it once (the others get the previous copy, or wait for the first). */
static void open_data_is_built_once_and_sent_from_a_file(void **state)
{
	(void)state;
	struct h_client center, pub;
	struct h_resp r;
	struct counters k0, k1, k2, k3, k4;
	assert_int_equal(h_client_init(&center, &srv), 0);
	assert_int_equal(h_login(&center, "center", PW), 303);
	assert_int_equal(h_client_init(&pub, &srv), 0);
	/* the public cannot read the counters */
	assert_int_equal(h_get(&pub, "/api/v1/directory/cache", &r), 0);
	assert_int_equal(r.status, 401);
	h_resp_free(&r);

	/* a change to the directory, so that every file is built anew */
	char path[256];
	snprintf(path, sizeof path, "%s/change1.csv", srv.dir);
	const char *change = "種別,団体名,団体名カナ,目的\n任意団体,キャッシュの会,キャッシュノカイ,一度だけ作る\n";
	write_file(path, change, strlen(change));
	assert_int_equal(import(path), 0);
	counters_of(&center, &k0);
	assert_int_equal(h_get(&pub, "/groups/opendata.json", &r), 0);
	assert_int_equal(r.status, 200);
	char cl[32];
	assert_non_null(h_header(&r, "Content-Length", cl, sizeof cl));
	assert_int_equal((size_t)atoll(cl), r.len);
	must_have(r.body, "キャッシュの会");
	size_t len1 = r.len;
	h_resp_free(&r);
	counters_of(&center, &k1);
	assert_int_equal(k1.builds, k0.builds + 1);
	assert_true(k1.file_entries >= 1);
	assert_int_equal(k1.bytes_in_memory, 0);	/* kept as a file, not in memory */
	/* again: a hit, the same bytes, nothing built */
	assert_int_equal(h_get(&pub, "/groups/opendata.json", &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.len, len1);
	h_resp_free(&r);
	counters_of(&center, &k2);
	assert_int_equal(k2.builds, k1.builds);
	assert_int_equal(k2.hits, k1.hits + 1);

	/* eight at once after a change: built once. (A file younger than 2 s is sent as it is
	 * after a small change, page_opendata.c: let it age first.) */
	usleep(2100 * 1000);
	snprintf(path, sizeof path, "%s/change2.csv", srv.dir);
	const char *change2 = "種別,団体名,団体名カナ,目的\n任意団体,キャッシュの会,キャッシュノカイ,変えました\n";
	write_file(path, change2, strlen(change2));
	assert_int_equal(import(path), 0);
	eight_at_once("/groups/opendata.json");
	counters_of(&center, &k3);
	assert_int_equal(k3.builds, k2.builds + 1);
	assert_int_equal(k3.hits + k3.stale_served, k2.hits + k2.stale_served + 7);
	/* and with no copy at all yet (the Shift_JIS file of this version): built once */
	eight_at_once("/groups/opendata.csv?encoding=cp932");
	counters_of(&center, &k4);
	assert_int_equal(k4.builds, k3.builds + 1);
	assert_int_equal(k4.bytes_in_memory, 0);
	h_client_free(&pub);
	h_client_free(&center);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(registry_round_trips_through_web_downloads),
		cmocka_unit_test(notice_after_saving),
		cmocka_unit_test(open_data_is_built_once_and_sent_from_a_file),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
