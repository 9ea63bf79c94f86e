#!/bin/bash
# "vardsim run" on bad input: exit 2, one FILE:LINE:COLUMN message, nothing written.
# Usage: run_errors.sh VARDSIM SOURCE_DIR
. "$2/tests/cli/lib/common.sh"

check() { # FILE EXPECTED_MESSAGE_SUFFIX
    "$VS" run "$1" --out "$T/out" >"$T/stdout" 2>"$T/stderr"
    rc=$?
    [ $rc -eq 2 ] || fail "$1: exit $rc, expected 2"
    [ "$(cat "$T/stderr")" = "vardsim: $2" ] || fail "$1: message '$(cat "$T/stderr")', expected 'vardsim: $2'"
    [ ! -s "$T/stdout" ] || fail "$1: output on stdout"
    [ ! -e "$T/out" ] || fail "$1: output directory created"
    if ls -d "$T"/out.tmp-* >/dev/null 2>&1; then fail "$1: temporary directory left"; fi
}

D="$SRC/tests/data/scenario"
check "$D/bad_unknown_key.yaml" "$D/bad_unknown_key.yaml:3:1: field colour: unknown key (see docs/scenario.md for the schema)"
check "$D/bad_occupancy_range.yaml" "$D/bad_occupancy_range.yaml:5:23: field policies.beds.occupancy_target: value 1.2 is out of range [0.01, 1]"
check "$D/bad_syntax.yaml" "$D/bad_syntax.yaml:4:1: YAML syntax error: flow sequence without a closing bracket"

# a scenario whose region directory is broken: the region loader's message
mkdir -p "$T/s"
printf 'schema_version: 1\nname: x\nregion: no-such-region\n' > "$T/s/x.yaml"
"$VS" run "$T/s/x.yaml" --out "$T/out" 2>"$T/stderr"
rc=$?
[ $rc -ne 0 ] || fail "missing region accepted"
[ ! -e "$T/out" ] || fail "missing region: output directory created"

# a missing scenario file is bad input (exit 2), named in the message
"$VS" run "$T/none.yaml" --out "$T/out" 2>"$T/err"
[ $? -eq 2 ] || fail "missing file: expected exit 2"
grep -q "none.yaml: cannot open" "$T/err" || fail "missing file: message $(cat "$T/err")"
# usage errors
"$VS" run a.yaml b.yaml 2>/dev/null
[ $? -eq 2 ] || fail "two scenarios: expected exit 2"
"$VS" run --bogus 2>/dev/null
[ $? -eq 2 ] || fail "unknown option: expected exit 2"
echo "ok"
