/*
 * phrase — recurring phrases from the index: maximal repeats of at least
 * min_len characters found in at least min_docs documents, never crossing a
 * line break or 。！？；!?, never starting or ending with punctuation or a
 * space (but ，、 may stand inside), starting and ending on word boundaries
 * as ICU's word break iterator sees them in most of its occurrences. Ranked by documents, occurrences,
 * then length. Near-linear: one pass over LCP intervals.
 */
#ifndef LECTERN_PHRASE_H
#define LECTERN_PHRASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "index.h"

/*
 * A phrase's text is nbytes of UTF-8 with no NUL after them: mostly a piece
 * of a document, which costs nothing to keep, and read only. Half a
 * million copies took 31 MB at 100 MB.
 */
struct phrase {
        char *text;             /* as most occurrences write it (phrase_form.h) */
        uint32_t ndocs;         /* documents it occurs in */
        uint32_t nocc;          /* occurrences (non-overlapping) */
        uint32_t at;            /* a key position where its folded text begins, or
                                 * PHRASE_NOWHERE; a hint the phrase view checks, so a
                                 * list made by hand may leave it 0 */
        uint16_t len;           /* characters, at most PHRASE_MAX_LEN when extracted */
        uint16_t nbytes;        /* bytes of text */
};

#define PHRASE_NOWHERE UINT32_MAX
#define PHRASE_MAX_LEN 255      /* characters */

struct phrase_opts {
        unsigned min_len;       /* default 4 */
        unsigned min_docs;      /* default 2 */
        bool ignore_words;      /* skip the word-boundary rule (tests) */
        bool simple;            /* one thread, every occurrence list sorted: the plain
                                 * path the fast one must agree with (tests) */
        const uint8_t *words;   /* word starts already found (words.h), or NULL to find them */
};

/*
 * The texts of extracted phrases lie in the corpus's documents, or, when
 * annotations were cut out, in a few large blocks; a list made by hand
 * (blocks NULL) gives each text its own allocation instead.
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

/* A phrase's text as a string of its own (caller frees). */
char *phrase_strdup(const struct phrase *p);

/* Its text compared with s's bytes, as strcmp() would compare them. */
int phrase_textcmp(const struct phrase *p, const char *s, size_t n);

#endif
