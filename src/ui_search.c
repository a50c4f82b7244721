/*
 * ui_search — the search: running a query over the index and walking its
 * hits with n / N across documents, and the search bar on the bottom line
 * that edits the query. The bar searches as the user types (a query typed
 * through an input method arrives whole, through get_wch), edits by
 * grapheme cluster as the note prompt does (lineedit.h), recalls earlier
 * queries with Up / Down, and on Esc puts
 * back the documents, positions and search exactly as they were when it
 * opened. UI layer.
 */
#include "ui_search.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lineedit.h"
#include "ui_draw.h"
#include "ui_prompt.h"
#include "ui_store.h"
#include "util.h"
#include "width.h"

struct bar {
        struct pane pane;
        struct lineedit ed;     /* the query being edited */

        char **history;         /* committed queries, oldest first */
        size_t nhist, hcap, hpos;
        char *draft;            /* what was typed before Up went into the history */
        char *last;             /* the query last kept here, even once cleared: n resumes it */
        size_t last_doc;        /* and the hit that was current when a search was cleared */
        uint32_t last_start;
        bool last_at;

        /* The state to put back on Esc. */
        size_t origin_doc, origin_top;
        size_t *origin_anchors, norigin;        /* documents read when it opened */
        char *origin_query;
        size_t origin_cur;
        struct pane *origin_overlay;    /* the concordance or plot shown, which a hit closes */
        size_t origin_mark_doc;         /* and the place marked current, which a hit clears */
        struct span origin_mark;

        bool stale;             /* edited since the last search: search once typing pauses */
};

static struct bar *bar_of(struct app *a);

/* ----------------------------------------------------------- the search */

void ui_search_set(struct app *a, const char *query)
{
        /* query may be a->query itself: copy before freeing. */
        char *q = query && *query ? xstrdup(query) : NULL;
        if (!q && a->query) {
                struct bar *b = bar_of(a);
                b->last_at = a->cur < a->hits.n;
                if (b->last_at) {
                        b->last_doc = a->hits.v[a->cur].doc;
                        b->last_start = a->hits.v[a->cur].start;
                }
        }
        free(a->query);
        a->query = q;
        a->cur = SIZE_MAX;
        if (a->query && a->ix)
                search_run(a->ix, a->query, strlen(a->query), &a->hits);
        else
                hits_free(&a->hits);
        app_sync_hits(a);
}

/* The search for a keystroke: the query from (doc, off), as a preview when it is big. */
static void search_typed(struct app *a, const char *query, size_t doc, size_t off)
{
        if (!a->ix || !*query) {
                ui_search_set(a, query);
                return;
        }
        free(a->query);
        a->query = xstrdup(query);
        a->cur = SIZE_MAX;
        search_preview(a->ix, a->query, strlen(a->query), (uint32_t)doc, off,
                       SEARCH_PREVIEW_MIN, &a->hits);
        app_sync_hits(a);
}

void ui_search_complete(struct app *a)
{
        if (!a->hits.partial || !a->query || !a->ix)
                return;
        const struct hit *h = a->cur < a->hits.n ? &a->hits.v[a->cur] : NULL;
        uint32_t doc = h ? h->doc : 0, start = h ? h->start : 0;
        search_run(a->ix, a->query, strlen(a->query), &a->hits);
        a->cur = h ? hits_lower_bound(&a->hits, doc, start) : SIZE_MAX;
        app_sync_hits(a);
}

void ui_search_step(struct app *a, int dir)
{
        if (!a->query) {
                /* As in less and vi, clearing the highlights does not forget the search. */
                const char *last = bar_of(a)->last;
                if (!last) {
                        app_message(a, MSG_NOTICE, "no search yet: press / to search");
                        return;
                }
                ui_search_set(a, last);
                /* On from the hit that was current, when it is still a hit. */
                struct bar *b = bar_of(a);
                size_t i = b->last_at ? hits_lower_bound(&a->hits, (uint32_t)b->last_doc,
                                                         b->last_start) : SIZE_MAX;
                if (i < a->hits.n && a->hits.v[i].doc == b->last_doc &&
                    a->hits.v[i].start == b->last_start)
                        a->cur = i;
        }
        if (!a->ix) {
                if (a->index_state == INDEX_FAILED)
                        app_message(a, MSG_ERROR, "search is unavailable: the index could not be built");
                else
                        app_wait_notice(a, WAIT_FOLD, "n and N work once the text is folded for search");
                return;
        }
        if (a->hits.n == 0) {
                app_message(a, MSG_NOTICE, "no hits for “%s”", a->query);
                return;
        }
        ui_search_complete(a);
        size_t off;
        bool inclusive;
        const struct hit *h = a->cur < a->hits.n ? &a->hits.v[a->cur] : NULL;
        if (h && h->doc == a->doc && reader_is_visible(a->reader, h->start, h->end)) {
                off = h->start;
                inclusive = false;
        } else {
                /* From wherever the user scrolled to, as less does. */
                off = reader_top_offset(a->reader);
                inclusive = dir > 0;
        }
        bool wrapped;
        size_t i = hits_step(&a->hits, (uint32_t)a->doc, off, dir, inclusive, &wrapped);
        /* A jump (Ctrl-O comes back), and the search is what c, D and the status follow. */
        ui_app_jump_push(a, a->doc, reader_anchor(a->reader));
        a->following_phrase = false;
        app_goto_hit(a, i);
        /* A hit is something to read: show the text even in a one-pane layout. */
        app_focus(a, a->text);
        if (wrapped)
                app_message(a, MSG_NOTICE, dir > 0 ? "search wrapped: back to the first hit"
                                                   : "search wrapped: on to the last hit");
}

char *ui_search_describe(const struct app *a)
{
        if (!a->query)
                return NULL;
        if (!a->ix)
                return xstrdup(a->index_state == INDEX_FAILED ? "search unavailable"
                                                               : "waiting to search");
        if (a->hits.n == 0)
                return xstrdup("no hits");
        /* A preview knows the count, not yet how many documents share it. */
        if (a->hits.partial)
                return a->cur < a->hits.n
                       ? xasprintf("hit %zu/%zu", a->hits.base + a->cur + 1, a->hits.total)
                       : xasprintf("%zu hits", a->hits.total);
        const char *docs = a->hits.ndocs == 1 ? "doc" : "docs";
        if (a->cur < a->hits.n)
                return xasprintf("hit %zu/%zu · %u %s", a->cur + 1, a->hits.n,
                                 (unsigned)a->hits.ndocs, docs);
        return xasprintf("%zu hits · %u %s", a->hits.n, (unsigned)a->hits.ndocs, docs);
}

/* ------------------------------------------------------------ the bar */

static struct bar *bar_of(struct app *a)
{
        return (struct bar *)a->bar;
}

static void put_back_origin(struct app *a, struct bar *b)
{
        /* Documents read since the bar opened were not left anywhere yet. */
        memcpy(a->anchors, b->origin_anchors, b->norigin * sizeof *a->anchors);
        /* Staying in the document keeps its wrapped paragraphs: typing stays cheap. */
        if (a->doc == b->origin_doc) {
                reader_goto(a->reader, a->anchors[a->doc]);
        } else {
                a->doc = b->origin_doc;
                reader_open(a->reader, corpus_doc(a->corpus, a->doc), a->anchors[a->doc]);
        }
        app_sync_hits(a);
}

/* Show the first hit at or after where the reader was when the bar opened. */
static void follow_query(struct app *a, struct bar *b)
{
        search_typed(a, lineedit_text(&b->ed), b->origin_doc, b->origin_top);
        put_back_origin(a, b);
        if (a->hits.n == 0)
                return;
        size_t i = hits_step(&a->hits, (uint32_t)b->origin_doc, b->origin_top, 1, true, NULL);
        app_goto_hit(a, i);
}

void ui_search_index_ready(struct app *a)
{
        if (!a->query)
                return;
        if (a->bar_open) {
                follow_query(a, bar_of(a));
                return;
        }
        ui_search_set(a, a->query);
        if (!a->hits.n)
                return;
        /* A pane opened while the search waited is not yanked away: n goes when wanted. */
        if (a->overlay || a->bookmarks_open || a->help_open || a->prompt_open)
                app_message(a, MSG_INFO, "“%s” searched: %zu hits · n goes to the first",
                            a->query, a->hits.n);
        else
                ui_search_step(a, 1);
}

/*
 * Take the history from the store when there is one: it survives restarts
 * and holds what another lectern searched for meanwhile.
 */
static void bar_load_history(struct app *a, struct bar *b)
{
        size_t n;
        char **v = ui_store_history(a, &n);
        if (!v)
                return;
        for (size_t i = 0; i < b->nhist; i++)
                free(b->history[i]);
        b->history = xgrow(b->history, &b->hcap, n, sizeof *b->history);
        /* The store lists the most recent first; the bar keeps the oldest first. */
        for (size_t i = 0; i < n; i++)
                b->history[i] = v[n - 1 - i];
        b->nhist = n;
        free(v);
}

void ui_search_open(struct app *a)
{
        struct bar *b = bar_of(a);
        if (a->index_state == INDEX_FAILED) {
                app_message(a, MSG_ERROR, "search is unavailable: the index could not be built");
                return;
        }
        a->anchors[a->doc] = reader_anchor(a->reader);
        free(b->origin_anchors);
        b->norigin = a->ndocs;
        b->origin_anchors = xmalloc((b->norigin + 1) * sizeof *b->origin_anchors);
        memcpy(b->origin_anchors, a->anchors, b->norigin * sizeof *a->anchors);
        b->origin_doc = a->doc;
        b->origin_top = reader_top_offset(a->reader);
        free(b->origin_query);
        b->origin_query = a->query ? xstrdup(a->query) : NULL;
        b->origin_cur = a->cur;
        b->origin_overlay = a->overlay;
        b->origin_mark_doc = a->mark_doc;
        b->origin_mark = a->mark;
        lineedit_set(&b->ed, "");
        b->stale = false;
        free(b->draft);
        b->draft = NULL;
        bar_load_history(a, b);
        b->hpos = b->nhist;
        a->bar_open = true;
        app_clear_message(a);
}

static void bar_close(struct app *a, bool keep)
{
        struct bar *b = bar_of(a);
        if (keep && b->stale)
                follow_query(a, b);
        if (keep)
                ui_search_complete(a);
        b->stale = false;
        a->bar_open = false;
        if (keep) {
                const char *q = lineedit_text(&b->ed);
                if (*q) {
                        for (size_t i = 0; i < b->nhist; i++) {
                                if (strcmp(b->history[i], q) == 0) {
                                        free(b->history[i]);
                                        memmove(&b->history[i], &b->history[i + 1],
                                                (b->nhist - i - 1) * sizeof *b->history);
                                        b->nhist--;
                                        break;
                                }
                        }
                        b->history = xgrow(b->history, &b->hcap, b->nhist + 1,
                                           sizeof *b->history);
                        b->history[b->nhist++] = xstrdup(q);
                        free(b->last);
                        b->last = xstrdup(q);
                        ui_store_history_add(a, q);
                        /* The search is followed now; going to its first hit was a jump. */
                        a->following_phrase = false;
                        if (a->cur < a->hits.n) {
                                ui_app_jump_push(a, b->origin_doc,
                                                 b->origin_anchors[b->origin_doc]);
                                app_focus(a, a->text);
                        }
                } else {
                        ui_search_set(a, NULL);
                }
                return;
        }
        /* Putting back clears the query typed, which must not pass for the one n resumes. */
        size_t last_doc = b->last_doc;
        uint32_t last_start = b->last_start;
        bool last_at = b->last_at;
        ui_search_set(a, b->origin_query);
        b->last_doc = last_doc;
        b->last_start = last_start;
        b->last_at = last_at;
        put_back_origin(a, b);
        a->cur = b->origin_cur < a->hits.n ? b->origin_cur : SIZE_MAX;
        a->overlay = b->origin_overlay;
        a->mark_doc = b->origin_mark_doc;
        a->mark = b->origin_mark;
        app_sync_hits(a);
}

static void bar_recall(struct bar *b, int dir)
{
        if (dir < 0 && b->hpos > 0) {
                if (b->hpos == b->nhist) {
                        free(b->draft);
                        b->draft = xstrdup(lineedit_text(&b->ed));
                }
                lineedit_set(&b->ed, b->history[--b->hpos]);
        } else if (dir > 0 && b->hpos < b->nhist) {
                b->hpos++;
                lineedit_set(&b->ed, b->hpos == b->nhist ? b->draft : b->history[b->hpos]);
        }
}

/*
 * The editing keys are the note prompt's (ui_prompt_edit_key); the bar
 * adds its own: Enter keeps the search, Esc cancels it, Backspace in an
 * empty bar closes it, Up and Down recall earlier queries.
 */
static int bar_key(struct pane *p, int kind, wint_t key)
{
        struct bar *b = (struct bar *)p;
        struct app *a = p->app;
        bool code = kind == KEY_CODE_YES;
        char *was = xstrdup(lineedit_text(&b->ed));
        if (code ? key == KEY_ENTER : key == '\n' || key == '\r')
                bar_close(a, true);
        else if (!code && (key == UI_ESC || key == UI_CTRL('g') || key == UI_CTRL('c')))
                bar_close(a, false);
        else if (b->ed.len == 0 && (code ? key == KEY_BACKSPACE : key == 0x7f || key == UI_CTRL('h')))
                bar_close(a, false);
        else if (code ? key == KEY_UP : key == UI_CTRL('p'))
                bar_recall(b, -1);
        else if (code ? key == KEY_DOWN : key == UI_CTRL('n'))
                bar_recall(b, 1);
        else
                ui_prompt_edit_key(&b->ed, kind, key);
        if (a->bar_open && strcmp(was, lineedit_text(&b->ed)) != 0)
                b->stale = true;
        free(was);
        return PANE_HANDLED | PANE_REDRAW;
}

bool ui_search_stale(struct app *a)
{
        return a->bar_open && bar_of(a)->stale;
}

void ui_search_settle(struct app *a)
{
        struct bar *b = bar_of(a);
        if (!a->bar_open || !b->stale)
                return;
        b->stale = false;
        follow_query(a, b);
}

/* What the right end of the bar says about the query being typed. */
static char *bar_info(const struct app *a, const struct bar *b, enum ui_role *role)
{
        *role = ROLE_DIMMED;
        if (!a->ix && a->index_state == INDEX_BUILDING)
                return xasprintf("%s %d%%: search starts once the text is folded",
                                 app_busy_phase(a), a->index_pct);
        if (b->ed.len == 0)
                return xstrdup("Enter keeps · Esc cancels · Up recalls");
        if (a->hits.n == 0) {
                *role = ROLE_NOTICE;
                return xstrdup("no hits");
        }
        *role = ROLE_COUNT;
        return ui_search_describe(a);
}

static void bar_draw(struct pane *p, bool focused)
{
        (void)focused;
        struct bar *b = (struct bar *)p;
        WINDOW *w = p->win;
        /* Never the last cell: on the bottom line it could scroll the screen. */
        int cols = p->cols - 1;
        enum ui_role role;
        char *info = bar_info(p->app, b, &role);
        int iw = width_str(info, strlen(info));
        if (iw > cols / 2)
                iw = 0;
        int field = cols - 1 - (iw ? iw + 2 : 0);

        /* Scroll the query so the cursor stays in view, by whole clusters. */
        const char *q = lineedit_text(&b->ed);
        size_t from = width_tail_start(q, b->ed.cursor, field - 1);

        wmove(w, 0, 0);
        int used = ui_draw_str(w, "/", 1, ui_style(ROLE_PROMPT));
        int at = used + width_str(q + from, b->ed.cursor - from);
        used += ui_draw_text(w, q, from, b->ed.len, field, NULL, 0, ui_style(ROLE_TEXT));
        if (iw) {
                ui_fill(w, cols - used - iw, ui_style(ROLE_TEXT));
                used = cols - iw;
                used += ui_draw_str(w, info, iw, ui_style(role));
        }
        ui_end_row(w, used, p->cols);
        free(info);
        wmove(w, 0, at);
}

static void bar_resize(struct pane *p, int y, int x, int rows, int cols)
{
        /* The terminal's cursor goes where bar_draw leaves it: an input method draws there. */
        if (pane_place(p, y, x, rows, cols))
                leaveok(p->win, FALSE);
}

static void bar_destroy(struct pane *p)
{
        struct bar *b = (struct bar *)p;
        for (size_t i = 0; i < b->nhist; i++)
                free(b->history[i]);
        free(b->history);
        lineedit_free(&b->ed);
        free(b->draft);
        free(b->last);
        free(b->origin_anchors);
        free(b->origin_query);
        free(b);
}

static const struct pane_ops bar_ops = {
        .name = "search",
        .draw = bar_draw,
        .handle_key = bar_key,
        .resize = bar_resize,
        .destroy = bar_destroy,
};

struct pane *ui_search_bar_new(struct app *a)
{
        struct bar *b = xcalloc(1, sizeof *b);
        b->pane.ops = &bar_ops;
        b->pane.app = a;
        lineedit_set(&b->ed, "");
        return &b->pane;
}
