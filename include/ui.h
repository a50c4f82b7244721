/*
 * ui — the full-screen ncursesw reader. main.c hands over the options; the
 * UI loads the corpus, builds the index in the background and runs the loop
 * until the user quits. The terminal is restored on every exit path before
 * anything is printed.
 */
#ifndef LECTERN_UI_H
#define LECTERN_UI_H

#include <stdbool.h>
#include <stddef.h>

/* How East Asian Ambiguous characters (“ … ò) are shown; see width.h. */
enum ui_ambiwidth {
        UI_AMBIWIDTH_AUTO,      /* ask the terminal */
        UI_AMBIWIDTH_SINGLE,    /* as they are, one column */
        UI_AMBIWIDTH_AVOID,     /* as look-alikes, for terminals that draw them two wide */
};

struct ui_opts {
        char *const *paths;     /* files or directories; at least one */
        size_t npaths;
        const char *encoding;   /* forced encoding name, or NULL to detect */
        const char *db_path;    /* bookmark database, or NULL for the default */
        bool no_mouse;          /* --no-mouse */
        bool no_osc52;          /* --no-osc52: never write to the clipboard */
        enum ui_ambiwidth ambiwidth;
        unsigned layout;        /* LAYOUT_* line-breaking rules: --kinsoku=strict, --hang */
};

/* Run the reader; returns the process exit status (0, or 2 after an error,
 * whose message has been printed on stderr once the screen was restored). */
int ui_run(const struct ui_opts *opts);

#endif
