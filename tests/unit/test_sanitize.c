/*
 * Tests for sanitize: the cases S1-S14 and D1-D4 of CJK-TEXT.md §6, line
 * endings, the base given to stray combining marks, every terminal escape a
 * file could carry, agreement with the §5.2 table for every code point
 * (with wcwidth() as the oracle), and a random-bytes property: whatever goes
 * in, what comes out is valid UTF-8 that cannot change terminal state.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include <wchar.h>

#include "sanitize.h"
#include "testlib.h"

TestSuite(sanitize, .init = need_utf8_locale);

/* Bytes as C-escaped text, for failure messages. */
static char *show(const char *s, size_t n)
{
        char *o = malloc(4 * n + 1), *q = o;

        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)s[i];

                if (c >= 0x20 && c < 0x7f && c != '\\')
                        *q++ = (char)c;
                else
                        q += sprintf(q, "\\x%02x", c);
        }
        *q = '\0';
        return o;
}

static void expect_sanitized(const char *id, const char *in, size_t n, const char *want)
{
        size_t len = 0;
        char *got = sanitize_text(in, n, &len, NULL);

        cr_expect_eq(len, strlen(got), "%s: length matches the string", id);
        if (len != strlen(want) || memcmp(got, want, len) != 0)
                cr_expect_fail("%s: in \"%s\"\n got \"%s\"\nwant \"%s\"", id, show(in, n),
                               show(got, len), show(want, strlen(want)));
        free(got);
}

struct sanitize_case {
        const char *id, *in;
        size_t n;               /* 0: strlen(in) */
        const char *want;
};

/* CJK-TEXT.md §6: S1-S14 and D1-D4. S11 strips pinyin only as a display
 * option elsewhere; the sanitiser itself keeps it (search folding hides it). */
static const struct sanitize_case spec_cases[] = {
        { "S1", "a\x1b[31mb", 0, "a^[[31mb" },
        { "S2", "a\xc2\x9b" "31mb", 0, "a<U+009B>31mb" },
        { "S3", "abc\rd", 0, "abc\nd" },
        { "S4", "a\u202Eb\u2066c\u2069", 0, "a<U+202E>b<U+2066>c<U+2069>" },
        { "S5", "a\u00ADb\u200Bc\uFEFFd", 0, "abcd" },
        { "S6", "x\u2764\uFE0Fy", 0, "x\u2764y" },
        { "S7", "\U0001F468\u200D\U0001F469\u200D\U0001F467", 0,
          "\U0001F468\U0001F469\U0001F467" },
        { "S8", "a\u0378b\xef\xbf\xbf" "c", 0, "a\uFFFDb\uFFFDc" },
        { "S9", "a\x07" "b\x7f" "c\td", 0, "a^Gb^?c d" },
        { "S10", "第一段\u2028第二段", 0, "第一段\n第二段" },
        { "S11-kept", "勞動(dòng)者的勞(láo)模", 0, "勞動(dòng)者的勞(láo)模" },
        { "S12", "\uFFF9勞動\uFFFAlaodong\uFFFB者", 0, "勞動者" },
        { "S13", "a\u200Eb\u200Fc", 0, "abc" },
        { "S14", "\U0001F44D\U0001F3FB字\U000E0100", 0, "\U0001F44D字\U000E0100" },
        { "D1", "\xe5\x8b\x9e\xe5\x8b", 0, "勞\uFFFD" },
        { "D2", "\x61\xc0\xaf\x62", 0, "a\uFFFD\uFFFDb" },
        { "D3", "\xed\xa0\x80", 0, "\uFFFD\uFFFD\uFFFD" },
        { "D4", "\xef\xbb\xbf\xe5\x8b\x9e", 0, "勞" },
};

Test(sanitize, spec_cases)
{
        for (size_t i = 0; i < sizeof spec_cases / sizeof spec_cases[0]; i++) {
                const struct sanitize_case *c = &spec_cases[i];
                expect_sanitized(c->id, c->in, c->n ? c->n : strlen(c->in), c->want);
        }
}

/*
 * S8 for a character newer than the C library (U+1FAE8, Unicode 15): a
 * terminal may draw it 0, 1 or 2 wide, so it is shown as U+FFFD -- until
 * the C library knows it, when it is kept like any other.
 */
Test(sanitize, s8_newer_than_the_c_library)
{
        const char *in = "a\U0001FAE8b";
        expect_sanitized("S8-unicode15", in, strlen(in),
                         wcwidth(0x1FAE8) < 0 ? "a\uFFFDb" : in);
}

static const struct sanitize_case table_cases[] = {
        { "LF", "a\nb\n", 0, "a\nb\n" },
        { "CRLF", "a\r\nb\r\n", 0, "a\nb\n" },
        { "CR mixed", "a\rb\r\nc\n\rd\r\r\ne\r", 0, "a\nb\nc\n\nd\n\ne\n" },
        { "NEL", "a\xc2\x85" "b", 0, "a\nb" },
        { "PS", "a\u2029b", 0, "a\n\nb" },
        { "tab", "\ta\t\tb", 0, " a  b" },
        { "NUL", "a\0b", 3, "a^@b" },
        { "C0 all", "\x01\x02\x1a\x1b\x1c\x1f", 0, "^A^B^Z^[^\\^_" },
        { "C1 ends", "\xc2\x80\xc2\x9f", 0, "<U+0080><U+009F>" },
        { "bidi all", "\u202A\u202B\u202C\u202D\u2067\u2068", 0,
          "<U+202A><U+202B><U+202C><U+202D><U+2067><U+2068>" },
        { "removed", "a\u061C\u2060\uFE0E\U000E0001\U000E0041\U000E007F\U0001F3FFb", 0, "ab" },
        { "nonchars", "\uFDD0\uFDEF\U0001FFFE\U0010FFFF", 0, "\uFFFD\uFFFD\uFFFD\uFFFD" },
        { "above U+10FFFF", "\xf4\x90\x80\x80", 0, "\uFFFD\uFFFD\uFFFD\uFFFD" },
        { "lone continuation", "a\x80\xbf" "b", 0, "a\uFFFD\uFFFDb" },
        { "overlong 3", "\xe0\x80\xaf", 0, "\uFFFD\uFFFD\uFFFD" },
        { "bad lead", "\xf5\xff\xfe", 0, "\uFFFD\uFFFD\uFFFD" },
        { "cut 4", "a\xf0\x9f\x98", 0, "a\uFFFD" },
        { "cut then ok", "\xe4\xb8" "a", 0, "\uFFFDa" },
        { "raw C1 byte", "a\x9b" "2J", 0, "a\uFFFD2J" },
        { "pinyin precomposed", "勞動(dòng)", 0, "勞動(dòng)" },
        { "pinyin combining", "do\u0300ng", 0, "do\u0300ng" },
        { "IVS", "葛\U000E0100", 0, "葛\U000E0100" },
        { "jamo", "\u1100\u1161\u11A8", 0, "\u1100\u1161\u11A8" },
        { "flags", "\U0001F1E8\U0001F1F3", 0, "\U0001F1E8\U0001F1F3" },
        { "corpus line", "12月22日上午,本市召開市勞動模範、先進工作者", 0,
          "12月22日上午,本市召開市勞動模範、先進工作者" },
        { "punct", "“你好”……——《》（）ＧＤＰ·ā", 0, "“你好”……——《》（）ＧＤＰ·ā" },
        { "annotation unclosed", "\uFFF9勞\uFFFAlao", 0, "勞lao" },
        { "annotation not across lines", "\uFFF9勞\uFFFAx\ny\uFFFBz", 0, "勞x\nyz" },
        { "annotation twice", "\uFFF9a\uFFFAb\uFFFBc\uFFF9d\uFFFAe\uFFFBf", 0, "acdf" },
        { "annotation stray", "a\uFFFAb\uFFFBc", 0, "abc" },
        { "empty", "", 0, "" },
};

Test(sanitize, table)
{
        for (size_t i = 0; i < sizeof table_cases / sizeof table_cases[0]; i++) {
                const struct sanitize_case *c = &table_cases[i];
                expect_sanitized(c->id, c->in, c->n ? c->n : strlen(c->in), c->want);
        }
}

/* A combining mark never reaches ncurses without a base: U+00A0 is given. */
static const struct sanitize_case mark_cases[] = {
        { "start", "\u0301a", 0, "\u00A0\u0301a" },
        { "after base", "e\u0301", 0, "e\u0301" },
        { "line start", "x\n\u0301", 0, "x\n\u00A0\u0301" },
        { "after CR", "x\r\u0301", 0, "x\n\u00A0\u0301" },
        { "after caret", "\x1b\u0301", 0, "^[\u00A0\u0301" },
        { "after hex", "\u202E\u0301", 0, "<U+202E>\u00A0\u0301" },
        { "after ZWSP", "a\u200B\u0301", 0, "a\u00A0\u0301" },
        { "after VS16 stays on base", "a\uFE0F\u0301", 0, "a\u0301" },
        { "after ZWJ stays on base", "a\u200D\u0301", 0, "a\u0301" },
        { "on U+FFFD", "\xff\u0301", 0, "\uFFFD\u0301" },
        { "after tab", "\t\u0301", 0, " \u0301" },
        { "IVS at start", "\U000E0100字", 0, "\u00A0\U000E0100字" },
        { "several marks share one base", "\u0300\u0301", 0, "\u00A0\u0300\u0301" },
};

Test(sanitize, stray_combining_marks)
{
        for (size_t i = 0; i < sizeof mark_cases / sizeof mark_cases[0]; i++) {
                const struct sanitize_case *c = &mark_cases[i];
                expect_sanitized(c->id, c->in, c->n ? c->n : strlen(c->in), c->want);
        }
}

/*
 * Nothing that can reach the terminal may change its state: no C0 but '\n',
 * no DEL, no C1 (C2 80-9F), no bidi override or isolate, and only valid
 * UTF-8 whose code points the C library can measure. Also checks that a
 * combining mark never starts a line.
 */
static void assert_inert(const char *id, const char *s, size_t n)
{
        size_t i = 0;
        int prev_nl = 1;

        cr_assert_null(u8_check((const uint8_t *)s, n), "%s: output is valid UTF-8", id);
        cr_assert_eq(s[n], '\0', "%s: NUL-terminated", id);
        while (i < n) {
                ucs4_t c;
                int len = u8_mbtouc(&c, (const uint8_t *)s + i, n - i);

                cr_assert(c == '\n' || (c >= 0x20 && c != 0x7f), "%s: C0/DEL U+%04X", id, c);
                cr_assert(c < 0x80 || c > 0x9f, "%s: C1 U+%04X at %zu", id, c, i);
                cr_assert(!(c >= 0x202a && c <= 0x202e) && !(c >= 0x2066 && c <= 0x2069) &&
                          c != 0x200e && c != 0x200f && c != 0x061c,
                          "%s: bidi U+%04X", id, c);
                cr_assert(!(c >= 0xfdd0 && c <= 0xfdef) && (c & 0xfffe) != 0xfffe,
                          "%s: noncharacter U+%04X", id, c);
                cr_assert(!(c >= 0xe0000 && c <= 0xe007f) && c != 0xfeff && c != 0x200b &&
                          c != 0x00ad && c != 0x200d && c != 0xfe0f && c != 0xfe0e &&
                          !(c >= 0x1f3fb && c <= 0x1f3ff) && !(c >= 0xfff9 && c <= 0xfffb),
                          "%s: invisible U+%04X kept", id, c);
                if (c != '\n') {
                        int w = wcwidth((wchar_t)c);
                        cr_assert(w >= 0, "%s: wcwidth(U+%04X) < 0", id, c);
                        cr_assert(!(w == 0 && prev_nl), "%s: U+%04X without a base", id, c);
                }
                prev_nl = c == '\n';
                i += (size_t)len;
        }
}

/* Every way a file could try to talk to the terminal, and how it looks. */
static const struct sanitize_case escape_cases[] = {
        { "CSI clear screen", "x\x1b[2Jy", 0, "x^[[2Jy" },
        { "OSC title", "\x1b]0;pwned\x07", 0, "^[]0;pwned^G" },
        { "OSC 52 clipboard", "\x1b]52;c;cm0gLXJmIH4=\x07", 0, "^[]52;c;cm0gLXJmIH4=^G" },
        { "OSC 8 hyperlink", "\x1b]8;;http://x/\x1b\\link\x1b]8;;\x1b\\", 0,
          "^[]8;;http://x/^[\\link^[]8;;^[\\" },
        { "DCS", "\x1bPq#0;2;0;0;0#0~~\x1b\\", 0, "^[Pq#0;2;0;0;0#0~~^[\\" },
        { "cursor position query", "\x1b[6n", 0, "^[[6n" },
        { "C1 CSI in UTF-8", "\xc2\x9b" "2J\xc2\x9d" "0;t\xc2\x9c", 0,
          "<U+009B>2J<U+009D>0;t<U+009C>" },
        { "alternate screen", "\x1b[?1049h", 0, "^[[?1049h" },
        { "charset switch", "\x1b(0lqk\x1b(B", 0, "^[(0lqk^[(B" },
        { "BEL BS VT FF", "a\x07\x08\x0b\x0c" "b", 0, "a^G^H^K^Lb" },
        { "SI SO", "\x0e\x0f", 0, "^N^O" },
        { "8-bit CSI byte", "\x9b" "31m", 0, "\uFFFD31m" },
        { "trojan source", "/* \u202E } \u2066if (admin)\u2069 \u2066 begin", 0,
          "/* <U+202E> } <U+2066>if (admin)<U+2069> <U+2066> begin" },
};

Test(sanitize, terminal_escapes_are_inert)
{
        for (size_t i = 0; i < sizeof escape_cases / sizeof escape_cases[0]; i++) {
                const struct sanitize_case *c = &escape_cases[i];
                size_t n = c->n ? c->n : strlen(c->in), len;
                char *got = sanitize_text(c->in, n, &len, NULL);

                assert_inert(c->id, got, len);
                free(got);
                expect_sanitized(c->id, c->in, n, c->want);
        }
}

Test(sanitize, stats_count_what_was_done)
{
        const char in[] = "\x1b\xc2\x85\xc2\x9b\u202E\u2066\u200B\u00AD\uFE0F\uFDD0\xff\u0378ok\r\n";
        struct sanitize_stats st;
        size_t len;
        char *got = sanitize_text(in, sizeof in - 1, &len, &st);

        cr_expect_eq(st.controls, 2, "ESC and U+009B (NEL is a line end)");
        cr_expect_eq(st.bidi, 2);
        cr_expect_eq(st.removed, 3);
        cr_expect_eq(st.replaced, 3, "noncharacter, bad byte, unassigned");
        cr_expect_str_eq(got, "^[\n<U+009B><U+202E><U+2066>\uFFFD\uFFFD\uFFFDok\n");
        free(got);
        free(sanitize_text(in, sizeof in - 1, NULL, NULL));
}

Test(sanitize, empty_input_without_a_buffer)
{
        size_t len = 99;
        char *got = sanitize_text(NULL, 0, &len, NULL);

        cr_expect_eq(len, 0);
        cr_expect_str_eq(got, "");
        free(got);
}

/* UTF-8 of c (a scalar value) into b; returns the length. */
static size_t put_utf8(char *b, uint32_t c)
{
        int n = u8_uctomb((uint8_t *)b, c, 4);

        cr_assert_gt(n, 0);
        return (size_t)n;
}

/*
 * The §5.2 table for one code point after a base 'a' (so width-0 code
 * points stay as they are), with the C library as the oracle for what can
 * be measured. Independent of sanitize.c's fast paths, which it checks.
 */
static size_t expected_after_a(uint32_t c, char *b)
{
        static const uint32_t removed[] = { 0x200e, 0x200f, 0x061c, 0x00ad, 0x200b, 0x2060,
                                            0xfeff, 0xfe0e, 0xfe0f, 0x200d, 0xfff9, 0xfffa,
                                            0xfffb };

        if (c == '\n' || c == '\r' || c == 0x85 || c == 0x2028)
                return (size_t)sprintf(b, "\n");
        if (c == 0x2029)
                return (size_t)sprintf(b, "\n\n");
        if (c == '\t')
                return (size_t)sprintf(b, " ");
        if (c < 0x20 || c == 0x7f)
                return (size_t)sprintf(b, "^%c", (char)(c ^ 0x40));
        if ((c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) ||
            (c >= 0x2066 && c <= 0x2069))
                return (size_t)sprintf(b, "<U+%04X>", (unsigned)c);
        for (size_t i = 0; i < sizeof removed / sizeof removed[0]; i++)
                if (c == removed[i])
                        return 0;
        if ((c >= 0xe0000 && c <= 0xe007f) || (c >= 0x1f3fb && c <= 0x1f3ff))
                return 0;
        if ((c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) == 0xfffe || wcwidth((wchar_t)c) < 0)
                return put_utf8(b, 0xfffd);
        return put_utf8(b, c);
}

static void expect_one(uint32_t c, const char *in, size_t n, const char *want, size_t wn)
{
        size_t len;
        char *got = sanitize_text(in, n, &len, NULL);

        if (len != wn || memcmp(got, want, wn) != 0)
                cr_assert_fail("U+%04X in \"%s\": got \"%s\", want \"%s\"", (unsigned)c,
                               show(in, n), show(got, len), show(want, wn));
        free(got);
}

/* Each code point after a base, and alone (where a width-0 one gets U+00A0). */
Test(sanitize, every_code_point_follows_the_table)
{
        char in[8], want[16];

        for (uint32_t c = 0; c <= 0x10ffff; c++) {
                if (c >= 0xd800 && c <= 0xdfff)
                        continue;
                size_t n = 1 + put_utf8(in + 1, c), wn = 1 + expected_after_a(c, want + 1);
                in[0] = want[0] = 'a';
                expect_one(c, in, n, want, wn);
                if (wn - 1 == n - 1 && memcmp(in + 1, want + 1, n - 1) == 0 &&
                    c >= 0x20 && wcwidth((wchar_t)c) == 0) {
                        memcpy(want, "\xc2\xa0", 2);
                        memcpy(want + 2, in + 1, n - 1);
                        expect_one(c, in + 1, n - 1, want, n + 1);
                } else {
                        expect_one(c, in + 1, n - 1, want + 1, wn - 1);
                }
        }
}

/* A small fixed-seed generator, so a failure is reproducible. */
static uint32_t rnd(uint64_t *state)
{
        *state = *state * 6364136223846793005ull + 1442695040888963407ull;
        return (uint32_t)(*state >> 33);
}

/* Fragments that steer random input towards the interesting cases. */
static const char *const fragments[] = {
        "\x1b[", "\r\n", "\r", "\n", "\t", "\xc2\x9b", "\u202E", "\u200D", "\uFE0F",
        "\u0301", "\uFFF9", "\uFFFA", "\uFFFB", "\U000E0100", "\U0001F3FB", "勞", "。",
        "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe5\x8b", "\xc0\xaf", "\u2028", "\u2029",
        "\u00AD", "\uFEFF", "\U0001FAE8", "\xef\xbf\xbf", "\u0378", "a",
};

Test(sanitize, random_bytes_come_out_inert)
{
        uint64_t state = 20240611;
        char in[256];

        for (int round = 0; round < 4000; round++) {
                size_t n = 0, target = rnd(&state) % 200;

                while (n < target) {
                        if (rnd(&state) % 3 == 0) {
                                const char *f = fragments[rnd(&state) % (sizeof fragments /
                                                                         sizeof fragments[0])];
                                size_t fl = strlen(f);
                                if (n + fl > sizeof in)
                                        break;
                                memcpy(in + n, f, fl);
                                n += fl;
                        } else {
                                in[n++] = (char)(rnd(&state) & 0xff);
                        }
                }
                size_t len;
                char *got = sanitize_text(in, n, &len, NULL);
                char id[32];

                snprintf(id, sizeof id, "round %d", round);
                assert_inert(id, got, len);
                free(got);
        }
}

/* Sanitising is a fixed point: the output of the output is the output. */
Test(sanitize, idempotent_on_its_output)
{
        static const char in[] = "\u0301a\x1b[1m勞動(dòng)\r\n\u202E\xff\uFFF9x\uFFFAy\uFFFB\t";
        size_t n1, n2;
        char *once = sanitize_text(in, sizeof in - 1, &n1, NULL);
        char *twice = sanitize_text(once, n1, &n2, NULL);

        cr_expect_eq(n1, n2);
        cr_expect_str_eq(once, twice);
        free(once);
        free(twice);
}

/* A long single line with special characters throughout stays exact. */
Test(sanitize, long_line)
{
        const char unit[] = "勞動者\u200B的\x1b";
        const char want_unit[] = "勞動者的^[";
        size_t reps = 100000, len;
        char *in = malloc(reps * (sizeof unit - 1));

        for (size_t i = 0; i < reps; i++)
                memcpy(in + i * (sizeof unit - 1), unit, sizeof unit - 1);
        char *got = sanitize_text(in, reps * (sizeof unit - 1), &len, NULL);

        cr_assert_eq(len, reps * (sizeof want_unit - 1));
        for (size_t i = 0; i < reps; i++)
                cr_assert(memcmp(got + i * (sizeof want_unit - 1), want_unit,
                                 sizeof want_unit - 1) == 0, "unit %zu", i);
        free(got);
        free(in);
}

/* --------------------------------------------------------------- shifts */

/* The input's line and column of output offset off, through the shifts. */
static void input_pos(const char *out, const struct sanitize_shift *v, size_t n, size_t off,
                      long *line, long *col)
{
        long l = 0, c = 0;
        for (size_t i = 0; i < off; i++) {
                if (out[i] == '\n') {
                        l++;
                        c = 0;
                } else if (((unsigned char)out[i] & 0xc0) != 0x80) {
                        c++;
                }
        }
        const struct sanitize_shift *s = NULL;
        for (size_t i = 0; i < n && v[i].at <= off; i++) {
                if (i > 0)
                        cr_assert_gt(v[i].at, v[i - 1].at, "shifts out of order");
                s = &v[i];
        }
        *line = l + (s ? s->dline : 0);
        *col = c + (s ? s->dcol : 0);
}

Test(sanitize, plain_text_needs_no_shifts)
{
        static const char in[] = "勞動者\n的 tab\there\r\nCR\rend";
        struct sanitize_shift *v = (void *)1;
        size_t n = 7, len;
        char *out = sanitize_text_shifts(in, sizeof in - 1, &len, NULL, &v, &n);

        cr_expect_null(v);
        cr_expect_eq(n, 0);
        free(out);
}

/*
 * Every character copied unchanged is found at the line and column it had
 * in the input, where lines end at LF, CR LF or a lone CR and columns count
 * code points: random texts of unique Han markers mixed with everything
 * the sanitiser rewrites.
 */
Test(sanitize, shifts_give_back_the_input_positions)
{
        static const char *const edits[] = {
                "\n", "\r", "\r\n", "\u2028", "\u2029", "\xc2\x85", "\x1b", "\x01", "\x7f",
                "\u202E", "\u2066", "\xc2\x90", "\u200B", "\uFEFF", "\u200D", "\uFE0F",
                "\U0001F3FB", "\u0301", "\t", "\xff", "\xe5\x8b", "\U000E0041",
        };
        uint64_t state = 20261122;

        for (int round = 0; round < 2000; round++) {
                char in[2048];
                long want_line[200], want_col[200];
                size_t n = 0, nmark = 0;
                long line = 0, col = 0;
                bool after_cr = false;

                while (nmark < 200 && n + 8 < sizeof in) {
                        if (rnd(&state) % 3) {
                                uint32_t cp = 0x4e00 + (uint32_t)nmark;
                                if (after_cr)
                                        after_cr = false;
                                want_line[nmark] = line;
                                want_col[nmark++] = col++;
                                n += (size_t)u8_uctomb((uint8_t *)in + n, cp, 4);
                                continue;
                        }
                        const char *e = edits[rnd(&state) % (sizeof edits / sizeof edits[0])];
                        size_t el = strlen(e);
                        memcpy(in + n, e, el);
                        n += el;
                        if (strcmp(e, "\n") == 0) {
                                if (!after_cr)
                                        line++;
                                col = 0;
                                after_cr = false;
                        } else if (strcmp(e, "\r") == 0) {
                                line++;
                                col = 0;
                                after_cr = true;
                        } else if (strcmp(e, "\r\n") == 0) {
                                line++;
                                col = 0;
                                after_cr = false;
                        } else {
                                /* An invalid sequence is one character, as U+FFFD shows it. */
                                col += (long)(e[0] == '\xff' || e[0] == '\xe5' ? 1
                                              : u8_mbsnlen((const uint8_t *)e, el));
                                after_cr = false;
                        }
                }
                struct sanitize_shift *v;
                size_t nv, len;
                char *out = sanitize_text_shifts(in, n, &len, NULL, &v, &nv);

                for (size_t k = 0; k < nmark; k++) {
                        char mark[5];
                        int ml = u8_uctomb((uint8_t *)mark, 0x4e00 + (uint32_t)k, 4);
                        const char *at = strstr(out, (mark[ml] = '\0', mark));
                        cr_assert_not_null(at, "round %d: marker %zu lost", round, k);
                        long l, c;
                        input_pos(out, v, nv, (size_t)(at - out), &l, &c);
                        cr_assert(l == want_line[k] && c == want_col[k],
                                  "round %d, marker %zu: %ld:%ld, want %ld:%ld in %s", round, k,
                                  l, c, want_line[k], want_col[k], show(in, n));
                }
                free(v);
                free(out);
        }
}

/* A removed annotation counts its characters; the text after it lines up. */
Test(sanitize, shifts_count_a_removed_annotation)
{
        static const char in[] = "\uFFF9勞動\uFFFAlaodong\uFFFB者";
        struct sanitize_shift *v;
        size_t nv, len;
        char *out = sanitize_text_shifts(in, sizeof in - 1, &len, NULL, &v, &nv);

        cr_assert_str_eq(out, "勞動者");
        long l, c;
        input_pos(out, v, nv, (size_t)(strstr(out, "者") - out), &l, &c);
        cr_expect_eq(l, 0);
        cr_expect_eq(c, 12, "者 is the 13th character of the input, got column %ld", c);
        free(v);
        free(out);
}

/* A query is sanitised as if it stood in a text: a leading mark gets no base. */
Test(sanitize, a_query_keeps_its_leading_mark_bare)
{
        size_t n;
        char *q = sanitize_query("\u0301s\x1b", strlen("\u0301s\x1b"), &n);
        cr_expect_str_eq(q, "\u0301s^[");
        cr_expect_eq(n, strlen("\u0301s^["));
        free(q);
        q = sanitize_query("", 0, &n);
        cr_expect_str_eq(q, "");
        cr_expect_eq(n, 0);
        free(q);
        char *t = sanitize_text("\u0301s", strlen("\u0301s"), &n, NULL);
        cr_expect_str_eq(t, "\u00a0\u0301s", "a text's leading mark does get one");
        free(t);
}

/*
 * On one line each line ending is shown as the control it is, where a text
 * ends its lines at CR LF and a lone CR (S3); the other breaks have no
 * caret of their own and show their code points, not a ^J they are not.
 */
Test(sanitize, a_line_shows_cr_as_cr)
{
        static const struct {
                const char *in, *want;
        } cases[] = {
                { "cr\rname.txt", "cr^Mname.txt" },
                { "crlf\r\nname.txt", "crlf^M^Jname.txt" },
                { "lf\nname.txt", "lf^Jname.txt" },
                { "\r\r\n\n", "^M^M^J^J" },
                { "\r\u0301", "^M\u00a0\u0301" },
                { "tab\tesc\x1b[2J\x07", "tab esc^[[2J^G" },
                { "nel\xc2\x85ls\u2028ps\u2029.", "nel<U+0085>ls<U+2028>ps<U+2029>." },
                { "", "" },
        };
        for (size_t i = 0; i < LC_ARRAY_LEN(cases); i++) {
                char *got = sanitize_line(cases[i].in);
                cr_expect_str_eq(got, cases[i].want, "case %zu", i);
                free(got);
        }
        char *none = sanitize_line(NULL);
        cr_expect_str_eq(none, "");
        free(none);
        expect_sanitized("a text still ends lines at CR", "a\rb\r\nc", 6, "a\nb\nc");
}
