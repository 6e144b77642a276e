#!/bin/sh
# test_endorse_cli: `kyodo endorse remind` as cron runs it — usage errors (exit 1), the
# demo city's overdue report reminded (due and overdue: two reminders), nothing sent again
# on a second run the same day or a later one, a later --today that makes another report
# overdue sends exactly that one. Ends with "endorse-cli: N passed, N failed".
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
has() { # has FILE TEXT DESCRIPTION
  if grep -qF -- "$2" "$1"; then ok; else bad "$3: '$2' not in $1"; sed 's/^/  | /' "$1" | head -5; fi
}
day() { # today in Japan + N days
  TZ=Asia/Tokyo date -d "$1 days" +%Y-%m-%d
}

expect 0 "endorse --help" -- "$K" endorse --help
has "$T/out" "endorse remind" "help names remind"
expect 1 "endorse without a subcommand" -- "$K" --db "$DB" endorse
expect 1 "endorse with an unknown subcommand" -- "$K" --db "$DB" endorse frob
expect 1 "a --today that is no date" -- "$K" --db "$DB" endorse remind --today 2026-02-30
expect 0 "demo" -- "$K" --db "$DB" demo
# the demo: スタンプラリー ended 21 days ago, its report was due 11 days ago
expect 0 "remind" -- "$K" --db "$DB" endorse remind
has "$T/out" "2 reminders sent" "the overdue report: due and overdue"
expect 0 "remind again" -- "$K" --db "$DB" endorse remind
has "$T/out" "0 reminders sent" "once per due day"
# a day later than today (Japan) would send the reminders early, and record them as sent:
# refused, and nothing is written
expect 1 "remind with a later --today" -- "$K" --db "$DB" endorse remind --today "$(day 60)"
has "$T/err" "--dry-run" "the refusal names --dry-run"
expect 1 "remind with tomorrow" -- "$K" --db "$DB" endorse remind --today "$(day 1)"
# --dry-run on a later day: in 60 days every approved demo event is over: こども食堂フェスタ
# (ends in 45 days, due in 55) and the forum (in 35, due in 45) are overdue; each would get
# its due and overdue reminder — said, not sent, twice the same (4 also shows the refused
# runs above recorded nothing)
expect 0 "dry run later" -- "$K" --db "$DB" endorse remind --today "$(day 60)" --dry-run
has "$T/out" "4 reminders would be sent" "two more reports due and overdue"
has "$T/out" "nothing sent" "the dry run says so"
expect 0 "dry run later again" -- "$K" --db "$DB" endorse remind --today "$(day 60)" --dry-run
has "$T/out" "4 reminders would be sent" "a dry run records nothing"
# a past day is catching up: allowed
expect 0 "remind for yesterday" -- "$K" --db "$DB" endorse remind --today "$(day -1)"
has "$T/out" "0 reminders sent" "nothing twice"

echo "endorse-cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
