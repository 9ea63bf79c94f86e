/*
 * lst_lp.c: the listing engine's LP interface (lst_lp.h) over GLPK and CLP.
 *
 * The problem is kept in plain arrays (bounds, objective, the matrix by
 * columns); the backend model is built from them at the first solve and,
 * before each later solve, given the bounds and objective again (they are
 * all the callers change), so that it re-solves from its last basis.
 *
 * GLPK: scaled once (GLP_SF_AUTO), primal simplex, presolve off, the
 * remaining time as tm_lim, a fresh advanced basis when a warm re-solve
 * fails numerically; interruption through vsi_lst_simplex.
 * CLP: default scaling, primal simplex for the first solve and for a
 * re-solve (the callers' changes keep the last solution primal feasible;
 * on the default region primal was 1.3-2x faster than dual or
 * initialSolve for the first solve, bench/bench_lp.c, docs/listing.md),
 * the remaining time as maximumSeconds; ctx's interruption is checked
 * before and after (CLP's C interface offers no way to stop it from
 * another place; these LPs take seconds at most).
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <coin/Clp_C_Interface.h>

#include "listing_int.h"
#include "lst_lp.h"

/* Simplex iterations of one CLP chunk (see clp_run). */
#define LST_CLP_CHUNK 1000

struct lst_lp {
    int nrow, ncol, maximise, solver, iters;
    double *rlo, *rhi;        /* [nrow] */
    double *clo, *chi, *obj;  /* [ncol] */
    int *start, *index;       /* matrix by columns: start[ncol + 1], index[nnz] */
    double *value;
    double objval;
    double *x, *rdual, *dj;   /* results */
    glp_prob *glp;
    Clp_Simplex *clp;
    vs_ctx *glp_ctx;          /* ctx the GLPK object was used with (vsi_lst_delete) */
};

lst_lp *vsi_lp_create(int nrow, int ncol)
{
    lst_lp *lp = calloc(1, sizeof *lp);
    if (!lp)
        return NULL;
    size_t m = (size_t)nrow, n = (size_t)ncol;
    lp->nrow = nrow, lp->ncol = ncol;
    lp->rlo = vsi_lst_calloc(m, sizeof(double));
    lp->rhi = vsi_lst_calloc(m, sizeof(double));
    lp->rdual = vsi_lst_calloc(m, sizeof(double));
    lp->clo = vsi_lst_calloc(n, sizeof(double));
    lp->chi = vsi_lst_calloc(n, sizeof(double));
    lp->obj = vsi_lst_calloc(n, sizeof(double));
    lp->x = vsi_lst_calloc(n, sizeof(double));
    lp->dj = vsi_lst_calloc(n, sizeof(double));
    lp->start = vsi_lst_calloc(n + 1, sizeof(int));
    if (!lp->rlo || !lp->rhi || !lp->rdual || !lp->clo || !lp->chi || !lp->obj || !lp->x ||
        !lp->dj || !lp->start) {
        vsi_lp_free(lp);
        return NULL;
    }
    for (int i = 0; i < nrow; i++)
        lp->rlo[i] = -INFINITY, lp->rhi[i] = INFINITY;
    for (int j = 0; j < ncol; j++)
        lp->chi[j] = INFINITY;
    return lp;
}

void vsi_lp_free(lst_lp *lp)
{
    if (!lp)
        return;
    if (lp->glp)
        vsi_lst_delete(lp->glp_ctx, lp->glp);
    if (lp->clp)
        Clp_deleteModel(lp->clp);
    free(lp->rlo);
    free(lp->rhi);
    free(lp->rdual);
    free(lp->clo);
    free(lp->chi);
    free(lp->obj);
    free(lp->x);
    free(lp->dj);
    free(lp->start);
    free(lp->index);
    free(lp->value);
    free(lp);
}

void vsi_lp_set_row(lst_lp *lp, int i, double lo, double hi)
{
    lp->rlo[i] = lo, lp->rhi[i] = hi;
}

void vsi_lp_set_col(lst_lp *lp, int j, double lo, double hi)
{
    lp->clo[j] = lo, lp->chi[j] = hi;
}

void vsi_lp_set_obj(lst_lp *lp, int j, double c)
{
    lp->obj[j] = c;
}

void vsi_lp_set_maximise(lst_lp *lp, int maximise)
{
    lp->maximise = maximise;
}

int vsi_lp_load(lst_lp *lp, int nnz, const int *row, const int *col, const double *val)
{
    free(lp->index);
    free(lp->value);
    lp->index = vsi_lst_calloc((size_t)nnz, sizeof(int));
    lp->value = vsi_lst_calloc((size_t)nnz, sizeof(double));
    if (!lp->index || !lp->value)
        return -1;
    memset(lp->start, 0, ((size_t)lp->ncol + 1) * sizeof(int));
    for (int k = 0; k < nnz; k++)
        lp->start[col[k] + 1]++;
    for (int j = 0; j < lp->ncol; j++)
        lp->start[j + 1] += lp->start[j];
    int *fill = vsi_lst_calloc((size_t)lp->ncol, sizeof(int));
    if (!fill)
        return -1;
    for (int k = 0; k < nnz; k++) {
        int at = lp->start[col[k]] + fill[col[k]]++;
        lp->index[at] = row[k];
        lp->value[at] = val[k];
    }
    free(fill);
    return 0;
}

/* ---- GLPK ----------------------------------------------------------------------- */

static int glp_type(double lo, double hi)
{
    if (isinf(lo) && isinf(hi))
        return GLP_FR;
    if (isinf(hi))
        return GLP_LO;
    if (isinf(lo))
        return GLP_UP;
    return lo == hi ? GLP_FX : GLP_DB;
}

/* A bound for GLPK: the value, or 0 where GLPK ignores it (infinite). */
static double finite_or0(double v)
{
    return isinf(v) ? 0.0 : v;
}

static void glp_push(lst_lp *lp)
{
    glp_prob *g = lp->glp;
    for (int i = 0; i < lp->nrow; i++)
        glp_set_row_bnds(g, i + 1, glp_type(lp->rlo[i], lp->rhi[i]), finite_or0(lp->rlo[i]),
                         finite_or0(lp->rhi[i]));
    for (int j = 0; j < lp->ncol; j++) {
        glp_set_col_bnds(g, j + 1, glp_type(lp->clo[j], lp->chi[j]), finite_or0(lp->clo[j]),
                         finite_or0(lp->chi[j]));
        glp_set_obj_coef(g, j + 1, lp->obj[j]);
    }
    glp_set_obj_dir(g, lp->maximise ? GLP_MAX : GLP_MIN);
}

static int glp_build(lst_lp *lp)
{
    glp_prob *g = glp_create_prob();
    lp->glp = g;
    if (lp->nrow > 0)
        glp_add_rows(g, lp->nrow);
    if (lp->ncol > 0)
        glp_add_cols(g, lp->ncol);
    int nnz = lp->start[lp->ncol];
    int *ia = malloc(((size_t)nnz + 1) * sizeof *ia), *ja = malloc(((size_t)nnz + 1) * sizeof *ja);
    double *ar = malloc(((size_t)nnz + 1) * sizeof *ar);
    if (!ia || !ja || !ar) {
        free(ia);
        free(ja);
        free(ar);
        return -1;
    }
    for (int j = 0; j < lp->ncol; j++)
        for (int k = lp->start[j]; k < lp->start[j + 1]; k++)
            ia[k + 1] = lp->index[k] + 1, ja[k + 1] = j + 1, ar[k + 1] = lp->value[k];
    glp_load_matrix(g, nnz, ia, ja, ar);
    free(ia);
    free(ja);
    free(ar);
    glp_push(lp);
    glp_scale_prob(g, GLP_SF_AUTO);
    return 0;
}

static int glp_run(vs_ctx *ctx, lst_lp *lp, double deadline)
{
    int first = lp->glp == NULL;
    int old_term = glp_term_out(GLP_OFF);
    if (first && glp_build(lp)) {
        glp_term_out(old_term);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory"), LST_LP_FAILED;
    }
    if (!first)
        glp_push(lp);
    lp->glp_ctx = ctx;
    glp_smcp p;
    vsi_lst_smcp(&p);
    if (isfinite(deadline) && (p.tm_lim = vsi_lst_limit_ms(deadline)) <= 0) {
        glp_term_out(old_term);
        vsi_lst_trace.skipped++;
        return LST_LP_TIME_LIMIT;
    }
    vsi_lst_trace_call(deadline, isfinite(deadline));
    int it0 = glp_get_it_cnt(lp->glp);
    int rc = vsi_lst_simplex(ctx, lp->glp, &p);
    if (rc != 0 && rc != LST_INTERRUPTED && rc != GLP_ETMLIM) {
        /* numerical trouble after a warm start: again from a fresh basis */
        glp_adv_basis(lp->glp, 0);
        rc = vsi_lst_simplex(ctx, lp->glp, &p);
    }
    if (rc == LST_INTERRUPTED) /* vsi_lp_free then frees GLPK's environment (listing_int.h) */
        return LST_LP_FAILED;
    glp_term_out(old_term);
    lp->iters = glp_get_it_cnt(lp->glp) - it0;
    if (rc == GLP_ETMLIM)
        return LST_LP_TIME_LIMIT;
    if (rc != 0)
        return LST_LP_FAILED;
    int s = glp_get_status(lp->glp);
    if (s == GLP_NOFEAS)
        return LST_LP_INFEASIBLE;
    if (s == GLP_UNBND)
        return LST_LP_UNBOUNDED;
    if (s != GLP_OPT)
        return LST_LP_FAILED;
    lp->objval = glp_get_obj_val(lp->glp);
    for (int i = 0; i < lp->nrow; i++)
        lp->rdual[i] = glp_get_row_dual(lp->glp, i + 1);
    for (int j = 0; j < lp->ncol; j++) {
        lp->x[j] = glp_get_col_prim(lp->glp, j + 1);
        lp->dj[j] = glp_get_col_dual(lp->glp, j + 1);
    }
    return LST_LP_OPTIMAL;
}

/* ---- CLP ------------------------------------------------------------------------ */

/* CLP's infinity is DBL_MAX (COIN_DBL_MAX). */
static void clp_bounds(const double *lo, const double *hi, int n, double *l, double *h)
{
    for (int i = 0; i < n; i++) {
        l[i] = isinf(lo[i]) ? -DBL_MAX : lo[i];
        h[i] = isinf(hi[i]) ? DBL_MAX : hi[i];
    }
}

static int clp_load(lst_lp *lp)
{
    size_t m = (size_t)lp->nrow, n = (size_t)lp->ncol;
    double *rl = vsi_lst_calloc(m, sizeof *rl), *ru = vsi_lst_calloc(m, sizeof *ru);
    double *cl = vsi_lst_calloc(n, sizeof *cl), *cu = vsi_lst_calloc(n, sizeof *cu);
    int ok = rl && ru && cl && cu;
    if (ok) {
        clp_bounds(lp->rlo, lp->rhi, lp->nrow, rl, ru);
        clp_bounds(lp->clo, lp->chi, lp->ncol, cl, cu);
        if (!lp->clp) {
            lp->clp = Clp_newModel();
            Clp_setLogLevel(lp->clp, 0);
            Clp_loadProblem(lp->clp, lp->ncol, lp->nrow, lp->start, lp->index, lp->value, cl, cu,
                            lp->obj, rl, ru);
        } else {
            Clp_chgRowLower(lp->clp, rl);
            Clp_chgRowUpper(lp->clp, ru);
            Clp_chgColumnLower(lp->clp, cl);
            Clp_chgColumnUpper(lp->clp, cu);
            Clp_chgObjCoefficients(lp->clp, lp->obj);
        }
        Clp_setOptimizationDirection(lp->clp, lp->maximise ? -1.0 : 1.0);
    }
    free(rl);
    free(ru);
    free(cl);
    free(cu);
    return ok ? 0 : -1;
}

static int clp_run(vs_ctx *ctx, lst_lp *lp, double deadline)
{
    if (vs_ctx_check_interrupt(ctx))
        return LST_LP_FAILED;
    if (clp_load(lp))
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory"), LST_LP_FAILED;
    int ms = isfinite(deadline) ? vsi_lst_limit_ms(deadline) : -1;
    if (ms == 0) {
        vsi_lst_trace.skipped++;
        return LST_LP_TIME_LIMIT;
    }
    /* in chunks of iterations, so that the deadline (wall clock) and ctx's
     * interruption are looked at between chunks: CLP's own maximumSeconds
     * counts CPU seconds and overran a 2 s limit by 90 % on a loaded
     * machine; each chunk resumes from the last basis.  Without a deadline
     * and without an interrupt flag on ctx one call (chunks cost a restart
     * each) */
    int chunked = ms > 0 || vs_ctx_interrupt_flag(ctx) != NULL;
    Clp_setMaximumIterations(lp->clp, chunked ? LST_CLP_CHUNK : INT_MAX);
    vsi_lst_trace_call(deadline, ms > 0);
    lp->iters = 0;
    int s;
    for (;;) {
        Clp_setMaximumSeconds(lp->clp, ms > 0 ? ms / 1000.0 : -1.0);
        Clp_primal(lp->clp, 0);
        lp->iters += Clp_getIterationCount(lp->clp);
        s = Clp_status(lp->clp);
        if (vs_ctx_check_interrupt(ctx))
            return LST_LP_FAILED;
        if (s != 3)
            break;
        if (isfinite(deadline) && (ms = vsi_lst_limit_ms(deadline)) == 0)
            return LST_LP_TIME_LIMIT;
    }
    if (s == 1)
        return LST_LP_INFEASIBLE;
    if (s == 2)
        return LST_LP_UNBOUNDED;
    if (s != 0)
        return LST_LP_FAILED;
    lp->objval = Clp_objectiveValue(lp->clp);
    memcpy(lp->x, Clp_getColSolution(lp->clp), (size_t)lp->ncol * sizeof(double));
    memcpy(lp->rdual, Clp_getRowPrice(lp->clp), (size_t)lp->nrow * sizeof(double));
    memcpy(lp->dj, Clp_getReducedCost(lp->clp), (size_t)lp->ncol * sizeof(double));
    return LST_LP_OPTIMAL;
}

/* ---- the interface -------------------------------------------------------------- */

int vsi_lp_solve(vs_ctx *ctx, lst_lp *lp, int solver, double deadline)
{
    if (!lp->solver)
        lp->solver = solver;
    return lp->solver == VS_LP_CLP ? clp_run(ctx, lp, deadline) : glp_run(ctx, lp, deadline);
}

double vsi_lp_obj_value(const lst_lp *lp)
{
    return lp->objval;
}

const double *vsi_lp_x(const lst_lp *lp)
{
    return lp->x;
}

const double *vsi_lp_row_dual(const lst_lp *lp)
{
    return lp->rdual;
}

const double *vsi_lp_red_cost(const lst_lp *lp)
{
    return lp->dj;
}

int vsi_lp_nrow(const lst_lp *lp)
{
    return lp->nrow;
}

int vsi_lp_ncol(const lst_lp *lp)
{
    return lp->ncol;
}

double vsi_lp_row_lo(const lst_lp *lp, int i)
{
    return lp->rlo[i];
}

double vsi_lp_row_hi(const lst_lp *lp, int i)
{
    return lp->rhi[i];
}

int vsi_lp_iterations(const lst_lp *lp)
{
    return lp->iters;
}

const char *vsi_lp_solver_name(int solver)
{
    return solver == VS_LP_GLPK ? "glpk" : solver == VS_LP_CLP ? "clp" : NULL;
}

/* ---- LP relaxations of the MIPs ------------------------------------------------ */

/* Bounds of GLPK row or column k as CLP wants them. */
static void glp_bounds(int type, double lb, double ub, double *lo, double *hi)
{
    *lo = type == GLP_FR || type == GLP_UP ? -DBL_MAX : lb;
    *hi = type == GLP_FR || type == GLP_LO ? DBL_MAX : ub;
}

/* GLPK status of a non-basic variable at value v with bounds of `type`. */
static int nonbasic_stat(int type, double lb, double ub, double v)
{
    if (type == GLP_FX)
        return GLP_NS;
    if (type == GLP_FR)
        return GLP_NF;
    if (type == GLP_LO)
        return GLP_NL;
    if (type == GLP_UP)
        return GLP_NU;
    return fabs(v - ub) < fabs(v - lb) ? GLP_NU : GLP_NL;
}

/* The relaxation of `g` solved by CLP; on its optimum the optimal basis is
 * handed to GLPK (statuses only; values follow from GLPK's factorisation).
 * Returns 1 when CLP reached its optimum, 0 when not, -1 when out of
 * memory. */
static int clp_relax(lst_lp *tmp, glp_prob *g)
{
    int m = glp_get_num_rows(g), n = glp_get_num_cols(g);
    int *ind = malloc(((size_t)m + 1) * sizeof *ind), *cnt = malloc(((size_t)n + 1) * sizeof *cnt);
    double *val = malloc(((size_t)m + 1) * sizeof *val);
    int ok = ind && cnt && val;
    int nnz = 0;
    for (int j = 1; ok && j <= n; j++)
        nnz += cnt[j] = glp_get_mat_col(g, j, NULL, NULL);
    int *ri = ok ? malloc(((size_t)nnz + 1) * sizeof *ri) : NULL;
    int *ci = ok ? malloc(((size_t)nnz + 1) * sizeof *ci) : NULL;
    double *vv = ok ? malloc(((size_t)nnz + 1) * sizeof *vv) : NULL;
    ok = ok && ri && ci && vv;
    int k = 0;
    for (int j = 1; ok && j <= n; j++) {
        int len = glp_get_mat_col(g, j, ind, val);
        for (int t = 1; t <= len; t++)
            ri[k] = ind[t] - 1, ci[k] = j - 1, vv[k++] = val[t];
    }
    ok = ok && vsi_lp_load(tmp, k, ri, ci, vv) == 0;
    free(ind);
    free(cnt);
    free(val);
    free(ri);
    free(ci);
    free(vv);
    if (!ok)
        return -1;
    for (int i = 1; i <= m; i++) {
        double lo, hi;
        glp_bounds(glp_get_row_type(g, i), glp_get_row_lb(g, i), glp_get_row_ub(g, i), &lo, &hi);
        vsi_lp_set_row(tmp, i - 1, lo <= -DBL_MAX ? -INFINITY : lo, hi >= DBL_MAX ? INFINITY : hi);
    }
    for (int j = 1; j <= n; j++) {
        double lo, hi;
        glp_bounds(glp_get_col_type(g, j), glp_get_col_lb(g, j), glp_get_col_ub(g, j), &lo, &hi);
        vsi_lp_set_col(tmp, j - 1, lo <= -DBL_MAX ? -INFINITY : lo, hi >= DBL_MAX ? INFINITY : hi);
        vsi_lp_set_obj(tmp, j - 1, glp_get_obj_coef(g, j));
    }
    vsi_lp_set_maximise(tmp, glp_get_obj_dir(g) == GLP_MAX);
    return 0;
}

/* Copy CLP's final basis of `tmp` into `g`. */
static void clp_basis_to_glp(lst_lp *tmp, glp_prob *g)
{
    int m = tmp->nrow, n = tmp->ncol;
    const unsigned char *st = Clp_statusArray(tmp->clp); /* columns, then rows */
    const double *x = Clp_getColSolution(tmp->clp), *r = Clp_getRowActivity(tmp->clp);
    for (int j = 0; j < n; j++) {
        int t = glp_get_col_type(g, j + 1);
        glp_set_col_stat(g, j + 1, (st[j] & 7) == 1 ? GLP_BS
                                   : nonbasic_stat(t, glp_get_col_lb(g, j + 1),
                                                   glp_get_col_ub(g, j + 1), x[j]));
    }
    for (int i = 0; i < m; i++) {
        int t = glp_get_row_type(g, i + 1);
        glp_set_row_stat(g, i + 1, (st[n + i] & 7) == 1 ? GLP_BS
                                   : nonbasic_stat(t, glp_get_row_lb(g, i + 1),
                                                   glp_get_row_ub(g, i + 1), r[i]));
    }
}

int vsi_lst_relax(vs_ctx *ctx, glp_prob *g, int solver, double deadline)
{
    double t0 = vsi_lst_now();
    if (solver == VS_LP_CLP) {
        lst_lp *tmp = vsi_lp_create(glp_get_num_rows(g), glp_get_num_cols(g));
        int rc = tmp ? clp_relax(tmp, g) : -1;
        if (rc < 0) {
            vsi_lp_free(tmp);
            vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
            return -1;
        }
        int s = vsi_lp_solve(ctx, tmp, VS_LP_CLP, deadline);
        if (vs_ctx_status(ctx) == VS_EINTERRUPTED) {
            vsi_lp_free(tmp);
            return -1;
        }
        if (s == LST_LP_OPTIMAL)
            clp_basis_to_glp(tmp, g);
        vsi_lp_free(tmp);
        if (s == LST_LP_TIME_LIMIT) {
            vsi_lst_trace.lp_seconds[LST_LP_RELAX] += vsi_lst_now() - t0;
            return 0;
        }
        /* GLPK from CLP's optimal basis: factorise and confirm (no or few
         * iterations); from its own basis when CLP failed or found the
         * problem infeasible (GLPK's status then tells the callers) */
    }
    int rc = vsi_lst_simplex_until(ctx, g, deadline);
    vsi_lst_trace.lp_seconds[LST_LP_RELAX] += vsi_lst_now() - t0;
    vsi_lst_trace.lp_solves[LST_LP_RELAX]++;
    return rc;
}
