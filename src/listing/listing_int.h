/*
 * listing_int.h: internals shared by the listing engine's files: the sparse
 * list of admissible area-centre pairs, capacities, GLPK helpers.
 */
#ifndef VS_LISTING_INT_H
#define VS_LISTING_INT_H

#include <glpk.h>

#include "vardsim/listing.h"

/* Admissible pairs: for area a, pairs off[a] .. off[a+1]-1, each a site index
 * and a distance, nearest first (ties by site index). */
typedef struct lst_pairs {
    int n_areas;
    int n;          /* number of pairs */
    int *off;       /* [n_areas + 1] */
    int *site;      /* [n] site index */
    double *km;     /* [n] distance in km, circuity applied */
} lst_pairs;

/* Build the pairs of `na` areas with `ns` sites within max_km, at most k per
 * area (k <= 0: all). */
vs_status vsi_lst_pairs_build(vs_ctx *ctx, const vs_listing_area *areas, int na, const double *lat,
                          const double *lon, int ns, double max_km, double circuity, int k,
                          lst_pairs *out);
void vsi_lst_pairs_free(lst_pairs *p);

/* Capacity of a centre in listing units: gp_fte x cap, or max_listed when
 * that is smaller. */
double vsi_lst_capacity(const vs_listing_centre *c, double cap);

/* Check a policy (VS_EUSAGE with a message). */
vs_status vsi_lst_check_policy(vs_ctx *ctx, const vs_listing_policy *p);
/* Check areas and centres: unique ids, finite coordinates, counts >= 0
 * (VS_EINPUT naming the source and the record). */
vs_status vsi_lst_check_areas(vs_ctx *ctx, const vs_listing_areas *areas);
vs_status vsi_lst_check_centres(vs_ctx *ctx, const vs_listing_centres *centres, int sites);

/* GLPK parameter blocks with terminal output off. */
void vsi_lst_smcp(glp_smcp *p);
void vsi_lst_iocp(glp_iocp *p, double time_limit_s, double mip_gap);

/* Monotonic wall-clock seconds. */
double vsi_lst_now(void);

/* ---- time limits ------------------------------------------------------------
 * Every phase with a time limit has a deadline on the vsi_lst_now() scale.
 * Every simplex or branch-and-cut call made for such a phase gets the time
 * left as its own limit from vsi_lst_limit_ms (and is not started when none
 * is left), and the branch-and-cut callback stops the search at the
 * deadline.  The trace counts these events per thread, so that the tests
 * check deterministically that every solver call was bounded (no timing in
 * the tests).  It is the one piece of mutable state outside an object
 * (thread-local, written only): nothing in the library reads it, so it
 * cannot change a result; tests and bench/bench_lp.c reset and read it. */
typedef struct lst_trace {
    long solver_calls;    /* simplex or branch-and-cut calls started */
    long timed_calls;     /* of those, made for a phase with a deadline */
    long limited_calls;   /* of those, given the time left by vsi_lst_limit_ms */
    long late_calls;      /* started at or after their deadline (must stay 0) */
    long skipped;         /* not started: the deadline had passed */
    long checks;          /* deadline checks in the branch-and-cut callback */
    long stops;           /* searches stopped by the callback at the deadline */
    double lp_seconds[4]; /* wall time in the LPs per class (LST_LP_*; bench) */
    long lp_solves[4];    /* LPs solved per class */
} lst_trace;
extern _Thread_local lst_trace vsi_lst_trace;

/* The time left before `deadline` in milliseconds for a solver's own limit
 * (tm_lim), at least 1; 0 when the deadline has passed (then the caller
 * must not start the solver, and the call counts as skipped). */
int vsi_lst_limit_ms(double deadline);
/* Record a solver call about to start for a phase with `deadline`
 * (INFINITY: none) and whether it got its limit from vsi_lst_limit_ms. */
void vsi_lst_trace_call(double deadline, int limited);

/* Allocate zeroed memory for n elements of size sz (n may be 0). */
void *vsi_lst_calloc(size_t n, size_t sz);

/* Data shared with a GLPK branch-and-cut callback: an incumbent to offer once
 * and the best bound seen. */
typedef struct lst_cb {
    const double *start;  /* [1..ncols] integer-feasible solution or NULL */
    int offered;
    double bound;         /* best global bound seen (minimisation) */
    int have_bound;
    double deadline;      /* vsi_lst_now() after which the search stops (INFINITY: none) */
    vs_ctx *ctx;          /* its interrupt also stops the search; gets the progress */
    double begun;         /* vsi_lst_now() when the search began (progress: time used) */
} lst_cb;
void vsi_lst_callback(glp_tree *tree, void *info);

/* Run glp_intopt after an LP relaxation has been solved, offering `start`;
 * it stops at the wall-clock time `deadline` (vsi_lst_now() scale) as well as
 * after time_limit_s.
 * On return *bound is the best proven lower bound (minimisation), *found 1 if
 * an integer solution exists in the problem, *optimal 1 if the search ended
 * within the gap target. */
vs_status vsi_lst_intopt(vs_ctx *ctx, glp_prob *lp, const double *start, double time_limit_s,
                     double deadline, double mip_gap, double *bound, int *found, int *optimal);

/* The LP relaxation of a MIP held in `lp` (GLPK), solved by `solver`
 * (VS_LP_*) within the wall-clock `deadline`.  With CLP the relaxation is
 * copied out and solved there, and CLP's optimal basis handed back to GLPK,
 * which factorises it and confirms the optimum (branch-and-cut then starts
 * from it).  Returns as vsi_lst_simplex_until; -1 with the failure (e.g.
 * VS_EINTERRUPTED, VS_ENOMEM) on ctx. */
int vsi_lst_relax(vs_ctx *ctx, glp_prob *lp, int solver, double deadline);

/* Solve an LP relaxation with the default simplex settings but stopping at
 * the wall-clock `deadline`; returns 1 when it reached GLP_OPT, 0 when not,
 * -1 when interrupted (see vsi_lst_simplex; ctx then holds VS_EINTERRUPTED). */
int vsi_lst_simplex_until(vs_ctx *ctx, glp_prob *lp, double deadline);

/* ---- interruption (vs_ctx_set_interrupt) inside GLPK ------------------------
 * glp_simplex has no callback, so vsi_lst_simplex asks for its progress output
 * (every 100 ms, swallowed by a terminal hook; output changes no result) and,
 * when ctx is interrupted, raises a GLPK error from the hook and leaves GLPK
 * with longjmp, as the GLPK manual prescribes for glp_error_hook; then the
 * thread's GLPK environment must be freed (glp_free_env), and with it every
 * GLPK object of the thread.  Rule for src/listing: after any failure with
 * VS_EINTERRUPTED no glp_* call is made on an existing object; objects are
 * released only through vsi_lst_delete, which frees the environment instead. */

/* glp_simplex(lp, parm), stoppable through ctx.  Returns its code; when ctx
 * was or became interrupted returns LST_INTERRUPTED with VS_EINTERRUPTED on
 * ctx (and GLPK's environment possibly freed: see above). */
#define LST_INTERRUPTED (-1)
int vsi_lst_simplex(vs_ctx *ctx, glp_prob *lp, const glp_smcp *parm);

/* Release lp: glp_delete_prob, or after an interruption (ctx status
 * VS_EINTERRUPTED) glp_free_env, which releases every GLPK object of the
 * thread.  lp may be NULL. */
void vsi_lst_delete(vs_ctx *ctx, glp_prob *lp);

/* LP problem classes, each with its own default solver (VS_LP_*), the
 * faster one on bench/bench_lp.c (docs/listing.md). */
enum { LST_LP_LISTING = 1, LST_LP_EXTRA = 2, LST_LP_RELAX = 3 };
#define LST_DEFAULT_LISTING VS_LP_CLP
#define LST_DEFAULT_EXTRA VS_LP_CLP
#define LST_DEFAULT_RELAX VS_LP_CLP
/* The solver of class lp_class under the policy (pol may be NULL). */
int vsi_lst_lp_solver(const vs_listing_policy *pol, int lp_class);

/* The listing LP over the pairs with the given site capacities (listing
 * units): x[p] for every pair (residents), max listed then least km;
 * solved with `solver` (VS_LP_GLPK or VS_LP_CLP). */
vs_status vsi_lst_transport(vs_ctx *ctx, const vs_listing_areas *areas, const double *capacity,
                        int ns, const lst_pairs *pp, double cap_per_fte, int solver, double *x);

/* Area responsibility on a listing result (listing_resp.c). */
vs_status vsi_lst_responsibility(vs_ctx *ctx, const vs_listing_areas *areas,
                             const vs_listing_centres *centres, const vs_listing_policy *pol,
                             const lst_pairs *pp, vs_listing_result *r);

/* Max-flow in listing units over the pairs (listing_heur.c): is everyone
 * listable on the open sites?  The flow persists between calls. */
typedef struct lst_flow {
    int na, ns;
    const lst_pairs *pp;
    double *fp;        /* [np] units on each pair */
    double *fin;       /* [na] units routed from each area */
    double *fout;      /* [ns] units into each site */
    int *pair_area;    /* [np] */
    int *by_off, *by_pair; /* pairs by site */
    int *queue, *par_area, *par_site;
    unsigned char *seen_area, *seen_site;
    double eps;        /* absolute tolerance in units */
} lst_flow;
vs_status vsi_lst_flow_init(vs_ctx *ctx, lst_flow *F, const vs_listing_areas *areas,
                        const lst_pairs *pp, int ns);
void vsi_lst_flow_free(lst_flow *F);
/* Augment to a maximum flow with supplies u[a] (units), site capacities
 * cap[s] and open[s]; returns the units that cannot be routed. */
double vsi_lst_flow_augment(lst_flow *F, const double *u, const double *cap,
                        const unsigned char *open);

/* Lagrangian lower bound of the siting MIP (listing_heur.c): sites 0..ne-1
 * existing (always open), ne..ns-1 candidates (opening cost, at most K),
 * capacity[s] in units; ub an upper bound (objective of a feasible
 * solution, or INFINITY); x_start residents per pair of that solution or
 * NULL; `iters` subgradient iterations.  *bound <= the LP relaxation. */
vs_status vsi_lst_site_lagrangian(vs_ctx *ctx, const vs_listing_areas *areas, const lst_pairs *pp,
                              int ne, int ns, const double *capacity, double opening_cost,
                              int K, double ub, const double *x_start, int iters,
                              double *bound);

/* Relative gap (obj - bound) / |obj| (0 when obj is 0 and bound >= obj). */
double vsi_lst_gap(double obj, double bound);

#endif
