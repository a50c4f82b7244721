/*
 * ui_pane — the one interface every pane of the full-screen UI implements.
 * A pane draws itself into its own curses window, answers keys and mouse
 * events with PANE_* flags, and is told its place on screen: only ui.c knows
 * the screen size. Panes change the shared state through the app functions
 * (ui_app.h) and never draw each other. UI layer: includes curses.
 */
#ifndef LECTERN_UI_PANE_H
#define LECTERN_UI_PANE_H

#include <stdbool.h>
#include <wchar.h>

#include <curses.h>

struct app;
struct pane;

enum pane_result {
        PANE_IGNORED = 0,
        PANE_HANDLED = 1 << 0,
        PANE_REDRAW = 1 << 1,
        PANE_RELAYOUT = 1 << 2,
        PANE_QUIT = 1 << 3,
};

struct pane_ops {
        const char *name;
        void (*draw)(struct pane *p, bool focused);
        /* kind is what get_wch() returned: OK for a character, KEY_CODE_YES for a key. */
        int (*handle_key)(struct pane *p, int kind, wint_t key);
        /* ev's coordinates are relative to the pane; NULL when mice mean nothing here. */
        int (*mouse)(struct pane *p, const MEVENT *ev);
        void (*resize)(struct pane *p, int y, int x, int rows, int cols);
        void (*destroy)(struct pane *p);
        /*
         * A paste is about to arrive: make ready to take it as text (a
         * filter being typed) and say yes, its characters then coming
         * through handle_key; NULL when a paste means nothing here.
         */
        bool (*take_paste)(struct pane *p);
        /*
         * The paste that take_paste said yes to is all in: do once what was
         * put off for each of its characters (filtering again is linear in
         * the filter, and a paste may be a hundred thousand characters).
         */
        void (*paste_end)(struct pane *p);
};

struct pane {
        const struct pane_ops *ops;
        struct app *app;
        WINDOW *win;            /* NULL until placed */
        int y, x, rows, cols;
};

/*
 * Give p its window at (y, x), rows by cols, making a new one when the
 * geometry changed. Returns false when curses could not make it.
 */
bool pane_place(struct pane *p, int y, int x, int rows, int cols);

/* Free the window and the pane (through ops->destroy); NULL is a no-op. */
void pane_free(struct pane *p);

/* The control-key code of a letter: UI_CTRL('u') is what Ctrl-U sends. */
#define UI_CTRL(c) ((c) & 0x1f)
#define UI_ESC 0x1b

/* The panes; each returns a pane owned by the caller (free with pane_free). */
struct pane *ui_list_new(struct app *a);
struct pane *ui_reader_new(struct app *a);
struct pane *ui_status_new(struct app *a);
struct pane *ui_search_bar_new(struct app *a);
struct pane *ui_help_new(struct app *a);

#endif
