#!/usr/bin/env bash
# org_bench.sh: Kyodo registry and directory benchmarks, measured side by side in one run
# (issue 3, "Done means").
#
#   make && bash bench/org_bench.sh
#
#   a. `kyodo org import` of ROWS generated groups (bench/gen_orgs.py) into a fresh demo
#      database, search index included, median of RUNS_IMPORT runs;
#   b. the directory query for one word, timed directly in the sqlite3 CLI (the bigram
#      tokenizer loaded as an extension, build/kyodo_bigram.so) and through `kyodo serve`
#      with a cold page cache, whole requests, so the cost of the query is seen apart from
#      the cost of the page;
#   c. the directory search page GET /groups?q=WORD (20 results) served by `kyodo serve`
#      against a tuned nginx serving a saved copy of the same page (wrk -t2 -c64 --latency);
#   d. the same page and a mix of searches with filters (bench/org_queries.lua) for a
#      logged-in viewer, whom the page cache never serves: every request runs the query
#      and renders;
#   e. large downloads: the open data of every group (JSON and CSV), the first download
#      (built) against a cached one, and the peak resident memory of the server during
#      8 JSON and 8 CSV downloads at once on a fresh server (nothing cached: one build
#      each, the others wait for it) — also for KYODO_BEFORE, an earlier binary, when set;
#   f. a summary block.
#
# Not a test and not part of `make test`. Installs nginx and wrk with apt-get if missing.
# Everything temporary lives in a mktemp directory removed at the end; bench/out/ keeps
# the saved page, the nginx config, the wrk outputs and org-summary.txt.
#
# Knobs (environment): KYODO (default build/kyodo), ROWS (100000), RUNS_IMPORT (3),
# RUNS_SQL (11), WORD (福祉), WRK_DURATION (10s), WRK_CONNECTIONS (64), WRK_THREADS (2),
# WRK_ROUNDS (3), KYODO_BEFORE (an earlier kyodo binary to measure part e against; unset:
# skipped), SKIP_WRK=1 (parts c and d skipped).
set -euo pipefail
export LC_ALL=C.UTF-8

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KYODO=${KYODO:-$ROOT/build/kyodo}
EXT=$ROOT/build/kyodo_bigram.so
ROWS=${ROWS:-100000}
RUNS_IMPORT=${RUNS_IMPORT:-3}
RUNS_SQL=${RUNS_SQL:-11}
WORD=${WORD:-福祉}
WRK_DURATION=${WRK_DURATION:-10s}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
WRK_ROUNDS=${WRK_ROUNDS:-3}
OUT=$ROOT/bench/out

BENCH_NAME=org_bench
WRK_TAG=org
. "$ROOT/bench/lib.sh"

[ -x "$KYODO" ] || die "$KYODO not found: run make first"
[ -f "$EXT" ] || make -C "$ROOT" build/kyodo_bigram.so >/dev/null || die "cannot build $EXT"

# ---------------------------------------------------------------- tools
need_tools sqlite3=sqlite3 curl=curl python3=python3 nginx=nginx wrk=wrk

# ---------------------------------------------------------------- temp dir, servers, cleanup
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kyodo-orgbench.XXXXXX")
KPID=
NPID=
stop_kyodo() {
	if [ -n "$KPID" ] && kill -0 "$KPID" 2>/dev/null; then
		kill -TERM "$KPID" 2>/dev/null || true
		wait "$KPID" 2>/dev/null || true
	fi
	KPID=
}
cleanup() {
	local rc=$?
	stop_kyodo
	if [ -n "$NPID" ] && kill -0 "$NPID" 2>/dev/null; then
		kill -QUIT "$NPID" 2>/dev/null || true
		wait "$NPID" 2>/dev/null || true
	fi
	rm -rf "$TMP"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$OUT"

# ---------------------------------------------------------------- helpers (and bench/lib.sh)
start_kyodo() {
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
	KURL=${KURL%/}
}

say "Kyodo registry benchmark — $(date -u '+%Y-%m-%d %H:%M UTC') on $(uname -n)"
say "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure; look at the ratios)"
say "kyodo: $KYODO (repo HEAD $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$ROOT" && git diff --quiet HEAD -- 2>/dev/null || echo ', dirty tree')); sqlite3 $(sqlite3 --version | cut -d' ' -f1)"

# ---------------------------------------------------------------- data
CSV=$TMP/orgs.csv
python3 "$ROOT/bench/gen_orgs.py" --rows "$ROWS" --out "$CSV" >/dev/null
say "data: $ROWS groups, $(du -h "$CSV" | cut -f1) of CSV (bench/gen_orgs.py, seeded)"

# ---------------------------------------------------------------- a. import
hr
say "a. import (kyodo org import into a fresh demo database, $RUNS_IMPORT runs, wall time of the whole process)"
for r in $(seq 1 "$RUNS_IMPORT"); do
	DB=$TMP/import-$r.db
	kyodo demo >/dev/null
	run_ms ms kyodo org import "$CSV"
	echo "$ms" >>"$TMP/import.ms"
	echo "$CPU_MS" >>"$TMP/import.cpu"
	say "   run $r: $(ms2s "$ms") s (CPU $(ms2s "$CPU_MS") s)"
	[ "$r" = "$RUNS_IMPORT" ] || rm -f "$DB" "$DB-wal" "$DB-shm"
done
IMPORT_MS=$(median <"$TMP/import.ms")
NORGS=$(sqlite3 "$DB" 'SELECT count(*) FROM orgs')
say "   median $(ms2s "$IMPORT_MS") s; database $(du -h "$DB" | cut -f1), $NORGS groups, $(sqlite3 "$DB" 'SELECT count(*) FROM audit_log') audit rows"

# ---------------------------------------------------------------- b. the query
hr
MATCH=$(printf '{name kana purpose activities} : ("%s") NOT tags : "xhidx"' "$WORD")
# The statements kyodo runs for GET /groups?q=WORD (src/store/sql_org_search.def): the
# newest matches' ids from the index (the count, up to 1,001), then the rows of the first
# 1,000 ids, the first page of 20 in 五十音 order.
SQL_COUNT="SELECT rowid FROM org_fts WHERE org_fts MATCH '$MATCH' ORDER BY rowid DESC LIMIT 1001;"
IDS=$(sqlite3 -batch -cmd ".load ${EXT%.so}" "$DB" "SELECT json_group_array(rowid) FROM (SELECT rowid FROM org_fts WHERE org_fts MATCH '$MATCH' ORDER BY rowid DESC LIMIT 1000)")
SQL_PAGE="SELECT id, name, kana, kind, purpose, recruiting, coalesce(confirmed_at, '') FROM orgs o
 WHERE o.id IN (SELECT value FROM json_each('$IDS')) AND o.review = 'approved' AND o.status <> 'dissolved'
 ORDER BY o.kana, o.id LIMIT 20;"
say "b. the query for \"$WORD\" (the ids of the newest matches, up to 1,001 — the count; then the first page of 20 in 五十音 order)"
say "   hits in the index: $(sqlite3 -cmd ".load ${EXT%.so}" "$DB" "SELECT count(*) FROM org_fts WHERE org_fts MATCH '$MATCH'")"
sqlite_q() { sqlite3 -batch -cmd ".load ${EXT%.so}" "$DB" "$SQL_COUNT" "$SQL_PAGE"; }
sqlite_nop() { sqlite3 -batch -cmd ".load ${EXT%.so}" "$DB" "SELECT 1;"; }
: >"$TMP/sq.ms"; : >"$TMP/sn.ms"
for _ in $(seq 1 "$RUNS_SQL"); do
	run_ms ms sqlite_q; echo "$ms" >>"$TMP/sq.ms"
	run_ms ms sqlite_nop; echo "$ms" >>"$TMP/sn.ms"
done
SQL_MS=$(median <"$TMP/sq.ms")
NOP_MS=$(median <"$TMP/sn.ms")
SQL_NET=$(awk -v a="$SQL_MS" -v b="$NOP_MS" 'BEGIN { printf "%.1f", a - b }')
say "   sqlite3 CLI, whole process: ${SQL_MS} ms (runs $(minmax <"$TMP/sq.ms")); the same process running SELECT 1: ${NOP_MS} ms → the two queries ≈ ${SQL_NET} ms"
# In-process timing with sqlite3's own timer (no process start-up), best of RUNS_SQL.
: >"$TMP/timer.count"; : >"$TMP/timer.page"
for _ in $(seq 1 "$RUNS_SQL"); do
	printf '.timer on\n%s\n%s\n' "$SQL_COUNT" "$SQL_PAGE" | sqlite3 -cmd ".load ${EXT%.so}" "$DB" 2>&1 |
		awk '/^Run Time/ { n++; print $4 * 1000 >> (n == 1 ? "'"$TMP"'/timer.count" : "'"$TMP"'/timer.page") }'
done
SQL_COUNT_MS=$(median <"$TMP/timer.count")
SQL_PAGE_MS=$(median <"$TMP/timer.page")
say "   sqlite3 .timer (in process, median of $RUNS_SQL): count ${SQL_COUNT_MS} ms + first page ${SQL_PAGE_MS} ms"
start_kyodo
Q=$(urlenc "$WORD")
# A logged-in viewer is never served from the page cache (the header is personal): with
# the demo's committee login every request runs the query and renders the page.
curl -s -c "$TMP/jar" -o /dev/null -H "Origin: $KURL" --data-urlencode login=committee \
	--data-urlencode password=kyodo-demo-2026 "$KURL/login"
COOKIE=$(awk '(!/^#/ || /^#HttpOnly_/) && NF >= 7 { print $6 "=" $7 }' "$TMP/jar")
[ -n "$COOKIE" ] || die "could not log in as committee"
: >"$TMP/cold.ms"
for _ in $(seq 1 "$RUNS_SQL"); do
	t=$(curl -s -o /dev/null -H "Cookie: $COOKIE" -w '%{time_total}' "$KURL/groups?q=$Q")
	awk -v t="$t" 'BEGIN { printf "%.2f\n", t * 1000 }' >>"$TMP/cold.ms"
done
COLD_MS=$(median <"$TMP/cold.ms")
say "   kyodo, GET /groups?q=… rendered anew each time (logged in: no page cache; query + render + HTTP on loopback, curl): median ${COLD_MS} ms (runs $(minmax <"$TMP/cold.ms"))"

if [ "${SKIP_WRK:-}" != 1 ]; then
# ---------------------------------------------------------------- c. the page vs nginx
hr
PAGE_PATH="/groups?q=$Q"
PAGE=$KURL$PAGE_PATH
code=$(curl -sS -o "$OUT/groups.html" -w '%{http_code}' "$PAGE" || echo 000)
[ "$code" = 200 ] || die "GET $PAGE answered $code"
PAGE_BYTES=$(wc -c <"$OUT/groups.html")
RESULTS=$(grep -c 'class="group-card"' "$OUT/groups.html" || true)
say "c. the search page $PAGE_PATH ($PAGE_BYTES bytes, $RESULTS results on the page): kyodo serve vs nginx serving the saved page"
nginx_start groups.html nginx-org.conf "$PAGE_PATH"
say "   wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION --latency, $WRK_ROUNDS rounds of kyodo then nginx (2 s warm-up first, not counted)"
for round in $(seq 1 "$WRK_ROUNDS"); do
	k=$(run_wrk kyodo "$PAGE" "$round")
	n=$(run_wrk nginx "$NURL" "$round")
	printf '   round %d (load %s): kyodo %s | nginx %s\n' "$round" "$(cut -d' ' -f1 /proc/loadavg)" "$k" "$n"
done

# ---------------------------------------------------------------- d. uncached pages
hr
LUA=$ROOT/bench/org_queries.lua
say "d. uncached: the same requests logged in (no page cache: each one runs the query and renders)"
say "   d1. the same page $PAGE_PATH"
for round in $(seq 1 "$WRK_ROUNDS"); do
	u=$(run_wrk same "$PAGE" "$round" "" "Cookie: $COOKIE")
	printf '   round %d (load %s): kyodo %s\n' "$round" "$(cut -d' ' -f1 /proc/loadavg)" "$u"
done
say "   d2. a mix of words, sorts, activity fields and areas ($LUA)"
for round in $(seq 1 "$WRK_ROUNDS"); do
	u=$(run_wrk mixed "$KURL/groups" "$round" "$LUA" "Cookie: $COOKIE")
	printf '   round %d (load %s): kyodo %s\n' "$round" "$(cut -d' ' -f1 /proc/loadavg)" "$u"
done

fi
declare -A RPS P99 NON2XX
for s in kyodo nginx same mixed; do
	[ -f "$TMP/rps.$s" ] || { RPS[$s]=0; P99[$s]=n/a; continue; }
	RPS[$s]=$(median <"$TMP/rps.$s" | awk '{ printf "%.0f", $1 }')
	P99[$s]=$(median <"$TMP/p99.$s")
	NON2XX[$s]=$(awk '{ n += $1 } END { print n + 0 }' "$TMP/bad.$s")
	[ "${NON2XX[$s]}" = 0 ] || say "   WARNING: $s answered ${NON2XX[$s]} non-2xx responses"
done

# ---------------------------------------------------------------- e. large downloads
hr
stop_kyodo
# kB of resident memory of the server now, and at most since it started (VmHWM).
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$KPID/status"; }
# kB of it that is the process's own memory (RssAnon): the rest (RssFile) is the database
# file SQLite maps (PRAGMA mmap_size 256 MiB), shared with the page cache of the kernel.
anon_kb() { awk '/^RssAnon:/ { print $2 }' "/proc/$KPID/status"; }
hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$KPID/status"; }
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
# One download: "seconds bytes status".
fetch() { curl -s -o /dev/null -w '%{time_total} %{size_download} %{http_code}\n' "$KURL$1"; }
# e for one binary (label, binary): first vs cached download, then a fresh server and
# 8 JSON + 8 CSV downloads at once, its peak memory sampled every 50 ms and as VmHWM.
downloads() {
	local label=$1 bin=$2 saved=$KYODO
	KYODO=$bin
	start_kyodo
	local f1 f2 c1 c2
	f1=$(fetch /groups/opendata.json); c1=$(fetch /groups/opendata.json)
	f2=$(fetch /groups/opendata.csv); c2=$(fetch /groups/opendata.csv)
	say "   $label: /groups/opendata.json ($(awk '{ printf "%.0f MB", $2 / 1048576 }' <<<"$f1")): first $(awk '{ printf "%.2f s", $1 }' <<<"$f1"), again $(awk '{ printf "%.2f s", $1 }' <<<"$c1") | /groups/opendata.csv ($(awk '{ printf "%.0f MB", $2 / 1048576 }' <<<"$f2")): first $(awk '{ printf "%.2f s", $1 }' <<<"$f2"), again $(awk '{ printf "%.2f s", $1 }' <<<"$c2")"
	echo "$f1" >"$TMP/dl-$label.first.json"; echo "$c1" >"$TMP/dl-$label.again.json"
	echo "$f2" >"$TMP/dl-$label.first.csv"; echo "$c2" >"$TMP/dl-$label.again.csv"
	stop_kyodo
	start_kyodo
	curl -s -o /dev/null "$KURL/groups"	# the server warm, nothing of the open data cached
	local base peak=0 apeak=0 pids=() t0 t1
	base=$(rss_kb)
	t0=$(date +%s.%N)
	for _ in 1 2 3 4 5 6 7 8; do
		fetch /groups/opendata.json >>"$TMP/dl-$label.par" & pids+=($!)
		fetch /groups/opendata.csv >>"$TMP/dl-$label.par" & pids+=($!)
	done
	local running=1 r p
	while [ "$running" = 1 ]; do
		r=$(rss_kb); [ "${r:-0}" -gt "$peak" ] && peak=$r
		r=$(anon_kb); [ "${r:-0}" -gt "$apeak" ] && apeak=$r
		sleep 0.05
		running=0
		for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && running=1; done
	done
	wait "${pids[@]}" 2>/dev/null || true
	t1=$(date +%s.%N)
	local hwm bad
	hwm=$(hwm_kb)
	bad=$(awk '$3 != 200 { n++ } END { print n + 0 }' "$TMP/dl-$label.par")
	say "   $label: 8 JSON + 8 CSV downloads at once on a fresh server: all done in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s, $bad not 200; resident memory $(mb "$base") MB before, peak $(mb "$peak") MB sampled ($(mb "$apeak") MB of it the process's own, the rest the mapped database), $(mb "$hwm") MB VmHWM"
	echo "$(mb "$base") $(mb "$peak") $(mb "$hwm") $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') $(mb "$apeak")" >"$TMP/dl-$label.mem"
	stop_kyodo
	KYODO=$saved
}
say "e. large downloads of the open data ($NORGS groups): first download (built) and a second one (cached), then 8 JSON + 8 CSV at once on a fresh server"
downloads now "$KYODO"
if [ -n "${KYODO_BEFORE:-}" ]; then
	downloads before "$KYODO_BEFORE"
fi

# ---------------------------------------------------------------- f. summary
hr
{
	say "summary ($(date -u '+%Y-%m-%d'), $(nproc) cores; aims from issue 3 in brackets)"
	say "import $ROWS groups incl. search index: $(ms2s "$IMPORT_MS") s (median of $RUNS_IMPORT; CPU $(ms2s "$(median <"$TMP/import.cpu")") s)   [< 5 s]"
	say "query \"$WORD\" (count ≤ 1,000 + first 20 in 五十音 order): sqlite3 ${SQL_COUNT_MS} + ${SQL_PAGE_MS} ms in process (≈ ${SQL_NET} ms as a whole process minus its start-up); kyodo uncached page, whole request ${COLD_MS} ms"
	if [ "${SKIP_WRK:-}" != 1 ]; then
		say "search page ($PAGE_BYTES bytes, median of $WRK_ROUNDS): kyodo $(thousands "${RPS[kyodo]}") req/s p99 ${P99[kyodo]} ms vs nginx $(thousands "${RPS[nginx]}") req/s p99 ${P99[nginx]} ms = $(ratio "${RPS[kyodo]}" "${RPS[nginx]}")x   [≥ 0.40x, p99 < 15 ms]"
		say "the same page rendered anew each time (logged in): kyodo $(thousands "${RPS[same]}") req/s p99 ${P99[same]} ms = $(ratio "${RPS[same]}" "${RPS[nginx]}")x"
		say "a mix of uncached searches with filters (logged in): kyodo $(thousands "${RPS[mixed]}") req/s p99 ${P99[mixed]} ms"
	fi
	for label in now before; do
		[ -f "$TMP/dl-$label.mem" ] || continue
		read -r base peak hwm secs apeak <"$TMP/dl-$label.mem"
		say "open data ($label): JSON first $(awk '{ printf "%.2f", $1 }' "$TMP/dl-$label.first.json") s, cached $(awk '{ printf "%.2f", $1 }' "$TMP/dl-$label.again.json") s; CSV first $(awk '{ printf "%.2f", $1 }' "$TMP/dl-$label.first.csv") s, cached $(awk '{ printf "%.2f", $1 }' "$TMP/dl-$label.again.csv") s; 8 JSON + 8 CSV at once: peak RSS $hwm MB (from $base MB; own memory at most $apeak MB sampled), $secs s"
	done
} | tee "$OUT/org-summary.txt"
