/*
 * stage_notes.c: the "notes" stage: what the scenario sets that no model of
 * this run uses.
 */
#include "run/stage.h"

vs_status vsi_stage_notes(vsi_step *x)
{
    if (!vsi_selected(x->m, "flow"))
        vsi_note(x, "simulation", "%s",
                 "policies.queues (discipline, insured_share), "
                 "policies.primary_care.admin_hours_per_day, further_training_share and "
                 "further_training_days_per_year, policies.care_guarantee and the simulation "
                 "settings go to the region patient-flow simulation, which this run does not "
                 "include: waits by urgency class and CNI decile, and whether insurance moves "
                 "anyone ahead, are not computed.");
    if (!vsi_selected(x->m, "forecast"))
        vsi_note(x, "workforce", "%s",
                 "policies.workforce (agency staff, the professions' supply) and "
                 "policies.budget go to the forecast (vardsim/workforce.h, docs/workforce.md), "
                 "which this run does not include: they are stored as parameters only (the "
                 "scorecard's agency row uses the planned reduction).");
    return x->status;
}
