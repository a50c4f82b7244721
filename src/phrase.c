/*
 * phrase — recurring phrases as maximal repeats of the folded corpus.
 *
 * One bottom-up pass over the LCP intervals of the suffix array finds every
 * right-maximal repeat (an interval) that is also left-maximal (its
 * occurrences do not all share one left character). The LCP is computed
 * with the Φ method, comparisons stopping at line breaks, 。！？；!? and the
 * document separator, so no repeat crosses them — as if each of those were
 * a unique character. Candidates in enough documents are then trimmed of
 * punctuation and spaces at both ends and to ICU word boundaries, deduplicated,
 * counted exactly through the index, and ranked. Engine layer.
 */
#include "phrase.h"

#include <stdlib.h>
#include <string.h>
#include <unictype.h>

#include "fold.h"
#include "util.h"
#include "words.h"

#define LCP_CAP 255             /* phrases are at most this many characters */
#define LEFT_NONE UINT32_MAX    /* no suffix seen yet */
#define LEFT_MANY (UINT32_MAX - 1)
#define SAMPLE_FORMS 16         /* occurrences looked at to choose the written form */
#define WORD_SAMPLES 5          /* occurrences the word breaker is asked about */

struct cand {
        uint32_t pos;           /* a representative key position */
        uint32_t len;
};

struct ctx {
        const struct index *ix;
        const struct corpus *c;
        const uint32_t *key, *sa;
        size_t n;
        uint8_t *stop;          /* per rank: 1 when phrases stop there */
        uint8_t *punct;         /* per rank: 1 when a phrase may not start or end there */
        struct phrase_opts o;
        uint8_t *words;         /* word starts (words.h), unless ignore_words */
        uint32_t *stamp;        /* per document, for distinct counts */
        uint32_t stamp_now;
        struct cand *cands;
        size_t ncands, capcands;
};

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

/* LCP of adjacent suffixes, stopping at stop characters, capped, in bytes. */
static uint8_t *make_lcp(const struct ctx *x)
{
        size_t n = x->n;
        uint32_t *phi = xmalloc((n ? n : 1) * sizeof *phi);
        if (n)
                phi[x->sa[0]] = UINT32_MAX;
        for (size_t i = 1; i < n; i++)
                phi[x->sa[i]] = x->sa[i - 1];
        size_t l = 0;
        for (size_t p = 0; p < n; p++) {
                uint32_t q = phi[p];
                if (q == UINT32_MAX) {
                        phi[p] = 0;
                        l = 0;
                        continue;
                }
                while (x->key[p + l] == x->key[q + l] && !x->stop[x->key[p + l]])
                        l++;
                phi[p] = (uint32_t)l;   /* phi now holds PLCP */
                if (l > 0)
                        l--;
        }
        uint8_t *lcp = xmalloc(n + 1);
        lcp[0] = 0;
        for (size_t i = 1; i < n; i++) {
                uint32_t v = phi[x->sa[i]];
                lcp[i] = (uint8_t)(v > LCP_CAP ? LCP_CAP : v);
        }
        lcp[n] = 0;
        free(phi);
        return lcp;
}

static uint32_t left_of(const struct ctx *x, uint32_t p)
{
        if (p == 0 || x->stop[x->key[p - 1]])
                return LEFT_MANY;
        return x->key[p - 1];
}

static uint32_t merge_left(uint32_t a, uint32_t b)
{
        if (a == LEFT_NONE) return b;
        if (b == LEFT_NONE) return a;
        return a == b ? a : LEFT_MANY;
}

/* At least min_docs distinct documents among sa[lb, rb]? Stops early. */
static bool enough_docs(struct ctx *x, size_t lb, size_t rb)
{
        if (rb - lb + 1 < x->o.min_docs)
                return false;
        x->stamp_now++;
        unsigned seen = 0;
        for (size_t i = lb; i <= rb; i++) {
                uint32_t d = index_doc_of(x->ix, x->sa[i]);
                if (x->stamp[d] != x->stamp_now) {
                        x->stamp[d] = x->stamp_now;
                        if (++seen >= x->o.min_docs)
                                return true;
                }
        }
        return false;
}

/* Byte just past key position p's character in its document. */
static uint32_t byte_end(const struct ctx *x, uint32_t p)
{
        uint32_t d = index_doc_of(x->ix, p);
        uint32_t b = index_byte_in(x->ix, p, d);
        return b + (uint32_t)lc_utf8_len(corpus_doc(x->c, d)->text + b);
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

/* Single-character function words that a phrase does not start or end with. */
static bool is_function_cp(uint32_t c)
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
static void consider(struct ctx *x, size_t lb, size_t rb, uint32_t len)
{
        if (!enough_docs(x, lb, rb))
                return;
        const uint32_t *k = x->key + x->sa[lb];
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
                        if (is_function_cp(index_rank_cp(x->ix, k[s])) && 2u * votes[s + 1] > asked)
                                s++;
                        if (is_function_cp(index_rank_cp(x->ix, k[e - 1])) &&
                            2u * votes[e - 1] > asked)
                                e--;
                }
                if (s == os && e == oe)
                        break;
        }
        if (e - s < x->o.min_len)
                return;
        x->cands = xgrow(x->cands, &x->capcands, x->ncands + 1, sizeof *x->cands);
        x->cands[x->ncands].pos = x->sa[lb] + s;
        x->cands[x->ncands].len = e - s;
        x->ncands++;
}

/* Bottom-up traversal of the LCP intervals (Abouelhoda, Kurtz, Ohlebusch). */
static void find_candidates(struct ctx *x, const uint8_t *lcp, lc_progress_fn progress,
                            void *ud)
{
        struct frame {
                uint32_t lcp, lb, left;
        };
        struct frame *st = xmalloc((LCP_CAP + 2) * sizeof *st);
        size_t top = 0;
        st[0] = (struct frame){ 0, 0, LEFT_NONE };
        for (size_t i = 1; i <= x->n; i++) {
                uint32_t cur = lcp[i];
                st[top].left = merge_left(st[top].left, left_of(x, x->sa[i - 1]));
                uint32_t lb = (uint32_t)(i - 1);
                bool popped = false;
                uint32_t carry = LEFT_NONE;
                while (cur < st[top].lcp) {
                        struct frame f = st[top--];
                        if (f.lcp >= x->o.min_len && f.left == LEFT_MANY)
                                consider(x, f.lb, i - 1, f.lcp);
                        lb = f.lb;
                        popped = true;
                        if (cur <= st[top].lcp)
                                st[top].left = merge_left(st[top].left, f.left);
                        else
                                carry = f.left;
                }
                if (cur > st[top].lcp) {
                        uint32_t left = popped ? carry : left_of(x, x->sa[i - 1]);
                        st[++top] = (struct frame){ cur, lb, left };
                }
                if (progress && (i & 0xfffff) == 0)
                        progress(ud, "phrases", 0.8 * (double)i / (double)x->n);
        }
        free(st);
}

static uint64_t hash_ranks(const uint32_t *r, size_t n)
{
        uint64_t h = 1469598103934665603ull;
        for (size_t i = 0; i < n; i++) {
                h ^= r[i];
                h *= 1099511628211ull;
        }
        return h;
}

/* Remove candidates that spell the same string, keeping the first. */
static void dedupe(struct ctx *x)
{
        size_t cap = 16;
        while (cap < x->ncands * 2)
                cap *= 2;
        size_t *slot = xmalloc(cap * sizeof *slot);
        memset(slot, 0xff, cap * sizeof *slot);
        size_t m = 0;
        for (size_t i = 0; i < x->ncands; i++) {
                struct cand c = x->cands[i];
                size_t h = (size_t)hash_ranks(x->key + c.pos, c.len) & (cap - 1);
                bool dup = false;
                for (; slot[h] != SIZE_MAX; h = (h + 1) & (cap - 1)) {
                        struct cand o = x->cands[slot[h]];
                        if (o.len == c.len &&
                            memcmp(x->key + o.pos, x->key + c.pos, c.len * sizeof *x->key) == 0) {
                                dup = true;
                                break;
                        }
                }
                if (!dup) {
                        x->cands[m] = c;
                        slot[h] = m++;
                }
        }
        x->ncands = m;
        free(slot);
}

static int cmp_u32(const void *a, const void *b)
{
        uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
        return x < y ? -1 : x > y;
}

/* Does text fold to exactly the len key characters at key position p? */
static bool folds_to(const struct ctx *x, const char *text, size_t n, uint32_t p, uint32_t len)
{
        uint32_t *k = xmalloc((n + 1) * sizeof *k);
        size_t kn = fold_text(text, n, k, NULL);
        bool same = kn == len;
        for (size_t i = 0; same && i < kn; i++)
                same = k[i] == index_rank_cp(x->ix, x->key[p + i]);
        free(k);
        return same;
}

/* The written form of one occurrence, inline pinyin annotations left out. */
static char *written_form(const struct ctx *x, uint32_t p, uint32_t len)
{
        const struct doc *d = corpus_doc(x->c, index_doc_of(x->ix, p));
        size_t a = index_byte_of(x->ix, p), b = byte_end(x, p + len - 1);
        struct sbuf sb = { 0 };
        while (a < b) {
                size_t ann = fold_annotation_at(d->text, d->len, a);
                if (ann) {
                        a += ann;
                        continue;
                }
                size_t k = lc_utf8_len(d->text + a);
                sbuf_add(&sb, d->text + a, k);
                a += k;
        }
        return sbuf_take(&sb);
}

/*
 * The form most occurrences are written in (ties: the earliest), pinyin
 * annotations left out -- unless leaving them out changes what the text
 * means to search (a second annotation stacked on the first becomes one
 * itself once the first is gone): a phrase's text must always find the
 * phrase, so then an occurrence is shown as it stands.
 */
static char *common_form(const struct ctx *x, const uint32_t *pos, size_t m, uint32_t len)
{
        size_t k = m < SAMPLE_FORMS ? m : SAMPLE_FORMS;
        char *forms[SAMPLE_FORMS] = { NULL };
        unsigned votes[SAMPLE_FORMS] = { 0 };
        size_t first[SAMPLE_FORMS] = { 0 };
        size_t nf = 0;
        for (size_t i = 0; i < k; i++) {
                char *f = written_form(x, pos[i * m / k], len);
                size_t j = 0;
                while (j < nf && strcmp(forms[j], f) != 0)
                        j++;
                if (j < nf) {
                        votes[j]++;
                        free(f);
                } else {
                        forms[nf] = f;
                        first[nf] = i * m / k;
                        votes[nf++] = 1;
                }
        }
        size_t best = 0;
        for (size_t j = 1; j < nf; j++)
                if (votes[j] > votes[best])
                        best = j;
        char *form = forms[best];
        for (size_t j = 0; j < nf; j++)
                if (j != best)
                        free(forms[j]);
        uint32_t p = pos[first[best]];
        if (!folds_to(x, form, strlen(form), p, len)) {
                const struct doc *d = corpus_doc(x->c, index_doc_of(x->ix, p));
                size_t a = index_byte_of(x->ix, p);
                free(form);
                form = xstrndup(d->text + a, byte_end(x, p + len - 1) - a);
        }
        return form;
}

/*
 * Count a candidate exactly and decide whether it stays: enough documents,
 * and (after word trimming) no valid one-character left or right extension
 * shared by every occurrence.
 */
static bool evaluate(struct ctx *x, struct cand c, struct phrase *out)
{
        size_t lo, hi;
        size_t m = index_range_ranks(x->ix, x->key + c.pos, c.len, &lo, &hi);
        if (m < x->o.min_docs)
                return false;
        uint32_t *pos = xmalloc(m * sizeof *pos);
        memcpy(pos, x->sa + lo, m * sizeof *pos);
        qsort(pos, m, sizeof *pos, cmp_u32);
        uint32_t left = LEFT_NONE, right = LEFT_NONE;
        uint32_t nocc = 0, ndocs = 0, last_end = 0;
        x->stamp_now++;
        for (size_t i = 0; i < m; i++) {
                uint32_t p = pos[i];
                left = merge_left(left, left_of(x, p));
                uint32_t r = x->key[p + c.len];
                right = merge_left(right, x->stop[r] ? LEFT_MANY : r);
                if (i > 0 && p < last_end)
                        continue;
                nocc++;
                last_end = p + c.len;
                uint32_t d = index_doc_of(x->ix, p);
                if (x->stamp[d] != x->stamp_now) {
                        x->stamp[d] = x->stamp_now;
                        ndocs++;
                }
        }
        bool keep = ndocs >= x->o.min_docs;
        /* A shared neighbour that could itself end a phrase means c is not maximal. */
        if (keep && left != LEFT_MANY && !x->punct[left])
                keep = false;
        if (keep && right != LEFT_MANY && !x->punct[right])
                keep = false;
        if (keep) {
                out->text = common_form(x, pos, m, c.len);
                out->len = c.len;
                out->ndocs = ndocs;
                out->nocc = nocc;
        }
        free(pos);
        return keep;
}

static int cmp_phrase(const void *a, const void *b)
{
        const struct phrase *p = a, *q = b;
        if (p->ndocs != q->ndocs) return p->ndocs > q->ndocs ? -1 : 1;
        if (p->nocc != q->nocc) return p->nocc > q->nocc ? -1 : 1;
        if (p->len != q->len) return p->len > q->len ? -1 : 1;
        return strcmp(p->text, q->text);
}

int phrase_extract(const struct index *ix, const struct phrase_opts *opts,
                   lc_progress_fn progress, void *ud, struct phrases *out, char **cause)
{
        memset(out, 0, sizeof *out);
        struct ctx x = { 0 };
        x.ix = ix;
        x.c = index_corpus(ix);
        x.key = index_ranks(ix);
        x.sa = index_sa(ix);
        x.n = index_len(ix);
        x.o = *opts;
        if (x.o.min_len < 1)
                x.o.min_len = 1;
        if (x.o.min_docs < 1)
                x.o.min_docs = 1;
        if (x.o.min_len > LCP_CAP)
                return lc_fail(cause, LC_EINVAL, "minimum length above %d", LCP_CAP);
        if (!x.o.ignore_words) {
                if (progress)
                        progress(ud, "phrases", 0.0);
                x.words = words_bitmap(ix, cause);
                if (!x.words)
                        return LC_ENCODING;
        }
        make_tables(&x);
        x.stamp = xcalloc(corpus_count(x.c) + 1, sizeof *x.stamp);

        uint8_t *lcp = make_lcp(&x);
        find_candidates(&x, lcp, progress, ud);
        free(lcp);
        dedupe(&x);

        out->v = xmalloc((x.ncands ? x.ncands : 1) * sizeof *out->v);
        for (size_t i = 0; i < x.ncands; i++) {
                if (evaluate(&x, x.cands[i], &out->v[out->n]))
                        out->n++;
                if (progress && (i & 1023) == 0)
                        progress(ud, "phrases", 0.8 + 0.2 * (double)i / (double)x.ncands);
        }
        qsort(out->v, out->n, sizeof *out->v, cmp_phrase);
        if (progress)
                progress(ud, "phrases", 1.0);

        free(x.cands);
        free(x.stamp);
        free(x.stop);
        free(x.punct);
        free(x.words);
        return LC_OK;
}

void phrases_free(struct phrases *p)
{
        if (!p)
                return;
        for (size_t i = 0; i < p->n; i++)
                free(p->v[i].text);
        free(p->v);
        p->v = NULL;
        p->n = 0;
}
