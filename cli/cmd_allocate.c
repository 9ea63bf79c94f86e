/*
 * cmd_allocate.c: "vardsim allocate", needs-based split of a primary-care
 * budget over the areas of a region, compared with equal per-capita and
 * visit-based payment, and the primary-care share of the health budget.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "need_common.h"
#include "vardsim/need.h"

static const char usage[] =
    "usage: vardsim allocate --budget SEK [--region DIR] [--params DIR]\n"
    "                        [--reference FILE|none] [--cni FILE] [--elasticity E]\n"
    "                        [--cni-share S] [--supplement-share S] [--distance-share S]\n"
    "                        [--threshold T] [--share-year Y] [--total-growth G] [--json]\n"
    "\n"
    "Split a primary-care budget over the areas of a region:\n"
    "  capitation   (1 - cni - supplement - distance shares) by age-weighted population\n"
    "  CNI          --cni-share of the budget by population x CNI\n"
    "  supplement   --supplement-share by population x (CNI - threshold) above the\n"
    "               threshold (extra support above CNI 1.7)\n"
    "  distance     --distance-share by population x km from the area to its\n"
    "               municipal centre\n"
    "The areas' amounts are whole kronor (largest remainder) and add up to the budget\n"
    "exactly.  The same budget is also split equally per resident and by expected\n"
    "primary-care doctor visits, and SEK per resident and per expected visit are\n"
    "reported by CNI decile, with concentration indices against CNI.  Finally the\n"
    "primary-care share of the health budget (PVN / (HSN + PVN), budget.csv) and the\n"
    "growth needed to reach the 25 % target in 2030.\n"
    "\n"
    "  --budget SEK          budget to split, whole kronor (e.g. 6669000000, the\n"
    "                        husläkaruppdrag in HSN's 2022 budget)\n"
    "  --region, --params, --reference, --cni, --elasticity  as for 'vardsim need'\n"
    "  --cni-share S         share paid by CNI (default: allocation.csv, 0.10 as in\n"
    "                        Region Uppsala 2015)\n"
    "  --supplement-share S  share paid above the threshold (default: allocation.csv;\n"
    "                        empty there = 0, no published amount)\n"
    "  --distance-share S    share paid by distance (default: allocation.csv; empty = 0)\n"
    "  --threshold T         CNI threshold of the supplement (default 1.7,\n"
    "                        care_need_index.csv)\n"
    "  --share-year Y        base year of the share report (default: first budget year)\n"
    "  --total-growth G      yearly growth of HSN + PVN to 2030 (default: the budget's\n"
    "                        own plan-year growth)\n"
    "  --json                print JSON: total_sek, shares, parts, concentration_index,\n"
    "                        deciles, municipalities, areas (area_id, cni,\n"
    "                        allocation_sek, ...), primary_care_share\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input.\n";

typedef struct alloc_run {
    cli_need n; /* region, parameters and need model */
    vs_alloc_result *alloc;
    double *pop, *aw, *cniv, *dist, *visits;
    int has_distance;
    vs_alloc_params ap;
    vs_pc_share share;
    int has_share; /* 0: the region gives no appropriations (missing) */
} alloc_run;

static void release(alloc_run *w)
{
    free(w->pop);
    free(w->aw);
    free(w->cniv);
    free(w->dist);
    free(w->visits);
    vs_alloc_result_destroy(w->alloc);
    cli_need_release(&w->n);
}

/* Print-friendly: rounding noise around zero shows as 0, not -0.0000. */
static double z4(double v) { return fabs(v) < 5e-5 ? 0.0 : v; }

static const char *const part_names[VS_ALLOC_PARTS] = {"capitation", "cni", "supplement",
                                                        "distance"};

/* Sums per CNI decile: residents, expected visits, SEK for the three models. */
typedef struct dec_sum {
    double pop, visits, cni_pop;
    double sek[3];
} dec_sum;

static void decile_sums(const alloc_run *w, dec_sum *d, dec_sum *mun)
{
    const vs_alloc_result *al = w->alloc;
    for (int a = 0; a < w->n.region->n_areas; a++) {
        const vs_need_area *na = &w->n.res->areas[a];
        double sek[3] = {(double)al->allocation_sek[a], (double)al->equal_per_capita_sek[a],
                         al->visit_based_sek ? (double)al->visit_based_sek[a] : NAN};
        dec_sum *targets[2] = {na->decile > 0 ? &d[na->decile - 1] : NULL,
                               &mun[w->n.region->areas[a].municipality]};
        for (int t = 0; t < 2; t++) {
            if (!targets[t])
                continue;
            targets[t]->pop += w->pop[a];
            targets[t]->cni_pop += w->pop[a] * w->cniv[a];
            targets[t]->visits += w->visits ? w->visits[a] : NAN;
            for (int k = 0; k < 3; k++)
                targets[t]->sek[k] += sek[k];
        }
    }
}

static const char *const model_names[3] = {"needs_based", "equal_per_capita", "visit_based"};

static json_t *per_json(const dec_sum *s, int per_visit)
{
    json_t *o = json_object();
    for (int k = 0; k < 3; k++) {
        double den = per_visit ? s->visits : s->pop;
        json_object_set_new(o, model_names[k], cli_json_num(den > 0 ? s->sek[k] / den : NAN));
    }
    return o;
}

static json_t *share_json(const alloc_run *w)
{
    const vs_pc_share *s = &w->share;
    json_t *o = json_object();
    if (!w->has_share) {
        json_object_set_new(o, "missing", json_string(w->n.params->budget_path));
        return o;
    }
    json_object_set_new(o, "base_year", json_integer(s->base_year));
    json_object_set_new(o, "hsn_msek", json_real(s->hsn_msek));
    json_object_set_new(o, "pvn_msek", json_real(s->pvn_msek));
    json_object_set_new(o, "share", json_real(s->share));
    json_object_set_new(o, "target", json_real(s->target));
    json_object_set_new(o, "target_year", json_integer(s->target_year));
    json_object_set_new(o, "gap_percentage_points", json_real(s->gap_pp));
    json_object_set_new(o, "total_growth_per_year", json_real(s->total_growth));
    json_object_set_new(o, "total_growth_source",
                        json_string(s->total_growth_derived ? "derived from the budget plan years"
                                                            : "given"));
    json_object_set_new(o, "pvn_target_msek", json_real(s->pvn_target_msek));
    json_object_set_new(o, "pvn_growth_required_per_year", json_real(s->pvn_growth_required));
    json_object_set_new(o, "hsn_growth_implied_per_year", json_real(s->hsn_growth_implied));
    json_object_set_new(o, "share_increase_pp_per_year", json_real(s->share_pp_per_year));
    json_object_set_new(o, "definition",
                        json_string("PVN / (HSN + PVN) appropriations; the seeds do not define "
                                    "the denominator"));
    return o;
}

static json_t *to_json(const alloc_run *w)
{
    const vs_region *r = w->n.region;
    const vs_alloc_result *al = w->alloc;
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(r->name));
    json_object_set_new(o, "total_sek", json_integer(al->total_sek));
    json_object_set_new(o, "population", json_integer(r->population));
    json_t *sh = json_object();
    json_object_set_new(sh, "cni_share", json_real(w->ap.cni_share));
    json_object_set_new(sh, "supplement_share", json_real(w->ap.supplement_share));
    json_object_set_new(sh, "distance_share", json_real(w->ap.distance_share));
    json_object_set_new(sh, "threshold", json_real(w->ap.threshold));
    json_object_set_new(o, "shares", sh);
    json_t *parts = json_array();
    for (int c = 0; c < VS_ALLOC_PARTS; c++) {
        json_t *e = json_object();
        json_object_set_new(e, "part", json_string(part_names[c]));
        json_object_set_new(e, "total_sek", json_real(al->part_total_sek[c]));
        json_array_append_new(parts, e);
    }
    json_object_set_new(o, "parts", parts);
    json_t *ci = json_object();
    json_object_set_new(ci, "ranked_by", json_string("CNI"));
    json_object_set_new(ci, "needs_based", json_real(al->ci_allocation));
    json_object_set_new(ci, "equal_per_capita", json_real(al->ci_equal_per_capita));
    json_object_set_new(ci, "visit_based", cli_json_num(al->ci_visit_based));
    json_object_set_new(ci, "need_cni", json_real(al->ci_need));
    json_object_set_new(o, "concentration_index", ci);
    dec_sum d[10], *mun = calloc((size_t)r->n_municipalities, sizeof *mun);
    memset(d, 0, sizeof d);
    decile_sums(w, d, mun);
    json_t *dec = json_array();
    for (int k = 0; k < 10; k++) {
        json_t *e = json_object();
        json_object_set_new(e, "decile", json_integer(k + 1));
        json_object_set_new(e, "population", json_integer((json_int_t)d[k].pop));
        json_object_set_new(e, "cni_mean", cli_json_num(d[k].pop > 0 ? d[k].cni_pop / d[k].pop : NAN));
        json_object_set_new(e, "expected_doctor_visits", cli_json_num(d[k].visits));
        json_object_set_new(e, "sek_per_resident", per_json(&d[k], 0));
        json_object_set_new(e, "sek_per_expected_visit", per_json(&d[k], 1));
        json_array_append_new(dec, e);
    }
    json_object_set_new(o, "deciles", dec);
    json_t *muns = json_array();
    for (int i = 0; i < r->n_municipalities; i++) {
        json_t *e = json_object();
        json_object_set_new(e, "municipality_id",
                            json_string(r->municipalities[i].municipality_id));
        json_object_set_new(e, "name", json_string(r->municipalities[i].name));
        json_object_set_new(e, "population", json_integer(r->municipalities[i].population));
        json_object_set_new(e, "cni", cli_json_num(w->n.res->municipalities[i].cni));
        json_object_set_new(e, "allocation_sek", json_integer((json_int_t)mun[i].sek[0]));
        json_object_set_new(e, "equal_per_capita_sek", json_integer((json_int_t)mun[i].sek[1]));
        json_object_set_new(e, "visit_based_sek",
                            al->visit_based_sek ? json_integer((json_int_t)mun[i].sek[2])
                                                : json_null());
        json_object_set_new(e, "sek_per_resident", per_json(&mun[i], 0));
        json_array_append_new(muns, e);
    }
    free(mun);
    json_object_set_new(o, "municipalities", muns);
    json_t *areas = json_array();
    for (int a = 0; a < r->n_areas; a++) {
        const vs_area *ra = &r->areas[a];
        json_t *e = json_object();
        json_object_set_new(e, "area_id", json_string(ra->area_id));
        json_object_set_new(e, "municipality_id",
                            json_string(r->municipalities[ra->municipality].municipality_id));
        json_object_set_new(e, "population", json_integer(ra->population));
        json_object_set_new(e, "cni", cli_json_num(w->n.res->areas[a].cni));
        json_object_set_new(e, "allocation_sek", json_integer(al->allocation_sek[a]));
        for (int c = 0; c < VS_ALLOC_PARTS; c++) {
            char key[32];
            snprintf(key, sizeof key, "%s_sek", part_names[c]);
            json_object_set_new(e, key, json_real(al->part_sek[c][a]));
        }
        json_object_set_new(e, "equal_per_capita_sek", json_integer(al->equal_per_capita_sek[a]));
        json_object_set_new(e, "visit_based_sek", al->visit_based_sek
                                                      ? json_integer(al->visit_based_sek[a])
                                                      : json_null());
        json_object_set_new(e, "expected_doctor_visits", cli_json_num(w->visits ? w->visits[a] : NAN));
        json_object_set_new(e, "distance_km", cli_json_num(w->has_distance ? w->dist[a] : NAN));
        json_array_append_new(areas, e);
    }
    json_object_set_new(o, "areas", areas);
    json_object_set_new(o, "primary_care_share", share_json(w));
    return o;
}

static void print_table(const alloc_run *w)
{
    const vs_region *r = w->n.region;
    const vs_alloc_result *al = w->alloc;
    char b1[32], b2[32];
    printf("Needs-based allocation of a primary-care budget: %s\n", r->name);
    printf("budget %s SEK over %d areas, %s residents (%.0f SEK per resident)\n\n",
           cli_thousands(al->total_sek, b1, sizeof b1), r->n_areas,
           cli_thousands(r->population, b2, sizeof b2),
           (double)al->total_sek / (double)r->population);
    printf("%-12s %8s %18s\n", "part", "share", "SEK");
    for (int c = 0; c < VS_ALLOC_PARTS; c++)
        printf("%-12s %7.2f%% %18s\n", part_names[c],
               100.0 * al->part_total_sek[c] / (double)al->total_sek,
               cli_thousands((long long)llround(al->part_total_sek[c]), b1, sizeof b1));
    printf("(supplement: CNI above %.2f; a part with nothing to pay on goes to capitation)\n\n",
           w->ap.threshold);
    dec_sum d[10], *mun = calloc((size_t)r->n_municipalities, sizeof *mun);
    memset(d, 0, sizeof d);
    decile_sums(w, d, mun);
    printf("SEK per resident and per expected doctor visit, by CNI decile of population:\n");
    printf("%-7s %10s %6s %9s %9s %9s %10s %10s %10s\n", "decile", "residents", "CNI",
           "needs/res", "equal/res", "visit/res", "needs/vis", "equal/vis", "visit/vis");
    for (int k = 0; k < 10; k++) {
        double p = d[k].pop, v = d[k].visits;
        printf("%-7d %10s %6.3f %9.0f %9.0f %9.0f %10.0f %10.0f %10.0f\n", k + 1,
               cli_thousands((long long)p, b1, sizeof b1), d[k].cni_pop / p, d[k].sek[0] / p,
               d[k].sek[1] / p, d[k].sek[2] / p, d[k].sek[0] / v, d[k].sek[1] / v,
               d[k].sek[2] / v);
    }
    printf("\nconcentration index against CNI rank (0 = no relation, > 0 = towards high need):\n");
    printf("  needs-based %.4f   equal per capita %.4f   visit-based %.4f   need (CNI) %.4f\n\n",
           z4(al->ci_allocation), z4(al->ci_equal_per_capita), z4(al->ci_visit_based),
           z4(al->ci_need));
    printf("%-5s %-22s %10s %6s %16s %9s %9s\n", "code", "municipality", "residents", "CNI",
           "allocation SEK", "SEK/res", "equal/res");
    for (int i = 0; i < r->n_municipalities; i++) {
        const vs_municipality *m = &r->municipalities[i];
        int chars = 0;
        for (const unsigned char *q = (const unsigned char *)m->name; *q; q++)
            chars += (*q & 0xC0) != 0x80;
        printf("%-5s %s%*s %10s %6.3f %16s %9.0f %9.0f\n", m->municipality_id, m->name,
               22 - chars > 0 ? 22 - chars : 0, "", cli_thousands(m->population, b1, sizeof b1),
               w->n.res->municipalities[i].cni,
               cli_thousands((long long)mun[i].sek[0], b2, sizeof b2), mun[i].sek[0] / mun[i].pop,
               mun[i].sek[1] / mun[i].pop);
    }
    free(mun);
    const vs_pc_share *s = &w->share;
    printf("\nPrimary-care share of the health budget (PVN / (HSN + PVN), %s):\n",
           w->n.params->budget_path);
    if (!w->has_share) {
        printf("  missing: the region gives no hsn_appropriation and pvn_appropriation rows\n"
               "  (another region's figures are never used)\n");
        return;
    }
    printf("  %d: HSN %.1f MSEK, PVN %.1f MSEK -> share %.2f %%\n", s->base_year, s->hsn_msek,
           s->pvn_msek, 100.0 * s->share);
    printf("  target %.0f %% in %d: gap %.2f percentage points (%.2f pp a year)\n",
           100.0 * s->target, s->target_year, s->gap_pp, s->share_pp_per_year);
    printf("  with HSN + PVN growing %.2f %% a year (%s), PVN must grow %.2f %% a year to\n"
           "  %.1f MSEK in %d, leaving HSN %.2f %% a year\n",
           100.0 * s->total_growth, s->total_growth_derived ? "the budget's plan years" : "given",
           100.0 * s->pvn_growth_required, s->pvn_target_msek, s->target_year,
           100.0 * s->hsn_growth_implied);
    printf("\nper-area amounts (allocation_sek and its parts): vardsim allocate --json\n");
}

static int opt_share(const char *name, const char *s, double *out)
{
    return s ? cli_double("allocate", name, s, 0, 1, out) : 0;
}

static int run(int argc, char **argv)
{
    const char *dir = NULL, *pdir = NULL, *ref_path = NULL, *cni_path = NULL, *el = NULL,
               *budget_s = NULL, *cs = NULL, *ss = NULL, *ds = NULL, *ts = NULL, *ys = NULL,
               *gs = NULL;
    int json = 0, npos;
    const cli_opt opts[] = {{"--region", 1, &dir, NULL},
                            {"--params", 1, &pdir, NULL},
                            {"--reference", 1, &ref_path, NULL},
                            {"--cni", 1, &cni_path, NULL},
                            {"--elasticity", 1, &el, NULL},
                            {"--budget", 1, &budget_s, NULL},
                            {"--cni-share", 1, &cs, NULL},
                            {"--supplement-share", 1, &ss, NULL},
                            {"--distance-share", 1, &ds, NULL},
                            {"--threshold", 1, &ts, NULL},
                            {"--share-year", 1, &ys, NULL},
                            {"--total-growth", 1, &gs, NULL},
                            {"--json", 0, NULL, &json},
                            {0}};
    if (cli_parse("allocate", argc, argv, opts, NULL, 0, &npos))
        return 2;
    if (!budget_s) {
        fprintf(stderr, "vardsim allocate: option --budget SEK is required (see 'vardsim help "
                        "allocate')\n");
        return 2;
    }
    long budget, share_year = 0;
    double growth = NAN, cshare = NAN, sshare = NAN, dshare = NAN, thr = NAN;
    vs_need_options opt;
    vs_need_options_init(&opt);
    if (cli_long("allocate", "--budget", budget_s, 1, 1L << 52, &budget) ||
        (el && cli_double("allocate", "--elasticity", el, 0, 10, &opt.elasticity_override)) ||
        opt_share("--cni-share", cs, &cshare) || opt_share("--supplement-share", ss, &sshare) ||
        opt_share("--distance-share", ds, &dshare) ||
        (ts && cli_double("allocate", "--threshold", ts, 1e-9, 100, &thr)) ||
        (ys && cli_long("allocate", "--share-year", ys, 1900, 2200, &share_year)) ||
        (gs && cli_double("allocate", "--total-growth", gs, -0.5, 1, &growth)))
        return 2;
    alloc_run w = {0};
    vs_status st = cli_need_load(&w.n, dir, pdir, ref_path, cni_path, &opt);
    if (st)
        goto fail;

    const vs_need_params *p = w.n.params;
    vs_alloc_params req = {cshare, sshare, dshare, thr};
    vs_need_alloc_params_resolve(p, &req, &w.ap);

    int n = w.n.region->n_areas;
    w.pop = calloc((size_t)n, sizeof *w.pop);
    w.aw = calloc((size_t)n, sizeof *w.aw);
    w.cniv = calloc((size_t)n, sizeof *w.cniv);
    w.dist = calloc((size_t)n, sizeof *w.dist);
    int doctor = w.n.res->service_available[VS_SERVICE_DOCTOR];
    if (doctor)
        w.visits = calloc((size_t)n, sizeof *w.visits);
    if (!w.pop || !w.aw || !w.cniv || !w.dist || (doctor && !w.visits)) {
        st = vs_ctx_fail(w.n.ctx, VS_ENOMEM, "out of memory");
        goto fail;
    }
    w.has_distance = 1;
    for (int a = 0; a < n; a++) {
        const vs_area *ra = &w.n.region->areas[a];
        const vs_municipality *m = &w.n.region->municipalities[ra->municipality];
        const vs_need_area *na = &w.n.res->areas[a];
        w.pop[a] = (double)ra->population;
        w.cniv[a] = isnan(na->cni) ? 0.0 : na->cni; /* NaN only for empty areas */
        /* capitation by age: the doctor-visit age profile (population when absent) */
        w.aw[a] = doctor ? na->age_expected[VS_SERVICE_DOCTOR] : w.pop[a];
        if (doctor)
            w.visits[a] = na->expected[VS_SERVICE_DOCTOR];
        if (isnan(m->lat) || isnan(m->lon))
            w.has_distance = 0;
        else
            w.dist[a] = vs_distance_km(ra->lat, ra->lon, m->lat, m->lon);
    }
    vs_alloc_units u = {n, w.pop, w.aw, w.cniv, w.has_distance ? w.dist : NULL, w.visits};
    if ((st = vs_need_allocate(w.n.ctx, &u, &w.ap, (int64_t)budget, &w.alloc)) ||
        ((w.has_share = p->n_budget_years > 0) &&
         (st = vs_need_pc_share(w.n.ctx, p, (int)share_year, growth, &w.share))))
        goto fail;
    int rc = 0;
    if (json)
        rc = cli_print_json(to_json(&w));
    else
        print_table(&w);
    release(&w);
    return rc;
fail:;
    int code = cli_fail(w.n.ctx, st);
    release(&w);
    return code;
}

const cli_command cli_cmd_allocate = {
    "allocate", "needs-based split of a primary-care budget; primary-care share", usage, run};
