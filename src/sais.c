/*
 * sais — SA-IS suffix sorting. Suffixes are typed S (smaller than the next
 * suffix) or L (larger); the leftmost S of each S-run (LMS) are sorted first
 * as substrings by two induced passes, named, and, when names repeat, sorted
 * recursively as a reduced string stored in the upper half of sa itself; a
 * final pair of induced passes from the sorted LMS suffixes sorts the rest.
 * Engine layer; allocation is the type bitmap and two bucket arrays a level.
 */
#include "sais.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define EMPTY UINT32_MAX

static inline bool is_s(const uint8_t *ty, size_t i)
{
        return ty[i >> 3] & (1u << (i & 7));
}

static inline bool is_lms(const uint8_t *ty, size_t i)
{
        return i > 0 && is_s(ty, i) && !is_s(ty, i - 1);
}

static void bucket_heads(const uint32_t *cnt, uint32_t *bkt, size_t k)
{
        uint32_t sum = 0;
        for (size_t c = 0; c < k; c++) {
                bkt[c] = sum;
                sum += cnt[c];
        }
}

static void bucket_tails(const uint32_t *cnt, uint32_t *bkt, size_t k)
{
        uint32_t sum = 0;
        for (size_t c = 0; c < k; c++) {
                sum += cnt[c];
                bkt[c] = sum;
        }
}

/* From LMS suffixes already in sa, induce L-type then S-type suffixes. */
static void induce(const uint32_t *t, uint32_t *sa, size_t n, const uint8_t *ty,
                   const uint32_t *cnt, uint32_t *bkt, size_t k)
{
        bucket_heads(cnt, bkt, k);
        for (size_t i = 0; i < n; i++) {
                uint32_t j = sa[i];
                if (j != EMPTY && j > 0 && !is_s(ty, j - 1))
                        sa[bkt[t[j - 1]]++] = j - 1;
        }
        bucket_tails(cnt, bkt, k);
        for (size_t i = n; i-- > 0;) {
                uint32_t j = sa[i];
                if (j != EMPTY && j > 0 && is_s(ty, j - 1))
                        sa[--bkt[t[j - 1]]] = j - 1;
        }
}

/* Are the LMS substrings starting at a and b equal (characters and types)? */
static bool lms_equal(const uint32_t *t, const uint8_t *ty, size_t n, size_t a, size_t b)
{
        if (a == n - 1 || b == n - 1)
                return false;
        for (size_t d = 0;; d++) {
                if (t[a + d] != t[b + d] || is_s(ty, a + d) != is_s(ty, b + d))
                        return false;
                if (d > 0) {
                        bool ea = is_lms(ty, a + d), eb = is_lms(ty, b + d);
                        if (ea || eb)
                                return ea && eb;
                }
        }
}

static void sais_level(const uint32_t *t, uint32_t *sa, size_t n, size_t k)
{
        uint8_t *ty = xcalloc((n + 7) / 8, 1);
        uint32_t *cnt = xcalloc(k, sizeof *cnt);
        uint32_t *bkt = xmalloc(k * sizeof *bkt);

        ty[(n - 1) >> 3] |= 1u << ((n - 1) & 7);
        for (size_t i = n - 1; i-- > 0;) {
                if (t[i] < t[i + 1] || (t[i] == t[i + 1] && is_s(ty, i + 1)))
                        ty[i >> 3] |= 1u << (i & 7);
        }
        for (size_t i = 0; i < n; i++)
                cnt[t[i]]++;

        /* Stage 1: sort the LMS substrings. */
        memset(sa, 0xff, n * sizeof *sa);
        bucket_tails(cnt, bkt, k);
        for (size_t i = 1; i < n; i++)
                if (is_lms(ty, i))
                        sa[--bkt[t[i]]] = (uint32_t)i;
        induce(t, sa, n, ty, cnt, bkt, k);

        size_t n1 = 0;
        for (size_t i = 0; i < n; i++)
                if (is_lms(ty, sa[i]))
                        sa[n1++] = sa[i];

        /* Name them; names go to sa[n1 + pos / 2], LMS positions being >= 2 apart. */
        memset(sa + n1, 0xff, (n - n1) * sizeof *sa);
        uint32_t name = 0;
        size_t prev = EMPTY;
        for (size_t i = 0; i < n1; i++) {
                size_t pos = sa[i];
                if (prev == EMPTY || !lms_equal(t, ty, n, prev, pos))
                        name++;
                prev = pos;
                sa[n1 + pos / 2] = name - 1;
        }
        uint32_t *s1 = sa + n - n1;
        for (size_t i = n, j = n; i-- > n1;)
                if (sa[i] != EMPTY)
                        sa[--j] = sa[i];

        /* Stage 2: sort the LMS suffixes, recursing while names repeat. */
        if (name < n1) {
                sais_level(s1, sa, n1, name);
        } else {
                for (size_t i = 0; i < n1; i++)
                        sa[s1[i]] = (uint32_t)i;
        }

        /* Stage 3: place the sorted LMS suffixes and induce the rest. */
        for (size_t i = 1, j = 0; i < n; i++)
                if (is_lms(ty, i))
                        s1[j++] = (uint32_t)i;
        for (size_t i = 0; i < n1; i++)
                sa[i] = s1[sa[i]];
        memset(sa + n1, 0xff, (n - n1) * sizeof *sa);
        bucket_tails(cnt, bkt, k);
        for (size_t i = n1; i-- > 0;) {
                uint32_t j = sa[i];
                sa[i] = EMPTY;
                sa[--bkt[t[j]]] = j;
        }
        induce(t, sa, n, ty, cnt, bkt, k);

        free(ty);
        free(cnt);
        free(bkt);
}

int sais_build(const uint32_t *t, uint32_t *sa, size_t n, size_t k)
{
        if (n == 0 || n >= UINT32_MAX || t[n - 1] != 0 || k == 0)
                return LC_EINVAL;
        if (n == 1) {
                sa[0] = 0;
                return LC_OK;
        }
        sais_level(t, sa, n, k);
        return LC_OK;
}
