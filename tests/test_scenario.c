/* Unit tests of the scenario reader: the shipped scenarios, defaults, and
 * every bad file in tests/data/scenario/bad_*.yaml against its expected
 * message in bad_*.expected ("LINE:COLUMN: field KEY: what", the file path
 * is prefixed by the test).  Run with --print to show the actual messages. */
#include <dirent.h>
#include <stdlib.h>

#include "vardsim/scenario.h"
#include "vt.h"

#define DATA "tests/data/scenario"

static void test_shipped(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_scenario *t = NULL, *p = NULL;
    VT_EQ_INT(vs_scenario_load(ctx, "scenarios/today.yaml", &t), VS_OK);
    VT_EQ_INT(vs_scenario_load(ctx, "scenarios/policy.yaml", &p), VS_OK);
    if (!t || !p) {
        fprintf(stderr, "%s\n", vs_ctx_message(ctx));
        vs_ctx_destroy(ctx);
        return;
    }
    VT_EQ_STR(t->name, "today");
    VT_EQ_STR(t->region_dir, "scenarios/../data/stockholm");
    VT_EQ_INT(t->base_year, 2022);
    VT_EQ_INT(t->horizon_year, 2035);
    VT_NEAR(t->primary_care.gp_cap, 2000, 0);
    VT_EQ_INT(t->primary_care.gp_cap_unit, VS_GP_CAP_PER_FTE);
    VT_EQ_INT(t->primary_care.listing_rule, VS_LISTING_CENTRE);
    VT_NEAR(t->primary_care.fixed_gp_share, 0.30, 0);
    VT_EQ_INT(t->primary_care.area_responsibility, 0);
    VT_NEAR(t->primary_care.admin_hours_per_day, 4, 0);
    VT_NEAR(t->beds.occupancy_target, 0.90, 0);
    VT_NEAR(t->beds.closed_bed_share, 0.10, 0);
    VT_NEAR(t->beds.asih_share, 0.46, 0);
    VT_EQ_INT(t->beds.staff_to_plan, 0);
    VT_EQ_INT(t->queues.discipline, VS_SCENARIO_QUEUE_INSURANCE);
    VT_NEAR(t->queues.insured_share, 0.072, 0);
    VT_EQ_INT(t->allocation.cni_support, 0);
    VT_CHECK(isnan(t->allocation.cni_share));
    VT_NEAR(t->workforce.agency_share, 0.02, 0);
    VT_NEAR(t->workforce.agency_reduction_2027, 0, 0);
    VT_EQ_INT(t->workforce.agency_stop_year, 0);
    VT_NEAR(t->care_guarantee.assessment_days, 3, 0);
    VT_NEAR(t->care_guarantee.specialist_days, 90, 0);
    VT_EQ_INT(t->simulation.seed, 20250101);
    VT_EQ_INT(t->simulation.replications, 10);
    VT_EQ_INT(strlen(t->hash), 16);
    VT_CHECK(t->text_len > 100 && strstr(t->text, "name: today") != NULL);

    VT_EQ_STR(p->name, "policy");
    VT_NEAR(p->primary_care.gp_cap, 1100, 0);
    VT_EQ_INT(p->primary_care.listing_rule, VS_LISTING_NAMED_GP);
    VT_NEAR(p->primary_care.fixed_gp_share, 1.0, 0);
    VT_EQ_INT(p->primary_care.area_responsibility, 1);
    VT_EQ_INT(p->allocation.cni_support, 1);
    VT_NEAR(p->allocation.cni_support_threshold, 1.7, 0);
    VT_EQ_INT(p->queues.discipline, VS_SCENARIO_QUEUE_NEED);
    VT_EQ_INT(p->beds.staff_to_plan, 1);
    VT_CHECK(isnan(p->queues.insured_share));
    VT_NEAR(p->workforce.agency_reduction_2027, 0.75, 0);
    VT_EQ_INT(p->workforce.agency_stop_year, 2028);
    VT_CHECK(strcmp(t->hash, p->hash) != 0);
    VT_EQ_STR(vs_queue_discipline_name(p->queues.discipline), "need");
    VT_EQ_STR(vs_listing_rule_name(t->primary_care.listing_rule), "centre");
    VT_EQ_STR(vs_gp_cap_unit_name(VS_GP_CAP_PER_HEAD), "per_head");
    vs_scenario_destroy(t);
    vs_scenario_destroy(p);
    vs_ctx_destroy(ctx);
}

static vs_status count_param(vs_ctx *ctx, void *user, const char *key, const char *value,
                             const char *source)
{
    (void)ctx;
    int *n = user;
    (*n)++;
    if (strcmp(key, "policies.beds.occupancy_target") == 0) {
        VT_EQ_STR(value, "0.9");
        VT_CHECK(strstr(source, "003:185-192") != NULL); /* default: cited */
    }
    if (strcmp(key, "policies.primary_care.gp_cap") == 0) {
        VT_EQ_STR(value, "1500");
        VT_EQ_STR(source, "scenario file");
    }
    if (strcmp(key, "policies.allocation.cni_share") == 0)
        VT_EQ_STR(value, "not set");
    return VS_OK;
}

/* A minimal file takes every documented default. */
static void test_defaults(void)
{
    const char *path = "test_scenario_min.yaml";
    FILE *f = fopen(path, "w");
    fputs("schema_version: 1\nname: min\npolicies:\n  primary_care:\n    gp_cap: 1500\n", f);
    fclose(f);
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_scenario *s = NULL;
    VT_EQ_INT(vs_scenario_load(ctx, path, &s), VS_OK);
    if (s) {
        VT_EQ_STR(s->region_dir, "");
        VT_EQ_INT(s->base_year, 0);
        VT_EQ_INT(s->horizon_year, 0);
        VT_NEAR(s->primary_care.gp_cap, 1500, 0);
        VT_EQ_INT(s->primary_care.gp_cap_unit, VS_GP_CAP_PER_FTE);
        VT_EQ_INT(s->primary_care.listing_rule, VS_LISTING_NAMED_GP);
        VT_NEAR(s->primary_care.further_training_share, 0.10, 0);
        VT_NEAR(s->primary_care.further_training_days, 10, 0);
        VT_NEAR(s->allocation.cni_support_threshold, 1.7, 0);
        VT_NEAR(s->beds.closed_bed_share, 0, 0);
        VT_EQ_INT(s->beds.staff_to_plan, 0);
        VT_NEAR(s->beds.closed_bed_share, 0, 0);
        VT_EQ_INT(s->queues.discipline, VS_SCENARIO_QUEUE_NEED);
        VT_NEAR(s->care_guarantee.contact_days, 0, 0);
        VT_NEAR(s->care_guarantee.treatment_days, 90, 0);
        VT_NEAR(s->workforce.agency_premium, 0.30, 0);
        VT_CHECK(isnan(s->workforce.agency_share));
        VT_EQ_INT(s->simulation.replications, 10);
        VT_EQ_INT(s->simulation.seed, 1);
        VT_EQ_INT(s->simulation.days, 365);
        int n = 0;
        VT_EQ_INT(vs_scenario_each_parameter(ctx, s, count_param, &n), VS_OK);
        VT_EQ_INT(n, 72); /* 67 + the five forecast.* fields */
    }
    vs_scenario_destroy(s);
    /* a missing file is an input error naming the file (exit 2, issue 12) */
    VT_EQ_INT(vs_scenario_load(ctx, "no/such/file.yaml", &s), VS_EINPUT);
    VT_CHECK(strncmp(vs_ctx_message(ctx), "no/such/file.yaml: cannot open", 30) == 0);
    VT_CHECK(s == NULL);
    vs_ctx_destroy(ctx);
    remove(path);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_bad_files(int print)
{
    DIR *d = opendir(DATA);
    VT_CHECK(d != NULL);
    if (!d)
        return;
    char *names[200];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 200) {
        size_t len = strlen(e->d_name);
        if (strncmp(e->d_name, "bad_", 4) == 0 && len > 5
            && strcmp(e->d_name + len - 5, ".yaml") == 0)
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    VT_CHECK(n >= 15);
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    for (int i = 0; i < n; i++) {
        char path[512], exp_path[512], expected[1024] = "", want[1600];
        snprintf(path, sizeof path, DATA "/%s", names[i]);
        snprintf(exp_path, sizeof exp_path, DATA "/%.*s.expected",
                 (int)(strlen(names[i]) - 5), names[i]);
        vs_scenario *s = NULL;
        vs_status st = vs_scenario_load(ctx, path, &s);
        if (print) {
            printf("%s\n", vs_ctx_message(ctx));
            continue;
        }
        FILE *f = fopen(exp_path, "r");
        VT_CHECK(f != NULL);
        if (f) {
            if (!fgets(expected, sizeof expected, f))
                expected[0] = '\0';
            fclose(f);
        }
        expected[strcspn(expected, "\n")] = '\0';
        snprintf(want, sizeof want, "%s:%s", path, expected);
        VT_EQ_INT(st, VS_EINPUT);
        VT_CHECK(s == NULL);
        VT_EQ_STR(vs_ctx_message(ctx), want);
        vs_scenario_destroy(s);
    }
    for (int i = 0; i < n; i++)
        free(names[i]);
    vs_ctx_destroy(ctx);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--print") == 0) {
        test_bad_files(1);
        return 0;
    }
    test_shipped();
    test_defaults();
    test_bad_files(0);
    return vt_done();
}
