/*
 * Tests of the corpus-wide word-start bitmap: document edges are always
 * starts, Latin words start where ICU says, a boundary hidden around an
 * inline pinyin annotation counts for the next character, both threads'
 * documents are marked (and laid out at the right bit, whatever the
 * document's offset), characters outside the BMP shift no boundary, a computation abandoned midway stops cleanly, and
 * breaking clause by clause while remembering the clauses seen gives
 * exactly the boundaries of breaking each document whole.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "index.h"
#include "testlib.h"
#include "words.h"

TestSuite(words, .init = utf8_locale);

Test(words, latin_words_and_document_edges)
{
        const char *t[] = { "hello world", "ab cd", "x" };
        struct corpus *c = corpus_of(t, 3, NULL);
        struct index *ix = index_build(c, NULL, NULL, NULL);
        uint8_t *w = words_bitmap(ix, NULL);
        cr_assert_not_null(w);
        /* "hello world": starts at 0 (hello), 5 (space), 6 (world), 11 (end) */
        bool want[12] = { [0] = true, [5] = true, [6] = true, [11] = true };
        for (size_t p = 0; p < 12; p++)
                cr_assert_eq(words_at(w, p), want[p], "position %zu", p);
        /* "ab cd" starts at 12: 12, 14, 15, and its end 17; "x" at 18, end 19 */
        cr_assert(words_at(w, 12) && !words_at(w, 13) && words_at(w, 14) && words_at(w, 15));
        cr_assert(!words_at(w, 16) && words_at(w, 17) && words_at(w, 18) && words_at(w, 19));
        free(w);
        index_free(ix);
        corpus_free(c);
}

Test(words, characters_beyond_the_basic_plane_keep_the_boundaries_after_them_in_place)
{
        /* ICU counts these as two UTF-16 units; the bitmap counts characters. */
        const char *t[] = { "\U00020BB7 ab cd", "\U0001F600\U0001F600 xy z" };
        struct corpus *c = corpus_of(t, 2, NULL);
        struct index *ix = index_build(c, NULL, NULL, NULL);
        uint8_t *w = words_bitmap(ix, NULL);
        cr_assert_not_null(w);
        /* 𠮷 | space | ab | space | cd | end | 😀 | 😀 | space | xy | space | z | end */
        bool want[16] = { [0] = true, [1] = true, [2] = true, [4] = true, [5] = true,
                          [7] = true, [8] = true, [9] = true, [10] = true, [11] = true, [13] = true,
                          [14] = true, [15] = true };
        for (size_t p = 0; p < 16; p++)
                cr_assert_eq(words_at(w, p), want[p], "position %zu", p);
        free(w);
        index_free(ix);
        corpus_free(c);
}

Test(words, a_boundary_around_an_annotation_counts_for_the_next_character)
{
        const char *t[] = { "勞動(dòng)精神" };
        struct corpus *c = corpus_of(t, 1, NULL);
        struct index *ix = index_build(c, NULL, NULL, NULL);
        cr_assert_eq(index_len(ix), 5);         /* 劳 动 精 神 | */
        uint8_t *w = words_bitmap(ix, NULL);
        cr_assert(words_at(w, 0));
        cr_assert(words_at(w, 2), "the word after the annotation starts at 精");
        cr_assert(words_at(w, 4));
        free(w);
        index_free(ix);
        corpus_free(c);
}

Test(words, many_documents_are_all_marked)
{
        /* Alternate documents go to the two threads; each must be marked. */
        const char *t[40];
        for (size_t i = 0; i < 40; i++)
                t[i] = i % 2 ? "one two" : "three";
        struct corpus *c = corpus_of(t, 40, NULL);
        struct index *ix = index_build(c, NULL, NULL, NULL);
        uint8_t *w = words_bitmap(ix, NULL);
        for (uint32_t d = 0; d < 40; d++) {
                size_t s = index_doc_start(ix, d);
                cr_assert(words_at(w, s), "document %u starts a word", d);
                if (d % 2)
                        cr_assert(words_at(w, s + 3) && words_at(w, s + 4) && !words_at(w, s + 5),
                                  "document %u", d);
                else
                        cr_assert(!words_at(w, s + 2) && words_at(w, s + 5), "document %u", d);
        }
        free(w);
        index_free(ix);
        corpus_free(c);
}

Test(words, an_abandoned_computation_stops_and_frees_everything)
{
        const char *t[200];
        for (size_t i = 0; i < 200; i++)
                t[i] = "劳动精神、劳模精神、工匠精神。勞動創造幸福。";
        struct corpus *c = corpus_of(t, 200, NULL);
        /* Under the sanitizers and valgrind a thread left running or a leak fails this. */
        words_free(words_start(c));
        struct index *ix = index_build(c, NULL, NULL, NULL);
        uint8_t *w = words_bitmap(ix, NULL);
        cr_assert_not_null(w);
        size_t s = index_doc_start(ix, 199);
        cr_assert(words_at(w, s) && words_at(w, s + 2), "劳动 | 精神 in the last document");
        free(w);
        index_free(ix);
        corpus_free(c);
}

static void same_as_whole(const struct corpus *c, const char *what)
{
        struct index *ix = index_build(c, NULL, NULL, NULL);
        uint8_t *a = words_bitmap(ix, NULL), *b = words_bitmap_whole(ix, NULL);
        cr_assert(a && b);
        for (size_t p = 0; p <= index_len(ix); p++)
                cr_assert_eq(words_at(a, p), words_at(b, p), "%s: position %zu", what, p);
        free(a);
        free(b);
        index_free(ix);
}

Test(words, remembered_clauses_give_the_boundaries_of_whole_documents)
{
        /*
         * Cuts next to digits and letters, the rules that look past ，
         * and ：, annotations, CRLF, a piece too long to remember, and
         * every clause more than once so that most are replayed.
         */
        static const char *parts[] = {
                "劳动精神，劳模精神，工匠精神。", "增长3，5个百分点，", "第3，共十条：",
                "比分2：1，", "Note：中文", "a，b，中国，", "勞動(dòng)精神、勞模精神；",
                "人民至上！生命至上？", "\r\n全面建成小康社会\n", "abc，def。",
                "长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长"
                "长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长"
                "长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长，",
        };
        char *texts[24];
        unsigned long r = 7;
        for (size_t d = 0; d < LC_ARRAY_LEN(texts); d++) {
                struct sbuf b = { 0 };
                for (size_t i = 0; i < 12; i++) {
                        r = r * 6364136223846793005ul + 1442695040888963407ul;
                        sbuf_adds(&b, parts[(r >> 33) % LC_ARRAY_LEN(parts)]);
                }
                texts[d] = sbuf_take(&b);
        }
        struct corpus *c = corpus_of((const char *const *)texts, LC_ARRAY_LEN(texts), "UTF-8");
        same_as_whole(c, "made up");
        corpus_free(c);
        for (size_t d = 0; d < LC_ARRAY_LEN(texts); d++)
                free(texts[d]);

        c = bundled_corpus();
        same_as_whole(c, "bundled");
        corpus_free(c);
}
