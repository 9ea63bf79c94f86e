#!/bin/bash
# Issue 12, defect 7: every option of every command that names an input file
# or directory, given a path that does not exist, exits 2 (bad input) with a
# message naming that path, and prints nothing on stdout.  So does a scenario
# whose region directory does not exist.
# Usage: missing_files.sh VARDSIM SOURCE_DIR
set -u
VS=$1; SRC=$2
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
M=$TMP/no/such
L=$SRC/tests/data/listing
fail=0; n=0

# expect PATH_IN_MESSAGE ARGS...
expect() {
  local want=$1; shift
  n=$((n+1))
  "$VS" "$@" >"$TMP/out" 2>"$TMP/err"
  local rc=$?
  if [ $rc -ne 2 ] || [ -s "$TMP/out" ] || ! grep -qF "$want" "$TMP/err"; then
    echo "FAIL: vardsim $*: rc=$rc, stderr: $(head -c 300 "$TMP/err")"
    fail=$((fail+1))
  fi
}

for cmd in region need beds simulate; do
  expect "$M: region directory does not exist" $cmd --region "$M"
done
expect "$M: region directory does not exist" allocate --budget 1000000000 --region "$M"
expect "$M: region directory does not exist" listing --centres "$L/centres3.csv" --region "$M"
expect "$M: region directory does not exist" site --centre-gp-fte 5 --heuristic --region "$M"
expect "$M/care_need_index.csv: cannot open" need --params "$M"
expect "$M.csv: cannot open" need --reference "$M.csv"
expect "$M.csv: cannot open" need --cni "$M.csv"
expect "$M/" allocate --budget 1000000000 --params "$M"
expect "$M.csv: cannot open" allocate --budget 1000000000 --reference "$M.csv"
expect "$M.csv: cannot open" allocate --budget 1000000000 --cni "$M.csv"
expect "$M.csv: cannot open" beds --demand "$M.csv"
expect "$M/hospital_beds.csv: cannot open" beds --params "$M"
expect "$M.csv: cannot open" listing --centres "$M.csv"
expect "$M.csv: cannot open" listing --centres "$L/centres3.csv" --areas "$M.csv"
expect "$M.csv: cannot open" listing --centres "$L/centres3.csv" --weights "$M.csv"
expect "$M.csv: cannot open" listing --centres "$L/centres3.csv" --params "$M.csv"
expect "$M.csv: cannot open" site --centre-gp-fte 5 --heuristic --areas "$M.csv"
expect "$M.csv: cannot open" site --centre-gp-fte 5 --heuristic --centres "$M.csv"
expect "$M.csv: cannot open" site --centre-gp-fte 5 --heuristic --candidates "$M.csv"
expect "$M.csv: cannot open" site --centre-gp-fte 5 --heuristic --weights "$M.csv"
expect "$M.csv: cannot open" site --centre-gp-fte 5 --heuristic --params "$M.csv"
expect "$M/flow.csv: cannot open" simulate --params "$M"
expect "$M.csv: cannot open" simulate --reference "$M.csv"
expect "$M.yaml: cannot open" run "$M.yaml" --out "$TMP/out_run"
# a directory where a file is expected
expect "$TMP: cannot open: is a directory" beds --demand "$TMP"
expect "$TMP: cannot open: is a directory" run "$TMP" --out "$TMP/out_run"

# a scenario whose region directory does not exist: exit 2 naming it, and
# nothing is created
cat >"$TMP/s.yaml" <<EOF
schema_version: 1
name: s
region: no_such_region
EOF
expect "$TMP/s.yaml: field region: region directory '$TMP/no_such_region' does not exist (a relative region is read from the scenario file's directory)" run "$TMP/s.yaml" --out "$TMP/out_run"
[ -e "$TMP/out_run" ] && { echo "FAIL: run left $TMP/out_run behind"; fail=$((fail+1)); }

echo "$n cases, $fail failed"
[ $fail -eq 0 ]
