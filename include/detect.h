/*
 * detect — the evidence decode weighs before it picks an encoding: binary
 * signatures and the NUL and control bytes at the head of a file, ICU's
 * charset guesses, and a score of how much a decoded sample reads like real
 * (Chinese) text. Converting is decode's job; decode is the only caller.
 */
#ifndef LECTERN_DETECT_H
#define LECTERN_DETECT_H

#include <stdbool.h>
#include <stddef.h>

/* How many bytes at the head of a file the detectors look at. */
#define DETECT_SAMPLE ((size_t)64 * 1024)

/* What the NUL bytes of the head say about BOM-less UTF-16. */
enum detect_utf16 {
        DETECT_UTF16_NO = 0,
        DETECT_UTF16_LE,        /* NULs sit at odd offsets: ASCII in little endian */
        DETECT_UTF16_BE,        /* NULs sit at even offsets */
};

/*
 * Decide from the first n bytes of a file (pass at most DETECT_SAMPLE)
 * whether it can be text. Returns LC_OK, or LC_EBINARY with a reason such
 * as "binary file (NUL bytes)" in *cause (may be NULL; caller frees). With
 * LC_OK, *utf16 says whether the NULs look like BOM-less UTF-16; when
 * *nul_heavy is then set, the bytes are text only if they are UTF-16.
 */
int detect_binary(const char *head, size_t n, enum detect_utf16 *utf16, int *nul_heavy,
                  char **cause);

/*
 * Decide whether n bytes of UTF-8, decoded from UTF-16 or UTF-32 that a BOM
 * announced, are text: their bytes are full of NULs and controls, so what
 * they decode to is judged instead, as detect_binary judges 8-bit text
 * (NUL and control characters in the first DETECT_SAMPLE bytes, without a
 * UTF-16 reading of the NULs), as decode judges its best candidate
 * (detect_implausible), and refused when it is mostly U+FFFD and controls.
 * Returns LC_OK, or LC_EBINARY with a reason in *cause (may be NULL;
 * caller frees).
 */
int detect_binary_decoded(const char *utf8, size_t n, char **cause);

/* How plausible a decoded sample is; compare scores of the same bytes. */
struct detect_score {
        long score;             /* higher reads more like real text */
        size_t chars;           /* code points seen */
        size_t bad;             /* U+FFFD, private use, stray controls, noncharacters */
        size_t han;             /* CJK Unified Ideographs (U+4E00-9FFF) */
        size_t common;          /* of those, among the most frequent in Chinese */
};

/*
 * Score n bytes of UTF-8 (decoded by some candidate encoding). Frequent
 * Chinese characters (Simplified and Traditional) count for, rare Han,
 * extension and compatibility ideographs against, and U+FFFD, private use
 * and control characters strongly against; other scripts are neutral, so
 * that non-Chinese text still wins over a Chinese misreading of it.
 */
void detect_score_text(const char *utf8, size_t n, struct detect_score *sc);

/*
 * A score no text earns: more than one character in ten is U+FFFD, private
 * use or a control, and rare Han outnumber the frequent (damaged Chinese
 * keeps its frequent characters). Needs 16 characters at least.
 */
bool detect_implausible(const struct detect_score *sc);

/*
 * ICU's charset guesses for n bytes, best first: stores up to max names
 * (ICU-owned static strings) with their confidence (0-100) and returns how
 * many. Returns 0 when ICU has no guess or fails.
 */
size_t detect_guess(const char *raw, size_t n, const char **names, int *confidence,
                    size_t max);

#endif
