/*
 * run.c: the run pipeline behind "vardsim run" and its atomic run directory.
 *
 * Order: check the target, load the scenario and the region (input errors
 * stop here, before anything is written), remove stale temporary directories
 * of this target, create OUT.tmp-XXXXXX, write results.sqlite in one
 * transaction (run header, parameters, then every stage), read the store back
 * to draw report.html, export the tables as CSV, flush, and rename into place.
 * Any failure or cancellation removes the temporary directory; OUT is only
 * ever replaced by a complete directory, atomically (renameat2 with
 * RENAME_EXCHANGE where the kernel and file system support it, else rename
 * OUT away, rename the new one in, remove the old one).
 *
 * Ownership of temporary directories: each holds a file ".vardsim-owner"
 * with the pid of the process writing it.  A later run of the same target
 * removes OUT.tmp-* and OUT.old-* directories whose owner is no longer alive
 * (a run killed with SIGKILL cannot clean up after itself).
 */
#define _GNU_SOURCE /* renameat2, nftw */
#include "vardsim/run.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "vardsim/report.h"
#include "vardsim/store.h"
#include "core/strbuf.h"

#define OWNER_FILE ".vardsim-owner"

/* ---- file system helpers ---------------------------------------------------- */

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path) != 0 && errno != ENOENT;
}

/* Remove a directory tree (no symlinks followed). */
static int remove_tree(const char *path)
{
    return nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int is_dir(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* A directory we may replace: empty, or holding results.sqlite. */
static int replaceable(const char *dir)
{
    char p[VS_SCENARIO_PATH_MAX + 32];
    snprintf(p, sizeof p, "%s/results.sqlite", dir);
    if (access(p, F_OK) == 0)
        return 1;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    int empty = 1;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            empty = 0;
    closedir(d);
    return empty;
}

/* Split out into parent directory and base name. */
static int split_path(const char *out, char *parent, size_t pcap, char *base, size_t bcap)
{
    char tmp[VS_SCENARIO_PATH_MAX];
    size_t n = strlen(out);
    if (n == 0 || n >= sizeof tmp)
        return 0;
    memcpy(tmp, out, n + 1);
    while (n > 1 && tmp[n - 1] == '/')
        tmp[--n] = '\0';
    char *slash = strrchr(tmp, '/');
    const char *b = slash ? slash + 1 : tmp;
    if (!*b || strcmp(b, ".") == 0 || strcmp(b, "..") == 0)
        return 0;
    if (slash == tmp)
        snprintf(parent, pcap, "/");
    else if (slash) {
        *slash = '\0';
        snprintf(parent, pcap, "%s", tmp);
    } else
        snprintf(parent, pcap, ".");
    snprintf(base, bcap, "%s", b);
    return 1;
}

/* Remove OUT.tmp-* and OUT.old-* directories in parent whose owner process is
 * gone (or that have no owner file). */
static void clean_stale(const char *parent, const char *base)
{
    DIR *d = opendir(parent);
    if (!d)
        return;
    char pre_tmp[300], pre_old[300];
    snprintf(pre_tmp, sizeof pre_tmp, "%s.tmp-", base);
    snprintf(pre_old, sizeof pre_old, "%s.old-", base);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, pre_tmp, strlen(pre_tmp)) != 0
            && strncmp(e->d_name, pre_old, strlen(pre_old)) != 0)
            continue;
        char path[VS_SCENARIO_PATH_MAX + 300], owner[VS_SCENARIO_PATH_MAX + 340];
        snprintf(path, sizeof path, "%s/%s", parent, e->d_name);
        if (!is_dir(path))
            continue;
        snprintf(owner, sizeof owner, "%s/%s", path, OWNER_FILE);
        FILE *f = fopen(owner, "r");
        long pid = 0;
        if (f) {
            if (fscanf(f, "%ld", &pid) != 1)
                pid = 0;
            fclose(f);
        }
        if (pid > 0 && pid != (long)getpid() && (kill((pid_t)pid, 0) == 0 || errno == EPERM))
            continue; /* another live run owns it */
        remove_tree(path);
    }
    closedir(d);
}

/* fsync every regular file in dir, then dir itself. */
static int sync_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *e;
    int bad = 0;
    while ((e = readdir(d))) {
        char p[VS_SCENARIO_PATH_MAX + 300];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat sb;
        if (lstat(p, &sb) != 0 || !S_ISREG(sb.st_mode))
            continue;
        int fd = open(p, O_RDONLY);
        if (fd < 0 || fsync(fd) != 0)
            bad = 1;
        if (fd >= 0)
            close(fd);
    }
    closedir(d);
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    return bad ? -1 : 0;
}

/* ---- the pipeline ------------------------------------------------------------------ */

static int cancelled(const vs_run_options *o) { return o->cancel && *o->cancel; }

/* Test hook: after stage `name`, announce and wait (cancellable). */
static vs_status maybe_pause(vs_ctx *ctx, const vs_run_options *o, const char *name,
                             const char *tmpdir)
{
    if (cancelled(o))
        return vs_ctx_fail(ctx, VS_ERUNTIME, "run interrupted");
    if (!o->test_pause_after || strcmp(o->test_pause_after, name) != 0)
        return VS_OK;
    fprintf(stderr, "vardsim run: test pause after stage %s (pid %ld, %s)\n", name,
            (long)getpid(), tmpdir);
    fflush(stderr);
    for (int i = 0; i < 600 && !cancelled(o); i++) {
        struct timespec ts = {0, 100000000};
        nanosleep(&ts, NULL);
    }
    if (cancelled(o))
        return vs_ctx_fail(ctx, VS_ERUNTIME, "run interrupted");
    return VS_OK;
}

/* ---- the store, the stages, the report ------------------------------------------ */

static vs_status put_param(vs_ctx *ctx, void *user, const char *key, const char *value,
                           const char *source)
{
    const vs_store_run *run = ((void **)user)[1];
    return vs_store_put_parameter(ctx, ((void **)user)[0], run->run_id, key, value, source);
}

/* The run header and every parameter: the scenario's and the effective years. */
static vs_status write_header(vs_ctx *ctx, vs_store *st, const vs_run_options *o,
                              const vs_scenario *sc, const vs_region *rg, vs_store_run *run)
{
    *run = (vs_store_run){0,       sc->name,
                          sc->path, sc->hash,
                          sc->text, rg->name,
                          rg->dir, sc->simulation.seed,
                          sc->simulation.replications, sc->simulation.threads,
                          vs_version(), o->created_at};
    void *u[2] = {st, run};
    vs_status s = vs_store_add_run(ctx, st, run);
    if (s || (s = vs_scenario_each_parameter(ctx, sc, put_param, u)))
        return s;
    char *by = vsi_strdup_printf("%d", sc->base_year);
    char *hy = vsi_strdup_printf("%d", sc->horizon_year);
    if (!by || !hy)
        s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    else if (!(s = vs_store_put_parameter(ctx, st, run->run_id, "effective.base_year", by,
                                          "scenario file, else the region's base year")))
        s = vs_store_put_parameter(ctx, st, run->run_id, "effective.horizon_year", hy,
                                   "scenario file, else the base year");
    free(by);
    free(hy);
    return s;
}

/* Every stage in order: a snapshot stage once for the base year, a per-year
 * stage for each year base_year..horizon_year; the pause hook and the
 * cancellation check after each stage. */
static vs_status run_stages(vs_ctx *ctx, const vs_run_options *o, const vs_scenario *sc,
                            const vs_region *rg, vs_store *st, int64_t run_id, const char *tmp)
{
    vs_status s;
    for (int i = 0; i < o->n_stages; i++) {
        const vs_run_stage *g = &o->stages[i];
        int last = g->per_year ? sc->horizon_year : sc->base_year;
        for (int year = sc->base_year; year <= last; year++)
            if ((s = g->fn(ctx, sc, rg, st, run_id, year, g->user)))
                return s;
        if ((s = maybe_pause(ctx, o, g->name ? g->name : "", tmp)))
            return s;
    }
    return VS_OK;
}

/* Rows in metrics and scorecard of run_id into res. */
static vs_status count_rows(vs_ctx *ctx, vs_store *st, int64_t run_id, vs_run_result *res)
{
    vs_metric_list *ml = NULL;
    vs_score_list *sl = NULL;
    vs_status s = vs_store_read_metrics(ctx, st, run_id, &ml);
    if (!s)
        s = vs_store_read_scorecard(ctx, st, run_id, &sl);
    if (!s) {
        res->n_metrics = ml->n;
        res->n_scorecard = sl->n;
    }
    vs_metric_list_free(ml);
    vs_score_list_free(sl);
    return s;
}

/* "dir/name" into a buffer of cap bytes; VS_EUSAGE when it does not fit. */
static vs_status path_into(vs_ctx *ctx, char *buf, size_t cap, const char *dir, const char *name)
{
    size_t d = strlen(dir), n = strlen(name);
    if (d + 1 + n >= cap)
        return vs_ctx_fail(ctx, VS_EUSAGE, "run: path '%s/%s' is too long", dir, name);
    memcpy(buf, dir, d);
    buf[d] = '/';
    memcpy(buf + d + 1, name, n + 1);
    return VS_OK;
}

/* Write the store at db: the run header, the parameters and every stage in
 * one transaction; *run_id set.  Then report.html at html, drawn from the
 * store, and the CSV exports into tmp; res gets the counts. */
static vs_status write_store(vs_ctx *ctx, const vs_run_options *o, const vs_scenario *sc,
                             const vs_region *rg, const char *tmp, vs_run_result *res)
{
    vs_store *st = NULL;
    vs_store_run run;
    char *db = vsi_strdup_printf("%s/results.sqlite", tmp);
    char *html = vsi_strdup_printf("%s/report.html", tmp);
    char *geo = vsi_strdup_printf("%s/areas.geojson", rg->dir);
    vs_status s = VS_OK;
    if (!db || !html || !geo) {
        s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        goto done;
    }
    if ((s = vs_store_open(ctx, db, 1, &st)) || (s = vs_store_begin(ctx, st))
        || (s = write_header(ctx, st, o, sc, rg, &run)))
        goto done;
    res->run_id = run.run_id;
    if ((s = run_stages(ctx, o, sc, rg, st, run.run_id, tmp)) || (s = vs_store_commit(ctx, st))
        || (s = vs_run_write_report(ctx, st, run.run_id, o->targets, geo, html))
        || (s = maybe_pause(ctx, o, "report", tmp)) || (s = vs_store_export_csv(ctx, st, tmp))
        || (s = maybe_pause(ctx, o, "export", tmp)))
        goto done;
    s = count_rows(ctx, st, run.run_id, res);
done:
    vs_store_close(st); /* rolls back an open transaction */
    free(db);
    free(html);
    free(geo);
    return s;
}

/* Everything inside the temporary directory tmp (write_store); res gets the
 * final paths under out. */
static vs_status write_run(vs_ctx *ctx, const vs_run_options *o, const vs_scenario *sc,
                           const vs_region *rg, const char *tmp, const char *out,
                           vs_run_result *res)
{
    vs_status s = path_into(ctx, res->store_path, sizeof res->store_path, out, "results.sqlite");
    if (s || (s = path_into(ctx, res->report_path, sizeof res->report_path, out, "report.html")))
        return s;
    return write_store(ctx, o, sc, rg, tmp, res);
}

vs_status vs_run_execute(vs_ctx *ctx, const vs_run_options *o, vs_run_result *res)
{
    memset(res, 0, sizeof *res);
    if (!o || !o->scenario_path || !o->out_dir || !o->created_at || !*o->created_at)
        return vs_ctx_fail(ctx, VS_EUSAGE, "run: scenario, output directory and time required");
    char parent[VS_SCENARIO_PATH_MAX], base[256];
    if (!split_path(o->out_dir, parent, sizeof parent, base, sizeof base))
        return vs_ctx_fail(ctx, VS_EUSAGE, "run: '%s' is not a usable output directory",
                           o->out_dir);
    char out[VS_SCENARIO_PATH_MAX + 300];
    snprintf(out, sizeof out, "%s/%s", parent, base);
    if (!is_dir(parent))
        return vs_ctx_fail(ctx, VS_EUSAGE, "run: parent directory '%s' does not exist", parent);
    int exists = access(out, F_OK) == 0;
    if (exists && !o->force)
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "run: output directory '%s' exists (use --force to replace it)", out);
    if (exists && (!is_dir(out) || !replaceable(out)))
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "run: '%s' is not a vardsim run directory (no results.sqlite) and "
                           "not empty; refusing to replace it",
                           out);

    vs_scenario *sc = NULL;
    vs_region *rg = NULL;
    vs_store *st = NULL;
    char tmp[VS_SCENARIO_PATH_MAX + 300] = "";
    vs_status s = vs_scenario_load(ctx, o->scenario_path, &sc);
    if (!s) {
        const char *rdir = sc->region_dir[0] ? sc->region_dir : o->default_region;
        if (!rdir)
            s = vs_ctx_fail(ctx, VS_EUSAGE, "run: the scenario names no region and there is "
                                            "no default region");
        else
            s = vs_region_load(ctx, rdir, &rg);
    }
    if (!s && !sc->base_year)
        sc->base_year = rg->base_year;
    if (!s && !sc->horizon_year)
        sc->horizon_year = sc->base_year;
    if (!s && sc->horizon_year < sc->base_year)
        s = vs_ctx_fail(ctx, VS_EINPUT,
                        "%s: field horizon_year: %d is before the base year %d (from the region)",
                        sc->path, sc->horizon_year, sc->base_year);
    if (s)
        goto fail;

    clean_stale(parent, base);
    snprintf(tmp, sizeof tmp, "%s/%s.tmp-XXXXXX", parent, base);
    if (!mkdtemp(tmp)) {
        s = vs_ctx_fail(ctx, VS_EIO, "run: cannot create a temporary directory beside '%s': %s",
                        out, strerror(errno));
        tmp[0] = '\0';
        goto fail;
    }
    {
        /* mkdtemp makes the directory 0700; give it the mode a plain mkdir
         * would have */
        mode_t mask = umask(0);
        umask(mask);
        chmod(tmp, 0777 & ~mask);
        char owner[sizeof tmp + 32];
        snprintf(owner, sizeof owner, "%s/%s", tmp, OWNER_FILE);
        FILE *f = fopen(owner, "w");
        if (!f || fprintf(f, "%ld\n", (long)getpid()) < 0 || fclose(f) != 0) {
            s = vs_ctx_fail(ctx, VS_EIO, "run: cannot write %s", owner);
            goto fail;
        }
    }
    if ((s = write_run(ctx, o, sc, rg, tmp, out, res)))
        goto fail;
    res->population = rg->population;
    vs_store_close(st);
    st = NULL;
    {
        char owner[sizeof tmp + 32];
        snprintf(owner, sizeof owner, "%s/%s", tmp, OWNER_FILE);
        remove(owner);
    }
    if (sync_dir(tmp) != 0) {
        s = vs_ctx_fail(ctx, VS_EIO, "run: cannot flush %s", tmp);
        goto fail;
    }
    if (cancelled(o)) {
        s = vs_ctx_fail(ctx, VS_ERUNTIME, "run interrupted");
        goto fail;
    }
    /* into place */
    if (access(out, F_OK) == 0) {
        if (renameat2(AT_FDCWD, tmp, AT_FDCWD, out, RENAME_EXCHANGE) == 0) {
            remove_tree(tmp); /* now the previous run */
        } else if (errno == EINVAL || errno == ENOSYS || errno == EXDEV) {
            char old[sizeof tmp + 16];
            snprintf(old, sizeof old, "%s/%s.old-XXXXXX", parent, base);
            if (!mkdtemp(old) || rmdir(old) != 0 || rename(out, old) != 0) {
                s = vs_ctx_fail(ctx, VS_EIO, "run: cannot move '%s' aside: %s", out,
                                strerror(errno));
                goto fail;
            }
            if (rename(tmp, out) != 0) {
                int e = errno;
                rename(old, out); /* put the previous run back */
                s = vs_ctx_fail(ctx, VS_EIO, "run: cannot rename into '%s': %s", out,
                                strerror(e));
                goto fail;
            }
            remove_tree(old);
        } else {
            s = vs_ctx_fail(ctx, VS_EIO, "run: cannot replace '%s': %s", out, strerror(errno));
            goto fail;
        }
    } else if (rename(tmp, out) != 0) {
        s = vs_ctx_fail(ctx, VS_EIO, "run: cannot rename into '%s': %s", out, strerror(errno));
        goto fail;
    }
    {
        int fd = open(parent, O_RDONLY | O_DIRECTORY);
        if (fd >= 0) {
            fsync(fd);
            close(fd);
        }
    }
    vs_region_destroy(rg);
    vs_scenario_destroy(sc);
    return VS_OK;
fail:
    vs_store_close(st); /* rolls back an open transaction */
    if (tmp[0])
        remove_tree(tmp);
    vs_region_destroy(rg);
    vs_scenario_destroy(sc);
    {
        vs_run_result z;
        memset(&z, 0, sizeof z);
        *res = z;
    }
    return s;
}
