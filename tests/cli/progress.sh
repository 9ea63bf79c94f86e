#!/bin/bash
# Progress on stderr: drawn with the time left when stderr is a terminal (here a
# pseudo-terminal from script(1)), never when it is piped; the output on stdout
# is the same either way.  VARDSIM_PROGRESS=1 draws from the first report (no
# one-second wait), so nothing here depends on how fast the machine is.
. "$2/tests/cli/lib/common.sh"
args="simulate --replications 3 --threads 1 --days 20 --network fallback --json"

"$VS" $args >"$T/piped.json" 2>"$T/piped.err" || fail "simulate piped"
if grep -q $'\r\|replications.*%' "$T/piped.err"; then fail "progress drawn on a pipe"; fi

VARDSIM_PROGRESS=1 "$VS" $args >"$T/forced.json" 2>"$T/forced.err" || fail "simulate forced"
tr '\r' '\n' <"$T/forced.err" | grep -q "vardsim: simulate: replications  100%" \
  || fail "no progress line: $(cat -A "$T/forced.err" | head -5)"
same() { diff <(grep -v '_seconds"' "$1") <(grep -v '_seconds"' "$2") >/dev/null; }
same "$T/piped.json" "$T/forced.json" || fail "progress changed the output"

if command -v script >/dev/null; then
  # a real terminal, default settings: the output is the same and the line is erased at exit
  VARDSIM_PROGRESS=1 script -qec "'$VS' $args >'$T/tty.json'" /dev/null >"$T/tty.out" 2>&1 \
    || fail "simulate on a terminal: $(cat "$T/tty.out")"
  same "$T/piped.json" "$T/tty.json" || fail "output differs on a terminal"
  grep -q "replications" "$T/tty.out" || fail "no progress on the terminal"
  # vardsim run: the stages report as "run: STAGE YEAR"
  VARDSIM_PROGRESS=1 "$VS" run "$SRC/tests/data/run/small.yaml" --out "$T/run" >/dev/null \
    2>"$T/run.err" || fail "run: $(cat "$T/run.err")"
  tr '\r' '\n' <"$T/run.err" | grep -Eq "vardsim: run: [a-z]+ 2022" || fail "run progress (a line names the stage and year; later lines are drawn at most every 0.2 s)"
fi
echo ok
