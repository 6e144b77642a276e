/* page_project_eval: the evaluation of a collaboration project in three steps —
 * /projects/{id}/evaluation shows where it stands, each side's self-evaluation form (step
 * 1), the joint review with the sides' scores side by side and where they differ (step 2),
 * the committee's assignment and scores (step 3) and the division's publication; and
 * /public/projects/{id}/evaluation, the published result for everyone (page cache). What
 * each viewer sees comes from domain/project_eval_visibility.h through
 * project_evaluation_of. */
#include "html/pages.h"
#include "html/page_project_eval.h"
#include "html/form_ui.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/page_cache.h"
#include "html/when.h"
#include "domain/project_eval.h"
#include "domain/project_visibility.h"
#include "domain/version.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct page_cache peval_cache = PAGE_CACHE_INIT_REFRESH("project evaluations", 256, 16u << 20,
								PAGE_CACHE_REFRESH_MS);

int page_peval_project(struct req *r, struct resp *o, struct project *p)
{
	long long id = req_param_id(r, 0);
	int rc = id > 0 ? project_load(r->st, r->a, &r->who, id, p) : STORE_ERR;
	if (rc == STORE_ERR) {
		resp_error(r, o, 404, NULL);
		return -1;
	}
	if (rc != 0) {
		page_domain_error(r, o, rc);
		return -1;
	}
	return 0;
}

void page_peval_nav(struct req *r, struct buf *b, const struct project *p, const char *current)
{
	static const struct {
		const char *suffix, *msgid;
	} tabs[] = { { "", N_("Project") }, { "/reports", N_("Reports") }, { "/evaluation", N_("Evaluation") } };
	html_printf(b, "<nav class=\"local-nav\" aria-label=\"%s\"><ul>\n", T(r, "The project's pages"));
	for (size_t i = 0; i < sizeof tabs / sizeof tabs[0]; i++)
		html_printf(b, "<li><a href=\"/projects/%lld%s\"%S>%s</a></li>\n", p->id, tabs[i].suffix,
			    strcmp(current, tabs[i].suffix) == 0 ? " aria-current=\"page\"" : "", T(r, tabs[i].msgid));
	buf_puts(b, "</ul></nav>\n");
}

/* ---- reading what the viewer may see ---- */

static const struct project_score *score_of(const struct project_evaluation *ev, enum peval_kind kind,
					    long long side, long long user, long long criterion)
{
	for (int i = 0; i < ev->nscores; i++) {
		const struct project_score *s = &ev->scores[i];
		if (s->kind == kind && s->side_org_id == side && s->user_id == user && s->criterion_id == criterion)
			return s;
	}
	return NULL;
}

static int score_of_any(const struct project_evaluation *ev, enum peval_kind kind, long long side, long long user)
{
	for (int i = 0; i < ev->nscores; i++)
		if (ev->scores[i].kind == kind && ev->scores[i].side_org_id == side && ev->scores[i].user_id == user)
			return 1;
	return 0;
}

static const struct project_joint *joint_of(const struct project_evaluation *ev, long long criterion)
{
	for (int i = 0; i < ev->njoint; i++)
		if (ev->joint[i].criterion_id == criterion)
			return &ev->joint[i];
	return NULL;
}

static int handed_in(const struct project_evaluation *ev, enum peval_kind kind, long long side, long long user)
{
	for (int i = 0; i < ev->nsubs; i++)
		if (ev->subs[i].kind == kind && ev->subs[i].side_org_id == side && ev->subs[i].user_id == user)
			return 1;
	return 0;
}

/* The evaluators of kind whose scores the viewer sees: distinct (side, user, name). */
struct evaluator {
	long long side, user;
	const char *name;
};
const char *page_peval_side(struct req *r, const char *name)
{
	return name && *name ? name : T(r, "A partner not in the public directory");
}

/* A committee member as the viewer reads them: the name, or 委員A, 委員B … when the rule
 * keeps the names back (project_eval_visibility.h). */
const char *page_peval_member(struct req *r, const char *name, int no)
{
	if (name && *name)
		return name;
	char label[16];
	if (no >= 1 && no <= 26)
		snprintf(label, sizeof label, "%c", 'A' + no - 1);
	else
		snprintf(label, sizeof label, "%d", no);
	return arena_printf(r->a, T(r, "Committee member %s"), label);
}

static const char *evaluator_name(struct req *r, enum peval_kind kind, const char *by_name, int member_no)
{
	return kind == PEVAL_SELF ? page_peval_side(r, by_name) : page_peval_member(r, by_name, member_no);
}

static int evaluators(struct req *r, const struct project_evaluation *ev, enum peval_kind kind, struct evaluator **out)
{
	*out = arena_alloc(r->a, (size_t)(ev->nscores + 1) * sizeof **out);
	int n = 0;
	for (int i = 0; *out && i < ev->nscores; i++) {
		const struct project_score *s = &ev->scores[i];
		if (s->kind != kind)
			continue;
		int seen = 0;
		for (int j = 0; j < n && !seen; j++)
			seen = (*out)[j].side == s->side_org_id && (*out)[j].user == s->user_id;
		if (!seen)
			(*out)[n++] = (struct evaluator){ s->side_org_id, s->user_id,
							  evaluator_name(r, kind, s->by_name, s->member_no) };
	}
	return n;
}

/* The scores side by side: a row per criterion, a column per evaluator of kind, and, for
 * the self-evaluations, the spread (最大 − 最小) marked where the sides differ by two or
 * more, then what the joint review agreed. */
static void scores_table(struct req *r, struct buf *b, const struct project_evaluation *ev, enum peval_kind kind,
			 const char *caption)
{
	struct evaluator *who;
	int n = evaluators(r, ev, kind, &who);
	if (n == 0)
		return;
	int self = kind == PEVAL_SELF;
	html_printf(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">\n"
		       "<table class=\"scores\">\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>",
		    caption, caption, T(r, "Criterion"));
	for (int j = 0; j < n; j++)
		html_printf(b, "<th scope=\"col\">%s</th>", who[j].name);
	if (self)
		html_printf(b, "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>", T(r, "Difference"),
			    T(r, "Agreed in the joint review"));
	buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (int i = 0; i < ev->ncriteria; i++) {
		const struct project_criterion *c = &ev->criteria[i];
		html_printf(b, "<tr><th scope=\"row\">%s</th>", c->name);
		int lo = 99, hi = 0;
		for (int j = 0; j < n; j++) {
			const struct project_score *s = score_of(ev, kind, who[j].side, who[j].user, c->id);
			if (!s) {
				html_printf(b, "<td>%s</td>", T(r, "Not scored"));
				continue;
			}
			lo = s->score < lo ? s->score : lo;
			hi = s->score > hi ? s->score : hi;
			html_printf(b, "<td><span class=\"score\">%d / %d</span>", s->score, c->scale_max);
			if (*s->comment) {
				buf_puts(b, "<br><span class=\"comment\">");
				html_text_br(b, s->comment);
				buf_puts(b, "</span>");
			}
			buf_puts(b, "</td>");
		}
		if (self) {
			if (hi == 0)
				buf_puts(b, "<td>—</td>");
			else if (hi - lo >= 2)
				html_printf(b, "<td class=\"differs\"><strong>%d</strong> %s</td>", hi - lo,
					    T(r, "(the sides differ: talk it over)"));
			else
				html_printf(b, "<td>%d</td>", hi - lo);
			const struct project_joint *jt = joint_of(ev, c->id);
			if (!jt)
				html_printf(b, "<td>%s</td>", T(r, "Not yet recorded"));
			else {
				buf_puts(b, "<td>");
				if (jt->score)
					html_printf(b, "<span class=\"score\">%d / %d</span><br>", jt->score, c->scale_max);
				html_text_br(b, jt->agreed);
				buf_puts(b, "</td>");
			}
		}
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
	for (int i = 0; i < ev->nsubs; i++)
		if (ev->subs[i].kind == kind && *ev->subs[i].overall) {
			html_printf(b, "<p class=\"overall\"><strong>%s</strong>：",
				    evaluator_name(r, kind, ev->subs[i].by_name, ev->subs[i].member_no));
			html_text_br(b, ev->subs[i].overall);
			buf_puts(b, "</p>\n");
		}
}

/* ---- the forms ---- */

static struct form_ui_option *score_options(struct req *r, int scale)
{
	struct form_ui_option *o = arena_alloc(r->a, (size_t)scale * sizeof *o);
	for (int i = 0; o && i < scale; i++) {
		o[i].value = arena_printf(r->a, "%d", i + 1);
		o[i].label = arena_printf(r->a, "%d", i + 1);
	}
	return o;
}

/* The score form of one evaluator (a side's self-evaluation, or a member's). */
static void score_form(struct req *r, struct buf *b, const struct project *p, const struct project_evaluation *ev,
		       enum peval_kind kind, long long side, long long user, const char *action, const char *title,
		       const struct problems *e)
{
	html_printf(b, "<section aria-labelledby=\"form-%s\">\n<h2 id=\"form-%s\">%s</h2>\n", kind == PEVAL_SELF ? "self" : "cm",
		    kind == PEVAL_SELF ? "self" : "cm", title);
	if (handed_in(ev, kind, side, user))
		html_printf(b, "<p class=\"status\">%s</p>\n", T(r, "Handed in. You can still correct it and hand it in again."));
	else if (kind == PEVAL_SELF && score_of_any(ev, kind, side, user))
		html_printf(b, "<p class=\"status\">%s</p>\n",
			    T(r, "Saved as a draft: no one outside your side reads it until you hand it in."));
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	form_ui_open(&f, action, NULL);
	for (int i = 0; i < ev->ncriteria; i++) {
		const struct project_criterion *c = &ev->criteria[i];
		const struct project_score *s = score_of(ev, kind, side, user, c->id);
		form_ui_group_open(&f, c->name, c->guide);
		form_ui_select(&f,
			       &(struct form_ui_field){ .name = arena_printf(r->a, "score_%lld", c->id),
							.label = T(r, "Score"),
							.value = s ? arena_printf(r->a, "%d", s->score) : "" },
			       score_options(r, c->scale_max), c->scale_max, T(r, "(not scored)"));
		form_ui_textarea(&f, &(struct form_ui_field){ .name = arena_printf(r->a, "comment_%lld", c->id),
							      .label = T(r, "Comment"), .value = s ? s->comment : "",
							      .rows = 3 });
		form_ui_group_close(&f);
	}
	const char *overall = ev->draft_overall ? ev->draft_overall : "";	/* a draft's own, kept */
	for (int i = 0; i < ev->nsubs; i++)
		if (ev->subs[i].kind == kind && ev->subs[i].side_org_id == side && ev->subs[i].user_id == user)
			overall = ev->subs[i].overall;
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "overall", .label = T(r, "Overall comment"),
						      .value = overall, .rows = 4 });
	struct form_ui_action acts[] = { { "submit", "1", T(r, "Hand in"), 0 },
					 { "submit", "0", T(r, "Save without handing in"), FORM_UI_SECONDARY } };
	form_ui_actions(&f, acts, 2);
	form_ui_close(&f);
	(void)p;
	buf_puts(b, "</section>\n");
}

/* The joint review's form: what the sides agree on each criterion. */
static void joint_form(struct req *r, struct buf *b, const struct project *p, const struct project_evaluation *ev,
		       const struct problems *e)
{
	html_printf(b, "<h3>%s</h3>\n", T(r, "Record what the sides agree"));
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	f.idp = "j-";
	form_ui_open(&f, arena_printf(r->a, "/projects/%lld/evaluation/joint", p->id), NULL);
	for (int i = 0; i < ev->ncriteria; i++) {
		const struct project_criterion *c = &ev->criteria[i];
		const struct project_joint *jt = joint_of(ev, c->id);
		form_ui_group_open(&f, c->name, NULL);
		form_ui_select(&f,
			       &(struct form_ui_field){ .name = arena_printf(r->a, "jscore_%lld", c->id),
							.label = T(r, "Agreed score"),
							.value = jt && jt->score ? arena_printf(r->a, "%d", jt->score) : "" },
			       score_options(r, c->scale_max), c->scale_max, T(r, "(no score)"));
		form_ui_textarea(&f, &(struct form_ui_field){ .name = arena_printf(r->a, "agreed_%lld", c->id),
							      .label = T(r, "What the sides agree"),
							      .value = jt ? jt->agreed : "", .rows = 3 });
		form_ui_group_close(&f);
	}
	form_ui_submit(&f, T(r, "Save the joint review"), NULL, NULL);
	form_ui_close(&f);
	form_ui_init(&f, r, b, NULL);
	form_ui_button(&f, arena_printf(r->a, "/projects/%lld/evaluation/joint/close", p->id),
		       T(r, "Close the joint review"), NULL, FORM_UI_SECONDARY, NULL);
}

static void committee_block(struct req *r, struct buf *b, const struct project *p, const struct project_evaluation *ev,
			    const struct problems *e)
{
	html_printf(b, "<section aria-labelledby=\"step3\">\n<h2 id=\"step3\">%s</h2>\n",
		    T(r, "Step 3: the committee's evaluation"));
	if (r->who.role == ROLE_ADMIN || ev->nmembers) {
		html_printf(b, "<h3>%s</h3>\n", T(r, "Assigned committee members"));
		if (ev->nmembers == 0)
			html_printf(b, "<p>%s</p>\n", T(r, "No member is assigned yet."));
		else
			buf_puts(b, "<ul>\n");
		for (int i = 0; i < ev->nmembers; i++) {
			html_printf(b, "<li>%s（%s）", ev->members[i].name,
				    handed_in(ev, PEVAL_COMMITTEE, 0, ev->members[i].user_id) ? T(r, "handed in")
											   : T(r, "not yet"));
			if (r->who.role == ROLE_ADMIN && !ev->state.published) {
				struct form_ui f;
				form_ui_init(&f, r, b, NULL);
				form_ui_button(&f,
					       arena_printf(r->a, "/projects/%lld/evaluation/members/%lld/remove", p->id,
							    ev->members[i].user_id),
					       T(r, "Take off"), ev->members[i].name, FORM_UI_SECONDARY, NULL);
			}
			buf_puts(b, "</li>\n");
		}
		if (ev->nmembers)
			buf_puts(b, "</ul>\n");
	}
	if (r->who.role == ROLE_ADMIN && !ev->state.published) {
		struct form_ui f;
		form_ui_init(&f, r, b, e);
		f.idp = "m-";
		form_ui_open(&f, arena_printf(r->a, "/projects/%lld/evaluation/members", p->id), NULL);
		form_ui_text(&f, &(struct form_ui_field){
					 .name = "login", .label = T(r, "Committee member's login"), .required = 1,
					 .hint = T(r, "A member tied to a partner of this project (a member, officer or employee of it, as recorded in the registry) cannot be assigned.") });
		form_ui_submit(&f, T(r, "Assign"), NULL, NULL);
		form_ui_close(&f);
	}
	scores_table(r, b, ev, PEVAL_COMMITTEE, T(r, "The committee's scores"));
	buf_puts(b, "</section>\n");
}

static void publish_block(struct req *r, struct buf *b, const struct project *p, const struct project_evaluation *ev,
			  const struct problems *e)
{
	html_printf(b, "<section aria-labelledby=\"pub\">\n<h2 id=\"pub\">%s</h2>\n", T(r, "The published result"));
	if (ev->state.published) {
		html_printf(b, "<p class=\"status\">%s ", T(r, "Published"));
		when_html(r, b, ev->state.published_at);
		buf_puts(b, "</p>\n<p>");
		html_text_br(b, ev->state.result);
		buf_puts(b, "</p>\n");
	} else if (r->who.role != ROLE_ADMIN)
		html_printf(b, "<p>%s</p>\n", T(r, "Not yet published."));
	if (r->who.role != ROLE_ADMIN) {
		buf_puts(b, "</section>\n");
		return;
	}
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	f.idp = "p-";
	form_ui_summary(&f);	/* a refusal that is no field's (a withdrawal refused) */
	/* a completed project's published result is corrected, never withdrawn */
	int correct = ev->state.published && p->stage == PSTAGE_DONE;
	if (!ev->state.published || correct) {
		form_ui_open(&f, arena_printf(r->a, "/projects/%lld/evaluation/publish", p->id), NULL);
		form_ui_textarea(&f, &(struct form_ui_field){
					     .name = "result", .label = T(r, "The result as the city publishes it"),
					     .value = ev->state.result, .required = 1, .rows = 5,
					     .hint = T(r, "Shown on the public project page and on the yearly record of the plan items the project serves.") });
		form_ui_submit(&f, correct ? T(r, "Publish the corrected result") : T(r, "Publish the evaluation"), NULL, NULL);
		form_ui_close(&f);
	} else {
		const char *hidden[] = { "withdraw", "1", NULL };
		form_ui_button(&f, arena_printf(r->a, "/projects/%lld/evaluation/publish", p->id),
			       T(r, "Withdraw the publication"), NULL, FORM_UI_SECONDARY, hidden);
	}
	buf_puts(b, "</section>\n");
}

/* Which form a rejected POST belongs to, so its problems show beside it. */
enum peval_form { PF_NONE, PF_SELF, PF_JOINT, PF_MEMBER, PF_COMMITTEE, PF_PUBLISH };

static int eval_page(struct req *r, struct resp *o, enum peval_form which, const struct problems *e)
{
	struct project p;
	if (page_peval_project(r, o, &p) != 0)
		return 0;
	struct project_evaluation ev;
	int rc = project_evaluation_of(r->st, r->a, &r->who, p.id, &ev);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	struct buf *b = &o->body;
	layout_begin(r, o, arena_printf(r->a, "%s — %s", T(r, "Evaluation"), p.title));
	page_peval_nav(r, b, &p, "/evaluation");
	html_printf(b, "<p class=\"lead\">%s</p>\n",
		    T(r, "The evaluation takes three steps: each side looks back on its own part, the sides compare their views in a joint review and record what they agree, then committee members assigned by the city give their scores. The city publishes the result."));
	/* the criteria */
	html_printf(b, "<h2>%s</h2>\n<dl class=\"criteria\">\n", T(r, "The city's criteria"));
	for (int i = 0; i < ev.ncriteria; i++)
		html_printf(b, "<dt>%s（%s %d）</dt><dd>%s</dd>\n", ev.criteria[i].name, T(r, "scale 1 to"),
			    ev.criteria[i].scale_max, ev.criteria[i].guide);
	buf_puts(b, "</dl>\n");
	if (p.stage != PSTAGE_EVALUATE && p.stage != PSTAGE_DONE)
		html_printf(b, "<p class=\"status\">%s</p>\n",
			    T(r, "The evaluation starts when the project reaches the evaluation stage."));
	/* step 1 */
	int open = p.stage == PSTAGE_EVALUATE && !ev.state.joint_closed;
	if (ev.viewer_side >= 0 && open)
		score_form(r, b, &p, &ev, PEVAL_SELF, ev.viewer_side, 0,
			   arena_printf(r->a, "/projects/%lld/evaluation/self", p.id),
			   T(r, "Step 1: your side's self-evaluation"), which == PF_SELF ? e : NULL);
	/* step 2 */
	html_printf(b, "<section aria-labelledby=\"step2\">\n<h2 id=\"step2\">%s</h2>\n",
		    T(r, "Step 2: the joint review"));
	html_printf(b, "<p class=\"status\">%s</p>\n",
		    ev.state.joint_closed ? T(r, "The joint review is closed.")
					  : T(r, "The joint review is open: the sides' scores side by side, where they differ, and what they agree."));
	if (ev.npending) {
		html_printf(b, "<p class=\"pending-sides\">%s", T(r, "Not handed in yet (the joint review shows handed-in self-evaluations only):"));
		for (int i = 0; i < ev.npending; i++)
			html_printf(b, "%s%s", i ? "、" : " ", page_peval_side(r, ev.pending[i]));
		buf_puts(b, "</p>\n");
	}
	scores_table(r, b, &ev, PEVAL_SELF, T(r, "The sides' self-evaluations side by side"));
	if (open && (r->who.role == ROLE_ADMIN || ev.viewer_side == 0))
		joint_form(r, b, &p, &ev, which == PF_JOINT ? e : NULL);
	buf_puts(b, "</section>\n");
	/* step 3 */
	committee_block(r, b, &p, &ev, which == PF_MEMBER ? e : NULL);
	if (ev.viewer_assigned && ev.state.joint_closed && !ev.state.published)
		score_form(r, b, &p, &ev, PEVAL_COMMITTEE, 0, r->who.user_id,
			   arena_printf(r->a, "/projects/%lld/evaluation/committee", p.id), T(r, "Your scores as a committee member"),
			   which == PF_COMMITTEE ? e : NULL);
	publish_block(r, b, &p, &ev, which == PF_PUBLISH ? e : NULL);
	layout_end(r, o);
	return 0;
}

static int eval_get(struct req *r, struct resp *o)
{
	return eval_page(r, o, PF_NONE, NULL);
}

/* The scores as posted for the active criteria. */
static int eval_input(struct req *r, struct project_eval_input *in)
{
	struct project_criterion *cr;
	int n;
	int rc = project_criteria_list(r->st, r->a, &cr, &n);
	if (rc != 0)
		return rc;
	long long *ids = arena_alloc(r->a, (size_t)(n + 1) * sizeof *ids);
	const char **sc = arena_alloc(r->a, (size_t)(n + 1) * sizeof *sc);
	const char **cm = arena_alloc(r->a, (size_t)(n + 1) * sizeof *cm);
	if (!ids || !sc || !cm)
		return STORE_ERR;
	for (int i = 0; i < n; i++) {
		ids[i] = cr[i].id;
		sc[i] = req_form(r, arena_printf(r->a, "score_%lld", cr[i].id));
		cm[i] = req_form(r, arena_printf(r->a, "comment_%lld", cr[i].id));
	}
	const char *submit = req_form(r, "submit");
	*in = (struct project_eval_input){ n, ids, sc, cm, req_form(r, "overall"), submit && strcmp(submit, "1") == 0 };
	return 0;
}

/* After a write: back to the page (303), or the page again with the problems (422). */
static int eval_after(struct req *r, struct resp *o, int rc, enum peval_form which, const struct problems *e,
		      const char *anchor)
{
	if (rc == 0) {
		resp_redirect(o, arena_printf(r->a, "/projects/%lld/evaluation%s", req_param_id(r, 0), anchor));
		return 0;
	}
	if (rc == -1) {
		o->status = 422;
		return eval_page(r, o, which, e);
	}
	if (rc == STORE_ERR)
		return resp_error(r, o, 404, NULL), 0;
	return page_domain_error(r, o, rc), 0;
}

static int self_post(struct req *r, struct resp *o)
{
	struct project_eval_input in;
	struct problems e = { 0 };
	int rc = eval_input(r, &in);
	if (rc == 0)
		rc = project_self_eval_save(r->st, &r->who, req_param_id(r, 0), &in, &e);
	return eval_after(r, o, rc, PF_SELF, &e, "#step2");
}

static int committee_post(struct req *r, struct resp *o)
{
	struct project_eval_input in;
	struct problems e = { 0 };
	int rc = eval_input(r, &in);
	if (rc == 0)
		rc = project_committee_eval_save(r->st, &r->who, req_param_id(r, 0), &in, &e);
	return eval_after(r, o, rc, PF_COMMITTEE, &e, "#step3");
}

static int joint_post(struct req *r, struct resp *o)
{
	struct project_criterion *cr;
	int n;
	struct problems e = { 0 };
	int rc = project_criteria_list(r->st, r->a, &cr, &n);
	for (int i = 0; rc == 0 && i < n; i++) {
		const char *sc = req_form(r, arena_printf(r->a, "jscore_%lld", cr[i].id));
		const char *ag = req_form(r, arena_printf(r->a, "agreed_%lld", cr[i].id));
		if ((!sc || !*sc) && (!ag || !*ag))
			continue;	/* nothing recorded for this criterion yet */
		rc = project_joint_save(r->st, &r->who, req_param_id(r, 0), cr[i].id, sc, ag, &e);
	}
	return eval_after(r, o, rc, PF_JOINT, &e, "#step2");
}

static int joint_close_post(struct req *r, struct resp *o)
{
	struct problems e = { 0 };
	int rc = project_joint_close(r->st, &r->who, req_param_id(r, 0), &e);
	return eval_after(r, o, rc, PF_JOINT, &e, "#step2");
}

static int member_post(struct req *r, struct resp *o)
{
	struct problems e = { 0 };
	int rc = project_eval_assign(r->st, &r->who, req_param_id(r, 0), req_form(r, "login"), &e);
	return eval_after(r, o, rc, PF_MEMBER, &e, "#step3");
}

static int member_remove_post(struct req *r, struct resp *o)
{
	int rc = project_eval_unassign(r->st, &r->who, req_param_id(r, 0), req_param_id(r, 1));
	if (rc == -1)
		return resp_error(r, o, 409, T(r, "The evaluation is published: withdraw it before changing the committee.")), 0;
	return eval_after(r, o, rc, PF_MEMBER, NULL, "#step3");
}

static int publish_post(struct req *r, struct resp *o)
{
	struct problems e = { 0 };
	const char *withdraw = req_form(r, "withdraw");
	int publish = !(withdraw && strcmp(withdraw, "1") == 0);
	int rc = project_eval_publish(r->st, &r->who, req_param_id(r, 0), publish, req_form(r, "result"), &e);
	return eval_after(r, o, rc, PF_PUBLISH, &e, "#pub");
}

/* ---- the public page ---- */

int page_peval_public_block(struct req *r, struct buf *b, long long project_id)
{
	struct actor anyone = { .login = "", .display_name = "", .role = ROLE_PUBLIC };
	struct project_evaluation ev;
	int rc = project_evaluation_of(r->st, r->a, &anyone, project_id, &ev);
	if (rc == STORE_ERR)
		return 0;
	if (rc != 0)
		return rc;
	if (!ev.state.published)
		return 0;
	html_printf(b, "<section aria-labelledby=\"eval-result\">\n<h2 id=\"eval-result\">%s</h2>\n<p>",
		    T(r, "The evaluation"));
	html_text_br(b, ev.state.result);
	html_printf(b, "</p>\n<p class=\"meta\">%s ", T(r, "Published"));
	when_html(r, b, ev.state.published_at);
	buf_puts(b, "</p>\n");
	scores_table(r, b, &ev, PEVAL_SELF, T(r, "The sides' self-evaluations and what they agreed"));
	scores_table(r, b, &ev, PEVAL_COMMITTEE, T(r, "The committee's scores"));
	buf_puts(b, "</section>\n");
	return 0;
}

int page_peval_item_block(struct req *r, struct buf *b, long long item_id, int fy)
{
	struct project_item_eval *ie;
	int n;
	int rc = project_evals_for_item(r->st, r->a, item_id, fy, &ie, &n);
	if (rc != 0 || n == 0)
		return rc;
	html_printf(b, "<section aria-labelledby=\"item-evals\">\n<h2 id=\"item-evals\">%s</h2>\n<ul>\n",
		    T(r, "Evaluations of the collaboration projects serving this item"));
	for (int i = 0; i < n; i++) {
		html_printf(b, "<li><a href=\"/public/projects/%lld/evaluation\">%s</a>：", ie[i].project_id, ie[i].title);
		html_text_br(b, ie[i].result);
		buf_puts(b, "</li>\n");
	}
	buf_puts(b, "</ul>\n</section>\n");
	return 0;
}

int page_peval_report_block(struct req *r, struct buf *b, long long plan_id, int fy)
{
	struct project_item_eval *ie;
	int n;
	int rc = project_evals_for_plan(r->st, r->a, plan_id, fy, &ie, &n);
	if (rc != 0 || n == 0)
		return rc;
	html_printf(b, "<section class=\"project-evals\" aria-labelledby=\"plan-evals\">\n<h2 id=\"plan-evals\">%s</h2>\n"
		       "<ul class=\"link-list\">\n",
		    T(r, "Evaluations of the collaboration projects serving this plan"));
	for (int i = 0; i < n; i++) {
		html_printf(b, "<li><a href=\"/public/projects/%lld\">%s</a>：", ie[i].project_id, ie[i].title);
		html_text_br(b, ie[i].result);
		html_printf(b, " <a class=\"no-print\" href=\"/public/projects/%lld/evaluation\">%s</a></li>\n",
			    ie[i].project_id, T(r, "The evaluation in full"));
	}
	buf_puts(b, "</ul>\n</section>\n");
	return 0;
}

struct public_arg {
	long long id;
};

static int public_render(struct req *r, struct resp *o, void *arg)
{
	long long id = ((struct public_arg *)arg)->id;
	struct actor anyone = { .login = "", .display_name = "", .role = ROLE_PUBLIC };
	struct project p;
	struct project_evaluation ev;
	int rc = project_load(r->st, r->a, &anyone, id, &p);
	if (rc == 0)
		rc = project_evaluation_of(r->st, r->a, &anyone, id, &ev);
	if (rc == STORE_ERR || (rc == 0 && !ev.state.published))
		return resp_error(r, o, 404, NULL), 0;
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	struct buf *b = &o->body;
	layout_begin(r, o, arena_printf(r->a, "%s — %s", T(r, "Evaluation"), p.title));
	html_printf(b, "<p><a href=\"/public/projects/%lld\">%s</a></p>\n", p.id, T(r, "The project's page"));
	if ((rc = page_peval_public_block(r, b, id)) != 0)
		return page_domain_error(r, o, rc), 0;
	if ((rc = page_preport_public_block(r, b, id)) != 0)
		return page_domain_error(r, o, rc), 0;
	page_cache_note(r, b);
	layout_end(r, o);
	return 0;
}

static int public_get(struct req *r, struct resp *o)
{
	struct public_arg a = { req_param_id(r, 0) };
	if (a.id <= 0)
		return resp_error(r, o, 404, NULL), 0;
	char version[VERSION_TAG_MAX];
	int rc = version_tag(r->st, PEVAL_PAGE_SCOPE, version);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	return page_cache_respond(&peval_cache, r, o, arena_printf(r->a, "E%lld", a.id), version, public_render, &a);
}

/* The published evaluation as JSON (the same rule as the public page: 404 until both the
 * project and its evaluation are published): the result, each criterion with the sides'
 * scores, what the joint review agreed and the committee's scores, and the reports. */
static json_t *api_scores(struct req *r, const struct project_evaluation *ev, enum peval_kind kind, long long criterion)
{
	json_t *a = json_array();
	for (int i = 0; i < ev->nscores; i++)
		if (ev->scores[i].kind == kind && ev->scores[i].criterion_id == criterion)
			json_array_append_new(a, json_pack("{s:s,s:i,s:s}", "by",
							   evaluator_name(r, kind, ev->scores[i].by_name,
									  ev->scores[i].member_no),
							   "score",
							   ev->scores[i].score, "comment", ev->scores[i].comment));
	return a;
}

static int api_get(struct req *r, struct resp *o)
{
	struct actor anyone = { .login = "", .display_name = "", .role = ROLE_PUBLIC };
	long long id = req_param_id(r, 0);
	struct project_evaluation ev;
	struct project_report *rs;
	int nrs = 0;
	int rc = id > 0 ? project_evaluation_of(r->st, r->a, &anyone, id, &ev) : STORE_ERR;
	if (rc == STORE_ERR || (rc == 0 && !ev.state.published))
		return resp_error(r, o, 404, NULL), 0;
	if (rc == 0)
		rc = project_reports_of(r->st, r->a, &anyone, id, &rs, &nrs);
	if (rc != 0)
		return resp_store_error(r, o, rc), 0;
	json_t *crit = json_array();
	for (int i = 0; i < ev.ncriteria; i++) {
		const struct project_joint *jt = joint_of(&ev, ev.criteria[i].id);
		json_array_append_new(crit, json_pack("{s:s,s:i,s:o,s:o,s:o}", "name", ev.criteria[i].name, "scale_max",
						      ev.criteria[i].scale_max, "self", api_scores(r, &ev, PEVAL_SELF, ev.criteria[i].id),
						      "agreed",
						      jt ? json_pack("{s:o,s:s}", "score", jt->score ? json_integer(jt->score) : json_null(),
								     "text", jt->agreed)
							 : json_null(),
						      "committee", api_scores(r, &ev, PEVAL_COMMITTEE, ev.criteria[i].id)));
	}
	json_t *reports = json_array();
	for (int i = 0; i < nrs; i++)
		json_array_append_new(reports, json_pack("{s:i,s:s,s:s,s:s}", "fy", rs[i].fy, "by", page_peval_side(r, rs[i].side_name), "at",
							 rs[i].created_at, "text", rs[i].body));
	return resp_json(o, 200,
			 json_pack("{s:I,s:s,s:s,s:o,s:o}", "project", (json_int_t)id, "result", ev.state.result,
				   "published_at", ev.state.published_at, "criteria", crit, "progress_reports", reports)),
	       0;
}

#define ANY_STAFF PROJECT_STAFF_ROLES
#define SIDES (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_GROUP))
#define LEADS (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF))
#define DIVISION ROLE_BIT(ROLE_ADMIN)
#define MEMBERS ROLE_BIT(ROLE_COMMITTEE)

const struct route project_eval_routes[] = {
	{ HTTP_GET, "/projects/{id}/evaluation", eval_get, ANY_STAFF, 0 },
	{ HTTP_POST, "/projects/{id}/evaluation/self", self_post, SIDES, 0 },
	{ HTTP_POST, "/projects/{id}/evaluation/joint", joint_post, LEADS, 0 },
	{ HTTP_POST, "/projects/{id}/evaluation/joint/close", joint_close_post, LEADS, 0 },
	{ HTTP_POST, "/projects/{id}/evaluation/members", member_post, DIVISION, 0 },
	{ HTTP_POST, "/projects/{id}/evaluation/members/{user}/remove", member_remove_post, DIVISION, 0 },
	{ HTTP_POST, "/projects/{id}/evaluation/committee", committee_post, MEMBERS, 0 },
	{ HTTP_POST, "/projects/{id}/evaluation/publish", publish_post, DIVISION, 0 },
	{ HTTP_GET, "/public/projects/{id}/evaluation", public_get, ROLES_ANY, ROUTE_PUBLIC },
	{ HTTP_GET, "/api/projects/{id}/evaluation", api_get, ROLES_ANY, ROUTE_API | ROUTE_PUBLIC },
	{ 0 },
};
