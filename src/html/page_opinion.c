/* page_opinion: the committee's opinions on a plan year or on one item, as a block the
 * round pages (the year, an item) and the public report show: the opinions the viewer
 * may read (plan_opinion.h goes through the visibility rule) and, for a committee member
 * while the year is not published, the form of their own. The POST handlers are round
 * actions (page_round.c). */
#include "html/pages.h"
#include "html/html.h"
#include "html/form_ui.h"
#include "html/when.h"
#include "domain/plan_opinion.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <string.h>

static void opinion_item(struct req *r, struct buf *b, const struct plan_opinion *op)
{
	html_printf(b, "<li class=\"opinion\"><p class=\"opinion__meta\"><strong>%s</strong> ", op->author);
	when_html(r, b, op->created_at);
	if (op->updated_at && strcmp(op->updated_at, op->created_at) != 0) {
		html_printf(b, "（%s ", T(r, "edited"));
		when_html(r, b, op->updated_at);
		buf_puts(b, "）");
	}
	buf_puts(b, "</p>\n<p class=\"opinion__body\">");
	html_text_br(b, op->body);
	buf_puts(b, "</p></li>\n");
}

int page_opinions(struct req *r, struct buf *b, const struct plan *p, int fy, long long item, int published,
		  const struct problems *e)
{
	struct plan_opinion *ops;
	int n;
	int rc = plan_opinion_list(r->st, r->a, p, fy, &r->who, item ? item : PLAN_OPINIONS_YEAR, &ops, &n);
	if (rc != 0)
		return rc;
	int may_write = r->who.role == ROLE_COMMITTEE && !published;
	if (n == 0 && !may_write && r->who.role != ROLE_ADMIN)
		return 0;
	html_printf(b, "<section class=\"opinions\" aria-labelledby=\"opinions-title\">\n<h2 id=\"opinions-title\">%s</h2>\n",
		    item ? T(r, "The committee's opinions on this item") : T(r, "The committee's opinions on the year"));
	if (n == 0)
		html_printf(b, "<p>%s</p>\n", T(r, "No opinion has been recorded yet."));
	else
		buf_puts(b, "<ul class=\"opinion-list\">\n");
	for (int i = 0; i < n; i++)
		opinion_item(r, b, &ops[i]);
	if (n)
		buf_puts(b, "</ul>\n");
	if (may_write) {
		char *mine;
		if ((rc = plan_opinion_mine(r->st, r->a, p, fy, &r->who, item, &mine)) != 0)
			return rc;
		struct form_ui f;
		form_ui_init(&f, r, b, e);
		const char *action = item ? arena_printf(r->a, "/plans/%lld/years/%d/items/%lld/opinion", p->id, fy, item)
					  : arena_printf(r->a, "/plans/%lld/years/%d/opinion", p->id, fy);
		form_ui_open(&f, action, NULL);
		form_ui_textarea(&f, &(struct form_ui_field){
					     .name = "opinion", .label = T(r, "Your opinion"), .value = mine, .required = 1,
					     .rows = 5,
					     .hint = T(r, "The collaboration division reads it at once; it is published with the year's report. You can rewrite it until then.") });
		form_ui_submit(&f, T(r, "Save the opinion"), NULL, NULL);
		form_ui_close(&f);
	}
	buf_puts(b, "</section>\n");
	return 0;
}

int page_opinions_report(struct req *r, struct buf *b, const struct plan *p, int fy)
{
	struct plan_opinion *ops;
	int n;
	int rc = plan_opinion_list(r->st, r->a, p, fy, &r->who, PLAN_OPINIONS_ALL, &ops, &n);
	if (rc != 0 || n == 0)
		return rc;
	html_printf(b, "<section class=\"opinions\" aria-labelledby=\"opinions-title\">\n<h2 id=\"opinions-title\">%s</h2>\n",
		    T(r, "The committee's opinions"));
	long long cur = -1;
	for (int i = 0; i < n; i++) {
		if (ops[i].item_id != cur) {
			if (cur != -1)
				buf_puts(b, "</ul>\n");
			cur = ops[i].item_id;
			if (cur)
				html_printf(b, "<h3>%s %s</h3>\n", ops[i].item_code, ops[i].item_title);
			else
				html_printf(b, "<h3>%s</h3>\n", T(r, "On the year"));
			buf_puts(b, "<ul class=\"opinion-list\">\n");
		}
		opinion_item(r, b, &ops[i]);
	}
	buf_puts(b, "</ul>\n</section>\n");
	return 0;
}
