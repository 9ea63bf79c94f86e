#!/bin/bash
# No function of the run pipeline (src/run) is longer than 150 lines (issue
# 13: a stage only calls its module and writes; tools/function_lengths.py).
# Usage: function_lengths.sh VARDSIM SOURCE_DIR
set -u
SRC=$2
python3 "$SRC/tools/function_lengths.py" --max 150 "$SRC"/src/run/*.c >/dev/null || {
    echo "FAIL: a function in src/run is over 150 lines" >&2
    exit 1
}
echo "ok"
