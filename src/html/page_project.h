/* page_project: what the project screens share (page_project.c: list, page, forms;
 * page_project_side.c: a side's checklist and the stage move; page_project_public.c: the
 * public list and page, the API and the downloads). */
#ifndef KYODO_PAGE_PROJECT_H
#define KYODO_PAGE_PROJECT_H
#include "http/http.h"
#include "domain/project.h"
#include "domain/project_visibility.h"

extern const struct route project_routes[];
extern const struct route project_side_routes[];
extern const struct route project_docs_routes[];
extern const struct route project_public_routes[];

/* The project of path param 0 as the viewer may see it (404 when none or unseen; the same
 * answer), its access. -1 with the error page queued. */
int page_project_or_respond(struct req *r, struct resp *o, struct project *p, enum project_access *acc);
/* A stage for people (検討 …). */
const char *page_project_stage(struct req *r, enum project_stage s);
/* "令和6年度（2024年度）〜令和7年度（2025年度）", or one year. */
const char *page_project_years(struct req *r, const struct project *p);
/* The cautions (留意点) of the project's form for one kind of party (NULL: every kind, each
 * under its heading), as a section. 0 or a store_rc. */
int page_project_cautions(struct req *r, struct buf *b, const struct project *p, const char *party_kind);
/* The partners as a list of names with their kind of party. 0 or a store_rc. */
int page_project_partner_names(struct req *r, struct buf *b, const struct project *p);
/* page_project_docs.c: the documents the form requires, which are attached, and the
 * project's attachments with their upload form (staff page). 0 or a store_rc. */
int page_project_documents(struct req *r, struct buf *b, const struct project *p);
/* The files of a published project as download links (public page; nothing otherwise). */
int page_project_public_documents(struct req *r, struct buf *b, const struct project *p);
#endif
