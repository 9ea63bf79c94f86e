#!/bin/bash
# same_numbers.sh: run the shipped scenarios with two vardsim binaries and
# compare their results stores table by table (docs/DEVELOPING.md, "Same
# numbers").  Every table of the OLD store is read from both stores with the
# OLD store's columns (so a column the NEW schema adds, such as year, is
# ignored), reals printed with 17 significant digits, all rows sorted; the
# columns runs.created_at and runs.version are left out.  Exit 0 when every
# table is equal, 1 otherwise.
#
# usage: tools/same_numbers.sh OLD_BIN OLD_TREE NEW_BIN NEW_TREE WORKDIR [SCENARIO...]
#   OLD_BIN/NEW_BIN   vardsim binaries
#   OLD_TREE/NEW_TREE the source trees they were built from (each binary runs
#                     there, so that the paths quoted in sources read alike)
#   WORKDIR           where the run directories go (WORKDIR/old/NAME, new/NAME);
#                     with SAME_NUMBERS_REUSE_OLD=1 existing old runs are kept
#   SCENARIO          scenario files relative to the trees (default: the two
#                     shipped ones, scenarios/today.yaml and scenarios/policy.yaml)
#
# tools/same_numbers.sh --stores OLD.sqlite NEW.sqlite compares two stores only.
set -u

compare_stores() {
    local old=$1 new=$2 bad=0 t cols sel
    for t in $(sqlite3 "$old" "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'meta' ORDER BY name"); do
        cols=$(sqlite3 "$old" "SELECT name FROM pragma_table_info('$t')" | grep -vx -e created_at -e version)
        sel=$(for c in $cols; do printf "CASE typeof(\"%s\") WHEN 'real' THEN printf('%%.17g', \"%s\") ELSE quote(\"%s\") END," "$c" "$c" "$c"; done)
        sel=${sel%,}
        local a b
        a=$(sqlite3 "$old" "SELECT $sel FROM \"$t\"" | LC_ALL=C sort)
        b=$(sqlite3 "$new" "SELECT $sel FROM \"$t\"" 2>&1 | LC_ALL=C sort)
        local n
        n=$(sqlite3 "$old" "SELECT count(*) FROM \"$t\"")
        if [ "$a" == "$b" ]; then
            printf '  %-22s %6d rows equal\n' "$t" "$n"
        else
            printf '  %-22s DIFFER (%d rows old, %s new)\n' "$t" "$n" "$(sqlite3 "$new" "SELECT count(*) FROM \"$t\"")"
            diff <(printf '%s\n' "$a") <(printf '%s\n' "$b") | head -10 | sed 's/^/      /'
            bad=1
        fi
    done
    return $bad
}

if [ "${1:-}" == "--stores" ]; then
    compare_stores "$2" "$3"
    exit $?
fi
if [ $# -lt 5 ]; then
    sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
old_bin=$(realpath "$1") old_tree=$2 new_bin=$(realpath "$3") new_tree=$4 work=$(realpath -m "$5")
shift 5
scenarios=("$@")
[ ${#scenarios[@]} -eq 0 ] && scenarios=(scenarios/today.yaml scenarios/policy.yaml)
mkdir -p "$work/old" "$work/new"
status=0
for s in "${scenarios[@]}"; do
    name=$(basename "$s" .yaml)
    if [ "${SAME_NUMBERS_REUSE_OLD:-0}" != 1 ] || [ ! -f "$work/old/$name/results.sqlite" ]; then
        (cd "$old_tree" && SOURCE_DATE_EPOCH=0 "$old_bin" run "$s" --out "$work/old/$name" --force >/dev/null) || { echo "old run of $s failed"; exit 1; }
    fi
    (cd "$new_tree" && SOURCE_DATE_EPOCH=0 "$new_bin" run "$s" --out "$work/new/$name" --force >/dev/null) || { echo "new run of $s failed"; exit 1; }
    echo "$s: $work/old/$name/results.sqlite vs $work/new/$name/results.sqlite"
    compare_stores "$work/old/$name/results.sqlite" "$work/new/$name/results.sqlite" || status=1
done
[ $status -eq 0 ] && echo "same numbers: every table equal" || echo "same numbers: DIFFERENCES"
exit $status
