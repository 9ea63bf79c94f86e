#!/bin/bash
# CLI tests of "vardsim listing" and "vardsim site": the JSON contract, exit
# codes and messages on bad input.  $1 = vardsim binary, $2 = source dir.
set -u
V="$1"
D="$2/tests/data/listing"
fail=0
check() { # description, condition result
    if [ "$2" != 0 ]; then echo "FAIL: $1"; fail=1; fi
}
py() { python3 -c "$1"; }

# 1. JSON contract and numbers on the fixture (capacity 3,150 < 4,000 residents)
out=$("$V" listing --areas "$D/areas4.csv" --centres "$D/centres3.csv" --json)
check "listing --json exits 0" $?
echo "$out" | py '
import json, sys
j = json.load(sys.stdin)
for k in ("total_person_km", "unlisted", "centres", "areas"):
    assert k in j, k
assert abs(j["unlisted"] - 850) < 1e-6, j["unlisted"]
assert abs(j["listed"] + j["unlisted"] - j["population"]) < 1e-6
ids = [c["centre_id"] for c in j["centres"]]
assert ids == ["C1", "C2", "C3"], ids
for c in j["centres"]:
    assert "listed" in c and "gp_fte" in c
    assert c["listed"] <= c["capacity"] + 1e-6
assert [a["area_id"] for a in j["areas"]] == ["A1", "A2", "A3", "A4"]
for a in j["areas"]:
    assert a["responsible_centre"] in ids
    assert abs(sum(f["residents"] for f in a["listed_at"]) - a["listed"]) < 1e-6
assert abs(j["extra_gp_fte_to_list_everyone"]["gp_fte"] - 850 / 1100) < 1e-9
assert abs(j["annual_cost_per_gp_fte_sek"] - 86400 * 12 * 1.5228) < 1e-6
'
check "listing JSON contract" $?

# 2. human table
"$V" listing --areas "$D/areas4.csv" --centres "$D/centres3.csv" | grep -q "^unlisted *850 "
check "listing table shows 850 unlisted" $?

# 3. without --centres: a clear message, exit 2, nothing on stdout
out=$("$V" listing 2>/tmp/vs_listing_err.$$); rc=$?
[ $rc = 2 ] && [ -z "$out" ] && grep -q "default region ships no list of care centres" /tmp/vs_listing_err.$$
check "listing without --centres says so" $?

# 4. bad inputs: exit 2, message FILE:LINE: field NAME, no stdout
expect_err() { # message-substring, args...
    local msg="$1"; shift
    out=$("$V" "$@" 2>/tmp/vs_listing_err.$$); rc=$?
    [ $rc = 2 ] && [ -z "$out" ] && grep -qF -- "$msg" /tmp/vs_listing_err.$$
    check "$* -> $msg (rc $rc: $(cat /tmp/vs_listing_err.$$))" $?
}
expect_err "areas_dup.csv:4: field area_id: duplicate area id 'A1' (first on line 2)" \
    listing --areas "$D/areas_dup.csv" --centres "$D/centres3.csv"
expect_err "centres_dup.csv:4: field centre_id: duplicate id 'C2'" \
    listing --areas "$D/areas4.csv" --centres "$D/centres_dup.csv"
expect_err "every care centre has zero capacity" \
    listing --areas "$D/areas4.csv" --centres "$D/centres_zero.csv" --json
expect_err "no care centre lies within the maximum distance 50 km" \
    listing --areas "$D/areas4.csv" --centres "$D/centres_far.csv" --max-km 50 --json
expect_err "weights_unknown.csv:4: field area_id: unknown area id 'A9'" \
    listing --areas "$D/areas4.csv" --centres "$D/centres3.csv" --weights "$D/weights_unknown.csv"
expect_err "option --cap: -5 is out of range" \
    listing --areas "$D/areas4.csv" --centres "$D/centres3.csv" --cap -5
expect_err "--centre-gp-fte F is required" site --areas "$D/areas4.csv"
expect_err "at least 4 new centres are needed, but at most 2 are allowed" \
    site --areas "$D/areas4.csv" --centre-gp-fte 1 --max-new 2 --json

# 5. siting next to the fixture's centres and greenfield: everyone listed
out=$("$V" site --areas "$D/areas4.csv" --centres "$D/centres3.csv" \
      --candidates "$D/sites3.csv" --centre-gp-fte 1 --json)
check "site exits 0" $?
echo "$out" | py '
import json, sys
j = json.load(sys.stdin)
s = j["siting"]
assert s["new_centres"] == 1 and s["method"] == "optimal", s
assert abs(j["unlisted"]) < 1e-6
assert sum(1 for c in j["centres"] if c["new"]) == 1
'
check "site JSON" $?
out=$("$V" site --areas "$D/areas4.csv" --centre-gp-fte 2 --max-km 5 --whole-fte --json)
check "greenfield exits 0" $?
echo "$out" | py '
import json, sys
j = json.load(sys.stdin)
assert j["siting"]["greenfield"] is True
assert abs(j["unlisted"]) < 1e-6
for c in j["centres"]:
    assert c["gp_fte"] == int(c["gp_fte"]) and c["gp_fte"] <= 2
    assert c["listed"] <= c["gp_fte"] * 1100 + 1e-6
for a in j["areas"]:
    assert a["distance_km"] <= 5
'
check "greenfield JSON (whole FTE, max 5 km)" $?

rm -f /tmp/vs_listing_err.$$
exit $fail
