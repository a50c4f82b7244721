/*
 * passage — what the reader means by "this passage": the sentence or
 * paragraph around a byte offset of a document's text, a selection grown or
 * shrunk one sentence (or paragraph) at a time, and the small pieces needed
 * to hand a passage to someone else: a one-line snippet cut to a width, a
 * citation line, base64 and the OSC 52 sequence that puts text on the
 * clipboard of the terminal the user sits at (over SSH and through tmux).
 * Engine layer: works on byte ranges of UTF-8 text, never prints.
 *
 * A sentence ends after 。！？；!? (with any closing quotes or brackets and
 * further end marks that follow it, so 「……。」 stays whole) or at the end of
 * a line. A paragraph is a non-blank line, as in the reader. Leading and
 * trailing spaces (also U+3000) belong to neither.
 */
#ifndef LECTERN_PASSAGE_H
#define LECTERN_PASSAGE_H

#include <stdbool.h>
#include <stddef.h>

enum passage_unit {
        PASSAGE_SENTENCE,
        PASSAGE_PARAGRAPH,
};

/*
 * The unit holding byte off of text[0..len): *start and *end receive its
 * range. Between two sentences (in spaces) the next one on the line counts;
 * on a blank line, the next unit in the text, or failing that the last one
 * before. Returns false only when the text has no unit at all.
 */
bool passage_at(const char *text, size_t len, size_t off, enum passage_unit unit,
                size_t *start, size_t *end);

/* The first unit that starts at or after off; false when there is none. */
bool passage_from(const char *text, size_t len, size_t off, enum passage_unit unit,
                  size_t *start, size_t *end);

/*
 * Grow (dir > 0) the selection [start, *end) by the next unit after *end,
 * or shrink it (dir < 0) by its last unit; it never shrinks below the unit
 * that starts at start. Returns whether *end moved.
 */
bool passage_extend(const char *text, size_t len, size_t start, size_t *end, int dir,
                    enum passage_unit unit);

/*
 * Widen [*start, *end) to whole units: from the start of the unit holding
 * *start to the end of the one holding *end - 1 (by passage_at), so a
 * selection changing unit still covers all it covered. Returns false, with
 * the range left alone, when it is empty or the text has no unit at all.
 */
bool passage_cover(const char *text, size_t len, size_t *start, size_t *end,
                   enum passage_unit unit);

/*
 * s[0..n) on one line at most cols columns wide: sanitised (a note or a
 * title read back from the database may hold anything), line breaks and
 * tabs become spaces, runs of spaces shrink to one, and a cut ends in "…"
 * without splitting a grapheme cluster. Fresh string; the caller frees.
 */
char *passage_snippet(const char *s, size_t n, int cols);

/*
 * text[0..n) without its inline pinyin annotations, as the reader shows it
 * with them hidden: fresh, NUL-terminated, its length in *out_n.
 */
char *passage_without_annotations(const char *text, size_t n, size_t *out_n);

/*
 * The line that cites a passage, matching `lectern --bookmarks`:
 * "— 《title》, path, line 12", with title and path sanitised (a file name
 * may hold escape sequences, and the citation is pasted into terminals).
 * Fresh string; the caller frees.
 */
char *passage_citation(const char *title, const char *path, size_t line);

/* Standard base64 (RFC 4648, padded) of data[0..n). Fresh string. */
char *passage_base64(const void *data, size_t n);

/*
 * The escape sequence that asks the terminal to put text[0..n) on the
 * clipboard: OSC 52 ; c ; base64 BEL. With tmux_passthrough the same
 * sequence is wrapped for tmux's passthrough (DCS tmux; ... ST), which
 * reaches the outer terminal when tmux allows passthrough. Fresh string.
 */
char *passage_osc52(const char *text, size_t n, bool tmux_passthrough);

/*
 * Whether needle occurs in hay once both are folded for search (case,
 * width, Traditional/Simplified; see fold.h). An empty needle matches.
 */
bool passage_contains(const char *hay, const char *needle);

#endif
