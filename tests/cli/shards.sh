#!/bin/bash
# CLI test of batch shards (docs/shards.md): simulate and forecast run as N
# tasks (--task K --tasks N --out DIR) and merged (vardsim merge) give exactly
# the output of one whole run (only wall_seconds, network_seconds and threads
# may differ), for N = 1, 2, 3 and N > units, any --threads, tasks given in any
# order, merged from another directory; the shard file's manifest; --force
# and 'env'; bad input (missing, duplicate, mismatched or damaged shards,
# K >= N, --task without --out or --tasks, an existing --out): exit 2, one
# line on stderr, nothing on stdout, nothing written.
# $1 = vardsim binary, $2 = source directory.
. "$2/tests/cli/lib/common.sh"

R="$SRC/tests/data/flow/region"
SIM=(simulate --region "$R" --reference none --network fallback --days 20 --warmup 7 --seed 9
     --replications 5)
SC="$SRC/tests/data/forecast/ranges.yaml"
FC=(forecast "$SC" --to 2030 --runs 20 --seed 7)
cd "$T" || fail "cd $T"

# the simulate JSON without the fields that may differ between runs
strip() { grep -v -E '^  "(wall_seconds|network_seconds|threads)": ' "$1"; }

# tasks NAME N CMD...: run tasks 0..N-1 of CMD into NAME_0..NAME_{N-1}
tasks() {
    local name=$1 n=$2 k
    shift 2
    for ((k = 0; k < n; k++)); do
        "$VS" "$@" --task "$k" --tasks "$n" --out "${name}_$k" >"$name.$k.out" 2>"$T/err" ||
            fail "task $k of $n of $*: $(cat "$T/err")"
        [ -s "$T/err" ] && fail "task $k of $n printed on stderr: $(cat "$T/err")"
    done
}

# --- simulate: whole run against merged shards --------------------------------
"$VS" "${SIM[@]}" --json --out whole >whole.json 2>err || fail "whole simulate: $(cat err)"
cmp -s whole.json whole/simulate.json || fail "--out DIR/simulate.json differs from --json"
"$VS" "${SIM[@]}" >whole.txt || fail "whole simulate (text)"
grep -q '"conservation"' whole.json || fail "whole JSON lacks conservation"

tasks s1 1 "${SIM[@]}"
tasks s2 2 "${SIM[@]}" --threads 2
tasks s3 3 "${SIM[@]}"
tasks s7 7 "${SIM[@]}" --threads 3     # 7 tasks for 5 units: tasks 5 and 6 own none
grep -q "task 1 of 3 (0..2) saved in s3_1: flow units 2..3 of 5" s3.1.out ||
    fail "task summary: $(cat s3.1.out)"
grep -q "flow none of 5 units" s7.6.out || fail "summary of an empty task: $(cat s7.6.out)"

merge_same() { # merge_same NAME DIR...: merge into NAME, compare with the whole run
    local name=$1
    shift
    "$VS" merge "$@" --out "$name" --json >"$name.json" 2>err || fail "merge $*: $(cat err)"
    [ -s err ] && fail "merge $* printed on stderr: $(cat err)"
    cmp -s "$name.json" "$name/simulate.json" || fail "merge $*: stdout and file differ"
    diff <(strip whole.json) <(strip "$name.json") >/dev/null ||
        fail "merge $* differs from the whole run: $(diff <(strip whole.json) <(strip "$name.json") | head -5)"
}
merge_same m1 s1_0
merge_same m2 s2_1 s2_0
merge_same m3 s3_2 s3_0 s3_1
merge_same m7 s7_0 s7_1 s7_2 s7_3 s7_4 s7_5 s7_6
# the text output too (but the line with the wall time)
"$VS" merge s3_0 s3_1 s3_2 --out m3t >m3t.txt || fail "merge (text)"
diff <(grep -v ' s wall' whole.txt) <(grep -v ' s wall' m3t.txt) >/dev/null ||
    fail "merged text output differs: $(diff whole.txt m3t.txt | head -5)"

# the manifest: the arguments without the options that change no number, the
# block of units, one record per unit
q() { sqlite3 "$1/shard.sqlite" "$2"; }
[ "$(q s2_1 'SELECT command, task, tasks, version FROM shard')" = "simulate|1|2|$("$VS" --version | cut -d' ' -f2)" ] ||
    fail "manifest: $(q s2_1 'SELECT * FROM shard')"
q s2_1 'SELECT args FROM shard' | grep -q -E -- '--(task|tasks|out|threads)"' &&
    fail "recorded arguments keep --task/--tasks/--out/--threads: $(q s2_1 'SELECT args FROM shard')"
[ "$(q s2_1 'SELECT seq, name, n, lo, hi FROM phases')" = "0|flow|5|3|5" ] ||
    fail "phases of task 1 of 2: $(q s2_1 'SELECT * FROM phases')"
[ "$(q s2_1 'SELECT group_concat(unit) FROM records')" = "3,4" ] || fail "records of task 1 of 2"
[ "$(q s7_6 'SELECT count(*) FROM records')" = "0" ] || fail "an empty task holds records"
[ "$(q s2_1 'SELECT cwd FROM shard')" = "$(pwd -P)" ] || [ "$(q s2_1 'SELECT cwd FROM shard')" = "$(pwd)" ] ||
    fail "recorded working directory"

# relative paths resolve in the tasks' directory when merge runs elsewhere
mkdir -p a b && cp -r "$R" a/region
(cd a && for k in 0 1; do
    "$VS" "${SIM[@]/#$R/region}" --task $k --tasks 2 --out "../rel_$k" >/dev/null || exit 1
done) || fail "tasks with a relative --region"
q rel_0 'SELECT args FROM shard' | grep -q '"--region","region"' || fail "relative --region recorded as given"
(cd b && "$VS" merge ../rel_1 ../rel_0 --out m --json >m.json) || fail "merge from another directory"
diff <(strip whole.json) <(strip b/m.json) >/dev/null || fail "relative merge differs"
[ -f b/m/simulate.json ] || fail "merge --out is relative to the merge's own directory"
"$VS" merge rel_0 rel_1 --out relm >/dev/null || fail "merge from the parent of the tasks' directory"
diff <(strip whole.json) <(strip relm/simulate.json) >/dev/null || fail "relative merge (2) differs"

# --- forecast: 20 Monte Carlo runs whole against 3 shards; byte for byte ------
"$VS" "${FC[@]}" --json --out fwhole >fwhole.json || fail "whole forecast"
tasks f3 3 "${FC[@]}" --threads 2
"$VS" merge f3_1 f3_2 f3_0 --out fm --json >fm.json || fail "merge forecast"
cmp -s fwhole.json fm.json || fail "merged forecast JSON differs: $(diff fwhole.json fm.json | head -5)"
cmp -s fwhole/forecast.json fm/forecast.json || fail "merged forecast.json differs"
"$VS" "${FC[@]}" >fwhole.txt && "$VS" merge f3_0 f3_1 f3_2 --out fmt >fmt.txt &&
    cmp -s fwhole.txt fmt.txt || fail "merged forecast text differs"
# --runs 1 has no work units: every task runs the central projection, merge too
tasks f1r 2 forecast "$SC" --to 2024 --runs 1
grep -q "no work units" f1r.0.out || fail "summary without units: $(cat f1r.0.out)"
"$VS" forecast "$SC" --to 2024 --runs 1 --json >f1w.json &&
    "$VS" merge f1r_0 f1r_1 --out f1m --json >f1m.json && cmp -s f1w.json f1m.json ||
    fail "forecast --runs 1 merged differs"

# --- the task's JSON summary, --force, env ----------------------------------------
"$VS" "${SIM[@]}" --task 1 --tasks 3 --out sj --json >sj.json || fail "task --json"
python3 - sj.json <<'PY' || fail "task JSON summary"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["command"] == "simulate" and d["task"] == 1 and d["tasks"] == 3 and d["out"] == "sj", d
p = d["phases"]
assert len(p) == 1 and p[0]["name"] == "flow" and p[0]["units"] == 5, p
assert (p[0]["lo"], p[0]["hi"]) == (2, 4) and p[0]["record_bytes"] > 0, p
PY
"$VS" "${SIM[@]}" --task 1 --tasks 3 --out sj --force --json >sj2.json || fail "--force over a shard"
[ "$(ls -A sj)" = "shard.sqlite" ] || fail "--force left: $(ls -A sj)"
SLURM_ARRAY_TASK_ID=6 SLURM_ARRAY_TASK_MIN=4 SLURM_ARRAY_TASK_COUNT=3 \
    "$VS" "${SIM[@]}" --task env --tasks env --out se >/dev/null || fail "--task env (Slurm)"
[ "$(q se 'SELECT task, tasks FROM shard')" = "2|3" ] || fail "Slurm task id minus min"
JOB_COMPLETION_INDEX=0 "$VS" "${SIM[@]}" --task env --tasks 3 --out ke >/dev/null ||
    fail "--task env (Kubernetes)"
[ "$(q ke 'SELECT task FROM shard')" = "0" ] || fail "JOB_COMPLETION_INDEX"
"$VS" merge ke s3_1 se --out mixed --json >mixed.json || fail "merge of tasks from env"
diff <(strip whole.json) <(strip mixed.json) >/dev/null || fail "env tasks merged differ"

# --- examples/slurm_array.sh under a stand-in sbatch that runs each job at once
# (an array's tasks one after the other, with the variables Slurm sets) -------
mkdir -p bin
cat >bin/sbatch <<'EOF'
#!/bin/bash
array=
while [ $# -gt 0 ]; do
    case $1 in --array=*) array=${1#--array=} ;; --*) ;; *) break ;; esac
    shift
done
script=$1
shift
if [ -n "$array" ]; then
    lo=${array%-*} hi=${array#*-}
    for ((i = lo; i <= hi; i++)); do
        SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_MIN=$lo SLURM_ARRAY_TASK_COUNT=$((hi - lo + 1)) \
            SLURM_CPUS_PER_TASK=2 bash "$script" "$@" >/dev/null || exit 1
    done
else
    bash "$script" "$@" || exit 1
fi
echo 4242
EOF
chmod +x bin/sbatch
PATH="$T/bin:$PATH" VARDSIM="$VS" bash "$SRC/examples/slurm_array.sh" 3 slurm "${SIM[@]}" \
    >slurm.txt 2>err || fail "examples/slurm_array.sh: $(cat err)"
grep -q "array job 4242 (3 tasks)" slurm.txt || fail "slurm_array.sh said: $(cat slurm.txt)"
[ -d slurm.shards/task_2 ] || fail "slurm_array.sh: no shard of task 2"
diff <(strip whole.json) <(strip slurm.json) >/dev/null || fail "slurm_array.sh: merged JSON differs"
diff <(strip whole.json) <(strip slurm/simulate.json) >/dev/null || fail "slurm_array.sh: OUT differs"

# --- bad input: exit 2, one line naming the problem, no stdout, nothing written -
cp -r s3_2 dmg_head && printf 'garbage!' | dd of=dmg_head/shard.sqlite bs=1 conv=notrunc 2>/dev/null
cp -r s3_2 dmg_rec && python3 - dmg_rec/shard.sqlite <<'PY'
import sqlite3, sys
# change one byte of one record, leave the file a valid database
db = sqlite3.connect(sys.argv[1])
(b,) = db.execute("SELECT data FROM records WHERE unit = 4").fetchone()
b = bytearray(b); b[17] ^= 1
db.execute("UPDATE records SET data = ? WHERE unit = 4", (bytes(b),)); db.commit()
PY
cp -r s3_2 dmg_trunc && truncate -s 3000 dmg_trunc/shard.sqlite
cp -r s3_2 dmg_gone && sqlite3 dmg_gone/shard.sqlite 'DELETE FROM records WHERE unit = 4'
tasks d3 3 "${SIM[@]/#9/10}" # the same command with --seed 10
expect_bad() { # expect_bad MESSAGE_REGEX ARGS...
    local re=$1
    shift
    rm -rf bad
    "$VS" "$@" >out 2>err
    local rc=$?
    [ $rc -eq 2 ] || fail "$*: exit $rc, expected 2 ($(cat err))"
    [ -s out ] && fail "$*: printed on stdout: $(cat out)"
    [ "$(wc -l <err)" -eq 1 ] || fail "$*: expected one line on stderr: $(cat err)"
    grep -q -E -- "$re" err || fail "$*: message '$(cat err)' does not match '$re'"
    [ -e bad ] && fail "$*: wrote bad"
    ls -d ./*.tmp-* >/dev/null 2>&1 && fail "$*: left a temporary directory"
    return 0
}
expect_bad "task 2 of 3 \(0..2\) is missing" merge s3_0 s3_1 --out bad
expect_bad "task 1 appears twice: s3_1 and s2_0|s2_0: one of 2 tasks" merge s3_0 s3_1 s2_0 --out bad
expect_bad "task 1 appears twice: s3_1 and sj" merge s3_0 s3_1 sj s3_2 --out bad
expect_bad "d3_2: different arguments: argument [0-9]+ is '10', in s3_0 '9'" merge s3_0 s3_1 d3_2 --out bad
expect_bad "f3_2: a shard of 'forecast', but s3_0 is one of 'simulate'" merge s3_0 s3_1 f3_2 --out bad
expect_bad "dmg_head: corrupt shard file shard.sqlite \(file is not a database\)" merge s3_0 s3_1 dmg_head --out bad
expect_bad "dmg_rec: corrupt shard file shard.sqlite \(the records do not match their checksum\)" merge s3_0 s3_1 dmg_rec --out bad
expect_bad "dmg_trunc: corrupt shard file shard.sqlite" merge s3_0 s3_1 dmg_trunc --out bad
expect_bad "dmg_gone: corrupt shard file shard.sqlite \(records are missing\)" merge s3_0 s3_1 dmg_gone --out bad
# shards that agree with each other but not with what the command runs now
# (as when the input files changed between the tasks and the merge): the
# replay refuses a phase of another kind, and a phase the command never runs
cp -r s2_0 ph_0 && cp -r s2_1 ph_1
for d in ph_0 ph_1; do sqlite3 $d/shard.sqlite "UPDATE phases SET name = 'other'"; done
expect_bad "merge: phase 0: the shards hold other with 5 units of [0-9]+ bytes, the command now runs flow" \
    merge ph_0 ph_1 --out bad
cp -r s2_0 px_0 && cp -r s2_1 px_1
sqlite3 px_0/shard.sqlite "INSERT INTO phases VALUES(1, 'extra', 1, 0, 0, 1, 'cbf29ce484222325');
                           INSERT INTO records VALUES(1, 0, x'')"
sqlite3 px_1/shard.sqlite "INSERT INTO phases VALUES(1, 'extra', 1, 0, 1, 1, 'cbf29ce484222325')"
expect_bad "the shards hold phase 1 \(extra\), which the command did not run" merge px_0 px_1 --out bad
# tasks run in different directories
(cd a && "$VS" "${SIM[@]}" --task 1 --tasks 2 --out ../cwd_1 >/dev/null) || fail "task in a/"
expect_bad "cwd_1: run in .*/a, but s2_0 in " merge s2_0 cwd_1 --out bad
expect_bad "whole: not a shard directory \(no shard.sqlite" merge whole --out bad
expect_bad "nosuch: no such directory" merge nosuch --out bad
expect_bad "option --out DIR is required" merge s3_0 s3_1 s3_2
expect_bad "option --out: 'm3' already exists and is not empty" merge s3_0 s3_1 s3_2 --out m3
expect_bad "option --task: 3 is out of range \[0, 2\]" "${SIM[@]}" --task 3 --tasks 3 --out bad
expect_bad "option --tasks: 0 is out of range" "${SIM[@]}" --task 0 --tasks 0 --out bad
expect_bad "option --task needs --out DIR" "${SIM[@]}" --task 0 --tasks 3
expect_bad "options --task and --tasks go together" "${FC[@]}" --task 0 --out bad
expect_bad "option --task env: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX" \
    "${SIM[@]}" --task env --tasks 2 --out bad
expect_bad "option --out: 's3_0' already exists and is not empty" "${SIM[@]}" --task 0 --tasks 3 --out s3_0
expect_bad "option --out: 'whole' already exists and is not empty" "${SIM[@]}" --out whole
expect_bad "option --out: 'fwhole' already exists and is not empty" "${FC[@]}" --out fwhole
touch s3_0/mine.txt
expect_bad "option --out: 's3_0' holds files that simulate does not write" \
    "${SIM[@]}" --task 0 --tasks 3 --out s3_0 --force
[ -f s3_0/mine.txt ] || fail "--force removed a user's file"
expect_bad "option --out: the directory 'nodir' that would hold 'nodir/x' does not exist" \
    "${SIM[@]}" --out nodir/x
exit 0
