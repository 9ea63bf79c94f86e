/*
 * rng_internal.h: the layout of vs_rng and inline draws for the kernel's hot
 * path.  Internal to libvardsim (src/sim); the public API is vardsim/rng.h.
 */
#ifndef VS_SIM_RNG_INTERNAL_H
#define VS_SIM_RNG_INTERNAL_H

#include <gsl/gsl_randist.h>
#include <math.h>

#include "vardsim/rng.h"

struct vs_rng {
    uint64_t s[4]; /* xoshiro256** state, never all zero          */
    gsl_rng g;     /* GSL view: g.state points at s                */
};

struct vs_dist {
    vs_dist_kind kind;
    double a, b;           /* parameters as given (see vs_dist_create)      */
    double p1, p2;         /* derived: lognormal mu/sigma, gamma shape/scale */
    double mean, m2;       /* exact E[X] and E[X^2]                          */
    size_t n;              /* empirical: number of values                    */
    double *values;        /* empirical: n values                            */
    gsl_ran_discrete_t *alias; /* empirical: Walker alias table              */
};

static inline uint64_t vsi_rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

/* xoshiro256** next(), exactly as in the authors' reference C code. */
static inline uint64_t vsi_rng_next(uint64_t *s)
{
    const uint64_t result = vsi_rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = vsi_rotl(s[3], 45);
    return result;
}

static inline double vsi_uniform(vs_rng *r) { return (double)(vsi_rng_next(r->s) >> 11) * 0x1.0p-53; }

/* Exponential with the given mean, by inversion: -mean * log(1 - U), U in
 * [0,1).  1 - U is exact for a 53-bit U and lies in (0, 1], so log() is safe
 * and (in glibc) about twice as fast as log1p(). */
static inline double vsi_exponential(vs_rng *r, double mean)
{
    return -mean * log(1.0 - vsi_uniform(r));
}

/* vs_dist_sample without the call (the kernel's service times). */
double vsi_dist_sample_slow(const vs_dist *d, vs_rng *rng);
static inline double vsi_dist_sample(const vs_dist *d, vs_rng *rng)
{
    if (__builtin_expect(d->kind == VS_DIST_EXPONENTIAL, 1))
        return vsi_exponential(rng, d->a);
    return vsi_dist_sample_slow(d, rng);
}

void vsi_rng_init(vs_rng *r, uint64_t seed, uint64_t replication, uint64_t substream);

#endif
