#!/bin/sh
# Install the Debian packages vardsim needs, only those that are missing.
# Usage: tools/deps.sh [--bench|--fuzz]   (--bench adds what the benchmarks compare
# against, --fuzz clang and its libFuzzer runtime for `make fuzz`)
set -e
PKGS="build-essential cmake pkg-config libgsl-dev libglpk-dev coinor-libclp-dev libsqlite3-dev libjansson-dev libfyaml-dev libcairo2-dev libpango1.0-dev libxlsxwriter-dev python3 chromium sqlite3 libopenmpi-dev openmpi-bin"
if [ "${1:-}" = "--bench" ]; then
  PKGS="$PKGS python3-simpy"
fi
if [ "${1:-}" = "--fuzz" ]; then
  PKGS="$PKGS clang-14 libclang-rt-14-dev"
fi
missing=""
for p in $PKGS; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0
echo "vardsim: installing missing Debian packages:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q --no-install-recommends $missing || {
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends $missing
}
