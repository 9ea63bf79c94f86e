/*
 * vardsim/rng.h: explicit, reproducible random-number streams.
 *
 * The generator is xoshiro256** (Blackman and Vigna, "Scrambled linear
 * pseudorandom number generators", ACM TOMS 47(4), 2021), period 2^256 - 1.
 * A seed (any 64-bit integer) is expanded into the 256-bit state by
 * splitmix64, as its authors recommend.  Independent streams come from the
 * generator's jump polynomials:
 *
 *   stream (seed, replication r, substream k)
 *     = seed state advanced by r * 2^192 (long_jump r times)
 *                           then k * 2^128 (jump k times).
 *
 * So replication r always draws the same numbers whatever thread runs it,
 * and each replication has 2^64 non-overlapping substreams of 2^128 draws.
 * There is no global generator anywhere in vardsim.
 *
 * A vs_rng also presents itself as a GSL generator (vs_rng_gsl), so every
 * gsl_ran_* sampler draws from the stream; the distributions below are thin
 * wrappers of GSL's samplers (exponential, lognormal, gamma, Poisson,
 * discrete empirical via Walker's alias method).
 *
 * Drawing functions cannot fail and return the value directly (they are on
 * the hot path); functions that can fail take a vs_ctx and return vs_status.
 */
#ifndef VARDSIM_RNG_H
#define VARDSIM_RNG_H

#include <gsl/gsl_rng.h>

#include "vardsim/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One random stream.  Opaque; create with vs_rng_create, free with
 * vs_rng_destroy.  Not thread-safe: one stream per thread at a time. */
typedef struct vs_rng vs_rng;

/* Create the stream (seed, replication, substream) described above.
 * replication and substream: 0 or more.  Cost: (replication + substream)
 * jumps of about 1 microsecond each.  *out is NULL on failure.
 * Errors: VS_ENOMEM. */
VS_API vs_status vs_rng_create(vs_ctx *ctx, uint64_t seed, uint64_t replication,
                               uint64_t substream, vs_rng **out);

/* Create an independent copy of a stream (same state, continues identically).
 * Errors: VS_ENOMEM. */
VS_API vs_status vs_rng_clone(vs_ctx *ctx, const vs_rng *rng, vs_rng **out);

/* Free a stream; NULL is allowed. */
VS_API void vs_rng_destroy(vs_rng *rng);

/* Advance the stream by 2^128 draws (jump) or 2^192 draws (long jump). */
VS_API void vs_rng_jump(vs_rng *rng);
VS_API void vs_rng_long_jump(vs_rng *rng);

/* The next raw 64-bit output of xoshiro256**. */
VS_API uint64_t vs_rng_u64(vs_rng *rng);

/* A uniform double in [0, 1) with 53 random bits: (u64 >> 11) * 2^-53. */
VS_API double vs_rng_uniform(vs_rng *rng);

/* A uniform double in (0, 1): never 0, never 1. */
VS_API double vs_rng_uniform_pos(vs_rng *rng);

/* The stream as a gsl_rng, for any gsl_ran_* sampler.  The returned object
 * is owned by rng (do not gsl_rng_free it) and shares its state: drawing from
 * either advances both.  gsl_rng_get returns the upper 32 bits of the next
 * output (max 2^32 - 1); gsl_rng_uniform returns vs_rng_uniform. */
VS_API gsl_rng *vs_rng_gsl(vs_rng *rng);

/* Exponential variate with the given mean (> 0), by inversion
 * (gsl_ran_exponential). */
VS_API double vs_rng_exponential(vs_rng *rng, double mean);

/* Standard exponential variate (mean 1) by the 256-layer ziggurat
 * (Marsaglia and Tsang 2000): one 64-bit draw for 98.9 % of variates, no
 * log() on that path.  This is the sampler the simulation kernel uses for
 * arrival gaps and exponential service times (VS_DIST_EXPONENTIAL); multiply
 * by the mean.  Unlike inversion it may take more than one draw (1.1 % of
 * variates), and it is not monotone in the draw. */
VS_API double vs_rng_exp1(vs_rng *rng);

/* Lognormal variate: exp(N(mu, sigma^2)) (gsl_ran_lognormal). */
VS_API double vs_rng_lognormal(vs_rng *rng, double mu, double sigma);

/* Gamma variate with shape k > 0 and scale theta > 0, mean k*theta
 * (gsl_ran_gamma, Marsaglia-Tsang). */
VS_API double vs_rng_gamma(vs_rng *rng, double shape, double scale);

/* Poisson count with mean mu >= 0 (gsl_ran_poisson). */
VS_API unsigned int vs_rng_poisson(vs_rng *rng, double mu);

/* ---- distributions as values ---------------------------------------------
 * A vs_dist describes a non-negative random quantity (a service time, a
 * length of stay in days, ...).  Build one with vs_dist_* below; sample it
 * with vs_dist_sample.  Parameters are in the unit of the quantity. */
typedef enum vs_dist_kind {
    VS_DIST_CONST = 0,     /* a = value                                          */
    VS_DIST_EXPONENTIAL,   /* a = mean (sampled as a * vs_rng_exp1: ziggurat)     */
    VS_DIST_LOGNORMAL,     /* a = mean, b = standard deviation (of the variate)   */
    VS_DIST_GAMMA,         /* a = mean, b = standard deviation                   */
    VS_DIST_UNIFORM,       /* a = low, b = high                                  */
    VS_DIST_EMPIRICAL      /* n values with weights, resampled (Walker alias)    */
} vs_dist_kind;

typedef struct vs_dist vs_dist;

/* Create a distribution.  Errors (VS_EUSAGE with a message): a negative or
 * non-finite parameter, mean <= 0 for exponential/lognormal/gamma, sd <= 0
 * for lognormal/gamma, low > high.  Lognormal and gamma are given by mean and
 * standard deviation: lognormal sigma^2 = ln(1 + sd^2/mean^2),
 * mu = ln(mean) - sigma^2/2; gamma shape = mean^2/sd^2, scale = sd^2/mean. */
VS_API vs_status vs_dist_create(vs_ctx *ctx, vs_dist_kind kind, double a, double b,
                                vs_dist **out);

/* Create an empirical distribution: value values[i] with weight weights[i]
 * (>= 0, not all 0; NULL means equal weights).  The arrays are copied.
 * Errors: VS_EUSAGE for n < 1, negative or non-finite values or weights. */
VS_API vs_status vs_dist_create_empirical(vs_ctx *ctx, size_t n, const double *values,
                                          const double *weights, vs_dist **out);

/* Free a distribution; NULL is allowed. */
VS_API void vs_dist_destroy(vs_dist *d);

/* Draw one value.  Thread-safe for a shared d (d is read only). */
VS_API double vs_dist_sample(const vs_dist *d, vs_rng *rng);

/* The exact mean and second moment E[X^2] of d (for queueing formulas). */
VS_API double vs_dist_mean(const vs_dist *d);
VS_API double vs_dist_second_moment(const vs_dist *d);

#ifdef __cplusplus
}
#endif
#endif
