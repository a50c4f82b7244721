/*
 * reader — the reading view-model: one document seen through a window of
 * rows by columns. It keeps the position as a byte offset into the text (the
 * anchor, shown on the top row), wraps lazily only the paragraphs it needs
 * (a cache per paragraph, dropped when the width changes), turns the window
 * into screen rows that are byte ranges, and merges the highlights (search
 * hits, the current hit, pinyin annotations) into spans clipped to each row,
 * so the UI only paints. Engine layer: sizes are parameters, nothing is
 * drawn here.
 *
 * Paragraphs are the document's non-blank lines. Between two paragraphs
 * there is always exactly one blank row (a gap), however many blank lines
 * the source has, so paragraphs stay visibly apart in every document.
 */
#ifndef LECTERN_READER_H
#define LECTERN_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "doc.h"
#include "search.h"
#include "span.h"

enum reader_row_kind {
        READER_ROW_TEXT,        /* a wrapped line of a paragraph */
        READER_ROW_GAP,         /* the blank row between two paragraphs */
};

struct reader_row {
        enum reader_row_kind kind;
        size_t start, end;      /* bytes of the row (empty for a gap) */
        int cols;               /* display width, hidden bytes left out */
        size_t first_span;      /* this row's spans: view.spans[first_span ...] */
        size_t nspans;          /* clipped to [start, end), sorted, disjoint */
};

/* The visible window; owned by the reader, valid until it next changes. */
struct reader_view {
        const struct reader_row *rows;
        size_t nrows;           /* at most the window's rows; fewer at the end */
        const struct span *spans;
        size_t nspans;
};

struct reader;

struct reader *reader_new(void);
void reader_free(struct reader *r);

/*
 * Show document d (borrowed: it must outlive its use here, or the next
 * reader_open) with the row holding byte offset anchor on top. Hits are
 * cleared. d may be NULL to show nothing.
 */
void reader_open(struct reader *r, const struct doc *d, size_t anchor);
const struct doc *reader_doc(const struct reader *r);

/*
 * Set the window: cols display columns per row (wrap width, at least 1) and
 * rows rows (at least 1). A new width re-wraps from the source and keeps the
 * anchor's passage on top.
 */
void reader_resize(struct reader *r, int cols, int rows);

/*
 * Wrap by these line-breaking rules (LAYOUT_* of layout.h; 0, clreq basic,
 * at first). With LAYOUT_HANG a row may be LAYOUT_HANG_COLS wider than the
 * width reader_resize set, which the caller keeps free for that.
 */
void reader_set_rules(struct reader *r, unsigned rules);
unsigned reader_rules(const struct reader *r);

/* Hide (or show again) inline pinyin annotations; re-wraps without them. */
void reader_hide_annotations(struct reader *r, bool hide);
bool reader_annotations_hidden(const struct reader *r);

/*
 * The hits of this document, ordered and disjoint as search_run gives them
 * (borrowed until the next reader_set_hits or reader_open), and the index in
 * v of the current hit, or SIZE_MAX for none.
 */
void reader_set_hits(struct reader *r, const struct hit *v, size_t n, size_t current);

/*
 * Another layer of highlights: kind is SPAN_PHRASE, SPAN_BOOKMARK or
 * SPAN_SELECTION; v (borrowed until the next call for that kind, or the
 * next reader_open, which clears every layer) holds byte ranges of the
 * open document in any order, overlaps allowed. n == 0 clears the layer.
 */
void reader_set_layer(struct reader *r, enum span_kind kind, const struct span *v, size_t n);

/*
 * Move the view by delta rows (negative: up). The view never scrolls past
 * the point where the last row sits at the bottom. Returns the rows moved.
 */
long reader_scroll(struct reader *r, long delta);

/* Move by delta pages (a page is the window's height). */
long reader_page(struct reader *r, long delta);

void reader_top(struct reader *r);
void reader_bottom(struct reader *r);

/* Put the row holding byte offset off on top (clamped like scrolling). */
void reader_goto(struct reader *r, size_t off);

/* Go to pct percent (0..100) of the text, by bytes. */
void reader_goto_percent(struct reader *r, int pct);

/*
 * Make bytes [start, end) visible. When they already are, nothing moves;
 * otherwise their first row goes a third of the way down the window.
 */
void reader_show(struct reader *r, size_t start, size_t end);

/* Whether bytes [start, end) are all on screen. */
bool reader_is_visible(struct reader *r, size_t start, size_t end);

/*
 * The anchor: the byte offset the top row is kept at. It survives resizes
 * and toggles; store it to come back to the same passage.
 */
size_t reader_anchor(const struct reader *r);

/* Byte offset of the top row's start (where n and N begin looking). */
size_t reader_top_offset(struct reader *r);

/* How far through the text the bottom of the view is: 0..100. */
int reader_percent(struct reader *r);

/* Whether the top row is the first, or the last row is visible. */
bool reader_at_top(struct reader *r);
bool reader_at_end(struct reader *r);

/* The rows and spans to paint now. */
const struct reader_view *reader_view(struct reader *r);

#endif
