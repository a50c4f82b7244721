/*
 * index — the corpus-wide search index. Every document is folded into key
 * characters (fold.h), the characters are renumbered densely (so the suffix
 * sort's buckets stay small and cache-friendly), the documents are joined
 * with a separator, and the suffix array is built with SA-IS. A query is two
 * binary searches. Engine layer.
 *
 * Key layout: doc 0 keys, 1, doc 1 keys, 1, ..., 0. Rank 0 is the final
 * sentinel, rank 1 the document separator, real characters start at 2.
 *
 * Where each key character came from (its byte offset in the document) is
 * kept as one byte per character -- the step from the previous character,
 * 1 to 4 bytes, more after an annotation -- plus an absolute offset every
 * 32 characters, instead of four bytes per character: a quarter of the
 * memory for a few dozen additions per lookup.
 */
#include "index.h"

#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "sais.h"
#include "util.h"

#define UNICODE_SIZE 0x110000u
#define RANK_SEP 1u
#define RANK_FIRST 2u
#define CKPT_SHIFT 5
#define DELTA_FAR 255u          /* the step did not fit: see the exceptions */

struct far_step {
        uint32_t pos, byte;     /* key position and its absolute byte offset */
};

struct index {
        const struct corpus *corpus;
        uint32_t *key;          /* ranks, n entries (the last is the sentinel) */
        uint8_t *delta;         /* byte step from the previous key position */
        uint32_t *ckpt;         /* byte offset of every 32nd key position */
        struct far_step *far;   /* positions whose step is DELTA_FAR, by position */
        size_t nfar, capfar;
        uint32_t *sa;           /* n - 1 suffix positions (the sentinel left out) */
        size_t n;               /* key length, sentinel included */
        uint32_t *doc_start;    /* first key position of each document, plus n - 1 */
        uint32_t *rank_of;      /* code point -> rank, 0 when absent */
        uint32_t *cp_of;        /* rank -> code point */
        size_t nranks;
};

static void record_byte(struct index *ix, size_t p, uint32_t byte, uint32_t step)
{
        if ((p & ((1u << CKPT_SHIFT) - 1)) == 0)
                ix->ckpt[p >> CKPT_SHIFT] = byte;
        if (step < DELTA_FAR) {
                ix->delta[p] = (uint8_t)step;
                return;
        }
        ix->delta[p] = DELTA_FAR;
        ix->far = xgrow(ix->far, &ix->capfar, ix->nfar + 1, sizeof *ix->far);
        ix->far[ix->nfar++] = (struct far_step){ (uint32_t)p, byte };
}

static uint32_t far_byte(const struct index *ix, size_t p)
{
        size_t lo = 0, hi = ix->nfar;
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (ix->far[mid].pos < p)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return ix->far[lo].byte;
}

static void report(lc_progress_fn fn, void *ud, const char *phase, double f)
{
        if (fn)
                fn(ud, phase, f);
}

struct index *index_build(const struct corpus *c, lc_progress_fn progress, void *ud,
                          char **cause)
{
        int rc = fold_init(cause);
        if (rc != LC_OK)
                return NULL;
        size_t ndocs = corpus_count(c);
        /* A document yields at most one key character per code point. */
        size_t bound = 1, widest = 0;
        for (size_t d = 0; d < ndocs; d++) {
                bound += corpus_doc(c, d)->nchars + 1;
                if (corpus_doc(c, d)->nchars > widest)
                        widest = corpus_doc(c, d)->nchars;
        }
        if (bound >= 0x7fffffff) {
                lc_fail(cause, LC_EINVAL, "corpus too large for the index (%zu characters)",
                        bound);
                return NULL;
        }

        struct index *ix = xcalloc(1, sizeof *ix);
        ix->corpus = c;
        uint32_t *cps = xmalloc(bound * sizeof *cps);
        uint32_t *offs = xmalloc((widest + 1) * sizeof *offs);
        ix->delta = xmalloc(bound);
        ix->ckpt = xmalloc(((bound >> CKPT_SHIFT) + 1) * sizeof *ix->ckpt);
        ix->doc_start = xmalloc((ndocs + 1) * sizeof *ix->doc_start);
        size_t n = 0;
        for (size_t d = 0; d < ndocs; d++) {
                const struct doc *doc = corpus_doc(c, d);
                ix->doc_start[d] = (uint32_t)n;
                size_t k = fold_text(doc->text, doc->len, cps + n, offs);
                offs[k] = (uint32_t)doc->len;   /* the separator's place */
                cps[n + k] = UINT32_MAX;        /* the separator, renumbered below */
                for (size_t i = 0; i <= k; i++)
                        record_byte(ix, n + i, offs[i], i ? offs[i] - offs[i - 1] : offs[i]);
                n += k + 1;
                if (d % 64 == 0)
                        report(progress, ud, "folding", (double)(d + 1) / (double)ndocs);
        }
        free(offs);
        ix->doc_start[ndocs] = (uint32_t)n;
        cps[n] = 0;
        record_byte(ix, n, 0, 0);
        n++;
        ix->n = n;

        /* Dense ranks in code point order, so rank order is key order. */
        ix->rank_of = xcalloc(UNICODE_SIZE, sizeof *ix->rank_of);
        for (size_t i = 0; i + 1 < n; i++)
                if (cps[i] != UINT32_MAX)
                        ix->rank_of[cps[i]] = 1;
        uint32_t r = RANK_FIRST;
        for (uint32_t cp = 0; cp < UNICODE_SIZE; cp++)
                if (ix->rank_of[cp])
                        ix->rank_of[cp] = r++;
        ix->nranks = r;
        ix->cp_of = xmalloc(r * sizeof *ix->cp_of);
        ix->cp_of[0] = 0;
        ix->cp_of[RANK_SEP] = 0;
        for (uint32_t cp = 0; cp < UNICODE_SIZE; cp++)
                if (ix->rank_of[cp])
                        ix->cp_of[ix->rank_of[cp]] = cp;
        for (size_t i = 0; i + 1 < n; i++)
                cps[i] = cps[i] == UINT32_MAX ? RANK_SEP : ix->rank_of[cps[i]];
        ix->key = cps;

        report(progress, ud, "sorting", 0.0);
        ix->sa = xmalloc(n * sizeof *ix->sa);
        rc = sais_build(ix->key, ix->sa, n, ix->nranks);
        if (rc != LC_OK) {
                lc_fail(cause, rc, "suffix sorting failed");
                index_free(ix);
                return NULL;
        }
        /* Drop the sentinel's suffix, always first. */
        memmove(ix->sa, ix->sa + 1, (n - 1) * sizeof *ix->sa);
        report(progress, ud, "sorting", 1.0);
        return ix;
}

void index_free(struct index *ix)
{
        if (!ix)
                return;
        free(ix->key);
        free(ix->delta);
        free(ix->ckpt);
        free(ix->far);
        free(ix->sa);
        free(ix->doc_start);
        free(ix->rank_of);
        free(ix->cp_of);
        free(ix);
}

const struct corpus *index_corpus(const struct index *ix) { return ix->corpus; }
size_t index_len(const struct index *ix) { return ix->n - 1; }
uint32_t index_sa_at(const struct index *ix, size_t i) { return ix->sa[i]; }

uint32_t index_byte_in(const struct index *ix, size_t p, uint32_t d)
{
        size_t ds = ix->doc_start[d];
        size_t q = p & ~(size_t)((1u << CKPT_SHIFT) - 1);
        uint32_t b;
        if (q < ds) {
                q = ds;
                b = ix->delta[ds] == DELTA_FAR ? far_byte(ix, ds) : ix->delta[ds];
        } else {
                b = ix->ckpt[q >> CKPT_SHIFT];
        }
        for (size_t i = q + 1; i <= p; i++)
                b = ix->delta[i] == DELTA_FAR ? far_byte(ix, i) : b + ix->delta[i];
        return b;
}

uint32_t index_byte_of(const struct index *ix, size_t p)
{
        return index_byte_in(ix, p, index_doc_of(ix, p));
}
size_t index_doc_start(const struct index *ix, uint32_t d) { return ix->doc_start[d]; }

uint32_t index_char_at(const struct index *ix, size_t p)
{
        return ix->cp_of[ix->key[p]];
}

uint32_t index_doc_of(const struct index *ix, size_t p)
{
        size_t lo = 0, hi = corpus_count(ix->corpus);
        while (hi - lo > 1) {
                size_t mid = lo + (hi - lo) / 2;
                if (ix->doc_start[mid] <= p)
                        lo = mid;
                else
                        hi = mid;
        }
        return (uint32_t)lo;
}

/* Compare the suffix at p with q (ranks) over q's length: <0, 0, >0. */
static int cmp_suffix(const struct index *ix, uint32_t p, const uint32_t *q, size_t qn)
{
        const uint32_t *k = ix->key + p;
        for (size_t i = 0; i < qn; i++) {
                if (k[i] != q[i])
                        return k[i] < q[i] ? -1 : 1;
        }
        return 0;
}

size_t index_range_ranks(const struct index *ix, const uint32_t *rq, size_t qn,
                         size_t *lo, size_t *hi)
{
        *lo = *hi = 0;
        if (qn == 0)
                return 0;
        /* The sentinel (rank 0) ends every comparison before the key ends. */
        size_t a = 0, b = ix->n - 1;
        while (a < b) {
                size_t m = a + (b - a) / 2;
                if (cmp_suffix(ix, ix->sa[m], rq, qn) < 0)
                        a = m + 1;
                else
                        b = m;
        }
        size_t first = a;
        b = ix->n - 1;
        while (a < b) {
                size_t m = a + (b - a) / 2;
                if (cmp_suffix(ix, ix->sa[m], rq, qn) <= 0)
                        a = m + 1;
                else
                        b = m;
        }
        *lo = first;
        *hi = a;
        return a - first;
}

size_t index_range(const struct index *ix, const uint32_t *q, size_t qn, size_t *lo, size_t *hi)
{
        *lo = *hi = 0;
        uint32_t stackbuf[64];
        uint32_t *rq = qn <= LC_ARRAY_LEN(stackbuf) ? stackbuf : xmalloc(qn * sizeof *rq);
        size_t found = 0;
        size_t i = 0;
        for (; i < qn; i++) {
                rq[i] = q[i] < UNICODE_SIZE ? ix->rank_of[q[i]] : 0;
                if (rq[i] == 0)
                        break;  /* a character the corpus never uses */
        }
        if (i == qn)
                found = index_range_ranks(ix, rq, qn, lo, hi);
        if (rq != stackbuf)
                free(rq);
        return found;
}

const uint32_t *index_sa(const struct index *ix) { return ix->sa; }
const uint32_t *index_ranks(const struct index *ix) { return ix->key; }
size_t index_nranks(const struct index *ix) { return ix->nranks; }
uint32_t index_rank_cp(const struct index *ix, uint32_t rank) { return ix->cp_of[rank]; }

uint32_t index_rank(const struct index *ix, uint32_t cp)
{
        return cp < UNICODE_SIZE ? ix->rank_of[cp] : 0;
}

size_t index_memory(const struct index *ix)
{
        return ix->n * (sizeof *ix->key + sizeof *ix->delta + sizeof *ix->sa) +
               ((ix->n >> CKPT_SHIFT) + 1) * sizeof *ix->ckpt + ix->capfar * sizeof *ix->far +
               UNICODE_SIZE * sizeof *ix->rank_of + ix->nranks * sizeof *ix->cp_of +
               (corpus_count(ix->corpus) + 1) * sizeof *ix->doc_start;
}
