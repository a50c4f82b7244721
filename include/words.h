/*
 * words — where words begin, for the whole corpus at once: one bit per key
 * position of the index, set when ICU's word break iterator (which segments
 * Chinese with a dictionary) puts a boundary just before that character.
 * Computed once, on two threads, instead of asking the breaker about every
 * candidate phrase. Engine layer.
 */
#ifndef LECTERN_WORDS_H
#define LECTERN_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "index.h"

/*
 * The bitmap (index_len + 1 bits; caller frees), or NULL with *cause set
 * when ICU has no word breaker. A boundary anywhere between two key
 * characters -- say around an inline pinyin annotation -- counts for the
 * second; the start and end of every document are boundaries.
 */
uint8_t *words_bitmap(const struct index *ix, char **cause);

static inline bool words_at(const uint8_t *bits, size_t p)
{
        return (bits[p >> 3] >> (p & 7)) & 1;
}

#endif
