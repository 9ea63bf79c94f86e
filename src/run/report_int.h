/*
 * run/report_int.h: the sections of a run's report.html (report.c).
 *
 * The report leads with the answer: an overview (the scorecard, today ->
 * scenario when a baseline run is given, and the charts that answer the
 * documents' questions), then one section per question.  Every chart and
 * every metric goes to the section whose prefix matches its id longest
 * (vsi_report_sections in report.c); what no section claims is shown in the
 * generic "Other results" section, so a new stage's results always appear.
 *
 * To add a section: one row in the table in report.c, with the prefixes of
 * the charts and metrics it shows and, when it has content of its own (a
 * validation table, a "year reached" table), a function that writes it
 * through the accessors below and the vs_report_* calls of vardsim/report.h.
 */
#ifndef VARDSIM_RUN_REPORT_INT_H
#define VARDSIM_RUN_REPORT_INT_H

#include "vardsim/report.h"
#include "vardsim/run.h"
#include "vardsim/store.h"

typedef struct rep_state vsi_rep;

typedef struct vsi_rep_section {
    const char *id;       /* HTML id (the contents link to it) */
    const char *title;    /* English heading */
    const char *title_sv; /* Swedish heading */
    const char *prefixes; /* space-separated prefixes of chart ids and metric names */
    /* optional: whether the section has content of its own without any
     * chart or metric (NULL: only with them) */
    int (*present)(vsi_rep *r);
    /* optional: the section's own content, after its charts and before its
     * key figures */
    vs_status (*extra)(vsi_rep *r);
} vsi_rep_section;

vs_ctx *vsi_rep_ctx(vsi_rep *r);
vs_store *vsi_rep_store(vsi_rep *r);
int64_t vsi_rep_run_id(vsi_rep *r);
vs_report *vsi_rep_report(vsi_rep *r);
/* 1 for Swedish labels (vs_report_set_lang "sv"). */
int vsi_rep_swedish(vsi_rep *r);
/* The document's targets (targets.csv) the report judges by, or NULL. */
const vs_run_targets *vsi_rep_targets(vsi_rep *r);

#endif
