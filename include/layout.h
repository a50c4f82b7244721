/*
 * layout — wrap a paragraph to a width in display columns. Breaks come from
 * libunistring's line-break opportunities on a shadow copy tailored for
 * Chinese (clreq "basic": no line starts with ，。、：；！？）」』》 etc., none
 * ends with （「『《“, …… and —— never split, the interpunct never starts a
 * line); an inline pinyin annotation stays with the character it reads
 * when the two fit a line; grapheme clusters are never split; a wide
 * character that does not fit the last column moves down. Lines are byte ranges into the text, so a
 * resize re-wraps from the source and positions stay valid. Two optional
 * rules of clreq go further: strict line starts, and hanging punctuation.
 */
#ifndef LECTERN_LAYOUT_H
#define LECTERN_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

struct vline {
        size_t start, end;      /* bytes [start, end) of the text; spaces at a break excluded */
        int cols;               /* display width of [start, end) */
};

struct vlines {
        struct vline *v;
        size_t n, cap;
};

/*
 * The rules beyond clreq "basic", which is 0. LAYOUT_STRICT: no line starts
 * with a dash or an ellipsis either (—— ⸺ …… ⋯⋯): the character before
 * comes along. LAYOUT_HANG: one ，。、 may hang past the width by up to
 * LAYOUT_HANG_COLS columns, where basic pushes it and the character before
 * it to the next line; the caller leaves those columns free. Hanging is a
 * habit of Simplified typesetting; Traditional centres these marks.
 */
enum {
        LAYOUT_STRICT = 1,
        LAYOUT_HANG = 2,
};

#define LAYOUT_HANG_COLS 2

/*
 * Wrap text[start, end) -- one paragraph, no '\n' inside -- at width
 * columns (width >= 1; a cluster wider than width gets a line of its own)
 * by the rules (LAYOUT_* flags, 0 for basic) and append the lines to out
 * (offsets are into text, not the paragraph).
 * Indentation at the paragraph start (spaces, U+3000) is kept; U+0020
 * spaces at a break belong to neither line, and a paragraph of nothing but
 * spaces or nothing at all yields one empty line at start. Lines only ever
 * grow out->v; the caller owns it (vlines_free). Time and memory are linear
 * in end - start.
 */
void layout_paragraph(const char *text, size_t start, size_t end, int width, unsigned rules,
                      struct vlines *out);

/* Free the lines and leave *l empty for reuse; NULL is fine. */
void vlines_free(struct vlines *l);

#endif
