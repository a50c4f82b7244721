/*
 * Tests of recurring-phrase extraction: against a brute-force enumeration
 * of every substring on small random corpora (word boundaries off, so the
 * definition is pure: valid, closed under extension, in enough documents),
 * and on the bundled corpus, where 习近平总书记 is in all five speeches and
 * word fragments such as 神、工匠精神 never appear, nor one that a rare
 * context made.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "corpus.h"
#include "index.h"
#include "phrase.h"
#include "search.h"
#include "testlib.h"
#include "util.h"

TestSuite(phrase, .init = utf8_locale);

#define NDOCS 4
#define MAXLEN 28

static const uint32_t alphabet[] = { 0x7532, 0x4E59, 0x4E19, 0x3001, 0x3002, '\n' }; /* 甲乙丙、。 */

static bool is_stop(uint32_t c) { return c == 0x3002 || c == '\n'; }
static bool is_punct(uint32_t c) { return c == 0x3001 || is_stop(c); }

struct str {
        uint32_t s[MAXLEN];
        size_t n;
        size_t count, docs;
};

static uint32_t docs[NDOCS][MAXLEN];
static size_t dlen[NDOCS];

static void count_occ(struct str *x)
{
        x->count = x->docs = 0;
        for (int d = 0; d < NDOCS; d++) {
                bool in = false;
                for (size_t i = 0; i + x->n <= dlen[d]; i++)
                        if (memcmp(docs[d] + i, x->s, x->n * sizeof(uint32_t)) == 0) {
                                x->count++;
                                in = true;
                        }
                x->docs += in;
        }
}

static bool valid(const uint32_t *s, size_t n, size_t min_len)
{
        if (n < min_len || is_punct(s[0]) || is_punct(s[n - 1]))
                return false;
        for (size_t i = 0; i < n; i++)
                if (is_stop(s[i]))
                        return false;
        return true;
}

static bool contains(const struct str *y, const struct str *x)
{
        for (size_t i = 0; i + x->n <= y->n; i++)
                if (memcmp(y->s + i, x->s, x->n * sizeof(uint32_t)) == 0)
                        return true;
        return false;
}

static char *utf8_of(const uint32_t *s, size_t n)
{
        size_t len = 0;
        uint8_t *u = u32_to_u8(s, n, NULL, &len);
        char *r = xstrndup((const char *)u, len);
        free(u);
        return r;
}

static void check_round(unsigned seed, size_t min_len, unsigned min_docs)
{
        srand(seed);
        char *texts[NDOCS];
        struct corpus *c = corpus_new();
        for (int d = 0; d < NDOCS; d++) {
                dlen[d] = (size_t)(rand() % MAXLEN);
                for (size_t i = 0; i < dlen[d]; i++)
                        docs[d][i] = alphabet[rand() % (rand() % 4 ? 3 : 6)];
                texts[d] = utf8_of(docs[d], dlen[d]);
                struct doc *doc = NULL;
                cr_assert_eq(doc_from_bytes("r.txt", texts[d], strlen(texts[d]), NULL, &doc, NULL), 0);
                corpus_add(c, doc);
        }
        /* Every distinct valid substring with its counts. */
        struct str *all = malloc(NDOCS * MAXLEN * MAXLEN * sizeof *all);
        size_t na = 0;
        for (int d = 0; d < NDOCS; d++)
                for (size_t i = 0; i < dlen[d]; i++)
                        for (size_t n = 1; i + n <= dlen[d]; n++) {
                                if (!valid(docs[d] + i, n, min_len))
                                        continue;
                                struct str x = { .n = n };
                                memcpy(x.s, docs[d] + i, n * sizeof(uint32_t));
                                bool dup = false;
                                for (size_t k = 0; k < na && !dup; k++)
                                        dup = all[k].n == n && memcmp(all[k].s, x.s, n * 4) == 0;
                                if (!dup) {
                                        count_occ(&x);
                                        all[na++] = x;
                                }
                        }
        size_t nexpect = 0;
        char **expect = malloc((na + 1) * sizeof *expect);
        for (size_t k = 0; k < na; k++) {
                struct str *x = &all[k];
                if (x->count < 2 || x->docs < min_docs)
                        continue;
                bool closed = true;
                for (size_t j = 0; j < na && closed; j++)
                        if (all[j].n > x->n && all[j].count == x->count && contains(&all[j], x))
                                closed = false;
                if (closed)
                        expect[nexpect++] = utf8_of(x->s, x->n);
        }

        struct index *ix = index_build(c, NULL, NULL, NULL);
        struct phrases ps;
        struct phrase_opts o = { .min_len = (unsigned)min_len, .min_docs = min_docs,
                                 .ignore_words = true };
        cr_assert_eq(phrase_extract(ix, &o, NULL, NULL, &ps, NULL), 0);
        for (size_t k = 0; k < nexpect; k++) {
                bool found = false;
                for (size_t i = 0; i < ps.n && !found; i++)
                        found = phrase_textcmp(&ps.v[i], expect[k], strlen(expect[k])) == 0;
                cr_assert(found, "seed %u: expected phrase '%s' missing", seed, expect[k]);
        }
        cr_assert_eq(ps.n, nexpect, "seed %u: %zu phrases, brute force %zu", seed, ps.n, nexpect);
        for (size_t i = 1; i < ps.n; i++) {
                const struct phrase *a = &ps.v[i - 1], *b = &ps.v[i];
                /* Ranked by documents, occurrences, length, then text: a strict order. */
                bool before = a->ndocs != b->ndocs ? a->ndocs > b->ndocs
                            : a->nocc != b->nocc   ? a->nocc > b->nocc
                            : a->len != b->len     ? a->len > b->len
                                                   : phrase_textcmp(a, b->text, b->nbytes) < 0;
                cr_assert(before, "seed %u: '%.*s' ranked before '%.*s'", seed, (int)a->nbytes,
                          a->text, (int)b->nbytes, b->text);
        }
        phrases_free(&ps);
        index_free(ix);
        corpus_free(c);
        for (size_t k = 0; k < nexpect; k++)
                free(expect[k]);
        free(expect);
        free(all);
        for (int d = 0; d < NDOCS; d++)
                free(texts[d]);
}

Test(phrase, matches_brute_force_on_random_corpora)
{
        for (unsigned seed = 1; seed <= 60; seed++)
                check_round(seed, 2 + seed % 2, 2 + seed % 2);
}

Test(phrase, bundled_corpus_has_the_formulas)
{
        struct corpus *c;
        struct index *ix;
        struct phrases ps = bundled_phrases(&c, &ix);
        cr_assert_gt(ps.n, 10);
        const struct phrase *xi = NULL, *spirits = NULL;
        for (size_t i = 0; i < ps.n; i++) {
                if (phrase_textcmp(&ps.v[i], "习近平总书记", strlen("习近平总书记")) == 0)
                        xi = &ps.v[i];
                static const char three[] = "劳模精神、劳动精神、工匠精神";
                if (phrase_textcmp(&ps.v[i], three, strlen(three)) == 0)
                        spirits = &ps.v[i];
                cr_assert_geq(ps.v[i].ndocs, 2);
                cr_assert_geq(ps.v[i].len, 4);
        }
        cr_assert_not_null(xi, "习近平总书记 not listed");
        cr_assert_eq(xi->ndocs, 5);
        cr_assert_eq(ps.v[0].ndocs, 5, "the top phrase is in every speech");
        cr_assert_not_null(spirits, "the three spirits are one phrase");
        cr_assert_eq(spirits->ndocs, 3);
        cr_assert_eq(spirits->nocc, 14);
        phrases_free(&ps);
        index_free(ix);
        corpus_free(c);
}

Test(phrase, no_fragments_punctuation_ends_or_sentence_crossings)
{
        struct corpus *c;
        struct index *ix;
        struct phrases ps = bundled_phrases(&c, &ix);
        static const char *const bad_edge[] = { "，", "。", "、", "：", "；", "！", "？", "“",
                                                "”", " ", "\u3000", "(", ")" };
        for (size_t i = 0; i < ps.n; i++) {
                char *t = phrase_strdup(&ps.v[i]);
                cr_assert_eq(strlen(t), ps.v[i].nbytes, "a phrase's bytes hold no NUL");
                cr_assert_str_neq(t, "神、工匠精神");
                cr_assert_str_neq(t, "代中国特色社会");
                cr_assert_null(strstr(t, "\n"));
                cr_assert_null(strstr(t, "。"));
                cr_assert_null(strstr(t, "！"));
                cr_assert_null(strstr(t, "？"));
                cr_assert_null(strstr(t, "；"));
                cr_assert_null(strstr(t, "(dòng)"), "annotations never show in a phrase");
                for (size_t k = 0; k < sizeof bad_edge / sizeof *bad_edge; k++) {
                        size_t bl = strlen(bad_edge[k]), tl = strlen(t);
                        cr_assert(strncmp(t, bad_edge[k], bl) != 0, "'%s' starts with '%s'", t,
                                  bad_edge[k]);
                        cr_assert(tl < bl || strcmp(t + tl - bl, bad_edge[k]) != 0,
                                  "'%s' ends with '%s'", t, bad_edge[k]);
                }
                free(t);
        }
        phrases_free(&ps);
        index_free(ix);
        corpus_free(c);
}

Test(phrase, options_change_the_list)
{
        struct corpus *c;
        struct index *ix;
        struct phrases ps = bundled_phrases(&c, &ix);
        struct phrases strict;
        struct phrase_opts o = { .min_len = 6, .min_docs = 5 };
        cr_assert_eq(phrase_extract(ix, &o, NULL, NULL, &strict, NULL), 0);
        cr_assert_lt(strict.n, ps.n);
        cr_assert_gt(strict.n, 0);
        for (size_t i = 0; i < strict.n; i++) {
                cr_assert_eq(strict.v[i].ndocs, 5);
                cr_assert_geq(strict.v[i].len, 6);
        }
        phrases_free(&strict);
        phrases_free(&ps);
        index_free(ix);
        corpus_free(c);
}

Test(phrase, a_phrase_text_always_finds_its_occurrences)
{
        /* Dropping the first of two stacked annotations would turn the second
         * into one: the written form must still fold like the occurrences. */
        const char *t = "甲勞(láo)(dòng)乙丙";
        const char *const twice[] = { t, t };
        struct corpus *c = corpus_of(twice, 2, NULL);
        struct index *ix = index_build(c, NULL, NULL, NULL);
        struct phrases ps;
        struct phrase_opts o = { .min_len = 2, .min_docs = 2, .ignore_words = true };
        cr_assert_eq(phrase_extract(ix, &o, NULL, NULL, &ps, NULL), 0);
        cr_assert_gt(ps.n, 0);
        struct hits h = { 0 };
        for (size_t i = 0; i < ps.n; i++) {
                search_run(ix, ps.v[i].text, ps.v[i].nbytes, &h);
                cr_assert_eq(h.n, ps.v[i].nocc, "'%.*s': %zu hits, %u occurrences",
                             (int)ps.v[i].nbytes, ps.v[i].text, h.n, ps.v[i].nocc);
        }
        hits_free(&h);
        phrases_free(&ps);
        index_free(ix);
        corpus_free(c);
}

/* Where a phrase's text lies: in the document it was read from, unless annotations were cut. */
static bool in_documents(const struct corpus *c, const struct phrase *p)
{
        for (size_t d = 0; d < corpus_count(c); d++) {
                const struct doc *doc = corpus_doc(c, d);
                if (p->text >= doc->text && p->text + p->nbytes <= doc->text + doc->len)
                        return true;
        }
        return false;
}

static bool in_blocks(const struct phrases *ps, const struct phrase *p)
{
        for (size_t b = 0; b < ps->nblocks; b++)
                if (p->text >= ps->blocks[b] && p->text < ps->blocks[b] + (1u << 20))
                        return true;
        return false;
}

Test(phrase, texts_are_read_where_they_stand)
{
        struct corpus *c;
        struct index *ix;
        struct phrases ps = bundled_phrases(&c, &ix);
        size_t copied = 0;
        for (size_t i = 0; i < ps.n; i++) {
                const struct phrase *p = &ps.v[i];
                if (in_documents(c, p))
                        continue;
                cr_assert(in_blocks(&ps, p), "phrase %zu is neither in a document nor kept", i);
                cr_assert_null(memchr(p->text, '(', p->nbytes));
                copied++;
        }
        /* The speeches annotate some names with pinyin: a few phrases had it cut. */
        cr_assert_lt(copied * 4, ps.n, "%zu of %zu phrase texts are copies", copied, ps.n);
        phrases_free(&ps);
        index_free(ix);
        corpus_free(c);
}

/* Nothing to compare: no document, or only empty ones, on every path. */
Test(phrase, empty_corpora_have_no_phrases_on_any_path)
{
        static const char *const empty[] = { "", "", "" };
        for (size_t ndocs = 0; ndocs <= 3; ndocs++) {
                struct corpus *c = corpus_of(empty, ndocs, "UTF-8");
                struct index *ix = index_build(c, NULL, NULL, NULL);
                cr_assert_not_null(ix);
                for (int simple = 0; simple <= 1; simple++) {
                        struct phrase_opts o = { .min_len = 2, .min_docs = 1,
                                                 .ignore_words = true, .simple = simple };
                        struct phrases ps;
                        cr_assert_eq(phrase_extract(ix, &o, NULL, NULL, &ps, NULL), LC_OK);
                        cr_assert_eq(ps.n, 0);
                        phrases_free(&ps);
                }
                index_free(ix);
                corpus_free(c);
        }
}

/*
 * A maximal repeat whose edge lies inside a word (the 天 of 今天 and 明天)
 * or is a lone function word (要) is trimmed to the phrase; the phrase must
 * not then be dropped for sharing the neighbour that trimming took off.
 */
Test(phrase, a_phrase_trimmed_from_a_longer_repeat_is_kept)
{
        static const char *const texts[][2] = {
                { "今天大力弘扬劳模精神。\n", "明天大力弘扬劳模精神！\n" },
                { "我们要大力弘扬劳模精神。\n", "他们要大力弘扬劳模精神。\n" },
        };
        for (size_t k = 0; k < LC_ARRAY_LEN(texts); k++) {
                struct corpus *c = corpus_of(texts[k], 2, "UTF-8");
                struct index *ix = index_build(c, NULL, NULL, NULL);
                cr_assert_not_null(ix);
                for (int simple = 0; simple <= 1; simple++) {
                        struct phrase_opts o = { .min_len = 2, .min_docs = 1, .simple = simple };
                        struct phrases ps;
                        cr_assert_eq(phrase_extract(ix, &o, NULL, NULL, &ps, NULL), LC_OK);
                        cr_assert_eq(ps.n, 1, "%zu phrases in %s (simple %d)", ps.n, texts[k][0],
                                     simple);
                        cr_assert_eq(phrase_textcmp(&ps.v[0], "大力弘扬劳模精神",
                                                    strlen("大力弘扬劳模精神")), 0);
                        cr_assert_eq(ps.v[0].ndocs, 2);
                        cr_assert_eq(ps.v[0].nocc, 2);
                        phrases_free(&ps);
                }
                index_free(ix);
                corpus_free(c);
        }
}

/* In three of the speeches, after the function word 以. */
Test(phrase, bundled_corpus_keeps_phrases_after_a_function_word)
{
        struct corpus *c;
        struct index *ix;
        struct phrases ps = bundled_phrases(&c, &ix);
        const struct phrase *party = NULL;
        for (size_t i = 0; i < ps.n; i++) {
                char *t = phrase_strdup(&ps.v[i]);
                if (strstr(t, "同志为核心的党中央") || strstr(t, "同志為核心的黨中央"))
                        party = &ps.v[i];
                free(t);
        }
        cr_assert_not_null(party, "习近平同志为核心的党中央 is not listed");
        cr_assert_eq(party->ndocs, 3);
        phrases_free(&ps);
        index_free(ix);
        corpus_free(c);
}

/*
 * 平总书记 comes out of a rare context trimmed (的 is a function word and
 * a word ends before 平 there), but most of its occurrences are the tail of
 * 习近平总书记, where no word starts at 平: it is no phrase.
 */
Test(phrase, a_candidate_from_a_rare_context_needs_word_edges_in_most_occurrences)
{
        static const char *const texts[] = {
                "我们学习习近平总书记的讲话。\n", "大家学习习近平总书记的讲话。\n",
                "他们学习习近平总书记的讲话。\n", "甲的平总书记。\n", "乙的平总书记。\n",
        };
        struct corpus *c = corpus_of(texts, LC_ARRAY_LEN(texts), "UTF-8");
        struct index *ix = index_build(c, NULL, NULL, NULL);
        cr_assert_not_null(ix);
        for (int simple = 0; simple <= 1; simple++) {
                struct phrase_opts o = { .min_len = 4, .min_docs = 2, .simple = simple };
                struct phrases ps;
                cr_assert_eq(phrase_extract(ix, &o, NULL, NULL, &ps, NULL), LC_OK);
                bool whole = false;
                for (size_t i = 0; i < ps.n; i++) {
                        char *t = phrase_strdup(&ps.v[i]);
                        cr_assert(strcmp(t, "平总书记") != 0 && strcmp(t, "平总书记。") != 0,
                                  "the fragment %s is listed (simple %d)", t, simple);
                        whole |= strstr(t, "习近平总书记") != NULL;
                        free(t);
                }
                cr_assert(whole, "习近平总书记 is not listed (simple %d)", simple);
                phrases_free(&ps);
        }
        index_free(ix);
        corpus_free(c);
}
