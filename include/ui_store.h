/*
 * ui_store — the full-screen reader's link to the bookmark database: opening
 * it without ever stopping the reader (a database that cannot be used only
 * costs the bookmarks, and the status line says why), the documents' paths
 * in canonical form so that a bookmark made from one working directory is
 * found from another, reading positions restored at start and saved on the
 * way (throttled, and on every exit), bookmarks re-found in documents that
 * changed, and the search history. UI layer: no curses, no SQLite.
 */
#ifndef LECTERN_UI_STORE_H
#define LECTERN_UI_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"
#include "ui_app.h"

struct ui_store;

/*
 * Open the database (--db, or the default), restore each document's reading
 * position and reopen the last document read. When bookmarks are
 * unavailable or read-only the status line says so and why (joined to any
 * message already there). Sets a->store; never fails.
 */
void ui_store_open(struct app *a);

/*
 * Documents [from, a->ndocs) have just been read: restore their positions,
 * and reopen the last document read if it is one of them and the reader
 * has not moved since the start (a->moved).
 */
void ui_store_docs_added(struct app *a, size_t from);

/*
 * When bookmarks are off because another process held the database locked
 * at start, open it now if it is free: at once when now (the user asked
 * for bookmarks), else at most every few seconds. Says so when it worked
 * by itself, or when the database turned out unusable after all; returns
 * whether it opened or gave up, so the screen needs drawing.
 */
bool ui_store_retry(struct app *a, bool now);

/* Save the reading position and close the database. */
void ui_store_close(struct app *a);

/* The open database, or NULL when bookmarks are unavailable. */
struct store *ui_store_db(const struct app *a);

/*
 * Whether bookmarks can be changed now. When not, the status line says why
 * ("cannot <doing>: ..."), so callers only return.
 */
bool ui_store_can_write(struct app *a, const char *doing);

/* Put a failed store call on the status line and free cause. */
void ui_store_report(struct app *a, const char *doing, int rc, char *cause);

/*
 * Why a store call failed, in a few words (no "cannot ...: " in front, the
 * database named by its file name only); frees cause. The caller frees.
 */
char *ui_store_why(const struct app *a, int rc, char *cause);

/* Document i's path in canonical form (realpath), as bookmarks store it. */
const char *ui_store_path(const struct app *a, size_t i);

/* The document with this canonical path; SIZE_MAX if none. */
size_t ui_store_doc_by_path(const struct app *a, const char *path);

/*
 * Find b again in document i (anchor_bookmark). When it moved or belongs
 * to another path, its new place and context are written back (if the
 * database may be written) so the next search starts from the truth.
 * Returns the anchor_result.
 */
int ui_store_reanchor(struct app *a, size_t i, struct bookmark *b);

/*
 * Place b, whose file is gone, in a document with its title (a renamed or
 * moved file) that holds its passage: returns the document, with b's range
 * and line there, or SIZE_MAX with b->orphaned set. The move is recorded
 * when the document is beyond doubt (the only one holding the passage, or
 * the only one holding it where it was), never when it is a guess.
 */
size_t ui_store_place_by_title(struct app *a, struct bookmark *b);

/*
 * Called on every turn of the main loop: saves the reading position when
 * the document changed, or every few seconds while the view moves, and
 * tries a locked database again (ui_store_retry). True when the status
 * line has news.
 */
bool ui_store_tick(struct app *a);

/* A few words for the status line when bookmarks are off or read-only; NULL otherwise. */
const char *ui_store_describe(const struct app *a);

/*
 * The remembered search queries, most recent first (store_strings_free),
 * or NULL with *n 0 when there is no database.
 */
char **ui_store_history(struct app *a, size_t *n);

/* Remember a query for the next session (quietly skipped when read-only). */
void ui_store_history_add(struct app *a, const char *query);

#endif
