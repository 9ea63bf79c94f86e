/*
 * fuzz_common.h: shared pieces of the libFuzzer harnesses (fuzz/README.md).
 *
 * Every harness writes the fuzzed bytes to a file in a private scratch
 * directory (the loaders read files, as the program does) and checks the
 * library's error contract on each input:
 *   - a loader returns VS_OK with a result, or a non-OK status with a
 *     non-empty message and no result;
 *   - with VS_FUZZ_STRICT=1 in the environment, a failure message also must
 *     not echo raw control characters (issue 12, defect 8).
 * A violation calls abort(), which libFuzzer reports as a crash with the input.
 */
#ifndef VARDSIM_FUZZ_COMMON_H
#define VARDSIM_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vardsim/core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The scratch directory of this process (created on first use, removed at exit). */
static char fz_dir[256];

static void fz_cleanup(void)
{
    char cmd[300];
    if (fz_dir[0]) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", fz_dir);
        if (system(cmd) != 0)
            fprintf(stderr, "fuzz: could not remove %s\n", fz_dir);
    }
}

/* Create the scratch directory (in $TMPDIR, else /dev/shm, else /tmp); abort on failure. */
static inline const char *fz_scratch(void)
{
    if (fz_dir[0])
        return fz_dir;
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(fz_dir, sizeof fz_dir, "%s/vardsim-fuzz-XXXXXX", base);
    if (!mkdtemp(fz_dir)) {
        perror("fuzz: mkdtemp");
        abort();
    }
    atexit(fz_cleanup);
    return fz_dir;
}

/* Path of NAME inside the scratch directory, in buf (static storage of the caller). */
static inline const char *fz_path(char *buf, size_t cap, const char *name)
{
    snprintf(buf, cap, "%s/%s", fz_scratch(), name);
    return buf;
}

/* Make directory path (an existing one is fine); 0 on success. */
static inline int fz_mkdir(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return 0;
    return mkdir(path, 0700);
}

/* Write len bytes to path (replacing it); abort on an I/O error. */
static inline void fz_write(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0) {
        perror(path);
        abort();
    }
}

/* Copy the file at src to dst; abort when src cannot be read. */
static inline void fz_copy(const char *src, const char *dst)
{
    FILE *f = fopen(src, "rb");
    if (!f) {
        perror(src);
        abort();
    }
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    do {
        if (n + 65536 > cap) {
            cap = 2 * cap + 65536;
            buf = realloc(buf, cap);
            if (!buf)
                abort();
        }
        got = fread(buf + n, 1, 65536, f);
        n += got;
    } while (got > 0);
    fclose(f);
    fz_write(dst, buf, n);
    free(buf);
}

/* The error contract of a loader call that returned st with result pointer res. */
static inline void fz_check(const vs_ctx *ctx, vs_status st, const void *res)
{
    if (st == VS_OK) {
        if (!res) {
            fprintf(stderr, "fuzz: VS_OK without a result\n");
            abort();
        }
        return;
    }
    const char *msg = vs_ctx_message(ctx);
    if (res || !msg || !*msg) {
        fprintf(stderr, "fuzz: failure %s %s\n", vs_status_name(st),
                res ? "left a result behind" : "without a message");
        abort();
    }
    const char *strict = getenv("VS_FUZZ_STRICT");
    if (strict && strcmp(strict, "1") == 0) {
        for (const unsigned char *p = (const unsigned char *)msg; *p; p++)
            if (*p < 0x20 || *p == 0x7f) {
                fprintf(stderr, "fuzz: raw control byte 0x%02x in message: %s\n", *p, msg);
                abort();
            }
    }
}

/* A fresh context; abort when none can be made. */
static inline vs_ctx *fz_ctx(void)
{
    vs_ctx *ctx = NULL;
    if (vs_ctx_create(&ctx) != VS_OK)
        abort();
    return ctx;
}

#endif
