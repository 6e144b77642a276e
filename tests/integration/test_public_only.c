/* test_public_only: the internet-facing instance and the read replica.
 *
 * `kyodo serve --public-only`: every route `kyodo routes` marks public answers (200 with
 * real demo rows), every other route — each method, login and every form included — is
 * 404, also for a valid session of the city's staff made on another instance; a published
 * project's documents are served (read from the attachment directory, through the kind's
 * rule), an unpublished project's and a group's are not; the pages
 * offer no login; and the database is opened read-only: its file is byte for byte the
 * same after every public page has been served (on PostgreSQL: every table's count and
 * checksum, store_table_checksum).
 *
 * `kyodo serve --db-read REPLICA`: anonymous requests for public pages read the replica,
 * logins, logged-in pages and writes the primary (shown with a replica that is a copy
 * taken before a change); a replica at another schema version is refused at start. On
 * PostgreSQL the replica is another database, a copy made with `kyodo copy-data`. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "harness.h"
#include "../common/testdb.h"
#include "domain/org.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"

#define DEMO_PASSWORD "kyodo-demo-2026"

struct route_row {
	char method[8], pattern[256], roles[128], kind[64];
};

static struct h_server srv;
static struct h_server run;	/* the instance a test starts on srv's database (stopped by teardown too) */
static char group_id[24], pillar_id[24], project_id[24];
static char attach_dir_path[300];	/* the attachment directory both instances use */
static long long public_att, private_att;	/* a published project's file; an unpublished one's */

static int setup(void **state)
{
	(void)state;
	const char *demo[] = { "demo", NULL };
	return h_server_init(&srv) == 0 && h_cli(&srv, demo, NULL) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	if (run.pid > 0)
		h_server_stop(&run);
	h_server_stop(&srv);
	return 0;
}

static int load_routes(struct route_row *rows, int max)
{
	const char *args[] = { "routes", NULL };
	char *out = h_cli_output(args);
	int n = 0;
	for (char *line = out ? strtok(out, "\n") : NULL; line && n < max; line = strtok(NULL, "\n")) {
		struct route_row *r = &rows[n];
		if (sscanf(line, "%7s %255s %127s %63s", r->method, r->pattern, r->roles, r->kind) == 4)
			n++;
	}
	free(out);
	return n;
}

static int is_public(const struct route_row *r)
{
	char k[70];
	snprintf(k, sizeof k, "%s,", r->kind);
	return strstr(k, ",public,") != NULL;
}

/* {param} segments filled with rows the demo has: a group in the directory, a project with
 * its evaluation published, plan 1, a published year, one of its pillars, the stylesheet. */
static void route_path(const char *pattern, char *out, size_t n)
{
	int groups = strncmp(pattern, "/groups/", 8) == 0 || strncmp(pattern, "/api/v1/groups/", 15) == 0;
	int projects = strncmp(pattern, "/public/projects/", 17) == 0 || strncmp(pattern, "/api/projects/", 14) == 0;
	int attachments = strcmp(pattern, "/attachments/{id}") == 0;
	char att[24];
	snprintf(att, sizeof att, "%lld", public_att);
	size_t o = 0;
	for (const char *p = pattern; *p && o + 1 < n;) {
		if (*p != '{') {
			out[o++] = *p++;
			continue;
		}
		const char *end = strchr(p, '}');
		size_t len = end ? (size_t)(end - p + 1) : strlen(p);
		const char *v = "1";
		if (strncmp(p, "{id}", len) == 0 && attachments)
			v = att;
		else if (strncmp(p, "{id}", len) == 0 && groups)
			v = group_id;
		else if (strncmp(p, "{id}", len) == 0 && projects)
			v = project_id;
		else if (strncmp(p, "{fy}", len) == 0)
			v = "2023";
		else if (strncmp(p, "{part}", len) == 0)
			v = pillar_id;
		else if (strncmp(p, "{name}", len) == 0)
			v = "kyodo.css";
		o += (size_t)snprintf(out + o, n - o, "%s", v);
		p += len;
	}
	out[o < n ? o : n - 1] = 0;
}

static long request(struct h_client *c, const char *method, const char *path, struct h_resp *r)
{
	int rc = strcmp(method, "POST") == 0 ? h_post(c, path, "csrf=x&login=admin&password=" DEMO_PASSWORD, r)
					     : h_get(c, path, r);
	assert_int_equal(rc, 0);
	return r->status;
}

/* The ids the paths need, read from the public API of the running server. */
static void find_ids(struct h_client *c)
{
	struct h_resp r;
	assert_int_equal(request(c, "GET", "/api/v1/groups?per_page=1", &r), 200);
	json_t *j = json_loads(r.body, 0, NULL);
	json_t *first = json_array_get(json_object_get(j, "items"), 0);
	snprintf(group_id, sizeof group_id, "%lld", (long long)json_integer_value(json_object_get(first, "id")));
	json_decref(j);
	h_resp_free(&r);
	assert_int_equal(request(c, "GET", "/api/v1/reports/1/2023", &r), 200);
	j = json_loads(r.body, 0, NULL);
	json_t *item = json_array_get(json_object_get(j, "items"), 0);
	snprintf(pillar_id, sizeof pillar_id, "%lld", (long long)json_integer_value(json_object_get(item, "id")));
	json_decref(j);
	h_resp_free(&r);
	assert_true(atoll(group_id) > 0 && atoll(pillar_id) > 0);
	/* a published project whose evaluation is published too (the demo has one) */
	long long pid = testdb_scalar(srv.db, "SELECT p.id FROM projects p JOIN project_eval_state e ON e.project_id = p.id "
					     "WHERE p.published = 1 AND e.published = 1 ORDER BY p.id LIMIT 1");
	assert_true(pid > 0);
	snprintf(project_id, sizeof project_id, "%lld", pid);
}

/* Uploads a PDF named name to project pid as c (logged in, may add): the new file's id,
 * read from the project's page. */
static long long upload_to_project(struct h_client *c, const char *pid, const char *name)
{
	static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
	char page[64], path[64], tok[128], body[2048];
	snprintf(page, sizeof page, "/projects/%s", pid);
	snprintf(path, sizeof path, "/attachments/project/%s", pid);
	assert_int_equal(h_csrf_of(c, page, tok, sizeof tok), 0);
	int n = snprintf(body, sizeof body,
			 "--XbOuNdArY\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n--XbOuNdArY\r\n"
			 /* which of the form's documents: none (その他) */
			 "Content-Disposition: form-data; name=\"what\"\r\n\r\nother\r\n--XbOuNdArY\r\n"
			 "Content-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\nContent-Type: "
			 "application/pdf\r\n\r\n%s\r\n--XbOuNdArY--\r\n",
			 tok, name, pdf);
	const char *hdr[] = { "Content-Type: multipart/form-data; boundary=XbOuNdArY", "Expect:", NULL };
	struct h_resp r;
	assert_int_equal(h_post_hdr(c, path, body, (size_t)n, hdr, &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	assert_int_equal(h_get(c, page, &r), 0);
	char needle[200];
	snprintf(needle, sizeof needle, "\">%s</a>", name);
	const char *hit = r.body ? strstr(r.body, needle) : NULL;
	assert_non_null(hit);
	while (hit > r.body && strncmp(hit, "/attachments/", 13) != 0)
		hit--;
	long long id = atoll(hit + 13);
	h_resp_free(&r);
	assert_true(id > 0);
	return id;
}

/* The bytes of a file (malloc'd), *n its size. */
static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return *n = 0, NULL;
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)len + 1);
	*n = fread(b, 1, (size_t)len, f);
	fclose(f);
	return b;
}

/* What the database holds, to compare before and after: on SQLite the bytes of its file
 * and its WAL; on PostgreSQL every table's row count and checksum. malloc'd, *n its size. */
static char *db_state(const char *db, size_t *n)
{
	char *out;
	if (!testdb_is_pg()) {
		char wal[300];
		size_t nd, nw;
		snprintf(wal, sizeof wal, "%s-wal", db);
		char *d = slurp(db, &nd), *w = slurp(wal, &nw);
		out = malloc(nd + nw + 1);
		assert_non_null(out);
		if (nd)
			memcpy(out, d, nd);
		if (nw)
			memcpy(out + nd, w, nw);
		*n = nd + nw;
		free(d);
		free(w);
		return out;
	}
	struct store *st;
	struct arena *a = arena_new(0);
	assert_int_equal(store_open(db, &st), 0);
	char *schema = store_schema_text(st, a);
	assert_non_null(schema);
	struct buf b;
	buf_init(&b);
	char last[128] = "";
	for (char *line = schema; *line;) {
		char *end = strchr(line, '\n'), table[128];
		if (sscanf(line, "%127s", table) == 1 && strcmp(table, last) != 0) {
			long long rows;
			char hex[65];
			assert_int_equal(store_table_checksum(st, table, &rows, hex), 0);
			buf_printf(&b, "%s %lld %s\n", table, rows, hex);
			snprintf(last, sizeof last, "%s", table);
		}
		if (!end)
			break;
		line = end + 1;
	}
	store_close(st);
	arena_free(a);
	assert_false(b.oom);
	out = strdup(buf_cstr(&b));
	*n = strlen(out);
	buf_free(&b);
	return out;
}

/* A copy of srv's database as it is now, into replica (a path under srv.dir on SQLite,
 * a new database on PostgreSQL): `kyodo backup` or `kyodo copy-data`. */
static void copy_database(const char *name, char *replica, size_t n)
{
	if (!testdb_is_pg()) {
		snprintf(replica, n, "%s/%s", srv.dir, name);
		const char *backup[] = { "backup", replica, NULL };
		assert_int_equal(h_cli(&srv, backup, NULL), 0);
		return;
	}
	assert_int_equal(testdb_create_empty(replica, n), 0);
	const char *copy[] = { "copy-data", "--from", srv.db, "--to", replica, NULL };
	assert_int_equal(h_cli(&srv, copy, NULL), 0);
}

/* Starts `kyodo serve` with extra arguments on the test's database (stopping it keeps the
 * directory). */
static void start(struct h_server *s, const char *const *extra)
{
	h_server_share(s, &srv);
	assert_int_equal(h_server_start_args(s, extra), 0);
}

static void public_only_serves_public_routes_alone(void **state)
{
	(void)state;
	struct h_client staff, anon;
	struct h_resp r;
	char path[512];

	/* a session of the city's staff, made on an ordinary instance of the same database,
	 * which also stores two documents: one of a published project, one of a project that
	 * is not published (the demo's project 5) */
	snprintf(attach_dir_path, sizeof attach_dir_path, "%s/files", srv.dir);
	const char *ordinary[] = { "--attach-dir", attach_dir_path, NULL };
	start(&run, ordinary);
	assert_int_equal(h_client_init(&staff, &run), 0);
	assert_int_equal(h_login(&staff, "admin", DEMO_PASSWORD), 303);
	assert_int_equal(h_get(&staff, "/plans", &r), 0);
	assert_int_equal(r.status, 200);
	h_resp_free(&r);
	assert_int_equal(h_client_init(&anon, &run), 0);
	find_ids(&anon);
	h_client_free(&anon);
	assert_true(testdb_scalar(srv.db, "SELECT published FROM projects WHERE id = 5") == 0);
	public_att = upload_to_project(&staff, project_id, "公開事業の協定書.pdf");
	private_att = upload_to_project(&staff, "5", "非公開事業の申請書.pdf");
	assert_int_equal(h_server_stop(&run), 0);
	size_t n_before, n_after;
	char *db_before = db_state(srv.db, &n_before);

	const char *extra[] = { "--public-only", "--attach-dir", attach_dir_path, NULL };
	start(&run, extra);
	assert_int_equal(h_client_init(&anon, &run), 0);
	staff.srv = &run;	/* the same cookie jar: the staff session goes along */
	struct route_row rows[256];
	int nrows = load_routes(rows, 256), npublic = 0, nother = 0, failures = 0;
	assert_true(nrows > 50);
	for (int i = 0; i < nrows; i++) {
		route_path(rows[i].pattern, path, sizeof path);
		int pub = is_public(&rows[i]);
		for (int who = 0; who < 2; who++) {
			struct h_client *c = who ? &staff : &anon;
			long st = request(c, rows[i].method, path, &r);
			if (pub ? st != 200 : st != 404) {
				fprintf(stderr, "--public-only: %s %s (%s) as %s: %ld, wanted %d\n", rows[i].method, path,
					rows[i].pattern, who ? "staff" : "anonymous", st, pub ? 200 : 404);
				failures++;
			}
			if (st == 200 && r.body && strstr(r.body, "href=\"/login\"")) {
				fprintf(stderr, "--public-only: %s offers a login\n", path);
				failures++;
			}
			/* nor a link to any other page it does not serve (/register, /plans …) */
			for (int k = 0; st == 200 && r.body && k < nrows; k++) {
				char needle[160];
				if (is_public(&rows[k]) || strchr(rows[k].pattern, '{'))
					continue;
				snprintf(needle, sizeof needle, "href=\"%s\"", rows[k].pattern);
				if (strstr(r.body, needle)) {
					fprintf(stderr, "--public-only: %s links to %s, which it does not serve\n", path,
						rows[k].pattern);
					failures++;
				}
			}
			h_resp_free(&r);
		}
		pub ? npublic++ : nother++;
	}
	assert_int_equal(failures, 0);
	assert_true(npublic >= 15);
	assert_true(nother >= 60);
	/* the published project's document: listed on its public page and served, as a PDF
	 * with the safe headers; the other project's is not, nor is any other file */
	char att_path[64];
	snprintf(att_path, sizeof att_path, "/public/projects/%s", project_id);
	assert_int_equal(request(&anon, "GET", att_path, &r), 200);
	assert_non_null(strstr(r.body, "公開事業の協定書.pdf"));
	h_resp_free(&r);
	snprintf(att_path, sizeof att_path, "/attachments/%lld", public_att);
	assert_int_equal(request(&anon, "GET", att_path, &r), 200);
	assert_true(r.body && strncmp(r.body, "%PDF-1.4", 8) == 0);
	char hv[128];
	assert_non_null(h_header(&r, "Content-Type", hv, sizeof hv));
	assert_non_null(strstr(hv, "application/pdf"));
	assert_non_null(h_header(&r, "X-Content-Type-Options", hv, sizeof hv));
	h_resp_free(&r);
	snprintf(att_path, sizeof att_path, "/attachments/%lld", private_att);
	assert_int_equal(request(&anon, "GET", att_path, &r), 404);
	h_resp_free(&r);
	assert_int_equal(request(&staff, "GET", att_path, &r), 404);	/* the staff session counts for nothing */
	h_resp_free(&r);
	long long org_doc = testdb_scalar(srv.db, "SELECT coalesce(max(id), 0) FROM attachments WHERE owner_kind = 'org'");
	if (org_doc > 0) {	/* the demo group's 会則 (SQLite: the demo stores it beside the database) */
		snprintf(att_path, sizeof att_path, "/attachments/%lld", org_doc);
		assert_int_equal(request(&anon, "GET", att_path, &r), 404);
		h_resp_free(&r);
	}
	/* a path no route has, and a public path with another method: 404 too */
	assert_int_equal(request(&anon, "GET", "/no/such/page", &r), 404);
	h_resp_free(&r);
	assert_int_equal(request(&anon, "POST", "/groups", &r), 404);
	h_resp_free(&r);
	/* the staff session counts for nothing here: the page is the public's */
	assert_int_equal(request(&staff, "GET", "/", &r), 200);
	assert_null(strstr(r.body, "/logout"));
	h_resp_free(&r);
	h_client_free(&staff);
	h_client_free(&anon);
	/* stopped: nothing was written to the database */
	assert_int_equal(h_server_stop(&run), 0);
	char *db_after = db_state(srv.db, &n_after);
	assert_int_equal(n_after, n_before);
	assert_memory_equal(db_after, db_before, n_before);
	free(db_before);
	free(db_after);
}

/* Does the page at path, as c gets it, hold text? */
static int page_has(struct h_client *c, const char *path, const char *text)
{
	struct h_resp r;
	assert_int_equal(h_get(c, path, &r), 0);
	assert_int_equal(r.status, 200);
	int has = strstr(r.body, text) != NULL;
	h_resp_free(&r);
	return has;
}

/* The center changes the purpose of the group (on the primary: another process's write). */
static void change_purpose(const char *text)
{
	struct store *st;
	struct arena *a = arena_new(0);
	struct org o;
	const char *err = NULL;
	struct actor center = { .login = "center", .role = ROLE_COORDINATOR };
	assert_int_equal(store_open(srv.db, &st), 0);
	assert_int_equal(org_get(st, a, atoll(group_id), &o), 0);
	assert_int_equal(org_set_field(a, &o, ORG_F_PURPOSE, text, &err), 0);
	assert_int_equal(org_update(st, &center, &o, 0, &err), 0);
	store_close(st);
	arena_free(a);
}

static void replica_serves_anonymous_public_pages(void **state)
{
	(void)state;
	char replica[256], path[64], api[64];
	/* a replica at another schema version is refused at start */
	if (testdb_is_pg()) {
		assert_int_equal(testdb_create_empty(replica, sizeof replica), 0);
	} else {
		snprintf(replica, sizeof replica, "%s/empty.db", srv.dir);
		FILE *f = fopen(replica, "w");
		assert_non_null(f);
		fclose(f);
	}
	const char *bad[] = { "--db-read", replica, NULL };
	h_server_share(&run, &srv);
	assert_int_not_equal(h_server_start_args(&run, bad), 0);
	assert_int_equal(h_server_stop(&run), 2);	/* EXIT_DATA */

	/* the replica: a copy of the database as it is now */
	copy_database("replica.db", replica, sizeof replica);
	const char *extra[] = { "--db-read", replica, NULL };
	start(&run, extra);
	struct h_client center, anon;
	assert_int_equal(h_client_init(&anon, &run), 0);
	find_ids(&anon);
	snprintf(path, sizeof path, "/groups/%s", group_id);
	snprintf(api, sizeof api, "/api/v1/groups/%s", group_id);
	assert_int_equal(h_client_init(&center, &run), 0);
	assert_int_equal(h_login(&center, "center", DEMO_PASSWORD), 303);	/* sessions: the primary */
	change_purpose("レプリカ試験の新しい目的");
	/* logged in: the primary, with the change; anonymous: the replica, without it — the
	 * public page and its JSON alike; a page that is not public: the primary */
	assert_true(page_has(&center, path, "レプリカ試験の新しい目的"));
	assert_false(page_has(&anon, path, "レプリカ試験の新しい目的"));
	assert_false(page_has(&anon, api, "レプリカ試験の新しい目的"));
	assert_true(page_has(&center, "/center/orgs", "center"));
	h_client_free(&center);
	h_client_free(&anon);
	assert_int_equal(h_server_stop(&run), 0);

	/* a replica that has caught up (here: a new copy) shows the change to the public; an
	 * instance of public pages alone reads nothing but it */
	copy_database("replica2.db", replica, sizeof replica);
	const char *public_only[] = { "--db-read", replica, "--public-only", NULL };
	start(&run, public_only);
	assert_int_equal(h_client_init(&anon, &run), 0);
	assert_true(page_has(&anon, path, "レプリカ試験の新しい目的"));
	h_client_free(&anon);
	assert_int_equal(h_server_stop(&run), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(public_only_serves_public_routes_alone),
		cmocka_unit_test(replica_serves_anonymous_public_pages),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
