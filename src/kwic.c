/*
 * kwic — the concordance model and its line renderer. Entries are byte
 * ranges into the documents; contexts are read from the text only when a
 * line is rendered or the entries are sorted, and never further than the
 * width or the sort depth asks, so building, sorting and drawing stay
 * proportional to the number of hits, not to the size of the documents.
 * Inline pinyin annotations are left out as the line is written when they
 * are hidden, so every cut to a column budget counts only what is shown.
 * Widths come from width.h (the measure layout and ncurses use), grapheme
 * clusters from libunistring. Engine layer.
 */
#include "kwic.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unigbrk.h>
#include <unistr.h>

#include "doc.h"
#include "fold.h"
#include "util.h"
#include "width.h"

struct item {
        struct kwic_entry e;
        const struct doc *d;    /* kept per entry: qsort's comparators get no context */
};

struct kwic {
        struct item *v;
        size_t n;
        size_t *pos_of_hit;     /* hit index -> position in the current order */
        int max_hit_cols[2];    /* widest hit, with annotations shown [0] and hidden [1] */
        enum kwic_sort order;
        bool hide;              /* inline annotations left out of rendered lines */
};

/* A line being rendered, and where the annotations it shows went. */
struct line {
        struct sbuf b;
        bool hide;
        bool want_notes;
        struct span *notes;
        size_t nnotes, cap;
};

/* ------------------------------------------------------------------ cells */

/*
 * The sanitiser leaves no controls but '\n'; anything else slipping through
 * is still drawn as one space, so the renderer's promise of "no control
 * characters" does not depend on it.
 */
static bool is_control(char ch)
{
        unsigned char u = (unsigned char)ch;
        return u < 0x20 || u == 0x7f;
}

static int cluster_cols(const char *s, size_t n)
{
        return is_control(s[0]) ? 1 : width_str(s, n);
}

static void pad(struct sbuf *b, int cols)
{
        for (; cols > 0; cols--)
                sbuf_addc(b, ' ');
}

static void add_note(struct line *l, size_t start, size_t end)
{
        if (!l->want_notes)
                return;
        l->notes = xgrow(l->notes, &l->cap, l->nnotes + 1, sizeof *l->notes);
        l->notes[l->nnotes++] = (struct span){ start, end, SPAN_ANNOTATION };
}

/* Longest inline pinyin annotation looked for when reading leftwards. */
#define ANNOTATION_MAX 64

static bool opens_annotation(const char *t, size_t len, size_t pos)
{
        return t[pos] == '(' ||
               (pos + 3 <= len && memcmp(t + pos, "\xef\xbc\x88", 3) == 0);
}

/* Bytes of the inline annotation that starts at pos, no further than to; 0 if none. */
static size_t annotation_at(const char *t, size_t to, size_t pos)
{
        return opens_annotation(t, to, pos) ? fold_annotation_at(t, to, pos) : 0;
}

/*
 * Annotations are recognised forwards only (fold.h), so reading leftwards
 * we look back from a closing parenthesis to the nearest opening one and
 * ask whether an annotation starting there ends exactly here.
 */
static size_t annotation_before(const struct doc *d, size_t end)
{
        const char *t = d->text;
        bool close = t[end - 1] == ')' ||
                     (end >= 3 && memcmp(t + end - 3, "\xef\xbc\x89", 3) == 0);
        if (!close)
                return 0;
        size_t lo = end > ANNOTATION_MAX ? end - ANNOTATION_MAX : 0;
        for (size_t at = end - 1; at-- > lo;) {
                if (t[at] == '\n')
                        return 0;
                if (opens_annotation(t, end, at))
                        return fold_annotation_at(t, d->len, at) == end - at ? end - at : 0;
        }
        return 0;
}

/*
 * Append the clusters of t[from, to) that fit in budget columns. A '\n'
 * ends the run when stop_nl is set (contexts), else shows as a space (a hit
 * that spans lines). An inline annotation fits whole or ends the run: a
 * cut one reads as stray letters, "(zhuǎ". A hidden one is passed over and
 * costs nothing, so the budget goes to text that is shown. Returns the byte
 * where it stopped; *used gets columns.
 */
static size_t emit(struct line *l, const char *t, size_t from, size_t to, int budget,
                   bool stop_nl, int *used)
{
        struct sbuf *b = &l->b;
        size_t p = from;
        int u = 0;

        while (p < to) {
                if (stop_nl && t[p] == '\n')
                        break;
                size_t a = annotation_at(t, to, p);
                if (a && l->hide) {
                        p += a;
                        continue;
                }
                if (a) {
                        int w = width_str(t + p, a);
                        if (u + w > budget)
                                break;
                        add_note(l, b->len, b->len + a);
                        sbuf_add(b, t + p, a);
                        u += w;
                        p += a;
                        continue;
                }
                size_t n = width_cluster_len(t + p, to - p);
                int w = cluster_cols(t + p, n);
                if (u + w > budget)
                        break;
                if (is_control(t[p]))
                        sbuf_addc(b, ' ');
                else
                        sbuf_add(b, t + p, n);
                u += w;
                p += n;
        }
        *used = u;
        return p;
}

/*
 * The start of the longest run of whole clusters ending at `end` that fits
 * in budget columns without crossing a '\n'. An inline annotation counts
 * as one with the character it annotates: a context that begins "g)" or
 * "(yáng)" starts in the middle of a word; a hidden one costs no columns.
 * Zero-width clusters cost no columns either, so the walk is also capped in
 * clusters: a pathological run of them cannot turn one line into a scan of
 * the paragraph.
 */
static size_t left_start(const struct doc *d, size_t end, int budget, bool hide, int *used)
{
        const char *t = d->text;
        const uint8_t *base = (const uint8_t *)t;
        size_t p = end;
        int u = 0;

        for (int steps = 0; p > 0 && steps < budget + 32; steps++) {
                size_t a = annotation_before(d, p);
                const uint8_t *q = u8_grapheme_prev(base + p - a, base);
                if (!q)
                        break;
                size_t qs = (size_t)(q - base);
                if (t[qs] == '\n')
                        break;
                int w = cluster_cols(t + qs, p - a - qs) + (hide ? 0 : width_str(t + p - a, a));
                if (u + w > budget)
                        break;
                u += w;
                p = qs;
        }
        *used = u;
        return p;
}

/* ------------------------------------------------------------------ model */

/* Columns of t[from, to), its inline annotations left out when hide is set. */
static int run_cols(const char *t, size_t from, size_t to, bool hide)
{
        int w = 0;
        size_t p = from;
        while (p < to) {
                size_t a = hide ? annotation_at(t, to, p) : 0;
                if (a) {
                        p += a;
                        continue;
                }
                size_t n = width_cluster_len(t + p, to - p);
                w += cluster_cols(t + p, n);
                p += n;
        }
        return w;
}

struct kwic *kwic_build(const struct corpus *c, const struct hit *hits, size_t nhits)
{
        size_t ndocs = corpus_count(c);
        for (size_t i = 0; i < nhits; i++) {
                const struct hit *h = &hits[i];
                if (h->doc >= ndocs || h->start > h->end || h->end > corpus_doc(c, h->doc)->len)
                        return NULL;
        }

        struct kwic *k = xcalloc(1, sizeof(*k));
        k->n = nhits;
        k->v = xcalloc(nhits, sizeof(*k->v));
        k->pos_of_hit = xcalloc(nhits, sizeof(*k->pos_of_hit));
        k->order = KWIC_SORT_DOC;
        for (size_t i = 0; i < nhits; i++) {
                const struct doc *d = corpus_doc(c, hits[i].doc);
                struct item *it = &k->v[i];
                it->e = (struct kwic_entry){ hits[i].doc, hits[i].start, hits[i].end, i };
                it->d = d;
                k->pos_of_hit[i] = i;
                for (int hide = 0; hide < 2; hide++) {
                        int w = run_cols(d->text, it->e.start, it->e.end, hide);
                        if (w > k->max_hit_cols[hide])
                                k->max_hit_cols[hide] = w;
                }
        }
        return k;
}

void kwic_free(struct kwic *k)
{
        if (!k)
                return;
        free(k->v);
        free(k->pos_of_hit);
        free(k);
}

size_t kwic_count(const struct kwic *k)
{
        return k->n;
}

const struct kwic_entry *kwic_entry(const struct kwic *k, size_t i)
{
        return i < k->n ? &k->v[i].e : NULL;
}

size_t kwic_find_hit(const struct kwic *k, size_t hit)
{
        return hit < k->n ? k->pos_of_hit[hit] : SIZE_MAX;
}

enum kwic_sort kwic_order(const struct kwic *k)
{
        return k->order;
}

void kwic_hide_annotations(struct kwic *k, bool hide)
{
        k->hide = hide;
}

bool kwic_annotations_hidden(const struct kwic *k)
{
        return k->hide;
}

/* ---------------------------------------------------------------- sorting */

/*
 * Context characters are read one folded code point at a time, returned
 * plus one so that 0 can mean "the context ends here" and sort before any
 * character: a shorter context comes first, as in a dictionary.
 */
#define KEY_END 0u

static uint32_t next_right(const struct doc *d, size_t *pos)
{
        for (;;) {
                if (*pos >= d->len || d->text[*pos] == '\n')
                        return KEY_END;
                size_t a = annotation_at(d->text, d->len, *pos);
                if (a) {
                        *pos += a;
                        continue;
                }
                ucs4_t c;
                int n = u8_mbtouc(&c, (const uint8_t *)d->text + *pos, d->len - *pos);
                *pos += (size_t)n;
                return fold_cp(c) + 1;
        }
}

static uint32_t next_left(const struct doc *d, size_t *pos)
{
        const uint8_t *base = (const uint8_t *)d->text;
        for (;;) {
                if (*pos == 0 || d->text[*pos - 1] == '\n')
                        return KEY_END;
                size_t a = annotation_before(d, *pos);
                if (a) {
                        *pos -= a;
                        continue;
                }
                ucs4_t c;
                const uint8_t *p = u8_prev(&c, base + *pos, base);
                if (!p)
                        return KEY_END;
                *pos = (size_t)(p - base);
                return fold_cp(c) + 1;
        }
}

struct sortrec {
        const struct item *it;
        const uint32_t *key;    /* KWIC_SORT_DEPTH folded characters, KEY_END-padded */
};

static int cmp_position(const struct item *a, const struct item *b)
{
        if (a->e.doc != b->e.doc)
                return a->e.doc < b->e.doc ? -1 : 1;
        if (a->e.start != b->e.start)
                return a->e.start < b->e.start ? -1 : 1;
        if (a->e.end != b->e.end)
                return a->e.end < b->e.end ? -1 : 1;
        return (a->e.hit > b->e.hit) - (a->e.hit < b->e.hit);
}

static int cmp_doc(const void *pa, const void *pb)
{
        return cmp_position(((const struct sortrec *)pa)->it, ((const struct sortrec *)pb)->it);
}

static int cmp_context(const void *pa, const void *pb)
{
        const struct sortrec *a = pa, *b = pb;
        for (int i = 0; i < KWIC_SORT_DEPTH; i++) {
                if (a->key[i] != b->key[i])
                        return a->key[i] < b->key[i] ? -1 : 1;
                if (a->key[i] == KEY_END)
                        break;
        }
        return cmp_position(a->it, b->it);
}

/*
 * Keys are read once, up front: speeches repeat whole formulas, so many
 * contexts agree for dozens of characters, and reading them afresh in each
 * of the n log n comparisons would dominate the sort.
 */
static uint32_t *read_keys(const struct kwic *k, bool left)
{
        uint32_t *keys = xcalloc(k->n, KWIC_SORT_DEPTH * sizeof(*keys));
        for (size_t i = 0; i < k->n; i++) {
                const struct item *it = &k->v[i];
                uint32_t *key = keys + i * KWIC_SORT_DEPTH;
                size_t pos = left ? it->e.start : it->e.end;
                for (int j = 0; j < KWIC_SORT_DEPTH; j++) {
                        key[j] = left ? next_left(it->d, &pos) : next_right(it->d, &pos);
                        if (key[j] == KEY_END)
                                break;
                }
        }
        return keys;
}

int kwic_sort(struct kwic *k, enum kwic_sort by, char **cause)
{
        if (by != KWIC_SORT_DOC && by != KWIC_SORT_LEFT && by != KWIC_SORT_RIGHT)
                return lc_fail(cause, LC_EINVAL, "unknown concordance order %d", (int)by);
        uint32_t *keys = NULL;
        if (by != KWIC_SORT_DOC) {
                int rc = fold_init(cause);
                if (rc != LC_OK)
                        return rc;
                keys = read_keys(k, by == KWIC_SORT_LEFT);
        }

        struct sortrec *r = xcalloc(k->n, sizeof(*r));
        for (size_t i = 0; i < k->n; i++) {
                r[i].it = &k->v[i];
                r[i].key = keys ? keys + i * KWIC_SORT_DEPTH : NULL;
        }
        qsort(r, k->n, sizeof(*r), keys ? cmp_context : cmp_doc);

        struct item *v = xcalloc(k->n, sizeof(*v));
        for (size_t i = 0; i < k->n; i++) {
                v[i] = *r[i].it;
                k->pos_of_hit[v[i].e.hit] = i;
        }
        free(r);
        free(keys);
        free(k->v);
        k->v = v;
        k->order = by;
        return LC_OK;
}

/* -------------------------------------------------------------- rendering */

static int clamp_title(int width, int title_cols)
{
        if (title_cols < 0)
                return 0;
        return title_cols > width ? width : title_cols;
}

int kwic_hit_col(const struct kwic *k, int width, int title_cols)
{
        if (width < 0)
                width = 0;
        title_cols = clamp_title(width, title_cols);
        int room = width - title_cols;
        int widest = k->max_hit_cols[k->hide];
        int hw = widest < room / 2 ? widest : room / 2;
        return title_cols + (room - hw) / 2;
}

static void put_title(struct sbuf *b, const char *title, int cols)
{
        int used = 0;
        if (cols > 1) {
                char *s = doc_title_cut(title, cols - 1, &used);
                for (char *p = s; *p; p++)
                        if (is_control(*p))
                                *p = ' ';
                sbuf_adds(b, s);
                free(s);
        }
        pad(b, cols - used);
}

char *kwic_render_line(const struct kwic *k, size_t i, int width, int title_cols,
                       struct kwic_mark *mark, struct kwic_notes *notes)
{
        if (notes)
                *notes = (struct kwic_notes){ 0 };
        if (i >= k->n)
                return NULL;
        if (width < 0)
                width = 0;
        title_cols = clamp_title(width, title_cols);

        const struct item *it = &k->v[i];
        const char *t = it->d->text;
        struct line l = { .hide = k->hide, .want_notes = notes != NULL };
        int used;

        put_title(&l.b, it->d->title, title_cols);

        int hit_col = kwic_hit_col(k, width, title_cols);
        int left_cols = hit_col - title_cols;
        size_t from = left_start(it->d, it->e.start, left_cols, k->hide, &used);
        pad(&l.b, left_cols - used);
        emit(&l, t, from, it->e.start, used, true, &used);

        struct kwic_mark m = { .start = l.b.len, .col = hit_col };
        size_t stop = emit(&l, t, it->e.start, it->e.end, width - hit_col, false, &m.cols);
        m.end = l.b.len;
        int col = hit_col + m.cols;

        if (stop == it->e.end) {
                emit(&l, t, it->e.end, it->d->len, width - col, true, &used);
                col += used;
        }
        pad(&l.b, width - col);
        if (mark)
                *mark = m;
        if (notes)
                *notes = (struct kwic_notes){ l.notes, l.nnotes };
        return sbuf_take(&l.b);
}
