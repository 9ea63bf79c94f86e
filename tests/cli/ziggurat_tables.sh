#!/bin/bash
# The committed ziggurat tables (src/sim/ziggurat.c) are exactly what their
# generator (tools/ziggurat_tables.py, Python decimal at 60 digits) writes, so
# nobody edits them by hand and the generator's own checks against the paper
# (R, V) still hold.
# Usage: ziggurat_tables.sh VARDSIM SOURCE_DIR
set -u
SRC=$2
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
if ! python3 "$SRC/tools/ziggurat_tables.py" >"$TMP/z.c"; then
    echo "FAIL: tools/ziggurat_tables.py failed"
    exit 1
fi
if ! cmp -s "$TMP/z.c" "$SRC/src/sim/ziggurat.c"; then
    echo "FAIL: src/sim/ziggurat.c differs from the generator's output:"
    diff "$TMP/z.c" "$SRC/src/sim/ziggurat.c" | head -20
    exit 1
fi
echo "ok: src/sim/ziggurat.c is the generator's output"
