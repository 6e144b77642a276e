# testdb.sh: sourced by the CLI tests (after T, their temporary directory, is set).
#   testdb_new NAME  prints a fresh database: $T/NAME.db, or with KYODO_TEST_DB=pg a new
#                    database on the PostgreSQL server the environment names (PGHOST …),
#                    UTF-8 with the ICU Japanese collation as default, as tests/common/testdb.c
#   testdb_new_empty NAME  the same without the schema (to restore a dump into)
#   testdb_cleanup   drops the PostgreSQL databases this shell made (call it from the trap)
#   testdb_is_pg     true when the suite runs on PostgreSQL
testdb_is_pg() { [ "${KYODO_TEST_DB:-}" = pg ]; }
testdb_new_empty() { KYODO_TEST_PG_TEMPLATE= testdb_new "$@"; }
testdb_new() {
  if testdb_is_pg; then
    n="kyodo_c$$_$1"
    if [ -n "${KYODO_TEST_PG_TEMPLATE:-}" ]; then create="CREATE DATABASE $n TEMPLATE $KYODO_TEST_PG_TEMPLATE"
    else create="CREATE DATABASE $n TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'ja-JP' LOCALE 'C.UTF-8'"; fi
    psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $n" \
      -c "$create" >/dev/null || return 1
    echo "postgresql:///$n"
  else
    echo "$T/$1.db"
  fi
}
testdb_cleanup() {
  testdb_is_pg || return 0
  [ -z "${KYODO_PG_THROWAWAY:-}" ] || return 0
  for n in $(psql -X -A -t -d postgres -c "SELECT datname FROM pg_database WHERE datname LIKE 'kyodo_c$$\_%'"); do
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $n WITH (FORCE)" >/dev/null
  done
}
