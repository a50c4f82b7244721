/*
 * ui_app — the state the panes share: the corpus, the reading view-model,
 * the background index, the active search and the message on the status
 * line, with the few operations on them that several panes need (open a
 * document, go to a hit, focus, messages; the search itself is in
 * ui_search.h). Panes call these and return PANE_* flags; only ui.c turns
 * those into drawing. UI layer.
 */
#ifndef LECTERN_UI_APP_H
#define LECTERN_UI_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "corpus.h"
#include "index.h"
#include "reader.h"
#include "search.h"
#include "ui.h"
#include "ui_pane.h"
#include "ui_worker.h"

enum msg_kind {
        MSG_NONE,
        MSG_INFO,
        MSG_NOTICE,             /* worth a look: wrapped round, not found */
        MSG_ERROR,
};

struct app {
        const struct ui_opts *opts;
        struct corpus *corpus;
        size_t ndocs;

        struct reader *reader;
        size_t doc;             /* the open document */
        size_t *anchors;        /* where each document was left, by byte offset */

        struct ui_worker *worker;
        enum index_state index_state;
        struct index *ix;       /* NULL until the background build is done */
        int index_pct;

        char *query;            /* the search on show, or NULL */
        struct hits hits;       /* its hits (empty until the index is ready) */
        size_t cur;             /* the current hit in hits, or SIZE_MAX */

        char *msg;              /* shown on the status line until the next key */
        enum msg_kind msg_kind;

        struct pane *list, *text, *status, *bar, *help;
        struct pane *focus;     /* list or text */
        bool bar_open, help_open;
        bool narrow;            /* one pane at a time */
        bool mouse;
};

/* Open document i at the place it was left; the list follows. */
void app_open_doc(struct app *a, size_t i);

/* Hand the reader this document's slice of the hits and the current one. */
void app_sync_hits(struct app *a);

/* Make hit i current, opening its document and bringing it into view. */
void app_goto_hit(struct app *a, size_t i);

/* Set the status line message (printf-style; sanitised for display). */
void app_message(struct app *a, enum msg_kind kind, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
void app_clear_message(struct app *a);

/* Give the keys to p, the list or the text pane (anything else is ignored). */
void app_focus(struct app *a, struct pane *p);

/* Hide or show the inline pinyin annotations, keeping the passage on top. */
void app_toggle_annotations(struct app *a);

#endif
