#!/bin/bash
# Run directories are owned provably: every directory "run" creates carries
# the marker .vardsim-run (format version 1); stale-directory clean-up and
# --force touch only directories with a valid marker, and anything else is
# left alone and named in a warning.  Also: the parent of --out being a file,
# and ./runs not created for bad input.
# Usage: run_dirs.sh VARDSIM SOURCE_DIR
. "$2/tests/cli/lib/common.sh"
export SOURCE_DATE_EPOCH=1735689600
. "$SRC/tests/cli/lib/short_scenario.sh"
short_scenario today 1
tree() { (cd "$1" && find . -print0 | sort -z | xargs -0 ls -ld --time-style=+ | cksum; cat $(find . -type f | sort) | cksum); }

# 1. the finished run directory keeps a marker of a complete run
"$VS" run --network fallback "$T/today.yaml" --out "$T/D" >/dev/null 2>"$T/err" || fail "first run: $(cat "$T/err")"
[ "$(cat "$T/D/.vardsim-run")" = "$(printf 'vardsim-run 1\nstate complete')" ] \
    || fail "marker of the run directory: '$(cat "$T/D/.vardsim-run" 2>&1)'"

# 2. the user's own D.old-* / D.tmp-* directories (no marker, or a copy of a
#    complete run) survive a run of D and are named in a warning; a stale
#    directory of a dead run (marker "state writing", dead pid) is removed
mkdir -p "$T/D.old-photos/sub" "$T/D.tmp-notes"
echo precious >"$T/D.old-photos/sub/a.txt"
echo mine >"$T/D.tmp-notes/b.txt"
printf 'vardsim-run 1\nstate complete\n' >"$T/D.tmp-notes/.vardsim-run.bak" # not the marker
mkdir "$T/D.tmp-dead12"
printf 'vardsim-run 1\nstate writing\npid 999999999\n' >"$T/D.tmp-dead12/.vardsim-run"
mkdir "$T/D.tmp-newer1"
printf 'vardsim-run 9\nstate complete\n' >"$T/D.tmp-newer1/.vardsim-run"
cp -a "$T/D" "$T/D.old-copy" # the user's copy of a complete run
u1=$(tree "$T/D.old-photos"); u2=$(tree "$T/D.tmp-notes"); u3=$(tree "$T/D.tmp-newer1")
u4=$(tree "$T/D.old-copy")
"$VS" run --network fallback "$T/today.yaml" --out "$T/D" --force >/dev/null 2>"$T/err" \
    || fail "second run: $(cat "$T/err")"
[ "$(tree "$T/D.old-photos")" = "$u1" ] || fail "user's D.old-photos changed or deleted"
[ "$(tree "$T/D.tmp-notes")" = "$u2" ] || fail "user's D.tmp-notes changed or deleted"
[ "$(tree "$T/D.tmp-newer1")" = "$u3" ] || fail "D.tmp-newer1 (newer marker) changed or deleted"
[ "$(tree "$T/D.old-copy")" = "$u4" ] || fail "user's copy D.old-copy of a run changed or deleted"
[ ! -e "$T/D.tmp-dead12" ] || fail "stale directory of a dead run not removed"
for d in D.old-photos D.tmp-notes D.tmp-newer1 D.old-copy; do
    grep -q "warning: left '$T/$d' alone" "$T/err" || fail "no warning naming $d: $(cat "$T/err")"
done

# 3. --force never empties a directory that merely holds a file named
#    results.sqlite (exit 2, untouched)
mkdir "$T/notes"
echo "my notes" >"$T/notes/results.sqlite"
echo "more" >"$T/notes/todo.txt"
n1=$(tree "$T/notes")
"$VS" run --network fallback "$T/today.yaml" --out "$T/notes" --force >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 2 ] || fail "--force on a directory with a results.sqlite file: exit $rc, expected 2"
[ "$(tree "$T/notes")" = "$n1" ] || fail "--force changed a directory that is not a run"
grep -q "no .vardsim-run marker" "$T/err" || fail "no marker message: $(cat "$T/err")"
grep -q "remove it yourself" "$T/err" || fail "no advice: $(cat "$T/err")"

# 4. a run directory of an earlier vardsim (results.sqlite, no marker) is
#    not replaced either; a damaged marker or one of a newer format is refused
cp -r "$T/D" "$T/legacy" && rm "$T/legacy/.vardsim-run"
l1=$(tree "$T/legacy")
"$VS" run --network fallback "$T/today.yaml" --out "$T/legacy" --force >/dev/null 2>"$T/err"
[ $? -eq 2 ] || fail "--force on a legacy run directory: expected exit 2"
[ "$(tree "$T/legacy")" = "$l1" ] || fail "legacy run directory changed"
for m in 'vardsim-run 9\nstate complete\n' 'vardsim-run 1\nstate finished\n' 'junk'; do
    printf "$m" >"$T/legacy/.vardsim-run"
    l1=$(tree "$T/legacy")
    "$VS" run --network fallback "$T/today.yaml" --out "$T/legacy" --force >/dev/null 2>"$T/err"
    [ $? -eq 2 ] || fail "--force with marker '$m': expected exit 2"
    [ "$(tree "$T/legacy")" = "$l1" ] || fail "directory with marker '$m' changed"
done
# an empty directory may be replaced (nothing in it to lose)
mkdir "$T/empty"
"$VS" run --network fallback "$T/today.yaml" --out "$T/empty" --force >/dev/null 2>"$T/err" \
    || fail "--force on an empty directory: $(cat "$T/err")"
grep -q "state complete" "$T/empty/.vardsim-run" || fail "no marker after replacing an empty directory"

# 5. the parent of --out is a file: exit 2, says so
echo x >"$T/afile"
"$VS" run --network fallback "$T/today.yaml" --out "$T/afile/out" >/dev/null 2>"$T/err"
[ $? -eq 2 ] || fail "parent is a file: expected exit 2"
grep -q "is not a directory" "$T/err" || fail "parent is a file: message '$(cat "$T/err")'"

# 6. without --out, ./runs is not created when the input is bad
mkdir "$T/cwd"
printf 'schema_version: 1\nname: x\ncolour: red\n' >"$T/cwd/bad.yaml"
(cd "$T/cwd" && "$VS" run bad.yaml >/dev/null 2>"$T/err")
[ $? -eq 2 ] || fail "bad scenario without --out: expected exit 2"
[ ! -e "$T/cwd/runs" ] || fail "./runs created for a bad scenario"

# 7. --force never takes a user's file with it: a file added to a finished run
#    directory (or a result edited after the run) makes it irreplaceable: exit 2,
#    the file named, the directory untouched; without it --force replaces again
"$VS" run --network fallback "$T/today.yaml" --stages beds --out "$T/F" >/dev/null 2>"$T/err" \
    || fail "run F: $(cat "$T/err")"
sleep 0.01 # a later modification time than the marker's on any file system
echo "my notes" >"$T/F/my_notes.txt"
before=$(tree "$T/F")
"$VS" run --network fallback "$T/today.yaml" --stages beds --out "$T/F" --force >/dev/null 2>"$T/err"
[ $? -eq 2 ] || fail "--force over a run directory with the user's file: expected exit 2"
grep -q "holds 'my_notes.txt'" "$T/err" || fail "--force, user's file: message '$(cat "$T/err")'"
[ "$(tree "$T/F")" = "$before" ] || fail "--force, user's file: the directory changed"
rm "$T/F/my_notes.txt"
echo "<!-- my edit -->" >>"$T/F/report.html"
"$VS" run --network fallback "$T/today.yaml" --stages beds --out "$T/F" --force >/dev/null 2>"$T/err"
[ $? -eq 2 ] || fail "--force over an edited report: expected exit 2"
grep -q "my edit" "$T/F/report.html" || fail "--force, edited report: the edit is gone"
ls "$T" | grep -q "^F\.\(tmp\|old\)-" && fail "--force refused: a temporary directory left"
echo "ok"
