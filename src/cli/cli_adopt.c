/* cli_adopt: `kyodo adopt due|remind` — the adoption programme's work for a city's cron:
 * what is due (agreements ending soon, reports missing, applications waiting) and the
 * reminders of agreements ending soon, sent once per term to the department in charge
 * and the group (domain/adopt.h). --today DATE stands for today (西暦 or 和暦): any day for
 * `due`; for `remind` never a day later than today in Japan (adopt_today) — the reminders
 * would go out early and count as sent — unless --dry-run, which runs the pass in a
 * transaction it rolls back and says how many would be told. */
#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "domain/adopt.h"
#include "store/store.h"
#include "util/arena.h"
#include <stdio.h>
#include <string.h>

static void due_rows(const char *what, const struct adopt_work_row *rows, int n)
{
	for (int i = 0; i < n; i++) {
		if (rows[i].fy)
			printf("%s\t%lld\t%s\t%s\t%d\n", what, rows[i].agreement_id, rows[i].place_name, rows[i].org_name,
			       rows[i].fy);
		else
			printf("%s\t%lld\t%s\t%s\t%.10s\n", what, rows[i].agreement_id, rows[i].place_name, rows[i].org_name,
			       rows[i].at ? rows[i].at : "");
	}
}

int cmd_adopt(struct cli *c, int argc, char **argv)
{
	const char *today_opt = NULL;
	const char *pos[1];
	int npos, dry = 0;
	struct cli_opt opts[] = { OPT("--today", &today_opt), FLAG("--dry-run", &dry), { 0 } };
	if (cli_parse(argc, argv, opts, pos, 1, &npos) || npos != 1 ||
	    (strcmp(pos[0], "due") != 0 && strcmp(pos[0], "remind") != 0))
		return cli_usage("adopt");
	char today[ADOPT_DATE_MAX];
	if (today_opt && adopt_date_parse(today_opt, today) != 0) {
		fprintf(stderr, "kyodo adopt: --today: not a date: %s\n", today_opt);
		return EXIT_USAGE;
	}
	if (!today_opt)
		adopt_today(today);
	char real[ADOPT_DATE_MAX];
	adopt_today(real);
	if (strcmp(pos[0], "remind") == 0 && !dry && strcmp(today, real) > 0) {
		fprintf(stderr, "kyodo adopt remind: --today %s is later than today in Japan (%s): the reminders would be "
				"sent before their day. Use --dry-run to see what would be sent.\n", today, real);
		return EXIT_USAGE;
	}
	struct store *st;
	int rc = cli_open(c, &st);
	if (rc)
		return rc;
	struct arena *a = arena_new(0);
	if (strcmp(pos[0], "due") == 0) {
		struct adopt_work w;
		if (!a || adopt_work_load(st, a, &c->who, today, &w) != 0) {
			fprintf(stderr, "kyodo adopt due: could not read %s: %s\n", c->db_shown, store_errmsg(st));
			rc = EXIT_DATA;
		} else {
			due_rows("applied", w.applied, w.napplied);
			due_rows("ending", w.ending, w.nending);
			due_rows("report-missing", w.missing, w.nmissing);
		}
	} else {
		int n = 0;
		int wrc = dry ? store_begin(st) : 0;	/* a dry run: rolled back below */
		if (wrc == 0)
			wrc = adopt_remind(st, &c->who, today, &n);
		if (dry)
			store_rollback(st);
		if (wrc != 0) {
			fprintf(stderr, "kyodo adopt remind: could not write to %s: %s\n", c->db_shown, store_errmsg(st));
			rc = EXIT_DATA;
		} else if (dry) {
			printf("kyodo: %d agreement%s ending soon on %s: the department and the group would be told (dry run: "
			       "nothing sent)\n", n, n == 1 ? "" : "s", today);
		} else {
			printf("kyodo: %d agreement%s ending soon: the department and the group were told\n", n,
			       n == 1 ? "" : "s");
		}
	}
	arena_free(a);
	store_close(st);
	return rc;
}
