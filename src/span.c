/*
 * span — flatten overlapping highlight layers by a sweep over their edges,
 * keeping a count per kind, so overlapping bookmarks or a hit inside a
 * phrase need no special cases. Engine layer.
 */
#include "span.h"

#include <stdlib.h>

#include "util.h"

struct edge {
        size_t at;
        int kind;
        int delta;              /* +1 a span of kind opens here, -1 one closes */
};

static int cmp_edge(const void *a, const void *b)
{
        const struct edge *x = a, *y = b;
        return x->at < y->at ? -1 : x->at > y->at;
}

struct span *span_flatten(const struct span *in, size_t n, size_t *nout)
{
        struct edge *e = xmalloc((2 * n + 1) * sizeof *e);
        size_t ne = 0;
        for (size_t i = 0; i < n; i++) {
                if (in[i].end <= in[i].start || in[i].kind >= SPAN_KINDS)
                        continue;
                e[ne++] = (struct edge){ in[i].start, (int)in[i].kind, 1 };
                e[ne++] = (struct edge){ in[i].end, (int)in[i].kind, -1 };
        }
        qsort(e, ne, sizeof *e, cmp_edge);
        struct span *out = NULL;
        size_t m = 0, cap = 0;
        int count[SPAN_KINDS] = { 0 };
        for (size_t a = 0; a < ne;) {
                size_t at = e[a].at;
                for (; a < ne && e[a].at == at; a++)
                        count[e[a].kind] += e[a].delta;
                if (a == ne)
                        break;
                int top = -1;
                for (int k = SPAN_KINDS - 1; k >= 0 && top < 0; k--)
                        if (count[k] > 0)
                                top = k;
                if (top < 0)
                        continue;
                size_t next = e[a].at;
                if (m && out[m - 1].end == at && (int)out[m - 1].kind == top) {
                        out[m - 1].end = next;
                } else {
                        out = xgrow(out, &cap, m + 1, sizeof *out);
                        out[m++] = (struct span){ at, next, (enum span_kind)top };
                }
        }
        free(e);
        *nout = m;
        return out;
}
