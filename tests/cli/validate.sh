#!/bin/bash
# CLI test of "vardsim validate": the JSON contract (rows[] with quantity,
# published, model, ratio, role, within_tolerance, source, year), every row of
# data/validation/stockholm.csv shown (none hidden), the model column equal to
# what the other commands compute through the same library calls (simulate,
# beds, need, region: no copied numbers), the calibration rows within their
# tolerance at the shipped seed, and bad tables (exit 2, FILE:LINE: field,
# nothing on stdout).  $1 = vardsim, $2 = source dir.
. "$2/tests/cli/lib/common.sh"

"$VS" validate --json >"$T/v.json" 2>"$T/err" || fail "validate --json: $(cat "$T/err")"
"$VS" simulate --json >"$T/s.json" 2>"$T/err" || fail "simulate --json: $(cat "$T/err")"
"$VS" beds --json >"$T/b.json" || fail "beds --json"
"$VS" need --json >"$T/n.json" || fail "need --json"
"$VS" region --json >"$T/r.json" || fail "region --json"

python3 - "$T" "$SRC/data/validation/stockholm.csv" <<'PY' || fail "validate JSON"
import csv, json, math, sys
t, table = sys.argv[1], sys.argv[2]
v = json.load(open(t + "/v.json"))
s = json.load(open(t + "/s.json"))
b = json.load(open(t + "/b.json"))
n = json.load(open(t + "/n.json"))
r = json.load(open(t + "/r.json"))
rows = list(csv.DictReader(open(table, encoding="utf-8")))
# every row of the table, in order, with the contract's fields
assert [x["id"] for x in v["rows"]] == [x["id"] for x in rows], "rows hidden or reordered"
for x in v["rows"]:
    for k in ("quantity", "published", "model", "ratio", "role", "within_tolerance", "source", "year"):
        assert k in x, "row lacks " + k
by = {x["quantity"]: x for x in v["rows"]}
for c in rows:
    j = next(x for x in v["rows"] if x["id"] == c["id"])
    assert j["quantity"] == c["quantity"] and j["role"] == c["role"] and j["year"] == c["year"]
    assert j["source"] == c["source"] and j["published"] == float(c["published"])
    if j["model"] is None:
        assert j["ratio"] is None and j["within_tolerance"] is None
    else:
        assert abs(j["ratio"] - j["model"] / j["published"]) <= 1e-12 * abs(j["ratio"])
        tol, cmp = float(c["tolerance"]), c.get("comparison") or "equal"
        m, p = j["model"], j["published"]
        ok = {"equal": abs(m / p - 1) <= tol, "at_least": m >= p * (1 - tol),
              "at_most": m <= p * (1 + tol)}[cmp]
        assert j["within_tolerance"] == ok, c["id"]
assert v["within"] + v["outside"] + v["no_model_value"] == len(rows)

def same(q, want):
    got = by[q]["model"] if q in by else None
    assert got is not None and want is not None, q
    assert got == want, "%s: validate %r, other command %r" % (q, got, want)

# the model column is the model's own output, computed again by other commands
same("beds.open_beds_acute_hospitals", float(r["beds_staffed"]))
same("beds.occupancy", b["total"]["occupancy_today"])
same("beds.outplaced_per_100_beds", s["beds"]["outplaced_per_100_beds"])
same("beds.overcrowded_per_100_beds", s["beds"]["overcrowded_per_100_beds"])
same("emergency.length_of_stay_median_hours", s["emergency"]["length_of_stay_median_hours"])
same("emergency.share_within_4_hours", s["emergency"]["share_within_4_hours"])
for d in (0, 3, 5, 7):
    same("primary_care.share_seen_within_%d_days" % d, s["primary_care"]["seen_within_%d_days" % d])
same("need.cni_max_municipality", max(m["cni"] for m in n["municipalities"]))
same("need.cni_min_municipality", min(m["cni"] for m in n["municipalities"]))
same("need.doctor_visits_per_resident",
     next(x for x in n["services"] if x["service"] == "doctor_visits")["total"] / n["population"])
PY

# text output: every quantity shown, a row without a model value says so
"$VS" validate --no-simulation >"$T/v.txt" || fail "validate text"
grep -q "How today's model compares with published figures" "$T/v.txt" || fail "text heading"
grep -Eq '^beds\.outplaced_per_100_beds +validation .*no model value$' "$T/v.txt" ||
    fail "a quantity without a model value is not shown as such"

# bad tables: exit 2, one message naming file, line and field, nothing on stdout
head -1 "$SRC/data/validation/stockholm.csv" >"$T/hdr.csv"
bad() { # NAME ROW EXPECTED-MESSAGE
    { cat "$T/hdr.csv"; printf '%s\n' "$2"; } >"$T/$1.csv"
    "$VS" validate --no-simulation --table "$T/$1.csv" >"$T/o" 2>"$T/e"; rc=$?
    [ $rc = 2 ] || fail "$1: exit $rc, expected 2"
    [ -s "$T/o" ] && fail "$1: output written"
    grep -qF "$T/$1.csv:$3" "$T/e" || fail "$1: message $(cat "$T/e")"
}
bad role 'a,beds.occupancy,0.9,share,2010,Sweden,src,0.1,equal,guess,' "2: field role: 'guess' is not calibration or validation"
bad cmp 'a,beds.occupancy,0.9,share,2010,Sweden,src,0.1,about,validation,' "2: field comparison: 'about' is not equal, at_least or at_most"
bad tol 'a,beds.occupancy,0.9,share,2010,Sweden,src,-1,equal,validation,' "2: field tolerance:"
bad pub 'a,beds.occupancy,,share,2010,Sweden,src,0.1,equal,validation,' "2: field published: empty, but source does not say NOT FOUND"
{ cat "$T/hdr.csv"; echo 'a,beds.occupancy,0.9,share,2010,Sweden,src,0.1,equal,validation,'
  echo 'a,beds.occupancy,0.9,share,2010,Sweden,src,0.1,equal,validation,'; } >"$T/dup.csv"
"$VS" validate --no-simulation --table "$T/dup.csv" >"$T/o" 2>"$T/e"; rc=$?
[ $rc = 2 ] && grep -qF "$T/dup.csv:3: field id: duplicate id 'a' (first on line 2)" "$T/e" ||
    fail "duplicate id: exit $rc, $(cat "$T/e")"
# a NOT FOUND row is accepted and shown without a verdict
{ cat "$T/hdr.csv"; echo 'a,beds.occupancy,,share,,Stockholm,NOT FOUND,0.1,equal,validation,'; } >"$T/nf.csv"
"$VS" validate --no-simulation --json --table "$T/nf.csv" >"$T/o" || fail "NOT FOUND row refused"
grep -q '"published": null' "$T/o" && grep -q '"within_tolerance": null' "$T/o" || fail "NOT FOUND row"
"$VS" validate --table "$T/none.csv" >"$T/o" 2>"$T/e"; rc=$?
[ $rc = 2 ] && [ ! -s "$T/o" ] || fail "missing table: exit $rc"
# the calibration rows are within their tolerance at the shipped seed
python3 - "$T/v.json" <<'PY' || fail "calibration rows outside their tolerance"
import json, sys
v = json.load(open(sys.argv[1]))
bad = [(x["id"], x["published"], x["model"]) for x in v["rows"]
       if x["role"] == "calibration" and x["within_tolerance"] is not True]
if bad:
    print("calibration rows not within tolerance:", bad, file=sys.stderr)
    sys.exit(1)
PY

