/*
 * ui_kwic — the concordance pane. It owns a copy of its subject's hits
 * and a kwic model built from them, and renders only the lines on screen,
 * at the pane's width each time it draws, so a resize needs nothing but a
 * redraw and the hit stays in one column whatever the width. A line is a
 * one-column cursor mark, then the model's line: the title (dimmed), the
 * left context, the hit (highlighted), the right context. Inline pinyin
 * annotations follow the reader's a: left out when it hides them, else
 * dimmed in the contexts as in the reading pane, while the hit's colour
 * wins over them as it does there. UI layer.
 */
#include "ui_kwic.h"

#include <stdlib.h>
#include <string.h>

#include "kwic.h"
#include "reader.h"
#include "ui_draw.h"
#include "ui_phrases.h"
#include "ui_rows.h"
#include "util.h"
#include "width.h"

/* Rows above the lines: the title and, when there is room, the keys. */
#define HINTS_MIN_ROWS 8

struct kwic_pane {
        struct pane pane;
        struct ui_subject subject;
        struct kwic *k;
        struct ui_rows rows;
};

static const char *const order_names[] = { "document", "left context", "right context" };

static int header_rows(const struct pane *p)
{
        return p->rows >= HINTS_MIN_ROWS ? 2 : 1;
}

static int title_cols(int width)
{
        int t = width >= 40 ? width / 5 : 0;
        return t > 24 ? 24 : t;
}

static void draw_header(struct pane *p, struct kwic_pane *kp, bool focused)
{
        struct ui_style st = ui_style(focused ? ROLE_HEADER_FOCUSED : ROLE_HEADER);
        const struct ui_subject *s = &kp->subject;
        char *right = xasprintf("by %s (s) ", order_names[kwic_order(kp->k)]);
        int rw = width_str(right, strlen(right));
        if (rw > p->cols / 2)
                rw = 0;
        char *left = xasprintf(" Concordance of %s%s%s · %zu line%s · %u doc%s", s->phrase ? "" : "“",
                               s->name, s->phrase ? "" : "”", s->nhits, s->nhits == 1 ? "" : "s",
                               (unsigned)s->ndocs, s->ndocs == 1 ? "" : "s");
        wmove(p->win, 0, 0);
        ui_header_row(p->win, p->cols, left, rw ? right : "", st);
        free(left);
        free(right);
        if (header_rows(p) > 1) {
                wmove(p->win, 1, 0);
                ui_hint_row(p->win, p->cols,
                            " j k move · s sort · Enter read it · D plot · Esc back");
        }
}

/* One concordance line: title, left context, hit, right context, each in its style. */
static int draw_line(WINDOW *w, const char *line, const struct kwic_mark *m,
                     const struct kwic_notes *notes, int tcols, int width, bool selected,
                     bool focused)
{
        size_t len = strlen(line);
        size_t tb = width_fit(line, len, tcols, NULL);
        struct ui_style text = ui_style(ROLE_TEXT);
        struct ui_style title = selected ? ui_style(focused ? ROLE_CURSOR_FOCUSED : ROLE_CURSOR)
                                         : ui_style(ROLE_DIMMED);
        struct ui_style hit = ui_style(selected ? ROLE_CURRENT : ROLE_HIT);
        size_t hs = m->end > m->start ? m->start : len, he = m->end > m->start ? m->end : len;
        hs = hs < tb ? tb : hs;
        int used = ui_draw_text(w, line, 0, tb, width, NULL, 0, title);
        used += ui_draw_text(w, line, tb, hs, width - used, notes->v, notes->n, text);
        used += ui_draw_text(w, line, hs, he, width - used, NULL, 0, hit);
        used += ui_draw_text(w, line, he, len, width - used, notes->v, notes->n, text);
        return used;
}

static void kwic_draw(struct pane *p, bool focused)
{
        struct kwic_pane *kp = (struct kwic_pane *)p;
        WINDOW *w = p->win;
        if (!kp->k) {
                for (int y = 0; y < p->rows; y++) {
                        wmove(w, y, 0);
                        ui_end_row(w, 0, p->cols);
                }
                return;
        }
        kwic_hide_annotations(kp->k, reader_annotations_hidden(p->app->reader));
        draw_header(p, kp, focused);
        int first = header_rows(p);
        size_t n = kwic_count(kp->k);
        size_t shown = p->rows > first ? (size_t)(p->rows - first) : 1;
        ui_rows_fit(&kp->rows, n, shown);
        /* A cursor column on the left and a blank one on the right. */
        int width = p->cols - 2;
        int tcols = title_cols(width);
        for (int y = first; y < p->rows; y++) {
                size_t i = kp->rows.top + (size_t)(y - first);
                wmove(w, y, 0);
                int used = 0;
                if (i < n && width > 0) {
                        bool sel = i == kp->rows.cursor;
                        used = ui_draw_str(w, sel ? ">" : " ", 1,
                                           ui_style(sel ? ROLE_COUNT : ROLE_TEXT));
                        struct kwic_mark m;
                        struct kwic_notes notes;
                        char *line = kwic_render_line(kp->k, i, width, tcols, &m, &notes);
                        if (line)
                                used += draw_line(w, line, &m, &notes, tcols, width, sel,
                                                  focused);
                        free(notes.v);
                        free(line);
                }
                ui_end_row(w, used, p->cols);
        }
}

static void close_pane(struct kwic_pane *kp)
{
        struct app *a = kp->pane.app;
        if (a->overlay == &kp->pane)
                a->overlay = NULL;
        kwic_free(kp->k);
        kp->k = NULL;
        ui_subject_free(&kp->subject);
}

static void cycle_order(struct kwic_pane *kp)
{
        struct app *a = kp->pane.app;
        const struct kwic_entry *e = kwic_entry(kp->k, kp->rows.cursor);
        size_t hit = e ? e->hit : SIZE_MAX;
        char *cause = NULL;
        enum kwic_sort next = (enum kwic_sort)((kwic_order(kp->k) + 1) % 3);
        if (kwic_sort(kp->k, next, &cause) != LC_OK) {
                app_message(a, MSG_ERROR, "cannot sort: %s", cause ? cause : "unknown error");
                free(cause);
                return;
        }
        /* The same occurrence stays selected, wherever it moved to. */
        size_t at = kwic_find_hit(kp->k, hit);
        kp->rows.cursor = at != SIZE_MAX ? at : 0;
        app_message(a, MSG_INFO, "sorted by %s", order_names[next]);
}

static int kwic_key(struct pane *p, int kind, wint_t key)
{
        struct kwic_pane *kp = (struct kwic_pane *)p;
        struct app *a = p->app;
        int k = kind == KEY_CODE_YES ? (int)key : -1;
        wint_t c = kind == KEY_CODE_YES ? 0 : key;
        size_t n = kp->k ? kwic_count(kp->k) : 0;
        size_t page = p->rows > header_rows(p) + 1 ? (size_t)(p->rows - header_rows(p) - 1) : 1;
        if (ui_rows_key(&kp->rows, n, page, true, kind, key))
                return PANE_HANDLED | PANE_REDRAW;
        if (c == 's' && kp->k) {
                cycle_order(kp);
        } else if ((c == '\n' || c == '\r' || c == 'l' || k == KEY_ENTER || k == KEY_RIGHT) &&
                   n) {
                const struct kwic_entry *e = kwic_entry(kp->k, kp->rows.cursor);
                struct ui_subject s = kp->subject;
                /* Going there closes the pane, which frees the subject: keep it till then. */
                memset(&kp->subject, 0, sizeof kp->subject);
                size_t hit = e->hit;
                close_pane(kp);
                ui_subject_goto(a, &s, hit);
                ui_subject_free(&s);
        } else if (c == UI_ESC || c == 'q' || c == 'h' || k == KEY_LEFT) {
                close_pane(kp);
        } else {
                return PANE_IGNORED;
        }
        return PANE_HANDLED | PANE_REDRAW;
}

static int kwic_mouse(struct pane *p, const MEVENT *ev)
{
        struct kwic_pane *kp = (struct kwic_pane *)p;
        size_t n = kp->k ? kwic_count(kp->k) : 0;
        if (!ui_rows_mouse(&kp->rows, n, ev, header_rows(p)))
                return PANE_IGNORED;
        app_focus(p->app, p->app->text);
        return PANE_HANDLED | PANE_REDRAW;
}

static void kwic_resize(struct pane *p, int y, int x, int rows, int cols)
{
        pane_place(p, y, x, rows, cols);
}

static void kwic_destroy(struct pane *p)
{
        struct kwic_pane *kp = (struct kwic_pane *)p;
        kwic_free(kp->k);
        ui_subject_free(&kp->subject);
        free(kp);
}

static const struct pane_ops kwic_ops = {
        .name = "concordance",
        .draw = kwic_draw,
        .handle_key = kwic_key,
        .mouse = kwic_mouse,
        .resize = kwic_resize,
        .destroy = kwic_destroy,
};

struct pane *ui_kwic_new(struct app *a)
{
        struct kwic_pane *kp = xcalloc(1, sizeof *kp);
        kp->pane.ops = &kwic_ops;
        kp->pane.app = a;
        return &kp->pane;
}

void ui_kwic_open(struct app *a)
{
        struct kwic_pane *kp = (struct kwic_pane *)a->kwic;
        struct ui_subject s;
        if (!kp || !ui_subject_take(a, &s))
                return;
        struct kwic *k = kwic_build(a->corpus, s.hits, s.nhits);
        if (!k) {
                app_message(a, MSG_ERROR, "the concordance could not be built");
                ui_subject_free(&s);
                return;
        }
        close_pane(kp);
        kp->subject = s;
        kp->k = k;
        /* Start on the occurrence the reader is at, when it is one of these. */
        const struct ui_phrases *ph = a->phrases;
        size_t cur = s.phrase ? ph->hit : a->cur;
        size_t at = cur != SIZE_MAX ? kwic_find_hit(k, cur) : SIZE_MAX;
        kp->rows = (struct ui_rows){ at != SIZE_MAX ? at : 0, 0 };
        a->overlay = &kp->pane;
        app_focus(a, a->text);
}
