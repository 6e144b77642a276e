#!/usr/bin/env bash
# cache_bench.sh: the public pages under writes, and several processes on one database
# (issue 9), measured side by side in one run.
#
#   make && bash bench/cache_bench.sh                       # about 8 minutes
#   KYODO_BEFORE=/path/to/older/kyodo bash bench/cache_bench.sh   # + the same for an older binary
#
#   a. the public pages as citizens open them (bench/public_pages.lua: directory lists with
#      and without filters, searches, 200 groups' pages, the statistics, the progress
#      report, the start page; anonymous, so the page cache serves them), wrk, alone and
#      while one group saves its profile WRITES times a second (bench/writer.py, the purpose
#      changed each time: a change the lists show) — for this kyodo, and for KYODO_BEFORE
#      when set, on copies of the same database, alternating which goes first;
#      — and the same on PostgreSQL (a cluster of the run's own, bench/lib.sh pg_start: fsync
#      and synchronous_commit on; the same rows, copied with `kyodo copy-data`), alternating;
#   b. one `kyodo serve` process against two on the same database (--reuse-port: the kernel
#      spreads the connections), the same two runs and a write mix (wrk saving the profile
#      as fast as it goes, 8 connections), on SQLite and on PostgreSQL;
#   c. a summary, also in bench/out/cache-summary.txt.
#
# Not a test and not part of `make test`. Installs wrk with apt-get if missing. The
# databases live in bench/out/cache-tmp (on the disk: a write pays its fsync, as in a city's
# server), removed at the end; bench/out keeps the wrk outputs and the path list.
#
# Knobs (environment): KYODO (build/kyodo), KYODO_BEFORE (unset: part a measures this kyodo
# only), ROWS (20000 groups), WRITES (10 a second), ROUNDS (3), WRK_DURATION (10s),
# WRK_CONNECTIONS (64), WRK_THREADS (2), SKIP_PROCS=1 (no part b), SKIP_PG=1 (SQLite only).
set -euo pipefail
export LC_ALL=C.UTF-8

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KYODO=${KYODO:-$ROOT/build/kyodo}
KYODO_BEFORE=${KYODO_BEFORE:-}
ROWS=${ROWS:-20000}
WRITES=${WRITES:-10}
ROUNDS=${ROUNDS:-3}
WRK_DURATION=${WRK_DURATION:-10s}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
SKIP_PROCS=${SKIP_PROCS:-}
SKIP_PG=${SKIP_PG:-}
OUT=$ROOT/bench/out
BENCH_NAME=cache_bench
WRK_TAG=cache
. "$ROOT/bench/lib.sh"

[ -x "$KYODO" ] || die "$KYODO not found: run make first"
[ -z "$KYODO_BEFORE" ] || [ -x "$KYODO_BEFORE" ] || die "KYODO_BEFORE=$KYODO_BEFORE is not a program"
need_tools sqlite3=sqlite3 curl=curl python3=python3 wrk=wrk

mkdir -p "$OUT"
TMP=$OUT/cache-tmp
rm -rf "$TMP"
mkdir -p "$TMP"
PIDS=()
WPID=
stop_servers() {
	local p
	for p in "${PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	PIDS=()
}
cleanup() {
	local rc=$?
	[ -z "$WPID" ] || kill "$WPID" 2>/dev/null || true
	stop_servers
	pg_stop
	rm -rf "$TMP"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

secs() { local d=${WRK_DURATION%s}; echo "$d"; }

# start_servers BIN DB N [ARGS…]: N `kyodo serve` processes on DB, sharing one port when N
# > 1 (--reuse-port); sets URL. The limit of connections per address is raised above its
# default of 64: wrk's 64 connections and the writer's come from one address.
start_servers() {
	local bin=$1 db=$2 n=$3 port i log
	shift 3
	port=$(free_port)
	for i in $(seq 1 "$n"); do
		log=$TMP/serve-$i.log
		if [ "$n" -gt 1 ]; then
			"$bin" --db "$db" serve --listen "127.0.0.1:$port" --max-conns-per-addr 256 --reuse-port "$@" >"$log" 2>&1 &
		else
			"$bin" --db "$db" serve --listen "127.0.0.1:$port" --max-conns-per-addr 256 "$@" >"$log" 2>&1 &
		fi
		PIDS+=($!)
		for _ in $(seq 1 100); do
			grep -q 'listening on' "$log" 2>/dev/null && break
			kill -0 "${PIDS[-1]}" 2>/dev/null || { cat "$log" >&2; die "kyodo serve exited"; }
			sleep 0.1
		done
	done
	URL=http://127.0.0.1:$port
}

# warm: every public page once into the cache of a server just started (2 s of wrk), so
# that no round measures a cold start
warm() { PATHS=$OUT/cache-paths.txt wrk -t2 -c64 -d2s -s "$ROOT/bench/public_pages.lua" "$URL/" >/dev/null 2>&1 || true; }

# group_session: logs in as the demo group; prints "kyodo_session=…"
group_session() {
	local jar=$TMP/jar
	rm -f "$jar"
	curl -s -o /dev/null -c "$jar" -d "login=group&password=kyodo-demo-2026" "$URL/login"
	awk '$6 == "kyodo_session" { print $6 "=" $7 }' "$jar"
}

# profile_body COOKIE: the profile form as the browser sends it, its purpose "… @N@"
profile_body() {
	curl -s -H "Cookie: $1" "$URL/my/group/edit" >"$TMP/profile.html"
	python3 "$ROOT/bench/form_body.py" /my/group/edit purpose <"$TMP/profile.html"
}

# mix NAME ROUND WITH_WRITES: the public pages (wrk) against $URL, alone or while the
# writer saves the profile $WRITES times a second; appends to the figures of NAME.
mix() {
	local name=$1 round=$2 writes=$3 cookie body
	if [ "$writes" = 1 ]; then
		cookie=$(group_session)
		[ -n "$cookie" ] || die "cannot log in as the demo group"
		body=$(profile_body "$cookie")
		# the writer runs through wrk's warm-up (2 s, round 1) and the measured run
		python3 "$ROOT/bench/writer.py" "$URL" "$cookie" /my/group/edit "$body" "$WRITES" \
			"$(($(secs) + ($round == 1 ? 3 : 1)))" >"$TMP/writer.out" &
		WPID=$!
		sleep 0.5
	fi
	PATHS=$OUT/cache-paths.txt run_wrk "$name" "$URL/" "$round" "$ROOT/bench/public_pages.lua"
	if [ "$writes" = 1 ]; then
		wait "$WPID" || true
		WPID=
		local n err rate p50 p99
		read -r n err rate p50 p99 <"$TMP/writer.out"
		printf '; writes %s (%s a second, %s failed), write p50 %s ms, p99 %s ms' "$n" "$rate" "$err" "$p50" "$p99"
		echo "$rate" >>"$TMP/wrate.$name"
		echo "$p99" >>"$TMP/wp99.$name"
		[ "$err" = 0 ] || say "   WARNING: $err writes failed"
	fi
	echo
}

# write_mix NAME ROUND: the profile saved as fast as it goes (wrk, 8 connections)
write_mix() {
	local cookie body
	cookie=$(group_session)
	body=$(profile_body "$cookie")
	BODY=$body COOKIE=$cookie WRK_CONNECTIONS=8 run_wrk "$1" "$URL/my/group/edit" "$2" "$ROOT/bench/post_form.lua"
	echo
}

say "Kyodo cache and processes benchmark — $(date -u '+%Y-%m-%d %H:%M UTC') on $(uname -n)"
say "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure; look at the ratios)"
say "kyodo: $KYODO (repo HEAD $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$ROOT" && git diff --quiet HEAD -- 2>/dev/null || echo ', dirty tree'))${KYODO_BEFORE:+; before: $KYODO_BEFORE}"
say "databases in $TMP ($(df -PT "$TMP" | awk 'NR == 2 { print $2 }')); wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION, $ROUNDS rounds, medians"

# ---------------------------------------------------------------- data
CSV=$TMP/orgs.csv
python3 "$ROOT/bench/gen_orgs.py" --rows "$ROWS" --out "$CSV" >/dev/null
DB=$TMP/after.db
if [ -n "$KYODO_BEFORE" ]; then
	DB_BEFORE=$TMP/before.db
	"$KYODO_BEFORE" --db "$DB_BEFORE" demo >/dev/null
	"$KYODO_BEFORE" --db "$DB_BEFORE" org import "$CSV" >/dev/null
	sqlite3 "$DB_BEFORE" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
	cp "$DB_BEFORE" "$DB"
	"$KYODO" --db "$DB" migrate >/dev/null
else
	"$KYODO" --db "$DB" demo >/dev/null
	"$KYODO" --db "$DB" org import "$CSV" >/dev/null
fi
DB_PG=
if [ -z "$SKIP_PG" ]; then
	pg_start "$TMP/pg"
	createdb -E UTF8 -T template0 kyodo
	DB_PG=postgresql:///kyodo
	"$KYODO" copy-data --from "$DB" --to "$DB_PG" >/dev/null
fi
NVIS=$(sqlite3 "$DB" "SELECT count(*) FROM orgs WHERE review = 'approved' AND status <> 'dissolved'")
say "data: the demo city + $ROWS generated groups ($NVIS in the directory)${DB_PG:+; the same rows in PostgreSQL 15 (kyodo copy-data)}"

# the public pages: lists, filters, searches, the statistics, 200 groups' pages, the report
{
	echo /
	echo /groups
	for p in 2 3 4 5; do echo "/groups?page=$p"; done
	echo "/groups?sort=new"
	echo "/groups?sort=confirmed"
	echo "/groups?recruiting=1"
	for f in $(seq 1 20); do echo "/groups?field=$f"; done
	sqlite3 "$DB" 'SELECT id FROM areas ORDER BY pos, id' | sed 's|^|/groups?area=|'
	sqlite3 "$DB" "SELECT DISTINCT kind FROM orgs WHERE review = 'approved' ORDER BY kind" | sed 's|^|/groups?kind=|'
	for w in 福祉 子ども 環境 まちづくり 防災 高齢者; do echo "/groups?q=$(urlenc "$w")"; done
	echo /groups/stats
	echo /reports/1/2023
	echo /api/v1/groups
	sqlite3 "$DB" "SELECT id FROM orgs WHERE review = 'approved' AND status <> 'dissolved' ORDER BY (id * 7919) % 10007 LIMIT 200" |
		sed 's|^|/groups/|'
} >"$OUT/cache-paths.txt"
say "the public pages: $(wc -l <"$OUT/cache-paths.txt") paths (bench/out/cache-paths.txt), round robin"
start_servers "$KYODO" "$DB" 1
bad=0
while read -r p; do
	code=$(curl -s -o /dev/null -w '%{http_code}' "$URL$p")
	[ "$code" = 200 ] || { say "   $p: $code"; bad=$((bad + 1)); }
done <"$OUT/cache-paths.txt"
stop_servers
[ "$bad" = 0 ] || die "$bad public pages do not answer 200"

# ---------------------------------------------------------------- a. under writes
hr
say "a. the public pages alone, and while the demo group saves its profile $WRITES times a second (1 process)"
BINS=(after)
[ -z "$KYODO_BEFORE" ] || BINS=(before after)
[ -z "$DB_PG" ] || BINS+=(pg)
# start_bin NAME: the one process of part a for NAME (before, after: SQLite; pg: PostgreSQL)
start_bin() {
	case $1 in
	before) start_servers "$KYODO_BEFORE" "$DB_BEFORE" 1 ;;
	pg) start_servers "$KYODO" "$DB_PG" 1 ;;
	*) start_servers "$KYODO" "$DB" 1 ;;
	esac
}
for r in $(seq 1 "$ROUNDS"); do
	order=("${BINS[@]}")
	# alternate which goes first
	[ $((r % 2)) = 0 ] && order=($(printf '%s\n' "${BINS[@]}" | tac))
	for b in "${order[@]}"; do
		start_bin "$b"
		warm
		printf '   round %s, %-6s alone:       ' "$r" "$b"; mix "$b-alone" "$r" 0
		printf '   round %s, %-6s with writes: ' "$r" "$b"; mix "$b-writes" "$r" 1
		stop_servers
		say "      (load $(cut -d' ' -f1 /proc/loadavg))"
	done
done

# ---------------------------------------------------------------- b. processes
if [ -z "$SKIP_PROCS" ]; then
	hr
	say "b. one process against two on the same database (--reuse-port), this kyodo; p: SQLite, g: PostgreSQL"
	PROCS=(p1 p2)
	[ -z "$DB_PG" ] || PROCS+=(g1 g2)
	for r in $(seq 1 "$ROUNDS"); do
		order=("${PROCS[@]}")
		[ $((r % 2)) = 0 ] && order=($(printf '%s\n' "${PROCS[@]}" | tac))
		for k in "${order[@]}"; do
			n=${k#?}
			if [ "${k%?}" = g ]; then start_servers "$KYODO" "$DB_PG" "$n"; else start_servers "$KYODO" "$DB" "$n"; fi
			warm
			printf '   round %s, %s, %s process(es), public alone:       ' "$r" "${k%?}" "$n"; mix "$k-alone" "$r" 0
			printf '   round %s, %s, %s process(es), public with writes: ' "$r" "${k%?}" "$n"; mix "$k-writes" "$r" 1
			printf '   round %s, %s, %s process(es), profile saves (wrk -c8): ' "$r" "${k%?}" "$n"; write_mix "$k-saves" "$r"
			stop_servers
			say "      (load $(cut -d' ' -f1 /proc/loadavg))"
		done
	done
fi

# ---------------------------------------------------------------- c. summary
med() { median <"$TMP/$1.$2"; }
row() {	# row LABEL NAME [BASE]: req/s, p99, ratio to BASE's req/s
	local rps p99 line
	rps=$(med rps "$2")
	p99=$(med p99 "$2")
	line=$(printf '| %s | %s req/s | %s ms |' "$1" "$(thousands "$rps")" "$p99")
	if [ -n "${3:-}" ]; then line="$line $(ratio "$rps" "$(med rps "$3")")× of $3 |"; else line="$line |"; fi
	if [ -f "$TMP/wrate.$2" ]; then line="$line $(med wrate "$2") writes/s landed, write p99 $(med wp99 "$2") ms |"; else line="$line |"; fi
	say "$line"
}
{
	hr
	say "c. summary (medians of $ROUNDS rounds), $ROWS groups, $WRITES profile saves a second, wrk -c$WRK_CONNECTIONS"
	say "| run | public pages | p99 | ratio | writes |"
	say "|---|---|---|---|---|"
	for b in "${BINS[@]}"; do
		row "$b: public pages alone" "$b-alone"
		row "$b: with $WRITES writes a second" "$b-writes" "$b-alone"
	done
	[ -z "$DB_PG" ] || row "pg against SQLite (after): public pages alone" "pg-alone" "after-alone"
	if [ -z "$SKIP_PROCS" ]; then
		for k in "${PROCS[@]}"; do
			n=${k#?}
			be=SQLite
			[ "${k%?}" = g ] && be=PostgreSQL
			row "$be, $n process(es): public pages alone" "$k-alone" "${k%?}1-alone"
			row "$be, $n process(es): with $WRITES writes a second" "$k-writes" "$k-alone"
			row "$be, $n process(es): profile saves, wrk -c8" "$k-saves" "${k%?}1-saves"
		done
	fi
	say "aim: with writes, p99 < 10 ms and ≥ 0.50× of the same binary alone; two processes no slower than one"
} | tee "$OUT/cache-summary.txt"
