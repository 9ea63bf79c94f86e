/*
 * report_validation.c: the report section "How today's model compares with
 * published figures", drawn from the series the validation stage stored
 * (stage_validation.c; method in docs/validation.md).
 */
#include "run/report_validation.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"

int vsi_validation_calibration_rows(const vs_validate_table *t)
{
    int n = 0;
    for (int i = 0; t && i < t->n; i++)
        n += t->rows[i].calibration;
    return n;
}

enum { COLS = 10 };

static const char *const header[COLS] = {"quantity", "role",    "published", "model",
                                         "ratio",    "tolerance", "verdict", "year",
                                         "geography", "source"};

/* Index of series `name` in tab, or -1. */
static int series_index(const vs_series_table *tab, const char *name)
{
    for (int s = 0; s < tab->n_series; s++)
        if (strcmp(tab->series[s], name) == 0)
            return s;
    return -1;
}

static double cell(const vs_series_table *tab, const char *series, int c)
{
    int s = series_index(tab, series);
    return s < 0 ? NAN : tab->value[s * tab->n_cat + c];
}

/* A published or model value as the report writes numbers (grouped digits,
 * never an exponent: 361,000, not 3.61e+05). */
static char *quantity(double v)
{
    char b[64];
    return isnan(v) ? vsi_strdup_printf("%s", "-")
                    : vsi_strdup_printf("%s", vs_report_format(NULL, v, NULL, b, sizeof b));
}

static char *num(double v, const char *fmt)
{
    return isnan(v) ? vsi_strdup_printf("%s", "-") : vsi_strdup_printf(fmt, v);
}

/* Split label into VSI_VALIDATION_FIELDS fields (missing ones ""). */
static void split_label(char *label, char **f)
{
    size_t sep = strlen(VSI_VALIDATION_SEP);
    for (int k = 0; k < VSI_VALIDATION_FIELDS; k++) {
        f[k] = label;
        char *e = label ? strstr(label, VSI_VALIDATION_SEP) : NULL;
        if (e) {
            *e = 0;
            label = e + sep;
        } else {
            label = NULL;
        }
        if (!f[k])
            f[k] = "";
    }
}

static const char *verdict(double published, double model, double within)
{
    if (isnan(published))
        return "no published value";
    if (isnan(model))
        return "no model value";
    return within > 0.5 ? "within" : "OUTSIDE";
}

/* The cells of category c (COLS strings, each allocated). */
static int row_cells(const vs_series_table *tab, int c, char **out)
{
    char *label = vsi_strdup_printf("%s", tab->labels[c]);
    if (!label)
        return -1;
    char *f[VSI_VALIDATION_FIELDS];
    split_label(label, f);
    double pub = cell(tab, "published", c), mod = cell(tab, "model", c);
    double tol = cell(tab, "tolerance", c);
    const char *cmp = strcmp(f[2], "at_least") == 0 ? ">= published - "
                      : strcmp(f[2], "at_most") == 0 ? "<= published + "
                                                      : "+- ";
    out[0] = vsi_strdup_printf("%s", f[0]);
    out[1] = vsi_strdup_printf("%s", f[1]);
    out[2] = quantity(pub);
    out[3] = quantity(mod);
    out[4] = num(cell(tab, "ratio", c), "%.3f");
    out[5] = isnan(tol) ? vsi_strdup_printf("-") : vsi_strdup_printf("%s%.0f %%", cmp, 100 * tol);
    out[6] = vsi_strdup_printf("%s", verdict(pub, mod, cell(tab, "within", c)));
    out[7] = vsi_strdup_printf("%s", f[3]);
    out[8] = vsi_strdup_printf("%s", f[4]);
    out[9] = vsi_strdup_printf("%s (model: %s)", f[5], f[6]);
    free(label);
    for (int k = 0; k < COLS; k++)
        if (!out[k])
            return -1;
    return 0;
}

static vs_status section(vs_ctx *ctx, const vs_series_table *tab, vs_report *rep)
{
    int n = tab->n_cat;
    char **cells = calloc((size_t)n * COLS, sizeof *cells);
    vs_status s = cells ? VS_OK : vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    for (int c = 0; !s && c < n; c++)
        if (row_cells(tab, c, cells + (size_t)c * COLS))
            s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (!s)
        s = vs_report_add_paragraph(
            ctx, rep,
            "Each published figure of the region's validation table beside the value this run's "
            "model computed. Calibration rows were used to set a parameter; validation rows "
            "never were. Rows outside their tolerance are marked OUTSIDE; quantities the model "
            "does not compute say so. The model column is this run's scenario with its own "
            "simulation settings (network, replications, seed): in a policy scenario a "
            "difference from today's published figures is the policy's effect, not a miss; "
            "'vardsim validate' compares today's model at the shipped defaults. Method and "
            "sources: docs/validation.md.");
    if (!s)
        s = vs_report_add_table(ctx, rep, "validation", COLS, header, n,
                                (const char *const *)cells);
    for (size_t k = 0; cells && k < (size_t)n * COLS; k++)
        free(cells[k]);
    free(cells);
    return s;
}

/* The rows the run stored, in the first year that has them (*tab NULL: none). */
static vs_status read_rows(vs_ctx *ctx, vs_store *st, int64_t run_id, vs_series_table **out)
{
    int *years = NULL, n_years = 0;
    *out = NULL;
    vs_status s = vs_store_read_years(ctx, st, run_id, &years, &n_years);
    for (int y = 0; !s && y < n_years && !*out; y++) {
        vs_series_table *tab = NULL;
        s = vs_store_read_series(ctx, st, run_id, years[y], VSI_VALIDATION_CHART, &tab);
        if (!s && tab->n_cat > 0)
            *out = tab; /* a snapshot stage: one year holds the rows */
        else
            vs_series_table_free(tab);
    }
    free(years);
    return s;
}

int vsi_report_validation_present(vs_ctx *ctx, vs_store *st, int64_t run_id)
{
    vs_series_table *tab = NULL;
    vs_status s = read_rows(ctx, st, run_id, &tab);
    int present = !s && tab != NULL;
    vs_series_table_free(tab);
    return present;
}

vs_status vsi_report_validation(vs_ctx *ctx, vs_store *st, int64_t run_id, vs_report *rep)
{
    vs_series_table *tab = NULL;
    vs_status s = read_rows(ctx, st, run_id, &tab);
    if (!s && tab)
        s = section(ctx, tab, rep);
    vs_series_table_free(tab);
    return s;
}
