/*
 * index_lists — where each character of the key occurs, for the seconds
 * between folding and the end of the suffix sort. A query then checks
 * only the places of its rarest character, read from that character's
 * list, instead of the whole key: 的 has hundreds of thousands of places
 * at 100 MB, most characters a few hundred.
 *
 * A list holds its positions in ascending order, in blocks of LIST_BLOCK:
 * each block keeps its first position whole, and the gaps to the rest
 * packed in as many bits as its widest gap needs. Gaps are what the
 * positions of one character leave between them, about 11 bits a
 * position over a corpus of speeches, so the lists take about 1.5 bytes a
 * key character, their block table included, where plain positions would
 * take four; and a block is found by its first position without reading
 * those before it.
 *
 * Three passes over the key build them, each on two threads by halves of
 * the key: the first counts each half's characters, the second finds each
 * block's first position and width, the third, once every block has its
 * place, writes the gaps.
 *
 * The lists go once the suffix array is there (lists_drop). Readers
 * announce themselves first (lists_enter), and the drop waits until none
 * is inside, so a scan that began on the lists ends on them. Engine layer.
 */
#include "index_impl.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define LIST_BLOCK 64
#define LIST_SHIFT 6
#define SLACK 8                 /* bytes after the packed gaps: reads take 8 at a time */
#define WIDTH_SHIFT 56          /* pass 2's cursor: the width above, the bit below */
#define BIT_MASK ((UINT64_C(1) << WIDTH_SHIFT) - 1)
#define SHARES 2

/* A rank's running state in one thread's pass. */
struct cursor {
        uint32_t seen;          /* positions met so far */
        uint32_t last;          /* the position met last */
        uint64_t acc;           /* pass 1: the OR of the block's gaps; pass 2: the next bit */
        uint32_t base;          /* the rank's first block in this share */
};

/* One thread's share of the key, positions [p0, p1). */
struct share {
        const struct index *ix;
        struct lists *l;
        uint32_t p0, p1;
        uint32_t *count;        /* per rank: its positions in the share */
        struct cursor *cur;     /* per rank */
        int pass;               /* 0 counts, 1 and 2 as below */
};

static unsigned width_of(uint32_t gaps_or)
{
        return gaps_or ? 32u - (unsigned)__builtin_clz(gaps_or) : 0u;
}

static uint32_t blocks_for(uint32_t m)
{
        return (m + LIST_BLOCK - 1) >> LIST_SHIFT;
}

/* How many of m positions the i-th block of 64 holds. */
static size_t nth_len(size_t m, size_t i)
{
        return m - (i << LIST_SHIFT) < LIST_BLOCK ? m - (i << LIST_SHIFT) : LIST_BLOCK;
}

/* Block b of rank r: how many positions it holds (each half's blocks count apart). */
static size_t block_len(const struct index *ix, uint32_t r, size_t b)
{
        const struct lists *l = ix->lists;
        size_t i = b - l->first[r], m = l->count0[r], nb0 = blocks_for(l->count0[r]);
        if (i >= nb0)
                return nth_len(index_rank_count(ix, r) - m, i - nb0);
        return nth_len(m, i);
}

static void put_gap(uint8_t *packed, uint64_t bit, uint32_t gap)
{
        uint64_t w;
        memcpy(&w, packed + (bit >> 3), sizeof w);
        w |= (uint64_t)gap << (bit & 7);
        memcpy(packed + (bit >> 3), &w, sizeof w);
}

/* Pass 1 at position p: each block's first position and, as it closes, its width. */
static inline void pass1_step(struct cursor *c, uint32_t p, uint32_t *pos, uint8_t *width)
{
        uint32_t i = c->seen++;
        if ((i & (LIST_BLOCK - 1)) == 0) {
                size_t b = c->base + (i >> LIST_SHIFT);
                if (i)
                        width[b - 1] = (uint8_t)width_of((uint32_t)c->acc);
                pos[b] = p;
                c->acc = 0;
        } else {
                c->acc |= p - c->last;
        }
        c->last = p;
}

/* Pass 2 at position p: the gap to the last, packed at the bit its block has reached. */
static inline void pass2_step(struct cursor *c, uint32_t p, const uint32_t *off,
                              const uint8_t *width, uint8_t *packed)
{
        uint32_t i = c->seen++;
        if ((i & (LIST_BLOCK - 1)) == 0) {
                size_t b = c->base + (i >> LIST_SHIFT);
                c->acc = (uint64_t)off[b] << 3 | (uint64_t)width[b] << WIDTH_SHIFT;
        } else {
                put_gap(packed, c->acc & BIT_MASK, p - c->last);
                c->acc += c->acc >> WIDTH_SHIFT;
        }
        c->last = p;
}

/*
 * One pass over the share: count its ranks (pass 0), find its blocks'
 * first positions and widths (1), or pack its gaps (2). The separator and
 * the sentinel have no list.
 */
static void *pass_share(void *arg)
{
        struct share *s = arg;
        const struct index *ix = s->ix;
        struct lists *l = s->l;
        uint32_t *pos = l->pos, *count = s->count;
        const uint32_t *off = l->off;
        uint8_t *width = l->width, *packed = l->packed;
        struct cursor *cur = s->cur;
        const uint16_t *k16 = ix->key16;
        const uint32_t *k32 = ix->key32;
        for (uint32_t p = s->p0; p < s->p1; p++) {
                uint32_t r = k16 ? k16[p] : k32[p];
                if (r < RANK_FIRST)
                        continue;
                if (s->pass == 0)
                        count[r]++;
                else if (s->pass == 1)
                        pass1_step(&cur[r], p, pos, width);
                else
                        pass2_step(&cur[r], p, off, width, packed);
        }
        if (s->pass == 1)
                for (uint32_t r = RANK_FIRST; r < ix->nranks; r++)
                        if (count[r])
                                width[cur[r].base + blocks_for(count[r]) - 1] =
                                        (uint8_t)width_of((uint32_t)cur[r].acc);
        return NULL;
}

/* Run a pass on every share at once. */
static void run_pass(struct share *s, int pass)
{
        for (int t = 0; t < SHARES; t++) {
                s[t].pass = pass;
                for (uint32_t r = 0; pass && r < s[t].ix->nranks; r++)
                        s[t].cur[r].seen = 0;
        }
        lc_run_parallel(pass_share, s, sizeof *s, SHARES);
}

/*
 * Each share's positions make blocks of their own, so no block is written
 * by two threads; a rank's blocks are those of the first share, then the
 * second's. The packed gaps of each share lie together, apart from the
 * other's by SLACK bytes: a write spills into the next 8 bytes.
 */
void lists_build(struct index *ix)
{
        struct lists *l = xcalloc(1, sizeof *l);
        uint32_t k = (uint32_t)ix->nranks, n = (uint32_t)(ix->n - 1);
        atomic_init(&l->users, 0);
        atomic_init(&l->gone, false);
        struct share s[SHARES];
        for (int t = 0; t < SHARES; t++)
                s[t] = (struct share){ .ix = ix, .l = l, .p0 = n / SHARES * (uint32_t)t,
                                       .p1 = t + 1 < SHARES ? n / SHARES * (uint32_t)(t + 1) : n,
                                       .count = xcalloc(k + 1, sizeof *s[t].count),
                                       .cur = xcalloc(k + 1, sizeof *s[t].cur) };
        run_pass(s, 0);

        l->count0 = xmalloc((k + 1) * sizeof *l->count0);
        l->first = xmalloc((k + 1) * sizeof *l->first);
        uint32_t nblocks = 0;
        for (uint32_t r = 0; r < k; r++) {
                l->first[r] = nblocks;
                for (int t = 0; t < SHARES; t++) {
                        s[t].cur[r].base = nblocks;
                        nblocks += blocks_for(s[t].count[r]);
                }
                l->count0[r] = s[0].count[r];
        }
        l->count0[k] = 0;
        l->first[k] = nblocks;
        l->pos = xmalloc(((size_t)nblocks + 1) * sizeof *l->pos);
        l->off = xmalloc(((size_t)nblocks + 1) * sizeof *l->off);
        l->width = xmalloc((size_t)nblocks + 1);
        run_pass(s, 1);

        size_t bytes = 0;
        for (int t = 0; t < SHARES; t++) {
                for (uint32_t r = RANK_FIRST; r < k; r++) {
                        uint32_t m = s[t].count[r];
                        for (uint32_t b = 0; b < blocks_for(m); b++) {
                                uint32_t blk = s[t].cur[r].base + b;
                                l->off[blk] = (uint32_t)bytes;
                                bytes += ((size_t)l->width[blk] * (nth_len(m, b) - 1) + 7) >> 3;
                        }
                }
                bytes += SLACK;
        }
        l->packed = xcalloc(bytes + SLACK, 1);
        run_pass(s, 2);
        for (int t = 0; t < SHARES; t++) {
                free(s[t].count);
                free(s[t].cur);
        }
        ix->lists = l;
}

/* Fill out with the positions of block b (of rank r); returns how many. */
static size_t decode_block(const struct index *ix, uint32_t r, size_t b, uint32_t *out)
{
        const struct lists *l = ix->lists;
        size_t m = block_len(ix, r, b);
        unsigned w = l->width[b];
        uint64_t mask = ((uint64_t)1 << w) - 1, bit = (uint64_t)l->off[b] << 3;
        uint32_t p = l->pos[b];
        out[0] = p;
        for (size_t t = 1; t < m; t++, bit += w) {
                uint64_t x;
                memcpy(&x, l->packed + (bit >> 3), sizeof x);
                p += (uint32_t)((x >> (bit & 7)) & mask);
                out[t] = p;
        }
        return m;
}

size_t lists_scan(const struct index *ix, const uint32_t *r, size_t qn, size_t j, size_t from,
                  size_t end, bool disjoint, uint32_t *out, size_t max)
{
        const struct lists *l = ix->lists;
        uint32_t a = r[j];
        size_t b = l->first[a], b1 = l->first[a + 1];
        /* The last block that starts at or before the first anchor wanted. */
        size_t lo = b, hi = b1;
        while (hi - lo > 1) {
                size_t mid = lo + (hi - lo) / 2;
                if (l->pos[mid] <= from + j)
                        lo = mid;
                else
                        hi = mid;
        }
        size_t got = 0, next = from;
        uint32_t at[LIST_BLOCK];
        for (b = lo; b < b1 && got < max; b++) {
                size_t m = decode_block(ix, a, b, at);
                if (qn > 1)
                        for (size_t t = 0; t < m; t++)
                                if (at[t] >= j)
                                        index_prefetch(ix, at[t] - j);
                for (size_t t = 0; t < m && got < max; t++) {
                        if (at[t] >= end)
                                return got;
                        if (at[t] < from + j || at[t] - j < next)
                                continue;
                        size_t p = at[t] - j, i = qn == 1;
                        /* A separator or the sentinel ends a mismatch before the key's end. */
                        while (i < qn && key_at(ix, p + i) == r[i])
                                i++;
                        if (i < qn)
                                continue;
                        out[got++] = (uint32_t)p;
                        if (disjoint)
                                next = p + qn;
                }
        }
        return got;
}

bool lists_enter(const struct index *ix)
{
        struct lists *l = ix->lists;
        if (!l)
                return false;
        atomic_fetch_add(&l->users, 1);
        if (!atomic_load(&l->gone))
                return true;
        atomic_fetch_sub(&l->users, 1);
        return false;
}

void lists_leave(const struct index *ix)
{
        atomic_fetch_sub(&ix->lists->users, 1);
}

void lists_drop(struct index *ix)
{
        struct lists *l = ix->lists;
        if (!l || atomic_load(&l->gone))
                return;
        /* Whoever enters after this sees gone; whoever entered before is waited for. */
        atomic_store(&l->gone, true);
        while (atomic_load(&l->users) > 0)
                sched_yield();
        free(l->count0);
        free(l->first);
        free(l->pos);
        free(l->off);
        free(l->width);
        free(l->packed);
        l->count0 = l->first = l->pos = l->off = NULL;
        l->width = l->packed = NULL;
}

void lists_free(struct index *ix)
{
        lists_drop(ix);
        free(ix->lists);
        ix->lists = NULL;
}
