/*
 * shard.c: the task and replay backends of work-unit phases (--task K
 * --tasks N and vardsim merge), the shard file, and the atomic output
 * directory of a command (shard.h says how a command uses them).
 *
 * The shard file OUT/shard.sqlite (format 1) has three tables:
 *
 *   shard(format, command, args, version, cwd, env_home, env_region, task, tasks,
 *         byte_order)
 *       one row: args is a JSON array of the command's arguments without
 *       the options that change no number; env_* are VARDSIM_HOME and
 *       VARDSIM_REGION as the task saw them (NULL when unset); byte_order
 *       "little" or "big", the records' (merge needs its own)
 *   phases(seq, name, n, record_bytes, lo, hi, fnv1a64)
 *       one row per phase the command ran, in order; the task's block is
 *       units lo..hi-1 (vs_units_share); fnv1a64 is the 64-bit FNV-1a hash
 *       of the block's records in unit order, as 16 hex digits
 *   records(seq, unit, data)
 *       one row per unit of the block: its record, record_bytes bytes, as
 *       the unit wrote it
 *
 * A whole phase's records may exceed SQLite's largest BLOB (a million
 * forecast runs), one unit's never does: hence a row per unit.  The hash
 * catches damage SQLite's own checks cannot (a changed byte in a record).
 */
#define _GNU_SOURCE /* renameat2 */
#include "shard.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SHARD_FORMAT 1
#define SHARD_FILE "shard.sqlite"

static const char *const shard_own[] = {SHARD_FILE, SHARD_FILE "-journal", NULL};

struct cli_shard_phase {
    int seq;
    char *name;
    int n;
    size_t size;
    int lo, hi;
    unsigned char *rec; /* (hi - lo) * size bytes */
};

/* One phase as the shards hold it (replay). */
typedef struct set_phase {
    int seq;
    char *name;
    int n;
    size_t size;
    int served; /* handed to the command by the replay backend */
} set_phase;

struct cli_shard_set {
    int tasks;          /* N */
    char **dir;         /* dir[k]: the directory of task k, as given (messages) */
    char **path;        /* path[k]: its shard file, absolute (merge replays the
                           command in the tasks' working directory) */
    char *command, *version, *cwd, *env_home, *env_region;
    char *args_text;    /* the JSON array as stored (compared byte for byte) */
    const char **args;  /* its strings */
    int n_args;
    json_t *args_json;  /* owns the strings of args */
    set_phase *ph;
    int n_ph;
};

/* "little" or "big": the byte order of the records this machine writes. */
static const char *byte_order(void)
{
    const uint16_t one = 1;
    return *(const unsigned char *)&one ? "little" : "big";
}

/* The set replaying the next cli_shard_init of its command (merge sets it;
 * one command runs per process). */
static cli_shard_set *g_replay;

/* ---- small helpers ------------------------------------------------------- */

static void say(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    cli_progress_clear();
    fprintf(stderr, "vardsim %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}


/* 64-bit FNV-1a, continued from h (start with FNV_OFFSET). */
#define FNV_OFFSET 14695981039346656037ULL
static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static char *join_path(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s/%s", a, b);
    return s;
}

/* out without trailing slashes (a new string), or NULL when out names no
 * new directory ("", ".", "..", ending in "/." or "/.."). */
static char *clean_out(const char *out)
{
    size_t n = strlen(out);
    while (n > 1 && out[n - 1] == '/')
        n--;
    char *s = strndup(out, n);
    if (!s)
        return NULL;
    const char *base = strrchr(s, '/') ? strrchr(s, '/') + 1 : s;
    if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
        free(s);
        return NULL;
    }
    return s;
}

/* The parent directory of a cleaned out (a new string). */
static char *parent_of(const char *o)
{
    const char *slash = strrchr(o, '/');
    if (!slash)
        return strdup(".");
    if (slash == o)
        return strdup("/");
    return strndup(o, (size_t)(slash - o));
}

static int named_in(const char *name, const char *const *own)
{
    for (; own && *own; own++)
        if (!strcmp(name, *own))
            return 1;
    return 0;
}

/* Count dir's entries into *n; returns 1 when each is a regular file named
 * in own, 0 otherwise, -1 when dir cannot be read. */
static int only_own(const char *dir, const char *const *own, int *n)
{
    DIR *d = opendir(dir);
    *n = 0;
    if (!d)
        return -1;
    int ok = 1;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        struct stat sb;
        (*n)++;
        if (!named_in(e->d_name, own) ||
            fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(sb.st_mode))
            ok = 0;
    }
    closedir(d);
    return ok;
}

/* Remove the files named in own from dir, then dir (left when anything else
 * is in it). */
static void remove_own(const char *dir, const char *const *own)
{
    for (; own && *own; own++) {
        char *p = join_path(dir, *own);
        if (p)
            unlink(p);
        free(p);
    }
    rmdir(dir);
}

/* fsync every regular file in dir, then dir.  0, or -1 on failure. */
static int sync_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int bad = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        struct stat sb;
        if (fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(sb.st_mode))
            continue;
        int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0 || fsync(fd) != 0)
            bad = 1;
        if (fd >= 0)
            close(fd);
    }
    if (fsync(dirfd(d)) != 0 && errno != EINVAL)
        bad = 1;
    closedir(d);
    return bad ? -1 : 0;
}

/* ---- the output directory ------------------------------------------------ */

int cli_outdir_check(const char *cmd, const char *out, int force, const char *const *own)
{
    char *o = clean_out(out);
    if (!o) {
        say(cmd, "option --out: '%s' does not name a new directory", out);
        return 2;
    }
    struct stat sb;
    int rc = 0;
    if (lstat(o, &sb) != 0) {
        int e = errno;
        char *parent = parent_of(o);
        if (e != ENOENT) {
            say(cmd, "option --out: cannot use '%s': %s", out, strerror(e));
            rc = 2;
        } else if (!parent || stat(parent, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
            say(cmd, "option --out: the directory '%s' that would hold '%s' does not exist",
                parent ? parent : "?", out);
            rc = 2;
        }
        free(parent);
    } else if (!S_ISDIR(sb.st_mode)) {
        say(cmd, "option --out: '%s' exists and is not a directory; nothing written", out);
        rc = 2;
    } else {
        int n, mine = only_own(o, own, &n);
        if (mine < 0) {
            say(cmd, "option --out: cannot read '%s': %s", out, strerror(errno));
            rc = 2;
        } else if (n > 0 && !(force && mine == 1)) {
            if (force)
                say(cmd, "option --out: '%s' holds files that %s does not write; left alone, "
                         "nothing written", out, cmd);
            else
                say(cmd, "option --out: '%s' already exists and is not empty; nothing written "
                         "(--force replaces a directory that %s wrote)", out, cmd);
            rc = 2;
        }
    }
    free(o);
    return rc;
}

int cli_outdir_begin(const char *cmd, const char *out, char **tmp)
{
    *tmp = NULL;
    char *o = clean_out(out);
    size_t n = o ? strlen(o) + 16 : 0;
    char *t = o ? malloc(n) : NULL;
    if (!t) {
        free(o);
        say(cmd, "out of memory");
        return 1;
    }
    snprintf(t, n, "%s.tmp-XXXXXX", o);
    free(o);
    if (!mkdtemp(t)) {
        say(cmd, "cannot create a temporary directory beside '%s': %s", out, strerror(errno));
        free(t);
        return 1;
    }
    /* mkdtemp makes it 0700; give it the mode a plain mkdir would have */
    mode_t mask = umask(0);
    umask(mask);
    chmod(t, 0777 & ~mask);
    *tmp = t;
    return 0;
}

void cli_outdir_abort(char *tmp, const char *const *own)
{
    if (tmp)
        remove_own(tmp, own);
    free(tmp);
}

/* Move tmp into place over the existing directory o (empty, or with force
 * holding own files only).  0, or 2 when o changed, or 1. */
static int replace_existing(const char *cmd, const char *tmp, const char *o, int force,
                            const char *const *own)
{
    int n, mine = only_own(o, own, &n);
    if (n == 0) { /* an empty directory: rename replaces it, atomically */
        if (rename(tmp, o) == 0)
            return 0;
        if (errno != ENOTEMPTY && errno != EEXIST) {
            say(cmd, "cannot rename into '%s': %s", o, strerror(errno));
            return 1;
        }
    } else if (force && mine == 1) {
        if (renameat2(AT_FDCWD, tmp, AT_FDCWD, o, RENAME_EXCHANGE) != 0) {
            say(cmd, "cannot replace '%s' atomically: %s", o, strerror(errno));
            return 1;
        }
        /* tmp names the previous directory now: still nothing but own files? */
        if (only_own(tmp, own, &n) == 1) {
            remove_own(tmp, own);
            return 0;
        }
        renameat2(AT_FDCWD, tmp, AT_FDCWD, o, RENAME_EXCHANGE);
    }
    say(cmd, "'%s' changed while %s was computing; left alone, nothing written", o, cmd);
    return 2;
}

int cli_outdir_end(const char *cmd, char *tmp, const char *out, int force,
                   const char *const *own)
{
    char *o = clean_out(out), *parent = o ? parent_of(o) : NULL;
    int rc = 0;
    struct stat sb;
    if (!parent) {
        say(cmd, "out of memory");
        rc = 1;
    } else if (sync_dir(tmp) != 0) {
        say(cmd, "cannot flush '%s' to disk: %s", tmp, strerror(errno));
        rc = 1;
    } else if (lstat(o, &sb) == 0) {
        rc = S_ISDIR(sb.st_mode) ? replace_existing(cmd, tmp, o, force, own) : 2;
        if (!S_ISDIR(sb.st_mode))
            say(cmd, "'%s' appeared while %s was computing; left alone, nothing written", out,
                cmd);
    } else if (renameat2(AT_FDCWD, tmp, AT_FDCWD, o, RENAME_NOREPLACE) != 0) {
        if (errno == EEXIST || errno == ENOTEMPTY) {
            say(cmd, "'%s' appeared while %s was computing; left alone, nothing written", out,
                cmd);
            rc = 2;
        } else if ((errno != EINVAL && errno != ENOSYS) || rename(tmp, o) != 0) {
            /* no RENAME_NOREPLACE on this file system: a plain rename, which
             * can only replace an empty directory that appeared meanwhile */
            say(cmd, "cannot rename into '%s': %s", out, strerror(errno));
            rc = 1;
        }
    }
    if (rc) {
        remove_own(tmp, own);
    } else {
        int fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0) {
            fsync(fd);
            close(fd);
        }
    }
    free(o);
    free(parent);
    free(tmp);
    return rc;
}

/* Write len bytes of s (and a newline) to the new file path. */
static int write_file(const char *path, const char *s, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0)
        return -1;
    int bad = 0;
    for (size_t done = 0; !bad && done < len + 1;) {
        ssize_t w = done < len ? write(fd, s + done, len - done) : write(fd, "\n", 1);
        if (w < 0 && errno != EINTR)
            bad = 1;
        else if (w > 0)
            done += (size_t)w;
    }
    if (close(fd) != 0)
        bad = 1;
    return bad ? -1 : 0;
}

int cli_emit_json(const char *cmd, json_t *doc, int print, const char *out, int force,
                  const char *file)
{
    char *s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(doc);
    if (!s) {
        say(cmd, "out of memory writing JSON");
        return 1;
    }
    int rc = 0;
    if (out) {
        const char *own[] = {file, NULL};
        char *tmp, *path = NULL;
        rc = cli_outdir_begin(cmd, out, &tmp);
        if (!rc && (!(path = join_path(tmp, file)) || write_file(path, s, strlen(s)) != 0)) {
            say(cmd, "cannot write %s into '%s': %s", file, out,
                path ? strerror(errno) : "out of memory");
            cli_outdir_abort(tmp, own);
            rc = 1;
        } else if (!rc) {
            rc = cli_outdir_end(cmd, tmp, out, force, own);
        }
        free(path);
    }
    if (!rc && print && (fputs(s, stdout) < 0 || fputc('\n', stdout) == EOF ||
                         fflush(stdout) != 0)) {
        say(cmd, "cannot write to standard output");
        rc = 1;
    }
    free(s);
    return rc;
}

/* ---- options and the recorded arguments ---------------------------------- */

/* Options that change no number: left out of the recorded arguments. */
static const struct {
    const char *name;
    int has_value;
} unrecorded[] = {{"--task", 1},  {"--tasks", 1}, {"--out", 1},
                  {"--force", 0}, {"--json", 0},  {"--threads", 1}};

/* How many arguments at argv[i] to leave out: 0, 1 or 2. */
static int unrecorded_at(int argc, char **argv, int i)
{
    for (size_t k = 0; k < sizeof unrecorded / sizeof unrecorded[0]; k++) {
        size_t n = strlen(unrecorded[k].name);
        if (!strncmp(argv[i], unrecorded[k].name, n)) {
            if (argv[i][n] == '=' && unrecorded[k].has_value)
                return 1;
            if (!argv[i][n])
                return unrecorded[k].has_value && i + 1 < argc ? 2 : 1;
        }
    }
    return 0;
}

/* The recorded arguments as a JSON array text (a new string), or NULL. */
static char *recorded_args(const cli_shard *sh)
{
    json_t *a = json_array();
    for (int i = 1; a && i < sh->argc;) {
        int skip = unrecorded_at(sh->argc, sh->argv, i);
        if (skip) {
            i += skip;
            continue;
        }
        json_array_append_new(a, json_string(sh->argv[i++]));
    }
    char *s = a ? json_dumps(a, JSON_COMPACT) : NULL;
    json_decref(a);
    return s;
}

/* A count from an option value, or from the environment for "env". */
static int task_value(const char *cmd, const char *opt, const char *s, long min, long max,
                      long *v)
{
    if (strcmp(s, "env") != 0)
        return cli_long(cmd, opt, s, min, max, v);
    int is_task = !strcmp(opt, "--task");
    const char *id = getenv(is_task ? "SLURM_ARRAY_TASK_ID" : "SLURM_ARRAY_TASK_COUNT");
    if (!id && is_task)
        id = getenv("JOB_COMPLETION_INDEX");
    if (!id) {
        say(cmd, "option %s env: %s", opt,
            is_task ? "neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set"
                    : "SLURM_ARRAY_TASK_COUNT is not set (give N, e.g. the job's completions)");
        return 2;
    }
    long base = 0;
    const char *min_env = is_task && getenv("SLURM_ARRAY_TASK_ID") ? getenv("SLURM_ARRAY_TASK_MIN")
                                                                   : NULL;
    if (min_env && cli_long(cmd, "--task env (SLURM_ARRAY_TASK_MIN)", min_env, 0, LONG_MAX / 2,
                            &base))
        return 2;
    if (cli_long(cmd, opt, id, 0, LONG_MAX / 2, v))
        return 2;
    *v -= base;
    if (*v < min || *v > max) {
        say(cmd, "option %s env: %ld is out of range [%ld, %ld]", opt, *v, min, max);
        return 2;
    }
    return 0;
}

void cli_shard_init(cli_shard *sh, const char *cmd, int argc, char **argv)
{
    memset(sh, 0, sizeof *sh);
    sh->cmd = cmd;
    sh->argc = argc;
    sh->argv = argv;
    if (g_replay && !strcmp(g_replay->command, cmd)) {
        sh->mode = CLI_SHARD_REPLAY;
        sh->set = g_replay;
        g_replay = NULL;
    }
}

int cli_shard_setup(cli_shard *sh, const char *out, int force)
{
    if (!sh->task_opt && !sh->tasks_opt)
        return 0;
    if (sh->mode == CLI_SHARD_REPLAY) {
        say(sh->cmd, "a merge replays the whole command; --task and --tasks do not apply");
        return 2;
    }
    if (!sh->task_opt || !sh->tasks_opt) {
        say(sh->cmd, "options --task and --tasks go together (task K of N tasks)");
        return 2;
    }
    long n, k;
    if (task_value(sh->cmd, "--tasks", sh->tasks_opt, 1, 1000000, &n) ||
        task_value(sh->cmd, "--task", sh->task_opt, 0, n - 1, &k))
        return 2;
    if (!out) {
        say(sh->cmd, "option --task needs --out DIR, the new directory that keeps the task's "
                     "share for 'vardsim merge'");
        return 2;
    }
    if (cli_outdir_check(sh->cmd, out, force, shard_own))
        return 2;
    sh->mode = CLI_SHARD_TASK;
    sh->task = (int)k;
    sh->tasks = (int)n;
    sh->out = out;
    sh->force = force;
    return 0;
}

int cli_shard_is_task(const cli_shard *sh) { return sh->mode == CLI_SHARD_TASK; }

/* ---- the task backend ---------------------------------------------------- */

/* A task's block as a phase of its own, for the backend the context had
 * before the task's (vardsim-mpi's ranks): unit i of the block is unit
 * lo + i of the phase. */
typedef struct block {
    const vs_units_phase *ph;
    int lo;
} block;

static vs_status block_fn(vs_ctx *ctx, int i, void *result, void *user)
{
    const block *b = user;
    return b->ph->fn(ctx, b->lo + i, result, b->ph->user);
}

static vs_status compute_block(vs_ctx *ctx, const cli_shard *sh, const vs_units_phase *ph,
                               int lo, int hi)
{
    if (!sh->prev || !sh->prev->run)
        return vs_units_compute(ctx, ph, lo, hi);
    block b = {ph, lo};
    vs_units_phase sub = *ph;
    sub.n = hi - lo;
    sub.fn = block_fn;
    sub.user = &b;
    sub.results = (unsigned char *)ph->results + (size_t)lo * ph->size;
    return sh->prev->run(ctx, &sub, sh->prev->user);
}

static vs_status task_run(vs_ctx *ctx, const vs_units_phase *ph, void *user)
{
    cli_shard *sh = user;
    int lo, hi;
    vs_units_share(ph->n, sh->task, sh->tasks, &lo, &hi);
    unsigned char *r = ph->results;
    if (ph->size) { /* the units of other tasks: zero bytes */
        memset(r, 0, (size_t)lo * ph->size);
        memset(r + (size_t)hi * ph->size, 0, (size_t)(ph->n - hi) * ph->size);
    }
    vs_status st = lo < hi ? compute_block(ctx, sh, ph, lo, hi) : VS_OK;
    if (st)
        return st;
    if (sh->n_ph == sh->cap_ph) {
        int cap = sh->cap_ph ? 2 * sh->cap_ph : 4;
        cli_shard_phase *p = realloc(sh->ph, (size_t)cap * sizeof *p);
        if (!p)
            return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        sh->ph = p;
        sh->cap_ph = cap;
    }
    cli_shard_phase *p = &sh->ph[sh->n_ph];
    size_t bytes = (size_t)(hi - lo) * ph->size;
    *p = (cli_shard_phase){ph->seq, strdup(ph->name ? ph->name : ""), ph->n, ph->size, lo, hi,
                           bytes ? malloc(bytes) : NULL};
    if (!p->name || (bytes && !p->rec)) {
        free(p->name);
        free(p->rec);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    if (bytes)
        memcpy(p->rec, r + (size_t)lo * ph->size, bytes);
    sh->n_ph++;
    return VS_OK;
}

/* ---- the replay backend -------------------------------------------------- */

static vs_status db_fail(vs_ctx *ctx, const char *dir, const char *what)
{
    return vs_ctx_fail(ctx, VS_EINPUT, "merge: %s: corrupt shard file %s (%s)", dir, SHARD_FILE,
                       what);
}

/* Read task k's block of phase p from its shard into dst (NULL: only check)
 * and check every record's length and the block's hash.  VS_EINPUT with a
 * message naming the directory. */
static vs_status read_block(vs_ctx *ctx, const cli_shard_set *set, int k, const set_phase *p,
                            unsigned char *dst)
{
    const char *dir = set->dir[k], *path = set->path[k];
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    int lo, hi;
    vs_units_share(p->n, k, set->tasks, &lo, &hi);
    vs_status st = VS_OK;
    char want[17] = "";
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT fnv1a64 FROM phases WHERE seq = ?", -1, &q, NULL) ||
        sqlite3_bind_int(q, 1, p->seq) || sqlite3_step(q) != SQLITE_ROW ||
        !sqlite3_column_text(q, 0))
        st = db_fail(ctx, dir, db ? sqlite3_errmsg(db) : "cannot open");
    else
        snprintf(want, sizeof want, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    q = NULL;
    if (!st && sqlite3_prepare_v2(db, "SELECT unit, data FROM records WHERE seq = ? ORDER BY unit",
                                  -1, &q, NULL) != SQLITE_OK)
        st = db_fail(ctx, dir, sqlite3_errmsg(db));
    if (!st)
        sqlite3_bind_int(q, 1, p->seq);
    uint64_t h = FNV_OFFSET;
    int u = lo, rc = SQLITE_DONE;
    while (!st && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        const void *b = sqlite3_column_blob(q, 1);
        size_t len = (size_t)sqlite3_column_bytes(q, 1);
        if (sqlite3_column_int(q, 0) != u || u >= hi || len != p->size || (len && !b)) {
            st = db_fail(ctx, dir, "a record is missing or has the wrong length");
            break;
        }
        h = fnv1a(h, b, len);
        if (dst)
            memcpy(dst + (size_t)(u - lo) * p->size, b, len);
        u++;
    }
    if (!st && rc != SQLITE_DONE)
        st = db_fail(ctx, dir, sqlite3_errmsg(db));
    char got[17];
    snprintf(got, sizeof got, "%016" PRIx64, h);
    if (!st && u != hi)
        st = db_fail(ctx, dir, "records are missing");
    if (!st && strcmp(got, want) != 0)
        st = db_fail(ctx, dir, "the records do not match their checksum");
    sqlite3_finalize(q);
    sqlite3_close(db);
    return st;
}

static vs_status replay_run(vs_ctx *ctx, const vs_units_phase *ph, void *user)
{
    cli_shard_set *set = user;
    if (ph->seq >= set->n_ph)
        return vs_ctx_fail(ctx, VS_EINPUT,
                           "merge: the command ran phase %d (%s), but the shards hold %d "
                           "phase(s): were the tasks run on other input files?",
                           ph->seq, ph->name, set->n_ph);
    set_phase *p = &set->ph[ph->seq];
    if (strcmp(p->name, ph->name ? ph->name : "") || p->n != ph->n || p->size != ph->size)
        return vs_ctx_fail(ctx, VS_EINPUT,
                           "merge: phase %d: the shards hold %s with %d units of %zu bytes, the "
                           "command now runs %s with %d units of %zu bytes: were the tasks run on "
                           "other input files?",
                           ph->seq, p->name, p->n, p->size, ph->name, ph->n, ph->size);
    for (int k = 0; k < set->tasks; k++) {
        int lo, hi;
        vs_units_share(p->n, k, set->tasks, &lo, &hi);
        unsigned char *dst = p->size ? (unsigned char *)ph->results + (size_t)lo * p->size : NULL;
        vs_status st = read_block(ctx, set, k, p, dst);
        if (st)
            return st;
    }
    p->served = 1;
    return VS_OK;
}

void cli_shard_attach(cli_shard *sh, vs_ctx *ctx)
{
    sh->prev = vs_ctx_units_backend(ctx); /* vardsim-mpi's, or none */
    if (sh->mode == CLI_SHARD_TASK)
        sh->be = (vs_units_backend){task_run, sh};
    else if (sh->mode == CLI_SHARD_REPLAY)
        sh->be = (vs_units_backend){replay_run, sh->set};
    else
        return;
    vs_ctx_set_units_backend(ctx, &sh->be);
}

/* ---- writing a shard ----------------------------------------------------- */

static const char shard_schema[] =
    "PRAGMA journal_mode = MEMORY;"
    "PRAGMA synchronous = OFF;" /* the directory is flushed before it is moved in */
    "BEGIN;"
    "CREATE TABLE shard(format INTEGER NOT NULL, command TEXT NOT NULL, args TEXT NOT NULL,"
    " version TEXT NOT NULL, cwd TEXT NOT NULL, env_home TEXT, env_region TEXT,"
    " task INTEGER NOT NULL, tasks INTEGER NOT NULL, byte_order TEXT NOT NULL);"
    "CREATE TABLE phases(seq INTEGER PRIMARY KEY, name TEXT NOT NULL, n INTEGER NOT NULL,"
    " record_bytes INTEGER NOT NULL, lo INTEGER NOT NULL, hi INTEGER NOT NULL,"
    " fnv1a64 TEXT NOT NULL);"
    "CREATE TABLE records(seq INTEGER NOT NULL, unit INTEGER NOT NULL, data BLOB NOT NULL,"
    " PRIMARY KEY(seq, unit)) WITHOUT ROWID;";

static int bind_text_or_null(sqlite3_stmt *q, int i, const char *s)
{
    return s ? sqlite3_bind_text(q, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(q, i);
}

/* The manifest row. */
static int put_manifest(sqlite3 *db, const cli_shard *sh)
{
    char cwd[PATH_MAX];
    char *args = recorded_args(sh);
    sqlite3_stmt *q = NULL;
    int rc = !args || !getcwd(cwd, sizeof cwd) ||
             sqlite3_prepare_v2(db, "INSERT INTO shard VALUES(?,?,?,?,?,?,?,?,?,?)", -1, &q,
                                NULL) ||
             sqlite3_bind_int(q, 1, SHARD_FORMAT) ||
             sqlite3_bind_text(q, 2, sh->cmd, -1, SQLITE_STATIC) ||
             sqlite3_bind_text(q, 3, args, -1, SQLITE_STATIC) ||
             sqlite3_bind_text(q, 4, vs_version(), -1, SQLITE_STATIC) ||
             sqlite3_bind_text(q, 5, cwd, -1, SQLITE_TRANSIENT) ||
             bind_text_or_null(q, 6, getenv("VARDSIM_HOME")) ||
             bind_text_or_null(q, 7, getenv("VARDSIM_REGION")) ||
             sqlite3_bind_int(q, 8, sh->task) || sqlite3_bind_int(q, 9, sh->tasks) ||
             sqlite3_bind_text(q, 10, byte_order(), -1, SQLITE_STATIC) ||
             sqlite3_step(q) != SQLITE_DONE;
    sqlite3_finalize(q);
    free(args);
    return rc;
}

/* Phase p's row and its records. */
static int put_phase(sqlite3 *db, const cli_shard_phase *p)
{
    char hex[17];
    uint64_t h = fnv1a(FNV_OFFSET, p->rec, (size_t)(p->hi - p->lo) * p->size);
    snprintf(hex, sizeof hex, "%016" PRIx64, h);
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(db, "INSERT INTO phases VALUES(?,?,?,?,?,?,?)", -1, &q, NULL) ||
             sqlite3_bind_int(q, 1, p->seq) ||
             sqlite3_bind_text(q, 2, p->name, -1, SQLITE_STATIC) ||
             sqlite3_bind_int(q, 3, p->n) || sqlite3_bind_int64(q, 4, (sqlite3_int64)p->size) ||
             sqlite3_bind_int(q, 5, p->lo) || sqlite3_bind_int(q, 6, p->hi) ||
             sqlite3_bind_text(q, 7, hex, -1, SQLITE_STATIC) || sqlite3_step(q) != SQLITE_DONE;
    sqlite3_finalize(q);
    q = NULL;
    if (!rc)
        rc = sqlite3_prepare_v2(db, "INSERT INTO records VALUES(?,?,?)", -1, &q, NULL);
    for (int u = p->lo; !rc && u < p->hi; u++) {
        rc = sqlite3_bind_int(q, 1, p->seq) || sqlite3_bind_int(q, 2, u) ||
             (p->size ? sqlite3_bind_blob64(q, 3, p->rec + (size_t)(u - p->lo) * p->size,
                                            p->size, SQLITE_STATIC)
                      : sqlite3_bind_zeroblob(q, 3, 0)) ||
             sqlite3_step(q) != SQLITE_DONE || sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    return rc;
}

/* Write the shard file at path.  0, or 1 after printing a message. */
static int write_shard(const cli_shard *sh, const char *path)
{
    sqlite3 *db = NULL;
    int bad = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) ||
              sqlite3_exec(db, shard_schema, NULL, NULL, NULL) || put_manifest(db, sh);
    for (int i = 0; !bad && i < sh->n_ph; i++)
        bad = put_phase(db, &sh->ph[i]);
    if (!bad)
        bad = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK;
    if (bad)
        say(sh->cmd, "cannot write %s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
    if (sqlite3_close(db) != SQLITE_OK && !bad) {
        say(sh->cmd, "cannot write %s", path);
        bad = 1;
    }
    return bad;
}

static void print_summary(const cli_shard *sh, int json)
{
    if (json) {
        json_t *o = json_object(), *a = json_array();
        json_object_set_new(o, "command", json_string(sh->cmd));
        json_object_set_new(o, "task", json_integer(sh->task));
        json_object_set_new(o, "tasks", json_integer(sh->tasks));
        json_object_set_new(o, "out", json_string(sh->out));
        for (int i = 0; i < sh->n_ph; i++) {
            const cli_shard_phase *p = &sh->ph[i];
            json_t *e = json_object();
            json_object_set_new(e, "seq", json_integer(p->seq));
            json_object_set_new(e, "name", json_string(p->name));
            json_object_set_new(e, "units", json_integer(p->n));
            json_object_set_new(e, "lo", json_integer(p->lo));
            json_object_set_new(e, "hi", json_integer(p->hi));
            json_object_set_new(e, "record_bytes", json_integer((json_int_t)p->size));
            json_array_append_new(a, e);
        }
        json_object_set_new(o, "phases", a);
        cli_print_json(o);
        return;
    }
    printf("%s task %d of %d (0..%d) saved in %s:", sh->cmd, sh->task, sh->tasks, sh->tasks - 1,
           sh->out);
    if (!sh->n_ph)
        printf(" no work units with these options (merge re-runs the command)");
    for (int i = 0; i < sh->n_ph; i++) {
        const cli_shard_phase *p = &sh->ph[i];
        if (p->lo < p->hi)
            printf("%s %s units %d..%d of %d", i ? "," : "", p->name, p->lo, p->hi - 1, p->n);
        else
            printf("%s %s none of %d units", i ? "," : "", p->name, p->n);
    }
    printf("\n");
}

int cli_shard_finish(cli_shard *sh, vs_ctx *ctx, int json)
{
    (void)ctx;
    if (sh->mode == CLI_SHARD_REPLAY) {
        for (int i = 0; i < sh->set->n_ph; i++)
            if (!sh->set->ph[i].served) {
                say(sh->cmd, "merge: the shards hold phase %d (%s), which the command did not "
                             "run: were the tasks run on other input files?",
                    i, sh->set->ph[i].name);
                return 2;
            }
        return -1;
    }
    if (sh->mode != CLI_SHARD_TASK)
        return -1;
    char *tmp, *path = NULL;
    if (cli_outdir_begin(sh->cmd, sh->out, &tmp))
        return 1;
    if (!(path = join_path(tmp, SHARD_FILE)) || write_shard(sh, path)) {
        if (!path)
            say(sh->cmd, "out of memory");
        free(path);
        cli_outdir_abort(tmp, shard_own);
        return 1;
    }
    free(path);
    int rc = cli_outdir_end(sh->cmd, tmp, sh->out, sh->force, shard_own);
    if (!rc)
        print_summary(sh, json);
    return rc;
}

void cli_shard_free(cli_shard *sh)
{
    for (int i = 0; i < sh->n_ph; i++) {
        free(sh->ph[i].name);
        free(sh->ph[i].rec);
    }
    free(sh->ph);
    sh->ph = NULL;
    sh->n_ph = sh->cap_ph = 0;
}

/* ---- loading shards (merge) ---------------------------------------------- */

/* One shard's manifest and phases as read (before the cross-checks). */
typedef struct shard_info {
    int format, task, tasks;
    char *command, *args, *version, *cwd, *env_home, *env_region, *byte_order;
    set_phase *ph;
    int n_ph;
} shard_info;

static void info_free(shard_info *s)
{
    free(s->command);
    free(s->args);
    free(s->version);
    free(s->cwd);
    free(s->env_home);
    free(s->env_region);
    free(s->byte_order);
    for (int i = 0; i < s->n_ph; i++)
        free(s->ph[i].name);
    free(s->ph);
    memset(s, 0, sizeof *s);
}

static char *col_text(sqlite3_stmt *q, int i)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    return t ? strdup((const char *)t) : NULL;
}

/* Read the manifest row and the phase rows of an open shard file.  0, or an
 * SQLite error (-1: a row or value is missing). */
static int read_info(sqlite3 *db, shard_info *s)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT format, command, args, version, cwd, env_home, "
                                    "env_region, task, tasks, byte_order FROM shard", -1, &q, NULL);
    if (rc)
        return rc;
    if (sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_finalize(q);
        return -1;
    }
    s->format = sqlite3_column_int(q, 0);
    s->command = col_text(q, 1);
    s->args = col_text(q, 2);
    s->version = col_text(q, 3);
    s->cwd = col_text(q, 4);
    s->env_home = col_text(q, 5);
    s->env_region = col_text(q, 6);
    s->task = sqlite3_column_int(q, 7);
    s->tasks = sqlite3_column_int(q, 8);
    s->byte_order = col_text(q, 9);
    rc = sqlite3_step(q) == SQLITE_DONE && s->command && s->args && s->version && s->cwd &&
                 s->byte_order &&
                 s->tasks >= 1 && s->task >= 0 && s->task < s->tasks
             ? 0
             : -1;
    sqlite3_finalize(q);
    if (rc || (rc = sqlite3_prepare_v2(db, "SELECT seq, name, n, record_bytes, lo, hi FROM phases "
                                           "ORDER BY seq", -1, &q, NULL)))
        return rc;
    while (!rc && sqlite3_step(q) == SQLITE_ROW) {
        set_phase *p = realloc(s->ph, (size_t)(s->n_ph + 1) * sizeof *p);
        if (!p) {
            rc = SQLITE_NOMEM;
            break;
        }
        s->ph = p;
        p = &s->ph[s->n_ph++];
        int lo = 0, hi = 0, n = sqlite3_column_int(q, 2);
        sqlite3_int64 size = sqlite3_column_int64(q, 3);
        *p = (set_phase){sqlite3_column_int(q, 0), col_text(q, 1), n, (size_t)size, 0};
        if (n >= 1)
            vs_units_share(n, s->task, s->tasks, &lo, &hi);
        if (!p->name || p->seq != s->n_ph - 1 || n < 1 || size < 0 ||
            sqlite3_column_int(q, 4) != lo ||
            sqlite3_column_int(q, 5) != hi)
            rc = -1;
    }
    sqlite3_finalize(q);
    return rc;
}

/* Open dir's shard file, check its integrity and read it into s.  0, or 2
 * (1 out of memory) after printing a message. */
static int load_one(const char *dir, shard_info *s)
{
    char *path = join_path(dir, SHARD_FILE);
    struct stat sb;
    if (!path) {
        say("merge", "out of memory");
        return 1;
    }
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        if (stat(dir, &sb) != 0)
            say("merge", "%s: no such directory", dir);
        else
            say("merge", "%s: not a shard directory (no %s; a task writes one with --task K "
                         "--tasks N --out DIR)", dir, SHARD_FILE);
        free(path);
        return 2;
    }
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    char why[200] = "";
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
    if (!rc)
        rc = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &q, NULL);
    if (!rc && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(q, 0);
        rc = t && !strcmp(t, "ok") ? 0 : -1;
        if (rc)
            snprintf(why, sizeof why, "integrity check: %s", t ? t : "no answer");
    }
    if (rc && !*why)
        snprintf(why, sizeof why, "%s", db ? sqlite3_errmsg(db) : "cannot open");
    sqlite3_finalize(q);
    if (!rc && (rc = read_info(db, s)) != 0)
        snprintf(why, sizeof why, "%s",
                 rc == -1 ? "missing or inconsistent rows" : sqlite3_errmsg(db));
    if (rc)
        say("merge", "%s: corrupt shard file %s (%s)", dir, SHARD_FILE, why);
    sqlite3_close(db);
    free(path);
    return rc ? 2 : 0;
}

/* Say where the recorded arguments a (of shard adir) and b (of bdir) first
 * differ. */
static void args_differ(const char *a, const char *adir, const char *b, const char *bdir)
{
    json_t *ja = json_loads(a, 0, NULL), *jb = json_loads(b, 0, NULL);
    size_t na = json_array_size(ja), nb = json_array_size(jb), i = 0;
    while (i < na && i < nb &&
           json_equal(json_array_get(ja, i), json_array_get(jb, i)))
        i++;
    const char *x = i < nb ? json_string_value(json_array_get(jb, i)) : NULL;
    const char *y = i < na ? json_string_value(json_array_get(ja, i)) : NULL;
    say("merge", "%s: different arguments: argument %zu is %s%s%s, in %s %s%s%s "
                 "(all tasks of a merge run one command with the same arguments)",
        bdir, i + 1, x ? "'" : "", x ? x : "absent", x ? "'" : "", adir, y ? "'" : "",
        y ? y : "absent", y ? "'" : "");
    json_decref(ja);
    json_decref(jb);
}

/* Does shard s agree with the first one, f?  0, or 2 after a message. */
static int agree(const shard_info *f, const char *fdir, const shard_info *s, const char *dir)
{
#define DIFF(a, b) (((a) == NULL) != ((b) == NULL) || ((a) && strcmp((a), (b))))
    if (s->format != SHARD_FORMAT)
        say("merge", "%s: shard format %d; vardsim %s reads format %d", dir, s->format,
            vs_version(), SHARD_FORMAT);
    else if (strcmp(s->byte_order, byte_order()) != 0)
        say("merge", "%s: records in %s-endian byte order; this machine is %s-endian (merge on "
                     "the tasks' kind of machine)", dir, s->byte_order, byte_order());
    else if (strcmp(s->version, vs_version()) != 0)
        say("merge", "%s: computed by vardsim %s; this is vardsim %s (merge with the version "
                     "the tasks ran)", dir, s->version, vs_version());
    else if (f && strcmp(s->command, f->command))
        say("merge", "%s: a shard of '%s', but %s is one of '%s'", dir, s->command, fdir,
            f->command);
    else if (f && s->tasks != f->tasks)
        say("merge", "%s: one of %d tasks, but %s is one of %d", dir, s->tasks, fdir, f->tasks);
    else if (f && strcmp(s->args, f->args))
        args_differ(f->args, fdir, s->args, dir);
    else if (f && strcmp(s->cwd, f->cwd))
        say("merge", "%s: run in %s, but %s in %s (relative paths may name other files)", dir,
            s->cwd, fdir, f->cwd);
    else if (f && (DIFF(s->env_home, f->env_home) || DIFF(s->env_region, f->env_region)))
        say("merge", "%s: VARDSIM_HOME or VARDSIM_REGION differ from %s's", dir, fdir);
    else {
        int same = !f || s->n_ph == f->n_ph;
        for (int i = 0; f && same && i < s->n_ph; i++)
            same = !strcmp(s->ph[i].name, f->ph[i].name) && s->ph[i].n == f->ph[i].n &&
                   s->ph[i].size == f->ph[i].size;
        if (same)
            return 0;
        say("merge", "%s: its phases of work units differ from those of %s", dir, fdir);
    }
#undef DIFF
    return 2;
}

/* The set from the first shard's info (taken over) and N directories. */
static int set_from(shard_info *f, cli_shard_set *set)
{
    set->tasks = f->tasks;
    set->command = f->command;
    set->args_text = f->args;
    set->version = f->version;
    set->cwd = f->cwd;
    set->env_home = f->env_home;
    set->env_region = f->env_region;
    set->ph = f->ph;
    set->n_ph = f->n_ph;
    free(f->byte_order); /* checked: this machine's */
    memset(f, 0, sizeof *f);
    set->dir = calloc((size_t)set->tasks, sizeof *set->dir);
    set->path = calloc((size_t)set->tasks, sizeof *set->path);
    json_error_t e;
    set->args_json = json_loads(set->args_text, 0, &e);
    size_t n = json_is_array(set->args_json) ? json_array_size(set->args_json) : 0;
    set->args = calloc(n + 1, sizeof *set->args);
    if (!set->dir || !set->path || !set->args)
        return 1;
    for (size_t i = 0; i < n; i++)
        if (!(set->args[i] = json_string_value(json_array_get(set->args_json, i))))
            return 2;
    set->n_args = (int)n;
    return json_is_array(set->args_json) ? 0 : 2;
}

/* Task k's directory is dir (given; its shard file by absolute path).  0, or
 * 1 out of memory, or 2 after a message. */
static int set_dir(cli_shard_set *set, int k, const char *dir)
{
    char *real = realpath(dir, NULL);
    if (!real) {
        say("merge", "%s: %s", dir, strerror(errno));
        return errno == ENOMEM ? 1 : 2;
    }
    set->dir[k] = (char *)dir;
    set->path[k] = join_path(real, SHARD_FILE);
    free(real);
    return set->path[k] ? 0 : 1;
}

int cli_shard_set_load(const char *const *dirs, int n, cli_shard_set **out)
{
    *out = NULL;
    cli_shard_set *set = calloc(1, sizeof *set);
    shard_info first = {0}, s = {0};
    int rc = set ? load_one(dirs[0], &first) : 1;
    if (!rc)
        rc = agree(NULL, NULL, &first, dirs[0]);
    if (!rc) {
        int task0 = first.task;
        rc = set_from(&first, set);
        if (rc == 2)
            say("merge", "%s: corrupt shard file %s (the arguments)", dirs[0], SHARD_FILE);
        if (!rc)
            rc = set_dir(set, task0, dirs[0]);
    }
    for (int i = 1; !rc && i < n; i++) {
        shard_info f = {.format = SHARD_FORMAT, .tasks = set->tasks, .command = set->command,
                        .args = set->args_text, .version = set->version, .cwd = set->cwd,
                        .env_home = set->env_home, .env_region = set->env_region,
                        .ph = set->ph, .n_ph = set->n_ph};
        rc = load_one(dirs[i], &s);
        if (!rc)
            rc = agree(&f, dirs[0], &s, dirs[i]);
        if (!rc && set->dir[s.task]) {
            say("merge", "task %d appears twice: %s and %s", s.task, set->dir[s.task], dirs[i]);
            rc = 2;
        }
        if (!rc)
            rc = set_dir(set, s.task, dirs[i]);
        info_free(&s);
    }
    for (int k = 0; !rc && k < set->tasks; k++)
        if (!set->dir[k]) {
            say("merge", "task %d of %d (0..%d) is missing: %d shard director%s given", k,
                set->tasks, set->tasks - 1, n, n == 1 ? "y" : "ies");
            rc = 2;
        }
    /* every record present, of its length, matching its checksum: before
     * the command runs, so that a damaged shard costs no computation */
    vs_ctx *ctx = NULL;
    if (!rc && vs_ctx_create(&ctx))
        rc = 1;
    for (int i = 0; !rc && i < set->n_ph; i++)
        for (int k = 0; !rc && k < set->tasks; k++)
            if (read_block(ctx, set, k, &set->ph[i], NULL)) {
                const char *m = vs_ctx_message(ctx);
                say("merge", "%s", strncmp(m, "merge: ", 7) ? m : m + 7);
                rc = 2;
            }
    vs_ctx_destroy(ctx);
    info_free(&first);
    if (rc == 1)
        say("merge", "out of memory");
    if (rc) {
        cli_shard_set_free(set);
        return rc;
    }
    *out = set;
    return 0;
}

const char *cli_shard_set_command(const cli_shard_set *set) { return set->command; }
const char *cli_shard_set_cwd(const cli_shard_set *set) { return set->cwd; }
int cli_shard_set_tasks(const cli_shard_set *set) { return set->tasks; }

int cli_shard_set_args(const cli_shard_set *set, const char *const **args)
{
    *args = set->args;
    return set->n_args;
}

void cli_shard_set_environment(const cli_shard_set *set)
{
    if (set->env_home)
        setenv("VARDSIM_HOME", set->env_home, 1);
    else
        unsetenv("VARDSIM_HOME");
    if (set->env_region)
        setenv("VARDSIM_REGION", set->env_region, 1);
    else
        unsetenv("VARDSIM_REGION");
}

void cli_shard_set_replay(cli_shard_set *set) { g_replay = set; }

void cli_shard_set_free(cli_shard_set *set)
{
    if (!set)
        return;
    if (g_replay == set)
        g_replay = NULL;
    for (int k = 0; set->path && k < set->tasks; k++)
        free(set->path[k]);
    free(set->path);
    free(set->dir);
    free(set->command);
    free(set->version);
    free(set->cwd);
    free(set->env_home);
    free(set->env_region);
    free(set->args_text);
    free(set->args);
    json_decref(set->args_json);
    for (int i = 0; i < set->n_ph; i++)
        free(set->ph[i].name);
    free(set->ph);
    free(set);
}
