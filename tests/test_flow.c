/*
 * test_flow.c: the region patient-flow simulation on a small synthetic
 * region (tests/data/flow/region, 27,592 residents, 2 hospitals).
 *
 *   golden       fixed seed, results against tests/data/flow/golden_need.txt
 *                (VS_UPDATE_GOLDEN=1 rewrites it; compare with %.17g, exact)
 *   conservation arrivals = departures + in system, on every run below
 *   need         no lower-urgency patient served while a more urgent one
 *                waited (primary care and beds); fifo shows inversions, so
 *                the check can fail
 *   insurance    insured patients wait less than others in each class
 *   GP cap       1,100 residents per GP (more GPs) shortens primary-care waits
 *   threads      1 and 2 threads give bit-identical results
 *   Erlang B     with no boarding and no elective waiting, the bed pools are
 *                loss systems: blocked share = load-weighted Erlang B
 *   errors       bad parameters and parameter files
 *   memory       the records a replication keeps follow the patients in the
 *                system: 4 times the horizon, about the same peak number of
 *                bed-request records and kernel entities (deterministic
 *                counts, not a measured RSS)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vardsim/erlang.h"
#include "vardsim/flow.h"
#include "vt.h"
#include "flow/flow_internal.h" /* internal: vsi_flow_absent_share, vsi_flow_year_schedule */

#define REGION "tests/data/flow/region"
#define GOLDEN "tests/data/flow/golden_need.txt"

static vs_region *load_region(vs_ctx *ctx)
{
    vs_region *r = NULL;
    VT_EQ_INT(vs_region_load(ctx, REGION, &r), VS_OK);
    return r;
}

static void base_params(vs_ctx *ctx, vs_flow_params *p)
{
    VT_EQ_INT(vs_flow_params_init(ctx, "data/parameters", p), VS_OK);
    p->reference_path[0] = 0; /* standardise CNI on the test region */
    p->network = VS_NETWORK_FALLBACK;
    p->days = 120;
    p->warmup_days = 14;
    p->seed = 42;
    p->replications = 2;
}

static vs_flow_result *run(vs_ctx *ctx, const vs_region *r, const vs_flow_params *p)
{
    vs_flow_result *res = NULL;
    vs_status st = vs_flow_run(ctx, r, p, &res);
    if (st)
        fprintf(stderr, "vs_flow_run: %s\n", vs_ctx_message(ctx));
    VT_EQ_INT(st, VS_OK);
    if (res) {
        /* conservation on every run */
        VT_EQ_INT(res->conservation_ok, 1);
        VT_NEAR(res->arrivals.mean, res->departures.mean + res->in_system.mean, 1e-9);
        VT_CHECK(res->pc_requests.mean > 0);
        VT_CHECK(res->ed_arrivals.mean > 0);
    }
    return res;
}

/* The numbers the golden file holds, in order. */
static int golden_values(const vs_flow_result *r, double *v)
{
    int n = 0;
    v[n++] = r->pc_requests.mean;
    v[n++] = r->pc_visits.mean;
    for (int c = 0; c < VS_PC_CLASSES; c++)
        v[n++] = r->pc_wait_days[c].mean;
    v[n++] = r->pc_within_guarantee.mean;
    v[n++] = r->continuity.mean;
    v[n++] = r->ed_arrivals.mean;
    v[n++] = r->ed_admitted.mean;
    v[n++] = r->ed_boarding_hours.mean;
    v[n++] = r->occupancy.mean;
    v[n++] = r->overflow_days.mean;
    v[n++] = r->elective_wait_days.mean;
    v[n++] = r->arrivals.mean;
    v[n++] = r->departures.mean;
    v[n++] = r->in_system.mean;
    for (int d = 0; d < 10; d++)
        v[n++] = r->pc_wait_decile[d].mean;
    return n;
}

static void test_golden(vs_ctx *ctx, const vs_region *r)
{
    vs_flow_params p;
    base_params(ctx, &p);
    vs_flow_result *res = run(ctx, r, &p);
    if (!res)
        return;
    double v[64];
    int n = golden_values(res, v);
    const char *upd = getenv("VS_UPDATE_GOLDEN");
    if (upd && *upd == '1') {
        FILE *f = fopen(GOLDEN, "w");
        VT_CHECK(f != NULL);
        if (f) {
            fprintf(f, "# test_flow golden: region %s, discipline need, seed 42, 2 replications,\n"
                       "# 120 days after 14 days warm-up, fallback network; VS_UPDATE_GOLDEN=1 "
                       "rewrites\n", REGION);
            for (int i = 0; i < n; i++)
                fprintf(f, "%.17g\n", v[i]);
            fclose(f);
        }
    } else {
        FILE *f = fopen(GOLDEN, "r");
        VT_CHECK(f != NULL);
        if (f) {
            char line[256];
            int i = 0;
            while (fgets(line, sizeof line, f)) {
                if (line[0] == '#')
                    continue;
                double g = strtod(line, NULL);
                if (i < n) {
                    if (!(g == v[i] || (isnan(g) && isnan(v[i]))))
                        fprintf(stderr, "golden value %d: %.17g, now %.17g\n", i, g, v[i]);
                    VT_CHECK(g == v[i] || (isnan(g) && isnan(v[i])));
                }
                i++;
            }
            VT_EQ_INT(i, n);
            fclose(f);
        }
    }
    vs_flow_result_destroy(res);
}

static void test_need_fifo(vs_ctx *ctx, const vs_region *r)
{
    vs_flow_params p;
    base_params(ctx, &p);
    p.bed_closure_share = 0.3; /* crowd the beds so that patients board */
    vs_flow_result *need = run(ctx, r, &p);
    p.discipline = VS_FLOW_FIFO;
    vs_flow_result *fifo = run(ctx, r, &p);
    if (need && fifo) {
        VT_EQ_INT((int)need->pc_inversions.mean, 0);
        VT_EQ_INT((int)need->bed_inversions.mean, 0);
        VT_CHECK(need->ed_boarding_share.mean > 0.05); /* the bed queue was used */
        VT_CHECK(fifo->pc_inversions.mean > 100);
        VT_CHECK(fifo->bed_inversions.mean > 0);
        /* need: same-day patients wait less than under fifo, routine ones (last
         * in the need order) more */
        VT_CHECK(need->pc_wait_days[VS_PC_SAME_DAY].mean < fifo->pc_wait_days[VS_PC_SAME_DAY].mean);
        VT_CHECK(need->pc_wait_days[VS_PC_ROUTINE].mean > fifo->pc_wait_days[VS_PC_ROUTINE].mean);
    }
    vs_flow_result_destroy(need);
    vs_flow_result_destroy(fifo);
}

/* The insurance lane moves insured patients ahead within their rank: the
 * same run under need and under insurance (same seed, same arrivals in
 * expectation), insured patients wait less under insurance in every class
 * with requests, others no less, and no class inversions. */
static void test_insurance(vs_ctx *ctx, const vs_region *r)
{
    vs_flow_params p;
    base_params(ctx, &p);
    vs_flow_result *need = run(ctx, r, &p);
    p.discipline = VS_FLOW_INSURANCE;
    vs_flow_result *res = run(ctx, r, &p);
    if (res && need) {
        VT_EQ_INT((int)res->pc_inversions.mean, 0); /* the lane works within a class */
        VT_CHECK(res->pc_insured_ahead.mean > 0);
        VT_NEAR(need->pc_insured_ahead.mean, 0, 0);
        for (int c = 0; c < VS_PC_CLASSES; c++) {
            if (c == VS_PC_WITHIN_3_DAYS) {
                /* no own requests in this class (docs/flow.md) */
                VT_CHECK(isnan(res->pc_wait_insured[c].mean));
                continue;
            }
            /* acute patients are mostly seen at the next opening whatever their
             * order (their wait is the closing hours), so the lane's effect on
             * them is below the noise of this small run: routine and return
             * visits, where the queue is long, are checked */
            if (c == VS_PC_SAME_DAY)
                continue;
            double a = res->pc_wait_insured[c].mean, b = need->pc_wait_insured[c].mean;
            if (!(a < b))
                fprintf(stderr, "class %d: insured wait %g under insurance, %g under need\n", c,
                        a, b);
            VT_CHECK(a < b);
        }
    }
    vs_flow_result_destroy(res);
    vs_flow_result_destroy(need);
}

static void test_gp_cap(vs_ctx *ctx, const vs_region *r)
{
    vs_flow_params p;
    base_params(ctx, &p);
    vs_flow_result *a = run(ctx, r, &p);
    p.residents_per_gp = 1100;
    vs_flow_result *b = run(ctx, r, &p);
    if (a && b) {
        VT_NEAR(a->gp_fte_total, 27592.0 / 2000.0, 1e-9);
        VT_NEAR(b->gp_fte_total, 27592.0 / 1100.0, 1e-9);
        VT_CHECK(b->pc_wait_days_all.mean < 0.5 * a->pc_wait_days_all.mean);
        for (int c = 0; c < VS_PC_CLASSES; c++)
            if (c != VS_PC_WITHIN_3_DAYS)
                VT_CHECK(b->pc_wait_days[c].mean < a->pc_wait_days[c].mean);
        VT_CHECK(b->pc_within_guarantee.mean >= a->pc_within_guarantee.mean);
    }
    vs_flow_result_destroy(a);
    vs_flow_result_destroy(b);
}

static void test_threads(vs_ctx *ctx, const vs_region *r)
{
    vs_flow_params p;
    base_params(ctx, &p);
    p.replications = 3;
    p.days = 60;
    p.discipline = VS_FLOW_INSURANCE;
    vs_flow_result *a = run(ctx, r, &p);
    p.threads = 2;
    vs_flow_result *b = run(ctx, r, &p);
    if (a && b) {
        double va[64], vb[64];
        int n = golden_values(a, va);
        VT_EQ_INT(golden_values(b, vb), n);
        VT_CHECK(memcmp(va, vb, (size_t)n * sizeof(double)) == 0);
        VT_CHECK(memcmp(&a->pc_wait_days_all, &b->pc_wait_days_all, sizeof(vs_flow_est)) == 0);
        VT_CHECK(a->events == b->events);
    }
    vs_flow_result_destroy(a);
    vs_flow_result_destroy(b);
}

static void test_erlang(vs_ctx *ctx, const vs_region *r)
{
    vs_flow_params p;
    base_params(ctx, &p);
    p.wards = 1;               /* one bed pool per hospital: a loss system per hospital
                                  (with wards, test_wards checks the exact chain) */
    p.max_boarding_hours = 0;  /* outplaced at once: a loss system */
    p.cg_treatment_days = 0;   /* electives who find no bed go elsewhere */
    p.bed_closure_share = 0.3; /* B around 0.1 */
    p.days = 365;
    p.warmup_days = 31;
    p.replications = 8;
    p.threads = 2;
    vs_flow_result *res = run(ctx, r, &p);
    if (res) {
        double blocked = res->elective_elsewhere.mean, req = res->elective_elsewhere.mean;
        double aw = 0, a = 0;
        for (int h = 0; h < res->n_hospitals; h++) {
            blocked += res->hospitals[h].outplaced.mean;
            req += res->hospitals[h].admissions.mean;
            aw += res->hospitals[h].offered_load * res->hospitals[h].erlang_b;
            a += res->hospitals[h].offered_load;
        }
        double sim = blocked / req, exact = aw / a;
        fprintf(stderr, "loss system: blocked share %.5f, Erlang B %.5f (%0.f requests)\n", sim,
                exact, req);
        /* binomial standard error over all replications, 4 sigma */
        double se = sqrt(exact * (1 - exact) / (req * p.replications));
        VT_CHECK(fabs(sim - exact) < 4 * se + 0.01 * exact);
        VT_EQ_INT((int)res->bed_inversions.mean, 0);
    }
    vs_flow_result_destroy(res);
}

/* Stationary distribution of the two-ward chain of one hospital: state (x1,
 * x2) beds busy, exponential stays (rate 1), Poisson bed requests a1, a2 (in
 * erlangs) for each ward; a request finding its ward full takes a free bed of
 * the other ward (outplaced), else a corridor bed (outside the chain).
 * Gauss-Seidel on the balance equations; returns P(outplaced), P(corridor)
 * for a request (PASTA). */
static void two_ward_chain(int c1, int c2, double a1, double a2, double *p_out, double *p_corr)
{
    int n1 = c1 + 1, n2 = c2 + 1;
    double *pi = calloc((size_t)(n1 * n2), sizeof *pi);
    if (!pi)
        return;
    for (int k = 0; k < n1 * n2; k++)
        pi[k] = 1;
#define PI(i, j) pi[(i) * n2 + (j)]
    for (int sweep = 0; sweep < 20000; sweep++) {
        double tot = 0;
        for (int i = 0; i < n1; i++)
            for (int j = 0; j < n2; j++) {
                double out = i + j, in = 0;
                out += (i < c1 || j < c2) ? a1 : 0; /* an arrival to ward 1 moves the state */
                out += (j < c2 || i < c1) ? a2 : 0;
                if (i + 1 < n1)
                    in += PI(i + 1, j) * (i + 1);
                if (j + 1 < n2)
                    in += PI(i, j + 1) * (j + 1);
                if (i > 0) /* (i-1, j) -> (i, j): own arrival to 1, or 2 outplaced into 1 */
                    in += PI(i - 1, j) * (a1 + (j == c2 ? a2 : 0));
                if (j > 0)
                    in += PI(i, j - 1) * (a2 + (i == c1 ? a1 : 0));
                if (out > 0)
                    PI(i, j) = in / out;
                tot += PI(i, j);
            }
        for (int k = 0; k < n1 * n2; k++)
            pi[k] /= tot;
    }
    double po = 0;
    for (int j = 0; j < c2; j++)
        po += PI(c1, j) * a1 / (a1 + a2);
    for (int i = 0; i < c1; i++)
        po += PI(i, c2) * a2 / (a1 + a2);
    *p_out = po;
    *p_corr = PI(c1, c2);
#undef PI
    free(pi);
}

/* Wards: each hospital split into two wards.  With exponential stays,
 * homogeneous Poisson ED arrivals, every ED patient admitted (so no elective
 * stream), no boarding and no ASIH, each hospital is the two-ward chain
 * above: the simulated shares of admissions outplaced to the other ward and
 * put in a corridor must match it.  The corridor share is also Erlang B at
 * the hospital's total beds (full sharing), a check of the chain itself.
 * Tolerance: 4 binomial standard errors over all requests plus 2 % of the
 * value (blocking is autocorrelated, so the binomial error understates). */
static void test_wards(vs_ctx *ctx, const vs_region *r)
{
    vs_flow_params p;
    base_params(ctx, &p);
    p.wards = 2;
    p.ward_share[0] = 0.6;
    p.ward_share[1] = 0.4;
    p.los_exponential = 1;
    p.ed_share_admitted = 1;
    for (int b = 0; b < 4; b++)
        p.ed_hour_block_share[b] = 0.25;
    p.ed_monday_share = 1.0 / 7.0;
    p.max_boarding_hours = 0;
    p.bed_closure_share = 0.3;
    p.days = 365;
    p.warmup_days = 31;
    p.replications = 8;
    p.threads = 2;
    vs_flow_result *res = run(ctx, r, &p);
    if (!res)
        return;
    VT_NEAR(res->elective_per_year, 0, 0);
    for (int h = 0; h < res->n_hospitals; h++) {
        const vs_flow_hospital *fh = &res->hospitals[h];
        VT_EQ_INT(fh->wards, 2);
        VT_EQ_INT(fh->ward_beds[0] + fh->ward_beds[1], fh->beds);
        double a = fh->offered_load, po = NAN, pc = NAN, eb = NAN;
        two_ward_chain(fh->ward_beds[0], fh->ward_beds[1], 0.6 * a, 0.4 * a, &po, &pc);
        VT_EQ_INT(vs_erlang_b(ctx, fh->beds, a, &eb), VS_OK);
        VT_NEAR(pc, eb, 1e-9);
        double n = fh->admissions.mean * p.replications;
        double so = fh->to_other_ward.mean / fh->admissions.mean;
        double sc = fh->to_corridor.mean / fh->admissions.mean;
        fprintf(stderr, "hospital %d (%d+%d beds, %.2f erlangs): outplaced %.4f (chain %.4f), "
                        "corridor %.4f (chain %.4f, Erlang B %.4f), %.0f requests\n",
                h, fh->ward_beds[0], fh->ward_beds[1], a, so, po, sc, pc, eb, n);
        VT_CHECK(fabs(so - po) < 4 * sqrt(po * (1 - po) / n) + 0.02 * po);
        VT_CHECK(fabs(sc - pc) < 4 * sqrt(pc * (1 - pc) / n) + 0.02 * pc);
        VT_NEAR(fh->outplaced.mean, fh->to_other_ward.mean + fh->to_corridor.mean, 1e-9);
        /* the daily census sees both groups */
        VT_CHECK(fh->outplaced_per_100_beds.mean > 0);
        VT_CHECK(fh->overcrowded_per_100_beds.mean > 0);
    }
    vs_flow_result_destroy(res);
}

/* The booking horizon: with too few GPs (3,000 residents per GP) requests
 * queue for days; with a horizon of 2 days a request not seen within 2 days
 * goes elsewhere, so every own request seen is seen within 3 calendar days
 * (and none still waiting is past it), and some go elsewhere.  Without the
 * horizon, some are seen later (the check can fail). */
static void test_booking(vs_ctx *ctx, const vs_region *r)
{
    vs_flow_params p;
    base_params(ctx, &p);
    p.residents_per_gp = 3000;
    vs_flow_result *open = run(ctx, r, &p);
    p.pc_booking_horizon_days = 2;
    vs_flow_result *hz = run(ctx, r, &p);
    if (open && hz) {
        fprintf(stderr, "booking horizon: within 3 days %.4f without, %.4f with a 2-day horizon "
                        "(%.0f elsewhere)\n", open->pc_seen_within_3_days.mean,
                hz->pc_seen_within_3_days.mean, hz->pc_elsewhere.mean);
        VT_CHECK(open->pc_seen_within_3_days.mean < 0.99);
        VT_NEAR(open->pc_elsewhere.mean, 0, 0);
        VT_NEAR(hz->pc_seen_within_3_days.mean, 1.0, 0);
        VT_CHECK(hz->pc_elsewhere.mean > 0);
    }
    vs_flow_result_destroy(open);
    vs_flow_result_destroy(hz);
}

/* GP absence: over the 364-day year the absent share summed over weekdays is
 * the vacation days, the June-August weekdays share the summer days, and a
 * summer weekday has less capacity in the centre schedule than a winter one
 * (server-hours = FTE x (1 - absent) x clinical hours, exactly). */
static void test_absence(vs_ctx *ctx)
{
    vs_flow_params p;
    VT_EQ_INT(vs_flow_params_init(ctx, "data/parameters", &p), VS_OK);
    double all = 0, summer = 0;
    for (int d = 0; d < 364; d++) {
        double a = vsi_flow_absent_share(&p, d);
        if (d % 7 >= 5) {
            VT_NEAR(a, 1.0, 0);
            continue;
        }
        all += a;
        if (d >= 151 && d < 243)
            summer += a;
    }
    VT_NEAR(all, p.gp_vacation_days, 1e-9);
    VT_NEAR(summer, p.gp_summer_vacation_days, 1e-9);
    VT_CHECK(vsi_flow_absent_share(&p, 190) > 5 * vsi_flow_absent_share(&p, 30));
    flow_centre c;
    memset(&c, 0, sizeof c);
    c.gp_fte = 7.3;
    VT_EQ_INT(vsi_flow_year_schedule(ctx, &p, 3.5, &c), VS_OK);
    double hours[364] = {0};
    for (int i = 0; i + 1 < c.n_ysched; i++) {
        int d = (int)c.ysched_t[i];
        hours[d] += c.ysched_c[i] * (c.ysched_t[i + 1] - c.ysched_t[i]) * 24.0;
    }
    /* day 30 (Wednesday 31 January) and day 191 (Wednesday 11 July) */
    VT_NEAR(hours[30], 7.3 * (1 - vsi_flow_absent_share(&p, 30)) * 3.5, 1e-9);
    VT_NEAR(hours[191], 7.3 * (1 - vsi_flow_absent_share(&p, 191)) * 3.5, 1e-9);
    VT_CHECK(hours[191] < 0.8 * hours[30]);
    free(c.ysched_t);
    free(c.ysched_c);
}

/* Return visits: each visit books one with probability pc_return_share;
 * over the run, return visits booked / visits is that share within 4
 * binomial standard errors. */
static void test_returns(vs_ctx *ctx, const vs_region *r)
{
    vs_flow_params p;
    base_params(ctx, &p);
    vs_flow_result *res = run(ctx, r, &p);
    if (res) {
        double n = res->pc_visits.mean * p.replications, q = p.pc_return_share;
        double got = res->pc_return_visits.mean / res->pc_visits.mean;
        fprintf(stderr, "return visits: %.4f of visits (share %.4f)\n", got, q);
        VT_CHECK(q > 0);
        VT_CHECK(fabs(got - q) < 4 * sqrt(q * (1 - q) / n) + 1e-3);
        VT_CHECK(res->pc_wait_days[VS_PC_PLANNED].mean >= 0);
    }
    vs_flow_result_destroy(res);
}

static void test_errors(vs_ctx *ctx, const vs_region *r)
{
    vs_flow_params p;
    base_params(ctx, &p);
    vs_flow_result *res = NULL;
    p.gp_admin_hours_per_day = 8; /* no clinical time */
    VT_EQ_INT(vs_flow_run(ctx, r, &p, &res), VS_EUSAGE);
    VT_CHECK(strstr(vs_ctx_message(ctx), "clinical") != NULL);
    base_params(ctx, &p);
    p.replications = 0;
    VT_EQ_INT(vs_flow_run(ctx, r, &p, &res), VS_EUSAGE);
    VT_CHECK(strstr(vs_ctx_message(ctx), "replications") != NULL);
    VT_CHECK(res == NULL);
    VT_EQ_INT(vs_flow_params_init(ctx, "tests/data/flow/params_missing", &p), VS_EINPUT);
    VT_CHECK(strstr(vs_ctx_message(ctx), "ed_share_admitted") != NULL);
    VT_EQ_INT(vs_flow_params_init(ctx, "tests/data/flow/params_bad", &p), VS_EINPUT);
    VT_CHECK(strstr(vs_ctx_message(ctx), "flow.csv:5: field value") != NULL);
    VT_EQ_INT(vs_flow_discipline_parse("insurance"), VS_FLOW_INSURANCE);
    VT_EQ_INT(vs_flow_discipline_parse("lottery"), -1);
}

/* Clinical hours: (40/5 - 4) x (1 - 0.10 - 10/260.89) = 3.4467 h, and the
 * derived visits per clinical hour give back 3,042 visits per FTE-year. */
static void test_clinical(vs_ctx *ctx)
{
    vs_flow_params p;
    VT_EQ_INT(vs_flow_params_init(ctx, "data/parameters", &p), VS_OK);
    double h;
    VT_EQ_INT(vs_flow_clinical_hours(ctx, &p, &h), VS_OK);
    double wd = 365.25 * 5 / 7;
    VT_NEAR(h, 4.0 * (1 - 0.10 - 10 / wd), 1e-12);
    /* visits per clinical hour are derived over the days worked */
    VT_NEAR(h * (wd - p.gp_vacation_days) * p.visits_per_clinical_hour, 3042, 1e-9);
    VT_NEAR(p.gp_vacation_days, 31, 0);
    VT_NEAR(p.gp_summer_vacation_days, 20, 0);
    VT_NEAR(p.pc_class_share[0] + p.pc_class_share[1] + p.pc_class_share[2] +
                p.pc_class_share[3], 1.0, 1e-9);
    VT_NEAR(p.residents_per_gp, 2000, 0);
    VT_NEAR(p.cg_treatment_days, 90, 0);
}

/* Memory follows the patients, not the horizon: a replication of four
 * years holds at most a few more bed-request records and kernel entities at
 * once than one of a year (records are reused once their patient has left;
 * both runs see the summer backlog and the winter peak), and far fewer
 * records than bed requests.  A model that kept a record per bed request
 * would hold about 4 times as many. */
static void test_memory(vs_ctx *ctx, const vs_region *r)
{
    vs_flow_params p;
    base_params(ctx, &p);
    p.replications = 1;
    p.days = 351; /* with the warm-up, 1 January to 31 December */
    vs_flow_result *a = run(ctx, r, &p);
    p.days = 4 * 364 - 13;
    vs_flow_result *b = run(ctx, r, &p);
    if (a && b) {
        double requests = b->ed_admitted.mean + b->elective_decisions.mean;
        fprintf(stderr, "memory: %llu/%llu records, %llu/%llu entities, in system %g/%g\n", (unsigned long long)a->peak_bed_records, (unsigned long long)b->peak_bed_records, (unsigned long long)a->peak_entities, (unsigned long long)b->peak_entities, a->in_system.mean, b->in_system.mean);
        VT_CHECK(a->peak_bed_records > 0 && a->peak_entities > 0);
        VT_CHECK((double)b->peak_bed_records < 1.5 * (double)a->peak_bed_records);
        VT_CHECK((double)b->peak_entities < 1.5 * (double)a->peak_entities);
        VT_CHECK(2.0 * (double)b->peak_bed_records < requests);
    }
    vs_flow_result_destroy(a);
    vs_flow_result_destroy(b);
}

int main(void)
{
    vs_ctx *ctx;
    if (vs_ctx_create(&ctx))
        return 1;
    vs_region *r = load_region(ctx);
    if (r) {
        test_clinical(ctx);
        test_golden(ctx, r);
        test_need_fifo(ctx, r);
        test_insurance(ctx, r);
        test_gp_cap(ctx, r);
        test_threads(ctx, r);
        test_erlang(ctx, r);
        test_wards(ctx, r);
        test_booking(ctx, r);
        test_absence(ctx);
        test_returns(ctx, r);
        test_errors(ctx, r);
        test_memory(ctx, r);
    }
    vs_region_destroy(r);
    vs_ctx_destroy(ctx);
    return vt_done();
}
