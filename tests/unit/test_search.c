/*
 * Tests of search: hits are exact byte ranges of the original text whatever
 * the script of the query, overlaps resolve leftmost first, hits come in
 * document order, per-document counts add up, and the n/N walk wraps at
 * both ends of the corpus. The bundled corpus gives the figures the issue
 * names (14 hits of the three spirits in 3 speeches).
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "index.h"
#include "search.h"
#include "testlib.h"
#include "util.h"

TestSuite(search, .init = utf8_locale);

static char *hit_text(const struct corpus *c, const struct hit *h)
{
        const struct doc *d = corpus_doc(c, h->doc);
        return xstrndup(d->text + h->start, h->end - h->start);
}

Test(search, simplified_query_finds_traditional_text_and_back)
{
        const char *t[] = { "我們弘揚勞動精神。", "弘扬劳动精神" };
        struct corpus *c = corpus_of(t, 2, NULL);
        struct index *ix = index_build(c, NULL, NULL, NULL);
        struct hits h = { 0 };
        const char *queries[] = { "劳动", "勞動", "勞动" };
        for (size_t q = 0; q < 3; q++) {
                cr_assert_eq(search_run(ix, queries[q], strlen(queries[q]), &h), 0);
                cr_assert_eq(h.n, 2);
                cr_assert_eq(h.ndocs, 2);
                char *a = hit_text(c, &h.v[0]), *b = hit_text(c, &h.v[1]);
                cr_assert_str_eq(a, "勞動");
                cr_assert_str_eq(b, "劳动");
                cr_assert_eq(h.v[0].start, strlen("我們弘揚"));
                free(a);
                free(b);
        }
        hits_free(&h);
        index_free(ix);
        corpus_free(c);
}

Test(search, pinyin_annotations_are_invisible_and_hits_cover_them)
{
        const char *t[] = { "大力弘揚勞動(dòng)精神和勞模精神" };
        struct corpus *c = corpus_of(t, 1, NULL);
        struct index *ix = index_build(c, NULL, NULL, NULL);
        struct hits h = { 0 };
        search_run(ix, "劳动精神", strlen("劳动精神"), &h);
        cr_assert_eq(h.n, 1);
        char *s = hit_text(c, &h.v[0]);
        cr_assert_str_eq(s, "勞動(dòng)精神");
        free(s);
        hits_free(&h);
        index_free(ix);
        corpus_free(c);
}

Test(search, one_and_two_character_queries)
{
        const char *t[] = { "精神精神", "神", "精" };
        struct corpus *c = corpus_of(t, 3, NULL);
        struct index *ix = index_build(c, NULL, NULL, NULL);
        struct hits h = { 0 };
        search_run(ix, "精", strlen("精"), &h);
        cr_assert_eq(h.n, 3);
        cr_assert_eq(h.v[0].doc, 0);
        cr_assert_eq(h.v[0].start, 0);
        cr_assert_eq(h.v[1].start, 6);
        cr_assert_eq(h.v[2].doc, 2);
        cr_assert_eq(h.per_doc[0], 2);
        cr_assert_eq(h.per_doc[1], 0);
        cr_assert_eq(h.per_doc[2], 1);
        search_run(ix, "精神", strlen("精神"), &h);
        cr_assert_eq(h.n, 2);
        cr_assert_eq(h.ndocs, 1);
        /* The separator never lets a hit run from one document into the next. */
        search_run(ix, "神精", strlen("神精"), &h);
        cr_assert_eq(h.n, 1);
        cr_assert_eq(h.v[0].start, 3);
        hits_free(&h);
        index_free(ix);
        corpus_free(c);
}

Test(search, overlapping_occurrences_resolve_leftmost_first)
{
        const char *t[] = { "哈哈哈哈哈", "aaa" };
        struct corpus *c = corpus_of(t, 2, NULL);
        struct index *ix = index_build(c, NULL, NULL, NULL);
        struct hits h = { 0 };
        search_run(ix, "哈哈", strlen("哈哈"), &h);
        cr_assert_eq(h.n, 2);
        cr_assert_eq(h.v[0].start, 0);
        cr_assert_eq(h.v[0].end, 6);
        cr_assert_eq(h.v[1].start, 6);
        search_run(ix, "AA", 2, &h);   /* case folds too */
        cr_assert_eq(h.n, 1);
        cr_assert_eq(h.v[0].doc, 1);
        cr_assert_eq(h.v[0].start, 0);
        hits_free(&h);
        index_free(ix);
        corpus_free(c);
}

Test(search, empty_and_absent_queries_give_no_hits)
{
        const char *t[] = { "劳模精神" };
        struct corpus *c = corpus_of(t, 1, NULL);
        struct index *ix = index_build(c, NULL, NULL, NULL);
        struct hits h = { 0 };
        cr_assert_eq(search_run(ix, "", 0, &h), 0);
        cr_assert_eq(h.n, 0);
        search_run(ix, "量子计算", strlen("量子计算"), &h);
        cr_assert_eq(h.n, 0);
        cr_assert_eq(h.ndocs, 0);
        cr_assert_eq(hits_step(&h, 0, 0, 1, false, NULL), SIZE_MAX);
        hits_free(&h);
        index_free(ix);
        corpus_free(c);
}

Test(search, many_hits_come_sorted_by_position)
{
        /* Enough hits for the radix sort path, in an order the SA scrambles. */
        struct sbuf sb = { 0 };
        for (int i = 0; i < 500; i++)
                sbuf_printf(&sb, "精神%c", 'a' + i % 26);
        const char *t[] = { sb.s, sb.s };
        struct corpus *c = corpus_of(t, 2, NULL);
        struct index *ix = index_build(c, NULL, NULL, NULL);
        struct hits h = { 0 };
        search_run(ix, "精神", strlen("精神"), &h);
        cr_assert_eq(h.n, 1000);
        for (size_t i = 1; i < h.n; i++) {
                const struct hit *a = &h.v[i - 1], *b = &h.v[i];
                cr_assert(a->doc < b->doc || (a->doc == b->doc && a->end <= b->start));
        }
        hits_free(&h);
        index_free(ix);
        corpus_free(c);
        sbuf_free(&sb);
}

Test(search, step_walks_across_documents_and_wraps)
{
        const char *t[] = { "甲乙甲", "丙", "乙甲" };
        struct corpus *c = corpus_of(t, 3, NULL);
        struct index *ix = index_build(c, NULL, NULL, NULL);
        struct hits h = { 0 };
        search_run(ix, "甲", strlen("甲"), &h);
        cr_assert_eq(h.n, 3);
        bool wrapped;
        /* From the first hit forward: 0 -> 1 -> 2 -> wrap to 0. */
        size_t i = hits_step(&h, 0, 0, 1, true, &wrapped);
        cr_assert_eq(i, 0);
        cr_assert_not(wrapped);
        i = hits_step(&h, h.v[i].doc, h.v[i].start, 1, false, &wrapped);
        cr_assert_eq(i, 1);
        i = hits_step(&h, h.v[i].doc, h.v[i].start, 1, false, &wrapped);
        cr_assert_eq(i, 2);
        cr_assert_eq(h.v[i].doc, 2);
        cr_assert_not(wrapped);
        i = hits_step(&h, h.v[i].doc, h.v[i].start, 1, false, &wrapped);
        cr_assert_eq(i, 0);
        cr_assert(wrapped);
        /* Backward from the first wraps to the last. */
        i = hits_step(&h, 0, 0, -1, false, &wrapped);
        cr_assert_eq(i, 2);
        cr_assert(wrapped);
        /* From the middle document (no hits) forward lands in the last one. */
        i = hits_step(&h, 1, 0, 1, true, &wrapped);
        cr_assert_eq(i, 2);
        i = hits_step(&h, 1, 0, -1, false, &wrapped);
        cr_assert_eq(i, 1);
        cr_assert_eq(hits_lower_bound(&h, 2, 0), 2);
        hits_free(&h);
        index_free(ix);
        corpus_free(c);
}

Test(search, bundled_corpus_counts_match_the_issue)
{
        struct corpus *c = bundled_corpus();
        cr_assert_eq(corpus_count(c), 5);
        struct index *ix = index_build(c, NULL, NULL, NULL);
        struct hits h = { 0 }, h2 = { 0 };
        const char *q = "劳模精神、劳动精神、工匠精神";
        search_run(ix, q, strlen(q), &h);
        cr_assert_eq(h.n, 14);
        cr_assert_eq(h.ndocs, 3);
        search_run(ix, "劳模精神", strlen("劳模精神"), &h);
        search_run(ix, "勞模精神", strlen("勞模精神"), &h2);
        cr_assert_eq(h.n, h2.n);
        cr_assert_gt(h.n, 0);
        for (size_t d = 0; d < 5; d++)
                cr_assert_eq(h.per_doc[d], h2.per_doc[d]);
        hits_free(&h);
        hits_free(&h2);
        index_free(ix);
        corpus_free(c);
}
