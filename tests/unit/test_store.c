/*
 * Tests for store (and store_file): bookmarks, notes, undo of a delete,
 * reading positions, search history, migrations, file modes, hostile text,
 * and the databases lectern must not damage: read-only, newer, corrupt,
 * someone else's. Process tests fork writers that share one file, and kill
 * one right after a write. Every database lives in a fresh mkdtemp
 * directory. This file includes sqlite3.h to build fixtures by hand, the
 * way an older lectern or another program would have written them,
 * independently of the code under test.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store.h"
#include "store_file.h"
#include "testlib.h"
#include "util.h"

/* ------------------------------------------------------------ fixtures */

static char *dir;

static void make_dir(void)
{
        const char *t = getenv("TMPDIR");
        char *tmpl = xasprintf("%s/lectern-store-XXXXXX", t && t[0] ? t : "/tmp");
        dir = mkdtemp(tmpl);
        cr_assert_not_null(dir, "mkdtemp: %s", strerror(errno));
}

static int unlink_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
        (void)st, (void)flag, (void)f;
        chmod(p, 0700);
        return remove(p) != 0 && errno != ENOENT;
}

static int chmod_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
        (void)st, (void)f;
        chmod(p, flag == FTW_D || flag == FTW_DP ? 0700 : 0600);
        return 0;
}

static void remove_dir(void)
{
        nftw(dir, chmod_one, 16, FTW_PHYS);
        nftw(dir, unlink_one, 16, FTW_DEPTH | FTW_PHYS);
        free(dir);
}

TestSuite(store, .init = make_dir, .fini = remove_dir);

static char *in_dir(const char *name)
{
        return xasprintf("%s/%s", dir, name);
}

static struct store *open_ok(const char *path)
{
        struct store *s = NULL;
        char *cause = NULL;
        int r = store_open(path, &s, &cause);
        cr_assert_eq(r, LC_OK, "store_open(%s): %s", path, cause ? cause : "?");
        cr_assert_not_null(s);
        free(cause);
        return s;
}

static struct bookmark mark(const char *path, size_t start, const char *passage,
                            const char *note)
{
        struct bookmark b = {0};
        b.path = xstrdup(path);
        b.title = xasprintf("《%s》的標題", path);
        b.start = start;
        b.end = start + strlen(passage);
        b.passage = xstrdup(passage);
        b.before = xstrdup("前文");
        b.after = xstrdup("後文");
        b.note = xstrdup(note);
        return b;
}

static int64_t add(struct store *s, const char *path, size_t start, const char *passage,
                   const char *note)
{
        struct bookmark b = mark(path, start, passage, note);
        char *cause = NULL;
        cr_assert_eq(store_bookmark_add(s, &b, &cause), LC_OK, "add: %s", cause);
        int64_t id = b.id;
        cr_assert_gt(id, 0);
        store_bookmark_clear(&b);
        return id;
}

static size_t count(struct store *s)
{
        struct bookmark *v;
        size_t n;
        cr_assert_eq(store_bookmark_list(s, NULL, &v, &n, NULL), LC_OK);
        store_bookmarks_free(v, n);
        return n;
}

static void assert_same_bytes(const char *path, const char *before, size_t blen)
{
        size_t alen;
        char *after = slurp(path, &alen);
        cr_assert_eq(alen, blen, "%s changed size: %zu -> %zu", path, blen, alen);
        cr_assert(memcmp(after, before, blen) == 0, "%s changed its bytes", path);
        free(after);
}

static bool exists(const char *path)
{
        struct stat st;
        return stat(path, &st) == 0;
}

/* Run SQL on a raw connection, as another program would. */
static void raw_sql(const char *path, const char *sql)
{
        sqlite3 *db;
        cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
        char *err = NULL;
        cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, &err), SQLITE_OK, "%s", err);
        sqlite3_close(db);
}

/* Deterministic junk so a failure can be reproduced. */
static void fill_junk(char *buf, size_t n, unsigned seed)
{
        for (size_t i = 0; i < n; i++) {
                seed = seed * 1103515245u + 12345u;
                buf[i] = (char)(seed >> 16);
        }
}

/* ------------------------------------------------------------ bookmarks */

Test(store, add_list_and_get)
{
        struct store *s = open_ok(":memory:");
        cr_assert_eq(store_mode(s), STORE_READ_WRITE);
        cr_assert_null(store_reason(s));
        int64_t b2 = add(s, "b.txt", 30, "第二篇", "");
        int64_t a2 = add(s, "a.txt", 90, "後面的段落", "筆記二");
        int64_t a1 = add(s, "a.txt", 12, "前面的段落", "筆記一");
        cr_assert(a1 != a2 && a2 != b2 && a1 != b2);

        struct bookmark *v;
        size_t n;
        cr_assert_eq(store_bookmark_list(s, NULL, &v, &n, NULL), LC_OK);
        cr_assert_eq(n, 3);
        /* Document order: by path, then by start. */
        cr_assert_eq(v[0].id, a1);
        cr_assert_eq(v[1].id, a2);
        cr_assert_eq(v[2].id, b2);
        cr_assert_str_eq(v[0].passage, "前面的段落");
        cr_assert_str_eq(v[0].note, "筆記一");
        cr_assert_str_eq(v[0].title, "《a.txt》的標題");
        cr_assert_str_eq(v[0].before, "前文");
        cr_assert_str_eq(v[0].after, "後文");
        cr_assert_eq(v[0].start, 12);
        cr_assert_eq(v[0].end, 12 + strlen("前面的段落"));
        cr_assert_gt(v[0].created, 0);
        cr_assert_eq(v[0].updated, v[0].created);
        store_bookmarks_free(v, n);

        cr_assert_eq(store_bookmark_list(s, "b.txt", &v, &n, NULL), LC_OK);
        cr_assert_eq(n, 1);
        cr_assert_eq(v[0].id, b2);
        store_bookmarks_free(v, n);
        cr_assert_eq(store_bookmark_list(s, "none.txt", &v, &n, NULL), LC_OK);
        cr_assert_eq(n, 0);
        cr_assert_null(v);

        struct bookmark one;
        cr_assert_eq(store_bookmark_get(s, a2, &one, NULL), 1);
        cr_assert_str_eq(one.note, "筆記二");
        store_bookmark_clear(&one);
        cr_assert_eq(store_bookmark_get(s, 9999, &one, NULL), 0);
        store_free(s);
}

Test(store, add_rejects_incomplete_bookmarks)
{
        struct store *s = open_ok(":memory:");
        struct bookmark b = mark("a.txt", 10, "段落", "");
        b.end = 2;
        char *cause = NULL;
        cr_assert_eq(store_bookmark_add(s, &b, &cause), LC_EINVAL);
        cr_assert_not_null(cause);
        free(cause);
        free(b.passage);
        b.passage = NULL;
        b.end = 20;
        cr_assert_eq(store_bookmark_add(s, &b, NULL), LC_EINVAL);
        store_bookmark_clear(&b);
        cr_assert_eq(count(s), 0);
        store_free(s);
}

Test(store, edit_note)
{
        struct store *s = open_ok(":memory:");
        int64_t id = add(s, "a.txt", 0, "段落", "舊的筆記");
        cr_assert_eq(store_bookmark_set_note(s, id, NULL, "新的筆記", NULL), LC_OK);
        struct bookmark b;
        cr_assert_eq(store_bookmark_get(s, id, &b, NULL), 1);
        cr_assert_str_eq(b.note, "新的筆記");
        cr_assert_geq(b.updated, b.created);
        store_bookmark_clear(&b);
        cr_assert_eq(store_bookmark_set_note(s, id, NULL, NULL, NULL), LC_OK);
        cr_assert_eq(store_bookmark_get(s, id, &b, NULL), 1);
        cr_assert_str_eq(b.note, "");
        store_bookmark_clear(&b);
        char *cause = NULL;
        cr_assert_eq(store_bookmark_set_note(s, id + 100, NULL, "x", &cause), LC_EINVAL);
        cr_assert_not_null(strstr(cause, "no longer exists"), "%s", cause);
        free(cause);
        store_free(s);
}

/*
 * Two lecterns on one file, as two SSH sessions: each began editing the
 * same note from what it read. The second to save must not overwrite the
 * first without being told; told, it may.
 */
Test(store, a_note_changed_elsewhere_is_not_overwritten_unasked)
{
        char *path = in_dir("notes.db");
        struct store *one = open_ok(path), *two = open_ok(path);
        int64_t id = add(one, "a.txt", 0, "段落", "原來的");
        cr_assert_eq(store_bookmark_set_note(one, id, "原來的", "一號寫的", NULL), LC_OK);
        char *cause = NULL;
        cr_assert_eq(store_bookmark_set_note(two, id, "原來的", "二號寫的", &cause),
                     LC_ECHANGED);
        cr_assert_not_null(strstr(cause, "another lectern"), "%s", cause);
        free(cause);
        struct bookmark b;
        cr_assert_eq(store_bookmark_get(two, id, &b, NULL), 1);
        cr_assert_str_eq(b.note, "一號寫的");
        store_bookmark_clear(&b);
        /* Having seen the other note, the second saves over it. */
        cr_assert_eq(store_bookmark_set_note(two, id, "一號寫的", "二號寫的", NULL), LC_OK);
        cr_assert_eq(store_bookmark_get(one, id, &b, NULL), 1);
        cr_assert_str_eq(b.note, "二號寫的");
        store_bookmark_clear(&b);
        /* An empty note is a note like any other; gone is gone, not changed. */
        cr_assert_eq(store_bookmark_set_note(one, id, "二號寫的", NULL, NULL), LC_OK);
        cr_assert_eq(store_bookmark_set_note(two, id, "二號寫的", "x", NULL), LC_ECHANGED);
        cr_assert_eq(store_bookmark_set_note(two, id, "", "x", NULL), LC_OK);
        cr_assert_eq(store_bookmark_delete(one, id, NULL), LC_OK);
        cr_assert_eq(store_bookmark_set_note(two, id, "x", "y", NULL), LC_EINVAL);
        cr_assert_eq(count(two), 0);
        store_free(one);
        store_free(two);
        free(path);
}

/* The data version moves for what another connection commits, not for one's own. */
Test(store, the_data_version_tells_of_other_lecterns)
{
        char *path = in_dir("version.db");
        struct store *one = open_ok(path), *two = open_ok(path);
        int64_t v1 = store_data_version(one);
        cr_assert_neq(v1, 0);
        add(one, "a.txt", 0, "段落", "");
        cr_assert_eq(store_data_version(one), v1, "its own commit moved it");
        int64_t v2 = store_data_version(two);
        add(two, "a.txt", 3, "段子", "");
        cr_assert_eq(store_data_version(two), v2);
        cr_assert_neq(store_data_version(one), v1, "another's commit did not move it");
        store_free(one);
        store_free(two);
        free(path);
}

/*
 * A delete says what it deleted, as the database held it: a note another
 * lectern saved after this one read the bookmark is what undo brings back.
 */
Test(store, a_delete_returns_what_was_there_for_undo)
{
        char *path = in_dir("take.db");
        struct store *one = open_ok(path), *two = open_ok(path);
        int64_t id = add(one, "a.txt", 0, "段落", "一號讀到的");
        cr_assert_eq(store_bookmark_set_note(two, id, "一號讀到的", "二號後來寫的", NULL), LC_OK);
        struct bookmark was;
        cr_assert_eq(store_bookmark_take(one, id, &was, NULL), 1);
        cr_assert_eq(was.id, id);
        cr_assert_str_eq(was.note, "二號後來寫的");
        cr_assert_str_eq(was.passage, "段落");
        cr_assert_str_eq(was.path, "a.txt");
        cr_assert_eq(count(two), 0);
        /* Gone already: nothing to take, and no error. */
        struct bookmark none;
        cr_assert_eq(store_bookmark_take(two, id, &none, NULL), 0);
        cr_assert_null(none.note);
        cr_assert_eq(store_bookmark_restore(one, &was, NULL), LC_OK);
        struct bookmark b;
        cr_assert_eq(store_bookmark_get(two, id, &b, NULL), 1);
        cr_assert_str_eq(b.note, "二號後來寫的");
        store_bookmark_clear(&b);
        store_bookmark_clear(&was);
        store_free(one);
        store_free(two);
        free(path);
}

/*
 * Two lecterns bookmark one passage, each having seen it unmarked: the
 * second joins the first's bookmark instead of doubling it, adding its note
 * only where no note is lost, and says so when both typed different notes.
 */
Test(store, one_passage_bookmarked_twice_stays_one_bookmark)
{
        char *path = in_dir("twice.db");
        struct store *one = open_ok(path), *two = open_ok(path);
        int64_t id = add(one, "a.txt", 0, "段落", "");
        cr_assert_eq(add(two, "a.txt", 0, "段落", "二號的筆記"), id);
        cr_assert_eq(add(one, "a.txt", 0, "段落", ""), id);
        cr_assert_eq(add(one, "a.txt", 0, "段落", "二號的筆記"), id);
        struct bookmark b = mark("a.txt", 0, "段落", "一號的筆記");
        char *cause = NULL;
        cr_assert_eq(store_bookmark_add(one, &b, &cause), LC_ECHANGED);
        cr_assert_eq(b.id, id);
        cr_assert_not_null(strstr(cause, "another lectern"), "%s", cause);
        free(cause);
        store_bookmark_clear(&b);
        cr_assert_eq(count(one), 1);
        cr_assert_eq(store_bookmark_get(one, id, &b, NULL), 1);
        cr_assert_str_eq(b.note, "二號的筆記");
        store_bookmark_clear(&b);
        /* Another range, or the same range of an edited file, is another bookmark. */
        cr_assert_neq(add(two, "a.txt", 3, "段落", ""), id);
        cr_assert_neq(add(two, "a.txt", 0, "段子", ""), id);
        cr_assert_neq(add(two, "b.txt", 0, "段落", ""), id);
        cr_assert_eq(count(one), 4);
        store_free(one);
        store_free(two);
        free(path);
}

/* Saving what the other lectern already saved is no conflict. */
Test(store, a_note_already_reading_the_same_is_saved)
{
        struct store *s = open_ok(":memory:");
        int64_t id = add(s, "a.txt", 0, "段落", "原來的");
        cr_assert_eq(store_bookmark_set_note(s, id, NULL, "兩邊都寫的", NULL), LC_OK);
        cr_assert_eq(store_bookmark_set_note(s, id, "原來的", "兩邊都寫的", NULL), LC_OK);
        cr_assert_eq(store_bookmark_set_note(s, id, "原來的", "另一個", NULL), LC_ECHANGED);
        store_free(s);
}

Test(store, delete_and_undo_keep_id_and_dates)
{
        struct store *s = open_ok(":memory:");
        int64_t keep = add(s, "a.txt", 0, "留下", "");
        int64_t gone = add(s, "a.txt", 10, "刪掉", "要恢復的筆記");
        struct bookmark saved;
        cr_assert_eq(store_bookmark_get(s, gone, &saved, NULL), 1);
        saved.created = 1000000000;   /* an old bookmark: the date must come back */
        saved.updated = 1000000500;

        cr_assert_eq(store_bookmark_delete(s, gone, NULL), LC_OK);
        cr_assert_eq(count(s), 1);
        /* A new bookmark must not take the deleted one's id. */
        int64_t fresh = add(s, "a.txt", 20, "新的", "");
        cr_assert_neq(fresh, gone);
        cr_assert_neq(fresh, keep);

        cr_assert_eq(store_bookmark_restore(s, &saved, NULL), LC_OK);
        struct bookmark back;
        cr_assert_eq(store_bookmark_get(s, gone, &back, NULL), 1);
        cr_assert_str_eq(back.note, "要恢復的筆記");
        cr_assert_str_eq(back.passage, "刪掉");
        cr_assert_eq(back.created, 1000000000);
        cr_assert_eq(back.updated, 1000000500);
        store_bookmark_clear(&back);
        cr_assert_eq(count(s), 3);

        char *cause = NULL;
        cr_assert_eq(store_bookmark_restore(s, &saved, &cause), LC_EINVAL,
                     "restoring twice must not duplicate");
        cr_assert_not_null(strstr(cause, "already exists"), "%s", cause);
        free(cause);
        cr_assert_eq(count(s), 3);
        store_bookmark_clear(&saved);
        store_free(s);
}

/*
 * An undo after another lectern bookmarked the passage again joins that
 * bookmark instead of doubling it, unless both carry different notes:
 * then both stay, so that neither note is lost.
 */
Test(store, undo_after_the_passage_was_bookmarked_again_elsewhere)
{
        char *path = in_dir("undo.db");
        struct store *one = open_ok(path), *two = open_ok(path);
        int64_t id = add(one, "a.txt", 0, "段落", "一號的筆記");
        struct bookmark saved, b;
        cr_assert_eq(store_bookmark_get(one, id, &saved, NULL), 1);
        cr_assert_eq(store_bookmark_delete(one, id, NULL), LC_OK);
        int64_t again = add(two, "a.txt", 0, "段落", "");
        cr_assert_eq(store_bookmark_restore(one, &saved, NULL), LC_OK);
        cr_assert_eq(saved.id, again);
        cr_assert_eq(count(one), 1);
        cr_assert_eq(store_bookmark_get(two, again, &b, NULL), 1);
        cr_assert_str_eq(b.note, "一號的筆記");
        store_bookmark_clear(&b);

        cr_assert_eq(store_bookmark_delete(one, again, NULL), LC_OK);
        int64_t third = add(two, "a.txt", 0, "段落", "二號的筆記");
        cr_assert_eq(store_bookmark_restore(one, &saved, NULL), LC_OK);
        cr_assert_eq(saved.id, again);
        cr_assert_eq(count(one), 2);
        cr_assert_eq(store_bookmark_get(two, again, &b, NULL), 1);
        cr_assert_str_eq(b.note, "一號的筆記");
        store_bookmark_clear(&b);
        cr_assert_eq(store_bookmark_get(two, third, &b, NULL), 1);
        cr_assert_str_eq(b.note, "二號的筆記");
        store_bookmark_clear(&b);
        store_bookmark_clear(&saved);
        store_free(one);
        store_free(two);
        free(path);
}

Test(store, relocate_moves_range_only)
{
        struct store *s = open_ok(":memory:");
        int64_t id = add(s, "old/a.txt", 5, "段落", "筆記");
        struct bookmark b;
        cr_assert_eq(store_bookmark_get(s, id, &b, NULL), 1);
        free(b.path);
        b.path = xstrdup("new/a.txt");
        free(b.before);
        b.before = xstrdup("新的前文");
        b.start = 50;
        b.end = 56;
        cr_assert_eq(store_bookmark_relocate(s, &b, NULL), LC_OK);
        store_bookmark_clear(&b);
        cr_assert_eq(store_bookmark_get(s, id, &b, NULL), 1);
        cr_assert_str_eq(b.path, "new/a.txt");
        cr_assert_str_eq(b.before, "新的前文");
        cr_assert_eq(b.start, 50);
        cr_assert_eq(b.end, 56);
        cr_assert_str_eq(b.passage, "段落");
        cr_assert_str_eq(b.note, "筆記");
        store_bookmark_clear(&b);
        store_free(s);
}

/* ------------------------------------------------------------ positions, history */

Test(store, positions_per_path_and_last_document)
{
        struct store *s = open_ok(":memory:");
        struct position p;
        cr_assert_eq(store_position_last(s, &p, NULL), 0, "nothing read yet");
        cr_assert_eq(store_position_set(s, "a.txt", 120, "勞模精神", NULL), LC_OK);
        cr_assert_eq(store_position_set(s, "b.txt", 7, "工匠精神", NULL), LC_OK);

        cr_assert_eq(store_position_get(s, "a.txt", &p, NULL), 1);
        cr_assert_eq(p.offset, 120);
        cr_assert_str_eq(p.context, "勞模精神");
        store_position_clear(&p);
        cr_assert_eq(store_position_last(s, &p, NULL), 1);
        cr_assert_str_eq(p.path, "b.txt");
        store_position_clear(&p);

        /* Going back to a.txt (in the same second) makes it the last one. */
        cr_assert_eq(store_position_set(s, "a.txt", 300, "新的位置", NULL), LC_OK);
        cr_assert_eq(store_position_last(s, &p, NULL), 1);
        cr_assert_str_eq(p.path, "a.txt");
        cr_assert_eq(p.offset, 300);
        store_position_clear(&p);
        cr_assert_eq(store_position_get(s, "b.txt", &p, NULL), 1);
        cr_assert_eq(p.offset, 7, "each document keeps its own position");
        store_position_clear(&p);
        cr_assert_eq(store_position_get(s, "c.txt", &p, NULL), 0);
        store_free(s);
}

Test(store, history_dedupes_and_recalls_most_recent_first)
{
        struct store *s = open_ok(":memory:");
        const char *queries[] = {"改革開放", "勞模精神", "工匠", "改革開放", "", "勞動(dòng)"};
        for (size_t i = 0; i < LC_ARRAY_LEN(queries); i++)
                cr_assert_eq(store_history_add(s, queries[i], NULL), LC_OK);
        char **v;
        size_t n;
        cr_assert_eq(store_history_list(s, &v, &n, NULL), LC_OK);
        const char *want[] = {"勞動(dòng)", "改革開放", "工匠", "勞模精神"};
        cr_assert_eq(n, LC_ARRAY_LEN(want));
        for (size_t i = 0; i < n; i++)
                cr_assert_str_eq(v[i], want[i]);
        store_strings_free(v, n);
        store_free(s);
}

Test(store, history_is_capped)
{
        struct store *s = open_ok(":memory:");
        for (int i = 0; i < STORE_HISTORY_MAX + 50; i++) {
                char q[32];
                snprintf(q, sizeof q, "查詢%d", i);
                cr_assert_eq(store_history_add(s, q, NULL), LC_OK);
        }
        char **v;
        size_t n;
        cr_assert_eq(store_history_list(s, &v, &n, NULL), LC_OK);
        cr_assert_eq(n, STORE_HISTORY_MAX);
        char want[32];
        snprintf(want, sizeof want, "查詢%d", STORE_HISTORY_MAX + 49);
        cr_assert_str_eq(v[0], want);
        snprintf(want, sizeof want, "查詢%d", 50);
        cr_assert_str_eq(v[n - 1], want, "the oldest are dropped first");
        store_strings_free(v, n);
        store_free(s);
}

/* ------------------------------------------------------------ files, modes, migrations */

Test(store, default_location_is_private)
{
        char *xdg = in_dir("xdg/data");
        setenv("XDG_DATA_HOME", xdg, 1);
        /* A careless umask must not leak the database. */
        umask(0);
        struct store *s = open_ok(NULL);
        char *want = xasprintf("%s/lectern/lectern.db", xdg);
        cr_assert_str_eq(store_path(s), want);
        add(s, "a.txt", 0, "段落", "");
        store_free(s);

        struct stat st;
        cr_assert_eq(stat(want, &st), 0);
        cr_assert_eq(st.st_mode & 07777, 0600, "file mode %o", st.st_mode & 07777);
        char *ldir = xasprintf("%s/lectern", xdg);
        cr_assert_eq(stat(ldir, &st), 0);
        cr_assert_eq(st.st_mode & 07777, 0700, "directory mode %o", st.st_mode & 07777);
        free(ldir);
        free(want);
        free(xdg);
}

Test(store, default_path_rules)
{
        char *p = NULL;
        setenv("HOME", "/home/reader", 1);
        setenv("XDG_DATA_HOME", "relative/ignored", 1);
        cr_assert_eq(store_file_default_path(&p, NULL), LC_OK);
        cr_assert_str_eq(p, "/home/reader/.local/share/lectern/lectern.db");
        free(p);
        setenv("XDG_DATA_HOME", "/data", 1);
        cr_assert_eq(store_file_default_path(&p, NULL), LC_OK);
        cr_assert_str_eq(p, "/data/lectern/lectern.db");
        free(p);
        unsetenv("XDG_DATA_HOME");
        unsetenv("HOME");
        char *cause = NULL;
        cr_assert_eq(store_file_default_path(&p, &cause), LC_ESTORE);
        cr_assert_not_null(cause);
        free(cause);
}

Test(store, explicit_path_needs_existing_directory)
{
        char *path = in_dir("missing/lectern.db");
        struct store *s = NULL;
        char *cause = NULL;
        cr_assert_lt(store_open(path, &s, &cause), 0);
        cr_assert_null(s);
        cr_assert_not_null(cause);
        cr_assert(!exists(path));
        free(cause);
        free(path);
        cr_assert_lt(store_open(dir, &s, NULL), 0, "a directory is not a database");
}

Test(store, migrates_from_empty_file)
{
        char *path = in_dir("empty.db");
        int fd = open(path, O_CREAT | O_WRONLY, 0600);
        close(fd);
        struct store *s = open_ok(path);
        cr_assert_eq(store_schema_version(s), 2);
        add(s, "a.txt", 0, "段落", "");
        cr_assert_eq(store_history_add(s, "查詢", NULL), LC_OK);
        store_free(s);
        s = open_ok(path);
        cr_assert_eq(count(s), 1, "committed, and kept across a reopen");
        store_free(s);
        free(path);
}

/* Version 1 exactly as the first release wrote it. */
static const char v1_schema[] =
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
        "PRAGMA application_id = 1279480914;"
        "PRAGMA user_version = 1;";

Test(store, migrates_hand_made_version_1)
{
        char *path = in_dir("v1.db");
        char *sql = xasprintf("%s INSERT INTO bookmarks VALUES (7, 'a.txt', '標題', 3, 9,"
                              " '舊段落', '前', '後', '舊筆記', 1600000000, 1600000000);"
                              " INSERT INTO positions VALUES ('a.txt', 42, '上下文', 1600000000, 1);",
                              v1_schema);
        raw_sql(path, sql);
        free(sql);

        struct store *s = open_ok(path);
        cr_assert_eq(store_mode(s), STORE_READ_WRITE);
        cr_assert_eq(store_schema_version(s), 2);
        struct bookmark b;
        cr_assert_eq(store_bookmark_get(s, 7, &b, NULL), 1);
        cr_assert_str_eq(b.note, "舊筆記");
        cr_assert_eq(b.created, 1600000000);
        store_bookmark_clear(&b);
        struct position p;
        cr_assert_eq(store_position_last(s, &p, NULL), 1);
        cr_assert_eq(p.offset, 42);
        store_position_clear(&p);
        cr_assert_eq(store_history_add(s, "新的查詢", NULL), LC_OK, "version 2 added history");
        int64_t id = add(s, "a.txt", 20, "新段落", "");
        cr_assert_gt(id, 7);
        store_free(s);
        free(path);
}

Test(store, newer_schema_opens_read_only_and_untouched)
{
        char *path = in_dir("newer.db");
        struct store *s = open_ok(path);
        add(s, "a.txt", 0, "未來的段落", "");
        store_free(s);
        raw_sql(path, "PRAGMA user_version = 99");
        size_t len;
        char *bytes = slurp(path, &len);

        s = open_ok(path);
        cr_assert_eq(store_mode(s), STORE_READ_ONLY);
        cr_assert_not_null(strstr(store_reason(s), "newer"), "%s", store_reason(s));
        cr_assert_eq(store_schema_version(s), 99, "never downgraded");
        cr_assert_eq(count(s), 1, "still readable");
        char *cause = NULL;
        struct bookmark b = mark("a.txt", 5, "段落", "");
        cr_assert_eq(store_bookmark_add(s, &b, &cause), LC_ESTORE);
        cr_assert_not_null(strstr(cause, "read-only"), "%s", cause);
        free(cause);
        store_bookmark_clear(&b);
        cr_assert_eq(store_history_add(s, "查詢", NULL), LC_ESTORE);
        store_free(s);
        assert_same_bytes(path, bytes, len);
        free(bytes);
        free(path);
}

/* Make a database with one bookmark in dir/sub, then lock the pair down. */
static char *read_only_fixture(const char *sub)
{
        char *d = in_dir(sub);
        cr_assert_eq(mkdir(d, 0700), 0);
        char *path = xasprintf("%s/lectern.db", d);
        struct store *s = open_ok(path);
        add(s, "a.txt", 3, "只讀的段落", "只讀的筆記");
        store_free(s);
        cr_assert_eq(chmod(path, 0400), 0);
        cr_assert_eq(chmod(d, 0500), 0);
        free(d);
        return path;
}

static void assert_read_only_usable(const char *path)
{
        struct store *s = open_ok(path);
        cr_assert_eq(store_mode(s), STORE_READ_ONLY);
        cr_assert_not_null(store_reason(s));
        cr_assert_not_null(strstr(store_reason(s), "not writable"), "%s", store_reason(s));
        struct bookmark *v;
        size_t n;
        cr_assert_eq(store_bookmark_list(s, NULL, &v, &n, NULL), LC_OK);
        cr_assert_eq(n, 1);
        cr_assert_str_eq(v[0].note, "只讀的筆記");
        store_bookmarks_free(v, n);
        char *cause = NULL;
        cr_assert_eq(store_bookmark_set_note(s, 1, NULL, "改", &cause), LC_ESTORE);
        cr_assert_not_null(cause);
        free(cause);
        cr_assert_eq(store_position_set(s, "a.txt", 1, "", NULL), LC_ESTORE);
        store_free(s);
}

Test(store, read_only_database_is_read_and_left_alone)
{
        char *path = read_only_fixture("ro");
        size_t len;
        char *bytes = slurp(path, &len);
        assert_read_only_usable(path);
        assert_same_bytes(path, bytes, len);
        char *shm = xasprintf("%s-shm", path), *wal = xasprintf("%s-wal", path);
        cr_assert(!exists(shm) && !exists(wal), "nothing new in a read-only directory");
        free(shm);
        free(wal);
        free(bytes);
        free(path);
}

/*
 * Root passes every permission check, so run the read-only case again as
 * an ordinary user: only then does SQLite itself meet the unwritable
 * directory (no -shm for a WAL database).
 */
Test(store, read_only_database_for_an_unprivileged_user)
{
        if (geteuid() != 0)
                cr_skip_test("covered by read_only_database_is_read_and_left_alone");
        const uid_t nobody = 65534;
        cr_assert_eq(chmod(dir, 0755), 0);
        char *path = read_only_fixture("ro-user");
        char *d = in_dir("ro-user");
        cr_assert_eq(chown(path, nobody, nobody), 0);
        cr_assert_eq(chown(d, nobody, nobody), 0);
        size_t len;
        char *bytes = slurp(path, &len);
        pid_t pid = fork();
        cr_assert_neq(pid, -1);
        if (pid == 0) {
                if (setgid(nobody) != 0 || setuid(nobody) != 0)
                        _exit(3);
                struct store *s = NULL;
                char *cause = NULL;
                int r = store_open(path, &s, &cause);
                struct bookmark *v = NULL;
                size_t n = 0;
                bool ok = r == LC_OK && store_mode(s) == STORE_READ_ONLY &&
                          store_bookmark_list(s, NULL, &v, &n, NULL) == LC_OK && n == 1 &&
                          strcmp(v[0].note, "只讀的筆記") == 0 &&
                          store_bookmark_delete(s, v[0].id, NULL) == LC_ESTORE;
                if (!ok)
                        fprintf(stderr, "unprivileged open: %d %s\n", r, cause ? cause : "");
                _exit(ok ? 0 : 1);
        }
        int status;
        cr_assert_eq(waitpid(pid, &status, 0), pid);
        cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d", status);
        assert_same_bytes(path, bytes, len);
        free(bytes);
        free(d);
        free(path);
}

/*
 * The same, with the last bookmark still in the -wal (its writer died
 * before a checkpoint) and no -shm beside it: an ordinary user cannot read
 * what the -wal holds, and the reason says so rather than hide it.
 */
Test(store, read_only_wal_without_shm_says_what_is_not_shown)
{
        if (geteuid() != 0)
                cr_skip_test("needs root to act as another user");
        const uid_t nobody = 65534;
        cr_assert_eq(chmod(dir, 0755), 0);
        char *d = in_dir("ro-wal");
        cr_assert_eq(mkdir(d, 0700), 0);
        char *path = xasprintf("%s/lectern.db", d);
        struct store *s = open_ok(path);
        add(s, "a.txt", 3, "合併了的段落", "");
        store_free(s);
        pid_t pid = fork();
        cr_assert_neq(pid, -1);
        if (pid == 0) {
                struct store *w = NULL;
                struct bookmark b = mark("a.txt", 9, "還在wal裡的段落", "");
                bool ok = store_open(path, &w, NULL) == LC_OK &&
                          store_bookmark_add(w, &b, NULL) == LC_OK;
                _exit(ok ? 0 : 1);      /* no close, so no checkpoint */
        }
        int status;
        cr_assert_eq(waitpid(pid, &status, 0), pid);
        cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the writer failed");
        char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
        struct stat st;
        cr_assert(stat(wal, &st) == 0 && st.st_size > 0, "the -wal holds the last bookmark");
        cr_assert_eq(unlink(shm), 0);
        cr_assert_eq(chmod(path, 0400), 0);
        cr_assert_eq(chown(path, nobody, nobody), 0);
        cr_assert_eq(chown(wal, nobody, nobody), 0);
        cr_assert_eq(chmod(d, 0500), 0);
        cr_assert_eq(chown(d, nobody, nobody), 0);
        pid = fork();
        cr_assert_neq(pid, -1);
        if (pid == 0) {
                if (setgid(nobody) != 0 || setuid(nobody) != 0)
                        _exit(3);
                struct store *r = NULL;
                char *cause = NULL;
                int rc = store_open(path, &r, &cause);
                const char *why = rc == LC_OK ? store_reason(r) : NULL;
                bool ok = rc == LC_OK && store_mode(r) == STORE_READ_ONLY && why &&
                          strstr(why, "not writable") && strstr(why, "-wal) cannot be read");
                if (!ok)
                        fprintf(stderr, "unprivileged open: %d %s %s\n", rc,
                                cause ? cause : "", why ? why : "");
                /* An export reads as much, and says as much. */
                struct store *e = NULL;
                rc = store_open_for_reading(path, &e, &cause);
                why = rc == LC_OK ? store_reason(e) : NULL;
                bool told = why && strstr(why, "-wal) cannot be read");
                if (!told)
                        fprintf(stderr, "open for reading: %d %s\n", rc, why ? why : "");
                _exit(ok && told ? 0 : 1);
        }
        cr_assert_eq(waitpid(pid, &status, 0), pid);
        cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d", status);
        cr_assert_eq(access(shm, F_OK), -1, "no -shm appeared in the read-only directory");
        free(wal);
        free(shm);
        free(path);
        free(d);
}

/*
 * An export opens a database only to read it: an empty file, a newer
 * lectern's database and another program's all stay byte-identical, and a
 * missing file is an error rather than a new database.
 */
Test(store, opening_for_reading_writes_nothing)
{
        char *empty = in_dir("empty.db");
        fclose(fopen(empty, "w"));
        struct store *s = NULL;
        char *cause = NULL;
        cr_assert_eq(store_open_for_reading(empty, &s, &cause), LC_OK, "%s", cause);
        cr_assert_eq(store_mode(s), STORE_READ_ONLY);
        cr_assert_null(store_reason(s));
        cr_assert_eq(count(s), 0);
        store_free(s);
        assert_same_bytes(empty, "", 0);
        char *wal = xasprintf("%s-wal", empty);
        cr_assert(!exists(wal), "an export made a -wal");
        free(wal);

        char *newer = in_dir("newer.db");
        s = open_ok(newer);
        add(s, "a.txt", 0, "段落", "新版的筆記");
        store_free(s);
        raw_sql(newer, "PRAGMA user_version = 99");
        size_t n;
        char *before = slurp(newer, &n);
        cr_assert_eq(store_open_for_reading(newer, &s, NULL), LC_OK);
        cr_assert_eq(count(s), 1);
        store_free(s);
        assert_same_bytes(newer, before, n);
        free(before);

        char *foreign = in_dir("foreign.db");
        raw_sql(foreign, "CREATE TABLE t (x)");
        before = slurp(foreign, &n);
        cr_assert_lt(store_open_for_reading(foreign, &s, &cause), 0);
        cr_assert_not_null(strstr(cause, "another program"), "%s", cause);
        free(cause);
        cause = NULL;
        assert_same_bytes(foreign, before, n);
        free(before);

        char *missing = in_dir("missing.db");
        cr_assert_lt(store_open_for_reading(missing, &s, &cause), 0);
        cr_assert_not_null(strstr(cause, "no bookmark database"), "%s", cause);
        free(cause);
        cause = NULL;
        cr_assert(!exists(missing), "an export created the database");
        free(empty);
        free(newer);
        free(foreign);
        free(missing);
}

/*
 * lectern's own database is in WAL mode, and a clean close leaves no -wal
 * or -shm beside it. Reading it for an export must not leave them either:
 * the directory is as it was, not only the file.
 */
Test(store, opening_for_reading_leaves_no_wal_or_shm)
{
        char *path = in_dir("wal.db");
        struct store *s = open_ok(path);
        add(s, "a.txt", 0, "段落", "筆記");
        store_free(s);
        char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
        cr_assert(!exists(wal) && !exists(shm), "a clean close leaves no -wal or -shm");
        size_t n;
        char *before = slurp(path, &n);
        char *cause = NULL;
        cr_assert_eq(store_open_for_reading(path, &s, &cause), LC_OK, "%s", cause);
        cr_assert_null(store_reason(s));
        cr_assert_eq(count(s), 1);
        store_free(s);
        assert_same_bytes(path, before, n);
        cr_assert(!exists(wal), "an export left a -wal");
        cr_assert(!exists(shm), "an export left a -shm");
        free(before);
        free(wal);
        free(shm);
        free(path);
}

static void assert_refused(const char *path, const char *why)
{
        size_t len;
        char *bytes = slurp(path, &len);
        struct store *s = NULL;
        char *cause = NULL;
        cr_assert_eq(store_open(path, &s, &cause), LC_ESTORE);
        cr_assert_null(s);
        cr_assert_not_null(cause);
        cr_assert_not_null(strstr(cause, why), "cause: %s", cause);
        cr_assert_not_null(strstr(cause, "left untouched"), "cause: %s", cause);
        free(cause);
        assert_same_bytes(path, bytes, len);
        char *wal = xasprintf("%s-wal", path);
        cr_assert(!exists(wal), "no WAL file was started next to it");
        free(wal);
        free(bytes);
}

Test(store, random_bytes_are_refused_untouched)
{
        char *path = in_dir("random.db");
        static char junk[65536];
        fill_junk(junk, sizeof junk, 7);
        FILE *f = fopen(path, "wb");
        cr_assert_eq(fwrite(junk, 1, sizeof junk, f), sizeof junk);
        fclose(f);
        assert_refused(path, "not a lectern database or is damaged");
        free(path);
}

Test(store, overwritten_header_page_is_refused_untouched)
{
        char *path = in_dir("header.db");
        struct store *s = open_ok(path);
        for (int i = 0; i < 50; i++)
                add(s, "a.txt", (size_t)i * 10, "一段會被毀掉的文字", "筆記");
        store_free(s);
        char page[4096];
        fill_junk(page, sizeof page, 11);
        int fd = open(path, O_WRONLY);
        cr_assert_eq(pwrite(fd, page, sizeof page, 0), (ssize_t)sizeof page);
        close(fd);
        assert_refused(path, "damaged");
        free(path);
}

Test(store, another_programs_database_is_refused_untouched)
{
        char *path = in_dir("other.db");
        raw_sql(path, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL);"
                      "INSERT INTO invoices VALUES (1, 9.5);");
        assert_refused(path, "another program");
        raw_sql(path, "PRAGMA application_id = 42");
        assert_refused(path, "another program");
        free(path);
}

/* ------------------------------------------------------------ hostile text */

Test(store, hostile_text_round_trips_exactly)
{
        char *path = in_dir("hostile.db");
        size_t big = 1 << 20;
        char *mega = xmalloc(big + 1);
        for (size_t i = 0; i < big; i++)
                mega[i] = "勞動精神"[i % strlen("勞動精神")];
        mega[big] = '\0';
        char junk[4096];
        fill_junk(junk, sizeof junk - 1, 3);
        for (size_t i = 0; i < sizeof junk - 1; i++)
                if (junk[i] == '\0')
                        junk[i] = '\x01';
        junk[sizeof junk - 1] = '\0';
        const char *notes[] = {
                "it's \"quoted\" and `ticked`",
                "'); DROP TABLE bookmarks; --",
                "\"; DELETE FROM positions WHERE 1=1; --",
                "%s %n %% ? ?1 :name @x $y",
                mega,
                junk,
                "\xff\xfe invalid \xc3( utf-8 \xed\xa0\x80",
        };
        struct store *s = open_ok(path);
        int64_t ids[LC_ARRAY_LEN(notes)];
        for (size_t i = 0; i < LC_ARRAY_LEN(notes); i++) {
                struct bookmark b = mark("dir/it's \"a\".txt", i, notes[i], notes[i]);
                cr_assert_eq(store_bookmark_add(s, &b, NULL), LC_OK, "note %zu", i);
                ids[i] = b.id;
                store_bookmark_clear(&b);
        }
        cr_assert_eq(store_position_set(s, "'); DROP TABLE positions; --", 1, junk, NULL), LC_OK);
        cr_assert_eq(store_history_add(s, "'); DROP TABLE history; --", NULL), LC_OK);
        store_free(s);

        s = open_ok(path);
        for (size_t i = 0; i < LC_ARRAY_LEN(notes); i++) {
                struct bookmark b;
                cr_assert_eq(store_bookmark_get(s, ids[i], &b, NULL), 1);
                cr_assert_eq(strlen(b.note), strlen(notes[i]), "note %zu length", i);
                cr_assert(memcmp(b.note, notes[i], strlen(notes[i])) == 0, "note %zu bytes", i);
                cr_assert(strcmp(b.passage, notes[i]) == 0, "passage %zu", i);
                cr_assert_str_eq(b.path, "dir/it's \"a\".txt");
                store_bookmark_clear(&b);
        }
        struct position p;
        cr_assert_eq(store_position_get(s, "'); DROP TABLE positions; --", &p, NULL), 1);
        cr_assert(strcmp(p.context, junk) == 0);
        store_position_clear(&p);
        char **h;
        size_t n;
        cr_assert_eq(store_history_list(s, &h, &n, NULL), LC_OK);
        cr_assert_eq(n, 1);
        cr_assert_str_eq(h[0], "'); DROP TABLE history; --");
        store_strings_free(h, n);
        store_free(s);
        free(mega);
        free(path);
}

/* ------------------------------------------------------------ processes */

/* Writer who adds n bookmarks, its own (at who * 100000) or, when same, the other's too. */
static void writer(const char *path, int gate, int who, int n, bool same)
{
        char c;
        /* Wait until the parent opens the gate, so both start together. */
        if (read(gate, &c, 1) < 0)
                _exit(4);
        struct store *s = NULL;
        char *cause = NULL;
        if (store_open(path, &s, &cause) != LC_OK) {
                fprintf(stderr, "writer %d: open: %s\n", who, cause);
                _exit(2);
        }
        for (int i = 0; i < n; i++) {
                size_t at = (size_t)((same ? 0 : who * 100000) + i);
                struct bookmark b = mark("shared.txt", at, "同時寫入", "");
                if (store_bookmark_add(s, &b, &cause) != LC_OK) {
                        fprintf(stderr, "writer %d: add %d: %s\n", who, i, cause);
                        _exit(1);
                }
                store_bookmark_clear(&b);
        }
        store_free(s);
        _exit(0);
}

/* Two processes add n bookmarks each at once; the file ends up holding every distinct one. */
static void two_writers(const char *path, int n, bool same)
{
        int gate[2];
        cr_assert_eq(pipe(gate), 0);
        pid_t pids[2];
        for (int w = 0; w < 2; w++) {
                pids[w] = fork();
                cr_assert_neq(pids[w], -1);
                if (pids[w] == 0) {
                        close(gate[1]);
                        writer(path, gate[0], w, n, same);
                }
        }
        close(gate[0]);
        close(gate[1]);
        for (int w = 0; w < 2; w++) {
                int status;
                cr_assert_eq(waitpid(pids[w], &status, 0), pids[w]);
                cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                          "writer %d failed (status %d)", w, status);
        }
        struct store *s = open_ok(path);
        struct bookmark *v;
        size_t total;
        cr_assert_eq(store_bookmark_list(s, NULL, &v, &total, NULL), LC_OK);
        cr_assert_eq(total, (size_t)(same ? n : 2 * n));
        size_t per[2] = {0, 0};
        for (size_t i = 0; i < total; i++)
                per[v[i].start / 100000]++;
        cr_assert_eq(per[0], (size_t)n);
        cr_assert_eq(per[1], same ? 0 : (size_t)n);
        store_bookmarks_free(v, total);
        store_free(s);
}

Test(store, two_processes_add_at_once, .timeout = 120)
{
        char *path = in_dir("shared.db");
        store_free(open_ok(path));
        two_writers(path, 200, false);
        free(path);
}

Test(store, two_processes_bookmarking_the_same_passages_do_not_double_them, .timeout = 120)
{
        char *path = in_dir("same.db");
        store_free(open_ok(path));
        two_writers(path, 200, true);
        free(path);
}

Test(store, two_processes_create_the_same_new_file, .timeout = 120)
{
        char *path = in_dir("race.db");
        two_writers(path, 20, false);
        free(path);
}

Test(store, kill_right_after_add_loses_nothing, .timeout = 60)
{
        char *path = in_dir("killed.db");
        int done[2];
        cr_assert_eq(pipe(done), 0);
        pid_t pid = fork();
        cr_assert_neq(pid, -1);
        if (pid == 0) {
                close(done[0]);
                struct store *s = NULL;
                if (store_open(path, &s, NULL) != LC_OK)
                        _exit(2);
                struct bookmark b = mark("a.txt", 5, "來不及關閉", "殺掉前的筆記");
                if (store_bookmark_add(s, &b, NULL) != LC_OK)
                        _exit(1);
                if (write(done[1], &b.id, sizeof b.id) != (ssize_t)sizeof b.id)
                        _exit(3);
                for (;;)
                        pause();
        }
        close(done[1]);
        int64_t id = 0;
        cr_assert_eq(read(done[0], &id, sizeof id), (ssize_t)sizeof id, "child did not add");
        close(done[0]);
        cr_assert_eq(kill(pid, SIGKILL), 0);
        int status;
        cr_assert_eq(waitpid(pid, &status, 0), pid);
        cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

        struct store *s = open_ok(path);
        struct bookmark b;
        cr_assert_eq(store_bookmark_get(s, id, &b, NULL), 1, "the killed process's bookmark");
        cr_assert_str_eq(b.note, "殺掉前的筆記");
        store_bookmark_clear(&b);
        store_free(s);
        free(path);
}

Test(store, a_lock_held_too_long_fails_the_write_cleanly, .timeout = 60)
{
        char *path = in_dir("locked.db");
        struct store *s = open_ok(path);
        add(s, "a.txt", 0, "之前的段落", "");
        sqlite3 *other;
        cr_assert_eq(sqlite3_open(path, &other), SQLITE_OK);
        cr_assert_eq(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);

        struct bookmark b = mark("a.txt", 9, "等不到鎖", "");
        char *cause = NULL;
        cr_assert_eq(store_bookmark_add(s, &b, &cause), LC_ESTORE);
        cr_assert_not_null(strstr(cause, "locked"), "%s", cause);
        free(cause);
        cr_assert_eq(store_mode(s), STORE_READ_WRITE, "a busy database is not read-only");
        cr_assert_eq(count(s), 1, "readers are not blocked");

        sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(other);
        b.id = 0;
        cr_assert_eq(store_bookmark_add(s, &b, NULL), LC_OK, "works once the lock is gone");
        store_bookmark_clear(&b);
        cr_assert_eq(count(s), 2);
        store_free(s);
        free(path);
}

/*
 * A file held so that not even reading is possible: store_open_within says
 * LC_EBUSY (try later), not a failure for good, and leaves the file be;
 * once the lock is gone the same call opens it read-write.
 */
Test(store, open_within_says_busy_while_another_holds_the_file, .timeout = 60)
{
        char *path = in_dir("exclusive.db");
        struct store *s = open_ok(path);
        add(s, "a.txt", 0, "鎖之前", "");
        store_free(s);
        sqlite3 *other;
        cr_assert_eq(sqlite3_open(path, &other), SQLITE_OK);
        cr_assert_eq(sqlite3_exec(other, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE",
                                  NULL, NULL, NULL), SQLITE_OK);
        char *cause = NULL;
        s = NULL;
        cr_assert_eq(store_open_within(path, 50, &s, &cause), LC_EBUSY);
        cr_assert_null(s);
        cr_assert_not_null(strstr(cause, "locked"), "%s", cause);
        free(cause);
        sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(other);
        cr_assert_eq(store_open_within(path, 50, &s, NULL), LC_OK);
        cr_assert_eq(store_mode(s), STORE_READ_WRITE);
        cr_assert_eq(count(s), 1);
        store_free(s);
        free(path);
}

/*
 * A reading position or a search is replaced by the next keystroke: behind
 * another program's lock it gives up at once, where a bookmark waits its
 * full turn. Timed against the bookmark's own wait on the same lock, so the
 * test holds on a slow machine too.
 */
Test(store, positions_and_searches_do_not_wait_out_a_lock, .timeout = 60)
{
        char *path = in_dir("brief.db");
        struct store *s = open_ok(path);
        sqlite3 *other;
        cr_assert_eq(sqlite3_open(path, &other), SQLITE_OK);
        cr_assert_eq(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);

        char *cause = NULL;
        double t0 = lc_now();
        cr_assert_eq(store_position_set(s, "a.txt", 3, "上下文", &cause), LC_ESTORE);
        double t1 = lc_now();
        cr_assert_not_null(strstr(cause, "locked"), "%s", cause);
        free(cause);
        cause = NULL;
        cr_assert_eq(store_history_add(s, "勞動", &cause), LC_ESTORE);
        double t2 = lc_now();
        cr_assert_not_null(strstr(cause, "locked"), "%s", cause);
        free(cause);
        struct bookmark b = mark("a.txt", 9, "等鎖", "");
        cr_assert_eq(store_bookmark_add(s, &b, NULL), LC_ESTORE);
        double t3 = lc_now();
        cr_assert_lt((t1 - t0) * 4, t3 - t2, "a position waited %.2f s, a bookmark %.2f s",
                     t1 - t0, t3 - t2);
        cr_assert_lt((t2 - t1) * 4, t3 - t2, "a search waited %.2f s, a bookmark %.2f s",
                     t2 - t1, t3 - t2);

        sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(other);
        cr_assert_eq(store_position_set(s, "a.txt", 3, "上下文", NULL), LC_OK,
                     "saves again once the lock is gone");
        b.id = 0;
        cr_assert_eq(store_bookmark_add(s, &b, NULL), LC_OK, "and bookmarks wait as before");
        store_bookmark_clear(&b);
        store_free(s);
        free(path);
}

/* A full disk, approximated by a file size limit in a child process. */
Test(store, a_failed_write_keeps_what_was_saved, .timeout = 60)
{
        char *path = in_dir("full.db");
        struct store *s = open_ok(path);
        add(s, "a.txt", 0, "已經保存的段落", "已經保存的筆記");
        store_free(s);
        pid_t pid = fork();
        cr_assert_neq(pid, -1);
        if (pid == 0) {
                signal(SIGXFSZ, SIG_IGN);
                struct store *c = NULL;
                if (store_open(path, &c, NULL) != LC_OK)
                        _exit(2);
                struct rlimit rl = {.rlim_cur = 64 * 1024, .rlim_max = 64 * 1024};
                if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
                        _exit(3);
                size_t big = 1 << 20;
                char *note = xmalloc(big + 1);
                memset(note, 'x', big);
                note[big] = '\0';
                struct bookmark b = mark("a.txt", 10, "寫不下", note);
                char *cause = NULL;
                int r = store_bookmark_add(c, &b, &cause);
                _exit(r == LC_ESTORE && cause ? 0 : 1);
        }
        int status;
        cr_assert_eq(waitpid(pid, &status, 0), pid);
        cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d", status);
        s = open_ok(path);
        struct bookmark *v;
        size_t n;
        cr_assert_eq(store_bookmark_list(s, NULL, &v, &n, NULL), LC_OK);
        cr_assert_eq(n, 1);
        cr_assert_str_eq(v[0].note, "已經保存的筆記");
        store_bookmarks_free(v, n);
        store_free(s);
        free(path);
}
