/*
 * ui_term — the terminal before and around curses: refuse a terminal that
 * cannot run a full-screen program (no tty, TERM unset, unknown or dumb)
 * with a clear message before curses could exit the process on its own, and
 * put the terminal back even when the program crashes. UI layer.
 */
#ifndef LECTERN_UI_TERM_H
#define LECTERN_UI_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/*
 * Whether standard input and output are a terminal that TERM describes
 * well enough to address the cursor. Returns LC_OK, or LC_EINVAL with the
 * reason in *cause (may be NULL; caller frees).
 */
/* $TERM made safe to show in a message (sanitised, one line, short); caller frees. */
char *ui_term_name(void);

int ui_term_check(char **cause);

/*
 * After curses has set the terminal up: on a crash (SIGSEGV, SIGBUS,
 * SIGFPE, SIGILL, SIGABRT) leave the alternate screen, show the cursor,
 * stop mouse reports and restore the terminal modes saved by
 * ui_term_save_modes(), then die of the same signal.
 */
void ui_term_save_modes(void);
void ui_term_guard_arm(bool mouse);
void ui_term_guard_disarm(void);

/* Write s to the terminal directly, past curses' buffer, retrying after signals. */
void ui_term_send(const char *s);

/* A key as curses' wget_wch() gave it: kind OK or KEY_CODE_YES, and its code. */
struct ui_key {
        int kind;
        wint_t c;
};

/* Hand keys read ahead back to curses, to be read again in the same order. */
void ui_term_unread(const struct ui_key *v, size_t n);

/*
 * wget_wch() on stdscr, with stdscr's timeout, except for bytes that are
 * not UTF-8: each is dropped alone and the keys after it are read as
 * usual. (curses keeps reading after a bad byte, up to 15 bytes, in case
 * they complete a character, and throws them all away: an 0xFF from a
 * terminal set to another encoding, or an Alt key sent as a meta byte,
 * ate the next five Chinese characters typed.)
 */
int ui_term_get_wch(wint_t *c);

#endif
