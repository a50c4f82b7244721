/*
 * fold — the search key. Each character folds to exactly one character
 * (Traditional -> Simplified Han from a per-code-point table derived from
 * ICU's Traditional-Simplified transliterator, plus 划->画, 沉->沈, 祇->只,
 * 藉->借, 甚->什 so 計畫/计划, 沈/沉, 甚麼/什么 meet; full-width ASCII -> ASCII,
 * the other half-width and full-width forms (｡ ｢ ｣ ､ ￥ and half-width
 * katakana) -> what NFKC makes of them, U+3000 -> space, simple case
 * folding: Σ, σ and ς meet), so a match in the key maps back to an
 * exact byte range of the original text. Inline pinyin annotations such as
 * the "(dòng)" in "勞動(dòng)" are skipped: they have no key characters; nor
 * have variation selectors (U+FE00-FE0F, U+E0100-E01EF).
 */
#ifndef LECTERN_FOLD_H
#define LECTERN_FOLD_H

#include <stddef.h>
#include <stdint.h>

/*
 * Build the tables (once; thread-safe; later calls are free). Must succeed
 * before fold_cp() and fold_text() are used; until then folding is the
 * identity. Costs a few hundredths of a second, most of it ICU compiling the
 * transliterator's rules. Returns LC_OK, or an error with a message in
 * *cause (may be NULL; caller frees).
 */
int fold_init(char **cause);

/* The folded form of one code point. fold_cp(fold_cp(c)) == fold_cp(c). */
uint32_t fold_cp(uint32_t c);

/*
 * If an inline pinyin annotation starts at byte pos of text (len bytes): a
 * '(' or '（' right after a Han character (Unicode property Ideographic),
 * one or more Latin letters of which at least one carries a tone mark
 * (precomposed āáǎà ēéěè īíǐì ōóǒò ūúǔù ǖǘǚǜ ü ńňǹḿ in either case, or a
 * letter followed by combining U+0300/0301/0304/030C/0308), then ')' or
 * '）' -- its length in bytes; otherwise 0. Several syllables may be written
 * together or as words separated by one space or apostrophe ("(láo dòng)",
 * "(Xī'ān)"). So 中國(China), (一), （二）, (2021) and 縣(市 are not
 * annotations.
 */
size_t fold_annotation_at(const char *text, size_t len, size_t pos);

/*
 * Fold UTF-8 text (len bytes, less than 4 GiB) into key characters,
 * skipping annotations. key (and offs, when not NULL) must have room for len
 * entries; offs[i] receives the byte offset in text of the character key[i]
 * came from. Each invalid sequence, as libunistring's u8_mbtouc delimits it
 * (a lone byte, or a truncated or surrogate sequence as a whole), folds to
 * one U+FFFD at its first byte. Returns the number of key characters.
 */
size_t fold_text(const char *text, size_t len, uint32_t *key, uint32_t *offs);

#endif
