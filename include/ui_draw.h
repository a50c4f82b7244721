/*
 * ui_draw — the colour scheme and the few ways anything reaches the screen:
 * paint a byte range of UTF-8 clipped to a number of columns, whole grapheme
 * clusters only, styled by spans; paint a plain string, or a text field
 * with its cursor as a reverse cell; fill with spaces. Widths come from
 * width.h, the same measure layout uses, so what was laid out fits
 * exactly. UI layer: includes curses.
 */
#ifndef LECTERN_UI_DRAW_H
#define LECTERN_UI_DRAW_H

#include <stdbool.h>
#include <stddef.h>

#include <curses.h>

#include "reader.h"

struct lineedit;

/* What a piece of the screen is; the theme says how it looks. */
enum ui_role {
        ROLE_TEXT,
        ROLE_HIT,
        ROLE_CURRENT,
        ROLE_ANNOTATION,
        ROLE_PHRASE,            /* a recurring phrase in the text */
        ROLE_BOOKMARK,          /* a bookmarked passage */
        ROLE_SELECTION,         /* the passage being selected */
        ROLE_HEADER,            /* pane title of an unfocused pane */
        ROLE_HEADER_FOCUSED,
        ROLE_CURSOR,            /* list selection, pane unfocused */
        ROLE_CURSOR_FOCUSED,
        ROLE_OPEN,              /* the document being read */
        ROLE_DIMMED,            /* a document without hits */
        ROLE_COUNT,             /* hit counts in the list */
        ROLE_STATUS,
        ROLE_NOTICE,
        ROLE_ERROR,
        ROLE_PROMPT,
        ROLE_KEY,               /* key names in the help */
        ROLE_NROLES,
};

struct ui_style {
        attr_t attr;
        short pair;
};

/*
 * Choose the scheme: colours when the terminal has them and colour is
 * wanted, else reverse, bold and underline only. Call after the screen is
 * set up. Returns whether colours are in use.
 */
bool ui_theme_init(bool want_color);

struct ui_style ui_style(enum ui_role role);

/* b laid over a: attributes add up, b's colour wins when it has one. */
struct ui_style ui_style_over(struct ui_style a, struct ui_style b);

void ui_set_style(WINDOW *w, struct ui_style s);

/*
 * Paint text[start, end) at w's cursor in at most cols columns, in style
 * base where no span applies; spans (sorted, disjoint, inside the range)
 * restyle their bytes, and SPAN_HIDDEN bytes are skipped. A cluster that
 * would cross the limit is not painted. Returns the columns used.
 */
int ui_draw_text(WINDOW *w, const char *text, size_t start, size_t end, int cols,
                 const struct span *spans, size_t nspans, struct ui_style base);

/* Paint a NUL-terminated UTF-8 string; returns the columns used. */
int ui_draw_str(WINDOW *w, const char *s, int cols, struct ui_style st);

/*
 * Paint the text of field e at w's cursor in at most cols columns. While
 * typing, the cell at e's cursor is painted in reverse video (a blank one
 * at the end of the text), and a field too long for cols shows the part
 * that keeps that cell in view: the terminal's own cursor stays where the
 * pane leaves it, so the field can be on any row. Otherwise the text is
 * painted from its start. Returns the columns used.
 */
int ui_draw_field(WINDOW *w, const struct lineedit *e, int cols, bool typing);

/* Paint n spaces. */
void ui_fill(WINDOW *w, int n, struct ui_style st);

/*
 * Finish a row begun at column 0 after `used` of cols columns: clear the
 * rest (in the window's background) without touching a full row, whose
 * cursor curses may have wrapped already.
 */
void ui_end_row(WINDOW *w, int used, int cols);

/*
 * Paint a whole header row of cols columns at w's cursor (column 0), in
 * st: left from the start, right flush with the end, and always at least
 * one blank column between them. left is cut with "…" to make that room;
 * right (may be "") is left out only when it alone would fill the row.
 */
void ui_header_row(WINDOW *w, int cols, const char *left, const char *right,
                   struct ui_style st);

/*
 * Paint a row of key hints, items joined by " · ", at w's cursor (column
 * 0), dimmed. When they do not all fit, whole items go from the end but
 * the last, which says how to leave (Esc), so no hint is ever cut in two.
 */
void ui_hint_row(WINDOW *w, int cols, const char *hints);

/* The style of a span kind. */
struct ui_style ui_span_style(enum span_kind k);

#endif
