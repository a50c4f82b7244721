/*
 * phrase_finder — which phrases a document holds: a hash table of the
 * phrases' folded keys as ranks, against which a document's key is read
 * once, every length a phrase has at every position. A rank no phrase uses
 * ends a run early, so most positions cost a step or two. Engine layer.
 */
#include "phrase_finder.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define NO_PHRASE UINT32_MAX

struct phrase_finder {
        const struct index *ix;
        const uint32_t *keys;   /* every phrase's folded characters, phrase after phrase */
        const size_t *first_key;
        uint32_t *slot;         /* phrase index or NO_PHRASE, open addressing */
        size_t mask;
        uint64_t *hash;         /* per phrase: hash of its key as ranks */
        uint8_t *used;          /* per rank: in some phrase's key */
        bool *has_len;          /* per key length up to max_len */
        size_t max_len;
        uint32_t *stamp;        /* per phrase: the last document that found it */
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
        free(f->stamp);
        free(f->ranks);
        free(f);
}

static uint64_t hash_step(uint64_t h, uint32_t rank)
{
        return (h ^ rank) * 0x100000001b3ull + 0x9e3779b97f4a7c15ull;
}

struct phrase_finder *phrase_finder_new(const struct index *ix, const uint32_t *keys,
                                       const size_t *first_key, size_t n)
{
        struct phrase_finder *f = xcalloc(1, sizeof *f);
        f->ix = ix;
        f->keys = keys;
        f->first_key = first_key;
        size_t cap = 16;
        while (cap < n * 2)
                cap *= 2;
        f->mask = cap - 1;
        f->slot = xmalloc(cap * sizeof *f->slot);
        memset(f->slot, 0xff, cap * sizeof *f->slot);
        f->hash = xcalloc(n + 1, sizeof *f->hash);
        f->used = xcalloc(index_nranks(ix) + 1, 1);
        f->stamp = xmalloc((n + 1) * sizeof *f->stamp);
        memset(f->stamp, 0xff, (n + 1) * sizeof *f->stamp);
        for (size_t i = 0; i < n; i++) {
                size_t kn = first_key[i + 1] - first_key[i];
                if (kn > f->max_len)
                        f->max_len = kn;
        }
        f->has_len = xcalloc(f->max_len + 1, sizeof *f->has_len);
        for (size_t i = 0; i < n; i++) {
                const uint32_t *k = keys + first_key[i];
                size_t kn = first_key[i + 1] - first_key[i];
                uint64_t h = 0;
                size_t j = 0;
                for (; j < kn; j++) {
                        uint32_t r = index_rank(ix, k[j]);
                        if (r == 0)
                                break;  /* a character the corpus never uses: no hits */
                        h = hash_step(h, r);
                }
                if (kn == 0 || j < kn)
                        continue;
                for (j = 0; j < kn; j++)
                        f->used[index_rank(ix, k[j])] = 1;
                f->has_len[kn] = true;
                f->hash[i] = h;
                size_t s = (size_t)h & f->mask;
                while (f->slot[s] != NO_PHRASE)
                        s = (s + 1) & f->mask;
                f->slot[s] = (uint32_t)i;
        }
        return f;
}

/* Does phrase i's key spell the n ranks at r? */
static bool key_is(const struct phrase_finder *f, size_t i, const uint32_t *r, size_t n)
{
        if (f->first_key[i + 1] - f->first_key[i] != n)
                return false;
        const uint32_t *k = f->keys + f->first_key[i];
        for (size_t j = 0; j < n; j++)
                if (index_rank_cp(f->ix, r[j]) != k[j])
                        return false;
        return true;
}

size_t phrase_finder_doc(struct phrase_finder *f, uint32_t doc, uint32_t **out, size_t *cap)
{
        size_t from = index_doc_start(f->ix, doc);
        size_t to = index_doc_start(f->ix, doc + 1) - 1;  /* the separator left out */
        f->ranks = xgrow(f->ranks, &f->capranks, to - from + 1, sizeof *f->ranks);
        index_copy_ranks(f->ix, from, to - from, f->ranks);
        size_t n = 0;
        for (size_t p = from; p < to; p++) {
                uint64_t h = 0;
                for (size_t j = 0; p + j < to && j < f->max_len; j++) {
                        uint32_t r = f->ranks[p - from + j];
                        if (!f->used[r])
                                break;
                        h = hash_step(h, r);
                        if (!f->has_len[j + 1])
                                continue;
                        for (size_t s = (size_t)h & f->mask; f->slot[s] != NO_PHRASE;
                             s = (s + 1) & f->mask) {
                                uint32_t i = f->slot[s];
                                if (f->hash[i] != h || f->stamp[i] == doc ||
                                    !key_is(f, i, f->ranks + (p - from), j + 1))
                                        continue;
                                f->stamp[i] = doc;
                                *out = xgrow(*out, cap, n + 1, sizeof **out);
                                (*out)[n++] = i;
                        }
                }
        }
        return n;
}
