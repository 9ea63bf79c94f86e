/*
 * run/xlsx.h: results.xlsx of a run directory (xlsx.c).
 */
#ifndef VARDSIM_RUN_XLSX_H
#define VARDSIM_RUN_XLSX_H

#include "vardsim/core.h"

/* dir/results.xlsx from dir/results.sqlite: one sheet per table exported
 * as dir/TABLE.csv.  VS_EIO (nothing left behind), VS_ENOMEM. */
vs_status vsi_write_xlsx(vs_ctx *ctx, const char *dir);

#endif
