/*
 * ui_worker — builds the index on a background thread so that the reader
 * is usable at once. The corpus is immutable after loading, so the thread
 * reads it without locks; only the progress and the result cross over,
 * under a mutex, and the UI polls them from its loop. UI layer (no curses
 * here, but only the UI starts threads).
 */
#include "ui_worker.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct ui_worker {
        pthread_t thread;
        pthread_mutex_t lock;
        const struct corpus *corpus;
        int pct;
        bool done, handed;
        struct index *ix;
        char *cause;
};

static void on_progress(void *ud, const char *phase, double fraction)
{
        (void)phase;
        struct ui_worker *w = ud;
        int pct = (int)(fraction * 100.0);
        pthread_mutex_lock(&w->lock);
        w->pct = pct < 0 ? 0 : pct > 99 ? 99 : pct;
        pthread_mutex_unlock(&w->lock);
}

static void *build(void *arg)
{
        struct ui_worker *w = arg;
        char *cause = NULL;
        struct index *ix = index_build(w->corpus, on_progress, w, &cause);
        pthread_mutex_lock(&w->lock);
        w->ix = ix;
        w->cause = ix ? NULL : (cause ? cause : xstrdup("the index could not be built"));
        if (ix)
                free(cause);
        w->done = true;
        pthread_mutex_unlock(&w->lock);
        return NULL;
}

struct ui_worker *ui_worker_start(const struct corpus *c, char **cause)
{
        struct ui_worker *w = xcalloc(1, sizeof *w);
        w->corpus = c;
        pthread_mutex_init(&w->lock, NULL);
        int rc = pthread_create(&w->thread, NULL, build, w);
        if (rc != 0) {
                lc_fail(cause, LC_EIO, "cannot start the indexing thread: %s", strerror(rc));
                pthread_mutex_destroy(&w->lock);
                free(w);
                return NULL;
        }
        return w;
}

enum index_state ui_worker_poll(struct ui_worker *w, int *pct, struct index **ix, char **cause)
{
        enum index_state st = INDEX_BUILDING;
        pthread_mutex_lock(&w->lock);
        *pct = w->pct;
        if (w->done) {
                st = w->ix || w->handed ? INDEX_READY : INDEX_FAILED;
                if (w->ix && !w->handed) {
                        *ix = w->ix;
                        w->ix = NULL;
                        w->handed = true;
                } else if (w->cause) {
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
        bool done = w->done;
        pthread_mutex_unlock(&w->lock);
        if (!done) {
                /*
                 * index_build cannot be interrupted: let the thread run on
                 * (the process is about to end) and keep everything it
                 * touches alive, rather than make the user wait.
                 */
                pthread_detach(w->thread);
                return false;
        }
        pthread_join(w->thread, NULL);
        index_free(w->ix);
        free(w->cause);
        pthread_mutex_destroy(&w->lock);
        free(w);
        return true;
}
