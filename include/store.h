/*
 * store — lectern's persistent state in one SQLite database: bookmarks with
 * notes, the reading position of each document, and the search history.
 * Every change is committed by the call that makes it, so nothing waits for
 * a clean exit. Two lectern processes may share the database (WAL, with a
 * busy timeout). A bookmark or a note waits up to 5 s for a lock held
 * elsewhere; a reading position and a search, which the next keystroke
 * replaces anyway, wait only STORE_BRIEF_WAIT_MS, so that a database held
 * by another program never stalls reading. A database that cannot be
 * written (read-only file or file system, a schema newer than this build)
 * is opened read-only with a reason
 * the UI shows; one that cannot be used at all (corrupt, not a lectern
 * database, locked for too long) fails to open, and lectern runs without
 * bookmarks. The store never deletes, repairs or downgrades an existing file.
 *
 * The bookmarks pane, for instance: store_bookmark_list; for each bookmark
 * anchor_find in its document, setting orphaned (and store_bookmark_relocate
 * when it moved); store_bookmark_set_note to edit; store_bookmark_delete,
 * keeping the struct, and store_bookmark_restore to undo until the pane
 * closes.
 *
 * This header has no SQLite types: the UI and the command line use it
 * without seeing sqlite3.h. A store is used from one thread at a time.
 */
#ifndef LECTERN_STORE_H
#define LECTERN_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

enum store_mode {
        STORE_READ_WRITE,
        STORE_READ_ONLY,        /* store_reason() says why */
};

/* Search queries kept, most recent first. */
#define STORE_HISTORY_MAX 200

/*
 * A bookmark: a byte range of one document's sanitised UTF-8 text, with the
 * passage and its context (anchor_capture) so that it can be re-found when
 * the file changed (anchor_find). Offsets are bytes, not characters.
 * Strings are NUL-terminated and owned by the struct: store_bookmark_clear.
 */
struct bookmark {
        int64_t id;             /* assigned by store_bookmark_add; never reused */
        char *path;             /* the document's path as the corpus named it */
        char *title;            /* the document's title when the mark was made */
        size_t start, end;      /* byte range in the document text */
        char *passage;          /* text[start..end) when the mark was made */
        char *before, *after;   /* context on each side (a few dozen characters) */
        char *note;             /* the user's note; "" when none */
        int64_t created;        /* unix seconds */
        int64_t updated;        /* unix seconds; the last note edit */
        bool orphaned;          /* not stored: the UI sets it after anchor_find */
        size_t line;            /* not stored: 1-based line in the file once re-anchored, else 0 */
};

/* A document's remembered reading position (see anchor_capture). */
struct position {
        char *path;
        size_t offset;          /* byte offset into the document text */
        char *context;          /* text starting at offset, to re-find it */
        int64_t updated;        /* unix seconds */
};

/*
 * Open the database at path, or at store_file_default_path() when path is
 * NULL (creating its directories with mode 0700). A new file is created
 * with mode 0600; an explicit path's directory must exist. ":memory:" gives a private
 * database that lasts until store_free (tests). Migrates an older schema.
 *
 * Returns LC_OK and *out, which may be read-only (store_mode); or a negative
 * status (LC_ESTORE, LC_EINVAL) with *out NULL and *cause (caller frees) a
 * sentence saying why bookmarks are unavailable. The file is left
 * byte-identical whenever it is not opened read-write.
 */
int store_open(const char *path, struct store **out, char **cause);

/*
 * store_open, waiting at most wait_ms (rather than 5 s) for a lock another
 * process holds on the file; when that was not enough the answer is
 * LC_EBUSY, with *cause, and trying again later may succeed. For a reader
 * that must not wait to show its first screen.
 */
int store_open_within(const char *path, int wait_ms, struct store **out, char **cause);

/*
 * Open an existing database only to read it, as an export does: nothing is
 * ever written, created, converted or migrated, so any file -- an empty
 * one, one of a newer lectern -- stays byte-identical. The store is
 * read-only; store_reason is NULL unless something could not be read (the
 * changes in a -wal that needs a -shm the directory cannot hold).
 */
int store_open_for_reading(const char *path, struct store **out, char **cause);

/* Close the database. NULL is a no-op. */
void store_free(struct store *s);

enum store_mode store_mode(const struct store *s);

/*
 * Why the store is read-only, for the status line; NULL when read-write
 * (and when opened for reading with nothing amiss).
 * Owned by the store, valid until the next call that fails or store_free.
 * A store can turn read-only after opening, when a write finds the file or
 * file system read-only.
 */
const char *store_reason(const struct store *s);

/* The database's path as opened. Owned by the store. */
const char *store_path(const struct store *s);

/* The schema version the database is at (PRAGMA user_version). */
int store_schema_version(const struct store *s);

/*
 * A number that changes whenever another connection (another lectern)
 * commits to the database, and only then (PRAGMA data_version); 0 when it
 * cannot be read. Cheap enough to ask every second.
 */
int64_t store_data_version(struct store *s);

/*
 * Writes below return LC_OK, or LC_ESTORE with *cause when the store is
 * read-only, the disk is full, another process held the lock past the busy
 * timeout, or SQLite failed otherwise; nothing is half-written. Reads return
 * LC_ESTORE only for SQLite failures. Bad arguments give LC_EINVAL. cause
 * may be NULL; *cause must be NULL or a string to replace.
 */

/*
 * Add a bookmark: path, title and passage must be set (before, after and
 * note may be NULL for ""), start <= end. Sets b->id, and b->created and
 * b->updated to now when they are 0. A bookmark of the same passage that
 * another lectern stored meanwhile is joined, not doubled: b->id becomes
 * its id, and b's note goes in when that note is empty; when both have
 * different notes, nothing is written and LC_ECHANGED says so.
 */
int store_bookmark_add(struct store *s, struct bookmark *b, char **cause);

/*
 * Every bookmark (path NULL) or the bookmarks of one path, in document order
 * (path, start, id). *out is a fresh array (NULL when *n is 0); free it with
 * store_bookmarks_free. orphaned is false in every element.
 */
int store_bookmark_list(struct store *s, const char *path, struct bookmark **out,
                        size_t *n, char **cause);

/* One bookmark by id: 1 and *out filled, 0 when there is none, or < 0. */
int store_bookmark_get(struct store *s, int64_t id, struct bookmark *out, char **cause);

/*
 * Replace the note (NULL for "") and set updated to now, but only while the
 * stored note still reads was (NULL: whatever it reads), so that an edit
 * begun from one copy never silently overwrites what another lectern saved
 * meanwhile: then nothing changes and the answer is LC_ECHANGED (unless it
 * already reads note, which is no conflict). A bookmark that is gone is
 * LC_EINVAL.
 */
int store_bookmark_set_note(struct store *s, int64_t id, const char *was, const char *note,
                            char **cause);

/*
 * Record where a bookmark was re-found (anchor_find said MOVED, or it was
 * found in a document with the same title under another path): path, title,
 * start, end, before and after are taken from b, for b->id. The passage,
 * note and dates do not change.
 */
int store_bookmark_relocate(struct store *s, const struct bookmark *b, char **cause);

/* Delete one bookmark (none with that id is no error). */
int store_bookmark_delete(struct store *s, int64_t id, char **cause);

/*
 * Delete one bookmark and say what it was, read in the same statement, so
 * that undoing (store_bookmark_restore) brings back what another lectern
 * may have changed since this one last read it: 1 with *out filled, 0 when
 * there was none, or < 0.
 */
int store_bookmark_take(struct store *s, int64_t id, struct bookmark *out, char **cause);

/*
 * Undo a delete: insert b again with its original id and dates. Ids are
 * never reused, so this succeeds unless b->id is already present (LC_EINVAL).
 * When another lectern bookmarked the same passage meanwhile, b joins that
 * bookmark as store_bookmark_add would (b->id becomes its id), unless both
 * have notes and they differ: then b comes back beside it.
 */
int store_bookmark_restore(struct store *s, struct bookmark *b, char **cause);

/* Free b's strings and zero it; NULL is a no-op. */
void store_bookmark_clear(struct bookmark *b);
void store_bookmarks_free(struct bookmark *v, size_t n);

/*
 * Remember a document's reading position (context may be NULL for "") and
 * make it the last document. Each call is a committed write: call it when
 * leaving a document or the program, or throttled, not on every keystroke.
 */
int store_position_set(struct store *s, const char *path, size_t offset,
                       const char *context, char **cause);

/* How long a position or a search waits for another process's lock. */
#define STORE_BRIEF_WAIT_MS 150

/* The position of path: returns 1 and fills *out, or 0 when none is known. */
int store_position_get(struct store *s, const char *path, struct position *out,
                       char **cause);

/* The most recently set position (the last document): 1 and *out, or 0. */
int store_position_last(struct store *s, struct position *out, char **cause);

/* Free p's strings and zero it; NULL is a no-op. */
void store_position_clear(struct position *p);

/*
 * Remember a search query: an existing identical query moves to the front
 * instead of repeating, and only the STORE_HISTORY_MAX most recent are kept.
 * An empty query is ignored.
 */
int store_history_add(struct store *s, const char *query, char **cause);

/*
 * The remembered queries, most recent first: *out is a fresh array of fresh
 * strings (NULL when *n is 0); free it with store_strings_free.
 */
int store_history_list(struct store *s, char ***out, size_t *n, char **cause);

void store_strings_free(char **v, size_t n);

#endif
