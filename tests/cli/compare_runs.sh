#!/bin/bash
# "vardsim compare": the two shipped scenarios side by side, human and JSON,
# with values equal to those in each run's results.sqlite.
# Usage: compare_runs.sh VARDSIM SOURCE_DIR
. "$2/tests/cli/lib/common.sh"
export SOURCE_DATE_EPOCH=1735689600

# The shipped scenarios with a short patient-flow simulation (1 replication
# of 10 days instead of a full year), every policy value as shipped.
. "$SRC/tests/cli/lib/short_scenario.sh"
short_scenario today 1
short_scenario policy 1

"$VS" run --network fallback "$T/today.yaml" --out "$T/today" >/dev/null || fail "run today"
"$VS" run --network fallback "$T/policy.yaml" --out "$T/policy" --json >"$T/run.json" || fail "run policy"
grep -q '"population": 2440027' "$T/run.json" || fail "run --json: population"
grep -q '"created_at": "2025-01-01T00:00:00Z"' "$T/run.json" || fail "run --json: created_at"

# same scenario and SOURCE_DATE_EPOCH: byte-identical exports and report
"$VS" run --network fallback "$T/today.yaml" --out "$T/today2" >/dev/null || fail "run today again"
for f in "$T"/today/*.csv "$T/today/report.html"; do
    cmp -s "$f" "$T/today2/$(basename "$f")" || fail "$(basename "$f") differs between two runs"
done

"$VS" compare "$T/today" "$T/policy" >"$T/human" || fail "compare"
# the forecast stage writes every year to 2035: rows carry their year
grep -Eq '^population( 2022)? +persons +2,440,027 +2,440,027 +0$' "$T/human" || fail "human: population row"
grep -Eq '^agency_staff_2027( 2022)? +<= 25.0 % +100.0 % NOT +25.0 % met +-75 pp$' "$T/human" || fail "human: scorecard row"
grep -Eq '^gp_fte_needed( 2022)? +GP FTE +1,220 +2,218 +\+998$' "$T/human" || fail "human: change column"
grep -Eq '[0-9]e[-+][0-9]' "$T/human" && fail "human: a number in exponent form"
grep -Eq '^policies.queues.discipline +insurance +need$' "$T/human" || fail "human: differing parameter"

"$VS" compare "$T/today" "$T/policy" --json --html "$T/cmp.html" >"$T/cmp.json" || fail "compare --json"
python3 - "$T/cmp.json" "$T/today/metrics.csv" "$T/policy/metrics.csv" <<'PY' || fail "compare --json content"
import csv, json, sys
j = json.load(open(sys.argv[1]))
assert [r["scenario"] for r in j["runs"]] == ["today", "policy"], j["runs"]
assert all(r["seed"] == 20250101 for r in j["runs"])
m = {x["name"]: x for x in j["metrics"]}
for k, path in enumerate(sys.argv[2:]):
    for row in csv.DictReader(open(path)):
        # every year's value (the forecast stage writes 2022..2035); NaN is null
        by_year = {b["year"]: b["values"] for b in m[row["name"]].get("by_year", [])}
        v = by_year[int(row["year"])][k] if by_year else m[row["name"]]["values"][k]
        want = float(row["value"]) if row["value"] != "" else None
        assert v == want, (row["name"], row["year"], v, row["value"])
s = {x["target_id"]: x for x in j["scorecard"]}
a = s["agency_staff_2027"]
assert a["values"] == [1.0, 0.25] and a["met"] == [False, True] and a["op"] == "<=", a
# the simulation's rows: insurance moves patients ahead only under today's
# insurance lane; the policy's need-only queues move nobody ahead
ia = s["insurance_ahead"]
assert ia["values"][0] > 0 and ia["values"][1] == 0 and ia["met"] == [False, True], ia
for t in ("occupancy_simulated", "overflow", "overflow_erlang", "occupancy"):
    assert len(s[t]["values"]) == 2, t
assert m["flow_pc_inversions"]["values"] == [0, 0], m["flow_pc_inversions"]
keys = {p["key"] for p in j["parameters_differing"]}
assert {"policies.primary_care.gp_cap", "policies.queues.discipline"} <= keys, keys
assert "simulation.seed" not in keys
PY
grep -q 'id="compare-scorecard"' "$T/cmp.html" || fail "compare --html: no grouped chart"
grep -q '<table id="compare-scorecard-rows"' "$T/cmp.html" || fail "compare --html: no scorecard table"
grep -q '<table id="compare-metrics"' "$T/cmp.html" || fail "compare --html: no metrics table"
# both runs' scorecard rows side by side: the agency row is met only under the policy
python3 - "$T/cmp.html" <<'PY' || fail "compare --html: scorecard rows"
import re, sys
h = open(sys.argv[1]).read()
t = h[h.index('<table id="compare-scorecard-rows"'):]
t = t[:t.index('</table>')]
rows = re.findall(r'<tr>(.*?)</tr>', t, re.S)
ag = [r for r in rows if 'Agency staff' in r]
assert len(ag) == 1 and '100.0 % not met' in ag[0] and '25.0 % met' in ag[0], ag
for tid in ("Primary-care share", "Bed occupancy", "overflowing", "Insured patients served ahead",
            "simulated"):
    assert any(tid in r for r in rows), tid
PY
# errors
"$VS" compare "$T/today" 2>/dev/null
[ $? -eq 2 ] || fail "one directory: expected exit 2"
mkdir "$T/empty"
"$VS" compare "$T/today" "$T/empty" 2>"$T/err"
[ $? -eq 2 ] || fail "missing results.sqlite: expected exit 2"
grep -q "empty/results.sqlite" "$T/err" || fail "missing store: message $(cat "$T/err")"
echo "ok"
