/*
 * util — status strings, checked allocation, the string buffer, the clock
 * and canonical paths.
 * Engine layer: no terminal, no database.
 */
#include "util.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#include <pthread.h>
#include <stdbool.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

const char *lc_strerror(int status)
{
        switch (status) {
        case LC_OK: return "success";
        case LC_ENOMEM: return "out of memory";
        case LC_EIO: return "input/output error";
        case LC_EINVAL: return "invalid argument";
        case LC_EBINARY: return "not a text file";
        case LC_ENCODING: return "unusable character encoding";
        case LC_ESKIP: return "skipped";
        case LC_ESTORE: return "bookmark database error";
        case LC_ECANCEL: return "cancelled";
        case LC_ECHANGED: return "changed elsewhere meanwhile";
        case LC_EBUSY: return "busy";
        default: return "unknown error";
        }
}

static void oom(void)
{
        /* The only exit in the engine: nothing sensible can follow. */
        fputs("lectern: out of memory\n", stderr);
        abort();
}

void *xmalloc(size_t n)
{
        void *p = malloc(n ? n : 1);
        if (!p)
                oom();
        return p;
}

/* Below this, huge pages are not worth the rounding. */
#define BIG_MIN ((size_t)8 << 20)
#define HUGE_PAGE ((size_t)2 << 20)

void *xmalloc_big(size_t n)
{
        if (n < BIG_MIN)
                return xmalloc(n);
        size_t rounded = (n + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
        void *p = aligned_alloc(HUGE_PAGE, rounded);
        if (!p)
                oom();
#ifdef MADV_HUGEPAGE
        /* Only advice: where the kernel has no huge pages to give, nothing changes. */
        (void)madvise(p, rounded, MADV_HUGEPAGE);
#endif
        return p;
}

void lc_heap_trim(void)
{
#ifdef __GLIBC__
        /* Free pages in the middle of the heap stay resident until asked for. */
        malloc_trim(0);
#endif
}

void lc_run_parallel(void *(*fn)(void *), void *jobs, size_t size, size_t n)
{
        pthread_t tid[LC_MAX_THREADS];
        bool started[LC_MAX_THREADS] = { false };
        for (size_t t = 1; t < n && t < LC_MAX_THREADS; t++)
                started[t] = pthread_create(&tid[t], NULL, fn, (char *)jobs + t * size) == 0;
        fn(jobs);
        for (size_t t = 1; t < n; t++) {
                if (t < LC_MAX_THREADS && started[t])
                        pthread_join(tid[t], NULL);
                else
                        fn((char *)jobs + t * size);
        }
}

void *xcalloc(size_t n, size_t size)
{
        void *p = calloc(n ? n : 1, size ? size : 1);
        if (!p)
                oom();
        return p;
}

void *xrealloc(void *p, size_t n)
{
        p = realloc(p, n ? n : 1);
        if (!p)
                oom();
        return p;
}

void *xgrow(void *p, size_t *cap, size_t need, size_t size)
{
        if (need <= *cap)
                return p;
        size_t c = *cap ? *cap : 8;
        while (c < need) {
                if (c > SIZE_MAX / 2 / size)
                        oom();
                c *= 2;
        }
        *cap = c;
        return xrealloc(p, c * size);
}

char *xstrdup(const char *s)
{
        return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
        char *d = xmalloc(n + 1);
        memcpy(d, s, n);
        d[n] = '\0';
        return d;
}

static char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

static char *xvasprintf(const char *fmt, va_list ap)
{
        va_list aq;
        va_copy(aq, ap);
        int n = vsnprintf(NULL, 0, fmt, aq);
        va_end(aq);
        if (n < 0)
                return xstrdup("?");
        char *s = xmalloc((size_t)n + 1);
        vsnprintf(s, (size_t)n + 1, fmt, ap);
        return s;
}

char *xasprintf(const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        char *s = xvasprintf(fmt, ap);
        va_end(ap);
        return s;
}

int lc_fail(char **cause, int status, const char *fmt, ...)
{
        if (cause) {
                va_list ap;
                va_start(ap, fmt);
                free(*cause);
                *cause = xvasprintf(fmt, ap);
                va_end(ap);
        }
        return status;
}

void sbuf_add(struct sbuf *b, const char *s, size_t n)
{
        b->s = xgrow(b->s, &b->cap, b->len + n + 1, 1);
        memcpy(b->s + b->len, s, n);
        b->len += n;
        b->s[b->len] = '\0';
}

void sbuf_adds(struct sbuf *b, const char *s)
{
        sbuf_add(b, s, strlen(s));
}

void sbuf_addc(struct sbuf *b, char c)
{
        sbuf_add(b, &c, 1);
}

void sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        char *s = xvasprintf(fmt, ap);
        va_end(ap);
        sbuf_adds(b, s);
        free(s);
}

char *sbuf_take(struct sbuf *b)
{
        char *s = b->s ? b->s : xstrdup("");
        b->s = NULL;
        b->len = b->cap = 0;
        return s;
}

void sbuf_free(struct sbuf *b)
{
        free(b->s);
        b->s = NULL;
        b->len = b->cap = 0;
}

double lc_now(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

char *lc_canonical_path(const char *path)
{
        char *p = realpath(path, NULL);
        return p ? p : xstrdup(path);
}
