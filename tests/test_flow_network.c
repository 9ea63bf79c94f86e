/*
 * test_flow_network.c: the prebuilt primary-care network (vs_flow_run_network)
 * on the small synthetic region (tests/data/flow/region, 27,592 residents).
 *
 *   identical   vs_flow_run (designs the network itself) and
 *               vs_flow_run_network on the network vs_flow_network_design
 *               makes, or on vs_flow_network_from_listing of the greenfield
 *               design made with vs_flow_network_listing_size's parameters,
 *               give bit-identical results: every number of the result
 *               (struct bytes with pointers and timings cleared, centres,
 *               hospitals, municipalities, areas), for the listing engine's
 *               network and the fallback network
 *   spec        the listing network's centres and flows are the design's
 *               (ids, coordinates, GP FTE, residents listed = sum of flows)
 *   errors      a network of another region, an area or centre index out of
 *               range and more residents than the area has are usage errors
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vardsim/flow.h"
#include "vardsim/listing.h"
#include "vt.h"

#define REGION "tests/data/flow/region"

static void base_params(vs_ctx *ctx, vs_flow_params *p, vs_flow_network net)
{
    VT_EQ_INT(vs_flow_params_init(ctx, "data/parameters", p), VS_OK);
    p->reference_path[0] = 0; /* standardise CNI on the test region */
    p->network = net;
    p->days = 30;
    p->warmup_days = 7;
    p->seed = 11;
    p->replications = 2;
    p->residents_per_gp = 1500;
}

/* 1 when a and b hold the same numbers (bytes; pointers and wall-clock
 * timings excluded). */
static int same_result(const vs_flow_result *a, const vs_flow_result *b)
{
    vs_flow_result x, y;
    memcpy(&x, a, sizeof x);
    memcpy(&y, b, sizeof y);
    vs_flow_result *v[2] = {&x, &y};
    for (int i = 0; i < 2; i++) {
        v[i]->centres = NULL;
        v[i]->hospitals = NULL;
        v[i]->pc_wait_municipality = NULL;
        v[i]->pc_within_municipality = NULL;
        v[i]->pc_wait_area = NULL;
        v[i]->wall_seconds = 0;
        v[i]->network_seconds = 0;
    }
    int ok = memcmp(&x, &y, sizeof x) == 0;
    ok = ok && a->n_centres == b->n_centres && a->n_hospitals == b->n_hospitals
         && a->n_municipalities == b->n_municipalities && a->n_areas == b->n_areas;
    if (!ok)
        return 0;
    ok = memcmp(a->centres, b->centres, (size_t)a->n_centres * sizeof *a->centres) == 0
         && memcmp(a->hospitals, b->hospitals, (size_t)a->n_hospitals * sizeof *a->hospitals) == 0
         && memcmp(a->pc_wait_municipality, b->pc_wait_municipality,
                   (size_t)a->n_municipalities * sizeof(vs_flow_est)) == 0
         && memcmp(a->pc_within_municipality, b->pc_within_municipality,
                   (size_t)a->n_municipalities * sizeof(vs_flow_est)) == 0
         && memcmp(a->pc_wait_area, b->pc_wait_area, (size_t)a->n_areas * sizeof(vs_flow_est))
                == 0;
    return ok;
}

static void test_identical(vs_ctx *ctx, const vs_region *r, vs_flow_network net)
{
    vs_flow_params p;
    base_params(ctx, &p, net);
    vs_flow_result *a = NULL, *b = NULL, *c = NULL;
    vs_flow_network_spec *spec = NULL;
    VT_EQ_INT(vs_flow_run(ctx, r, &p, &a), VS_OK);
    VT_EQ_INT(vs_flow_network_design(ctx, r, &p, &spec), VS_OK);
    VT_EQ_INT(vs_flow_run_network(ctx, r, &p, spec, NULL, NULL, &b), VS_OK);
    if (a && b && spec) {
        VT_EQ_INT(a->network_method, net);
        VT_EQ_INT(spec->method, net);
        VT_CHECK(a->n_centres > 1);
        VT_CHECK(same_result(a, b));
        /* the check can fail: another seed differs */
        vs_flow_params q = p;
        q.seed = 12;
        VT_EQ_INT(vs_flow_run_network(ctx, r, &q, spec, NULL, NULL, &c), VS_OK);
        if (c)
            VT_CHECK(!same_result(a, c));
    }
    vs_flow_result_destroy(c);
    c = NULL;
    if (net == VS_NETWORK_LISTING && a) {
        /* the design made by hand with the sizes vs_flow_run uses */
        double rpg = NAN, cfte = NAN;
        VT_EQ_INT(vs_flow_network_listing_size(ctx, r, &p, &rpg, &cfte), VS_OK);
        VT_NEAR(rpg, 1500, 0);
        double rpc = (double)r->population / p.care_centres;
        int n_pop = 0;
        for (int i = 0; i < r->n_areas; i++)
            n_pop += r->areas[i].population > 0;
        VT_NEAR(cfte, fmax(rpc, 1.0001 * (double)r->population / n_pop) / 1500, 0);
        vs_listing_site_result *sr = NULL;
        vs_flow_network_spec *s2 = NULL;
        VT_EQ_INT(vs_listing_design_greenfield(ctx, r, rpg, cfte, INFINITY, 0, &sr), VS_OK);
        VT_EQ_INT(vs_flow_network_from_listing(ctx, r, sr, &s2), VS_OK);
        VT_EQ_INT(vs_flow_run_network(ctx, r, &p, s2, NULL, NULL, &c), VS_OK);
        if (c)
            VT_CHECK(same_result(a, c));
        if (sr && s2) {
            VT_EQ_INT(s2->n_centres, sr->network->n);
            VT_EQ_INT(s2->n_flows, sr->listing->n_flows);
            int bad = 0;
            for (int k = 0; k < s2->n_centres; k++) {
                const vs_flow_centre *fc = &s2->centres[k];
                const vs_listing_centre *lc = &sr->network->v[k];
                double sum = 0;
                for (int i = 0; i < s2->n_flows; i++)
                    if (s2->flows[i].centre == k)
                        sum += s2->flows[i].residents;
                bad += strcmp(fc->centre_id, lc->centre_id) != 0 || fc->lat != lc->lat
                       || fc->lon != lc->lon || fc->gp_fte != lc->gp_fte
                       || fabs(fc->residents - sum) > 1e-9 * sum
                       || fabs(fc->residents - sr->listing->centre_listed[k]) > 1e-6 * sum;
            }
            VT_EQ_INT(bad, 0);
            /* every resident listed */
            double listed = 0;
            for (int i = 0; i < s2->n_flows; i++)
                listed += s2->flows[i].residents;
            VT_NEAR(listed, (double)r->population, 1e-6 * (double)r->population);
        }
        vs_flow_network_spec_destroy(s2);
        vs_listing_site_result_destroy(sr);
    }
    vs_flow_result_destroy(a);
    vs_flow_result_destroy(b);
    vs_flow_result_destroy(c);
    vs_flow_network_spec_destroy(spec);
}

static void test_errors(vs_ctx *ctx, const vs_region *r)
{
    vs_flow_params p;
    base_params(ctx, &p, VS_NETWORK_FALLBACK);
    p.replications = 1;
    vs_flow_network_spec *spec = NULL;
    vs_flow_result *res = NULL;
    VT_EQ_INT(vs_flow_network_design(ctx, r, &p, &spec), VS_OK);
    if (!spec)
        return;
    /* a valid spec runs */
    VT_EQ_INT(vs_flow_run_network(ctx, r, &p, spec, NULL, NULL, &res), VS_OK);
    vs_flow_result_destroy(res);
    res = NULL;
    spec->n_areas++;
    VT_EQ_INT(vs_flow_run_network(ctx, r, &p, spec, NULL, NULL, &res), VS_EUSAGE);
    VT_CHECK(res == NULL);
    spec->n_areas--;
    int a0 = spec->flows[0].area;
    spec->flows[0].area = r->n_areas;
    VT_EQ_INT(vs_flow_run_network(ctx, r, &p, spec, NULL, NULL, &res), VS_EUSAGE);
    spec->flows[0].area = a0;
    int c0 = spec->flows[0].centre;
    spec->flows[0].centre = spec->n_centres;
    VT_EQ_INT(vs_flow_run_network(ctx, r, &p, spec, NULL, NULL, &res), VS_EUSAGE);
    spec->flows[0].centre = c0;
    double r0 = spec->flows[0].residents;
    spec->flows[0].residents = (double)r->areas[a0].population + 1;
    VT_EQ_INT(vs_flow_run_network(ctx, r, &p, spec, NULL, NULL, &res), VS_EUSAGE);
    VT_CHECK(strstr(vs_ctx_message(ctx), "prebuilt network") != NULL);
    spec->flows[0].residents = r0;
    spec->centres[0].gp_fte = -1;
    VT_EQ_INT(vs_flow_run_network(ctx, r, &p, spec, NULL, NULL, &res), VS_EUSAGE);
    vs_flow_network_spec_destroy(spec);
    vs_flow_network_spec_destroy(NULL);
    VT_EQ_INT(vs_flow_network_from_listing(ctx, r, NULL, &spec), VS_EUSAGE);
    VT_CHECK(spec == NULL);
}

/* Network names: every value round-trips; unknown names and NULL are -1. */
static void test_names(void)
{
    for (int m = VS_NETWORK_AUTO; m <= VS_NETWORK_FALLBACK; m++)
        VT_EQ_INT(vs_flow_network_parse(vs_flow_network_name(m)), m);
    VT_EQ_INT(vs_flow_network_parse("auto"), VS_NETWORK_AUTO);
    VT_EQ_INT(vs_flow_network_parse("listing"), VS_NETWORK_LISTING);
    VT_EQ_INT(vs_flow_network_parse("fallback"), VS_NETWORK_FALLBACK);
    VT_EQ_INT(vs_flow_network_parse("Listing"), -1);
    VT_EQ_INT(vs_flow_network_parse("listing "), -1);
    VT_EQ_INT(vs_flow_network_parse(""), -1);
    VT_EQ_INT(vs_flow_network_parse(NULL), -1);
    VT_EQ_STR(vs_flow_network_name(99), "?");
}

int main(void)
{
    test_names();
    vs_ctx *ctx;
    if (vs_ctx_create(&ctx))
        return 1;
    vs_region *r = NULL;
    VT_EQ_INT(vs_region_load(ctx, REGION, &r), VS_OK);
    if (r) {
        test_identical(ctx, r, VS_NETWORK_LISTING);
        test_identical(ctx, r, VS_NETWORK_FALLBACK);
        test_errors(ctx, r);
    }
    vs_region_destroy(r);
    vs_ctx_destroy(ctx);
    return vt_done();
}
