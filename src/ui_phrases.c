/*
 * ui_phrases — recurring phrases as the reader meets them. The list comes
 * from the worker thread; this keeps the latest one, marks its occurrences
 * in the open document, and moves between them: ] and [ to the next or
 * previous occurrence of any phrase in the document, } and { along one
 * phrase through the whole corpus. "The phrase at the cursor" is the
 * occurrence last jumped to, or else the first one on screen: the reading
 * pane has no text cursor. Every move is a jump (ui_app_jump_to), so
 * Ctrl-O undoes it. The concordance and the plot take their subject from
 * here. UI layer.
 */
#include "ui_phrases.h"

#include <stdlib.h>
#include <string.h>

#include "jump.h"
#include "ui_kwic.h"
#include "ui_phrases_pane.h"
#include "ui_plot.h"
#include "ui_search.h"
#include "util.h"
#include "width.h"

/* Longest phrase name the status line shows before cutting it with "…". */
#define NAME_COLS 16
#define MIN_LEN_LOWEST 2
#define MIN_LEN_HIGHEST 64

struct ui_phrases *ui_phrases_new(void)
{
        struct ui_phrases *ph = xcalloc(1, sizeof *ph);
        ph->state = PHRASES_WAITING;
        ph->opts = (struct phrase_opts){ .min_len = PHRASE_DEFAULT_MIN_LEN,
                                         .min_docs = PHRASE_DEFAULT_MIN_DOCS };
        ph->phrase = ph->hit = SIZE_MAX;
        ph->spans_doc = ph->awaiting = SIZE_MAX;
        return ph;
}

void ui_phrases_free(struct ui_phrases *ph)
{
        if (!ph)
                return;
        phrases_view_free(ph->view);
        free(ph->cause);
        free(ph->spans);
        free(ph);
}

/* Documents among hits in corpus order. */
static uint32_t count_docs(const struct hit *h, size_t n)
{
        uint32_t docs = 0;
        for (size_t i = 0; i < n; i++)
                docs += i == 0 || h[i].doc != h[i - 1].doc;
        return docs;
}

/* ------------------------------------------------------------ the list */

/* A new list: keep following the same phrase if it is still in it. */
static void adopt(struct app *a, struct phrases_view *view)
{
        struct ui_phrases *ph = a->phrases;
        const struct phrase *was = ph->view ? phrases_view_phrase(ph->view, ph->phrase) : NULL;
        char *name = was ? phrase_strdup(was) : NULL;
        ui_phrases_pane_list_ends(a);
        phrases_view_free(ph->view);
        ph->view = view;
        ph->generation++;
        /* Occurrences are what a search for the text finds: the same text, the same ones. */
        ph->phrase = name ? phrases_view_find(view, name) : SIZE_MAX;
        if (ph->phrase == SIZE_MAX) {
                ph->hit = SIZE_MAX;
                if (a->following_phrase && name)
                        app_message(a, MSG_NOTICE, "“%s” is not among the phrases any more",
                                    name);
                a->following_phrase = false;
        }
        free(name);
        ph->spans_doc = ph->awaiting = SIZE_MAX;
        app_sync_hits(a);
}

bool ui_phrases_poll(struct app *a)
{
        struct ui_phrases *ph = a->phrases;
        if (!ph || !a->worker)
                return false;
        /* The open document's marks, found meanwhile. */
        if (ph->awaiting != SIZE_MAX && ph->view &&
            phrases_view_doc_ready(ph->view, (uint32_t)ph->awaiting)) {
                bool here = ph->awaiting == a->doc;
                ph->awaiting = SIZE_MAX;
                if (here) {
                        ui_phrases_sync(a);
                        return true;
                }
        }
        int pct = ph->pct;
        struct phrases_view *view = NULL;
        char *cause = NULL;
        enum phrases_state st = ui_worker_poll_phrases(a->worker, &pct, &view, &cause);
        bool changed = st != ph->state || pct != ph->pct;
        ph->state = st;
        ph->pct = pct;
        if (view) {
                adopt(a, view);
                changed = true;
        }
        if (cause) {
                free(ph->cause);
                ph->cause = cause;
                app_message(a, MSG_ERROR, "the phrases could not be found: %s", cause);
                changed = true;
        }
        return changed;
}

int ui_phrases_percent(const struct app *a)
{
        const struct ui_phrases *ph = a->phrases;
        bool finding = ph && a->worker && (ph->state == PHRASES_RUNNING ||
                                           ph->state == PHRASES_WAITING);
        return finding ? ph->pct : -1;
}

bool ui_phrases_busy(const struct app *a)
{
        const struct ui_phrases *ph = a->phrases;
        return ph && a->worker && (ph->state == PHRASES_RUNNING || ph->state == PHRASES_WAITING ||
                                   ph->awaiting != SIZE_MAX);
}

void ui_phrases_request(struct app *a, unsigned min_len, unsigned min_docs)
{
        struct ui_phrases *ph = a->phrases;
        unsigned most_docs = a->ndocs > 1 ? (unsigned)a->ndocs : 1;
        /* A key pressed at a limit asks for what cannot be: say why nothing moves. */
        if (min_len < MIN_LEN_LOWEST)
                app_message(a, MSG_NOTICE, "phrases here are %d characters or more "
                            "(lectern --phrases --min-len 1 lists single ones)", MIN_LEN_LOWEST);
        else if (min_len > MIN_LEN_HIGHEST)
                app_message(a, MSG_NOTICE, "%d characters is the most the shortest length can be",
                            MIN_LEN_HIGHEST);
        else if (min_docs < 1)
                app_message(a, MSG_NOTICE, "phrases in one document are shown already");
        else if (min_docs > most_docs)
                app_message(a, MSG_NOTICE, "the corpus has %u document%s: no phrase is in more",
                            most_docs, most_docs == 1 ? "" : "s");
        min_len = min_len < MIN_LEN_LOWEST ? MIN_LEN_LOWEST
                : min_len > MIN_LEN_HIGHEST ? MIN_LEN_HIGHEST : min_len;
        min_docs = min_docs < 1 ? 1 : min_docs > most_docs ? most_docs : min_docs;
        if (min_len == ph->opts.min_len && min_docs == ph->opts.min_docs)
                return;
        ph->opts.min_len = min_len;
        ph->opts.min_docs = min_docs;
        if (!a->worker || a->index_state == INDEX_FAILED)
                return;
        ui_worker_want_phrases(a->worker, &ph->opts);
        ph->state = a->index_state == INDEX_READY ? PHRASES_RUNNING : PHRASES_WAITING;
        ph->pct = 0;
}

void ui_phrases_sync(struct app *a)
{
        struct ui_phrases *ph = a->phrases;
        if (!ph)
                return;
        if (!ph->view || ph->hide_marks) {
                reader_set_layer(a->reader, SPAN_PHRASE, NULL, 0);
                return;
        }
        if (ph->spans_doc != a->doc) {
                /* Marks not found yet come when they are: the text opens at once. */
                if (!phrases_view_prefetch(ph->view, (uint32_t)a->doc)) {
                        ph->awaiting = a->doc;
                        reader_set_layer(a->reader, SPAN_PHRASE, NULL, 0);
                        return;
                }
                free(ph->spans);
                ph->spans = phrases_view_spans(ph->view, (uint32_t)a->doc, &ph->nspans);
                ph->spans_doc = a->doc;
        }
        reader_set_layer(a->reader, SPAN_PHRASE, ph->spans, ph->nspans);
}

const struct phrase *ui_phrases_current(const struct app *a)
{
        const struct ui_phrases *ph = a->phrases;
        if (!ph || !ph->view || !a->following_phrase)
                return NULL;
        return phrases_view_phrase(ph->view, ph->phrase);
}

char *ui_phrases_describe(const struct app *a)
{
        const struct ui_phrases *ph = a->phrases;
        if (!ph)
                return NULL;
        struct sbuf b = { 0 };
        if (ph->state == PHRASES_RUNNING)
                sbuf_printf(&b, "phrases %d%%", ph->pct);
        const struct phrase *p = ui_phrases_current(a);
        if (p) {
                size_t n;
                const struct hit *h = phrases_view_hits(ph->view, ph->phrase, &n);
                uint32_t docs = count_docs(h, n);
                char *name = width_truncate(p->text, p->nbytes, NAME_COLS, NULL);
                if (b.len)
                        sbuf_adds(&b, "  ");
                if (ph->hit < n)
                        sbuf_printf(&b, "%s occurrence %zu/%zu · %u %s", name, ph->hit + 1, n,
                                    (unsigned)docs, docs == 1 ? "doc" : "docs");
                else
                        sbuf_printf(&b, "%s %zu occurrences · %u %s", name, n, (unsigned)docs,
                                    docs == 1 ? "doc" : "docs");
                free(name);
        }
        if (!b.len) {
                sbuf_free(&b);
                return NULL;
        }
        return sbuf_take(&b);
}

/* ------------------------------------------------------------ moving */

/* The first of hits (in corpus order) in document doc at or after byte off. */
static size_t first_from(const struct hit *h, size_t n, uint32_t doc, size_t off)
{
        size_t lo = 0, hi = n;
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (h[mid].doc < doc || (h[mid].doc == doc && h[mid].start < off))
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return lo;
}

/* Whether there is a list to move in; if not, say why. */
static bool ready(struct app *a)
{
        struct ui_phrases *ph = a->phrases;
        if (ph->view)
                return true;
        if (ph->state == PHRASES_FAILED || a->index_state == INDEX_FAILED)
                app_message(a, MSG_ERROR, "no phrases: %s",
                            ph->cause ? ph->cause : "the index could not be built");
        else
                app_wait_notice(a, WAIT_PHRASES, "phrase jumps wait for the phrase list");
        return false;
}

void ui_phrases_follow(struct app *a, size_t i, size_t hit)
{
        struct ui_phrases *ph = a->phrases;
        if (!ph->view || i >= phrases_view_count(ph->view))
                return;
        size_t n;
        const struct hit *h = phrases_view_hits(ph->view, i, &n);
        ph->phrase = i;
        ph->hit = hit < n ? hit : SIZE_MAX;
        a->following_phrase = true;
        if (hit < n)
                ui_app_jump_to(a, h[hit].doc, h[hit].start, h[hit].end);
        else
                app_sync_hits(a);
}

void ui_phrases_pick(struct app *a, size_t i)
{
        struct ui_phrases *ph = a->phrases;
        size_t n;
        const struct hit *h = ph->view ? phrases_view_hits(ph->view, i, &n) : NULL;
        if (!h) {
                ui_phrases_follow(a, i, SIZE_MAX);
                return;
        }
        size_t k = first_from(h, n, (uint32_t)a->doc, reader_top_offset(a->reader));
        ui_phrases_follow(a, i, k < n ? k : 0);
}

/*
 * Where ] and [ start from: the place last jumped to or the current search
 * hit while on screen, else the top of the view (inclusive going down, as
 * n does from a scrolled view).
 */
static size_t cursor_offset(struct app *a, int dir, bool *inclusive)
{
        const struct hit *cur = a->cur < a->hits.n ? &a->hits.v[a->cur] : NULL;
        *inclusive = false;
        if (a->mark_doc == a->doc && a->mark.end > a->mark.start &&
            reader_is_visible(a->reader, a->mark.start, a->mark.end))
                return a->mark.start;
        if (cur && cur->doc == a->doc && reader_is_visible(a->reader, cur->start, cur->end))
                return cur->start;
        *inclusive = dir > 0;
        return reader_top_offset(a->reader);
}

static void step_in_doc(struct app *a, int dir)
{
        struct ui_phrases *ph = a->phrases;
        if (!ready(a))
                return;
        bool inclusive;
        size_t off = cursor_offset(a, dir, &inclusive);
        size_t k = phrases_view_step(ph->view, (uint32_t)a->doc, off, dir, inclusive);
        if (k == SIZE_MAX) {
                app_message(a, MSG_NOTICE, dir > 0 ? "no more phrases below in this document"
                                                   : "no more phrases above in this document");
                return;
        }
        size_t n;
        const struct phrase_occ *o = &phrases_view_doc(ph->view, (uint32_t)a->doc, &n)[k];
        ph->phrase = o->phrase;
        ph->hit = o->hit;
        a->following_phrase = true;
        ui_app_jump_to(a, a->doc, o->start, o->end);
}

/* The first outer occurrence wholly on screen, or NULL. */
static const struct phrase_occ *first_on_screen(struct app *a)
{
        struct ui_phrases *ph = a->phrases;
        const struct reader_view *v = reader_view(a->reader);
        if (v->nrows == 0)
                return NULL;
        size_t top = v->rows[0].start, bottom = v->rows[v->nrows - 1].end;
        size_t n;
        const struct phrase_occ *o = phrases_view_doc(ph->view, (uint32_t)a->doc, &n);
        for (size_t k = phrases_view_step(ph->view, (uint32_t)a->doc, top, 1, true);
             k < n && o[k].start < bottom; k++)
                if (o[k].outer && o[k].end <= bottom)
                        return &o[k];
        return NULL;
}

static void say_wrapped(struct app *a, int dir)
{
        app_message(a, MSG_NOTICE, dir > 0 ? "phrase wrapped: back to the first occurrence"
                                           : "phrase wrapped: on to the last occurrence");
}

/* The phrase followed has no current occurrence: its next (or previous) from the view. */
static void follow_from_view(struct app *a, int dir)
{
        struct ui_phrases *ph = a->phrases;
        size_t n;
        const struct hit *h = phrases_view_hits(ph->view, ph->phrase, &n);
        if (!h)
                return;
        size_t k = first_from(h, n, (uint32_t)a->doc, reader_top_offset(a->reader));
        bool wrapped = dir > 0 ? k >= n : k == 0;
        k = dir > 0 ? (wrapped ? 0 : k) : (wrapped ? n - 1 : k - 1);
        ui_phrases_follow(a, ph->phrase, k);
        if (wrapped)
                say_wrapped(a, dir);
}

/* Is the followed phrase's current occurrence on screen? */
static bool hit_in_view(struct app *a)
{
        const struct ui_phrases *ph = a->phrases;
        size_t n;
        const struct hit *h = phrases_view_hits(ph->view, ph->phrase, &n);
        return h && ph->hit < n && h[ph->hit].doc == a->doc &&
               reader_is_visible(a->reader, h[ph->hit].start, h[ph->hit].end);
}

static void follow_step(struct app *a, int dir)
{
        struct ui_phrases *ph = a->phrases;
        if (!ready(a))
                return;
        /* Once the reader has left the current occurrence, on from where it is, as n does. */
        if (ui_phrases_current(a) && (ph->hit == SIZE_MAX || !hit_in_view(a))) {
                follow_from_view(a, dir);
                return;
        }
        size_t p = SIZE_MAX, from = SIZE_MAX;
        if (ui_phrases_current(a)) {
                p = ph->phrase;
                from = ph->hit;
        } else {
                const struct phrase_occ *o = first_on_screen(a);
                if (o) {
                        p = o->phrase;
                        from = o->hit;
                }
        }
        if (p == SIZE_MAX) {
                app_message(a, MSG_NOTICE, "no phrase on screen: ] finds the next one, p lists them");
                return;
        }
        size_t n;
        phrases_view_hits(ph->view, p, &n);
        if (n < 2) {
                ph->phrase = p;
                ph->hit = from;
                a->following_phrase = true;
                app_message(a, MSG_NOTICE, "this is the phrase's only occurrence");
                return;
        }
        bool wrapped = dir > 0 ? from + 1 >= n : from == 0;
        size_t to = dir > 0 ? (wrapped ? 0 : from + 1) : (wrapped ? n - 1 : from - 1);
        ui_phrases_follow(a, p, to);
        if (wrapped)
                say_wrapped(a, dir);
}

/*
 * After Ctrl-O or Ctrl-I the view is exactly as it was, but which
 * occurrence was current is not recorded: take the followed phrase's first
 * one on screen, so the status line still counts.
 */
static void after_jump(struct app *a)
{
        struct ui_phrases *ph = a->phrases;
        if (!ui_phrases_current(a))
                return;
        ph->hit = SIZE_MAX;
        const struct reader_view *v = reader_view(a->reader);
        size_t n;
        const struct hit *h = phrases_view_hits(ph->view, ph->phrase, &n);
        if (v->nrows == 0 || n == 0)
                return;
        size_t top = v->rows[0].start, bottom = v->rows[v->nrows - 1].end;
        for (size_t i = first_from(h, n, (uint32_t)a->doc, top);
             i < n && h[i].doc == a->doc && h[i].start < bottom; i++) {
                if (h[i].end <= bottom) {
                        ph->hit = i;
                        a->mark_doc = a->doc;
                        a->mark = (struct span){ h[i].start, h[i].end, SPAN_CURRENT };
                        app_sync_hits(a);
                        return;
                }
        }
}

static void forget(struct app *a)
{
        struct ui_phrases *ph = a->phrases;
        ph->phrase = ph->hit = SIZE_MAX;
        a->following_phrase = false;
        a->mark = (struct span){ 0, 0, SPAN_CURRENT };
        app_sync_hits(a);
}

int ui_phrases_key(struct app *a, int kind, wint_t key)
{
        struct ui_phrases *ph = a->phrases;
        if (kind != OK || !ph)
                return PANE_IGNORED;
        switch (key) {
        case 'p':
                ui_phrases_pane_open(a);
                break;
        case 'P':
                ph->hide_marks = !ph->hide_marks;
                ui_phrases_sync(a);
                app_message(a, MSG_INFO, ph->hide_marks ? "phrase marks hidden (P shows them)"
                                                        : "phrase marks shown (P hides them)");
                break;
        case 'c':
                ui_kwic_open(a);
                break;
        case 'D':
                ui_plot_open(a);
                break;
        case ']': step_in_doc(a, 1); break;
        case '[': step_in_doc(a, -1); break;
        case '}': follow_step(a, 1); break;
        case '{': follow_step(a, -1); break;
        case UI_CTRL('o'):
                if (ui_app_jump_back(a))
                        after_jump(a);
                else
                        app_message(a, MSG_NOTICE, "no earlier jump to go back to");
                a->back_key = a->nkeys;
                break;
        case '\t':
                /*
                 * Ctrl-I is Tab: it goes forward only right after Ctrl-O (or
                 * after a Tab that did), else Tab switches panes.
                 */
                if (a->back_key + 1 != a->nkeys || !a->jumps || !jumps_can_forward(a->jumps))
                        return PANE_IGNORED;
                ui_app_jump_forward(a);
                after_jump(a);
                a->back_key = a->nkeys;
                break;
        case UI_ESC:
                if (!ui_phrases_current(a))
                        return PANE_IGNORED;
                forget(a);
                app_message(a, MSG_INFO, "phrase cleared");
                break;
        default:
                return PANE_IGNORED;
        }
        return PANE_HANDLED | PANE_REDRAW;
}

/* ------------------------------------------------------------ the subject */

bool ui_subject_take(struct app *a, struct ui_subject *s)
{
        struct ui_phrases *ph = a->phrases;
        memset(s, 0, sizeof *s);
        const struct phrase *p = ui_phrases_current(a);
        const struct hit *h = NULL;
        size_t n = 0;
        if (p) {
                h = phrases_view_hits(ph->view, ph->phrase, &n);
                s->name = phrase_strdup(p);
                s->phrase = true;
        } else if (a->query && a->hits.n) {
                ui_search_complete(a);
                h = a->hits.v;
                n = a->hits.n;
                s->name = xstrdup(a->query);
        } else {
                if (a->query && !a->ix)
                        app_wait_notice(a, WAIT_FOLD, "try again when it is done");
                else if (a->query)
                        app_message(a, MSG_NOTICE, "no hits for “%s”: nothing to show", a->query);
                else
                        app_message(a, MSG_NOTICE, "nothing to show: pick a phrase (p, ] or }) "
                                                   "or search (/) first");
                return false;
        }
        s->hits = xmalloc((n ? n : 1) * sizeof *s->hits);
        if (n)
                memcpy(s->hits, h, n * sizeof *h);
        s->nhits = n;
        s->ndocs = count_docs(h, n);
        return true;
}

void ui_subject_free(struct ui_subject *s)
{
        free(s->name);
        free(s->hits);
        memset(s, 0, sizeof *s);
}

void ui_subject_goto(struct app *a, const struct ui_subject *s, size_t i)
{
        struct ui_phrases *ph = a->phrases;
        if (i >= s->nhits)
                return;
        const struct hit *h = &s->hits[i];
        if (s->phrase) {
                /* The list may have been found again since: look the phrase up by its text. */
                size_t p = ph->view ? phrases_view_find(ph->view, s->name) : SIZE_MAX;
                if (p != SIZE_MAX) {
                        ph->phrase = p;
                        ph->hit = i;
                        a->following_phrase = true;
                }
        } else if (a->query && strcmp(a->query, s->name) == 0 && i < a->hits.n) {
                ui_app_jump_push(a, a->doc, reader_anchor(a->reader));
                a->following_phrase = false;
                app_goto_hit(a, i);
                app_focus(a, a->text);
                return;
        }
        ui_app_jump_to(a, h->doc, h->start, h->end);
}
