/* main: kyodo's entry point and command table. Global options come before the command:
 *   kyodo [--db PATH] COMMAND [ARGS…]      (default database: kyodo.db)
 * Every command answers --help. */
#include "cli/cli.h"
#include "auth/password.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct cli_command cli_commands[] = {
	{ "serve", cmd_serve, "serve [--listen ADDR:PORT] [--threads N]",
	  "Serve the web interface and the JSON API (default 127.0.0.1:8080).\n"
	  "Applies pending migrations first. Stops cleanly on Ctrl-C or SIGTERM." },
	{ "init", cmd_init, "init", "Create the database (if missing) and apply every migration." },
	{ "migrate", cmd_migrate, "migrate", "Apply pending migrations; running it again changes nothing." },
	{ "demo", cmd_demo, "demo",
	  "Load the demo city: departments, one login per role, a plan with several fiscal years." },
	{ "user", cmd_user,
	  "user add LOGIN --role ROLE [--department NAME] [--name NAME] | user list | "
	  "user set-password LOGIN | user disable LOGIN | user enable LOGIN",
	  "Manage accounts. Roles: admin, staff (needs --department), coordinator, group, committee.\n"
	  "Passwords are read from the first line of standard input (at least 10 characters)." },
	{ "backup", cmd_backup, "backup FILE",
	  "Copy the database to FILE with SQLite's online backup; safe while the server runs." },
	{ "plan", cmd_plan,
	  "plan create|import|rollup|export|list|round|carry-over …",
	  "  plan create NAME --from FY --to FY --statuses LIST [--priorities LIST] [--grades LIST] [--title T]\n"
	  "  plan import NAME FILE --year FY [--encoding auto|utf-8|cp932]\n"
	  "  plan rollup NAME --year FY --by priority|branch [--depth N] [--format text|csv|json]\n"
	  "  plan export NAME --year FY --format csv|csv-cp932|xlsx|json [-o FILE]\n"
	  "  plan list\n"
	  "  plan round NAME --year FY open|publish|reopen\n"
	  "  plan carry-over NAME NEW --year FY --from FY --to FY [--title T]\n"
	  "FY is a fiscal year: 2023, R5, 令和5, 令和5年度, H31, 平成31年度 …\n"
	  "--statuses: label or label=group, comma-separated (e.g. 済,済・継=済,一部済,着手中,未).\n"
	  "--grades: label=minimum percent (e.g. A=90,B=60,C=0)." },
	{ "routes", cmd_routes, "routes", "Print the route table: method, path, roles, flags." },
	{ NULL, NULL, NULL, NULL },
};

static void main_usage(FILE *f)
{
	fprintf(f, "usage: kyodo [--db PATH] COMMAND [ARGS...]\n\ncommands:\n");
	for (const struct cli_command *c = cli_commands; c->name; c++)
		fprintf(f, "  %s\n", c->usage);
	fprintf(f, "\n'kyodo COMMAND --help' explains a command.\n");
}

int cli_usage(const char *cmd)
{
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, cmd) == 0)
			fprintf(stderr, "usage: kyodo [--db PATH] %s\n", c->usage);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	struct cli c = { .db_path = "kyodo.db" };
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			c.db_path = argv[++i];
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			c.db_path = argv[i] + 5;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			main_usage(stdout);
			return EXIT_OK;
		} else {
			fprintf(stderr, "kyodo: unknown option %s\n", argv[i]);
			main_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		main_usage(stderr);
		return EXIT_USAGE;
	}
	const char *debug = getenv("KYODO_DEBUG");
	if (debug && *debug == '1')
		log_threshold = LOG_DEBUG;
	store_global_init();
	if (password_init() != 0 || i18n_init() != 0) {
		fprintf(stderr, "kyodo: cannot initialise the crypto library or the message catalogs\n");
		return EXIT_DATA;
	}
	actor_cli(&c.who, c.who_name, sizeof c.who_name);
	for (const struct cli_command *cmd = cli_commands; cmd->name; cmd++) {
		if (strcmp(cmd->name, argv[i]) != 0)
			continue;
		for (int k = i + 1; k < argc; k++)
			if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
				printf("usage: kyodo [--db PATH] %s\n\n%s\n", cmd->usage, cmd->help);
				return EXIT_OK;
			}
		return cmd->fn(&c, argc - i, argv + i);
	}
	fprintf(stderr, "kyodo: unknown command '%s'\n", argv[i]);
	main_usage(stderr);
	return EXIT_USAGE;
}
