/*
 * width — the one measure of display columns, shared by layout and drawing.
 * A code point is as wide as ncursesw will make it (the C library's wcwidth()
 * in the caller's UTF-8 locale), so layout and screen never disagree. Callers
 * must have set a UTF-8 LC_CTYPE (the CLI, the UI and the tests do).
 * Grapheme clusters come from libunistring; nothing here splits one.
 *
 * Terminals disagree on East Asian Ambiguous characters (“ ” … · — ò):
 * most draw them one column wide, some two. ncursesw counts one whatever
 * the terminal does, so for a terminal that draws two the reader shows
 * unambiguous look-alikes instead (「」⋯・ー〇, o + U+0300), and every
 * measure here then counts what is shown. The choice is made once, before
 * anything is measured, like the locale it complements.
 */
#ifndef LECTERN_WIDTH_H
#define LECTERN_WIDTH_H

#include <stddef.h>
#include <stdint.h>

enum width_ambiguous {
        WIDTH_AMBIGUOUS_SHOW,   /* as they are: right where the terminal draws them narrow */
        WIDTH_AMBIGUOUS_AVOID,  /* as look-alikes that are as wide in every terminal */
};

/*
 * Set how Ambiguous characters are shown, for the whole process. Call it
 * before anything is measured (a layout made under the other choice does
 * not fit); the default is WIDTH_AMBIGUOUS_SHOW.
 */
void width_set_ambiguous(enum width_ambiguous how);
enum width_ambiguous width_ambiguous(void);

/* The most code points width_shown() gives for one. */
#define WIDTH_SHOWN_MAX 4

/*
 * The code points to draw for c: c itself, or under WIDTH_AMBIGUOUS_AVOID
 * its look-alike or, for a letter with a tone mark, its canonical
 * decomposition. Returns how many were written to out (1 or more).
 */
size_t width_shown(uint32_t c, uint32_t out[WIDTH_SHOWN_MAX]);

/* Columns of one code point as shown: 0, 1 or 2; never negative (unknown counts 1). */
int width_cp(uint32_t c);

/*
 * Decode the code point at s (n > 0) and return its length in bytes. An
 * ill-formed byte comes back alone as U+FFFD (1 column, or its look-alike's
 * 2 under avoid), which is how every measure here counts it, so anything that walks text itself stays in step.
 */
size_t width_decode(const char *s, size_t n, uint32_t *c);

/* Columns of a UTF-8 string of n bytes (invalid bytes count 1 each). */
int width_str(const char *s, size_t n);

/* Bytes of the grapheme cluster that starts at s (n > 0); at least 1. */
size_t width_cluster_len(const char *s, size_t n);

/*
 * The longest prefix of s (n bytes) that fits in cols columns without
 * cutting a grapheme cluster. Returns its length in bytes; *used (may be
 * NULL) receives its width.
 */
size_t width_fit(const char *s, size_t n, int cols, int *used);

/*
 * The first cluster boundary of s (n bytes) from which the rest fits in cols
 * columns: how far to scroll a field so that its end stays in view. Linear
 * in n however far it must go.
 */
size_t width_tail_start(const char *s, size_t n, int cols);

/*
 * Copy s into a fresh NUL-terminated string at most cols columns wide; when
 * it must be cut, the end becomes "…" (spaces before it are dropped, no
 * cluster is split, and the result is never wider than cols; cols < 1
 * gives ""). *used (may be NULL) receives the width. The caller frees.
 */
char *width_truncate(const char *s, size_t n, int cols, int *used);

#endif
