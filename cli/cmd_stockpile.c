/*
 * cmd_stockpile.c: "vardsim stockpile", protective stock against the
 * documents' three months of use, and an import stop with a surge
 * (vardsim/stockpile.h, docs/stockpile.md).
 */
#include <math.h>
#include <stdio.h>

#include "cli.h"
#include "need_common.h"

static const char usage[] =
    "usage: vardsim stockpile [--region DIR] [--params DIR] [--stock FILE]\n"
    "                         [--import-stop-days D] [--surge G] [--json]\n"
    "\n"
    "Use per day of each protective item from its use per bed-day, per primary-care\n"
    "visit, per emergency-department visit and per resident and year (stockpile.csv)\n"
    "and the need model's yearly volumes; days of supply of the stock on hand against the 90-day target\n"
    "(three months of use); a scenario in which imports stop for D days while use\n"
    "is multiplied by each item's surge factor (or G for every item).\n"
    "\n"
    "  --region DIR            region directory (default: the shipped region)\n"
    "  --params DIR            parameter directory (default: data/parameters)\n"
    "  --stock FILE            stock on hand, CSV with columns item,stock (pieces);\n"
    "                          without it the stock is NOT FOUND and only the use\n"
    "                          and the stock needed are reported\n"
    "  --import-stop-days D    scenario length (default: import_stop_days)\n"
    "  --surge G               use multiplier for every item, >= 1 (default: each\n"
    "                          item's surge_factor, 1 where NOT FOUND)\n"
    "  --json                  print JSON\n"
    "\n"
    "JSON: target_days, items[] (item, use_per_day, stock, days_of_supply, met,\n"
    "stock_needed, surge_factor, scenario_days_lasting, scenario_need,\n"
    "scenario_short), import_stop_days, volumes, not_found[].  Unknown values are\n"
    "null; met is null when unknown.\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input.\n";

static const char *const driver_names[VS_STOCK_DRIVERS] = {"bed_days", "doctor_visits",
                                                           "ed_visits", "residents"};

static json_t *not_found(const vs_stockpile_result *r)
{
    json_t *a = json_array();
    for (int i = 0; i < r->n_items; i++) {
        const vs_stockpile_item *it = &r->items[i];
        if (isnan(it->use_per_day))
            json_array_append_new(a, json_sprintf("%s: use per unit of activity NOT FOUND "
                                                  "(use_per_*_%s in stockpile.csv)",
                                                  it->item, it->item));
        if (isnan(it->stock))
            json_array_append_new(a, json_sprintf("%s: stock on hand NOT FOUND (give --stock)",
                                                  it->item));
    }
    return a;
}

static json_t *met_json(int met) { return met < 0 ? json_null() : json_boolean(met); }

static json_t *to_json(const vs_stockpile_result *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "target_days", json_real(r->target_days));
    json_object_set_new(o, "import_stop_days", json_real(r->import_stop_days));
    json_t *v = json_object();
    for (int d = 0; d < VS_STOCK_DRIVERS; d++)
        json_object_set_new(v, driver_names[d], cli_json_num(r->volume[d]));
    json_object_set_new(o, "volumes_per_year", v);
    json_t *items = json_array();
    for (int i = 0; i < r->n_items; i++) {
        const vs_stockpile_item *it = &r->items[i];
        json_t *e = json_object();
        json_object_set_new(e, "item", json_string(it->item));
        json_object_set_new(e, "use_per_day", cli_json_num(it->use_per_day));
        json_object_set_new(e, "stock", cli_json_num(it->stock));
        json_object_set_new(e, "days_of_supply", cli_json_num(it->days_of_supply));
        json_object_set_new(e, "met", met_json(it->met));
        json_object_set_new(e, "stock_needed", cli_json_num(it->stock_needed));
        json_object_set_new(e, "surge_factor", cli_json_num(it->surge_factor));
        json_object_set_new(e, "scenario_days_lasting", cli_json_num(it->scenario_days_lasting));
        json_object_set_new(e, "scenario_need", cli_json_num(it->scenario_need));
        json_object_set_new(e, "scenario_short", cli_json_num(it->scenario_short));
        json_array_append_new(items, e);
    }
    json_object_set_new(o, "items", items);
    json_object_set_new(o, "min_days_of_supply", cli_json_num(r->min_days_of_supply));
    json_object_set_new(o, "not_found", not_found(r));
    return o;
}

static void num(double v, const char *fmt)
{
    if (isnan(v))
        printf(" %12s", "NOT FOUND");
    else
        printf(fmt, v);
}

static void print_text(const vs_stockpile_result *r)
{
    printf("target: %.0f days of use; scenario: imports stop for %.0f days\n\n", r->target_days,
           r->import_stop_days);
    printf("%-16s %12s %12s %12s %5s %12s %6s %12s\n", "item", "use/day", "stock",
           "days", "met", "needed", "surge", "short");
    for (int i = 0; i < r->n_items; i++) {
        const vs_stockpile_item *it = &r->items[i];
        printf("%-16s", it->item);
        num(it->use_per_day, " %12.0f");
        num(it->stock, " %12.0f");
        num(it->days_of_supply, " %12.1f");
        printf(" %5s", it->met < 0 ? "?" : it->met ? "yes" : "no");
        num(it->stock_needed, " %12.0f");
        printf(" %6.2f", it->surge_factor);
        num(it->scenario_short, " %12.0f");
        printf("\n");
    }
    json_t *nf = not_found(r);
    if (json_array_size(nf))
        printf("\n");
    for (size_t i = 0; i < json_array_size(nf); i++)
        printf("%s\n", json_string_value(json_array_get(nf, i)));
    json_decref(nf);
}

typedef struct opts {
    const char *region, *pdir, *stock, *stop, *surge;
    int json;
} opts;

static vs_status compute(cli_need *w, const opts *o, double stop, double surge,
                         vs_stockpile_result *r)
{
    vs_need_options nopt;
    vs_need_options_init(&nopt);
    vs_status st = cli_need_load(w, o->region, o->pdir, NULL, NULL, &nopt);
    if (st)
        return st;
    char pbuf[1200];
    snprintf(pbuf, sizeof pbuf, "%s/parameters", cli_data_dir());
    vs_stockpile_params *p = NULL;
    double stock[VS_STOCK_MAX_ITEMS];
    st = vs_stockpile_params_load(w->ctx, o->pdir ? o->pdir : pbuf, &p);
    if (!st && o->stock)
        st = vs_stockpile_stock_load(w->ctx, o->stock, p, stock);
    double vol[VS_STOCK_DRIVERS] = {w->res->total[VS_SERVICE_BED_DAYS],
                                    w->res->total[VS_SERVICE_DOCTOR], w->res->total[VS_SERVICE_ED],
                                    (double)w->region->population};
    if (!st)
        st = vs_stockpile_compute(w->ctx, p, vol, o->stock ? stock : NULL, stop, surge, r);
    vs_stockpile_params_destroy(p);
    return st;
}

static int run(int argc, char **argv)
{
    opts o = {0};
    const cli_opt spec[] = {{"--region", 1, &o.region, NULL},
                            {"--params", 1, &o.pdir, NULL},
                            {"--stock", 1, &o.stock, NULL},
                            {"--import-stop-days", 1, &o.stop, NULL},
                            {"--surge", 1, &o.surge, NULL},
                            {"--json", 0, NULL, &o.json},
                            {0}};
    int npos = 0;
    if (cli_parse("stockpile", argc, argv, spec, NULL, 0, &npos))
        return 2;
    double stop = -1, surge = -1;
    if ((o.stop && cli_double("stockpile", "--import-stop-days", o.stop, 0, 3650, &stop)) ||
        (o.surge && cli_double("stockpile", "--surge", o.surge, 1, 10000, &surge)))
        return 2;
    cli_need w;
    vs_stockpile_result r;
    vs_status st = compute(&w, &o, stop, surge, &r);
    int rc = st ? cli_fail(w.ctx, st) : 0;
    cli_need_release(&w);
    if (st)
        return rc;
    if (o.json)
        return cli_print_json(to_json(&r));
    print_text(&r);
    return 0;
}

const cli_command cli_cmd_stockpile = {
    "stockpile", "protective stock: days of supply against three months of use", usage, run};
