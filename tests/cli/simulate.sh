#!/bin/bash
# CLI test of "vardsim simulate": JSON contract (metrics and seed), conservation,
# identical output for 1 and 2 threads, the GP-supply option, and bad input
# (exit 2, message, nothing on stdout).  $1 = vardsim, $2 = source dir.
set -u
V="$1"; S="$2"; R="$S/tests/data/flow/region"
fail() { echo "FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
common=(--region "$R" --reference none --network fallback --days 40 --warmup 7 --seed 9)

"$V" simulate "${common[@]}" --replications 3 --json >"$tmp/a.json" 2>"$tmp/err" ||
    fail "simulate: $(cat "$tmp/err")"
[ -s "$tmp/err" ] && fail "stderr is not a terminal, expected no progress bar: $(cat "$tmp/err")"
for key in '"seed": 9' '"discipline": "need"' '"replications": 3' '"primary_care"' \
           '"classes"' '"class": "same_day"' '"class": "planned_followup"' '"cni_deciles"' \
           '"municipalities"' '"municipality_id": "M2"' '"within_guarantee"' \
           '"within_guarantee_ci95"' '"guarantee_source"' '"continuity"' '"need_inversions": 0.0' \
           '"emergency"' '"boarding_hours"' '"beds"' '"occupancy"' '"overflow_patient_days"' \
           '"extra_care_injuries"' '"hospital_id": "H1"' '"elective"' '"care_elsewhere"' \
           '"conservation"' '"ok": true' '"network": "fallback"' '"wait_days_insured"'; do
    grep -q "$key" "$tmp/a.json" || fail "JSON lacks $key"
done
python3 - "$tmp/a.json" <<'PY' || fail "conservation in JSON"
import json, sys
d = json.load(open(sys.argv[1]))
c = d["conservation"]
assert abs(c["arrivals"] - c["departures"] - c["in_system"]) < 1e-6, c
assert d["primary_care"]["care_centres"] >= 2
# the published measures (issue 14 contract): present, numbers, in range
pc, ed, b = d["primary_care"], d["emergency"], d["beds"]
for k in ("seen_within_0_days", "seen_within_3_days", "seen_within_7_days"):
    assert 0 <= pc[k] <= 1, (k, pc[k])
assert pc["seen_within_0_days"] <= pc["seen_within_3_days"] <= pc["seen_within_7_days"]
assert pc["wait_days_mean"] >= 0 and pc["wait_days_median"] >= 0
assert ed["length_of_stay_median_hours"] > 0
assert b["outplaced_per_100_beds"] >= 0 and b["overcrowded_per_100_beds"] >= 0
for h in b["hospitals"]:
    assert "outplaced_per_100_beds" in h and "overcrowded_per_100_beds" in h
PY

# 1 and 2 threads: identical output except the wall time
"$V" simulate "${common[@]}" --replications 3 --threads 2 --json >"$tmp/b.json" ||
    fail "simulate with 2 threads"
diff <(grep -Ev "_seconds|\"threads\"" "$tmp/a.json") <(grep -Ev "_seconds|\"threads\"" "$tmp/b.json") >/dev/null ||
    fail "1 and 2 threads differ"

# text output names the designed network and the proxy
"$V" simulate "${common[@]}" --discipline fifo >"$tmp/t.txt" || fail "text output"
grep -q "no list of care centres" "$tmp/t.txt" || fail "text lacks the network note"
grep -q "booking system" "$tmp/t.txt" || fail "text lacks the booking-system line"
grep -q "ok in every replication" "$tmp/t.txt" || fail "text lacks conservation"

# a booking horizon sends requests elsewhere: with 3,000 residents per GP and a 2-day
# horizon every own request seen is seen within 3 days and some go elsewhere
"$V" simulate "${common[@]}" --residents-per-gp 3000 --booking-horizon 2 --json >"$tmp/h.json" ||
    fail "--booking-horizon"
python3 - "$tmp/h.json" <<'PY' || fail "booking horizon not respected"
import json, sys
pc = json.load(open(sys.argv[1]))["primary_care"]
assert pc["booking_horizon_days"] == 2, pc["booking_horizon_days"]
assert pc["seen_within_3_days"] == 1.0, pc["seen_within_3_days"]
assert pc["elsewhere"] > 0, pc["elsewhere"]
PY
"$V" simulate "${common[@]}" --booking-horizon 0 >/dev/null 2>&1 && fail "--booking-horizon 0 accepted"

# more GPs (1,100 per GP) shorten the primary-care wait
"$V" simulate "${common[@]}" --residents-per-gp 1100 --json >"$tmp/c.json" || fail "1100"
python3 - "$tmp/a.json" "$tmp/c.json" <<'PY' || fail "1,100 per GP does not shorten waits"
import json, sys
a = json.load(open(sys.argv[1]))["primary_care"]
b = json.load(open(sys.argv[2]))["primary_care"]
assert b["gp_fte"] > a["gp_fte"] and b["wait_days"] < a["wait_days"], (a["wait_days"], b["wait_days"])
PY

# bad usage and bad input: exit 2, nothing on stdout
expect2() {
    "$V" simulate "$@" >"$tmp/o" 2>"$tmp/e"; rc=$?
    [ $rc = 2 ] || fail "exit $rc for $*"
    [ -s "$tmp/o" ] && fail "stdout not empty for $*"
    [ -s "$tmp/e" ] || fail "no message for $*"
}
expect2 "${common[@]}" --discipline lottery
expect2 "${common[@]}" --replications 0
expect2 "${common[@]}" --threads x
expect2 "${common[@]}" --residents-per-gp -5
expect2 "${common[@]}" --admin-hours 8
expect2 "${common[@]}" --network magic
expect2 "${common[@]}" --params "$S/tests/data/flow/params_bad"
grep -q "flow.csv:5: field value" "$tmp/e" || fail "bad parameter file message: $(cat "$tmp/e")"
exit 0
