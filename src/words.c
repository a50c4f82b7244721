/*
 * words — run ICU's word break iterator over every document and mark, for
 * each key character, whether a boundary falls between it and the key
 * character before it. Each document gets a bitmap of its own, so threads
 * never share a byte: documents are handed out one at a time through an
 * atomic counter to the background thread and, once someone waits for the
 * result, to the waiting thread too. The per-document bitmaps are laid end
 * to end at the index's document starts at the end.
 *
 * Speeches repeat themselves, and the dictionary segmenter is the slowest
 * step of phrase extraction, so each thread remembers the boundaries of the
 * clauses it has broken. A document is cut into pieces after a line break
 * or one of ，。、；：？！ wherever a Han character follows: ICU always
 * breaks there, no rule looks across such a cut (the ones that look past
 * ， or ： want a digit or a letter on the far side) and the dictionary
 * works on runs of Han characters, which the cut ends. So breaking the
 * pieces one by one gives the boundaries breaking the document gives;
 * unseen pieces in a row are broken in one call, seen ones replayed.
 * Engine layer.
 */
#define _GNU_SOURCE             /* for the thread id that setpriority() takes on Linux */

#include "words.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unicode/ubrk.h>
#include <unistd.h>
#include <unistr.h>

#include "fold.h"
#include "util.h"

#define PIECE_MAX 255           /* bytes: a longer piece is never remembered */
#define MEMO_SLOTS (1u << 16)   /* per thread; filled to three quarters at most */

struct words {
        const struct corpus *c;
        bool whole;             /* break documents whole, remembering nothing (tests) */
        size_t ndocs;
        uint8_t **bits;         /* per document: bit i for key position i of it, 0..nkeys */
        size_t *nkeys;          /* per document: its folded length */
        atomic_size_t next;     /* the first document nobody has taken */
        atomic_bool stop;
        atomic_int status;      /* LC_OK, or LC_ENCODING when a thread had no breaker */
        bool no_fold;           /* the folding tables could not be built */
        pthread_t thread;
        bool started;
};

/* A piece seen before: where its text is, and its inner boundaries in the pool. */
struct seen {
        uint64_t hash;
        const char *text;
        uint16_t len, nb;
        uint32_t at;
};

/* What one thread needs again for every document. */
struct scratch {
        UBreakIterator *bi;
        UChar *u16;             /* the run being broken, as ICU breaks it fastest */
        uint32_t *u16_byte;     /* byte offset into the run of each UTF-16 unit, and its end */
        size_t capu16;
        uint32_t *key, *offs;
        size_t cap;
        struct seen *memo;      /* MEMO_SLOTS slots, text NULL when free */
        size_t nmemo;
        uint8_t *pool;          /* inner boundaries, as byte offsets into their piece */
        size_t npool, cappool;
        size_t *cuts;           /* the pieces of the run of unseen ones */
        size_t ncuts, capcuts;
};

/* Where the bits of one document go: key position of each byte boundary. */
struct marker {
        uint8_t *bits;
        const uint32_t *offs;
        size_t k, i;            /* key characters; the cursor, as boundaries only ascend */
};

/* Mark the first key character at or after byte b. */
static void mark_byte(struct marker *m, size_t b)
{
        while (m->i < m->k && m->offs[m->i] < b)
                m->i++;
        m->bits[m->i >> 3] |= (uint8_t)(1u << (m->i & 7));
}

static uint64_t hash_bytes(const char *p, size_t n)
{
        uint64_t h = 1469598103934665603ull;
        for (size_t i = 0; i < n; i++) {
                h ^= (unsigned char)p[i];
                h *= 1099511628211ull;
        }
        return h;
}

static struct seen *memo_find(struct scratch *s, uint64_t h, const char *p, size_t n)
{
        for (size_t i = h & (MEMO_SLOTS - 1); s->memo[i].text; i = (i + 1) & (MEMO_SLOTS - 1))
                if (s->memo[i].hash == h && s->memo[i].len == n && memcmp(s->memo[i].text, p, n) == 0)
                        return &s->memo[i];
        return NULL;
}

static void memo_add(struct scratch *s, const char *p, size_t n, const uint8_t *inner, size_t nb)
{
        if (n > PIECE_MAX || s->nmemo >= MEMO_SLOTS / 4 * 3)
                return;
        uint64_t h = hash_bytes(p, n);
        if (memo_find(s, h, p, n))
                return;
        size_t i = h & (MEMO_SLOTS - 1);
        while (s->memo[i].text)
                i = (i + 1) & (MEMO_SLOTS - 1);
        s->pool = xgrow(s->pool, &s->cappool, s->npool + nb + 1, 1);
        memcpy(s->pool + s->npool, inner, nb);
        s->memo[i] = (struct seen){ h, p, (uint16_t)n, (uint16_t)nb, (uint32_t)s->npool };
        s->npool += nb;
        s->nmemo++;
}

/*
 * Break text[from, to) with ICU and mark its boundaries. When it is a run
 * of pieces (cuts: their starts, ncuts of them), remember each piece's.
 */
static void break_run(struct scratch *s, struct marker *m, const char *text, size_t from,
                      size_t to, const size_t *cuts, size_t ncuts)
{
        /*
         * ICU reads UTF-16 directly; through a UTF-8 UText the same
         * breaking took 40% longer, converting chunk by chunk.
         */
        size_t len = to - from;
        if (len + 1 > s->capu16) {
                s->capu16 = len + 1;
                s->u16 = xrealloc(s->u16, s->capu16 * sizeof *s->u16);
                s->u16_byte = xrealloc(s->u16_byte, s->capu16 * sizeof *s->u16_byte);
        }
        const uint8_t *p = (const uint8_t *)text + from;
        size_t nu = 0;
        for (size_t i = 0; i < len;) {
                ucs4_t c;
                int n = u8_mbtouc(&c, p + i, len - i);
                if (c >= 0x10000) {
                        s->u16_byte[nu] = (uint32_t)i;
                        s->u16[nu++] = (UChar)(0xD7C0 + (c >> 10));
                        c = 0xDC00 | (c & 0x3FF);
                }
                s->u16_byte[nu] = (uint32_t)i;
                s->u16[nu++] = (UChar)c;
                i += (size_t)(n > 0 ? n : 1);
        }
        s->u16_byte[nu] = (uint32_t)len;
        UErrorCode err = U_ZERO_ERROR;
        ubrk_setText(s->bi, s->u16, (int32_t)nu, &err);
        if (U_FAILURE(err))
                return;
        uint8_t inner[PIECE_MAX];
        size_t nb = 0, j = 0;
        for (int32_t r = ubrk_first(s->bi); r != UBRK_DONE; r = ubrk_next(s->bi)) {
                size_t b = from + s->u16_byte[r];
                mark_byte(m, b);
                if (!ncuts)
                        continue;
                /* Close the pieces this boundary has passed the end of. */
                while (j < ncuts && b >= (j + 1 < ncuts ? cuts[j + 1] : to)) {
                        size_t end = j + 1 < ncuts ? cuts[j + 1] : to;
                        memo_add(s, text + cuts[j], end - cuts[j], inner, nb);
                        nb = 0;
                        j++;
                }
                if (j < ncuts && b > cuts[j] && b - cuts[j] < PIECE_MAX)
                        inner[nb++] = (uint8_t)(b - cuts[j]);
        }
}

static bool ends_piece(ucs4_t c)
{
        switch (c) {
        case '\n': case 0x3001: case 0x3002: case 0xFF01: case 0xFF0C: case 0xFF1A:
        case 0xFF1B: case 0xFF1F:
                return true;
        default:
                return false;
        }
}

static bool is_han(ucs4_t c)
{
        return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF);
}

/* Mark the boundaries of a document piece by piece, replaying the pieces seen before. */
static void mark_pieces(struct scratch *s, struct marker *m, const char *text, size_t len)
{
        size_t start = 0, p = 0;
        ucs4_t prev = 0;
        s->ncuts = 0;
        while (start < len) {
                /* The end of the piece that starts at start. */
                size_t end = len;
                while (p < len) {
                        ucs4_t c;
                        int n = u8_mbtouc(&c, (const uint8_t *)text + p, len - p);
                        if (p > start && ends_piece(prev) && is_han(c)) {
                                end = p;
                                break;
                        }
                        prev = c;
                        p += (size_t)(n > 0 ? n : 1);
                }
                size_t n = end - start;
                struct seen *e = n <= PIECE_MAX ? memo_find(s, hash_bytes(text + start, n),
                                                            text + start, n)
                                                : NULL;
                if (e) {
                        if (s->ncuts) {
                                break_run(s, m, text, s->cuts[0], start, s->cuts, s->ncuts);
                                s->ncuts = 0;
                        }
                        mark_byte(m, start);
                        for (size_t i = 0; i < e->nb; i++)
                                mark_byte(m, start + s->pool[e->at + i]);
                        mark_byte(m, end);
                } else {
                        s->cuts = xgrow(s->cuts, &s->capcuts, s->ncuts + 1, sizeof *s->cuts);
                        s->cuts[s->ncuts++] = start;
                }
                start = end;
        }
        if (s->ncuts)
                break_run(s, m, text, s->cuts[0], len, s->cuts, s->ncuts);
}

static void mark_doc(struct words *w, struct scratch *s, size_t d)
{
        const struct doc *doc = corpus_doc(w->c, d);
        if (doc->nchars + 1 > s->cap) {
                s->cap = doc->nchars + 1;
                s->key = xrealloc(s->key, s->cap * sizeof *s->key);
                s->offs = xrealloc(s->offs, s->cap * sizeof *s->offs);
        }
        /* The same folding as the index, for the byte of each key position. */
        size_t k = fold_text(doc->text, doc->len, s->key, s->offs);
        s->offs[k] = (uint32_t)doc->len;
        uint8_t *bits = xcalloc(k / 8 + 1, 1);
        bits[0] |= 1;
        bits[k >> 3] |= (uint8_t)(1u << (k & 7));
        struct marker m = { bits, s->offs, k, 0 };
        if (w->whole)
                break_run(s, &m, doc->text, 0, doc->len, NULL, 0);
        else
                mark_pieces(s, &m, doc->text, doc->len);
        w->nkeys[d] = k;
        w->bits[d] = bits;
}

/*
 * Take documents until none is left (or the computation is abandoned),
 * reporting the share of all documents taken so far when progress is set.
 */
static void take_docs(struct words *w, lc_progress_fn progress, void *ud)
{
        struct scratch s = { 0 };
        UErrorCode err = U_ZERO_ERROR;
        s.bi = ubrk_open(UBRK_WORD, "zh", NULL, 0, &err);
        if (U_FAILURE(err)) {
                atomic_store(&w->status, LC_ENCODING);
                return;
        }
        s.memo = xcalloc(MEMO_SLOTS, sizeof *s.memo);
        while (!atomic_load(&w->stop)) {
                size_t d = atomic_fetch_add(&w->next, 1);
                if (d >= w->ndocs)
                        break;
                mark_doc(w, &s, d);
                if (progress)
                        progress(ud, "words", (double)(d + 1) / (double)w->ndocs);
        }
        free(s.memo);
        free(s.pool);
        free(s.cuts);
        free(s.u16);
        free(s.u16_byte);
        ubrk_close(s.bi);
        free(s.key);
        free(s.offs);
}

static void *background(void *arg)
{
#ifdef __linux__
        /* Linux applies a priority to the calling thread alone. */
        (void)setpriority(PRIO_PROCESS, (id_t)gettid(), 19);
#endif
        take_docs(arg, NULL, NULL);
        return NULL;
}

static struct words *start(const struct corpus *c, bool whole)
{
        struct words *w = xcalloc(1, sizeof *w);
        w->c = c;
        w->whole = whole;
        w->ndocs = corpus_count(c);
        w->bits = xcalloc(w->ndocs + 1, sizeof *w->bits);
        w->nkeys = xcalloc(w->ndocs + 1, sizeof *w->nkeys);
        atomic_init(&w->next, 0);
        atomic_init(&w->stop, false);
        atomic_init(&w->status, LC_OK);
        /* Built once per process; without them words_finish says so. */
        w->no_fold = fold_init(NULL) != LC_OK;
        if (w->no_fold)
                atomic_store(&w->status, LC_ENCODING);
        else
                w->started = pthread_create(&w->thread, NULL, background, w) == 0;
        return w;
}

struct words *words_start(const struct corpus *c)
{
        return start(c, false);
}

void words_free(struct words *w)
{
        if (!w)
                return;
        atomic_store(&w->stop, true);
        if (w->started)
                pthread_join(w->thread, NULL);
        for (size_t d = 0; d < w->ndocs; d++)
                free(w->bits[d]);
        free(w->bits);
        free(w->nkeys);
        free(w);
}

/* OR the nbits bits of src into dst from bit position at on. */
static void put_bits(uint8_t *dst, size_t at, const uint8_t *src, size_t nbits)
{
        size_t nbytes = (nbits + 7) / 8, byte = at >> 3;
        unsigned shift = at & 7;
        for (size_t i = 0; i < nbytes; i++) {
                uint8_t b = src[i];
                if (i + 1 == nbytes && (nbits & 7))
                        b &= (uint8_t)((1u << (nbits & 7)) - 1);
                dst[byte + i] |= (uint8_t)(b << shift);
                if (shift && (b >> (8 - shift)))
                        dst[byte + i + 1] |= (uint8_t)(b >> (8 - shift));
        }
}

uint8_t *words_finish(struct words *w, const struct index *ix, lc_progress_fn progress,
                      void *ud, char **cause)
{
        if (atomic_load(&w->status) == LC_OK)
                take_docs(w, progress, ud);
        if (w->started)
                pthread_join(w->thread, NULL);
        w->started = false;
        if (atomic_load(&w->status) != LC_OK) {
                lc_fail(cause, LC_ENCODING, w->no_fold ? "the folding tables could not be built"
                                                       : "ICU has no word break iterator");
                words_free(w);
                return NULL;
        }
        size_t n = index_len(ix) + 1;
        uint8_t *bits = xcalloc(n / 8 + 2, 1);
        for (size_t d = 0; d < w->ndocs && d < corpus_count(index_corpus(ix)); d++) {
                size_t ds = index_doc_start(ix, (uint32_t)d);
                /* Positions 0..nkeys: the document's characters and the separator after it. */
                size_t nb = w->nkeys[d] + 1;
                if (ds + nb <= n)
                        put_bits(bits, ds, w->bits[d], nb);
        }
        words_free(w);
        return bits;
}

uint8_t *words_bitmap(const struct index *ix, char **cause)
{
        return words_finish(words_start(index_corpus(ix)), ix, NULL, NULL, cause);
}

uint8_t *words_bitmap_whole(const struct index *ix, char **cause)
{
        return words_finish(start(index_corpus(ix), true), ix, NULL, NULL, cause);
}
