#!/bin/bash
# Issue 12, defect 6: values outside the documented domain (data/README.md,
# "Valid values") of the listing and parameter files are refused with exit 2
# and "FILE[:LINE]: field NAME: ..." before anything runs; nothing on stdout.
# (The region files are covered by region_bad_input.sh.)
# Usage: bad_domains.sh VARDSIM SOURCE_DIR
set -u
VS=$1; SRC=$2
L=$SRC/tests/data/listing
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
fail=0; n=0

# expect MESSAGE ARGS...: exit 2, stderr is exactly "vardsim: MESSAGE"
expect() {
  local want="vardsim: $1"; shift
  n=$((n+1))
  "$VS" "$@" >"$TMP/out" 2>"$TMP/err"
  local rc=$?
  if [ $rc -ne 2 ] || [ -s "$TMP/out" ] || [ "$(cat "$TMP/err")" != "$want" ]; then
    echo "FAIL: vardsim $*: rc=$rc"
    echo "  got:  $(head -c 400 "$TMP/err")"
    echo "  want: $want"
    fail=$((fail+1))
  fi
}

# listing areas: all-zero population, absurd population, hex numbers
printf 'area_id,population,lat,lon\nA1,0,59.33,18.06\nA2,0,59.35,18.10\n' >"$TMP/zero.csv"
expect "$TMP/zero.csv: field population: every area has population 0" \
  listing --areas "$TMP/zero.csv" --centres "$L/centres3.csv"
printf 'area_id,population,lat,lon\nA1,1000000000,59.33,18.06\n' >"$TMP/huge.csv"
expect "$TMP/huge.csv:2: field population: value 1000000000 is out of range [0, 2000000]" \
  listing --areas "$TMP/huge.csv" --centres "$L/centres3.csv"
printf 'area_id,population,lat,lon\nA1,100,0x3B,18.06\n' >"$TMP/hex.csv"
expect "$TMP/hex.csv:2: field lat: '0x3B' is not a number" \
  listing --areas "$TMP/hex.csv" --centres "$L/centres3.csv"
# centres: absurd staffing
printf 'centre_id,lat,lon,gp_fte\nC1,59.33,18.06,1e6\n' >"$TMP/fte.csv"
expect "$TMP/fte.csv:2: field gp_fte: value 1e6 is out of range [-1e+06, 1000]" \
  listing --areas "$L/areas4.csv" --centres "$TMP/fte.csv"
printf 'centre_id,lat,lon,gp_fte\n' >"$TMP/none.csv"
expect "$TMP/none.csv:1: no care centres (the file has a header only)" \
  listing --areas "$L/areas4.csv" --centres "$TMP/none.csv"

# beds demand: an absurd ward is refused at load, naming file, line and field
printf 'hospital_id,specialty,admissions_per_year,mean_los_days\nKS,med,1e9,3650\n' >"$TMP/dem.csv"
expect "$TMP/dem.csv:2: field admissions_per_year: value 1e9 is out of range [0, 2e+06]" \
  beds --demand "$TMP/dem.csv"

# flow.csv: shares of a partition must add up to 1; median < p90
P=$TMP/params; mkdir "$P"; cp "$SRC"/data/parameters/*.csv "$P/"
sed -i 's/^ward_bed_share_surgery,0.25,/ward_bed_share_surgery,0.75,/' "$P/flow.csv"
expect "$P/flow.csv: field ward_bed_share_medicine: the 4 shares ward_bed_share_medicine ... ward_bed_share_other add up to 1.5, expected 1 (within 0.01)" \
  simulate --params "$P" --reference none --network fallback --days 10
cp "$SRC/data/parameters/flow.csv" "$P/flow.csv"
sed -i 's/^ed_length_of_stay_p90,613.96,/ed_length_of_stay_p90,200,/' "$P/flow.csv"
expect "$P/flow.csv: field ed_length_of_stay_p90: the 90th percentile 200 min is not above the median 288 min" \
  simulate --params "$P" --reference none --network fallback --days 10

echo "$n cases, $fail failed"
[ $fail -eq 0 ]
