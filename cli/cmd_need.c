/*
 * cmd_need.c: "vardsim need", Care Need Index and expected demand per area,
 * municipality and CNI decile.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "need_common.h"
#include "vardsim/need.h"

static const char usage[] =
    "usage: vardsim need [--region DIR] [--params DIR] [--reference FILE|none]\n"
    "                    [--cni FILE] [--elasticity E] [--json]\n"
    "\n"
    "Care Need Index (CNI) per area, per municipality (population-weighted) and by\n"
    "decile of population, areas above the support threshold (CNI 1.7), and the\n"
    "expected yearly primary-care doctor and nurse visits, emergency-department\n"
    "visits, inpatient admissions and bed-days per area.\n"
    "\n"
    "CNI = (sum_i w_i n_i / population) / C with the weights of Sundquist, Malmström\n"
    "et al. (J Epidemiol Community Health 2003;57:347) and C the national value, so\n"
    "that the national population-weighted mean is 1.  Criteria missing in the data\n"
    "are left out (and listed); 'foreign born' is approximated by foreign background.\n"
    "\n"
    "  --region DIR      region directory (default: Stockholm County, SCB 2022)\n"
    "  --params DIR      parameter directory with care_need_index.csv,\n"
    "                    demand_rates.csv, allocation.csv, budget.csv\n"
    "                    (default: the data/parameters shipped with vardsim)\n"
    "  --reference FILE  national reference areas (default: data/national/deso_2022.csv,\n"
    "                    all 5,984 DeSO of Sweden); 'none' standardises on the region\n"
    "  --cni FILE        CNI delivered by Statistics Sweden (CSV: id,cni) for some or\n"
    "                    all areas; replaces the computed value of those areas\n"
    "  --elasticity E    need elasticity for every service (default: the parameter\n"
    "                    files; not set there = 0, demand by age only)\n"
    "  --json            print JSON: name, population, cni_variables, reference,\n"
    "                    cni_threshold, cni_mean, services, deciles, municipalities\n"
    "                    (municipality_id, name, population, cni, ...), areas (area_id,\n"
    "                    municipality_id, population, cni, cni_source, decile,\n"
    "                    above_threshold, expected)\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input.\n";

/* Everything the command loads (need_common.h), freed by cli_need_release(). */
typedef cli_need need_run;

static json_t *expected_json(const double *e)
{
    json_t *o = json_object();
    for (int s = 0; s < VS_SERVICES; s++)
        json_object_set_new(o, vs_need_service_name(s), cli_json_num(e[s]));
    return o;
}

static json_t *to_json(const need_run *w, const char *ref_path)
{
    const vs_region *r = w->region;
    const vs_need_result *res = w->res;
    const vs_need_params *p = w->params;
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(r->name));
    json_object_set_new(o, "base_year", json_integer(r->base_year));
    json_object_set_new(o, "population", json_integer(r->population));
    json_t *vars = json_array();
    for (int v = 0; v < VS_CNI_NVARS; v++) {
        json_t *e = json_object();
        json_object_set_new(e, "criterion", json_string(vs_cni_var_name(v)));
        json_object_set_new(e, "weight", json_real(p->cni_weight[v]));
        json_object_set_new(e, "used", json_boolean(res->used[v]));
        json_object_set_new(e, "weight_used", json_real(res->weight_used[v]));
        json_object_set_new(e, "proxy", json_boolean(res->proxy[v]));
        const char *how = !res->used[v] ? "left out: not in the data"
                          : res->proxy[v] ? "proxy: foreign background (born abroad or both "
                                            "parents born abroad), not birth region"
                                          : "exact";
        json_object_set_new(e, "source", json_string(how));
        json_array_append_new(vars, e);
    }
    json_object_set_new(o, "cni_variables", vars);
    json_object_set_new(o, "cni_weight_share", json_real(res->cni_weight_share));
    json_t *ref = json_object();
    json_object_set_new(ref, "file", ref_path ? json_string(ref_path) : json_null());
    json_object_set_new(ref, "areas", json_integer(res->reference_areas));
    json_object_set_new(ref, "population", json_integer(res->reference_population));
    json_object_set_new(ref, "hits_per_resident", json_real(res->reference_hits));
    json_object_set_new(o, "reference", ref);
    json_object_set_new(o, "cni_threshold", json_real(p->cni_threshold));
    json_object_set_new(o, "cni_mean", cli_json_num(res->cni_mean));
    json_object_set_new(o, "areas_above_threshold", json_integer(res->n_above_threshold));
    json_object_set_new(o, "population_above_threshold", json_integer(res->pop_above_threshold));
    json_object_set_new(o, "areas_with_delivered_cni", json_integer(res->n_delivered));
    json_t *svc = json_array();
    for (int s = 0; s < VS_SERVICES; s++) {
        json_t *e = json_object();
        json_object_set_new(e, "service", json_string(vs_need_service_name(s)));
        json_object_set_new(e, "available", json_boolean(res->service_available[s]));
        json_object_set_new(e, "elasticity", json_real(res->elasticity[s]));
        json_object_set_new(e, "elasticity_set", json_boolean(res->elasticity_set[s]));
        json_object_set_new(e, "normalisation", json_real(res->service_norm[s]));
        json_object_set_new(e, "total", cli_json_num(res->total[s]));
        json_t *rates = json_array();
        for (int b = 0; b < VS_AGE_BANDS; b++) {
            json_t *rb = json_object();
            json_object_set_new(rb, "band", json_string(vs_age_band_label(b)));
            json_object_set_new(rb, "rate_per_resident", cli_json_num(p->rate[s][b]));
            json_array_append_new(rates, rb);
        }
        json_object_set_new(e, "rates", rates);
        json_array_append_new(svc, e);
    }
    json_object_set_new(o, "services", svc);
    json_t *dec = json_array();
    for (int d = 0; d < 10; d++) {
        const vs_need_decile *dc = &res->deciles[d];
        json_t *e = json_object();
        json_object_set_new(e, "decile", json_integer(d + 1));
        json_object_set_new(e, "areas", json_integer(dc->n_areas));
        json_object_set_new(e, "population", json_integer(dc->population));
        json_object_set_new(e, "cni_mean", cli_json_num(dc->cni_mean));
        json_object_set_new(e, "cni_min", cli_json_num(dc->cni_min));
        json_object_set_new(e, "cni_max", cli_json_num(dc->cni_max));
        json_object_set_new(e, "expected", expected_json(dc->expected));
        json_array_append_new(dec, e);
    }
    json_object_set_new(o, "deciles", dec);
    json_t *muns = json_array();
    for (int i = 0; i < r->n_municipalities; i++) {
        const vs_municipality *m = &r->municipalities[i];
        const vs_need_municipality *nm = &res->municipalities[i];
        json_t *e = json_object();
        json_object_set_new(e, "municipality_id", json_string(m->municipality_id));
        json_object_set_new(e, "name", json_string(m->name));
        json_object_set_new(e, "population", json_integer(m->population));
        json_object_set_new(e, "cni", cli_json_num(nm->cni));
        json_object_set_new(e, "areas_above_threshold", json_integer(nm->n_above_threshold));
        json_object_set_new(e, "population_above_threshold",
                            json_integer(nm->pop_above_threshold));
        json_object_set_new(e, "expected", expected_json(nm->expected));
        json_array_append_new(muns, e);
    }
    json_object_set_new(o, "municipalities", muns);
    json_t *areas = json_array();
    for (int a = 0; a < r->n_areas; a++) {
        const vs_area *ra = &r->areas[a];
        const vs_need_area *na = &res->areas[a];
        json_t *e = json_object();
        json_object_set_new(e, "area_id", json_string(ra->area_id));
        json_object_set_new(e, "municipality_id",
                            json_string(r->municipalities[ra->municipality].municipality_id));
        json_object_set_new(e, "population", json_integer(ra->population));
        json_object_set_new(e, "cni", cli_json_num(na->cni));
        json_object_set_new(e, "cni_source", json_string(na->cni_delivered ? "delivered"
                                                                           : "computed"));
        json_object_set_new(e, "decile", json_integer(na->decile));
        json_object_set_new(e, "above_threshold", json_boolean(na->above_threshold));
        json_object_set_new(e, "expected", expected_json(na->expected));
        json_array_append_new(areas, e);
    }
    json_object_set_new(o, "areas", areas);
    return o;
}

/* Print s left-aligned in `width` characters (UTF-8 aware), then a space. */
static void print_padded(const char *s, int width)
{
    int chars = 0;
    for (const unsigned char *q = (const unsigned char *)s; *q; q++)
        chars += (*q & 0xC0) != 0x80;
    printf("%s%*s ", s, width > chars ? width - chars : 0, "");
}

static void fmt_num(double v, char *buf, size_t cap)
{
    if (!isfinite(v))
        snprintf(buf, cap, "n/a");
    else
        cli_thousands((long long)llround(v), buf, cap);
}

static void print_table(const need_run *w, const char *ref_path)
{
    const vs_region *r = w->region;
    const vs_need_result *res = w->res;
    const vs_need_params *p = w->params;
    char b1[32], b2[32], b3[32], b4[32], b5[32];
    printf("Care Need Index and expected demand: %s\n", r->name);
    printf("%d areas, %s residents (base year %d)\n\n", r->n_areas,
           cli_thousands(r->population, b1, sizeof b1), r->base_year);
    double wsum = 0;
    for (int v = 0; v < VS_CNI_NVARS; v++)
        wsum += p->cni_weight[v];
    printf("CNI criteria (weights: Sundquist, Malmström et al. 2003, flagged DERIVED in\n"
           "care_need_index.csv; used weights rescaled to the full sum %.2f):\n", wsum);
    for (int v = 0; v < VS_CNI_NVARS; v++) {
        if (res->used[v])
            printf("  used       %-20s weight %.2f -> %.3f%s\n", vs_cni_var_name(v),
                   p->cni_weight[v], res->weight_used[v],
                   res->proxy[v] ? "  PROXY: foreign background, not birth region" : "");
        else
            printf("  left out   %-20s weight %.2f (not in the data)\n", vs_cni_var_name(v),
                   p->cni_weight[v]);
    }
    if (res->reference_areas)
        printf("standardised on %s: %d areas, %s residents, C = %.6f weighted hits per "
               "resident (mean CNI there = 1)\n",
               ref_path, res->reference_areas,
               cli_thousands(res->reference_population, b1, sizeof b1), res->reference_hits);
    else
        printf("standardised on the region itself (no reference): C = %.6f\n",
               res->reference_hits);
    if (res->cni_weight_share < 1.0)
        printf("criteria used carry %.1f %% of the weight: CNI = 1 + %.4f x (CNI of the "
               "criteria used - 1) (docs/need.md, \"Missing criteria\")\n",
               100.0 * res->cni_weight_share, res->cni_weight_share);
    if (res->n_delivered)
        printf("delivered CNI used for %d areas (taken as delivered)\n", res->n_delivered);
    printf("region mean CNI (population-weighted): %.4f\n", res->cni_mean);
    printf("areas with CNI above %.2f: %d, with %s residents\n\n", p->cni_threshold,
           res->n_above_threshold, cli_thousands(res->pop_above_threshold, b1, sizeof b1));

    printf("%-7s %5s %10s %7s %7s %7s %12s %10s %10s %11s\n", "decile", "areas", "residents",
           "CNI", "min", "max", "doctor_vis", "ed_visits", "admissions", "bed_days");
    for (int d = 0; d < 10; d++) {
        const vs_need_decile *dc = &res->deciles[d];
        fmt_num(dc->expected[VS_SERVICE_DOCTOR], b2, sizeof b2);
        fmt_num(dc->expected[VS_SERVICE_ED], b3, sizeof b3);
        fmt_num(dc->expected[VS_SERVICE_ADMISSIONS], b4, sizeof b4);
        fmt_num(dc->expected[VS_SERVICE_BED_DAYS], b5, sizeof b5);
        printf("%-7d %5d %10s %7.3f %7.3f %7.3f %12s %10s %10s %11s\n", d + 1, dc->n_areas,
               cli_thousands(dc->population, b1, sizeof b1), dc->cni_mean, dc->cni_min,
               dc->cni_max, b2, b3, b4, b5);
    }
    printf("\n%-5s %-22s %10s %7s %6s %12s %10s %10s %11s\n", "code", "municipality",
           "residents", "CNI", ">1.7", "doctor_vis", "ed_visits", "admissions", "bed_days");
    for (int i = 0; i < r->n_municipalities; i++) {
        const vs_municipality *m = &r->municipalities[i];
        const vs_need_municipality *nm = &res->municipalities[i];
        fmt_num(nm->expected[VS_SERVICE_DOCTOR], b2, sizeof b2);
        fmt_num(nm->expected[VS_SERVICE_ED], b3, sizeof b3);
        fmt_num(nm->expected[VS_SERVICE_ADMISSIONS], b4, sizeof b4);
        fmt_num(nm->expected[VS_SERVICE_BED_DAYS], b5, sizeof b5);
        printf("%-5s ", m->municipality_id);
        print_padded(m->name, 22);
        printf("%10s %7.3f %6d %12s %10s %10s %11s\n", cli_thousands(m->population, b1, sizeof b1),
               nm->cni, nm->n_above_threshold, b2, b3, b4, b5);
    }
    printf("\nexpected demand per year (region total):\n");
    for (int s = 0; s < VS_SERVICES; s++) {
        fmt_num(res->total[s], b1, sizeof b1);
        int partial = 0;
        for (int b = 0; b < VS_AGE_BANDS; b++)
            partial |= res->service_available[s] && !res->band_covered[s][b];
        printf("  %-14s %12s  elasticity %.2f%s%s\n", vs_need_service_name(s), b1,
               res->elasticity[s], res->elasticity_set[s] ? "" : " (not set)",
               !res->service_available[s] ? "  (no rate: user-supplied parameter)"
               : partial                  ? "  (some age bands not covered)"
                                          : "");
    }
    printf("\nfull per-area results (CNI, decile, expected demand): vardsim need --json\n");
}

static int run(int argc, char **argv)
{
    const char *dir = NULL, *pdir = NULL, *ref_path = NULL, *cni_path = NULL, *el = NULL;
    int json = 0, npos;
    const cli_opt opts[] = {{"--region", 1, &dir, NULL},     {"--params", 1, &pdir, NULL},
                            {"--reference", 1, &ref_path, NULL}, {"--cni", 1, &cni_path, NULL},
                            {"--elasticity", 1, &el, NULL},  {"--json", 0, NULL, &json},
                            {0}};
    if (cli_parse("need", argc, argv, opts, NULL, 0, &npos))
        return 2;
    vs_need_options opt;
    vs_need_options_init(&opt);
    if (el && cli_double("need", "--elasticity", el, 0, 10, &opt.elasticity_override))
        return 2;
    need_run w;
    vs_status st = cli_need_load(&w, dir, pdir, ref_path, cni_path, &opt);
    if (st)
        goto fail;
    ref_path = w.ref_path;
    int rc = 0;
    if (json)
        rc = cli_print_json(to_json(&w, ref_path));
    else
        print_table(&w, ref_path);
    cli_need_release(&w);
    return rc;
fail:;
    int code = cli_fail(w.ctx, st);
    cli_need_release(&w);
    return code;
}

const cli_command cli_cmd_need = {"need", "Care Need Index and expected demand per area", usage,
                                  run};
