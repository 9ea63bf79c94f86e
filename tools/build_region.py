#!/usr/bin/env python3
"""Build a region directory for any Swedish county from the files of the
repository, or regenerate the default region and the national table.

1. Any county (files of this repository only):

   python3 tools/build_region.py --county CODE --out DIR [--boundaries FILE]
                                 [--hospitals FILE] [--name NAME]

   CODE is the two-digit SCB county code (03 Uppsala, 12 Skåne, ...; see
   data/national/regions.csv).  DIR (new, or empty) receives region.json,
   areas.csv, municipalities.csv, hospitals.csv, PROVENANCE.md and, with
   boundaries, areas.geojson:
   - areas: every DeSO of the county in data/national/deso_2022.csv (SCB,
     31 Dec 2022: age bands and the need variables);
   - coordinates: area-weighted centroids of DeSO polygons, from --boundaries
     (GeoJSON, EPSG:4326, one feature per DeSO with the code in property
     area_id, id, deso or Deso: SCB's DeSO 2018 division exported as GeoJSON)
     or, for county 01, the shipped data/stockholm/areas.geojson.  Without
     polygons there are no coordinates and the tool stops (it never guesses);
   - municipalities: their codes; names are not in the national table, so a
     municipality is named by its code unless the county is 01 (the shipped
     names) -- edit municipalities.csv to add names;
   - hospitals: --hospitals FILE (hospital_id,name,municipality_id,lat,lon,
     beds_planned,beds_staffed; for 01 the shipped ones), else ONE site standing for all of the
     region's hospitals at the population-weighted centroid of the county,
     with the region's average available beds of 2015 (SKL, data/national/
     regions.csv) as planned and staffed beds -- replace it with the real
     hospitals;
   - no parameters/: the region's own budgets, bed counts and rates go to
     DIR/parameters/<file>.csv (data/README.md); without them the run uses
     the shipped national values and says which region-specific ones are
     missing.

2. The default region and the national table (needs the team's shared data):

   python3 tools/build_region.py [SHARED_DATA_DIR] [OUT_DATA_DIR]
        defaults: ../shared/data  and  data

Only the Python standard library is used, so that anyone can re-run the
derivation and diff the output against the committed files.  Every
transformation is listed in data/stockholm/PROVENANCE.md; this script is the
executable form of that list.

Inputs (all under SHARED_DATA_DIR):
  scb-deso-2022/deso_population_by_age_2022.csv      population by 5-year band, 31 Dec 2022
  scb-deso-2022/deso_education_25_64_2022.csv        education of ages 25-64, 2022
  scb-deso-2022/deso_swedish_foreign_background_2022.csv
  scb-deso-2022/deso_households_2022.csv
  scb-deso-2022/deso_income_2022.csv
  scb-deso-2022/deso_dwellings_by_tenure.csv
  scb-regso-socioeconomic-area-type-2022/deso2018_regso2020_mapping.csv
  scb-regso-socioeconomic-area-type-2022/regso_socioeconomic_area_type_2022.csv
  scb-deso-stockholm-geo-2023/deso_stockholm_2018_polygons.geojson
  stockholm-kommun-boundaries/stockholm_kommuner.geojson
  stockholm-hospital-beds-2016/stockholm_acute_hospital_beds_2016-12-28.csv
and tools/hospital_sites.csv (hospital coordinates with their sources).
"""
import csv
import json
import math
import os
import sys

COUNTY_PREFIX = "01"
EXPECTED_COUNTY_POPULATION = 2440027
EXPECTED_AREAS = 1287

AGE_IN = ["0-4 år", "5-9 år", "10-14 år", "15-19 år", "20-24 år", "25-29 år",
          "30-34 år", "35-39 år", "40-44 år", "45-49 år", "50-54 år", "55-59 år",
          "60-64 år", "65-69 år", "70-74 år", "75-79 år", "80-år"]
AGE_OUT = ["pop_0_4", "pop_5_9", "pop_10_14", "pop_15_19", "pop_20_24", "pop_25_29",
           "pop_30_34", "pop_35_39", "pop_40_44", "pop_45_49", "pop_50_54", "pop_55_59",
           "pop_60_64", "pop_65_69", "pop_70_74", "pop_75_79", "pop_80_plus"]

EDU_COLS = ["middle_school", "gymnasium", "post_gymnasium_less_than_3",
            "post_gymnasium_more_than_3", "education_missing"]


def read_csv(path, key="deso"):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return {r[key]: r for r in rows} if key else rows


def ring_area_centroid(ring, lat0):
    """Signed area and centroid of one ring in a local equirectangular
    projection around latitude lat0 (x = lon*cos(lat0), y = lat), by the
    shoelace formula.  For areas of a few km the projection error is far
    below the 5-decimal rounding of the output."""
    k = math.cos(math.radians(lat0))
    a = cx = cy = 0.0
    n = len(ring)
    for i in range(n - 1):
        x0, y0 = ring[i][0] * k, ring[i][1]
        x1, y1 = ring[i + 1][0] * k, ring[i + 1][1]
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    a *= 0.5
    if a == 0.0:
        return 0.0, 0.0, 0.0
    return a, cx / (6.0 * a) / k, cy / (6.0 * a)


def polygon_centroid(geom):
    """Area-weighted centroid (lat, lon) of a Polygon or MultiPolygon; holes
    (inner rings, opposite orientation) subtract by their signed area."""
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    lats = [p[1] for poly in polys for ring in poly for p in ring]
    lat0 = sum(lats) / len(lats)
    total = sx = sy = 0.0
    for poly in polys:
        outer_sign = None
        for idx, ring in enumerate(poly):
            a, x, y = ring_area_centroid(ring, lat0)
            if idx == 0:
                outer_sign = 1.0 if a >= 0 else -1.0
            a *= outer_sign  # outer positive, holes negative whatever the winding
            if idx > 0 and a > 0:
                a = -a
            total += a
            sx += a * x
            sy += a * y
    if total == 0.0:
        raise SystemExit("degenerate polygon")
    return sy / total, sx / total


def derived_site(areas, municipality, rule):
    """Population-weighted centroid of the DeSO centroids selected by `rule`:
    'municipality-centre' = the municipal-centre (type C) areas of the
    municipality; 'regso:CODE' = the areas of one RegSO.  Used only where no
    published coordinate of a hospital was found (see coord_source)."""
    if rule == "municipality-centre":
        sel = [a for a in areas if a["municipality_id"] == municipality and a["area_type"] == "C"]
    elif rule.startswith("regso:"):
        sel = [a for a in areas if a["regso_id"] == rule[6:]]
    else:
        raise SystemExit(f"unknown derive_from rule {rule!r}")
    w = sum(a["population"] for a in sel)
    lat = sum(float(a["lat"]) * a["population"] for a in sel) / w
    lon = sum(float(a["lon"]) * a["population"] for a in sel) / w
    return f"{lat:.5f}", f"{lon:.5f}"



# Open (disponibla) beds at the acute hospitals in an ordinary month: the point measurement of
# November 2017 (Stockholms läns landsting news 2017-11 'Statistik om vårdplatser och vårdbesök i
# november', https://www.sll.se/verksamhet/halsa-och-vard/nyheter-halsa-och-vard/2017/11/
# Statistik-om-vardplatser-och-vardbesok-i-november/).  No per-hospital figure is published.
OPEN_BEDS_NOV_2017 = 2787
BEDS_SOURCE = ("beds_planned: SLL PM 2016-12-28 'Rapportbilaga vecka 52'; beds_staffed DERIVED: "
               "the 2,787 open beds of November 2017 (SLL news 2017-11 'Statistik om vårdplatser "
               "och vårdbesök i november') split in proportion to the hospital's open beds of "
               "2016-12-28 ({dec}), capped at beds_planned, largest remainder")


def split_open_beds(total, weights, caps):
    """Split total in proportion to weights, no share above its cap (the excess goes to the
    others in proportion), integers by largest remainder.  Deterministic."""
    n = len(weights)
    fixed = [None] * n
    while True:
        free = [i for i in range(n) if fixed[i] is None]
        left = total - sum(v for v in fixed if v is not None)
        wsum = sum(weights[i] for i in free)
        over = [i for i in free if left * weights[i] / wsum > caps[i]]
        if not over:
            break
        for i in over:
            fixed[i] = caps[i]
    exact = {i: left * weights[i] / wsum for i in free}
    out = [fixed[i] if fixed[i] is not None else int(exact[i]) for i in range(n)]
    rest = total - sum(out)
    for i in sorted(free, key=lambda i: (-(exact[i] - int(exact[i])), i))[:rest]:
        out[i] += 1
    return out

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "data")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "data")
    deso_dir = os.path.join(src, "scb-deso-2022")

    age = read_csv(os.path.join(deso_dir, "deso_population_by_age_2022.csv"))
    edu = read_csv(os.path.join(deso_dir, "deso_education_25_64_2022.csv"))
    bg = read_csv(os.path.join(deso_dir, "deso_swedish_foreign_background_2022.csv"))
    hh = read_csv(os.path.join(deso_dir, "deso_households_2022.csv"))
    inc = read_csv(os.path.join(deso_dir, "deso_income_2022.csv"))
    dw = read_csv(os.path.join(deso_dir, "deso_dwellings_by_tenure.csv"))
    rdir = os.path.join(src, "scb-regso-socioeconomic-area-type-2022")
    regso_of = read_csv(os.path.join(rdir, "deso2018_regso2020_mapping.csv"))
    regso_type = read_csv(os.path.join(rdir, "regso_socioeconomic_area_type_2022.csv"), key="regso_kod")

    def need_columns(d):
        a, e, b = age[d], edu[d], bg[d]
        pops = [int(a[c]) for c in AGE_IN]
        if sum(pops) != int(a["total"]):
            raise SystemExit(f"{d}: age bands do not sum to total")
        if int(b["total"]) != int(a["total"]):
            raise SystemExit(f"{d}: background total differs from age total")
        edu_total = sum(int(e[c]) for c in EDU_COLS)
        if edu_total != sum(pops[5:13]):
            raise SystemExit(f"{d}: education total differs from population 25-64")
        w = dw[d]
        dwell = sum(int(w[c]) for c in ("hyresrätt", "bostadsrätt", "äganderätt", "uppgift saknas"))
        rk = regso_of[d]["regso_kod"]
        row = {
            "area_id": d,
            "municipality_id": d[:4],
            "area_type": d[4],
            "regso_id": rk,
            "socioeconomic_type": regso_type[rk]["omradestyp_2022"],
            "population": sum(pops),
        }
        row.update(dict(zip(AGE_OUT, pops)))
        row.update({
            "pop_25_64": edu_total,
            "low_education_25_64": int(e["middle_school"]),
            "foreign_background": int(b["foreign"]),
            "households": int(hh[d]["total_households"]),
            "dwellings": dwell,
            "rental_dwellings": int(w["hyresrätt"]),
            "median_income_tkr": inc[d]["median_income_tkr"],
            "income_persons_20_plus": int(inc[d]["persons"]),
        })
        return row

    need_cols = ["pop_25_64", "low_education_25_64", "foreign_background", "households",
                 "dwellings", "rental_dwellings", "median_income_tkr", "income_persons_20_plus"]

    # --- national reference table (all DeSO, no coordinates) ---------------
    nat_cols = ["area_id", "municipality_id", "area_type", "regso_id", "socioeconomic_type",
                "population"] + AGE_OUT + need_cols
    os.makedirs(os.path.join(out, "national"), exist_ok=True)
    nat_rows = [need_columns(d) for d in sorted(age)]
    with open(os.path.join(out, "national", "deso_2022.csv"), "w", encoding="utf-8", newline="") as f:
        wr = csv.DictWriter(f, fieldnames=nat_cols, lineterminator="\n")
        wr.writeheader()
        wr.writerows(nat_rows)

    # --- the Stockholm region ----------------------------------------------
    geo = json.load(open(os.path.join(src, "scb-deso-stockholm-geo-2023",
                                      "deso_stockholm_2018_polygons.geojson"), encoding="utf-8"))
    centroid = {}
    for feat in geo["features"]:
        centroid[feat["properties"]["id"]] = polygon_centroid(feat["geometry"])

    desos = sorted(d for d in age if d.startswith(COUNTY_PREFIX))
    if len(desos) != EXPECTED_AREAS or set(desos) != set(centroid):
        raise SystemExit("DeSO codes of the tables and the polygons differ")
    area_cols = ["area_id", "municipality_id", "lat", "lon", "area_type", "regso_id",
                 "socioeconomic_type", "population"] + AGE_OUT + need_cols
    rows = []
    for d in desos:
        r = need_columns(d)
        lat, lon = centroid[d]
        r["lat"] = f"{lat:.5f}"
        r["lon"] = f"{lon:.5f}"
        rows.append(r)
    total = sum(r["population"] for r in rows)
    if total != EXPECTED_COUNTY_POPULATION:
        raise SystemExit(f"county total {total} != {EXPECTED_COUNTY_POPULATION}")
    reg = os.path.join(out, "stockholm")
    os.makedirs(reg, exist_ok=True)
    with open(os.path.join(reg, "areas.csv"), "w", encoding="utf-8", newline="") as f:
        wr = csv.DictWriter(f, fieldnames=area_cols, lineterminator="\n")
        wr.writeheader()
        wr.writerows(rows)

    kom = json.load(open(os.path.join(src, "stockholm-kommun-boundaries", "stockholm_kommuner.geojson"),
                         encoding="utf-8"))
    munis = []
    for feat in kom["features"]:
        lat, lon = polygon_centroid(feat["geometry"])
        munis.append((feat["properties"]["KnKod"], feat["properties"]["KnNamn"], lat, lon))
    munis.sort()
    with open(os.path.join(reg, "municipalities.csv"), "w", encoding="utf-8", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["municipality_id", "name", "lat", "lon"])
        for code, name, lat, lon in munis:
            wr.writerow([code, name, f"{lat:.5f}", f"{lon:.5f}"])

    # DeSO polygons for the report's maps (the same geometry, compact).
    with open(os.path.join(reg, "areas.geojson"), "w", encoding="utf-8") as f:
        feats = [{"type": "Feature", "properties": {"area_id": ft["properties"]["id"]},
                  "geometry": ft["geometry"]} for ft in sorted(geo["features"], key=lambda x: x["properties"]["id"])]
        json.dump({"type": "FeatureCollection", "features": feats}, f, separators=(",", ":"))
        f.write("\n")

    # Hospitals: fastställda beds from the SLL PM of 28 Dec 2016; open (disponibla) beds of an
    # ordinary month: the SLL total of November 2017 split over the hospitals (split_open_beds);
    # sites from tools/hospital_sites.csv.
    beds = read_csv(os.path.join(src, "stockholm-hospital-beds-2016",
                                 "stockholm_acute_hospital_beds_2016-12-28.csv"), key="hospital_abbrev")
    sites = read_csv(os.path.join(here, "hospital_sites.csv"), key="hospital_abbrev")
    hosp = [(a, b) for a, b in beds.items() if a != "Totalt"]
    open_beds = split_open_beds(OPEN_BEDS_NOV_2017,
                                [int(b["disponibla_vardplatser"]) for _, b in hosp],
                                [int(b["faststallda_vardplatser"]) for _, b in hosp])
    with open(os.path.join(reg, "hospitals.csv"), "w", encoding="utf-8", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["hospital_id", "name", "municipality_id", "lat", "lon",
                     "beds_planned", "beds_staffed", "beds_date", "coord_source", "beds_source"])
        for (abbrev, b), staffed in zip(hosp, open_beds):
            s = sites[abbrev]
            lat, lon = s["lat"], s["lon"]
            if not lat:
                lat, lon = derived_site(rows, s["municipality_id"], s["derive_from"])
            wr.writerow([s["hospital_id"], b["hospital_name"], s["municipality_id"], lat, lon,
                         b["faststallda_vardplatser"], staffed, "2017-11", s["coord_source"],
                         BEDS_SOURCE.format(dec=b["disponibla_vardplatser"])])
    print(f"wrote {len(rows)} areas, population {total}, {len(munis)} municipalities, "
          f"{len(nat_rows)} national rows")


def write_csv(path, cols, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        wr = csv.DictWriter(f, fieldnames=cols, lineterminator="\n", extrasaction="ignore")
        wr.writeheader()
        wr.writerows(rows)


def feature_id(props):
    for k in ("area_id", "id", "deso", "Deso", "DeSO", "desokod"):
        if k in props:
            return str(props[k])
    raise SystemExit(f"boundaries: a feature has no DeSO code (properties {sorted(props)})")


def county_areas(root, code):
    """The county's rows of data/national/deso_2022.csv."""
    with open(os.path.join(root, "data", "national", "deso_2022.csv"), encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["area_id"][:2] == code]
    if not rows:
        raise SystemExit(f"county {code}: no DeSO in data/national/deso_2022.csv "
                         "(see data/national/regions.csv for the codes)")
    return rows


def county_geometry(root, code, boundaries, desos):
    """{deso: geometry} of the county's DeSOs, from --boundaries or, for 01,
    the shipped data/stockholm/areas.geojson; every DeSO must have one."""
    path = boundaries or (os.path.join(root, "data", "stockholm", "areas.geojson")
                          if code == "01" else None)
    if not path:
        raise SystemExit(f"county {code}: no coordinates for its {len(desos)} areas in the "
                         "repository; give --boundaries FILE (SCB DeSO 2018 polygons as "
                         "GeoJSON, EPSG:4326)")
    with open(path, encoding="utf-8") as f:
        geo = json.load(f)
    polys = {}
    for ft in geo["features"]:
        d = feature_id(ft["properties"])
        if d in desos:
            polys[d] = ft["geometry"]
    missing = sorted(set(desos) - set(polys))
    if missing:
        raise SystemExit(f"{path}: no polygon for {len(missing)} DeSO of county {code} "
                         f"(first {missing[0]})")
    return path, polys


def county_hospitals(root, code, hospitals, areas):
    """Rows of hospitals.csv: the file given, or one site for the region."""
    if not hospitals and code == "01":
        hospitals = os.path.join(root, "data", "stockholm", "hospitals.csv")
    if hospitals:
        with open(hospitals, encoding="utf-8-sig", newline="") as f:
            return list(csv.DictReader(f)), f"the file given ({os.path.basename(hospitals)})"
    with open(os.path.join(root, "data", "national", "regions.csv"), encoding="utf-8") as f:
        reg = {r["county_code"]: r for r in csv.DictReader(f)}
    if code not in reg:
        raise SystemExit(f"county {code}: not in data/national/regions.csv")
    w = sum(a["population"] for a in areas)
    lat = sum(float(a["lat"]) * a["population"] for a in areas) / w
    lon = sum(float(a["lon"]) * a["population"] for a in areas) / w
    big = {}
    for a in areas:
        big[a["municipality_id"]] = big.get(a["municipality_id"], 0) + a["population"]
    muni = max(sorted(big), key=lambda m: big[m])
    beds = reg[code]["beds_available_2015"]
    return ([{"hospital_id": f"R{code}", "name": f"All hospitals of Region {reg[code]['region']}"
              " (one site)", "municipality_id": muni, "lat": f"{lat:.5f}", "lon": f"{lon:.5f}",
              "beds_planned": beds, "beds_staffed": beds}],
            "ONE site for all of the region's hospitals: population-weighted centroid of the "
            "county's areas, in its most populous municipality; planned = staffed beds = the "
            f"region's average available beds 2015 ({beds}; SKL Verksamhetstabeller 2015 tabell "
            "32 via Läkartidningen 2016, data/national/regions.csv). Replace with the real "
            "hospitals (--hospitals).")


def build_county(argv):
    import argparse
    ap = argparse.ArgumentParser(prog="build_region.py --county",
                                 description="Build a region directory for a Swedish county.")
    ap.add_argument("--county", required=True, help="two-digit SCB county code, e.g. 03")
    ap.add_argument("--out", required=True, help="region directory to create (new or empty)")
    ap.add_argument("--boundaries", help="DeSO polygons (GeoJSON, EPSG:4326)")
    ap.add_argument("--hospitals", help="hospitals.csv of the region")
    ap.add_argument("--name", help="region name (default: Region <county>)")
    a = ap.parse_args(argv)
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    code = a.county.zfill(2)
    if os.path.exists(a.out) and os.listdir(a.out):
        raise SystemExit(f"{a.out}: exists and is not empty (nothing is overwritten)")
    rows = county_areas(root, code)
    desos = [r["area_id"] for r in rows]
    gpath, polys = county_geometry(root, code, a.boundaries, desos)
    for r in rows:
        lat, lon = polygon_centroid(polys[r["area_id"]])
        r["lat"], r["lon"] = f"{lat:.5f}", f"{lon:.5f}"
        r["population"] = int(r["population"])
    with open(os.path.join(root, "data", "national", "regions.csv"), encoding="utf-8") as f:
        rname = {x["county_code"]: x["region"] for x in csv.DictReader(f)}.get(code, code)
    name = a.name or f"Region {rname}"
    names = {}
    if code == "01":
        with open(os.path.join(root, "data", "stockholm", "municipalities.csv"), encoding="utf-8") as f:
            names = {m["municipality_id"]: m["name"] for m in csv.DictReader(f)}
    hosp, hsrc = county_hospitals(root, code, a.hospitals, rows)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(root, "data", "national", "deso_2022.csv"), encoding="utf-8") as f:
        nat_cols = next(csv.reader(f))
    cols = nat_cols[:2] + ["lat", "lon"] + nat_cols[2:]
    write_csv(os.path.join(a.out, "areas.csv"), cols, rows)
    munis = sorted({r["municipality_id"] for r in rows})
    write_csv(os.path.join(a.out, "municipalities.csv"), ["municipality_id", "name"],
              [{"municipality_id": m, "name": names.get(m, m)} for m in munis])
    write_csv(os.path.join(a.out, "hospitals.csv"),
              ["hospital_id", "name", "municipality_id", "lat", "lon", "beds_planned",
               "beds_staffed"], hosp)
    with open(os.path.join(a.out, "region.json"), "w", encoding="utf-8") as f:
        json.dump({"name": name, "base_year": 2022}, f, ensure_ascii=False, indent=2)
        f.write("\n")
    with open(os.path.join(a.out, "areas.geojson"), "w", encoding="utf-8") as f:
        feats = [{"type": "Feature", "properties": {"area_id": d}, "geometry": polys[d]}
                 for d in sorted(desos)]
        json.dump({"type": "FeatureCollection", "features": feats}, f, separators=(",", ":"))
        f.write("\n")
    pop = sum(r["population"] for r in rows)
    with open(os.path.join(a.out, "PROVENANCE.md"), "w", encoding="utf-8") as f:
        f.write(f"""# {name} (county {code}), built by tools/build_region.py

Command: `python3 tools/build_region.py --county {code} --out DIR` with boundaries
`{os.path.basename(gpath)}`.

- `areas.csv`: the {len(rows)} DeSO of county {code} in data/national/deso_2022.csv (SCB, population
  31 Dec 2022 by age band and the need variables; data/stockholm/PROVENANCE.md lists the SCB
  tables), {pop} residents; `lat`/`lon` DERIVED: area-weighted centroid of each DeSO polygon.
- `areas.geojson`: the same polygons, for the report's maps.
- `municipalities.csv`: the municipality codes of those areas; names
  {"from data/stockholm/municipalities.csv" if names else "NOT FOUND in the repository: each is named by its SCB code; edit the file"}.
- `hospitals.csv`: {hsrc}
- `region.json`: base year 2022 (the population date).
- No `parameters/`: put the region's own budgets, bed counts and rates in
  `parameters/<file>.csv` (same columns as data/parameters/, data/README.md).
""")
    print(f"wrote {a.out}: {len(rows)} areas, population {pop}, {len(munis)} municipalities, "
          f"{len(hosp)} hospital(s)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1].startswith("--"):
        build_county(sys.argv[1:])
    else:
        main()
