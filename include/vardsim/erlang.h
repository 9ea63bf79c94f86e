/*
 * vardsim/erlang.h: the Erlang loss (M/M/c/c, Erlang B) and delay (M/M/c,
 * Erlang C) models, evaluated exactly and in a numerically stable way for up
 * to VS_ERLANG_MAX_SERVERS servers and VS_ERLANG_MAX_LOAD erlangs, with their
 * inverses (the least number of servers that meets a target).
 *
 * Notation: c servers (beds), offered load A = arrival rate x mean service
 * time (erlangs; any non-negative real), B = B(c, A) the probability that an
 * arrival finds every server busy in the loss system (and is lost, i.e. a
 * patient is placed on another ward), C = C(c, A) the probability that an
 * arrival must wait in the delay system.  Times are in units of the mean
 * service time (mean length of stay for beds).
 *
 *   B(c, A)      = (A^c / c!) / sum_{k=0..c} A^k / k!
 *   C(c, A)      = c B / (c - A (1 - B))            for A < c, 1 for A >= c
 *   carried load = A (1 - B)                        (mean busy servers, loss)
 *   occupancy    = A (1 - B) / c                    (loss-system occupancy)
 *   mean wait    = C / (c - A)                      (M/M/c FIFO, A < c)
 *   P(W > t)     = C exp(-(c - A) t)                (M/M/c FIFO, A < c)
 *
 * Method (see docs/beds.md): B is computed from a finite positive series
 * when c <= A and from the Poisson probability p(c; A), evaluated in log
 * space with GSL's gammastar and log(1+x)-x, and a positive tail series when
 * c > A; both series need O(sqrt(A)) terms, so one evaluation costs at most
 * a few thousand flops for c = 100,000.  Observed relative error against
 * 50-digit references is below 2e-13 (the tests require 1e-11).  Values
 * below the smallest double underflow to 0.
 */
#ifndef VARDSIM_ERLANG_H
#define VARDSIM_ERLANG_H

#include "vardsim/core.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VS_ERLANG_MAX_SERVERS INT64_C(100000000) /* largest accepted c */
#define VS_ERLANG_MAX_LOAD 1.0e8                 /* largest accepted offered load, erlangs */

/* Every measure of one (c, A) pair. */
typedef struct vs_erlang_result {
    int64_t servers;      /* c */
    double load;          /* A, offered load (erlangs) */
    double erlang_b;      /* B(c, A): blocking (loss) probability */
    double erlang_c;      /* C(c, A): probability of waiting; 1 when A >= c */
    double carried_load;  /* A (1 - B): mean number of busy servers, loss system */
    double occupancy;     /* A (1 - B) / c: occupancy of the loss system */
    double utilisation;   /* A / c: occupancy of the delay system (may exceed 1) */
    double mean_wait;     /* C / (c - A) in mean service times; +inf when A >= c */
    int stable;           /* 1 when A < c (the delay system has a steady state) */
} vs_erlang_result;

/* Erlang B: blocking probability of the loss system with `servers` >= 1 and
 * offered load `load` >= 0 (erlangs).  Errors: VS_EUSAGE (zero or negative
 * servers, negative or non-finite load, beyond the limits above). */
VS_API vs_status vs_erlang_b(vs_ctx *ctx, int64_t servers, double load, double *b);

/* Erlang C: probability of waiting in M/M/c; 1 when load >= servers. */
VS_API vs_status vs_erlang_c(vs_ctx *ctx, int64_t servers, double load, double *c);

/* All measures of the pair at once (one Erlang B evaluation). */
VS_API vs_status vs_erlang_eval(vs_ctx *ctx, int64_t servers, double load, vs_erlang_result *out);

/* P(W > t) in M/M/c FIFO, t >= 0 in mean service times; 1 when load >= servers. */
VS_API vs_status vs_erlang_wait_prob(vs_ctx *ctx, int64_t servers, double load, double t,
                                     double *p);

/* The least c >= 1 with B(c, load) <= p, for p in (0, 1). */
VS_API vs_status vs_erlang_servers_for_blocking(vs_ctx *ctx, double load, double p,
                                                int64_t *servers);

/* The least c > load with C(c, load) = P(wait > 0) <= p, for p in (0, 1). */
VS_API vs_status vs_erlang_servers_for_delay(vs_ctx *ctx, double load, double p,
                                             int64_t *servers);

/* The least c >= 1 with loss-system occupancy A (1 - B(c, A)) / c <= target,
 * target in (0, 1].  (This occupancy is decreasing in c.) */
VS_API vs_status vs_erlang_servers_for_occupancy(vs_ctx *ctx, double load, double target,
                                                 int64_t *servers);

/* Erlang B by the textbook recurrence B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1)),
 * O(c) operations.  Kept as the named alternative for benchmarks and as an
 * independent check; same arguments and errors as vs_erlang_b. */
VS_API vs_status vs_erlang_b_recurrence(vs_ctx *ctx, int64_t servers, double load, double *b);

#ifdef __cplusplus
}
#endif
#endif
