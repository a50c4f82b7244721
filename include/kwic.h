/*
 * kwic — the concordance model: one entry per occurrence of a search or a
 * phrase, sortable by document, by left context or by right context, and
 * rendered as key-word-in-context lines aligned by display columns, so the
 * hit starts in the same column on every line whatever mix of Chinese,
 * ASCII and ambiguous-width characters surrounds it. Contexts never leave
 * the hit's paragraph: they stop at '\n', because a speech's next paragraph
 * is a different thought and reads as noise beside the hit. Inline pinyin
 * annotations are shown, and reported so they can be styled, or left out
 * when the caller hides them. Engine layer: sizes are parameters, nothing
 * is drawn here.
 */
#ifndef LECTERN_KWIC_H
#define LECTERN_KWIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "corpus.h"
#include "search.h"
#include "span.h"

struct kwic;

enum kwic_sort {
        KWIC_SORT_DOC = 0,      /* document, then position: the order hits come in */
        KWIC_SORT_LEFT,         /* folded left context, nearest character first */
        KWIC_SORT_RIGHT,        /* folded right context, from the hit outward */
};

/* Characters of context compared when sorting; deeper ties go by document and position. */
#define KWIC_SORT_DEPTH 32

struct kwic_entry {
        uint32_t doc;           /* index in the corpus */
        uint32_t start, end;    /* the hit: bytes [start, end) of the document's text */
        size_t hit;             /* its index in the array given to kwic_build() */
};

/* Where the hit landed in a rendered line, for highlighting. */
struct kwic_mark {
        size_t start, end;      /* bytes of the rendered line; empty when nothing of it fits */
        int col;                /* column of its first character */
        int cols;               /* columns it takes (the visible part) */
};

/* The inline pinyin annotations a rendered line shows, so they can be styled apart. */
struct kwic_notes {
        struct span *v;         /* SPAN_ANNOTATION, bytes of the line, sorted; caller frees */
        size_t n;
};

/*
 * A model with one entry per hit, in the order given (KWIC_SORT_DOC when
 * they come from search_run()). c must outlive the model; hits are copied.
 * Returns NULL when a hit lies outside the corpus or its document.
 */
struct kwic *kwic_build(const struct corpus *c, const struct hit *hits, size_t nhits);
void kwic_free(struct kwic *k);

size_t kwic_count(const struct kwic *k);

/* The i-th entry in the current order; valid until the next kwic_sort() or kwic_free(). */
const struct kwic_entry *kwic_entry(const struct kwic *k, size_t i);

/* Position in the current order of the entry built from hits[hit], or SIZE_MAX. */
size_t kwic_find_hit(const struct kwic *k, size_t hit);

/*
 * Reorder the entries. The order is total (ties go by document, position,
 * then hit index), so equal contexts keep their document order. Context
 * sorts compare folded characters (Traditional and Simplified alike, inline
 * pinyin annotations skipped); a context that ends sooner sorts first.
 * Returns LC_OK, LC_EINVAL for an unknown order, or the status of
 * fold_init() with *cause (may be NULL; caller frees).
 */
int kwic_sort(struct kwic *k, enum kwic_sort by, char **cause);
enum kwic_sort kwic_order(const struct kwic *k);

/*
 * Leave inline pinyin annotations out of rendered lines, hits and contexts
 * alike, or put them back (the default), as the reading pane does: what is
 * cut to the width is then what is shown, so a context stays as full as the
 * paragraph allows, and kwic_hit_col() measures hits without them. Titles
 * stay as every pane shows them.
 */
void kwic_hide_annotations(struct kwic *k, bool hide);
bool kwic_annotations_hidden(const struct kwic *k);

/*
 * Render entry i as a line exactly width columns wide (UTF-8, no control
 * characters, caller frees): when title_cols > 0, the document title cut to
 * title_cols - 1 columns with "…" and padded to title_cols; then the left
 * context right-aligned against the hit, the hit, and the right context cut
 * at the width. The hit starts at the column kwic_hit_col() gives, the same
 * for every line of the model at this geometry. Grapheme clusters are never
 * split: a wide character that does not fit leaves a space. Nor are inline
 * pinyin annotations, when shown: one goes whole, on the left with the
 * character it annotates, or the context stops before it. mark (may be
 * NULL) receives where the hit is; notes (may be NULL) where the shown
 * annotations of the hit and its contexts are, with v NULL when there are
 * none. title_cols is clamped to [0, width]. Returns NULL when i is out of
 * range.
 */
char *kwic_render_line(const struct kwic *k, size_t i, int width, int title_cols,
                       struct kwic_mark *mark, struct kwic_notes *notes);

/*
 * The column where every hit starts at this geometry: the remaining space
 * after the title is shared so that the widest hit (counted up to half that
 * space) sits in its centre.
 */
int kwic_hit_col(const struct kwic *k, int width, int title_cols);

#endif
