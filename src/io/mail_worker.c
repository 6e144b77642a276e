/* mail_worker: a pass over the outbox, and the worker thread of `kyodo serve` (see
 * mail_worker.h). */
#include "io/mail_worker.h"
#include "domain/endorse.h"
#include "domain/mail.h"
#include "io/mail_mime.h"
#include "io/mail_smtp.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/log.h"
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAIL_POLL_MS_DEFAULT 5000

void mail_worker_owner(char *out, unsigned long n)
{
	char host[64] = "host";
	unsigned char r[4];
	char hex[9];
	gethostname(host, sizeof host - 1);
	host[sizeof host - 1] = '\0';
	randombytes_buf(r, sizeof r);
	sodium_bin2hex(hex, sizeof hex, r, sizeof r);
	snprintf(out, n, "%s:%ld:%s", host, (long)getpid(), hex);
}

static long mail_env_long(const char *name, long def, long min, long max)
{
	const char *v = getenv(name);
	char *end;
	long x = v && *v ? strtol(v, &end, 10) : def;
	if (v && *v && (*end || x < min || x > max))
		x = def;
	return x;
}

int mail_worker_retry_base(void)
{
	return (int)mail_env_long("KYODO_MAIL_RETRY_BASE_S", MAIL_RETRY_BASE_S, 1, MAIL_RETRY_MAX_S);
}

/* One claimed message: compose, send, end the attempt. */
static int mail_worker_one(struct store *st, struct arena *a, const struct mail_settings *ms, struct mail_smtp *smtp,
			   const char *owner, const struct mail_item *it, int base_s, struct mail_pass *ps)
{
	struct mail_message m = {
		.from = ms->from,
		.from_name = ms->from_name,
		.to = it->recipient,
		.subject = it->subject,
		.body = it->body,
		.token = it->token,
		.date = it->created_at,
	};
	struct buf msg = BUF_INIT;
	struct mail_smtp_result res;
	if (mail_compose(&msg, &m) != 0) {
		memset(&res, 0, sizeof res);
		res.outcome = msg.oom ? MAIL_TEMPORARY : MAIL_PERMANENT;
		snprintf(res.detail, sizeof res.detail, "%s",
			 msg.oom ? "out of memory" : "the recipient or sender is not an address mail can be sent to");
	} else {
		mail_smtp_send(smtp, it->recipient, msg.data, msg.len, &res);
	}
	buf_free(&msg);
	const char *state = NULL;
	int rc = mail_attempt_end(st, it, owner, (long long)time(NULL), res.outcome, res.detail, base_s, &state);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		ps->lost++;
		log_warn("mail %lld: the lease ran out during the attempt; another worker has the message", it->id);
	} else if (strcmp(state, "sent") == 0) {
		ps->sent++;
	} else if (strcmp(state, "failed") == 0) {
		ps->failed++;
		log_warn("mail %lld to %s failed for good: %s", it->id, it->recipient, res.detail);
	} else {
		ps->retry++;
	}
	if (res.outcome != MAIL_SENT && !ps->first_error[0])
		snprintf(ps->first_error, sizeof ps->first_error, "%s", res.detail);
	ps->relay_down = res.relay_down;
	(void)a;
	return 0;
}

/* Do two settings reach the relay the same way? */
static int mail_same_relay(const struct mail_settings *x, const struct mail_settings *y)
{
	return strcmp(x->host, y->host) == 0 && x->port == y->port && x->security == y->security &&
	       strcmp(x->user, y->user) == 0 && strcmp(x->from, y->from) == 0 && strcmp(x->from_name, y->from_name) == 0;
}

int mail_worker_pass(struct store *st, const char *owner, int retry_base_s, volatile int *stop, struct mail_pass *ps)
{
	memset(ps, 0, sizeof *ps);
	struct arena *sa = arena_new(0);
	if (!sa)
		return STORE_ERR;
	struct mail_settings ms;
	int rc = mail_settings_get(st, sa, &ms);
	if (rc == 0 && (!*ms.host || !*ms.from))
		ps->not_configured = 1;
	struct mail_smtp *smtp = NULL;
	long long pass_start = (long long)time(NULL);
	while (rc == 0 && !ps->not_configured && !(stop && *stop)) {
		struct arena *a = arena_new(0);
		struct mail_item it;
		struct mail_settings now;
		if (!a) {
			rc = STORE_ERR;
			break;
		}
		rc = mail_claim(st, a, owner, (long long)time(NULL), pass_start, MAIL_LEASE_S, &it);
		/* the settings as they are now: a message queued after the admin required STARTTLS
		 * must never leave with the pass's older settings */
		if (rc == 1 && mail_settings_get(st, a, &now) != 0)
			rc = STORE_ERR;
		if (rc == 1 && (!*now.host || !*now.from)) {
			ps->not_configured = 1;	/* unset meanwhile: the lease runs out, the message waits */
			arena_free(a);
			break;
		}
		if (rc == 1 && smtp && !mail_same_relay(&ms, &now)) {
			mail_smtp_free(smtp);
			smtp = NULL;
		}
		if (rc == 1 && !smtp) {
			if (mail_settings_get(st, sa, &ms) != 0 || !(smtp = mail_smtp_new(&ms, getenv(MAIL_PASSWORD_ENV), stop)))
				rc = STORE_ERR;	/* the lease runs out; another pass takes it */
		}
		if (rc == 1)
			rc = mail_worker_one(st, a, &ms, smtp, owner, &it, retry_base_s, ps);
		else if (rc == 0) {
			arena_free(a);
			break;
		}
		arena_free(a);
		if (ps->relay_down)
			break;	/* the others would fail the same way now */
	}
	mail_smtp_free(smtp);
	arena_free(sa);
	return rc;
}

/* ---- the thread of `kyodo serve` ---- */

struct mail_worker {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	volatile int stop;
	char *db_path;
	char owner[128];
	long poll_ms;
	int base_s;
};

/* Waits until the deadline (Unix seconds, 0 = none) or poll_ms, whichever comes first,
 * or until stopped. */
static void mail_worker_wait(struct mail_worker *w, long long next_at)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	long long now = until.tv_sec;
	long long ms = w->poll_ms;
	if (next_at > 0 && (next_at - now) * 1000 < ms)
		ms = next_at > now ? (next_at - now) * 1000 : 0;
	if (ms < 50)
		ms = 50;	/* a due message whose pass just failed must not spin */
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&w->mu);
	while (!w->stop && pthread_cond_timedwait(&w->cv, &w->mu, &until) != ETIMEDOUT)
		;
	pthread_mutex_unlock(&w->mu);
}

/* Waits until the time t (Unix seconds), or until stopped. */
static void mail_worker_wait_until(struct mail_worker *w, long long t)
{
	struct timespec until = { .tv_sec = (time_t)t };
	pthread_mutex_lock(&w->mu);
	while (!w->stop && pthread_cond_timedwait(&w->cv, &w->mu, &until) != ETIMEDOUT)
		;
	pthread_mutex_unlock(&w->mu);
}

static void *mail_worker_main(void *arg)
{
	struct mail_worker *w = arg;
	struct store *st = NULL;
	int said_not_configured = 0, down = 0;	/* passes in a row that found the relay down */
	while (!w->stop) {
		if (!st && store_open(w->db_path, &st) != STORE_OK) {
			st = NULL;
			log_error("mail: cannot open %s; trying again", w->db_path);
			mail_worker_wait(w, 0);
			continue;
		}
		endorse_remind_daily(st);	/* the endorsements' report reminders: once a Japan day */
		struct mail_pass ps;
		int rc = mail_worker_pass(st, w->owner, w->base_s, &w->stop, &ps);
		if (rc < 0)
			log_warn("mail: the outbox could not be read (%s); trying again", store_errmsg(st));
		if (ps.not_configured && !said_not_configured)
			log_info("mail: no relay or sender is set (/admin/mail): messages wait in the outbox");
		said_not_configured = ps.not_configured;
		if (ps.sent || ps.retry || ps.failed)
			log_info("mail: %d sent, %d to try again, %d failed%s%s", ps.sent, ps.retry, ps.failed,
				 ps.first_error[0] ? "; " : "", ps.first_error);
		long long next_at = 0;
		if (rc == 0 && !ps.not_configured && mail_next_at(st, &next_at) != 0)
			next_at = 0;
		/* the relay is down: pause as a message would, whatever else is due */
		down = ps.relay_down ? down + 1 : ps.sent ? 0 : down;
		if (ps.relay_down) {
			long long resume = (long long)time(NULL) + mail_retry_delay(down, w->base_s);
			if (next_at < resume)
				next_at = resume;
			mail_worker_wait_until(w, next_at);
			continue;
		}
		mail_worker_wait(w, next_at);
	}
	store_close(st);
	return NULL;
}

struct mail_worker *mail_worker_start(const char *db_path)
{
	struct mail_worker *w = calloc(1, sizeof *w);
	if (!w || !(w->db_path = strdup(db_path))) {
		free(w);
		log_error("mail: out of memory");
		return NULL;
	}
	pthread_mutex_init(&w->mu, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_cond_init(&w->cv, &ca);
	pthread_condattr_destroy(&ca);
	w->poll_ms = mail_env_long("KYODO_MAIL_POLL_MS", MAIL_POLL_MS_DEFAULT, 50, 3600000);
	w->base_s = mail_worker_retry_base();
	mail_worker_owner(w->owner, sizeof w->owner);
	/* the thread inherits this mask: SIGINT/SIGTERM go to the server's sigwait */
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	int rc = pthread_create(&w->thread, NULL, mail_worker_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		log_error("mail: cannot start the worker thread");
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		free(w->db_path);
		free(w);
		return NULL;
	}
	log_info("mail: the outbox worker runs (a pass every %ld ms; first retry after %d s)", w->poll_ms, w->base_s);
	return w;
}

void mail_worker_stop(struct mail_worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	free(w->db_path);
	free(w);
}
