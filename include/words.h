/*
 * words — where words begin, for the whole corpus at once: one bit per key
 * position of the index, set when ICU's word break iterator (which segments
 * Chinese with a dictionary) puts a boundary just before that character.
 * Computed once instead of asking the breaker about every candidate phrase,
 * and it can start as soon as the corpus is read: word breaking needs no
 * index, so it runs on the core the suffix sort leaves idle. Engine layer.
 */
#ifndef LECTERN_WORDS_H
#define LECTERN_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "index.h"

/* A word-boundary computation under way. */
struct words;

/*
 * Start on the documents of c (which must be completely read, and outlive
 * the computation) on one background thread at the lowest priority, so
 * that it only takes time nothing else wants. Never fails: without a
 * thread, words_finish does all the work.
 */
struct words *words_start(const struct corpus *c);

/*
 * Join in on this thread until every document is done, then lay the result
 * out over ix's key positions (ix must index the same corpus): the bitmap
 * (index_len + 1 bits; caller frees), or NULL with *cause set when ICU has
 * no word breaker. progress (may be NULL) hears phase "words" and the
 * share of documents taken so far, from this thread. Frees w either way.
 */
uint8_t *words_finish(struct words *w, const struct index *ix, lc_progress_fn progress,
                      void *ud, char **cause);

/* Abandon a computation: returns once the document in hand is done. */
void words_free(struct words *w);

/*
 * words_start and words_finish in one. A boundary anywhere between two key
 * characters -- say around an inline pinyin annotation -- counts for the
 * second; the start and end of every document are boundaries.
 */
uint8_t *words_bitmap(const struct index *ix, char **cause);

/*
 * The same, each document broken in one piece and nothing remembered: the
 * plain path the remembering one must agree with (tests).
 */
uint8_t *words_bitmap_whole(const struct index *ix, char **cause);

static inline bool words_at(const uint8_t *bits, size_t p)
{
        return (bits[p >> 3] >> (p & 7)) & 1;
}

#endif
