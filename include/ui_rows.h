/*
 * ui_rows — the cursor of a pane that is a list of rows (documents,
 * bookmarks, phrases, concordance lines, plot rows): the movement keys
 * they share and keeping the cursor in view. UI layer.
 */
#ifndef LECTERN_UI_ROWS_H
#define LECTERN_UI_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include <curses.h>

struct ui_rows {
        size_t cursor, top;     /* the selected row and the first one shown */
};

/*
 * Move the cursor over n rows for a movement key (Up Down j k Ctrl-P
 * Ctrl-N, PgUp PgDn, Home End g G; with letters only when letters is
 * true), page rows at a time for the paging keys. Returns whether key
 * was one of them.
 */
bool ui_rows_key(struct ui_rows *r, size_t n, size_t page, bool letters, int kind, wint_t key);

/* The mouse wheel moves three rows; a click on row `row` of the list selects it. */
bool ui_rows_mouse(struct ui_rows *r, size_t n, const MEVENT *ev, int first_y);

/*
 * Clamp the cursor to n rows and scroll so it is among the `shown` rows
 * from top, with the top pulled back so that no row is left blank below
 * the last while rows are hidden above (after a resize, a filter, a delete).
 */
void ui_rows_fit(struct ui_rows *r, size_t n, size_t shown);

#endif
