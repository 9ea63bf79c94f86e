/*
 * cmd_listing.c: "vardsim listing", every resident listed with a care centre
 * at most `cap` per GP FTE, unlisted residents, least extra GP FTE, area
 * responsibility.  The report functions at the end are shared with
 * cmd_site.c (declared there).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "listing_common.h"
#include "vardsim/listing.h"

static const char usage[] =
    "usage: vardsim listing [--areas FILE | --region DIR] [--centres FILE] [--cap N]\n"
    "                       [--max-km D] [--circuity F] [--k-nearest K] [--weights FILE]\n"
    "                       [--responsibility mip|heuristic|none] [--time-limit S]\n"
    "                       [--mip-gap G] [--lp-solver auto|glpk|clp] [--baseline N]\n"
    "                       [--params FILE] [--all-areas] [--json]\n"
    "\n"
    "List every resident with a care centre (vårdcentral) so that no centre lists more\n"
    "than cap x gp_fte (listing LP, CLP or GLPK): as many residents as the capacity allows, and\n"
    "among those assignments the least resident-km.  Reports unlisted residents per\n"
    "area, the least extra GP FTE (and where) that lists everyone, and one responsible\n"
    "centre per area (områdesansvar, MIP with time limit and gap).\n"
    "\n"
    "  --areas FILE        CSV area_id,population,lat,lon[,weight] (default: the areas\n"
    "                      of the region)\n"
    "  --region DIR        region directory (default: Stockholm County, shipped)\n"
    "  --centres FILE      CSV centre_id,lat,lon,gp_fte[,name,operator,max_listed,listed]\n"
    "                      (default: the region's centres.csv; the default region ships\n"
    "                      none: no public list with locations was found); see 'vardsim\n"
    "                      site' for a greenfield design\n"
    "  --cap N             listed residents per GP full-time equivalent (default 1100,\n"
    "                      Socialstyrelsen's riktvärde per full-time specialist)\n"
    "  --max-km D          largest distance area centroid - centre in km (default none)\n"
    "  --circuity F        factor on great-circle km (default 1)\n"
    "  --k-nearest K       consider only the K nearest centres of each area (default 0:\n"
    "                      all; exact)\n"
    "  --weights FILE      CSV area_id,weight: need-weighted listing units per resident\n"
    "  --responsibility M  mip (default), heuristic or none\n"
    "  --time-limit S      seconds per MIP phase, LP relaxation included (default 30;\n"
    "                      0: the heuristic start, status time_limit)\n"
    "  --mip-gap G         relative gap at which the MIP stops (default 1e-4)\n"
    "  --lp-solver S       solver of the listing and extra-FTE LPs: auto (default: the\n"
    "                      faster per problem class, docs/listing.md), glpk or clp; the\n"
    "                      MIPs always use GLPK\n"
    "  --baseline N        residents per GP today (default: the parameter file, 2000)\n"
    "  --params FILE       cost parameters (default data/parameters/gp_workforce.csv)\n"
    "  --all-areas         print every area (default: the 15 with most unlisted)\n"
    "  --json              print JSON: total_person_km, unlisted, centres[] (centre_id,\n"
    "                      listed, gp_fte, ...), areas[] (area_id, responsible_centre, ...)\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input (also when no\n"
    "centre lies within --max-km of any area, or every centre has zero capacity).\n";

const char *listing_method_name(int m)
{
    switch (m) {
    case VS_RESP_OPTIMAL:
        return "optimal";
    case VS_RESP_TIME_LIMIT:
        return "time_limit";
    case VS_RESP_HEURISTIC:
        return "heuristic";
    default:
        return "none";
    }
}

static const char *owner_name(int o)
{
    return o == VS_OWNER_REGION ? "region" : o == VS_OWNER_PRIVATE ? "private" : "";
}

json_t *listing_report_json(const vs_listing_areas *A, const vs_listing_centres *C,
                            const vs_listing_result *r, const vs_listing_policy *pol,
                            const vs_listing_costs *costs)
{
    json_t *o = json_object();
    double fte = 0;
    for (int c = 0; c < C->n; c++)
        fte += C->v[c].gp_fte;
    double needed = r->units / pol->cap_per_gp_fte, base = r->population / costs->baseline_per_gp;
    json_object_set_new(o, "cap_per_gp_fte", json_real(pol->cap_per_gp_fte));
    json_object_set_new(o, "max_km", cli_json_num(pol->max_km));
    json_object_set_new(o, "circuity", json_real(pol->circuity));
    json_object_set_new(o, "k_nearest", json_integer(pol->k_nearest));
    json_object_set_new(o, "lp_solver", json_string(listing_lp_name(pol->lp_solver)));
    json_object_set_new(o, "population", json_real(r->population));
    json_object_set_new(o, "listing_units", json_real(r->units));
    json_object_set_new(o, "listed", json_real(r->listed));
    json_object_set_new(o, "unlisted", json_real(r->unlisted));
    json_object_set_new(o, "unreachable", json_real(r->unreachable));
    json_object_set_new(o, "coverage", json_real(r->population > 0 ? r->listed / r->population : 0));
    json_object_set_new(o, "coverage_today", json_real(costs->coverage_today));
    json_object_set_new(o, "total_person_km", json_real(r->total_person_km));
    json_object_set_new(o, "mean_km_per_listed",
                        json_real(r->listed > 0 ? r->total_person_km / r->listed : 0));
    json_object_set_new(o, "gp_fte", json_real(fte));
    json_object_set_new(o, "capacity", json_real(r->capacity_units));
    json_object_set_new(o, "gp_fte_needed_at_cap", json_real(needed));
    json_object_set_new(o, "baseline_residents_per_gp", json_real(costs->baseline_per_gp));
    json_object_set_new(o, "gp_fte_at_baseline", json_real(base));
    json_object_set_new(o, "gp_fte_needed_over_baseline", json_real(needed - base));
    json_object_set_new(o, "annual_cost_per_gp_fte_sek", json_real(costs->annual_cost_per_fte));
    json_object_set_new(o, "cost_needed_over_baseline_sek_per_year",
                        json_real((needed - base) * costs->annual_cost_per_fte));
    json_object_set_new(o, "cost_gp_fte_sek_per_year", json_real(fte * costs->annual_cost_per_fte));
    json_t *ex = json_object();
    json_object_set_new(ex, "solved", json_boolean(r->extra_solved));
    json_object_set_new(ex, "gp_fte", json_real(r->extra_gp_fte));
    json_object_set_new(ex, "cost_sek_per_year", json_real(r->extra_gp_fte * costs->annual_cost_per_fte));
    json_object_set_new(o, "extra_gp_fte_to_list_everyone", ex);
    json_t *rs = json_object();
    json_object_set_new(rs, "method", json_string(listing_method_name(r->resp_method)));
    json_object_set_new(rs, "person_km", cli_json_num(r->resp_method ? r->resp_person_km : NAN));
    json_object_set_new(rs, "bound", cli_json_num(r->resp_method ? r->resp_bound : NAN));
    json_object_set_new(rs, "gap", cli_json_num(r->resp_method ? r->resp_gap : NAN));
    json_object_set_new(rs, "heuristic_person_km", cli_json_num(r->resp_method ? r->resp_heuristic_km : NAN));
    json_object_set_new(rs, "heuristic_gap", cli_json_num(r->resp_method ? r->resp_heuristic_gap : NAN));
    json_object_set_new(rs, "heuristic_overload", json_real(r->resp_heuristic_overload));
    json_object_set_new(rs, "overload", json_real(r->resp_overload));
    json_object_set_new(rs, "load_factor", json_real(r->resp_load_factor));
    json_object_set_new(o, "responsibility", rs);
    json_t *cs = json_array();
    int *resp_n = calloc((size_t)C->n + 1, sizeof *resp_n);
    for (int a = 0; a < A->n && resp_n; a++)
        if (r->area_centre[a] >= 0)
            resp_n[r->area_centre[a]]++;
    for (int c = 0; c < C->n; c++) {
        const vs_listing_centre *v = &C->v[c];
        json_t *e = json_object();
        json_object_set_new(e, "centre_id", json_string(v->centre_id));
        json_object_set_new(e, "name", json_string(v->name));
        json_object_set_new(e, "owner", json_string(owner_name(v->owner)));
        json_object_set_new(e, "new", json_boolean(v->is_new));
        json_object_set_new(e, "lat", json_real(v->lat));
        json_object_set_new(e, "lon", json_real(v->lon));
        json_object_set_new(e, "gp_fte", json_real(v->gp_fte));
        json_object_set_new(e, "capacity", json_real(r->centre_capacity[c]));
        json_object_set_new(e, "listed", json_real(r->centre_listed[c]));
        json_object_set_new(e, "listing_units", json_real(r->centre_units[c]));
        json_object_set_new(e, "listed_per_gp_fte",
                            cli_json_num(v->gp_fte > 0 ? r->centre_listed[c] / v->gp_fte : NAN));
        json_object_set_new(e, "areas_served", json_integer(r->centre_areas[c]));
        json_object_set_new(e, "extra_gp_fte", json_real(r->centre_extra_gp_fte[c]));
        json_object_set_new(e, "responsible_areas", json_integer(resp_n ? resp_n[c] : 0));
        json_object_set_new(e, "responsible_units", json_real(r->centre_resp_units[c]));
        json_array_append_new(cs, e);
    }
    free(resp_n);
    json_object_set_new(o, "centres", cs);
    json_t *as = json_array();
    int f = 0;
    for (int a = 0; a < A->n; a++) {
        const vs_listing_area *v = &A->v[a];
        json_t *e = json_object();
        json_object_set_new(e, "area_id", json_string(v->area_id));
        json_object_set_new(e, "population", json_integer(v->population));
        json_object_set_new(e, "listed", json_real(r->area_listed[a]));
        json_object_set_new(e, "unlisted", json_real(r->area_unlisted[a]));
        json_object_set_new(e, "share_listed",
                            cli_json_num(v->population > 0 ? r->area_listed[a] / (double)v->population : NAN));
        int rc = r->area_centre[a];
        json_object_set_new(e, "responsible_centre",
                            rc >= 0 ? json_string(C->v[rc].centre_id) : json_null());
        json_object_set_new(e, "distance_km", cli_json_num(r->area_km[a]));
        json_t *fl = json_array();
        for (; f < r->n_flows && r->flows[f].area == a; f++) {
            json_t *x = json_object();
            json_object_set_new(x, "centre_id", json_string(C->v[r->flows[f].centre].centre_id));
            json_object_set_new(x, "residents", json_real(r->flows[f].residents));
            json_object_set_new(x, "km", json_real(r->flows[f].km));
            json_array_append_new(fl, x);
        }
        json_object_set_new(e, "listed_at", fl);
        json_array_append_new(as, e);
    }
    json_object_set_new(o, "areas", as);
    return o;
}

static const char *th(double v, char *buf, size_t cap)
{
    return cli_thousands((long long)llround(v), buf, cap);
}

typedef struct unl_key {
    double u;
    int a;
} unl_key;

static int cmp_unl(const void *x, const void *y)
{
    const unl_key *p = x, *q = y;
    if (p->u != q->u)
        return p->u > q->u ? -1 : 1;
    return p->a - q->a;
}

void listing_report_print(const vs_listing_areas *A, const vs_listing_centres *C,
                          const vs_listing_result *r, const vs_listing_policy *pol,
                          const vs_listing_costs *costs, int all_areas)
{
    char b1[32], b2[32], b3[32];
    double fte = 0;
    for (int c = 0; c < C->n; c++)
        fte += C->v[c].gp_fte;
    double needed = r->units / pol->cap_per_gp_fte, base = r->population / costs->baseline_per_gp;
    printf("listing: %d areas, %s residents; %d care centres, %.1f GP FTE; cap %s per GP FTE",
           A->n, th(r->population, b1, sizeof b1), C->n, fte, th(pol->cap_per_gp_fte, b2, sizeof b2));
    if (isfinite(pol->max_km))
        printf("; max %g km", pol->max_km);
    if (pol->k_nearest)
        printf("; %d nearest centres", pol->k_nearest);
    printf("\n\n");
    printf("listed            %12s (%.1f %% coverage; today about %.0f %% have a fixed GP)\n",
           th(r->listed, b1, sizeof b1), r->population > 0 ? 100 * r->listed / r->population : 0,
           100 * costs->coverage_today);
    printf("unlisted          %12s (of whom %s have no centre within reach)\n",
           th(r->unlisted, b1, sizeof b1), th(r->unreachable, b2, sizeof b2));
    printf("resident-km       %12s (%.2f km per listed resident)\n",
           th(r->total_person_km, b1, sizeof b1),
           r->listed > 0 ? r->total_person_km / r->listed : 0);
    printf("GP FTE at the cap %12.1f (listing units / %g) against %.1f at the baseline of %s "
           "per GP:\n                  %12.1f more, %.1f MSEK a year at %.2f MSEK per FTE\n",
           needed, pol->cap_per_gp_fte, base, th(costs->baseline_per_gp, b1, sizeof b1),
           needed - base, (needed - base) * costs->annual_cost_per_fte / 1e6,
           costs->annual_cost_per_fte / 1e6);
    if (r->extra_solved)
        printf("extra GP FTE      %12.2f at these centres lists everyone within reach (%.1f "
               "MSEK a year)\n",
               r->extra_gp_fte, r->extra_gp_fte * costs->annual_cost_per_fte / 1e6);
    if (r->resp_method) {
        /* no bound when the LP relaxation did not end within the time limit */
        char gap[32];
        snprintf(gap, sizeof gap, "%.3f %%", 100 * r->resp_gap);
        int has_bound = isfinite(r->resp_bound);
        printf("responsibility    %s: resident-km %s, bound %s, gap %s; overload %s units "
               "(load factor %.3f)\n",
               listing_method_name(r->resp_method), th(r->resp_person_km, b1, sizeof b1),
               has_bound ? th(r->resp_bound, b2, sizeof b2) : "none", has_bound ? gap : "unknown",
               th(r->resp_overload, b3, sizeof b3), r->resp_load_factor);
        printf("                  greedy heuristic: resident-km %s, overload %s units%s\n",
               th(r->resp_heuristic_km, b1, sizeof b1),
               th(r->resp_heuristic_overload, b2, sizeof b2),
               r->resp_heuristic_overload > r->resp_overload + 1e-6 ? " (more overload)" : "");
    }
    printf("\n%-12s %-7s %7s %9s %9s %8s %5s %8s %5s\n", "centre", "owner", "gp_fte",
           "capacity", "listed", "per_fte", "areas", "extra", "resp");
    int *resp_n = calloc((size_t)C->n + 1, sizeof *resp_n);
    for (int a = 0; a < A->n && resp_n; a++)
        if (r->area_centre[a] >= 0)
            resp_n[r->area_centre[a]]++;
    for (int c = 0; c < C->n; c++) {
        const vs_listing_centre *v = &C->v[c];
        printf("%-12s %-7s %7.2f %9s %9s %8.0f %5d %8.2f %5d\n", v->centre_id,
               v->is_new ? "new" : owner_name(v->owner), v->gp_fte,
               th(r->centre_capacity[c], b1, sizeof b1), th(r->centre_listed[c], b2, sizeof b2),
               v->gp_fte > 0 ? r->centre_listed[c] / v->gp_fte : 0.0, r->centre_areas[c],
               r->centre_extra_gp_fte[c], resp_n ? resp_n[c] : 0);
    }
    free(resp_n);
    int shown = A->n;
    unl_key *ord = calloc((size_t)A->n, sizeof *ord);
    if (!ord)
        return;
    for (int a = 0; a < A->n; a++)
        ord[a] = (unl_key){r->area_unlisted[a], a};
    if (!all_areas && A->n > 15) {
        qsort(ord, (size_t)A->n, sizeof *ord, cmp_unl);
        shown = 15;
        printf("\nthe %d areas with most unlisted residents (--all-areas for every area):\n",
               shown);
    } else
        printf("\n");
    printf("%-12s %10s %10s %7s %-12s %8s\n", "area", "residents", "listed", "share",
           "responsible", "km");
    for (int i = 0; i < shown; i++) {
        int a = ord[i].a;
        const vs_listing_area *v = &A->v[a];
        int rc = r->area_centre[a];
        printf("%-12s %10s %10s %6.1f%% %-12s %8.2f\n", v->area_id,
               th((double)v->population, b1, sizeof b1), th(r->area_listed[a], b2, sizeof b2),
               v->population > 0 ? 100 * r->area_listed[a] / (double)v->population : 100.0,
               rc >= 0 ? C->v[rc].centre_id : "-", rc >= 0 ? r->area_km[a] : NAN);
    }
    free(ord);
}

int listing_common_options(const char *cmd, const char *cap, const char *max_km,
                           const char *circuity, const char *k, const char *tl, const char *gap,
                           const char *resp, const char *baseline, vs_listing_policy *pol,
                           vs_listing_costs *costs)
{
    long kv;
    if (cap && cli_double(cmd, "--cap", cap, 1, 1e6, &pol->cap_per_gp_fte))
        return 2;
    if (max_km && cli_double(cmd, "--max-km", max_km, 1e-6, 1e5, &pol->max_km))
        return 2;
    if (circuity && cli_double(cmd, "--circuity", circuity, 1, 10, &pol->circuity))
        return 2;
    if (k) {
        if (cli_long(cmd, "--k-nearest", k, 0, 1000000, &kv))
            return 2;
        pol->k_nearest = (int)kv;
    }
    if (tl && cli_double(cmd, "--time-limit", tl, 0, 1e6, &pol->time_limit_s))
        return 2;
    if (gap && cli_double(cmd, "--mip-gap", gap, 0, 0.99, &pol->mip_gap))
        return 2;
    if (resp) {
        if (strcmp(resp, "mip") == 0)
            pol->responsibility = 1;
        else if (strcmp(resp, "heuristic") == 0)
            pol->responsibility = 2;
        else if (strcmp(resp, "none") == 0)
            pol->responsibility = 0;
        else {
            fprintf(stderr, "vardsim %s: option --responsibility: '%s' is not mip, heuristic or "
                            "none\n",
                    cmd, resp);
            return 2;
        }
    }
    if (baseline && cli_double(cmd, "--baseline", baseline, 1, 1e6, &costs->baseline_per_gp))
        return 2;
    return 0;
}

const char *listing_lp_name(int solver)
{
    return solver == VS_LP_GLPK ? "glpk" : solver == VS_LP_CLP ? "clp" : "auto";
}

int listing_lp_option(const char *cmd, const char *value, vs_listing_policy *pol)
{
    if (!value)
        return 0;
    if (strcmp(value, "auto") == 0)
        pol->lp_solver = VS_LP_AUTO;
    else if (strcmp(value, "glpk") == 0)
        pol->lp_solver = VS_LP_GLPK;
    else if (strcmp(value, "clp") == 0)
        pol->lp_solver = VS_LP_CLP;
    else {
        fprintf(stderr, "vardsim %s: option --lp-solver: '%s' is not auto, glpk or clp\n", cmd,
                value);
        return 2;
    }
    return 0;
}

int listing_load_inputs(vs_ctx *ctx, const char *areas_file, const char *region_dir,
                        const char *weights, const char *params, vs_listing_areas **A,
                        vs_listing_costs *costs)
{
    vs_status st;
    char path[2048];
    if (!params) {
        snprintf(path, sizeof path, "%s/parameters/gp_workforce.csv", cli_data_dir());
        params = path;
    }
    if ((st = vs_listing_costs_load(ctx, params, costs)))
        return cli_fail(ctx, st);
    if (areas_file) {
        st = vs_listing_areas_load(ctx, areas_file, A);
    } else {
        vs_region *reg;
        st = vs_region_load(ctx, region_dir ? region_dir : cli_default_region(), &reg);
        if (!st) {
            st = vs_listing_areas_from_region(ctx, reg, A);
            vs_region_destroy(reg);
        }
    }
    if (st)
        return cli_fail(ctx, st);
    if (weights && (st = vs_listing_areas_weights_load(ctx, *A, weights))) {
        vs_listing_areas_destroy(*A);
        *A = NULL;
        return cli_fail(ctx, st);
    }
    return 0;
}

static int run(int argc, char **argv)
{
    const char *areas = NULL, *region = NULL, *centres = NULL, *cap = NULL, *max_km = NULL,
               *circ = NULL, *k = NULL, *weights = NULL, *resp = NULL, *tl = NULL, *gap = NULL,
               *baseline = NULL, *params = NULL, *lps = NULL;
    int json = 0, all = 0, npos;
    const cli_opt opts[] = {{"--areas", 1, &areas, NULL},       {"--region", 1, &region, NULL},
                            {"--centres", 1, &centres, NULL},   {"--cap", 1, &cap, NULL},
                            {"--max-km", 1, &max_km, NULL},     {"--circuity", 1, &circ, NULL},
                            {"--k-nearest", 1, &k, NULL},       {"--weights", 1, &weights, NULL},
                            {"--responsibility", 1, &resp, NULL}, {"--time-limit", 1, &tl, NULL},
                            {"--mip-gap", 1, &gap, NULL},       {"--baseline", 1, &baseline, NULL},
                            {"--params", 1, &params, NULL},     {"--all-areas", 0, NULL, &all},
                            {"--json", 0, NULL, &json},         {"--lp-solver", 1, &lps, NULL},
                            {0}};
    if (cli_parse("listing", argc, argv, opts, NULL, 0, &npos))
        return 2;
    if (areas && region) {
        fprintf(stderr, "vardsim listing: give --areas or --region, not both\n");
        return 2;
    }
    char own[4400];
    snprintf(own, sizeof own, "%s/centres.csv", region ? region : cli_default_region());
    if (!centres && !areas && access(own, F_OK) == 0)
        centres = own; /* the region's own care centres */
    if (!centres) {
        fprintf(stderr,
                "vardsim listing: no care centres given (--centres FILE with columns "
                "centre_id,lat,lon,gp_fte), and the region has no centres.csv.\n"
                "The default region ships no list of care centres: no public list of Stockholm's "
                "care centres with locations was found.\n"
                "To design a network of region-run centres instead, run 'vardsim site "
                "--centre-gp-fte F' (greenfield).\n");
        return 2;
    }
    vs_ctx *ctx;
    if (cli_ctx_create(&ctx))
        return 1;
    if (!areas)
        cli_region_params(ctx, region);
    vs_listing_policy pol;
    vs_listing_costs costs;
    vs_listing_policy_init(ctx, &pol);
    vs_listing_areas *A = NULL;
    vs_listing_centres *C = NULL;
    vs_listing_result *r = NULL;
    int rc = listing_load_inputs(ctx, areas, region, weights, params, &A, &costs);
    if (!rc)
        rc = listing_common_options("listing", cap, max_km, circ, k, tl, gap, resp, baseline,
                                    &pol, &costs);
    if (!rc)
        rc = listing_lp_option("listing", lps, &pol);
    vs_status st;
    if (!rc && (st = vs_listing_centres_load(ctx, centres, &C)))
        rc = cli_fail(ctx, st);
    if (!rc && (st = vs_listing_solve(ctx, A, C, &pol, &r))) {
        rc = cli_fail(ctx, st);
        if (st == VS_EINFEASIBLE)
            rc = 2; /* the inputs admit no listing: bad input for this command */
    }
    if (!rc) {
        if (json)
            rc = cli_print_json(listing_report_json(A, C, r, &pol, &costs));
        else
            listing_report_print(A, C, r, &pol, &costs, all);
    }
    vs_listing_result_destroy(r);
    vs_listing_centres_destroy(C);
    vs_listing_areas_destroy(A);
    vs_ctx_destroy(ctx);
    return rc;
}

const cli_command cli_cmd_listing = {
    "listing", "list every resident with a care centre at most N per GP FTE (LP/MIP)", usage,
    run};
