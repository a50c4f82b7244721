/*
 * phrase_keys — phrases' folded keys read in the index key. The filter of
 * the phrases pane runs over every phrase at each keystroke, one cache
 * miss per phrase, which the loop asks for ahead. Engine layer.
 */
#include "phrase_keys.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "util.h"

/* Fold s[0, len) into *k (grown as needed); returns the key's length. */
static size_t fold_into(const char *s, size_t len, uint32_t **k, size_t *cap)
{
        *k = xgrow(*k, cap, len + 1, sizeof **k);
        return len ? fold_text(s, len, *k, NULL) : 0;
}

/* The ranks of k[0, n) into r; false when the corpus never uses one of them. */
static bool to_ranks(const struct index *ix, const uint32_t *k, size_t n, uint32_t *r)
{
        for (size_t i = 0; i < n; i++)
                if ((r[i] = index_rank(ix, k[i])) == 0)
                        return false;
        return true;
}

void phrase_keys_locate(const struct index *ix, struct phrase *v, size_t n)
{
        uint32_t *k = NULL, *r = NULL;
        size_t capk = 0, capr = 0;
        for (size_t i = 0; i < n; i++) {
                struct phrase *p = &v[i];
                size_t kn = fold_into(p->text, p->nbytes, &k, &capk);
                r = xgrow(r, &capr, kn + 1, sizeof *r);
                uint32_t hint = p->at;
                p->at = PHRASE_NOWHERE;
                /* Past 16 bits (a list made by hand), it can only be folded again. */
                p->len = (uint16_t)(kn <= UINT16_MAX ? kn : 0);
                if (p->len == 0 || !to_ranks(ix, k, kn, r))
                        continue;
                size_t lo, hi;
                if (hint != PHRASE_NOWHERE && index_ranks_at(ix, hint, r, kn))
                        p->at = hint;
                else if (index_range_ranks(ix, r, kn, &lo, &hi))
                        p->at = index_sa_at(ix, lo);
        }
        free(k);
        free(r);
}

/* A query, folded, and as ranks when the corpus uses all its characters. */
struct query {
        uint32_t *k, *r;
        size_t n;
        bool ranked;
        uint32_t *scratch;      /* a phrase that occurs nowhere, folded again */
        size_t capscratch;
};

static struct query query_new(const struct index *ix, const char *s)
{
        struct query q = { 0 };
        size_t cap = 0;
        q.n = fold_into(s ? s : "", s ? strlen(s) : 0, &q.k, &cap);
        q.r = xmalloc((q.n + 1) * sizeof *q.r);
        q.ranked = to_ranks(ix, q.k, q.n, q.r);
        return q;
}

static void query_free(struct query *q)
{
        free(q->k);
        free(q->r);
        free(q->scratch);
}

static bool holds(const uint32_t *k, size_t kn, const uint32_t *q, size_t qn)
{
        for (size_t i = 0; i + qn <= kn; i++)
                if (k[i] == q[0] && memcmp(k + i, q, qn * sizeof *q) == 0)
                        return true;
        return false;
}

static bool holds16(const uint16_t *k, size_t kn, const uint32_t *q, size_t qn)
{
        for (size_t i = 0; i + qn <= kn; i++) {
                size_t j = 0;
                while (j < qn && k[i + j] == q[j])
                        j++;
                if (j == qn)
                        return true;
        }
        return false;
}

/*
 * Does p's folded text hold the query (whole, when it must equal it)? Read
 * in the index key as ranks; a phrase that occurs nowhere is folded again.
 */
static bool matches(const struct index *ix, const struct phrase *p, struct query *q, bool whole)
{
        size_t kn = p->len;
        if (p->at != PHRASE_NOWHERE) {
                if (whole ? kn != q->n : kn < q->n)
                        return false;
                if (!q->ranked)
                        return false;   /* a character the corpus, and so the phrase, lacks */
                /* Read in place: the filter does this for every phrase at each keystroke. */
                const uint16_t *k16 = index_key16(ix);
                return k16 ? holds16(k16 + p->at, kn, q->r, q->n)
                           : holds(index_key32(ix) + p->at, kn, q->r, q->n);
        }
        kn = fold_into(p->text, p->nbytes, &q->scratch, &q->capscratch);
        if (whole ? kn != q->n : kn < q->n)
                return false;
        return holds(q->scratch, kn, q->k, q->n);
}

size_t phrase_keys_find(const struct index *ix, const struct phrase *v, size_t n,
                        const char *text)
{
        struct query q = query_new(ix, text);
        size_t found = SIZE_MAX;
        for (size_t i = 0; i < n && q.n; i++)
                if (matches(ix, &v[i], &q, true)) {
                        found = i;
                        break;
                }
        query_free(&q);
        return found;
}

/* Phrases read ahead of the filter: each one's key is a miss of its own. */
#define FILTER_AHEAD 16

size_t phrase_keys_filter(const struct index *ix, const struct phrase *v, size_t n,
                          const char *query, size_t *out)
{
        struct query q = query_new(ix, query);
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
                if (i + FILTER_AHEAD < n && v[i + FILTER_AHEAD].at != PHRASE_NOWHERE)
                        index_prefetch(ix, v[i + FILTER_AHEAD].at);
                if (q.n == 0 || matches(ix, &v[i], &q, false))
                        out[m++] = i;
        }
        query_free(&q);
        return m;
}
