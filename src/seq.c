/*
 * seq — small algorithms on arrays of 32-bit values: sorting and the
 * border test (the failure function of Knuth, Morris and Pratt, linear
 * in the length).
 * Engine layer.
 */
#include "seq.h"

#include <stdlib.h>

#include "util.h"

/* Borders of strings up to this long are found without allocating. */
#define BORDER_STACK 256
/* Below this many values, an insertion sort beats qsort()'s calls through a pointer. */
#define SMALL_SORT 64

void seq_sort_small(uint32_t *v, size_t n)
{
        for (size_t i = 1; i < n; i++) {
                uint32_t y = v[i];
                size_t j = i;
                for (; j > 0 && v[j - 1] > y; j--)
                        v[j] = v[j - 1];
                v[j] = y;
        }
}

static int cmp_u32(const void *pa, const void *pb)
{
        uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
        return (a > b) - (a < b);
}

void seq_sort(uint32_t *v, size_t n)
{
        if (n < SMALL_SORT)
                seq_sort_small(v, n);
        else
                qsort(v, n, sizeof *v, cmp_u32);
}

bool seq_has_border(const uint32_t *s, size_t n)
{
        if (n < 2)
                return false;
        size_t stack[BORDER_STACK];
        size_t *fail = n <= BORDER_STACK ? stack : xmalloc(n * sizeof *fail);
        size_t b = 0;
        fail[0] = 0;
        for (size_t i = 1; i < n; i++) {
                while (b > 0 && s[i] != s[b])
                        b = fail[b - 1];
                if (s[i] == s[b])
                        b++;
                fail[i] = b;
        }
        if (fail != stack)
                free(fail);
        return b > 0;
}
