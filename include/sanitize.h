/*
 * sanitize — make decoded text safe and stable to draw: line endings become
 * '\n', controls, escape sequences and bidi overrides become visible inert
 * text (caret notation, <U+XXXX>), invisible characters terminals disagree
 * on are removed, and code points the C library cannot measure become
 * U+FFFD. Follows the table in CJK-TEXT.md §5.2. Inline pinyin annotations
 * are kept (search folding hides them; the UI may dim them).
 */
#ifndef LECTERN_SANITIZE_H
#define LECTERN_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sanitize_stats {
        size_t controls;    /* C0/C1/DEL made visible */
        size_t bidi;        /* bidi overrides and isolates made visible */
        size_t removed;     /* invisible characters dropped */
        size_t replaced;    /* invalid or unmeasurable code points -> U+FFFD */
};

/*
 * Sanitise n bytes of UTF-8 (invalid sequences are tolerated and replaced,
 * one U+FFFD per maximal subpart; NUL bytes become "^@"). Returns a fresh
 * NUL-terminated string the caller frees and its length in *out_len (may be
 * NULL); st (may be NULL) receives the counts. Never fails.
 *
 * Which code points are measurable is the C library's wcwidth() in the
 * caller's locale, which must be a UTF-8 one (the CLI, the UI and the tests
 * set it), so that nothing with wcwidth() < 0 ever reaches ncurses. A
 * combining mark left without a base (start of a line, after "^[" or a
 * removed separator such as U+200B) is given U+00A0 as its base.
 */
char *sanitize_text(const char *in, size_t n, size_t *out_len, struct sanitize_stats *st);

/*
 * Where the sanitised text stops lining up with its input: from byte `at`
 * of the output on, the input's line is the output's plus dline, and on
 * at's output line its column is the output's plus dcol. Lines of the
 * input end at LF, CR LF or a lone CR; U+0085, U+2028 and U+2029 end lines
 * of the output only. Columns count code points; a caret or <U+XXXX> shown
 * for one code point, or one removed, shifts them.
 */
struct sanitize_shift {
        size_t at;
        long dline;
        long dcol;
};

/*
 * sanitize_text(), also listing the shifts in output order in *shifts
 * (caller frees; NULL and *nshifts 0 when the text needed none, as
 * ordinary text does).
 */
char *sanitize_text_shifts(const char *in, size_t n, size_t *out_len, struct sanitize_stats *st,
                           struct sanitize_shift **shifts, size_t *nshifts);

/*
 * A search query, sanitised as the same characters are inside a document:
 * there they follow some character, so a combining mark at the query's
 * start is given no base. Fresh string (caller frees), its length in *out_len.
 */
char *sanitize_query(const char *q, size_t n, size_t *out_len);

/*
 * One line of a message or a column of tab-separated output: a path, a
 * query, a reason. Sanitised as above (a tab becomes a space), but with
 * LF and CR shown as the controls they are, "^J" and "^M", and the other
 * line breaks by their code points ("<U+2028>"), so that it can neither
 * move the cursor nor split a line or a column. Returns a fresh string the caller frees.
 */
char *sanitize_line(const char *s);

/*
 * Does sanitize_text() pass code point c through as it is? What it would
 * rewrite (controls, bidi overrides, invisible format characters, what the
 * C library cannot measure) has no place in text typed at a prompt either.
 */
bool sanitize_keeps(uint32_t c);

#endif
