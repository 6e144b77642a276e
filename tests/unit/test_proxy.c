/* test_proxy: the trusted-proxy list and the client address of a request
 * (src/http/proxy.c): parsing, networks, IPv4-mapped addresses, and X-Forwarded-For read
 * from the right, believed only from a trusted peer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "http/proxy.h"

static void peer_of(const char *s, struct proxy_addr *a)
{
	assert_int_equal(proxy_addr_parse(s, a), 0);
}

static const char *client(const struct proxy_list *l, const char *peer, const char *xff, const char *real)
{
	static char out[PROXY_ADDR_MAX];
	struct proxy_addr p;
	peer_of(peer, &p);
	proxy_client(l, &p, xff, real, out);
	return out;
}

static void test_parse_list(void **state)
{
	struct proxy_list l;
	char err[200];
	assert_int_equal(proxy_list_parse("127.0.0.1,10.0.0.0/8, ::1 ,fd00::/8", &l, err, sizeof err), 0);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.nets[0].bits, 32);
	assert_int_equal(l.nets[1].bits, 8);
	assert_int_equal(l.nets[2].bits, 128);
	assert_int_equal(l.nets[3].bits, 8);
	assert_int_equal(proxy_list_parse("", &l, err, sizeof err), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(proxy_list_parse(NULL, &l, err, sizeof err), 0);
	assert_int_equal(l.n, 0);
	/* host bits of a network are cleared */
	assert_int_equal(proxy_list_parse("192.168.1.77/24", &l, err, sizeof err), 0);
	struct proxy_addr a;
	peer_of("192.168.1.200", &a);
	assert_true(proxy_trusted(&l, &a));
	peer_of("192.168.2.1", &a);
	assert_false(proxy_trusted(&l, &a));

	const char *bad[] = { "10.0.0.0/33", "::1/129", "1.2.3", "example.org", "1.2.3.4,,5.6.7.8", "1.2.3.4,",
			      ",1.2.3.4", "1.2.3.4/", "1.2.3.4/x", "[::1]", "1.2.3.4:80", "10.0.0.0/-1", " , ", NULL };
	for (int i = 0; bad[i]; i++) {
		err[0] = '\0';
		assert_int_equal(proxy_list_parse(bad[i], &l, err, sizeof err), -1);
		assert_true(err[0] != '\0');
	}
	assert_non_null(strstr((proxy_list_parse("10.0.0.0/33", &l, err, sizeof err), err), "10.0.0.0/33"));
}

static void test_networks(void **state)
{
	struct proxy_list l;
	char err[200];
	struct proxy_addr a;
	assert_int_equal(proxy_list_parse("10.0.0.0/8,172.16.0.0/12,2001:db8:1::/48", &l, err, sizeof err), 0);
	const char *in[] = { "10.1.2.3", "10.255.255.255", "172.31.0.1", "2001:db8:1:ffff::1", "::ffff:10.9.9.9", NULL };
	const char *out[] = { "11.0.0.1", "172.32.0.1", "172.15.255.255", "2001:db8:2::1", "192.0.2.1", "::1", NULL };
	for (int i = 0; in[i]; i++) {
		peer_of(in[i], &a);
		assert_true(proxy_trusted(&l, &a));
	}
	for (int i = 0; out[i]; i++) {
		peer_of(out[i], &a);
		assert_false(proxy_trusted(&l, &a));
	}
}

static void test_addr_forms(void **state)
{
	struct proxy_addr a;
	char out[PROXY_ADDR_MAX];
	const char *good[][2] = {
		{ "192.0.2.1", "192.0.2.1" },	      { " 192.0.2.1 ", "192.0.2.1" },
		{ "192.0.2.1:443", "192.0.2.1" },     { "2001:db8::1", "2001:db8::1" },
		{ "[2001:db8::1]", "2001:db8::1" },   { "[2001:db8::1]:8443", "2001:db8::1" },
		{ "::ffff:192.0.2.7", "192.0.2.7" },  { "[::ffff:192.0.2.7]:1", "192.0.2.7" },
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		assert_int_equal(proxy_addr_parse(good[i][0], &a), 0);
		proxy_addr_format(&a, out);
		assert_string_equal(out, good[i][1]);
	}
	const char *bad[] = { "", "unknown", "192.0.2.1:", "192.0.2.1:x", "[2001:db8::1", "[2001:db8::1]x", "1.2.3.4.5",
			      "_hidden", "999.1.1.1", NULL };
	for (int i = 0; bad[i]; i++)
		assert_int_equal(proxy_addr_parse(bad[i], &a), -1);
}

static void test_client_untrusted_peer(void **state)
{
	struct proxy_list none, l;
	char err[200];
	assert_int_equal(proxy_list_parse(NULL, &none, err, sizeof err), 0);
	assert_int_equal(proxy_list_parse("127.0.0.1", &l, err, sizeof err), 0);
	/* nobody is trusted by default: the headers are ignored */
	assert_string_equal(client(&none, "127.0.0.1", "203.0.113.9", "203.0.113.8"), "127.0.0.1");
	/* a peer that is not in the list: ignored too */
	assert_string_equal(client(&l, "198.51.100.4", "203.0.113.9", "203.0.113.8"), "198.51.100.4");
	/* mapped peer address is shown as IPv4 */
	assert_string_equal(client(&none, "::ffff:198.51.100.4", NULL, NULL), "198.51.100.4");
}

static void test_client_xff_from_the_right(void **state)
{
	struct proxy_list l;
	char err[200];
	assert_int_equal(proxy_list_parse("127.0.0.1,10.0.0.0/8", &l, err, sizeof err), 0);
	/* the usual case: the proxy appended its client */
	assert_string_equal(client(&l, "127.0.0.1", "203.0.113.9", NULL), "203.0.113.9");
	/* what the client wrote itself (left) proves nothing: the right-most untrusted wins */
	assert_string_equal(client(&l, "127.0.0.1", "1.1.1.1, 203.0.113.9", NULL), "203.0.113.9");
	/* trusted hops are skipped */
	assert_string_equal(client(&l, "127.0.0.1", "1.1.1.1, 203.0.113.9, 10.0.0.5, 10.2.0.1", NULL), "203.0.113.9");
	/* every hop trusted: the left-most one */
	assert_string_equal(client(&l, "127.0.0.1", "10.0.0.5, 10.2.0.1", NULL), "10.0.0.5");
	/* garbage right after trusted hops: stop at the last trusted one */
	assert_string_equal(client(&l, "127.0.0.1", "203.0.113.9, unknown, 10.0.0.5", NULL), "10.0.0.5");
	assert_string_equal(client(&l, "127.0.0.1", "junk", NULL), "127.0.0.1");
	/* empty elements and ports */
	assert_string_equal(client(&l, "127.0.0.1", "203.0.113.9:5555 , ,", NULL), "203.0.113.9");
	assert_string_equal(client(&l, "127.0.0.1", "[2001:db8::7]:443", NULL), "2001:db8::7");
	/* X-Real-IP when there is no X-Forwarded-For */
	assert_string_equal(client(&l, "127.0.0.1", NULL, "198.51.100.77"), "198.51.100.77");
	assert_string_equal(client(&l, "127.0.0.1", "", "198.51.100.77"), "198.51.100.77");
	assert_string_equal(client(&l, "127.0.0.1", NULL, "nonsense"), "127.0.0.1");
	/* both: X-Forwarded-For wins */
	assert_string_equal(client(&l, "127.0.0.1", "203.0.113.9", "198.51.100.77"), "203.0.113.9");
	/* a very long header: still the right-most untrusted */
	char longx[4096];
	size_t n = 0;
	for (int i = 0; i < 200; i++)
		n += (size_t)snprintf(longx + n, sizeof longx - n, "192.0.2.%d, ", i % 250);
	snprintf(longx + n, sizeof longx - n, "203.0.113.1");
	assert_string_equal(client(&l, "127.0.0.1", longx, NULL), "203.0.113.1");
}

/* Limits count an IPv6 client by its /64, an IPv4 client by its address. */
static void test_limit_key(void **state)
{
	(void)state;
	char k[PROXY_ADDR_MAX], k2[PROXY_ADDR_MAX];
	proxy_limit_key_text("2001:db8:7:7::1", k);
	assert_string_equal(k, "2001:db8:7:7::/64");
	proxy_limit_key_text("2001:db8:7:7:bbbb:cccc:dddd:4", k2);
	assert_string_equal(k, k2);
	proxy_limit_key_text("[2001:db8:7:8::1]:443", k2);	/* the next /64 is another client */
	assert_string_equal(k2, "2001:db8:7:8::/64");
	proxy_limit_key_text("192.0.2.7", k);
	assert_string_equal(k, "192.0.2.7");
	proxy_limit_key_text("::ffff:192.0.2.7", k);	/* IPv4-mapped is IPv4 */
	assert_string_equal(k, "192.0.2.7");
	proxy_limit_key_text("::1", k);
	assert_string_equal(k, "::/64");
	proxy_limit_key_text("not an address", k);
	assert_string_equal(k, "not an address");
	proxy_limit_key_text("", k);
	assert_string_equal(k, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_list),
		cmocka_unit_test(test_networks),
		cmocka_unit_test(test_addr_forms),
		cmocka_unit_test(test_client_untrusted_peer),
		cmocka_unit_test(test_client_xff_from_the_right),
		cmocka_unit_test(test_limit_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
