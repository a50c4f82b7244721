/*
 * phrase_finder — which phrases a document holds: a hash table of the
 * phrases' folded keys as ranks, against which a document's key is read
 * once, every length a phrase has at every position. A rank no phrase uses
 * ends a run early, so most positions cost a step or two. The phrases'
 * keys are read where they lie in the index key; the table keeps a 32-bit
 * hash of each so that most probes never go there. A phrase found twice
 * in a document is listed once: the list is sorted and thinned at the end,
 * which takes no per-phrase memory. Engine layer.
 */
#include "phrase_finder.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "seq.h"
#include "util.h"

#define NO_PHRASE UINT32_MAX

struct phrase_finder {
        const struct index *ix;
        const struct phrase *v; /* at and len: where each phrase's key lies */
        uint32_t *slot;         /* phrase index or NO_PHRASE, open addressing */
        size_t mask;
        uint32_t *hash;         /* per phrase: the top half of its key's hash */
        uint8_t *used;          /* per rank: in some phrase's key */
        bool *has_len;          /* per key length up to max_len */
        size_t max_len;
        uint32_t *ranks;        /* the document being read, as 32-bit ranks */
        size_t capranks;
};

void phrase_finder_free(struct phrase_finder *f)
{
        if (!f)
                return;
        free(f->slot);
        free(f->hash);
        free(f->used);
        free(f->has_len);
        free(f->ranks);
        free(f);
}

static uint64_t hash_step(uint64_t h, uint32_t rank)
{
        return (h ^ rank) * 0x100000001b3ull + 0x9e3779b97f4a7c15ull;
}

static uint32_t hash_top(uint64_t h)
{
        return (uint32_t)(h >> 32);
}

static bool located(const struct phrase *p)
{
        return p->at != PHRASE_NOWHERE && p->len > 0;
}

struct phrase_finder *phrase_finder_new(const struct index *ix, const struct phrase *v,
                                       size_t n)
{
        struct phrase_finder *f = xcalloc(1, sizeof *f);
        f->ix = ix;
        f->v = v;
        /* At most two thirds full: a probe that misses stops within a few slots. */
        size_t cap = 16;
        while (cap < n + n / 2)
                cap *= 2;
        f->mask = cap - 1;
        f->slot = xmalloc(cap * sizeof *f->slot);
        memset(f->slot, 0xff, cap * sizeof *f->slot);
        f->hash = xcalloc(n + 1, sizeof *f->hash);
        f->used = xcalloc(index_nranks(ix) + 1, 1);
        for (size_t i = 0; i < n; i++)
                if (located(&v[i]) && v[i].len > f->max_len)
                        f->max_len = v[i].len;
        f->has_len = xcalloc(f->max_len + 1, sizeof *f->has_len);
        for (size_t i = 0; i < n; i++) {
                if (!located(&v[i]))
                        continue;
                uint64_t h = 0;
                for (size_t j = 0; j < v[i].len; j++) {
                        uint32_t r = index_rank_at(ix, v[i].at + j);
                        f->used[r] = 1;
                        h = hash_step(h, r);
                }
                f->has_len[v[i].len] = true;
                f->hash[i] = hash_top(h);
                size_t s = (size_t)h & f->mask;
                while (f->slot[s] != NO_PHRASE)
                        s = (s + 1) & f->mask;
                f->slot[s] = (uint32_t)i;
        }
        return f;
}

size_t phrase_finder_doc(struct phrase_finder *f, uint32_t doc, uint32_t **out, size_t *cap)
{
        size_t from = index_doc_start(f->ix, doc);
        size_t to = index_doc_start(f->ix, doc + 1) - 1;  /* the separator left out */
        f->ranks = xgrow(f->ranks, &f->capranks, to - from + 1, sizeof *f->ranks);
        index_copy_ranks(f->ix, from, to - from, f->ranks);
        size_t n = 0;
        for (size_t p = from; p < to; p++) {
                const uint32_t *r = f->ranks + (p - from);
                uint64_t h = 0;
                for (size_t j = 0; p + j < to && j < f->max_len; j++) {
                        if (!f->used[r[j]])
                                break;
                        h = hash_step(h, r[j]);
                        if (!f->has_len[j + 1])
                                continue;
                        for (size_t s = (size_t)h & f->mask; f->slot[s] != NO_PHRASE;
                             s = (s + 1) & f->mask) {
                                uint32_t i = f->slot[s];
                                if (f->hash[i] != hash_top(h) || f->v[i].len != j + 1 ||
                                    !index_ranks_at(f->ix, f->v[i].at, r, j + 1))
                                        continue;
                                *out = xgrow(*out, cap, n + 1, sizeof **out);
                                (*out)[n++] = i;
                        }
                }
        }
        seq_sort(*out, n);
        size_t m = 0;
        for (size_t k = 0; k < n; k++)
                if (m == 0 || (*out)[k] != (*out)[m - 1])
                        (*out)[m++] = (*out)[k];
        return m;
}
