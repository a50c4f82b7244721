/*
 * decode_impl — what the two halves of the decode module share: the
 * one-pass UTF-8 scan and repair, and conversion through ICU, both in
 * decode.c; decode_detect.c uses them to try candidate encodings on a
 * sample and to decode with the one it picks. Private to those two files.
 * Engine layer.
 */
#ifndef LECTERN_DECODE_IMPL_H
#define LECTERN_DECODE_IMPL_H

#include <stddef.h>

#include <unicode/ucnv.h>

#include "decode.h"

struct utf8_stats {
        size_t invalid;         /* maximal subparts, the cut tail included */
        size_t multibyte;       /* well-formed sequences of 2-4 bytes */
        int cut_tail;           /* the text ends inside a character */
};

/*
 * Count the sequences of n bytes of would-be UTF-8 into *st. With quick
 * set, the scan gives up as soon as the text is plainly not UTF-8, and the
 * counts are then partial.
 */
void decode_utf8_scan(const char *s, size_t n, int quick, struct utf8_stats *st);

/* Copy s into out, one U+FFFD for each maximal ill-formed subpart st counted. */
void decode_utf8_copy(const char *s, size_t n, const struct utf8_stats *st,
                      struct decode_result *out);

/* Scan and copy the whole of s: out is UTF-8, damage replaced. */
void decode_utf8(const char *s, size_t n, struct decode_result *out);

/* A converter for name, or LC_ENCODING with a reason in *cause (may be NULL). */
int decode_encoding_open(const char *name, UConverter **cnv, char **cause);

/* The converter's preferred public name; static in ICU's alias table. */
const char *decode_canonical_name(UConverter *cnv);

/* Convert n bytes with cnv into out->text (UTF-8), counting invalid input. */
int decode_icu_convert(UConverter *cnv, const char *raw, size_t n,
                       struct decode_result *out, char **cause);

/* decode_icu_convert, then name as out->encoding, and a BOM ICU kept dropped. */
int decode_with(UConverter *cnv, const char *name, const char *raw, size_t n,
                struct decode_result *out, char **cause);

/*
 * decode_bytes for bytes that neither the caller nor a BOM gives an
 * encoding (decode_detect.c): the binary test, UTF-8 if it plausibly is,
 * else the candidate whose sample reads most like text. On failure the
 * caller frees *out.
 */
int decode_detected(const char *raw, size_t n, struct decode_result *out, char **cause);

#endif
