/*
 * phrase_scan — what the two halves of phrase extraction share: the
 * candidates, the context both read, the threads' scratch, and the small
 * readers of the key and the document table. phrase_scan.c finds the
 * candidates in one pass over the LCP intervals; phrase.c counts, keeps and
 * ranks them. Private to those two files. Engine layer.
 */
#ifndef LECTERN_PHRASE_SCAN_H
#define LECTERN_PHRASE_SCAN_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "phrase.h"

#define LCP_CAP PHRASE_MAX_LEN  /* phrases are at most this many characters */
#define LEFT_NONE UINT32_MAX    /* no suffix seen yet */
#define LEFT_MANY (UINT32_MAX - 1)
#define THREADS 2
#define DOC_BLOCK_SHIFT 10      /* key positions per entry of the document table */
#define PREFETCH 16             /* suffixes or occurrences read ahead of use */

struct cand {
        uint32_t pos;           /* a representative key position */
        uint32_t len;
};

/* Shared by the threads, read-only once built. */
struct ctx {
        const struct index *ix;
        const struct corpus *c;
        const uint16_t *key16;  /* the key, as index_key16 and index_key32 give it */
        const uint32_t *key32;
        const uint32_t *sa;
        size_t n;
        size_t ndocs;
        uint32_t *doc_start;    /* first key position of each document, then n */
        uint32_t *doc_block;    /* document of every (1 << DOC_BLOCK_SHIFT)-th position */
        uint8_t *stop;          /* per rank: 1 when phrases stop there */
        uint8_t *punct;         /* per rank: 1 when a phrase may not start or end there */
        struct phrase_opts o;
        const uint8_t *words;   /* word starts (words.h), unless ignore_words */
};

/* One thread's scratch and output. */
struct worker {
        const struct ctx *x;
        uint32_t *stamp;        /* per document, for distinct counts */
        uint32_t stamp_now;
        uint32_t *pos;          /* a candidate's occurrences */
        size_t cappos;
        struct cand *cands;
        size_t ncands, capcands;
        struct phrase *kept;    /* the phrases kept by every worker, */
        atomic_size_t *nkept;   /* shared: one slot per candidate at most */
        char **blocks;          /* this worker's texts with annotations cut */
        size_t nblocks, capblocks, block_used;
};

/* Single-character function words that a phrase does not start or end with. */
bool phrase_is_function_cp(uint32_t c);

void phrase_worker_init(struct worker *w, const struct ctx *x);
void phrase_worker_free(struct worker *w);

/*
 * The candidates in the order one traversal of the whole array finds them,
 * on threads threads; *ncands of them (caller frees).
 */
struct cand *phrase_find_candidates(const struct ctx *x, unsigned threads,
                                    lc_progress_fn progress, void *ud, size_t *ncands);

/* The document of key position p, as index_doc_of() gives it. */
static inline uint32_t doc_of(const struct ctx *x, uint32_t p)
{
        uint32_t d = x->doc_block[p >> DOC_BLOCK_SHIFT];
        while (d + 1 < x->ndocs && x->doc_start[d + 1] <= p)
                d++;
        return d;
}

static inline uint32_t rank_at(const struct ctx *x, size_t p)
{
        return x->key16 ? x->key16[p] : x->key32[p];
}

static inline const void *key_addr(const struct ctx *x, size_t p)
{
        return x->key16 ? (const void *)(x->key16 + p) : (const void *)(x->key32 + p);
}

static inline uint32_t left_of(const struct ctx *x, uint32_t p)
{
        if (p == 0)
                return LEFT_MANY;
        uint32_t r = rank_at(x, p - 1);
        return x->stop[r] ? LEFT_MANY : r;
}

static inline uint32_t merge_left(uint32_t a, uint32_t b)
{
        if (a == LEFT_NONE) return b;
        if (b == LEFT_NONE) return a;
        return a == b ? a : LEFT_MANY;
}

#endif
