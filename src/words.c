/*
 * words — run ICU's word break iterator over every document and mark, for
 * each key character, whether a boundary falls between it and the key
 * character before it. The documents are shared between two threads (the
 * dictionary segmenter is the slowest step of phrase extraction); each
 * writes only the bytes of its own documents' positions, whose edges are
 * guarded by a lock. Engine layer.
 */
#include "words.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "fold.h"
#include "util.h"

#define THREADS 2

struct job {
        const struct index *ix;
        uint8_t *bits;
        pthread_mutex_t *edge;  /* bytes shared with a neighbouring document */
        size_t first, step;     /* documents first, first + step, ... */
        int status;
};

static void set_bit(struct job *j, size_t p, size_t lo, size_t hi)
{
        uint8_t m = (uint8_t)(1u << (p & 7));
        /* Only the first and last byte of a document can be shared. */
        if ((p >> 3) == (lo >> 3) || (p >> 3) == (hi >> 3)) {
                pthread_mutex_lock(j->edge);
                j->bits[p >> 3] |= m;
                pthread_mutex_unlock(j->edge);
        } else {
                j->bits[p >> 3] |= m;
        }
}

static void *mark_docs(void *arg)
{
        struct job *j = arg;
        const struct corpus *c = index_corpus(j->ix);
        UErrorCode err = U_ZERO_ERROR;
        UBreakIterator *bi = ubrk_open(UBRK_WORD, "zh", NULL, 0, &err);
        if (U_FAILURE(err)) {
                j->status = LC_ENCODING;
                return NULL;
        }
        uint32_t *key = NULL, *offs = NULL;
        size_t cap = 0;
        for (size_t d = j->first; d < corpus_count(c); d += j->step) {
                const struct doc *doc = corpus_doc(c, d);
                size_t ds = index_doc_start(j->ix, (uint32_t)d);
                if (doc->nchars + 1 > cap) {
                        cap = doc->nchars + 1;
                        key = xrealloc(key, cap * sizeof *key);
                        offs = xrealloc(offs, cap * sizeof *offs);
                }
                /* The same folding as the index, for the byte of each key position. */
                size_t k = fold_text(doc->text, doc->len, key, offs);
                offs[k] = (uint32_t)doc->len;
                set_bit(j, ds, ds, ds + k);
                set_bit(j, ds + k, ds, ds + k);
                err = U_ZERO_ERROR;
                UText *ut = utext_openUTF8(NULL, doc->text, (int64_t)doc->len, &err);
                ubrk_setUText(bi, ut, &err);
                if (U_FAILURE(err)) {
                        utext_close(ut);
                        continue;
                }
                size_t i = 0;
                for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi)) {
                        /* The first key character at or after the boundary. */
                        while (i < k && offs[i] < (uint32_t)b)
                                i++;
                        set_bit(j, ds + i, ds, ds + k);
                }
                utext_close(ut);
        }
        free(key);
        free(offs);
        ubrk_close(bi);
        return NULL;
}

uint8_t *words_bitmap(const struct index *ix, char **cause)
{
        int rc = fold_init(cause);
        if (rc != LC_OK)
                return NULL;
        size_t n = index_len(ix) + 1;
        uint8_t *bits = xcalloc((n + 7) / 8, 1);
        pthread_mutex_t edge = PTHREAD_MUTEX_INITIALIZER;
        struct job jobs[THREADS];
        pthread_t tid[THREADS];
        bool started[THREADS] = { false };
        for (size_t t = 0; t < THREADS; t++) {
                jobs[t] = (struct job){ ix, bits, &edge, t, THREADS, LC_OK };
                if (t > 0)
                        started[t] = pthread_create(&tid[t], NULL, mark_docs, &jobs[t]) == 0;
        }
        /* This thread does its own share, and any share a thread could not take. */
        mark_docs(&jobs[0]);
        for (size_t t = 1; t < THREADS; t++) {
                if (started[t])
                        pthread_join(tid[t], NULL);
                else
                        mark_docs(&jobs[t]);
        }
        for (size_t t = 0; t < THREADS; t++) {
                if (jobs[t].status != LC_OK) {
                        free(bits);
                        lc_fail(cause, jobs[t].status, "ICU has no word break iterator");
                        return NULL;
                }
        }
        return bits;
}
