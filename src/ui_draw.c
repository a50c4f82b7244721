/*
 * ui_draw — the colour scheme and the painting primitives every pane uses.
 * Text goes out one grapheme cluster at a time, measured with width.h and
 * batched into wide-character runs of one style, so a cluster is never cut
 * at a pane's edge and curses is never asked to wrap a wide character at
 * the margin. UI layer.
 */
#include "ui_draw.h"

#include <stdlib.h>
#include <string.h>

#include "lineedit.h"
#include "util.h"
#include "width.h"

static struct ui_style styles[ROLE_NROLES];

enum {
        PAIR_HIT = 1,
        PAIR_CURRENT,
        PAIR_GREY,
        PAIR_HEADER_FOCUSED,
        PAIR_COUNT,
        PAIR_NOTICE,
        PAIR_ERROR,
        PAIR_KEY,
        PAIR_PHRASE,
        PAIR_BOOKMARK,
};

static void mono(void)
{
        /* Terminals without dim (vt100) get underline, so annotations still stand apart. */
        attr_t soft = (termattrs() & A_DIM) ? A_DIM : A_UNDERLINE;
        styles[ROLE_TEXT] = (struct ui_style){ A_NORMAL, 0 };
        styles[ROLE_HIT] = (struct ui_style){ A_REVERSE, 0 };
        styles[ROLE_CURRENT] = (struct ui_style){ A_REVERSE | A_BOLD | A_UNDERLINE, 0 };
        styles[ROLE_ANNOTATION] = (struct ui_style){ soft, 0 };
        styles[ROLE_PHRASE] = (struct ui_style){ A_UNDERLINE, 0 };
        styles[ROLE_BOOKMARK] = (struct ui_style){ A_BOLD | A_UNDERLINE, 0 };
        styles[ROLE_SELECTION] = (struct ui_style){ A_REVERSE, 0 };
        styles[ROLE_HEADER] = (struct ui_style){ A_BOLD | A_UNDERLINE, 0 };
        styles[ROLE_HEADER_FOCUSED] = (struct ui_style){ A_REVERSE | A_BOLD, 0 };
        styles[ROLE_CURSOR] = (struct ui_style){ A_UNDERLINE, 0 };
        styles[ROLE_CURSOR_FOCUSED] = (struct ui_style){ A_REVERSE, 0 };
        styles[ROLE_OPEN] = (struct ui_style){ A_BOLD, 0 };
        styles[ROLE_DIMMED] = (struct ui_style){ (termattrs() & A_DIM) ? A_DIM : A_NORMAL, 0 };
        styles[ROLE_COUNT] = (struct ui_style){ A_BOLD, 0 };
        styles[ROLE_STATUS] = (struct ui_style){ A_REVERSE, 0 };
        styles[ROLE_NOTICE] = (struct ui_style){ A_REVERSE | A_BOLD, 0 };
        styles[ROLE_ERROR] = (struct ui_style){ A_REVERSE | A_BOLD | A_UNDERLINE, 0 };
        styles[ROLE_PROMPT] = (struct ui_style){ A_BOLD, 0 };
        styles[ROLE_KEY] = (struct ui_style){ A_BOLD, 0 };
}

bool ui_theme_init(bool want_color)
{
        mono();
        if (!want_color || !has_colors() || start_color() == ERR)
                return false;
        /* -1 keeps the user's own background (and foreground) where we add nothing. */
        short dflt = use_default_colors() == OK ? -1 : COLOR_BLACK;
        short fg = dflt == -1 ? -1 : COLOR_WHITE;
        short grey = COLORS >= 16 ? 8 : fg;
        init_pair(PAIR_HIT, COLOR_BLACK, COLOR_YELLOW);
        init_pair(PAIR_CURRENT, COLOR_WHITE, COLOR_RED);
        init_pair(PAIR_GREY, grey, dflt);
        init_pair(PAIR_HEADER_FOCUSED, COLOR_WHITE, COLOR_BLUE);
        init_pair(PAIR_COUNT, COLOR_YELLOW, dflt);
        init_pair(PAIR_NOTICE, COLOR_BLACK, COLOR_YELLOW);
        init_pair(PAIR_ERROR, COLOR_WHITE, COLOR_RED);
        init_pair(PAIR_KEY, COLOR_CYAN, dflt);
        init_pair(PAIR_PHRASE, COLOR_CYAN, dflt);
        init_pair(PAIR_BOOKMARK, COLOR_BLACK, COLOR_GREEN);

        styles[ROLE_HIT] = (struct ui_style){ A_NORMAL, PAIR_HIT };
        styles[ROLE_CURRENT] = (struct ui_style){ A_BOLD, PAIR_CURRENT };
        /* Grey where there are 16 colours; dim alone elsewhere. */
        styles[ROLE_ANNOTATION] = COLORS >= 16 ? (struct ui_style){ A_NORMAL, PAIR_GREY }
                                               : (struct ui_style){ A_DIM, 0 };
        styles[ROLE_DIMMED] = styles[ROLE_ANNOTATION];
        styles[ROLE_HEADER_FOCUSED] = (struct ui_style){ A_BOLD, PAIR_HEADER_FOCUSED };
        styles[ROLE_COUNT] = (struct ui_style){ A_BOLD, PAIR_COUNT };
        styles[ROLE_NOTICE] = (struct ui_style){ A_BOLD, PAIR_NOTICE };
        styles[ROLE_ERROR] = (struct ui_style){ A_BOLD, PAIR_ERROR };
        styles[ROLE_KEY] = (struct ui_style){ A_BOLD, PAIR_KEY };
        styles[ROLE_PHRASE] = (struct ui_style){ A_UNDERLINE, PAIR_PHRASE };
        styles[ROLE_BOOKMARK] = (struct ui_style){ A_NORMAL, PAIR_BOOKMARK };
        return true;
}

struct ui_style ui_style(enum ui_role role)
{
        return styles[role];
}

struct ui_style ui_style_over(struct ui_style a, struct ui_style b)
{
        return (struct ui_style){ a.attr | b.attr, b.pair ? b.pair : a.pair };
}

void ui_set_style(WINDOW *w, struct ui_style s)
{
        wattr_set(w, s.attr, s.pair, NULL);
}

struct ui_style ui_span_style(enum span_kind k)
{
        switch (k) {
        case SPAN_HIT: return styles[ROLE_HIT];
        case SPAN_CURRENT: return styles[ROLE_CURRENT];
        case SPAN_ANNOTATION: return styles[ROLE_ANNOTATION];
        case SPAN_PHRASE: return styles[ROLE_PHRASE];
        case SPAN_BOOKMARK: return styles[ROLE_BOOKMARK];
        case SPAN_SELECTION: return styles[ROLE_SELECTION];
        case SPAN_HIDDEN:
        case SPAN_KINDS: break;
        }
        return styles[ROLE_TEXT];
}

/* A run of clusters in one style, flushed when the style changes. */
struct run {
        WINDOW *w;
        wchar_t buf[256];
        int n;
        struct ui_style st;
};

static void run_flush(struct run *r)
{
        if (r->n == 0)
                return;
        ui_set_style(r->w, r->st);
        waddnwstr(r->w, r->buf, r->n);
        r->n = 0;
}

static bool same_style(struct ui_style a, struct ui_style b)
{
        return a.attr == b.attr && a.pair == b.pair;
}

static void run_cluster(struct run *r, const char *s, size_t n, struct ui_style st)
{
        if (!same_style(st, r->st) ||
            r->n + (int)(n * WIDTH_SHOWN_MAX) > (int)LC_ARRAY_LEN(r->buf)) {
                run_flush(r);
                r->st = st;
        }
        for (size_t i = 0; i < n;) {
                uint32_t c, shown[WIDTH_SHOWN_MAX];
                i += width_decode(s + i, n - i, &c);
                size_t k = width_shown(c, shown);
                /* curses keeps only a few marks per cell; a freak cluster loses its tail. */
                for (size_t j = 0; j < k && r->n < (int)LC_ARRAY_LEN(r->buf); j++)
                        r->buf[r->n++] = (wchar_t)shown[j];
        }
}

int ui_draw_text(WINDOW *w, const char *text, size_t start, size_t end, int cols,
                 const struct span *spans, size_t nspans, struct ui_style base)
{
        struct run r = { .w = w, .st = base };
        int used = 0;
        size_t k = 0;
        for (size_t i = start; i < end;) {
                while (k < nspans && spans[k].end <= i)
                        k++;
                struct ui_style st = base;
                if (k < nspans && spans[k].start <= i) {
                        if (spans[k].kind == SPAN_HIDDEN) {
                                i = spans[k].end;
                                continue;
                        }
                        st = ui_style_over(base, ui_span_style(spans[k].kind));
                }
                size_t cl = width_cluster_len(text + i, end - i);
                int cw = width_str(text + i, cl);
                if (used == 0 && cw > cols && cols >= 1) {
                        /* A cluster wider than the whole row (20 Hangul jamo): a mark, not nothing. */
                        run_cluster(&r, "\xe2\x80\xa6", 3, st);
                        used = 1;
                        i += cl;
                        continue;
                }
                if (used + cw > cols)
                        break;
                run_cluster(&r, text + i, cl, st);
                used += cw;
                i += cl;
        }
        run_flush(&r);
        return used;
}

int ui_draw_str(WINDOW *w, const char *s, int cols, struct ui_style st)
{
        if (cols <= 0)
                return 0;
        return ui_draw_text(w, s, 0, strlen(s), cols, NULL, 0, st);
}

int ui_draw_field(WINDOW *w, const struct lineedit *e, int cols, bool typing)
{
        const char *f = lineedit_text(e);
        if (!typing)
                return ui_draw_str(w, f, cols, ui_style(ROLE_TEXT));
        if (cols <= 0)
                return 0;
        size_t at = e->cursor, len = e->len;
        size_t from = lineedit_scroll(e, 0, cols);
        size_t next = at < len ? at + width_cluster_len(f + at, len - at) : at;
        struct ui_style cursor = ui_style(ROLE_CURSOR_FOCUSED);
        int used = ui_draw_text(w, f, from, at, cols, NULL, 0, ui_style(ROLE_TEXT));
        int cw = next > at ? ui_draw_text(w, f, at, next, cols - used, NULL, 0, cursor) : 0;
        /* At the end, or a wide cluster with one column left: the cursor is still shown. */
        if (cw == 0)
                cw = ui_draw_str(w, " ", cols - used, cursor);
        used += cw;
        if (used < cols && next > at)
                used += ui_draw_text(w, f, next, len, cols - used, NULL, 0, ui_style(ROLE_TEXT));
        return used;
}

void ui_fill(WINDOW *w, int n, struct ui_style st)
{
        ui_set_style(w, st);
        for (int i = 0; i < n; i++)
                waddch(w, ' ');
}

void ui_end_row(WINDOW *w, int used, int cols)
{
        ui_set_style(w, ui_style(ROLE_TEXT));
        if (used < cols)
                wclrtoeol(w);
}

#define HINT_SEP " · "

void ui_hint_row(WINDOW *w, int cols, const char *hints)
{
        /* The items, as byte ranges of hints. */
        const char *from[16];
        size_t len[16], n = 0;
        for (const char *p = hints; n < LC_ARRAY_LEN(from);) {
                const char *sep = strstr(p, HINT_SEP);
                from[n] = p;
                len[n++] = sep ? (size_t)(sep - p) : strlen(p);
                if (!sep)
                        break;
                p = sep + strlen(HINT_SEP);
        }
        int sepw = width_str(HINT_SEP, strlen(HINT_SEP));
        int total = 0;
        for (size_t i = 0; i < n; i++)
                total += width_str(from[i], len[i]) + (i ? sepw : 0);
        /* Keep items 0..keep-1 and the last. */
        size_t keep = n ? n - 1 : 0;
        while (keep > 0 && total > cols) {
                keep--;
                total -= width_str(from[keep], len[keep]) + sepw;
        }
        struct ui_style st = ui_style(ROLE_DIMMED);
        int used = 0;
        for (size_t i = 0; i < n && total <= cols; i++) {
                if (i >= keep && i + 1 < n)
                        continue;
                if (used)
                        used += ui_draw_str(w, HINT_SEP, cols - used, st);
                used += ui_draw_text(w, from[i], 0, len[i], cols - used, NULL, 0, st);
        }
        ui_end_row(w, used, cols);
}

void ui_header_row(WINDOW *w, int cols, const char *left, const char *right,
                   struct ui_style st)
{
        int rw = width_str(right, strlen(right));
        if (rw >= cols)
                rw = 0;
        char *cut = width_truncate(left, strlen(left), rw > 0 ? cols - rw - 1 : cols, NULL);
        int used = ui_draw_str(w, cut, cols, st);
        free(cut);
        ui_fill(w, cols - rw - used, st);
        used = cols - rw;
        if (rw > 0)
                used += ui_draw_str(w, right, rw, st);
        ui_end_row(w, used, cols);
}
