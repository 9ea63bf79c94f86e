/*
 * workforce.c: the cohort projection of one profession
 * (vs_workforce_project; formulas in docs/workforce.md).
 *
 * Year by year from the base year's stock: exits by age band (retirement,
 * other attrition), ageing to the next band, then the year's completions and
 * inflow join the youngest band.  Completions in year y are the completion
 * share of the intake training_years earlier (linear between the two whole
 * years around a fractional length such as 5.5); the intake in and before
 * the base year is the steady state that keeps the base year's trainees
 * (trainees / training_years, DERIVED) unless a path is given.  FTE is heads
 * x FTE per head x the full-time week of the year / that of the base year.
 */
#include "workforce/wf_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double vsi_wf_completions(const vsi_wf_cohort *c, int i)
{
    int whole = (int)floor(c->training_years);
    double frac = c->training_years - whole;
    int a = i - whole, b = i - whole - 1; /* years of the two intakes, base = 0 */
    double ia = a >= 1 ? c->intake[a] : c->intake_before;
    double ib = b >= 1 ? c->intake[b] : c->intake_before;
    return c->completion * ((1.0 - frac) * ia + frac * ib);
}

void vsi_wf_cohort_run(const vsi_wf_cohort *c, int n, double *heads)
{
    double s[VS_WF_BANDS], t[VS_WF_BANDS];
    memcpy(s, c->stock, sizeof s);
    for (int i = 0; i < n; i++) {
        if (i > 0) {
            for (int b = 0; b < c->nb; b++)
                t[b] = s[b] * (1.0 - c->exit[b]);
            for (int b = 0; b < c->nb; b++)
                s[b] = t[b] * (1.0 - c->age_up[b]) + (b ? t[b - 1] * c->age_up[b - 1] : 0.0);
            s[0] += vsi_wf_completions(c, i) + c->inflow[i];
        }
        double h = 0;
        for (int b = 0; b < c->nb; b++)
            h += s[b];
        heads[i] = h;
    }
}

int vs_workforce_draws_needed(const vs_scenario *sc) { return vs_scenario_range_count(sc); }

/* The scenario's value when set, else the parameter file's. */
static double pick(double scenario, double file) { return isnan(scenario) ? file : scenario; }

static const vs_year_path *pick_path(const vs_year_path *scenario, const vs_year_path *file)
{
    return scenario->n ? scenario : file->n ? file : NULL;
}

/* Append a reason to why (a "; "-separated list). */
static void add_why(char *why, size_t cap, const char *fmt, const char *pn, const char *rdir)
{
    size_t n = strlen(why);
    if (n + 2 >= cap)
        return;
    if (n)
        n += (size_t)snprintf(why + n, cap - n, "; ");
    if (n < cap)
        snprintf(why + n, cap - n, fmt, rdir, pn, pn);
}

int vs_workforce_available(const vs_workforce_params *p, const vs_scenario *sc,
                           vs_profession prof, char *why, size_t cap)
{
    if (cap)
        why[0] = '\0';
    if ((int)prof < 0 || prof >= VS_PROFESSIONS) {
        if (cap)
            snprintf(why, cap, "unknown profession %d", (int)prof);
        return 0;
    }
    const vs_wf_profession *f = &p->prof[prof];
    const vs_scenario_profession *s = &sc->workforce.prof[prof];
    const char *pn = vs_profession_name(prof);
    const char *rd = p->region_dir;
    int ok = 1;
    if (isnan(f->stock_heads)) {
        add_why(why, cap, "%s/parameters/workforce_supply.csv: %s_stock_heads NOT FOUND "
                          "(the stock of %s; no scenario field replaces it)", pn, rd);
        ok = 0;
    }
    if (isnan(pick(s->training_years, f->training_years))) {
        add_why(why, cap, "%s/parameters/workforce_supply.csv: %s_training_years NOT FOUND "
                          "(or policies.workforce.%s.training_years)", pn, rd);
        ok = 0;
    }
    if (isnan(pick(s->completion_share, f->completion_share))) {
        add_why(why, cap, "%s/parameters/workforce_supply.csv: %s_completion_share NOT FOUND "
                          "(or policies.workforce.%s.completion_share)", pn, rd);
        ok = 0;
    }
    if (isnan(f->trainees) && !pick_path(&s->training_intake, &f->training_intake)) {
        add_why(why, cap, "%s/parameters/workforce_supply.csv: %s_trainees NOT FOUND "
                          "(or policies.workforce.%s.training_intake_per_year)", pn, rd);
        ok = 0;
    }
    int ages = 1;
    for (int b = 0; b < VS_WF_BANDS; b++)
        ages &= !isnan(f->age_share[b]) && !isnan(f->band_exit_rate[b]);
    if ((!ages || !isnan(s->retirement_rate)) &&
        isnan(pick(s->retirement_rate, f->retirement_rate))) {
        add_why(why, cap, "%s/parameters/workforce_supply.csv: %s_retirement_rate NOT FOUND "
                          "(or policies.workforce.%s.retirement_rate)", pn, rd);
        ok = 0;
    }
    return ok;
}

/* Age bands: the parameter files' shares and rates, unless the scenario
 * gives one retirement rate for all ages. */
static void cohort_bands(const vs_wf_profession *f, const vs_scenario_profession *s,
                         double attrition, vsi_wf_cohort *c)
{
    static const double up[VS_WF_BANDS] = {0.1, 0.1, 0.1, 0.2, 0.2, 0.0};
    double total = 0;
    int ages = isnan(s->retirement_rate);
    for (int b = 0; b < VS_WF_BANDS; b++) {
        ages &= !isnan(f->age_share[b]) && !isnan(f->band_exit_rate[b]);
        total += f->age_share[b];
    }
    if (ages && total > 0) {
        c->nb = VS_WF_BANDS;
        for (int b = 0; b < VS_WF_BANDS; b++) {
            c->stock[b] = f->stock_heads * f->age_share[b] / total;
            c->exit[b] = fmin(1.0, f->band_exit_rate[b] + attrition);
            c->age_up[b] = up[b];
        }
        return;
    }
    c->nb = 1;
    c->stock[0] = f->stock_heads;
    c->exit[0] = fmin(1.0, pick(s->retirement_rate, f->retirement_rate) + attrition);
    c->age_up[0] = 0;
}

/* Full-time week of `year` over the base year's (1 when not given). */
static double hours_ratio(const vs_year_path *h, int base, int year)
{
    double a = vs_year_path_at(h, base), b = vs_year_path_at(h, year);
    return (isnan(a) || isnan(b) || a <= 0) ? 1.0 : b / a;
}

vs_status vs_workforce_project(vs_ctx *ctx, const vs_workforce_params *p, const vs_scenario *sc0,
                               vs_profession prof, int base_year, int to_year, const double *u,
                               double *fte_supply_per_year, double *heads_per_year)
{
    if (to_year < base_year || to_year - base_year > 200)
        return vs_ctx_fail(ctx, VS_EUSAGE, "workforce: years %d-%d are not a period", base_year,
                           to_year);
    char why[1024];
    if (!vs_workforce_available(p, sc0, prof, why, sizeof why))
        return vs_ctx_fail(ctx, VS_EINPUT, "%s", why);
    vs_scenario *sc = malloc(sizeof *sc);
    int n = to_year - base_year + 1;
    double *buf = calloc((size_t)n * 3, sizeof(double));
    vs_status st = (!sc || !buf) ? vs_ctx_fail(ctx, VS_ENOMEM, "out of memory")
                                 : vs_scenario_draw(ctx, sc0, u, sc);
    if (!st) {
        const vs_wf_profession *f = &p->prof[prof];
        const vs_scenario_profession *s = &sc->workforce.prof[prof];
        double *intake = buf, *inflow = buf + n, *heads = buf + 2 * n;
        vsi_wf_cohort c;
        memset(&c, 0, sizeof c);
        c.training_years = pick(s->training_years, f->training_years);
        c.completion = pick(s->completion_share, f->completion_share);
        const vs_year_path *ip = pick_path(&s->training_intake, &f->training_intake);
        c.intake_before = !isnan(f->trainees) ? f->trainees / c.training_years
                                              : vs_year_path_at(ip, base_year);
        double attr = pick(s->attrition_rate, f->attrition_rate);
        cohort_bands(f, s, isnan(attr) ? 0.0 : attr, &c);
        double flow = isnan(f->inflow_per_year) ? 0.0 : f->inflow_per_year;
        for (int i = 0; i < n; i++) {
            intake[i] = ip ? vs_year_path_at(ip, base_year + i) : c.intake_before;
            inflow[i] = s->inflow.n ? vs_year_path_at(&s->inflow, base_year + i) : flow;
        }
        c.intake = intake;
        c.inflow = inflow;
        vsi_wf_cohort_run(&c, n, heads);
        double fph = pick(s->fte_per_head, f->fte_per_head);
        const vs_year_path *hp = pick_path(&s->hours_per_week, &f->hours_per_week);
        for (int i = 0; i < n; i++) {
            if (heads_per_year)
                heads_per_year[i] = heads[i];
            if (fte_supply_per_year)
                fte_supply_per_year[i] = heads[i] * (isnan(fph) ? 1.0 : fph) *
                                         hours_ratio(hp, base_year, base_year + i);
        }
    }
    free(buf);
    free(sc);
    return st;
}
