# Sourced by CLI tests (not a test itself: CMake runs tests/cli/*.sh only).
# short_scenario NAME REPLICATIONS: copy the shipped scenarios/NAME.yaml to
# $T/NAME.yaml with the default region's path made absolute and a short
# patient-flow simulation (REPLICATIONS replications of 10 days instead of a
# full year), every policy value as shipped.  Needs $SRC, $T and fail().
short_scenario() {
    sed -e "s#^region: ../data/stockholm#region: $SRC/data/stockholm#" \
        -e "s/^  replications: [0-9]*\$/  replications: $2/" \
        -e 's/^  days: 365$/  days: 10/' "$SRC/scenarios/$1.yaml" >"$T/$1.yaml"
    grep -q '^  days: 10$' "$T/$1.yaml" || fail "short copy of $1.yaml"
    grep -q "^  replications: $2\$" "$T/$1.yaml" || fail "short copy of $1.yaml (replications)"
}
