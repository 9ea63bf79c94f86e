#!/bin/bash
# CLI test of region-specific budget figures (docs/need.md, docs/workforce.md):
# Stockholm's appropriations are read from data/stockholm/parameters; a region
# without its own budget.csv gets "missing", never Stockholm's figures; a
# region's rows in the generic parameter directory are refused; a scenario
# range [low, high] that is wrong is refused as FILE:LINE:COLUMN: field.
. "$2/tests/cli/lib/common.sh"

# Stockholm: its own PVN / (HSN + PVN) share
"$VS" allocate --budget 1000000 --json >"$T/s.json" 2>"$T/e" || fail "allocate: $(cat "$T/e")"
grep -q '"hsn_msek": 66896.8' "$T/s.json" || fail "Stockholm's HSN 2024 not read"

# a region without parameters/budget.csv: missing, named, not Stockholm's
cp -r "$SRC/tests/data/region/mini" "$T/mini"
"$VS" allocate --budget 1000000 --region "$T/mini" --json >"$T/m.json" 2>"$T/e" ||
    fail "allocate (mini): $(cat "$T/e")"
grep -q "\"missing\": \"$T/mini/parameters/budget.csv\"" "$T/m.json" || fail "no missing: $(grep -A3 primary_care_share "$T/m.json")"
grep -q 'hsn_msek' "$T/m.json" && fail "the mini region got appropriations"
"$VS" allocate --budget 1000000 --region "$T/mini" >"$T/m.txt" || fail "allocate (mini, text)"
grep -q "missing: the region gives no hsn_appropriation" "$T/m.txt" || fail "text says nothing"

# the region's own file is read
mkdir "$T/mini/parameters"
printf 'parameter,value,unit,year,geography,source,note\npvn_appropriation,30,MSEK,2025,Mini,test,\nhsn_appropriation,70,MSEK,2025,Mini,test,\n' \
    >"$T/mini/parameters/budget.csv"
"$VS" allocate --budget 1000000 --region "$T/mini" --total-growth 0.03 --json >"$T/m2.json" || fail "allocate (mini with budget)"
grep -Eq '"share": 0.(3|2999999)' "$T/m2.json" || fail "the mini region's own share is not 0.3"

# a region's rows in the generic parameter directory are refused (exit 2)
cp -r "$SRC/data/parameters" "$T/params"
echo 'hsn_appropriation,1,MSEK,2025,X,test,' >>"$T/params/budget.csv"
"$VS" allocate --budget 1000000 --params "$T/params" >"$T/o" 2>"$T/e"; rc=$?
[ $rc = 2 ] || fail "generic file with region rows: exit $rc"
grep -q "budget.csv:4: field parameter: 'hsn_appropriation' is a region's own figure" "$T/e" ||
    fail "message: $(cat "$T/e")"

# scenario ranges: low > high refused by run, nothing written
cat >"$T/r.yaml" <<'Y'
schema_version: 1
name: r
policies:
  workforce:
    agency_premium: [0.4, 0.2]
Y
"$VS" run "$T/r.yaml" --out "$T/run" >"$T/o" 2>"$T/e"; rc=$?
[ $rc = 2 ] || fail "range low > high: exit $rc"
grep -q "r.yaml:5:22: field policies.workforce.agency_premium: range \[0.4, 0.2\]: low is greater than high" "$T/e" ||
    fail "range message: $(cat "$T/e")"
[ -e "$T/run" ] && fail "a refused scenario left a run directory"
exit 0
