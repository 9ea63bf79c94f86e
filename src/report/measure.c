/*
 * measure.c: the width of chart labels in the real font, and labels broken
 * into lines that fit a width, measured with pango (cairo font map, the
 * fontconfig "sans-serif" family that the browser's SVG text also resolves
 * to).  Labels are never cut: a word wider than the width gets a line of its
 * own and the caller sizes the drawing to the widest line.
 *
 * One pango layout is kept for the process behind a mutex (creating a font
 * map per call costs milliseconds); pango's and fontconfig's caches live as
 * long as the process.
 */
#include "report_internal.h"

#include <pango/pangocairo.h>
#include <pthread.h>
#include <string.h>

static pthread_mutex_t measure_lock = PTHREAD_MUTEX_INITIALIZER;
static PangoLayout *measure_layout;

/* The shared layout at px pixels, no wrapping; NULL if pango fails. */
static PangoLayout *layout_at(double px)
{
    if (!measure_layout) {
        PangoFontMap *fm = pango_cairo_font_map_new();
        PangoContext *pc = fm ? pango_font_map_create_context(fm) : NULL;
        if (pc) {
            cairo_font_options_t *fo = cairo_font_options_create();
            cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
            pango_cairo_context_set_font_options(pc, fo);
            cairo_font_options_destroy(fo);
            measure_layout = pango_layout_new(pc);
        }
        if (pc)
            g_object_unref(pc);
        if (fm)
            g_object_unref(fm);
        if (!measure_layout)
            return NULL;
    }
    PangoFontDescription *fd = pango_font_description_from_string(VSI_FONT_FAMILY);
    pango_font_description_set_absolute_size(fd, px * PANGO_SCALE);
    pango_layout_set_font_description(measure_layout, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(measure_layout, -1);
    return measure_layout;
}

/* Logical width of s in px; a generous estimate when pango is unusable. */
static double width_locked(PangoLayout *l, const char *s, size_t n, double px)
{
    if (!l) {
        int chars = 0;
        for (size_t i = 0; i < n; i++)
            chars += ((unsigned char)s[i] & 0xC0) != 0x80;
        return 0.62 * px * chars;
    }
    pango_layout_set_text(l, s, (int)n);
    PangoRectangle logical;
    pango_layout_get_extents(l, NULL, &logical);
    return (double)logical.width / PANGO_SCALE;
}

double vsi_text_width(const char *s, double px)
{
    if (!s || !*s)
        return 0;
    pthread_mutex_lock(&measure_lock);
    double w = width_locked(layout_at(px), s, strlen(s), px);
    pthread_mutex_unlock(&measure_lock);
    return w;
}

/* Greedy word wrap of s at spaces: lines no wider than width where the
 * words allow.  Returns the number of lines (at most max_lines: the last
 * line then holds the rest); start/len give each line's bytes, *widest the
 * width of the widest line. */
int vsi_text_wrap(const char *s, double px, double width, int max_lines, size_t *start,
                  size_t *len, double *widest)
{
    int n = 0;
    *widest = 0;
    if (!s || max_lines < 1)
        return 0;
    pthread_mutex_lock(&measure_lock);
    PangoLayout *l = layout_at(px);
    size_t total = strlen(s), a = 0;
    while (a < total && n < max_lines) {
        size_t end = total;
        if (n < max_lines - 1 && width_locked(l, s + a, total - a, px) > width) {
            /* the longest prefix ending before a space that fits, or the
             * first word when none fits */
            size_t best = 0;
            for (size_t i = a + 1; i < total; i++)
                if (s[i] == ' ') {
                    double w = width_locked(l, s + a, i - a, px);
                    if (w <= width || !best)
                        best = i;
                    if (w > width)
                        break;
                }
            end = best ? best : total;
        }
        start[n] = a;
        len[n] = end - a;
        double w = width_locked(l, s + a, end - a, px);
        if (w > *widest)
            *widest = w;
        n++;
        a = end;
        while (a < total && s[a] == ' ')
            a++;
    }
    pthread_mutex_unlock(&measure_lock);
    return n;
}
