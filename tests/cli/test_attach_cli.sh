#!/bin/sh
# test_attach_cli: the command line's side of attachments — `kyodo serve`'s options for them
# (named in its help; a bad limit is a usage error; a directory that cannot be made stops it
# before it listens), and the demo's documents: beside a SQLite database (DB.files, each
# content once under its SHA-256, nothing left in tmp/), left out with a note on PostgreSQL,
# which has no directory beside it. Ends with "attach-cli: N passed, N failed".
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
expect() { # expect CODE DESCRIPTION -- COMMAND...
  code=$1; what=$2; shift 3
  "$@" >"$T/out" 2>"$T/err"; rc=$?
  if [ "$rc" -eq "$code" ]; then ok; else bad "$what: exit $rc, wanted $code"; sed 's/^/  | /' "$T/err" | head -5; fi
}
has() { # has FILE TEXT DESCRIPTION
  if grep -qF -- "$2" "$1"; then ok; else bad "$3: '$2' not in $1"; sed 's/^/  | /' "$1" | head -5; fi
}

expect 0 "serve --help" -- "$K" serve --help
has "$T/out" "--attach-dir DIR" "help names --attach-dir"
has "$T/out" "--attach-max-mb N" "help names --attach-max-mb"
expect 1 "a limit that is no number" -- timeout 20 "$K" --db "$DB" serve --listen 127.0.0.1:0 --attach-max-mb ten
expect 1 "a limit of more than 1024 MiB" -- timeout 20 "$K" --db "$DB" serve --listen 127.0.0.1:0 --attach-max-mb 5000
: >"$T/plainfile"
expect 2 "a directory that cannot be made" -- timeout 20 "$K" --db "$DB" serve --listen 127.0.0.1:0 --attach-dir "$T/plainfile/x"
has "$T/err" "attachment directory" "the directory named in the message"

expect 0 "demo" -- "$K" --db "$DB" demo
if testdb_is_pg; then
  has "$T/out" "the demo group's documents are left out" "no directory beside a PostgreSQL database"
else
  n=$(find "$DB.files" -type f ! -path "$DB.files/tmp/*" | wc -l)
  if [ "$n" -eq 2 ]; then ok; else bad "the demo's two documents beside the database: $n files"; fi
  for f in $(find "$DB.files" -type f ! -path "$DB.files/tmp/*"); do
    sum=$(sha256sum "$f" | cut -d' ' -f1)
    if [ "$(basename "$f")" = "$sum" ] && head -c 5 "$f" | grep -q '%PDF-'; then ok; else bad "$f is not a PDF under its SHA-256"; fi
  done
  n=$(find "$DB.files/tmp" -type f | wc -l)
  if [ "$n" -eq 0 ]; then ok; else bad "$n files left in tmp/"; fi
fi

echo "attach-cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
