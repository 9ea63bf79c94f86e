#!/bin/bash
# Issue 12, defect 8: a region whose areas.geojson is empty or malformed fails
# when the region is loaded (exit 2, message naming the file and, for JSON
# syntax, line and column), before any stage of a run, leaving nothing behind.
# Usage: bad_geojson.sh VARDSIM SOURCE_DIR
set -u
VS=$1; SRC=$2
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
fail=0; n=0

# case NAME CONTENT EXPECTED_SUFFIX
case_() {
  n=$((n+1))
  local d=$TMP/$1; cp -r "$SRC/tests/data/region/mini" "$d"; printf '%b' "$2" >"$d/areas.geojson"
  "$VS" region --region "$d" >"$TMP/out" 2>"$TMP/err"; local rc=$?
  local want="vardsim: $d/areas.geojson$3"
  if [ $rc -ne 2 ] || [ -s "$TMP/out" ] || [ "$(cat "$TMP/err")" != "$want" ]; then
    echo "FAIL $1 (region): rc=$rc"; echo "  got:  $(cat "$TMP/err")"; echo "  want: $want"
    fail=$((fail+1))
  fi
  # the same through run: refused before any stage, no run directory
  printf 'schema_version: 1\nname: g\nregion: %s\n' "$d" >"$TMP/g.yaml"
  "$VS" run "$TMP/g.yaml" --out "$TMP/run_$1" >"$TMP/out" 2>"$TMP/err"; rc=$?
  if [ $rc -ne 2 ] || [ -s "$TMP/out" ] || [ "$(cat "$TMP/err")" != "$want" ] || [ -e "$TMP/run_$1" ]; then
    echo "FAIL $1 (run): rc=$rc"; echo "  got:  $(cat "$TMP/err")"; echo "  want: $want"
    fail=$((fail+1))
  fi
}

case_ empty_collection '{"type":"FeatureCollection","features":[]}' \
  ': field features: no features (a map needs at least one area)'
case_ empty_file '' ":1:0: invalid JSON: '[' or '{' expected near end of file"
case_ syntax '{"type":"FeatureCollection",\n "features":[}' ":2:14: invalid JSON: unexpected token near '}'"
case_ latin1 '{"name":"G\xf6ta"}' ':1:11: invalid UTF-8 byte 0xF6 (not a UTF-8 lead byte; is the file Latin-1 or Windows-1252?); save the file as UTF-8'
case_ no_id '{"features":[{"properties":{},"geometry":{"type":"Polygon","coordinates":[]}}]}' \
  ': field features[0].properties.area_id: missing or not a non-empty string'

# the map must match areas.csv one to one (audit: a feature for an unknown
# area, an area without polygon, a polygon of no area were accepted silently)
sq() { # ID X: a small square polygon feature
  printf '{"type":"Feature","properties":{"area_id":"%s"},"geometry":{"type":"Polygon","coordinates":[[[%s,59.0],[%s.01,59.0],[%s.01,59.01],[%s,59.01],[%s,59.0]]]}}' \
    "$1" "$2" "$2" "$2" "$2" "$2"
}
fc() { printf '{"type":"FeatureCollection","features":[%s]}' "$1"; }
d=$TMP/match; cp -r "$SRC/tests/data/region/mini" "$d"
fc "$(sq A1 18)","$(sq A2 17)","$(sq B1 16)" >"$d/areas.geojson"
"$VS" region --region "$d" >/dev/null 2>"$TMP/err" || { echo "FAIL matching map refused: $(cat "$TMP/err")"; fail=$((fail+1)); }
case_ missing_area "$(fc "$(sq A1 18)","$(sq A2 17)")" \
  ": field features: area 'B1' of areas.csv has no polygon (the map must cover every area)"
case_ unknown_area "$(fc "$(sq A1 18)","$(sq A2 17)","$(sq B1 16)","$(sq ZZZ 15)")" \
  ": field features: feature 3: area_id 'ZZZ' is not an area of areas.csv"
case_ zero_area "$(fc '{"type":"Feature","properties":{"area_id":"A1"},"geometry":{"type":"Polygon","coordinates":[[[18,59],[18,59],[18,59],[18,59]]]}}',"$(sq A2 17)","$(sq B1 16)")" \
  ": field features: the polygon of area 'A1' has no area (0 km2)"

echo "$n cases, $fail failed"
[ $fail -eq 0 ]
