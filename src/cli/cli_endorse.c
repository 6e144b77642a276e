/* cli_endorse: `kyodo endorse remind [--today DATE] [--dry-run]` — the endorsements' report reminders
 * (domain/endorse.h endorse_remind) for cron, on an instance whose serve runs without
 * the mail worker (--no-mail) or when the city wants them at a set hour. Idempotent: a
 * reminder is sent once per endorsement, kind and due day, however often it runs and
 * whatever else runs it (every `kyodo serve` also runs the pass once a day).
 * --today may be a past day (catching up), never a later one than today in Japan: the
 * reminders would go out before their day, and be recorded as sent. --dry-run runs the
 * pass in a transaction it rolls back: it says how many would be sent, on any day. */
#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "domain/endorse.h"
#include "domain/wareki.h"
#include "store/store.h"
#include "util/arena.h"
#include <stdio.h>
#include <string.h>

int cmd_endorse(struct cli *c, int argc, char **argv)
{
	const char *today_opt = NULL;
	const char *pos[2];
	int npos, dry = 0;
	struct cli_opt opts[] = { OPT("--today", &today_opt), FLAG("--dry-run", &dry), { 0 } };
	if (cli_parse(argc, argv, opts, pos, 2, &npos) || npos != 1 || strcmp(pos[0], "remind") != 0)
		return cli_usage("endorse");
	char today[40];
	if (today_opt) {
		int y, m, d;
		if (wareki_parse_date(today_opt, &y, &m, &d) != 0) {
			fprintf(stderr, "kyodo endorse remind: --today takes a date (2026-11-20 or 令和8年11月20日)\n");
			return EXIT_USAGE;
		}
		snprintf(today, sizeof today, "%04d-%02d-%02d", y, m, d);
	} else {
		endorse_today(today);
	}
	char real[11];
	endorse_today(real);
	if (!dry && strcmp(today, real) > 0) {
		fprintf(stderr, "kyodo endorse remind: --today %s is later than today in Japan (%s): the reminders would be "
				"sent before their day. Use --dry-run to see what would be sent.\n", today, real);
		return EXIT_USAGE;
	}
	struct store *st;
	int rc = cli_open(c, &st);
	if (rc)
		return rc;
	struct arena *a = arena_new(0);
	int sent = 0;
	/* a dry run: the pass inside one transaction, rolled back (the writes nest in it) */
	rc = dry ? store_begin(st) : 0;
	if (rc == 0)
		rc = endorse_remind(st, a, today, &sent);
	if (dry)
		store_rollback(st);
	arena_free(a);
	store_close(st);
	if (rc != 0) {
		fprintf(stderr, "kyodo endorse remind: could not read or write %s\n", c->db_shown);
		return EXIT_DATA;
	}
	if (dry)
		printf("kyodo: %d reminder%s would be sent on %s (dry run: nothing sent)\n", sent, sent == 1 ? "" : "s",
		       today);
	else
		printf("kyodo: %d reminder%s sent\n", sent, sent == 1 ? "" : "s");
	return EXIT_OK;
}
