/*
 * test_sweep.c: "vardsim sweep" in the library (vardsim/sweep.h).
 *   vary      KEY=FROM:TO:STEP parsed; every bad spec refused with the option named
 *   set       vs_scenario_set_number: range, integers, cross-field rules, ranges dropped
 *   grid      every combination, first key slowest, values rounded to 12 digits
 *   lhs       one value per stratum and key, the same for the same seed
 *   phase     the points are one phase "sweep" of fixed-size records; a backend
 *             computing it in reverse shares gives the same bytes as local threads
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vardsim/run.h"
#include "vardsim/sweep.h"
#include "vardsim/units.h"
#include "vt.h"

static void test_vary(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_sweep_vary v;
    VT_EQ_INT(vs_sweep_parse_vary(ctx, "policies.beds.closed_bed_share=0:0.1:0.05", 0, &v), VS_OK);
    VT_EQ_STR(v.key, "policies.beds.closed_bed_share");
    VT_NEAR(v.from, 0, 0);
    VT_NEAR(v.to, 0.1, 0);
    VT_NEAR(v.step, 0.05, 0);
    VT_EQ_INT(v.info.is_integer, 0);
    VT_EQ_INT(vs_sweep_parse_vary(ctx, "simulation.days=10:20:5", 0, &v), VS_OK);
    VT_EQ_INT(v.info.is_integer, 1);
    VT_EQ_INT(vs_sweep_parse_vary(ctx, "policies.primary_care.gp_cap=1000:2000", 1, &v), VS_OK);
    VT_CHECK(isnan(v.step));
    static const char *const bad[] = {
        "policies.primary_care.gp_cap=1000:2000", /* no step for a grid */
        "nosuch=0:1:1", "policies.queues.discipline=0:1:1", "name=0:1:1", "base_year=2022:2022:1",
        "simulation.seed=1:2:1", "policies.beds.closed_bed_share=0.2:0.1:0.1",
        "policies.beds.closed_bed_share=0:0.1:0", "policies.beds.closed_bed_share=0:0.1:-1",
        "policies.beds.closed_bed_share=0:2:1", "policies.beds.closed_bed_share=a:1:1",
        "policies.beds.closed_bed_share=0:0.1:0.1:4", "policies.beds.closed_bed_share=nan:1:1",
        "simulation.days=1.5:3:1", "=0:1:1", "policies.beds.closed_bed_share"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        VT_EQ_INT(vs_sweep_parse_vary(ctx, bad[i], 0, &v), VS_EUSAGE);
        VT_CHECK(strncmp(vs_ctx_message(ctx), "--vary ", 7) == 0);
    }
    vs_ctx_destroy(ctx);
}

static void test_set(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_scenario *sc = NULL;
    VT_EQ_INT(vs_scenario_load(ctx, "scenarios/today.yaml", &sc), VS_OK);
    if (!sc)
        return;
    int ranges = sc->n_ranges;
    VT_CHECK(ranges > 0);
    VT_EQ_INT(vs_scenario_set_number(ctx, sc, "policies.beds.closed_bed_share", 0.25), VS_OK);
    VT_NEAR(sc->beds.closed_bed_share, 0.25, 0);
    VT_EQ_INT(vs_scenario_set_number(ctx, sc, "policies.beds.closed_bed_share", 1.5), VS_EINPUT);
    VT_NEAR(sc->beds.closed_bed_share, 0.25, 0); /* unchanged on error */
    VT_EQ_INT(vs_scenario_set_number(ctx, sc, "simulation.days", 30), VS_OK);
    VT_EQ_INT(sc->simulation.days, 30);
    VT_EQ_INT(vs_scenario_set_number(ctx, sc, "simulation.days", 30.5), VS_EINPUT);
    VT_EQ_INT(vs_scenario_set_number(ctx, sc, "policies.queues.discipline", 1), VS_EUSAGE);
    /* a Monte Carlo range for the key is dropped: the value is fixed now */
    VT_EQ_INT(vs_scenario_set_number(ctx, sc, "forecast.migration_scale", 0.8), VS_OK);
    VT_EQ_INT(sc->n_ranges, ranges - 1);
    /* cross-field rule: cni_share + distance_share <= 1 */
    VT_EQ_INT(vs_scenario_set_number(ctx, sc, "policies.allocation.cni_share", 0.7), VS_OK);
    VT_EQ_INT(vs_scenario_set_number(ctx, sc, "policies.allocation.distance_share", 0.5),
              VS_EINPUT);
    VT_CHECK(strstr(vs_ctx_message(ctx), "exceeds 1") != NULL);
    VT_CHECK(isnan(sc->allocation.distance_share));
    vs_scenario_destroy(sc);
    vs_ctx_destroy(ctx);
}

static void test_grid(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_sweep_vary v[2];
    VT_EQ_INT(vs_sweep_parse_vary(ctx, "policies.beds.closed_bed_share=0:0.3:0.1", 0, &v[0]),
              VS_OK);
    VT_EQ_INT(vs_sweep_parse_vary(ctx, "simulation.days=10:20:10", 0, &v[1]), VS_OK);
    int n = 0;
    double *x = NULL;
    VT_EQ_INT(vs_sweep_design(ctx, v, 2, 0, 1, &n, &x), VS_OK);
    VT_EQ_INT(n, 8);
    static const double want[8][2] = {{0, 10},   {0, 20},   {0.1, 10}, {0.1, 20},
                                      {0.2, 10}, {0.2, 20}, {0.3, 10}, {0.3, 20}};
    for (int i = 0; x && i < 8; i++) {
        VT_NEAR(x[2 * i], want[i][0], 0); /* 3 x 0.1 is 0.3 exactly as written */
        VT_NEAR(x[2 * i + 1], want[i][1], 0);
    }
    free(x);
    VT_EQ_INT(vs_sweep_parse_vary(ctx, "policies.primary_care.gp_cap=100:10000:1", 0, &v[0]),
              VS_OK);
    VT_EQ_INT(vs_sweep_design(ctx, v, 1, 0, 1, &n, &x), VS_EUSAGE); /* 9901 points */
    VT_CHECK(strstr(vs_ctx_message(ctx), "more than 1000 points") != NULL);
    vs_sweep_vary same[2] = {v[1], v[1]};
    VT_EQ_INT(vs_sweep_design(ctx, same, 2, 0, 1, &n, &x), VS_EUSAGE);
    vs_ctx_destroy(ctx);
}

static void test_lhs(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_sweep_vary v[2];
    VT_EQ_INT(vs_sweep_parse_vary(ctx, "policies.beds.closed_bed_share=0:0.5", 1, &v[0]), VS_OK);
    VT_EQ_INT(vs_sweep_parse_vary(ctx, "policies.primary_care.gp_cap=1000:2000", 1, &v[1]),
              VS_OK);
    int n = 0, n2 = 0;
    double *x = NULL, *y = NULL;
    VT_EQ_INT(vs_sweep_design(ctx, v, 2, 10, 42, &n, &x), VS_OK);
    VT_EQ_INT(vs_sweep_design(ctx, v, 2, 10, 42, &n2, &y), VS_OK);
    VT_EQ_INT(n, 10);
    VT_CHECK(x && y && memcmp(x, y, 20 * sizeof *x) == 0); /* seeded */
    for (int k = 0; x && k < 2; k++) {
        int hit[10] = {0};
        for (int i = 0; i < 10; i++) {
            double lo = v[k].from, w = (v[k].to - v[k].from) / 10;
            int s = (int)floor((x[2 * i + k] - lo) / w);
            VT_CHECK(s >= 0 && s < 10);
            if (s >= 0 && s < 10)
                hit[s]++;
        }
        for (int s = 0; s < 10; s++)
            VT_EQ_INT(hit[s], 1); /* one value in each stratum */
    }
    free(y);
    VT_EQ_INT(vs_sweep_design(ctx, v, 2, 10, 43, &n2, &y), VS_OK);
    VT_CHECK(x && y && memcmp(x, y, 20 * sizeof *x) != 0); /* another seed, another design */
    free(x);
    free(y);
    vs_ctx_destroy(ctx);
}

/* A backend that computes the phase in task shares, last task first, and
 * remembers what it saw. */
typedef struct seen {
    int phases, n;
    size_t size;
    char name[16];
} seen;

static vs_status reverse_backend(vs_ctx *ctx, const vs_units_phase *ph, void *user)
{
    seen *s = user;
    s->phases++;
    s->n = ph->n;
    s->size = ph->size;
    snprintf(s->name, sizeof s->name, "%s", ph->name);
    vs_status st = VS_OK;
    for (int k = 2; k >= 0 && !st; k--) {
        int lo, hi;
        vs_units_share(ph->n, k, 3, &lo, &hi);
        st = vs_units_compute(ctx, ph, lo, hi);
    }
    return st;
}

static vs_sweep_result *sweep(vs_ctx *ctx, int threads)
{
    vs_sweep_vary v[2];
    vs_sweep_parse_vary(ctx, "policies.beds.closed_bed_share=0:0.1:0.05", 0, &v[0]);
    vs_sweep_parse_vary(ctx, "policies.beds.occupancy_target=0.85:0.9:0.05", 0, &v[1]);
    vs_sweep_options o;
    memset(&o, 0, sizeof o);
    o.scenario_path = "scenarios/today.yaml";
    o.data_dir = "data";
    o.created_at = "2026-01-01T00:00:00Z";
    o.vary = v;
    o.n_vary = 2;
    o.stages = "beds";
    o.threads = threads;
    vs_sweep_result *r = NULL;
    VT_EQ_INT(vs_sweep_run(ctx, &o, &r), VS_OK);
    if (!r)
        fprintf(stderr, "sweep: %s\n", vs_ctx_message(ctx));
    return r;
}

static void test_phase(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_sweep_result *a = sweep(ctx, 2);
    seen s = {0};
    vs_units_backend be = {reverse_backend, &s};
    vs_ctx_set_units_backend(ctx, &be);
    vs_sweep_result *b = sweep(ctx, 1);
    VT_EQ_INT(s.phases, 1);
    VT_EQ_STR(s.name, "sweep");
    VT_EQ_INT(s.n, 6);
    VT_EQ_INT((long long)s.size, (long long)sizeof(vs_sweep_record));
    VT_CHECK(a && b);
    if (a && b) {
        VT_EQ_INT(a->n_points, 6);
        VT_CHECK(memcmp(a->records, b->records, 6 * sizeof *a->records) == 0);
        VT_EQ_STR(a->json, b->json);
        /* the bed plan's analytic occupancy falls as fewer beds are closed */
        VT_CHECK(a->records[0].metrics[VS_SWEEP_M_OCCUPANCY_OPEN] <
                 a->records[4].metrics[VS_SWEEP_M_OCCUPANCY_OPEN]);
        VT_CHECK(a->records[0].n_scores > 0);
        VT_EQ_INT(a->networks_designed, 0); /* beds only: no network */
    }
    vs_sweep_result_destroy(a);
    vs_sweep_result_destroy(b);
    vs_ctx_destroy(ctx);
}

int main(void)
{
    test_vary();
    test_set();
    test_grid();
    test_lhs();
    test_phase();
    return vt_done();
}
