/*
 * phrases_view — occurrences come from search_run() on each phrase's
 * written text rather than from the suffix-array intervals phrase
 * extraction saw: a search folds exactly as the search bar does and drops
 * overlaps leftmost first, so the counts the reader shows are the counts a
 * search for the same text gives. Every occurrence is kept twice, per
 * phrase in corpus order (for following a phrase and for the concordance
 * and plot) and per document in text order (for the marks and for ] / [).
 * Folded keys of the phrases are kept for the filter. Engine layer.
 */
#include "phrases_view.h"

#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "util.h"

struct phrases_view {
        const struct corpus *corpus;
        struct phrases ps;

        struct hit *hits;       /* every phrase's occurrences, phrase after phrase */
        size_t *first_hit;      /* phrase i's are hits[first_hit[i] .. first_hit[i + 1]) */

        struct phrase_occ *occ; /* every occurrence, by document then start */
        size_t *first_occ;      /* document d's are occ[first_occ[d] .. first_occ[d + 1]) */
        size_t ndocs;

        uint32_t *keys;         /* every phrase's folded characters, phrase after phrase */
        size_t *first_key;      /* phrase i's are keys[first_key[i] .. first_key[i + 1]) */

        size_t *doc_base;       /* bytes of the corpus before document d */
        size_t total_bytes;
};

/* ------------------------------------------------------------ building */

static void find_hits(struct phrases_view *v, const struct index *ix, lc_progress_fn progress,
                      void *ud)
{
        size_t cap = 0, n = 0;
        struct hits h = { 0 };
        v->first_hit = xmalloc((v->ps.n + 1) * sizeof *v->first_hit);
        for (size_t i = 0; i < v->ps.n; i++) {
                const char *t = v->ps.v[i].text;
                search_run(ix, t, strlen(t), &h);
                v->hits = xgrow(v->hits, &cap, n + h.n, sizeof *v->hits);
                if (h.n)
                        memcpy(v->hits + n, h.v, h.n * sizeof *h.v);
                v->first_hit[i] = n;
                n += h.n;
                if (progress && (i & 63) == 0)
                        progress(ud, "occurrences", 0.9 * (double)i / (double)v->ps.n);
        }
        v->first_hit[v->ps.n] = n;
        hits_free(&h);
}

static int cmp_occ_doc(const void *pa, const void *pb)
{
        const struct phrase_occ *a = pa, *b = pb;
        if (a->start != b->start)
                return a->start < b->start ? -1 : 1;
        if (a->end != b->end)
                return a->end > b->end ? -1 : 1;
        return a->phrase < b->phrase ? -1 : a->phrase > b->phrase;
}

/*
 * Bucket the occurrences by document (a counting pass keeps it linear in
 * the number of documents), sort each bucket by position, and mark those
 * no longer occurrence covers: with the longer first at each start, an
 * occurrence is inside another exactly when an earlier one reaches as far.
 */
static void index_by_doc(struct phrases_view *v)
{
        size_t total = v->first_hit[v->ps.n];
        v->first_occ = xcalloc(v->ndocs + 1, sizeof *v->first_occ);
        for (size_t k = 0; k < total; k++)
                v->first_occ[v->hits[k].doc + 1]++;
        for (size_t d = 0; d < v->ndocs; d++)
                v->first_occ[d + 1] += v->first_occ[d];
        size_t *fill = xmalloc((v->ndocs + 1) * sizeof *fill);
        memcpy(fill, v->first_occ, (v->ndocs + 1) * sizeof *fill);
        v->occ = xmalloc((total ? total : 1) * sizeof *v->occ);
        for (size_t i = 0; i < v->ps.n; i++)
                for (size_t k = v->first_hit[i]; k < v->first_hit[i + 1]; k++) {
                        const struct hit *h = &v->hits[k];
                        v->occ[fill[h->doc]++] = (struct phrase_occ){
                                h->start, h->end, (uint32_t)i,
                                (uint32_t)(k - v->first_hit[i]), true,
                        };
                }
        free(fill);
        for (size_t d = 0; d < v->ndocs; d++) {
                struct phrase_occ *o = v->occ + v->first_occ[d];
                size_t n = v->first_occ[d + 1] - v->first_occ[d];
                qsort(o, n, sizeof *o, cmp_occ_doc);
                uint32_t reach = 0;
                for (size_t k = 0; k < n; k++) {
                        o[k].outer = k == 0 || o[k].end > reach;
                        if (o[k].end > reach)
                                reach = o[k].end;
                }
        }
}

static void fold_keys(struct phrases_view *v)
{
        size_t total = 0;
        for (size_t i = 0; i < v->ps.n; i++)
                total += strlen(v->ps.v[i].text);
        v->keys = xmalloc((total ? total : 1) * sizeof *v->keys);
        v->first_key = xmalloc((v->ps.n + 1) * sizeof *v->first_key);
        size_t n = 0;
        for (size_t i = 0; i < v->ps.n; i++) {
                const char *t = v->ps.v[i].text;
                v->first_key[i] = n;
                n += fold_text(t, strlen(t), v->keys + n, NULL);
        }
        v->first_key[v->ps.n] = n;
}

struct phrases_view *phrases_view_new(const struct index *ix, struct phrases *ps,
                                      lc_progress_fn progress, void *ud)
{
        struct phrases_view *v = xcalloc(1, sizeof *v);
        v->corpus = index_corpus(ix);
        v->ndocs = corpus_count(v->corpus);
        v->ps = *ps;
        memset(ps, 0, sizeof *ps);
        /* search_run() folds too; this only makes sure the keys below are folded. */
        fold_init(NULL);

        v->doc_base = xmalloc((v->ndocs + 1) * sizeof *v->doc_base);
        for (size_t d = 0; d < v->ndocs; d++) {
                v->doc_base[d] = v->total_bytes;
                v->total_bytes += corpus_doc(v->corpus, d)->len;
        }
        v->doc_base[v->ndocs] = v->total_bytes;

        find_hits(v, ix, progress, ud);
        index_by_doc(v);
        fold_keys(v);
        if (progress)
                progress(ud, "occurrences", 1.0);
        return v;
}

void phrases_view_free(struct phrases_view *v)
{
        if (!v)
                return;
        phrases_free(&v->ps);
        free(v->hits);
        free(v->first_hit);
        free(v->occ);
        free(v->first_occ);
        free(v->keys);
        free(v->first_key);
        free(v->doc_base);
        free(v);
}

/* ------------------------------------------------------------ queries */

size_t phrases_view_count(const struct phrases_view *v)
{
        return v->ps.n;
}

const struct phrase *phrases_view_phrase(const struct phrases_view *v, size_t i)
{
        return i < v->ps.n ? &v->ps.v[i] : NULL;
}

const struct hit *phrases_view_hits(const struct phrases_view *v, size_t i, size_t *n)
{
        if (i >= v->ps.n || v->first_hit[i] == v->first_hit[i + 1]) {
                *n = 0;
                return NULL;
        }
        *n = v->first_hit[i + 1] - v->first_hit[i];
        return v->hits + v->first_hit[i];
}

/* Fold a NUL-terminated string into a fresh key array; *n gets its length. */
static uint32_t *fold_query(const char *s, size_t *n)
{
        size_t len = s ? strlen(s) : 0;
        uint32_t *k = xmalloc((len ? len : 1) * sizeof *k);
        *n = len ? fold_text(s, len, k, NULL) : 0;
        return k;
}

size_t phrases_view_find(const struct phrases_view *v, const char *text)
{
        size_t qn;
        uint32_t *q = fold_query(text, &qn);
        size_t found = SIZE_MAX;
        for (size_t i = 0; i < v->ps.n && qn; i++) {
                size_t kn = v->first_key[i + 1] - v->first_key[i];
                if (kn == qn && memcmp(v->keys + v->first_key[i], q, qn * sizeof *q) == 0) {
                        found = i;
                        break;
                }
        }
        free(q);
        return found;
}

const struct phrase_occ *phrases_view_doc(const struct phrases_view *v, uint32_t doc,
                                          size_t *n)
{
        if (doc >= v->ndocs || v->first_occ[doc] == v->first_occ[doc + 1]) {
                *n = 0;
                return NULL;
        }
        *n = v->first_occ[doc + 1] - v->first_occ[doc];
        return v->occ + v->first_occ[doc];
}

size_t phrases_view_step(const struct phrases_view *v, uint32_t doc, size_t off, int dir,
                         bool inclusive)
{
        size_t n;
        const struct phrase_occ *o = phrases_view_doc(v, doc, &n);
        /* The first occurrence that starts at or after `from`, by bisection. */
        size_t from = dir > 0 && !inclusive ? off + 1 : off;
        size_t lo = 0, hi = n;
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (o[mid].start < from)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        if (dir > 0) {
                for (size_t k = lo; k < n; k++)
                        if (o[k].outer)
                                return k;
                return SIZE_MAX;
        }
        for (size_t k = lo; k > 0; k--)
                if (o[k - 1].outer)
                        return k - 1;
        return SIZE_MAX;
}

static bool opens_paren(const char *t, size_t len, size_t i)
{
        return t[i] == '(' || (len - i >= 3 && memcmp(t + i, "\xef\xbc\x88", 3) == 0);
}

struct span *phrases_view_spans(const struct phrases_view *v, uint32_t doc, size_t *n)
{
        size_t no;
        const struct phrase_occ *o = phrases_view_doc(v, doc, &no);
        struct span *out = NULL;
        size_t cap = 0;
        *n = 0;
        if (!no)
                return NULL;
        const struct doc *d = corpus_doc(v->corpus, doc);
        for (size_t k = 0; k < no; k++) {
                size_t from = o[k].start;
                for (size_t i = o[k].start; i < o[k].end;) {
                        size_t a = opens_paren(d->text, d->len, i)
                                   ? fold_annotation_at(d->text, d->len, i) : 0;
                        if (!a) {
                                i++;
                                continue;
                        }
                        if (i > from) {
                                out = xgrow(out, &cap, *n + 1, sizeof *out);
                                out[(*n)++] = (struct span){ from, i, SPAN_PHRASE };
                        }
                        i += a;
                        from = i;
                }
                if (o[k].end > from) {
                        out = xgrow(out, &cap, *n + 1, sizeof *out);
                        out[(*n)++] = (struct span){ from, o[k].end, SPAN_PHRASE };
                }
        }
        return out;
}

static bool holds(const uint32_t *k, size_t kn, const uint32_t *q, size_t qn)
{
        for (size_t i = 0; i + qn <= kn; i++)
                if (k[i] == q[0] && memcmp(k + i, q, qn * sizeof *q) == 0)
                        return true;
        return false;
}

size_t phrases_view_filter(const struct phrases_view *v, const char *query, size_t *out)
{
        size_t qn, m = 0;
        uint32_t *q = fold_query(query, &qn);
        for (size_t i = 0; i < v->ps.n; i++)
                if (qn == 0 || holds(v->keys + v->first_key[i],
                                     v->first_key[i + 1] - v->first_key[i], q, qn))
                        out[m++] = i;
        free(q);
        return m;
}

void phrases_view_barcode(const struct phrases_view *v, size_t i, int cells, uint32_t *counts)
{
        if (cells < 1)
                return;
        memset(counts, 0, (size_t)cells * sizeof *counts);
        size_t n;
        const struct hit *h = phrases_view_hits(v, i, &n);
        if (v->total_bytes == 0)
                return;
        for (size_t k = 0; k < n; k++) {
                size_t at = v->doc_base[h[k].doc] + h[k].start;
                size_t c = (size_t)((double)at * cells / (double)v->total_bytes);
                counts[c < (size_t)cells ? c : (size_t)cells - 1]++;
        }
}
