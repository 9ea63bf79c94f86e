#!/bin/bash
# Open the report of a run in headless Chromium (Debian package "chromium"):
# the dumped DOM must hold the charts, the maps (one path per area) and the
# scorecard; a screenshot is kept as artifacts/report.png in the build
# directory.  A missing Chromium is a failure, not a skip.
# Usage: report_browser.sh VARDSIM SOURCE_DIR   (run from the build directory)
. "$2/tests/cli/lib/common.sh"
export SOURCE_DATE_EPOCH=1735689600

# The shipped scenarios with a short patient-flow simulation (2 replications
# of 10 days instead of a full year), every policy value as shipped.
. "$SRC/tests/cli/lib/short_scenario.sh"
short_scenario today 2
short_scenario policy 2

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || fail "chromium is not installed (Debian package 'chromium'; tools/deps.sh)"

"$VS" run --network fallback "$T/today.yaml" --out "$T/run" >/dev/null || fail "run"
REPORT="$T/run/report.html"
FLAGS=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --disable-dev-shm-usage)

timeout 120 "$CHROMIUM" "${FLAGS[@]}" --user-data-dir="$T/profile1" \
    --dump-dom "file://$REPORT" >"$T/dom.html" 2>"$T/chromium1.log" \
    || fail "chromium --dump-dom failed: $(tail -5 "$T/chromium1.log")"

count() { grep -o -- "$1" "$T/dom.html" | wc -l; }
[ "$(count '<svg')" -ge 25 ] || fail "expected at least 25 SVG charts, found $(count '<svg')"
for id in age_bands density_map share65_map municipality_population hospital_beds \
          cni_map cni_deciles need_deciles allocation_deciles allocation_map bed_plan \
          bed_occupancy gp_fte listing_per_gp_map listing_km_map flow_wait_class flow_wait_decile flow_within_decile \
          flow_wait_insured flow_inversions flow_pc_wait_map flow_wait_municipality \
          flow_occupancy flow_overflow_days flow_boarding; do
    grep -q "<figure class=\"chart [a-z-]*\" id=\"$id\"" "$T/dom.html" || fail "chart $id missing"
done
[ "$(count '<figure class="chart map"')" -eq 7 ] || fail "expected 7 maps"
[ "$(count '<figure class="chart bar-chart"')" -eq 18 ] || fail "expected 18 bar charts"
grep -q '<table id="scorecard" class="table scorecard">' "$T/dom.html" || fail "scorecard missing"
# today's scorecard: every row computed by this version, none met
for t in listed_per_gp listed_per_gp_mean fixed_gp_coverage primary_care_share_2030 occupancy overflow_erlang \
         occupancy_simulated insurance_ahead agency_staff_2027; do
    grep -q "data-target=\"$t\" data-met=\"0\"" "$T/dom.html" || fail "scorecard row $t missing"
done
# the simulated overflow row is there (met or not depends on the simulation)
grep -q 'data-target="overflow" data-met="[01]"' "$T/dom.html" || fail "scorecard row overflow missing"
# waits by urgency class and discipline carry their 95 % intervals
python3 - "$T/dom.html" <<'PY' || fail "flow_wait_class: intervals or series"
import re, sys
dom = open(sys.argv[1]).read()
t = dom[dom.index('data-chart="flow_wait_class"'):]
t = t[:t.index('</table>')]
assert all(s in t for s in ("insurance (scenario)", "need", "fifo")), "series"
cells = re.findall(r'data-value="([^"]+)" data-ci-low="([^"]+)" data-ci-high="([^"]+)"', t)
assert len(cells) == 9, len(cells)  # 3 disciplines x 3 classes with visits (docs/flow.md)
for v, lo, hi in cells:
    assert float(lo) <= float(v) <= float(hi), (v, lo, hi)
PY
grep -q '<table id="notes" class="table' "$T/dom.html" || fail "notes table missing"
grep -q '<table id="metrics" class="table metrics">' "$T/dom.html" || fail "metrics table missing"
# each map: one filled path per area (1,287 DeSO) besides glyph paths
python3 - "$T/dom.html" <<'PY' || fail "map paths"
import re, sys
dom = open(sys.argv[1]).read()
for fid in ("density_map", "share65_map", "cni_map", "allocation_map", "listing_per_gp_map",
            "listing_km_map", "flow_pc_wait_map"):
    start = dom.index('id="%s"' % fid)
    svg = dom[start:dom.index("</svg>", start)]
    fills = len(re.findall(r'<path[^>]*fill:rgb', svg))
    assert fills >= 1287, (fid, fills)
PY

mkdir -p artifacts
rm -f artifacts/report.png
timeout 120 "$CHROMIUM" "${FLAGS[@]}" --user-data-dir="$T/profile2" --hide-scrollbars \
    --window-size=1100,5200 --screenshot="$PWD/artifacts/report.png" "file://$REPORT" \
    >"$T/chromium2.log" 2>&1 || fail "chromium --screenshot failed: $(tail -5 "$T/chromium2.log")"
[ -s artifacts/report.png ] || fail "no screenshot written"
[ "$(head -c 8 artifacts/report.png | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] \
    || fail "screenshot is not a PNG"
echo "ok: screenshot $PWD/artifacts/report.png"
