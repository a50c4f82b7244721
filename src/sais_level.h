/*
 * sais_level — one level of SA-IS over characters of type CHAR_T, included
 * by sais.c once per width (16 and 32 bits): the key of a corpus of
 * speeches fits 16 bits, which halves the largest array of the sort and
 * the memory its random reads miss in. The reduced strings of the levels
 * below are always 32-bit, and keep each character's type in its top bit,
 * T_BIT, next to the character (one cache miss for both). The 16-bit
 * level is the key itself, which others may be reading while it is
 * sorted: it is only read, and its types are never stored (UNTAGGED).
 * The scans infer a predecessor's type from the two characters and the
 * suffix's own type; the passes that look for LMS positions go right to
 * left, each type following from the next; and LMS substrings are
 * compared by their lengths and characters, which decide their types.
 *
 * Before inclusion: CHAR_T, T_BIT, UNTAGGED (0 or 1) and NAMED(x) (x
 * with the width's suffix); the 32-bit one comes first, as every width
 * recurses into it. Engine layer.
 */

#if UNTAGGED
#define TCHAR(x) ((uint32_t)(x))
#else
#define TCHAR(x) ((uint32_t)((x) & ~T_BIT))

/* Tag the S-type characters of t[0, n), whose last is the sentinel, in their top bit. */
static void NAMED(tag_types)(CHAR_T *t, size_t n)
{
        t[n - 1] |= T_BIT;
        for (size_t i = n - 1; i-- > 0;)
                if (TCHAR(t[i]) < TCHAR(t[i + 1]) ||
                    (TCHAR(t[i]) == TCHAR(t[i + 1]) && (t[i + 1] & T_BIT)))
                        t[i] |= T_BIT;
}
#endif

/* Is suffix i S-type, given whether suffix i + 1 is? */
static inline bool NAMED(s_type)(const CHAR_T *t, size_t i, bool next_s)
{
        return TCHAR(t[i]) < TCHAR(t[i + 1]) || (TCHAR(t[i]) == TCHAR(t[i + 1]) && next_s);
}

/*
 * The sa entry for suffix p, whose type is s_type: p, tagged when p's
 * predecessor is S-type, which untagged follows from the two characters
 * and p's type.
 */
static inline uint32_t NAMED(entry)(const CHAR_T *t, size_t p, bool s_type)
{
        if (p == 0)
                return 0;
        if (UNTAGGED)
                return (uint32_t)p | (uint32_t)(s_type ? t[p - 1] <= t[p] : t[p - 1] < t[p]) << 31;
        return (uint32_t)p | (uint32_t)((t[p - 1] & T_BIT) != 0) << 31;
}

/*
 * Left to right, induce the L-type suffixes from the entries already in
 * sa (0 stands for an empty slot: suffix 0 has no predecessor either). An
 * untagged entry j > 0 has an L-type predecessor, so its character needs
 * no type check; j - 1 < PRED_S - 1, unsigned, tells those apart from both
 * empty slots and tagged entries in one comparison.
 */
static void NAMED(scan_l)(const CHAR_T *t, uint32_t *sa, size_t n,
                          uint32_t *bkt, struct progress *pg, double a, double b)
{
        for (size_t i0 = 0; i0 < n; i0 += CHUNK) {
                size_t i1 = i0 + CHUNK < n ? i0 + CHUNK : n;
                for (size_t i = i0; i < i1; i++) {
                        if (i + FAR_AHEAD < n) {
                                uint32_t j = sa[i + FAR_AHEAD];
                                if (j - 1 < PRED_S - 1)
                                        __builtin_prefetch(&t[j - 1]);
                        }
                        if (i + NEAR_AHEAD < n) {
                                uint32_t j = sa[i + NEAR_AHEAD];
                                if (j - 1 < PRED_S - 1)
                                        __builtin_prefetch(&sa[bkt[t[j - 1]]], 1);
                        }
                        uint32_t j = sa[i];
                        if (j - 1 < PRED_S - 1)
                                sa[bkt[t[j - 1]]++] = NAMED(entry)(t, j - 1, false);
                }
                progress_at(pg, a + (b - a) * (double)i1 / (double)n);
        }
}

/*
 * Right to left, induce the S-type suffixes from the tagged entries,
 * clearing the tags. With lms set (the first pass), it also moves every
 * LMS suffix met, in order, to the tail of sa and returns their number:
 * an untagged entry is an LMS suffix when it lies in the S-type part of its
 * bucket, which the scan has passed when the bucket's write position is
 * not above it.
 */
static size_t NAMED(scan_s)(const CHAR_T *t, uint32_t *sa, size_t n,
                            const uint32_t *cnt, uint32_t *bkt, size_t k, bool lms,
                            struct progress *pg, double a, double b)
{
        size_t w = n, c = k - 1, lo = cnt ? n - cnt[k - 1] : 0;
        for (size_t i1 = n; i1 > 0;) {
                size_t i0 = i1 > CHUNK ? i1 - CHUNK : 0;
                for (size_t i = i1; i-- > i0;) {
                        if (i >= FAR_AHEAD) {
                                uint32_t j = sa[i - FAR_AHEAD];
                                if (j & PRED_S)
                                        __builtin_prefetch(&t[(j & ~PRED_S) - 1]);
                        }
                        if (i >= NEAR_AHEAD) {
                                uint32_t j = sa[i - NEAR_AHEAD];
                                if (j & PRED_S)
                                        __builtin_prefetch(
                                                &sa[bkt[TCHAR(t[(j & ~PRED_S) - 1])] - 1], 1);
                        }
                        if (lms && !cnt && i >= NEAR_AHEAD)
                                __builtin_prefetch(&t[sa[i - NEAR_AHEAD] & ~PRED_S]);
                        uint32_t j = sa[i];
                        if (j & PRED_S) {
                                j &= ~PRED_S;
                                sa[i] = j;
                                sa[--bkt[TCHAR(t[j - 1])]] = NAMED(entry)(t, j - 1, true);
                        } else if (lms && j != 0) {
                                if (!cnt)
                                        c = TCHAR(t[j]);
                                while (i < lo)
                                        lo -= cnt[--c];
                                if (i >= bkt[c])
                                        sa[--w] = j;
                        }
                }
                i1 = i0;
                progress_at(pg, a + (b - a) * (double)(n - i0) / (double)n);
        }
        return n - w;
}

/*
 * Name the n1 sorted LMS substrings in the tail of sa and leave the reduced
 * string (the names in text order) there instead. Each LMS position's
 * substring length (to the next LMS position) goes to sa[pos / 2] first,
 * then its name: LMS positions are at least 2 apart, and n1 <= n / 2
 * keeps that below the tail. Two substrings of the same length and
 * characters are equal, types included: both end on an LMS position, and
 * every type before follows from the characters and the next type. The
 * sentinel's equals none. Returns the number of distinct names.
 */
static uint32_t NAMED(name_lms)(const CHAR_T *t, uint32_t *sa, size_t n, size_t n1)
{
        size_t half = (n + 1) / 2;
        memset(sa, 0xff, half * sizeof *sa);
        bool s = true;
        for (size_t i = n - 1, next = n - 1; i-- > 0;) {
                bool si = NAMED(s_type)(t, i, s);
                if (s && !si) {
                        sa[(i + 1) / 2] = (uint32_t)(next - (i + 1));
                        next = i + 1;
                }
                s = si;
        }
        uint32_t name = 0;
        size_t prev = n, prev_len = 0;
        for (size_t i = n - n1; i < n; i++) {
                if (i + FAR_AHEAD < n) {
                        uint32_t ahead = sa[i + FAR_AHEAD];
                        __builtin_prefetch(&t[ahead]);
                        __builtin_prefetch(&sa[ahead / 2], 1);
                }
                size_t pos = sa[i], len = sa[pos / 2];
                if (prev == n || len != prev_len || pos == n - 1 || prev == n - 1 ||
                    memcmp(t + prev, t + pos, (len + 1) * sizeof *t) != 0)
                        name++;
                prev = pos;
                prev_len = len;
                sa[pos / 2] = name - 1;
        }
        for (size_t i = half, j = n; i-- > 0;)
                if (sa[i] != NAME_NONE)
                        sa[--j] = sa[i];
        return name;
}

/*
 * The bucket heads or tails into bkt: from the counts, or without them by
 * counting t into bkt and summing in place.
 */
static void NAMED(bucket_ends)(const CHAR_T *t, size_t n, const uint32_t *cnt, uint32_t *bkt,
                               size_t k, bool tails)
{
        if (cnt) {
                if (tails)
                        bucket_tails(cnt, bkt, k);
                else
                        bucket_heads(cnt, bkt, k);
                return;
        }
        memset(bkt, 0, k * sizeof *bkt);
        for (size_t i = 0; i < n; i++)
                bkt[TCHAR(t[i])]++;
        uint32_t sum = 0;
        for (size_t c = 0; c < k; c++) {
                uint32_t m = bkt[c];
                bkt[c] = tails ? sum + m : sum;
                sum += m;
        }
}

/*
 * Sort the suffixes of t, whose characters carry their S-type bit, while
 * reporting progress through [a, b). The bucket counts and pointers go
 * into spare (nspare entries no one else uses meanwhile) when they fit.
 * When only the pointers fit, the counts are not kept: the pointers are
 * counted afresh each time they are reset, and the LMS pass reads each
 * suffix's bucket from t. Deep levels have about as many names as
 * characters, and their counts, allocated while every level above holds
 * its own, would add up to megabytes at the peak of the sort.
 */
static void NAMED(sais_level)(const CHAR_T *t, uint32_t *sa, size_t n,
                              size_t k, uint32_t *spare, size_t nspare, struct progress *pg,
                              double a, double b)
{
        bool both = spare && nspare >= 2 * k, recount = !both && spare && nspare >= k;
        uint32_t *cnt = both ? spare : recount ? NULL : xmalloc(k * sizeof *cnt);
        uint32_t *bkt = both ? spare + k : recount ? spare : xmalloc(k * sizeof *bkt);
        if (cnt) {
                memset(cnt, 0, k * sizeof *cnt);
                for (size_t i = 0; i < n; i++)
                        cnt[TCHAR(t[i])]++;
        }

        /*
         * The work of a level is about 4n scan steps and its recursion about
         * 6 n1 (a geometric series), n1 about n / 3 before it is known.
         */
        double mid = a + (b - a) / 3;

        /* Stage 1: sort the LMS substrings. */
        memset(sa, 0, n * sizeof *sa);
        NAMED(bucket_ends)(t, n, cnt, bkt, k, true);
        bool s = true;
        for (size_t i = n - 1; i-- > 0;) {
                bool si = NAMED(s_type)(t, i, s);
                if (s && !si)
                        sa[--bkt[TCHAR(t[i + 1])]] = (uint32_t)(i + 1);
                s = si;
        }
        NAMED(bucket_ends)(t, n, cnt, bkt, k, false);
        NAMED(scan_l)(t, sa, n, bkt, pg, a, (a + mid) / 2);
        NAMED(bucket_ends)(t, n, cnt, bkt, k, true);
        size_t n1 = NAMED(scan_s)(t, sa, n, cnt, bkt, k, true, pg, (a + mid) / 2, mid);
        /* The sentinel's suffix is LMS and the smallest; no scan moves it. */
        sa[n - ++n1] = (uint32_t)(n - 1);
        uint32_t names = NAMED(name_lms)(t, sa, n, n1);
        uint32_t *s1 = sa + n - n1;

        /* Stage 2: sort the LMS suffixes, recursing while names repeat. */
        double rec = mid;
        if (names < n1) {
                rec = mid + (b - mid) * (6.0 * (double)n1) / (6.0 * (double)n1 + 2.0 * (double)n);
                tag_types32(s1, n1);
                /* Between the reduced problem's array and its string lies room for its buckets. */
                sais_level32(s1, sa, n1, names, sa + n1, n - 2 * n1, pg, mid, rec);
        } else {
                for (size_t i = 0; i < n1; i++)
                        sa[s1[i]] = (uint32_t)i;
        }

        /* Stage 3: place the sorted LMS suffixes and induce the rest. */
        /*
         * The LMS positions in text order, right to left, without a branch:
         * the types alternate too irregularly to predict.
         */
        s = true;
        for (size_t i = n - 1, j = n1; j > 0 && i-- > 0;) {
                bool si = NAMED(s_type)(t, i, s);
                s1[j - 1] = (uint32_t)(i + 1);
                j -= s && !si;
                s = si;
        }
        for (size_t i = 0; i < n1; i++) {
                if (i + NEAR_AHEAD < n1)
                        __builtin_prefetch(&s1[sa[i + NEAR_AHEAD]]);
                sa[i] = s1[sa[i]];
        }
        memset(sa + n1, 0, (n - n1) * sizeof *sa);
        NAMED(bucket_ends)(t, n, cnt, bkt, k, true);
        for (size_t i = n1; i-- > 0;) {
                if (i >= NEAR_AHEAD)
                        __builtin_prefetch(&t[sa[i - NEAR_AHEAD]]);
                uint32_t j = sa[i];
                sa[i] = 0;
                sa[--bkt[TCHAR(t[j])]] = j;
        }
        NAMED(bucket_ends)(t, n, cnt, bkt, k, false);
        NAMED(scan_l)(t, sa, n, bkt, pg, rec, (rec + b) / 2);
        NAMED(bucket_ends)(t, n, cnt, bkt, k, true);
        NAMED(scan_s)(t, sa, n, cnt, bkt, k, false, pg, (rec + b) / 2, b);

        if (!both && !recount) {
                free(cnt);
                free(bkt);
        }
}

/* The whole sort: checks, tags on, the top level, tags off. */
#if UNTAGGED
static int NAMED(sort)(const CHAR_T *t, uint32_t *sa, size_t n, size_t k,
                       void (*progress)(void *ud, double fraction), void *ud)
#else
static int NAMED(sort)(CHAR_T *t, uint32_t *sa, size_t n, size_t k,
                       void (*progress)(void *ud, double fraction), void *ud)
#endif
{
        if (n == 0 || n >= PRED_S || k > T_BIT || t[n - 1] != 0 || k == 0)
                return LC_EINVAL;
        for (size_t i = 0; i < n; i++)
                if (t[i] >= k)
                        return LC_EINVAL;
        struct progress pg = { .fn = progress, .ud = ud, .last = 0.0 };
        if (n > 1) {
#if UNTAGGED
                NAMED(sais_level)(t, sa, n, k, NULL, 0, &pg, 0.0, 1.0);
#else
                NAMED(tag_types)(t, n);
                NAMED(sais_level)(t, sa, n, k, NULL, 0, &pg, 0.0, 1.0);
                for (size_t i = 0; i < n; i++)
                        t[i] = (CHAR_T)TCHAR(t[i]);
#endif
        } else {
                sa[0] = 0;
        }
        if (progress && pg.last < 1.0)
                progress(ud, 1.0);
        return LC_OK;
}

#undef TCHAR
