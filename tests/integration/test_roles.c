/* test_roles: the role × route matrix over the real server, for EVERY route that
 * `kyodo routes` lists. For each route and each role (the public and one demo user per
 * role): a role the route does not allow gets 303 to /login (pages) or 401 (API) when
 * anonymous, and 403 when logged in; a role it allows is never refused by the route check
 * (not 401/403, not sent to /login). Every POST without a CSRF token is 403 for a role it
 * allows. Path parameters are filled with real demo rows so handlers run for real. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

#define NROLES 6
static const char *const role_names_[NROLES] = { "public", "admin", "staff", "coordinator", "group", "committee" };
static const char *const role_logins[NROLES] = { NULL, "admin", "kyodo", "center", "group", "committee" };
#define DEMO_PASSWORD "kyodo-demo-2026"

struct route_row {
	char method[8], pattern[256], roles[128], kind[32];
};

static struct h_server srv;

static int setup(void **state)
{
	(void)state;
	if (h_server_init(&srv) != 0)
		return -1;
	const char *demo[] = { "demo", NULL };
	if (h_cli(&srv, demo, NULL) != 0)
		return -1;
	return h_server_start(&srv);
}

static int teardown(void **state)
{
	(void)state;
	return h_server_stop(&srv) == 0 ? 0 : -1;
}

static int route_allows(const struct route_row *r, int role)
{
	char list[130];
	snprintf(list, sizeof list, ",%s,", r->roles);
	char want[40];
	snprintf(want, sizeof want, ",%s,", role_names_[role]);
	return strstr(list, want) != NULL;
}

/* Fill {param} segments with rows that exist in the demo: plan 1, a published year,
 * an item of the staff user's department, the stylesheet. */
static void route_path(const char *pattern, char *out, size_t n)
{
	static const struct { const char *param, *value; } fill[] = {
		{ "{id}", "1" }, { "{plan}", "1" }, { "{fy}", "2024" }, { "{item}", "3" },
		{ "{name}", "kyodo.css" }, { "{user}", "2" },
	};
	size_t o = 0;
	for (const char *p = pattern; *p && o + 1 < n;) {
		if (*p == '{') {
			const char *end = strchr(p, '}');
			const char *v = "1";
			for (size_t k = 0; k < sizeof fill / sizeof *fill; k++)
				if (end && strncmp(p, fill[k].param, (size_t)(end - p + 1)) == 0)
					v = fill[k].value;
			o += (size_t)snprintf(out + o, n - o, "%s", v);
			p = end ? end + 1 : p + strlen(p);
		} else {
			out[o++] = *p++;
		}
	}
	out[o < n ? o : n - 1] = 0;
}

static int load_routes(struct route_row *rows, int max)
{
	const char *args[] = { "routes", NULL };
	char *out = h_cli_output(args);
	int n = 0;
	for (char *line = out ? strtok(out, "\n") : NULL; line; line = strtok(NULL, "\n")) {
		if (n == max) {	/* more routes than rows: the matrix would skip the rest */
			free(out);
			fail_msg("kyodo routes lists more than %d routes: raise the matrix's table", max);
		}
		struct route_row *r = &rows[n];
		if (sscanf(line, "%7s %255s %127s %31s", r->method, r->pattern, r->roles, r->kind) == 4)
			n++;
	}
	free(out);
	return n;
}

static void client_for(struct h_client *c, int role)
{
	assert_int_equal(h_client_init(c, &srv), 0);
	if (role_logins[role])
		assert_int_equal(h_login(c, role_logins[role], DEMO_PASSWORD), 303);
}

static int refused(const struct h_resp *r, char *why, size_t n)
{
	char loc[256];
	if (r->status == 401 || r->status == 403) {
		snprintf(why, n, "%ld", r->status);
		return 1;
	}
	if (r->status == 303 && h_header(r, "Location", loc, sizeof loc) && strncmp(loc, "/login", 6) == 0) {
		snprintf(why, n, "303 to %s", loc);
		return 1;
	}
	return 0;
}

static void role_route_matrix(void **state)
{
	(void)state;
	static struct route_row rows[1024];
	int nrows = load_routes(rows, 1024), failures = 0, checked = 0;
	assert_true(nrows >= 5);
	for (int role = 0; role < NROLES; role++) {
		struct h_client c;
		client_for(&c, role);
		for (int i = 0; i < nrows; i++) {
			const struct route_row *r = &rows[i];
			int is_post = strcmp(r->method, "POST") == 0;
			int api = strncmp(r->kind, "api", 3) == 0;
			if (is_post && strcmp(r->pattern, "/logout") == 0)
				continue;	/* checked last, it ends the session */
			char path[512], why[300];
			route_path(r->pattern, path, sizeof path);
			struct h_resp resp;
			if (is_post) {
				char csrf[128] = "", form[300];
				if (role_logins[role])
					h_csrf_of(&c, "/", csrf, sizeof csrf);
				snprintf(form, sizeof form, "csrf=%s", csrf);
				assert_int_equal(h_post(&c, path, form, &resp), 0);
			} else {
				assert_int_equal(h_get(&c, path, &resp), 0);
			}
			int allowed = route_allows(r, role);
			int was_refused = refused(&resp, why, sizeof why);
			checked++;
			if (allowed && was_refused) {
				print_error("%s %s as %s: refused (%s) but the route allows the role\n", r->method, path,
					    role_names_[role], why);
				failures++;
			} else if (!allowed) {
				long want = role == 0 ? (api ? 401 : 303) : 403;
				char loc[256] = "";
				int ok = resp.status == want;
				if (ok && want == 303)
					ok = h_header(&resp, "Location", loc, sizeof loc) && strncmp(loc, "/login", 6) == 0;
				if (!ok) {
					print_error("%s %s as %s: got %ld, wanted %ld\n", r->method, path, role_names_[role],
						    resp.status, want);
					failures++;
				}
			}
			h_resp_free(&resp);
			/* and without the CSRF token, a POST the role may make is refused */
			if (is_post && allowed && role_logins[role] && !strstr(r->kind, "no-csrf")) {
				assert_int_equal(h_post(&c, path, "x=1", &resp), 0);
				if (resp.status != 403) {
					print_error("POST %s as %s without CSRF: got %ld, wanted 403\n", path,
						    role_names_[role], resp.status);
					failures++;
				}
				h_resp_free(&resp);
			}
			/* admin POSTs change state (publish, reopen…): start each role from a fresh session */
		}
		h_client_free(&c);
	}
	/* logout, last: allowed for every logged-in role, sends the public to /login */
	for (int role = 1; role < NROLES; role++) {
		struct h_client c;
		struct h_resp resp;
		char csrf[128] = "", form[200];
		client_for(&c, role);
		assert_int_equal(h_csrf_of(&c, "/", csrf, sizeof csrf), 0);
		snprintf(form, sizeof form, "csrf=%s", csrf);
		assert_int_equal(h_post(&c, "/logout", form, &resp), 0);
		assert_int_equal(resp.status, 303);
		h_resp_free(&resp);
		h_client_free(&c);
	}
	print_message("checked %d role × route pairs over %d routes\n", checked, nrows);
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(role_route_matrix),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
