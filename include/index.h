/*
 * index — the in-memory index over the folded text of the whole corpus: a
 * suffix array over key characters (see fold.h), built at launch with an
 * SA-IS construction of our own. It answers "where does this key string
 * occur" without scanning the corpus, and exposes the key and suffix array
 * to phrase extraction.
 *
 * It is built in two stages. The first folds the corpus into the key,
 * maps it back to bytes and lists where each character occurs; the second,
 * several times longer, sorts the suffixes. In between the index can
 * already be searched (index_scan), each query checking only the places of
 * its rarest character, so a reader need not wait for the sort: one thread
 * may run index_sort while others use every function here but the four
 * that read the suffix array (index_range, index_range_ranks, index_sa_at
 * and index_sa), which must wait until index_sorted(). Once sorted, the
 * lists are freed.
 */
#ifndef LECTERN_INDEX_H
#define LECTERN_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "corpus.h"

struct index;

/*
 * Build the index over every document of c (which must outlive the index).
 * progress may be NULL. Returns NULL on failure with *cause set.
 */
struct index *index_build(const struct corpus *c, lc_progress_fn progress, void *ud,
                          char **cause);

struct index_opts {
        bool wide_key;          /* 32-bit ranks even when 16 bits would do (tests) */
};

/* The same with options (opts may be NULL). */
struct index *index_build_with(const struct corpus *c, const struct index_opts *opts,
                               lc_progress_fn progress, void *ud, char **cause);

/*
 * The first stage alone: the key, its map back to the text, the ranks and
 * the lists of where each occurs, but no suffix array yet (progress hears
 * "folding"). index_build_with is this and index_sort, without the lists.
 */
struct index *index_build_keys(const struct corpus *c, const struct index_opts *opts,
                               lc_progress_fn progress, void *ud, char **cause);

/*
 * The second stage: sort the suffixes (progress hears "sorting"), then
 * free the lists once no index_scan is reading them. Safe while other
 * threads use the index short of its suffix array (a 32-bit key is sorted
 * from a copy for that). On failure the index stays as it was, searchable
 * through the lists. LC_OK when sorted.
 */
int index_sort(struct index *ix, lc_progress_fn progress, void *ud, char **cause);

/* Is the suffix array there? Once true, stays true. */
bool index_sorted(const struct index *ix);

void index_free(struct index *ix);

const struct corpus *index_corpus(const struct index *ix);

/*
 * The suffix-array interval [*lo, *hi) of suffixes that start with the key
 * string q (qn key characters, already folded). Returns *hi - *lo.
 */
size_t index_range(const struct index *ix, const uint32_t *q, size_t qn,
                   size_t *lo, size_t *hi);

/* The same for a string of ranks (see index_key16). */
size_t index_range_ranks(const struct index *ix, const uint32_t *rq, size_t qn,
                         size_t *lo, size_t *hi);

/* Key position of the i-th suffix in sorted order. */
uint32_t index_sa_at(const struct index *ix, size_t i);

/* Number of key positions (all documents, with one separator after each). */
size_t index_len(const struct index *ix);

/* The folded character at key position p (0 for a document separator). */
uint32_t index_char_at(const struct index *ix, size_t p);

/* Document of key position p, and the byte offset of its character. */
uint32_t index_doc_of(const struct index *ix, size_t p);
uint32_t index_byte_of(const struct index *ix, size_t p);

/* The same when p's document d is already known (faster). */
uint32_t index_byte_in(const struct index *ix, size_t p, uint32_t d);

/* First key position of document d. */
size_t index_doc_start(const struct index *ix, uint32_t d);

/* The first key position of document d whose character starts at byte off or later. */
size_t index_key_at(const struct index *ix, uint32_t d, size_t off);

/* Where a run of key characters lies in the original text. */
struct index_span {
        uint32_t doc;
        uint32_t start, end;    /* bytes [start, end) of the document text */
};

/*
 * The spans of len key characters starting at each of the n key positions
 * in pos, which must ascend, each span lying inside one document (no
 * separator in it). The same as index_doc_of and index_byte_in position by
 * position, but walking forward from one position to the next, which makes
 * a batch of dense positions cost a few nanoseconds each.
 */
void index_spans(const struct index *ix, const uint32_t *pos, size_t n, size_t len,
                 struct index_span *out);

/*
 * Direct access for phrase extraction: the suffix array (index_len entries)
 * and the key as dense ranks (index_len entries, then a 0 sentinel). Equal
 * ranks are equal folded characters; rank 1 is the document separator. The
 * ranks are 16-bit (index_key16) when the corpus has at most SAIS_K16_MAX
 * distinct characters, else 32-bit (index_key32); the other one is NULL.
 */
const uint32_t *index_sa(const struct index *ix);
const uint16_t *index_key16(const struct index *ix);
const uint32_t *index_key32(const struct index *ix);

/* The rank at key position p, whatever the key's width. */
uint32_t index_rank_at(const struct index *ix, size_t p);

/* Do the n ranks from key position p on spell r[0, n)? False past the key's end. */
bool index_ranks_at(const struct index *ix, size_t p, const uint32_t *r, size_t n);

/* Ask the CPU for the key at position p ahead of a read it cannot guess. */
void index_prefetch(const struct index *ix, size_t p);

/* The len ranks from key position p on, into out. */
void index_copy_ranks(const struct index *ix, size_t p, size_t len, uint32_t *out);
size_t index_nranks(const struct index *ix);

/* The rank of a folded code point, 0 when the corpus never uses it. */
uint32_t index_rank(const struct index *ix, uint32_t cp);

/* How many key positions hold rank r. */
size_t index_rank_count(const struct index *ix, uint32_t r);

/*
 * Occurrences of the rank string r (qn > 0 ranks of characters, as
 * index_rank gives them) that start in key positions [from, to), found by
 * reading the key, in ascending order: at most max of them into out.
 * With disjoint, an occurrence that overlaps the one kept before it is
 * skipped (leftmost first), else all count. To go on after a full out,
 * scan again from out[max - 1] + (disjoint ? qn : 1). Returns the number
 * written. Needs no suffix array: anchored on the query's rarest
 * character, it checks that character's places, read from its list (and
 * the second rarest's list beside it when the two are of a like length),
 * or once the lists are gone, found by reading the key in one pass.
 */
size_t index_scan(const struct index *ix, const uint32_t *r, size_t qn, size_t from,
                  size_t to, bool disjoint, uint32_t *out, size_t max);

/*
 * How many times rank r occurs before key position p: read from the
 * rank's list before the sort, else counted in the key (slow).
 */
size_t index_count_before(const struct index *ix, uint32_t r, size_t p);

/* The folded code point of a rank (0 for the separator and sentinel). */
uint32_t index_rank_cp(const struct index *ix, uint32_t rank);

/* Bytes of memory the index holds. */
size_t index_memory(const struct index *ix);

#endif
