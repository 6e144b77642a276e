/* main: kyodo's entry point and command table. Global options come before the command:
 *   kyodo [--db PATH] COMMAND [ARGS…]      (default database: kyodo.db)
 * Every command answers --help. */
#include "cli/cli.h"
#include "auth/password.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/log.h"
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void main_usage(FILE *f)
{
	fprintf(f, "usage: kyodo [--db PATH] COMMAND [ARGS...]\n\ncommands:\n");
	for (const struct cli_command *c = cli_commands; c->name; c++)
		fprintf(f, "  %s\n", c->usage);
	fprintf(f, "\n'kyodo COMMAND --help' explains a command.\n");
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
	/* libcurl (the mail relay) before any thread starts */
	if (password_init() != 0 || i18n_init() != 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "kyodo: cannot initialise the crypto library, the message catalogs or libcurl\n");
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
