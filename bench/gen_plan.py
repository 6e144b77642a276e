#!/usr/bin/env python3
"""gen_plan.py: a synthetic action plan for the Kyodo benchmarks.

Writes one CSV per fiscal year (plan-2020.csv … plan-2024.csv by default) in the
import layout of `kyodo plan import`:

    code,parent,title,priority,department,target_year,status,result,next_priority,next_reason

Every file holds the same tree of --rows rows (default 10,000): 4–6 pillars (施策の柱,
codes Ⅰ, Ⅱ, …) → basic measures (基本施策, Ⅰ-3) → actions (具体的な取組, Ⅰ-3-(12)).
Branches have an empty status; actions carry that year's status, which moves from year
to year (未 → 着手中 → 一部済 → 済 / 済・継, with some set-backs and some actions that only
start in a later year). Rows are shuffled, so a parent often follows its children.

Everything is generated from word lists with a fixed seed: the same arguments give
byte-identical files. Standard library only.

    python3 bench/gen_plan.py [--out DIR] [--rows N] [--from 2020] [--to 2024] [--seed 20240401]
"""
import argparse
import csv
import os
import random

PRIORITIES = ["【Ⅰ】", "【Ⅱ-ア】", "【Ⅱ-イ】", "【Ⅲ】"]
PRIORITY_WEIGHTS = [30, 25, 25, 20]
STATUSES = ["済", "済・継", "一部済", "着手中", "未"]   # plan create --statuses 済,済・継=済,一部済,着手中,未
ROMAN = ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "Ⅵ"]
ERA_REIWA = 2018  # 令和N年度 = 2018 + N

DEPARTMENTS = [
    "協働推進課", "企画政策課", "総務課", "人事課", "財政課", "広報広聴課", "市民課",
    "地域振興課", "生涯学習課", "学校教育課", "福祉総務課", "高齢支援課", "子育て支援課",
    "健康づくり課", "環境保全課", "商工観光課", "農政課", "都市計画課", "道路公園課",
    "防災危機管理課", "文化スポーツ課",
]

PILLARS = [
    "協働の意識を育てる", "情報を届け、つなぐ", "市民活動を支える", "担い手を育てる",
    "地域の力を高める", "協働の仕組みを整える",
]
MEASURE_TOPICS = [
    "市民の協働への理解", "職員の協働力", "市民活動の情報発信", "担当課と団体の連携",
    "活動の場と資金", "人材の発掘と育成", "地域コミュニティの活性化", "協働事業の評価",
    "若い世代の参加", "企業・大学との連携", "相談体制", "ボランティア活動",
    "自治会・町内会の支援", "多文化共生", "防災分野の協働", "福祉分野の協働",
]
MEASURE_VERBS = ["を広げる", "を高める", "を充実する", "を進める", "を支える", "を見直す", "を強める"]

SUBJECTS = [
    "協働フォーラム", "出前講座", "協働事例集", "新任職員研修", "協働の手引き", "団体紹介ページ",
    "ボランティア募集情報", "行政課題シート", "交流会", "会議室貸出", "市民活動応援基金",
    "提案型協働事業", "活動報告会", "まちづくり講座", "地域担当職員制度", "団体向け相談窓口",
    "広報紙の特集", "活動見本市", "学生インターンシップ", "企業の社会貢献窓口", "情報誌",
    "地域円卓会議", "協働事業評価シート", "市民活動センター", "登録団体データベース",
    "避難所運営訓練", "見守りネットワーク", "子ども食堂の支援", "外国人住民向け相談会",
    "公園愛護活動", "環境美化キャンペーン", "空き家の活用", "商店街の交流イベント",
]
SUBJECT_MODS = [
    "", "（職員向け）", "（団体向け）", "（若者向け）", "の拡充", "の見直し", "の周知", "のオンライン化",
    "の多言語化", "の定例化",
]
ACTIONS = ["の開催", "の作成と配布", "の実施", "の運営", "の改訂", "の創設", "の充実", "の公開", "の検討"]

PLACES = ["市民活動センター", "中央公民館", "市役所本庁舎", "各地区センター", "市内の小中学校",
          "図書館", "オンライン", "駅前交流スペース"]
MONTHS = ["4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月", "1月", "2月", "3月"]
REASONS = {
    "continue": ["参加者アンケートで継続の希望が多いため継続する。", "定例の取組として続ける。",
                 "対象を広げて継続する。", "効果が見えてきたため内容を充実して続ける。"],
    "partial": ["残る課題を整理し次年度に完了を目指す。", "関係課との調整を続ける。",
                "予算の確保を前提に次年度も進める。"],
    "started": ["庁内の意見照会を経て具体化する。", "先行事例を調べたうえで実施時期を決める。",
                "関係団体との協議を続ける。"],
    "notyet": ["役割分担の整理が先になる。", "実施体制が整わず着手できなかった。",
               "他の取組との統合を含めて検討する。"],
    "done": ["所期の目的を達成したため完了とする。", "通常業務に移行したため完了とする。"],
}


def reiwa(fy):
    n = fy - ERA_REIWA
    return "令和元年度" if n == 1 else "令和%d年度" % n


def make_tree(rng, nrows):
    """Pillars, measures and actions, in tree order; exactly nrows rows."""
    npillars = rng.randint(4, 6)
    nmeasures = [rng.randint(6, 12) for _ in range(npillars)]
    nbranches = npillars + sum(nmeasures)
    nactions = nrows - nbranches
    if nactions < sum(nmeasures):
        raise SystemExit("gen_plan: --rows too small for the tree")
    measures = [(p, m) for p in range(npillars) for m in range(nmeasures[p])]
    # uneven sizes: weights per measure, every measure gets at least one action
    weights = [rng.uniform(0.3, 2.0) for _ in measures]
    total_w = sum(weights)
    counts = [1 + int((nactions - len(measures)) * w / total_w) for w in weights]
    for i in range(nactions - sum(counts)):
        counts[i % len(counts)] += 1

    rows = []
    pillar_titles = rng.sample(PILLARS, npillars)
    for p in range(npillars):
        rows.append(dict(code=ROMAN[p], parent="", title=pillar_titles[p], kind="branch"))
    k = 0
    for (p, m), n in zip(measures, counts):
        mcode = "%s-%d" % (ROMAN[p], m + 1)
        rows.append(dict(code=mcode, parent=ROMAN[p], kind="branch",
                         title=rng.choice(MEASURE_TOPICS) + rng.choice(MEASURE_VERBS)))
        for a in range(n):
            k += 1
            title = rng.choice(SUBJECTS) + rng.choice(SUBJECT_MODS) + rng.choice(ACTIONS)
            if rng.random() < 0.3:
                title = rng.choice(PLACES) + "での" + title
            rows.append(dict(code="%s-(%d)" % (mcode, a + 1), parent=mcode, kind="action", title=title,
                             priority=rng.choices(PRIORITIES, PRIORITY_WEIGHTS)[0] if rng.random() < 0.95 else "",
                             department=rng.choice(DEPARTMENTS),
                             start=rng.choices([0, 1, 2], [80, 15, 5])[0],   # years before it starts
                             state=rng.choices([4, 3, 2, 1, 0], [40, 30, 15, 10, 5])[0]))  # index into STATUSES
    assert len(rows) == nrows
    return rows


def next_state(rng, s):
    """One year of progress: mostly forward, sometimes stuck, rarely back."""
    r = rng.random()
    if s == 0:                      # 済: finished; stays finished (or continues as 済・継)
        return 0 if r < 0.8 else 1
    if s == 1:                      # 済・継: ongoing work done every year
        return 1 if r < 0.85 else (0 if r < 0.95 else 2)
    if r < 0.45:
        return s                    # no change
    if r < 0.92:
        s = max(0, s - 1 - (1 if r > 0.85 else 0))      # one (or two) steps forward
        return 0 if s <= 1 and rng.random() < 0.5 else s  # done: once, or every year (済・継)
    return min(4, s + 1)            # set-back


def result_text(rng, row, status, fy):
    if status == "未":
        return ""
    subj = row["title"]
    place = rng.choice(PLACES)
    month = rng.choice(MONTHS)
    n = rng.randint(8, 320)
    if status in ("済", "済・継"):
        return rng.choice([
            "%sを%sに%sで実施し、市民と団体あわせて%d人が参加した。" % (subj, month, place, n),
            "%sを年%d回行い、延べ%d人の参加があった。" % (subj, rng.randint(2, 12), n * 3),
            "%s年度の%sを予定どおり終え、結果を%sで公表した。" % (reiwa(fy)[:-2], subj, rng.choice(["広報紙", "市ホームページ", "報告書"])),
        ])
    if status == "一部済":
        return rng.choice([
            "%sの骨子をまとめ、%d団体から意見を聞いた。" % (subj, rng.randint(3, 40)),
            "%sのうち%d件を実施した。残りは次年度に行う。" % (subj, rng.randint(1, 9)),
        ])
    return rng.choice([
        "%sの実施時期について関係課と調整を始めた。" % subj,
        "%sの先行事例を%d市分調べた。" % (subj, rng.randint(2, 8)),
    ])


def next_fields(rng, row, status):
    if status == "済" and rng.random() < 0.6:
        return "完了", rng.choice(REASONS["done"])
    prio = row["priority"] or rng.choice(PRIORITIES)
    if rng.random() < 0.1:
        prio = rng.choice(PRIORITIES)
    key = {"済": "continue", "済・継": "continue", "一部済": "partial", "着手中": "started", "未": "notyet"}[status]
    return prio, rng.choice(REASONS[key])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="bench/out/data")
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--from", dest="first", type=int, default=2020)
    ap.add_argument("--to", dest="last", type=int, default=2024)
    ap.add_argument("--seed", type=int, default=20240401)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    rows = make_tree(rng, args.rows)
    actions = [r for r in rows if r["kind"] == "action"]
    for r in actions:
        r["target_year"] = rng.choice([
            "継続実施", "%s 実施" % reiwa(rng.randint(args.first, args.last)),
            "%s 検討・実施(継続)" % reiwa(rng.randint(args.first, args.last)), "随時",
        ])

    os.makedirs(args.out, exist_ok=True)
    header = ["code", "parent", "title", "priority", "department", "target_year",
              "status", "result", "next_priority", "next_reason"]
    for i, fy in enumerate(range(args.first, args.last + 1)):
        yrng = random.Random(args.seed * 100 + fy)
        out = []
        for r in rows:
            if r["kind"] == "branch":
                out.append([r["code"], r["parent"], r["title"], "", "", "", "", "", "", ""])
                continue
            if i > 0 and i >= r["start"]:
                r["state"] = next_state(yrng, r["state"])
            if i < r["start"]:      # not started yet: no record this year
                out.append([r["code"], r["parent"], r["title"], r["priority"], r["department"],
                            r["target_year"], "", "", "", ""])
                continue
            status = STATUSES[r["state"]]
            nprio, reason = next_fields(yrng, r, status)
            out.append([r["code"], r["parent"], r["title"], r["priority"], r["department"],
                        r["target_year"], status, result_text(yrng, r, status, fy), nprio, reason])
        yrng.shuffle(out)
        path = os.path.join(args.out, "plan-%d.csv" % fy)
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(out)
    print("gen_plan: %d rows (%d actions) × %d years in %s" % (
        len(rows), len(actions), args.last - args.first + 1, args.out))


if __name__ == "__main__":
    main()
