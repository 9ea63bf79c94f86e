/*
 * vt_listing.h: the exhaustive optimum of a small siting problem, shared by
 * the listing tests (test_listing.c, test_listing_fast.c).
 */
#ifndef VARDSIM_VT_LISTING_H
#define VARDSIM_VT_LISTING_H

#include <math.h>

#include "vardsim/listing.h"

/* Exhaustive siting: candidates = area centroids; every subset S with
 * 1 <= |S| <= K (at most 8 areas); capacitated integer transport (capacity
 * Q per open site) enumerated; objective km + cost |S|. */
static inline double vt_brute_site(const vs_listing_areas *A, double Q, int K, double cost)
{
    int na = A->n;
    double best = INFINITY;
    for (int mask = 1; mask < (1 << na); mask++) {
        int sites[8], ns = 0;
        for (int j = 0; j < na; j++)
            if (mask >> j & 1)
                sites[ns++] = j;
        if (ns > K)
            continue;
        int nv = na * ns, x[64] = {0};
        double bk = INFINITY;
        for (;;) {
            int ok = 1;
            double km = 0;
            for (int a = 0; a < na && ok; a++) {
                int s = 0;
                for (int j = 0; j < ns; j++) {
                    s += x[a * ns + j];
                    km += x[a * ns + j] * vs_distance_km(A->v[a].lat, A->v[a].lon,
                                                         A->v[sites[j]].lat, A->v[sites[j]].lon);
                }
                ok = s == A->v[a].population;
            }
            for (int j = 0; j < ns && ok; j++) {
                double s = 0;
                for (int a = 0; a < na; a++)
                    s += x[a * ns + j];
                ok = s <= Q + 1e-9;
            }
            if (ok && km < bk)
                bk = km;
            int i = 0;
            while (i < nv) {
                if (++x[i] <= A->v[i / ns].population)
                    break;
                x[i++] = 0;
            }
            if (i == nv)
                break;
        }
        if (bk + cost * ns < best)
            best = bk + cost * ns;
    }
    return best;
}

#endif
