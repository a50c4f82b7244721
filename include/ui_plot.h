/*
 * ui_plot — the dispersion plot pane (D): one row per document, its length
 * scaled to the pane's width, a mark wherever the phrase followed or the
 * search occurs (denser glyphs for more hits in one cell), with the count
 * and the rate per 10,000 characters; Enter opens a document at its first
 * hit. Shown in the text's place. UI layer.
 */
#ifndef LECTERN_UI_PLOT_H
#define LECTERN_UI_PLOT_H

#include "ui_app.h"

struct pane *ui_plot_new(struct app *a);

/* Show the plot of the current subject (see ui_subject_take), or say why not. */
void ui_plot_open(struct app *a);

#endif
