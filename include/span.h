/*
 * span — a highlighted byte range of a document and the flattening of
 * overlapping highlight layers into disjoint spans, the higher kind winning.
 * The reader builds spans for the visible rows; the UI only paints them.
 * Engine layer.
 */
#ifndef LECTERN_SPAN_H
#define LECTERN_SPAN_H

#include <stddef.h>

/*
 * What a span marks. Where spans overlap the later kind wins, so the order
 * is the painting priority.
 */
enum span_kind {
        SPAN_ANNOTATION,        /* an inline pinyin annotation such as "(dòng)" */
        SPAN_PHRASE,            /* an occurrence of a recurring phrase */
        SPAN_BOOKMARK,          /* a bookmarked passage */
        SPAN_HIT,               /* a search hit */
        SPAN_CURRENT,           /* the hit, phrase or bookmark the user went to */
        SPAN_SELECTION,         /* the passage being selected (visual mode) */
        SPAN_HIDDEN,            /* bytes not to be drawn (annotations, when hidden) */
        SPAN_KINDS
};

struct span {
        size_t start, end;      /* bytes [start, end) of the document text */
        enum span_kind kind;
};

/*
 * Flatten n spans (any order, overlaps allowed, empty ones ignored) into
 * disjoint spans sorted by start, where each byte takes the highest kind
 * covering it and neighbours of one kind are joined. Returns a fresh array
 * (NULL when empty) and its length in *nout; the caller frees.
 */
struct span *span_flatten(const struct span *in, size_t n, size_t *nout);

#endif
