/*
 * sais_level — one level of SA-IS over characters of type CHAR_T, included
 * by sais.c once per width (16 and 32 bits): the key of a corpus of
 * speeches fits 16 bits, which halves the largest array of the sort and
 * the memory its random reads miss in. The reduced strings of the levels
 * below are always 32-bit, and keep each character's type in its top bit,
 * T_BIT, next to the character (one cache miss for both). The 16-bit
 * level is the key itself, which others may be reading while it is
 * sorted: its types go to a bitmap of their own (TYPES_APART), and the
 * key is only read.
 *
 * Before inclusion: CHAR_T, T_BIT, TYPES_APART (0 or 1) and NAMED(x) (x
 * with the width's suffix); the 32-bit one comes first, as every width
 * recurses into it. Engine layer.
 */

#if TYPES_APART
#define TCHAR(x) ((uint32_t)(x))
#define IS_S(t, tb, i) ((void)(t), (uint32_t)((tb)[(i) >> 6] >> ((i) & 63)) & 1u)
#else
#define TCHAR(x) ((uint32_t)((x) & ~T_BIT))
#define IS_S(t, tb, i) ((void)(tb), (uint32_t)(((t)[i] & T_BIT) != 0))
#endif

/*
 * Tag the S-type characters of t[0, n), whose last character is the
 * sentinel: in their top bit, or in tb (n bits, cleared here) when apart.
 */
#if TYPES_APART
static void NAMED(tag_types)(const CHAR_T *t, uint64_t *tb, size_t n)
{
        memset(tb, 0, ((n + 63) / 64) * sizeof *tb);
        bool s = true;
        tb[(n - 1) >> 6] |= UINT64_C(1) << ((n - 1) & 63);
        for (size_t i = n - 1; i-- > 0;) {
                s = t[i] < t[i + 1] || (t[i] == t[i + 1] && s);
                tb[i >> 6] |= (uint64_t)s << (i & 63);
        }
}
#else
static void NAMED(tag_types)(CHAR_T *t, uint64_t *tb, size_t n)
{
        (void)tb;
        t[n - 1] |= T_BIT;
        for (size_t i = n - 1; i-- > 0;)
                if (TCHAR(t[i]) < TCHAR(t[i + 1]) ||
                    (TCHAR(t[i]) == TCHAR(t[i + 1]) && (t[i + 1] & T_BIT)))
                        t[i] |= T_BIT;
}
#endif

static inline bool NAMED(is_lms)(const CHAR_T *t, const uint64_t *tb, size_t i)
{
        return i > 0 && IS_S(t, tb, i) && !IS_S(t, tb, i - 1);
}

/*
 * The sa entry for suffix p, whose type is s_type: p, tagged when p's
 * predecessor is S-type. That follows from the two characters and p's
 * type, so with the types apart the scans need not read the bitmap.
 */
static inline uint32_t NAMED(entry)(const CHAR_T *t, const uint64_t *tb, size_t p, bool s_type)
{
        if (p == 0)
                return 0;
        if (TYPES_APART) {
                (void)tb;
                return (uint32_t)p | (uint32_t)(s_type ? t[p - 1] <= t[p] : t[p - 1] < t[p]) << 31;
        }
        return (uint32_t)p | IS_S(t, tb, p - 1) << 31;
}

/*
 * Left to right, induce the L-type suffixes from the entries already in
 * sa (0 stands for an empty slot: suffix 0 has no predecessor either). An
 * untagged entry j > 0 has an L-type predecessor, so its character needs
 * no type check; j - 1 < PRED_S - 1, unsigned, tells those apart from both
 * empty slots and tagged entries in one comparison.
 */
static void NAMED(scan_l)(const CHAR_T *t, const uint64_t *tb, uint32_t *sa, size_t n,
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
                                sa[bkt[t[j - 1]]++] = NAMED(entry)(t, tb, j - 1, false);
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
static size_t NAMED(scan_s)(const CHAR_T *t, const uint64_t *tb, uint32_t *sa, size_t n,
                            const uint32_t *cnt, uint32_t *bkt, size_t k, bool lms,
                            struct progress *pg, double a, double b)
{
        size_t w = n, c = k - 1, lo = n - cnt[k - 1];
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
                        uint32_t j = sa[i];
                        if (j & PRED_S) {
                                j &= ~PRED_S;
                                sa[i] = j;
                                sa[--bkt[TCHAR(t[j - 1])]] = NAMED(entry)(t, tb, j - 1, true);
                        } else if (lms && j != 0) {
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

/* Are the LMS substrings starting at a and b equal (characters and types)? */
static bool NAMED(lms_equal)(const CHAR_T *t, const uint64_t *tb, size_t n, size_t a,
                             size_t b)
{
        if (a == n - 1 || b == n - 1)
                return false;
        for (size_t d = 0;; d++) {
                if (t[a + d] != t[b + d] || IS_S(t, tb, a + d) != IS_S(t, tb, b + d))
                        return false;
                if (d > 0) {
                        bool ea = NAMED(is_lms)(t, tb, a + d), eb = NAMED(is_lms)(t, tb, b + d);
                        if (ea || eb)
                                return ea && eb;
                }
        }
}

/*
 * Name the n1 sorted LMS substrings in the tail of sa and leave the reduced
 * string (the names in text order) there instead. Names go to sa[pos / 2]
 * first: LMS positions are at least 2 apart, and n1 <= n / 2 keeps that
 * below the tail. Returns the number of distinct names.
 */
static uint32_t NAMED(name_lms)(const CHAR_T *t, const uint64_t *tb, uint32_t *sa, size_t n,
                                size_t n1)
{
        size_t half = (n + 1) / 2;
        memset(sa, 0xff, half * sizeof *sa);
        uint32_t name = 0;
        size_t prev = n;
        for (size_t i = n - n1; i < n; i++) {
                if (i + FAR_AHEAD < n) {
                        uint32_t ahead = sa[i + FAR_AHEAD];
                        __builtin_prefetch(&t[ahead]);
                        __builtin_prefetch(&sa[ahead / 2], 1);
                        if (TYPES_APART)
                                __builtin_prefetch(&tb[ahead >> 6]);
                }
                size_t pos = sa[i];
                if (prev == n || !NAMED(lms_equal)(t, tb, n, prev, pos))
                        name++;
                prev = pos;
                sa[pos / 2] = name - 1;
        }
        for (size_t i = half, j = n; i-- > 0;)
                if (sa[i] != NAME_NONE)
                        sa[--j] = sa[i];
        return name;
}

/*
 * Sort the suffixes of t, whose characters carry their S-type bit, while
 * reporting progress through [a, b). The bucket counts and pointers go
 * into spare (nspare entries no one else uses meanwhile) when they fit.
 */
static void NAMED(sais_level)(const CHAR_T *t, const uint64_t *tb, uint32_t *sa, size_t n,
                              size_t k, uint32_t *spare, size_t nspare, struct progress *pg,
                              double a, double b)
{
        bool cnt_spare = spare && nspare >= k, bkt_spare = spare && nspare >= 2 * k;
        uint32_t *cnt = cnt_spare ? spare : xmalloc(k * sizeof *cnt);
        uint32_t *bkt = bkt_spare ? spare + k : xmalloc(k * sizeof *bkt);
        memset(cnt, 0, k * sizeof *cnt);
        for (size_t i = 0; i < n; i++)
                cnt[TCHAR(t[i])]++;

        /*
         * The work of a level is about 4n scan steps and its recursion about
         * 6 n1 (a geometric series), n1 about n / 3 before it is known.
         */
        double mid = a + (b - a) / 3;

        /* Stage 1: sort the LMS substrings. */
        memset(sa, 0, n * sizeof *sa);
        bucket_tails(cnt, bkt, k);
        for (size_t i = 1; i < n; i++)
                if (NAMED(is_lms)(t, tb, i))
                        sa[--bkt[TCHAR(t[i])]] = (uint32_t)i;
        bucket_heads(cnt, bkt, k);
        NAMED(scan_l)(t, tb, sa, n, bkt, pg, a, (a + mid) / 2);
        bucket_tails(cnt, bkt, k);
        size_t n1 = NAMED(scan_s)(t, tb, sa, n, cnt, bkt, k, true, pg, (a + mid) / 2, mid);
        /* The sentinel's suffix is LMS and the smallest; no scan moves it. */
        sa[n - ++n1] = (uint32_t)(n - 1);
        uint32_t names = NAMED(name_lms)(t, tb, sa, n, n1);
        uint32_t *s1 = sa + n - n1;

        /* Stage 2: sort the LMS suffixes, recursing while names repeat. */
        double rec = mid;
        if (names < n1) {
                rec = mid + (b - mid) * (6.0 * (double)n1) / (6.0 * (double)n1 + 2.0 * (double)n);
                tag_types32(s1, NULL, n1);
                /* Between the reduced problem's array and its string lies room for its buckets. */
                sais_level32(s1, NULL, sa, n1, names, sa + n1, n - 2 * n1, pg, mid, rec);
        } else {
                for (size_t i = 0; i < n1; i++)
                        sa[s1[i]] = (uint32_t)i;
        }

        /* Stage 3: place the sorted LMS suffixes and induce the rest. */
        /* Without a branch: the types alternate too irregularly to predict. */
        for (size_t i = 1, j = 0; j < n1; i++) {
                s1[j] = (uint32_t)i;
                j += NAMED(is_lms)(t, tb, i);
        }
        for (size_t i = 0; i < n1; i++) {
                if (i + NEAR_AHEAD < n1)
                        __builtin_prefetch(&s1[sa[i + NEAR_AHEAD]]);
                sa[i] = s1[sa[i]];
        }
        memset(sa + n1, 0, (n - n1) * sizeof *sa);
        bucket_tails(cnt, bkt, k);
        for (size_t i = n1; i-- > 0;) {
                if (i >= NEAR_AHEAD)
                        __builtin_prefetch(&t[sa[i - NEAR_AHEAD]]);
                uint32_t j = sa[i];
                sa[i] = 0;
                sa[--bkt[TCHAR(t[j])]] = j;
        }
        bucket_heads(cnt, bkt, k);
        NAMED(scan_l)(t, tb, sa, n, bkt, pg, rec, (rec + b) / 2);
        bucket_tails(cnt, bkt, k);
        NAMED(scan_s)(t, tb, sa, n, cnt, bkt, k, false, pg, (rec + b) / 2, b);

        if (!cnt_spare)
                free(cnt);
        if (!bkt_spare)
                free(bkt);
}

/* The whole sort: checks, tags on, the top level, tags off. */
#if TYPES_APART
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
#if TYPES_APART
                uint64_t *tb = xmalloc(((n + 63) / 64) * sizeof *tb);
                NAMED(tag_types)(t, tb, n);
                NAMED(sais_level)(t, tb, sa, n, k, NULL, 0, &pg, 0.0, 1.0);
                free(tb);
#else
                NAMED(tag_types)(t, NULL, n);
                NAMED(sais_level)(t, NULL, sa, n, k, NULL, 0, &pg, 0.0, 1.0);
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
#undef IS_S
