/* cli_demo_project_eval: the demo city's finished project with its reports and a
 * published evaluation — 読み聞かせフェスティバル (後援, 生涯学習課 with みどり野読み聞かせの会):
 * a progress report from each side, the final report with both parts completed by the
 * department, both self-evaluations, the joint review, the demo committee member's scores,
 * the division's published result, and the move to 完了. Every step goes through the
 * domain (domain/project_eval.h), so it is audited and checked as on the web. */
#include "cli/cli.h"
#include "domain/problems.h"
#include "domain/project.h"
#include "domain/project_eval.h"
#include "store/store.h"
#include "util/arena.h"
#include <stdio.h>
#include <string.h>

#define DEMO_EVAL_PROJECT "読み聞かせフェスティバル"

static int demo_scores(struct store *st, struct arena *a, const struct actor *who, long long id, int committee,
		       const int *v, const char *const *comments, const char *overall, struct problems *pe)
{
	struct project_criterion *cr;
	int n;
	int rc = project_criteria_list(st, a, &cr, &n);
	if (rc != 0)
		return rc;
	long long ids[16];
	const char *sc[16], *cm[16];
	for (int i = 0; i < n && i < 16; i++) {
		ids[i] = cr[i].id;
		sc[i] = arena_printf(a, "%d", v[i % 6]);
		cm[i] = comments[i % 6];
	}
	struct project_eval_input in = { n < 16 ? n : 16, ids, sc, cm, overall, 1 };
	return committee ? project_committee_eval_save(st, who, id, &in, pe) : project_self_eval_save(st, who, id, &in, pe);
}

int demo_project_evaluation(struct store *st, const struct actor *who, const struct actor *committee, struct arena *a)
{
	long long id = 0;
	struct project_query q = { .per_page = 100 };
	struct project *ps;
	int n = 0;
	int rc = project_list(st, a, who, &q, &ps, &n, NULL);
	for (int i = 0; rc == 0 && i < n; i++)
		if (strcmp(ps[i].title, DEMO_EVAL_PROJECT) == 0)
			id = ps[i].id;
	struct project_partner *pp;
	int np = 0;
	if (rc == 0 && id)
		rc = project_partners_of(st, a, id, &pp, &np);
	if (rc != 0 || !id || np == 0)
		return rc ? rc : -1;
	struct project p;
	if ((rc = project_load(st, a, who, id, &p)) != 0)
		return rc;
	struct actor lead = { .login = "demo-shogai", .display_name = "生涯学習課 担当", .role = ROLE_STAFF,
			      .department_id = p.department_id };
	struct actor partner = { .login = "demo-yomikikase", .display_name = pp[0].org_name, .role = ROLE_GROUP,
				 .org_id = pp[0].org_id };
	struct problems pe = { 0 };
	rc = project_report_add(st, &partner, id, "R7",
				"5月から公民館で準備会を4回開き、読み手のボランティア18人が集まりました。絵本の選定と会場の配置を決めています。",
				&pe);
	if (rc == 0)
		rc = project_report_add(st, &lead, id, "R7",
					"市の広報紙9月号と小中学校へのチラシ配布で周知しました。後援名義の使用を承認済みです。", &pe);
	struct project_final_input mine = {
		"10月の2日間で親子312人が参加し、41冊の絵本を読み聞かせました。",
		"参加者312人（うち子ども178人）、読み手ボランティア18人、開催2日",
		"地域の図書ボランティアと学校の協力で、初めて来た家庭が多かった。",
		"雨の日の会場の動線と、乳児向けの静かな部屋を用意すること。",
	};
	struct project_final_input city = {
		"後援名義と周知で協力し、市内の全小学校に案内が届きました。",
		"チラシ6,500枚、広報紙掲載1回",
		"学校経由の案内が参加につながった。",
		"申請から承認までの期間を短くし、団体の準備期間を長く取れるようにする。",
	};
	if (rc == 0)
		rc = project_final_part_save(st, &partner, id, &mine, &pe);
	if (rc == 0)
		rc = project_final_part_save(st, &lead, id, &city, &pe);
	if (rc == 0)
		rc = project_final_complete(st, &lead, id,
					    "親子の参加が目標の300人を超えた。来年度も後援を続け、会場の工夫を団体と話し合う。", 0, &pe);
	static const int self_g[] = { 5, 4, 4, 4, 3, 5 }, self_c[] = { 4, 4, 3, 5, 4, 5 }, cm_v[] = { 5, 4, 4, 5, 3, 5 };
	static const char *const gc[] = { "目標の300人を超えた。", "準備会で市とよく話せた。", "読み手の負担が一部に偏った。",
					  "費用は会費と寄附でまかなえた。", "結果の発信が少なかった。", "来年も続けたい。" };
	static const char *const cc[] = { "参加者数は目標を上回った。", "意見交換の場を持てた。", "", "市の支出はない。",
					  "", "継続が望ましい。" };
	static const char *const mc[] = { "地域の子育て世帯に広く届いた。", "団体の自主性が保たれている。", "読み手の育成が次の課題。",
					  "公費の支出なしで大きな効果がある。", "報告をホームページで公開するとよい。",
					  "後援を継続してよい。" };
	if (rc == 0)
		rc = demo_scores(st, a, &partner, id, 0, self_g, gc, "初めての規模だったが、地域の力で成功した。", &pe);
	if (rc == 0)
		rc = demo_scores(st, a, &lead, id, 0, self_c, cc, "団体の主体性が発揮された事業だった。", &pe);
	struct project_criterion *cr;
	int ncr = 0;
	if (rc == 0)
		rc = project_criteria_list(st, a, &cr, &ncr);
	if (rc == 0 && ncr > 2)
		rc = project_joint_save(st, &lead, id, cr[2].id, "4", "読み手の育成を来年度の共同の課題とする。", &pe);
	if (rc == 0 && ncr > 4)
		rc = project_joint_save(st, &lead, id, cr[4].id, "3", "報告を団体と市の両方のホームページで公開する。", &pe);
	if (rc == 0)
		rc = project_joint_close(st, &lead, id, &pe);
	if (rc == 0)
		rc = project_eval_assign(st, who, id, committee->login, &pe);
	if (rc == 0)
		rc = demo_scores(st, a, committee, id, 1, cm_v, mc, "市民主体の取組を市が後押しする良い例。", &pe);
	if (rc == 0)
		rc = project_eval_publish(st, who, id, 1,
					  "目的はおおむね達成された。親子の参加は目標を上回り、団体の自主性も保たれている。読み手の育成と結果の公開を課題として、来年度も後援を継続する。",
					  &pe);
	if (rc == 0)
		rc = project_move_stage(st, who, id, PSTAGE_DONE, "評価を公開した", 0, &pe);
	if (rc != 0)
		fprintf(stderr, "kyodo demo: the evaluation: %s\n", pe.n ? pe.p[0].msgid : store_errmsg(st));
	return rc;
}
