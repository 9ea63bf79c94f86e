/*
 * cmd_screening.c: "vardsim screening", vaccination and screening programmes
 * as rule tables by need: eligible residents, invitations, participants,
 * cost and coverage by CNI decile, and the low-coverage areas.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "need_common.h"
#include "vardsim/screening.h"

static const char usage[] =
    "usage: vardsim screening [--region DIR] [--params DIR] [--reference FILE|none]\n"
    "                         [--low] [--json]\n"
    "\n"
    "Vaccination and screening programmes (influenza and pneumococcal vaccination,\n"
    "TBE for children, HPV catch-up, mammography, cervical and colorectal screening)\n"
    "from the rule table PARAMS/screening_programmes.csv (eligibility by sex and age,\n"
    "interval, fee) and PARAMS/screening.csv (published county coverage, unit cost).\n"
    "Per programme: eligible residents (areas' 5-year age bands split by the\n"
    "municipality's single years and sexes, REGION/age_sex.csv), invitations or\n"
    "offers a year, expected participants, cost, and coverage by Care Need Index\n"
    "decile.  The gradient is a PROXY: the county figure times each area's measured\n"
    "COVID-19 vaccination coverage relative to the region's\n"
    "(REGION/vaccination_coverage.csv, Folkhälsomyndigheten 2022).  Low-coverage\n"
    "areas: the lowest-coverage areas holding 10 % of the eligible.  A coverage or\n"
    "cost NOT FOUND in the parameter files is reported as such (null in JSON).\n"
    "\n"
    "  --region DIR      region directory (default: Stockholm County)\n"
    "  --params DIR      parameter directory (default: data/parameters); also read:\n"
    "                    care_need_index.csv, demand_rates.csv, allocation.csv, budget.csv\n"
    "  --reference FILE  national CNI reference (default: data/national/deso_2022.csv);\n"
    "                    'none' standardises the CNI on the region\n"
    "  --low             list every low-coverage area of each programme (area,\n"
    "                    municipality, CNI decile, eligible, coverage, participants a\n"
    "                    year below the county rate: gap/year)\n"
    "  --json            print JSON: region, proxy, programmes[] (programme, kind, unit,\n"
    "                    rules[], eligible, coverage, coverage_year, coverage_source,\n"
    "                    coverage_by_cni_decile (ten values), gradient_by_cni_decile,\n"
    "                    eligible_by_cni_decile, invitations_per_year,\n"
    "                    participants_per_year, unit_cost_sek, cost_sek, not_found[],\n"
    "                    low_coverage_areas[], municipalities[]); areas[] (area_id,\n"
    "                    municipality_id, cni_decile, programmes: per programme eligible,\n"
    "                    invitations_per_year, coverage, relative_to_region,\n"
    "                    participants_per_year, cost_sek)\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input.\n";

typedef struct run_state {
    cli_need need;
    vs_screening_params *params;
    vs_screening_data *data;
    vs_screening_result *res;
} run_state;

static void release(run_state *w)
{
    vs_screening_result_destroy(w->res);
    vs_screening_data_destroy(w->data);
    vs_screening_params_destroy(w->params);
    cli_need_release(&w->need);
}

static json_t *num_array(const double *v, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, cli_json_num(v[i]));
    return a;
}

static json_t *rules_json(const vs_screening_params *p, int prog)
{
    static const char *const sexes[] = {"all", "female", "male"};
    json_t *a = json_array();
    for (int k = 0; k < p->n_rules; k++) {
        const vs_screening_rule *r = &p->rules[k];
        if (r->programme != prog)
            continue;
        json_t *e = json_object();
        json_object_set_new(e, "sex", json_string(sexes[r->sex]));
        json_object_set_new(e, "age_min", json_integer(r->age_min));
        json_object_set_new(e, "age_max", json_integer(r->age_max));
        json_object_set_new(e, "interval_years", json_real(r->interval_years));
        json_object_set_new(e, "fee_sek", cli_json_num(r->fee_sek));
        json_array_append_new(a, e);
    }
    return a;
}

static json_t *low_json(const run_state *w, const vs_screening_result_programme *q)
{
    const vs_region *rg = w->need.region;
    json_t *a = json_array();
    for (int k = 0; k < q->n_low; k++) {
        int i = q->low[k];
        const vs_area *ar = &rg->areas[i];
        json_t *e = json_object();
        json_object_set_new(e, "area_id", json_string(ar->area_id));
        json_object_set_new(e, "municipality",
                            json_string(rg->municipalities[ar->municipality].name));
        json_object_set_new(e, "cni", cli_json_num(w->need.res->areas[i].cni));
        json_object_set_new(e, "cni_decile", json_integer(w->need.res->areas[i].decile));
        json_object_set_new(e, "eligible", json_real(q->area_eligible[i]));
        json_object_set_new(e, "coverage", cli_json_num(q->area_coverage[i]));
        json_object_set_new(e, "relative_to_region", json_real(q->area_ratio[i]));
        double miss = (q->coverage - q->area_coverage[i]) * q->area_invitations[i];
        json_object_set_new(e, "participants_below_county_rate_per_year", cli_json_num(miss));
        json_array_append_new(a, e);
    }
    return a;
}

static json_t *municipalities_json(const run_state *w, const vs_screening_result_programme *q)
{
    const vs_region *rg = w->need.region;
    json_t *a = json_array();
    for (int m = 0; m < rg->n_municipalities; m++) {
        json_t *e = json_object();
        json_object_set_new(e, "municipality_id",
                            json_string(rg->municipalities[m].municipality_id));
        json_object_set_new(e, "name", json_string(rg->municipalities[m].name));
        json_object_set_new(e, "eligible", json_real(q->municipality_eligible[m]));
        json_object_set_new(e, "coverage", cli_json_num(q->municipality_coverage[m]));
        json_array_append_new(a, e);
    }
    return a;
}

static json_t *programme_json(const run_state *w, int p)
{
    const vs_screening_programme *pr = &w->params->programmes[p];
    const vs_screening_result_programme *q = &w->res->programmes[p];
    json_t *o = json_object();
    json_object_set_new(o, "programme", json_string(pr->name));
    json_object_set_new(o, "kind", json_string(pr->kind));
    json_object_set_new(o, "unit", json_string(pr->unit));
    json_object_set_new(o, "rules", rules_json(w->params, p));
    json_object_set_new(o, "source", json_string(pr->source));
    json_object_set_new(o, "eligible", json_real(q->eligible));
    json_object_set_new(o, "coverage", cli_json_num(q->coverage));
    json_object_set_new(o, "coverage_year", pr->coverage_year ? json_integer(pr->coverage_year)
                                                              : json_null());
    json_object_set_new(o, "coverage_source", json_string(pr->coverage_source));
    json_object_set_new(o, "coverage_model", cli_json_num(q->coverage_model));
    json_object_set_new(o, "areas_capped", json_integer(q->n_capped));
    json_object_set_new(o, "coverage_by_cni_decile", num_array(q->coverage_by_cni_decile, 10));
    json_object_set_new(o, "gradient_by_cni_decile", num_array(q->gradient_by_cni_decile, 10));
    json_object_set_new(o, "eligible_by_cni_decile", num_array(q->eligible_by_cni_decile, 10));
    json_object_set_new(o, "proxy_group", json_string(vs_screening_proxy_name(pr->proxy_group)));
    json_object_set_new(o, "invitations_per_year", json_real(q->invitations_per_year));
    json_object_set_new(o, "participants_per_year", cli_json_num(q->participants_per_year));
    json_object_set_new(o, "unit_cost_sek", cli_json_num(pr->unit_cost_sek));
    json_object_set_new(o, "cost_source", json_string(pr->cost_source));
    json_object_set_new(o, "cost_sek", cli_json_num(q->cost_sek));
    json_t *nf = json_array();
    if (isnan(pr->coverage))
        json_array_append_new(nf, json_sprintf("coverage.%s", pr->name));
    if (isnan(pr->unit_cost_sek))
        json_array_append_new(nf, json_sprintf("unit_cost_sek.%s", pr->name));
    json_object_set_new(o, "not_found", nf);
    json_object_set_new(o, "low_coverage_share", json_real(VS_SCREENING_LOW_SHARE));
    json_object_set_new(o, "low_coverage_areas", low_json(w, q));
    json_object_set_new(o, "municipalities", municipalities_json(w, q));
    return o;
}

/* Per area: CNI decile and, per programme, the module's per-area results. */
static json_t *areas_json(const run_state *w)
{
    const vs_region *rg = w->need.region;
    json_t *a = json_array();
    for (int i = 0; i < rg->n_areas; i++) {
        json_t *e = json_object(), *pe = json_object();
        json_object_set_new(e, "area_id", json_string(rg->areas[i].area_id));
        json_object_set_new(e, "municipality_id", json_string(
            rg->municipalities[rg->areas[i].municipality].municipality_id));
        json_object_set_new(e, "cni_decile", json_integer(w->need.res->areas[i].decile));
        for (int p = 0; p < w->res->n_programmes; p++) {
            const vs_screening_result_programme *q = &w->res->programmes[p];
            json_t *v = json_object();
            json_object_set_new(v, "eligible", json_real(q->area_eligible[i]));
            json_object_set_new(v, "invitations_per_year", json_real(q->area_invitations[i]));
            json_object_set_new(v, "coverage", cli_json_num(q->area_coverage[i]));
            json_object_set_new(v, "relative_to_region", json_real(q->area_ratio[i]));
            json_object_set_new(v, "participants_per_year", cli_json_num(q->area_participants[i]));
            json_object_set_new(v, "cost_sek", cli_json_num(q->area_cost_sek[i]));
            json_object_set_new(pe, w->params->programmes[p].name, v);
        }
        json_object_set_new(e, "programmes", pe);
        json_array_append_new(a, e);
    }
    return a;
}

static json_t *to_json(const run_state *w)
{
    const vs_region *rg = w->need.region;
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(rg->name));
    json_object_set_new(o, "base_year", json_integer(rg->base_year));
    json_object_set_new(o, "rules_file", json_string(w->params->rules_path));
    json_object_set_new(o, "parameters_file", json_string(w->params->params_path));
    json_object_set_new(o, "age_sex_file", json_string(w->data->age_sex_path));
    json_t *px = json_object();
    json_object_set_new(px, "file", w->data->has_proxy ? json_string(w->data->proxy_path)
                                                       : json_null());
    json_object_set_new(px, "what", json_string(
        "COVID-19 vaccination coverage (at least one dose) by area; relative level used as a "
        "PROXY of every programme's coverage gradient (docs/screening.md)"));
    json_t *miss = json_object();
    for (int g = 0; g < VS_PROXY_GROUPS; g++)
        json_object_set_new(miss, vs_screening_proxy_name(g),
                            json_integer(w->res->proxy_missing[g]));
    json_object_set_new(px, "areas_without_value", miss);
    json_object_set_new(o, "proxy", px);
    json_t *a = json_array();
    for (int p = 0; p < w->res->n_programmes; p++)
        json_array_append_new(a, programme_json(w, p));
    json_object_set_new(o, "programmes", a);
    json_object_set_new(o, "areas", areas_json(w));
    return o;
}

static void fmt_num(double v, char *buf, size_t cap)
{
    if (!isfinite(v))
        snprintf(buf, cap, "NOT FOUND");
    else
        cli_thousands((long long)llround(v), buf, cap);
}

static void print_programme(const run_state *w, int p)
{
    const vs_region *rg = w->need.region;
    const vs_screening_programme *pr = &w->params->programmes[p];
    const vs_screening_result_programme *q = &w->res->programmes[p];
    char b1[32], b2[32], b3[32], b4[32];
    fmt_num(q->eligible, b1, sizeof b1);
    fmt_num(q->invitations_per_year, b2, sizeof b2);
    fmt_num(q->participants_per_year, b3, sizeof b3);
    fmt_num(q->cost_sek, b4, sizeof b4);
    printf("\n%s (%s): eligible %s, %s %ss a year, participants %s%s, cost %s%s\n",
           pr->name, pr->kind, b1, b2, pr->unit, b3,
           isnan(q->participants_per_year) ? "" : " a year", b4,
           isnan(q->cost_sek) ? "" : " SEK a year");
    if (isnan(pr->coverage))
        printf("  coverage NOT FOUND: supply coverage.%s in %s\n", pr->name,
               w->params->params_path);
    else
        printf("  coverage %.1f %% (%d; %.90s%s)\n", 100 * pr->coverage, pr->coverage_year,
               pr->coverage_source, strlen(pr->coverage_source) > 90 ? "..." : "");
    if (isnan(pr->unit_cost_sek))
        printf("  unit cost NOT FOUND: supply unit_cost_sek.%s\n", pr->name);
    printf("  by CNI decile (1 = lowest need) %s:", isnan(pr->coverage) ? "relative level"
                                                                          : "coverage %");
    for (int k = 0; k < 10; k++) {
        double v = isnan(pr->coverage) ? q->gradient_by_cni_decile[k]
                                       : 100 * q->coverage_by_cni_decile[k];
        printf(isnan(v) ? " -" : " %.1f", v);
    }
    printf("\n  lowest-coverage areas (%d holding %.0f %% of the eligible), first five:",
           q->n_low, 100 * VS_SCREENING_LOW_SHARE);
    for (int k = 0; k < q->n_low && k < 5; k++) {
        int i = q->low[k];
        printf(" %s %s", rg->areas[i].area_id, rg->municipalities[rg->areas[i].municipality].name);
        if (!isnan(q->area_coverage[i]))
            printf(" %.0f %%", 100 * q->area_coverage[i]);
        printf(k + 1 < q->n_low && k < 4 ? "," : "");
    }
    printf("\n");
}

/* Every low-coverage area of programme p, lowest first (--low). */
static void print_low(const run_state *w, int p)
{
    const vs_region *rg = w->need.region;
    const vs_screening_result_programme *q = &w->res->programmes[p];
    int known = !isnan(q->coverage);
    printf("  %-10s %-16s %6s %9s %9s %9s\n", "area", "municipality", "decile", "eligible",
           known ? "coverage" : "relative", known ? "gap/year" : "");
    for (int k = 0; k < q->n_low; k++) {
        int i = q->low[k];
        char name[64];
        printf("  %-10s %s %6d %9.0f", rg->areas[i].area_id,
               cli_pad(rg->municipalities[rg->areas[i].municipality].name, 16, name, sizeof name),
               w->need.res->areas[i].decile, q->area_eligible[i]);
        if (known)
            printf(" %8.1f%% %9.0f\n", 100 * q->area_coverage[i],
                   (q->coverage - q->area_coverage[i]) * q->area_invitations[i]);
        else
            printf(" %9.3f\n", q->area_ratio[i]);
    }
}

static void print_text(const run_state *w, int low)
{
    const vs_region *rg = w->need.region;
    char b[32];
    printf("Vaccination and screening programmes: %s (%s residents, base year %d)\n", rg->name,
           cli_thousands(rg->population, b, sizeof b), rg->base_year);
    printf("rules: %s; coverage and costs: %s\n", w->params->rules_path,
           w->params->params_path);
    if (w->data->has_proxy)
        printf("coverage gradient: PROXY from %s (measured COVID-19 vaccination coverage)\n",
               w->data->proxy_path);
    else
        printf("coverage gradient: no vaccination_coverage.csv in the region; flat\n");
    for (int p = 0; p < w->res->n_programmes; p++) {
        print_programme(w, p);
        if (low)
            print_low(w, p);
    }
    if (!low)
        printf("\nevery low-coverage area: --low; per area and programme: --json\n");
}

static int run(int argc, char **argv)
{
    const char *dir = NULL, *pdir = NULL, *ref_path = NULL;
    int json = 0, low = 0, npos;
    const cli_opt opts[] = {{"--region", 1, &dir, NULL},
                            {"--params", 1, &pdir, NULL},
                            {"--reference", 1, &ref_path, NULL},
                            {"--json", 0, NULL, &json},
                            {"--low", 0, NULL, &low},
                            {0}};
    if (cli_parse("screening", argc, argv, opts, NULL, 0, &npos))
        return 2;
    vs_need_options opt;
    vs_need_options_init(&opt);
    run_state w = {0};
    vs_status st = cli_need_load(&w.need, dir, pdir, ref_path, NULL, &opt);
    char pbuf[1200];
    if (!pdir) {
        snprintf(pbuf, sizeof pbuf, "%s/parameters", cli_data_dir());
        pdir = pbuf;
    }
    if (!st && !(st = vs_screening_params_load(w.need.ctx, pdir, &w.params)) &&
        !(st = vs_screening_data_load(w.need.ctx, w.need.region, &w.data)))
        st = vs_screening_compute(w.need.ctx, w.need.region, w.need.res, w.params, w.data,
                                  &w.res);
    int rc;
    if (st)
        rc = cli_fail(w.need.ctx, st);
    else if (json)
        rc = cli_print_json(to_json(&w));
    else {
        print_text(&w, low);
        rc = 0;
    }
    release(&w);
    return rc;
}

const cli_command cli_cmd_screening = {
    "screening", "Vaccination and screening programmes: eligible, coverage by need, cost",
    usage, run};
