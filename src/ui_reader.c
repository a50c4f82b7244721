/*
 * ui_reader — the reading pane: the document's title on top, then the rows
 * of the reader view-model, each painted from its own start with its spans
 * (hits, the current hit, dimmed or hidden pinyin) and cleared to its end,
 * so a glyph the terminal measures differently cannot smear the next row.
 * Keys scroll the way less does, with an optional count ("5j", "50%");
 * bookmarking, selecting and copying (m, v, y) are ui_marks.h's. UI layer.
 */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "layout.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_marks.h"
#include "util.h"
#include "width.h"

/* Columns kept blank on each side of the text. */
#define MARGIN 1

struct text {
        struct pane pane;
        long count;             /* a number typed before a command, or 0 */
};

static void draw_header(struct pane *p, bool focused)
{
        struct app *a = p->app;
        struct ui_style st = ui_style(focused ? ROLE_HEADER_FOCUSED : ROLE_HEADER);
        const char *hint = a->narrow ? "[Tab: list] " : "";
        int hw = width_str(hint, strlen(hint));
        const struct doc *d = reader_doc(a->reader);
        const char *title = d ? d->title : "";
        int room = p->cols - MARGIN - hw - 1;
        if (room < 1) {
                room = p->cols - MARGIN;
                hw = 0;
        }
        wmove(p->win, 0, 0);
        ui_fill(p->win, MARGIN, st);
        char *cut = doc_title_cut(title, room, NULL);
        int used = MARGIN + ui_draw_str(p->win, cut, room, st);
        free(cut);
        ui_fill(p->win, p->cols - used - hw, st);
        used = p->cols - hw;
        if (hw)
                used += ui_draw_str(p->win, hint, hw, st);
        ui_end_row(p->win, used, p->cols);
}

static void text_draw(struct pane *p, bool focused)
{
        struct app *a = p->app;
        WINDOW *w = p->win;
        const struct doc *d = reader_doc(a->reader);
        draw_header(p, focused);
        ui_marks_layers(a);
        const struct reader_view *v = reader_view(a->reader);
        int width = p->cols - 2 * MARGIN;
        for (int y = 1; y < p->rows; y++) {
                size_t i = (size_t)(y - 1);
                wmove(w, y, 0);
                int used = 0;
                if (i < v->nrows && v->rows[i].kind == READER_ROW_TEXT) {
                        const struct reader_row *row = &v->rows[i];
                        ui_fill(w, MARGIN, ui_style(ROLE_TEXT));
                        used = MARGIN + ui_draw_text(w, d->text, row->start, row->end, width,
                                                     v->spans + row->first_span, row->nspans,
                                                     ui_style(ROLE_TEXT));
                } else if (y == 1 && v->nrows == 0) {
                        ui_fill(w, MARGIN, ui_style(ROLE_TEXT));
                        used = MARGIN + ui_draw_str(w, "(this document has no text)", width,
                                                    ui_style(ROLE_DIMMED));
                }
                ui_end_row(w, used, p->cols);
        }
}

static long take_count(struct text *t, long dflt)
{
        long n = t->count ? t->count : dflt;
        t->count = 0;
        return n;
}

/*
 * 42G (or 42g), as in less and vi: line 42 of the file on top, the line
 * numbers --search prints. A jump, like going to a hit.
 */
static void go_to_line(struct app *a, size_t line)
{
        const struct doc *d = reader_doc(a->reader);
        if (!d)
                return;
        size_t off = doc_offset_of_file_line(d, line - 1);
        ui_app_jump_push(a, a->doc, reader_anchor(a->reader));
        if (off >= d->len && d->len > 0) {
                reader_bottom(a->reader);
                app_message(a, MSG_NOTICE, "the file has %zu lines: this is the end",
                            doc_file_line(d, d->len - 1) + 1);
                return;
        }
        reader_goto(a->reader, off);
        app_message(a, MSG_INFO, "line %zu", line);
}

static int text_key(struct pane *p, int kind, wint_t key)
{
        struct text *t = (struct text *)p;
        struct app *a = p->app;
        struct reader *r = a->reader;
        int k = kind == KEY_CODE_YES ? (int)key : -1;
        wint_t c = kind == KEY_CODE_YES ? 0 : key;
        long half = (p->rows - 1) / 2 > 0 ? (p->rows - 1) / 2 : 1;

        /* m, v, y, and the keys of a selection (ui_marks.h) come first. */
        int marked = ui_marks_key(a, kind, key);
        if (marked != PANE_IGNORED) {
                t->count = 0;
                return marked;
        }
        if (c >= '0' && c <= '9') {
                if (t->count < 100000000)
                        t->count = t->count * 10 + (long)(c - '0');
                app_message(a, MSG_INFO, "%ld", t->count);
                return PANE_HANDLED | PANE_REDRAW;
        }
        if (k == KEY_DOWN || c == 'j' || c == UI_CTRL('n') || c == UI_CTRL('e') ||
            c == '\n' || c == '\r' || k == KEY_ENTER) {
                reader_scroll(r, take_count(t, 1));
        } else if (k == KEY_UP || c == 'k' || c == UI_CTRL('p') || c == UI_CTRL('y')) {
                reader_scroll(r, -take_count(t, 1));
        } else if (k == KEY_NPAGE || c == ' ' || c == 'f' || c == UI_CTRL('f') ||
                   c == UI_CTRL('v')) {
                reader_page(r, take_count(t, 1));
        } else if (k == KEY_PPAGE || c == 'b' || c == UI_CTRL('b')) {
                reader_page(r, -take_count(t, 1));
        } else if (c == 'd' || c == UI_CTRL('d')) {
                reader_scroll(r, take_count(t, half));
        } else if (c == 'u' || c == UI_CTRL('u')) {
                reader_scroll(r, -take_count(t, half));
        } else if ((c == 'g' || c == 'G') && t->count > 0) {
                go_to_line(a, (size_t)take_count(t, 1));
        } else if (k == KEY_HOME || c == 'g') {
                t->count = 0;
                reader_top(r);
        } else if (k == KEY_END || c == 'G') {
                t->count = 0;
                reader_bottom(r);
        } else if (c == '%') {
                reader_goto_percent(r, (int)take_count(t, 0));
        } else if (k == KEY_LEFT || c == 'h') {
                t->count = 0;
                app_focus(a, a->list);
                return PANE_HANDLED | PANE_RELAYOUT;
        } else {
                t->count = 0;
                return PANE_IGNORED;
        }
        return PANE_HANDLED | PANE_REDRAW;
}

static int text_mouse(struct pane *p, const MEVENT *ev)
{
        struct app *a = p->app;
        if (ev->bstate & BUTTON4_PRESSED)
                reader_scroll(a->reader, -3);
        else if (ev->bstate & BUTTON5_PRESSED)
                reader_scroll(a->reader, 3);
        else if (ev->bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
                app_focus(a, p);
        else
                return PANE_IGNORED;
        return PANE_HANDLED | PANE_REDRAW;
}

static void text_resize(struct pane *p, int y, int x, int rows, int cols)
{
        pane_place(p, y, x, rows, cols);
        struct reader *r = p->app->reader;
        /* Rows are drawn cols - 2 * MARGIN wide: a hanging mark takes the last columns. */
        int hang = reader_rules(r) & LAYOUT_HANG ? LAYOUT_HANG_COLS : 0;
        reader_resize(r, cols - 2 * MARGIN - hang, rows - 1);
}

static void text_destroy(struct pane *p)
{
        free(p);
}

static const struct pane_ops text_ops = {
        .name = "reader",
        .draw = text_draw,
        .handle_key = text_key,
        .mouse = text_mouse,
        .resize = text_resize,
        .destroy = text_destroy,
};

struct pane *ui_reader_new(struct app *a)
{
        struct text *t = xcalloc(1, sizeof *t);
        t->pane.ops = &text_ops;
        t->pane.app = a;
        return &t->pane;
}
