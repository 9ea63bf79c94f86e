/*
 * queueing.h: exact results of classical queues, used to validate the
 * simulation (internal; the analytic Erlang engine of vardsim is a separate
 * module and this file does not depend on it).
 */
#ifndef VS_SIM_QUEUEING_H
#define VS_SIM_QUEUEING_H

/* Erlang B, blocking of M/M/c/c with offered load a = lambda/mu erlangs, by
 * the stable recursion B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)). */
double vsi_erlang_b(int c, double a);

/* Erlang C, P(wait > 0) in M/M/c, a < c: C = B / (1 - (a/c)(1 - B)).
 * NaN when a >= c. */
double vsi_erlang_c(int c, double a);

/* Exact M/M/c/K (K >= c; K < 0 means unlimited, then a < c is required).
 * Outputs: p_block (share of arrivals lost), p_wait and mean_wait (days)
 * among admitted arrivals, mean_queue (time-average number waiting),
 * occupancy (time-average busy servers / c).  Returns 0, or -1 when no
 * stationary distribution exists or K is too large (> 10^7). */
int vsi_mmck(int c, double lambda, double mu, long K, double *p_block, double *p_wait,
             double *mean_wait, double *mean_queue, double *occupancy);

/* q-quantile of the M/M/c FIFO wait: P(W > t) = C exp(-(c mu - lambda) t). */
double vsi_mmc_wait_quantile(int c, double lambda, double mu, double q);

#endif
