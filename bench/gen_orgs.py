#!/usr/bin/env python3
"""gen_orgs.py: a synthetic registry of groups for the Kyodo benchmarks.

Writes one CSV (UTF-8 with BOM, CRLF, as Excel saves it) in the layout of
`kyodo org import`: the Japanese headers 種別, 団体名, 団体名カナ, 法人番号, 設立年月日,
目的, 活動内容, 活動分野, 活動地区, 会員数, 代表者, 代表者カナ, 郵便番号, 住所, 電話番号,
FAX番号, メール, ウェブサイト, 公開項目, 登録番号, 登録日, 状態, 募集, 市内会員数,
主な年齢層, 主な収入源, SNS, 連絡担当者, 連絡担当者カナ.

The database: run the import on a database made by `kyodo demo`. 活動地区 uses the demo
city's eight districts (中央地区, 北地区, 南地区, 東地区, 西地区, 緑ヶ丘地区, 川辺地区,
山手地区), which a database made by `kyodo init` alone does not have; names never repeat
the demo's groups (read from demo/orgs.csv), so every row is a new record.

    kyodo --db bench.db demo
    python3 bench/gen_orgs.py --out orgs.csv            # 100,000 groups
    time kyodo --db bench.db org import orgs.csv

The text: names, readings (full-width katakana), purposes and activities (each about
60–150 characters) are put together from word lists with their readings, so that common
words are common and rare ones rare — with the default seed and size, 福祉 appears in
tens of thousands of records, 子育て and 防災 in several thousand, 陶芸 and 手話 in a few
hundred at most — which is what the directory's search is measured against. Private
values (addresses, phone and fax numbers, emails) are unique per record; representatives'
and contacts' names are drawn from name lists (fictional, no real people). About 8 % of
the groups carry a 法人番号 (fictional, with a valid check digit), dates are written in
the Western calendar or 和暦 (令和2年4月1日, H30.5.1) as offices write them.

Deterministic: the same arguments give byte-identical files. Standard library only.

    python3 bench/gen_orgs.py [--out FILE] [--rows 100000] [--seed 20240401]
"""
import argparse
import csv
import os
import random

AREAS = ["中央地区", "北地区", "南地区", "東地区", "西地区", "緑ヶ丘地区", "川辺地区", "山手地区"]
AREA_TOWNS = {
    "中央地区": "中央", "北地区": "北町", "南地区": "南台", "東地区": "東原",
    "西地区": "西浜", "緑ヶ丘地区": "緑ヶ丘", "川辺地区": "川辺町", "山手地区": "山手",
}

# kind label, weight, may carry a 法人番号
KINDS = [
    ("任意団体", 300, False), ("NPO法人", 150, True), ("認定NPO法人", 10, True),
    ("ボランティア団体", 150, False), ("一般社団法人・一般財団法人", 20, True), ("社会福祉法人", 5, True),
    ("自治会・町内会", 90, False), ("子ども会", 50, False), ("老人クラブ", 50, False),
    ("コミュニティ協議会", 15, False), ("企業", 80, True), ("商店", 50, False), ("協同組合", 5, True),
    ("学校", 20, False), ("大学", 3, True), ("その他", 2, False),
]

# places that start a name: (kanji, kana)
PLACES = [
    ("みどり野", "ミドリノ"), ("中央", "チュウオウ"), ("北町", "キタマチ"), ("南台", "ミナミダイ"),
    ("東原", "ヒガシハラ"), ("西浜", "ニシハマ"), ("緑ヶ丘", "ミドリガオカ"), ("川辺", "カワベ"),
    ("山手", "ヤマテ"), ("桜通り", "サクラドオリ"), ("若葉", "ワカバ"), ("青葉台", "アオバダイ"),
    ("本町", "ホンマチ"), ("駅前", "エキマエ"), ("旭", "アサヒ"), ("松原", "マツバラ"), ("梅田", "ウメダ"),
    ("竹の台", "タケノダイ"), ("大池", "オオイケ"), ("小川", "オガワ"), ("新田", "シンデン"),
    ("富士見", "フジミ"), ("春日", "カスガ"), ("日の出", "ヒノデ"), ("泉", "イズミ"), ("丘の上", "オカノウエ"),
]
# optional nicknames in the middle
NICKS = [
    ("", ""), ("", ""), ("", ""), ("ひまわり", "ヒマワリ"), ("さくら", "サクラ"), ("あおぞら", "アオゾラ"),
    ("たんぽぽ", "タンポポ"), ("どんぐり", "ドングリ"), ("にじいろ", "ニジイロ"), ("すずらん", "スズラン"),
    ("かがやき", "カガヤキ"), ("ふれあい", "フレアイ"), ("なかよし", "ナカヨシ"), ("ほほえみ", "ホホエミ"),
    ("つばさ", "ツバサ"), ("わかば", "ワカバ"), ("こもれび", "コモレビ"), ("いずみ", "イズミ"),
]
# themes: (kanji, kana, weight, NPO fields, activity phrases)
THEMES = [
    ("福祉", "フクシ", 260, [1], ["地域福祉の相談会", "福祉施設での交流活動", "福祉まつりへの出展"]),
    ("子育て", "コソダテ", 70, [13, 1], ["子育てサロンの運営", "親子の遊び場づくり", "子育て相談"]),
    ("防災", "ボウサイ", 50, [8, 9], ["防災訓練の企画", "防災マップづくり", "備蓄品の点検"]),
    ("見守り", "ミマモリ", 40, [9, 1], ["高齢者宅への訪問", "登下校の見守り", "声かけ運動"]),
    ("環境", "カンキョウ", 50, [7], ["河川の清掃", "資源回収", "省エネ講座"]),
    ("まちづくり", "マチヅクリ", 45, [3], ["地区の魅力調査", "空き店舗の活用", "まちあるきの開催"]),
    ("国際交流", "コクサイコウリュウ", 20, [11], ["外国人住民との交流会", "多言語の生活情報づくり"]),
    ("日本語", "ニホンゴ", 10, [11, 2], ["日本語教室", "学習パートナーの養成"]),
    ("音楽", "オンガク", 30, [6], ["定期演奏会", "施設への訪問演奏"]),
    ("合唱", "ガッショウ", 15, [6], ["合唱の練習会", "地域の音楽祭への出演"]),
    ("読書", "ドクショ", 12, [2, 13], ["読書会", "図書館での読み聞かせ"]),
    ("読み聞かせ", "ヨミキカセ", 15, [13, 2], ["絵本の読み聞かせ", "おはなし会"]),
    ("歴史", "レキシ", 12, [6, 2], ["郷土史の調査", "史跡めぐり"]),
    ("写真", "シャシン", 8, [6], ["撮影会", "写真展の開催"]),
    ("里山", "サトヤマ", 10, [7, 5], ["竹林の整備", "炭焼き体験"]),
    ("花いっぱい", "ハナイッパイ", 12, [7, 3], ["花壇の手入れ", "苗の配布"]),
    ("スポーツ", "スポーツ", 40, [6, 13], ["スポーツ教室", "地域の運動会"]),
    ("健康", "ケンコウ", 35, [1, 6], ["健康体操", "ウォーキングの会"]),
    ("食育", "ショクイク", 12, [1, 13], ["親子料理教室", "地元野菜の学習会"]),
    ("子ども食堂", "コドモショクドウ", 20, [13, 1], ["子ども食堂の運営", "食材の寄付の受け付け"]),
    ("学習支援", "ガクシュウシエン", 18, [13, 2], ["放課後の学習支援", "中学生の勉強会"]),
    ("介護", "カイゴ", 25, [1], ["介護者のつどい", "介護予防の体操教室"]),
    ("障がい者支援", "ショウガイシャシエン", 20, [1, 17], ["作業所との交流", "外出の付き添い"]),
    ("就労支援", "シュウロウシエン", 8, [17], ["就労相談", "職場体験の受け入れ"]),
    ("ICT", "アイシーティー", 10, [14], ["スマートフォン相談会", "団体のホームページ作成支援"]),
    ("科学", "カガク", 5, [15, 13], ["子ども科学教室", "星空観察会"]),
    ("観光", "カンコウ", 10, [4, 16], ["観光ガイド", "特産品のPR"]),
    ("農業", "ノウギョウ", 8, [5, 16], ["市民農園の運営", "収穫体験"]),
    ("消費者", "ショウヒシャ", 4, [18], ["悪質商法の出前講座", "食品表示の学習会"]),
    ("人権", "ジンケン", 4, [10], ["人権学習会", "パネル展示"]),
    ("男女共同参画", "ダンジョキョウドウサンカク", 3, [12], ["学習会", "意見交換会"]),
    ("手話", "シュワ", 3, [1, 10], ["手話講習会", "聞こえない人との交流会"]),
    ("囲碁", "イゴ", 4, [6], ["囲碁の対局会", "子ども囲碁教室"]),
    ("陶芸", "トウゲイ", 1, [6], ["陶芸教室", "作品展"]),
    ("演劇", "エンゲキ", 3, [6, 13], ["公演", "子ども演劇ワークショップ"]),
]
SUFFIXES = [
    ("の会", "ノカイ", 30), ("クラブ", "クラブ", 15), ("ネット", "ネット", 8), ("サークル", "サークル", 10),
    ("グループ", "グループ", 8), ("協議会", "キョウギカイ", 3), ("応援団", "オウエンダン", 4),
    ("倶楽部", "クラブ", 3), ("ネットワーク", "ネットワーク", 5), ("プロジェクト", "プロジェクト", 4),
    ("研究会", "ケンキュウカイ", 5), ("隊", "タイ", 3), ("センター", "センター", 2),
]
KIND_SUFFIX = {
    "自治会・町内会": [("自治会", "ジチカイ"), ("町内会", "チョウナイカイ")],
    "子ども会": [("子ども会", "コドモカイ")],
    "老人クラブ": [("長寿会", "チョウジュカイ"), ("シニアクラブ", "シニアクラブ"), ("寿会", "コトブキカイ")],
    "コミュニティ協議会": [("地区協議会", "チクキョウギカイ"), ("まちづくり協議会", "マチヅクリキョウギカイ")],
    "企業": [("株式会社", "カブシキガイシャ"), ("商事", "ショウジ"), ("工業", "コウギョウ")],
    "商店": [("商店", "ショウテン"), ("商会", "ショウカイ"), ("堂", "ドウ")],
    "学校": [("小学校", "ショウガッコウ"), ("中学校", "チュウガッコウ")],
    "大学": [("大学", "ダイガク"), ("短期大学", "タンキダイガク")],
}
GOALS = [
    "だれもが安心して暮らせる地域をつくる", "世代をこえた交流の輪を広げる", "地域の課題を住民の力で解決する",
    "子どもたちの健やかな成長を支える", "一人ひとりが生きがいを持てる場をつくる", "地域の魅力を次の世代に引き継ぐ",
    "孤立しがちな人と地域をつなぐ", "市民が主体となったまちづくりを進める", "支え合いの仕組みを地域に根づかせる",
]
OPENERS = [
    "{t}に関心のある市民が集まり、", "{p}を拠点に、", "地域の{t}を身近なものにするため、", "{t}の活動を通じて、",
    "会員の経験を生かし、", "行政や他の団体と協力しながら、",
]
EXTRAS = [
    "地域福祉の向上にも取り組んでいる。", "活動の様子は広報紙で紹介している。", "新しい会員を随時受け入れている。",
    "年に一度、活動報告会を開いている。", "公民館を主な会場としている。", "市民活動センターの講座にも参加している。",
    "近隣の団体と情報交換を続けている。", "会員の多くは市内に住んでいる。", "参加費は無料で、だれでも見学できる。",
    "毎月の定例会で活動内容を話し合っている。", "学校や自治会と協力して活動している。", "季節ごとに行事を企画している。",
    "活動の記録を写真にまとめている。", "初めての人にも分かりやすい説明を心がけている。",
]
SURNAMES = [("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"), ("伊藤", "イトウ"),
            ("渡辺", "ワタナベ"), ("山本", "ヤマモト"), ("中村", "ナカムラ"), ("小林", "コバヤシ"), ("加藤", "カトウ"),
            ("吉田", "ヨシダ"), ("山田", "ヤマダ"), ("佐々木", "ササキ"), ("山口", "ヤマグチ"), ("松本", "マツモト"),
            ("井上", "イノウエ"), ("木村", "キムラ"), ("林", "ハヤシ"), ("清水", "シミズ"), ("森", "モリ")]
GIVEN = [("太郎", "タロウ"), ("花子", "ハナコ"), ("健一", "ケンイチ"), ("陽子", "ヨウコ"), ("誠", "マコト"),
         ("美咲", "ミサキ"), ("大輔", "ダイスケ"), ("恵子", "ケイコ"), ("翔", "ショウ"), ("由美", "ユミ"),
         ("修", "オサム"), ("直子", "ナオコ"), ("拓也", "タクヤ"), ("真理", "マリ"), ("茂", "シゲル"), ("彩", "アヤ")]
PUBLIC = ["代表者", "連絡担当者", "郵便番号", "住所", "電話番号", "FAX番号", "メール"]
AGES = ["10代以下が中心", "20〜30代が中心", "40〜50代が中心", "60〜70代が中心", "80代以上が中心", "幅広い年代"]
INCOME = ["会費", "寄付金", "補助金・助成金", "事業収入", "委託料", "その他"]
RECRUIT = ["一緒に活動する仲間を募集しています。", "イベント当日のボランティアを募集中です。",
           "月1回から参加できる方を歓迎します。", "学生の参加も歓迎します。"]

HEADERS = ["種別", "団体名", "団体名カナ", "法人番号", "設立年月日", "目的", "活動内容", "活動分野", "活動地区",
           "会員数", "代表者", "代表者カナ", "郵便番号", "住所", "電話番号", "FAX番号", "メール", "ウェブサイト",
           "公開項目", "登録番号", "登録日", "状態", "募集", "市内会員数", "主な年齢層", "主な収入源", "SNS",
           "連絡担当者", "連絡担当者カナ"]


def corp_number(base12):
    s = sum(int(ch) * (1 if n % 2 else 2) for n, ch in enumerate(reversed(base12), 1))
    return str(9 - s % 9) + base12


def wareki(y, m, d, rnd):
    """西暦 mostly; sometimes 令和N年M月D日 or H30.5.1 as offices write them."""
    r = rnd.random()
    if r < 0.8 or (y, m, d) < (1989, 1, 8):
        return "%04d-%02d-%02d" % (y, m, d)
    if (y, m) >= (2019, 5):
        return "令和%s年%d月%d日" % ("元" if y == 2019 else y - 2018, m, d)
    if y < 2019:
        return "H%d.%d.%d" % (y - 1988, m, d)
    return "%04d/%d/%d" % (y, m, d)


def demo_names():
    """The demo city's groups (demo/orgs.csv and two applications): never generated again, so
    that every row of the file is a new record."""
    names = {"みどり野ハーモニカ同好会", "北地区フードパントリーの会"}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "demo", "orgs.csv")
    with open(path, encoding="utf-8-sig") as f:
        names.update(r["団体名"] for r in csv.DictReader(f))
    return names


def pick(rnd, items, weights):
    return rnd.choices(items, weights=weights, k=1)[0]


def text_between(rnd, make, lo, hi):
    """make(), then extra sentences up to a length drawn from lo..hi characters."""
    s = make()
    want = rnd.randint(lo, hi - 20)
    while len(s) < want:
        e = rnd.choice(EXTRAS)
        if len(s) + len(e) > hi:
            break
        s += e
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="orgs.csv")
    ap.add_argument("--rows", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=20240401)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    kind_w = [k[1] for k in KINDS]
    theme_w = [t[2] for t in THEMES]
    suf_w = [s[2] for s in SUFFIXES]
    seen = demo_names()
    out = open(a.out, "w", encoding="utf-8", newline="")
    out.write("\ufeff")

    def row(cells):
        q = []
        for c in cells:
            c = str(c)
            if any(ch in c for ch in ',"\r\n'):
                c = '"' + c.replace('"', '""') + '"'
            q.append(c)
        out.write(",".join(q) + "\r\n")

    row(HEADERS)
    for i in range(a.rows):
        kind, _, corp_ok = pick(rnd, KINDS, kind_w)
        theme = pick(rnd, THEMES, theme_w)
        while True:  # a unique name and reading
            place = rnd.choice(PLACES)
            nick = rnd.choice(NICKS)
            if kind in KIND_SUFFIX:
                suf = rnd.choice(KIND_SUFFIX[kind])
                mid = (nick[0] + theme[0], nick[1] + theme[1]) if kind in ("企業", "商店") else nick
                name, kana = place[0] + mid[0] + suf[0], place[1] + mid[1] + suf[1]
            else:
                suf = pick(rnd, SUFFIXES, suf_w)
                name, kana = place[0] + nick[0] + theme[0] + suf[0], place[1] + nick[1] + theme[1] + suf[1]
            if name not in seen:
                break
            # the same words again: a numbered branch (第2, 第3 …), as real registries have
            n = 2
            while "%s第%d" % (name, n) in seen:
                n += 1
            name, kana = "%s第%d" % (name, n), "%sダイ%d" % (kana, n)
            if name not in seen:
                break
        seen.add(name)
        town = AREA_TOWNS[rnd.choice(AREAS)]
        y = rnd.randint(1970, 2024)
        m, d = rnd.randint(1, 12), rnd.randint(1, 28)
        founded = wareki(y, m, d, rnd)
        purpose = text_between(rnd, lambda: rnd.choice(OPENERS).format(t=theme[0], p=place[0] + "地域")
                               + rnd.choice(GOALS) + "ことを目的とする。", 60, 150)
        acts = theme[4][:]
        rnd.shuffle(acts)
        other = pick(rnd, THEMES, theme_w)
        activities = text_between(rnd, lambda: "、".join(acts[:2] + [rnd.choice(other[4])]) + "を行っている。",
                                  60, 150)
        fields = []
        for f in theme[3] + other[3]:
            if f not in fields:
                fields.append(f)
        fields = fields[:rnd.randint(1, 3)]
        areas = rnd.sample(AREAS, rnd.choice([1, 1, 1, 2, 2, 3]))
        members = max(1, int(rnd.lognormvariate(3.0, 0.9)))
        in_city = max(0, members - int(members * rnd.random() * 0.3))
        sur, giv = rnd.choice(SURNAMES), rnd.choice(GIVEN)
        csur, cgiv = rnd.choice(SURNAMES), rnd.choice(GIVEN)
        has_contact = rnd.random() < 0.4
        pub = [p for p in PUBLIC if rnd.random() < 0.3]
        ry = max(y, 2005) + rnd.randint(0, 3)
        ry = min(ry, 2025)
        status = pick(rnd, ["活動中", "休止", "解散"], [90, 8, 2])
        r = rnd.random()
        row([
            kind, name, kana,
            corp_number("%012d" % (700000000000 + i)) if corp_ok and rnd.random() < 0.5 else "",
            founded, purpose, activities, ";".join(map(str, fields)), ";".join(areas),
            members, sur[0] + " " + giv[0], sur[1] + " " + giv[1],
            "990-%04d" % (i % 10000), "みどり野市%s%d丁目%d番%d号" % (town, i % 5 + 1, i // 5 % 50 + 1, i),
            "099-%03d-%04d" % (100 + i // 10000, i % 10000), "098-%03d-%04d" % (100 + i // 10000, i % 10000)
            if r < 0.3 else "",
            "g%06d@example.jp" % i, "https://example.jp/g%06d/" % i if r < 0.4 else "",
            ";".join(pub), "B%06d" % i, "%04d-%02d-%02d" % (ry, rnd.randint(1, 12), rnd.randint(1, 28)),
            status, rnd.choice(RECRUIT) if rnd.random() < 0.3 and status == "活動中" else "",
            in_city, rnd.choice(AGES), ";".join(x for x in INCOME if rnd.random() < 0.35),
            "https://example.jp/sns/g%06d" % i if r > 0.85 else "",
            csur[0] + " " + cgiv[0] if has_contact else "", csur[1] + " " + cgiv[1] if has_contact else "",
        ])
    out.close()


if __name__ == "__main__":
    main()
