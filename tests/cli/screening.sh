#!/bin/bash
# CLI test of "vardsim screening": the JSON contract (programmes[] with
# programme, eligible, coverage, coverage_by_cni_decile of ten values,
# cost_sek), hand-counted numbers on the small region of tests/data/screening,
# NOT FOUND reported, and bad input (exit 2, FILE:LINE: field NAME, nothing on
# stdout).  $1 = vardsim, $2 = source dir.
. "$2/tests/cli/lib/common.sh"
D="$SRC/tests/data/screening"

# parameters: the shipped need files with the test programmes
mkdir "$T/p" && cp "$SRC"/data/parameters/*.csv "$T/p/" && cp "$D"/params/*.csv "$T/p/"
run() { "$VS" screening --reference none "$@"; }

run --region "$D/region" --params "$T/p" --json >"$T/out.json" 2>"$T/err" ||
    fail "screening on the test region: $(cat "$T/err")"
python3 - "$T/out.json" <<'PY' || fail "JSON contract"
import json, math, sys
d = json.load(open(sys.argv[1]))
progs = {p["programme"]: p for p in d["programmes"]}
assert set(progs) == {"breast", "cervix", "tick", "flu", "old"}, progs.keys()
for p in d["programmes"]:
    for k in ("programme", "eligible", "coverage", "coverage_by_cni_decile", "cost_sek",
              "invitations_per_year", "participants_per_year", "low_coverage_areas"):
        assert k in p, k
    assert len(p["coverage_by_cni_decile"]) == 10
    assert len(p["gradient_by_cni_decile"]) == 10
b = progs["breast"]
assert abs(b["eligible"] - 175) < 1e-9 and abs(b["invitations_per_year"] - 87.5) < 1e-9
assert abs(b["coverage"] - 0.6) < 1e-12 and abs(b["cost_sek"] - 52500) < 1e-6
assert [a["area_id"] for a in b["low_coverage_areas"]] == ["A2"]
# decile coverages weighted by their eligible give the county figure
num = sum(e * c for e, c in zip(b["eligible_by_cni_decile"], b["coverage_by_cni_decile"]) if e)
assert abs(num / b["eligible"] - 0.6) < 1e-12
# per area: the programme's totals are the sums over the areas
areas = d["areas"]
assert [a["area_id"] for a in areas] == ["A1", "A2", "A3", "A4"]
for k, tot in (("eligible", 175), ("invitations_per_year", 87.5),
               ("participants_per_year", 52.5), ("cost_sek", 52500)):
    assert abs(sum(a["programmes"]["breast"][k] for a in areas) - tot) < 1e-9, k
assert abs(areas[1]["programmes"]["breast"]["coverage"] - 0.48) < 1e-12
t = progs["tick"]
assert t["coverage"] is None and t["cost_sek"] is None and abs(t["eligible"] - 14) < 1e-9
assert t["not_found"] == ["coverage.tick", "unit_cost_sek.tick"], t["not_found"]
PY

# text output says what is NOT FOUND
run --region "$D/region" --params "$T/p" >"$T/out.txt" || fail "text output"
grep -q "coverage NOT FOUND: supply coverage.tick" "$T/out.txt" || fail "NOT FOUND not reported"
grep -q "unit cost NOT FOUND: supply unit_cost_sek.cervix" "$T/out.txt" || fail "cost NOT FOUND"
run --region "$D/region" --params "$T/p" --low >"$T/low.txt" || fail "--low"
grep -Eq "^  A2 +South|^  A2 +North" "$T/low.txt" || fail "--low does not list A2: $(cat "$T/low.txt")"
grep -q "cost 52,500 SEK a year" "$T/low.txt" || fail "breast cost not printed"

# bad input: each in a fresh copy; exit 2, the message, nothing on stdout
bad() { # FILE-in-$T/p-or-region SED-EXPRESSION EXPECTED-MESSAGE
    rm -rf "$T/b" && mkdir "$T/b" && cp -r "$T/p" "$T/b/p" && cp -r "$D/region" "$T/b/r"
    sed -i "$2" "$T/b/$1"
    run --region "$T/b/r" --params "$T/b/p" --json >"$T/o" 2>"$T/e"; rc=$?
    [ $rc = 2 ] || fail "$3: exit $rc ($(cat "$T/e"))"
    [ -s "$T/o" ] && fail "$3: output written"
    grep -qF "$3" "$T/e" || fail "message: $(cat "$T/e"), expected $3"
}
bad p/screening_programmes.csv '2s/,female,40,/,woman,40,/' \
    "screening_programmes.csv:2: field sex: 'woman' is not one of all, female, male"
bad p/screening_programmes.csv '4s/,50,64,/,45,64,/' \
    "screening_programmes.csv:4: field age_min: ages 45-64 overlap ages 23-49 of line 3"
bad p/screening_programmes.csv '2s/,40,74,/,74,40,/' \
    "screening_programmes.csv:2: field age_max: 40 is below age_min 74"
bad p/screening_programmes.csv '3s/,5,0,/,five,0,/' "screening_programmes.csv:3: field interval_years"
bad p/screening.csv '2s/,0.6,/,1.5,/' "screening.csv:2: field value"
bad p/screening.csv '/^coverage.flu,/d' "no row for parameter 'coverage.flu'"
bad p/screening.csv '$a coverage.nosuch,0.5,share,,test,test,' \
    "field parameter: unknown programme 'nosuch'"
bad p/screening.csv '3s/,test value,/,,/' "screening.csv:3: field source: empty"
bad r/age_sex.csv '2s/^M1,/M9,/' "age_sex.csv:2: field municipality_id: unknown municipality id 'M9'"
bad r/age_sex.csv '5d' "age_sex.csv: field age: no row for municipality M1, age 1, male"
bad r/vaccination_coverage.csv '3s/^A2,/A9,/' "vaccination_coverage.csv:3: field area_id: unknown area id 'A9'"
bad r/vaccination_coverage.csv '2s/,80,90,/,90,80,/' \
    "vaccination_coverage.csv:2: field age_18_64_upper_percent: 80 is below the percent 90"

# without vaccination_coverage.csv: flat gradient, no failure
rm -rf "$T/b" && cp -r "$D/region" "$T/flat" && rm "$T/flat/vaccination_coverage.csv"
run --region "$T/flat" --params "$T/p" --json >"$T/flat.json" || fail "no proxy file"
grep -q '"file": null' "$T/flat.json" || fail "missing proxy not reported"

# the shipped Stockholm data: eight programmes, coverage falls with need
"$VS" screening --json >"$T/s.json" 2>"$T/e" || fail "Stockholm: $(cat "$T/e")"
python3 - "$T/s.json" <<'PY' || fail "Stockholm numbers"
import json, sys
d = json.load(open(sys.argv[1]))
progs = {p["programme"]: p for p in d["programmes"]}
assert len(progs) >= 8
m = progs["mammography"]
assert 400000 < m["eligible"] < 600000, m["eligible"]
assert abs(m["coverage_model"] - m["coverage"]) < 1e-9
c = m["coverage_by_cni_decile"]
assert c[0] > c[9], c
assert m["low_coverage_areas"] and m["not_found"] == ["unit_cost_sek.mammography"]
PY
exit 0
