/* page_project_eval: what the report, evaluation, figures and ties screens share
 * (page_project_eval.c: the evaluation in three steps and its public page;
 * page_project_report.c: progress and final reports; page_project_figures.c: the yearly
 * figures; page_project_eval_ties.c: the registry's ties and the city's criteria). */
#ifndef KYODO_PAGE_PROJECT_EVAL_H
#define KYODO_PAGE_PROJECT_EVAL_H
#include "http/http.h"
#include "domain/project.h"

/* The page_versions scope of the public project pages (domain/project_internal.h's
 * PROJECT_PAGE_SCOPE): a publication of an evaluation moves it. */
#define PEVAL_PAGE_SCOPE "projects"

extern const struct route project_eval_routes[];
extern const struct route project_report_routes[];
extern const struct route project_figures_routes[];
extern const struct route project_ties_routes[];

/* The project of path param 0 as the viewer sees it: 404 when none or unseen (the same
 * answer). -1 with the error page queued. */
int page_peval_project(struct req *r, struct resp *o, struct project *p);
/* The sub-navigation of a project's pages (project, reports, evaluation). */
void page_peval_nav(struct req *r, struct buf *b, const struct project *p, const char *current);
/* A side's name as the domain gave it, or what it is when the viewer does not read its
 * name (a partner outside the public directory, to the public). */
const char *page_peval_side(struct req *r, const char *name);
/* A committee member's name, or 委員A … (no: project_score.member_no) when unsigned. */
const char *page_peval_member(struct req *r, const char *name, int no);
/* The published evaluation and reports of a project for the public page (nothing when
 * unpublished). 0 or a store_rc. */
int page_peval_public_block(struct req *r, struct buf *b, long long project_id);
/* page_project_report.c: the reports of a project for the public page, once its
 * evaluation is published (nothing before). 0 or a store_rc. */
int page_preport_public_block(struct req *r, struct buf *b, long long project_id);
/* The published evaluations of the projects serving a plan item in year fy (the item's
 * yearly record); nothing when none. 0 or a store_rc. */
/* The published evaluations of the projects serving any item of plan plan_id in year fy
 * (the plan's public yearly report and its print version). 0 or a store_rc. */
int page_peval_report_block(struct req *r, struct buf *b, long long plan_id, int fy);
int page_peval_item_block(struct req *r, struct buf *b, long long item_id, int fy);
#endif
