/*
 * ui_probe — ask the terminal how wide it draws East Asian Ambiguous
 * characters (“ … ò), which no terminal description says: some terminals,
 * and many set up for Chinese, draw them two columns wide where the C
 * library counts one. The question is Vim's: write U+25BD, ask where the
 * cursor went. UI layer.
 */
#ifndef LECTERN_UI_PROBE_H
#define LECTERN_UI_PROBE_H

#include <stdbool.h>
#include <stddef.h>

/* Long enough for an answer from the far side of the world over SSH. */
#define UI_PROBE_WAIT_MS 400

/*
 * Before curses starts: write U+25BD at the start of the cursor's row, ask
 * for the cursor position (ESC [ 6 n) and erase the row again. Returns the
 * columns the character took (1 or 2), or 0 when no answer came within
 * wait_ms. Keys typed meanwhile are kept, and handed to curses by
 * ui_probe_return_keys() once it runs.
 */
int ui_probe_ambiguous(int wait_ms);

/* Give curses the keys typed during the probe, in their order. */
void ui_probe_return_keys(void);

/*
 * Called with an Esc just read from curses: when a probe went unanswered,
 * its answer may still arrive and would read as Esc and keys. Consumes a
 * cursor position report that follows the Esc at once and returns true;
 * otherwise puts back what it read and returns false.
 */
bool ui_probe_late_answer(void);

#endif
