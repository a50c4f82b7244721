/*
 * fuzz_phrase — libFuzzer target for phrase extraction. The first byte is a
 * separator, the second sets the options (minimum length 0-7 and minimum
 * documents 0-7, where 0 means 1), the rest, split on the separator, is up
 * to four documents loaded as files are. Phrases are extracted with and
 * without the word-boundary rule. Each must honour the minimums, occur at
 * least once in each document it counts, never hold a line break, come in
 * rank order, and -- searched for as written -- be found exactly as often
 * and in as many documents as it claims. Word starts found clause by
 * clause, replaying the clauses seen before, must be those of breaking
 * each document whole.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "corpus.h"
#include "doc.h"
#include "fold.h"
#include "index.h"
#include "phrase.h"
#include "search.h"
#include "util.h"
#include "words.h"

#define FUZZ_NAME "fuzz_phrase"
#define FUZZ_NEEDS_FOLD
#include "fuzz_common.h"

#define MAX_DOCS 4

/* phrase.c's ranking: more documents, then more occurrences, then longer. */
static bool ranked_before(const struct phrase *p, const struct phrase *q)
{
        if (p->ndocs != q->ndocs)
                return p->ndocs > q->ndocs;
        if (p->nocc != q->nocc)
                return p->nocc > q->nocc;
        if (p->len != q->len)
                return p->len > q->len;
        return phrase_textcmp(p, q->text, q->nbytes) <= 0;
}

static void check_phrase(const struct index *ix, const struct phrase *ph, unsigned min_len,
                         unsigned min_docs, bool words)
{
        const struct corpus *c = index_corpus(ix);
        size_t tlen = ph->text ? ph->nbytes : 0;
        const char *mode = words ? "words" : "ignore_words";

        REQUIRE(tlen > 0, "%s: a phrase without text", mode);
        /* Messages below print a copy; the text itself is a piece of a document. */
        char *text = phrase_strdup(ph);
        REQUIRE(strlen(text) == tlen, "%s: phrase \"%s\" holds a NUL", mode, text);
        REQUIRE(u8_check((const uint8_t *)ph->text, tlen) == NULL,
                "%s: phrase text is not valid UTF-8", mode);
        REQUIRE(memchr(ph->text, '\n', tlen) == NULL, "%s: phrase \"%s\" holds a line break",
                mode, text);
        REQUIRE(ph->len >= min_len && ph->len <= PHRASE_MAX_LEN,
                "%s: phrase \"%s\" is %u characters (minimum %u)", mode, text,
                (unsigned)ph->len, min_len);
        REQUIRE(ph->ndocs >= min_docs && ph->ndocs <= corpus_count(c),
                "%s: phrase \"%s\" in %u documents (minimum %u of %zu)", mode, text,
                (unsigned)ph->ndocs, min_docs, corpus_count(c));
        REQUIRE(ph->nocc >= ph->ndocs, "%s: phrase \"%s\": %u occurrences in %u documents",
                mode, text, (unsigned)ph->nocc, (unsigned)ph->ndocs);

        /* The phrase as shown must lead back to the occurrences it counts. */
        uint32_t *key = xmalloc(tlen * sizeof *key);
        size_t kn = fold_text(ph->text, tlen, key, NULL);
        free(key);
        REQUIRE(kn == ph->len, "%s: phrase \"%s\" folds to %zu characters, not %u", mode,
                text, kn, (unsigned)ph->len);
        struct hits h = { 0 };
        REQUIRE(search_run(ix, ph->text, tlen, &h) == LC_OK, "search_run failed");
        REQUIRE(h.n == ph->nocc && h.ndocs == ph->ndocs,
                "%s: phrase \"%s\" claims %u occurrences in %u documents, search finds %zu in %u",
                mode, text, (unsigned)ph->nocc, (unsigned)ph->ndocs, h.n,
                (unsigned)h.ndocs);
        hits_free(&h);
        free(text);
}

static void run_extract(const struct index *ix, unsigned min_len, unsigned min_docs,
                        bool ignore_words)
{
        struct phrase_opts o = { .min_len = min_len, .min_docs = min_docs,
                                 .ignore_words = ignore_words };
        struct phrases ps;
        char *cause = NULL;
        unsigned eff_len = min_len ? min_len : 1, eff_docs = min_docs ? min_docs : 1;

        REQUIRE(phrase_extract(ix, &o, NULL, NULL, &ps, &cause) == LC_OK, "phrase_extract: %s",
                cause ? cause : "failed");
        for (size_t i = 0; i < ps.n; i++) {
                check_phrase(ix, &ps.v[i], eff_len, eff_docs, !ignore_words);
                REQUIRE(i == 0 || ranked_before(&ps.v[i - 1], &ps.v[i]),
                        "phrases %zu and %zu out of rank order", i - 1, i);
        }
        phrases_free(&ps);
        REQUIRE(ps.v == NULL && ps.n == 0, "phrases_free left phrases behind");
}

static void check_words(const struct index *ix)
{
        char *cause = NULL;
        uint8_t *a = words_bitmap(ix, &cause), *b = words_bitmap_whole(ix, NULL);
        REQUIRE(a && b, "words_bitmap: %s", cause ? cause : "failed");
        for (size_t p = 0; p <= index_len(ix); p++)
                REQUIRE(words_at(a, p) == words_at(b, p),
                        "word start at key position %zu: %d clause by clause, %d whole", p,
                        words_at(a, p), words_at(b, p));
        free(a);
        free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (size < 2)
                return 0;
        unsigned min_len = data[1] & 7, min_docs = (data[1] >> 3) & 7;
        struct piece p[MAX_DOCS];
        size_t np = split((const char *)data + 2, size - 2, (char)data[0], p, MAX_DOCS);
        struct corpus *c = corpus_new();

        load_pieces(c, p, 0, np);
        char *cause = NULL;
        struct index *ix = index_build(c, NULL, NULL, &cause);
        REQUIRE(ix != NULL, "index_build: %s", cause ? cause : "failed");

        check_words(ix);
        run_extract(ix, min_len, min_docs, true);
        run_extract(ix, min_len, min_docs, false);

        /* Too long a minimum is refused, and leaves nothing to free. */
        struct phrase_opts too_long = { .min_len = PHRASE_MAX_LEN + 1, .min_docs = 1,
                                        .ignore_words = true };
        struct phrases ps;
        REQUIRE(phrase_extract(ix, &too_long, NULL, NULL, &ps, &cause) == LC_EINVAL &&
                        ps.n == 0 && cause != NULL,
                "a minimum length above the cap was not refused");
        free(cause);
        phrases_free(&ps);

        index_free(ix);
        corpus_free(c);
        return 0;
}
