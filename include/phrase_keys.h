/*
 * phrase_keys — a phrase list's folded keys, read where they lie in the
 * index key rather than copied: where each phrase occurs, and which
 * phrases a folded query matches. Hundreds of thousands of phrases average
 * a dozen characters, so a copy of their keys would take more memory than
 * the list itself.
 */
#ifndef LECTERN_PHRASE_KEYS_H
#define LECTERN_PHRASE_KEYS_H

#include <stddef.h>

#include "index.h"
#include "phrase.h"

/*
 * Set each of the n phrases' len to its folded length and its at to a key
 * position where its folded text occurs, or PHRASE_NOWHERE. An at already
 * there (phrase extraction gives one) is kept when it spells the phrase,
 * else the phrase is looked up through the index.
 */
void phrase_keys_locate(const struct index *ix, struct phrase *v, size_t n);

/* The first phrase whose text folds like text does, or SIZE_MAX. */
size_t phrase_keys_find(const struct index *ix, const struct phrase *v, size_t n,
                        const char *text);

/*
 * Fill out (room for n) with the indexes, in order, of the phrases whose
 * folded text holds the folded query; returns how many. A NULL or empty
 * query, or one that folds to nothing, keeps every phrase. A phrase that
 * occurs nowhere is folded again to be compared.
 */
size_t phrase_keys_filter(const struct index *ix, const struct phrase *v, size_t n,
                          const char *query, size_t *out);

#endif
