/*
 * ui_note — what the note prompt does when a note cannot be saved as it
 * was typed. The text is never dropped behind the user's back: the prompt
 * comes back holding it and saying why, so Enter tries again and only Esc
 * gives it up. When another lectern saved a different note meanwhile, the
 * prompt shows theirs and asks before writing over it. With the terminal
 * gone (a->unattended) nobody can be asked: a save that may succeed later
 * is tried again at once, a few times, and a conflict keeps both notes,
 * theirs first. UI layer.
 */
#ifndef LECTERN_UI_NOTE_H
#define LECTERN_UI_NOTE_H

#include <stdint.h>

#include "ui_app.h"
#include "ui_prompt.h"

/*
 * A store call failed with rc and cause (freed here): reopen the prompt
 * with label and typed, saying why it was not saved, and whether trying
 * again may help.
 */
void ui_note_retry(struct app *a, const char *label, const char *typed, int rc, char *cause,
                   ui_prompt_done done, void *ud);

/*
 * Saving over *was found another note saved meanwhile (LC_ECHANGED):
 * *was becomes that note (caller frees), the prompt reopens with typed and
 * a glimpse of the other note, and Enter then saves typed over it.
 */
void ui_note_conflict(struct app *a, int64_t id, const char *label, const char *typed,
                      char **was, ui_prompt_done done, void *ud);

#endif
