/*
 * stage_screening.c: the "screening" stage: vaccination and screening
 * programmes as rule tables by need (vardsim/screening.h): eligible
 * residents, invitations, participants, cost and coverage by CNI decile per
 * programme, a coverage map per programme with a target, scorecard rows
 * (targets.csv rows coverage_PROGRAMME) and the low-coverage areas.  Needs
 * the need stage's CNI deciles.
 */
#include "run/stage.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "vardsim/screening.h"

/* Region metrics of programme p. */
static void programme_metrics(vsi_step *x, const vs_screening_programme *pr,
                              const vs_screening_result_programme *q, const char *src)
{
    const char *n = pr->name;
    vsi_metric(x, vsi_fmt(x, "screening_%s_eligible", n), q->eligible, "persons", src);
    vsi_metric(x, vsi_fmt(x, "screening_%s_invitations_per_year", n), q->invitations_per_year,
               vsi_fmt(x, "%ss per year", pr->unit), src);
    if (!isnan(pr->coverage)) {
        vsi_metric(x, vsi_fmt(x, "screening_%s_coverage", n), pr->coverage, "share",
                   vsi_fmt(x, "%s (%d)", pr->coverage_source, pr->coverage_year));
        vsi_metric(x, vsi_fmt(x, "screening_%s_participants_per_year", n),
                   q->participants_per_year, "persons per year", src);
    }
    if (!isnan(q->cost_sek))
        vsi_metric(x, vsi_fmt(x, "screening_%s_cost_sek", n), q->cost_sek, "SEK per year",
                   src);
}

/* Per area: eligible and coverage (relative level when the county figure is
 * NOT FOUND); by decile: one series per programme in two charts. */
static void programme_units(vsi_step *x, const vs_screening_programme *pr,
                            const vs_screening_result_programme *q)
{
    int known = !isnan(pr->coverage);
    const char *cov = vsi_fmt(x, "screening_%s_%s", pr->name,
                              known ? "coverage" : "relative_coverage");
    const char *elig = vsi_fmt(x, "screening_%s_eligible", pr->name);
    for (int a = 0; a < x->rg->n_areas; a++) {
        const char *id = x->rg->areas[a].area_id;
        vsi_unit(x, VS_STORE_AREA, id, elig, q->area_eligible[a]);
        vsi_unit(x, VS_STORE_AREA, id, cov, known ? q->area_coverage[a] : q->area_ratio[a]);
    }
    for (int k = 0; k < 10; k++) {
        if (known)
            vsi_series(x, "screening_coverage_deciles", pr->name, k, vsi_decile_labels[k],
                       q->coverage_by_cni_decile[k]);
        vsi_series(x, "screening_gradient_deciles", pr->name, k, vsi_decile_labels[k],
                   q->gradient_by_cni_decile[k]);
    }
}

/* The lowest coverage over the CNI deciles (NaN when none). */
static double lowest_decile(const vs_screening_result_programme *q)
{
    double v = NAN;
    for (int k = 0; k < 10; k++)
        if (!isnan(q->coverage_by_cni_decile[k]) && !(v <= q->coverage_by_cni_decile[k]))
            v = q->coverage_by_cni_decile[k];
    return v;
}

/* Scorecard rows and a map for a programme with a target row coverage_P. */
static void programme_score(vsi_step *x, int p, const vs_screening_programme *pr,
                            const vs_screening_result_programme *q, const char *src)
{
    const vsi_target_def *t = vsi_targets_find(x->m->targets, vsi_fmt(x, "coverage_%s", pr->name));
    if (!t || isnan(pr->coverage))
        return;
    vsi_score(x, 90 + 2 * p, t->id,
              vsi_fmt(x, "%s coverage, Region Stockholm (published, %d)", pr->name,
                      pr->coverage_year),
              t, pr->coverage, vsi_fmt(x, "%s", pr->coverage_source));
    vsi_score(x, 91 + 2 * p, vsi_fmt(x, "%s_lowest_cni_decile", t->id),
              vsi_fmt(x, "%s coverage in the CNI decile with the lowest coverage (PROXY "
                         "gradient)", pr->name),
              t, lowest_decile(q), src);
    vs_chart_def map = {vsi_fmt(x, "screening_%s_map", pr->name), 310 + p, "map",
                        vsi_fmt(x, "%s: estimated coverage by area (PROXY gradient)", pr->name),
                        "", "share", vsi_fmt(x, "screening_%s_coverage", pr->name), src};
    vsi_charts(x, &map, 1);
}

/* A note listing the first low-coverage areas, and one for what is NOT FOUND. */
static void programme_notes(vsi_step *x, const vs_screening_programme *pr,
                            const vs_screening_result_programme *q)
{
    const char *list = "";
    for (int k = 0; k < q->n_low && k < 10; k++) {
        int a = q->low[k];
        list = vsi_fmt(x, "%s%s%s", list, k ? ", " : "", x->rg->areas[a].area_id);
    }
    vsi_note(x, "screening",
             "%s: %d low-coverage areas hold the lowest-coverage %.0f %% of the %.0f eligible "
             "(to prioritise, seed 004:1339-1351); the first ten: %s (full list: vardsim "
             "screening --json).",
             pr->name, q->n_low, 100 * VS_SCREENING_LOW_SHARE, q->eligible, list);
    if (isnan(pr->coverage) || isnan(pr->unit_cost_sek))
        vsi_note(x, "screening", "%s: NOT FOUND in %s: %s%s%s; the user must supply them.",
                 pr->name, x->m->param_dir, isnan(pr->coverage) ? "coverage" : "",
                 isnan(pr->coverage) && isnan(pr->unit_cost_sek) ? " and " : "",
                 isnan(pr->unit_cost_sek) ? "unit cost" : "");
}

static void write_all(vsi_step *x, const vs_screening_params *pp, const vs_screening_data *d,
                      const vs_screening_result *r)
{
    const char *src = vsi_fmt(
        x, "vs_screening_compute: rules %s, coverage %s, ages %s, gradient PROXY: measured "
           "COVID-19 vaccination coverage by area %s (docs/screening.md)",
        pp->rules_path, pp->params_path, d->age_sex_path,
        d->has_proxy ? d->proxy_path : "(none: flat)");
    for (int p = 0; p < r->n_programmes; p++) {
        programme_metrics(x, &pp->programmes[p], &r->programmes[p], src);
        programme_units(x, &pp->programmes[p], &r->programmes[p]);
        programme_score(x, p, &pp->programmes[p], &r->programmes[p], src);
        programme_notes(x, &pp->programmes[p], &r->programmes[p]);
    }
    vs_chart_def charts[] = {
        {"screening_coverage_deciles", 300, "bar",
         "Vaccination and screening coverage by CNI decile (published county figure, PROXY "
         "gradient)", "CNI decile (1 = lowest need)", "share", NULL, src},
        {"screening_gradient_deciles", 305, "bar",
         "Coverage relative to the region's level by CNI decile (measured COVID-19 "
         "vaccination coverage, the PROXY)", "CNI decile (1 = lowest need)",
         "relative level (region = 1)", NULL, src},
    };
    vsi_charts(x, charts, sizeof charts / sizeof charts[0]);
}

vs_status vsi_stage_screening(vsi_step *x)
{
    /* a region without the single-year age table: the stage says so and skips */
    const char *ages = vsi_fmt(x, "%s/age_sex.csv", x->rg->dir);
    struct stat sb;
    if (!x->status && stat(ages, &sb) != 0 && errno == ENOENT) {
        vsi_note(x, "screening",
                 "vaccination and screening programmes not computed: the region has no %s "
                 "(persons by municipality, single year of age and sex; data/README.md)", ages);
        return x->status;
    }
    vs_screening_data *d = NULL;
    vs_screening_result *r = NULL;
    vs_status s = vs_screening_data_load(x->ctx, x->rg, &d);
    if (!s)
        s = vs_screening_compute(x->ctx, x->rg, x->m->need, x->m->screening, d, &r);
    if (!s)
        write_all(x, x->m->screening, d, r);
    vs_screening_result_destroy(r);
    vs_screening_data_destroy(d);
    return s ? s : x->status;
}
