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
#include "util.h"
#include "width.h"

struct list {
        struct pane pane;
        size_t cursor, top;
        size_t seen_doc;        /* the open document the cursor last followed */
};

static int list_rows(const struct pane *p)
{
        return p->rows - 1;
}

static void keep_cursor_visible(struct list *l)
{
        size_t rows = list_rows(&l->pane) > 0 ? (size_t)list_rows(&l->pane) : 1;
        if (l->cursor < l->top)
                l->top = l->cursor;
        else if (l->cursor >= l->top + rows)
                l->top = l->cursor - rows + 1;
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
                l->cursor = l->seen_doc = a->doc;
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
                size_t i = l->top + (size_t)(row - 1);
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
                if (i == l->cursor)
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
                } else if (i == l->cursor) {
                        ui_fill(w, p->cols - used, st);
                        used = p->cols;
                }
                ui_end_row(w, used, p->cols);
        }
}

static void open_selected(struct app *a, struct list *l)
{
        /* Another document is a jump, which Ctrl-O comes back from. */
        if (l->cursor != a->doc)
                ui_app_jump_push(a, a->doc, reader_anchor(a->reader));
        app_open_doc(a, l->cursor);
        l->seen_doc = a->doc;
}

static int list_key(struct pane *p, int kind, wint_t key)
{
        struct list *l = (struct list *)p;
        struct app *a = p->app;
        size_t page = list_rows(p) > 1 ? (size_t)list_rows(p) - 1 : 1;
        size_t last = a->ndocs - 1;
        int k = kind == KEY_CODE_YES ? (int)key : -1;
        wint_t c = kind == KEY_CODE_YES ? 0 : key;

        if (k == KEY_DOWN || c == 'j' || c == UI_CTRL('n')) {
                l->cursor = l->cursor < last ? l->cursor + 1 : last;
        } else if (k == KEY_UP || c == 'k' || c == UI_CTRL('p')) {
                l->cursor = l->cursor ? l->cursor - 1 : 0;
        } else if (k == KEY_NPAGE || c == ' ' || c == UI_CTRL('f')) {
                l->cursor = l->cursor + page < last ? l->cursor + page : last;
        } else if (k == KEY_PPAGE || c == 'b' || c == UI_CTRL('b')) {
                l->cursor = l->cursor > page ? l->cursor - page : 0;
        } else if (k == KEY_HOME || c == 'g') {
                l->cursor = 0;
        } else if (k == KEY_END || c == 'G') {
                l->cursor = last;
        } else if (k == KEY_ENTER || k == KEY_RIGHT || c == '\n' || c == '\r' || c == 'l') {
                open_selected(a, l);
                app_focus(a, a->text);
                return PANE_HANDLED | PANE_RELAYOUT;
        } else {
                return PANE_IGNORED;
        }
        return PANE_HANDLED | PANE_REDRAW;
}

static int list_mouse(struct pane *p, const MEVENT *ev)
{
        struct list *l = (struct list *)p;
        struct app *a = p->app;
        if (ev->bstate & BUTTON4_PRESSED) {
                l->cursor = l->cursor > 3 ? l->cursor - 3 : 0;
        } else if (ev->bstate & BUTTON5_PRESSED) {
                l->cursor = l->cursor + 3 < a->ndocs ? l->cursor + 3 : a->ndocs - 1;
        } else if (ev->bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) {
                app_focus(a, p);
                size_t i = l->top + (size_t)(ev->y - 1);
                if (ev->y >= 1 && i < a->ndocs) {
                        l->cursor = i;
                        open_selected(a, l);
                }
        } else {
                return PANE_IGNORED;
        }
        return PANE_HANDLED | PANE_REDRAW;
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
        l->cursor = l->seen_doc = a->doc;
        return &l->pane;
}
