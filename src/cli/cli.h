/* cli: the command-line commands of kyodo. main.c holds the table; each command is
 * cmd_NAME(ctx, argc, argv) with argv[0] the command name. Exit status: 0 success,
 * 1 usage error, 2 data error (EXIT_DATA). Errors go to stderr in plain words. */
#ifndef KYODO_CLI_H
#define KYODO_CLI_H
#include "domain/actor.h"
struct store;

enum { EXIT_OK = 0, EXIT_USAGE = 1, EXIT_DATA = 2 };

struct cli {
	const char *db_path;	/* a file path or a PostgreSQL URL */
	char db_shown[512];	/* the same for messages, any password as *** */
	struct actor who;	/* the command line acts as admin, audited as cli:USER */
	char who_name[96];
};

struct cli_command {
	const char *name;
	int (*fn)(struct cli *c, int argc, char **argv);
	const char *usage;	/* one line of synopsis */
	const char *help;	/* what it does, options */
};
extern const struct cli_command cli_commands[];

/* Open the database and apply pending migrations; prints the error. 0 or EXIT_DATA. */
int cli_open(struct cli *c, struct store **st);
/* Parse a fiscal year or print an error naming the option. */
int cli_fiscal_year(const char *opt, const char *s, int *fy);
/* Find "--name VALUE" style options: returns the value or NULL; removes nothing. */
int cli_usage(const char *cmd);

int cmd_serve(struct cli *c, int argc, char **argv);
int cmd_init(struct cli *c, int argc, char **argv);
int cmd_migrate(struct cli *c, int argc, char **argv);
int cmd_demo(struct cli *c, int argc, char **argv);
/* cli_demo_project_eval.c: the demo's finished project with reports and a published evaluation. */
struct store;
struct arena;
int demo_project_evaluation(struct store *st, const struct actor *who, const struct actor *committee, struct arena *a);
int cmd_user(struct cli *c, int argc, char **argv);
int cmd_backup(struct cli *c, int argc, char **argv);
int cmd_copy_data(struct cli *c, int argc, char **argv);
int cmd_plan(struct cli *c, int argc, char **argv);
int cmd_org(struct cli *c, int argc, char **argv);
int cmd_project(struct cli *c, int argc, char **argv);
int cmd_routes(struct cli *c, int argc, char **argv);
int cmd_mail(struct cli *c, int argc, char **argv);
int cmd_endorse(struct cli *c, int argc, char **argv);
int cmd_adopt(struct cli *c, int argc, char **argv);	/* cli_adopt.c */
#endif
