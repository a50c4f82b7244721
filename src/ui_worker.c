/*
 * ui_worker — reads the corpus and builds the index on a background thread
 * so that the reader is usable at once, then stays to find the recurring
 * phrases over it whenever they are asked for. While the corpus is read the
 * UI sees its documents appear (corpus_read publishes them in order); once
 * read, the corpus is immutable, and so is the index once folded, but for
 * its suffix array: the UI gets the index then and searches it by
 * scanning while the suffix sort runs here (index.h says why that is
 * safe). Only requests, progress and results cross over, under a mutex,
 * and the UI polls them from its loop. UI layer (no curses here, but only
 * the UI starts threads).
 */
#include "ui_worker.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"
#include "words.h"

/* How long leaving waits for a read to stop (a file in hand is finished first). */
#define STOP_WAIT_NS 300000000L

struct ui_worker {
        pthread_t thread;
        pthread_mutex_t lock;
        pthread_cond_t wake;    /* a phrase request, or the UI leaving */
        pthread_cond_t idle;    /* the thread has stopped being busy */
        struct corpus *corpus;
        const char *force;      /* the encoding to read with, or NULL */
        bool loading;           /* the corpus is being read */
        int pct;
        bool done, handed;
        struct index *ix;       /* searchable, not yet handed over */
        char *cause;

        bool stop;              /* the UI is leaving */
        bool busy;              /* building or finding: stopping must abandon the thread */
        const struct index *built;      /* the sorted index, read by phrase jobs after hand-over */
        struct words *words;    /* word breaking under way while the index builds */
        uint8_t *word_starts;   /* its result, kept for every phrase request */

        bool want;              /* a phrase request not yet begun */
        struct phrase_opts want_opts;
        unsigned asked;         /* requests made so far; a job answers the one it took */
        enum phrases_state ph_state;
        int ph_pct;
        struct phrases_view *view;      /* the latest answer, until handed over */
        char *ph_cause;
};

/*
 * Reading the corpus has a bar of its own; the index build's phases share
 * the next one, folding being the short first tenth of it.
 */
static void on_progress(void *ud, const char *phase, double fraction)
{
        struct ui_worker *w = ud;
        if (phase && strcmp(phase, "folding") == 0)
                fraction *= 0.1;
        else if (phase && strcmp(phase, "sorting") == 0)
                fraction = 0.1 + 0.9 * fraction;
        int pct = (int)(fraction * 100.0);
        pthread_mutex_lock(&w->lock);
        w->pct = pct < 0 ? 0 : pct > 99 ? 99 : pct;
        pthread_mutex_unlock(&w->lock);
}

/* Read the corpus, unless the UI leaves first. Returns the index build's go-ahead. */
static bool read_corpus(struct ui_worker *w, char **cause)
{
        int rc = corpus_read(w->corpus, w->force, 0, on_progress, w, cause);
        pthread_mutex_lock(&w->lock);
        w->loading = false;
        w->pct = 0;
        bool go = rc == LC_OK && !w->stop && corpus_count(w->corpus) > 0;
        pthread_mutex_unlock(&w->lock);
        if (rc == LC_OK && !go && !*cause)
                *cause = xstrdup(corpus_count(w->corpus) ? "stopped" : "no documents to read");
        return go;
}

/*
 * Phrase extraction is the first 70% of a phrase job (of which word
 * breaking, when left to do, is the first 20%), finding the occurrences the
 * rest.
 */
struct phase {
        struct ui_worker *w;
        double base, share;
};

static void on_phrase_progress(void *ud, const char *phase, double fraction)
{
        (void)phase;
        struct phase *ph = ud;
        int pct = (int)((ph->base + ph->share * fraction) * 100.0);
        pthread_mutex_lock(&ph->w->lock);
        ph->w->ph_pct = pct < 0 ? 0 : pct > 99 ? 99 : pct;
        pthread_mutex_unlock(&ph->w->lock);
}

static void find_phrases(struct ui_worker *w, struct phrase_opts opts, unsigned id)
{
        struct phrases ps;
        char *cause = NULL;
        struct phrases_view *view = NULL;
        struct phase ph = { w, 0.0, 0.7 };
        int rc = LC_OK;
        if (!w->word_starts && w->words) {
                /* What the sort left of word breaking: the first fifth of the bar. */
                struct phase wph = { w, 0.0, 0.2 };
                w->word_starts =
                        words_finish(w->words, w->built, on_phrase_progress, &wph, &cause);
                w->words = NULL;
                rc = w->word_starts ? LC_OK : LC_ENCODING;
                ph = (struct phase){ w, 0.2, 0.5 };
        }
        opts.words = w->word_starts;
        if (rc == LC_OK)
                rc = phrase_extract(w->built, &opts, on_phrase_progress, &ph, &ps, &cause);
        if (rc == LC_OK) {
                ph = (struct phase){ w, 0.7, 0.3 };
                view = phrases_view_new(w->built, &ps, on_phrase_progress, &ph);
        }
        pthread_mutex_lock(&w->lock);
        if (id == w->asked) {
                phrases_view_free(w->view);
                free(w->ph_cause);
                w->view = view;
                w->ph_cause = view ? NULL : (cause ? cause : xstrdup(lc_strerror(rc)));
                cause = NULL;
                view = NULL;
                w->ph_state = w->view ? PHRASES_READY : PHRASES_FAILED;
        }
        pthread_mutex_unlock(&w->lock);
        /* Overtaken by a newer request: nobody wants this answer. */
        phrases_view_free(view);
        free(cause);
}

static void *run(void *arg)
{
        struct ui_worker *w = arg;
        char *cause = NULL;
        struct index *ix = NULL;
        bool sorted = false;
        if (read_corpus(w, &cause)) {
                /* Word breaking needs no index: it takes the core the sort leaves idle. */
                w->words = words_start(w->corpus);
                ix = index_build_keys(w->corpus, NULL, on_progress, w, &cause);
                if (ix) {
                        /* Searchable from here on, by scanning until the sort is done. */
                        pthread_mutex_lock(&w->lock);
                        w->ix = ix;
                        pthread_mutex_unlock(&w->lock);
                        sorted = index_sort(ix, on_progress, w, &cause) == LC_OK;
                }
                if (!sorted) {
                        words_free(w->words);
                        w->words = NULL;
                }
        }
        pthread_mutex_lock(&w->lock);
        w->built = sorted ? ix : NULL;
        if (!ix)
                w->cause = cause ? cause : xstrdup("the index could not be built");
        if (!sorted) {
                /* Without the suffix array search still scans, but phrases cannot be found. */
                w->ph_state = PHRASES_FAILED;
                if (ix)
                        w->ph_cause = cause ? cause : xstrdup("the suffix sort failed");
        } else {
                free(cause);
        }
        w->done = true;
        w->busy = false;
        pthread_cond_broadcast(&w->idle);
        while (w->built) {
                while (!w->stop && !w->want)
                        pthread_cond_wait(&w->wake, &w->lock);
                if (w->stop)
                        break;
                struct phrase_opts opts = w->want_opts;
                unsigned id = w->asked;
                w->want = false;
                w->busy = true;
                w->ph_state = PHRASES_RUNNING;
                w->ph_pct = 0;
                pthread_mutex_unlock(&w->lock);
                find_phrases(w, opts, id);
                pthread_mutex_lock(&w->lock);
                w->busy = false;
        }
        pthread_mutex_unlock(&w->lock);
        return NULL;
}

struct ui_worker *ui_worker_start(struct corpus *c, const char *force, char **cause)
{
        struct ui_worker *w = xcalloc(1, sizeof *w);
        w->corpus = c;
        w->force = force;
        w->loading = true;
        w->busy = true;
        w->want = true;
        w->asked = 1;
        w->want_opts = (struct phrase_opts){ .min_len = PHRASE_DEFAULT_MIN_LEN,
                                             .min_docs = PHRASE_DEFAULT_MIN_DOCS };
        w->ph_state = PHRASES_WAITING;
        pthread_mutex_init(&w->lock, NULL);
        pthread_cond_init(&w->wake, NULL);
        pthread_cond_init(&w->idle, NULL);
        int rc = pthread_create(&w->thread, NULL, run, w);
        if (rc != 0) {
                lc_fail(cause, LC_EIO, "cannot start the indexing thread: %s", strerror(rc));
                pthread_cond_destroy(&w->idle);
                pthread_cond_destroy(&w->wake);
                pthread_mutex_destroy(&w->lock);
                free(w);
                return NULL;
        }
        return w;
}

void ui_worker_want_phrases(struct ui_worker *w, const struct phrase_opts *opts)
{
        if (!w)
                return;
        pthread_mutex_lock(&w->lock);
        w->want = true;
        w->want_opts = *opts;
        w->asked++;
        if (w->ph_state != PHRASES_FAILED || w->built) {
                w->ph_state = w->built ? PHRASES_RUNNING : PHRASES_WAITING;
                w->ph_pct = 0;
        }
        pthread_cond_signal(&w->wake);
        pthread_mutex_unlock(&w->lock);
}

enum phrases_state ui_worker_poll_phrases(struct ui_worker *w, int *pct,
                                          struct phrases_view **view, char **cause)
{
        pthread_mutex_lock(&w->lock);
        enum phrases_state st = w->ph_state;
        *pct = w->ph_pct;
        if (st == PHRASES_READY && w->view) {
                *view = w->view;
                w->view = NULL;
        } else if (st == PHRASES_FAILED && w->ph_cause) {
                *cause = w->ph_cause;
                w->ph_cause = NULL;
        }
        pthread_mutex_unlock(&w->lock);
        return st;
}

enum index_state ui_worker_poll(struct ui_worker *w, int *pct, struct index **ix, char **cause)
{
        enum index_state st = INDEX_BUILDING;
        pthread_mutex_lock(&w->lock);
        *pct = w->pct;
        if (w->ix) {
                *ix = w->ix;
                w->ix = NULL;
                w->handed = true;
        }
        if (w->done) {
                st = w->handed ? INDEX_READY : INDEX_FAILED;
                if (w->cause) {
                        *cause = w->cause;
                        w->cause = NULL;
                }
        }
        pthread_mutex_unlock(&w->lock);
        return st;
}

bool ui_worker_stop(struct ui_worker *w)
{
        if (!w)
                return true;
        pthread_mutex_lock(&w->lock);
        w->stop = true;
        if (w->loading) {
                /*
                 * A read stops after the files in hand, which is worth a
                 * moment's wait: then nothing runs on while the process ends.
                 */
                corpus_cancel(w->corpus);
                struct timespec until;
                clock_gettime(CLOCK_REALTIME, &until);
                until.tv_nsec += STOP_WAIT_NS;
                if (until.tv_nsec >= 1000000000L) {
                        until.tv_sec++;
                        until.tv_nsec -= 1000000000L;
                }
                while (w->busy && pthread_cond_timedwait(&w->idle, &w->lock, &until) == 0)
                        ;
        }
        bool busy = w->busy;
        pthread_cond_signal(&w->wake);
        pthread_mutex_unlock(&w->lock);
        if (busy) {
                /*
                 * Neither a file being read, nor index_build, nor
                 * phrase_extract can be interrupted: let the thread run on (the process is about
                 * to end) and keep everything it touches alive, rather
                 * than make the user wait.
                 */
                pthread_detach(w->thread);
                return false;
        }
        pthread_join(w->thread, NULL);
        words_free(w->words);
        free(w->word_starts);
        index_free(w->ix);
        free(w->cause);
        phrases_view_free(w->view);
        free(w->ph_cause);
        pthread_cond_destroy(&w->idle);
        pthread_cond_destroy(&w->wake);
        pthread_mutex_destroy(&w->lock);
        free(w);
        return true;
}
