/*
 * index_query — answers from a built index: key characters back to bytes
 * of the original text (the 64-position blocks of index.c), documents of
 * positions, suffix-array intervals of a query, and the key itself for
 * phrase extraction. Engine layer.
 */
#include "index_impl.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static uint32_t far_gap(const struct index *ix, size_t p)
{
        size_t lo = 0, hi = ix->nfar;
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (ix->far[mid].pos < p)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return ix->far[lo].bytes;
}

/*
 * The bytes skipped before the characters at positions [lo, hi] of block
 * blk (offsets in the block), given some gap lies there.
 */
static uint32_t gaps_in(const struct index *ix, size_t blk, unsigned lo, unsigned hi)
{
        uint64_t m = ix->blocks[blk].gap_mask;
        size_t g = ix->blocks[blk].gap;
        uint32_t sum = 0;
        for (; m; m &= m - 1, g++) {
                unsigned i = (unsigned)__builtin_ctzll(m);
                if (i > hi)
                        break;
                if (i >= lo)
                        sum += ix->gap_bytes[g] == GAP_FAR
                                       ? far_gap(ix, (blk << CKPT_SHIFT) + i)
                                       : ix->gap_bytes[g];
        }
        return sum;
}

/* The low k 2-bit fields of a word: all of them from k = 32 on. */
static inline uint64_t low_fields(unsigned k)
{
        return k >= 32 ? ~UINT64_C(0) : (UINT64_C(1) << 2 * k) - 1;
}

/* The sum of the 2-bit fields of w, without a population count instruction. */
static inline uint32_t sum_fields(uint64_t w)
{
        w = (w & 0x3333333333333333ull) + ((w >> 2) & 0x3333333333333333ull);
        w = (w + (w >> 4)) & 0x0F0F0F0F0F0F0F0Full;
        return (uint32_t)((w * 0x0101010101010101ull) >> 56);
}

/*
 * Byte offset of key position p, whose document starts at key position
 * ds: lengths [a, b) of the block, in its two words, after the checkpoint.
 */
static inline uint32_t byte_at(const struct index *ix, size_t p, size_t ds)
{
        size_t q = p & ~(size_t)CKPT_MASK, blk = q >> CKPT_SHIFT;
        size_t from = q >= ds ? q : ds;
        unsigned a = (unsigned)(from - q), b = (unsigned)(p - q);
        unsigned a1 = a > 32 ? a - 32 : 0, b1 = b > 32 ? b - 32 : 0;
        const struct block *bk = &ix->blocks[blk];
        uint64_t w0 = bk->lens[0] & low_fields(b) & ~low_fields(a);
        uint64_t w1 = bk->lens[1] & low_fields(b1) & ~low_fields(a1);
        uint32_t byte = (q >= ds ? bk->byte : 0) + (b - a) + sum_fields(w0) + sum_fields(w1);
        /* A gap at the checkpoint is in its offset; one at the document's start is not. */
        unsigned lo = q >= ds ? 1 : a;
        uint64_t upto = b >= 63 ? ~UINT64_C(0) : (UINT64_C(2) << b) - 1;
        if (bk->gap_mask & upto & ~((UINT64_C(1) << lo) - 1))
                byte += gaps_in(ix, blk, lo, b);
        return byte;
}

/* UTF-8 length of the character at key position p (1 for a separator). */
static inline uint32_t len_at(const struct index *ix, size_t p)
{
        uint64_t w = ix->blocks[p >> CKPT_SHIFT].lens[(p >> WORD_SHIFT) & 1];
        return 1 + (uint32_t)((w >> 2 * (p & WORD_MASK)) & 3);
}

const struct corpus *index_corpus(const struct index *ix) { return ix->corpus; }
size_t index_len(const struct index *ix) { return ix->n - 1; }
uint32_t index_sa_at(const struct index *ix, size_t i) { return ix->sa[i]; }

uint32_t index_byte_in(const struct index *ix, size_t p, uint32_t d)
{
        return byte_at(ix, p, ix->doc_start[d]);
}

/* The document holding key position p, searching only from document lo on. */
static uint32_t doc_from(const struct index *ix, size_t p, size_t lo)
{
        return (uint32_t)lc_last_at_most(ix->doc_start, lo, corpus_count(ix->corpus), p);
}

/* How far ahead index_spans asks for the memory of the position it will map. */
#define SPAN_PREFETCH 16

void index_spans(const struct index *ix, const uint32_t *pos, size_t n, size_t len,
                 struct index_span *out)
{
        if (n == 0)
                return;
        uint32_t d = doc_from(ix, pos[0], 0);
        size_t ds = ix->doc_start[d], next = ix->doc_start[d + 1];
        for (size_t i = 0; i < n; i++) {
                if (i + SPAN_PREFETCH < n) {
                        size_t f = pos[i + SPAN_PREFETCH];
                        __builtin_prefetch(&ix->blocks[f >> CKPT_SHIFT]);
                }
                size_t p = pos[i];
                if (p >= next) {
                        d = p < ix->doc_start[d + 2] ? d + 1 : doc_from(ix, p, d + 1);
                        ds = ix->doc_start[d];
                        next = ix->doc_start[d + 1];
                }
                uint32_t start = byte_at(ix, p, ds);
                uint32_t last = len == 1 ? start : byte_at(ix, p + len - 1, ds);
                out[i] = (struct index_span){ d, start, last + len_at(ix, p + len - 1) };
        }
}

uint32_t index_byte_of(const struct index *ix, size_t p)
{
        return index_byte_in(ix, p, index_doc_of(ix, p));
}
size_t index_doc_start(const struct index *ix, uint32_t d) { return ix->doc_start[d]; }

size_t index_key_at(const struct index *ix, uint32_t d, size_t off)
{
        /* Byte offsets grow with key positions inside a document: bisect. */
        size_t ds = ix->doc_start[d], lo = ds, hi = ix->doc_start[d + 1] - 1;
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (byte_at(ix, mid, ds) < off)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return lo;
}

uint32_t index_char_at(const struct index *ix, size_t p)
{
        return ix->cp_of[key_at(ix, p)];
}

uint32_t index_doc_of(const struct index *ix, size_t p)
{
        return doc_from(ix, p, 0);
}

/* Compare the suffix at p with q (ranks) over q's length: <0, 0, >0. */
static int cmp_suffix(const struct index *ix, uint32_t p, const uint32_t *q, size_t qn)
{
        if (ix->key16) {
                const uint16_t *k = ix->key16 + p;
                for (size_t i = 0; i < qn; i++)
                        if (k[i] != q[i])
                                return k[i] < q[i] ? -1 : 1;
        } else {
                const uint32_t *k = ix->key32 + p;
                for (size_t i = 0; i < qn; i++)
                        if (k[i] != q[i])
                                return k[i] < q[i] ? -1 : 1;
        }
        return 0;
}

/*
 * The first character's bucket bounds the search before any suffix is
 * read, and the rest is compared from the second character on. While the
 * first binary search looks for the lower end, every suffix it finds
 * greater than q bounds the second one.
 */
size_t index_range_ranks(const struct index *ix, const uint32_t *rq, size_t qn,
                         size_t *lo, size_t *hi)
{
        *lo = *hi = 0;
        if (qn == 0 || rq[0] >= ix->nranks)
                return 0;
        size_t a = ix->bucket[rq[0]], b = ix->bucket[rq[0] + 1], upper = b;
        if (a == b)
                return 0;
        /* The sentinel (rank 0) ends every comparison before the key ends. */
        while (a < b) {
                size_t m = a + (b - a) / 2;
                int c = cmp_suffix(ix, ix->sa[m] + 1, rq + 1, qn - 1);
                if (c < 0) {
                        a = m + 1;
                } else {
                        if (c > 0)
                                upper = m;
                        b = m;
                }
        }
        size_t first = a;
        b = upper;
        while (a < b) {
                size_t m = a + (b - a) / 2;
                if (cmp_suffix(ix, ix->sa[m] + 1, rq + 1, qn - 1) <= 0)
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
const uint16_t *index_key16(const struct index *ix) { return ix->key16; }
const uint32_t *index_key32(const struct index *ix) { return ix->key32; }
uint32_t index_rank_at(const struct index *ix, size_t p) { return key_at(ix, p); }

void index_copy_ranks(const struct index *ix, size_t p, size_t len, uint32_t *out)
{
        /* The width is asked once: phrase extraction copies millions of short runs. */
        if (ix->key16)
                for (size_t i = 0; i < len; i++)
                        out[i] = ix->key16[p + i];
        else
                memcpy(out, ix->key32 + p, len * sizeof *out);
}

bool index_ranks_at(const struct index *ix, size_t p, const uint32_t *r, size_t n)
{
        if (p >= ix->n || n > ix->n - p)
                return false;
        for (size_t i = 0; i < n; i++)
                if (key_at(ix, p + i) != r[i])
                        return false;
        return true;
}

void index_prefetch(const struct index *ix, size_t p)
{
        if (p < ix->n)
                __builtin_prefetch(ix->key16 ? (const void *)(ix->key16 + p)
                                             : (const void *)(ix->key32 + p));
}

size_t index_nranks(const struct index *ix) { return ix->nranks; }
uint32_t index_rank_cp(const struct index *ix, uint32_t rank) { return ix->cp_of[rank]; }

uint32_t index_rank(const struct index *ix, uint32_t cp)
{
        return cp < UNICODE_SIZE ? ix->rank_of[cp] : 0;
}

size_t index_memory(const struct index *ix)
{
        return ix->n * ((ix->key16 ? sizeof *ix->key16 : sizeof *ix->key32) + sizeof *ix->sa) +
               ((ix->n >> CKPT_SHIFT) + 1) * sizeof *ix->blocks +
               ix->ngaps + ix->nfar * sizeof *ix->far +
               UNICODE_SIZE * sizeof *ix->rank_of +
               (2 * ix->nranks + 1) * sizeof *ix->cp_of +
               (corpus_count(ix->corpus) + 1) * sizeof *ix->doc_start;
}

size_t index_rank_count(const struct index *ix, uint32_t r)
{
        return r < ix->nranks ? ix->bucket[r + 1] - ix->bucket[r] : 0;
}

/*
 * The first i in [i, end) where the 16-bit key holds r, else end: four
 * characters a 64-bit word, a word with no match rejected by one test
 * (it has a zero 16-bit lane after the XOR exactly when it matched).
 */
static size_t find16(const uint16_t *k, size_t i, size_t end, uint16_t r)
{
        const uint64_t ones = 0x0001000100010001ull, highs = 0x8000800080008000ull;
        const uint64_t pat = ones * r;
        for (; i < end && (i & 3); i++)
                if (k[i] == r)
                        return i;
        for (; i + 4 <= end; i += 4) {
                uint64_t w;
                memcpy(&w, k + i, sizeof w);
                w ^= pat;
                if ((w - ones) & ~w & highs)
                        for (size_t t = 0; t < 4; t++)
                                if (k[i + t] == r)
                                        return i + t;
        }
        for (; i < end; i++)
                if (k[i] == r)
                        return i;
        return end;
}

static size_t find32(const uint32_t *k, size_t i, size_t end, uint32_t r)
{
        while (i < end && k[i] != r)
                i++;
        return i;
}

size_t index_scan(const struct index *ix, const uint32_t *r, size_t qn, size_t from,
                  size_t to, bool disjoint, uint32_t *out, size_t max)
{
        size_t len = ix->n - 1;
        if (to > len)
                to = len;
        if (qn == 0 || max == 0 || from >= to || qn > len)
                return 0;
        /* Anchor on the rarest character: the fewest places to check. */
        size_t j = 0;
        for (size_t t = 0; t < qn; t++) {
                if (r[t] < RANK_FIRST || r[t] >= ix->nranks)
                        return 0;
                if (index_rank_count(ix, r[t]) < index_rank_count(ix, r[j]))
                        j = t;
        }
        size_t got = 0, i = from + j, end = to + j < len ? to + j : len;
        if (lists_enter(ix)) {
                got = lists_scan(ix, r, qn, j, from, end, disjoint, out, max);
                lists_leave(ix);
                return got;
        }
        /*
         * Compared in order, a candidate stops at the sentinel (rank 0) or
         * a separator at the latest, so no read passes the key's end.
         */
        while (got < max) {
                i = ix->key16 ? find16(ix->key16, i, end, (uint16_t)r[j])
                              : find32(ix->key32, i, end, r[j]);
                if (i >= end)
                        break;
                size_t p = i - j, t = 0;
                while (t < qn && key_at(ix, p + t) == r[t])
                        t++;
                if (t == qn) {
                        out[got++] = (uint32_t)p;
                        i = disjoint ? p + qn + j : i + 1;
                } else {
                        i++;
                }
        }
        return got;
}

size_t index_count_before(const struct index *ix, uint32_t r, size_t p)
{
        size_t len = ix->n - 1;
        if (p > len)
                p = len;
        if (r < RANK_FIRST || r >= ix->nranks)
                return 0;
        if (lists_enter(ix)) {
                size_t k = lists_count_before(ix, r, p);
                lists_leave(ix);
                return k;
        }
        size_t k = 0;
        for (size_t i = 0; (i = ix->key16 ? find16(ix->key16, i, p, (uint16_t)r)
                                         : find32(ix->key32, i, p, r)) < p; i++)
                k++;
        return k;
}
