/*
 * seq — small algorithms on arrays of 32-bit values (key positions, ranks,
 * key characters) that search and phrase extraction share.
 */
#ifndef LECTERN_SEQ_H
#define LECTERN_SEQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Sort v[0, n) ascending; for short arrays, where it beats anything else. */
void seq_sort_small(uint32_t *v, size_t n);

/* Sort v[0, n) ascending, whatever n: short arrays as above, longer ones by qsort(). */
void seq_sort(uint32_t *v, size_t n);

/*
 * Has s[0, n) a proper border (a proper prefix that is also a suffix)?
 * Exactly then can two occurrences of it overlap.
 */
bool seq_has_border(const uint32_t *s, size_t n);

#endif
