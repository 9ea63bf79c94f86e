/*
 * geo.c: area polygons from GeoJSON (read with jansson) for the report's
 * choropleth maps, and each area's surface in km^2.
 *
 * Storage: all vertices of all rings in one array of (lon, lat) pairs; each
 * ring is a range of it, each feature a range of rings.  Features are kept
 * in file order, with an index sorted by id for lookups.
 */
#include "report_internal.h"
#include "core/text.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EARTH_RADIUS_KM 6371.0088
#define DEG (M_PI / 180.0)

static vs_status oom(vs_ctx *ctx) { return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory"); }

/* Append a ring starting at vertex `start`; outer = 1 for the first ring of
 * a polygon (GeoJSON order), 0 for its holes. */
static int push_ring(vs_report_geo *g, int start, int outer)
{
    if (g->n_rings == g->cap_rings) {
        int cap = g->cap_rings ? 2 * g->cap_rings : 1024;
        int *p = realloc(g->ring_start, (size_t)(cap + 1) * sizeof *p);
        if (!p)
            return 0;
        g->ring_start = p;
        unsigned char *q = realloc(g->ring_outer, (size_t)(cap + 1));
        if (!q)
            return 0;
        g->ring_outer = q;
        g->cap_rings = cap;
    }
    g->ring_outer[g->n_rings] = (unsigned char)outer;
    g->ring_start[g->n_rings++] = start;
    return 1;
}

static int push_xy(vs_report_geo *g, double lon, double lat)
{
    if (g->n_xy == g->cap_xy) {
        size_t cap = g->cap_xy ? 2 * g->cap_xy : 65536;
        double *p = realloc(g->xy, 2 * cap * sizeof *p);
        if (!p)
            return 0;
        g->xy = p;
        g->cap_xy = cap;
    }
    g->xy[2 * g->n_xy] = lon;
    g->xy[2 * g->n_xy + 1] = lat;
    g->n_xy++;
    return 1;
}

/* Read one polygon (array of rings) into g.  Returns VS_OK or an input error
 * naming `where`. */
static vs_status read_polygon(vs_ctx *ctx, vs_report_geo *g, const char *path, const char *where,
                              json_t *poly)
{
    if (!json_is_array(poly) || json_array_size(poly) == 0)
        return vs_ctx_fail_at(ctx, path, 0, where, "a polygon must be a non-empty array of rings");
    size_t ri;
    json_t *ring;
    json_array_foreach(poly, ri, ring)
    {
        if (!json_is_array(ring) || json_array_size(ring) < 4)
            return vs_ctx_fail_at(ctx, path, 0, where,
                                  "a ring must be an array of at least 4 positions");
        if (!push_ring(g, (int)g->n_xy, ri == 0))
            return oom(ctx);
        size_t pi;
        json_t *pos;
        json_array_foreach(ring, pi, pos)
        {
            json_t *x = json_array_get(pos, 0), *y = json_array_get(pos, 1);
            if (!json_is_number(x) || !json_is_number(y))
                return vs_ctx_fail_at(ctx, path, 0, where, "a position must be [lon, lat]");
            double lon = json_number_value(x), lat = json_number_value(y);
            if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90))
                return vs_ctx_fail_at(ctx, path, 0, where,
                                      "position (%g, %g) is not WGS84 lon/lat", lon, lat);
            if (!push_xy(g, lon, lat))
                return oom(ctx);
        }
    }
    return VS_OK;
}

/* Planar area of ring r in km^2 (absolute), equirectangular at lat0. */
static double ring_area_km2(const vs_report_geo *g, int r, double lat0)
{
    int a = g->ring_start[r], b = g->ring_start[r + 1];
    double k = cos(lat0 * DEG), s = 0;
    for (int i = a; i < b; i++) {
        int j = i + 1 < b ? i + 1 : a;
        double x1 = g->xy[2 * i] * k, y1 = g->xy[2 * i + 1];
        double x2 = g->xy[2 * j] * k, y2 = g->xy[2 * j + 1];
        s += x1 * y2 - x2 * y1;
    }
    return fabs(s) * 0.5 * (EARTH_RADIUS_KM * DEG) * (EARTH_RADIUS_KM * DEG);
}

/* Sort g->order by id; 0 when out of memory (the order is then unusable). */
static int sort_index(vs_report_geo *g)
{
    /* a bottom-up merge sort of indices by id (qsort would need the
     * geometry in a global to compare indices) */
    for (int i = 0; i < g->n; i++)
        g->order[i] = i;
    int *tmp = malloc((size_t)(g->n ? g->n : 1) * sizeof *tmp);
    if (!tmp)
        return 0;
    for (int w = 1; w < g->n; w *= 2) {
        for (int lo = 0; lo < g->n; lo += 2 * w) {
            int mid = lo + w < g->n ? lo + w : g->n, hi = lo + 2 * w < g->n ? lo + 2 * w : g->n;
            int i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = strcmp(g->id[g->order[i]], g->id[g->order[j]]) <= 0 ? g->order[i++]
                                                                               : g->order[j++];
            while (i < mid)
                tmp[k++] = g->order[i++];
            while (j < hi)
                tmp[k++] = g->order[j++];
        }
        memcpy(g->order, tmp, (size_t)g->n * sizeof *tmp);
    }
    free(tmp);
    return 1;
}

vs_status vs_report_geo_load(vs_ctx *ctx, const char *path, vs_report_geo **out)
{
    *out = NULL;
    char *text;
    size_t len;
    vs_status st = vsi_read_text_file(ctx, path, 0, &text, &len);
    if (st)
        return st;
    json_error_t err;
    json_t *root = json_loadb(text, len, 0, &err);
    free(text);
    /* jansson reports its failed allocations as json_error_out_of_memory or,
     * when its lexer could not start, with no error text at all */
    if (!root && (json_error_code(&err) == json_error_out_of_memory || !err.text[0]))
        return oom(ctx);
    if (!root)
        return vs_ctx_fail(ctx, VS_EINPUT, "%s:%d:%d: invalid JSON: %s", path, err.line,
                           err.column, err.text);
    json_t *feats = json_object_get(root, "features");
    if (!json_is_array(feats) || json_array_size(feats) == 0) {
        int is_array = json_is_array(feats);
        json_decref(root);
        return vs_ctx_fail_at(ctx, path, 0, "features",
                              is_array ? "no features (a map needs at least one area)"
                                       : "missing or not an array");
    }
    vs_report_geo *g = calloc(1, sizeof *g);
    size_t nf = json_array_size(feats);
    if (!g || !(g->id = calloc(nf ? nf : 1, sizeof *g->id))
        || !(g->name = calloc(nf ? nf : 1, sizeof *g->name))
        || !(g->feat_ring = malloc((nf + 1) * sizeof *g->feat_ring))
        || !(g->area_km2 = malloc((nf ? nf : 1) * sizeof *g->area_km2))
        || !(g->order = malloc((nf ? nf : 1) * sizeof *g->order))) {
        st = oom(ctx);
        goto out;
    }
    g->lon_min = g->lat_min = INFINITY;
    g->lon_max = g->lat_max = -INFINITY;
    for (size_t i = 0; i < nf; i++) {
        json_t *f = json_array_get(feats, i);
        char where[80];
        snprintf(where, sizeof where, "features[%zu].properties.area_id", i);
        json_t *id = json_object_get(json_object_get(f, "properties"), "area_id");
        if (!json_is_string(id) || json_string_length(id) == 0) {
            st = vs_ctx_fail_at(ctx, path, 0, where, "missing or not a non-empty string");
            goto out;
        }
        const char *name = json_string_value(json_object_get(json_object_get(f, "properties"), "name"));
        if (!(g->id[i] = strdup(json_string_value(id))) || (name && !(g->name[i] = strdup(name)))) {
            st = oom(ctx);
            goto out;
        }
        g->n = (int)i + 1;
        g->feat_ring[i] = g->n_rings;
        snprintf(where, sizeof where, "features[%zu].geometry", i);
        json_t *geom = json_object_get(f, "geometry");
        const char *type = json_string_value(json_object_get(geom, "type"));
        json_t *coords = json_object_get(geom, "coordinates");
        if (type && strcmp(type, "Polygon") == 0)
            st = read_polygon(ctx, g, path, where, coords);
        else if (type && strcmp(type, "MultiPolygon") == 0 && json_is_array(coords)
                 && json_array_size(coords) > 0) {
            size_t k;
            json_t *poly;
            json_array_foreach(coords, k, poly)
            {
                if ((st = read_polygon(ctx, g, path, where, poly)))
                    break;
            }
        } else
            st = vs_ctx_fail_at(ctx, path, 0, where, "expected a Polygon or MultiPolygon");
        if (st)
            goto out;
    }
    /* sentinel: ring_start[n_rings] is the end of the last ring */
    if (!push_ring(g, (int)g->n_xy, 0)) {
        st = oom(ctx);
        goto out;
    }
    g->n_rings--;
    g->feat_ring[nf] = g->n_rings;
    for (size_t i = 0; i < g->n_xy; i++) {
        double lon = g->xy[2 * i], lat = g->xy[2 * i + 1];
        g->lon_min = fmin(g->lon_min, lon);
        g->lon_max = fmax(g->lon_max, lon);
        g->lat_min = fmin(g->lat_min, lat);
        g->lat_max = fmax(g->lat_max, lat);
    }
    /* Areas: the outer ring of each polygon (the first, as GeoJSON orders
     * them) counts positive, its holes negative.  Winding order is ignored:
     * files in the wild do not all follow RFC 7946's rule. */
    for (int f = 0; f < g->n; f++) {
        double lo = INFINITY, hi = -INFINITY;
        for (int r = g->feat_ring[f]; r < g->feat_ring[f + 1]; r++)
            for (int v = g->ring_start[r]; v < g->ring_start[r + 1]; v++) {
                lo = fmin(lo, g->xy[2 * v + 1]);
                hi = fmax(hi, g->xy[2 * v + 1]);
            }
        double lat0 = isfinite(lo) ? 0.5 * (lo + hi) : 0; /* mid-latitude of the feature */
        double a = 0;
        for (int r = g->feat_ring[f]; r < g->feat_ring[f + 1]; r++) {
            double ar = ring_area_km2(g, r, lat0);
            a += g->ring_outer[r] ? ar : -ar;
        }
        g->area_km2[f] = a;
    }
    if (!sort_index(g)) {
        st = oom(ctx);
        goto out;
    }
    for (int i = 1; i < g->n; i++)
        if (strcmp(g->id[g->order[i - 1]], g->id[g->order[i]]) == 0) {
            char where[80];
            snprintf(where, sizeof where, "features[%d].properties.area_id", g->order[i]);
            st = vs_ctx_fail_at(ctx, path, 0, where, "duplicate area_id '%s'",
                                g->id[g->order[i]]);
            goto out;
        }
out:
    json_decref(root);
    if (st) {
        vs_report_geo_destroy(g);
        return st;
    }
    *out = g;
    return VS_OK;
}

void vs_report_geo_destroy(vs_report_geo *g)
{
    if (!g)
        return;
    for (int i = 0; i < g->n; i++) {
        free(g->id[i]);
        free(g->name[i]);
    }
    free(g->id);
    free(g->name);
    free(g->feat_ring);
    free(g->ring_start);
    free(g->ring_outer);
    free(g->xy);
    free(g->area_km2);
    free(g->order);
    free(g);
}

int vs_report_geo_count(const vs_report_geo *g) { return g ? g->n : 0; }

const char *vs_report_geo_id(const vs_report_geo *g, int i)
{
    return g && i >= 0 && i < g->n ? g->id[i] : NULL;
}

const char *vs_report_geo_name(const vs_report_geo *g, int i)
{
    return g && i >= 0 && i < g->n ? g->name[i] : NULL;
}

int vs_report_geo_find(const vs_report_geo *g, const char *area_id)
{
    if (!g || !area_id)
        return -1;
    int lo = 0, hi = g->n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2, c = strcmp(g->id[g->order[mid]], area_id);
        if (c == 0)
            return g->order[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

double vs_report_geo_area_km2(const vs_report_geo *g, int i)
{
    return g && i >= 0 && i < g->n ? g->area_km2[i] : NAN;
}
