/*
 * ui_note — a note that could not be saved goes back into the prompt, with
 * the reason in front of it: the only safe place for text the user typed
 * is where they can still see and edit it. UI layer.
 */
#include "ui_note.h"

#include <stdlib.h>
#include <string.h>

#include "passage.h"
#include "store.h"
#include "ui_store.h"
#include "util.h"

/* Columns of the other lectern's note shown in the prompt. */
#define THEIRS_COLS 16
/* Saves tried without a terminal before the note is given up. */
#define UNATTENDED_TRIES 4
/* Between theirs and ours when both notes are kept. */
#define BOTH_NOTES " / "

/* With nobody to ask, save again while tries are left. */
static void save_unattended(struct app *a, const char *typed, ui_prompt_done done, void *ud)
{
        if (a->unattended_tries >= UNATTENDED_TRIES)
                return;
        a->unattended_tries++;
        done(a, ud, typed);
}

void ui_note_retry(struct app *a, const char *label, const char *typed, int rc, char *cause,
                   ui_prompt_done done, void *ud)
{
        /* A lock or a full disk may pass; a read-only database or a bad passage will not. */
        struct store *db = ui_store_db(a);
        bool again = db && store_mode(db) == STORE_READ_WRITE && rc != LC_EINVAL;
        if (a->unattended) {
                free(cause);
                if (again)
                        save_unattended(a, typed, done, ud);
                return;
        }
        char *why = ui_store_why(a, rc, cause);
        char *warning = xasprintf(again ? "not saved: %s" : "cannot be saved: %s", why);
        ui_prompt_open(a, label, typed, done, ud);
        ui_prompt_warn(a, warning, again ? "Enter tries again · Esc drops it" : "Esc drops it");
        free(warning);
        free(why);
}

void ui_note_conflict(struct app *a, int64_t id, const char *label, const char *typed,
                      char **was, ui_prompt_done done, void *ud)
{
        struct bookmark now;
        char *cause = NULL;
        int found = store_bookmark_get(ui_store_db(a), id, &now, &cause);
        if (found != 1) {
                /* The next Enter brings a deleted bookmark back with the note. */
                if (found == 0)
                        cause = xstrdup("another lectern deleted the bookmark meanwhile");
                ui_note_retry(a, label, typed, found, cause, done, ud);
                return;
        }
        free(cause);
        free(*was);
        *was = now.note;
        now.note = NULL;
        store_bookmark_clear(&now);
        if (a->unattended) {
                /* Theirs stays whole in front: it is what the other lectern's user saw saved. */
                char *both = !**was || strstr(typed, *was) ? xstrdup(typed)
                             : strstr(*was, typed) ? xstrdup(*was)
                             : xasprintf("%s" BOTH_NOTES "%s", *was, typed);
                save_unattended(a, both, done, ud);
                free(both);
                return;
        }
        char *theirs = **was ? passage_snippet(*was, strlen(*was), THEIRS_COLS)
                             : xstrdup("an empty note");
        char *warning = **was ? xasprintf("another lectern saved “%s”", theirs)
                              : xasprintf("another lectern emptied this note");
        ui_prompt_open(a, label, typed, done, ud);
        ui_prompt_warn(a, warning, "Enter saves yours over it · Esc keeps theirs");
        free(warning);
        free(theirs);
}
