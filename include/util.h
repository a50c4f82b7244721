/*
 * util — status codes, checked allocation and a growable byte buffer shared
 * by every layer. Nothing here prints or exits, except the allocation
 * wrappers, which abort on out-of-memory because no caller could recover
 * from it meaningfully.
 */
#ifndef LECTERN_UTIL_H
#define LECTERN_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Status codes: 0 is success, failures are negative. */
enum lc_status {
        LC_OK = 0,
        LC_ENOMEM = -1,
        LC_EIO = -2,        /* the operating system refused (errno kept in cause) */
        LC_EINVAL = -3,     /* a bad argument or option */
        LC_EBINARY = -4,    /* the file is not text */
        LC_ENCODING = -5,   /* an unknown or unusable character encoding */
        LC_ESKIP = -6,      /* not a regular file, or otherwise skipped */
        LC_ESTORE = -7,     /* the bookmark database failed */
        LC_ECANCEL = -8,    /* cancelled by the caller */
        LC_ECHANGED = -9,   /* changed by someone else since it was read */
        LC_EBUSY = -10,     /* held by someone else for now: try again later */
};

/* A short English description of a status code; never NULL. */
const char *lc_strerror(int status);

#define LC_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
/*
 * For a large array read at random (the key, the suffix array): asks the
 * kernel for transparent huge pages, which spare most of the TLB misses of
 * random access (on Linux; advice, never required). Freed with free().
 */
void *xmalloc_big(size_t n);

/*
 * Give the allocator's free pages back to the system, after a phase that
 * freed much in small pieces (loading thousands of files). Only where the
 * C library can; elsewhere nothing.
 */
void lc_heap_trim(void);

/*
 * Run fn on each of the n jobs (size bytes apart from jobs on): the first
 * on the calling thread, the others on threads of their own, or here too
 * when a thread cannot be had or n passes LC_MAX_THREADS. Returns when
 * all are done.
 */
#define LC_MAX_THREADS 8
void lc_run_parallel(void *(*fn)(void *), void *jobs, size_t size, size_t n);
void *xrealloc(void *p, size_t n);
/* Grow an array to hold at least `need` items of `size` bytes. */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh string the caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Set *cause (when cause is not NULL) to a formatted message; returns status. */
int lc_fail(char **cause, int status, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* A growable byte buffer, always NUL-terminated once anything was added. */
struct sbuf {
        char *s;
        size_t len, cap;
};
void sbuf_add(struct sbuf *b, const char *s, size_t n);
void sbuf_adds(struct sbuf *b, const char *s);
void sbuf_addc(struct sbuf *b, char c);
void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the string over to the caller (never NULL) and reset the buffer. */
char *sbuf_take(struct sbuf *b);
void sbuf_free(struct sbuf *b);

/*
 * Bytes of the UTF-8 character whose lead byte s points at (1 for a stray
 * continuation byte). For text already made valid, as every document is.
 */
static inline size_t lc_utf8_len(const char *s)
{
        unsigned char c = (unsigned char)*s;
        return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/*
 * In the ascending v[lo, hi), the last index whose value is at most key,
 * or lo when there is none (lo < hi): the table entry that covers key.
 */
static inline size_t lc_last_at_most(const uint32_t *v, size_t lo, size_t hi, size_t key)
{
        while (hi - lo > 1) {
                size_t mid = lo + (hi - lo) / 2;
                if (v[mid] <= key)
                        lo = mid;
                else
                        hi = mid;
        }
        return lo;
}

/* Monotonic clock in seconds, for progress and timings. */
double lc_now(void);

/*
 * path with symbolic links, . and .. resolved (realpath), or a copy of it
 * when it cannot be resolved: how bookmarks name a document, whatever the
 * working directory. The caller frees it.
 */
char *lc_canonical_path(const char *path);

#endif
