/*
 * Unit tests of the bed plan (vardsim/beds.h).
 *
 * The plan's bed counts are checked against brute force in this file: the
 * occupancy criterion by a linear scan of A / c, the overflow criterion by a
 * linear scan of the Erlang B recurrence in long double, the closure and
 * ASIH scenarios by the same scans, and the peak load (modified offered
 * load) against a numerical solution of the M_t/M/infinity mean equation
 * dm/dt = lambda(t) - m / los.  Parameters are checked against the project's
 * cited parameter files, and bad demand files against their exact messages.
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vardsim/beds.h"
#include "vardsim/erlang.h"
#include "vt.h"

/* a three-hospital region in memory (ids as in the default region) */
static vs_hospital hosp[3];
static vs_region reg;

static void make_region(void)
{
    memset(&reg, 0, sizeof reg);
    memset(hosp, 0, sizeof hosp);
    snprintf(reg.name, sizeof reg.name, "test");
    snprintf(hosp[0].hospital_id, VS_ID_MAX, "DS");
    snprintf(hosp[0].name, VS_NAME_MAX, "Danderyd");
    hosp[0].beds_planned = 120;
    hosp[0].beds_staffed = 100;
    snprintf(hosp[1].hospital_id, VS_ID_MAX, "SOS");
    snprintf(hosp[1].name, VS_NAME_MAX, "Södersjukhuset");
    hosp[1].beds_planned = 40;
    hosp[1].beds_staffed = 30;
    snprintf(hosp[2].hospital_id, VS_ID_MAX, "ERSTA"); /* no beds, no demand */
    snprintf(hosp[2].name, VS_NAME_MAX, "Ersta");
    reg.n_hospitals = 3;
    reg.hospitals = hosp;
    reg.population = 1000000;
}

static vs_beds_params base_params(void)
{
    vs_beds_params p;
    memset(&p, 0, sizeof p);
    p.occupancy_target = 0.9;
    p.overflow_target = 0.02;
    p.closure_share = 0.1;
    p.asih_shift = 0.2;
    p.peak_amplitude = NAN;
    p.peak_period_days = 7;
    return p;
}

static long double brute_b(int64_t c, double a)
{
    long double b = 1.0L;
    for (int64_t k = 1; k <= c; k++)
        b = (long double)a * b / ((long double)k + (long double)a * b);
    return b;
}

static int64_t brute_overflow(double a, double p)
{
    if (a <= 0)
        return 0;
    for (int64_t c = 1;; c++)
        if (brute_b(c, a) <= p)
            return c;
}

static int64_t brute_occupancy(double a, double t)
{
    if (a <= 0)
        return 0;
    for (int64_t c = 1;; c++)
        if (a / (double)c <= t)
            return c;
}

static int64_t brute_need(double a, const vs_beds_params *p)
{
    int64_t x = brute_occupancy(a, p->occupancy_target), y = brute_overflow(a, p->overflow_target);
    return x > y ? x : y;
}

static void test_params_file(vs_ctx *ctx)
{
    vs_beds_params p;
    VT_EQ_INT(vs_beds_params_load(ctx, VS_SOURCE_DIR "/data/parameters", &p), VS_OK);
    VT_NEAR(p.occupancy_target, 0.90, 0);
    VT_NEAR(p.overflow_target, 0.031, 0);
    VT_NEAR(p.closure_share, 0.10, 0);
    VT_NEAR(p.asih_shift, 1.0 - 0.54 / 0.62, 1e-15);
    VT_NEAR(p.acute_share, 15452.0 / (15452.0 + 5968.0), 1e-15);
    VT_NEAR(p.admissions_per_1000, 131, 0);
    VT_NEAR(p.mean_los_days, 4.3, 0);
    VT_CHECK(isnan(p.peak_amplitude));
    VT_EQ_INT(vs_beds_params_check(ctx, &p), VS_OK);
    /* a directory without the files is an I/O error */
    VT_EQ_INT(vs_beds_params_load(ctx, VS_SOURCE_DIR "/tests/data/beds", &p), VS_EIO);
}

/* The ASIH shift of bed-days from the ASIH share of care places. */
static void test_asih_shift(void)
{
    /* the cited figures: 2016 0.38, recent 0.46 of places -> 1 - 0.54 / 0.62 */
    VT_NEAR(vs_beds_asih_shift(0.46, 0.38), 1.0 - 0.54 / 0.62, 1e-15);
    VT_NEAR(vs_beds_asih_shift(0.5, 0.0), 0.5, 0);   /* no ASIH before: the share itself */
    VT_NEAR(vs_beds_asih_shift(1.0, 0.38), 1.0, 0);  /* every place at home */
    VT_NEAR(vs_beds_asih_shift(0.38, 0.38), 0.0, 0); /* equal: nothing moves */
    VT_NEAR(vs_beds_asih_shift(0.2, 0.38), 0.0, 0);  /* falling: nothing moves (not < 0) */
    VT_CHECK(isnan(vs_beds_asih_shift(-0.1, 0.38)));
    VT_CHECK(isnan(vs_beds_asih_shift(1.1, 0.38)));
    VT_CHECK(isnan(vs_beds_asih_shift(0.5, 1.0)));
    VT_CHECK(isnan(vs_beds_asih_shift(NAN, 0.38)));
    /* the loaded parameters use the same shift */
    vs_ctx *ctx;
    vs_beds_params p;
    VT_EQ_INT(vs_ctx_create(&ctx), VS_OK);
    VT_EQ_INT(vs_beds_params_load(ctx, VS_SOURCE_DIR "/data/parameters", &p), VS_OK);
    VT_NEAR(p.asih_shift, vs_beds_asih_shift(p.asih_share_after, p.asih_share_before), 0);
    vs_ctx_destroy(ctx);
}

/* A parameter directory whose path is longer than the old fixed path
 * buffers (1,200 bytes): the files beside it are found, not a cut path.
 * The long path is a chain of 200-character directories under a temporary
 * one, ending in a link to data/parameters; all removed afterwards. */
static void test_long_param_dir(void)
{
    char base[] = "/tmp/vt_beds_XXXXXX";
    VT_CHECK(mkdtemp(base) != NULL);
    char seg[201], path[2048];
    memset(seg, 'd', 200);
    seg[200] = '\0';
    snprintf(path, sizeof path, "%s", base);
    for (int i = 0; i < 7; i++) {
        size_t n = strlen(path);
        snprintf(path + n, sizeof path - n, "/%s", seg);
        VT_CHECK(mkdir(path, 0700) == 0);
    }
    size_t n = strlen(path);
    snprintf(path + n, sizeof path - n, "/p");
    VT_CHECK(symlink(VS_SOURCE_DIR "/data/parameters", path) == 0);
    VT_CHECK(strlen(path) > 1300);
    vs_ctx *ctx;
    vs_beds_params p;
    VT_EQ_INT(vs_ctx_create(&ctx), VS_OK);
    VT_EQ_INT(vs_beds_params_load(ctx, path, &p), VS_OK);
    VT_NEAR(p.occupancy_target, 0.90, 0);
    vs_ctx_destroy(ctx);
    unlink(path);
    for (int i = 0; i < 7; i++) {
        *strrchr(path, '/') = '\0';
        rmdir(path);
    }
    VT_CHECK(rmdir(base) == 0);
}

static void test_derive(vs_ctx *ctx)
{
    vs_beds_params p = base_params();
    p.admissions_per_1000 = 131;
    p.acute_share = 0.75;
    p.mean_los_days = 4.3;
    vs_beds_demand *d;
    VT_EQ_INT(vs_beds_demand_derive(ctx, &reg, &p, &d), VS_OK);
    VT_EQ_INT(d->n_wards, 3);
    VT_NEAR(d->wards[2].admissions_per_year, 0.0, 0);
    double total = 131.0 * 1000.0 * 0.75;
    VT_NEAR(d->wards[0].admissions_per_year, total * 100.0 / 130.0, 1e-12);
    VT_NEAR(d->wards[1].admissions_per_year, total * 30.0 / 130.0, 1e-12);
    VT_NEAR(d->wards[1].mean_los_days, 4.3, 0);
    VT_EQ_STR(d->wards[0].specialty, "all");
    vs_beds_demand_destroy(d);
    vs_beds_demand_destroy(NULL);
}

static void test_plan(vs_ctx *ctx)
{
    /* DS: two wards (pooling), SOS: one ward; loads in erlangs */
    vs_beds_ward w[3] = {{0, "medicine", 5000, 5.5, }, {0, "surgery", 3000, 3.0, },
                         {1, "medicine", 2555, 4.0, }};
    vs_beds_demand d = {3, w, 0, "memory"};
    vs_beds_params p = base_params();
    p.peak_amplitude = 0.25;
    p.peak_period_days = 7;
    vs_bed_plan *plan;
    VT_EQ_INT(vs_beds_plan(ctx, &reg, &d, &p, &plan), VS_OK);
    double a0 = 5000 * 5.5 / 365.0, a1 = 3000 * 3.0 / 365.0, a2 = 2555 * 4.0 / 365.0;
    const vs_bed_plan_row *r0 = &plan->hospitals[0], *r1 = &plan->hospitals[1];
    VT_NEAR(r0->offered_load, a0 + a1, 1e-14);
    VT_NEAR(r1->offered_load, 28.0, 1e-14);
    VT_EQ_INT(r0->n_wards, 2);
    VT_EQ_INT(r0->beds_for_occupancy, brute_occupancy(a0, 0.9) + brute_occupancy(a1, 0.9));
    VT_EQ_INT(r0->beds_for_overflow, brute_overflow(a0, 0.02) + brute_overflow(a1, 0.02));
    VT_EQ_INT(r0->beds_for_overflow_pooled, brute_overflow(a0 + a1, 0.02));
    VT_CHECK(r0->pooling_gain > 0); /* merging two wards saves beds */
    VT_EQ_INT(r0->pooling_gain, r0->beds_for_overflow - r0->beds_for_overflow_pooled);
    VT_EQ_INT(r0->beds_needed, brute_need(a0, &p) + brute_need(a1, &p));
    VT_EQ_INT(r1->beds_needed, brute_need(a2, &p));
    VT_EQ_INT(r1->beds_for_occupancy, 32); /* 28 / 0.9 = 31.1 */
    VT_EQ_INT(r0->shortage, r0->beds_needed - 100);
    VT_NEAR(r0->occupancy_today, (a0 + a1) / 100.0, 1e-14);
    VT_NEAR(r0->overflow_today, (double)brute_b(100, a0 + a1), 1e-12);
    VT_NEAR(r0->overflow_admissions_today, 8000.0 * r0->overflow_today, 1e-12);
    /* closure: 10 % of 100 and of 30 staffed beds */
    VT_EQ_INT(r0->beds_after_closure, 90);
    VT_EQ_INT(r1->beds_after_closure, 27);
    VT_NEAR(r1->overflow_after_closure, (double)brute_b(27, 28.0), 1e-12);
    VT_NEAR(r1->occupancy_after_closure, 28.0 / 27.0, 1e-14);
    VT_CHECK(r1->overflow_after_closure > r1->overflow_today);
    VT_EQ_INT(r1->planned_needed, (int64_t)ceil((double)r1->beds_needed / 0.9 - 1e-9));
    /* ASIH: 20 % of bed-days leave the hospital */
    VT_NEAR(r1->offered_load_asih, 28.0 * 0.8, 1e-14);
    VT_EQ_INT(r1->beds_needed_asih, brute_need(28.0 * 0.8, &p));
    VT_EQ_INT(r0->beds_needed_asih, brute_need(a0 * 0.8, &p) + brute_need(a1 * 0.8, &p));
    /* peak */
    double wl = 2 * M_PI * 4.0 / 7.0, pk = 28.0 * (1 + 0.25 / sqrt(1 + wl * wl));
    VT_NEAR(r1->peak_load, pk, 1e-14);
    VT_EQ_INT(r1->beds_needed_peak, brute_need(pk, &p));
    /* totals */
    const vs_bed_plan_row *t = &plan->total;
    VT_EQ_INT(t->beds_staffed, 130);
    VT_EQ_INT(t->beds_planned, 160);
    VT_EQ_INT(t->beds_needed, r0->beds_needed + r1->beds_needed);
    VT_EQ_INT(t->shortage, t->beds_needed - 130);
    const vs_bed_plan_row *r2 = &plan->hospitals[2];
    VT_EQ_INT(r2->beds_needed, 0);
    VT_NEAR(r2->overflow_today, 0.0, 0);
    VT_NEAR(r2->occupancy_today, 0.0, 0);
    VT_EQ_INT(plan->region_beds_for_overflow_pooled, brute_overflow(a0 + a1 + a2, 0.02));
    VT_EQ_INT(plan->region_pooling_gain,
              t->beds_for_overflow - plan->region_beds_for_overflow_pooled);
    VT_NEAR(t->overflow_today,
            (r0->overflow_admissions_today + r1->overflow_admissions_today) / (8000.0 + 2555.0),
            1e-14);
    /* overflow at the planned beds: Erlang B at beds_needed, load-weighted in the total */
    VT_NEAR(r0->overflow_at_needed, (double)brute_b(r0->beds_needed, a0 + a1), 1e-12);
    VT_NEAR(r1->overflow_at_needed, (double)brute_b(r1->beds_needed, 28.0), 1e-12);
    VT_CHECK(r1->overflow_at_needed <= 0.02); /* one pool of the wards' beds meets the target */
    VT_NEAR(r2->overflow_at_needed, 0.0, 0);
    VT_NEAR(t->overflow_at_needed,
            ((a0 + a1) * r0->overflow_at_needed + 28.0 * r1->overflow_at_needed) /
                (a0 + a1 + 28.0),
            1e-14);
    vs_beds_plan_destroy(plan);
    vs_beds_plan_destroy(NULL);

    /* no peak: fields marked as not computed */
    p.peak_amplitude = NAN;
    VT_EQ_INT(vs_beds_plan(ctx, &reg, &d, &p, &plan), VS_OK);
    VT_CHECK(isnan(plan->hospitals[0].peak_load));
    VT_EQ_INT(plan->hospitals[0].beds_needed_peak, -1);
    vs_beds_plan_destroy(plan);

    /* parameters out of range */
    p.occupancy_target = 1.2;
    VT_EQ_INT(vs_beds_plan(ctx, &reg, &d, &p, &plan), VS_EUSAGE);
    VT_CHECK(strstr(vs_ctx_message(ctx), "occupancy target") != NULL);
    p = base_params();
    p.overflow_target = 0;
    VT_EQ_INT(vs_beds_params_check(ctx, &p), VS_EUSAGE);
    p = base_params();
    p.closure_share = 1.0;
    VT_EQ_INT(vs_beds_params_check(ctx, &p), VS_EUSAGE);
}

/* Modified offered load against a numerical solution of dm/dt = l(t) - m/L
 * (the mean of M_t/M/infinity), run to periodic steady state. */
static void test_peak(vs_ctx *ctx)
{
    const double amp = 0.3, los = 4.3, period = 7.0, lambda = 100.0;
    double m = lambda * los, h = 1e-3, peak = 0;
    for (int i = 0; i < (int)(30 * period / h); i++) {
        double t = i * h;
        /* classical Runge-Kutta step */
        double k1 = lambda * (1 + amp * sin(2 * M_PI * t / period)) - m / los;
        double k2 = lambda * (1 + amp * sin(2 * M_PI * (t + h / 2) / period)) - (m + h * k1 / 2) / los;
        double k3 = lambda * (1 + amp * sin(2 * M_PI * (t + h / 2) / period)) - (m + h * k2 / 2) / los;
        double k4 = lambda * (1 + amp * sin(2 * M_PI * (t + h) / period)) - (m + h * k3) / los;
        m += h * (k1 + 2 * k2 + 2 * k3 + k4) / 6;
        if (t > 20 * period && m > peak)
            peak = m;
    }
    double got;
    VT_EQ_INT(vs_beds_peak_load(ctx, lambda * los, amp, los, period, &got), VS_OK);
    VT_NEAR(got, peak, 1e-6);
    VT_EQ_INT(vs_beds_peak_load(ctx, 10, 1.5, los, period, &got), VS_EUSAGE);
}

static void expect_bad_demand(vs_ctx *ctx, const char *file, const char *message)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/beds/%s", VS_SOURCE_DIR, file);
    vs_beds_demand *d = (vs_beds_demand *)&d;
    VT_EQ_INT(vs_beds_demand_load(ctx, path, &reg, &d), VS_EINPUT);
    VT_CHECK(d == NULL);
    const char *msg = vs_ctx_message(ctx), *tail = strstr(msg, file);
    VT_CHECK(tail != NULL);
    if (tail)
        VT_EQ_STR(tail, message);
}

static void test_demand_file(vs_ctx *ctx)
{
    vs_beds_demand *d;
    VT_EQ_INT(vs_beds_demand_load(ctx, VS_SOURCE_DIR "/tests/data/beds/demand_ok.csv", &reg, &d),
              VS_OK);
    VT_EQ_INT(d->n_wards, 4);
    VT_EQ_INT(d->wards[3].hospital, 2);
    VT_EQ_STR(d->wards[1].specialty, "surgery");
    VT_NEAR(d->wards[1].mean_los_days, 3.25, 0);
    vs_beds_demand_destroy(d);
    expect_bad_demand(ctx, "demand_unknown_hospital.csv",
                      "demand_unknown_hospital.csv:3: field hospital_id: unknown hospital 'XYZ' "
                      "(not in the region's hospitals.csv)");
    expect_bad_demand(ctx, "demand_duplicate.csv",
                      "demand_duplicate.csv:3: field specialty: duplicate ward: hospital 'DS', "
                      "specialty 'medicine'");
    expect_bad_demand(ctx, "demand_zero_los.csv",
                      "demand_zero_los.csv:2: field mean_los_days: mean length of stay must be "
                      "> 0 days");
    vs_beds_demand *d2;
    VT_EQ_INT(vs_beds_demand_load(ctx, VS_SOURCE_DIR "/tests/data/beds/demand_negative.csv", &reg,
                                  &d2),
              VS_EINPUT);
    VT_CHECK(strstr(vs_ctx_message(ctx), "demand_negative.csv:2: field admissions_per_year") !=
             NULL);
    VT_EQ_INT(vs_beds_demand_load(ctx, VS_SOURCE_DIR "/tests/data/beds/demand_missing_column.csv",
                                  &reg, &d2),
              VS_EINPUT);
    VT_CHECK(strstr(vs_ctx_message(ctx), "mean_los_days") != NULL);
}

int main(void)
{
    vs_ctx *ctx;
    if (vs_ctx_create(&ctx))
        return 1;
    make_region();
    test_params_file(ctx);
    test_asih_shift();
    test_long_param_dir();
    test_derive(ctx);
    test_plan(ctx);
    test_peak(ctx);
    test_demand_file(ctx);
    vs_ctx_destroy(ctx);
    return vt_done();
}
