/*
 * Tests for width: the column counts of CJK-TEXT.md §6 (W1–W11), agreement
 * with wcwidth() over all of Unicode, the look-alikes shown for terminals
 * that draw Ambiguous characters two wide (A1–A4), grapheme clusters
 * (G1–G6), and the cluster-safe cuts width_fit and width_truncate.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unistr.h>
#include <wchar.h>

#include "testlib.h"
#include "width.h"

TestSuite(width, .init = need_utf8_locale);

struct width_case {
        const char *id, *s;
        int cols;
};

/* As shown where the terminal draws Ambiguous characters narrow: the default. */
static const struct width_case width_cases[] = {
        { "W1", "勞模精神、勞動精神、工匠精神", 28 },
        { "W2", "“你好”……——", 10 },
        { "W3", "，。、：；！？「」『』《》（）", 30 },
        { "W4", "勞動(dòng)", 10 },
        { "W5", "do\u0300ng", 4 },
        { "W6", "ｶﾞｷﾞ", 4 },
        { "W7", "\u1100\u1161\u11A8", 2 },
        { "W8", "\u3000\u3000第一章", 10 },
        { "W9", "GDP增长8.1%", 11 },
        { "W10", "\U0001F600", 2 },
};

Test(width, spec_strings)
{
        for (size_t i = 0; i < sizeof width_cases / sizeof width_cases[0]; i++) {
                const struct width_case *c = &width_cases[i];
                cr_expect_eq(width_str(c->s, strlen(c->s)), c->cols, "%s: %s", c->id, c->s);
        }
}

/*
 * What a terminal advances for s when it draws East Asian Ambiguous
 * characters ambiguous_cols wide: 2 for xterm -cjk_width and the "wide"
 * setting of VTE, iTerm2 or PuTTY, 1 for the rest. Written independently
 * of width.c; marks stay 0 either way.
 */
static int drawn(const char *s, int ambiguous_cols)
{
        int cols = 0;
        for (size_t i = 0, n = strlen(s); i < n;) {
                ucs4_t c;
                i += (size_t)u8_mbtouc(&c, (const uint8_t *)s + i, n - i);
                int w = wcwidth((wchar_t)c);
                if (w == 1 && u_getIntPropertyValue((UChar32)c, UCHAR_EAST_ASIAN_WIDTH) ==
                                      U_EA_AMBIGUOUS)
                        w = ambiguous_cols;
                cols += w < 0 ? 1 : w;
        }
        return cols;
}

static int drawn_wide(const char *s)
{
        return drawn(s, 2);
}

static int drawn_narrow(const char *s)
{
        return drawn(s, 1);
}

/* s as the reader draws it: every code point through width_shown(). */
static char *shown(const char *s)
{
        size_t n = strlen(s), len = 0;
        char *out = malloc(n * 4 * WIDTH_SHOWN_MAX + 1);
        cr_assert_not_null(out);
        for (size_t i = 0; i < n;) {
                uint32_t c, v[WIDTH_SHOWN_MAX];
                i += width_decode(s + i, n - i, &c);
                size_t k = width_shown(c, v);
                for (size_t j = 0; j < k; j++)
                        len += (size_t)u8_uctomb((uint8_t *)out + len, v[j], 6);
        }
        out[len] = '\0';
        return out;
}

/* W2d and W11: the trouble -- the same strings drawn wider than counted. */
Test(width, wide_terminals_draw_ambiguous_characters_wider)
{
        cr_expect_eq(drawn_wide("“你好”……——"), 16, "W2d");
        cr_expect_eq(drawn_wide("勞動(dòng)"), 11, "W11");
        cr_expect_eq(drawn_narrow("“你好”……——"), width_str("“你好”……——", 22));
}

struct avoid_case {
        const char *id, *in, *out;
        int cols;
};

/* A1–A4 of CJK-TEXT.md §6, and a compatibility character of the corpus. */
static const struct avoid_case avoid_cases[] = {
        { "A1", "“你好”……", "「你好」⋯⋯", 10 },
        { "A2", "卡尔·马克思", "卡尔・马克思", 12 },
        { "A3", "dòng láo", "do\u0300ng la\u0301o", 8 },
        { "A4", "他说：“好”——走。", "他说：「好」ーー走。", 20 },
        { "A4'", "‘引’‧ǖ", "『引』・u\u0308\u0304", 9 },
        { "corpus", "⒐", "9.", 2 },
        { "zero", "二○二一年", "二〇二一年", 10 },
        { "signs", "※30℃×2°–•", "＊30ᵒC✕2ᵒ‒∙", 11 },
        { "lost", "a\uFFFDb", "a〓b", 4 },
        { "arrows", "←↑→↓■", "￩￪￫￬￭", 5 },
};

Test(width, avoid_shows_look_alikes_as_wide_everywhere)
{
        cr_expect_eq(drawn_wide("他说：“好”——走。"), 20, "A4 unconverted, wide");
        cr_expect_eq(drawn_narrow("他说：“好”——走。"), 16, "A4 unconverted, narrow");
        width_set_ambiguous(WIDTH_AMBIGUOUS_AVOID);
        for (size_t i = 0; i < sizeof avoid_cases / sizeof avoid_cases[0]; i++) {
                const struct avoid_case *c = &avoid_cases[i];
                char *got = shown(c->in);
                cr_expect_str_eq(got, c->out, "%s: %s", c->id, c->in);
                cr_expect_eq(drawn_narrow(got), c->cols, "%s narrow", c->id);
                cr_expect_eq(drawn_wide(got), c->cols, "%s wide", c->id);
                /* Layout counts what is shown, so what it lays out fits either terminal. */
                cr_expect_eq(width_str(c->in, strlen(c->in)), c->cols, "%s measured", c->id);
                free(got);
        }
        width_set_ambiguous(WIDTH_AMBIGUOUS_SHOW);
        char *same = shown("“你好”……");
        cr_expect_str_eq(same, "“你好”……", "the default shows the text as it is");
        free(same);
}

/*
 * Under avoid, every code point measures what is shown for it, and what is
 * shown differently is never Ambiguous itself, so both kinds of terminal
 * draw it as wide as it was measured.
 */
Test(width, avoid_measures_what_it_shows_everywhere)
{
        width_set_ambiguous(WIDTH_AMBIGUOUS_AVOID);
        size_t changed = 0;
        for (uint32_t c = 0xA0; c <= 0x10FFFF; c++) {
                if (c >= 0xD800 && c <= 0xDFFF)
                        continue;
                uint32_t v[WIDTH_SHOWN_MAX];
                size_t k = width_shown(c, v);
                cr_assert(k >= 1 && k <= WIDTH_SHOWN_MAX);
                int cols = 0;
                bool ambiguous = false;
                for (size_t j = 0; j < k; j++) {
                        int w = wcwidth((wchar_t)v[j]);
                        cols += w < 0 ? 1 : w;
                        ambiguous |= w > 0 && u_getIntPropertyValue((UChar32)v[j],
                                                 UCHAR_EAST_ASIAN_WIDTH) == U_EA_AMBIGUOUS;
                }
                if (width_cp(c) != cols)
                        cr_assert_fail("U+%04X: measured %d, shown %d", (unsigned)c, width_cp(c), cols);
                if (k > 1 || v[0] != c) {
                        changed++;
                        if (ambiguous)
                                cr_assert_fail("U+%04X is shown as something Ambiguous", (unsigned)c);
                }
        }
        width_set_ambiguous(WIDTH_AMBIGUOUS_SHOW);
        cr_expect_gt(changed, 100, "only %zu code points have a stand-in", changed);
}

/* The fast paths must never disagree with what ncursesw will do. */
Test(width, cp_agrees_with_wcwidth_everywhere)
{
        for (uint32_t c = 0; c <= 0x10FFFF; c++) {
                if (c >= 0xD800 && c <= 0xDFFF)
                        continue;
                int w = wcwidth((wchar_t)c);
                int want = w < 0 ? 1 : w;
                if (width_cp(c) != want)
                        cr_assert_fail("U+%04X: width_cp %d, wcwidth %d", (unsigned)c, width_cp(c), w);
        }
}

Test(width, cp_never_negative)
{
        static const uint32_t cps[] = { 0x07, 0x1B, 0x7F, 0x9B, 0x2028, 0x0378, 0x1FAE8, 0x10FFFF };
        for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++)
                cr_expect_eq(width_cp(cps[i]), 1, "U+%04X", (unsigned)cps[i]);
        cr_expect_eq(width_cp(0x0301), 0);
        cr_expect_eq(width_cp(0x302A), 0, "an ideographic tone mark is zero width");
        cr_expect_eq(width_cp(0x303F), 1, "the half fill space is narrow");
}

Test(width, invalid_bytes_count_one_each)
{
        cr_expect_eq(width_str("\xE5\x8B", 2), 2);
        cr_expect_eq(width_str("a\xC0\xAF" "b", 4), 4);
        cr_expect_eq(width_str("\xE5\x8B\x9E\xE5\x8B", 5), 4, "勞 then a cut-off sequence");
        uint32_t c;
        cr_expect_eq(width_decode("\xFF", 1, &c), 1);
        cr_expect_eq(c, 0xFFFD);
        cr_expect_eq(width_decode("\xF0\x9F\x98\x80", 4, &c), 4);
        cr_expect_eq(c, 0x1F600);
}

static size_t count_clusters(const char *s)
{
        size_t n = strlen(s), i = 0, k = 0;
        while (i < n) {
                size_t len = width_cluster_len(s + i, n - i);
                cr_assert(len >= 1 && len <= n - i);
                i += len;
                k++;
        }
        return k;
}

Test(width, grapheme_clusters)
{
        static const struct width_case cases[] = {
                { "G1", "\U0001F468\u200D\U0001F469\u200D\U0001F467", 1 },
                { "G2", "\U0001F1E8\U0001F1F3\U0001F1F9\U0001F1FC", 2 },
                { "G3", "do\u0300ng", 4 },
                { "G4", "葛\U000E0100", 1 },
                { "G5", "\u1100\u1161\u11A8", 1 },
                { "G6", "ｶﾞ", 1 },
                { "3 RI", "\U0001F1E8\U0001F1F3\U0001F1F9", 2 },
                { "CJK ZWJ CJK", "中\u200D文", 2 },
        };
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
                cr_expect_eq(count_clusters(cases[i].s), (size_t)cases[i].cols, "%s", cases[i].id);
        cr_expect_eq(width_cluster_len("e\u0301x", 4), 3);

        /* A cluster longer than any small look-ahead: 'e', 40 marks, 'x'. */
        char buf[128] = "e";
        for (int i = 0; i < 40; i++)
                strcat(buf, "\u0301");
        strcat(buf, "x");
        cr_expect_eq(width_cluster_len(buf, strlen(buf)), 81);
        cr_expect_eq(width_str(buf, strlen(buf)), 2);
}

struct fit_case {
        const char *s;
        int cols;
        size_t bytes;
        int used;
};

Test(width, fit_never_splits_a_cluster)
{
        static const struct fit_case cases[] = {
                { "a\U0001F1E8\U0001F1F3b", 2, 1, 1 },  /* CJK-TEXT §6 item 69 */
                { "a\U0001F1E8\U0001F1F3b", 3, 9, 3 },
                { "勞模精神", 5, 6, 4 },
                { "勞模精神", 8, 12, 8 },
                { "do\u0300ng", 2, 4, 2 },
                { "do\u0300ng", 1, 1, 1 },
                { "中文", 1, 0, 0 },
                { "abc", 0, 0, 0 },
                { "abc", -1, 0, 0 },
        };
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
                const struct fit_case *c = &cases[i];
                int used = -1;
                size_t got = width_fit(c->s, strlen(c->s), c->cols, &used);
                cr_expect_eq(got, c->bytes, "%s at %d: %zu bytes", c->s, c->cols, got);
                cr_expect_eq(used, c->used, "%s at %d: %d columns", c->s, c->cols, used);
        }
        cr_expect_eq(width_fit("abc", 3, 2, NULL), 2);
}

struct trunc_case {
        const char *s;
        int cols;
        const char *want;
};

Test(width, truncate_cases)
{
        static const struct trunc_case cases[] = {
                { "a\U0001F1E8\U0001F1F3b", 2, "a…" },  /* the flag is never cut to one RI */
                { "a\U0001F1E8\U0001F1F3b", 3, "a…" },
                { "a\U0001F1E8\U0001F1F3b", 4, "a\U0001F1E8\U0001F1F3b" },
                { "勞模精神、勞動精神", 7, "勞模精…" },
                { "勞模精神、勞動精神", 8, "勞模精…" },
                { "勞模精神、勞動精神", 9, "勞模精神…" },
                { "勞模精神、勞動精神", 18, "勞模精神、勞動精神" },
                { "勞模精神", 1, "…" },
                { "勞模精神", 2, "…" },
                { "ab cd", 4, "ab…" },
                { "abc", 0, "" },
                { "abc", -5, "" },
                { "", 3, "" },
        };
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
                const struct trunc_case *c = &cases[i];
                int used = -1;
                char *got = width_truncate(c->s, strlen(c->s), c->cols, &used);
                cr_expect_str_eq(got, c->want, "%s at %d", c->s, c->cols);
                cr_expect_eq(used, width_str(got, strlen(got)), "%s at %d", c->s, c->cols);
                free(got);
        }
}

/* Every width from 0 to past the end, on titles mixing wide and narrow text. */
Test(width, truncate_titles_at_every_width)
{
        static const char *titles[] = {
                "在全区庆祝“五一”国际劳动节暨表彰大会上的讲话",
                "臨汾市隆重舉行五一勞動(dòng)獎(jiǎng)表彰大會(huì)",
                "GDP增长8.1%，好。",
        };
        static const char ellipsis[] = "…";
        for (size_t t = 0; t < sizeof titles / sizeof titles[0]; t++) {
                const char *s = titles[t];
                size_t n = strlen(s);
                int total = width_str(s, n);
                for (int cols = 0; cols <= total + 2; cols++) {
                        int used;
                        char *got = width_truncate(s, n, cols, &used);
                        size_t len = strlen(got);
                        int w = width_str(got, len);
                        cr_assert_leq(w, cols, "%s at %d: %s", s, cols, got);
                        cr_assert_eq(used, w);
                        if (cols >= total) {
                                cr_assert_str_eq(got, s);
                        } else if (cols >= 1) {
                                cr_assert_geq(len, sizeof ellipsis - 1);
                                size_t keep = len - (sizeof ellipsis - 1);
                                cr_assert_str_eq(got + keep, ellipsis, "%s at %d: %s", s, cols, got);
                                cr_assert(memcmp(got, s, keep) == 0, "not a prefix: %s", got);
                                /* The kept part ends on a cluster boundary of the source... */
                                size_t i = 0;
                                while (i < keep)
                                        i += width_cluster_len(s + i, n - i);
                                cr_assert_eq(i, keep, "%s at %d split a character", s, cols);
                                /* ...and only a wide character's worth of room may go unused. */
                                cr_assert_geq(w, cols - 1, "%s at %d: %s too short", s, cols, got);
                        } else {
                                cr_assert_str_eq(got, "");
                        }
                        free(got);
                }
        }
}

/* The tail that fits: as long as it can be, cut only between clusters. */
Test(width, tail_start_keeps_the_end_in_view)
{
        static const char *const cases[] = {
                "勞模精神、勞動精神、工匠精神", "abc勞動(dòng)e\u0301f", "\U0001F468\u200D\U0001F469x", "",
        };
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
                const char *s = cases[i];
                size_t n = strlen(s);
                for (int cols = 0; cols <= 30; cols++) {
                        size_t at = width_tail_start(s, n, cols);
                        cr_assert_leq(width_str(s + at, n - at), cols, "%s at %d", s, cols);
                        size_t prev = 0;
                        for (size_t b = 0; b < at; b += width_cluster_len(s + b, n - b))
                                prev = b;
                        if (at > 0)
                                cr_assert_gt(width_str(s + prev, n - prev), cols,
                                             "%s at %d: could start a cluster earlier", s, cols);
                }
        }
}
