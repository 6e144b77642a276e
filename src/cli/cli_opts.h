/* cli_opts: a table-driven option parser for the commands ("--name VALUE", "--name=VALUE",
 * flags); everything else is a positional argument. */
#ifndef KYODO_CLI_OPTS_H
#define KYODO_CLI_OPTS_H
#include <stddef.h>
struct cli_opt {
	const char *name;	/* "--year" */
	const char **value;	/* for options with a value */
	int *flag;		/* for flags */
	int is_flag;
};
#define OPT(n, v) { n, v, NULL, 0 }
#define FLAG(n, f) { n, NULL, f, 1 }
/* Returns 0 or EXIT_USAGE (message printed). pos gets the positionals after argv[0]. */
int cli_parse(int argc, char **argv, const struct cli_opt *opts, const char **pos, int maxpos, int *npos);
int cli_read_secret(char *out, size_t n);
#endif
