#!/usr/bin/env bash
# project_bench.sh: the public collaboration projects (issue 10, "Done means": the public
# project list and statistics with 10,000 projects, against nginx and the bare query),
# measured side by side in one run.
#
#   make && bash bench/project_bench.sh
#
#   data  the demo city, ORGS generated groups (bench/gen_orgs.py, `kyodo org import`), the
#         lead departments (one staff account each, `kyodo user add --department`, which
#         creates the department), ROWS projects over ten fiscal years (bench/gen_projects.py,
#         `kyodo project import`); a share of them published (there is no command for it:
#         an UPDATE in the sqlite3 CLI, stages 実施/評価/完了 two in three, 計画 one in three);
#   a.    `kyodo project import` of the ROWS projects into a copy of the database before it,
#         RUNS_IMPORT runs, wall and CPU time;
#   b.    `kyodo project stats --year FY --format csv` against its three statements in the
#         sqlite3 CLI (whole processes, interleaved, RUNS_SQL runs, medians), the counts
#         checked equal first; the process floors (`kyodo --help`, `sqlite3 … SELECT 1`);
#   c.    the public pages (the list: first page, a deep page, the year filter and a deep
#         page of it; the yearly figures page, its CSV and JSON; the JSON API /api/projects:
#         first page, deep page, the year filter), each
#           c1. cached (anonymous: the page cache) with wrk against nginx serving the bytes
#               kyodo served (saved with curl), WRK_ROUNDS rounds alternating, medians;
#           c2. uncached (logged in as the demo group: never from the page cache), one request
#               at a time with curl (median of RUNS_SQL) against the bare SQL of the
#               statements the page runs, timed in process and warm (bench/bare_sql.py:
#               Python's sqlite3, the same libsqlite3, median of RUNS_SQL runs of all the
#               statements after one not counted) — and with wrk, UNCACHED_CONNECTIONS;
#   d.    the same on PostgreSQL (SKIP_PG=1 skips it): the rows copied with `kyodo copy-data`
#         into a cluster of the run's own (bench/lib.sh pg_start), `project stats` against psql,
#         the pages cached and uncached, the bare SQL with pgbench (one client, latency average);
#   e.    a summary, also in bench/out/project-summary.txt.
#
# Not a test and not part of `make test`. Installs nginx and wrk with apt-get if missing.
# Everything temporary lives in a mktemp directory removed at the end (also on Ctrl-C);
# bench/out/ keeps the saved pages (project-*.out), the nginx config and the wrk outputs.
#
# Knobs (environment): KYODO (build/kyodo), ROWS (10000 projects), ORGS (2000 groups), FY
# (2024: the year of the filter and of the stats), DEEP (page 100 of the list, 20 of the
# year), RUNS_IMPORT (3), RUNS_SQL (11), WRK_DURATION (10s), WRK_CONNECTIONS (64),
# UNCACHED_CONNECTIONS (8), WRK_THREADS (2), WRK_ROUNDS (3), PAGES (the names of the pages
# to measure, default all: list list_deep list_year list_year_deep figures figures_csv
# figures_json api api_deep api_year), SKIP_PG=1 (SQLite only).
set -euo pipefail
export LC_ALL=C.UTF-8

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KYODO=${KYODO:-$ROOT/build/kyodo}
ROWS=${ROWS:-10000}
ORGS=${ORGS:-2000}
FY=${FY:-2024}
DEEP=${DEEP:-100}
DEEP_YEAR=${DEEP_YEAR:-20}
RUNS_IMPORT=${RUNS_IMPORT:-3}
RUNS_SQL=${RUNS_SQL:-11}
WRK_DURATION=${WRK_DURATION:-10s}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-64}
UNCACHED_CONNECTIONS=${UNCACHED_CONNECTIONS:-8}
WRK_THREADS=${WRK_THREADS:-2}
WRK_ROUNDS=${WRK_ROUNDS:-3}
SKIP_PG=${SKIP_PG:-}
OUT=$ROOT/bench/out
PASSWORD=kyodo-demo-2026

BENCH_NAME=project_bench
WRK_TAG=project
. "$ROOT/bench/lib.sh"

[ -x "$KYODO" ] || die "$KYODO not found: run make first"
need_tools sqlite3=sqlite3 curl=curl python3=python3 nginx=nginx wrk=wrk
[ -n "$SKIP_PG" ] || need_tools psql=postgresql-client-15 pgbench=postgresql-15
[ -n "$SKIP_PG" ] || [ -x "$PG_BIN/initdb" ] || die "PostgreSQL 15 is not installed ($PG_BIN/initdb); SKIP_PG=1 runs SQLite alone"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/kyodo-projectbench.XXXXXX")
chmod 755 "$TMP"
KPID=
NPID=
stop_kyodo() {
	if [ -n "$KPID" ] && kill -0 "$KPID" 2>/dev/null; then
		kill -TERM "$KPID" 2>/dev/null || true
		wait "$KPID" 2>/dev/null || true
	fi
	KPID=
}
stop_nginx() {
	if [ -n "$NPID" ] && kill -0 "$NPID" 2>/dev/null; then
		kill -QUIT "$NPID" 2>/dev/null || true
		wait "$NPID" 2>/dev/null || true
	fi
	NPID=
}
cleanup() {
	local rc=$?
	stop_kyodo
	stop_nginx
	pg_stop
	rm -rf "$TMP"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$OUT"

# start_kyodo DB: `kyodo serve` on a free loopback port; sets KPID and KURL
start_kyodo() {
	"$KYODO" --db "$1" serve --listen 127.0.0.1:0 --max-conns-per-addr 256 >"$TMP/serve.log" 2>&1 &
	KPID=$!
	KURL=
	for _ in $(seq 1 100); do
		KURL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$TMP/serve.log" 2>/dev/null | head -1) || true
		[ -n "$KURL" ] && break
		kill -0 "$KPID" 2>/dev/null || { cat "$TMP/serve.log" >&2; die "kyodo serve exited"; }
		sleep 0.1
	done
	[ -n "$KURL" ] || die "kyodo serve did not report its address"
	KURL=${KURL%/}
}
# login: the demo group's session cookie ("kyodo_session=…") on $KURL
login() {
	rm -f "$TMP/jar"
	curl -s -c "$TMP/jar" -o /dev/null -H "Origin: $KURL" --data-urlencode login=group \
		--data-urlencode password="$PASSWORD" "$KURL/login"
	awk '(!/^#/ || /^#HttpOnly_/) && NF >= 7 && $6 == "kyodo_session" { print $6 "=" $7 }' "$TMP/jar"
}
load() { cut -d' ' -f1 /proc/loadavg; }
ms_of() { awk '{ printf "%.2f\n", $1 * 1000 }'; }

say "Kyodo projects benchmark — $(date -u '+%Y-%m-%d %H:%M UTC') on $(uname -n)"
say "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure; look at the ratios)"
say "kyodo: $KYODO (repo HEAD $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$ROOT" && git diff --quiet HEAD -- 2>/dev/null || echo ', dirty tree')); sqlite3 $(sqlite3 --version | cut -d' ' -f1)"

# ---------------------------------------------------------------- data
hr
DB=$TMP/projects.db
BASE=$TMP/base.db
python3 "$ROOT/bench/gen_orgs.py" --rows "$ORGS" --out "$TMP/orgs.csv" >/dev/null
python3 "$ROOT/bench/gen_projects.py" --orgs "$TMP/orgs.csv" --rows "$ROWS" --out "$TMP/projects.csv"
kyodo() { "$KYODO" --db "$BASE" "$@"; }
kyodo demo >/dev/null
kyodo org import "$TMP/orgs.csv" >/dev/null
i=0
while read -r dept; do
	i=$((i + 1))
	[ "$(sqlite3 "$BASE" "SELECT count(*) FROM departments WHERE name = '$dept'")" = 0 ] || continue
	printf '%s\n%s\n' "$PASSWORD" "$PASSWORD" | kyodo user add "bench-dept-$i" --role staff --department "$dept" >/dev/null
done < <(python3 "$ROOT/bench/gen_projects.py" --departments)
sqlite3 "$BASE" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null

# ---------------------------------------------------------------- a. import
say "a. kyodo project import of $ROWS projects ($(du -h "$TMP/projects.csv" | cut -f1) of CSV, bench/gen_projects.py) into the demo city + $ORGS groups, $RUNS_IMPORT runs"
: >"$TMP/import.ms"; : >"$TMP/import.cpu"
for r in $(seq 1 "$RUNS_IMPORT"); do
	rm -f "$DB" "$DB-wal" "$DB-shm"
	cp "$BASE" "$DB"
	run_ms ms "$KYODO" --db "$DB" project import "$TMP/projects.csv"
	echo "$ms" >>"$TMP/import.ms"; echo "$CPU_MS" >>"$TMP/import.cpu"
	say "   run $r: $(ms2s "$ms") s (CPU $(ms2s "$CPU_MS") s, load $(load))"
done
IMPORT_MS=$(median <"$TMP/import.ms")
IMPORT_CPU=$(median <"$TMP/import.cpu")
# the city publishes most of what runs or ran, some of what is planned, nothing under 検討
sqlite3 "$DB" "UPDATE projects SET published = 1 WHERE (stage IN ('run', 'evaluate', 'done') AND id % 3 <> 0) OR (stage = 'plan' AND id % 3 = 0); PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
read -r NPROJ NPUB FIRST LAST NPART NDEPT < <(sqlite3 -separator ' ' "$DB" "SELECT count(*), sum(published), min(fy_start), max(fy_end), (SELECT count(*) FROM project_partners), (SELECT count(DISTINCT department_id) FROM projects) FROM projects")
NFY=$(sqlite3 "$DB" "SELECT count(*) FROM projects WHERE published = 1 AND fy_start <= $FY AND fy_end >= $FY")
say "   median $(ms2s "$IMPORT_MS") s (CPU $(ms2s "$IMPORT_CPU") s); database $(du -h "$DB" | cut -f1): $NPROJ projects (fiscal years $FIRST–$LAST), $NPUB published ($NFY of them run in $FY), $NPART partners, $NDEPT lead departments"

# ---------------------------------------------------------------- the bare SQL
# The statements kyodo runs, as src/store/sql_project.def has them, with the values a
# public page binds (the visibility rule's parameters all 0: published projects only).
# seen ORG: the rule for a group ORG (0: the public)
seen() { printf '%s' "(0 = 1 OR p.published = 1 OR p.department_id = 0 OR (0 = 1 AND p.stage <> 'consider') OR (0 = 1 AND p.stage IN ('evaluate', 'done')) OR EXISTS (SELECT 1 FROM project_partners sp WHERE sp.project_id = p.id AND sp.org_id = $1))"; }
# sql_list FY OFFSET [ORG]: the page of 50 (51 read: is there more) and the count, for the
# public (published only) or, with ORG, for a logged-in group of the registry (what the API
# gives it: published projects and its own)
sql_list() {
	local SEEN0 PUB=1
	SEEN0=$(seen "${3:-0}")
	[ "${3:-0}" = 0 ] || PUB=0
	printf '%s\n' "SELECT p.id, p.title, p.purpose, p.goals, p.fy_start, p.fy_end, p.department_id, d.name, p.division, p.form, f.label, p.zone, z.label, p.stage, p.stop_reason, coalesce(p.budget, -1), p.published, p.created_at, p.updated_at FROM projects p JOIN departments d ON d.id = p.department_id JOIN project_forms f ON f.code = p.form JOIN project_zones z ON z.code = p.zone WHERE $SEEN0 AND ($1 = 0 OR (p.fy_start <= $1 AND p.fy_end >= $1)) AND ($PUB = 0 OR p.published = 1) AND (0 = 0 OR p.department_id = 0) AND (0 = 0 OR EXISTS (SELECT 1 FROM project_partners fp WHERE fp.project_id = p.id AND fp.org_id = 0)) ORDER BY p.fy_start DESC, p.id DESC LIMIT 51 OFFSET $2;"
	printf '%s\n' "SELECT count(*) FROM projects p WHERE $SEEN0 AND ($1 = 0 OR (p.fy_start <= $1 AND p.fy_end >= $1)) AND ($PUB = 0 OR p.published = 1) AND (0 = 0 OR p.department_id = 0) AND (0 = 0 OR EXISTS (SELECT 1 FROM project_partners fp WHERE fp.project_id = p.id AND fp.org_id = 0));"
}
# sql_partners IDS: the partners of the page's projects, in one statement (kyodo asks per project)
sql_partners() {
	printf '%s\n' "SELECT pp.project_id, pp.id, pp.org_id, o.name, o.kind, k.code, k.label, pp.role, pp.responsibilities, pp.brings_people, pp.brings_money, pp.brings_venue, pp.brings_knowhow, CASE WHEN o.review = 'approved' AND o.status <> 'dissolved' THEN 1 ELSE 0 END FROM project_partners pp JOIN orgs o ON o.id = pp.org_id LEFT JOIN project_party_kind_map m ON m.org_kind = o.kind JOIN project_party_kinds k ON k.code = coalesce(m.party_kind, 'civic') WHERE pp.project_id IN ($1) ORDER BY pp.project_id, pp.pos, pp.id;"
}
# sql_stats FY PUBLIC: the year's counts by form, zone and department
sql_stats() {
	printf '%s\n' "SELECT f.label, count(p.id) FROM project_forms f LEFT JOIN projects p ON p.form = f.code AND p.fy_start <= $1 AND p.fy_end >= $1 AND ($2 = 0 OR p.published = 1) GROUP BY f.code, f.label, f.pos ORDER BY f.pos;"
	printf '%s\n' "SELECT z.label, count(p.id) FROM project_zones z LEFT JOIN projects p ON p.zone = z.code AND p.fy_start <= $1 AND p.fy_end >= $1 AND ($2 = 0 OR p.published = 1) GROUP BY z.code, z.label, z.pos ORDER BY z.pos;"
	printf '%s\n' "SELECT d.name, count(p.id) FROM projects p JOIN departments d ON d.id = p.department_id WHERE p.fy_start <= $1 AND p.fy_end >= $1 AND ($2 = 0 OR p.published = 1) GROUP BY d.id, d.name, d.kana ORDER BY d.kana, d.name, d.id;"
}
# sql_figures: what the figures page reads (src/store/sql_project.def, domain/project_stats.c):
# the years, the forms, zones and departments, then every published project running in one
# of the years (the last 15 at most, as kyodo), counted per year in C — in kyodo; the bare
# SQL only reads the rows
sql_figures() {
	local lo hi
	printf '%s\n' "SELECT coalesce(min(fy_start), 0), coalesce(max(fy_end), 0) FROM projects WHERE (1 = 0 OR published = 1);"
	read -r lo hi < <(sqlite3 -separator ' ' "$DB" "SELECT min(fy_start), max(fy_end) FROM projects WHERE published = 1")
	[ $((hi - lo + 1)) -le 15 ] || lo=$((hi - 14))
	printf '%s\n' "SELECT code, label FROM project_forms ORDER BY pos;" "SELECT code, label FROM project_zones ORDER BY pos;" \
		"SELECT id, name FROM departments ORDER BY kana, name, id;" \
		"SELECT fy_start, fy_end, form, zone, department_id FROM projects WHERE fy_start <= $hi AND fy_end >= $lo AND (1 = 0 OR published = 1);"
}
# sql_figures_per_year: the same counts in SQL, a GROUP BY per year and kind (what kyodo ran
# before 520a52a: 3 statements a year, the form and zone ones each building SQLite's
# automatic index over the whole table)
sql_figures_per_year() {
	local lo hi y
	printf '%s\n' "SELECT coalesce(min(fy_start), 0), coalesce(max(fy_end), 0) FROM projects WHERE (1 = 0 OR published = 1);"
	read -r lo hi < <(sqlite3 -separator ' ' "$DB" "SELECT min(fy_start), max(fy_end) FROM projects WHERE published = 1")
	[ $((hi - lo + 1)) -le 15 ] || lo=$((hi - 14))
	for y in $(seq "$lo" "$hi"); do sql_stats "$y" 1; done
}
# sql_partners_of FY OFFSET ORG: the partners of the projects on that page of the group's list,
# and whether the group is a partner of each (kyodo asks both per project)
sql_partners_of() {
	local ids
	ids=$(sqlite3 "$DB" "SELECT group_concat(id) FROM ($(sql_list "$1" "$2" "$3" | head -1 | sed 's/;$//'))")
	sql_partners "$ids"
	printf '%s\n' "SELECT project_id, id FROM project_partners WHERE project_id IN ($ids) AND org_id = $3;"
}

# ---------------------------------------------------------------- b. stats
hr
say "b. kyodo project stats --year $FY --format csv against its three statements in the sqlite3 CLI (whole processes, $RUNS_SQL runs interleaved, medians)"
sql_stats "$FY" 0 >"$TMP/stats.sql"
"$KYODO" --db "$DB" project stats --year "$FY" --format csv | tr -d '\r' | awk -F, 'NR > 1 && $1 != "total" { print $3 }' >"$TMP/stats.kyodo"
sqlite3 -batch "$DB" <"$TMP/stats.sql" | awk -F'|' '{ print $2 }' >"$TMP/stats.sql.out"
cmp -s "$TMP/stats.kyodo" "$TMP/stats.sql.out" || die "kyodo project stats and the bare SQL do not count the same (see $TMP)"
say "   the counts agree ($(wc -l <"$TMP/stats.kyodo") lines; $("$KYODO" --db "$DB" project stats --year "$FY" --format csv | grep '^total' | tr '\n' ' '))"
stats_kyodo() { "$KYODO" --db "$DB" project stats --year "$FY" --format csv; }
stats_sql() { sqlite3 -batch "$DB" <"$TMP/stats.sql"; }
floor_kyodo() { "$KYODO" --help; }
floor_sql() { sqlite3 -batch "$DB" 'SELECT 1;'; }
: >"$TMP/sk.ms"; : >"$TMP/ss.ms"; : >"$TMP/fk.ms"; : >"$TMP/fs.ms"; : >"$TMP/sk.cpu"; : >"$TMP/ss.cpu"
for _ in $(seq 1 "$RUNS_SQL"); do
	run_ms ms stats_kyodo; echo "$ms" >>"$TMP/sk.ms"; echo "$CPU_MS" >>"$TMP/sk.cpu"
	run_ms ms stats_sql; echo "$ms" >>"$TMP/ss.ms"; echo "$CPU_MS" >>"$TMP/ss.cpu"
	run_ms ms floor_kyodo; echo "$ms" >>"$TMP/fk.ms"
	run_ms ms floor_sql; echo "$ms" >>"$TMP/fs.ms"
done
STATS_K=$(median <"$TMP/sk.ms"); STATS_S=$(median <"$TMP/ss.ms")
say "   kyodo $STATS_K ms (CPU $(median <"$TMP/sk.cpu") ms) | sqlite3 $STATS_S ms (CPU $(median <"$TMP/ss.cpu") ms) = $(ratio "$STATS_K" "$STATS_S")×; process floors: kyodo --help $(median <"$TMP/fk.ms") ms, sqlite3 SELECT 1 $(median <"$TMP/fs.ms") ms (load $(load))"
# in process: the three statements alone, warm (bench/bare_sql.py)
say "   the three statements in process, warm (bench/bare_sql.py): $(python3 "$ROOT/bench/bare_sql.py" "$DB" "$TMP/stats.sql" --runs "$RUNS_SQL") ms"

# ---------------------------------------------------------------- the pages
# name|path|bare SQL (a function printing it)
GORG=$(sqlite3 "$DB" "SELECT org_id FROM users WHERE login = 'group'")
ALL_PAGES="list list_deep list_year list_year_deep figures figures_csv figures_json api api_deep api_year"
PAGES=${PAGES:-$ALL_PAGES}
declare -A PATH_OF SQL_OF
PATH_OF[list]=/public/projects;                              SQL_OF[list]="sql_list 0 0"
PATH_OF[list_deep]="/public/projects?page=$DEEP";            SQL_OF[list_deep]="sql_list 0 $(((DEEP - 1) * 50))"
PATH_OF[list_year]="/public/projects?year=$FY";              SQL_OF[list_year]="sql_list $FY 0"
PATH_OF[list_year_deep]="/public/projects?year=$FY&page=$DEEP_YEAR"; SQL_OF[list_year_deep]="sql_list $FY $(((DEEP_YEAR - 1) * 50))"
PATH_OF[figures]=/public/projects/figures;                   SQL_OF[figures]=sql_figures
PATH_OF[figures_csv]=/public/projects/figures.csv;           SQL_OF[figures_csv]=sql_figures
PATH_OF[figures_json]=/public/projects/figures.json;         SQL_OF[figures_json]=sql_figures
PATH_OF[api]=/api/projects;                                  SQL_OF[api]="sql_list 0 0 $GORG; sql_partners_of 0 0 $GORG"
PATH_OF[api_deep]="/api/projects?page=$DEEP";                SQL_OF[api_deep]="sql_list 0 $(((DEEP - 1) * 50)) $GORG; sql_partners_of 0 $(((DEEP - 1) * 50)) $GORG"
PATH_OF[api_year]="/api/projects?year=$FY";                  SQL_OF[api_year]="sql_list $FY 0 $GORG; sql_partners_of $FY 0 $GORG"
for p in $PAGES; do
	[ -n "${PATH_OF[$p]:-}" ] || die "PAGES: no page named $p (pages: $ALL_PAGES)"
	eval "${SQL_OF[$p]}" >"$TMP/bare-$p.sql"
done
sql_figures_per_year >"$TMP/bare-per-year.sql"

# pages_sqlite: c for SQLite (and d's pages for PostgreSQL with BACKEND=pg)
pages() {
	local be=$1 db=$2 p code cookie round k n u bytes
	start_kyodo "$db"
	cookie=$(login)
	[ -n "$cookie" ] || die "cannot log in as the demo group"
	for p in $PAGES; do
		code=$(curl -sS -o "$OUT/project-$be-$p.out" -w '%{http_code}' "$KURL${PATH_OF[$p]}" || echo 000)
		[ "$code" = 200 ] || die "GET ${PATH_OF[$p]} answered $code ($be)"
		code=$(curl -sS -o "$TMP/anon2" -w '%{http_code}' -H "Cookie: $cookie" "$KURL${PATH_OF[$p]}" || echo 000)
		[ "$code" = 200 ] || die "GET ${PATH_OF[$p]} logged in answered $code ($be)"
	done
	hr
	say "c1 ($be). cached pages (anonymous: the page cache) against nginx serving the same bytes; wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION --latency, $WRK_ROUNDS rounds"
	for p in $PAGES; do
		bytes=$(wc -c <"$OUT/project-$be-$p.out")
		say "   $p ${PATH_OF[$p]} ($(thousands "$bytes") bytes)"
		nginx_start "project-$be-$p.out" nginx-project.conf "${PATH_OF[$p]}" >/dev/null
		for round in $(seq 1 "$WRK_ROUNDS"); do
			if [ $((round % 2)) = 1 ]; then
				k=$(run_wrk "$be-$p-kyodo" "$KURL${PATH_OF[$p]}" "$round")
				n=$(run_wrk "$be-$p-nginx" "$NURL" "$round")
			else
				n=$(run_wrk "$be-$p-nginx" "$NURL" "$round")
				k=$(run_wrk "$be-$p-kyodo" "$KURL${PATH_OF[$p]}" "$round")
			fi
			printf '      round %d (load %s): kyodo %s | nginx %s\n' "$round" "$(load)" "$k" "$n"
		done
		stop_nginx
	done
	hr
	say "c2 ($be). uncached (logged in as the demo group: every request runs the statements and renders): one request at a time (curl, median of $RUNS_SQL) against the bare SQL in process; then wrk -c$UNCACHED_CONNECTIONS"
	for p in $PAGES; do
		: >"$TMP/one.$be-$p"
		for _ in $(seq 1 "$RUNS_SQL"); do
			curl -s -o /dev/null -H "Cookie: $cookie" -w '%{time_total}\n' "$KURL${PATH_OF[$p]}" | ms_of >>"$TMP/one.$be-$p"
		done
		: >"$TMP/bare.$be-$p"
		if [ "$be" = sqlite ]; then
			python3 "$ROOT/bench/bare_sql.py" "$DB" "$TMP/bare-$p.sql" --runs "$RUNS_SQL" >>"$TMP/bare.$be-$p"
		else
			pgbench -n -f "$TMP/bare-$p.sql" -t "$RUNS_SQL" -d kyodo 2>/dev/null | awk '/^latency average/ { print $4 }' >>"$TMP/bare.$be-$p"
		fi
		u=$(WRK_CONNECTIONS=$UNCACHED_CONNECTIONS run_wrk "$be-$p-uncached" "$KURL${PATH_OF[$p]}" 1 "" "Cookie: $cookie")
		say "   $p: one request $(median <"$TMP/one.$be-$p") ms | bare SQL $(median <"$TMP/bare.$be-$p") ms ($(grep -c ';$' "$TMP/bare-$p.sql") statements) | wrk: $u (load $(load))"
		if [ "$p" = figures ]; then
			if [ "$be" = sqlite ]; then
				python3 "$ROOT/bench/bare_sql.py" "$DB" "$TMP/bare-per-year.sql" --runs "$RUNS_SQL" >"$TMP/bare.$be-per-year"
			else
				pgbench -n -f "$TMP/bare-per-year.sql" -t "$RUNS_SQL" -d kyodo 2>/dev/null | awk '/^latency average/ { print $4 }' >"$TMP/bare.$be-per-year"
			fi
			say "      (the same counts done in SQL, a GROUP BY per year and kind, $(grep -c ';$' "$TMP/bare-per-year.sql") statements: $(cat "$TMP/bare.$be-per-year") ms)"
		fi
	done
	stop_kyodo
}
pages sqlite "$DB"

# ---------------------------------------------------------------- d. PostgreSQL
if [ -z "$SKIP_PG" ]; then
	hr
	pg_start "$TMP/pg"
	createdb -E UTF8 -T template0 kyodo
	run_ms COPY_MS "$KYODO" copy-data --from "$DB" --to postgresql:///kyodo
	say "d. PostgreSQL 15 (a cluster of the run's own; the same rows, kyodo copy-data: $(ms2s "$COPY_MS") s)"
	stats_pg() { "$KYODO" --db postgresql:///kyodo project stats --year "$FY" --format csv; }
	stats_psql() { psql -X -A -t -q -d kyodo -f "$TMP/stats.sql"; }
	"$KYODO" --db postgresql:///kyodo project stats --year "$FY" --format csv | tr -d '\r' | awk -F, 'NR > 1 && $1 != "total" { print $3 }' >"$TMP/stats.pg"
	cmp -s "$TMP/stats.kyodo" "$TMP/stats.pg" || die "kyodo project stats counts differently on PostgreSQL"
	: >"$TMP/pk.ms"; : >"$TMP/ps.ms"
	for _ in $(seq 1 "$RUNS_SQL"); do
		run_ms ms stats_pg; echo "$ms" >>"$TMP/pk.ms"
		run_ms ms stats_psql; echo "$ms" >>"$TMP/ps.ms"
	done
	STATS_PK=$(median <"$TMP/pk.ms"); STATS_PS=$(median <"$TMP/ps.ms")
	STATS_PB=$(pgbench -n -f "$TMP/stats.sql" -t "$RUNS_SQL" -d kyodo 2>/dev/null | awk '/^latency average/ { print $4 }')
	say "   kyodo project stats $STATS_PK ms | psql $STATS_PS ms (whole processes, medians) = $(ratio "$STATS_PK" "$STATS_PS")×; the three statements alone (pgbench): $STATS_PB ms"
	pages pg postgresql:///kyodo
fi

# ---------------------------------------------------------------- e. summary
med() { if [ -s "$TMP/$1.$2" ]; then median <"$TMP/$1.$2"; else echo n/a; fi; }
{
	hr
	say "e. summary ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average now $(cut -d' ' -f1-3 /proc/loadavg)); $NPROJ projects, $NPUB published"
	say "import $ROWS projects: $(ms2s "$IMPORT_MS") s (CPU $(ms2s "$IMPORT_CPU") s), median of $RUNS_IMPORT"
	say "project stats --year $FY: kyodo $STATS_K ms vs sqlite3 $STATS_S ms = $(ratio "$STATS_K" "$STATS_S")× (whole processes)"
	[ -n "$SKIP_PG" ] || say "project stats --year $FY on PostgreSQL: kyodo $STATS_PK ms vs psql $STATS_PS ms = $(ratio "$STATS_PK" "$STATS_PS")×"
	for be in sqlite pg; do
		[ "$be" = sqlite ] || [ -z "$SKIP_PG" ] || continue
		say ""
		say "$be: | page | bytes | cached kyodo req/s (p99) | nginx req/s (p99) | ratio | uncached: one request | bare SQL | ratio | uncached req/s (-c$UNCACHED_CONNECTIONS) |"
		say "|---|---|---|---|---|---|---|---|---|"
		for p in $PAGES; do
			k=$(med rps "$be-$p-kyodo"); n=$(med rps "$be-$p-nginx"); o=$(med one "$be-$p"); s=$(med bare "$be-$p")
			say "| ${PATH_OF[$p]} | $(thousands "$(wc -c <"$OUT/project-$be-$p.out")") | $(thousands "${k%.*}") ($(med p99 "$be-$p-kyodo") ms) | $(thousands "${n%.*}") ($(med p99 "$be-$p-nginx") ms) | $(ratio "$k" "$n")× | $o ms | $s ms | $(ratio "$o" "$s")× | $(thousands "$(med rps "$be-$p-uncached" | awk '{ printf "%.0f", $1 }')") |"
		done
		bad=0
		for f in "$TMP"/bad.$be-*; do [ -f "$f" ] && bad=$((bad + $(awk '{ n += $1 } END { print n + 0 }' "$f"))); done
		[ "$bad" = 0 ] || say "WARNING: $bad non-2xx answers in the wrk runs ($be)"
	done
} | tee "$OUT/project-summary.txt"
