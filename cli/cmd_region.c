/*
 * cmd_region.c: "vardsim region", a summary of a region directory.
 */
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: vardsim region [--region DIR] [--json]\n"
    "\n"
    "Load and validate a region directory and print a summary: base year, number of\n"
    "areas, municipalities and hospitals, total population, population by age band\n"
    "and by municipality, and hospital beds (planned and staffed).\n"
    "\n"
    "  --region DIR  region directory (default: the Stockholm County region shipped\n"
    "                with vardsim, Statistics Sweden DeSO data for 2022)\n"
    "  --json        print JSON: population, areas, municipalities, hospitals,\n"
    "                base_year, name, population_by_age_band, by_municipality,\n"
    "                hospital_beds, beds_planned, beds_staffed\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input.\n";

static json_t *to_json(const vs_region *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(r->name));
    json_object_set_new(o, "base_year", json_integer(r->base_year));
    json_object_set_new(o, "population", json_integer(r->population));
    json_object_set_new(o, "areas", json_integer(r->n_areas));
    json_object_set_new(o, "municipalities", json_integer(r->n_municipalities));
    json_object_set_new(o, "hospitals", json_integer(r->n_hospitals));
    json_t *bands = json_array();
    for (int b = 0; b < VS_AGE_BANDS; b++) {
        json_t *e = json_object();
        json_object_set_new(e, "band", json_string(vs_age_band_label(b)));
        json_object_set_new(e, "population", json_integer(r->pop_by_band[b]));
        json_array_append_new(bands, e);
    }
    json_object_set_new(o, "population_by_age_band", bands);
    json_t *muns = json_array();
    for (int i = 0; i < r->n_municipalities; i++) {
        const vs_municipality *m = &r->municipalities[i];
        json_t *e = json_object();
        json_object_set_new(e, "municipality_id", json_string(m->municipality_id));
        json_object_set_new(e, "name", json_string(m->name));
        json_object_set_new(e, "areas", json_integer(m->n_areas));
        json_object_set_new(e, "population", json_integer(m->population));
        json_array_append_new(muns, e);
    }
    json_object_set_new(o, "by_municipality", muns);
    json_t *hosp = json_array();
    long long planned = 0, staffed = 0;
    for (int i = 0; i < r->n_hospitals; i++) {
        const vs_hospital *h = &r->hospitals[i];
        json_t *e = json_object();
        json_object_set_new(e, "hospital_id", json_string(h->hospital_id));
        json_object_set_new(e, "name", json_string(h->name));
        json_object_set_new(e, "municipality_id",
                            json_string(r->municipalities[h->municipality].municipality_id));
        json_object_set_new(e, "beds_planned", json_integer(h->beds_planned));
        json_object_set_new(e, "beds_staffed", json_integer(h->beds_staffed));
        json_array_append_new(hosp, e);
        planned += h->beds_planned;
        staffed += h->beds_staffed;
    }
    json_object_set_new(o, "hospital_beds", hosp);
    json_object_set_new(o, "beds_planned", json_integer(planned));
    json_object_set_new(o, "beds_staffed", json_integer(staffed));
    json_object_set_new(o, "beds_staffed_per_1000",
                        json_real(r->population ? 1000.0 * (double)staffed / (double)r->population
                                                : 0.0));
    return o;
}

static void print_table(const vs_region *r)
{
    char b1[32], b2[32], pad[256];
    printf("%s\n", r->name);
    printf("base year %d: %s residents in %d areas, %d municipalities, %d hospitals\n\n",
           r->base_year, cli_thousands(r->population, b1, sizeof b1), r->n_areas,
           r->n_municipalities, r->n_hospitals);
    printf("%-8s %12s %7s\n", "age", "residents", "share");
    for (int b = 0; b < VS_AGE_BANDS; b++)
        printf("%-8s %12s %6.1f%%\n", vs_age_band_label(b),
               cli_thousands(r->pop_by_band[b], b1, sizeof b1),
               100.0 * (double)r->pop_by_band[b] / (double)r->population);
    printf("\n%-6s %-22s %6s %12s\n", "code", "municipality", "areas", "residents");
    for (int i = 0; i < r->n_municipalities; i++) {
        const vs_municipality *m = &r->municipalities[i];
        printf("%-6s %s %6d %12s\n", m->municipality_id, cli_pad(m->name, 22, pad, sizeof pad),
               m->n_areas,
               cli_thousands(m->population, b1, sizeof b1));
    }
    long long planned = 0, staffed = 0;
    printf("\n%-8s %-36s %8s %8s\n", "hospital", "name", "planned", "staffed");
    for (int i = 0; i < r->n_hospitals; i++) {
        const vs_hospital *h = &r->hospitals[i];
        printf("%-8s %s %8s %8s\n", h->hospital_id, cli_pad(h->name, 36, pad, sizeof pad),
               cli_thousands(h->beds_planned, b1, sizeof b1),
               cli_thousands(h->beds_staffed, b2, sizeof b2));
        planned += h->beds_planned;
        staffed += h->beds_staffed;
    }
    printf("%-8s %-36s %8s %8s\n", "total", "", cli_thousands(planned, b1, sizeof b1),
           cli_thousands(staffed, b2, sizeof b2));
    printf("staffed beds per 1,000 residents: %.2f\n",
           1000.0 * (double)staffed / (double)r->population);
}

static int run(int argc, char **argv)
{
    const char *dir = NULL;
    int json = 0, npos;
    const cli_opt opts[] = {{"--region", 1, &dir, NULL}, {"--json", 0, NULL, &json}, {0}};
    if (cli_parse("region", argc, argv, opts, NULL, 0, &npos))
        return 2;
    if (!dir)
        dir = cli_default_region();
    vs_ctx *ctx;
    if (cli_ctx_create(&ctx))
        return 1;
    vs_region *r;
    vs_status st = vs_region_load(ctx, dir, &r);
    if (st) {
        int rc = cli_fail(ctx, st);
        vs_ctx_destroy(ctx);
        return rc;
    }
    int rc = 0;
    if (json)
        rc = cli_print_json(to_json(r));
    else
        print_table(r);
    vs_region_destroy(r);
    vs_ctx_destroy(ctx);
    return rc;
}

const cli_command cli_cmd_region = {"region", "summary of a region (areas, population, beds)",
                                    usage, run};
