/*
 * ui_phrases — recurring phrases in the UI: the list found in the
 * background after the index (and found again when the pane's options
 * change), the marks in the reading pane, stepping from phrase to phrase
 * with ] and [, following one phrase through the corpus with } and {, the
 * status line's "occurrence 4/31 · 5 docs", and the keys that open the
 * phrases pane, the concordance and the plot. Also "the subject" those two
 * show: the phrase last picked or followed, else the search. UI layer.
 */
#ifndef LECTERN_UI_PHRASES_H
#define LECTERN_UI_PHRASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "phrase.h"
#include "phrases_view.h"
#include "search.h"
#include "span.h"
#include "ui_app.h"
#include "ui_worker.h"

struct ui_phrases {
        struct phrases_view *view;      /* the latest list found, or NULL */
        enum phrases_state state;       /* of the latest request */
        int pct;
        char *cause;                    /* why the latest request failed */
        struct phrase_opts opts;        /* what was asked for last */
        unsigned generation;            /* counts the lists received: panes refilter */

        size_t phrase;                  /* the phrase followed, or SIZE_MAX */
        size_t hit;                     /* which of its occurrences, or SIZE_MAX */

        bool hide_marks;
        struct span *spans;             /* the marks of document spans_doc */
        size_t nspans, spans_doc;
        size_t awaiting;                /* a document whose marks are being found, or SIZE_MAX */
};

struct ui_phrases *ui_phrases_new(void);
void ui_phrases_free(struct ui_phrases *ph);

/* Take what the worker found, if anything; returns whether the screen changed. */
bool ui_phrases_poll(struct app *a);

/* How far the phrases being found are, in percent, or -1 when none are. */
int ui_phrases_percent(const struct app *a);

/* Whether phrases are being found (the loop then polls more often). */
bool ui_phrases_busy(const struct app *a);

/* Find the phrases again with these options (clamped), in the background. */
void ui_phrases_request(struct app *a, unsigned min_len, unsigned min_docs);

/* Give the reader the marks of the open document (the reader keeps them borrowed). */
void ui_phrases_sync(struct app *a);

/*
 * For the status line: "phrases 40%" while they are being found, and,
 * while a phrase is followed, "习近平总书记 occurrence 4/31 · 5 docs".
 * NULL when there is nothing to say; the caller frees.
 */
char *ui_phrases_describe(const struct app *a);

/* The phrase followed now, or NULL. */
const struct phrase *ui_phrases_current(const struct app *a);

/*
 * Follow phrase i from now on (c, D and the status line show it) and,
 * when hit is one of its occurrences, jump there, recording the jump.
 */
void ui_phrases_follow(struct app *a, size_t i, size_t hit);

/*
 * Follow phrase i from where the reader is: jump to its first occurrence
 * at or after the top of the view, else round to its first in the corpus.
 */
void ui_phrases_pick(struct app *a, size_t i);

/*
 * The keys that work from the list and the text alike: p c D P [ ] { }
 * Ctrl-O, Tab when the jump list can go forward, and Esc while a phrase is
 * followed. Returns PANE_IGNORED for any other key.
 */
int ui_phrases_key(struct app *a, int kind, wint_t key);

/* ------------------------------------------------------------ the subject */

/* What the concordance and the plot show, copied so the panes own it. */
struct ui_subject {
        char *name;             /* the phrase, or the search's query */
        bool phrase;
        struct hit *hits;       /* in corpus order */
        size_t nhits;
        uint32_t ndocs;
};

/*
 * Copy the subject into s: the phrase followed, else the search when it
 * has hits. Returns false (s left empty) when there is neither, after
 * saying so on the status line.
 */
bool ui_subject_take(struct app *a, struct ui_subject *s);
void ui_subject_free(struct ui_subject *s);

/* Jump to occurrence i of s, which becomes the current phrase occurrence or search hit. */
void ui_subject_goto(struct app *a, const struct ui_subject *s, size_t i);

#endif
