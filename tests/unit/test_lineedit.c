/*
 * Tests for lineedit: CJK typed whole and erased whole, a base with its
 * combining mark kept as one cluster, controls refused, Ctrl-U/Ctrl-K, and
 * the cursor's column and the field's scrolling measured in display
 * columns (two per Han character), and cluster boundaries found from near
 * the cursor that agree with a walk from the start (a long paste relies
 * on that: tests/e2e/test_long_paste.sh types one).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "lineedit.h"
#include "testlib.h"
#include "width.h"

TestSuite(lineedit, .init = utf8_locale);

static void type(struct lineedit *e, const char *s)
{
        for (size_t i = 0; s[i];) {
                uint32_t c;
                i += width_decode(s + i, strlen(s + i), &c);
                cr_assert(lineedit_insert(e, c), "refused U+%04X", (unsigned)c);
        }
}

Test(lineedit, empty_field)
{
        struct lineedit e = { 0 };
        cr_expect_str_eq(lineedit_text(&e), "");
        cr_expect_not(lineedit_erase(&e, -1, false));
        cr_expect_eq(lineedit_cursor_col(&e, 0), 0);
        cr_expect_eq(lineedit_scroll(&e, 0, 10), 0);
        lineedit_free(&e);
}

Test(lineedit, cjk_by_cluster_and_width)
{
        struct lineedit e = { 0 };
        type(&e, "很重要");
        cr_expect_str_eq(lineedit_text(&e), "很重要");
        cr_expect_eq(lineedit_cursor_col(&e, 0), 6);
        lineedit_move(&e, -1, false);
        cr_expect_eq(lineedit_cursor_col(&e, 0), 4);
        type(&e, "的x");
        cr_expect_str_eq(lineedit_text(&e), "很重的x要");
        cr_expect_eq(lineedit_cursor_col(&e, 0), 7);
        cr_expect(lineedit_erase(&e, -1, false));
        cr_expect(lineedit_erase(&e, -1, false));
        cr_expect_str_eq(lineedit_text(&e), "很重要");
        cr_expect(lineedit_erase(&e, 1, false));
        cr_expect_str_eq(lineedit_text(&e), "很重");
        cr_expect_not(lineedit_erase(&e, 1, false));
        lineedit_move(&e, -1, true);
        cr_expect_eq(e.cursor, 0);
        lineedit_move(&e, -1, false);
        cr_expect_eq(e.cursor, 0);
        lineedit_move(&e, 1, true);
        cr_expect_eq(e.cursor, e.len);
        lineedit_free(&e);
}

Test(lineedit, combining_marks_stay_with_their_base)
{
        struct lineedit e = { 0 };
        type(&e, "e\xCC\x81x");        /* e + U+0301, then x */
        lineedit_move(&e, -1, false);
        lineedit_move(&e, -1, false);
        cr_expect_eq(e.cursor, 0, "moved into the cluster: %zu", e.cursor);
        lineedit_move(&e, 1, false);
        cr_expect_eq(e.cursor, 3);
        cr_expect(lineedit_erase(&e, -1, false));
        cr_expect_str_eq(lineedit_text(&e), "x");
        /* A mark typed after a base joins it: the cursor ends after both. */
        lineedit_move(&e, -1, true);
        type(&e, "a");
        cr_expect(lineedit_insert(&e, 0x0301));
        cr_expect_eq(e.cursor, 3);
        cr_expect_str_eq(lineedit_text(&e), "a\xCC\x81x");
        /* At the start a mark has no base: it would sit on the label. */
        lineedit_move(&e, -1, true);
        cr_expect(!lineedit_insert(&e, 0x0301));
        cr_expect(!lineedit_insert(&e, 0xFE0F));
        cr_expect_str_eq(lineedit_text(&e), "a\xCC\x81x");
        cr_expect_eq(e.cursor, 0);
        lineedit_free(&e);
}

Test(lineedit, refuses_controls)
{
        struct lineedit e = { 0 };
        cr_expect_not(lineedit_insert(&e, 0x1b));
        cr_expect_not(lineedit_insert(&e, '\n'));
        cr_expect_not(lineedit_insert(&e, 0x7f));
        cr_expect_not(lineedit_insert(&e, 0x9b));
        cr_expect_not(lineedit_insert(&e, 0xD800));
        cr_expect_not(lineedit_insert(&e, 0x110000));
        cr_expect_str_eq(lineedit_text(&e), "");
        lineedit_free(&e);
}

/* Bidi overrides and invisible format characters would reach the terminal raw. */
Test(lineedit, refuses_what_the_sanitiser_rewrites)
{
        struct lineedit e = { 0 };
        static const uint32_t refused[] = { 0x202e, 0x2066, 0x200f, 0x061c, 0x200b, 0xfeff,
                                            0x200d, 0xfe0f, 0xe0041, 0xfffe, 0xfff9 };
        for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
                cr_expect_not(lineedit_insert(&e, refused[i]), "U+%04X", (unsigned)refused[i]);
        cr_expect(lineedit_insert(&e, 0x52de));
        cr_expect(lineedit_insert(&e, 0x0301), "a combining mark on a base is kept");
        cr_expect_str_eq(lineedit_text(&e), "勞\u0301");
        lineedit_free(&e);
}

/* A note read back from the database keeps only what typing could enter. */
Test(lineedit, set_drops_what_typing_refuses)
{
        struct lineedit e = { 0 };
        lineedit_set(&e, "a\xe2\x80\xae" "b\x1b[2Jc\xff" "d\xe2\x81\xa6" "e\n勞");
        cr_expect_str_eq(lineedit_text(&e), "ab[2Jc\xef\xbf\xbd" "de勞");
        cr_expect_eq(e.cursor, e.len);
        lineedit_free(&e);
}

Test(lineedit, kill_either_side)
{
        struct lineedit e = { 0 };
        lineedit_set(&e, "改革開放");
        lineedit_move(&e, -1, false);
        lineedit_move(&e, -1, false);
        cr_expect(lineedit_erase(&e, 1, true));
        cr_expect_str_eq(lineedit_text(&e), "改革");
        lineedit_move(&e, -1, false);
        cr_expect(lineedit_erase(&e, -1, true));
        cr_expect_str_eq(lineedit_text(&e), "革");
        cr_expect_eq(e.cursor, 0);
        lineedit_set(&e, NULL);
        cr_expect_str_eq(lineedit_text(&e), "");
        lineedit_free(&e);
}

Test(lineedit, scrolls_to_keep_the_cursor_in_view)
{
        struct lineedit e = { 0 };
        lineedit_set(&e, "一二三四五六七八九十");      /* 20 columns */
        size_t from = lineedit_scroll(&e, 0, 9);
        /* The cursor at the end needs a column: at most 8 columns before it. */
        int col = lineedit_cursor_col(&e, from);
        cr_expect_leq(col, 8);
        cr_expect_geq(col, 7);
        cr_expect_eq(from % 3, 0, "from %zu splits a character", from);
        /* Home brings the start back into view. */
        lineedit_move(&e, -1, true);
        from = lineedit_scroll(&e, from, 9);
        cr_expect_eq(from, 0);
        /* A from that no longer fits the text is pulled back. */
        lineedit_set(&e, "一二");
        from = lineedit_scroll(&e, 25, 9);
        cr_expect_eq(from, 0);
        lineedit_free(&e);
}

/* The cluster boundary at or after byte pos, walking from the start. */
static size_t boundary_from_start(const struct lineedit *e, size_t pos)
{
        size_t at = 0;
        while (at < pos)
                at += width_cluster_len(e->buf + at, e->len - at);
        return at;
}

/*
 * Typed one character at a time at varying places, text that clusters
 * across its characters (marks, jamo, flags, ZWJ emoji, Prepend) leaves the
 * cursor where a walk from the start puts the cluster's end, and Left
 * lands on the boundaries that walk finds.
 */
Test(lineedit, boundaries_match_a_walk_from_the_start)
{
        static const uint32_t alphabet[] = {
                0x52B3, 'a', 0x0301, 0x0308, 0x1100, 0x1161, 0x11A8, 0xAC00, 0xAC01,
                0x1F1E8, 0x1F1F3, 0x1F468, 0x1F469, 0x0915, 0x094D, 0x0937, 0x0600,
                0x0E33, 0x3002,
        };
        const size_t na = sizeof alphabet / sizeof alphabet[0];
        unsigned seed = 12345;
        for (int round = 0; round < 200; round++) {
                struct lineedit e = { 0 };
                for (int i = 0; i < 40; i++) {
                        seed = seed * 1103515245u + 12345u;
                        if ((seed >> 16) % 5 == 0)
                                lineedit_move(&e, -1, false);
                        size_t was = e.cursor;
                        seed = seed * 1103515245u + 12345u;
                        uint32_t c = alphabet[(seed >> 16) % na];
                        /* What the field refuses (U+0600 where wcwidth knows it not) changes nothing. */
                        if (!lineedit_insert(&e, c))
                                continue;
                        size_t want = boundary_from_start(&e, was + (size_t)(c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4));
                        cr_assert_eq(e.cursor, want, "round %d, key %d: cursor %zu, not %zu",
                                     round, i, e.cursor, want);
                }
                /* Left from the end stops at every boundary the walk finds, in turn. */
                lineedit_move(&e, 1, true);
                while (e.cursor > 0) {
                        size_t was = e.cursor;
                        lineedit_move(&e, -1, false);
                        cr_assert_lt(e.cursor, was);
                        cr_assert_eq(boundary_from_start(&e, e.cursor), e.cursor,
                                     "round %d: Left stopped inside a cluster at %zu", round, e.cursor);
                        cr_assert_geq(boundary_from_start(&e, e.cursor + 1), was,
                                      "round %d: Left skipped a boundary before %zu", round, was);
                }
                lineedit_free(&e);
        }
}
