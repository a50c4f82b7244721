/*
 * ui_bookmarks_pane — what the two halves of the B pane share: the list
 * and its keys (ui_bookmarks.c) and its drawing (ui_bookmarks_draw.c).
 * Private to them, so it stays beside them rather than in include/.
 */
#ifndef LECTERN_UI_BOOKMARKS_PANE_H
#define LECTERN_UI_BOOKMARKS_PANE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lineedit.h"
#include "store.h"
#include "ui_app.h"
#include "ui_rows.h"

/* Rows per bookmark: the passage, then what it is. */
#define ENTRY_ROWS 2

struct entry {
        struct bookmark b;
        size_t doc;             /* its document in the corpus, or SIZE_MAX */
};

struct bpane {
        struct pane pane;
        struct entry *v;        /* every bookmark, in corpus order */
        size_t n, cap;
        size_t *vis;            /* those the filter lets through: indices into v */
        size_t nvis;
        struct ui_rows rows;    /* the selection and the first shown, in vis */
        struct lineedit filter;
        bool typing;            /* keys go to the filter */
        bool pasting;           /* a paste is arriving: filter once it is all in */
        struct entry *undo;     /* deleted while the pane is open, newest last */
        size_t nundo, undocap;
        int64_t edit_id;        /* the bookmark whose note the prompt edits */
        char *edit_was;         /* its note as stored when the edit began */
        bool edit_retry;        /* the prompt is back: a first answer was not saved */
};

/* Bookmarks shown on one page of p. */
int ui_bookmarks_per_page(const struct pane *p);

/* e's passage cut to cols columns (caller frees). */
char *ui_bookmarks_quote(const struct entry *e, int cols);

/* The pane's draw operation. */
void ui_bookmarks_draw(struct pane *p, bool focused);

#endif
