/*
 * fault.c: the hooks of fault.h.  Built only into test_faults (CMake adds
 * the --wrap link options); every __wrap_X forwards to the real X unless it
 * is the armed Nth operation, which fails the way the real call fails
 * (NULL with errno ENOMEM; -1/EOF with errno ENOSPC; SQLITE_NOMEM,
 * SQLITE_FULL, SQLITE_IOERR_*).
 */
#include "fault.h"

#include <errno.h>
#include <fcntl.h>
#include <execinfo.h>
#include <jansson.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static _Atomic int armed_kind = FAULT_NONE;
static _Atomic long counter, target;
static _Atomic int fired;
static _Atomic int fired_site;

/* Count one operation of kind k; 1 when it is the one to fail. */
static int hit(fault_kind k, fault_site site)
{
    if (atomic_load(&armed_kind) != (int)k)
        return 0;
    long c = atomic_fetch_add(&counter, 1) + 1;
    if (c != atomic_load(&target))
        return 0;
    atomic_store(&fired, 1);
    atomic_store(&fired_site, (int)site);
    if (getenv("VS_FAULT_TRACE")) { /* where the fault was injected */
        void *pc[32];
        backtrace_symbols_fd(pc, backtrace(pc, 32), 2);
    }
    return 1;
}

void fault_arm(fault_kind kind, long n)
{
    atomic_store(&armed_kind, FAULT_NONE);
    atomic_store(&counter, 0);
    atomic_store(&target, n);
    atomic_store(&fired, 0);
    atomic_store(&armed_kind, (int)kind);
}

int fault_disarm(void)
{
    atomic_store(&armed_kind, FAULT_NONE);
    return atomic_load(&fired);
}

long fault_count(void) { return atomic_load(&counter); }

fault_site fault_site_of_failure(void) { return (fault_site)atomic_load(&fired_site); }

/* ---- allocation: the library's calls ------------------------------------ */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
void *__real_aligned_alloc(size_t align, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
void *__wrap_aligned_alloc(size_t align, size_t n);

void *__wrap_malloc(size_t n)
{
    if (hit(FAULT_ALLOC, FAULT_SITE_LIBC)) {
        errno = ENOMEM;
        return NULL;
    }
    return __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    if (hit(FAULT_ALLOC, FAULT_SITE_LIBC)) {
        errno = ENOMEM;
        return NULL;
    }
    return __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
    if (hit(FAULT_ALLOC, FAULT_SITE_LIBC)) {
        errno = ENOMEM;
        return NULL; /* p stays valid, as with a real failure */
    }
    return __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
    if (hit(FAULT_ALLOC, FAULT_SITE_LIBC)) {
        errno = ENOMEM;
        return NULL;
    }
    return __real_strdup(s);
}

void *__wrap_aligned_alloc(size_t align, size_t n)
{
    if (hit(FAULT_ALLOC, FAULT_SITE_LIBC)) {
        errno = ENOMEM;
        return NULL;
    }
    return __real_aligned_alloc(align, n);
}

/* ---- allocation: SQLite and jansson ------------------------------------- */

static sqlite3_mem_methods sqlite_real;

static void *sq_malloc(int n)
{
    return hit(FAULT_ALLOC, FAULT_SITE_SQLITE) ? NULL : sqlite_real.xMalloc(n);
}

static void *sq_realloc(void *p, int n)
{
    return hit(FAULT_ALLOC, FAULT_SITE_SQLITE) ? NULL : sqlite_real.xRealloc(p, n);
}

static void *json_malloc(size_t n)
{
    return hit(FAULT_ALLOC, FAULT_SITE_JSON) ? NULL : __real_malloc(n);
}

static void json_free(void *p) { free(p); }

/* ---- writes: stdio and the file system ---------------------------------- */

/* Streams opened for writing by the wrapped fopen (a failed fclose or fflush
 * of a read-only stream is not a full disk). */
#define MAX_STREAMS 64
static FILE *written[MAX_STREAMS];
static pthread_mutex_t streams_lock = PTHREAD_MUTEX_INITIALIZER;

static void stream_mark(FILE *f, int on)
{
    pthread_mutex_lock(&streams_lock);
    for (int i = 0; i < MAX_STREAMS; i++)
        if (on ? written[i] == NULL : written[i] == f) {
            written[i] = on ? f : NULL;
            break;
        }
    pthread_mutex_unlock(&streams_lock);
}

static int stream_written(FILE *f)
{
    int r = 0;
    pthread_mutex_lock(&streams_lock);
    for (int i = 0; i < MAX_STREAMS && !r; i++)
        r = written[i] == f;
    pthread_mutex_unlock(&streams_lock);
    return r;
}

/* A write that fails as on a full disk. */
static int io_hit(void)
{
    if (!hit(FAULT_IO, FAULT_SITE_LIBC))
        return 0;
    errno = ENOSPC;
    return 1;
}

FILE *__real_fopen(const char *path, const char *mode);
int __real_fclose(FILE *f);
int __real_fflush(FILE *f);
int __real_fputs(const char *s, FILE *f);
int __real_fputc(int c, FILE *f);
size_t __real_fwrite(const void *p, size_t size, size_t n, FILE *f);
int __real_vfprintf(FILE *f, const char *fmt, va_list ap);
int __real_fsync(int fd);
int __real_rename(const char *a, const char *b);
int __real_renameat2(int da, const char *a, int db, const char *b, unsigned flags);
char *__real_mkdtemp(char *tmpl);
int __real_mkdir(const char *path, mode_t mode);
int __real_open(const char *path, int flags, ...);
ssize_t __real_write(int fd, const void *buf, size_t n);
FILE *__wrap_fopen(const char *path, const char *mode);
int __wrap_fclose(FILE *f);
int __wrap_fflush(FILE *f);
int __wrap_fputs(const char *s, FILE *f);
int __wrap_fputc(int c, FILE *f);
size_t __wrap_fwrite(const void *p, size_t size, size_t n, FILE *f);
int __wrap_fprintf(FILE *f, const char *fmt, ...);
int __wrap_vfprintf(FILE *f, const char *fmt, va_list ap);
int __wrap_fsync(int fd);
int __wrap_rename(const char *a, const char *b);
int __wrap_renameat2(int da, const char *a, int db, const char *b, unsigned flags);
char *__wrap_mkdtemp(char *tmpl);
int __wrap_mkdir(const char *path, mode_t mode);
int __wrap_open(const char *path, int flags, ...);
ssize_t __wrap_write(int fd, const void *buf, size_t n);

FILE *__wrap_fopen(const char *path, const char *mode)
{
    int w = strpbrk(mode, "wa+") != NULL;
    if (w && io_hit())
        return NULL;
    FILE *f = __real_fopen(path, mode);
    if (f && w)
        stream_mark(f, 1);
    return f;
}

int __wrap_fclose(FILE *f)
{
    int w = f && stream_written(f);
    if (w)
        stream_mark(f, 0);
    int fail = w && io_hit();
    int r = __real_fclose(f);
    if (fail) {
        errno = ENOSPC;
        return EOF; /* the buffered tail did not fit */
    }
    return r;
}

int __wrap_fflush(FILE *f)
{
    if (f && f != stdout && f != stderr && stream_written(f) && io_hit())
        return EOF;
    return __real_fflush(f);
}

/* Writes to stdout and stderr are not the disk (the CLI's messages). */
static int disk_stream(FILE *f) { return f != stdout && f != stderr; }

int __wrap_fputs(const char *s, FILE *f)
{
    if (disk_stream(f) && io_hit())
        return EOF;
    return __real_fputs(s, f);
}

int __wrap_fputc(int c, FILE *f)
{
    if (disk_stream(f) && io_hit())
        return EOF;
    return __real_fputc(c, f);
}

size_t __wrap_fwrite(const void *p, size_t size, size_t n, FILE *f)
{
    if (disk_stream(f) && io_hit())
        return 0;
    return __real_fwrite(p, size, n, f);
}

int __wrap_vfprintf(FILE *f, const char *fmt, va_list ap)
{
    if (disk_stream(f) && io_hit())
        return -1;
    return __real_vfprintf(f, fmt, ap);
}

int __wrap_fprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = __wrap_vfprintf(f, fmt, ap);
    va_end(ap);
    return r;
}

int __wrap_fsync(int fd)
{
    /* a directory is flushed best effort (src/run/rundir.c ignores a failed
     * directory fsync by design): only a file's fsync is a fault point */
    struct stat sb;
    if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode))
        return __real_fsync(fd);
    if (io_hit()) {
        errno = EIO;
        return -1;
    }
    return __real_fsync(fd);
}

int __wrap_rename(const char *a, const char *b)
{
    return io_hit() ? -1 : __real_rename(a, b);
}

int __wrap_renameat2(int da, const char *a, int db, const char *b, unsigned flags)
{
    return io_hit() ? -1 : __real_renameat2(da, a, db, b, flags);
}

char *__wrap_mkdtemp(char *tmpl)
{
    return io_hit() ? NULL : __real_mkdtemp(tmpl);
}

int __wrap_mkdir(const char *path, mode_t mode)
{
    return io_hit() ? -1 : __real_mkdir(path, mode);
}

/* open: only an open that may create or write a file can meet a full disk. */
int __wrap_open(const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    if ((flags & (O_CREAT | O_WRONLY | O_RDWR)) && io_hit())
        return -1;
    return __real_open(path, flags, mode);
}

/* write to a file descriptor other than the standard streams */
ssize_t __wrap_write(int fd, const void *buf, size_t n)
{
    if (fd > 2 && io_hit())
        return -1;
    return __real_write(fd, buf, n);
}

/* ---- writes: a SQLite VFS shim over the default VFS ---------------------- */

typedef struct shim_file {
    sqlite3_file base;
    sqlite3_file *real; /* follows this struct in the same allocation */
} shim_file;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs shim_vfs;
static sqlite3_io_methods shim_io;

#define REAL(f) (((shim_file *)(f))->real)

static int sh_close(sqlite3_file *f) { return REAL(f)->pMethods->xClose(REAL(f)); }
static int sh_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o)
{
    return REAL(f)->pMethods->xRead(REAL(f), b, n, o);
}
static int sh_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{
    if (hit(FAULT_IO, FAULT_SITE_SQLITE))
        return SQLITE_FULL;
    return REAL(f)->pMethods->xWrite(REAL(f), b, n, o);
}
static int sh_truncate(sqlite3_file *f, sqlite3_int64 n)
{
    if (hit(FAULT_IO, FAULT_SITE_SQLITE))
        return SQLITE_IOERR_TRUNCATE;
    return REAL(f)->pMethods->xTruncate(REAL(f), n);
}
static int sh_sync(sqlite3_file *f, int flags)
{
    if (hit(FAULT_IO, FAULT_SITE_SQLITE))
        return SQLITE_IOERR_FSYNC;
    return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int sh_size(sqlite3_file *f, sqlite3_int64 *n)
{
    return REAL(f)->pMethods->xFileSize(REAL(f), n);
}
static int sh_lock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xLock(REAL(f), l); }
static int sh_unlock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xUnlock(REAL(f), l); }
static int sh_check(sqlite3_file *f, int *r)
{
    return REAL(f)->pMethods->xCheckReservedLock(REAL(f), r);
}
static int sh_fcntl(sqlite3_file *f, int op, void *a)
{
    return REAL(f)->pMethods->xFileControl(REAL(f), op, a);
}
static int sh_sector(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int sh_devchar(sqlite3_file *f)
{
    return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
static int sh_shmmap(sqlite3_file *f, int p, int sz, int e, void volatile **pp)
{
    return REAL(f)->pMethods->xShmMap(REAL(f), p, sz, e, pp);
}
static int sh_shmlock(sqlite3_file *f, int o, int n, int fl)
{
    return REAL(f)->pMethods->xShmLock(REAL(f), o, n, fl);
}
static void sh_shmbarrier(sqlite3_file *f) { REAL(f)->pMethods->xShmBarrier(REAL(f)); }
static int sh_shmunmap(sqlite3_file *f, int d) { return REAL(f)->pMethods->xShmUnmap(REAL(f), d); }

static int sh_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
    shim_file *s = (shim_file *)f;
    s->base.pMethods = NULL;
    s->real = (sqlite3_file *)(s + 1);
    if ((flags & SQLITE_OPEN_CREATE) && hit(FAULT_IO, FAULT_SITE_SQLITE))
        return SQLITE_CANTOPEN;
    int rc = real_vfs->xOpen(real_vfs, name, s->real, flags, out);
    if (s->real->pMethods)
        s->base.pMethods = &shim_io;
    return rc;
}
static int sh_delete(sqlite3_vfs *v, const char *n, int sync)
{
    return real_vfs->xDelete(real_vfs, n, sync);
}
static int sh_access(sqlite3_vfs *v, const char *n, int fl, int *r)
{
    return real_vfs->xAccess(real_vfs, n, fl, r);
}
static int sh_fullpath(sqlite3_vfs *v, const char *n, int cap, char *out)
{
    return real_vfs->xFullPathname(real_vfs, n, cap, out);
}
static int sh_random(sqlite3_vfs *v, int n, char *out)
{
    return real_vfs->xRandomness(real_vfs, n, out);
}
static int sh_sleep(sqlite3_vfs *v, int us) { return real_vfs->xSleep(real_vfs, us); }
static int sh_time(sqlite3_vfs *v, double *t) { return real_vfs->xCurrentTime(real_vfs, t); }
static int sh_lasterr(sqlite3_vfs *v, int n, char *b)
{
    return real_vfs->xGetLastError(real_vfs, n, b);
}
static int sh_time64(sqlite3_vfs *v, sqlite3_int64 *t)
{
    return real_vfs->xCurrentTimeInt64(real_vfs, t);
}

/* Register the shim as the default VFS; version 1 I/O methods plus the
 * shared-memory ones (no memory-mapped I/O). */
static void install_vfs(void)
{
    real_vfs = sqlite3_vfs_find(NULL);
    shim_vfs = (sqlite3_vfs){.iVersion = 2,
                             .szOsFile = (int)sizeof(shim_file) + real_vfs->szOsFile,
                             .mxPathname = real_vfs->mxPathname,
                             .zName = "vardsim-fault",
                             .xOpen = sh_open,
                             .xDelete = sh_delete,
                             .xAccess = sh_access,
                             .xFullPathname = sh_fullpath,
                             .xRandomness = sh_random,
                             .xSleep = sh_sleep,
                             .xCurrentTime = sh_time,
                             .xGetLastError = sh_lasterr,
                             .xCurrentTimeInt64 = sh_time64};
    shim_io = (sqlite3_io_methods){.iVersion = 2,
                                   .xClose = sh_close,
                                   .xRead = sh_read,
                                   .xWrite = sh_write,
                                   .xTruncate = sh_truncate,
                                   .xSync = sh_sync,
                                   .xFileSize = sh_size,
                                   .xLock = sh_lock,
                                   .xUnlock = sh_unlock,
                                   .xCheckReservedLock = sh_check,
                                   .xFileControl = sh_fcntl,
                                   .xSectorSize = sh_sector,
                                   .xDeviceCharacteristics = sh_devchar,
                                   .xShmMap = sh_shmmap,
                                   .xShmLock = sh_shmlock,
                                   .xShmBarrier = sh_shmbarrier,
                                   .xShmUnmap = sh_shmunmap};
    if (sqlite3_vfs_register(&shim_vfs, 1) != SQLITE_OK)
        abort();
}

void fault_install(void)
{
    if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_real) != SQLITE_OK)
        abort();
    sqlite3_mem_methods m = sqlite_real;
    m.xMalloc = sq_malloc;
    m.xRealloc = sq_realloc;
    if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK || sqlite3_initialize() != SQLITE_OK)
        abort();
    install_vfs();
    json_set_alloc_funcs(json_malloc, json_free);
}
