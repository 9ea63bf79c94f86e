/*
 * vardsim/report.h: a self-contained HTML report with charts and maps drawn
 * by cairo as inline SVG.
 *
 * The report is built from generic inputs so that every module can feed it:
 * named series (bar charts, grouped bars for several series or scenarios),
 * one value per area (choropleth maps of the area polygons), metrics tables,
 * a scorecard of targets and free tables and text.  Nothing refers to files or
 * the network: one report.html holds everything.  Every number shown in a
 * table carries its exact value in a data-value attribute (shortest decimal
 * form that reads back to the same double), so tests can compare the report
 * with the results store.
 *
 * Map projection: equirectangular, x = (lon - lon_min) cos(phi0),
 * y = lat_max - lat, with phi0 the mean of the extreme latitudes of the
 * polygons, then scaled to the drawing box (aspect preserved).
 */
#ifndef VARDSIM_REPORT_H
#define VARDSIM_REPORT_H

#include "vardsim/core.h"
#include "vardsim/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Area polygons read from a GeoJSON FeatureCollection whose features have a
 * string property "area_id" and Polygon or MultiPolygon WGS84 geometry. */
typedef struct vs_report_geo vs_report_geo;

/* Load polygons.  Errors: VS_EIO, VS_EINPUT ("FILE:LINE: ..." for JSON syntax,
 * "FILE: field features[i].properties.area_id: ..." for content). */
VS_API vs_status vs_report_geo_load(vs_ctx *ctx, const char *path, vs_report_geo **out);
VS_API void vs_report_geo_destroy(vs_report_geo *geo);
/* Number of features, the id of feature i, its index by id (or -1), and its
 * area in km^2 (planar shoelace in a local equirectangular projection at the
 * feature's mid-latitude (min + max) / 2, Earth radius 6371.0088 km; holes subtracted). */
VS_API int vs_report_geo_count(const vs_report_geo *geo);
VS_API const char *vs_report_geo_id(const vs_report_geo *geo, int i);
VS_API int vs_report_geo_find(const vs_report_geo *geo, const char *area_id);
VS_API double vs_report_geo_area_km2(const vs_report_geo *geo, int i);

typedef struct vs_report vs_report;

/* A bar chart: n_cat categories on the x axis, n_series bars per category
 * (grouped when n_series > 1).  value[s * n_cat + c]; NaN = no bar.
 * ci_low/ci_high may be NULL (no whiskers). */
typedef struct vs_report_bars {
    const char *id;                 /* HTML id (letters, digits, '-', '_') */
    const char *title;
    const char *x_label;
    const char *unit;               /* y axis */
    const char *note;               /* caption: method and source */
    int n_series, n_cat;
    const char *const *series;      /* names (legend) */
    const char *const *labels;      /* category labels */
    const double *value;
    const double *ci_low, *ci_high;
} vs_report_bars;

/* A choropleth map: one value per area id; areas of the geometry without a
 * value are drawn grey.  Seven quantile classes with a legend. */
typedef struct vs_report_map {
    const char *id;
    const char *title;
    const char *unit;
    const char *note;
    int n;
    const char *const *area_ids;
    const double *values;
} vs_report_map;

/* Create an empty report with a page title. */
VS_API vs_status vs_report_create(vs_ctx *ctx, const char *title, vs_report **out);
VS_API void vs_report_destroy(vs_report *r);

/* A section heading (level 2 or 3) with an id, and a paragraph of text
 * (text is escaped). */
VS_API vs_status vs_report_add_heading(vs_ctx *ctx, vs_report *r, const char *id, int level,
                                       const char *text);
VS_API vs_status vs_report_add_paragraph(vs_ctx *ctx, vs_report *r, const char *text);

/* A generic text table (cells row-major, n_rows x n_cols, escaped). */
VS_API vs_status vs_report_add_table(vs_ctx *ctx, vs_report *r, const char *id,
                                     int n_cols, const char *const *header, int n_rows,
                                     const char *const *cells);

/* A metrics table: name, value (with data-value), interval, unit, target,
 * met, source. */
VS_API vs_status vs_report_add_metrics(vs_ctx *ctx, vs_report *r, const char *id,
                                       const vs_metric *m, int n);

/* The scorecard table: target, value, target value, met or not, source. */
VS_API vs_status vs_report_add_scorecard(vs_ctx *ctx, vs_report *r, const vs_score_row *rows,
                                         int n);

/* Charts.  Drawn at once into SVG with cairo; errors: VS_EUSAGE (bad spec),
 * VS_ERUNTIME (cairo failure), VS_ENOMEM. */
VS_API vs_status vs_report_add_bar_chart(vs_ctx *ctx, vs_report *r, const vs_report_bars *b);
VS_API vs_status vs_report_add_map(vs_ctx *ctx, vs_report *r, const vs_report_geo *geo,
                                   const vs_report_map *m);

/* Write the HTML document to `path`, whole or not at all: into a temporary
 * file PATH.tmp-XXXXXX beside it, flushed, then renamed over path (an
 * existing file is replaced; the temporary file is removed on failure).
 * Errors: VS_EIO. */
VS_API vs_status vs_report_write(vs_ctx *ctx, vs_report *r, const char *path);

/* The document built so far (NUL-terminated, owned by r). */
VS_API const char *vs_report_html(const vs_report *r);

#ifdef __cplusplus
}
#endif
#endif
