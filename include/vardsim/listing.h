/*
 * vardsim/listing.h: the listing engine.  Every resident listed with a care
 * centre (vårdcentral) and a named GP, at most `cap` listed residents per GP
 * full-time equivalent (FTE), one responsible centre per area
 * (områdesansvar), and where to open region-run centres.
 *
 * Four problems (see docs/listing.md for the formulas); the LPs with GLPK or
 * CLP (VS_LP_*), the MIPs with GLPK:
 *   listing         LP: split each area's residents over the centres within
 *                   the maximum distance so that no centre exceeds its
 *                   capacity, as many residents as possible are listed and,
 *                   among such assignments, resident-km is least (two phases).
 *   extra GP FTE    LP: the least extra GP FTE, and at which centres, that
 *                   lists every resident who has a centre within reach.
 *   responsibility  MIP: every area to exactly one centre, capacity respected
 *                   (least overload first, then least resident-km), time
 *                   limit and reported gap, greedy heuristic as start and
 *                   fallback.
 *   siting          MIP: capacitated facility location choosing up to K new
 *                   region-run centres among candidate sites (default: the
 *                   area centroids), every resident listed within the maximum
 *                   distance; greenfield mode designs the whole network.
 *
 * Distances are great-circle km (vs_distance_km) between area centroids and
 * centres, multiplied by a circuity factor (1 by default).
 *
 * Threads: GLPK keeps its terminal and memory state in a per-process (or, if
 * built with thread-local storage, per-thread) environment that is not safe
 * to share.  Do not run listing calls concurrently from several threads of
 * one process.
 */
#ifndef VARDSIM_LISTING_H
#define VARDSIM_LISTING_H

#include "vardsim/core.h"
#include "vardsim/region.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest GP staffing of one care centre accepted from a file (full-time
 * equivalents): a Swedish vårdcentral has about 3-30 GPs; 1,000 leaves room
 * for a centre standing for a whole district (data/README.md). */
#define VS_LISTING_MAX_CENTRE_FTE 1000.0

/* One area: residents at a centroid. */
typedef struct vs_listing_area {
    char area_id[VS_ID_MAX];
    double lat, lon;     /* centroid, WGS84 degrees */
    int64_t population;  /* residents (persons) */
    double weight;       /* listing units per resident (1 = unweighted; need weights > 0) */
} vs_listing_area;

typedef struct vs_listing_areas {
    int n;                 /* number of areas */
    vs_listing_area *v;    /* n areas */
    char source[1024];     /* file or region directory they came from */
} vs_listing_areas;

enum { VS_OWNER_UNKNOWN = 0, VS_OWNER_REGION = 1, VS_OWNER_PRIVATE = 2 };

/* One care centre. */
typedef struct vs_listing_centre {
    char centre_id[VS_ID_MAX];
    char name[VS_NAME_MAX];  /* "" when not given */
    double lat, lon;         /* WGS84 degrees */
    double gp_fte;           /* GP full-time equivalents (>= 0) */
    double max_listed;       /* list ceiling in listing units; < 0 when none */
    int owner;               /* VS_OWNER_* */
    int is_new;              /* 1 for a centre opened by siting */
    double listed;           /* residents listed there today (column listed); < 0 when
                                not given */
} vs_listing_centre;

typedef struct vs_listing_centres {
    int n;
    vs_listing_centre *v;
    char source[1024];
} vs_listing_centres;

/* LP solver of the listing and extra-GP-FTE LPs (vs_listing_policy.lp_solver).
 * The MIPs (responsibility, siting) and their LP relaxations are always
 * GLPK's. */
enum {
    VS_LP_AUTO = 0,  /* the faster per problem class on the benchmark (docs/listing.md) */
    VS_LP_GLPK = 1,
    VS_LP_CLP = 2    /* COIN-OR CLP */
};

/* Policy and solver settings. */
typedef struct vs_listing_policy {
    double cap_per_gp_fte;  /* listing units per GP FTE (default 1,100: Socialstyrelsen 2022) */
    double max_km;          /* largest area-centre distance in km (default INFINITY: none) */
    double circuity;        /* factor on great-circle km (default 1) */
    int k_nearest;          /* consider only the K nearest centres of each area (0 = all) */
    double time_limit_s;    /* wall-clock limit of each MIP phase in seconds, LP
                               relaxation included (default 30; 0: no MIP search,
                               the heuristic start with status VS_RESP_TIME_LIMIT) */
    double mip_gap;         /* relative gap at which a MIP stops (default 1e-4) */
    int responsibility;     /* 0 none, 1 MIP (default), 2 heuristic only */
    int extra_fte;          /* 1 (default): solve the least extra GP FTE that lists everyone */
    int lp_solver;          /* VS_LP_AUTO (default), VS_LP_GLPK or VS_LP_CLP */
} vs_listing_policy;

/* How the area responsibility was obtained. */
enum {
    VS_RESP_NONE = 0,       /* not computed */
    VS_RESP_OPTIMAL = 1,    /* MIP solved to the gap target */
    VS_RESP_TIME_LIMIT = 2, /* MIP stopped at the time limit; best solution and gap reported */
    VS_RESP_HEURISTIC = 3   /* greedy heuristic (requested, or the MIP found nothing better) */
};

/* Residents of one area listed at one centre. */
typedef struct vs_listing_flow {
    int area, centre;   /* indices */
    double residents;   /* persons */
    double km;          /* distance area centroid -> centre (with circuity) */
} vs_listing_flow;

typedef struct vs_listing_result {
    int n_areas, n_centres;
    double cap_per_gp_fte;    /* policy used */
    /* listing LP */
    double population;        /* residents */
    double listed;            /* residents listed */
    double unlisted;          /* residents not listed (population - listed) */
    double total_person_km;   /* sum over flows of residents x km */
    double capacity_units;    /* sum of centre capacities (listing units) */
    double units;             /* sum of residents x weight */
    double *area_listed;      /* [n_areas] residents listed */
    double *area_unlisted;    /* [n_areas] residents not listed */
    int *area_reachable;      /* [n_areas] 1 if some centre is within max_km */
    double *centre_listed;    /* [n_centres] residents listed */
    double *centre_units;     /* [n_centres] listing units listed */
    double *centre_capacity;  /* [n_centres] capacity in listing units */
    int *centre_areas;        /* [n_centres] number of areas with residents listed there */
    /* listed per GP FTE (centre_listed / gp_fte) over the centres with gp_fte > 0;
     * NaN when no centre has GP FTE */
    double listed_per_gp_max;  /* largest */
    double listed_per_gp_mean; /* unweighted mean over those centres */
    int n_flows;
    vs_listing_flow *flows;   /* residents > 0, ordered by area then centre */
    /* least extra GP FTE that lists every reachable resident */
    int extra_solved;         /* 1 when computed */
    double extra_gp_fte;      /* total extra GP FTE */
    double *centre_extra_gp_fte; /* [n_centres] */
    double unreachable;       /* residents with no centre within max_km */
    /* area responsibility */
    int resp_method;          /* VS_RESP_* */
    int *area_centre;         /* [n_areas] responsible centre, -1 if none */
    double *area_km;          /* [n_areas] distance to it (NaN if none) */
    double *centre_resp_units;   /* [n_centres] listing units of the areas it is responsible for */
    double *centre_resp_capacity;/* [n_centres] responsibility capacity (capacity x load factor) */
    double resp_load_factor;  /* max(1, reachable units / capacity) */
    double resp_overload;     /* listing units above responsibility capacity, summed */
    double resp_person_km;    /* resident-km of the responsibility assignment */
    double resp_bound;        /* lower bound on resp_person_km (MIP or LP relaxation) */
    double resp_gap;          /* (resp_person_km - resp_bound) / resp_person_km */
    double resp_heuristic_km; /* resident-km of the greedy heuristic */
    double resp_heuristic_gap;/* its gap against resp_bound; NaN when its overload is
                                 larger than resp_overload (not comparable) */
    double resp_heuristic_overload; /* overload of the greedy heuristic */
    double resp_seconds;      /* time spent in the MIP (informative, not for tests) */
} vs_listing_result;

/* Settings of siting and greenfield design. */
typedef struct vs_listing_site_policy {
    vs_listing_policy listing;  /* cap, max_km, circuity, k_nearest, time limit, gap */
    double new_centre_gp_fte;   /* GP FTE of a new centre (its capacity = this x cap); required */
    int max_new;                /* K: at most this many new centres (0 = the least number
                                   whose capacity covers the residents not covered by the
                                   existing centres) */
    double opening_cost_km;     /* cost of opening one centre, in resident-km (default 0) */
    int whole_fte;              /* 1: GP FTE of a new centre = ceil(listed / cap); 0 (default):
                                   listed / cap, fractional */
    int heuristic_only;         /* 1: skip the MIP */
} vs_listing_site_policy;

typedef struct vs_listing_site_result {
    vs_listing_centres *network;   /* existing centres followed by the new ones (is_new = 1),
                                      gp_fte of new centres sized to what they list */
    int n_existing, n_new;
    int n_candidates;
    int method;                    /* VS_RESP_OPTIMAL / _TIME_LIMIT / _HEURISTIC */
    double objective;              /* resident-km + opening cost x n_new */
    double bound;                  /* lower bound on the objective: the best of the
                                      LP relaxation, GLPK's bound and a Lagrangian
                                      bound (at or below the LP relaxation) */
    double gap;                    /* (objective - bound) / objective */
    double heuristic_objective;    /* objective of the greedy start */
    double heuristic_gap;          /* its gap against bound */
    double new_gp_fte;             /* GP FTE of the new centres, summed */
    double seconds;                /* time spent in the MIP and the bound (informative) */
    vs_listing_result *listing;    /* listing, extra FTE and responsibility on the network */
} vs_listing_site_result;

/* Cost parameters (data/parameters/gp_workforce.csv). */
typedef struct vs_listing_costs {
    double monthly_salary_sek;     /* GP specialist mean monthly salary */
    double oncost_rate;            /* employer on-costs as a share of salary */
    double annual_cost_per_fte;    /* DERIVED: salary x 12 x (1 + on-costs) */
    double guideline_per_fte;      /* 1,100 listed per full-time specialist */
    double baseline_per_gp;        /* today's "above 2,000 per GP" */
    double coverage_today;         /* share of residents with a fixed GP today (about 0.30) */
    double full_time_hours_week;   /* hours of one FTE */
} vs_listing_costs;

/* ---- inputs ------------------------------------------------------------ */

/* Areas of a loaded region (weight 1). */
VS_API vs_status vs_listing_areas_from_region(vs_ctx *ctx, const vs_region *region,
                                              vs_listing_areas **out);
/* Areas from a CSV with columns area_id, population, lat, lon (others are
 * ignored; an optional column `weight` gives listing units per resident). */
VS_API vs_status vs_listing_areas_load(vs_ctx *ctx, const char *path, vs_listing_areas **out);
/* Apply need weights from a CSV area_id,weight: every area exactly once,
 * weight > 0; an unknown or missing area id is an input error. */
VS_API vs_status vs_listing_areas_weights_load(vs_ctx *ctx, vs_listing_areas *areas,
                                               const char *path);
/* An empty set of n areas to fill in (weight 1). */
VS_API vs_status vs_listing_areas_create(vs_ctx *ctx, int n, vs_listing_areas **out);
VS_API void vs_listing_areas_destroy(vs_listing_areas *areas);

/* Care centres from a CSV centre_id, lat, lon, gp_fte and optional name,
 * owner or operator (region, region-run or private), max_listed (empty =
 * none), listed (residents listed today; empty = not known). */
VS_API vs_status vs_listing_centres_load(vs_ctx *ctx, const char *path,
                                         vs_listing_centres **out);
/* Candidate sites from a CSV site_id (or centre_id), lat, lon. */
VS_API vs_status vs_listing_sites_load(vs_ctx *ctx, const char *path, vs_listing_centres **out);
VS_API vs_status vs_listing_centres_create(vs_ctx *ctx, int n, vs_listing_centres **out);
VS_API void vs_listing_centres_destroy(vs_listing_centres *centres);

/* Defaults: cap 1,100, no distance limit, circuity 1, all centres, 30 s,
 * gap 1e-4, responsibility by MIP, extra FTE on. */
VS_API vs_status vs_listing_policy_init(vs_ctx *ctx, vs_listing_policy *policy);
/* Defaults of siting: listing defaults, max_new 0, opening cost 0,
 * fractional FTE; new_centre_gp_fte is NaN and must be set. */
VS_API vs_status vs_listing_site_policy_init(vs_ctx *ctx, vs_listing_site_policy *policy);

/* Read the cost parameters from a parameter CSV (gp_workforce.csv). */
VS_API vs_status vs_listing_costs_load(vs_ctx *ctx, const char *path, vs_listing_costs *out);

/* ---- problems ---------------------------------------------------------- */

/* Listing LP (and, per policy, extra FTE LP and responsibility MIP).
 * Checks conservation (listed + unlisted = population per area) and capacity
 * on the result and fails with VS_ENUMERIC if they do not hold within 1e-6
 * relative.  Errors: VS_EINPUT (duplicate ids, negative values),
 * VS_EINFEASIBLE (no capacity at all, no centre within max_km of any area),
 * VS_EUSAGE (bad policy), VS_ENOMEM, VS_ENUMERIC. */
VS_API vs_status vs_listing_solve(vs_ctx *ctx, const vs_listing_areas *areas,
                                  const vs_listing_centres *centres,
                                  const vs_listing_policy *policy, vs_listing_result **out);
VS_API void vs_listing_result_destroy(vs_listing_result *result);

/* Siting: choose up to K new centres among `candidates` (NULL: the area
 * centroids) next to the `existing` centres (NULL or empty: greenfield), so
 * that every resident is listed within max_km at least resident-km plus
 * opening cost.  Then solves the listing on the resulting network.
 * VS_EINFEASIBLE when no choice of K sites can list everyone. */
VS_API vs_status vs_listing_site(vs_ctx *ctx, const vs_listing_areas *areas,
                                 const vs_listing_centres *existing,
                                 const vs_listing_centres *candidates,
                                 const vs_listing_site_policy *policy,
                                 vs_listing_site_result **out);
VS_API void vs_listing_site_result_destroy(vs_listing_site_result *result);

/* Greenfield primary-care network for a region, for the simulation: every
 * resident listed at a centre within max_km (INFINITY: none), at
 * `residents_per_gp_fte` (e.g. 2,000 today, 1,100 under the policy), with
 * centres of at most `centre_gp_fte` GP FTE.  The result's network holds the
 * centres (coordinates, gp_fte) and listing->flows the area -> centre
 * shares; listing->area_centre the responsible centre of each area.
 * time_limit_s <= 0 selects the heuristic path (max-flow greedy siting and a
 * Lagrangian bound, a few seconds for Stockholm); above 0 the MIPs run with
 * the wall-clock limit split over siting and the two responsibility phases
 * (each kept up to a fraction of a second; the greedy start and the listing
 * LPs come on top, see docs/listing.md).
 * NaN is a usage error. */
VS_API vs_status vs_listing_design_greenfield(vs_ctx *ctx, const vs_region *region,
                                              double residents_per_gp_fte, double centre_gp_fte,
                                              double max_km, double time_limit_s,
                                              vs_listing_site_result **out);

/* The region's own care centres: DIR/centres.csv of the region directory
 * (the format of vs_listing_centres_load), or *out = NULL when the region
 * has no such file. */
VS_API vs_status vs_listing_region_centres(vs_ctx *ctx, const vs_region *region,
                                           vs_listing_centres **out);

/* The primary-care network of a region's own care centres (`own`, e.g. from
 * vs_listing_region_centres): every resident listed (listing LP, least
 * resident-km) at centres whose capacity is gp_fte x residents_per_gp_fte;
 * when every centre gives `listed`, at centres whose lists keep today's
 * proportions (capacity listed x units / sum of listed).  When the centres'
 * GP FTE cannot list everyone at residents_per_gp_fte the capacity per GP FTE
 * is raised uniformly until they can (as today, when lists exceed the
 * guideline); *cap_used tells the value used.  Responsibility by the greedy
 * heuristic.  The result has n_existing = own->n, n_new 0, no siting bound
 * (bound and gap NaN). */
VS_API vs_status vs_listing_design_own(vs_ctx *ctx, const vs_region *region,
                                       const vs_listing_centres *own,
                                       double residents_per_gp_fte, double *cap_used,
                                       vs_listing_site_result **out);

#ifdef __cplusplus
}
#endif
#endif
