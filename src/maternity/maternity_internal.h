/*
 * maternity_internal.h: what the maternity sources share.  Internal to
 * libvardsim.
 */
#ifndef VSI_MATERNITY_INTERNAL_H
#define VSI_MATERNITY_INTERNAL_H

#include "vardsim/maternity.h"

/* Hourly start rates, births in progress, midwives by hour, hours and FTE of
 * r from r->births_per_year and p (model.c). */
void vsi_maternity_staffing(const vs_maternity_params *p, vs_maternity_result *r);

#endif
