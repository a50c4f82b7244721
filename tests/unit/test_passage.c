/*
 * Tests for passage: sentences and paragraphs found around any offset
 * (inside, between, on blank lines, at both ends), closing quotes kept with
 * their sentence, selections grown and shrunk a unit at a time and widened
 * to whole units of the other kind, snippets cut by display width, the
 * citation line, base64 against RFC 4648's vectors, the OSC 52 sequence,
 * plain and wrapped for tmux, and folded matching.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "passage.h"
#include "testlib.h"
#include "util.h"
#include "width.h"

TestSuite(passage, .init = utf8_locale);

/* The text of the unit at the nth occurrence of `at` (or at offset 0). */
static char *unit_at(const char *text, const char *at, enum passage_unit u)
{
        const char *p = at ? strstr(text, at) : text;
        cr_assert_not_null(p, "fixture lacks %s", at);
        size_t s, e;
        cr_assert(passage_at(text, strlen(text), (size_t)(p - text), u, &s, &e));
        cr_assert_leq(s, e);
        return xstrndup(text + s, e - s);
}

#define EXPECT_UNIT(text, at, unit, want)                                         \
        do {                                                                      \
                char *got_ = unit_at((text), (at), (unit));                       \
                cr_expect_str_eq(got_, (want), "at %s", (at) ? (at) : "start");   \
                free(got_);                                                       \
        } while (0)

static const char speech[] =
        "　　同志們：今天我們在這裡開會。大家辛苦了！\n"
        "\n"
        "\n"
        "  他說：「我們要堅持改革開放。」然後呢？這是真的!!  \n"
        "最後一行沒有句號\n";

Test(passage, sentence_inside_and_between)
{
        EXPECT_UNIT(speech, "今天", PASSAGE_SENTENCE, "同志們：今天我們在這裡開會。");
        EXPECT_UNIT(speech, "同志", PASSAGE_SENTENCE, "同志們：今天我們在這裡開會。");
        EXPECT_UNIT(speech, "大家", PASSAGE_SENTENCE, "大家辛苦了！");
        /* The indent before a sentence leads to it. */
        EXPECT_UNIT(speech, NULL, PASSAGE_SENTENCE, "同志們：今天我們在這裡開會。");
        /* The closing corner bracket stays with its sentence. */
        EXPECT_UNIT(speech, "堅持", PASSAGE_SENTENCE, "他說：「我們要堅持改革開放。」");
        EXPECT_UNIT(speech, "然後", PASSAGE_SENTENCE, "然後呢？");
        /* Repeated marks are one end; trailing spaces belong to nothing. */
        EXPECT_UNIT(speech, "真的", PASSAGE_SENTENCE, "這是真的!!");
        EXPECT_UNIT(speech, "!!  ", PASSAGE_SENTENCE, "這是真的!!");
        /* A line end ends a sentence too. */
        EXPECT_UNIT(speech, "沒有", PASSAGE_SENTENCE, "最後一行沒有句號");
}

Test(passage, blank_lines_and_ends)
{
        size_t n = strlen(speech), s, e;
        /* A blank line gives the next sentence. */
        const char *blank = strstr(speech, "\n\n") + 1;
        cr_assert(passage_at(speech, n, (size_t)(blank - speech), PASSAGE_SENTENCE, &s, &e));
        cr_expect(strncmp(speech + s, "他說", strlen("他說")) == 0);
        /* The very end gives the last sentence. */
        cr_assert(passage_at(speech, n, n, PASSAGE_SENTENCE, &s, &e));
        cr_expect(strncmp(speech + s, "最後", strlen("最後")) == 0);
        cr_expect_eq(e, n - 1);
        /* Trailing blank lines look back. */
        const char *tail = "第一句。\n\n   \n";
        cr_assert(passage_at(tail, strlen(tail), strlen(tail) - 1, PASSAGE_SENTENCE, &s, &e));
        cr_expect_eq(s, 0);
        cr_expect_eq(e, strlen("第一句。"));
        /* Nothing to find. */
        cr_expect_not(passage_at("", 0, 0, PASSAGE_SENTENCE, &s, &e));
        cr_expect_not(passage_at(" \n\n　\n", 7, 2, PASSAGE_SENTENCE, &s, &e));
        cr_expect_not(passage_from(speech, n, n, PASSAGE_SENTENCE, &s, &e));
}

Test(passage, paragraphs)
{
        EXPECT_UNIT(speech, "今天", PASSAGE_PARAGRAPH, "同志們：今天我們在這裡開會。大家辛苦了！");
        EXPECT_UNIT(speech, "然後", PASSAGE_PARAGRAPH,
                    "他說：「我們要堅持改革開放。」然後呢？這是真的!!");
        size_t s, e;
        const char *p = strstr(speech, "今天");
        cr_assert(passage_from(speech, strlen(speech), (size_t)(p - speech), PASSAGE_PARAGRAPH,
                               &s, &e));
        /* The next paragraph starts at its text, not its indent. */
        cr_expect(strncmp(speech + s, "他說", strlen("他說")) == 0);
}

Test(passage, from_starts_at_or_after)
{
        size_t n = strlen(speech), s, e;
        /* From inside a sentence: the next one. */
        const char *p = strstr(speech, "今天");
        cr_assert(passage_from(speech, n, (size_t)(p - speech), PASSAGE_SENTENCE, &s, &e));
        cr_expect(strncmp(speech + s, "大家", 6) == 0);
        /* From a sentence's first byte: that one. */
        p = strstr(speech, "大家");
        cr_assert(passage_from(speech, n, (size_t)(p - speech), PASSAGE_SENTENCE, &s, &e));
        cr_expect_eq(s, (size_t)(p - speech));
        /* From the last sentence of a line: across the blank lines. */
        p = strstr(speech, "辛苦");
        cr_assert(passage_from(speech, n, (size_t)(p - speech), PASSAGE_SENTENCE, &s, &e));
        cr_expect(strncmp(speech + s, "他說", 6) == 0);
}

Test(passage, extend_and_shrink)
{
        size_t n = strlen(speech), s, e;
        const char *p = strstr(speech, "今天");
        cr_assert(passage_at(speech, n, (size_t)(p - speech), PASSAGE_SENTENCE, &s, &e));
        size_t one = e;
        cr_assert(passage_extend(speech, n, s, &e, 1, PASSAGE_SENTENCE));
        cr_expect(strncmp(speech + e - strlen("辛苦了！"), "辛苦了！", strlen("辛苦了！")) == 0);
        size_t two = e;
        /* Across the blank lines into the next paragraph. */
        cr_assert(passage_extend(speech, n, s, &e, 1, PASSAGE_SENTENCE));
        char *sel = xstrndup(speech + s, e - s);
        cr_expect(strstr(sel, "\n\n\n  他說：「我們要堅持改革開放。」") != NULL, "%s", sel);
        cr_expect(e > two);
        free(sel);
        /* Back again, one sentence at a time, never below the first. */
        cr_assert(passage_extend(speech, n, s, &e, -1, PASSAGE_SENTENCE));
        cr_expect_eq(e, two);
        cr_assert(passage_extend(speech, n, s, &e, -1, PASSAGE_SENTENCE));
        cr_expect_eq(e, one);
        cr_expect_not(passage_extend(speech, n, s, &e, -1, PASSAGE_SENTENCE));
        cr_expect_eq(e, one);
        /* Nothing after the last sentence. */
        e = n - 1;
        cr_expect_not(passage_extend(speech, n, n - 5, &e, 1, PASSAGE_SENTENCE));
        /* By paragraphs. */
        cr_assert(passage_at(speech, n, 0, PASSAGE_PARAGRAPH, &s, &e));
        cr_assert(passage_extend(speech, n, s, &e, 1, PASSAGE_PARAGRAPH));
        cr_expect(strncmp(speech + e - 2, "!!", 2) == 0);
        cr_assert(passage_extend(speech, n, s, &e, -1, PASSAGE_PARAGRAPH));
        cr_expect(strncmp(speech + e - strlen("！"), "！", strlen("！")) == 0);
}

Test(passage, cover_changes_unit)
{
        size_t n = strlen(speech);
        const char *first = strstr(speech, "同志們"), *last = strstr(speech, "!!  ") + 2;
        size_t s = (size_t)(strstr(speech, "大家") - speech);
        size_t e = (size_t)(strstr(speech, "然後呢？") + strlen("然後呢？") - speech);
        /* Sentences in two paragraphs become both paragraphs, whole. */
        cr_assert(passage_cover(speech, n, &s, &e, PASSAGE_PARAGRAPH));
        cr_expect_eq(s, (size_t)(first - speech));
        cr_expect_eq(e, (size_t)(last - speech));
        /*
         * And back: the same range in sentences, from the first of the first
         * paragraph to the last of the last, not one sentence.
         */
        cr_assert(passage_cover(speech, n, &s, &e, PASSAGE_SENTENCE));
        cr_expect_eq(s, (size_t)(first - speech));
        cr_expect_eq(e, (size_t)(last - speech));
        /* Shrinking from there takes the last paragraph's sentences one by one. */
        cr_assert(passage_extend(speech, n, s, &e, -1, PASSAGE_SENTENCE));
        cr_expect_eq(e, (size_t)(strstr(speech, "然後呢？") + strlen("然後呢？") - speech));
        /* Started in spaces, the range still begins at a unit. */
        s = 0;
        e = (size_t)(strstr(speech, "開會") - speech);
        cr_assert(passage_cover(speech, n, &s, &e, PASSAGE_SENTENCE));
        cr_expect_eq(s, (size_t)(first - speech));
        cr_expect_eq(e, (size_t)(strstr(speech, "大家") - speech));
        /* Nothing to cover: the range stays. */
        s = e = 5;
        cr_expect_not(passage_cover(speech, n, &s, &e, PASSAGE_SENTENCE));
        cr_expect(s == 5 && e == 5);
        s = 0;
        e = 3;
        cr_expect_not(passage_cover(" \n\n", 3, &s, &e, PASSAGE_PARAGRAPH));
        cr_expect(s == 0 && e == 3);
}

Test(passage, every_offset_lands_on_a_sentence)
{
        /* Whatever the offset, the answer is a real sentence of the text. */
        size_t n = strlen(speech);
        for (size_t off = 0; off <= n; off++) {
                size_t s, e;
                cr_assert(passage_at(speech, n, off, PASSAGE_SENTENCE, &s, &e));
                cr_assert(s < e && e <= n, "offset %zu gave %zu..%zu", off, s, e);
                cr_assert(speech[s] != ' ' && speech[s] != '\n');
                cr_assert(memchr(speech + s, '\n', e - s) == NULL);
                cr_assert(((unsigned char)speech[s] & 0xC0) != 0x80);
                cr_assert(e == n || ((unsigned char)speech[e] & 0xC0) != 0x80);
        }
}

Test(passage, snippet_by_width)
{
        const char *two = "第一行\n\n  第二行\t很長很長很長";
        char *s = passage_snippet(two, strlen(two), 20);
        cr_expect_str_eq(s, "第一行 第二行 很長…");
        cr_expect_leq(width_str(s, strlen(s)), 20);
        free(s);
        s = passage_snippet("short", 5, 20);
        cr_expect_str_eq(s, "short");
        free(s);
        s = passage_snippet("很長很長", strlen("很長很長"), 0);
        cr_expect_str_eq(s, "");
        free(s);
        /* A note from the database: its controls shown inert, measured as drawn. */
        const char *bad = "a\xe2\x80\xae" "b\x1b[2J\x07\x07\x07\x07\x07\x07";
        s = passage_snippet(bad, strlen(bad), 12);
        cr_expect_str_eq(s, "a<U+202E>b^…");
        cr_expect_leq(width_str(s, strlen(s)), 12);
        free(s);
}

/* What y copies with pinyin hidden: the text as it reads, annotations gone. */
Test(passage, without_annotations)
{
        static const struct { const char *in, *out; } cases[] = {
                { "勞動(dòng)獎(jiǎng)狀", "勞動獎狀" },
                { "開局新勝利（shèng lì）。", "開局新勝利。" },
                { "(dòng)", "(dòng)" },   /* no character to annotate */
                { "沒有注音 (a note) 的句子", "沒有注音 (a note) 的句子" },
                { "", "" },
        };
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
                size_t n;
                char *got = passage_without_annotations(cases[i].in, strlen(cases[i].in), &n);
                cr_expect_str_eq(got, cases[i].out, "%s", cases[i].in);
                cr_expect_eq(n, strlen(cases[i].out));
                free(got);
        }
}

Test(passage, citation)
{
        char *c = passage_citation("政府工作報告", "/corpus/a.txt", 12);
        cr_expect_str_eq(c, "— 《政府工作報告》, /corpus/a.txt, line 12");
        free(c);
        c = passage_citation(NULL, NULL, 0);
        cr_expect_str_eq(c, "— 《》, ");
        free(c);
        c = passage_citation("標\x1b題", "/c/04_\x1b[31m\nname.txt", 3);
        cr_expect_str_eq(c, "— 《標^[題》, /c/04_^[[31m^Jname.txt, line 3");
        free(c);
        c = passage_citation("標\r題", "/c/cr\rname\r\n.txt", 4);
        cr_expect_str_eq(c, "— 《標^M題》, /c/cr^Mname^M^J.txt, line 4");
        free(c);
}

Test(passage, base64_vectors)
{
        static const struct { const char *in, *out; } v[] = {
                { "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
                { "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
                { "改革", "5pS56Z2p" },
        };
        for (size_t i = 0; i < LC_ARRAY_LEN(v); i++) {
                char *b = passage_base64(v[i].in, strlen(v[i].in));
                cr_expect_str_eq(b, v[i].out, "base64(%s)", v[i].in);
                free(b);
        }
        unsigned char bin[] = { 0x00, 0xff, 0xfe, 0x80 };
        char *b = passage_base64(bin, sizeof bin);
        cr_expect_str_eq(b, "AP/+gA==");
        free(b);
}

Test(passage, osc52)
{
        char *s = passage_osc52("改革", strlen("改革"), false);
        cr_expect_str_eq(s, "\033]52;c;5pS56Z2p\a");
        free(s);
        s = passage_osc52("改革", strlen("改革"), true);
        cr_expect_str_eq(s, "\033Ptmux;\033\033]52;c;5pS56Z2p\a\033\\");
        free(s);
}

Test(passage, folded_contains)
{
        cr_assert_eq(fold_init(NULL), LC_OK);
        cr_expect(passage_contains("我們要堅持改革開放", "改革开放"));
        cr_expect(passage_contains("Reform and Opening", "opening"));
        cr_expect(passage_contains("anything", ""));
        cr_expect(passage_contains("", ""));
        cr_expect_not(passage_contains("", "改"));
        cr_expect_not(passage_contains("我們要堅持", "改革"));
        cr_expect_not(passage_contains(NULL, "x"));
}
