#!/bin/bash
# CLI test of "vardsim allocate": the areas' allocation_sek add up to the
# budget to the krona, JSON contract, usage errors.  $1 = vardsim, $2 = source dir.
set -u
V="$1"; S="$2"; T="$S/tests/data/need"
fail() { echo "FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

sum_areas() { awk '/"areas": \[/{a=1} a && /"allocation_sek":/{gsub(/[^0-9]/,"",$2); s+=$2} END{printf "%d\n", s}' "$1"; }

B=1000000007
"$V" allocate --budget $B --supplement-share 0.05 --json >"$tmp/s.json" 2>"$tmp/e" ||
    fail "allocate (Stockholm): $(cat "$tmp/e")"
grep -q "\"total_sek\": $B," "$tmp/s.json" || fail "total_sek"
[ "$(sum_areas "$tmp/s.json")" = $B ] || fail "areas sum to $(sum_areas "$tmp/s.json"), not $B"
[ "$(grep -c '"allocation_sek"' "$tmp/s.json")" -ge 1287 ] || fail "missing areas"
for key in '"area_id": "0180C' '"cni": ' '"primary_care_share"' '"concentration_index"' \
           '"sek_per_expected_visit"' '"part": "supplement"'; do
    grep -q "$key" "$tmp/s.json" || fail "JSON lacks $key"
done

"$V" allocate --budget 1001 --region "$T/region" --reference none --json >"$tmp/t.json" ||
    fail "allocate (test region)"
[ "$(sum_areas "$tmp/t.json")" = 1001 ] || fail "test region does not sum to 1001"

"$V" allocate --budget 6669000000 >"$tmp/h" || fail "human output"
grep -q "Primary-care share" "$tmp/h" || fail "no share report"

"$V" allocate >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 2 ] || fail "missing --budget: exit $rc"
grep -q -- "--budget SEK is required" "$tmp/e" || fail "missing --budget message"
"$V" allocate --budget 12.5 >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 2 ] || fail "fractional budget: exit $rc"
"$V" allocate --budget 1000 --cni-share 0.7 --supplement-share 0.4 >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 2 ] || fail "shares over 1: exit $rc"
[ -s "$tmp/o" ] && fail "shares over 1: output written"
exit 0
