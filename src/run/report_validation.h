/*
 * report_validation.h: the validation stage's storage convention and the
 * report section drawn from it.  Internal to libvardsim.
 */
#ifndef VSI_RUN_REPORT_VALIDATION_H
#define VSI_RUN_REPORT_VALIDATION_H

#include "vardsim/report.h"
#include "vardsim/store.h"
#include "vardsim/validate.h"

/* The series chart id the validation stage writes (no chart definition). */
#define VSI_VALIDATION_CHART "validation"
/* Separator of the fields of a category label: quantity, role, comparison,
 * year, geography, source, model source. */
#define VSI_VALIDATION_SEP " || "
#define VSI_VALIDATION_FIELDS 7

/* Rows of t with role calibration. */
int vsi_validation_calibration_rows(const vs_validate_table *t);

/* The content of the section "How today's model compares with published
 * figures" (report.c opens it): the validation rows the run stored (nothing
 * when it stored none). */
vs_status vsi_report_validation(vs_ctx *ctx, vs_store *st, int64_t run_id, vs_report *rep);
/* 1 when the run stored validation rows. */
int vsi_report_validation_present(vs_ctx *ctx, vs_store *st, int64_t run_id);

#endif
