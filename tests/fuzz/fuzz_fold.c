/*
 * fuzz_fold — libFuzzer target for search folding. For any bytes, the key
 * is no longer than the text, its offsets rise strictly and stay inside the
 * text, each key character is the fold of the character at its offset and
 * folds to itself again, and every byte the key skips belongs to an inline
 * pinyin annotation that fold_annotation_at recognises or to a variation
 * selector. Folding without
 * offsets gives the same key.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "fold.h"
#include "util.h"

#define FUZZ_NAME "fuzz_fold"
#define FUZZ_NEEDS_FOLD
#include "fuzz_common.h"

/* Bytes [from, to) must be nothing but annotations and variation selectors, back to back. */
static void check_skipped(const char *text, size_t len, size_t from, size_t to)
{
        while (from < to) {
                ucs4_t c;
                int k = u8_mbtouc(&c, (const uint8_t *)text + from, len - from);
                if ((c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF)) {
                        from += (size_t)k;
                        continue;
                }
                size_t a = fold_annotation_at(text, len, from);

                REQUIRE(a > 0, "bytes %zu..%zu skipped, but no annotation starts at %zu", from,
                        to, from);
                REQUIRE(from + a <= to, "annotation at %zu runs past the next key offset %zu",
                        from, to);
                from += a;
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        const char *text = (const char *)data;
        size_t cap = size ? size : 1;
        uint32_t *key = xmalloc(cap * sizeof *key);
        uint32_t *key2 = xmalloc(cap * sizeof *key2);
        uint32_t *offs = xmalloc(cap * sizeof *offs);
        size_t n = fold_text(text, size, key, offs);
        size_t prev_end = 0;

        REQUIRE(n <= size, "%zu key characters from %zu bytes", n, size);
        for (size_t i = 0; i < n; i++) {
                ucs4_t c;

                REQUIRE(offs[i] < size, "offset %u of key %zu outside %zu bytes",
                        (unsigned)offs[i], i, size);
                REQUIRE(i == 0 || offs[i] > offs[i - 1], "offsets not increasing at key %zu", i);
                REQUIRE(offs[i] >= prev_end, "key %zu at %u starts inside the character before",
                        i, (unsigned)offs[i]);
                check_skipped(text, size, prev_end, offs[i]);
                int k = u8_mbtouc(&c, data + offs[i], size - offs[i]);
                REQUIRE(k > 0, "no character at offset %u", (unsigned)offs[i]);
                REQUIRE(key[i] == fold_cp(c), "key %zu is U+%04X, but U+%04X folds to U+%04X", i,
                        (unsigned)key[i], (unsigned)c, (unsigned)fold_cp(c));
                REQUIRE(fold_cp(key[i]) == key[i], "fold_cp not idempotent: U+%04X -> U+%04X",
                        (unsigned)key[i], (unsigned)fold_cp(key[i]));
                prev_end = offs[i] + (size_t)k;
        }
        check_skipped(text, size, prev_end, size);

        REQUIRE(fold_text(text, size, key2, NULL) == n && memcmp(key, key2, n * sizeof *key) == 0,
                "folding without offsets gave a different key");
        free(key);
        free(key2);
        free(offs);
        return 0;
}
