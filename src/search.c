/*
 * search — from a query to hits in the original text: fold the query like
 * the corpus, take the suffix-array interval, put its positions in text
 * order, drop overlaps leftmost first, and map key positions back to byte
 * ranges. Engine layer.
 *
 * A one- or two-character query can have most of a million hits, so the
 * cost per hit is what a keystroke waits for. The positions are sorted by
 * an LSD radix sort with buckets small enough for the first-level cache,
 * reading the suffix array in place; they are then mapped to documents and
 * bytes in one forward walk (index_spans) rather than a lookup each. Only
 * a query with a border (哈哈, where an end can also be a start) can
 * overlap itself, so only such a query is filtered. The sort works inside
 * the hit array itself, whose three words per hit hold the two position
 * arrays and outlive the search, so a keystroke allocates nothing once the
 * array has grown.
 *
 * On a big corpus even that is too much for every keystroke of a one-
 * character query, so search_preview gives the count (the interval's size,
 * exact when no two hits can overlap) and one document's hits from two
 * plain reads of the interval, leaving the full sort for when the reader
 * stops typing.
 *
 * Until the index has its suffix array, a query checks the places of its
 * rarest character instead (index_scan): positions then come out in text
 * order, overlaps already dropped, and take the same road to hits, so a
 * search gives the same answer before the sort as after it, only slower.
 * A preview of one character then reads only the document shown: the
 * count is its character's.
 */
#include "search.h"

#include <assert.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "sanitize.h"
#include "seq.h"
#include "util.h"

/*
 * Widest radix digit. Two passes of up to 13 bits (positions of corpora up
 * to about 190 MB) measured faster than three narrower ones whose counters
 * and write streams would fit the first-level cache.
 */
#define RADIX_MAX_BITS 13
#define RADIX_MAX_PASSES ((32 + RADIX_MAX_BITS - 1) / RADIX_MAX_BITS)
/* Below this many positions an insertion sort is cheaper. */
#define INSERTION_MAX 32
/* Positions mapped per index_spans call (a stack buffer). */
#define SPAN_CHUNK 512
/* Bytes beyond which a query is not tried as one character (pinyin cut out included). */
#define PREVIEW_CHAR_BYTES 32

/*
 * Sort the m positions src (none above max) into dst, using tmp (m
 * entries) as the other buffer. src is only read. Every digit's counts come
 * from one reading of src.
 */
static void sort_positions(const uint32_t *src, size_t m, uint32_t max, uint32_t *dst,
                           uint32_t *tmp)
{
        if (m < INSERTION_MAX) {
                memcpy(dst, src, m * sizeof *dst);
                seq_sort_small(dst, m);
                return;
        }
        unsigned bits = 1;
        while (bits < 32 && (max >> bits) != 0)
                bits++;
        unsigned passes = (bits + RADIX_MAX_BITS - 1) / RADIX_MAX_BITS;
        unsigned width = (bits + passes - 1) / passes;
        uint32_t mask = (1u << width) - 1;
        uint32_t cnt[RADIX_MAX_PASSES][1u << RADIX_MAX_BITS];
        for (unsigned k = 0; k < passes; k++)
                memset(cnt[k], 0, ((size_t)mask + 1) * sizeof cnt[k][0]);
        for (size_t i = 0; i < m; i++)
                for (unsigned k = 0; k < passes; k++)
                        cnt[k][(src[i] >> (k * width)) & mask]++;
        for (unsigned k = 0; k < passes; k++) {
                uint32_t sum = 0;
                for (size_t b = 0; b <= mask; b++) {
                        uint32_t c = cnt[k][b];
                        cnt[k][b] = sum;
                        sum += c;
                }
        }
        /* The last pass must write dst: start in whichever buffer makes it so. */
        const uint32_t *from = src;
        for (unsigned k = 0; k < passes; k++) {
                uint32_t *to = (passes - k) % 2 ? dst : tmp;
                unsigned shift = k * width;
                uint32_t *c = cnt[k];
                for (size_t i = 0; i < m; i++) {
                        uint32_t p = from[i];
                        to[c[(p >> shift) & mask]++] = p;
                }
                from = to;
        }
}

/* Keep the positions that do not overlap the kept one before: leftmost first. */
static size_t drop_overlaps(uint32_t *pos, size_t m, size_t qn)
{
        size_t w = 0;
        size_t last_end = 0;
        for (size_t i = 0; i < m; i++) {
                if (w > 0 && pos[i] < last_end)
                        continue;
                pos[w++] = pos[i];
                last_end = pos[i] + qn;
        }
        return w;
}

static void hits_reset(struct hits *h, size_t ndocs)
{
        h->n = 0;
        h->ndocs = 0;
        h->partial = false;
        h->total = h->base = 0;
        if (h->nper_doc != ndocs) {
                free(h->per_doc);
                h->per_doc = xcalloc(ndocs ? ndocs : 1, sizeof *h->per_doc);
                h->nper_doc = ndocs;
        } else if (ndocs) {
                memset(h->per_doc, 0, ndocs * sizeof *h->per_doc);
        }
}

/* Room for m hits; the old ones need not be kept, so no copy. */
static void hits_room(struct hits *out, size_t m)
{
        if (m > out->cap) {
                free(out->v);
                out->v = NULL;
                out->cap = 0;
                out->v = xgrow(out->v, &out->cap, m, sizeof *out->v);
        }
}

/* A query as the index sees it. */
struct query {
        size_t qn;              /* key characters */
        size_t lo, hi;          /* its suffix-array interval */
        size_t m;               /* hi - lo, or 0 */
        bool border;            /* two hits can overlap */
        uint32_t *pos;          /* without a suffix array: the hits' positions, ascending */
};

/*
 * Every position of the ranks r, none overlapping the one before, into
 * qy->pos (qy->m of them) by reading the key.
 */
static void scan_all(const struct index *ix, const uint32_t *r, struct query *qy)
{
        size_t cap = 0, m = 0, from = 0, len = index_len(ix);
        uint32_t *pos = NULL;
        for (;;) {
                pos = xgrow(pos, &cap, m + SPAN_CHUNK, sizeof *pos);
                size_t got = index_scan(ix, r, qy->qn, from, len, true, pos + m, cap - m);
                m += got;
                if (got < cap - (m - got))
                        break;
                from = pos[m - 1] + qy->qn;
        }
        qy->pos = pos;
        qy->m = m;
}

/*
 * The query's key: sanitised first, as every document is, so that what the
 * documents lost (a variation selector, a ZWJ, a BOM) the query loses too
 * and text copied from a file finds itself. *qn key characters; caller frees.
 */
static uint32_t *fold_query(const char *query, size_t qlen, size_t *qn)
{
        size_t n;
        char *safe = sanitize_query(query, qlen, &n);
        uint32_t *q = xmalloc((n + 1) * sizeof *q);
        *qn = fold_text(safe, n, q, NULL);
        free(safe);
        return q;
}

long search_query_chars(const char *query, size_t qlen)
{
        int rc = fold_init(NULL);
        if (rc != LC_OK)
                return rc;
        size_t qn;
        free(fold_query(query, qlen, &qn));
        return (long)qn;
}

/*
 * Fold the query and find it: its interval of qy->m suffixes, or without
 * a suffix array its qy->m positions (0: no hits). query_done frees.
 */
static int query_find(const struct index *ix, const char *query, size_t qlen,
                      struct query *qy)
{
        *qy = (struct query){ 0 };
        int rc = fold_init(NULL);
        if (rc != LC_OK)
                return rc;
        uint32_t *q = fold_query(query, qlen, &qy->qn);
        if (index_sorted(ix)) {
                qy->m = qy->qn ? index_range(ix, q, qy->qn, &qy->lo, &qy->hi) : 0;
        } else {
                size_t i = 0;
                while (i < qy->qn && (q[i] = index_rank(ix, q[i])) != 0)
                        i++;
                if (qy->qn && i == qy->qn)
                        scan_all(ix, q, qy);
        }
        qy->border = qy->m > 1 && seq_has_border(q, qy->qn);
        free(q);
        return LC_OK;
}

static void query_done(struct query *qy)
{
        free(qy->pos);
        qy->pos = NULL;
}

/*
 * Hits from the n ascending positions pos into out->v (room for them), per
 * document counted when count_docs. pos may lie in out->v's words beyond
 * the ones each hit writes, as run_found places them.
 */
static void map_hits(const struct index *ix, const uint32_t *pos, size_t n, size_t qn,
                     struct hits *out, bool count_docs)
{
        struct index_span span[SPAN_CHUNK];
        uint32_t ndocs = 0;
        for (size_t i = 0; i < n; i += SPAN_CHUNK) {
                size_t k = n - i < SPAN_CHUNK ? n - i : SPAN_CHUNK;
                index_spans(ix, pos + i, k, qn, span);
                struct hit *h = out->v + i;
                for (size_t j = 0; j < k; j++) {
                        h[j] = (struct hit){ span[j].doc, span[j].start, span[j].end };
                        if (count_docs)
                                ndocs += out->per_doc[span[j].doc]++ == 0;
                }
        }
        out->n = n;
        out->ndocs = ndocs;
}

/* Every hit of a query already found. */
static void run_found(const struct index *ix, const struct query *qy, struct hits *out)
{
        hits_reset(out, corpus_count(index_corpus(ix)));
        size_t m = qy->m, qn = qy->qn;
        if (m == 0)
                return;
        hits_room(out, m);
        if (qy->pos) {
                map_hits(ix, qy->pos, m, qn, out, true);
                out->total = m;
                return;
        }

        /*
         * The hit array as 3m words: positions are sorted into the top m,
         * with the bottom m as the radix sort's other buffer. Hit i fills
         * words [3i, 3i + 3), which lie below the top m's word 2m + i + 1:
         * writing a hit never overwrites a position not yet mapped.
         */
        static_assert(sizeof(struct hit) == 3 * sizeof(uint32_t), "a hit is three words");
        uint32_t *words = (uint32_t *)(void *)out->v;
        uint32_t *pos = words + 2 * m;
        sort_positions(index_sa(ix) + qy->lo, m, (uint32_t)index_len(ix), pos, words);
        if (qy->border)
                m = drop_overlaps(pos, m, qn);
        map_hits(ix, pos, m, qn, out, true);
        out->total = m;
}

int search_run(const struct index *ix, const char *query, size_t qlen, struct hits *out)
{
        struct query qy;
        int rc = query_find(ix, query, qlen, &qy);
        if (rc != LC_OK) {
                hits_reset(out, corpus_count(index_corpus(ix)));
                return rc;
        }
        run_found(ix, &qy, out);
        query_done(&qy);
        return LC_OK;
}

/* The first of the n ascending positions at or after p, or n. */
static size_t lower_bound(const uint32_t *pos, size_t n, size_t p)
{
        size_t lo = 0, hi = n;
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (pos[mid] < p)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return lo;
}

/* search_preview from the positions a scan found: they are in order already. */
static void preview_scanned(const struct index *ix, const struct query *qy, uint32_t doc,
                            size_t off, struct hits *out)
{
        const uint32_t *pos = qy->pos;
        size_t m = qy->m;
        size_t i = lower_bound(pos, m, index_key_at(ix, doc, off));
        uint32_t next = pos[i < m ? i : 0];
        uint32_t d = next >= index_doc_start(ix, doc) && next < index_doc_start(ix, doc + 1)
                             ? doc : index_doc_of(ix, next);
        size_t a = lower_bound(pos, m, index_doc_start(ix, d));
        size_t b = lower_bound(pos, m, index_doc_start(ix, d + 1));
        hits_reset(out, 0);
        hits_room(out, b - a);
        map_hits(ix, pos + a, b - a, qy->qn, out, false);
        out->partial = true;
        out->total = m;
        out->base = a;
}

/*
 * search_preview before the sort for a query of one character, which can
 * have millions of places: its count is its character's, and only the
 * document shown is read from its list, so no place elsewhere is. False
 * when the query is not such a one.
 */
static bool preview_char(const struct index *ix, const char *query, size_t qlen, uint32_t doc,
                         size_t off, size_t lazy_min, struct hits *out)
{
        /* A longer query is never one character. */
        if (doc >= corpus_count(index_corpus(ix)) || qlen > PREVIEW_CHAR_BYTES ||
            fold_init(NULL) != LC_OK)
                return false;
        size_t qn;
        uint32_t *q = fold_query(query, qlen, &qn);
        uint32_t c = q[0];
        free(q);
        if (qn != 1)
                return false;
        uint32_t r = index_rank(ix, c);
        size_t m = r ? index_rank_count(ix, r) : 0, len = index_len(ix);
        if (m == 0 || m < lazy_min)
                return false;
        /* The first place at or after the reader, or the first of all. */
        uint32_t next;
        if (index_scan(ix, &r, 1, index_key_at(ix, doc, off), len, false, &next, 1) == 0 &&
            index_scan(ix, &r, 1, 0, len, false, &next, 1) == 0)
                return false;
        uint32_t d = next >= index_doc_start(ix, doc) && next < index_doc_start(ix, doc + 1)
                             ? doc : index_doc_of(ix, next);
        size_t ds = index_doc_start(ix, d), de = index_doc_start(ix, d + 1);
        size_t a = index_count_before(ix, r, ds), b = index_count_before(ix, r, de);
        uint32_t *pos = xmalloc((b - a + 1) * sizeof *pos);
        size_t got = index_scan(ix, &r, 1, ds, de, false, pos, b - a);
        hits_reset(out, 0);
        hits_room(out, got);
        map_hits(ix, pos, got, 1, out, false);
        free(pos);
        out->partial = true;
        out->total = m;
        out->base = a;
        return true;
}

int search_preview(const struct index *ix, const char *query, size_t qlen, uint32_t doc,
                   size_t off, size_t lazy_min, struct hits *out)
{
        if (!index_sorted(ix) && preview_char(ix, query, qlen, doc, off, lazy_min, out))
                return LC_OK;
        struct query qy;
        int rc = query_find(ix, query, qlen, &qy);
        if (rc != LC_OK)
                return search_run(ix, query, qlen, out);
        size_t m = qy.m, qn = qy.qn, lo = qy.lo;
        /* A small search, or one whose count needs the overlaps dropped, is done in full. */
        if (m == 0 || m < lazy_min || qy.border || doc >= corpus_count(index_corpus(ix))) {
                run_found(ix, &qy, out);
                query_done(&qy);
                return LC_OK;
        }
        if (qy.pos) {
                preview_scanned(ix, &qy, doc, off, out);
                query_done(&qy);
                return LC_OK;
        }

        /*
         * One read of the interval does in the usual case, where the
         * reader's own document holds the first hit after it: that read
         * counts the hits before the document, gathers those in it, and
         * finds the first hit at or after the reader (or of all, to wrap
         * round) for when it does not; then a second read does the same for
         * the document that does.
         */
        const uint32_t *sa = index_sa(ix) + lo;
        uint32_t from = (uint32_t)index_key_at(ix, doc, off);
        uint32_t d = doc;
        uint32_t ds = (uint32_t)index_doc_start(ix, d), de = (uint32_t)index_doc_start(ix, d + 1);
        uint32_t next = UINT32_MAX, first = UINT32_MAX;
        uint32_t *got = NULL;
        size_t capgot = 0, before = 0, k = 0;
        for (size_t i = 0; i < m; i++) {
                uint32_t p = sa[i];
                first = p < first ? p : first;
                next = p >= from && p < next ? p : next;
                before += p < ds;
                if (p >= ds && p < de) {
                        got = xgrow(got, &capgot, k + 1, sizeof *got);
                        got[k++] = p;
                }
        }
        if (next == UINT32_MAX)
                next = first;
        if (next < ds || next >= de) {
                d = index_doc_of(ix, next);
                ds = (uint32_t)index_doc_start(ix, d);
                de = (uint32_t)index_doc_start(ix, d + 1);
                before = k = 0;
                for (size_t i = 0; i < m; i++) {
                        uint32_t p = sa[i];
                        before += p < ds;
                        if (p >= ds && p < de) {
                                got = xgrow(got, &capgot, k + 1, sizeof *got);
                                got[k++] = p;
                        }
                }
        }
        hits_reset(out, 0);
        hits_room(out, k);
        static_assert(sizeof(struct hit) == 3 * sizeof(uint32_t), "a hit is three words");
        uint32_t *words = (uint32_t *)(void *)out->v;
        uint32_t *pos = words + 2 * k;
        sort_positions(got, k, de, pos, words);
        free(got);
        map_hits(ix, pos, k, qn, out, false);
        out->partial = true;
        out->total = m;
        out->base = before;
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
