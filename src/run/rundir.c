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
 * marker with its pid first and loses the marker last.  A directory of an
 * older vardsim (results.sqlite but no marker) is never replaced: the user
 * removes it.
 *
 * Paths are built in growing buffers (core/strbuf.h), never cut; the marker
 * is read, and a directory flushed, relative to a directory descriptor.
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

#include "core/strbuf.h"

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
int vsi_rundir_is_empty(const char *dir)
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

/* Read the marker file in the directory dfd into text (cap bytes, NUL
 * terminated): relative to the directory, so no path is built.  Returns
 * VSI_MARKER_OK (text read), VSI_MARKER_NONE when there is no marker file, or
 * VSI_MARKER_BAD when it is not a small regular file or cannot be opened. */
static vsi_marker marker_text(int dfd, char *text, size_t cap)
{
    struct stat sb;
    if (fstatat(dfd, MARKER_FILE, &sb, AT_SYMLINK_NOFOLLOW) != 0)
        return VSI_MARKER_NONE;
    if (!S_ISREG(sb.st_mode) || sb.st_size > 256)
        return VSI_MARKER_BAD;
    int fd = openat(dfd, MARKER_FILE, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return VSI_MARKER_BAD;
    size_t n = 0;
    ssize_t k;
    while (n < cap - 1 && (k = read(fd, text + n, cap - 1 - n)) > 0)
        n += (size_t)k;
    close(fd);
    text[n] = '\0';
    return VSI_MARKER_OK;
}

vsi_marker vsi_rundir_marker_read(const char *dir, int *complete, long *pid)
{
    *complete = 0;
    *pid = 0;
    int dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return VSI_MARKER_NONE;
    char text[260];
    vsi_marker r = marker_text(dfd, text, sizeof text);
    close(dfd);
    if (r != VSI_MARKER_OK)
        return r;
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

/* Write text to path through the temporary name part and a rename, flushed
 * when flush is 1.  Returns 0, or -1 with errno (part is removed). */
static int replace_file(const char *part, const char *path, const char *text, int flush)
{
    remove(part);
    if (write_new_file(part, text, flush) != 0)
        return -1;
    if (rename(part, path) != 0) {
        int e = errno;
        remove(part);
        errno = e;
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
 * -1 with errno (ENOMEM when a path could not be built). */
static int marker_write(const char *dir, int complete, int replace)
{
    char *path = vsi_strdup_printf("%s/%s", dir, MARKER_FILE);
    char *part = replace ? vsi_strdup_printf("%s/%s.part", dir, MARKER_FILE) : NULL;
    char *text = complete ? vsi_strdup_printf("%s %d\nstate complete\n", MARKER_MAGIC,
                                              MARKER_VERSION)
                          : vsi_strdup_printf("%s %d\nstate writing\npid %ld\n", MARKER_MAGIC,
                                              MARKER_VERSION, (long)getpid());
    int r = -1;
    if (!path || !text || (replace && !part))
        errno = ENOMEM;
    else if (!replace)
        r = write_new_file(path, text, 1);
    else
        r = replace_file(part, path, text, complete);
    int e = errno;
    free(path);
    free(part);
    free(text);
    errno = e;
    return r;
}

/* The status of a failed marker_write on dir (errno set): VS_ENOMEM when
 * memory ran out, else VS_EIO naming the marker file. */
static vs_status marker_fail(vs_ctx *ctx, const char *dir)
{
    if (errno == ENOMEM)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    return vs_ctx_fail(ctx, VS_EIO, "run: cannot write %s/%s: %s", dir, MARKER_FILE,
                       strerror(errno));
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
    char *marker = vsi_strdup_printf("%s/%s", dir, MARKER_FILE);
    if (!marker) {
        /* out of memory: no marker protocol, but nothing is left behind */
        vsi_rundir_remove_tree(dir);
        return;
    }
    /* while this runs the marker names this (live) process as the writer,
     * so no other run removes the directory meanwhile, and a crash leaves a
     * directory that the next run recognises and removes */
    int complete;
    long pid;
    if (vsi_rundir_marker_read(dir, &complete, &pid) != VSI_MARKER_OK || pid != (long)getpid())
        marker_write(dir, 0, 1);
    nftw(dir, rm_but_marker, 16, FTW_DEPTH | FTW_PHYS);
    remove(marker);
    free(marker);
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
        char *up;
        int r = vsi_rundir_split(parent, &up, NULL);
        if (r < 0)
            return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        int ok = stat(r ? up : ".", &sb) == 0 && S_ISDIR(sb.st_mode);
        free(up);
        if (ok)
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

/* 1 when dir may be replaced at this moment: a directory holding a complete
 * run (its marker says so) or an empty one.  The one definition behind
 * vsi_rundir_check_replace at the start of a run and vsi_rundir_into_place at
 * its end (anything may have happened to the target while the run computed:
 * a user's mkdir, a mv, another run). */
/* The first entry of a complete run directory that the run did not leave
 * there: one modified after the marker, which the run writes last (a
 * user's notes, an edited report).  Its name goes into name (cap bytes);
 * returns 1 when there is one (or the directory cannot be read), else 0. */
static int foreign_entry(const char *dir, char *name, size_t cap)
{
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct stat mk, sb;
    if (dfd < 0 || fstatat(dfd, MARKER_FILE, &mk, AT_SYMLINK_NOFOLLOW) != 0) {
        if (dfd >= 0)
            close(dfd);
        snprintf(name, cap, "%s", MARKER_FILE);
        return 1;
    }
    DIR *d = fdopendir(dfd);
    if (!d) {
        close(dfd);
        snprintf(name, cap, ".");
        return 1;
    }
    int found = 0;
    struct dirent *e;
    while (!found && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strcmp(e->d_name, MARKER_FILE))
            continue;
        if (fstatat(dfd, e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
            sb.st_mtim.tv_sec > mk.st_mtim.tv_sec ||
            (sb.st_mtim.tv_sec == mk.st_mtim.tv_sec && sb.st_mtim.tv_nsec > mk.st_mtim.tv_nsec)) {
            snprintf(name, cap, "%s", e->d_name);
            found = 1;
        }
    }
    closedir(d);
    return found;
}

static int replaceable_now(const char *dir)
{
    if (!vsi_rundir_is_dir(dir))
        return 0;
    int complete;
    long pid;
    char name[256];
    vsi_marker m = vsi_rundir_marker_read(dir, &complete, &pid);
    if (m == VSI_MARKER_OK)
        return complete && !foreign_entry(dir, name, sizeof name);
    return m == VSI_MARKER_NONE && vsi_rundir_is_empty(dir);
}

vs_status vsi_rundir_check_replace(vs_ctx *ctx, const char *out)
{
    if (replaceable_now(out))
        return VS_OK;
    /* what makes it not replaceable, for the message */
    if (!vsi_rundir_is_dir(out))
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "run: '%s' exists and is not a directory; refusing to replace it",
                           out);
    int complete;
    long pid;
    char name[256];
    switch (vsi_rundir_marker_read(out, &complete, &pid)) {
    case VSI_MARKER_OK:
        if (complete && foreign_entry(out, name, sizeof name))
            return vs_ctx_fail(ctx, VS_EUSAGE,
                               "run: '%s' holds '%s', which the run did not leave there (added "
                               "or changed after it finished); refusing to replace it: move "
                               "it out or choose another --out",
                               out, name);
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
    char *p = vsi_strdup_printf("%s/results.sqlite", out);
    if (!p)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    int old = access(p, F_OK) == 0;
    free(p);
    if (old)
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

/* A new string holding the first n bytes of s; NULL when out of memory. */
static char *dup_n(const char *s, size_t n)
{
    vsi_buf b = VSI_BUF_INIT;
    vsi_buf_append(&b, s, n);
    return vsi_buf_take(&b);
}

int vsi_rundir_split(const char *out, char **parent, char **base)
{
    *parent = NULL;
    if (base)
        *base = NULL;
    size_t n = strlen(out);
    while (n > 1 && out[n - 1] == '/')
        n--;
    size_t b = n; /* the base name is out[b..n) */
    while (b > 0 && out[b - 1] != '/')
        b--;
    size_t bn = n - b;
    if (bn == 0 || (bn == 1 && out[b] == '.') || (bn == 2 && out[b] == '.' && out[b + 1] == '.'))
        return 0;
    /* the parent is everything before the last slash */
    *parent = b == 0 ? dup_n(".", 1) : b == 1 ? dup_n("/", 1) : dup_n(out, b - 1);
    if (base)
        *base = dup_n(out + b, bn);
    if (!*parent || (base && !*base)) {
        free(*parent);
        *parent = NULL;
        if (base) {
            free(*base);
            *base = NULL;
        }
        return -1;
    }
    return 1;
}

/* Warn (when warn is non-NULL) that path was left alone, and why (the two
 * parts of the reason are joined).  Out of memory the warning is dropped
 * (clean-up is best effort). */
static void warn_alone(vsi_rundir_warn_fn warn, void *user, const char *path, const char *why,
                       const char *what)
{
    if (!warn)
        return;
    char *msg = vsi_strdup_printf("left '%s' alone: %s%s", path, why, what);
    if (msg)
        warn(user, msg);
    free(msg);
}

/* The clean-up of one entry path named like a leftover (vsi_rundir_clean_stale). */
static void clean_one(const char *path, vsi_rundir_warn_fn warn, void *user)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return;
    int complete;
    long pid;
    vsi_marker m = S_ISDIR(sb.st_mode) ? vsi_rundir_marker_read(path, &complete, &pid)
                                       : VSI_MARKER_NONE;
    if (m != VSI_MARKER_OK) {
        warn_alone(warn, user, path, "its name looks like a leftover of a run but it ",
                   !S_ISDIR(sb.st_mode)    ? "is not a directory"
                   : m == VSI_MARKER_NEWER ? "was written by a newer vardsim"
                   : m == VSI_MARKER_BAD   ? "has a damaged " MARKER_FILE
                                           : "carries no " MARKER_FILE " marker");
        return;
    }
    if (complete) {
        warn_alone(warn, user, path,
                   "it holds a complete run (a copy, or one a run stopped while replacing it); ",
                   "remove it if you do not need it");
        return;
    }
    if (pid != (long)getpid() && (kill((pid_t)pid, 0) == 0 || errno == EPERM))
        return; /* another live run is writing it */
    vsi_rundir_remove_owned(path);
}

/* 1 when name is base (bn bytes) followed by ".tmp-" or ".old-", else 0. */
static int leftover_name(const char *name, const char *base, size_t bn)
{
    if (strncmp(name, base, bn) != 0)
        return 0;
    return strncmp(name + bn, ".tmp-", 5) == 0 || strncmp(name + bn, ".old-", 5) == 0;
}

void vsi_rundir_clean_stale(const char *parent, const char *base, vsi_rundir_warn_fn warn,
                            void *user)
{
    DIR *d = opendir(parent);
    if (!d)
        return;
    size_t bn = strlen(base);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!leftover_name(e->d_name, base, bn))
            continue;
        char *path = vsi_strdup_printf("%s/%s", parent, e->d_name);
        if (path) /* out of memory: left alone (best effort) */
            clean_one(path, warn, user);
        free(path);
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
        /* relative to the directory: no path to build */
        struct stat sb;
        if (fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(sb.st_mode))
            continue;
        int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
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
                              char **tmp)
{
    *tmp = NULL;
    char *t = vsi_strdup_printf("%s/%s.tmp-XXXXXX", parent, base);
    if (!t)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (!mkdtemp(t)) {
        int e = errno;
        free(t);
        return vs_ctx_fail(ctx, VS_EIO, "run: cannot create a temporary directory beside '%s': %s",
                           out, strerror(e));
    }
    if (marker_write(t, 0, 0) != 0) {
        vs_status s = marker_fail(ctx, t);
        rmdir(t); /* still empty: a failed marker_write removes its file */
        free(t);
        return s;
    }
    /* mkdtemp makes the directory 0700; give it the mode a plain mkdir would
     * have */
    mode_t mask = umask(0);
    umask(mask);
    chmod(t, 0777 & ~mask);
    *tmp = t;
    return VS_OK;
}

vs_status vsi_rundir_finish_tmp(vs_ctx *ctx, const char *tmp)
{
    if (marker_write(tmp, 1, 1) != 0)
        return marker_fail(ctx, tmp);
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

/* The failure when the target changed under a run with --force. */
static vs_status changed_fail(vs_ctx *ctx, const char *out)
{
    return vs_ctx_fail(ctx, VS_ERUNTIME,
                       "run: '%s' changed while the run was writing and is no longer a "
                       "complete run directory; left alone, nothing replaced",
                       out);
}

/* The failure when the target appeared under a run without --force. */
static vs_status appeared_fail(vs_ctx *ctx, const char *out)
{
    return vs_ctx_fail(ctx, VS_ERUNTIME,
                       "run: '%s' appeared while the run was writing; left alone, nothing "
                       "written (run again with --force to replace a run directory)",
                       out);
}

/* into_place without RENAME_EXCHANGE: rename out aside to
 * parent/base.old-XXXXXX, tmp in, and remove the old one.  On failure out is
 * as before and tmp still exists. */
static vs_status swap_aside(vs_ctx *ctx, const char *tmp, const char *out, const char *parent,
                            const char *base)
{
    char *old = vsi_strdup_printf("%s/%s.old-XXXXXX", parent, base);
    if (!old)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (!mkdtemp(old) || rmdir(old) != 0 || rename(out, old) != 0) {
        vs_status s = vs_ctx_fail(ctx, VS_EIO, "run: cannot move '%s' aside: %s", out,
                                  strerror(errno));
        free(old);
        return s;
    }
    if (!replaceable_now(old)) { /* changed between the check and the move */
        rename(old, out);
        free(old);
        return changed_fail(ctx, out);
    }
    if (rename(tmp, out) != 0) {
        int e = errno;
        rename(old, out); /* put the previous run back */
        free(old);
        return vs_ctx_fail(ctx, VS_EIO, "run: cannot rename into '%s': %s", out, strerror(e));
    }
    vsi_rundir_remove_owned(old);
    free(old);
    return VS_OK;
}

vs_status vsi_rundir_into_place(vs_ctx *ctx, const char *tmp, const char *out,
                                const char *parent, const char *base, int force)
{
    struct stat sb;
    if (lstat(out, &sb) == 0) {
        if (!force)
            return appeared_fail(ctx, out);
        if (!replaceable_now(out))
            return changed_fail(ctx, out);
        if (renameat2(AT_FDCWD, tmp, AT_FDCWD, out, RENAME_EXCHANGE) == 0) {
            /* tmp now names what was out: it must still be what was checked
             * (a rename between the check and the exchange is undone) */
            if (!replaceable_now(tmp)) {
                renameat2(AT_FDCWD, tmp, AT_FDCWD, out, RENAME_EXCHANGE);
                return changed_fail(ctx, out);
            }
            vsi_rundir_remove_owned(tmp); /* the previous run */
        } else if (errno == EINVAL || errno == ENOSYS || errno == EXDEV) {
            vs_status s = swap_aside(ctx, tmp, out, parent, base);
            if (s)
                return s;
        } else {
            return vs_ctx_fail(ctx, VS_EIO, "run: cannot replace '%s': %s", out,
                               strerror(errno));
        }
    } else if (renameat2(AT_FDCWD, tmp, AT_FDCWD, out, RENAME_NOREPLACE) != 0) {
        if (errno == EEXIST || errno == ENOTEMPTY)
            return appeared_fail(ctx, out);
        /* no RENAME_NOREPLACE on this file system: a plain rename, which
         * can only replace an empty directory that appeared meanwhile */
        if ((errno != EINVAL && errno != ENOSYS) || rename(tmp, out) != 0)
            return vs_ctx_fail(ctx, VS_EIO, "run: cannot rename into '%s': %s", out,
                               strerror(errno));
    }
    sync_parent(parent);
    return VS_OK;
}
