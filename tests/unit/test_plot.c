/*
 * Unit tests for plot: hits at a document's first and last character land
 * in the first and last cell for any length and cell count (cells = 1
 * included); positions are characters, not bytes; counts and rates; an
 * empty barcode for a document without hits; several hits in one cell
 * drawn denser; text rows exactly as wide as planned, a narrow width
 * giving up whole columns (title, cells, then the rate) and none below
 * the narrowest row.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unistr.h>

#include "corpus.h"
#include "doc.h"
#include "plot.h"
#include "testlib.h"
#include "util.h"
#include "width.h"

TestSuite(plot, .init = utf8_locale);

/* A hit on the character that starts at byte off of document doc. */
static struct hit hit_char(const struct corpus *c, uint32_t doc, size_t off)
{
        const struct doc *d = corpus_doc(c, doc);
        ucs4_t u;
        int n = u8_mbtouc(&u, (const uint8_t *)d->text + off, d->len - off);
        return (struct hit){ doc, (uint32_t)off, (uint32_t)(off + (size_t)n) };
}

/* n characters alternating 中 and a, so bytes and characters differ. */
static char *text_of(size_t n)
{
        struct sbuf b = { 0 };
        for (size_t i = 0; i < n; i++)
                sbuf_adds(&b, i % 2 ? "a" : "中");
        return sbuf_take(&b);
}

Test(plot, first_and_last_characters_land_in_first_and_last_cells)
{
        static const size_t lengths[] = { 1, 2, 3, 7, 10, 81, 1000 };
        static const int cells[] = { 1, 2, 3, 5, 7, 10, 80, 200 };
        for (size_t l = 0; l < LC_ARRAY_LEN(lengths); l++) {
                char *t = text_of(lengths[l]);
                const char *texts[] = { t };
                struct corpus *c = corpus_of(texts, 1, "UTF-8");
                const struct doc *d = corpus_doc(c, 0);
                cr_assert_eq(d->nchars, lengths[l]);
                size_t last = lengths[l] % 2 ? d->len - 3 : d->len - 1;
                struct hit h[] = { hit_char(c, 0, 0), hit_char(c, 0, last) };
                for (size_t k = 0; k < LC_ARRAY_LEN(cells); k++) {
                        int nc = cells[k];
                        struct plot *p = plot_build(c, h, 2, nc);
                        cr_assert_not_null(p);
                        const struct plot_row *r = plot_row(p, 0);
                        cr_assert_eq(r->count, 2);
                        if (lengths[l] == 1 || nc == 1) {
                                cr_assert_eq(r->cells[0], 2, "n %zu cells %d", lengths[l], nc);
                        } else {
                                cr_assert_eq(r->cells[0], 1, "n %zu cells %d", lengths[l], nc);
                                cr_assert_eq(r->cells[nc - 1], 1, "n %zu cells %d", lengths[l],
                                             nc);
                        }
                        char *bar = plot_render_bar(p, 0, PLOT_GLYPHS_NARROW);
                        cr_assert_eq(width_str(bar, strlen(bar)), nc);
                        free(bar);
                        plot_free(p);
                }
                corpus_free(c);
                free(t);
        }
}

Test(plot, positions_are_characters_not_bytes)
{
        static const char *const t[] = { "中文abc中文" };
        struct corpus *c = corpus_of(t, 1, "UTF-8");
        /* 'a' is character 2 at byte 6; the second 中 is character 5 at byte 9. */
        struct hit h[] = { hit_char(c, 0, 6), hit_char(c, 0, 9) };
        struct plot *p = plot_build(c, h, 2, 7);
        static const uint32_t want[] = { 0, 0, 1, 0, 0, 1, 0 };
        for (int i = 0; i < 7; i++)
                cr_assert_eq(plot_row(p, 0)->cells[i], want[i], "cell %d", i);
        plot_free(p);
        corpus_free(c);
}

Test(plot, counts_rates_and_empty_rows)
{
        char *long_text = text_of(20000);
        const char *texts[] = { "甲乙丙丁", long_text, "沒有命中的文件", "" };
        struct corpus *c = corpus_of(texts, LC_ARRAY_LEN(texts), "UTF-8");
        /* Out of order and interleaved: the plot groups and sorts them itself. */
        struct hit h[] = {
                hit_char(c, 1, 30000), hit_char(c, 0, 6), hit_char(c, 1, 0),
                hit_char(c, 1, 15000),
        };
        struct plot *p = plot_build(c, h, LC_ARRAY_LEN(h), 10);
        cr_assert_eq(plot_nrows(p), 4);
        cr_assert_eq(plot_ncells(p), 10);
        cr_assert_eq(plot_total(p), 4);

        static const uint32_t counts[] = { 1, 3, 0, 0 };
        static const double rates[] = { 2500.0, 1.5, 0.0, 0.0 };
        for (size_t i = 0; i < 4; i++) {
                const struct plot_row *r = plot_row(p, i);
                cr_assert_eq(r->doc, i);
                cr_assert_eq(r->count, counts[i], "row %zu", i);
                cr_assert_float_eq(r->rate, rates[i], 1e-9, "row %zu", i);
                uint32_t sum = 0;
                for (int k = 0; k < 10; k++)
                        sum += r->cells[k];
                cr_assert_eq(sum, counts[i]);
        }
        /* 丙 is character 2 of 4, spread over 10 cells: 2 * 9 / 3. */
        cr_assert_eq(plot_row(p, 0)->cells[6], 1);
        /* Bytes 0, 15000 and 30000 are characters 0, 7500 and 15000 of 20000. */
        cr_assert_eq(plot_row(p, 1)->cells[0], 1);
        cr_assert_eq(plot_row(p, 1)->cells[3], 1);
        cr_assert_eq(plot_row(p, 1)->cells[7], 1);

        for (size_t i = 2; i < 4; i++) {
                char *bar = plot_render_bar(p, i, PLOT_GLYPHS_NARROW);
                cr_assert_str_eq(bar, "          ", "row %zu", i);
                free(bar);
        }
        cr_assert_null(plot_row(p, 4));
        cr_assert_null(plot_render_bar(p, 4, PLOT_GLYPHS_NARROW));
        plot_free(p);
        plot_free(NULL);
        corpus_free(c);
        free(long_text);
}

Test(plot, more_hits_in_a_cell_render_denser)
{
        char *t = text_of(100);
        const char *texts[] = { t };
        struct corpus *c = corpus_of(texts, 1, "UTF-8");
        /* 1, 2, 3, 4 and 5 hits in cells 0, 2, 4, 6 and 8 (ten characters each). */
        struct hit h[15];
        size_t n = 0;
        for (int cell = 0; cell < 5; cell++)
                for (int k = 0; k <= cell; k++) {
                        size_t ch = (size_t)cell * 20 + (size_t)k;
                        h[n++] = hit_char(c, 0, ch / 2 * 4 + ch % 2 * 3);
                }
        struct plot *p = plot_build(c, h, n, 10);
        char *narrow = plot_render_bar(p, 0, PLOT_GLYPHS_NARROW);
        char *bars = plot_render_bar(p, 0, PLOT_GLYPHS_BARS);
        cr_assert_str_eq(narrow, "░ ▐ ▟ ▟ ▟ ");
        cr_assert_str_eq(bars, "▏ ▍ ▋ █ █ ");
        cr_assert_eq(width_str(narrow, strlen(narrow)), 10);
        cr_assert_eq(width_str(bars, strlen(bars)), 10);
        free(narrow);
        free(bars);
        plot_free(p);
        corpus_free(c);
        free(t);
}

Test(plot, narrow_glyphs_are_one_column_and_never_ambiguous)
{
        static const enum plot_glyphs sets[] = { PLOT_GLYPHS_NARROW, PLOT_GLYPHS_BARS };
        for (size_t s = 0; s < LC_ARRAY_LEN(sets); s++) {
                cr_assert_str_eq(plot_glyph(sets[s], 0), " ");
                for (uint32_t n = 1; n < 8; n++) {
                        const char *g = plot_glyph(sets[s], n);
                        cr_assert_eq(width_str(g, strlen(g)), 1);
                        cr_assert_str_neq(g, plot_glyph(sets[s], 0));
                        ucs4_t u;
                        u8_mbtouc(&u, (const uint8_t *)g, strlen(g));
                        if (sets[s] == PLOT_GLYPHS_NARROW)
                                cr_assert_neq(u_getIntPropertyValue((UChar32)u,
                                                                    UCHAR_EAST_ASIAN_WIDTH),
                                              U_EA_AMBIGUOUS, "U+%04X", (unsigned)u);
                }
        }
}

Test(plot, one_cell_and_bad_input)
{
        static const char *const t[] = { "一二三四五", "六" };
        struct corpus *c = corpus_of(t, 2, "UTF-8");
        struct hit h[] = { hit_char(c, 0, 0), hit_char(c, 0, 6), hit_char(c, 0, 12),
                           hit_char(c, 1, 0) };
        struct plot *p = plot_build(c, h, LC_ARRAY_LEN(h), 1);
        cr_assert_eq(plot_row(p, 0)->cells[0], 3);
        cr_assert_eq(plot_row(p, 1)->cells[0], 1);
        char *bar = plot_render_bar(p, 0, PLOT_GLYPHS_NARROW);
        cr_assert_str_eq(bar, "▟");
        free(bar);
        plot_free(p);

        cr_assert_null(plot_build(c, h, 1, 0));
        cr_assert_null(plot_build(c, h, 1, -3));
        struct hit bad[] = { { 2, 0, 0 }, { 1, 0, 4 }, { 0, 3, 0 } };
        for (size_t i = 0; i < LC_ARRAY_LEN(bad); i++)
                cr_assert_null(plot_build(c, &bad[i], 1, 5), "case %zu", i);
        corpus_free(c);
}

Test(plot, text_rows_fill_the_width)
{
        static const char *const t[] = { "甲乙丙丁", "標題很長很長很長的一篇講話稿\n內容" };
        struct corpus *c = corpus_of(t, 2, "UTF-8");
        struct hit h = hit_char(c, 0, 6);

        struct plot *p = plot_build(c, &h, 1, 4);
        char *row = plot_render_row(p, 0, 6, true, PLOT_GLYPHS_NARROW);
        cr_assert_str_eq(row, "甲乙… |  ░ |       1    2500.0");
        free(row);
        row = plot_render_row(p, 0, 6, false, PLOT_GLYPHS_NARROW);
        cr_assert_str_eq(row, "甲乙… |  ░ |       1");
        free(row);
        plot_free(p);

        static const int widths[] = { PLOT_MIN_WIDTH, 22, 28, 29, 38, 41, 80, 120 };
        static const int titles[] = { 0, 1, 9, 16 };
        for (size_t w = 0; w < LC_ARRAY_LEN(widths); w++) {
                for (size_t k = 0; k < LC_ARRAY_LEN(titles); k++) {
                        struct plot_cols cols;
                        cr_assert(plot_fit(widths[w], titles[k], &cols));
                        p = plot_build(c, &h, 1, cols.cells);
                        for (size_t i = 0; i < plot_nrows(p); i++) {
                                row = plot_render_row(p, i, cols.title, cols.rate,
                                                      PLOT_GLYPHS_BARS);
                                cr_assert_eq(width_str(row, strlen(row)), widths[w], "\"%s\"",
                                             row);
                                free(row);
                        }
                        char *head = plot_render_header(p, cols.title, cols.rate);
                        cr_assert_eq(width_str(head, strlen(head)), widths[w], "\"%s\"", head);
                        cr_assert_eq(strstr(head, "per 10k") != NULL, cols.rate);
                        free(head);
                        plot_free(p);
                }
        }
        corpus_free(c);
}

/* Whole columns give way, in order: the title's, then cells, then the rate. */
Test(plot, a_narrow_width_gives_up_whole_columns)
{
        struct plot_cols cols;
        /* Room for everything: the title as wanted. */
        cr_assert(plot_fit(100, 25, &cols));
        cr_assert_eq(cols.title, 25);
        cr_assert_eq(cols.cells, 100 - 25 - plot_extra_cols(true));
        cr_assert(cols.rate);
        /* The title shrinks to keep the fewest cells, the rate still shown. */
        int w = plot_extra_cols(true) + 10 + PLOT_MIN_CELLS;
        cr_assert(plot_fit(w, 30, &cols));
        cr_assert_eq(cols.title, 10);
        cr_assert_eq(cols.cells, PLOT_MIN_CELLS);
        cr_assert(cols.rate);
        /* Both at their least: the rate still beats a longer bar. */
        w = plot_extra_cols(true) + PLOT_MIN_TITLE + PLOT_MIN_CELLS;
        cr_assert(plot_fit(w, 30, &cols));
        cr_assert_eq(cols.title, PLOT_MIN_TITLE);
        cr_assert_eq(cols.cells, PLOT_MIN_CELLS);
        cr_assert(cols.rate);
        /* One column less: the rate goes, whole, and the bar takes its room. */
        cr_assert(plot_fit(w - 1, 30, &cols));
        cr_assert_not(cols.rate);
        cr_assert_eq(cols.title + cols.cells + plot_extra_cols(false), w - 1);
        cr_assert_geq(cols.title, PLOT_MIN_TITLE);
        cr_assert_geq(cols.cells, PLOT_MIN_CELLS);
        /* A title wanted narrower than shows anything gets the least that does. */
        cr_assert(plot_fit(60, 1, &cols));
        cr_assert_eq(cols.title, PLOT_MIN_TITLE);
        /* The narrowest row, and below it nothing. */
        cr_assert(plot_fit(PLOT_MIN_WIDTH, 0, &cols));
        cr_assert_eq(cols.title, PLOT_MIN_TITLE);
        cr_assert_eq(cols.cells, PLOT_MIN_CELLS);
        cr_assert_not(cols.rate);
        cols = (struct plot_cols){ -1, -1, true };
        cr_assert_not(plot_fit(PLOT_MIN_WIDTH - 1, 0, &cols));
        cr_assert_eq(cols.title, -1);
        cr_assert_not(plot_fit(0, 0, &cols));
        cr_assert_not(plot_fit(-5, 3, &cols));
}
