/*
 * Helpers the unit tests share: the UTF-8 locale every suite runs under, a
 * small corpus built from strings, the bundled corpus and its phrases, and
 * reading a whole file. Each tests/unit/test_*.c is built into its own
 * binary from that one file, so the helpers live here as static inline
 * functions rather than in a library the tests would have to link.
 */
#ifndef LECTERN_TESTLIB_H
#define LECTERN_TESTLIB_H

#include <criterion/criterion.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "doc.h"
#include "index.h"
#include "phrase.h"
#include "util.h"

/* A suite .init for tests that only need wide characters to be UTF-8. */
static inline void utf8_locale(void)
{
        setlocale(LC_ALL, "C.UTF-8");
}

/* The same, for suites whose expectations are wrong in any other locale:
 * a missing C.UTF-8 fails the suite instead of letting it pass by luck. */
static inline void need_utf8_locale(void)
{
        cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"), "the tests need the C.UTF-8 locale");
}

/* A corpus of the given texts, named doc0.txt, doc1.txt, ... in order.
 * force is the encoding handed to doc_from_bytes: "UTF-8" to take the
 * bytes as they are, NULL to let detection run as it does on real files. */
static inline struct corpus *corpus_of(const char *const *texts, size_t n, const char *force)
{
        struct corpus *c = corpus_new();
        for (size_t i = 0; i < n; i++) {
                char path[32];
                snprintf(path, sizeof path, "doc%zu.txt", i);
                struct doc *d = NULL;
                int rc = doc_from_bytes(path, texts[i], strlen(texts[i]), force, &d, NULL);
                cr_assert_eq(rc, LC_OK, "doc %zu did not load", i);
                corpus_add(c, d);
        }
        return c;
}

/* nparts pieces drawn at random (rand()) from pieces[0, npieces), joined. */
static inline char *random_text_of(const char *const *pieces, size_t npieces, size_t nparts)
{
        struct sbuf b = { 0 };
        sbuf_add(&b, "", 0);
        for (size_t i = 0; i < nparts; i++) {
                const char *p = pieces[(size_t)rand() % npieces];
                sbuf_add(&b, p, strlen(p));
        }
        return sbuf_take(&b);
}

/* The five speeches in assets/corpus; the tests run from the repository root. */
static inline struct corpus *bundled_corpus(void)
{
        char path0[] = "assets/corpus";
        char *paths[] = { path0 };
        struct corpus *c = corpus_new();
        cr_assert_eq(corpus_load(c, paths, 1, NULL, NULL, NULL, NULL), LC_OK);
        return c;
}

/* The bundled corpus, its index and the phrases extracted with the default
 * options, as the program shows them. */
static inline struct phrases bundled_phrases(struct corpus **cp, struct index **ixp)
{
        struct corpus *c = bundled_corpus();
        struct index *ix = index_build(c, NULL, NULL, NULL);
        struct phrases ps;
        struct phrase_opts o = { .min_len = PHRASE_DEFAULT_MIN_LEN,
                                 .min_docs = PHRASE_DEFAULT_MIN_DOCS };
        cr_assert_eq(phrase_extract(ix, &o, NULL, NULL, &ps, NULL), LC_OK);
        *cp = c;
        *ixp = ix;
        return ps;
}

/* The whole of a file, NUL-terminated, its length in *len. */
static inline char *slurp(const char *path, size_t *len)
{
        FILE *f = fopen(path, "rb");
        cr_assert_not_null(f, "cannot open %s: %s (run the tests from the repository root)", path,
                           strerror(errno));
        struct sbuf b = { 0 };
        char buf[8192];
        size_t got;
        while ((got = fread(buf, 1, sizeof buf, f)) > 0)
                sbuf_add(&b, buf, got);
        fclose(f);
        *len = b.len;
        return sbuf_take(&b);
}

#endif
