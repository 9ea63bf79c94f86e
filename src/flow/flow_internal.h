/*
 * flow_internal.h: the prepared (read-only, shared by all replications) plan
 * of a flow simulation and the layout of one replication's result record.
 */
#ifndef VARDSIM_FLOW_INTERNAL_H
#define VARDSIM_FLOW_INTERNAL_H

#include "vardsim/flow.h"
#include "vardsim/rng.h"
#include "vardsim/sim.h"

/* Area data used by the simulation. */
typedef struct flow_area {
    int municipality;
    int decile;            /* 0..9 */
    double insured_share;  /* share of residents insured */
} flow_area;

/* A centre of the designed network (plan side). */
typedef struct flow_centre {
    double gp_fte;
    int n_gp;              /* GP headcount proxy: ceil(gp_fte) */
    double rate_per_year;  /* requests a year */
    vs_dist *area_dist;    /* area index of a request (weights: area requests) */
    int n_sched;           /* capacity schedule (one week) */
    double sched_t[16];
    int sched_c[16];
    int n_ysched;          /* yearly schedule with GP absence (period 364 days);
                              0 = use the weekly one above */
    double *ysched_t;
    int *ysched_c;
} flow_centre;

typedef struct flow_hosp {
    int beds;
    int ward_beds[VS_FLOW_WARDS];
    double ed_per_year;
    double elective_per_year;
    double admissions_per_year;
} flow_hosp;

/* Offsets of the fixed part of a replication record (doubles). */
enum {
    R_PC_REQ = 0,
    R_PC_VISITS,
    R_PC_WAIT,                                   /* [4] */
    R_PC_WAIT_ALL = R_PC_WAIT + VS_PC_CLASSES,
    R_PC_WITHIN,                                 /* [4] */
    R_PC_GUAR = R_PC_WITHIN + VS_PC_CLASSES,
    R_PC_7D,
    R_PC_WAIT_INS,                               /* [4] */
    R_PC_WAIT_UNINS = R_PC_WAIT_INS + VS_PC_CLASSES, /* [4] */
    R_DEC_WAIT = R_PC_WAIT_UNINS + VS_PC_CLASSES,    /* [10] */
    R_DEC_WITHIN = R_DEC_WAIT + 10,                  /* [10] */
    R_CONT = R_DEC_WITHIN + 10,
    R_PC_INV,
    R_ED_ARR,
    R_ED_ADM,
    R_ED_BOARD_H,
    R_ED_BOARD_SHARE,
    R_ED_BOARD_PAT,
    R_BED_INV,
    R_EL_DEC,
    R_EL_WAIT,
    R_EL_WITHIN,
    R_EL_ELSEWHERE,
    R_ASIH,
    R_OCC,
    R_OVF_DAYS,
    R_INJ,
    R_ARR,
    R_DEP,
    R_INSYS,
    R_CONS_OK,
    R_EVENTS,
    R_PC_INS_AHEAD, /* insured visits started while an earlier uninsured
                       patient of the same class waited (same centre) */
    R_PC_SEEN0,     /* published measures (docs/flow.md) */
    R_PC_SEEN3,
    R_PC_SEEN7,
    R_PC_WMEAN,
    R_PC_WMED,
    R_ED_LOS_MED,
    R_OUT100,
    R_OVC100,
    R_PC_RET,
    R_PC_SEEN5,
    R_ED_4H,
    R_PC_ELSE,
    R_REC_PEAK,     /* bed-request records in use at once, at most */
    R_ENT_PEAK,     /* kernel entities live at once, at most */
    R_FIXED
};
enum { RM_WAIT = 0, RM_WITHIN, RM_N };                 /* per municipality */
enum { RA_WAIT = 0, RA_N };                            /* per area */
enum { RH_OCC = 0, RH_ADM, RH_OUT, RH_OVF, RH_BOARD, RH_ELWAIT, RH_OUT100, RH_OVC100,
       RH_TOWARD, RH_TOCORR, RH_N }; /* per hospital */

/* Bins of the per-replication histograms behind the medians: primary-care
 * waits in whole days (the last bin holds longer waits) and ED stays in
 * minutes (ditto). */
enum { PC_HIST_DAYS = 400, ED_HIST_MIN = 4320 };

typedef struct flow_plan {
    const vs_region *region;
    vs_flow_params p;
    int n_areas;
    flow_area *areas;
    int n_centres;
    flow_centre *centres;
    int n_hosp;
    flow_hosp *hosp;
    vs_dist *ed_area_dist;       /* area of an ED patient (weights: ED visits) */
    vs_dist *el_area_dist;       /* area of an elective patient (weights: admissions) */
    vs_dist *ed_los;             /* ED stay, days */
    vs_dist *bed_los;            /* length of stay, days */
    double visit_days;           /* one appointment, days */
    double ed_rate_hour[24];     /* relative hourly profile (mean 1) */
    double ed_weekday[7];        /* weekday factors (mean 1) */
    double pc_rate_week[168];    /* relative hour-of-week request profile (mean 1) */
    int wards;                   /* wards per hospital */
    double ward_cum[VS_FLOW_WARDS]; /* cumulative admission shares of the wards */
    double pc_rate_factor;       /* own requests / doctor visits x seasonal peak:
                                    (1 - return share) x (1 + amplitude)       */
    double pc_share[VS_SIM_MAX_CLASSES];
    double ed_share[VS_SIM_MAX_CLASSES];
    double el_share[VS_SIM_MAX_CLASSES];
    size_t rec_len;              /* doubles per replication record */
    size_t off_muni, off_hosp;   /* offsets of the variable parts */
    size_t off_area;             /* per-area part (after the hospitals) */
} flow_plan;

/* Rank of each primary-care class in the centre queue under need and
 * insurance (0 first): same day, within 3 days (no own requests, kept for the
 * API), routine, planned follow-up (GP-booked return visits, booked at an
 * earlier visit) -> 0, 2, 3, 1; and the class of each rank.  A primary-care
 * entity's kernel class is its rank. */
static const int vsi_flow_pc_rank[VS_PC_CLASSES] = {0, 2, 3, 1};
static const int vsi_flow_pc_class_of_rank[VS_PC_CLASSES] = {0, 3, 1, 2};

/* One replication (model.c). */
vs_status vsi_flow_replicate(vs_ctx *ctx, const flow_plan *plan, int rep, double *rec);

/* The primary-care network (network.c): fills centres in `res` and the plan's
 * centres (rates and area distributions) from expected requests per area, on
 * `prebuilt` when not NULL, else on the network vs_flow_network_design makes. */
vs_status vsi_flow_network(vs_ctx *ctx, flow_plan *plan, const double *area_requests,
                       vs_flow_result *res, const vs_flow_network_spec *prebuilt);

/* The appointment book (book.c): share of GP time absent on day `day` of
 * the 364-day year (1 on weekends), and a centre's yearly capacity schedule
 * with that absence (n_ysched = 0 when there is no vacation). */
double vsi_flow_absent_share(const vs_flow_params *p, int day);
vs_status vsi_flow_year_schedule(vs_ctx *ctx, const vs_flow_params *p, double h_clin,
                                 flow_centre *c);

#endif
