#!/usr/bin/env bash
# plan_bench.sh: Kyodo plan benchmarks, measured side by side in one run (issue 2, §6).
#
#   make && bash bench/plan_bench.sh
#
#   a. import of a 10,000-row plan CSV (first year) and of each further year, on fresh
#      databases, median of RUNS_IMPORT runs;
#   b. `kyodo plan rollup` (by branch at depth 1, by priority) against the same GROUP BY run
#      directly with the sqlite3 CLI on the same file, whole processes, median of RUNS_ROLLUP;
#   c. the public report page `GET /reports/{plan}/{fy}` served by `kyodo serve` against a
#      tuned nginx serving a saved copy of the same page (wrk -t2 -c64 --latency, loopback);
#   e. large downloads (issue 7 §5): a plan of 10,000 and one of 100,000 items side by side —
#      the year page, the items API, the exports (xlsx, JSON, CP932 full layout), a rollup and
#      the published report — the time of each and the server's peak memory while it runs
#      (anonymous memory sampled from /proc every 10 ms, and the file-backed pages of the
#      database SQLite maps);
#   d. a summary block.
#
# Not a test and not part of `make test`. Installs nginx and wrk with apt-get if missing.
# Everything temporary lives in a mktemp directory that is removed at the end; bench/out/
# keeps the saved page, the nginx config, the wrk outputs and summary.txt.
#
# Knobs (environment): KYODO (binary, default build/kyodo), ROWS (10000), RUNS_IMPORT (3),
# RUNS_ROLLUP (11), WRK_DURATION (10s), WRK_CONNECTIONS (64), WRK_THREADS (2), WRK_ROUNDS (3), SKIP_PAGE=1,
# PAGE_PATH (default /reports/{plan id}/2024; another path only to try the web part out),
# LARGE_ROWS ("10000 100000": the plan sizes of e.), SKIP_LARGE=1.
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KYODO=${KYODO:-$ROOT/build/kyodo}
ROWS=${ROWS:-10000}
RUNS_IMPORT=${RUNS_IMPORT:-3}
RUNS_ROLLUP=${RUNS_ROLLUP:-11}
WRK_DURATION=${WRK_DURATION:-10s}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
WRK_ROUNDS=${WRK_ROUNDS:-3}
FIRST_FY=2020
LAST_FY=2024
PLAN=bench
STATUSES='済,済・継=済,一部済,着手中,未'
PRIORITIES='【Ⅰ】,【Ⅱ-ア】,【Ⅱ-イ】,【Ⅲ】'
OUT=$ROOT/bench/out

BENCH_NAME=plan_bench
. "$ROOT/bench/lib.sh"

[ -x "$KYODO" ] || die "$KYODO not found: run make first"

# ---------------------------------------------------------------- tools
need_tools sqlite3=sqlite3 curl=curl python3=python3
[ "${SKIP_PAGE:-0}" = 1 ] || need_tools nginx=nginx wrk=wrk

# ---------------------------------------------------------------- temp dir, servers, cleanup
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kyodo-bench.XXXXXX")
KPID=
NPID=
cleanup() {
	local rc=$?
	if [ -n "$KPID" ] && kill -0 "$KPID" 2>/dev/null; then
		kill -TERM "$KPID" 2>/dev/null || true
		wait "$KPID" 2>/dev/null || true
	fi
	if [ -n "$NPID" ] && kill -0 "$NPID" 2>/dev/null; then
		kill -QUIT "$NPID" 2>/dev/null || true	# graceful: the master stops its workers
		wait "$NPID" 2>/dev/null || true
	fi
	rm -rf "$TMP"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$OUT"

# ---------------------------------------------------------------- helpers (bench/lib.sh)

say "Kyodo plan benchmark — $(date -u '+%Y-%m-%d %H:%M UTC') on $(uname -n)"
say "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure; look at the ratios)"
say "kyodo: $KYODO (repo HEAD $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$ROOT" && git diff --quiet HEAD -- 2>/dev/null || echo ', dirty tree')); sqlite3 $(sqlite3 --version | cut -d' ' -f1)"

# ---------------------------------------------------------------- data
DATA=$TMP/data
python3 "$ROOT/bench/gen_plan.py" --out "$DATA" --rows "$ROWS" --from "$FIRST_FY" --to "$LAST_FY" >/dev/null
YEARS=$(seq "$FIRST_FY" "$LAST_FY")
say "data: $ROWS rows × $(echo "$YEARS" | wc -l) fiscal years ($FIRST_FY–$LAST_FY), $(du -ch "$DATA"/*.csv | awk 'END { print $1 }') of CSV, rows shuffled"

# ---------------------------------------------------------------- a. import
hr
say "a. import (kyodo plan import, fresh database each run, $RUNS_IMPORT runs, wall time of the whole process)"
for r in $(seq 1 "$RUNS_IMPORT"); do
	DB=$TMP/import-$r.db
	kyodo init >/dev/null
	kyodo plan create "$PLAN" --from "$FIRST_FY" --to "$LAST_FY" --statuses "$STATUSES" --priorities "$PRIORITIES" >/dev/null
	for fy in $YEARS; do
		run_ms ms kyodo plan import "$PLAN" "$DATA/plan-$fy.csv" --year "$fy"
		echo "$ms" >>"$TMP/import-$fy.ms"
		echo "$CPU_MS" >>"$TMP/import-$fy.cpu"
	done
	[ "$r" = "$RUNS_IMPORT" ] || rm -f "$DB" "$DB-wal" "$DB-shm"
done
DB=$TMP/import-$RUNS_IMPORT.db	# the last run's database serves b. and c.
printf '   %-6s %-17s %11s %16s %14s\n' FY what "median ms" "runs (ms)" "CPU ms (med)"
IMPORT_FIRST=
IMPORT_MAX_FURTHER=0
for fy in $YEARS; do
	med=$(median <"$TMP/import-$fy.ms")
	if [ -z "$IMPORT_FIRST" ]; then what="first (creates)"; IMPORT_FIRST=$med
	else what="further (updates)"; IMPORT_MAX_FURTHER=$(awk -v a="$IMPORT_MAX_FURTHER" -v b="$med" 'BEGIN { print (b > a ? b : a) }'); fi
	printf '   %-6s %-17s %11s %16s %14s\n' "$fy" "$what" "$med" "$(minmax <"$TMP/import-$fy.ms")" "$(median <"$TMP/import-$fy.cpu")"
done
say "   database after $(echo "$YEARS" | wc -l) years: $(du -h "$DB" | cut -f1) ($(sqlite3 "$DB" 'SELECT count(*) FROM plan_items') items, $(sqlite3 "$DB" 'SELECT count(*) FROM plan_item_years') yearly records, $(sqlite3 "$DB" 'SELECT count(*) FROM audit_log') audit rows)"

# ---------------------------------------------------------------- b. rollup
hr
FY=$LAST_FY
PLAN_ID=$(sqlite3 "$DB" "SELECT id FROM plans WHERE name = '$PLAN'")
SQL_PRIORITY="SELECT coalesce(p.label, '(none)') AS row, s.grp AS status, count(*) AS count
FROM plan_item_years y
JOIN plan_statuses s ON s.id = y.status_id
JOIN plan_items i ON i.id = y.item_id
LEFT JOIN plan_priorities p ON p.id = i.priority_id
WHERE i.plan_id = (SELECT id FROM plans WHERE name = '$PLAN') AND y.fy = $FY
GROUP BY i.priority_id, s.grp;"
SQL_BRANCH="WITH RECURSIVE anc(id, top) AS (
  SELECT id, id FROM plan_items
  WHERE plan_id = (SELECT id FROM plans WHERE name = '$PLAN') AND parent_id IS NULL
  UNION ALL
  SELECT c.id, anc.top FROM plan_items c JOIN anc ON c.plan_id = (SELECT id FROM plans WHERE name = '$PLAN') AND c.parent_id = anc.id
)
SELECT t.code AS row, s.grp AS status, count(*) AS count
FROM anc
JOIN plan_item_years y ON y.item_id = anc.id AND y.fy = $FY
JOIN plan_statuses s ON s.id = y.status_id
JOIN plan_items t ON t.id = anc.top
GROUP BY anc.top, s.grp;"
say "b. rollup, fiscal year $FY: kyodo plan rollup vs the same GROUP BY in the sqlite3 CLI"
say "   (both whole processes on the same file, interleaved, $RUNS_ROLLUP runs each, median)"
say "   SQL, by priority:"
sed 's/^/     /' <<<"$SQL_PRIORITY"
say "   SQL, by branch (depth 1):"
sed 's/^/     /' <<<"$SQL_BRANCH"
# both must agree before their times mean anything: compare the non-zero (row, status, count)
norm_kyodo() { tail -n +2 | awk -F, '$1 != "total" && $3 > 0 { print $1 "," $2 "," $3 }' | sort; }
norm_sql() { awk -F, '$3 > 0' | sort; }
declare -A ROLLUP_K ROLLUP_S ROLLUP_R ROLLUP_C
for by in branch priority; do
	if [ "$by" = branch ]; then args=(--by branch --depth 1); sql=$SQL_BRANCH; else args=(--by priority); sql=$SQL_PRIORITY; fi
	kyodo plan rollup "$PLAN" --year "$FY" "${args[@]}" --format csv | norm_kyodo >"$TMP/k.$by"
	sqlite3 -batch -separator , "$DB" "$sql" | norm_sql >"$TMP/s.$by"
	if cmp -s "$TMP/k.$by" "$TMP/s.$by"; then agree="the counts agree ($(wc -l <"$TMP/k.$by") non-zero cells)"
	else agree="WARNING: the counts differ (see diff below)"; diff "$TMP/k.$by" "$TMP/s.$by" | head -20 || true; fi
	: >"$TMP/rk.$by"; : >"$TMP/rs.$by"
	for _ in $(seq 1 "$RUNS_ROLLUP"); do
		run_ms ms kyodo plan rollup "$PLAN" --year "$FY" "${args[@]}" --format csv; echo "$ms" >>"$TMP/rk.$by"; echo "$CPU_MS" >>"$TMP/ck.$by"
		run_ms ms sqlite3 -batch -separator , "$DB" "$sql"; echo "$ms" >>"$TMP/rs.$by"; echo "$CPU_MS" >>"$TMP/cs.$by"
	done
	ROLLUP_K[$by]=$(median <"$TMP/rk.$by")
	ROLLUP_S[$by]=$(median <"$TMP/rs.$by")
	ROLLUP_R[$by]=$(ratio "${ROLLUP_K[$by]}" "${ROLLUP_S[$by]}")
	printf '   %-8s kyodo %6s ms (%s)   sqlite3 %6s ms (%s)   = %sx   %s\n' "$by" \
		"${ROLLUP_K[$by]}" "$(minmax <"$TMP/rk.$by")" "${ROLLUP_S[$by]}" "$(minmax <"$TMP/rs.$by")" "${ROLLUP_R[$by]}" "$agree"
	ck=$(median <"$TMP/ck.$by"); cs=$(median <"$TMP/cs.$by")
	ROLLUP_C[$by]="CPU $ck vs $cs ms = $(ratio "$ck" "$cs")x"
	printf '   %-8s CPU time (user+sys), medians: kyodo %s ms, sqlite3 %s ms = %sx\n' "$by" "$ck" "$cs" "$(ratio "$ck" "$cs")"
done
run_ms ms_true "$KYODO" --help
run_ms ms_sqlite_nop sqlite3 -batch "$DB" "SELECT 1;"
say "   process floor: kyodo --help ${ms_true} ms, sqlite3 'SELECT 1' on the file ${ms_sqlite_nop} ms (one run each)"

# ---------------------------------------------------------------- c. report page
hr
PAGE_STATUS="skipped"
declare -A RPS P99 NON2XX
if [ "${SKIP_PAGE:-0}" = 1 ]; then
	say "c. report page: skipped (SKIP_PAGE=1)"
else
	PAGE_PATH=${PAGE_PATH:-/reports/$PLAN_ID/$FY}
	say "c. public report page $PAGE_PATH: kyodo serve vs nginx serving the saved page"
	kyodo plan round "$PLAN" --year "$FY" open >/dev/null
	kyodo plan round "$PLAN" --year "$FY" publish >/dev/null
	"$KYODO" --db "$DB" serve --listen 127.0.0.1:0 >"$TMP/serve.log" 2>&1 &
	KPID=$!
	KURL=
	for _ in $(seq 1 100); do
		KURL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$TMP/serve.log" 2>/dev/null | head -1) || true
		[ -n "$KURL" ] && break
		kill -0 "$KPID" 2>/dev/null || { cat "$TMP/serve.log" >&2; die "kyodo serve exited"; }
		sleep 0.1
	done
	[ -n "$KURL" ] || die "kyodo serve did not report its address"
	PAGE=${KURL%/}$PAGE_PATH
	rm -f "$OUT/report.html" "$OUT"/wrk-*.txt
	t0=$EPOCHREALTIME
	code=$(curl -sS -o "$OUT/report.html" -D "$TMP/headers" -w '%{http_code}' "$PAGE" || echo 000)
	first_ms=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", (b - a) * 1000 }')
	if [ "$code" != 200 ]; then
		why=$(sed -n 's/.*<title>\([^<]*\)<\/title>.*/\1/p' "$OUT/report.html" 2>/dev/null | head -1)
		say "   GET $PAGE answered HTTP $code${why:+ ($why)}; page benchmark skipped"
		[ "$code" != 413 ] || say "   (413 on a GET: the server ran out of its per-request arena while rendering; try a smaller ROWS)"
		PAGE_STATUS="not available (HTTP $code)"
		rm -f "$OUT/report.html"
	else
		conns=$(curl -s -o /dev/null -o /dev/null -w '%{num_connects} ' "$PAGE" "$PAGE")
		ka=$([ "$conns" = "1 0 " ] && echo "kept alive" || echo "NOT kept alive (connections: $conns)")
		PAGE_BYTES=$(wc -c <"$OUT/report.html")
		say "   page: $PAGE_BYTES bytes of HTML, headers $(wc -c <"$TMP/headers") bytes; first request (renders, fills the cache) ${first_ms} ms; connection $ka"
		say "   saved to bench/out/report.html"
		nginx_start report.html nginx.conf "$PAGE_PATH"
		say "   wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION --latency, $WRK_ROUNDS rounds of kyodo then nginx (2 s warm-up each first, not counted)"
		say "   kyodo $PAGE"
		say "   nginx $NURL"
		for round in $(seq 1 "$WRK_ROUNDS"); do
			k=$(run_wrk kyodo "$PAGE" "$round")
			n=$(run_wrk nginx "$NURL" "$round")
			printf '   round %d (load %s): kyodo %s | nginx %s\n' "$round" "$(cut -d' ' -f1 /proc/loadavg)" "$k" "$n"
		done
		for s in kyodo nginx; do
			RPS[$s]=$(median <"$TMP/rps.$s" | awk '{ printf "%.0f", $1 }')
			P99[$s]=$(median <"$TMP/p99.$s")
			NON2XX[$s]=$(awk '{ n += $1 } END { print n + 0 }' "$TMP/bad.$s")
		done
		say "   medians: kyodo $(thousands "${RPS[kyodo]}") req/s p99 ${P99[kyodo]} ms; nginx $(thousands "${RPS[nginx]}") req/s p99 ${P99[nginx]} ms; full wrk outputs in bench/out/wrk-*.txt"
		PAGE_STATUS=ok
		for s in kyodo nginx; do
			[ "${NON2XX[$s]}" = 0 ] || say "   WARNING: $s answered ${NON2XX[$s]} non-2xx responses"
		done
	fi
fi

# ---------------------------------------------------------------- e. large downloads
hr
LARGE_ROWS=${LARGE_ROWS:-10000 100000}
declare -A LG_MS LG_BYTES LG_ANON LG_FILE LG_CODE LG_HWM LG_IMPORT
LG_PATHS=()
# peak_during PID cmd…: run cmd while sampling PID's RssAnon and RssFile every 10 ms; sets
# PEAK_ANON and PEAK_FILE (KiB)
peak_during() {
	local pid=$1 a f c; shift
	"$@" & c=$!
	PEAK_ANON=0; PEAK_FILE=0
	while kill -0 "$c" 2>/dev/null; do
		read -r a f < <(awk '/^RssAnon/ { a = $2 } /^RssFile/ { f = $2 } END { print a + 0, f + 0 }' "/proc/$pid/status")
		[ "$a" -le "$PEAK_ANON" ] || PEAK_ANON=$a
		[ "$f" -le "$PEAK_FILE" ] || PEAK_FILE=$f
		sleep 0.01
	done
	wait "$c"
}
# the report page's server of c. is done: stop it before e. starts its own
if [ -n "$KPID" ] && kill -0 "$KPID" 2>/dev/null; then
	kill -TERM "$KPID" 2>/dev/null || true
	wait "$KPID" 2>/dev/null || true
fi
KPID=
if [ "${SKIP_LARGE:-0}" = 1 ]; then
	say "e. large downloads: skipped (SKIP_LARGE=1)"
else
	say "e. large downloads: plans of $(echo "$LARGE_ROWS" | sed 's/ / and /') items, one fiscal year, published; each download once"
	for rows in $LARGE_ROWS; do
		LD=$TMP/large-$rows
		python3 "$ROOT/bench/gen_plan.py" --out "$LD" --rows "$rows" --from 2024 --to 2024 >/dev/null
		DB=$LD/l.db
		kyodo init >/dev/null
		kyodo plan create large --from 2024 --to 2024 --statuses "$STATUSES" --priorities "$PRIORITIES" >/dev/null
		run_ms ms kyodo plan import large "$LD/plan-2024.csv" --year 2024
		LG_IMPORT[$rows]=$ms
		kyodo plan round large --year 2024 open >/dev/null
		kyodo plan round large --year 2024 publish >/dev/null
		echo "bench-password-1" | kyodo user add benchadmin --role admin >/dev/null
		"$KYODO" --db "$DB" serve --listen 127.0.0.1:0 >"$LD/serve.log" 2>&1 &
		KPID=$!
		KURL=
		for _ in $(seq 1 100); do
			KURL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$LD/serve.log" 2>/dev/null | head -1) || true
			[ -n "$KURL" ] && break
			sleep 0.1
		done
		[ -n "$KURL" ] || die "kyodo serve did not report its address"
		JAR=$LD/cookies
		curl -s -c "$JAR" -b "$JAR" -o /dev/null -H "Origin: $KURL" --data "login=benchadmin&password=bench-password-1" "$KURL/login"
		pillar=$(sqlite3 "$DB" "SELECT id FROM plan_items WHERE parent_id IS NULL ORDER BY tree_key LIMIT 1")
		LG_PATHS=("/plans/1/years/2024" "/plans/1?fy=2024&page=20" "/plans/1/years/2024/items/$pillar"
			"/api/v1/plans/1/years/2024/items" "/plans/1/years/2024/export?format=xlsx"
			"/plans/1/years/2024/export?format=json" "/plans/1/years/2024/export?format=csv-cp932&layout=full"
			"/plans/1/rollup?fy=2024&by=branch&depth=2" "/reports/1/2024" "/api/v1/reports/1/2024")
		for i in "${!LG_PATHS[@]}"; do
			path=${LG_PATHS[$i]}
			peak_during "$KPID" curl -s -b "$JAR" -o "$LD/body" -w '%{http_code} %{time_total}\n' "$KURL$path" >"$LD/curl.out"
			read -r code secs <"$LD/curl.out"
			key="$rows $i"
			LG_CODE[$key]=$code
			LG_MS[$key]=$(awk -v s="$secs" 'BEGIN { printf "%.0f", s * 1000 }')
			LG_BYTES[$key]=$(wc -c <"$LD/body")
			LG_ANON[$key]=$PEAK_ANON
			LG_FILE[$key]=$PEAK_FILE
		done
		LG_HWM[$rows]=$(awk '/^VmHWM/ { print $2 }' "/proc/$KPID/status")
		kill -TERM "$KPID" 2>/dev/null || true
		wait "$KPID" 2>/dev/null || true
		KPID=
		say "   $(thousands "$rows") items: import $(ms2s "${LG_IMPORT[$rows]}") s, database $(du -h "$DB" | cut -f1); server VmHWM after the downloads $(( ${LG_HWM[$rows]} / 1024 )) MiB (includes the mapped database)"
	done
	printf '   %-58s' "download"
	for rows in $LARGE_ROWS; do printf ' | %-34s' "$(thousands "$rows") items: ms, bytes, anon/file MiB"; done
	printf '\n'
	for i in "${!LG_PATHS[@]}"; do
		path=${LG_PATHS[$i]}
		printf '   %-58s' "${path/\/items\/[0-9]*/\/items\/ID}"
		for rows in $LARGE_ROWS; do
			key="$rows $i"
			printf ' | %s %6s %11s %5.1f/%-5.1f' "${LG_CODE[$key]}" "${LG_MS[$key]}" "$(thousands "${LG_BYTES[$key]}")" \
				"$(awk -v k="${LG_ANON[$key]}" 'BEGIN { print k / 1024 }')" "$(awk -v k="${LG_FILE[$key]}" 'BEGIN { print k / 1024 }')"
		done
		printf '\n'
	done
	LG_MAXANON=0
	for k in "${!LG_ANON[@]}"; do [ "${LG_ANON[$k]}" -le "$LG_MAXANON" ] || LG_MAXANON=${LG_ANON[$k]}; done
fi

# ---------------------------------------------------------------- d. summary
hr
{
	say "summary ($(date -u '+%Y-%m-%d'), $(nproc) cores; aims from issue 2 §6 in brackets)"
	say "import $ROWS rows, first year: $(ms2s "$IMPORT_FIRST") s (median of $RUNS_IMPORT; CPU $(ms2s "$(median <"$TMP/import-$FIRST_FY.cpu")") s)   [< 1 s]"
	say "import $ROWS rows, further years: slowest median $(ms2s "$IMPORT_MAX_FURTHER") s   [< 1 s each]"
	for by in branch priority; do
		label=$by; [ "$by" = branch ] && label="branch (depth 1)"
		say "rollup $label: kyodo $(ms2s "${ROLLUP_K[$by]}") s (${ROLLUP_K[$by]} ms) vs sqlite3 $(ms2s "${ROLLUP_S[$by]}") s (${ROLLUP_S[$by]} ms) = ${ROLLUP_R[$by]}x (${ROLLUP_C[$by]})   [≤ 2x]"
	done
	if [ "$PAGE_STATUS" = ok ]; then
		r=$(ratio "${RPS[kyodo]}" "${RPS[nginx]}")
		say "report page ($PAGE_BYTES bytes, median of $WRK_ROUNDS): kyodo $(thousands "${RPS[kyodo]}") req/s p99 ${P99[kyodo]} ms vs nginx $(thousands "${RPS[nginx]}") req/s p99 ${P99[nginx]} ms = ${r}x   [≥ 0.40x, p99 < 10 ms]"
	else
		say "report page: $PAGE_STATUS"
	fi
	if [ "${SKIP_LARGE:-0}" != 1 ]; then
		say "large downloads ($(echo "$LARGE_ROWS" | sed 's/ / and /') items): the server's anonymous memory peaked at $(awk -v k="$LG_MAXANON" 'BEGIN { printf "%.1f", k / 1024 }') MiB over every download of every size   [bounded by a small constant]"
	fi
} | tee "$OUT/summary.txt"
