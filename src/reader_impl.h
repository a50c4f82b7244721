/*
 * reader_impl — what the two halves of the reader share: the layout of
 * struct reader, its paragraphs and positions, and the few moves on them
 * that the view needs. reader.c wraps paragraphs and moves through them;
 * reader_view.c turns the window into rows and spans. Private to those two
 * files. Engine layer.
 */
#ifndef LECTERN_READER_IMPL_H
#define LECTERN_READER_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "layout.h"
#include "reader.h"

struct para {
        size_t start, end;      /* a non-blank line, without its '\n' */
        struct vline *v;        /* its rows at the current width, NULL until needed */
        size_t nv;
};

struct pos {
        size_t p;               /* paragraph */
        size_t row;             /* 0 is the gap when p > 0 */
};

struct reader {
        const struct doc *doc;
        struct para *para;
        size_t npara;
        int cols, rows;
        unsigned rules;         /* LAYOUT_* */
        bool hide;
        size_t anchor;

        const struct hit *hits;
        size_t nhits, current;
        const struct span *layer[SPAN_KINDS];   /* extra highlight layers, borrowed */
        size_t nlayer[SPAN_KINDS];

        bool have_max;
        struct pos max_top;     /* the last top that still fills the window */

        struct reader_row *vrows;
        size_t vrows_cap;
        struct span *vspans;
        size_t nvspans, vspans_cap;
        struct reader_view view;
};

static inline bool is_open_paren(const char *t, size_t len, size_t i)
{
        return t[i] == '(' ||
               (len - i >= 3 && memcmp(t + i, "\xef\xbc\x88", 3) == 0);
}

/*
 * Wrap paragraph pa by the current width, rules and annotation setting,
 * unless it is wrapped already; it then has at least one row.
 */
void reader_wrap(struct reader *r, struct para *pa);

/* The position of the top row: the anchor's, clamped so the window stays full. */
struct pos reader_top_pos(struct reader *r);

/* The position of the document's last row. */
struct pos reader_pos_last(struct reader *r);

/* Forward by up to delta rows, never past lim. Returns the rows moved. */
long reader_pos_forward(struct reader *r, struct pos *ps, long delta, struct pos lim);

#endif
