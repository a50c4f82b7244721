/*
 * ui_marks — bookmarking and copying in the reading pane. "The passage at
 * the cursor" (the pane has no text cursor) is the sentence holding the
 * current search hit or phrase occurrence when one is on screen, else the
 * first sentence that starts on screen. m bookmarks it after asking for a
 * note; v starts a selection on it that ) / j grow and ( / k shrink a
 * sentence at a time, p turns into whole paragraphs, m bookmarks and y
 * copies; y copies the passage with a citation line to the local clipboard
 * through OSC 52. The open document's bookmarks are marked in the text.
 * UI layer.
 */
#ifndef LECTERN_UI_MARKS_H
#define LECTERN_UI_MARKS_H

#include <stddef.h>
#include <wchar.h>

#include "ui_app.h"

struct ui_marks *ui_marks_new(void);
void ui_marks_free(struct ui_marks *m);

/*
 * The reading pane's keys m, v and y, and every key while a selection is
 * on (those it does not use, such as paging, come back PANE_IGNORED).
 */
int ui_marks_key(struct app *a, int kind, wint_t key);

/*
 * Before the reading pane is drawn: hand the reader the open document's
 * bookmarks and the selection (reloading them when the document changed).
 */
void ui_marks_layers(struct app *a);

/* Bookmarks were changed elsewhere (the B pane): reload before drawing. */
void ui_marks_changed(struct app *a);

/*
 * Copy text[0..n) and its citation (title, path, line; line 0 leaves it
 * out) to the clipboard with OSC 52, unless --no-osc52; what says what was
 * copied ("the sentence") on the status line.
 */
void ui_marks_copy(struct app *a, const char *text, size_t n, const char *title,
                   const char *path, size_t line, const char *what);

#endif
