/* cli_org: `kyodo org …` — import and export of the registry of actors (io/org_csv.c); a
 * full export (personal data) is audited as a download (domain/org_personal.h).
 * Messages and formats are exact because scripts read them: errors on stderr name the
 * file, row and column; exit 0 success, 1 usage, 2 data. */
#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "domain/org_personal.h"
#include "io/org_csv.h"
#include "store/store.h"
#include "util/buf.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct org_cmd {
	struct cli *c;
	struct store *st;
	int argc;
	char **argv;
};

static int org_import_cmd(struct org_cmd *oc)
{
	const char *encs = "auto";
	const char *pos[2];
	int npos, dry = 0, create_areas = 0;
	struct cli_opt opts[] = { OPT("--encoding", &encs), FLAG("--dry-run", &dry), FLAG("--create-areas", &create_areas),
				  { 0 } };
	if (cli_parse(oc->argc, oc->argv, opts, pos, 2, &npos) || npos != 2)
		return cli_usage("org");
	struct org_import_opts io = { .dry_run = dry, .create_areas = create_areas,
				      .progress = isatty(2) ? stderr : NULL };
	if (csv_encoding_parse(encs, &io.enc) != 0) {
		fprintf(stderr, "kyodo org import: --encoding must be auto, utf-8 or cp932\n");
		return EXIT_USAGE;
	}
	struct org_import_report rep;
	org_import_report_init(&rep);
	int rc = org_csv_import_file(oc->st, &oc->c->who, pos[1], &io, &rep);
	fputs(buf_cstr(&rep.warnings), stderr);
	if (rc == 0 && dry) {
		fputs(buf_cstr(&rep.plan), stdout);
		printf("kyodo: dry run of %s: %d would be created, %d updated, %d unchanged; nothing was written\n",
		       pos[1], rep.created, rep.updated, rep.unchanged);
	} else if (rc == 0) {
		printf("kyodo: imported %s: %d created, %d updated, %d unchanged\n", pos[1], rep.created, rep.updated,
		       rep.unchanged);
	} else {
		fputs(buf_cstr(&rep.errors), stderr);
		if (rc == STORE_BUSY)
			fprintf(stderr, "kyodo org import: the database is busy; try again\n");
		else if (rc < -1)
			fprintf(stderr, "kyodo org import: database error: %s\n", store_errmsg(oc->st));
		if (rep.nerrors > 1)
			fprintf(stderr, "kyodo org import: %d problems\n", rep.nerrors);
		fprintf(stderr, "kyodo org import: nothing was imported\n");
	}
	org_import_report_free(&rep);
	return rc == 0 ? EXIT_OK : EXIT_DATA;
}

static int org_write_out(const char *path, const struct buf *b)
{
	FILE *f = path ? fopen(path, "wb") : stdout;
	if (!f) {
		fprintf(stderr, "kyodo org export: cannot write %s\n", path);
		return EXIT_DATA;
	}
	int bad = b->len && fwrite(b->data, 1, b->len, f) != b->len;
	bad |= path ? fclose(f) != 0 : fflush(f) != 0;
	if (bad) {
		fprintf(stderr, "kyodo org export: could not write %s\n", path ? path : "standard output");
		return EXIT_DATA;
	}
	return EXIT_OK;
}

static int org_export_cmd(struct org_cmd *oc)
{
	const char *format = NULL, *encs = "utf-8", *outpath = NULL;
	const char *pos[1];
	int npos, pub = 0;
	struct cli_opt opts[] = { OPT("--format", &format), OPT("--encoding", &encs), OPT("-o", &outpath),
				  OPT("--output", &outpath), FLAG("--public", &pub), { 0 } };
	if (cli_parse(oc->argc, oc->argv, opts, pos, 1, &npos) || npos != 1)
		return cli_usage("org");
	struct org_export_opts eo = { .public_only = pub };
	if (!format || org_export_format_parse(format, &eo.format) != 0) {
		fprintf(stderr, "kyodo org export: --format csv|xlsx|json\n");
		return EXIT_USAGE;
	}
	if (csv_encoding_parse(encs, &eo.enc) != 0 || eo.enc == CSV_ENC_AUTO) {
		fprintf(stderr, "kyodo org export: --encoding must be utf-8 or cp932\n");
		return EXIT_USAGE;
	}
	if (eo.format == ORG_EXPORT_XLSX && !outpath) {
		fprintf(stderr, "kyodo org export: an .xlsx export needs -o FILE\n");
		return EXIT_USAGE;
	}
	struct buf out = BUF_INIT;
	struct org_export_notes notes = { 0 };
	char err[256] = "";
	int rc = org_export(oc->st, &eo, &out, &notes, err, sizeof err);
	if (rc != 0 || out.oom) {
		fprintf(stderr, "kyodo org export: %s\n",
			*err ? err : rc == STORE_BUSY ? "the database is busy; try again" : "database error or out of memory");
		rc = EXIT_DATA;
	} else if (!pub && (rc = org_personal_record(oc->st, &oc->c->who, &(struct org_personal_use){
					       ORG_PERSONAL_EXPORT, org_export_format_names[eo.format],
					       eo.format == ORG_EXPORT_CSV ? csv_encoding_names[eo.enc] : NULL, NULL,
					       (long long)notes.records })) != 0) {
		/* the full registry holds personal data: it leaves only with its audit row */
		fprintf(stderr, "kyodo org export: could not write the audit row: %s\n", store_errmsg(oc->st));
		rc = EXIT_DATA;
	} else {
		rc = org_write_out(outpath, &out);
	}
	if (rc == EXIT_OK && notes.nreplaced) {
		/* a CP932 export always succeeds: every character written as 〓 is named */
		for (const char *line = buf_cstr(&notes.replaced); *line;) {
			const char *end = strchr(line, '\n');
			int len = end ? (int)(end - line) : (int)strlen(line);
			fprintf(stderr, "kyodo org export: %.*s written as 〓\n", len, line);
			line += len + (end ? 1 : 0);
		}
		fprintf(stderr, "kyodo org export: %zu character%s that Shift_JIS (CP932) cannot hold %s written as 〓\n",
			notes.nreplaced, notes.nreplaced == 1 ? "" : "s", notes.nreplaced == 1 ? "was" : "were");
	}
	org_export_notes_free(&notes);
	buf_free(&out);
	return rc;
}

static const struct {
	const char *name;
	int (*fn)(struct org_cmd *oc);
} org_subcommands[] = {
	{ "import", org_import_cmd },
	{ "export", org_export_cmd },
	{ NULL, NULL },
};

int cmd_org(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("org");
	for (int i = 0; org_subcommands[i].name; i++) {
		if (strcmp(argv[1], org_subcommands[i].name) != 0)
			continue;
		/* positionals keep the subcommand as pos[0], like `kyodo plan` */
		struct org_cmd oc = { .c = c, .argc = argc, .argv = argv };
		int rc = cli_open(c, &oc.st);
		if (rc)
			return rc;
		rc = org_subcommands[i].fn(&oc);
		store_close(oc.st);
		return rc;
	}
	fprintf(stderr, "kyodo org: unknown subcommand '%s'\n", argv[1]);
	return cli_usage("org");
}
