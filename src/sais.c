/*
 * sais — SA-IS suffix sorting. Suffixes are typed S (smaller than the next
 * suffix) or L (larger); the leftmost S of each S-run (LMS) are sorted first
 * as substrings by two induced passes, named, and, when names repeat, sorted
 * recursively as a reduced string stored in the upper half of sa itself; a
 * final pair of induced passes from the sorted LMS suffixes sorts the rest.
 *
 * Speed comes from memory traffic: each induced step reads the character
 * and type of a suffix's predecessor, a random access. The type lives in the
 * top bit of the character itself, so that is one cache miss instead of
 * two, and the scans prefetch the predecessors a few entries ahead.
 * Engine layer.
 */
#include "sais.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define EMPTY UINT32_MAX
#define S_BIT 0x80000000u
#define CHAR(x) ((x) & ~S_BIT)
#define PREFETCH_AHEAD 32

static inline bool is_lms(const uint32_t *t, size_t i)
{
        return i > 0 && (t[i] & S_BIT) && !(t[i - 1] & S_BIT);
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

static inline void prefetch_pred(const uint32_t *t, const uint32_t *sa, size_t i, size_t n)
{
        if (i < n) {
                uint32_t j = sa[i];
                if (j != EMPTY && j > 0)
                        __builtin_prefetch(&t[j - 1]);
        }
}

/* From LMS suffixes already in sa, induce L-type then S-type suffixes. */
static void induce(const uint32_t *t, uint32_t *sa, size_t n, const uint32_t *cnt,
                   uint32_t *bkt, size_t k)
{
        bucket_heads(cnt, bkt, k);
        for (size_t i = 0; i < n; i++) {
                prefetch_pred(t, sa, i + PREFETCH_AHEAD, n);
                uint32_t j = sa[i];
                if (j != EMPTY && j > 0 && !(t[j - 1] & S_BIT))
                        sa[bkt[t[j - 1]]++] = j - 1;
        }
        bucket_tails(cnt, bkt, k);
        for (size_t i = n; i-- > 0;) {
                if (i >= PREFETCH_AHEAD)
                        prefetch_pred(t, sa, i - PREFETCH_AHEAD, n);
                uint32_t j = sa[i];
                if (j != EMPTY && j > 0 && (t[j - 1] & S_BIT))
                        sa[--bkt[CHAR(t[j - 1])]] = j - 1;
        }
}

/* Are the LMS substrings starting at a and b equal (characters and types)? */
static bool lms_equal(const uint32_t *t, size_t n, size_t a, size_t b)
{
        if (a == n - 1 || b == n - 1)
                return false;
        for (size_t d = 0;; d++) {
                if (t[a + d] != t[b + d])
                        return false;
                if (d > 0) {
                        bool ea = is_lms(t, a + d), eb = is_lms(t, b + d);
                        if (ea || eb)
                                return ea && eb;
                }
        }
}

/* Sort the suffixes of t, whose characters carry their S-type bit. */
static void sais_level(uint32_t *t, uint32_t *sa, size_t n, size_t k)
{
        uint32_t *cnt = xcalloc(k, sizeof *cnt);
        uint32_t *bkt = xmalloc(k * sizeof *bkt);
        for (size_t i = 0; i < n; i++)
                cnt[CHAR(t[i])]++;

        /* Stage 1: sort the LMS substrings. */
        memset(sa, 0xff, n * sizeof *sa);
        bucket_tails(cnt, bkt, k);
        for (size_t i = 1; i < n; i++)
                if (is_lms(t, i))
                        sa[--bkt[CHAR(t[i])]] = (uint32_t)i;
        induce(t, sa, n, cnt, bkt, k);

        size_t n1 = 0;
        for (size_t i = 0; i < n; i++) {
                if (i + PREFETCH_AHEAD < n)
                        __builtin_prefetch(&t[sa[i + PREFETCH_AHEAD]]);
                if (is_lms(t, sa[i]))
                        sa[n1++] = sa[i];
        }

        /* Name them; names go to sa[n1 + pos / 2], LMS positions being >= 2 apart. */
        memset(sa + n1, 0xff, (n - n1) * sizeof *sa);
        uint32_t name = 0;
        size_t prev = EMPTY;
        for (size_t i = 0; i < n1; i++) {
                if (i + PREFETCH_AHEAD < n1)
                        __builtin_prefetch(&t[sa[i + PREFETCH_AHEAD]]);
                size_t pos = sa[i];
                if (prev == EMPTY || !lms_equal(t, n, prev, pos))
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
                s1[n1 - 1] |= S_BIT;
                for (size_t i = n1 - 1; i-- > 0;)
                        if (s1[i] < CHAR(s1[i + 1]) ||
                            (s1[i] == CHAR(s1[i + 1]) && (s1[i + 1] & S_BIT)))
                                s1[i] |= S_BIT;
                sais_level(s1, sa, n1, name);
        } else {
                for (size_t i = 0; i < n1; i++)
                        sa[s1[i]] = (uint32_t)i;
        }

        /* Stage 3: place the sorted LMS suffixes and induce the rest. */
        for (size_t i = 1, j = 0; i < n; i++)
                if (is_lms(t, i))
                        s1[j++] = (uint32_t)i;
        for (size_t i = 0; i < n1; i++)
                sa[i] = s1[sa[i]];
        memset(sa + n1, 0xff, (n - n1) * sizeof *sa);
        bucket_tails(cnt, bkt, k);
        for (size_t i = n1; i-- > 0;) {
                uint32_t j = sa[i];
                sa[i] = EMPTY;
                sa[--bkt[CHAR(t[j])]] = j;
        }
        induce(t, sa, n, cnt, bkt, k);

        free(cnt);
        free(bkt);
}

int sais_build(uint32_t *t, uint32_t *sa, size_t n, size_t k)
{
        if (n == 0 || n >= S_BIT || k >= S_BIT || t[n - 1] != 0 || k == 0)
                return LC_EINVAL;
        for (size_t i = 0; i < n; i++)
                if (t[i] >= k)
                        return LC_EINVAL;
        if (n == 1) {
                sa[0] = 0;
                return LC_OK;
        }
        /* Tag S-type characters; the tags come off again before returning. */
        t[n - 1] |= S_BIT;
        for (size_t i = n - 1; i-- > 0;)
                if (t[i] < CHAR(t[i + 1]) || (t[i] == CHAR(t[i + 1]) && (t[i + 1] & S_BIT)))
                        t[i] |= S_BIT;
        sais_level(t, sa, n, k);
        for (size_t i = 0; i < n; i++)
                t[i] &= ~S_BIT;
        return LC_OK;
}
