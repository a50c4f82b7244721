/*
 * phrase_form — the form a recurring phrase is shown in: the one most of a
 * few sampled occurrences are written in, their inline pinyin annotations
 * cut out, compared as slices of the documents when nothing could be cut.
 * Checked against the key, so the shown text always finds the phrase.
 * Engine layer.
 */
#include "phrase_form.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "util.h"

/* Does text fold to exactly the len key characters at key position p? */
static bool folds_to(const struct index *ix, const char *text, size_t n, uint32_t p,
                     uint32_t len)
{
        uint32_t *k = xmalloc((n + 1) * sizeof *k);
        size_t kn = fold_text(text, n, k, NULL);
        bool same = kn == len;
        for (size_t i = 0; same && i < kn; i++)
                same = k[i] == index_char_at(ix, p + i);
        free(k);
        return same;
}

/* Could an annotation start in these bytes? Only at '(' or U+FF08. */
static bool may_hold_annotation(const char *t, size_t n)
{
        if (memchr(t, '(', n))
                return true;
        for (const char *e = memchr(t, 0xEF, n); e; e = memchr(e + 1, 0xEF, (size_t)(t + n - e - 1)))
                if (t + n - e >= 3 && e[1] == (char)0xBC && e[2] == (char)0x88)
                        return true;
        return false;
}

/* Byte just past key position p's character in document doc. */
static uint32_t byte_end(const struct index *ix, uint32_t p, uint32_t doc)
{
        uint32_t b = index_byte_in(ix, p, doc);
        return b + (uint32_t)lc_utf8_len(corpus_doc(index_corpus(ix), doc)->text + b);
}

/* The written form of one occurrence, inline pinyin annotations left out. */
static struct phrase_written written_form(const struct index *ix, uint32_t p, uint32_t doc, uint32_t len)
{
        const struct doc *d = corpus_doc(index_corpus(ix), doc);
        size_t a = index_byte_in(ix, p, doc), b = byte_end(ix, p + len - 1, doc);
        if (!may_hold_annotation(d->text + a, b - a))
                return (struct phrase_written){ d->text + a, b - a, NULL };
        struct sbuf sb = { 0 };
        while (a < b) {
                size_t ann = fold_annotation_at(d->text, d->len, a);
                if (ann) {
                        a += ann;
                        continue;
                }
                size_t k = lc_utf8_len(d->text + a);
                sbuf_add(&sb, d->text + a, k);
                a += k;
        }
        char *own = sbuf_take(&sb);
        return (struct phrase_written){ own, strlen(own), own };
}

struct phrase_written phrase_form(const struct index *ix, const uint32_t *at,
                                  const uint32_t *docs, size_t k, uint32_t len)
{
        struct phrase_written forms[PHRASE_FORM_SAMPLES] = { { NULL, 0, NULL } };
        unsigned votes[PHRASE_FORM_SAMPLES] = { 0 };
        size_t first[PHRASE_FORM_SAMPLES] = { 0 };
        size_t nf = 0;
        for (size_t i = 0; i < k; i++) {
                struct phrase_written f = written_form(ix, at[i], docs[i], len);
                size_t j = 0;
                while (j < nf && (forms[j].n != f.n || memcmp(forms[j].s, f.s, f.n) != 0))
                        j++;
                if (j < nf) {
                        votes[j]++;
                        free(f.own);
                } else {
                        forms[nf] = f;
                        first[nf] = i;
                        votes[nf++] = 1;
                }
                /* A form most samples share has won: the rest cannot change that. */
                if (2 * votes[j] > k)
                        break;
        }
        size_t best = 0;
        for (size_t j = 1; j < nf; j++)
                if (votes[j] > votes[best])
                        best = j;
        struct phrase_written form = forms[best];
        for (size_t j = 0; j < nf; j++)
                if (j != best)
                        free(forms[j].own);
        uint32_t p = at[first[best]], doc = docs[first[best]];
        /* Only a form with annotations cut can fold otherwise than its occurrences. */
        if (form.own && !folds_to(ix, form.s, form.n, p, len)) {
                const struct doc *d = corpus_doc(index_corpus(ix), doc);
                size_t a = index_byte_in(ix, p, doc);
                free(form.own);
                form = (struct phrase_written){ d->text + a, byte_end(ix, p + len - 1, doc) - a,
                                                NULL };
        }
        return form;
}
