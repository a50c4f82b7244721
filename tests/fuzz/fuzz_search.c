/*
 * fuzz_search — libFuzzer target for the index and search. The first byte
 * is a separator; the rest, split on it, is a query and then up to four
 * documents (the last takes whatever follows; with none, the query's own
 * bytes are the document). The documents are loaded as files are, indexed,
 * and searched. The hits must be exactly what a plain scan of each
 * document's folded key finds -- every match, leftmost first, never
 * overlapping -- in document order, with per-document counts that add up
 * -- the bytes of every hit must fold to the query (sanitised as the
 * documents are), and a preview of the
 * search must agree with it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "doc.h"
#include "fold.h"
#include "index.h"
#include "sanitize.h"
#include "search.h"
#include "util.h"

#define FUZZ_NAME "fuzz_search"
#define FUZZ_NEEDS_FOLD
#include "fuzz_common.h"

#define MAX_DOCS 4

/* Bytes of the UTF-8 character at s (the text is sanitised, so well-formed). */
static size_t char_len(const char *s)
{
        unsigned char c = (unsigned char)*s;
        return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
}

/*
 * The hits a naive scan finds in one document, appended to want: at each
 * key position try the whole query; after a match jump past it.
 */
static void scan_doc(const struct doc *d, uint32_t di, const uint32_t *q, size_t qn,
                     struct hits *want)
{
        size_t cap = d->len ? d->len : 1;
        uint32_t *key = xmalloc(cap * sizeof *key);
        uint32_t *offs = xmalloc(cap * sizeof *offs);
        size_t n = fold_text(d->text, d->len, key, offs);

        for (size_t i = 0; i + qn <= n;) {
                if (memcmp(key + i, q, qn * sizeof *q) != 0) {
                        i++;
                        continue;
                }
                uint32_t last = offs[i + qn - 1];
                want->v = xgrow(want->v, &want->cap, want->n + 1, sizeof *want->v);
                want->v[want->n++] = (struct hit){ di, offs[i],
                                                   last + (uint32_t)char_len(d->text + last) };
                i += qn;
        }
        free(key);
        free(offs);
}

static void check_hits(const struct corpus *c, const struct hits *got, const struct hits *want,
                       const uint32_t *q, size_t qn)
{
        size_t ndocs = corpus_count(c);

        REQUIRE(got->n == want->n, "search found %zu hits, the scan %zu", got->n, want->n);
        uint32_t docs_hit = 0;
        size_t sum = 0;
        for (size_t d = 0; got->per_doc && d < ndocs; d++) {
                docs_hit += got->per_doc[d] > 0;
                sum += got->per_doc[d];
        }
        REQUIRE(got->n == 0 || (got->per_doc && got->nper_doc == ndocs),
                "per-document counts missing");
        REQUIRE(sum == got->n && docs_hit == got->ndocs,
                "per-document counts add up to %zu hits in %u documents, not %zu in %u", sum,
                (unsigned)docs_hit, got->n, (unsigned)got->ndocs);

        for (size_t i = 0; i < got->n; i++) {
                const struct hit *g = &got->v[i], *w = &want->v[i];

                REQUIRE(g->doc == w->doc && g->start == w->start && g->end == w->end,
                        "hit %zu is doc %u %u..%u, the scan says doc %u %u..%u", i,
                        (unsigned)g->doc, (unsigned)g->start, (unsigned)g->end,
                        (unsigned)w->doc, (unsigned)w->start, (unsigned)w->end);
                const struct doc *d = corpus_doc(c, g->doc);
                REQUIRE(g->start < g->end && g->end <= d->len, "hit %zu outside its document", i);
                /* A hit holds exactly qn key characters, annotations between them aside. */
                uint32_t *big = xmalloc((g->end - g->start) * sizeof *big);
                size_t kn = fold_text(d->text + g->start, g->end - g->start, big, NULL);
                REQUIRE(kn == qn && memcmp(big, q, qn * sizeof *q) == 0,
                        "hit %zu (doc %u %u..%u) does not fold to the query", i,
                        (unsigned)g->doc, (unsigned)g->start, (unsigned)g->end);
                free(big);
                REQUIRE(hits_lower_bound(got, g->doc, g->start) == i,
                        "hits_lower_bound does not find hit %zu", i);
                if (i > 0) {
                        const struct hit *p = &got->v[i - 1];
                        REQUIRE(p->doc < g->doc || (p->doc == g->doc && p->end <= g->start),
                                "hits %zu and %zu out of order or overlapping", i - 1, i);
                }
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (size < 2)
                return 0;
        struct piece p[1 + MAX_DOCS];
        size_t np = split((const char *)data + 1, size - 1, (char)data[0], p, 1 + MAX_DOCS);
        const struct piece *query = &p[0];
        struct corpus *c = corpus_new();

        load_pieces(c, p, np > 1 ? 1 : 0, np);

        char *cause = NULL;
        struct index *ix = index_build(c, NULL, NULL, &cause);
        REQUIRE(ix != NULL, "index_build: %s", cause ? cause : "failed");

        /* The query is sanitised as the documents are, then folded. */
        size_t sn;
        char *safe = sanitize_query(query->s, query->n, &sn);
        uint32_t *q = xmalloc((sn + 1) * sizeof *q);
        size_t qn = fold_text(safe, sn, q, NULL);
        free(safe);
        struct hits want = { 0 }, got = { 0 };
        if (qn > 0)
                for (size_t d = 0; d < corpus_count(c); d++)
                        scan_doc(corpus_doc(c, d), (uint32_t)d, q, qn, &want);

        REQUIRE(search_run(ix, query->s, query->n, &got) == LC_OK, "search_run failed");
        check_hits(c, &got, &want, q, qn);

        /* A second search reuses the hit buffers. */
        REQUIRE(search_run(ix, query->s, query->n, &got) == LC_OK && got.n == want.n,
                "searching again gave %zu hits, not %zu", got.n, want.n);

        /*
         * A preview from the middle of the first document: the same count, and
         * the hits of the document it goes to, numbered as the search numbers them.
         */
        struct hits pv = { 0 };
        size_t off = corpus_count(c) ? corpus_doc(c, 0)->len / 2 : 0;
        while (off > 0 && (corpus_doc(c, 0)->text[off] & 0xC0) == 0x80)
                off--;
        REQUIRE(search_preview(ix, query->s, query->n, 0, off, 0, &pv) == LC_OK,
                "search_preview failed");
        REQUIRE(pv.total == got.n, "the preview counts %zu hits, the search %zu", pv.total, got.n);
        if (pv.partial && got.n) {
                size_t at = hits_step(&got, 0, off, 1, true, NULL);
                size_t first = hits_lower_bound(&got, got.v[at].doc, 0);
                REQUIRE(pv.base == first && pv.n == got.per_doc[got.v[at].doc],
                        "the preview holds hits %zu+%zu, not %zu+%u", pv.base, pv.n, first,
                        got.per_doc[got.v[at].doc]);
                for (size_t i = 0; i < pv.n; i++)
                        REQUIRE(pv.v[i].doc == got.v[first + i].doc &&
                                pv.v[i].start == got.v[first + i].start &&
                                pv.v[i].end == got.v[first + i].end, "preview hit %zu differs", i);
        }
        hits_free(&pv);

        free(q);
        hits_free(&got);
        hits_free(&want);
        index_free(ix);
        corpus_free(c);
        return 0;
}
