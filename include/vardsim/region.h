/*
 * vardsim/region.h: the region model (areas, municipalities, hospitals) and
 * its loader.
 *
 * A region is a directory holding
 *   region.json         name and base_year (required)
 *   areas.csv           one row per area: area_id, municipality_id, lat, lon,
 *                       pop_0_4 ... pop_75_79, pop_80_plus, and optional need
 *                       variables (see data/README.md)
 *   municipalities.csv  municipality_id, name[, lat, lon]
 *   hospitals.csv       hospital_id, name, municipality_id, lat, lon,
 *                       beds_planned, beds_staffed
 *   areas.geojson       optional area polygons for maps; checked at load
 * Every value is validated at load against the domain documented in
 * data/README.md ("Valid values"); the first problem is reported as
 * "FILE:LINE: field NAME: what is wrong" and nothing is returned.
 */
#ifndef VARDSIM_REGION_H
#define VARDSIM_REGION_H

#include "vardsim/core.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VS_AGE_BANDS 17 /* 0-4, 5-9, ..., 75-79, 80+ */
#define VS_ID_MAX 32    /* identifiers are shorter than this (bytes, with NUL) */
#define VS_NAME_MAX 128 /* names are shorter than this */
/* Largest head count any cell could hold before issue 12; kept for callers.
 * The loaders now apply the tighter bounds below. */
#define VS_MAX_COUNT INT64_C(1000000000)
/* Valid domain of a region (data/README.md, "Valid values"): an area holds at
 * most 2,000,000 residents (twice Sweden's largest municipality, Stockholm,
 * 0.98 million in 2022; a DeSO holds 700-2,700 by design, at most 9,007 in
 * 2022), a region at most 15,000,000 (all of Sweden: 10.5 million), and a
 * hospital at most 5,000 beds (Sweden's largest, Karolinska and Sahlgrenska,
 * plan 1,400-1,900). */
#define VS_MAX_AREA_POPULATION INT64_C(2000000)
#define VS_MAX_REGION_POPULATION INT64_C(15000000)
#define VS_MAX_HOSPITAL_BEDS INT64_C(5000)

/* One area (DeSO in the default region).  Optional counts are -1 and the
 * optional income is NaN when the region file does not provide them. */
typedef struct vs_area {
    char area_id[VS_ID_MAX];      /* e.g. "0180C3420" */
    int municipality;             /* index into vs_region.municipalities */
    double lat, lon;              /* centroid, WGS84 degrees */
    int64_t pop[VS_AGE_BANDS];    /* residents by age band (persons) */
    int64_t population;           /* sum of pop[] (persons) */
    char area_type;               /* SCB DeSO type 'A', 'B', 'C', or 0 if unknown */
    int socioeconomic_type;       /* SCB/Delmos RegSO type 1..5, 0 if unknown */
    int64_t pop_25_64;            /* residents aged 25-64 (education population) */
    int64_t low_education_25_64;  /* of those, with only compulsory schooling */
    int64_t foreign_background;   /* residents with a foreign background */
    int64_t households;           /* households */
    int64_t dwellings;            /* dwellings, all tenures */
    int64_t rental_dwellings;     /* rental dwellings (hyresrätt) */
    double median_income_tkr;     /* median income aged 20+, thousand SEK */
    double cni;                   /* Care Need Index delivered by Statistics Sweden
                                     (optional column cni, Sweden = 1); NaN when not
                                     given: vs_need_compute then uses its proxy */
} vs_area;

typedef struct vs_municipality {
    char municipality_id[VS_ID_MAX]; /* SCB code, e.g. "0180" */
    char name[VS_NAME_MAX];          /* e.g. "Stockholm" */
    double lat, lon;                 /* area centroid, NaN if not given */
    int64_t population;              /* sum over its areas (computed) */
    int n_areas;                     /* number of its areas (computed) */
} vs_municipality;

typedef struct vs_hospital {
    char hospital_id[VS_ID_MAX];
    char name[VS_NAME_MAX];
    int municipality;      /* index into vs_region.municipalities */
    double lat, lon;       /* WGS84 degrees */
    int64_t beds_planned;  /* fastställda vårdplatser (beds) */
    int64_t beds_staffed;  /* disponibla vårdplatser: staffed, open beds */
} vs_hospital;

typedef struct vs_region {
    char name[VS_NAME_MAX];
    int base_year;                    /* reference year of the population */
    char dir[1024];                   /* directory it was loaded from */
    int n_areas;
    vs_area *areas;
    int n_municipalities;
    vs_municipality *municipalities;
    int n_hospitals;
    vs_hospital *hospitals;
    int64_t population;               /* total residents */
    int64_t pop_by_band[VS_AGE_BANDS];
    struct vs_report_geo *geo;        /* the area polygons of areas.geojson, checked
                                         to match the areas one to one (vardsim/report.h);
                                         NULL when the region has no map.  Owned. */
} vs_region;

/* Load the region in directory `dir`.  On success *out owns all memory and
 * is freed with vs_region_destroy.  Errors: VS_EIO, VS_EINPUT, VS_ENOMEM. */
VS_API vs_status vs_region_load(vs_ctx *ctx, const char *dir, vs_region **out);

/* Free a region; NULL is allowed. */
VS_API void vs_region_destroy(vs_region *region);

/* Index of the area with this id, or -1. */
VS_API int vs_region_find_area(const vs_region *region, const char *area_id);

/* Index of the municipality with this id, or -1. */
VS_API int vs_region_find_municipality(const vs_region *region, const char *municipality_id);

/* Column name ("pop_0_4", ..., "pop_80_plus"), label ("0-4", ..., "80+"),
 * and the lower and upper age of band b (upper is 120 for the open band). */
VS_API const char *vs_age_band_column(int b);
VS_API const char *vs_age_band_label(int b);
VS_API int vs_age_band_lo(int b);
VS_API int vs_age_band_hi(int b);

/* Great-circle distance in km between two WGS84 points (haversine, mean
 * Earth radius 6371.0088 km). */
VS_API double vs_distance_km(double lat1, double lon1, double lat2, double lon2);

#ifdef __cplusplus
}
#endif
#endif
