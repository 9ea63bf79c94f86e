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
out=$("$P/demo" "$P/share/vardsim/stockholm")
[ "$out" = "$("$VS" --version | cut -d' ' -f2) 2440027" ] || { echo "demo printed: $out"; exit 1; }
"$P/bin/vardsim" region --json | grep -q '"population": 2440027'
echo ok
