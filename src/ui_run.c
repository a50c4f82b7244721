/*
 * ui_run — the full-screen reader's lifecycle around its loop (ui.c). It
 * checks the locale and the terminal before anything is drawn, loads the
 * corpus, sets curses up, builds the shared state and starts the index
 * build in the background; after the loop it takes all of that down again.
 * Every exit path goes through ui_shutdown(), which restores the terminal
 * before any message is printed. Signal handlers only record the signal,
 * which the loop takes with ui_signal_take(). UI layer.
 */
#include "ui_run.h"

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jump.h"
#include "msg.h"
#include "ui.h"
#include "ui_app.h"
#include "ui_bookmarks.h"
#include "ui_draw.h"
#include "ui_kwic.h"
#include "ui_marks.h"
#include "ui_pane.h"
#include "ui_paste.h"
#include "ui_phrases.h"
#include "ui_phrases_pane.h"
#include "ui_plot.h"
#include "ui_probe.h"
#include "ui_prompt.h"
#include "ui_store.h"
#include "ui_term.h"
#include "util.h"
#include "width.h"

/* ------------------------------------------------------------ signals */

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

int ui_signal_take(void)
{
        int sig = got_signal;
        /* Cleared only when set, so a signal arriving meanwhile is not lost. */
        if (sig)
                got_signal = 0;
        return sig;
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
        ui_paste_disable();
        ui_term_guard_disarm();
        signals_restore();
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

/* How often the wait for the first document looks again, in nanoseconds. */
#define FIRST_DOC_POLL_NS 2000000L

/* Why there is nothing to read, once the whole corpus has been read. */
static int nothing_to_read(const struct corpus *c, char **cause)
{
        size_t n = corpus_nskipped(c);
        if (n == 0)
                return lc_fail(cause, LC_EINVAL, "no documents to read in the paths given");
        const struct corpus_skip *s = corpus_skipped(c, 0);
        if (n == 1)
                return lc_fail(cause, LC_EINVAL, "no documents to read: %s: %s", s->path,
                               s->reason);
        return lc_fail(cause, LC_EINVAL, "no documents to read: %zu paths skipped, the first "
                       "%s: %s", n, s->path, s->reason);
}

/*
 * Plan the corpus and have the worker read it; come back as soon as the
 * first document is in (the rest arrive while the reader runs), or with the
 * reason why none will. A slow first document gets a line on stderr.
 */
static struct corpus *load(const struct ui_opts *o, struct ui_worker **worker, char **cause)
{
        struct corpus *c = corpus_new();
        *worker = NULL;
        corpus_plan(c, o->paths, o->npaths);
        if (corpus_planned(c) == 0) {
                nothing_to_read(c, cause);
                corpus_free(c);
                return NULL;
        }
        char *why = NULL;
        *worker = ui_worker_start(c, o->encoding, &why);
        if (!*worker) {
                /* No thread: read it all here; the reader will run without an index. */
                free(why);
                if (corpus_read(c, o->encoding, 1, NULL, NULL, cause) != LC_OK) {
                        corpus_free(c);
                        return NULL;
                }
        }
        double start = lc_now();
        bool shown = false;
        while (corpus_count(c) == 0 && !corpus_complete(c)) {
                nanosleep(&(struct timespec){ 0, FIRST_DOC_POLL_NS }, NULL);
                if (!shown && lc_now() - start > 0.3 && isatty(STDERR_FILENO)) {
                        fputs("lectern: loading the first document...", stderr);
                        shown = true;
                }
        }
        if (shown)
                fprintf(stderr, "\r%40s\r", "");
        if (corpus_count(c) > 0)
                return c;
        /* Complete and empty: the worker has ended or is about to. */
        int pct;
        struct index *ix = NULL;
        char *failed = NULL;
        while (*worker && ui_worker_poll(*worker, &pct, &ix, &failed) == INDEX_BUILDING)
                nanosleep(&(struct timespec){ 0, FIRST_DOC_POLL_NS }, NULL);
        ui_worker_stop(*worker);
        *worker = NULL;
        /* A read that failed (an unknown --encoding) says why; else the skips do. */
        if (failed && strcmp(failed, "no documents to read") != 0)
                lc_fail(cause, LC_EINVAL, "%s", failed);
        else
                nothing_to_read(c, cause);
        free(failed);
        index_free(ix);
        corpus_free(c);
        return NULL;
}

static int start_curses(const struct ui_opts *o, char **cause)
{
        ui_term_save_modes();
        signals_catch();
        enum ui_ambiwidth how = o->ambiwidth;
        if (how == UI_AMBIWIDTH_AUTO)
                how = ui_probe_ambiguous(UI_PROBE_WAIT_MS) == 2 ? UI_AMBIWIDTH_AVOID
                                                               : UI_AMBIWIDTH_SINGLE;
        width_set_ambiguous(how == UI_AMBIWIDTH_AVOID ? WIDTH_AMBIGUOUS_AVOID
                                                      : WIDTH_AMBIGUOUS_SHOW);
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
        ui_probe_return_keys();
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
        ui_paste_enable();
        return LC_OK;
}

static void app_init(struct app *a, const struct ui_opts *o, struct corpus *c)
{
        a->opts = o;
        a->corpus = c;
        a->ndocs = corpus_count(c);
        /* The first look at the corpus (ui.c) takes in the rest, or notes what was skipped. */
        a->loading = true;
        a->reader = reader_new();
        reader_set_rules(a->reader, o->layout);
        a->anchors = xcalloc(corpus_planned(c) + a->ndocs + 1, sizeof *a->anchors);
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
        app_clear_message(a);
        index_free(a->ix);
}

int ui_run(const struct ui_opts *opts)
{
        char *cause = NULL, *note = NULL;
        if (check_locale(&cause, &note) != LC_OK || ui_term_check(&cause) != LC_OK) {
                msg_error("%s", cause);
                free(cause);
                return 2;
        }
        struct ui_worker *worker = NULL;
        struct corpus *c = load(opts, &worker, &cause);
        if (!c || start_curses(opts, &cause) != LC_OK) {
                msg_error("%s", cause ? cause : "cannot start");
                free(cause);
                free(note);
                if (ui_worker_stop(worker))
                        corpus_free(c);
                return 2;
        }

        struct app a = { 0 };
        app_init(&a, opts, c);
        struct ui u = { .app = &a };
        if (note)
                app_message(&a, MSG_NOTICE, "%s", note);
        free(note);
        ui_store_open(&a);
        a.worker = worker;
        if (!a.worker) {
                a.index_state = INDEX_FAILED;
                app_message(&a, MSG_ERROR, "the indexing thread could not start: search is unavailable");
        }

        int status = ui_loop(&u);

        ui_shutdown();
        if (status < 0) {
                msg_error("the screen could not be set up (out of memory?)");
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
