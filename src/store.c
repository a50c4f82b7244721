/*
 * store — bookmarks, reading positions and search history in SQLite. This
 * half opens the database and keeps its schema, and holds the helpers every
 * statement goes through; store_records.c reads and writes the records.
 * With their private store_db.h they are the only part of lectern that
 * sees SQLite (the Makefile's check-layering holds everything else to
 * that). Opening is careful about the file it finds: it decides read-write
 * or read-only from the file system before SQLite touches anything, reads
 * the header and checks integrity before the first write, and gives up
 * (rather than repair or recreate) when the file is not a healthy lectern
 * database. Every statement is prepared with bound parameters; every
 * public write commits before it returns.
 */
#include "store.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store_db.h"
#include "store_file.h"
#include "util.h"

/* "LCTR": tells a lectern database from someone else's SQLite file. */
#define APPLICATION_ID 1279480914
#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

/*
 * Forward migrations: migrations[v] takes a database from version v to v+1
 * and sets user_version itself, inside one transaction. Append new steps;
 * never edit a released one.
 */
static const char *const migrations[] = {
        /* 0 -> 1: bookmarks and reading positions. */
        "CREATE TABLE bookmarks ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " path TEXT NOT NULL, title TEXT NOT NULL,"
        " start_byte INTEGER NOT NULL, end_byte INTEGER NOT NULL,"
        " passage TEXT NOT NULL, ctx_before TEXT NOT NULL, ctx_after TEXT NOT NULL,"
        " note TEXT NOT NULL, created INTEGER NOT NULL, updated INTEGER NOT NULL);"
        "CREATE INDEX bookmarks_by_path ON bookmarks (path, start_byte);"
        "CREATE TABLE positions ("
        " path TEXT PRIMARY KEY, byte_offset INTEGER NOT NULL, context TEXT NOT NULL,"
        " updated INTEGER NOT NULL, seq INTEGER NOT NULL);"
        "PRAGMA application_id = " STRINGIFY(APPLICATION_ID) ";"
        "PRAGMA user_version = 1;",
        /* 1 -> 2: the search history. */
        "CREATE TABLE history ("
        " query TEXT PRIMARY KEY, seq INTEGER NOT NULL, used INTEGER NOT NULL);"
        "PRAGMA user_version = 2;",
};
#define SCHEMA_VERSION ((int)LC_ARRAY_LEN(migrations))

int64_t store_sql_now(void)
{
        return (int64_t)time(NULL);
}

static void set_read_only(struct store *s, char *reason)
{
        free(s->reason);
        s->reason = reason;
        s->mode = STORE_READ_ONLY;
}

/*
 * Turn the connection's last error into a sentence. Must run before any
 * other call on the connection (a ROLLBACK would overwrite the message).
 */
void store_sql_wait(struct store *s, int ms)
{
        sqlite3_busy_timeout(s->db, ms);
        s->wait_ms = ms;
}

int store_sql_fail(struct store *s, char **cause, const char *doing)
{
        int rc = sqlite3_extended_errcode(s->db);
        const char *msg = sqlite3_errmsg(s->db);
        s->busy = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
        switch (rc & 0xff) {
        case SQLITE_FULL:
                return lc_fail(cause, LC_ESTORE, "cannot %s: the disk is full", doing);
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
                if (s->wait_ms < 1000)
                        return lc_fail(cause, LC_ESTORE, "cannot %s: the bookmark database "
                                       "is locked by another process", doing);
                return lc_fail(cause, LC_ESTORE,
                               "cannot %s: the bookmark database was locked by another "
                               "process for more than %d seconds", doing, s->wait_ms / 1000);
        case SQLITE_READONLY:
                set_read_only(s, xasprintf("the database became read-only (%s)", msg));
                return lc_fail(cause, LC_ESTORE, "cannot %s: %s", doing, s->reason);
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
                return lc_fail(cause, LC_ESTORE, "cannot %s: the bookmark database is "
                               "damaged (%s)", doing, msg);
        default:
                return lc_fail(cause, LC_ESTORE, "cannot %s: %s", doing, msg);
        }
}

int store_sql_prep(struct store *s, sqlite3_stmt **st, const char *sql, const char *doing,
                   char **cause)
{
        if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK) {
                *st = NULL;
                return store_sql_fail(s, cause, doing);
        }
        return LC_OK;
}

int store_sql_bind_str(sqlite3_stmt *st, int i, const char *v)
{
        return sqlite3_bind_text(st, i, v ? v : "", -1, SQLITE_STATIC);
}

int store_sql_bind_size(sqlite3_stmt *st, int i, size_t v)
{
        return sqlite3_bind_int64(st, i, (sqlite3_int64)v);
}

/*
 * Run a prepared write to completion and finalize it; bound is the OR of
 * the bind calls' results, so that a failed bind (a value over SQLite's
 * size limit) is reported instead of silently storing NULL.
 */
int store_sql_step_done(struct store *s, sqlite3_stmt *st, int bound, const char *doing,
                        char **cause)
{
        int r = bound == SQLITE_OK && sqlite3_step(st) == SQLITE_DONE
                ? LC_OK : store_sql_fail(s, cause, doing);
        sqlite3_finalize(st);
        return r;
}

int store_sql_run(struct store *s, const char *sql, const char *doing, char **cause)
{
        if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
                return store_sql_fail(s, cause, doing);
        return LC_OK;
}

/*
 * Finish a transaction: commit when r is LC_OK, otherwise (or when the
 * commit fails) roll back, keeping the first error's message.
 */
int store_sql_txn_end(struct store *s, int r, const char *doing, char **cause)
{
        if (r == LC_OK)
                r = store_sql_run(s, "COMMIT", doing, cause);
        if (r != LC_OK && !sqlite3_get_autocommit(s->db))
                sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return r;
}

int store_sql_need_write(struct store *s, const char *doing, char **cause)
{
        if (s->mode == STORE_READ_WRITE)
                return LC_OK;
        return lc_fail(cause, LC_ESTORE, "cannot %s: bookmarks are read-only because %s",
                       doing, s->reason);
}

char *store_sql_col_str(sqlite3_stmt *st, int i)
{
        const unsigned char *t = sqlite3_column_text(st, i);
        size_t n = (size_t)sqlite3_column_bytes(st, i);
        return t ? xstrndup((const char *)t, n) : xstrdup("");
}

size_t store_sql_col_size(sqlite3_stmt *st, int i)
{
        sqlite3_int64 v = sqlite3_column_int64(st, i);
        return v < 0 ? 0 : (size_t)v;
}

/* ------------------------------------------------------------ opening */

static void db_disconnect(struct store *s)
{
        sqlite3_close(s->db);
        s->db = NULL;
}

static int db_connect(struct store *s, bool read_only, bool immutable, char **cause)
{
        bool memory = strcmp(s->path, ":memory:") == 0;
        int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
        /* store_file made the file: SQLite must never create one with its own mode. */
        if (memory)
                flags |= SQLITE_OPEN_CREATE;
        char *uri = immutable ? store_file_uri(s->path, "immutable=1") : NULL;
        if (uri)
                flags |= SQLITE_OPEN_URI;
        int rc = sqlite3_open_v2(uri ? uri : s->path, &s->db, flags, NULL);
        free(uri);
        if (rc != SQLITE_OK) {
                int r = lc_fail(cause, LC_ESTORE, "cannot open %s: %s", s->path,
                                s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
                db_disconnect(s);
                return r;
        }
        sqlite3_extended_result_codes(s->db, 1);
        store_sql_wait(s, s->open_wait_ms ? s->open_wait_ms : STORE_WAIT_MS);
        /* Refuse the SQL features that can corrupt a database by design. */
        sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
        s->mode = read_only ? STORE_READ_ONLY : STORE_READ_WRITE;
        return LC_OK;
}

/* A read-only WAL database whose -shm cannot be made: retry as immutable. */
#define PROBE_NEEDS_IMMUTABLE 1

/*
 * Read the header and check integrity, all without writing. The three
 * header facts come from one statement so they are one consistent snapshot
 * even while another lectern is migrating the same file.
 */
static int probe(struct store *s, char **cause)
{
        static const char head_sql[] =
                "SELECT (SELECT user_version FROM pragma_user_version),"
                " (SELECT application_id FROM pragma_application_id),"
                " (SELECT count(*) FROM sqlite_schema)";
        sqlite3_stmt *st = NULL;
        int r = LC_OK;
        /* Reading the schema happens in prepare: a bad file can fail there. */
        int rc = sqlite3_prepare_v2(s->db, head_sql, -1, &st, NULL);
        if (rc == SQLITE_OK)
                rc = sqlite3_step(st);
        if (rc != SQLITE_ROW) {
                int prim = sqlite3_extended_errcode(s->db) & 0xff;
                if (s->mode == STORE_READ_ONLY && (prim == SQLITE_CANTOPEN || prim == SQLITE_READONLY))
                        r = PROBE_NEEDS_IMMUTABLE;
                else if (prim == SQLITE_NOTADB || prim == SQLITE_CORRUPT)
                        r = lc_fail(cause, LC_ESTORE, "%s is not a lectern database or is "
                                    "damaged (%s); it was left untouched", s->path,
                                    sqlite3_errmsg(s->db));
                else
                        r = store_sql_fail(s, cause, "read the bookmark database");
        }
        if (r == LC_OK) {
                s->version = sqlite3_column_int(st, 0);
                int app = sqlite3_column_int(st, 1);
                int tables = sqlite3_column_int(st, 2);
                if ((app != 0 && app != APPLICATION_ID) || s->version < 0 ||
                    (s->version == 0 && tables > 0))
                        r = lc_fail(cause, LC_ESTORE, "%s is an SQLite database of another "
                                    "program, not lectern's; it was left untouched", s->path);
        }
        sqlite3_finalize(st);
        if (r != LC_OK)
                return r;

        r = store_sql_prep(s, &st, "PRAGMA quick_check(1)", "check the bookmark database", cause);
        if (r != LC_OK)
                return r;
        /* A lock held elsewhere is no verdict: the file may be fine. */
        if (sqlite3_step(st) != SQLITE_ROW) {
                r = store_sql_fail(s, cause, "check the bookmark database");
                sqlite3_finalize(st);
                return r;
        }
        const char *verdict = (const char *)sqlite3_column_text(st, 0);
        if (!verdict || strcmp(verdict, "ok") != 0)
                r = lc_fail(cause, LC_ESTORE, "%s is damaged (%s); it was left untouched",
                            s->path, verdict ? verdict : "no answer");
        sqlite3_finalize(st);
        return r;
}

/* Each step is its own transaction, re-checked under the write lock. */
static int migrate(struct store *s, char **cause)
{
        static const char doing[] = "upgrade the bookmark database";
        while (s->version < SCHEMA_VERSION) {
                int r = store_sql_run(s, "BEGIN IMMEDIATE", doing, cause);
                if (r != LC_OK)
                        return r;
                sqlite3_stmt *st;
                r = store_sql_prep(s, &st, "PRAGMA user_version", doing, cause);
                if (r == LC_OK) {
                        if (sqlite3_step(st) == SQLITE_ROW)
                                s->version = sqlite3_column_int(st, 0);
                        else
                                r = store_sql_fail(s, cause, doing);
                        sqlite3_finalize(st);
                }
                if (r == LC_OK && s->version >= 0 && s->version < SCHEMA_VERSION) {
                        r = store_sql_run(s, migrations[s->version], doing, cause);
                        if (r == LC_OK)
                                s->version++;
                }
                r = store_sql_txn_end(s, r, doing, cause);
                if (r != LC_OK)
                        return r;
        }
        return LC_OK;
}

/* WAL lets a second lectern read while the first writes. */
static int tune(struct store *s, char **cause)
{
        if (strcmp(s->path, ":memory:") == 0)
                return LC_OK;
        sqlite3_stmt *st;
        int r = store_sql_prep(s, &st, "PRAGMA journal_mode = WAL", "set up the bookmark database", cause);
        if (r != LC_OK)
                return r;
        /* A file system without shared memory keeps the old mode; that still works. */
        if (sqlite3_step(st) != SQLITE_ROW)
                r = store_sql_fail(s, cause, "set up the bookmark database");
        sqlite3_finalize(st);
        if (r != LC_OK)
                return r;
        /* A bookmark the user just made must survive a power cut, not just a crash. */
        return store_sql_run(s, "PRAGMA synchronous = FULL", "set up the bookmark database", cause);
}

/*
 * A read-only connection. A WAL database needs a -shm file; where the
 * directory is not writable SQLite cannot make one (or, for root, makes one
 * and litters a directory the user locked), so such a database is read as
 * immutable: nobody can be writing it. Where it is writable, SQLite makes a
 * -wal and a -shm that a read-only connection cannot remove on closing; a
 * WAL database without a -wal has no writer (one keeps the -wal open), so
 * it too is read as immutable and the directory stays as it was. A -wal
 * left by a crash holds data an immutable reader would miss, so then
 * SQLite gets the first try.
 */
static int open_read_only(struct store *s, bool dir_read_only, char **cause)
{
        char *wal = xasprintf("%s-wal", s->path);
        struct stat st;
        bool has_wal = stat(wal, &st) == 0, wal_data = has_wal && st.st_size > 0;
        bool immutable = !has_wal && (dir_read_only || store_file_wal_mode(s->path));
        free(wal);
        int r = db_connect(s, true, immutable, cause);
        if (r == LC_OK)
                r = probe(s, cause);
        if (r == PROBE_NEEDS_IMMUTABLE && !immutable) {
                db_disconnect(s);
                r = db_connect(s, true, true, cause);
                if (r == LC_OK)
                        r = probe(s, cause);
                /* What the -wal holds is not read then: the reason must say so. */
                s->wal_unread = r == LC_OK && wal_data;
        }
        if (r > 0)
                r = lc_fail(cause, LC_ESTORE, "cannot read %s: %s", s->path,
                            sqlite3_errmsg(s->db));
        return r;
}

/*
 * Build a new database (WAL, current schema) under a temporary name and
 * publish it. Two lecterns converting one empty file to WAL at the same
 * moment make SQLite fail with I/O and lock errors; this way each opener
 * finds either no file or a finished one.
 */
static int create_db(const char *path, char **cause)
{
        char *tmp;
        int r = store_file_temp(path, &tmp, cause);
        if (r != LC_OK)
                return r;
        struct store t = {.path = tmp};
        r = db_connect(&t, false, false, cause);
        if (r == LC_OK)
                r = tune(&t, cause);
        if (r == LC_OK)
                r = migrate(&t, cause);
        /* A clean close checkpoints and removes the temporary -wal and -shm. */
        db_disconnect(&t);
        free(t.reason);
        if (r == LC_OK) {
                r = store_file_publish(tmp, path, cause);
        } else {
                const char *suffix[] = {"", "-wal", "-shm"};
                for (size_t i = 0; i < LC_ARRAY_LEN(suffix); i++) {
                        char *f = xasprintf("%s%s", tmp, suffix[i]);
                        unlink(f);
                        free(f);
                }
        }
        free(tmp);
        return r;
}

/* What a reader misses when a -wal holds changes it cannot read. */
#define WAL_UNREAD_FMT "its latest changes (in %s-wal) cannot be read: that takes a -shm " \
                       "file, and the directory is not writable"

static int open_db(struct store *s, char **cause)
{
        char *why = NULL;
        bool dir_read_only = false;
        if (strcmp(s->path, ":memory:") != 0) {
                bool missing;
                int r = store_file_check(s->path, &missing, &why, &dir_read_only, cause);
                if (r == LC_OK && missing)
                        r = create_db(s->path, cause);
                if (r != LC_OK)
                        return r;
        }
        int r;
        if (why) {
                r = open_read_only(s, dir_read_only, cause);
        } else {
                r = db_connect(s, false, false, cause);
                if (r == LC_OK)
                        r = probe(s, cause);
                if (r == LC_OK && s->version > SCHEMA_VERSION) {
                        /* Never downgrade: a newer lectern's data is read, not rewritten. */
                        why = xasprintf("its schema version %d is newer than this lectern "
                                        "understands (%d)", s->version, SCHEMA_VERSION);
                        db_disconnect(s);
                        r = open_read_only(s, false, cause);
                }
        }
        if (r != LC_OK) {
                free(why);
                return r;
        }
        if (why && s->wal_unread) {
                char *more = xasprintf("%s; " WAL_UNREAD_FMT, why, s->path);
                free(why);
                why = more;
        }
        if (why) {
                set_read_only(s, why);
                return LC_OK;
        }
        r = tune(s, cause);
        if (r == LC_OK)
                r = migrate(s, cause);
        return r;
}

int store_open(const char *path, struct store **out, char **cause)
{
        return store_open_within(path, STORE_WAIT_MS, out, cause);
}

int store_open_within(const char *path, int wait_ms, struct store **out, char **cause)
{
        if (!out || wait_ms < 0)
                return LC_EINVAL;
        *out = NULL;
        char *owned = NULL;
        if (!path) {
                int r = store_file_default_path(&owned, cause);
                if (r == LC_OK)
                        r = store_file_make_dirs(owned, cause);
                if (r != LC_OK) {
                        free(owned);
                        return r;
                }
        } else if (!path[0]) {
                return lc_fail(cause, LC_EINVAL, "the database path is empty");
        }
        struct store *s = xcalloc(1, sizeof *s);
        s->path = owned ? owned : xstrdup(path);
        s->open_wait_ms = wait_ms ? wait_ms : 1;
        int r = open_db(s, cause);
        if (r != LC_OK) {
                if (s->busy)
                        r = LC_EBUSY;
                store_free(s);
                return r;
        }
        /* Open, the store waits as long for a write as it always does. */
        if (s->db)
                store_sql_wait(s, STORE_WAIT_MS);
        *out = s;
        return LC_OK;
}

/*
 * For an export: whatever the file holds, read as it is. Nothing is created,
 * converted to WAL or migrated; an empty file is a database with no
 * bookmarks yet, and one of a newer lectern is read all the same.
 */
int store_open_for_reading(const char *path, struct store **out, char **cause)
{
        if (!out)
                return LC_EINVAL;
        *out = NULL;
        if (!path || !path[0] || strcmp(path, ":memory:") == 0)
                return lc_fail(cause, LC_EINVAL, "no database file to read");
        struct store *s = xcalloc(1, sizeof *s);
        s->path = xstrdup(path);
        s->open_wait_ms = STORE_WAIT_MS;
        bool missing = false, dir_read_only = false;
        char *why = NULL;
        int r = store_file_check(s->path, &missing, &why, &dir_read_only, cause);
        free(why);
        if (r == LC_OK && missing)
                r = lc_fail(cause, LC_ESTORE, "no bookmark database at %s", path);
        if (r == LC_OK)
                r = open_read_only(s, dir_read_only, cause);
        if (r != LC_OK) {
                if (s->busy)
                        r = LC_EBUSY;
                store_free(s);
                return r;
        }
        /* Read-only by choice needs no reason; changes it cannot see do. */
        s->reason = s->wal_unread ? xasprintf(WAL_UNREAD_FMT, s->path) : NULL;
        *out = s;
        return LC_OK;
}

void store_free(struct store *s)
{
        if (!s)
                return;
        sqlite3_close(s->db);
        free(s->path);
        free(s->reason);
        free(s);
}

enum store_mode store_mode(const struct store *s)
{
        return s->mode;
}

const char *store_reason(const struct store *s)
{
        return s->mode == STORE_READ_ONLY ? s->reason : NULL;
}

const char *store_path(const struct store *s)
{
        return s->path;
}

int store_schema_version(const struct store *s)
{
        return s->version;
}

int64_t store_data_version(struct store *s)
{
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(s->db, "PRAGMA data_version", -1, &st, NULL) != SQLITE_OK)
                return 0;
        int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_finalize(st);
        return v;
}
