#!/bin/sh
# Run every libFuzzer harness of a VS_FUZZ build (fuzz/README.md).
#   fuzz/run.sh BUILD_DIR time SECONDS   each harness for SECONDS (make fuzz)
#   fuzz/run.sh BUILD_DIR runs N         each harness for N executions (CI)
# Each harness starts from its committed seeds in fuzz/corpus/<name>/ and
# grows a working corpus in BUILD_DIR/fuzz-corpus/<name>/ (kept between timed
# runs; the committed one is never written; a runs-mode run starts from the
# seeds alone, so CI does a fixed amount of work).  Every input has a time limit (-timeout=10 s): a hang
# is reported like a crash.  Crash inputs go to BUILD_DIR/fuzz-artifacts/.
# Exits non-zero when any harness finds a crash, a leak, a sanitizer report
# or a hang.  FUZZ_ONLY="region store" restricts the run to those harnesses.
set -u
build=${1:?usage: fuzz/run.sh BUILD_DIR time SECONDS | runs N}
mode=${2:?}
n=${3:?}
src=$(cd "$(dirname "$0")/.." && pwd)
case $mode in
    time) limit="-max_total_time=$n" ;;
    runs) limit="-runs=$n" ;;
    *) echo "fuzz/run.sh: mode must be time or runs" >&2; exit 2 ;;
esac
mkdir -p "$build/fuzz-artifacts"
failed=""
# every harness fuzz/fuzz_NAME.c (a new one cannot be left out of CI)
all=$(cd "$src/fuzz" && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//' | tr '\n' ' ')
for name in ${FUZZ_ONLY:-$all}; do
    bin="$build/fuzz/fuzz_$name"
    [ -x "$bin" ] || { echo "fuzz/run.sh: $bin not built (cmake -DVS_FUZZ=ON)" >&2; exit 2; }
    work="$build/fuzz-corpus/$name"
    if [ "$mode" = runs ]; then # fixed work: start from the committed seeds only
        work="$build/fuzz-corpus-ci/$name"
        rm -rf "$work"
    fi
    mkdir -p "$work"
    dict=""
    case $name in
        scenario) dict="-dict=$src/fuzz/scenario.dict" ;;
        geojson) dict="-dict=$src/fuzz/geojson.dict" ;;
        region | params | listing | forecast | validation | screening) dict="-dict=$src/fuzz/csv.dict" ;;
    esac
    log="$build/fuzz-artifacts/$name.log"
    echo "== fuzz_$name ($mode $n)"
    # the harnesses' scratch files (libFuzzer may exit without running atexit)
    scratch="$build/fuzz-tmp"
    rm -rf "$scratch" && mkdir -p "$scratch"
    TMPDIR=$scratch ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
        "$bin" $limit $dict -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$build/fuzz-artifacts/$name-" "$work" "$src/fuzz/corpus/$name" \
        >"$log" 2>&1
    rc=$?
    rm -rf "$scratch"
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)|^Done |cov: .*(DONE|INITED)" "$log" \
        | tail -4
    if [ $rc -ne 0 ]; then
        failed="$failed $name"
        grep -E "ERROR|SUMMARY|Test unit written|timeout" "$log" | head -8
        echo "   see $log"
    fi
done
if [ -n "$failed" ]; then
    echo "fuzz/run.sh: findings in:$failed" >&2
    exit 1
fi
echo "fuzz/run.sh: no findings"
