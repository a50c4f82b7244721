/*
 * phrases_view — occurrences come from search_run() on each phrase's
 * written text rather than from the suffix-array intervals phrase
 * extraction saw: a search folds exactly as the search bar does and drops
 * overlaps leftmost first, so the counts the reader shows are the counts a
 * search for the same text gives.
 *
 * Nothing is searched up front: a large corpus has hundreds of thousands of
 * phrases and tens of millions of occurrences, of which the reader looks at
 * a few. A phrase's occurrences are searched the first time they are asked
 * for and kept; a barcode keeps only its counts. A document's occurrences
 * need every phrase it holds: the document's key is read once against the
 * phrases' folded keys (phrase_finder.h), which names the phrases whose
 * search has hits there; their hits in the document, numbered by their
 * place in the phrase's whole list, are sorted by start and kept. The result is what searching
 * every phrase and bucketing every hit would give. The caches sit behind a
 * lock, so the view may be queried from any thread, and a thread of the
 * view's own finds documents asked for ahead.
 *
 * A phrase's folded key is not copied: phrase_keys.h finds where in the
 * index key it occurs, and it is read there. Engine layer.
 */
#include "phrases_view.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "phrase_finder.h"
#include "phrase_keys.h"
#include "seq.h"
#include "util.h"

#define NO_DOC UINT32_MAX
#define LIST_FREE UINT32_MAX
#define BARCODE_SLOTS 256       /* more than any screen shows rows */

/* A phrase's hits, once searched. */
struct hit_list {
        uint32_t phrase;        /* LIST_FREE in an empty slot */
        uint32_t n;
        struct hit *v;
};

/* A phrase's barcode at one width. */
struct barcode {
        uint32_t phrase;        /* LIST_FREE in an empty slot */
        int cells;
        uint32_t *counts;
};

/* What is found on demand, and the lock that guards it. */
struct lazy {
        pthread_mutex_t lock;
        /*
         * The phrases searched so far, by phrase, in a table at most half
         * full: a reader looks at a few hundred of half a million phrases,
         * and two arrays over all of them took 9 MB at 100 MB.
         */
        struct hit_list *lists;
        size_t caplists, nlists;
        /*
         * Barcodes, by phrase, one a slot: a pane drawing its rows searches
         * each phrase once, and keeps its barcode rather than its hits --
         * a megabyte for a phrase found 50,000 times.
         */
        struct barcode bars[BARCODE_SLOTS];
        struct phrase_occ **occ;        /* per document, NULL until built */
        size_t *nocc;
        atomic_bool *ready;     /* per document: occ is built (readable without the lock) */
        struct phrase_finder *find;
        struct hits scratch;

        /* The thread that builds documents asked for ahead (phrases_view_prefetch). */
        pthread_mutex_t bg_lock;
        pthread_cond_t bg_wake;
        pthread_t bg;
        bool bg_started;
        uint32_t want;          /* the document to build next, or NO_DOC */
        atomic_bool stop;       /* the view is going: drop the build in hand */
};

struct phrases_view {
        const struct index *ix;
        const struct corpus *corpus;
        struct phrases ps;
        size_t ndocs;
        struct lazy *lz;

        size_t *doc_base;       /* bytes of the corpus before document d */
        size_t total_bytes;
};

/* ------------------------------------------------------------ building */

struct phrases_view *phrases_view_new(const struct index *ix, struct phrases *ps,
                                      lc_progress_fn progress, void *ud)
{
        struct phrases_view *v = xcalloc(1, sizeof *v);
        v->ix = ix;
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
        phrase_keys_locate(ix, v->ps.v, v->ps.n);

        struct lazy *lz = xcalloc(1, sizeof *lz);
        pthread_mutex_init(&lz->lock, NULL);
        lz->occ = xcalloc(v->ndocs + 1, sizeof *lz->occ);
        lz->nocc = xcalloc(v->ndocs + 1, sizeof *lz->nocc);
        lz->ready = xcalloc(v->ndocs + 1, sizeof *lz->ready);
        for (size_t d = 0; d <= v->ndocs; d++)
                atomic_init(&lz->ready[d], false);
        pthread_mutex_init(&lz->bg_lock, NULL);
        pthread_cond_init(&lz->bg_wake, NULL);
        lz->want = NO_DOC;
        atomic_init(&lz->stop, false);
        for (size_t b = 0; b < BARCODE_SLOTS; b++)
                lz->bars[b].phrase = LIST_FREE;
        v->lz = lz;
        if (progress)
                progress(ud, "occurrences", 1.0);
        return v;
}

void phrases_view_free(struct phrases_view *v)
{
        if (!v)
                return;
        struct lazy *lz = v->lz;
        if (lz->bg_started) {
                pthread_mutex_lock(&lz->bg_lock);
                atomic_store(&lz->stop, true);
                pthread_cond_signal(&lz->bg_wake);
                pthread_mutex_unlock(&lz->bg_lock);
                pthread_join(lz->bg, NULL);
        }
        pthread_cond_destroy(&lz->bg_wake);
        pthread_mutex_destroy(&lz->bg_lock);
        for (size_t i = 0; i < lz->caplists; i++)
                free(lz->lists[i].v);
        for (size_t d = 0; d < v->ndocs; d++)
                free(lz->occ[d]);
        free(lz->lists);
        for (size_t b = 0; b < BARCODE_SLOTS; b++)
                free(lz->bars[b].counts);
        free(lz->occ);
        free(lz->nocc);
        free(lz->ready);
        phrase_finder_free(lz->find);
        hits_free(&lz->scratch);
        pthread_mutex_destroy(&lz->lock);
        free(lz);
        phrases_free(&v->ps);
        free(v->doc_base);
        free(v);
}

/* ------------------------------------------------------------ on demand (lock held) */

static size_t list_slot(const struct lazy *lz, uint32_t i)
{
        size_t h = (size_t)(((uint64_t)i * 0x9E3779B97F4A7C15ull) >> 32) & (lz->caplists - 1);
        while (lz->lists[h].phrase != LIST_FREE && lz->lists[h].phrase != i)
                h = (h + 1) & (lz->caplists - 1);
        return h;
}

/* Phrase i's kept hits, or NULL when it has not been searched. */
static const struct hit_list *list_of(const struct lazy *lz, uint32_t i)
{
        if (!lz->caplists)
                return NULL;
        const struct hit_list *l = &lz->lists[list_slot(lz, i)];
        return l->phrase == i ? l : NULL;
}

static void list_add(struct lazy *lz, struct hit_list l)
{
        if (2 * (lz->nlists + 1) > lz->caplists) {
                struct hit_list *old = lz->lists;
                size_t oldcap = lz->caplists;
                lz->caplists = oldcap ? 2 * oldcap : 64;
                lz->lists = xmalloc(lz->caplists * sizeof *lz->lists);
                for (size_t j = 0; j < lz->caplists; j++)
                        lz->lists[j] = (struct hit_list){ LIST_FREE, 0, NULL };
                for (size_t j = 0; j < oldcap; j++)
                        if (old[j].phrase != LIST_FREE)
                                lz->lists[list_slot(lz, old[j].phrase)] = old[j];
                free(old);
        }
        lz->lists[list_slot(lz, l.phrase)] = l;
        lz->nlists++;
}

/* Phrase i's occurrences, searched the first time. */
static const struct hit *hits_of(const struct phrases_view *v, size_t i, size_t *n)
{
        struct lazy *lz = v->lz;
        const struct hit_list *l = list_of(lz, (uint32_t)i);
        if (!l) {
                search_run(v->ix, v->ps.v[i].text, v->ps.v[i].nbytes, &lz->scratch);
                size_t m = lz->scratch.n;
                struct hit *h = xmalloc((m ? m : 1) * sizeof *h);
                if (m)
                        memcpy(h, lz->scratch.v, m * sizeof *h);
                list_add(lz, (struct hit_list){ (uint32_t)i, (uint32_t)m, h });
                l = list_of(lz, (uint32_t)i);
        }
        *n = l->n;
        return l->v;
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

static void add_occ(struct phrase_occ **o, size_t *n, size_t *cap, struct phrase_occ x)
{
        *o = xgrow(*o, cap, *n + 1, sizeof **o);
        (*o)[(*n)++] = x;
}

/* Sort v[0, n) and drop, leftmost first, the positions inside the one before (a key of kn). */
static size_t thin(uint32_t *v, size_t n, size_t kn)
{
        seq_sort(v, n);
        size_t m = 0;
        for (size_t j = 0; j < n; j++)
                if (m == 0 || v[j] >= v[m - 1] + kn)
                        v[m++] = v[j];
        return m;
}

/*
 * Phrase i's hits in document doc without searching the whole corpus: a
 * search keeps the key's interval positions in text order, thinned
 * leftmost first when the key can overlap itself (has a border), which
 * never reaches across a document's end. So its hits in doc are the
 * interval's positions there, numbered after those before doc, both thinned
 * alike; bytes are found as search_run() finds them. Nothing is kept: a
 * phrase's whole list of hits is for phrases_view_hits(), and used here
 * when that has kept it.
 */
static void doc_hits(const struct phrases_view *v, uint32_t i, uint32_t doc,
                     struct phrase_occ **o, size_t *n, size_t *cap, uint32_t **pos,
                     size_t *cappos, uint32_t **k, size_t *capk)
{
        const struct hit_list *l = list_of(v->lz, i);
        if (l) {
                const struct hit *h = l->v;
                size_t nh = l->n, lo = 0, hi = nh;
                while (lo < hi) {
                        size_t mid = lo + (hi - lo) / 2;
                        if (h[mid].doc < doc)
                                lo = mid + 1;
                        else
                                hi = mid;
                }
                for (size_t j = lo; j < nh && h[j].doc == doc; j++)
                        add_occ(o, n, cap, (struct phrase_occ){ h[j].start, h[j].end, i,
                                                                (uint32_t)j, true });
                return;
        }
        size_t kn = v->ps.v[i].len;
        *k = xgrow(*k, capk, kn + 1, sizeof **k);
        index_copy_ranks(v->ix, v->ps.v[i].at, kn, *k);
        bool border = seq_has_border(*k, kn);
        size_t lo, hi;
        index_range_ranks(v->ix, *k, kn, &lo, &hi);
        uint32_t from = (uint32_t)index_doc_start(v->ix, doc);
        uint32_t to = (uint32_t)index_doc_start(v->ix, doc + 1);
        /* Two plain reads of the interval: counting first keeps the first one branch-free. */
        const uint32_t *sa = index_sa(v->ix);
        size_t before = 0, m = 0;
        for (size_t r = lo; r < hi; r++) {
                before += sa[r] < from;
                m += sa[r] >= from && sa[r] < to;
        }
        if (border && before > 1) {
                uint32_t *early = xmalloc(before * sizeof *early);
                for (size_t r = lo, w = 0; r < hi && w < before; r++)
                        if (sa[r] < from)
                                early[w++] = sa[r];
                before = thin(early, before, kn);
                free(early);
        }
        *pos = xgrow(*pos, cappos, m + 1, sizeof **pos);
        for (size_t r = lo, w = 0; r < hi && w < m; r++)
                if (sa[r] >= from && sa[r] < to)
                        (*pos)[w++] = sa[r];
        uint32_t *ps = *pos;
        /* Without a border nothing overlaps: thinning by 0 only sorts. */
        m = thin(ps, m, border ? kn : 0);
        const char *text = corpus_doc(v->corpus, doc)->text;
        for (size_t j = 0; j < m; j++) {
                uint32_t last = index_byte_in(v->ix, ps[j] + kn - 1, doc);
                add_occ(o, n, cap, (struct phrase_occ){
                        index_byte_in(v->ix, ps[j], doc),
                        last + (uint32_t)lc_utf8_len(text + last), i,
                        (uint32_t)(before + j), true });
        }
}

/*
 * Document doc's occurrences: each phrase found there contributes its hits
 * in doc. Sorted by position, the longer first at each start, and marked
 * outer unless an earlier occurrence reaches as far.
 */
static void build_doc(const struct phrases_view *v, uint32_t doc)
{
        struct lazy *lz = v->lz;
        if (!lz->find)
                lz->find = phrase_finder_new(v->ix, v->ps.v, v->ps.n);
        uint32_t *found = NULL, *pos = NULL, *key = NULL;
        size_t capfound = 0, cappos = 0, capkey = 0;
        size_t nfound = phrase_finder_doc(lz->find, doc, &found, &capfound);
        struct phrase_occ *o = NULL;
        size_t n = 0, cap = 0;
        /* A view being freed stops here; nothing will ask for this document again. */
        for (size_t j = 0; j < nfound && !atomic_load_explicit(&lz->stop, memory_order_relaxed); j++)
                doc_hits(v, found[j], doc, &o, &n, &cap, &pos, &cappos, &key, &capkey);
        free(key);
        free(pos);
        free(found);
        if (atomic_load(&lz->stop)) {
                free(o);
                return;
        }
        if (n)
                qsort(o, n, sizeof *o, cmp_occ_doc);
        uint32_t reach = 0;
        for (size_t k = 0; k < n; k++) {
                o[k].outer = k == 0 || o[k].end > reach;
                if (o[k].end > reach)
                        reach = o[k].end;
        }
        lz->occ[doc] = o;
        lz->nocc[doc] = n;
        atomic_store_explicit(&lz->ready[doc], true, memory_order_release);
}

/* The prefetch thread: build the document last asked for, then wait for the next. */
static void *build_ahead(void *arg)
{
        const struct phrases_view *v = arg;
        struct lazy *lz = v->lz;
        pthread_mutex_lock(&lz->bg_lock);
        for (;;) {
                while (lz->want == NO_DOC && !atomic_load(&lz->stop))
                        pthread_cond_wait(&lz->bg_wake, &lz->bg_lock);
                if (atomic_load(&lz->stop))
                        break;
                uint32_t doc = lz->want;
                lz->want = NO_DOC;
                pthread_mutex_unlock(&lz->bg_lock);
                size_t n;
                phrases_view_doc(v, doc, &n);
                pthread_mutex_lock(&lz->bg_lock);
        }
        pthread_mutex_unlock(&lz->bg_lock);
        return NULL;
}

bool phrases_view_doc_ready(const struct phrases_view *v, uint32_t doc)
{
        return doc < v->ndocs && atomic_load_explicit(&v->lz->ready[doc], memory_order_acquire);
}

bool phrases_view_prefetch(const struct phrases_view *v, uint32_t doc)
{
        if (doc >= v->ndocs || phrases_view_doc_ready(v, doc))
                return true;
        struct lazy *lz = v->lz;
        pthread_mutex_lock(&lz->bg_lock);
        if (!lz->bg_started)
                lz->bg_started = pthread_create(&lz->bg, NULL, build_ahead, (void *)(uintptr_t)v) == 0;
        lz->want = doc;
        pthread_cond_signal(&lz->bg_wake);
        bool started = lz->bg_started;
        pthread_mutex_unlock(&lz->bg_lock);
        /* No thread: build it here, as phrases_view_doc would. */
        if (!started) {
                size_t n;
                phrases_view_doc(v, doc, &n);
        }
        return phrases_view_doc_ready(v, doc);
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
        *n = 0;
        if (i >= v->ps.n)
                return NULL;
        pthread_mutex_lock(&v->lz->lock);
        const struct hit *h = hits_of(v, i, n);
        pthread_mutex_unlock(&v->lz->lock);
        return *n ? h : NULL;
}

size_t phrases_view_find(const struct phrases_view *v, const char *text)
{
        return phrase_keys_find(v->ix, v->ps.v, v->ps.n, text);
}

const struct phrase_occ *phrases_view_doc(const struct phrases_view *v, uint32_t doc,
                                          size_t *n)
{
        *n = 0;
        if (doc >= v->ndocs)
                return NULL;
        struct lazy *lz = v->lz;
        pthread_mutex_lock(&lz->lock);
        if (!atomic_load_explicit(&lz->ready[doc], memory_order_relaxed))
                build_doc(v, doc);
        *n = lz->nocc[doc];
        const struct phrase_occ *o = lz->occ[doc];
        pthread_mutex_unlock(&lz->lock);
        return *n ? o : NULL;
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

size_t phrases_view_filter(const struct phrases_view *v, const char *query, size_t *out)
{
        return phrase_keys_filter(v->ix, v->ps.v, v->ps.n, query, out);
}

/* Phrase i's barcode into b (lock held), from its kept hits or a search not kept. */
static void fill_barcode(const struct phrases_view *v, uint32_t i, int cells, struct barcode *b)
{
        struct lazy *lz = v->lz;
        if (b->cells != cells) {
                b->counts = xrealloc(b->counts, (size_t)cells * sizeof *b->counts);
                b->cells = cells;
        }
        b->phrase = i;
        memset(b->counts, 0, (size_t)cells * sizeof *b->counts);
        const struct hit_list *l = list_of(lz, i);
        const struct hit *h;
        size_t n;
        if (l) {
                h = l->v;
                n = l->n;
        } else {
                search_run(v->ix, v->ps.v[i].text, v->ps.v[i].nbytes, &lz->scratch);
                h = lz->scratch.v;
                n = lz->scratch.n;
        }
        if (v->total_bytes == 0)
                return;
        for (size_t k = 0; k < n; k++) {
                size_t at = v->doc_base[h[k].doc] + h[k].start;
                size_t c = (size_t)((double)at * cells / (double)v->total_bytes);
                b->counts[c < (size_t)cells ? c : (size_t)cells - 1]++;
        }
}

void phrases_view_barcode(const struct phrases_view *v, size_t i, int cells, uint32_t *counts)
{
        if (cells < 1)
                return;
        if (i >= v->ps.n) {
                memset(counts, 0, (size_t)cells * sizeof *counts);
                return;
        }
        struct lazy *lz = v->lz;
        pthread_mutex_lock(&lz->lock);
        struct barcode *b = &lz->bars[(((uint32_t)i * 0x9E3779B1u) >> 16) % BARCODE_SLOTS];
        if (b->phrase != i || b->cells != cells)
                fill_barcode(v, (uint32_t)i, cells, b);
        memcpy(counts, b->counts, (size_t)cells * sizeof *counts);
        pthread_mutex_unlock(&lz->lock);
}
