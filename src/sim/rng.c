/*
 * rng.c: xoshiro256** streams with jump-ahead, a GSL adaptor, and the
 * distributions of vardsim/rng.h.
 *
 * Why xoshiro256** and not Philox: it is 30 lines, needs no dependency
 * beyond the C library, is among the fastest generators that pass BigCrush,
 * and its jump polynomials give 2^64 x 2^64 non-overlapping streams, which is
 * all that reproducible replications need.  The GSL adaptor lets GSL's
 * well-tested samplers draw from our streams, so we do not rewrite them.
 */
#include "rng_internal.h"

#include <stdlib.h>
#include <string.h>

/* splitmix64 (Steele, Lea, Flood 2014), the seeding function recommended by
 * the xoshiro authors: state x += 0x9e3779b97f4a7c15 then a mixing function. */
static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Advance by the polynomial poly: the state becomes sum over set bits b of
 * poly of T^b s, i.e. T^(2^128) s for JUMP and T^(2^192) s for LONG_JUMP
 * (the reference jump() of xoshiro256**). */
static void apply_jump(uint64_t *s, const uint64_t poly[4])
{
    uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (int i = 0; i < 4; i++)
        for (int b = 0; b < 64; b++) {
            if (poly[i] & (UINT64_C(1) << b)) {
                s0 ^= s[0];
                s1 ^= s[1];
                s2 ^= s[2];
                s3 ^= s[3];
            }
            vsi_rng_next(s);
        }
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
}

static const uint64_t JUMP[4] = {0x180ec6d33cfd0abaULL, 0xd5a61266f0c9392cULL,
                                 0xa9582618e03fc9aaULL, 0x39abdc4529b1661cULL};
static const uint64_t LONG_JUMP[4] = {0x76e15d3efefdcbbfULL, 0xc5004e441c522fb3ULL,
                                      0x77710069854ee241ULL, 0x39109bb02acbe635ULL};

void vs_rng_jump(vs_rng *rng) { apply_jump(rng->s, JUMP); }
void vs_rng_long_jump(vs_rng *rng) { apply_jump(rng->s, LONG_JUMP); }

/* ---- GSL adaptor: a gsl_rng_type whose state is our s[4] ------------------ */
static void gsl_set(void *state, unsigned long seed)
{
    uint64_t x = seed;
    uint64_t *s = state;
    for (int i = 0; i < 4; i++)
        s[i] = splitmix64(&x);
}
static unsigned long gsl_get(void *state) { return (unsigned long)(vsi_rng_next(state) >> 32); }
static double gsl_get_double(void *state)
{
    return (double)(vsi_rng_next(state) >> 11) * 0x1.0p-53;
}
static const gsl_rng_type vs_gsl_xoshiro = {"xoshiro256**", 0xffffffffUL, 0, 4 * sizeof(uint64_t),
                                            gsl_set, gsl_get, gsl_get_double};

/* The GSL view of r.  Refreshed on every use so that a vs_rng embedded in a
 * struct may be moved (realloc) without leaving a dangling state pointer. */
static gsl_rng *gview(vs_rng *r)
{
    r->g.type = &vs_gsl_xoshiro;
    r->g.state = r->s;
    return &r->g;
}

void vsi_rng_init(vs_rng *r, uint64_t seed, uint64_t replication, uint64_t substream)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
    /* splitmix64 is a bijection of a counter, so four consecutive outputs are
     * never all zero; the state is valid. */
    for (uint64_t i = 0; i < replication; i++)
        apply_jump(r->s, LONG_JUMP);
    for (uint64_t i = 0; i < substream; i++)
        apply_jump(r->s, JUMP);
    r->g.type = &vs_gsl_xoshiro;
    r->g.state = r->s;
}

vs_status vs_rng_create(vs_ctx *ctx, uint64_t seed, uint64_t replication, uint64_t substream,
                        vs_rng **out)
{
    *out = malloc(sizeof **out);
    if (!*out)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory creating a random stream");
    vsi_rng_init(*out, seed, replication, substream);
    return VS_OK;
}

vs_status vs_rng_clone(vs_ctx *ctx, const vs_rng *rng, vs_rng **out)
{
    *out = malloc(sizeof **out);
    if (!*out)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory creating a random stream");
    memcpy((*out)->s, rng->s, sizeof rng->s);
    (*out)->g.type = &vs_gsl_xoshiro;
    (*out)->g.state = (*out)->s;
    return VS_OK;
}

void vs_rng_destroy(vs_rng *rng) { free(rng); }

uint64_t vs_rng_u64(vs_rng *rng) { return vsi_rng_next(rng->s); }
/* The ziggurat's slow path (vsi_exp1 in rng_internal.h): x = U X[i] fell
 * beyond X[i+1].  For the base layer (i = 0) that means the tail: R - ln U'
 * with a fresh U' in (0, 1].  Otherwise a fresh uniform height in layer i
 * [F[i], F[i+1]] is compared with exp(-x), and on rejection the draw starts
 * over.  Each attempt is independent, so the result is exactly exponential
 * (up to the rounding of the tables). */
double vsi_exp1_slow(vs_rng *r, unsigned i, double x)
{
    const double *X = vsi_zig_exp_x, *F = vsi_zig_exp_f;
    for (;;) {
        if (i == 0)
            return X[1] - log(1.0 - vsi_uniform(r));
        if (F[i + 1] + (F[i] - F[i + 1]) * vsi_uniform(r) < exp(-x))
            return x;
        x = vsi_zig_try(vsi_rng_next(r->s), &i);
        if (x < X[i + 1])
            return x;
    }
}

double vs_rng_exp1(vs_rng *rng) { return vsi_exp1(rng); }

double vs_rng_uniform(vs_rng *rng) { return vsi_uniform(rng); }

double vs_rng_uniform_pos(vs_rng *rng)
{
    double u;
    do
        u = vsi_uniform(rng);
    while (u == 0.0);
    return u;
}

gsl_rng *vs_rng_gsl(vs_rng *rng) { return gview(rng); }

double vs_rng_exponential(vs_rng *rng, double mean) { return gsl_ran_exponential(gview(rng), mean); }
double vs_rng_lognormal(vs_rng *rng, double mu, double sigma)
{
    return gsl_ran_lognormal(gview(rng), mu, sigma);
}
double vs_rng_gamma(vs_rng *rng, double shape, double scale)
{
    return gsl_ran_gamma(gview(rng), shape, scale);
}
unsigned int vs_rng_poisson(vs_rng *rng, double mu) { return gsl_ran_poisson(gview(rng), mu); }

/* ---- distributions ------------------------------------------------------- */
vs_status vs_dist_create(vs_ctx *ctx, vs_dist_kind kind, double a, double b, vs_dist **out)
{
    *out = NULL;
    if (!isfinite(a) || !isfinite(b) || a < 0 || b < 0)
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "distribution parameters must be finite and >= 0 (got %g, %g)", a, b);
    vs_dist d = {.kind = kind, .a = a, .b = b};
    switch (kind) {
    case VS_DIST_CONST:
        d.mean = a;
        d.m2 = a * a;
        break;
    case VS_DIST_EXPONENTIAL:
        if (a <= 0)
            return vs_ctx_fail(ctx, VS_EUSAGE, "exponential mean must be > 0 (got %g)", a);
        d.mean = a;
        d.m2 = 2 * a * a;
        break;
    case VS_DIST_LOGNORMAL:
    case VS_DIST_GAMMA:
        if (a <= 0 || b <= 0)
            return vs_ctx_fail(ctx, VS_EUSAGE,
                               "%s mean and standard deviation must be > 0 (got %g, %g)",
                               kind == VS_DIST_GAMMA ? "gamma" : "lognormal", a, b);
        d.mean = a;
        d.m2 = b * b + a * a;
        if (kind == VS_DIST_LOGNORMAL) {
            double s2 = log1p(b * b / (a * a));
            d.p1 = log(a) - s2 / 2; /* mu */
            d.p2 = sqrt(s2);        /* sigma */
        } else {
            d.p1 = a * a / (b * b); /* shape */
            d.p2 = b * b / a;       /* scale */
        }
        break;
    case VS_DIST_UNIFORM:
        if (a > b)
            return vs_ctx_fail(ctx, VS_EUSAGE, "uniform low %g > high %g", a, b);
        d.mean = (a + b) / 2;
        d.m2 = (a * a + a * b + b * b) / 3;
        break;
    default:
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "unknown distribution kind %d (use vs_dist_create_empirical for "
                           "empirical)",
                           (int)kind);
    }
    *out = malloc(sizeof **out);
    if (!*out)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    **out = d;
    return VS_OK;
}

vs_status vs_dist_create_empirical(vs_ctx *ctx, size_t n, const double *values,
                                   const double *weights, vs_dist **out)
{
    *out = NULL;
    if (n < 1 || !values)
        return vs_ctx_fail(ctx, VS_EUSAGE, "empirical distribution needs at least one value");
    double wsum = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(values[i]) || values[i] < 0)
            return vs_ctx_fail(ctx, VS_EUSAGE, "empirical value %zu: %g is not a number >= 0",
                               i, values[i]);
        double w = weights ? weights[i] : 1.0;
        if (!isfinite(w) || w < 0)
            return vs_ctx_fail(ctx, VS_EUSAGE, "empirical weight %zu: %g is not a number >= 0",
                               i, w);
        wsum += w;
    }
    if (!(wsum > 0))
        return vs_ctx_fail(ctx, VS_EUSAGE, "empirical weights are all zero");
    vs_dist *d = calloc(1, sizeof *d);
    double *w = malloc(n * sizeof *w);
    if (d)
        d->values = malloc(n * sizeof *d->values);
    if (!d || !w || !d->values) {
        free(w);
        vs_dist_destroy(d);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    d->kind = VS_DIST_EMPIRICAL;
    d->n = n;
    for (size_t i = 0; i < n; i++) {
        d->values[i] = values[i];
        w[i] = weights ? weights[i] : 1.0;
        d->mean += w[i] / wsum * values[i];
        d->m2 += w[i] / wsum * values[i] * values[i];
    }
    d->alias = gsl_ran_discrete_preproc(n, w);
    free(w);
    if (d->alias)
        d->walker = malloc(d->alias->K * sizeof *d->walker);
    if (!d->alias || !d->walker) {
        vs_dist_destroy(d);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    for (size_t c = 0; c < d->alias->K; c++)
        d->walker[c] = (vsi_walker){d->alias->F[c], d->values[c], d->values[d->alias->A[c]]};
    *out = d;
    return VS_OK;
}

void vs_dist_destroy(vs_dist *d)
{
    if (!d)
        return;
    if (d->alias)
        gsl_ran_discrete_free(d->alias);
    free(d->walker);
    free(d->values);
    free(d);
}

double vsi_dist_sample_slow(const vs_dist *d, vs_rng *rng)
{
    switch (d->kind) {
    case VS_DIST_CONST: return d->a;
    case VS_DIST_EXPONENTIAL: return vsi_exponential(rng, d->a);
    case VS_DIST_LOGNORMAL: return gsl_ran_lognormal(gview(rng), d->p1, d->p2);
    case VS_DIST_GAMMA: return gsl_ran_gamma(gview(rng), d->p1, d->p2);
    case VS_DIST_UNIFORM: return d->a + (d->b - d->a) * vsi_uniform(rng);
    case VS_DIST_EMPIRICAL: {
        /* gsl_ran_discrete (GSL 2.7 randist/discrete.c) written out: the
         * same uniform, column and comparisons, so the same value, without
         * the GSL view and two calls through the library, on one entry per
         * column (an area is drawn for every patient of the flow model;
         * test_sim checks the two agree draw for draw) */
        double u = vsi_uniform(rng);
        const vsi_walker *w = &d->walker[(size_t)(u * (double)d->n)]; /* n = K */
        return w->f == 1.0 || u < w->f ? w->v : w->v_alias;
    }
    }
    return 0.0;
}

double vs_dist_sample(const vs_dist *d, vs_rng *rng) { return vsi_dist_sample(d, rng); }

double vs_dist_mean(const vs_dist *d) { return d->mean; }
double vs_dist_second_moment(const vs_dist *d) { return d->m2; }
