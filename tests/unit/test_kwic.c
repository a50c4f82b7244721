/*
 * Unit tests for kwic: the hit lands in the same column on every line and
 * every line is exactly as wide as asked, with Chinese, ASCII and
 * ambiguous-width characters around it; contexts, titles and cut hits
 * render to known strings; contexts never start or end inside an inline
 * pinyin annotation; with annotations hidden a line shows none and reads as
 * the same text without them would, its contexts as full; the annotations
 * shown are reported where they are; the three orders sort a hand-made
 * set whose order is known, Traditional and Simplified contexts folding
 * together.
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "corpus.h"
#include "doc.h"
#include "fold.h"
#include "kwic.h"
#include "testlib.h"
#include "util.h"
#include "width.h"

TestSuite(kwic, .init = utf8_locale);

/* Every occurrence of needle in every document, in document order. */
static size_t hits_of(const struct corpus *c, const char *needle, struct hit *out, size_t cap)
{
        size_t n = 0;
        for (size_t d = 0; d < corpus_count(c); d++) {
                const char *t = corpus_doc(c, d)->text, *p = t;
                while ((p = strstr(p, needle)) != NULL) {
                        cr_assert_lt(n, cap);
                        out[n].doc = (uint32_t)d;
                        out[n].start = (uint32_t)(p - t);
                        out[n].end = (uint32_t)(p - t + strlen(needle));
                        n++;
                        p += strlen(needle);
                }
        }
        return n;
}

static const char *const mixed[] = {
        "標題一\n勞動(dòng)精神、勞模精神、工匠精神\n",
        "“引號”標題……很長很長很長很長的題目\n他说：“精神……”——ABC精神abc·def精神",
        "精神在前\n",
        "x\n結尾的精神",
        "短\n\n一個段落，沒有命中。\n精神\n",
};

Test(kwic, hit_column_is_the_same_on_every_line)
{
        static const int widths[] = { 1, 2, 3, 9, 10, 11, 20, 33, 40, 79, 80 };
        static const int titles[] = { 0, 1, 5, 8, 12 };
        struct corpus *c = corpus_of(mixed, LC_ARRAY_LEN(mixed), "UTF-8");
        struct hit hits[32];
        size_t n = hits_of(c, "精神", hits, LC_ARRAY_LEN(hits));
        cr_assert_eq(n, 9);
        struct kwic *k = kwic_build(c, hits, n);
        cr_assert_not_null(k);
        cr_assert_eq(kwic_count(k), n);

        for (size_t w = 0; w < LC_ARRAY_LEN(widths); w++) {
                for (size_t t = 0; t < LC_ARRAY_LEN(titles); t++) {
                        int width = widths[w], tc = titles[t];
                        int col = kwic_hit_col(k, width, tc);
                        cr_assert(col >= 0 && col <= width);
                        for (size_t i = 0; i < n; i++) {
                                struct kwic_mark m;
                                char *line = kwic_render_line(k, i, width, tc, &m, NULL);
                                cr_assert_not_null(line);
                                size_t len = strlen(line);
                                cr_assert_eq(width_str(line, len), width,
                                             "width %d title %d line %zu: \"%s\"", width, tc, i,
                                             line);
                                for (size_t b = 0; b < len; b++)
                                        cr_assert((unsigned char)line[b] >= 0x20 &&
                                                  line[b] != 0x7f);
                                cr_assert_eq(m.col, col);
                                cr_assert_eq(width_str(line, m.start), col,
                                             "width %d title %d line %zu: \"%s\"", width, tc, i,
                                             line);
                                cr_assert_eq(width_str(line + m.start, m.end - m.start), m.cols);
                                const struct kwic_entry *e = kwic_entry(k, i);
                                const char *hit = corpus_doc(c, e->doc)->text + e->start;
                                cr_assert_leq(m.end - m.start, (size_t)(e->end - e->start));
                                cr_assert(memcmp(line + m.start, hit, m.end - m.start) == 0);
                                if (width - col >= 4)
                                        cr_assert_eq(m.end - m.start, strlen("精神"),
                                                     "the hit should be whole at width %d",
                                                     width);
                                free(line);
                        }
                }
        }
        kwic_free(k);
        corpus_free(c);
}

struct exact {
        const char *text;
        const char *needle;
        int width, title_cols;
        const char *line;
        int mark_col, mark_cols;
};

static const struct exact exact[] = {
        /* Wide characters that do not fit leave a space on either side. */
        { "甲乙丙丁AB戊己庚", "AB", 10, 0, "丙丁AB戊己", 4, 2 },
        { "甲乙丙丁AB戊己庚", "AB", 11, 0, "丙丁AB戊己 ", 4, 2 },
        { "甲乙丙丁AB戊己庚", "AB", 12, 0, " 丙丁AB戊己 ", 5, 2 },
        /* Ambiguous “ … ” — count one column each, as wcwidth says. */
        { "他说“精神……”——好", "精神", 12, 0, " 说“精神……”—", 4, 4 },
        /* A hit at the very start and at the very end of a document. */
        { "精神在前", "精神", 10, 0, "   精神在 ", 3, 4 },
        { "結尾的精神", "精神", 10, 0, " 的精神   ", 3, 4 },
        /* Contexts stop at the paragraph's ends. */
        { "第一段\n前文AB後文\n第三段", "AB", 14, 0, "  前文AB後文  ", 6, 2 },
        /* A hit wider than its room is cut before a wide character. */
        { "x中文字y", "中文字", 4, 0, "x中 ", 1, 2 },
        /* Titles cut by width, with the ellipsis, and padded. */
        { "中华人民共和国主席讲话\n前文AB後文", "AB", 20, 8, "中华人…  前文AB後文 ", 13, 2 },
        { "中华人民共和国主席讲话\n前文AB後文", "AB", 20, 10, "中华人民… 前文AB後文", 14, 2 },
        { "中华人民共和国主席讲话\n前文AB後文", "AB", 10, 1, "  文AB後文", 4, 2 },
        { "短题\n前文AB後文", "AB", 16, 6, "短题  前文AB後文", 10, 2 },
        /*
         * An inline annotation goes whole, with the character it annotates:
         * rather a shorter context than "g)勞模" or "弘揚(y".
         */
        { "大力弘揚(yáng)勞模精神弘揚(yáng)", "精神", 16, 0, "  勞模精神弘揚  ", 6, 4 },
        { "大力弘揚(yáng)勞模精神弘揚(yáng)", "精神", 30, 0,
          " 揚(yáng)勞模精神弘揚(yáng)   ", 13, 4 },
        { "勞動（dòng）精神，勞動（dòng）", "精神", 16, 0, "      精神，勞動", 6, 4 },
};

/* The same texts with inline annotations hidden: they cost nothing, so the contexts fill up. */
static const struct exact exact_hidden[] = {
        { "大力弘揚(yáng)勞模精神弘揚(yáng)", "精神", 16, 0, "揚勞模精神弘揚  ", 6, 4 },
        { "精神弘揚(yáng)勞模工匠", "精神", 16, 0, "      精神弘揚勞", 6, 4 },
        { "勞動（dòng）精神，勞動（dòng）", "精神", 16, 0, "  勞動精神，勞動", 6, 4 },
        /* Nor are they kept inside a hit, whose width is then measured without them. */
        { "前文勞動(dòng)精神後文", "勞動(dòng)精神", 20, 0, "  前文勞動精神後文  ", 6, 8 },
};

static void check_known_lines(const struct exact *v, size_t n, bool hide)
{
        for (size_t i = 0; i < n; i++) {
                const struct exact *x = &v[i];
                struct corpus *c = corpus_of(&x->text, 1, "UTF-8");
                struct hit h;
                cr_assert_eq(hits_of(c, x->needle, &h, 1), 1);
                struct kwic *k = kwic_build(c, &h, 1);
                kwic_hide_annotations(k, hide);
                struct kwic_mark m;
                char *line = kwic_render_line(k, 0, x->width, x->title_cols, &m, NULL);
                cr_assert_str_eq(line, x->line, "case %zu", i);
                cr_assert_eq(m.col, x->mark_col, "case %zu", i);
                cr_assert_eq(m.cols, x->mark_cols, "case %zu", i);
                cr_assert_eq(width_str(line, m.start), x->mark_col, "case %zu", i);
                free(line);
                kwic_free(k);
                corpus_free(c);
        }
}

Test(kwic, renders_known_lines)
{
        check_known_lines(exact, LC_ARRAY_LEN(exact), false);
}

Test(kwic, renders_known_lines_with_annotations_hidden)
{
        check_known_lines(exact_hidden, LC_ARRAY_LEN(exact_hidden), true);
}

static bool is_paren(ucs4_t c, bool open)
{
        return open ? c == '(' || c == 0xFF08 : c == ')' || c == 0xFF09;
}

/* The letters and combining marks pinyin is written with. */
static bool is_pinyin_letter(ucs4_t c)
{
        return (c < 0x80 && isalpha((int)c)) || (c >= 0xC0 && c < 0x250) ||
               (c >= 0x300 && c < 0x370);
}

/*
 * Whether line holds a piece of an inline annotation: once every whole
 * parenthesised group is blanked out, a parenthesis left with a pinyin
 * letter beside it ("g)勞模", "弘揚(y").
 */
static bool has_annotation_piece(const char *line)
{
        size_t n = 0;
        ucs4_t *u = u8_to_u32((const uint8_t *)line, strlen(line), NULL, &n);
        cr_assert_not_null(u);
        for (size_t i = 0; i < n; i++) {
                if (!is_paren(u[i], true))
                        continue;
                size_t j = i + 1;
                while (j < n && !is_paren(u[j], true) && !is_paren(u[j], false))
                        j++;
                if (j < n && is_paren(u[j], false)) {
                        for (size_t k = i; k <= j; k++)
                                u[k] = ' ';
                        i = j;
                }
        }
        bool piece = false;
        for (size_t i = 0; i < n; i++) {
                if (is_paren(u[i], true) && i + 1 < n && is_pinyin_letter(u[i + 1]))
                        piece = true;
                if (is_paren(u[i], false) && i > 0 && is_pinyin_letter(u[i - 1]))
                        piece = true;
        }
        free(u);
        return piece;
}

Test(kwic, contexts_never_cut_an_annotation)
{
        /* The pinyin speech of the bundled corpus, at every width a pane can have. */
        struct corpus *c = bundled_corpus();
        struct hit hits[512];
        size_t n = hits_of(c, "精神", hits, LC_ARRAY_LEN(hits));
        cr_assert_gt(n, 20);
        struct kwic *k = kwic_build(c, hits, n);
        size_t annotated = 0;
        for (int width = 8; width <= 120; width++) {
                for (size_t i = 0; i < n; i++) {
                        const struct kwic_entry *e = kwic_entry(k, i);
                        char *line = kwic_render_line(k, i, width, 0, NULL, NULL);
                        cr_assert(!has_annotation_piece(line), "width %d, %s at %u: \"%s\"",
                                  width, corpus_doc(c, e->doc)->path, e->start, line);
                        annotated += strstr(line, "(") != NULL;
                        free(line);
                }
        }
        cr_assert_gt(annotated, 0, "no line showed an annotation: the test tests nothing");
        kwic_free(k);
        corpus_free(c);
}

/* Whether line holds a whole inline annotation, as the engine knows one. */
static bool has_annotation(const char *line)
{
        size_t n = strlen(line);
        for (size_t i = 0; i < n; i++)
                if ((line[i] == '(' || memcmp(line + i, "（", 3) == 0) &&
                    fold_annotation_at(line, n, i))
                        return true;
        return false;
}

/* text with its inline annotations cut out; caller frees. */
static char *without_annotations(const char *text, size_t len)
{
        struct sbuf b = { 0 };
        sbuf_add(&b, "", 0);
        for (size_t i = 0; i < len;) {
                size_t a = fold_annotation_at(text, len, i);
                if (a) {
                        i += a;
                        continue;
                }
                sbuf_addc(&b, text[i++]);
        }
        return sbuf_take(&b);
}

Test(kwic, hidden_annotations_render_as_the_text_without_them)
{
        /*
         * The bundled speeches, once as they are with annotations hidden and
         * once with the annotations cut out of the text itself: every line
         * must be the same at every width, so none shows an annotation and
         * none leaves blank the columns an annotation would have taken.
         */
        struct corpus *c = bundled_corpus();
        size_t ndocs = corpus_count(c);
        char **bare = xcalloc(ndocs, sizeof *bare);
        for (size_t d = 0; d < ndocs; d++)
                bare[d] = without_annotations(corpus_doc(c, d)->text, corpus_doc(c, d)->len);
        struct corpus *cb = corpus_of((const char *const *)bare, ndocs, "UTF-8");
        struct hit hits[512], bhits[512];
        size_t n = hits_of(c, "精神", hits, LC_ARRAY_LEN(hits));
        cr_assert_eq(hits_of(cb, "精神", bhits, LC_ARRAY_LEN(bhits)), n);
        struct kwic *k = kwic_build(c, hits, n), *kb = kwic_build(cb, bhits, n);
        kwic_hide_annotations(k, true);
        cr_assert(kwic_annotations_hidden(k));
        size_t differ = 0;
        for (int width = 8; width <= 120; width++) {
                cr_assert_eq(kwic_hit_col(k, width, 0), kwic_hit_col(kb, width, 0));
                for (size_t i = 0; i < n; i++) {
                        struct kwic_mark m, mb;
                        struct kwic_notes notes;
                        char *line = kwic_render_line(k, i, width, 0, &m, &notes);
                        char *want = kwic_render_line(kb, i, width, 0, &mb, NULL);
                        const struct kwic_entry *e = kwic_entry(k, i);
                        cr_assert(!has_annotation(line), "width %d, %s at %u: \"%s\"", width,
                                  corpus_doc(c, e->doc)->path, e->start, line);
                        cr_assert_str_eq(line, want, "width %d, %s at %u", width,
                                         corpus_doc(c, e->doc)->path, e->start);
                        cr_assert(m.start == mb.start && m.end == mb.end && m.cols == mb.cols);
                        cr_assert(notes.n == 0 && notes.v == NULL);
                        kwic_hide_annotations(k, false);
                        char *shown = kwic_render_line(k, i, width, 0, NULL, NULL);
                        kwic_hide_annotations(k, true);
                        differ += strcmp(shown, line) != 0;
                        free(shown);
                        free(want);
                        free(line);
                }
        }
        cr_assert_gt(differ, 0, "no line changed with annotations hidden: the test tests nothing");
        kwic_free(kb);
        kwic_free(k);
        corpus_free(cb);
        for (size_t d = 0; d < ndocs; d++)
                free(bare[d]);
        free(bare);
        corpus_free(c);
}

/* Checks that notes are exactly the occurrences of ann in line, in order. */
static void assert_notes(const char *line, const struct kwic_notes *notes, const char *ann,
                         size_t want)
{
        cr_assert_eq(notes->n, want, "\"%s\": %zu notes, want %zu", line, notes->n, want);
        const char *p = line;
        for (size_t j = 0; j < notes->n; j++) {
                p = strstr(p, ann);
                cr_assert_not_null(p);
                const struct span *s = &notes->v[j];
                cr_assert_eq(s->kind, SPAN_ANNOTATION);
                cr_assert_eq(s->start, (size_t)(p - line), "note %zu of \"%s\"", j, line);
                cr_assert_eq(s->end, s->start + strlen(ann), "note %zu of \"%s\"", j, line);
                p += strlen(ann);
        }
        cr_assert_null(strstr(p, ann), "\"%s\": an annotation is not reported", line);
}

Test(kwic, reports_the_annotations_it_shows)
{
        static const char *const t[] = { "大力弘揚(yáng)勞模精神弘揚(yáng)", "前文勞動(dòng)精神後文" };
        static const char *const needle[] = { "精神", "勞動(dòng)精神" };
        static const char *const ann[] = { "(yáng)", "(dòng)" };
        static const size_t nann[] = { 2, 1 };
        for (size_t d = 0; d < LC_ARRAY_LEN(t); d++) {
                struct corpus *c = corpus_of(&t[d], 1, "UTF-8");
                struct hit h;
                cr_assert_eq(hits_of(c, needle[d], &h, 1), 1);
                struct kwic *k = kwic_build(c, &h, 1);
                struct kwic_notes notes;
                struct kwic_mark m;
                char *line = kwic_render_line(k, 0, 30, 0, &m, &notes);
                assert_notes(line, &notes, ann[d], nann[d]);
                /* The second text's annotation is inside the hit, and reported there too. */
                if (d == 1)
                        cr_assert(notes.v[0].start >= m.start && notes.v[0].end <= m.end);
                free(notes.v);

                kwic_hide_annotations(k, true);
                char *bare = kwic_render_line(k, 0, 30, 0, NULL, &notes);
                cr_assert_null(strstr(bare, ann[d]), "\"%s\"", bare);
                cr_assert(notes.n == 0 && notes.v == NULL);

                kwic_hide_annotations(k, false);
                char *again = kwic_render_line(k, 0, 30, 0, NULL, &notes);
                cr_assert_str_eq(again, line, "showing them again does not restore the line");
                free(notes.v);
                free(again);
                free(bare);
                free(line);
                kwic_free(k);
                corpus_free(c);
        }
}

Test(kwic, rejects_hits_outside_the_corpus)
{
        static const char *const t[] = { "一二三" };
        struct corpus *c = corpus_of(t, 1, "UTF-8");
        struct hit bad[] = {
                { 1, 0, 3 },    /* no such document */
                { 0, 3, 10 },   /* past the end */
                { 0, 6, 3 },    /* reversed */
        };
        for (size_t i = 0; i < LC_ARRAY_LEN(bad); i++)
                cr_assert_null(kwic_build(c, &bad[i], 1), "case %zu", i);
        struct kwic *k = kwic_build(c, NULL, 0);
        cr_assert_not_null(k);
        cr_assert_eq(kwic_count(k), 0);
        cr_assert_null(kwic_render_line(k, 0, 10, 0, NULL, NULL));
        cr_assert_null(kwic_entry(k, 0));
        cr_assert_eq(kwic_find_hit(k, 0), SIZE_MAX);
        kwic_free(k);
        kwic_free(NULL);
        corpus_free(c);
}

static void assert_doc_order(const struct kwic *k, const uint32_t *want, size_t n,
                             const char *what)
{
        cr_assert_eq(kwic_count(k), n);
        for (size_t i = 0; i < n; i++)
                cr_assert_eq(kwic_entry(k, i)->doc, want[i], "%s: entry %zu is doc %u, want %u",
                             what, i, kwic_entry(k, i)->doc, want[i]);
}

Test(kwic, sorts_by_left_context_nearest_first_folded)
{
        /*
         * Nearest left characters fold to 动 动 动 匠 模; the first three tie
         * on 劳 and part on 乙 < 甲. Doc 4 only matches doc 0 when its pinyin
         * annotation is skipped (else ')' would sort it first), and its tie
         * with doc 0 goes by document. Unfolded, 動 > 动 would put doc 3
         * before doc 0.
         */
        static const char *const t[] = {
                "乙勞動精神", "劳模精神", "工匠精神", "甲劳动精神", "乙勞動(dòng)精神",
        };
        static const uint32_t want[] = { 0, 4, 3, 2, 1 };
        struct corpus *c = corpus_of(t, LC_ARRAY_LEN(t), "UTF-8");
        struct hit hits[8];
        size_t n = hits_of(c, "精神", hits, LC_ARRAY_LEN(hits));
        struct kwic *k = kwic_build(c, hits, n);
        cr_assert_eq(kwic_sort(k, KWIC_SORT_LEFT, NULL), LC_OK);
        cr_assert_eq(kwic_order(k), KWIC_SORT_LEFT);
        assert_doc_order(k, want, LC_ARRAY_LEN(want), "left");
        kwic_free(k);
        corpus_free(c);
}

Test(kwic, sorts_by_right_context_shorter_first_folded)
{
        /* 。 < 体会 < 體現 (体现) < 和, and a context that ends sorts first. */
        static const char *const t[] = {
                "精神體現", "精神。", "精神体会", "精神", "精神和",
        };
        static const uint32_t want[] = { 3, 1, 2, 0, 4 };
        struct corpus *c = corpus_of(t, LC_ARRAY_LEN(t), "UTF-8");
        struct hit hits[8];
        size_t n = hits_of(c, "精神", hits, LC_ARRAY_LEN(hits));
        struct kwic *k = kwic_build(c, hits, n);
        cr_assert_eq(kwic_sort(k, KWIC_SORT_RIGHT, NULL), LC_OK);
        assert_doc_order(k, want, LC_ARRAY_LEN(want), "right");
        kwic_free(k);
        corpus_free(c);
}

Test(kwic, document_order_is_restored_and_hits_are_found)
{
        static const char *const t[] = {
                "a精神\nb精神", "a精神\n精神", "b精神\na精神",
        };
        struct corpus *c = corpus_of(t, LC_ARRAY_LEN(t), "UTF-8");
        struct hit hits[16];
        size_t n = hits_of(c, "精神", hits, LC_ARRAY_LEN(hits));
        cr_assert_eq(n, 6);
        struct kwic *k = kwic_build(c, hits, n);

        /* Left: the empty context first, then a a a and b b, ties in document order. */
        static const size_t want_left[] = { 3, 0, 2, 5, 1, 4 };
        cr_assert_eq(kwic_sort(k, KWIC_SORT_LEFT, NULL), LC_OK);
        for (size_t i = 0; i < n; i++) {
                cr_assert_eq(kwic_entry(k, i)->hit, want_left[i], "left entry %zu", i);
                cr_assert_eq(kwic_find_hit(k, want_left[i]), i);
        }

        cr_assert_eq(kwic_sort(k, KWIC_SORT_DOC, NULL), LC_OK);
        for (size_t i = 0; i < n; i++) {
                const struct kwic_entry *e = kwic_entry(k, i);
                cr_assert_eq(e->hit, i);
                cr_assert_eq(e->doc, hits[i].doc);
                cr_assert_eq(e->start, hits[i].start);
                cr_assert_eq(kwic_find_hit(k, i), i);
        }
        cr_assert_eq(kwic_sort(k, (enum kwic_sort)42, NULL), LC_EINVAL);
        kwic_free(k);
        corpus_free(c);
}
