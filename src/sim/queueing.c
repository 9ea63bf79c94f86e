/*
 * queueing.c: Erlang B and C, the M/M/c/K birth-death chain.
 */
#include "queueing.h"

#include <math.h>
#include <stdlib.h>

double vsi_erlang_b(int c, double a)
{
    double b = 1.0;
    for (int k = 1; k <= c; k++)
        b = a * b / (k + a * b);
    return b;
}

double vsi_erlang_c(int c, double a)
{
    if (!(a < c))
        return NAN;
    double b = vsi_erlang_b(c, a), rho = a / c;
    return b / (1.0 - rho * (1.0 - b));
}

int vsi_mmck(int c, double lambda, double mu, long K, double *p_block, double *p_wait,
             double *mean_wait, double *mean_queue, double *occupancy)
{
    double a = lambda / mu;
    if (K < 0) {
        if (!(a < c))
            return -1;
        double C = vsi_erlang_c(c, a);
        *p_block = 0;
        *p_wait = C;
        *mean_wait = C / (c * mu - lambda);
        *mean_queue = lambda * *mean_wait;
        *occupancy = a / c;
        return 0;
    }
    if (K < c || K > 10000000L)
        return -1;
    /* log p_n up to a constant: log p_n = log p_{n-1} + log(a / min(n, c)) */
    double *lp = malloc((size_t)(K + 1) * sizeof *lp);
    if (!lp)
        return -1;
    lp[0] = 0;
    double mx = 0;
    for (long n = 1; n <= K; n++) {
        lp[n] = lp[n - 1] + log(a / (double)(n < c ? n : c));
        if (lp[n] > mx)
            mx = lp[n];
    }
    double z = 0, lq = 0, busy = 0, wait_mass = 0;
    for (long n = 0; n <= K; n++) {
        double p = exp(lp[n] - mx);
        z += p;
        busy += p * (double)(n < c ? n : c);
        if (n > c)
            lq += p * (double)(n - c);
        if (n >= c && n < K)
            wait_mass += p;
    }
    double pK = exp(lp[K] - mx) / z;
    free(lp);
    *p_block = pK;
    *mean_queue = lq / z;
    *occupancy = busy / z / c;
    *p_wait = pK < 1 ? wait_mass / z / (1.0 - pK) : 0.0;
    *mean_wait = *mean_queue / (lambda * (1.0 - pK));
    return 0;
}

double vsi_mmc_wait_quantile(int c, double lambda, double mu, double q)
{
    double C = vsi_erlang_c(c, lambda / mu);
    if (isnan(C))
        return NAN;
    if (1.0 - q >= C)
        return 0.0;
    return log(C / (1.0 - q)) / (c * mu - lambda);
}
