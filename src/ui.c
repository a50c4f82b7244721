/*
 * ui — the full-screen reader's lifecycle and main loop. It checks the
 * locale and the terminal before anything is drawn, loads the corpus, sets
 * curses up, starts the index build in the background, and then waits for
 * keys with a timeout so that progress, signals and the finished index are
 * noticed without blocking. It alone knows the screen size and hands each
 * pane its place (the phrases, concordance and plot panes take the text's
 * when open); below a usable size it shows a notice instead. Every exit
 * path goes through ui_shutdown(), which restores the terminal before any
 * message is printed. Signal handlers only record the signal. UI layer.
 */
#include "ui.h"

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jump.h"
#include "ui_app.h"
#include "ui_bookmarks.h"
#include "ui_draw.h"
#include "ui_kwic.h"
#include "ui_marks.h"
#include "ui_pane.h"
#include "ui_phrases.h"
#include "ui_phrases_pane.h"
#include "ui_plot.h"
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

static volatile sig_atomic_t got_signal;
static const int quit_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static struct sigaction old_actions[LC_ARRAY_LEN(quit_signals)];
static SCREEN *screen;
static bool active;
static bool mouse_on;

static void on_signal(int sig)
{
        got_signal = sig;
}

static void signals_catch(void)
{
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        /* No SA_RESTART: a blocked read returns, and the loop sees the flag. */
        for (size_t i = 0; i < LC_ARRAY_LEN(quit_signals); i++)
                sigaction(quit_signals[i], &sa, &old_actions[i]);
}

static void signals_restore(void)
{
        for (size_t i = 0; i < LC_ARRAY_LEN(quit_signals); i++)
                sigaction(quit_signals[i], &old_actions[i], NULL);
}

/* Restore the terminal; safe to call on any path, any number of times. */
static void ui_shutdown(void)
{
        if (!active)
                return;
        active = false;
        if (mouse_on)
                mousemask(0, NULL);
        curs_set(1);
        endwin();
        ui_term_guard_disarm();
        signals_restore();
}

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

struct ui {
        struct app *app;
        WINDOW *sep;            /* the column between the panes */
        bool small;
        bool failed;            /* curses could not make a window */
};

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

static void draw_notice(void)
{
        static const char *const lines[] = { "window too small", NULL, "q quits" };
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
                draw_notice();
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
                        app_message(a, MSG_INFO, "search cleared");
                }
                return PANE_REDRAW;
        case UI_CTRL('l'):
                clearok(curscr, TRUE);
                return PANE_REDRAW;
        case '<':
                if (a->doc > 0)
                        switch_doc(a, a->doc - 1);
                return PANE_REDRAW;
        case '>':
                if (a->doc + 1 < a->ndocs)
                        switch_doc(a, a->doc + 1);
                return PANE_REDRAW;
        default:
                if (ch >= 0x20 && ch != 0x7f)
                        app_message(a, MSG_INFO, "no such key: press ? for the keys");
                return PANE_REDRAW;
        }
}

static int dispatch(struct app *a, int kind, wint_t ch)
{
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
        return r != PANE_IGNORED ? r : global_key(a, kind, ch);
}

static int dispatch_mouse(struct app *a)
{
        MEVENT ev;
        if (getmouse(&ev) != OK || a->help_open || a->bar_open || a->bookmarks_open ||
            a->prompt_open)
                return PANE_IGNORED;
        struct pane *panes[] = { a->list, text_area(a) };
        for (size_t i = 0; i < LC_ARRAY_LEN(panes); i++) {
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
        if (st == INDEX_READY) {
                a->ix = ix;
                ui_search_index_ready(a);
        } else if (st == INDEX_FAILED) {
                app_message(a, MSG_ERROR, "indexing failed (%s): search is unavailable",
                            cause ? cause : "unknown error");
        }
        free(cause);
        return changed;
}

/* Returns the exit status: 0, or 128 + the signal that ended the run. */
/* Is more input waiting? What is read to find out is put back. */
static bool input_pending(void)
{
        wint_t c;
        wtimeout(stdscr, 0);
        int kind = wget_wch(stdscr, &c);
        if (kind == ERR)
                return false;
        if (kind == KEY_CODE_YES)
                ungetch((int)c);
        else
                unget_wch(c);
        return true;
}

static int run_loop(struct ui *u)
{
        struct app *a = u->app;
        bool dirty = true;
        for (;;) {
                if (got_signal) {
                        int sig = got_signal;
                        got_signal = 0;
                        /* Ctrl-C in the note prompt or the search bar cancels it, as in a shell. */
                        if (sig == SIGINT && a->prompt_open && !u->small) {
                                a->prompt->ops->handle_key(a->prompt, OK, UI_ESC);
                                dirty = true;
                        } else if (sig == SIGINT && a->bar_open && !u->small) {
                                a->bar->ops->handle_key(a->bar, OK, UI_ESC);
                                dirty = true;
                        } else {
                                return 128 + sig;
                        }
                }
                dirty |= poll_index(a);
                dirty |= ui_phrases_poll(a);
                ui_store_tick(a);
                if (u->failed)
                        return -1;
                if (dirty)
                        draw(u);
                dirty = false;
                wtimeout(stdscr, a->index_state == INDEX_BUILDING || ui_phrases_busy(a) ? 100
                                                                                         : 1000);
                wint_t ch;
                int kind = wget_wch(stdscr, &ch);
                if (kind == ERR)
                        continue;
                dirty = true;
                if (kind == KEY_CODE_YES && ch == KEY_RESIZE) {
                        relayout(u);
                        /* In a storm of resizes, draw once the window settles. */
                        dirty = !input_pending();
                        continue;
                }
                if (u->small) {
                        if (kind == OK && (ch == 'q' || ch == 'Q'))
                                return 0;
                        continue;
                }
                int r = kind == KEY_CODE_YES && ch == KEY_MOUSE ? dispatch_mouse(a)
                                                                 : dispatch(a, kind, ch);
                if (r & PANE_QUIT)
                        return 0;
                if (r & PANE_RELAYOUT)
                        relayout(u);
        }
}

/* ------------------------------------------------------------ setup */

static int check_locale(char **cause, char **note)
{
        if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
                return LC_OK;
        const char *cur = setlocale(LC_CTYPE, NULL);
        char *was = xstrdup(cur ? cur : "C");
        static const char *const fallbacks[] = { "C.UTF-8", "C.utf8", "en_US.UTF-8" };
        for (size_t i = 0; i < LC_ARRAY_LEN(fallbacks); i++) {
                if (setlocale(LC_ALL, fallbacks[i]) &&
                    strcmp(nl_langinfo(CODESET), "UTF-8") == 0) {
                        *note = xasprintf("the locale %s is not UTF-8: using %s", was,
                                          fallbacks[i]);
                        free(was);
                        return LC_OK;
                }
        }
        int rc = lc_fail(cause, LC_ENCODING,
                         "the locale %s is not UTF-8 and no UTF-8 locale (C.UTF-8) is "
                         "installed; set LANG to a UTF-8 locale", was);
        free(was);
        return rc;
}

struct load_progress {
        double start;
        bool shown;
};

static void on_load(void *ud, const char *phase, double fraction)
{
        struct load_progress *lp = ud;
        /* Only a slow load is worth a line, and only on a terminal. */
        if (lc_now() - lp->start < 0.3 || !isatty(STDERR_FILENO))
                return;
        fprintf(stderr, "\rlectern: %s %3d%%", phase ? phase : "loading",
                (int)(fraction * 100.0));
        lp->shown = true;
}

static struct corpus *load(const struct ui_opts *o, char **cause)
{
        struct corpus *c = corpus_new();
        struct load_progress lp = { lc_now(), false };
        int rc = corpus_load(c, o->paths, o->npaths, o->encoding, on_load, &lp, cause);
        if (lp.shown)
                fprintf(stderr, "\r%40s\r", "");
        if (rc == LC_OK && corpus_count(c) == 0) {
                if (corpus_nskipped(c))
                        lc_fail(cause, LC_EINVAL, "no documents to read: %s: %s",
                                corpus_skipped(c, 0)->path, corpus_skipped(c, 0)->reason);
                else
                        lc_fail(cause, LC_EINVAL, "no documents to read in the paths given");
                rc = LC_EINVAL;
        }
        if (rc != LC_OK) {
                corpus_free(c);
                return NULL;
        }
        return c;
}

static int start_curses(const struct ui_opts *o, char **cause)
{
        ui_term_save_modes();
        signals_catch();
        screen = newterm(NULL, stdout, stdin);
        if (!screen) {
                signals_restore();
                char *shown = ui_term_name();
                int rc = lc_fail(cause, LC_EINVAL, "cannot set the terminal up (TERM=%s)",
                                 shown);
                free(shown);
                return rc;
        }
        set_term(screen);
        active = true;
        cbreak();
        noecho();
        intrflush(stdscr, FALSE);
        keypad(stdscr, TRUE);
        /* Long enough for an escape sequence over SSH, short enough for Esc to feel immediate. */
        set_escdelay(50);
        curs_set(0);
        const char *nc = getenv("NO_COLOR");
        ui_theme_init(!(nc && *nc));
        mouse_on = false;
        if (!o->no_mouse) {
                mouse_on = mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED |
                                     BUTTON5_PRESSED, NULL) != 0;
                mouseinterval(0);
        }
        ui_term_guard_arm(mouse_on);
        return LC_OK;
}

static void app_init(struct app *a, const struct ui_opts *o, struct corpus *c)
{
        a->opts = o;
        a->corpus = c;
        a->ndocs = corpus_count(c);
        a->reader = reader_new();
        a->anchors = xcalloc(a->ndocs, sizeof *a->anchors);
        a->cur = SIZE_MAX;
        a->doc = 0;
        reader_open(a->reader, corpus_doc(c, 0), 0);
        a->list = ui_list_new(a);
        a->text = ui_reader_new(a);
        a->status = ui_status_new(a);
        a->bar = ui_search_bar_new(a);
        a->help = ui_help_new(a);
        a->bookmarks = ui_bookmarks_new(a);
        a->prompt = ui_prompt_new(a);
        a->marks = ui_marks_new();
        a->mouse = mouse_on;
        a->jumps = jumps_new(100);
        a->phrases = ui_phrases_new();
        a->phrases_pane = ui_phrases_pane_new(a);
        a->kwic = ui_kwic_new(a);
        a->plot = ui_plot_new(a);
}

static void app_fini(struct app *a)
{
        pane_free(a->list);
        pane_free(a->text);
        pane_free(a->status);
        pane_free(a->bar);
        pane_free(a->help);
        pane_free(a->bookmarks);
        pane_free(a->prompt);
        pane_free(a->phrases_pane);
        pane_free(a->kwic);
        pane_free(a->plot);
        jumps_free(a->jumps);
        ui_marks_free(a->marks);
        /* The reading position is saved here, on every way out. */
        ui_store_close(a);
        reader_free(a->reader);
        /* After the reader, which borrows the phrase marks. */
        ui_phrases_free(a->phrases);
        free(a->anchors);
        hits_free(&a->hits);
        free(a->query);
        free(a->msg);
        index_free(a->ix);
}

int ui_run(const struct ui_opts *opts)
{
        char *cause = NULL, *note = NULL;
        if (check_locale(&cause, &note) != LC_OK || ui_term_check(&cause) != LC_OK) {
                fprintf(stderr, "lectern: %s\n", cause);
                free(cause);
                return 2;
        }
        struct corpus *c = load(opts, &cause);
        if (!c || start_curses(opts, &cause) != LC_OK) {
                fprintf(stderr, "lectern: %s\n", cause ? cause : "cannot start");
                free(cause);
                free(note);
                corpus_free(c);
                return 2;
        }

        struct app a = { 0 };
        app_init(&a, opts, c);
        struct ui u = { .app = &a };
        if (note)
                app_message(&a, MSG_NOTICE, "%s", note);
        else if (corpus_nskipped(c))
                app_message(&a, MSG_NOTICE, "%zu file%s skipped, e.g. %s: %s",
                            corpus_nskipped(c), corpus_nskipped(c) == 1 ? "" : "s",
                            corpus_skipped(c, 0)->path, corpus_skipped(c, 0)->reason);
        free(note);
        ui_store_open(&a);
        a.worker = ui_worker_start(c, &cause);
        if (!a.worker) {
                a.index_state = INDEX_FAILED;
                app_message(&a, MSG_ERROR, "%s", cause);
                free(cause);
                cause = NULL;
        }
        a.focus = COLS < NARROW_COLS ? a.list : a.text;
        relayout(&u);

        int status = run_loop(&u);

        ui_shutdown();
        if (status < 0) {
                fprintf(stderr, "lectern: the screen could not be set up (out of memory?)\n");
                status = 2;
        }
        bool worker_gone = ui_worker_stop(a.worker);
        if (u.sep)
                delwin(u.sep);
        /* Phrases still being found read the index: leave it to the ending process. */
        if (!worker_gone)
                a.ix = NULL;
        app_fini(&a);
        delscreen(screen);
        screen = NULL;
        if (worker_gone)
                corpus_free(c);
        return status;
}
