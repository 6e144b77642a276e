/* cli_demo_endorse: the demo city's endorsements (後援名義) — six events of the demo group
 * in every state: one approved ahead, one waiting for 生涯学習課, one not approved, one
 * approved with a change waiting, one over with its report overdue and one reported.
 * They go through the domain's own functions, on the days they would have happened
 * (relative to today), so their dates, numbers, notices and audit rows are real. */
#include "cli/cli.h"
#include "domain/account.h"
#include "domain/endorse.h"
#include "domain/problems.h"
#include "store/store.h"
#include "util/arena.h"
#include <stdio.h>
#include <string.h>

int demo_endorsements(struct store *st, const struct actor *admin, struct arena *a, long long group_user,
		      long long org_id);

struct demo_endorse {
	const char *title, *purpose, *place, *organiser, *department;
	int start, days;	/* the first day (days from today) and the length */
	int applied;		/* the application, days before the first day */
	const char *decision;	/* NULL: waiting; "approve" / "refuse" */
	const char *comment;
	const char *change;	/* a change asked for: the new place, or NULL */
	int report;		/* 1: reported */
	long long fee;
};

static const struct demo_endorse demo_rows[] = {
	{ "みどり野こども食堂フェスタ2026", "市内のこども食堂が集まり、活動紹介と試食、ボランティア募集を行います。"
	  "子どもの居場所づくりを市民に知ってもらうことが目的です。", "みどり野市民会館 大ホール", "みどり野子ども食堂ネット",
	  "協働推進課", 45, 1, 50, "approve", "チラシ等に「後援 みどり野市」と記載してください。営利目的の物品販売は行わないでください。",
	  NULL, 0, 0 },
	{ "親子で学ぶ食育講座", "旬の野菜を使った調理実習を通じて、親子で食の大切さを学びます。", "中央公民館 調理室",
	  "みどり野子ども食堂ネット", "生涯学習課", 60, 1, 40, NULL, NULL, NULL, 0, 500 },
	{ "こども食堂チャリティーコンサート", "地元の演奏家によるコンサートを開き、収益をこども食堂の運営に充てます。",
	  "みどり野駅前広場", "みどり野子ども食堂ネット", "企画政策課", 40, 1, 45, "refuse",
	  "入場料収入の大半が特定の事業者に支払われる計画であり、営利を目的としないことが確認できないため。", NULL, 0, 1000 },
	{ "地域の居場所づくりフォーラム", "地域で子どもを見守る仕組みについて、団体と市民が意見を交わします。",
	  "みどり野市役所 別館会議室", "みどり野子ども食堂ネット", "協働推進課", 35, 1, 60, "approve", "",
	  "中央公民館 大会議室", 0, 0 },
	{ "夏休みこども食堂スタンプラリー", "夏休み中に市内のこども食堂を巡るスタンプラリーを実施します。",
	  "市内のこども食堂 8か所", "みどり野子ども食堂ネット", "生涯学習課", -40, 20, 45, "approve",
	  "参加者の個人情報は適切に管理してください。", NULL, 0, 0 },
	{ "春のフードドライブ", "家庭で余っている食品を集め、こども食堂と地域の支援団体に届けます。",
	  "みどり野市民会館 ロビー", "みどり野子ども食堂ネット", "協働推進課", -70, 2, 40, "approve", "", NULL, 1, 0 },
};

static const char *shift(struct arena *a, const char *today, int days)
{
	char out[11];
	endorse_day_add(today, days, out);
	return arena_strdup(a, out);
}

static int demo_one(struct store *st, const struct actor *admin, struct arena *a, const struct actor *group,
		    const struct demo_endorse *d, const char *today)
{
	struct problems e = { 0 };
	const char *start = shift(a, today, d->start), *end = shift(a, today, d->start + d->days - 1);
	const char *applied = shift(a, start, -d->applied);
	long long dept = account_department_find(st, d->department);
	char fee[24];
	snprintf(fee, sizeof fee, "%lld", d->fee);
	struct endorse_input in = { .title = d->title, .purpose = d->purpose, .starts_on = start, .ends_on = end,
				    .place = d->place, .attendance = "120", .fee = fee, .organiser = d->organiser,
				    .contact_name = "食堂 花子", .contact_phone = "099-200-3456",
				    .department = arena_printf(a, "%lld", dept) };
	for (int i = 0; i < ENDORSE_RULES_MAX; i++)
		in.rules[i] = 1;
	long long id = 0;
	int rc = endorse_apply(st, a, group, &in, applied, &id, &e);
	if (rc == 0 && d->decision)
		rc = endorse_decide(st, a, admin, id, strcmp(d->decision, "approve") == 0, d->comment,
				    shift(a, applied, 7), &e);
	if (rc == 0 && d->change) {
		in.place = d->change;
		rc = endorse_ask_change(st, a, group, id, &in, "会場の改修工事のため、会場を変更します。", today, &e);
	}
	if (rc == 0 && d->report) {
		struct endorse_report_input ri = { "143", "当日は143人が参加し、約420kgの食品が集まりました。"
						   "次回は回収場所を増やす予定です。", "", "" };
		rc = endorse_report(st, a, group, id, &ri, shift(a, end, 3), &e);
	}
	if (rc != 0)
		fprintf(stderr, "kyodo demo: endorsement %s: %s\n", d->title, e.n ? e.p[0].msgid : store_errmsg(st));
	return rc;
}

int demo_endorsements(struct store *st, const struct actor *admin, struct arena *a, long long group_user,
		      long long org_id)
{
	struct actor group = { .user_id = group_user, .login = "group", .role = ROLE_GROUP, .org_id = org_id };
	char today[11];
	endorse_today(today);
	for (size_t i = 0; i < sizeof demo_rows / sizeof *demo_rows; i++)
		if (demo_one(st, admin, a, &group, &demo_rows[i], today) != 0)
			return -1;
	return 0;
}
