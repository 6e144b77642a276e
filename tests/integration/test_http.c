/* test_http: the HTTP layer end to end against the real `kyodo serve` — login and
 * logout, CSRF, role redirects, error pages, limits, security headers, throttling,
 * password change, escaping and language. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

static struct h_server srv;

#define PW "correct horse battery"

static int group_setup(void **state)
{
	if (h_server_init(&srv) < 0)
		return -1;
	static const char *const users[][2] = {
		{ "alice", "admin" }, { "bob", "coordinator" }, { "carol", "committee" }, { "dave", "group" },
		{ "erin", "coordinator" },
	};
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++)
		if (h_user_add(&srv, users[i][0], users[i][1], PW, NULL) < 0)
			return -1;
	return h_server_start(&srv);
}

static int group_teardown(void **state)
{
	return h_server_stop(&srv) == 0 ? 0 : -1;
}

static void assert_security_headers(const struct h_resp *r)
{
	char v[512];
	assert_non_null(h_header(r, "Content-Security-Policy", v, sizeof v));
	assert_non_null(strstr(v, "default-src 'self'"));
	assert_non_null(strstr(v, "frame-ancestors 'none'"));
	assert_non_null(h_header(r, "X-Content-Type-Options", v, sizeof v));
	assert_string_equal(v, "nosniff");
	assert_non_null(h_header(r, "Referrer-Policy", v, sizeof v));
	assert_string_equal(v, "same-origin");
	assert_non_null(h_header(r, "X-Frame-Options", v, sizeof v));
	assert_string_equal(v, "DENY");
}

static void test_home_static_404_headers(void **state)
{
	struct h_client c;
	struct h_resp r;
	char v[256];
	assert_int_equal(h_client_init(&c, &srv), 0);

	assert_int_equal(h_get(&c, "/", &r), 0);
	assert_int_equal(r.status, 200);
	assert_security_headers(&r);
	assert_non_null(strstr(r.body, "<html lang=\"ja\">"));
	assert_non_null(strstr(r.body, "<main id=\"main\""));
	assert_non_null(strstr(r.body, "/static/kyodo.css"));
	h_resp_free(&r);

	assert_int_equal(h_get(&c, "/no/such/page", &r), 0);
	assert_int_equal(r.status, 404);
	assert_security_headers(&r);
	assert_non_null(strstr(r.body, "<h1>"));
	h_resp_free(&r);

	assert_int_equal(h_get(&c, "/static/kyodo.css", &r), 0);
	assert_int_equal(r.status, 200);
	assert_security_headers(&r);
	assert_non_null(h_header(&r, "Content-Type", v, sizeof v));
	assert_non_null(strstr(v, "text/css"));
	assert_non_null(h_header(&r, "Cache-Control", v, sizeof v));
	assert_string_equal(v, "public, max-age=3600");
	h_resp_free(&r);

	assert_int_equal(h_get(&c, "/static/tokens.css", &r), 0);
	assert_int_equal(r.status, 200);
	h_resp_free(&r);

	assert_int_equal(h_get(&c, "/static/nope.css", &r), 0);
	assert_int_equal(r.status, 404);
	assert_security_headers(&r);
	h_resp_free(&r);

	assert_int_equal(h_get(&c, "/healthz", &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "ok");
	h_resp_free(&r);

	/* wrong method on a known path */
	assert_int_equal(h_post(&c, "/", "a=1", &r), 0);
	assert_int_equal(r.status, 405);
	assert_security_headers(&r);
	h_resp_free(&r);
	h_client_free(&c);
}

static void test_anonymous_redirect(void **state)
{
	struct h_client c;
	struct h_resp r;
	char v[256];
	assert_int_equal(h_client_init(&c, &srv), 0);
	assert_int_equal(h_get(&c, "/account/password", &r), 0);
	assert_int_equal(r.status, 303);
	assert_non_null(h_header(&r, "Location", v, sizeof v));
	assert_string_equal(v, "/login?next=%2Faccount%2Fpassword");
	assert_security_headers(&r);
	h_resp_free(&r);
	/* the query comes along, so the page opens as it was asked for after logging in */
	assert_int_equal(h_get(&c, "/account/password?done=1", &r), 0);
	assert_non_null(h_header(&r, "Location", v, sizeof v));
	assert_string_equal(v, "/login?next=%2Faccount%2Fpassword%3Fdone%3D1");
	h_resp_free(&r);
	/* anonymous POST to a protected route: redirect, not CSRF */
	assert_int_equal(h_post(&c, "/logout", "", &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	h_client_free(&c);
}

static void test_login_logout(void **state)
{
	struct h_client c;
	struct h_resp r;
	char v[256], csrf[128], form[256];
	assert_int_equal(h_client_init(&c, &srv), 0);
	assert_int_equal(h_get(&c, "/login", &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<label class=\"form-label\" for=\"f-login\">"));
	h_resp_free(&r);

	assert_int_equal(h_post(&c, "/login", "login=alice&password=correct+horse+battery", &r), 0);
	assert_int_equal(r.status, 303);
	assert_non_null(h_header(&r, "Location", v, sizeof v));
	assert_string_equal(v, "/");
	assert_non_null(h_header(&r, "Set-Cookie", v, sizeof v));
	assert_non_null(strstr(v, "kyodo_session="));
	assert_non_null(strstr(v, "HttpOnly"));
	assert_non_null(strstr(v, "SameSite=Lax"));
	assert_non_null(strstr(v, "Path=/"));
	h_resp_free(&r);

	assert_int_equal(h_get(&c, "/", &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(h_header(&r, "Cache-Control", v, sizeof v));
	assert_string_equal(v, "no-store");
	assert_non_null(strstr(r.body, "alice"));
	assert_non_null(strstr(r.body, "/admin/audit"));	/* admin nav */
	assert_non_null(h_csrf(&r, csrf, sizeof csrf));
	h_resp_free(&r);

	/* logged-in user on the login page goes home */
	assert_int_equal(h_get(&c, "/login", &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);

	/* logout needs the token */
	assert_int_equal(h_post(&c, "/logout", "", &r), 0);
	assert_int_equal(r.status, 403);
	assert_security_headers(&r);
	h_resp_free(&r);
	assert_int_equal(h_post(&c, "/logout", "csrf=wrong-token", &r), 0);
	assert_int_equal(r.status, 403);
	h_resp_free(&r);
	snprintf(form, sizeof form, "csrf=%s", csrf);
	assert_int_equal(h_post(&c, "/logout", form, &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);

	assert_int_equal(h_get(&c, "/account/password", &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	h_client_free(&c);
}

static void test_login_failure(void **state)
{
	struct h_client c;
	struct h_resp r;
	assert_int_equal(h_client_init(&c, &srv), 0);
	assert_int_equal(h_post(&c, "/login", "login=carol&password=wrong-password", &r), 0);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "value=\"carol\""));
	assert_non_null(strstr(r.body, "role=\"alert\""));
	assert_null(h_csrf(&r, (char[8]){ 0 }, 8));
	h_resp_free(&r);
	/* unknown user: same answer */
	assert_int_equal(h_post(&c, "/login", "login=nobody&password=wrong-password", &r), 0);
	assert_int_equal(r.status, 422);
	h_resp_free(&r);
	/* login CSRF: a cross-site form is refused by its Origin; this site's is accepted */
	char form[128], origin[128];
	snprintf(form, sizeof form, "login=carol&password=%s", PW);
	for (char *p = form; *p; p++)
		if (*p == ' ')
			*p = '+';
	const char *evil[] = { "Origin: http://evil.example", NULL };
	assert_int_equal(h_post_hdr(&c, "/login", form, strlen(form), evil, &r), 0);
	assert_int_equal(r.status, 403);
	h_resp_free(&r);
	snprintf(origin, sizeof origin, "Origin: %s", srv.base);
	const char *same[] = { origin, NULL };
	assert_int_equal(h_post_hdr(&c, "/login", form, strlen(form), same, &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	/* the right password still works afterwards and clears the count */
	assert_int_equal(h_login(&c, "carol", PW), 303);
	h_client_free(&c);
}

static void test_login_name_escaped(void **state)
{
	struct h_client c;
	struct h_resp r;
	char *l = h_urlenc("<script>alert(1)</script>\"'&");
	char form[512];
	assert_int_equal(h_client_init(&c, &srv), 0);
	snprintf(form, sizeof form, "login=%s&password=x", l);
	assert_int_equal(h_post(&c, "/login", form, &r), 0);
	assert_int_equal(r.status, 422);
	assert_null(strstr(r.body, "<script>"));
	assert_non_null(strstr(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"));
	h_resp_free(&r);
	free(l);
	h_client_free(&c);
}

static void test_next_param(void **state)
{
	struct h_client c;
	struct h_resp r;
	char v[256];
	assert_int_equal(h_client_init(&c, &srv), 0);
	assert_int_equal(h_get(&c, "/login?next=%2Faccount%2Fpassword", &r), 0);
	assert_non_null(strstr(r.body, "name=\"next\" value=\"/account/password\""));
	h_resp_free(&r);
	assert_int_equal(h_post(&c, "/login", "login=dave&password=correct+horse+battery&next=%2F%2Fevil.example%2F", &r), 0);
	assert_int_equal(r.status, 303);
	assert_non_null(h_header(&r, "Location", v, sizeof v));
	assert_string_equal(v, "/");
	h_resp_free(&r);
	h_client_free(&c);
	assert_int_equal(h_client_init(&c, &srv), 0);
	assert_int_equal(h_post(&c, "/login", "login=dave&password=correct+horse+battery&next=%2Faccount%2Fpassword", &r), 0);
	assert_int_equal(r.status, 303);
	assert_non_null(h_header(&r, "Location", v, sizeof v));
	assert_string_equal(v, "/account/password");
	h_resp_free(&r);
	h_client_free(&c);
}

static void test_csrf_header_and_form(void **state)
{
	struct h_client c;
	struct h_resp r;
	char csrf[128], hdr[200];
	assert_int_equal(h_client_init(&c, &srv), 0);
	assert_int_equal(h_login(&c, "bob", PW), 303);
	assert_int_equal(h_csrf_of(&c, "/account/password", csrf, sizeof csrf), 0);
	/* wrong token in the form */
	assert_int_equal(h_post(&c, "/account/password", "csrf=AAAA&current=x&new=y&confirm=y", &r), 0);
	assert_int_equal(r.status, 403);
	h_resp_free(&r);
	/* token in the header: accepted, then the form is checked (422) */
	snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s", csrf);
	const char *headers[] = { hdr, NULL };
	const char *form = "current=wrong&new=short&confirm=short";
	assert_int_equal(h_post_hdr(&c, "/account/password", form, strlen(form), headers, &r), 0);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "role=\"alert\""));
	h_resp_free(&r);
	h_client_free(&c);
}

static void test_body_too_large(void **state)
{
	struct h_client c;
	struct h_resp r;
	size_t n = (1u << 20) + 100;
	char *big = malloc(n + 1);
	assert_non_null(big);
	memcpy(big, "login=", 6);
	memset(big + 6, 'a', n - 6);
	big[n] = '\0';
	assert_int_equal(h_client_init(&c, &srv), 0);
	assert_int_equal(h_post_hdr(&c, "/login", big, n, NULL, &r), 0);
	assert_int_equal(r.status, 413);
	assert_security_headers(&r);
	h_resp_free(&r);
	free(big);
	/* the connection still serves */
	assert_int_equal(h_get(&c, "/healthz", &r), 0);
	assert_int_equal(r.status, 200);
	h_resp_free(&r);
	h_client_free(&c);
}

static void test_bad_encoding(void **state)
{
	struct h_client c;
	struct h_resp r;
	assert_int_equal(h_client_init(&c, &srv), 0);
	assert_int_equal(h_post(&c, "/login", "login=%FF%FE&password=x", &r), 0);
	assert_int_equal(r.status, 400);
	assert_security_headers(&r);
	h_resp_free(&r);
	assert_int_equal(h_post(&c, "/login", "login=%zz&password=x", &r), 0);
	assert_int_equal(r.status, 400);
	h_resp_free(&r);
	assert_int_equal(h_get(&c, "/?x=%C3%28", &r), 0);
	assert_int_equal(r.status, 400);
	h_resp_free(&r);
	h_client_free(&c);
}

static void test_throttle(void **state)
{
	struct h_client c;
	assert_int_equal(h_client_init(&c, &srv), 0);
	for (int i = 0; i < 5; i++)
		assert_int_equal(h_login(&c, "erin", "wrong password!"), 422);
	/* the 6th attempt is refused, even with the right password */
	assert_int_equal(h_login(&c, "erin", "wrong password!"), 429);
	assert_int_equal(h_login(&c, "erin", PW), 429);
	/* other accounts from the same address still work */
	assert_int_equal(h_login(&c, "alice", PW), 303);
	h_client_free(&c);
}

static void test_password_change(void **state)
{
	struct h_client c, other, fresh;
	struct h_resp r;
	char csrf[128], form[512], v[256];
	assert_int_equal(h_client_init(&c, &srv), 0);
	assert_int_equal(h_client_init(&other, &srv), 0);
	assert_int_equal(h_client_init(&fresh, &srv), 0);
	assert_int_equal(h_login(&c, "dave", PW), 303);
	assert_int_equal(h_login(&other, "dave", PW), 303);
	assert_int_equal(h_csrf_of(&c, "/account/password", csrf, sizeof csrf), 0);

	/* mismatch */
	snprintf(form, sizeof form, "csrf=%s&current=correct+horse+battery&new=new+password+1&confirm=new+password+2", csrf);
	assert_int_equal(h_post(&c, "/account/password", form, &r), 0);
	assert_int_equal(r.status, 422);
	h_resp_free(&r);
	/* too short */
	snprintf(form, sizeof form, "csrf=%s&current=correct+horse+battery&new=short&confirm=short", csrf);
	assert_int_equal(h_post(&c, "/account/password", form, &r), 0);
	assert_int_equal(r.status, 422);
	h_resp_free(&r);
	/* wrong current */
	snprintf(form, sizeof form, "csrf=%s&current=nope&new=new+password+1&confirm=new+password+1", csrf);
	assert_int_equal(h_post(&c, "/account/password", form, &r), 0);
	assert_int_equal(r.status, 422);
	h_resp_free(&r);
	/* good */
	snprintf(form, sizeof form, "csrf=%s&current=correct+horse+battery&new=new+password+1&confirm=new+password+1", csrf);
	assert_int_equal(h_post(&c, "/account/password", form, &r), 0);
	assert_int_equal(r.status, 303);
	assert_non_null(h_header(&r, "Location", v, sizeof v));
	assert_string_equal(v, "/account/password?done=1");
	h_resp_free(&r);
	/* this browser stays logged in (new session), the other one is logged out */
	assert_int_equal(h_get(&c, "/account/password?done=1", &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "role=\"status\""));
	h_resp_free(&r);
	assert_int_equal(h_get(&other, "/account/password", &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	/* old password no longer works, the new one does */
	assert_int_equal(h_login(&fresh, "dave", PW), 422);
	assert_int_equal(h_login(&fresh, "dave", "new password 1"), 303);
	h_client_free(&c);
	h_client_free(&other);
	h_client_free(&fresh);
}

static void test_language(void **state)
{
	struct h_client c;
	struct h_resp r;
	char v[256];
	assert_int_equal(h_client_init(&c, &srv), 0);
	assert_int_equal(h_get(&c, "/?lang=en", &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<html lang=\"en\">"));
	assert_non_null(h_header(&r, "Set-Cookie", v, sizeof v));
	assert_non_null(strstr(v, "kyodo_lang=en"));
	h_resp_free(&r);
	assert_int_equal(h_get(&c, "/", &r), 0);
	assert_non_null(strstr(r.body, "<html lang=\"en\">"));
	h_resp_free(&r);
	assert_int_equal(h_get(&c, "/?lang=ja", &r), 0);
	assert_non_null(strstr(r.body, "<html lang=\"ja\">"));
	assert_non_null(strstr(r.body, "ホーム"));
	h_resp_free(&r);
	/* no page links off-site, whatever path was asked for (a 404 page echoes nothing) */
	assert_int_equal(h_get(&c, "//evil.example/x", &r), 0);
	assert_int_equal(r.status, 404);
	assert_null(strstr(r.body, "evil.example"));
	h_resp_free(&r);
	h_client_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_home_static_404_headers),
		cmocka_unit_test(test_anonymous_redirect),
		cmocka_unit_test(test_login_logout),
		cmocka_unit_test(test_login_failure),
		cmocka_unit_test(test_login_name_escaped),
		cmocka_unit_test(test_next_param),
		cmocka_unit_test(test_csrf_header_and_form),
		cmocka_unit_test(test_body_too_large),
		cmocka_unit_test(test_bad_encoding),
		cmocka_unit_test(test_throttle),
		cmocka_unit_test(test_password_change),
		cmocka_unit_test(test_language),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
