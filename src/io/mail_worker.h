/* mail_worker: sends what the outbox holds. A pass reads the mail settings (so a change on
 * /admin/mail needs no restart), then claims the due messages one at a time with a lease
 * (domain/mail.h), composes each (io/mail_mime.h), hands it to the relay
 * (io/mail_smtp.h) and ends the attempt: sent, again later with backoff, or failed. Any
 * number of workers — threads of `kyodo serve` processes and `kyodo mail send` — may run
 * on one database: the lease lets one of them hold a message at a time.
 *
 * `kyodo serve` runs one worker thread (mail_worker_start), which makes a pass every
 * KYODO_MAIL_POLL_MS milliseconds (default 5000) or sooner when a retry is due. When the
 * relay itself fails (no connection, no greeting, TLS or login refused), the pass stops
 * there — one attempt, not one per waiting message — and the worker pauses before the
 * next pass as a message would (1, 2, 4 … minutes, at most an hour), until a message goes
 * through. */
#ifndef KYODO_MAIL_WORKER_H
#define KYODO_MAIL_WORKER_H
struct store;

struct mail_pass {
	int sent, retry, failed, lost;	/* attempts ended so, in this pass */
	int not_configured;	/* no relay or no From address: nothing was tried */
	int relay_down;		/* the pass stopped at a failure of the relay itself: the other
				 * messages wait for the next pass, which comes after a pause */
	char first_error[400];	/* the first failure's detail, for the log */
};
/* One pass over the messages due now; owner names this worker in leases; stop aborts
 * between messages and during a transfer; retry_base_s the first pause (0 = the
 * default). 0, or a store_rc. */
int mail_worker_pass(struct store *st, const char *owner, int retry_base_s, volatile int *stop, struct mail_pass *ps);
/* A name for leases: host, process, a random part. */
void mail_worker_owner(char *out, unsigned long n);
/* The first pause from KYODO_MAIL_RETRY_BASE_S (seconds), else MAIL_RETRY_BASE_S. */
int mail_worker_retry_base(void);

struct mail_worker;
/* Starts the worker thread on its own connection to db_path (signals SIGINT/SIGTERM stay
 * blocked in it, for the server's sigwait). NULL on failure (logged). */
struct mail_worker *mail_worker_start(const char *db_path);
/* Stops it: a transfer in progress is aborted (its message is tried again later). */
void mail_worker_stop(struct mail_worker *w);

#endif
