/*
 * report_internal.h: private structures of the report module (geometry and
 * the growable text buffer).
 */
#ifndef VARDSIM_REPORT_INTERNAL_H
#define VARDSIM_REPORT_INTERNAL_H

#include <stddef.h>

#include "vardsim/report.h"

struct vs_report_geo {
    int n;                    /* features */
    char **id;                /* area_id per feature */
    char **name;              /* property "name" per feature, or NULL */
    int *feat_ring;           /* rings of feature f: [feat_ring[f], feat_ring[f+1]) */
    int n_rings, cap_rings;
    int *ring_start;          /* vertices of ring r: [ring_start[r], ring_start[r+1]) */
    unsigned char *ring_outer; /* 1: first ring of its polygon (outer), 0: hole */
    double *xy;               /* lon, lat pairs (WGS84 degrees) */
    size_t n_xy, cap_xy;      /* vertices */
    double *area_km2;         /* per feature */
    int *order;               /* feature indices sorted by id */
    double lon_min, lon_max, lat_min, lat_max; /* bounding box, degrees */
};

/* A growable NUL-terminated byte buffer; `failed` latches allocation errors
 * so that callers check once at the end. */
typedef struct vs_buf {
    char *s;
    size_t len, cap;
    int failed;
} vs_buf;

void vs_buf_put(vs_buf *b, const char *s, size_t n);
void vs_buf_puts(vs_buf *b, const char *s);
void vs_buf_printf(vs_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* HTML-escaped text (&, <, >, ", '). */
void vs_buf_escape(vs_buf *b, const char *s);

struct vs_report {
    char title[256];
    vs_buf body;
    int n_charts;
    int sv;                          /* Swedish labels and number format */
    char **refs;                     /* cleaned reference texts, numbered from 1 */
    int n_refs, cap_refs;
    const vs_report_geo *borders;    /* drawn over every map, with names; or NULL */
};

/* r's number format (report.c) and translated fixed text. */
const char *vsi_fmt_num(const vs_report *r, double v, const char *unit, char *buf, size_t cap);
#define VSI_TR(r, en, sv_text) ((r)->sv ? (sv_text) : (en))
/* <td> of a number: the human form shown, the exact value in data-value. */
void vsi_num_cell(const vs_report *r, vs_buf *b, const char *cls, double v, const char *unit);
/* A link to reference n ("[n]"); nothing for n = 0. */
void vsi_ref_link(vs_buf *b, int n);
/* A figure's caption, and its unit and source line. */
void vsi_figure_open(vs_buf *b, const char *kind, const char *id, const char *title);
void vsi_figure_note(vs_report *r, vs_buf *b, const char *unit, const char *note);
int vsi_valid_id(const char *id);

/* The family every chart label is measured in and drawn with. */
#define VSI_FONT_FAMILY "sans-serif"
/* Width in px of s at size px, measured with pango (measure.c). */
double vsi_text_width(const char *s, double px);
/* s broken at spaces into at most max_lines lines no wider than width px
 * where the words allow (never cut inside a word): the number of lines,
 * each line's bytes in start/len, the widest line's width in *widest. */
int vsi_text_wrap(const char *s, double px, double width, int max_lines, size_t *start,
                  size_t *len, double *widest);
/* s made readable for the references list (cite.c). */
void vsi_cite_clean(vs_buf *out, const char *s);

#endif
