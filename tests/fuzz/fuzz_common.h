/*
 * What every libFuzzer target here shares: the REQUIRE check that aborts
 * with the target's name, the one-time set-up, and cutting an input into
 * pieces that are loaded as documents the way files are. Each target is
 * compiled from its single .c file, which defines FUZZ_NAME (and
 * FUZZ_NEEDS_FOLD if it folds) and then includes this header, so the
 * helpers are static inline and the header defines the libFuzzer set-up
 * entry point once per target.
 */
#ifndef LECTERN_FUZZ_COMMON_H
#define LECTERN_FUZZ_COMMON_H

#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "doc.h"
#include "fold.h"
#include "util.h"

#ifndef FUZZ_NAME
#error "define FUZZ_NAME, the target's name for its messages, before including fuzz_common.h"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property that must hold; libFuzzer keeps the input when it aborts. */
#define REQUIRE(cond, ...)                                              \
        do {                                                            \
                if (!(cond)) {                                          \
                        fprintf(stderr, FUZZ_NAME ": " __VA_ARGS__);    \
                        fputc('\n', stderr);                            \
                        abort();                                        \
                }                                                       \
        } while (0)

/*
 * Run once before the first input. Widths and character classes need the
 * UTF-8 locale. A target that folds loads fold's tables first: without
 * them folding is the identity and its checks would prove nothing.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
        (void)argc;
        (void)argv;
        setlocale(LC_ALL, "C.UTF-8");
#ifdef FUZZ_NEEDS_FOLD
        char *cause = NULL;
        if (fold_init(&cause) != LC_OK) {
                fprintf(stderr, FUZZ_NAME ": fold_init: %s\n", cause ? cause : "failed");
                abort();
        }
#endif
        return 0;
}

struct piece {
        const char *s;
        size_t n;
};

/* Split s on sep into at most max pieces; the last one keeps the rest. */
static inline size_t split(const char *s, size_t n, char sep, struct piece *out, size_t max)
{
        size_t k = 0;

        while (k + 1 < max) {
                const char *e = memchr(s, sep, n);
                if (!e)
                        break;
                out[k++] = (struct piece){ s, (size_t)(e - s) };
                n -= (size_t)(e - s) + 1;
                s = e + 1;
        }
        out[k++] = (struct piece){ s, n };
        return k;
}

/*
 * Pieces [from, to) loaded into c as files are (encoding detected, text
 * sanitised), piece i named doc<i>.txt; a piece no encoding accepts is
 * left out, as the loader skips such a file.
 */
static inline void load_pieces(struct corpus *c, const struct piece *p, size_t from, size_t to)
{
        for (size_t i = from; i < to; i++) {
                struct doc *d = NULL;
                char name[32];

                snprintf(name, sizeof name, "doc%zu.txt", i);
                if (doc_from_bytes(name, p[i].s, p[i].n, NULL, &d, NULL) == LC_OK)
                        corpus_add(c, d);
        }
}

#endif
