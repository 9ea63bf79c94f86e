/*
 * stage_targets.c: the "targets" stage: targets of the scenario itself that
 * need no model (the planned agency-staff path against the documents' cut of
 * 75 % by the end of 2027).
 */
#include "run/stage.h"

vs_status vsi_stage_targets(vsi_step *x)
{
    const vs_scenario *sc = x->sc;
    double level = sc->workforce.agency_stop_year && sc->workforce.agency_stop_year <= 2027
                       ? 0.0
                       : 1.0 - sc->workforce.agency_reduction_2027;
    vs_score_row row = {
        70,
        "agency_staff_2027",
        "Agency staff at the end of 2027 as a share of the 2023 level (the scenario's planned "
        "path)",
        level,
        "share",
        "<=",
        0.25,
        0,
        "target: cut of 75 % by the end of 2027, stop from 2028 (seed document "
        "000_4e36e5cf7fdf7f50.txt:831-868, points 8 and 10); value: 1 - "
        "policies.workforce.agency_reduction_by_2027 of the scenario file", 0};
    vsi_score(x, &row);
    return x->status;
}
