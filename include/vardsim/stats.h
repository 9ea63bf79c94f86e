/*
 * vardsim/stats.h: across-replication summaries.
 *
 * The simulation kernel keeps its own streaming statistics (time-weighted
 * averages, waiting-time histograms, see vardsim/sim.h); this header holds
 * the small pieces that turn one value per replication into an estimate with
 * a confidence interval.
 */
#ifndef VARDSIM_STATS_H
#define VARDSIM_STATS_H

#include "vardsim/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Mean of x[0], x[stride], ..., x[(n-1)*stride] and the half-width of its
 * 95 % confidence interval, t_{0.975, n-1} * s / sqrt(n) with s the sample
 * standard deviation and t from gsl_cdf_tdist_Pinv.  The sum runs in index
 * order, so the result does not depend on how the values were computed.
 * stride is in doubles (1 for a plain array).  With n == 1 the half-width is
 * NaN (no interval from one replication).  Errors: VS_EUSAGE for n == 0,
 * stride == 0 or a non-finite value. */
VS_API vs_status vs_stats_mean_ci95(vs_ctx *ctx, const double *x, size_t n, size_t stride,
                                    double *mean, double *half_width);

#ifdef __cplusplus
}
#endif
#endif
