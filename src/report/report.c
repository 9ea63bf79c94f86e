/*
 * report.c: the HTML report document and its charts.
 *
 * Charts are drawn with cairo onto an SVG surface that streams into a memory
 * buffer; the SVG is then inlined in the HTML, with the labels laid over it
 * as SVG text (see text_at).  cairo names its glyph and
 * clip definitions "glyph0-1", "clip1", ... in every surface, so inlining
 * several SVGs in one document would make their references collide: every
 * id and reference of a chart is therefore prefixed with the chart's id.
 * Bar charts: grouped bars with optional interval whiskers, a zero-based
 * value axis with "nice" ticks (1, 2, 2.5, 5 x 10^k).  Maps: filled polygons
 * in an equirectangular projection (see report.h), seven quantile classes on
 * a ColorBrewer YlGnBu scale, grey for areas without a value.
 */
#include "report_internal.h"

#include <cairo-svg.h>
#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct vs_report {
    char title[256];
    vs_buf body;
    int n_charts;
};

/* ---- buffer ---------------------------------------------------------------- */

void vs_buf_put(vs_buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void vs_buf_puts(vs_buf *b, const char *s) { vs_buf_put(b, s, strlen(s)); }

void vs_buf_printf(vs_buf *b, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if ((size_t)n < sizeof tmp) {
        vs_buf_put(b, tmp, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        b->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    vs_buf_put(b, big, (size_t)n);
    free(big);
}

void vs_buf_escape(vs_buf *b, const char *s)
{
    if (!s)
        return;
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '&': vs_buf_puts(b, "&amp;"); break;
        case '<': vs_buf_puts(b, "&lt;"); break;
        case '>': vs_buf_puts(b, "&gt;"); break;
        case '"': vs_buf_puts(b, "&quot;"); break;
        case '\'': vs_buf_puts(b, "&#39;"); break;
        default: vs_buf_put(b, p, 1);
        }
    }
}

/* ---- number formatting --------------------------------------------------- */

static int is_share(const char *unit) { return unit && strcmp(unit, "share") == 0; }

/* Human form: thousands separators for large numbers, percent for shares. */
static const char *fmt_human(double v, const char *unit, char *buf, size_t cap)
{
    if (isnan(v)) {
        snprintf(buf, cap, "n/a");
        return buf;
    }
    if (is_share(unit)) {
        snprintf(buf, cap, "%.1f %%", 100.0 * v);
        return buf;
    }
    double a = fabs(v);
    if (a >= 999.5) {
        char tmp[64];
        snprintf(tmp, sizeof tmp, "%.0f", a);
        size_t n = strlen(tmp), o = 0;
        if (v < 0 && o + 1 < cap)
            buf[o++] = '-';
        for (size_t i = 0; i < n && o + 2 < cap; i++) {
            buf[o++] = tmp[i];
            if ((n - i - 1) % 3 == 0 && i != n - 1)
                buf[o++] = ',';
        }
        buf[o] = '\0';
    } else if (a >= 100 || v == floor(v))
        snprintf(buf, cap, "%.0f", v);
    else if (a >= 10)
        snprintf(buf, cap, "%.1f", v);
    else if (a == 0)
        snprintf(buf, cap, "0");
    else
        snprintf(buf, cap, "%.3g", v);
    return buf;
}

/* ---- HTML document --------------------------------------------------------- */

static int valid_id(const char *id)
{
    if (!id || !*id || strlen(id) > 64)
        return 0;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
              || *p == '-' || *p == '_'))
            return 0;
    return 1;
}

static vs_status check(vs_ctx *ctx, vs_report *r)
{
    if (r->body.failed)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory building the report");
    return VS_OK;
}

vs_status vs_report_create(vs_ctx *ctx, const char *title, vs_report **out)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    snprintf((*out)->title, sizeof (*out)->title, "%s", title ? title : "vardsim report");
    return VS_OK;
}

void vs_report_destroy(vs_report *r)
{
    if (!r)
        return;
    free(r->body.s);
    free(r);
}

const char *vs_report_html(const vs_report *r) { return r->body.s ? r->body.s : ""; }

vs_status vs_report_add_heading(vs_ctx *ctx, vs_report *r, const char *id, int level,
                                const char *text)
{
    if (level < 2 || level > 3 || (id && !valid_id(id)))
        return vs_ctx_fail(ctx, VS_EUSAGE, "report heading: bad level or id");
    vs_buf_printf(&r->body, "<h%d", level);
    if (id)
        vs_buf_printf(&r->body, " id=\"%s\"", id);
    vs_buf_puts(&r->body, ">");
    vs_buf_escape(&r->body, text);
    vs_buf_printf(&r->body, "</h%d>\n", level);
    return check(ctx, r);
}

vs_status vs_report_add_paragraph(vs_ctx *ctx, vs_report *r, const char *text)
{
    vs_buf_puts(&r->body, "<p>");
    vs_buf_escape(&r->body, text);
    vs_buf_puts(&r->body, "</p>\n");
    return check(ctx, r);
}

vs_status vs_report_add_table(vs_ctx *ctx, vs_report *r, const char *id, int n_cols,
                              const char *const *header, int n_rows, const char *const *cells)
{
    if (!valid_id(id) || n_cols < 1 || n_rows < 0)
        return vs_ctx_fail(ctx, VS_EUSAGE, "report table: bad id or shape");
    vs_buf_printf(&r->body, "<table id=\"%s\" class=\"table\">\n<thead><tr>", id);
    for (int c = 0; c < n_cols; c++) {
        vs_buf_puts(&r->body, "<th>");
        vs_buf_escape(&r->body, header[c]);
        vs_buf_puts(&r->body, "</th>");
    }
    vs_buf_puts(&r->body, "</tr></thead>\n<tbody>\n");
    for (int i = 0; i < n_rows; i++) {
        vs_buf_puts(&r->body, "<tr>");
        for (int c = 0; c < n_cols; c++) {
            vs_buf_puts(&r->body, "<td>");
            vs_buf_escape(&r->body, cells[(size_t)i * (size_t)n_cols + (size_t)c]);
            vs_buf_puts(&r->body, "</td>");
        }
        vs_buf_puts(&r->body, "</tr>\n");
    }
    vs_buf_puts(&r->body, "</tbody></table>\n");
    return check(ctx, r);
}

/* A numeric cell: the human form shown, the exact value in data-value. */
static void num_cell(vs_buf *b, const char *cls, double v, const char *unit)
{
    char human[64], exact[40];
    vs_buf_printf(b, "<td class=\"num %s\" data-value=\"%s\">%s</td>", cls,
                  vs_store_format_real(v, exact, sizeof exact), fmt_human(v, unit, human,
                                                                        sizeof human));
}

vs_status vs_report_add_metrics(vs_ctx *ctx, vs_report *r, const char *id, const vs_metric *m,
                                int n)
{
    if (!valid_id(id))
        return vs_ctx_fail(ctx, VS_EUSAGE, "report metrics: bad id");
    vs_buf_printf(&r->body,
                  "<table id=\"%s\" class=\"table metrics\">\n<thead><tr><th>metric</th>"
                  "<th>value</th><th>95 %% interval</th><th>unit</th><th>target</th>"
                  "<th>met</th><th>source</th></tr></thead>\n<tbody>\n",
                  id);
    for (int i = 0; i < n; i++) {
        vs_buf_puts(&r->body, "<tr class=\"metric\" data-name=\"");
        vs_buf_escape(&r->body, m[i].name);
        vs_buf_puts(&r->body, "\"><td class=\"name\">");
        vs_buf_escape(&r->body, m[i].name);
        vs_buf_puts(&r->body, "</td>");
        num_cell(&r->body, "value", m[i].value, m[i].unit);
        if (isnan(m[i].ci_low) || isnan(m[i].ci_high))
            vs_buf_puts(&r->body, "<td class=\"ci\"></td>");
        else {
            char a[64], bb[64];
            vs_buf_printf(&r->body, "<td class=\"ci\">%s &ndash; %s</td>",
                          fmt_human(m[i].ci_low, m[i].unit, a, sizeof a),
                          fmt_human(m[i].ci_high, m[i].unit, bb, sizeof bb));
        }
        vs_buf_puts(&r->body, "<td class=\"unit\">");
        vs_buf_escape(&r->body, m[i].unit);
        vs_buf_puts(&r->body, "</td><td class=\"target\">");
        vs_buf_escape(&r->body, m[i].target ? m[i].target : "");
        vs_buf_printf(&r->body, "</td><td class=\"met\">%s</td><td class=\"source\">",
                      m[i].met == 1 ? "yes" : m[i].met == 0 ? "no" : "");
        vs_buf_escape(&r->body, m[i].source);
        vs_buf_puts(&r->body, "</td></tr>\n");
    }
    vs_buf_puts(&r->body, "</tbody></table>\n");
    return check(ctx, r);
}

vs_status vs_report_add_scorecard(vs_ctx *ctx, vs_report *r, const vs_score_row *rows, int n)
{
    vs_buf_puts(&r->body,
                "<table id=\"scorecard\" class=\"table scorecard\">\n<thead><tr><th>target</th>"
                "<th>value</th><th>target value</th><th>met</th><th>source</th></tr></thead>\n"
                "<tbody>\n");
    for (int i = 0; i < n; i++) {
        const vs_score_row *x = &rows[i];
        vs_buf_puts(&r->body, "<tr class=\"score\" data-target=\"");
        vs_buf_escape(&r->body, x->target_id);
        vs_buf_printf(&r->body, "\" data-met=\"%d\"><td class=\"label\">", x->met);
        vs_buf_escape(&r->body, x->label);
        vs_buf_puts(&r->body, "</td>");
        num_cell(&r->body, "value", x->value, x->unit);
        char exact[40], human[64];
        vs_buf_printf(&r->body, "<td class=\"num target\" data-value=\"%s\">",
                      vs_store_format_real(x->target_value, exact, sizeof exact));
        vs_buf_escape(&r->body, x->op);
        vs_buf_printf(&r->body, " %s</td>",
                      fmt_human(x->target_value, x->unit, human, sizeof human));
        vs_buf_printf(&r->body, "<td class=\"met %s\">%s</td><td class=\"source\">",
                      x->met ? "yes" : "no", x->met ? "met" : "not met");
        vs_buf_escape(&r->body, x->source);
        vs_buf_puts(&r->body, "</td></tr>\n");
    }
    vs_buf_puts(&r->body, "</tbody></table>\n");
    return check(ctx, r);
}

/* ---- SVG through cairo ------------------------------------------------------- */

static cairo_status_t svg_write(void *closure, const unsigned char *data, unsigned int n)
{
    vs_buf *b = closure;
    vs_buf_put(b, (const char *)data, n);
    return b->failed ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
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
    static const char *const pats[] = {"id=\"", "href=\"#", "url(#"};
    const char *p = body;
    for (;;) {
        const char *best = NULL;
        size_t blen = 0;
        for (int k = 0; k < 3; k++) {
            const char *q = strstr(p, pats[k]);
            if (q && (!best || q < best)) {
                best = q;
                blen = strlen(pats[k]);
            }
        }
        if (!best || best >= end) {
            vs_buf_put(out, p, (size_t)(end - p));
            break;
        }
        vs_buf_put(out, p, (size_t)(best - p) + blen);
        vs_buf_printf(out, "%s-", prefix);
        p = best + blen;
    }
    vs_buf_puts(out, "<g class=\"labels\" font-family=\"sans-serif\" font-size=\"11\" "
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

/* ColorBrewer YlGnBu, 7 classes */
static const unsigned ylgnbu[7] = {0xffffcc, 0xc7e9b4, 0x7fcdbb, 0x41b6c4,
                                   0x1d91c0, 0x225ea8, 0x0c2c84};

static void set_hex(cairo_t *cr, unsigned rgb)
{
    cairo_set_source_rgb(cr, ((rgb >> 16) & 255) / 255.0, ((rgb >> 8) & 255) / 255.0,
                         (rgb & 255) / 255.0);
}

/* "Nice" tick step for a range: 1, 2, 2.5 or 5 times a power of ten. */
static double nice_step(double range, int ticks)
{
    if (!(range > 0))
        return 1;
    double raw = range / ticks, p = pow(10, floor(log10(raw))), m = raw / p;
    double f = m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10;
    return f * p;
}

/* Text is not drawn by cairo but written as SVG <text> elements laid over
 * cairo's drawing: cairo's toy text API goes through fontconfig, whose global
 * caches are never freed (a leak under LeakSanitizer) and not thread-safe to
 * reset; SVG text is also smaller, selectable and searchable.  Widths for
 * the layout are estimated (0.6 em per character, generous for sans-serif). */
#define FONT_PX 11.0

static double text_width(const char *s)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80; /* count UTF-8 characters */
    return 0.6 * FONT_PX * n;
}

/* Text at (x, y): halign 0 start, 0.5 middle, 1 end; valign 0 top,
 * 0.5 middle, 1 bottom; rotated by deg degrees about (x, y). */
static void text_at(vs_buf *tx, double x, double y, const char *s, double halign, double valign,
                    double deg)
{
    const char *anchor = halign < 0.25 ? "start" : halign > 0.75 ? "end" : "middle";
    const char *base = valign < 0.25 ? "hanging" : valign > 0.75 ? "alphabetic" : "central";
    vs_buf_printf(tx, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"%s\" dominant-baseline=\"%s\"",
                  x, y, anchor, base);
    if (deg != 0)
        vs_buf_printf(tx, " transform=\"rotate(%.1f %.2f %.2f)\"", deg, x, y);
    vs_buf_puts(tx, ">");
    vs_buf_escape(tx, s);
    vs_buf_puts(tx, "</text>\n");
}

/* Shorten a label to at most 22 characters (UTF-8 safe: cut at a lead byte). */
static void short_label(const char *s, char *out, size_t cap)
{
    size_t n = strlen(s), lim = 22;
    if (n <= lim || cap <= lim + 4) {
        snprintf(out, cap, "%s", s);
        return;
    }
    size_t cut = lim - 1;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    snprintf(out, cap, "%.*s\xe2\x80\xa6", (int)cut, s);
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

static void figure_open(vs_buf *b, const char *kind, const char *id, const char *title)
{
    vs_buf_printf(b, "<figure class=\"chart %s\" id=\"%s\" data-chart=\"%s\">\n<figcaption>", kind,
                  id, id);
    vs_buf_escape(b, title);
    vs_buf_puts(b, "</figcaption>\n");
}

static void figure_note(vs_buf *b, const char *note)
{
    if (note && *note) {
        vs_buf_puts(b, "<p class=\"note\">");
        vs_buf_escape(b, note);
        vs_buf_puts(b, "</p>\n");
    }
}

vs_status vs_report_add_bar_chart(vs_ctx *ctx, vs_report *r, const vs_report_bars *bc)
{
    if (!valid_id(bc->id) || bc->n_series < 1 || bc->n_cat < 1 || bc->n_series > 64
        || bc->n_cat > 500 || !bc->value || !bc->series || !bc->labels)
        return vs_ctx_fail(ctx, VS_EUSAGE, "bar chart '%s': bad id or shape",
                           bc->id ? bc->id : "");
    int ns = bc->n_series, nc = bc->n_cat;
    size_t cells = (size_t)ns * (size_t)nc;
    double vmin = 0, vmax = 0;
    for (size_t i = 0; i < cells; i++) {
        double v = bc->value[i];
        if (isnan(v))
            continue;
        if (!isfinite(v))
            return vs_ctx_fail(ctx, VS_EUSAGE, "bar chart '%s': infinite value", bc->id);
        double lo = bc->ci_low && !isnan(bc->ci_low[i]) ? bc->ci_low[i] : v;
        double hi = bc->ci_high && !isnan(bc->ci_high[i]) ? bc->ci_high[i] : v;
        vmin = fmin(vmin, fmin(v, lo));
        vmax = fmax(vmax, fmax(v, hi));
    }
    if (vmax == vmin)
        vmax = vmin + 1;
    double step = nice_step(vmax - vmin, 5);
    double y0 = floor(vmin / step) * step, y1 = ceil(vmax / step) * step;

    const int W = 760;
    /* measure the labels to size the bottom margin */
    double label_w = 0;
    for (int c = 0; c < nc; c++) {
        char sl[64];
        short_label(bc->labels[c], sl, sizeof sl);
        label_w = fmax(label_w, text_width(sl));
    }
    /* rotate the category labels when they do not fit side by side */
    int rotate = label_w + 6 > (W - 78 - 16) / (double)nc;
    double legend_h = ns > 1 ? 22 : 0;
    /* rotated labels of the first categories must not run off the left edge */
    double ml = rotate ? fmax(78, label_w * 0.7072 - (W - 78 - 16) / (2.0 * nc) + 8) : 78;
    double mr = 16, mt = 14 + legend_h;
    double mb = (rotate ? label_w * 0.7072 + 14 : 18) + 26;
    int H = (int)ceil(300 + mt + mb);
    double pw = W - ml - mr, ph = H - mt - mb;

    vs_buf svg = {0}, tx = {0};
    cairo_surface_t *surf = cairo_svg_surface_create_for_stream(svg_write, &svg, W, H);
    cairo_t *cr = cairo_create(surf);
    cairo_set_line_width(cr, 1);
#define YPX(v) (mt + ph * (1 - ((v) - y0) / (y1 - y0)))
    /* grid and value axis */
    char lab[64];
    for (double t = y0; t <= y1 + step * 1e-9; t += step) {
        double y = round(YPX(t)) + 0.5;
        cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
        cairo_move_to(cr, ml, y);
        cairo_line_to(cr, ml + pw, y);
        cairo_stroke(cr);
        text_at(&tx, ml - 6, y, fmt_human(fabs(t) < step * 1e-9 ? 0 : t, bc->unit, lab, sizeof lab),
                1, 0.5, 0);
    }
    /* unit label, rotated */
    if (bc->unit && *bc->unit)
        text_at(&tx, 14, mt + ph / 2, is_share(bc->unit) ? "percent" : bc->unit, 0.5, 0.5, -90);
    /* bars */
    double slot = pw / nc, gw = slot * 0.8, bw = gw / ns;
    for (int c = 0; c < nc; c++) {
        for (int s = 0; s < ns; s++) {
            size_t k = (size_t)s * (size_t)nc + (size_t)c;
            double v = bc->value[k];
            if (isnan(v))
                continue;
            double x = ml + c * slot + (slot - gw) / 2 + s * bw;
            double ya = YPX(v), yb = YPX(0.0);
            const double *col = palette[s % N_PALETTE];
            cairo_set_source_rgb(cr, col[0], col[1], col[2]);
            cairo_rectangle(cr, x, fmin(ya, yb), fmax(bw - 1, 0.5), fabs(yb - ya));
            cairo_fill(cr);
            if (bc->ci_low && bc->ci_high && !isnan(bc->ci_low[k]) && !isnan(bc->ci_high[k])) {
                double xm = x + bw / 2, yl = YPX(bc->ci_low[k]), yh = YPX(bc->ci_high[k]);
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
        /* category label */
        char sl[64];
        short_label(bc->labels[c], sl, sizeof sl);
        double xc = ml + (c + 0.5) * slot;
        if (rotate)
            text_at(&tx, xc + 3, mt + ph + 8, sl, 1, 0.5, -45);
        else
            text_at(&tx, xc, mt + ph + 6, sl, 0.5, 0, 0);
    }
    /* zero line and x axis title */
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_move_to(cr, ml, round(YPX(0)) + 0.5);
    cairo_line_to(cr, ml + pw, round(YPX(0)) + 0.5);
    cairo_stroke(cr);
    if (bc->x_label && *bc->x_label)
        text_at(&tx, ml + pw / 2, H - 6, bc->x_label, 0.5, 1, 0);
    /* legend */
    if (ns > 1) {
        double x = ml;
        for (int s = 0; s < ns; s++) {
            const double *col = palette[s % N_PALETTE];
            cairo_set_source_rgb(cr, col[0], col[1], col[2]);
            cairo_rectangle(cr, x, 6, 12, 12);
            cairo_fill(cr);
            char sl[64];
            short_label(bc->series[s], sl, sizeof sl);
            text_at(&tx, x + 16, 12, sl, 0, 0.5, 0);
            x += 16 + text_width(sl) + 18;
        }
    }
#undef YPX
    vs_status st = draw_finish(ctx, cr, surf, &svg);
    if (!st && tx.failed)
        st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory drawing a chart");
    if (st) {
        free(svg.s);
        free(tx.s);
        return st;
    }
    vs_buf *b = &r->body;
    figure_open(b, "bar-chart", bc->id, bc->title);
    inline_svg(b, &svg, &tx, bc->id, W, H, "vs-chart", bc->title);
    free(svg.s);
    free(tx.s);
    figure_note(b, bc->note);
    /* the data behind the chart */
    vs_buf_printf(b, "<details><summary>data</summary>\n<table class=\"table chart-data\" "
                     "data-chart=\"%s\">\n<thead><tr><th>",
                  bc->id);
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
                num_cell(b, "value", v, bc->unit);
                continue;
            }
            /* with its 95 % interval: exact values in data-ci-low/-high */
            char h1[64], h2[64], h3[64], e1[40], e2[40], e3[40];
            vs_buf_printf(b,
                          "<td class=\"num value\" data-value=\"%s\" data-ci-low=\"%s\" "
                          "data-ci-high=\"%s\">%s (%s &ndash; %s)</td>",
                          vs_store_format_real(v, e1, sizeof e1),
                          vs_store_format_real(lo, e2, sizeof e2),
                          vs_store_format_real(hi, e3, sizeof e3),
                          fmt_human(v, bc->unit, h1, sizeof h1),
                          fmt_human(lo, bc->unit, h2, sizeof h2),
                          fmt_human(hi, bc->unit, h3, sizeof h3));
        }
        vs_buf_puts(b, "</tr>\n");
    }
    vs_buf_puts(b, "</tbody></table></details>\n</figure>\n");
    r->n_charts++;
    return check(ctx, r);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

vs_status vs_report_add_map(vs_ctx *ctx, vs_report *r, const vs_report_geo *geo,
                            const vs_report_map *m)
{
    if (!valid_id(m->id) || m->n < 0 || (m->n && (!m->area_ids || !m->values)) || !geo
        || geo->n == 0)
        return vs_ctx_fail(ctx, VS_EUSAGE, "map '%s': bad id, values or geometry",
                           m->id ? m->id : "");
    /* value per feature */
    double *fv = malloc((size_t)geo->n * sizeof *fv);
    double *sorted = malloc(((size_t)m->n + 1) * sizeof *sorted);
    if (!fv || !sorted) {
        free(fv);
        free(sorted);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    for (int i = 0; i < geo->n; i++)
        fv[i] = NAN;
    int ns = 0, unmatched = 0;
    for (int i = 0; i < m->n; i++) {
        int f = vs_report_geo_find(geo, m->area_ids[i]);
        if (f < 0) {
            unmatched++;
            continue;
        }
        fv[f] = m->values[i];
        if (isfinite(m->values[i]))
            sorted[ns++] = m->values[i];
    }
    qsort(sorted, (size_t)ns, sizeof *sorted, cmp_double);
    /* quantile class breaks: brk[k] = value at quantile (k+1)/7, k = 0..5 */
    double brk[6];
    for (int k = 0; k < 6; k++)
        brk[k] = ns ? sorted[(size_t)((double)(k + 1) / 7.0 * (ns - 1) + 0.5)] : 0;
    double vmin = ns ? sorted[0] : 0, vmax = ns ? sorted[ns - 1] : 0;
    free(sorted);

    const int W = 760, H = 640;
    const double legend_w = 190, pad = 8;
    double phi0 = 0.5 * (geo->lat_min + geo->lat_max) * M_PI / 180.0, k = cos(phi0);
    double gw = (geo->lon_max - geo->lon_min) * k, gh = geo->lat_max - geo->lat_min;
    double sc = fmin((W - legend_w - 2 * pad) / gw, (H - 2 * pad) / gh);
    double ox = pad + ((W - legend_w - 2 * pad) - gw * sc) / 2, oy = pad + ((H - 2 * pad) - gh * sc) / 2;

    vs_buf svg = {0}, tx = {0};
    cairo_surface_t *surf = cairo_svg_surface_create_for_stream(svg_write, &svg, W, H);
    cairo_t *cr = cairo_create(surf);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    for (int f = 0; f < geo->n; f++) {
        for (int ring = geo->feat_ring[f]; ring < geo->feat_ring[f + 1]; ring++) {
            int a = geo->ring_start[ring], b = geo->ring_start[ring + 1];
            double lx = 0, ly = 0;
            for (int v = a; v < b; v++) {
                double x = ox + (geo->xy[2 * v] - geo->lon_min) * k * sc;
                double y = oy + (geo->lat_max - geo->xy[2 * v + 1]) * sc;
                /* drop vertices closer than 0.35 px to the last one drawn: they
                 * are invisible and make the SVG large */
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
        double v = fv[f];
        if (isfinite(v)) {
            int cls = 0;
            while (cls < 6 && v > brk[cls])
                cls++;
            set_hex(cr, ylgnbu[cls]);
        } else
            cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
        cairo_fill(cr);
    }
    /* legend */
    double lx = W - legend_w + 10, ly = 24;
    text_at(&tx, lx, ly, is_share(m->unit) ? "percent" : (m->unit ? m->unit : ""), 0, 0.5, 0);
    ly += 16;
    for (int c = 0; c < 7; c++) {
        double lo = c == 0 ? vmin : brk[c - 1], hi = c == 6 ? vmax : brk[c];
        set_hex(cr, ylgnbu[c]);
        cairo_rectangle(cr, lx, ly, 16, 14);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
        cairo_rectangle(cr, lx + 0.5, ly + 0.5, 15, 13);
        cairo_set_line_width(cr, 0.5);
        cairo_stroke(cr);
        char a[48], b[48], t[110];
        snprintf(t, sizeof t, "%s \xe2\x80\x93 %s", fmt_human(lo, m->unit, a, sizeof a),
                 fmt_human(hi, m->unit, b, sizeof b));
        text_at(&tx, lx + 22, ly + 7, t, 0, 0.5, 0);
        ly += 20;
    }
    cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
    cairo_rectangle(cr, lx, ly, 16, 14);
    cairo_fill(cr);
    text_at(&tx, lx + 22, ly + 7, "no value", 0, 0.5, 0);
    ly += 28;
    text_at(&tx, lx, ly, "classes: septiles", 0, 0.5, 0);
    vs_status st = draw_finish(ctx, cr, surf, &svg);
    if (!st && tx.failed)
        st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory drawing a map");
    if (st) {
        free(fv);
        free(svg.s);
        free(tx.s);
        return st;
    }
    vs_buf *bf = &r->body;
    figure_open(bf, "map", m->id, m->title);
    inline_svg(bf, &svg, &tx, m->id, W, H, "vs-map", m->title);
    free(svg.s);
    free(tx.s);
    figure_note(bf, m->note);
    if (unmatched)
        vs_buf_printf(bf, "<p class=\"note warn\">%d values name areas without a polygon and "
                          "are not drawn.</p>\n",
                      unmatched);
    vs_buf_printf(bf, "<details><summary>data (%d areas)</summary>\n<table class=\"table "
                      "chart-data\" data-chart=\"%s\">\n<thead><tr><th>area_id</th><th>",
                  m->n, m->id);
    vs_buf_escape(bf, m->unit);
    vs_buf_puts(bf, "</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < m->n; i++) {
        vs_buf_puts(bf, "<tr><td>");
        vs_buf_escape(bf, m->area_ids[i]);
        vs_buf_puts(bf, "</td>");
        num_cell(bf, "value", m->values[i], m->unit);
        vs_buf_puts(bf, "</tr>\n");
    }
    vs_buf_puts(bf, "</tbody></table></details>\n</figure>\n");
    free(fv);
    r->n_charts++;
    return check(ctx, r);
}

static const char css[] =
    "body{font-family:sans-serif;margin:0 auto;max-width:1000px;padding:1em 1.5em;color:#222}"
    "h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}"
    "table.table{border-collapse:collapse;margin:0.5em 0;font-size:0.9em}"
    "table.table th,table.table td{border:1px solid #ddd;padding:3px 6px;text-align:left;"
    "vertical-align:top}"
    "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    "td.met.yes{background:#d9f0d3}td.met.no{background:#f9d6d5}"
    "figure.chart{margin:1.5em 0}figure.chart svg{max-width:100%;height:auto}"
    "figcaption{font-weight:bold;margin-bottom:0.3em}p.note{font-size:0.85em;color:#555}"
    "p.warn{color:#a00}.meta td:first-child{font-weight:bold}";

/* Open a new temporary file beside path (PATH.tmp-XXXXXX, mode as a plain
 * fopen would give) into tmp.  NULL with errno on failure. */
static FILE *open_beside(const char *path, char *tmp, size_t cap)
{
    if ((size_t)snprintf(tmp, cap, "%s.tmp-XXXXXX", path) >= cap) {
        errno = ENAMETOOLONG;
        return NULL;
    }
    int fd = mkstemp(tmp);
    if (fd < 0)
        return NULL;
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    FILE *f = fdopen(fd, "w");
    if (!f) {
        int e = errno;
        close(fd);
        remove(tmp);
        errno = e;
    }
    return f;
}

vs_status vs_report_write(vs_ctx *ctx, vs_report *r, const char *path)
{
    if (r->body.failed)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory building the report");
    char tmp[4096 + 16];
    FILE *f = open_beside(path, tmp, sizeof tmp);
    if (!f)
        return vs_ctx_fail(ctx, VS_EIO, "%s: cannot create: %s", path, strerror(errno));
    vs_buf head = {0};
    vs_buf_puts(&head, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"generator\" content=\"vardsim " VS_VERSION_STRING "\">\n"
                       "<title>");
    vs_buf_escape(&head, r->title);
    vs_buf_printf(&head, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", css);
    vs_buf_escape(&head, r->title);
    vs_buf_puts(&head, "</h1>\n");
    int bad = head.failed || fputs(head.s, f) < 0 || (r->body.s && fputs(r->body.s, f) < 0)
              || fputs("</body>\n</html>\n", f) < 0 || fflush(f) != 0 || fsync(fileno(f)) != 0;
    free(head.s);
    if (fclose(f) != 0 || bad) {
        remove(tmp);
        return vs_ctx_fail(ctx, VS_EIO, "%s: write error", path);
    }
    if (rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        return vs_ctx_fail(ctx, VS_EIO, "%s: cannot rename into place: %s", path, strerror(e));
    }
    return VS_OK;
}
