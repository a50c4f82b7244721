/*
 * anchor — re-find a bookmarked passage by its text. The remembered offset
 * is only a hint: the file may have been edited, so every occurrence of the
 * passage is a candidate, scored by how much of the remembered context
 * still surrounds it. Documents are searched directly; one document is small
 * enough that a scan beats consulting the corpus index. Engine layer.
 */
#include "anchor.h"

#include "store.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistr.h>

#include "util.h"

/* Bytes of `before` that agree with the text ending at `at`, read backwards. */
static size_t agree_before(const char *text, size_t at, const char *before, size_t blen)
{
        size_t k = 0;
        while (k < blen && k < at && text[at - 1 - k] == before[blen - 1 - k])
                k++;
        return k;
}

/* Bytes of `after` that agree with the text starting at `at`. */
static size_t agree_after(const char *text, size_t len, size_t at, const char *after,
                          size_t alen)
{
        size_t k = 0;
        while (k < alen && at + k < len && text[at + k] == after[k])
                k++;
        return k;
}

/*
 * memmem is a GNU extension that the project's POSIX feature level does not
 * declare; memchr on the first byte does the heavy lifting instead.
 */
static const char *find_bytes(const char *hay, size_t n, const char *needle, size_t m)
{
        while (n >= m) {
                const char *c = memchr(hay, needle[0], n - m + 1);
                if (!c)
                        return NULL;
                if (memcmp(c, needle, m) == 0)
                        return c;
                n -= (size_t)(c - hay) + 1;
                hay = c + 1;
        }
        return NULL;
}

static size_t distance(size_t a, size_t b)
{
        return a > b ? a - b : b - a;
}

int anchor_find(const struct doc *d, const char *passage, size_t plen,
                const char *before, const char *after, size_t hint_start,
                size_t *start, size_t *end)
{
        if (!d || !passage || !start || !end)
                return LC_EINVAL;
        if (plen == 0 || plen > d->len)
                return ANCHOR_ORPHANED;
        size_t blen = before ? strlen(before) : 0;
        size_t alen = after ? strlen(after) : 0;
        const char *text = d->text;

        bool found = false;
        size_t best = 0, best_score = 0;
        const char *p = text;
        size_t left = d->len;
        const char *hit;
        while ((hit = find_bytes(p, left, passage, plen)) != NULL) {
                size_t at = (size_t)(hit - text);
                size_t score = agree_before(text, at, before, blen) +
                               agree_after(text, d->len, at + plen, after, alen);
                if (!found || score > best_score ||
                    (score == best_score && distance(at, hint_start) < distance(best, hint_start))) {
                        found = true;
                        best = at;
                        best_score = score;
                }
                /* Overlapping occurrences ("哈哈哈") are distinct candidates. */
                p = hit + 1;
                left = d->len - (at + 1);
        }
        if (!found)
                return ANCHOR_ORPHANED;
        bool full_context = best_score == blen + alen;
        if (!full_context && plen + best_score < ANCHOR_MIN_EVIDENCE)
                return ANCHOR_ORPHANED;
        *start = best;
        *end = best + plen;
        return best == hint_start ? ANCHOR_FOUND_EXACT : ANCHOR_FOUND_MOVED;
}

static bool is_boundary(const struct doc *d, size_t off)
{
        return off == d->len || ((unsigned char)d->text[off] & 0xC0) != 0x80;
}

int anchor_capture(const struct doc *d, size_t start, size_t end, size_t nchars,
                   char **passage, char **before, char **after)
{
        if (!d || !passage || !before || !after || start > end || end > d->len ||
            !is_boundary(d, start) || !is_boundary(d, end))
                return LC_EINVAL;
        const uint8_t *text = (const uint8_t *)d->text;

        const uint8_t *b = text + start;
        for (size_t i = 0; i < nchars && b > text; i++) {
                ucs4_t uc;
                const uint8_t *prev = u8_prev(&uc, b, text);
                if (!prev)
                        break;
                b = prev;
        }
        size_t a = end;
        for (size_t i = 0; i < nchars && a < d->len; i++) {
                ucs4_t uc;
                int n = u8_mbtoucr(&uc, text + a, d->len - a);
                /* Sanitised text is valid UTF-8; step a byte over anything else. */
                a += n > 0 ? (size_t)n : 1;
        }
        *passage = xstrndup(d->text + start, end - start);
        *before = xstrndup((const char *)b, (size_t)(text + start - b));
        *after = xstrndup(d->text + end, a - end);
        return LC_OK;
}

int anchor_bookmark(const struct doc *d, struct bookmark *b)
{
        size_t start, end;
        const char *passage = b->passage ? b->passage : "";
        int r = anchor_find(d, passage, strlen(passage), b->before ? b->before : "",
                            b->after ? b->after : "", b->start, &start, &end);
        if (r == ANCHOR_ORPHANED) {
                b->orphaned = true;
                b->line = 0;
                return r;
        }
        b->orphaned = false;
        b->start = start;
        b->end = end;
        b->line = doc_file_line(d, start) + 1;
        return r;
}
