/*
 * search — a query becomes hits: byte ranges of the original text, folded
 * like the index (Traditional/Simplified, width, case, pinyin annotations),
 * non-overlapping, leftmost first, ordered by document then position. Also
 * the corpus-wide walk from hit to hit used by n / N.
 */
#ifndef LECTERN_SEARCH_H
#define LECTERN_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "index.h"

struct hit {
        uint32_t doc;
        uint32_t start, end;    /* bytes [start, end) of the document text */
};

struct hits {
        struct hit *v;
        size_t n, cap;
        uint32_t ndocs;         /* documents with at least one hit */
        uint32_t *per_doc;      /* hits per document (corpus_count entries), or NULL */
        size_t nper_doc;
};

/*
 * Find every hit of the UTF-8 query (qlen bytes). An empty query, or one
 * that folds to nothing, gives no hits. out is reset first. Returns LC_OK.
 */
int search_run(const struct index *ix, const char *query, size_t qlen, struct hits *out);

void hits_free(struct hits *h);

/* Index of the first hit in document doc at or after byte off, or h->n. */
size_t hits_lower_bound(const struct hits *h, uint32_t doc, size_t off);

/*
 * The hit to go to from position (doc, off): dir > 0 the first hit that
 * starts after off (at or after when inclusive), dir < 0 the last hit that
 * starts before off; wrapping round the corpus sets *wrapped (may be NULL).
 * Returns SIZE_MAX when there are no hits.
 */
size_t hits_step(const struct hits *h, uint32_t doc, size_t off, int dir, bool inclusive,
                 bool *wrapped);

#endif
