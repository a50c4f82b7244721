/*
 * ui_rows — the cursor movement shared by the document list and the
 * phrases, concordance and plot panes, so the same keys mean the same
 * thing in each, and the scrolling that the bookmarks pane shares with
 * them too. UI layer.
 */
#include "ui_rows.h"

#include "ui_pane.h"

bool ui_rows_key(struct ui_rows *r, size_t n, size_t page, bool letters, int kind, wint_t key)
{
        int k = kind == KEY_CODE_YES ? (int)key : -1;
        wint_t c = kind == KEY_CODE_YES ? 0 : key;
        size_t last = n ? n - 1 : 0;
        page = page ? page : 1;
        if (k == KEY_DOWN || c == UI_CTRL('n') || (letters && c == 'j')) {
                r->cursor = r->cursor < last ? r->cursor + 1 : last;
        } else if (k == KEY_UP || c == UI_CTRL('p') || (letters && c == 'k')) {
                r->cursor = r->cursor ? r->cursor - 1 : 0;
        } else if (k == KEY_NPAGE || c == UI_CTRL('f') || (letters && c == ' ')) {
                r->cursor = r->cursor + page < last ? r->cursor + page : last;
        } else if (k == KEY_PPAGE || c == UI_CTRL('b') || (letters && c == 'b')) {
                r->cursor = r->cursor > page ? r->cursor - page : 0;
        } else if (k == KEY_HOME || (letters && c == 'g')) {
                r->cursor = 0;
        } else if (k == KEY_END || (letters && c == 'G')) {
                r->cursor = last;
        } else {
                return false;
        }
        return true;
}

bool ui_rows_mouse(struct ui_rows *r, size_t n, const MEVENT *ev, int first_y)
{
        size_t last = n ? n - 1 : 0;
        if (ev->bstate & BUTTON4_PRESSED) {
                r->cursor = r->cursor > 3 ? r->cursor - 3 : 0;
        } else if (ev->bstate & BUTTON5_PRESSED) {
                r->cursor = r->cursor + 3 < last ? r->cursor + 3 : last;
        } else if (ev->bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) {
                size_t i = r->top + (size_t)(ev->y - first_y);
                if (ev->y < first_y || i >= n)
                        return false;
                r->cursor = i;
        } else {
                return false;
        }
        return true;
}

void ui_rows_fit(struct ui_rows *r, size_t n, size_t shown)
{
        shown = shown ? shown : 1;
        if (r->cursor >= n)
                r->cursor = n ? n - 1 : 0;
        if (r->cursor < r->top)
                r->top = r->cursor;
        else if (r->cursor >= r->top + shown)
                r->top = r->cursor - shown + 1;
        /* No blank rows below the last while earlier ones are hidden (after a resize). */
        if (n >= shown && r->top > n - shown)
                r->top = n - shown;
        else if (n < shown)
                r->top = 0;
}
