/*
 * Tests for reader, the reading view-model: paragraphs and the gap between
 * them, wrapping by columns with the Chinese line-start rules, scrolling and
 * its limits, a resize that keeps the passage on top (and the current hit,
 * the marked place or the selection in view), percentages, spans for
 * hits (also across a wrap), the current hit and pinyin annotations (dimmed
 * or hidden), and a huge one-line paragraph. Documents are built by hand:
 * the reader reads only text and len.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "testlib.h"
#include "util.h"
#include "width.h"

TestSuite(reader, .init = utf8_locale);

static struct doc *make_doc(const char *text)
{
        struct doc *d = xcalloc(1, sizeof *d);
        d->len = strlen(text);
        d->text = xstrndup(text, d->len);
        return d;
}

static void free_doc(struct doc *d)
{
        free(d->text);
        free(d);
}

/* A row as text, hidden spans left out; the caller frees. */
static char *row_text(const struct doc *d, const struct reader_view *v, size_t i)
{
        const struct reader_row *row = &v->rows[i];
        struct sbuf b = { 0 };
        size_t at = row->start;
        for (size_t k = 0; k < row->nspans; k++) {
                const struct span *s = &v->spans[row->first_span + k];
                if (s->kind != SPAN_HIDDEN)
                        continue;
                sbuf_add(&b, d->text + at, s->start - at);
                at = s->end;
        }
        sbuf_add(&b, d->text + at, row->end - at);
        return sbuf_take(&b);
}

static void expect_rows(struct reader *r, const struct doc *d, const char *const *want, size_t n)
{
        const struct reader_view *v = reader_view(r);
        cr_assert_eq(v->nrows, n, "expected %zu rows, got %zu", n, v->nrows);
        for (size_t i = 0; i < n; i++) {
                char *got = row_text(d, v, i);
                if (want[i] == NULL)
                        cr_expect_eq(v->rows[i].kind, READER_ROW_GAP, "row %zu should be a gap", i);
                else
                        cr_expect_str_eq(got, want[i], "row %zu", i);
                free(got);
        }
}

Test(reader, paragraphs_stay_apart_by_exactly_one_gap)
{
        struct doc *d = make_doc("\n\n第一段。\n\n\n第二段。\n　　\n第三段。\n");
        struct reader *r = reader_new();
        reader_open(r, d, 0);
        reader_resize(r, 20, 10);
        const char *want[] = { "第一段。", NULL, "第二段。", NULL, "第三段。" };
        expect_rows(r, d, want, 5);
        reader_free(r);
        free_doc(d);
}

Test(reader, full_width_indent_is_kept)
{
        struct doc *d = make_doc("\xe3\x80\x80\xe3\x80\x80第一章");
        struct reader *r = reader_new();
        reader_open(r, d, 0);
        reader_resize(r, 40, 5);
        const struct reader_view *v = reader_view(r);
        cr_assert_eq(v->nrows, 1);
        cr_expect_eq(v->rows[0].start, 0);
        cr_expect_eq(v->rows[0].cols, 10);
        reader_free(r);
        free_doc(d);
}

Test(reader, wraps_by_columns_and_pushes_out_closing_punctuation)
{
        struct doc *d = make_doc("一二三四五。六七");
        struct reader *r = reader_new();
        reader_open(r, d, 0);
        reader_resize(r, 10, 5);
        const char *want[] = { "一二三四", "五。六七" };
        expect_rows(r, d, want, 2);
        reader_free(r);
        free_doc(d);
}

static const char *speech =
        "在“五一”国际劳动节即将来临之际，我们在这里隆重集会，共同庆祝劳动者自己的节日，"
        "表彰在“美丽XX”建设中涌现的劳动模范和先进工作者。首先，我代表区委、区政府，"
        "向受到表彰的五一劳动奖章、奖状、工人先锋号等先进集体和先进个人表示热烈的祝贺！"
        "大力弘扬劳模精神、劳动精神、工匠精神……奋力夺取“十四五”转型——开局新胜利。\n"
        "勞模精神、工匠精神充分彰顯了社會主義核心價值觀的深刻內涵（見《講話》），"
        "是全社會的寶貴精神財富；下面是小編給大家帶來的演講材料：「希望大家喜歡」。";

Test(reader, no_row_starts_with_forbidden_punctuation_or_overflows)
{
        static const char *forbidden[] = { "，", "。", "、", "：", "；", "！", "？",
                                           "）", "」", "』", "》", "”" };
        struct doc *d = make_doc(speech);
        struct reader *r = reader_new();
        reader_open(r, d, 0);
        for (int w = 16; w <= 61; w++) {
                reader_resize(r, w, 200);
                reader_top(r);
                const struct reader_view *v = reader_view(r);
                for (size_t i = 0; i < v->nrows; i++) {
                        const struct reader_row *row = &v->rows[i];
                        cr_assert_leq(row->cols, w, "width %d row %zu is %d wide", w, i, row->cols);
                        cr_assert_eq(row->cols, width_str(d->text + row->start,
                                                          row->end - row->start));
                        for (size_t k = 0; k < LC_ARRAY_LEN(forbidden); k++)
                                cr_assert_neq(strncmp(d->text + row->start, forbidden[k],
                                                      strlen(forbidden[k])), 0,
                                              "width %d row %zu starts with %s", w, i,
                                              forbidden[k]);
                }
        }
        reader_free(r);
        free_doc(d);
}

/* n one-line paragraphs "段落1。" ... : 2n - 1 rows with the gaps. */
static struct doc *make_lines(int n)
{
        struct sbuf b = { 0 };
        for (int i = 1; i <= n; i++)
                sbuf_printf(&b, "段落%d。\n", i);
        struct doc *d = make_doc(b.s);
        sbuf_free(&b);
        return d;
}

Test(reader, scrolling_stops_when_the_last_row_is_at_the_bottom)
{
        struct doc *d = make_lines(30);
        struct reader *r = reader_new();
        reader_open(r, d, 0);
        reader_resize(r, 40, 10);
        cr_expect(reader_at_top(r));
        cr_expect_eq(reader_scroll(r, -3), 0);
        cr_expect_eq(reader_scroll(r, 1), 1);
        cr_expect_eq(reader_view(r)->rows[0].kind, READER_ROW_GAP);
        cr_expect_eq(reader_scroll(r, 1000), 59 - 10 - 1);
        cr_expect(reader_at_end(r));
        cr_expect_eq(reader_percent(r), 100);
        const struct reader_view *v = reader_view(r);
        cr_assert_eq(v->nrows, 10);
        cr_expect_eq(v->rows[9].end, d->len - 1, "the last row is the last paragraph");
        cr_expect_eq(reader_scroll(r, 5), 0);
        cr_expect_eq(reader_page(r, -1), -10);
        cr_expect_not(reader_at_end(r));
        reader_top(r);
        cr_expect(reader_at_top(r));
        cr_expect_lt(reader_percent(r), 100);
        reader_bottom(r);
        cr_expect(reader_at_end(r));
        reader_free(r);
        free_doc(d);
}

Test(reader, a_short_document_is_at_top_and_end)
{
        struct doc *d = make_lines(2);
        struct reader *r = reader_new();
        reader_open(r, d, 0);
        reader_resize(r, 40, 10);
        cr_expect(reader_at_top(r));
        cr_expect(reader_at_end(r));
        cr_expect_eq(reader_percent(r), 100);
        cr_expect_eq(reader_page(r, 1), 0);
        reader_free(r);
        free_doc(d);
}

Test(reader, resize_keeps_the_passage_on_top)
{
        struct sbuf b = { 0 };
        for (int i = 0; i < 12; i++)
                sbuf_adds(&b, speech);
        struct doc *d = make_doc(b.s);
        sbuf_free(&b);
        struct reader *r = reader_new();
        reader_open(r, d, 0);
        reader_resize(r, 80, 20);
        reader_scroll(r, 37);
        size_t top = reader_top_offset(r);
        cr_assert_gt(top, 0);
        for (int w = 20; w <= 120; w += 7) {
                reader_resize(r, w, 20);
                const struct reader_view *v = reader_view(r);
                cr_assert(v->rows[0].start <= top && (top < v->rows[0].end ||
                          v->rows[0].kind == READER_ROW_GAP),
                          "width %d: top row [%zu, %zu) lost offset %zu", w,
                          v->rows[0].start, v->rows[0].end, top);
        }
        reader_resize(r, 80, 20);
        cr_expect_eq(reader_top_offset(r), top, "back at 80 columns, the same row is on top");
        reader_resize(r, 80, 7);
        reader_resize(r, 80, 20);
        cr_expect_eq(reader_top_offset(r), top);
        reader_free(r);
        free_doc(d);
}

/* Every row of the document from the top, page by page, as "start-end:cols" words. */
static char *all_rows(struct reader *r)
{
        struct sbuf b = { 0 };
        reader_top(r);
        do {
                const struct reader_view *v = reader_view(r);
                for (size_t i = 0; i < v->nrows; i++)
                        sbuf_printf(&b, "%zu-%zu:%d ", v->rows[i].start, v->rows[i].end,
                                    v->rows[i].cols);
        } while (reader_page(r, 1) != 0);
        return sbuf_take(&b);
}

/* A width change re-wraps from the source: nothing of the old width's lines is kept. */
Test(reader, rewrap_after_resize_equals_a_fresh_wrap)
{
        struct sbuf b = { 0 };
        for (int i = 0; i < 6; i++)
                sbuf_adds(&b, speech);
        struct doc *d = make_doc(b.s);
        sbuf_free(&b);
        struct reader *fresh = reader_new(), *resized = reader_new();
        reader_open(fresh, d, 0);
        reader_resize(fresh, 80, 20);
        reader_open(resized, d, 0);
        reader_resize(resized, 80, 20);
        free(all_rows(resized));
        reader_resize(resized, 40, 20);
        char *at40 = all_rows(resized);
        reader_resize(resized, 80, 20);
        char *want = all_rows(fresh), *got = all_rows(resized);
        cr_expect_str_neq(at40, want, "40 columns wrap differently");
        cr_expect_str_eq(got, want, "80 -> 40 -> 80 differs from a fresh wrap at 80");
        free(at40);
        free(want);
        free(got);
        reader_free(fresh);
        reader_free(resized);
        free_doc(d);
}

static size_t offset_of(const struct doc *d, const char *needle)
{
        const char *p = strstr(d->text, needle);
        cr_assert_not_null(p, "fixture lacks %s", needle);
        return (size_t)(p - d->text);
}

Test(reader, a_hit_wrapped_across_two_rows_is_marked_on_both)
{
        struct doc *d = make_doc("一二三四五六七八");
        struct reader *r = reader_new();
        reader_open(r, d, 0);
        reader_resize(r, 8, 5);
        size_t s = offset_of(d, "四五");
        struct hit hits[] = { { 0, 0, 3 }, { 0, (uint32_t)s, (uint32_t)s + 6 } };
        reader_set_hits(r, hits, 2, 1);
        const struct reader_view *v = reader_view(r);
        cr_assert_eq(v->nrows, 2);
        cr_assert_eq(v->rows[0].nspans, 2);
        const struct span *a = &v->spans[v->rows[0].first_span];
        cr_expect(a[0].start == 0 && a[0].end == 3 && a[0].kind == SPAN_HIT);
        cr_expect(a[1].start == s && a[1].end == s + 3 && a[1].kind == SPAN_CURRENT);
        cr_assert_eq(v->rows[1].nspans, 1);
        const struct span *c = &v->spans[v->rows[1].first_span];
        cr_expect(c->start == s + 3 && c->end == s + 6 && c->kind == SPAN_CURRENT);

        reader_set_hits(r, hits, 2, SIZE_MAX);
        v = reader_view(r);
        cr_expect_eq(v->spans[v->rows[1].first_span].kind, SPAN_HIT);
        reader_free(r);
        free_doc(d);
}

Test(reader, annotations_are_marked_and_can_be_hidden)
{
        struct doc *d = make_doc("勞動(dòng)者勞動(dòng)者");
        struct reader *r = reader_new();
        reader_open(r, d, 0);
        reader_resize(r, 12, 5);
        size_t a = offset_of(d, "(dòng)"), alen = strlen("(dòng)");
        const struct reader_view *v = reader_view(r);
        cr_assert_gt(v->nrows, 1, "with annotations the text needs more than one row");
        cr_assert_geq(v->rows[0].nspans, 1);
        const struct span *s = &v->spans[v->rows[0].first_span];
        cr_expect(s->start == a && s->end == a + alen && s->kind == SPAN_ANNOTATION);

        reader_hide_annotations(r, true);
        cr_expect(reader_annotations_hidden(r));
        size_t end = offset_of(d, "者") + 3;
        struct hit hit = { 0, 0, (uint32_t)end };
        reader_set_hits(r, &hit, 1, SIZE_MAX);
        v = reader_view(r);
        cr_assert_eq(v->nrows, 1);
        cr_expect_eq(v->rows[0].cols, 12);
        char *text = row_text(d, v, 0);
        cr_expect_str_eq(text, "勞動者勞動者");
        free(text);
        cr_assert_geq(v->rows[0].nspans, 3);
        s = &v->spans[v->rows[0].first_span];
        cr_expect(s[0].kind == SPAN_HIT && s[0].start == 0 && s[0].end == a);
        cr_expect(s[1].kind == SPAN_HIDDEN && s[1].start == a && s[1].end == a + alen);
        cr_expect(s[2].kind == SPAN_HIT && s[2].start == a + alen && s[2].end == end);

        reader_hide_annotations(r, false);
        cr_expect_gt(reader_view(r)->nrows, 1);
        reader_free(r);
        free_doc(d);
}

Test(reader, show_brings_a_far_hit_a_third_down)
{
        struct doc *d = make_lines(100);
        struct reader *r = reader_new();
        reader_open(r, d, 0);
        reader_resize(r, 40, 12);
        size_t s = offset_of(d, "段落60。");
        cr_expect_not(reader_is_visible(r, s, s + 3));
        reader_show(r, s, s + 3);
        cr_assert(reader_is_visible(r, s, s + 3));
        const struct reader_view *v = reader_view(r);
        cr_expect_eq(v->rows[4].start, s, "the hit is on row 12 / 3");
        size_t top = reader_top_offset(r);
        size_t s2 = offset_of(d, "段落61。");
        reader_show(r, s2, s2 + 3);
        cr_expect_eq(reader_top_offset(r), top, "a visible target does not move the view");
        reader_free(r);
        free_doc(d);
}

/*
 * A smaller window keeps the current hit in view when it was in view, so
 * that n goes on from it; one that was not in view does not move the text.
 */
Test(reader, resize_keeps_the_current_hit_in_view)
{
        struct doc *d = make_lines(100);
        struct reader *r = reader_new();
        reader_open(r, d, 0);
        reader_resize(r, 40, 30);
        size_t s = offset_of(d, "段落14。");
        struct hit hits[] = { { 0, (uint32_t)s, (uint32_t)s + 3 } };
        reader_set_hits(r, hits, 1, 0);
        cr_assert(reader_is_visible(r, s, s + 3));
        reader_resize(r, 40, 20);
        cr_expect(reader_is_visible(r, s, s + 3), "the hit on row 27 fell out of a 20-row window");
        reader_resize(r, 12, 7);
        cr_expect(reader_is_visible(r, s, s + 3), "the hit fell out of a 7-row, 12-column window");
        reader_top(r);
        reader_resize(r, 40, 5);
        cr_expect(reader_at_top(r), "a hit out of view moved the text on resize");
        reader_free(r);
        free_doc(d);
}

/*
 * The place marked current (a phrase occurrence) and a selection stay in
 * view on a resize too, and everything does when annotations are shown
 * again and push the text down.
 */
Test(reader, the_marked_place_stays_in_view_on_resize_and_annotations)
{
        struct doc *d = make_lines(100);
        struct reader *r = reader_new();
        reader_open(r, d, 0);
        reader_resize(r, 40, 30);
        size_t s = offset_of(d, "段落14。");
        struct span mark = { s, s + 3, SPAN_CURRENT };
        reader_set_layer(r, SPAN_CURRENT, &mark, 1);
        cr_assert(reader_is_visible(r, s, s + 3));
        reader_resize(r, 40, 12);
        cr_expect(reader_is_visible(r, s, s + 3), "the marked place fell out of a 12-row window");
        reader_set_layer(r, SPAN_CURRENT, NULL, 0);
        struct span sel = { s, s + 3, SPAN_SELECTION };
        reader_set_layer(r, SPAN_SELECTION, &sel, 1);
        reader_resize(r, 40, 30);
        reader_resize(r, 40, 6);
        cr_expect(reader_is_visible(r, s, s + 3), "the selection fell out of a 6-row window");
        reader_free(r);
        free_doc(d);

        /* Every line annotated: showing the annotations doubles the rows above the hit. */
        struct sbuf b = { 0 };
        for (int i = 0; i < 40; i++)
                sbuf_printf(&b, "勞動(láo dòng)者第%02d行。\n", i);
        d = make_doc(b.s);
        sbuf_free(&b);
        r = reader_new();
        reader_open(r, d, 0);
        reader_hide_annotations(r, true);
        reader_resize(r, 16, 20);
        s = offset_of(d, "第08行");
        struct hit hits[] = { { 0, (uint32_t)s, (uint32_t)s + 3 } };
        reader_set_hits(r, hits, 1, 0);
        cr_assert(reader_is_visible(r, s, s + 3));
        reader_hide_annotations(r, false);
        cr_expect(reader_is_visible(r, s, s + 3), "showing annotations pushed the current hit out");
        reader_free(r);
        free_doc(d);
}

Test(reader, goto_percent_and_offsets)
{
        struct doc *d = make_lines(200);
        struct reader *r = reader_new();
        reader_open(r, d, 0);
        reader_resize(r, 40, 10);
        reader_goto_percent(r, 50);
        size_t top = reader_top_offset(r);
        cr_expect(top > d->len * 2 / 5 && top < d->len * 3 / 5, "50%% lands mid-text");
        int pct = reader_percent(r);
        cr_expect(pct > 45 && pct < 60, "percent %d", pct);
        reader_goto_percent(r, 100);
        cr_expect(reader_at_end(r));
        reader_goto_percent(r, 0);
        cr_expect(reader_at_top(r));
        size_t s = offset_of(d, "段落120。");
        reader_goto(r, s + 2);
        cr_expect_eq(reader_top_offset(r), s);
        cr_expect_eq(reader_anchor(r), s);
        reader_free(r);
        free_doc(d);
}

Test(reader, a_huge_single_line_paragraph_opens_and_scrolls)
{
        const char *unit = "勞動精神，工匠精神。";
        size_t ulen = strlen(unit), n = (2u << 20) / ulen;
        char *big = xmalloc(n * ulen + 1);
        for (size_t i = 0; i < n; i++)
                memcpy(big + i * ulen, unit, ulen);
        big[n * ulen] = '\0';
        struct doc *d = make_doc(big);
        free(big);
        struct reader *r = reader_new();
        reader_open(r, d, 0);
        reader_resize(r, 79, 24);
        const struct reader_view *v = reader_view(r);
        cr_assert_eq(v->nrows, 24);
        for (size_t i = 0; i < v->nrows; i++)
                cr_expect_leq(v->rows[i].cols, 79);
        reader_bottom(r);
        v = reader_view(r);
        cr_expect_eq(v->rows[v->nrows - 1].end, d->len);
        reader_goto_percent(r, 50);
        cr_expect_gt(reader_top_offset(r), d->len / 3);
        reader_free(r);
        free_doc(d);
}

Test(reader, nothing_to_show)
{
        struct doc *d = make_doc("\n \n\xe3\x80\x80\n");
        struct reader *r = reader_new();
        reader_open(r, d, 0);
        reader_resize(r, 40, 10);
        cr_expect_eq(reader_view(r)->nrows, 0);
        cr_expect_eq(reader_scroll(r, 3), 0);
        cr_expect_eq(reader_percent(r), 100);
        reader_open(r, NULL, 0);
        cr_expect_null(reader_doc(r));
        cr_expect_eq(reader_view(r)->nrows, 0);
        reader_free(r);
        reader_free(NULL);
        free_doc(d);
}
