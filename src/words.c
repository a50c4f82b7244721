/*
 * words — run ICU's word break iterator over every document and mark, for
 * each key character, whether a boundary falls between it and the key
 * character before it. Each document gets a bitmap of its own, so threads
 * never share a byte: documents are handed out one at a time through an
 * atomic counter to the background thread and, once someone waits for the
 * result, to the waiting thread too. The per-document bitmaps are laid end
 * to end at the index's document starts at the end. Engine layer.
 */
#define _GNU_SOURCE             /* for the thread id that setpriority() takes on Linux */

#include "words.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>
#include <unistd.h>

#include "fold.h"
#include "util.h"

struct words {
        const struct corpus *c;
        size_t ndocs;
        uint8_t **bits;         /* per document: bit i for key position i of it, 0..nkeys */
        size_t *nkeys;          /* per document: its folded length */
        atomic_size_t next;     /* the first document nobody has taken */
        atomic_bool stop;
        atomic_int status;      /* LC_OK, or why a thread could not break words */
        pthread_t thread;
        bool started;
};

/* What one thread needs again for every document. */
struct scratch {
        UBreakIterator *bi;
        UText *ut;
        uint32_t *key, *offs;
        size_t cap;
};

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
        UErrorCode err = U_ZERO_ERROR;
        s->ut = utext_openUTF8(s->ut, doc->text, (int64_t)doc->len, &err);
        ubrk_setUText(s->bi, s->ut, &err);
        if (U_SUCCESS(err)) {
                size_t i = 0;
                for (int32_t b = ubrk_first(s->bi); b != UBRK_DONE; b = ubrk_next(s->bi)) {
                        /* The first key character at or after the boundary. */
                        while (i < k && s->offs[i] < (uint32_t)b)
                                i++;
                        bits[i >> 3] |= (uint8_t)(1u << (i & 7));
                }
        }
        w->nkeys[d] = k;
        w->bits[d] = bits;
}

/* Take documents until none is left (or the computation is abandoned). */
static void take_docs(struct words *w)
{
        struct scratch s = { 0 };
        UErrorCode err = U_ZERO_ERROR;
        s.bi = ubrk_open(UBRK_WORD, "zh", NULL, 0, &err);
        if (U_FAILURE(err)) {
                atomic_store(&w->status, LC_ENCODING);
                return;
        }
        while (!atomic_load(&w->stop)) {
                size_t d = atomic_fetch_add(&w->next, 1);
                if (d >= w->ndocs)
                        break;
                mark_doc(w, &s, d);
        }
        utext_close(s.ut);
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
        take_docs(arg);
        return NULL;
}

struct words *words_start(const struct corpus *c)
{
        struct words *w = xcalloc(1, sizeof *w);
        w->c = c;
        w->ndocs = corpus_count(c);
        w->bits = xcalloc(w->ndocs + 1, sizeof *w->bits);
        w->nkeys = xcalloc(w->ndocs + 1, sizeof *w->nkeys);
        atomic_init(&w->next, 0);
        atomic_init(&w->stop, false);
        atomic_init(&w->status, LC_OK);
        /* fold_init is idempotent; the index has already called it when this matters. */
        if (fold_init(NULL) != LC_OK)
                atomic_store(&w->status, LC_ENCODING);
        else
                w->started = pthread_create(&w->thread, NULL, background, w) == 0;
        return w;
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

uint8_t *words_finish(struct words *w, const struct index *ix, char **cause)
{
        if (atomic_load(&w->status) == LC_OK)
                take_docs(w);
        if (w->started)
                pthread_join(w->thread, NULL);
        w->started = false;
        if (atomic_load(&w->status) != LC_OK) {
                words_free(w);
                lc_fail(cause, LC_ENCODING, "ICU has no word break iterator");
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
        return words_finish(words_start(index_corpus(ix)), ix, cause);
}
