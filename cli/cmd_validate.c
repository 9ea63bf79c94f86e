/*
 * cmd_validate.c: "vardsim validate", today's model beside the region's
 * published figures (vardsim/validate.h, docs/validation.md).
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "vardsim/report.h"
#include "vardsim/validate.h"

static const char usage[] =
    "usage: vardsim validate [--region DIR] [--table FILE] [--params DIR]\n"
    "                        [--reference FILE|none] [--no-simulation] [--json]\n"
    "\n"
    "Run today's models (need, bed plan, and the flow simulation at the parameters'\n"
    "defaults and the shipped seed) and print each published figure of the region's\n"
    "validation table beside the model's value: published, model, ratio and verdict\n"
    "(within or outside the row's tolerance).  Rows marked calibration set a parameter;\n"
    "rows marked validation never did.  A quantity the model does not compute is shown\n"
    "as \"no model value\".\n"
    "\n"
    "  --region DIR        region directory (default: the embedded Stockholm region)\n"
    "  --table FILE        validation table (default: DIR/validation.csv if present,\n"
    "                      else data/validation/<name of DIR>.csv)\n"
    "  --params DIR        parameter directory (default: data/parameters)\n"
    "  --reference FILE    national reference for CNI (default data/national/deso_2022.csv;\n"
    "                      none: standardise on the region)\n"
    "  --no-simulation     skip the flow simulation (its rows get no model value)\n"
    "  --json              print JSON: rows[] with quantity, published, model, ratio,\n"
    "                      role, within_tolerance, source, year (and more)\n"
    "\n"
    "Exit status: 0 success (whatever the verdicts), 1 runtime failure, 2 bad usage or\n"
    "bad input.\n";

static json_t *row_json(const vs_validate_row *r)
{
    json_t *e = json_object();
    json_object_set_new(e, "id", json_string(r->id));
    json_object_set_new(e, "quantity", json_string(r->quantity));
    json_object_set_new(e, "published", cli_json_num(r->published));
    json_object_set_new(e, "model", cli_json_num(r->model));
    json_object_set_new(e, "ratio", cli_json_num(r->ratio));
    json_object_set_new(e, "role", json_string(r->role));
    json_object_set_new(e, "within_tolerance",
                        r->within < 0 ? json_null() : json_boolean(r->within));
    json_object_set_new(e, "tolerance", json_real(r->tolerance));
    json_object_set_new(e, "comparison", json_string(vs_validate_comparison_name(r->comparison)));
    json_object_set_new(e, "unit", json_string(r->unit));
    json_object_set_new(e, "source", json_string(r->source));
    json_object_set_new(e, "year", json_string(r->year));
    json_object_set_new(e, "geography", json_string(r->geography));
    json_object_set_new(e, "model_source", json_string(r->model_source));
    json_object_set_new(e, "note", json_string(r->note));
    return e;
}

static json_t *to_json(const vs_region *rg, const vs_validate_table *t, const vs_flow_params *fp,
                       int simulated)
{
    json_t *o = json_object(), *rows = json_array();
    json_object_set_new(o, "region", json_string(rg->name));
    json_object_set_new(o, "table", json_string(t->path));
    json_object_set_new(o, "simulated", json_boolean(simulated));
    if (simulated)
        json_object_set_new(o, "seed", json_integer((json_int_t)fp->seed));
    int in = 0, out = 0, none = 0;
    for (int i = 0; i < t->n; i++) {
        json_array_append_new(rows, row_json(&t->rows[i]));
        in += t->rows[i].within == 1;
        out += t->rows[i].within == 0;
        none += t->rows[i].within < 0;
    }
    json_object_set_new(o, "within", json_integer(in));
    json_object_set_new(o, "outside", json_integer(out));
    json_object_set_new(o, "no_model_value", json_integer(none));
    json_object_set_new(o, "rows", rows);
    return o;
}

static const char *verdict(const vs_validate_row *r)
{
    if (isnan(r->published))
        return "no published value";
    if (isnan(r->model))
        return "no model value";
    return r->within ? "within" : "OUTSIDE";
}

static void print_text(const vs_region *rg, const vs_validate_table *t, int simulated,
                       const vs_flow_params *fp)
{
    printf("How today's model compares with published figures: %s\n", rg->name);
    printf("table %s; %s\n\n", t->path,
           simulated ? "flow simulation at the shipped seed" : "no simulation (--no-simulation)");
    printf("%-40s %-11s %12s %12s %7s %-7s %s\n", "quantity", "role", "published", "model",
           "ratio", "tol", "verdict");
    for (int i = 0; i < t->n; i++) {
        const vs_validate_row *r = &t->rows[i];
        char tol[32], model[32], ratio[32];
        snprintf(tol, sizeof tol, "%s%.0f%%",
                 r->comparison == VS_VALIDATE_AT_LEAST  ? ">="
                 : r->comparison == VS_VALIDATE_AT_MOST ? "<="
                                                        : "+-",
                 100.0 * r->tolerance);
        char pub[32];
        vs_report_format(NULL, r->published, NULL, pub, sizeof pub); /* never an exponent */
        if (isnan(r->model))
            snprintf(model, sizeof model, "-");
        else
            vs_report_format(NULL, r->model, NULL, model, sizeof model);
        snprintf(ratio, sizeof ratio, isnan(r->ratio) ? "-" : "%.3f", r->ratio);
        printf("%-40s %-11s %12s %12s %7s %-7s %s\n", r->quantity, r->role, pub, model, ratio,
               tol, verdict(r));
    }
    printf("\nSources (published figure; year; geography):\n");
    for (int i = 0; i < t->n; i++)
        printf("  %s: %s; %s; %s\n", t->rows[i].id, t->rows[i].source, t->rows[i].year,
               t->rows[i].geography);
    if (simulated)
        printf("\nseed %llu, %d replication(s)\n", (unsigned long long)fp->seed, fp->replications);
}

static int run(int argc, char **argv)
{
    const char *region_dir = NULL, *table = NULL, *params_dir = NULL, *ref = NULL;
    int json = 0, no_sim = 0;
    cli_opt opts[] = {{"--region", 1, &region_dir, NULL},
                      {"--table", 1, &table, NULL},
                      {"--params", 1, &params_dir, NULL},
                      {"--reference", 1, &ref, NULL},
                      {"--no-simulation", 0, NULL, &no_sim},
                      {"--json", 0, NULL, &json},
                      {0}};
    int npos = 0;
    if (cli_parse("validate", argc, argv, opts, NULL, 0, &npos))
        return 2;
    char pbuf[1200], rbuf[1200], tbuf[PATH_MAX + 64];
    if (!region_dir)
        region_dir = cli_default_region();
    if (!params_dir) {
        snprintf(pbuf, sizeof pbuf, "%s/parameters", cli_data_dir());
        params_dir = pbuf;
    }
    if (!ref) {
        snprintf(rbuf, sizeof rbuf, "%s/national/deso_2022.csv", cli_data_dir());
        ref = rbuf;
    } else if (!strcmp(ref, "none")) {
        ref = NULL;
    }
    if (!table) {
        vs_validate_table_path(region_dir, cli_data_dir(), tbuf, sizeof tbuf);
        table = tbuf;
    }
    vs_ctx *ctx;
    if (cli_ctx_create(&ctx))
        return 1;
    vs_region *rg = NULL;
    vs_validate_table *t = NULL;
    vs_validate_models *m = NULL;
    vs_status st = vs_validate_load(ctx, table, &t);
    if (!st)
        st = vs_region_load(ctx, region_dir, &rg);
    if (!st)
        st = vs_validate_run_models(ctx, rg, params_dir, ref, !no_sim, &m);
    int rc = 0;
    if (st) {
        rc = cli_fail(ctx, st);
    } else {
        vs_validate_outputs o = vs_validate_models_outputs(m, rg);
        vs_validate_compute(&o, t);
        if (json)
            rc = cli_print_json(to_json(rg, t, &m->flow_params, !no_sim));
        else
            print_text(rg, t, !no_sim, &m->flow_params);
    }
    vs_validate_models_destroy(m);
    vs_validate_destroy(t);
    vs_region_destroy(rg);
    vs_ctx_destroy(ctx);
    return rc;
}

const cli_command cli_cmd_validate = {
    "validate", "today's model beside the region's published figures", usage, run};
