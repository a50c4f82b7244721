/*
 * anchor — find a bookmarked passage again in a document that may have
 * changed since the bookmark was made. A bookmark remembers the passage, a
 * few dozen characters of context on each side and the byte offset where it
 * was; anchor_find looks for the passage in the document's text, prefers the
 * occurrence whose surroundings agree best with the remembered context, and
 * answers ORPHANED rather than guess when the evidence is too thin. Engine
 * layer: no I/O, no globals.
 *
 * Reanchoring happens per document. When a bookmark's path is no longer in
 * the corpus, the caller may try a document with the same title (a renamed
 * or moved file) and, if that finds it, relocate the bookmark there
 * (store_bookmark_relocate); a bookmark is never dropped for being orphaned.
 */
#ifndef LECTERN_ANCHOR_H
#define LECTERN_ANCHOR_H

#include <stddef.h>

#include "doc.h"

enum anchor_result {
        ANCHOR_ORPHANED = 0,    /* the passage is gone, or too ambiguous to place */
        ANCHOR_FOUND_EXACT = 1, /* found at the remembered offset */
        ANCHOR_FOUND_MOVED = 2, /* found elsewhere: the stored range is stale */
};

/* Context kept on each side of a passage, in code points. */
#define ANCHOR_CONTEXT_CHARS 32

/*
 * A match elsewhere whose context does not fully agree is only accepted when
 * the passage plus the agreeing context amount to this many bytes (about 8
 * CJK characters): a two-character passage with no matching context could be
 * anywhere, and moving a bookmark to the wrong place is worse than orphaning.
 */
#define ANCHOR_MIN_EVIDENCE 24

/*
 * Find passage[0..plen) in d's text. before and after are the remembered
 * context (NUL-terminated; NULL counts as empty); hint_start is the byte
 * offset where the passage used to start. Candidates are ranked by how many
 * bytes of context agree (before read backwards from the candidate, after
 * read forwards), then by distance to the hint.
 *
 * Returns an enum anchor_result and, unless ORPHANED, sets *start and *end
 * to the byte range found (untouched when ORPHANED). An empty passage is
 * ORPHANED: there is nothing to verify a position against. Returns LC_EINVAL
 * when d, passage, start or end is NULL.
 */
int anchor_find(const struct doc *d, const char *passage, size_t plen,
                const char *before, const char *after, size_t hint_start,
                size_t *start, size_t *end);

/*
 * Capture what a new bookmark stores: the passage d->text[start..end) and up
 * to nchars code points of context before and after it (ANCHOR_CONTEXT_CHARS
 * is the usual choice). All three strings are fresh and the caller frees
 * them. Returns LC_EINVAL when the range is outside the text or does not
 * fall on character boundaries.
 *
 * For a reading position, capture the empty range (off, off) and store
 * *after as its context; re-find it later with
 * anchor_find(d, ctx, strlen(ctx), NULL, NULL, off, ...). A position at the
 * very end has an empty context and comes back ORPHANED: clamp it instead.
 */
int anchor_capture(const struct doc *d, size_t start, size_t end, size_t nchars,
                   char **passage, char **before, char **after);

/*
 * Find bookmark b again in d (its document, or the one with its title when
 * its path is gone): on success b's range moves to where the passage is now
 * and b->line is set; otherwise b->orphaned is set and its range is left as
 * stored. Returns the anchor_result.
 */
struct bookmark;
int anchor_bookmark(const struct doc *d, struct bookmark *b);

#endif
