"""Run tests/cli/lib/layout_check.js on a report in headless Chromium.

Usage: layout_check.py CHROMIUM REPORT.html SCRATCH_DIR MIN_CHARTS
A copy of the report with the script before </body> is opened with
--dump-dom; the JSON the script leaves in the pre element "vs-layout" lists cut
or overlapping chart text and charts without a unit.  Exit 1 with the
problems listed, or when fewer than MIN_CHARTS charts were checked.
"""
import html, json, os, re, subprocess, sys

chromium, report, scratch, min_charts = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
js = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "layout_check.js")).read()
page = open(report, encoding="utf-8").read()
assert "</body>" in page, "no </body> in " + report
copy = os.path.join(scratch, "layout-" + os.path.basename(os.path.dirname(report) or "x")
                    + "-" + os.path.basename(report))
with open(copy, "w", encoding="utf-8") as f:
    f.write(page.replace("</body>", "<script>" + js + "</script>\n</body>"))
flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1100,900", "--virtual-time-budget=5000",
         "--user-data-dir=" + os.path.join(scratch, "profile-layout")]
out = subprocess.run([chromium] + flags + ["--dump-dom", "file://" + copy],
                     capture_output=True, timeout=180).stdout.decode("utf-8", "replace")
m = (re.findall(r"<pre id=\"vs-layout\">(.*?)</pre>", out, re.S) or [None])[-1]
if not m:
    sys.exit("layout check: the script left no result (page did not render?)")
res = json.loads(html.unescape(m))
print("layout check %s: %d charts, %d texts, %d problems" % (
    report, res["checked"]["charts"], res["checked"]["texts"], len(res["problems"])))
for p in res["problems"][:40]:
    print("  ", p)
if res["checked"]["charts"] < min_charts:
    sys.exit("layout check: only %d charts rendered, expected at least %d"
             % (res["checked"]["charts"], min_charts))
sys.exit(1 if res["problems"] else 0)
