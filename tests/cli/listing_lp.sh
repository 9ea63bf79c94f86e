#!/bin/bash
# CLI tests of --lp-solver and --time-limit 0 on "vardsim listing" and "vardsim site":
# both LP solvers give the same numbers (relative 1e-9 on the fixture), JSON names the
# solver, a time limit of 0 returns the heuristic start with status time_limit, bad
# values exit 2 with a message and nothing on stdout.  $1 = vardsim binary, $2 = source dir.
set -u
V="$1"
D="$2/tests/data/listing"
fail=0
check() { # description, condition result
    if [ "$2" != 0 ]; then echo "FAIL: $1"; fail=1; fi
}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# 1. same listing with GLPK and CLP; JSON lp_solver
for s in glpk clp auto; do
    "$V" listing --areas "$D/areas4.csv" --centres "$D/centres3.csv" --lp-solver "$s" \
        --json > "$T/$s.json"
    check "listing --lp-solver $s exits 0" $?
done
python3 - "$T" <<'PY'
import json, sys
d = sys.argv[1]
j = {s: json.load(open(f"{d}/{s}.json")) for s in ("glpk", "clp", "auto")}
for s in j:
    assert j[s]["lp_solver"] == s, (s, j[s]["lp_solver"])
for k in ("listed", "unlisted", "total_person_km"):
    a, b = j["glpk"][k], j["clp"][k]
    assert abs(a - b) <= 1e-9 * max(1, abs(a)), (k, a, b)
a = j["glpk"]["extra_gp_fte_to_list_everyone"]["gp_fte"]
b = j["clp"]["extra_gp_fte_to_list_everyone"]["gp_fte"]
assert abs(a - b) <= 1e-9 * max(1, a), (a, b)
assert abs(j["clp"]["unlisted"] - 850) < 1e-6
PY
check "GLPK and CLP agree" $?

# 2. --time-limit 0: the heuristic start, status time_limit
"$V" listing --areas "$D/areas4.csv" --centres "$D/centres3.csv" --time-limit 0 --json |
    python3 -c '
import json, sys
r = json.load(sys.stdin)["responsibility"]
assert r["method"] == "time_limit", r["method"]
assert r["person_km"] == r["heuristic_person_km"], r
'
check "listing --time-limit 0 gives the heuristic start" $?
"$V" site --areas "$D/areas4.csv" --centre-gp-fte 2 --max-new 3 --cap 1000 --time-limit 0 \
    --json | python3 -c '
import json, sys
s = json.load(sys.stdin)["siting"]
assert s["method"] == "time_limit", s["method"]
assert s["objective"] == s["heuristic_objective"], s
'
check "site --time-limit 0 gives the greedy start" $?

# 3. bad values
out=$("$V" listing --areas "$D/areas4.csv" --centres "$D/centres3.csv" --lp-solver cplex \
    2> "$T/err")
rc=$?
[ "$rc" = 2 ] && [ -z "$out" ] && grep -q "option --lp-solver: 'cplex' is not auto, glpk or clp" "$T/err"
check "listing --lp-solver cplex exits 2 with a message" $?
out=$("$V" site --areas "$D/areas4.csv" --centre-gp-fte 2 --lp-solver x 2> "$T/err")
rc=$?
[ "$rc" = 2 ] && [ -z "$out" ] && grep -q "option --lp-solver" "$T/err"
check "site --lp-solver x exits 2" $?
out=$("$V" listing --areas "$D/areas4.csv" --centres "$D/centres3.csv" --time-limit -1 \
    2> "$T/err")
[ $? = 2 ] && [ -z "$out" ]
check "listing --time-limit -1 exits 2" $?
exit $fail
