/* cli_demo_adopt: the demo city's adoption programme (called by `kyodo demo`): places of
 * every kind in the care of three departments, some adopted (one renewed, one shared by
 * two groups, one ending soon with supplies lent and insurance), one agreed for next year
 * (not yet public), one application waiting, and reports (one year missing). Dates are
 * set from today, so the demo always shows something ending soon and a report due. It goes
 * through the domain's writers, as the department and the groups would. */
#include "cli/cli.h"
#include "domain/account.h"
#include "domain/adopt.h"
#include "domain/problems.h"
#include "domain/wareki.h"
#include "store/store.h"
#include "util/arena.h"
#include <stdio.h>
#include <string.h>

int demo_adopt(struct store *st, const struct actor *who, struct arena *a);

static const struct { const char *name, *kana; } demo_adopt_depts[] = {
	{ "公園緑地課", "コウエンリョクチカ" }, { "道路管理課", "ドウロカンリカ" }, { "河川課", "カセンカ" },
};

/* A place: kind (name), place, location, department, shared. */
static const struct {
	const char *kind, *name, *location, *dept;
	int shared;
} demo_places[] = {
	{ "公園", "中央公園", "みどり野市中央一丁目5番（市役所の北側）", "公園緑地課", 0 },
	{ "河川敷", "みどり野川河川敷（川辺橋〜新橋）", "川辺町二丁目、みどり野川の左岸 約800メートル", "河川課", 0 },
	{ "道路", "駅前通り（市道3号線）", "みどり野駅北口から北町交差点まで 約400メートル", "道路管理課", 1 },
	{ "公園", "南台児童公園", "南台三丁目12番", "公園緑地課", 0 },
	{ "緑地・花壇", "市民活動センター前花壇", "中央一丁目8番 市民活動センター正面", "協働推進課", 0 },
	{ "緑地・花壇", "緑ヶ丘緑地", "緑ヶ丘一丁目 緑ヶ丘団地の東側", "公園緑地課", 0 },
	{ "公園", "北町ポケットパーク", "北町四丁目3番", "公園緑地課", 0 },
	{ "駅前・広場", "中央図書館前広場", "中央二丁目1番 中央図書館の正面", "生涯学習課", 0 },
};

static long long demo_id(struct store *st, enum stmt_id id, const char *name)
{
	struct stmt *s = store_prepare(st, id);
	if (!s)
		return 0;
	stmt_bind_text(s, 1, name);
	long long v = stmt_step(s) == 1 ? stmt_int(s, 0) : 0;
	stmt_reset(s);
	return v;
}

static int demo_fail(const char *what, const struct problems *ps, struct store *st)
{
	fprintf(stderr, "kyodo demo: adoption: %s: %s\n", what, ps && ps->n ? ps->p[0].msgid : store_errmsg(st));
	return -1;
}

/* A group's actor (as its account would act). */
static struct actor demo_group(struct store *st, const char *name)
{
	struct actor g = { .role = ROLE_GROUP, .login = "demo", .display_name = name };
	g.org_id = demo_id(st, STMT_ADOPT_DEMO_ORG, name);
	return g;
}

static int demo_agree(struct store *st, const struct actor *who, long long place, const char *group, const char *acts,
		      const char *from, const char *to, long long *id)
{
	struct problems ps = { 0 };
	struct adopt_terms_in t = { from, to };
	long long org = demo_id(st, STMT_ADOPT_DEMO_ORG, group);
	if (adopt_record(st, who, place, org, acts, &t, id, &ps) != 0)
		return demo_fail(group, &ps, st);
	return 0;
}

static int demo_report(struct store *st, const char *group, long long ag, int fy, const char *acts, const char *times,
		       const char *people)
{
	struct actor g = demo_group(st, group);
	char y[16];
	snprintf(y, sizeof y, "%d", fy);
	struct adopt_report_in in = { y, acts, times, people };
	struct problems ps = { 0 };
	if (adopt_report_save(st, &g, ag, &in, &ps) != 0)
		return demo_fail("report", &ps, st);
	return 0;
}

int demo_adopt(struct store *st, const struct actor *who, struct arena *a)
{
	for (size_t i = 0; i < sizeof demo_adopt_depts / sizeof *demo_adopt_depts; i++)
		if (account_department_ensure(st, who, demo_adopt_depts[i].name, demo_adopt_depts[i].kana) < 0)
			return demo_fail(demo_adopt_depts[i].name, NULL, st);
	long long place[sizeof demo_places / sizeof *demo_places];
	for (size_t i = 0; i < sizeof demo_places / sizeof *demo_places; i++) {
		struct adopt_place_in in = { arena_printf(a, "%lld", demo_id(st, STMT_ADOPT_KIND_BY_NAME, demo_places[i].kind)),
					     demo_places[i].name, demo_places[i].location,
					     arena_printf(a, "%lld", account_department_find(st, demo_places[i].dept)),
					     demo_places[i].shared ? "1" : "0", "" };
		struct problems ps = { 0 };
		if (adopt_place_save(st, who, 0, &in, &place[i], &ps) != 0)
			return demo_fail(demo_places[i].name, &ps, st);
	}
	char today[ADOPT_DATE_MAX], soon[ADOPT_DATE_MAX];
	adopt_today(today);
	adopt_date_add(today, 45, soon);
	int y, m, d;
	sscanf(today, "%d-%d-%d", &y, &m, &d);
	int fy = wareki_fiscal_year_of(y, m, d);
#define FROM(f) arena_printf(a, "%04d-04-01", (f))
#define TO(f) arena_printf(a, "%04d-03-31", (f) + 1)
	long long ag;
	struct problems ps = { 0 };
	/* 中央公園: agreed last year, renewed for this year; last year's report sent */
	if (demo_agree(st, who, place[0], "みどり野環境美化ボランティア", "月2回（第1・第3日曜日）の園内清掃と花壇の手入れ",
		       FROM(fy - 1), TO(fy - 1), &ag) != 0)
		return -1;
	struct adopt_terms_in renew = { FROM(fy), TO(fy) };
	if (adopt_renew(st, who, ag, &renew, &ps) != 0)
		return demo_fail("renewal", &ps, st);
	if (demo_report(st, "みどり野環境美化ボランティア", ag, fy - 1, "園内清掃を年24回、春と秋に花壇の植え替え。ごみの量は前年より減った。",
			"24", "310") != 0)
		return -1;
	/* the riverbank: two years and this one; the first year reported, last year's missing */
	if (demo_agree(st, who, place[1], "川辺の自然を守る会", "河川敷の清掃（月1回）と外来植物の除去、生きもの観察会",
		       FROM(fy - 2), TO(fy), &ag) != 0 ||
	    demo_report(st, "川辺の自然を守る会", ag, fy - 2, "清掃12回、外来植物の除去3回、観察会2回（小学生の参加あり）。", "17",
			"265") != 0)
		return -1;
	/* the station road, shared by two groups */
	if (demo_agree(st, who, place[2], "北町商店会", "店先から歩道の清掃（毎朝）とプランターの管理", FROM(fy), TO(fy), &ag) != 0 ||
	    demo_agree(st, who, place[2], "中央一丁目自治会", "月1回の一斉清掃と放置自転車の見回り", FROM(fy), TO(fy), &ag) != 0)
		return -1;
	/* the flower bed in front of the center: ending soon, supplies lent, insured */
	if (demo_agree(st, who, place[4], "みどり野子ども食堂ネット", "子どもたちと季節の花を植え、月2回水やりと草取り",
		       FROM(fy), soon, &ag) != 0)
		return -1;
	if (adopt_supply_add(st, who, ag, "移植ごて", "10", FROM(fy), &ps) != 0 ||
	    adopt_supply_add(st, who, ag, "じょうろ", "6", FROM(fy), &ps) != 0 ||
	    adopt_supply_add(st, who, ag, "軍手（組）", "30", FROM(fy), &ps) != 0)
		return demo_fail("supplies", &ps, st);
	struct adopt_details_in det = { "子どもたちと季節の花を植え、月2回水やりと草取り", "みどり野市",
					"市民活動災害補償保険（市が加入）", FROM(fy), TO(fy), "花苗は市が年2回支給。" };
	if (adopt_details_save(st, who, ag, &det, &ps) != 0)
		return demo_fail("insurance", &ps, st);
	/* 北町ポケットパーク: agreed for next year, not public yet */
	if (demo_agree(st, who, place[6], "北町自治会", "週1回の清掃と遊具の見回り（異状は市に連絡）", FROM(fy + 1), TO(fy + 1), &ag) !=
	    0)
		return -1;
	/* 南台児童公園: the demo group applies */
	struct actor g = demo_group(st, "みどり野子ども食堂ネット");
	struct adopt_terms_in wish = { FROM(fy + 1), TO(fy + 1) };
	if (adopt_apply(st, &g, place[3], "子ども食堂に来る親子と月1回の清掃、夏休みに草取り", &wish, &ag, &ps) != 0)
		return demo_fail("application", &ps, st);
#undef FROM
#undef TO
	return 0;
}
