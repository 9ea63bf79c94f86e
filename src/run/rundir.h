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
 * top-level name) and its base name, ignoring trailing slashes; both are new
 * strings the caller frees (base may be NULL when not wanted).  Returns 1;
 * 0 when out is empty or ends in "." or ".."; -1 when out of memory (on 0
 * and -1 both are NULL). */
int vsi_rundir_split(const char *out, char **parent, char **base);

/* 1 when path is a directory (not a symlink to one), else 0. */
int vsi_rundir_is_dir(const char *path);
/* 1 when dir is a directory with no entries. */
int vsi_rundir_is_empty(const char *dir);

/* Is parent usable as the parent of a run directory?  VS_OK when it is a
 * directory, or (may_create) when it is missing but its own parent is a
 * directory.  Else VS_EUSAGE: "does not exist", or "is not a directory" when
 * it is a file; VS_ENOMEM when out of memory. */
vs_status vsi_rundir_check_parent(vs_ctx *ctx, const char *parent, int may_create);

/* Create parent (one level; an existing directory is fine).  VS_EIO or
 * VS_EUSAGE with a message on failure. */
vs_status vsi_rundir_make_parent(vs_ctx *ctx, const char *parent);

/* The marker file every directory created by a run carries (rundir.c
 * describes its format). */
#define VSI_RUNDIR_MARKER ".vardsim-run"

typedef enum vsi_marker {
    VSI_MARKER_OK,    /* a valid marker of this format version */
    VSI_MARKER_NONE,  /* no marker file */
    VSI_MARKER_BAD,   /* a marker file that does not parse (or not a regular file) */
    VSI_MARKER_NEWER  /* a marker of a newer format version */
} vsi_marker;

/* Read dir's marker.  On VSI_MARKER_OK, *complete is 1 for a finished run
 * directory (then *pid is 0) and 0 for one being written by process *pid;
 * otherwise both are 0. */
vsi_marker vsi_rundir_marker_read(const char *dir, int *complete, long *pid);

/* May the existing out be replaced by a new run (--force)?  VS_OK when it is
 * a directory carrying a valid marker of a complete run, or an empty
 * directory.  Otherwise VS_EUSAGE with a message saying why: not a directory,
 * a directory without marker (one of an older vardsim when it holds
 * results.sqlite: the user must remove it), a damaged or newer marker, an
 * unfinished run; VS_ENOMEM when out of memory. */
vs_status vsi_rundir_check_replace(vs_ctx *ctx, const char *out);

/* Receives one warning (a whole sentence without trailing newline). */
typedef void (*vsi_rundir_warn_fn)(void *user, const char *message);

/* Remove the temporary (OUT.tmp-*) and set-aside (OUT.old-*) directories of
 * target base in parent whose marker says state writing by a process that is
 * gone.  Every other entry with such a name is left alone and reported
 * through warn (when non-NULL): no valid marker, or the marker of a complete
 * run (a user's copy is as likely as a leftover).  Best effort: errors are
 * ignored (out of memory an entry is left alone, a warning dropped). */
void vsi_rundir_clean_stale(const char *parent, const char *base, vsi_rundir_warn_fn warn,
                            void *user);

/* Remove a directory this process owns (a temporary directory, or a run
 * directory it has replaced) without following symlinks: first its marker
 * becomes state writing with this pid, then everything but the marker goes,
 * then the marker and the directory; a crash midway leaves a directory the
 * next run removes.  Best effort (out of memory it removes the tree without
 * the marker steps). */
void vsi_rundir_remove_owned(const char *dir);

/* Remove a directory tree without following symlinks.  Returns 0 on success. */
int vsi_rundir_remove_tree(const char *path);

/* fsync every regular file in dir, then dir itself.  Returns 0, or -1 when a
 * file could not be flushed. */
int vsi_rundir_sync(const char *dir);

/* Create the temporary directory parent/base.tmp-XXXXXX (mode as a plain
 * mkdir would give) with its marker (state writing, this pid) as the first
 * entry.  On success *tmp is its path (a new string the caller frees); on
 * failure *tmp is NULL (nothing is left behind) and the status is VS_EIO, or
 * VS_ENOMEM, with the message in ctx. */
vs_status vsi_rundir_make_tmp(vs_ctx *ctx, const char *parent, const char *base, const char *out,
                              char **tmp);

/* The temporary directory tmp is complete: its marker now says so (the
 * finished run directory keeps it).  VS_EIO (VS_ENOMEM) with a message on
 * failure. */
vs_status vsi_rundir_finish_tmp(vs_ctx *ctx, const char *tmp);

/* Move the complete directory tmp into place as out (whose parent directory
 * and base name are parent and base): one RENAME_EXCHANGE where supported,
 * else rename out aside to parent/base.old-XXXXXX, rename tmp in and remove
 * the old one; then flush parent.  A previous out is removed only after the
 * new one is in place.  The target is checked again now, not trusted from
 * the start of the run: without force anything that appeared at out is left
 * alone (no replace: RENAME_NOREPLACE), and with force out must still be a
 * complete run or an empty directory, also after the exchange (else it is
 * swapped back).  Both refusals are VS_ERUNTIME.  On failure out is
 * unchanged, tmp still exists and the status is VS_EIO, VS_ERUNTIME or
 * VS_ENOMEM with the message in ctx. */
vs_status vsi_rundir_into_place(vs_ctx *ctx, const char *tmp, const char *out,
                                const char *parent, const char *base, int force);

#endif
