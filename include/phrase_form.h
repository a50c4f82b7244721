/*
 * phrase_form — how a recurring phrase is shown: the form most of its
 * occurrences are written in, so that 习近平总书记 is not shown as
 * 習近平總書記 because the first occurrence happened to be Traditional.
 */
#ifndef LECTERN_PHRASE_FORM_H
#define LECTERN_PHRASE_FORM_H

#include <stddef.h>
#include <stdint.h>

#include "index.h"

/* At most this many occurrences are looked at. */
#define PHRASE_FORM_SAMPLES 16

/* A written form: n bytes at s, a piece of a document unless own (s then) is set. */
struct phrase_written {
        char *s;
        size_t n;
        char *own;              /* annotations were cut: a string of its own to free */
};

/*
 * The written form most of the k occurrences at key positions at (in
 * documents docs) share, each len key characters long, ties going to the
 * earliest, inline pinyin annotations left out -- unless leaving them out
 * would change what the text finds (a second annotation stacked on the
 * first becomes one itself once the first is gone): a phrase's text must
 * always find the phrase, so then an occurrence is shown as it stands.
 * 1 <= k <= PHRASE_FORM_SAMPLES.
 */
struct phrase_written phrase_form(const struct index *ix, const uint32_t *at,
                                  const uint32_t *docs, size_t k, uint32_t len);

#endif
