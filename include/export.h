/*
 * export — bookmarks as text for `lectern --bookmarks`: Markdown that reads
 * well as it is, or one JSON array for jq. Both carry each bookmark's
 * citation (《title》, path, byte range, date). Positions are byte offsets
 * into the document's sanitised UTF-8 text, and the output says so. Text is
 * made safe on the way out: JSON escapes control characters and turns
 * invalid UTF-8 into U+FFFD; Markdown goes through sanitize_text like the
 * reading pane, so a note cannot drive the terminal it is printed on (the
 * caller must have set a UTF-8 locale, as for sanitize_text), titles and
 * paths through sanitize_line, so that a file name cannot break a line,
 * and a note stays one paragraph none of whose lines can open a heading
 * or any other block. Engine layer: formats into a buffer and never prints.
 */
#ifndef LECTERN_EXPORT_H
#define LECTERN_EXPORT_H

#include <stddef.h>

#include "store.h"
#include "util.h"

enum export_format {
        EXPORT_MARKDOWN,
        EXPORT_JSON,
};

/* "md", "markdown" or "json" into *out; LC_EINVAL for anything else. */
int export_format_parse(const char *name, enum export_format *out);

/*
 * Append v[0..n) to out in format f, in the given order (store_bookmark_list
 * gives document order). Set each bookmark's orphaned flag first if the
 * export should say which passages are gone. Dates are UTC.
 */
void export_bookmarks(struct sbuf *out, const struct bookmark *v, size_t n,
                      enum export_format f);

/* Append s[0..n) as a JSON string literal, quotes included. */
void export_json_string(struct sbuf *out, const char *s, size_t n);

#endif
