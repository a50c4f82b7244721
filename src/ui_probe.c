/*
 * ui_probe — the ambiguous-width question to the terminal, and what its
 * answer leaves behind. The probe runs on the tty in non-canonical mode,
 * before curses reads anything, so the answer never reaches curses as
 * keys; keys typed before the answer are decoded and pushed back into
 * curses afterwards, so a q pressed at launch still quits. An answer that
 * comes after the wait is recognised once, when it arrives, and dropped.
 * UI layer.
 */
#include "ui_probe.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <curses.h>

#include "ui_term.h"
#include "util.h"
#include "width.h"

static unsigned char typed[64];         /* keys read while waiting for the answer */
static size_t ntyped;
static bool answer_pending;             /* asked, and no answer yet */

/*
 * A cursor position report, ESC [ row ; col R, at buf[at]: its length, or
 * 0 when there is none there, or -1 when buf ends inside what could be one.
 */
static int report_at(const unsigned char *buf, size_t n, size_t at, unsigned *col)
{
        size_t i = at;
        int fields = 0;
        unsigned v = 0;
        if (i >= n)
                return -1;
        if (buf[i++] != 0x1B)
                return 0;
        if (i >= n)
                return -1;
        if (buf[i++] != '[')
                return 0;
        for (;;) {
                size_t digits = 0;
                v = 0;
                while (i < n && buf[i] >= '0' && buf[i] <= '9' && digits < 5) {
                        v = v * 10 + (unsigned)(buf[i++] - '0');
                        digits++;
                }
                if (i >= n)
                        return -1;
                if (digits == 0)
                        return 0;
                fields++;
                if (fields == 1 && buf[i] == ';') {
                        i++;
                        continue;
                }
                if (fields == 2 && buf[i] == 'R') {
                        *col = v;
                        return (int)(i + 1 - at);
                }
                return 0;
        }
}

int ui_probe_ambiguous(int wait_ms)
{
        struct termios old, raw;
        ntyped = 0;
        answer_pending = false;
        if (tcgetattr(STDIN_FILENO, &old) != 0)
                return 0;
        raw = old;
        raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
        raw.c_cc[VMIN] = 0;
        raw.c_cc[VTIME] = 0;
        if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) != 0)
                return 0;
        static const char ask[] = "\r\xE2\x96\xBD\033[6n";      /* U+25BD, then where? */
        ui_term_send(ask);

        unsigned char buf[sizeof typed + 32];
        size_t n = 0;
        int cols = 0;
        bool answered = false;
        double end = lc_now() + wait_ms / 1e3;
        while (!answered && n < sizeof buf) {
                double left = (end - lc_now()) * 1e3;
                if (left <= 0)
                        break;
                struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
                int r = poll(&p, 1, (int)left + 1);
                if (r < 0 && errno != EINTR)
                        break;
                if (r <= 0)
                        continue;
                ssize_t got = read(STDIN_FILENO, buf + n, sizeof buf - n);
                if (got <= 0)
                        break;
                n += (size_t)got;
                for (size_t at = 0; at < n; at++) {
                        unsigned col;
                        int len = report_at(buf, n, at, &col);
                        if (len <= 0)
                                continue;
                        /* The keys around the answer are the user's: keep them in order. */
                        memmove(buf + at, buf + at + len, n - at - (size_t)len);
                        n -= (size_t)len;
                        cols = col >= 2 ? (int)col - 1 : 0;
                        answered = true;
                        break;
                }
        }
        static const char erase[] = "\r\033[K";
        ui_term_send(erase);
        tcsetattr(STDIN_FILENO, TCSANOW, &old);

        /*
         * Keys are kept up to the first Esc: unanswered, it may begin the
         * answer, and a key's escape sequence handed back byte by byte would
         * not be decoded again anyway.
         */
        for (size_t i = 0; i < n; i++)
                if (buf[i] == 0x1B)
                        n = i;
        ntyped = n < sizeof typed ? n : sizeof typed;
        memcpy(typed, buf, ntyped);
        answer_pending = !answered;
        return cols > 2 ? 2 : cols;
}

void ui_probe_return_keys(void)
{
        struct ui_key keys[LC_ARRAY_LEN(typed)];
        size_t nkeys = 0;
        for (size_t i = 0; i < ntyped; nkeys++) {
                uint32_t c;
                i += width_decode((const char *)typed + i, ntyped - i, &c);
                keys[nkeys] = (struct ui_key){ OK, (wint_t)c };
        }
        ui_term_unread(keys, nkeys);
        ntyped = 0;
}

bool ui_probe_late_answer(void)
{
        if (!answer_pending)
                return false;
        unsigned char buf[16] = { 0x1B };
        struct ui_key got[LC_ARRAY_LEN(buf)];
        size_t n = 1;
        int len = -1;
        unsigned col;
        wtimeout(stdscr, 0);
        while (len < 0 && n < LC_ARRAY_LEN(buf)) {
                struct ui_key k;
                k.kind = ui_term_get_wch(&k.c);
                if (k.kind == ERR)
                        break;
                got[n++] = k;
                if (k.kind != OK || k.c > 0x7F)
                        break;
                buf[n - 1] = (unsigned char)k.c;
                len = report_at(buf, n, 0, &col);
        }
        if (len > 0) {
                answer_pending = false;
                return true;
        }
        ui_term_unread(got + 1, n - 1);
        return false;
}
