/*
 * ui_status — the status line at the bottom: on the left the latest message
 * (or a reminder of the help key), on the right what a reader wants to
 * know at a glance: indexing progress, the search position ("hit 3/57 · 5
 * docs"), the document's number and how far into it the view is. When the
 * line is short the left side gives way first. UI layer.
 */
#include <stdlib.h>
#include <string.h>

#include "ui_app.h"
#include "ui_draw.h"
#include "ui_search.h"
#include "util.h"
#include "width.h"

static char *right_side(struct app *a)
{
        struct sbuf b = { 0 };
        if (a->index_state == INDEX_BUILDING)
                sbuf_printf(&b, "indexing %d%%  ", a->index_pct);
        else if (a->index_state == INDEX_FAILED)
                sbuf_adds(&b, "no index  ");
        char *s = ui_search_describe(a);
        if (s) {
                sbuf_printf(&b, "%s  ", s);
                free(s);
        }
        if (a->ndocs > 1)
                sbuf_printf(&b, "doc %zu/%zu  ", a->doc + 1, a->ndocs);
        sbuf_printf(&b, "%3d%% ", reader_percent(a->reader));
        return sbuf_take(&b);
}

static void status_draw(struct pane *p, bool focused)
{
        (void)focused;
        struct app *a = p->app;
        WINDOW *w = p->win;
        /* Never the last cell: on the bottom line it could scroll the screen. */
        int cols = p->cols - 1;
        struct ui_style base = ui_style(ROLE_STATUS);
        char *right = right_side(a);
        int rw = width_str(right, strlen(right));
        if (rw > cols)
                rw = 0;

        wmove(w, 0, 0);
        int used = ui_draw_str(w, " ", 1, base);
        int room = cols - rw - used;
        if (a->msg && room > 1) {
                enum ui_role role = a->msg_kind == MSG_ERROR ? ROLE_ERROR
                                  : a->msg_kind == MSG_NOTICE ? ROLE_NOTICE : ROLE_STATUS;
                char *cut = width_truncate(a->msg, strlen(a->msg), room - 1, NULL);
                used += ui_draw_str(w, cut, room - 1, ui_style(role));
                free(cut);
        } else if (room > 30) {
                used += ui_draw_str(w, "? help  / search  Tab switch  q quit", room - 1, base);
        } else if (room > 7) {
                used += ui_draw_str(w, "? help", room - 1, base);
        }
        ui_fill(w, cols - used - rw, base);
        used = cols - rw;
        if (rw)
                used += ui_draw_str(w, right, rw, base);
        ui_end_row(w, used, p->cols);
        free(right);
}

static int status_key(struct pane *p, int kind, wint_t key)
{
        (void)p;
        (void)kind;
        (void)key;
        return PANE_IGNORED;
}

static void status_resize(struct pane *p, int y, int x, int rows, int cols)
{
        pane_place(p, y, x, rows, cols);
}

static void status_destroy(struct pane *p)
{
        free(p);
}

static const struct pane_ops status_ops = {
        .name = "status",
        .draw = status_draw,
        .handle_key = status_key,
        .resize = status_resize,
        .destroy = status_destroy,
};

struct pane *ui_status_new(struct app *a)
{
        struct pane *p = xcalloc(1, sizeof *p);
        p->ops = &status_ops;
        p->app = a;
        return p;
}
