#!/usr/bin/env bash
# CLI contract of "vardsim forecast": the JSON fields of issue 15 (base_year,
# to_year, runs, years[] with every yearly figure and its _ci95 when runs > 1,
# targets[] with target, year_met, probability_met), identities between the
# fields, identical results for 1 and 2 threads, and bad input (exit 2, a
# message naming file, line and field, nothing on stdout).
# $1 = vardsim binary, $2 = source directory.
. "$2/tests/cli/lib/common.sh"

SC="$SRC/tests/data/forecast/ranges.yaml"
"$VS" forecast "$SC" --to 2030 --runs 40 --seed 7 --json >"$T/a.json" || fail "forecast --json failed"
"$VS" forecast "$SC" --to 2030 --runs 40 --seed 7 --threads 2 --json >"$T/b.json" \
    || fail "forecast --threads 2 failed"
cmp -s "$T/a.json" "$T/b.json" || fail "1 and 2 threads give different JSON"
python3 - "$T/a.json" <<'EOF' || fail "JSON contract"
import json, math, sys
d = json.load(open(sys.argv[1]))
assert d["base_year"] == 2022 and d["to_year"] == 2030 and d["runs"] == 40, d
names = ["population", "gp_fte_supply", "gp_fte_needed", "listed_per_gp", "fixed_gp_coverage",
         "beds_needed", "beds_staffed", "primary_care_share", "agency_share", "agency_cost_sek",
         "gp_cost_sek"]
ys = d["years"]
assert [y["year"] for y in ys] == list(range(2022, 2031))
for y in ys:
    for n in names:
        assert n in y, n
        lo, hi = y[n + "_ci95"]
        v = y[n]
        if v is not None and lo is not None:
            assert lo <= hi, (n, lo, hi)
    assert abs(y["gp_fte_needed"] - y["population"] / 1100) < 1e-6 * y["population"]
    assert abs(y["listed_per_gp"] - y["population"] / y["gp_fte_supply"]) < 1e-6 * y["population"]
    assert abs(y["fixed_gp_coverage"] - min(1, y["gp_fte_supply"] / y["gp_fte_needed"])) < 1e-12
assert ys[0]["population"] == 2440027
ts = {t["target"]: t for t in d["targets"]}
for k in ["listed_per_gp", "fixed_gp_coverage", "primary_care_share_2030", "occupancy",
          "agency_staff_2027"]:
    t = ts[k]
    assert set(["target", "year_met", "probability_met"]) <= set(t), t
    assert 0 <= t["probability_met"] <= 1
    assert t["year_met"] is None or 2022 <= t["year_met"] <= 2030
    p = t["probability_met_by_deadline"]
    assert (t["deadline"] is None) == (p is None) or t["deadline"] > 2030, t
    if p is not None:
        assert p <= t["probability_met"], t
assert ts["primary_care_share_2030"]["deadline"] == 2030 and ts["listed_per_gp"]["deadline"] is None
EOF
# one run: no intervals
"$VS" forecast "$SC" --to 2024 --runs 1 --json >"$T/c.json" || fail "--runs 1 failed"
grep -q '_ci95' "$T/c.json" && fail "--runs 1 must not print intervals"
"$VS" forecast "$SC" --to 2024 --runs 1 | grep -q "^2024 " || fail "text output lacks 2024"

# bad input: exit 2, FILE:LINE: field NAME, nothing on stdout
expect_bad() { # PATTERN ARGS...
    local pat=$1; shift
    "$VS" forecast "$@" >"$T/out" 2>"$T/err"; local rc=$?
    [ $rc -eq 2 ] || fail "exit $rc (expected 2) for $*: $(cat "$T/err")"
    [ -s "$T/out" ] && fail "stdout not empty for $*"
    grep -q -- "$pat" "$T/err" || fail "message '$(cat "$T/err")' lacks '$pat'"
}
expect_bad "option --runs" "$SC" --runs 0
expect_bad "option --to" "$SC" --to x
expect_bad "horizon" "$SC" --to 2020
sed 's/^  runs: 200/  runs: -3/' "$SC" >"$T/bad_runs.yaml"
expect_bad "bad_runs.yaml:[0-9]*:[0-9]*: field forecast.runs" "$T/bad_runs.yaml"
# a projection file with a bad count
cp "$SC" "$T/proj.yaml"
sed -i "/^forecast:/a\\  population_projection: proj.csv" "$T/proj.yaml"
grep -q "population_projection: proj.csv" "$T/proj.yaml" || fail "test scenario lacks population_projection"
{
    printf 'year,municipality_id'
    for b in 0_4 5_9 10_14 15_19 20_24 25_29 30_34 35_39 40_44 45_49 50_54 55_59 60_64 65_69 \
        70_74 75_79 80_plus; do printf ',pop_%s' "$b"; done
    printf '\n2023,0114,-5'
    for i in $(seq 16); do printf ',1'; done
    printf '\n'
} >"$T/proj.csv"
expect_bad "proj.csv:2: field pop_0_4" "$T/proj.yaml" --to 2023 --region "$SRC/data/stockholm"
# a projection file that gives every year by municipality works
python3 - "$SRC/data/stockholm/municipalities.csv" "$T/proj.csv" <<'EOF'
import csv, sys
ms = [r["municipality_id"] for r in csv.DictReader(open(sys.argv[1]))]
bands = "0_4 5_9 10_14 15_19 20_24 25_29 30_34 35_39 40_44 45_49 50_54 55_59 60_64 65_69 70_74 75_79 80_plus".split()
with open(sys.argv[2], "w") as f:
    f.write("year,municipality_id," + ",".join("pop_" + b for b in bands) + "\n")
    for y in (2023, 2024):
        for m in ms:
            f.write("%d,%s," % (y, m) + ",".join(["1000"] * 17) + "\n")
EOF
"$VS" forecast "$T/proj.yaml" --region "$SRC/data/stockholm" --to 2024 --runs 1 --json >"$T/p.json" || fail "projection file failed"
python3 - "$T/p.json" <<'EOF' || fail "projection file population"
import json, sys
d = json.load(open(sys.argv[1]))
assert abs(d["years"][2]["population"] - 26 * 17 * 1000) < 1e-6, d["years"][2]["population"]
assert d["population_source"].endswith("proj.csv")
EOF
# a region of its own without budget rows, run with the default (Stockholm)
# scenario: the scenario's budget, agency share and ST intake are Stockholm's
# and are not used; the primary-care share is missing and said to be
mkdir -p "$T/nobud" && cp "$SRC"/data/stockholm/*.csv "$SRC"/data/stockholm/region.json "$T/nobud/"
"$VS" forecast --region "$T/nobud" --to 2024 --runs 1 --json >"$T/nb.json" 2>"$T/nb.err" \
    || fail "forecast on a region without a budget: $(cat "$T/nb.err")"
grep -q "is not the region of" "$T/nb.err" || fail "no note that the scenario's region figures are not used"
python3 - "$T/nb.json" <<'EOF' || fail "a region without a budget inherited one"
import json, sys
d = json.load(open(sys.argv[1]))
assert all(y["primary_care_share"] is None for y in d["years"]), d["years"][0]
assert all(y["agency_share"] is None for y in d["years"]), d["years"][0]
assert "budget: no primary-care and total health budget" in d["missing"], d["missing"]
EOF
exit 0
