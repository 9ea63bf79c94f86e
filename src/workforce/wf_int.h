/*
 * wf_int.h: the workforce module's internal cohort arithmetic, exposed to the
 * tests (tests/test_workforce.c checks it on hand cases).
 */
#ifndef VARDSIM_WF_INT_H
#define VARDSIM_WF_INT_H

#include "vardsim/workforce.h"

/* Inputs of one cohort projection (all resolved: no NaN). */
typedef struct vsi_wf_cohort {
    int nb;                       /* bands: 1 (no age structure) or VS_WF_BANDS */
    double stock[VS_WF_BANDS];    /* heads by band at the end of the base year */
    double exit[VS_WF_BANDS];     /* yearly exit share by band */
    double age_up[VS_WF_BANDS];   /* share of a band moving to the next each year */
    double intake_before;         /* yearly intake in and before the base year */
    const double *intake;         /* intake[i] in year base + i (i >= 1 used) */
    const double *inflow;         /* inflow[i] in year base + i (i >= 1 used) */
    double training_years;        /* >= 0.5 */
    double completion;            /* share completing */
} vsi_wf_cohort;

/* Completions in year base + i: completion x intake (training_years earlier),
 * linear between the two whole years around a fractional length. */
double vsi_wf_completions(const vsi_wf_cohort *c, int i);

/* Heads at the end of years base .. base + n - 1 into heads[0..n-1]; each
 * year: exits by band, ageing, then completions and inflow into band 0. */
void vsi_wf_cohort_run(const vsi_wf_cohort *c, int n, double *heads);

#endif
