/*
 * book.c: the primary-care appointment book's capacity over the year.  GP
 * absence (vacation) removes capacity day by day: in June-August a share
 * summer_days / (weekdays in June-August) of each centre's GP time is away,
 * in the rest of the year (vacation_days - summer_days) / (the other
 * weekdays).  The year is laid out as 2018 (t = 0 is Monday 1 January) over
 * 52 weeks (period 364 days, so weekdays keep their place when it repeats).
 * Visits per clinical hour are derived over the days worked (params.c), so a
 * GP FTE still gives the cited visits a year.  Method: docs/flow.md.
 */
#include <math.h>
#include <stdlib.h>

#include "flow_internal.h"

enum { YEAR_DAYS = 364, SUMMER_FIRST = 151, SUMMER_END = 243 }; /* 1 June, 1 September */

static int is_weekday(int d) { return d % 7 < 5; }
static int in_summer(int d) { return d >= SUMMER_FIRST && d < SUMMER_END; }

double vsi_flow_absent_share(const vs_flow_params *p, int day)
{
    int ns = 0, nw = 0;
    for (int d = 0; d < YEAR_DAYS; d++)
        if (is_weekday(d)) {
            nw++;
            ns += in_summer(d);
        }
    int d = ((day % YEAR_DAYS) + YEAR_DAYS) % YEAR_DAYS;
    if (!is_weekday(d))
        return 1.0;
    return in_summer(d) ? p->gp_summer_vacation_days / ns
                        : (p->gp_vacation_days - p->gp_summer_vacation_days) / (nw - ns);
}

vs_status vsi_flow_year_schedule(vs_ctx *ctx, const vs_flow_params *p, double h_clin,
                                 flow_centre *c)
{
    c->n_ysched = 0;
    if (!(p->gp_vacation_days > 0))
        return VS_OK; /* no absence: the weekly schedule */
    double L = p->gp_hours_per_week / 5.0;
    c->ysched_t = malloc(3 * YEAR_DAYS * sizeof *c->ysched_t);
    c->ysched_c = malloc(3 * YEAR_DAYS * sizeof *c->ysched_c);
    if (!c->ysched_t || !c->ysched_c)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory (capacity schedule)");
    int n = 0;
    for (int d = 0; d < YEAR_DAYS; d++) {
        if (!is_weekday(d))
            continue;
        /* as the weekly schedule (network.c): ceil(x) GPs first, floor(x) the rest */
        double x = c->gp_fte * (1.0 - vsi_flow_absent_share(p, d)) * h_clin / L;
        int lo = (int)floor(x), hi = (int)ceil(x);
        double t0 = d + p->open_hour / 24.0, t_hi = hi == lo ? L : (x - lo) * L;
        c->ysched_t[n] = t0;
        c->ysched_c[n++] = hi;
        if (hi != lo) {
            c->ysched_t[n] = t0 + t_hi / 24.0;
            c->ysched_c[n++] = lo;
        }
        if (lo > 0 || hi == lo) {
            c->ysched_t[n] = t0 + L / 24.0;
            c->ysched_c[n++] = 0;
        }
    }
    c->n_ysched = n;
    return VS_OK;
}
