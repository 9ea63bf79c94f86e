/* Unit tests of the region loader on the mini fixture and the default region. */
#include "vardsim/vardsim.h"
#include "vt.h"

static void test_mini(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_region *r;
    VT_EQ_INT(vs_region_load(ctx, "tests/data/region/mini", &r), VS_OK);
    if (!r) {
        fprintf(stderr, "%s\n", vs_ctx_message(ctx));
        vs_ctx_destroy(ctx);
        return;
    }
    VT_EQ_STR(r->name, "Mini test region");
    VT_EQ_INT(r->base_year, 2022);
    VT_EQ_INT(r->n_areas, 3);
    VT_EQ_INT(r->n_municipalities, 2);
    VT_EQ_INT(r->n_hospitals, 1);
    VT_EQ_INT(r->population, 595);
    VT_EQ_INT(r->pop_by_band[0], 35);
    VT_EQ_INT(r->municipalities[0].population, 510);
    VT_EQ_INT(r->municipalities[1].n_areas, 1);
    int a = vs_region_find_area(r, "A2");
    VT_CHECK(a >= 0);
    VT_EQ_INT(r->areas[a].population, 340);
    VT_EQ_INT(r->areas[a].low_education_25_64, 16);
    VT_EQ_INT(r->areas[a].foreign_background, 100);
    VT_EQ_INT(r->areas[a].households, -1); /* column absent */
    VT_CHECK(isnan(r->areas[a].median_income_tkr));
    VT_EQ_INT(vs_region_find_area(r, "ZZ"), -1);
    VT_EQ_STR(r->hospitals[0].name, "Hospital One, Main");
    VT_EQ_INT(r->hospitals[0].beds_staffed, 90);
    vs_region_destroy(r);
    vs_ctx_destroy(ctx);
}

static void test_stockholm(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_region *r;
    VT_EQ_INT(vs_region_load(ctx, "data/stockholm", &r), VS_OK);
    if (!r) {
        fprintf(stderr, "%s\n", vs_ctx_message(ctx));
        vs_ctx_destroy(ctx);
        return;
    }
    VT_EQ_INT(r->population, 2440027); /* SCB, 31 Dec 2022 */
    VT_EQ_INT(r->n_areas, 1287);
    VT_EQ_INT(r->n_municipalities, 26);
    VT_EQ_INT(r->n_hospitals, 7);
    int m = vs_region_find_municipality(r, "0180");
    VT_CHECK(m >= 0);
    VT_EQ_INT(r->municipalities[m].population, 984748); /* SCB, Stockholm municipality */
    int64_t p65 = 0, low = 0, p2564 = 0, fb = 0;
    for (int i = 0; i < r->n_areas; i++) {
        const vs_area *a = &r->areas[i];
        for (int b = 13; b < VS_AGE_BANDS; b++)
            p65 += a->pop[b];
        low += a->low_education_25_64;
        p2564 += a->pop_25_64;
        fb += a->foreign_background;
        VT_CHECK(a->lat > 58.7 && a->lat < 60.3 && a->lon > 17.2 && a->lon < 19.5);
        if (i > 0)
            VT_CHECK(strcmp(r->areas[i - 1].area_id, a->area_id) < 0);
    }
    /* Checks recorded in ../shared/data/scb-deso-2022/PROVENANCE.md */
    VT_EQ_INT(p65, 400062);
    VT_EQ_INT(r->pop_by_band[0], 140090);
    VT_EQ_INT(low, 118234);
    VT_EQ_INT(p2564, 1335514);
    VT_EQ_INT(fb, 883208);
    vs_region_destroy(r);
    vs_ctx_destroy(ctx);
}

static void test_distance(void)
{
    /* Stockholm Central (59.3303, 18.0586) to Uppsala Central (59.8586, 17.6389):
     * haversine with R = 6371.0088 km, computed independently with Python's math module:
     * 63.31471712173923 km. */
    double d = vs_distance_km(59.3303, 18.0586, 59.8586, 17.6389);
    VT_NEAR(d, 63.31471712173923, 1e-12);
    VT_NEAR(vs_distance_km(59.0, 18.0, 59.0, 18.0), 0.0, 0);
    /* one degree of latitude = pi R / 180 */
    VT_NEAR(vs_distance_km(0.0, 0.0, 1.0, 0.0), 6371.0088 * M_PI / 180.0, 1e-12);
    VT_EQ_STR(vs_age_band_column(16), "pop_80_plus");
    VT_EQ_STR(vs_age_band_label(3), "15-19");
    VT_EQ_INT(vs_age_band_lo(16), 80);
    VT_EQ_INT(vs_age_band_hi(2), 14);
}

int main(void)
{
    test_mini();
    test_stockholm();
    test_distance();
    return vt_done();
}
