#!/usr/bin/env python3
"""Build the screening model's region inputs for Stockholm County from the
public tables in the team's shared data folder (docs/screening.md):

  data/stockholm/age_sex.csv               persons by municipality, single year
                                           of age and sex (SCB, 31 Dec 2019)
  data/stockholm/vaccination_coverage.csv  COVID-19 vaccination coverage (at
                                           least one dose) by DeSO, 18 Jan 2022
                                           (Folkhälsomyndigheten, NVR)

usage: tools/build_screening_data.py SHARED_DATA_DIR OUT_DIR
Values are copied unchanged (only renamed and re-coded); re-run and `git diff`
must be empty.  The script stops if a check fails.
"""
import csv
import sys


def age_sex(shared, out):
    src = f"{shared}/scb-kommun-age-sex-2019/stockholm_kommun_age_sex_2019.csv"
    rows = []
    total = {"female": 0, "male": 0}
    with open(src, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            sex = {"kvinnor": "female", "män": "male"}[r["kön"]]
            persons = int(r["X2019"])
            total[sex] += persons
            rows.append((r["kommun_kod"], int(r["ålder"]), sex, persons))
    if sum(total.values()) != 2377081 or total["male"] != 1190016:
        sys.exit(f"age_sex: county total {total} differs from SCB's 2,377,081")
    if len(rows) != 26 * 101 * 2:
        sys.exit(f"age_sex: {len(rows)} rows, expected 5252")
    rows.sort()
    with open(f"{out}/age_sex.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["municipality_id", "age", "sex", "persons"])
        w.writerows(rows)


COLS = {"all_adults": "all_adults", "18-64": "age_18_64", "65+": "age_65_plus"}


def coverage(shared, out):
    src = (f"{shared}/fohm-covid19-vaccination-deso-2022/"
           "covid19_vaccination_coverage_by_deso_2022-01-18.csv")
    cells = {}
    with open(src, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if not r["deso"].startswith("01") or r["doses"] != "1":
                continue
            if r["age_group"] not in COLS:
                continue
            key = (r["deso"], COLS[r["age_group"]])
            if key in cells:
                sys.exit(f"coverage: duplicate {key}")
            cells[key] = (r["share_percent"], r["share_upper_percent"])
    areas = sorted({d for d, _ in cells})
    if len(areas) != 1287:
        sys.exit(f"coverage: {len(areas)} Stockholm DeSO, expected 1287")
    header = ["area_id"]
    for c in COLS.values():
        header += [f"{c}_percent", f"{c}_upper_percent"]
    with open(f"{out}/vaccination_coverage.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for d in areas:
            row = [d]
            for c in COLS.values():
                row += list(cells.get((d, c), ("", "")))
            w.writerow(row)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    age_sex(sys.argv[1], sys.argv[2])
    coverage(sys.argv[1], sys.argv[2])


if __name__ == "__main__":
    main()
