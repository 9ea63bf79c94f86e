/*
 * rundir.h: the run directory of "vardsim run" on disk (internal).
 *
 * A run writes OUT.tmp-XXXXXX beside its target OUT, fills it, flushes it
 * and moves it into place atomically.  These functions are the file-system
 * half of that: naming, checking, creating, cleaning and renaming.  They do
 * not know what a run computes; src/run/run.c drives them.
 */
#ifndef VS_RUNDIR_H
#define VS_RUNDIR_H

#include <stddef.h>

#include "vardsim/core.h"

/* Split out into its parent directory ("." when out has no slash, "/" for a
 * top-level name) and its base name, ignoring trailing slashes.  Returns 1,
 * or 0 when out is empty, too long, or ends in "." or "..". */
int vsi_rundir_split(const char *out, char *parent, size_t pcap, char *base, size_t bcap);

/* 1 when path is a directory (not a symlink to one), else 0. */
int vsi_rundir_is_dir(const char *path);

/* 1 when dir may be replaced by a new run: it is empty or holds
 * results.sqlite.  0 otherwise, also when it cannot be read. */
int vsi_rundir_replaceable(const char *dir);

/* Remove the temporary (OUT.tmp-*) and set-aside (OUT.old-*) directories of
 * target base in parent whose owner process is gone.  Best effort: errors are
 * ignored. */
void vsi_rundir_clean_stale(const char *parent, const char *base);

/* Remove a directory tree without following symlinks.  Returns 0 on success. */
int vsi_rundir_remove_tree(const char *path);

/* fsync every regular file in dir, then dir itself.  Returns 0, or -1 when a
 * file could not be flushed. */
int vsi_rundir_sync(const char *dir);

/* Create the temporary directory parent/base.tmp-XXXXXX (mode as a plain
 * mkdir would give) and write its owner file.  On success tmp holds its path;
 * on failure tmp is "" (nothing is left behind) and the status is VS_EIO with
 * the message in ctx. */
vs_status vsi_rundir_make_tmp(vs_ctx *ctx, const char *parent, const char *base, const char *out,
                              char *tmp, size_t cap);

/* The temporary directory tmp is complete: remove its owner file (the
 * finished directory carries none). */
void vsi_rundir_finish_tmp(const char *tmp);

/* Move the complete directory tmp into place as out (whose parent directory
 * and base name are parent and base): one RENAME_EXCHANGE where supported,
 * else rename out aside to parent/base.old-XXXXXX, rename tmp in and remove
 * the old one; then flush parent.  A previous out is removed only after the
 * new one is in place.  On failure out is unchanged, tmp still exists and the
 * status is VS_EIO with the message in ctx. */
vs_status vsi_rundir_into_place(vs_ctx *ctx, const char *tmp, const char *out,
                                const char *parent, const char *base);

#endif
