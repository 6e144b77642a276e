/* cli_plan: `kyodo plan …` — create, import, rollup, export, list, round, carry-over.
 * The formats here are exact because other tools script them (issue #2 §5). */
#include "cli/cli.h"
#include "cli/cli_opts.h"
#include "domain/plan.h"
#include "domain/plan_import.h"
#include "domain/plan_round.h"
#include "domain/account.h"
#include "domain/plan_walk.h"
#include "domain/wareki.h"
#include "io/csv.h"
#include "io/plan_export.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct plan_cmd {
	struct cli *c;
	struct store *st;
	struct arena *a;
	int argc;
	char **argv;
};

static int plan_open(struct plan_cmd *pc, const char *name, struct plan **p)
{
	int rc = plan_get_by_name(pc->st, pc->a, name, p);
	if (rc == PLAN_NOT_FOUND) {
		fprintf(stderr, "kyodo plan: no plan named '%s' (see 'kyodo plan list')\n", name);
		return EXIT_DATA;
	}
	if (rc != 0) {
		fprintf(stderr, "kyodo plan: database error: %s\n", store_errmsg(pc->st));
		return EXIT_DATA;
	}
	return EXIT_OK;
}

static int plan_domain_rc(const char *what, int rc, const char *err)
{
	if (rc == 0)
		return EXIT_OK;
	if (rc == STORE_BUSY)
		fprintf(stderr, "kyodo plan %s: the database is busy; try again\n", what);
	else
		fprintf(stderr, "kyodo plan %s: %s\n", what, *err ? err : "database error");
	return EXIT_DATA;
}

static int plan_write_out(const char *path, const struct buf *b)
{
	FILE *f = path ? fopen(path, "wb") : stdout;
	if (!f) {
		perror(path);
		return EXIT_DATA;
	}
	size_t n = b->len ? fwrite(b->data, 1, b->len, f) : 0;
	int bad = n != b->len;
	if (path)
		bad |= fclose(f) != 0;
	else
		bad |= fflush(f) != 0;
	if (bad) {
		fprintf(stderr, "kyodo: could not write %s\n", path ? path : "standard output");
		return EXIT_DATA;
	}
	return EXIT_OK;
}

static int plan_create_cmd(struct plan_cmd *pc)
{
	const char *from = NULL, *to = NULL, *statuses = NULL, *prios = NULL, *grades = NULL, *title = NULL;
	const char *pos[2];
	int npos, ffy, lfy, rc;
	struct cli_opt opts[] = { OPT("--from", &from), OPT("--to", &to), OPT("--statuses", &statuses),
				  OPT("--priorities", &prios), OPT("--grades", &grades), OPT("--title", &title), { 0 } };
	if (cli_parse(pc->argc, pc->argv, opts, pos, 2, &npos) || npos != 2)
		return cli_usage("plan");
	if ((rc = cli_fiscal_year("--from", from, &ffy)) || (rc = cli_fiscal_year("--to", to, &lfy)))
		return rc;
	if (!statuses) {
		fprintf(stderr, "kyodo plan create: --statuses is required (e.g. 済,済・継=済,未)\n");
		return EXIT_USAGE;
	}
	long long id;
	char err[256] = "";
	rc = plan_create(pc->st, &pc->c->who, pos[1], title ? title : pos[1], ffy, lfy, statuses, prios, grades, &id,
			 err, sizeof err);
	if (rc == 0)
		printf("kyodo: created plan %s (id %lld)\n", pos[1], id);
	return plan_domain_rc("create", rc, err);
}

static int plan_import_cmd(struct plan_cmd *pc)
{
	const char *year = NULL, *encs = "auto";
	const char *pos[3];
	int npos, fy, rc, dry = 0;
	struct cli_opt opts[] = { OPT("--year", &year), OPT("--encoding", &encs), FLAG("--dry-run", &dry), { 0 } };
	if (cli_parse(pc->argc, pc->argv, opts, pos, 3, &npos) || npos != 3)
		return cli_usage("plan");
	enum csv_encoding enc;
	if ((rc = cli_fiscal_year("--year", year, &fy)))
		return rc;
	if (csv_encoding_parse(encs, &enc) != 0) {
		fprintf(stderr, "kyodo plan import: --encoding must be auto, utf-8 or cp932\n");
		return EXIT_USAGE;
	}
	struct plan *p;
	if ((rc = plan_open(pc, pos[1], &p)))
		return rc;
	FILE *f = fopen(pos[2], "rb");
	if (!f) {
		fprintf(stderr, "kyodo plan import: cannot read %s\n", pos[2]);
		return EXIT_DATA;
	}
	struct buf data = BUF_INIT, errors = BUF_INIT, warnings = BUF_INIT, changes = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&data, chunk, n);
	fclose(f);
	struct plan_import_result res;
	struct plan_import_opts io = { .enc = enc, .dry_run = dry, .changes = dry ? &changes : NULL };
	rc = plan_import(pc->st, &pc->c->who, p, fy, pos[2], data.data ? data.data : "", data.len, &io, &res, &errors,
			 &warnings);
	fputs(buf_cstr(&warnings), stderr);
	if (rc == 0) {
		fputs(buf_cstr(&changes), stdout);
		printf("kyodo: %s %s into plan %s, fiscal year %d: %d created, %d updated, %d unchanged, "
		       "%d yearly records written, %d unchanged, %d removed, %d branch notes written%s\n",
		       dry ? "dry run of" : "imported", pos[2], p->name, fy, res.created, res.updated, res.unchanged,
		       res.records, res.records_unchanged, res.records_removed, res.notes,
		       dry ? "; nothing was written" : "");
	} else {
		fputs(buf_cstr(&errors), stderr);
		if (rc == STORE_BUSY)
			fprintf(stderr, "kyodo plan import: the database is busy; nothing was written\n");
		fprintf(stderr, "kyodo plan import: nothing was imported\n");
	}
	buf_free(&data);
	buf_free(&errors);
	buf_free(&warnings);
	buf_free(&changes);
	return rc == 0 ? EXIT_OK : EXIT_DATA;
}

static int plan_rollup_cmd(struct plan_cmd *pc)
{
	const char *year = NULL, *by = NULL, *depth = "1", *format = "text";
	const char *pos[2];
	int npos, rc;
	struct cli_opt opts[] = { OPT("--year", &year), OPT("--by", &by), OPT("--depth", &depth),
				  OPT("--format", &format), { 0 } };
	if (cli_parse(pc->argc, pc->argv, opts, pos, 2, &npos) || npos != 2)
		return cli_usage("plan");
	enum rollup_by rb = ROLLUP__MAX;
	for (int i = 0; by && i < ROLLUP__MAX; i++)
		if (strcmp(by, rollup_by_names[i]) == 0)
			rb = (enum rollup_by)i;
	enum export_format f;
	char *end;
	long d = strtol(depth, &end, 10);
	if (rb == ROLLUP__MAX || *end || d < 1 || d > 50 || export_format_parse(format, &f) != 0 ||
	    (f != EXPORT_TEXT && f != EXPORT_CSV && f != EXPORT_JSON)) {
		fprintf(stderr, "kyodo plan rollup: --by priority|branch|grade, --depth N (1 = top level), "
				"--format text|csv|json\n");
		return EXIT_USAGE;
	}
	struct plan *p;
	int fy;
	if ((rc = cli_fiscal_year("--year", year, &fy)) || (rc = plan_open(pc, pos[1], &p)))
		return rc;
	if (fy < p->first_fy || fy > p->last_fy) {
		fprintf(stderr, "kyodo plan: fiscal year %d is outside plan %s (%d-%d)\n", fy, pos[1], p->first_fy,
			p->last_fy);
		return EXIT_DATA;
	}
	if (rb == ROLLUP_GRADE && p->ngrades == 0) {
		fprintf(stderr, "kyodo plan rollup: plan %s has no grade bands (plan create … --grades A=90,B=60,C=0)\n",
			p->name);
		return EXIT_DATA;
	}
	struct rollup ru;
	struct buf out = BUF_INIT;
	char err[256] = "";
	if ((rc = plan_rollup_walk(pc->st, pc->a, p, fy, NULL, rb, (int)d, &ru)) != 0) {
		fprintf(stderr, "kyodo plan rollup: cannot read plan %s: %s\n", p->name, store_errmsg(pc->st));
		return EXIT_DATA;
	}
	if (plan_export_rollup(p, &ru, f, &out, err, sizeof err) != 0) {
		fprintf(stderr, "kyodo plan rollup: %s\n", *err ? err : "out of memory");
		buf_free(&out);
		return EXIT_DATA;
	}
	rc = plan_write_out(NULL, &out);
	buf_free(&out);
	return rc;
}

/* A buf that drains into an open file every 64 KiB, so that a large export never sits in
 * memory whole. */
static int plan_file_sink(void *arg, const void *p, size_t n)
{
	return fwrite(p, 1, n, (FILE *)arg) == n ? 0 : -1;
}

static int plan_export_cmd(struct plan_cmd *pc)
{
	const char *year = NULL, *format = NULL, *outpath = NULL, *layout = "list";
	const char *pos[2];
	int npos, fy, rc;
	struct cli_opt opts[] = { OPT("--year", &year), OPT("--format", &format), OPT("--layout", &layout),
				  OPT("-o", &outpath), OPT("--output", &outpath), { 0 } };
	if (cli_parse(pc->argc, pc->argv, opts, pos, 2, &npos) || npos != 2)
		return cli_usage("plan");
	enum export_format f;
	enum export_layout l;
	if (!format || export_format_parse(format, &f) != 0 || f == EXPORT_TEXT) {
		fprintf(stderr, "kyodo plan export: --format csv|csv-cp932|xlsx|json\n");
		return EXIT_USAGE;
	}
	if (export_layout_parse(layout, &l) != 0) {
		fprintf(stderr, "kyodo plan export: --layout list|full\n");
		return EXIT_USAGE;
	}
	if (f == EXPORT_XLSX && !outpath) {
		fprintf(stderr, "kyodo plan export: an .xlsx export needs -o FILE\n");
		return EXIT_USAGE;
	}
	struct plan *p;
	if ((rc = cli_fiscal_year("--year", year, &fy)) || (rc = plan_open(pc, pos[1], &p)))
		return rc;
	if (fy < p->first_fy || fy > p->last_fy) {
		fprintf(stderr, "kyodo plan: fiscal year %d is outside plan %s (%d-%d)\n", fy, pos[1], p->first_fy,
			p->last_fy);
		return EXIT_DATA;
	}
	FILE *fp = outpath ? fopen(outpath, "wb") : stdout;
	if (!fp) {
		perror(outpath);
		return EXIT_DATA;
	}
	struct buf_sink sink = { plan_file_sink, fp, 64 << 10 };
	struct buf out = BUF_INIT;
	out.sink = &sink;
	struct plan_export_report rep = { 0 };
	char err[256] = "";
	rc = plan_export_year(pc->st, p, fy, NULL, f, l, &out, &rep, err, sizeof err);
	if (rc == 0 && buf_drain(&out) != 0)
		rc = -1;
	buf_free(&out);
	int bad = outpath ? fclose(fp) != 0 : fflush(fp) != 0;
	if (rc == 0 && rep.nreplaced) {
		fprintf(stderr, "kyodo plan export: warning: %zu character(s) that Shift_JIS (CP932) cannot hold were "
				"written as 〓:\n", rep.nreplaced);
		fputs(buf_cstr(&rep.replaced), stderr);
	}
	plan_export_report_free(&rep);
	if (rc != 0 || bad) {
		fprintf(stderr, "kyodo plan export: %s\n", *err ? err : "could not write the export");
		if (outpath)
			remove(outpath);
		return EXIT_DATA;
	}
	return EXIT_OK;
}

static void plan_list_one(const struct plan *p)
{
	char a[64], b[64];
	wareki_format_fiscal_year(p->first_fy, a, sizeof a);
	wareki_format_fiscal_year(p->last_fy, b, sizeof b);
	printf("%-24s %s - %s  %s\n", p->name, a, b, p->title);
}

static int plan_list_cmd(struct plan_cmd *pc)
{
	struct plan *ps;
	int n;
	if (pc->argc != 2)
		return cli_usage("plan");
	if (plan_list(pc->st, pc->a, &ps, &n) != 0)
		return EXIT_DATA;
	for (int i = 0; i < n; i++)
		plan_list_one(&ps[i]);
	return EXIT_OK;
}

/* `plan round NAME --year FY ACTION`: the actions, each a domain call. */
struct round_args {
	struct plan_cmd *pc;
	struct plan *p;
	int fy;
	const char *deadline, *department, *message, *reason;
	int with_open;
	long long dept;		/* --department, found */
	char *err;
	size_t errlen;
};

static int round_do_open(struct round_args *ra)
{
	return plan_round_open_with(ra->pc->st, &ra->pc->c->who, ra->p, ra->fy, ra->deadline, ra->err, ra->errlen);
}

static int round_do_deadline(struct round_args *ra)
{
	const char *d = ra->deadline && strcmp(ra->deadline, "none") != 0 ? ra->deadline : "";
	return plan_round_set_deadline(ra->pc->st, &ra->pc->c->who, ra->p, ra->fy, d, ra->err, ra->errlen);
}

static int round_do_submit(struct round_args *ra)
{
	return plan_round_submit(ra->pc->st, &ra->pc->c->who, ra->p, ra->fy, ra->dept, ra->err, ra->errlen);
}

static int round_do_remind(struct round_args *ra)
{
	return plan_round_remind(ra->pc->st, &ra->pc->c->who, ra->p, ra->fy, ra->dept, ra->message, ra->err, ra->errlen);
}

static int round_do_publish(struct round_args *ra)
{
	struct plan_publish_input in = { ra->with_open, ra->reason };
	return plan_round_publish(ra->pc->st, &ra->pc->c->who, ra->p, ra->fy, &in, ra->err, ra->errlen);
}

static int round_do_reopen(struct round_args *ra)
{
	if (!ra->reason || !*ra->reason) {
		snprintf(ra->err, ra->errlen, "reopening needs --reason TEXT");
		return -1;
	}
	return plan_round_reopen(ra->pc->st, &ra->pc->c->who, ra->p, ra->fy, ra->reason, ra->err, ra->errlen);
}

/* `status`: the round, its deadline and what is still open per department (what the
 * publish confirmation shows): one line per department, then the open items. */
static int round_do_status(struct round_args *ra)
{
	struct round_info ri;
	struct plan_open op;
	int rc = plan_round_get(ra->pc->st, ra->pc->a, ra->p, ra->fy, &ri);
	if (rc == 0)
		rc = plan_round_open_items(ra->pc->st, ra->pc->a, ra->p, ra->fy, NULL, &op);
	if (rc != 0)
		return rc;
	char fyname[64];
	wareki_format_fiscal_year(ra->fy, fyname, sizeof fyname);
	printf("%s %s: %s, deadline %s\n", ra->p->name, fyname, round_state_names[ri.state],
	       ri.deadline ? ri.deadline : "none");
	printf("%d items, %d open: %d unanswered, %d draft, %d returned\n", op.items, op.open,
	       op.counts[OPEN_UNANSWERED], op.counts[OPEN_DRAFT], op.counts[OPEN_RETURNED]);
	for (int i = 0; i < op.ndepts; i++) {
		const struct plan_open_dept *d = &op.depts[i];
		const struct round_dept *rd = NULL;
		for (int k = 0; k < ri.ndepts; k++)
			if (ri.depts[k].department_id == d->department_id)
				rd = &ri.depts[k];
		printf("%s: %d items, %d unanswered, %d draft, %d returned, %s%s\n",
		       d->department ? d->department : "(no department)", d->items, d->counts[OPEN_UNANSWERED],
		       d->counts[OPEN_DRAFT], d->counts[OPEN_RETURNED],
		       d->submitted_at ? "submitted " : d->department_id ? "not submitted" : "answered by the division",
		       d->submitted_at ? d->submitted_at : rd && rd->late ? " (late)" : "");
		for (int k = 0; k < d->nlisted; k++)
			printf("  %s %s: %s\n", plan_open_kind_names[d->listed[k].kind], d->listed[k].code,
			       d->listed[k].title);
		if (d->open > d->nlisted)
			printf("  … and %d more\n", d->open - d->nlisted);
	}
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(struct round_args *ra);
	int needs_department;
} round_actions[] = {
	{ "open", round_do_open, 0 },       { "deadline", round_do_deadline, 0 }, { "submit", round_do_submit, 1 },
	{ "remind", round_do_remind, 1 },   { "publish", round_do_publish, 0 },   { "reopen", round_do_reopen, 0 },
	{ "status", round_do_status, 0 },   { NULL, NULL, 0 },
};

static int plan_round_cmd(struct plan_cmd *pc)
{
	const char *year = NULL;
	const char *pos[4];
	int npos, rc;
	char err[256] = "";
	struct round_args ra = { .pc = pc, .err = err, .errlen = sizeof err };
	struct cli_opt opts[] = { OPT("--year", &year), OPT("--reason", &ra.reason), OPT("--deadline", &ra.deadline),
				  OPT("--department", &ra.department), OPT("--message", &ra.message),
				  FLAG("--with-open", &ra.with_open), { 0 } };
	if (cli_parse(pc->argc, pc->argv, opts, pos, 4, &npos) || npos < 3)
		return cli_usage("plan");
	int k = 0;
	while (round_actions[k].name && strcmp(pos[2], round_actions[k].name) != 0)
		k++;
	if (!round_actions[k].name)
		return cli_usage("plan");
	if (npos == 4 && strcmp(pos[2], "deadline") == 0)
		ra.deadline = pos[3];
	else if (npos == 4)
		return cli_usage("plan");
	if (strcmp(pos[2], "deadline") == 0 && !ra.deadline) {
		fprintf(stderr, "kyodo plan round: deadline DATE (2025-06-30, 令和7年6月30日) or deadline none\n");
		return EXIT_USAGE;
	}
	if (round_actions[k].needs_department && !ra.department) {
		fprintf(stderr, "kyodo plan round %s: --department NAME is required\n", pos[2]);
		return EXIT_USAGE;
	}
	if ((rc = cli_fiscal_year("--year", year, &ra.fy)) || (rc = plan_open(pc, pos[1], &ra.p)))
		return rc;
	if (ra.department && (ra.dept = account_department_find(pc->st, ra.department)) <= 0) {
		fprintf(stderr, "kyodo plan round: no department named '%s'\n", ra.department);
		return EXIT_DATA;
	}
	rc = round_actions[k].fn(&ra);
	return plan_domain_rc("round", rc, err);
}

static int plan_carry_cmd(struct plan_cmd *pc)
{
	const char *year = NULL, *from = NULL, *to = NULL, *title = NULL;
	const char *pos[3];
	int npos, fy, ffy, lfy, rc;
	struct cli_opt opts[] = { OPT("--year", &year), OPT("--from", &from), OPT("--to", &to),
				  OPT("--title", &title), { 0 } };
	if (cli_parse(pc->argc, pc->argv, opts, pos, 3, &npos) || npos != 3)
		return cli_usage("plan");
	if ((rc = cli_fiscal_year("--year", year, &fy)) || (rc = cli_fiscal_year("--from", from, &ffy)) ||
	    (rc = cli_fiscal_year("--to", to, &lfy)))
		return rc;
	struct plan *p;
	if ((rc = plan_open(pc, pos[1], &p)))
		return rc;
	long long id;
	char err[256] = "";
	rc = plan_carry_over(pc->st, &pc->c->who, p, fy, pos[2], title ? title : pos[2], ffy, lfy, &id, err, sizeof err);
	if (rc == 0)
		printf("kyodo: carried plan %s over into %s (id %lld)\n", p->name, pos[2], id);
	return plan_domain_rc("carry-over", rc, err);
}

static const struct {
	const char *name;
	int (*fn)(struct plan_cmd *pc);
} plan_subcommands[] = {
	{ "create", plan_create_cmd },	{ "import", plan_import_cmd }, { "rollup", plan_rollup_cmd },
	{ "export", plan_export_cmd },	{ "list", plan_list_cmd },     { "round", plan_round_cmd },
	{ "carry-over", plan_carry_cmd }, { NULL, NULL },
};

int cmd_plan(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("plan");
	for (int i = 0; plan_subcommands[i].name; i++) {
		if (strcmp(argv[1], plan_subcommands[i].name) != 0)
			continue;
		struct plan_cmd pc = { .c = c, .argc = argc - 1, .argv = argv + 1 };
		/* argv[0] of the subcommand is its name, so positionals start at the plan name;
		 * shift by one so pos[0] is the subcommand and pos[1] the plan */
		pc.argc = argc;
		pc.argv = argv;
		int rc = cli_open(c, &pc.st);
		if (rc)
			return rc;
		pc.a = arena_new(0);
		rc = pc.a ? plan_subcommands[i].fn(&pc) : EXIT_DATA;
		arena_free(pc.a);
		store_close(pc.st);
		return rc;
	}
	fprintf(stderr, "kyodo plan: unknown subcommand '%s'\n", argv[1]);
	return cli_usage("plan");
}
