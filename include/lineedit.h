/*
 * lineedit — a one-line text field for prompts: UTF-8 with a byte cursor
 * that only ever rests between grapheme clusters, so a character typed
 * through an input method (or a base with its combining marks) is moved
 * over and erased whole. It also says where the cursor is in display
 * columns and which part of a long line to show so the cursor stays in
 * view, by the same width measure the screen uses. Engine layer.
 */
#ifndef LECTERN_LINEEDIT_H
#define LECTERN_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Zero-initialised is an empty field; buf is NUL-terminated once set. */
struct lineedit {
        char *buf;
        size_t len, cap;
        size_t cursor;          /* byte offset, on a cluster boundary */
};

/* Replace the text (NULL for empty) and put the cursor at its end. */
void lineedit_set(struct lineedit *e, const char *s);

/* The text; "" for a field never set. Valid until the next change. */
const char *lineedit_text(const struct lineedit *e);

void lineedit_free(struct lineedit *e);

/*
 * Insert code point c at the cursor. Controls, surrogates and characters
 * the terminal could not measure are refused (false).
 */
bool lineedit_insert(struct lineedit *e, uint32_t c);

/* Move one cluster left (dir < 0) or right; to the start or end (whole). */
void lineedit_move(struct lineedit *e, int dir, bool whole);

/*
 * Erase one cluster before the cursor (dir < 0, Backspace) or after it
 * (dir > 0, Delete); with whole, everything on that side (Ctrl-U,
 * Ctrl-K). Returns whether anything was erased.
 */
bool lineedit_erase(struct lineedit *e, int dir, bool whole);

/*
 * The first byte to show in a field cols columns wide so that the cursor,
 * which needs a column of its own, stays in view; from is what was shown
 * first last time (0 at first), and moves as little as it can.
 */
size_t lineedit_scroll(const struct lineedit *e, size_t from, int cols);

/* Display columns from byte from to the cursor. */
int lineedit_cursor_col(const struct lineedit *e, size_t from);

#endif
