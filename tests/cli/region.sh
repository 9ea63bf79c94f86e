#!/bin/bash
# CLI tests of "vardsim region", --help, --version and exit codes, and the golden
# JSON summary of the default Stockholm region.
# Usage: region.sh VARDSIM SOURCE_DIR   (VS_UPDATE_GOLDEN=1 rewrites the golden file)
set -u
VS=$1; SRC=$2
GOLD=$SRC/tests/data/region/stockholm_region.json
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=$((fail+1)); fi; }

"$VS" --version >"$TMP/v"; check "--version exit" "[ $? -eq 0 ]"
check "--version text" "grep -Eq '^vardsim [0-9]+\.[0-9]+\.[0-9]+$' $TMP/v"
"$VS" --help >"$TMP/h"; check "--help exit" "[ $? -eq 0 ]"
check "--help lists region" "grep -q '^  region' $TMP/h"
"$VS" help region >"$TMP/hr"; check "help region" "[ $? -eq 0 ] && grep -q 'usage: vardsim region' $TMP/hr"
"$VS" help nosuch 2>"$TMP/e"; check "help unknown exit 2" "[ $? -eq 2 ]"
"$VS" nosuch 2>"$TMP/e"; check "unknown command exit 2" "[ $? -eq 2 ] && grep -q \"unknown command 'nosuch'\" $TMP/e"
"$VS" 2>/dev/null; check "no command exit 2" "[ $? -eq 2 ]"
"$VS" region --bogus 2>"$TMP/e" >"$TMP/o"; check "unknown option exit 2" "[ $? -eq 2 ] && [ ! -s $TMP/o ] && grep -q \"unknown option '--bogus'\" $TMP/e"
"$VS" region --region 2>"$TMP/e"; check "missing value exit 2" "[ $? -eq 2 ] && grep -q 'needs a value' $TMP/e"
"$VS" region --region /nonexistent/dir 2>"$TMP/e" >"$TMP/o"; check "missing dir exit 2" "[ $? -eq 2 ] && [ ! -s $TMP/o ] && grep -qx 'vardsim: /nonexistent/dir: region directory does not exist' $TMP/e"

"$VS" region >"$TMP/table"; check "table exit" "[ $? -eq 0 ]"
check "table total" "grep -q '2,440,027 residents in 1287 areas, 26 municipalities, 7 hospitals' $TMP/table"
check "table Stockholm" "grep -Eq '^0180 +Stockholm +544 +984,748$' $TMP/table"

"$VS" region --json >"$TMP/json"; check "json exit" "[ $? -eq 0 ]"
check "json fields" "python3 -c '
import json,sys
d=json.load(open(\"$TMP/json\"))
assert d[\"population\"]==2440027 and d[\"areas\"]==1287 and d[\"municipalities\"]==26
assert d[\"hospitals\"]==7 and d[\"base_year\"]==2022
assert sum(b[\"population\"] for b in d[\"population_by_age_band\"])==2440027
assert sum(m[\"population\"] for m in d[\"by_municipality\"])==2440027
assert d[\"beds_staffed\"]==2787 and d[\"beds_planned\"]==3287
'"
if [ "${VS_UPDATE_GOLDEN:-0}" = 1 ]; then cp "$TMP/json" "$GOLD"; fi
check "golden json" "diff -u $GOLD $TMP/json"

echo "$fail failed"
[ $fail -eq 0 ]
