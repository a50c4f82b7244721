/*
 * width — the one measure of display columns, shared by layout and drawing.
 * A code point is as wide as ncursesw will make it (the C library's wcwidth()
 * in the caller's UTF-8 locale), so layout and screen never disagree. Callers
 * must have set a UTF-8 LC_CTYPE (the CLI, the UI and the tests do).
 * Grapheme clusters come from libunistring; nothing here splits one.
 */
#ifndef LECTERN_WIDTH_H
#define LECTERN_WIDTH_H

#include <stddef.h>
#include <stdint.h>

/* Columns of one code point: 0, 1 or 2; never negative (unknown counts 1). */
int width_cp(uint32_t c);

/*
 * Decode the code point at s (n > 0) and return its length in bytes. An
 * ill-formed byte comes back alone as U+FFFD (1 column), which is how every
 * measure here counts it, so anything that walks text itself stays in step.
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
 * Copy s into a fresh NUL-terminated string at most cols columns wide; when
 * it must be cut, the end becomes "…" (spaces before it are dropped, no
 * cluster is split, and the result is never wider than cols; cols < 1
 * gives ""). *used (may be NULL) receives the width. The caller frees.
 */
char *width_truncate(const char *s, size_t n, int cols, int *used);

#endif
