#!/bin/bash
# "vardsim sweep": a grid of 2 keys x 2 values, the same bytes with 1 and 2
# threads, one network design per distinct GP supply, a point equal to a
# plain "vardsim run" of the same values, the cheapest point recomputed from
# the JSON and the store, a Latin hypercube, --force, and bad inputs (exit 2,
# nothing written).  Short runs: the beds and flow stages, 10 days, fallback
# network (about a second a point; 14 points in all).
# Usage: sweep.sh VARDSIM SOURCE_DIR
. "$2/tests/cli/lib/common.sh"
. "$SRC/tests/cli/lib/short_scenario.sh"
short_scenario today 1
export SOURCE_DATE_EPOCH=1700000000
GP=policies.primary_care.gp_cap
CB=policies.beds.closed_bed_share
opts=(--stages beds,flow --network fallback --days 10 --replications 1)

# ---- grid, threads 1 and 2 ------------------------------------------------------
"$VS" sweep "$T/today.yaml" --vary "$GP=1100:2000:900" --vary "$CB=0:0.1:0.1" "${opts[@]}" \
    --threads 1 --out "$T/g1" --json >"$T/g1.json" || fail "grid, 1 thread"
"$VS" sweep "$T/today.yaml" --vary "$GP=1100:2000:900" --vary "$CB=0:0.1:0.1" "${opts[@]}" \
    --threads 2 --out "$T/g2" >"$T/g2.txt" || fail "grid, 2 threads"
cmp -s "$T/g1/sweep.json" "$T/g2/sweep.json" || fail "sweep.json differs between 1 and 2 threads"
cmp -s "$T/g1.json" "$T/g1/sweep.json" || fail "--json output differs from sweep.json"
for t in sweep_points sweep_values; do
    a=$(sqlite3 "$T/g1/results.sqlite" "SELECT * FROM $t ORDER BY 1, 2, 3, 4")
    b=$(sqlite3 "$T/g2/results.sqlite" "SELECT * FROM $t ORDER BY 1, 2, 3, 4")
    [ -n "$a" ] && [ "$a" = "$b" ] || fail "$t differs between 1 and 2 threads"
done
grep -q "sweep-occupancy-1" "$T/g1/report.html" || fail "report: occupancy against $CB"
grep -q "sweep-wait-0" "$T/g1/report.html" || fail "report: waits against $GP"
grep -q "sweep-cost\"" "$T/g1/report.html" || fail "report: cost against targets met"

python3 - "$T/g1.json" "$T/g1/results.sqlite" "$GP" "$CB" <<'EOF' || fail "grid JSON and store"
import json, sqlite3, sys
j = json.load(open(sys.argv[1])); db = sqlite3.connect(sys.argv[2]); gp, cb = sys.argv[3], sys.argv[4]
def check(c, m):
    if not c: sys.exit("FAIL: " + m)
check(j["design"] == "grid" and j["replications"] == 1 and j["days"] == 10, "header")
check([v["key"] for v in j["vary"]] == [gp, cb], "vary keys")
pts = j["points"]
check([(p["values"][gp], p["values"][cb]) for p in pts] ==
      [(1100, 0), (1100, 0.1), (2000, 0), (2000, 0.1)], "grid order: first key slowest")
check(j["networks_designed"] == 2, "two GP supplies, two network designs: %d" % j["networks_designed"])
for p in pts:
    check(p["meets_all"] == all(p["met"].values()) and len(p["met"]) > 0, "meets_all")
    check(p["targets_met"] == sum(p["met"].values()), "targets_met")
    gp_cost = p["metrics"]["gp_fte"] * 86400 * 12 * 1.5228
    beds = p["metrics"]["open_beds"] * 365.25 * 9300
    check(abs(p["cost_sek"] - gp_cost - beds) <= 1e-6 * p["cost_sek"], "cost = GPs + beds")
# fewer closed beds: more open beds, lower simulated occupancy
check(pts[0]["metrics"]["open_beds"] > pts[1]["metrics"]["open_beds"], "open beds")
check(pts[0]["metrics"]["occupancy_simulated"] < pts[1]["metrics"]["occupancy_simulated"], "occupancy")
# the cheapest point meeting every target, recomputed; else the closest
ok = [p for p in pts if p["meets_all"]]
want = min(ok, key=lambda p: (p["cost_sek"], p["point"]))["point"] if ok else None
got = j["cheapest"]["point"] if j["cheapest"] else None
check(got == want, "cheapest %s, expected %s" % (got, want))
if not ok:
    best = max(pts, key=lambda p: (p["targets_met"], -p["cost_sek"], -p["point"]))
    check(j["closest"] == best["point"], "closest")
    check(j["statement"].startswith("No point meets every target; closest: point %d" % best["point"]), "statement")
# the store holds the same rows
rows = db.execute("SELECT point, meets_all, targets_met, cost_sek FROM sweep_points ORDER BY point").fetchall()
check(rows == [(p["point"], int(p["meets_all"]), p["targets_met"], p["cost_sek"]) for p in pts], "sweep_points")
for p in pts:
    for k, v in p["values"].items():
        check(db.execute("SELECT value FROM sweep_values WHERE point=? AND kind='value' AND name=?",
                         (p["point"], k)).fetchone()[0] == v, "sweep_values value")
    for k, v in p["met"].items():
        r = db.execute("SELECT value, met FROM sweep_values WHERE point=? AND kind='score' AND name=?",
                       (p["point"], k)).fetchone()
        check(r == (p["metrics"][k], int(v)), "sweep_values score %s" % k)
EOF

# ---- the policy package: a point meets every target, and the cheapest is found -------------
short_scenario policy 1
"$VS" sweep "$T/policy.yaml" --vary policies.beds.occupancy_target=0.85:0.9:0.05 "${opts[@]}" \
    --out "$T/pol" --json >"$T/pol.json" || fail "policy sweep"
python3 - "$T/pol.json" "$T/pol/results.sqlite" <<'EOF2' || fail "policy: cheapest point"
import json, sqlite3, sys
j = json.load(open(sys.argv[1])); db = sqlite3.connect(sys.argv[2])
ok = [p for p in j["points"] if p["meets_all"]]
assert ok, "the policy package meets every target at some point"
want = min(ok, key=lambda p: (p["cost_sek"], p["point"]))
assert j["cheapest"] == want, (j["cheapest"], want)
# the same answer from the stored rows
row = db.execute("SELECT point FROM sweep_points WHERE meets_all = 1 ORDER BY cost_sek, point LIMIT 1").fetchone()
assert row[0] == want["point"], row
assert j["statement"].startswith("Cheapest point that meets every target: point %d" % want["point"])
EOF2
grep -q "Cheapest point that meets every target" "$T/pol/report.html" || fail "report: answer"
grep -Eq "cost [0-9]{1,3}(,[0-9]{3})+ SEK per year" "$T/pol/report.html" \
    || fail "report: the answer's cost without thousands separators"
# the listing stage was not selected: no empty chart of listed per GP, a line instead
grep -q "sweep-listed-" "$T/g1/report.html" && fail "report: an empty chart of listed per GP"
grep -q "Not computed in this sweep.*Listed residents per GP FTE" "$T/g1/report.html" \
    || fail "report: no line naming the responses not computed"

# ---- a point equals a plain run of the same values ----------------------------------
sed -e 's/^    gp_cap: 2000$/    gp_cap: 1100/' -e 's/^    closed_bed_share: .*/    closed_bed_share: 0.1/' \
    "$T/today.yaml" >"$T/p1.yaml"
grep -q '^    gp_cap: 1100$' "$T/p1.yaml" && grep -q '^    closed_bed_share: 0.1$' "$T/p1.yaml" \
    || fail "point scenario"
"$VS" run "$T/p1.yaml" --out "$T/run1" --stages beds,flow --network fallback >/dev/null \
    || fail "plain run"
python3 - "$T/g1.json" "$T/run1/results.sqlite" <<'EOF' || fail "point 1 differs from the plain run"
import json, sqlite3, sys
p = json.load(open(sys.argv[1]))["points"][1]
db = sqlite3.connect(sys.argv[2])
rows = db.execute("SELECT target_id, value FROM scorecard").fetchall()
assert len(rows) == len(p["met"]) > 0, (rows, p["met"])
for k, v in rows:
    assert p["metrics"][k] == v, (k, v, p["metrics"][k])
for name in ("flow_occupancy", "flow_overflow_patient_days", "flow_pc_wait_days_all",
             "flow_gp_fte", "beds_needed"):
    v = db.execute("SELECT value FROM metrics WHERE name = ?", (name,)).fetchone()[0]
    assert p["metrics"][name if name != "flow_gp_fte" else "gp_fte"] == v, (name, v)
EOF

# ---- Latin hypercube: one value per stratum, one network for a sweep over beds -----------
# (the design's seeding is checked in tests/test_sweep.c)
"$VS" sweep "$T/today.yaml" --vary "$CB=0:0.3" --samples 3 --seed 7 "${opts[@]}" \
    --out "$T/l1" >/dev/null || fail "lhs"
python3 - "$T/l1/sweep.json" "$CB" <<'EOF2' || fail "lhs design"
import json, sys
j = json.load(open(sys.argv[1])); cb = sys.argv[2]
assert j["design"] == "lhs" and j["samples"] == 3 and j["seed"] == 7
assert j["networks_designed"] == 1, "a sweep over beds designs one network"
strata = sorted(int(p["values"][cb] / 0.1) for p in j["points"])
assert strata == [0, 1, 2], strata
EOF2

# ---- stages without a GP FTE: the cost is unknown and said so, never a number -----------
# (the policy package with the beds stage only: points meet every target, no cheapest)
"$VS" sweep "$T/policy.yaml" --vary policies.beds.occupancy_target=0.85:0.9:0.05 --stages beds \
    --out "$T/nocost" >"$T/nocost.txt" || fail "sweep with the beds stage only"
grep -q -- "--9,\|nan" "$T/nocost.txt" && fail "unknown cost printed as a number: $(cat "$T/nocost.txt")"
grep -q "^ *0 .* yes  *unknown$" "$T/nocost.txt" || fail "table: $(cat "$T/nocost.txt")"
grep -q "^no cheapest point: the cost is unknown" "$T/nocost.txt" || fail "answer line"
python3 - "$T/nocost/sweep.json" <<'EOF2' || fail "sweep.json with unknown costs"
import json, sys
j = json.load(open(sys.argv[1]))
assert all(p["cost_sek"] is None for p in j["points"])
assert j["points"][0]["meets_all"] and j["cheapest"] is None and j["closest"] == 0, j["closest"]
assert j["statement"].startswith("No cheapest point: point 0 ") and "nan" not in j["statement"], \
    j["statement"]
EOF2
grep -q "No cheapest point: point 0" "$T/nocost/report.html" || fail "report: answer"
grep -q "<td>nan</td>" "$T/nocost/report.html" && fail "report: an unknown cost shown as nan"
grep -q "<td>yes</td><td>unknown</td>" "$T/nocost/report.html" || fail "report: unknown cost"

# ---- more series than a bar chart holds: the chart is left out and said so --------------
# (65 closed-bed shares x 1 occupancy target: against the target, 65 series; a sweep
# allowed up to 1000 points used to compute them all, then fail on the report, exit 2)
"$VS" sweep "$T/policy.yaml" --vary "$CB=0:0.64:0.01" --vary policies.beds.occupancy_target=0.9:0.9:1 \
    --stages beds --out "$T/wide" >/dev/null 2>"$T/err" || fail "65 x 1 grid: $(cat "$T/err")"
# (the beds stage alone gives only the overflow of the five responses; the other four
# are named as not computed instead of drawn empty)
[ "$(grep -o "Chart left out: [^<]*against policies.beds.occupancy_target (65 series, 1 categories" \
    "$T/wide/report.html" | wc -l)" -eq 1 ] || fail "report: charts against the target not left out"
grep -q "Not computed in this sweep[^<]*Bed occupancy, simulated; Mean primary-care wait" \
    "$T/wide/report.html" || fail "report: the responses not computed are not named"
grep -q "sweep-overflow-0" "$T/wide/report.html" || fail "report: chart against $CB missing"

# ---- --force: a sweep directory is replaced, a run directory is not ---------------------
beds=(--stages beds --vary "$CB=0:0.3" --samples 1)
"$VS" sweep "$T/today.yaml" "${beds[@]}" --out "$T/l1" >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q "exists (use --force" "$T/err" || fail "existing directory without --force"
"$VS" sweep "$T/today.yaml" "${beds[@]}" --out "$T/l1" --force >/dev/null \
    || fail "--force on a sweep directory"
[ "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["points"]))' "$T/l1/sweep.json")" = 1 ] \
    || fail "--force did not replace the sweep"
# a file of the user's inside a finished sweep directory: --force leaves it all alone
echo "my notes" >"$T/l1/notes.txt"
cp "$T/l1/sweep.json" "$T/l1.json.before"
"$VS" sweep "$T/today.yaml" "${beds[@]}" --out "$T/l1" --force >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q "holds 'notes.txt'" "$T/err" \
    || fail "--force over a user's file: $(cat "$T/err")"
[ "$(cat "$T/l1/notes.txt")" = "my notes" ] && cmp -s "$T/l1/sweep.json" "$T/l1.json.before" \
    || fail "--force removed or changed a user's file"
rm "$T/l1/notes.txt"
"$VS" sweep "$T/today.yaml" "${beds[@]}" --out "$T/run1" --force >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q "not a sweep directory" "$T/err" || fail "--force on a run directory: $(cat "$T/err")"
[ -f "$T/run1/report.html" ] && [ ! -e "$T/run1/sweep.json" ] || fail "run directory touched"

# ---- bad inputs: exit 2, one message naming the option, nothing written ---------------
bad() { # MESSAGE ARGS...
    local want=$1
    shift
    "$VS" sweep "$T/today.yaml" "$@" --out "$T/bad" >"$T/out" 2>"$T/err"
    local rc=$?
    [ $rc -eq 2 ] || fail "$*: exit $rc, expected 2"
    grep -qF -- "$want" "$T/err" || fail "$*: message '$(cat "$T/err")', expected '$want'"
    [ "$(wc -l <"$T/err")" -eq 1 ] || fail "$*: more than one line"
    [ ! -e "$T/bad" ] && ! ls "$T" | grep -q '^bad\.tmp' || fail "$*: output written"
}
bad "unknown scenario field 'policies.beds.nosuch'" --vary policies.beds.nosuch=0:1:0.5
bad "policies.queues.discipline is not a numeric model input" --vary policies.queues.discipline=0:1:1
bad "STEP must be greater than 0" --vary "$CB=0:0.1:0"
bad "FROM 0.2 is greater than TO 0.1" --vary "$CB=0.2:0.1:0.05"
bad "takes values in [0, 0.99]" --vary "$CB=0:1.5:0.5"
bad "more than 1000 points" --vary "$CB=0:0.9:0.001" --vary "$GP=1000:2000:100"
bad "expected KEY=FROM:TO:STEP" --vary "$CB=0:0.1"
bad "is an integer field" --vary "simulation.days=10:20:0.5"
bad "--vary: policies.beds.closed_bed_share is given twice" --vary "$CB=0:0.1:0.1" --vary "$CB=0:0.2:0.1"
bad "--samples" --vary "$CB=0:0.1" --samples 0
bad "--vary is required"
echo "ok"
