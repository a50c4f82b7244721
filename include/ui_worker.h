/*
 * ui_worker — the index build on a background thread, polled by the UI
 * loop. UI layer (no curses; only the UI starts threads).
 */
#ifndef LECTERN_UI_WORKER_H
#define LECTERN_UI_WORKER_H

#include <stdbool.h>

#include "corpus.h"
#include "index.h"

enum index_state {
        INDEX_BUILDING,
        INDEX_READY,
        INDEX_FAILED,
};

struct ui_worker;

/*
 * Start building the index over c (which must stay alive and unchanged
 * while the worker runs). Returns NULL with *cause when no thread starts.
 */
struct ui_worker *ui_worker_start(const struct corpus *c, char **cause);

/*
 * Where the build is: INDEX_BUILDING with *pct, INDEX_READY once with *ix
 * handed over (the caller frees it; later polls leave *ix alone),
 * INDEX_FAILED with *cause (caller frees, once).
 */
enum index_state ui_worker_poll(struct ui_worker *w, int *pct, struct index **ix, char **cause);

/*
 * Wait for a finished build, or abandon a running one (index_build cannot
 * be interrupted). Returns whether the worker is gone, i.e. nothing reads
 * the corpus any more; when false the corpus must not be freed. NULL is a
 * no-op that returns true.
 */
bool ui_worker_stop(struct ui_worker *w);

#endif
