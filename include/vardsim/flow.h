/*
 * vardsim/flow.h: the region patient-flow simulation.  A region's year of
 * primary care, emergency departments, hospital beds, ASIH and the elective
 * waiting list, under one of three queue disciplines, with replications and
 * 95 % confidence intervals.  Built on the simulation kernel (vardsim/sim.h),
 * the need model (vardsim/need.h) and the bed plan's derived demand
 * (vardsim/beds.h).  Method, parameters and sources: docs/flow.md.
 *
 * Patient paths (no entity per resident: requests are Poisson arrivals and a
 * request's area and insurance status are drawn when it arrives):
 *   primary care  request (area's expected doctor visits, need model) with an
 *                 urgency class -> the listed care centre's appointment queue
 *                 -> visit (own GP or another) -> home;
 *   ED            arrival (hour-of-day x weekday profile) with a triage
 *                 level -> ED stay (lognormal) -> home, or admitted -> bed at
 *                 the hospital, boarding in the ED while no bed is free, after
 *                 the maximum boarding time placed on another ward or in a
 *                 corridor (utlokalisering) for the whole stay;
 *   elective      decision to treat -> waiting list at the hospital -> bed,
 *                 or care elsewhere when the care-guarantee limit is reached;
 *   ASIH          a share of admissions cared for at home instead.
 *
 * Determinism: replication r uses random stream (seed, r); results are
 * aggregated in replication order, so they are bit-identical for any number
 * of threads.
 */
#ifndef VARDSIM_FLOW_H
#define VARDSIM_FLOW_H

#include "vardsim/core.h"
#include "vardsim/region.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Queue disciplines of the simulation. */
typedef enum vs_flow_discipline {
    VS_FLOW_NEED = 0,  /* urgency class, then arrival time                   */
    VS_FLOW_FIFO,      /* arrival time only                                 */
    VS_FLOW_INSURANCE  /* urgency class, then insured first, then arrival   */
} vs_flow_discipline;

/* Name ("need", "fifo", "insurance") and parsing (-1 when unknown). */
VS_API const char *vs_flow_discipline_name(int d);
VS_API int vs_flow_discipline_parse(const char *name);

/* Primary-care urgency classes (also the order of need). */
enum {
    VS_PC_SAME_DAY = 0,   /* same day                                */
    VS_PC_WITHIN_3_DAYS,  /* within 3 days                           */
    VS_PC_ROUTINE,        /* routine                                 */
    VS_PC_PLANNED,        /* planned follow-up of chronic illness    */
    VS_PC_CLASSES
};
VS_API const char *vs_flow_pc_class_name(int c);

/* ED triage levels (RETTS), most urgent first; elective patients are the
 * lowest-need class of the bed queue. */
enum { VS_TRIAGE_LEVELS = 5, VS_BED_ELECTIVE = 5, VS_BED_CLASSES = 6 };
VS_API const char *vs_flow_bed_class_name(int c);

/* Specialty wards within each hospital (docs/flow.md "Wards"). */
enum { VS_FLOW_WARDS = 4 }; /* medicine, surgery, orthopaedics, other */
VS_API const char *vs_flow_ward_name(int w);

/* How the primary-care network is made. */
typedef enum vs_flow_network {
    VS_NETWORK_AUTO = 0,   /* the listing engine when built in, else FALLBACK */
    VS_NETWORK_LISTING,    /* vs_listing_design_greenfield (GLPK)              */
    VS_NETWORK_FALLBACK,   /* internal: recursive population bisection per
                              municipality (docs/flow.md)                      */
    VS_NETWORK_CENTRES     /* the region's own care centres (REGION/centres.csv,
                              vs_listing_design_own); AUTO and LISTING choose
                              it whenever the region has that file            */
} vs_flow_network;

/* Name ("auto", "listing", "fallback"; "?" when unknown) and parsing (-1
 * when unknown, NULL included), as for the disciplines. */
VS_API const char *vs_flow_network_name(int m);
VS_API int vs_flow_network_parse(const char *name);

/* Every input of a run.  vs_flow_params_init fills each field from the cited
 * parameter files (data/parameters/flow.csv, inpatient_care.csv,
 * hospital_beds.csv and the need model's files); the caller (CLI, scenario
 * layer) may then change any field.  Policy knobs are marked (policy). */
typedef struct vs_flow_params {
    /* run */
    vs_flow_discipline discipline; /* (policy) default need                          */
    int replications;              /* >= 1, default 1                                */
    int threads;                   /* >= 1, default 1                                */
    uint64_t seed;                 /* default 1                                      */
    double days;                   /* observed horizon after the warm-up, default 365 */
    double warmup_days;            /* default ceil(7 x mean stay) (method setting)   */
    /* primary care */
    double residents_per_gp;       /* (policy) GP supply: residents per GP FTE, 2000 */
    double care_centres;           /* centres in the region today, 200 (sizes the
                                      designed network)                              */
    double residents_per_centre;   /* designed centre size; NaN (default) =
                                      population / care_centres                      */
    vs_flow_network network;       /* default AUTO                                   */
    double listing_time_limit_s;   /* MIP time limit of the listing engine; 0 (the
                                      default) = its heuristic path, a few seconds  */
    double pc_class_share[VS_PC_CLASSES]; /* classes of the patients' own requests:
                                      DERIVED at init from pc_acute_share as
                                      {acute, 0, 1 - acute, 0}; class 3 (planned
                                      follow-up) holds the GP-booked return visits,
                                      generated by visits (docs/flow.md)          */
    /* primary care as a booking system (docs/flow.md "Appointment book") */
    double pc_acute_share;         /* share of own requests that need a visit the
                                      same day (fitted, flow.csv)                */
    double pc_return_share;        /* share of doctor visits that are return visits
                                      booked by the GP (fitted, flow.csv)        */
    double pc_return_interval_days; /* days from a visit to its booked return visit */
    double pc_booking_horizon_days; /* a request not given a visit within this many
                                      days goes elsewhere; INFINITY = no horizon  */
    double gp_vacation_days;       /* 31 weekdays of vacation per GP FTE and year  */
    double gp_summer_vacation_days; /* 20 of them between 1 June and 31 August     */
    double pc_seasonal_amplitude;  /* demand x (1 + A cos(2 pi (day - peak) / 365.25)) */
    double pc_seasonal_peak_day;   /* day of year of the winter peak (0 = 1 Jan)  */
    double gp_hours_per_week;      /* 40                                             */
    double gp_admin_hours_per_day; /* (policy) 4                                     */
    double gp_training_share;      /* (policy) 0.10 of working time                  */
    double gp_training_days;       /* (policy) 10 days a year                        */
    double gp_visits_per_fte_year; /* 3042 (defines visits per clinical hour)        */
    double open_hour;              /* 8: the working day starts 08:00 (convention)   */
    double named_gp_share;         /* (policy) 0.30 today                            */
    double visits_per_clinical_hour; /* DERIVED at init over the days worked (weekdays
                                      minus vacation); NaN = derive again at run  */
    /* care guarantee (HSL 9 kap. 1 §, HSF 6 kap. 1 §) */
    double cg_primary_care_days;   /* 3: medical assessment                          */
    double cg_treatment_days;      /* 90: decision to treatment                      */
    double cg_first_visit_days;    /* 90: first specialist visit (reported only)     */
    /* insurance */
    double insured_share;          /* region mean share of residents insured, 0.0723 */
    /* emergency department */
    double ed_triage_share[VS_TRIAGE_LEVELS];
    double ed_share_admitted;      /* 0.333                                          */
    double ed_los_median_min;      /* 220                                            */
    double ed_los_p90_min;         /* 469                                            */
    double ed_hour_block_share[4]; /* 00-06, 06-12, 12-18, 18-24                     */
    double ed_monday_share;        /* 0.16                                           */
    double max_boarding_hours;     /* (policy) 4                                     */
    /* beds */
    double bed_closure_share;      /* (policy) share of staffed beds closed, 0       */
    double extra_beds_share;       /* (policy) extra staffed beds, share, 0          */
    double asih_share;             /* (policy) share of admissions to ASIH, 0        */
    double admissions_per_1000;    /* 131 (beds module)                              */
    double acute_share;            /* 0.7214 (beds module, derived)                  */
    double mean_los_days;          /* 4.3                                            */
    double los_cv;                 /* 1.16                                           */
    double injury_rate_per_admission; /* 0.08                                        */
    double injury_rr_outplaced;    /* 1.6                                            */
    int wards;                     /* specialty wards per hospital, 1..VS_FLOW_WARDS:
                                      1 = each hospital one bed pool (the earlier
                                      model), default VS_FLOW_WARDS               */
    double ward_share[VS_FLOW_WARDS]; /* share of beds and of admissions of each
                                      ward (the first `wards` are used, rescaled) */
    int los_exponential;           /* method setting for checks against exact
                                      Markov-chain results: 1 = exponential stays
                                      (CV 1) instead of lognormal, default 0      */
    double bed_census_hour;        /* 6: the daily count of overcrowded and outplaced
                                      patients is taken at 06:00 (SKL)               */
    /* need model */
    double need_elasticity;        /* NaN: the need parameters' value                */
    char param_dir[1024];          /* directory of the parameter files               */
    char reference_path[1024];     /* national reference areas ("" = region itself)  */
} vs_flow_params;

/* Defaults from the parameter files in param_dir (normally data/parameters);
 * reference_path is set to param_dir/../national/deso_2022.csv when that file
 * exists.  Errors: VS_EIO, VS_EINPUT ("FILE:LINE: field NAME: ..."). */
VS_API vs_status vs_flow_params_init(vs_ctx *ctx, const char *param_dir, vs_flow_params *out);

/* Check ranges (VS_EUSAGE naming the field). */
VS_API vs_status vs_flow_params_check(vs_ctx *ctx, const vs_flow_params *p);

/* Clinical hours per GP FTE and weekday, and visits per clinical hour:
 *   h = (40/5 - admin) x (1 - training_share - training_days / 260.89)
 *   v = gp_visits_per_fte_year / (260.89 x h at the file's default deductions)
 * 260.89 = 365.25 x 5/7 weekdays a year. */
VS_API vs_status vs_flow_clinical_hours(vs_ctx *ctx, const vs_flow_params *p,
                                        double *hours_per_weekday);

/* One estimate across replications. */
typedef struct vs_flow_est {
    double mean;  /* mean over replications                          */
    double ci95;  /* half-width of the 95 % CI (NaN with one replication) */
} vs_flow_est;

/* A care centre of the network. */
typedef struct vs_flow_centre {
    char centre_id[VS_ID_MAX];
    double lat, lon;
    double gp_fte;          /* GP full-time equivalents                    */
    double residents;       /* residents listed                            */
    double requests_per_year; /* expected doctor-visit requests            */
    int municipality;       /* of its largest area                         */
} vs_flow_centre;

/* Per-hospital results. */
typedef struct vs_flow_hospital {
    int beds;                     /* staffed beds simulated                 */
    vs_flow_est occupancy;        /* busy beds / beds (time average)        */
    vs_flow_est admissions;       /* admitted to a bed or outplaced         */
    vs_flow_est outplaced;        /* admissions not given a staffed bed on the
                                     home ward: to_other_ward + to_corridor */
    vs_flow_est overflow_days;    /* outplaced patient-days                 */
    vs_flow_est boarding_hours;   /* mean ED boarding of admitted ED patients */
    vs_flow_est elective_wait_days; /* mean wait of electives admitted      */
    vs_flow_est outplaced_per_100_beds;   /* daily census: patients on another
                                     ward of this hospital, per 100 staffed beds */
    vs_flow_est overcrowded_per_100_beds; /* daily census: patients in corridor
                                     beds (the whole hospital full), per 100 beds */
    vs_flow_est to_other_ward;    /* admissions outplaced to another ward of
                                     this hospital (utlokalisering)         */
    vs_flow_est to_corridor;      /* admissions to a corridor bed, the whole
                                     hospital full (överbeläggning)         */
    int wards;                    /* wards simulated                        */
    int ward_beds[VS_FLOW_WARDS]; /* staffed beds of each ward              */
    double offered_load;          /* erlangs (expected, for the Erlang check) */
    double erlang_b;              /* Erlang B at (beds, load): overflow
                                     share of a loss system, for comparison */
} vs_flow_hospital;

/* Results of vs_flow_run: every estimate over the replications. */
typedef struct vs_flow_result {
    vs_flow_params params;        /* the parameters used                    */
    int network_method;           /* VS_NETWORK_LISTING or _FALLBACK used   */
    int n_centres;
    vs_flow_centre *centres;
    double gp_fte_total;
    double clinical_hours_per_weekday;
    double visits_per_clinical_hour;
    double pc_capacity_per_year;  /* appointments a year                    */
    double pc_demand_per_year;    /* expected requests a year               */
    double ed_visits_per_year;    /* expected                               */
    double admissions_per_year;   /* expected, acute hospitals              */
    double elective_per_year;     /* expected elective admissions           */
    /* primary care */
    vs_flow_est pc_requests;      /* requests after the warm-up             */
    vs_flow_est pc_visits;        /* visits (service started) after warm-up */
    vs_flow_est pc_wait_days[VS_PC_CLASSES]; /* mean wait, days             */
    vs_flow_est pc_wait_days_all;
    vs_flow_est pc_within_days[VS_PC_CLASSES]; /* share served within the
                                     class limit: 0, 3, 3, (none: 90) calendar days */
    vs_flow_est pc_within_guarantee; /* classes 0-2 within cg_primary_care_days */
    vs_flow_est pc_within_7_days; /* classes 0-2 within 7 days (old rule)   */
    vs_flow_est pc_wait_insured[VS_PC_CLASSES];   /* mean wait of insured   */
    vs_flow_est pc_wait_uninsured[VS_PC_CLASSES]; /* and of the others      */
    vs_flow_est pc_wait_decile[10];  /* by CNI decile (1 = lowest need)     */
    vs_flow_est pc_within_decile[10];
    int n_municipalities;
    vs_flow_est *pc_wait_municipality;   /* [n_municipalities]              */
    vs_flow_est *pc_within_municipality; /* [n_municipalities]              */
    vs_flow_est continuity;       /* share of visits with the own GP        */
    vs_flow_est pc_inversions;    /* lower class served while a higher one waited */
    /* emergency department and beds */
    vs_flow_est ed_arrivals;
    vs_flow_est ed_admitted;
    vs_flow_est ed_boarding_hours;   /* mean boarding of admitted ED patients */
    vs_flow_est ed_boarding_share;   /* share of admitted ED patients who boarded */
    vs_flow_est ed_boarding_mean_patients; /* time-average patients boarding */
    vs_flow_est bed_inversions;   /* bed given to a lower class while a higher one waited */
    vs_flow_est elective_decisions;
    vs_flow_est elective_wait_days;
    vs_flow_est elective_within_guarantee; /* of electives admitted or sent elsewhere */
    vs_flow_est elective_elsewhere;  /* sent to care elsewhere at the limit   */
    vs_flow_est asih_episodes;
    vs_flow_est occupancy;        /* region: busy beds / beds                */
    vs_flow_est overflow_days;    /* outplaced patient-days                  */
    vs_flow_est extra_injuries;   /* overflow_days x rate/day x (RR - 1)     */
    int n_hospitals;
    vs_flow_hospital *hospitals;  /* [n_hospitals]                           */
    /* conservation (whole run, warm-up included) */
    vs_flow_est arrivals;         /* patients created                        */
    vs_flow_est departures;       /* patients who left the system            */
    vs_flow_est in_system;        /* patients present at the end             */
    int conservation_ok;          /* 1 when arrivals = departures + in_system
                                     and in_system = the stage counts in
                                     every replication                       */
    uint64_t events;              /* kernel events, all replications         */
    double wall_seconds;          /* informative: the whole call             */
    double network_seconds;       /* informative: designing the network      */
    /* added for the run pipeline (report, scorecard) */
    vs_flow_est pc_insured_ahead; /* primary-care visits of insured patients
                                     that started while an uninsured patient of
                                     the same class at the same centre, who
                                     arrived earlier, had not started (0 under
                                     need and fifo; docs/flow.md)            */
    int n_areas;
    vs_flow_est *pc_wait_area;    /* [n_areas] mean primary-care wait, days, by
                                     the patient's home area (region order);
                                     NaN for an area without visits          */
    /* added for calibration and validation against published figures (issue
     * 14; docs/flow.md "Published measures").  Primary-care measures are over
     * the patients' own requests for a doctor visit (GP-booked return visits
     * excluded), in whole calendar days from request to visit, as the
     * vantetider.se primary-care measure counts them; patients still waiting at
     * the end with a wait already beyond the day limit count as not seen. */
    vs_flow_est pc_return_visits;      /* return visits booked by GPs        */
    vs_flow_est pc_elsewhere;          /* requests given no visit within the
                                          booking horizon (care elsewhere)   */
    vs_flow_est pc_seen_within_0_days; /* share seen the same day            */
    vs_flow_est pc_seen_within_3_days; /* share seen within 3 days           */
    vs_flow_est pc_seen_within_7_days; /* share seen within 7 days           */
    vs_flow_est pc_seen_within_5_days; /* share seen within 5 days           */
    vs_flow_est ed_share_within_4_hours; /* share of ED visits with a total
                                          time in the ED of at most 4 hours  */
    vs_flow_est pc_wait_days_mean;     /* mean wait, days (exact times)      */
    vs_flow_est pc_wait_days_median;   /* median wait, whole days            */
    vs_flow_est ed_los_median_hours;   /* median total time in the ED, arrival
                                          to leaving (home, ward or outplaced),
                                          boarding included, hours           */
    vs_flow_est outplaced_per_100_beds;   /* region: outplaced (utlokaliserade)
                                          patients at the daily census, per
                                          100 staffed beds, mean over days   */
    vs_flow_est overcrowded_per_100_beds; /* region: overcrowded (överbeläggning,
                                          corridor) patients at the daily
                                          census, per 100 staffed beds       */
    /* memory (issue 18): what a replication holds follows the patients in
     * the system, not the horizon; both are the largest over the
     * replications and deterministic (docs/flow.md "Performance") */
    uint64_t peak_bed_records;    /* bed-request records in use at once      */
    uint64_t peak_entities;       /* kernel entities live at once (patients
                                     and pending timers)                     */
} vs_flow_result;

/* Progress callback: called from the calling thread after each finished
 * replication (done of total); may be NULL. */
typedef void (*vs_flow_progress_fn)(int done, int total, void *user);

/* Simulate.  The primary-care network is designed once (listing engine or
 * fallback, see vs_flow_network), the replications run on params->threads
 * threads.  Errors: VS_EUSAGE (parameters), VS_EINPUT/VS_EIO (parameter
 * files), VS_EINFEASIBLE (no population, no hospital), VS_ENOMEM. */
VS_API vs_status vs_flow_run(vs_ctx *ctx, const vs_region *region, const vs_flow_params *params,
                             vs_flow_result **out);

/* As vs_flow_run with a progress callback. */
VS_API vs_status vs_flow_run_progress(vs_ctx *ctx, const vs_region *region,
                                      const vs_flow_params *params, vs_flow_progress_fn progress,
                                      void *progress_user, vs_flow_result **out);

/* Free a result; NULL is allowed. */
VS_API void vs_flow_result_destroy(vs_flow_result *result);

/* ---- the primary-care network, made once and reused -------------------------
 * vs_flow_run designs the network itself.  A caller that runs several
 * simulations of one region at one GP supply (the run pipeline: its listing
 * stage and three disciplines) designs it once and passes it to
 * vs_flow_run_network.  A prebuilt network equal to the one vs_flow_run
 * would design gives bit-identical results (same conversion code). */

/* Residents of one area listed at one centre. */
typedef struct vs_flow_network_flow {
    int area;          /* region area index */
    int centre;        /* index into the spec's centres */
    double residents;  /* persons (0 < residents <= area population) */
} vs_flow_network_flow;

/* A primary-care network: centres and area -> centre flows. */
typedef struct vs_flow_network_spec {
    int method;              /* VS_NETWORK_LISTING or VS_NETWORK_FALLBACK (reported as the
                                result's network_method) */
    int n_areas;             /* areas of the region it was made for */
    int n_centres;
    vs_flow_centre *centres; /* centre_id, lat, lon, gp_fte, residents, municipality
                                (requests_per_year is computed by the run) */
    int n_flows;
    vs_flow_network_flow *flows; /* ordered by area */
} vs_flow_network_spec;

struct vs_listing_site_result; /* vardsim/listing.h */

/* The parameters vs_flow_run gives the listing engine's greenfield design
 * (vs_listing_design_greenfield): residents per GP FTE (= params->
 * residents_per_gp) and the largest centre in GP FTE (residents_per_centre,
 * or population / care_centres, but at least 1.0001 x the mean populated
 * area, divided by residents_per_gp).  Errors: VS_EUSAGE. */
VS_API vs_status vs_flow_network_listing_size(vs_ctx *ctx, const vs_region *region,
                                              const vs_flow_params *params,
                                              double *residents_per_gp, double *centre_gp_fte);

/* The network vs_flow_run would design with these parameters (network method,
 * GP supply, centre size, listing time limit).  Errors as vs_flow_run. */
VS_API vs_status vs_flow_network_design(vs_ctx *ctx, const vs_region *region,
                                        const vs_flow_params *params,
                                        vs_flow_network_spec **out);

/* The network of a listing engine design (vs_listing_design_greenfield or
 * vs_listing_site on `region`): its centres and listing flows, method
 * VS_NETWORK_LISTING.  Errors: VS_EUSAGE (design not of this region). */
VS_API vs_status vs_flow_network_from_listing(vs_ctx *ctx, const vs_region *region,
                                              const struct vs_listing_site_result *design,
                                              vs_flow_network_spec **out);

VS_API void vs_flow_network_spec_destroy(vs_flow_network_spec *spec);

/* As vs_flow_run_progress on a prebuilt network (NULL: designed as
 * vs_flow_run does; params->network is then used, else ignored).  The
 * network must fit the region (indices in range, residents <= the area's
 * population): VS_EUSAGE otherwise. */
VS_API vs_status vs_flow_run_network(vs_ctx *ctx, const vs_region *region,
                                     const vs_flow_params *params,
                                     const vs_flow_network_spec *prebuilt,
                                     vs_flow_progress_fn progress, void *progress_user,
                                     vs_flow_result **out);

#ifdef __cplusplus
}
#endif
#endif
