/*
 * ui — the full-screen reader's loop. It alone knows the screen size and
 * hands each pane its place (the phrases, concordance and plot panes take
 * the text's when open); below a usable size it shows a notice instead. It
 * waits for keys with a timeout so that progress, signals and the finished
 * index are noticed without blocking, redraws only when something changed,
 * and routes each key or click to the pane that owns it. Setting up and
 * tearing down around the loop is in ui_run.c. UI layer.
 */
#include "ui_run.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_app.h"
#include "ui_bookmarks.h"
#include "ui_draw.h"
#include "ui_pane.h"
#include "ui_paste.h"
#include "ui_phrases.h"
#include "ui_probe.h"
#include "ui_prompt.h"
#include "ui_search.h"
#include "ui_store.h"
#include "ui_term.h"
#include "util.h"

/* Below this the panes cannot show anything useful. */
#define MIN_COLS 24
#define MIN_ROWS 6
/* Under this width one pane is shown at a time. */
#define NARROW_COLS 70

/* ------------------------------------------------------------ panes */

bool pane_place(struct pane *p, int y, int x, int rows, int cols)
{
        if (p->win)
                delwin(p->win);
        p->win = newwin(rows, cols, y, x);
        if (!p->win)
                return false;
        leaveok(p->win, TRUE);
        p->y = y;
        p->x = x;
        p->rows = rows;
        p->cols = cols;
        return true;
}

void pane_free(struct pane *p)
{
        if (!p)
                return;
        if (p->win)
                delwin(p->win);
        p->win = NULL;
        p->ops->destroy(p);
}

/* ------------------------------------------------------------ geometry */

static bool shown(const struct app *a, const struct pane *p)
{
        if (a->help_open)
                return p == a->help;
        if (a->bookmarks_open)
                return p == a->bookmarks;
        return !a->narrow || p == a->focus || (a->focus == a->text && p == a->overlay);
}

/* What the text's place shows: the text, or the phrases, concordance or plot over it. */
static struct pane *text_area(const struct app *a)
{
        return a->overlay ? a->overlay : a->text;
}

static void relayout(struct ui *u)
{
        struct app *a = u->app;
        int rows = LINES, cols = COLS;
        bool was_small = u->small;
        u->small = cols < MIN_COLS || rows < MIN_ROWS;
        if (u->sep)
                delwin(u->sep);
        u->sep = NULL;
        if (u->small != was_small)
                werase(stdscr);
        if (u->small)
                return;
        int body = rows - 1;
        a->narrow = cols < NARROW_COLS;
        struct pane *bottom[] = { a->status, a->bar };
        for (size_t i = 0; i < LC_ARRAY_LEN(bottom); i++)
                bottom[i]->ops->resize(bottom[i], rows - 1, 0, 1, cols);
        a->help->ops->resize(a->help, 0, 0, body, cols);
        a->bookmarks->ops->resize(a->bookmarks, 0, 0, body, cols);
        a->prompt->ops->resize(a->prompt, rows - 1, 0, 1, cols);
        /* The phrases, concordance and plot panes take the text's place when open. */
        struct pane *in_text[] = { a->text, a->phrases_pane, a->kwic, a->plot };
        int tx = 0, tw = cols;
        if (a->narrow) {
                a->list->ops->resize(a->list, 0, 0, body, cols);
        } else {
                int lw = cols * 28 / 100;
                lw = lw < 22 ? 22 : lw > 40 ? 40 : lw;
                a->list->ops->resize(a->list, 0, 0, body, lw);
                u->sep = newwin(body, 1, 0, lw);
                tx = lw + 1;
                tw = cols - lw - 1;
        }
        for (size_t i = 0; i < LC_ARRAY_LEN(in_text); i++)
                in_text[i]->ops->resize(in_text[i], 0, tx, body, tw);
        struct pane *all[] = { a->list, a->text, a->help, a->status, a->bar, a->bookmarks,
                               a->prompt, a->phrases_pane, a->kwic, a->plot };
        for (size_t i = 0; i < LC_ARRAY_LEN(all); i++)
                if (!all[i]->win)
                        u->failed = true;
        if (!a->narrow && !u->sep)
                u->failed = true;
}

/* ------------------------------------------------------------ drawing */

static void draw_notice(const struct app *a)
{
        /* q would drop a note being typed: it waits for a larger window instead. */
        const char *const lines[] = { "window too small", NULL,
                                      a->prompt_open ? "a note is open: enlarge to finish it"
                                                     : "q quits" };
        char need[64];
        snprintf(need, sizeof need, "needs %dx%d, is %dx%d", MIN_COLS, MIN_ROWS, COLS, LINES);
        werase(stdscr);
        int top = (LINES - 3) / 2 > 0 ? (LINES - 3) / 2 : 0;
        for (int i = 0; i < 3 && top + i < LINES; i++) {
                const char *s = lines[i] ? lines[i] : need;
                int w = (int)strlen(s);
                int x = COLS > w ? (COLS - w) / 2 : 0;
                wmove(stdscr, top + i, x);
                /* The bottom-right cell would scroll the screen: keep off it. */
                int room = COLS - x - (top + i == LINES - 1);
                ui_draw_str(stdscr, s, room, ui_style(i == 0 ? ROLE_NOTICE : ROLE_TEXT));
        }
        wnoutrefresh(stdscr);
}

static void show_pane(struct pane *p, bool focused)
{
        p->ops->draw(p, focused);
        touchwin(p->win);
        wnoutrefresh(p->win);
}

static void draw(struct ui *u)
{
        struct app *a = u->app;
        /*
         * stdscr first, while it is blank: get_wch() refreshes stdscr when
         * it has changes, which would wipe the panes off the screen.
         */
        wnoutrefresh(stdscr);
        if (u->small) {
                draw_notice(a);
                curs_set(0);
                doupdate();
                return;
        }
        if (a->help_open) {
                show_pane(a->help, true);
        } else if (a->bookmarks_open) {
                show_pane(a->bookmarks, true);
        } else if (a->narrow) {
                show_pane(a->focus == a->text ? text_area(a) : a->focus, true);
        } else {
                show_pane(a->list, a->focus == a->list);
                for (int y = 0; y < getmaxy(u->sep); y++)
                        mvwaddch(u->sep, y, 0, '|');
                touchwin(u->sep);
                wnoutrefresh(u->sep);
                show_pane(text_area(a), a->focus == a->text);
        }
        /* The bar last, so that the cursor is left in it. */
        show_pane(a->prompt_open ? a->prompt : a->bar_open ? a->bar : a->status, false);
        curs_set(a->bar_open || a->prompt_open ? 1 : 0);
        doupdate();
}

/* ------------------------------------------------------------ input */

/* < and >: another document is a jump, which Ctrl-O comes back from. */
static void switch_doc(struct app *a, size_t i)
{
        ui_app_jump_push(a, a->doc, reader_anchor(a->reader));
        app_open_doc(a, i);
}

static int global_key(struct app *a, int kind, wint_t ch)
{
        if (kind == KEY_CODE_YES) {
                switch (ch) {
                case KEY_BTAB:
                        app_focus(a, a->focus == a->list ? a->text : a->list);
                        return PANE_RELAYOUT;
                case KEY_F(1): a->help_open = true; return PANE_RELAYOUT;
                default: return PANE_IGNORED;
                }
        }
        /* p c D P [ ] { } Ctrl-O, Tab after Ctrl-O, and Esc while a phrase is followed. */
        int r = ui_phrases_key(a, kind, ch);
        if (r != PANE_IGNORED)
                return r;
        switch (ch) {
        case 'q': case 'Q':
                return PANE_QUIT;
        case '\t':
                app_focus(a, a->focus == a->list ? a->text : a->list);
                return PANE_RELAYOUT;
        case '/':
                ui_search_open(a);
                return PANE_REDRAW;
        case 'n':
                ui_search_step(a, 1);
                return PANE_REDRAW;
        case 'N':
                ui_search_step(a, -1);
                return PANE_REDRAW;
        case '?':
                a->help_open = true;
                return PANE_RELAYOUT;
        case 'B':
                return ui_bookmarks_open(a);
        case 'a':
                app_toggle_annotations(a);
                return PANE_REDRAW;
        case UI_ESC:
                if (a->query) {
                        ui_search_set(a, NULL);
                        app_message(a, MSG_INFO, "search cleared (n finds it again)");
                }
                return PANE_REDRAW;
        case UI_CTRL('l'):
                clearok(curscr, TRUE);
                return PANE_REDRAW;
        case '<':
                if (a->doc > 0)
                        switch_doc(a, a->doc - 1);
                else
                        app_message(a, MSG_NOTICE, "this is the first document");
                return PANE_REDRAW;
        case '>':
                if (a->doc + 1 < a->ndocs)
                        switch_doc(a, a->doc + 1);
                else
                        app_message(a, MSG_NOTICE, a->loading ? "this is the last document read so far"
                                                              : "this is the last document");
                return PANE_REDRAW;
        default:
                if (ch >= 0x20 && ch != 0x7f && a->focus == a->list)
                        app_message(a, MSG_INFO, "no such key in the document list: Tab goes to "
                                                 "the text, ? lists the keys");
                else if (ch >= 0x20 && ch != 0x7f)
                        app_message(a, MSG_INFO, "no such key: press ? for the keys");
                return PANE_REDRAW;
        }
}

static int dispatch(struct app *a, int kind, wint_t ch)
{
        a->nkeys++;
        if (a->prompt_open)
                return a->prompt->ops->handle_key(a->prompt, kind, ch);
        if (a->help_open)
                return a->help->ops->handle_key(a->help, kind, ch);
        if (a->bookmarks_open)
                return a->bookmarks->ops->handle_key(a->bookmarks, kind, ch);
        if (a->bar_open)
                return a->bar->ops->handle_key(a->bar, kind, ch);
        /* A message stays until the next key. */
        app_clear_message(a);
        struct pane *p = a->focus == a->text ? text_area(a) : a->focus;
        int r = p->ops->handle_key(p, kind, ch);
        /*
         * m, v and y act on the text beside the list: they take the keys
         * there, where a selection goes on with j and k.
         */
        if (r == PANE_IGNORED && p == a->list && !a->narrow && text_area(a) == a->text &&
            kind == OK && (ch == 'm' || ch == 'v' || ch == 'y')) {
                app_focus(a, a->text);
                return a->text->ops->handle_key(a->text, kind, ch) | PANE_RELAYOUT;
        }
        return r != PANE_IGNORED ? r : global_key(a, kind, ch);
}

static int dispatch_mouse(struct app *a)
{
        a->nkeys++;
        MEVENT ev;
        if (getmouse(&ev) != OK || a->bar_open || a->prompt_open)
                return PANE_IGNORED;
        struct pane *panes[] = { a->list, text_area(a) };
        size_t n = LC_ARRAY_LEN(panes);
        /* The help and the B pane cover the others while open: the wheel scrolls them. */
        if (a->help_open || a->bookmarks_open) {
                panes[0] = a->help_open ? a->help : a->bookmarks;
                n = 1;
        }
        for (size_t i = 0; i < n; i++) {
                struct pane *p = panes[i];
                if (!shown(a, p) || !p->ops->mouse || !wenclose(p->win, ev.y, ev.x))
                        continue;
                MEVENT rel = ev;
                rel.y -= p->y;
                rel.x -= p->x;
                return p->ops->mouse(p, &rel) | PANE_RELAYOUT;
        }
        return PANE_IGNORED;
}

/*
 * Say once, when the corpus is read, what could not be read. A path that
 * failed (missing, refused) is the example before any file passed over by
 * choice (binary, a FIFO), and an error: the user named it and lost it.
 */
static void note_skips(struct app *a)
{
        const struct corpus *c = a->corpus;
        size_t n = corpus_nskipped(c), failed = 0;
        if (n == 0)
                return;
        const struct corpus_skip *s = corpus_skipped(c, 0);
        for (size_t i = 0; i < n; i++) {
                if (corpus_skipped(c, i)->failed && failed++ == 0)
                        s = corpus_skipped(c, i);
        }
        char *what = failed == 1 ? xasprintf("cannot read %s: %s", s->path, s->reason)
                     : failed ? xasprintf("%zu paths cannot be read, e.g. %s: %s", failed,
                                          s->path, s->reason)
                     : xasprintf("%zu file%s skipped, e.g. %s: %s", n, n == 1 ? "" : "s",
                                 s->path, s->reason);
        enum msg_kind kind = failed ? MSG_ERROR : a->msg ? a->msg_kind : MSG_NOTICE;
        if (a->msg) {
                char *was = xstrdup(a->msg);
                app_message(a, kind, "%s · %s", was, what);
                free(was);
        } else {
                app_message(a, kind, "%s", what);
        }
        free(what);
}

/* While the corpus is read: take in new documents; at the end, the skips. */
static bool poll_corpus(struct app *a)
{
        if (!a->loading)
                return false;
        /* Complete first: once it is, the count read after it is final. */
        bool done = corpus_complete(a->corpus);
        bool changed = app_take_docs(a);
        if (done) {
                a->loading = false;
                note_skips(a);
                ui_bookmarks_corpus_read(a);
                changed = true;
        }
        return changed;
}

static bool poll_index(struct app *a)
{
        if (a->index_state != INDEX_BUILDING)
                return false;
        int pct = a->index_pct;
        struct index *ix = NULL;
        char *cause = NULL;
        enum index_state st = ui_worker_poll(a->worker, &pct, &ix, &cause);
        bool changed = pct != a->index_pct || st != INDEX_BUILDING;
        a->index_pct = pct;
        a->index_state = st;
        if (ix) {
                /* Searchable now: by scanning while the suffix array is sorted. */
                a->ix = ix;
                ui_search_index_ready(a);
                changed = true;
        }
        if (st == INDEX_FAILED) {
                app_message(a, MSG_ERROR, "indexing failed (%s): search is unavailable",
                            cause ? cause : "unknown error");
        }
        free(cause);
        return changed;
}

static void paste_into(wint_t c, void *ud)
{
        struct pane *p = ud;
        if (p)
                p->ops->handle_key(p, OK, c);
}

/*
 * A paste goes into the note or the query being typed, or into the filter
 * of the bookmarks or phrases pane; anywhere else none of it is used.
 */
static void take_paste(struct app *a)
{
        struct pane *to = a->prompt_open ? a->prompt : NULL;
        if (!to && !a->help_open) {
                struct pane *p = a->bookmarks_open ? a->bookmarks : a->bar_open ? a->bar
                               : a->focus == a->text ? text_area(a) : a->focus;
                to = p == a->bar || (p->ops->take_paste && p->ops->take_paste(p)) ? p : NULL;
        }
        size_t n = ui_paste_read(paste_into, to);
        if (to && to->ops->paste_end)
                to->ops->paste_end(to);
        a->nkeys++;
        if (!to && n > 0)
                app_message(a, MSG_NOTICE, "a paste goes into the search bar (/), a filter or "
                            "a note (m, or e among the bookmarks): nothing was done with it");
}

/* Is more input waiting? What is read to find out is put back. */
static bool input_pending(void)
{
        wint_t c;
        wtimeout(stdscr, 0);
        int kind = ui_term_get_wch(&c);
        if (kind == ERR)
                return false;
        if (kind == KEY_CODE_YES)
                ungetch((int)c);
        else
                unget_wch(c);
        return true;
}

/* Returns 0, 128 + the signal that ended the run, or -1 when a window could not be made. */
static int run_loop(struct ui *u)
{
        struct app *a = u->app;
        bool dirty = true;
        for (;;) {
                int sig = ui_signal_take();
                if (sig) {
                        /* Ctrl-C in the note prompt or the search bar cancels it, as in a shell. */
                        if (sig == SIGINT && a->prompt_open) {
                                a->prompt->ops->handle_key(a->prompt, OK, UI_ESC);
                                dirty = true;
                        } else if (sig == SIGINT && a->bar_open && !u->small) {
                                a->bar->ops->handle_key(a->bar, OK, UI_ESC);
                                dirty = true;
                        } else {
                                /* A hangup or a kill leaves nobody to finish the note: save it. */
                                ui_prompt_hangup(a);
                                return 128 + sig;
                        }
                }
                dirty |= poll_corpus(a);
                dirty |= poll_index(a);
                dirty |= ui_phrases_poll(a);
                if (dirty)
                        app_refresh_wait(a);
                dirty |= ui_store_tick(a);
                if (u->failed)
                        return -1;
                /* Keys typed faster than they are searched: search once they stop. */
                bool typing = ui_search_stale(a) && input_pending();
                if (!typing)
                        ui_search_settle(a);
                if (dirty && !typing) {
                        draw(u);
                        dirty = false;
                }
                wtimeout(stdscr, a->loading || a->index_state == INDEX_BUILDING ||
                                 ui_phrases_busy(a) ? 100 : 1000);
                /* A preview is completed once typing pauses this long. */
                if (a->hits.partial)
                        wtimeout(stdscr, 150);
                wint_t ch;
                int kind = ui_term_get_wch(&ch);
                if (kind == ERR) {
                        if (a->hits.partial) {
                                ui_search_complete(a);
                                dirty = true;
                        }
                        continue;
                }
                if (kind == OK && ch == 0x1B) {
                        if (ui_probe_late_answer())
                                continue;
                        if (ui_paste_starts()) {
                                take_paste(a);
                                dirty = true;
                                continue;
                        }
                }
                dirty = true;
                if (kind == KEY_CODE_YES && ch == KEY_RESIZE) {
                        relayout(u);
                        /* In a storm of resizes, draw once the window settles. */
                        dirty = !input_pending();
                        continue;
                }
                if (u->small) {
                        if (kind == OK && (ch == 'q' || ch == 'Q') && !a->prompt_open)
                                return 0;
                        continue;
                }
                /* From the first key on, a document read late no longer takes the view over. */
                a->moved = true;
                int r = kind == KEY_CODE_YES && ch == KEY_MOUSE ? dispatch_mouse(a)
                                                                 : dispatch(a, kind, ch);
                if (r & PANE_QUIT)
                        return 0;
                if (r & PANE_RELAYOUT)
                        relayout(u);
        }
}

int ui_loop(struct ui *u)
{
        struct app *a = u->app;
        a->focus = COLS < NARROW_COLS ? a->list : a->text;
        relayout(u);
        return run_loop(u);
}
