#!/bin/bash
# CLI test of "vardsim sim mmc": JSON contract, exact values, bad usage.
# $1 = vardsim binary, $2 = source directory.
set -u
V="$1"
fail() { echo "FAIL: $*" >&2; exit 1; }
py() { python3 -c "$1"; }

out=$("$V" sim mmc --servers 2 --arrival-rate 1.5 --service-rate 1 --patients 50000 --seed 7 \
      --replications 4 --threads 2 --json) || fail "mmc run"
echo "$out" | py '
import json, sys
d = json.load(sys.stdin)
for k in ["patients", "p_block", "mean_wait", "p_wait", "mean_occupancy", "wall_seconds",
          "patients_per_second", "seed", "mean_wait_ci95", "mean_wait_exact", "events"]:
    assert k in d, k
assert d["patients"] == 50000 and d["seed"] == 7 and d["replications"] == 4
# Erlang C for c = 2, a = 1.5: C = 0.642857..., E[W] = C / (2 - 1.5)
assert abs(d["p_wait_exact"] - 0.6428571428571429) < 1e-9, d["p_wait_exact"]
assert abs(d["mean_wait_exact"] - 1.2857142857142858) < 1e-9
assert abs(d["mean_wait"] - d["mean_wait_exact"]) < 0.1 * d["mean_wait_exact"]
assert d["p_block"] == 0 and d["little_max_rel_gap"] < 1e-3
assert "mean_wait_urgent" not in d
' || fail "mmc json"

# same seed, 1 and 2 threads: identical estimates
a=$("$V" sim mmc --servers 2 --arrival-rate 1.5 --service-rate 1 --patients 20000 --seed 9 \
    --replications 3 --threads 1 --json | grep -v -e wall_seconds -e per_second -e '"threads"')
b=$("$V" sim mmc --servers 2 --arrival-rate 1.5 --service-rate 1 --patients 20000 --seed 9 \
    --replications 3 --threads 2 --json | grep -v -e wall_seconds -e per_second -e '"threads"')
[ "$a" = "$b" ] || fail "1 vs 2 threads differ"

# loss system and priority fields
"$V" sim mmc --servers 5 --arrival-rate 4 --service-rate 1 --capacity 5 --patients 20000 \
    --seed 1 --json | py '
import json, sys
d = json.load(sys.stdin)
assert abs(d["p_block_exact"] - 0.19906687402) < 1e-9, d["p_block_exact"]
assert d["p_wait"] == 0 and d["mean_wait_ci95"] is None
' || fail "loss json"
"$V" sim mmc --servers 1 --arrival-rate 0.5 --service-rate 1 --priority-share 0.5 \
    --patients 20000 --seed 1 --json | py '
import json, sys
d = json.load(sys.stdin)
assert "mean_wait_urgent" in d and "mean_wait_routine" in d
assert d["mean_wait_urgent"] < d["mean_wait_routine"]
assert abs(d["mean_wait_urgent_exact"] - 0.5 / 0.75) < 1e-12
' || fail "priority json"
"$V" sim mmc --servers 1 --arrival-rate 0.5 --service-rate 1 --patients 1000 --seed 1 \
    | grep -q "mean_wait" || fail "table output"

# bad usage: exit 2, message, no output on stdout
check_bad() {
    local want="$1"; shift
    out=$("$V" "$@" 2>/tmp/vs_sim_err.$$); rc=$?
    [ $rc -eq 2 ] || fail "exit $rc for: $*"
    [ -z "$out" ] || fail "stdout not empty for: $*"
    grep -q -- "$want" /tmp/vs_sim_err.$$ || { cat /tmp/vs_sim_err.$$ >&2; fail "message for: $*"; }
}
check_bad "--seed is required" sim mmc --servers 1 --arrival-rate 0.5 --service-rate 1 --patients 10
check_bad "unstable queue" sim mmc --servers 1 --arrival-rate 2 --service-rate 1 --patients 10 --seed 1
check_bad "out of range" sim mmc --servers 0 --arrival-rate 2 --service-rate 1 --patients 10 --seed 1
check_bad "not a number" sim mmc --servers 1 --arrival-rate x --service-rate 1 --patients 10 --seed 1
check_bad "out of range" sim mmc --servers 3 --capacity 2 --arrival-rate 1 --service-rate 1 --patients 10 --seed 1
check_bad "needs --priority-share" sim mmc --servers 1 --arrival-rate 0.5 --service-rate 1 --patients 10 --seed 1 --preemptive
check_bad "unknown model" sim mm1
check_bad "heap4 or pairing" sim mmc --servers 1 --arrival-rate 0.5 --service-rate 1 --patients 10 --seed 1 --event-list foo
rm -f /tmp/vs_sim_err.$$
echo "cli sim: ok"
