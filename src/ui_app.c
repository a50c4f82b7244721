/*
 * ui_app — the operations on the shared UI state that more than one pane
 * needs: opening a document where it was left, keeping the reader's hits
 * and other highlight layers in step, going to a hit, the jump list every
 * kind of jump records into (positions are the view's anchor, so Ctrl-O
 * puts back exactly the screen that was left), focus and the status
 * message. UI layer; nothing here draws.
 */
#include "ui_app.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "jump.h"
#include "sanitize.h"
#include "ui_phrases.h"
#include "ui_store.h"
#include "util.h"

/* The layers besides the hits, which reader_open() clears with them. */
static void sync_layers(struct app *a)
{
        bool here = a->mark_doc == a->doc && a->mark.end > a->mark.start;
        reader_set_layer(a->reader, SPAN_CURRENT, &a->mark, here ? 1 : 0);
        ui_phrases_sync(a);
}

bool app_take_docs(struct app *a)
{
        size_t n = corpus_count(a->corpus);
        if (n == a->ndocs)
                return false;
        size_t from = a->ndocs;
        a->ndocs = n;
        ui_store_docs_added(a, from);
        return true;
}

const char *app_busy_phase(const struct app *a)
{
        return a->loading ? "loading" : "indexing";
}

void app_sync_hits(struct app *a)
{
        sync_layers(a);
        const struct hits *h = &a->hits;
        if (h->partial) {
                /* A preview's hits are all in one document. */
                bool here = h->n && h->v[0].doc == a->doc;
                reader_set_hits(a->reader, here ? h->v : NULL, here ? h->n : 0,
                                here && a->cur < h->n ? a->cur : SIZE_MAX);
                return;
        }
        if (h->n == 0 || !h->per_doc || a->doc >= h->nper_doc || h->per_doc[a->doc] == 0) {
                reader_set_hits(a->reader, NULL, 0, SIZE_MAX);
                return;
        }
        size_t first = hits_lower_bound(h, (uint32_t)a->doc, 0);
        size_t n = h->per_doc[a->doc];
        size_t cur = a->cur != SIZE_MAX && a->cur >= first && a->cur < first + n
                     ? a->cur - first : SIZE_MAX;
        reader_set_hits(a->reader, &h->v[first], n, cur);
}

void app_open_doc(struct app *a, size_t i)
{
        if (i >= a->ndocs)
                return;
        a->overlay = NULL;
        if (i != a->doc || !reader_doc(a->reader)) {
                if (reader_doc(a->reader))
                        a->anchors[a->doc] = reader_anchor(a->reader);
                a->doc = i;
                reader_open(a->reader, corpus_doc(a->corpus, i), a->anchors[i]);
        }
        app_sync_hits(a);
}

void app_goto_hit(struct app *a, size_t i)
{
        if (i >= a->hits.n)
                return;
        const struct hit *h = &a->hits.v[i];
        a->cur = i;
        /* The current hit is the current place now. */
        a->mark = (struct span){ 0, 0, SPAN_CURRENT };
        app_open_doc(a, h->doc);
        app_sync_hits(a);
        reader_show(a->reader, h->start, h->end);
}

/* ------------------------------------------------------------ jumps */

void ui_app_jump_push(struct app *a, size_t doc, size_t off)
{
        if (a->jumps && doc < a->ndocs)
                jumps_push(a->jumps, (struct jump_pos){ (uint32_t)doc, off });
}

void ui_app_jump_to(struct app *a, size_t doc, size_t start, size_t end)
{
        if (doc >= a->ndocs)
                return;
        ui_app_jump_push(a, a->doc, reader_anchor(a->reader));
        /* The search's current hit gives way to the place jumped to. */
        a->cur = SIZE_MAX;
        a->mark_doc = doc;
        a->mark = (struct span){ start, end, SPAN_CURRENT };
        app_open_doc(a, doc);
        reader_show(a->reader, start, end);
        app_focus(a, a->text);
}

/* Put the view back exactly where a jump left from; nothing is current there. */
static void go_back_to(struct app *a, struct jump_pos to)
{
        a->cur = SIZE_MAX;
        a->mark = (struct span){ 0, 0, SPAN_CURRENT };
        if (to.doc != a->doc)
                a->anchors[to.doc] = to.off;
        app_open_doc(a, to.doc);
        reader_goto(a->reader, to.off);
        app_focus(a, a->text);
}

bool ui_app_jump_back(struct app *a)
{
        struct jump_pos to, here = { (uint32_t)a->doc, reader_anchor(a->reader) };
        if (!a->jumps || !jumps_back(a->jumps, here, &to) || to.doc >= a->ndocs)
                return false;
        go_back_to(a, to);
        return true;
}

bool ui_app_jump_forward(struct app *a)
{
        struct jump_pos to;
        if (!a->jumps || !jumps_forward(a->jumps, &to) || to.doc >= a->ndocs)
                return false;
        go_back_to(a, to);
        return true;
}

void app_message(struct app *a, enum msg_kind kind, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        char *raw = NULL;
        int n = vsnprintf(NULL, 0, fmt, ap);
        va_end(ap);
        if (n < 0)
                return;
        raw = xmalloc((size_t)n + 1);
        va_start(ap, fmt);
        vsnprintf(raw, (size_t)n + 1, fmt, ap);
        va_end(ap);
        /* Paths and causes can hold anything; only inert text reaches the screen. */
        size_t len;
        free(a->msg_wait);
        a->msg_wait = NULL;
        free(a->msg);
        a->msg = sanitize_text(raw, (size_t)n, &len, NULL);
        for (size_t k = 0; k < len; k++)
                if (a->msg[k] == '\n')
                        a->msg[k] = ' ';
        a->msg_kind = kind;
        free(raw);
}

void app_clear_message(struct app *a)
{
        free(a->msg);
        a->msg = NULL;
        a->msg_kind = MSG_NONE;
        free(a->msg_wait);
        a->msg_wait = NULL;
}

void app_wait_notice(struct app *a, enum msg_wait what, const char *tail)
{
        char *keep = xstrdup(tail);
        if (what == WAIT_PHRASES && a->index_state != INDEX_BUILDING)
                app_message(a, MSG_NOTICE, "finding phrases %d%%: %s", ui_phrases_percent(a), keep);
        else
                app_message(a, MSG_NOTICE, "still %s (%d%%): %s", app_busy_phase(a),
                            a->index_pct, keep);
        a->msg_wait = keep;
        a->msg_wait_for = what;
}

static bool wait_over(const struct app *a)
{
        switch (a->msg_wait_for) {
        case WAIT_FOLD:
                return a->ix || a->index_state != INDEX_BUILDING;
        case WAIT_PHRASES:
                return a->index_state != INDEX_BUILDING && ui_phrases_percent(a) < 0;
        }
        return true;
}

void app_refresh_wait(struct app *a)
{
        if (!a->msg_wait)
                return;
        if (wait_over(a)) {
                app_clear_message(a);
                return;
        }
        char *tail = a->msg_wait;
        a->msg_wait = NULL;
        app_wait_notice(a, a->msg_wait_for, tail);
        free(tail);
}

void app_focus(struct app *a, struct pane *p)
{
        if (p == a->list || p == a->text)
                a->focus = p;
}

void app_toggle_annotations(struct app *a)
{
        bool hide = !reader_annotations_hidden(a->reader);
        reader_hide_annotations(a->reader, hide);
        app_message(a, MSG_INFO, hide ? "pinyin annotations hidden (a shows them)"
                                      : "pinyin annotations shown (a hides them)");
}
