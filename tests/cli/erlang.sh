#!/usr/bin/env bash
# CLI contract of "vardsim erlang": JSON fields, the infinite mean wait as
# null, the inverse searches, and exit status 2 with a clear message on bad
# arguments.  $1 = vardsim binary, $2 = source directory.
set -u
V="$1"
fail=0
err() { echo "FAIL: $*" >&2; fail=1; }
field() { grep -E "^  \"$1\": " <<<"$2" | head -1 | sed -E 's/^  "[a-z_]+": //; s/,$//'; }
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; s = b < 0 ? -b : b; exit !(d <= t * s) }'; }

# B(10, 5) = 0.01838457033664813 (exact sum, mpmath), C = 10B/(10 - 5(1-B)), occupancy = 5(1-B)/10
out=$("$V" erlang --servers 10 --load 5 --json) || err "erlang --servers 10 --load 5 failed"
b=$(field erlang_b "$out"); c=$(field erlang_c "$out"); o=$(field occupancy "$out"); w=$(field mean_wait "$out")
near "$b" 0.01838457033664813 1e-10 || err "erlang_b $b"
near "$c" 0.03610535915832018 1e-10 || err "erlang_c $c"
near "$o" 0.49080771483167593 1e-10 || err "occupancy $o"
near "$w" 0.007221071831664036 1e-10 || err "mean_wait $w"

# overload: Erlang C is 1 and the mean wait is infinite (JSON null), exit 0
out=$("$V" erlang --servers 10 --load 12.5 --json) || err "overload must not fail"
[ "$(field mean_wait "$out")" = null ] || err "mean_wait should be null under overload"
[ "$(field erlang_c "$out")" = 1.0 ] || err "erlang_c should be 1 under overload"
"$V" erlang --servers 10 --load 12.5 | grep -q "infinite" || err "text output should say infinite"

# inverses (published: 8.108 erlangs at 1 % need 15 lines; 33.333 erlangs need 45)
[ "$(field servers "$("$V" erlang --load 8.108 --target-blocking 0.01 --json)")" = 15 ] || err "8.108 E at 1 %"
[ "$(field servers "$("$V" erlang --load 33.333 --target-blocking 0.01 --json)")" = 45 ] || err "33.333 E at 1 %"
# c around 100,000: the answer meets the target and one fewer does not
out=$("$V" erlang --load 100000 --target-blocking 0.001 --json)
s=$(field servers "$out")
b=$("$V" erlang --servers "$s" --load 100000 --json | grep erlang_b | sed -E 's/.*: //; s/,//')
b1=$("$V" erlang --servers $((s - 1)) --load 100000 --json | grep erlang_b | sed -E 's/.*: //; s/,//')
awk -v b="$b" -v b1="$b1" 'BEGIN { exit !(b <= 0.001 && b1 > 0.001) }' || err "inverse at 1e5: $s $b $b1"
out=$("$V" erlang --load 40 --target-occupancy 0.9 --json)
s=$(field servers "$out"); o=$(field occupancy "$out")
awk -v o="$o" 'BEGIN { exit !(o <= 0.9) }' || err "occupancy target not met"
o1=$("$V" erlang --servers $((s - 1)) --load 40 --json | grep '"occupancy"' | sed -E 's/.*: //; s/,//')
awk -v o="$o1" 'BEGIN { exit !(o > 0.9) }' || err "occupancy: one fewer server should miss"
s=$(field servers "$("$V" erlang --load 40 --target-delay 0.2 --json)")
[ "$s" -gt 40 ] || err "delay target needs more servers than the load"

# bad arguments: exit 2, one clear message, nothing on stdout
bad() {
    local msg="$1"; shift
    local o e rc
    o=$("$V" erlang "$@" 2>/tmp/vs_erlang_err.$$); rc=$?
    e=$(cat /tmp/vs_erlang_err.$$); rm -f /tmp/vs_erlang_err.$$
    [ $rc -eq 2 ] || err "erlang $* exited $rc, expected 2"
    [ -z "$o" ] || err "erlang $* wrote to stdout"
    grep -q "$msg" <<<"$e" || err "erlang $*: message '$e' lacks '$msg'"
}
bad "positive integer" --servers 0 --load 3
bad "load" --servers 3 --load -1
bad "between 0 and 1" --load 3 --target-blocking 1.5
bad "between 0 and 1" --load 3 --target-blocking 0
bad "between 0 and 1" --load 3 --target-delay -0.1
bad "occupancy" --load 3 --target-occupancy 0
bad "not a number" --servers 3 --load abc
bad "required" --servers 3
bad "at most one" --load 3 --target-blocking 0.1 --target-occupancy 0.8
exit $fail
