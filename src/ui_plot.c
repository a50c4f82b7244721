/*
 * ui_plot — the dispersion plot pane. It owns a copy of its subject's hits
 * and a plot model at the cell count the pane's width allows, rebuilt when
 * the width changes (the model counts hits into cells once; drawing is
 * then only the rows on screen). Rows are the model's text rows with the
 * narrow glyphs, which every terminal draws one column wide, painted in
 * three styles: the title, the barcode, the numbers. plot_fit() picks
 * their columns so that the numbers are never cut; a pane too narrow for
 * even the least of them says so on one line instead. UI layer.
 */
#include "ui_plot.h"

#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "ui_draw.h"
#include "ui_phrases.h"
#include "ui_rows.h"
#include "util.h"
#include "width.h"

/* Rows above the plot: the title, the keys when there is room, the column labels. */
#define HINTS_MIN_ROWS 8

struct plot_pane {
        struct pane pane;
        struct ui_subject subject;
        struct plot *plot;      /* at `width` columns; NULL until drawn or when too narrow */
        int width;
        struct plot_cols cols;  /* how its rows fill `width` */
        struct ui_rows rows;
        bool open;
};

static int header_rows(const struct pane *p)
{
        return p->rows >= HINTS_MIN_ROWS ? 3 : 2;
}

static int title_cols(int width)
{
        int t = width >= 40 ? width / 4 : width / 6;
        return t > 30 ? 30 : t;
}

static void draw_header(struct pane *p, struct plot_pane *pp, bool focused)
{
        struct ui_style st = ui_style(focused ? ROLE_HEADER_FOCUSED : ROLE_HEADER);
        const struct ui_subject *s = &pp->subject;
        char *left = xasprintf(" Dispersion of %s%s%s · %zu hit%s in %u of %zu docs",
                               s->phrase ? "" : "“", s->name, s->phrase ? "" : "”", s->nhits,
                               s->nhits == 1 ? "" : "s", (unsigned)s->ndocs, p->app->ndocs);
        wmove(p->win, 0, 0);
        char *cut = width_truncate(left, strlen(left), p->cols, NULL);
        int used = ui_draw_str(p->win, cut, p->cols, st);
        ui_fill(p->win, p->cols - used, st);
        ui_end_row(p->win, p->cols, p->cols);
        free(cut);
        free(left);
        int y = 1;
        if (header_rows(p) > 2) {
                wmove(p->win, y++, 0);
                ui_hint_row(p->win, p->cols, " j k choose a document · Enter read its first "
                            "hit · c concordance · Esc back");
        }
        wmove(p->win, y, 0);
        used = ui_draw_str(p->win, " ", 1, ui_style(ROLE_TEXT));
        char *labels = plot_render_header(pp->plot, pp->cols.title, pp->cols.rate);
        used += ui_draw_str(p->win, labels, pp->width, ui_style(ROLE_DIMMED));
        free(labels);
        ui_end_row(p->win, used, p->cols);
}

/* A row: the title, then "|barcode|" with the marks in their own colour, then the numbers. */
static int draw_row(WINDOW *w, const char *row, int tcols, int width, bool selected,
                    bool focused)
{
        size_t len = strlen(row);
        size_t tb = width_fit(row, len, tcols, NULL);
        const char *close = tb < len ? strchr(row + tb + 1, '|') : NULL;
        size_t be = close ? (size_t)(close - row) : len;
        size_t bs = tb < be ? tb + 1 : be;
        struct ui_style text = ui_style(ROLE_TEXT);
        struct ui_style title = selected ? ui_style(focused ? ROLE_CURSOR_FOCUSED : ROLE_CURSOR)
                                         : text;
        int used = ui_draw_text(w, row, 0, tb, width, NULL, 0, title);
        used += ui_draw_text(w, row, tb, bs, width - used, NULL, 0, ui_style(ROLE_DIMMED));
        used += ui_draw_text(w, row, bs, be, width - used, NULL, 0, ui_style(ROLE_COUNT));
        used += ui_draw_text(w, row, be, len, width - used, NULL, 0, text);
        return used;
}

/* Too narrow for a whole row: one line says so, rather than numbers cut short. */
static void draw_too_narrow(struct pane *p)
{
        char *what = xasprintf(" Too narrow for the plot: it needs %d columns",
                               PLOT_MIN_WIDTH + 2);
        wmove(p->win, 0, 0);
        ui_header_row(p->win, p->cols, what, "", ui_style(ROLE_NOTICE));
        free(what);
        for (int y = 1; y < p->rows; y++) {
                wmove(p->win, y, 0);
                ui_end_row(p->win, 0, p->cols);
        }
}

static void plot_draw(struct pane *p, bool focused)
{
        struct plot_pane *pp = (struct plot_pane *)p;
        WINDOW *w = p->win;
        /* A cursor column on the left and a blank one on the right. */
        int width = p->cols - 2;
        if (pp->open && (!pp->plot || pp->width != width)) {
                plot_free(pp->plot);
                pp->plot = NULL;
                pp->width = width;
                if (!plot_fit(width, title_cols(width), &pp->cols)) {
                        draw_too_narrow(p);
                        return;
                }
                pp->plot = plot_build(p->app->corpus, pp->subject.hits, pp->subject.nhits,
                                      pp->cols.cells);
        }
        if (!pp->open || !pp->plot) {
                for (int y = 0; y < p->rows; y++) {
                        wmove(w, y, 0);
                        ui_end_row(w, 0, p->cols);
                }
                return;
        }
        draw_header(p, pp, focused);
        int first = header_rows(p);
        size_t n = plot_nrows(pp->plot);
        size_t shown = p->rows > first ? (size_t)(p->rows - first) : 1;
        ui_rows_fit(&pp->rows, n, shown);
        for (int y = first; y < p->rows; y++) {
                size_t i = pp->rows.top + (size_t)(y - first);
                wmove(w, y, 0);
                int used = 0;
                if (i < n) {
                        bool sel = i == pp->rows.cursor;
                        used = ui_draw_str(w, sel ? ">" : " ", 1,
                                           ui_style(sel ? ROLE_COUNT : ROLE_TEXT));
                        char *row = plot_render_row(pp->plot, i, pp->cols.title, pp->cols.rate,
                                                    PLOT_GLYPHS_NARROW);
                        if (row)
                                used += draw_row(w, row, pp->cols.title, width, sel, focused);
                        free(row);
                }
                ui_end_row(w, used, p->cols);
        }
}

static void close_pane(struct plot_pane *pp)
{
        struct app *a = pp->pane.app;
        if (a->overlay == &pp->pane)
                a->overlay = NULL;
        plot_free(pp->plot);
        pp->plot = NULL;
        pp->open = false;
        ui_subject_free(&pp->subject);
}

/* Enter: the selected document at its first hit, or where it was left when it has none. */
static void open_row(struct plot_pane *pp)
{
        struct app *a = pp->pane.app;
        const struct plot_row *r = plot_row(pp->plot, pp->rows.cursor);
        if (!r)
                return;
        size_t doc = r->doc, first = SIZE_MAX;
        for (size_t i = 0; i < pp->subject.nhits && first == SIZE_MAX; i++)
                if (pp->subject.hits[i].doc == doc)
                        first = i;
        struct ui_subject s = pp->subject;
        memset(&pp->subject, 0, sizeof pp->subject);
        close_pane(pp);
        if (first != SIZE_MAX) {
                ui_subject_goto(a, &s, first);
        } else {
                ui_app_jump_push(a, a->doc, reader_anchor(a->reader));
                app_open_doc(a, doc);
                app_focus(a, a->text);
                app_message(a, MSG_NOTICE, "no hits in this document");
        }
        ui_subject_free(&s);
}

static int plot_key(struct pane *p, int kind, wint_t key)
{
        struct plot_pane *pp = (struct plot_pane *)p;
        int k = kind == KEY_CODE_YES ? (int)key : -1;
        wint_t c = kind == KEY_CODE_YES ? 0 : key;
        size_t n = pp->plot ? plot_nrows(pp->plot) : 0;
        size_t page = p->rows > header_rows(p) + 1 ? (size_t)(p->rows - header_rows(p) - 1) : 1;
        if (ui_rows_key(&pp->rows, n, page, true, kind, key))
                return PANE_HANDLED | PANE_REDRAW;
        if ((c == '\n' || c == '\r' || c == 'l' || k == KEY_ENTER || k == KEY_RIGHT) && n)
                open_row(pp);
        else if (c == UI_ESC || c == 'q' || c == 'h' || k == KEY_LEFT)
                close_pane(pp);
        else
                return PANE_IGNORED;
        return PANE_HANDLED | PANE_REDRAW;
}

static int plot_mouse(struct pane *p, const MEVENT *ev)
{
        struct plot_pane *pp = (struct plot_pane *)p;
        size_t n = pp->plot ? plot_nrows(pp->plot) : 0;
        if (!ui_rows_mouse(&pp->rows, n, ev, header_rows(p)))
                return PANE_IGNORED;
        app_focus(p->app, p->app->text);
        return PANE_HANDLED | PANE_REDRAW;
}

static void plot_resize(struct pane *p, int y, int x, int rows, int cols)
{
        pane_place(p, y, x, rows, cols);
}

static void plot_destroy(struct pane *p)
{
        struct plot_pane *pp = (struct plot_pane *)p;
        plot_free(pp->plot);
        ui_subject_free(&pp->subject);
        free(pp);
}

static const struct pane_ops plot_ops = {
        .name = "plot",
        .draw = plot_draw,
        .handle_key = plot_key,
        .mouse = plot_mouse,
        .resize = plot_resize,
        .destroy = plot_destroy,
};

struct pane *ui_plot_new(struct app *a)
{
        struct plot_pane *pp = xcalloc(1, sizeof *pp);
        pp->pane.ops = &plot_ops;
        pp->pane.app = a;
        return &pp->pane;
}

void ui_plot_open(struct app *a)
{
        struct plot_pane *pp = (struct plot_pane *)a->plot;
        struct ui_subject s;
        if (!pp || !ui_subject_take(a, &s))
                return;
        close_pane(pp);
        pp->subject = s;
        pp->open = true;
        /* Start on the open document's row: rows are in corpus order. */
        pp->rows = (struct ui_rows){ a->doc, 0 };
        a->overlay = &pp->pane;
        app_focus(a, a->text);
}
