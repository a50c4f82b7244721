/*
 * Tests of documents and corpus loading on a real file system: titles, line
 * tables, walking order, and every shape that must be skipped with a reason
 * rather than block or crash (FIFOs, devices, symlink loops, unreadable and
 * binary files), next to files that must load (empty, BOM-only, CRLF).
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus.h"
#include "testlib.h"
#include "util.h"
#include "width.h"

static char dir[64];

static void setup(void)
{
        utf8_locale();
        strcpy(dir, "/tmp/lectern-corpus-XXXXXX");
        cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
        char *cmd = xasprintf("rm -rf '%s'", dir);
        cr_assert_eq(system(cmd), 0);
        free(cmd);
}

TestSuite(corpus, .init = setup, .fini = teardown);

static char *put(const char *name, const char *bytes, size_t n)
{
        char *p = xasprintf("%s/%s", dir, name);
        FILE *f = fopen(p, "wb");
        cr_assert_not_null(f);
        cr_assert_eq(fwrite(bytes, 1, n, f), n);
        fclose(f);
        return p;
}

static const struct corpus_skip *find_skip(const struct corpus *c, const char *suffix)
{
        for (size_t i = 0; i < corpus_nskipped(c); i++) {
                const char *p = corpus_skipped(c, i)->path;
                size_t a = strlen(p), b = strlen(suffix);
                if (a >= b && strcmp(p + a - b, suffix) == 0)
                        return corpus_skipped(c, i);
        }
        return NULL;
}

Test(corpus, titles_are_the_first_meaningful_line)
{
        struct doc *d = NULL;
        const char *t = "\n\u3000\u3000 \n\u3000\u3000學習貫徹講話精神  \n正文";
        cr_assert_eq(doc_from_bytes("x/speech.txt", t, strlen(t), NULL, &d, NULL), 0);
        cr_assert_str_eq(d->title, "學習貫徹講話精神");
        cr_assert_eq(d->nlines, 4);
        cr_assert_eq(doc_line_of(d, d->len - 1), 3);
        doc_free(d);
        cr_assert_eq(doc_from_bytes("x/empty.txt", "", 0, NULL, &d, NULL), 0);
        cr_assert_str_eq(d->title, "empty.txt");
        cr_assert_eq(d->len, 0);
        cr_assert_eq(d->nlines, 1);
        doc_free(d);
        cr_assert_eq(doc_from_bytes("p/punct.txt", "，。\n---", 10, NULL, &d, NULL), 0);
        cr_assert_str_eq(d->title, "punct.txt");
        doc_free(d);
}

Test(corpus, line_endings_and_columns)
{
        struct doc *d = NULL;
        const char *t = "一\r\n二\r三\n四五六";
        cr_assert_eq(doc_from_bytes("le.txt", t, strlen(t), NULL, &d, NULL), 0);
        cr_assert_eq(d->nlines, 4);
        cr_assert_null(strchr(d->text, '\r'));
        size_t off = (size_t)(strstr(d->text, "六") - d->text);
        cr_assert_eq(doc_line_of(d, off), 3);
        cr_assert_eq(doc_column_of(d, off), 2);
        cr_assert_eq(d->nchars, 9);
        doc_free(d);
}

/*
 * A file line number, as --search prints it, leads back to where that line
 * starts in the text, also past a U+2028 the text breaks at but the file
 * does not; past the last line is the end.
 */
Test(corpus, a_file_line_leads_back_to_its_start)
{
        struct doc *d = NULL;
        const char *t = "一\r\n二\u2028貳\n三\n四五六";
        cr_assert_eq(doc_from_bytes("fl.txt", t, strlen(t), NULL, &d, NULL), 0);
        static const char *const starts[] = { "一", "二", "三", "四" };
        for (size_t line = 0; line < 4; line++) {
                size_t off = doc_offset_of_file_line(d, line);
                cr_assert_lt(off, d->len, "line %zu", line);
                cr_expect_eq(strncmp(d->text + off, starts[line], strlen(starts[line])), 0,
                             "file line %zu starts at “%.6s”", line + 1, d->text + off);
                cr_expect_eq(doc_file_line(d, off), line);
        }
        cr_expect_eq(doc_offset_of_file_line(d, 4), d->len);
        cr_expect_eq(doc_offset_of_file_line(d, 1000), d->len);
        doc_free(d);
}

Test(corpus, a_directory_walk_is_sorted_recursive_and_skips_with_reasons)
{
        free(put("b.txt", "乙", 3));
        free(put("a.txt", "甲", 3));
        char *sub = xasprintf("%s/sub", dir);
        cr_assert_eq(mkdir(sub, 0700), 0);
        free(put("sub/c.txt", "丙", 3));
        free(put(".hidden.txt", "隱", 3));
        free(put("empty.txt", "", 0));
        free(put("bom.txt", "\xef\xbb\xbf", 3));
        free(put("elf.bin", "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0", 24));
        char *fifo = xasprintf("%s/pipe", dir);
        cr_assert_eq(mkfifo(fifo, 0600), 0);
        char *loop = xasprintf("%s/sub/loop", dir);
        cr_assert_eq(symlink("..", loop), 0);
        char *dangling = xasprintf("%s/dangling.txt", dir);
        cr_assert_eq(symlink("nowhere.txt", dangling), 0);

        struct corpus *c = corpus_new();
        char *paths[] = { dir };
        cr_assert_eq(corpus_load(c, paths, 1, NULL, NULL, NULL, NULL), 0);
        /* a, b, bom, empty, sub/c -- by name; the hidden file left out. */
        cr_assert_eq(corpus_count(c), 5);
        cr_assert_str_eq(corpus_doc(c, 0)->text, "甲");
        cr_assert_str_eq(corpus_doc(c, 1)->text, "乙");
        cr_assert_str_eq(corpus_doc(c, 2)->text, "");
        cr_assert_str_eq(corpus_doc(c, 3)->text, "");
        cr_assert_str_eq(corpus_doc(c, 4)->text, "丙");
        const struct corpus_skip *s;
        cr_assert_not_null(s = find_skip(c, "/pipe"));
        cr_assert_not_null(strstr(s->reason, "FIFO"), "reason: %s", s->reason);
        cr_assert_not_null(s = find_skip(c, "/elf.bin"));
        cr_assert_not_null(strstr(s->reason, "binary"), "reason: %s", s->reason);
        cr_assert_not_null(find_skip(c, "/dangling.txt"));
        cr_assert_not_null(s = find_skip(c, "/sub/loop"));
        cr_assert_not_null(strstr(s->reason, "loop"), "reason: %s", s->reason);
        corpus_free(c);
        free(sub);
        free(fifo);
        free(loop);
        free(dangling);
}

/*
 * A file is one document however often it is reached by its name: given
 * twice, under two spellings, inside a directory also given. Otherwise its
 * phrases would recur "in two documents" and every count would double. The
 * first place it is met is the one kept. A hard link under another name is
 * a document of its own, as a copy would be.
 */
Test(corpus, a_file_reached_twice_is_one_document)
{
        char *a = put("a.txt", "劳动精神\n", 13);
        char *b = put("b.txt", "工匠精神\n", 13);
        char *hard = xasprintf("%s/hard.txt", dir);
        cr_assert_eq(link(b, hard), 0);
        char *other = xasprintf("%s//a.txt", dir);
        struct corpus *c = corpus_new();
        char *paths[] = { a, dir, other, b };
        cr_assert_eq(corpus_load(c, paths, 4, NULL, NULL, NULL, NULL), LC_OK);
        cr_assert_eq(corpus_count(c), 3, "%zu documents", corpus_count(c));
        cr_assert_str_eq(corpus_doc(c, 0)->path, a);
        cr_assert_str_eq(corpus_doc(c, 1)->path, b);
        cr_assert_str_eq(corpus_doc(c, 2)->path, hard);
        cr_assert_eq(corpus_nskipped(c), 3);
        const char *const twice[] = { "/a.txt", "/b.txt" };
        for (size_t i = 0; i < 2; i++) {
                const struct corpus_skip *s = find_skip(c, twice[i]);
                cr_assert_not_null(s, "%s not skipped", twice[i]);
                cr_assert_not(s->failed, "reading a file once is no failure");
                cr_assert_not_null(strstr(s->reason, "already read"), "%s", s->reason);
        }
        corpus_free(c);
        free(a);
        free(b);
        free(hard);
        free(other);
}

Test(corpus, devices_and_unreadable_files_are_skipped_not_read)
{
        struct doc *d = NULL;
        char *why = NULL;
        cr_assert_eq(doc_load("/dev/zero", NULL, &d, &why), LC_ESKIP);
        cr_assert_not_null(strstr(why, "device"));
        free(why);
        why = NULL;
        /* A regular file whose read fails: root can read a mode-0 file, not this. */
        cr_assert_eq(doc_load("/proc/self/mem", NULL, &d, &why), LC_EIO);
        cr_assert_not_null(why);
        free(why);
        why = NULL;
        cr_assert_eq(doc_load("/nonexistent/lectern", NULL, &d, &why), LC_EIO);
        free(why);
}

/* One bad path loses none of the others; it is skipped as a failure. */
Test(corpus, a_missing_path_is_skipped_and_the_rest_read)
{
        char *ok = put("ok.txt", "劳动\n", 7);
        struct corpus *c = corpus_new();
        char path0[] = "/nonexistent/lectern-corpus";
        char *paths[] = { path0, ok };
        cr_assert_eq(corpus_load(c, paths, 2, NULL, NULL, NULL, NULL), LC_OK);
        cr_assert_eq(corpus_count(c), 1);
        cr_assert_str_eq(corpus_doc(c, 0)->path, ok);
        const struct corpus_skip *s = find_skip(c, "lectern-corpus");
        cr_assert_not_null(s);
        cr_assert(s->failed, "a missing path is a failure, not a choice");
        cr_assert_not_null(strstr(s->reason, "No such file"), "%s", s->reason);
        corpus_free(c);
        free(ok);
}

/* Binary files are passed over by choice: no failure. Empty directories are walked. */
Test(corpus, chosen_skips_are_no_failures)
{
        free(put("zeros.bin", "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16));
        char *empty = xasprintf("%s/empty", dir);
        cr_assert_eq(mkdir(empty, 0700), 0);
        struct corpus *c = corpus_new();
        char *paths[] = { dir };
        cr_assert_eq(corpus_load(c, paths, 1, NULL, NULL, NULL, NULL), LC_OK);
        const struct corpus_skip *s = find_skip(c, "zeros.bin");
        cr_assert_not_null(s);
        cr_assert_not(s->failed);
        cr_assert_eq(corpus_nskipped(c), 1);
        corpus_free(c);
        free(empty);
}

Test(corpus, a_forced_unknown_encoding_fails_the_load)
{
        char *p = put("a.txt", "abc", 3);
        struct corpus *c = corpus_new();
        char *paths[] = { p };
        char *cause = NULL;
        cr_assert_eq(corpus_load(c, paths, 1, "no-such-encoding", NULL, NULL, &cause),
                     LC_ENCODING);
        cr_assert_not_null(cause);
        free(cause);
        corpus_free(c);
        free(p);
}

Test(corpus, bundled_corpus_loads_with_titles)
{
        struct corpus *c = bundled_corpus();
        cr_assert_eq(corpus_count(c), 5);
        cr_assert_eq(corpus_nskipped(c), 0);
        cr_assert_str_eq(corpus_doc(c, 2)->title, "臨汾市隆重舉行五一勞動(dòng)獎(jiǎng)表彰大會(huì)");
        cr_assert_str_eq(corpus_doc(c, 3)->title, "在全区庆祝“五一”国际劳动节暨");
        for (size_t i = 0; i < 5; i++)
                cr_assert_str_eq(corpus_doc(c, i)->encoding, "UTF-8");
        corpus_free(c);
}

/* ------------------------------------------------------------ reading in parallel */

/* A directory of n files: text of every size, some to skip, one empty. */
static void put_many(size_t n)
{
        for (size_t i = 0; i < n; i++) {
                char *name = xasprintf("f%04zu.txt", i);
                struct sbuf b = { 0 };
                if (i % 17 == 3) {
                        sbuf_add(&b, "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16);
                } else if (i % 23 != 5) {
                        sbuf_printf(&b, "第%zu篇\n", i);
                        for (size_t k = 0; k < (i * 7919) % 400; k++)
                                sbuf_adds(&b, k % 3 ? "勞動精神，" : "劳模精神。\n");
                }
                free(put(name, b.s ? b.s : "", b.len));
                free(b.s);
                free(name);
        }
}

static struct corpus *read_with(unsigned threads)
{
        struct corpus *c = corpus_new();
        char *paths[] = { dir };
        corpus_plan(c, paths, 1);
        cr_assert_eq(corpus_read(c, NULL, threads, NULL, NULL, NULL), 0);
        cr_assert(corpus_complete(c));
        return c;
}

Test(corpus, two_threads_read_exactly_what_one_reads)
{
        put_many(300);
        struct corpus *one = read_with(1), *two = read_with(2);
        cr_assert_eq(corpus_planned(one), 300);
        cr_assert_eq(corpus_count(two), corpus_count(one));
        cr_assert_eq(corpus_bytes(two), corpus_bytes(one));
        cr_assert_gt(corpus_count(one), 250);
        for (size_t i = 0; i < corpus_count(one); i++) {
                const struct doc *a = corpus_doc(one, i), *b = corpus_doc(two, i);
                cr_assert_str_eq(b->path, a->path);
                cr_assert_str_eq(b->title, a->title);
                cr_assert_eq(b->len, a->len);
                cr_assert_eq(memcmp(b->text, a->text, a->len), 0);
        }
        cr_assert_eq(corpus_nskipped(two), corpus_nskipped(one));
        cr_assert_gt(corpus_nskipped(one), 10);
        for (size_t i = 0; i < corpus_nskipped(one); i++) {
                cr_assert_str_eq(corpus_skipped(two, i)->path, corpus_skipped(one, i)->path);
                cr_assert_str_eq(corpus_skipped(two, i)->reason, corpus_skipped(one, i)->reason);
        }
        corpus_free(one);
        corpus_free(two);
}

struct watch {
        struct corpus *c;
        size_t seen[4096];      /* the counts observed, in order */
        size_t nseen;
        const void *first[4096];        /* each document as first seen */
};

/* What the reader's loop does: look at the count, then at the documents below it. */
static void *watch_reading(void *arg)
{
        struct watch *w = arg;
        size_t last = 0;
        for (;;) {
                bool done = corpus_complete(w->c);
                size_t n = corpus_count(w->c);
                cr_assert_geq(n, last, "the count went back from %zu to %zu", last, n);
                for (size_t i = last; i < n; i++) {
                        const struct doc *d = corpus_doc(w->c, i);
                        cr_assert_not_null(d);
                        cr_assert_not_null(d->text);
                        w->first[i] = d;
                }
                if (n != last && w->nseen < 4096)
                        w->seen[w->nseen++] = n;
                last = n;
                if (done)
                        return NULL;
        }
}

Test(corpus, a_reader_on_another_thread_sees_a_growing_prefix_of_final_documents)
{
        put_many(400);
        struct corpus *ref = read_with(1);
        struct watch w = { .c = corpus_new() };
        char *paths[] = { dir };
        corpus_plan(w.c, paths, 1);
        pthread_t t;
        cr_assert_eq(pthread_create(&t, NULL, watch_reading, &w), 0);
        cr_assert_eq(corpus_read(w.c, NULL, 2, NULL, NULL, NULL), 0);
        pthread_join(t, NULL);
        cr_assert_eq(corpus_count(w.c), corpus_count(ref));
        cr_assert_eq(w.seen[w.nseen - 1], corpus_count(ref));
        for (size_t i = 0; i < corpus_count(ref); i++) {
                /* What the watcher saw is what stayed, in the same order as a plain read. */
                cr_assert_eq(w.first[i], (const void *)corpus_doc(w.c, i));
                cr_assert_str_eq(corpus_doc(w.c, i)->path, corpus_doc(ref, i)->path);
        }
        corpus_free(w.c);
        corpus_free(ref);
}

static void count_calls(void *ud, const char *phase, double f)
{
        double *last = ud;
        cr_assert_str_eq(phase, "loading");
        cr_assert_geq(f, *last, "progress went back from %g to %g", *last, f);
        cr_assert_leq(f, 1.0);
        *last = f;
}

Test(corpus, progress_goes_by_bytes_forward_to_the_end)
{
        put_many(200);
        struct corpus *c = corpus_new();
        char *paths[] = { dir };
        corpus_plan(c, paths, 1);
        double last = 0.0;
        cr_assert_eq(corpus_read(c, NULL, 2, count_calls, &last, NULL), 0);
        cr_assert_float_eq(last, 1.0, 1e-9);
        corpus_free(c);
}

Test(corpus, a_cancelled_read_stops_and_keeps_a_consistent_prefix)
{
        put_many(200);
        struct corpus *c = corpus_new();
        char *paths[] = { dir };
        corpus_plan(c, paths, 1);
        corpus_cancel(c);
        cr_assert_eq(corpus_read(c, NULL, 2, NULL, NULL, NULL), 0);
        cr_assert(corpus_complete(c));
        /* Cancelled before it began: at most the files already in hand. */
        cr_assert_leq(corpus_count(c), 2);
        corpus_free(c);
}

Test(corpus, a_forced_unknown_encoding_fails_a_parallel_read_with_its_name)
{
        put_many(50);
        struct corpus *c = corpus_new();
        char *paths[] = { dir }, *cause = NULL;
        corpus_plan(c, paths, 1);
        cr_assert_lt(corpus_read(c, "no-such-encoding", 2, NULL, NULL, &cause), 0);
        cr_assert_not_null(cause);
        cr_assert_not_null(strstr(cause, "no-such-encoding"), "%s", cause);
        cr_assert(corpus_complete(c));
        free(cause);
        corpus_free(c);
}

/* A title cut for a narrow column ends before an annotation it would split. */
Test(corpus, a_cut_title_never_splits_an_annotation)
{
        static const struct {
                const char *title;
                int cols;
                const char *want;
        } cases[] = {
                { "臨汾市舉行五一勞動(dòng)獎(jiǎng)表彰大會", 22, "臨汾市舉行五一勞動…" },
                { "臨汾市舉行五一勞動（dòng）獎", 24, "臨汾市舉行五一勞動…" },
                { "勞動(dòng)獎", 6, "勞動…" },
                /* Cut after the annotation, or where there is none, as ever. */
                { "勞動(dòng)獎(jiǎng)表彰", 14, "勞動(dòng)獎…" },
                { "中國(China)大會", 9, "中國(Chi…" },
                { "勞動(dòng)", 20, "勞動(dòng)" },
        };
        for (size_t i = 0; i < LC_ARRAY_LEN(cases); i++) {
                int used = -1;
                char *got = doc_title_cut(cases[i].title, cases[i].cols, &used);
                cr_expect_str_eq(got, cases[i].want, "%s at %d", cases[i].title, cases[i].cols);
                cr_expect_eq(used, width_str(got, strlen(got)), "%s: width", cases[i].title);
                cr_expect_leq(used, cases[i].cols, "%s: too wide", cases[i].title);
                free(got);
        }
}
