/*
 * corpus — the ordered set of loaded documents (the document-list model).
 * Paths are files or directories (walked recursively, in name order, without
 * following symbolic links into loops); what cannot be loaded is recorded
 * with its reason instead of stopping the load.
 */
#ifndef LECTERN_CORPUS_H
#define LECTERN_CORPUS_H

#include <stdbool.h>
#include <stddef.h>

#include "doc.h"

struct corpus;

struct corpus_skip {
        char *path;
        char *reason;
        bool failed;            /* it could not be read (missing, refused, an I/O error);
                                 * otherwise lectern chose not to (binary, not a file) */
};

/* Progress: called now and then with a phase name and a fraction 0..1. */
typedef void (*lc_progress_fn)(void *ud, const char *phase, double fraction);

struct corpus *corpus_new(void);
void corpus_free(struct corpus *c);

/*
 * Load every path (files or directories) in order; force is an encoding name
 * or NULL. Returns LC_OK even when some paths were skipped, missing ones
 * included (see corpus_skipped): one bad path among many loses none of the
 * others. Fails only for a forced encoding that does not exist, with *cause
 * (may be NULL; caller frees). corpus_plan() then corpus_read(), on two
 * threads.
 */
int corpus_load(struct corpus *c, char *const *paths, size_t npaths, const char *force,
                lc_progress_fn progress, void *ud, char **cause);

/*
 * Loading in two steps, so that a reader can show the first documents while
 * the rest are read. corpus_plan() walks the paths (no file is read),
 * noting the ones that do not exist as skipped. corpus_read() then
 * reads the files found, on up to `threads` threads (0: two), and may run
 * on another thread than the one that reads the corpus: documents are
 * published in plan order, so corpus_count() grows and corpus_doc(i) is
 * final for every i below it. Progress goes by bytes read. A forced encoding
 * that does not exist fails the read. Call each once, in this order.
 */
void corpus_plan(struct corpus *c, char *const *paths, size_t npaths);
int corpus_read(struct corpus *c, const char *force, unsigned threads,
                lc_progress_fn progress, void *ud, char **cause);

/* Files the plan found: at most this many documents. */
size_t corpus_planned(const struct corpus *c);

/* Ask a running corpus_read() to stop after the files in hand (any thread). */
void corpus_cancel(struct corpus *c);

/* Has corpus_read() finished (or corpus_load() returned)? Any thread. */
bool corpus_complete(const struct corpus *c);

/* Add one document (takes ownership). Tests and tools use it; not while reading. */
void corpus_add(struct corpus *c, struct doc *d);

/* Documents published so far (all of them once complete). Any thread. */
size_t corpus_count(const struct corpus *c);
const struct doc *corpus_doc(const struct corpus *c, size_t i);

/* What was skipped and why: complete once corpus_complete() is true. */
size_t corpus_nskipped(const struct corpus *c);
const struct corpus_skip *corpus_skipped(const struct corpus *c, size_t i);

/* Total bytes of text published. Any thread. */
size_t corpus_bytes(const struct corpus *c);

#endif
