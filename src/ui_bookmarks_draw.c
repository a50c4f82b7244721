/*
 * ui_bookmarks_draw — how the B pane looks: a header counting the
 * bookmarks (and saying when they are read-only), two rows per bookmark
 * (the passage; then title, line or "orphaned", date and note) with the
 * selection in reverse, and a footer with the filter being typed, its
 * cursor drawn as a reverse cell, or the keys. UI layer.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lineedit.h"
#include "passage.h"
#include "ui_bookmarks_pane.h"
#include "ui_draw.h"
#include "ui_store.h"
#include "util.h"

char *ui_bookmarks_quote(const struct entry *e, int cols)
{
        const char *p = e->b.passage ? e->b.passage : "";
        return passage_snippet(p, strlen(p), cols);
}

/* Paint s in what is left of cols, advancing *used. */
static void put(WINDOW *w, int *used, int cols, const char *s, struct ui_style st)
{
        if (*used < cols)
                *used += ui_draw_str(w, s, cols - *used, st);
}

static struct ui_style style(enum ui_role role, bool selected)
{
        struct ui_style st = ui_style(role);
        return selected ? ui_style_over(st, ui_style(ROLE_CURSOR_FOCUSED)) : st;
}

static void finish(WINDOW *w, int used, int cols, bool selected)
{
        if (selected && used < cols) {
                ui_fill(w, cols - used, style(ROLE_TEXT, true));
                used = cols;
        }
        ui_end_row(w, used, cols);
}

static void draw_header(struct pane *p)
{
        struct bpane *b = (struct bpane *)p;
        struct ui_style st = ui_style(ROLE_HEADER_FOCUSED);
        char *left = b->nvis == b->n ? xasprintf(" Bookmarks  %zu", b->n)
                                     : xasprintf(" Bookmarks  %zu of %zu", b->nvis, b->n);
        const char *ro = ui_store_describe(p->app);
        if (ro) {
                char *with = xasprintf("%s  · %s", left, ro);
                free(left);
                left = with;
        }
        wmove(p->win, 0, 0);
        ui_header_row(p->win, p->cols, left, "q closes ", st);
        free(left);
}

static void draw_entry(struct pane *p, int y, const struct entry *e, bool selected)
{
        WINDOW *w = p->win;
        int cols = p->cols, used = 0;
        wmove(w, y, 0);
        put(w, &used, cols, selected ? "> " : "  ", style(ROLE_TEXT, selected));
        char *snip = ui_bookmarks_quote(e, cols - used - 1);
        put(w, &used, cols, snip, style(e->b.orphaned ? ROLE_DIMMED : ROLE_TEXT, selected));
        free(snip);
        finish(w, used, cols, selected);

        if (y + 1 >= p->rows - 1)
                return;
        used = 0;
        wmove(w, y + 1, 0);
        put(w, &used, cols, "    ", style(ROLE_TEXT, selected));
        const char *t = e->b.title ? e->b.title : "";
        char *title = passage_snippet(t, strlen(t), cols / 3 > 10 ? cols / 3 : 10);
        char *quoted = xasprintf("《%s》 ", title);
        put(w, &used, cols, quoted, style(ROLE_TEXT, selected));
        free(quoted);
        free(title);
        char *place = e->b.orphaned ? xstrdup("orphaned")
                    : e->doc == SIZE_MAX ? xstrdup("not in this corpus")
                    : xasprintf("line %zu", e->b.line);
        put(w, &used, cols, place, style(e->b.orphaned ? ROLE_ERROR : ROLE_DIMMED, selected));
        free(place);
        char date[32] = "";
        time_t tt = (time_t)e->b.created;
        struct tm tm;
        if (localtime_r(&tt, &tm))
                strftime(date, sizeof date, " · %Y-%m-%d %H:%M", &tm);
        put(w, &used, cols, date, style(ROLE_DIMMED, selected));
        if (e->b.note && *e->b.note) {
                put(w, &used, cols, " · ", style(ROLE_DIMMED, selected));
                char *note = passage_snippet(e->b.note, strlen(e->b.note), cols - used);
                put(w, &used, cols, note, style(ROLE_NOTICE, selected));
                free(note);
        }
        finish(w, used, cols, selected);
}

static void draw_footer(struct pane *p)
{
        struct bpane *b = (struct bpane *)p;
        WINDOW *w = p->win;
        int used = 0;
        wmove(w, p->rows - 1, 0);
        if (!b->typing && !b->filter.len) {
                ui_hint_row(w, p->cols, " Enter go · e note · d delete · u undo · y copy · "
                            "/ or Chinese filters · q close");
                return;
        }
        put(w, &used, p->cols, " filter: ", ui_style(ROLE_PROMPT));
        used += ui_draw_field(w, &b->filter, p->cols - used, b->typing);
        /* The keys after the filter, whole ones only, where it leaves room. */
        put(w, &used, p->cols, "   ", ui_style(ROLE_TEXT));
        if (used < p->cols)
                ui_hint_row(w, p->cols - used, b->typing ? "Enter keeps · Esc clears"
                                                         : "/ edits · Backspace erases");
        else
                ui_end_row(w, used, p->cols);
}

void ui_bookmarks_draw(struct pane *p, bool focused)
{
        (void)focused;
        struct bpane *b = (struct bpane *)p;
        /*
         * A filter, a delete or a taller window can leave the top past what
         * still needs it: fitting here, before every draw, pulls it back.
         */
        ui_rows_fit(&b->rows, b->nvis, (size_t)ui_bookmarks_per_page(p));
        draw_header(p);
        int y = 1;
        if (b->nvis == 0) {
                wmove(p->win, y, 0);
                int used = 0;
                char *what = b->n == 0
                        ? xstrdup("  No bookmarks yet. In the text, m bookmarks the sentence "
                                  "at the top, v selects more.")
                        : xasprintf("  Nothing matches “%s”.", lineedit_text(&b->filter));
                put(p->win, &used, p->cols, what, ui_style(ROLE_DIMMED));
                free(what);
                ui_end_row(p->win, used, p->cols);
                y++;
        }
        for (size_t i = b->rows.top; i < b->nvis && y + ENTRY_ROWS <= p->rows - 1; i++) {
                draw_entry(p, y, &b->v[b->vis[i]], i == b->rows.cursor);
                y += ENTRY_ROWS;
        }
        for (; y < p->rows - 1; y++) {
                wmove(p->win, y, 0);
                ui_end_row(p->win, 0, p->cols);
        }
        draw_footer(p);
}
