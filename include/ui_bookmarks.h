/*
 * ui_bookmarks — the bookmarks pane (B): every bookmark in the database,
 * found again in the corpus as it is now, with its document's title, a
 * snippet of the passage cut by display width, its note and its date.
 * Enter goes to it (a jump the jump list records), e edits the note, d
 * deletes and u undoes deletes until the pane closes, y copies it with its
 * citation, and typing filters (Chinese straight away, / for anything).
 * It takes the place of the panes like the help does. UI layer.
 */
#ifndef LECTERN_UI_BOOKMARKS_H
#define LECTERN_UI_BOOKMARKS_H

#include "ui_app.h"

/* The pane (free with pane_free). */
struct pane *ui_bookmarks_new(struct app *a);

/*
 * Load the bookmarks afresh (another lectern may have added some) and show
 * the pane; when there is no database, say why on the status line instead.
 * Returns PANE_* flags.
 */
int ui_bookmarks_open(struct app *a);

/*
 * The corpus has been read to the end: place the bookmarks the open pane
 * could not place while it was being read (their documents were not read
 * yet), keeping the selection.
 */
void ui_bookmarks_corpus_read(struct app *a);

/*
 * Another lectern has committed to the database: read the open pane's
 * bookmarks again, keeping the filter and the selection, unless a note is
 * being typed. True when the list changed.
 */
bool ui_bookmarks_others_changed(struct app *a);

#endif
