/*
 * seq — small algorithms on arrays of 32-bit values: an insertion sort,
 * a quickselect that places several ranks at once, and the border test
 * (the failure function of Knuth, Morris and Pratt, linear in the length).
 * Engine layer.
 */
#include "seq.h"

#include <stdlib.h>

#include "util.h"

/* Below this many entries selection sorts what is left. */
#define SELECT_SORT_MAX 32
/* Borders of strings up to this long are found without allocating. */
#define BORDER_STACK 256

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

void seq_select(uint32_t *v, size_t lo, size_t hi, const size_t *want, size_t nw)
{
        while (nw > 0) {
                if (hi - lo <= SELECT_SORT_MAX) {
                        seq_sort_small(v + lo, hi - lo);
                        return;
                }
                uint32_t a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi - 1];
                uint32_t piv = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
                size_t i = lo, j = hi - 1;
                for (;;) {
                        while (v[i] < piv)
                                i++;
                        while (v[j] > piv)
                                j--;
                        if (i >= j)
                                break;
                        uint32_t t = v[i];
                        v[i++] = v[j];
                        v[j--] = t;
                }
                /* v[lo, j] <= piv <= v[j + 1, hi); the values being distinct, pivots do not matter. */
                size_t split = j + 1, k = 0;
                while (k < nw && want[k] < split)
                        k++;
                seq_select(v, lo, split, want, k);
                lo = split;
                want += k;
                nw -= k;
        }
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
