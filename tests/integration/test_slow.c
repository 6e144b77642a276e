/* test_slow: slow connections cannot take the server from everyone else.
 *   - 1,100 connections from 5 addresses (127.0.0.2 … 127.0.0.6), each sending its
 *     headers a line at a time every 0.5 s (so libmicrohttpd's inactivity timeout never
 *     fires): a fresh client is answered within 1 s; each address holds at most its 64
 *     connections; and once the header deadline has passed, the server has closed every
 *     one of them, however steadily they trickled;
 *   - a body trickled a byte at a time is cut at the body deadline;
 *   - a trusted proxy is not limited as one client, its clients are (requests in
 *     progress per client address).
 * The server runs with --header-timeout 3 --body-timeout 3 so that the test is quick. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "harness.h"

#define NSLOW 1100
#define NADDR 5
#define PER_ADDR 64	/* the server's default --max-conns-per-addr */
#define DEADLINE_S 3
#define TRUSTED "127.0.0.7"

static struct h_server srv;

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void sleep_s(double s)
{
	struct timespec t = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };
	nanosleep(&t, NULL);
}

static int group_setup(void **state)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 4096) {
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= 4096 ? 4096 : rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (h_server_init(&srv) != 0)
		return -1;
	const char *args[] = { "--header-timeout", "3", "--body-timeout", "3", "--trusted-proxy", TRUSTED, NULL };
	return h_server_start_args(&srv, args);
}

static int group_teardown(void **state)
{
	return h_server_stop(&srv) == 0 ? 0 : -1;
}

/* A non-blocking TCP connection from local address from to the server; -1 on failure. */
static int connect_from(const char *from)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in a = { .sin_family = AF_INET };
	inet_pton(AF_INET, from, &a.sin_addr);
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons((uint16_t)srv.port) };
	inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    (connect(fd, (struct sockaddr *)&to, sizeof to) != 0 && errno != EINPROGRESS)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Sends s on every open socket; a socket the server closed is closed and set to -1. */
static void send_all(int *fds, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (fds[i] >= 0 && send(fds[i], s, strlen(s), MSG_NOSIGNAL) < 0 && errno != EAGAIN && errno != ENOTCONN) {
			close(fds[i]);
			fds[i] = -1;
		}
}

/* Closes (and sets to -1) the sockets the server has closed; returns how many stay open. */
static int reap(int *fds, int n)
{
	struct pollfd *p = calloc((size_t)n, sizeof *p);
	int open_n = 0;
	for (int i = 0; i < n; i++) {
		p[i].fd = fds[i];
		p[i].events = POLLIN | POLLRDHUP;
	}
	poll(p, (nfds_t)n, 0);
	for (int i = 0; i < n; i++) {
		if (fds[i] < 0)
			continue;
		if (p[i].revents) {
			char buf[4096];
			ssize_t k;
			while ((k = recv(fds[i], buf, sizeof buf, 0)) > 0)
				;
			if (k == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
				close(fds[i]);
				fds[i] = -1;
				continue;
			}
		}
		open_n++;
	}
	free(p);
	return open_n;
}

static void close_all(int *fds, int n)
{
	for (int i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/* GET / from a fresh client on 127.0.0.1; the seconds it took (the status must be 200). */
static double fresh_client(void)
{
	struct h_client c;
	struct h_resp r;
	assert_int_equal(h_client_init(&c, &srv), 0);
	curl_easy_setopt(c.curl, CURLOPT_TIMEOUT_MS, 5000L);
	double t0 = now_s();
	int rc = h_get(&c, "/", &r);
	double took = now_s() - t0;
	assert_int_equal(rc, 0);
	assert_int_equal(r.status, 200);
	h_resp_free(&r);
	h_client_free(&c);
	return took;
}

static void test_slow_headers_from_five_addresses(void **state)
{
	static int fds[NSLOW];
	char from[NADDR][24];
	for (int k = 0; k < NADDR; k++)
		snprintf(from[k], sizeof from[k], "127.0.0.%d", 2 + k);
	double t0 = now_s();
	for (int i = 0; i < NSLOW; i++) {
		fds[i] = connect_from(from[i % NADDR]);
		assert_true(fds[i] >= 0);
	}
	sleep_s(0.2);	/* the connections complete */
	send_all(fds, NSLOW, "GET / HTTP/1.1\r\nHost: slow\r\n");
	double worst = 0;
	int held = NSLOW, rounds = 0;
	/* trickle a header line every 0.5 s; meanwhile fresh clients are served at once */
	while (now_s() - t0 < 2.0) {
		sleep_s(0.5);
		send_all(fds, NSLOW, "X-Slow: 1\r\n");
		held = reap(fds, NSLOW);
		double took = fresh_client();
		if (took > worst)
			worst = took;
		rounds++;
		fprintf(stderr, "test_slow: %.1f s: %d slow connections held open, a fresh client answered in %.3f s\n",
			now_s() - t0, held, took);
	}
	assert_true(rounds >= 3);
	assert_true(worst < 1.0);
	/* each address holds at most its share */
	assert_true(held > 0);
	assert_true(held <= NADDR * PER_ADDR);
	/* keep trickling past the deadline: the server has closed them all */
	while (now_s() - t0 < DEADLINE_S + 1.5) {
		sleep_s(0.5);
		send_all(fds, NSLOW, "X-Slow: 1\r\n");
		held = reap(fds, NSLOW);
	}
	fprintf(stderr, "test_slow: %.1f s: %d slow connections still open after the %d s deadline\n", now_s() - t0, held,
		DEADLINE_S);
	assert_int_equal(held, 0);
	assert_true(fresh_client() < 1.0);
	close_all(fds, NSLOW);
}

static void test_slow_body_is_cut(void **state)
{
	int fd = connect_from("127.0.0.2");
	assert_true(fd >= 0);
	sleep_s(0.1);
	const char *head = "POST /login HTTP/1.1\r\nHost: slow\r\nContent-Type: application/x-www-form-urlencoded\r\n"
			   "Content-Length: 1000\r\n\r\nlogin=";
	assert_true(send(fd, head, strlen(head), MSG_NOSIGNAL) > 0);
	double t0 = now_s(), closed_at = 0;
	while (now_s() - t0 < DEADLINE_S + 3) {
		sleep_s(0.3);
		send_all(&fd, 1, "a");
		if (reap(&fd, 1) == 0) {
			closed_at = now_s() - t0;
			break;
		}
	}
	if (closed_at > 0)
		fprintf(stderr, "test_slow: a body trickled a byte every 0.3 s was cut after %.1f s\n", closed_at);
	else
		fprintf(stderr, "test_slow: a body trickled a byte every 0.3 s was still open after %d s\n", DEADLINE_S + 3);
	assert_true(closed_at > DEADLINE_S - 0.5);
	assert_true(closed_at < DEADLINE_S + 1.0);
	close_all(&fd, 1);
}

static void test_trusted_proxy_not_limited_as_one_client(void **state)
{
	enum { N = 100 };
	int proxy[N], other[N];
	for (int i = 0; i < N; i++) {
		proxy[i] = connect_from(TRUSTED);
		other[i] = connect_from("127.0.0.8");
		assert_true(proxy[i] >= 0 && other[i] >= 0);
	}
	sleep_s(0.5);
	send_all(proxy, N, "GET / HTTP/1.1\r\nHost: slow\r\n");
	send_all(other, N, "GET / HTTP/1.1\r\nHost: slow\r\n");
	sleep_s(0.3);
	int held_proxy = reap(proxy, N), held_other = reap(other, N);
	fprintf(stderr, "test_slow: %d connections held from the trusted proxy, %d from another address\n", held_proxy,
		held_other);
	assert_int_equal(held_proxy, N);
	assert_int_equal(held_other, PER_ADDR);
	close_all(proxy, N);
	close_all(other, N);
}

/* The status of the response on fd (waits up to 3 s); 0 when none came. */
static int status_of(int fd)
{
	char buf[512];
	size_t n = 0;
	double t0 = now_s();
	while (n < sizeof buf - 1 && now_s() - t0 < 3) {
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, 100) <= 0)
			continue;
		ssize_t k = recv(fd, buf + n, sizeof buf - 1 - n, 0);
		if (k <= 0)
			break;
		n += (size_t)k;
		buf[n] = '\0';
		if (strstr(buf, "\r\n"))
			break;
	}
	buf[n] = '\0';
	int st = 0;
	return sscanf(buf, "HTTP/1.1 %d", &st) == 1 ? st : 0;
}

static void test_clients_behind_the_proxy_are_limited(void **state)
{
	enum { N = PER_ADDR + 6 };
	int fds[N], other;
	const char *head = "GET / HTTP/1.1\r\nHost: slow\r\nX-Forwarded-For: 198.51.100.1\r\nContent-Length: 2\r\n\r\n";
	for (int i = 0; i < N; i++)
		assert_true((fds[i] = connect_from(TRUSTED)) >= 0);
	assert_true((other = connect_from(TRUSTED)) >= 0);
	sleep_s(0.3);
	/* N requests of one client in progress (headers sent, bodies not yet) */
	send_all(fds, N, head);
	sleep_s(0.5);
	/* another client of the same proxy is served */
	send_all(&other, 1, "GET / HTTP/1.1\r\nHost: slow\r\nX-Forwarded-For: 198.51.100.2\r\n\r\n");
	assert_int_equal(status_of(other), 200);
	send_all(fds, N, "ab");
	int ok = 0, busy = 0;
	for (int i = 0; i < N; i++) {
		int st = status_of(fds[i]);
		ok += st == 200;
		busy += st == 429;
	}
	fprintf(stderr, "test_slow: one client behind the proxy, %d requests at once: %d answered, %d refused (429)\n", N,
		ok, busy);
	assert_int_equal(ok, PER_ADDR);
	assert_int_equal(busy, N - PER_ADDR);
	close_all(fds, N);
	close_all(&other, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slow_headers_from_five_addresses),
		cmocka_unit_test(test_slow_body_is_cut),
		cmocka_unit_test(test_trusted_proxy_not_limited_as_one_client),
		cmocka_unit_test(test_clients_behind_the_proxy_are_limited),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
