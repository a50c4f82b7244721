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

/* What a waiting notice waits for (app_wait_notice). */
enum msg_wait {
        WAIT_FOLD,              /* the text folded for search */
        WAIT_PHRASES,           /* the whole index, then the phrase list */
};

enum msg_kind {
        MSG_NONE,
        MSG_INFO,
        MSG_NOTICE,             /* worth a look: wrapped round, not found */
        MSG_ERROR,
};

struct app {
        const struct ui_opts *opts;
        struct corpus *corpus;
        size_t ndocs;           /* documents read so far: grows while loading */
        bool loading;           /* the corpus is still being read */
        bool moved;             /* the reader has gone somewhere since the start */

        struct reader *reader;
        size_t doc;             /* the open document */
        size_t *anchors;        /* where each document was left (room for every planned file) */

        struct ui_worker *worker;
        enum index_state index_state;
        struct index *ix;       /* NULL until the background build is done */
        int index_pct;

        char *query;            /* the search on show, or NULL */
        struct hits hits;       /* its hits (empty until the index is ready) */
        size_t cur;             /* the current hit in hits, or SIZE_MAX */

        char *msg;              /* shown on the status line until the next key */
        enum msg_kind msg_kind;
        char *msg_wait;         /* a waiting notice's own words, or NULL */
        enum msg_wait msg_wait_for;

        struct pane *list, *text, *status, *bar, *help;
        struct pane *focus;     /* list or text */
        bool bar_open, help_open;
        bool narrow;            /* one pane at a time */
        bool mouse;

        /* Bookmarks, positions and history (ui_store.h); marks and selection (ui_marks.h). */
        struct ui_store *store;
        struct ui_marks *marks;
        struct pane *bookmarks; /* the B pane, shown over the body like the help */
        struct pane *prompt;    /* the note prompt, on the bottom line */
        bool bookmarks_open, prompt_open;
        /*
         * The terminal is gone (a hangup, a kill): nobody can answer a
         * prompt, so a note is saved without asking and a conflict keeps
         * both notes. tries bounds the saves attempted that way.
         */
        bool unattended;
        unsigned unattended_tries;

        /* The jump list (Ctrl-O, Ctrl-I) and the place last jumped to, painted as current. */
        struct jumps *jumps;
        unsigned long nkeys;    /* keys and clicks handled so far */
        unsigned long back_key; /* the one that last went back or forward: right after
                                 * it, Tab is Ctrl-I */
        size_t mark_doc;
        struct span mark;       /* empty when nothing is marked */

        /* Recurring phrases (ui_phrases.h) and the panes shown in the text's place. */
        struct ui_phrases *phrases;
        bool following_phrase;  /* c, D and the status line follow the phrase, not the search */
        struct pane *phrases_pane, *kwic, *plot;
        struct pane *overlay;   /* one of those three instead of the text, or NULL */
};

/*
 * Open document i at the place it was left; the list follows. Whatever
 * replaced the text (phrases, concordance, plot) gives way to it.
 */
void app_open_doc(struct app *a, size_t i);

/*
 * Jump to bytes [start, end) of document doc (end == start for a bare
 * position): record where the reader was in the jump list, open the
 * document, bring the range into view and paint it as the current place.
 * Every kind of jump goes through here or ui_app_jump_push().
 */
void ui_app_jump_to(struct app *a, size_t doc, size_t start, size_t end);

/* Record (doc, off) -- usually a->doc and reader_anchor() -- before a jump made otherwise. */
void ui_app_jump_push(struct app *a, size_t doc, size_t off);

/*
 * Ctrl-O and Ctrl-I: go back to where the last jump left from, or forward
 * again. Return false (nothing moves) at either end of the list.
 */
bool ui_app_jump_back(struct app *a);
bool ui_app_jump_forward(struct app *a);

/*
 * While the corpus is read: take in the documents published since the last
 * call (the list grows, remembered positions are found). Returns whether
 * any arrived.
 */
bool app_take_docs(struct app *a);

/* "loading" or "indexing": what the status line and messages say is under way. */
const char *app_busy_phase(const struct app *a);

/* Hand the reader this document's slice of the hits and the current one. */
void app_sync_hits(struct app *a);

/* Make hit i current, opening its document and bringing it into view. */
void app_goto_hit(struct app *a, size_t i);

/* Set the status line message (printf-style; sanitised for display). */
void app_message(struct app *a, enum msg_kind kind, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
void app_clear_message(struct app *a);

/*
 * A notice that something must wait for the background work: "still
 * indexing (37%): " then tail, or, for phrases once the index is built,
 * "finding phrases 12%: " then tail.
 * Unlike other messages it follows the work, its phase and percentage kept
 * current (app_refresh_wait, called as progress comes in), and it goes
 * once the wait is over rather than say what is no longer true.
 */
void app_wait_notice(struct app *a, enum msg_wait what, const char *tail);
void app_refresh_wait(struct app *a);

/* Give the keys to p, the list or the text pane (anything else is ignored). */
void app_focus(struct app *a, struct pane *p);

/* Hide or show the inline pinyin annotations, keeping the passage on top. */
void app_toggle_annotations(struct app *a);

#endif
