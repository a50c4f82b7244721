/*
 * phrase — recurring phrases as maximal repeats of the folded corpus.
 *
 * The candidates come from one pass over the LCP intervals of the suffix
 * array (phrase_scan.c), trimmed to ICU word boundaries found beforehand by
 * the caller or here (words.h). Here they are deduplicated, counted exactly
 * through the index, given the form most of them are written in
 * (phrase_form.h), and ranked. Engine layer.
 *
 * The counting runs on two threads by candidates, each written to its own
 * slot; the results are the single-threaded ones. A phrase that cannot
 * overlap itself (no proper border) needs no sorting of its occurrences:
 * every one counts, read straight from the suffix array. Documents are
 * found through a table of one entry per block of key positions.
 */
#include "phrase.h"

#include <stdlib.h>
#include <string.h>
#include <unictype.h>

#include "phrase_form.h"
#include "phrase_scan.h"
#include "seq.h"
#include "util.h"
#include "words.h"

#define EVAL_CHUNK 64           /* candidates a thread takes at a time */
#define WORD_CHECKS 15          /* occurrences asked where words fall */
#define TEXT_BLOCK ((size_t)1 << 20)    /* bytes of phrase texts per block */

void phrase_worker_init(struct worker *w, const struct ctx *x)
{
        memset(w, 0, sizeof *w);
        w->x = x;
        w->stamp = xcalloc(x->ndocs + 1, sizeof *w->stamp);
}

void phrase_worker_free(struct worker *w)
{
        free(w->stamp);
        free(w->pos);
        free(w->cands);
        for (size_t i = 0; i < w->nblocks; i++)
                free(w->blocks[i]);
        free(w->blocks);
}

/*
 * A copy of a text in the worker's blocks, which never move, so the copy's
 * address holds: the texts cost their bytes, not a heap chunk each.
 */
static char *keep_text(struct worker *w, const char *s, size_t n)
{
        if (w->nblocks == 0 || w->block_used + n > TEXT_BLOCK) {
                w->blocks = xgrow(w->blocks, &w->capblocks, w->nblocks + 1, sizeof *w->blocks);
                w->blocks[w->nblocks++] = xmalloc(n > TEXT_BLOCK ? n : TEXT_BLOCK);
                w->block_used = 0;
        }
        char *t = w->blocks[w->nblocks - 1] + w->block_used;
        memcpy(t, s, n);
        w->block_used += n;
        return t;
}

static void make_doc_table(struct ctx *x)
{
        x->ndocs = corpus_count(x->c);
        x->doc_start = xmalloc((x->ndocs + 1) * sizeof *x->doc_start);
        for (size_t d = 0; d < x->ndocs; d++)
                x->doc_start[d] = (uint32_t)index_doc_start(x->ix, (uint32_t)d);
        x->doc_start[x->ndocs] = (uint32_t)x->n;
        size_t nb = (x->n >> DOC_BLOCK_SHIFT) + 1;
        x->doc_block = xmalloc(nb * sizeof *x->doc_block);
        size_t d = 0;
        for (size_t b = 0; b < nb; b++) {
                size_t p = b << DOC_BLOCK_SHIFT;
                while (d + 1 < x->ndocs && x->doc_start[d + 1] <= p)
                        d++;
                x->doc_block[b] = (uint32_t)d;
        }
}

static bool is_stop_cp(uint32_t c)
{
        switch (c) {
        /* Folded forms: ！？； have become !?; by now. */
        case '\n': case '!': case '?': case ';': case 0x3002:
                return true;
        default:
                return false;
        }
}

static bool is_punct_cp(uint32_t c)
{
        return c == 0 || uc_is_general_category(c, UC_CATEGORY_P) ||
               uc_is_general_category(c, UC_CATEGORY_Z) ||
               uc_is_general_category(c, UC_CATEGORY_C) || c == ' ' || c == 0xFFFD;
}

static void make_tables(struct ctx *x)
{
        size_t k = index_nranks(x->ix);
        x->stop = xcalloc(k, 1);
        x->punct = xcalloc(k, 1);
        for (size_t r = 0; r < k; r++) {
                uint32_t cp = index_rank_cp(x->ix, (uint32_t)r);
                x->stop[r] = r < 2 || is_stop_cp(cp);
                x->punct[r] = x->stop[r] || is_punct_cp(cp);
        }
}

static uint64_t hash_key(const struct ctx *x, struct cand c)
{
        uint64_t h = 1469598103934665603ull;
        for (size_t i = 0; i < c.len; i++) {
                h ^= rank_at(x, c.pos + i);
                h *= 1099511628211ull;
        }
        return h;
}

static bool same_key(const struct ctx *x, struct cand a, struct cand b)
{
        if (a.len != b.len)
                return false;
        for (size_t i = 0; i < a.len; i++)
                if (rank_at(x, a.pos + i) != rank_at(x, b.pos + i))
                        return false;
        return true;
}

/*
 * Remove candidates that spell the same string, keeping the first. The
 * table is filled to two thirds at most, with 32-bit slots: it lives while
 * the candidates still hold all their duplicates, close to the peak.
 */
static size_t dedupe(const struct ctx *x, struct cand *cands, size_t ncands)
{
        size_t cap = ncands + ncands / 2 + 1;
        uint32_t *slot = xmalloc(cap * sizeof *slot);
        memset(slot, 0xff, cap * sizeof *slot);
        size_t m = 0;
        for (size_t i = 0; i < ncands; i++) {
                struct cand c = cands[i];
                size_t h = (size_t)(hash_key(x, c) % cap);
                bool dup = false;
                for (; slot[h] != UINT32_MAX; h = h + 1 < cap ? h + 1 : 0) {
                        if (same_key(x, cands[slot[h]], c)) {
                                dup = true;
                                break;
                        }
                }
                if (!dup) {
                        cands[m] = c;
                        slot[h] = (uint32_t)m++;
                }
        }
        free(slot);
        return m;
}

/*
 * The written form of a phrase, from up to PHRASE_FORM_SAMPLES of its m
 * occurrences (occ, its suffix-array interval) taken evenly through the
 * interval -- that is, across the contexts that follow it -- then put in
 * text order, so that ties go to the earliest. Every path picks the same
 * samples, sorted occurrences or not, and none needs a selection over all
 * m; with m at most PHRASE_FORM_SAMPLES they are simply all of them.
 */
static struct phrase_written common_form(const struct ctx *x, const uint32_t *occ, size_t m,
                                         uint32_t len)
{
        size_t k = m < PHRASE_FORM_SAMPLES ? m : PHRASE_FORM_SAMPLES;
        uint32_t at[PHRASE_FORM_SAMPLES], docs[PHRASE_FORM_SAMPLES];
        for (size_t i = 0; i < k; i++)
                at[i] = occ[i * m / k];
        seq_sort_small(at, k);
        for (size_t i = 0; i < k; i++)
                docs[i] = doc_of(x, at[i]);
        return phrase_form(x->ix, at, docs, k, len);
}

/*
 * Could the m occurrences of a len-character candidate grow, on the right
 * (dir > 0) or the left, into a longer phrase with the same occurrences?
 * They can if they go on alike, without a stop, up to a place where the
 * longer phrase would survive the trimming that made the candidates
 * (phrase_scan.c): most occurrences with a word boundary there, and no
 * punctuation or lone function word at its new end. Otherwise trimming took
 * the longer string back to this one, which is then the phrase: 大力弘扬劳模
 * 精神 after 今天 and 明天 shares the 天 that ends another word, and 以习近
 * 平同志为核心的党中央 the function word 以. Without words, any shared
 * neighbour grows (the rule the brute-force tests check).
 */
static bool can_grow(const struct ctx *x, const uint32_t *pos, size_t m, uint32_t len, int dir)
{
        if (x->o.ignore_words || !x->words)
                return true;
        for (uint32_t j = 1; len + j <= LCP_CAP; j++) {
                /* The j-th character beyond the edge, and the boundary past it. */
                long at = dir > 0 ? (long)len + j - 1 : -(long)j;
                long edge = dir > 0 ? (long)len + j : -(long)j;
                if ((long)pos[0] + at < 0 || (size_t)((long)pos[0] + at) >= x->n)
                        return false;
                uint32_t r = rank_at(x, (size_t)((long)pos[0] + at));
                if (x->stop[r])
                        return false;
                /* The first neighbour is known to be shared: the caller saw it. */
                for (size_t i = 1; j > 1 && i < m; i++) {
                        long q = (long)pos[i] + at;
                        if (q < 0 || (size_t)q >= x->n || rank_at(x, (size_t)q) != r)
                                return false;
                }
                if (x->punct[r] || phrase_is_function_cp(index_rank_cp(x->ix, r)))
                        continue;
                /* A majority either way settles it before the end. */
                size_t bounds = 0;
                for (size_t i = 0; i < m; i++) {
                        bounds += words_at(x->words, (size_t)((long)pos[i] + edge));
                        if (2 * bounds > m)
                                return true;
                        if (2 * (bounds + m - 1 - i) <= m)
                                break;
                }
        }
        return false;
}

/*
 * Do most of the m occurrences of a len-character candidate (occ, its
 * suffix-array interval) start and end on word boundaries? The trimming
 * that made the candidate asked only the occurrences of the repeat it came
 * from, which may be a rare context: 习的平总书记 trims to 平总书记, which
 * elsewhere is the tail of 习近平总书记, thousands of times. Asked of up to
 * WORD_CHECKS occurrences evenly through the interval, as every path takes
 * them.
 */
static bool bounded(const struct ctx *x, const uint32_t *occ, size_t m, uint32_t len)
{
        if (x->o.ignore_words || !x->words)
                return true;
        size_t k = m < WORD_CHECKS ? m : WORD_CHECKS, starts = 0, ends = 0;
        for (size_t i = 0; i < k; i++) {
                uint32_t p = occ[i * m / k];
                starts += words_at(x->words, p);
                ends += words_at(x->words, (size_t)p + len);
        }
        return 2 * starts > k && 2 * ends > k;
}

/*
 * Count a candidate exactly and decide whether it stays: enough documents,
 * on word boundaries in most of them, and (after word trimming) no valid
 * one-character left or right extension shared by every occurrence. A
 * phrase that stays joins w->kept.
 */
static void evaluate(struct worker *w, struct cand c)
{
        const struct ctx *x = w->x;
        size_t lo, hi;
        uint32_t q[LCP_CAP];
        index_copy_ranks(x->ix, c.pos, c.len, q);
        size_t m = index_range_ranks(x->ix, q, c.len, &lo, &hi);
        if (m < x->o.min_docs || !bounded(x, x->sa + lo, m, c.len))
                return;
        /* Without overlaps every occurrence counts and the order does not matter. */
        const uint32_t *pos = x->sa + lo;
        bool sorted = x->o.simple || seq_has_border(q, c.len);
        if (sorted) {
                w->pos = xgrow(w->pos, &w->cappos, m, sizeof *w->pos);
                memcpy(w->pos, pos, m * sizeof *w->pos);
                seq_sort(w->pos, m);
                pos = w->pos;
        }
        uint32_t left = LEFT_NONE, right = LEFT_NONE;
        uint32_t nocc = 0, ndocs = 0, last_end = 0;
        w->stamp_now++;
        for (size_t i = 0; i < m; i++) {
                if (i + PREFETCH < m) {
                        uint32_t f = pos[i + PREFETCH];
                        __builtin_prefetch(key_addr(x, f - (f > 0)));
                        __builtin_prefetch(key_addr(x, f + c.len));
                }
                uint32_t p = pos[i];
                left = merge_left(left, left_of(x, p));
                uint32_t r = rank_at(x, p + c.len);
                right = merge_left(right, x->stop[r] ? LEFT_MANY : r);
                if (sorted && i > 0 && p < last_end)
                        continue;
                nocc++;
                last_end = p + c.len;
                uint32_t d = doc_of(x, p);
                if (w->stamp[d] != w->stamp_now) {
                        w->stamp[d] = w->stamp_now;
                        ndocs++;
                }
        }
        bool keep = ndocs >= x->o.min_docs;
        /* A shared neighbour that could itself end a phrase means c is not maximal. */
        if (keep && left != LEFT_MANY && !x->punct[left] && can_grow(x, pos, m, c.len, -1))
                keep = false;
        if (keep && right != LEFT_MANY && !x->punct[right] && can_grow(x, pos, m, c.len, 1))
                keep = false;
        if (!keep)
                return;
        struct phrase_written form = common_form(x, x->sa + lo, m, c.len);
        /* Past 16 bits of bytes, 255 characters must hold annotations of hundreds of letters. */
        if (form.n > UINT16_MAX) {
                free(form.own);
                return;
        }
        char *text = form.own ? keep_text(w, form.s, form.n) : form.s;
        free(form.own);
        size_t at = atomic_fetch_add_explicit(w->nkept, 1, memory_order_relaxed);
        w->kept[at] = (struct phrase){ text, ndocs, nocc, c.pos, (uint16_t)c.len,
                                       (uint16_t)form.n };
}

struct eval_job {
        struct worker w;
        const struct cand *cands;
        size_t ncands;
        atomic_size_t *next;    /* the first candidate no thread has taken */
        lc_progress_fn progress;        /* only the first job reports */
        void *ud;
};

static void *evaluate_some(void *arg)
{
        struct eval_job *j = arg;
        for (;;) {
                size_t a = atomic_fetch_add(j->next, EVAL_CHUNK);
                if (a >= j->ncands)
                        break;
                size_t b = a + EVAL_CHUNK < j->ncands ? a + EVAL_CHUNK : j->ncands;
                for (size_t i = a; i < b; i++)
                        evaluate(&j->w, j->cands[i]);
                if (j->progress && (a & 1023) < EVAL_CHUNK)
                        j->progress(j->ud, "phrases",
                                    0.8 + 0.2 * (double)a / (double)j->ncands);
        }
        return NULL;
}

/*
 * Evaluate every candidate; the kept ones go to out, in no particular
 * order: the ranking that follows is a total order (distinct phrases fold
 * differently, so their texts differ). The workers fill one array sized
 * for every candidate, of which only the pages written become memory.
 */
static void evaluate_all(const struct ctx *x, const struct cand *cands, size_t ncands,
                         unsigned threads, lc_progress_fn progress, void *ud, struct phrases *out)
{
        atomic_size_t next, nkept;
        atomic_init(&next, 0);
        atomic_init(&nkept, 0);
        struct phrase *kept = xmalloc((ncands ? ncands : 1) * sizeof *kept);
        struct eval_job jobs[THREADS];
        for (unsigned t = 0; t < threads; t++) {
                jobs[t] = (struct eval_job){ .cands = cands, .ncands = ncands, .next = &next };
                phrase_worker_init(&jobs[t].w, x);
                jobs[t].w.kept = kept;
                jobs[t].w.nkept = &nkept;
        }
        jobs[0].progress = progress;
        jobs[0].ud = ud;
        lc_run_parallel(evaluate_some, jobs, sizeof *jobs, threads);
        size_t nblocks = 0;
        for (unsigned t = 0; t < threads; t++)
                nblocks += jobs[t].w.nblocks;
        out->n = atomic_load(&nkept);
        out->v = xrealloc(kept, (out->n ? out->n : 1) * sizeof *out->v);
        out->blocks = xmalloc((nblocks ? nblocks : 1) * sizeof *out->blocks);
        for (unsigned t = 0; t < threads; t++) {
                struct worker *w = &jobs[t].w;
                if (w->nblocks)
                        memcpy(out->blocks + out->nblocks, w->blocks,
                               w->nblocks * sizeof *w->blocks);
                out->nblocks += w->nblocks;
                w->nblocks = 0;
                phrase_worker_free(w);
        }
}

static int cmp_phrase(const void *a, const void *b)
{
        const struct phrase *p = a, *q = b;
        if (p->ndocs != q->ndocs) return p->ndocs > q->ndocs ? -1 : 1;
        if (p->nocc != q->nocc) return p->nocc > q->nocc ? -1 : 1;
        if (p->len != q->len) return p->len > q->len ? -1 : 1;
        return phrase_textcmp(p, q->text, q->nbytes);
}

/*
 * Rank: glibc's qsort merges through a copy of the whole array, 14 MB at
 * 100 MB at the moment memory peaks. Sorting each half (a copy of half)
 * and merging through a copy of the left half keeps it to half, at the
 * same speed; the merge's writes never overtake its reads of the right.
 */
static void rank_phrases(struct phrase *v, size_t n)
{
        size_t h = n / 2;
        qsort(v, h, sizeof *v, cmp_phrase);
        qsort(v + h, n - h, sizeof *v, cmp_phrase);
        struct phrase *left = xmalloc((h ? h : 1) * sizeof *left);
        memcpy(left, v, h * sizeof *v);
        size_t i = 0, j = h, k = 0;
        while (i < h && j < n)
                v[k++] = cmp_phrase(&left[i], &v[j]) <= 0 ? left[i++] : v[j++];
        while (i < h)
                v[k++] = left[i++];
        free(left);
}

int phrase_extract(const struct index *ix, const struct phrase_opts *opts,
                   lc_progress_fn progress, void *ud, struct phrases *out, char **cause)
{
        memset(out, 0, sizeof *out);
        struct ctx x = { 0 };
        x.ix = ix;
        x.c = index_corpus(ix);
        x.key16 = index_key16(ix);
        x.key32 = index_key32(ix);
        x.sa = index_sa(ix);
        x.n = index_len(ix);
        x.o = *opts;
        if (x.o.min_len < 1)
                x.o.min_len = 1;
        if (x.o.min_docs < 1)
                x.o.min_docs = 1;
        if (x.o.min_len > LCP_CAP)
                return lc_fail(cause, LC_EINVAL, "minimum length above %d", LCP_CAP);
        uint8_t *own_words = NULL;
        if (!x.o.ignore_words) {
                if (progress)
                        progress(ud, "phrases", 0.0);
                x.words = x.o.words ? x.o.words : (own_words = words_bitmap(ix, cause));
                if (!x.words)
                        return LC_ENCODING;
        }
        make_tables(&x);
        make_doc_table(&x);
        unsigned threads = x.o.simple ? 1 : THREADS;

        size_t ncands;
        struct cand *cands = phrase_find_candidates(&x, threads, progress, ud, &ncands);
        ncands = dedupe(&x, cands, ncands);
        cands = xrealloc(cands, (ncands ? ncands : 1) * sizeof *cands);
        /* The traversal's lists and the table are gone: give their pages back. */
        lc_heap_trim();

        evaluate_all(&x, cands, ncands, threads, progress, ud, out);
        free(cands);
        rank_phrases(out->v, out->n);
        if (progress)
                progress(ud, "phrases", 1.0);

        free(x.doc_start);
        free(x.doc_block);
        free(x.stop);
        free(x.punct);
        free(own_words);
        /* The candidates and the workers' scratch are gone too: the reader lives on after. */
        lc_heap_trim();
        return LC_OK;
}

char *phrase_strdup(const struct phrase *p)
{
        return xstrndup(p->text, p->nbytes);
}

int phrase_textcmp(const struct phrase *p, const char *s, size_t n)
{
        int c = memcmp(p->text, s, p->nbytes < n ? p->nbytes : n);
        if (c)
                return c;
        return (p->nbytes > n) - (p->nbytes < n);
}

void phrases_free(struct phrases *p)
{
        if (!p)
                return;
        if (p->blocks) {
                for (size_t i = 0; i < p->nblocks; i++)
                        free(p->blocks[i]);
                free(p->blocks);
        } else {
                for (size_t i = 0; i < p->n; i++)
                        free(p->v[i].text);
        }
        free(p->v);
        memset(p, 0, sizeof *p);
}