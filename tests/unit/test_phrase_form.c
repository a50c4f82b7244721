/*
 * Tests of the form a phrase is shown in: the one most sampled occurrences
 * are written in, ties going to the earliest, whatever order the forms
 * come in, with inline pinyin annotations left out.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "fold.h"
#include "index.h"
#include "phrase_form.h"
#include "testlib.h"
#include "util.h"

TestSuite(phrase_form, .init = need_utf8_locale);

struct fixture {
        struct corpus *c;
        struct index *ix;
        uint32_t at[PHRASE_FORM_SAMPLES], docs[PHRASE_FORM_SAMPLES];
        size_t k;
        uint32_t len;
};

/* The corpus of texts and the occurrences of phrase in it, in text order. */
static struct fixture make(const char *const *texts, size_t n, const char *phrase)
{
        struct fixture f = { 0 };
        cr_assert_eq(fold_init(NULL), LC_OK);
        f.c = corpus_of(texts, n, "UTF-8");
        f.ix = index_build(f.c, NULL, NULL, NULL);
        cr_assert_not_null(f.ix);
        uint32_t q[64];
        f.len = (uint32_t)fold_text(phrase, strlen(phrase), q, NULL);
        size_t lo, hi;
        f.k = index_range(f.ix, q, f.len, &lo, &hi);
        cr_assert(f.k >= 1 && f.k <= PHRASE_FORM_SAMPLES, "%zu occurrences", f.k);
        for (size_t i = 0; i < f.k; i++)
                f.at[i] = index_sa_at(f.ix, lo + i);
        for (size_t i = 1; i < f.k; i++)
                for (size_t j = i; j > 0 && f.at[j - 1] > f.at[j]; j--) {
                        uint32_t t = f.at[j];
                        f.at[j] = f.at[j - 1];
                        f.at[j - 1] = t;
                }
        for (size_t i = 0; i < f.k; i++)
                f.docs[i] = index_doc_of(f.ix, f.at[i]);
        return f;
}

static void unmake(struct fixture *f)
{
        index_free(f->ix);
        corpus_free(f->c);
}

static void expect_form(const char *const *texts, size_t n, const char *phrase,
                        const char *want)
{
        struct fixture f = make(texts, n, phrase);
        cr_assert_eq(f.k, n, "one occurrence a document");
        struct phrase_written form = phrase_form(f.ix, f.at, f.docs, f.k, f.len);
        char *got = xstrndup(form.s, form.n);
        cr_assert_str_eq(got, want);
        free(got);
        free(form.own);
        unmake(&f);
}

Test(phrase_form, most_occurrences_outvote_the_first)
{
        const char *texts[] = { "勞動模範。", "劳动模范。", "劳动模范。", "劳动模范。" };
        expect_form(texts, 4, "劳动模范", "劳动模范");
}

Test(phrase_form, a_tie_goes_to_the_earliest_form)
{
        /* Simplified reaches half the votes first; Traditional, earlier, ties it. */
        const char *texts[] = { "勞動模範。", "劳动模范。", "劳动模范。", "勞動模範。" };
        expect_form(texts, 4, "劳动模范", "勞動模範");
        const char *more[] = { "劳动模范。", "勞動模範。", "勞動模範。", "勞動模範。",
                               "劳动模范。", "劳动模范。" };
        expect_form(more, 6, "劳动模范", "劳动模范");
}

Test(phrase_form, a_majority_formed_late_still_wins)
{
        const char *texts[] = { "勞動模範。", "劳动模范。", "勞動模范。", "劳动模范。",
                                "劳动模范。" };
        expect_form(texts, 5, "劳动模范", "劳动模范");
}

Test(phrase_form, annotations_are_left_out)
{
        const char *texts[] = { "勞動(dòng)模範。", "勞動(dòng)模範。", "劳动模范。" };
        expect_form(texts, 3, "劳动模范", "勞動模範");
}
