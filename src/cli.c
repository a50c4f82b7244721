/*
 * cli — the headless face of lectern. Every mode loads the corpus, builds
 * what it needs (the index only when a query needs it) and prints plain,
 * tab-separated or grep-like lines that scripts can take apart. Text from the
 * corpus is already sanitised; paths are sanitised before they reach a
 * terminal. Application layer: it prints, the engine does not.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unistr.h>

#include "anchor.h"
#include "corpus.h"
#include "export.h"
#include "index.h"
#include "kwic.h"
#include "msg.h"
#include "phrase.h"
#include "phrases_view.h"
#include "plot.h"
#include "sanitize.h"
#include "search.h"
#include "store.h"
#include "store_file.h"
#include "util.h"
#include "width.h"
#include "words.h"

#define CONTEXT_CHARS 30
#define SGR_HIT "\033[1;31m"
#define SGR_OFF "\033[0m"

struct timings {
        double start, loaded, folded, sorted, phrased;
};

static void note_phase(void *ud, const char *phase, double f)
{
        struct timings *t = ud;
        double now = lc_now();
        if (strcmp(phase, "loading") == 0 && f >= 1.0)
                t->loaded = now;
        else if (strcmp(phase, "sorting") == 0 && f <= 0.0)
                t->folded = now;
        else if (strcmp(phase, "sorting") == 0 && f >= 1.0)
                t->sorted = now;
        else if (strcmp(phase, "phrases") == 0 && f >= 1.0)
                t->phrased = now;
}

/*
 * Paths and queries are printed through sanitize_line(), piped or not:
 * output ends up on a terminal often enough, and a tab or newline in a
 * file name or a query would break the columns anyway.
 */
static void report_load(const struct corpus *c)
{
        for (size_t i = 0; i < corpus_count(c); i++) {
                const struct doc *d = corpus_doc(c, i);
                if (!d->invalid)
                        continue;
                msg_error("%s: %zu invalid byte sequence%s shown as U+FFFD (read as %s)",
                          d->path, d->invalid, d->invalid == 1 ? "" : "s", d->encoding);
        }
        for (size_t i = 0; i < corpus_nskipped(c); i++) {
                const struct corpus_skip *s = corpus_skipped(c, i);
                msg_error("skipped %s: %s", s->path, s->reason);
        }
}

static bool unreadable(const struct corpus *c)
{
        for (size_t i = 0; i < corpus_nskipped(c); i++)
                if (corpus_skipped(c, i)->failed)
                        return true;
        return false;
}

static struct corpus *load(const struct cli_opts *o, struct timings *t)
{
        struct corpus *c = corpus_new();
        char *cause = NULL;
        int rc = corpus_load(c, o->paths, o->npaths, o->encoding, note_phase, t, &cause);
        t->loaded = lc_now();
        if (rc != LC_OK) {
                msg_error("%s", cause ? cause : lc_strerror(rc));
                free(cause);
                corpus_free(c);
                return NULL;
        }
        report_load(c);
        return c;
}

/*
 * The index. As the reader builds it (as_reader), in two stages with the
 * occurrence lists the reader searches while the sort runs: --stats
 * measures that.
 */
static struct index *build(const struct corpus *c, bool as_reader, struct timings *t)
{
        char *cause = NULL;
        struct index *ix = NULL;
        if (!as_reader) {
                ix = index_build(c, note_phase, t, &cause);
        } else if ((ix = index_build_keys(c, NULL, note_phase, t, &cause)) &&
                   index_sort(ix, note_phase, t, &cause) != LC_OK) {
                index_free(ix);
                ix = NULL;
        }
        if (!ix) {
                msg_error("cannot build the index: %s", cause ? cause : "unknown error");
                free(cause);
        }
        return ix;
}

static int do_list(const struct corpus *c)
{
        for (size_t i = 0; i < corpus_count(c); i++) {
                const struct doc *d = corpus_doc(c, i);
                char *p = sanitize_line(d->path);
                printf("%zu\t%s\t%zu\t%s\t%s\n", i + 1, d->encoding, d->nchars, d->title, p);
                free(p);
        }
        return corpus_count(c) ? 0 : 1;
}

/* Start of the context: up to n characters back, not past the line start. */
static size_t back_chars(const char *s, size_t line_start, size_t off, size_t n)
{
        while (off > line_start && n > 0) {
                off--;
                while (off > line_start && ((unsigned char)s[off] & 0xC0) == 0x80)
                        off--;
                n--;
        }
        return off;
}

static size_t fwd_chars(const char *s, size_t line_end, size_t off, size_t n)
{
        while (off < line_end && n > 0) {
                off++;
                while (off < line_end && ((unsigned char)s[off] & 0xC0) == 0x80)
                        off++;
                n--;
        }
        return off;
}

/*
 * Where the previous hit was, so that columns of hits on one long line are
 * counted on from there: counting from the line start each time would make
 * a 2 MB line with a hundred thousand hits quadratic.
 */
struct column_cursor {
        const struct doc *doc;
        size_t line, off, col;
};

static size_t column_of(struct column_cursor *cc, const struct doc *d, size_t line, size_t off)
{
        if (cc->doc != d || cc->line != line || cc->off > off) {
                cc->doc = d;
                cc->line = line;
                cc->off = d->lines[line];
                cc->col = 0;
        }
        cc->col += u8_mbsnlen((const uint8_t *)d->text + cc->off, off - cc->off);
        cc->off = off;
        return cc->col;
}

static void print_hit(const struct doc *d, const struct hit *h, const char *prefix, bool color,
                      struct column_cursor *cc)
{
        size_t line = doc_line_of(d, h->start);
        size_t ls = d->lines[line];
        size_t le = line + 1 < d->nlines ? d->lines[line + 1] - 1 : d->len;
        size_t a = back_chars(d->text, ls, h->start, CONTEXT_CHARS);
        size_t b = fwd_chars(d->text, le, h->end, CONTEXT_CHARS);
        char *p = sanitize_line(d->path);
        long dline, dcol;
        doc_file_shift(d, h->start, &dline, &dcol);
        printf("%s%s:%ld:%ld:%s%.*s%s", prefix, p, (long)line + dline + 1,
               (long)column_of(cc, d, line, h->start) + dcol + 1, a > ls ? "…" : "",
               (int)(h->start - a), d->text + a, color ? SGR_HIT : "");
        /* A query with a line break matches across lines: one line of output still. */
        for (const char *s = d->text + h->start, *e = d->text + h->end; s < e; s++) {
                if (*s == '\n')
                        fputs("^J", stdout);
                else
                        putchar(*s);
        }
        printf("%s%.*s%s\n", color ? SGR_OFF : "", (int)(b - h->end), d->text + h->end,
               b < le ? "…" : "");
        free(p);
}

static int do_search(const struct cli_opts *o, const struct index *ix, bool count_only)
{
        const struct corpus *c = index_corpus(ix);
        struct hits h = { 0 };
        size_t found = 0;
        for (size_t q = 0; q < o->nqueries; q++) {
                const char *query = o->queries[q];
                search_run(ix, query, strlen(query), &h);
                found += h.n;
                char *shown = o->nqueries > 1 ? sanitize_line(query) : NULL;
                char *prefix = shown ? xasprintf("%s\t", shown) : xstrdup("");
                free(shown);
                if (count_only) {
                        for (size_t d = 0; d < corpus_count(c); d++) {
                                if (!h.per_doc[d])
                                        continue;
                                char *p = sanitize_line(corpus_doc(c, d)->path);
                                printf("%s%u\t%s\n", prefix, h.per_doc[d], p);
                                free(p);
                        }
                        printf("%s%zu\ttotal\n", prefix, h.n);
                } else {
                        struct column_cursor cc = { 0 };
                        for (size_t i = 0; i < h.n; i++)
                                print_hit(corpus_doc(c, h.v[i].doc), &h.v[i], prefix, o->color,
                                          &cc);
                }
                free(prefix);
        }
        hits_free(&h);
        return found ? 0 : 1;
}

/* The word starts begun with the index (words_start), or NULL with a message. */
static uint8_t *finish_words(struct words *ws, const struct index *ix)
{
        char *cause = NULL;
        uint8_t *bits = words_finish(ws, ix, NULL, NULL, &cause);
        if (!bits) {
                msg_error("%s", cause ? cause : "cannot find word boundaries");
                free(cause);
        }
        return bits;
}

static int do_phrases(const struct cli_opts *o, const struct index *ix, struct words *ws,
                      struct timings *t)
{
        uint8_t *bits = finish_words(ws, ix);
        if (!bits)
                return 2;
        struct phrase_opts po = {
                .min_len = o->min_len ? o->min_len : PHRASE_DEFAULT_MIN_LEN,
                .min_docs = o->min_docs ? o->min_docs : PHRASE_DEFAULT_MIN_DOCS,
                .words = bits,
        };
        struct phrases ps;
        char *cause = NULL;
        int rc = phrase_extract(ix, &po, note_phase, t, &ps, &cause);
        free(bits);
        if (rc != LC_OK) {
                msg_error("%s", cause ? cause : lc_strerror(rc));
                free(cause);
                return 2;
        }
        size_t n = o->limit < ps.n ? o->limit : ps.n;
        for (size_t i = 0; i < n; i++)
                printf("%u\t%u\t%u\t%.*s\n", ps.v[i].ndocs, ps.v[i].nocc, (unsigned)ps.v[i].len,
                       (int)ps.v[i].nbytes, ps.v[i].text);
        size_t total = ps.n;
        phrases_free(&ps);
        return total ? 0 : 1;
}

static int do_stats(const struct corpus *c, const struct index *ix, struct words *ws,
                    struct timings *t)
{
        uint8_t *bits = finish_words(ws, ix);
        struct phrase_opts po = { .min_len = PHRASE_DEFAULT_MIN_LEN,
                                  .min_docs = PHRASE_DEFAULT_MIN_DOCS,
                                  .words = bits };
        struct phrases ps;
        struct phrases_view *view = NULL;
        /* As far as the reader goes: the phrase list, then the first document's marks. */
        if (bits && phrase_extract(ix, &po, note_phase, t, &ps, NULL) == LC_OK)
                view = phrases_view_new(ix, &ps, NULL, NULL);
        free(bits);
        t->phrased = lc_now();
        size_t nmarks = 0;
        if (view && corpus_count(c) > 0)
                phrases_view_doc(view, 0, &nmarks);
        phrases_view_free(view);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        printf("documents\t%zu\n", corpus_count(c));
        printf("skipped\t%zu\n", corpus_nskipped(c));
        printf("bytes\t%zu\n", corpus_bytes(c));
        printf("key_chars\t%zu\n", index_len(ix));
        printf("load_s\t%.3f\n", t->loaded - t->start);
        printf("fold_s\t%.3f\n", t->folded - t->loaded);
        printf("sort_s\t%.3f\n", t->sorted - t->folded);
        printf("phrases_s\t%.3f\n", t->phrased - t->sorted);
        printf("total_s\t%.3f\n", t->phrased - t->start);
        printf("index_bytes\t%zu\n", index_memory(ix));
        printf("peak_rss_bytes\t%ld\n", ru.ru_maxrss * 1024L);
        return 0;
}

static int do_kwic(const struct cli_opts *o, const struct index *ix)
{
        const struct corpus *c = index_corpus(ix);
        struct hits h = { 0 };
        search_run(ix, o->queries[0], strlen(o->queries[0]), &h);
        struct kwic *k = kwic_build(c, h.v, h.n);
        int width = o->width > 0 ? o->width : 100;
        int title_cols = width >= 60 ? width / 5 : 0;
        for (size_t i = 0; i < kwic_count(k); i++) {
                struct kwic_mark m;
                char *line = kwic_render_line(k, i, width, title_cols, &m, NULL);
                if (o->color && m.end > m.start)
                        printf("%.*s" SGR_HIT "%.*s" SGR_OFF "%s\n", (int)m.start, line,
                               (int)(m.end - m.start), line + m.start, line + m.end);
                else
                        printf("%s\n", line);
                free(line);
        }
        size_t n = h.n;
        kwic_free(k);
        hits_free(&h);
        return n ? 0 : 1;
}

static int do_plot(const struct cli_opts *o, const struct index *ix)
{
        const struct corpus *c = index_corpus(ix);
        struct hits h = { 0 };
        search_run(ix, o->queries[0], strlen(o->queries[0]), &h);
        int width = o->width > 0 ? o->width : 100;
        /* main() takes no --width narrower than PLOT_MIN_WIDTH, so this fits. */
        struct plot_cols cols;
        plot_fit(width, width >= 60 ? width / 4 : width / 6, &cols);
        struct plot *p = plot_build(c, h.v, h.n, cols.cells);
        char *line = plot_render_header(p, cols.title, cols.rate);
        printf("%s\n", line);
        free(line);
        /*
         * Nothing here can ask the terminal how wide it draws Ambiguous
         * characters, and the output often ends up in a file or a pipe:
         * the reader's marks, one column wide on every terminal, keep the
         * rows in line wherever they are shown.
         */
        for (size_t i = 0; i < plot_nrows(p); i++) {
                line = plot_render_row(p, i, cols.title, cols.rate, PLOT_GLYPHS_NARROW);
                printf("%s\n", line);
                free(line);
        }
        plot_free(p);
        size_t n = h.n;
        hits_free(&h);
        return n ? 0 : 1;
}

/*
 * Every bookmark in the database into *v and *n, or false after a message.
 * An export writes nothing: a missing default database holds no bookmarks
 * yet, a missing --db is a mistake to report, and an existing file is
 * opened only for reading, so even an empty one stays as it is. ":memory:"
 * and "" are no files to look for; store_open answers them as before.
 */
static bool read_bookmarks(const struct cli_opts *o, struct bookmark **v, size_t *n)
{
        *v = NULL;
        *n = 0;
        char *cause = NULL;
        char *path = NULL;
        int rc = LC_OK;
        if (!o->db_path)
                rc = store_file_default_path(&path, &cause);
        else if (o->db_path[0] && strcmp(o->db_path, ":memory:") != 0)
                path = xstrdup(o->db_path);
        struct stat sb;
        /* Any other failure is store_open's to report, as it always was. */
        bool missing = path && stat(path, &sb) != 0 && errno == ENOENT;
        if (missing && o->db_path)
                msg_error("no bookmark database at %s", o->db_path);
        if (missing) {
                free(path);
                return !o->db_path;
        }
        struct store *st = NULL;
        if (rc == LC_OK && path)
                rc = store_open_for_reading(path, &st, &cause);
        else if (rc == LC_OK)
                rc = store_open(o->db_path, &st, &cause);
        free(path);
        if (rc != LC_OK) {
                msg_error("bookmarks unavailable: %s", cause ? cause : lc_strerror(rc));
                free(cause);
                return false;
        }
        /* An export that misses bookmarks must say so, not look complete. */
        if (store_reason(st))
                msg_error("warning: not every bookmark is exported: %s", store_reason(st));
        rc = store_bookmark_list(st, NULL, v, n, &cause);
        store_free(st);
        if (rc != LC_OK) {
                msg_error("cannot read bookmarks: %s", cause ? cause : lc_strerror(rc));
                free(cause);
                return false;
        }
        return true;
}

/*
 * With paths, only the bookmarks of those documents, found again in them.
 * Without, every bookmark, each found again in its file when it can be read;
 * an unreadable or vanished file leaves its bookmarks orphaned. Nothing is
 * written back: exporting never changes the database.
 */
static int do_bookmarks(const struct cli_opts *o)
{
        struct bookmark *v = NULL;
        size_t n = 0;
        if (!read_bookmarks(o, &v, &n))
                return 2;
        struct corpus *c = NULL;
        char **canon = NULL;
        if (o->npaths) {
                struct timings t = { .start = lc_now() };
                c = load(o, &t);
                if (!c) {
                        store_bookmarks_free(v, n);
                        return 2;
                }
                canon = xcalloc(corpus_count(c) + 1, sizeof *canon);
                for (size_t d = 0; d < corpus_count(c); d++)
                        canon[d] = lc_canonical_path(corpus_doc(c, d)->path);
        }
        /*
         * Without paths, the file last read (NULL when it could not be) and
         * its canonical path. The list keeps each file's bookmarks together,
         * so each file is read once, not once per bookmark.
         */
        struct doc *own = NULL;
        char *own_path = NULL;
        size_t kept = 0;
        for (size_t i = 0; i < n; i++) {
                struct bookmark *b = &v[i];
                char *bp = lc_canonical_path(b->path ? b->path : "");
                const struct doc *d = NULL;
                if (c) {
                        for (size_t k = 0; k < corpus_count(c) && !d; k++)
                                if (strcmp(canon[k], bp) == 0)
                                        d = corpus_doc(c, k);
                } else {
                        if (!own_path || strcmp(own_path, bp) != 0) {
                                doc_free(own);
                                own = NULL;
                                if (doc_load(bp, o->encoding, &own, NULL) != LC_OK)
                                        own = NULL;
                                free(own_path);
                                own_path = bp;
                                bp = NULL;
                        }
                        d = own;
                }
                free(bp);
                if (!d && c) {
                        store_bookmark_clear(b);
                        continue;
                }
                if (d)
                        anchor_bookmark(d, b);
                else {
                        b->orphaned = true;
                        b->line = 0;
                }
                if (kept != i)
                        v[kept] = *b;
                kept++;
        }
        doc_free(own);
        free(own_path);
        enum export_format f = EXPORT_MARKDOWN;
        export_format_parse(o->format ? o->format : "md", &f);
        struct sbuf out = { 0 };
        export_bookmarks(&out, v, kept, f);
        fputs(out.s ? out.s : "", stdout);
        sbuf_free(&out);
        store_bookmarks_free(v, kept);
        int rc = kept ? 0 : 1;
        /* A path that could not be read is an error here as in every mode. */
        if (c && unreadable(c))
                rc = 2;
        if (canon)
                for (size_t d = 0; d < corpus_count(c); d++)
                        free(canon[d]);
        free(canon);
        corpus_free(c);
        if (fflush(stdout) != 0 || ferror(stdout)) {
                msg_error("write error on standard output");
                rc = 2;
        }
        return rc;
}

int cli_run(const struct cli_opts *o)
{
        if (o->mode == CLI_BOOKMARKS)
                return do_bookmarks(o);

        /*
         * A query of nothing but what search leaves out would find nothing
         * in any corpus: "0 total" would read as "not in these files".
         */
        for (size_t q = 0; q < o->nqueries; q++) {
                if (search_query_chars(o->queries[q], strlen(o->queries[q])) != 0)
                        continue;
                /* Its characters are invisible: name them. */
                struct sbuf cps = { 0 };
                ucs4_t uc;
                for (const uint8_t *p = (const uint8_t *)o->queries[q]; (p = u8_next(&uc, p));)
                        sbuf_printf(&cps, "%sU+%04X", cps.len ? " " : "", (unsigned)uc);
                msg_error("a query of only %s finds nothing: search leaves such invisible "
                          "characters out", cps.s ? cps.s : "");
                sbuf_free(&cps);
                return 2;
        }
        struct timings t = { .start = lc_now() };
        struct corpus *c = load(o, &t);
        if (!c)
                return 2;
        int rc = 2;
        if (o->mode == CLI_LIST) {
                rc = do_list(c);
        } else {
                /* Word breaking needs no index: it starts on the core the sort leaves idle. */
                struct words *ws = o->mode == CLI_PHRASES || o->mode == CLI_STATS
                                           ? words_start(c) : NULL;
                struct index *ix = build(c, o->mode == CLI_STATS, &t);
                if (ix) {
                        switch (o->mode) {
                        case CLI_SEARCH: rc = do_search(o, ix, false); break;
                        case CLI_COUNT: rc = do_search(o, ix, true); break;
                        case CLI_PHRASES: rc = do_phrases(o, ix, ws, &t); ws = NULL; break;
                        case CLI_STATS: rc = do_stats(c, ix, ws, &t); ws = NULL; break;
                        case CLI_KWIC: rc = do_kwic(o, ix); break;
                        case CLI_PLOT: rc = do_plot(o, ix); break;
                        default: break;
                        }
                        index_free(ix);
                }
                words_free(ws);
        }
        /* As grep does: what could be read is answered, and a path that could not is an error. */
        if (rc != 2 && unreadable(c))
                rc = 2;
        corpus_free(c);
        if (fflush(stdout) != 0 || ferror(stdout)) {
                msg_error("write error on standard output");
                rc = 2;
        }
        return rc;
}
