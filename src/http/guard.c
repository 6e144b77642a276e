/* guard: per-address limits and request deadlines (see guard.h). One mutex guards the
 * connection list and both counters; every operation under it is short (a list link, a
 * hash lookup), and the sweeper walks the list every GUARD_SWEEP_MS. */
#include "http/guard.h"
#include "util/log.h"
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define GUARD_SWEEP_MS 100
#define GUARD_BUCKETS 1024
#define GUARD_LOG_EVERY_MS 10000

enum guard_phase { GUARD_WAITING, GUARD_BODY, GUARD_ANSWERING };

struct guard_count {
	char key[PROXY_ADDR_MAX];
	unsigned n;
	struct guard_count *next;
};

/* Counts per address, in a chained hash table; an entry goes when its count is 0. */
struct guard_counter {
	struct guard_count *b[GUARD_BUCKETS];
};

struct guard_conn {
	int fd;
	int counted;		/* counted against its peer's limit */
	int trusted;
	int shut;		/* shutdown() done */
	unsigned long requests;	/* requests whose headers arrived on this connection */
	enum guard_phase phase;
	uint64_t deadline;	/* monotonic ms; 0 = none */
	struct proxy_addr peer;
	char key[PROXY_ADDR_MAX];
	struct guard_conn *prev, *next;
};

struct guard {
	struct guard_opts o;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t sweeper;
	int running, stop;
	struct guard_conn *head;
	struct guard_counter conns, clients;
	struct guard_stats st;
	struct guard_stats logged;
	uint64_t last_log;
};

static uint64_t guard_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u;
}

static unsigned guard_hash(const char *s)
{
	unsigned h = 2166136261u;	/* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % GUARD_BUCKETS;
}

static struct guard_count **guard_find(struct guard_counter *t, const char *key)
{
	struct guard_count **p = &t->b[guard_hash(key)];
	while (*p && strcmp((*p)->key, key) != 0)
		p = &(*p)->next;
	return p;
}

static unsigned guard_count_of(struct guard_counter *t, const char *key)
{
	struct guard_count **p = guard_find(t, key);
	return *p ? (*p)->n : 0;
}

/* +1 unless the count is at max already (max 0 = no limit); 0 or -1 (full, or no memory). */
static int guard_count_add(struct guard_counter *t, const char *key, unsigned max)
{
	struct guard_count **p = guard_find(t, key);
	if (!*p) {
		struct guard_count *e = calloc(1, sizeof *e);
		if (!e)
			return -1;
		strncpy(e->key, key, sizeof e->key - 1);
		*p = e;
	}
	if (max && (*p)->n >= max)
		return -1;
	(*p)->n++;
	return 0;
}

static void guard_count_del(struct guard_counter *t, const char *key)
{
	struct guard_count **p = guard_find(t, key);
	if (!*p)
		return;
	if ((*p)->n > 1) {
		(*p)->n--;
		return;
	}
	struct guard_count *e = *p;
	*p = e->next;
	free(e);
}

static void guard_counter_free(struct guard_counter *t)
{
	for (int i = 0; i < GUARD_BUCKETS; i++)
		while (t->b[i]) {
			struct guard_count *e = t->b[i];
			t->b[i] = e->next;
			free(e);
		}
}

struct guard *guard_new(const struct guard_opts *o)
{
	struct guard *g = calloc(1, sizeof *g);
	if (!g)
		return NULL;
	g->o = *o;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	if (pthread_mutex_init(&g->mu, NULL) != 0 || pthread_cond_init(&g->cv, &ca) != 0) {
		pthread_condattr_destroy(&ca);
		free(g);
		return NULL;
	}
	pthread_condattr_destroy(&ca);
	return g;
}

/* Under the mutex: shut the socket down once (libmicrohttpd closes it). */
static void guard_shut(struct guard_conn *c)
{
	if (c->shut)
		return;
	c->shut = 1;
	c->deadline = 0;
	if (shutdown(c->fd, SHUT_RDWR) != 0 && errno != ENOTCONN)
		log_warn("guard: shutdown of a connection failed: %s", strerror(errno));
}

/* Under the mutex: a line now and then while connections are refused or cut. */
static void guard_log(struct guard *g, uint64_t now)
{
	if (now - g->last_log < GUARD_LOG_EVERY_MS)
		return;
	unsigned long refused = g->st.refused - g->logged.refused, expired = g->st.expired - g->logged.expired,
		      busy = g->st.busy - g->logged.busy, idle = g->st.idle - g->logged.idle;
	if (refused || expired || busy)
		log_warn("limits: %lu connection(s) refused (too many from one address), %lu closed (request not "
			 "received in time), %lu request(s) refused (too many at once from one client) since the last report",
			 refused, expired, busy);
	if (idle)
		log_msg(LOG_DEBUG, "limits: %lu idle keep-alive connection(s) closed since the last report", idle);
	g->logged = g->st;
	g->last_log = now;
}

static void *guard_sweep(void *arg)
{
	struct guard *g = arg;
	pthread_mutex_lock(&g->mu);
	while (!g->stop) {
		uint64_t now = guard_now();
		for (struct guard_conn *c = g->head; c; c = c->next)
			if (c->deadline && now >= c->deadline && !c->shut) {
				/* waiting after a response sent may be an idle keep-alive connection */
				if (c->phase == GUARD_WAITING && c->requests)
					g->st.idle++;
				else
					g->st.expired++;
				guard_shut(c);
			}
		guard_log(g, now);
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += GUARD_SWEEP_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&g->cv, &g->mu, &until);
	}
	pthread_mutex_unlock(&g->mu);
	return NULL;
}

int guard_start(struct guard *g)
{
	if (pthread_create(&g->sweeper, NULL, guard_sweep, g) != 0)
		return -1;
	g->running = 1;
	return 0;
}

void guard_free(struct guard *g)
{
	if (!g)
		return;
	if (g->running) {
		pthread_mutex_lock(&g->mu);
		g->stop = 1;
		pthread_cond_signal(&g->cv);
		pthread_mutex_unlock(&g->mu);
		pthread_join(g->sweeper, NULL);
	}
	while (g->head) {	/* only when the daemon did not close them (it does) */
		struct guard_conn *c = g->head;
		g->head = c->next;
		free(c);
	}
	guard_counter_free(&g->conns);
	guard_counter_free(&g->clients);
	pthread_cond_destroy(&g->cv);
	pthread_mutex_destroy(&g->mu);
	free(g);
}

int guard_accept_ok(struct guard *g, const struct sockaddr *peer)
{
	struct proxy_addr a;
	char key[PROXY_ADDR_MAX];
	if (!g->o.max_per_addr || proxy_addr_from_sockaddr(peer, &a) != 0 || proxy_trusted(g->o.trusted, &a))
		return 1;
	proxy_limit_key(&a, key);
	pthread_mutex_lock(&g->mu);
	int ok = guard_count_of(&g->conns, key) < g->o.max_per_addr;
	if (!ok)
		g->st.refused++;
	pthread_mutex_unlock(&g->mu);
	return ok;
}

static void guard_wait_next(struct guard *g, struct guard_conn *c, uint64_t now)
{
	c->phase = GUARD_WAITING;
	c->deadline = c->shut || !g->o.header_ms ? 0 : now + g->o.header_ms;
}

struct guard_conn *guard_conn_open(struct guard *g, int fd, const struct sockaddr *peer)
{
	struct guard_conn *c = calloc(1, sizeof *c);
	if (!c) {
		shutdown(fd, SHUT_RDWR);
		return NULL;
	}
	c->fd = fd;
	if (proxy_addr_from_sockaddr(peer, &c->peer) == 0)
		proxy_limit_key(&c->peer, c->key);
	c->trusted = proxy_trusted(g->o.trusted, &c->peer);
	pthread_mutex_lock(&g->mu);
	c->next = g->head;
	if (g->head)
		g->head->prev = c;
	g->head = c;
	g->st.conns++;
	guard_wait_next(g, c, guard_now());
	if (!c->trusted && c->key[0]) {
		if (guard_count_add(&g->conns, c->key, g->o.max_per_addr) == 0) {
			c->counted = 1;
		} else {
			guard_shut(c);
			g->st.refused++;
		}
	}
	pthread_mutex_unlock(&g->mu);
	return c;
}

void guard_conn_close(struct guard *g, struct guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->mu);
	if (c->prev)
		c->prev->next = c->next;
	else
		g->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	g->st.conns--;
	if (c->counted)
		guard_count_del(&g->conns, c->key);
	pthread_mutex_unlock(&g->mu);
	free(c);
}

const struct proxy_addr *guard_conn_peer(const struct guard_conn *c) { return &c->peer; }
int guard_conn_trusted(const struct guard_conn *c) { return c->trusted; }

void guard_headers_done(struct guard *g, struct guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->mu);
	c->requests++;
	c->phase = GUARD_BODY;
	c->deadline = c->shut || !g->o.body_ms ? 0 : guard_now() + g->o.body_ms;
	pthread_mutex_unlock(&g->mu);
}

void guard_answering(struct guard *g, struct guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->mu);
	c->phase = GUARD_ANSWERING;
	c->deadline = 0;
	pthread_mutex_unlock(&g->mu);
}

void guard_request_done(struct guard *g, struct guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->mu);
	guard_wait_next(g, c, guard_now());
	pthread_mutex_unlock(&g->mu);
}

int guard_client_enter(struct guard *g, const char *client)
{
	pthread_mutex_lock(&g->mu);
	int rc = guard_count_add(&g->clients, client, g->o.max_per_client);
	if (rc != 0)
		g->st.busy++;
	pthread_mutex_unlock(&g->mu);
	return rc;
}

void guard_client_leave(struct guard *g, const char *client)
{
	pthread_mutex_lock(&g->mu);
	guard_count_del(&g->clients, client);
	pthread_mutex_unlock(&g->mu);
}

void guard_stats(struct guard *g, struct guard_stats *out)
{
	pthread_mutex_lock(&g->mu);
	*out = g->st;
	pthread_mutex_unlock(&g->mu);
}
