/*
 * ui_help — the key summary that ? opens over the panes. Each description
 * is wrapped to the window under its own column (in a narrow one, under
 * its key), so nothing is cut at any width the reader runs in. It scrolls
 * by the rows so wrapped, with keys or the wheel, when the window is
 * short; any key that does not scroll closes it. UI layer.
 */
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "util.h"
#include "width.h"

struct help {
        struct pane pane;
        int top;                /* the first row shown, counted after wrapping */
};

/* A NULL key starts a section titled by the text. */
static const struct {
        const char *key, *what;
} lines[] = {
        { NULL, "lectern: keys" },
        { "Tab", "switch between the document list and the text" },
        { "", "(right after Ctrl-O, Tab is Ctrl-I: forward again)" },
        { "q  Ctrl-C", "quit" },
        { "?  F1", "this help (j k Space b scroll it, any other key closes it)" },
        { NULL, "" },
        { NULL, "Reading" },
        { "j k  Down Up", "one line down / up (a count first: 5j)" },
        { "Space  b", "one page down / up (also PgDn PgUp, f)" },
        { "d u", "half a page down / up" },
        { "g G", "beginning / end (also Home End)" },
        { "50%", "go to 50% of the document" },
        { "42G", "go to line 42 of the file, as lectern --search numbers lines" },
        { "< >", "previous / next document" },
        { "a", "hide or show inline pinyin such as (dòng)" },
        { "h  Left", "to the document list" },
        { "Ctrl-L", "redraw the screen" },
        { NULL, "" },
        { NULL, "Document list" },
        { "j k  g G", "move the selection" },
        { "Enter  l", "open the selected document" },
        { NULL, "" },
        { NULL, "Searching" },
        { "/", "search the whole corpus as you type" },
        { "", "Traditional and Simplified match each other" },
        { "n N", "next / previous hit, across documents" },
        { "Esc", "clear the search highlights" },
        { NULL, "" },
        { NULL, "In the search bar" },
        { "Enter", "keep the search" },
        { "Esc", "cancel: back to where you were" },
        { "Backspace", "delete a character (Ctrl-U: to the start, Ctrl-K: to the end)" },
        { "Left Right", "move in the query (Home End)" },
        { "Up Down", "earlier queries" },
        { NULL, "" },
        { NULL, "Recurring phrases (marked in the text) and jumps" },
        { "p", "the phrases of the corpus, ranked" },
        { "] [", "next / previous phrase in this document" },
        { "} {", "the phrase at the cursor: its next / previous occurrence in the whole "
                 "corpus (the cursor: the occurrence last gone to, else the first phrase "
                 "on screen)" },
        { "c", "concordance of the phrase followed, else of the search" },
        { "D", "dispersion plot of the phrase followed, else of the search" },
        { "P", "hide or show the phrase marks" },
        { "Esc", "stop following the phrase (a second Esc clears the search)" },
        { "Ctrl-O", "back to where the last jump (hit, phrase, document, line, bookmark) "
                    "left from; again for the one before" },
        { "Ctrl-I  Tab", "forward again, after Ctrl-O" },
        { NULL, "" },
        { NULL, "In the phrases pane" },
        { "(Chinese)", "typing filters the list, Traditional and Simplified alike" },
        { "/", "filter with Latin letters too (Esc stops typing)" },
        { "j k  Enter", "move / follow the phrase in the text" },
        { "c D", "its concordance / its plot" },
        { "+ -", "longer / shorter shortest phrase (found again)" },
        { "> <", "more / fewer documents a phrase must be in" },
        { "Esc  q", "clear the filter / back to the text" },
        { NULL, "" },
        { NULL, "In the concordance and the plot" },
        { "j k  g G", "move (also PgDn PgUp)" },
        { "s", "concordance: sort by document, left or right context" },
        { "Enter", "read it: the line's occurrence, the row's first hit" },
        { "Esc  q", "back to the text" },
        { NULL, "" },
        { NULL, "Bookmarks" },
        { "", "the passage: the sentence of the current hit, else the first on screen" },
        { "m", "bookmark the passage, with a note (Enter saves, Esc cancels)" },
        { "v", "select: ) j one more sentence, ( k one fewer, p whole paragraphs, "
               "m bookmark, y copy, Esc stop" },
        { "y", "copy the passage and its citation to the clipboard (OSC 52)" },
        { "B", "all bookmarks: Enter go, e note, d delete, u undo, y copy, "
               "type (or /) to filter, q close" },
        { NULL, "" },
        { NULL, "Mouse: the wheel scrolls, a click opens a document" },
};

/* Where descriptions start: after the keys, or under them when that leaves too little. */
#define KEY_COLS 14
#define DESC_MIN 20
#define NARROW_INDENT 6

/* A row of the help as shown: a piece of one entry's text, and the key on its first. */
struct hrow {
        size_t entry;
        size_t start, end;      /* bytes of its text on this row */
        bool key;               /* the row shows the entry's key */
};

struct hrows {
        struct hrow *v;
        size_t n, cap;
};

static void add_row(struct hrows *r, size_t entry, size_t start, size_t end, bool key)
{
        if (r->n == r->cap) {
                r->cap = r->cap ? r->cap * 2 : 128;
                r->v = xrealloc(r->v, r->cap * sizeof *r->v);
        }
        r->v[r->n++] = (struct hrow){ entry, start, end, key };
}

static int desc_col(int cols)
{
        return cols - 3 - KEY_COLS >= DESC_MIN ? 3 + KEY_COLS : NARROW_INDENT;
}

/*
 * Every entry wrapped to cols: a title from column 1, a description from
 * desc_col(), its key beside the first row when there is room before it,
 * else on a row of its own above.
 */
static void lay_out(int cols, struct hrows *out)
{
        int dc = desc_col(cols);
        struct vlines vl = { 0 };
        for (size_t i = 0; i < LC_ARRAY_LEN(lines); i++) {
                const char *key = lines[i].key, *what = lines[i].what;
                int from = key ? dc : 1;
                bool key_row = key && *key && 3 + width_str(key, strlen(key)) + 1 > dc;
                if (key_row)
                        add_row(out, i, 0, 0, true);
                vl.n = 0;
                layout_paragraph(what, 0, strlen(what), cols - from, 0, &vl);
                for (size_t k = 0; k < vl.n; k++)
                        add_row(out, i, vl.v[k].start, vl.v[k].end, k == 0 && key && !key_row);
        }
        vlines_free(&vl);
}

static void help_draw(struct pane *p, bool focused)
{
        (void)focused;
        struct help *h = (struct help *)p;
        WINDOW *w = p->win;
        struct hrows r = { 0 };
        lay_out(p->cols, &r);
        int n = (int)r.n;
        int most = n - p->rows > 0 ? n - p->rows : 0;
        h->top = h->top > most ? most : h->top;
        int dc = desc_col(p->cols);
        for (int y = 0; y < p->rows; y++) {
                int i = h->top + y;
                wmove(w, y, 0);
                int used = 0;
                const struct hrow *row = i < n ? &r.v[i] : NULL;
                const char *key = row ? lines[row->entry].key : NULL;
                if (row && row->key) {
                        ui_fill(w, 3, ui_style(ROLE_TEXT));
                        /* Beside its text the key stops a column short of it. */
                        int room = row->end > row->start ? dc - 4 : p->cols - 3;
                        used = 3 + ui_draw_str(w, key, room, ui_style(ROLE_KEY));
                }
                if (row && row->end > row->start) {
                        int from = key ? dc : 1;
                        enum ui_role role = key ? ROLE_TEXT
                                          : row->entry == 0 ? ROLE_HEADER_FOCUSED : ROLE_HEADER;
                        ui_fill(w, from - used, ui_style(ROLE_TEXT));
                        used = from + ui_draw_text(w, lines[row->entry].what, row->start,
                                                   row->end, p->cols - from, NULL, 0,
                                                   ui_style(role));
                }
                ui_end_row(w, used, p->cols);
        }
        free(r.v);
}

static int help_key(struct pane *p, int kind, wint_t key)
{
        struct help *h = (struct help *)p;
        int k = kind == KEY_CODE_YES ? (int)key : -1;
        wint_t c = kind == KEY_CODE_YES ? 0 : key;
        if (k == KEY_DOWN || c == 'j') {
                h->top++;
        } else if (k == KEY_UP || c == 'k') {
                h->top = h->top > 0 ? h->top - 1 : 0;
        } else if (k == KEY_NPAGE || c == ' ') {
                h->top += p->rows - 1;
        } else if (k == KEY_PPAGE || c == 'b') {
                h->top = h->top > p->rows - 1 ? h->top - (p->rows - 1) : 0;
        } else {
                h->top = 0;
                p->app->help_open = false;
                return PANE_HANDLED | PANE_RELAYOUT;
        }
        return PANE_HANDLED | PANE_REDRAW;
}

/* The wheel scrolls three rows a notch, as it does the other panes; drawing clamps the end. */
static int help_mouse(struct pane *p, const MEVENT *ev)
{
        struct help *h = (struct help *)p;
        if (ev->bstate & BUTTON4_PRESSED)
                h->top = h->top > 3 ? h->top - 3 : 0;
        else if (ev->bstate & BUTTON5_PRESSED)
                h->top += 3;
        else
                return PANE_IGNORED;
        return PANE_HANDLED | PANE_REDRAW;
}

static void help_resize(struct pane *p, int y, int x, int rows, int cols)
{
        pane_place(p, y, x, rows, cols);
}

static void help_destroy(struct pane *p)
{
        free(p);
}

static const struct pane_ops help_ops = {
        .name = "help",
        .draw = help_draw,
        .handle_key = help_key,
        .mouse = help_mouse,
        .resize = help_resize,
        .destroy = help_destroy,
};

struct pane *ui_help_new(struct app *a)
{
        struct help *h = xcalloc(1, sizeof *h);
        h->pane.ops = &help_ops;
        h->pane.app = a;
        return &h->pane;
}
