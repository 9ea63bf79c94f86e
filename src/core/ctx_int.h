/* ctx_int.h: the context's internals other library files need. */
#ifndef VS_CORE_CTX_INT_H
#define VS_CORE_CTX_INT_H

#include "vardsim/units.h"

/* The number of the next work-unit phase on ctx (0, 1, ...; vs_units_run). */
int vsi_ctx_next_units_seq(vs_ctx *ctx);

#endif
