/*
 * report_forecast.h: the forecast section of report.html (report_forecast.c).
 * Internal to libvardsim.
 */
#ifndef VSI_RUN_REPORT_FORECAST_H
#define VSI_RUN_REPORT_FORECAST_H

#include "vardsim/report.h"
#include "vardsim/run.h"
#include "vardsim/store.h"

/* Add the forecast section's own content ("year reached" table,
 * trajectories) of run_id to rep, inside the section report.c opens; nothing when the run has no forecast rows.  targets may be
 * NULL (ids instead of labels, no target series). */
vs_status vsi_report_forecast(vs_ctx *ctx, vs_store *st, int64_t run_id,
                              const vs_run_targets *targets, vs_report *rep);

#endif
