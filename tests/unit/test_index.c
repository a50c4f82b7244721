/*
 * Tests of the suffix array construction and the corpus index: SA-IS
 * against a naive sort on random strings of many shapes, and index ranges
 * against brute-force counting, including 1- and 2-character queries and
 * queries that only match after folding.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "fold.h"
#include "index.h"
#include "sais.h"
#include "testlib.h"
#include "util.h"

TestSuite(index, .init = utf8_locale);

static const uint32_t *g_t;
static size_t g_n;

static int cmp_suffixes(const void *a, const void *b)
{
        uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
        while (i < g_n && j < g_n) {
                if (g_t[i] != g_t[j])
                        return g_t[i] < g_t[j] ? -1 : 1;
                i++;
                j++;
        }
        return i < j ? 1 : -1;  /* the shorter suffix (nearer the end) is smaller */
}

static void check_sais(const uint32_t *t, size_t n, size_t k)
{
        uint32_t *sa = malloc(n * sizeof *sa), *ref = malloc(n * sizeof *ref);
        uint32_t *work = malloc(n * sizeof *work);
        memcpy(work, t, n * sizeof *t);
        cr_assert_eq(sais_build(work, sa, n, k), 0);
        cr_assert_eq(memcmp(work, t, n * sizeof *t), 0, "the input comes back unchanged");
        free(work);
        for (size_t i = 0; i < n; i++)
                ref[i] = (uint32_t)i;
        g_t = t;
        g_n = n;
        qsort(ref, n, sizeof *ref, cmp_suffixes);
        for (size_t i = 0; i < n; i++)
                cr_assert_eq(sa[i], ref[i], "n=%zu k=%zu: sa[%zu] = %u, expected %u", n, k, i,
                             sa[i], ref[i]);
        free(sa);
        free(ref);
}

Test(index, sais_matches_naive_sort_on_random_strings)
{
        srand(12345);
        for (int round = 0; round < 400; round++) {
                size_t n = 1 + (size_t)(rand() % 300);
                size_t k = 2 + (size_t)(rand() % (round % 4 == 0 ? 2 : round % 4 == 1 ? 4 : 60));
                uint32_t *t = malloc(n * sizeof *t);
                for (size_t i = 0; i + 1 < n; i++)
                        t[i] = 1 + (uint32_t)(rand() % (int)(k - 1));
                t[n - 1] = 0;
                check_sais(t, n, k);
                free(t);
        }
}

Test(index, sais_handles_runs_and_periodic_strings)
{
        uint32_t t[513];
        for (size_t i = 0; i < 512; i++)
                t[i] = 1;
        t[512] = 0;
        check_sais(t, 513, 2);
        for (size_t i = 0; i < 512; i++)
                t[i] = 1 + (uint32_t)(i % 3 == 2);
        check_sais(t, 513, 3);
        for (size_t i = 0; i < 512; i++)
                t[i] = 1 + (uint32_t)((i * i) % 7 % 2);
        check_sais(t, 513, 3);
        uint32_t one[1] = { 0 };
        check_sais(one, 1, 1);
}

Test(index, sais_rejects_a_missing_sentinel)
{
        uint32_t t[3] = { 2, 1, 1 }, sa[3];
        cr_assert_eq(sais_build(t, sa, 3, 3), LC_EINVAL);
        uint32_t big[3] = { 5, 1, 0 };  /* a character not below k */
        cr_assert_eq(sais_build(big, sa, 3, 3), LC_EINVAL);
}

/* Occurrences of q (folded) in every document's folded text, overlapping. */
static size_t brute_count(const struct corpus *c, const uint32_t *q, size_t qn)
{
        size_t total = 0;
        for (size_t d = 0; d < corpus_count(c); d++) {
                const struct doc *doc = corpus_doc(c, d);
                uint32_t *k = malloc((doc->len + 1) * sizeof *k);
                size_t kn = fold_text(doc->text, doc->len, k, NULL);
                for (size_t i = 0; i + qn <= kn; i++)
                        if (memcmp(k + i, q, qn * sizeof *q) == 0)
                                total++;
                free(k);
        }
        return total;
}

Test(index, ranges_match_brute_force_for_every_substring)
{
        static const char *syll[] = { "劳", "勞", "动", "動", "精", "神", "、", "\n", "a", "A" };
        srand(777);
        for (int round = 0; round < 30; round++) {
                char texts[4][400];
                const char *tp[4];
                for (int d = 0; d < 4; d++) {
                        texts[d][0] = '\0';
                        int len = rand() % 40;
                        for (int i = 0; i < len; i++)
                                strcat(texts[d], syll[rand() % 10]);
                        tp[d] = texts[d];
                }
                struct corpus *c = corpus_of(tp, 4, NULL);
                struct index *ix = index_build(c, NULL, NULL, NULL);
                cr_assert_not_null(ix);
                /* Every substring (up to 4 key characters) of every document. */
                for (int d = 0; d < 4; d++) {
                        uint32_t k[400];
                        size_t kn = fold_text(texts[d], strlen(texts[d]), k, NULL);
                        for (size_t i = 0; i < kn; i++) {
                                for (size_t len = 1; len <= 4 && i + len <= kn; len++) {
                                        size_t lo, hi;
                                        size_t m = index_range(ix, k + i, len, &lo, &hi);
                                        cr_assert_eq(m, brute_count(c, k + i, len));
                                        cr_assert_eq(hi - lo, m);
                                        for (size_t s = lo; s < hi; s++) {
                                                uint32_t p = index_sa_at(ix, s);
                                                for (size_t j = 0; j < len; j++)
                                                        cr_assert_eq(index_char_at(ix, p + j),
                                                                     k[i + j]);
                                        }
                                }
                        }
                }
                index_free(ix);
                corpus_free(c);
        }
}

Test(index, absent_characters_give_empty_ranges)
{
        const char *t[] = { "劳模精神", "工匠精神" };
        struct corpus *c = corpus_of(t, 2, NULL);
        struct index *ix = index_build(c, NULL, NULL, NULL);
        uint32_t q[2] = { 0x91CF, 0x5B50 };     /* 量子 */
        size_t lo, hi;
        cr_assert_eq(index_range(ix, q, 2, &lo, &hi), 0);
        cr_assert_eq(index_range(ix, q, 0, &lo, &hi), 0);
        uint32_t jing = 0x7CBE;                 /* 精 */
        cr_assert_eq(index_range(ix, &jing, 1, &lo, &hi), 2);
        cr_assert_eq(index_doc_of(ix, index_sa_at(ix, lo)) + index_doc_of(ix, index_sa_at(ix, lo + 1)), 1);
        index_free(ix);
        corpus_free(c);
}

Test(index, positions_map_to_documents_and_bytes)
{
        const char *t[] = { "ab", "", "勞動" };
        struct corpus *c = corpus_of(t, 3, NULL);
        struct index *ix = index_build(c, NULL, NULL, NULL);
        /* a b | | 劳 动 | */
        cr_assert_eq(index_len(ix), 7);
        cr_assert_eq(index_doc_of(ix, 0), 0);
        cr_assert_eq(index_doc_of(ix, 1), 0);
        cr_assert_eq(index_doc_of(ix, 4), 2);
        cr_assert_eq(index_byte_of(ix, 4), 0);
        cr_assert_eq(index_byte_of(ix, 5), 3);
        cr_assert_eq(index_char_at(ix, 4), 0x52B3);     /* 劳: folded */
        cr_assert_eq(index_char_at(ix, 2), 0);          /* separator */
        index_free(ix);
        corpus_free(c);
}

Test(index, empty_corpus_builds)
{
        struct corpus *c = corpus_new();
        struct index *ix = index_build(c, NULL, NULL, NULL);
        cr_assert_not_null(ix);
        uint32_t q = 'a';
        size_t lo, hi;
        cr_assert_eq(index_range(ix, &q, 1, &lo, &hi), 0);
        index_free(ix);
        corpus_free(c);
}
