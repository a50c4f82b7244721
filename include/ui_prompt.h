/*
 * ui_prompt — a one-line prompt on the bottom line, for the note of a
 * bookmark. Text arrives through get_wch, so what an input method commits
 * arrives whole; editing goes by grapheme cluster and the cursor is placed
 * by display width (lineedit.h). Enter answers, Esc (or Ctrl-C, Ctrl-G)
 * cancels. UI layer.
 */
#ifndef LECTERN_UI_PROMPT_H
#define LECTERN_UI_PROMPT_H

#include <wchar.h>

#include "lineedit.h"
#include "ui_app.h"

/*
 * What to do with the answer: text is what was typed (borrowed for the
 * call), or NULL when the prompt was cancelled. The prompt is closed
 * already, so done may open it again.
 */
typedef void (*ui_prompt_done)(struct app *a, void *ud, const char *text);

/* The prompt pane (free with pane_free). */
struct pane *ui_prompt_new(struct app *a);

/*
 * Ask on the bottom line: label (e.g. "note"), then a field holding initial
 * (NULL for empty). done runs once, with ud, when the user answers.
 */
void ui_prompt_open(struct app *a, const char *label, const char *initial,
                    ui_prompt_done done, void *ud);

/*
 * Say why the prompt just opened is back (e.g. why a note was not saved),
 * in the error colour before the label, with hint in place of what Enter
 * and Esc usually do. Opening the prompt clears both.
 */
void ui_prompt_warn(struct app *a, const char *warning, const char *hint);

/*
 * The terminal is going away: answer an open prompt with what was typed,
 * as Enter would, with a->unattended set so that nothing is asked back.
 */
void ui_prompt_hangup(struct app *a);

/*
 * The editing keys every field shares (arrows, Home/End, Backspace,
 * Delete, Ctrl-A/E/B/F/U/K/D, and text): applies key to e and returns
 * whether it was one of them.
 */
bool ui_prompt_edit_key(struct lineedit *e, int kind, wint_t key);

#endif
