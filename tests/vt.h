/*
 * vt.h: the minimal test harness of vardsim's unit tests.
 *
 *   VT_CHECK(cond)              fails the test (and continues) when cond is false
 *   VT_NEAR(a, b, rel_tol)      |a-b| <= rel_tol * max(1, |b|)
 *   VT_EQ_INT(a, b)             integer equality, printing both values
 *   VT_EQ_STR(a, b)             string equality
 *   return vt_done();           at the end of main: exit 0 when all passed
 *   vt_slurp(path)              a file's whole text (malloc'd, NUL-ended), or NULL
 * Each failure prints FILE:LINE and the expression.
 */
#ifndef VARDSIM_VT_H
#define VARDSIM_VT_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int vt_failures = 0, vt_checks = 0;

#define VT_CHECK(cond)                                                                  \
    do {                                                                                \
        vt_checks++;                                                                    \
        if (!(cond)) {                                                                  \
            vt_failures++;                                                              \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);    \
        }                                                                               \
    } while (0)

#define VT_NEAR(a, b, tol)                                                              \
    do {                                                                                \
        double vt_a_ = (double)(a), vt_b_ = (double)(b);                                \
        vt_checks++;                                                                    \
        if (!(fabs(vt_a_ - vt_b_) <= (tol) * fmax(1.0, fabs(vt_b_)))) {                 \
            vt_failures++;                                                              \
            fprintf(stderr, "%s:%d: %s = %.17g, expected %s = %.17g (tol %g)\n",        \
                    __FILE__, __LINE__, #a, vt_a_, #b, vt_b_, (double)(tol));           \
        }                                                                               \
    } while (0)

#define VT_EQ_INT(a, b)                                                                 \
    do {                                                                                \
        long long vt_a_ = (long long)(a), vt_b_ = (long long)(b);                       \
        vt_checks++;                                                                    \
        if (vt_a_ != vt_b_) {                                                           \
            vt_failures++;                                                              \
            fprintf(stderr, "%s:%d: %s = %lld, expected %lld\n", __FILE__, __LINE__,    \
                    #a, vt_a_, vt_b_);                                                  \
        }                                                                               \
    } while (0)

#define VT_EQ_STR(a, b)                                                                 \
    do {                                                                                \
        const char *vt_a_ = (a), *vt_b_ = (b);                                          \
        vt_checks++;                                                                    \
        if (strcmp(vt_a_, vt_b_) != 0) {                                                \
            vt_failures++;                                                              \
            fprintf(stderr, "%s:%d: %s = \"%s\", expected \"%s\"\n", __FILE__,          \
                    __LINE__, #a, vt_a_, vt_b_);                                        \
        }                                                                               \
    } while (0)

static inline int vt_done(void)
{
    fprintf(stderr, "%d checks, %d failed\n", vt_checks, vt_failures);
    return vt_failures ? 1 : 0;
}

/* The whole text of the file at path, NUL-terminated (free it), or NULL. */
static inline char *vt_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = '\0';
    fclose(f);
    return s;
}

#endif
