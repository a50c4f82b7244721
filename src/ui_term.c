/*
 * ui_term — terminal checks before curses starts, and the crash guard.
 * curses' initscr() exits the process when TERM is unusable, so the
 * terminal description is read here first with setupterm(), which reports
 * instead. The crash guard keeps the bytes that undo full-screen mode,
 * captured while curses is healthy, and writes them from the signal handler
 * with write() and tcsetattr(), which are safe there. UI layer; the only
 * file that includes term.h, whose macros would collide with ordinary names.
 */
#include "ui_term.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <curses.h>
#include <term.h>
#include <unistr.h>

#include "sanitize.h"
#include "util.h"
#include "width.h"

static bool cap_ok(const char *s)
{
        return s != NULL && s != (char *)-1;
}

char *ui_term_name(void)
{
        const char *term = getenv("TERM");
        size_t n;
        char *safe = sanitize_text(term ? term : "", term ? strlen(term) : 0, &n, NULL);
        for (size_t i = 0; i < n; i++)
                if (safe[i] == '\n')
                        safe[i] = ' ';
        char *shown = width_truncate(safe, n, 40, NULL);
        free(safe);
        return shown;
}

int ui_term_check(char **cause)
{
        if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
                return lc_fail(cause, LC_EINVAL,
                               "the reader needs a terminal on standard input and output "
                               "(for scripts, see --help)");
        const char *term = getenv("TERM");
        if (!term || !*term)
                return lc_fail(cause, LC_EINVAL,
                               "TERM is not set, so the reader cannot draw; "
                               "set it to your terminal's type (e.g. TERM=xterm-256color)");
        /* TERM comes from anywhere: it is shown only sanitised and cut short. */
        int err = 0, rc = LC_OK;
        char *shown = ui_term_name();
        if (setupterm(term, STDOUT_FILENO, &err) != OK) {
                if (err == -1)
                        rc = lc_fail(cause, LC_EINVAL,
                                     "no terminfo database found for TERM=%s", shown);
                else
                        rc = lc_fail(cause, LC_EINVAL,
                                     "unknown terminal type TERM=%s; set TERM to a type "
                                     "this system knows (e.g. xterm-256color)", shown);
                free(shown);
                return rc;
        }
        bool usable = tigetflag("hc") <= 0 && tigetflag("gn") <= 0 && cap_ok(tigetstr("cup"));
        del_curterm(cur_term);
        if (!usable)
                rc = lc_fail(cause, LC_EINVAL,
                             "the terminal TERM=%s cannot move the cursor, so the reader "
                             "cannot draw; use a full-screen terminal type "
                             "(e.g. xterm-256color)", shown);
        free(shown);
        return rc;
}

/* ------------------------------------------------------------ the guard */

static struct termios saved_modes;
static bool have_modes;
static char undo[256];
static size_t undo_len;
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
static struct sigaction previous[LC_ARRAY_LEN(crash_signals)];
static bool armed;

void ui_term_save_modes(void)
{
        have_modes = tcgetattr(STDIN_FILENO, &saved_modes) == 0;
}

static void add_undo(const char *s)
{
        if (!cap_ok(s))
                return;
        size_t n = strlen(s);
        if (undo_len + n < sizeof undo) {
                memcpy(undo + undo_len, s, n);
                undo_len += n;
        }
}

static void on_crash(int sig)
{
        static const char msg[] = "\r\nlectern: internal error; the terminal was restored\r\n";
        if (undo_len)
                (void)!write(STDOUT_FILENO, undo, undo_len);
        if (have_modes)
                tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
        (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
        signal(sig, SIG_DFL);
        raise(sig);
}

void ui_term_guard_arm(bool mouse)
{
        undo_len = 0;
        if (mouse)
                add_undo("\033[?1000l\033[?1002l\033[?1006l");
        add_undo("\033[?2004l");       /* bracketed paste (ui_paste.c) */
        add_undo(tigetstr("sgr0"));
        add_undo(tigetstr("cnorm"));
        add_undo(tigetstr("rmkx"));
        add_undo(tigetstr("rmcup"));
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_crash;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESETHAND;
        for (size_t i = 0; i < LC_ARRAY_LEN(crash_signals); i++)
                sigaction(crash_signals[i], &sa, &previous[i]);
        armed = true;
}

void ui_term_guard_disarm(void)
{
        if (!armed)
                return;
        for (size_t i = 0; i < LC_ARRAY_LEN(crash_signals); i++)
                sigaction(crash_signals[i], &previous[i], NULL);
        armed = false;
}

/* ------------------------------------------------------------ raw I/O */

void ui_term_send(const char *s)
{
        size_t n = strlen(s);
        while (n > 0) {
                ssize_t w = write(STDOUT_FILENO, s, n);
                if (w < 0 && errno == EINTR)
                        continue;
                if (w <= 0)
                        return;
                s += w;
                n -= (size_t)w;
        }
}

void ui_term_unread(const struct ui_key *v, size_t n)
{
        /* curses hands back what was pushed last first. */
        while (n > 0) {
                n--;
                if (v[n].kind == KEY_CODE_YES)
                        ungetch((int)v[n].c);
                else
                        unget_wch((wchar_t)v[n].c);
        }
}

int ui_term_get_wch(wint_t *c)
{
        for (;;) {
                int b = wgetch(stdscr);
                if (b == ERR)
                        return ERR;
                if (b > 0xFF) {
                        *c = (wint_t)b;
                        return KEY_CODE_YES;
                }
                if (b < 0x80) {
                        *c = (wint_t)b;
                        return OK;
                }
                /* Continuation bytes expected after this lead byte (0: it is no lead byte). */
                int need = b >= 0xC2 && b <= 0xDF ? 1 : b >= 0xE0 && b <= 0xEF ? 2
                         : b >= 0xF0 && b <= 0xF4 ? 3 : 0;
                uint8_t s[4] = { (uint8_t)b };
                int n = 1;
                while (n <= need) {
                        int next = wgetch(stdscr);
                        if (next == ERR)
                                break;
                        if (next > 0xFF || (next & 0xC0) != 0x80) {
                                /* The start of the next key: read it next. */
                                ungetch(next);
                                break;
                        }
                        s[n++] = (uint8_t)next;
                }
                ucs4_t uc;
                if (need > 0 && n == need + 1 && u8_mbtoucr(&uc, s, (size_t)n) == n) {
                        *c = (wint_t)uc;
                        return OK;
                }
                /* Not UTF-8 (a stray byte, a truncated or overlong sequence): dropped. */
        }
}
