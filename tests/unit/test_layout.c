/*
 * Tests for layout: the wrapping cases of CJK-TEXT.md §6 (L1–L20), then
 * properties that must hold for any text and width — over the bundled
 * corpus at widths 10..80 (Chinese line-start and line-end rules, widths,
 * coverage) and over random mixed strings -- and wrapping by what is shown
 * where Ambiguous characters become look-alikes. Re-wrapping after a resize
 * is the reader's (test_reader.c).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "layout.h"
#include "testlib.h"
#include "util.h"
#include "width.h"

TestSuite(layout, .init = need_utf8_locale);

/* Wrap text that may hold several paragraphs, as the document layer will. */
static void wrap_rules(const char *s, int width, unsigned rules, struct vlines *out)
{
        size_t n = strlen(s), p = 0;
        for (;;) {
                const char *nl = memchr(s + p, '\n', n - p);
                size_t e = nl ? (size_t)(nl - s) : n;
                layout_paragraph(s, p, e, width, rules, out);
                if (!nl)
                        break;
                p = e + 1;
        }
}

static void wrap_text(const char *s, int width, struct vlines *out)
{
        wrap_rules(s, width, 0, out);
}

/* "line / line / line", for messages. */
static char *render(const char *s, const struct vlines *l)
{
        struct sbuf b = { 0 };
        for (size_t i = 0; i < l->n; i++) {
                if (i)
                        sbuf_adds(&b, " / ");
                sbuf_add(&b, s + l->v[i].start, l->v[i].end - l->v[i].start);
        }
        return sbuf_take(&b);
}

#define MAX_LINES 8

struct wrap_case {
        const char *id, *in;
        int width;
        const char *want[MAX_LINES];
        unsigned rules;         /* LAYOUT_*, 0 for clreq basic */
};

static const struct wrap_case wrap_cases[] = {
        { "L1", "勞模精神、勞動精神、工匠精神", 10, { "勞模精神、", "勞動精神、", "工匠精神" }, 0 },
        { "L2", "一二三四五。六七", 10, { "一二三四", "五。六七" }, 0 },
        { "L3", "一二三四「五六」七", 10, { "一二三四", "「五六」七" }, 0 },
        { "L4", "一二三四（五）六", 10, { "一二三四", "（五）六" }, 0 },
        { "L5", "一二三四……五六", 8, { "一二三", "四……五六" }, 0 },
        { "L6", "一二三四——五六", 9, { "一二三四", "——五六" }, 0 },
        { "L7", "真的吗？！对。", 8, { "真的", "吗？！", "对。" }, 0 },
        { "L8", "卡尔·马克思说", 4, { "卡", "尔·", "马克", "思说" }, 0 },
        { "L9", "他说：“你好”", 6, { "他说：", "“你好”" }, 0 },
        { "L9b", "他说：‘好’。", 6, { "他说：", "‘好’。" }, 0 },
        { "L9c", "他说：“你好！”我们走吧。", 10, { "他说：“你", "好！”我们", "走吧。" }, 0 },
        { "L10", "a一二三四五", 10, { "a一二三四", "五" }, 0 },
        { "L11", "中文 English words 混合", 10, { "中文", "English", "words 混合" }, 0 },
        { "L12", "见https://example.com/a/very/long/path这里", 12,
          { "见https://", "example.com/", "a/very/long/", "path这里" }, 0 },
        { "L13", "abcdefghijklmnop", 6, { "abcdef", "ghijkl", "mnop" }, 0 },
        { "L14", "一二三四五六七", 5, { "一二", "三四", "五六", "七" }, 0 },
        { "L15", "我们「『引用』」完", 6, { "我们", "「『引", "用』」", "完" }, 0 },
        { "L16", "第一段。\n第二段。", 20, { "第一段。", "第二段。" }, 0 },
        { "L17", "do\u0300ng do\u0300ng do\u0300ng", 9, { "do\u0300ng do\u0300ng", "do\u0300ng" }, 0 },
        { "L18", "e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301", 3,
          { "e\u0301e\u0301e\u0301", "e\u0301e\u0301e\u0301", "e\u0301e\u0301" }, 0 },
        { "L19", "一\U0001F1E8\U0001F1F3\U0001F1F9\U0001F1FC", 3,
          { "一", "\U0001F1E8\U0001F1F3", "\U0001F1F9\U0001F1FC" }, 0 },
        { "L20", "一二三四五六七八九十。", 20, { "一二三四五六七八九", "十。" }, 0 },
        /* The spec's optional rules: strict keeps dashes off a line's start, hang lets ，。、 hang. */
        { "L6-strict", "一二三四——五六", 9, { "一二三", "四——五六" }, LAYOUT_STRICT },
        { "L5-strict", "一二三四……五六", 8, { "一二三", "四……五六" }, LAYOUT_STRICT },
        { "dash-basic", "一二三四—五六", 8, { "一二三四", "—五六" }, 0 },
        { "dash-strict", "一二三四—五六", 8, { "一二三", "四—五六" }, LAYOUT_STRICT },
        { "dash-after-space", "ab cd —— ef", 6, { "ab cd", "—— ef" }, LAYOUT_STRICT },
        { "L20-hang", "一二三四五六七八九十。", 20, { "一二三四五六七八九十。" }, LAYOUT_HANG },
        { "hang-then-more", "一二三四五六七八九十，一二", 20, { "一二三四五六七八九十，", "一二" },
          LAYOUT_HANG },
        { "hang-comma", "一二三、四五", 6, { "一二三、", "四五" }, LAYOUT_HANG },
        { "hang-never-two", "一二三四五六七八九十。」", 20, { "一二三四五六七八九", "十。」" },
          LAYOUT_HANG },
        { "hang-only-three-marks", "一二三四五六七八九十？", 20, { "一二三四五六七八九", "十？" },
          LAYOUT_HANG },
        { "hang-when-needed", "一二三四五六七八九。十", 20, { "一二三四五六七八九。", "十" },
          LAYOUT_HANG },
        { "hang-strict", "一二三，四——五", 6, { "一二三，", "四——五" }, LAYOUT_HANG | LAYOUT_STRICT },
        /* A cut where no break is allowed does not leave a closing mark in front. */
        { "forced-cut-kinsoku", "見https://mp.weixin.qq.com/s/Xk3vQ9LmN2pR7tYb8ZcD1w，請查閱。", 22,
          { "見https://mp.weixin.", "qq.com/s/", "Xk3vQ9LmN2pR7tYb8ZcD1", "w，請查閱。" }, 0 },
        /* ... nor two of them: the cut goes before the character ahead of the run. */
        { "forced-cut-two-closers", "aaaaaaaa。」後文", 10, { "aaaaaaa", "a。」後文" }, 0 },
        { "forced-cut-latin-closers", "編號ABCDEFGHIJKLMNOPQRST」。完", 22,
          { "編號", "ABCDEFGHIJKLMNOPQRS", "T」。完" }, 0 },
        { "forced-cut-digits", "數字11111111，後面。", 8,
          { "數字", "1111111", "1，後", "面。" }, 0 },
        /* An inline annotation stays with the character it reads when it can. */
        { "annotation", "一二三四劳动(láo dòng)", 12, { "一二三四劳", "动(láo dòng)" }, 0 },
        { "annotation-full", "一二三四勞動（dòng）精神", 12,
          { "一二三四勞", "動（dòng）精", "神" }, 0 },
        { "annotation-then-stop", "現場(chǎng)。記者", 10, { "現場", "(chǎng)。", "記者" }, 0 },
        { "annotation-too-wide", "場(chǎng)", 4, { "場", "(chǎ", "ng)" }, 0 },
        { "not-annotation", "一二三四中国(China)", 12, { "一二三四中国", "(China)" }, 0 },
        /* Not in the spec: edges of the contract. */
        { "indent", "\u3000\u3000第一章", 20, { "\u3000\u3000第一章" }, 0 },
        { "indent-narrow", "\u3000\u3000第一章", 4, { "\u3000\u3000", "第一", "章" }, 0 },
        { "too-wide", "a中b", 1, { "a", "中", "b" }, 0 },
        { "spaces", "ab     cd", 4, { "ab", "cd" }, 0 },
        { "lead-spaces", "  ab cd", 4, { "  ab", "cd" }, 0 },
        { "only-spaces", "   ", 2, { "" }, 0 },
        { "empty", "", 5, { "" }, 0 },
        { "empty-para", "一\n\n二", 5, { "一", "", "二" }, 0 },
};

Test(layout, spec_cases)
{
        for (size_t i = 0; i < sizeof wrap_cases / sizeof wrap_cases[0]; i++) {
                const struct wrap_case *c = &wrap_cases[i];
                struct vlines l = { 0 };
                wrap_rules(c->in, c->width, c->rules, &l);
                size_t want_n = 0;
                while (want_n < MAX_LINES && c->want[want_n])
                        want_n++;
                char *got = render(c->in, &l);
                cr_expect_eq(l.n, want_n, "%s at %d: %zu lines: %s", c->id, c->width, l.n, got);
                for (size_t k = 0; k < l.n && k < want_n; k++) {
                        const struct vline *v = &l.v[k];
                        size_t len = v->end - v->start;
                        cr_expect(len == strlen(c->want[k]) &&
                                  memcmp(c->in + v->start, c->want[k], len) == 0,
                                  "%s at %d: line %zu is wrong: %s", c->id, c->width, k, got);
                        cr_expect_eq(v->cols, width_str(c->in + v->start, len), "%s line %zu", c->id, k);
                }
                free(got);
                vlines_free(&l);
        }
}

/*
 * Shown as look-alikes for a terminal that draws Ambiguous characters two
 * wide, “ and — take two columns: the same text wraps sooner, and still
 * never past the width.
 */
Test(layout, avoid_wraps_by_what_is_shown)
{
        const char *s = "他说：“好”——走。他说：“好”——走。";
        struct vlines narrow = { 0 }, avoid = { 0 };
        wrap_text(s, 12, &narrow);
        width_set_ambiguous(WIDTH_AMBIGUOUS_AVOID);
        wrap_text(s, 12, &avoid);
        for (size_t i = 0; i < avoid.n; i++) {
                int w = width_str(s + avoid.v[i].start, avoid.v[i].end - avoid.v[i].start);
                cr_expect_leq(w, 12, "line %zu is %d columns as shown", i, w);
        }
        width_set_ambiguous(WIDTH_AMBIGUOUS_SHOW);
        char *a = render(s, &avoid), *n = render(s, &narrow);
        cr_expect_str_eq(n, "他说：“好”—— / 走。他说： / “好”——走。");
        cr_expect_str_eq(a, "他说：“好” / ——走。他 / 说：“好” / ——走。");
        free(a);
        free(n);
        vlines_free(&narrow);
        vlines_free(&avoid);
}

Test(layout, offsets_are_absolute_and_lines_append)
{
        const char *s = "前言\n一二三四五。六七";
        struct vlines l = { 0 };
        layout_paragraph(s, 0, 6, 10, 0, &l);
        layout_paragraph(s, 7, strlen(s), 10, 0, &l);
        cr_assert_eq(l.n, 3);
        cr_expect_eq(l.v[0].start, 0);
        cr_expect_eq(l.v[0].end, 6);
        cr_expect_eq(l.v[1].start, 7);
        cr_expect_eq(l.v[1].end, 7 + 12);
        cr_expect_eq(l.v[1].cols, 8);
        cr_expect_eq(l.v[2].start, 7 + 12);
        cr_expect_eq(l.v[2].end, strlen(s));

        layout_paragraph(s, 7, 7, 10, 0, &l);
        cr_assert_eq(l.n, 4);
        cr_expect(l.v[3].start == 7 && l.v[3].end == 7 && l.v[3].cols == 0);
        vlines_free(&l);
        cr_expect(l.v == NULL && l.n == 0);
        vlines_free(NULL);
}

/* A space must not turn a full line's break into an over-wide line. */
Test(layout, zero_width_after_hanging_spaces)
{
        const char *s = "abc  \u200Bd";
        struct vlines l = { 0 };
        layout_paragraph(s, 0, strlen(s), 3, 0, &l);
        for (size_t k = 0; k < l.n; k++)
                cr_expect_leq(l.v[k].cols, 3, "line %zu", k);
        cr_expect_eq(l.v[0].end, 3);
        vlines_free(&l);
}

/* ------------------------------------------------------------ properties */

static bool starts_with_any(const char *s, size_t n, const char *const *set, size_t count)
{
        for (size_t i = 0; i < count; i++) {
                size_t len = strlen(set[i]);
                if (n >= len && memcmp(s, set[i], len) == 0)
                        return true;
        }
        return false;
}

static bool ends_with_any(const char *s, size_t n, const char *const *set, size_t count)
{
        for (size_t i = 0; i < count; i++) {
                size_t len = strlen(set[i]);
                if (n >= len && memcmp(s + n - len, set[i], len) == 0)
                        return true;
        }
        return false;
}

/* Lines lie in [start, end) in order; what lies between them is spaces. */
static void check_cover(const char *s, size_t start, size_t end, const struct vline *v, size_t n)
{
        cr_assert_geq(n, 1);
        size_t at = start;
        for (size_t k = 0; k < n; k++) {
                cr_assert(v[k].start >= at && v[k].end >= v[k].start && v[k].end <= end,
                          "line %zu [%zu, %zu) out of order (after %zu)", k, v[k].start, v[k].end, at);
                for (size_t i = at; i < v[k].start; i++)
                        cr_assert_eq(s[i], ' ', "byte %zu before line %zu is dropped but not a space", i, k);
                at = v[k].end;
        }
        for (size_t i = at; i < end; i++)
                cr_assert_eq(s[i], ' ', "byte %zu after the last line is dropped but not a space", i);
}

/* Every line begins and ends where a grapheme cluster does (valid UTF-8 only). */
static void check_clusters(const char *s, size_t start, size_t end, const struct vline *v, size_t n)
{
        bool *edge = xcalloc(end - start + 1, sizeof *edge);
        for (size_t i = start; i < end; i += width_cluster_len(s + i, end - i))
                edge[i - start] = true;
        edge[end - start] = true;
        for (size_t k = 0; k < n; k++)
                cr_assert(edge[v[k].start - start] && edge[v[k].end - start],
                          "line %zu [%zu, %zu) splits a cluster", k, v[k].start, v[k].end);
        free(edge);
}

static bool is_single_cluster(const char *s, const struct vline *v)
{
        size_t len = v->end - v->start;
        return len > 0 && width_cluster_len(s + v->start, len) == len;
}

/* Does the line end with a ，。、 that hangs, its columns before it within width? */
static bool hangs(const char *s, const struct vline *v, int width)
{
        static const char *const marks[] = { "，", "。", "、" };
        size_t len = v->end - v->start;
        return ends_with_any(s + v->start, len, marks, LC_ARRAY_LEN(marks)) &&
               v->cols <= width + LAYOUT_HANG_COLS && v->cols - 2 <= width &&
               width_str(s + v->start, len - 3) <= width;
}

static void check_widths(const char *s, const struct vline *v, size_t n, int width,
                               unsigned rules)
{
        for (size_t k = 0; k < n; k++) {
                cr_assert_eq(v[k].cols, width_str(s + v[k].start, v[k].end - v[k].start), "line %zu", k);
                if (v[k].cols > width)
                        cr_assert(is_single_cluster(s, &v[k]) ||
                                  ((rules & LAYOUT_HANG) && hangs(s, &v[k], width)),
                                  "line %zu is %d columns at width %d", k, v[k].cols, width);
        }
}


static const char *const corpus_files[] = {
        "assets/corpus/000_1de982e3124a5833.txt",
        "assets/corpus/001_9798310e6816be3e.txt",
        "assets/corpus/002_b46a9f8bc985908e.txt",
        "assets/corpus/003_b1cc837703a5ec1a.txt",
        "assets/corpus/004_eb10d11bbc00cbc3.txt",
};

/* clreq "basic": what may not start, and what may not end, a line. */
static const char *const no_start[] = {
        "，", "。", "、", "：", "；", "！", "？", "）", "」", "』", "》", "〉", "】", "〕", "…",
};
static const char *const no_end[] = { "（", "「", "『", "《", "〈", "【", "〔", "“" };

/* Counts the offenders and keeps the first, so a regression reads in one line. */
struct kinsoku_tally {
        size_t bad;
        char first[256];
};

static void check_kinsoku(struct kinsoku_tally *t, const char *s, const struct vline *v, size_t n,
                          const char *file, int width)
{
        for (size_t k = 0; k < n; k++) {
                const char *line = s + v[k].start;
                size_t len = v[k].end - v[k].start;
                bool bad_start = starts_with_any(line, len, no_start, LC_ARRAY_LEN(no_start));
                bool bad_end = k + 1 < n && ends_with_any(line, len, no_end, LC_ARRAY_LEN(no_end));
                if ((bad_start || bad_end) && t->bad++ == 0)
                        snprintf(t->first, sizeof t->first, "%s at %d: line %s badly: %.*s",
                                 file, width, bad_start ? "starts" : "ends", (int)len, line);
        }
}

/* What wrapping the bundled corpus at a range of widths came to. */
struct corpus_run {
        size_t lines, hung;
        struct kinsoku_tally tally;
};

/*
 * Wrap every paragraph of the bundled corpus at widths 10..80 (every step-th)
 * by rules, checking each line's place, width and clusters as it goes, that
 * from 20 columns no inline annotation starts a line, and under
 * LAYOUT_STRICT that none starts with a dash or an ellipsis.
 */
static struct corpus_run wrap_corpus(int step, unsigned rules)
{
        static const char *const dashes[] = { "—", "…" };
        struct corpus_run run = { 0 };
        for (size_t f = 0; f < LC_ARRAY_LEN(corpus_files); f++) {
                size_t n;
                char *s = slurp(corpus_files[f], &n);
                for (int width = 10; width <= 80; width += step) {
                        size_t p = 0;
                        for (;;) {
                                const char *nl = memchr(s + p, '\n', n - p);
                                size_t e = nl ? (size_t)(nl - s) : n;
                                struct vlines l = { 0 };
                                layout_paragraph(s, p, e, width, rules, &l);
                                check_cover(s, p, e, l.v, l.n);
                                check_widths(s, l.v, l.n, width, rules);
                                check_clusters(s, p, e, l.v, l.n);
                                check_kinsoku(&run.tally, s, l.v, l.n, corpus_files[f], width);
                                for (size_t k = 0; k < l.n; k++) {
                                        const char *line = s + l.v[k].start;
                                        size_t len = l.v[k].end - l.v[k].start;
                                        cr_assert(!(rules & LAYOUT_STRICT) ||
                                                  !starts_with_any(line, len, dashes, 2),
                                                  "%s at %d: line starts with a dash: %.*s",
                                                  corpus_files[f], width, (int)len, line);
                                        run.hung += l.v[k].cols > width;
                                        /* Annotation, character and marks fit 20 columns here. */
                                        cr_assert(width < 20 || l.v[k].start == p ||
                                                  !fold_annotation_at(s, n, l.v[k].start),
                                                  "%s at %d: an annotation starts a line: %.*s",
                                                  corpus_files[f], width, (int)len, line);
                                }
                                run.lines += l.n;
                                vlines_free(&l);
                                if (!nl)
                                        break;
                                p = e + 1;
                        }
                }
                free(s);
        }
        return run;
}

Test(layout, corpus_properties)
{
        struct corpus_run run = wrap_corpus(1, 0);
        /*
         * Strict: push-out always finds a legal break in this corpus at these
         * widths, so no line needs an emergency cut next to punctuation.
         */
        cr_expect_eq(run.tally.bad, 0, "%zu lines break the Chinese rules, first: %s",
                     run.tally.bad, run.tally.first);
        cr_expect_gt(run.lines, 10000);
}

/*
 * The same corpus under the optional rules: still the basic ones, and no
 * line starts with a dash or an ellipsis; lines wider than the width end
 * with a hanging ，。、 and nothing else.
 */
Test(layout, corpus_properties_strict_and_hanging)
{
        struct corpus_run run = wrap_corpus(3, LAYOUT_STRICT | LAYOUT_HANG);
        cr_expect_eq(run.tally.bad, 0, "%zu lines break the Chinese rules, first: %s",
                     run.tally.bad, run.tally.first);
        cr_expect_gt(run.lines, 3000);
        /* The corpus is full of ，。、: some must have hung. */
        cr_expect_gt(run.hung, 100, "only %zu lines hang a mark", run.hung);
}

/* A tiny generator with a fixed seed, so a failure always reproduces. */
static uint32_t rng_state = 20240521;

static uint32_t rng(uint32_t bound)
{
        rng_state = rng_state * 1103515245u + 12345u;
        return (rng_state >> 8) % bound;
}

static const char *const pieces[] = {
        "a", "b", "Z", "1", ".", "/", "-", "(", ")", " ", " ", " ", "\"",
        "中", "文", "勞", "動", "，", "。", "、", "「", "」", "（", "）", "《", "》", "…", "—", "\u3000",
        "“", "”", "‘", "’", "·",
        "\u0300", "\u0301", "e\u0301", "\U000E0100",
        "\U0001F600", "\U0001F1E8", "\U0001F1F3", "\u200D", "\U0001F468\u200D\U0001F469",
        "\u2764", "\U0001F44D\U0001F3FB", "\u200B",
};

Test(layout, random_strings)
{
        struct sbuf b = { 0 };
        for (int round = 0; round < 3000; round++) {
                b.len = 0;
                size_t count = rng(120);
                for (size_t i = 0; i < count; i++)
                        sbuf_adds(&b, pieces[rng(LC_ARRAY_LEN(pieces))]);
                sbuf_addc(&b, 'x');
                b.len--;
                int width = 1 + (int)rng(50);
                for (unsigned rules = 0; rules <= (LAYOUT_STRICT | LAYOUT_HANG); rules++) {
                        struct vlines l = { 0 };
                        layout_paragraph(b.s, 0, b.len, width, rules, &l);
                        check_cover(b.s, 0, b.len, l.v, l.n);
                        check_widths(b.s, l.v, l.n, width, rules);
                        check_clusters(b.s, 0, b.len, l.v, l.n);
                        vlines_free(&l);
                }
        }
        sbuf_free(&b);
}

/* Damaged bytes are not expected after sanitising, but must not hurt. */
Test(layout, invalid_utf8)
{
        const char s[] = "ab\xFF\xFE中\xE5\x8B 文\x80\x80\x80\x80\xC0";
        size_t n = sizeof s - 1;
        for (int width = 1; width <= 8; width++) {
                struct vlines l = { 0 };
                layout_paragraph(s, 0, n, width, 0, &l);
                check_cover(s, 0, n, l.v, l.n);
                for (size_t k = 0; k < l.n; k++)
                        cr_assert_eq(l.v[k].cols, width_str(s + l.v[k].start, l.v[k].end - l.v[k].start));
                vlines_free(&l);
        }
}
