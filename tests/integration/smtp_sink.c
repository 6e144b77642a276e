/* smtp_sink: the tests' SMTP server (see smtp_sink.h). Written for the tests only: plain
 * SMTP (no TLS), one message per DATA, every recipient of it recorded. */
#include "smtp_sink.h"
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SINK_MAX_CONNS 64
#define SINK_LINE_MAX 4096

struct sink_conn {
	struct smtp_sink *s;
	int fd;
	pthread_t thread;
	int used;
	volatile int done;	/* the session ended: the acceptor reaps it */
};

struct smtp_sink {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct sink_msg *msgs;
	int n, cap;
	int lfd;
	volatile int stop;
	pthread_t acceptor;
	int running;
	struct sink_conn conns[SINK_MAX_CONNS];
	char *reject, *user, *password;
	int tempfail;
};

static char *sink_strdup(const char *s)
{
	return strdup(s ? s : "");
}

struct smtp_sink *sink_new(void)
{
	struct smtp_sink *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	s->lfd = -1;
	return s;
}

/* ---- one connection ---- */

struct sink_io {
	int fd;
	char buf[SINK_LINE_MAX];
	size_t len;
};

/* One line without its CRLF into out; 0, or -1 when the connection ended. */
static int sink_line(struct sink_io *io, char *out, size_t n)
{
	for (;;) {
		char *nl = memchr(io->buf, '\n', io->len);
		if (nl) {
			size_t k = (size_t)(nl - io->buf);
			size_t m = k && io->buf[k - 1] == '\r' ? k - 1 : k;
			if (m >= n)
				m = n - 1;
			memcpy(out, io->buf, m);
			out[m] = '\0';
			memmove(io->buf, nl + 1, io->len - k - 1);
			io->len -= k + 1;
			return 0;
		}
		if (io->len == sizeof io->buf)
			io->len = 0;	/* an overlong line: dropped */
		ssize_t r = recv(io->fd, io->buf + io->len, sizeof io->buf - io->len, 0);
		if (r <= 0)
			return -1;
		io->len += (size_t)r;
	}
}

static void sink_say(int fd, const char *text)
{
	size_t n = strlen(text);
	while (n) {
		ssize_t w = send(fd, text, n, MSG_NOSIGNAL);
		if (w <= 0)
			return;
		text += w;
		n -= (size_t)w;
	}
}

/* The address between < and > of "MAIL FROM:<a@b> SIZE=…" into out. */
static void sink_addr(const char *arg, char *out, size_t n)
{
	const char *lt = strchr(arg, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	size_t k = lt && gt ? (size_t)(gt - lt - 1) : 0;
	if (k >= n)
		k = n - 1;
	memcpy(out, lt ? lt + 1 : "", k);
	out[k] = '\0';
}

static void sink_store(struct smtp_sink *s, const char *from, const char *rcpt, const char *data, const char *user)
{
	pthread_mutex_lock(&s->mu);
	if (s->n == s->cap) {
		int cap = s->cap ? s->cap * 2 : 32;
		struct sink_msg *m = realloc(s->msgs, (size_t)cap * sizeof *m);
		if (m) {
			s->msgs = m;
			s->cap = cap;
		}
	}
	if (s->n < s->cap) {
		struct sink_msg *m = &s->msgs[s->n++];
		m->from = sink_strdup(from);
		m->rcpt = sink_strdup(rcpt);
		m->data = sink_strdup(data);
		m->user = sink_strdup(user);
	}
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

/* "\0user\0password" in base64 against the required login. */
static int sink_auth_plain(struct smtp_sink *s, const char *b64, char *user, size_t n)
{
	unsigned char raw[512];
	size_t len = 0;
	if (sodium_base642bin(raw, sizeof raw - 1, b64, strlen(b64), NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
		return 0;
	raw[len] = 0;
	const char *u = memchr(raw, 0, len) ? (const char *)raw + strlen((const char *)raw) + 1 : NULL;
	const char *p = u && u < (const char *)raw + len ? u + strlen(u) + 1 : NULL;
	if (!u || !p || p > (const char *)raw + len)
		return 0;
	size_t ul = strlen(u) < n ? strlen(u) : n - 1;
	memcpy(user, u, ul);
	user[ul] = '\0';
	pthread_mutex_lock(&s->mu);
	int ok = s->user && strcmp(u, s->user) == 0 && strcmp(p, s->password) == 0;
	pthread_mutex_unlock(&s->mu);
	return ok;
}

static void sink_session(struct smtp_sink *s, int fd)
{
	struct sink_io io = { .fd = fd };
	char line[SINK_LINE_MAX], from[512] = "", user[256] = "";
	char *rcpt = NULL;
	size_t rlen = 0;
	int authed = 0;
	sink_say(fd, "220 sink.test ESMTP ready\r\n");
	while (sink_line(&io, line, sizeof line) == 0) {
		pthread_mutex_lock(&s->mu);
		int need_auth = s->user != NULL;
		pthread_mutex_unlock(&s->mu);
		if (strncasecmp(line, "EHLO", 4) == 0) {
			sink_say(fd, need_auth ? "250-sink.test\r\n250-AUTH PLAIN\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n"
					       : "250-sink.test\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n");
		} else if (strncasecmp(line, "HELO", 4) == 0) {
			sink_say(fd, "250 sink.test\r\n");
		} else if (strncasecmp(line, "AUTH PLAIN", 10) == 0) {
			char arg[SINK_LINE_MAX];
			snprintf(arg, sizeof arg, "%s", line[10] == ' ' ? line + 11 : "");
			if (!*arg) {
				sink_say(fd, "334 \r\n");
				if (sink_line(&io, arg, sizeof arg) != 0)
					break;
			}
			authed = sink_auth_plain(s, arg, user, sizeof user);
			sink_say(fd, authed ? "235 2.7.0 Authentication succeeded\r\n"
					    : "535 5.7.8 Authentication credentials invalid\r\n");
		} else if (strncasecmp(line, "MAIL FROM:", 10) == 0) {
			if (need_auth && !authed) {
				sink_say(fd, "530 5.7.0 Authentication required\r\n");
				continue;
			}
			sink_addr(line + 10, from, sizeof from);
			free(rcpt);
			rcpt = NULL;
			rlen = 0;
			sink_say(fd, "250 2.1.0 Ok\r\n");
		} else if (strncasecmp(line, "RCPT TO:", 8) == 0) {
			char to[512];
			sink_addr(line + 8, to, sizeof to);
			pthread_mutex_lock(&s->mu);
			int refuse = s->reject && strcmp(s->reject, to) == 0;
			pthread_mutex_unlock(&s->mu);
			if (refuse) {
				sink_say(fd, "550 5.1.1 No such user here\r\n");
				continue;
			}
			char *r = realloc(rcpt, rlen + strlen(to) + 2);
			if (r) {
				rcpt = r;
				rlen += (size_t)sprintf(rcpt + rlen, "%s%s", rlen ? "," : "", to);
			}
			sink_say(fd, "250 2.1.5 Ok\r\n");
		} else if (strncasecmp(line, "DATA", 4) == 0) {
			if (!rcpt) {
				sink_say(fd, "503 5.5.1 No recipients\r\n");
				continue;
			}
			sink_say(fd, "354 End data with <CR><LF>.<CR><LF>\r\n");
			char *data = NULL;
			size_t dlen = 0;
			int ended = 0;
			while (sink_line(&io, line, sizeof line) == 0) {
				if (strcmp(line, ".") == 0) {
					ended = 1;
					break;
				}
				const char *l = line[0] == '.' ? line + 1 : line;	/* dot-unstuffing */
				char *d = realloc(data, dlen + strlen(l) + 3);
				if (!d)
					break;
				data = d;
				dlen += (size_t)sprintf(data + dlen, "%s\r\n", l);
			}
			if (!ended) {
				free(data);
				break;
			}
			pthread_mutex_lock(&s->mu);
			int fail = s->tempfail > 0;
			if (fail)
				s->tempfail--;
			pthread_mutex_unlock(&s->mu);
			if (fail) {
				sink_say(fd, "451 4.3.0 Try again later\r\n");
			} else {
				sink_store(s, from, rcpt, data ? data : "", user);
				sink_say(fd, "250 2.0.0 Ok: queued\r\n");
			}
			free(data);
			free(rcpt);
			rcpt = NULL;
			rlen = 0;
		} else if (strncasecmp(line, "RSET", 4) == 0) {
			free(rcpt);
			rcpt = NULL;
			rlen = 0;
			from[0] = '\0';
			sink_say(fd, "250 2.0.0 Ok\r\n");
		} else if (strncasecmp(line, "NOOP", 4) == 0) {
			sink_say(fd, "250 2.0.0 Ok\r\n");
		} else if (strncasecmp(line, "QUIT", 4) == 0) {
			sink_say(fd, "221 2.0.0 Bye\r\n");
			break;
		} else {
			sink_say(fd, "502 5.5.2 Command not recognised\r\n");
		}
	}
	free(rcpt);
}

static void *sink_conn_main(void *arg)
{
	struct sink_conn *c = arg;
	sink_session(c->s, c->fd);
	shutdown(c->fd, SHUT_RDWR);
	c->done = 1;
	return NULL;
}

static void *sink_accept_main(void *arg)
{
	struct smtp_sink *s = arg;
	while (!s->stop) {
		struct pollfd p = { .fd = s->lfd, .events = POLLIN };
		if (poll(&p, 1, 50) <= 0)
			continue;
		int fd = accept4(s->lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		struct sink_conn *c = NULL;
		for (int i = 0; i < SINK_MAX_CONNS; i++)
			if (s->conns[i].used && s->conns[i].done) {
				pthread_join(s->conns[i].thread, NULL);
				close(s->conns[i].fd);
				s->conns[i].used = s->conns[i].done = 0;
			}
		for (int i = 0; i < SINK_MAX_CONNS; i++)
			if (!s->conns[i].used) {
				c = &s->conns[i];
				break;
			}
		if (!c) {
			close(fd);
			continue;
		}
		c->s = s;
		c->fd = fd;
		c->used = 1;
		if (pthread_create(&c->thread, NULL, sink_conn_main, c) != 0) {
			close(fd);
			c->used = 0;
		}
	}
	return NULL;
}

int sink_open(struct smtp_sink *s, int port)
{
	if (s->running)
		return -1;
	/* close-on-exec: a server the test starts must not inherit the relay's socket (it would
	 * keep the port open, and accept connections, after the relay "goes down") */
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t al = sizeof a;
	if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 64) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &al) != 0) {
		close(fd);
		return -1;
	}
	s->lfd = fd;
	s->stop = 0;
	if (pthread_create(&s->acceptor, NULL, sink_accept_main, s) != 0) {
		close(fd);
		s->lfd = -1;
		return -1;
	}
	s->running = 1;
	return ntohs(a.sin_port);
}

void sink_close(struct smtp_sink *s)
{
	if (!s->running)
		return;
	s->stop = 1;
	pthread_join(s->acceptor, NULL);
	close(s->lfd);
	s->lfd = -1;
	for (int i = 0; i < SINK_MAX_CONNS; i++)
		if (s->conns[i].used) {
			shutdown(s->conns[i].fd, SHUT_RDWR);
			pthread_join(s->conns[i].thread, NULL);
			close(s->conns[i].fd);
			s->conns[i].used = s->conns[i].done = 0;
		}
	s->running = 0;
}

void sink_msg_free(struct sink_msg *m)
{
	free(m->from);
	free(m->rcpt);
	free(m->data);
	free(m->user);
	memset(m, 0, sizeof *m);
}

void sink_clear(struct smtp_sink *s)
{
	pthread_mutex_lock(&s->mu);
	for (int i = 0; i < s->n; i++)
		sink_msg_free(&s->msgs[i]);
	s->n = 0;
	pthread_mutex_unlock(&s->mu);
}

void sink_free(struct smtp_sink *s)
{
	if (!s)
		return;
	sink_close(s);
	sink_clear(s);
	free(s->msgs);
	free(s->reject);
	free(s->user);
	free(s->password);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

int sink_count(struct smtp_sink *s)
{
	pthread_mutex_lock(&s->mu);
	int n = s->n;
	pthread_mutex_unlock(&s->mu);
	return n;
}

int sink_get(struct smtp_sink *s, int i, struct sink_msg *out)
{
	int rc = -1;
	pthread_mutex_lock(&s->mu);
	if (i >= 0 && i < s->n) {
		out->from = sink_strdup(s->msgs[i].from);
		out->rcpt = sink_strdup(s->msgs[i].rcpt);
		out->data = sink_strdup(s->msgs[i].data);
		out->user = sink_strdup(s->msgs[i].user);
		rc = 0;
	}
	pthread_mutex_unlock(&s->mu);
	return rc;
}

int sink_wait(struct smtp_sink *s, int n, int ms)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&s->mu);
	while (s->n < n && pthread_cond_timedwait(&s->cv, &s->mu, &until) != ETIMEDOUT)
		;
	int have = s->n;
	pthread_mutex_unlock(&s->mu);
	return have;
}

static void sink_set(struct smtp_sink *s, char **field, const char *v)
{
	pthread_mutex_lock(&s->mu);
	free(*field);
	*field = v ? strdup(v) : NULL;
	pthread_mutex_unlock(&s->mu);
}

void sink_reject_rcpt(struct smtp_sink *s, const char *address) { sink_set(s, &s->reject, address); }

void sink_tempfail(struct smtp_sink *s, int n)
{
	pthread_mutex_lock(&s->mu);
	s->tempfail = n;
	pthread_mutex_unlock(&s->mu);
}

void sink_require_auth(struct smtp_sink *s, const char *user, const char *password)
{
	sink_set(s, &s->password, password);
	sink_set(s, &s->user, user);
}

/* ---- reading a received message ---- */

/* The header block ends at the first empty line. */
const char *sink_header(const struct sink_msg *m, const char *name, char *out, size_t n)
{
	size_t nl = strlen(name), o = 0;
	const char *p = m->data;
	int found = 0;
	while (p && *p && !(p[0] == '\r' && p[1] == '\n')) {
		const char *eol = strstr(p, "\r\n");
		if (!eol)
			break;
		if (!found && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			found = 1;
			const char *v = p + nl + 1;
			while (*v == ' ')
				v++;
			size_t k = (size_t)(eol - v);
			if (o + k >= n)
				k = n - o - 1;
			memcpy(out + o, v, k);
			o += k;
		} else if (found && (*p == ' ' || *p == '\t')) {
			size_t k = (size_t)(eol - p);	/* unfolding keeps the space */
			if (o + k >= n)
				k = n - o - 1;
			memcpy(out + o, p, k);
			o += k;
		} else if (found) {
			break;
		}
		p = eol + 2;
	}
	if (!found)
		return NULL;
	out[o] = '\0';
	return out;
}

/* "=?UTF-8?B?…?=" words (spaces between words dropped), other text kept. */
char *sink_subject(const struct sink_msg *m)
{
	char raw[4096];
	if (!sink_header(m, "Subject", raw, sizeof raw))
		return NULL;
	char *out = calloc(1, sizeof raw);
	size_t o = 0;
	const char *p = raw;
	int prev_word = 0;
	while (out && *p) {
		if (strncmp(p, "=?UTF-8?B?", 10) == 0) {
			const char *end = strstr(p + 10, "?=");
			if (!end)
				break;
			size_t len = 0;
			if (sodium_base642bin((unsigned char *)out + o, sizeof raw - o - 1, p + 10, (size_t)(end - p - 10), NULL,
					      &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
				break;
			o += len;
			p = end + 2;
			prev_word = 1;
			continue;
		}
		if (prev_word && (*p == ' ' || *p == '\t')) {
			const char *q = p;
			while (*q == ' ' || *q == '\t')
				q++;
			if (strncmp(q, "=?", 2) == 0) {
				p = q;	/* whitespace between two encoded words is not text */
				continue;
			}
		}
		prev_word = 0;
		out[o++] = *p++;
	}
	if (out)
		out[o] = '\0';
	return out;
}

char *sink_body(const struct sink_msg *m)
{
	const char *b = strstr(m->data, "\r\n\r\n");
	if (!b)
		return NULL;
	b += 4;
	size_t n = strlen(b), len = 0;
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	if (sodium_base642bin((unsigned char *)out, n, b, n, "\r\n", &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0) {
		free(out);
		return NULL;
	}
	out[len] = '\0';
	return out;
}
