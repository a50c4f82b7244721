/*
 * corpus — walk the paths the user gave and load every document, in a
 * stable order (the order given; inside a directory, by name). Directories
 * are walked recursively; hidden entries are left out of walks; a directory
 * reached twice (a symlink loop) is skipped with a reason. Files that cannot
 * be loaded are recorded with why. Engine layer.
 */
#include "corpus.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

struct corpus {
        struct doc **docs;
        size_t n, cap;
        struct corpus_skip *skips;
        size_t nskips, capskips;
        size_t bytes;
};

struct dir_id {
        dev_t dev;
        ino_t ino;
};

/* The walk's state: what to load, and which directories were seen. */
struct walk {
        char **files;
        size_t nfiles, capfiles;
        struct dir_id *seen;
        size_t nseen, capseen;
};

struct corpus *corpus_new(void)
{
        return xcalloc(1, sizeof(struct corpus));
}

void corpus_free(struct corpus *c)
{
        if (!c)
                return;
        for (size_t i = 0; i < c->n; i++)
                doc_free(c->docs[i]);
        for (size_t i = 0; i < c->nskips; i++) {
                free(c->skips[i].path);
                free(c->skips[i].reason);
        }
        free(c->docs);
        free(c->skips);
        free(c);
}

void corpus_add(struct corpus *c, struct doc *d)
{
        c->docs = xgrow(c->docs, &c->cap, c->n + 1, sizeof *c->docs);
        c->docs[c->n++] = d;
        c->bytes += d->len;
}

static void add_skip(struct corpus *c, const char *path, const char *reason)
{
        c->skips = xgrow(c->skips, &c->capskips, c->nskips + 1, sizeof *c->skips);
        c->skips[c->nskips].path = xstrdup(path);
        c->skips[c->nskips].reason = xstrdup(reason);
        c->nskips++;
}

size_t corpus_count(const struct corpus *c) { return c->n; }
const struct doc *corpus_doc(const struct corpus *c, size_t i) { return c->docs[i]; }
size_t corpus_nskipped(const struct corpus *c) { return c->nskips; }
const struct corpus_skip *corpus_skipped(const struct corpus *c, size_t i) { return &c->skips[i]; }
size_t corpus_bytes(const struct corpus *c) { return c->bytes; }

static void add_file(struct walk *w, const char *path)
{
        w->files = xgrow(w->files, &w->capfiles, w->nfiles + 1, sizeof *w->files);
        w->files[w->nfiles++] = xstrdup(path);
}

static int cmp_names(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool seen_before(struct walk *w, const struct stat *st)
{
        for (size_t i = 0; i < w->nseen; i++)
                if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
                        return true;
        w->seen = xgrow(w->seen, &w->capseen, w->nseen + 1, sizeof *w->seen);
        w->seen[w->nseen].dev = st->st_dev;
        w->seen[w->nseen].ino = st->st_ino;
        w->nseen++;
        return false;
}

static void walk_dir(struct corpus *c, struct walk *w, const char *dir, const struct stat *dst)
{
        if (seen_before(w, dst)) {
                add_skip(c, dir, "directory already visited (symbolic link loop)");
                return;
        }
        DIR *d = opendir(dir);
        if (!d) {
                add_skip(c, dir, strerror(errno));
                return;
        }
        char **names = NULL;
        size_t n = 0, cap = 0;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
                if (e->d_name[0] == '.')
                        continue;
                names = xgrow(names, &cap, n + 1, sizeof *names);
                names[n++] = xstrdup(e->d_name);
        }
        closedir(d);
        qsort(names, n, sizeof *names, cmp_names);
        size_t dl = strlen(dir);
        bool slash = dl > 0 && dir[dl - 1] == '/';
        for (size_t i = 0; i < n; i++) {
                char *p = xasprintf("%s%s%s", dir, slash ? "" : "/", names[i]);
                struct stat st;
                if (stat(p, &st) != 0) {
                        add_skip(c, p, lstat(p, &st) == 0 ? "dangling or looping symbolic link"
                                                           : strerror(errno));
                } else if (S_ISDIR(st.st_mode)) {
                        walk_dir(c, w, p, &st);
                } else {
                        add_file(w, p);
                }
                free(p);
                free(names[i]);
        }
        free(names);
}

int corpus_load(struct corpus *c, char *const *paths, size_t npaths, const char *force,
                lc_progress_fn progress, void *ud, char **cause)
{
        struct walk w = { 0 };
        int rc = LC_OK;
        for (size_t i = 0; i < npaths && rc == LC_OK; i++) {
                struct stat st;
                if (stat(paths[i], &st) != 0) {
                        rc = lc_fail(cause, LC_EIO, "%s: %s", paths[i], strerror(errno));
                        break;
                }
                if (S_ISDIR(st.st_mode))
                        walk_dir(c, &w, paths[i], &st);
                else
                        add_file(&w, paths[i]);
        }
        for (size_t i = 0; i < w.nfiles; i++) {
                if (rc == LC_OK) {
                        struct doc *d = NULL;
                        char *why = NULL;
                        int r = doc_load(w.files[i], force, &d, &why);
                        if (r == LC_OK) {
                                corpus_add(c, d);
                        } else if (r == LC_ENCODING) {
                                /* A forced encoding that does not exist fails the run. */
                                rc = lc_fail(cause, r, "%s", why ? why : lc_strerror(r));
                        } else {
                                add_skip(c, w.files[i], why ? why : lc_strerror(r));
                        }
                        free(why);
                        if (progress && (i % 64 == 0 || i + 1 == w.nfiles))
                                progress(ud, "loading", (double)(i + 1) / (double)w.nfiles);
                }
                free(w.files[i]);
        }
        free(w.files);
        free(w.seen);
        return rc;
}
