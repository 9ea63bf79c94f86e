/* Unit tests of the workforce module: the cohort arithmetic on hand cases
 * (no exits, fractional training length, retirement shifting with age), the
 * projection from the shipped Stockholm parameters, the agency-staff path
 * (-75 % in 2027, 0 from the stop year), budget growth compounding, the
 * scenario's [low, high] ranges and yearly paths (FILE:LINE:COLUMN: field
 * errors) and a region without figures (missing, never Stockholm's).
 * Run from the source directory (ctest sets it). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vardsim/vardsim.h"
#include "vt.h"
#include "workforce/wf_int.h"

static const char *SCEN = "test_workforce_scenario.yaml";

/* Load a scenario from text (written to SCEN); NULL on error, message in ctx. */
static vs_scenario *scenario(vs_ctx *ctx, const char *body)
{
    FILE *f = fopen(SCEN, "w");
    if (!f)
        return NULL;
    fprintf(f, "schema_version: 1\nname: t\n%s", body);
    fclose(f);
    vs_scenario *sc = NULL;
    vs_scenario_load(ctx, SCEN, &sc);
    remove(SCEN);
    return sc;
}

/* No exits: stock + completions, exactly. */
static void test_cohort_no_exits(void)
{
    double intake[8], inflow[8] = {0}, heads[8];
    for (int i = 0; i < 8; i++)
        intake[i] = 10;
    vsi_wf_cohort c = {1, {100}, {0}, {0}, 10, intake, inflow, 5.5, 0.8};
    vsi_wf_cohort_run(&c, 8, heads);
    for (int i = 0; i < 8; i++)
        VT_NEAR(heads[i], 100 + 8.0 * i, 1e-12);
    /* inflow adds one for one */
    inflow[3] = 5;
    vsi_wf_cohort_run(&c, 8, heads);
    VT_NEAR(heads[2], 116, 1e-12);
    VT_NEAR(heads[3], 129, 1e-12);
    VT_NEAR(heads[7], 161, 1e-12);
}

/* A step in the intake reaches completions 5.5 years later, half in year 6
 * and fully from year 7. */
static void test_completions_fraction(void)
{
    double intake[10], inflow[10] = {0};
    for (int i = 0; i < 10; i++)
        intake[i] = 20;
    vsi_wf_cohort c = {1, {0}, {0}, {0}, 10, intake, inflow, 5.5, 1.0};
    for (int i = 1; i <= 5; i++)
        VT_NEAR(vsi_wf_completions(&c, i), 10, 0);
    VT_NEAR(vsi_wf_completions(&c, 6), 15, 0);
    VT_NEAR(vsi_wf_completions(&c, 7), 20, 0);
    c.training_years = 6;
    VT_NEAR(vsi_wf_completions(&c, 6), 10, 0);
    VT_NEAR(vsi_wf_completions(&c, 7), 20, 0);
}

/* Retirement shifts: 100 aged 60-64, exits 50 % at 65-69 and 100 % at 70+.
 * Hand computation: a fifth moves up each year.
 *   year 1: 80 (60-64) + 20 (65-69)                        = 100
 *   year 2: 64 + (20 x 0.5 x 0.8 + 80 x 0.2 = 24) + 2     = 90
 *   year 3: 51.2 + (12 x 0.8 + 64 x 0.2 = 22.4) + 2.4     = 76 */
static void test_retirement_shifts(void)
{
    double z[4] = {0}, heads[4];
    vsi_wf_cohort c = {VS_WF_BANDS, {0, 0, 0, 100, 0, 0}, {0, 0, 0, 0, 0.5, 1.0},
                       {0.1, 0.1, 0.1, 0.2, 0.2, 0}, 0, z, z, 5.5, 0};
    vsi_wf_cohort_run(&c, 4, heads);
    VT_NEAR(heads[0], 100, 1e-12);
    VT_NEAR(heads[1], 100, 1e-12);
    VT_NEAR(heads[2], 90, 1e-12);
    VT_NEAR(heads[3], 76, 1e-12);
}

/* The shipped Stockholm figures: 1,080 heads, retirement 0.0333, the steady
 * intake 706 / 5.5 completing in full, 0.809 FTE per head. */
static void test_project_stockholm(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_workforce_params *p = NULL;
    VT_EQ_INT(vs_workforce_params_load(ctx, "data/parameters", "data/stockholm", &p), VS_OK);
    vs_scenario *sc = scenario(ctx, "base_year: 2022\n");
    VT_CHECK(p && sc);
    if (!p || !sc) {
        vs_scenario_destroy(sc);
        vs_workforce_params_destroy(p);
        vs_ctx_destroy(ctx);
        return;
    }
    VT_NEAR(p->prof[VS_PROF_GP].stock_heads, 1080, 0);
    VT_NEAR(p->prof[VS_PROF_GP].trainees, 706, 0); /* the latest year */
    VT_EQ_INT(p->prof[VS_PROF_GP].trainees_year, 2024);
    VT_CHECK(strstr(p->missing, "gp_attrition_rate (taken as 0") != NULL);
    VT_CHECK(strstr(p->missing, "gp_fte_per_head") == NULL);
    VT_CHECK(strstr(p->missing, "nurse_stock_heads") != NULL);
    double fte[14], heads[14];
    VT_EQ_INT(vs_workforce_project(ctx, p, sc, VS_PROF_GP, 2022, 2035, NULL, fte, heads), VS_OK);
    double h = 1080, k = 706 / 5.5;
    for (int i = 0; i < 14; i++) {
        VT_NEAR(heads[i], h, 1e-9);
        VT_NEAR(fte[i], 0.809 * h, 1e-9); /* FTE per head 0.809 (proxy); hours constant */
        h = h * (1 - 0.0333) + k;
    }
    /* nurses: no stock for Stockholm -> not available, naming the row */
    char why[1024];
    VT_EQ_INT(vs_workforce_available(p, sc, VS_PROF_NURSE, why, sizeof why), 0);
    VT_CHECK(strstr(why, "nurse_stock_heads NOT FOUND") != NULL);
    VT_EQ_INT(vs_workforce_project(ctx, p, sc, VS_PROF_NURSE, 2022, 2035, NULL, fte, NULL),
              VS_EINPUT);
    vs_scenario_destroy(sc);
    /* the scenario's fields replace the files; a range is drawn */
    sc = scenario(ctx, "base_year: 2022\npolicies:\n  workforce:\n    gp:\n"
                       "      training_intake_per_year: {2023: 150, 2026: [150, 190]}\n"
                       "      retirement_rate: 0\n      fte_per_head: 0.8\n"
                       "      hours_per_week: {2022: 40, 2025: 36}\n");
    VT_CHECK(sc != NULL);
    if (sc) {
        VT_EQ_INT(vs_workforce_draws_needed(sc), 1);
        VT_NEAR(sc->workforce.prof[0].training_intake.value[1], 170, 0);
        double u0[1] = {0.0}, u1[1] = {1.0};
        VT_EQ_INT(vs_workforce_project(ctx, p, sc, VS_PROF_GP, 2022, 2035, u0, fte, heads),
                  VS_OK);
        /* no exits: 1,080 + 706/5.5 a year until the 2023 intake completes
         * (half in 2028, fully from 2029) */
        VT_NEAR(heads[5], 1080 + 5 * k, 1e-9);
        VT_NEAR(heads[6], 1080 + 5 * k + (0.5 * 150 + 0.5 * k), 1e-9);
        VT_NEAR(heads[7], 1080 + 5 * k + (0.5 * 150 + 0.5 * k) + 150, 1e-9);
        VT_NEAR(fte[0], 0.8 * heads[0], 1e-12);
        VT_NEAR(fte[3], 0.8 * heads[3] * 36 / 40, 1e-12);
        double hi[14];
        VT_EQ_INT(vs_workforce_project(ctx, p, sc, VS_PROF_GP, 2022, 2035, u1, NULL, hi), VS_OK);
        /* the 2026 intake (and every later one, a step) differs by 40: half of
         * it completes in 2031 (5.5 years), the rest in 2032 */
        VT_NEAR(hi[8], heads[8], 1e-9);
        VT_NEAR(hi[9] - heads[9], 0.5 * 40, 1e-9);
        VT_NEAR(hi[10] - heads[10], 1.5 * 40, 1e-9);
        VT_NEAR(hi[11] - heads[11], 2.5 * 40, 1e-9);
        double bad[1] = {1.5};
        VT_EQ_INT(vs_workforce_project(ctx, p, sc, VS_PROF_GP, 2022, 2035, bad, fte, NULL),
                  VS_EUSAGE);
    }
    vs_scenario_destroy(sc);
    vs_workforce_params_destroy(p);
    vs_ctx_destroy(ctx);
}

/* Agency staff: -75 % by 2027 (linear from 2023), 0 from 2028. */
static void test_agency(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_workforce_params *p = NULL;
    VT_EQ_INT(vs_workforce_params_load(ctx, "data/parameters", "data/stockholm", &p), VS_OK);
    vs_scenario *sc = scenario(ctx, "policies:\n  workforce:\n    agency_staff_share: 0.02\n"
                                    "    agency_reduction_by_2027: 0.75\n"
                                    "    agency_stop_year: 2028\n");
    VT_CHECK(p && sc);
    if (p && sc) {
        vs_agency_year a[10];
        VT_EQ_INT(vs_agency_project(ctx, p, sc, 2022, 2031, NULL, a), VS_OK);
        VT_NEAR(a[0].level, 1, 0);
        VT_CHECK(isnan(a[0].cost_sek)); /* no staff costs before 2023 */
        VT_NEAR(a[1].level, 1, 0);
        VT_NEAR(a[1].cost_sek, 0.02 * 34435e6, 1e-3);
        VT_NEAR(a[3].level, 1 - 0.75 * 2 / 4.0, 1e-15);
        VT_NEAR(a[3].share, 0.02 * 0.625, 1e-15);
        VT_NEAR(a[3].cost_sek, 0.02 * 0.625 * 37451e6, 1e-3);
        VT_NEAR(a[5].level, 0.25, 1e-15);                   /* 2027: -75 % */
        VT_NEAR(a[5].cut_sek, 0.02 * 0.75 * 39910e6, 1e-3);
        VT_NEAR(a[5].capacity_lost_sek, 0.02 * 0.75 * 39910e6 / 1.3, 1e-3);
        VT_NEAR(a[5].replacement_sek, 0, 0);
        VT_CHECK(isnan(a[5].capacity_lost_fte)); /* cost of an FTE NOT FOUND */
        for (int i = 6; i < 10; i++) {                      /* 2028 on: none */
            VT_NEAR(a[i].level, 0, 0);
            VT_NEAR(a[i].cost_sek, 0, 0);
        }
        /* after 2027 staff costs grow at the plan's 2023-2027 average */
        double g = pow(39910.0 / 34435.0, 0.25) - 1;
        VT_NEAR(a[7].staff_cost_sek, 39910e6 * pow(1 + g, 2), 1e-2);
    }
    vs_scenario_destroy(sc);
    /* replaced by employed staff: no capacity lost, the replacement costs */
    sc = scenario(ctx, "policies:\n  workforce:\n    agency_reduction_by_2027: 0.75\n"
                       "    agency_replaced_by_employed: true\n    agency_premium: 0.5\n");
    if (p && sc) {
        vs_agency_year a[6];
        VT_EQ_INT(vs_agency_project(ctx, p, sc, 2022, 2027, NULL, a), VS_OK);
        VT_NEAR(a[5].share, 0.02 * 0.25, 1e-15); /* agency_share of the region file */
        VT_NEAR(a[5].capacity_lost_fte, 0, 0);
        VT_NEAR(a[5].replacement_sek, a[5].cut_sek / 1.5, 1e-3);
    }
    vs_scenario_destroy(sc);
    vs_workforce_params_destroy(p);
    vs_ctx_destroy(ctx);
}

/* Budget: compounding growth, tables by year, the region's own figures. */
static void test_budget(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_workforce_params *p = NULL;
    VT_EQ_INT(vs_workforce_params_load(ctx, "data/parameters", "data/stockholm", &p), VS_OK);
    vs_scenario *sc = scenario(ctx, "base_year: 2022\npolicies:\n  budget:\n"
                                    "    primary_care_msek: 1000\n    primary_care_growth: 0.05\n"
                                    "    total_msek: {2024: 100000, 2026: 121000}\n"
                                    "    total_growth: 0.02\n");
    VT_CHECK(p && sc);
    if (p && sc) {
        vs_budget_year b[9];
        VT_EQ_INT(vs_budget_project(ctx, p, sc, 2022, 2030, NULL, b), VS_OK);
        for (int i = 0; i < 9; i++)
            VT_NEAR(b[i].primary_care_sek, 1000e6 * pow(1.05, i), 1e-6);
        VT_CHECK(isnan(b[0].total_sek) && isnan(b[1].total_sek)); /* before the table */
        VT_NEAR(b[2].total_sek, 100000e6, 0);
        VT_NEAR(b[3].total_sek, 110000e6, 1e-3); /* geometric between given years */
        VT_NEAR(b[4].total_sek, 121000e6, 0);
        VT_NEAR(b[8].total_sek, 121000e6 * pow(1.02, 4), 1e-3);
        VT_NEAR(b[8].primary_care_share, 1000 * pow(1.05, 8) / (121000 * pow(1.02, 4)), 1e-15);
        VT_NEAR(vs_budget_gp_cost_sek(p, 10), 10 * 1578840.0, 0);
    }
    vs_scenario_destroy(sc);
    /* no budget fields: the region's appropriations (PVN / (HSN + PVN)) */
    sc = scenario(ctx, "base_year: 2022\n");
    if (p && sc) {
        vs_budget_year b[9];
        VT_EQ_INT(vs_budget_project(ctx, p, sc, 2022, 2030, NULL, b), VS_OK);
        VT_CHECK(isnan(b[1].primary_care_share));
        VT_NEAR(b[2].primary_care_share, 14072.9 / (66896.8 + 14072.9), 1e-15);
        VT_NEAR(b[5].primary_care_sek, 17159.9e6, 1e-3);
        double g = pow(17159.9 / 14072.9, 1.0 / 3) - 1;
        VT_NEAR(b[8].primary_care_sek, 17159.9e6 * pow(1 + g, 3), 1e-2);
    }
    vs_scenario_destroy(sc);
    vs_workforce_params_destroy(p);
    vs_ctx_destroy(ctx);
}

/* A region without its own files: missing, never Stockholm's figures. */
static void test_region_missing(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_workforce_params *p = NULL;
    const char *mini = "tests/data/region/mini";
    VT_EQ_INT(vs_workforce_params_load(ctx, "data/parameters", mini, &p), VS_OK);
    vs_scenario *sc = scenario(ctx, "base_year: 2022\n");
    VT_CHECK(p && sc);
    if (p && sc) {
        VT_CHECK(isnan(p->prof[VS_PROF_GP].stock_heads));
        VT_CHECK(isnan(p->agency.share));
        VT_EQ_INT(p->budget.pvn_msek.n, 0);
        VT_CHECK(strstr(p->missing, "tests/data/region/mini/parameters/budget.csv: "
                                    "pvn_appropriation") != NULL);
        VT_NEAR(p->budget.share_target, 0.25, 0); /* generic rows still apply */
        vs_budget_year b[3];
        VT_EQ_INT(vs_budget_project(ctx, p, sc, 2022, 2024, NULL, b), VS_OK);
        for (int i = 0; i < 3; i++)
            VT_CHECK(isnan(b[i].primary_care_sek) && isnan(b[i].primary_care_share));
        vs_agency_year a[3];
        VT_EQ_INT(vs_agency_project(ctx, p, sc, 2022, 2024, NULL, a), VS_EINPUT);
        VT_EQ_STR(vs_ctx_message(ctx),
                  "tests/data/region/mini/parameters/agency.csv: field agency_share: missing (or "
                  "policies.workforce.agency_staff_share in test_workforce_scenario.yaml)");
        double f[3];
        VT_EQ_INT(vs_workforce_project(ctx, p, sc, VS_PROF_GP, 2022, 2024, NULL, f, NULL),
                  VS_EINPUT);
        VT_CHECK(strstr(vs_ctx_message(ctx), "mini/parameters/workforce_supply.csv: "
                                             "gp_stock_heads NOT FOUND") != NULL);
    }
    vs_scenario_destroy(sc);
    vs_workforce_params_destroy(p);
    vs_ctx_destroy(ctx);
}

/* A region's own figures are refused in the generic parameter directory, and
 * bad rows are FILE:LINE: field errors. */
static void test_params_errors(void)
{
    char dir[] = "/tmp/vs_wf_paramsXXXXXX";
    if (!mkdtemp(dir)) {
        VT_CHECK(0);
        return;
    }
    static const char *const files[] = {"workforce_supply.csv", "agency.csv", "budget.csv",
                                        "gp_workforce.csv"};
    static const struct {
        int file;
        const char *row, *message;
    } cases[] = {
        {0, "gp_stock_heads,1000,h,2024,X,s,n\n",
         "/workforce_supply.csv:7: field parameter: 'gp_stock_heads' is a region's own figure: "
         "it belongs in REGION/parameters/workforce_supply.csv (docs/workforce.md)"},
        {1, "staff_cost_msek,100,M,2024,X,s,n\n",
         "/agency.csv:4: field parameter: 'staff_cost_msek' is a region's own figure: it "
         "belongs in REGION/parameters/agency.csv (docs/workforce.md)"},
        {0, "gp_shoe_size,1,h,2024,X,s,n\n",
         "/workforce_supply.csv:7: field parameter: unknown parameter 'gp_shoe_size' "
         "(docs/workforce.md lists the rows of workforce_supply.csv)"},
        {0, "gp_fte_per_head,3,y,,X,s,n\n",
         "/workforce_supply.csv:7: field value: value 3 is out of range [0.01, 1.5]"},
        {0, "gp_training_years,6,y,,X,s,n\n",
         "/workforce_supply.csv:7: field parameter: 'gp_training_years' given twice (without a "
         "year)"},
        {0, "nurse_hours_per_week,40,h,2026,X,s,n\nnurse_hours_per_week,38,h,2026,X,s,n\n",
         "/workforce_supply.csv:8: field parameter: 'nurse_hours_per_week' for year 2026 given "
         "twice"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        for (int i = 0; i < 4; i++) {
            char src[128], dst[256];
            snprintf(src, sizeof src, "data/parameters/%s", files[i]);
            snprintf(dst, sizeof dst, "%s/%s", dir, files[i]);
            char *text = vt_slurp(src);
            FILE *f = fopen(dst, "w");
            if (f && text) {
                fputs(text, f);
                if (i == cases[c].file)
                    fputs(cases[c].row, f);
            }
            if (f)
                fclose(f);
            free(text);
        }
        vs_ctx *ctx;
        vs_ctx_create(&ctx);
        vs_workforce_params *p = NULL;
        VT_EQ_INT(vs_workforce_params_load(ctx, dir, "data/stockholm", &p), VS_EINPUT);
        VT_CHECK(p == NULL);
        const char *m = vs_ctx_message(ctx);
        VT_EQ_STR(strncmp(m, dir, strlen(dir)) == 0 ? m + strlen(dir) : m, cases[c].message);
        vs_ctx_destroy(ctx);
    }
    for (int i = 0; i < 4; i++) {
        char dst[256];
        snprintf(dst, sizeof dst, "%s/%s", dir, files[i]);
        unlink(dst);
    }
    rmdir(dir);
}

/* Scenario text -> the error message expected.  A sequence's own position is
 * not exposed by libfyaml 0.7: its errors point at the key (docs/scenario.md). */
static void expect_error(const char *body, const char *message)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_scenario *sc = scenario(ctx, body);
    VT_CHECK(sc == NULL);
    VT_EQ_STR(vs_ctx_message(ctx), message);
    vs_scenario_destroy(sc);
    vs_ctx_destroy(ctx);
}

#define WF "policies:\n  workforce:\n"
#define F "test_workforce_scenario.yaml:"
static void test_range_errors(void)
{
    expect_error(WF "    agency_premium: [0.4, 0.2]\n",
                 F "5:22: field policies.workforce.agency_premium: range [0.4, 0.2]: low is "
                   "greater than high");
    expect_error(WF "    agency_premium: [0.2, abc]\n",
                 F "5:27: field policies.workforce.agency_premium: expected a number, got 'abc'");
    expect_error(WF "    agency_premium: [0.2, 0.3, 0.4]\n",
                 F "5:5: field policies.workforce.agency_premium: a range is [low, high], two "
                   "numbers; got 3 items");
    expect_error(WF "    agency_premium: [0.2, 9]\n",
                 F "5:27: field policies.workforce.agency_premium: value 9 is out of range [0, "
                   "5]");
    expect_error("policies:\n  beds:\n    occupancy_target: [0.8, 0.9]\n",
                 F "5:5: field policies.beds.occupancy_target: expected a number, got a "
                   "sequence (a range [low, high] is taken only by forecast inputs, "
                   "docs/scenario.md)");
    expect_error(WF "    gp:\n      training_years: 5\n",
                 F "6:23: field policies.workforce.gp.training_years: value 5 is out of range "
                   "[5.5, 15]");
    expect_error(WF "    gp:\n      training_intake_per_year: {2026: 10, 2024: 20}\n",
                 F "6:44: field policies.workforce.gp.training_intake_per_year: years must "
                   "increase: 2024 after 2026");
    expect_error(WF "    gp:\n      training_intake_per_year: {next: 10}\n",
                 F "6:34: field policies.workforce.gp.training_intake_per_year: expected a year "
                   "(1900-2150) as key, got 'next'");
    expect_error(WF "    gp:\n      training_intake_per_year: {2025: [30, 20]}\n",
                 F "6:41: field policies.workforce.gp.training_intake_per_year.2025: range [30, "
                   "20]: low is greater than high");
    expect_error(WF "    agency_stop_year: 2020\n",
                 F "5:23: field policies.workforce.agency_reference_year: reference year 2023 is "
                   "not before the stop year 2020");
    expect_error("policies:\n  budget:\n    total_growth: '0.03'\n",
                 F "5:20: field policies.budget.total_growth: expected a number, got the quoted "
                   "string '0.03'");
}

/* Ranges: central midpoint, draws, and the stored parameter text. */
static vs_status find_param(vs_ctx *ctx, void *user, const char *key, const char *value,
                      const char *source)
{
    (void)ctx;
    (void)source;
    char **want = user;
    if (strcmp(key, want[0]) == 0)
        snprintf(want[1], 200, "%s", value);
    return VS_OK;
}

static void test_ranges(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_scenario *sc = scenario(ctx, WF "    agency_premium: [0.2, 0.4]\n    gp:\n"
                                       "      inflow_per_year: {2024: 5, 2030: [0, 20]}\n");
    VT_CHECK(sc != NULL);
    if (sc) {
        VT_EQ_INT(vs_scenario_range_count(sc), 2);
        VT_NEAR(sc->workforce.agency_premium, 0.3, 1e-15);
        VT_EQ_STR(sc->ranges[1].key, "policies.workforce.gp.inflow_per_year.2030");
        vs_scenario d;
        double u[2] = {0.25, 1.0};
        VT_EQ_INT(vs_scenario_draw(ctx, sc, u, &d), VS_OK);
        VT_NEAR(d.workforce.agency_premium, 0.25, 1e-15);
        VT_NEAR(vs_year_path_at(&d.workforce.prof[0].inflow, 2031), 20, 0);
        VT_NEAR(vs_year_path_at(&d.workforce.prof[0].inflow, 2025), 5, 0);
        VT_NEAR(vs_year_path_at(&d.workforce.prof[0].inflow, 2020), 5, 0);
        VT_CHECK(d.text == NULL);
        VT_EQ_INT(vs_scenario_draw(ctx, sc, NULL, &d), VS_OK);
        VT_NEAR(vs_year_path_at(&d.workforce.prof[0].inflow, 2031), 10, 0);
        char val[200];
        char *want[2] = {"policies.workforce.gp.inflow_per_year", val};
        VT_EQ_INT(vs_scenario_each_parameter(ctx, sc, find_param, want), VS_OK);
        VT_EQ_STR(val, "2024: 5, 2030: [0, 20]");
        want[0] = "policies.workforce.agency_premium";
        VT_EQ_INT(vs_scenario_each_parameter(ctx, sc, find_param, want), VS_OK);
        VT_EQ_STR(val, "[0.2, 0.4]");
    }
    vs_scenario_destroy(sc);
    vs_ctx_destroy(ctx);
}

/* The shipped scenarios' paths: today's MK plan stays near 18 %; the policy
 * reaches 25 % in 2030 and holds it; ST intake and agency staff as cited. */
static void test_shipped(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_workforce_params *p = NULL;
    vs_scenario *today = NULL, *policy = NULL;
    VT_EQ_INT(vs_workforce_params_load(ctx, "data/parameters", "data/stockholm", &p), VS_OK);
    VT_EQ_INT(vs_scenario_load(ctx, "scenarios/today.yaml", &today), VS_OK);
    VT_EQ_INT(vs_scenario_load(ctx, "scenarios/policy.yaml", &policy), VS_OK);
    if (p && today && policy) {
        vs_budget_year t[14], q[14];
        VT_EQ_INT(vs_budget_project(ctx, p, today, 2022, 2035, NULL, t), VS_OK);
        VT_EQ_INT(vs_budget_project(ctx, p, policy, 2022, 2035, NULL, q), VS_OK);
        VT_NEAR(t[3].primary_care_share, 15273.4 / 85942.4, 1e-15); /* 2025, MK */
        VT_CHECK(t[8].primary_care_share < 0.25);
        VT_CHECK(q[7].primary_care_share < 0.25);                   /* 2029 */
        VT_CHECK(q[8].primary_care_share >= 0.25);                  /* 2030 */
        VT_NEAR(q[8].primary_care_share, 0.25, 1e-5);
        VT_CHECK(q[13].primary_care_share >= 0.25);
        /* the workforce range of policy.yaml at its ends, every other range
         * (the forecast's population scales) at its midpoint */
        int nr = vs_scenario_range_count(policy), k = -1;
        VT_CHECK(nr >= 1 && nr <= 8);
        double lo[14], hi[14], u0[8], u1[8];
        for (int i = 0; i < 8; i++) {
            u0[i] = u1[i] = 0.5;
            if (k < 0 && i < nr && strncmp(policy->ranges[i].key, "policies.workforce.", 19) == 0)
                k = i;
        }
        VT_CHECK(k >= 0);
        u0[k >= 0 ? k : 0] = 0;
        u1[k >= 0 ? k : 0] = 1;
        VT_EQ_INT(vs_workforce_project(ctx, p, policy, VS_PROF_GP, 2022, 2035, u0, lo, NULL),
                  VS_OK);
        VT_EQ_INT(vs_workforce_project(ctx, p, policy, VS_PROF_GP, 2022, 2035, u1, hi, NULL),
                  VS_OK);
        /* 53 more a year from 2025 completes half in 2030 and fully after,
         * then retires at 0.0333 a year like the rest */
        double e = 0;
        for (int i = 0; i < 14; i++) {
            int y = 2022 + i;
            e = y < 2030 ? 0 : y == 2030 ? 0.5 * 53 : e * (1 - 0.0333) + 53;
            VT_NEAR(hi[i] - lo[i], 0.809 * e, 1e-9); /* FTE: 0.809 per head */
        }
        vs_agency_year a[14];
        VT_EQ_INT(vs_agency_project(ctx, p, policy, 2022, 2035, NULL, a), VS_OK);
        VT_NEAR(a[5].level, 0.25, 1e-15);
        VT_NEAR(a[6].cost_sek, 0, 0);
        VT_NEAR(a[6].capacity_lost_sek, 0, 0); /* replaced by employed staff */
    }
    vs_scenario_destroy(today);
    vs_scenario_destroy(policy);
    vs_workforce_params_destroy(p);
    vs_ctx_destroy(ctx);
}

int main(void)
{
    test_shipped();
    test_cohort_no_exits();
    test_completions_fraction();
    test_retirement_shifts();
    test_project_stockholm();
    test_agency();
    test_budget();
    test_region_missing();
    test_params_errors();
    test_range_errors();
    test_ranges();
    return vt_done();
}
