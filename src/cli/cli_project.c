/* cli_project: `kyodo project import|export|stats` — collaboration projects in and out of
 * files (domain/project_io.h). Formats and messages are exact because scripts read them:
 * errors on stderr name the file, row and column; exit 0 success, 1 usage, 2 data. The
 * command line acts as the collaboration division: it sees every project. */
#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "domain/project_io.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct project_cmd {
	struct cli *c;
	struct store *st;
	int argc;
	char **argv;
};

static int read_whole(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= CSV_MAX_FILE)
		buf_append(&b, chunk, got);
	int bad = ferror(f) || b.oom || b.len > CSV_MAX_FILE;
	fclose(f);
	if (bad) {
		buf_free(&b);
		return -1;
	}
	*len = b.len;
	*data = buf_detach(&b);
	return 0;
}

static int project_import_cmd(struct project_cmd *pc)
{
	const char *encs = "auto";
	const char *pos[2];
	int npos, dry = 0;
	struct cli_opt opts[] = { OPT("--encoding", &encs), FLAG("--dry-run", &dry), { 0 } };
	if (cli_parse(pc->argc, pc->argv, opts, pos, 2, &npos) || npos != 2)
		return cli_usage("project");
	struct buf changes = BUF_INIT, errors = BUF_INIT;
	struct project_import_opts io = { .dry_run = dry, .changes = &changes };
	if (csv_encoding_parse(encs, &io.enc) != 0) {
		fprintf(stderr, "kyodo project import: --encoding must be auto, utf-8 or cp932\n");
		return EXIT_USAGE;
	}
	char *data = NULL;
	size_t len = 0;
	if (read_whole(pos[1], &data, &len) != 0) {
		fprintf(stderr, "kyodo project import: cannot read %s: %s\n", pos[1],
			errno ? strerror(errno) : "too large or unreadable");
		return EXIT_DATA;
	}
	struct project_import_result res;
	int rc = project_import(pc->st, &pc->c->who, pos[1], data, len, &io, &res, &errors);
	free(data);
	if (rc == 0 && dry) {
		fputs(buf_cstr(&changes), stdout);
		printf("kyodo: dry run of %s: %d would be created, %d updated; nothing was written\n", pos[1],
		       res.created, res.updated);
	} else if (rc == 0) {
		printf("kyodo: imported %s: %d created, %d updated\n", pos[1], res.created, res.updated);
	} else {
		fputs(buf_cstr(&errors), stderr);
		if (rc == STORE_BUSY)
			fprintf(stderr, "kyodo project import: the database is busy; try again\n");
		else if (rc < -1)
			fprintf(stderr, "kyodo project import: database error: %s\n", store_errmsg(pc->st));
		fprintf(stderr, "kyodo project import: nothing was imported\n");
	}
	buf_free(&changes);
	buf_free(&errors);
	return rc == 0 ? EXIT_OK : EXIT_DATA;
}

static int write_out(const char *cmd, const char *path, const struct buf *b)
{
	FILE *f = path ? fopen(path, "wb") : stdout;
	if (!f) {
		fprintf(stderr, "kyodo project %s: cannot write %s\n", cmd, path);
		return EXIT_DATA;
	}
	int bad = b->len && fwrite(b->data, 1, b->len, f) != b->len;
	bad |= path ? fclose(f) != 0 : fflush(f) != 0;
	if (bad) {
		fprintf(stderr, "kyodo project %s: could not write %s\n", cmd, path ? path : "standard output");
		return EXIT_DATA;
	}
	return EXIT_OK;
}

static int project_export_cmd(struct project_cmd *pc)
{
	const char *year = NULL, *format = NULL, *encs = "utf-8", *outpath = NULL;
	const char *pos[1];
	int npos, fy;
	struct cli_opt opts[] = { OPT("--year", &year), OPT("--format", &format), OPT("--encoding", &encs),
				  OPT("-o", &outpath), OPT("--output", &outpath), { 0 } };
	if (cli_parse(pc->argc, pc->argv, opts, pos, 1, &npos) || npos != 1 || !year)
		return cli_usage("project");
	if (cli_fiscal_year("--year", year, &fy))
		return EXIT_USAGE;
	enum project_export_format f;
	if (!format || project_export_format_parse(format, &f) != 0) {
		fprintf(stderr, "kyodo project export: --format csv|xlsx|json\n");
		return EXIT_USAGE;
	}
	enum csv_encoding enc;
	if (csv_encoding_parse(encs, &enc) != 0 || enc == CSV_ENC_AUTO) {
		fprintf(stderr, "kyodo project export: --encoding must be utf-8 or cp932\n");
		return EXIT_USAGE;
	}
	if (f == PEXPORT_XLSX && !outpath) {
		fprintf(stderr, "kyodo project export: an .xlsx export needs -o FILE\n");
		return EXIT_USAGE;
	}
	struct buf out = BUF_INIT;
	char err[256] = "";
	size_t replaced = 0;
	int rc = project_export(pc->st, NULL, 0, fy, f, enc, &out, &replaced, err, sizeof err);
	if (rc != 0 || out.oom) {
		fprintf(stderr, "kyodo project export: %s\n", *err ? err : "database error or out of memory");
		rc = EXIT_DATA;
	} else {
		rc = write_out("export", outpath, &out);
	}
	if (rc == EXIT_OK && replaced)
		fprintf(stderr, "kyodo project export: %zu character%s that Shift_JIS (CP932) cannot hold %s written as 〓\n",
			replaced, replaced == 1 ? "" : "s", replaced == 1 ? "was" : "were");
	buf_free(&out);
	return rc;
}

static int project_stats_cmd(struct project_cmd *pc)
{
	const char *year = NULL, *format = "text";
	const char *pos[1];
	int npos, fy;
	struct cli_opt opts[] = { OPT("--year", &year), OPT("--format", &format), { 0 } };
	if (cli_parse(pc->argc, pc->argv, opts, pos, 1, &npos) || npos != 1 || !year)
		return cli_usage("project");
	if (cli_fiscal_year("--year", year, &fy))
		return EXIT_USAGE;
	enum project_stats_format f;
	if (project_stats_format_parse(format, &f) != 0) {
		fprintf(stderr, "kyodo project stats: --format text|csv|json\n");
		return EXIT_USAGE;
	}
	struct arena *a = arena_new(0);
	struct project_stats s;
	struct buf out = BUF_INIT;
	int rc = a ? project_stats_year(pc->st, a, fy, 0, &s) : STORE_ERR;
	if (rc == 0)
		rc = project_stats_write(&s, f, &out);
	if (rc != 0 || out.oom) {
		fprintf(stderr, "kyodo project stats: database error: %s\n", store_errmsg(pc->st));
		rc = EXIT_DATA;
	} else {
		rc = write_out("stats", NULL, &out);
	}
	buf_free(&out);
	arena_free(a);
	return rc;
}

static const struct {
	const char *name;
	int (*fn)(struct project_cmd *pc);
} project_subcommands[] = {
	{ "import", project_import_cmd },
	{ "export", project_export_cmd },
	{ "stats", project_stats_cmd },
	{ NULL, NULL },
};

int cmd_project(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("project");
	for (int i = 0; project_subcommands[i].name; i++) {
		if (strcmp(argv[1], project_subcommands[i].name) != 0)
			continue;
		struct project_cmd pc = { .c = c, .argc = argc, .argv = argv };
		int rc = cli_open(c, &pc.st);
		if (rc)
			return rc;
		rc = project_subcommands[i].fn(&pc);
		store_close(pc.st);
		return rc;
	}
	fprintf(stderr, "kyodo project: unknown subcommand '%s'\n", argv[1]);
	return cli_usage("project");
}
