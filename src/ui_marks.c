/*
 * ui_marks — m, v and y in the reading pane, and the bookmark highlights.
 * The open document's bookmarks are loaded from the store whenever another
 * document comes up (or after the B pane changed them), found again in the
 * text as it is now, and handed to the reader as the SPAN_BOOKMARK layer;
 * a selection is the SPAN_SELECTION layer. Both are set just before the
 * pane is drawn, because reader_open() clears every layer. Copying writes
 * OSC 52 straight to the terminal: it moves no cursor and changes no cell,
 * so curses' idea of the screen stays true. UI layer.
 */
#include "ui_marks.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "anchor.h"
#include "passage.h"
#include "store.h"
#include "ui_note.h"
#include "ui_prompt.h"
#include "ui_store.h"
#include "util.h"

/*
 * The most text one copy sends. Terminals cap OSC 52 (xterm and tmux at
 * about 100 000 bytes of sequence); past this it is refused with a word
 * rather than cut silently.
 */
#define COPY_MAX (64 * 1024)
/* Columns of passage quoted back on the status line. */
#define QUOTE_COLS 24

struct ui_marks {
        const struct doc *doc;  /* the document the bookmarks below belong to */
        struct bookmark *bm;    /* its bookmarks, found again in its text */
        size_t nbm;
        struct span *spans;     /* the non-orphaned ones, as a layer */
        size_t nspans;
        bool stale;

        bool visual;            /* a selection is on */
        const struct doc *vdoc;
        enum passage_unit unit;
        struct span sel;        /* [start, end) selected, SPAN_SELECTION */

        /* What the note prompt is for. */
        size_t pend_doc, pend_start, pend_end;
        int64_t pend_id;        /* an existing bookmark whose note is edited, or 0 */
        char *pend_was;         /* its note as stored when the prompt opened */
        bool pend_retry;        /* the prompt is back: a first answer was not saved */
};

struct ui_marks *ui_marks_new(void)
{
        struct ui_marks *m = xcalloc(1, sizeof *m);
        m->stale = true;
        return m;
}

static void drop_bookmarks(struct ui_marks *m)
{
        store_bookmarks_free(m->bm, m->nbm);
        free(m->spans);
        m->bm = NULL;
        m->spans = NULL;
        m->nbm = m->nspans = 0;
}

void ui_marks_free(struct ui_marks *m)
{
        if (!m)
                return;
        drop_bookmarks(m);
        free(m->pend_was);
        free(m);
}

void ui_marks_changed(struct app *a)
{
        a->marks->stale = true;
}

/* ------------------------------------------------------------ layers */

static void reload(struct app *a)
{
        struct ui_marks *m = a->marks;
        drop_bookmarks(m);
        m->doc = reader_doc(a->reader);
        m->stale = false;
        struct store *db = ui_store_db(a);
        if (!db || !m->doc || corpus_doc(a->corpus, a->doc) != m->doc)
                return;
        if (store_bookmark_list(db, ui_store_path(a, a->doc), &m->bm, &m->nbm, NULL) != LC_OK) {
                m->bm = NULL;
                m->nbm = 0;
                return;
        }
        m->spans = xcalloc(m->nbm ? m->nbm : 1, sizeof *m->spans);
        for (size_t i = 0; i < m->nbm; i++) {
                struct bookmark *b = &m->bm[i];
                if (ui_store_reanchor(a, a->doc, b) != ANCHOR_ORPHANED)
                        m->spans[m->nspans++] = (struct span){ b->start, b->end, SPAN_BOOKMARK };
        }
}

void ui_marks_layers(struct app *a)
{
        struct ui_marks *m = a->marks;
        const struct doc *d = reader_doc(a->reader);
        if (m->stale || d != m->doc)
                reload(a);
        /* A query being typed only shows other documents: Esc may come back to the selection. */
        if (m->visual && m->vdoc != d && !a->bar_open)
                m->visual = false;
        reader_set_layer(a->reader, SPAN_BOOKMARK, m->spans, m->nspans);
        reader_set_layer(a->reader, SPAN_SELECTION, &m->sel, m->visual && m->vdoc == d ? 1 : 0);
}

/* ------------------------------------------------------------ the passage */

/*
 * The sentence the user means: the one holding the current hit (or phrase
 * occurrence, or the place a jump went to) when it is on screen, else the
 * first that starts on screen, else the one the top row is part of.
 */
static bool cursor_passage(struct app *a, size_t *s, size_t *e)
{
        const struct doc *d = reader_doc(a->reader);
        if (!d || d->len == 0)
                return false;
        const struct reader_view *v = reader_view(a->reader);
        for (size_t i = 0; i < v->nspans; i++)
                if (v->spans[i].kind == SPAN_CURRENT)
                        return passage_at(d->text, d->len, v->spans[i].start, PASSAGE_SENTENCE,
                                          s, e);
        if (v->nrows == 0)
                return false;
        size_t top = v->rows[0].start, bottom = v->rows[v->nrows - 1].end;
        if (passage_from(d->text, d->len, top, PASSAGE_SENTENCE, s, e) && *s < bottom)
                return true;
        return passage_at(d->text, d->len, top, PASSAGE_SENTENCE, s, e);
}

static char *quote(const char *text, size_t start, size_t end)
{
        return passage_snippet(text + start, end - start, QUOTE_COLS);
}

/* ------------------------------------------------------------ copying */

static bool write_all(const char *s, size_t n)
{
        while (n > 0) {
                ssize_t k = write(STDOUT_FILENO, s, n);
                if (k < 0)
                        return false;
                s += k;
                n -= (size_t)k;
        }
        return true;
}

static size_t count_chars(const char *s, size_t n)
{
        size_t c = 0;
        for (size_t i = 0; i < n; i++)
                c += ((unsigned char)s[i] & 0xC0) != 0x80;
        return c;
}

void ui_marks_copy(struct app *a, const char *text, size_t n, const char *title,
                   const char *path, size_t line, const char *what)
{
        if (a->opts->no_osc52) {
                app_message(a, MSG_NOTICE, "copying to the clipboard is off (--no-osc52)");
                return;
        }
        if (n > COPY_MAX) {
                app_message(a, MSG_ERROR, "%s is too long to copy (%zu KiB; at most %d KiB)",
                            what, n / 1024, COPY_MAX / 1024);
                return;
        }
        struct sbuf b = { 0 };
        sbuf_add(&b, text, n);
        char *cite = passage_citation(title, path, line);
        sbuf_printf(&b, "\n%s", cite);
        free(cite);
        /*
         * Plain OSC 52 reaches the terminal over SSH, and tmux with
         * set-clipboard on; inside tmux the wrapped copy also reaches the
         * outer terminal when tmux allows passthrough.
         */
        char *seq = passage_osc52(b.s, b.len, false);
        const char *tmux = getenv("TMUX");
        char *wrapped = tmux && *tmux ? passage_osc52(b.s, b.len, true) : NULL;
        fflush(stdout);
        bool ok = write_all(seq, strlen(seq)) && (!wrapped || write_all(wrapped, strlen(wrapped)));
        if (ok)
                app_message(a, MSG_INFO, "copied %s (%zu characters) and its citation "
                            "to the clipboard", what, count_chars(text, n));
        else
                app_message(a, MSG_ERROR, "could not copy: writing to the terminal failed");
        free(seq);
        free(wrapped);
        sbuf_free(&b);
}

/* The passage as it reads on screen: without pinyin while a hides it. */
static void copy_range(struct app *a, size_t start, size_t end, const char *what)
{
        const struct doc *d = reader_doc(a->reader);
        size_t n = end - start;
        char *shown = reader_annotations_hidden(a->reader)
                      ? passage_without_annotations(d->text + start, n, &n) : NULL;
        ui_marks_copy(a, shown ? shown : d->text + start, n, d->title, ui_store_path(a, a->doc),
                      doc_file_line(d, start) + 1, what);
        free(shown);
}

/* ------------------------------------------------------------ bookmarking */

static const char *pend_label(const struct ui_marks *m)
{
        return m->pend_id ? "already bookmarked; its note" : "note (optional)";
}

/*
 * Bookmark the pending passage with note. When another lectern bookmarked it
 * meanwhile with another note, the pending bookmark becomes that one.
 */
static int add_pending(struct app *a, struct ui_marks *m, const char *note, char **cause)
{
        const struct doc *d = corpus_doc(a->corpus, m->pend_doc);
        struct bookmark b = { 0 };
        if (anchor_capture(d, m->pend_start, m->pend_end, ANCHOR_CONTEXT_CHARS, &b.passage,
                           &b.before, &b.after) != LC_OK)
                return lc_fail(cause, LC_EINVAL, "cannot bookmark: the passage is not whole "
                               "characters");
        b.path = xstrdup(ui_store_path(a, m->pend_doc));
        b.title = xstrdup(d->title);
        b.note = xstrdup(note);
        b.start = m->pend_start;
        b.end = m->pend_end;
        int rc = store_bookmark_add(ui_store_db(a), &b, cause);
        if (rc == LC_ECHANGED)
                m->pend_id = b.id;
        if (rc == LC_OK) {
                char *q = quote(d->text, b.start, b.end);
                app_message(a, MSG_INFO, "bookmarked “%s”%s (B lists bookmarks)", q,
                            *note ? " with its note" : "");
                free(q);
        }
        store_bookmark_clear(&b);
        return rc;
}

static void note_done(struct app *a, void *ud, const char *note)
{
        struct ui_marks *m = ud;
        bool retry = m->pend_retry;
        m->pend_retry = false;
        if (!note) {
                app_message(a, retry ? MSG_NOTICE : MSG_INFO, "%s",
                            !m->pend_id ? "not bookmarked"
                            : retry ? "the note was not saved" : "the note is unchanged");
                return;
        }
        char *cause = NULL;
        int rc = LC_EINVAL;
        m->stale = true;
        if (m->pend_id) {
                rc = store_bookmark_set_note(ui_store_db(a), m->pend_id, m->pend_was, note,
                                             &cause);
                if (rc == LC_OK) {
                        app_message(a, MSG_INFO, "note saved");
                        return;
                }
        }
        /* New, or deleted meanwhile (by another lectern): bookmark it with the note. */
        if (rc == LC_EINVAL) {
                free(cause);
                cause = NULL;
                m->pend_id = 0;
                rc = add_pending(a, m, note, &cause);
                if (rc == LC_OK)
                        return;
        }
        m->pend_retry = true;
        if (rc == LC_ECHANGED) {
                free(cause);
                ui_note_conflict(a, m->pend_id, pend_label(m), note, &m->pend_was, note_done, m);
                return;
        }
        ui_note_retry(a, pend_label(m), note, rc, cause, note_done, m);
}

/* Ask for the note of [start, end); a bookmark of exactly that range gets its note edited. */
static void bookmark(struct app *a, size_t start, size_t end)
{
        struct ui_marks *m = a->marks;
        if (!ui_store_can_write(a, "bookmark"))
                return;
        /* Another lectern may have added or deleted bookmarks here since. */
        m->stale = true;
        ui_marks_layers(a);
        m->pend_doc = a->doc;
        m->pend_start = start;
        m->pend_end = end;
        m->pend_id = 0;
        m->pend_retry = false;
        const char *note = NULL;
        for (size_t i = 0; i < m->nbm; i++) {
                if (!m->bm[i].orphaned && m->bm[i].start == start && m->bm[i].end == end) {
                        m->pend_id = m->bm[i].id;
                        note = m->bm[i].note;
                        break;
                }
        }
        free(m->pend_was);
        m->pend_was = xstrdup(note ? note : "");
        ui_prompt_open(a, pend_label(m), note, note_done, m);
}

/* ------------------------------------------------------------ selection */

static void visual_hint(struct app *a)
{
        struct ui_marks *m = a->marks;
        app_message(a, MSG_INFO, "selecting %s: ) j more · ( k fewer · p %s · m bookmark · "
                    "y copy · Esc stop", m->unit == PASSAGE_SENTENCE ? "sentences" : "paragraphs",
                    m->unit == PASSAGE_SENTENCE ? "paragraphs" : "sentences");
}

/* Keep the end of the selection, where it grows, in view. */
static void show_end(struct app *a)
{
        struct ui_marks *m = a->marks;
        const struct doc *d = reader_doc(a->reader);
        size_t s, e;
        if (passage_at(d->text, d->len, m->sel.end - 1, m->unit, &s, &e))
                reader_show(a->reader, s < m->sel.start ? m->sel.start : s, m->sel.end);
}

/*
 * Sentences to paragraphs and back: each way the selection grows to whole
 * units of the other kind, so going back to sentences keeps the paragraphs
 * added meanwhile rather than the sentences selected before them.
 */
static void toggle_unit(struct app *a)
{
        struct ui_marks *m = a->marks;
        const struct doc *d = reader_doc(a->reader);
        enum passage_unit to = m->unit == PASSAGE_SENTENCE ? PASSAGE_PARAGRAPH : PASSAGE_SENTENCE;
        if (passage_cover(d->text, d->len, &m->sel.start, &m->sel.end, to))
                m->unit = to;
}

static int visual_key(struct app *a, int kind, wint_t key)
{
        struct ui_marks *m = a->marks;
        const struct doc *d = reader_doc(a->reader);
        int k = kind == KEY_CODE_YES ? (int)key : -1;
        wint_t c = kind == KEY_CODE_YES ? 0 : key;
        if (c == ')' || c == 'j' || k == KEY_DOWN) {
                if (!passage_extend(d->text, d->len, m->sel.start, &m->sel.end, 1, m->unit))
                        app_message(a, MSG_NOTICE, "the selection reaches the end of the text");
                else
                        visual_hint(a);
                show_end(a);
        } else if (c == '(' || c == 'k' || k == KEY_UP) {
                if (!passage_extend(d->text, d->len, m->sel.start, &m->sel.end, -1, m->unit))
                        app_message(a, MSG_NOTICE, "the selection is down to one %s",
                                    m->unit == PASSAGE_SENTENCE ? "sentence" : "paragraph");
                else
                        visual_hint(a);
                show_end(a);
        } else if (c == 'p') {
                toggle_unit(a);
                visual_hint(a);
        } else if (c == 'm') {
                m->visual = false;
                bookmark(a, m->sel.start, m->sel.end);
        } else if (c == 'y') {
                m->visual = false;
                copy_range(a, m->sel.start, m->sel.end, "the selection");
        } else if (c == UI_ESC || c == 'v') {
                m->visual = false;
                app_message(a, MSG_INFO, "selection cleared");
        } else {
                /* Paging and the like still work while selecting. */
                return PANE_IGNORED;
        }
        return PANE_HANDLED | PANE_REDRAW;
}

int ui_marks_key(struct app *a, int kind, wint_t key)
{
        struct ui_marks *m = a->marks;
        const struct doc *d = reader_doc(a->reader);
        if (m->visual && m->vdoc == d)
                return visual_key(a, kind, key);
        m->visual = false;
        if (kind != OK || (key != 'm' && key != 'v' && key != 'y'))
                return PANE_IGNORED;
        size_t s, e;
        if (!cursor_passage(a, &s, &e)) {
                app_message(a, MSG_NOTICE, "no text here to %s",
                            key == 'y' ? "copy" : key == 'v' ? "select" : "bookmark");
                return PANE_HANDLED | PANE_REDRAW;
        }
        if (key == 'm') {
                bookmark(a, s, e);
        } else if (key == 'y') {
                copy_range(a, s, e, "the sentence");
        } else {
                m->visual = true;
                m->vdoc = d;
                m->unit = PASSAGE_SENTENCE;
                m->sel = (struct span){ s, e, SPAN_SELECTION };
                visual_hint(a);
        }
        return PANE_HANDLED | PANE_REDRAW;
}
