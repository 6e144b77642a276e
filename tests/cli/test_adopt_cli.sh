#!/bin/sh
# test_adopt_cli: `kyodo adopt due|remind` as a city's daily job uses them — exit codes (0
# ok, 1 usage), what is due on the demo city on a given day (an application waiting, an
# agreement ending soon, a report missing), reminders sent once per term, and --today in
# 和暦. Ends with "adopt-cli: N passed, N failed".
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

expect 0 "adopt --help" -- "$K" adopt --help
has "$T/out" "adopt due|remind" "help names the subcommands"
expect 1 "adopt without a subcommand" -- "$K" --db "$DB" adopt
expect 1 "adopt with an unknown subcommand" -- "$K" --db "$DB" adopt frob
expect 1 "a --today that is no date" -- "$K" --db "$DB" adopt due --today someday
# the demo's dates are set from today: fix today for both
export KYODO_TODAY=2026-12-02
expect 0 "demo" -- "$K" --db "$DB" demo
expect 0 "adopt due" -- "$K" --db "$DB" adopt due --today 2026-12-02
has "$T/out" "applied	" "the application waiting"
has "$T/out" "南台児童公園	みどり野子ども食堂ネット" "the place and the group of the application"
has "$T/out" "ending	" "the agreement ending soon"
has "$T/out" "市民活動センター前花壇	みどり野子ども食堂ネット	2027-01-16" "its last day (today + 45)"
has "$T/out" "report-missing	" "a report missing"
has "$T/out" "みどり野川河川敷（川辺橋〜新橋）	川辺の自然を守る会	2025" "the riverbank's report of FY 2025"
lacks "$T/out" "中央公園" "中央公園's report was sent and its term does not end soon"
# 和暦 for --today; a day on which nothing ends within 60 days
expect 0 "adopt due in 和暦" -- "$K" --db "$DB" adopt due --today 令和8年10月1日
lacks "$T/out" "ending	" "nothing ends within 60 days of 1 October"
expect 0 "adopt remind" -- "$K" --db "$DB" adopt remind --today 2026-12-02
has "$T/out" "1 agreement ending soon" "one reminder"
expect 0 "adopt remind again" -- "$K" --db "$DB" adopt remind --today 2026-12-02
has "$T/out" "0 agreements ending soon" "once per term"
# a later day than today (KYODO_TODAY stands for it here): refused for remind (the
# reminders would go out early), said with --dry-run and nothing recorded; due reads any day
expect 0 "adopt due on a later day" -- "$K" --db "$DB" adopt due --today 2027-01-10
expect 1 "adopt remind on a later day" -- "$K" --db "$DB" adopt remind --today 2027-01-10
has "$T/err" "--dry-run" "the refusal names --dry-run"
expect 0 "adopt remind dry run on a later day" -- "$K" --db "$DB" adopt remind --today 2027-02-01 --dry-run
has "$T/out" "would be told" "the dry run says what it would do"
expect 0 "adopt remind dry run again" -- "$K" --db "$DB" adopt remind --today 2027-02-01 --dry-run
has "$T/out" "would be told" "again the same"
has "$T/out" "kyodo: 4 agreements ending soon on 2027-02-01" "the four agreements ending on 2027-03-31 (the first dry run recorded none)"
expect 0 "adopt remind for today after the dry run" -- "$K" --db "$DB" adopt remind --today 2026-12-02
has "$T/out" "0 agreements ending soon" "the dry runs recorded nothing new for today"
echo "adopt-cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
