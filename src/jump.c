/*
 * jump — a bounded array of positions and a cursor into it. When the
 * cursor is at the end, the reader is somewhere not yet recorded; going
 * back from there first records where it is, so going forward can return.
 * Engine layer.
 */
#include "jump.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct jumps {
        struct jump_pos *v;
        size_t n, cap, cur;
};

struct jumps *jumps_new(size_t cap)
{
        struct jumps *j = xcalloc(1, sizeof *j);
        j->cap = cap < 2 ? 2 : cap;
        j->v = xmalloc(j->cap * sizeof *j->v);
        return j;
}

void jumps_free(struct jumps *j)
{
        if (!j)
                return;
        free(j->v);
        free(j);
}

static bool same(struct jump_pos a, struct jump_pos b)
{
        return a.doc == b.doc && a.off == b.off;
}

static void append(struct jumps *j, struct jump_pos p)
{
        if (j->n == j->cap) {
                memmove(j->v, j->v + 1, (j->n - 1) * sizeof *j->v);
                j->n--;
        }
        j->v[j->n++] = p;
}

void jumps_push(struct jumps *j, struct jump_pos from)
{
        j->n = j->cur;
        if (j->n == 0 || !same(j->v[j->n - 1], from))
                append(j, from);
        j->cur = j->n;
}

bool jumps_back(struct jumps *j, struct jump_pos here, struct jump_pos *to)
{
        if (j->cur == 0)
                return false;
        if (j->cur == j->n) {
                if (same(j->v[j->n - 1], here)) {
                        /* Already recorded: step over it to the one before. */
                        if (j->n == 1)
                                return false;
                        j->cur = j->n - 1;
                } else {
                        append(j, here);
                        j->cur = j->n - 1;
                }
        }
        j->cur--;
        *to = j->v[j->cur];
        return true;
}

bool jumps_forward(struct jumps *j, struct jump_pos *to)
{
        if (j->cur + 1 >= j->n)
                return false;
        j->cur++;
        *to = j->v[j->cur];
        return true;
}

bool jumps_can_forward(const struct jumps *j)
{
        return j->cur + 1 < j->n;
}

size_t jumps_count(const struct jumps *j)
{
        return j->n;
}
