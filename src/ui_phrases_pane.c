/*
 * ui_phrases_pane — the phrases pane (p): the recurring phrases ranked,
 * each with its documents, occurrences and a barcode of where in the
 * corpus it falls; a filter folded like the search; and the options
 * (shortest phrase, fewest documents) that find the list again in the
 * background. Chinese typed through an input method goes straight into the
 * filter; Latin letters are the pane's keys unless / is pressed first, so
 * j, k, q and the rest work as everywhere else. Enter follows the phrase
 * in the text; c and D show its concordance and plot, or say that no
 * phrase is selected. UI layer.
 */
#include "ui_phrases_pane.h"

#include <stdlib.h>
#include <string.h>

#include "lineedit.h"
#include "plot.h"
#include "ui_draw.h"
#include "ui_kwic.h"
#include "ui_phrases.h"
#include "ui_plot.h"
#include "ui_prompt.h"
#include "ui_rows.h"
#include "util.h"
#include "width.h"

/* The key hints get a row of their own from this height on. */
#define HINTS_MIN_ROWS 10

struct phrases_pane {
        struct pane pane;
        struct lineedit filter;
        bool editing;           /* every key types into the filter */
        bool pasting;           /* a paste is arriving: filter once it is drawn */
        size_t *shown;          /* phrases passing the filter, in rank order */
        size_t nshown;
        unsigned generation;    /* of the list filtered */
        char *filtered;         /* the filter that gave `shown` */
        char *selected;         /* the text of the phrase selected in the list replaced */
        struct ui_rows rows;
        uint32_t *cells;
        int ncells;
};

/* Columns of one row: cursor mark, phrase, documents, occurrences, |barcode|. */
struct columns {
        int phrase, bar;
};

#define DOCS_COLS 5
#define OCC_COLS 6

static struct columns columns_for(int width)
{
        struct columns c = { 0, 0 };
        if (width >= 50) {
                c.bar = width / 4;
                c.bar = c.bar < 8 ? 8 : c.bar > 40 ? 40 : c.bar;
        }
        /* The cursor mark, the numbers, " |bar|" and a blank last column. */
        c.phrase = width - 1 - DOCS_COLS - OCC_COLS - (c.bar ? c.bar + 3 : 0) - 1;
        if (c.phrase < 1)
                c.phrase = 1;
        return c;
}

static int header_rows(const struct pane *p)
{
        return p->rows >= HINTS_MIN_ROWS ? 4 : 3;
}

/* Filter the list again when it or the filter changed since. */
static void refilter(struct phrases_pane *pp)
{
        const struct ui_phrases *ph = pp->pane.app->phrases;
        const char *f = lineedit_text(&pp->filter);
        bool same_filter = pp->filtered && strcmp(pp->filtered, f) == 0;
        if (same_filter && pp->generation == ph->generation)
                return;
        /* The selection as a phrase of the current list, when it is the one filtered. */
        size_t keep = pp->generation == ph->generation && pp->rows.cursor < pp->nshown
                      ? pp->shown[pp->rows.cursor] : SIZE_MAX;
        if (pp->generation != ph->generation && pp->selected && ph->view)
                keep = phrases_view_find(ph->view, pp->selected);
        free(pp->selected);
        pp->selected = NULL;
        free(pp->filtered);
        pp->filtered = xstrdup(f);
        size_t n = ph->view ? phrases_view_count(ph->view) : 0;
        pp->shown = xrealloc(pp->shown, (n ? n : 1) * sizeof *pp->shown);
        pp->nshown = ph->view ? phrases_view_filter(ph->view, f, pp->shown) : 0;
        /*
         * A new filter starts from the top; a new list keeps the same
         * phrase selected, found by its text, and its row on screen.
         */
        size_t at = 0, top = 0;
        if (same_filter && keep != SIZE_MAX)
                for (size_t i = 0; i < pp->nshown; i++)
                        if (pp->shown[i] == keep) {
                                at = i;
                                top = at >= pp->rows.cursor - pp->rows.top
                                      ? at - (pp->rows.cursor - pp->rows.top) : 0;
                                break;
                        }
        pp->rows = (struct ui_rows){ at, top };
        pp->generation = ph->generation;
}

static void draw_header(struct pane *p, struct phrases_pane *pp, bool focused)
{
        struct app *a = p->app;
        const struct ui_phrases *ph = a->phrases;
        WINDOW *w = p->win;
        struct ui_style st = ui_style(focused ? ROLE_HEADER_FOCUSED : ROLE_HEADER);
        struct sbuf b = { 0 };
        sbuf_adds(&b, " Phrases");
        if (ph->view)
                sbuf_printf(&b, " · %zu", phrases_view_count(ph->view));
        sbuf_printf(&b, " · length %u+ (+ -) · in %u+ docs (< >)", ph->opts.min_len,
                    ph->opts.min_docs);
        if (ph->state == PHRASES_RUNNING && ph->view)
                sbuf_printf(&b, " · finding %d%%", ph->pct);
        char *head = sbuf_take(&b);
        wmove(w, 0, 0);
        int used = ui_draw_str(w, head, p->cols, st);
        ui_fill(w, p->cols - used, st);
        ui_end_row(w, p->cols, p->cols);
        free(head);

        /* The filter, and how many phrases pass it. */
        const char *f = lineedit_text(&pp->filter);
        char *count = ph->view ? xasprintf("%zu of %zu ", pp->nshown, phrases_view_count(ph->view))
                               : xstrdup("");
        int cw = width_str(count, strlen(count));
        if (cw > p->cols / 2)
                cw = 0;
        /* The filter's field, a blank column short of the count. */
        int field = p->cols - cw - (cw ? 1 : 0);
        wmove(w, 1, 0);
        used = ui_draw_str(w, " ", 1, ui_style(ROLE_TEXT));
        if (pp->editing || *f) {
                used += ui_draw_str(w, "filter: ", field - used, ui_style(ROLE_PROMPT));
                used += ui_draw_field(w, &pp->filter, field - used, pp->editing);
        } else {
                used += ui_draw_str(w, "type to filter (/ first for Latin letters)",
                                    field - used, ui_style(ROLE_DIMMED));
        }
        ui_fill(w, p->cols - cw - used, ui_style(ROLE_TEXT));
        used = p->cols - cw;
        if (cw && used >= 0)
                used += ui_draw_str(w, count, cw, ui_style(ROLE_COUNT));
        ui_end_row(w, used, p->cols);
        free(count);

        int y = 2;
        if (header_rows(p) > 3) {
                wmove(w, y++, 0);
                ui_hint_row(w, p->cols, pp->editing
                            ? " Enter follow · Up Down move · Esc stop typing"
                            : " Enter follow · c concordance · D plot · j k move · Esc back");
        }
        struct columns c = columns_for(p->cols);
        wmove(w, y, 0);
        struct ui_style dim = ui_style(ROLE_DIMMED);
        used = ui_draw_str(w, " phrase", c.phrase + 1, dim);
        ui_fill(w, c.phrase + 1 - used, dim);
        used = c.phrase + 1;
        used += ui_draw_str(w, " docs", DOCS_COLS, dim);
        used += ui_draw_str(w, "   occ", OCC_COLS, dim);
        if (c.bar)
                used += ui_draw_str(w, c.bar + 3 >= 15 ? "  in the corpus" : "  where", c.bar + 3,
                                    dim);
        ui_end_row(w, used, p->cols);
}

/* Why there is nothing to list. */
static char *empty_reason(const struct app *a, const struct phrases_pane *pp)
{
        const struct ui_phrases *ph = a->phrases;
        if (!ph->view && (ph->state == PHRASES_FAILED || a->index_state == INDEX_FAILED))
                return xasprintf("no phrases: %s", ph->cause ? ph->cause
                                                             : "the index could not be built");
        if (!ph->view && a->index_state != INDEX_READY)
                return xasprintf("finding phrases: %s first (%d%%)", app_busy_phase(a),
                                 a->index_pct);
        if (!ph->view)
                return xasprintf("finding phrases %d%%", ph->pct);
        if (phrases_view_count(ph->view) == 0)
                return xasprintf("no phrase of %u or more characters recurs in %u or more "
                                 "documents: - and < find more", ph->opts.min_len,
                                 ph->opts.min_docs);
        if (pp->nshown == 0)
                return xasprintf("no phrase holds “%s”", lineedit_text(&pp->filter));
        return NULL;
}

static int draw_entry(struct phrases_pane *pp, size_t i, bool focused)
{
        struct pane *p = &pp->pane;
        const struct ui_phrases *ph = p->app->phrases;
        WINDOW *w = p->win;
        size_t id = pp->shown[i];
        const struct phrase *f = phrases_view_phrase(ph->view, id);
        struct columns c = columns_for(p->cols);
        bool sel = i == pp->rows.cursor;
        struct ui_style st = sel ? ui_style(focused ? ROLE_CURSOR_FOCUSED : ROLE_CURSOR)
                                 : ui_style(ROLE_TEXT);
        int used = ui_draw_str(w, sel ? ">" : " ", 1, ui_style(sel ? ROLE_COUNT : ROLE_TEXT));
        char *name = width_truncate(f->text, f->nbytes, c.phrase - 1, NULL);
        int nw = ui_draw_str(w, name, c.phrase, st);
        free(name);
        ui_fill(w, c.phrase - nw, st);
        char num[32];
        snprintf(num, sizeof num, "%*u%*u", DOCS_COLS, (unsigned)f->ndocs, OCC_COLS,
                 (unsigned)f->nocc);
        used += c.phrase + ui_draw_str(w, num, DOCS_COLS + OCC_COLS, st);
        if (c.bar) {
                if (pp->ncells != c.bar) {
                        pp->cells = xrealloc(pp->cells, (size_t)c.bar * sizeof *pp->cells);
                        pp->ncells = c.bar;
                }
                phrases_view_barcode(ph->view, id, c.bar, pp->cells);
                struct sbuf b = { 0 };
                for (int k = 0; k < c.bar; k++)
                        sbuf_adds(&b, plot_glyph(PLOT_GLYPHS_NARROW, pp->cells[k]));
                char *bar = sbuf_take(&b);
                used += ui_draw_str(w, " |", 2, ui_style(ROLE_DIMMED));
                used += ui_draw_str(w, bar, c.bar, ui_style(ROLE_COUNT));
                used += ui_draw_str(w, "|", 1, ui_style(ROLE_DIMMED));
                free(bar);
        }
        return used;
}

static void phrases_draw(struct pane *p, bool focused)
{
        struct phrases_pane *pp = (struct phrases_pane *)p;
        refilter(pp);
        draw_header(p, pp, focused);
        int first = header_rows(p);
        size_t shown = p->rows > first ? (size_t)(p->rows - first) : 1;
        ui_rows_fit(&pp->rows, pp->nshown, shown);
        char *why = empty_reason(p->app, pp);
        for (int y = first; y < p->rows; y++) {
                size_t i = pp->rows.top + (size_t)(y - first);
                wmove(p->win, y, 0);
                int used = 0;
                if (why && y == first) {
                        used = ui_draw_str(p->win, "  ", 2, ui_style(ROLE_TEXT));
                        used += ui_draw_str(p->win, why, p->cols - used, ui_style(ROLE_NOTICE));
                } else if (!why && i < pp->nshown) {
                        used = draw_entry(pp, i, focused);
                }
                ui_end_row(p->win, used, p->cols);
        }
        free(why);
}

static void close_pane(struct phrases_pane *pp)
{
        struct app *a = pp->pane.app;
        pp->editing = false;
        if (a->overlay == &pp->pane)
                a->overlay = NULL;
}

/* The phrase selected, as an index into the list, or SIZE_MAX. */
static size_t selected(struct phrases_pane *pp)
{
        return pp->rows.cursor < pp->nshown ? pp->shown[pp->rows.cursor] : SIZE_MAX;
}

/* c and D: make the selected phrase the one followed, keeping its occurrence if it was. */
static bool choose(struct phrases_pane *pp)
{
        struct app *a = pp->pane.app;
        size_t id = selected(pp);
        if (id == SIZE_MAX)
                return false;
        if (!ui_phrases_current(a) || a->phrases->phrase != id)
                ui_phrases_follow(a, id, SIZE_MAX);
        return true;
}

static bool is_enter(int k, wint_t c)
{
        return c == '\n' || c == '\r' || k == KEY_ENTER;
}

static bool is_backspace(int k, wint_t c)
{
        return k == KEY_BACKSPACE || c == 0x7f || c == UI_CTRL('h');
}

static int edit_key(struct phrases_pane *pp, int kind, wint_t key)
{
        int k = kind == KEY_CODE_YES ? (int)key : -1;
        wint_t c = kind == KEY_CODE_YES ? 0 : key;
        /*
         * Backspace stops typing only once the filter is empty: with the
         * cursor at its start there is still a filter, and typing goes on.
         */
        if (c == UI_ESC || (is_backspace(k, c) && pp->filter.len == 0)) {
                pp->editing = false;
        } else if (!ui_prompt_edit_key(&pp->filter, kind, key) && (kind != OK || c < 0x20)) {
                /* A printable character the field refuses is typed all the same, not a key. */
                return PANE_IGNORED;
        }
        return PANE_HANDLED | PANE_REDRAW;
}

/*
 * c and D with no phrase selected: say so, rather than leave the key to
 * the reader, whose c and D show the search instead, another subject.
 */
static void none_selected(struct phrases_pane *pp)
{
        struct app *a = pp->pane.app;
        const struct ui_phrases *ph = a->phrases;
        bool finding = !ph->view && ph->state != PHRASES_FAILED && a->index_state != INDEX_FAILED;
        app_message(a, MSG_NOTICE, finding ? "no phrase selected: still finding phrases"
                                           : "no phrase selected");
}

static int phrases_key(struct pane *p, int kind, wint_t key)
{
        struct phrases_pane *pp = (struct phrases_pane *)p;
        struct app *a = p->app;
        struct ui_phrases *ph = a->phrases;
        int k = kind == KEY_CODE_YES ? (int)key : -1;
        wint_t c = kind == KEY_CODE_YES ? 0 : key;
        /* A pasted character only types: the list it would move in can wait. */
        if (!pp->pasting)
                refilter(pp);
        size_t page = p->rows > header_rows(p) + 1 ? (size_t)(p->rows - header_rows(p) - 1) : 1;
        /* While typing, Home and End move in the filter, as in every field. */
        bool field_key = pp->editing && (k == KEY_HOME || k == KEY_END);
        if (!field_key && ui_rows_key(&pp->rows, pp->nshown, page, !pp->editing, kind, key))
                return PANE_HANDLED | PANE_REDRAW;
        if (is_enter(k, c)) {
                size_t id = selected(pp);
                if (id != SIZE_MAX) {
                        close_pane(pp);
                        ui_phrases_pick(a, id);
                }
                return PANE_HANDLED | PANE_REDRAW;
        }
        if (pp->editing)
                return edit_key(pp, kind, key);
        /* Anything beyond ASCII is text: Chinese from an input method filters at once. */
        if (kind == OK && c >= 0x80) {
                pp->editing = true;
                return edit_key(pp, kind, key);
        }
        if (c == '/') {
                pp->editing = true;
        } else if (is_backspace(k, c)) {
                /* No cursor is drawn now: Backspace takes what is seen at the end. */
                lineedit_move(&pp->filter, 1, true);
                lineedit_erase(&pp->filter, -1, false);
        } else if (c == UI_ESC) {
                if (*lineedit_text(&pp->filter))
                        lineedit_set(&pp->filter, NULL);
                else
                        close_pane(pp);
        } else if (c == 'q' || c == 'h' || k == KEY_LEFT) {
                close_pane(pp);
        } else if (c == 'l' || k == KEY_RIGHT) {
                return phrases_key(p, OK, '\n');
        } else if (c == '+' || c == '=') {
                ui_phrases_request(a, ph->opts.min_len + 1, ph->opts.min_docs);
        } else if (c == '-') {
                ui_phrases_request(a, ph->opts.min_len - 1, ph->opts.min_docs);
        } else if (c == '>') {
                ui_phrases_request(a, ph->opts.min_len, ph->opts.min_docs + 1);
        } else if (c == '<') {
                ui_phrases_request(a, ph->opts.min_len, ph->opts.min_docs - 1);
        } else if ((c == 'c' || c == 'D') && !choose(pp)) {
                none_selected(pp);
        } else if (c == 'c') {
                close_pane(pp);
                ui_kwic_open(a);
        } else if (c == 'D') {
                close_pane(pp);
                ui_plot_open(a);
        } else {
                return PANE_IGNORED;
        }
        return PANE_HANDLED | PANE_REDRAW;
}

static int phrases_mouse(struct pane *p, const MEVENT *ev)
{
        struct phrases_pane *pp = (struct phrases_pane *)p;
        refilter(pp);
        if (!ui_rows_mouse(&pp->rows, pp->nshown, ev, header_rows(p)))
                return PANE_IGNORED;
        app_focus(p->app, p->app->text);
        return PANE_HANDLED | PANE_REDRAW;
}

static void phrases_resize(struct pane *p, int y, int x, int rows, int cols)
{
        pane_place(p, y, x, rows, cols);
}

static void phrases_destroy(struct pane *p)
{
        struct phrases_pane *pp = (struct phrases_pane *)p;
        lineedit_free(&pp->filter);
        free(pp->shown);
        free(pp->filtered);
        free(pp->selected);
        free(pp->cells);
        free(pp);
}

static bool phrases_take_paste(struct pane *p)
{
        struct phrases_pane *pp = (struct phrases_pane *)p;
        pp->editing = pp->pasting = true;
        return true;
}

static void phrases_paste_end(struct pane *p)
{
        ((struct phrases_pane *)p)->pasting = false;
}

static const struct pane_ops phrases_ops = {
        .name = "phrases",
        .draw = phrases_draw,
        .handle_key = phrases_key,
        .mouse = phrases_mouse,
        .resize = phrases_resize,
        .destroy = phrases_destroy,
        .take_paste = phrases_take_paste,
        .paste_end = phrases_paste_end,
};

struct pane *ui_phrases_pane_new(struct app *a)
{
        struct phrases_pane *pp = xcalloc(1, sizeof *pp);
        pp->pane.ops = &phrases_ops;
        pp->pane.app = a;
        return &pp->pane;
}

void ui_phrases_pane_list_ends(struct app *a)
{
        struct phrases_pane *pp = (struct phrases_pane *)a->phrases_pane;
        const struct ui_phrases *ph = a->phrases;
        if (!pp || !ph->view || pp->generation != ph->generation || pp->rows.cursor >= pp->nshown)
                return;
        free(pp->selected);
        pp->selected = phrase_strdup(phrases_view_phrase(ph->view, pp->shown[pp->rows.cursor]));
}

void ui_phrases_pane_open(struct app *a)
{
        struct phrases_pane *pp = (struct phrases_pane *)a->phrases_pane;
        if (!pp)
                return;
        pp->editing = false;
        a->overlay = &pp->pane;
        app_focus(a, a->text);
}
