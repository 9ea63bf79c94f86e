/*
 * vardsim/report.h: a self-contained HTML report with charts and maps drawn
 * by cairo as inline SVG.
 *
 * The report is built from generic inputs so that every module can feed it:
 * named series (bar charts, grouped bars for several series or scenarios),
 * one value per area (choropleth maps of the area polygons), metrics tables,
 * a scorecard of targets and free tables and text.  Chart labels are measured
 * with pango and wrapped, never cut.  Nothing refers to files or
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
/* The feature's string property "name" (NULL when it has none). */
VS_API const char *vs_report_geo_name(const vs_report_geo *geo, int i);

typedef struct vs_report vs_report;

/* A bar chart: n_cat categories on the x axis, n_series bars per category
 * (grouped when n_series > 1).  value[s * n_cat + c]; NaN = no bar.
 * ci_low/ci_high may be NULL (no whiskers).  At most VS_REPORT_BARS_MAX_SERIES
 * series and VS_REPORT_BARS_MAX_CATS categories (more is VS_EUSAGE). */
#define VS_REPORT_BARS_MAX_SERIES 64
#define VS_REPORT_BARS_MAX_CATS 500
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

/* The scorecard with an optional baseline column (today's values, NaN: not
 * computed, base_met 1/0/-1 per row) before the run's own values. */
typedef struct vs_report_scorecard {
    const vs_score_row *rows;
    int n;
    const double *base;             /* NULL: no baseline column */
    const int *base_met;            /* may be NULL */
    const char *base_label, *label; /* column headings (NULL: "today", "value") */
} vs_report_scorecard;
VS_API vs_status vs_report_add_scorecard_ex(vs_ctx *ctx, vs_report *r,
                                            const vs_report_scorecard *sc);

/* Labels and number format: "en" (2,440,027  89.9 %, the default) or "sv"
 * (2 440 027  89,9 %).  VS_EUSAGE for another language. */
VS_API vs_status vs_report_set_lang(vs_ctx *ctx, vs_report *r, const char *lang);
VS_API int vs_report_is_swedish(const vs_report *r);
/* v as the report shows it (unit "share" as a percentage). */
VS_API const char *vs_report_format(const vs_report *r, double v, const char *unit, char *buf,
                                    size_t cap);
/* Polygons with a "name" drawn over every later map: borders and, where
 * they do not overlap, names (municipalities).  Kept by reference. */
VS_API void vs_report_set_borders(vs_report *r, const vs_report_geo *borders);

/* Sources: every source text is kept once and numbered (file paths inside
 * the source tree only, the policy documents by title, no function names);
 * metrics, scorecard rows and charts cite theirs by number.  vs_report_cite
 * returns the number (0 for an empty text); vs_report_add_references writes
 * the numbered list (ids ref-1, ref-2, ...). */
VS_API int vs_report_cite(vs_report *r, const char *source);
VS_API vs_status vs_report_add_references(vs_ctx *ctx, vs_report *r, const char *id);

/* Structure: a table of contents linking to section ids, sections
 * (<section> with an <h2>), and collapsible groups (<details>). */
VS_API vs_status vs_report_add_toc(vs_ctx *ctx, vs_report *r, int n, const char *const *ids,
                                   const char *const *titles);
VS_API vs_status vs_report_begin_section(vs_ctx *ctx, vs_report *r, const char *id,
                                         const char *title);
VS_API vs_status vs_report_end_section(vs_ctx *ctx, vs_report *r);
VS_API vs_status vs_report_begin_details(vs_ctx *ctx, vs_report *r, const char *summary,
                                         int open);
VS_API vs_status vs_report_end_details(vs_ctx *ctx, vs_report *r);

/* Charts.  Drawn at once into SVG with cairo; errors: VS_EUSAGE (bad spec),
 * VS_ERUNTIME (cairo failure), VS_ENOMEM. */
VS_API vs_status vs_report_add_bar_chart(vs_ctx *ctx, vs_report *r, const vs_report_bars *b);
/* The same chart width px wide (vs_report_add_bar_chart: 760; small
 * multiples about 360). */
VS_API vs_status vs_report_add_bar_chart_sized(vs_ctx *ctx, vs_report *r,
                                               const vs_report_bars *b, int width);
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
