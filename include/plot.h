/*
 * plot — the dispersion plot model: for a search or a phrase, one row per
 * document in corpus order with its number of hits, their rate per 10,000
 * characters, and a "barcode": the document's length in characters scaled
 * to a number of cells, each counting the hits that fall in it. Every row
 * is scaled to the same cells whatever the document's length, so the
 * picture shows where in each speech a formula is used, not how long the
 * speech is. Engine layer: the cell count is a parameter.
 */
#ifndef LECTERN_PLOT_H
#define LECTERN_PLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "corpus.h"
#include "search.h"

struct plot;

struct plot_row {
        uint32_t doc;           /* index in the corpus (rows are in corpus order) */
        uint32_t count;         /* hits in the document */
        double rate;            /* hits per 10,000 characters; 0 for an empty document */
        const uint32_t *cells;  /* hits per cell, plot_ncells() entries */
};

/*
 * How a cell's hits are drawn, one column per cell, denser for more hits.
 * NARROW uses only East-Asian-Width Narrow glyphs (░ ▐ ▟ for 1, 2, 3 or
 * more): a terminal that draws Ambiguous characters two columns wide still
 * draws these in one, so the plot lines up everywhere. BARS (▏ ▍ ▋ █ for 1,
 * 2, 3, 4 or more) reads like AntConc's thin strokes but its glyphs are
 * Ambiguous: use it only where Ambiguous is known to be narrow.
 */
enum plot_glyphs {
        PLOT_GLYPHS_NARROW = 0,
        PLOT_GLYPHS_BARS,
};

/*
 * Count hits (any order; c must outlive the plot) into cells >= 1 cells per
 * document: a hit's first character at position p of a document of n
 * characters lands in cell p * cells / n, or, when the document has fewer
 * characters than cells, p * (cells - 1) / (n - 1) -- so the first
 * character is always cell 0 and the last always cell cells - 1. Linear in
 * the hits and in the text before each document's last hit. Returns NULL
 * when cells < 1 or a hit lies outside the corpus or its document.
 */
struct plot *plot_build(const struct corpus *c, const struct hit *hits, size_t nhits, int cells);
void plot_free(struct plot *p);

size_t plot_nrows(const struct plot *p);
int plot_ncells(const struct plot *p);
/* Row i (NULL when out of range); valid until plot_free(). */
const struct plot_row *plot_row(const struct plot *p, size_t i);
/* Hits over all documents. */
size_t plot_total(const struct plot *p);

/* The glyph (UTF-8, one column) for a cell holding n hits; " " for none. */
const char *plot_glyph(enum plot_glyphs g, uint32_t n);

/* Row i's barcode: exactly plot_ncells() columns (caller frees); NULL when out of range. */
char *plot_render_bar(const struct plot *p, size_t i, enum plot_glyphs g);

/*
 * The text form of a row, for the CLI and simple panes:
 *     title (cut to title_cols - 1 with "…", padded to title_cols)
 *     "|" barcode "|" count (PLOT_COUNT_COLS) [" " rate per 10k (PLOT_RATE_COLS, one decimal)]
 * -- exactly title_cols + plot_ncells() + plot_extra_cols(rate) columns
 * (wider only past 99,999,999 hits in one document; caller frees; NULL
 * when out of range). plot_render_header() labels the same columns. Pick
 * the columns with plot_fit() to fill a given width.
 */
#define PLOT_COUNT_COLS 8
#define PLOT_RATE_COLS 9
/* The fewest title columns that show more than "…", and the fewest cells. */
#define PLOT_MIN_TITLE 4
#define PLOT_MIN_CELLS 5
/* The narrowest row: the least title and barcode, and the count without the rate. */
#define PLOT_MIN_WIDTH (PLOT_MIN_TITLE + PLOT_MIN_CELLS + 2 + PLOT_COUNT_COLS)
char *plot_render_row(const struct plot *p, size_t i, int title_cols, bool rate,
                      enum plot_glyphs g);
char *plot_render_header(const struct plot *p, int title_cols, bool rate);

/* Columns a row takes besides its title and barcode: the bars and the numbers. */
int plot_extra_cols(bool rate);

/* How a text row fills a width: its title's columns, its cells, whether the rate shows. */
struct plot_cols {
        int title;
        int cells;
        bool rate;
};

/*
 * Fit a text row into exactly width columns, the title wanting title_cols
 * (at least PLOT_MIN_TITLE) and the barcode the rest. When that is too
 * little, whole columns give way, never part of a number: first the
 * title's, down to PLOT_MIN_TITLE, then cells, down to PLOT_MIN_CELLS,
 * then the rate per 10k. Returns false, *out untouched, when even that
 * does not fit (width < PLOT_MIN_WIDTH).
 */
bool plot_fit(int width, int title_cols, struct plot_cols *out);

#endif
