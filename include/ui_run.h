/*
 * ui_run — the seam between the reader's lifecycle (ui_run.c: locale,
 * loading, curses and signals up and down) and its loop (ui.c: geometry,
 * drawing, keys). Only those two files include this. The screen state is
 * declared here rather than kept private because the lifecycle frees the
 * separator window only after the worker has stopped, with the panes. UI
 * layer: includes curses.
 */
#ifndef LECTERN_UI_RUN_H
#define LECTERN_UI_RUN_H

#include <stdbool.h>

#include <curses.h>

struct app;

struct ui {
        struct app *app;
        WINDOW *sep;            /* the column between the panes */
        bool small;
        bool failed;            /* curses could not make a window */
};

/*
 * Give the keys to the pane that suits the screen's width, lay the panes
 * out and run until the user quits. Returns 0, 128 + the signal that ended
 * the run, or -1 when curses could not make a window.
 */
int ui_loop(struct ui *u);

/* The quit signal caught since the last call, or 0; taking it clears it. */
int ui_signal_take(void);

#endif
