/*
 * ui_store — the reader's use of the bookmark database. The database is a
 * convenience the reading never depends on: when it cannot be opened the
 * reader runs without bookmarks, when it is read-only nothing is written,
 * and either way the status line says so once at start (and the right side
 * of the status line keeps saying it). Reading positions are written when
 * the document changes, at most every few seconds while the view moves, and
 * on the way out, so a lost SSH connection (SIGHUP) costs a few seconds of
 * scrolling at most. UI layer: no curses here, and SQLite only through
 * store.h.
 */
#include "ui_store.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "anchor.h"
#include "store_file.h"
#include "ui_bookmarks.h"
#include "ui_marks.h"
#include "util.h"

/* Seconds between two position saves while the view keeps moving. */
#define SAVE_EVERY 3.0
/* Seconds before trying again after a save failed (a lock held elsewhere). */
#define SAVE_RETRY 15.0
/* Seconds between looks for what another lectern committed. */
#define OTHERS_EVERY 1.0
/* Seconds between two tries to open a database another process has locked... */
#define OPEN_RETRY 2.0
/* ...or, when the user asks for bookmarks, since the last try. */
#define OPEN_AGAIN 0.5

struct ui_store {
        struct store *db;       /* NULL: bookmarks unavailable */
        char *path;             /* the database's path, when known */
        char *unavailable;      /* why, when db is NULL */
        bool locked;            /* db is NULL for now: another process holds the file */
        double tried_at;        /* the last try to open it then */
        char **canon;           /* each document's canonical path */
        size_t *saved;          /* the offset last written for each document */
        size_t cap;             /* room in canon and saved: every planned file */
        char *last_path;        /* the last document read, until it is read again */
        size_t last_doc;        /* the document last written as "the last one" */
        double last_write;
        double retry_at;        /* no save before then: the last one failed */
        bool warned;            /* a failed position save was reported once */
        int64_t data_version;   /* what another lectern last committed, as last seen */
        double looked_at;       /* when that was asked */
};

static struct ui_store *us(const struct app *a)
{
        return a->store;
}

/*
 * The status line is one row: a reason naming the database by its whole
 * path would be cut before it says why. Name the file and its directory by
 * their last components instead; --db or the default says where they are.
 */
static char *shorten(const char *msg, const char *path)
{
        if (!msg || !path || !*path)
                return xstrdup(msg ? msg : "");
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        char *dir = xstrndup(path, base > path + 1 ? (size_t)(base - path - 1) : 0);
        const char *dbase = strrchr(dir, '/');
        dbase = dbase ? dbase + 1 : dir;
        size_t pl = strlen(path), dl = strlen(dir);
        struct sbuf b = { 0 };
        sbuf_adds(&b, "");
        for (const char *p = msg; *p;) {
                if (strncmp(p, path, pl) == 0) {
                        sbuf_adds(&b, base);
                        p += pl;
                } else if (dl && *dbase && strncmp(p, dir, dl) == 0) {
                        sbuf_adds(&b, dbase);
                        p += dl;
                } else {
                        sbuf_addc(&b, *p++);
                }
        }
        free(dir);
        return sbuf_take(&b);
}

/* ------------------------------------------------------------ documents */

const char *ui_store_path(const struct app *a, size_t i)
{
        return i < a->ndocs ? us(a)->canon[i] : "";
}

size_t ui_store_doc_by_path(const struct app *a, const char *path)
{
        for (size_t i = 0; path && i < a->ndocs; i++)
                if (strcmp(us(a)->canon[i], path) == 0)
                        return i;
        return SIZE_MAX;
}

/* ------------------------------------------------------------ state */

struct store *ui_store_db(const struct app *a)
{
        return us(a) ? us(a)->db : NULL;
}

static bool writable(const struct app *a)
{
        struct store *db = ui_store_db(a);
        return db && store_mode(db) == STORE_READ_WRITE;
}

bool ui_store_can_write(struct app *a, const char *doing)
{
        struct ui_store *u = us(a);
        ui_store_retry(a, true);
        if (!u->db && u->locked) {
                app_message(a, MSG_ERROR, "cannot %s yet: %s; lectern tries again", doing,
                            u->unavailable);
                return false;
        }
        if (!u->db) {
                app_message(a, MSG_ERROR, "cannot %s: bookmarks are unavailable (%s)", doing,
                            u->unavailable ? u->unavailable : "no database");
                return false;
        }
        if (store_mode(u->db) != STORE_READ_WRITE) {
                char *why = shorten(store_reason(u->db), u->path);
                app_message(a, MSG_ERROR, "cannot %s: bookmarks are read-only (%s)", doing, why);
                free(why);
                return false;
        }
        return true;
}

void ui_store_report(struct app *a, const char *doing, int rc, char *cause)
{
        char *why = cause ? shorten(cause, us(a)->path) : NULL;
        if (why)
                app_message(a, MSG_ERROR, "%s", why);
        else
                app_message(a, MSG_ERROR, "cannot %s: %s", doing, lc_strerror(rc));
        free(why);
        free(cause);
}

char *ui_store_why(const struct app *a, int rc, char *cause)
{
        char *why = cause ? shorten(cause, us(a)->path) : xstrdup(lc_strerror(rc));
        free(cause);
        const char *colon = strstr(why, ": ");
        if (strncmp(why, "cannot ", 7) == 0 && colon) {
                char *rest = xstrdup(colon + 2);
                free(why);
                why = rest;
        }
        return why;
}

const char *ui_store_describe(const struct app *a)
{
        if (!us(a))
                return NULL;
        if (!us(a)->db)
                return us(a)->locked ? "bookmarks locked" : "bookmarks off";
        return writable(a) ? NULL : "bookmarks read-only";
}

/* ------------------------------------------------------------ bookmarks */

int ui_store_reanchor(struct app *a, size_t i, struct bookmark *b)
{
        const struct doc *d = corpus_doc(a->corpus, i);
        size_t was_start = b->start, was_end = b->end;
        int r = anchor_bookmark(d, b);
        if (r == ANCHOR_ORPHANED)
                return r;
        bool elsewhere = !b->path || strcmp(b->path, ui_store_path(a, i)) != 0;
        if (!elsewhere && b->start == was_start && b->end == was_end)
                return r;
        /*
         * Keep the record in step with the file: the next lectern starts
         * from the new place, with the context that surrounds it now.
         */
        char *passage = NULL, *before = NULL, *after = NULL;
        if (anchor_capture(d, b->start, b->end, ANCHOR_CONTEXT_CHARS, &passage, &before,
                           &after) != LC_OK)
                return r;
        free(passage);
        free(b->before);
        free(b->after);
        b->before = before;
        b->after = after;
        free(b->path);
        b->path = xstrdup(ui_store_path(a, i));
        free(b->title);
        b->title = xstrdup(d->title);
        if (writable(a)) {
                char *cause = NULL;
                int rc = store_bookmark_relocate(us(a)->db, b, &cause);
                if (rc != LC_OK)
                        ui_store_report(a, "record where a bookmark moved", rc, cause);
        }
        return r;
}

/*
 * Try b in every document titled as it is. One that holds the passage gets
 * the bookmark for good; among several, one that holds it at the very
 * offset it had (the same file, renamed) does too. Otherwise the choice
 * would be a guess: the bookmark is shown in the likeliest and the record
 * keeps its old path, so that the file's return, or a rename undone, finds
 * it as it was.
 */
size_t ui_store_place_by_title(struct app *a, struct bookmark *b)
{
        size_t best = SIZE_MAX, found = 0, exact = 0;
        struct bookmark at = *b;
        for (size_t i = 0; b->title && *b->title && i < a->ndocs; i++) {
                const struct doc *d = corpus_doc(a->corpus, i);
                if (strcmp(d->title, b->title) != 0)
                        continue;
                /* A shallow copy: anchoring changes only the range and line. */
                struct bookmark t = *b;
                int r = anchor_bookmark(d, &t);
                if (r == ANCHOR_ORPHANED)
                        continue;
                found++;
                exact += r == ANCHOR_FOUND_EXACT;
                if (best == SIZE_MAX || (r == ANCHOR_FOUND_EXACT && exact == 1)) {
                        best = i;
                        at = t;
                }
        }
        if (best == SIZE_MAX) {
                b->orphaned = true;
                return SIZE_MAX;
        }
        if (found == 1 || exact == 1) {
                ui_store_reanchor(a, best, b);
                return best;
        }
        b->start = at.start;
        b->end = at.end;
        b->line = at.line;
        b->orphaned = false;
        return best;
}

/* ------------------------------------------------------------ positions */

/* Where a remembered position is now: found by its context, or clamped. */
static size_t refind(const struct doc *d, const struct position *p)
{
        size_t s, e, off = p->offset;
        const char *ctx = p->context ? p->context : "";
        if (anchor_find(d, ctx, strlen(ctx), NULL, NULL, off, &s, &e) > 0)
                return s;
        if (off > d->len)
                off = d->len;
        while (off > 0 && off < d->len && ((unsigned char)d->text[off] & 0xC0) == 0x80)
                off--;
        return off;
}

/* Open document i where it was left: nothing has been read yet. */
static void reopen(struct app *a, size_t i)
{
        a->doc = i;
        reader_open(a->reader, corpus_doc(a->corpus, i), a->anchors[i]);
        app_sync_hits(a);
        us(a)->last_doc = i;
}

/* Document i's remembered position, when the store knows one, as read and saved. */
static void restore_one(struct app *a, size_t i)
{
        struct ui_store *u = us(a);
        struct position p = { 0 };
        if (u->db && store_position_get(u->db, u->canon[i], &p, NULL) == 1)
                a->anchors[i] = refind(corpus_doc(a->corpus, i), &p);
        u->saved[i] = a->anchors[i];
        store_position_clear(&p);
}

void ui_store_docs_added(struct app *a, size_t from)
{
        struct ui_store *u = us(a);
        if (!u)
                return;
        for (size_t i = from; i < a->ndocs && i < u->cap; i++) {
                u->canon[i] = lc_canonical_path(corpus_doc(a->corpus, i)->path);
                restore_one(a, i);
                if (u->last_path && strcmp(u->canon[i], u->last_path) == 0) {
                        free(u->last_path);
                        u->last_path = NULL;
                        /* Found late, it still opens, unless the reader has gone elsewhere. */
                        if (!a->moved)
                                reopen(a, i);
                }
        }
        if (!a->loading || a->moved) {
                free(u->last_path);
                u->last_path = NULL;
        }
}

static void restore_positions(struct app *a)
{
        struct ui_store *u = us(a);
        struct position last = { 0 };
        if (store_position_last(u->db, &last, NULL) == 1 && last.path)
                u->last_path = xstrdup(last.path);
        store_position_clear(&last);
        ui_store_docs_added(a, 0);
        /* The last document is not read yet (or is gone): the first, where it was left. */
        if (u->last_doc == SIZE_MAX)
                reopen(a, a->doc);
}

static bool save_one(struct app *a, size_t i, size_t off)
{
        struct ui_store *u = us(a);
        const struct doc *d = corpus_doc(a->corpus, i);
        char *passage = NULL, *before = NULL, *after = NULL;
        if (anchor_capture(d, off, off, ANCHOR_CONTEXT_CHARS, &passage, &before, &after) != LC_OK)
                return true;
        char *cause = NULL;
        int rc = store_position_set(u->db, u->canon[i], off, after, &cause);
        free(passage);
        free(before);
        free(after);
        if (rc != LC_OK) {
                /* Once is enough: the next save would fail the same way. */
                if (!u->warned)
                        ui_store_report(a, "save the reading position", rc, cause);
                else
                        free(cause);
                u->warned = true;
                /* Each try may wait for the lock: not on every keystroke. */
                u->retry_at = lc_now() + SAVE_RETRY;
                return false;
        }
        u->saved[i] = off;
        return true;
}

/* Write what changed, the open document last so that it is "the last one". */
static void save_positions(struct app *a)
{
        struct ui_store *u = us(a);
        if (!writable(a) || !reader_doc(a->reader))
                return;
        for (size_t i = 0; i < a->ndocs; i++)
                if (i != a->doc && a->anchors[i] != u->saved[i] && !save_one(a, i, a->anchors[i]))
                        return;
        if (save_one(a, a->doc, reader_anchor(a->reader)))
                u->last_doc = a->doc;
        u->last_write = lc_now();
}

/*
 * Another lectern sharing the database may bookmark or delete in the
 * document on screen, or in the open bookmarks pane: both follow within a
 * second.
 */
static bool look_for_others(struct app *a)
{
        struct ui_store *u = us(a);
        if (!u || !u->db || lc_now() - u->looked_at < OTHERS_EVERY)
                return false;
        u->looked_at = lc_now();
        int64_t v = store_data_version(u->db);
        if (v == u->data_version)
                return false;
        bool first = u->data_version == 0;
        u->data_version = v;
        if (first)
                return false;
        ui_marks_changed(a);
        ui_bookmarks_others_changed(a);
        return true;
}

bool ui_store_tick(struct app *a)
{
        struct ui_store *u = us(a);
        bool news = ui_store_retry(a, false);
        news |= look_for_others(a);
        if (!u || !writable(a) || !reader_doc(a->reader))
                return news;
        bool switched = a->doc != u->last_doc;
        if (!switched && reader_anchor(a->reader) == u->saved[a->doc])
                return news;
        if (lc_now() < u->retry_at)
                return news;
        /* Typing a query hops from document to document: that is not reading. */
        bool hurry = switched && !a->bar_open;
        if (!hurry && lc_now() - u->last_write < SAVE_EVERY)
                return news;
        save_positions(a);
        return news;
}

/* ------------------------------------------------------------ history */

char **ui_store_history(struct app *a, size_t *n)
{
        char **v = NULL;
        *n = 0;
        if (!ui_store_db(a) || store_history_list(us(a)->db, &v, n, NULL) != LC_OK) {
                *n = 0;
                return NULL;
        }
        return v;
}

void ui_store_history_add(struct app *a, const char *query)
{
        if (!writable(a))
                return;
        char *cause = NULL;
        int rc = store_history_add(us(a)->db, query, &cause);
        if (rc != LC_OK)
                ui_store_report(a, "remember the search", rc, cause);
}

/* ------------------------------------------------------------ open, close */

void ui_store_open(struct app *a)
{
        struct ui_store *u = xcalloc(1, sizeof *u);
        a->store = u;
        size_t planned = corpus_planned(a->corpus);
        u->cap = planned > a->ndocs ? planned : a->ndocs;
        u->canon = xcalloc(u->cap + 1, sizeof *u->canon);
        u->saved = xcalloc(u->cap + 1, sizeof *u->saved);
        u->last_doc = SIZE_MAX;

        char *cause = NULL;
        if (a->opts->db_path)
                u->path = xstrdup(a->opts->db_path);
        else if (store_file_default_path(&u->path, NULL) != LC_OK)
                u->path = NULL;
        /* The first screen never waits for another process's lock: try again later. */
        int rc = store_open_within(a->opts->db_path, STORE_BRIEF_WAIT_MS, &u->db, &cause);
        char *news = NULL;
        enum msg_kind kind = MSG_NOTICE;
        if (rc != LC_OK) {
                u->locked = rc == LC_EBUSY;
                u->unavailable = u->locked ? ui_store_why(a, rc, cause)
                               : shorten(cause ? cause : lc_strerror(rc), u->path);
                if (!u->locked)
                        free(cause);
                ui_store_docs_added(a, 0);
                u->last_doc = a->doc;
                u->tried_at = lc_now();
                news = u->locked ? xasprintf("bookmarks are off while %s", u->unavailable)
                                 : xasprintf("bookmarks are unavailable: %s", u->unavailable);
                kind = MSG_ERROR;
        } else {
                restore_positions(a);
                char *why = shorten(store_reason(u->db), u->path);
                if (store_mode(u->db) != STORE_READ_WRITE)
                        news = xasprintf("bookmarks are read-only: %s", why);
                free(why);
        }
        if (news && a->msg)
                app_message(a, kind, "%s · %s", news, a->msg);
        else if (news)
                app_message(a, kind, "%s", news);
        free(news);
}

bool ui_store_retry(struct app *a, bool now)
{
        struct ui_store *u = us(a);
        /* Asked twice for one key (B, then why it failed): one try is enough. */
        double gap = now ? OPEN_AGAIN : OPEN_RETRY;
        if (!u || u->db || !u->locked || lc_now() - u->tried_at < gap)
                return false;
        char *cause = NULL;
        int rc = store_open_within(a->opts->db_path, STORE_BRIEF_WAIT_MS, &u->db, &cause);
        u->tried_at = lc_now();
        if (rc == LC_EBUSY) {
                free(cause);
                return false;
        }
        free(u->unavailable);
        u->unavailable = NULL;
        u->locked = false;
        if (rc != LC_OK) {
                u->unavailable = shorten(cause ? cause : lc_strerror(rc), u->path);
                free(cause);
                app_message(a, MSG_ERROR, "bookmarks are unavailable: %s", u->unavailable);
                return true;
        }
        /*
         * The reader stays where it is, but the documents it has not moved
         * in open where they were left (and are not saved over from the
         * top), and bookmarks made meanwhile show.
         */
        for (size_t i = 0; i < a->ndocs; i++)
                if (i != a->doc && a->anchors[i] == u->saved[i])
                        restore_one(a, i);
        ui_marks_changed(a);
        if (store_mode(u->db) != STORE_READ_WRITE) {
                char *why = shorten(store_reason(u->db), u->path);
                app_message(a, MSG_NOTICE, "bookmarks are read-only: %s", why);
                free(why);
        } else if (!now) {
                app_message(a, MSG_INFO, "bookmarks are on: the database is free again");
        }
        return true;
}

void ui_store_close(struct app *a)
{
        struct ui_store *u = us(a);
        if (!u)
                return;
        save_positions(a);
        store_free(u->db);
        for (size_t i = 0; i < a->ndocs; i++)
                free(u->canon[i]);
        free(u->canon);
        free(u->saved);
        free(u->last_path);
        free(u->unavailable);
        free(u->path);
        free(u);
        a->store = NULL;
}
