#!/bin/bash
# "vardsim run --stages": the selection comes from the stage table (a stage
# brings the stages it needs; region, targets and notes are always run), and
# an unknown stage is a usage error (exit 2, nothing written).
# Usage: run_stages.sh VARDSIM SOURCE_DIR
. "$2/tests/cli/lib/common.sh"
. "$SRC/tests/cli/lib/short_scenario.sh"
short_scenario today 1

# unknown stage: exit 2, the known stages named, no directory
"$VS" run "$T/today.yaml" --out "$T/bad" --stages beds,nosuch >"$T/stdout" 2>"$T/stderr"
[ $? -eq 2 ] || fail "unknown stage: expected exit 2"
grep -q "unknown stage 'nosuch' (stages: region, targets, need, allocation, listing, beds, flow, validation, forecast, notes, screening, maternity, stockpile)" "$T/stderr" \
    || fail "unknown stage message: $(cat "$T/stderr")"
[ ! -e "$T/bad" ] || fail "unknown stage: output directory created"

# allocation alone: need comes with it; no listing, beds or flow results
"$VS" run "$T/today.yaml" --out "$T/alloc" --stages allocation >/dev/null || fail "allocation run"
db="$T/alloc/results.sqlite"
q() { sqlite3 "$db" "$1"; }
[ "$(q "SELECT count(*) FROM metrics WHERE name = 'cni_mean'")" = 1 ] || fail "need stage missing"
[ "$(q "SELECT count(*) FROM metrics WHERE name = 'allocation_budget_sek'")" = 1 ] || fail "allocation missing"
[ "$(q "SELECT count(*) FROM metrics WHERE name = 'population'")" = 1 ] || fail "region stage missing"
[ "$(q "SELECT count(*) FROM scorecard WHERE target_id = 'agency_staff_2027'")" = 1 ] || fail "targets stage missing"
[ "$(q "SELECT count(*) FROM metrics WHERE name LIKE 'beds_%' AND name NOT IN ('beds_planned', 'beds_staffed', 'beds_staffed_per_1000')")" = 0 ] \
    || fail "beds stage ran unselected"
[ "$(q "SELECT count(*) FROM metrics WHERE name LIKE 'flow_%' OR name LIKE 'listing_%'")" = 0 ] \
    || fail "flow or listing ran unselected"
# without the flow stage, the notes say what the simulation would have used
[ "$(q "SELECT count(*) FROM notes WHERE topic = 'simulation'")" = 1 ] || fail "simulation note missing"
echo "ok"
