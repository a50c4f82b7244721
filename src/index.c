/*
 * index — the corpus-wide search index. Every document is folded into key
 * characters (fold.h), the characters are renumbered densely (so the suffix
 * sort's buckets stay small and cache-friendly), the documents are joined
 * with a separator, and the suffix array is built with SA-IS. This file
 * builds; index_query.c answers (a query is two binary searches within its
 * first character's bucket). Engine layer.
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
 * Before the suffix array is there, searches read the lists of where each
 * character occurs (index_lists.c), built right after the key.
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
#include "index_impl.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "sais.h"
#include "util.h"

#define SEP_MARK UINT32_MAX     /* the separator, in the key before renumbering */
#define PARTS 2                 /* folding threads */

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

static int sort_suffixes(struct index *ix, bool in_place, lc_progress_fn progress, void *ud,
                         char **cause);

static struct index *build_keys(const struct corpus *c, const struct index_opts *opts,
                                bool lists, lc_progress_fn progress, void *ud, char **cause);

struct index *index_build_with(const struct corpus *c, const struct index_opts *opts,
                               lc_progress_fn progress, void *ud, char **cause)
{
        /* Nobody searches before the sort: no lists. */
        struct index *ix = build_keys(c, opts, false, progress, ud, cause);
        /* Nobody else has the index yet: a 32-bit sort may borrow the key's top bits. */
        if (ix && sort_suffixes(ix, true, progress, ud, cause) != LC_OK) {
                index_free(ix);
                return NULL;
        }
        return ix;
}

struct index *index_build_keys(const struct corpus *c, const struct index_opts *opts,
                               lc_progress_fn progress, void *ud, char **cause)
{
        return build_keys(c, opts, true, progress, ud, cause);
}

static struct index *build_keys(const struct corpus *c, const struct index_opts *opts,
                                bool lists, lc_progress_fn progress, void *ud, char **cause)
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
        atomic_init(&ix->sorted, false);
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
        lc_run_parallel(fold_part, pt, sizeof *pt, nparts);

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
        lc_run_parallel(map_part, pt, sizeof *pt, nparts);
        /*
         * With a 16-bit key the code points are done with, and their array,
         * at least n entries and already in memory, takes the suffix array:
         * fresh pages would cost the kernel 130 MB of zeroing at 100 MB.
         */
        if (ix->key16)
                ix->sa_mem = xrealloc(cps, ix->n * sizeof *cps);  /* annotations took room */
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
        if (lists)
                lists_build(ix);
        lc_heap_trim();
        return ix;
}

/*
 * The suffix array. The 16-bit sort only reads the key; the 32-bit one
 * keeps each character's type in its top bit while it runs, which readers
 * of a key out for searching must not see, so unless in_place it sorts a
 * copy (only a corpus of rare scripts has a 32-bit key).
 */
static int sort_suffixes(struct index *ix, bool in_place, lc_progress_fn progress, void *ud,
                         char **cause)
{
        if (index_sorted(ix))
                return LC_OK;
        report(progress, ud, "sorting", 0.0);
        if (!ix->sa_mem)
                ix->sa_mem = xmalloc_big(ix->n * sizeof *ix->sa_mem);
        uint32_t *key32 = ix->key32;
        if (key32 && !in_place)
                key32 = memcpy(xmalloc_big(ix->n * sizeof *key32), ix->key32,
                               ix->n * sizeof *key32);
        /* The sort itself reports the phase's end, 1.0. */
        struct sort_progress sp = { progress, ud };
        void (*sort_fn)(void *, double) = progress ? report_sorting : NULL;
        int rc = ix->key16 ? sais_build16(ix->key16, ix->sa_mem, ix->n, ix->nranks, sort_fn, &sp)
                           : sais_build(key32, ix->sa_mem, ix->n, ix->nranks, sort_fn, &sp);
        if (key32 != ix->key32)
                free(key32);
        if (rc != LC_OK)
                return lc_fail(cause, rc, "suffix sorting failed");
        /* Skip the sentinel's suffix, always first (moving 4n bytes costs more). */
        ix->sa = ix->sa_mem + 1;
        /* Whoever sees the flag set sees the suffix array complete. */
        atomic_store_explicit(&ix->sorted, true, memory_order_release);
        /* Searches take the suffix array from now on; the lists' memory goes to the phrases. */
        lists_drop(ix);
        /* Reading, folding and the lists freed much; the index stays, so return the rest. */
        lc_heap_trim();
        return LC_OK;
}

int index_sort(struct index *ix, lc_progress_fn progress, void *ud, char **cause)
{
        return sort_suffixes(ix, false, progress, ud, cause);
}

bool index_sorted(const struct index *ix)
{
        return atomic_load_explicit(&ix->sorted, memory_order_acquire);
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
        lists_free(ix);
        free(ix);
}

