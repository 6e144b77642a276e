/* cli_common: option parsing and database opening shared by the commands. */
#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "domain/org_index.h"
#include "domain/wareki.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>
#include <pwd.h>
#include <unistd.h>

int cli_parse(int argc, char **argv, const struct cli_opt *opts, const char **pos, int maxpos, int *npos)
{
	*npos = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] == '-' && a[1]) {
			const struct cli_opt *o = opts;
			const char *eq = strchr(a, '=');
			size_t len = eq ? (size_t)(eq - a) : strlen(a);
			for (; o && o->name; o++)
				if (strlen(o->name) == len && strncmp(o->name, a, len) == 0)
					break;
			if (!o || !o->name) {
				fprintf(stderr, "kyodo %s: unknown option %s\n", argv[0], a);
				return EXIT_USAGE;
			}
			if (o->is_flag) {
				*o->flag = 1;
			} else if (eq) {
				*o->value = eq + 1;
			} else if (i + 1 < argc) {
				*o->value = argv[++i];
			} else {
				fprintf(stderr, "kyodo %s: option %s needs a value\n", argv[0], a);
				return EXIT_USAGE;
			}
			continue;
		}
		if (*npos >= maxpos) {
			fprintf(stderr, "kyodo %s: unexpected argument '%s'\n", argv[0], a);
			return EXIT_USAGE;
		}
		pos[(*npos)++] = a;
	}
	return EXIT_OK;
}

int cli_open(struct cli *c, struct store **st)
{
	int applied;
	if (store_open(c->db_path, st) != 0) {
		fprintf(stderr, "kyodo: cannot open the database %s\n", c->db_shown);
		return EXIT_DATA;
	}
	if (store_migrate(*st, &applied) != 0) {
		fprintf(stderr, "kyodo: %s: migrations failed: %s\n", c->db_shown, store_errmsg(*st));
		store_close(*st);
		*st = NULL;
		return EXIT_DATA;
	}
	/* derived data a migration leaves to the code: the search index's extra text */
	if (org_index_upgrade(*st) != 0) {
		fprintf(stderr, "kyodo: %s: could not bring the search index up to date: %s\n", c->db_path,
			store_errmsg(*st));
		store_close(*st);
		*st = NULL;
		return EXIT_DATA;
	}
	return EXIT_OK;
}

int cli_fiscal_year(const char *opt, const char *s, int *fy)
{
	if (!s) {
		fprintf(stderr, "kyodo: %s is required (a fiscal year such as 2023, R5 or 令和5年度)\n", opt);
		return EXIT_USAGE;
	}
	if (wareki_parse_fiscal_year(s, fy) != 0) {
		fprintf(stderr, "kyodo: %s: '%s' is not a fiscal year (try 2023, R5 or 令和5年度)\n", opt, s);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* The first line of standard input, without its newline. */
int cli_read_secret(char *out, size_t n)
{
	if (isatty(0))
		fprintf(stderr, "password: ");
	if (!fgets(out, (int)n, stdin)) {
		fprintf(stderr, "kyodo: expected the password on standard input\n");
		return EXIT_USAGE;
	}
	out[strcspn(out, "\r\n")] = 0;
	return EXIT_OK;
}
