/*
 * model.c: one replication of the region patient-flow model on the
 * simulation kernel.  See vardsim/flow.h for the patient paths and
 * docs/flow.md for the method.
 *
 * Resources: one per care centre (appointment slots: capacity schedule of
 * GPs, queue by the discipline, explicit appointment length), one bed pool
 * per hospital (a loss resource: a patient who finds no bed goes to the
 * hospital's waiting list kept here) and one "outplaced" pool per hospital
 * (unbounded: other wards and corridors).  The bed waiting list is kept here
 * rather than in the kernel because its patients have different patience (an
 * ED patient boards until the maximum boarding time, an elective patient
 * waits until the care-guarantee limit) and because each admission from it
 * must be checked for need inversions at the moment it happens.
 *
 * Need inversions in primary care: the appointment length d is the same for
 * every visit, so visits end in the order they started; within one (class,
 * insured) pair every discipline serves in arrival order.  A visit that ends
 * at time t started at s = t - d, and a more urgent patient was waiting at s
 * exactly when the oldest not-yet-finished patient of some more urgent
 * (class, insured) pair arrived before s.  The arrival times of unfinished
 * patients are kept in one FIFO ring per (centre, class, insured).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "flow_internal.h"

typedef struct ring_item {
    double t;  /* arrival time, days */
    int area;
} ring_item;

typedef struct ring {
    ring_item *v;
    size_t cap, head, n; /* cap 0 or a power of two (index with a mask) */
} ring;

enum { BR_NEW = 0, BR_WAIT, BR_BED, BR_OUT, BR_GONE };

struct rep;

/* One bed request, from the request until the patient leaves (and, for a
 * patient who waited, until the waiting-list timer has fired: the timer
 * holds a pointer to the record).  Records come from a pool and go back to
 * its free list, so their number follows the patients in the hospitals, not
 * the horizon. */
typedef struct bedrec {
    double arrive;     /* request for a bed, days */
    double ed_t0;      /* arrival at the ED (ED patients), days */
    double los;        /* length of stay, days */
    int area, cls, ins, hosp, ed, state;
    int ward, inward;  /* home ward, ward of the bed (global index h x W + w) */
    int timer;         /* 1 while the waiting-list timer is pending */
    uint32_t slot;     /* index in the pool (the entity's attr[3]) */
    uint64_t seq;      /* bed requests before this one (waiting-list order) */
    struct rep *rep;
    struct bedrec *next_free; /* free-list link while unused */
} bedrec;

typedef struct wl_item {
    int k1;            /* discipline key (class, insured) */
    uint64_t seq;      /* arrival order; the item is stale when r->seq != seq
                          (the record was reused) or r no longer waits */
    bedrec *r;
} wl_item;

typedef struct wlist {
    wl_item *h;
    size_t n, cap;
    long cnt[VS_BED_CLASSES]; /* patients waiting (state BR_WAIT) per class */
} wlist;

#define REC_BLOCK 4096

typedef struct rep {
    const flow_plan *plan;
    vs_sim *sim;
    vs_rng *rng;
    int nC, nH, W, bed0, out0;
    int *src_kind;          /* per source: 0 centre, 1 ED, 2 elective */
    int *src_index;         /* centre or hospital */
    ring *rings;            /* [nC][classes][2] */
    wlist *wl;              /* [nH x W]: per ward */
    double *wbusy;          /* [nH x W]: occupied beds per ward */
    bedrec **blocks;        /* the record pool: blocks of REC_BLOCK */
    size_t nblocks, nrec;   /* blocks, records ever carved from them */
    bedrec *rec_free;       /* free list of returned records */
    size_t rec_live, rec_peak; /* records in use now, at most */
    uint64_t seq;           /* bed requests so far */
    double warm, end;
    vs_status err;
    /* conservation */
    double created, departed, ed_in;
    /* primary care */
    double pc_req, pc_vis, pc_inv, pc_ins_ahead;
    double pc_ret, pc_else, pc_hold; /* return visits booked, gone elsewhere, held now */
    double *asum, *an;      /* per area: wait sum and visits */
    double wsum[VS_PC_CLASSES], wn[VS_PC_CLASSES];
    double win[VS_PC_CLASSES], win_n[VS_PC_CLASSES];
    double guar, guar_n, d7, d7_n;
    double isum[2][VS_PC_CLASSES], in_[2][VS_PC_CLASSES];
    double dsum[10], dn[10], din[10], din_n[10];
    double *msum, *mn, *min_, *min_n;
    double cont, cont_n;
    /* ED, beds */
    double ed_arr, ed_adm, board_sum, board_n, board_pos, bed_inv;
    double el_dec, el_wsum, el_wn, el_in, el_in_n, el_else, asih;
    double *h_adm, *h_out, *h_bsum, *h_bn, *h_esum, *h_en;
    /* published measures: daily bed census, PC days waited, ED stay */
    double *h_nout, *h_novc;  /* now: outplaced, overcrowded patients */
    double *h_cout, *h_covc;  /* sums over census days */
    double *h_tow, *h_toc;    /* admissions to another ward, to a corridor */
    double *h_outd, *h_tlast; /* outplaced patient-days (time integral) */
    double census_days;
    double ps_n[4], ps_in[4]; /* seen within 0, 3, 5, 7 days (own requests) */
    double pw_sum, pw_n;
    double *pc_hist;          /* [PC_HIST_DAYS] whole days waited */
    double *ed_hist;          /* [ED_HIST_MIN] ED stay, minutes */
} rep;

/* ---- small containers ----------------------------------------------------- */

static int ring_push(ring *q, double t, int area)
{
    if (q->n == q->cap) {
        size_t nc = q->cap ? 2 * q->cap : 16;
        ring_item *v = malloc(nc * sizeof *v);
        if (!v)
            return -1;
        for (size_t i = 0; i < q->n; i++)
            v[i] = q->v[(q->head + i) & (q->cap - 1)];
        free(q->v);
        q->v = v;
        q->cap = nc;
        q->head = 0;
    }
    q->v[(q->head + q->n) & (q->cap - 1)] = (ring_item){t, area};
    q->n++;
    /* the line the pushes after next will write (a ring is touched once per
     * patient of its centre, class and lane: its lines are cold) */
    __builtin_prefetch(&q->v[(q->head + q->n + 4) & (q->cap - 1)], 1);
    return 0;
}

/* Pop the head, then any items already removed (t NaN: reneged). */
static void ring_pop(ring *q)
{
    do {
        q->head = (q->head + 1) & (q->cap - 1);
        q->n--;
    } while (q->n && isnan(q->v[q->head].t));
    __builtin_prefetch(&q->v[(q->head + 4) & (q->cap - 1)]); /* the next line to read */
}

/* Remove the item that arrived at t (a patient who reneged; t is computed
 * as leaving time - wait, so it is matched to 1e-9 days): the head is
 * popped, an item further back is marked removed. */
static void ring_remove(ring *q, double t)
{
    for (size_t i = 0; i < q->n; i++) {
        ring_item *it = &q->v[(q->head + i) & (q->cap - 1)];
        if (fabs(it->t - t) <= 1e-9) {
            if (i == 0)
                ring_pop(q);
            else
                it->t = NAN;
            return;
        }
    }
}

static int wl_less(const wl_item *a, const wl_item *b)
{
    return a->k1 != b->k1 ? a->k1 < b->k1 : a->seq < b->seq;
}

static int wl_push(wlist *w, wl_item it)
{
    if (w->n == w->cap) {
        size_t nc = w->cap ? 2 * w->cap : 64;
        wl_item *h = realloc(w->h, nc * sizeof *h);
        if (!h)
            return -1;
        w->h = h;
        w->cap = nc;
    }
    size_t i = w->n++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!wl_less(&it, &w->h[p]))
            break;
        w->h[i] = w->h[p];
        i = p;
    }
    w->h[i] = it;
    return 0;
}

static void wl_pop(wlist *w)
{
    wl_item last = w->h[--w->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= w->n)
            break;
        if (c + 1 < w->n && wl_less(&w->h[c + 1], &w->h[c]))
            c++;
        if (!wl_less(&w->h[c], &last))
            break;
        w->h[i] = w->h[c];
        i = c;
    }
    if (w->n)
        w->h[i] = last;
}

/* A new block for the record pool (rec_new's slow path): 0, or -1 when out
 * of memory or the slots no longer fit the 32-bit index. */
static int rec_block(rep *R)
{
    if (R->nblocks * REC_BLOCK >= UINT32_MAX)
        return -1;
    bedrec **b = realloc(R->blocks, (R->nblocks + 1) * sizeof *b);
    if (!b)
        return -1;
    R->blocks = b;
    b[R->nblocks] = malloc(REC_BLOCK * sizeof **b);
    if (!b[R->nblocks])
        return -1;
    R->nblocks++;
    return 0;
}

/* A record for a new bed request: from the free list, else carved from the
 * last block (a new block when it is full).  Its fields are zero. */
static bedrec *rec_new(rep *R)
{
    bedrec *r = R->rec_free;
    uint32_t slot;
    if (r) {
        R->rec_free = r->next_free;
        slot = r->slot;
    } else {
        if (R->nrec == R->nblocks * REC_BLOCK && rec_block(R))
            return NULL;
        slot = (uint32_t)R->nrec++;
        r = &R->blocks[slot / REC_BLOCK][slot % REC_BLOCK];
    }
    memset(r, 0, sizeof *r);
    r->slot = slot;
    r->rep = R;
    if (++R->rec_live > R->rec_peak)
        R->rec_peak = R->rec_live;
    return r;
}

/* The patient of r has left (state BR_GONE): r goes back to the pool, unless
 * its waiting-list timer is still pending (then the timer returns it). */
static void rec_release(rep *R, bedrec *r)
{
    if (r->state != BR_GONE || r->timer)
        return;
    r->next_free = R->rec_free;
    R->rec_free = r;
    R->rec_live--;
}

static void fail(rep *R, vs_status st)
{
    if (st && !R->err) {
        R->err = st;
        vs_sim_stop(R->sim);
    }
}

/* ---- primary care ------------------------------------------------------------ */

/* A primary-care entity's kernel class is its rank in the centre queue
 * (vsi_flow_pc_rank), so that the need order is the kernel's priority queue
 * (class buckets, O(1)); the model's class is pc_class(e). */
static int pc_class(const vs_entity *e) { return vsi_flow_pc_class_of_rank[e->cls]; }

static ring *pc_ring(rep *R, int c, int cls, int ins)
{
    return &R->rings[((size_t)c * VS_PC_CLASSES + (size_t)cls) * 2 + (size_t)ins];
}

static double pc_limit(const rep *R, int cls)
{
    return cls == VS_PC_SAME_DAY ? 0.0 : R->plan->p.cg_primary_care_days;
}

/* Seasonal demand: the source runs at the peak rate and a request arriving
 * at t is kept with probability (1 + A cos(2 pi (t - peak) / 365.25)) / (1 + A). */
static int pc_season_keep(rep *R, double t)
{
    const vs_flow_params *p = &R->plan->p;
    if (!(p->pc_seasonal_amplitude > 0))
        return 1;
    double m = 1.0 + p->pc_seasonal_amplitude *
                         cos(2.0 * M_PI * (t - p->pc_seasonal_peak_day) / 365.25);
    return vs_rng_uniform(R->rng) * (1.0 + p->pc_seasonal_amplitude) < m;
}

static void pc_arrival(vs_sim *sim, vs_entity *e, int c, rep *R)
{
    const flow_plan *P = R->plan;
    if (!pc_season_keep(R, vs_sim_now(sim)))
        return; /* not a request: the kernel frees e */
    int area = (int)vs_dist_sample(P->centres[c].area_dist, R->rng);
    int ins = vs_rng_uniform(R->rng) < P->areas[area].insured_share;
    int named = vs_rng_uniform(R->rng) < P->p.named_gp_share;
    e->attr[0] = area;
    e->attr[1] = ins;
    e->attr[2] = named;
    e->attr[3] = c;
    double now = vs_sim_now(sim);
    R->created++;
    if (now >= R->warm)
        R->pc_req++;
    if (ring_push(pc_ring(R, c, pc_class(e), ins), now, area))
        fail(R, VS_ENOMEM);
    else
        fail(R, vs_sim_request(sim, e, c, P->visit_days));
}

/* The published measures over the patients' own requests: days waited
 * (whole calendar days; for a patient still waiting at the end, the days
 * waited so far, a lower bound), counted within 0, 3 and 7 days unless still
 * waiting and not yet past the limit (censored). */
static void pc_seen(rep *R, double days, int waiting)
{
    static const double lim[4] = {0, 3, 5, 7};
    for (int i = 0; i < 4; i++)
        if (!waiting || days > lim[i]) {
            R->ps_n[i]++;
            R->ps_in[i] += !waiting && days <= lim[i];
        }
    int b = days < PC_HIST_DAYS - 1 ? (int)days : PC_HIST_DAYS - 1;
    R->pc_hist[b < 0 ? 0 : b]++;
}

/* Count a patient whose wait is known to exceed (within = 0) or to be within
 * (within = 1) the class limit. */
static void pc_within(rep *R, int cls, int area, int within, double days_waited)
{
    const flow_plan *P = R->plan;
    R->win_n[cls]++;
    R->win[cls] += within;
    if (cls <= VS_PC_ROUTINE) {
        R->guar_n++;
        R->guar += days_waited <= P->p.cg_primary_care_days;
        R->d7_n++;
        R->d7 += days_waited <= 7;
    }
    int d = P->areas[area].decile, m = P->areas[area].municipality;
    R->din_n[d]++;
    R->din[d] += within;
    R->min_n[m]++;
    R->min_[m] += within;
}

/* A return visit's hold ends: it joins the centre's queue now. */
static void pc_return(vs_sim *sim, vs_entity *e, void *user)
{
    rep *R = user;
    int c = (int)e->attr[3];
    R->pc_hold--;
    if (ring_push(pc_ring(R, c, pc_class(e), (int)e->attr[1]), vs_sim_now(sim),
                  (int)e->attr[0]))
        fail(R, VS_ENOMEM);
    else
        fail(R, vs_sim_request(sim, e, c, R->plan->visit_days));
}

/* After a visit: with probability pc_return_share the GP books a return
 * visit pc_return_interval_days later (the same patient, class planned
 * follow-up); otherwise the patient leaves. */
static void pc_book_return(rep *R, vs_entity *e, double now)
{
    const vs_flow_params *p = &R->plan->p;
    if (p->pc_return_share > 0 && vs_rng_uniform(R->rng) < p->pc_return_share) {
        e->cls = vsi_flow_pc_rank[VS_PC_PLANNED];
        R->pc_hold++;
        if (now >= R->warm)
            R->pc_ret++;
        fail(R, vs_sim_hold(R->sim, e, p->pc_return_interval_days, pc_return, R));
        return;
    }
    R->departed++;
}

static void pc_leave(vs_sim *sim, vs_entity *e, const vs_leave_info *info, void *user)
{
    rep *R = user;
    const flow_plan *P = R->plan;
    int c = info->resource, cls = pc_class(e), ins = (int)e->attr[1], area = (int)e->attr[0];
    double now = vs_sim_now(sim);
    ring *q = pc_ring(R, c, cls, ins);
    if (info->outcome != VS_OUTCOME_DONE) {
        /* no visit within the booking horizon: care elsewhere */
        ring_remove(q, now - info->wait_days);
        R->departed++;
        if (now - info->wait_days >= R->warm)
            R->pc_else++;
        return;
    }
    double start = now - P->visit_days, arrive = start - info->wait_days;
    if (q->n)
        ring_pop(q);
    pc_book_return(R, e, now);
    if (start >= R->warm) {
        /* insurance moving a patient ahead: an insured visit started while
         * an uninsured patient of the same class, who arrived earlier, had
         * not started yet (same centre) */
        if (ins) {
            ring *u = pc_ring(R, c, cls, 0);
            if (u->n && u->v[u->head].t < arrive)
                R->pc_ins_ahead++;
        }
        for (int cc = 0; cc < VS_PC_CLASSES; cc++) {
            if (vsi_flow_pc_rank[cc] >= vsi_flow_pc_rank[cls])
                continue;
            ring *a = pc_ring(R, c, cc, 0), *b = pc_ring(R, c, cc, 1);
            if ((a->n && a->v[a->head].t < start) || (b->n && b->v[b->head].t < start)) {
                R->pc_inv++;
                break;
            }
        }
    }
    if (arrive < R->warm)
        return;
    double w = info->wait_days;
    double days = floor(start) - floor(arrive);
    R->pc_vis++;
    R->wsum[cls] += w;
    R->wn[cls]++;
    R->isum[ins][cls] += w;
    R->in_[ins][cls]++;
    /* continuity: a return visit is with the GP who booked it; a patient with
     * a named GP books that GP for routine visits; for same-day visits the
     * first free GP is taken, the own GP with probability 1 / GPs at the
     * centre */
    R->cont_n++;
    if (cls == VS_PC_PLANNED) {
        R->cont++;
        return; /* GP-booked return visits are not in the wait measures */
    }
    if (e->attr[2] > 0) {
        int n_gp = P->centres[c].n_gp > 0 ? P->centres[c].n_gp : 1;
        if (cls >= VS_PC_ROUTINE || vs_rng_uniform(R->rng) * n_gp < 1.0)
            R->cont++;
    }
    int d = P->areas[area].decile, m = P->areas[area].municipality;
    R->dsum[d] += w;
    R->dn[d]++;
    R->msum[m] += w;
    R->mn[m]++;
    R->asum[area] += w;
    R->an[area]++;
    R->pw_sum += w;
    R->pw_n++;
    pc_seen(R, days, 0);
    pc_within(R, cls, area, days <= pc_limit(R, cls), days);
}

/* ---- beds ---------------------------------------------------------------------- */

static bedrec *rec_at(rep *R, double idx)
{
    size_t i = (size_t)idx;
    return &R->blocks[i / REC_BLOCK][i % REC_BLOCK];
}

/* An ED patient leaves the ED now (home, to a bed, outplaced, ASIH). */
static void ed_left(rep *R, double t0, double now)
{
    if (t0 < R->warm)
        return;
    double m = (now - t0) * 1440.0;
    int b = m < ED_HIST_MIN - 1 ? (int)m : ED_HIST_MIN - 1;
    R->ed_hist[b < 0 ? 0 : b]++;
}

/* A patient gets a bed (or an outplaced place) now. */
static void record_start(rep *R, bedrec *r, double now, int outplaced)
{
    if (r->ed)
        ed_left(R, r->ed_t0, now);
    if (r->arrive < R->warm)
        return;
    double w = now - r->arrive;
    int h = r->hosp;
    R->h_adm[h]++;
    if (outplaced)
        R->h_out[h]++;
    if (r->ed) {
        R->board_sum += w;
        R->board_n++;
        R->board_pos += w > 0;
        R->h_bsum[h] += w;
        R->h_bn[h]++;
    } else {
        R->el_wsum += w;
        R->el_wn++;
        R->el_in_n++;
        R->el_in += w <= R->plan->p.cg_treatment_days;
        R->h_esum[h] += w;
        R->h_en[h]++;
    }
}

static void to_resource(rep *R, bedrec *r, int res)
{
    vs_entity *e;
    vs_status st = vs_sim_entity_new(R->sim, r->cls, &e);
    if (st) {
        fail(R, st);
        return;
    }
    e->attr[0] = r->area;
    e->attr[1] = r->ins;
    e->attr[2] = r->hosp;
    e->attr[3] = (double)r->slot;
    fail(R, vs_sim_request(R->sim, e, res, r->los));
}

/* Outplaced patients of hospital h change by d at `now`; their patient-days
 * after the warm-up are integrated. */
static void nout_add(rep *R, int h, double d, double now)
{
    double t0 = fmax(R->h_tlast[h], R->warm);
    if (now > t0)
        R->h_outd[h] += R->h_nout[h] * (now - t0);
    R->h_tlast[h] = now;
    R->h_nout[h] += d;
}

/* The other ward of r's hospital with the most free beds (lowest index on a
 * tie), or -1 when every ward is full. */
static int free_ward(const rep *R, const bedrec *r)
{
    const flow_hosp *H = &R->plan->hosp[r->hosp];
    int best = -1;
    double most = 0;
    for (int w = 0; w < R->W; w++) {
        int g = r->hosp * R->W + w;
        double fr = H->ward_beds[w] - R->wbusy[g];
        if (g != r->ward && fr > most) {
            most = fr;
            best = g;
        }
    }
    return best;
}

static void wl_timeout(vs_sim *sim, vs_entity *unused, void *user)
{
    (void)unused;
    bedrec *r = user;
    rep *R = r->rep;
    r->timer = 0;
    if (r->state != BR_WAIT) {
        rec_release(R, r); /* admitted (or gone) before the deadline */
        return;
    }
    R->wl[r->ward].cnt[r->cls]--;
    double now = vs_sim_now(sim);
    if (r->ed) {
        /* another ward of the hospital with a free bed (utlokalisering),
         * else a corridor bed (överbeläggning) */
        int g = free_ward(R, r);
        int counted = r->arrive >= R->warm;
        record_start(R, r, now, 1);
        if (g >= 0) {
            r->state = BR_BED;
            r->inward = g;
            R->h_tow[r->hosp] += counted;
            nout_add(R, r->hosp, 1, now);
            R->wbusy[g]++;
            to_resource(R, r, R->bed0 + g);
            return;
        }
        r->state = BR_OUT;
        R->h_toc[r->hosp] += counted;
        R->h_novc[r->hosp]++;
        to_resource(R, r, R->out0 + r->hosp);
    } else {
        r->state = BR_GONE;
        R->departed++;
        if (r->arrive >= R->warm) {
            R->el_else++;
            R->el_in_n++;
        }
        rec_release(R, r);
    }
}

static void bed_leave(vs_sim *sim, vs_entity *e, const vs_leave_info *info, void *user)
{
    rep *R = user;
    const flow_plan *P = R->plan;
    bedrec *r = rec_at(R, e->attr[3]);
    double now = vs_sim_now(sim);
    if (info->outcome == VS_OUTCOME_BLOCKED) {
        int h = r->ward;
        r->state = BR_WAIT;
        int k1 = P->p.discipline == VS_FLOW_FIFO        ? 0
                 : P->p.discipline == VS_FLOW_INSURANCE ? 2 * r->cls + (r->ins ? 0 : 1)
                                                        : r->cls;
        if (wl_push(&R->wl[h], (wl_item){k1, r->seq, r})) {
            fail(R, VS_ENOMEM);
            return;
        }
        R->wl[h].cnt[r->cls]++;
        double deadline = r->ed ? r->arrive + P->p.max_boarding_hours / 24.0
                                : r->arrive + P->p.cg_treatment_days;
        r->timer = 1;
        fail(R, vs_sim_timer(sim, fmax(0.0, deadline - now), wl_timeout, r));
        return;
    }
    /* discharged: the bed is free, admit the first patient of the ward's list */
    int h = r->inward;
    r->state = BR_GONE;
    R->departed++;
    R->wbusy[h]--;
    if (r->inward != r->ward)
        nout_add(R, r->hosp, -1, now);
    rec_release(R, r);
    wlist *w = &R->wl[h];
    while (w->n && (w->h[0].r->seq != w->h[0].seq || w->h[0].r->state != BR_WAIT))
        wl_pop(w);
    if (!w->n)
        return;
    bedrec *nx = w->h[0].r;
    wl_pop(w);
    w->cnt[nx->cls]--;
    if (now >= R->warm)
        for (int c = 0; c < nx->cls; c++)
            if (w->cnt[c] > 0) {
                R->bed_inv++;
                break;
            }
    record_start(R, nx, now, 0);
    nx->state = BR_NEW;
    nx->inward = h;
    to_resource(R, nx, R->bed0 + h);
    if (nx->state == BR_NEW) {
        nx->state = BR_BED;
        R->wbusy[h]++;
    }
}

static void out_leave(vs_sim *sim, vs_entity *e, const vs_leave_info *info, void *user)
{
    (void)sim;
    (void)info;
    rep *R = user;
    bedrec *r = rec_at(R, e->attr[3]);
    r->state = BR_GONE;
    R->h_novc[r->hosp]--;
    R->departed++;
    rec_release(R, r);
}

/* The daily census at bed_census_hour: outplaced and overcrowded patients. */
static void census(vs_sim *sim, vs_entity *unused, void *user)
{
    (void)unused;
    rep *R = user;
    if (vs_sim_now(sim) >= R->warm) {
        R->census_days++;
        for (int h = 0; h < R->nH; h++) {
            R->h_cout[h] += R->h_nout[h];
            R->h_covc[h] += R->h_novc[h];
        }
    }
    fail(R, vs_sim_timer(sim, 1.0, census, R));
}

/* A patient needs a bed at hospital h now (entity e; ed = from the ED). */
static void admit(rep *R, vs_entity *e, int h, int ed)
{
    const flow_plan *P = R->plan;
    if (P->p.asih_share > 0 && vs_rng_uniform(R->rng) < P->p.asih_share) {
        if (ed)
            ed_left(R, e->attr[3], vs_sim_now(R->sim));
        R->departed++;
        if (vs_sim_now(R->sim) >= R->warm)
            R->asih++;
        return; /* the kernel frees e */
    }
    bedrec *r = rec_new(R);
    if (!r) {
        fail(R, VS_ENOMEM);
        return;
    }
    r->arrive = vs_sim_now(R->sim);
    r->los = vs_dist_sample(P->bed_los, R->rng);
    r->area = (int)e->attr[0];
    r->ins = (int)e->attr[1];
    r->cls = e->cls;
    r->hosp = h;
    r->ward = h * R->W;
    if (R->W > 1) {
        double u = vs_rng_uniform(R->rng);
        int w = 0;
        while (w < R->W - 1 && u >= P->ward_cum[w])
            w++;
        r->ward += w;
    }
    r->inward = r->ward;
    r->ed = ed;
    r->ed_t0 = ed ? e->attr[3] : 0;
    r->seq = R->seq++;
    r->state = BR_NEW;
    e->attr[3] = (double)r->slot;
    fail(R, vs_sim_request(R->sim, e, R->bed0 + r->ward, r->los));
    if (r->state == BR_NEW) {
        r->state = BR_BED;
        R->wbusy[r->ward]++;
        record_start(R, r, r->arrive, 0);
    }
}

static void ed_done(vs_sim *sim, vs_entity *e, void *user)
{
    rep *R = user;
    R->ed_in--;
    if (vs_rng_uniform(R->rng) < R->plan->p.ed_share_admitted) {
        if (vs_sim_now(sim) >= R->warm)
            R->ed_adm++;
        admit(R, e, (int)e->attr[2], 1);
    } else {
        ed_left(R, e->attr[3], vs_sim_now(sim));
        R->departed++;
    }
}

static void on_arrival(vs_sim *sim, vs_entity *e, int source, void *user)
{
    rep *R = user;
    const flow_plan *P = R->plan;
    int k = R->src_kind[source], i = R->src_index[source];
    if (k == 0) {
        pc_arrival(sim, e, i, R);
        return;
    }
    const vs_dist *ad = k == 1 ? P->ed_area_dist : P->el_area_dist;
    int area = (int)vs_dist_sample(ad, R->rng);
    e->attr[0] = area;
    e->attr[1] = vs_rng_uniform(R->rng) < P->areas[area].insured_share;
    e->attr[2] = i;
    R->created++;
    double now = vs_sim_now(sim);
    if (k == 1) {
        if (now >= R->warm)
            R->ed_arr++;
        R->ed_in++;
        e->attr[3] = now; /* ED arrival, until admitted */
        fail(R, vs_sim_hold(sim, e, vs_dist_sample(P->ed_los, R->rng), ed_done, R));
    } else {
        if (now >= R->warm)
            R->el_dec++;
        admit(R, e, i, 0);
    }
}

/* ---- the replication ------------------------------------------------------------ */

static double ratio(double a, double b) { return b > 0 ? a / b : NAN; }

static void rep_free(rep *R)
{
    if (R->rings)
        for (size_t i = 0; i < (size_t)R->nC * VS_PC_CLASSES * 2; i++)
            free(R->rings[i].v);
    free(R->rings);
    if (R->wl)
        for (int g = 0; g < R->nH * R->W; g++)
            free(R->wl[g].h);
    free(R->wl);
    free(R->wbusy);
    for (size_t b = 0; b < R->nblocks; b++)
        free(R->blocks[b]);
    free(R->blocks);
    free(R->src_kind);
    free(R->src_index);
    free(R->msum);
    free(R->asum);
    free(R->h_adm);
    free(R->pc_hist);
}

/* Need order of the centre queue: acute requests, then GP-booked return
 * visits (booked at an earlier visit, so before any routine request that
 * came after that booking), then routine requests; ties in arrival order
 * (kernel).  The insurance lane adds insured before uninsured within a rank. */
static int cmp_need(const vs_entity *a, const vs_entity *b, void *user)
{
    (void)user;
    return a->cls - b->cls; /* kernel class = rank */
}

static int cmp_insurance(const vs_entity *a, const vs_entity *b, void *user)
{
    int r = cmp_need(a, b, user);
    if (r)
        return r;
    int ia = a->attr[1] > 0, ib = b->attr[1] > 0;
    return ib - ia;
}

static vs_status build(vs_ctx *ctx, rep *R, int rep_no)
{
    const flow_plan *P = R->plan;
    const vs_flow_params *p = &P->p;
    int nm = P->region->n_municipalities;
    R->nC = P->n_centres;
    R->nH = P->n_hosp;
    R->rings = calloc((size_t)(R->nC ? R->nC : 1) * VS_PC_CLASSES * 2, sizeof *R->rings);
    R->W = P->wards;
    R->wl = calloc((size_t)(R->nH ? R->nH * R->W : 1), sizeof *R->wl);
    R->wbusy = calloc((size_t)(R->nH ? R->nH * R->W : 1), sizeof *R->wbusy);
    int nsrc = R->nC + 2 * R->nH;
    R->src_kind = malloc((size_t)(nsrc ? nsrc : 1) * sizeof(int));
    R->src_index = malloc((size_t)(nsrc ? nsrc : 1) * sizeof(int));
    R->msum = calloc((size_t)(4 * (nm ? nm : 1)), sizeof(double));
    R->asum = calloc((size_t)(2 * (P->n_areas ? P->n_areas : 1)), sizeof(double));
    R->h_adm = calloc((size_t)(14 * (R->nH ? R->nH : 1)), sizeof(double));
    R->pc_hist = calloc(PC_HIST_DAYS + ED_HIST_MIN, sizeof(double));
    if (!R->rings || !R->wl || !R->wbusy || !R->src_kind || !R->src_index || !R->msum || !R->h_adm ||
        !R->asum || !R->pc_hist)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory (flow replication)");
    R->an = R->asum + P->n_areas;
    R->mn = R->msum + nm;
    R->min_ = R->mn + nm;
    R->min_n = R->min_ + nm;
    R->h_out = R->h_adm + R->nH;
    R->h_bsum = R->h_out + R->nH;
    R->h_bn = R->h_bsum + R->nH;
    R->h_esum = R->h_bn + R->nH;
    R->h_en = R->h_esum + R->nH;
    R->h_nout = R->h_en + R->nH;
    R->h_novc = R->h_nout + R->nH;
    R->h_cout = R->h_novc + R->nH;
    R->h_covc = R->h_cout + R->nH;
    R->h_tow = R->h_covc + R->nH;
    R->h_toc = R->h_tow + R->nH;
    R->h_outd = R->h_toc + R->nH;
    R->h_tlast = R->h_outd + R->nH;
    R->ed_hist = R->pc_hist + PC_HIST_DAYS;
    R->warm = p->warmup_days;
    R->end = p->warmup_days + p->days;

    vs_sim_spec spec = {.seed = p->seed,
                        .replication = (uint64_t)rep_no,
                        .classes = VS_BED_CLASSES,
                        .warmup_days = p->warmup_days,
                        .user_streams = 1};
    vs_status st = vs_sim_create(ctx, &spec, &R->sim);
    if (st)
        return st;
    R->rng = vs_sim_rng(R->sim, 0);
    /* the fixed delays of primary care (visit length, return-visit
     * interval, booking horizon) get delay lanes: most of the run's events,
     * kept out of the event list (vs_sim_fixed_delay; same results) */
    if ((st = vs_sim_fixed_delay(ctx, R->sim, P->visit_days)))
        return st;
    if (p->pc_return_share > 0 && (st = vs_sim_fixed_delay(ctx, R->sim, p->pc_return_interval_days)))
        return st;
    if (isfinite(p->pc_booking_horizon_days) &&
        (st = vs_sim_fixed_delay(ctx, R->sim, p->pc_booking_horizon_days)))
        return st;
    vs_discipline disc = p->discipline == VS_FLOW_FIFO        ? VS_QUEUE_FIFO
                         : p->discipline == VS_FLOW_INSURANCE ? VS_QUEUE_COMPARATOR
                                                              : VS_QUEUE_PRIORITY;
    for (int c = 0; c < R->nC; c++) {
        vs_resource_spec rs = VS_RESOURCE_SPEC_INIT;
        rs.name = "care centre";
        rs.capacity = 0;
        rs.discipline = disc;
        rs.cmp = NULL;
        rs.on_leave = pc_leave;
        rs.leave_user = R;
        rs.no_wait_histogram = 1; /* the flow model reports no wait quantiles */
        rs.max_wait_days = p->pc_booking_horizon_days; /* INFINITY: no horizon */
        if (disc == VS_QUEUE_COMPARATOR)
            rs.cmp = cmp_insurance;
        int idx;
        if ((st = vs_sim_add_resource(ctx, R->sim, &rs, &idx)))
            return st;
        const flow_centre *fc = &P->centres[c];
        if (fc->n_ysched > 0)
            st = vs_sim_set_capacity_schedule(ctx, R->sim, idx, fc->n_ysched, fc->ysched_t,
                                              fc->ysched_c, 364.0);
        else if (fc->n_sched > 0)
            st = vs_sim_set_capacity_schedule(ctx, R->sim, idx, fc->n_sched, fc->sched_t,
                                              fc->sched_c, 7.0);
        if (st)
            return st;
    }
    R->bed0 = R->nC;
    for (int g = 0; g < R->nH * R->W; g++) {
        vs_resource_spec rs = VS_RESOURCE_SPEC_INIT;
        rs.name = "ward beds";
        rs.capacity = P->hosp[g / R->W].ward_beds[g % R->W];
        rs.queue_limit = 0;
        rs.on_leave = bed_leave;
        rs.leave_user = R;
        rs.no_wait_histogram = 1;
        int idx;
        if ((st = vs_sim_add_resource(ctx, R->sim, &rs, &idx)))
            return st;
    }
    R->out0 = R->bed0 + R->nH * R->W;
    for (int h = 0; h < R->nH; h++) {
        vs_resource_spec rs = VS_RESOURCE_SPEC_INIT;
        rs.name = "outplaced";
        rs.capacity = 1 << 30;
        rs.on_leave = out_leave;
        rs.leave_user = R;
        rs.no_wait_histogram = 1;
        int idx;
        if ((st = vs_sim_add_resource(ctx, R->sim, &rs, &idx)))
            return st;
    }
    int s = 0;
    double rates[168];
    for (int c = 0; c < R->nC; c++) {
        const flow_centre *fc = &P->centres[c];
        if (!(fc->rate_per_year > 0) || !fc->area_dist)
            continue;
        for (int i = 0; i < 168; i++)
            rates[i] = fc->rate_per_year * P->pc_rate_factor / 365.0 * P->pc_rate_week[i];
        vs_source_spec ss = VS_SOURCE_SPEC_INIT;
        ss.name = "primary care";
        ss.rate_by_hour = rates;
        ss.n_rates = 168;
        ss.class_share = P->pc_share;
        ss.on_arrival = on_arrival;
        ss.user = R;
        int idx;
        if ((st = vs_sim_add_source(ctx, R->sim, &ss, &idx)))
            return st;
        R->src_kind[idx] = 0;
        R->src_index[idx] = c;
        s++;
    }
    for (int k = 1; k <= 2; k++)
        for (int h = 0; h < R->nH; h++) {
            double rate = k == 1 ? P->hosp[h].ed_per_year : P->hosp[h].elective_per_year;
            if (!(rate > 0))
                continue;
            vs_source_spec ss = VS_SOURCE_SPEC_INIT;
            double hr[24];
            if (k == 1) {
                for (int i = 0; i < 24; i++)
                    hr[i] = rate / 365.0 * P->ed_rate_hour[i];
                ss.rate_by_hour = hr;
                ss.n_rates = 24;
                ss.weekday_factor = P->ed_weekday;
                ss.class_share = P->ed_share;
                ss.name = "emergency department";
            } else {
                ss.rate_per_day = rate / 365.0;
                ss.class_share = P->el_share;
                ss.name = "elective";
            }
            ss.on_arrival = on_arrival;
            ss.user = R;
            int idx;
            if ((st = vs_sim_add_source(ctx, R->sim, &ss, &idx)))
                return st;
            R->src_kind[idx] = k;
            R->src_index[idx] = h;
        }
    (void)s;
    return vs_sim_timer(R->sim, p->bed_census_hour / 24.0, census, R);
}

/* Share of a histogram's values in the bins below `bin`. */
static double hist_share_below(const double *h, int bins, int bin)
{
    double n = 0, c = 0;
    for (int b = 0; b < bins; b++) {
        n += h[b];
        c += b < bin ? h[b] : 0;
    }
    return ratio(c, n);
}

/* Median of a histogram of n values in unit bins: the value below which half
 * lie, interpolated within the bin (interp) or the bin's lower edge. */
static double hist_median(const double *h, int bins, int interp)
{
    double n = 0, c = 0;
    for (int b = 0; b < bins; b++)
        n += h[b];
    if (!(n > 0))
        return NAN;
    for (int b = 0; b < bins; b++) {
        if (c + h[b] >= 0.5 * n)
            return interp ? b + (0.5 * n - c) / h[b] : b;
        c += h[b];
    }
    return bins;
}


/* Hospital h's part of the record; adds its patients present to *stages and
 * its busy beds, capacity, overflow days and census sums to sums[0..4]. */
static vs_status hosp_stats(vs_ctx *ctx, rep *R, int h, double *rec, double *stages,
                            double *sums)
{
    const flow_plan *P = R->plan;
    vs_resource_stats b, o;
    vs_status st;
    double busy = 0, cap = 0;
    for (int w = 0; w < R->W; w++) {
        int g = h * R->W + w;
        if ((st = vs_sim_resource_stats(ctx, R->sim, R->bed0 + g, &b)))
            return st;
        for (int c = 0; c < VS_BED_CLASSES; c++)
            *stages += (double)R->wl[g].cnt[c];
        *stages += b.busy_now;
        busy += b.busy_mean;
        cap += b.capacity_mean;
    }
    if ((st = vs_sim_resource_stats(ctx, R->sim, R->out0 + h, &o)))
        return st;
    *stages += o.busy_now;
    nout_add(R, h, 0, R->end); /* close the outplaced time integral */
    double od = o.busy_mean * o.observed_days + R->h_outd[h];
    double *hr = rec + P->off_hosp + (size_t)h * RH_N;
    hr[RH_OCC] = ratio(busy, cap);
    hr[RH_ADM] = R->h_adm[h];
    hr[RH_OUT] = R->h_out[h];
    hr[RH_OVF] = od;
    hr[RH_BOARD] = ratio(R->h_bsum[h], R->h_bn[h]) * 24.0;
    hr[RH_ELWAIT] = ratio(R->h_esum[h], R->h_en[h]);
    hr[RH_OUT100] = ratio(100.0 * R->h_cout[h], R->census_days * P->hosp[h].beds);
    hr[RH_OVC100] = ratio(100.0 * R->h_covc[h], R->census_days * P->hosp[h].beds);
    hr[RH_TOWARD] = R->h_tow[h];
    hr[RH_TOCORR] = R->h_toc[h];
    sums[0] += busy;
    sums[1] += cap;
    sums[2] += od;
    sums[3] += R->h_cout[h];
    sums[4] += R->h_covc[h];
    return VS_OK;
}

vs_status vsi_flow_replicate(vs_ctx *ctx, const flow_plan *P, int rep_no, double *rec)
{
    rep R;
    memset(&R, 0, sizeof R);
    R.plan = P;
    vs_status st = build(ctx, &R, rep_no);
    if (!st) {
        st = vs_sim_run(ctx, R.sim, R.end);
        if (!st && R.err)
            st = R.err;
    }
    if (st) {
        vs_sim_destroy(R.sim);
        rep_free(&R);
        return st;
    }
    int nm = P->region->n_municipalities;
    /* patients still waiting whose wait already exceeds their limit */
    double today = floor(R.end);
    for (int c = 0; c < R.nC; c++)
        for (int cls = 0; cls < VS_PC_CLASSES; cls++)
            for (int ins = 0; ins < 2; ins++) {
                ring *q = pc_ring(&R, c, cls, ins);
                for (size_t i = 0; i < q->n; i++) {
                    const ring_item *it = &q->v[(q->head + i) & (q->cap - 1)];
                    double days = today - floor(it->t);
                    if (it->t >= R.warm && days > pc_limit(&R, cls))
                        pc_within(&R, cls, it->area, 0, days);
                    if (it->t >= R.warm && cls != VS_PC_PLANNED)
                        pc_seen(&R, days, 1);
                }
            }
    /* stage counts and kernel statistics */
    double stages = R.ed_in + R.pc_hold, busy = 0, cap = 0, ovf = 0, cen_out = 0, cen_ovc = 0, cen_beds = 0;
    for (int c = 0; c < R.nC; c++) {
        vs_resource_stats rs;
        if ((st = vs_sim_resource_stats(ctx, R.sim, c, &rs)))
            break;
        stages += rs.busy_now + rs.queue_now;
    }
    double sums[5] = {0}; /* busy, capacity, overflow days, census out, census corridor */
    for (int h = 0; !st && h < R.nH; h++)
        st = hosp_stats(ctx, &R, h, rec, &stages, sums);
    busy = sums[0];
    cap = sums[1];
    ovf = sums[2];
    cen_out = sums[3];
    cen_ovc = sums[4];
    for (int h = 0; h < R.nH; h++)
        cen_beds += P->hosp[h].beds;
    vs_sim_info info;
    if (!st)
        st = vs_sim_get_info(ctx, R.sim, &info);
    if (st) {
        vs_sim_destroy(R.sim);
        rep_free(&R);
        return st;
    }
    double all_w = 0, all_n = 0;
    for (int c = 0; c < VS_PC_CLASSES; c++) {
        rec[R_PC_WAIT + c] = ratio(R.wsum[c], R.wn[c]);
        rec[R_PC_WITHIN + c] = ratio(R.win[c], R.win_n[c]);
        rec[R_PC_WAIT_INS + c] = ratio(R.isum[1][c], R.in_[1][c]);
        rec[R_PC_WAIT_UNINS + c] = ratio(R.isum[0][c], R.in_[0][c]);
        all_w += R.wsum[c];
        all_n += R.wn[c];
    }
    rec[R_PC_REQ] = R.pc_req;
    rec[R_PC_VISITS] = R.pc_vis;
    rec[R_PC_WAIT_ALL] = ratio(all_w, all_n);
    rec[R_PC_GUAR] = ratio(R.guar, R.guar_n);
    rec[R_PC_7D] = ratio(R.d7, R.d7_n);
    for (int d = 0; d < 10; d++) {
        rec[R_DEC_WAIT + d] = ratio(R.dsum[d], R.dn[d]);
        rec[R_DEC_WITHIN + d] = ratio(R.din[d], R.din_n[d]);
    }
    for (int m = 0; m < nm; m++) {
        rec[P->off_muni + (size_t)m * RM_N + RM_WAIT] = ratio(R.msum[m], R.mn[m]);
        rec[P->off_muni + (size_t)m * RM_N + RM_WITHIN] = ratio(R.min_[m], R.min_n[m]);
    }
    rec[R_CONT] = ratio(R.cont, R.cont_n);
    rec[R_PC_INV] = R.pc_inv;
    rec[R_PC_INS_AHEAD] = R.pc_ins_ahead;
    rec[R_PC_RET] = R.pc_ret;
    rec[R_PC_ELSE] = R.pc_else;
    rec[R_PC_SEEN0] = ratio(R.ps_in[0], R.ps_n[0]);
    rec[R_PC_SEEN3] = ratio(R.ps_in[1], R.ps_n[1]);
    rec[R_PC_SEEN5] = ratio(R.ps_in[2], R.ps_n[2]);
    rec[R_PC_SEEN7] = ratio(R.ps_in[3], R.ps_n[3]);
    rec[R_ED_4H] = hist_share_below(R.ed_hist, ED_HIST_MIN, 240);
    rec[R_PC_WMEAN] = ratio(R.pw_sum, R.pw_n);
    rec[R_PC_WMED] = hist_median(R.pc_hist, PC_HIST_DAYS, 0);
    rec[R_ED_LOS_MED] = hist_median(R.ed_hist, ED_HIST_MIN, 1) / 60.0;
    rec[R_OUT100] = ratio(100.0 * cen_out, R.census_days * cen_beds);
    rec[R_OVC100] = ratio(100.0 * cen_ovc, R.census_days * cen_beds);
    for (int a = 0; a < P->n_areas; a++)
        rec[P->off_area + (size_t)a * RA_N + RA_WAIT] = ratio(R.asum[a], R.an[a]);
    rec[R_ED_ARR] = R.ed_arr;
    rec[R_ED_ADM] = R.ed_adm;
    rec[R_ED_BOARD_H] = ratio(R.board_sum, R.board_n) * 24.0;
    rec[R_ED_BOARD_SHARE] = ratio(R.board_pos, R.board_n);
    rec[R_ED_BOARD_PAT] = R.board_sum / P->p.days;
    rec[R_BED_INV] = R.bed_inv;
    rec[R_EL_DEC] = R.el_dec;
    rec[R_EL_WAIT] = ratio(R.el_wsum, R.el_wn);
    rec[R_EL_WITHIN] = ratio(R.el_in, R.el_in_n);
    rec[R_EL_ELSEWHERE] = R.el_else;
    rec[R_ASIH] = R.asih;
    rec[R_OCC] = ratio(busy, cap);
    rec[R_OVF_DAYS] = ovf;
    rec[R_INJ] = ovf * P->p.injury_rate_per_admission / P->p.mean_los_days *
                 (P->p.injury_rr_outplaced - 1.0);
    rec[R_ARR] = R.created;
    rec[R_DEP] = R.departed;
    rec[R_INSYS] = stages;
    rec[R_CONS_OK] = (R.created - R.departed == stages) ? 1.0 : 0.0;
    rec[R_EVENTS] = (double)info.events;
    rec[R_REC_PEAK] = (double)R.rec_peak;
    rec[R_ENT_PEAK] = (double)info.entities_peak;
    vs_sim_destroy(R.sim);
    rep_free(&R);
    return VS_OK;
}
