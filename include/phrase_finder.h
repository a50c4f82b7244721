/*
 * phrase_finder — which of a list of phrases occur in a document, found by
 * reading the document's key once rather than searching every phrase.
 */
#ifndef LECTERN_PHRASE_FINDER_H
#define LECTERN_PHRASE_FINDER_H

#include <stddef.h>
#include <stdint.h>

#include "index.h"
#include "phrase.h"

struct phrase_finder;

/*
 * A finder for the n phrases of v, whose folded keys are the len characters
 * of the index key from position at on (phrases at PHRASE_NOWHERE are left
 * out); v is borrowed and must outlive the finder.
 */
struct phrase_finder *phrase_finder_new(const struct index *ix, const struct phrase *v,
                                        size_t n);
void phrase_finder_free(struct phrase_finder *f);

/*
 * Every phrase whose key occurs in document doc, once each, into *out
 * (grown as needed, *cap its room); returns how many. A phrase search has a
 * hit in a document exactly when its folded key occurs there: overlaps only
 * ever drop later occurrences. Not for two threads at once on one finder.
 */
size_t phrase_finder_doc(struct phrase_finder *f, uint32_t doc, uint32_t **out, size_t *cap);

#endif
