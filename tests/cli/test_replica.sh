#!/bin/sh
# test_replica: `kyodo serve --db-read` and `--public-only` against a real PostgreSQL hot
# standby (pg_basebackup -R of the test's primary, started on a socket of its own, streaming
# from the primary), as a city deploys them (README "PostgreSQL", a read replica):
#   - an internet-side instance on the standby alone (--public-only): the public pages
#     answer from it, login and staff screens are 404, nothing is written;
#   - an inside instance (--db primary --db-read standby): the public pages read the
#     standby (its connections show in the standby's pg_stat_activity), a login and a write
#     go to the primary;
#   - a change made on the primary shows on both instances' public pages within the
#     replication lag + the page cache's bound (5 s): the lag is printed;
#   - with the standby down, the public pages answer 503 (a clear refusal), not a crash.
# PostgreSQL only (KYODO_TEST_DB=pg; scripts/test-all runs it in the PostgreSQL pass).
# Ends with "replica: N passed, N failed".
set -u
K=${KYODO_BIN:-build/kyodo}
export KYODO_FAST_HASH=1
T=$(mktemp -d)
. "$(dirname "$0")/../common/testdb.sh"
pass=0; fail=0
ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL: $*"; }
if ! testdb_is_pg; then
  echo "test_replica: PostgreSQL only (KYODO_TEST_DB=pg)"
  [ -z "${KYODO_REQUIRE_PG:-}" ] || { echo "replica: 0 passed, 1 failed"; exit 1; }
  echo "replica: 0 passed, 0 failed"; exit 0
fi
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ "$(id -u)" = 0 ]; then as_pg() { runuser -u postgres -- "$@"; }; else as_pg() { "$@"; }; fi
SB=$(mktemp -d /tmp/kyodo-standby-XXXXXX)
PIDS=""
cleanup() {
  for p in $PIDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  [ -f "$SB/data/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$SB/data" -m immediate stop >/dev/null 2>&1
  testdb_cleanup
  rm -rf "$T" "$SB"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# serve NAME ARGS…: a kyodo serve in the background on a free port; sets URL_<NAME>
serve() {
  inst=$1; shift
  port=$(free_port)
  "$K" "$@" --listen "127.0.0.1:$port" --no-mail >"$T/$inst.log" 2>&1 &
  pid=$!
  PIDS="$PIDS $pid"
  i=0
  while ! grep -q "listening on" "$T/$inst.log" 2>/dev/null; do
    i=$((i + 1))
    if [ $i -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then bad "$inst did not start"; sed 's/^/  | /' "$T/$inst.log"; return 1; fi
    sleep 0.1
  done
  eval "URL_$inst=http://127.0.0.1:$port"
}
code() { curl -s -o "$T/body" -w '%{http_code}' "$@"; }
expect_code() { # expect_code WANT DESCRIPTION CURL-ARGS…
  want=$1; what=$2; shift 2
  got=$(code "$@")
  if [ "$got" = "$want" ]; then ok; else bad "$what: $got, wanted $want"; fi
}
now_ms() { date +%s%3N; }
# appears URL TEXT: polls URL until its body holds TEXT (at most 15 s); prints the ms it took
appears() {
  t0=$(now_ms)
  while [ $(($(now_ms) - t0)) -lt 15000 ]; do
    if curl -s "$1" | grep -qF -- "$2"; then echo $(($(now_ms) - t0)); return 0; fi
    sleep 0.1
  done
  return 1
}

# ---- the primary: the demo city
DB=$(testdb_new replica)
"$K" --db "$DB" demo >/dev/null 2>"$T/demo.err" && ok || { bad "demo on the primary"; cat "$T/demo.err"; }
name=${DB#postgresql:///}

# ---- the standby: a base backup of the whole cluster, streaming from the primary
chmod 700 "$SB"
[ "$(id -u)" != 0 ] || chown postgres "$SB"
if as_pg env PGPASSWORD="${PGPASSWORD:-}" "$PG_BIN/pg_basebackup" -h "${PGHOST:-localhost}" -p "${PGPORT:-5432}" \
     -U "${PGUSER:-postgres}" -D "$SB/data" -R -X stream -c fast >"$T/basebackup.log" 2>&1; then ok
else bad "pg_basebackup"; sed 's/^/  | /' "$T/basebackup.log"; echo "replica: $pass passed, $fail failed"; exit 1; fi
SBPORT=$(free_port)
as_pg sh -c "cat >'$SB/data/postgresql.conf' <<CONF
port = $SBPORT
listen_addresses = ''
unix_socket_directories = '$SB'
hot_standby = on
fsync = off
max_connections = 400
CONF
printf 'local all all trust\n' >'$SB/data/pg_hba.conf'; : >'$SB/data/pg_ident.conf'"
if as_pg "$PG_BIN/pg_ctl" -D "$SB/data" -l "$SB/server.log" -w -t 60 start >/dev/null 2>&1; then ok
else bad "the standby did not start"; sed 's/^/  | /' "$SB/server.log" | grep -v "^  | *$" | head -20; echo "replica: $pass passed, $fail failed"; exit 1; fi
RO="postgresql:///$name?host=$SB&port=$SBPORT&user=${PGUSER:-postgres}"
[ "$(psql -X -A -t -d "$RO" -c 'SELECT pg_is_in_recovery()')" = t ] && ok || bad "the standby is not in recovery"

# ---- the internet side: --public-only on the standby alone
serve pub --db "$RO" serve --public-only || exit 1
expect_code 200 "public-only on the standby: the directory" "$URL_pub/groups"
grep -q "みどり" "$T/body" && ok || bad "public-only on the standby: the directory lists the demo groups"
expect_code 200 "public-only on the standby: the statistics" "$URL_pub/groups/stats"
expect_code 200 "public-only on the standby: the open data" "$URL_pub/groups/opendata.csv"
expect_code 200 "public-only on the standby: a progress report" "$URL_pub/reports"
expect_code 404 "public-only on the standby: login" "$URL_pub/login"
expect_code 404 "public-only on the standby: a staff screen" "$URL_pub/center/orgs"

# ---- the inside: the primary for logins and writes, the standby for the public pages
standby_conns() { psql -X -A -t -d "$RO" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$name' AND backend_type = 'client backend' AND pid <> pg_backend_pid()"; }
c0=$(standby_conns)
serve in --db "$DB" serve --db-read "$RO" || exit 1
expect_code 200 "primary + replica: the directory" "$URL_in/groups"
c1=$(standby_conns)
[ "${c1:-0}" -gt "${c0:-0}" ] && ok || bad "the inside instance's public pages do not read the standby (its connections: $c0 before, $c1 after)"
jar=$T/jar
expect_code 200 "primary + replica: the login form" -c "$jar" "$URL_in/login"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T/body" | head -1)
expect_code 303 "primary + replica: a login (a write on the primary)" -b "$jar" -c "$jar" \
  --data-urlencode "login=admin" --data-urlencode "password=kyodo-demo-2026" --data-urlencode "csrf=$csrf" "$URL_in/login"
expect_code 200 "primary + replica: a logged-in page" -b "$jar" "$URL_in/"

# ---- a change on the primary reaches both public sides within the lag + 5 s
printf '種別,団体名,団体名カナ,活動内容\n任意団体,複製確認の会,フクセイカクニンノカイ,複製の遅れを確かめる\n' >"$T/new.csv"
"$K" --db "$DB" org import "$T/new.csv" >/dev/null 2>"$T/import.err" && ok || { bad "import on the primary"; cat "$T/import.err"; }
q=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("複製確認"))')
if ms=$(appears "$URL_pub/groups?q=$q" "複製確認の会"); then ok; echo "test_replica: a new group on the standby's public-only pages after $ms ms"
  [ "$ms" -le 10000 ] && ok || bad "the change took $ms ms on the public-only side (lag + 5 s is the bound)"
else bad "a new group never showed on the public-only instance"; fi
if ms=$(appears "$URL_in/groups?q=$q" "複製確認の会"); then ok; echo "test_replica: … and on the inside instance's public pages after $ms ms"
else bad "a new group never showed on the inside instance's public pages"; fi
[ "$(psql -X -A -t -d "$RO" -c "SELECT count(*) FROM orgs WHERE name = '複製確認の会'")" = 1 ] && ok || bad "the standby holds the new group"

# ---- the standby down: a clear refusal, the process alive
as_pg "$PG_BIN/pg_ctl" -D "$SB/data" -m fast stop >/dev/null 2>&1
got=$(code "$URL_pub/groups?page=2&sort=new")
case $got in 503|500) [ "$got" = 503 ] && ok || bad "with the standby down: $got, wanted 503";; *) bad "with the standby down: $got, wanted 503";; esac
kill -0 $(echo $PIDS | cut -d' ' -f1) 2>/dev/null && ok || bad "the public-only process died when the standby went down"

echo "replica: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
