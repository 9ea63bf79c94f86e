/*
 * stats.c: across-replication mean and 95 % confidence interval.
 */
#include "vardsim/stats.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

vs_status vs_stats_mean_ci95(vs_ctx *ctx, const double *x, size_t n, size_t stride, double *mean,
                             double *half_width)
{
    if (n == 0 || stride == 0 || !x)
        return vs_ctx_fail(ctx, VS_EUSAGE, "mean and CI need at least one value");
    /* two passes in index order: mean, then the sum of squared deviations */
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        double v = x[i * stride];
        if (!isfinite(v))
            return vs_ctx_fail(ctx, VS_EUSAGE, "mean and CI: value %zu is not finite", i);
        s += v;
    }
    double m = s / (double)n, ss = 0;
    for (size_t i = 0; i < n; i++) {
        double d = x[i * stride] - m;
        ss += d * d;
    }
    *mean = m;
    if (n < 2) {
        *half_width = NAN;
        return VS_OK;
    }
    double sd = sqrt(ss / (double)(n - 1));
    *half_width = gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) * sd / sqrt((double)n);
    return VS_OK;
}
