/*
 * region.c: loads and validates a region directory (see vardsim/region.h).
 *
 * Order matters: region.json, then municipalities.csv (so that areas and
 * hospitals can be checked against known municipality ids), then areas.csv,
 * then hospitals.csv.  The first problem stops the load with a located
 * message; a partially built region is freed, never returned.
 */
#include "vardsim/region.h"
#include "vardsim/csv.h"
#include "vardsim/report.h"
#include "core/text.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const band_cols[VS_AGE_BANDS] = {
    "pop_0_4",   "pop_5_9",   "pop_10_14", "pop_15_19", "pop_20_24", "pop_25_29",
    "pop_30_34", "pop_35_39", "pop_40_44", "pop_45_49", "pop_50_54", "pop_55_59",
    "pop_60_64", "pop_65_69", "pop_70_74", "pop_75_79", "pop_80_plus"};
static const char *const band_labels[VS_AGE_BANDS] = {
    "0-4",   "5-9",   "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44",
    "45-49", "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80+"};

const char *vs_age_band_column(int b) { return b >= 0 && b < VS_AGE_BANDS ? band_cols[b] : ""; }
const char *vs_age_band_label(int b) { return b >= 0 && b < VS_AGE_BANDS ? band_labels[b] : ""; }
int vs_age_band_lo(int b) { return 5 * b; }
int vs_age_band_hi(int b) { return b == VS_AGE_BANDS - 1 ? 120 : 5 * b + 4; }

double vs_distance_km(double lat1, double lon1, double lat2, double lon2)
{
    const double r = 6371.0088, d2r = M_PI / 180.0;
    double dlat = (lat2 - lat1) * d2r, dlon = (lon2 - lon1) * d2r;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * d2r) * cos(lat2 * d2r) * sin(dlon / 2) * sin(dlon / 2);
    return 2.0 * r * asin(fmin(1.0, sqrt(a)));
}

static void join(char *buf, size_t cap, const char *dir, const char *file)
{
    snprintf(buf, cap, "%s/%s", dir, file);
}

void vs_region_destroy(vs_region *r)
{
    if (!r)
        return;
    free(r->areas);
    free(r->municipalities);
    free(r->hospitals);
    vs_report_geo_destroy(r->geo);
    free(r);
}

int vs_region_find_municipality(const vs_region *r, const char *id)
{
    for (int i = 0; i < r->n_municipalities; i++)
        if (strcmp(r->municipalities[i].municipality_id, id) == 0)
            return i;
    return -1;
}

int vs_region_find_area(const vs_region *r, const char *id)
{
    /* Areas are kept sorted by id (checked at load), so a binary search works. */
    int lo = 0, hi = r->n_areas - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(r->areas[mid].area_id, id);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

static vs_status load_meta(vs_ctx *ctx, const char *dir, vs_region *r)
{
    char path[1200];
    join(path, sizeof path, dir, "region.json");
    char *text;
    size_t len;
    vs_status st = vsi_read_text_file(ctx, path, 0, &text, &len);
    if (st)
        return st;
    json_error_t err;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    free(text);
    /* jansson reports its failed allocations as json_error_out_of_memory or,
     * when its lexer could not start, with no error text at all */
    if (!root && (json_error_code(&err) == json_error_out_of_memory || !err.text[0]))
        return vs_ctx_fail(ctx, VS_ENOMEM, "%s: out of memory", path);
    if (!root)
        return vs_ctx_fail(ctx, VS_EINPUT, "%s:%d:%d: %s", path, err.line, err.column, err.text);
    json_t *name = json_object_get(root, "name");
    json_t *year = json_object_get(root, "base_year");
    if (!json_is_object(root))
        st = vs_ctx_fail_at(ctx, path, 1, NULL, "expected a JSON object");
    else if (!json_is_string(name) || json_string_length(name) == 0 ||
             json_string_length(name) >= VS_NAME_MAX)
        st = vs_ctx_fail_at(ctx, path, 0, "name", "must be a non-empty string shorter than %d bytes",
                            VS_NAME_MAX);
    else if (!json_is_integer(year) || json_integer_value(year) < 1900 ||
             json_integer_value(year) > 2200)
        st = vs_ctx_fail_at(ctx, path, 0, "base_year", "must be an integer year (1900-2200)");
    else {
        snprintf(r->name, sizeof r->name, "%s", json_string_value(name));
        r->base_year = (int)json_integer_value(year);
    }
    json_decref(root);
    return st;
}

static vs_status load_municipalities(vs_ctx *ctx, const char *dir, vs_region *r)
{
    char path[1200];
    join(path, sizeof path, dir, "municipalities.csv");
    vs_csv *csv;
    vs_status st = vs_csv_open(ctx, path, &csv);
    if (st)
        return st;
    int c_id, c_name;
    if ((st = vs_csv_require(ctx, csv, "municipality_id", &c_id)) ||
        (st = vs_csv_require(ctx, csv, "name", &c_name))) {
        vs_csv_close(csv);
        return st;
    }
    int c_lat = vs_csv_find(csv, "lat"), c_lon = vs_csv_find(csv, "lon");
    int cap = 0, has;
    while (!(st = vs_csv_next(ctx, csv, &has)) && has) {
        if (r->n_municipalities == cap) {
            cap = cap ? 2 * cap : 32;
            vs_municipality *m = realloc(r->municipalities, (size_t)cap * sizeof *m);
            if (!m) {
                st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
                break;
            }
            r->municipalities = m;
        }
        vs_municipality *m = &r->municipalities[r->n_municipalities];
        memset(m, 0, sizeof *m);
        m->lat = m->lon = NAN;
        if ((st = vs_csv_id(ctx, csv, c_id, m->municipality_id, sizeof m->municipality_id)) ||
            (st = vs_csv_text(ctx, csv, c_name, m->name, sizeof m->name)))
            break;
        if (vs_region_find_municipality(r, m->municipality_id) >= 0) {
            st = vs_csv_fail(ctx, csv, c_id, "duplicate municipality id '%s'", m->municipality_id);
            break;
        }
        if ((c_lat >= 0) != (c_lon >= 0)
            || (c_lat >= 0 && vs_csv_empty(csv, c_lat) != vs_csv_empty(csv, c_lon))) {
            int c = c_lat >= 0 && (c_lon < 0 || !vs_csv_empty(csv, c_lat)) ? c_lat : c_lon;
            st = vs_csv_fail(ctx, csv, c, "lat and lon must be given together (or both left "
                                          "empty)");
            break;
        }
        if (c_lat >= 0 && !vs_csv_empty(csv, c_lat) &&
            ((st = vs_csv_double(ctx, csv, c_lat, -90, 90, &m->lat)) ||
             (st = vs_csv_double(ctx, csv, c_lon, -180, 180, &m->lon))))
            break;
        r->n_municipalities++;
    }
    if (!st && r->n_municipalities == 0)
        st = vs_ctx_fail_at(ctx, path, 2, NULL, "no municipalities (the file has only a header)");
    vs_csv_close(csv);
    return st;
}

/* Optional count column: -1 when the column is absent. */
static vs_status opt_count(vs_ctx *ctx, vs_csv *csv, int col, int64_t *out)
{
    if (col < 0) {
        *out = -1;
        return VS_OK;
    }
    return vs_csv_int64(ctx, csv, col, 0, VS_MAX_AREA_POPULATION, out);
}

static int cmp_area(const void *a, const void *b)
{
    return strcmp(((const vs_area *)a)->area_id, ((const vs_area *)b)->area_id);
}

static vs_status load_areas(vs_ctx *ctx, const char *dir, vs_region *r)
{
    char path[1200];
    join(path, sizeof path, dir, "areas.csv");
    vs_csv *csv;
    vs_status st = vs_csv_open(ctx, path, &csv);
    if (st)
        return st;
    int c_id, c_mun, c_lat, c_lon, c_band[VS_AGE_BANDS];
    if ((st = vs_csv_require(ctx, csv, "area_id", &c_id)) ||
        (st = vs_csv_require(ctx, csv, "municipality_id", &c_mun)) ||
        (st = vs_csv_require(ctx, csv, "lat", &c_lat)) ||
        (st = vs_csv_require(ctx, csv, "lon", &c_lon))) {
        vs_csv_close(csv);
        return st;
    }
    for (int b = 0; b < VS_AGE_BANDS; b++)
        if ((st = vs_csv_require(ctx, csv, band_cols[b], &c_band[b]))) {
            vs_csv_close(csv);
            return st;
        }
    int c_pop = vs_csv_find(csv, "population"), c_type = vs_csv_find(csv, "area_type"),
        c_soc = vs_csv_find(csv, "socioeconomic_type"), c_p2564 = vs_csv_find(csv, "pop_25_64"),
        c_low = vs_csv_find(csv, "low_education_25_64"),
        c_fb = vs_csv_find(csv, "foreign_background"), c_hh = vs_csv_find(csv, "households"),
        c_dw = vs_csv_find(csv, "dwellings"), c_rent = vs_csv_find(csv, "rental_dwellings"),
        c_inc = vs_csv_find(csv, "median_income_tkr"), c_cni = vs_csv_find(csv, "cni");
    if ((c_low >= 0) != (c_p2564 >= 0)) {
        st = vs_ctx_fail_at(ctx, path, 1, c_low >= 0 ? "pop_25_64" : "low_education_25_64",
                            "low_education_25_64 and pop_25_64 must be given together");
        vs_csv_close(csv);
        return st;
    }
    if ((c_rent >= 0) != (c_dw >= 0)) {
        st = vs_ctx_fail_at(ctx, path, 1, c_rent >= 0 ? "dwellings" : "rental_dwellings",
                            "rental_dwellings and dwellings must be given together");
        vs_csv_close(csv);
        return st;
    }
    int cap = 0, has;
    long *lines = NULL; /* line of each area, for the duplicate message */
    while (!(st = vs_csv_next(ctx, csv, &has)) && has) {
        if (r->n_areas == cap) {
            cap = cap ? 2 * cap : 1024;
            vs_area *a = realloc(r->areas, (size_t)cap * sizeof *a);
            long *l = realloc(lines, (size_t)cap * sizeof *l);
            if (l)
                lines = l;
            if (!a || !l) {
                if (a)
                    r->areas = a;
                st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
                break;
            }
            r->areas = a;
        }
        vs_area *a = &r->areas[r->n_areas];
        memset(a, 0, sizeof *a);
        lines[r->n_areas] = vs_csv_line(csv);
        char mun[VS_ID_MAX];
        if ((st = vs_csv_id(ctx, csv, c_id, a->area_id, sizeof a->area_id)) ||
            (st = vs_csv_id(ctx, csv, c_mun, mun, sizeof mun)) ||
            (st = vs_csv_double(ctx, csv, c_lat, -90, 90, &a->lat)) ||
            (st = vs_csv_double(ctx, csv, c_lon, -180, 180, &a->lon)))
            break;
        a->municipality = vs_region_find_municipality(r, mun);
        if (a->municipality < 0) {
            st = vs_csv_fail(ctx, csv, c_mun, "unknown municipality '%s' (not in municipalities.csv)",
                             mun);
            break;
        }
        for (int b = 0; b < VS_AGE_BANDS && !st; b++) {
            st = vs_csv_int64(ctx, csv, c_band[b], 0, VS_MAX_AREA_POPULATION, &a->pop[b]);
            a->population += a->pop[b];
        }
        if (st)
            break;
        /* every per-area rate divides by the residents: refuse empty and
         * absurd areas here rather than print nan or simulate for ever */
        if (a->population == 0) {
            st = vs_ctx_fail_at(ctx, path, vs_csv_line(csv), "pop_0_4..pop_80_plus",
                                "the area has no residents (every age band is 0); remove the "
                                "row or give its residents");
            break;
        }
        if (a->population > VS_MAX_AREA_POPULATION) {
            st = vs_ctx_fail_at(ctx, path, vs_csv_line(csv), "pop_0_4..pop_80_plus",
                                "the age bands sum to %lld residents, more than the limit of "
                                "%lld for one area (data/README.md)",
                                (long long)a->population, (long long)VS_MAX_AREA_POPULATION);
            break;
        }
        if (c_pop >= 0) {
            int64_t p;
            if ((st = vs_csv_int64(ctx, csv, c_pop, 0, VS_MAX_AREA_POPULATION, &p)))
                break;
            if (p != a->population) {
                st = vs_csv_fail(ctx, csv, c_pop,
                                 "population %lld differs from the sum of the age bands %lld",
                                 (long long)p, (long long)a->population);
                break;
            }
        }
        if (c_type >= 0 && !vs_csv_empty(csv, c_type)) {
            const char *t = vs_csv_field(csv, c_type);
            if (strlen(t) != 1 || (t[0] != 'A' && t[0] != 'B' && t[0] != 'C')) {
                st = vs_csv_fail(ctx, csv, c_type, "'%s' is not an SCB area type (A, B or C)", t);
                break;
            }
            a->area_type = t[0];
        }
        if (c_soc >= 0 && !vs_csv_empty(csv, c_soc)) {
            int64_t s;
            if ((st = vs_csv_int64(ctx, csv, c_soc, 1, 5, &s)))
                break;
            a->socioeconomic_type = (int)s;
        }
        if ((st = opt_count(ctx, csv, c_p2564, &a->pop_25_64)) ||
            (st = opt_count(ctx, csv, c_low, &a->low_education_25_64)) ||
            (st = opt_count(ctx, csv, c_fb, &a->foreign_background)) ||
            (st = opt_count(ctx, csv, c_hh, &a->households)) ||
            (st = opt_count(ctx, csv, c_dw, &a->dwellings)) ||
            (st = opt_count(ctx, csv, c_rent, &a->rental_dwellings)))
            break;
        if (a->low_education_25_64 > a->pop_25_64) {
            st = vs_csv_fail(ctx, csv, c_low, "%lld exceeds pop_25_64 (%lld)",
                             (long long)a->low_education_25_64, (long long)a->pop_25_64);
            break;
        }
        int64_t p2564 = 0;
        for (int b = 5; b <= 12; b++)
            p2564 += a->pop[b];
        if (a->pop_25_64 > p2564) {
            st = vs_csv_fail(ctx, csv, c_p2564,
                             "%lld exceeds the residents aged 25-64 in the age bands (%lld)",
                             (long long)a->pop_25_64, (long long)p2564);
            break;
        }
        if (a->foreign_background > a->population) {
            st = vs_csv_fail(ctx, csv, c_fb, "%lld exceeds the population (%lld)",
                             (long long)a->foreign_background, (long long)a->population);
            break;
        }
        if (a->households > a->population) {
            st = vs_csv_fail(ctx, csv, c_hh, "%lld households exceed the population (%lld)",
                             (long long)a->households, (long long)a->population);
            break;
        }
        if (a->rental_dwellings > a->dwellings) {
            st = vs_csv_fail(ctx, csv, c_rent, "%lld exceeds dwellings (%lld)",
                             (long long)a->rental_dwellings, (long long)a->dwellings);
            break;
        }
        a->median_income_tkr = NAN;
        if (c_inc >= 0 && !vs_csv_empty(csv, c_inc) &&
            (st = vs_csv_double(ctx, csv, c_inc, 0, 10000, &a->median_income_tkr)))
            break;
        a->cni = NAN;
        if (c_cni >= 0 && !vs_csv_empty(csv, c_cni) &&
            (st = vs_csv_double(ctx, csv, c_cni, 0, 100, &a->cni)))
            break;
        r->n_areas++;
    }
    if (!st && r->n_areas == 0)
        st = vs_ctx_fail_at(ctx, path, 2, NULL, "no areas (the file has only a header)");
    if (!st) {
        /* Sort by id and reject duplicates, naming both lines. */
        int n = r->n_areas;
        vs_area *sorted = malloc((size_t)n * sizeof *sorted);
        if (!sorted)
            st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        else {
            memcpy(sorted, r->areas, (size_t)n * sizeof *sorted);
            qsort(sorted, (size_t)n, sizeof *sorted, cmp_area);
            for (int i = 1; i < n && !st; i++)
                if (strcmp(sorted[i].area_id, sorted[i - 1].area_id) == 0) {
                    long first = 0, second = 0;
                    for (int k = 0; k < n; k++)
                        if (strcmp(r->areas[k].area_id, sorted[i].area_id) == 0) {
                            if (!first)
                                first = lines[k];
                            else if (!second)
                                second = lines[k];
                        }
                    st = vs_ctx_fail_at(ctx, path, second, "area_id",
                                        "duplicate area id '%s' (first on line %ld)",
                                        sorted[i].area_id, first);
                }
            if (!st) {
                free(r->areas);
                r->areas = sorted;
            } else
                free(sorted);
        }
    }
    free(lines);
    vs_csv_close(csv);
    return st;
}

static vs_status load_hospitals(vs_ctx *ctx, const char *dir, vs_region *r)
{
    char path[1200];
    join(path, sizeof path, dir, "hospitals.csv");
    vs_csv *csv;
    vs_status st = vs_csv_open(ctx, path, &csv);
    if (st)
        return st;
    int c_id, c_name, c_mun, c_lat, c_lon, c_plan, c_staff;
    if ((st = vs_csv_require(ctx, csv, "hospital_id", &c_id)) ||
        (st = vs_csv_require(ctx, csv, "name", &c_name)) ||
        (st = vs_csv_require(ctx, csv, "municipality_id", &c_mun)) ||
        (st = vs_csv_require(ctx, csv, "lat", &c_lat)) ||
        (st = vs_csv_require(ctx, csv, "lon", &c_lon)) ||
        (st = vs_csv_require(ctx, csv, "beds_planned", &c_plan)) ||
        (st = vs_csv_require(ctx, csv, "beds_staffed", &c_staff))) {
        vs_csv_close(csv);
        return st;
    }
    int cap = 0, has;
    while (!(st = vs_csv_next(ctx, csv, &has)) && has) {
        if (r->n_hospitals == cap) {
            cap = cap ? 2 * cap : 16;
            vs_hospital *h = realloc(r->hospitals, (size_t)cap * sizeof *h);
            if (!h) {
                st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
                break;
            }
            r->hospitals = h;
        }
        vs_hospital *h = &r->hospitals[r->n_hospitals];
        memset(h, 0, sizeof *h);
        char mun[VS_ID_MAX];
        if ((st = vs_csv_id(ctx, csv, c_id, h->hospital_id, sizeof h->hospital_id)) ||
            (st = vs_csv_text(ctx, csv, c_name, h->name, sizeof h->name)) ||
            (st = vs_csv_id(ctx, csv, c_mun, mun, sizeof mun)) ||
            (st = vs_csv_double(ctx, csv, c_lat, -90, 90, &h->lat)) ||
            (st = vs_csv_double(ctx, csv, c_lon, -180, 180, &h->lon)) ||
            (st = vs_csv_int64(ctx, csv, c_plan, 1, VS_MAX_HOSPITAL_BEDS, &h->beds_planned)) ||
            (st = vs_csv_int64(ctx, csv, c_staff, 0, VS_MAX_HOSPITAL_BEDS, &h->beds_staffed)))
            break;
        /* staffed (disponibla) beds are the open part of the planned
         * (fastställda) ones: more staffed than planned is a swapped column */
        if (h->beds_staffed > h->beds_planned) {
            st = vs_csv_fail(ctx, csv, c_staff,
                             "%lld staffed beds exceed the %lld planned beds (staffed beds are "
                             "the open part of the planned ones; are the columns swapped?)",
                             (long long)h->beds_staffed, (long long)h->beds_planned);
            break;
        }
        h->municipality = vs_region_find_municipality(r, mun);
        if (h->municipality < 0) {
            st = vs_csv_fail(ctx, csv, c_mun, "unknown municipality '%s' (not in municipalities.csv)",
                             mun);
            break;
        }
        for (int i = 0; i < r->n_hospitals; i++)
            if (strcmp(r->hospitals[i].hospital_id, h->hospital_id) == 0) {
                st = vs_csv_fail(ctx, csv, c_id, "duplicate hospital id '%s'", h->hospital_id);
                break;
            }
        if (st)
            break;
        r->n_hospitals++;
    }
    if (!st && r->n_hospitals == 0)
        st = vs_ctx_fail_at(ctx, path, 2, NULL, "no hospitals (the file has only a header)");
    int64_t staffed = 0;
    for (int i = 0; i < r->n_hospitals; i++)
        staffed += r->hospitals[i].beds_staffed;
    if (!st && staffed == 0)
        st = vs_ctx_fail_at(ctx, path, 0, "beds_staffed",
                            "no hospital has a staffed bed (the region's beds sum to 0)");
    vs_csv_close(csv);
    return st;
}

/* The optional area polygons (areas.geojson): when the file exists it must
 * load (valid UTF-8 JSON, at least one feature, valid geometry) and match
 * areas.csv one to one (every area a polygon of positive area, every polygon
 * an area), so that a damaged or mismatched map fails here, naming the file,
 * before any computation rather than silently dropping the density figures
 * after every stage of a run.  The loaded map is kept in r->geo. */
static vs_status load_geojson(vs_ctx *ctx, const char *dir, vs_region *r)
{
    char path[1200];
    join(path, sizeof path, dir, "areas.geojson");
    struct stat sb;
    if (stat(path, &sb) != 0)
        return VS_OK;
    vs_report_geo *geo = NULL;
    vs_status st = vs_report_geo_load(ctx, path, &geo);
    for (int i = 0; !st && i < r->n_areas; i++) {
        int f = vs_report_geo_find(geo, r->areas[i].area_id);
        double km2 = f >= 0 ? vs_report_geo_area_km2(geo, f) : NAN;
        if (f < 0)
            st = vs_ctx_fail_at(ctx, path, 0, "features",
                                "area '%s' of areas.csv has no polygon (the map must cover "
                                "every area)",
                                r->areas[i].area_id);
        else if (!(km2 > 0) || !isfinite(km2))
            st = vs_ctx_fail_at(ctx, path, 0, "features",
                                "the polygon of area '%s' has no area (%g km2)",
                                r->areas[i].area_id, km2);
    }
    /* every area has its polygon and feature ids are unique: any further
     * feature names an area that areas.csv does not hold */
    for (int f = 0; !st && vs_report_geo_count(geo) > r->n_areas && f < vs_report_geo_count(geo);
         f++) {
        const char *id = vs_report_geo_id(geo, f);
        int known = 0;
        for (int i = 0; !known && i < r->n_areas; i++)
            known = strcmp(r->areas[i].area_id, id) == 0;
        if (!known)
            st = vs_ctx_fail_at(ctx, path, 0, "features",
                                "feature %d: area_id '%s' is not an area of areas.csv", f, id);
    }
    if (st)
        vs_report_geo_destroy(geo);
    else
        r->geo = geo;
    return st;
}

vs_status vs_region_load(vs_ctx *ctx, const char *dir, vs_region **out)
{
    *out = NULL;
    vs_region *r = calloc(1, sizeof *r);
    if (!r)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (strlen(dir) >= sizeof r->dir) {
        free(r);
        return vs_ctx_fail(ctx, VS_EUSAGE, "region directory path is too long");
    }
    snprintf(r->dir, sizeof r->dir, "%s", dir);
    vs_status st;
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        free(r);
        return vs_ctx_fail(ctx, VS_EINPUT, "%s: region directory %s", dir,
                           stat(dir, &sb) != 0 ? "does not exist" : "is not a directory");
    }
    if ((st = load_meta(ctx, dir, r)) || (st = load_municipalities(ctx, dir, r)) ||
        (st = load_areas(ctx, dir, r)) || (st = load_hospitals(ctx, dir, r)) ||
        (st = load_geojson(ctx, dir, r))) {
        vs_region_destroy(r);
        return st;
    }
    for (int i = 0; i < r->n_areas; i++) {
        const vs_area *a = &r->areas[i];
        r->population += a->population;
        if (r->population > VS_MAX_REGION_POPULATION) {
            char path[1200];
            join(path, sizeof path, dir, "areas.csv");
            vs_region_destroy(r);
            return vs_ctx_fail_at(ctx, path, 0, "population",
                                  "the areas hold more than %lld residents, the limit for one "
                                  "region (data/README.md)",
                                  (long long)VS_MAX_REGION_POPULATION);
        }
        for (int b = 0; b < VS_AGE_BANDS; b++)
            r->pop_by_band[b] += a->pop[b];
        r->municipalities[a->municipality].population += a->population;
        r->municipalities[a->municipality].n_areas++;
    }
    *out = r;
    return VS_OK;
}
