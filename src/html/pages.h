/* pages: the route tables of the plan, round, rollup, report, API and admin screens
 * (listed in http/routes.c), and the few helpers those screens share (page_plan.c and
 * page_rollup.c define them). */
#ifndef KYODO_PAGES_H
#define KYODO_PAGES_H
#include "http/http.h"
#include "domain/plan.h"

extern const struct route plan_routes[];
extern const struct route round_routes[];
extern const struct route publish_routes[];	/* page_publish.c: the publish confirmation, reminders */
extern const struct route rollup_routes[];
extern const struct route report_routes[];
extern const struct route report_print_routes[];	/* page_report_print.c: print version, downloads */
extern const struct route api_routes[];
extern const struct route admin_routes[];
extern const struct route audit_routes[];	/* page_audit.c: the audit log in words */
extern const struct route directory_routes[];	/* page_directory.c: the public directory */
extern const struct route group_stats_routes[];	/* page_group_stats.c: statistics of the groups */
extern const struct route org_routes[];	/* page_org.c: application, a group's own profile */
extern const struct route center_routes[];	/* page_center.c: the center's registry screens */
extern const struct route center_settings_routes[];	/* page_center_settings.c: the registry's settings */
extern const struct route confirm_routes[];	/* page_confirm.c: the yearly confirmation, letters, labels */
extern const struct route notice_routes[];	/* page_notice.c: each person's notices and their choice */
extern const struct route mail_routes[];	/* page_mail.c: the admin's mail settings and log */
extern const struct route attach_routes[];	/* page_attach.c: upload, download, removal of attachments */

/* page_attach.c: an owner's attachments — the list, remove buttons and the upload form, as
 * far as the viewer may see and act (nothing when it may not see them) — for the owner's
 * page to call where its documents belong: page_attach_section(r, b, "org", id). 0 or a
 * store_rc. */
int page_attach_section(struct req *r, struct buf *b, const char *kind, long long owner_id);
/* The same, the upload form asking what the file is (a required select "what" before the
 * file, for the kind's mark hook: domain/attach.h); opts are plain text, escaped here. */
struct form_ui_option;
struct attach_what {
	const char *label, *hint;	/* translated */
	const struct form_ui_option *opts;
	int n;
};
int page_attach_section_as(struct req *r, struct buf *b, const char *kind, long long owner_id,
			   const struct attach_what *what);
extern const struct route project_routes[];	/* page_project.c: collaboration projects, staff */
extern const struct route project_side_routes[];	/* page_project_side.c: a side's checklist, stage moves, guidance */
extern const struct route project_docs_routes[];	/* page_project_docs.c: what a project's file is */
extern const struct route project_public_routes[];	/* page_project_public.c: public list, page, API */
/* page_project_side.c: the projects serving a plan item, as a section (nothing when none). */
int page_project_item_block(struct req *r, struct buf *b, long long item_id);

/* page_plan.c */
/* The plan of path param i; on failure the 404/503/500 page is queued and -1 returned. */
int page_plan_or_respond(struct req *r, struct resp *o, int i, struct plan **p);
/* A fiscal year as typed ("2023", "R5", "令和5年度"); within the plan's period when p is
 * given. On failure a 404 page is queued and -1 returned. */
int page_fy_or_respond(struct req *r, struct resp *o, const struct plan *p, const char *s, int *fy);
/* A domain return code that is not 0 or -1: PLAN_NOT_FOUND → 404, STORE_BUSY → 503, else 500. */
int page_domain_error(struct req *r, struct resp *o, int rc);
/* The year a plan's pages open on: the year being asked for (its latest open round), else
 * this fiscal year within the plan's period. */
int page_default_fy(struct req *r, const struct plan *p);
/* "令和5年度（2023年度）" into out: the form every screen shows a fiscal year in. */
void page_fy_label(int fy, char *out, size_t n);
/* The tree as an accessible table; cols says which optional columns to show. */
enum page_tree_cols { PAGE_TREE_EDIT = 1 << 0, PAGE_TREE_BRANCH_NOTES = 1 << 1 };
/* A branch's outcomes (成果) and problems (課題) for the tree's year, as paragraphs. */
void page_branch_notes(struct req *r, struct buf *b, const struct plan_node *nd);
void page_tree_table(struct req *r, struct buf *b, const struct plan_tree *t, const char *caption, unsigned cols);
/* The same table a row at a time: begin, a row per node (from a tree or a walk), end. */
void page_tree_begin(struct req *r, struct buf *b, const char *caption, unsigned cols);
void page_tree_row(struct req *r, struct buf *b, const struct plan *p, const struct plan_node *nd, unsigned cols);
void page_tree_end(struct buf *b);
/* Rows per page of the long item lists (a plan may hold 100,000 items). */
#define PAGE_TREE_ROWS 500
/* Page ?page=N of the whole plan's tree table for fy, as r's viewer sees it, with links to
 * the pages around it (base: the page's own URL, escaped for an attribute). 0 or a store_rc. */
int page_tree_paged(struct req *r, struct buf *b, const struct plan *p, int fy, const char *caption, unsigned cols,
		    const char *base);
/* ?page=N: 1 when absent or not a number, at most PAGE_NUMBER_MAX (so that an offset
 * (N - 1) × rows never overflows); every paged list reads its page here. */
#define PAGE_NUMBER_MAX 100000
long long page_number(struct req *r);
/* "Page 2 / 7" with previous / next links (nothing when everything fits on one page). */
void page_pager(struct req *r, struct buf *b, const char *base, long long page, long long total, long long per_page);

/* A download's Content-Disposition: ascii as the plain name, words (UTF-8, e.g. the plan's
 * title) as the name browsers show (RFC 5987 filename*). */
const char *page_disposition(struct req *r, const char *ascii, const char *words);
/* A plan year's table as a download (io/plan_export.h), as r's viewer may see it, streamed
 * through a spool file; named what it is, differently per encoding. Always 0. */
#include "io/plan_export.h"
int page_export_send(struct req *r, struct resp *o, const struct plan *p, int fy, enum export_format f,
		     enum export_layout l);
/* The departments a form may choose (value and label: the name), in kana order; a retired
 * one only when it is current (the item's own). Options from the arena. */
struct form_ui_option;
int page_department_options(struct req *r, const char *current, struct form_ui_option **out);

/* page_audit.c: who did it, in words: "コマンドライン（admin）" for "cli:admin", "申請者（login）"
 * for "applicant:login", "一般の利用者" for the public; a login as it is. */
const char *page_actor_text(struct req *r, const char *actor);

/* page_opinion.c: the committee's opinions on year fy of p (item 0) or on one item, as the
 * viewer may read them, and for a committee member while the year is not published
 * (published 0) the form of their own (e: its problems after a rejected POST). Nothing
 * for a viewer with nothing to read or write. 0 or a store_rc. */
struct problems;
int page_opinions(struct req *r, struct buf *b, const struct plan *p, int fy, long long item, int published,
		  const struct problems *e);
/* Every opinion of a published year, for the report: on the year, then item by item. */
int page_opinions_report(struct req *r, struct buf *b, const struct plan *p, int fy);

/* page_rollup.c */
/* A rollup table (caption, counts, percentages, total row) followed by its SVG chart. */
void page_rollup_block(struct req *r, struct buf *b, const struct rollup *ru, const char *caption);
/* The 速報 note of a rollup of a year not yet published (and how many answers it leaves
 * out for this viewer); nothing for a published year. page_rollup_block writes it. */
void page_rollup_note(struct req *r, struct buf *b, const struct rollup *ru);
int page_rollup_by_parse(const char *s, enum rollup_by *by);
#endif
