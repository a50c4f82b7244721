/*
 * phrase_scan — the candidates for recurring phrases, found in one
 * bottom-up pass over the LCP intervals of the suffix array: every
 * right-maximal repeat (an interval) that is also left-maximal (its
 * occurrences do not all share one left character), in enough documents,
 * trimmed of punctuation and spaces at both ends and to word boundaries.
 * The LCP compares neighbouring suffixes directly as the pass reaches
 * them, capped, stopping at line breaks, 。！？；!? and the document
 * separator, so no repeat crosses them -- as if each of those were a unique
 * character.
 *
 * The pass runs on two threads, by halves of the suffix array split where
 * the LCP is 0, which no interval but the root spans, so each half meets
 * its intervals in the order one pass would. Engine layer.
 */
#include "phrase_scan.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "words.h"

#define WORD_SAMPLES 5          /* occurrences the word breaker is asked about */

/*
 * The LCP of the suffixes at sa[i - 1] and sa[i], stopping at stop
 * characters and capped: phrases stop there, so the comparisons are short,
 * and computing each where the traversal needs it takes no n-entry array.
 */
static uint32_t lcp_at(const struct ctx *x, size_t i)
{
        if (i == 0 || i >= x->n)
                return 0;
        size_t pa = x->sa[i - 1], pb = x->sa[i];
        uint32_t l = 0;
        if (x->key16) {
                const uint16_t *a = x->key16 + pa, *b = x->key16 + pb;
                while (l < LCP_CAP && a[l] == b[l] && !x->stop[a[l]])
                        l++;
        } else {
                const uint32_t *a = x->key32 + pa, *b = x->key32 + pb;
                while (l < LCP_CAP && a[l] == b[l] && !x->stop[a[l]])
                        l++;
        }
        return l;
}

/* At least min_docs distinct documents among sa[lb, rb]? Stops early. */
static bool enough_docs(struct worker *w, size_t lb, size_t rb)
{
        const struct ctx *x = w->x;
        if (rb - lb + 1 < x->o.min_docs)
                return false;
        w->stamp_now++;
        unsigned seen = 0;
        for (size_t i = lb; i <= rb; i++) {
                uint32_t d = doc_of(x, x->sa[i]);
                if (w->stamp[d] != w->stamp_now) {
                        w->stamp[d] = w->stamp_now;
                        if (++seen >= x->o.min_docs)
                                return true;
                }
        }
        return false;
}

/*
 * Word boundaries, by vote: for up to WORD_SAMPLES occurrences of a repeat
 * of len characters, votes[k] counts those where a word starts k
 * characters in (words.h). A majority decides, so one odd context does not
 * make or break a phrase. Returns the number of occurrences asked.
 */
static unsigned word_votes(const struct ctx *x, size_t lb, size_t rb, uint32_t len,
                           uint8_t *votes)
{
        memset(votes, 0, len + 1);
        size_t m = rb - lb + 1;
        unsigned k = m < WORD_SAMPLES ? (unsigned)m : WORD_SAMPLES;
        for (unsigned i = 0; i < k; i++) {
                uint32_t s = x->sa[lb + i * m / k];
                for (uint32_t j = 0; j <= len; j++)
                        votes[j] += words_at(x->words, s + j);
        }
        return k;
}

bool phrase_is_function_cp(uint32_t c)
{
        static const uint32_t words[] = {
                0x7684, 0x4E86, 0x548C, 0x4E0E, 0x53CA, 0x6216, 0x4E4B, 0x7B49, 0x7740,
                0x8FC7, 0x5417, 0x5462, 0x5427, 0x554A, 0x4E5F, 0x90FD, 0x5728, 0x662F,
                0x5BF9, 0x628A, 0x88AB, 0x4ECE, 0x5411, 0x800C, 0x5E76, 0x5C31, 0x53C8,
                0x4F46, 0x8981, 0x5C06, 0x4E8E, 0x4EE5, 0x4E3A, 0x8BA9, 0x7ED9, 0x8DDF,
        };      /* 的了和与及或之等着过吗呢吧啊也都在是对把被从向而并就又但要将于以为让给跟 */
        for (size_t i = 0; i < LC_ARRAY_LEN(words); i++)
                if (words[i] == c)
                        return true;
        return false;
}

/*
 * A maximal repeat in enough documents becomes a candidate once trimmed:
 * no punctuation or space at either end, ends on word boundaries, and no
 * lone function word at either end.
 */
static void consider(struct worker *w, size_t lb, size_t rb, uint32_t len)
{
        const struct ctx *x = w->x;
        if (!enough_docs(w, lb, rb))
                return;
        uint32_t k[LCP_CAP];
        index_copy_ranks(x->ix, x->sa[lb], len, k);
        uint8_t votes[LCP_CAP + 1];
        unsigned asked = x->o.ignore_words ? 0 : word_votes(x, lb, rb, len, votes);
        bool words = !x->o.ignore_words;
        uint32_t s = 0, e = len;
        for (;;) {
                uint32_t os = s, oe = e;
                while (s < e && (x->punct[k[s]] || (words && 2u * votes[s] <= asked)))
                        s++;
                while (e > s && (x->punct[k[e - 1]] || (words && 2u * votes[e] <= asked)))
                        e--;
                if (words && e - s > 1) {
                        if (phrase_is_function_cp(index_rank_cp(x->ix, k[s])) &&
                            2u * votes[s + 1] > asked)
                                s++;
                        if (phrase_is_function_cp(index_rank_cp(x->ix, k[e - 1])) &&
                            2u * votes[e - 1] > asked)
                                e--;
                }
                if (s == os && e == oe)
                        break;
        }
        if (e - s < x->o.min_len)
                return;
        w->cands = xgrow(w->cands, &w->capcands, w->ncands + 1, sizeof *w->cands);
        w->cands[w->ncands].pos = x->sa[lb] + s;
        w->cands[w->ncands].len = e - s;
        w->ncands++;
}

/*
 * The LCPs and left characters of a block of suffix-array entries, found in
 * a tight loop ahead of the traversal that uses them: interleaved with its
 * candidate checks the same random reads took twice as long.
 */
#define TRAV_BLOCK 4096

struct trav_block {
        size_t from, to;        /* entries [from, to) */
        uint8_t lcp[TRAV_BLOCK];
        uint32_t left[TRAV_BLOCK];      /* left_of the suffix before each entry */
};

/* Entries [from, to) into b; the one at last, where the traversal ends, has LCP 0. */
static void fill_block(const struct ctx *x, struct trav_block *b, size_t from, size_t to,
                       size_t last)
{
        b->from = from;
        b->to = to;
        for (size_t i = from; i < to; i++) {
                /*
                 * Ask for the key at the suffix PREFETCH entries ahead, which
                 * the CPU cannot guess: its left character, and the next line
                 * for the typical comparison. Written out here, not in a
                 * helper: GCC takes a function that only prefetches for one
                 * without effect and drops the calls, which doubled the
                 * traversal.
                 */
                if (i + PREFETCH < x->n) {
                        uint32_t p = x->sa[i + PREFETCH];
                        __builtin_prefetch(key_addr(x, p - (p > 0)));
                        if (p + 16 < x->n)
                                __builtin_prefetch(key_addr(x, p + 15));
                }
                b->lcp[i - from] = (uint8_t)(i == last ? 0 : lcp_at(x, i));
                b->left[i - from] = left_of(x, x->sa[i - 1]);
        }
}

struct trav_job {
        struct worker w;
        size_t from, to;        /* suffix array entries [from, to), LCP 0 at both */
        lc_progress_fn progress;        /* only the first job reports */
        void *ud;
};

/* Bottom-up traversal of the LCP intervals (Abouelhoda, Kurtz, Ohlebusch). */
static void *traverse(void *arg)
{
        struct trav_job *j = arg;
        struct worker *w = &j->w;
        const struct ctx *x = w->x;
        struct frame {
                uint32_t lcp, lb, left;
        };
        struct frame *st = xmalloc((LCP_CAP + 2) * sizeof *st);
        struct trav_block *blk = xmalloc(sizeof *blk);
        blk->to = 0;
        size_t top = 0;
        st[0] = (struct frame){ 0, (uint32_t)j->from, LEFT_NONE };
        for (size_t i = j->from + 1; i <= j->to; i++) {
                if (i >= blk->to) {
                        size_t end = j->to + 1 - i < TRAV_BLOCK ? j->to + 1 : i + TRAV_BLOCK;
                        fill_block(x, blk, i, end, j->to);
                }
                uint32_t cur = blk->lcp[i - blk->from], left_here = blk->left[i - blk->from];
                st[top].left = merge_left(st[top].left, left_here);
                uint32_t lb = (uint32_t)(i - 1);
                bool popped = false;
                uint32_t carry = LEFT_NONE;
                while (cur < st[top].lcp) {
                        struct frame f = st[top--];
                        if (f.lcp >= x->o.min_len && f.left == LEFT_MANY)
                                consider(w, f.lb, i - 1, f.lcp);
                        lb = f.lb;
                        popped = true;
                        if (cur <= st[top].lcp)
                                st[top].left = merge_left(st[top].left, f.left);
                        else
                                carry = f.left;
                }
                if (cur > st[top].lcp) {
                        uint32_t left = popped ? carry : left_here;
                        st[++top] = (struct frame){ cur, lb, left };
                }
                if (j->progress && (i & 0xfffff) == 0)
                        j->progress(j->ud, "phrases",
                                    0.8 * (double)(i - j->from) / (double)(j->to - j->from));
        }
        free(st);
        free(blk);
        return NULL;
}

/*
 * The candidates in the order one traversal of the whole array finds them:
 * the halves are cut where the LCP is 0, the root's children being
 * independent, and their candidates joined in order.
 */
struct cand *phrase_find_candidates(const struct ctx *x, unsigned threads,
                                    lc_progress_fn progress, void *ud, size_t *ncands)
{
        struct trav_job jobs[THREADS];
        size_t from = 0;
        for (unsigned t = 0; t < threads; t++) {
                size_t to = x->n;
                if (t + 1 < threads) {
                        to = from > x->n / threads * (t + 1) ? from : x->n / threads * (t + 1);
                        while (to < x->n && lcp_at(x, to) != 0)
                                to++;
                }
                jobs[t] = (struct trav_job){ .from = from, .to = to };
                phrase_worker_init(&jobs[t].w, x);
                from = to;
        }
        jobs[0].progress = progress;
        jobs[0].ud = ud;
        lc_run_parallel(traverse, jobs, sizeof *jobs, threads);
        size_t n = 0;
        for (unsigned t = 0; t < threads; t++)
                n += jobs[t].w.ncands;
        struct cand *all = jobs[0].w.cands;
        size_t cap = jobs[0].w.capcands;
        all = xgrow(all, &cap, n ? n : 1, sizeof *all);
        jobs[0].w.cands = NULL;
        size_t m = jobs[0].w.ncands;
        for (unsigned t = 0; t < threads; t++) {
                if (t > 0 && jobs[t].w.ncands) {
                        memcpy(all + m, jobs[t].w.cands, jobs[t].w.ncands * sizeof *all);
                        m += jobs[t].w.ncands;
                }
                phrase_worker_free(&jobs[t].w);
        }
        *ncands = n;
        return all;
}
