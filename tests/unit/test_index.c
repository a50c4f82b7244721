/*
 * Tests of the suffix array construction and the corpus index: SA-IS
 * against a naive sort on random strings of many shapes (sizes around the
 * scans' chunks, phrase-like text whose names repeat at every level), its
 * progress reports (growing, ending at 1), and index ranges
 * against brute-force counting, including 1- and 2-character queries and
 * queries that only match after folding. Every key position of random
 * corpora (annotations dense enough to overflow the byte offsets, several
 * documents so the two folding threads both get a share) must map to what
 * folding its document alone gives, and the whole suffix array must equal
 * a naive sort. SA-IS over 16-bit characters must give what the 32-bit one
 * does, and the index must change key width exactly where the alphabet
 * outgrows 16 bits.
 */
#include <criterion/criterion.h>
#include <stdbool.h>
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

/* What a sort reported: how often, the last fraction, and whether it grew. */
struct reports {
        size_t calls;
        double last;
        bool shrank;
};

static void record(void *ud, double f)
{
        struct reports *r = ud;
        if (f < r->last || f > 1.0)
                r->shrank = true;
        r->last = f;
        r->calls++;
}

static void check_sais(const uint32_t *t, size_t n, size_t k)
{
        uint32_t *sa = malloc(n * sizeof *sa), *ref = malloc(n * sizeof *ref);
        uint32_t *work = malloc(n * sizeof *work);
        memcpy(work, t, n * sizeof *t);
        struct reports r = { 0 };
        cr_assert_eq(sais_build(work, sa, n, k, record, &r), 0);
        cr_assert(!r.shrank, "n=%zu: progress went back or past 1", n);
        cr_assert_eq(r.last, 1.0, "n=%zu: progress ends at 1", n);
        cr_assert(r.calls >= 1 && r.calls <= 300, "n=%zu: %zu progress reports", n, r.calls);
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
        /* Every alphabet that fits 16 bits is sorted the 16-bit way too, alike. */
        if (k <= SAIS_K16_MAX) {
                uint16_t *t16 = malloc(n * sizeof *t16);
                for (size_t i = 0; i < n; i++)
                        t16[i] = (uint16_t)t[i];
                memset(sa, 0xee, n * sizeof *sa);
                struct reports r16 = { 0 };
                cr_assert_eq(sais_build16(t16, sa, n, k, record, &r16), 0);
                cr_assert(!r16.shrank && r16.last == 1.0 && r16.calls <= 300);
                for (size_t i = 0; i < n; i++) {
                        cr_assert_eq(t16[i], t[i], "the 16-bit input comes back unchanged");
                        cr_assert_eq(sa[i], ref[i], "16-bit n=%zu k=%zu: sa[%zu] = %u, expected %u",
                                     n, k, i, sa[i], ref[i]);
                }
                free(t16);
        }
        free(sa);
        free(ref);
}

/* A random text of n - 1 characters in [1, k) and the sentinel, checked. */
static void check_random_sais(size_t n, size_t k)
{
        uint32_t *t = malloc(n * sizeof *t);
        for (size_t i = 0; i + 1 < n; i++)
                t[i] = 1 + (uint32_t)(rand() % (int)(k - 1));
        t[n - 1] = 0;
        check_sais(t, n, k);
        free(t);
}

Test(index, sais_matches_naive_sort_on_random_strings)
{
        srand(12345);
        for (int round = 0; round < 400; round++) {
                size_t n = 1 + (size_t)(rand() % 300);
                size_t k = 2 + (size_t)(rand() % (round % 4 == 0 ? 2 : round % 4 == 1 ? 4 : 60));
                check_random_sais(n, k);
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

/* The scans work in chunks of 2^16 entries: sizes on and around them. */
Test(index, sais_matches_naive_sort_around_chunk_boundaries)
{
        srand(4242);
        static const size_t sizes[] = { 65535, 65536, 65537, 131071, 131073, 200003 };
        for (size_t s = 0; s < LC_ARRAY_LEN(sizes); s++) {
                size_t n = sizes[s], k = s % 2 ? 5 : 3000;
                check_random_sais(n, k);
        }
}

/*
 * Text made of a few words, as speeches repeat phrases: most LMS substrings
 * have equal twins, so the reduced strings repeat names at several levels.
 */
Test(index, sais_matches_naive_sort_when_names_repeat)
{
        static const uint32_t words[][6] = {
                { 3, 1, 4, 1, 5, 0 }, { 2, 7, 1, 8, 0 }, { 9, 9, 2, 0 }, { 6, 5, 3, 5, 9, 0 },
                { 4, 4, 4, 0 }, { 8, 1, 0 },
        };
        srand(31337);
        static const size_t sizes[] = { 100, 5000, 70000 };
        for (size_t s = 0; s < LC_ARRAY_LEN(sizes); s++) {
                size_t n = sizes[s], i = 0;
                uint32_t *t = malloc(n * sizeof *t);
                while (i + 1 < n) {
                        const uint32_t *w = words[rand() % (int)LC_ARRAY_LEN(words)];
                        for (size_t j = 0; w[j] && i + 1 < n; j++)
                                t[i++] = w[j];
                }
                t[n - 1] = 0;
                check_sais(t, n, 10);
                free(t);
        }
}

Test(index, sais_reports_progress_often_enough_and_ends_at_one)
{
        size_t n = 1 << 19;
        uint32_t *t = malloc(n * sizeof *t), *sa = malloc(n * sizeof *sa);
        srand(5);
        for (size_t i = 0; i + 1 < n; i++)
                t[i] = 1 + (uint32_t)(rand() % 50);
        t[n - 1] = 0;
        struct reports r = { 0 };
        cr_assert_eq(sais_build(t, sa, n, 51, record, &r), 0);
        cr_assert(!r.shrank);
        cr_assert_eq(r.last, 1.0);
        cr_assert(r.calls >= 20 && r.calls <= 300, "%zu progress reports", r.calls);
        free(t);
        free(sa);
}

struct phases {
        double sorting;
        size_t sorting_calls;
        bool shrank;
};

static void on_phase(void *ud, const char *phase, double f)
{
        struct phases *p = ud;
        if (strcmp(phase, "sorting") != 0)
                return;
        if (f < p->sorting)
                p->shrank = true;
        p->sorting = f;
        p->sorting_calls++;
}

Test(index, the_sorting_phase_goes_from_zero_to_one)
{
        const char *texts[] = { "劳动精神劳模精神", "工匠精神" };
        struct corpus *c = corpus_of(texts, 2, NULL);
        struct phases p = { .sorting = -1.0 };
        struct index *ix = index_build(c, on_phase, &p, NULL);
        cr_assert_not_null(ix);
        cr_assert(!p.shrank);
        cr_assert_eq(p.sorting, 1.0);
        cr_assert_geq(p.sorting_calls, 2);
        index_free(ix);
        corpus_free(c);
}

Test(index, sais_rejects_a_missing_sentinel)
{
        uint32_t t[3] = { 2, 1, 1 }, sa[3];
        cr_assert_eq(sais_build(t, sa, 3, 3, NULL, NULL), LC_EINVAL);
        uint32_t big[3] = { 5, 1, 0 };  /* a character not below k */
        cr_assert_eq(sais_build(big, sa, 3, 3, NULL, NULL), LC_EINVAL);
}

Test(index, sais16_rejects_an_alphabet_wider_than_it_takes)
{
        uint16_t t[3] = { 2, 1, 0 }, miss[3] = { 2, 1, 1 };
        uint32_t sa[3];
        cr_assert_eq(sais_build16(t, sa, 3, SAIS_K16_MAX + 1, NULL, NULL), LC_EINVAL);
        cr_assert_eq(sais_build16(miss, sa, 3, 3, NULL, NULL), LC_EINVAL);
        cr_assert_eq(sais_build16(t, sa, 3, 3, NULL, NULL), 0);
        cr_assert(sa[0] == 2 && sa[1] == 1 && sa[2] == 0);
}

/* The widest 16-bit alphabet: characters up to 0x7fff. */
Test(index, sais16_sorts_characters_just_below_the_type_bit)
{
        srand(777);
        size_t n = 20000;
        uint32_t *t = malloc(n * sizeof *t);
        for (size_t i = 0; i + 1 < n; i++)
                t[i] = rand() % 3 ? SAIS_K16_MAX - 1 - (uint32_t)(rand() % 4)
                                  : 1 + (uint32_t)(rand() % 5);
        t[n - 1] = 0;
        check_sais(t, n, SAIS_K16_MAX);
        free(t);
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
                /* Random strings of the same characters, most of them found nowhere. */
                for (int t = 0; t < 60; t++) {
                        char qs[64] = "";
                        int len = 1 + rand() % 5;
                        for (int i = 0; i < len; i++)
                                strcat(qs, syll[rand() % 10]);
                        uint32_t q[64];
                        size_t qn = fold_text(qs, strlen(qs), q, NULL), lo, hi;
                        size_t m = index_range(ix, q, qn, &lo, &hi);
                        cr_assert_eq(m, brute_count(c, q, qn), "%s", qs);
                        cr_assert_eq(hi - lo, m);
                }
                index_free(ix);
                corpus_free(c);
        }
}

/* A document of the n characters U+20000 + off[i] (Extension B, which folding leaves alone). */
static char *ext_b_text(const uint32_t *off, size_t n)
{
        char *t = malloc(n * 4 + 1), *w = t;
        for (size_t i = 0; i < n; i++) {
                uint32_t cp = 0x20000 + off[i];
                *w++ = (char)(0xF0 | (cp >> 18));
                *w++ = (char)(0x80 | ((cp >> 12) & 0x3F));
                *w++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                *w++ = (char)(0x80 | (cp & 0x3F));
        }
        *w = '\0';
        return t;
}

/* The n characters from U+20000 on, each once. */
static char *distinct_text(size_t n)
{
        uint32_t *off = malloc(n * sizeof *off);
        for (size_t i = 0; i < n; i++)
                off[i] = (uint32_t)i;
        char *t = ext_b_text(off, n);
        free(off);
        return t;
}

/*
 * The widest corpus a 16-bit key takes: 32,766 distinct characters and the
 * two ranks of the separator and the sentinel. One character more and the
 * key is 32-bit; both find the last character, the one of the top rank.
 */
Test(index, the_key_turns_32_bit_one_character_past_the_16_bit_alphabet)
{
        for (size_t extra = 0; extra < 2; extra++) {
                size_t n = SAIS_K16_MAX - 2 + extra;
                char *t = distinct_text(n);
                const char *texts[] = { t, t };
                struct corpus *c = corpus_of(texts, 2, "UTF-8");
                struct index *ix = index_build(c, NULL, NULL, NULL);
                cr_assert_not_null(ix);
                cr_assert_eq(index_nranks(ix), n + 2);
                cr_assert_eq(index_key16(ix) != NULL, extra == 0);
                cr_assert_eq(index_key32(ix) != NULL, extra == 1);
                uint32_t q[2] = { 0x20000 + (uint32_t)n - 2, 0x20000 + (uint32_t)n - 1 };
                size_t lo, hi;
                cr_assert_eq(index_range(ix, q + 1, 1, &lo, &hi), 2);
                cr_assert_eq(index_range(ix, q, 2, &lo, &hi), 2);
                cr_assert_eq(index_rank_at(ix, index_sa_at(ix, lo) + 1), n + 1);
                index_free(ix);
                corpus_free(c);
                free(t);
        }
}

/*
 * More distinct characters than 16-bit ranks can sort (CJK Extension B,
 * which folding leaves alone): the index takes the 32-bit key and still
 * finds every character and pair where brute force does.
 */
Test(index, a_corpus_of_rare_characters_gets_the_32_bit_key)
{
        size_t nchars = 40000;
        /* Each character once, then all again in another order. */
        uint32_t *off = malloc(2 * nchars * sizeof *off);
        for (size_t i = 0; i < 2 * nchars; i++)
                off[i] = (uint32_t)(i < nchars ? i : (i * 7919) % nchars);
        char *t = ext_b_text(off, 2 * nchars);
        free(off);
        const char *texts[] = { t, "劳动𠀀𠀁" };
        struct corpus *c = corpus_of(texts, 2, "UTF-8");
        struct index *ix = index_build(c, NULL, NULL, NULL);
        cr_assert_not_null(ix);
        cr_assert_gt(index_nranks(ix), SAIS_K16_MAX);
        cr_assert(index_key32(ix) && !index_key16(ix));
        srand(99);
        for (int k = 0; k < 200; k++) {
                uint32_t q[2] = { 0x20000 + (uint32_t)(rand() % (int)nchars),
                                  0x20000 + (uint32_t)(rand() % (int)nchars) };
                size_t qn = k % 2 ? 2 : 1, lo, hi;
                cr_assert_eq(index_range(ix, q, qn, &lo, &hi), brute_count(c, q, qn));
        }
        uint32_t both[2] = { 0x20000, 0x20001 };
        size_t lo, hi;
        cr_assert_eq(index_range(ix, both, 2, &lo, &hi), brute_count(c, both, 2));
        cr_assert_geq(hi - lo, 2, "in both documents");
        index_free(ix);
        corpus_free(c);
        free(t);
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

Test(index, sais_matches_naive_sort_on_large_and_tiny_alphabets)
{
        srand(99);
        static const size_t sizes[] = { 2, 3, 17, 64, 255, 1000, 3000 };
        for (size_t s = 0; s < LC_ARRAY_LEN(sizes); s++) {
                size_t n = sizes[s];
                uint32_t *t = malloc(n * sizeof *t);
                /* One letter: every suffix is a prefix of the next longer one. */
                for (size_t i = 0; i + 1 < n; i++)
                        t[i] = 1;
                t[n - 1] = 0;
                check_sais(t, n, 2);
                /* Two letters, Fibonacci word: deeply nested repeats. */
                for (size_t i = 0; i + 1 < n; i++) {
                        double phi = 1.6180339887498949;
                        t[i] = 1 + (uint32_t)((double)(i + 2) / phi - (double)(i + 1) / phi >= 0.5);
                }
                check_sais(t, n, 3);
                /* A large alphabet, as a corpus of Chinese gives. */
                for (size_t i = 0; i + 1 < n; i++)
                        t[i] = 1 + (uint32_t)(rand() % 6000);
                check_sais(t, n, 6001);
                /* A large alphabet repeated: names repeat at every level. */
                for (size_t i = 0; i + 1 < n; i++)
                        t[i] = 1 + (uint32_t)((i % 37) * 131 % 5000);
                check_sais(t, n, 5001);
                free(t);
        }
}

/* Texts with annotations, astral, full-width and empty documents; dense
 * ones all annotations, so that blocks hold several gaps. */
#define LONG_ANNOTATION \
        "勞(" "láoláoláoláoláoláoláoláoláoláo" "láoláoláoláoláoláoláoláoláoláo" \
        "láoláoláoláoláoláoláoláoláoláo" "láoláoláoláoláoláoláoláoláoláo" \
        "láoláoláoláoláoláoláoláoláoláo" "láoláoláoláoláoláoláoláoláoláo" \
        "láoláoláoláoláoláoláoláoláoláo" ")"

static char *mixed_text(size_t parts, bool dense)
{
        /* One annotation of 281 bytes: too long for a size byte of the gap table. */
        static const char *const bits[] = { "勞(láo)", "動(dòng)", "劳", "精神", "a", "Ａ", "𠀀",
                                            "（二）", "\n", "é", "甚麼", LONG_ANNOTATION,
                                            "勞動(láo dòng)", "勞(láo)動(dòng)勞(láo)動(dòng)" };
        struct sbuf b = { 0 };
        sbuf_add(&b, "", 0);
        for (size_t i = 0; i < parts; i++) {
                size_t k = (size_t)rand() % (dense ? 2 : LC_ARRAY_LEN(bits));
                const char *p = bits[dense ? LC_ARRAY_LEN(bits) - 1 - k : k];
                sbuf_add(&b, p, strlen(p));
        }
        return sbuf_take(&b);
}

Test(index, every_position_maps_as_folding_each_document_alone_says)
{
        srand(31337);
        for (int round = 0; round < 30; round++) {
                size_t ndocs = 1 + (size_t)(rand() % 6);
                char *texts[6];
                for (size_t d = 0; d < ndocs; d++)
                        texts[d] = mixed_text(round % 4 == 0 && d == 0 ? 0
                                                                      : (size_t)(rand() % 300),
                                              round % 3 == 1 && d % 2 == 1);
                struct corpus *c = corpus_of((const char *const *)texts, ndocs, "UTF-8");
                struct index *ix = index_build(c, NULL, NULL, NULL);
                cr_assert_not_null(ix);
                size_t p = 0;
                for (size_t d = 0; d < ndocs; d++) {
                        const struct doc *doc = corpus_doc(c, d);
                        uint32_t *k = malloc((doc->len + 1) * sizeof *k);
                        uint32_t *offs = malloc((doc->len + 1) * sizeof *offs);
                        size_t kn = fold_text(doc->text, doc->len, k, offs);
                        cr_assert_eq(index_doc_start(ix, (uint32_t)d), p);
                        for (size_t i = 0; i <= kn; i++, p++) {
                                cr_assert_eq(index_doc_of(ix, p), d);
                                uint32_t want = i < kn ? offs[i] : (uint32_t)doc->len;
                                cr_assert_eq(index_byte_of(ix, p), want,
                                             "round %d doc %zu char %zu: byte %u, want %u",
                                             round, d, i, index_byte_of(ix, p), want);
                                cr_assert_eq(index_byte_in(ix, p, (uint32_t)d), want);
                                cr_assert_eq(index_char_at(ix, p), i < kn ? k[i] : 0);
                                cr_assert_eq(index_rank_at(ix, p), i < kn ? index_rank(ix, k[i]) : 1);
                        }
                        free(k);
                        free(offs);
                }
                cr_assert_eq(p, index_len(ix));
                cr_assert_eq(index_rank_at(ix, p), 0, "the sentinel ends the key");
                /* Ranks follow code point order. */
                for (size_t r = 3; r < index_nranks(ix); r++)
                        cr_assert_lt(index_rank_cp(ix, (uint32_t)r - 1), index_rank_cp(ix, (uint32_t)r));
                /* The suffix array is the sorted order of the key's suffixes. */
                size_t n = index_len(ix) + 1;
                uint32_t *sa = malloc(n * sizeof *sa);
                for (size_t i = 0; i < n; i++)
                        sa[i] = (uint32_t)i;
                uint32_t *ranks = malloc(n * sizeof *ranks);
                index_copy_ranks(ix, 0, n, ranks);
                g_t = ranks;
                g_n = n;
                qsort(sa, n, sizeof *sa, cmp_suffixes);
                for (size_t i = 1; i < n; i++)
                        cr_assert_eq(index_sa_at(ix, i - 1), sa[i]);
                free(sa);
                free(ranks);
                index_free(ix);
                corpus_free(c);
                for (size_t d = 0; d < ndocs; d++)
                        free(texts[d]);
        }
}

Test(index, spans_match_one_lookup_per_position)
{
        srand(2024);
        char *texts[3];
        for (size_t d = 0; d < 3; d++)
                texts[d] = mixed_text(400, d == 1);
        struct corpus *c = corpus_of((const char *const *)texts, 3, "UTF-8");
        struct index *ix = index_build(c, NULL, NULL, NULL);
        /* Every occurrence of 劳 (one character) and 动 followed by anything. */
        uint32_t q = 0x52B3;
        size_t lo, hi, m = index_range(ix, &q, 1, &lo, &hi);
        cr_assert_gt(m, 10);
        uint32_t *pos = malloc(m * sizeof *pos);
        for (size_t i = 0; i < m; i++)
                pos[i] = index_sa_at(ix, lo + i);
        for (size_t i = 1; i < m; i++)
                for (size_t j = i; j > 0 && pos[j - 1] > pos[j]; j--) {
                        uint32_t x = pos[j];
                        pos[j] = pos[j - 1];
                        pos[j - 1] = x;
                }
        struct index_span *sp = malloc(m * sizeof *sp);
        index_spans(ix, pos, m, 1, sp);
        for (size_t i = 0; i < m; i++) {
                uint32_t d = index_doc_of(ix, pos[i]);
                uint32_t b = index_byte_of(ix, pos[i]);
                const char *text = corpus_doc(c, d)->text;
                cr_assert_eq(sp[i].doc, d);
                cr_assert_eq(sp[i].start, b);
                cr_assert_eq(sp[i].end, b + lc_utf8_len(text + b));
        }
        free(sp);
        free(pos);
        index_free(ix);
        corpus_free(c);
        for (size_t d = 0; d < 3; d++)
                free(texts[d]);
}
