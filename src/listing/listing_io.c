/*
 * listing_io.c: inputs of the listing engine (areas, centres, candidate
 * sites, need weights, cost parameters), their validation, the sparse
 * area-centre pairs and the GLPK helpers shared by the solvers.
 */
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "listing_int.h"
#include "vardsim/csv.h"

void *vsi_lst_calloc(size_t n, size_t sz)
{
    return calloc(n ? n : 1, sz);
}

double vsi_lst_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double vsi_lst_gap(double obj, double bound)
{
    if (!isfinite(bound))
        return INFINITY;
    double d = obj - bound;
    if (d <= 0)
        return 0.0;
    return d / fmax(fabs(obj), 1e-12);
}

/* ---- containers --------------------------------------------------------- */

vs_status vs_listing_areas_create(vs_ctx *ctx, int n, vs_listing_areas **out)
{
    *out = NULL;
    if (n < 0)
        return vs_ctx_fail(ctx, VS_EUSAGE, "number of areas %d is negative", n);
    vs_listing_areas *a = calloc(1, sizeof *a);
    if (!a || !(a->v = vsi_lst_calloc((size_t)n, sizeof *a->v))) {
        free(a);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    a->n = n;
    for (int i = 0; i < n; i++)
        a->v[i].weight = 1.0;
    *out = a;
    return VS_OK;
}

void vs_listing_areas_destroy(vs_listing_areas *areas)
{
    if (!areas)
        return;
    free(areas->v);
    free(areas);
}

vs_status vs_listing_centres_create(vs_ctx *ctx, int n, vs_listing_centres **out)
{
    *out = NULL;
    if (n < 0)
        return vs_ctx_fail(ctx, VS_EUSAGE, "number of centres %d is negative", n);
    vs_listing_centres *c = calloc(1, sizeof *c);
    if (!c || !(c->v = vsi_lst_calloc((size_t)n, sizeof *c->v))) {
        free(c);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    c->n = n;
    for (int i = 0; i < n; i++) {
        c->v[i].max_listed = -1.0;
        c->v[i].listed = -1.0;
    }
    *out = c;
    return VS_OK;
}

void vs_listing_centres_destroy(vs_listing_centres *centres)
{
    if (!centres)
        return;
    free(centres->v);
    free(centres);
}

vs_status vs_listing_areas_from_region(vs_ctx *ctx, const vs_region *region,
                                       vs_listing_areas **out)
{
    if (!region)
        return vs_ctx_fail(ctx, VS_EUSAGE, "no region given");
    vs_status st = vs_listing_areas_create(ctx, region->n_areas, out);
    if (st)
        return st;
    for (int i = 0; i < region->n_areas; i++) {
        vs_listing_area *a = &(*out)->v[i];
        const vs_area *r = &region->areas[i];
        memcpy(a->area_id, r->area_id, sizeof a->area_id);
        a->lat = r->lat;
        a->lon = r->lon;
        a->population = r->population;
    }
    int n = snprintf((*out)->source, sizeof (*out)->source, "%s/areas.csv", region->dir);
    if (n < 0 || (size_t)n >= sizeof (*out)->source) {
        vs_listing_areas_destroy(*out);
        *out = NULL;
        return vs_ctx_fail(ctx, VS_EUSAGE, "region directory path too long (%zu bytes)",
                           strlen(region->dir));
    }
    return VS_OK;
}

/* ---- duplicate ids ----------------------------------------------------------- */

typedef struct id_ref {
    const char *id;
    int index;
} id_ref;

static int cmp_id_ref(const void *a, const void *b)
{
    const id_ref *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Index of the first record whose id repeats an earlier one (and that earlier
 * one in *first), or -1.  -2 on allocation failure. */
static int find_duplicate(const char *base, size_t stride, int n, int *first)
{
    id_ref *r = vsi_lst_calloc((size_t)n, sizeof *r);
    if (!r)
        return -2;
    for (int i = 0; i < n; i++) {
        r[i].id = base + (size_t)i * stride;
        r[i].index = i;
    }
    qsort(r, (size_t)n, sizeof *r, cmp_id_ref);
    int dup = -1;
    for (int i = 1; i < n; i++)
        if (strcmp(r[i].id, r[i - 1].id) == 0 && (dup < 0 || r[i].index < dup)) {
            dup = r[i].index;
            *first = r[i - 1].index;
            /* the earliest occurrence of this id */
            for (int j = i - 1; j >= 0 && strcmp(r[j].id, r[i].id) == 0; j--)
                *first = r[j].index;
        }
    free(r);
    return dup;
}

/* ---- CSV loaders -------------------------------------------------------------- */

vs_status vs_listing_areas_load(vs_ctx *ctx, const char *path, vs_listing_areas **out)
{
    *out = NULL;
    vs_csv *csv;
    vs_status st = vs_csv_open(ctx, path, &csv);
    if (st)
        return st;
    int c_id, c_pop, c_lat, c_lon;
    if ((st = vs_csv_require(ctx, csv, "area_id", &c_id)) ||
        (st = vs_csv_require(ctx, csv, "population", &c_pop)) ||
        (st = vs_csv_require(ctx, csv, "lat", &c_lat)) ||
        (st = vs_csv_require(ctx, csv, "lon", &c_lon))) {
        vs_csv_close(csv);
        return st;
    }
    int c_w = vs_csv_find(csv, "weight");
    vs_listing_areas *a = NULL;
    long *lines = NULL;
    int cap = 0, n = 0, has;
    if ((st = vs_listing_areas_create(ctx, 0, &a))) {
        vs_csv_close(csv);
        return st;
    }
    while (!(st = vs_csv_next(ctx, csv, &has)) && has) {
        if (n == cap) {
            cap = cap ? 2 * cap : 256;
            vs_listing_area *v = realloc(a->v, (size_t)cap * sizeof *v);
            long *l = realloc(lines, (size_t)cap * sizeof *l);
            if (v)
                a->v = v;
            if (l)
                lines = l;
            if (!v || !l) {
                st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
                break;
            }
        }
        vs_listing_area *r = &a->v[n];
        memset(r, 0, sizeof *r);
        r->weight = 1.0;
        lines[n] = vs_csv_line(csv);
        if ((st = vs_csv_id(ctx, csv, c_id, r->area_id, sizeof r->area_id)) ||
            (st = vs_csv_int64(ctx, csv, c_pop, 0, VS_MAX_AREA_POPULATION, &r->population)) ||
            (st = vs_csv_double(ctx, csv, c_lat, -90, 90, &r->lat)) ||
            (st = vs_csv_double(ctx, csv, c_lon, -180, 180, &r->lon)))
            break;
        if (c_w >= 0 && (st = vs_csv_double(ctx, csv, c_w, 1e-9, 1e6, &r->weight)))
            break;
        n++;
        a->n = n;
    }
    if (!st && n == 0)
        st = vs_ctx_fail_at(ctx, path, 1, NULL, "no areas (the file has a header only)");
    int64_t total = 0;
    for (int i = 0; !st && i < n; i++)
        total += a->v[i].population;
    if (!st && total == 0)
        st = vs_ctx_fail_at(ctx, path, 0, "population", "every area has population 0");
    if (!st && total > VS_MAX_REGION_POPULATION)
        st = vs_ctx_fail_at(ctx, path, 0, "population",
                            "the areas hold %lld residents, more than the limit of %lld for one "
                            "region (data/README.md)",
                            (long long)total, (long long)VS_MAX_REGION_POPULATION);
    if (!st) {
        int first = -1, d = find_duplicate(a->v[0].area_id, sizeof a->v[0], n, &first);
        if (d == -2)
            st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        else if (d >= 0)
            st = vs_ctx_fail_at(ctx, path, lines[d], "area_id",
                                "duplicate area id '%s' (first on line %ld)", a->v[d].area_id,
                                lines[first]);
    }
    free(lines);
    vs_csv_close(csv);
    if (st) {
        vs_listing_areas_destroy(a);
        return st;
    }
    snprintf(a->source, sizeof a->source, "%s", path);
    *out = a;
    return VS_OK;
}

vs_status vs_listing_areas_weights_load(vs_ctx *ctx, vs_listing_areas *areas, const char *path)
{
    vs_csv *csv;
    vs_status st = vs_csv_open(ctx, path, &csv);
    if (st)
        return st;
    int c_id, c_w, has;
    if ((st = vs_csv_require(ctx, csv, "area_id", &c_id)) ||
        (st = vs_csv_require(ctx, csv, "weight", &c_w))) {
        vs_csv_close(csv);
        return st;
    }
    double *w = vsi_lst_calloc((size_t)areas->n, sizeof *w);
    long *seen = vsi_lst_calloc((size_t)areas->n, sizeof *seen);
    if (!w || !seen) {
        st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        goto done;
    }
    while (!(st = vs_csv_next(ctx, csv, &has)) && has) {
        char id[VS_ID_MAX];
        double v;
        if ((st = vs_csv_id(ctx, csv, c_id, id, sizeof id)) ||
            (st = vs_csv_double(ctx, csv, c_w, 1e-9, 1e6, &v)))
            break;
        int k = -1;
        for (int i = 0; i < areas->n && k < 0; i++)
            if (strcmp(areas->v[i].area_id, id) == 0)
                k = i;
        if (k < 0) {
            st = vs_csv_fail(ctx, csv, c_id, "unknown area id '%s' (not in %s)", id,
                             areas->source[0] ? areas->source : "the areas");
            break;
        }
        if (seen[k]) {
            st = vs_csv_fail(ctx, csv, c_id, "duplicate area id '%s' (first on line %ld)", id,
                             seen[k]);
            break;
        }
        seen[k] = vs_csv_line(csv);
        w[k] = v;
    }
    if (!st)
        for (int i = 0; i < areas->n; i++)
            if (!seen[i]) {
                st = vs_ctx_fail_at(ctx, path, 0, "area_id", "area '%s' has no weight",
                                    areas->v[i].area_id);
                break;
            }
    if (!st)
        for (int i = 0; i < areas->n; i++)
            areas->v[i].weight = w[i];
done:
    free(w);
    free(seen);
    vs_csv_close(csv);
    return st;
}

static vs_status load_centres(vs_ctx *ctx, const char *path, int sites, vs_listing_centres **out)
{
    *out = NULL;
    vs_csv *csv;
    vs_status st = vs_csv_open(ctx, path, &csv);
    if (st)
        return st;
    int c_id = -1, c_lat, c_lon, c_fte = -1;
    if (sites && (c_id = vs_csv_find(csv, "site_id")) < 0)
        c_id = vs_csv_find(csv, "centre_id");
    if ((c_id < 0 && (st = vs_csv_require(ctx, csv, sites ? "site_id" : "centre_id", &c_id))) ||
        (st = vs_csv_require(ctx, csv, "lat", &c_lat)) ||
        (st = vs_csv_require(ctx, csv, "lon", &c_lon)) ||
        (!sites && (st = vs_csv_require(ctx, csv, "gp_fte", &c_fte)))) {
        vs_csv_close(csv);
        return st;
    }
    int c_name = vs_csv_find(csv, "name"), c_owner = vs_csv_find(csv, "owner"),
        c_max = sites ? -1 : vs_csv_find(csv, "max_listed"),
        c_listed = sites ? -1 : vs_csv_find(csv, "listed");
    if (c_owner < 0)
        c_owner = vs_csv_find(csv, "operator");
    vs_listing_centres *c = NULL;
    long *lines = NULL;
    int cap = 0, n = 0, has;
    if ((st = vs_listing_centres_create(ctx, 0, &c))) {
        vs_csv_close(csv);
        return st;
    }
    while (!(st = vs_csv_next(ctx, csv, &has)) && has) {
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            vs_listing_centre *v = realloc(c->v, (size_t)cap * sizeof *v);
            long *l = realloc(lines, (size_t)cap * sizeof *l);
            if (v)
                c->v = v;
            if (l)
                lines = l;
            if (!v || !l) {
                st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
                break;
            }
        }
        vs_listing_centre *r = &c->v[n];
        memset(r, 0, sizeof *r);
        r->max_listed = -1.0;
        r->listed = -1.0;
        lines[n] = vs_csv_line(csv);
        if ((st = vs_csv_id(ctx, csv, c_id, r->centre_id, sizeof r->centre_id)) ||
            (st = vs_csv_double(ctx, csv, c_lat, -90, 90, &r->lat)) ||
            (st = vs_csv_double(ctx, csv, c_lon, -180, 180, &r->lon)))
            break;
        if (c_fte >= 0) {
            if ((st = vs_csv_double(ctx, csv, c_fte, -1e6, VS_LISTING_MAX_CENTRE_FTE, &r->gp_fte)))
                break;
            if (r->gp_fte < 0) {
                st = vs_csv_fail(ctx, csv, c_fte, "negative GP FTE %g, expected >= 0", r->gp_fte);
                break;
            }
        }
        if (c_name >= 0 && !vs_csv_empty(csv, c_name) &&
            (st = vs_csv_text(ctx, csv, c_name, r->name, sizeof r->name)))
            break;
        if (c_owner >= 0 && !vs_csv_empty(csv, c_owner)) {
            const char *o = vs_csv_field(csv, c_owner);
            if (strcmp(o, "region") == 0 || strcmp(o, "region-run") == 0)
                r->owner = VS_OWNER_REGION;
            else if (strcmp(o, "private") == 0)
                r->owner = VS_OWNER_PRIVATE;
            else {
                st = vs_csv_fail(ctx, csv, c_owner,
                                 "'%s' is not an operator (expected region-run or private)", o);
                break;
            }
        }
        if (c_listed >= 0 && !vs_csv_empty(csv, c_listed) &&
            (st = vs_csv_double(ctx, csv, c_listed, 0, (double)VS_MAX_REGION_POPULATION,
                                &r->listed)))
            break;
        if (c_max >= 0 && !vs_csv_empty(csv, c_max) &&
            (st = vs_csv_double(ctx, csv, c_max, 0, (double)VS_MAX_REGION_POPULATION,
                                &r->max_listed)))
            break;
        n++;
        c->n = n;
    }
    if (!st && n == 0)
        st = vs_ctx_fail_at(ctx, path, 1, NULL, "no %s (the file has a header only)",
                            sites ? "candidate sites" : "care centres");
    if (!st) {
        int first = -1, d = find_duplicate(c->v[0].centre_id, sizeof c->v[0], n, &first);
        if (d == -2)
            st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        else if (d >= 0)
            st = vs_ctx_fail_at(ctx, path, lines[d], vs_csv_colname(csv, c_id),
                                "duplicate id '%s' (first on line %ld)", c->v[d].centre_id,
                                lines[first]);
    }
    free(lines);
    vs_csv_close(csv);
    if (st) {
        vs_listing_centres_destroy(c);
        return st;
    }
    snprintf(c->source, sizeof c->source, "%s", path);
    *out = c;
    return VS_OK;
}

vs_status vs_listing_centres_load(vs_ctx *ctx, const char *path, vs_listing_centres **out)
{
    return load_centres(ctx, path, 0, out);
}

vs_status vs_listing_sites_load(vs_ctx *ctx, const char *path, vs_listing_centres **out)
{
    return load_centres(ctx, path, 1, out);
}

/* ---- parameters ------------------------------------------------------------- */

vs_status vs_listing_policy_init(vs_ctx *ctx, vs_listing_policy *p)
{
    if (!p)
        return vs_ctx_fail(ctx, VS_EUSAGE, "no policy given");
    memset(p, 0, sizeof *p);
    p->cap_per_gp_fte = 1100.0;
    p->max_km = INFINITY;
    p->circuity = 1.0;
    p->k_nearest = 0;
    p->time_limit_s = 30.0;
    p->mip_gap = 1e-4;
    p->responsibility = 1;
    p->extra_fte = 1;
    return VS_OK;
}

vs_status vs_listing_site_policy_init(vs_ctx *ctx, vs_listing_site_policy *p)
{
    if (!p)
        return vs_ctx_fail(ctx, VS_EUSAGE, "no policy given");
    memset(p, 0, sizeof *p);
    vs_status st = vs_listing_policy_init(ctx, &p->listing);
    p->new_centre_gp_fte = NAN;
    return st;
}

vs_status vsi_lst_check_policy(vs_ctx *ctx, const vs_listing_policy *p)
{
    if (!p)
        return vs_ctx_fail(ctx, VS_EUSAGE, "no policy given");
    if (!(p->cap_per_gp_fte > 0) || !isfinite(p->cap_per_gp_fte))
        return vs_ctx_fail(ctx, VS_EUSAGE, "cap per GP FTE %g must be a positive number",
                           p->cap_per_gp_fte);
    if (!(p->max_km > 0))
        return vs_ctx_fail(ctx, VS_EUSAGE, "maximum distance %g km must be positive", p->max_km);
    if (!(p->circuity >= 1.0) || !isfinite(p->circuity))
        return vs_ctx_fail(ctx, VS_EUSAGE, "circuity %g must be a number >= 1", p->circuity);
    if (p->k_nearest < 0)
        return vs_ctx_fail(ctx, VS_EUSAGE, "k_nearest %d must be >= 0", p->k_nearest);
    if (!(p->time_limit_s >= 0) || p->time_limit_s > 1e6)
        return vs_ctx_fail(ctx, VS_EUSAGE, "time limit %g s must be in [0, 1e6]",
                           p->time_limit_s);
    if (!(p->mip_gap >= 0) || p->mip_gap >= 1)
        return vs_ctx_fail(ctx, VS_EUSAGE, "MIP gap %g must be in [0, 1)", p->mip_gap);
    if (p->lp_solver < VS_LP_AUTO || p->lp_solver > VS_LP_CLP)
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "LP solver %d must be VS_LP_AUTO, VS_LP_GLPK or VS_LP_CLP",
                           p->lp_solver);
    if (p->responsibility < 0 || p->responsibility > 2)
        return vs_ctx_fail(ctx, VS_EUSAGE, "responsibility mode %d must be 0, 1 or 2",
                           p->responsibility);
    return VS_OK;
}

static const char *src_name(const char *s, const char *dflt)
{
    return s && s[0] ? s : dflt;
}

vs_status vsi_lst_check_areas(vs_ctx *ctx, const vs_listing_areas *areas)
{
    if (!areas || areas->n <= 0)
        return vs_ctx_fail(ctx, VS_EINPUT, "no areas given");
    const char *f = src_name(areas->source, "areas");
    for (int i = 0; i < areas->n; i++) {
        const vs_listing_area *a = &areas->v[i];
        if (!a->area_id[0] || !memchr(a->area_id, 0, sizeof a->area_id))
            return vs_ctx_fail_at(ctx, f, 0, "area_id", "area %d has no id", i + 1);
        if (!(fabs(a->lat) <= 90) || !(fabs(a->lon) <= 180))
            return vs_ctx_fail_at(ctx, f, 0, "lat", "area '%s': coordinates (%g, %g) out of range",
                                  a->area_id, a->lat, a->lon);
        if (a->population < 0)
            return vs_ctx_fail_at(ctx, f, 0, "population", "area '%s': negative population %lld",
                                  a->area_id, (long long)a->population);
        if (!(a->weight > 0) || !isfinite(a->weight))
            return vs_ctx_fail_at(ctx, f, 0, "weight", "area '%s': weight %g must be positive",
                                  a->area_id, a->weight);
    }
    int first = -1, d = find_duplicate(areas->v[0].area_id, sizeof areas->v[0], areas->n, &first);
    if (d == -2)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (d >= 0)
        return vs_ctx_fail_at(ctx, f, 0, "area_id", "duplicate area id '%s' (areas %d and %d)",
                              areas->v[d].area_id, first + 1, d + 1);
    return VS_OK;
}

vs_status vsi_lst_check_centres(vs_ctx *ctx, const vs_listing_centres *centres, int sites)
{
    const char *f = src_name(centres ? centres->source : NULL, sites ? "sites" : "centres");
    if (!centres || centres->n <= 0)
        return vs_ctx_fail(ctx, VS_EINPUT, "no %s given", sites ? "candidate sites" : "care centres");
    for (int i = 0; i < centres->n; i++) {
        const vs_listing_centre *c = &centres->v[i];
        if (!c->centre_id[0] || !memchr(c->centre_id, 0, sizeof c->centre_id))
            return vs_ctx_fail_at(ctx, f, 0, "centre_id", "centre %d has no id", i + 1);
        if (!(fabs(c->lat) <= 90) || !(fabs(c->lon) <= 180))
            return vs_ctx_fail_at(ctx, f, 0, "lat", "'%s': coordinates (%g, %g) out of range",
                                  c->centre_id, c->lat, c->lon);
        if (!sites && (!(c->gp_fte >= 0) || !isfinite(c->gp_fte)))
            return vs_ctx_fail_at(ctx, f, 0, "gp_fte", "centre '%s': gp_fte %g must be >= 0",
                                  c->centre_id, c->gp_fte);
    }
    int first = -1,
        d = find_duplicate(centres->v[0].centre_id, sizeof centres->v[0], centres->n, &first);
    if (d == -2)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (d >= 0)
        return vs_ctx_fail_at(ctx, f, 0, sites ? "site_id" : "centre_id",
                              "duplicate id '%s' (records %d and %d)", centres->v[d].centre_id,
                              first + 1, d + 1);
    return VS_OK;
}

double vsi_lst_capacity(const vs_listing_centre *c, double cap)
{
    double k = c->gp_fte * cap;
    if (c->max_listed >= 0 && c->max_listed < k)
        k = c->max_listed;
    return k;
}

vs_status vs_listing_costs_load(vs_ctx *ctx, const char *path, vs_listing_costs *out)
{
    vs_listing_costs c;
    vs_csv_param w[] = {
        {"gp_monthly_salary_specialist_all_sectors", 1, 1e7, &c.monthly_salary_sek, 0},
        {"employer_oncost_rate_regions", 0, 5, &c.oncost_rate, 0},
        {"gp_guideline_inhabitants_per_specialist", 1, 1e6, &c.guideline_per_fte, 0},
        {"gp_listed_per_gp_today_most_vc", 1, 1e6, &c.baseline_per_gp, 0},
        {"fixed_gp_coverage_share", 0, 1, &c.coverage_today, 0},
        {"gp_full_time_hours_per_week", 1, 168, &c.full_time_hours_week, 0},
    };
    vs_status st = vs_csv_read_params(ctx, path, w, (int)(sizeof w / sizeof w[0]));
    if (st)
        return st;
    c.annual_cost_per_fte = c.monthly_salary_sek * 12.0 * (1.0 + c.oncost_rate);
    *out = c;
    return VS_OK;
}

/* ---- pairs ---------------------------------------------------------------------- */

typedef struct cand {
    double km;
    int site;
} cand;

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->km != y->km)
        return x->km < y->km ? -1 : 1;
    return (x->site > y->site) - (x->site < y->site);
}

void vsi_lst_pairs_free(lst_pairs *p)
{
    if (!p)
        return;
    free(p->off);
    free(p->site);
    free(p->km);
    memset(p, 0, sizeof *p);
}

vs_status vsi_lst_pairs_build(vs_ctx *ctx, const vs_listing_area *areas, int na, const double *lat,
                          const double *lon, int ns, double max_km, double circuity, int k,
                          lst_pairs *out)
{
    memset(out, 0, sizeof *out);
    int per = (k > 0 && k < ns) ? k : ns;
    cand *buf = vsi_lst_calloc((size_t)ns, sizeof *buf);
    out->off = vsi_lst_calloc((size_t)na + 1, sizeof *out->off);
    size_t cap = (size_t)na * (size_t)per;
    if (cap > (size_t)INT32_MAX) {
        free(buf);
        vsi_lst_pairs_free(out);
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "%d areas x %d centres is too many pairs; set k_nearest or max_km", na,
                           ns);
    }
    out->site = vsi_lst_calloc(cap, sizeof *out->site);
    out->km = vsi_lst_calloc(cap, sizeof *out->km);
    if (!buf || !out->off || !out->site || !out->km) {
        free(buf);
        vsi_lst_pairs_free(out);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    out->n_areas = na;
    int n = 0;
    for (int a = 0; a < na; a++) {
        if (vs_ctx_interrupted(ctx)) { /* na x ns distances and sorts */
            free(buf);
            vsi_lst_pairs_free(out);
            return vs_ctx_check_interrupt(ctx);
        }
        out->off[a] = n;
        int m = 0;
        for (int s = 0; s < ns; s++) {
            double d = circuity * vs_distance_km(areas[a].lat, areas[a].lon, lat[s], lon[s]);
            if (d <= max_km)
                buf[m++] = (cand){d, s};
        }
        qsort(buf, (size_t)m, sizeof *buf, cmp_cand);
        if (m > per)
            m = per;
        for (int i = 0; i < m; i++) {
            out->site[n] = buf[i].site;
            out->km[n] = buf[i].km;
            n++;
        }
    }
    out->off[na] = n;
    out->n = n;
    free(buf);
    return VS_OK;
}

/* ---- GLPK ------------------------------------------------------------------------ */

void vsi_lst_smcp(glp_smcp *p)
{
    glp_init_smcp(p);
    p->msg_lev = GLP_MSG_OFF;
    p->presolve = GLP_OFF;
}

_Thread_local lst_trace vsi_lst_trace;

int vsi_lst_limit_ms(double deadline)
{
    double left = deadline - vsi_lst_now();
    if (!(left > 0))
        return 0;
    return (int)fmax(1.0, fmin(ceil(left * 1000.0), 2e9));
}

void vsi_lst_trace_call(double deadline, int limited)
{
    vsi_lst_trace.solver_calls++;
    if (isfinite(deadline)) {
        vsi_lst_trace.timed_calls++;
        vsi_lst_trace.limited_calls += limited != 0;
        if (vsi_lst_now() >= deadline)
            vsi_lst_trace.late_calls++;
    }
}

/* Branching: most fractional variable (GLP_BR_MFV).  Pseudocost branching
 * (GLP_BR_PCH) initialises the pseudocost of every fractional variable by
 * copying the whole problem (glp_copy_prob) and running up to 30 dual
 * simplex iterations on the copy, twice per variable, inside one call that
 * never looks at the time limit or the callback: on the default region
 * with 300 centres (386,100 columns) one branching step took minutes, which
 * is where `listing` overran its 30 s limits tenfold (gdb samples:
 * glp_intopt > ... > glp_copy_prob / glp_simplex).  Driebeck-Tomlin
 * (GLP_BR_DTH) computes a tableau row per fractional variable, also
 * unbounded.  MFV costs one pass over the columns. */
void vsi_lst_iocp(glp_iocp *p, double time_limit_s, double mip_gap)
{
    glp_init_iocp(p);
    p->msg_lev = GLP_MSG_OFF;
    p->presolve = GLP_OFF;
    p->tm_lim = (int)fmin(time_limit_s * 1000.0, 2e9);
    p->mip_gap = mip_gap;
    p->br_tech = GLP_BR_MFV;
    p->bt_tech = GLP_BT_BLB;
}

void vsi_lst_callback(glp_tree *tree, void *info)
{
    lst_cb *cb = info;
    int r = glp_ios_reason(tree);
    if (r == GLP_IHEUR && cb->start && !cb->offered) {
        cb->offered = 1;
        glp_ios_heur_sol(tree, cb->start);
    }
    double t = vsi_lst_now();
    vsi_lst_trace.checks++;
    if (t >= cb->deadline || vs_ctx_interrupted(cb->ctx)) {
        vsi_lst_trace.stops += t >= cb->deadline;
        glp_ios_terminate(tree);
        return;
    }
    if (isfinite(cb->deadline)) /* the time limit bounds the search: progress in time */
        vs_ctx_progress(cb->ctx, "listing: integer search (time limit)", t - cb->begun,
                        cb->deadline - cb->begun);
    int best = glp_ios_best_node(tree);
    if (best) {
        double b = glp_ios_node_bound(tree, best);
        if (isfinite(b)) {
            cb->bound = b;
            cb->have_bound = 1;
        }
    }
}

/* State of one guarded glp_simplex (vsi_lst_simplex). */
typedef struct vsi_lst_guard {
    jmp_buf jump;
    const vs_ctx *ctx;
    int stopping; /* 1 once the hook raised the error that stops GLPK */
} vsi_lst_guard;

/* Terminal hook of vsi_lst_simplex: swallow GLPK's output; on interruption raise
 * a GLPK error (whose hook leaves GLPK). */
static int guard_term(void *info, const char *text)
{
    (void)text;
    vsi_lst_guard *g = info;
    if (!g->stopping && vs_ctx_interrupted(g->ctx)) {
        g->stopping = 1;
        glp_error("interrupted\n");
    }
    return 1;
}

/* Error hook of vsi_lst_simplex: leave GLPK when the error is ours; any other
 * GLPK error keeps GLPK's own behaviour (it aborts). */
static void guard_error(void *info)
{
    vsi_lst_guard *g = info;
    if (g->stopping)
        longjmp(g->jump, 1);
}

int vsi_lst_simplex(vs_ctx *ctx, glp_prob *lp, const glp_smcp *parm)
{
    if (!vs_ctx_interrupt_flag(ctx))
        return glp_simplex(lp, parm);
    if (vs_ctx_check_interrupt(ctx))
        return LST_INTERRUPTED;
    glp_smcp p = *parm;
    p.msg_lev = GLP_MSG_ON; /* progress lines, the hook's chance to stop */
    p.out_frq = 100;
    p.out_dly = 0;
    vsi_lst_guard g;
    memset(&g, 0, sizeof g);
    g.ctx = ctx;
    int old_term = glp_term_out(GLP_ON);
    glp_term_hook(guard_term, &g);
    glp_error_hook(guard_error, &g);
    if (setjmp(g.jump)) {
        glp_free_env(); /* as the manual requires after leaving glp_error */
        vs_ctx_fail(ctx, VS_EINTERRUPTED, "interrupted");
        return LST_INTERRUPTED;
    }
    int rc = glp_simplex(lp, &p);
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    glp_term_out(old_term);
    return rc;
}

void vsi_lst_delete(vs_ctx *ctx, glp_prob *lp)
{
    if (vs_ctx_status(ctx) == VS_EINTERRUPTED)
        glp_free_env();
    else if (lp)
        glp_delete_prob(lp);
}

int vsi_lst_simplex_until(vs_ctx *ctx, glp_prob *lp, double deadline)
{
    glp_smcp p;
    vsi_lst_smcp(&p);
    p.tm_lim = vsi_lst_limit_ms(deadline);
    if (p.tm_lim <= 0) {
        vsi_lst_trace.skipped++;
        return 0;
    }
    vsi_lst_trace_call(deadline, 1);
    int rc = vsi_lst_simplex(ctx, lp, &p);
    if (rc == LST_INTERRUPTED)
        return -1;
    return rc == 0 && glp_get_status(lp) == GLP_OPT;
}

vs_status vsi_lst_intopt(vs_ctx *ctx, glp_prob *lp, const double *start, double time_limit_s,
                     double deadline, double mip_gap, double *bound, int *found, int *optimal)
{
    lst_cb cb = {start, 0, -INFINITY, 0, deadline, ctx, vsi_lst_now()};
    glp_iocp p;
    double root = glp_get_obj_val(lp);
    int ms_left = vsi_lst_limit_ms(deadline);
    if (ms_left <= 0) { /* no time left: the caller keeps its start */
        vsi_lst_trace.skipped++;
        *found = *optimal = 0;
        *bound = root;
        return VS_OK;
    }
    vsi_lst_iocp(&p, fmin(time_limit_s, ms_left / 1000.0), mip_gap);
    p.cb_func = vsi_lst_callback;
    p.cb_info = &cb;
    vsi_lst_trace_call(deadline, 1);
    int rc = glp_intopt(lp, &p);
    if (rc == GLP_ESTOP && vs_ctx_interrupted(ctx))
        return vs_ctx_check_interrupt(ctx);
    int ms = glp_mip_status(lp);
    *found = ms == GLP_OPT || ms == GLP_FEAS;
    *optimal = 0;
    if (rc == 0 && ms == GLP_OPT) {
        *optimal = 1;
        *bound = glp_mip_obj_val(lp);
    } else if (rc == GLP_ETMLIM || rc == GLP_EMIPGAP || rc == GLP_ESTOP) {
        *bound = cb.have_bound ? fmax(cb.bound, root) : root;
        if (rc == GLP_EMIPGAP)
            *optimal = 1;
    } else if (rc == GLP_ENOPFS || ms == GLP_NOFEAS) {
        *bound = INFINITY;
    } else {
        return vs_ctx_fail(ctx, VS_ENUMERIC, "GLPK branch-and-cut failed (glp_intopt code %d)", rc);
    }
    if (*found && *bound > glp_mip_obj_val(lp))
        *bound = glp_mip_obj_val(lp);
    return VS_OK;
}
