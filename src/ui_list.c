/*
 * ui_list — the document list pane: a header, then one row per document
 * with its title cut to the pane by display width (with an ellipsis, never
 * through a wide character), the open document marked, and while a search
 * is on, each document's hit count, documents without hits dimmed. The
 * selection moves with the keys; Enter (or a click) opens a document. UI
 * layer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_rows.h"
#include "util.h"
#include "width.h"

struct list {
        struct pane pane;
        struct ui_rows rows;
        size_t seen_doc;        /* the open document the cursor last followed */
};

static int list_rows(const struct pane *p)
{
        return p->rows - 1;
}

/*
 * Besides keeping the cursor in view, a window grown taller pulls the top
 * back: no blank rows below the last document while others are hidden above.
 */
static void keep_cursor_visible(struct list *l)
{
        size_t rows = list_rows(&l->pane) > 0 ? (size_t)list_rows(&l->pane) : 1;
        ui_rows_fit(&l->rows, l->pane.app->ndocs, rows);
}

/*
 * The count on the right says more than the title, so a short row takes
 * room from the title's side: the reading hint goes first, then "match",
 * then the title is cut with "…" (ui_header_row keeps the two apart).
 */
static void draw_header(struct pane *p, bool focused)
{
        static const char title[] = " Documents", with_hint[] = " Documents  [Tab: read]";
        struct app *a = p->app;
        struct ui_style st = ui_style(focused ? ROLE_HEADER_FOCUSED : ROLE_HEADER);
        bool matching = a->hits.n && !a->hits.partial;
        char *right = a->hits.partial ? xasprintf("%zu hits ", a->hits.total)
                      : matching ? xasprintf("%u/%zu match ", (unsigned)a->hits.ndocs, a->ndocs)
                                 : xasprintf("%zu ", a->ndocs);
        int rw = width_str(right, strlen(right));
        if (matching && width_str(title, strlen(title)) + 1 + rw > p->cols) {
                free(right);
                right = xasprintf("%u/%zu ", (unsigned)a->hits.ndocs, a->ndocs);
                rw = width_str(right, strlen(right));
        }
        bool hint = a->narrow && width_str(with_hint, strlen(with_hint)) + 1 + rw <= p->cols;
        wmove(p->win, 0, 0);
        ui_header_row(p->win, p->cols, hint ? with_hint : title, right, st);
        free(right);
}

static void list_draw(struct pane *p, bool focused)
{
        struct list *l = (struct list *)p;
        struct app *a = p->app;
        WINDOW *w = p->win;
        if (l->seen_doc != a->doc)
                l->rows.cursor = l->seen_doc = a->doc;
        keep_cursor_visible(l);
        draw_header(p, focused);

        bool searching = a->hits.per_doc && a->query && !a->hits.partial;
        int cw = 0;
        if (searching) {
                uint32_t most = 0;
                for (size_t i = 0; i < a->ndocs && i < a->hits.nper_doc; i++)
                        most = a->hits.per_doc[i] > most ? a->hits.per_doc[i] : most;
                cw = snprintf(NULL, 0, "%u", (unsigned)most) + 2;  /* a space each side */
        }
        for (int row = 1; row < p->rows; row++) {
                size_t i = l->rows.top + (size_t)(row - 1);
                wmove(w, row, 0);
                if (i >= a->ndocs) {
                        ui_end_row(w, 0, p->cols);
                        continue;
                }
                uint32_t count = searching && i < a->hits.nper_doc ? a->hits.per_doc[i] : 0;
                struct ui_style st = ui_style(ROLE_TEXT);
                if (i == a->doc)
                        st = ui_style_over(st, ui_style(ROLE_OPEN));
                if (searching && count == 0)
                        st = ui_style_over(st, ui_style(ROLE_DIMMED));
                if (i == l->rows.cursor)
                        st = ui_style_over(st, ui_style(focused ? ROLE_CURSOR_FOCUSED
                                                                : ROLE_CURSOR));
                int used = ui_draw_str(w, i == a->doc ? ">" : " ", 1, st);
                used += ui_draw_str(w, " ", 1, st);
                int tw = p->cols - used - cw - 1;
                const char *title = corpus_doc(a->corpus, i)->title;
                char *cut = doc_title_cut(title, tw > 0 ? tw : 0, NULL);
                used += ui_draw_str(w, cut, tw, st);
                free(cut);
                if (searching) {
                        ui_fill(w, p->cols - used - cw, st);
                        used = p->cols - cw;
                        if (count) {
                                char num[16];
                                snprintf(num, sizeof num, "%*u ", cw - 1, (unsigned)count);
                                used += ui_draw_str(w, num, cw,
                                                    ui_style_over(st, ui_style(ROLE_COUNT)));
                        } else {
                                ui_fill(w, cw, st);
                                used += cw;
                        }
                } else if (i == l->rows.cursor) {
                        ui_fill(w, p->cols - used, st);
                        used = p->cols;
                }
                ui_end_row(w, used, p->cols);
        }
}

static void open_selected(struct app *a, struct list *l)
{
        /* Another document is a jump, which Ctrl-O comes back from. */
        if (l->rows.cursor != a->doc)
                ui_app_jump_push(a, a->doc, reader_anchor(a->reader));
        app_open_doc(a, l->rows.cursor);
        l->seen_doc = a->doc;
}

static int list_key(struct pane *p, int kind, wint_t key)
{
        struct list *l = (struct list *)p;
        struct app *a = p->app;
        size_t page = list_rows(p) > 1 ? (size_t)list_rows(p) - 1 : 1;
        int k = kind == KEY_CODE_YES ? (int)key : -1;
        wint_t c = kind == KEY_CODE_YES ? 0 : key;

        if (ui_rows_key(&l->rows, a->ndocs, page, true, kind, key))
                return PANE_HANDLED | PANE_REDRAW;
        if (k == KEY_ENTER || k == KEY_RIGHT || c == '\n' || c == '\r' || c == 'l') {
                open_selected(a, l);
                app_focus(a, a->text);
                return PANE_HANDLED | PANE_RELAYOUT;
        }
        return PANE_IGNORED;
}

/* A click focuses the list even below the last document; on one, it opens it. */
static int list_mouse(struct pane *p, const MEVENT *ev)
{
        struct list *l = (struct list *)p;
        struct app *a = p->app;
        bool click = ev->bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED);
        if (click)
                app_focus(a, p);
        if (!ui_rows_mouse(&l->rows, a->ndocs, ev, 1))
                return click ? PANE_HANDLED | PANE_REDRAW : PANE_IGNORED;
        if (!click)
                return PANE_HANDLED | PANE_REDRAW;
        /* As Enter does: in a narrow window the list would stay over the text opened. */
        open_selected(a, l);
        app_focus(a, a->text);
        return PANE_HANDLED | PANE_RELAYOUT;
}

static void list_resize(struct pane *p, int y, int x, int rows, int cols)
{
        pane_place(p, y, x, rows, cols);
        keep_cursor_visible((struct list *)p);
}

static void list_destroy(struct pane *p)
{
        free(p);
}

static const struct pane_ops list_ops = {
        .name = "documents",
        .draw = list_draw,
        .handle_key = list_key,
        .mouse = list_mouse,
        .resize = list_resize,
        .destroy = list_destroy,
};

struct pane *ui_list_new(struct app *a)
{
        struct list *l = xcalloc(1, sizeof *l);
        l->pane.ops = &list_ops;
        l->pane.app = a;
        l->rows.cursor = l->seen_doc = a->doc;
        return &l->pane;
}
