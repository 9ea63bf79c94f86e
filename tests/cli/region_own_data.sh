#!/bin/bash
# A planner's own files: spreadsheet CSV (UTF-8 BOM, CRLF, ';' with decimal
# comma, "122.0" counts) read exactly as the plain files; a region's own care
# centres (centres.csv), its delivered CNI (areas.csv column cni), its own
# parameters (REGION/parameters/*.csv) and its base year.
. "$2/tests/cli/lib/common.sh"

# excel SRC DST: the Swedish Excel export of a CSV file (BOM, CRLF, ';',
# decimal comma, integers of count columns written as "122.0")
excel() {
  python3 - "$1" "$2" <<'PY'
import csv, re, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
num = re.compile(r"^-?\d+\.\d+$")
cnt = re.compile(r"^\d+$")
with open(sys.argv[2], "w", encoding="utf-8-sig", newline="") as f:
    w = csv.writer(f, delimiter=";", lineterminator="\r\n")
    w.writerow(rows[0])
    for r in rows[1:]:
        w.writerow([v.replace(".", ",") if num.match(v) else
                    v + ",0" if cnt.match(v) and len(v) < 7 and not v.startswith("0") else v
                    for v in r])
PY
}

# 1. areas.csv, hospitals.csv and a parameter file in the Swedish Excel format
mkdir "$T/xl" "$T/xlp"
cp "$SRC"/data/stockholm/{region.json,municipalities.csv,areas.geojson} "$T/xl/"
excel "$SRC/data/stockholm/areas.csv" "$T/xl/areas.csv"
excel "$SRC/data/stockholm/hospitals.csv" "$T/xl/hospitals.csv"
cp "$SRC"/data/parameters/*.csv "$T/xlp/"
excel "$SRC/data/parameters/care_need_index.csv" "$T/xlp/care_need_index.csv"
head -c 3 "$T/xl/areas.csv" | od -An -tx1 | grep -q "ef bb bf" || fail "no BOM written"
grep -q $'\r' "$T/xl/areas.csv" || fail "no CRLF written"
grep -q ';1,0;\|;59,' "$T/xl/areas.csv" || fail "no decimal comma written"
"$VS" region --json >"$T/plain.json" || fail "plain region"
"$VS" region --region "$T/xl" --json >"$T/xl.json" 2>"$T/err" || fail "Excel region: $(cat "$T/err")"
diff <(grep -v '"dir"\|"name"' "$T/plain.json") <(grep -v '"dir"\|"name"' "$T/xl.json") >/dev/null \
  || fail "the Excel files give another region"
grep -q "areas.csv: read as the Swedish spreadsheet format" "$T/err" || fail "no note: $(cat "$T/err")"
"$VS" need --json >"$T/need_plain.json" 2>/dev/null || fail "need"
"$VS" need --region "$T/xl" --params "$T/xlp" --json >"$T/need_xl.json" 2>"$T/err" \
  || fail "need on Excel files: $(cat "$T/err")"
cmp -s "$T/need_plain.json" "$T/need_xl.json" || fail "need differs on the Excel files"
grep -q "care_need_index.csv: read as the Swedish" "$T/err" || fail "no note for the parameter file"
# a mixed file: the header in ';', a record in ','
python3 -c "
import sys; p = sys.argv[1]; t = open(p, encoding='utf-8-sig', newline='').read().split('\r\n')
t[5] = t[5].replace(';', ',', 3); open(p, 'w', encoding='utf-8', newline='').write('\r\n'.join(t))
" "$T/xl/hospitals.csv" || fail "cannot edit hospitals.csv"
"$VS" region --region "$T/xl" >/dev/null 2>"$T/err"; rc=$?
[ $rc -eq 2 ] || fail "mixed file: exit $rc"
grep -q "hospitals.csv:6: field .*record has" "$T/err" || fail "mixed file: $(cat "$T/err")"

# 2. the region's own care centres drive the simulation and the listing
R=$T/own; cp -r "$SRC/tests/data/flow/region" "$R"
printf '\xef\xbb\xbfcentre_id;name;lat;lon;gp_fte;listed;operator\r\nVC1;"Centrum; norra";59,3200;18,0100;6,5;12000;region-run\r\nVC2;Syd VC;59,0300;18,0500;4,0;9000;private\r\nVC3;Öst VC;59,3400;18,0300;3,5;6592;region-run\r\n' >"$R/centres.csv"
"$VS" simulate --region "$R" --json --replications 1 --days 5 >"$T/sim.json" 2>/dev/null \
  || fail "simulate on own centres"
grep -q '"network": "centres"' "$T/sim.json" || fail "network is not the region's centres"
grep -q '"care_centres": 3,' "$T/sim.json" || fail "care_centres not from centres.csv"
grep -q '"gp_fte": 14.0,' "$T/sim.json" || fail "gp_fte not from centres.csv (6.5 + 4 + 3.5)"
"$VS" listing --region "$R" --json >"$T/l.json" 2>/dev/null || fail "listing on own centres"
grep -q '"VC2"' "$T/l.json" || fail "listing does not use centres.csv"
printf 'centre_id,lat,lon,gp_fte,operator\nX,59.3,18.0,2,public\n' >"$R/centres.csv"
"$VS" simulate --region "$R" --json --replications 1 --days 5 >/dev/null 2>"$T/err"
grep -q "centres.csv:2: field operator: 'public' is not an operator (expected region-run or private)" \
  "$T/err" || fail "bad operator: $(cat "$T/err")"
rm "$R/centres.csv"

# 3. the region's own parameters override the shipped rows of the same parameter
mkdir "$R/parameters"
printf 'parameter;value;unit;year;geography;source;note\r\nresidents_per_gp_today;1 500,0;persons;2024;Test;test;test\r\n' \
  >"$R/parameters/flow.csv"
"$VS" simulate --region "$R" --json --replications 1 --days 5 >"$T/sim.json" 2>"$T/err" \
  || fail "simulate with overrides: $(cat "$T/err")"
grep -q '"residents_per_gp": 1500.0' "$T/sim.json" || fail "override not used"
grep -q "flow.csv: read with the region's own rows of .*parameters/flow.csv (1 shipped" "$T/err" \
  || fail "no note on the override: $(cat "$T/err")"
printf 'parameter,value\nresidents_per_gp_today,many\n' >"$R/parameters/flow.csv"
"$VS" simulate --region "$R" --json >/dev/null 2>"$T/err"; rc=$?
[ $rc -eq 2 ] && grep -q "parameters/flow.csv:2: field value: 'many' is not a number" "$T/err" \
  || fail "a bad override is not reported at its own file and line: $(cat "$T/err")"
rm -r "$R/parameters"

# 4. a delivered CNI (areas.csv column cni) is used over the computed index
M=$T/mini; cp -r "$SRC/tests/data/region/mini" "$M"
python3 - "$M/areas.csv" <<'PY'
import sys
t = open(sys.argv[1]).read().rstrip("\n").split("\n")
t = [t[0] + ",cni", t[1] + ",1.75"] + [l + "," for l in t[2:]]
open(sys.argv[1], "w").write("\n".join(t) + "\n")
PY
"$VS" need --region "$M" --json >"$T/n.json" 2>/dev/null || fail "need with cni column"
grep -q '"areas_with_delivered_cni": 1' "$T/n.json" || fail "delivered CNI not counted"
grep -q '"cni": 1.75,' "$T/n.json" || fail "delivered CNI not used"

# 5. a scenario's base year never silently replaces the region's
cat >"$T/by.yaml" <<Y
schema_version: 1
name: by
region: $M
base_year: 2024
Y
"$VS" run "$T/by.yaml" --out "$T/by" >/dev/null 2>"$T/err"; rc=$?
[ $rc -eq 2 ] || fail "base year: exit $rc"
grep -q "by.yaml: field base_year: 2024 differs from the base year of region 'Mini test region' (2022" \
  "$T/err" || fail "base year message: $(cat "$T/err")"
[ ! -e "$T/by" ] || fail "a refused run left its directory"
echo ok
