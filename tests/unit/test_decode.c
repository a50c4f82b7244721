/*
 * Tests for decode: every supported encoding (fixtures are sentences of the
 * bundled speeches, encoded here with ICU or written out as bytes), BOMs,
 * empty and BOM-only files, each kind of ill-formed UTF-8 with its exact
 * U+FFFD output and count, the Big5/GB18030 mojibake trap in both
 * directions, forced encodings, binary files, and a 2 MB single line.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>

#include "decode.h"
#include "util.h"

/* Traditional, from 000_1de982e3124a5833.txt (every character is in Big5). */
static const char trad[] =
        "蔡奇向獲得全國和北京市勞動模範、先進工作者、模範集體、“人民滿意的公務員”及“人民滿意"
        "的公務員集體”榮譽稱號的個人和集體表示祝賀,向奮戰在全市各條戰線上的廣大職工和勞動群眾"
        "致以問候。他說,近年來,全市廣大勞動者堅持以習近平新時代中國特色社會主義思想為指導,全面"
        "貫徹黨中央決策部署,落實市委市政府工作要求,在平凡崗位上創造了不平凡的業績,奏響了“咱們"
        "工人有力量”的主旋律,譜寫了新時代奮發有為的精彩篇章。\n";

/* Simplified, from 004_eb10d11bbc00cbc3.txt. */
static const char simp[] =
        "有幸在现场聆听了习近平总书记的重要讲话,深受教育、倍感振奋。感受最深的一点是,总书记讲话"
        "篇幅不长却字字千钧,文风朴实却铿锵有力,字里行间处处都体现了总书记对劳动模范和先进工作者"
        "一以贯之的深厚感情,对工人阶级和广大劳动群众一以贯之的深切期望,对工运事业和工会工作一以"
        "贯之的深邃思考。作为工会工作者,我们要反复研读、深思细悟,准确把握总书记重要讲话的丰富内"
        "涵和精神实质,进一步用以武装头脑、指导实践、推动工作。\n";

/* Bytes of s in encoding enc, from ICU; the caller frees. */
static char *encode(const char *s, const char *enc, size_t *n)
{
        UErrorCode err = U_ZERO_ERROR;
        int32_t len = ucnv_convert(enc, "UTF-8", NULL, 0, s, -1, &err);
        char *b = malloc((size_t)len + 1);

        err = U_ZERO_ERROR;
        ucnv_convert(enc, "UTF-8", b, len + 1, s, -1, &err);
        cr_assert(U_SUCCESS(err), "encode to %s: %s", enc, u_errorName(err));
        *n = (size_t)len;
        return b;
}

/* Join a and b into a fresh buffer. */
static char *join(const char *a, size_t an, const char *b, size_t bn, size_t *n)
{
        char *r = malloc(an + bn + 1);

        memcpy(r, a, an);
        memcpy(r + an, b, bn);
        r[an + bn] = '\0';
        *n = an + bn;
        return r;
}

static void expect_decoded(const char *id, const char *raw, size_t n, const char *force,
                           const char *want, size_t want_len, const char *encoding,
                           size_t invalid, bool bom)
{
        struct decode_result r;
        char *cause = NULL;
        int rc = decode_bytes(raw, n, force, &r, &cause);

        cr_assert_eq(rc, LC_OK, "%s: %s", id, cause ? cause : "");
        cr_expect_str_eq(r.encoding, encoding, "%s: encoding", id);
        cr_expect_eq(r.len, want_len, "%s: length %zu, want %zu", id, r.len, want_len);
        cr_expect(r.len == want_len && memcmp(r.text, want, want_len) == 0, "%s: text \"%s\"",
                  id, r.text);
        cr_expect_eq(r.text[r.len], '\0', "%s: NUL-terminated", id);
        cr_expect_eq(r.invalid, invalid, "%s: invalid %zu, want %zu", id, r.invalid, invalid);
        cr_expect_eq(r.bom, bom, "%s: bom", id);
        decode_result_free(&r);
        cr_expect_null(r.text, "%s: freed and zeroed", id);
        free(cause);
}

static void expect_text(const char *id, const char *raw, size_t n, const char *force,
                        const char *want, const char *encoding)
{
        expect_decoded(id, raw, n, force, want, strlen(want), encoding, 0, false);
}

static void expect_failure(const char *id, const char *raw, size_t n, const char *force,
                           int status, const char *in_cause)
{
        struct decode_result r;
        char *cause = NULL;
        int rc = decode_bytes(raw, n, force, &r, &cause);

        cr_expect_eq(rc, status, "%s: status %d, want %d", id, rc, status);
        cr_expect_null(r.text, "%s: no text on failure", id);
        cr_expect(cause && strstr(cause, in_cause), "%s: cause \"%s\" names \"%s\"", id,
                  cause ? cause : "(none)", in_cause);
        free(cause);
        decode_result_free(&r);
}

Test(decode, empty_and_bom_only)
{
        expect_decoded("empty", "", 0, NULL, "", 0, "UTF-8", 0, false);
        expect_decoded("empty, no buffer", NULL, 0, NULL, "", 0, "UTF-8", 0, false);
        expect_decoded("UTF-8 BOM", "\xef\xbb\xbf", 3, NULL, "", 0, "UTF-8", 0, true);
        expect_decoded("UTF-16LE BOM", "\xff\xfe", 2, NULL, "", 0, "UTF-16LE", 0, true);
        expect_decoded("UTF-16BE BOM", "\xfe\xff", 2, NULL, "", 0, "UTF-16BE", 0, true);
        decode_result_free(NULL);
}

Test(decode, utf8)
{
        size_t n;
        char *bom = join("\xef\xbb\xbf", 3, trad, strlen(trad), &n);

        expect_text("Traditional", trad, strlen(trad), NULL, trad, "UTF-8");
        expect_text("Simplified", simp, strlen(simp), NULL, simp, "UTF-8");
        expect_text("pinyin", "勞動(dòng)獎(jiǎng)", strlen("勞動(dòng)獎(jiǎng)"), NULL,
                    "勞動(dòng)獎(jiǎng)", "UTF-8");
        expect_text("ASCII", "plain text\n", 11, NULL, "plain text\n", "UTF-8");
        expect_decoded("with BOM", bom, n, NULL, trad, strlen(trad), "UTF-8", 0, true);
        free(bom);
}

/* text in encoding enc behind the BOM bom[0..bl): decoded back, BOM noted. */
static void expect_with_bom(const char *bom, size_t bl, const char *enc, const char *text)
{
        size_t n;
        char *body = encode(text, enc, &n);
        char *raw = join(bom, bl, body, n, &n);

        expect_decoded(enc, raw, n, NULL, text, strlen(text), enc, 0, true);
        free(body);
        free(raw);
}

Test(decode, utf16_with_bom)
{
        expect_with_bom("\xff\xfe", 2, "UTF-16LE", simp);
        expect_with_bom("\xfe\xff", 2, "UTF-16BE", trad);
}

/* UTF-32LE's BOM begins with UTF-16LE's: the longer match wins. */
Test(decode, utf32_with_bom)
{
        expect_with_bom("\xff\xfe\0\0", 4, "UTF-32LE", simp);
        expect_with_bom("\0\0\xfe\xff", 4, "UTF-32BE", trad);
}

/* A cut last code unit is one invalid sequence; the rest is kept. */
Test(decode, utf16_odd_length_keeps_the_rest)
{
        static const char raw[] = "\xff\xfe\x2d\x4e\x87\x65\x0a";
        struct decode_result r;

        cr_assert_eq(decode_bytes(raw, sizeof raw - 1, NULL, &r, NULL), LC_OK);
        cr_expect_str_eq(r.text, "中文\uFFFD");
        cr_expect_eq(r.invalid, 1);
        decode_result_free(&r);
}

Test(decode, utf16_without_bom_from_nul_parity)
{
        static const char text[] = "Speech of 2021-04-30: 大力弘扬劳模精神, labour and craft.\n"
                                   "Second line, mostly ASCII as in a bilingual file.\n";
        size_t n, m;
        char *le = encode(text, "UTF-16LE", &n), *be = encode(text, "UTF-16BE", &m);

        expect_text("LE", le, n, NULL, text, "UTF-16LE");
        expect_text("BE", be, m, NULL, text, "UTF-16BE");
        free(le);
        free(be);
}

/* Without ASCII there is no NUL to go by: the reading that is Chinese wins. */
Test(decode, utf16_without_bom_or_ascii)
{
        static const char *const texts[] = { "劳动模范和先进工作者表彰大会",
                                             "勞動模範和先進工作者表彰大會，弘揚勞模精神。" };
        for (size_t i = 0; i < LC_ARRAY_LEN(texts); i++) {
                size_t n, m;
                char *le = encode(texts[i], "UTF-16LE", &n), *be = encode(texts[i], "UTF-16BE", &m);

                expect_text("LE", le, n, NULL, texts[i], "UTF-16LE");
                expect_text("BE", be, m, NULL, texts[i], "UTF-16BE");
                free(le);
                free(be);
        }
}

Test(decode, gb18030_and_gbk)
{
        static const char rare[] = "4-byte GB18030: \U0001F600 € 㐀 and 劳模。\n";
        size_t n, m, k;
        char *gbk = encode(simp, "GBK", &n), *gb = encode(rare, "GB18030", &m);
        char *gtrad = encode(trad, "GB18030", &k);

        expect_text("GBK paragraph", gbk, n, NULL, simp, "GB18030");
        expect_text("4-byte sequences", gb, m, NULL, rare, "GB18030");
        expect_text("Traditional in GB18030", gtrad, k, NULL, trad, "GB18030");
        free(gbk);
        free(gb);
        free(gtrad);
}

Test(decode, big5)
{
        size_t n;
        char *b5 = encode(trad, "Big5", &n);

        expect_text("Big5 paragraph", b5, n, NULL, trad, "Big5");
        free(b5);
}

/*
 * The trap of ANCHORS.md: each side's bytes decode without a single error
 * in the other encoding, so only the plausibility score can tell them apart.
 */
Test(decode, big5_and_gbk_are_not_mistaken_for_each_other)
{
        static const char big5[] = "\xa7\xda\xad\xcc\xad\x6e\xb0\xed\xab\xf9\xa7\xef\xad\xb2"
                                   "\xb6\x7d\xa9\xf1";
        static const char gbk[] = "\xce\xd2\xc3\xc7\xd2\xaa\xbc\xe1\xb3\xd6\xb8\xc4\xb8\xef"
                                  "\xbf\xaa\xb7\xc5";
        struct decode_result r;

        expect_text("Big5 sentence", big5, sizeof big5 - 1, NULL, "我們要堅持改革開放", "Big5");
        expect_text("GBK sentence", gbk, sizeof gbk - 1, NULL, "我们要坚持改革开放", "GB18030");

        /* The trap is real: read the other way, both decode "successfully". */
        cr_assert_eq(decode_bytes(big5, sizeof big5 - 1, "gb18030", &r, NULL), LC_OK);
        cr_expect_str_neq(r.text, "我們要堅持改革開放");
        decode_result_free(&r);
        cr_assert_eq(decode_bytes(gbk, sizeof gbk - 1, "big5", &r, NULL), LC_OK);
        cr_expect_eq(r.invalid, 0, "GBK read as Big5 has no invalid byte");
        cr_expect_str_neq(r.text, "我们要坚持改革开放");
        decode_result_free(&r);
}

struct short_case {
        const char *id, *raw, *want, *encoding;
};

/* A word or two: too little for ICU's detector, enough for the score. */
static const struct short_case short_cases[] = {
        { "中文 Big5", "\xa4\xa4\xa4\xe5", "中文", "Big5" },
        { "中文 GBK", "\xd6\xd0\xce\xc4", "中文", "GB18030" },
        { "勞動 Big5", "\xb3\xd2\xb0\xca", "勞動", "Big5" },
        { "勞動 GBK", "\x84\xda\x84\xd3", "勞動", "GB18030" },
        { "人 Big5", "\xa4\x48", "人", "Big5" },
        { "人 GBK", "\xc8\xcb", "人", "GB18030" },
        /* A line of a few bytes, no NUL in it: ICU's UTF-16 guesses are no reading. */
        { "、跨 GB18030, odd length", "\xa1\xa2\xbf\xe7\x0a", "、跨\n", "GB18030" },
        { "臺灣 GB18030, odd length", "\xc5\x5f\x9e\xb3\x0a", "臺灣\n", "GB18030" },
        { "編輯:暢任杰 GB18030", "\xbe\x8e\xdd\x8b\x3a\x95\xb3\xc8\xce\xbd\xdc\x0a",
          "編輯:暢任杰\n", "GB18030" },
};

Test(decode, short_inputs)
{
        for (size_t i = 0; i < sizeof short_cases / sizeof short_cases[0]; i++) {
                const struct short_case *c = &short_cases[i];
                expect_text(c->id, c->raw, strlen(c->raw), NULL, c->want, c->encoding);
        }
}

Test(decode, latin1_is_not_read_as_chinese)
{
        static const char text[] = "Déjà vu: a naïve café reçoit son résumé à l'été.\n";
        size_t n;
        char *raw = encode(text, "ISO-8859-1", &n);
        struct decode_result r;

        cr_assert_eq(decode_bytes(raw, n, NULL, &r, NULL), LC_OK);
        cr_expect_str_eq(r.text, text, "encoding %s", r.encoding);
        cr_expect(strcmp(r.encoding, "GB18030") != 0 && strcmp(r.encoding, "Big5") != 0);
        decode_result_free(&r);
        free(raw);
}

struct other_case {
        const char *id, *text, *encoding;
};

/* Other scripts score neutral, so a Chinese misreading never beats them. */
static const struct other_case other_cases[] = {
        { "Russian", "Привет, как дела? Это обычный русский текст.\n", "KOI8-R" },
        { "Japanese", "日本語のテキストです。これは普通の文章です。\n", "Shift_JIS" },
        { "Korean", "한국어 텍스트입니다. 이것은 평범한 문장입니다.\n", "EUC-KR" },
};

Test(decode, other_scripts_keep_their_encoding)
{
        for (size_t i = 0; i < sizeof other_cases / sizeof other_cases[0]; i++) {
                const struct other_case *c = &other_cases[i];
                size_t n;
                char *raw = encode(c->text, c->encoding, &n);

                expect_text(c->id, raw, n, NULL, c->text, c->encoding);
                free(raw);
        }
}

/*
 * Badly damaged UTF-8 stays UTF-8, its Chinese searchable and its damage
 * counted: more than one bad byte in fifty is past the quick test, not past
 * the score; and nearly as many broken sequences as characters do not hand
 * it to ICU's windows-1252, which would read none of its Chinese.
 */
Test(decode, badly_damaged_utf8_still_wins_on_score)
{
        static const struct {
                const char *raw, *want;
                size_t invalid;
        } cases[] = {
                { "勞動模範\xff先進工作者\xfe人民滿意\x80的公務員",
                  "勞動模範\uFFFD先進工作者\uFFFD人民滿意\uFFFD的公務員", 3 },
                { "工匠精神\xff\xfe\xc0\x80 abc \xed\xa0\x80 劳动精神\n",
                  "工匠精神\uFFFD\uFFFD\uFFFD\uFFFD abc \uFFFD\uFFFD\uFFFD 劳动精神\n", 7 },
        };
        for (size_t i = 0; i < LC_ARRAY_LEN(cases); i++)
                expect_decoded("damaged", cases[i].raw, strlen(cases[i].raw), NULL, cases[i].want,
                               strlen(cases[i].want), "UTF-8", cases[i].invalid, false);
}

struct bad_case {
        const char *id, *bytes, *want;
        size_t invalid;
};

/* Each inserted into Chinese UTF-8 text, which therefore stays UTF-8. */
static const struct bad_case bad_cases[] = {
        { "lone continuation", "\x80", "\uFFFD", 1 },
        { "two continuations", "\x80\xbf", "\uFFFD\uFFFD", 2 },
        { "overlong C0 AF", "\xc0\xaf", "\uFFFD\uFFFD", 2 },
        { "overlong E0 80 AF", "\xe0\x80\xaf", "\uFFFD\uFFFD\uFFFD", 3 },
        { "overlong F0 80 80 AF", "\xf0\x80\x80\xaf", "\uFFFD\uFFFD\uFFFD\uFFFD", 4 },
        { "surrogate ED A0 80", "\xed\xa0\x80", "\uFFFD\uFFFD\uFFFD", 3 },
        { "above U+10FFFF", "\xf4\x90\x80\x80", "\uFFFD\uFFFD\uFFFD\uFFFD", 4 },
        { "F5 and FF", "\xf5\xff", "\uFFFD\uFFFD", 2 },
        { "cut 3-byte", "\xe5\x8b", "\uFFFD", 1 },
        { "cut 4-byte", "\xf0\x9f\x98", "\uFFFD", 1 },
        { "lead then ASCII", "\xe5" "a", "\uFFFD" "a", 1 },
};

Test(decode, invalid_utf8_kinds)
{
        for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
                const struct bad_case *c = &bad_cases[i];
                size_t n, m, k;
                char *a = join(simp, strlen(simp), c->bytes, strlen(c->bytes), &n);
                char *raw = join(a, n, trad, strlen(trad), &n);
                char *b = join(simp, strlen(simp), c->want, strlen(c->want), &m);
                char *want = join(b, m, trad, strlen(trad), &m);
                /* At the very end, the cut sequences are a file cut short. */
                char *tail = join(simp, strlen(simp), c->bytes, strlen(c->bytes), &k);

                expect_decoded(c->id, raw, n, NULL, want, m, "UTF-8", c->invalid, false);
                expect_decoded(c->id, tail, k, NULL, b, strlen(b), "UTF-8", c->invalid, false);
                free(a);
                free(raw);
                free(b);
                free(want);
                free(tail);
        }
}

Test(decode, utf8_cut_in_the_last_character)
{
        expect_decoded("D1", "\xe5\x8b\x9e\xe5\x8b", 5, NULL, "勞\uFFFD", 6, "UTF-8", 1, false);
}

struct forced_case {
        const char *id, *force, *source_encoding, *text, *encoding;
};

static const struct forced_case forced_cases[] = {
        { "gbk", "gbk", "GBK", "我们要坚持改革开放", "GBK" },
        { "GB18030", "GB18030", "GB18030", "劳模精神\U0001F600", "GB18030" },
        { "big5", "big5", "Big5", "我們要堅持改革開放", "Big5" },
        { "utf8 alias", "utf8", "UTF-8", "勞動(dòng)", "UTF-8" },
        { "utf-16le", "utf-16le", "UTF-16LE", "ab", "UTF-16LE" },
        { "utf-16be", "UTF-16BE", "UTF-16BE", "中文 text", "UTF-16BE" },
        { "latin1", "latin1", "ISO-8859-1", "café", "ISO-8859-1" },
        { "shift_jis", "shift_jis", "Shift_JIS", "日本語", "Shift_JIS" },
};

Test(decode, forced_encodings)
{
        for (size_t i = 0; i < sizeof forced_cases / sizeof forced_cases[0]; i++) {
                const struct forced_case *c = &forced_cases[i];
                size_t n;
                char *raw = encode(c->text, c->source_encoding, &n);

                expect_text(c->id, raw, n, c->force, c->text, c->encoding);
                free(raw);
        }
}

Test(decode, forced_encoding_is_used_as_is)
{
        static const char gbk[] = "\xd6\xd0\xce\xc4";
        struct decode_result r;

        /* Detection would say GB18030; the user said UTF-8, so four bad bytes. */
        expect_decoded("utf-8 on GBK", gbk, 4, "UTF-8", "\uFFFD\uFFFD\uFFFD\uFFFD", 12, "UTF-8",
                       4, false);
        /* UTF-16 is full of NULs; forcing it must not make the file binary. */
        cr_assert_eq(decode_bytes("a\0b\0c\0d\0e\0", 10, "utf-16le", &r, NULL), LC_OK);
        cr_expect_str_eq(r.text, "abcde");
        decode_result_free(&r);
        /* A BOM is still dropped. */
        expect_decoded("utf-8 with BOM", "\xef\xbb\xbf" "x", 4, "utf-8", "x", 1, "UTF-8", 0, true);
        expect_decoded("gb18030 empty", "", 0, "gb18030", "", 0, "GB18030", 0, false);
}

Test(decode, unknown_forced_encoding)
{
        expect_failure("unknown", "abc", 3, "klingon-42", LC_ENCODING, "klingon-42");
        expect_failure("empty name", "abc", 3, "", LC_ENCODING, "encoding");
}

Test(decode, binary_files)
{
        char nul_heavy[4096], controls[4096], elf[64] = "\x7f" "ELF\x02\x01\x01";
        uint32_t x = 12345;

        for (size_t i = 0; i < sizeof nul_heavy; i++) {
                x = x * 1103515245u + 12345u;
                nul_heavy[i] = (x >> 16) % 3 == 0 ? 0 : (char)('a' + (x >> 20) % 26);
                controls[i] = (x >> 16) % 5 == 0 ? (char)(1 + (x >> 20) % 7) : 'x';
        }
        expect_failure("NUL heavy", nul_heavy, sizeof nul_heavy, NULL, LC_EBINARY, "NUL");
        expect_failure("NUL heavy, forced 8-bit", nul_heavy, sizeof nul_heavy, "gbk", LC_EBINARY,
                       "NUL");
        expect_failure("ELF", elf, sizeof elf, NULL, LC_EBINARY, "ELF");
        expect_failure("PNG", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, NULL, LC_EBINARY, "PNG");
        expect_failure("gzip", "\x1f\x8b\x08\0", 4, NULL, LC_EBINARY, "gzip");
        expect_failure("controls", controls, sizeof controls, NULL, LC_EBINARY, "control");
}

/* Random high bytes decode "successfully" in GB18030 too, but into U+FFFD soup. */
Test(decode, random_high_bytes_are_binary)
{
        char raw[8192];
        uint32_t x = 1;

        for (size_t i = 0; i < sizeof raw; i++) {
                x = x * 1103515245u + 12345u;
                raw[i] = (char)(0x20 + (x >> 16) % 0xe0);
        }
        expect_failure("random", raw, sizeof raw, NULL, LC_EBINARY, "no plausible");
}

Test(decode, stray_nuls_stay_text)
{
        size_t n, m;
        char *a = join(simp, strlen(simp), "\0", 1, &n);
        char *raw = join(a, n, "x\0y", 3, &n);
        char *b = join(trad, strlen(trad), "\0\0", 2, &m);

        expect_decoded("two NULs", raw, n, NULL, raw, n, "UTF-8", 0, false);
        expect_decoded("NULs at the end", b, m, NULL, b, m, "UTF-8", 0, false);
        free(a);
        free(raw);
        free(b);
}

struct bom_case {
        const char *bom;
        size_t len;
        const char *encoding;
        size_t unit;            /* bytes of a code unit, for a NUL and a bad one */
        const char *bad;        /* a code unit that encoding cannot read */
};

static const struct bom_case bom_cases[] = {
        { "\xef\xbb\xbf", 3, "UTF-8", 1, "\xff" },
        { "\xff\xfe", 2, "UTF-16LE", 2, "\x00\xd8" },
        { "\xfe\xff", 2, "UTF-16BE", 2, "\xd8\x00" },
        { "\xff\xfe\0\0", 4, "UTF-32LE", 4, "\x00\x00\x11\x00" },
        { "\0\0\xfe\xff", 4, "UTF-32BE", 4, "\x00\x11\x00\x00" },
};

/*
 * A BOM names an encoding; it does not make an executable or compressed
 * data text. Without the BOM both are refused; with any of them too.
 */
Test(decode, a_bom_does_not_make_binary_text)
{
        char elf[8192] = "\x7f" "ELF\x02\x01\x01", packed[8192];
        uint32_t x = 7;

        for (size_t i = 7; i < sizeof elf; i++) {
                x = x * 1103515245u + 12345u;
                elf[i] = (x >> 16) % 3 == 0 ? 0 : (char)(x >> 20);
        }
        for (size_t i = 0; i < sizeof packed; i++) {
                x = x * 1103515245u + 12345u;
                packed[i] = (char)(x >> 16);
        }
        for (size_t i = 0; i < LC_ARRAY_LEN(bom_cases); i++) {
                const struct bom_case *c = &bom_cases[i];
                size_t n;
                char *raw = join(c->bom, c->len, elf, sizeof elf, &n);

                expect_failure(c->encoding, raw, n, NULL, LC_EBINARY, "binary file");
                free(raw);
                raw = join(c->bom, c->len, packed, sizeof packed, &n);
                expect_failure(c->encoding, raw, n, NULL, LC_EBINARY, "binary file");
                free(raw);
        }
        expect_failure("ELF", elf, sizeof elf, NULL, LC_EBINARY, "ELF");
        expect_failure("random", packed, sizeof packed, NULL, LC_EBINARY, "binary file");
}

/* Behind each BOM, text with two stray NULs and a code unit it cannot read is text. */
Test(decode, damaged_text_behind_a_bom_stays_text)
{
        for (size_t i = 0; i < LC_ARRAY_LEN(bom_cases); i++) {
                const struct bom_case *c = &bom_cases[i];
                static const char zeros[8] = { 0 };
                size_t n, m, k, w;
                char *a = encode(simp, c->encoding, &n), *b = encode(trad, c->encoding, &m);
                char *raw = join(c->bom, c->len, a, n, &k), *t;

                t = join(raw, k, zeros, 2 * c->unit, &k);
                free(raw);
                raw = join(t, k, c->bad, c->unit, &k);
                free(t);
                t = join(raw, k, b, m, &k);
                free(raw);
                raw = t;
                char *p = join(simp, strlen(simp), "\0\0\uFFFD", 5, &w);
                char *want = join(p, w, trad, strlen(trad), &w);

                expect_decoded(c->encoding, raw, k, NULL, want, w, c->encoding, 1, true);
                free(a);
                free(b);
                free(raw);
                free(p);
                free(want);
        }
}

/* Cyrillic in UTF-16 is a control byte every other byte: the BOM's text is judged, not its bytes. */
Test(decode, other_scripts_behind_a_bom)
{
        for (size_t i = 1; i < LC_ARRAY_LEN(bom_cases); i++)
                expect_with_bom(bom_cases[i].bom, bom_cases[i].len, bom_cases[i].encoding,
                                "Привет, как дела? Это обычный русский текст.\n");
}

Test(decode, two_megabyte_single_line)
{
        size_t unit = strlen(simp) - 1, reps = 2 * 1024 * 1024 / unit + 1, n = unit * reps, m;
        char *line = malloc(n + 1);
        struct decode_result r;

        for (size_t i = 0; i < reps; i++)
                memcpy(line + i * unit, simp, unit);
        line[n] = '\0';
        cr_assert_eq(decode_bytes(line, n, NULL, &r, NULL), LC_OK);
        cr_expect_str_eq(r.encoding, "UTF-8");
        cr_expect(r.len == n && memcmp(r.text, line, n) == 0);
        decode_result_free(&r);

        /* The same line in GB18030 goes through ICU in pieces. */
        char *gb = encode(line, "GB18030", &m);
        cr_assert_eq(decode_bytes(gb, m, NULL, &r, NULL), LC_OK);
        cr_expect_str_eq(r.encoding, "GB18030");
        cr_expect(r.len == n && memcmp(r.text, line, n) == 0);
        decode_result_free(&r);
        free(gb);
        free(line);
}

/* Latin-1 to UTF-8 doubles every byte: the output buffer has to grow. */
Test(decode, conversion_output_grows)
{
        size_t n = 100000;
        char *raw = malloc(n);
        struct decode_result r;

        memset(raw, 0xe9, n);
        cr_assert_eq(decode_bytes(raw, n, "latin1", &r, NULL), LC_OK);
        cr_assert_eq(r.len, 2 * n);
        for (size_t i = 0; i < n; i++)
                cr_assert(r.text[2 * i] == '\xc3' && r.text[2 * i + 1] == '\xa9', "at %zu", i);
        decode_result_free(&r);
        free(raw);
}

Test(decode, invalid_bytes_in_gb18030_are_counted)
{
        size_t n, m, k;
        char *gb = encode(simp, "GB18030", &n);
        /* After five 2-byte characters: 0xFF is never part of GB18030. */
        char *a = join(gb, 10, "\xff", 1, &m);
        char *b = join(a, m, gb + 10, n - 10, &m);
        /* A lone lead byte at the end is a file cut short. */
        char *raw = join(b, m, "\x81", 1, &m);
        char *w1 = join("有幸在现场", strlen("有幸在现场"), "\uFFFD", 3, &k);
        char *w2 = join(w1, k, simp + strlen("有幸在现场"), strlen(simp) - strlen("有幸在现场"), &k);
        char *want = join(w2, k, "\uFFFD", 3, &k);

        expect_decoded("GB18030 with bad bytes", raw, m, NULL, want, k, "GB18030", 2, false);
        free(gb);
        free(a);
        free(b);
        free(raw);
        free(w1);
        free(w2);
        free(want);
}

struct char_case {
        const char *bytes;
        size_t n, len;
        int32_t cp;
};

static const struct char_case char_cases[] = {
        { "a", 1, 1, 'a' },
        { "\xc2\xa0", 2, 2, 0xa0 },
        { "\xe5\x8b\x9e", 3, 3, 0x52de },
        { "\xf0\x9f\x98\x80", 4, 4, 0x1f600 },
        { "\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff },
        { "\xc1\xbf", 2, 1, -1 },
        { "\xe0\x9f\x80", 3, 1, -1 },
        { "\xed\x9f\xbf", 3, 3, 0xd7ff },
        { "\xed\xa0\x80", 3, 1, -1 },
        { "\xf0\x8f\xbf\xbf", 4, 1, -1 },
        { "\xf4\x90\x80\x80", 4, 1, -1 },
        { "\xe5\x8b", 2, 2, -1 },
        { "\xe5\x8b\x41", 3, 2, -1 },
        { "\xf0\x9f\x98", 3, 3, -1 },
        { "\xbf", 1, 1, -1 },
};

Test(decode, utf8_char_maximal_subparts)
{
        for (size_t i = 0; i < sizeof char_cases / sizeof char_cases[0]; i++) {
                const struct char_case *c = &char_cases[i];
                size_t len = 0;
                int32_t cp = decode_utf8_char(c->bytes, c->n, &len);

                cr_expect_eq(cp, c->cp, "case %zu: U+%04X", i, (unsigned)cp);
                cr_expect_eq(len, c->len, "case %zu: length %zu", i, len);
        }
}
