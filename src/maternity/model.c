/*
 * model.c: births, births in progress (M_t/G/infinity) and the midwives on
 * duty they need (vardsim/maternity.h, docs/maternity.md).
 */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "maternity/maternity_internal.h"

#define Z95 1.6448536269514722 /* standard normal 95th percentile */
#define GRID 60                /* evaluation points per hour (one a minute) */

/* Lognormal (mu, sigma) of the median and 95th percentile. */
static void lognormal_of(const vs_maternity_params *p, double *mu, double *sigma)
{
    *mu = log(p->attend_a);
    *sigma = log(p->attend_b / p->attend_a) / Z95;
}

static double extra(const vs_maternity_params *p)
{
    return isnan(p->attend_extra_hours) ? 0.0 : p->attend_extra_hours;
}

/* E[S] without the constant extra. */
static double base_mean(const vs_maternity_params *p)
{
    double mu, s;
    switch (p->attend) {
    case VS_MAT_ATTEND_EXPONENTIAL:
    case VS_MAT_ATTEND_CONST:
        return p->attend_a;
    default:
        lognormal_of(p, &mu, &s);
        return exp(mu + 0.5 * s * s);
    }
}

double vs_maternity_attend_mean(const vs_maternity_params *p) { return base_mean(p) + extra(p); }

/* E[min(S0, x)] of the distribution without the extra. */
static double base_integral(const vs_maternity_params *p, double x)
{
    if (x <= 0)
        return 0;
    double mu, s, z;
    switch (p->attend) {
    case VS_MAT_ATTEND_EXPONENTIAL:
        return p->attend_a * -expm1(-x / p->attend_a);
    case VS_MAT_ATTEND_CONST:
        return x < p->attend_a ? x : p->attend_a;
    default:
        lognormal_of(p, &mu, &s);
        z = (log(x) - mu) / s;
        /* x P(S > x) + E[S; S <= x] */
        return x * gsl_cdf_ugaussian_Q(z) + exp(mu + 0.5 * s * s) * gsl_cdf_ugaussian_P(z - s);
    }
}

double vs_maternity_attend_integral(const vs_maternity_params *p, double x_hours)
{
    double c = extra(p);
    if (x_hours <= c)
        return x_hours > 0 ? x_hours : 0;
    return c + base_integral(p, x_hours - c);
}

double vs_maternity_in_progress(const vs_maternity_params *p, const double *rate, double t)
{
    t = fmod(t, 24.0);
    if (t < 0)
        t += 24.0;
    int h = (int)floor(t);
    if (h > 23)
        h = 23;
    double f = t - h, total = vs_maternity_attend_mean(p);
    /* piece 0: u in [0, f) at the current hour's rate; piece j: [f+j-1, f+j) */
    double prev = vs_maternity_attend_integral(p, f);
    double m = rate[h] * prev;
    for (int j = 1; j < 24 * 400; j++) {
        double cur = vs_maternity_attend_integral(p, f + j);
        m += rate[((h - j) % 24 + 24) % 24] * (cur - prev);
        prev = cur;
        if (total - cur <= 1e-12 * total)
            break;
    }
    return m;
}

double vs_maternity_poisson_exceed(double m, int c)
{
    if (c < 0)
        return 1.0;
    if (m <= 0)
        return 0.0;
    return gsl_cdf_poisson_Q((unsigned)c, m);
}

int vs_maternity_staff_for(double m, double target)
{
    int c = (int)floor(m);
    while (c > 0 && vs_maternity_poisson_exceed(m, c - 1) <= target)
        c--;
    while (vs_maternity_poisson_exceed(m, c) > target)
        c++;
    return c;
}

void vs_maternity_result_destroy(vs_maternity_result *r)
{
    if (!r)
        return;
    free(r->births_area);
    free(r->women_15_49_area);
    free(r);
}

/* Births per area (women 15-49 x fertility weight, scaled to B). */
static vs_status births(vs_ctx *ctx, const vs_region *rg, const vs_maternity_params *p,
                        vs_maternity_result *r)
{
    double wsum = 0, fsum = 0;
    for (int a = 0; a < rg->n_areas; a++) {
        double w = 0, wf = 0;
        for (int b = 0; b < VS_MAT_BANDS; b++) {
            double women = (double)rg->areas[a].pop[3 + b] * p->female_share[b];
            w += women;
            wf += women * (p->has_fertility ? p->fertility[b] / 1000.0 : 1.0);
        }
        r->women_15_49_area[a] = w;
        r->births_area[a] = wf;
        wsum += w;
        fsum += wf;
    }
    r->women_15_49 = wsum;
    r->births_source = !isnan(p->births_per_year) ? 0 : p->has_fertility ? 1 : 2;
    r->births_from_fertility = r->births_source != 0;
    if (r->births_source == 2 && isnan(p->general_fertility))
        return vs_ctx_fail_at(ctx, p->path, 0, "births_per_year",
                              "NOT FOUND: give the region's births per year, the seven "
                              "fertility_15_19..45_49 rows or general_fertility_per_1000");
    if (!(fsum > 0))
        return vs_ctx_fail_at(ctx, p->path, 0, "births_per_year",
                              "the region has no women aged 15-49 (or all fertility is 0)");
    r->births_per_year = r->births_source == 0   ? p->births_per_year
                         : r->births_source == 1 ? fsum
                                                 : p->general_fertility / 1000.0 * wsum;
    double scale = r->births_per_year / fsum;
    for (int a = 0; a < rg->n_areas; a++)
        r->births_area[a] *= scale;
    return VS_OK;
}

/* In progress, need and exceedance by hour on the minute grid. */
void vsi_maternity_staffing(const vs_maternity_params *p, vs_maternity_result *r)
{
    double wsum = 0, daily = 0;
    for (int h = 0; h < 24; h++)
        wsum += p->hour_weight[h];
    for (int h = 0; h < 24; h++)
        r->rate_per_hour[h] = r->births_per_year / 8760.0 * p->hour_weight[h] * 24.0 / wsum;
    r->midwives_on_duty_needed = 0;
    r->midwife_hours_week = 0;
    for (int h = 0; h < 24; h++) {
        double mx = 0, sum = 0, m[GRID];
        for (int k = 0; k < GRID; k++) {
            m[k] = vs_maternity_in_progress(p, r->rate_per_hour, h + (double)k / GRID);
            sum += m[k];
            if (m[k] > mx)
                mx = m[k];
        }
        int c = vs_maternity_staff_for(mx, p->p_exceed_target);
        double pe = 0;
        for (int k = 0; k < GRID; k++) {
            double e = vs_maternity_poisson_exceed(m[k], c);
            pe = e > pe ? e : pe;
        }
        r->in_progress_hour_mean[h] = sum / GRID;
        r->in_progress_hour_max[h] = mx;
        r->midwives_hour[h] = c;
        r->p_exceed_hour[h] = pe;
        daily += sum / GRID / 24.0;
        if (c > r->midwives_on_duty_needed)
            r->midwives_on_duty_needed = c;
        r->midwife_hours_week += 7.0 * c;
    }
    r->births_in_progress_mean = daily;
    r->midwife_hours_year = r->midwife_hours_week * 365.25 / 7.0;
    r->midwife_fte_needed =
        r->midwife_hours_week / (p->fte_hours_per_week * (1.0 - p->absence_share));
}

vs_status vs_maternity_compute(vs_ctx *ctx, const vs_region *region,
                               const vs_maternity_params *p, vs_maternity_result **out)
{
    *out = NULL;
    vs_maternity_result *r = calloc(1, sizeof *r);
    size_t n = region->n_areas > 0 ? (size_t)region->n_areas : 1;
    if (r) {
        r->births_area = calloc(n, sizeof *r->births_area);
        r->women_15_49_area = calloc(n, sizeof *r->women_15_49_area);
    }
    if (!r || !r->births_area || !r->women_15_49_area) {
        vs_maternity_result_destroy(r);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    r->n_areas = region->n_areas;
    vs_status st = births(ctx, region, p, r);
    if (st) {
        vs_maternity_result_destroy(r);
        return st;
    }
    r->attend_mean_hours = vs_maternity_attend_mean(p);
    r->p_exceed_target = p->p_exceed_target;
    r->midwives_region_fte = p->midwives_region_fte;
    vsi_maternity_staffing(p, r);
    *out = r;
    return VS_OK;
}
