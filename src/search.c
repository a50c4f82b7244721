/*
 * search — from a query to hits in the original text: fold the query like
 * the corpus, take the suffix-array interval, put its positions in text
 * order with a radix sort (an interval can hold hundreds of thousands of
 * positions, where qsort would cost tens of milliseconds), drop overlaps
 * leftmost first, and map key positions back to byte ranges. Engine layer.
 */
#include "search.h"

#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "util.h"

/* LSD radix sort of 32-bit positions in two 16-bit passes. */
static void sort_positions(uint32_t *v, size_t n)
{
        if (n < 64) {
                for (size_t i = 1; i < n; i++) {
                        uint32_t x = v[i];
                        size_t j = i;
                        for (; j > 0 && v[j - 1] > x; j--)
                                v[j] = v[j - 1];
                        v[j] = x;
                }
                return;
        }
        uint32_t *tmp = xmalloc(n * sizeof *tmp);
        size_t *cnt = xmalloc(65536 * sizeof *cnt);
        uint32_t *src = v, *dst = tmp;
        for (int shift = 0; shift < 32; shift += 16) {
                memset(cnt, 0, 65536 * sizeof *cnt);
                for (size_t i = 0; i < n; i++)
                        cnt[(src[i] >> shift) & 0xffff]++;
                size_t sum = 0;
                for (size_t b = 0; b < 65536; b++) {
                        size_t c = cnt[b];
                        cnt[b] = sum;
                        sum += c;
                }
                for (size_t i = 0; i < n; i++)
                        dst[cnt[(src[i] >> shift) & 0xffff]++] = src[i];
                uint32_t *t = src;
                src = dst;
                dst = t;
        }
        free(cnt);
        free(tmp);
}

static void hits_reset(struct hits *h, size_t ndocs)
{
        h->n = 0;
        h->ndocs = 0;
        if (h->nper_doc != ndocs) {
                free(h->per_doc);
                h->per_doc = xcalloc(ndocs ? ndocs : 1, sizeof *h->per_doc);
                h->nper_doc = ndocs;
        } else if (ndocs) {
                memset(h->per_doc, 0, ndocs * sizeof *h->per_doc);
        }
}

int search_run(const struct index *ix, const char *query, size_t qlen, struct hits *out)
{
        const struct corpus *c = index_corpus(ix);
        hits_reset(out, corpus_count(c));
        int rc = fold_init(NULL);
        if (rc != LC_OK)
                return rc;
        uint32_t *q = xmalloc((qlen + 1) * sizeof *q);
        size_t qn = fold_text(query, qlen, q, NULL);
        size_t lo, hi;
        size_t m = qn ? index_range(ix, q, qn, &lo, &hi) : 0;
        free(q);
        if (m == 0)
                return LC_OK;

        uint32_t *pos = xmalloc(m * sizeof *pos);
        for (size_t i = 0; i < m; i++)
                pos[i] = index_sa_at(ix, lo + i);
        sort_positions(pos, m);

        out->v = xgrow(out->v, &out->cap, m, sizeof *out->v);
        uint32_t doc = 0;
        size_t doc_end = 0, last_end = 0;
        for (size_t i = 0; i < m; i++) {
                uint32_t p = pos[i];
                if (i > 0 && p < last_end)
                        continue;       /* overlaps the hit before: leftmost wins */
                if (p >= doc_end) {
                        doc = index_doc_of(ix, p);
                        doc_end = doc + 1 < corpus_count(c) ? index_doc_start(ix, doc + 1)
                                                             : index_len(ix);
                }
                const struct doc *d = corpus_doc(c, doc);
                uint32_t lastb = index_byte_in(ix, p + qn - 1, doc);
                struct hit *h = &out->v[out->n++];
                h->doc = doc;
                h->start = index_byte_in(ix, p, doc);
                h->end = lastb + (uint32_t)lc_utf8_len(d->text + lastb);
                if (out->per_doc[doc]++ == 0)
                        out->ndocs++;
                last_end = p + qn;
        }
        free(pos);
        return LC_OK;
}

void hits_free(struct hits *h)
{
        if (!h)
                return;
        free(h->v);
        free(h->per_doc);
        memset(h, 0, sizeof *h);
}

static bool hit_before(const struct hit *h, uint32_t doc, size_t off)
{
        return h->doc < doc || (h->doc == doc && h->start < off);
}

size_t hits_lower_bound(const struct hits *h, uint32_t doc, size_t off)
{
        size_t lo = 0, hi = h->n;
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (hit_before(&h->v[mid], doc, off))
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return lo;
}

size_t hits_step(const struct hits *h, uint32_t doc, size_t off, int dir, bool inclusive,
                 bool *wrapped)
{
        if (wrapped)
                *wrapped = false;
        if (h->n == 0)
                return SIZE_MAX;
        if (dir >= 0) {
                size_t i = hits_lower_bound(h, doc, inclusive ? off : off + 1);
                if (i < h->n)
                        return i;
                if (wrapped)
                        *wrapped = true;
                return 0;
        }
        size_t i = hits_lower_bound(h, doc, off);
        if (i > 0)
                return i - 1;
        if (wrapped)
                *wrapped = true;
        return h->n - 1;
}
