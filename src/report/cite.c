/*
 * cite.c: the report's numbered references.  Every source text (a metric's,
 * a scorecard row's, a chart's note) is written once in the list at the end
 * and cited by its number; the text is made readable on the way:
 *  - the policy documents, cited in the code as seed ids with line ranges
 *    ("seed 000:440-442", "004_c1ba1b8a83b93d57.txt:831-868"), become their
 *    titles, publisher and year (the list in scenarios/policy.yaml's header;
 *    the documents have no page numbers, so lines of their text are given);
 *  - absolute file paths keep only their part inside the source tree
 *    ("data/parameters/budget.csv");
 *  - the library's function names ("vs_flow_run") are left out.
 */
#include "report_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *id, *title;
} documents[] = {
    {"000", "Vänsterpartiet, Riksdag motion 2024/25 on health care (motion 2024/25), line"},
    {"001", "Miljöpartiet, Riksdag motion on health care (2025/26), line"},
    {"002", "Vänsterpartiet, Riksdag motion 2023/24 on primary care (motion 2023/24), line"},
    {"003", "Vänsterpartiet, \"44 punkter för Region Stockholm\" (2022), line"},
    {"004", "Vänsterpartiet, budget for Region Stockholm 2025 with plan 2026-2027 (2024), line"},
};

/* Length of a seed citation at p ("000:440-442", "004_c1ba...txt:1285-1287",
 * "000:12"), its document's title in *title; 0 when p is none. */
static size_t seed_at(const char *p, const char **title)
{
    for (size_t d = 0; d < sizeof documents / sizeof documents[0]; d++) {
        if (strncmp(p, documents[d].id, 3) != 0)
            continue;
        const char *q = p + 3;
        if (*q == '_') {
            while (isxdigit((unsigned char)*++q))
                ;
            if (strncmp(q, ".txt", 4) != 0)
                return 0;
            q += 4;
        }
        if (*q != ':' || !isdigit((unsigned char)q[1]))
            return 0;
        *title = documents[d].title;
        return (size_t)(q - p);
    }
    return 0;
}

/* The part of an absolute path inside the source tree (after its last
 * "/data/", "/scenarios/" or "/docs/"), or its file name. */
static const char *tree_part(const char *path, size_t n)
{
    static const char *const roots[] = {"/data/", "/scenarios/", "/docs/", "/tests/"};
    const char *best = NULL;
    for (size_t k = 0; k < sizeof roots / sizeof roots[0]; k++)
        for (const char *q = path; (q = strstr(q, roots[k])) && q < path + n; q++)
            best = !best || q > best ? q : best;
    if (best)
        return best + 1;
    const char *slash = path;
    for (const char *q = path; q < path + n; q++)
        if (*q == '/')
            slash = q + 1;
    return slash;
}

static int word_start(const char *s, const char *p)
{
    return p == s || !(isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == '/');
}

/* Drop "by " or "seed "/"seed document " just written before a removed or
 * replaced token. */
static void drop_tail(vs_buf *out, const char *word)
{
    size_t n = strlen(word);
    if (out->len >= n && strncmp(out->s + out->len - n, word, n) == 0) {
        out->len -= n;
        out->s[out->len] = '\0';
    }
}

void vsi_cite_clean(vs_buf *out, const char *s)
{
    const char *p = s;
    while (p && *p) {
        const char *title;
        size_t n;
        if (word_start(s, p) && (n = seed_at(p, &title))) {
            drop_tail(out, "seed document ");
            drop_tail(out, "seed ");
            p += n + 1; /* the line range follows the colon */
            size_t digits = strspn(p, "0123456789");
            vs_buf_printf(out, "%s%s ", title, p[digits] == '-' ? "s" : "");
            for (; isdigit((unsigned char)*p) || *p == '-'; p++)
                vs_buf_puts(out, *p == '-' ? "\xe2\x80\x93" : (char[2]){*p, 0});
        } else if (word_start(s, p) && strncmp(p, "vs_", 3) == 0) {
            while (isalnum((unsigned char)*p) || *p == '_')
                p++;
            if (strncmp(p, ", ", 2) == 0)
                p += 2;
            drop_tail(out, "by ");
            if (*p == ':')
                drop_tail(out, " ");
        } else if (*p == '/' && (p == s || p[-1] == ' ' || p[-1] == '(')
                   && (isalnum((unsigned char)p[1]) || p[1] == '_' || p[1] == '.')) {
            n = strcspn(p, " ,;)\"'");
            const char *keep = tree_part(p, n);
            vs_buf_put(out, keep, (size_t)(p + n - keep));
            p += n;
        } else
            vs_buf_put(out, p++, 1);
    }
}
