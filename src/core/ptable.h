/*
 * ptable.h: a parameter file (columns parameter,value,unit,year,geography,
 * source,note; data/parameters/) read whole into named rows, for modules that
 * look rows up by name and allow NOT FOUND rows (an empty value).  Internal
 * to libvardsim (maternity, stockpile).
 */
#ifndef VSI_CORE_PTABLE_H
#define VSI_CORE_PTABLE_H

#include "vardsim/core.h"

typedef struct vsi_ptable vsi_ptable;

/* Read `path`: the seven columns must be present, a parameter name may occur
 * only once (else FILE:LINE: field parameter).  Values are checked when
 * looked up.  Errors: VS_EINPUT, VS_EIO, VS_ENOMEM. */
vs_status vsi_ptable_load(vs_ctx *ctx, const char *path, vsi_ptable **out);
void vsi_ptable_destroy(vsi_ptable *t);
const char *vsi_ptable_path(const vsi_ptable *t);

/* The value of row `name` as a number in [lo, hi].  A missing row is an
 * input error (FILE: field parameter: no row NAME); an empty value gives NaN
 * when allow_empty (a NOT FOUND row), else an input error at the row's line,
 * field value. */
vs_status vsi_ptable_get(vs_ctx *ctx, const vsi_ptable *t, const char *name, double lo,
                         double hi, int allow_empty, double *out);

/* 1 when the table has a row called name. */
int vsi_ptable_has(const vsi_ptable *t, const char *name);

/* Rows in file order: their number and the name of row i. */
int vsi_ptable_count(const vsi_ptable *t);
const char *vsi_ptable_name(const vsi_ptable *t, int i);

/* The year column of row `name` as an integer (0 when empty or absent). */
int vsi_ptable_year(const vsi_ptable *t, const char *name);

#endif
