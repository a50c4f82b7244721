/*
 * phrase — recurring phrases from the index: maximal repeats of at least
 * min_len characters found in at least min_docs documents, never crossing a
 * line break or 。！？；!?, never starting or ending with punctuation or a
 * space (but ，、 may stand inside), starting and ending on word boundaries
 * as ICU's word break iterator sees them. Ranked by documents, occurrences,
 * then length. Near-linear: one pass over LCP intervals.
 */
#ifndef LECTERN_PHRASE_H
#define LECTERN_PHRASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "index.h"

struct phrase {
        char *text;             /* as written at its first occurrence (UTF-8) */
        uint32_t len;           /* characters */
        uint32_t ndocs;         /* documents it occurs in */
        uint32_t nocc;          /* occurrences (non-overlapping) */
        uint32_t at;            /* a key position where its folded text begins, or
                                 * PHRASE_NOWHERE; a hint the phrase view checks, so a
                                 * list made by hand may leave it 0 */
};

#define PHRASE_NOWHERE UINT32_MAX

struct phrase_opts {
        unsigned min_len;       /* default 4 */
        unsigned min_docs;      /* default 2 */
        bool ignore_words;      /* skip the word-boundary rule (tests) */
        bool simple;            /* one thread, every occurrence list sorted: the plain
                                 * path the fast one must agree with (tests) */
        const uint8_t *words;   /* word starts already found (words.h), or NULL to find them */
};

/*
 * The texts of extracted phrases live in a few large blocks; a list made
 * by hand (blocks NULL) gives each text its own allocation instead.
 */
struct phrases {
        struct phrase *v;
        size_t n;
        char **blocks;
        size_t nblocks;
};

#define PHRASE_DEFAULT_MIN_LEN 4
#define PHRASE_DEFAULT_MIN_DOCS 2

/* Extract the phrases; out is filled (ranked). Returns LC_OK or an error with *cause. */
int phrase_extract(const struct index *ix, const struct phrase_opts *opts,
                   lc_progress_fn progress, void *ud, struct phrases *out, char **cause);

void phrases_free(struct phrases *p);

#endif
