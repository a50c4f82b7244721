/*
 * phrases_view — the recurring phrases as the reader uses them: the ranked
 * list with every occurrence of each phrase found the way a search finds it
 * (so "occurrence 4/31" agrees with --count and with the search bar), each
 * document's occurrences in text order for marking them and stepping from
 * one to the next, a filter by folded substring for the phrases pane, and a
 * one-line barcode of where in the corpus a phrase falls. Built once per
 * phrase list, on the UI's worker thread, without searching anything yet:
 * occurrences are found the first time a phrase or a document asks for
 * them and kept (behind a lock, so any thread may ask). Engine layer:
 * nothing is drawn here.
 */
#ifndef LECTERN_PHRASES_VIEW_H
#define LECTERN_PHRASES_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "corpus.h"
#include "index.h"
#include "phrase.h"
#include "search.h"
#include "span.h"

/* One occurrence of a phrase in a document. */
struct phrase_occ {
        uint32_t start, end;    /* bytes [start, end) of the document's text */
        uint32_t phrase;        /* index in the ranked list */
        uint32_t hit;           /* index among the phrase's occurrences (corpus order) */
        bool outer;             /* not inside a longer occurrence: where ] and [ stop */
};

struct phrases_view;

/*
 * Take over the phrases in ps (left empty), to find their occurrences over
 * ix, which must outlive the view, when asked. Each phrase's len becomes
 * its folded length and its at a key position where it occurs (or
 * PHRASE_NOWHERE). progress (may be NULL) is called now and then with the
 * fraction done. Never fails (allocation failure aborts, as everywhere).
 */
struct phrases_view *phrases_view_new(const struct index *ix, struct phrases *ps,
                                      lc_progress_fn progress, void *ud);
void phrases_view_free(struct phrases_view *v);

size_t phrases_view_count(const struct phrases_view *v);

/* Phrase i in rank order; NULL when out of range. Valid until phrases_view_free(). */
const struct phrase *phrases_view_phrase(const struct phrases_view *v, size_t i);

/*
 * The occurrences of phrase i as search hits, in corpus order, and their
 * number in *n (0 and NULL when out of range). Borrowed from the view.
 */
const struct hit *phrases_view_hits(const struct phrases_view *v, size_t i, size_t *n);

/* The phrase whose text folds like text does (Traditional finds Simplified), or SIZE_MAX. */
size_t phrases_view_find(const struct phrases_view *v, const char *text);

/*
 * Document doc's occurrences sorted by start, the longer first where two
 * start together; *n receives how many (0 and NULL for none). Borrowed.
 */
const struct phrase_occ *phrases_view_doc(const struct phrases_view *v, uint32_t doc,
                                          size_t *n);

/*
 * Finding a document's occurrences can take a moment on a big corpus (every
 * phrase it holds is looked up through the index), so a reader asks ahead:
 * phrases_view_prefetch() has them found on the view's own thread (the
 * latest document asked for first) and returns whether they are ready
 * already; phrases_view_doc_ready() tells, without waiting, once they are.
 * phrases_view_free() stops that thread, abandoning a document in hand.
 */
bool phrases_view_prefetch(const struct phrases_view *v, uint32_t doc);
bool phrases_view_doc_ready(const struct phrases_view *v, uint32_t doc);

/*
 * Step through doc's outer occurrences from byte off: dir > 0 gives the
 * first that starts after off (at or after it when inclusive), dir < 0 the
 * last that starts before off. Returns its index in phrases_view_doc()'s
 * array, or SIZE_MAX when there is none that way (no wrapping: the caller
 * says so).
 */
size_t phrases_view_step(const struct phrases_view *v, uint32_t doc, size_t off, int dir,
                         bool inclusive);

/*
 * The marks for doc: one SPAN_PHRASE span per occurrence (overlaps kept;
 * the reader flattens them), with inline pinyin annotations cut out so they
 * keep their own look. Returns a fresh array the caller frees (NULL when
 * there is nothing to mark) and its length in *n.
 */
struct span *phrases_view_spans(const struct phrases_view *v, uint32_t doc, size_t *n);

/*
 * Fill out (room for phrases_view_count() entries) with the phrases, in
 * rank order, whose folded text holds the folded query as a substring;
 * returns how many. A NULL or empty query, or one that folds to nothing,
 * keeps every phrase.
 */
size_t phrases_view_filter(const struct phrases_view *v, const char *query, size_t *out);

/*
 * Where phrase i falls in the corpus: counts[c] (cells >= 1 entries)
 * receives its occurrences in cell c of the corpus's text laid end to end,
 * documents in order, each cell an equal share of the bytes. Out of range,
 * every count is 0.
 */
void phrases_view_barcode(const struct phrases_view *v, size_t i, int cells, uint32_t *counts);

#endif
