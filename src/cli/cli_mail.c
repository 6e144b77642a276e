/* cli_mail: the operator's mail commands — send what waits now, show the outbox's state
 * and log, queue failed messages again, queue a test message. */
#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "domain/mail.h"
#include "domain/notice.h"
#include "io/mail_worker.h"
#include "store/store.h"
#include "util/arena.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void mail_print_time(long long t)
{
	if (t <= 0) {
		printf("-");
		return;
	}
	time_t jst = (time_t)t + 9 * 3600;
	struct tm tm;
	char s[32];
	gmtime_r(&jst, &tm);
	strftime(s, sizeof s, "%Y-%m-%d %H:%M", &tm);
	printf("%s JST", s);
}

/* send: every queued message due now (backoff waived), until none is left or a pass
 * sends nothing; exit 2 when messages still wait or failed. */
static int mail_cmd_send(struct cli *c, struct store *st)
{
	char owner[128];
	mail_worker_owner(owner, sizeof owner);
	if (mail_all_due(st, (long long)time(NULL)) != 0) {
		fprintf(stderr, "kyodo mail send: could not read the outbox of %s\n", c->db_path);
		return EXIT_DATA;
	}
	struct mail_pass ps;
	int rc = mail_worker_pass(st, owner, mail_worker_retry_base(), NULL, &ps);
	if (rc < 0) {
		fprintf(stderr, "kyodo mail send: could not read the outbox of %s\n", c->db_path);
		return EXIT_DATA;
	}
	if (ps.not_configured) {
		fprintf(stderr, "kyodo mail send: no relay or sender address is set (the admin's mail settings, "
				"/admin/mail); nothing was sent\n");
		return EXIT_DATA;
	}
	printf("kyodo: %d sent, %d to try again later, %d failed\n", ps.sent, ps.retry, ps.failed);
	if (ps.first_error[0])
		printf("kyodo: first failure: %s\n", ps.first_error);
	return ps.retry || ps.failed ? EXIT_DATA : EXIT_OK;
}

static int mail_cmd_status(struct store *st, int log_n)
{
	struct arena *a = arena_new(0);
	struct mail_settings ms;
	struct mail_counts mc;
	long long now = (long long)time(NULL);
	if (!a || mail_settings_get(st, a, &ms) != 0 || mail_counts(st, now, &mc) != 0) {
		arena_free(a);
		fprintf(stderr, "kyodo mail status: could not read the outbox\n");
		return EXIT_DATA;
	}
	if (*ms.host)
		printf("relay:    %s:%d (%s)%s%s\n", ms.host, ms.port, mail_security_names[ms.security],
		       *ms.user ? ", login " : "", ms.user);
	else
		printf("relay:    not set: messages wait in the outbox\n");
	if (*ms.user)
		printf("password: %s %s in this environment\n", MAIL_PASSWORD_ENV,
		       getenv(MAIL_PASSWORD_ENV) ? "is set" : "is NOT set");
	if (*ms.from)
		printf("from:     %s%s<%s>\n", ms.from_name, *ms.from_name ? " " : "", ms.from);
	else
		printf("from:     not set\n");
	printf("base URL: %s\n", *ms.base_url ? ms.base_url : "not set (emails carry no links)");
	printf("queued:   %lld (due now %lld, being sent %lld)\n", mc.queued, mc.due, mc.leased);
	printf("sent:     %lld\nfailed:   %lld\n", mc.sent, mc.failed);
	printf("oldest queued: ");
	mail_print_time(mc.oldest_queued);
	printf("\n");
	if (log_n > 0) {
		struct mail_item *items;
		int n, total;
		if (mail_list(st, a, "", 1, log_n, &items, &n, &total) != 0) {
			arena_free(a);
			return EXIT_DATA;
		}
		printf("\nid\tstate\tattempts\tcreated\tto\tsubject\tlast error\n");
		for (int i = 0; i < n; i++) {
			printf("%lld\t%s\t%d\t", items[i].id, items[i].state, items[i].attempts);
			mail_print_time(items[i].created_at);
			printf("\t%s\t%s\t%s\n", items[i].recipient, items[i].subject, items[i].last_error);
		}
	}
	arena_free(a);
	return EXIT_OK;
}

int cmd_mail(struct cli *c, int argc, char **argv)
{
	const char *log = NULL;
	const char *pos[2];
	int npos;
	struct cli_opt opts[] = { OPT("--log", &log), { 0 } };
	if (cli_parse(argc, argv, opts, pos, 2, &npos) || npos < 1)
		return cli_usage("mail");
	const char *sub = pos[0];
	int log_n = log ? atoi(log) : 0;
	if (log && (log_n < 1 || log_n > 10000)) {
		fprintf(stderr, "kyodo mail status: --log takes a number from 1 to 10000\n");
		return EXIT_USAGE;
	}
	int known = (strcmp(sub, "send") == 0 && npos == 1) || (strcmp(sub, "status") == 0 && npos == 1) ||
		    (strcmp(sub, "retry") == 0 && npos <= 2) || (strcmp(sub, "test") == 0 && npos == 2);
	if (!known)
		return cli_usage("mail");
	struct store *st;
	int rc = cli_open(c, &st);
	if (rc)
		return rc;
	if (strcmp(sub, "send") == 0) {
		rc = mail_cmd_send(c, st);
	} else if (strcmp(sub, "status") == 0) {
		rc = mail_cmd_status(st, log_n);
	} else if (strcmp(sub, "retry") == 0) {
		long long id = npos == 2 ? atoll(pos[1]) : 0;
		int count = 0;
		if (npos == 2 && id <= 0) {
			rc = cli_usage("mail");
		} else if (mail_requeue(st, &c->who, id, &count) != 0) {
			fprintf(stderr, "kyodo mail retry: could not write to %s\n", c->db_path);
			rc = EXIT_DATA;
		} else {
			printf("kyodo: %d failed message%s queued again\n", count, count == 1 ? "" : "s");
		}
	} else {
		const char *err = NULL;
		if (notice_mail_test(st, &c->who, pos[1], &err) != 0) {
			fprintf(stderr, "kyodo mail test: %s\n", err ? err : "could not queue the message");
			rc = EXIT_DATA;
		} else {
			printf("kyodo: a test message to %s is queued\n", pos[1]);
		}
	}
	store_close(st);
	return rc;
}
