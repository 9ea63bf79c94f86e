/*
 * cmd_site.c: "vardsim site", where to open region-run care centres
 * (capacitated facility location), or a greenfield design of the whole
 * primary-care network when no centres are given.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "listing_common.h"
#include "vardsim/listing.h"

static const char usage[] =
    "usage: vardsim site [--areas FILE | --region DIR] [--centres FILE] [--candidates FILE]\n"
    "                    --centre-gp-fte F [--max-new K] [--opening-cost KM] [--cap N]\n"
    "                    [--max-km D] [--circuity F] [--k-nearest K] [--whole-fte]\n"
    "                    [--heuristic] [--responsibility mip|heuristic|none]\n"
    "                    [--time-limit S] [--mip-gap G] [--lp-solver auto|glpk|clp]\n"
    "                    [--baseline N] [--params FILE]\n"
    "                    [--all-areas] [--json]\n"
    "\n"
    "Choose up to K new region-run care centres among candidate sites so that every\n"
    "resident is listed within --max-km at the least resident-km plus opening cost\n"
    "(capacitated facility location, GLPK MIP with time limit and reported gap, seeded\n"
    "with a greedy start).  Without --centres this is a greenfield design of the whole\n"
    "network: the number of centres, the GP FTE of each (units listed / cap) and the\n"
    "yearly salary cost.  The listing of 'vardsim listing' is then reported on the\n"
    "resulting network.\n"
    "\n"
    "  --centres FILE       existing centres (as for 'vardsim listing'); default none\n"
    "                       (greenfield: the default region ships no list of centres)\n"
    "  --candidates FILE    CSV site_id,lat,lon (default: every area centroid)\n"
    "  --centre-gp-fte F    GP FTE of a new centre, its capacity is F x cap (required)\n"
    "  --max-new K          at most K new centres (default: as many as the greedy start\n"
    "                       needs to list everyone; with an opening cost, any number)\n"
    "  --opening-cost KM    cost of opening a centre in resident-km (default 0)\n"
    "  --cap N              listed residents per GP FTE (default 1100; 2000 designs for\n"
    "                       today's GP supply)\n"
    "  --k-nearest K        consider the K nearest sites of each area (default 20)\n"
    "  --whole-fte          staff new centres in whole FTE: ceil(listed / cap)\n"
    "  --heuristic          greedy only, no MIP (a few seconds on the default region);\n"
    "                       the bound is then the Lagrangian dual (<= LP relaxation)\n"
    "  --time-limit S       wall-clock limit of the siting, LP relaxation included, and\n"
    "                       of each responsibility phase (default 30)\n"
    "  other options        as for 'vardsim listing'\n"
    "  --json               JSON as 'vardsim listing' plus a 'siting' object\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 bad usage, bad input, or no feasible\n"
    "siting (for example every resident cannot be reached within --max-km).\n";

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static int run(int argc, char **argv)
{
    const char *areas = NULL, *region = NULL, *centres = NULL, *cands = NULL, *fte = NULL,
               *maxnew = NULL, *cost = NULL, *cap = NULL, *max_km = NULL, *circ = NULL, *k = NULL,
               *resp = NULL, *tl = NULL, *gap = NULL, *baseline = NULL, *params = NULL,
               *weights = NULL, *lps = NULL;
    int json = 0, all = 0, whole = 0, heur = 0, npos;
    const cli_opt opts[] = {
        {"--areas", 1, &areas, NULL},         {"--region", 1, &region, NULL},
        {"--centres", 1, &centres, NULL},     {"--candidates", 1, &cands, NULL},
        {"--centre-gp-fte", 1, &fte, NULL},   {"--max-new", 1, &maxnew, NULL},
        {"--opening-cost", 1, &cost, NULL},   {"--cap", 1, &cap, NULL},
        {"--max-km", 1, &max_km, NULL},       {"--circuity", 1, &circ, NULL},
        {"--k-nearest", 1, &k, NULL},         {"--responsibility", 1, &resp, NULL},
        {"--time-limit", 1, &tl, NULL},       {"--mip-gap", 1, &gap, NULL},
        {"--baseline", 1, &baseline, NULL},   {"--params", 1, &params, NULL},
        {"--weights", 1, &weights, NULL},     {"--whole-fte", 0, NULL, &whole},
        {"--heuristic", 0, NULL, &heur},      {"--all-areas", 0, NULL, &all},
        {"--json", 0, NULL, &json},           {"--lp-solver", 1, &lps, NULL},
        {0}};
    if (cli_parse("site", argc, argv, opts, NULL, 0, &npos))
        return 2;
    if (areas && region) {
        fprintf(stderr, "vardsim site: give --areas or --region, not both\n");
        return 2;
    }
    if (!fte) {
        fprintf(stderr, "vardsim site: --centre-gp-fte F is required (GP FTE of a new care "
                        "centre; no cited default exists)\n");
        return 2;
    }
    vs_ctx *ctx;
    if (cli_ctx_create(&ctx))
        return 1;
    vs_listing_site_policy sp;
    vs_listing_costs costs;
    vs_listing_site_policy_init(ctx, &sp);
    sp.listing.k_nearest = 20;
    sp.whole_fte = whole;
    sp.heuristic_only = heur;
    vs_listing_areas *A = NULL;
    vs_listing_centres *C = NULL, *S = NULL;
    vs_listing_site_result *r = NULL;
    long kv;
    int rc = listing_load_inputs(ctx, areas, region, weights, params, &A, &costs);
    if (!rc)
        rc = listing_common_options("site", cap, max_km, circ, k, tl, gap, resp, baseline,
                                    &sp.listing, &costs);
    if (!rc)
        rc = listing_lp_option("site", lps, &sp.listing);
    if (!rc && cli_double("site", "--centre-gp-fte", fte, 1e-6, 1e5, &sp.new_centre_gp_fte))
        rc = 2;
    if (!rc && maxnew) {
        if (cli_long("site", "--max-new", maxnew, 1, 1000000, &kv))
            rc = 2;
        sp.max_new = (int)kv;
    }
    if (!rc && cost && cli_double("site", "--opening-cost", cost, 0, 1e15, &sp.opening_cost_km))
        rc = 2;
    vs_status st;
    if (!rc && centres && (st = vs_listing_centres_load(ctx, centres, &C)))
        rc = cli_fail(ctx, st);
    if (!rc && cands && (st = vs_listing_sites_load(ctx, cands, &S)))
        rc = cli_fail(ctx, st);
    if (!rc && (st = vs_listing_site(ctx, A, C, S, &sp, &r))) {
        rc = cli_fail(ctx, st);
        if (st == VS_EINFEASIBLE)
            rc = 2;
    }
    if (!rc) {
        double cost_new = r->new_gp_fte * costs.annual_cost_per_fte;
        if (json) {
            json_t *o = listing_report_json(A, r->network, r->listing, &sp.listing, &costs);
            json_t *s = json_object();
            json_object_set_new(s, "greenfield", json_boolean(r->n_existing == 0));
            json_object_set_new(s, "existing_centres", json_integer(r->n_existing));
            json_object_set_new(s, "candidates", json_integer(r->n_candidates));
            json_object_set_new(s, "new_centres", json_integer(r->n_new));
            json_object_set_new(s, "new_centre_max_gp_fte", json_real(sp.new_centre_gp_fte));
            json_object_set_new(s, "new_gp_fte", json_real(r->new_gp_fte));
            json_object_set_new(s, "new_gp_cost_sek_per_year", json_real(cost_new));
            json_object_set_new(s, "opening_cost_km", json_real(sp.opening_cost_km));
            json_object_set_new(s, "method", json_string(listing_method_name(r->method)));
            json_object_set_new(s, "objective", json_real(r->objective));
            json_object_set_new(s, "bound", num(r->bound));
            json_object_set_new(s, "gap", num(r->gap));
            json_object_set_new(s, "heuristic_objective", num(r->heuristic_objective));
            json_object_set_new(s, "heuristic_gap", num(r->heuristic_gap));
            json_object_set_new(o, "siting", s);
            rc = cli_print_json(o);
        } else {
            printf("siting: %s; %d existing centres, %d candidate sites, new centres of at most "
                   "%g GP FTE\n",
                   r->n_existing ? "new region-run centres next to the existing ones"
                                 : "greenfield design (no existing centres given)",
                   r->n_existing, r->n_candidates, sp.new_centre_gp_fte);
            printf("opened %d new centres, %.1f GP FTE (%s), %.1f MSEK a year at %.2f MSEK per "
                   "FTE\n",
                   r->n_new, r->new_gp_fte, sp.whole_fte ? "whole FTE" : "fractional FTE",
                   cost_new / 1e6, costs.annual_cost_per_fte / 1e6);
            printf("objective %.0f resident-km%s; %s", r->objective,
                   sp.opening_cost_km > 0 ? " + opening cost" : "", listing_method_name(r->method));
            if (isfinite(r->bound))
                printf(", bound %.0f, gap %.3f %%; greedy start %.0f (gap %.3f %%)\n\n",
                       r->bound, 100 * r->gap, r->heuristic_objective, 100 * r->heuristic_gap);
            else
                printf(" (no bound)\n\n");
            listing_report_print(A, r->network, r->listing, &sp.listing, &costs, all);
        }
    }
    vs_listing_site_result_destroy(r);
    vs_listing_centres_destroy(C);
    vs_listing_centres_destroy(S);
    vs_listing_areas_destroy(A);
    vs_ctx_destroy(ctx);
    return rc;
}

const cli_command cli_cmd_site = {
    "site", "where to open region-run care centres; greenfield network design (MIP)", usage,
    run};
