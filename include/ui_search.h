/*
 * ui_search — the corpus search as the UI sees it: the query on show, its
 * hits, n / N, and the search bar pane that edits the query as the user
 * types. UI layer.
 */
#ifndef LECTERN_UI_SEARCH_H
#define LECTERN_UI_SEARCH_H

#include "ui_app.h"

/*
 * Show query (NULL or "" clears the search): run it over the index when it
 * is ready, else keep it to run once it is. No hit is current afterwards.
 */
void ui_search_set(struct app *a, const char *query);

/*
 * n (dir > 0) and N (dir < 0): from the current hit when it is on screen,
 * else from the top of the view, across documents, wrapping round with a
 * notice. With no search on, the one last kept in the bar comes back,
 * current at the hit that was current when it was cleared.
 */
void ui_search_step(struct app *a, int dir);

/* The index has just arrived: run the query typed while it was building. */
void ui_search_index_ready(struct app *a);

/* Open the search bar, remembering where the reader is for Esc. */
void ui_search_open(struct app *a);

/*
 * The bar searches as the query is edited, but not for every key of a
 * burst (a paste, an input method's commit, keys typed faster than a
 * search on a big corpus): an edit makes the query stale, and the loop
 * settles it once no more keys are waiting. Enter settles it first.
 */
bool ui_search_stale(struct app *a);
void ui_search_settle(struct app *a);

/*
 * A query with very many hits is answered while it is typed by a preview
 * (search_preview: the count and one document's hits). This turns it into
 * the full search, keeping the current hit; the loop calls it once typing
 * pauses, and whatever needs every hit (n, N, the list's counts, Enter,
 * the concordance, the plot) calls it first. A no-op otherwise.
 */
void ui_search_complete(struct app *a);

/* "hit 3/57 · 5 docs" and the like for the status line, or NULL when no
 * search is on; the caller frees. */
char *ui_search_describe(const struct app *a);

#endif
