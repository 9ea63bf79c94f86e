#!/bin/bash
# results.xlsx: every run directory has a workbook with one sheet per CSV
# export (same header, same number of rows), numbers as numbers equal to the
# CSV's (to the 16 significant digits libxlsxwriter writes), ids as text (municipality "0114" keeps its zero); it is written with
# the rest of the run directory (a refused run leaves none).
# Usage: run_workbook.sh VARDSIM SOURCE_DIR
. "$2/tests/cli/lib/common.sh"
. "$SRC/tests/cli/lib/short_scenario.sh"
short_scenario today 1

"$VS" run --network fallback "$T/today.yaml" --out "$T/run" --stages need >/dev/null || fail "run"
[ -s "$T/run/results.xlsx" ] || fail "no results.xlsx"
python3 - "$T/run" <<'PY' || fail "workbook content"
import csv, glob, math, os, re, sys, zipfile
d = sys.argv[1]
z = zipfile.ZipFile(os.path.join(d, "results.xlsx"))
assert z.testzip() is None
wb = z.read("xl/workbook.xml").decode()
sheets = re.findall(r'<sheet name="([^"]+)" sheetId="(\d+)"', wb)
csvs = sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(d, "*.csv")))
assert sorted(n for n, _ in sheets) == csvs, (sheets, csvs)
ss = re.findall(r"<si><t[^>]*>(.*?)</t></si>", z.read("xl/sharedStrings.xml").decode(), re.S)
def cells(n):
    x = z.read("xl/worksheets/sheet%d.xml" % n).decode()
    rows = []
    for r in re.findall(r"<row [^>]*>(.*?)</row>", x, re.S):
        row = {}
        for ref, attrs, v in re.findall(r'<c r="([A-Z]+)\d+"([^>]*)><v>([^<]*)</v></c>', r):
            row[ref] = ss[int(v)] if 't="s"' in attrs else float(v)
        rows.append(row)
    return rows
def col(i):
    return chr(ord("A") + i)
def norm(v):
    return v.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
for name, sid in sheets:
    rows = cells(int(sid))
    data = list(csv.reader(open(os.path.join(d, name + ".csv"), encoding="utf-8")))
    assert len(rows) == len(data), (name, len(rows), len(data))
    assert [rows[0].get(col(i)) for i in range(len(data[0]))] == data[0], name
    # the same rows (the sheet in the order stored, the CSV by key)
    num = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")
    def from_csv(t):
        return None if t == "" else float(t) if num.match(t) else t
    def from_xlsx(v):
        return from_csv(norm(v)) if isinstance(v, str) else v
    def order(r):  # rows sorted by their text cells, then by their numbers
        return (tuple(x for x in r if isinstance(x, str)), tuple(x for x in r if isinstance(x, float)))
    want = sorted((tuple(from_csv(t) for t in r) for r in data[1:]), key=order)
    got = sorted((tuple(from_xlsx(r.get(col(i))) for i in range(len(data[0]))) for r in rows[1:]),
                 key=order)
    if name == "runs":  # scenario_text may pass Excel's cell limit
        continue
    for g, w in zip(got, want):
        for x, y in zip(g, w):
            ok = math.isclose(x, y, rel_tol=1e-15, abs_tol=1e-300) if isinstance(y, float) else x == y
            assert ok, (name, g, w)
mun = cells(int(dict(sheets)["municipality_results"]))
assert any(r.get("C") == "0114" for r in mun[1:]), "municipality ids as text"
PY
# the same run gives the same workbook bytes (its date is the run's created_at,
# here SOURCE_DATE_EPOCH, not the clock)
for d in w1 w2; do
    SOURCE_DATE_EPOCH=1735689600 "$VS" run --network fallback "$T/today.yaml" --out "$T/$d" \
        --stages need >/dev/null 2>&1 || fail "run $d"
    sleep 1.1
done
cmp -s "$T/w1/results.xlsx" "$T/w2/results.xlsx" || fail "the same run wrote different workbooks"
# a refused run (the directory exists, no --force) writes no workbook
rm "$T/run/results.xlsx"
"$VS" run --network fallback "$T/today.yaml" --out "$T/run" --stages need >/dev/null 2>&1 \
    && fail "run over an existing directory without --force"
[ ! -e "$T/run/results.xlsx" ] || fail "refused run wrote a workbook"
echo "ok"
