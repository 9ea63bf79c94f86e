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

#endif
