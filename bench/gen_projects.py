#!/usr/bin/env python3
"""gen_projects.py: a synthetic list of collaboration projects (協働事業) for the Kyodo
benchmarks (bench/project_bench.sh).

Writes one CSV (UTF-8 with BOM, CRLF, as Excel saves it) in the layout of
`kyodo project import`: 事業名, 開始年度, 終了年度, 担当課, 形態, 領域, パートナー, 段階, 目的, 予算.

    kyodo --db bench.db demo
    python3 bench/gen_orgs.py --rows 2000 --out orgs.csv
    kyodo --db bench.db org import orgs.csv
    python3 bench/gen_projects.py --departments          # the lead departments, one a line
    (echo pw; echo pw) | kyodo --db bench.db user add dept-1 --role staff --department 地域振興課  # …
    python3 bench/gen_projects.py --orgs orgs.csv --out projects.csv     # 10,000 projects
    kyodo --db bench.db project import projects.csv

- Fiscal years --from … --to (default 2017 … 2026, the current one), about the same number
  of projects starting each year, growing a little; each runs 1 year (half of them), 2, 3
  or 5 years, so a year counts the projects that run in it, not only those that start.
- The six forms in the rulebook's proportions (後援 and 事業協力 the most, 実行委員会 the
  fewest), the five zones leaning to the middle of the map, and the zone following the
  form (後援 is 市民主体/市民主導, 事業委託 行政主導 …).
- --departments-count lead departments (default 24) from the list below, unevenly loaded
  (a few departments lead many projects); the demo city's nine are among them.
- 0–3 partners each, from the 団体名 column of --orgs (groups in the state 活動中), a few
  groups partnering often.
- The stage follows the years: projects over before the current year are 完了 (some still
  評価), the current year's 実施 (some 計画), later ones 検討 or 計画.
- Titles from word lists, unique per start year (事業名 + 開始年度 is the import's key).
- 予算 for the forms where money flows, 目的 of one or two sentences.

Deterministic: the same arguments give byte-identical files. Standard library only.

    python3 bench/gen_projects.py --orgs FILE [--out FILE] [--rows 10000] [--from 2017]
                                  [--to 2026] [--departments-count 24] [--seed 20260401]
"""
import argparse
import csv
import random
import sys

# 形態 (labels of migration 0014) with weights, and the zones each leans to
FORMS = [
    ("後援", 24, ["市民主体", "市民主導"]),
    ("事業協力", 26, ["市民主導", "市民・行政", "行政主導"]),
    ("事業共催", 12, ["市民主導", "市民・行政"]),
    ("補助・助成", 16, ["市民主体", "市民主導"]),
    ("事業委託", 18, ["行政主導", "行政主体", "市民・行政"]),
    ("実行委員会", 4, ["市民・行政", "市民主導"]),
]
MONEY = {"事業共催", "補助・助成", "事業委託", "実行委員会"}

# The demo city's nine first (kyodo demo creates them), then more of a city's departments.
DEPARTMENTS = [
    "協働推進課", "企画政策課", "生涯学習課", "人事課", "福祉総務課", "財政課", "公園緑地課", "道路管理課", "河川課",
    "地域振興課", "市民課", "広報広聴課", "学校教育課", "高齢支援課", "子育て支援課", "健康づくり課", "環境保全課",
    "商工観光課", "農政課", "都市計画課", "防災危機管理課", "文化スポーツ課", "国際交流課", "障がい福祉課",
    "消費生活課", "男女共同参画課", "図書館", "公民館", "清掃事業課", "交通政策課",
]

THEMES = [
    "子ども食堂", "見守り", "防災", "公園愛護", "河川清掃", "花いっぱい", "読み聞かせ", "子育てサロン", "多文化共生",
    "健康づくり", "介護予防", "地域福祉", "環境学習", "資源回収", "まちあるき", "商店街", "空き家活用",
    "スポーツ", "文化芸術", "郷土史", "食育", "学習支援", "若者の参加", "ICT", "観光案内", "農業体験", "里山保全",
    "消費者教育", "人権啓発", "男女共同参画", "手話", "障がい者の就労", "交通安全", "地域猫", "通学路",
]
KINDS = [
    "フェスティバル", "フォーラム", "講座", "教室", "推進事業", "支援事業", "ネットワーク事業", "モデル事業",
    "キャンペーン", "プロジェクト", "交流会", "運営事業", "調査", "ワークショップ", "マップづくり", "連携事業",
]
PLACES = [
    "", "", "", "みどり野", "中央地区", "北地区", "南地区", "東地区", "西地区", "緑ヶ丘", "川辺", "山手", "駅前",
]
GOALS = [
    "地域の課題を市民と市が一緒に解決する", "だれもが参加できる場を地域に広げる", "世代をこえたつながりをつくる",
    "活動の担い手を育て、次の世代に引き継ぐ", "団体の専門性を生かしてサービスの質を高める",
    "市民の声を施策に反映する", "孤立しがちな人を地域で支える", "地域の魅力を市の内外に伝える",
]
MEANS = [
    "団体と担当課が役割を分け合い、", "地域の団体が企画し、市が広報と会場で支えて、", "複数の団体が実行委員会をつくり、",
    "市が費用の一部を補助して、", "専門性のある団体に委託して、", "自治会や学校とも協力して、",
]
EXTRAS = [
    "参加者アンケートで成果を確かめる。", "毎年の評価で内容を見直す。", "活動の記録を市のホームページで公開する。",
    "協定書で役割と責任の分担を定めている。", "",
]
STAGES_PAST = [("完了", 85), ("評価", 15)]
STAGES_NOW = [("実施", 80), ("計画", 12), ("評価", 5), ("検討", 3)]
STAGES_FUTURE = [("検討", 45), ("計画", 55)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--orgs", help="the CSV of gen_orgs.py imported into the database (団体名, 状態)")
    ap.add_argument("--out", default="projects.csv")
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--from", dest="first", type=int, default=2017)
    ap.add_argument("--to", dest="last", type=int, default=2026, help="the current fiscal year")
    ap.add_argument("--departments-count", type=int, default=24)
    ap.add_argument("--departments", action="store_true", help="print the lead departments, one a line, and stop")
    ap.add_argument("--seed", type=int, default=20260401)
    a = ap.parse_args()
    depts = DEPARTMENTS[:max(1, min(a.departments_count, len(DEPARTMENTS)))]
    if a.departments:
        sys.stdout.write("".join(d + "\n" for d in depts))
        return
    if not a.orgs:
        ap.error("--orgs FILE is needed (the registry the partners are drawn from)")
    with open(a.orgs, encoding="utf-8-sig", newline="") as f:
        orgs = [r["団体名"] for r in csv.DictReader(f) if r.get("状態", "活動中") == "活動中"]
    if not orgs:
        sys.exit("gen_projects.py: no group in the state 活動中 in " + a.orgs)
    rnd = random.Random(a.seed)
    # uneven load: department k weighs 1/(k+1)^0.8, shuffled so the demo's are not always first
    dw = [1.0 / (k + 1) ** 0.8 for k in range(len(depts))]
    rnd.shuffle(dw)
    # a few groups partner often (Zipf-like over a shuffled registry)
    rnd.shuffle(orgs)
    ow = [1.0 / (k + 1) ** 0.7 for k in range(len(orgs))]
    years = list(range(a.first, a.last + 2))	# one year beyond the current: projects being planned
    yw = [1.0 + 0.04 * i for i in range(len(years))]
    yw[-1] = 0.3
    form_w = [f[1] for f in FORMS]

    out = open(a.out, "w", encoding="utf-8", newline="")
    out.write("\ufeff")
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["事業名", "開始年度", "終了年度", "担当課", "形態", "領域", "パートナー", "段階", "目的", "予算"])
    seen = set()
    for _ in range(a.rows):
        start = rnd.choices(years, weights=yw)[0]
        span = rnd.choices([1, 2, 3, 5], weights=[50, 25, 20, 5])[0]
        end = start + span - 1
        form, _, zones = rnd.choices(FORMS, weights=form_w)[0]
        zone = rnd.choice(zones)
        dept = rnd.choices(depts, weights=dw)[0]
        theme = rnd.choice(THEMES)
        while True:
            title = rnd.choice(PLACES) + theme + rnd.choice(KINDS)
            if (title, start) not in seen:
                break
            n = 2
            while ("%s（その%d）" % (title, n), start) in seen:
                n += 1
            title = "%s（その%d）" % (title, n)
            break
        seen.add((title, start))
        npart = rnd.choices([0, 1, 2, 3], weights=[10, 50, 28, 12])[0]
        partners = []
        while len(partners) < npart:
            o = rnd.choices(orgs, weights=ow)[0]
            if o not in partners:
                partners.append(o)
        if end < a.last:
            stage = rnd.choices([s for s, _ in STAGES_PAST], weights=[x for _, x in STAGES_PAST])[0]
        elif start <= a.last:
            stage = rnd.choices([s for s, _ in STAGES_NOW], weights=[x for _, x in STAGES_NOW])[0]
        else:
            stage = rnd.choices([s for s, _ in STAGES_FUTURE], weights=[x for _, x in STAGES_FUTURE])[0]
        purpose = rnd.choice(MEANS) + rnd.choice(GOALS) + "。" + rnd.choice(EXTRAS)
        budget = ""
        if form in MONEY:
            budget = str(rnd.choice([1, 2, 3, 5, 8, 12, 20, 35, 50, 120]) * 10000 * rnd.randint(1, 30))
        # years as offices write them: 西暦, or 令和N年度 / R5
        def fy(y):
            r = rnd.random()
            if y >= 2019 and r < 0.2:
                return "令和%s年度" % ("元" if y == 2019 else y - 2018)
            if y >= 2019 and r < 0.3:
                return "R%d" % (y - 2018)
            return str(y)
        w.writerow([title, fy(start), fy(end), dept, form, zone, "、".join(partners), stage, purpose, budget])
    out.close()


if __name__ == "__main__":
    main()
