#!/bin/bash
# Open the reports of two runs (today in English; the policy in Swedish with
# today as its baseline) and their comparison in headless Chromium (Debian
# package "chromium"): the dumped DOM must hold the structure (contents,
# overview with scorecard, one section per question, numbered references
# without function names or seed ids), the charts, the maps (one path per
# area, municipality names, no two legend classes alike); the rendered page's
# text boxes are read back (tests/cli/lib/layout_check.js) and the test fails
# when chart text overlaps, is cut by its chart's edge, or a chart has no
# unit.  Screenshots are kept as artifacts/report.png, report_sv.png and
# compare.png in the build directory.  A missing Chromium is a failure, not a
# skip.
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
          flow_occupancy flow_overflow_days flow_boarding screening_coverage_deciles \
          screening_gradient_deciles screening_mammography_map midwives_by_hour births_map stock_days; do
    # a run with several years (the forecast stage) gives chart ids "ID-YEAR"
    grep -Eq "<figure class=\"chart [a-z-]*\" id=\"$id(-2022)?\"" "$T/dom.html" || fail "chart $id missing"
done
[ "$(count '<figure class="chart map"')" -eq 11 ] || fail "expected 11 maps"
[ "$(count '<figure class="chart bar-chart"')" -eq 31 ] || fail "expected 31 bar charts (18 + screening 2 + maternity and stockpile 2 + the forecast section's 9)"
grep -q '<table id="scorecard" class="table scorecard">' "$T/dom.html" || fail "scorecard missing"
# today's scorecard: every row computed by this version, none met
for t in listed_per_gp listed_per_gp_mean fixed_gp_coverage primary_care_share_2030 occupancy overflow_erlang \
         occupancy_simulated insurance_ahead agency_staff_2027 coverage_mammography \
         coverage_mammography_lowest_cni_decile; do
    grep -q "data-target=\"$t\" data-met=\"0\"" "$T/dom.html" || fail "scorecard row $t missing"
done
# the simulated overflow row is there (met or not depends on the simulation)
grep -q 'data-target="overflow" data-met="[01]"' "$T/dom.html" || fail "scorecard row overflow missing"
# waits by urgency class and discipline carry their 95 % intervals
python3 - "$T/dom.html" <<'PY' || fail "flow_wait_class: intervals or series"
import re, sys
dom = open(sys.argv[1]).read()
t = dom[re.search(r'data-chart="flow_wait_class(-2022)?"', dom).start():]  # "-YEAR": several years
t = t[:t.index('</table>')]
assert all(s in t for s in ("insurance (scenario)", "need", "fifo")), "series"
cells = re.findall(r'data-value="([^"]+)" data-ci-low="([^"]+)" data-ci-high="([^"]+)"', t)
assert len(cells) == 9, len(cells)  # 3 disciplines x 3 classes with visits (docs/flow.md)
for v, lo, hi in cells:
    assert float(lo) <= float(v) <= float(hi), (v, lo, hi)
PY
grep -q '<table id="notes" class="table' "$T/dom.html" || fail "notes table missing"
grep -q '<table id="metrics-fixed-gp" class="table metrics">' "$T/dom.html" || fail "metrics table missing"
# the structure: contents, the overview first, a section per question, references
python3 - "$T/dom.html" <<'PY' || fail "structure"
import re, sys
dom = open(sys.argv[1]).read()
order = [dom.index(x) for x in ('<nav id="toc"', 'id="overview"', 'id="scorecard"', 'id="fixed-gp"',
                                'id="money"', 'id="beds"', 'id="queues"', 'id="population"',
                                'id="about"', 'id="references"')]
assert order == sorted(order), order
# the overview's charts come before the first section
ov = dom[dom.index('id="overview"'):dom.index('id="fixed-gp"')]
for c in ("gp_fte", "allocation_deciles", "bed_occupancy", "flow_wait_decile"):
    assert re.search(r'id="%s(-2022)?"' % c, ov), c  # "-YEAR": several years
# key figures collapsed, grouped per section
assert dom.count('<details class="group"><summary>Key figures (') >= 5
# each source once, numbered, readable
refs = re.findall(r'<li id="ref-(\d+)">(.*?)</li>', dom, re.S)
assert len(refs) >= 5 and [int(n) for n, _ in refs] == list(range(1, len(refs) + 1))
texts = [t for _, t in refs]
assert len(set(texts)) == len(texts), "a source listed twice"
for t in texts:
    assert not re.search(r'\bvs_[a-z]', t), t
    assert not re.search(r'\bseed (document )?\d{3}[:_]|\d{3}_[0-9a-f]{8}', t), t
    assert '/work/' not in t and not re.search(r'(^|[ (])/[a-z]', t), t
assert any("Riksdag motion 2024/25" in t for t in texts)
# metrics cite their source by number only
row = dom[dom.index('<tr class="metric"'):]
row = row[:row.index('</tr>')]
assert re.search(r'<a class="ref" href="#ref-\d+">\[\d+\]</a>', row), row
PY
# each map: one filled path per area (1,287 DeSO) besides glyph paths
python3 - "$T/dom.html" <<'PY' || fail "map paths"
import re, sys
dom = open(sys.argv[1]).read()
for fid in ("density_map", "share65_map", "cni_map", "allocation_map", "listing_per_gp_map",
            "listing_km_map", "flow_pc_wait_map"):
    start = re.search(r'id="%s(-2022)?"' % fid, dom).start()  # "-YEAR": a run with several years
    svg = dom[start:dom.index("</svg>", start)]
    fills = len(re.findall(r'<path[^>]*fill:(?:rgb|#)', svg))
    assert fills >= 1287, (fid, fills)
    names = re.findall(r'<text class="name"[^>]*>([^<]*)</text>', svg)
    assert "Stockholm" in names and len(names) >= 10, (fid, names)
    legend = re.findall(r'<text class="legend"[^>]*>([^<]*)</text>', svg)
    assert len(legend) == len(set(legend)), (fid, legend)
PY

# the policy in Swedish, with today as its baseline, and the comparison
"$VS" run --network fallback "$T/policy.yaml" --out "$T/policy" --lang sv --baseline "$T/run" \
    >/dev/null || fail "run policy --lang sv"
"$VS" compare "$T/run" "$T/policy" --html "$T/compare.html" >/dev/null || fail "compare"
SV="$T/policy/report.html"
grep -q '<html lang="sv">' "$SV" || fail "sv: html lang"
grep -q '>2 440 027<' "$SV" || fail "sv: thousands with spaces"
grep -Eq '>[0-9]+,[0-9] %<' "$SV" || fail "sv: per cent with a decimal comma"
grep -q 'Nyckeltal (' "$SV" || fail "sv: Swedish labels"
# today -> scenario: the baseline column beside the policy's values
grep -q 'class="num base no" data-base="1"' "$SV" || fail "sv: baseline column (agency staff today)"
grep -q 'id="compare-target-agency_staff_2027"' "$T/compare.html" || fail "compare: small multiple"
grep -q 'change (policy' "$T/compare.html" || fail "compare: change column"
grep -Eq '>[-+0-9.,]+e[-+][0-9]+<' "$T/compare.html" && fail "compare: a number in exponent form"
# the policy's own discipline ("need (scenario)") is compared with today's "need", not n/a
python3 - "$T/compare.html" <<'PY' || fail "compare: per-decile series"
import re, sys
h = open(sys.argv[1]).read()
t = h[h.index('data-chart="compare-flow_wait_decile"'):]
t = t[:t.index('</table>')]
assert re.findall(r'<th>([^<]*)</th>', t)[1:] == ["today: need", "policy: need", "today: fifo",
    "policy: fifo", "today: insurance", "policy: insurance"], t[:400]
assert ">n/a<" not in t
PY

# the rendered text boxes: no overlap, nothing cut, every chart with a unit
python3 "$SRC/tests/cli/lib/layout_check.py" "$CHROMIUM" "$REPORT" "$T" 25 || fail "layout: report"
python3 "$SRC/tests/cli/lib/layout_check.py" "$CHROMIUM" "$SV" "$T" 25 || fail "layout: report (sv)"
python3 "$SRC/tests/cli/lib/layout_check.py" "$CHROMIUM" "$T/compare.html" "$T" 10 \
    || fail "layout: comparison"

mkdir -p artifacts
shot() { # shot NAME PAGE: artifacts/NAME.png
    rm -f "artifacts/$1.png"
    timeout 120 "$CHROMIUM" "${FLAGS[@]}" --user-data-dir="$T/profile-$1" --hide-scrollbars \
        --window-size=1100,5200 --screenshot="$PWD/artifacts/$1.png" "file://$2" \
        >"$T/chromium-$1.log" 2>&1 || fail "chromium --screenshot failed: $(tail -5 "$T/chromium-$1.log")"
    [ -s "artifacts/$1.png" ] || fail "no screenshot written"
    [ "$(head -c 8 "artifacts/$1.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] \
        || fail "screenshot $1 is not a PNG"
}
shot report "$REPORT"
shot report_sv "$SV"
shot compare "$T/compare.html"
echo "ok: screenshots in $PWD/artifacts: report.png report_sv.png compare.png"
