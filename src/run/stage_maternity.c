/*
 * stage_maternity.c: the "maternity" stage: one midwife at every birth for
 * the whole birth (vardsim/maternity.h): births, births in progress by hour,
 * midwives on duty and FTE needed, births per area, and the scorecard row
 * midwife_per_birth (the region's midwife FTE against the FTE needed; NOT
 * FOUND until maternity.csv gives midwives_region_fte).
 */
#include "run/stage.h"

#include <math.h>

#include "vardsim/maternity.h"

static void metrics(vsi_step *x, const vs_maternity_result *r, const char *src)
{
    struct {
        const char *name;
        double v;
        const char *unit;
    } ms[] = {
        {"births_per_year", r->births_per_year, "births per year"},
        {"births_in_progress_mean", r->births_in_progress_mean, "births"},
        {"births_attend_mean_hours", r->attend_mean_hours, "hours"},
        {"midwives_on_duty_needed", (double)r->midwives_on_duty_needed, "midwives"},
        {"midwife_hours_week", r->midwife_hours_week, "hours per week"},
        {"midwife_fte_needed", r->midwife_fte_needed, "FTE"},
        {"midwives_region_fte", r->midwives_region_fte, "FTE"},
    };
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++)
        if (!isnan(ms[i].v)) /* a NOT FOUND value is a note, not a metric */
            vsi_metric(x, ms[i].name, ms[i].v, ms[i].unit, src);
}

static void series(vsi_step *x, const vs_maternity_result *r, const char *src)
{
    for (int h = 0; h < 24; h++) {
        const char *lab = vsi_fmt(x, "%02d", h);
        vsi_series(x, "midwives_by_hour", "midwives on duty needed", h, lab,
                   (double)r->midwives_hour[h]);
        vsi_series(x, "midwives_by_hour", "births in progress (mean)", h, lab,
                   r->in_progress_hour_mean[h]);
    }
    for (int a = 0; a < r->n_areas; a++)
        vsi_unit(x, VS_STORE_AREA, x->rg->areas[a].area_id, "births_per_year",
                 r->births_area[a]);
    vs_chart_def charts[] = {
        {"midwives_by_hour", 160, "bar",
         "Maternity: births in progress and midwives on duty needed by hour of day", "hour",
         "births / midwives", NULL, src},
        {"births_map", 161, "map", "Births per year by area", NULL, "births per year",
         "births_per_year", src},
    };
    vsi_charts(x, charts, sizeof charts / sizeof charts[0]);
}

static void notes(vsi_step *x, const vs_maternity_params *p, const vs_maternity_result *r)
{
    if (!p->has_fertility)
        vsi_note(x, "maternity", "Age-specific fertility is NOT FOUND (maternity.csv "
                                 "fertility_15_19..45_49): births are spread over women aged "
                                 "15-49 with equal weight per woman.");
    if (isnan(p->attend_extra_hours))
        vsi_note(x, "maternity", "The midwife's time after full dilation and after the birth is "
                                 "NOT FOUND (attend_extra_hours): the %d midwives on duty and "
                                 "%.0f FTE are lower bounds.",
                 r->midwives_on_duty_needed, r->midwife_fte_needed);
    if (isnan(r->midwives_region_fte))
        vsi_note(x, "maternity", "The region's birth-unit midwives are NOT FOUND "
                                 "(midwives_region_fte): the scorecard row midwife_per_birth is left out until "
                                 "maternity.csv gives it.");
}

vs_status vsi_stage_maternity(vsi_step *x)
{
    const vs_maternity_params *p = x->m->maternity;
    vs_maternity_result *r = NULL;
    vs_status s = vs_maternity_compute(x->ctx, x->rg, p, &r);
    if (s)
        return s;
    const char *src = vsi_fmt(
        x,
        "vs_maternity_compute (docs/maternity.md): %.0f births a year, attendance lognormal "
        "(median %g h, 95th percentile %g h, mean %.3g h), births in progress M_t/G/inf, "
        "midwives so that P(births in progress > midwives) <= %g each minute (Poisson tail); "
        "FTE at %g h/week and %.3g absence (%s)",
        r->births_per_year, p->attend_a, p->attend_b, r->attend_mean_hours, p->p_exceed_target,
        p->fte_hours_per_week, p->absence_share, p->path);
    metrics(x, r, src);
    series(x, r, src);
    const vsi_target_def *t = vsi_target(x, "midwife_per_birth");
    if (!isnan(r->midwives_region_fte)) /* the store judges every row it keeps */
        vsi_score(x, 80, t->id,
                  "Region's birth-unit midwife FTE / FTE one midwife per birth needs", t,
                  r->midwives_region_fte / r->midwife_fte_needed,
                  vsi_fmt(x, "midwives_region_fte / %.1f FTE needed (%d on duty at the "
                             "busiest hour)",
                          r->midwife_fte_needed, r->midwives_on_duty_needed));
    notes(x, p, r);
    vs_maternity_result_destroy(r);
    return x->status;
}
