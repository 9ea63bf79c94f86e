#!/usr/bin/env bash
# CLI contract of "vardsim beds": the default Stockholm plan (sums and
# identities between its fields), a demand file, and bad input (exit 2, one
# message naming file, line and field, nothing on stdout).
# $1 = vardsim binary, $2 = source directory.
set -u
V="$1"; S="$2"
fail=0
err() { echo "FAIL: $*" >&2; fail=1; }
# value of "key" in the "total" object (the last occurrence in the file)
total() { grep -E "^    \"$1\": " <<<"$2" | tail -1 | sed -E 's/.*: //; s/,$//'; }

out=$("$V" beds --json) || err "vardsim beds --json failed"
[ "$(total beds_staffed "$out")" = 2787 ] || err "total staffed beds should be 2787 (Nov 2017)"
[ "$(total beds_planned "$out")" = 3287 ] || err "total planned beds should be 3287 (2016)"
need=$(total beds_needed "$out"); short=$(total shortage "$out")
[ $((need - 2787)) -eq "$short" ] || err "shortage $short != needed $need - 2787"
# the hospitals' beds_needed add up to the total
sum=$(grep -E '^      "beds_needed": ' <<<"$out" | sed -E 's/.*: //; s/,$//' | awk '{ s += $1 } END { print s }')
[ "$sum" -eq "$need" ] || err "hospital beds_needed sum $sum != total $need"
# offered load: 131/1000 x population x 15452/(15452+5968) x 4.3 / 365
pop=$("$V" region --json | grep -E '^  "population": ' | sed -E 's/.*: //; s/,$//')
load=$(total offered_load "$out")
awk -v l="$load" -v p="$pop" 'BEGIN { e = 131 / 1000 * p * 15452 / (15452 + 5968) * 4.3 / 365;
    d = l - e; if (d < 0) d = -d; exit !(d < 1e-9 * e) }' || err "offered load $load"
# (a) at least load / 0.9 beds in total
awk -v n="$need" -v l="$load" 'BEGIN { exit !(n >= l / 0.9) }' || err "needed below load/0.9"
grep -q '"peak_load": null' <<<"$out" || err "peak should be null without --peak-amplitude"
out2=$("$V" beds --json --peak-amplitude 0.2 --peak-period 7)
pk=$(total beds_needed_peak "$out2")
[ "$pk" -ge "$need" ] || err "peak need $pk below the mean need $need"
# a stricter target needs at least as many beds
n85=$(total beds_needed "$("$V" beds --json --occupancy-target 0.85)")
[ "$n85" -ge "$need" ] || err "target 0.85 needs fewer beds than 0.90"
"$V" beds | grep -q "pooling (de Bruin" || err "text output lacks the pooling line"

# demand file
out=$("$V" beds --json --demand "$S/tests/data/beds/demand_ok.csv") || err "demand_ok.csv failed"
[ "$(total wards "$out")" = 4 ] || err "demand_ok.csv should give 4 wards"

bad() {
    local msg="$1"; shift
    local o e rc
    o=$("$V" beds "$@" 2>/tmp/vs_beds_err.$$); rc=$?
    e=$(cat /tmp/vs_beds_err.$$); rm -f /tmp/vs_beds_err.$$
    [ $rc -eq 2 ] || err "beds $* exited $rc, expected 2"
    [ -z "$o" ] || err "beds $* wrote to stdout"
    grep -qF "$msg" <<<"$e" || err "beds $*: message '$e' lacks '$msg'"
}
D="$S/tests/data/beds"
bad "demand_unknown_hospital.csv:3: field hospital_id: unknown hospital 'XYZ'" --demand "$D/demand_unknown_hospital.csv"
bad "demand_negative.csv:2: field admissions_per_year" --demand "$D/demand_negative.csv"
bad "demand_duplicate.csv:3: field specialty: duplicate ward" --demand "$D/demand_duplicate.csv"
bad "demand_zero_los.csv:2: field mean_los_days" --demand "$D/demand_zero_los.csv"
bad "mean_los_days" --demand "$D/demand_missing_column.csv"
bad "occupancy target must lie in (0, 1]" --occupancy-target 1.5
bad "overflow target" --overflow-target 0
bad "closure share" --closure-share 1
bad "peak amplitude" --peak-amplitude 2
bad "not a number" --asih-share x
exit $fail
