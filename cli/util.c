/*
 * util.c: option parsing, number conversion, JSON printing and default paths
 * shared by the commands.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

int cli_parse(const char *cmd, int argc, char **argv, const cli_opt *opts, const char **pos,
              int maxpos, int *npos)
{
    *npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fprintf(stderr, "vardsim %s: see 'vardsim help %s'\n", cmd, cmd);
            return 2;
        }
        if (strncmp(a, "--", 2) != 0 || strcmp(a, "--") == 0) {
            if (*npos >= maxpos) {
                fprintf(stderr, "vardsim %s: unexpected argument '%s' (see 'vardsim help %s')\n",
                        cmd, a, cmd);
                return 2;
            }
            pos[(*npos)++] = a;
            continue;
        }
        const char *eq = strchr(a, '=');
        size_t len = eq ? (size_t)(eq - a) : strlen(a);
        const cli_opt *o = NULL;
        for (const cli_opt *p = opts; p && p->name; p++)
            if (strlen(p->name) == len && strncmp(p->name, a, len) == 0)
                o = p;
        if (!o) {
            fprintf(stderr, "vardsim %s: unknown option '%.*s' (see 'vardsim help %s')\n", cmd,
                    (int)len, a, cmd);
            return 2;
        }
        if (!o->has_value) {
            if (eq) {
                fprintf(stderr, "vardsim %s: option %s takes no value\n", cmd, o->name);
                return 2;
            }
            *o->flag = 1;
            continue;
        }
        if (eq)
            *o->value = eq + 1;
        else if (i + 1 < argc)
            *o->value = argv[++i];
        else {
            fprintf(stderr, "vardsim %s: option %s needs a value\n", cmd, o->name);
            return 2;
        }
    }
    return 0;
}

int cli_double(const char *cmd, const char *opt, const char *s, double min, double max,
               double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (!*s || *end || errno == ERANGE || !isfinite(v)) {
        fprintf(stderr, "vardsim %s: option %s: '%s' is not a number\n", cmd, opt, s);
        return 2;
    }
    if (v < min || v > max) {
        fprintf(stderr, "vardsim %s: option %s: %s is out of range [%g, %g]\n", cmd, opt, s, min,
                max);
        return 2;
    }
    *out = v;
    return 0;
}

int cli_long(const char *cmd, const char *opt, const char *s, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno == ERANGE) {
        fprintf(stderr, "vardsim %s: option %s: '%s' is not an integer\n", cmd, opt, s);
        return 2;
    }
    if (v < min || v > max) {
        fprintf(stderr, "vardsim %s: option %s: %s is out of range [%ld, %ld]\n", cmd, opt, s, min,
                max);
        return 2;
    }
    *out = v;
    return 0;
}

/* Does dir hold data/stockholm/region.json? */
static int is_home(const char *dir)
{
    char probe[4300];
    snprintf(probe, sizeof probe, "%s/data/stockholm/region.json", dir);
    return access(probe, R_OK) == 0;
}

/* The directory holding data/ and scenarios/, found once per process (cached
 * in a static buffer, never changed afterwards): $VARDSIM_HOME; else, from
 * the running executable, the directory above it when it holds data/ (the
 * build directory of a source tree, build/vardsim), or ../share/vardsim
 * beside it (an installed or relocated install); else the compiled-in
 * install path.  No path of the source tree is compiled in. */
const char *cli_home_dir(void)
{
    static char buf[4096];
    if (buf[0])
        return buf;
    const char *env = getenv("VARDSIM_HOME");
    if (env && *env) {
        snprintf(buf, sizeof buf, "%s", env);
        return buf;
    }
    char exe[3000];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash = n > 0 ? (exe[n] = '\0', strrchr(exe, '/')) : NULL;
    if (slash) {
        *slash = '\0';
        const char *rel[] = {"/..", "/../share/vardsim"};
        for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
            char cand[3100], real[PATH_MAX];
            snprintf(cand, sizeof cand, "%s%s", exe, rel[i]);
            if (is_home(cand) && realpath(cand, real)) {
                snprintf(buf, sizeof buf, "%s", real);
                return buf;
            }
        }
    }
    snprintf(buf, sizeof buf, "%s", VS_INSTALL_DATADIR);
    return buf;
}

const char *cli_data_dir(void)
{
    static char buf[4200];
    if (!buf[0])
        snprintf(buf, sizeof buf, "%s/data", cli_home_dir());
    return buf;
}

const char *cli_scenario_dir(void)
{
    static char buf[4200];
    if (!buf[0])
        snprintf(buf, sizeof buf, "%s/scenarios", cli_home_dir());
    return buf;
}

const char *cli_default_region(void)
{
    static char buf[4400];
    const char *env = getenv("VARDSIM_REGION");
    if (env && *env)
        return env;
    snprintf(buf, sizeof buf, "%s/stockholm", cli_data_dir());
    return buf;
}

int cli_fail(vs_ctx *ctx, vs_status st)
{
    cli_progress_clear();
    fprintf(stderr, "vardsim: %s\n", vs_ctx_message(ctx)[0] ? vs_ctx_message(ctx)
                                                              : vs_status_name(st));
    return st == VS_EINTERRUPTED ? cli_interrupted_exit_code() : vs_status_exit_code(st);
}

json_t *cli_json_num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

int cli_print_json(json_t *value)
{
    char *s = json_dumps(value, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(value);
    if (!s) {
        fprintf(stderr, "vardsim: out of memory writing JSON\n");
        return 1;
    }
    int bad = fputs(s, stdout) < 0 || fputc('\n', stdout) == EOF || fflush(stdout) != 0;
    free(s);
    if (bad) {
        fprintf(stderr, "vardsim: cannot write to standard output\n");
        return 1;
    }
    return 0;
}

const char *cli_thousands(long long v, char *buf, size_t cap)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%lld", v < 0 ? -v : v);
    size_t o = 0;
    if (v < 0 && o + 1 < cap)
        buf[o++] = '-';
    for (int i = 0; i < n && o + 2 < cap; i++) {
        buf[o++] = tmp[i];
        if ((n - i - 1) % 3 == 0 && i != n - 1)
            buf[o++] = ',';
    }
    buf[o] = '\0';
    return buf;
}

const char *cli_pad(const char *s, int width, char *buf, size_t cap)
{
    /* Count code points, not bytes, so that "Södertälje" lines up. */
    int chars = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            chars++;
    int n = snprintf(buf, cap, "%s", s);
    for (; chars < width && n >= 0 && (size_t)n + 1 < cap; chars++)
        buf[n++] = ' ', buf[n] = '\0';
    return buf;
}

vs_status cli_region_params(vs_ctx *ctx, const char *region_dir)
{
    char dir[4500];
    struct stat sb;
    snprintf(dir, sizeof dir, "%s/parameters", region_dir ? region_dir : cli_default_region());
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return VS_OK;
    return vs_ctx_set_param_overrides(ctx, dir);
}

/* The time a run records as created_at (ISO 8601 UTC): the clock, or
 * SOURCE_DATE_EPOCH when set (reproducible runs).  Returns 0, or an exit
 * status after printing "vardsim CMD: ..." to stderr. */
int cli_created_at(const char *cmd, char *buf, size_t cap)
{
    time_t t = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (*end || errno || v < 0) {
            fprintf(stderr, "vardsim %s: SOURCE_DATE_EPOCH '%s' is not a count of seconds\n",
                    cmd, sde);
            return 2;
        }
        t = (time_t)v;
    }
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm)) {
        fprintf(stderr, "vardsim %s: cannot format the time\n", cmd);
        return 1;
    }
    return 0;
}
