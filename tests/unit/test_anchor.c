/*
 * Tests for anchor: a bookmark is found at its place, found again after the
 * text around it moved, told apart from an identical passage by its context,
 * and orphaned rather than misplaced when its text is gone. Most documents
 * are built by hand so that only the anchor module is under test; the last
 * test takes a real speech from the bundled corpus through doc.
 */
#include <criterion/criterion.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "anchor.h"
#include "doc.h"
#include "store.h"
#include "util.h"

/* anchor reads only text and len; the other fields stay zero. */
static struct doc make_doc(const char *text)
{
        struct doc d = {0};
        d.text = xstrdup(text);
        d.len = strlen(text);
        return d;
}

/* What a bookmark made on `orig` at `passage`'s nth occurrence remembers. */
struct mark {
        char *passage, *before, *after;
        size_t start, end;
};

static struct mark mark_at(const char *orig, const char *passage, int nth)
{
        struct doc d = make_doc(orig);
        const char *p = d.text;
        for (int i = 0; i <= nth; i++) {
                p = strstr(i ? p + 1 : p, passage);
                cr_assert_not_null(p, "fixture lacks occurrence %d of %s", nth, passage);
        }
        struct mark m = {0};
        m.start = (size_t)(p - d.text);
        m.end = m.start + strlen(passage);
        cr_assert_eq(anchor_capture(&d, m.start, m.end, ANCHOR_CONTEXT_CHARS, &m.passage,
                                    &m.before, &m.after), LC_OK);
        free(d.text);
        return m;
}

static int find(const char *text, const struct mark *m, size_t *s, size_t *e)
{
        struct doc d = make_doc(text);
        int r = anchor_find(&d, m->passage, strlen(m->passage), m->before, m->after,
                            m->start, s, e);
        free(d.text);
        return r;
}

static void mark_free(struct mark *m)
{
        free(m->passage);
        free(m->before);
        free(m->after);
}

static const char *speech =
        "同志們：在“五一”國際勞動節即將來臨之際，我們在這里隆重集會，共同慶祝勞動者自己的節日。"
        "大力弘揚勞模精神、勞動精神、工匠精神，凝聚推動首都新發展的磅礴力量。";

Test(anchor, exact_when_unchanged)
{
        struct mark m = mark_at(speech, "大力弘揚勞模精神", 0);
        size_t s = 0, e = 0;
        cr_assert_eq(find(speech, &m, &s, &e), ANCHOR_FOUND_EXACT);
        cr_assert_eq(s, m.start);
        cr_assert_eq(e, m.end);
        mark_free(&m);
}

Test(anchor, moved_when_text_inserted_before)
{
        struct mark m = mark_at(speech, "大力弘揚勞模精神", 0);
        char *edited = xasprintf("【新增的一段導語，讓後文整體後移。】%s", speech);
        size_t s = 0, e = 0;
        cr_assert_eq(find(edited, &m, &s, &e), ANCHOR_FOUND_MOVED);
        cr_assert_gt(s, m.start);
        cr_assert_eq(e - s, strlen(m.passage));
        cr_assert_eq(memcmp(edited + s, m.passage, e - s), 0);
        free(edited);
        mark_free(&m);
}

Test(anchor, duplicate_passage_told_apart_by_context)
{
        const char *orig = "第一段：勞動精神是寶貴財富。第二段：工匠精神，勞動精神是寶貴財富。結尾。";
        struct mark first = mark_at(orig, "勞動精神", 0);
        struct mark second = mark_at(orig, "勞動精神", 1);
        /* Insert text between the two so both move, by different amounts. */
        const char *edited = "前言。第一段：勞動精神是寶貴財富。插入很長的一段新的文字。"
                             "第二段：工匠精神，勞動精神是寶貴財富。結尾。";
        size_t s = 0, e = 0;
        cr_assert_eq(find(edited, &first, &s, &e), ANCHOR_FOUND_MOVED);
        cr_assert_eq(s, (size_t)(strstr(edited, "勞動精神") - edited));
        cr_assert_eq(find(edited, &second, &s, &e), ANCHOR_FOUND_MOVED);
        cr_assert_eq(s, (size_t)(strstr(strstr(edited, "勞動精神") + 1, "勞動精神") - edited));
        mark_free(&first);
        mark_free(&second);
}

Test(anchor, duplicate_with_equal_context_prefers_nearest_to_hint)
{
        const char *text = "甲乙丙丁甲乙丙丁甲乙丙丁";
        struct mark m = {.passage = xstrdup("甲乙"), .before = xstrdup(""),
                         .after = xstrdup(""), .start = 13, .end = 19};
        size_t s = 0, e = 0;
        cr_assert_eq(find(text, &m, &s, &e), ANCHOR_FOUND_MOVED);
        cr_assert_eq(s, 12);
        mark_free(&m);
}

Test(anchor, orphaned_when_passage_deleted)
{
        struct mark m = mark_at(speech, "大力弘揚勞模精神", 0);
        const char *edited = "同志們：在“五一”國際勞動節即將來臨之際，我們在這里隆重集會。";
        size_t s = 7, e = 9;
        cr_assert_eq(find(edited, &m, &s, &e), ANCHOR_ORPHANED);
        cr_assert_eq(s, 7, "an orphan leaves the range untouched");
        cr_assert_eq(e, 9);
        mark_free(&m);
}

Test(anchor, short_passage_without_its_context_is_orphaned)
{
        /* "精神" still occurs, but nowhere near anything the bookmark remembers. */
        struct mark m = mark_at(speech, "精神", 0);
        const char *edited = "完全不同的一篇講話，只是也提到了精神二字。";
        size_t s = 0, e = 0;
        cr_assert_eq(find(edited, &m, &s, &e), ANCHOR_ORPHANED);
        mark_free(&m);
}

Test(anchor, empty_passage_is_orphaned)
{
        struct doc d = make_doc(speech);
        size_t s = 0, e = 0;
        cr_assert_eq(anchor_find(&d, "", 0, "同志們", "在", 9, &s, &e), ANCHOR_ORPHANED);
        cr_assert_eq(anchor_find(NULL, "x", 1, NULL, NULL, 0, &s, &e), LC_EINVAL);
        free(d.text);
}

Test(anchor, passage_longer_than_document_is_orphaned)
{
        struct doc d = make_doc("短");
        size_t s = 0, e = 0;
        cr_assert_eq(anchor_find(&d, "短短短", strlen("短短短"), NULL, NULL, 0, &s, &e),
                     ANCHOR_ORPHANED);
        free(d.text);
}

Test(anchor, capture_takes_context_by_code_points)
{
        struct doc d = make_doc("一二三四五六七八九十");
        char *p, *b, *a;
        /* 四五 is bytes 9..15; two characters either side. */
        cr_assert_eq(anchor_capture(&d, 9, 15, 2, &p, &b, &a), LC_OK);
        cr_assert_str_eq(p, "四五");
        cr_assert_str_eq(b, "二三");
        cr_assert_str_eq(a, "六七");
        free(p), free(b), free(a);
        /* Context is clamped at both ends of the text. */
        cr_assert_eq(anchor_capture(&d, 0, 3, 5, &p, &b, &a), LC_OK);
        cr_assert_str_eq(b, "");
        cr_assert_str_eq(a, "二三四五六");
        free(p), free(b), free(a);
        cr_assert_eq(anchor_capture(&d, 1, 3, 2, &p, &b, &a), LC_EINVAL,
                     "the middle of a character is not a boundary");
        cr_assert_eq(anchor_capture(&d, 6, 3, 2, &p, &b, &a), LC_EINVAL);
        cr_assert_eq(anchor_capture(&d, 0, d.len + 1, 2, &p, &b, &a), LC_EINVAL);
        free(d.text);
}

Test(anchor, reading_position_refound_by_its_context)
{
        struct doc d = make_doc(speech);
        size_t off = (size_t)(strstr(speech, "共同慶祝") - speech);
        char *p, *b, *ctx;
        cr_assert_eq(anchor_capture(&d, off, off, ANCHOR_CONTEXT_CHARS, &p, &b, &ctx), LC_OK);
        cr_assert_str_eq(p, "");
        free(d.text);
        char *edited = xasprintf("新的開頭。%s", speech);
        d = make_doc(edited);
        size_t s = 0, e = 0;
        cr_assert_eq(anchor_find(&d, ctx, strlen(ctx), NULL, NULL, off, &s, &e),
                     ANCHOR_FOUND_MOVED);
        cr_assert_eq(s, off + strlen("新的開頭。"));
        free(d.text), free(edited), free(p), free(b), free(ctx);
}

/* The real speech with inline pinyin, edited above and around the mark. */
Test(anchor, real_speech_survives_an_edit)
{
        static const char path[] = "assets/corpus/002_b46a9f8bc985908e.txt";
        setlocale(LC_ALL, "C.UTF-8");
        struct doc *orig = NULL;
        char *cause = NULL;
        cr_assert_eq(doc_load(path, NULL, &orig, &cause), LC_OK, "%s", cause);
        const char *at = strstr(orig->text, "大力弘揚(yáng)勞模精神");
        cr_assert_not_null(at);
        size_t start = (size_t)(at - orig->text);
        size_t end = start + strlen("大力弘揚(yáng)勞模精神");
        char *p, *b, *a;
        cr_assert_eq(anchor_capture(orig, start, end, ANCHOR_CONTEXT_CHARS, &p, &b, &a), LC_OK);

        size_t s = 0, e = 0;
        cr_assert_eq(anchor_find(orig, p, strlen(p), b, a, start, &s, &e), ANCHOR_FOUND_EXACT);

        char *edited = xasprintf("編者按：本文有改動。\n%s", orig->text);
        struct doc *d = NULL;
        cr_assert_eq(doc_from_bytes(path, edited, strlen(edited), NULL, &d, &cause), LC_OK);
        cr_assert_eq(anchor_find(d, p, strlen(p), b, a, start, &s, &e), ANCHOR_FOUND_MOVED);
        cr_assert_eq(s, start + strlen("編者按：本文有改動。\n"));
        cr_assert_eq(e - s, end - start);
        doc_free(d);
        free(edited);
        doc_free(orig);
        free(p), free(b), free(a);
}

/*
 * A bookmark's line is the file's: a paragraph separator the reader shows
 * as a blank line does not count, a lone CR does.
 */
Test(anchor, bookmark_line_is_the_files_line)
{
        static const char raw[] = "第一段\xe2\x80\xa9第二段\r第三行\n勞模精神\n";
        setlocale(LC_ALL, "C.UTF-8");
        struct doc *d = NULL;
        char *cause = NULL;
        cr_assert_eq(doc_from_bytes("x.txt", raw, sizeof raw - 1, NULL, &d, &cause), LC_OK);
        const char *at = strstr(d->text, "勞模精神");
        cr_assert_not_null(at);
        size_t start = (size_t)(at - d->text), end = start + strlen("勞模精神");
        struct bookmark b = { 0 };
        cr_assert_eq(anchor_capture(d, start, end, ANCHOR_CONTEXT_CHARS, &b.passage, &b.before,
                                    &b.after), LC_OK);
        b.start = start;
        b.end = end;
        cr_assert_eq(anchor_bookmark(d, &b), ANCHOR_FOUND_EXACT);
        cr_assert_eq(doc_line_of(d, start), 4, "the reader shows it on its fifth line");
        cr_assert_eq(b.line, 3, "the file has it on line 3, got %zu", b.line);
        free(b.passage), free(b.before), free(b.after);
        doc_free(d);
}
