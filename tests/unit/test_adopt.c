/* test_adopt: the adoption programme (domain/adopt.c, adopt_visibility.c) on the backend
 * the suite runs on — the visibility rule as a matrix (relation × part) and what each
 * viewer reads of places and agreements in every state (public/private boundary: an
 * application, a refusal, an agreement not yet in force or ended, the city's notes); the
 * overlap rule (overlapping terms refused, back-to-back terms allowed, a shared place
 * allowing both, an approval refused when another agreement took the days meanwhile, two
 * approvals at once on two connections: exactly one wins); renewal (after the current
 * term only, the history kept); reports due and agreements ending soon; roles of every
 * writer; audit rows and notices written with the writes. Today is fixed by KYODO_TODAY. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/adopt.h"
#include "domain/attach.h"
#include "domain/account.h"
#include "domain/org.h"
#include "domain/org_review.h"
#include "domain/problems.h"
#include "../common/testdb.h"
#include "store/store.h"
#include "util/arena.h"

#define TODAY "2026-12-02"	/* fiscal year 2026 */

struct fx {
	struct store *st;
	struct arena *a;
	char path[256];
	struct actor admin, staff, other_staff, group, other_group, public_, committee, center;
	long long dept, other_dept, kind, org, other_org, place, shared_place, staff_user;
};

static struct fx *F;

static long long group_of(struct fx *f, const char *name, const char *kana)
{
	struct org o;
	const char *err = NULL;
	int bad;
	org_init(&o);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_KIND, "任意団体", &err), 0);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_NAME, name, &err), 0);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_KANA, kana, &err), 0);
	long long id = org_center_create(f->st, &f->center, &o, "", "", &err, &bad);
	assert_true(id > 0);
	return id;
}

static long long place_of(struct fx *f, const struct actor *who, const char *name, long long dept, int shared,
			  const char *note)
{
	struct adopt_place_in in = { arena_printf(f->a, "%lld", f->kind), name, "みどり野市中央1-1",
				     arena_printf(f->a, "%lld", dept), shared ? "1" : "", note };
	struct problems ps = { 0 };
	long long id = 0;
	assert_int_equal(adopt_place_save(f->st, who, 0, &in, &id, &ps), 0);
	assert_true(id > 0);
	return id;
}

static int fx_setup(void **state)
{
	setenv("KYODO_FAST_HASH", "1", 1);
	setenv("KYODO_TODAY", TODAY, 1);
	struct fx *f = calloc(1, sizeof *f);
	assert_int_equal(testdb_create(f->path, sizeof f->path), 0);
	int applied;
	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_migrate(f->st, &applied), 0);
	f->a = arena_new(0);
	f->admin = (struct actor){ .login = "admin", .display_name = "協働推進課", .role = ROLE_ADMIN };
	f->center = (struct actor){ .login = "center", .role = ROLE_COORDINATOR };
	f->public_ = (struct actor){ .login = "", .role = ROLE_PUBLIC };
	f->committee = (struct actor){ .login = "committee", .role = ROLE_COMMITTEE };
	f->dept = account_department_ensure(f->st, &f->admin, "公園緑地課", "コウエンリョクチカ");
	f->other_dept = account_department_ensure(f->st, &f->admin, "道路管理課", "ドウロカンリカ");
	assert_true(f->dept > 0 && f->other_dept > 0);
	char err[200];
	f->staff_user = account_user_add(f->st, &f->admin, "koen", "公園緑地課 担当", ROLE_STAFF, "公園緑地課",
					 "correct horse battery", err, sizeof err);
	assert_true(f->staff_user > 0);
	f->staff = (struct actor){ .user_id = f->staff_user, .login = "koen", .display_name = "公園緑地課 担当",
				   .role = ROLE_STAFF, .department_id = f->dept };
	f->other_staff = (struct actor){ .login = "doro", .role = ROLE_STAFF, .department_id = f->other_dept };
	f->org = group_of(f, "川辺の自然を守る会", "カワベノシゼンヲマモルカイ");
	f->other_org = group_of(f, "北町商店会", "キタマチショウテンカイ");
	f->group = (struct actor){ .login = "kawabe", .display_name = "川辺の自然を守る会", .role = ROLE_GROUP,
				   .org_id = f->org };
	f->other_group = (struct actor){ .login = "kitamachi", .role = ROLE_GROUP, .org_id = f->other_org };
	f->kind = testdb_scalar(f->path, "SELECT id FROM adopt_kinds WHERE name = '公園'");
	assert_true(f->kind > 0);
	f->place = place_of(f, &f->staff, "中央公園", f->dept, 0, "鍵は管理事務所");
	f->shared_place = place_of(f, &f->admin, "駅前通り", f->other_dept, 1, "");
	F = f;
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
	unsetenv("KYODO_TODAY");
	return 0;
}

static long long record(struct fx *f, long long place, long long org, const char *from, const char *to, int want)
{
	struct adopt_terms_in t = { from, to };
	struct problems ps = { 0 };
	long long id = 0;
	int rc = adopt_record(f->st, &f->admin, place, org, "清掃と草取り", &t, &id, &ps);
	assert_int_equal(rc, want);
	if (want == ADOPT_INVALID)
		assert_true(ps.n > 0);
	return id;
}

/* ---- the rule as a matrix ---- */

static void visibility_matrix(void **state)
{
	(void)state;
	/* relation × part: 1 = reaches it */
	static const int want[ADOPT_REL__MAX][ADOPT__PARTS] = {
		/*                  place adopter agreement note edit decide apply report */
		[ADOPT_REL_PUBLIC] = { 1, 1, 0, 0, 0, 0, 0, 0 },
		[ADOPT_REL_GROUP] = { 1, 1, 0, 0, 0, 0, 1, 0 },
		[ADOPT_REL_OWN] = { 1, 1, 1, 0, 0, 0, 1, 1 },
		[ADOPT_REL_DEPT] = { 1, 1, 1, 1, 1, 1, 0, 0 },
		[ADOPT_REL_DIVISION] = { 1, 1, 1, 1, 1, 1, 0, 0 },
	};
	for (int rel = 0; rel < ADOPT_REL__MAX; rel++)
		for (int part = 0; part < ADOPT__PARTS; part++)
			assert_int_equal((adopt_rule[part] >> rel) & 1u, want[rel][part]);
	struct fx *f = F;
	/* who stands in which relation */
	assert_int_equal(adopt_relation(NULL, f->dept, f->org), ADOPT_REL_PUBLIC);
	assert_int_equal(adopt_relation(&f->public_, f->dept, f->org), ADOPT_REL_PUBLIC);
	assert_int_equal(adopt_relation(&f->committee, f->dept, f->org), ADOPT_REL_PUBLIC);
	assert_int_equal(adopt_relation(&f->center, f->dept, f->org), ADOPT_REL_PUBLIC);
	assert_int_equal(adopt_relation(&f->other_staff, f->dept, f->org), ADOPT_REL_PUBLIC);
	assert_int_equal(adopt_relation(&f->staff, f->dept, f->org), ADOPT_REL_DEPT);
	assert_int_equal(adopt_relation(&f->admin, f->dept, f->org), ADOPT_REL_DIVISION);
	assert_int_equal(adopt_relation(&f->group, f->dept, f->org), ADOPT_REL_OWN);
	assert_int_equal(adopt_relation(&f->other_group, f->dept, f->org), ADOPT_REL_GROUP);
	assert_int_equal(adopt_relation(&f->group, f->dept, 0), ADOPT_REL_GROUP);
	struct actor orphan = { .role = ROLE_GROUP, .org_id = 0 };
	assert_int_equal(adopt_relation(&orphan, f->dept, 0), ADOPT_REL_PUBLIC);
	/* an agreement shows to the public only while agreed and in force */
	static const char *const states[] = { "applied", "rejected", "agreed" };
	for (int s = 0; s < 3; s++)
		for (int in_force = 0; in_force < 2; in_force++) {
			int pub = adopt_agreement_shows(&f->public_, f->dept, f->org, states[s], in_force);
			assert_int_equal(pub, s == 2 && in_force);
			assert_int_equal(adopt_agreement_shows(&f->other_staff, f->dept, f->org, states[s], in_force), pub);
			assert_int_equal(adopt_agreement_shows(&f->other_group, f->dept, f->org, states[s], in_force), pub);
			assert_true(adopt_agreement_shows(&f->group, f->dept, f->org, states[s], in_force));
			assert_true(adopt_agreement_shows(&f->staff, f->dept, f->org, states[s], in_force));
			assert_true(adopt_agreement_shows(&f->admin, f->dept, f->org, states[s], in_force));
		}
}

/* ---- the overlap rule ---- */

static void overlap_rules(void **state)
{
	struct fx *f = *state;
	long long a = record(f, f->place, f->org, "2026-04-01", "2027-03-31", 0);
	assert_true(a > 0);
	/* the same days, one day shared at either end, a term inside: refused */
	record(f, f->place, f->other_org, "2026-04-01", "2027-03-31", ADOPT_INVALID);
	record(f, f->place, f->other_org, "2027-03-31", "2028-03-31", ADOPT_INVALID);
	record(f, f->place, f->other_org, "2025-04-01", "2026-04-01", ADOPT_INVALID);
	record(f, f->place, f->other_org, "2026-06-01", "2026-06-30", ADOPT_INVALID);
	record(f, f->place, f->other_org, "2025-01-01", "2028-12-31", ADOPT_INVALID);
	/* the same group twice on the same days is refused too: one adopter at a time */
	record(f, f->place, f->org, "2026-10-01", "2026-10-31", ADOPT_INVALID);
	/* back to back: allowed, before and after */
	long long b = record(f, f->place, f->other_org, "2027-04-01", "2028-03-31", 0);
	long long c = record(f, f->place, f->other_org, "2025-04-01", "2026-03-31", 0);
	assert_true(b > 0 && c > 0);
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM adopt_agreements WHERE state = 'agreed'"), 3);
	/* a shared place takes both groups on the same days */
	assert_true(record(f, f->shared_place, f->org, "2026-04-01", "2027-03-31", 0) > 0);
	assert_true(record(f, f->shared_place, f->other_org, "2026-04-01", "2027-03-31", 0) > 0);
	/* end before start */
	record(f, f->place, f->other_org, "2030-04-01", "2030-03-31", ADOPT_INVALID);
	/* 和暦 is read */
	assert_true(record(f, f->place, f->org, "令和12年4月1日", "R13.3.31", 0) > 0);
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM adopt_terms WHERE starts_on = '2030-04-01' AND "
						"ends_on = '2031-03-31'"),
			 1);
	/* every refused write left nothing: no stray agreement or term */
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM adopt_agreements"), 6);
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM adopt_terms"), 6);
	/* and each write is audited */
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM audit_log WHERE entity = 'adopt_agreement' AND "
						"action = 'create'"),
			 6);
}

static void application_and_decision(void **state)
{
	struct fx *f = *state;
	struct problems ps = { 0 };
	struct adopt_terms_in wish = { "2027-04-01", "2028-03-31" };
	long long app1 = 0, app2 = 0;
	/* only a group applies, for itself */
	assert_int_equal(adopt_apply(f->st, &f->staff, f->place, "清掃", &wish, &app1, &ps), ADOPT_NOT_FOUND);
	assert_int_equal(adopt_apply(f->st, &f->public_, f->place, "清掃", &wish, &app1, &ps), ADOPT_NOT_FOUND);
	/* every problem at once */
	struct adopt_terms_in bad = { "いつか", "" };
	assert_int_equal(adopt_apply(f->st, &f->group, f->place, "", &bad, &app1, &ps), ADOPT_INVALID);
	assert_non_null(problems_of(&ps, "activities"));
	assert_non_null(problems_of(&ps, "starts_on"));
	assert_non_null(problems_of(&ps, "ends_on"));
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_apply(f->st, &f->group, f->place, "月1回の清掃", &wish, &app1, &ps), 0);
	assert_int_equal(adopt_apply(f->st, &f->other_group, f->place, "毎週の見回り", &wish, &app2, &ps), 0);
	/* a second application of the same group for the place while the first waits: refused */
	long long dup = 0;
	assert_int_equal(adopt_apply(f->st, &f->group, f->place, "もう一度", &wish, &dup, &ps), ADOPT_INVALID);
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM adopt_agreements WHERE state = 'applied'"), 2);
	memset(&ps, 0, sizeof ps);
	/* the department in charge was told (its staff's inbox) */
	assert_true(testdb_scalar(f->path, testdb_sql("SELECT count(*) FROM notices WHERE event = 'adopt-applied'",
						      "SELECT count(*) FROM notices WHERE event = 'adopt-applied'")) == 2);
	/* another department and the group cannot decide; a refusal needs its reason */
	assert_int_equal(adopt_decide(f->st, &f->other_staff, app1, 1, &wish, "", &ps), ADOPT_NOT_FOUND);
	assert_int_equal(adopt_decide(f->st, &f->group, app1, 1, &wish, "", &ps), ADOPT_NOT_FOUND);
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_decide(f->st, &f->staff, app2, 0, NULL, "", &ps), ADOPT_INVALID);
	assert_non_null(problems_of(&ps, "comment"));
	/* approve the first; the second now overlaps and cannot be approved, only refused */
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_decide(f->st, &f->staff, app1, 1, &wish, "よろしくお願いします", &ps), 0);
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_decide(f->st, &f->staff, app2, 1, &wish, "", &ps), ADOPT_INVALID);
	assert_non_null(problems_of(&ps, "starts_on"));
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM adopt_agreements WHERE state = 'applied'"), 1);
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_decide(f->st, &f->staff, app2, 0, NULL, "先に申請があった団体と合意しました。", &ps), 0);
	/* a decided application is not decided again */
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_decide(f->st, &f->staff, app2, 1, &wish, "", &ps), ADOPT_INVALID);
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM notices WHERE event IN ('adopt-term', 'adopt-refused')"),
			 0);	/* the groups here have no accounts: notice_org writes mail instead */
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM audit_log WHERE entity = 'adopt_agreement' AND "
						"action IN ('adopt-apply', 'approve', 'adopt-refuse')"),
			 4);
}

/* ---- renewal ---- */

static void renewal(void **state)
{
	struct fx *f = *state;
	long long a = record(f, f->place, f->org, "2025-04-01", "2026-03-31", 0);
	struct problems ps = { 0 };
	struct adopt_terms_in t = { "2026-03-31", "2027-03-31" };
	/* not before the current term ends; not by another department or the group */
	assert_int_equal(adopt_renew(f->st, &f->staff, a, &t, &ps), ADOPT_INVALID);
	assert_non_null(problems_of(&ps, "starts_on"));
	t.starts_on = "2026-04-01";
	assert_int_equal(adopt_renew(f->st, &f->other_staff, a, &t, &ps), ADOPT_NOT_FOUND);
	assert_int_equal(adopt_renew(f->st, &f->group, a, &t, &ps), ADOPT_NOT_FOUND);
	/* another group holds the place from 2027-04-01: a renewal reaching into it is refused */
	record(f, f->place, f->other_org, "2027-04-01", "2028-03-31", 0);
	memset(&ps, 0, sizeof ps);
	t.ends_on = "2028-03-31";
	assert_int_equal(adopt_renew(f->st, &f->staff, a, &t, &ps), ADOPT_INVALID);
	memset(&ps, 0, sizeof ps);
	t.ends_on = "2027-03-31";
	assert_int_equal(adopt_renew(f->st, &f->staff, a, &t, &ps), 0);
	struct adopt_agreement g;
	assert_int_equal(adopt_agreement_get(f->st, f->a, &f->staff, a, &g), 0);
	assert_int_equal(g.nterms, 2);
	assert_int_equal(g.terms[0].seq, 1);
	assert_string_equal(g.terms[0].ends_on, "2026-03-31");
	assert_int_equal(g.terms[1].seq, 2);
	assert_string_equal(g.terms[1].starts_on, "2026-04-01");
	assert_string_equal(g.starts_on, "2025-04-01");
	assert_string_equal(g.ends_on, "2027-03-31");
	assert_true(g.in_force);
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM audit_log WHERE action = 'adopt-renew'"), 1);
}

/* ---- reports due, ending soon ---- */

static void reports_due_and_ending(void **state)
{
	struct fx *f = *state;
	/* terms touching FY 2024, 2025, 2026 (today is in FY 2026) */
	long long a = record(f, f->place, f->org, "2024-10-01", "2027-01-15", 0);
	struct adopt_agreement g;
	assert_int_equal(adopt_agreement_get(f->st, f->a, &f->group, a, &g), 0);
	int fys[8];
	assert_int_equal(adopt_reports_missing(&g, TODAY, fys, 8), 2);
	assert_int_equal(fys[0], 2024);
	assert_int_equal(fys[1], 2025);
	/* the group reports 2024; a year outside the terms or after this one is refused */
	struct problems ps = { 0 };
	struct adopt_report_in in = { "2024", "清掃12回", "12", "96" };
	assert_int_equal(adopt_report_save(f->st, &f->other_group, a, &in, &ps), ADOPT_NOT_FOUND);
	assert_int_equal(adopt_report_save(f->st, &f->staff, a, &in, &ps), ADOPT_NOT_FOUND);
	assert_int_equal(adopt_report_save(f->st, &f->group, a, &in, &ps), 0);
	struct adopt_report_in late = { "2027", "予定", "1", "1" }, early = { "R5", "前", "1", "1" },
			       bad = { "2025", "", "-1", "x" };
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_report_save(f->st, &f->group, a, &late, &ps), ADOPT_INVALID);
	assert_non_null(problems_of(&ps, "fy"));
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_report_save(f->st, &f->group, a, &early, &ps), ADOPT_INVALID);
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_report_save(f->st, &f->group, a, &bad, &ps), ADOPT_INVALID);
	assert_non_null(problems_of(&ps, "activities"));
	assert_non_null(problems_of(&ps, "times"));
	assert_non_null(problems_of(&ps, "people"));
	/* the department was told of the report */
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM notices WHERE event = 'adopt-reported'"), 1);
	assert_int_equal(adopt_agreement_get(f->st, f->a, &f->staff, a, &g), 0);
	assert_int_equal(adopt_reports_missing(&g, TODAY, fys, 8), 1);
	assert_int_equal(fys[0], 2025);
	/* the current year is not missing yet; next April it is */
	assert_int_equal(adopt_reports_missing(&g, "2027-04-01", fys, 8), 2);
	/* the same report written again replaces the year's */
	struct adopt_report_in again = { "令和6年度", "清掃14回", "14", "120" };
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_report_save(f->st, &f->group, a, &again, &ps), 0);
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM adopt_reports"), 1);
	assert_int_equal(testdb_scalar(f->path, "SELECT times FROM adopt_reports WHERE fy = 2024"), 14);
	/* ending soon: within 60 days of today (2027-01-15 is 44 days away) */
	assert_true(adopt_ending_soon(&g, TODAY, 60));
	assert_false(adopt_ending_soon(&g, TODAY, 30));
	assert_false(adopt_ending_soon(&g, "2027-01-16", 60));	/* ended */
	/* what awaits: the department sees the missing report and the ending; the group too */
	struct adopt_work w;
	assert_int_equal(adopt_work_load(f->st, f->a, &f->staff, TODAY, &w), 0);
	assert_int_equal(w.nmissing, 1);
	assert_int_equal(w.missing[0].fy, 2025);
	assert_int_equal(w.nending, 1);
	assert_int_equal(adopt_work_load(f->st, f->a, &f->group, TODAY, &w), 0);
	assert_int_equal(w.nmissing, 1);
	assert_int_equal(w.nending, 1);
	assert_int_equal(adopt_work_load(f->st, f->a, &f->other_staff, TODAY, &w), 0);
	assert_int_equal(w.nmissing + w.nending + w.napplied, 0);
	assert_int_equal(adopt_work_load(f->st, f->a, &f->committee, TODAY, &w), 0);
	assert_int_equal(w.nmissing + w.nending + w.napplied, 0);
	/* the reminder tells the department once */
	int n = 0;
	assert_int_equal(adopt_remind(f->st, &f->staff, TODAY, &n), ADOPT_NOT_FOUND);
	assert_int_equal(adopt_remind(f->st, &f->admin, TODAY, &n), 0);
	assert_int_equal(n, 1);
	char *q = arena_printf(f->a, "SELECT count(*) FROM notices WHERE event = 'adopt-ending' AND user_id = %lld",
			       f->staff_user);
	assert_int_equal(testdb_scalar(f->path, q), 1);
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM adopt_terms WHERE reminded_at IS NOT NULL"), 1);
	assert_int_equal(adopt_remind(f->st, &f->admin, TODAY, &n), 0);
	assert_int_equal(n, 0);
}

/* ---- the public/private boundary ---- */

static int list_has(struct fx *f, const struct actor *who, long long place, const char *group, int *full)
{
	struct adopt_agreement *g;
	int n = 0;
	assert_int_equal(adopt_place_agreements(f->st, f->a, who, place, &g, &n), 0);
	int found = 0;
	for (int i = 0; i < n; i++)
		if (strcmp(g[i].org_name, group) == 0 || strcmp(g[i].public_name, group) == 0) {
			found = 1;
			if (full)
				*full = g[i].full;
			if (!g[i].full) {	/* nothing but the public name */
				assert_string_equal(g[i].activities, "");
				assert_string_equal(g[i].note, "");
				assert_string_equal(g[i].starts_on, "");
				assert_int_equal(g[i].org_id, 0);
			}
		}
	return found;
}

static void public_boundary(void **state)
{
	struct fx *f = *state;
	long long later = place_of(f, &f->staff, "北町ポケットパーク", f->dept, 0, "");
	long long ended = place_of(f, &f->staff, "南台公園", f->dept, 0, "");
	long long applied = place_of(f, &f->staff, "緑ヶ丘緑地", f->dept, 0, "");
	record(f, f->place, f->org, "2026-04-01", "2027-03-31", 0);	/* in force */
	record(f, later, f->org, "2027-04-01", "2028-03-31", 0);	/* not yet */
	record(f, ended, f->org, "2024-04-01", "2025-03-31", 0);	/* ended */
	struct problems ps = { 0 };
	struct adopt_terms_in wish = { "2027-04-01", "2028-03-31" };
	long long app;
	assert_int_equal(adopt_apply(f->st, &f->group, applied, "花壇の手入れ", &wish, &app, &ps), 0);
	struct adopt_details_in det = { "清掃と草取り", "みどり野市", "市民活動保険", "2026-04-01", "2027-03-31", "内部メモ" };
	long long a = testdb_scalar(f->path, "SELECT min(id) FROM adopt_agreements");
	assert_int_equal(adopt_details_save(f->st, &f->staff, a, &det, &ps), 0);
	const struct actor *outsiders[] = { &f->public_, &f->committee, &f->center, &f->other_staff, &f->other_group };
	for (size_t i = 0; i < sizeof outsiders / sizeof *outsiders; i++) {
		const struct actor *who = outsiders[i];
		int full = -1;
		assert_true(list_has(f, who, f->place, "川辺の自然を守る会", &full));
		assert_int_equal(full, 0);
		assert_false(list_has(f, who, later, "川辺の自然を守る会", NULL));
		assert_false(list_has(f, who, ended, "川辺の自然を守る会", NULL));
		assert_false(list_has(f, who, applied, "川辺の自然を守る会", NULL));
		struct adopt_place p;
		assert_int_equal(adopt_place_get(f->st, f->a, who, f->place, &p), 0);
		assert_string_equal(p.note, "");	/* the city's note */
		struct adopt_agreement g;
		assert_int_equal(adopt_agreement_get(f->st, f->a, who, a, &g), ADOPT_NOT_FOUND);
		assert_int_equal(adopt_agreement_get(f->st, f->a, who, app, &g), ADOPT_NOT_FOUND);
		/* the list of places: adopted only where in force */
		struct adopt_place_row *rows;
		int n, total;
		struct adopt_filter fl = { .page = 1, .per_page = 50 };
		assert_int_equal(adopt_place_list(f->st, f->a, who, &fl, &rows, &n, &total), 0);
		for (int k = 0; k < n; k++) {
			assert_int_equal(rows[k].adopted, rows[k].place.id == f->place);
			assert_string_equal(rows[k].place.note, "");
			for (int j = 0; j < rows[k].nagreements; j++)
				assert_int_equal(rows[k].agreements[j].full, 0);
		}
	}
	/* the group sees its own agreements whole (not the city's note), its application too */
	int full = 0;
	assert_true(list_has(f, &f->group, applied, "川辺の自然を守る会", &full));
	assert_int_equal(full, 1);
	assert_true(list_has(f, &f->group, later, "川辺の自然を守る会", &full));
	struct adopt_agreement g;
	assert_int_equal(adopt_agreement_get(f->st, f->a, &f->group, a, &g), 0);
	assert_string_equal(g.note, "");
	assert_string_equal(g.insurance, "市民活動保険");
	/* the department and the division read the note */
	assert_int_equal(adopt_agreement_get(f->st, f->a, &f->staff, a, &g), 0);
	assert_string_equal(g.note, "内部メモ");
	assert_int_equal(adopt_agreement_get(f->st, f->a, &f->admin, a, &g), 0);
	assert_string_equal(g.note, "内部メモ");
	struct adopt_place p;
	assert_int_equal(adopt_place_get(f->st, f->a, &f->staff, f->place, &p), 0);
	assert_string_equal(p.note, "鍵は管理事務所");
	/* a group not in the public directory shows as "" (the page says 登録団体), never its name */
	testdb_exec(f->path, "UPDATE orgs SET status = 'dissolved' WHERE name = '川辺の自然を守る会'");
	struct adopt_agreement *ags;
	int n;
	assert_int_equal(adopt_place_agreements(f->st, f->a, &f->public_, f->place, &ags, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(ags[0].public_name, "");
	assert_string_equal(ags[0].org_name, "");
}

/* ---- roles of the place writers ---- */

static void place_roles(void **state)
{
	struct fx *f = *state;
	struct adopt_place_in in = { arena_printf(f->a, "%lld", f->kind), "新しい公園", "どこか",
				     arena_printf(f->a, "%lld", f->other_dept), "", "" };
	struct problems ps = { 0 };
	long long id = 0;
	/* staff only for their own department; groups and others never */
	assert_int_equal(adopt_place_save(f->st, &f->staff, 0, &in, &id, &ps), ADOPT_INVALID);
	assert_non_null(problems_of(&ps, "department"));
	assert_int_equal(adopt_place_save(f->st, &f->group, 0, &in, &id, &ps), ADOPT_NOT_FOUND);
	assert_int_equal(adopt_place_save(f->st, &f->committee, 0, &in, &id, &ps), ADOPT_NOT_FOUND);
	/* another department cannot edit this one's place */
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_place_save(f->st, &f->other_staff, f->place, &in, &id, &ps), ADOPT_NOT_FOUND);
	/* every problem at once */
	struct adopt_place_in empty = { "", "", "", "", "", "" };
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_place_save(f->st, &f->admin, 0, &empty, &id, &ps), ADOPT_INVALID);
	assert_non_null(problems_of(&ps, "kind"));
	assert_non_null(problems_of(&ps, "name"));
	assert_non_null(problems_of(&ps, "location"));
	assert_non_null(problems_of(&ps, "department"));
	/* a bidi control is refused */
	struct adopt_place_in bidi = in;
	bidi.name = "公園\xE2\x80\xAE";
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_place_save(f->st, &f->admin, 0, &bidi, &id, &ps), ADOPT_INVALID);
	assert_non_null(problems_of(&ps, "name"));
	/* kinds: the division only, names unique */
	assert_int_equal(adopt_kind_add(f->st, &f->staff, "歩道橋", &id, &ps), ADOPT_NOT_FOUND);
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_kind_add(f->st, &f->admin, "公園", &id, &ps), ADOPT_INVALID);
	assert_int_equal(adopt_kind_add(f->st, &f->admin, "歩道橋", &id, &ps), 0);
	assert_int_equal(adopt_kind_update(f->st, &f->admin, id, "歩道橋", 1, &ps), 0);
	struct adopt_kind *k;
	int n, m;
	assert_int_equal(adopt_kind_list(f->st, f->a, 0, &k, &n), 0);
	assert_int_equal(adopt_kind_list(f->st, f->a, 1, &k, &m), 0);
	assert_int_equal(m, n + 1);
	/* every write moved the public pages' version */
	assert_true(testdb_scalar(f->path, "SELECT version FROM page_versions WHERE scope = 'adopt'") >= 4);
}

/* ---- two approvals at once ---- */

struct racer {
	const char *target;
	long long agreement;
	pthread_barrier_t *go;
	int rc;
};

static void *race(void *arg)
{
	struct racer *rc = arg;
	struct store *st;
	if (store_open(rc->target, &st) != 0) {
		rc->rc = 99;
		return NULL;
	}
	struct actor admin = { .login = "admin", .display_name = "協働推進課", .role = ROLE_ADMIN };
	struct adopt_terms_in t = { "2027-04-01", "2028-03-31" };
	struct problems ps = { 0 };
	pthread_barrier_wait(rc->go);
	rc->rc = adopt_decide(st, &admin, rc->agreement, 1, &t, "", &ps);
	store_close(st);
	return NULL;
}

static void concurrent_approvals(void **state)
{
	struct fx *f = *state;
	for (int round = 0; round < 5; round++) {
		struct problems ps = { 0 };
		struct adopt_terms_in wish = { "2027-04-01", "2028-03-31" };
		long long place = place_of(f, &f->admin, arena_printf(f->a, "競争の公園%d", round), f->dept, 0, "");
		long long a1, a2;
		assert_int_equal(adopt_apply(f->st, &f->group, place, "清掃", &wish, &a1, &ps), 0);
		assert_int_equal(adopt_apply(f->st, &f->other_group, place, "清掃", &wish, &a2, &ps), 0);
		pthread_barrier_t go;
		pthread_barrier_init(&go, NULL, 2);
		struct racer r1 = { f->path, a1, &go, -50 }, r2 = { f->path, a2, &go, -50 };
		pthread_t t1, t2;
		pthread_create(&t1, NULL, race, &r1);
		pthread_create(&t2, NULL, race, &r2);
		pthread_join(t1, NULL);
		pthread_join(t2, NULL);
		pthread_barrier_destroy(&go);
		/* exactly one wins; the other is refused by the overlap rule */
		assert_true((r1.rc == 0 && r2.rc == ADOPT_INVALID) || (r1.rc == ADOPT_INVALID && r2.rc == 0));
		char *q = arena_printf(f->a, "SELECT count(*) FROM adopt_agreements WHERE place_id = %lld AND state = 'agreed'",
				       place);
		assert_int_equal(testdb_scalar(f->path, q), 1);
	}
}

/* ---- 中途終了, taking back, shared adoption turned off ---- */

/* The department in charge (or the division) ends an agreement early: a last day within
 * it and a reason; the terms cut to that day (a renewal after it gone), the place free
 * after it, no longer "ending soon", not renewed, no new documents once the day passed;
 * audited; the group told. Nobody else ends it. */
static void end_early(void **state)
{
	struct fx *f = *state;
	long long a = record(f, f->place, f->org, "2026-04-01", "2027-03-31", 0);
	struct problems ps = { 0 };
	struct adopt_terms_in next = { "2027-04-01", "2028-03-31" };
	assert_int_equal(adopt_renew(f->st, &f->staff, a, &next, &ps), 0);
	/* nobody but the department in charge and the division */
	assert_int_equal(adopt_end_early(f->st, &f->other_staff, a, "2026-12-31", "解散", &ps), ADOPT_NOT_FOUND);
	assert_int_equal(adopt_end_early(f->st, &f->group, a, "2026-12-31", "解散", &ps), ADOPT_NOT_FOUND);
	/* every problem at once; a day outside the agreement, or its own last day */
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_end_early(f->st, &f->staff, a, "", "", &ps), ADOPT_INVALID);
	assert_non_null(problems_of(&ps, "ended_on"));
	assert_non_null(problems_of(&ps, "end_reason"));
	const char *outside[] = { "2026-03-31", "2028-03-31", "2028-04-01" };
	for (size_t i = 0; i < 3; i++) {
		memset(&ps, 0, sizeof ps);
		assert_int_equal(adopt_end_early(f->st, &f->staff, a, outside[i], "解散", &ps), ADOPT_INVALID);
		assert_non_null(problems_of(&ps, "ended_on"));
	}
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM adopt_terms"), 2);
	/* 和暦 accepted: 令和8年12月31日 */
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_end_early(f->st, &f->staff, a, "令和8年12月31日", "団体の申し出により活動を終了", &ps), 0);
	struct adopt_agreement g;
	assert_int_equal(adopt_agreement_get(f->st, f->a, &f->staff, a, &g), 0);
	assert_string_equal(g.ended_on, "2026-12-31");
	assert_string_equal(g.end_reason, "団体の申し出により活動を終了");
	assert_int_equal(g.nterms, 1);
	assert_string_equal(g.ends_on, "2026-12-31");
	assert_true(g.in_force);	/* until its last day */
	assert_false(adopt_agreement_finished(&g));
	assert_int_equal(adopt_attach_may(f->st, &f->group, a, ATTACH_ADD), 1);
	/* not "ending soon" (nothing to renew), not renewed, not ended twice */
	struct adopt_work w;
	assert_int_equal(adopt_work_load(f->st, f->a, &f->staff, TODAY, &w), 0);
	for (int i = 0; i < w.nending; i++)
		assert_true(w.ending[i].agreement_id != a);
	memset(&ps, 0, sizeof ps);
	struct adopt_terms_in again = { "2027-01-01", "2027-12-31" };
	assert_int_equal(adopt_renew(f->st, &f->staff, a, &again, &ps), ADOPT_INVALID);
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_end_early(f->st, &f->admin, a, "2026-12-15", "x", &ps), ADOPT_INVALID);
	/* the place is free after the last day: another group from 2027-01-01, not before */
	record(f, f->place, f->other_org, "2026-12-31", "2027-12-31", ADOPT_INVALID);
	record(f, f->place, f->other_org, "2027-01-01", "2027-12-31", 0);
	/* once the last day has passed: ended, no new documents (viewing as before) */
	setenv("KYODO_TODAY", "2027-01-05", 1);
	assert_int_equal(adopt_agreement_get(f->st, f->a, &f->staff, a, &g), 0);
	assert_false(g.in_force);
	assert_true(adopt_agreement_finished(&g));
	assert_int_equal(adopt_attach_may(f->st, &f->group, a, ATTACH_ADD), ATTACH_CLOSED);
	assert_int_equal(adopt_attach_may(f->st, &f->group, a, ATTACH_VIEW), 1);
	assert_int_equal(adopt_attach_may(f->st, &f->other_group, a, ATTACH_ADD), 0);
	setenv("KYODO_TODAY", TODAY, 1);
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM audit_log WHERE action = 'adopt-end'"), 1);
	/* (the group's notice: these groups have no account or address; test_attach_rules
	 * checks it over HTTP on the demo city) */
}

/* A group takes back its own application before the decision; the department is told;
 * nothing else moves it, and a decided application is not taken back. */
static void take_back(void **state)
{
	struct fx *f = *state;
	struct problems ps = { 0 };
	struct adopt_terms_in wish = { "2027-04-01", "2028-03-31" };
	long long app = 0;
	assert_int_equal(adopt_apply(f->st, &f->group, f->place, "月1回の清掃", &wish, &app, &ps), 0);
	assert_int_equal(adopt_withdraw(f->st, &f->other_group, app, &ps), ADOPT_NOT_FOUND);
	assert_int_equal(adopt_withdraw(f->st, &f->staff, app, &ps), ADOPT_NOT_FOUND);
	assert_int_equal(adopt_withdraw(f->st, &f->admin, app, &ps), ADOPT_NOT_FOUND);
	assert_int_equal(adopt_withdraw(f->st, &f->group, app, &ps), 0);
	struct adopt_agreement g;
	assert_int_equal(adopt_agreement_get(f->st, f->a, &f->group, app, &g), 0);
	assert_string_equal(g.state, "rejected");
	assert_true(*g.withdrawn_at);
	assert_true(adopt_agreement_finished(&g));
	assert_int_equal(adopt_attach_may(f->st, &f->group, app, ATTACH_ADD), ATTACH_CLOSED);
	/* the department in charge told (its staff account), once */
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM notices WHERE event = 'adopt-taken-back'"), 1);
	/* not again, not decided after */
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_withdraw(f->st, &f->group, app, &ps), ADOPT_INVALID);
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_decide(f->st, &f->staff, app, 1, &wish, "", &ps), ADOPT_INVALID);
	/* nothing waits for the department any more; the group may apply again */
	struct adopt_work w;
	assert_int_equal(adopt_work_load(f->st, f->a, &f->staff, TODAY, &w), 0);
	assert_int_equal(w.napplied, 0);
	long long app2 = 0;
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_apply(f->st, &f->group, f->place, "月2回の清掃", &wish, &app2, &ps), 0);
	/* an agreed application cannot be taken back */
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_decide(f->st, &f->staff, app2, 1, &wish, "", &ps), 0);
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_withdraw(f->st, &f->group, app2, &ps), ADOPT_INVALID);
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM audit_log WHERE action = 'adopt-withdraw'"), 1);
}

/* Shared adoption turned off while two groups adopt the place today: refused (the
 * problem names them on the page); once one agreement has ended, allowed. */
static void shared_off_needs_one_adopter(void **state)
{
	struct fx *f = *state;
	long long a1 = record(f, f->shared_place, f->org, "2026-04-01", "2027-03-31", 0);
	long long a2 = record(f, f->shared_place, f->other_org, "2026-10-01", "2027-09-30", 0);
	assert_true(a1 > 0 && a2 > 0);
	struct adopt_place_in off = { arena_printf(f->a, "%lld", f->kind), "駅前通り", "みどり野市中央1-1",
				      arena_printf(f->a, "%lld", f->other_dept), "", "" };
	struct problems ps = { 0 };
	long long id = 0;
	assert_int_equal(adopt_place_save(f->st, &f->admin, f->shared_place, &off, &id, &ps), ADOPT_INVALID);
	assert_ptr_equal(problems_of(&ps, "shared"), adopt_msg_shared_in_force);
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM adopt_places WHERE shared = 1"), 1);
	/* the other edits of the same form are not written either */
	off.location = "みどり野市中央2-2";
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_place_save(f->st, &f->admin, f->shared_place, &off, &id, &ps), ADOPT_INVALID);
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM adopt_places WHERE location = 'みどり野市中央2-2'"), 0);
	/* keeping it shared is fine */
	struct adopt_place_in on = off;
	on.shared = "1";
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_place_save(f->st, &f->admin, f->shared_place, &on, &id, &ps), 0);
	/* one agreement ended early (yesterday): one adopter left, shared may go off */
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_end_early(f->st, &f->admin, a2, "2026-12-01", "活動終了", &ps), 0);
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_place_save(f->st, &f->admin, f->shared_place, &off, &id, &ps), 0);
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM adopt_places WHERE shared = 1"), 0);
}

/* Shared adoption turned off while one group adopts today and another's agreement, already
 * agreed, starts later on overlapping days: refused too (the place would have two adopters
 * from that day on, the overlap rule bypassed); agreements that follow each other without
 * sharing a day do not stop it. */
static void shared_off_future_overlap(void **state)
{
	struct fx *f = *state;
	long long a1 = record(f, f->shared_place, f->org, "2026-04-01", "2027-03-31", 0);
	long long a2 = record(f, f->shared_place, f->other_org, "2027-01-01", "2027-12-31", 0);
	assert_true(a1 > 0 && a2 > 0);
	struct adopt_place_in off = { arena_printf(f->a, "%lld", f->kind), "駅前通り", "みどり野市中央1-1",
				      arena_printf(f->a, "%lld", f->other_dept), "", "" };
	struct problems ps = { 0 };
	long long id = 0;
	assert_int_equal(adopt_place_save(f->st, &f->admin, f->shared_place, &off, &id, &ps), ADOPT_INVALID);
	assert_ptr_equal(problems_of(&ps, "shared"), adopt_msg_shared_in_force);
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM adopt_places WHERE shared = 1"), 1);
	/* the later one moved to start after the first ends (ended early the day before it
	 * starts, and a new agreement from 2027-04-01): one adopter at a time, allowed */
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_end_early(f->st, &f->admin, a1, "2026-12-31", "活動終了", &ps), 0);
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_place_save(f->st, &f->admin, f->shared_place, &off, &id, &ps), 0);
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM adopt_places WHERE shared = 1"), 0);
}

/* An agreement whose term has run out is over: it is not "ended early" afterwards (the page
 * offers no such form; the domain refused nothing, so a POST rewrote its finished terms
 * and history). */
static void a_finished_agreement_is_not_ended_early(void **state)
{
	struct fx *f = *state;
	long long a = record(f, f->place, f->org, "2025-04-01", "2026-03-31", 0);
	struct problems ps = { 0 };
	assert_int_equal(adopt_end_early(f->st, &f->admin, a, "2025-10-01", "活動終了", &ps), ADOPT_INVALID);
	assert_true(ps.n > 0);
	struct adopt_agreement g;
	assert_int_equal(adopt_agreement_get(f->st, f->a, &f->staff, a, &g), 0);
	assert_string_equal(g.ended_on, "");
	assert_string_equal(g.ends_on, "2026-03-31");
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM audit_log WHERE action = 'adopt-end'"), 0);
}

/* 取消し: an agreement that has not started is cancelled by the department in charge (or
 * the division) with a reason — every term gone (the audit keeps them), the place free on
 * all its days, the public pages' version moved, named "cancelled" (not ended, not in
 * force), finished; not renewed, ended or cancelled again. One that has started is not
 * cancelled (it is ended early); nobody else cancels. */
static void cancel_before_start(void **state)
{
	struct fx *f = *state;
	long long now = record(f, f->place, f->org, "2026-04-01", "2027-03-31", 0);
	long long a = record(f, f->place, f->org, "2027-04-01", "2028-03-31", 0);
	struct problems ps = { 0 };
	struct adopt_terms_in next = { "2028-04-01", "2029-03-31" };
	assert_int_equal(adopt_renew(f->st, &f->staff, a, &next, &ps), 0);
	assert_int_equal(adopt_cancel(f->st, &f->other_staff, a, "予算の都合", &ps), ADOPT_NOT_FOUND);
	assert_int_equal(adopt_cancel(f->st, &f->group, a, "予算の都合", &ps), ADOPT_NOT_FOUND);
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_cancel(f->st, &f->staff, a, "", &ps), ADOPT_INVALID);
	assert_non_null(problems_of(&ps, "end_reason"));
	/* started today or before: ended early, not cancelled */
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_cancel(f->st, &f->staff, now, "予算の都合", &ps), ADOPT_INVALID);
	assert_true(ps.n > 0);
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM adopt_terms"), 3);
	long long v0 = testdb_scalar(f->path, "SELECT version FROM page_versions WHERE scope = 'adopt'");
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_cancel(f->st, &f->admin, a, "工事のため利用できなくなった", &ps), 0);
	assert_true(testdb_scalar(f->path, "SELECT version FROM page_versions WHERE scope = 'adopt'") > v0);
	struct adopt_agreement g;
	assert_int_equal(adopt_agreement_get(f->st, f->a, &f->staff, a, &g), 0);
	assert_string_equal(g.state, "agreed");
	assert_int_equal(g.nterms, 0);
	assert_string_equal(g.end_reason, "工事のため利用できなくなった");
	assert_true(adopt_agreement_cancelled(&g));
	assert_true(adopt_agreement_finished(&g));
	assert_false(g.in_force);
	assert_string_equal(adopt_state_name(g.state, 0, 1), "Cancelled before it started");
	/* the first agreement is untouched, and not named cancelled */
	struct adopt_agreement g0;
	assert_int_equal(adopt_agreement_get(f->st, f->a, &f->staff, now, &g0), 0);
	assert_false(adopt_agreement_cancelled(&g0));
	assert_int_equal(g0.nterms, 1);
	/* not renewed, ended or cancelled again */
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_renew(f->st, &f->staff, a, &next, &ps), ADOPT_INVALID);
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_end_early(f->st, &f->staff, a, "2027-06-30", "x", &ps), ADOPT_INVALID);
	memset(&ps, 0, sizeof ps);
	assert_int_equal(adopt_cancel(f->st, &f->staff, a, "x", &ps), ADOPT_INVALID);
	/* the place is free on all its days: another group from 2027-04-01 */
	record(f, f->place, f->other_org, "2027-04-01", "2029-03-31", 0);
	assert_int_equal(testdb_scalar(f->path, "SELECT count(*) FROM audit_log WHERE action = 'adopt-cancel' "
						"AND before_json LIKE '%2028-04-01%'"), 1);
}

/* The state's one name: a refusal and an application taken back by its group are both
 * stored "rejected"; withdrawn_at tells them apart. */
static void state_names(void **state)
{
	(void)state;
	assert_string_equal(adopt_state_name("rejected", 1, 0), "Taken back by the group");
	assert_string_equal(adopt_state_name("rejected", 0, 0), "Not approved");
	assert_string_equal(adopt_state_name("applied", 0, 0), "Applied, waiting for the decision");
	assert_string_equal(adopt_state_name("agreed", 0, 0), "Agreed");
	assert_string_equal(adopt_state_name("agreed", 0, 1), "Cancelled before it started");
	assert_null(adopt_state_name("unknown", 0, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(visibility_matrix, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(overlap_rules, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(application_and_decision, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(renewal, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(reports_due_and_ending, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(public_boundary, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(place_roles, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(concurrent_approvals, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(end_early, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(take_back, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(shared_off_needs_one_adopter, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(shared_off_future_overlap, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_finished_agreement_is_not_ended_early, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(cancel_before_start, fx_setup, fx_teardown),
		cmocka_unit_test(state_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
