#!/bin/bash
# CLI test of "vardsim need": JSON contract, delivered CNI, and bad input
# (exit 2, FILE:LINE message, nothing on stdout).  $1 = vardsim, $2 = source dir.
set -u
V="$1"; S="$2"; T="$S/tests/data/need"
fail() { echo "FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# small region, standardised on itself
"$V" need --region "$T/region" --reference none --json >"$tmp/out.json" 2>"$tmp/err" ||
    fail "need on the test region: $(cat "$tmp/err")"
for key in '"areas": \[' '"municipalities": \[' '"area_id": "A1"' '"area_id": "A4"' \
           '"municipality_id": "M1"' '"municipality_id": "M2"' '"cni": ' '"population": 180' \
           '"cni_variables"' '"criterion": "unemployed"'; do
    grep -q "$key" "$tmp/out.json" || fail "JSON lacks $key"
done
# CNI from 3 of 7 criteria is standardised with their weight share (12.92 / 32.58):
# the highest area, A2 (2.006 from the criteria used), gets 1.399, below 1.7
[ "$(grep -c '"above_threshold": true' "$tmp/out.json")" = 0 ] || fail "expected no area above 1.7"
grep -q '"cni_weight_share": 0.39656' "$tmp/out.json" || fail "cni_weight_share missing or wrong"
# region mean CNI = 1 when standardised on itself
grep -Eq '^  "cni_mean": (1\.0|0\.99999999999[0-9]*|1\.00000000000[0-9]*),$' "$tmp/out.json" ||
    fail "cni_mean is not 1: $(grep -m1 cni_mean "$tmp/out.json")"

# delivered CNI for A3
"$V" need --region "$T/region" --reference none --cni "$T/delivered_cni.csv" --json >"$tmp/d.json" ||
    fail "need with delivered CNI"
grep -q '"cni_source": "delivered"' "$tmp/d.json" || fail "delivered CNI not marked"
# a delivered CNI is taken as delivered (not standardised): 1.9 is above 1.7
[ "$(grep -c '"above_threshold": true' "$tmp/d.json")" = 1 ] || fail "delivered 1.9 not flagged"
grep -A3 '"area_id": "A3"' "$tmp/d.json" | grep -Eq '"cni": 1\.(9|8999999999999999),' || fail "delivered 1.9 not kept"

# unknown id in a delivered CNI file
"$V" need --region "$T/region" --reference none --cni "$T/delivered_cni_unknown.csv" \
    >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 2 ] || fail "unknown id: exit $rc, expected 2"
[ -s "$tmp/o" ] && fail "unknown id: output written"
grep -q "delivered_cni_unknown.csv:3: field id: unknown area id 'X9'" "$tmp/e" || fail "message: $(cat "$tmp/e")"

# a broken weight in a copy of the shipped parameters
mkdir "$tmp/p" && cp "$S"/data/parameters/{care_need_index,demand_rates,allocation,budget}.csv "$tmp/p/"
sed -i 's/^cni_weight_unemployed,5.13,/cni_weight_unemployed,five,/' "$tmp/p/care_need_index.csv"
line=$(grep -n '^cni_weight_unemployed,' "$tmp/p/care_need_index.csv" | cut -d: -f1)
"$V" need --params "$tmp/p" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 2 ] || fail "bad weight: exit $rc"
[ -s "$tmp/o" ] && fail "bad weight: output written"
grep -q "care_need_index.csv:$line: field value: 'five' is not a number" "$tmp/e" || fail "message: $(cat "$tmp/e")"

# bad option value
"$V" need --elasticity -1 >"$tmp/o" 2>"$tmp/e"; rc=$?
[ $rc = 2 ] || fail "negative elasticity: exit $rc"

# default region against the national reference
"$V" need --json >"$tmp/s.json" 2>"$tmp/e" || fail "need (Stockholm): $(cat "$tmp/e")"
[ "$(grep -c '"area_id"' "$tmp/s.json")" = 1287 ] || fail "expected 1287 areas"
[ "$(grep -c '"municipality_id"' "$tmp/s.json")" -ge 26 ] || fail "expected 26 municipalities"
grep -q '"areas": 5984' "$tmp/s.json" || fail "reference is not the 5,984 national DeSO"
"$V" need >"$tmp/h" || fail "human output"
grep -q "left out   unemployed" "$tmp/h" || fail "human output does not list left-out criteria"
grep -q "PROXY" "$tmp/h" || fail "human output does not flag the proxy"
exit 0
