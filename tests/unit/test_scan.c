/*
 * Tests of the index before its suffix array is sorted, when search reads
 * the lists of each character's places instead, and of index_scan reading
 * the key once they are gone. index_scan against a naive loop over the
 * key on random corpora of both key widths, through the lists and through
 * the key (every alignment of the word-at-a-time search, bounds,
 * overlapping and disjoint occurrences, a full output buffer resumed); the
 * lists' blocks, halves and widths; the two build stages; search_run and
 * search_preview on
 * a keys-only index giving exactly what they give once it is sorted (the
 * sorted path is checked against a plain scan in test_search.c); and
 * searches run while another thread sorts the same index, which must
 * never see anything but the right answer.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "fold.h"
#include "index.h"
#include "search.h"
#include "testlib.h"
#include "util.h"

TestSuite(scan, .init = utf8_locale);

/* Pieces that meet the edge cases: runs that overlap, annotations, separators' neighbours. */
static const char *const pieces[] = {
        "哈", "哈", "哈", "勞", "劳", "動", "动", "精", "神", "a", "Ａ", "。", "\n", "𠀀",
        "勞(láo)", "動(dòng)", "é", " ", "工匠", "精神",
};

static char *random_text(size_t nparts)
{
        return random_text_of(pieces, LC_ARRAY_LEN(pieces), nparts);
}

struct fixture {
        char *texts[8];
        size_t ndocs;
        struct corpus *c;
};

static void fixture_make(struct fixture *f, size_t maxparts)
{
        f->ndocs = 1 + (size_t)(rand() % 8);
        for (size_t d = 0; d < f->ndocs; d++)
                f->texts[d] = random_text(maxparts ? (size_t)rand() % maxparts : 0);
        f->c = corpus_of((const char *const *)f->texts, f->ndocs, "UTF-8");
        cr_assert_not_null(f->c);
}

static void fixture_free(struct fixture *f)
{
        corpus_free(f->c);
        for (size_t d = 0; d < f->ndocs; d++)
                free(f->texts[d]);
}

/* What index_scan must give: every match of r at a start in [from, to), naively. */
static size_t naive_scan(const struct index *ix, const uint32_t *r, size_t qn, size_t from,
                         size_t to, bool disjoint, uint32_t *out)
{
        size_t got = 0, next = from, len = index_len(ix);
        for (size_t p = from; p < to && p + qn <= len; p++) {
                if (p < next)
                        continue;
                size_t t = 0;
                while (t < qn && index_rank_at(ix, p + t) == r[t])
                        t++;
                if (t < qn)
                        continue;
                out[got++] = (uint32_t)p;
                next = disjoint ? p + qn : p + 1;
        }
        return got;
}

static void check_scan(const struct index *ix, const uint32_t *r, size_t qn, size_t from,
                       size_t to, bool disjoint)
{
        size_t len = index_len(ix);
        uint32_t *want = xmalloc((len + 1) * sizeof *want);
        uint32_t *got = xmalloc((len + 1) * sizeof *got);
        size_t nw = naive_scan(ix, r, qn, from, to, disjoint, want);
        size_t ng = index_scan(ix, r, qn, from, to, disjoint, got, len + 1);
        cr_assert_eq(ng, nw, "%zu ranks from %zu to %zu (%s): %zu found, %zu wanted", qn, from,
                     to, disjoint ? "disjoint" : "all", ng, nw);
        cr_assert_arr_eq(got, want, nw * sizeof *got);
        /* A buffer of one, resumed as the header says, gives the same sequence. */
        size_t k = 0, at = from;
        while (k < nw) {
                uint32_t one;
                cr_assert_eq(index_scan(ix, r, qn, at, to, disjoint, &one, 1), 1);
                cr_assert_eq(one, want[k], "resumed scan, occurrence %zu", k);
                at = one + (disjoint ? qn : 1);
                k++;
        }
        uint32_t none;
        cr_assert_eq(index_scan(ix, r, qn, at, to, disjoint, &none, 1), 0);
        free(want);
        free(got);
}

static void scan_random_queries(const struct index *ix)
{
        size_t len = index_len(ix);
        if (len == 0)
                return;
        for (int k = 0; k < 40; k++) {
                /* Substrings of the key itself, so most have matches. */
                size_t p = (size_t)rand() % len, qn = 1 + (size_t)(rand() % 6);
                uint32_t r[8];
                size_t t = 0;
                while (t < qn && p + t < len && index_rank_at(ix, p + t) > 1) {
                        r[t] = index_rank_at(ix, p + t);
                        t++;
                }
                if (t == 0)
                        continue;
                size_t from = k % 3 ? 0 : (size_t)rand() % len;
                size_t to = k % 5 ? len : from + (size_t)rand() % (len - from + 1);
                check_scan(ix, r, t, from, to, k % 2 == 0);
        }
}

Test(scan, index_scan_matches_a_naive_loop_on_random_corpora)
{
        srand(9001);
        for (int round = 0; round < 60; round++) {
                struct fixture f;
                fixture_make(&f, round % 10 == 0 ? 0 : 300);
                struct index_opts wide = { .wide_key = true };
                /* Half the rounds read the lists, half the key (a sorted index has no lists). */
                const struct index_opts *o = round % 2 ? &wide : NULL;
                struct index *ix = round / 2 % 2 ? index_build_with(f.c, o, NULL, NULL, NULL)
                                                 : index_build_keys(f.c, o, NULL, NULL, NULL);
                cr_assert_not_null(ix);
                cr_assert_eq(index_key16(ix) == NULL, round % 2 == 1, "the key width asked for");
                scan_random_queries(ix);
                index_free(ix);
                fixture_free(&f);
        }
}

/*
 * A character's places are kept in blocks of 64, each half of the key
 * making blocks of its own, with each block's gaps packed as wide as its
 * widest: counts on both sides of 64 and 128, spread over both halves, and
 * gaps of tens and hundreds of thousands of characters. The lists answer
 * before the sort; after it they are gone and the key is read instead:
 * both must find what a naive loop finds.
 */
static char *wide_gaps_text(void)
{
        static const char *const counted[] = { "甲", "乙", "丙", "丁", "戊", "己" };
        static const size_t counts[] = { 63, 64, 65, 128, 129, 1 };
        static const char filler[] = "我们要坚持发展经济社会文化建设人民生活";
        size_t nfill = (sizeof filler - 1) / 3, total = 700000;
        struct sbuf b = { 0 };
        for (size_t i = 0; i < total; i++) {
                const char *piece = NULL;
                /* 鑫 every 70,001 characters; 龘 at both ends, 700,000 apart. */
                if (i == 0 || i + 1 == total)
                        piece = "龘";
                else if (i % 70001 == 0)
                        piece = "鑫";
                for (size_t c = 0; !piece && c < LC_ARRAY_LEN(counted); c++)
                        if (i % (total / counts[c]) == 17 * (c + 1) && i / (total / counts[c]) < counts[c])
                                piece = counted[c];
                if (piece)
                        sbuf_add(&b, piece, strlen(piece));
                else
                        sbuf_add(&b, filler + 3 * (i % nfill), 3);
        }
        return sbuf_take(&b);
}

static const char *const wide_gap_queries[] = {
        "甲", "乙", "丙", "丁", "戊", "己", "鑫", "龘", "甲我", "龘我", "鑫" "å",
        /* Two lists of about the same length walked side by side, either one first. */
        "丁戊", "戊丁", "丁甲戊", "乙乙", "发展", "展发", "展经济", "活我们", "社会文化建设", "生活龘",
};

/*
 * A character's places are kept in blocks of 64, each half of the key
 * making blocks of its own, with each block's gaps packed as wide as its
 * widest: counts on both sides of 64 and 128, spread over both halves, and
 * gaps of tens and hundreds of thousands of characters. The lists answer
 * before the sort, a second list walked beside the first where they are
 * of a length; after it they are gone and the key is read instead: both
 * must find what a naive loop finds, and count what it counts.
 */
Test(scan, the_lists_and_the_key_agree_across_blocks_halves_and_wide_gaps)
{
        char *text = wide_gaps_text();
        const char *texts[] = { text, "甲乙丙丁戊己鑫龘发展" };
        struct corpus *c = corpus_of(texts, 2, "UTF-8");
        struct index *ix = index_build_keys(c, NULL, NULL, NULL, NULL);
        cr_assert_not_null(ix);
        size_t len = index_len(ix);
        for (int sorted = 0; sorted < 2; sorted++) {
                for (size_t q = 0; q < LC_ARRAY_LEN(wide_gap_queries); q++) {
                        const char *s = wide_gap_queries[q];
                        uint32_t cps[8], r[8];
                        size_t qn = fold_text(s, strlen(s), cps, NULL);
                        for (size_t i = 0; i < qn; i++)
                                r[i] = index_rank(ix, cps[i]);
                        check_scan(ix, r, qn, 0, len, false);
                        check_scan(ix, r, qn, len / 2 - 1000, len / 2 + 90000, true);
                        check_scan(ix, r, qn, len / 3, len, false);
                        if (qn != 1)
                                continue;
                        /* Counted before every place, after it, and at a few others. */
                        size_t before = 0;
                        for (size_t p = 0; p <= len; p++) {
                                bool here = p < len && index_rank_at(ix, p) == r[0];
                                if (here || p % 99991 == 0 || p == len) {
                                        cr_assert_eq(index_count_before(ix, r[0], p), before,
                                                     "%s before %zu", s, p);
                                        cr_assert_eq(index_count_before(ix, r[0], p + 1),
                                                     before + here, "%s before %zu", s, p + 1);
                                }
                                before += here;
                        }
                }
                if (!sorted)
                        cr_assert_eq(index_sort(ix, NULL, NULL, NULL), LC_OK);
        }
        cr_assert_eq(index_count_before(ix, 0, len), 0, "no count for a separator");
        index_free(ix);
        corpus_free(c);
        free(text);
}

Test(scan, overlapping_runs_bounds_and_absent_ranks)
{
        const char *t[] = { "哈哈哈哈哈", "哈哈" };
        struct corpus *c = corpus_of(t, 2, NULL);
        struct index *ix = index_build_keys(c, NULL, NULL, NULL, NULL);
        uint32_t h = index_rank(ix, 0x54C8), r[] = { h, h }, out[16];
        /* Keys: 哈×5 at 0..4, separator at 5, 哈×2 at 6..7, separator at 8. */
        cr_assert_eq(index_scan(ix, r, 2, 0, index_len(ix), false, out, 16), 5);
        uint32_t all[] = { 0, 1, 2, 3, 6 };
        cr_assert_arr_eq(out, all, sizeof all);
        cr_assert_eq(index_scan(ix, r, 2, 0, index_len(ix), true, out, 16), 3);
        uint32_t disjoint[] = { 0, 2, 6 };
        cr_assert_arr_eq(out, disjoint, sizeof disjoint);
        /* Starts in [from, to) only; the occurrence may run past to. */
        cr_assert_eq(index_scan(ix, r, 2, 1, 4, true, out, 16), 2);
        cr_assert(out[0] == 1 && out[1] == 3);
        cr_assert_eq(index_scan(ix, r, 2, 4, 6, false, out, 16), 0, "none crosses a separator");
        /* No match for a rank the corpus lacks, or for none at all. */
        uint32_t bad[] = { h, 0 };
        cr_assert_eq(index_scan(ix, bad, 2, 0, index_len(ix), false, out, 16), 0);
        cr_assert_eq(index_scan(ix, r, 0, 0, index_len(ix), false, out, 16), 0);
        cr_assert_eq(index_scan(ix, r, 2, 0, index_len(ix), false, out, 0), 0);
        /* A query as long as the whole key, and longer. */
        uint32_t five[] = { h, h, h, h, h }, six[] = { h, h, h, h, h, h };
        cr_assert_eq(index_scan(ix, five, 5, 0, SIZE_MAX, false, out, 16), 1);
        cr_assert_eq(index_scan(ix, six, 6, 0, SIZE_MAX, false, out, 16), 0);
        index_free(ix);
        corpus_free(c);
}

Test(scan, the_two_stages_make_the_index_that_one_call_makes)
{
        struct corpus *c = bundled_corpus();
        struct index *kx = index_build_keys(c, NULL, NULL, NULL, NULL);
        struct index *ix = index_build(c, NULL, NULL, NULL);
        cr_assert(!index_sorted(kx));
        cr_assert(index_sorted(ix));
        size_t sum = 0;
        for (uint32_t r = 0; r < index_nranks(kx); r++)
                sum += index_rank_count(kx, r);
        cr_assert_eq(sum, index_len(kx), "every key position holds one rank");
        cr_assert_eq(index_sort(kx, NULL, NULL, NULL), LC_OK);
        cr_assert(index_sorted(kx));
        cr_assert_eq(index_sort(kx, NULL, NULL, NULL), LC_OK, "sorting again does nothing");
        cr_assert_eq(index_len(kx), index_len(ix));
        cr_assert_arr_eq(index_sa(kx), index_sa(ix), index_len(ix) * sizeof *index_sa(ix));
        index_free(kx);
        index_free(ix);
        corpus_free(c);
}

static void same_hits(const struct hits *a, const struct hits *b, const char *what)
{
        cr_assert_eq(a->n, b->n, "%s: %zu hits before the sort, %zu after", what, a->n, b->n);
        cr_assert_eq(a->partial, b->partial, "%s", what);
        cr_assert_eq(a->total, b->total, "%s: total", what);
        cr_assert_eq(a->base, b->base, "%s: base", what);
        if (!a->partial) {
                cr_assert_eq(a->ndocs, b->ndocs, "%s: documents", what);
                cr_assert_arr_eq(a->per_doc, b->per_doc, a->nper_doc * sizeof *a->per_doc,
                                 "%s: hits per document", what);
        }
        for (size_t i = 0; i < a->n; i++)
                cr_assert(a->v[i].doc == b->v[i].doc && a->v[i].start == b->v[i].start &&
                                  a->v[i].end == b->v[i].end,
                          "%s: hit %zu differs", what, i);
}

/*
 * Before the sort a one-character preview reads only the document shown
 * from its character's list: over many blocks, it must still count, number
 * and show what the sorted index does, and so must the scans of longer
 * queries, which walk a second list.
 */
Test(scan, previews_over_long_lists_agree_before_and_after_the_sort)
{
        char *text = wide_gaps_text();
        const char *texts[] = { "发展甲", text, "甲乙丙丁戊己鑫龘发展", text };
        struct corpus *c = corpus_of(texts, 4, "UTF-8");
        struct index *kx = index_build_keys(c, NULL, NULL, NULL, NULL);
        struct index *ix = index_build(c, NULL, NULL, NULL);
        cr_assert(kx && ix);
        struct hits a = { 0 }, b = { 0 };
        for (size_t q = 0; q < LC_ARRAY_LEN(wide_gap_queries); q++) {
                const char *s = wide_gap_queries[q];
                for (uint32_t d = 0; d < 4; d++) {
                        size_t n = corpus_doc(c, d)->len;
                        size_t offs[] = { 0, n / 3 / 3 * 3, n };
                        for (size_t k = 0; k < 3; k++) {
                                cr_assert_eq(search_preview(kx, s, strlen(s), d, offs[k], 0, &a),
                                             LC_OK);
                                cr_assert_eq(search_preview(ix, s, strlen(s), d, offs[k], 0, &b),
                                             LC_OK);
                                same_hits(&a, &b, s);
                        }
                }
        }
        hits_free(&a);
        hits_free(&b);
        index_free(kx);
        index_free(ix);
        corpus_free(c);
        free(text);
}

static const char *const queries[] = {
        "哈", "哈哈", "哈哈哈", "劳", "勞動", "动精", "精神", "工匠精神", "a", "aa", "Aa", "𠀀",
        "𠀀哈", "é", "。\n", "ａ", "量子", "",
};

Test(scan, a_search_before_the_sort_gives_what_it_gives_after)
{
        srand(31337);
        for (int round = 0; round < 30; round++) {
                struct fixture f;
                fixture_make(&f, 400);
                struct index *kx = index_build_keys(f.c, NULL, NULL, NULL, NULL);
                struct index *ix = index_build(f.c, NULL, NULL, NULL);
                struct hits a = { 0 }, b = { 0 };
                for (size_t q = 0; q < LC_ARRAY_LEN(queries); q++) {
                        const char *s = queries[q];
                        cr_assert_eq(search_run(kx, s, strlen(s), &a), LC_OK);
                        cr_assert_eq(search_run(ix, s, strlen(s), &b), LC_OK);
                        same_hits(&a, &b, s);
                        /* Previews from each document's start, middle and end. */
                        for (uint32_t d = 0; d < f.ndocs; d++) {
                                size_t len = corpus_doc(f.c, d)->len;
                                size_t offs[] = { 0, len / 2, len };
                                for (size_t k = 0; k < 3; k++) {
                                        size_t off = offs[k];
                                        while (off > 0 && off < len &&
                                               (corpus_doc(f.c, d)->text[off] & 0xC0) == 0x80)
                                                off--;
                                        search_preview(kx, s, strlen(s), d, off, 0, &a);
                                        search_preview(ix, s, strlen(s), d, off, 0, &b);
                                        same_hits(&a, &b, s);
                                }
                        }
                        /* Below the threshold a preview is the full search. */
                        search_preview(kx, s, strlen(s), 0, 0, SIZE_MAX, &a);
                        cr_assert(!a.partial);
                }
                hits_free(&a);
                hits_free(&b);
                index_free(kx);
                index_free(ix);
                fixture_free(&f);
        }
}

struct sorter {
        struct index *ix;
        int rc;
};

static void *sort_thread(void *arg)
{
        struct sorter *s = arg;
        s->rc = index_sort(s->ix, NULL, NULL, NULL);
        return NULL;
}

Test(scan, searches_while_another_thread_sorts_see_the_right_hits)
{
        srand(2718);
        char *big = random_text(40000);
        const char *t[] = { big, "劳动精神和工匠精神", big + strlen(big) / 2 };
        struct corpus *c = corpus_of(t, 3, "UTF-8");
        struct index *ref = index_build(c, NULL, NULL, NULL);
        struct index *ix = index_build_keys(c, NULL, NULL, NULL, NULL);
        struct hits want[LC_ARRAY_LEN(queries)] = { { 0 } };
        for (size_t q = 0; q < LC_ARRAY_LEN(queries); q++)
                search_run(ref, queries[q], strlen(queries[q]), &want[q]);

        struct sorter s = { ix, -1 };
        pthread_t th;
        cr_assert_eq(pthread_create(&th, NULL, sort_thread, &s), 0);
        struct hits got = { 0 };
        bool saw_scan = false;
        for (int round = 0; round < 200 && !(round > 3 && index_sorted(ix)); round++) {
                saw_scan |= !index_sorted(ix);
                for (size_t q = 0; q < LC_ARRAY_LEN(queries); q++) {
                        search_run(ix, queries[q], strlen(queries[q]), &got);
                        same_hits(&got, &want[q], queries[q]);
                }
        }
        pthread_join(th, NULL);
        cr_assert_eq(s.rc, LC_OK);
        cr_assert(index_sorted(ix));
        if (!saw_scan)
                cr_log_warn("the sort ended before the first search: nothing ran concurrently");
        for (size_t q = 0; q < LC_ARRAY_LEN(queries); q++) {
                search_run(ix, queries[q], strlen(queries[q]), &got);
                same_hits(&got, &want[q], queries[q]);
                hits_free(&want[q]);
        }
        hits_free(&got);
        index_free(ix);
        index_free(ref);
        corpus_free(c);
        free(big);
}
