/*
 * decode — turn the raw bytes of a file into UTF-8: detect the character
 * encoding with ICU (UTF-8 and UTF-16 by BOM or validity first, then ICU's
 * detector, checked for plausibility so that Big5 is not taken for GB18030),
 * convert, replace invalid sequences with U+FFFD and count them, drop a BOM.
 * Line endings and control characters are left to sanitize.
 */
#ifndef LECTERN_DECODE_H
#define LECTERN_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct decode_result {
        char *text;             /* UTF-8, NUL-terminated; caller frees with decode_result_free */
        size_t len;             /* bytes of text, without the NUL */
        const char *encoding;   /* static canonical name: "UTF-8", "UTF-16LE", "UTF-16BE",
                                   "GB18030", "Big5", ... */
        size_t invalid;         /* invalid byte sequences replaced by U+FFFD */
        bool bom;               /* a byte order mark was present (and removed) */
};

/*
 * Decode n raw bytes. force is NULL to detect, or an encoding name to use as
 * is (any name ICU knows, e.g. "gbk", "big5", "utf-16le"). Returns LC_OK and
 * fills *out, or LC_EBINARY when the bytes are not text (a binary magic
 * number, NUL-heavy, control-heavy) or LC_ENCODING when force names no
 * encoding, with a reason in *cause (may be NULL; caller frees). An empty
 * input (raw may then be NULL) decodes to "" as UTF-8.
 *
 * Detection: a BOM decides the encoding, and what follows it is still
 * refused as binary where a file without one would be (the bytes after a
 * UTF-8 BOM; what UTF-16 and UTF-32 decode to, detect.h). Without a BOM, a
 * file that is UTF-8 but for a few bad bytes (at most one per fifty
 * multibyte characters) is UTF-8; otherwise GB18030, Big5 (UTF-16 when the
 * NUL bytes say so, damaged UTF-8 when most of it is whole) and, unless one
 * of those reads clearly as Chinese, ICU's guesses each decode the first
 * 64 KiB, and the result that reads most like real text wins (detect.h).
 * When even that is mostly U+FFFD the file is LC_EBINARY. A forced
 * encoding skips detection, and the binary test too when it is a UTF-16/32
 * form, whose NUL bytes are expected. On failure *out is zeroed.
 */
int decode_bytes(const char *raw, size_t n, const char *force,
                 struct decode_result *out, char **cause);

/* Free the text and zero *r; r == NULL is a no-op. */
void decode_result_free(struct decode_result *r);

/*
 * Decode the UTF-8 character at s (n > 0 bytes available). Returns its code
 * point and sets *len to its length; for an ill-formed sequence returns -1
 * and sets *len to the length of its maximal subpart (at least 1), which
 * stands for exactly one U+FFFD (Unicode §3.9 "U+FFFD Substitution of
 * Maximal Subparts", as the W3C Encoding standard does). Overlongs,
 * surrogates and code points above U+10FFFF are ill-formed.
 */
int32_t decode_utf8_char(const char *s, size_t n, size_t *len);

#endif
