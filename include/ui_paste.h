/*
 * ui_paste — bracketed paste: the terminal wraps what is pasted in
 * ESC [200~ ... ESC [201~, so pasted text can be told from typed keys. A
 * paste is text, never commands: a note pasted with a line break or a d in
 * it must not save early and then delete a bookmark. UI layer.
 */
#ifndef LECTERN_UI_PASTE_H
#define LECTERN_UI_PASTE_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* Ask the terminal to mark pastes (after curses starts), and to stop. */
void ui_paste_enable(void);
void ui_paste_disable(void);

/*
 * Called with an Esc just read from curses: when "[200~" follows at once,
 * consume it and return true (a paste begins); otherwise put back what was
 * read and return false.
 */
bool ui_paste_starts(void);

/*
 * Read the rest of a paste, up to its closing ESC [201~ (or a second's
 * silence, should the terminal never close it), handing each character to
 * take: each run of line breaks and each tab as a space, Esc and other
 * controls left out. Returns how many characters were handed over.
 */
size_t ui_paste_read(void (*take)(wint_t c, void *ud), void *ud);

#endif
