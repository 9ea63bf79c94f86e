#!/bin/bash
# "make install PREFIX=..." equivalent: install into a temporary prefix, build a
# small program against the installed header with pkg-config, run it, and run the
# installed vardsim on the installed default region.
# Usage: install.sh VARDSIM SOURCE_DIR
set -eu
VS=$1; SRC=$2
BUILD=$(cd "$(dirname "$VS")" && pwd)
P=$(mktemp -d); trap 'rm -rf "$P"' EXIT
cmake --install "$BUILD" --prefix "$P" >/dev/null
LIBDIR=$(dirname "$(find "$P" -name vardsim.pc)")/..
export PKG_CONFIG_PATH=$LIBDIR/pkgconfig
pkg-config --exists vardsim
[ "$(pkg-config --modversion vardsim)" = "$("$VS" --version | cut -d' ' -f2)" ]
cat >"$P/demo.c" <<'C'
#include <vardsim/vardsim.h>
#include <stdio.h>
int main(int argc, char **argv)
{
    vs_ctx *ctx;
    if (vs_ctx_create(&ctx)) return 1;
    vs_region *r;
    vs_status st = vs_region_load(ctx, argv[1], &r);
    if (st) { fprintf(stderr, "%s\n", vs_ctx_message(ctx)); return vs_status_exit_code(st); }
    printf("%s %lld\n", vs_version(), (long long)r->population);
    vs_region_destroy(r);
    vs_ctx_destroy(ctx);
    return 0;
}
C
extra=""
if nm -D "$(find "$P" -name 'libvardsim.so' | head -1)" | grep -q __asan_init; then extra="-fsanitize=address,undefined"; fi
cc -std=c17 $extra "$P/demo.c" -o "$P/demo" $(pkg-config --cflags --libs vardsim) -Wl,-rpath,"$(cd "$LIBDIR" && pwd)"
out=$("$P/demo" "$P/share/vardsim/data/stockholm")
[ "$out" = "$("$VS" --version | cut -d' ' -f2) 2440027" ] || { echo "demo printed: $out"; exit 1; }
"$P/bin/vardsim" region --json | grep -q '"population": 2440027'

# The installed program carries the data and the scenarios and finds them from
# any directory, also after the prefix moved (no source path is compiled in):
# move the install, run the default scenario from an unrelated directory, and
# no output quotes the source tree, the install prefix or the working directory.
[ -f "$P/share/vardsim/scenarios/today.yaml" ] || { echo "scenarios not installed"; exit 1; }
[ -f "$P/share/vardsim/data/parameters/flow.csv" ] || { echo "parameters not installed"; exit 1; }
M=$(mktemp -d); trap 'rm -rf "$P" "$M"' EXIT
mv "$P/bin" "$P/share" "$M/"
mv "$P/lib"* "$M/" 2>/dev/null || true
mkdir "$M/work"
(cd "$M/work" && env -u VARDSIM_REGION -u VARDSIM_HOME "$M/bin/vardsim" run --stages need --out r \
    >"$M/out" 2>"$M/err") || { echo "relocated run failed: $(cat "$M/err")"; exit 1; }
[ -f "$M/work/r/report.html" ] || { echo "no report"; exit 1; }
src_abs=$(cd "$SRC" && pwd)
for needle in "$src_abs" "$M" "$P"; do
  if grep -rlF "$needle" "$M/work/r"; then echo "run directory quotes $needle"; exit 1; fi
done
grep -q 'data/parameters/care_need_index.csv' "$M/work/r/metrics.csv" \
  || { echo "sources not quoted as data/parameters/..."; exit 1; }
# every command's --help and -h: its usage on stdout, exit 0
for c in $("$M/bin/vardsim" --help | awk '/^commands:/{on=1; next} on && /^  [a-z]/{print $1}'); do
  for h in --help -h; do
    "$M/bin/vardsim" "$c" $h >"$M/h" 2>"$M/e" || { echo "vardsim $c $h: exit $?"; exit 1; }
    grep -q "usage: vardsim $c" "$M/h" || { echo "vardsim $c $h: no usage"; cat "$M/h"; exit 1; }
    [ ! -s "$M/e" ] || { echo "vardsim $c $h wrote to stderr"; exit 1; }
  done
done
echo ok
