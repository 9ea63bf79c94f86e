/*
 * stage_targets.c: the "targets" stage: targets of the scenario itself that
 * need no model (the planned agency-staff path against the documents' cut of
 * agency staff by the end of 2027, targets.csv row agency_staff_2027).
 */
#include "run/stage.h"

vs_status vsi_stage_targets(vsi_step *x)
{
    const vs_scenario *sc = x->sc;
    double level = sc->workforce.agency_stop_year && sc->workforce.agency_stop_year <= 2027
                       ? 0.0
                       : 1.0 - sc->workforce.agency_reduction_2027;
    const vsi_target_def *t = vsi_target(x, "agency_staff_2027");
    vsi_score(x, 70, t->id,
              "Agency staff at the end of 2027 as a share of the 2023 level (the scenario's "
              "planned path)",
              t, level, "1 - policies.workforce.agency_reduction_by_2027 of the scenario file");
    return x->status;
}
