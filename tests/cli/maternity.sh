#!/usr/bin/env bash
# CLI contract of "vardsim maternity": the JSON fields of the issue, their
# identities (births in progress = births per hour x mean attendance; FTE =
# 7 x sum of hourly midwives / (37 x (1 - absence))), NOT FOUND rows said so,
# the simulation check, and bad input (exit 2, FILE:LINE: field, no stdout).
# $1 = vardsim binary, $2 = source directory.
. "$2/tests/cli/lib/common.sh"
j() { python3 -c "import json,sys; d=json.load(open('$T/out.json')); print($1)"; }

"$VS" maternity --json --sim-days 100 --seed 3 >"$T/out.json" || fail "maternity --json failed"
for k in births_per_year births_in_progress_mean midwives_on_duty_needed midwife_fte_needed; do
    [ "$(j "'$k' in d")" = True ] || fail "JSON lacks $k"
done
j "abs(d['births_per_year'] - 26221) < 0.01 and d['births_source'] == 'general_fertility'" | grep -q True || fail "births_per_year should be 26221 (2022 deliveries)"
j "abs(d['births_in_progress_mean'] - d['births_per_year'] / 8760 * d['attend_mean_hours']) < 1e-9 * d['births_in_progress_mean']" | grep -q True || fail "mean in progress != lambda E[S]"
j "d['midwives_on_duty_needed'] == max(h['midwives'] for h in d['hours'])" | grep -q True || fail "max hour"
j "abs(d['midwife_fte_needed'] - 7 * sum(h['midwives'] for h in d['hours']) / (37 * (1 - 0.096154))) < 1e-9" | grep -q True || fail "FTE identity"
j "all(h['p_exceed'] <= 0.01 for h in d['hours'])" | grep -q True || fail "p_exceed above target"
j "d['midwives_region_fte'] is None and any('midwives_region_fte: NOT FOUND' in s for s in d['not_found'])" | grep -q True || fail "region midwives should be NOT FOUND"
j "abs(d['simulation']['in_progress_mean'] / d['births_in_progress_mean'] - 1) < 0.05" | grep -q True || fail "simulation disagrees"
# a stricter target needs at least as many midwives
n1=$(j "d['midwives_on_duty_needed']")
n2=$("$VS" maternity --json --sim-days 0 --target 0.001 | python3 -c "import json,sys; print(json.load(sys.stdin)['midwives_on_duty_needed'])")
[ "$n2" -ge "$n1" ] || fail "target 0.001 needs fewer midwives ($n2) than 0.01 ($n1)"
"$VS" maternity --sim-days 0 | grep -q "NOT FOUND" || fail "text output does not say NOT FOUND"
# the small region with the test parameters (births from fertility)
"$VS" maternity --json --sim-days 0 --region "$SRC/tests/data/region/mini" \
    --params "$SRC/tests/data/maternity/ok" >"$T/out.json" || fail "small region failed"
j "d['births_from_fertility']" | grep -q True || fail "small region should use fertility"

# a run with the shipped NOT FOUND rows: notes say so, no unjudgeable scorecard row
"$VS" run "$SRC/scenarios/today.yaml" --stages maternity,stockpile --out "$T/run" >/dev/null \
    || fail "run --stages maternity,stockpile failed"
grep -q "midwives_region_fte" "$T/run/notes.csv" || fail "notes lack the NOT FOUND midwives"
grep -q "protective_stock_days is left out" "$T/run/notes.csv" || fail "notes lack the stock row"
grep -q "midwife_per_birth" "$T/run/scorecard.csv" && fail "unjudgeable midwife row written"
awk -F, '$3 == "births_per_year" { found = 1; d = $4 - 26221; if (d < 0) d = -d; bad = d > 0.01 }
    END { exit !(found && !bad) }' "$T/run/metrics.csv" || fail "births_per_year metric"

# separate birth units
"$VS" maternity --json --sim-days 0 --units "$SRC/tests/data/maternity/units3.csv" >"$T/out.json" \
    || fail "--units failed"
j "len(d['units']['units']) == 3 and d['units']['midwives_on_duty_needed'] >= max(u['midwives_on_duty_needed'] for u in d['units']['units'])" | grep -q True || fail "units JSON"
j "abs(d['units']['midwife_fte_needed'] - sum(u['midwife_fte_needed'] for u in d['units']['units'])) < 1e-9" | grep -q True || fail "units FTE sum"

# bad input: exit 2, one message naming file, line and field, nothing on stdout
bad() {
    out=$("$VS" maternity "$@" 2>"$T/err"); rc=$?
    [ $rc -eq 2 ] || fail "maternity $* exited $rc, expected 2"
    [ -z "$out" ] || fail "maternity $* wrote to stdout"
}
bad --params "$SRC/tests/data/maternity/bad_value" --sim-days 0
grep -q "bad_value/maternity.csv:47: field value: absence_share" "$T/err" || fail "message: $(cat "$T/err")"
bad --params "$SRC/tests/data/maternity/missing_row" --sim-days 0
grep -q "field parameter: no row 'attend_p95_hours'" "$T/err" || fail "message: $(cat "$T/err")"
bad --sim-days 0 --units "$SRC/tests/data/maternity/units_dup.csv"
grep -q "units_dup.csv:3: field unit" "$T/err" || fail "message: $(cat "$T/err")"
bad --target 2
bad --sim-days 0.5
bad --bogus
exit 0
