#!/usr/bin/env bash
# durability_bench.sh: what an acknowledged write's durability costs. Kyodo runs SQLite in
# WAL mode with synchronous=FULL (the log is synced at every commit: a write that was
# answered survives a power cut); NORMAL syncs only at checkpoints. The same write paths
# are measured with both, side by side in one run (KYODO_SYNCHRONOUS=normal|full picks the
# mode of the process), alternating which goes first:
#   a. the raw cost: 500 single-row transactions in the sqlite3 CLI;
#   b. a round answer saved (POST /plans/ID/years/FY/items/ID, as the admin), wrk;
#   c. a group's profile saved (POST /my/group/edit, as the demo group), wrk;
#   d. a login (POST /login with the right password: throttle reservation, argon2id,
#      session), wrk;
#   e. the bulk import: `kyodo org import` of ORGS generated groups into a fresh demo
#      database (one transaction: one sync at its commit).
# Every POST changes a text field with a counter (bench/post_form.lua), so each one writes.
#
#   make && bash bench/durability_bench.sh        # about 4 minutes with the defaults
#
# Knobs: KYODO (binary), ROUNDS (3), WRK_DURATION (8s), WRK_CONNECTIONS (8), WRK_THREADS
# (2), ORGS (20000), RUNS_IMPORT (3), BENCH_DIR (where the databases live: a disk, not a
# tmpfs, or fsync costs nothing; default bench/out/durability-tmp). Installs wrk with
# apt-get if missing. Output: bench/out/durability.txt (and the wrk outputs beside it).
set -euo pipefail
BENCH_NAME=durability_bench
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KYODO=${KYODO:-$ROOT/build/kyodo}
ROUNDS=${ROUNDS:-3}
WRK_DURATION=${WRK_DURATION:-8s}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-8}
WRK_THREADS=${WRK_THREADS:-2}
ORGS=${ORGS:-20000}
RUNS_IMPORT=${RUNS_IMPORT:-3}
OUT=$ROOT/bench/out
WRK_TAG=durability
. "$ROOT/bench/lib.sh"
[ -x "$KYODO" ] || die "no $KYODO: run make first"
need_tools wrk=wrk sqlite3=sqlite3 curl=curl python3=python3
mkdir -p "$OUT"
BENCH_DIR=${BENCH_DIR:-$OUT/durability-tmp}
mkdir -p "$BENCH_DIR"
TMP=$(mktemp -d "$BENCH_DIR/run.XXXXXX")
KPID=
cleanup() {
	local rc=$?
	[ -z "$KPID" ] || { kill "$KPID" 2>/dev/null; wait "$KPID" 2>/dev/null || true; }
	rm -rf "$TMP"
	rmdir "$BENCH_DIR" 2>/dev/null || true
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
exec > >(tee "$OUT/durability.txt")

MODES=(FULL NORMAL)
order() { if [ $(($1 % 2)) = 1 ]; then echo FULL NORMAL; else echo NORMAL FULL; fi; }

say "Kyodo durability benchmark — $(date -u '+%Y-%m-%d %H:%M UTC') on $(uname -n)"
say "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
say "databases in $BENCH_DIR: $(df -PT "$BENCH_DIR" | awk 'NR == 2 { print $2 " on " $1 }')"
case $(df -PT "$BENCH_DIR" | awk 'NR == 2 { print $2 }') in
tmpfs | ramfs) say "   WARNING: a memory file system: fsync costs nothing here, the figures say nothing" ;;
esac
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other work skews the figures; look at the ratios)"
say "kyodo: $KYODO (repo HEAD $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')); sqlite3 $(sqlite3 --version | cut -d' ' -f1)"

# ---------------------------------------------------------------- a. raw commits
hr
say "a. 500 single-row transactions in the sqlite3 CLI (WAL), $ROUNDS rounds"
for r in $(seq 1 "$ROUNDS"); do
	for mode in $(order "$r"); do
		db=$TMP/raw-$mode.db
		rm -f "$db" "$db-wal" "$db-shm"
		sqlite3 "$db" 'PRAGMA journal_mode = WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);' >/dev/null
		{
			echo "PRAGMA synchronous = $mode;"
			for i in $(seq 1 500); do echo "INSERT INTO t(v) VALUES ('row $i');"; done
		} >"$TMP/raw.sql"
		run_ms ms sqlite3 "$db" ".read $TMP/raw.sql"
		echo "$ms" >>"$TMP/raw.$mode"
	done
done
for mode in "${MODES[@]}"; do
	m=$(median <"$TMP/raw.$mode")
	say "   $mode: median $(ms2s "$m") s, $(awk -v m="$m" 'BEGIN { printf "%.2f", m / 500 }') ms a commit"
done

# ---------------------------------------------------------------- the web write paths
hr
DB=$TMP/demo.db
kyodo demo >/dev/null
say "b–d. the web's write paths on the demo database, wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION, $ROUNDS rounds"

start_kyodo() {	# start_kyodo MODE: sets KPID and KURL
	KYODO_SYNCHRONOUS=$1 "$KYODO" --db "$DB" serve --listen 127.0.0.1:0 >"$TMP/serve.log" 2>&1 &
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
stop_kyodo() { kill "$KPID"; wait "$KPID" 2>/dev/null || true; KPID=; }

# session LOGIN: logs in with curl, prints the session cookie "kyodo_session=…"
session() {
	local jar=$TMP/jar-$1
	rm -f "$jar"
	curl -s -o /dev/null -c "$jar" -d "login=$1&password=kyodo-demo-2026" "$KURL/login"
	awk '$6 == "kyodo_session" { print $6 "=" $7 }' "$jar"
}

# bodies: the forms as the browser would send them, for the current sessions (the CSRF
# token belongs to the session); sets ANSWER_BODY and PROFILE_BODY.
bodies() {
	curl -s -H "Cookie: $ADMIN" "$KURL$ANSWER_PATH" >"$TMP/answer.html"
	ANSWER_BODY=$(python3 "$ROOT/bench/form_body.py" "$ANSWER_PATH" result <"$TMP/answer.html")
	curl -s -H "Cookie: $GROUP" "$KURL/my/group/edit" >"$TMP/profile.html"
	PROFILE_BODY=$(python3 "$ROOT/bench/form_body.py" /my/group/edit activities <"$TMP/profile.html")
}

# The item the admin answers: the first leaf of the open year.
start_kyodo FULL
ADMIN=$(session admin)
GROUP=$(session group)
[ -n "$ADMIN" ] && [ -n "$GROUP" ] || die "cannot log in as admin and group"
PLAN_ID=$(curl -s -H "Cookie: $ADMIN" "$KURL/api/v1/plans" | python3 -c 'import json, sys; print(json.load(sys.stdin)["plans"][0]["id"])')
FY=2024
ITEM=$(curl -s -H "Cookie: $ADMIN" "$KURL/api/v1/plans/$PLAN_ID/years/$FY/items" |
	python3 -c 'import json, sys; print(next(i["id"] for i in json.load(sys.stdin)["items"] if not i["branch"]))')
ANSWER_PATH=/plans/$PLAN_ID/years/$FY/items/$ITEM
bodies
# each saves once, checked
for p in "$ANSWER_PATH|$ADMIN|$ANSWER_BODY" "/my/group/edit|$GROUP|$PROFILE_BODY"; do
	IFS='|' read -r path cookie body <<<"$p"
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" -d "${body//@N@/1}" "$KURL$path")
	[ "$code" = 303 ] || die "POST $path answered $code, not 303"
done
stop_kyodo
say "   answer: POST $ANSWER_PATH (admin); profile: POST /my/group/edit (group); login: POST /login"
say "   (admin, 2 connections: each login checks an argon2id hash, ~0.2 s of CPU, so more only queue)"

for r in $(seq 1 "$ROUNDS"); do
	for mode in $(order "$r"); do
		start_kyodo "$mode"
		ADMIN=$(session admin)
		GROUP=$(session group)
		bodies
		say "   round $r, $mode"
		printf '      answer:  '
		BODY=$ANSWER_BODY COOKIE=$ADMIN run_wrk "answer-$mode" "$KURL$ANSWER_PATH" "$r" "$ROOT/bench/post_form.lua"
		echo
		printf '      profile: '
		BODY=$PROFILE_BODY COOKIE=$GROUP run_wrk "profile-$mode" "$KURL/my/group/edit" "$r" "$ROOT/bench/post_form.lua"
		echo
		printf '      login:   '
		BODY="login=admin&password=kyodo-demo-2026&n=@N@" COOKIE= WRK_CONNECTIONS=2 \
			run_wrk "login-$mode" "$KURL/login" "$r" "$ROOT/bench/post_form.lua"
		echo
		stop_kyodo
	done
done

# ---------------------------------------------------------------- e. bulk import
hr
CSV=$TMP/orgs.csv
python3 "$ROOT/bench/gen_orgs.py" --rows "$ORGS" --out "$CSV" >/dev/null
say "e. kyodo org import of $ORGS groups into a fresh demo database ($(du -h "$CSV" | cut -f1) of CSV), $RUNS_IMPORT rounds"
for r in $(seq 1 "$RUNS_IMPORT"); do
	for mode in $(order "$r"); do
		DB=$TMP/import-$mode.db
		rm -f "$DB" "$DB-wal" "$DB-shm"
		kyodo demo >/dev/null
		export KYODO_SYNCHRONOUS=$mode
		run_ms ms kyodo org import "$CSV"
		unset KYODO_SYNCHRONOUS
		echo "$ms" >>"$TMP/import.$mode"
		say "   round $r, $mode: $(ms2s "$ms") s (CPU $(ms2s "$CPU_MS") s)"
	done
done

# ---------------------------------------------------------------- summary
hr
say "summary (medians; FULL/NORMAL < 1 for throughput and > 1 for time means FULL costs)"
printf '%-44s %14s %14s %12s\n' "path" "FULL" "NORMAL" "FULL/NORMAL"
row() { printf '%-44s %14s %14s %12s\n' "$1" "$2" "$3" "$4"; }
fr=$(median <"$TMP/raw.FULL"); nr=$(median <"$TMP/raw.NORMAL")
row "a. 500 commits, sqlite3 CLI (s)" "$(ms2s "$fr")" "$(ms2s "$nr")" "$(ratio "$fr" "$nr")"
for k in answer:"b. round answer save (req/s)" profile:"c. group profile save (req/s)" login:"d. login (req/s)"; do
	f=$(median <"$TMP/rps.${k%%:*}-FULL"); n=$(median <"$TMP/rps.${k%%:*}-NORMAL")
	bad=$(cat "$TMP/bad.${k%%:*}-FULL" "$TMP/bad.${k%%:*}-NORMAL" | awk '{ s += $1 } END { print s + 0 }')
	row "${k#*:}" "$(thousands "$f")" "$(thousands "$n")" "$(ratio "$f" "$n")"
	[ "$bad" = 0 ] || say "   ($bad answers were not 2xx/3xx: see bench/out/wrk-durability-${k%%:*}-*.txt)"
done
fi=$(median <"$TMP/import.FULL"); ni=$(median <"$TMP/import.NORMAL")
row "e. org import, $ORGS groups (s)" "$(ms2s "$fi")" "$(ms2s "$ni")" "$(ratio "$fi" "$ni")"
for k in answer profile login; do
	f=$(median <"$TMP/p99.$k-FULL"); n=$(median <"$TMP/p99.$k-NORMAL")
	row "   $k p99 latency (ms)" "$f" "$n" "$(ratio "$f" "$n")"
done
