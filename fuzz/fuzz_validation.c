/*
 * fuzz_validation: the validation-table reader (vs_validate_load), then the
 * verdicts of every row against a model with no outputs (vs_validate_compute:
 * every row keeps its place with no model value).  The input is the CSV file.
 */
#include "fuzz_common.h"
#include "vardsim/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512];
    fz_write(fz_path(path, sizeof path, "validation.csv"), data, size);
    vs_ctx *ctx = fz_ctx();
    vs_validate_table *t = NULL;
    vs_status st = vs_validate_load(ctx, path, &t);
    fz_check(ctx, st, t);
    if (t) {
        vs_validate_outputs none = {0};
        vs_validate_compute(&none, t);
        for (int i = 0; i < t->n; i++)
            if (t->rows[i].within != -1)
                abort(); /* no model value: no verdict */
    }
    vs_validate_destroy(t);
    vs_ctx_destroy(ctx);
    return 0;
}
