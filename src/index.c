/*
 * index — the corpus-wide search index. Every document is folded into key
 * characters (fold.h), the characters are renumbered densely (so the suffix
 * sort's buckets stay small and cache-friendly), the documents are joined
 * with a separator, and the suffix array is built with SA-IS. A query is two
 * binary searches. Engine layer.
 *
 * Key layout: doc 0 keys, 1, doc 1 keys, 1, ..., 0. Rank 0 is the final
 * sentinel, rank 1 the document separator, real characters start at 2.
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

struct index {
        const struct corpus *corpus;
        uint32_t *key;          /* ranks, n entries (the last is the sentinel) */
        uint32_t *byte;         /* byte offset in its document of each key position */
        uint32_t *sa;           /* n - 1 suffix positions (the sentinel left out) */
        size_t n;               /* key length, sentinel included */
        uint32_t *doc_start;    /* first key position of each document, plus n - 1 */
        uint32_t *rank_of;      /* code point -> rank, 0 when absent */
        uint32_t *cp_of;        /* rank -> code point */
        size_t nranks;
};

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
        size_t total = 1;
        for (size_t d = 0; d < ndocs; d++)
                total += corpus_doc(c, d)->len + 1;
        if (total >= UINT32_MAX) {
                lc_fail(cause, LC_EINVAL, "corpus too large for the index (%zu bytes)", total);
                return NULL;
        }

        struct index *ix = xcalloc(1, sizeof *ix);
        ix->corpus = c;
        /* Folding never yields more key characters than bytes; shrink after. */
        uint32_t *cps = xmalloc(total * sizeof *cps);
        ix->byte = xmalloc(total * sizeof *ix->byte);
        ix->doc_start = xmalloc((ndocs + 1) * sizeof *ix->doc_start);
        size_t n = 0;
        for (size_t d = 0; d < ndocs; d++) {
                const struct doc *doc = corpus_doc(c, d);
                ix->doc_start[d] = (uint32_t)n;
                n += fold_text(doc->text, doc->len, cps + n, ix->byte + n);
                cps[n] = UINT32_MAX;    /* the separator, renumbered below */
                ix->byte[n] = (uint32_t)doc->len;
                n++;
                if (d % 64 == 0)
                        report(progress, ud, "folding", (double)(d + 1) / (double)ndocs);
        }
        ix->doc_start[ndocs] = (uint32_t)n;
        cps[n] = 0;
        ix->byte[n] = 0;
        n++;
        ix->n = n;
        cps = xrealloc(cps, n * sizeof *cps);
        ix->byte = xrealloc(ix->byte, n * sizeof *ix->byte);

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
        free(ix->byte);
        free(ix->sa);
        free(ix->doc_start);
        free(ix->rank_of);
        free(ix->cp_of);
        free(ix);
}

const struct corpus *index_corpus(const struct index *ix) { return ix->corpus; }
size_t index_len(const struct index *ix) { return ix->n - 1; }
uint32_t index_sa_at(const struct index *ix, size_t i) { return ix->sa[i]; }
uint32_t index_byte_of(const struct index *ix, size_t p) { return ix->byte[p]; }
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
        return ix->n * (sizeof *ix->key + sizeof *ix->byte + sizeof *ix->sa) +
               UNICODE_SIZE * sizeof *ix->rank_of + ix->nranks * sizeof *ix->cp_of +
               (corpus_count(ix->corpus) + 1) * sizeof *ix->doc_start;
}
