/* test_org_review: registration and what follows it, on a real SQLite file — application
 * with a disabled account, return with a comment, resubmission by the applicant,
 * approval (refused while the checklist is incomplete; account enabled; registration
 * number), a group refused on another group's record, center-only fields kept on a
 * group's edit, review mode (public change pending, private change at once, one pending
 * change per group, approve and reject), the yearly request, confirmation and the
 * staleness flag with a configurable number of months, the checklist editor, the
 * history, the center's list, renaming areas — and an audit row for every write. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/org.h"
#include "domain/org_review.h"
#include "domain/org_confirm.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/wareki.h"
#include "../common/testdb.h"
#include "store/store.h"
#include "util/arena.h"

#define PW "correct horse battery"

struct fx {
	struct store *st;
	struct arena *a;
	char path[256];
	struct actor center, public_;
};

static int fx_setup(void **state)
{
	setenv("KYODO_FAST_HASH", "1", 1);
	struct fx *f = calloc(1, sizeof *f);
	assert_int_equal(testdb_create(f->path, sizeof f->path), 0);
	int applied;
	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_migrate(f->st, &applied), 0);
	f->a = arena_new(0);
	f->center = (struct actor){ .login = "center", .role = ROLE_COORDINATOR };
	f->public_ = (struct actor){ .login = "", .role = ROLE_PUBLIC };
	const char *err = NULL;
	assert_true(org_area_add(f->st, &f->center, "中央地区", NULL, &err) > 0);
	assert_true(org_area_add(f->st, &f->center, "北地区", NULL, &err) > 0);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	arena_free(f->a);
	store_close(f->st);
	testdb_drop(f->path);
	free(f);
	return 0;
}

static int audits(struct fx *f)
{
	struct audit_filter flt = { .limit = 500 };
	struct audit_row *rows;
	int k = audit_list(f->st, &flt, &rows);
	audit_rows_free(rows, k);
	return k;
}

/* The newest audit row's action and entity. */
static void last_audit(struct fx *f, const char *action, const char *entity)
{
	struct audit_filter flt = { .limit = 1 };
	struct audit_row *rows;
	int k = audit_list(f->st, &flt, &rows);
	assert_int_equal(k, 1);
	assert_string_equal(rows[0].action, action);
	assert_string_equal(rows[0].entity, entity);
	audit_rows_free(rows, k);
}

static void sample(struct fx *f, struct org *o, const char *name, const char *kana)
{
	const char *err = NULL;
	org_init(o);
	assert_int_equal(org_set_field(f->a, o, ORG_F_KIND, "任意団体", &err), 0);
	assert_int_equal(org_set_field(f->a, o, ORG_F_NAME, name, &err), 0);
	assert_int_equal(org_set_field(f->a, o, ORG_F_KANA, kana, &err), 0);
	assert_int_equal(org_set_field(f->a, o, ORG_F_PURPOSE, "地域の見守り", &err), 0);
	assert_int_equal(org_set_field(f->a, o, ORG_F_PHONE, "012-345-6789", &err), 0);
	assert_int_equal(org_set_field(f->a, o, ORG_F_ADDRESS, "みどり野市中央1-2-3", &err), 0);
	assert_int_equal(org_set_npo_fields(o, "1;13", &err), 0);
	assert_int_equal(org_set_areas(f->st, f->a, o, "中央地区", &err), 0);
}

static void all_rules(struct fx *f, long long *ids, int *n)
{
	struct org_rule *rules;
	assert_int_equal(org_rule_list(f->st, f->a, 1, &rules, n), 0);
	for (int i = 0; i < *n; i++)
		ids[i] = rules[i].id;
}

/* An application, approved with every rule ticked. Returns the id; *uid the account. */
static long long approved_group(struct fx *f, const char *name, const char *kana, const char *login, long long *uid)
{
	struct org o;
	const char *err = NULL;
	int bad;
	sample(f, &o, name, kana);
	long long id = org_apply(f->st, &f->public_, &o, login, PW, &err, &bad);
	assert_true(id > 0);
	long long ids[64];
	int n;
	all_rules(f, ids, &n);
	struct org_decision d = { .approve = 1, .ticked = ids, .nticked = n, .comment = "" };
	assert_int_equal(org_review_decide(f->st, &f->center, id, &d, &err, &bad), 0);
	struct user u;
	assert_int_equal(account_user_get(f->st, login, &u), 0);
	*uid = u.id;
	return id;
}

static struct actor group_actor(long long uid, long long org_id, const char *login)
{
	return (struct actor){ .user_id = uid, .login = login, .role = ROLE_GROUP, .org_id = org_id };
}

static void test_application_review(void **state)
{
	struct fx *f = *state;
	struct org o, got;
	const char *err = NULL;
	int bad, n0 = audits(f);

	/* bad account inputs are refused before anything is written */
	sample(f, &o, "みどりの会", "みどりのかい");
	assert_int_equal(org_apply(f->st, &f->public_, &o, "Not Valid", PW, &err, &bad), -1);
	assert_int_equal(bad, ORG_IN_LOGIN);
	assert_int_equal(org_apply(f->st, &f->public_, &o, "midori", "short", &err, &bad), -1);
	assert_int_equal(bad, ORG_IN_PASSWORD);
	assert_int_equal(audits(f), n0);

	long long id = org_apply(f->st, &f->public_, &o, "midori", PW, &err, &bad);
	assert_true(id > 0);
	last_audit(f, "add-account", "org");
	assert_int_equal(org_get(f->st, f->a, id, &got), 0);
	assert_int_equal(got.review, ORG_APPLIED);
	struct org_account *acc;
	int nacc;
	assert_int_equal(org_accounts(f->st, f->a, id, &acc, &nacc), 0);
	assert_int_equal(nacc, 1);
	assert_int_equal(acc[0].disabled, 1);
	struct user u;
	assert_int_equal(account_user_get(f->st, "midori", &u), 0);
	assert_int_equal(u.role, ROLE_GROUP);
	assert_int_equal(u.org_id, id);
	/* the disabled account cannot log in, but the applicant can reach its application */
	assert_int_equal(account_verify(f->st, "midori", PW, &u), -1);
	long long uid = 0;
	assert_int_equal(org_applicant_verify(f->st, "midori", PW, &uid), 0);
	assert_int_equal(uid, u.id);
	assert_int_equal(org_applicant_verify(f->st, "midori", "wrong password!", &uid), -1);

	/* the same login again: refused, nothing half-written */
	int n1 = audits(f);
	struct org o2;
	sample(f, &o2, "別の会", "ベツノカイ");
	assert_int_equal(org_apply(f->st, &f->public_, &o2, "midori", PW, &err, &bad), -1);
	assert_int_equal(bad, ORG_IN_LOGIN);
	assert_int_equal(audits(f), n1);
	long long none = 0;
	assert_int_equal(org_find_match(f->st, NULL, "別の会", "ベツノカイ", &none), 0);
	assert_int_equal(none, 0);

	/* return: a comment is required */
	long long ids[64];
	int nrules;
	all_rules(f, ids, &nrules);
	assert_true(nrules >= 6);
	struct org_decision ret = { .approve = 0, .comment = "  " };
	assert_int_equal(org_review_decide(f->st, &f->center, id, &ret, &err, &bad), -1);
	assert_int_equal(bad, ORG_IN_COMMENT);
	ret.comment = "活動内容を具体的に書いてください。";
	struct actor staff = { .login = "staff", .role = ROLE_STAFF };
	assert_int_equal(org_review_decide(f->st, &staff, id, &ret, &err, &bad), -1);
	assert_int_equal(org_review_decide(f->st, &f->center, id, &ret, &err, &bad), 0);
	last_audit(f, "return", "org");
	assert_int_equal(org_get(f->st, f->a, id, &got), 0);
	assert_int_equal(got.review, ORG_RETURNED);
	assert_string_equal(got.review_comment, "活動内容を具体的に書いてください。");
	/* a returned application is not approved until it is sent again */
	struct org_decision ok = { .approve = 1, .ticked = ids, .nticked = nrules, .comment = "" };
	assert_int_equal(org_review_decide(f->st, &f->center, id, &ok, &err, &bad), -1);

	/* the applicant corrects and resubmits; another applicant cannot */
	struct actor app = group_actor(uid, id, "midori"), other = group_actor(999, id + 100, "x");
	assert_int_equal(org_set_field(f->a, &got, ORG_F_ACTIVITIES, "毎週水曜日の見守り訪問", &err), 0);
	assert_int_equal(org_resubmit(f->st, &other, &got, &err, &bad), -1);
	assert_int_equal(org_resubmit(f->st, &app, &got, &err, &bad), 0);
	last_audit(f, "resubmit", "org");
	assert_int_equal(org_get(f->st, f->a, id, &got), 0);
	assert_int_equal(got.review, ORG_APPLIED);
	assert_string_equal(got.v[ORG_F_ACTIVITIES], "毎週水曜日の見守り訪問");

	/* approval needs every active rule ticked */
	struct org_decision part = { .approve = 1, .ticked = ids, .nticked = nrules - 1, .comment = "" };
	int n2 = audits(f);
	assert_int_equal(org_review_decide(f->st, &f->center, id, &part, &err, &bad), -1);
	assert_int_equal(bad, ORG_IN_CHECKLIST);
	assert_int_equal(audits(f), n2);
	assert_int_equal(org_review_decide(f->st, &f->center, id, &ok, &err, &bad), 0);
	last_audit(f, "approve", "org");
	assert_int_equal(org_get(f->st, f->a, id, &got), 0);
	assert_int_equal(got.review, ORG_APPROVED);
	char today[11], fy[16], want[32];
	org_today(today);
	int y, m, d;
	sscanf(today, "%d-%d-%d", &y, &m, &d);
	wareki_format_fiscal_year_short(wareki_fiscal_year_of(y, m, d), fy, sizeof fy);
	snprintf(want, sizeof want, "%s-001", fy);
	assert_string_equal(got.v[ORG_F_REG_NUMBER], want);
	assert_string_equal(got.v[ORG_F_REG_DATE], today);
	assert_true(*got.confirmed_at != 0);
	/* the account works now; the applicant's own sign-in no longer does */
	assert_int_equal(account_verify(f->st, "midori", PW, &u), 0);
	assert_int_equal(org_applicant_verify(f->st, "midori", PW, &uid), -1);
	struct org_review_row *rv;
	int nrv;
	assert_int_equal(org_review_list(f->st, f->a, id, &rv, &nrv), 0);
	assert_int_equal(nrv, 2);
	assert_string_equal(rv[0].decision, "approve");
	assert_string_equal(rv[1].decision, "return");
	assert_non_null(strstr(rv[1].checklist, "\"ok\":false"));

	/* the next number follows; a typed number must be free */
	sample(f, &o2, "あおぞら会", "アオゾラカイ");
	long long id2 = org_apply(f->st, &f->public_, &o2, "aozora", PW, &err, &bad);
	assert_true(id2 > 0);
	struct org_decision typed = { .approve = 1, .ticked = ids, .nticked = nrules, .comment = "",
				      .reg_number = want };
	assert_int_equal(org_review_decide(f->st, &f->center, id2, &typed, &err, &bad), -1);
	assert_int_equal(bad, ORG_F_REG_NUMBER);
	char *next = org_reg_number_next(f->st, f->a);
	snprintf(want, sizeof want, "%s-002", fy);
	assert_string_equal(next, want);
	typed.reg_number = "第15号";
	typed.reg_date = "令和6年4月1日";
	assert_int_equal(org_review_decide(f->st, &f->center, id2, &typed, &err, &bad), 0);
	assert_int_equal(org_get(f->st, f->a, id2, &got), 0);
	assert_string_equal(got.v[ORG_F_REG_NUMBER], "第15号");
	assert_string_equal(got.v[ORG_F_REG_DATE], "2024-04-01");
}

static void test_direct_entry_and_accounts(void **state)
{
	struct fx *f = *state;
	struct org o, got;
	const char *err = NULL;
	int bad;
	sample(f, &o, "直接の会", "チョクセツノカイ");
	assert_int_equal(org_center_create(f->st, &f->public_, &o, "", "", &err, &bad), -1);
	long long id = org_center_create(f->st, &f->center, &o, "direct", PW, &err, &bad);
	assert_true(id > 0);
	assert_int_equal(org_get(f->st, f->a, id, &got), 0);
	assert_int_equal(got.review, ORG_APPROVED);
	assert_true(*got.v[ORG_F_REG_NUMBER]);
	assert_true(*got.confirmed_at >= '0' && *got.confirmed_at <= '9');
	struct user u;
	assert_int_equal(account_verify(f->st, "direct", PW, &u), 0);
	assert_int_equal(u.org_id, id);
	/* a second account, by the center only */
	assert_int_equal(org_account_add(f->st, &f->public_, id, "direct2", PW, &err, &bad), -1);
	assert_int_equal(org_account_add(f->st, &f->center, id, "direct2", PW, &err, &bad), 0);
	assert_int_equal(org_account_add(f->st, &f->center, id, "direct2", PW, &err, &bad), -1);
	assert_int_equal(bad, ORG_IN_LOGIN);
	assert_int_equal(account_verify(f->st, "direct2", PW, &u), 0);
	assert_int_equal(u.org_id, id);
	/* a typed registration number that is taken leaves nothing behind */
	struct org o2;
	sample(f, &o2, "重複の会", "ジュウフクノカイ");
	o2.v[ORG_F_REG_NUMBER] = got.v[ORG_F_REG_NUMBER];
	int n0 = audits(f);
	assert_int_equal(org_center_create(f->st, &f->center, &o2, "", "", &err, &bad), -1);
	assert_int_equal(bad, ORG_F_REG_NUMBER);
	assert_int_equal(audits(f), n0);
}

static void test_group_edits(void **state)
{
	struct fx *f = *state;
	const char *err = NULL;
	int bad, pending;
	long long ua, ub;
	long long a = approved_group(f, "編集の会", "ヘンシュウノカイ", "edit-a", &ua);
	long long b = approved_group(f, "他の会", "ホカノカイ", "edit-b", &ub);
	struct actor ga = group_actor(ua, a, "edit-a");
	struct org ob, oa, got;
	/* another group's record: refused by both writers */
	assert_int_equal(org_get(f->st, f->a, b, &ob), 0);
	ob.v[ORG_F_NAME] = "乗っ取り";
	int n0 = audits(f);
	assert_int_equal(org_profile_save(f->st, &ga, &ob, &pending, &err, &bad), -1);
	assert_int_equal(org_update(f->st, &ga, &ob, 0, &err), -1);
	assert_int_equal(audits(f), n0);
	assert_int_equal(org_get(f->st, f->a, b, &got), 0);
	assert_string_equal(got.v[ORG_F_NAME], "他の会");

	/* immediate mode: the edit applies; center-only fields are kept; it confirms */
	assert_int_equal(org_get(f->st, f->a, a, &oa), 0);
	char *number = oa.v[ORG_F_REG_NUMBER];
	assert_int_equal(store_exec_sql(f->st, "UPDATE orgs SET confirmed_at = '2000-01-01T00:00:00Z'"), 0);
	oa.v[ORG_F_NAME] = "編集の会（新）";
	oa.v[ORG_F_REG_NUMBER] = "X-999";
	assert_int_equal(org_profile_save(f->st, &ga, &oa, &pending, &err, &bad), 0);
	assert_int_equal(pending, 0);
	assert_int_equal(org_get(f->st, f->a, a, &got), 0);
	assert_string_equal(got.v[ORG_F_NAME], "編集の会（新）");
	assert_string_equal(got.v[ORG_F_REG_NUMBER], number);
	assert_true(strcmp(got.confirmed_at, "2001") > 0);

	/* review mode: a public change waits, a private one applies at once */
	assert_int_equal(org_setting_set(f->st, &f->center, "org.public_changes", "review", &err), 0);
	assert_int_equal(org_get(f->st, f->a, a, &oa), 0);
	assert_int_equal(oa.public_mask & ORG_PUB_PHONE, 0);
	oa.v[ORG_F_NAME] = "改名の会";
	oa.v[ORG_F_PHONE] = "098-765-4321";
	int n1 = audits(f);
	assert_int_equal(org_profile_save(f->st, &ga, &oa, &pending, &err, &bad), 0);
	assert_int_equal(pending, 1);
	assert_true(audits(f) > n1);
	assert_int_equal(org_get(f->st, f->a, a, &got), 0);
	assert_string_equal(got.v[ORG_F_NAME], "編集の会（新）");
	assert_string_equal(got.v[ORG_F_PHONE], "098-765-4321");
	struct org_change c;
	assert_int_equal(org_change_pending(f->st, f->a, a, &c), 0);
	assert_int_equal(c.pending[ORG_F_NAME], 1);
	assert_int_equal(c.pending[ORG_F_PHONE], 0);
	assert_string_equal(c.proposed.v[ORG_F_NAME], "改名の会");
	/* a new edit replaces the pending change (one per group): now the address is
	 * published too (its switch turns on) and the areas change */
	org_change_overlay(&c, &got);
	got.public_mask |= ORG_PUB_ADDRESS;
	assert_int_equal(org_set_areas(f->st, f->a, &got, "北地区", &err), 0);
	assert_int_equal(org_profile_save(f->st, &ga, &got, &pending, &err, &bad), 0);
	struct org_change *list;
	int nlist, more = -1;
	assert_int_equal(org_change_list(f->st, f->a, 50, &list, &nlist, &more), 0);
	assert_int_equal(nlist, 1);
	assert_int_equal(more, 0);
	assert_int_equal(list[0].pending[ORG_F_NAME], 1);
	assert_int_equal(list[0].areas_pending, 1);
	assert_int_equal(list[0].public_on, ORG_PUB_ADDRESS);
	assert_int_equal(org_get(f->st, f->a, a, &got), 0);
	assert_int_equal(got.public_mask & ORG_PUB_ADDRESS, 0);
	/* the center approves: the public part is applied onto the current record */
	assert_int_equal(org_change_decide(f->st, &ga, list[0].id, 1, "", &err), -1);
	assert_int_equal(org_change_decide(f->st, &f->center, list[0].id, 1, "", &err), 0);
	last_audit(f, "approve-change", "org");
	assert_int_equal(org_get(f->st, f->a, a, &got), 0);
	assert_string_equal(got.v[ORG_F_NAME], "改名の会");
	assert_string_equal(got.v[ORG_F_PHONE], "098-765-4321");
	assert_string_equal(got.area_names[0], "北地区");
	assert_true(got.public_mask & ORG_PUB_ADDRESS);
	assert_int_equal(org_change_pending(f->st, f->a, a, &c), ORG_NOT_FOUND);
	assert_int_equal(org_change_decide(f->st, &f->center, list[0].id, 1, "", &err), -1);

	/* switching a contact off applies at once; a rejected change needs a reason */
	got.public_mask &= ~ORG_PUB_ADDRESS;
	got.v[ORG_F_PURPOSE] = "不適切な目的";
	assert_int_equal(org_profile_save(f->st, &ga, &got, &pending, &err, &bad), 0);
	assert_int_equal(pending, 1);
	struct org now;
	assert_int_equal(org_get(f->st, f->a, a, &now), 0);
	assert_int_equal(now.public_mask & ORG_PUB_ADDRESS, 0);
	assert_string_equal(now.v[ORG_F_PURPOSE], "地域の見守り");
	assert_int_equal(org_change_pending(f->st, f->a, a, &c), 0);
	assert_int_equal(org_change_decide(f->st, &f->center, c.id, 0, "", &err), -1);
	assert_int_equal(org_change_decide(f->st, &f->center, c.id, 0, "目的を見直してください", &err), 0);
	last_audit(f, "reject-change", "org");
	assert_int_equal(org_get(f->st, f->a, a, &now), 0);
	assert_string_equal(now.v[ORG_F_PURPOSE], "地域の見守り");
	assert_int_equal(org_change_last_decided(f->st, f->a, a, &c), 0);
	assert_string_equal(c.state, "rejected");
	assert_string_equal(c.comment, "目的を見直してください");
	/* a new edit without public changes withdraws the pending one */
	struct org again = now;
	again.v[ORG_F_ACTIVITIES] = "新しい活動";
	assert_int_equal(org_profile_save(f->st, &ga, &again, &pending, &err, &bad), 0);
	assert_int_equal(pending, 1);
	assert_int_equal(org_change_pending(f->st, f->a, a, &c), 0);
	assert_int_equal(org_profile_save(f->st, &ga, &now, &pending, &err, &bad), 0);
	assert_int_equal(pending, 0);
	assert_int_equal(org_change_pending(f->st, f->a, a, &c), ORG_NOT_FOUND);
	struct audit_filter wf = { .entity = "org", .action = "withdraw-change", .limit = 5 };
	struct audit_row *wr;
	int nw = audit_list(f->st, &wf, &wr);
	audit_rows_free(wr, nw);
	assert_int_equal(nw, 1);
	assert_int_equal(org_setting_set(f->st, &f->center, "org.public_changes", "immediate", &err), 0);

	/* the group's history: readable changes of its own record, the published name on the
	 * row of the change's approval (one row per event) */
	struct org_history_entry *h;
	int nh;
	assert_int_equal(org_history(f->st, f->a, a, 0, 100, &h, &nh), 0);
	int saw_name = 0;
	for (int i = 0; i < nh; i++)
		for (int k = 0; k < h[i].ndiffs; k++)
			if (strcmp(h[i].action, "approve-change") == 0 && strcmp(h[i].diffs[k].key, "name") == 0 &&
			    strcmp(h[i].diffs[k].after, "改名の会") == 0)
				saw_name = 1;
	assert_true(saw_name);
	assert_string_equal(h[nh - 1].action, "apply");
}

static void test_confirmation(void **state)
{
	struct fx *f = *state;
	const char *err = NULL;
	long long u1, u2;
	long long a = approved_group(f, "確認の会", "カクニンノカイ", "conf-a", &u1);
	long long b = approved_group(f, "確認の会二", "カクニンノカイニ", "conf-b", &u2);
	struct org_center_counts c;
	assert_int_equal(org_center_counts(f->st, &c), 0);
	assert_int_equal(c.stale, 0);
	/* a confirmation 7 months ago: stale with 6 months, not with 12 */
	assert_int_equal(store_exec_sql(f->st, testdb_sql("UPDATE orgs SET confirmed_at = strftime('%Y-%m-%dT%H:%M:%SZ', "
							  "'now', '-7 months')",
							  "UPDATE orgs SET confirmed_at = to_char((now() - interval '7 months') "
							  "AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")),
			 0);
	assert_int_equal(org_center_counts(f->st, &c), 0);
	assert_int_equal(c.stale, 0);
	assert_int_equal(org_setting_set(f->st, &f->center, "org.confirm_months", "6", &err), 0);
	assert_int_equal(org_center_counts(f->st, &c), 0);
	assert_int_equal(c.stale, 2);
	struct org oa;
	assert_int_equal(org_get(f->st, f->a, a, &oa), 0);
	assert_true(org_is_stale(f->st, &oa));
	struct org_center_filter flt = { .stale = 1 };
	struct org_center_row *rows;
	int n, total;
	assert_int_equal(org_center_list(f->st, f->a, &flt, &rows, &n, &total), 0);
	assert_int_equal(total, 2);
	assert_true(rows[0].stale);

	/* the yearly request reaches every approved, not dissolved group */
	int count = 0, n0 = audits(f);
	assert_int_equal(org_confirm_request(f->st, &f->public_, ORG_CONFIRM_ALL, "", &count, &err), -1);
	assert_int_equal(org_confirm_request(f->st, &f->center, ORG_CONFIRM_ALL, "今年度の登録内容をご確認ください。", &count, &err), 0);
	assert_int_equal(count, 2);
	assert_int_equal(audits(f), n0 + 1);
	last_audit(f, "request", "org_confirm_request");
	assert_int_equal(org_get(f->st, f->a, a, &oa), 0);
	assert_true(*oa.confirm_requested_at);
	struct org_confirm_req *reqs;
	int nreq;
	assert_int_equal(org_confirm_requests(f->st, f->a, &reqs, &nreq), 0);
	assert_int_equal(nreq, 1);
	assert_int_equal(reqs[0].orgs, 2);

	/* a group confirms: no longer flagged, the request is cleared */
	struct actor ga = group_actor(u1, a, "conf-a"), nobody = { .login = "x", .role = ROLE_GROUP };
	assert_int_equal(org_confirm(f->st, &nobody, &err), -1);
	assert_int_equal(org_confirm(f->st, &ga, &err), 0);
	last_audit(f, "confirm", "org");
	assert_int_equal(org_get(f->st, f->a, a, &oa), 0);
	assert_false(org_is_stale(f->st, &oa));
	assert_string_equal(oa.confirm_requested_at, "");
	assert_int_equal(org_center_counts(f->st, &c), 0);
	assert_int_equal(c.stale, 1);
	/* never confirmed counts as stale; dissolved groups never do */
	assert_int_equal(store_exec_sql(f->st, "UPDATE orgs SET confirmed_at = NULL"), 0);
	assert_int_equal(org_center_counts(f->st, &c), 0);
	assert_int_equal(c.stale, 2);
	struct org ob;
	assert_int_equal(org_get(f->st, f->a, b, &ob), 0);
	ob.v[ORG_F_STATUS] = "dissolved";
	assert_int_equal(org_update(f->st, &f->center, &ob, 0, &err), 0);
	assert_int_equal(org_center_counts(f->st, &c), 0);
	assert_int_equal(c.stale, 1);
	assert_int_equal(org_setting_set(f->st, &f->center, "org.confirm_months", "12", &err), 0);
}

static void test_checklist_areas_list(void **state)
{
	struct fx *f = *state;
	const char *err = NULL;
	int bad;
	struct org_rule *rules;
	int n, n0 = audits(f);
	assert_int_equal(org_rule_add(f->st, &f->public_, "x", &err), -1);
	assert_int_equal(org_rule_add(f->st, &f->center, "", &err), -1);
	long long id = org_rule_add(f->st, &f->center, "暴力団と関係がない", &err);
	assert_true(id > 0);
	assert_int_equal(audits(f), n0 + 1);
	assert_int_equal(org_rule_list(f->st, f->a, 0, &rules, &n), 0);
	assert_int_equal(rules[n - 1].id, id);
	assert_int_equal(org_rule_move(f->st, &f->center, id, 1, &err), 0);
	assert_int_equal(org_rule_list(f->st, f->a, 0, &rules, &n), 0);
	assert_int_equal(rules[n - 2].id, id);
	assert_int_equal(org_rule_edit(f->st, &f->center, id, "反社会的勢力と関係がない", 0, &err), 0);
	assert_int_equal(org_rule_edit(f->st, &f->center, 99999, "x", 1, &err), ORG_NOT_FOUND);
	assert_int_equal(audits(f), n0 + 3);
	/* an inactive rule is not on the checklist */
	struct org_rule *active;
	int na;
	assert_int_equal(org_rule_list(f->st, f->a, 1, &active, &na), 0);
	assert_int_equal(na, n - 1);
	for (int i = 0; i < na; i++)
		assert_true(active[i].id != id);

	/* the center's list: words in the name or reading, review filter */
	struct org o;
	sample(f, &o, "検索テストの会", "ケンサクテストノカイ");
	assert_true(org_apply(f->st, &f->public_, &o, "search-test", PW, &err, &bad) > 0);
	struct org_center_filter flt = { .q = "けんさく" };
	struct org_center_row *rows;
	int nr, total;
	assert_int_equal(org_center_list(f->st, f->a, &flt, &rows, &nr, &total), 0);
	assert_int_equal(total, 1);
	assert_string_equal(rows[0].name, "検索テストの会");
	flt = (struct org_center_filter){ .q = "テストの", .review = "approved" };
	assert_int_equal(org_center_list(f->st, f->a, &flt, &rows, &nr, &total), 0);
	assert_int_equal(total, 0);
	flt = (struct org_center_filter){ .q = "100%_" };
	assert_int_equal(org_center_list(f->st, f->a, &flt, &rows, &nr, &total), 0);
	assert_int_equal(total, 0);
	struct org_center_counts c;
	assert_int_equal(org_center_counts(f->st, &c), 0);
	assert_true(c.review[ORG_APPLIED] >= 1);

	/* areas: rename (unique), audited */
	struct org_area *areas;
	int nareas;
	assert_int_equal(org_area_list(f->st, f->a, &areas, &nareas), 0);
	assert_int_equal(org_area_rename(f->st, &f->center, areas[0].id, "北地区", &err), -1);
	assert_int_equal(org_area_rename(f->st, &f->public_, areas[0].id, "新地区", &err), -1);
	assert_int_equal(org_area_rename(f->st, &f->center, areas[0].id, "中央地区（旧）", &err), 0);
	last_audit(f, "rename", "area");
}

/* No list reader stops silently at a fixed count: a group's accounts beyond 50, its review
 * history beyond 100, the checklist beyond 200 are read whole; the list of waiting
 * changes is read up to a maximum and says when more are waiting. */
static void test_lists_are_never_cut(void **state)
{
	struct fx *f = *state;
	const char *err = NULL;
	int bad = -1;
	struct org o;
	sample(f, &o, "大所帯の会", "オオジョタイノカイ");
	long long id = org_center_create(f->st, &f->center, &o, "", "", &err, &bad);
	assert_true(id > 0);
	for (int i = 0; i < 60; i++) {
		char login[32];
		snprintf(login, sizeof login, "member-%02d", i);
		assert_int_equal(org_account_add(f->st, &f->center, id, login, PW, &err, &bad), 0);
	}
	struct org_account *acc;
	int nacc;
	assert_int_equal(org_accounts(f->st, f->a, id, &acc, &nacc), 0);
	assert_int_equal(nacc, 60);
	assert_string_equal(acc[59].login, "member-59");

	char sql[512];
	snprintf(sql, sizeof sql,
		 "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 130) "
		 "INSERT INTO org_reviews(org_id, at, actor, decision, comment, checklist) "
		 "SELECT %lld, '2025-01-01T00:00:00Z', 'center', 'return', 'comment ' || n, '[]' FROM k",
		 id);
	assert_int_equal(store_exec_sql(f->st, sql), 0);
	struct org_review_row *rv;
	int nrv;
	assert_int_equal(org_review_list(f->st, f->a, id, &rv, &nrv), 0);
	assert_int_equal(nrv, 130);
	assert_string_equal(rv[0].comment, "comment 130");	/* newest first */
	assert_string_equal(rv[129].comment, "comment 1");

	struct org_rule *rules;
	int n0, nr;
	assert_int_equal(org_rule_list(f->st, f->a, 0, &rules, &n0), 0);
	assert_int_equal(store_exec_sql(f->st, "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 250) "
					       "INSERT INTO org_rules(pos, text) SELECT 1000 + n, 'rule ' || n FROM k"),
			 0);
	assert_int_equal(org_rule_list(f->st, f->a, 0, &rules, &nr), 0);
	assert_int_equal(nr, n0 + 250);
	assert_string_equal(rules[nr - 1].text, "rule 250");

	/* three changes waiting, two asked for: the reader says more are waiting */
	assert_int_equal(org_setting_set(f->st, &f->center, "org.public_changes", "review", &err), 0);
	for (int i = 0; i < 3; i++) {
		char name[32], kana[32], login[32];
		snprintf(name, sizeof name, "待ちの会%d", i);
		snprintf(kana, sizeof kana, "マチノカイ%d", i);
		snprintf(login, sizeof login, "wait-%d", i);
		sample(f, &o, name, kana);
		long long gid = org_center_create(f->st, &f->center, &o, login, PW, &err, &bad);
		assert_true(gid > 0);
		struct actor ga = { .login = login, .role = ROLE_GROUP, .org_id = gid };
		struct org got;
		assert_int_equal(org_get(f->st, f->a, gid, &got), 0);
		got.v[ORG_F_PURPOSE] = "目的を変えました";
		int pending = 0;
		assert_int_equal(org_profile_save(f->st, &ga, &got, &pending, &err, &bad), 0);
		assert_int_equal(pending, 1);
	}
	struct org_change *cs;
	int nc, more = -1;
	assert_int_equal(org_change_list(f->st, f->a, 2, &cs, &nc, &more), 0);
	assert_int_equal(nc, 2);
	assert_int_equal(more, 1);
	assert_int_equal(org_change_list(f->st, f->a, 3, &cs, &nc, &more), 0);
	assert_int_equal(nc, 3);
	assert_int_equal(more, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_application_review, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_direct_entry_and_accounts, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_group_edits, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_confirmation, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_checklist_areas_list, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_lists_are_never_cut, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
