/*
 * listing_common.h: what "vardsim listing" and "vardsim site" share (defined
 * in cmd_listing.c): option handling, input loading, the report of a listing
 * and the name of a solution method.
 */
#ifndef VARDSIM_CLI_LISTING_COMMON_H
#define VARDSIM_CLI_LISTING_COMMON_H

#include "cli.h"

json_t *listing_report_json(const vs_listing_areas *A, const vs_listing_centres *C,
                            const vs_listing_result *r, const vs_listing_policy *pol,
                            const vs_listing_costs *costs);
void listing_report_print(const vs_listing_areas *A, const vs_listing_centres *C,
                          const vs_listing_result *r, const vs_listing_policy *pol,
                          const vs_listing_costs *costs, int all_areas);
int listing_common_options(const char *cmd, const char *cap, const char *max_km,
                           const char *circuity, const char *k, const char *tl, const char *gap,
                           const char *resp, const char *baseline, vs_listing_policy *pol,
                           vs_listing_costs *costs);
/* --lp-solver auto|glpk|clp into pol->lp_solver (value may be NULL: the
 * default); 2 with a message on stderr for another value, else 0. */
int listing_lp_option(const char *cmd, const char *value, vs_listing_policy *pol);
/* "glpk", "clp" for a VS_LP_* value; "auto" for VS_LP_AUTO. */
const char *listing_lp_name(int solver);
int listing_load_inputs(vs_ctx *ctx, const char *areas_file, const char *region_dir,
                        const char *weights, const char *params, vs_listing_areas **A,
                        vs_listing_costs *costs);

/* "optimal", "time_limit", "heuristic" or "none" for a VS_RESP_* value. */
const char *listing_method_name(int m);

#endif
