/*
 * store_records — the records of the bookmark database: bookmarks (added,
 * listed, edited, moved when their passage is found elsewhere, deleted and
 * restored), each document's reading position, and the search history.
 * Every statement is prepared with bound parameters through store_db.h,
 * the store module's private header (which brings SQLite in), and every
 * write commits before it returns. Half of the store module.
 */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "store_db.h"
#include "util.h"

/* ------------------------------------------------------------ bookmarks */

/* A read-only database from an older lectern may lack newer tables. */
#define HAS_BOOKMARKS(s) ((s)->version >= 1)
#define HAS_HISTORY(s) ((s)->version >= 2)

#define BOOKMARK_COLUMNS \
        "id, path, title, start_byte, end_byte, passage, ctx_before, ctx_after, note, " \
        "created, updated"

static void read_bookmark(sqlite3_stmt *st, struct bookmark *b)
{
        b->id = sqlite3_column_int64(st, 0);
        b->path = store_sql_col_str(st, 1);
        b->title = store_sql_col_str(st, 2);
        b->start = store_sql_col_size(st, 3);
        b->end = store_sql_col_size(st, 4);
        b->passage = store_sql_col_str(st, 5);
        b->before = store_sql_col_str(st, 6);
        b->after = store_sql_col_str(st, 7);
        b->note = store_sql_col_str(st, 8);
        b->created = sqlite3_column_int64(st, 9);
        b->updated = sqlite3_column_int64(st, 10);
        b->orphaned = false;
        b->line = 0;
}

static bool bookmark_ok(const struct bookmark *b)
{
        return b && b->path && b->title && b->passage && b->start <= b->end;
}

/* Insert b, keeping its id when with_id (undo of a delete). */
static int insert_bookmark(struct store *s, const struct bookmark *b, bool with_id,
                           const char *doing, char **cause)
{
        sqlite3_stmt *st;
        int r = store_sql_prep(s, &st, "INSERT INTO bookmarks (" BOOKMARK_COLUMNS ") VALUES "
                 "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", doing, cause);
        if (r != LC_OK)
                return r;
        int bound = (with_id ? sqlite3_bind_int64(st, 1, b->id) : sqlite3_bind_null(st, 1)) |
                    store_sql_bind_str(st, 2, b->path) | store_sql_bind_str(st, 3, b->title) |
                    store_sql_bind_size(st, 4, b->start) | store_sql_bind_size(st, 5, b->end) |
                    store_sql_bind_str(st, 6, b->passage) | store_sql_bind_str(st, 7, b->before) |
                    store_sql_bind_str(st, 8, b->after) | store_sql_bind_str(st, 9, b->note) |
                    sqlite3_bind_int64(st, 10, b->created) |
                    sqlite3_bind_int64(st, 11, b->updated);
        if (bound == SQLITE_OK && sqlite3_step(st) == SQLITE_DONE)
                r = LC_OK;
        else if (bound == SQLITE_OK && with_id &&
                 sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
                r = lc_fail(cause, LC_EINVAL, "cannot %s: bookmark %lld already exists", doing,
                            (long long)b->id);
        else
                r = store_sql_fail(s, cause, doing);
        sqlite3_finalize(st);
        return r;
}

/*
 * The bookmark stored for exactly b's passage, if any: 1 with its id and
 * note (caller frees), 0 when there is none.
 */
static int find_same(struct store *s, const struct bookmark *b, int64_t *id, char **note,
                     const char *doing, char **cause)
{
        sqlite3_stmt *st;
        int r = store_sql_prep(s, &st, "SELECT id, note FROM bookmarks WHERE path = ?1"
                 " AND start_byte = ?2 AND end_byte = ?3 AND passage = ?4 ORDER BY id LIMIT 1",
                 doing, cause);
        if (r != LC_OK)
                return r;
        int bound = store_sql_bind_str(st, 1, b->path) | store_sql_bind_size(st, 2, b->start) |
                    store_sql_bind_size(st, 3, b->end) | store_sql_bind_str(st, 4, b->passage);
        int step = bound == SQLITE_OK ? sqlite3_step(st) : SQLITE_ERROR;
        if (step == SQLITE_ROW) {
                *id = sqlite3_column_int64(st, 0);
                *note = store_sql_col_str(st, 1);
                r = 1;
        } else {
                r = step == SQLITE_DONE ? 0 : store_sql_fail(s, cause, doing);
        }
        sqlite3_finalize(st);
        return r;
}

/* Step an UPDATE of one bookmark; no row changed means it is gone. */
static int update_one(struct store *s, sqlite3_stmt *st, int bound, int64_t id,
                      const char *doing, char **cause)
{
        int r = store_sql_step_done(s, st, bound, doing, cause);
        if (r == LC_OK && sqlite3_changes(s->db) == 0)
                r = lc_fail(cause, LC_EINVAL, "cannot %s: bookmark %lld no longer exists",
                            doing, (long long)id);
        return r;
}

/* Set the note of bookmark id if it still reads was (any note when was is NULL). */
static int update_note(struct store *s, int64_t id, const char *was, const char *note,
                       const char *doing, char **cause)
{
        sqlite3_stmt *st;
        /* A note that already reads what was typed is no conflict. */
        int r = store_sql_prep(s, &st, "UPDATE bookmarks SET note = ?2, updated = ?3"
                 " WHERE id = ?1 AND (?4 IS NULL OR note = ?4 OR note = ?2)", doing, cause);
        if (r != LC_OK)
                return r;
        int bound = sqlite3_bind_int64(st, 1, id) | store_sql_bind_str(st, 2, note) |
                    sqlite3_bind_int64(st, 3, store_sql_now()) |
                    (was ? store_sql_bind_str(st, 4, was) : sqlite3_bind_null(st, 4));
        return update_one(s, st, bound, id, doing, cause);
}

/*
 * Two lecterns may bookmark one passage at once, each having seen it
 * unmarked, or one may undo a delete after the other bookmarked the passage
 * again: the check and the insert run under one write lock, so b finds the
 * other bookmark and joins it instead of doubling it, its note going in
 * only where that takes nothing away. When both have notes that differ, a
 * new bookmark stops with LC_ECHANGED, and a restored one comes back beside
 * the other, so that neither note is lost. Sets b->id to the bookmark b
 * became, or met.
 */
static int add_or_join(struct store *s, struct bookmark *b, bool restoring, const char *doing,
                       char **cause)
{
        if (!bookmark_ok(b))
                return lc_fail(cause, LC_EINVAL, "cannot %s: incomplete bookmark", doing);
        int r = store_sql_need_write(s, doing, cause);
        if (r == LC_OK)
                r = store_sql_run(s, "BEGIN IMMEDIATE", doing, cause);
        if (r != LC_OK)
                return r;
        int64_t id = 0;
        char *theirs = NULL;
        int found = find_same(s, b, &id, &theirs, doing, cause);
        bool differ = found == 1 && b->note && *b->note && *theirs && strcmp(theirs, b->note);
        if (found < 0) {
                r = found;
        } else if (found == 0 || (restoring && (differ || id == b->id))) {
                /* Restoring a bookmark that is there already fails on its id. */
                r = insert_bookmark(s, b, restoring, doing, cause);
                id = restoring ? b->id : sqlite3_last_insert_rowid(s->db);
        } else if (differ) {
                r = lc_fail(cause, LC_ECHANGED, "cannot %s: another lectern bookmarked this "
                            "passage meanwhile", doing);
        } else if (!*theirs && b->note && *b->note) {
                r = update_note(s, id, "", b->note, doing, cause);
        }
        free(theirs);
        r = store_sql_txn_end(s, r, doing, cause);
        if (r == LC_OK || r == LC_ECHANGED)
                b->id = id;
        return r;
}

int store_bookmark_add(struct store *s, struct bookmark *b, char **cause)
{
        if (b && b->created == 0)
                b->created = store_sql_now();
        if (b && b->updated == 0)
                b->updated = b->created;
        return add_or_join(s, b, false, "save the bookmark", cause);
}

int store_bookmark_restore(struct store *s, struct bookmark *b, char **cause)
{
        return add_or_join(s, b, true, "restore the bookmark", cause);
}

int store_bookmark_list(struct store *s, const char *path, struct bookmark **out,
                        size_t *n, char **cause)
{
        static const char doing[] = "read the bookmarks";
        *out = NULL;
        *n = 0;
        if (!HAS_BOOKMARKS(s))
                return LC_OK;
        sqlite3_stmt *st;
        int r = store_sql_prep(s, &st, "SELECT " BOOKMARK_COLUMNS " FROM bookmarks"
                     " WHERE ?1 IS NULL OR path = ?1 ORDER BY path, start_byte, id",
                     doing, cause);
        if (r != LC_OK)
                return r;
        int rc = path ? store_sql_bind_str(st, 1, path) : SQLITE_OK;
        struct bookmark *v = NULL;
        size_t cap = 0, k = 0;
        while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
                v = xgrow(v, &cap, k + 1, sizeof *v);
                read_bookmark(st, &v[k++]);
                rc = SQLITE_OK;
        }
        if (rc != SQLITE_DONE) {
                r = store_sql_fail(s, cause, doing);
                store_bookmarks_free(v, k);
        } else {
                *out = v;
                *n = k;
        }
        sqlite3_finalize(st);
        return r;
}

int store_bookmark_get(struct store *s, int64_t id, struct bookmark *out, char **cause)
{
        static const char doing[] = "read the bookmark";
        memset(out, 0, sizeof *out);
        if (!HAS_BOOKMARKS(s))
                return 0;
        sqlite3_stmt *st;
        int r = store_sql_prep(s, &st, "SELECT " BOOKMARK_COLUMNS " FROM bookmarks WHERE id = ?1",
                     doing, cause);
        if (r != LC_OK)
                return r;
        sqlite3_bind_int64(st, 1, id);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
                read_bookmark(st, out);
        r = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : store_sql_fail(s, cause, doing);
        sqlite3_finalize(st);
        return r;
}

int store_bookmark_set_note(struct store *s, int64_t id, const char *was, const char *note,
                            char **cause)
{
        static const char doing[] = "save the note";
        int r = store_sql_need_write(s, doing, cause);
        if (r == LC_OK)
                r = update_note(s, id, was, note, doing, cause);
        if (r != LC_EINVAL || !was)
                return r;
        /* Nothing changed: the bookmark is gone, or its note is not was any more. */
        struct bookmark now;
        int found = store_bookmark_get(s, id, &now, cause);
        store_bookmark_clear(&now);
        if (found <= 0)
                return found < 0 ? found : r;   /* unknown is not gone: no second bookmark */
        return lc_fail(cause, LC_ECHANGED, "cannot %s: another lectern changed it meanwhile",
                       doing);
}

int store_bookmark_relocate(struct store *s, const struct bookmark *b, char **cause)
{
        static const char doing[] = "update the bookmark's place";
        if (!bookmark_ok(b))
                return lc_fail(cause, LC_EINVAL, "cannot %s: incomplete bookmark", doing);
        sqlite3_stmt *st;
        int r = store_sql_need_write(s, doing, cause);
        if (r == LC_OK)
                r = store_sql_prep(s, &st, "UPDATE bookmarks SET path = ?2, title = ?3, start_byte = ?4,"
                         " end_byte = ?5, ctx_before = ?6, ctx_after = ?7 WHERE id = ?1",
                         doing, cause);
        if (r != LC_OK)
                return r;
        int bound = sqlite3_bind_int64(st, 1, b->id) | store_sql_bind_str(st, 2, b->path) |
                    store_sql_bind_str(st, 3, b->title) | store_sql_bind_size(st, 4, b->start) |
                    store_sql_bind_size(st, 5, b->end) | store_sql_bind_str(st, 6, b->before) |
                    store_sql_bind_str(st, 7, b->after);
        return update_one(s, st, bound, b->id, doing, cause);
}

int store_bookmark_take(struct store *s, int64_t id, struct bookmark *out, char **cause)
{
        static const char doing[] = "delete the bookmark";
        memset(out, 0, sizeof *out);
        sqlite3_stmt *st;
        int r = store_sql_need_write(s, doing, cause);
        /* One statement reads and deletes: what undo puts back is what was there. */
        if (r == LC_OK)
                r = store_sql_prep(s, &st, "DELETE FROM bookmarks WHERE id = ?1 RETURNING "
                                   BOOKMARK_COLUMNS, doing, cause);
        if (r != LC_OK)
                return r;
        sqlite3_bind_int64(st, 1, id);
        int rc = sqlite3_step(st);
        int found = rc == SQLITE_ROW;
        if (found) {
                read_bookmark(st, out);
                rc = sqlite3_step(st);
        }
        r = rc == SQLITE_DONE ? found : store_sql_fail(s, cause, doing);
        sqlite3_finalize(st);
        if (r < 0)
                store_bookmark_clear(out);
        return r;
}

int store_bookmark_delete(struct store *s, int64_t id, char **cause)
{
        struct bookmark gone;
        int r = store_bookmark_take(s, id, &gone, cause);
        store_bookmark_clear(&gone);
        return r < 0 ? r : LC_OK;
}

void store_bookmark_clear(struct bookmark *b)
{
        if (!b)
                return;
        free(b->path);
        free(b->title);
        free(b->passage);
        free(b->before);
        free(b->after);
        free(b->note);
        memset(b, 0, sizeof *b);
}

void store_bookmarks_free(struct bookmark *v, size_t n)
{
        for (size_t i = 0; v && i < n; i++)
                store_bookmark_clear(&v[i]);
        free(v);
}

/* ------------------------------------------------------------ positions */

int store_position_set(struct store *s, const char *path, size_t offset,
                       const char *context, char **cause)
{
        static const char doing[] = "save the reading position";
        if (!path)
                return lc_fail(cause, LC_EINVAL, "cannot %s: no document", doing);
        sqlite3_stmt *st;
        int r = store_sql_need_write(s, doing, cause);
        /* seq, not the clock, orders "last": two saves can share a second. */
        if (r == LC_OK)
                r = store_sql_prep(s, &st, "INSERT INTO positions (path, byte_offset, context, updated, seq)"
                         " VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(seq), 0) + 1 FROM positions))"
                         " ON CONFLICT (path) DO UPDATE SET byte_offset = excluded.byte_offset,"
                         " context = excluded.context, updated = excluded.updated,"
                         " seq = excluded.seq", doing, cause);
        if (r != LC_OK)
                return r;
        int bound = store_sql_bind_str(st, 1, path) | store_sql_bind_size(st, 2, offset) |
                    store_sql_bind_str(st, 3, context) | sqlite3_bind_int64(st, 4, store_sql_now());
        store_sql_wait(s, STORE_BRIEF_WAIT_MS);
        r = store_sql_step_done(s, st, bound, doing, cause);
        store_sql_wait(s, STORE_WAIT_MS);
        return r;
}

/* Run a position query whose ?1, if any, is path; 1 and *out, or 0. */
static int read_position(struct store *s, const char *sql, const char *path,
                         struct position *out, char **cause)
{
        static const char doing[] = "read the reading position";
        memset(out, 0, sizeof *out);
        if (!HAS_BOOKMARKS(s))
                return 0;
        sqlite3_stmt *st;
        int r = store_sql_prep(s, &st, sql, doing, cause);
        if (r != LC_OK)
                return r;
        int rc = path ? store_sql_bind_str(st, 1, path) : SQLITE_OK;
        if (rc == SQLITE_OK)
                rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
                out->path = store_sql_col_str(st, 0);
                out->offset = store_sql_col_size(st, 1);
                out->context = store_sql_col_str(st, 2);
                out->updated = sqlite3_column_int64(st, 3);
        }
        r = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : store_sql_fail(s, cause, doing);
        sqlite3_finalize(st);
        return r;
}

int store_position_get(struct store *s, const char *path, struct position *out,
                       char **cause)
{
        if (!path)
                return lc_fail(cause, LC_EINVAL, "no document given");
        return read_position(s, "SELECT path, byte_offset, context, updated FROM positions"
                             " WHERE path = ?1", path, out, cause);
}

int store_position_last(struct store *s, struct position *out, char **cause)
{
        return read_position(s, "SELECT path, byte_offset, context, updated FROM positions"
                             " ORDER BY seq DESC LIMIT 1", NULL, out, cause);
}

void store_position_clear(struct position *p)
{
        if (!p)
                return;
        free(p->path);
        free(p->context);
        memset(p, 0, sizeof *p);
}

/* ------------------------------------------------------------ history */

int store_history_add(struct store *s, const char *query, char **cause)
{
        static const char doing[] = "save the search history";
        if (!query || !query[0])
                return LC_OK;
        int r = store_sql_need_write(s, doing, cause);
        if (r != LC_OK)
                return r;
        /* Only BEGIN IMMEDIATE waits for the lock: the rest runs under it. */
        store_sql_wait(s, STORE_BRIEF_WAIT_MS);
        r = store_sql_run(s, "BEGIN IMMEDIATE", doing, cause);
        store_sql_wait(s, STORE_WAIT_MS);
        if (r != LC_OK)
                return r;
        sqlite3_stmt *st;
        r = store_sql_prep(s, &st, "INSERT INTO history (query, seq, used)"
                 " VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM history), ?2)"
                 " ON CONFLICT (query) DO UPDATE SET seq = excluded.seq, used = excluded.used",
                 doing, cause);
        if (r == LC_OK)
                r = store_sql_step_done(s, st, store_sql_bind_str(st, 1, query) | sqlite3_bind_int64(st, 2, store_sql_now()),
                              doing, cause);
        if (r == LC_OK)
                r = store_sql_prep(s, &st, "DELETE FROM history WHERE seq NOT IN"
                         " (SELECT seq FROM history ORDER BY seq DESC LIMIT ?1)", doing, cause);
        if (r == LC_OK)
                r = store_sql_step_done(s, st, sqlite3_bind_int(st, 1, STORE_HISTORY_MAX), doing, cause);
        return store_sql_txn_end(s, r, doing, cause);
}

int store_history_list(struct store *s, char ***out, size_t *n, char **cause)
{
        static const char doing[] = "read the search history";
        *out = NULL;
        *n = 0;
        if (!HAS_HISTORY(s))
                return LC_OK;
        sqlite3_stmt *st;
        int r = store_sql_prep(s, &st, "SELECT query FROM history ORDER BY seq DESC LIMIT ?1", doing,
                     cause);
        if (r != LC_OK)
                return r;
        int rc = sqlite3_bind_int(st, 1, STORE_HISTORY_MAX);
        char **v = NULL;
        size_t cap = 0, k = 0;
        while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
                v = xgrow(v, &cap, k + 1, sizeof *v);
                v[k++] = store_sql_col_str(st, 0);
                rc = SQLITE_OK;
        }
        if (rc != SQLITE_DONE) {
                r = store_sql_fail(s, cause, doing);
                store_strings_free(v, k);
        } else {
                *out = v;
                *n = k;
        }
        sqlite3_finalize(st);
        return r;
}

void store_strings_free(char **v, size_t n)
{
        for (size_t i = 0; v && i < n; i++)
                free(v[i]);
        free(v);
}
