#!/bin/sh
# test_project_cli: `kyodo project import|export|stats` as scripts use them — exit codes
# (0 ok, 1 usage, 2 data), the import's errors naming file, row and column with nothing
# written, --dry-run, matching by 事業名 + 開始年度 (importing again updates), years as
# people write them, the exact stats CSV (every form and zone with zeros, departments,
# totals; a project counts in every year it runs), and an export that imports back
# unchanged (UTF-8 and CP932). Runs on the demo city. Ends with "project-cli: N passed, N failed".
set -u
K=${KYODO_BIN:-build/kyodo}
export KYODO_FAST_HASH=1
T=$(mktemp -d)
. "$(dirname "$0")/../common/testdb.sh"
trap 'testdb_cleanup; rm -rf "$T"' EXIT
DB=$(testdb_new t)
pass=0; fail=0
ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL: $*"; }
expect() {
  code=$1; what=$2; shift 3
  "$@" >"$T/out" 2>"$T/err"; rc=$?
  if [ "$rc" -eq "$code" ]; then ok; else bad "$what: exit $rc, wanted $code"; sed 's/^/  | /' "$T/err" | head -5; fi
}
has() { if grep -qF -- "$2" "$1"; then ok; else bad "$3: '$2' not in $1"; sed 's/^/  | /' "$1" | head -5; fi; }
lacks() { if grep -qF -- "$2" "$1"; then bad "$3: '$2' in $1"; else ok; fi; }
count() { # count SQL: one number
  if testdb_is_pg; then psql -X -A -t -d "${DB#postgresql:///}" -c "$1"; else sqlite3 "$DB" "$1"; fi
}

expect 0 "project --help" -- "$K" project --help
has "$T/out" "project import FILE" "help names import"
has "$T/out" "by,key,count" "help names the stats format"
expect 1 "project without a subcommand" -- "$K" --db "$DB" project
expect 1 "project with an unknown subcommand" -- "$K" --db "$DB" project frob
expect 0 "demo" -- "$K" --db "$DB" demo
base=$(count "SELECT count(*) FROM projects")
[ "$base" = 6 ] && ok || bad "demo projects: $base"

# ---- import: all or nothing ----
cat >"$T/bad.csv" <<'CSV'
事業名,開始年度,終了年度,担当課,形態,領域,パートナー,段階,目的
新しい見守り事業,R7,R7,福祉総務課,事業委託,行政主導,みどり野高齢者見守りネット,計画,見守る
壊れた事業,R8,R7,存在しない課,寄付,市民,どこにもない会,進行中,
CSV
expect 2 "a bad row fails the import" -- "$K" --db "$DB" project import "$T/bad.csv"
has "$T/err" "bad.csv: row 3, column 3 (終了年度): the last fiscal year is before the first" "end before start"
has "$T/err" "bad.csv: row 3, column 4 (担当課): unknown department" "unknown department"
has "$T/err" "bad.csv: row 3, column 5 (形態): unknown form of collaboration" "unknown form"
has "$T/err" "bad.csv: row 3, column 6 (領域): unknown zone" "unknown zone"
has "$T/err" "bad.csv: row 3, column 7 (パートナー): unknown partner どこにもない会" "unknown partner"
has "$T/err" "bad.csv: row 3, column 8 (段階): unknown stage" "unknown stage"
has "$T/err" "nothing was imported" "says nothing was imported"
[ "$(count "SELECT count(*) FROM projects")" = 6 ] && ok || bad "the good row of a bad file was written"
printf '事業名,開始年度\nx,2025\n' >"$T/nocol.csv"
expect 2 "missing columns" -- "$K" --db "$DB" project import "$T/nocol.csv"
has "$T/err" "the column 担当課 is missing" "names the missing column"
expect 2 "a file that does not exist" -- "$K" --db "$DB" project import "$T/none.csv"
expect 1 "a bad encoding option" -- "$K" --db "$DB" project import "$T/bad.csv" --encoding latin1

cat >"$T/good.csv" <<'CSV'
段階,事業名,開始年度,終了年度,担当課,形態,領域,パートナー,関連施策,予算
計画,新しい見守り事業,令和7年度,R8,福祉総務課,事業委託,行政主導,みどり野高齢者見守りネット、みどり長寿会,Ⅰ-1-(1),"2,000,000"
検討,平成の事業,H30,2025,財政課,補助・助成,市民主導,北町自治会,,
CSV
expect 0 "dry run" -- "$K" --db "$DB" project import "$T/good.csv" --dry-run
has "$T/out" "create 新しい見守り事業 (2025)" "dry run lists the change"
has "$T/out" "2 would be created, 0 updated; nothing was written" "dry run summary"
[ "$(count "SELECT count(*) FROM projects")" = 6 ] && ok || bad "dry run wrote"
expect 0 "import" -- "$K" --db "$DB" project import "$T/good.csv"
has "$T/out" "2 created, 0 updated" "import summary"
[ "$(count "SELECT fy_start FROM projects WHERE title = '平成の事業'")" = 2018 ] && ok || bad "H30 is 2018"
[ "$(count "SELECT budget FROM projects WHERE title = '新しい見守り事業'")" = 2000000 ] && ok || bad "budget 2,000,000"
expect 0 "import again" -- "$K" --db "$DB" project import "$T/good.csv"
has "$T/out" "0 created, 2 updated" "matched by 事業名 + 開始年度"
[ "$(count "SELECT count(*) FROM projects")" = 8 ] && ok || bad "importing again created projects"
iconv -f UTF-8 -t CP932 "$T/good.csv" >"$T/good-sjis.csv"
expect 0 "import CP932 (auto)" -- "$K" --db "$DB" project import "$T/good-sjis.csv"
has "$T/out" "0 created, 2 updated" "CP932 matched"

# ---- stats: the exact CSV ----
cat >"$T/want-2025.csv" <<'CSV'
by,key,count
form,後援,1
form,事業協力,1
form,事業共催,1
form,補助・助成,2
form,事業委託,1
form,実行委員会,1
zone,市民主体,1
zone,市民主導,3
zone,市民・行政,2
zone,行政主導,1
zone,行政主体,0
department,企画政策課,1
department,協働推進課,2
department,財政課,1
department,生涯学習課,2
department,福祉総務課,1
total,projects,7
total,departments,5
CSV
expect 0 "stats csv" -- "$K" --db "$DB" project stats --year R7 --format csv
if tr -d '\r' <"$T/out" | cmp -s - "$T/want-2025.csv"; then ok; else bad "stats CSV 2025"; tr -d '\r' <"$T/out" | diff "$T/want-2025.csv" - | head -20; fi
expect 0 "stats csv of a year without projects" -- "$K" --db "$DB" project stats --year 2010 --format csv
has "$T/out" "form,実行委員会,0" "zeros for every form"
has "$T/out" "zone,行政主体,0" "zeros for every zone"
has "$T/out" "total,projects,0" "total zero"
has "$T/out" "total,departments,0" "no department"
lacks "$T/out" "department," "no department lines"
expect 0 "stats 2018 counts the project from H30" -- "$K" --db "$DB" project stats --year 平成30年度 --format csv
has "$T/out" "total,projects,1" "one project in 2018"
expect 0 "stats text" -- "$K" --db "$DB" project stats --year 2025
has "$T/out" "令和7年度 (2025)" "text names the year in 和暦"
expect 0 "stats json" -- "$K" --db "$DB" project stats --year 2025 --format json
if node -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); if (d.projects!==7||d.departments!==5||d.form.length!==6||d.zone.length!==5) process.exit(1)' "$T/out"; then ok; else bad "stats json"; fi
expect 1 "stats without a year" -- "$K" --db "$DB" project stats
expect 1 "stats with a bad year" -- "$K" --db "$DB" project stats --year H99
expect 1 "stats with a bad format" -- "$K" --db "$DB" project stats --year 2025 --format xml

# ---- export: imports back unchanged ----
expect 0 "export csv" -- "$K" --db "$DB" project export --year 2025 --format csv -o "$T/e.csv"
head -c 3 "$T/e.csv" | od -An -tx1 | grep -q "ef bb bf" && ok || bad "UTF-8 export has a BOM"
has "$T/e.csv" "新しい見守り事業,2025,2026,福祉総務課,事業委託,行政主導,みどり野高齢者見守りネット、みどり長寿会,計画,,Ⅰ-1-(1),2000000" "export row"
before=$(count "SELECT count(*) FROM audit_log")
expect 0 "the export imports back" -- "$K" --db "$DB" project import "$T/e.csv"
has "$T/out" "0 created" "nothing created from the export"
"$K" --db "$DB" project export --year 2025 --format csv -o "$T/e2.csv" && cmp -s "$T/e.csv" "$T/e2.csv" && ok || bad "export → import → export differs"
expect 0 "export cp932" -- "$K" --db "$DB" project export --year 2025 --format csv --encoding cp932 -o "$T/s.csv"
iconv -f CP932 -t UTF-8 "$T/s.csv" >/dev/null 2>&1 && ok || bad "CP932 export is CP932"
expect 0 "CP932 export imports back" -- "$K" --db "$DB" project import "$T/s.csv"
has "$T/out" "0 created" "CP932 round trip creates nothing"
expect 0 "export json" -- "$K" --db "$DB" project export --year 2025 --format json
if node -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); if (d.projects.length!==7) process.exit(1)' "$T/out"; then ok; else bad "export json rows"; fi
expect 0 "export xlsx" -- "$K" --db "$DB" project export --year 2025 --format xlsx -o "$T/e.xlsx"
head -c 2 "$T/e.xlsx" | grep -q PK && ok || bad "xlsx is a zip"
expect 1 "xlsx without -o" -- "$K" --db "$DB" project export --year 2025 --format xlsx
expect 1 "export with a bad format" -- "$K" --db "$DB" project export --year 2025 --format pdf
expect 1 "export without a year" -- "$K" --db "$DB" project export --format csv

# ---- names as people write them: partners, departments and plan item codes folded ----
# (full-width/half-width, kana, 〜/～, −/－, blanks), as a list from Excel in CP932 has them;
# two registry names that fold alike refuse the row, naming both
cat >"$T/orgs-fold.csv" <<'CSV'
種別,団体名,団体名カナ,審査状態
任意団体,波〜の会,ナミノカイ,登録済
任意団体,ひかりの会,ヒカリノカイ,登録済
任意団体,ヒカリの会,ヒカリノカイ,登録済
CSV
expect 0 "registry groups for the folding" -- "$K" --db "$DB" org import "$T/orgs-fold.csv"
cat >"$T/fold.csv" <<'CSV'
事業名,開始年度,終了年度,担当課,形態,領域,パートナー,段階,関連施策
表記ゆれの事業,R9,R9,企画政策課　,事業協力,市民・行政,みどり野ＩＣＴサポート、ﾐﾄﾞﾘ長寿会、波～の会、ひかりの会,計画,Ⅰ－１－（１）
CSV
expect 0 "partners, department and item code match folded" -- "$K" --db "$DB" project import "$T/fold.csv"
has "$T/out" "1 created, 0 updated" "the folded row is created"
fid=$(count "SELECT id FROM projects WHERE title = '表記ゆれの事業'")
[ "$(count "SELECT count(*) FROM project_partners pp JOIN orgs o ON o.id = pp.org_id WHERE pp.project_id = ${fid:-0} AND o.name IN ('みどり野ICTサポート', 'みどり長寿会', '波〜の会', 'ひかりの会')")" = 4 ] && ok || bad "the four partners as registered"
[ "$(count "SELECT d.name FROM projects p JOIN departments d ON d.id = p.department_id WHERE p.id = ${fid:-0}")" = 企画政策課 ] && ok || bad "the department as the city spells it"
[ "$(count "SELECT i.code FROM project_plan_items ppi JOIN plan_items i ON i.id = ppi.item_id WHERE ppi.project_id = ${fid:-0}")" = 'Ⅰ-1-(1)' ] && ok || bad "the item code Ⅰ－１－（１） is Ⅰ-1-(1)"
# the same list saved by Excel in Shift_JIS: 〜 comes back as ～, and matches again (updates)
sed 's/表記ゆれの事業/Excelの事業/' "$T/fold.csv" | iconv -f UTF-8 -t CP932 >"$T/fold-sjis.csv"
expect 0 "the CP932 list matches folded" -- "$K" --db "$DB" project import "$T/fold-sjis.csv"
has "$T/out" "1 created, 0 updated" "CP932 folded row created"
[ "$(count "SELECT count(*) FROM project_partners pp JOIN projects p ON p.id = pp.project_id JOIN orgs o ON o.id = pp.org_id WHERE p.title = 'Excelの事業' AND o.name = '波〜の会'")" = 1 ] && ok || bad "波～の会 from CP932 is 波〜の会"
# ambiguous: ﾋｶﾘの会 folds to both ひかりの会 and ヒカリの会
cat >"$T/ambig.csv" <<'CSV'
事業名,開始年度,終了年度,担当課,形態,領域,パートナー,段階
あいまいな事業,R9,R9,企画政策課,事業協力,市民・行政,ﾋｶﾘの会,計画
CSV
expect 2 "an ambiguous folded name fails the row" -- "$K" --db "$DB" project import "$T/ambig.csv"
has "$T/err" "ambig.csv: row 2, column 7 (パートナー): ﾋｶﾘの会 matches several groups of the registry once widths, kana and dashes are folded (ひかりの会、ヒカリの会)" "names both groups"
[ "$(count "SELECT count(*) FROM projects WHERE title = 'あいまいな事業'")" = 0 ] && ok || bad "the ambiguous row was written"

echo "project-cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
