#!/usr/bin/env python3
"""Regenerate the committed seed corpora fuzz/corpus/<harness>/ and the
dictionaries fuzz/<harness>.dict from real files in data/ and tests/data,
trimmed to a few rows (fuzz/README.md).  Run from the source tree:
    python3 fuzz/seed_corpus.py [path/to/results.sqlite]
The optional store is trimmed (sqlite3 CLI) into the fuzz_store seed."""
import glob, json, os, re, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def read(rel):
    with open(os.path.join(ROOT, rel), "rb") as f:
        return f.read()


def head(rel, lines):
    """The first `lines` lines of a text file."""
    return b"".join(read(rel).splitlines(keepends=True)[:lines])


def put(harness, name, data):
    d = os.path.join(CORPUS, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def excel(data):
    """The Swedish Excel export of a CSV text: UTF-8 BOM, CRLF, ';' between
    columns, decimal commas, counts written as "122.0" (the dialects of
    src/core/csv.c)."""
    import csv, io
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    out = io.StringIO(newline="")
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for k, r in enumerate(rows):
        if k and r:
            r = [v.replace(".", ",") if re.fullmatch(r"-?\d+\.\d+", v) else
                 v + ".0" if re.fullmatch(r"[1-9]\d{0,5}", v) else v for v in r]
        w.writerow(r)
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def region():
    files = ["region.json", "municipalities.csv", "areas.csv", "hospitals.csv"]
    for src in ["tests/data/region/mini", "tests/data/flow/region", "tests/data/listing/region"]:
        tag = src.split("/")[2]
        for i, f in enumerate(files):
            put("region", "%s_%s" % (tag, f), bytes([i]) + head(src + "/" + f, 8))
    for i, f in enumerate(files):
        put("region", "stockholm_" + f, bytes([i]) + head("data/stockholm/" + f, 6))
    for i, f in enumerate(files[1:], 1):  # the spreadsheet dialects
        put("region", "excel_" + f, bytes([i]) + excel(head("tests/data/region/mini/" + f, 8)))


def params():
    files = ["allocation.csv", "budget.csv", "care_need_index.csv", "demand_rates.csv",
             "flow.csv", "gp_workforce.csv", "hospital_beds.csv", "inpatient_care.csv"]
    for i, f in enumerate(files):
        put("params", f, bytes([i]) + read("data/parameters/" + f))
    for i in (4, 5):
        put("params", "excel_" + files[i], bytes([i]) + excel(read("data/parameters/" + files[i])))
    put("params", "deso_2022.csv", bytes([8]) + head("data/national/deso_2022.csv", 4))
    put("params", "reference.csv", bytes([8]) + read("tests/data/need/reference.csv"))
    for f in glob.glob(os.path.join(ROOT, "tests/data/need/delivered_cni*.csv")):
        put("params", os.path.basename(f), bytes([9]) + read(os.path.relpath(f, ROOT)))


def screening():
    files = ["params/screening_programmes.csv", "params/screening.csv",
             "region/age_sex.csv", "region/vaccination_coverage.csv"]
    for i, f in enumerate(files):
        put("screening", os.path.basename(f), bytes([i]) + head("tests/data/screening/" + f, 12))
    put("screening", "stockholm_programmes.csv",
        bytes([0]) + read("data/parameters/screening_programmes.csv"))


def forecast():
    put("forecast", "projection_2023.csv", bytes([0]) + read("tests/data/forecast/projection_2023.csv"))
    put("forecast", "municipalities_age_2019.csv",
        bytes([1]) + read("data/stockholm/municipalities_age_2019.csv"))
    put("forecast", "population.csv", bytes([2]) + read("data/parameters/population.csv"))


def listing():
    sel = {"areas": 0, "weights": 1, "centres": 2, "sites": 3}
    for f in sorted(glob.glob(os.path.join(ROOT, "tests/data/listing/*.csv"))):
        b = os.path.basename(f)
        k = re.match(r"[a-z]+", b).group(0)
        if k in sel:
            put("listing", b, bytes([sel[k]]) + read(os.path.relpath(f, ROOT)))
    put("listing", "excel_centres3.csv", bytes([2]) + excel(read("tests/data/listing/centres3.csv")))
    for f in sorted(glob.glob(os.path.join(ROOT, "tests/data/beds/demand_*.csv"))):
        put("listing", os.path.basename(f), bytes([4]) + read(os.path.relpath(f, ROOT)))


def scenario():
    pats = ["scenarios/*.yaml", "tests/data/run/*.yaml", "tests/data/scenario/*.yaml"]
    for p in pats:
        for f in sorted(glob.glob(os.path.join(ROOT, p))):
            rel = os.path.relpath(f, ROOT)
            put("scenario", rel.replace("/", "_"), read(rel))


def validation():
    put("validation", "stockholm.csv", read("data/validation/stockholm.csv"))


def geojson():
    g = json.loads(read("data/stockholm/areas.geojson"))
    feats = g["features"][:2]
    for ft in feats:  # keep every 8th vertex of each ring: small but real
        rings = ft["geometry"]["coordinates"]
        if ft["geometry"]["type"] == "Polygon":
            rings = [rings]
        for poly in rings:
            for k, ring in enumerate(poly):
                poly[k] = ring[::8] + [ring[0]] if len(ring) > 16 else ring
    put("geojson", "stockholm2.geojson", json.dumps({"type": "FeatureCollection",
                                                     "features": feats}).encode())
    multi = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"area_id": "A1"},
         "geometry": {"type": "MultiPolygon", "coordinates": [
             [[[18.0, 59.3], [18.1, 59.3], [18.1, 59.4], [18.0, 59.3]]],
             [[[18.2, 59.3], [18.3, 59.3], [18.3, 59.4], [18.2, 59.3]],
              [[18.22, 59.31], [18.25, 59.31], [18.25, 59.33], [18.22, 59.31]]]]}},
        {"type": "Feature", "properties": {"area_id": "B1"},
         "geometry": {"type": "Polygon", "coordinates": [
             [[18.0, 59.5], [18.1, 59.5], [18.1, 59.6], [18.0, 59.5]]]}}]}
    put("geojson", "multipolygon.geojson", json.dumps(multi).encode())


def store(path):
    """A copy of a real results.sqlite with a few rows per table, 512-byte pages."""
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "results.sqlite")
        shutil.copy(path, db)
        tables = subprocess.check_output(
            ["sqlite3", db, "SELECT name FROM sqlite_master WHERE type='table'"]).decode().split()
        sql = ["PRAGMA foreign_keys=OFF;"]
        for t in tables:
            if t not in ("meta", "runs"):
                sql.append("DELETE FROM %s WHERE rowid NOT IN (SELECT rowid FROM %s LIMIT 3);"
                           % (t, t))
        sql.append("UPDATE runs SET scenario_text = substr(scenario_text, 1, 200);")
        sql.append("PRAGMA page_size=512; VACUUM;")
        subprocess.check_call(["sqlite3", db, "\n".join(sql)])
        put("store", "small_run.sqlite", open(db, "rb").read())


def dicts():
    src = read("src/scenario/scenario.c").decode()
    keys = set()
    for k in re.findall(r'"\.?([a-z_.]+)", F_', src):  # rows, and PROF_ROWS' key tails
        keys.update(w for w in k.split(".") if w)
    keys.update(re.findall(r'PROF_ROWS\(\d, "([a-z]+)"', src))
    words = sorted(keys) + ["true", "false", "null", "~", "!!str", "!!int", "&a", "*a", "---",
                            "...", "- ", ": ", "%YAML 1.2", "'", '"', "{", "}", "[", "]"]
    with open(os.path.join(ROOT, "fuzz", "scenario.dict"), "w") as f:
        for w in words:
            f.write('"%s"\n' % w.replace("\\", "\\\\").replace('"', '\\"'))
    cols = set()
    for rel in glob.glob(os.path.join(ROOT, "data/**/*.csv"), recursive=True) + \
            glob.glob(os.path.join(ROOT, "tests/data/**/*.csv"), recursive=True):
        with open(rel, "rb") as fh:
            cols.update(fh.readline().decode("utf-8", "replace").strip().split(","))
    words = sorted(c for c in cols if c and re.fullmatch(r"[a-z0-9_]+", c))
    words += [",", "\\x0a", '"', '""', "1e308", "-0", "nan", "inf", "0x1A", "\\xef\\xbb\\xbf",
              "\\x0d\\x0a", ";", "0,5", "122.0", "1\\xc2\\xa0000", "\\x0d"]
    with open(os.path.join(ROOT, "fuzz", "csv.dict"), "w") as f:
        for w in words:
            f.write('"%s"\n' % (w if w.startswith("\\x") else w.replace('"', '\\"')))
    words = ["type", "FeatureCollection", "Feature", "features", "properties", "area_id",
             "geometry", "Polygon", "MultiPolygon", "coordinates", "[", "]", "{", "}", ":", ",",
             "null", "1e999", "-180", "90.0"]
    with open(os.path.join(ROOT, "fuzz", "geojson.dict"), "w") as f:
        for w in words:
            f.write('"%s"\n' % w.replace('"', '\\"'))


if __name__ == "__main__":
    region(); params(); screening(); forecast(); validation(); listing(); scenario(); geojson(); dicts()
    if len(sys.argv) > 1:
        store(sys.argv[1])
