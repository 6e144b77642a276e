#!/usr/bin/env bash
# backend_bench.sh: Kyodo on SQLite against Kyodo on PostgreSQL (issue 9), one `kyodo serve`
# on each, on the same data, measured side by side in one run:
#   data  the demo city, $ORGS generated groups (bench/gen_orgs.py) and a $PLAN_ROWS-item plan
#         (bench/gen_plan.py, fiscal year 2024 published) in SQLite, copied into PostgreSQL
#         with `kyodo copy-data` (timed), so both hold the very same rows;
#   a.    the bulk import: `kyodo org import` of $IMPORT_ORGS groups into a fresh demo database;
#   b.    the public report page of the plan: as the public sees it (page cache) and rendered
#         anew for a logged-in committee member (no page cache);
#   c.    uncached directory searches (logged in): the page for $WORD, and the mix of words,
#         fields, areas and sorts of bench/org_queries.lua;
#   c3.   PostgreSQL with two `kyodo serve` processes on the one database, the uncached
#         report and search, half the connections to each at once, req/s added;
#   d.    writes: a group saving its profile, the admin saving a round answer (each request a
#         transaction with its audit row), $WRITE_CONNECTIONS connections;
#   e.    the bare SQL of the same work: the search's two queries and the rollup's GROUP BY in
#         the sqlite3 CLI (.timer, in process) against psql/pgbench on the same rows, and a
#         one-row write transaction (sqlite3 vs pgbench).
# PostgreSQL is a cluster of this run's own (bench/lib.sh pg_start: initdb in the run's
# directory, Unix socket, fsync and synchronous_commit on — as SQLite runs with
# synchronous=FULL — shared_buffers 256MB). wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION,
# $WRK_ROUNDS rounds, SQLite and PostgreSQL alternating, medians; the ratio is PostgreSQL's
# req/s over SQLite's (aim for uncached pages: ≥ 0.50). Output also in bench/out/backend-summary.txt.
set -euo pipefail
export LC_ALL=C.UTF-8

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KYODO=${KYODO:-$ROOT/build/kyodo}
EXT=$ROOT/build/kyodo_bigram.so
ORGS=${ORGS:-100000}
PLAN_ROWS=${PLAN_ROWS:-10000}
IMPORT_ORGS=${IMPORT_ORGS:-20000}
RUNS_IMPORT=${RUNS_IMPORT:-1}
RUNS_SQL=${RUNS_SQL:-11}
WORD=${WORD:-福祉}
WORD2=${WORD2:-まちづくり}
WRK_DURATION=${WRK_DURATION:-10s}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
WRK_ROUNDS=${WRK_ROUNDS:-3}
WRITE_CONNECTIONS=${WRITE_CONNECTIONS:-8}
UNCACHED_CONNECTIONS=${UNCACHED_CONNECTIONS:-8}	# pages rendered anew: more only queue (wrk's 2 s timeout)
OUT=$ROOT/bench/out

BENCH_NAME=backend_bench
WRK_TAG=backend
. "$ROOT/bench/lib.sh"

[ -x "$KYODO" ] || die "$KYODO not found: run make first"
[ -f "$EXT" ] || make -C "$ROOT" build/kyodo_bigram.so >/dev/null || die "cannot build $EXT"
need_tools sqlite3=sqlite3 curl=curl python3=python3 wrk=wrk psql=postgresql-client-15 pgbench=postgresql-15
[ -x "$PG_BIN/initdb" ] || die "PostgreSQL 15 is not installed ($PG_BIN/initdb)"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/kyodo-backendbench.XXXXXX")
chmod 755 "$TMP"
declare -A KPID KURL
stop_kyodo() {	# stop_kyodo sqlite|pg
	local p=${KPID[$1]:-}
	if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
		kill -TERM "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	fi
	KPID[$1]=
}
cleanup() {
	local rc=$?
	stop_kyodo sqlite
	stop_kyodo pg
	stop_kyodo pg2
	pg_stop
	rm -rf "$TMP"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$OUT"

start_kyodo() {	# start_kyodo sqlite|pg TARGET
	"$KYODO" --db "$2" serve --listen 127.0.0.1:0 >"$TMP/serve-$1.log" 2>&1 &
	KPID[$1]=$!
	local u=
	for _ in $(seq 1 100); do
		u=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$TMP/serve-$1.log" 2>/dev/null | head -1) || true
		[ -n "$u" ] && break
		kill -0 "${KPID[$1]}" 2>/dev/null || { cat "$TMP/serve-$1.log" >&2; die "kyodo serve ($1) exited"; }
		sleep 0.1
	done
	[ -n "$u" ] || die "kyodo serve ($1) did not report its address"
	KURL[$1]=${u%/}
}
session() {	# session sqlite|pg LOGIN: prints "kyodo_session=…"
	local jar=$TMP/jar-$1-$2
	rm -f "$jar"
	curl -s -o /dev/null -c "$jar" -H "Origin: ${KURL[$1]}" -d "login=$2&password=kyodo-demo-2026" "${KURL[$1]}/login"
	awk '$6 == "kyodo_session" { print $6 "=" $7 }' "$jar"
}

say "Kyodo on SQLite and on PostgreSQL — $(date -u '+%Y-%m-%d %H:%M UTC') on $(uname -n)"
say "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure; look at the ratios)"
say "kyodo: $KYODO (repo HEAD $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$ROOT" && git diff --quiet HEAD -- 2>/dev/null || echo ', dirty tree')); sqlite3 $(sqlite3 --version | cut -d' ' -f1); $("$PG_BIN/postgres" --version)"
case $(df -PT "$TMP" | awk 'NR == 2 { print $2 }') in
tmpfs | ramfs) say "WARNING: $TMP is a memory file system: commits cost nothing there, on both backends" ;;
esac

# ---------------------------------------------------------------- the data
hr
pg_start "$TMP/pg"
say "PostgreSQL: a cluster of this run in $TMP/pg (Unix socket, fsync on, synchronous_commit on, shared_buffers ${PG_SHARED_BUFFERS:-256MB})"
python3 "$ROOT/bench/gen_orgs.py" --rows "$ORGS" --out "$TMP/orgs.csv" >/dev/null
python3 "$ROOT/bench/gen_plan.py" --out "$TMP/plan" --rows "$PLAN_ROWS" --from 2024 --to 2024 >/dev/null
SQ=$TMP/kyodo.db
PGDB=postgresql:///kyodo
DB=$SQ
kyodo demo >/dev/null
kyodo org import "$TMP/orgs.csv" >/dev/null
kyodo plan create bench --from 2024 --to 2024 --statuses '済,済・継=済,一部済,着手中,未' --priorities '【Ⅰ】,【Ⅱ-ア】,【Ⅱ-イ】,【Ⅲ】' >/dev/null
kyodo plan import bench "$TMP/plan/plan-2024.csv" --year 2024 >/dev/null
kyodo plan round bench --year 2024 open >/dev/null
kyodo plan round bench --year 2024 publish >/dev/null
PLAN_ID=$(sqlite3 "$SQ" "SELECT id FROM plans WHERE name = 'bench'")
NORGS=$(sqlite3 "$SQ" 'SELECT count(*) FROM orgs')
createdb -E UTF8 -T template0 kyodo
run_ms COPY_MS "$KYODO" copy-data --from "$SQ" --to "$PGDB"
say "data: the demo city + $ORGS generated groups ($NORGS in all) + a plan of $(sqlite3 "$SQ" "SELECT count(*) FROM plan_items WHERE plan_id = $PLAN_ID") items (2024 published); SQLite $(du -h "$SQ" | cut -f1)"
say "   kyodo copy-data SQLite → PostgreSQL (every table, its checksum checked, the search index built): $(ms2s "$COPY_MS") s; PostgreSQL database $(psql -X -A -t -d kyodo -c "SELECT pg_size_pretty(pg_database_size('kyodo'))")"
say "   the search index: FTS5 $(sqlite3 "$SQ" "SELECT (SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'org_fts%')/1048576 || ' MiB'" 2>/dev/null || echo '?'); org_search $(psql -X -A -t -d kyodo -c "SELECT pg_size_pretty(pg_total_relation_size('org_search'))") (GIN $(psql -X -A -t -d kyodo -c "SELECT pg_size_pretty(pg_relation_size('org_search_keys'))"))"

# ---------------------------------------------------------------- a. bulk import
hr
say "a. kyodo org import of $IMPORT_ORGS groups into a fresh demo database, $RUNS_IMPORT run(s) each, whole process"
head -n $((IMPORT_ORGS + 1)) "$TMP/orgs.csv" >"$TMP/import.csv"
for r in $(seq 1 "$RUNS_IMPORT"); do
	DB=$TMP/import-$r.db
	kyodo demo >/dev/null
	run_ms ms kyodo org import "$TMP/import.csv"
	echo "$ms" >>"$TMP/import.sqlite"; echo "$CPU_MS" >>"$TMP/importcpu.sqlite"
	createdb -E UTF8 -T template0 "import$r"
	DB=postgresql:///import$r
	kyodo demo >/dev/null
	run_ms ms kyodo org import "$TMP/import.csv"
	echo "$ms" >>"$TMP/import.pg"; echo "$CPU_MS" >>"$TMP/importcpu.pg"
	say "   run $r: SQLite $(ms2s "$(tail -1 "$TMP/import.sqlite")") s (kyodo's CPU $(ms2s "$(tail -1 "$TMP/importcpu.sqlite")") s) | PostgreSQL $(ms2s "$ms") s (kyodo's CPU $(ms2s "$CPU_MS") s)"
	dropdb "import$r"
	rm -f "$TMP/import-$r.db"*
done

# ---------------------------------------------------------------- the servers
start_kyodo sqlite "$SQ"
start_kyodo pg "$PGDB"
declare -A COMMITTEE ADMIN GROUP
for b in sqlite pg; do
	COMMITTEE[$b]=$(session "$b" committee)
	ADMIN[$b]=$(session "$b" admin)
	GROUP[$b]=$(session "$b" group)
	[ -n "${COMMITTEE[$b]}" ] && [ -n "${ADMIN[$b]}" ] && [ -n "${GROUP[$b]}" ] || die "cannot log in on $b"
done
say "servers: SQLite ${KURL[sqlite]}, PostgreSQL ${KURL[pg]} (each 2 worker threads, one connection each)"

# same PATH [COOKIE]: both answer the same bytes (the comparison is only fair on equal work)
same() {
	local a b ha=() hb=()
	[ -z "${2:-}" ] || ha=(-H "Cookie: $2")
	[ -z "${3:-}" ] || hb=(-H "Cookie: $3")
	# a logged-in page holds its session's CSRF token: that alone may differ
	a=$(curl -s "${ha[@]}" "${KURL[sqlite]}$1" | sed 's/name="csrf" value="[^"]*"//g' | md5sum)
	b=$(curl -s "${hb[@]}" "${KURL[pg]}$1" | sed 's/name="csrf" value="[^"]*"//g' | md5sum)
	[ "$a" = "$b" ] || say "   NOTE: $1 differs between the backends"
}
# pair NAME PATH [SCRIPT] [sqlite-cookie pg-cookie] [connections]: WRK_ROUNDS rounds, alternating
pair() {
	local name=$1 path=$2 script=${3:-} cs=${4:-} cp=${5:-} conns=${6:-$WRK_CONNECTIONS} r s p
	for r in $(seq 1 "$WRK_ROUNDS"); do
		if [ $((r % 2)) = 1 ]; then
			s=$(WRK_CONNECTIONS=$conns run_wrk "$name-sqlite" "${KURL[sqlite]}$path" "$r" "$script" "${cs:+Cookie: $cs}")
			p=$(WRK_CONNECTIONS=$conns run_wrk "$name-pg" "${KURL[pg]}$path" "$r" "$script" "${cp:+Cookie: $cp}")
		else
			p=$(WRK_CONNECTIONS=$conns run_wrk "$name-pg" "${KURL[pg]}$path" "$r" "$script" "${cp:+Cookie: $cp}")
			s=$(WRK_CONNECTIONS=$conns run_wrk "$name-sqlite" "${KURL[sqlite]}$path" "$r" "$script" "${cs:+Cookie: $cs}")
		fi
		printf '   round %d (load %s): SQLite %s | PostgreSQL %s\n' "$r" "$(cut -d' ' -f1 /proc/loadavg)" "$s" "$p"
	done
}

# ---------------------------------------------------------------- b. the report page
hr
REPORT=/reports/$PLAN_ID/2024
same "$REPORT"
say "b. the report page $REPORT ($(curl -s "${KURL[sqlite]}$REPORT" | wc -c) bytes), wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION, $WRK_ROUNDS rounds"
say "   b1. as the public sees it (the page cache)"
pair report-cached "$REPORT"
say "   b2. rendered anew for each request (logged in as the committee: no page cache), -c$UNCACHED_CONNECTIONS"
pair report-uncached "$REPORT" "" "${COMMITTEE[sqlite]}" "${COMMITTEE[pg]}" "$UNCACHED_CONNECTIONS"

# ---------------------------------------------------------------- c. directory searches
hr
Q=$(urlenc "$WORD")
same "/groups?q=$Q" "${COMMITTEE[sqlite]}" "${COMMITTEE[pg]}"
same "/api/v1/groups?q=$Q&sort=kana"
say "c. uncached directory searches (logged in as the committee: each request runs the query and renders), $NORGS groups, -c$UNCACHED_CONNECTIONS"
say "   c1. /groups?q=$WORD"
pair search-one "/groups?q=$Q" "" "${COMMITTEE[sqlite]}" "${COMMITTEE[pg]}" "$UNCACHED_CONNECTIONS"
say "   c2. the mix of bench/org_queries.lua (20 words × 21 fields × 9 areas × 3 sorts)"
pair search-mix "/groups" "$ROOT/bench/org_queries.lua" "${COMMITTEE[sqlite]}" "${COMMITTEE[pg]}" "$UNCACHED_CONNECTIONS"

hr
# two `kyodo serve` on the one PostgreSQL database, each given half the connections at the
# same time (as a reverse proxy would share them): their req/s added, against one process
start_kyodo pg2 "$PGDB"
two() {	# two NAME PATH SCRIPT COOKIE: one round of both processes at once
	local name=$1 a b
	WRK_CONNECTIONS=$((UNCACHED_CONNECTIONS / 2)) run_wrk "$name-pg2a" "${KURL[pg]}$2" 1 "$3" "${4:+Cookie: $4}" >/dev/null &
	a=$!
	WRK_CONNECTIONS=$((UNCACHED_CONNECTIONS / 2)) run_wrk "$name-pg2b" "${KURL[pg2]}$2" 1 "$3" "${4:+Cookie: $4}" >/dev/null &
	b=$!
	wait "$a" "$b"
	paste -d+ <(tail -1 "$TMP/rps.$name-pg2a") <(tail -1 "$TMP/rps.$name-pg2b") | bc >>"$TMP/rps.$name-pg2"
	sort -g <(tail -1 "$TMP/p99.$name-pg2a") <(tail -1 "$TMP/p99.$name-pg2b") | tail -1 >>"$TMP/p99.$name-pg2"
	cat "$TMP/bad.$name-pg2a" "$TMP/bad.$name-pg2b" >"$TMP/bad.$name-pg2"
	printf '   two processes (load %s): %s req/s together, p99 %s ms (the worse of the two)\n' \
		"$(cut -d' ' -f1 /proc/loadavg)" "$(thousands "$(tail -1 "$TMP/rps.$name-pg2" | awk '{ printf "%.0f", $1 }')")" \
		"$(tail -1 "$TMP/p99.$name-pg2")"
}
say "c3. PostgreSQL with two kyodo serve processes (${KURL[pg]} and ${KURL[pg2]}), -c$((UNCACHED_CONNECTIONS / 2)) each at once"
say "   the report page rendered anew"
two report-uncached "$REPORT" "" "${COMMITTEE[pg]}"
say "   /groups?q=$WORD"
two search-one "/groups?q=$Q" "" "${COMMITTEE[pg]}"
stop_kyodo pg2

# ---------------------------------------------------------------- d. writes
hr
declare -A PROFILE_BODY ANSWER_BODY
ITEM=$(curl -s -H "Cookie: ${ADMIN[sqlite]}" "${KURL[sqlite]}/api/v1/plans/1/years/2024/items" |
	python3 -c 'import json, sys; print(next(i["id"] for i in json.load(sys.stdin)["items"] if not i["branch"]))')
ANSWER_PATH=/plans/1/years/2024/items/$ITEM
for b in sqlite pg; do
	curl -s -H "Cookie: ${GROUP[$b]}" "${KURL[$b]}/my/group/edit" >"$TMP/profile-$b.html"
	PROFILE_BODY[$b]=$(python3 "$ROOT/bench/form_body.py" /my/group/edit activities <"$TMP/profile-$b.html")
	curl -s -H "Cookie: ${ADMIN[$b]}" "${KURL[$b]}$ANSWER_PATH" >"$TMP/answer-$b.html"
	ANSWER_BODY[$b]=$(python3 "$ROOT/bench/form_body.py" "$ANSWER_PATH" result <"$TMP/answer-$b.html")
	for p in "/my/group/edit|${GROUP[$b]}|${PROFILE_BODY[$b]}" "$ANSWER_PATH|${ADMIN[$b]}|${ANSWER_BODY[$b]}"; do
		IFS='|' read -r path cookie body <<<"$p"
		code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" -d "${body//@N@/0}" "${KURL[$b]}$path")
		[ "$code" = 303 ] || die "POST $path on $b answered $code, not 303"
	done
done
# wpair NAME PATH: like pair, POSTs of post_form.lua with each backend's body and session
wpair() {
	local name=$1 path=$2 r s p
	declare -n bodies=$3 cookies=$4
	for r in $(seq 1 "$WRK_ROUNDS"); do
		s=$(BODY=${bodies[sqlite]} COOKIE=${cookies[sqlite]} WRK_CONNECTIONS=$WRITE_CONNECTIONS \
			run_wrk "$name-sqlite" "${KURL[sqlite]}$path" "$r" "$ROOT/bench/post_form.lua")
		p=$(BODY=${bodies[pg]} COOKIE=${cookies[pg]} WRK_CONNECTIONS=$WRITE_CONNECTIONS \
			run_wrk "$name-pg" "${KURL[pg]}$path" "$r" "$ROOT/bench/post_form.lua")
		printf '   round %d (load %s): SQLite %s | PostgreSQL %s\n' "$r" "$(cut -d' ' -f1 /proc/loadavg)" "$s" "$p"
	done
}
say "d. writes, wrk -c$WRITE_CONNECTIONS (each request: the record, its audit row, one commit)"
say "   d1. a group saves its profile (POST /my/group/edit)"
wpair write-profile /my/group/edit PROFILE_BODY GROUP
say "   d2. the admin saves a round answer (POST $ANSWER_PATH)"
wpair write-answer "$ANSWER_PATH" ANSWER_BODY ADMIN
stop_kyodo sqlite
stop_kyodo pg

# ---------------------------------------------------------------- e. the bare SQL
hr
say "e. the bare SQL of the same work, in process: sqlite3 .timer vs pgbench (one client, latency average), median of $RUNS_SQL"
# the search of one word as kyodo runs it: the newest matches up to 1,001, then the first
# page of 20 of them in 五十音 order (SQLite: FTS5 with the kyodo_bigram tokenizer;
# PostgreSQL: org_search, with the text[] kyodo binds: keys, the hidden tag, phrases)
search_sql() {	# search_sql WORD sqlite|pg
	local w=$1
	if [ "$2" = sqlite ]; then
		printf "SELECT rowid FROM org_fts WHERE org_fts MATCH '- {tags} : (\"%s\") NOT tags : \"xhidx\"' ORDER BY rowid DESC LIMIT 1001;\n" "$w"
	else
		# the values kyodo binds (store_pg_search.c): the word folded (hiragana to katakana),
		# its bigrams as a*65536+b and its characters as code points, the phrase when longer;
		# no required tags: kyodo's statement folds "tags @> '{}'" away (sql_org_search.def),
		# which as written would read every GIN entry and turn the plan into a full scan
		python3 -c '
import sys
w = "".join(chr(ord(c) + 0x60) if 0x3041 <= ord(c) <= 0x3096 else c for c in sys.argv[1])
keys = sorted({(ord(a) << 16 | ord(b)) - (1 << 32) * ((ord(a) << 16 | ord(b)) >= 1 << 31) for a, b in zip(w, w[1:])} or {ord(w)})
phr = "{\"%s\"}" % w if len(w) > 2 else "{}"
print("SELECT id FROM org_search WHERE keys @> CAST(%s AS integer[]) AND NOT tags && CAST(%s AS text[]) AND kyodo_match_body(body, CAST(%s AS text[])) ORDER BY id DESC LIMIT 1001;" % (
    "\x27{%s}\x27" % ",".join(map(str, keys)), "\x27{xhidx}\x27", "\x27%s\x27" % phr))' "$w"
	fi
}
page_sql() {	# page_sql IDS-JSON sqlite|pg
	if [ "$2" = sqlite ]; then
		printf "SELECT id, name, kana, kind, purpose, recruiting, coalesce(confirmed_at, '') FROM orgs o WHERE o.id IN (SELECT value FROM json_each('%s')) AND o.review = 'approved' AND o.status <> 'dissolved' ORDER BY o.kana, o.id LIMIT 20;\n" "$1"
	else
		printf "SELECT id, name, kana, kind, purpose, recruiting, coalesce(confirmed_at, '') FROM orgs o WHERE o.id IN (SELECT CAST(value AS bigint) FROM json_array_elements_text('%s')) AND o.review = 'approved' AND o.status <> 'dissolved' ORDER BY o.kana, o.id LIMIT 20;\n" "$1"
	fi
}
ROLLUP_SQL="SELECT coalesce(p.label, '(none)') AS row, s.grp AS status, count(*) AS count FROM plan_item_years y
 JOIN plan_statuses s ON s.id = y.status_id JOIN plan_items i ON i.id = y.item_id LEFT JOIN plan_priorities p ON p.id = i.priority_id
 WHERE i.plan_id = $PLAN_ID AND y.fy = 2024 GROUP BY i.priority_id, p.label, s.grp;"
WRITE_ID=$(sqlite3 "$SQ" "SELECT max(id) FROM orgs WHERE review = 'approved'")
write_sql() {	# a profile save without kyodo: the row and an audit row in one transaction
	printf "BEGIN%s;\nUPDATE orgs SET activities = activities, updated_at = '2026-01-01T00:00:00Z' WHERE id = %s;\nINSERT INTO audit_log(at, user_id, actor, action, entity, entity_id, before_json, after_json) VALUES ('2026-01-01T00:00:00Z', NULL, 'bench', 'update', 'org', %s, '{}', '{}');\nCOMMIT;\n" "$([ "$1" = sqlite ] && echo ' IMMEDIATE')" "$WRITE_ID" "$WRITE_ID"
}
sqlite_timer() {	# sqlite_timer FILE-WITH-ONE-STATEMENT: median ms of RUNS_SQL runs in one process
	{ echo ".timer on"; for _ in $(seq 1 "$RUNS_SQL"); do cat "$1"; done; } |
		sqlite3 -batch -cmd ".load ${EXT%.so}" "$SQ" 2>&1 | awk '/^Run Time/ { print $4 * 1000 }' | median
}
sqlite_write() {	# median ms of one write transaction (4 statements timed together)
	{ echo ".timer on"; for _ in $(seq 1 "$RUNS_SQL"); do write_sql sqlite; done; } |
		sqlite3 -batch -cmd "PRAGMA synchronous = FULL" "$SQ" 2>&1 |
		awk '/^Run Time/ { t += $4 * 1000; if (++n % 4 == 0) { print t; t = 0 } }' | median
}
pg_latency() {	# pg_latency FILE: pgbench latency average, ms
	pgbench -n -f "$1" -t "$((RUNS_SQL * 5))" -d kyodo 2>/dev/null | awk '/^latency average/ { print $4 }'
}
declare -A SQLT PGT
for w in "$WORD" "$WORD2"; do
	search_sql "$w" sqlite >"$TMP/s.sql"
	search_sql "$w" pg >"$TMP/p.sql"
	IDS=$(sqlite3 -batch -cmd ".load ${EXT%.so}" "$SQ" "SELECT json_group_array(rowid) FROM ($(sed 's/;$//' "$TMP/s.sql"))")
	PGIDS=$(psql -X -A -t -d kyodo -c "SELECT json_agg(id) FROM ($(sed 's/;$//' "$TMP/p.sql")) x" | tr -d ' ')
	[ "$IDS" = "$PGIDS" ] || say "   NOTE: the two indexes give different ids for $w"
	page_sql "$IDS" sqlite >"$TMP/sp.sql"
	page_sql "$IDS" pg >"$TMP/pp.sql"
	SQLT[ids-$w]=$(sqlite_timer "$TMP/s.sql"); PGT[ids-$w]=$(pg_latency "$TMP/p.sql")
	SQLT[page-$w]=$(sqlite_timer "$TMP/sp.sql"); PGT[page-$w]=$(pg_latency "$TMP/pp.sql")
	say "   search \"$w\" ($(echo "$IDS" | tr ',' '\n' | wc -l) ids): ids SQLite ${SQLT[ids-$w]} ms | PostgreSQL ${PGT[ids-$w]} ms;  page of 20 SQLite ${SQLT[page-$w]} ms | PostgreSQL ${PGT[page-$w]} ms"
done
echo "$ROLLUP_SQL" >"$TMP/r.sql"
SQLT[rollup]=$(sqlite_timer "$TMP/r.sql"); PGT[rollup]=$(pg_latency "$TMP/r.sql")
say "   the report's rollup by priority (GROUP BY over $PLAN_ROWS items): SQLite ${SQLT[rollup]} ms | PostgreSQL ${PGT[rollup]} ms"
write_sql pg >"$TMP/w.sql"
SQLT[write]=$(sqlite_write); PGT[write]=$(pg_latency "$TMP/w.sql")
say "   a write transaction (UPDATE a group + INSERT an audit row, commit; synchronous FULL | synchronous_commit on): SQLite ${SQLT[write]} ms | PostgreSQL ${PGT[write]} ms"

# ---------------------------------------------------------------- summary
hr
med() { if [ -f "$TMP/rps.$1" ]; then median <"$TMP/rps.$1" | awk '{ printf "%.0f", $1 }'; else echo 0; fi; }
p99() { if [ -f "$TMP/p99.$1" ]; then median <"$TMP/p99.$1"; else echo n/a; fi; }
bad() { awk '{ n += $1 } END { print n + 0 }' "$TMP/bad.$1" 2>/dev/null || echo 0; }
{
	say "summary ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load at the end $(cut -d' ' -f1-3 /proc/loadavg); req/s medians of $WRK_ROUNDS, ratio = PostgreSQL / SQLite)"
	printf '%-44s %22s %22s %7s\n' "what" "SQLite" "PostgreSQL" "ratio"
	for k in report-cached:"report page, cached (public)" report-uncached:"report page, rendered anew (logged in)" \
		search-one:"search \"$WORD\", uncached (logged in)" search-mix:"search mix, uncached (logged in)" \
		write-profile:"write: group profile save" write-answer:"write: round answer save"; do
		n=${k%%:*}; label=${k#*:}
		s=$(med "$n-sqlite"); p=$(med "$n-pg")
		printf '%-44s %11s r/s p99 %5s %11s r/s p99 %5s %7s\n' "$label" "$(thousands "$s")" "$(p99 "$n-sqlite")" \
			"$(thousands "$p")" "$(p99 "$n-pg")" "$(ratio "$p" "$s")"
		for b in sqlite pg; do [ "$(bad "$n-$b")" = 0 ] || say "   WARNING: $label on $b: $(bad "$n-$b") answers not 2xx/3xx"; done
	done
	for k in report-uncached:"report page anew, PostgreSQL 2 processes" search-one:"search \"$WORD\", PostgreSQL 2 processes"; do
		n=${k%%:*}; label=${k#*:}
		p=$(med "$n-pg"); t=$(med "$n-pg2")
		printf '%-44s %11s r/s (1 process) %11s r/s p99 %5s %7s\n' "$label" "$(thousands "$p")" "$(thousands "$t")" \
			"$(p99 "$n-pg2")" "$(ratio "$t" "$p")"
	done
	printf '%-44s %18s ms %18s ms %7s\n' "bare SQL: search ids \"$WORD\"" "${SQLT[ids-$WORD]}" "${PGT[ids-$WORD]}" "$(ratio "${PGT[ids-$WORD]}" "${SQLT[ids-$WORD]}")"
	printf '%-44s %18s ms %18s ms %7s\n' "bare SQL: search ids \"$WORD2\"" "${SQLT[ids-$WORD2]}" "${PGT[ids-$WORD2]}" "$(ratio "${PGT[ids-$WORD2]}" "${SQLT[ids-$WORD2]}")"
	printf '%-44s %18s ms %18s ms %7s\n' "bare SQL: a page of 20 (\"$WORD\")" "${SQLT[page-$WORD]}" "${PGT[page-$WORD]}" "$(ratio "${PGT[page-$WORD]}" "${SQLT[page-$WORD]}")"
	printf '%-44s %18s ms %18s ms %7s\n' "bare SQL: rollup by priority" "${SQLT[rollup]}" "${PGT[rollup]}" "$(ratio "${PGT[rollup]}" "${SQLT[rollup]}")"
	printf '%-44s %18s ms %18s ms %7s\n' "bare SQL: one write transaction" "${SQLT[write]}" "${PGT[write]}" "$(ratio "${PGT[write]}" "${SQLT[write]}")"
	printf '%-44s %18s s  %18s s  %7s\n' "import of $IMPORT_ORGS groups (kyodo org import)" "$(ms2s "$(median <"$TMP/import.sqlite")")" \
		"$(ms2s "$(median <"$TMP/import.pg")")" "$(ratio "$(median <"$TMP/import.pg")" "$(median <"$TMP/import.sqlite")")"
	say "copy-data SQLite → PostgreSQL of the whole database ($NORGS groups): $(ms2s "$COPY_MS") s"
	say "(bare SQL ratios are PostgreSQL's time over SQLite's: above 1 is slower; req/s ratios: below 1 is slower; the two-process rows: two processes over one)"
} | tee "$OUT/backend-summary.txt"
