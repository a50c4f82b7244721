/*
 * index — the corpus-wide search index. Every document is folded into key
 * characters (fold.h), the characters are renumbered densely (so the suffix
 * sort's buckets stay small and cache-friendly), the documents are joined
 * with a separator, and the suffix array is built with SA-IS. A query is two
 * binary searches within its first character's bucket. Engine layer.
 *
 * Key layout: doc 0 keys, 1, doc 1 keys, 1, ..., 0. Rank 0 is the final
 * sentinel, rank 1 the document separator, real characters start at 2.
 *
 * Where each key character came from (its byte offset in the document) is
 * kept in blocks of 64 characters, each in half a cache line: two bits per
 * character, its UTF-8 length less one, and the block's first offset. A
 * lookup adds up the lengths between there (or the document's start, when
 * the document began inside the block) and the character. The bytes the
 * key skips, inline pinyin annotations, are gaps: the block has a bit per
 * position that follows one, and the gaps' sizes are bytes in one array,
 * from the index the block keeps, read only when a gap lies before the
 * character in its block; a corpus may have one every few dozen
 * characters. Search maps hundreds of thousands of positions per
 * keystroke through this, each one cache miss; at 100 MB the map takes
 * 17 MB where a byte per character took 37.
 *
 * Folding runs on two threads, each over a contiguous half of the corpus
 * (by bytes) written at its own place in the key; the second half then
 * moves down next to the first, and both threads renumber and map their
 * half.
 *
 * The ranks take 16 bits each whenever the corpus has at most 32,766
 * distinct characters, as any corpus of speeches has (a few thousand): the
 * key is then half the size, and the sort's random reads of it miss less.
 * Only a corpus of rarer scripts gets the 32-bit key.
 */
#include "index.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "sais.h"
#include "util.h"

#define UNICODE_SIZE 0x110000u
#define RANK_SEP 1u
#define RANK_FIRST 2u
#define WORD_SHIFT 5            /* key positions per word of lengths: 32 */
#define WORD_MASK ((1u << WORD_SHIFT) - 1)
#define CKPT_SHIFT 6            /* key positions per block: 64, two words */
#define CKPT_MASK ((1u << CKPT_SHIFT) - 1)
#define GAP_FAR 255u            /* in gap_bytes: the size is in the far table */
#define SEP_MARK UINT32_MAX     /* the separator, in the key before renumbering */
#define PARTS 2                 /* folding threads */

struct gap {
        uint32_t pos, bytes;    /* key position, and the bytes skipped just before it */
};

struct block {
        uint64_t lens[2];       /* 2 bits a position: its UTF-8 length - 1 */
        uint64_t gap_mask;      /* bit i: a gap precedes the block's i-th position */
        uint32_t byte;          /* byte offset of the block's first key position */
        uint32_t gap;           /* index in gap_bytes of the block's first gap */
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
};

static inline uint32_t key_at(const struct index *ix, size_t p)
{
        return ix->key16 ? ix->key16[p] : ix->key32[p];
}

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

static void report(lc_progress_fn fn, void *ud, const char *phase, double f)
{
        if (fn)
                fn(ud, phase, f);
}

/* The caller's progress callback, for the suffix sort's fractions. */
struct sort_progress {
        lc_progress_fn fn;
        void *ud;
};

static void report_sorting(void *ud, double f)
{
        const struct sort_progress *sp = ud;
        report(sp->fn, sp->ud, "sorting", f);
}

/* ------------------------------------------------------------- building */

/*
 * One folding thread's share: documents [d0, d1), written from key slot
 * `slot` on (each document has room for nchars + 1 there). Per character it
 * leaves its UTF-8 length in `step` (0 at a separator) and each skip in
 * `gaps`, by position: neither depends on where the share finally lands.
 */
struct part {
        struct index *ix;
        uint32_t *cps;
        uint16_t *key16;                /* where the ranks go, when 16-bit; else cps */
        uint8_t *step;
        size_t d0, d1, slot, len;       /* len: key positions written */
        struct gap *gaps;
        size_t ngaps, capgaps;
        uint64_t *seen;                 /* folded code points that occur, as bits */
        uint32_t *count;                /* per rank: positions of the share that hold it */
        lc_progress_fn progress;
        void *ud;
};

static void push_gap(struct part *pt, size_t p, uint32_t bytes)
{
        pt->gaps = xgrow(pt->gaps, &pt->capgaps, pt->ngaps + 1, sizeof *pt->gaps);
        pt->gaps[pt->ngaps++] = (struct gap){ (uint32_t)p, bytes };
}

static void *fold_part(void *arg)
{
        struct part *pt = arg;
        const struct corpus *c = pt->ix->corpus;
        size_t widest = 0;
        for (size_t d = pt->d0; d < pt->d1; d++)
                if (corpus_doc(c, d)->nchars > widest)
                        widest = corpus_doc(c, d)->nchars;
        uint32_t *offs = xmalloc((widest + 1) * sizeof *offs);
        size_t pos = pt->slot;
        for (size_t d = pt->d0; d < pt->d1; d++) {
                const struct doc *doc = corpus_doc(c, d);
                pt->ix->doc_start[d] = (uint32_t)pos;
                uint32_t *k = pt->cps + pos;
                size_t nk = fold_text(doc->text, doc->len, k, offs);
                offs[nk] = (uint32_t)doc->len;  /* the separator's place */
                k[nk] = SEP_MARK;
                uint32_t end = 0;       /* just past the previous character */
                for (size_t i = 0; i < nk; i++) {
                        if (offs[i] != end)
                                push_gap(pt, pos + i, offs[i] - end);
                        uint8_t len = (uint8_t)lc_utf8_len(doc->text + offs[i]);
                        pt->step[pos + i] = len;
                        end = offs[i] + len;
                        pt->seen[k[i] >> 6] |= (uint64_t)1 << (k[i] & 63);
                }
                if (offs[nk] != end)
                        push_gap(pt, pos + nk, offs[nk] - end);
                pt->step[pos + nk] = 0;
                pos += nk + 1;
                if (pt->progress && (d - pt->d0) % 64 == 0)
                        pt->progress(pt->ud, "folding",
                                     (double)(d - pt->d0 + 1) / (double)(pt->d1 - pt->d0));
        }
        free(offs);
        pt->len = pos - pt->slot;
        return NULL;
}

/* Pack the lengths in step into the words [w0, w1) of lengths (two a block). */
static void pack_lens(struct index *ix, const uint8_t *step, size_t w0, size_t w1)
{
        for (size_t w = w0; w < w1; w++) {
                size_t p0 = w << WORD_SHIFT, p1 = p0 + WORD_MASK + 1;
                if (p1 > ix->n)
                        p1 = ix->n;
                uint64_t bits = 0;
                for (size_t p = p0; p < p1; p++)
                        bits |= (uint64_t)(step[p] ? step[p] - 1u : 0u) << 2 * (p - p0);
                ix->blocks[w >> 1].lens[w & 1] = bits;
        }
}

/*
 * Second pass over a share, now at its place: code points become ranks,
 * the checkpoints are set and the lengths packed, except in the words the
 * share has only part of (see index_build).
 */
static void *map_part(void *arg)
{
        struct part *pt = arg;
        struct index *ix = pt->ix;
        const uint32_t *rank_of = ix->rank_of;
        size_t a = pt->slot, b = a + pt->len;
        pt->count = xcalloc(ix->nranks, sizeof *pt->count);
        for (size_t p = a; p < b; p++) {
                uint32_t r = pt->cps[p] == SEP_MARK ? RANK_SEP : rank_of[pt->cps[p]];
                pt->count[r]++;
                if (pt->key16)
                        pt->key16[p] = (uint16_t)r;
                else
                        pt->cps[p] = r;
        }

        size_t d = pt->d0, next_gap = 0;
        uint32_t byte = 0;
        for (size_t p = a; p < b; p++) {
                if (d < pt->d1 && p == ix->doc_start[d]) {
                        byte = 0;
                        d++;
                } else {
                        byte += pt->step[p - 1];
                }
                if (next_gap < pt->ngaps && pt->gaps[next_gap].pos == p)
                        byte += pt->gaps[next_gap++].bytes;
                if ((p & CKPT_MASK) == 0)
                        ix->blocks[p >> CKPT_SHIFT].byte = byte;
        }
        size_t w0 = (a + WORD_MASK) >> WORD_SHIFT, w1 = b >> WORD_SHIFT;
        pack_lens(ix, pt->step, w0, w1 > w0 ? w1 : w0);
        return NULL;
}

/* Run fn on every share: the last ones on threads, the first here. */
static void run_parts(void *(*fn)(void *), struct part *pt, size_t nparts)
{
        pthread_t tid[PARTS];
        bool started[PARTS] = { false };
        for (size_t t = 1; t < nparts; t++)
                started[t] = pthread_create(&tid[t], NULL, fn, &pt[t]) == 0;
        fn(&pt[0]);
        for (size_t t = 1; t < nparts; t++) {
                if (started[t])
                        pthread_join(tid[t], NULL);
                else
                        fn(&pt[t]);
        }
}

/* The shares' gaps, in position order, into the blocks' masks and the size bytes. */
static void place_gaps(struct index *ix, const struct part *pt, size_t nparts)
{
        size_t nblocks = (ix->n >> CKPT_SHIFT) + 1;
        for (size_t t = 0; t < nparts; t++)
                ix->ngaps += pt[t].ngaps;
        ix->gap_bytes = xmalloc(ix->ngaps ? ix->ngaps : 1);
        size_t g = 0, blk = 0, capfar = 0;
        for (size_t t = 0; t < nparts; t++) {
                for (size_t i = 0; i < pt[t].ngaps; i++, g++) {
                        struct gap e = pt[t].gaps[i];
                        for (; blk <= e.pos >> CKPT_SHIFT; blk++)
                                ix->blocks[blk].gap = (uint32_t)g;
                        ix->blocks[e.pos >> CKPT_SHIFT].gap_mask |= UINT64_C(1)
                                                                     << (e.pos & CKPT_MASK);
                        ix->gap_bytes[g] = (uint8_t)(e.bytes < GAP_FAR ? e.bytes : GAP_FAR);
                        if (e.bytes >= GAP_FAR) {
                                ix->far = xgrow(ix->far, &capfar, ix->nfar + 1, sizeof *ix->far);
                                ix->far[ix->nfar++] = e;
                        }
                }
        }
        for (; blk < nblocks; blk++)
                ix->blocks[blk].gap = (uint32_t)g;
}

/* Dense ranks in code point order, so rank order is key order. */
static void assign_ranks(struct index *ix, struct part *pt, size_t nparts)
{
        /* Calloc: freshly mapped, as a block this large is, only the pages of
         * the code points that occur become memory. */
        ix->rank_of = xcalloc(UNICODE_SIZE, sizeof *ix->rank_of);
        uint32_t r = RANK_FIRST;
        for (uint32_t w = 0; w < UNICODE_SIZE / 64; w++) {
                uint64_t bits = 0;
                for (size_t t = 0; t < nparts; t++)
                        bits |= pt[t].seen[w];
                for (; bits; bits &= bits - 1)
                        ix->rank_of[w * 64 + (uint32_t)__builtin_ctzll(bits)] = r++;
        }
        ix->nranks = r;
        ix->cp_of = xcalloc(r, sizeof *ix->cp_of);
        for (uint32_t cp = 0; cp < UNICODE_SIZE; cp++)
                if (ix->rank_of[cp])
                        ix->cp_of[ix->rank_of[cp]] = cp;
}

struct index *index_build(const struct corpus *c, lc_progress_fn progress, void *ud,
                          char **cause)
{
        return index_build_with(c, NULL, progress, ud, cause);
}

struct index *index_build_with(const struct corpus *c, const struct index_opts *opts,
                               lc_progress_fn progress, void *ud, char **cause)
{
        int rc = fold_init(cause);
        if (rc != LC_OK)
                return NULL;
        size_t ndocs = corpus_count(c);
        /* A document yields at most one key character per code point. */
        size_t bound = 1, bytes = 0;
        for (size_t d = 0; d < ndocs; d++) {
                bound += corpus_doc(c, d)->nchars + 1;
                bytes += corpus_doc(c, d)->len;
        }
        if (bound >= 0x7fffffff) {
                lc_fail(cause, LC_EINVAL, "corpus too large for the index (%zu characters)",
                        bound);
                return NULL;
        }

        struct index *ix = xcalloc(1, sizeof *ix);
        ix->corpus = c;
        uint32_t *cps = xmalloc_big(bound * sizeof *cps);
        /* Written and read in order and gone before the sort: huge pages would
         * only add their mapping, which costs far more a byte than small
         * pages' where the machine has not touched the memory lately. */
        uint8_t *step = xmalloc(bound);
        ix->doc_start = xmalloc((ndocs + 1) * sizeof *ix->doc_start);

        /* Shares of about equal bytes, each at the slot its documents' bounds give. */
        struct part pt[PARTS];
        size_t nparts = ndocs >= PARTS ? PARTS : 1;
        size_t d = 0, slot = 0, acc = 0;
        for (size_t t = 0; t < nparts; t++) {
                pt[t] = (struct part){ .ix = ix, .cps = cps, .step = step, .d0 = d,
                                       .slot = slot };
                size_t goal = bytes / nparts * (t + 1);
                while (d < ndocs && (t + 1 == nparts || acc < goal)) {
                        acc += corpus_doc(c, d)->len;
                        slot += corpus_doc(c, d)->nchars + 1;
                        d++;
                }
                pt[t].d1 = d;
                pt[t].seen = xcalloc(UNICODE_SIZE / 64, sizeof *pt[t].seen);
        }
        pt[0].progress = progress;
        pt[0].ud = ud;
        run_parts(fold_part, pt, nparts);

        /* Close the gaps between shares. */
        size_t n = 0;
        for (size_t t = 0; t < nparts; t++) {
                size_t shift = pt[t].slot - n;
                if (shift) {
                        memmove(cps + n, cps + pt[t].slot, pt[t].len * sizeof *cps);
                        memmove(step + n, step + pt[t].slot, pt[t].len);
                        for (size_t i = pt[t].d0; i < pt[t].d1; i++)
                                ix->doc_start[i] -= (uint32_t)shift;
                        for (size_t i = 0; i < pt[t].ngaps; i++)
                                pt[t].gaps[i].pos -= (uint32_t)shift;
                        pt[t].slot = n;
                }
                n += pt[t].len;
        }
        ix->doc_start[ndocs] = (uint32_t)n;
        cps[n] = 0;
        ix->n = n + 1;

        size_t nblocks = (ix->n >> CKPT_SHIFT) + 1;
        ix->blocks = xmalloc_big(nblocks * sizeof *ix->blocks);
        memset(ix->blocks, 0, nblocks * sizeof *ix->blocks);
        assign_ranks(ix, pt, nparts);
        step[n] = 0;
        if (ix->nranks <= SAIS_K16_MAX && !(opts && opts->wide_key)) {
                ix->key16 = xmalloc_big(ix->n * sizeof *ix->key16);
                ix->key16[n] = 0;
                for (size_t t = 0; t < nparts; t++)
                        pt[t].key16 = ix->key16;
        }
        run_parts(map_part, pt, nparts);
        /*
         * With a 16-bit key the code points are done with, and their array,
         * at least n entries and already in memory, takes the suffix array:
         * fresh pages would cost the kernel 130 MB of zeroing at 100 MB.
         */
        uint32_t *spare = NULL;
        if (ix->key16)
                spare = xrealloc(cps, ix->n * sizeof *cps);     /* annotations took room */
        else
                ix->key32 = cps;
        /* The sentinel's place: the end of the last document. */
        if ((n & CKPT_MASK) == 0)
                ix->blocks[n >> CKPT_SHIFT].byte = 0;
        /* The words that two shares, or the last share and the sentinel, have parts of. */
        for (size_t t = 1; t < nparts; t++)
                pack_lens(ix, step, pt[t].slot >> WORD_SHIFT, (pt[t].slot >> WORD_SHIFT) + 1);
        pack_lens(ix, step, n >> WORD_SHIFT, (n >> WORD_SHIFT) + 1);
        free(step);
        place_gaps(ix, pt, nparts);
        /* The suffix array leaves the sentinel out: rank 0 owns no entry. */
        ix->bucket = xmalloc((ix->nranks + 1) * sizeof *ix->bucket);
        uint32_t sum = 0;
        for (size_t r = 0; r < ix->nranks; r++) {
                ix->bucket[r] = sum;
                for (size_t t = 0; t < nparts; t++)
                        sum += pt[t].count[r];
        }
        ix->bucket[ix->nranks] = sum;
        for (size_t t = 0; t < nparts; t++) {
                free(pt[t].gaps);
                free(pt[t].seen);
                free(pt[t].count);
        }

        report(progress, ud, "sorting", 0.0);
        ix->sa_mem = spare ? spare : xmalloc_big(ix->n * sizeof *ix->sa_mem);
        /* The sort itself reports the phase's end, 1.0. */
        struct sort_progress sp = { progress, ud };
        void (*sort_fn)(void *, double) = progress ? report_sorting : NULL;
        rc = ix->key16 ? sais_build16(ix->key16, ix->sa_mem, ix->n, ix->nranks, sort_fn, &sp)
                       : sais_build(ix->key32, ix->sa_mem, ix->n, ix->nranks, sort_fn, &sp);
        if (rc != LC_OK) {
                lc_fail(cause, rc, "suffix sorting failed");
                index_free(ix);
                return NULL;
        }
        /* Skip the sentinel's suffix, always first (moving 4n bytes costs more). */
        ix->sa = ix->sa_mem + 1;
        /* Reading and folding freed much; the index stays, so return the rest. */
        lc_heap_trim();
        return ix;
}

void index_free(struct index *ix)
{
        if (!ix)
                return;
        free(ix->key16);
        free(ix->key32);
        free(ix->blocks);
        free(ix->gap_bytes);
        free(ix->far);
        free(ix->sa_mem);
        free(ix->doc_start);
        free(ix->rank_of);
        free(ix->cp_of);
        free(ix->bucket);
        free(ix);
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
        size_t hi = corpus_count(ix->corpus);
        while (hi - lo > 1) {
                size_t mid = lo + (hi - lo) / 2;
                if (ix->doc_start[mid] <= p)
                        lo = mid;
                else
                        hi = mid;
        }
        return (uint32_t)lo;
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
