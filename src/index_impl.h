/*
 * index_impl — what the two halves of the index module share: the layout
 * of struct index and its key and byte-map blocks. index.c builds it,
 * index_query.c answers from it. Private to those two files.
 */
#ifndef LECTERN_INDEX_IMPL_H
#define LECTERN_INDEX_IMPL_H

#include <stdatomic.h>
#include <stdint.h>

#include "index.h"

#define UNICODE_SIZE 0x110000u
#define RANK_SEP 1u
#define RANK_FIRST 2u
#define WORD_SHIFT 5            /* key positions per word of lengths: 32 */
#define WORD_MASK ((1u << WORD_SHIFT) - 1)
#define CKPT_SHIFT 6            /* key positions per block: 64, two words */
#define CKPT_MASK ((1u << CKPT_SHIFT) - 1)
#define GAP_FAR 255u            /* in gap_bytes: the size is in the far table */

struct gap {
        uint32_t pos, bytes;    /* key position, and the bytes skipped just before it */
};

struct block {
        uint64_t lens[2];       /* 2 bits a position: its UTF-8 length - 1 */
        uint64_t gap_mask;      /* bit i: a gap precedes the block's i-th position */
        uint32_t byte;          /* byte offset of the block's first key position */
        uint32_t gap;           /* index in gap_bytes of the block's first gap */
};

/* Per rank, its positions in ascending order (index_lists.c). */
struct lists {
        uint32_t *count0;       /* per rank: its positions in the first half of the key */
        uint32_t *first;        /* per rank: its first block; nranks + 1 */
        uint32_t *pos;          /* per block: its first position */
        uint32_t *off;          /* per block: where its packed gaps start in packed */
        uint8_t *width;         /* per block: bits a gap */
        uint8_t *packed;
        atomic_int users;       /* scans on the lists right now */
        atomic_bool gone;       /* the arrays are being or have been freed */
};

struct index {
        const struct corpus *corpus;
        uint16_t *key16;        /* ranks, n entries (the last is the sentinel), */
        uint32_t *key32;        /* in 16 bits when they fit: one of the two is NULL */
        struct block *blocks;   /* per 64 key positions */
        uint8_t *gap_bytes;     /* each gap's size, by position, or GAP_FAR */
        struct gap *far;        /* the gaps of GAP_FAR bytes or more, by position */
        size_t ngaps, nfar;
        uint32_t *sa_mem;       /* the n suffix positions, the sentinel's first */
        const uint32_t *sa;     /* sa_mem + 1: the sentinel left out */
        size_t n;               /* key length, sentinel included */
        uint32_t *doc_start;    /* first key position of each document, plus n - 1 */
        uint32_t *rank_of;      /* code point -> rank, 0 when absent */
        uint32_t *cp_of;        /* rank -> code point */
        size_t nranks;
        uint32_t *bucket;       /* per rank: where its suffixes start in sa; nranks + 1 */
        /*
         * Set once sa is complete. Until then a reader may use everything
         * else (all written before the index is handed out) while
         * index_sort writes sa_mem and sa, and nothing else.
         */
        atomic_bool sorted;
        /* Until the suffix array is there, what scans read; NULL if never built. */
        struct lists *lists;
};

static inline uint32_t key_at(const struct index *ix, size_t p)
{
        return ix->key16 ? ix->key16[p] : ix->key32[p];
}

/* The occurrence lists of every rank, into ix->lists (index_lists.c). */
void lists_build(struct index *ix);

/*
 * index_scan on the lists, anchored at r[j]: anchors in [from + j, end).
 * Only between lists_enter (when it returns true) and lists_leave.
 */
size_t lists_scan(const struct index *ix, const uint32_t *r, size_t qn, size_t j, size_t from,
                  size_t end, bool disjoint, uint32_t *out, size_t max);
/* How many places of rank r lie before key position p; between the same two calls. */
size_t lists_count_before(const struct index *ix, uint32_t r, size_t p);
bool lists_enter(const struct index *ix);
void lists_leave(const struct index *ix);

/* Free the lists' arrays once no scan is on them; scans then read the key. */
void lists_drop(struct index *ix);
void lists_free(struct index *ix);

#endif
