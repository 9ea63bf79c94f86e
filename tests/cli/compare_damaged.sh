#!/bin/bash
# "vardsim compare" with a damaged, foreign or missing results.sqlite, or an
# HTML file that cannot be written: exit status 2 with a message naming the
# file, nothing on standard output, and the HTML file either complete or left
# as it was (issue 12, defects 7 and 9).
# Usage: compare_damaged.sh VARDSIM SOURCE_DIR
. "$2/tests/cli/lib/common.sh"

. "$SRC/tests/cli/lib/short_scenario.sh"
short_scenario today 1
"$VS" run --network fallback "$T/today.yaml" --out "$T/a" >/dev/null || fail "run"

# B: a copy of the run whose series table (read only for the HTML charts) is
# overwritten with garbage: the header, metrics and scorecard still read
mkdir "$T/b"
cp "$T/a/results.sqlite" "$T/b/results.sqlite"
python3 - "$T/b/results.sqlite" <<'PY' || fail "damaging the store"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
root = c.execute("select rootpage from sqlite_master where name = 'series'").fetchone()[0]
size = c.execute("pragma page_size").fetchone()[0]
c.close()
with open(sys.argv[1], "r+b") as f:
    f.seek((root - 1) * size)
    f.write(b"\xff" * size)
PY

# check_fail NAME EXPECTED_FILE_IN_MESSAGE ARGS...: exit 2, message names the
# file, nothing on stdout
check_fail() {
    local name=$1 file=$2
    shift 2
    "$VS" compare "$@" >"$T/out" 2>"$T/err"
    local rc=$?
    [ $rc -eq 2 ] || fail "$name: exit $rc, expected 2 ($(cat "$T/err"))"
    [ -s "$T/out" ] && fail "$name: $(wc -l <"$T/out") lines on stdout"
    grep -q "$file" "$T/err" || fail "$name: message does not name $file: $(cat "$T/err")"
    [ "$(wc -l <"$T/err")" -eq 1 ] || fail "$name: not one message line: $(cat "$T/err")"
}

check_fail "damaged store" "b/results.sqlite" "$T/a" "$T/b"
check_fail "damaged store, --json" "b/results.sqlite" "$T/a" "$T/b" --json
# with --html: no table on stdout, no HTML file, no temporary file left
check_fail "damaged store, --html" "b/results.sqlite" "$T/a" "$T/b" --html "$T/cmp.html"
[ -e "$T/cmp.html" ] && fail "--html with a damaged store: file written"
# an existing HTML file is left as it was
echo "keep" >"$T/keep.html"
check_fail "damaged store, existing --html" "b/results.sqlite" "$T/b" "$T/a" --html "$T/keep.html"
[ "$(cat "$T/keep.html")" = "keep" ] || fail "--html file changed by a failing compare"

# not a database at all, and no store
mkdir "$T/text" "$T/empty"
echo "not a database" >"$T/text/results.sqlite"
check_fail "text file" "text/results.sqlite" "$T/a" "$T/text"
check_fail "no store" "empty/results.sqlite" "$T/a" "$T/empty"

# an HTML file in a directory that does not exist: nothing printed either
check_fail "--html in a missing directory" "nodir/cmp.html" "$T/a" "$T/a" --html "$T/nodir/cmp.html"

# success replaces the HTML file whole, prints the table, leaves no temporary
"$VS" compare "$T/a" "$T/a" --html "$T/keep.html" >"$T/out" || fail "compare a a"
grep -q '^population ' "$T/out" || fail "compare a a: no table"
grep -q '<table id="compare-metrics"' "$T/keep.html" || fail "compare a a: HTML not written"
tail -n 1 "$T/keep.html" | grep -q '</html>' || fail "compare a a: HTML not whole"
ls "$T" | grep -q 'tmp-' && fail "temporary file left: $(ls "$T")"
echo "ok"
