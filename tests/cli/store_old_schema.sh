#!/bin/bash
# A run directory written before the year axis (store_schema_version 1) is
# refused by the readers with a message that says to run the scenario again:
# "vardsim compare" exits 2 and prints nothing on standard output.
# Usage: store_old_schema.sh VARDSIM SOURCE_DIR
set -u
VS=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
for d in a b; do
    mkdir -p "$T/$d"
    sqlite3 "$T/$d/results.sqlite" "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta VALUES('store_schema_version', '1'), ('producer', 'vardsim');" \
        || fail "cannot make a schema-1 store"
done
"$VS" compare "$T/a" "$T/b" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] || fail "exit $rc, expected 2"
[ ! -s "$T/out" ] || fail "output on stdout: $(cat "$T/out")"
grep -q "results.sqlite.*schema version 1 is older than this vardsim's 2" "$T/err" \
    || fail "message: $(cat "$T/err")"
grep -q "run the scenario again" "$T/err" || fail "message does not say what to do: $(cat "$T/err")"
echo "ok"
