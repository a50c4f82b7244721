/*
 * ui_phrases_pane — the phrases pane (p): the recurring phrases ranked,
 * with their documents, occurrences and a barcode of where they fall; a
 * filter folded like the search; the options that find the list again.
 * Shown in the text's place. UI layer.
 */
#ifndef LECTERN_UI_PHRASES_PANE_H
#define LECTERN_UI_PHRASES_PANE_H

#include "ui_app.h"

struct pane *ui_phrases_pane_new(struct app *a);

/*
 * The list is about to be replaced: remember the phrase selected, to
 * select it again in the new one.
 */
void ui_phrases_pane_list_ends(struct app *a);

/* Show the phrases pane in the text's place. */
void ui_phrases_pane_open(struct app *a);

#endif
