/*
 * reader_view — what the reader's window shows: its rows, taken from the
 * wrapped paragraphs (reader.c) from the top position down, and every
 * highlight touching them (annotations, search hits, the current hit, the
 * extra layers) flattened into spans clipped to each row, so the UI only
 * paints. Engine layer: no terminal.
 */
#include "reader_impl.h"

#include <stdint.h>
#include <stdlib.h>

#include "fold.h"
#include "util.h"

/* An annotation is at most this far before the first visible byte. */
#define ANNOTATION_REACH 128

void reader_set_hits(struct reader *r, const struct hit *v, size_t n, size_t current)
{
        r->hits = n ? v : NULL;
        r->nhits = n;
        r->current = current < n ? current : SIZE_MAX;
}

void reader_set_layer(struct reader *r, enum span_kind kind, const struct span *v, size_t n)
{
        if (kind >= SPAN_KINDS)
                return;
        r->layer[kind] = n ? v : NULL;
        r->nlayer[kind] = n;
}

/* ----------------------------------------------------------------- spans */

/* Hits ordered by start and disjoint have ordered ends: binary search them. */
static size_t first_hit_ending_after(const struct reader *r, size_t off)
{
        size_t lo = 0, hi = r->nhits;
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (r->hits[mid].end <= off)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return lo;
}

/*
 * Collect every highlight touching [lo, hi) -- annotations, hits, the
 * current hit and the extra layers -- and flatten them (span_flatten).
 */
static struct span *merge_spans(struct reader *r, size_t lo, size_t hi, size_t *nout)
{
        const char *t = r->doc->text;
        size_t len = r->doc->len;
        struct span *raw = NULL;
        size_t n = 0, cap = 0;
#define ADD(s_, e_, k_)                                                               \
        do {                                                                          \
                raw = xgrow(raw, &cap, n + 1, sizeof *raw);                            \
                raw[n++] = (struct span){ (s_), (e_), (k_) };                          \
        } while (0)

        size_t i = lo > ANNOTATION_REACH ? lo - ANNOTATION_REACH : 0;
        while (i > 0 && ((unsigned char)t[i] & 0xC0) == 0x80)
                i--;
        enum span_kind akind = r->hide ? SPAN_HIDDEN : SPAN_ANNOTATION;
        while (i < hi) {
                size_t k = is_open_paren(t, len, i) ? fold_annotation_at(t, len, i) : 0;
                if (k) {
                        if (i + k > lo)
                                ADD(i, i + k, akind);
                        i += k;
                } else {
                        i++;
                }
        }
        for (size_t h = first_hit_ending_after(r, lo); h < r->nhits && r->hits[h].start < hi; h++)
                ADD(r->hits[h].start, r->hits[h].end, h == r->current ? SPAN_CURRENT : SPAN_HIT);
        for (int k = 0; k < SPAN_KINDS; k++)
                for (size_t j = 0; j < r->nlayer[k]; j++) {
                        const struct span *s = &r->layer[k][j];
                        if (s->start < hi && s->end > lo)
                                ADD(s->start, s->end, (enum span_kind)k);
                }
#undef ADD
        struct span *out = span_flatten(raw, n, nout);
        free(raw);
        return out;
}

static void clip_spans(struct reader *r, const struct span *m, size_t nm)
{
        size_t j = 0;
        r->nvspans = 0;
        for (size_t i = 0; i < r->view.nrows; i++) {
                struct reader_row *row = &r->vrows[i];
                row->first_span = r->nvspans;
                row->nspans = 0;
                if (row->kind != READER_ROW_TEXT || row->end == row->start)
                        continue;
                while (j < nm && m[j].end <= row->start)
                        j++;
                for (size_t k = j; k < nm && m[k].start < row->end; k++) {
                        size_t s = m[k].start > row->start ? m[k].start : row->start;
                        size_t t = m[k].end < row->end ? m[k].end : row->end;
                        r->vspans = xgrow(r->vspans, &r->vspans_cap, r->nvspans + 1,
                                          sizeof *r->vspans);
                        r->vspans[r->nvspans++] = (struct span){ s, t, m[k].kind };
                        row->nspans++;
                }
        }
}

static struct reader_row row_at(struct reader *r, struct pos ps)
{
        if (ps.p > 0 && ps.row == 0) {
                size_t off = r->para[ps.p - 1].end;
                return (struct reader_row){ .kind = READER_ROW_GAP, .start = off, .end = off };
        }
        reader_wrap(r, &r->para[ps.p]);
        const struct vline *v = &r->para[ps.p].v[ps.row - (ps.p > 0)];
        return (struct reader_row){ .kind = READER_ROW_TEXT, .start = v->start, .end = v->end,
                                    .cols = v->cols };
}

const struct reader_view *reader_view(struct reader *r)
{
        r->view = (struct reader_view){ 0 };
        if (r->npara == 0)
                return &r->view;
        r->vrows = xgrow(r->vrows, &r->vrows_cap, (size_t)r->rows, sizeof *r->vrows);
        struct pos ps = reader_top_pos(r), last = reader_pos_last(r);
        size_t n = 0;
        for (;;) {
                r->vrows[n++] = row_at(r, ps);
                if (n == (size_t)r->rows || reader_pos_forward(r, &ps, 1, last) == 0)
                        break;
        }
        r->view.rows = r->vrows;
        r->view.nrows = n;

        size_t nm = 0;
        struct span *m = merge_spans(r, r->vrows[0].start, r->vrows[n - 1].end, &nm);
        clip_spans(r, m, nm);
        free(m);
        r->view.spans = r->vspans;
        r->view.nspans = r->nvspans;
        return &r->view;
}
