/*
 * Tests of the phrases view: occurrences are exactly what a search for the
 * phrase finds; each document's occurrences come in text order with the
 * ones inside a longer occurrence set apart, which ] and [ skip; the marks
 * leave pinyin annotations out; the filter folds Traditional and
 * Simplified; the barcode puts every occurrence in a cell; and on the
 * bundled corpus 习近平总书记 has its 31 occurrences in all five speeches.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corpus.h"
#include "doc.h"
#include "index.h"
#include "phrase.h"
#include "phrases_view.h"
#include "search.h"
#include "testlib.h"
#include "util.h"

TestSuite(phrases_view, .init = utf8_locale);

static const char *const texts[] = {
        "大力弘扬劳模精神，弘揚勞模精神。\n工匠精神在這裏",
        "勞動(dòng)模範說\n劳模精神與工匠精神",
        "沒有短語的一段",
        "劳动模范",
};

/* Ranked as phrase_extract would: these three, in this order. */
static const char *const names[] = { "劳模精神", "弘扬劳模精神", "工匠精神", "劳动模范" };

struct fixture {
        struct corpus *c;
        struct index *ix;
        struct phrases_view *v;
};

/* A list made by hand, as a caller of phrases_view_new() might make one. */
static struct phrases phrases_named(const char *const *v, size_t n)
{
        struct phrases ps = { .v = xcalloc(n + 1, sizeof *ps.v), .n = n };
        for (size_t i = 0; i < n; i++) {
                ps.v[i].text = xstrdup(v[i]);
                ps.v[i].nbytes = (uint16_t)strlen(v[i]);
        }
        return ps;
}

/* A copy of ps, key positions and all, that a second view can take over. */
static struct phrases phrases_copy(const struct phrases *ps)
{
        struct phrases copy = { .v = xcalloc(ps->n + 1, sizeof *copy.v), .n = ps->n };
        for (size_t i = 0; i < ps->n; i++) {
                copy.v[i] = ps->v[i];
                copy.v[i].text = phrase_strdup(&ps->v[i]);
        }
        return copy;
}

static struct fixture make(void)
{
        struct fixture f = { corpus_of(texts, LC_ARRAY_LEN(texts), "UTF-8"), NULL, NULL };
        f.ix = index_build(f.c, NULL, NULL, NULL);
        cr_assert_not_null(f.ix);
        struct phrases ps = phrases_named(names, LC_ARRAY_LEN(names));
        f.v = phrases_view_new(f.ix, &ps, NULL, NULL);
        cr_assert_eq(ps.n, 0, "the view takes the phrases over");
        return f;
}

static void unmake(struct fixture *f)
{
        phrases_view_free(f->v);
        index_free(f->ix);
        corpus_free(f->c);
}

/* Byte offset of the nth (0-based) occurrence of s in document d. */
static uint32_t at(const struct fixture *f, uint32_t d, const char *s, int nth)
{
        const char *t = corpus_doc(f->c, d)->text, *p = t;
        for (int k = 0;; k++) {
                p = strstr(p, s);
                cr_assert_not_null(p, "no %s #%d in doc %u", s, nth, d);
                if (k == nth)
                        return (uint32_t)(p - t);
                p += strlen(s);
        }
}

Test(phrases_view, occurrences_are_the_search_hits)
{
        struct fixture f = make();
        cr_assert_eq(phrases_view_count(f.v), LC_ARRAY_LEN(names));
        for (size_t i = 0; i < LC_ARRAY_LEN(names); i++) {
                struct hits h = { 0 };
                search_run(f.ix, names[i], strlen(names[i]), &h);
                size_t n;
                const struct hit *v = phrases_view_hits(f.v, i, &n);
                cr_assert_eq(n, h.n, "%s: %zu occurrences, search finds %zu", names[i], n, h.n);
                for (size_t k = 0; k < n; k++)
                        cr_assert(v[k].doc == h.v[k].doc && v[k].start == h.v[k].start &&
                                  v[k].end == h.v[k].end, "%s: occurrence %zu", names[i], k);
                hits_free(&h);
        }
        size_t n;
        phrases_view_hits(f.v, 0, &n);
        cr_assert_eq(n, 3, "劳模精神 twice in doc 0 (once Traditional), once in doc 1");
        cr_assert_null(phrases_view_hits(f.v, 99, &n));
        cr_assert_eq(n, 0);
        unmake(&f);
}

Test(phrases_view, documents_list_occurrences_in_text_order)
{
        struct fixture f = make();
        size_t n;
        const struct phrase_occ *o = phrases_view_doc(f.v, 0, &n);
        /* 弘扬劳模精神 ⊃ 劳模精神, twice, then 工匠精神. */
        cr_assert_eq(n, 5);
        cr_assert_eq(o[0].start, at(&f, 0, "弘扬", 0));
        cr_assert_eq(o[0].phrase, 1);
        cr_assert(o[0].outer);
        cr_assert_eq(o[1].start, at(&f, 0, "劳模精神", 0));
        cr_assert_eq(o[1].phrase, 0);
        cr_assert_not(o[1].outer, "劳模精神 inside 弘扬劳模精神 is not a stop");
        cr_assert_eq(o[2].start, at(&f, 0, "弘揚", 0));
        cr_assert_eq(o[2].hit, 1, "the second occurrence of 弘扬劳模精神");
        cr_assert(o[2].outer);
        cr_assert_not(o[3].outer);
        cr_assert_eq(o[4].phrase, 2);
        cr_assert(o[4].outer);
        for (size_t k = 1; k < n; k++)
                cr_assert_leq(o[k - 1].start, o[k].start);
        cr_assert_null(phrases_view_doc(f.v, 2, &n), "doc 2 has no phrase");
        cr_assert_eq(n, 0);
        cr_assert_null(phrases_view_doc(f.v, 9, &n));
        unmake(&f);
}

Test(phrases_view, steps_over_occurrences_inside_others)
{
        struct fixture f = make();
        size_t n;
        const struct phrase_occ *o = phrases_view_doc(f.v, 0, &n);
        cr_assert_eq(phrases_view_step(f.v, 0, 0, 1, true), 0);
        cr_assert_eq(phrases_view_step(f.v, 0, o[0].start, 1, false), 2);
        cr_assert_eq(phrases_view_step(f.v, 0, o[2].start, 1, false), 4);
        cr_assert_eq(phrases_view_step(f.v, 0, o[4].start, 1, false), SIZE_MAX);
        cr_assert_eq(phrases_view_step(f.v, 0, o[4].start, -1, false), 2);
        cr_assert_eq(phrases_view_step(f.v, 0, o[3].start, -1, false), 2);
        cr_assert_eq(phrases_view_step(f.v, 0, o[0].start, -1, false), SIZE_MAX);
        /* From the middle of an inner occurrence: on to the next outer one. */
        cr_assert_eq(phrases_view_step(f.v, 0, o[1].start, 1, true), 2);
        cr_assert_eq(phrases_view_step(f.v, 2, 0, 1, true), SIZE_MAX);
        unmake(&f);
}

Test(phrases_view, marks_leave_annotations_out)
{
        struct fixture f = make();
        size_t n;
        struct span *s = phrases_view_spans(f.v, 1, &n);
        uint32_t ann = at(&f, 1, "(dòng)", 0);
        bool before = false, after = false;
        for (size_t k = 0; k < n; k++) {
                cr_assert_eq(s[k].kind, SPAN_PHRASE);
                cr_assert(s[k].end <= ann || s[k].start >= ann + strlen("(dòng)"),
                          "a mark covers the annotation");
                before |= s[k].start == at(&f, 1, "勞動", 0) && s[k].end == ann;
                after |= s[k].start == ann + strlen("(dòng)") &&
                         s[k].end == at(&f, 1, "說", 0);
        }
        cr_assert(before && after, "勞動 and 模範 are marked on either side of (dòng)");
        free(s);
        cr_assert_null(phrases_view_spans(f.v, 2, &n));
        cr_assert_eq(n, 0);
        unmake(&f);
}

Test(phrases_view, filters_by_folded_substring)
{
        struct fixture f = make();
        size_t out[LC_ARRAY_LEN(names)];
        cr_assert_eq(phrases_view_filter(f.v, "勞模", out), 2);
        cr_assert(out[0] == 0 && out[1] == 1, "rank order kept");
        cr_assert_eq(phrases_view_filter(f.v, "精神", out), 3);
        cr_assert_eq(phrases_view_filter(f.v, "工匠精神", out), 1);
        cr_assert_eq(out[0], 2);
        cr_assert_eq(phrases_view_filter(f.v, "勞動模範", out), 1, "Traditional finds Simplified");
        cr_assert_eq(phrases_view_filter(f.v, "", out), LC_ARRAY_LEN(names));
        cr_assert_eq(phrases_view_filter(f.v, NULL, out), LC_ARRAY_LEN(names));
        cr_assert_eq(phrases_view_filter(f.v, "xyz", out), 0);
        cr_assert_eq(phrases_view_find(f.v, "弘揚勞模精神"), 1);
        cr_assert_eq(phrases_view_find(f.v, "劳模"), SIZE_MAX, "a part is not the phrase");
        cr_assert_eq(phrases_view_find(f.v, ""), SIZE_MAX);
        unmake(&f);
}

Test(phrases_view, barcode_counts_every_occurrence)
{
        struct fixture f = make();
        enum { CELLS = 12 };
        uint32_t cells[CELLS];
        for (size_t i = 0; i < LC_ARRAY_LEN(names); i++) {
                size_t n, sum = 0;
                phrases_view_hits(f.v, i, &n);
                phrases_view_barcode(f.v, i, CELLS, cells);
                for (int c = 0; c < CELLS; c++)
                        sum += cells[c];
                cr_assert_eq(sum, n, "%s", names[i]);
        }
        /* 劳动模范: in doc 1's start and all of doc 3 (the corpus's end). */
        phrases_view_barcode(f.v, 3, CELLS, cells);
        cr_assert_eq(cells[CELLS - 1], 1);
        cr_assert_eq(cells[0], 0, "nothing at the corpus's start");
        phrases_view_barcode(f.v, 99, CELLS, cells);
        for (int c = 0; c < CELLS; c++)
                cr_assert_eq(cells[c], 0);
        unmake(&f);
}

/* The bundled corpus, its index and the view of its phrases. */
static struct phrases_view *bundled_view(struct corpus **c, struct index **ix)
{
        struct phrases ps = bundled_phrases(c, ix);
        return phrases_view_new(*ix, &ps, NULL, NULL);
}

/* A corpus of docs, its index and the view of a list made by hand. */
static struct phrases_view *named_view(const char *const *docs, size_t ndocs,
                                       const char *const *list, size_t nlist,
                                       struct corpus **c, struct index **ix)
{
        *c = corpus_of(docs, ndocs, "UTF-8");
        *ix = index_build(*c, NULL, NULL, NULL);
        cr_assert_not_null(*ix);
        struct phrases ps = phrases_named(list, nlist);
        return phrases_view_new(*ix, &ps, NULL, NULL);
}

static void view_free(struct phrases_view *v, struct index *ix, struct corpus *c)
{
        phrases_view_free(v);
        index_free(ix);
        corpus_free(c);
}

Test(phrases_view, bundled_corpus_follows_xi_through_every_speech)
{
        struct corpus *c;
        struct index *ix;
        struct phrases_view *v = bundled_view(&c, &ix);
        size_t xi = phrases_view_find(v, "習近平總書記");
        cr_assert_neq(xi, SIZE_MAX);
        size_t n;
        const struct hit *h = phrases_view_hits(v, xi, &n);
        cr_assert_eq(n, 31);
        cr_assert_eq(phrases_view_phrase(v, xi)->nocc, 31, "the count phrase_extract gave");
        bool seen[5] = { false };
        for (size_t k = 0; k < n; k++)
                seen[h[k].doc] = true;
        for (int d = 0; d < 5; d++) {
                cr_assert(seen[d], "no occurrence in speech %d", d + 1);
                cr_assert_neq(phrases_view_step(v, (uint32_t)d, 0, 1, true), SIZE_MAX);
        }
        size_t *out = xmalloc(phrases_view_count(v) * sizeof *out);
        size_t m = phrases_view_filter(v, "习近平总书记", out);
        cr_assert_geq(m, 1);
        cr_assert_eq(out[0], xi, "the shortest match ranks first");
        free(out);
        view_free(v, ix, c);
}

/* Where phrase i's hits fall, worked out from phrases_view_hits() as the barcode says. */
static void barcode_from_hits(const struct phrases_view *v, const struct corpus *c, size_t i,
                              int cells, uint32_t *want)
{
        size_t total = 0, nd = corpus_count(c);
        size_t *base = xmalloc((nd + 1) * sizeof *base);
        for (size_t d = 0; d < nd; d++) {
                base[d] = total;
                total += corpus_doc(c, d)->len;
        }
        memset(want, 0, (size_t)cells * sizeof *want);
        size_t n;
        const struct hit *h = phrases_view_hits(v, i, &n);
        for (size_t k = 0; k < n; k++) {
                size_t cell = (size_t)((double)(base[h[k].doc] + h[k].start) * cells /
                                       (double)total);
                want[cell < (size_t)cells ? cell : (size_t)cells - 1]++;
        }
        free(base);
}

/*
 * Barcodes are kept by phrase and width in fewer slots than the bundled
 * corpus has phrases: drawn before any hits are kept, again at another
 * width once they are, and back at the first, every one is what the hits say.
 */
Test(phrases_view, barcodes_agree_with_hits_whatever_was_drawn_before)
{
        struct corpus *c;
        struct index *ix;
        struct phrases_view *v = bundled_view(&c, &ix);
        size_t np = phrases_view_count(v);
        cr_assert_gt(np, 300);
        enum { WIDE = 23, NARROW = 7 };
        uint32_t *first = xmalloc(np * WIDE * sizeof *first), got[WIDE], want[WIDE];
        for (size_t i = 0; i < np; i++)
                phrases_view_barcode(v, i, WIDE, first + i * WIDE);
        for (int round = 0; round < 3; round++) {
                int cells = round == 1 ? NARROW : WIDE;
                for (size_t i = 0; i < np; i++) {
                        barcode_from_hits(v, c, i, cells, want);
                        const uint32_t *have = first + i * WIDE;
                        if (round > 0) {
                                phrases_view_barcode(v, i, cells, got);
                                have = got;
                        }
                        for (int k = 0; k < cells; k++)
                                cr_assert_eq(have[k], want[k], "round %d, phrase %zu, cell %d",
                                             round, i, k);
                }
        }
        free(first);
        view_free(v, ix, c);
}

/* Found ahead on the view's thread or on demand: the same occurrences. */
Test(phrases_view, prefetched_documents_equal_documents_found_on_demand)
{
        struct corpus *c;
        struct index *ix;
        struct phrases ps = bundled_phrases(&c, &ix);
        struct phrases copy = phrases_copy(&ps);
        struct phrases_view *ahead = phrases_view_new(ix, &ps, NULL, NULL);
        struct phrases_view *plain = phrases_view_new(ix, &copy, NULL, NULL);
        size_t ndocs = corpus_count(c);
        for (uint32_t d = 0; d < ndocs; d++)
                phrases_view_prefetch(ahead, d);
        for (uint32_t d = 0; d < ndocs; d++) {
                /* The last one asked for is built; earlier ones may have been overtaken. */
                while (d == ndocs - 1 && !phrases_view_doc_ready(ahead, d))
                        nanosleep(&(struct timespec){ 0, 1000000L }, NULL);
                size_t na, np;
                const struct phrase_occ *a = phrases_view_doc(ahead, d, &na);
                const struct phrase_occ *p = phrases_view_doc(plain, d, &np);
                cr_assert(phrases_view_doc_ready(ahead, d));
                cr_assert_eq(na, np, "doc %u: %zu occurrences ahead, %zu on demand", d, na, np);
                cr_assert_gt(np, 0);
                for (size_t k = 0; k < np; k++)
                        cr_assert(a[k].start == p[k].start && a[k].end == p[k].end &&
                                  a[k].phrase == p[k].phrase && a[k].hit == p[k].hit &&
                                  a[k].outer == p[k].outer, "doc %u occurrence %zu", d, k);
        }
        cr_assert(phrases_view_prefetch(ahead, 0), "a document built is ready at once");
        phrases_view_free(ahead);
        phrases_view_free(plain);
        index_free(ix);
        corpus_free(c);
}

/* A view freed while its thread builds a document: no wait for it, nothing left behind. */
Test(phrases_view, a_view_freed_while_prefetching_stops_cleanly)
{
        struct corpus *c;
        struct index *ix;
        struct phrases_view *v = bundled_view(&c, &ix);
        for (uint32_t d = 0; d < corpus_count(c); d++)
                phrases_view_prefetch(v, d);
        view_free(v, ix, c);
}

/* A list made by hand may hold phrases that occur nowhere: they still filter and find. */
Test(phrases_view, phrases_found_nowhere_still_filter_and_find)
{
        static const char *const mine[] = { "劳模精神", "精神劳模", "xyz", "弘揚勞模" };
        struct corpus *c;
        struct index *ix;
        struct phrases_view *v = named_view(texts, LC_ARRAY_LEN(texts), mine,
                                            LC_ARRAY_LEN(mine), &c, &ix);
        size_t out[LC_ARRAY_LEN(mine)], n;
        cr_assert_eq(phrases_view_filter(v, "精神", out), 2);
        cr_assert(out[0] == 0 && out[1] == 1, "the one found nowhere is kept too");
        cr_assert_eq(phrases_view_filter(v, "神勞", out), 1, "folded again to be filtered");
        cr_assert_eq(out[0], 1);
        cr_assert_eq(phrases_view_filter(v, "yz", out), 1, "characters the corpus lacks");
        cr_assert_eq(out[0], 2);
        cr_assert_eq(phrases_view_filter(v, "劳模", out), 3);
        cr_assert_eq(phrases_view_find(v, "精神勞模"), 1);
        cr_assert_eq(phrases_view_find(v, "xyz"), 2);
        cr_assert_eq(phrases_view_find(v, "弘扬劳模"), 3);
        cr_assert_null(phrases_view_hits(v, 1, &n));
        cr_assert_null(phrases_view_hits(v, 2, &n));
        phrases_view_hits(v, 3, &n);
        cr_assert_eq(n, 2, "弘扬劳模 once in each script");
        for (uint32_t d = 0; d < corpus_count(c); d++) {
                const struct phrase_occ *o = phrases_view_doc(v, d, &n);
                for (size_t k = 0; k < n; k++)
                        cr_assert(o[k].phrase == 0 || o[k].phrase == 3,
                                  "doc %u lists phrase %u", d, o[k].phrase);
        }
        view_free(v, ix, c);
}

/*
 * Extraction tells the view where each phrase lies in the key; a position
 * that does not spell the phrase is looked up instead, so wrong ones change
 * nothing the view answers.
 */
Test(phrases_view, wrong_key_positions_are_looked_up)
{
        struct corpus *c;
        struct index *ix;
        struct phrases ps = bundled_phrases(&c, &ix);
        struct phrases wrong = phrases_copy(&ps);
        size_t nkey = index_len(ix);
        for (size_t i = 0; i < ps.n; i++) {
                uint32_t off[] = { 1, (uint32_t)nkey - 2, UINT32_MAX - 1, 0 };
                wrong.v[i].at = i % 4 == 3 ? ps.v[(i + 1) % ps.n].at : ps.v[i].at + off[i % 4];
        }
        struct phrases_view *good = phrases_view_new(ix, &ps, NULL, NULL);
        struct phrases_view *bad = phrases_view_new(ix, &wrong, NULL, NULL);
        size_t n = phrases_view_count(good);
        cr_assert_gt(n, 100);
        for (size_t i = 0; i < n; i++) {
                size_t ng, nb;
                const struct hit *g = phrases_view_hits(good, i, &ng);
                const struct hit *b = phrases_view_hits(bad, i, &nb);
                cr_assert_eq(ng, nb, "phrase %zu", i);
                cr_assert_gt(ng, 0, "phrase %zu occurs", i);
                for (size_t k = 0; k < ng; k++)
                        cr_assert(g[k].doc == b[k].doc && g[k].start == b[k].start);
                char *t = phrase_strdup(phrases_view_phrase(good, i));
                cr_assert_eq(phrases_view_find(bad, t), phrases_view_find(good, t), "%s", t);
                free(t);
        }
        for (uint32_t d = 0; d < corpus_count(c); d++) {
                size_t ng, nb;
                const struct phrase_occ *g = phrases_view_doc(good, d, &ng);
                const struct phrase_occ *b = phrases_view_doc(bad, d, &nb);
                cr_assert_eq(ng, nb, "doc %u", d);
                for (size_t k = 0; k < ng; k++)
                        cr_assert(g[k].start == b[k].start && g[k].end == b[k].end &&
                                  g[k].phrase == b[k].phrase && g[k].hit == b[k].hit,
                                  "doc %u occurrence %zu", d, k);
        }
        size_t *og = xmalloc(n * sizeof *og), *ob = xmalloc(n * sizeof *ob);
        const char *queries[] = { "精神", "勞動", "习近平", "，" };
        for (size_t q = 0; q < LC_ARRAY_LEN(queries); q++) {
                size_t mg = phrases_view_filter(good, queries[q], og);
                cr_assert_eq(phrases_view_filter(bad, queries[q], ob), mg, "%s", queries[q]);
                cr_assert_arr_eq(og, ob, mg * sizeof *og, "%s", queries[q]);
        }
        free(og);
        free(ob);
        phrases_view_free(good);
        phrases_view_free(bad);
        index_free(ix);
        corpus_free(c);
}

/*
 * Each document's occurrences of phrase i are the search hits of phrase i
 * in that document, numbered by their place in the whole list.
 */
static void assert_docs_are_search_hits(const struct index *ix, const struct phrases_view *v,
                                        const char *when)
{
        size_t ndocs = corpus_count(index_corpus(ix));
        for (size_t i = 0; i < phrases_view_count(v); i++) {
                const struct phrase *p = phrases_view_phrase(v, i);
                int n_t = (int)p->nbytes;
                struct hits h = { 0 };
                search_run(ix, p->text, p->nbytes, &h);
                size_t seen = 0;
                for (uint32_t d = 0; d < ndocs; d++) {
                        size_t n;
                        const struct phrase_occ *o = phrases_view_doc(v, d, &n);
                        for (size_t k = 0; k < n; k++) {
                                if (o[k].phrase != i)
                                        continue;
                                cr_assert_lt(o[k].hit, h.n, "%s: %.*s", when, n_t, p->text);
                                const struct hit *x = &h.v[o[k].hit];
                                cr_assert(x->doc == d && x->start == o[k].start &&
                                          x->end == o[k].end,
                                          "%s: %.*s, doc %u, occurrence %u", when, n_t, p->text, d,
                                          o[k].hit);
                                seen++;
                        }
                }
                cr_assert_eq(seen, h.n, "%s: %.*s listed %zu times, searched %zu", when, n_t,
                             p->text, seen, h.n);
                hits_free(&h);
        }
}

/* Keys that overlap themselves are thinned as a search thins them, whether or not their hits are kept. */
Test(phrases_view, overlapping_phrases_are_numbered_as_searched)
{
        static const char *const docs[] = {
                "哈哈哈哈哈。學習學習學習",
                "哈哈哈，哈哈哈哈\n学习学习学习学习",
                "哈哈",
                "沒有",
                "哈哈哈哈哈哈哈",
        };
        static const char *const mine[] = { "哈哈", "哈哈哈", "学习学习", "習學" };
        struct corpus *c;
        struct index *ix;
        struct phrases_view *v = named_view(docs, LC_ARRAY_LEN(docs), mine, LC_ARRAY_LEN(mine),
                                            &c, &ix);
        assert_docs_are_search_hits(ix, v, "found per document");
        size_t n;
        phrases_view_hits(v, 0, &n);
        cr_assert_eq(n, 2 + 1 + 2 + 1 + 3, "哈哈 thinned leftmost first");
        phrases_view_free(v);

        /* Now with every phrase's hits kept before any document asks. */
        struct phrases again = phrases_named(mine, LC_ARRAY_LEN(mine));
        v = phrases_view_new(ix, &again, NULL, NULL);
        for (size_t i = 0; i < LC_ARRAY_LEN(mine); i++)
                phrases_view_hits(v, i, &n);
        assert_docs_are_search_hits(ix, v, "from the kept hits");
        view_free(v, ix, c);
}
