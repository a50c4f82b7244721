/*
 * ui_bookmarks — the B pane. Opening it reads every bookmark from the store
 * (so bookmarks another lectern added meanwhile are there), and so does
 * each commit another lectern makes while it is open; it finds each one
 * again in its document, or in a document with the same title when its
 * file is gone, and lists them in corpus order (ui_bookmarks_draw.c draws
 * them); here are the list, its filter, its keys and the wheel. Deleted
 * bookmarks wait on an undo stack and are gone for good only when the pane
 * closes. UI layer.
 */
#include "ui_bookmarks.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "anchor.h"
#include "lineedit.h"
#include "passage.h"
#include "store.h"
#include "ui_bookmarks_pane.h"
#include "ui_marks.h"
#include "ui_note.h"
#include "ui_prompt.h"
#include "ui_store.h"
#include "util.h"

static struct bpane *bp(struct app *a)
{
        return (struct bpane *)a->bookmarks;
}

/* ------------------------------------------------------------ the list */

/*
 * Place e in the corpus: by its path; when that file is gone, in a
 * document with the same title (renamed or moved) if the passage is there.
 * A file that exists outside this corpus is neither found nor orphaned.
 * While the corpus is still being read, neither is one not read yet: the
 * pane places it once the reading is done (ui_bookmarks_corpus_read).
 */
static void resolve(struct app *a, struct entry *e)
{
        struct bookmark *b = &e->b;
        e->doc = ui_store_doc_by_path(a, b->path);
        if (e->doc != SIZE_MAX) {
                ui_store_reanchor(a, e->doc, b);
                return;
        }
        if (a->loading || (b->path && access(b->path, F_OK) == 0))
                return;
        e->doc = ui_store_place_by_title(a, b);
}

static int entry_cmp(const void *x, const void *y)
{
        const struct entry *p = x, *q = y;
        if (p->doc != q->doc)
                return p->doc < q->doc ? -1 : 1;
        if (p->doc == SIZE_MAX) {
                int c = strcmp(p->b.path ? p->b.path : "", q->b.path ? q->b.path : "");
                if (c)
                        return c;
        }
        if (p->b.start != q->b.start)
                return p->b.start < q->b.start ? -1 : 1;
        return p->b.id < q->b.id ? -1 : p->b.id > q->b.id;
}

static void clear_entries(struct entry *v, size_t n)
{
        for (size_t i = 0; i < n; i++)
                store_bookmark_clear(&v[i].b);
}

static bool passes(const struct entry *e, const char *f)
{
        return passage_contains(e->b.passage, f) || passage_contains(e->b.note, f) ||
               passage_contains(e->b.title, f) || passage_contains(e->b.path, f);
}

/* Re-apply the filter, keeping the selection on entry keep (an index into v) if shown. */
static void refilter(struct bpane *b, size_t keep)
{
        const char *f = lineedit_text(&b->filter);
        b->vis = xrealloc(b->vis, (b->n ? b->n : 1) * sizeof *b->vis);
        b->nvis = 0;
        size_t cur = SIZE_MAX;
        for (size_t i = 0; i < b->n; i++) {
                if (!passes(&b->v[i], f))
                        continue;
                if (i == keep)
                        cur = b->nvis;
                b->vis[b->nvis++] = i;
        }
        if (cur != SIZE_MAX)
                b->rows.cursor = cur;
        else if (b->rows.cursor >= b->nvis)
                b->rows.cursor = b->nvis ? b->nvis - 1 : 0;
}

static struct entry *current(struct bpane *b)
{
        return b->rows.cursor < b->nvis ? &b->v[b->vis[b->rows.cursor]] : NULL;
}

static size_t current_index(struct bpane *b)
{
        return b->rows.cursor < b->nvis ? b->vis[b->rows.cursor] : SIZE_MAX;
}

/* The bookmark to start on: the first at or after the reading position. */
static size_t first_here(struct app *a, struct bpane *b)
{
        size_t at = reader_anchor(a->reader), first = SIZE_MAX;
        for (size_t i = 0; i < b->n; i++) {
                if (b->v[i].doc != a->doc)
                        continue;
                if (first == SIZE_MAX)
                        first = i;
                if (b->v[i].b.end > at)
                        return i;
        }
        return first;
}

/* What tells one reading of a bookmark from another. */
struct version {
        int64_t id, updated;
        size_t start;
};

static int version_cmp(const void *x, const void *y)
{
        const struct version *p = x, *q = y;
        if (p->id != q->id)
                return p->id < q->id ? -1 : 1;
        if (p->updated != q->updated)
                return p->updated < q->updated ? -1 : 1;
        return (p->start > q->start) - (p->start < q->start);
}

/* Do the entries hold exactly these bookmarks, as they were read? */
static bool same_list(const struct bpane *b, const struct bookmark *list, size_t n)
{
        if (n != b->n)
                return false;
        struct version *mine = xmalloc((n ? n : 1) * sizeof *mine);
        struct version *theirs = xmalloc((n ? n : 1) * sizeof *theirs);
        for (size_t i = 0; i < n; i++) {
                mine[i] = (struct version){ b->v[i].b.id, b->v[i].b.updated, b->v[i].b.start };
                theirs[i] = (struct version){ list[i].id, list[i].updated, list[i].start };
        }
        qsort(mine, n, sizeof *mine, version_cmp);
        qsort(theirs, n, sizeof *theirs, version_cmp);
        bool same = true;
        for (size_t i = 0; i < n && same; i++)
                same = version_cmp(&mine[i], &theirs[i]) == 0;
        free(mine);
        free(theirs);
        return same;
}

/*
 * Read every bookmark from the store into the entries, placed and in
 * corpus order. Unless always, a list that holds what the entries hold
 * already is left as it is (false).
 */
static bool load(struct app *a, struct bpane *b, bool always)
{
        struct bookmark *list = NULL;
        size_t n = 0;
        char *cause = NULL;
        int rc = store_bookmark_list(ui_store_db(a), NULL, &list, &n, &cause);
        if (rc != LC_OK) {
                ui_store_report(a, "list bookmarks", rc, cause);
                return false;
        }
        if (!always && same_list(b, list, n)) {
                store_bookmarks_free(list, n);
                return false;
        }
        clear_entries(b->v, b->n);
        b->n = 0;
        b->v = xgrow(b->v, &b->cap, n ? n : 1, sizeof *b->v);
        for (size_t i = 0; i < n; i++) {
                b->v[b->n].b = list[i];
                resolve(a, &b->v[b->n]);
                b->n++;
        }
        /* The strings now belong to the entries. */
        free(list);
        qsort(b->v, b->n, sizeof *b->v, entry_cmp);
        return true;
}

int ui_bookmarks_open(struct app *a)
{
        struct bpane *b = bp(a);
        ui_store_retry(a, true);
        if (!ui_store_db(a)) {
                ui_store_can_write(a, "list bookmarks");
                return PANE_HANDLED | PANE_REDRAW;
        }
        if (!load(a, b, true))
                return PANE_HANDLED | PANE_REDRAW;
        lineedit_set(&b->filter, NULL);
        b->typing = false;
        b->rows = (struct ui_rows){ 0, 0 };
        refilter(b, first_here(a, b));
        a->bookmarks_open = true;
        return PANE_HANDLED | PANE_RELAYOUT;
}

bool ui_bookmarks_others_changed(struct app *a)
{
        struct bpane *b = bp(a);
        /* A note being typed keeps its bookmark by id; the list waits until it is done. */
        if (!a->bookmarks_open || a->prompt_open || !ui_store_db(a))
                return false;
        size_t keep = current_index(b);
        int64_t id = keep != SIZE_MAX ? b->v[keep].b.id : -1;
        if (!load(a, b, false))
                return false;
        keep = SIZE_MAX;
        for (size_t i = 0; i < b->n && id >= 0; i++)
                if (b->v[i].b.id == id)
                        keep = i;
        refilter(b, keep);
        return true;
}

void ui_bookmarks_corpus_read(struct app *a)
{
        struct bpane *b = bp(a);
        if (!a->bookmarks_open)
                return;
        size_t keep = current_index(b);
        int64_t id = keep != SIZE_MAX ? b->v[keep].b.id : -1;
        bool moved = false;
        for (size_t i = 0; i < b->n; i++) {
                if (b->v[i].doc == SIZE_MAX && !b->v[i].b.orphaned) {
                        resolve(a, &b->v[i]);
                        moved |= b->v[i].doc != SIZE_MAX || b->v[i].b.orphaned;
                }
        }
        if (!moved)
                return;
        qsort(b->v, b->n, sizeof *b->v, entry_cmp);
        keep = SIZE_MAX;
        for (size_t i = 0; i < b->n && id >= 0; i++)
                if (b->v[i].b.id == id)
                        keep = i;
        refilter(b, keep);
}

static void close_pane(struct app *a, struct bpane *b)
{
        /* Undo ends here: what was deleted stays deleted. */
        clear_entries(b->undo, b->nundo);
        b->nundo = 0;
        b->typing = false;
        a->bookmarks_open = false;
        ui_marks_changed(a);
}

/* ------------------------------------------------------------ actions */

static void go(struct app *a, struct bpane *b)
{
        struct entry *e = current(b);
        if (!e)
                return;
        if (e->b.orphaned) {
                app_message(a, MSG_NOTICE, "this passage is no longer in %s; the bookmark is "
                            "kept, marked orphaned", e->b.path);
                return;
        }
        if (e->doc == SIZE_MAX) {
                app_message(a, MSG_NOTICE, "its document is not in the corpus opened: %s",
                            e->b.path);
                return;
        }
        size_t doc = e->doc, start = e->b.start, end = e->b.end;
        char *note = e->b.note && *e->b.note ? xstrdup(e->b.note) : NULL;
        close_pane(a, b);
        ui_app_jump_to(a, doc, start, end);
        if (note)
                app_message(a, MSG_INFO, "note: %s", note);
        free(note);
}

/*
 * Bring back a bookmark another lectern deleted while its note was being
 * edited here: the user's edit says they still want it.
 */
static int restore_with_note(struct app *a, struct entry *e, const char *note, char **cause)
{
        struct bookmark back = e->b;
        back.note = xstrdup(note);
        back.updated = (int64_t)time(NULL);
        int rc = store_bookmark_restore(ui_store_db(a), &back, cause);
        /* It may have joined a bookmark of the same passage made again meanwhile. */
        e->b.id = back.id;
        free(back.note);
        return rc;
}

static void note_done(struct app *a, void *ud, const char *note)
{
        struct bpane *b = ud;
        bool retry = b->edit_retry;
        b->edit_retry = false;
        struct entry *e = NULL;
        for (size_t i = 0; i < b->n && !e; i++)
                if (b->v[i].b.id == b->edit_id)
                        e = &b->v[i];
        if (!note || !e) {
                if (retry && e) {
                        /* What the store holds, as far as we know: maybe theirs now. */
                        free(e->b.note);
                        e->b.note = xstrdup(b->edit_was);
                        refilter(b, (size_t)(e - b->v));
                }
                if (retry)
                        app_message(a, MSG_NOTICE, "the note was not saved");
                return;
        }
        char *cause = NULL;
        bool back = false;
        int rc = store_bookmark_set_note(ui_store_db(a), e->b.id, b->edit_was, note, &cause);
        if (rc == LC_EINVAL) {
                free(cause);
                cause = NULL;
                rc = restore_with_note(a, e, note, &cause);
                back = rc == LC_OK;
        }
        if (rc != LC_OK) {
                b->edit_retry = true;
                if (rc == LC_ECHANGED) {
                        free(cause);
                        ui_note_conflict(a, e->b.id, "note", note, &b->edit_was, note_done, b);
                } else {
                        ui_note_retry(a, "note", note, rc, cause, note_done, b);
                }
                return;
        }
        free(e->b.note);
        e->b.note = xstrdup(note);
        e->b.updated = (int64_t)time(NULL);
        refilter(b, (size_t)(e - b->v));
        app_message(a, MSG_INFO, back ? "another lectern had deleted this bookmark; it is back, "
                    "with the note" : "note saved");
}

static void edit_note(struct app *a, struct bpane *b)
{
        struct entry *e = current(b);
        if (!e || !ui_store_can_write(a, "edit the note"))
                return;
        /* Start from the note as stored now: another lectern may have changed it. */
        struct bookmark now;
        if (store_bookmark_get(ui_store_db(a), e->b.id, &now, NULL) == 1) {
                free(e->b.note);
                e->b.note = now.note;
                now.note = NULL;
                e->b.updated = now.updated;
        }
        store_bookmark_clear(&now);
        b->edit_id = e->b.id;
        free(b->edit_was);
        b->edit_was = xstrdup(e->b.note ? e->b.note : "");
        b->edit_retry = false;
        ui_prompt_open(a, "note", e->b.note, note_done, b);
}

/*
 * Delete the bookmark under the cursor. What undo keeps is what the
 * database held at that moment, which another lectern may have changed
 * since this pane read it: undo must not bring back an older note.
 */
static void delete_current(struct app *a, struct bpane *b)
{
        size_t i = current_index(b);
        if (i == SIZE_MAX || !ui_store_can_write(a, "delete the bookmark"))
                return;
        char *cause = NULL;
        struct bookmark was;
        int rc = store_bookmark_take(ui_store_db(a), b->v[i].b.id, &was, &cause);
        if (rc < 0) {
                ui_store_report(a, "delete the bookmark", rc, cause);
                return;
        }
        struct entry e = b->v[i];
        memmove(&b->v[i], &b->v[i + 1], (b->n - i - 1) * sizeof *b->v);
        b->n--;
        refilter(b, i < b->n ? i : SIZE_MAX);
        char *q = ui_bookmarks_quote(&e, 24);
        if (rc == 0) {
                app_message(a, MSG_NOTICE, "“%s” was already deleted by another lectern", q);
                store_bookmark_clear(&e.b);
                free(q);
                return;
        }
        bool changed = strcmp(was.note ? was.note : "", e.b.note ? e.b.note : "") != 0;
        store_bookmark_clear(&e.b);
        e.b = was;
        b->undo = xgrow(b->undo, &b->undocap, b->nundo + 1, sizeof *b->undo);
        b->undo[b->nundo++] = e;
        if (changed)
                app_message(a, MSG_NOTICE, "deleted, with the note another lectern saved: “%s” "
                            "· u undoes", was.note ? was.note : "");
        else
                app_message(a, MSG_INFO, "deleted “%s” · u undoes, until this pane closes", q);
        free(q);
}

static void undo_delete(struct app *a, struct bpane *b)
{
        if (b->nundo == 0) {
                app_message(a, MSG_NOTICE, "nothing to undo");
                return;
        }
        if (!ui_store_can_write(a, "undo the delete"))
                return;
        struct entry e = b->undo[b->nundo - 1];
        char *cause = NULL;
        int rc = store_bookmark_restore(ui_store_db(a), &e.b, &cause);
        if (rc != LC_OK) {
                ui_store_report(a, "undo the delete", rc, cause);
                return;
        }
        b->nundo--;
        b->v = xgrow(b->v, &b->cap, b->n + 1, sizeof *b->v);
        size_t at = 0;
        while (at < b->n && entry_cmp(&b->v[at], &e) < 0)
                at++;
        memmove(&b->v[at + 1], &b->v[at], (b->n - at) * sizeof *b->v);
        b->v[at] = e;
        b->n++;
        refilter(b, at);
        char *q = ui_bookmarks_quote(&e, 24);
        app_message(a, MSG_INFO, "restored “%s”", q);
        free(q);
}

static void copy_current(struct app *a, struct bpane *b)
{
        struct entry *e = current(b);
        if (!e)
                return;
        const char *p = e->b.passage ? e->b.passage : "";
        ui_marks_copy(a, p, strlen(p), e->b.title, e->b.path, e->b.line, "the bookmark");
}

/* ------------------------------------------------------------ keys */

int ui_bookmarks_per_page(const struct pane *p)
{
        int n = (p->rows - 2) / ENTRY_ROWS;
        return n > 0 ? n : 1;
}

static void step(struct bpane *b, long delta)
{
        if (b->nvis == 0)
                return;
        long to = (long)b->rows.cursor + delta;
        b->rows.cursor = to < 0 ? 0 : (size_t)to >= b->nvis ? b->nvis - 1 : (size_t)to;
}

static bool filter_key(struct bpane *b, int kind, wint_t key)
{
        size_t keep = current_index(b);
        if (kind == OK && (key == UI_ESC || key == UI_CTRL('g'))) {
                lineedit_set(&b->filter, NULL);
                b->typing = false;
        } else if (!ui_prompt_edit_key(&b->filter, kind, key)) {
                return false;
        }
        if (!b->pasting)
                refilter(b, keep);
        return true;
}

static int bm_key(struct pane *p, int kind, wint_t key)
{
        struct bpane *b = (struct bpane *)p;
        struct app *a = p->app;
        int k = kind == KEY_CODE_YES ? (int)key : -1;
        wint_t c = kind == KEY_CODE_YES ? 0 : key;
        app_clear_message(a);

        if (k == KEY_DOWN || c == UI_CTRL('n')) {
                step(b, 1);
        } else if (k == KEY_UP || c == UI_CTRL('p')) {
                step(b, -1);
        } else if (k == KEY_NPAGE) {
                step(b, ui_bookmarks_per_page(p));
        } else if (k == KEY_PPAGE) {
                step(b, -ui_bookmarks_per_page(p));
        } else if (k == KEY_ENTER || c == '\n' || c == '\r') {
                if (b->typing)
                        b->typing = false;
                else
                        go(a, b);
                return PANE_HANDLED | PANE_RELAYOUT;
        } else if (b->typing) {
                filter_key(b, kind, key);
        } else if (c == 'q' || c == 'B' || c == UI_ESC) {
                close_pane(a, b);
                return PANE_HANDLED | PANE_RELAYOUT;
        } else if (c == 'j') {
                step(b, 1);
        } else if (c == 'k') {
                step(b, -1);
        } else if (c == 'g' || k == KEY_HOME) {
                b->rows.cursor = 0;
        } else if (c == 'G' || k == KEY_END) {
                b->rows.cursor = b->nvis ? b->nvis - 1 : 0;
        } else if (c == 'e') {
                edit_note(a, b);
        } else if (c == 'd' || c == 'x' || k == KEY_DC) {
                delete_current(a, b);
        } else if (c == 'u') {
                undo_delete(a, b);
        } else if (c == 'y') {
                copy_current(a, b);
        } else if (c == '/') {
                b->typing = true;
        } else if (c > ' ' && filter_key(b, kind, key)) {
                /* Any other character starts the filter: Chinese needs no / first. */
                b->typing = true;
        } else {
                filter_key(b, kind, key);
        }
        return PANE_HANDLED | PANE_REDRAW;
}

/* The wheel only: a click's row would need bookmarks one row high to name one. */
static int bm_mouse(struct pane *p, const MEVENT *ev)
{
        struct bpane *b = (struct bpane *)p;
        if (!(ev->bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) ||
            !ui_rows_mouse(&b->rows, b->nvis, ev, 1))
                return PANE_IGNORED;
        return PANE_HANDLED | PANE_REDRAW;
}

static bool bm_take_paste(struct pane *p)
{
        struct bpane *b = (struct bpane *)p;
        b->typing = b->pasting = true;
        return true;
}

static void bm_paste_end(struct pane *p)
{
        struct bpane *b = (struct bpane *)p;
        b->pasting = false;
        refilter(b, current_index(b));
}

static void bm_resize(struct pane *p, int y, int x, int rows, int cols)
{
        pane_place(p, y, x, rows, cols);
}

static void bm_destroy(struct pane *p)
{
        struct bpane *b = (struct bpane *)p;
        clear_entries(b->v, b->n);
        clear_entries(b->undo, b->nundo);
        free(b->v);
        free(b->vis);
        free(b->undo);
        free(b->edit_was);
        lineedit_free(&b->filter);
        free(b);
}

static const struct pane_ops bm_ops = {
        .name = "bookmarks",
        .draw = ui_bookmarks_draw,
        .handle_key = bm_key,
        .mouse = bm_mouse,
        .resize = bm_resize,
        .destroy = bm_destroy,
        .take_paste = bm_take_paste,
        .paste_end = bm_paste_end,
};

struct pane *ui_bookmarks_new(struct app *a)
{
        struct bpane *b = xcalloc(1, sizeof *b);
        b->pane.ops = &bm_ops;
        b->pane.app = a;
        return &b->pane;
}
