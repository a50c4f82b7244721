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
        /*
         * A preview (search_preview) holds one document's hits only: then
         * partial is set, total counts the hits of the whole corpus, base is
         * the corpus-wide number of v[0], and ndocs and per_doc mean nothing.
         * Otherwise total == n and base == 0.
         */
        bool partial;
        size_t total, base;
};

/*
 * Find every hit of the UTF-8 query (qlen bytes). An empty query, or one
 * that folds to nothing, gives no hits. out is reset first. Returns LC_OK.
 */
int search_run(const struct index *ix, const char *query, size_t qlen, struct hits *out);

/*
 * How many characters the UTF-8 query (qlen bytes) keeps once folded like
 * the index: 0 when everything in it is left out of every search (inline
 * pinyin annotations, variation selectors, zero-width marks), so that a
 * caller can tell such a query from one that is not in the corpus.
 * Returns the folding library's error (negative) when it cannot start.
 */
long search_query_chars(const char *query, size_t qlen);

/*
 * What a keystroke needs of a query with a great many hits, without
 * sorting them all: the corpus-wide count, and the hits of the one
 * document that holds the first hit at or after byte off of document doc
 * (the first hit of all when none follows), as a partial set (see struct
 * hits). Two sequential reads of the query's suffix-array interval. A query
 * with fewer than lazy_min hits, or one that can overlap itself (its count
 * needs the overlaps dropped in order), gets a full search_run instead.
 */
int search_preview(const struct index *ix, const char *query, size_t qlen, uint32_t doc,
                   size_t off, size_t lazy_min, struct hits *out);

/*
 * The lazy_min the reader uses: at about 20 ns a hit, a full search of more
 * hits than this would pass 5 ms.
 */
#define SEARCH_PREVIEW_MIN 200000

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
