/*
 * ui_prompt — the bottom-line prompt: a label (cut short in a narrow
 * window, never left out), the field scrolled so the cursor stays in view
 * (by whole clusters), and on the right, when there is room, what Enter
 * and Esc do. The terminal's cursor is left at the insertion point so that
 * an input method draws its preedit there. A prompt reopened because its
 * answer could not be used says why first, in the error colour, on the
 * only line that is not hidden by it. UI layer.
 */
#include "ui_prompt.h"

#include <stdlib.h>
#include <string.h>

#include "ui_draw.h"
#include "util.h"
#include "width.h"

/*
 * The field's columns before the label is cut, the label's fewest once it
 * is, and the field's fewest, for which even those give way.
 */
#define FIELD_MIN 10
#define LABEL_MIN 8
#define FIELD_TINY 4

struct prompt {
        struct pane pane;
        struct lineedit ed;
        size_t from;            /* first byte shown */
        char *label;
        char *warning;          /* why the prompt is back, or NULL */
        char *hint;             /* what Enter and Esc do then */
        ui_prompt_done done;
        void *ud;
};

bool ui_prompt_edit_key(struct lineedit *e, int kind, wint_t key)
{
        if (kind == KEY_CODE_YES) {
                switch (key) {
                case KEY_BACKSPACE: lineedit_erase(e, -1, false); return true;
                case KEY_DC: lineedit_erase(e, 1, false); return true;
                case KEY_LEFT: lineedit_move(e, -1, false); return true;
                case KEY_RIGHT: lineedit_move(e, 1, false); return true;
                case KEY_HOME: lineedit_move(e, -1, true); return true;
                case KEY_END: lineedit_move(e, 1, true); return true;
                default: return false;
                }
        }
        switch (key) {
        case 0x7f: case UI_CTRL('h'): lineedit_erase(e, -1, false); return true;
        case UI_CTRL('d'): lineedit_erase(e, 1, false); return true;
        case UI_CTRL('u'): lineedit_erase(e, -1, true); return true;
        case UI_CTRL('k'): lineedit_erase(e, 1, true); return true;
        case UI_CTRL('a'): lineedit_move(e, -1, true); return true;
        case UI_CTRL('e'): lineedit_move(e, 1, true); return true;
        case UI_CTRL('b'): lineedit_move(e, -1, false); return true;
        case UI_CTRL('f'): lineedit_move(e, 1, false); return true;
        default: return lineedit_insert(e, (uint32_t)key);
        }
}

void ui_prompt_open(struct app *a, const char *label, const char *initial,
                    ui_prompt_done done, void *ud)
{
        struct prompt *p = (struct prompt *)a->prompt;
        free(p->label);
        p->label = xasprintf(" %s: ", label);
        free(p->warning);
        free(p->hint);
        p->warning = p->hint = NULL;
        lineedit_set(&p->ed, initial);
        p->from = 0;
        p->done = done;
        p->ud = ud;
        a->prompt_open = true;
}

void ui_prompt_warn(struct app *a, const char *warning, const char *hint)
{
        struct prompt *p = (struct prompt *)a->prompt;
        free(p->warning);
        free(p->hint);
        p->warning = warning ? xstrdup(warning) : NULL;
        p->hint = warning && hint ? xstrdup(hint) : NULL;
}

static int prompt_finish(struct prompt *p, bool answer)
{
        struct app *a = p->pane.app;
        a->prompt_open = false;
        /* done may open the prompt again: hand it a copy of the text. */
        char *text = answer ? xstrdup(lineedit_text(&p->ed)) : NULL;
        ui_prompt_done done = p->done;
        p->done = NULL;
        if (done)
                done(a, p->ud, text);
        free(text);
        return PANE_HANDLED | PANE_REDRAW;
}

void ui_prompt_hangup(struct app *a)
{
        if (!a->prompt_open)
                return;
        a->unattended = true;
        prompt_finish((struct prompt *)a->prompt, true);
}

static int prompt_key(struct pane *pane, int kind, wint_t key)
{
        struct prompt *p = (struct prompt *)pane;
        if ((kind == KEY_CODE_YES && key == KEY_ENTER) ||
            (kind == OK && (key == '\n' || key == '\r')))
                return prompt_finish(p, true);
        if (kind == OK && (key == UI_ESC || key == UI_CTRL('c') || key == UI_CTRL('g')))
                return prompt_finish(p, false);
        ui_prompt_edit_key(&p->ed, kind, key);
        return PANE_HANDLED | PANE_REDRAW;
}

static void prompt_draw(struct pane *pane, bool focused)
{
        (void)focused;
        struct prompt *p = (struct prompt *)pane;
        WINDOW *w = pane->win;
        /* Never the last cell: on the bottom line it could scroll the screen. */
        int cols = pane->cols - 1;
        const char *hint = p->hint ? p->hint : "Enter saves · Esc cancels";
        int hw = width_str(hint, strlen(hint));
        /* The warning takes at most half the line, cut with an ellipsis. */
        char *warning = NULL;
        int ww = 0;
        if (p->warning && cols / 2 > 8) {
                char *cut = width_truncate(p->warning, strlen(p->warning), cols / 2 - 4, NULL);
                warning = xasprintf(" %s ·", cut);
                ww = width_str(warning, strlen(warning));
                free(cut);
        }
        /*
         * The label says what is being typed (a new note or one already
         * stored), so it is shortened rather than dropped: whole while the
         * field keeps FIELD_MIN columns, then cut down to LABEL_MIN; only
         * the hint, which repeats what every prompt does, goes first.
         */
        int room = cols - ww;
        int lw = width_str(p->label, strlen(p->label));
        if (ww + lw + hw + 2 + FIELD_MIN > cols)
                hw = 0;
        char *label = NULL;
        if (lw + FIELD_MIN > room) {
                int want = room - FIELD_MIN > LABEL_MIN ? room - FIELD_MIN : LABEL_MIN;
                /* Past that the typed text comes first: it is what Enter saves. */
                if (want > room - FIELD_TINY)
                        want = room - FIELD_TINY;
                lw = 0;
                if (want >= 4) {
                        /* Cut without its trailing blank, which then parts it from the text. */
                        char *cut = width_truncate(p->label, strlen(p->label) - 1, want - 1,
                                                   NULL);
                        label = xasprintf("%s ", cut);
                        free(cut);
                        lw = width_str(label, strlen(label));
                }
        }
        int field = cols - ww - lw - (hw ? hw + 2 : 0);
        if (field < 1)
                field = 1;
        p->from = lineedit_scroll(&p->ed, p->from, field);

        wmove(w, 0, 0);
        int used = ww ? ui_draw_str(w, warning, ww, ui_style(ROLE_ERROR)) : 0;
        free(warning);
        if (lw)
                used += ui_draw_str(w, label ? label : p->label, lw, ui_style(ROLE_PROMPT));
        free(label);
        int at = used + lineedit_cursor_col(&p->ed, p->from);
        const char *text = lineedit_text(&p->ed);
        used += ui_draw_text(w, text, p->from, p->ed.len, field, NULL, 0, ui_style(ROLE_TEXT));
        if (hw) {
                ui_fill(w, cols - used - hw, ui_style(ROLE_TEXT));
                used = cols - hw;
                used += ui_draw_str(w, hint, hw, ui_style(ROLE_DIMMED));
        }
        ui_end_row(w, used, pane->cols);
        wmove(w, 0, at < cols ? at : cols - 1);
}

static void prompt_resize(struct pane *p, int y, int x, int rows, int cols)
{
        /* The one window whose cursor matters: the terminal's cursor goes there. */
        if (pane_place(p, y, x, rows, cols))
                leaveok(p->win, FALSE);
}

static void prompt_destroy(struct pane *pane)
{
        struct prompt *p = (struct prompt *)pane;
        lineedit_free(&p->ed);
        free(p->label);
        free(p->warning);
        free(p->hint);
        free(p);
}

static const struct pane_ops prompt_ops = {
        .name = "prompt",
        .draw = prompt_draw,
        .handle_key = prompt_key,
        .resize = prompt_resize,
        .destroy = prompt_destroy,
};

struct pane *ui_prompt_new(struct app *a)
{
        struct prompt *p = xcalloc(1, sizeof *p);
        p->pane.ops = &prompt_ops;
        p->pane.app = a;
        return &p->pane;
}
