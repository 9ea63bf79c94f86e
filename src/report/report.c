/*
 * report.c: the HTML report document: number formats (English or Swedish),
 * sections with a table of contents, collapsible groups, tables, the
 * scorecard, numbered references (cite.c makes their text readable), and
 * the atomic write.  Charts and maps are drawn in chart.c.
 */
#include "report_internal.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


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

/* Thousands separators into buf from the digits of |v| rounded. */
static void group_digits(double v, char *buf, size_t cap)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.0f", fabs(v));
    size_t n = strlen(tmp), o = 0;
    if (v < 0 && o + 1 < cap)
        buf[o++] = '-';
    for (size_t i = 0; i < n && o + 2 < cap; i++) {
        buf[o++] = tmp[i];
        if ((n - i - 1) % 3 == 0 && i != n - 1)
            buf[o++] = ',';
    }
    buf[o] = '\0';
}

/* Human form: thousands separators for large numbers, percent for shares;
 * English (2,440,027  89.9 %) or Swedish (2 440 027  89,9 %). */
const char *vsi_fmt_num(const vs_report *r, double v, const char *unit, char *buf, size_t cap)
{
    int sv = r && r->sv;
    if (isnan(v)) {
        snprintf(buf, cap, "%s", sv ? "saknas" : "n/a");
        return buf;
    }
    double a = fabs(v);
    if (is_share(unit))
        snprintf(buf, cap, "%.1f %%", 100.0 * v);
    else if (unit && strcmp(unit, "year") == 0 && v == floor(v))
        snprintf(buf, cap, "%.0f", v); /* a calendar year: 2030, never 2,030 */
    else if (a >= 999.5)
        group_digits(v, buf, cap);
    else if (a >= 100 || v == floor(v))
        snprintf(buf, cap, "%.0f", v);
    else if (a >= 10)
        snprintf(buf, cap, "%.1f", v);
    else if (a < 0.0005)
        snprintf(buf, cap, "%s", a == 0 ? "0" : v < 0 ? "-0.000" : "0.000");
    else
        snprintf(buf, cap, "%.3g", v);
    if (strcmp(buf, "-0") == 0)
        snprintf(buf, cap, "0");
    for (char *p = buf; sv && *p; p++)
        *p = *p == ',' ? ' ' : *p == '.' ? ',' : *p;
    return buf;
}

const char *vs_report_format(const vs_report *r, double v, const char *unit, char *buf,
                             size_t cap)
{
    return vsi_fmt_num(r, v, unit, buf, cap);
}

/* ---- HTML document --------------------------------------------------------- */

int vsi_valid_id(const char *id)
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

vs_status vs_report_set_lang(vs_ctx *ctx, vs_report *r, const char *lang)
{
    if (!lang || (strcmp(lang, "en") != 0 && strcmp(lang, "sv") != 0))
        return vs_ctx_fail(ctx, VS_EUSAGE, "report: language '%s' is not en or sv",
                           lang ? lang : "");
    r->sv = strcmp(lang, "sv") == 0;
    return VS_OK;
}

int vs_report_is_swedish(const vs_report *r) { return r && r->sv; }

void vs_report_set_borders(vs_report *r, const vs_report_geo *borders) { r->borders = borders; }

void vs_report_destroy(vs_report *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->n_refs; i++)
        free(r->refs[i]);
    free(r->refs);
    free(r->body.s);
    free(r);
}

const char *vs_report_html(const vs_report *r) { return r->body.s ? r->body.s : ""; }

int vs_report_cite(vs_report *r, const char *source)
{
    if (!source || !*source)
        return 0;
    vs_buf t = {0};
    vsi_cite_clean(&t, source);
    if (t.failed || !t.s) {
        free(t.s);
        r->body.failed |= t.failed;
        return 0;
    }
    for (int i = 0; i < r->n_refs; i++)
        if (strcmp(r->refs[i], t.s) == 0) {
            free(t.s);
            return i + 1;
        }
    if (r->n_refs == r->cap_refs) {
        int cap = r->cap_refs ? 2 * r->cap_refs : 32;
        char **p = realloc(r->refs, (size_t)cap * sizeof *p);
        if (!p) {
            free(t.s);
            r->body.failed = 1;
            return 0;
        }
        r->refs = p;
        r->cap_refs = cap;
    }
    r->refs[r->n_refs++] = t.s;
    return r->n_refs;
}

void vsi_ref_link(vs_buf *b, int n)
{
    if (n > 0)
        vs_buf_printf(b, "<a class=\"ref\" href=\"#ref-%d\">[%d]</a>", n, n);
}

vs_status vs_report_add_references(vs_ctx *ctx, vs_report *r, const char *id)
{
    if (!vsi_valid_id(id))
        return vs_ctx_fail(ctx, VS_EUSAGE, "report references: bad id");
    vs_buf_printf(&r->body, "<ol id=\"%s\" class=\"references\">\n", id);
    for (int i = 0; i < r->n_refs; i++) {
        vs_buf_printf(&r->body, "<li id=\"ref-%d\">", i + 1);
        vs_buf_escape(&r->body, r->refs[i]);
        vs_buf_puts(&r->body, "</li>\n");
    }
    vs_buf_puts(&r->body, "</ol>\n");
    return check(ctx, r);
}

vs_status vs_report_add_heading(vs_ctx *ctx, vs_report *r, const char *id, int level,
                                const char *text)
{
    if (level < 2 || level > 3 || (id && !vsi_valid_id(id)))
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

vs_status vs_report_add_toc(vs_ctx *ctx, vs_report *r, int n, const char *const *ids,
                            const char *const *titles)
{
    vs_buf_printf(&r->body, "<nav id=\"toc\" class=\"toc\"><strong>%s</strong>\n<ol>\n",
                  VSI_TR(r, "Contents", "Innehåll"));
    for (int i = 0; i < n; i++) {
        if (!vsi_valid_id(ids[i]))
            return vs_ctx_fail(ctx, VS_EUSAGE, "report contents: bad id");
        vs_buf_printf(&r->body, "<li><a href=\"#%s\">", ids[i]);
        vs_buf_escape(&r->body, titles[i]);
        vs_buf_puts(&r->body, "</a></li>\n");
    }
    vs_buf_puts(&r->body, "</ol></nav>\n");
    return check(ctx, r);
}

vs_status vs_report_begin_section(vs_ctx *ctx, vs_report *r, const char *id, const char *title)
{
    if (!vsi_valid_id(id))
        return vs_ctx_fail(ctx, VS_EUSAGE, "report section: bad id");
    vs_buf_printf(&r->body, "<section id=\"%s\" class=\"section\">\n<h2>", id);
    vs_buf_escape(&r->body, title);
    vs_buf_puts(&r->body, "</h2>\n");
    return check(ctx, r);
}

vs_status vs_report_end_section(vs_ctx *ctx, vs_report *r)
{
    vs_buf_puts(&r->body, "</section>\n");
    return check(ctx, r);
}

vs_status vs_report_begin_details(vs_ctx *ctx, vs_report *r, const char *summary, int open)
{
    vs_buf_printf(&r->body, "<details class=\"group\"%s><summary>", open ? " open" : "");
    vs_buf_escape(&r->body, summary);
    vs_buf_puts(&r->body, "</summary>\n");
    return check(ctx, r);
}

vs_status vs_report_end_details(vs_ctx *ctx, vs_report *r)
{
    vs_buf_puts(&r->body, "</details>\n");
    return check(ctx, r);
}

vs_status vs_report_add_table(vs_ctx *ctx, vs_report *r, const char *id, int n_cols,
                              const char *const *header, int n_rows, const char *const *cells)
{
    if (!vsi_valid_id(id) || n_cols < 1 || n_rows < 0)
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

void vsi_num_cell(const vs_report *r, vs_buf *b, const char *cls, double v, const char *unit)
{
    char human[64], exact[40];
    vs_buf_printf(b, "<td class=\"num %s\" data-value=\"%s\">%s</td>", cls,
                  vs_store_format_real(v, exact, sizeof exact),
                  vsi_fmt_num(r, v, unit, human, sizeof human));
}

/* One metric row: name, value, interval, unit, source. */
static void metric_row(vs_report *r, const vs_metric *m)
{
    vs_buf *b = &r->body;
    vs_buf_puts(b, "<tr class=\"metric\" data-name=\"");
    vs_buf_escape(b, m->name);
    vs_buf_puts(b, "\"><td class=\"name\">");
    vs_buf_escape(b, m->name);
    vs_buf_puts(b, "</td>");
    vsi_num_cell(r, b, "value", m->value, m->unit);
    if (isnan(m->ci_low) || isnan(m->ci_high))
        vs_buf_puts(b, "<td class=\"ci\"></td>");
    else {
        char a[64], bb[64];
        vs_buf_printf(b, "<td class=\"ci\">%s &ndash; %s</td>",
                      vsi_fmt_num(r, m->ci_low, m->unit, a, sizeof a),
                      vsi_fmt_num(r, m->ci_high, m->unit, bb, sizeof bb));
    }
    vs_buf_puts(b, "<td class=\"unit\">");
    vs_buf_escape(b, is_share(m->unit) ? "%" : m->unit);
    vs_buf_puts(b, "</td><td class=\"source\">");
    vsi_ref_link(b, vs_report_cite(r, m->source));
    vs_buf_puts(b, "</td></tr>\n");
}

vs_status vs_report_add_metrics(vs_ctx *ctx, vs_report *r, const char *id, const vs_metric *m,
                                int n)
{
    if (!vsi_valid_id(id))
        return vs_ctx_fail(ctx, VS_EUSAGE, "report metrics: bad id");
    vs_buf_printf(&r->body,
                  "<table id=\"%s\" class=\"table metrics\">\n<thead><tr><th>%s</th>"
                  "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
                  id, VSI_TR(r, "metric", "mått"), VSI_TR(r, "value", "värde"),
                  VSI_TR(r, "95 % interval", "95 % intervall"), VSI_TR(r, "unit", "enhet"),
                  VSI_TR(r, "source", "källa"));
    for (int i = 0; i < n; i++)
        metric_row(r, &m[i]);
    vs_buf_puts(&r->body, "</tbody></table>\n");
    return check(ctx, r);
}

static void score_row(vs_report *r, const vs_report_scorecard *sc, int i)
{
    const vs_score_row *x = &sc->rows[i];
    vs_buf *b = &r->body;
    char exact[40], human[64];
    vs_buf_puts(b, "<tr class=\"score\" data-target=\"");
    vs_buf_escape(b, x->target_id);
    vs_buf_printf(b, "\" data-met=\"%d\"><td class=\"label\">", x->met);
    vs_buf_escape(b, x->label);
    vs_buf_puts(b, "</td>");
    if (sc->base) {
        double v = sc->base[i];
        int met = sc->base_met ? sc->base_met[i] : -1;
        vs_buf_printf(b, "<td class=\"num base%s\" data-base=\"%s\">%s</td>",
                      met == 1 ? " yes" : met == 0 ? " no" : "",
                      vs_store_format_real(v, exact, sizeof exact),
                      vsi_fmt_num(r, v, x->unit, human, sizeof human));
    }
    vsi_num_cell(r, b, "value", x->value, x->unit);
    vs_buf_printf(b, "<td class=\"num target\" data-value=\"%s\">",
                  vs_store_format_real(x->target_value, exact, sizeof exact));
    vs_buf_escape(b, x->op);
    vs_buf_printf(b, " %s</td>", vsi_fmt_num(r, x->target_value, x->unit, human, sizeof human));
    vs_buf_printf(b, "<td class=\"met %s\">%s</td><td class=\"source\">", x->met ? "yes" : "no",
                  x->met ? VSI_TR(r, "met", "uppfyllt") : VSI_TR(r, "not met", "ej uppfyllt"));
    vsi_ref_link(b, vs_report_cite(r, x->source));
    vs_buf_puts(b, "</td></tr>\n");
}

vs_status vs_report_add_scorecard_ex(vs_ctx *ctx, vs_report *r, const vs_report_scorecard *sc)
{
    vs_buf *b = &r->body;
    vs_buf_printf(b, "<table id=\"scorecard\" class=\"table scorecard\">\n<thead><tr><th>%s</th>",
                  VSI_TR(r, "target", "mål"));
    if (sc->base) {
        vs_buf_puts(b, "<th>");
        vs_buf_escape(b, sc->base_label ? sc->base_label : VSI_TR(r, "today", "i dag"));
        vs_buf_puts(b, "</th>");
    }
    vs_buf_puts(b, "<th>");
    vs_buf_escape(b, sc->label ? sc->label : VSI_TR(r, "value", "värde"));
    vs_buf_printf(b, "</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
                  VSI_TR(r, "target value", "målvärde"), VSI_TR(r, "met", "uppfyllt"),
                  VSI_TR(r, "source", "källa"));
    for (int i = 0; i < sc->n; i++)
        score_row(r, sc, i);
    vs_buf_puts(b, "</tbody></table>\n");
    return check(ctx, r);
}

vs_status vs_report_add_scorecard(vs_ctx *ctx, vs_report *r, const vs_score_row *rows, int n)
{
    vs_report_scorecard sc = {rows, n, NULL, NULL, NULL, NULL};
    return vs_report_add_scorecard_ex(ctx, r, &sc);
}

void vsi_figure_open(vs_buf *b, const char *kind, const char *id, const char *title)
{
    vs_buf_printf(b, "<figure class=\"chart %s\" id=\"%s\" data-chart=\"%s\">\n<figcaption>", kind,
                  id, id);
    vs_buf_escape(b, title);
    vs_buf_puts(b, "</figcaption>\n");
}

void vsi_figure_note(vs_report *r, vs_buf *b, const char *unit, const char *note)
{
    int ref = vs_report_cite(r, note);
    if (!ref)
        return;
    vs_buf_printf(b, "<p class=\"note\">%s ", VSI_TR(r, "Source and method:", "Källa och metod:"));
    vsi_ref_link(b, ref);
    vs_buf_puts(b, "</p>\n");
}

static const char css[] =
    "body{font-family:sans-serif;margin:0 auto;max-width:1000px;padding:1em 1.5em;color:#222;"
    "line-height:1.4}"
    "h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}"
    "p.lead{font-size:1.05em;color:#333}"
    "nav.toc{background:#f5f5f5;padding:0.5em 1em;border-radius:4px}nav.toc ol{margin:0.3em 0}"
    "table.table{border-collapse:collapse;margin:0.5em 0;font-size:0.9em}"
    "table.table th,table.table td{border:1px solid #ddd;padding:3px 6px;text-align:left;"
    "vertical-align:top}"
    "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    "td.met{white-space:nowrap}td.met.yes,td.yes{background:#d9f0d3}td.met.no,td.no{background:#f9d6d5}"
    "figure.chart{margin:1.5em 0}figure.chart svg{max-width:100%;height:auto}"
    "figcaption{font-weight:bold;margin-bottom:0.3em}p.note{font-size:0.85em;color:#555}"
    "details.group{margin:0.8em 0}details.group>summary{cursor:pointer;font-weight:bold}"
    "ol.references{font-size:0.85em}ol.references li{margin:0.3em 0}a.ref{text-decoration:none}"
    "div.overview-charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(460px,1fr));"
    "gap:0 1.5em}"
    "section#compare-scorecard{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));"
    "gap:0 1.5em}section#compare-scorecard>h2,section#compare-scorecard>p{grid-column:1/-1}"
    "p.warn{color:#a00}.meta td:first-child{font-weight:bold}"
    "@media print{details.group{display:block}nav.toc{display:none}}";

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
    vs_buf_printf(&head, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                         "<meta name=\"generator\" content=\"vardsim " VS_VERSION_STRING "\">\n"
                         "<title>",
                  r->sv ? "sv" : "en");
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
