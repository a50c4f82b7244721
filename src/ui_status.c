/*
 * ui_status — the status line at the bottom: on the left the latest message
 * (or a reminder of the help key), on the right what a reader wants to
 * know at a glance: loading and indexing progress as a bar, the search position ("hit 3/57 · 5
 * docs") or the phrase followed ("习近平总书记 occurrence 4/31 · 5 docs"),
 * the document's number and how far into it the view is. When the
 * line is short the left side gives way first. UI layer.
 */
#include <stdlib.h>
#include <string.h>

#include "ui_app.h"
#include "ui_draw.h"
#include "ui_phrases.h"
#include "ui_search.h"
#include "ui_store.h"
#include "util.h"
#include "width.h"

/* A message is given at least this many columns (or all it needs) before the counters. */
#define MSG_MIN_COLS 24
/* Cells of the progress bar while the corpus is read and indexed. */
#define BAR_CELLS 10

/*
 * pct as a bar of BAR_CELLS cells between ▕ and ▏, in eighths of a cell
 * (the block elements the dispersion plot uses), so that it moves even on
 * a corpus where one percent takes a while.
 */
static void progress_bar(struct sbuf *b, int pct)
{
        if (width_ambiguous() == WIDTH_AMBIGUOUS_AVOID) {
                /* The block elements are Ambiguous too, and have no look-alikes. */
                int filled = (pct * BAR_CELLS + 50) / 100;
                sbuf_adds(b, "[");
                for (int i = 0; i < BAR_CELLS; i++)
                        sbuf_adds(b, i < filled ? "#" : "-");
                sbuf_adds(b, "]");
                return;
        }
        static const char *const eighths[] = { " ", "\u258f", "\u258e", "\u258d", "\u258c",
                                               "\u258b", "\u258a", "\u2589" };
        int filled = pct * BAR_CELLS * 8 / 100;
        sbuf_adds(b, "\u2595");
        for (int i = 0; i < BAR_CELLS; i++, filled -= 8)
                sbuf_adds(b, filled >= 8 ? "\u2588" : eighths[filled > 0 ? filled : 0]);
        sbuf_adds(b, "\u258f");
}

/*
 * What goes right, at five sizes: everything, no bar, the counters and
 * how far in (the hit matters more than which document holds it), the
 * counters' first part alone ("hit 2/20"), nothing but where the view is.
 */
enum right_size {
        RIGHT_FULL,
        RIGHT_NO_BAR,
        RIGHT_NO_DOC,
        RIGHT_TERSE,
        RIGHT_BARE,
};

/* Counters for the status line, cut to their first part when terse. */
static void add_counters(struct sbuf *b, char *s, bool terse)
{
        if (!s)
                return;
        char *more = terse ? strstr(s, " · ") : NULL;
        if (more)
                *more = '\0';
        sbuf_printf(b, "%s  ", s);
        free(s);
}

static char *right_side(struct app *a, enum right_size size)
{
        struct sbuf b = { 0 };
        bool counters = size != RIGHT_BARE;
        if (a->index_state == INDEX_BUILDING) {
                sbuf_printf(&b, "%s ", app_busy_phase(a));
                if (size == RIGHT_FULL) {
                        progress_bar(&b, a->index_pct);
                        sbuf_addc(&b, ' ');
                }
                sbuf_printf(&b, "%d%%  ", a->index_pct);
        }
        else if (a->index_state == INDEX_FAILED)
                sbuf_adds(&b, "no index  ");
        /*
         * A database that cannot be written stays in sight once the message
         * that explained it is gone (while it is up, it needs the room).
         */
        const char *keep = a->msg ? NULL : ui_store_describe(a);
        if (keep)
                sbuf_printf(&b, "%s  ", keep);
        bool terse = size == RIGHT_TERSE;
        /* Phrases being found, and the phrase followed ("occurrence 4/31 · 5 docs")... */
        add_counters(&b, counters ? ui_phrases_describe(a) : NULL, terse);
        /* ...which stands in for the search while it is what the reader follows. */
        add_counters(&b, !counters || ui_phrases_current(a) ? NULL : ui_search_describe(a), terse);
        if (a->ndocs > 1 && (size == RIGHT_FULL || size == RIGHT_NO_BAR || size == RIGHT_BARE))
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
        /*
         * A message squeezed by what goes right takes its room, the bar
         * first, then the counters: a message lasts one key.
         */
        int mw = a->msg ? width_str(a->msg, strlen(a->msg)) : 0;
        int want = mw < MSG_MIN_COLS ? mw : MSG_MIN_COLS;
        char *right = NULL;
        int rw = 0;
        for (enum right_size size = RIGHT_FULL; size <= RIGHT_BARE; size++) {
                free(right);
                right = right_side(a, size);
                rw = width_str(right, strlen(right));
                /* It must fit beside the leading blank, whether a message wants room or not. */
                bool fits = rw < cols;
                if (fits && (!mw || cols - rw - 2 >= (size == RIGHT_FULL ? mw : want)))
                        break;
        }
        if (rw >= cols)
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
        } else {
                /* Whole or not at all: cut, "q quit" read as "q q". */
                static const char *const reminders[] = { "? help  / search  Tab switch  q quit",
                                                         "? help" };
                for (size_t i = 0; i < LC_ARRAY_LEN(reminders); i++) {
                        int rmw = width_str(reminders[i], strlen(reminders[i]));
                        if (room - 1 > rmw) {
                                used += ui_draw_str(w, reminders[i], rmw, base);
                                break;
                        }
                }
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
