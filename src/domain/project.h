/* project: collaboration projects (協働事業) under the city's rulebook — the shared model
 * of the project module (sql/0014_projects.sql). A project has a title, purpose and goals,
 * fiscal years, a lead department (and its division), partners from the registry (each
 * with its role, what it brings and the responsibilities agreed), a form of collaboration
 * (協働の形態), a zone of the map (協働領域), budget lines with who pays, the plan items it
 * serves, and a stage: 検討 → 計画 → 実施 → 評価 → 完了, or 中止 with a reason.
 *
 * Files of the module: project.c (loading, saving, partners, budget, plan links),
 * project_stage.c (the stage machine and the checklists), project_rules.c (the form's
 * rules: documents, cautions per party kind), project_visibility.c (who sees what — the
 * one rule every surface uses), project_import.c / io/project_export.c (CSV in and out),
 * project_stats.c (counts per year), project_awaits.c (what awaits whom on the start page).
 * Every write is audited in its transaction (entity "project"); every reader applies
 * project_visibility.h. */
#ifndef KYODO_PROJECT_H
#define KYODO_PROJECT_H
#include "domain/actor.h"
#include "domain/attach.h"
struct store;
struct arena;
struct problems;

/* ---- stages ---- */
enum project_stage {
	PSTAGE_CONSIDER,	/* 検討: 協働を考えている (checklist) */
	PSTAGE_PLAN,		/* 計画: 計画段階 (checklist) */
	PSTAGE_RUN,		/* 実施: 実施段階 (checklist) */
	PSTAGE_EVALUATE,	/* 評価 */
	PSTAGE_DONE,		/* 完了 */
	PSTAGE_STOPPED,		/* 中止 (with a reason) */
	PSTAGE__MAX
};
/* Stored codes: "consider","plan","run","evaluate","done","stopped". */
extern const char *const project_stage_names[PSTAGE__MAX];
/* English msgids for people ("Consideration" → 検討 …), through T(). */
extern const char *const project_stage_msgids[PSTAGE__MAX];
/* The code, or the Japanese label as files write it (検討, 計画, 実施, 評価, 完了, 中止). */
int project_stage_parse(const char *s, enum project_stage *out);
/* 1 for the stages with a checklist (検討, 計画, 実施). */
int project_stage_has_checklist(enum project_stage s);

/* The stage machine as a table of allowed moves; anything else is refused. */
struct project_move {
	enum project_stage from, to;
	int needs_reason;	/* 1: a reason is always required (中止) */
	int checks_list;	/* 1: leaving `from` checks its checklist: with points not agreed
				   the move needs force and a reason */
	int rules;		/* PMOVE_*: what else the move needs; missing, as open points */
};
#define PMOVE_DOCUMENTS 1	/* the form's documents needed before 実施 are attached */
#define PMOVE_CLOSED 2		/* the joint final report completed, the evaluation published */
/* One thing a move's rules need that is not there yet (project_move_missing). */
struct project_missing {
	const char *msgid;	/* what is missing, in words (English msgid) */
	const char *name;	/* the document's name, or NULL */
};
extern const struct project_move project_moves[];
extern const int project_nmoves;
const struct project_move *project_move_find(enum project_stage from, enum project_stage to);

/* ---- reference data (editable by the collaboration division) ---- */
struct project_form {
	char *code, *label, *summary, *money_flow;
	int pos;
};
struct project_zone {
	char *code, *label, *summary;
	int pos;
};
struct project_party_kind {
	char *code, *label;
	int pos;
};
struct project_document {	/* a document a form requires */
	long long id;		/* project_form_documents.id: what a file is marked as */
	char *kind;		/* "agreement","budget","plan","application","report","other" */
	char *name;
	int pos;
	int before_run;		/* needed before the project moves into 実施 (project_document_before_run) */
	int attached;		/* project_documents_state: files of the project marked as it */
};
struct project_caution {	/* 留意点: one point a kind of party must watch in a form */
	long long id;
	char *form, *party_kind;	/* party_kind "" = every party (共通) */
	char *text;
	int pos;
};
struct project_point {		/* a checklist point */
	long long id;
	enum project_stage stage;
	int pos;
	char *text;
};
/* Lists in display order (forms in the rulebook's order, zones in map order), from a.
 * 0 or a store_rc. */
int project_forms_list(struct store *st, struct arena *a, struct project_form **out, int *n);
int project_zones_list(struct store *st, struct arena *a, struct project_zone **out, int *n);
int project_party_kinds_list(struct store *st, struct arena *a, struct project_party_kind **out, int *n);
int project_documents_of(struct store *st, struct arena *a, const char *form, struct project_document **out, int *n);
/* The cautions of form for party_kind (NULL: all of them); common ones (共通) included. */
int project_cautions_of(struct store *st, struct arena *a, const char *form, const char *party_kind,
			struct project_caution **out, int *n);
int project_points_of(struct store *st, struct arena *a, enum project_stage stage, struct project_point **out, int *n);
/* The party kind (code) of a registry kind (orgs.kind); "civic" when not mapped. */
int project_party_kind_of(struct store *st, struct arena *a, const char *org_kind, char **out);
/* Editing (the collaboration division only; audited). */
int project_caution_save(struct store *st, const struct actor *who, long long id, const char *form,
			 const char *party_kind, const char *text, struct problems *pr);
int project_caution_delete(struct store *st, const struct actor *who, long long id);
int project_point_save(struct store *st, const struct actor *who, long long id, enum project_stage stage,
		       const char *text, struct problems *pr);
int project_point_retire(struct store *st, const struct actor *who, long long id);

/* ---- a project ---- */
struct project {
	long long id;
	char *title, *purpose, *goals;
	int fy_start, fy_end;
	long long department_id;
	char *department_name, *division;
	char *form, *form_label;
	char *zone, *zone_label;
	enum project_stage stage;
	char *stop_reason;
	long long budget;	/* yen; -1 when not known */
	int published;
	char *created_at, *updated_at;
};
struct project_partner {
	long long id, org_id;
	char *org_name, *org_kind;
	char *party_kind, *party_label;	/* the rulebook's kind of party (project_party_kinds) */
	char *role, *responsibilities;
	int brings_people, brings_money, brings_venue, brings_knowhow;
	int org_public;		/* the actor is in the public directory */
};
struct project_budget_line {
	long long id;
	int fy;
	char *item, *note;
	long long amount;
	long long payer_org_id;	/* 0 = the city */
	char *payer_name;	/* the actor's name, or "" for the city */
};
struct project_plan_link {
	long long item_id, plan_id;
	char *plan_title, *code, *title;
};
struct project_stage_entry {
	char *at, *actor, *reason;
	enum project_stage from, to;
	int forced, open_points;
};

/* Loads project id for viewer who (NULL: the command line). 0; STORE_ERR (-1) when there
 * is none or the viewer may not see it (the same answer: nobody learns that an unseen
 * project exists); another store_rc for database trouble. */
int project_load(struct store *st, struct arena *a, const struct actor *who, long long id, struct project *out);
int project_partners_of(struct store *st, struct arena *a, long long project_id, struct project_partner **out, int *n);
int project_budget_of(struct store *st, struct arena *a, long long project_id, struct project_budget_line **out, int *n);
int project_links_of(struct store *st, struct arena *a, long long project_id, struct project_plan_link **out, int *n);
int project_stage_log_of(struct store *st, struct arena *a, long long project_id, struct project_stage_entry **out, int *n);

/* The projects the viewer may see, newest first; fy > 0: those running in that fiscal
 * year; published_only: the public list whatever the viewer; department_id > 0: that
 * department's; page from 0, per page rows (more set when there are more). */
struct project_query {
	int fy;
	int published_only;
	long long department_id;
	long long org_id;	/* > 0: projects with this actor as partner */
	int page, per_page;
	/* NULL or "": any. stage and form are codes ("run", "cooperation"), department the
	 * lead department's name, text words in the title or the purpose (as typed). */
	const char *stage, *form, *department, *text;
};
int project_list(struct store *st, struct arena *a, const struct actor *who, const struct project_query *q,
		 struct project **out, int *n, int *more);
/* How many projects project_list would list over all pages (or a store_rc < 0). */
long long project_count(struct store *st, const struct actor *who, const struct project_query *q);
/* The one actor of the registry named name: its id; 0 when none; -2 when several. */
long long project_find_org(struct store *st, const char *name);
/* The one plan item with this code (in any plan): its id; 0 none; -2 in several plans. */
long long project_find_item(struct store *st, const char *code);
/* The projects serving plan item item_id that the viewer may see. */
int project_list_for_item(struct store *st, struct arena *a, const struct actor *who, long long item_id,
			  struct project **out, int *n);

/* Input of the new/edit form; strings as typed. */
struct project_input {
	const char *title, *purpose, *goals, *fy_start, *fy_end, *department, *division, *form, *zone, *budget;
	int published;
};
/* Creates (id 0) or updates a project. The lead department: staff may only create and edit
 * their own department's projects; the division any. Problems name the input (title,
 * fy_start, fy_end, department, form, zone, budget). 0, -1 with problems, or a store_rc.
 * Sets *id to the project's id. */
int project_save(struct store *st, const struct actor *who, long long id, const struct project_input *in,
		 long long *id_out, struct problems *pr);
/* Whether the viewer may edit the project (its details, partners, budget, links, stage). */
int project_may_edit(const struct actor *who, const struct project *p);

struct project_partner_input {
	const char *role, *responsibilities;
	int brings_people, brings_money, brings_venue, brings_knowhow;
};
/* Adds an actor of the registry as partner (notices its group accounts), updates or
 * removes it (its checklist answers go with it). 0, -1 with problems, or a store_rc. */
int project_partner_add(struct store *st, const struct actor *who, long long project_id, long long org_id,
			const struct project_partner_input *in, struct problems *pr);
int project_partner_update(struct store *st, const struct actor *who, long long project_id, long long org_id,
			   const struct project_partner_input *in, struct problems *pr);
int project_partner_remove(struct store *st, const struct actor *who, long long project_id, long long org_id);

/* A budget line: payer 0 = the city, else a partner's actor id. */
int project_budget_add(struct store *st, const struct actor *who, long long project_id, const char *fy,
		       const char *item, const char *amount, long long payer_org_id, const char *note,
		       struct problems *pr);
int project_budget_remove(struct store *st, const struct actor *who, long long project_id, long long line_id);
/* Link to / unlink from a plan item. */
int project_link_item(struct store *st, const struct actor *who, long long project_id, long long item_id);
int project_unlink_item(struct store *st, const struct actor *who, long long project_id, long long item_id);
/* Publish or withdraw (the lead department or the division). */
int project_set_published(struct store *st, const struct actor *who, long long project_id, int published);

/* ---- checklists (project_stage.c) ---- */
/* A side of a project: the lead department (org_id 0) or a partner. */
struct project_side {
	long long org_id;	/* 0 = the lead department */
	char *name;
	char *party_kind;	/* "city" for the lead department */
};
struct project_check {
	long long point_id, side_org_id;
	int agreed;
	char *comment, *updated_at, *updated_by;
};
/* The sides that answer a project's checklists: the lead department first, then the
 * partners in order. */
int project_sides_of(struct store *st, struct arena *a, long long project_id, struct project_side **out, int *n);
/* Every answer given for stage's points (all sides). */
int project_checks_of(struct store *st, struct arena *a, long long project_id, enum project_stage stage,
		      struct project_check **out, int *n);
/* The side the viewer answers for in this project: 0 for the lead department's staff, the
 * group's actor id for a partner's account; -1 when the viewer answers for no side. */
long long project_side_of(struct store *st, const struct actor *who, const struct project *p);
/* Ticks or unticks (agreed) point_id with a comment, for the viewer's own side. Only in
 * the point's stage while the project is in it. 0, -1 with problems, or a store_rc. */
int project_check_set(struct store *st, const struct actor *who, long long project_id, long long point_id,
		      int agreed, const char *comment, struct problems *pr);

/* What is not yet agreed in the project's current stage, and by whom. */
struct project_open_point {
	long long point_id;
	char *text;
	long long side_org_id;
	char *side_name;
};
int project_open_points(struct store *st, struct arena *a, long long project_id, enum project_stage stage,
			struct project_open_point **out, int *n);

/* What the rules of the move of p to `to` need and p lacks (none for a move that has no
 * rules, or is not allowed). Read without regard to the viewer: the caller decided that
 * the viewer may move the project. 0 or a store_rc. */
int project_move_missing(struct store *st, struct arena *a, const struct project *p, enum project_stage to,
			 struct project_missing **out, int *n);
/* Moves the project to `to` (the lead department or the division). The move must be in
 * project_moves; 中止 needs a reason; leaving a stage whose checklist has points not agreed
 * by every side, or with something its rules need missing (project_move_missing), needs
 * force = 1 and a reason (logged forced with the count of both, audited with the missing
 * items). Notices the
 * partners and the lead department. 0, -1 with problems (field "to", "reason" or "force"),
 * or a store_rc. */
int project_move_stage(struct store *st, const struct actor *who, long long project_id, enum project_stage to,
		       const char *reason, int force, struct problems *pr);

/* ---- what awaits a side (project_awaits.c) ---- */
struct project_await {
	long long project_id;
	char *title;
	enum project_stage stage;
	int open;		/* points of the stage the viewer's side has not agreed */
};
/* The projects where the viewer's side (a lead department's staff, a partner's group
 * account) has checklist points of the current stage not yet agreed; total: the points.
 * Other viewers: none. 0 or a store_rc. */
int project_awaits(struct store *st, struct arena *a, const struct actor *who, struct project_await **out, int *n,
		   int *total);

/* ---- documents (project_attach.c): the attachments kind "project" ---- */
/* May who view / add / remove the project's documents (the project's own rule: viewers of
 * the project view; the lead department, the division and the partners add and remove)?
 * 1, 0, ATTACH_NOT_FOUND (no such project) or a store_rc. */
int project_attach_may(struct store *st, const struct actor *who, long long owner_id, enum attach_op op);
/* 1 while the project is published (its documents are public), 0, or a store_rc. */
int project_attach_public(struct store *st, long long owner_id);
const char *project_attach_page(struct arena *a, const struct actor *who, long long owner_id);
/* In an attachment's transaction: moves the public pages' version when the project is
 * published (hard when a file was removed). 0 or a store_rc. */
int project_attach_changed(struct store *st, long long owner_id, int removed);
/* The kind's mark hook (struct attach_kind.mark): what is "" (not said: refused, the
 * uploader must choose), "other" (その他: none of the form's documents, no mark) or the
 * id of one of the project's form's documents (refused when it is not one), written in
 * the upload's transaction and audited (entity "project", action "document"). */
int project_attach_mark(struct store *st, const struct actor *who, long long owner_id, long long attachment_id,
			const char *what, const char **err);
#define PROJECT_DOC_OTHER "other"	/* what: その他 */
/* Changes what file attachment_id of project project_id is (what as above), for whoever
 * may remove it (attach_may_remove: the uploading side, the lead department, the
 * division), checked again under the write lock; audited (entity "project", action
 * "document", before and after). 0, ATTACH_REFUSED with *err, ATTACH_FORBIDDEN,
 * ATTACH_NOT_FOUND (no such file of the project for this viewer) or a store_rc. */
int project_attach_remark(struct store *st, const struct actor *who, long long project_id, long long attachment_id,
			  const char *what, const char **err);
/* 1 when a document of this kind must be attached before the project moves into 実施:
 * the agreement (協定書・契約書) and the budget (予算書) — what the form table's kinds say. */
int project_document_before_run(const char *kind);
/* The documents of form, each with how many files of project_id are marked as it
 * (attached) and whether it is needed before 実施. The caller has checked that the viewer
 * sees the project's documents. 0 or a store_rc. */
int project_documents_state(struct store *st, struct arena *a, long long project_id, const char *form,
			    struct project_document **out, int *n);
/* What each file of project_id is marked as: attachment id → document id. */
struct project_doc_mark {
	long long attachment_id, document_id;
};
int project_doc_marks_of(struct store *st, struct arena *a, long long project_id, struct project_doc_mark **out,
			 int *n);

#endif
