/*
 * lst_lp.h: a small LP interface for the listing engine.  Build a problem
 * once (rows, columns, bounds, objective, coefficients), solve it with GLPK
 * (glp_simplex) or CLP (COIN-OR, Clp_C_Interface.h), change bounds or the
 * objective and solve again warm, read the objective, the primal values,
 * the row duals and the reduced costs.
 *
 * Bounds use -INFINITY / INFINITY for none.  Row and column indices are
 * 0-based.  The problem keeps its own copy of everything, and each backend
 * keeps its model between solves (the warm start of a re-solve).
 */
#ifndef VS_LST_LP_H
#define VS_LST_LP_H

#include "vardsim/listing.h"

typedef struct lst_lp lst_lp;

/* Outcome of vsi_lp_solve. */
enum {
    LST_LP_OPTIMAL = 0,     /* optimal basic solution */
    LST_LP_INFEASIBLE = 1,  /* no feasible solution */
    LST_LP_UNBOUNDED = 2,
    LST_LP_TIME_LIMIT = 3,  /* stopped at the deadline (no optimal solution) */
    LST_LP_FAILED = 4       /* numerical failure of the solver */
};

/* A problem of nrow rows and ncol columns, rows free, columns >= 0, zero
 * objective, minimisation.  NULL when out of memory. */
lst_lp *vsi_lp_create(int nrow, int ncol);
void vsi_lp_free(lst_lp *lp);

void vsi_lp_set_row(lst_lp *lp, int i, double lo, double hi);
void vsi_lp_set_col(lst_lp *lp, int j, double lo, double hi);
void vsi_lp_set_obj(lst_lp *lp, int j, double c);
void vsi_lp_set_maximise(lst_lp *lp, int maximise);
/* Coefficients as triplets (row[k], col[k], val[k]), k < nnz, each (row,
 * col) at most once.  Returns -1 when out of memory, else 0. */
int vsi_lp_load(lst_lp *lp, int nnz, const int *row, const int *col, const double *val);

/* Solve with `solver` (VS_LP_GLPK or VS_LP_CLP) within the wall-clock
 * `deadline` (vsi_lst_now() scale; INFINITY: none).  The first call picks
 * the backend; later calls re-solve warm with the same one.  Returns
 * LST_LP_*; when ctx is interrupted returns LST_LP_FAILED with
 * VS_EINTERRUPTED on ctx. */
int vsi_lp_solve(vs_ctx *ctx, lst_lp *lp, int solver, double deadline);

double vsi_lp_obj_value(const lst_lp *lp);
/* Primal values [ncol], row duals [nrow], reduced costs [ncol] of the last
 * solve (signs as the solver gives them: compare magnitudes only). */
const double *vsi_lp_x(const lst_lp *lp);
const double *vsi_lp_row_dual(const lst_lp *lp);
const double *vsi_lp_red_cost(const lst_lp *lp);
int vsi_lp_nrow(const lst_lp *lp);
int vsi_lp_ncol(const lst_lp *lp);
double vsi_lp_row_lo(const lst_lp *lp, int i);
double vsi_lp_row_hi(const lst_lp *lp, int i);
/* Simplex iterations of the last solve (informative). */
int vsi_lp_iterations(const lst_lp *lp);

/* Name of a solver ("glpk", "clp"); NULL for an unknown value. */
const char *vsi_lp_solver_name(int solver);

#endif
