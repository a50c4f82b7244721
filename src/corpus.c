/*
 * corpus — walk the paths the user gave and load every document, in a
 * stable order (the order given; inside a directory, by name). Directories
 * are walked recursively; hidden entries are left out of walks; a directory
 * or file reached twice (given twice, by another path, a symlink loop) is
 * skipped with a reason. Files that cannot be loaded are recorded with why.
 *
 * Loading is a plan (the walk, which reads no file) and a read. The read
 * hands files to two threads, which decode them in parallel, and publishes
 * each outcome in plan order under a lock: the document array has room for
 * every planned file from the start, so a reader on another thread sees a
 * growing prefix of final documents through one atomic count, and the
 * order never depends on which thread was faster. Engine layer.
 */
#include "corpus.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

#define READ_THREADS_MAX 2

struct planned {
        char *path;
        size_t size;            /* bytes on disk when planned: progress only */
};

struct corpus {
        struct doc **docs;
        size_t cap;
        atomic_size_t n;        /* published documents */
        atomic_size_t bytes;
        atomic_bool complete, cancel;
        struct corpus_skip *skips;
        size_t nskips, capskips;
        struct planned *plan;
        size_t nplan, capplan;
};

struct file_id {
        dev_t dev;
        ino_t ino;
        uint64_t name;          /* a file's base name, hashed; 0 for a directory */
        bool used;
};

/*
 * The walk's state: the directories and files seen, by device and inode, in
 * a hash set (open addressing, at most half full), so that a corpus of a
 * hundred thousand files takes no quadratic time to check.
 */
struct walk {
        struct file_id *seen;
        size_t nseen, capseen;
};

/* One file's outcome, kept until its turn to be published comes. */
struct slot {
        struct doc *d;
        char *why;
        int rc;
        bool done;
};

/* What the reading threads share; everything below `lock` is guarded by it. */
struct reading {
        struct corpus *c;
        const char *force;
        lc_progress_fn progress;
        void *ud;
        atomic_size_t next;     /* the next file to take */
        pthread_mutex_t lock;
        struct slot *slots;
        size_t published;
        size_t done_bytes, total_bytes;
        unsigned reported;      /* progress reported, in 1/256ths */
        int rc;
        char *cause;
};

struct corpus *corpus_new(void)
{
        struct corpus *c = xcalloc(1, sizeof(struct corpus));
        atomic_init(&c->n, 0);
        atomic_init(&c->bytes, 0);
        atomic_init(&c->complete, false);
        atomic_init(&c->cancel, false);
        return c;
}

void corpus_free(struct corpus *c)
{
        if (!c)
                return;
        size_t n = atomic_load(&c->n);
        for (size_t i = 0; i < n; i++)
                doc_free(c->docs[i]);
        for (size_t i = 0; i < c->nskips; i++) {
                free(c->skips[i].path);
                free(c->skips[i].reason);
        }
        for (size_t i = 0; i < c->nplan; i++)
                free(c->plan[i].path);
        free(c->plan);
        free(c->docs);
        free(c->skips);
        free(c);
}

/* Make d document number n visible to every thread. */
static void publish_doc(struct corpus *c, size_t n, struct doc *d)
{
        c->docs[n] = d;
        atomic_fetch_add_explicit(&c->bytes, d->len, memory_order_relaxed);
        atomic_store_explicit(&c->n, n + 1, memory_order_release);
}

void corpus_add(struct corpus *c, struct doc *d)
{
        size_t n = atomic_load(&c->n);
        c->docs = xgrow(c->docs, &c->cap, n + 1, sizeof *c->docs);
        publish_doc(c, n, d);
        atomic_store(&c->complete, true);
}

static void add_skip(struct corpus *c, const char *path, const char *reason, bool failed)
{
        c->skips = xgrow(c->skips, &c->capskips, c->nskips + 1, sizeof *c->skips);
        c->skips[c->nskips].path = xstrdup(path);
        c->skips[c->nskips].reason = xstrdup(reason);
        c->skips[c->nskips].failed = failed;
        c->nskips++;
}

size_t corpus_count(const struct corpus *c)
{
        return atomic_load_explicit(&c->n, memory_order_acquire);
}

const struct doc *corpus_doc(const struct corpus *c, size_t i) { return c->docs[i]; }
size_t corpus_nskipped(const struct corpus *c) { return c->nskips; }
const struct corpus_skip *corpus_skipped(const struct corpus *c, size_t i) { return &c->skips[i]; }
size_t corpus_planned(const struct corpus *c) { return c->nplan; }

size_t corpus_bytes(const struct corpus *c)
{
        return atomic_load_explicit(&c->bytes, memory_order_relaxed);
}

bool corpus_complete(const struct corpus *c)
{
        return atomic_load_explicit(&c->complete, memory_order_acquire);
}

void corpus_cancel(struct corpus *c)
{
        atomic_store(&c->cancel, true);
}

static void add_file(struct corpus *c, const char *path, const struct stat *st)
{
        c->plan = xgrow(c->plan, &c->capplan, c->nplan + 1, sizeof *c->plan);
        c->plan[c->nplan].path = xstrdup(path);
        c->plan[c->nplan].size = S_ISREG(st->st_mode) ? (size_t)st->st_size : 0;
        c->nplan++;
}

static int cmp_names(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t id_slot(const struct file_id *v, size_t cap, struct file_id id)
{
        uint64_t h = ((uint64_t)id.dev * 0x9E3779B97F4A7C15ull) ^ (uint64_t)id.ino ^ id.name;
        h *= 0xBF58476D1CE4E5B9ull;
        size_t i = (size_t)(h ^ (h >> 31)) & (cap - 1);
        while (v[i].used && (v[i].dev != id.dev || v[i].ino != id.ino || v[i].name != id.name))
                i = (i + 1) & (cap - 1);
        return i;
}

/* Whether id was seen before in this walk; remembers it if not. */
static bool seen_before(struct walk *w, struct file_id id)
{
        if (2 * (w->nseen + 1) > w->capseen) {
                size_t cap = w->capseen ? 2 * w->capseen : 64;
                struct file_id *v = xcalloc(cap, sizeof *v);
                for (size_t i = 0; i < w->capseen; i++)
                        if (w->seen[i].used)
                                v[id_slot(v, cap, w->seen[i])] = w->seen[i];
                free(w->seen);
                w->seen = v;
                w->capseen = cap;
        }
        size_t i = id_slot(w->seen, w->capseen, id);
        if (w->seen[i].used)
                return true;
        id.used = true;
        w->seen[i] = id;
        w->nseen++;
        return false;
}

static bool dir_seen_before(struct walk *w, const struct stat *st)
{
        return seen_before(w, (struct file_id){ st->st_dev, st->st_ino, 0, false });
}

/*
 * Plan a file unless the walk met it by the same name already: given twice,
 * spelled another way, or inside a directory also given. A hard link under
 * another name is read like a copy would be.
 */
static void add_new_file(struct corpus *c, struct walk *w, const char *path, const struct stat *st)
{
        const char *slash = strrchr(path, '/');
        uint64_t name = 1469598103934665603ull;
        for (const char *p = slash ? slash + 1 : path; *p; p++)
                name = (name ^ (unsigned char)*p) * 1099511628211ull;
        if (seen_before(w, (struct file_id){ st->st_dev, st->st_ino, name | 1, false }))
                add_skip(c, path, "file already read (given twice, or by another path)", false);
        else
                add_file(c, path, st);
}

static void walk_dir(struct corpus *c, struct walk *w, const char *dir, const struct stat *dst)
{
        if (dir_seen_before(w, dst)) {
                add_skip(c, dir, "directory already read (given twice, or a symbolic link loop)", false);
                return;
        }
        DIR *d = opendir(dir);
        if (!d) {
                add_skip(c, dir, strerror(errno), true);
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
        if (n > 1)
                qsort(names, n, sizeof *names, cmp_names);
        size_t dl = strlen(dir);
        bool slash = dl > 0 && dir[dl - 1] == '/';
        for (size_t i = 0; i < n; i++) {
                char *p = xasprintf("%s%s%s", dir, slash ? "" : "/", names[i]);
                struct stat st;
                if (stat(p, &st) != 0) {
                        /* A link that leads nowhere is the tree's business, not a failure. */
                        if (lstat(p, &st) == 0)
                                add_skip(c, p, "dangling or looping symbolic link", false);
                        else
                                add_skip(c, p, strerror(errno), true);
                } else if (S_ISDIR(st.st_mode)) {
                        walk_dir(c, w, p, &st);
                } else {
                        add_new_file(c, w, p, &st);
                }
                free(p);
                free(names[i]);
        }
        free(names);
}

void corpus_plan(struct corpus *c, char *const *paths, size_t npaths)
{
        struct walk w = { 0 };
        for (size_t i = 0; i < npaths; i++) {
                struct stat st;
                /* "" names nothing: say so, where strerror would say it is missing. */
                if (!paths[i][0]) {
                        add_skip(c, "\"\"", "an empty path names no file", true);
                        continue;
                }
                if (stat(paths[i], &st) != 0) {
                        add_skip(c, paths[i], strerror(errno), true);
                        continue;
                }
                if (S_ISDIR(st.st_mode))
                        walk_dir(c, &w, paths[i], &st);
                else
                        add_new_file(c, &w, paths[i], &st);
        }
        free(w.seen);
        /* Room for every document at once: published ones never move. */
        size_t n = atomic_load(&c->n);
        c->docs = xgrow(c->docs, &c->cap, n + c->nplan + 1, sizeof *c->docs);
}

static void report(struct reading *r)
{
        if (!r->progress)
                return;
        size_t all = r->total_bytes ? r->total_bytes : 1;
        unsigned now = (unsigned)((double)r->done_bytes / (double)all * 256.0);
        if (now > 256)
                now = 256;
        if (now == r->reported && r->published < r->c->nplan)
                return;
        r->reported = now;
        r->progress(r->ud, "loading", (double)now / 256.0);
}

/* Publish every outcome whose turn has come. Called with r->lock held. */
static void publish_ready(struct reading *r)
{
        struct corpus *c = r->c;
        while (r->published < c->nplan && r->slots[r->published].done) {
                size_t i = r->published++;
                struct slot *s = &r->slots[i];
                if (r->rc != LC_OK) {
                        doc_free(s->d);
                } else if (s->rc == LC_OK) {
                        publish_doc(c, atomic_load_explicit(&c->n, memory_order_relaxed), s->d);
                } else if (s->rc == LC_ENCODING) {
                        /* A forced encoding that does not exist fails the read. */
                        r->rc = lc_fail(&r->cause, s->rc, "%s", s->why ? s->why : lc_strerror(s->rc));
                        atomic_store(&c->cancel, true);
                } else {
                        add_skip(c, c->plan[i].path, s->why ? s->why : lc_strerror(s->rc),
                                 s->rc == LC_EIO);
                }
                free(s->why);
                s->d = NULL;
                s->why = NULL;
                r->done_bytes += c->plan[i].size;
                report(r);
        }
}

static void *read_files(void *arg)
{
        struct reading *r = arg;
        struct corpus *c = r->c;
        while (!atomic_load_explicit(&c->cancel, memory_order_relaxed)) {
                size_t i = atomic_fetch_add(&r->next, 1);
                if (i >= c->nplan)
                        break;
                struct doc *d = NULL;
                char *why = NULL;
                int rc = doc_load(c->plan[i].path, r->force, &d, &why);
                pthread_mutex_lock(&r->lock);
                r->slots[i] = (struct slot){ d, why, rc, true };
                publish_ready(r);
                pthread_mutex_unlock(&r->lock);
        }
        return NULL;
}

int corpus_read(struct corpus *c, const char *force, unsigned threads,
                lc_progress_fn progress, void *ud, char **cause)
{
        struct reading r = { .c = c, .force = force, .progress = progress, .ud = ud };
        atomic_init(&r.next, 0);
        pthread_mutex_init(&r.lock, NULL);
        r.slots = xcalloc(c->nplan + 1, sizeof *r.slots);
        for (size_t i = 0; i < c->nplan; i++)
                r.total_bytes += c->plan[i].size;
        if (threads == 0 || threads > READ_THREADS_MAX)
                threads = READ_THREADS_MAX;
        /* No point in a second thread for one file. */
        if (c->nplan < 2)
                threads = 1;
        pthread_t helper[READ_THREADS_MAX];
        unsigned started = 0;
        while (started + 1 < threads && pthread_create(&helper[started], NULL, read_files, &r) == 0)
                started++;
        read_files(&r);
        for (unsigned i = 0; i < started; i++)
                pthread_join(helper[i], NULL);
        /* Outcomes a cancelled read left behind an unfinished one. */
        for (size_t i = r.published; i < c->nplan; i++) {
                doc_free(r.slots[i].d);
                free(r.slots[i].why);
        }
        free(r.slots);
        pthread_mutex_destroy(&r.lock);
        int rc = r.rc;
        if (rc != LC_OK && cause)
                *cause = r.cause;
        else
                free(r.cause);
        atomic_store_explicit(&c->complete, true, memory_order_release);
        return rc;
}

int corpus_load(struct corpus *c, char *const *paths, size_t npaths, const char *force,
                lc_progress_fn progress, void *ud, char **cause)
{
        corpus_plan(c, paths, npaths);
        return corpus_read(c, force, 0, progress, ud, cause);
}
