/* test_visibility: the one rule of who sees unpublished plan answers (domain/plan_visibility.h,
 * README "Who sees unpublished plan data"), as a matrix over the real server: every role ×
 * every state of an answer (draft, submitted, sent back, published) × every surface that
 * shows answers (the plan page, the year page, the item pages, the items API, the rollup
 * API and page, the comparison, the exports in CSV, CP932, JSON, xlsx and the full layout,
 * the reports). Each answer carries a marker text; for each (role, surface) every marker the
 * role may see and the surface shows must appear, and every marker the role may not see
 * must not appear anywhere in the body. Rollup counts follow the same rule. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

#define PW "correct horse battery"

enum role_ix { R_PUBLIC, R_ADMIN, R_STAFF_A, R_STAFF_B, R_COORD, R_GROUP, R_COMMITTEE, R__N };
static const char *const role_login[R__N] = { NULL, "ad", "sa", "sb", "co", "gr", "cm" };
static const char *const role_label[R__N] = { "public", "admin", "staff A", "staff B", "coordinator", "group",
					       "committee" };

/* The answers and their markers. State: the answer's state in the round of its year. */
enum marker { M_SUBMITTED, M_RETURNED, M_COMMENT, M_DRAFT, M_OUTCOME_OPEN, M_PUBLISHED, M_OUTCOME_PUB, M__N };
static const char *const marker_text[M__N] = { "MK-SUBMITTED-A1", "MK-RETURNED-A2", "MK-COMMENT-A2",
					       "MK-DRAFT-B1", "MK-OUTCOME-OPEN", "MK-PUBLISHED-A1",
					       "MK-OUTCOME-PUB" };
/* the year each marker belongs to */
static const int marker_fy[M__N] = { 2023, 2023, 2023, 2023, 2023, 2024, 2024 };

/* What each role must see of each marker: the README's table. */
static const int may_see[R__N][M__N] = {
	/*                SUB RET COM DRA OUT PUB OUP */
	[R_PUBLIC] = { 0, 0, 0, 0, 0, 1, 1 },
	[R_ADMIN] = { 1, 1, 1, 1, 1, 1, 1 },
	[R_STAFF_A] = { 1, 1, 1, 0, 0, 1, 1 },	/* own submitted and returned; not B's draft */
	[R_STAFF_B] = { 1, 0, 0, 1, 0, 1, 1 },	/* A's submitted, own draft; not A's returned */
	[R_COORD] = { 1, 0, 0, 0, 0, 1, 1 },
	[R_GROUP] = { 0, 0, 0, 0, 0, 1, 1 },
	[R_COMMITTEE] = { 1, 0, 0, 0, 0, 1, 1 },
};

/* What a surface shows when it may. */
enum { S_RESULT = 1, S_COMMENT = 2, S_NOTES = 4, S_OWN_ITEMS = 8, S_XLSX = 16, S_PUBLIC = 32,
       S_PREVIOUS = 64 /* also the previous year's results, beside the form (issue 8 §2) */ };

struct surface {
	const char *path;	/* %d = the fiscal year */
	unsigned shows;
	int api;
};
static const struct surface surfaces[] = {
	{ "/plans/1?fy=%d", S_RESULT, 0 },
	{ "/plans/1/years/%d", 0, 0 },	/* by role: see year_page_shows */
	{ "ITEMS", S_RESULT | S_COMMENT | S_PREVIOUS, 0 },	/* the three item pages, together */
	{ "/api/v1/plans/1/years/%d/items", S_RESULT | S_NOTES, 1 },
	{ "/plans/1/years/%d/export?format=csv", S_RESULT, 0 },
	{ "/plans/1/years/%d/export?format=csv-cp932", S_RESULT, 0 },
	{ "/plans/1/years/%d/export?format=json", S_RESULT | S_NOTES, 0 },
	{ "/plans/1/years/%d/export?format=xlsx", S_RESULT | S_XLSX, 0 },
	{ "/plans/1/years/%d/export?format=csv&layout=full", S_RESULT | S_NOTES, 0 },
	{ "/plans/1/years/%d/export?format=xlsx&layout=full", S_RESULT | S_NOTES | S_XLSX, 0 },
	{ "/plans/1/rollup?fy=%d&by=branch", 0, 0 },
	{ "/plans/1/compare?by=branch", 0, 0 },
	{ "/api/v1/plans/1/years/%d/rollup?by=branch", 0, 1 },
	{ "/api/v1/plans/1/years/%d/round", 0, 1 },
	{ "/reports/1/%d", S_RESULT | S_NOTES | S_PUBLIC, 0 },
	{ "/api/v1/reports/1/%d", S_RESULT | S_NOTES | S_PUBLIC, 1 },
};

static struct h_server srv;
static long long item_id[3];	/* A1, A2, B1 */
static long long pillar_id;

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static long post_form(struct h_client *c, const char *path, const char *form)
{
	char tok[128], body[1024];
	struct h_resp r;
	if (h_csrf_of(c, "/", tok, sizeof tok) != 0)
		return -1;
	snprintf(body, sizeof body, "csrf=%s%s%s", tok, *form ? "&" : "", form);
	if (h_post(c, path, body, &r) != 0)
		return -1;
	long st = r.status;
	h_resp_free(&r);
	return st;
}

static int find_ids(struct h_client *ad)
{
	struct h_resp r;
	if (h_get(ad, "/api/v1/plans/1/years/2023/items", &r) != 0 || r.status != 200)
		return -1;
	json_t *j = json_loads(r.body, 0, NULL), *it;
	size_t i;
	json_array_foreach(json_object_get(j, "items"), i, it) {
		const char *code = json_string_value(json_object_get(it, "code"));
		long long id = json_integer_value(json_object_get(it, "id"));
		if (strcmp(code, "A1") == 0)
			item_id[0] = id;
		else if (strcmp(code, "A2") == 0)
			item_id[1] = id;
		else if (strcmp(code, "B1") == 0)
			item_id[2] = id;
		else if (strcmp(code, "P") == 0)
			pillar_id = id;
	}
	json_decref(j);
	h_resp_free(&r);
	return item_id[0] && item_id[1] && item_id[2] && pillar_id ? 0 : -1;
}

/* 2023: A1 submitted, A2 submitted then sent back, B1 a draft, the pillar's outcomes a draft
 * of the division. 2024: published, with its own answers and outcomes. */
static int setup(void **state)
{
	(void)state;
	char p23[256], p24[256];
	if (h_server_init(&srv) != 0)
		return -1;
	static const struct { const char *login, *role, *dept; } users[] = {
		{ "ad", "admin", NULL }, { "sa", "staff", "課A" }, { "sb", "staff", "課B" },
		{ "co", "coordinator", NULL }, { "gr", "group", NULL }, { "cm", "committee", NULL },
	};
	snprintf(p23, sizeof p23, "%s/p23.csv", srv.dir);
	snprintf(p24, sizeof p24, "%s/p24.csv", srv.dir);
	if (write_file(p23, "code,parent,title,department,status,result\n"
			    "P,,pillar,,,\n"
			    "A1,P,title-a1,課A,済,MK-SUBMITTED-A1\n"
			    "A2,P,title-a2,課A,済,MK-RETURNED-A2\n"
			    "B1,P,title-b1,課B,済,MK-DRAFT-B1\n") ||
	    write_file(p24, "code,title,status,result\nA1,title-a1,済,MK-PUBLISHED-A1\nA2,title-a2,未,\nB1,title-b1,未,\n"))
		return -1;
	const char *create[] = { "plan", "create", "vis", "--from", "2023", "--to", "2024", "--statuses", "済,未", NULL };
	const char *imp23[] = { "plan", "import", "vis", p23, "--year", "2023", NULL };
	const char *imp24[] = { "plan", "import", "vis", p24, "--year", "2024", NULL };
	const char *open23[] = { "plan", "round", "vis", "--year", "2023", "open", NULL };
	const char *open24[] = { "plan", "round", "vis", "--year", "2024", "open", NULL };
	/* 2024: both departments submit (the year is published with nothing open) */
	const char *sub24a[] = { "plan", "round", "vis", "--year", "2024", "submit", "--department", "課A", NULL };
	const char *sub24b[] = { "plan", "round", "vis", "--year", "2024", "submit", "--department", "課B", NULL };
	if (h_cli(&srv, create, NULL) || h_cli(&srv, imp23, NULL) || h_cli(&srv, imp24, NULL) ||
	    h_cli(&srv, open23, NULL) || h_cli(&srv, open24, NULL) || h_cli(&srv, sub24a, NULL) ||
	    h_cli(&srv, sub24b, NULL))
		return -1;
	for (size_t i = 0; i < sizeof users / sizeof *users; i++)
		if (h_user_add(&srv, users[i].login, users[i].role, PW, users[i].dept) != 0)
			return -1;
	if (h_server_start(&srv) != 0)
		return -1;
	struct h_client ad, sa;
	if (h_client_init(&ad, &srv) || h_client_init(&sa, &srv) || h_login(&ad, "ad", PW) != 303 ||
	    h_login(&sa, "sa", PW) != 303 || find_ids(&ad) != 0)
		return -1;
	char path[256];
	int rc = 0;
	/* department A submits; the division sends A2 back */
	rc |= post_form(&sa, "/plans/1/years/2023/submit", "") != 303;
	snprintf(path, sizeof path, "/plans/1/years/2023/items/%lld/return", item_id[1]);
	rc |= post_form(&ad, path, "comment=MK-COMMENT-A2") != 303;
	/* the division's outcomes: a draft in 2023, published in 2024 */
	snprintf(path, sizeof path, "/plans/1/years/2023/branches/%lld", pillar_id);
	rc |= post_form(&ad, path, "outcomes=MK-OUTCOME-OPEN&problems=") != 303;
	snprintf(path, sizeof path, "/plans/1/years/2024/branches/%lld", pillar_id);
	rc |= post_form(&ad, path, "outcomes=MK-OUTCOME-PUB&problems=") != 303;
	rc |= post_form(&ad, "/plans/1/years/2024/publish", "") != 303;
	h_client_free(&ad);
	h_client_free(&sa);
	return rc ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	return h_server_stop(&srv) == 0 ? 0 : -1;
}

/* The text of an .xlsx body: every member of the zip, uncompressed. */
static char *xlsx_text(const struct h_resp *r)
{
	char path[256], cmd[400];
	snprintf(path, sizeof path, "%s/dl.xlsx", srv.dir);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(r->body, 1, r->len, f) != r->len) {
		if (f)
			fclose(f);
		return NULL;
	}
	fclose(f);
	snprintf(cmd, sizeof cmd, "unzip -p '%s'", path);
	FILE *p = popen(cmd, "r");
	if (!p)
		return NULL;
	size_t cap = 1 << 16, n = 0, k;
	char *out = malloc(cap + 1);
	while (out && (k = fread(out + n, 1, cap - n, p)) > 0) {
		n += k;
		if (n == cap) {
			char *o2 = realloc(out, 2 * cap + 1);
			if (!o2) {
				free(out);
				out = NULL;
				break;
			}
			out = o2;
			cap *= 2;
		}
	}
	pclose(p);
	if (out)
		out[n] = 0;
	return out;
}

/* The body of a surface for a role and year (the three item pages concatenated), or NULL
 * with the status in *status when the role is refused. */
static char *fetch(struct h_client *c, const struct surface *s, int fy, long *status)
{
	struct h_resp r;
	char path[256];
	if (strcmp(s->path, "ITEMS") == 0) {
		size_t total = 0;
		char *all = calloc(1, 1);
		for (int i = 0; i < 3; i++) {
			snprintf(path, sizeof path, "/plans/1/years/%d/items/%lld", fy, item_id[i]);
			assert_int_equal(h_get(c, path, &r), 0);
			*status = r.status;
			if (r.status != 200) {
				h_resp_free(&r);
				free(all);
				return NULL;
			}
			all = realloc(all, total + r.len + 1);
			memcpy(all + total, r.body, r.len + 1);
			total += r.len;
			h_resp_free(&r);
		}
		return all;
	}
	snprintf(path, sizeof path, s->path, fy);
	assert_int_equal(h_get(c, path, &r), 0);
	*status = r.status;
	char *body = NULL;
	if (r.status == 200)
		body = (s->shows & S_XLSX) ? xlsx_text(&r) : strdup(r.body);
	h_resp_free(&r);
	return body;
}

/* Which markers the year page shows to a role: staff their own items' comments, the
 * division the states, others the tree with results. */
static unsigned year_page_shows(int role)
{
	if (role == R_ADMIN)
		return 0;
	if (role == R_STAFF_A || role == R_STAFF_B)
		return S_COMMENT | S_OWN_ITEMS;
	return S_RESULT;
}

static unsigned marker_kind(int m)
{
	switch (m) {
	case M_COMMENT:
		return S_COMMENT;
	case M_OUTCOME_OPEN:
	case M_OUTCOME_PUB:
		return S_NOTES;
	default:
		return S_RESULT;
	}
}

static int marker_is_own(int role, int m)
{
	int dept_a = m == M_SUBMITTED || m == M_RETURNED || m == M_COMMENT || m == M_PUBLISHED;
	return role == R_STAFF_A ? dept_a : role == R_STAFF_B ? !dept_a : 1;
}

static void visibility_matrix(void **state)
{
	(void)state;
	int failures = 0, checks = 0;
	for (int role = 0; role < R__N; role++) {
		struct h_client c;
		assert_int_equal(h_client_init(&c, &srv), 0);
		if (role_login[role])
			assert_int_equal(h_login(&c, role_login[role], PW), 303);
		int reader = role != R_PUBLIC && role != R_GROUP;
		for (size_t si = 0; si < sizeof surfaces / sizeof *surfaces; si++) {
			const struct surface *s = &surfaces[si];
			for (int fy = 2023; fy <= 2024; fy++) {
				long status = 0;
				char *body = fetch(&c, s, fy, &status);
				int public_surface = (s->shows & S_PUBLIC) != 0;
				checks++;
				/* who may open the surface at all */
				if (!reader && !public_surface) {
					long want = role == R_PUBLIC ? (s->api ? 401 : 303) : 403;
					if (status != want) {
						print_error("%s %s %d: status %ld, wanted %ld\n", role_label[role], s->path, fy,
							    status, want);
						failures++;
					}
					free(body);
					continue;
				}
				if (public_surface && fy == 2023) {	/* not published: nobody has a report */
					if (status != 404) {
						print_error("%s %s 2023: status %ld, wanted 404\n", role_label[role], s->path,
							    status);
						failures++;
					}
					free(body);
					continue;
				}
				if (!body) {
					print_error("%s %s %d: status %ld, wanted 200\n", role_label[role], s->path, fy,
						    status);
					failures++;
					continue;
				}
				unsigned shows = strncmp(s->path, "/plans/1/years/%d", 17) == 0 && s->path[17] == 0
							 ? year_page_shows(role)
							 : s->shows;
				for (int m = 0; m < M__N; m++) {
					int present = strstr(body, marker_text[m]) != NULL;
					/* the previous year's answer, as the same rule lets the role read it */
					int prev = (shows & S_PREVIOUS) && may_see[role][m] && marker_fy[m] == fy - 1;
					int visible = (may_see[role][m] && marker_fy[m] == fy) || prev;
					int shown = (visible && !prev && (shows & marker_kind(m)) &&
						     (!(shows & S_OWN_ITEMS) || marker_is_own(role, m))) ||
						    (prev && marker_kind(m) == S_RESULT);
					if (present && !visible) {
						print_error("LEAK: %s sees %s on %s (%d)\n", role_label[role], marker_text[m],
							    s->path, fy);
						failures++;
					} else if (shown && !present) {
						print_error("MISSING: %s does not see %s on %s (%d)\n", role_label[role],
							    marker_text[m], s->path, fy);
						failures++;
					}
				}
				free(body);
			}
		}
		h_client_free(&c);
	}
	print_message("checked %d role × surface × year cells against %d markers\n", checks, M__N);
	assert_int_equal(failures, 0);
}

/* Rollups count what the viewer may see; an unpublished year is marked preliminary. */
static void rollups_follow_the_rule(void **state)
{
	(void)state;
	/* 2023: three answers (all 済): which each role may count */
	static const int counted[R__N] = { -1, 3, 2, 2, 1, -1, 1 };
	for (int role = 0; role < R__N; role++) {
		if (counted[role] < 0)
			continue;
		struct h_client c;
		struct h_resp r;
		assert_int_equal(h_client_init(&c, &srv), 0);
		assert_int_equal(h_login(&c, role_login[role], PW), 303);
		for (int fy = 2023; fy <= 2024; fy++) {
			char path[128];
			snprintf(path, sizeof path, "/api/v1/plans/1/years/%d/rollup?by=branch", fy);
			assert_int_equal(h_get(&c, path, &r), 0);
			assert_int_equal(r.status, 200);
			json_t *j = json_loads(r.body, 0, NULL);
			assert_non_null(j);
			int total = (int)json_integer_value(json_object_get(json_object_get(j, "total"), "total"));
			int hidden = (int)json_integer_value(json_object_get(j, "hidden"));
			int prov = json_is_true(json_object_get(j, "provisional"));
			if (fy == 2023) {
				if (total != counted[role] || hidden != 3 - counted[role] || !prov)
					fail_msg("%s 2023 rollup: total %d hidden %d provisional %d", role_label[role], total,
						 hidden, prov);
			} else if (total != 3 || hidden != 0 || prov) {
				fail_msg("%s 2024 rollup: total %d hidden %d provisional %d", role_label[role], total, hidden,
					 prov);
			}
			json_decref(j);
			h_resp_free(&r);
			/* the round's figures per department: how far a department has got speaks of its
			 * drafts, so only those who may see them get numbers */
			snprintf(path, sizeof path, "/api/v1/plans/1/years/%d/round", fy);
			assert_int_equal(h_get(&c, path, &r), 0);
			assert_int_equal(r.status, 200);
			j = json_loads(r.body, 0, NULL);
			json_t *d;
			size_t di;
			json_array_foreach(json_object_get(j, "departments"), di, d) {
				const char *dept = json_string_value(json_object_get(d, "department"));
				int own = (role == R_STAFF_A && strcmp(dept, "課A") == 0) ||
					  (role == R_STAFF_B && strcmp(dept, "課B") == 0);
				int want = fy == 2024 || role == R_ADMIN || own;
				if (json_is_integer(json_object_get(d, "answered")) != want)
					fail_msg("%s sees the round figures of %s in %d: %s", role_label[role], dept, fy,
						 want ? "no" : "yes");
			}
			json_decref(j);
			h_resp_free(&r);
			/* the page says 速報 for the open year, not for the published one */
			snprintf(path, sizeof path, "/plans/1/rollup?fy=%d&by=branch&lang=ja", fy);
			assert_int_equal(h_get(&c, path, &r), 0);
			assert_int_equal(r.status, 200);
			if ((strstr(r.body, "速報") != NULL) != (fy == 2023))
				fail_msg("%s rollup page %d: 速報 note wrong", role_label[role], fy);
			h_resp_free(&r);
		}
		h_client_free(&c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(visibility_matrix),
		cmocka_unit_test(rollups_follow_the_rule),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
