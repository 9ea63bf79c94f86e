/*
 * stage_region.c: the "region" stage: population, age structure, land area,
 * density and hospital beds of the region (vardsim/region.h) into metrics,
 * per-area, per-municipality and per-hospital results and their charts.
 */
#include "run/stage.h"

#include <math.h>
#include <string.h>

#include "vardsim/report.h"

/* Residents aged 65 and over in the age bands pop[0..VS_AGE_BANDS-1]. */
static int64_t aged_65(const int64_t *pop)
{
    int64_t n = 0;
    for (int b = 0; b < VS_AGE_BANDS; b++)
        if (vs_age_band_lo(b) >= 65)
            n += pop[b];
    return n;
}

/* Region totals; land area and density only when every area has a polygon. */
static void region_metrics(vsi_step *x, const vs_report_geo *geo, const char *src,
                           const char *srcgeo)
{
    const vs_region *rg = x->rg;
    int64_t p80 = 0, staffed = 0, planned = 0;
    for (int b = 0; b < VS_AGE_BANDS; b++)
        if (vs_age_band_lo(b) >= 80)
            p80 += rg->pop_by_band[b];
    for (int h = 0; h < rg->n_hospitals; h++) {
        staffed += rg->hospitals[h].beds_staffed;
        planned += rg->hospitals[h].beds_planned;
    }
    double pop = (double)rg->population;
    vsi_metric(x, "population", pop, "persons", src);
    vsi_metric(x, "areas", rg->n_areas, "areas", src);
    vsi_metric(x, "municipalities", rg->n_municipalities, "municipalities", src);
    vsi_metric(x, "hospitals", rg->n_hospitals, "hospitals", src);
    vsi_metric(x, "share_65_plus", pop > 0 ? (double)aged_65(rg->pop_by_band) / pop : NAN,
               "share", src);
    vsi_metric(x, "share_80_plus", pop > 0 ? (double)p80 / pop : NAN, "share", src);
    vsi_metric(x, "beds_planned", (double)planned, "beds", src);
    vsi_metric(x, "beds_staffed", (double)staffed, "beds", src);
    vsi_metric(x, "beds_staffed_per_1000", pop > 0 ? 1000.0 * (double)staffed / pop : NAN,
               "beds per 1,000 residents", src);
    if (!geo)
        return;
    double land = 0;
    int matched = 0;
    for (int i = 0; i < rg->n_areas; i++) {
        int f = vs_report_geo_find(geo, rg->areas[i].area_id);
        if (f >= 0) {
            land += vs_report_geo_area_km2(geo, f);
            matched++;
        }
    }
    if (matched == rg->n_areas) {
        vsi_metric(x, "land_area_km2", land, "km2", srcgeo);
        vsi_metric(x, "population_density", pop / land, "persons per km2", srcgeo);
    }
}

/* Per area: residents, share 65+, and with polygons area and density. */
static void area_results(vsi_step *x, const vs_report_geo *geo)
{
    for (int i = 0; i < x->rg->n_areas; i++) {
        const vs_area *a = &x->rg->areas[i];
        double p = (double)a->population;
        vsi_unit(x, VS_STORE_AREA, a->area_id, "population", p);
        vsi_unit(x, VS_STORE_AREA, a->area_id, "share_65_plus",
                 a->population ? (double)aged_65(a->pop) / p : NAN);
        int f = geo ? vs_report_geo_find(geo, a->area_id) : -1;
        if (f >= 0) {
            double km2 = vs_report_geo_area_km2(geo, f);
            vsi_unit(x, VS_STORE_AREA, a->area_id, "area_km2", km2);
            vsi_unit(x, VS_STORE_AREA, a->area_id, "density_per_km2", km2 > 0 ? p / km2 : NAN);
        }
    }
}

/* Per municipality and per hospital, and the age bands. */
static void unit_results(vsi_step *x)
{
    const vs_region *rg = x->rg;
    for (int m = 0; m < rg->n_municipalities; m++) {
        const vs_municipality *mu = &rg->municipalities[m];
        int64_t m65 = 0;
        for (int i = 0; i < rg->n_areas; i++)
            if (rg->areas[i].municipality == m)
                m65 += aged_65(rg->areas[i].pop);
        const char *id = mu->municipality_id;
        vsi_unit(x, VS_STORE_MUNICIPALITY, id, "population", (double)mu->population);
        vsi_unit(x, VS_STORE_MUNICIPALITY, id, "areas", mu->n_areas);
        vsi_unit(x, VS_STORE_MUNICIPALITY, id, "share_65_plus",
                 mu->population ? (double)m65 / (double)mu->population : NAN);
        vsi_series(x, "municipality_population", "residents", m, mu->name,
                   (double)mu->population);
    }
    for (int h = 0; h < rg->n_hospitals; h++) {
        const vs_hospital *ho = &rg->hospitals[h];
        vsi_unit(x, VS_STORE_HOSPITAL, ho->hospital_id, "beds_planned", (double)ho->beds_planned);
        vsi_unit(x, VS_STORE_HOSPITAL, ho->hospital_id, "beds_staffed", (double)ho->beds_staffed);
        vsi_series(x, "hospital_beds", "planned (fastställda)", h, ho->name,
                   (double)ho->beds_planned);
        vsi_series(x, "hospital_beds", "staffed (disponibla)", h, ho->name,
                   (double)ho->beds_staffed);
    }
    for (int b = 0; b < VS_AGE_BANDS; b++)
        vsi_series(x, "age_bands", "residents", b, vs_age_band_label(b),
                   (double)rg->pop_by_band[b]);
}

/* Chart definitions: maps only with polygons, hospital beds only with hospitals. */
static void region_charts(vsi_step *x, const vs_report_geo *geo, const char *src,
                          const char *srcgeo)
{
    vs_chart_def charts[] = {
        {"age_bands", 10, "bar", "Residents by age band", "age band (years)", "persons", NULL,
         src},
        {"density_map", 20, "map", "Population density by area", "", "persons per km2",
         "density_per_km2", srcgeo},
        {"share65_map", 30, "map", "Share of residents aged 65 and over, by area", "", "share",
         "share_65_plus", src},
        {"municipality_population", 40, "bar", "Residents by municipality", "municipality",
         "persons", NULL, src},
        {"hospital_beds", 50, "bar", "Hospital beds: planned and staffed", "hospital", "beds",
         NULL, src},
    };
    for (size_t i = 0; i < sizeof charts / sizeof charts[0]; i++) {
        int skip = (strcmp(charts[i].kind, "map") == 0 && !geo)
                   || (strcmp(charts[i].chart_id, "hospital_beds") == 0
                       && x->rg->n_hospitals == 0);
        if (!skip)
            vsi_charts(x, &charts[i], 1);
    }
}

vs_status vsi_stage_region(vsi_step *x)
{
    const char *dir = x->rg->dir;
    const char *src = vsi_fmt(x, "computed from %s/areas.csv and hospitals.csv", dir);
    const char *srcgeo = vsi_fmt(x,
                                 "DERIVED: residents / polygon area of %s/areas.geojson "
                                 "(equirectangular, docs/report.md)",
                                 dir);
    const vs_report_geo *geo = x->rg->geo; /* loaded and checked with the region */
    region_metrics(x, geo, src, srcgeo);
    area_results(x, geo);
    unit_results(x);
    region_charts(x, geo, src, srcgeo);
    return x->status;
}
