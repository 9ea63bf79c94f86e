#!/bin/bash
# tools/build_region.py --county builds a region directory for any county from
# the repository's files alone: Stockholm (01) reproduces the shipped areas.csv
# from the shipped polygons; Uppsala (03) with DeSO polygons given (here a
# SYNTHETIC grid of squares, a test fixture only: the repository has no
# national DeSO geometry) loads, and `vardsim run` works on it.
. "$2/tests/cli/lib/common.sh"
B="python3 $SRC/tools/build_region.py"

$B --county 01 --out "$T/sthlm" >/dev/null || fail "county 01"
cmp -s "$T/sthlm/areas.csv" "$SRC/data/stockholm/areas.csv" \
  || fail "county 01: areas.csv differs from the shipped data/stockholm/areas.csv"

# no polygons for 03 in the repository: refused, naming the option
out=$($B --county 03 --out "$T/none" 2>&1) && fail "county 03 without boundaries succeeded"
echo "$out" | grep -q -- "--boundaries" || fail "no hint at --boundaries: $out"
[ ! -e "$T/none" ] || fail "a refused build left $T/none"

python3 - "$SRC/data/national/deso_2022.csv" "$T/grid.geojson" <<'PY'
import csv, json, sys
rows = sorted(r["area_id"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))
              if r["area_id"][:2] == "03")
feats = []
for i, d in enumerate(rows):  # synthetic squares 0.03 x 0.02 degrees around Uppsala
    y, x = 59.70 + 0.02 * (i // 16), 17.40 + 0.03 * (i % 16)
    ring = [[x, y], [x + 0.03, y], [x + 0.03, y + 0.02], [x, y + 0.02], [x, y]]
    feats.append({"type": "Feature", "properties": {"deso": d},
                  "geometry": {"type": "Polygon", "coordinates": [ring]}})
json.dump({"type": "FeatureCollection", "features": feats}, open(sys.argv[2], "w"))
PY
$B --county 03 --boundaries "$T/grid.geojson" --out "$T/upp" >/dev/null || fail "county 03"
want=$(awk -F, 'NR > 1 && substr($1, 1, 2) == "03" { s += $6 } END { print s }' \
       "$SRC/data/national/deso_2022.csv")
"$VS" region --region "$T/upp" --json >"$T/r.json" || fail "region load"
grep -q "\"population\": $want," "$T/r.json" || fail "population is not $want"
grep -q '"name": "Region Uppsala"' "$T/r.json" || fail "region name"
$B --county 03 --boundaries "$T/grid.geojson" --out "$T/upp" 2>/dev/null \
  && fail "a non-empty output directory was overwritten"

cat >"$T/upp.yaml" <<'Y'
schema_version: 1
name: uppsala
region: upp
simulation:
  replications: 2
  seed: 3
  threads: 1
  days: 20
Y
"$VS" run "$T/upp.yaml" --out "$T/run" >"$T/out" 2>"$T/err" || fail "run: $(cat "$T/err")"
grep -q "residents" "$T/out" || fail "run output: $(cat "$T/out")"
[ -s "$T/run/report.html" ] || fail "no report"
echo ok
