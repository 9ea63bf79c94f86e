# Sourced first by CLI tests (not a test itself: CMake runs tests/cli/*.sh
# only), as `. "$2/tests/cli/lib/common.sh"`: the test's arguments VS (the
# vardsim binary) and SRC (the source tree), a scratch directory T removed on
# exit, and fail MESSAGE, which ends the test.
set -u
VS=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
