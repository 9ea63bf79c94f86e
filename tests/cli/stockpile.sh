#!/usr/bin/env bash
# CLI contract of "vardsim stockpile": target_days and items[] with item,
# use_per_day, stock, days_of_supply, met; NOT FOUND said so (shipped rates
# are NOT FOUND); user-supplied rates and stock; bad input exits 2.
# $1 = vardsim binary, $2 = source directory.
. "$2/tests/cli/lib/common.sh"
j() { python3 -c "import json,sys; d=json.load(open('$T/out.json')); print($1)"; }

"$VS" stockpile --json >"$T/out.json" || fail "stockpile --json failed"
[ "$(j "d['target_days']")" = 90.0 ] || fail "target_days should be 90"
j "all(set(['item','use_per_day','stock','days_of_supply','met']) <= set(i) for i in d['items'])" | grep -q True || fail "items lack a contract field"
j "all(i['met'] is None for i in d['items']) and all(i['use_per_day'] is None for i in d['items'][1:])" | grep -q True || fail "shipped rates other than gloves are NOT FOUND"
# gloves: 47.52 per resident and year (Naturvårdsverket, DERIVED) x the region's residents / 365
pop=$("$VS" region --json | python3 -c "import json,sys; print(json.load(sys.stdin)['population'])")
j "abs(d['items'][0]['use_per_day'] - 47.52 * $pop / 365) < 1e-6 and abs(d['items'][0]['stock_needed'] - 90 * d['items'][0]['use_per_day']) < 1e-6" | grep -q True || fail "gloves use per day"
j "any('NOT FOUND' in s for s in d['not_found'])" | grep -q True || fail "not_found empty"
"$VS" stockpile | grep -q "NOT FOUND" || fail "text output does not say NOT FOUND"

# user-supplied rates (test parameters: need files from the shipped directory)
cp "$SRC"/data/parameters/*.csv "$T/"
cp "$SRC/tests/data/stockpile/ok/stockpile.csv" "$T/stockpile.csv"
"$VS" stockpile --json --params "$T" --stock "$SRC/tests/data/stockpile/stock_ok.csv" \
    --import-stop-days 30 >"$T/out.json" || fail "stockpile with rates failed"
j "abs(d['items'][0]['days_of_supply'] - d['items'][0]['stock'] / d['items'][0]['use_per_day']) < 1e-9" | grep -q True || fail "days_of_supply != stock / use"
j "d['items'][0]['use_per_day'] > 0 and d['items'][1]['met'] is False" | grep -q True || fail "gowns should not meet 90 days"
j "abs(d['items'][1]['scenario_need'] - 3 * 30 * d['items'][1]['use_per_day']) < 1e-6" | grep -q True || fail "scenario need"

bad() {
    out=$("$VS" stockpile "$@" 2>"$T/err"); rc=$?
    [ $rc -eq 2 ] || fail "stockpile $* exited $rc, expected 2"
    [ -z "$out" ] || fail "stockpile $* wrote to stdout"
}
bad --params "$T" --stock "$SRC/tests/data/stockpile/stock_unknown.csv"
grep -q "stock_unknown.csv:3: field item: unknown item 'masks'" "$T/err" || fail "message: $(cat "$T/err")"
bad --params "$T" --stock "$SRC/tests/data/stockpile/stock_negative.csv"
grep -q "stock_negative.csv:2: field stock" "$T/err" || fail "message: $(cat "$T/err")"
bad --stock "$T/missing.csv"
bad --surge 0.5
bad --import-stop-days -1
exit 0
