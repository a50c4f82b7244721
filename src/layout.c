/*
 * layout — wrap one paragraph to a width in columns, as byte ranges into the
 * text. Two steps: first describe each code point (width, bytes, whether a
 * grapheme cluster starts there, whether libunistring allows a line break
 * before it, asked on a shadow copy tailored for Chinese, and never before
 * or inside an inline pinyin annotation, which stays with the character it
 * reads: 勞動(dòng) never leaves "(dòng)" to start a line); then fill lines
 * greedily cluster by cluster. Both steps are single forward passes, so a
 * paragraph of megabytes on one line wraps in linear time. Engine layer.
 */
#include "layout.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unigbrk.h>
#include <unilbrk.h>

#include "fold.h"
#include "util.h"
#include "width.h"

/* What the filler needs to know about each code point, in one byte. */
enum {
        CP_WIDTH = 0x03,        /* columns: 0, 1 or 2 */
        CP_LEN_SHIFT = 2,       /* bits 2-3: bytes of UTF-8, minus one */
        CP_SPACE = 0x10,        /* U+0020, which a break swallows */
        CP_CLUSTER = 0x20,      /* a grapheme cluster starts here */
        CP_BREAK = 0x40,        /* a line may break before it */
        CP_NOSTART = 0x80,      /* closing punctuation: a line should not start here */
        /*
         * Both, which UAX #14 never gives (it allows no break before what
         * must not start a line): a weak break, taken only when no other
         * break fits -- before an annotation, which would rather stay with
         * the character it reads.
         */
        CP_WEAK = CP_BREAK | CP_NOSTART,
};

/*
 * Marks that UAX #14 keeps off the start of a line (closing punctuation,
 * ！？, ，。 as infix separators, small kana and iteration marks): where a
 * line must be cut though no break is allowed, the cut goes before the
 * character ahead of them instead.
 */
static bool is_nostart(uint32_t c)
{
        switch (u_getIntPropertyValue((UChar32)c, UCHAR_LINE_BREAK)) {
        case U_LB_CLOSE_PUNCTUATION:
        case U_LB_CLOSE_PARENTHESIS:
        case U_LB_EXCLAMATION:
        case U_LB_INFIX_NUMERIC:
        case U_LB_NONSTARTER:
        case U_LB_CONDITIONAL_JAPANESE_STARTER:
                return true;
        default:
                return false;
        }
}

/* What clreq's strict rule also keeps off the start of a line. */
static bool is_dash_or_ellipsis(uint32_t c)
{
        switch (c) {
        case 0x2014: case 0x2015: case 0x2E3A: case 0x2E3B:     /* — ― ⸺ ⸻ */
        case 0x2026: case 0x22EF:                               /* … ⋯ */
                return true;
        default:
                return false;
        }
}

/* ，。、: the marks that LAYOUT_HANG lets hang, 3 bytes of UTF-8 each. */
static bool is_hanging_mark(const char *s)
{
        return memcmp(s, "\xef\xbc\x8c", 3) == 0 || memcmp(s, "\xe3\x80\x82", 3) == 0 ||
               memcmp(s, "\xe3\x80\x81", 3) == 0;
}

static bool is_east_asian_wide(uint32_t c)
{
        int eaw = u_getIntPropertyValue((UChar32)c, UCHAR_EAST_ASIAN_WIDTH);
        return eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH;
}

/*
 * What libunistring should see instead of c. Curly quotes beside Chinese
 * act as corner brackets (opening ones never end a line, closing ones never
 * start one), which UAX #14 before 15.1 forbids breaking on either side of
 * and later versions decide differently; the interpunct acts as the
 * katakana middle dot, which never starts a line. Same number of code
 * points, so positions carry over one to one.
 */
static uint32_t shadow_of(uint32_t prev, uint32_t c, uint32_t next)
{
        uint32_t corner;
        switch (c) {
        case 0x201C: corner = 0x300C; break;    /* “ → 「 */
        case 0x2018: corner = 0x300E; break;    /* ‘ → 『 */
        case 0x201D: corner = 0x300D; break;    /* ” → 」 */
        case 0x2019: corner = 0x300F; break;    /* ’ → 』 */
        case 0x00B7:
        case 0x2027:
                return 0x30FB;
        default:
                return c;
        }
        if ((prev && is_east_asian_wide(prev)) || (next && is_east_asian_wide(next)))
                return corner;
        return c;
}

/* Where a code point stands in an inline annotation. */
enum { GLUE_NONE, GLUE_OPEN, GLUE_INSIDE };

/*
 * Describe each code point of s[0, n) (n > 0); returns a fresh array and
 * sets *ncp to its length. The code points go through a scratch UTF-32
 * copy because the tailoring turns a 2-byte · into a 3-byte ・, which a
 * UTF-8 shadow could not hold in place.
 */
/*
 * Columns of what an annotation opening at code point j keeps together: the
 * character before it, the annotation, and the closing marks after it.
 */
static size_t glued_cols(const unsigned char *info, const char *glued, size_t j, size_t k)
{
        size_t w = j > 0 ? (info[j - 1] & CP_WIDTH) : 0, m = j;
        do
                w += info[m++] & CP_WIDTH;
        while (m < k && glued[m] == GLUE_INSIDE);
        while (m < k && (info[m] & CP_NOSTART))
                w += info[m++] & CP_WIDTH;
        return w;
}

static unsigned char *scan_paragraph(const char *s, size_t n, unsigned rules, size_t width,
                                     size_t *ncp)
{
        uint32_t *cp = xmalloc(n * sizeof *cp);         /* at most one per byte */
        unsigned char *info = xmalloc(n);
        /* Code points of an annotation, by code point; made at the first one. */
        char *glued = NULL;
        size_t glue_end = 0;    /* the byte where the annotation being read ends */
        size_t k = 0;
        for (size_t i = 0; i < n; k++) {
                uint32_t c;
                size_t len = 1;
                if ((unsigned char)s[i] < 0x80)
                        c = (unsigned char)s[i];
                else
                        len = width_decode(s + i, n - i, &c);
                info[k] = (unsigned char)((unsigned)width_cp(c) | (unsigned)(len - 1) << CP_LEN_SHIFT);
                if (c == ' ')
                        info[k] |= CP_SPACE;
                bool opens = false;
                if ((c == '(' || c == 0xFF08) && i > 0 && i >= glue_end) {
                        size_t alen = fold_annotation_at(s, n, i);
                        if (alen) {
                                glue_end = i + alen;
                                opens = true;
                                if (!glued)
                                        glued = xcalloc(n, 1);
                        }
                }
                if (i < glue_end)
                        glued[k] = opens ? GLUE_OPEN : GLUE_INSIDE;
                cp[k] = c;
                i += len;
        }
        *ncp = k;

        char *gb = xmalloc(k);
        u32_grapheme_breaks(cp, k, gb);

        uint32_t prev = 0;
        for (size_t j = 0; j < k; j++) {
                uint32_t orig = cp[j];
                cp[j] = shadow_of(prev, orig, j + 1 < k ? cp[j + 1] : 0);
                prev = orig;
                /* Asked of ICU only off ASCII and the Han block, which have none. */
                if (orig > 0x7f && (orig < 0x4E00 || orig > 0x9FFF) && is_nostart(cp[j]))
                        info[j] |= CP_NOSTART;
        }
        char *lb = xmalloc(k);
        u32_possible_linebreaks(cp, k, "UTF-8", lb);
        /* Break opportunities the strict rule takes away, by code point. */
        char *strict = rules & LAYOUT_STRICT ? xcalloc(k, 1) : NULL;
        for (size_t j = 1; strict && j < k; j++)
                strict[j] = is_dash_or_ellipsis(cp[j]) && cp[j - 1] != ' ';
        free(cp);

        bool glue = false;
        for (size_t j = 0; j < k; j++) {
                /* Whether the annotation opening here is kept with its character. */
                if (glued && glued[j] == GLUE_OPEN)
                        glue = glued_cols(info, glued, j, k) <= width;
                if (gb[j])
                        info[j] |= CP_CLUSTER;
                if (lb[j] == UC_BREAK_POSSIBLE || lb[j] == UC_BREAK_HYPHENATION)
                        info[j] |= CP_BREAK;
                if (strict && strict[j]) {
                        info[j] &= (unsigned char)~CP_BREAK;
                        info[j] |= CP_NOSTART;
                }
                /*
                 * A break before an annotation only weakens, and none comes
                 * inside it, when it fits a line with its character and the
                 * marks after it; else the break before it saves a line.
                 */
                if (glue && glued[j] == GLUE_OPEN && (info[j] & CP_BREAK))
                        info[j] |= CP_WEAK;
                else if (glue && glued[j] == GLUE_INSIDE)
                        info[j] &= (unsigned char)~CP_BREAK;
        }
        free(gb);
        free(lb);
        free(strict);
        free(glued);
        return info;
}

/*
 * The line being filled: it starts at `line`, is `lw` columns wide so far
 * (trailing spaces included, `trail` of them) and may break at `ok` (valid
 * when has_ok), where it was ok_lw wide with ok_trail trailing spaces.
 * Spaces are 1 byte and 1 column each, so one count serves both.
 */
struct filler {
        size_t base;            /* offset of the paragraph in the text */
        size_t width;
        struct vlines *out;
        size_t emitted;
        size_t line;
        size_t lw, trail;       /* size_t: hanging spaces have no bound */
        bool has_ok;
        size_t ok;
        size_t ok_lw, ok_trail;
        bool has_weak;          /* the same for the last weak break (CP_WEAK) */
        size_t weak;
        size_t weak_lw, weak_trail;
        size_t lead, lead_lw;   /* the last cluster placed that may start a line, and
                                 * the line's width before it, when past `line` */
        size_t hang;            /* columns a mark may hang past the width */
};

/* A line's columns fit an int: at most the width, or one cluster. */
static void emit(struct filler *f, size_t start, size_t end, size_t cols)
{
        /* Only spaces before the first break: nothing to show, nothing lost. */
        if (end == start)
                return;
        struct vlines *out = f->out;
        out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
        out->v[out->n++] = (struct vline){ f->base + start, f->base + end, (int)cols };
        f->emitted++;
}

/*
 * End the line at a break found earlier, at byte `at` where the line was
 * at_lw wide with at_trail trailing spaces; [at, pos) carries over.
 */
static void break_at(struct filler *f, size_t at, size_t at_lw, size_t at_trail)
{
        emit(f, f->line, at - at_trail, at_lw - at_trail);
        f->line = at;
        f->lw -= at_lw;
        /* Widths on the carried part count from the new line's start. */
        if (f->lead >= at)
                f->lead_lw -= at_lw;
        f->has_ok = f->has_ok && f->ok > at;
        if (f->has_ok)
                f->ok_lw -= at_lw;
        f->has_weak = f->has_weak && f->weak > at;
        if (f->has_weak)
                f->weak_lw -= at_lw;
}

/* End the line just before pos (emergency break, or a line that is full). */
static void break_before(struct filler *f, size_t pos)
{
        emit(f, f->line, pos - f->trail, f->lw - f->trail);
        f->line = pos;
        f->lw = 0;
        f->trail = 0;
        f->has_ok = f->has_weak = false;
}

/*
 * Place the next cluster, at byte pos and w columns wide; a break may come
 * before it when `breakable`. A space never causes a break: it may hang
 * past the margin and is dropped if a break follows. After a break at the
 * last opportunity the carried-over part plus this cluster can still be
 * too wide; then the carried part stands alone.
 */
static void place(struct filler *f, size_t pos, size_t w, bool breakable, bool space,
                  bool nostart, bool hangs)
{
        if (pos > f->line && breakable && nostart) {
                f->has_weak = true;
                f->weak = pos;
                f->weak_lw = f->lw;
                f->weak_trail = f->trail;
        } else if (pos > f->line && breakable) {
                f->has_ok = true;
                f->ok = pos;
                f->ok_lw = f->lw;
                f->ok_trail = f->trail;
        }
        /*
         * A mark that may hang stays on a full line when the margin holds it;
         * what follows it breaks there, or (another closing mark) takes it
         * down with the character before it, so two never hang together.
         */
        bool hung = hangs && f->trail == 0 && f->lw <= f->width && f->lw + w <= f->width + f->hang;
        if (!space && !hung && f->lw + w > f->width && pos > f->line) {
                if (f->has_ok)
                        break_at(f, f->ok, f->ok_lw, f->ok_trail);
                if (f->lw + w > f->width && f->has_weak)
                        break_at(f, f->weak, f->weak_lw, f->weak_trail);
                if (f->lw + w > f->width && pos > f->line) {
                        /*
                         * A cut where no break is allowed, as in a long URL:
                         * not before a closing mark, which takes along the
                         * character before it and any closing marks between.
                         */
                        size_t carried = f->lw - f->lead_lw;
                        if (nostart && f->trail == 0 && f->lead > f->line &&
                            carried + w <= f->width) {
                                f->lw = f->lead_lw;
                                break_before(f, f->lead);
                                f->lw = carried;
                        } else {
                                break_before(f, pos);
                        }
                }
        }
        if (!nostart) {
                f->lead = pos;
                f->lead_lw = f->lw;
        }
        f->lw += w;
        f->trail = space ? f->trail + 1 : 0;
}

void layout_paragraph(const char *text, size_t start, size_t end, int width, unsigned rules,
                      struct vlines *out)
{
        size_t n = end > start ? end - start : 0;
        struct filler f = { .base = start, .width = width < 1 ? 1 : (size_t)width, .out = out,
                            .hang = rules & LAYOUT_HANG ? LAYOUT_HANG_COLS : 0 };
        if (n > 0) {
                size_t ncp;
                unsigned char *info = scan_paragraph(text + start, n, rules, f.width, &ncp);
                size_t pos = 0;
                for (size_t k = 0; k < ncp;) {
                        size_t at = pos;
                        unsigned char first = info[k];
                        size_t w = 0;
                        do {
                                w += info[k] & CP_WIDTH;
                                pos += ((info[k] >> CP_LEN_SHIFT) & 3) + 1;
                                k++;
                        } while (k < ncp && !(info[k] & CP_CLUSTER));
                        place(&f, at, w, first & CP_BREAK, (first & CP_SPACE) && pos == at + 1,
                              first & CP_NOSTART,
                              f.hang && pos == at + 3 && is_hanging_mark(text + start + at));
                }
                break_before(&f, n);
                free(info);
        }
        if (f.emitted == 0) {
                out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
                out->v[out->n++] = (struct vline){ start, start, 0 };
        }
}

void vlines_free(struct vlines *l)
{
        if (l == NULL)
                return;
        free(l->v);
        l->v = NULL;
        l->n = l->cap = 0;
}
