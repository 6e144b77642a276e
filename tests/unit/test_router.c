/* test_router: route pattern matching (src/http/router.c) and the pure request-input
 * parsing of the http layer (src/http/form.c, req_param_id, req_local_path). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "http/http.h"
#include "http/form.h"
#include "util/arena.h"

static int setup(void **state)
{
	*state = arena_new(1 << 20);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	arena_free(*state);
	return 0;
}

static void test_pattern_literal(void **state)
{
	struct req r = { .a = *state };
	assert_int_equal(router_pattern_match("/", "/", &r), 1);
	assert_int_equal(router_pattern_match("/login", "/login", &r), 1);
	assert_int_equal(r.nparams, 0);
	assert_int_equal(router_pattern_match("/login", "/login/", &r), 0);
	assert_int_equal(router_pattern_match("/login", "/logi", &r), 0);
	assert_int_equal(router_pattern_match("/login", "/loginx", &r), 0);
	assert_int_equal(router_pattern_match("/", "", &r), 0);
}

static void test_pattern_params(void **state)
{
	struct req r = { .a = *state };
	assert_int_equal(router_pattern_match("/plans/{id}/years/{fy}", "/plans/12/years/2024", &r), 1);
	assert_int_equal(r.nparams, 2);
	assert_string_equal(r.params[0], "12");
	assert_string_equal(r.params[1], "2024");
	assert_int_equal(req_param_id(&r, 0), 12);
	assert_int_equal(req_param_id(&r, 1), 2024);
	assert_int_equal(req_param_id(&r, 2), -1);
	/* a param is one non-empty segment */
	assert_int_equal(router_pattern_match("/plans/{id}", "/plans/", &r), 0);
	assert_int_equal(router_pattern_match("/plans/{id}", "/plans/1/2", &r), 0);
	assert_int_equal(router_pattern_match("/plans/{id}/edit", "/plans/1/edit", &r), 1);
	assert_int_equal(router_pattern_match("/plans/{id}/edit", "/plans/1/view", &r), 0);
	assert_int_equal(router_pattern_match("/static/{name}", "/static/kyodo.css", &r), 1);
	assert_string_equal(r.params[0], "kyodo.css");
}

static void test_param_id(void **state)
{
	struct req r = { .a = *state };
	const char *bad[] = { "0", "-1", "01", "1a", "", "12345678901234567890", NULL };
	for (int i = 0; bad[i]; i++) {
		r.params[0] = bad[i];
		r.nparams = 1;
		assert_int_equal(req_param_id(&r, 0), -1);
	}
	r.params[0] = "999999999999";
	assert_int_equal(req_param_id(&r, 0), 999999999999LL);
}

static void test_match_tables(void **state)
{
	struct req r = { .a = *state };
	int mm = 0;
	const struct route *rt = router_match(HTTP_GET, "/login", &r, &mm);
	assert_non_null(rt);
	assert_int_equal(rt->method, HTTP_GET);
	assert_int_equal(mm, 0);
	rt = router_match(HTTP_POST, "/login", &r, &mm);
	assert_non_null(rt);
	assert_true(rt->flags & ROUTE_NO_CSRF);
	rt = router_match(HTTP_GET, "/static/kyodo.css", &r, &mm);
	assert_non_null(rt);
	assert_string_equal(r.params[0], "kyodo.css");
	assert_true(rt->flags & ROUTE_STATIC);
	/* method mismatch: the path exists for the other method only */
	rt = router_match(HTTP_GET, "/logout", &r, &mm);
	assert_null(rt);
	assert_int_equal(mm, 1);
	rt = router_match(HTTP_POST, "/", &r, &mm);
	assert_null(rt);
	assert_int_equal(mm, 1);
	/* unknown path */
	rt = router_match(HTTP_GET, "/no/such/page", &r, &mm);
	assert_null(rt);
	assert_int_equal(mm, 0);
	assert_null(router_match(HTTP_GET, NULL, &r, &mm));
	/* without a req (no params wanted) */
	assert_non_null(router_match(HTTP_GET, "/", NULL, NULL));
}

/* The rules of ROUTE_PUBLIC (http.h): a public route is a GET anyone may call, so that a
 * --public-only instance and the read replica serve nothing that needs a login or writes;
 * and the pages a city publishes are public. */
static void test_public_routes(void **state)
{
	int npublic = 0;
	for (int t = 0; route_tables[t]; t++)
		for (const struct route *rt = route_tables[t]; rt->pattern; rt++) {
			if (!(rt->flags & ROUTE_PUBLIC))
				continue;
			npublic++;
			if (rt->method != HTTP_GET || !(rt->roles & ROLE_BIT(ROLE_PUBLIC)) || (rt->flags & ROUTE_NO_CSRF))
				fail_msg("%s is marked public but is not a GET anyone may call", rt->pattern);
		}
	assert_true(npublic >= 10);
	static const char *const published[] = { "/", "/groups", "/groups/12", "/groups/stats", "/groups/opendata.csv",
						  "/reports", "/reports/1/2023", "/api/v1/groups", "/static/kyodo.css",
						  NULL };
	for (int i = 0; published[i]; i++) {
		const struct route *rt = router_match(HTTP_GET, published[i], NULL, NULL);
		if (!rt || !(rt->flags & ROUTE_PUBLIC))
			fail_msg("%s is not public", published[i]);
	}
	static const char *const internal[] = { "/login", "/register", "/plans", "/my/group", "/center/orgs",
						 "/admin/users", "/api/v1/plans", "/api/v1/directory/cache", NULL };
	for (int i = 0; internal[i]; i++) {
		const struct route *rt = router_match(HTTP_GET, internal[i], NULL, NULL);
		if (!rt || (rt->flags & ROUTE_PUBLIC))
			fail_msg("%s is public", internal[i]);
	}
}

static void test_form_parse(void **state)
{
	struct form_fields f = { 0 };
	const char *in = "a=1&b=x+y%21&&c&d=%E5%8D%94&a=2&e=";
	assert_int_equal(form_parse_urlencoded(*state, in, strlen(in), &f), 0);
	assert_int_equal(f.n, 6);
	assert_string_equal(form_get(&f, "a"), "1");
	assert_string_equal(form_get(&f, "b"), "x y!");
	assert_string_equal(form_get(&f, "c"), "");
	assert_string_equal(form_get(&f, "d"), "協");
	assert_string_equal(form_get(&f, "e"), "");
	assert_null(form_get(&f, "z"));
}

static void test_form_reject(void **state)
{
	const char *bad[] = { "a=%", "a=%4", "a=%zz", "a=%00", "a=%FF", "a=%C3%28", "%ED%A0%80=1",
			      "a=%C0%AF", "a=%F4%90%80%80", NULL };
	for (int i = 0; bad[i]; i++) {
		struct form_fields f = { 0 };
		assert_int_equal(form_parse_urlencoded(*state, bad[i], strlen(bad[i]), &f), -1);
	}
	/* too many fields */
	struct form_fields f = { 0 };
	char big[FORM_MAX_FIELDS * 2 + 8];
	size_t n = 0;
	for (int i = 0; i <= FORM_MAX_FIELDS; i++) {
		big[n++] = 'a';
		big[n++] = '&';
	}
	assert_int_equal(form_parse_urlencoded(*state, big, n, &f), -1);
}

static void test_utf8(void **state)
{
	(void)state;
	assert_int_equal(form_utf8_valid("abc", 3), 1);
	assert_int_equal(form_utf8_valid("協働", strlen("協働")), 1);
	assert_int_equal(form_utf8_valid("\xF0\x9F\x98\x80", 4), 1);
	assert_int_equal(form_utf8_valid("\xE5\x8D", 2), 0);
	assert_int_equal(form_utf8_valid("\x80", 1), 0);
	assert_int_equal(form_utf8_valid("\xC1\xBF", 2), 0);
}

static void test_local_path(void **state)
{
	(void)state;
	assert_non_null(req_local_path("/plans/1"));
	assert_non_null(req_local_path("/"));
	assert_null(req_local_path("//evil.example/"));
	assert_null(req_local_path("/\\evil.example"));
	assert_null(req_local_path("https://evil.example/"));
	assert_null(req_local_path("/a\r\nSet-Cookie: x=1"));
	assert_null(req_local_path(""));
	assert_null(req_local_path(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pattern_literal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pattern_params, setup, teardown),
		cmocka_unit_test_setup_teardown(test_param_id, setup, teardown),
		cmocka_unit_test(test_public_routes),
		cmocka_unit_test_setup_teardown(test_match_tables, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_parse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_reject, setup, teardown),
		cmocka_unit_test_setup_teardown(test_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_local_path, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
