/* org_csv: the registry of actors in from files (see org_csv.h). Owns the column table
 * of the registry's CSV and the two-pass import (check and match every row, then write
 * in one transaction); the writers are in org_export.c. Values are parsed and checked
 * only by domain/org.c's setters; CSV encodings only by io/csv.c. */
#include "io/org_csv.h"
#include "domain/org_public.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/jtext.h"
#include "domain/wareki.h"
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the columns ---- */

#define COLF(f) { ORG_COL_FIELD, f, NULL, NULL }
const struct org_csv_col org_csv_cols[] = {
	COLF(ORG_F_KIND),
	COLF(ORG_F_NAME),
	COLF(ORG_F_KANA),
	COLF(ORG_F_CORP_NUMBER),
	COLF(ORG_F_FOUNDED_ON),
	COLF(ORG_F_PURPOSE),
	COLF(ORG_F_ACTIVITIES),
	{ ORG_COL_NPO, ORG_F_KIND, "活動分野", "fields" },
	{ ORG_COL_AREAS, ORG_F_KIND, "活動地区", "areas" },
	COLF(ORG_F_MEMBERS),
	COLF(ORG_F_REP_NAME),
	COLF(ORG_F_REP_KANA),
	COLF(ORG_F_POSTAL),
	COLF(ORG_F_ADDRESS),
	COLF(ORG_F_PHONE),
	COLF(ORG_F_FAX),
	COLF(ORG_F_EMAIL),
	COLF(ORG_F_WEBSITE),
	{ ORG_COL_PUBLIC, ORG_F_KIND, "公開項目", "public" },
	COLF(ORG_F_REG_NUMBER),
	COLF(ORG_F_REG_DATE),
	COLF(ORG_F_STATUS),
	COLF(ORG_F_RECRUITING),
	/* the registry's other fields, after the columns of the issue */
	COLF(ORG_F_MEMBERS_IN_CITY),
	COLF(ORG_F_AGE_PROFILE),
	COLF(ORG_F_INCOME),
	COLF(ORG_F_SNS),
	COLF(ORG_F_CONTACT_NAME),
	COLF(ORG_F_CONTACT_KANA),
	/* the record's place in the center's work: a full export restores it */
	{ ORG_COL_REVIEW, ORG_F_KIND, "審査状態", "review" },
	{ ORG_COL_CONFIRMED, ORG_F_KIND, "最終確認日", "confirmed_at" },
	{ ORG_COL_CONFIRM_REQ, ORG_F_KIND, "確認依頼日", "confirm_requested_at" },
};
#undef COLF
const int org_csv_ncols = (int)(sizeof org_csv_cols / sizeof org_csv_cols[0]);
#define ORG_CSV_NCOLS ((int)(sizeof org_csv_cols / sizeof org_csv_cols[0]))

const char *org_csv_col_header(const struct org_csv_col *c)
{
	return c->kind == ORG_COL_FIELD ? org_field_specs[c->field].header : c->header;
}

const char *org_csv_col_key(const struct org_csv_col *c)
{
	return c->kind == ORG_COL_FIELD ? org_field_specs[c->field].key : c->key;
}

int org_csv_col_private(const struct org_csv_col *c)
{
	return c->kind == ORG_COL_PUBLIC || c->kind == ORG_COL_REVIEW || c->kind == ORG_COL_CONFIRM_REQ;
}

const char *org_csv_value(struct arena *a, const struct org_csv_col *c, const struct org *o)
{
	switch (c->kind) {
	case ORG_COL_NPO:
		return org_npo_fields_text(a, o);
	case ORG_COL_AREAS:
		return org_areas_text(a, o);
	case ORG_COL_PUBLIC:
		return org_public_text(a, o);
	case ORG_COL_REVIEW:
		return org_review_labels[o->review];
	case ORG_COL_CONFIRMED:
		return o->confirmed_at ? o->confirmed_at : "";
	case ORG_COL_CONFIRM_REQ:
		return o->confirm_requested_at ? o->confirm_requested_at : "";
	case ORG_COL_FIELD:
		break;
	}
	const char *v = o->v[c->field] ? o->v[c->field] : "";
	if (c->field == ORG_F_KIND && *v) {
		const struct org_kind *k = org_kind_find(v);
		return k ? k->label : v;
	}
	if (c->field == ORG_F_STATUS)
		for (int i = 0; i < ORG_STATUS__MAX; i++)
			if (strcmp(v, org_status_codes[i]) == 0)
				return org_status_labels[i];
	return v;
}

/* ---- import ---- */

void org_import_report_init(struct org_import_report *r)
{
	memset(r, 0, sizeof *r);
}

void org_import_report_free(struct org_import_report *r)
{
	buf_free(&r->errors);
	buf_free(&r->warnings);
	buf_free(&r->plan);
}

enum imp_action { IMP_BAD, IMP_CREATE, IMP_UPDATE, IMP_UNCHANGED };

/* What names a group within the file: the record a row matched ("I<id>"), or for a new
 * record without either number its name and reading ("N<name>\x1f<kana>"); the 登録番号
 * ("R…") and the 法人番号 ("C…") the row writes. Two rows with one key are refused. */
enum imp_key { IMP_KEY_ID, IMP_KEY_REG, IMP_KEY_CORP, IMP_KEY__MAX };

struct imp_row {
	size_t r;		/* row index in the table (0 = header) */
	long long id;		/* matched record, 0 for a new one */
	enum imp_action action;
	char *key[3];		/* heap, NULL when none (enum imp_key): a group appears on one row only */
	struct org *o;		/* the record to write, as pass 1 parsed it (from one of imp.arenas) */
};

struct imp {
	struct store *st;
	const struct actor *who;
	const char *file;
	const struct org_import_opts *opts;
	struct org_import_report *rep;
	struct csv_table t;
	int col[ORG_CSV_NCOLS];	/* file column of each org_csv_cols entry, or -1 */
	struct imp_row *rows;
	size_t nrows;
	struct arena **arenas;	/* pass 1's, kept for pass 2 unless a dry run: one per 1,000 rows */
	size_t narenas;
	struct imp_pipe *pipe;	/* a large import: pass 1 runs in a thread ahead of pass 2 */
	const char *werr, *wname;	/* behind pass 1: the row the database refused */
	size_t wline;
	int cp932;		/* the file was read as CP932: values are compared as CP932 gives
				 * them back (csv_same_text); a UTF-8 file compares exactly */
	int no_pipe;		/* areas were created in this transaction: check on this connection */
	struct org_area *areas;	/* the city's areas (from areas_arena), new ones included */
	int nareas;
	struct arena *areas_arena;
};

/* A large import checks rows in a second thread, on its own connection (which sees the
 * database as it was when the write lock was taken), while this thread writes the rows
 * already checked inside the one transaction. Any bad row stops the writing; the
 * transaction is rolled back once every row has been checked and reported, so nothing
 * is written — as in the sequential import, which small files and dry runs still use. */
struct imp_pipe {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t ready;		/* rows [0, ready) are checked */
	int bad;		/* a row was bad: write no more */
	int writer_done;	/* pass 2 has stopped: pass 1 may mark duplicates */
	int finished;		/* pass 1 has returned … */
	int rc;			/* … this */
	struct imp checker;	/* pass 1's copy of the import, with its own connection */
	struct org_import_opts quiet;	/* its options: no progress output */
};

static void imp_publish(struct imp *c, size_t ready, int finished, int rc)
{
	struct imp_pipe *p = c->pipe;
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->ready = ready;
	p->bad |= c->rep->nerrors > 0 || rc != 0;
	if (finished) {
		p->finished = 1;
		p->rc = rc;
	}
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

/* Pass 1, its rows all published, waits for pass 2 to stop reading them. */
static void imp_wait_writer(struct imp *c)
{
	struct imp_pipe *p = c->pipe;
	imp_publish(c, c->nrows, 0, 0);
	pthread_mutex_lock(&p->mu);
	while (!p->writer_done)
		pthread_cond_wait(&p->cv, &p->mu);
	pthread_mutex_unlock(&p->mu);
}

static void imp_writer_done(struct imp_pipe *p)
{
	pthread_mutex_lock(&p->mu);
	p->writer_done = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

/* Pass 2 waits until row i is checked; 0 to go on, -1 when writing must stop. */
static int imp_wait(struct imp_pipe *p, size_t i)
{
	pthread_mutex_lock(&p->mu);
	while (p->ready <= i && !p->finished && !p->bad)
		pthread_cond_wait(&p->cv, &p->mu);
	int go = !p->bad && p->ready > i;
	pthread_mutex_unlock(&p->mu);
	return go ? 0 : -1;
}

static const char *imp_tr(const struct imp *c, const char *msgid)
{
	return c->opts->lang ? i18n_get(c->opts->lang, msgid) : msgid;
}

/* One problem: file, row (1-based, header = 1), the file's column and header when k >= 0
 * (an org_csv_cols index present in the file), the message, and the value at fault. */
static void imp_error(struct imp *c, size_t line, int k, const char *msgid, const char *value)
{
	struct buf *e = &c->rep->errors;
	c->rep->nerrors++;
	if (k >= 0 && c->col[k] >= 0)
		buf_printf(e, imp_tr(c, N_("%s: row %zu, column %d (%s): %s")), c->file, line, c->col[k] + 1,
			   csv_cell(&c->t, 0, (size_t)c->col[k]), imp_tr(c, msgid));
	else
		buf_printf(e, imp_tr(c, N_("%s: row %zu: %s")), c->file, line, imp_tr(c, msgid));
	if (value && *value) {
		size_t n = strlen(value);
		if (n > 60) {	/* cut at a character boundary */
			n = 60;
			while (n > 0 && ((unsigned char)value[n] & 0xC0) == 0x80)
				n--;
		}
		buf_printf(e, " \"%.*s%s\"", (int)n, value, n < strlen(value) ? "…" : "");
	}
	buf_putc(e, '\n');
}

static void imp_progress(const struct imp *c, size_t done, size_t total, const char *what)
{
	if (!c->opts->progress)
		return;
	char a[32], b[32];
	const size_t v[2] = { done, total };
	char *out[2] = { a, b };
	for (int i = 0; i < 2; i++) {	/* 12,000 */
		char digits[24];
		int n = snprintf(digits, sizeof digits, "%zu", v[i]), o = 0;
		for (int j = 0; j < n; j++) {
			if (j && (n - j) % 3 == 0)
				out[i][o++] = ',';
			out[i][o++] = digits[j];
		}
		out[i][o] = 0;
	}
	fprintf(c->opts->progress, "\r%s / %s %s", a, b, imp_tr(c, what));
	fflush(c->opts->progress);
}

/* Map the header row to columns. 0, or -1 with errors. */
static int imp_headers(struct imp *c)
{
	for (int k = 0; k < ORG_CSV_NCOLS; k++)
		c->col[k] = -1;
	if (c->t.nrows < 1 || c->t.ncols[0] == 0) {
		imp_error(c, 1, -1, N_("The file is empty; the first row must name the columns."), NULL);
		return -1;
	}
	for (size_t j = 0; j < c->t.ncols[0]; j++) {
		const char *h = c->t.cell[0][j];
		int k = 0;
		for (; k < ORG_CSV_NCOLS; k++)
			if (strcmp(h, org_csv_col_header(&org_csv_cols[k])) == 0 ||
			    strcmp(h, org_csv_col_key(&org_csv_cols[k])) == 0)
				break;
		if (k == ORG_CSV_NCOLS) {
			if (*h)
				buf_printf(&c->rep->warnings, imp_tr(c, N_("%s: column %zu \"%s\" is not a known column and was ignored\n")),
					   c->file, j + 1, h);
			continue;
		}
		if (c->col[k] >= 0) {
			imp_error(c, 1, -1, N_("A column appears twice."), h);
			continue;
		}
		c->col[k] = (int)j;
	}
	int reg = -1, corp = -1, name = -1, kana = -1;
	for (int k = 0; k < ORG_CSV_NCOLS; k++)
		if (org_csv_cols[k].kind == ORG_COL_FIELD) {
			if (org_csv_cols[k].field == ORG_F_REG_NUMBER)
				reg = c->col[k];
			else if (org_csv_cols[k].field == ORG_F_CORP_NUMBER)
				corp = c->col[k];
			else if (org_csv_cols[k].field == ORG_F_NAME)
				name = c->col[k];
			else if (org_csv_cols[k].field == ORG_F_KANA)
				kana = c->col[k];
		}
	if (reg < 0 && corp < 0 && (name < 0 || kana < 0))
		imp_error(c, 1, -1, N_("The file needs the column 登録番号 or 法人番号, or the columns 団体名 and 団体名カナ."),
			  NULL);
	return c->rep->nerrors ? -1 : 0;
}

/* A row of empty cells (Excel leaves them below a table) counts as a blank line. */
static int imp_row_blank(const struct csv_table *t, size_t r)
{
	for (size_t j = 0; j < t->ncols[r]; j++)
		for (const char *p = t->cell[r][j]; *p; p++)
			if (*p != ' ' && *p != '\t')
				return 0;
	return 1;
}

static int imp_col_of_field(enum org_field f)
{
	for (int k = 0; k < ORG_CSV_NCOLS; k++)
		if (org_csv_cols[k].kind == ORG_COL_FIELD && org_csv_cols[k].field == f)
			return k;
	return -1;
}

static int imp_col_of_kind(enum org_col_kind kind)
{
	for (int k = 0; k < ORG_CSV_NCOLS; k++)
		if (org_csv_cols[k].kind == kind)
			return k;
	return -1;
}

static int imp_same(const struct org *x, const struct org *y)
{
	for (int f = 0; f < ORG_F__MAX; f++)
		if (strcmp(x->v[f], y->v[f]) != 0)
			return 0;
	if (x->nfields != y->nfields || x->nareas != y->nareas || x->public_mask != y->public_mask)
		return 0;
	for (int i = 0; i < x->nfields; i++)
		if (x->fields[i] != y->fields[i])
			return 0;
	for (int i = 0; i < x->nareas; i++) {	/* a set: stored in the city's order of areas */
		int found = 0;
		for (int j = 0; j < y->nareas && !found; j++)
			found = x->area_ids[i] == y->area_ids[j];
		if (!found)
			return 0;
	}
	return 1;
}

/* CP932 has no 〜 (U+301C): Excel files spell it ～ (U+FF5E), as io/csv.c writes it. The
 * vocabulary of age groups uses 〜, so such a cell is read with 〜 again. From a. */
static const char *imp_jis_wave(struct arena *a, const char *s)
{
	if (!strstr(s, "\uFF5E"))
		return s;
	struct buf b = BUF_INIT;
	for (const char *p = s; *p;) {
		if (strncmp(p, "\uFF5E", 3) == 0) {
			buf_puts(&b, "\u301C");
			p += 3;
		} else {
			buf_putc(&b, *p++);
		}
	}
	char *r = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return r ? r : s;
}

static int imp_has_geta(const char *s) { return strstr(s, "\u3013") != NULL; }

/* Does the file's value v stand for the stored value old? Equal, or — from a CP932 file
 * — equal once both have been through CP932 (波～の会 is 波〜の会, 〓 stands for a
 * character CP932 cannot hold). In a UTF-8 file every character is what it says. */
static int imp_same_value(const struct imp *c, const char *v, const char *old)
{
	if (strcmp(v, old) == 0)
		return 1;
	return c->cp932 && csv_same_text(v, old);
}

/* The city's area named s (exactly, or from a CP932 file as the file gives the name
 * back); NULL when there is none. */
static const struct org_area *imp_area_find(const struct imp *c, const char *s)
{
	for (int i = 0; i < c->nareas; i++)
		if (strcmp(c->areas[i].name, s) == 0)
			return &c->areas[i];
	for (int i = 0; c->cp932 && csv_cp932_ambiguous(s) && i < c->nareas; i++)
		if (csv_same_text(c->areas[i].name, s))
			return &c->areas[i];
	return NULL;
}

/* The 活動地区 cell with each name as the city spells it (so that ～ finds 〜), from a;
 * NULL with *unknown set to the first name the city does not have. */
static const char *imp_area_names(const struct imp *c, struct arena *a, const char *cell, const char **unknown)
{
	char *parts[ORG_AREAS_MAX + 1];
	int n = org_list_split(a, cell, parts, ORG_AREAS_MAX);
	*unknown = NULL;
	if (n > ORG_AREAS_MAX)
		return cell;	/* org_set_areas says there are too many */
	struct buf b = BUF_INIT;
	for (int i = 0; i < n && !*unknown; i++) {
		const struct org_area *ar = imp_area_find(c, parts[i]);
		if (!ar)
			*unknown = parts[i];
		buf_printf(&b, "%s%s", i ? ";" : "", ar ? ar->name : parts[i]);
	}
	char *r = *unknown ? NULL : arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return *unknown ? NULL : r ? r : cell;
}

/* ---- areas the file names and the city lacks ---- */

#define IMP_NEW_AREAS_MAX 1000

/* The city's areas as they are now. */
static int imp_areas_load(struct imp *c)
{
	arena_free(c->areas_arena);
	c->areas = NULL;
	c->nareas = 0;
	if (!(c->areas_arena = arena_new(0)))
		return STORE_ERR;
	return org_area_list(c->st, c->areas_arena, &c->areas, &c->nareas);
}

struct imp_new_areas {
	char *name[IMP_NEW_AREAS_MAX];
	size_t row[IMP_NEW_AREAS_MAX];	/* where the name first appears */
	int n;
	unsigned char *after;	/* after[i * MAX + j]: j comes after i in some cell */
};

static int imp_new_area_index(struct imp_new_areas *na, const char *name)
{
	for (int i = 0; i < na->n; i++)	/* one file: its cells were decoded alike */
		if (strcmp(na->name[i], name) == 0)
			return i;
	return -1;
}

/* The order to create them in: each cell's order kept (a cell lists areas in the city's
 * order, so a restored city gets its order back), else the order of first appearance. */
static void imp_new_areas_order(const struct imp_new_areas *na, int *order)
{
	int indeg[IMP_NEW_AREAS_MAX] = { 0 };
	unsigned char placed[IMP_NEW_AREAS_MAX] = { 0 };
	for (int i = 0; i < na->n; i++)
		for (int j = 0; j < na->n; j++)
			indeg[j] += na->after[i * IMP_NEW_AREAS_MAX + j];
	for (int k = 0; k < na->n; k++) {
		int pick = -1;
		for (int j = 0; j < na->n && pick < 0; j++)
			if (!placed[j] && indeg[j] == 0)
				pick = j;
		for (int j = 0; j < na->n && pick < 0; j++)	/* cells disagree: first appearance */
			if (!placed[j])
				pick = j;
		placed[pick] = 1;
		order[k] = pick;
		for (int j = 0; j < na->n; j++)
			if (na->after[pick * IMP_NEW_AREAS_MAX + j])
				indeg[j]--;
	}
}

/* Creates (opts->create_areas) the areas the file's 活動地区 name that the city lacks,
 * inside the caller's transaction, and reports each; without the option pass 1 refuses
 * the rows that name them. Sets *created. 0, -1 (reported) or a store_rc. */
static int imp_areas_create(struct imp *c, int *created)
{
	int k = imp_col_of_kind(ORG_COL_AREAS);
	*created = 0;
	if (!c->opts->create_areas || k < 0 || c->col[k] < 0)
		return 0;
	struct imp_new_areas *na = calloc(1, sizeof *na);
	struct arena *a = arena_new(0);
	int rc = 0;
	if (!na || !a || !(na->after = calloc((size_t)IMP_NEW_AREAS_MAX * IMP_NEW_AREAS_MAX, 1))) {
		rc = STORE_ERR;
		goto out;
	}
	for (size_t i = 0; i < c->nrows && rc == 0; i++) {
		char *parts[ORG_AREAS_MAX + 1];
		int n = org_list_split(a, csv_unguard(csv_cell(&c->t, c->rows[i].r, (size_t)c->col[k])), parts,
				       ORG_AREAS_MAX), prev = -1;
		for (int j = 0; j < n && j < ORG_AREAS_MAX; j++) {
			if (imp_area_find(c, parts[j]))
				continue;
			int x = imp_new_area_index(na, parts[j]);
			if (x < 0) {
				if (na->n == IMP_NEW_AREAS_MAX) {
					imp_error(c, c->rows[i].r + 1, k,
						  N_("The file names more than 1,000 areas the city does not have."), parts[j]);
					rc = -1;
					break;
				}
				x = na->n++;
				na->name[x] = parts[j];
				na->row[x] = c->rows[i].r + 1;
			}
			if (prev >= 0 && prev != x)
				na->after[prev * IMP_NEW_AREAS_MAX + x] = 1;
			prev = x;
		}
	}
	if (rc != 0 || na->n == 0)
		goto out;
	int order[IMP_NEW_AREAS_MAX];
	imp_new_areas_order(na, order);
	for (int i = 0; i < na->n && rc == 0; i++) {
		const char *err = NULL, *name = na->name[order[i]];
		long long id = org_area_add(c->st, c->who, name, "地区", &err);
		if (id == -1) {
			imp_error(c, na->row[order[i]], k, err ? err : N_("The area could not be created."), name);
			rc = -1;
		} else if (id < 0) {
			rc = (int)id;
		} else {
			if (c->opts->dry_run)
				buf_printf(&c->rep->plan, imp_tr(c, N_("area \"%s\" (first on row %zu): create\n")), name,
					   na->row[order[i]]);
			else
				buf_printf(&c->rep->warnings,
					   imp_tr(c, N_("%s: the area \"%s\" (first on row %zu) was created\n")), c->file,
					   name, na->row[order[i]]);
			(*created)++;
		}
	}
	if (rc == 0)
		rc = imp_areas_load(c);
out:
	if (na)
		free(na->after);
	free(na);
	arena_free(a);
	return rc;
}

/* A stored time (2025-06-01T01:05:00Z) as the export writes it, or a date in 西暦 or 和暦
 * (that day, 00:00 in Japan). "" stays "". From a; NULL when it is neither. */
static char *imp_timestamp(struct arena *a, const char *s)
{
	int y, m, d, hh, mm, ss, n = 0;
	if (!*s)
		return "";
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &m, &d, &hh, &mm, &ss, &n) == 6 && n == (int)strlen(s) &&
	    strlen(s) == 20 && m >= 1 && m <= 12 && d >= 1 && d <= 31 && hh < 24 && mm < 60 && ss < 61)
		return arena_strdup(a, s);
	if (wareki_parse_date(s, &y, &m, &d) != 0)
		return NULL;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d };
	time_t t = timegm(&tm) - 9 * 3600;	/* midnight in Japan */
	gmtime_r(&t, &tm);
	char out[24];
	strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return arena_strdup(a, out);
}

static int imp_review_parse(const char *s)
{
	for (int i = 0; i < ORG_REVIEW__MAX; i++)
		if (strcmp(s, org_review_labels[i]) == 0 || strcmp(s, org_review_codes[i]) == 0)
			return i;
	return -1;
}

/* Columns that hold codes a spreadsheet turns into numbers or dates. */
static int imp_code_field(enum org_field f)
{
	return f == ORG_F_CORP_NUMBER || f == ORG_F_REG_NUMBER || f == ORG_F_POSTAL || f == ORG_F_PHONE ||
	       f == ORG_F_FAX;
}

/* The spreadsheet damage of a code cell (io/csv.c csv_code_damage), against the stored
 * value when there is one; for postal codes and phones also the leading zero a number
 * loses (a postal code of 6 digits, a phone of 9–10 digits not starting with 0). */
static const char *imp_damage(enum org_field f, const char *cell, const char *stored)
{
	if (f != ORG_F_POSTAL && f != ORG_F_PHONE && f != ORG_F_FAX)
		return csv_code_damage(cell, stored && *stored ? stored : NULL);
	/* a postal code or a phone number: never a date, but a number without its zero */
	size_t n = 0;
	for (const char *p = cell; *p; p++, n++)
		if (*p < '0' || *p > '9')
			return csv_code_damage(cell, NULL);	/* exponent notation, or nothing */
	if (n && cell[0] != '0' && ((f == ORG_F_POSTAL && n == 6) || (f != ORG_F_POSTAL && (n == 9 || n == 10))))
		return N_("The value has lost its leading zeros (as a spreadsheet does to a number). "
			  "Format the column as text in the spreadsheet and save the file again.");
	return NULL;
}

/* Names, readings and the address whose new text CP932 cannot hold: a warning each (the
 * city's other systems may not take them; a Shift_JIS export shows 〓). The web forms
 * show the same fields in a notice (html/page_org.c org_cp932_notice). */
static void imp_cp932_warnings(struct imp *c, size_t line, const struct org *o, const struct org *old)
{
	static const enum org_field names[] = { ORG_F_NAME, ORG_F_KANA, ORG_F_REP_NAME, ORG_F_REP_KANA,
						ORG_F_CONTACT_NAME, ORG_F_CONTACT_KANA, ORG_F_ADDRESS };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		enum org_field f = names[i];
		uint32_t cp;
		int k = imp_col_of_field(f);
		if (k < 0 || c->col[k] < 0 || (old && strcmp(o->v[f], old->v[f]) == 0) ||
		    !csv_cp932_first_missing(o->v[f], &cp))
			continue;
		char ch[5] = "";
		ch[jtext_utf8_encode(cp, ch)] = 0;
		buf_printf(&c->rep->warnings, imp_tr(c, N_("%s: row %zu, column %d (%s): %s (U+%04X) cannot be written in "
							   "Shift_JIS (CP932): a Shift_JIS file shows 〓 in its place, and "
							   "other systems may not take it\n")),
			   c->file, line, c->col[k] + 1, csv_cell(&c->t, 0, (size_t)c->col[k]), ch, (unsigned)cp);
	}
}

/* A bad row, reported: distinct from every store_rc (STORE_ERR is -1). */
#define IMP_ROW_BAD 1

/* The candidates of one key: ids from a statement whose column 1 is compared with want —
 * exactly, or from a CP932 file as the file gives text back. Appends to *ids (heap,
 * *cap). 0 or a store_rc. */
static int imp_collect(struct imp *c, struct stmt *s, const char *want, long long **ids, int *n, int *cap)
{
	int rc;
	while ((rc = stmt_step(s)) == 1) {
		const char *v = stmt_text(s, 1);
		if (!(c->cp932 ? csv_same_text(want, v) : strcmp(want, v ? v : "") == 0))
			continue;
		if (*n == *cap) {
			int ncap = *cap ? *cap * 2 : 4;
			long long *m = realloc(*ids, sizeof *m * (size_t)ncap);
			if (!m) {
				rc = STORE_ERR;
				break;
			}
			*ids = m;
			*cap = ncap;
		}
		(*ids)[(*n)++] = stmt_int(s, 0);
	}
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

/* v as a LIKE pattern that matches every text csv_same_text may equal to it: each
 * character CP932 spells otherwise (〜/～, 〓 …) becomes _, and % _ \ are escaped. */
static char *imp_like_pattern(struct arena *a, const char *v)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(v);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int k = jtext_utf8_decode(v + i, n - i, &cp);
		char one[5] = "";
		k = k ? k : 1;
		memcpy(one, v + i, (size_t)k);
		if (csv_cp932_ambiguous(one))
			buf_putc(&b, '_');
		else if (*one == '%' || *one == '_' || *one == '\\')
			buf_printf(&b, "\\%c", *one);
		else
			buf_puts(&b, one);
		i += (size_t)k;
	}
	char *r = b.oom ? NULL : arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return r;
}

/* The record of the registration number reg (exactly; from a CP932 file also as the file
 * gives it back), or *id = 0. 0, IMP_ROW_BAD (two records have it: reported), or a
 * store_rc. */
static int imp_find_reg(struct imp *c, struct arena *a, size_t line, const char *reg, long long *id)
{
	long long *ids = NULL;
	int n = 0, cap = 0, rc;
	struct stmt *s = store_prepare(c->st, STMT_ORG_IO_FIND_REG);
	*id = 0;
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, reg);
	while ((rc = stmt_step(s)) == 1 && n < 2)
		*id = n++ ? *id : stmt_int(s, 0);
	stmt_reset(s);
	if (rc < 0)
		return rc;
	if (n == 0 && c->cp932 && csv_cp932_ambiguous(reg)) {
		const char *pat = imp_like_pattern(a, reg);
		if (!pat || !(s = store_prepare(c->st, STMT_ORG_IO_FIND_REG_LIKE)))
			return STORE_ERR;
		stmt_bind_text(s, 1, pat);
		if ((rc = imp_collect(c, s, reg, &ids, &n, &cap)) != 0) {
			free(ids);
			return rc;
		}
		*id = n ? ids[0] : 0;
		free(ids);
	}
	if (n > 1) {
		*id = 0;
		imp_error(c, line, imp_col_of_field(ORG_F_REG_NUMBER),
			  c->cp932 ? N_("Several groups have this registration number once it is written in Shift_JIS "
					"(CP932); import a UTF-8 file to tell them apart.")
				   : N_("Several groups have this registration number: correct it on the center's screens "
					"first."),
			  reg);
		return IMP_ROW_BAD;
	}
	return 0;
}

/* The records whose name and reading are the row's: exactly, or from a CP932 file as the
 * file gives them back (one of the two is looked up exactly, the other compared). Into
 * *ids (heap, the caller frees) and *n. 0 or a store_rc. */
static int imp_find_name(struct imp *c, const char *name, const char *kana, long long **ids, int *n)
{
	int by_kana = c->cp932 && csv_cp932_ambiguous(name), cap = 0;
	struct stmt *s = store_prepare(c->st, by_kana ? STMT_ORG_FIND_KANA : STMT_ORG_FIND_BY_NAME);
	*ids = NULL;
	*n = 0;
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, by_kana ? kana : name);
	return imp_collect(c, s, by_kana ? name : kana, ids, n, &cap);
}

/* The registration and corporate numbers of record id, from a. 0 or a store_rc. */
static int imp_keys_of(struct imp *c, struct arena *a, long long id, const char **reg, const char **corp)
{
	struct stmt *s = store_prepare(c->st, STMT_ORG_IO_KEYS);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, id);
	int rc = stmt_step(s);
	*reg = rc == 1 ? stmt_text_dup(s, a, 0) : NULL;
	*corp = rc == 1 ? stmt_text_dup(s, a, 1) : NULL;
	stmt_reset(s);
	if (rc < 0)
		return rc;
	return *reg && *corp ? 0 : STORE_ERR;
}

/* Finds the record a row names (*id, 0 for a new record), by its keys, strongest first:
 *   1. 登録番号, the number the center gave a registered group: the record that has it;
 *   2. 法人番号: the record that has it;
 *   3. 団体名 + 団体名カナ, when exactly one record fits: a record with another 登録番号
 *      or another 法人番号 than the row gives is another group (two groups may share a
 *      name and reading), and when several fit the row is refused, not guessed; a
 *      登録番号 a spreadsheet damaged (0042 → 42) finds its group here, to be refused
 *      with the hint (imp_parse).
 * Keys that name two different records refuse the row. A UTF-8 file is compared exactly;
 * a CP932 file as it gives text back (imp_same_value). 0, IMP_ROW_BAD (reported), or a
 * store_rc. */
static int imp_match(struct imp *c, struct arena *a, size_t line, const char *reg, const char *corp, const char *name,
		     const char *kana, long long *id)
{
	long long by_reg = 0, by_corp = 0, *ids = NULL;
	const char *oreg, *ocorp, *other_reg = NULL;
	int rc, n = 0, fits = 0;
	*id = 0;
	if (*reg && (rc = imp_find_reg(c, a, line, reg, &by_reg)) != 0)
		return rc;
	if (*corp && (rc = org_find_match(c->st, corp, NULL, NULL, &by_corp)) != 0)
		return rc;
	if (by_reg && by_corp && by_reg != by_corp) {
		imp_error(c, line, imp_col_of_field(ORG_F_CORP_NUMBER),
			  N_("This corporate number is another group's than the one with this registration number: "
			     "correct one of them."),
			  corp);
		return IMP_ROW_BAD;
	}
	if (by_reg || by_corp) {
		if (!by_reg && *reg) {	/* found by 法人番号 only: it must not have another 登録番号 */
			if ((rc = imp_keys_of(c, a, by_corp, &oreg, &ocorp)) != 0)
				return rc;
			if (*oreg) {
				imp_error(c, line, imp_col_of_field(ORG_F_REG_NUMBER),
					  N_("The group with this corporate number has another registration number: "
					     "correct the registration number, or leave it empty."),
					  reg);
				return IMP_ROW_BAD;
			}
		}
		*id = by_reg ? by_reg : by_corp;
		return 0;
	}
	if (!*name || !*kana)
		return 0;
	if ((rc = imp_find_name(c, name, kana, &ids, &n)) != 0)
		goto out;
	for (int i = 0; i < n; i++) {
		if ((rc = imp_keys_of(c, a, ids[i], &oreg, &ocorp)) != 0)
			goto out;
		if (*reg && *oreg && !csv_code_damage(reg, oreg)) {	/* another registered group … */
			other_reg = oreg;
			continue;	/* … not this number as a spreadsheet left it */
		}
		if (*corp && *ocorp)	/* another corporation */
			continue;
		fits++;
		*id = ids[i];
	}
	if (fits > 1) {
		*id = 0;
		imp_error(c, line, imp_col_of_field(ORG_F_NAME),
			  c->cp932 && (csv_cp932_ambiguous(name) || csv_cp932_ambiguous(kana))
				  ? N_("Several groups have this name and reading once they are written in Shift_JIS "
				       "(CP932): give the row its registration number (登録番号), or import a UTF-8 file.")
				  : N_("Several groups have this name and reading: give the row its registration number "
				       "(登録番号) or corporate number (法人番号), as the registry's export has them."),
			  name);
		rc = IMP_ROW_BAD;
	} else if (fits == 0 && other_reg) {
		buf_printf(&c->rep->warnings,
			   imp_tr(c, N_("%s: row %zu: %s (%s) is another group than the one of this name registered as "
					"%s: it is created with the registration number %s\n")),
			   c->file, line, name, kana, other_reg, reg);
	}
out:
	free(ids);
	return rc;
}

/* What pass 1 reads of one row besides the record's fields. */
struct imp_extra {
	int present[ORG_CSV_NCOLS];
	int geta[ORG_CSV_NCOLS];	/* a cell of a CP932 file with 〓 its field refuses (a reading
					 * 〓カイ): it may stand for the stored value, known once the
					 * row is matched */
	int review;		/* 審査状態, -1 when absent or empty */
	const char *confirmed, *requested;	/* "" = none */
};

/* One cell into p (or x). 0, or IMP_ROW_BAD (reported), or a store_rc. */
static int imp_cell(struct imp *c, struct arena *a, size_t line, int k, struct org *p, struct imp_extra *x)
{
	const struct org_csv_col *cc = &org_csv_cols[k];
	const char *raw = csv_cell(&c->t, line - 1, (size_t)c->col[k]);
	const char *cell = csv_unguard(raw), *err = NULL;
	int rc = 0;
	switch (cc->kind) {
	case ORG_COL_FIELD:
		if (cc->field == ORG_F_STATUS && !*cell)
			return 0;	/* keeps the stored status (活動中 for a new record) */
		if (org_field_specs[cc->field].type == ORG_T_AGE)
			cell = imp_jis_wave(a, cell);
		rc = org_set_field(a, p, cc->field, cell, &err);
		if (rc == -1 && imp_code_field(cc->field) && imp_damage(cc->field, cell, NULL))
			err = imp_damage(cc->field, cell, NULL);	/* the hint says why it is not a number */
		if (rc == -1 && c->cp932 && imp_has_geta(cell) && !jtext_text_problem(cell, 1) &&
		    (p->v[cc->field] = arena_strdup(a, cell))) {
			x->geta[k] = 1;	/* decided once the row is matched (imp_parse) */
			rc = 0;
		}
		break;
	case ORG_COL_NPO:
		rc = org_set_npo_fields(p, cell, &err);
		break;
	case ORG_COL_AREAS: {
		const char *unknown, *names = imp_area_names(c, a, cell, &unknown);
		if (unknown) {
			imp_error(c, line, k,
				  N_("Unknown activity area: use the names of the city's areas, or import with "
				     "--create-areas to create the areas the file names."),
				  unknown);
			return IMP_ROW_BAD;
		}
		rc = org_set_areas(c->st, a, p, names, &err);
		break;
	}
	case ORG_COL_PUBLIC:
		rc = org_set_public(p, cell, &err);
		break;
	case ORG_COL_REVIEW:
		if (*cell && (x->review = imp_review_parse(cell)) < 0) {
			err = N_("Unknown review state: use 申請中, 差し戻し or 登録済.");
			rc = -1;
		}
		break;
	case ORG_COL_CONFIRMED:
	case ORG_COL_CONFIRM_REQ: {
		char *t = imp_timestamp(a, cell);
		if (!t) {
			err = N_("Write the date as 2023-04-01 or 令和5年4月1日.");
			rc = -1;
		} else if (cc->kind == ORG_COL_CONFIRMED) {
			x->confirmed = t;
		} else {
			x->requested = t;
		}
		break;
	}
	}
	if (rc < -1)
		return rc;	/* the database */
	if (rc != 0) {
		imp_error(c, line, k, err ? err : N_("Out of memory."), raw);
		return IMP_ROW_BAD;
	}
	x->present[k] = 1;
	return 0;
}

/* Lays the file's values p over the stored record o (a match): a present column replaces
 * the stored value unless it stands for it (imp_same_value). */
static void imp_overlay(const struct imp *c, struct org *o, const struct org *p, const int *present)
{
	for (int k = 0; k < ORG_CSV_NCOLS; k++) {
		if (!present[k])
			continue;
		const struct org_csv_col *cc = &org_csv_cols[k];
		switch (cc->kind) {
		case ORG_COL_FIELD:
			if (!imp_same_value(c, p->v[cc->field], o->v[cc->field]))
				o->v[cc->field] = p->v[cc->field];
			break;
		case ORG_COL_NPO:
			memcpy(o->fields, p->fields, sizeof o->fields);
			o->nfields = p->nfields;
			break;
		case ORG_COL_AREAS:
			memcpy(o->area_ids, p->area_ids, sizeof o->area_ids);
			memcpy(o->area_names, p->area_names, sizeof o->area_names);
			o->nareas = p->nareas;
			break;
		case ORG_COL_PUBLIC:
			o->public_mask = p->public_mask;
			break;
		case ORG_COL_REVIEW:	/* never changed by an import */
		case ORG_COL_CONFIRMED:
		case ORG_COL_CONFIRM_REQ:
			break;
		}
	}
}

/* Sets key (heap) to "<tag><a>[\x1f<b>]": 0, or -1 out of memory (key NULL). */
static int imp_key_set(char **key, char tag, const char *a, const char *b)
{
	free(*key);
	if ((b ? asprintf(key, "%c%s\x1f%s", tag, a, b) : asprintf(key, "%c%s", tag, a)) < 0) {
		*key = NULL;
		return -1;
	}
	return 0;
}

/* The row's keys (enum imp_key), from the record it writes: 0 or STORE_ERR. */
static int imp_keys(struct imp_row *ir, const struct org *o)
{
	const char *reg = o->v[ORG_F_REG_NUMBER], *corp = o->v[ORG_F_CORP_NUMBER];
	char id[24];
	int rc = 0;
	for (int i = 0; i < IMP_KEY__MAX; i++) {
		free(ir->key[i]);
		ir->key[i] = NULL;
	}
	snprintf(id, sizeof id, "%lld", ir->id);
	if (ir->id)
		rc |= imp_key_set(&ir->key[IMP_KEY_ID], 'I', id, NULL);
	else if (!*reg && !*corp)	/* a new group known by its name only */
		rc |= imp_key_set(&ir->key[IMP_KEY_ID], 'N', o->v[ORG_F_NAME], o->v[ORG_F_KANA]);
	if (*reg)
		rc |= imp_key_set(&ir->key[IMP_KEY_REG], 'R', reg, NULL);
	if (*corp)
		rc |= imp_key_set(&ir->key[IMP_KEY_CORP], 'C', corp, NULL);
	return rc ? STORE_ERR : 0;
}

/* Parses, checks and matches one row into o: 0, IMP_ROW_BAD (errors reported), or a
 * store_rc < 0 (the database failed: the import stops). Sets ir->id, ir->action and
 * ir->key. */
static int imp_parse(struct imp *c, struct arena *a, struct imp_row *ir, struct org *o)
{
	size_t line = ir->r + 1;
	int nerr = c->rep->nerrors, rc;
	struct imp_extra x = { .review = -1, .confirmed = "", .requested = "" };
	struct org p;
	org_init(&p);
	ir->action = IMP_BAD;
	for (int k = 0; k < ORG_CSV_NCOLS; k++)
		if (c->col[k] >= 0 && (rc = imp_cell(c, a, line, k, &p, &x)) < 0)
			return rc;
	if (c->rep->nerrors != nerr)
		return IMP_ROW_BAD;

	int kreg = imp_col_of_field(ORG_F_REG_NUMBER), kcorp = imp_col_of_field(ORG_F_CORP_NUMBER),
	    kname = imp_col_of_field(ORG_F_NAME), kkana = imp_col_of_field(ORG_F_KANA);
	const char *reg = x.present[kreg] ? p.v[ORG_F_REG_NUMBER] : "";
	const char *corp = x.present[kcorp] ? p.v[ORG_F_CORP_NUMBER] : "";
	const char *name = x.present[kname] ? p.v[ORG_F_NAME] : "", *kana = x.present[kkana] ? p.v[ORG_F_KANA] : "";
	if ((rc = imp_match(c, a, line, reg, corp, name, kana, &ir->id)) != 0)
		return rc;
	struct org old;
	org_init(&old);
	if (ir->id) {
		if ((rc = org_get(c->st, a, ir->id, o)) != 0)
			return rc == ORG_NOT_FOUND ? STORE_ERR : rc;
		old = *o;
		imp_overlay(c, o, &p, x.present);
	} else {
		*o = p;
		if (x.review >= 0)
			o->review = (enum org_review_state)x.review;
		o->confirmed_at = (char *)x.confirmed;
		o->confirm_requested_at = (char *)x.requested;
	}
	/* a cell with 〓 its field refused stands for the stored value, or is refused now */
	for (int k = 0; k < ORG_CSV_NCOLS; k++) {
		if (!x.geta[k])
			continue;
		enum org_field f = org_csv_cols[k].field;
		const char *raw = csv_cell(&c->t, ir->r, (size_t)c->col[k]);
		if (ir->id && csv_same_text(p.v[f], old.v[f]))
			continue;	/* imp_overlay kept the stored value */
		struct org scratch;
		const char *err = NULL;
		org_init(&scratch);
		org_set_field(a, &scratch, f, csv_unguard(raw), &err);
		imp_error(c, line, k, err ? err : N_("Out of memory."), raw);
	}
	/* codes a spreadsheet damaged, now that the stored values are known */
	for (int k = 0; k < ORG_CSV_NCOLS; k++) {
		const struct org_csv_col *cc = &org_csv_cols[k];
		if (!x.present[k] || cc->kind != ORG_COL_FIELD || !imp_code_field(cc->field))
			continue;
		const char *raw = csv_cell(&c->t, ir->r, (size_t)c->col[k]);
		const char *hint = imp_damage(cc->field, csv_unguard(raw), ir->id ? old.v[cc->field] : NULL);
		if (hint)
			imp_error(c, line, k, hint, raw);
	}
	if (c->rep->nerrors != nerr)
		return IMP_ROW_BAD;
	const char *err = NULL;
	int bad = -1;
	if (org_check(o, &err, &bad) != 0) {
		int k = bad >= 0 ? imp_col_of_field((enum org_field)bad) : -1;
		imp_error(c, line, k, err, NULL);
		return IMP_ROW_BAD;
	}
	ir->action = !ir->id ? IMP_CREATE : imp_same(o, &old) ? IMP_UNCHANGED : IMP_UPDATE;
	/* warnings: the review state the file gives differently, names CP932 cannot hold */
	int krev = imp_col_of_kind(ORG_COL_REVIEW);
	if (ir->id && x.review >= 0 && (enum org_review_state)x.review != old.review)
		buf_printf(&c->rep->warnings,
			   imp_tr(c, N_("%s: row %zu, column %d (%s): %s in the file, %s in the registry: kept (an import "
					"never changes the review state; the center decides on the review screen)\n")),
			   c->file, line, c->col[krev] + 1, csv_cell(&c->t, 0, (size_t)c->col[krev]),
			   org_review_labels[x.review], org_review_labels[old.review]);
	if (ir->action != IMP_UNCHANGED)
		imp_cp932_warnings(c, line, o, ir->id ? &old : NULL);
	return imp_keys(ir, o);
}

struct imp_keyed {
	struct imp_row *row;
	int k;			/* enum imp_key */
};

#define IMP_KEYED(e) ((e).row->key[(e).k])

static int imp_key_cmp(const void *x, const void *y)
{
	const struct imp_keyed *a = x, *b = y;
	int d = strcmp(IMP_KEYED(*a), IMP_KEYED(*b));
	return d ? d : (a->row->r > b->row->r) - (a->row->r < b->row->r);
}

/* A group may appear once: two rows with one key — the same record, 登録番号, 法人番号,
 * or (new groups without numbers) name and reading — are refused, the later one. */
static int imp_duplicates(struct imp *c)
{
	static const enum org_field key_field[IMP_KEY__MAX] = { [IMP_KEY_ID] = ORG_F_NAME,
								[IMP_KEY_REG] = ORG_F_REG_NUMBER,
								[IMP_KEY_CORP] = ORG_F_CORP_NUMBER };
	struct imp_keyed *v = malloc(sizeof *v * (c->nrows ? c->nrows : 1) * IMP_KEY__MAX);
	size_t n = 0;
	if (!v)
		return STORE_ERR;
	for (size_t i = 0; i < c->nrows; i++)
		for (int k = 0; k < IMP_KEY__MAX; k++)
			if (c->rows[i].action != IMP_BAD && c->rows[i].key[k])
				v[n++] = (struct imp_keyed){ &c->rows[i], k };
	qsort(v, n, sizeof *v, imp_key_cmp);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(IMP_KEYED(v[i]), IMP_KEYED(v[i - 1])) != 0 || v[i].row->action == IMP_BAD)
			continue;	/* a new key, or a row already refused for another of its keys */
		size_t first = i - 1;
		while (first > 0 && strcmp(IMP_KEYED(v[first - 1]), IMP_KEYED(v[i])) == 0)
			first--;
		char msg[160];
		snprintf(msg, sizeof msg, imp_tr(c, N_("The same group is also on row %zu.")), v[first].row->r + 1);
		imp_error(c, v[i].row->r + 1, imp_col_of_field(key_field[v[i].k]), msg, NULL);
		v[i].row->action = IMP_BAD;
	}
	free(v);
	return 0;
}

static void imp_plan_line(struct imp *c, const struct imp_row *ir, const struct org *o)
{
	static const char *const verbs[] = { [IMP_CREATE] = N_("create"), [IMP_UPDATE] = N_("update"),
					     [IMP_UNCHANGED] = N_("unchanged") };
	struct buf *b = &c->rep->plan;
	buf_printf(b, imp_tr(c, N_("row %zu: %s")), ir->r + 1, imp_tr(c, verbs[ir->action]));
	if (ir->id)
		buf_printf(b, " #%lld", ir->id);
	buf_printf(b, " %s (%s)\n", o->v[ORG_F_NAME], o->v[ORG_F_KANA]);
}

/* Pass 1: every row parsed, checked and matched (the records kept for pass 2 unless a dry
 * run); nothing written. */
static int imp_check(struct imp *c)
{
	struct arena *a = NULL;
	int rc = 0, keep = !c->opts->dry_run;
	if (keep && !(c->arenas = calloc(c->nrows / 1000 + 1, sizeof *c->arenas)))
		return STORE_ERR;
	for (size_t i = 0; i < c->nrows && rc == 0; i++) {
		if (i % 1000 == 0) {
			if (!keep)
				arena_free(a);
			if (!(a = arena_new(0)))
				return STORE_ERR;
			if (keep)
				c->arenas[c->narenas++] = a;
			if (i)
				imp_progress(c, i, c->nrows, N_("checked"));
		}
		if (i % 64 == 0 && i)
			imp_publish(c, i, 0, 0);
		struct imp_row *ir = &c->rows[i];
		struct org o;
		int r = imp_parse(c, a, ir, &o);
		if (r < 0)
			rc = r;
		else if (r == 0 && !keep)
			imp_plan_line(c, ir, &o);
		else if (r == 0 && (ir->action == IMP_CREATE || ir->action == IMP_UPDATE)) {
			if (!(ir->o = arena_alloc(a, sizeof *ir->o)))
				return STORE_ERR;
			*ir->o = o;
		}
	}
	if (!keep)
		arena_free(a);
	if (rc < 0)
		return rc;
	if (c->pipe)	/* duplicates are marked in rows pass 2 may still be reading */
		imp_wait_writer(c);
	if ((rc = imp_duplicates(c)) != 0)
		return rc;
	imp_progress(c, c->nrows, c->nrows, N_("checked"));
	return c->rep->nerrors ? -1 : 0;
}

/* Pass 2: the records pass 1 parsed, written inside the caller's transaction — right
 * behind pass 1 when it runs in its thread (c->pipe). Sets *nwrite. A row the database
 * refuses is reported at once, or, behind pass 1, kept in c->werr for the caller. */
static int imp_write_rows(struct imp *c, unsigned flags, size_t *nwrite)
{
	int rc = 0;
	*nwrite = 0;
	for (size_t i = 0; i < c->nrows && rc == 0; i++) {
		if (c->pipe && imp_wait(c->pipe, i) != 0)
			return -1;	/* a bad row: the transaction will be rolled back */
		struct imp_row *ir = &c->rows[i];
		if (i % 1000 == 0 && i)
			imp_progress(c, i, c->nrows, N_("written"));
		if (ir->action != IMP_CREATE && ir->action != IMP_UPDATE)
			continue;
		struct org *o = ir->o;
		const char *err = NULL;
		if (ir->action == IMP_CREATE) {
			/* a restored record keeps its confirmation dates when the file has them */
			unsigned keep = c->col[imp_col_of_kind(ORG_COL_CONFIRMED)] >= 0 ? ORG_SAVE_KEEP_DATES : 0;
			long long id = org_create(c->st, c->who, o, flags | keep, &err);
			rc = id > 0 ? 0 : (int)id;
		} else {
			rc = org_update(c->st, c->who, o, flags, &err);
		}
		(*nwrite)++;
		if (rc == -1 && c->pipe) {
			c->werr = err ? err : N_("The group could not be saved.");
			c->wline = ir->r + 1;
			c->wname = o->v[ORG_F_NAME];
		} else if (rc == -1) {
			imp_error(c, ir->r + 1, -1, err ? err : N_("The group could not be saved."), o->v[ORG_F_NAME]);
		}
	}
	if (rc == 0)
		imp_progress(c, c->nrows, c->nrows, N_("written"));
	return rc;
}

/* After a bulk write: the search index built once, the statistics counted once, the
 * directory's version moved once. */
static int imp_write_finish(struct imp *c, unsigned flags, size_t nwrite)
{
	if (!(flags & ORG_SAVE_BULK) || nwrite == 0)
		return 0;
	if (c->opts->progress) {
		fprintf(c->opts->progress, "\n%s", imp_tr(c, N_("building the search index…")));
		fflush(c->opts->progress);
	}
	int rc = org_fts_rebuild(c->st);
	return rc ? rc : org_public_all_changed(c->st);
}

/* Pass 1 in its thread. */
static void *imp_check_thread(void *arg)
{
	struct imp *k = arg;
	int rc = imp_check(k);
	imp_publish(k, k->nrows, 1, rc);
	return NULL;
}

/* Both passes, one after the other (small files) or side by side (large ones). */
static int imp_run(struct imp *c)
{
	unsigned flags = 0;
	size_t nwrite = 0;
	int rc;
	struct imp_pipe *p = NULL;
	struct store *cst = NULL;
	/* The checker reads through a connection of its own (none for an in-memory database). */
	if (!c->opts->dry_run && !c->no_pipe && c->nrows >= ORG_IMPORT_PIPE_ROWS && store_reopen(c->st, &cst) == 0 &&
	    (p = calloc(1, sizeof *p)) != NULL) {
		pthread_mutex_init(&p->mu, NULL);
		pthread_cond_init(&p->cv, NULL);
		p->checker = *c;
		p->checker.st = cst;
		p->checker.pipe = p;
		p->quiet = *c->opts;
		p->quiet.progress = NULL;	/* the writer shows the progress */
		p->checker.opts = &p->quiet;
		c->pipe = p;
		pthread_t th;
		if (pthread_create(&th, NULL, imp_check_thread, &p->checker) != 0) {
			c->pipe = NULL;
		} else {
			store_set_cache_kib(c->st, ORG_IMPORT_CACHE_KIB);
			flags = ORG_SAVE_BULK;
			int wrc = imp_write_rows(c, flags, &nwrite);
			imp_writer_done(p);
			pthread_join(th, NULL);
			c->arenas = p->checker.arenas;	/* pass 1's records: freed by the caller */
			c->narenas = p->checker.narenas;
			rc = p->rc ? p->rc : c->rep->nerrors ? -1 : 0;
			if (rc == 0 && wrc == -1 && c->werr)
				imp_error(c, c->wline, -1, c->werr, c->wname);
			if (rc == 0)
				rc = wrc;
			if (rc == 0)
				rc = imp_write_finish(c, flags, nwrite);
			goto out;
		}
	}
	/* Sequentially: every row checked before any is written. */
	if ((rc = imp_check(c)) != 0 || c->opts->dry_run)
		goto out;
	for (size_t i = 0; i < c->nrows; i++)
		nwrite += c->rows[i].action == IMP_CREATE || c->rows[i].action == IMP_UPDATE;
	if (nwrite >= ORG_IMPORT_BULK_ROWS) {
		flags = ORG_SAVE_BULK;
		store_set_cache_kib(c->st, ORG_IMPORT_CACHE_KIB);
	}
	if ((rc = imp_write_rows(c, flags, &nwrite)) == 0)
		rc = imp_write_finish(c, flags, nwrite);
out:
	if (flags & ORG_SAVE_BULK)
		store_set_cache_kib(c->st, 0);
	if (p) {
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->cv);
		free(p);
		c->pipe = NULL;
	}
	store_close(cst);
	return rc;
}

int org_csv_import(struct store *st, const struct actor *who, const char *file, const char *data, size_t len,
		   const struct org_import_opts *opts, struct org_import_report *rep)
{
	struct imp c = { .st = st, .who = who, .file = file, .opts = opts, .rep = rep };
	char err[256];
	int rc = -1, began = 0, created_areas = 0;
	if (who->role != ROLE_ADMIN && who->role != ROLE_COORDINATOR) {
		imp_error(&c, 1, -1, N_("Only the center can import groups."), NULL);
		return -1;
	}
	if (csv_read(data, len, opts->enc, &c.t, err, sizeof err) != 0) {
		c.rep->nerrors++;
		buf_printf(&rep->errors, "%s: %s\n", file, err);
		return -1;
	}
	if (imp_headers(&c) != 0)
		goto out;
	c.rows = calloc(c.t.nrows ? c.t.nrows : 1, sizeof *c.rows);
	if (!c.rows) {
		rc = STORE_ERR;
		goto out;
	}
	for (size_t r = 1; r < c.t.nrows; r++)
		if (c.t.ncols[r] && !imp_row_blank(&c.t, r))
			c.rows[c.nrows++].r = r;
	rep->rows = (int)c.nrows;
	c.cp932 = c.t.detected == CSV_ENC_CP932;
	/* The write lock is taken before the rows are matched, so that what was checked is
	 * what gets written; a dry run only reads (or creates the new areas it needs inside
	 * a transaction it rolls back). */
	int kareas = imp_col_of_kind(ORG_COL_AREAS);
	if (!opts->dry_run || (opts->create_areas && c.col[kareas] >= 0)) {
		if ((rc = store_begin(st)) != 0)
			goto out;
		began = 1;
	}
	if ((rc = imp_areas_load(&c)) != 0 || (rc = imp_areas_create(&c, &created_areas)) != 0)
		goto out;
	c.no_pipe = created_areas > 0;	/* the checker's own connection would not see them */
	rc = imp_run(&c);
	for (size_t i = 0; i < c.nrows; i++) {
		rep->created += c.rows[i].action == IMP_CREATE;
		rep->updated += c.rows[i].action == IMP_UPDATE;
		rep->unchanged += c.rows[i].action == IMP_UNCHANGED;
	}
	if (rc != 0 || opts->dry_run)
		goto out;
	began = 0;
	rc = store_commit(st);
out:
	arena_free(c.areas_arena);
	if (began)
		store_rollback(st);
	if (opts->progress && c.nrows >= 1000) {
		fputc('\n', opts->progress);
		fflush(opts->progress);
	}
	if (rc != 0 && !opts->dry_run)
		rep->created = rep->updated = rep->unchanged = 0;
	for (size_t i = 0; c.rows && i < c.nrows; i++)
		for (int k = 0; k < IMP_KEY__MAX; k++)
			free(c.rows[i].key[k]);
	for (size_t i = 0; i < c.narenas; i++)
		arena_free(c.arenas[i]);
	free(c.arenas);
	free(c.rows);
	csv_table_free(&c.t);
	return rc;
}

int org_csv_import_file(struct store *st, const struct actor *who, const char *path,
			const struct org_import_opts *opts, struct org_import_report *rep)
{
	FILE *f = fopen(path, "rb");
	struct stat sb;
	const char *problem = NULL;
	if (!f)
		problem = N_("The file cannot be read.");
	else if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode))
		problem = N_("This is not a regular file.");
	else if ((unsigned long long)sb.st_size > ORG_IMPORT_MAX_FILE)
		problem = N_("The file is too large (over 512 MB).");
	char *data = NULL;
	size_t len = 0;
	if (!problem) {
		len = (size_t)sb.st_size;
		if (!(data = malloc(len + 1)) || fread(data, 1, len, f) != len)
			problem = N_("The file cannot be read.");
	}
	if (f)
		fclose(f);
	int rc;
	if (problem) {
		rep->nerrors++;
		buf_printf(&rep->errors, "%s: %s\n", path, opts->lang ? i18n_get(opts->lang, problem) : problem);
		rc = -1;
	} else {
		rc = org_csv_import(st, who, path, data, len, opts, rep);
	}
	free(data);
	return rc;
}
