/*
 * Tests of the jump list: back and forward retrace the jumps in order, a
 * new jump drops the future, the list is bounded, and going back records
 * the position it left so forward can return to it.
 */
#include <criterion/criterion.h>

#include "jump.h"

static struct jump_pos P(uint32_t doc, size_t off)
{
        return (struct jump_pos){ doc, off };
}

#define EXPECT_POS(p, d, o) cr_assert((p).doc == (d) && (p).off == (o), \
                                      "at (%u, %zu), expected (%u, %zu)", (p).doc, (p).off, \
                                      (unsigned)(d), (size_t)(o))

Test(jump, back_and_forward_retrace_the_jumps)
{
        struct jumps *j = jumps_new(10);
        struct jump_pos to;
        cr_assert_not(jumps_back(j, P(0, 0), &to));
        jumps_push(j, P(0, 0));         /* doc 0 -> hit in doc 1 */
        jumps_push(j, P(1, 50));        /* doc 1 -> doc 2 */
        jumps_push(j, P(2, 70));        /* doc 2 -> doc 4 (now at 4, 10) */
        cr_assert(jumps_back(j, P(4, 10), &to));
        EXPECT_POS(to, 2, 70);
        cr_assert(jumps_back(j, to, &to));
        EXPECT_POS(to, 1, 50);
        cr_assert(jumps_back(j, to, &to));
        EXPECT_POS(to, 0, 0);
        cr_assert_not(jumps_back(j, to, &to));
        cr_assert(jumps_can_forward(j));
        cr_assert(jumps_forward(j, &to));
        EXPECT_POS(to, 1, 50);
        cr_assert(jumps_forward(j, &to));
        cr_assert(jumps_forward(j, &to));
        EXPECT_POS(to, 4, 10);          /* back where Ctrl-O started */
        cr_assert_not(jumps_forward(j, &to));
        cr_assert_not(jumps_can_forward(j));
        jumps_free(j);
}

Test(jump, a_new_jump_drops_the_future)
{
        struct jumps *j = jumps_new(10);
        struct jump_pos to;
        jumps_push(j, P(0, 0));
        jumps_push(j, P(1, 0));
        cr_assert(jumps_back(j, P(2, 0), &to));
        EXPECT_POS(to, 1, 0);
        jumps_push(j, P(1, 5));         /* a new jump from there */
        cr_assert_not(jumps_can_forward(j));
        cr_assert(jumps_back(j, P(3, 0), &to));
        EXPECT_POS(to, 1, 5);
        cr_assert(jumps_back(j, to, &to));
        EXPECT_POS(to, 0, 0);
        jumps_free(j);
}

Test(jump, the_list_is_bounded_and_repeats_are_not_stored_twice)
{
        struct jumps *j = jumps_new(3);
        for (size_t i = 0; i < 10; i++)
                jumps_push(j, P(0, i));
        jumps_push(j, P(0, 9));
        cr_assert_eq(jumps_count(j), 3);
        struct jump_pos to;
        cr_assert(jumps_back(j, P(0, 9), &to));
        EXPECT_POS(to, 0, 8);
        cr_assert(jumps_back(j, to, &to));
        EXPECT_POS(to, 0, 7);
        cr_assert_not(jumps_back(j, to, &to));
        jumps_free(j);
}
