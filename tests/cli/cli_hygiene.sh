#!/bin/bash
# Every command: an argument with a control character is refused (exit 2,
# nothing echoed raw); output that cannot be written to stdout is a failure
# (exit 1), never a silent success; SIGHUP (a closed terminal) stops a run
# like SIGINT and SIGTERM do (exit 129, nothing left behind).
# Usage: cli_hygiene.sh VARDSIM SOURCE_DIR
. "$2/tests/cli/lib/common.sh"
. "$SRC/tests/cli/lib/short_scenario.sh"

# control characters in arguments: refused before anything runs
check_refused() { # ARGS...
    "$VS" "$@" >"$T/out" 2>"$T/err"
    rc=$?
    [ $rc -eq 2 ] || fail "control character argument: exit $rc"
    grep -q 'contains the control character' "$T/err" || fail "message: $(cat -A "$T/err")"
    if LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177]')" "$T/err"; then
        fail "raw control character echoed: $(cat -A "$T/err")"
    fi
    [ ! -s "$T/out" ] || fail "output on stdout"
}
check_refused run x.yaml --network "$(printf '\033[2Jx')"
check_refused "$(printf 'bo\033gus')"
check_refused region --region "$(printf 'a\nb')"
check_refused sim mmc --discipline "$(printf '\001')"
# a file name with a newline: refused the same way
"$VS" run "$(printf 'a\nb.yaml')" >"$T/out" 2>"$T/err"
[ $? -eq 2 ] || fail "newline in a file name accepted"

# stdout that cannot be written: exit 1 with a message, text and JSON alike
if [ -w /dev/full ]; then
    for cmd in "--version" "help run" "region" "region --json" "erlang --servers 5 --load 3"; do
        # shellcheck disable=SC2086
        "$VS" $cmd >/dev/full 2>"$T/err"
        rc=$?
        [ $rc -eq 1 ] || fail "'$cmd' > /dev/full: exit $rc, expected 1"
        grep -q 'cannot write' "$T/err" || fail "'$cmd' > /dev/full: message $(cat "$T/err")"
    done
fi
"$VS" region >&- 2>"$T/err"
[ $? -eq 1 ] || fail "region with stdout closed: not exit 1"

# SIGHUP during a run: exit 129, no temporary directory, the previous run intact
short_scenario today 2
"$VS" run "$T/today.yaml" --out "$T/D" --network fallback >/dev/null 2>&1 || fail "first run"
sum_before=$(cd "$T/D" && find . -type f -exec sha256sum {} + | sort)
"$VS" run "$T/today.yaml" --out "$T/D" --force --network fallback >/dev/null 2>"$T/err" &
pid=$!
sleep 1
kill -HUP $pid
wait $pid
rc=$?
[ $rc -eq 129 ] || fail "SIGHUP: exit $rc, expected 129 ($(cat "$T/err"))"
if ls -d "$T"/D.tmp-* >/dev/null 2>&1; then fail "SIGHUP: temporary directory left"; fi
[ "$(cd "$T/D" && find . -type f -exec sha256sum {} + | sort)" = "$sum_before" ] ||
    fail "SIGHUP: previous run changed"
echo "cli_hygiene: ok"
