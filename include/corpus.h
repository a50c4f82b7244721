/*
 * corpus — the ordered set of loaded documents (the document-list model).
 * Paths are files or directories (walked recursively, in name order, without
 * following symbolic links into loops); what cannot be loaded is recorded
 * with its reason instead of stopping the load.
 */
#ifndef LECTERN_CORPUS_H
#define LECTERN_CORPUS_H

#include <stddef.h>

#include "doc.h"

struct corpus;

struct corpus_skip {
        char *path;
        char *reason;
};

/* Progress: called now and then with a phase name and a fraction 0..1. */
typedef void (*lc_progress_fn)(void *ud, const char *phase, double fraction);

struct corpus *corpus_new(void);
void corpus_free(struct corpus *c);

/*
 * Load every path (files or directories) in order; force is an encoding name
 * or NULL. Returns LC_OK even when some files were skipped (see
 * corpus_skipped); fails only when a path does not exist or cannot be read at
 * all, with *cause (may be NULL; caller frees).
 */
int corpus_load(struct corpus *c, char *const *paths, size_t npaths, const char *force,
                lc_progress_fn progress, void *ud, char **cause);

/* Add one document (takes ownership). Tests and tools use it. */
void corpus_add(struct corpus *c, struct doc *d);

size_t corpus_count(const struct corpus *c);
const struct doc *corpus_doc(const struct corpus *c, size_t i);
size_t corpus_nskipped(const struct corpus *c);
const struct corpus_skip *corpus_skipped(const struct corpus *c, size_t i);

/* Total bytes of text loaded. */
size_t corpus_bytes(const struct corpus *c);

#endif
