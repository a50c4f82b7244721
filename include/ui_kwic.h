/*
 * ui_kwic — the concordance pane (c): one line per occurrence of the
 * phrase followed or the search, the hit in the same screen column on
 * every line, the document's title beside it; sorted by document, left or
 * right context; Enter reads the occurrence. Shown in the text's place.
 * UI layer.
 */
#ifndef LECTERN_UI_KWIC_H
#define LECTERN_UI_KWIC_H

#include "ui_app.h"

struct pane *ui_kwic_new(struct app *a);

/* Show the concordance of the current subject (see ui_subject_take), or say why not. */
void ui_kwic_open(struct app *a);

#endif
