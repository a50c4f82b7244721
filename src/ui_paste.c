/*
 * ui_paste — reading a bracketed paste out of curses' input. curses knows
 * no key for the paste markers, so they arrive as Esc and plain
 * characters; they are recognised here, right after the Esc, from what is
 * already waiting. UI layer.
 */
#include "ui_paste.h"

#include <string.h>

#include <curses.h>

#include "ui_term.h"
#include "util.h"

/* How long a paste may pause before it is taken as ended, in milliseconds. */
#define PASTE_PAUSE_MS 1000

void ui_paste_enable(void)
{
        ui_term_send("\033[?2004h");
}

void ui_paste_disable(void)
{
        ui_term_send("\033[?2004l");
}

/*
 * After an Esc: whether the characters waiting spell tail (e.g. "[200~").
 * They are consumed when they do and put back when they do not.
 */
static bool follows(const char *tail, int wait_ms)
{
        struct ui_key got[8];
        size_t n = 0, len = strlen(tail);
        bool match = true;
        wtimeout(stdscr, wait_ms);
        while (n < len && match) {
                struct ui_key k;
                k.kind = ui_term_get_wch(&k.c);
                if (k.kind == ERR)
                        break;
                got[n++] = k;
                match = k.kind == OK && k.c == (wint_t)(unsigned char)tail[n - 1];
        }
        if (n == len && match)
                return true;
        ui_term_unread(got, n);
        return false;
}

bool ui_paste_starts(void)
{
        return follows("[200~", 0);
}

size_t ui_paste_read(void (*take)(wint_t c, void *ud), void *ud)
{
        size_t given = 0;
        bool in_break = false;
        for (;;) {
                wint_t c;
                wtimeout(stdscr, PASTE_PAUSE_MS);
                int kind = ui_term_get_wch(&c);
                if (kind == ERR)
                        return given;           /* never closed: what came is the paste */
                if (kind != OK)
                        continue;               /* a key curses decoded: not text */
                if (c == 0x1B) {
                        /* The end, or an Esc inside the paste, which is left out. */
                        if (follows("[201~", 50))
                                return given;
                        continue;
                }
                /* Line breaks in a row (CR, LF, CR LF, blank lines) are one space. */
                bool line_break = c == '\n' || c == '\r';
                bool more = line_break && in_break;
                in_break = line_break;
                if (more)
                        continue;
                if (line_break || c == '\t')
                        c = ' ';
                else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0))
                        continue;
                take(c, ud);
                given++;
        }
}
