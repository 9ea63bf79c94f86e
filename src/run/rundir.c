/*
 * rundir.c: the run directory of "vardsim run" on disk (see rundir.h).
 *
 * Ownership of temporary directories: each holds a file ".vardsim-owner"
 * with the pid of the process writing it.  A later run of the same target
 * removes OUT.tmp-* and OUT.old-* directories whose owner is no longer alive
 * (a run killed with SIGKILL cannot clean up after itself).
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

#define OWNER_FILE ".vardsim-owner"

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

int vsi_rundir_replaceable(const char *dir)
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

void vsi_rundir_clean_stale(const char *parent, const char *base)
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
        if (!vsi_rundir_is_dir(path))
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
        vsi_rundir_remove_tree(path);
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
    /* mkdtemp makes the directory 0700; give it the mode a plain mkdir would
     * have */
    mode_t mask = umask(0);
    umask(mask);
    chmod(tmp, 0777 & ~mask);
    char owner[VS_SCENARIO_PATH_MAX + 340];
    snprintf(owner, sizeof owner, "%s/%s", tmp, OWNER_FILE);
    FILE *f = fopen(owner, "w");
    int bad = !f || fprintf(f, "%ld\n", (long)getpid()) < 0;
    if (f && fclose(f) != 0)
        bad = 1;
    if (bad) {
        vs_status s = vs_ctx_fail(ctx, VS_EIO, "run: cannot write %s", owner);
        vsi_rundir_remove_tree(tmp);
        tmp[0] = '\0';
        return s;
    }
    return VS_OK;
}

void vsi_rundir_finish_tmp(const char *tmp)
{
    char owner[VS_SCENARIO_PATH_MAX + 340];
    snprintf(owner, sizeof owner, "%s/%s", tmp, OWNER_FILE);
    remove(owner);
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
            vsi_rundir_remove_tree(tmp); /* now the previous run */
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
            vsi_rundir_remove_tree(old);
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
