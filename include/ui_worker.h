/*
 * ui_worker — reading the corpus and building the index on a background
 * thread, then the recurring phrases over it (again whenever they are asked for with new options),
 * polled by the UI loop. UI layer (no curses; only the UI starts threads).
 */
#ifndef LECTERN_UI_WORKER_H
#define LECTERN_UI_WORKER_H

#include <stdbool.h>

#include "corpus.h"
#include "index.h"
#include "phrase.h"
#include "phrases_view.h"

enum index_state {
        INDEX_BUILDING,
        INDEX_READY,
        INDEX_FAILED,
};

enum phrases_state {
        PHRASES_WAITING,        /* for the index */
        PHRASES_RUNNING,
        PHRASES_READY,
        PHRASES_FAILED,
};

struct ui_worker;

/*
 * Start reading the planned corpus c (corpus_plan) with the encoding force
 * (or NULL), then building the index over it; c must stay alive while the
 * worker runs, and be read meanwhile only through corpus_count and
 * corpus_doc. Returns NULL with *cause when no thread starts.
 */
struct ui_worker *ui_worker_start(struct corpus *c, const char *force, char **cause);

/*
 * Where the work is: INDEX_BUILDING with *pct (of reading the corpus
 * while corpus_complete() is false, then of the index), INDEX_READY, or
 * INDEX_FAILED with *cause (caller frees, once). The index is handed over
 * once, in *ix, as soon as it can be searched: while still INDEX_BUILDING,
 * when search scans until the suffix array is done (the caller frees it,
 * once ui_worker_stop says the worker is gone; other polls leave *ix alone).
 */
enum index_state ui_worker_poll(struct ui_worker *w, int *pct, struct index **ix, char **cause);

/*
 * Find the recurring phrases with opts (copied) once the index is built
 * (the first request, with the defaults, is made at the start). A request
 * replaces one not yet begun; the result of one overtaken while it ran is
 * dropped, so the last request is the one answered.
 */
void ui_worker_want_phrases(struct ui_worker *w, const struct phrase_opts *opts);

/*
 * Where the latest request is: PHRASES_WAITING, PHRASES_RUNNING with *pct,
 * PHRASES_READY once with *view handed over (the caller frees it, before
 * the index; later polls leave *view alone), PHRASES_FAILED with *cause
 * (caller frees, once).
 */
enum phrases_state ui_worker_poll_phrases(struct ui_worker *w, int *pct,
                                          struct phrases_view **view, char **cause);

/*
 * Stop the worker: an idle one ends at once, one reading the corpus stops
 * after the files in hand, a running one (neither the index build nor
 * phrase extraction can be interrupted) is abandoned.
 * Returns whether the worker is gone, i.e. nothing reads the corpus or the
 * index any more; when false neither must be freed. NULL is a no-op that
 * returns true.
 */
bool ui_worker_stop(struct ui_worker *w);

#endif
