/*
 * fold — the search key. A per-code-point table, built once from ICU's
 * Traditional-Simplified transliterator applied to each Han code point in
 * isolation (so its phrase rules never fire and folding stays 1:1), plus a
 * short merge list, the variant forms ICU leaves apart, full-width ASCII,
 * the ideographic space and simple lower case. Chains are resolved at build time so the fold is idempotent. The
 * table is a flat array of deltas over the BMP, where every Chinese character
 * of a speech lives, and a small sorted array for astral code points; an
 * all-zero delta is the identity, so the table is harmless before it is
 * built. fold_text() decodes UTF-8, skips inline pinyin annotations and looks
 * every character up; it is the launch hot path of the index.
 */
#include "fold.h"

#include "util.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <unistr.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utrans.h>

#define BMP_SIZE 0x10000u
/*
 * Every code point the build can change lies below this: cased letters end
 * in plane 1, the Han ranges we scan in plane 2. The scratch map covers it.
 */
#define BUILD_LIMIT 0x30000u

struct astral_pair {
        uint32_t from, to;
};

/* to - from, modulo 2^32, so that c + delta wraps to the target. */
static uint32_t bmp_delta[BMP_SIZE];
static struct astral_pair *astral;
static size_t astral_len;

static pthread_once_t build_once = PTHREAD_ONCE_INIT;
static int build_status;
static char *build_cause;

/* The ranges §3.1 of the design scans: Han blocks and CJK punctuation. */
static const uint32_t han_ranges[][2] = {
        { 0x3400, 0x4DBF },   { 0x4E00, 0x9FFF },   { 0xF900, 0xFAFF },
        { 0x20000, 0x2FFFF }, { 0x3000, 0x303F },   { 0xFF00, 0xFFEF },
};

/*
 * ICU 72's data maps 苎 -> 苧 -> 苎 and 薴 -> 苧; the simplified form 苎 is
 * where all three should meet.
 */
static const uint32_t pins[][2] = {
        { 0x82CE, 0x82CE }, /* 苎 */
        { 0x82E7, 0x82CE }, /* 苧 */
        { 0x85B4, 0x82CE }, /* 薴 */
};

/*
 * Readings ICU only gives inside phrases (計畫 -> 计划, 破釜沈舟 -> 破釜沉舟,
 * 甚麼 -> 什么, 祇好 -> 只好, 藉 -> 借) and that matter in speeches. The other
 * phrase-dependent characters (察/查, 像/相, 份/分 ...) stay apart: merging
 * them would flood the results.
 */
static const uint32_t merges[][2] = {
        { 0x5212, 0x753B }, /* 划 -> 画 */
        { 0x6C89, 0x6C88 }, /* 沉 -> 沈 */
        { 0x7947, 0x53EA }, /* 祇 -> 只 */
        { 0x85C9, 0x501F }, /* 藉 -> 借 */
        { 0x751A, 0x4EC0 }, /* 甚 -> 什 */
};

/*
 * Old and regional forms of one character that the transliterator leaves
 * apart from the standard one (峯會 is 峰會, 敎育 is 教育, 妳 is 你 in
 * Mainland writing), each sent to a form the table then follows on. Only
 * variants with one meaning: 巿 is a different character from 市, and 祐,
 * 脩 and 祂 stay apart as names and a pronoun of their own.
 */
static const uint32_t variants[][2] = {
        { 0x5CEF, 0x5CF0 }, /* 峯 -> 峰 */
        { 0x9751, 0x9752 }, /* 靑 -> 青 */
        { 0x543F, 0x544A }, /* 吿 -> 告 */
        { 0x5D57, 0x6B72 }, /* 嵗 -> 歲 */
        { 0x6C5A, 0x6C61 }, /* 汚 -> 污 */
        { 0x654E, 0x6559 }, /* 敎 -> 教 */
        { 0x885E, 0x885B }, /* 衞 -> 衛 */
        { 0x83F4, 0x5EB5 }, /* 菴 -> 庵 */
        { 0x654D, 0x6558 }, /* 敍 -> 敘 */
        { 0x5BC3, 0x51A4 }, /* 寃 -> 冤 */
        { 0x6ED9, 0x532F }, /* 滙 -> 匯 */
        { 0x9EAA, 0x9EB5 }, /* 麪 -> 麵 */
        { 0x5CE9, 0x5CE8 }, /* 峩 -> 峨 */
        { 0x64E1, 0x62AC }, /* 擡 -> 抬 */
        { 0x7526, 0x8607 }, /* 甦 -> 蘇 */
        { 0x6736, 0x6735 }, /* 朶 -> 朵 */
        { 0x8B90, 0x8B8E }, /* 讐 -> 讎 */
        { 0x5F6B, 0x96D5 }, /* 彫 -> 雕 */
        { 0x946A, 0x7210 }, /* 鑪 -> 爐 */
        { 0x5FA7, 0x904D }, /* 徧 -> 遍 */
        { 0x51DF, 0x7006 }, /* 凟 -> 瀆 */
        { 0x5563, 0x929C }, /* 啣 -> 銜 */
        { 0x8218, 0x9928 }, /* 舘 -> 館 */
        { 0x8E28, 0x8E64 }, /* 踨 -> 蹤 */
        { 0x7CC9, 0x7CBD }, /* 糉 -> 粽 */
        { 0x59B3, 0x4F60 }, /* 妳 -> 你 */
        { 0x7260, 0x5B83 }, /* 牠 -> 它 */
};

static uint32_t map_at(const uint32_t *map, uint32_t c)
{
        return c < BUILD_LIMIT ? map[c] : c;
}

static bool is_punct(uint32_t c)
{
        return uc_is_general_category(c, UC_CATEGORY_P);
}

/*
 * ICU's result for c alone, or c itself when that is not exactly one code
 * point or involves punctuation (「」 would become “”, which must not meet).
 */
static int icu_fold_one(UTransliterator *tr, uint32_t c, uint32_t *out, char **cause)
{
        UChar buf[16];
        int32_t n = 0, limit, i = 0;
        UErrorCode st = U_ZERO_ERROR;
        UChar32 r;

        *out = c;
        U16_APPEND_UNSAFE(buf, n, (UChar32)c);
        limit = n;
        utrans_transUChars(tr, buf, &n, (int32_t)LC_ARRAY_LEN(buf), 0, &limit, &st);
        if (U_FAILURE(st) && st != U_BUFFER_OVERFLOW_ERROR)
                return lc_fail(cause, LC_ENCODING, "transliterating U+%04X: %s",
                               (unsigned)c, u_errorName(st));
        if (st == U_BUFFER_OVERFLOW_ERROR || n <= 0)
                return LC_OK;
        U16_NEXT(buf, i, n, r);
        if (i == n && r >= 0 && !is_punct(c) && !is_punct((uint32_t)r))
                *out = (uint32_t)r;
        return LC_OK;
}

/*
 * Only the code points in the transliterator's source set can change; asking
 * ICU about those alone (about 3,500 rather than 94,000) is what keeps the
 * build near the cost of opening the transliterator.
 */
static int add_icu(uint32_t *map, char **cause)
{
        UChar id[32];
        UParseError pe;
        UErrorCode st = U_ZERO_ERROR;
        UTransliterator *tr;
        USet *src;
        int rc = LC_OK;

        u_charsToUChars("Traditional-Simplified", id, (int32_t)sizeof "Traditional-Simplified");
        tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, &pe, &st);
        if (U_FAILURE(st))
                return lc_fail(cause, LC_ENCODING,
                               "cannot open ICU's Traditional-Simplified transliterator: %s",
                               u_errorName(st));
        src = uset_openEmpty();
        utrans_getSourceSet(tr, false, src, &st);
        if (U_FAILURE(st))
                rc = lc_fail(cause, LC_ENCODING, "cannot read the transliterator's source set: %s",
                             u_errorName(st));
        for (size_t r = 0; rc == LC_OK && r < LC_ARRAY_LEN(han_ranges); r++) {
                for (uint32_t c = han_ranges[r][0]; c <= han_ranges[r][1]; c++) {
                        uint32_t t;

                        if (!uset_contains(src, (UChar32)c))
                                continue;
                        rc = icu_fold_one(tr, c, &t, cause);
                        if (rc != LC_OK)
                                break;
                        if (t != c)
                                map[c] = t;
                }
        }
        uset_close(src);
        utrans_close(tr);
        return rc;
}

/*
 * Follow c's chain to its end. Should a future ICU bring a cycle the pins do
 * not cover, a walk of BUILD_LIMIT steps must end inside it; pinning the
 * cycle's smallest member breaks it deterministically instead of failing.
 */
static uint32_t resolve(uint32_t *map, uint32_t c)
{
        for (;;) {
                uint32_t t = c, m;

                for (uint32_t i = 0; i < BUILD_LIMIT && map_at(map, t) != t; i++)
                        t = map_at(map, t);
                if (map_at(map, t) == t)
                        return t;
                m = t;
                for (uint32_t u = map_at(map, t); u != t; u = map_at(map, u))
                        if (u < m)
                                m = u;
                map[m] = m;
        }
}

/*
 * The rest of the Halfwidth and Fullwidth Forms block: half-width ｡｢｣､ and
 * katakana, full-width ￥￡￠ and the white parentheses meet the forms they
 * stand for, as NFKC gives them when it gives one character.
 */
static int add_width_forms(uint32_t *map, char **cause)
{
        UErrorCode err = U_ZERO_ERROR;
        const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&err);
        if (U_FAILURE(err))
                return lc_fail(cause, LC_ENCODING, "ICU has no NFKC normaliser: %s",
                               u_errorName(err));
        for (uint32_t c = 0xFF5F; c <= 0xFFEE; c++) {
                UChar in[1] = { (UChar)c }, out[4];
                err = U_ZERO_ERROR;
                int32_t n = unorm2_normalize(nfkc, in, 1, out, LC_ARRAY_LEN(out), &err);
                if (U_SUCCESS(err) && n == 1 && out[0] != c && !U16_IS_SURROGATE(out[0]))
                        map[c] = out[0];
        }
        return LC_OK;
}

static int build_map(uint32_t *map, char **cause)
{
        int rc;

        /*
         * Simple case folding, one character for one: ς and Σ meet σ, µ
         * meets μ. Where it has nothing (İ), lower case still applies.
         */
        for (uint32_t c = 0; c < BUILD_LIMIT; c++) {
                map[c] = (uint32_t)u_foldCase((UChar32)c, U_FOLD_CASE_DEFAULT);
                if (map[c] == c)
                        map[c] = uc_tolower(c);
        }
        rc = add_icu(map, cause);
        if (rc != LC_OK)
                return rc;
        for (uint32_t c = 0xFF01; c <= 0xFF5E; c++)
                map[c] = c - 0xFEE0;
        rc = add_width_forms(map, cause);
        if (rc != LC_OK)
                return rc;
        map[0x3000] = ' ';
        for (size_t i = 0; i < LC_ARRAY_LEN(pins); i++)
                map[pins[i][0]] = pins[i][1];
        for (size_t i = 0; i < LC_ARRAY_LEN(merges); i++)
                map[merges[i][0]] = merges[i][1];
        for (size_t i = 0; i < LC_ARRAY_LEN(variants); i++)
                map[variants[i][0]] = variants[i][1];
        for (uint32_t c = 0; c < BUILD_LIMIT; c++)
                map[c] = resolve(map, c);
        return LC_OK;
}

static void publish(const uint32_t *map)
{
        size_t n = 0;

        for (uint32_t c = BMP_SIZE; c < BUILD_LIMIT; c++)
                n += map[c] != c;
        astral = xmalloc(n * sizeof *astral);
        for (uint32_t c = BMP_SIZE; c < BUILD_LIMIT; c++)
                if (map[c] != c)
                        astral[astral_len++] = (struct astral_pair){ c, map[c] };
        for (uint32_t c = 0; c < BMP_SIZE; c++)
                bmp_delta[c] = map[c] - c;
}

static void build(void)
{
        uint32_t *map = xmalloc(BUILD_LIMIT * sizeof *map);

        build_status = build_map(map, &build_cause);
        if (build_status == LC_OK)
                publish(map);
        free(map);
}

int fold_init(char **cause)
{
        pthread_once(&build_once, build);
        if (build_status != LC_OK && cause)
                *cause = xstrdup(build_cause ? build_cause : lc_strerror(build_status));
        return build_status;
}

static uint32_t fold_astral(uint32_t c)
{
        size_t lo = 0, hi = astral_len;

        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (astral[mid].from == c)
                        return astral[mid].to;
                if (astral[mid].from < c)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return c;
}

uint32_t fold_cp(uint32_t c)
{
        return c < BMP_SIZE ? c + bmp_delta[c] : fold_astral(c);
}

/* ---------------------------------------------------------- annotations */

enum pinyin_class { PY_OTHER, PY_LETTER, PY_TONED, PY_MARK, PY_SEP, PY_CLOSE };

/* Lower-case pinyin vowels (and syllabic nasals) that carry a tone mark. */
static const uint32_t toned_letters[] = {
        0x0101, 0x00E1, 0x01CE, 0x00E0, /* ā á ǎ à */
        0x0113, 0x00E9, 0x011B, 0x00E8, /* ē é ě è */
        0x012B, 0x00ED, 0x01D0, 0x00EC, /* ī í ǐ ì */
        0x014D, 0x00F3, 0x01D2, 0x00F2, /* ō ó ǒ ò */
        0x016B, 0x00FA, 0x01D4, 0x00F9, /* ū ú ǔ ù */
        0x01D6, 0x01D8, 0x01DA, 0x01DC, /* ǖ ǘ ǚ ǜ */
        0x00FC,                         /* ü alone: as good a sign of pinyin */
        0x0144, 0x0148, 0x01F9, 0x1E3F, /* ń ň ǹ ḿ (嗯, 呣) */
};

static enum pinyin_class pinyin_class(uint32_t c)
{
        uint32_t l;

        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
                return PY_LETTER;
        switch (c) {
        case 0x0300: case 0x0301: case 0x0304: case 0x030C:
        case 0x0308: /* u + diaeresis is ü */
                return PY_MARK;
        case ' ': case '\'': case 0x2019: /* Xī'ān */
                return PY_SEP;
        case ')': case 0xFF09:
                return PY_CLOSE;
        }
        l = uc_tolower(c);
        for (size_t i = 0; i < LC_ARRAY_LEN(toned_letters); i++)
                if (toned_letters[i] == l)
                        return PY_TONED;
        return PY_OTHER;
}

/*
 * The Ideographic property rather than the Han script: a table lookup with
 * no name to resolve, and the difference (々, radicals, Tangut) never
 * carries pinyin.
 */
static bool is_han(uint32_t c)
{
        return uc_is_property_ideographic(c);
}

/*
 * Words of pinyin letters separated by single spaces or apostrophes, so that
 * both per-character ruby (勞(láo)) and per-word ruby (勞動(láo dòng)) go; a
 * combining mark must follow a letter; at least one mark somewhere, which is
 * what keeps 中國(China) out.
 */
size_t fold_annotation_at(const char *text, size_t len, size_t pos)
{
        const uint8_t *s = (const uint8_t *)text;
        bool after_letter = false, toned = false;
        ucs4_t c;
        size_t i;
        int k;

        if (pos >= len || pos == 0)
                return 0;
        k = u8_mbtouc(&c, s + pos, len - pos);
        if (c != '(' && c != 0xFF08)
                return 0;
        if (!u8_prev(&c, s + pos, s) || !is_han(c))
                return 0;
        for (i = pos + (size_t)k; i < len; i += (size_t)k) {
                k = u8_mbtouc(&c, s + i, len - i);
                switch (pinyin_class(c)) {
                case PY_TONED:
                        toned = true;
                        /* fall through */
                case PY_LETTER:
                        after_letter = true;
                        break;
                case PY_MARK:
                        if (!after_letter)
                                return 0;
                        toned = true;
                        break;
                case PY_SEP:
                        if (!after_letter)
                                return 0;
                        after_letter = false;
                        break;
                case PY_CLOSE:
                        return after_letter && toned ? i + (size_t)k - pos : 0;
                case PY_OTHER:
                        return 0;
                }
        }
        return 0;
}

/* ---------------------------------------------------------------- text */

static inline bool is_cont(uint8_t b)
{
        return (b & 0xC0) == 0x80;
}

/*
 * libunistring decodes only ASCII inline; a call per Chinese character
 * halves fold_text's speed, so well-formed two- and three-byte sequences are
 * taken here. Anything else (four bytes, invalid bytes) goes to u8_mbtouc,
 * so what counts as one invalid sequence stays libunistring's decision.
 */
static inline size_t decode(const uint8_t *s, size_t n, ucs4_t *c)
{
        uint8_t b = s[0];

        if (b < 0x80) {
                *c = b;
                return 1;
        }
        if (b >= 0xE0 && b < 0xF0 && n >= 3 && is_cont(s[1]) && is_cont(s[2])) {
                *c = (ucs4_t)(b & 0x0F) << 12 | (ucs4_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
                if (*c >= 0x800 && (*c < 0xD800 || *c > 0xDFFF))
                        return 3;
        } else if (b >= 0xC2 && b < 0xE0 && n >= 2 && is_cont(s[1])) {
                *c = (ucs4_t)(b & 0x1F) << 6 | (s[1] & 0x3F);
                return 2;
        }
        return (size_t)u8_mbtouc(c, s, n);
}

size_t fold_text(const char *text, size_t len, uint32_t *key, uint32_t *offs)
{
        const uint8_t *s = (const uint8_t *)text;
        size_t i = 0, n = 0;

        while (i < len) {
                ucs4_t c;
                size_t k = decode(s + i, len - i, &c);

                if (c == '(' || c == 0xFF08) {
                        size_t a = fold_annotation_at(text, len, i);
                        if (a) {
                                i += a;
                                continue;
                        }
                }
                /* A variation selector picks a glyph, not a character: 葛︀城 is 葛城. */
                if (c >= 0xFE00 && (c <= 0xFE0F || (c >= 0xE0100 && c <= 0xE01EF))) {
                        i += k;
                        continue;
                }
                key[n] = c < BMP_SIZE ? c + bmp_delta[c] : fold_astral(c);
                if (offs)
                        offs[n] = (uint32_t)i;
                n++;
                i += k;
        }
        return n;
}
