/*
 * Tests of search: hits are exact byte ranges of the original text whatever
 * the script of the query, overlaps resolve leftmost first, hits come in
 * document order, per-document counts add up, and the n/N walk wraps at
 * both ends of the corpus. The bundled corpus gives the figures the issue
 * names (14 hits of the three spirits in 3 speeches). Random corpora check
 * every hit against a plain scan of the folded text, so the fast paths
 * (radix sort, overlap filter only for queries with a border, the forward
 * byte mapping) cannot drift from the simple definition.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "fold.h"
#include "index.h"
#include "search.h"
#include "seq.h"
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

/*
 * A query is sanitised as the documents are: text copied from a file, with
 * the variation selector, skin tone or ZWJ the document lost, finds it; so
 * do half-width ｡ and a final ς, which fold like 。 and σ.
 */
Test(search, queries_lose_what_the_documents_lost)
{
        const char *t[] = { "我\u2764\uFE0F北京\n點讚\U0001F44D\U0001F3FD好\n價格￥100元｡\nσας\ncafe\u0301s\n" };
        struct corpus *c = corpus_of(t, 1, NULL);
        static const char *const queries[] = {
                "我\u2764\uFE0F北京", "我\u2764北京", "\U0001F44D\U0001F3FD", "\U0001F44D",
                "\uFEFF北京", "北\u200B京", "¥100", "100元。", "ΣΑΣ",
                "\u0301s",     /* a leading mark gets no base: in the text it has one */
        };
        for (int sorted = 0; sorted <= 1; sorted++) {
                struct index *ix = sorted ? index_build(c, NULL, NULL, NULL)
                                          : index_build_keys(c, NULL, NULL, NULL, NULL);
                cr_assert_not_null(ix);
                for (size_t i = 0; i < LC_ARRAY_LEN(queries); i++) {
                        struct hits h = { 0 };
                        search_run(ix, queries[i], strlen(queries[i]), &h);
                        cr_assert_eq(h.n, 1, "%s: %zu hits (sorted %d)", queries[i], h.n, sorted);
                        hits_free(&h);
                }
                index_free(ix);
        }
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

/*
 * The hits a plain scan of each document's folded key finds: every match,
 * leftmost first, the next one tried after its end.
 */
static struct hits brute_hits(const struct corpus *c, const char *query)
{
        struct hits want = { 0 };
        uint32_t *q = xmalloc((strlen(query) + 1) * sizeof *q);
        size_t qn = fold_text(query, strlen(query), q, NULL);
        for (size_t d = 0; qn && d < corpus_count(c); d++) {
                const struct doc *doc = corpus_doc(c, d);
                uint32_t *key = xmalloc((doc->len + 1) * sizeof *key);
                uint32_t *offs = xmalloc((doc->len + 1) * sizeof *offs);
                size_t n = fold_text(doc->text, doc->len, key, offs);
                for (size_t i = 0; i + qn <= n;) {
                        if (memcmp(key + i, q, qn * sizeof *q) != 0) {
                                i++;
                                continue;
                        }
                        uint32_t last = offs[i + qn - 1];
                        want.v = xgrow(want.v, &want.cap, want.n + 1, sizeof *want.v);
                        want.v[want.n++] = (struct hit){
                                (uint32_t)d, offs[i], last + (uint32_t)lc_utf8_len(doc->text + last)
                        };
                        i += qn;
                }
                free(key);
                free(offs);
        }
        free(q);
        return want;
}

static void check_against_scan(const struct corpus *c, const struct index *ix, const char *query,
                               struct hits *got)
{
        struct hits want = brute_hits(c, query);
        cr_assert_eq(search_run(ix, query, strlen(query), got), LC_OK);
        cr_assert_eq(got->n, want.n, "%s: %zu hits, the scan finds %zu", query, got->n, want.n);
        size_t sum = 0;
        uint32_t docs = 0;
        for (size_t d = 0; d < corpus_count(c); d++) {
                sum += got->per_doc[d];
                docs += got->per_doc[d] > 0;
        }
        cr_assert_eq(sum, got->n, "%s: per-document counts add up", query);
        cr_assert_eq(docs, got->ndocs, "%s: documents with hits", query);
        for (size_t i = 0; i < want.n; i++) {
                const struct hit *g = &got->v[i], *w = &want.v[i];
                cr_assert(g->doc == w->doc && g->start == w->start && g->end == w->end,
                          "%s: hit %zu is doc %u %u..%u, the scan says doc %u %u..%u", query, i,
                          g->doc, g->start, g->end, w->doc, w->start, w->end);
        }
        free(want.v);
}

/* Random documents over pieces chosen to meet the fast paths' edge cases. */
static const char *const pieces[] = {
        "哈", "哈", "勞", "劳", "動", "动", "精", "神", "a", "Ａ", "。", "\n", "𠀀",
        "勞(láo)", "動(dòng)", "精(jīng)神(shén)", "é", " ",
};

static char *random_text(size_t nparts)
{
        return random_text_of(pieces, LC_ARRAY_LEN(pieces), nparts);
}

Test(search, hits_equal_a_plain_scan_on_random_corpora)
{
        static const char *queries[] = {
                "哈", "哈哈", "哈哈哈", "劳", "勞動", "动精", "精神", "神精", "a", "aa", "Aa",
                "𠀀", "𠀀哈", "é", "劳动精神", "哈劳哈", "。\n", "动动", "ａ",
        };
        srand(4242);
        for (int round = 0; round < 40; round++) {
                size_t ndocs = 1 + (size_t)(rand() % 7);
                char *texts[7];
                for (size_t d = 0; d < ndocs; d++)
                        texts[d] = random_text(round % 5 == 0 ? 0 : (size_t)(rand() % 600));
                struct corpus *c = corpus_of((const char *const *)texts, ndocs, "UTF-8");
                struct index *ix = index_build(c, NULL, NULL, NULL);
                cr_assert_not_null(ix);
                struct hits h = { 0 };
                for (size_t q = 0; q < LC_ARRAY_LEN(queries); q++)
                        check_against_scan(c, ix, queries[q], &h);
                /* Substrings of the text itself, at document edges too. */
                for (int k = 0; k < 20; k++) {
                        const struct doc *d = corpus_doc(c, (size_t)rand() % ndocs);
                        if (d->len == 0)
                                continue;
                        size_t a = (size_t)rand() % d->len, len = 1 + (size_t)(rand() % 12);
                        if (k % 4 == 0)
                                a = 0;
                        while (a > 0 && (d->text[a] & 0xC0) == 0x80)
                                a--;
                        size_t b = a + len < d->len ? a + len : d->len;
                        while (b < d->len && (d->text[b] & 0xC0) == 0x80)
                                b++;
                        char *sub = xstrndup(d->text + a, b - a);
                        check_against_scan(c, ix, sub, &h);
                        free(sub);
                }
                hits_free(&h);
                index_free(ix);
                corpus_free(c);
                for (size_t d = 0; d < ndocs; d++)
                        free(texts[d]);
        }
}

Test(search, dense_annotations_and_border_queries_over_many_hits)
{
        /* Blocks where annotations push offsets past a byte, and runs of 哈. */
        struct sbuf a = { 0 }, b = { 0 };
        for (int i = 0; i < 700; i++)
                sbuf_printf(&a, "勞(láo)動(dòng)%s", i % 10 ? "" : i % 20 ? "哈哈哈" : "哈");
        for (int i = 0; i < 3000; i++)
                sbuf_printf(&b, "%s", i % 7 ? "哈" : "劳");
        const char *t[] = { a.s, "", b.s, "哈" };
        struct corpus *c = corpus_of(t, 4, NULL);
        struct index *ix = index_build(c, NULL, NULL, NULL);
        struct hits h = { 0 };
        const char *queries[] = { "哈", "哈哈", "哈哈哈", "劳", "勞動", "动哈", "哈劳哈", "哈哈劳" };
        for (size_t q = 0; q < LC_ARRAY_LEN(queries); q++)
                check_against_scan(c, ix, queries[q], &h);
        hits_free(&h);
        index_free(ix);
        corpus_free(c);
        sbuf_free(&a);
        sbuf_free(&b);
}

/*
 * A preview must agree with the full search it stands in for: the same
 * count, and exactly the full search's hits of the document that holds the
 * first hit at or after the reader's place (wrapping round), numbered as
 * the full search numbers them.
 */
static void check_preview(const struct index *ix, const char *query, uint32_t doc, size_t off,
                          struct hits *pv, struct hits *full)
{
        cr_assert_eq(search_run(ix, query, strlen(query), full), LC_OK);
        cr_assert_eq(search_preview(ix, query, strlen(query), doc, off, 0, pv), LC_OK);
        cr_assert_eq(pv->total, full->n, "%s: preview counts %zu, the search %zu", query,
                     pv->total, full->n);
        if (full->n == 0) {
                cr_assert_eq(pv->n, 0);
                return;
        }
        if (!pv->partial) {
                /* Only a query that can overlap itself is searched in full. */
                cr_assert_eq(pv->n, full->n, "%s", query);
                return;
        }
        size_t at = hits_step(full, doc, off, 1, true, NULL);
        uint32_t d = full->v[at].doc;
        size_t first = hits_lower_bound(full, d, 0);
        cr_assert_eq(pv->base, first, "%s from doc %u byte %zu: base %zu, not %zu", query, doc,
                     off, pv->base, first);
        cr_assert_eq(pv->n, full->per_doc[d], "%s: %zu hits in doc %u, not %u", query, pv->n, d,
                     full->per_doc[d]);
        for (size_t i = 0; i < pv->n; i++) {
                const struct hit *g = &pv->v[i], *w = &full->v[first + i];
                cr_assert(g->doc == w->doc && g->start == w->start && g->end == w->end,
                          "%s: preview hit %zu is doc %u %u..%u, not doc %u %u..%u", query, i,
                          g->doc, g->start, g->end, w->doc, w->start, w->end);
        }
}

Test(search, a_preview_is_the_full_search_seen_through_one_document)
{
        static const char *queries[] = {
                "劳", "勞動", "动精", "精神", "a", "Aa", "𠀀", "é", "劳动精神", "。\n", "ａ", "哈哈",
        };
        srand(777);
        for (int round = 0; round < 30; round++) {
                size_t ndocs = 1 + (size_t)(rand() % 7);
                char *texts[7];
                for (size_t d = 0; d < ndocs; d++)
                        texts[d] = random_text((size_t)(rand() % 500));
                struct corpus *c = corpus_of((const char *const *)texts, ndocs, "UTF-8");
                struct index *ix = index_build(c, NULL, NULL, NULL);
                cr_assert_not_null(ix);
                struct hits pv = { 0 }, full = { 0 };
                for (size_t q = 0; q < LC_ARRAY_LEN(queries); q++) {
                        /* From every document's start, middle and end (past the last hit: wraps). */
                        for (uint32_t d = 0; d < ndocs; d++) {
                                size_t len = corpus_doc(c, d)->len;
                                size_t offs[] = { 0, len / 2, len };
                                for (size_t k = 0; k < 3; k++) {
                                        size_t off = offs[k];
                                        while (off > 0 && off < len &&
                                               (corpus_doc(c, d)->text[off] & 0xC0) == 0x80)
                                                off--;
                                        check_preview(ix, queries[q], d, off, &pv, &full);
                                }
                        }
                }
                /* Below the threshold it is a full search. */
                cr_assert_eq(search_preview(ix, "劳", strlen("劳"), 0, 0, SIZE_MAX, &pv), LC_OK);
                cr_assert(!pv.partial);
                search_run(ix, "劳", strlen("劳"), &full);
                cr_assert_eq(pv.n, full.n);
                hits_free(&pv);
                hits_free(&full);
                index_free(ix);
                corpus_free(c);
                for (size_t d = 0; d < ndocs; d++)
                        free(texts[d]);
        }
}

/* Hit positions are sorted by one function, on either side of its switch to qsort(). */
Test(search, positions_sort_at_any_length)
{
        uint32_t v[300], count[64];
        srand(99);
        for (size_t n = 0; n <= 300; n += n < 80 ? 1 : 37) {
                memset(count, 0, sizeof count);
                for (size_t i = 0; i < n; i++) {
                        /* Few distinct values, so equal ones meet, and the top bit set too. */
                        v[i] = (uint32_t)(rand() % 64) | (i % 5 == 0 ? 0x80000000u : 0);
                        count[v[i] & 63]++;
                }
                seq_sort(v, n);
                for (size_t i = 0; i < n; i++) {
                        cr_assert(i == 0 || v[i - 1] <= v[i], "n %zu: out of order at %zu", n, i);
                        count[v[i] & 63]--;
                }
                for (size_t k = 0; k < 64; k++)
                        cr_assert_eq(count[k], 0, "n %zu: value %zu lost or made up", n, k);
        }
}

Test(search, borders_are_found_linearly_at_any_length)
{
        uint32_t s[600];
        for (size_t i = 0; i < 600; i++)
                s[i] = (uint32_t)(i % 7 == 3 ? 1 : 2 + i);
        cr_assert(!seq_has_border(s, 0));
        cr_assert(!seq_has_border(s, 1));
        cr_assert(!seq_has_border(s, 600), "all distinct but the 1s, which never end it");
        uint32_t ha[] = { 5, 5 }, aba[] = { 1, 2, 1 }, abab[] = { 1, 2, 1, 2 }, abc[] = { 1, 2, 3 };
        cr_assert(seq_has_border(ha, 2));
        cr_assert(seq_has_border(aba, 3));
        cr_assert(seq_has_border(abab, 4));
        cr_assert(!seq_has_border(abc, 3));
        /* Longer than the stack buffer: a border of one at the far end. */
        s[599] = s[0];
        cr_assert(seq_has_border(s, 600));
        for (size_t n = 2; n < 600; n++) {
                bool slow = false;
                for (size_t b = 1; b < n && !slow; b++)
                        slow = memcmp(s, s + n - b, b * sizeof *s) == 0;
                cr_assert_eq(seq_has_border(s, n), slow, "length %zu", n);
        }
}

/* What a query keeps once folded: invisible marks nothing, text its characters. */
Test(search, query_chars_counts_what_is_searched)
{
        static const char zwsp_vs[] = "\u200b\ufe0f";
        cr_expect_eq(search_query_chars(zwsp_vs, strlen(zwsp_vs)), 0);
        cr_expect_eq(search_query_chars("", 0), 0);
        cr_expect_eq(search_query_chars("勞動", strlen("勞動")), 2);
        cr_expect_eq(search_query_chars("劳\u200b动", strlen("劳\u200b动")), 2);
}
