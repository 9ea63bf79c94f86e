/*
 * chart.c: bar charts and maps, drawn with cairo onto an SVG surface that
 * streams into a memory buffer; the SVG is then inlined in the HTML, with
 * the labels laid over it as SVG text (see text_block).
 *
 * Labels are measured in the real font with pango (measure.c) and wrapped
 * to the room they have, never cut: category labels wrap under their bar
 * group, or are set at 45 degrees when a word does not fit, and the margins
 * grow to hold them; the legend flows over several rows; the value axis
 * always names its unit.
 *
 * cairo names its glyph and clip definitions "glyph0-1", "clip1", ... in
 * every surface, so inlining several SVGs in one document would make their
 * references collide: every id and reference of a chart is therefore
 * prefixed with the chart's id.
 * Bar charts: grouped bars with optional interval whiskers, a zero-based
 * value axis with "nice" ticks (1, 2, 2.5, 5 x 10^k).  Maps: filled polygons
 * in an equirectangular projection (see report.h), up to seven quantile
 * classes on a ColorBrewer YlGnBu scale (classes that would hold no area or
 * repeat another's range are merged: a map of one value has one class),
 * grey for areas without a value, and the municipality borders and names
 * (vs_report_set_borders) over them.
 */
#include "report_internal.h"

#include <cairo-svg.h>
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FONT_PX 11.0
#define LINE_PX 14.0

/* ---- SVG through cairo ------------------------------------------------------- */

static cairo_status_t svg_write(void *closure, const unsigned char *data, unsigned int n)
{
    vs_buf *b = closure;
    vs_buf_put(b, (const char *)data, n);
    return b->failed ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

/* Copy a style attribute's value from p (up to its closing quote) with
 * cairo's colours "rgb(25.490196%,71.372549%,76.862745%)" as "#41b6c4" and
 * the default opacities left out; returns the position of the quote. */
static const char *compact_style(vs_buf *out, const char *p, const char *end)
{
    while (p < end && *p == ' ')
        p++;
    while (p < end && *p != '"') {
        double c[3];
        int n = 0;
        if (strncmp(p, "fill-opacity:1;", 15) == 0 || strncmp(p, "stroke-opacity:1;", 17) == 0) {
            p = strchr(p, ';') + 1;
            continue;
        }
        if (strncmp(p, "rgb(", 4) == 0
            && sscanf(p, "rgb(%lf%%,%lf%%,%lf%%)%n", &c[0], &c[1], &c[2], &n) == 3 && n > 0) {
            vs_buf_printf(out, "#%02x%02x%02x", (int)lround(c[0] * 2.55),
                          (int)lround(c[1] * 2.55), (int)lround(c[2] * 2.55));
            p += n;
            continue;
        }
        vs_buf_put(out, p++, 1);
    }
    return p;
}

/* Append cairo's SVG to the report with its own root tag (pixel size,
 * class, label) and every id and reference prefixed with `prefix`. */
static void inline_svg(vs_buf *out, const vs_buf *svg, const vs_buf *text, const char *prefix,
                       int w, int h, const char *cls, const char *label)
{
    const char *s = svg->s ? svg->s : "";
    const char *root = strstr(s, "<svg");
    const char *body = root ? strchr(root, '>') : NULL;
    const char *end = body ? strstr(body, "</svg>") : NULL;
    if (!end)
        return;
    body++;
    vs_buf_printf(out,
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                  "xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"%d\" height=\"%d\" "
                  "viewBox=\"0 0 %d %d\" class=\"%s\" role=\"img\" aria-label=\"",
                  w, h, w, h, cls);
    vs_buf_escape(out, label);
    vs_buf_puts(out, "\">");
    /* ids and references get the prefix; path data is written with one
     * decimal (a tenth of a pixel: invisible, and it halves the maps) */
    static const char *const pats[] = {"id=\"", "href=\"#", "url(#", " d=\"", "style=\""};
    const char *next[5] = {NULL, NULL, NULL, NULL, NULL};
    const char *p = body;
    for (;;) {
        const char *best = NULL;
        int bk = -1;
        for (int k = 0; k < 5; k++) {
            if (next[k] != end && (!next[k] || next[k] < p)) {
                const char *q = strstr(p, pats[k]);
                next[k] = q && q < end ? q : end;
            }
            if (next[k] != end && (!best || next[k] < best)) {
                best = next[k];
                bk = k;
            }
        }
        if (!best) {
            vs_buf_put(out, p, (size_t)(end - p));
            break;
        }
        size_t blen = strlen(pats[bk]);
        vs_buf_put(out, p, (size_t)(best - p) + blen);
        p = best + blen;
        if (bk < 3) {
            vs_buf_printf(out, "%s-", prefix);
            continue;
        }
        if (bk == 4) {
            p = compact_style(out, p, end);
            continue;
        }
        while (p < end && *p != '"') {
            char *stop = (char *)p;
            double v = (*p == '-' || *p == '.' || (*p >= '0' && *p <= '9')) ? strtod(p, &stop) : 0;
            if (stop > p && stop <= end) {
                char num[40];
                int n = snprintf(num, sizeof num, "%.1f", v);
                if (n >= 2 && num[n - 1] == '0' && num[n - 2] == '.')
                    num[n - 2] = '\0';
                vs_buf_puts(out, strcmp(num, "-0") == 0 ? "0" : num);
                p = stop;
            } else
                vs_buf_put(out, p++, 1);
        }
    }
    vs_buf_puts(out, "<g class=\"labels\" font-family=\"" VSI_FONT_FAMILY "\" font-size=\"11\" "
                     "fill=\"#333\">\n");
    if (text->s)
        vs_buf_puts(out, text->s);
    vs_buf_puts(out, "</g>\n</svg>\n");
}

static const double palette[][3] = {
    {0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0}, {0xE6 / 255.0, 0x9F / 255.0, 0x00 / 255.0},
    {0x00 / 255.0, 0x9E / 255.0, 0x73 / 255.0}, {0xCC / 255.0, 0x79 / 255.0, 0xA7 / 255.0},
    {0x56 / 255.0, 0xB4 / 255.0, 0xE9 / 255.0}, {0xD5 / 255.0, 0x5E / 255.0, 0x00 / 255.0},
    {0xF0 / 255.0, 0xE4 / 255.0, 0x42 / 255.0}, {0.2, 0.2, 0.2},
}; /* Okabe-Ito, colour-blind safe */
#define N_PALETTE ((int)(sizeof palette / sizeof palette[0]))

/* "Nice" tick step for a range: 1, 2, 2.5 or 5 times a power of ten. */
static double nice_step(double range, int ticks)
{
    if (!(range > 0))
        return 1;
    double raw = range / ticks, p = pow(10, floor(log10(raw))), m = raw / p;
    double f = m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10;
    return f * p;
}

static vs_status draw_finish(vs_ctx *ctx, cairo_t *cr, cairo_surface_t *surf, vs_buf *svg)
{
    cairo_status_t cs = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (svg->failed)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory drawing a chart");
    if (cs != CAIRO_STATUS_SUCCESS)
        return vs_ctx_fail(ctx, VS_ERUNTIME, "cairo: %s", cairo_status_to_string(cs));
    return VS_OK;
}

/* ---- labels ------------------------------------------------------------------ */

#define MAX_LINES 4

/* s wrapped to width px (at most MAX_LINES lines) and written as one SVG
 * <text> of lines at (x, y): halign 0 start, 0.5 middle, 1 end; valign 0
 * top, 0.5 middle, 1 bottom of the block; rotated by deg degrees about
 * (x, y).  cls marks the text for the browser test ("tick", "label",
 * "unit", "legend", "name").  Returns the block's height; *w its width. */
static double text_block(vs_buf *tx, double x, double y, const char *s, double halign,
                         double valign, double deg, double width, const char *cls, double *w)
{
    size_t st[MAX_LINES], ln[MAX_LINES];
    double widest;
    int n = vsi_text_wrap(s, FONT_PX, width, MAX_LINES, st, ln, &widest);
    if (w)
        *w = widest;
    if (n == 0)
        return 0;
    const char *anchor = halign < 0.25 ? "start" : halign > 0.75 ? "end" : "middle";
    /* the first line's centre, lines LINE_PX apart */
    double y0 = y + LINE_PX / 2 - valign * n * LINE_PX;
    vs_buf_printf(tx, "<text class=\"%s\" x=\"%.2f\" y=\"%.2f\" text-anchor=\"%s\" "
                      "dominant-baseline=\"central\"",
                  cls, x, y0, anchor);
    if (deg != 0)
        vs_buf_printf(tx, " transform=\"rotate(%.1f %.2f %.2f)\"", deg, x, y);
    vs_buf_puts(tx, ">");
    for (int i = 0; i < n; i++) {
        char *line = malloc(ln[i] + 1);
        if (!line) {
            tx->failed = 1;
            return 0;
        }
        memcpy(line, s + st[i], ln[i]);
        line[ln[i]] = '\0';
        if (n == 1)
            vs_buf_escape(tx, line);
        else {
            vs_buf_printf(tx, "<tspan x=\"%.2f\" y=\"%.2f\">", x, y0 + i * LINE_PX);
            vs_buf_escape(tx, line);
            vs_buf_puts(tx, "</tspan>");
        }
        free(line);
    }
    vs_buf_puts(tx, "</text>\n");
    return n * LINE_PX;
}

/* The height s takes wrapped to width, and its widest line. */
static double block_size(const char *s, double width, double *w)
{
    size_t st[MAX_LINES], ln[MAX_LINES];
    double widest;
    int n = vsi_text_wrap(s, FONT_PX, width, MAX_LINES, st, ln, &widest);
    if (w)
        *w = widest;
    return n * LINE_PX;
}

/* The unit as the axis and legend name it. */
static const char *unit_name(const vs_report *r, const char *unit)
{
    if (!unit || !*unit)
        return VSI_TR(r, "(no unit)", "(ingen enhet)");
    return strcmp(unit, "share") == 0 ? VSI_TR(r, "percent", "procent") : unit;
}

/* ---- bar charts --------------------------------------------------------------- */

/* The layout of a bar chart: sizes, margins, and how categories are set. */
typedef struct bar_layout {
    int W, H;
    double ml, mr, mt, mb, pw, ph;
    double y0, y1, step;
    int rotate;            /* category labels at 45 degrees */
    double cat_h;          /* height of the category labels */
    double legend_h, unit_h;
} bar_layout;

static void value_range(const vs_report_bars *bc, bar_layout *L)
{
    double vmin = 0, vmax = 0;
    size_t cells = (size_t)bc->n_series * (size_t)bc->n_cat;
    for (size_t i = 0; i < cells; i++) {
        double v = bc->value[i];
        if (isnan(v))
            continue;
        double lo = bc->ci_low && !isnan(bc->ci_low[i]) ? bc->ci_low[i] : v;
        double hi = bc->ci_high && !isnan(bc->ci_high[i]) ? bc->ci_high[i] : v;
        vmin = fmin(vmin, fmin(v, lo));
        vmax = fmax(vmax, fmax(v, hi));
    }
    if (vmax == vmin)
        vmax = vmin + 1;
    L->step = nice_step(vmax - vmin, 5);
    L->y0 = floor(vmin / L->step) * L->step;
    L->y1 = ceil(vmax / L->step) * L->step;
}

/* Rows of the legend that fit in width: the height they take. */
static double legend_height(const vs_report_bars *bc, double width)
{
    if (bc->n_series < 2)
        return 0;
    double x = 0, rows = 1;
    for (int s = 0; s < bc->n_series; s++) {
        double w = 16 + vsi_text_width(bc->series[s], FONT_PX) + 18;
        if (x > 0 && x + w > width) {
            rows++;
            x = 0;
        }
        x += w;
    }
    return rows * 18 + 4;
}

static void bar_layout_make(const vs_report *r, const vs_report_bars *bc, int width,
                            bar_layout *L)
{
    value_range(bc, L);
    char lab[64];
    double tick_w = 0;
    for (double t = L->y0; t <= L->y1 + L->step * 1e-9; t += L->step)
        tick_w = fmax(tick_w, vsi_text_width(vsi_fmt_num(r, fabs(t) < L->step * 1e-9 ? 0 : t,
                                                          bc->unit, lab, sizeof lab),
                                             FONT_PX));
    L->W = width;
    L->ph = L->W < 500 ? 170 : 300;
    L->unit_h = block_size(unit_name(r, bc->unit), L->ph, NULL);
    L->ml = 8 + L->unit_h + 6 + tick_w + 8;
    L->mr = 16;
    int nc = bc->n_cat;
    /* widen the chart until rotated labels have room (one line each) */
    if ((L->W - L->ml - L->mr) / nc < LINE_PX * 1.6)
        L->W = (int)ceil(L->ml + L->mr + nc * LINE_PX * 1.6);
    L->legend_h = legend_height(bc, L->W - L->ml - L->mr);
    L->mt = 12 + L->legend_h;
    double slot = (L->W - L->ml - L->mr) / nc, widest = 0, tall = 0, w;
    for (int c = 0; c < nc; c++) {
        tall = fmax(tall, block_size(bc->labels[c], slot - 6, &w));
        widest = fmax(widest, w);
    }
    L->rotate = widest > slot - 4 || tall > 3 * LINE_PX;
    if (L->rotate) {
        /* the first labels must not run off the left edge */
        double ml = L->ml;
        tall = 0;
        for (int c = 0; c < nc; c++) {
            double lw = vsi_text_width(bc->labels[c], FONT_PX) * M_SQRT1_2 + LINE_PX;
            tall = fmax(tall, lw);
            ml = fmax(ml, lw - (c + 0.5) * slot + 6);
        }
        L->ml = ml;
        tall += 6;
    }
    L->cat_h = tall;
    L->pw = L->W - L->ml - L->mr;
    double xl = bc->x_label && *bc->x_label ? block_size(bc->x_label, L->pw, NULL) + 8 : 0;
    L->mb = 8 + L->cat_h + 6 + xl;
    L->H = (int)ceil(L->mt + L->ph + L->mb);
}

#define YPX(L, v) ((L)->mt + (L)->ph * (1 - ((v) - (L)->y0) / ((L)->y1 - (L)->y0)))

static void draw_axes(const vs_report *r, cairo_t *cr, vs_buf *tx, const vs_report_bars *bc,
                      const bar_layout *L)
{
    char lab[64];
    cairo_set_line_width(cr, 1);
    for (double t = L->y0; t <= L->y1 + L->step * 1e-9; t += L->step) {
        double y = round(YPX(L, t)) + 0.5;
        cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
        cairo_move_to(cr, L->ml, y);
        cairo_line_to(cr, L->ml + L->pw, y);
        cairo_stroke(cr);
        text_block(tx, L->ml - 6, y,
                   vsi_fmt_num(r, fabs(t) < L->step * 1e-9 ? 0 : t, bc->unit, lab, sizeof lab),
                   1, 0.5, 0, 1e9, "tick", NULL);
    }
    /* the unit, rotated, wrapped to the plot's height */
    text_block(tx, 8, L->mt + L->ph / 2, unit_name(r, bc->unit), 0.5, 0, -90, L->ph, "unit",
               NULL);
    if (bc->x_label && *bc->x_label)
        text_block(tx, L->ml + L->pw / 2, L->H - 4, bc->x_label, 0.5, 1, 0, L->pw, "label",
                   NULL);
}

static void draw_bars(cairo_t *cr, vs_buf *tx, const vs_report_bars *bc, const bar_layout *L)
{
    int ns = bc->n_series, nc = bc->n_cat;
    double slot = L->pw / nc, gw = slot * 0.8, bw = gw / ns;
    for (int c = 0; c < nc; c++) {
        for (int s = 0; s < ns; s++) {
            size_t k = (size_t)s * (size_t)nc + (size_t)c;
            double v = bc->value[k];
            if (isnan(v))
                continue;
            double x = L->ml + c * slot + (slot - gw) / 2 + s * bw;
            double ya = YPX(L, v), yb = YPX(L, 0.0);
            const double *col = palette[s % N_PALETTE];
            cairo_set_source_rgb(cr, col[0], col[1], col[2]);
            cairo_rectangle(cr, x, fmin(ya, yb), fmax(bw - 1, 0.5), fabs(yb - ya));
            cairo_fill(cr);
            if (bc->ci_low && bc->ci_high && !isnan(bc->ci_low[k]) && !isnan(bc->ci_high[k])) {
                double xm = x + bw / 2, yl = YPX(L, bc->ci_low[k]), yh = YPX(L, bc->ci_high[k]);
                cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
                cairo_move_to(cr, xm, yl);
                cairo_line_to(cr, xm, yh);
                cairo_move_to(cr, xm - bw / 4, yl);
                cairo_line_to(cr, xm + bw / 4, yl);
                cairo_move_to(cr, xm - bw / 4, yh);
                cairo_line_to(cr, xm + bw / 4, yh);
                cairo_stroke(cr);
            }
        }
        double xc = L->ml + (c + 0.5) * slot, yt = L->mt + L->ph + 8;
        if (L->rotate)
            text_block(tx, xc + 3, yt, bc->labels[c], 1, 0.5, -45, 1e9, "label", NULL);
        else
            text_block(tx, xc, yt, bc->labels[c], 0.5, 0, 0, slot - 6, "label", NULL);
    }
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_move_to(cr, L->ml, round(YPX(L, 0)) + 0.5);
    cairo_line_to(cr, L->ml + L->pw, round(YPX(L, 0)) + 0.5);
    cairo_stroke(cr);
}

static void draw_legend(cairo_t *cr, vs_buf *tx, const vs_report_bars *bc, const bar_layout *L)
{
    if (bc->n_series < 2)
        return;
    double x = L->ml, y = 6;
    for (int s = 0; s < bc->n_series; s++) {
        double w = 16 + vsi_text_width(bc->series[s], FONT_PX) + 18;
        if (x > L->ml && x + w > L->ml + L->pw) {
            x = L->ml;
            y += 18;
        }
        const double *col = palette[s % N_PALETTE];
        cairo_set_source_rgb(cr, col[0], col[1], col[2]);
        cairo_rectangle(cr, x, y, 12, 12);
        cairo_fill(cr);
        text_block(tx, x + 16, y + 6, bc->series[s], 0, 0.5, 0, 1e9, "legend", NULL);
        x += w;
    }
}

/* The data behind a bar chart, with the 95 % intervals. */
static void bar_data(vs_report *r, vs_buf *b, const vs_report_bars *bc)
{
    int ns = bc->n_series, nc = bc->n_cat;
    vs_buf_printf(b, "<details><summary>%s</summary>\n<table class=\"table chart-data\" "
                     "data-chart=\"%s\">\n<thead><tr><th>",
                  VSI_TR(r, "data", "data"), bc->id);
    vs_buf_escape(b, bc->x_label);
    vs_buf_puts(b, "</th>");
    for (int s = 0; s < ns; s++) {
        vs_buf_puts(b, "<th>");
        vs_buf_escape(b, bc->series[s]);
        vs_buf_puts(b, "</th>");
    }
    vs_buf_puts(b, "</tr></thead>\n<tbody>\n");
    for (int c = 0; c < nc; c++) {
        vs_buf_puts(b, "<tr><td>");
        vs_buf_escape(b, bc->labels[c]);
        vs_buf_puts(b, "</td>");
        for (int s = 0; s < ns; s++) {
            size_t k = (size_t)s * (size_t)nc + (size_t)c;
            double v = bc->value[k];
            double lo = bc->ci_low ? bc->ci_low[k] : NAN, hi = bc->ci_high ? bc->ci_high[k] : NAN;
            if (isnan(lo) || isnan(hi)) {
                vsi_num_cell(r, b, "value", v, bc->unit);
                continue;
            }
            char h1[64], h2[64], h3[64], e1[40], e2[40], e3[40];
            vs_buf_printf(b,
                          "<td class=\"num value\" data-value=\"%s\" data-ci-low=\"%s\" "
                          "data-ci-high=\"%s\">%s (%s &ndash; %s)</td>",
                          vs_store_format_real(v, e1, sizeof e1),
                          vs_store_format_real(lo, e2, sizeof e2),
                          vs_store_format_real(hi, e3, sizeof e3),
                          vsi_fmt_num(r, v, bc->unit, h1, sizeof h1),
                          vsi_fmt_num(r, lo, bc->unit, h2, sizeof h2),
                          vsi_fmt_num(r, hi, bc->unit, h3, sizeof h3));
        }
        vs_buf_puts(b, "</tr>\n");
    }
    vs_buf_puts(b, "</tbody></table></details>\n");
}

static vs_status check_bars(vs_ctx *ctx, const vs_report_bars *bc)
{
    if (!vsi_valid_id(bc->id) || bc->n_series < 1 || bc->n_cat < 1 || bc->n_series > VS_REPORT_BARS_MAX_SERIES
        || bc->n_cat > VS_REPORT_BARS_MAX_CATS || !bc->value || !bc->series || !bc->labels)
        return vs_ctx_fail(ctx, VS_EUSAGE, "bar chart '%s': bad id or shape",
                           bc->id ? bc->id : "");
    size_t cells = (size_t)bc->n_series * (size_t)bc->n_cat;
    for (size_t i = 0; i < cells; i++)
        if (!isnan(bc->value[i]) && !isfinite(bc->value[i]))
            return vs_ctx_fail(ctx, VS_EUSAGE, "bar chart '%s': infinite value", bc->id);
    return VS_OK;
}

vs_status vs_report_add_bar_chart(vs_ctx *ctx, vs_report *r, const vs_report_bars *bc)
{
    return vs_report_add_bar_chart_sized(ctx, r, bc, 760);
}

vs_status vs_report_add_bar_chart_sized(vs_ctx *ctx, vs_report *r, const vs_report_bars *bc,
                                        int width)
{
    vs_status st = check_bars(ctx, bc);
    if (st)
        return st;
    if (width < 200 || width > 4000)
        return vs_ctx_fail(ctx, VS_EUSAGE, "bar chart '%s': width %d px", bc->id, width);
    bar_layout L;
    bar_layout_make(r, bc, width, &L);
    vs_buf svg = {0}, tx = {0};
    cairo_surface_t *surf = cairo_svg_surface_create_for_stream(svg_write, &svg, L.W, L.H);
    cairo_t *cr = cairo_create(surf);
    draw_axes(r, cr, &tx, bc, &L);
    draw_bars(cr, &tx, bc, &L);
    draw_legend(cr, &tx, bc, &L);
    st = draw_finish(ctx, cr, surf, &svg);
    if (!st && tx.failed)
        st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory drawing a chart");
    if (!st) {
        vs_buf *b = &r->body;
        vsi_figure_open(b, "bar-chart", bc->id, bc->title);
        inline_svg(b, &svg, &tx, bc->id, L.W, L.H, "vs-chart", bc->title);
        vsi_figure_note(r, b, bc->unit, bc->note);
        bar_data(r, b, bc);
        vs_buf_puts(b, "</figure>\n");
        r->n_charts++;
        if (b->failed)
            st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory building the report");
    }
    free(svg.s);
    free(tx.s);
    return st;
}

/* ---- maps ------------------------------------------------------------------------ */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* ColorBrewer YlGnBu, 7 classes */
static const unsigned ylgnbu[7] = {0xffffcc, 0xc7e9b4, 0x7fcdbb, 0x41b6c4,
                                   0x1d91c0, 0x225ea8, 0x0c2c84};

static void set_hex(cairo_t *cr, unsigned rgb)
{
    cairo_set_source_rgb(cr, ((rgb >> 16) & 255) / 255.0, ((rgb >> 8) & 255) / 255.0,
                         (rgb & 255) / 255.0);
}

/* The classes of a map: up to 7 by quantile, none empty, no two with the
 * same printed range; class c holds the values in (hi[c-1], hi[c]] and
 * spans [lo[c], hi[c]] of the data. */
typedef struct map_classes {
    int n;
    double lo[7], hi[7];
    unsigned colour[7];
    char label[7][110];
} map_classes;

static void classes_make(const vs_report *r, const double *sorted, int ns, const char *unit,
                         map_classes *k)
{
    k->n = 0;
    for (int q = 1; q <= 7 && ns > 0; q++) {
        int idx = q == 7 ? ns - 1 : (int)((double)q / 7.0 * (ns - 1) + 0.5);
        double hi = sorted[idx];
        double prev = k->n ? k->hi[k->n - 1] : -INFINITY;
        if (hi <= prev)
            continue; /* an empty class */
        /* the class's smallest value: the first above the previous bound */
        int a = 0;
        while (a < ns && sorted[a] <= prev)
            a++;
        char x[48], y[48], t[110];
        double lo = sorted[a];
        if (vsi_fmt_num(r, lo, unit, x, sizeof x) && strcmp(x, vsi_fmt_num(r, hi, unit, y, sizeof y)) == 0)
            snprintf(t, sizeof t, "%s", x);
        else
            snprintf(t, sizeof t, "%s \xe2\x80\x93 %s", x, y);
        if (k->n && strcmp(t, k->label[k->n - 1]) == 0) {
            k->hi[k->n - 1] = hi; /* prints like the previous class: one class */
            continue;
        }
        if (k->n && strncmp(k->label[k->n - 1], x, strlen(x)) == 0) {
            /* the previous class ends where this one starts in print: merge */
            char p[48];
            vsi_fmt_num(r, k->lo[k->n - 1], unit, p, sizeof p);
            k->hi[k->n - 1] = hi;
            snprintf(k->label[k->n - 1], sizeof k->label[0], "%s \xe2\x80\x93 %s", p, y);
            continue;
        }
        k->lo[k->n] = lo;
        k->hi[k->n] = hi;
        snprintf(k->label[k->n], sizeof k->label[0], "%s", t);
        k->n++;
    }
    for (int c = 0; c < k->n; c++)
        k->colour[c] = ylgnbu[k->n == 1 ? 4 : (int)lround(c * 6.0 / (k->n - 1))];
}

static int class_of(const map_classes *k, double v)
{
    int c = 0;
    while (c < k->n - 1 && v > k->hi[c])
        c++;
    return c;
}

/* The projection of a map into its drawing box. */
typedef struct map_proj {
    double lon_min, lat_max, k, sc, ox, oy;
} map_proj;

static void proj_make(const vs_report_geo *geo, double w, double h, double pad, map_proj *p)
{
    double phi0 = 0.5 * (geo->lat_min + geo->lat_max) * M_PI / 180.0;
    p->k = cos(phi0);
    double gw = (geo->lon_max - geo->lon_min) * p->k, gh = geo->lat_max - geo->lat_min;
    p->sc = fmin((w - 2 * pad) / gw, (h - 2 * pad) / gh);
    p->ox = pad + ((w - 2 * pad) - gw * p->sc) / 2;
    p->oy = pad + ((h - 2 * pad) - gh * p->sc) / 2;
    p->lon_min = geo->lon_min;
    p->lat_max = geo->lat_max;
}

#define PX(p, lon) ((p)->ox + ((lon) - (p)->lon_min) * (p)->k * (p)->sc)
#define PY(p, lat) ((p)->oy + ((p)->lat_max - (lat)) * (p)->sc)

/* The rings of feature f of g as a cairo path (vertices closer than 0.35 px
 * to the last one drawn are dropped: invisible, and they make the SVG large). */
static void feature_path(cairo_t *cr, const vs_report_geo *g, int f, const map_proj *p)
{
    for (int ring = g->feat_ring[f]; ring < g->feat_ring[f + 1]; ring++) {
        int a = g->ring_start[ring], b = g->ring_start[ring + 1];
        double lx = 0, ly = 0;
        for (int v = a; v < b; v++) {
            double x = PX(p, g->xy[2 * v]), y = PY(p, g->xy[2 * v + 1]);
            if (v == a)
                cairo_move_to(cr, x, y);
            else if (v == b - 1 || fabs(x - lx) + fabs(y - ly) >= 0.35)
                cairo_line_to(cr, x, y);
            else
                continue;
            lx = x;
            ly = y;
        }
        cairo_close_path(cr);
    }
}

/* Centroid (px) of the largest outer ring of feature f, and that ring's
 * area in px^2. */
static double feature_centre(const vs_report_geo *g, int f, const map_proj *p, double *cx,
                             double *cy)
{
    double best = 0;
    for (int ring = g->feat_ring[f]; ring < g->feat_ring[f + 1]; ring++) {
        if (!g->ring_outer[ring])
            continue;
        int a = g->ring_start[ring], b = g->ring_start[ring + 1];
        double A = 0, X = 0, Y = 0;
        for (int v = a; v < b; v++) {
            int u = v + 1 < b ? v + 1 : a;
            double x1 = PX(p, g->xy[2 * v]), y1 = PY(p, g->xy[2 * v + 1]);
            double x2 = PX(p, g->xy[2 * u]), y2 = PY(p, g->xy[2 * u + 1]);
            double c = x1 * y2 - x2 * y1;
            A += c;
            X += (x1 + x2) * c;
            Y += (y1 + y2) * c;
        }
        if (fabs(A) > best && A != 0) {
            best = fabs(A);
            *cx = X / (3 * A);
            *cy = Y / (3 * A);
        }
    }
    return best / 2;
}

/* Municipality borders, then their names where a name does not overlap
 * another (the largest municipalities first). */
static void draw_borders(cairo_t *cr, vs_buf *tx, const vs_report_geo *b, const map_proj *p,
                         double map_w)
{
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    cairo_set_line_width(cr, 0.9);
    for (int f = 0; f < b->n; f++) {
        feature_path(cr, b, f, p);
        cairo_stroke(cr);
    }
    int n = b->n < 400 ? b->n : 400;
    double area[400], cx[400], cy[400], box[400][4];
    int order[400], placed = 0;
    for (int f = 0; f < n; f++) {
        cx[f] = cy[f] = 0;
        area[f] = b->name[f] ? feature_centre(b, f, p, &cx[f], &cy[f]) : 0;
        order[f] = f;
    }
    for (int i = 1; i < n; i++) /* insertion sort by area, largest first */
        for (int j = i; j > 0 && area[order[j]] > area[order[j - 1]]; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    for (int i = 0; i < n; i++) {
        int f = order[i];
        if (area[f] <= 0)
            continue;
        double w = vsi_text_width(b->name[f], FONT_PX) + 6;
        double x0 = cx[f] - w / 2, y0 = cy[f] - LINE_PX / 2, x1 = x0 + w, y1 = y0 + LINE_PX;
        int clash = x0 < 0 || x1 > map_w;
        for (int k = 0; k < placed && !clash; k++)
            clash = x0 < box[k][2] && box[k][0] < x1 && y0 < box[k][3] && box[k][1] < y1;
        if (clash)
            continue;
        box[placed][0] = x0;
        box[placed][1] = y0;
        box[placed][2] = x1;
        box[placed][3] = y1;
        placed++;
        vs_buf_printf(tx, "<text class=\"name\" x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\" "
                          "dominant-baseline=\"central\" stroke=\"#fff\" stroke-width=\"3\" "
                          "paint-order=\"stroke\" fill=\"#111\">",
                      cx[f], cy[f]);
        vs_buf_escape(tx, b->name[f]);
        vs_buf_puts(tx, "</text>\n");
    }
}

/* The legend at x: the unit, the classes, no value. */
static void draw_map_legend(const vs_report *r, cairo_t *cr, vs_buf *tx, const map_classes *k,
                            const char *unit, double x, double w)
{
    double y = 14;
    y += text_block(tx, x, y, unit_name(r, unit), 0, 0, 0, w, "unit", NULL) + 6;
    for (int c = 0; c <= k->n; c++) {
        if (c < k->n)
            set_hex(cr, k->colour[c]);
        else
            cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
        cairo_rectangle(cr, x, y, 16, 14);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
        cairo_set_line_width(cr, 0.5);
        cairo_rectangle(cr, x + 0.5, y + 0.5, 15, 13);
        cairo_stroke(cr);
        const char *t = c < k->n ? k->label[c] : VSI_TR(r, "no value", "inget värde");
        text_block(tx, x + 22, y + 7, t, 0, 0.5, 0, w - 22, "legend", NULL);
        y += 20;
    }
    if (k->n > 1)
        text_block(tx, x, y + 8, VSI_TR(r, "classes by quantile", "klasser efter kvantil"), 0,
                   0.5, 0, w, "legend", NULL);
}

/* Each area's value (NaN: none) and the sorted finite values; the number
 * of values naming no area in *unmatched.  NULL when out of memory. */
static double *map_values(const vs_report_geo *geo, const vs_report_map *m, double *sorted,
                          int *ns, int *unmatched)
{
    double *fv = malloc((size_t)geo->n * sizeof *fv);
    if (!fv)
        return NULL;
    for (int i = 0; i < geo->n; i++)
        fv[i] = NAN;
    *ns = *unmatched = 0;
    for (int i = 0; i < m->n; i++) {
        int f = vs_report_geo_find(geo, m->area_ids[i]);
        if (f < 0) {
            (*unmatched)++;
            continue;
        }
        fv[f] = m->values[i];
        if (isfinite(m->values[i]))
            sorted[(*ns)++] = m->values[i];
    }
    qsort(sorted, (size_t)*ns, sizeof *sorted, cmp_double);
    return fv;
}

static void map_data(vs_report *r, vs_buf *bf, const vs_report_map *m, int unmatched)
{
    if (unmatched)
        vs_buf_printf(bf, "<p class=\"note warn\">%d values name areas without a polygon and "
                          "are not drawn.</p>\n",
                      unmatched);
    vs_buf_printf(bf, "<details><summary>%s (%d)</summary>\n<table class=\"table "
                      "chart-data\" data-chart=\"%s\">\n<thead><tr><th>area_id</th><th>",
                  VSI_TR(r, "data: areas", "data: områden"), m->n, m->id);
    vs_buf_escape(bf, m->unit);
    vs_buf_puts(bf, "</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < m->n; i++) {
        vs_buf_puts(bf, "<tr><td>");
        vs_buf_escape(bf, m->area_ids[i]);
        vs_buf_puts(bf, "</td>");
        vsi_num_cell(r, bf, "value", m->values[i], m->unit);
        vs_buf_puts(bf, "</tr>\n");
    }
    vs_buf_puts(bf, "</tbody></table></details>\n");
}

/* The legend's width: its widest label, within 150 and 300 px. */
static double legend_width(const vs_report *r, const map_classes *k)
{
    double w = 0;
    for (int c = 0; c < k->n; c++)
        w = fmax(w, vsi_text_width(k->label[c], FONT_PX));
    w = fmax(w, vsi_text_width(VSI_TR(r, "no value", "inget värde"), FONT_PX));
    return fmin(300, fmax(150, w + 22 + 12));
}

vs_status vs_report_add_map(vs_ctx *ctx, vs_report *r, const vs_report_geo *geo,
                            const vs_report_map *m)
{
    if (!vsi_valid_id(m->id) || m->n < 0 || (m->n && (!m->area_ids || !m->values)) || !geo
        || geo->n == 0)
        return vs_ctx_fail(ctx, VS_EUSAGE, "map '%s': bad id, values or geometry",
                           m->id ? m->id : "");
    double *sorted = malloc(((size_t)m->n + 1) * sizeof *sorted);
    int ns, unmatched;
    double *fv = sorted ? map_values(geo, m, sorted, &ns, &unmatched) : NULL;
    if (!fv) {
        free(sorted);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    map_classes k;
    classes_make(r, sorted, ns, m->unit, &k);
    free(sorted);
    const int W = 760, H = 640;
    double legend_w = legend_width(r, &k);
    map_proj p;
    proj_make(geo, W - legend_w, H, 8, &p);
    vs_buf svg = {0}, tx = {0};
    cairo_surface_t *surf = cairo_svg_surface_create_for_stream(svg_write, &svg, W, H);
    cairo_t *cr = cairo_create(surf);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    for (int f = 0; f < geo->n; f++) {
        feature_path(cr, geo, f, &p);
        if (isfinite(fv[f]))
            set_hex(cr, k.colour[class_of(&k, fv[f])]);
        else
            cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
        cairo_fill(cr);
    }
    if (r->borders)
        draw_borders(cr, &tx, r->borders, &p, W - legend_w);
    draw_map_legend(r, cr, &tx, &k, m->unit, W - legend_w + 6, legend_w - 12);
    free(fv);
    vs_status st = draw_finish(ctx, cr, surf, &svg);
    if (!st && tx.failed)
        st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory drawing a map");
    if (!st) {
        vs_buf *bf = &r->body;
        vsi_figure_open(bf, "map", m->id, m->title);
        inline_svg(bf, &svg, &tx, m->id, W, H, "vs-map", m->title);
        vsi_figure_note(r, bf, m->unit, m->note);
        map_data(r, bf, m, unmatched);
        vs_buf_puts(bf, "</figure>\n");
        r->n_charts++;
        if (bf->failed)
            st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory building the report");
    }
    free(svg.s);
    free(tx.s);
    return st;
}
