/*
 * fault.h: fault injection for tests/fault/test_faults.c, as SQLite's test
 * harness does it: fail exactly the Nth allocation, or the Nth write to the
 * file system, and see what the library makes of it.
 *
 * The hooks sit at the link level (fault.c, linked with
 * -Wl,--wrap=malloc,... so that only calls from the static library and the
 * test itself are redirected) plus SQLite's own hooks: its allocator
 * (SQLITE_CONFIG_MALLOC) and a VFS shim over the default VFS that fails
 * xWrite/xSync/xTruncate and file creation.  Jansson's allocator is hooked
 * too (json_set_alloc_funcs).  Not covered: libfyaml, GLPK, GSL and cairo
 * allocations (no hook; GLPK and GSL abort on allocation failure by design).
 *
 *   fault_install()        once, first thing in main (before any SQLite call)
 *   fault_arm(kind, n)     count operations of kind from now; fail the nth
 *   fault_disarm()         stop; returns 1 when the nth operation was failed
 *   fault_count()          operations of the armed kind counted since arm
 *   fault_site()           where the failed operation was (FAULT_SITE_*)
 */
#ifndef VARDSIM_FAULT_H
#define VARDSIM_FAULT_H

typedef enum fault_kind {
    FAULT_NONE = 0,
    FAULT_ALLOC = 1, /* malloc, calloc, realloc, strdup, aligned_alloc; SQLite; jansson */
    FAULT_IO = 2     /* fopen for writing, fputs/fputc/fprintf/fwrite/fflush/fclose of a
                        written stream, fsync, rename, renameat2, mkdtemp, mkdir, open for
                        creating or writing, write(2) to fd > 2; SQLite xWrite/xSync/
                        xTruncate and file creation */
} fault_kind;

typedef enum fault_site {
    FAULT_SITE_LIBC = 0,   /* a call from the library (or the test) */
    FAULT_SITE_SQLITE = 1, /* inside SQLite */
    FAULT_SITE_JSON = 2    /* inside jansson */
} fault_site;

void fault_install(void);
void fault_arm(fault_kind kind, long n);
int fault_disarm(void);
long fault_count(void);
fault_site fault_site_of_failure(void);

#endif
