/*
 * Tests that the fast paths agree with the plain ones: phrase extraction
 * on two threads, without sorting borderless phrases' occurrences, with
 * word starts found while the index was built, against its simple option
 * (one thread, every occurrence list sorted, words found after); and the
 * view's on-demand occurrences against a reference built the old way, one
 * search per phrase with every hit bucketed by document; and the index
 * with its key in 32 bits against the usual 16. Run on the
 * bundled corpus and on a generated one full of repeats, phrases that
 * overlap themselves (哈哈哈) and pinyin annotations in both kinds of
 * parentheses.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "index.h"
#include "phrase.h"
#include "phrases_view.h"
#include "search.h"
#include "testlib.h"
#include "util.h"
#include "words.h"

TestSuite(phrase_paths, .init = utf8_locale);

#define GEN_DOCS 40

static const char *const pieces[] = {
        "劳模精神", "工匠精神", "劳动精神", "新时代", "中国特色社会主义", "广大职工",
        "哈哈哈哈", "哈哈", "勞(láo)動(dòng)模範", "勞（láo）動", "职工群众", "，", "、",
        "。", "\n", "弘扬", "坚持", "发展", "的", "和", "(一)", "2021年", "ABC", " ",
};

/* A deterministic corpus of GEN_DOCS documents recombined from pieces. */
static struct corpus *generated_corpus(void)
{
        char *texts[GEN_DOCS];
        unsigned long r = 12345;
        for (size_t d = 0; d < GEN_DOCS; d++) {
                struct sbuf b = { 0 };
                size_t n = 20 + d * 7 % 90;
                for (size_t i = 0; i < n; i++) {
                        r = r * 6364136223846793005ul + 1442695040888963407ul;
                        sbuf_adds(&b, pieces[(r >> 33) % LC_ARRAY_LEN(pieces)]);
                }
                texts[d] = sbuf_take(&b);
        }
        struct corpus *c = corpus_of((const char *const *)texts, GEN_DOCS, "UTF-8");
        for (size_t d = 0; d < GEN_DOCS; d++)
                free(texts[d]);
        return c;
}

static void same_phrases(const struct phrases *a, const struct phrases *b, const char *what)
{
        cr_assert_eq(a->n, b->n, "%s: %zu phrases, simple path %zu", what, a->n, b->n);
        for (size_t i = 0; i < a->n; i++) {
                const struct phrase *p = &a->v[i], *q = &b->v[i];
                int n = (int)p->nbytes;
                cr_assert_eq(phrase_textcmp(p, q->text, q->nbytes), 0, "%s: phrase %zu", what, i);
                cr_assert_eq(p->len, q->len, "%s: '%.*s'", what, n, p->text);
                cr_assert_eq(p->ndocs, q->ndocs, "%s: '%.*s'", what, n, p->text);
                cr_assert_eq(p->nocc, q->nocc, "%s: '%.*s'", what, n, p->text);
        }
}

/*
 * The fast path takes word starts found while the index was built
 * (words_start before index_build), the simple path finds its own after.
 */
static void check_extraction(const struct index *ix, const uint8_t *early_words, const char *name)
{
        static const struct phrase_opts variants[] = {
                { .min_len = 4, .min_docs = 2 }, { .min_len = 2, .min_docs = 3 },
                { .min_len = 6, .min_docs = 2 }, { .min_len = 2, .min_docs = 2, .ignore_words = true },
                { .min_len = 1, .min_docs = 1, .ignore_words = true },
        };
        for (size_t k = 0; k < LC_ARRAY_LEN(variants); k++) {
                struct phrase_opts fast = variants[k], simple = variants[k];
                fast.words = early_words;
                simple.simple = true;
                struct phrases a, b;
                cr_assert_eq(phrase_extract(ix, &fast, NULL, NULL, &a, NULL), LC_OK);
                cr_assert_eq(phrase_extract(ix, &simple, NULL, NULL, &b, NULL), LC_OK);
                char what[64];
                snprintf(what, sizeof what, "%s, variant %zu", name, k);
                same_phrases(&a, &b, what);
                phrases_free(&a);
                phrases_free(&b);
        }
}

Test(phrase_paths, extraction_agrees_with_the_simple_path)
{
        struct corpus *c = bundled_corpus();
        struct words *ws = words_start(c);
        struct index *ix = index_build(c, NULL, NULL, NULL);
        uint8_t *early = words_finish(ws, ix, NULL, NULL, NULL);
        cr_assert_not_null(early);
        check_extraction(ix, early, "bundled");
        free(early);
        index_free(ix);
        corpus_free(c);

        c = generated_corpus();
        ws = words_start(c);
        ix = index_build(c, NULL, NULL, NULL);
        early = words_finish(ws, ix, NULL, NULL, NULL);
        cr_assert_not_null(early);
        check_extraction(ix, early, "generated");
        free(early);
        index_free(ix);
        corpus_free(c);
}

/* The reference: every phrase searched, hits bucketed by document. */
struct reference {
        struct hits *per_phrase;
        struct phrase_occ **per_doc;
        size_t *nper_doc;
};

static int cmp_occ(const void *pa, const void *pb)
{
        const struct phrase_occ *a = pa, *b = pb;
        if (a->start != b->start)
                return a->start < b->start ? -1 : 1;
        if (a->end != b->end)
                return a->end > b->end ? -1 : 1;
        return a->phrase < b->phrase ? -1 : a->phrase > b->phrase;
}

static struct reference reference_of(const struct index *ix, const struct phrases_view *v)
{
        size_t np = phrases_view_count(v), nd = corpus_count(index_corpus(ix));
        struct reference r = { xcalloc(np + 1, sizeof *r.per_phrase),
                               xcalloc(nd + 1, sizeof *r.per_doc),
                               xcalloc(nd + 1, sizeof *r.nper_doc) };
        size_t *cap = xcalloc(nd + 1, sizeof *cap);
        for (size_t i = 0; i < np; i++) {
                const struct phrase *p = phrases_view_phrase(v, i);
                search_run(ix, p->text, p->nbytes, &r.per_phrase[i]);
                for (size_t k = 0; k < r.per_phrase[i].n; k++) {
                        const struct hit *h = &r.per_phrase[i].v[k];
                        r.per_doc[h->doc] = xgrow(r.per_doc[h->doc], &cap[h->doc],
                                                  r.nper_doc[h->doc] + 1, sizeof **r.per_doc);
                        r.per_doc[h->doc][r.nper_doc[h->doc]++] = (struct phrase_occ){
                                h->start, h->end, (uint32_t)i, (uint32_t)k, true };
                }
        }
        for (size_t d = 0; d < nd; d++) {
                struct phrase_occ *o = r.per_doc[d];
                qsort(o, r.nper_doc[d], sizeof *o, cmp_occ);
                uint32_t reach = 0;
                for (size_t k = 0; k < r.nper_doc[d]; k++) {
                        o[k].outer = k == 0 || o[k].end > reach;
                        if (o[k].end > reach)
                                reach = o[k].end;
                }
        }
        free(cap);
        return r;
}

static void reference_free(struct reference *r, size_t np, size_t nd)
{
        for (size_t i = 0; i < np; i++)
                hits_free(&r->per_phrase[i]);
        for (size_t d = 0; d < nd; d++)
                free(r->per_doc[d]);
        free(r->per_phrase);
        free(r->per_doc);
        free(r->nper_doc);
}

static void check_view(const struct index *ix, const struct phrase_opts *o, bool docs_first)
{
        struct phrases ps;
        cr_assert_eq(phrase_extract(ix, o, NULL, NULL, &ps, NULL), LC_OK);
        struct phrases_view *v = phrases_view_new(ix, &ps, NULL, NULL);
        size_t np = phrases_view_count(v), nd = corpus_count(index_corpus(ix));
        cr_assert_gt(np, 0);
        struct reference r = reference_of(ix, v);
        /* In one order a document is built before its phrases were searched
         * (the counting path), in the other after (the cached hits). */
        for (int pass = 0; pass < 2; pass++) {
                if ((pass == 0) == docs_first) {
                        for (uint32_t d = 0; d < nd; d++) {
                                size_t n;
                                const struct phrase_occ *got = phrases_view_doc(v, d, &n);
                                cr_assert_eq(n, r.nper_doc[d], "document %u", d);
                                for (size_t k = 0; k < n; k++) {
                                        const struct phrase_occ *a = &got[k], *b = &r.per_doc[d][k];
                                        cr_assert(a->start == b->start && a->end == b->end &&
                                                  a->phrase == b->phrase && a->hit == b->hit &&
                                                  a->outer == b->outer,
                                                  "document %u, occurrence %zu", d, k);
                                }
                        }
                } else {
                        for (size_t i = 0; i < np; i++) {
                                size_t n;
                                const struct hit *h = phrases_view_hits(v, i, &n);
                                cr_assert_eq(n, r.per_phrase[i].n, "phrase %zu", i);
                                cr_assert(n == 0 || memcmp(h, r.per_phrase[i].v,
                                                           n * sizeof *h) == 0,
                                          "phrase %zu", i);
                        }
                }
        }
        reference_free(&r, np, nd);
        phrases_view_free(v);
}

Test(phrase_paths, view_occurrences_agree_with_a_search_per_phrase)
{
        struct phrase_opts def = { .min_len = PHRASE_DEFAULT_MIN_LEN,
                                   .min_docs = PHRASE_DEFAULT_MIN_DOCS };
        struct phrase_opts loose = { .min_len = 2, .min_docs = 2, .ignore_words = true };
        struct corpus *c = bundled_corpus();
        struct index *ix = index_build(c, NULL, NULL, NULL);
        check_view(ix, &def, true);
        check_view(ix, &def, false);
        index_free(ix);
        corpus_free(c);

        c = generated_corpus();
        ix = index_build(c, NULL, NULL, NULL);
        check_view(ix, &def, true);
        check_view(ix, &loose, true);
        check_view(ix, &loose, false);
        index_free(ix);
        corpus_free(c);
}

/*
 * The key's two widths: a corpus of speeches gets 16-bit ranks, and the
 * 32-bit ones that a corpus of more than 32,766 distinct characters needs
 * must give the same suffix array, hits, phrases and phrase marks.
 */
static void check_widths(struct corpus *c, const char *name)
{
        static const char *const queries[] = { "劳动", "勞動", "精神", "的", "哈哈", "(", "2021年",
                                               "中国特色社会主义", "工匠精神，" };
        struct index_opts wide = { .wide_key = true };
        struct index *narrow = index_build(c, NULL, NULL, NULL);
        struct index *wix = index_build_with(c, &wide, NULL, NULL, NULL);
        cr_assert(index_key16(narrow) && !index_key32(narrow), "%s: 16-bit key", name);
        cr_assert(!index_key16(wix) && index_key32(wix), "%s: 32-bit key asked for", name);
        size_t n = index_len(narrow);
        cr_assert_eq(index_len(wix), n);
        cr_assert_eq(memcmp(index_sa(narrow), index_sa(wix), n * sizeof *index_sa(wix)), 0,
                     "%s: the suffix arrays differ", name);
        for (size_t p = 0; p <= n; p++)
                cr_assert_eq(index_rank_at(narrow, p), index_rank_at(wix, p), "%s: rank %zu", name, p);
        for (size_t i = 0; i < LC_ARRAY_LEN(queries); i++) {
                struct hits a = { 0 }, b = { 0 };
                cr_assert_eq(search_run(narrow, queries[i], strlen(queries[i]), &a), LC_OK);
                cr_assert_eq(search_run(wix, queries[i], strlen(queries[i]), &b), LC_OK);
                cr_assert_eq(a.n, b.n, "%s: hits of %s", name, queries[i]);
                cr_assert(a.n == 0 || memcmp(a.v, b.v, a.n * sizeof *a.v) == 0);
                hits_free(&a);
                hits_free(&b);
        }
        static const struct phrase_opts variants[] = {
                { .min_len = PHRASE_DEFAULT_MIN_LEN, .min_docs = PHRASE_DEFAULT_MIN_DOCS },
                { .min_len = 2, .min_docs = 2, .ignore_words = true },
        };
        for (size_t k = 0; k < LC_ARRAY_LEN(variants); k++) {
                struct phrases a, b;
                cr_assert_eq(phrase_extract(narrow, &variants[k], NULL, NULL, &a, NULL), LC_OK);
                cr_assert_eq(phrase_extract(wix, &variants[k], NULL, NULL, &b, NULL), LC_OK);
                cr_assert_gt(a.n, 0);
                char what[64];
                snprintf(what, sizeof what, "%s, 16 against 32 bits, variant %zu", name, k);
                same_phrases(&a, &b, what);
                phrases_free(&a);
                phrases_free(&b);
        }
        check_view(wix, &variants[1], true);
        index_free(narrow);
        index_free(wix);
}

Test(phrase_paths, both_key_widths_give_the_same_index_and_phrases)
{
        struct corpus *c = bundled_corpus();
        check_widths(c, "bundled");
        corpus_free(c);
        c = generated_corpus();
        check_widths(c, "generated");
        corpus_free(c);
}
