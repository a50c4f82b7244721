/*
 * doc — one loaded document: its path, title and immutable sanitised UTF-8
 * text, with the byte offsets of its lines. Every other position in lectern
 * (hits, layout, bookmarks, the reading position) is a byte offset into this
 * text, which never changes after loading.
 */
#ifndef LECTERN_DOC_H
#define LECTERN_DOC_H

#include <stddef.h>
#include <stdint.h>

struct sanitize_shift;

/* Read-only after doc_load(); owned by the doc. */
struct doc {
        char *path;             /* as given or found while walking */
        char *title;            /* first meaningful line, trimmed; else the file name */
        char *text;             /* sanitised UTF-8, NUL-terminated */
        size_t len;             /* bytes of text */
        size_t nchars;          /* code points of text */
        const char *encoding;   /* static name from decode */
        size_t invalid;         /* invalid byte sequences replaced by U+FFFD */
        size_t *lines;          /* byte offset of each line start; lines[0] == 0 */
        size_t nlines;
        struct sanitize_shift *shifts;  /* where the file's lines and columns part from
                                         * the text's (sanitize.h); NULL for most */
        size_t nshifts;
};

/* Largest file lectern loads: offsets are kept in 32 bits. */
#define DOC_MAX_BYTES ((size_t)0x7fffffff)

/*
 * Load the regular file at path (force: encoding name or NULL to detect).
 * Returns LC_OK and *out, or a negative status with a reason in *cause:
 * LC_ESKIP (not a regular file, too large), LC_EIO (unreadable), LC_EBINARY.
 * Never blocks on FIFOs or devices.
 */
int doc_load(const char *path, const char *force, struct doc **out, char **cause);

/* Build a document from raw bytes (tests, and files already read). */
int doc_from_bytes(const char *path, const char *raw, size_t n, const char *force,
                   struct doc **out, char **cause);

void doc_free(struct doc *d);

/* 0-based index of the line that holds byte offset off. */
size_t doc_line_of(const struct doc *d, size_t off);

/* Code points from the start of off's line up to off (a 0-based column). */
size_t doc_column_of(const struct doc *d, size_t off);

/*
 * What to add to doc_line_of() and doc_column_of() at off for the line and
 * column of the file (where a line separator, a control shown in caret
 * notation or a removed character made the text differ from it).
 */
void doc_file_shift(const struct doc *d, size_t off, long *dline, long *dcol);

/* The file's 0-based line at off: doc_line_of() with the shift applied. */
size_t doc_file_line(const struct doc *d, size_t off);

/*
 * Where the file's 0-based line starts in the text: the first text line
 * doc_file_line() puts at it or after, so that line numbers from --search
 * lead back; d->len past the last line.
 */
size_t doc_offset_of_file_line(const struct doc *d, size_t line);

/*
 * A title cut to cols columns, as width_truncate() cuts it ("…" at the
 * end), but never inside an inline pinyin annotation: 勞動(dòng)獎 is
 * cut to 勞動…, not 勞動(d…. *used (may be NULL) receives the width. The
 * caller frees.
 */
char *doc_title_cut(const char *title, int cols, int *used);

#endif
