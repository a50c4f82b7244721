/*
 * index_lists — where each character of the key occurs, for the seconds
 * between folding and the end of the suffix sort. A query then checks
 * only the places of its rarest character, read from that character's
 * list, instead of the whole key: 的 has hundreds of thousands of places
 * at 100 MB, most characters a few hundred. When its second rarest
 * character is about as common (劳动, 工人), the two lists are merged, so
 * a place costs a decoded number rather than a cache miss in the key.
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
#define MERGE_RATIO 8          /* a second list this much longer than the anchor's is not walked */

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

/* The last block of rank r, from block lo on, whose first position is at most p (else lo). */
static size_t block_at(const struct lists *l, uint32_t r, size_t lo, size_t p)
{
        return lc_last_at_most(l->pos, lo, l->first[r + 1], p);
}

/* A walk along one list, a block decoded at a time. */
struct walk {
        uint32_t r;
        size_t b, end;          /* the block decoded, and the rank's end */
        size_t i, m;            /* the next position in at, and how many it holds */
        uint32_t at[LIST_BLOCK];
};

static void walk_start(const struct index *ix, struct walk *w, uint32_t r, size_t p)
{
        const struct lists *l = ix->lists;
        w->r = r;
        w->end = l->first[r + 1];
        w->b = block_at(l, r, l->first[r], p);
        w->m = w->b < w->end ? decode_block(ix, r, w->b, w->at) : 0;
        w->i = 0;
}

/*
 * Of the n ascending anchors anc, those whose start (anchor - j) has the
 * walk's character k places on: their starts, into out. A merge, whose
 * steps are counted rather than branched on, for both lists are dense
 * where it matters; a block of the walk that ends before the next anchor
 * is skipped by the block table. Once the list is behind, w->m is 0.
 */
static size_t walk_keep(const struct index *ix, struct walk *w, const uint32_t *anc, size_t n,
                        uint32_t j, uint32_t k, uint32_t *out)
{
        const struct lists *l = ix->lists;
        size_t ns = 0, t = 0;
        while (t < n) {
                if (w->i == w->m) {
                        uint32_t x = anc[t] - j + k;
                        if (w->m == 0 || w->b + 1 >= w->end) {
                                w->m = 0;
                                break;
                        }
                        w->b = l->pos[w->b + 1] <= x ? block_at(l, w->r, w->b + 1, x) : w->b + 1;
                        w->m = decode_block(ix, w->r, w->b, w->at);
                        w->i = 0;
                }
                while (t < n && w->i < w->m) {
                        uint32_t x = anc[t] - j + k, y = w->at[w->i];
                        out[ns] = anc[t] - j;
                        ns += x == y;
                        t += x <= y;
                        w->i += y <= x;
                }
        }
        return ns;
}

size_t lists_scan(const struct index *ix, const uint32_t *r, size_t qn, size_t j, size_t from,
                  size_t end, bool disjoint, uint32_t *out, size_t max)
{
        const struct lists *l = ix->lists;
        uint32_t a = r[j];
        /*
         * The second rarest character, when its list is not much longer,
         * is checked on its list: walked alongside the anchor's, it costs a
         * decoded position where the key costs a cache miss, and no key
         * character is read for a query of two.
         */
        size_t k = qn;
        for (size_t t = 0; t < qn; t++)
                if (t != j && (k == qn || index_rank_count(ix, r[t]) < index_rank_count(ix, r[k])))
                        k = t;
        struct walk w;
        if (k < qn && index_rank_count(ix, r[k]) <= MERGE_RATIO * (size_t)index_rank_count(ix, a))
                walk_start(ix, &w, r[k], from + k);
        else
                k = qn;
        size_t got = 0, next = from;
        uint32_t at[LIST_BLOCK], st[LIST_BLOCK];
        size_t b1 = l->first[a + 1];
        bool done = false;
        for (size_t b = block_at(l, a, l->first[a], from + j); b < b1 && !done; b++) {
                /* The block's anchors in [from + j, end), then those the second list agrees with. */
                size_t m = decode_block(ix, a, b, at), t0 = 0, ns = 0;
                while (t0 < m && at[t0] < from + j)
                        t0++;
                while (m > t0 && at[m - 1] >= end) {
                        m--;
                        done = true;
                }
                if (k < qn) {
                        ns = walk_keep(ix, &w, at + t0, m - t0, (uint32_t)j, (uint32_t)k, st);
                        done = done || !w.m;
                } else {
                        for (size_t t = t0; t < m; t++)
                                st[ns++] = at[t] - (uint32_t)j;
                }
                if (qn > 1 + (k < qn))
                        for (size_t t = 0; t < ns; t++)
                                index_prefetch(ix, st[t]);
                for (size_t t = 0; t < ns && got < max; t++) {
                        size_t p = st[t], i = 0;
                        if (p < next)
                                continue;
                        /* A separator or the sentinel ends a mismatch before the key's end. */
                        while (i < qn && (i == j || i == k || key_at(ix, p + i) == r[i]))
                                i++;
                        if (i < qn)
                                continue;
                        out[got++] = (uint32_t)p;
                        if (disjoint)
                                next = p + qn;
                }
                done = done || got == max;
        }
        return got;
}

size_t lists_count_before(const struct index *ix, uint32_t r, size_t p)
{
        const struct lists *l = ix->lists;
        if (p == 0)
                return 0;
        /* The last block that starts before p holds the last place before p. */
        size_t b0 = l->first[r], b = block_at(l, r, b0, p - 1), i = b - b0;
        if (b >= l->first[r + 1] || l->pos[b] >= p)
                return 0;
        size_t nb0 = blocks_for(l->count0[r]);
        size_t before = i < nb0 ? i << LIST_SHIFT : l->count0[r] + ((i - nb0) << LIST_SHIFT);
        uint32_t at[LIST_BLOCK];
        size_t m = decode_block(ix, r, b, at), t = 0;
        while (t < m && at[t] < p)
                t++;
        return before + t;
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
