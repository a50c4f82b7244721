/*
 * lineedit — the editing behind the note prompt and the bookmark filter.
 * Cluster boundaries come from width_cluster_len, the measure the screen
 * uses, found by walking from the start: fields hold a note or a filter,
 * short enough that the walk costs nothing. Engine layer.
 */
#include "lineedit.h"

#include <string.h>
#include <wchar.h>

#include <unigbrk.h>
#include <unistr.h>

#include "sanitize.h"
#include "util.h"
#include "width.h"

void lineedit_set(struct lineedit *e, const char *s)
{
        size_t n = s ? strlen(s) : 0;
        /* An invalid byte grows to U+FFFD's three. */
        e->buf = xgrow(e->buf, &e->cap, 3 * n + 1, 1);
        e->len = 0;
        /* A note from the database may hold what typing could not put there. */
        for (size_t i = 0; i < n;) {
                ucs4_t c;
                int k = u8_mbtouc(&c, (const uint8_t *)s + i, n - i);
                if (sanitize_keeps(c))
                        e->len += (size_t)u8_uctomb((uint8_t *)e->buf + e->len, c, 4);
                i += (size_t)k;
        }
        e->buf[e->len] = '\0';
        e->cursor = e->len;
}

const char *lineedit_text(const struct lineedit *e)
{
        return e->buf ? e->buf : "";
}

void lineedit_free(struct lineedit *e)
{
        free(e->buf);
        memset(e, 0, sizeof *e);
}

/*
 * Whether a cluster certainly starts at byte at, whatever comes before the
 * character ahead of it: no rule of UAX #29 joins the two characters
 * around at (combining marks, Prepend, Hangul jamo, ZWJ sequences, pairs
 * of regional indicators and, from Unicode 15.1, Indic conjuncts, whose
 * linker is an Extend, all involve one of the properties excluded here).
 */
static bool certain_start(const struct lineedit *e, size_t at)
{
        ucs4_t prev, cur;
        if (at == 0)
                return true;
        if (!u8_prev(&prev, (const uint8_t *)e->buf + at, (const uint8_t *)e->buf) ||
            u8_mbtouc(&cur, (const uint8_t *)e->buf + at, e->len - at) <= 0)
                return false;
        int p = uc_graphemeclusterbreak_property(prev);
        int c = uc_graphemeclusterbreak_property(cur);
        return (c == GBP_OTHER || c == GBP_L || c == GBP_LV || c == GBP_LVT) &&
               p != GBP_PREPEND && p != GBP_L && p != GBP_EXTEND && p != GBP_ZWJ &&
               p != GBP_CR;
}

/*
 * A boundary at or before byte at (a character boundary) from which a walk
 * cluster by cluster finds the boundaries a walk from the start would.
 * Walking from the start at every key made a long paste quadratic: ten
 * thousand characters pasted into a note took minutes.
 */
static size_t restart(const struct lineedit *e, size_t at)
{
        while (at > 0 && !certain_start(e, at)) {
                ucs4_t c;
                const uint8_t *p = u8_prev(&c, (const uint8_t *)e->buf + at, (const uint8_t *)e->buf);
                at = p ? (size_t)(p - (const uint8_t *)e->buf) : 0;
        }
        return at;
}

bool lineedit_insert(struct lineedit *e, uint32_t c)
{
        /* Controls, bidi overrides and the like would reach the terminal raw when drawn. */
        if (!sanitize_keeps(c))
                return false;
        /* A mark with nothing to stand on would be drawn on the label before the field. */
        if (e->cursor == 0 && wcwidth((wchar_t)c) == 0)
                return false;
        uint8_t u[6];
        int n = u8_uctomb(u, (ucs4_t)c, (int)sizeof u);
        if (n <= 0)
                return false;
        if (!e->buf)
                lineedit_set(e, "");
        e->buf = xgrow(e->buf, &e->cap, e->len + (size_t)n + 1, 1);
        memmove(e->buf + e->cursor + n, e->buf + e->cursor, e->len - e->cursor + 1);
        memcpy(e->buf + e->cursor, u, (size_t)n);
        e->len += (size_t)n;
        /*
         * A combining mark joins the cluster before it: the cursor goes to
         * the end of that cluster, never inside it.
         */
        size_t at = restart(e, e->cursor), want = e->cursor + (size_t)n;
        while (at < want)
                at += width_cluster_len(e->buf + at, e->len - at);
        e->cursor = at;
        return true;
}

/* The boundary before the cursor (the start of the cluster it ends). */
static size_t before(const struct lineedit *e)
{
        if (e->cursor == 0)
                return 0;
        ucs4_t c;
        const uint8_t *prev = u8_prev(&c, (const uint8_t *)e->buf + e->cursor, (const uint8_t *)e->buf);
        size_t at = 0;
        for (size_t i = restart(e, prev ? (size_t)(prev - (const uint8_t *)e->buf) : 0); i < e->cursor;) {
                at = i;
                i += width_cluster_len(e->buf + i, e->len - i);
        }
        return at;
}

static size_t after(const struct lineedit *e)
{
        if (e->cursor >= e->len)
                return e->len;
        return e->cursor + width_cluster_len(e->buf + e->cursor, e->len - e->cursor);
}

void lineedit_move(struct lineedit *e, int dir, bool whole)
{
        if (whole)
                e->cursor = dir < 0 ? 0 : e->len;
        else
                e->cursor = dir < 0 ? before(e) : after(e);
}

bool lineedit_erase(struct lineedit *e, int dir, bool whole)
{
        size_t from = e->cursor, to = e->cursor;
        if (dir < 0)
                from = whole ? 0 : before(e);
        else
                to = whole ? e->len : after(e);
        if (from == to)
                return false;
        memmove(e->buf + from, e->buf + to, e->len - to + 1);
        e->len -= to - from;
        e->cursor = from;
        return true;
}

size_t lineedit_scroll(const struct lineedit *e, size_t from, int cols)
{
        /* Whenever the start fits, show it: nothing is hidden for no reason. */
        if (width_str(lineedit_text(e), e->cursor) <= cols - 1)
                return 0;
        /* The text may have changed under from: take the boundary at or before it. */
        size_t at = 0;
        while (at < e->len && at < from && at < e->cursor) {
                size_t next = at + width_cluster_len(e->buf + at, e->len - at);
                if (next > from)
                        break;
                at = next;
        }
        return at + width_tail_start(e->buf + at, e->cursor - at, cols - 1);
}

int lineedit_cursor_col(const struct lineedit *e, size_t from)
{
        return from < e->cursor ? width_str(e->buf + from, e->cursor - from) : 0;
}
