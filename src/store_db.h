/*
 * store_db — what the two halves of the store module (store.c, which opens
 * the database, and store_records.c, which reads and writes its records)
 * share: the connection and the helpers every statement goes through. It
 * names SQLite's types, so it stays beside those two files, the only ones
 * that include sqlite3.h, rather than in include/.
 */
#ifndef LECTERN_STORE_DB_H
#define LECTERN_STORE_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

struct store {
        sqlite3 *db;
        char *path;
        enum store_mode mode;
        char *reason;
        int version;
        int wait_ms;            /* the busy timeout now set */
        int open_wait_ms;       /* the busy timeout while opening */
        bool busy;              /* the last failure was another process's lock */
        bool wal_unread;        /* read as immutable although its -wal holds changes */
};

/* Long enough for the other lectern to finish a write, short enough to notice. */
#define STORE_WAIT_MS 5000

/* Set how long the next statements wait for another connection's lock. */
void store_sql_wait(struct store *s, int ms);

/* Seconds since the epoch, as the records keep their dates. */
int64_t store_sql_now(void);

/*
 * Turn the connection's last error into a sentence (with what was being
 * done) and a status; a database found read-only becomes read-only. Must
 * run before any other call on the connection.
 */
int store_sql_fail(struct store *s, char **cause, const char *doing);

/* Prepare sql on s's connection; *st is NULL on failure. */
int store_sql_prep(struct store *s, sqlite3_stmt **st, const char *sql, const char *doing,
                   char **cause);

/* Bind a string (NULL binds "") or a size; SQLite's result code. */
int store_sql_bind_str(sqlite3_stmt *st, int i, const char *v);
int store_sql_bind_size(sqlite3_stmt *st, int i, size_t v);

/* Run a prepared write to completion and finalize it; bound: the OR of the binds' results. */
int store_sql_step_done(struct store *s, sqlite3_stmt *st, int bound, const char *doing,
                        char **cause);

/* Run SQL that takes no parameters. */
int store_sql_run(struct store *s, const char *sql, const char *doing, char **cause);

/* Commit when r is LC_OK, else roll back; returns the first error. */
int store_sql_txn_end(struct store *s, int r, const char *doing, char **cause);

/* LC_OK when s may be written, else why not. */
int store_sql_need_write(struct store *s, const char *doing, char **cause);

/* Column i of the current row as a new string ("" for NULL), or as a size (0 below 0). */
char *store_sql_col_str(sqlite3_stmt *st, int i);
size_t store_sql_col_size(sqlite3_stmt *st, int i);

#endif
