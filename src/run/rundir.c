/*
 * rundir.c: the run directory of "vardsim run" on disk (see rundir.h).
 *
 * Ownership: every directory this program creates (OUT.tmp-XXXXXX) holds,
 * as its first entry, the marker file ".vardsim-run":
 *
 *     vardsim-run 1          format version
 *     state writing          "writing" while a run fills it, "complete" after
 *     pid 12345              the writing process (state writing only)
 *
 * The finished run directory keeps the marker with state complete.  Clean-up
 * of stale OUT.tmp-* / OUT.old-* directories removes only those whose marker
 * says state writing by a process that is gone, and --force replaces only a
 * directory whose marker says complete (or an empty one); anything else is
 * left alone and reported.  A directory this process removes gets a writing
 * marker with its pid first and loses the marker last.  A directory of an older vardsim (results.sqlite but no marker)
 * is never replaced: the user removes it.
 */
#define _GNU_SOURCE /* renameat2, nftw */
#include "rundir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "vardsim/scenario.h"

#define MARKER_FILE VSI_RUNDIR_MARKER
#define MARKER_MAGIC "vardsim-run"
#define MARKER_VERSION 1

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path) != 0 && errno != ENOENT;
}

int vsi_rundir_remove_tree(const char *path)
{
    return nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int vsi_rundir_is_dir(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* 1 when dir holds no entry besides "." and "..", else 0 (also when it
 * cannot be read). */
static int dir_empty(const char *dir)
{
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

vsi_marker vsi_rundir_marker_read(const char *dir, int *complete, long *pid)
{
    *complete = 0;
    *pid = 0;
    char path[VS_SCENARIO_PATH_MAX + 340];
    snprintf(path, sizeof path, "%s/%s", dir, MARKER_FILE);
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return VSI_MARKER_NONE;
    if (!S_ISREG(sb.st_mode) || sb.st_size > 256)
        return VSI_MARKER_BAD;
    FILE *f = fopen(path, "r");
    if (!f)
        return VSI_MARKER_BAD;
    char text[260];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    int version = 0, used = 0;
    if (sscanf(text, MARKER_MAGIC " %d\n%n", &version, &used) != 1 || used == 0)
        return VSI_MARKER_BAD;
    if (version > MARKER_VERSION)
        return VSI_MARKER_NEWER;
    if (version != MARKER_VERSION)
        return VSI_MARKER_BAD;
    const char *rest = text + used;
    if (strcmp(rest, "state complete\n") == 0) {
        *complete = 1;
        return VSI_MARKER_OK;
    }
    if (sscanf(rest, "state writing\npid %ld\n%n", pid, &used) == 1 && *pid > 0
        && rest[used] == '\0')
        return VSI_MARKER_OK;
    *pid = 0;
    return VSI_MARKER_BAD;
}

/* Write the marker text to path: created exclusively (O_EXCL), flushed to
 * disk when flush is 1.  Returns 0, or -1 with errno set (a partial file is
 * removed). */
static int write_new_file(const char *path, const char *text, int flush)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0)
        return -1;
    size_t n = strlen(text);
    int bad = write(fd, text, n) != (ssize_t)n || (flush && fsync(fd) != 0);
    int e = errno;
    if (close(fd) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        remove(path);
        errno = e ? e : EIO;
        return -1;
    }
    return 0;
}

/* Write dir's marker: state complete, or state writing with this process's
 * pid.  A fresh directory's first marker (replace 0) is created directly: a
 * reader that sees it half-written finds it damaged and leaves the directory
 * alone.  A later one (replace 1) goes through a temporary name and a rename,
 * so the directory always carries a whole marker.  The writing marker of a
 * directory about to be removed is not flushed (no fsync on the way out of an
 * interrupted run: either marker lets the next run remove it).  Returns 0, or
 * -1 with errno. */
static int marker_write(const char *dir, int complete, int replace)
{
    char path[VS_SCENARIO_PATH_MAX + 340], part[VS_SCENARIO_PATH_MAX + 360], text[128];
    snprintf(path, sizeof path, "%s/%s", dir, MARKER_FILE);
    if (complete)
        snprintf(text, sizeof text, "%s %d\nstate complete\n", MARKER_MAGIC, MARKER_VERSION);
    else
        snprintf(text, sizeof text, "%s %d\nstate writing\npid %ld\n", MARKER_MAGIC,
                 MARKER_VERSION, (long)getpid());
    if (!replace)
        return write_new_file(path, text, 1);
    snprintf(part, sizeof part, "%s/%s.part", dir, MARKER_FILE);
    remove(part);
    if (write_new_file(part, text, complete) != 0)
        return -1;
    if (rename(part, path) != 0) {
        int e = errno;
        remove(part);
        errno = e;
        return -1;
    }
    return 0;
}

/* nftw callback of remove_owned: everything but the top-level marker. */
static int rm_but_marker(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    if (ftw->level == 0)
        return 0; /* the directory itself: rmdir after the marker */
    if (ftw->level == 1 && strcmp(path + ftw->base, MARKER_FILE) == 0)
        return 0;
    return remove(path) != 0 && errno != ENOENT;
}

void vsi_rundir_remove_owned(const char *dir)
{
    /* while this runs the marker names this (live) process as the writer,
     * so no other run removes the directory meanwhile, and a crash leaves a
     * directory that the next run recognises and removes */
    int complete;
    long pid;
    if (vsi_rundir_marker_read(dir, &complete, &pid) != VSI_MARKER_OK || pid != (long)getpid())
        marker_write(dir, 0, 1);
    nftw(dir, rm_but_marker, 16, FTW_DEPTH | FTW_PHYS);
    char path[VS_SCENARIO_PATH_MAX + 340];
    snprintf(path, sizeof path, "%s/%s", dir, MARKER_FILE);
    remove(path);
    rmdir(dir);
}

vs_status vsi_rundir_check_parent(vs_ctx *ctx, const char *parent, int may_create)
{
    struct stat sb;
    if (stat(parent, &sb) == 0) {
        if (S_ISDIR(sb.st_mode))
            return VS_OK;
        return vs_ctx_fail(ctx, VS_EUSAGE, "run: parent '%s' of the output directory is not a "
                                           "directory", parent);
    }
    int e = errno;
    if (e == ENOENT && may_create) {
        /* only the last component may be missing */
        char up[VS_SCENARIO_PATH_MAX], b[256];
        if (!vsi_rundir_split(parent, up, sizeof up, b, sizeof b))
            snprintf(up, sizeof up, ".");
        if (stat(up, &sb) == 0 && S_ISDIR(sb.st_mode))
            return VS_OK;
    }
    if (e == ENOENT || e == ENOTDIR)
        return vs_ctx_fail(ctx, VS_EUSAGE, "run: parent directory '%s' does not exist", parent);
    return vs_ctx_fail(ctx, VS_EUSAGE, "run: cannot use parent directory '%s': %s", parent,
                       strerror(e));
}

vs_status vsi_rundir_make_parent(vs_ctx *ctx, const char *parent)
{
    if (mkdir(parent, 0777) != 0 && errno != EEXIST)
        return vs_ctx_fail(ctx, VS_EIO, "run: cannot create directory %s: %s", parent,
                           strerror(errno));
    if (!vsi_rundir_is_dir(parent))
        return vs_ctx_fail(ctx, VS_EUSAGE, "run: parent '%s' of the output directory is not a "
                                           "directory", parent);
    return VS_OK;
}

vs_status vsi_rundir_check_replace(vs_ctx *ctx, const char *out)
{
    if (!vsi_rundir_is_dir(out))
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "run: '%s' exists and is not a directory; refusing to replace it",
                           out);
    int complete;
    long pid;
    switch (vsi_rundir_marker_read(out, &complete, &pid)) {
    case VSI_MARKER_OK:
        if (complete)
            return VS_OK;
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "run: '%s' is an unfinished run directory (its %s says state "
                           "writing); refusing to replace it",
                           out, MARKER_FILE);
    case VSI_MARKER_NEWER:
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "run: '%s' was written by a newer vardsim (%s format); refusing to "
                           "replace it",
                           out, MARKER_FILE);
    case VSI_MARKER_BAD:
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "run: '%s' has a damaged %s; refusing to replace it (remove it "
                           "yourself if it is a run you no longer need)",
                           out, MARKER_FILE);
    case VSI_MARKER_NONE: break;
    }
    if (dir_empty(out))
        return VS_OK;
    char p[VS_SCENARIO_PATH_MAX + 32];
    snprintf(p, sizeof p, "%s/results.sqlite", out);
    if (access(p, F_OK) == 0)
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "run: '%s' holds results.sqlite but no %s marker (a run directory "
                           "of an earlier vardsim, or not a run directory at all); refusing to "
                           "replace it: remove it yourself or choose another --out",
                           out, MARKER_FILE);
    return vs_ctx_fail(ctx, VS_EUSAGE,
                       "run: '%s' is not a vardsim run directory (no %s marker) and not "
                       "empty; refusing to replace it",
                       out, MARKER_FILE);
}

int vsi_rundir_split(const char *out, char *parent, size_t pcap, char *base, size_t bcap)
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

void vsi_rundir_clean_stale(const char *parent, const char *base, vsi_rundir_warn_fn warn,
                            void *user)
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
        char path[VS_SCENARIO_PATH_MAX + 300];
        snprintf(path, sizeof path, "%s/%s", parent, e->d_name);
        struct stat sb;
        if (lstat(path, &sb) != 0)
            continue;
        int complete;
        long pid;
        vsi_marker m = S_ISDIR(sb.st_mode) ? vsi_rundir_marker_read(path, &complete, &pid)
                                           : VSI_MARKER_NONE;
        if (m != VSI_MARKER_OK) {
            if (warn) {
                char msg[VS_SCENARIO_PATH_MAX + 400];
                snprintf(msg, sizeof msg,
                         "left '%s' alone: its name looks like a leftover of a run but it "
                         "%s",
                         path,
                         !S_ISDIR(sb.st_mode)          ? "is not a directory"
                         : m == VSI_MARKER_NEWER       ? "was written by a newer vardsim"
                         : m == VSI_MARKER_BAD         ? "has a damaged " MARKER_FILE
                                                       : "carries no " MARKER_FILE " marker");
                warn(user, msg);
            }
            continue;
        }
        if (complete) {
            if (warn) {
                char msg[VS_SCENARIO_PATH_MAX + 400];
                snprintf(msg, sizeof msg,
                         "left '%s' alone: it holds a complete run (a copy, or one a run "
                         "stopped while replacing it); remove it if you do not need it",
                         path);
                warn(user, msg);
            }
            continue;
        }
        if (pid != (long)getpid() && (kill((pid_t)pid, 0) == 0 || errno == EPERM))
            continue; /* another live run is writing it */
        vsi_rundir_remove_owned(path);
    }
    closedir(d);
}

int vsi_rundir_sync(const char *dir)
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

vs_status vsi_rundir_make_tmp(vs_ctx *ctx, const char *parent, const char *base, const char *out,
                              char *tmp, size_t cap)
{
    snprintf(tmp, cap, "%s/%s.tmp-XXXXXX", parent, base);
    if (!mkdtemp(tmp)) {
        tmp[0] = '\0';
        return vs_ctx_fail(ctx, VS_EIO, "run: cannot create a temporary directory beside '%s': %s",
                           out, strerror(errno));
    }
    if (marker_write(tmp, 0, 0) != 0) {
        vs_status s = vs_ctx_fail(ctx, VS_EIO, "run: cannot write %s/%s: %s", tmp, MARKER_FILE,
                                  strerror(errno));
        rmdir(tmp); /* still empty: a failed marker_write removes its file */
        tmp[0] = '\0';
        return s;
    }
    /* mkdtemp makes the directory 0700; give it the mode a plain mkdir would
     * have */
    mode_t mask = umask(0);
    umask(mask);
    chmod(tmp, 0777 & ~mask);
    return VS_OK;
}

vs_status vsi_rundir_finish_tmp(vs_ctx *ctx, const char *tmp)
{
    if (marker_write(tmp, 1, 1) != 0)
        return vs_ctx_fail(ctx, VS_EIO, "run: cannot write %s/%s: %s", tmp, MARKER_FILE,
                           strerror(errno));
    return VS_OK;
}

/* Flush the directory entry changes of dir (best effort). */
static void sync_parent(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

vs_status vsi_rundir_into_place(vs_ctx *ctx, const char *tmp, const char *out,
                                const char *parent, const char *base)
{
    if (access(out, F_OK) == 0) {
        if (renameat2(AT_FDCWD, tmp, AT_FDCWD, out, RENAME_EXCHANGE) == 0) {
            vsi_rundir_remove_owned(tmp); /* now the previous run */
        } else if (errno == EINVAL || errno == ENOSYS || errno == EXDEV) {
            char old[VS_SCENARIO_PATH_MAX + 340];
            snprintf(old, sizeof old, "%s/%s.old-XXXXXX", parent, base);
            if (!mkdtemp(old) || rmdir(old) != 0 || rename(out, old) != 0)
                return vs_ctx_fail(ctx, VS_EIO, "run: cannot move '%s' aside: %s", out,
                                   strerror(errno));
            if (rename(tmp, out) != 0) {
                int e = errno;
                rename(old, out); /* put the previous run back */
                return vs_ctx_fail(ctx, VS_EIO, "run: cannot rename into '%s': %s", out,
                                   strerror(e));
            }
            vsi_rundir_remove_owned(old);
        } else {
            return vs_ctx_fail(ctx, VS_EIO, "run: cannot replace '%s': %s", out,
                               strerror(errno));
        }
    } else if (rename(tmp, out) != 0) {
        return vs_ctx_fail(ctx, VS_EIO, "run: cannot rename into '%s': %s", out, strerror(errno));
    }
    sync_parent(parent);
    return VS_OK;
}
