/*
 * Tests of span flattening: the higher kind wins where layers overlap,
 * neighbours of one kind join, empty spans vanish, order does not matter.
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "span.h"

static void expect(const struct span *got, size_t n, const struct span *want, size_t m)
{
        cr_assert_eq(n, m, "%zu spans, expected %zu", n, m);
        for (size_t i = 0; i < n; i++)
                cr_assert(got[i].start == want[i].start && got[i].end == want[i].end &&
                                  got[i].kind == want[i].kind,
                          "span %zu: [%zu, %zu) kind %d", i, got[i].start, got[i].end,
                          got[i].kind);
}

Test(span, a_hit_inside_a_phrase_inside_a_bookmark)
{
        struct span in[] = {
                { 10, 20, SPAN_PHRASE },
                { 0, 30, SPAN_BOOKMARK },
                { 12, 15, SPAN_HIT },
        };
        size_t n;
        struct span *out = span_flatten(in, 3, &n);
        struct span want[] = {
                { 0, 12, SPAN_BOOKMARK }, { 12, 15, SPAN_HIT }, { 15, 30, SPAN_BOOKMARK },
        };
        expect(out, n, want, 3);
        free(out);
}

Test(span, overlapping_layers_of_one_kind_join_and_gaps_stay)
{
        struct span in[] = {
                { 5, 9, SPAN_BOOKMARK }, { 0, 6, SPAN_BOOKMARK }, { 9, 9, SPAN_HIT },
                { 20, 25, SPAN_PHRASE }, { 25, 27, SPAN_PHRASE },
        };
        size_t n;
        struct span *out = span_flatten(in, 5, &n);
        struct span want[] = { { 0, 9, SPAN_BOOKMARK }, { 20, 27, SPAN_PHRASE } };
        expect(out, n, want, 2);
        free(out);
}

Test(span, hidden_beats_everything_and_selection_beats_hits)
{
        struct span in[] = {
                { 0, 10, SPAN_HIT }, { 2, 4, SPAN_HIDDEN }, { 6, 12, SPAN_SELECTION },
                { 8, 9, SPAN_CURRENT },
        };
        size_t n;
        struct span *out = span_flatten(in, 4, &n);
        struct span want[] = {
                { 0, 2, SPAN_HIT }, { 2, 4, SPAN_HIDDEN }, { 4, 6, SPAN_HIT },
                { 6, 12, SPAN_SELECTION },
        };
        expect(out, n, want, 4);
        free(out);
}

Test(span, nothing_in_nothing_out)
{
        size_t n = 99;
        struct span *out = span_flatten(NULL, 0, &n);
        cr_assert_eq(n, 0);
        cr_assert_null(out);
}
