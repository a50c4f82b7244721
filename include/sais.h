/*
 * sais — suffix array construction by induced sorting (SA-IS, Nong, Zhang
 * and Chan 2009) over an integer alphabet, linear in time. Our own
 * implementation: libdivsufsort sorts bytes only, and lectern sorts folded
 * characters, which makes the array 2.8 times smaller than a byte one.
 */
#ifndef LECTERN_SAIS_H
#define LECTERN_SAIS_H

#include <stddef.h>
#include <stdint.h>

/* The largest alphabet sais_build16 takes: 15 bits, many times what speeches use. */
#define SAIS_K16_MAX 0x8000u

/*
 * Sort the suffixes of t[0, n): every t[i] < k, and t[n - 1] == 0 must be
 * the only 0 (a sentinel); n and k below 2^31. Writes the n suffix
 * positions in order into sa (sa[0] == n - 1). t is used as scratch space
 * (its top bits) and is as it was on return, but must not be read by
 * anyone else meanwhile. Returns 0, or LC_EINVAL on bad input.
 *
 * progress, when not NULL, is called on the calling thread with a growing
 * fraction of the work done, a few hundred times at most, the last time
 * with 1.0 (unless the input is refused).
 */
int sais_build(uint32_t *t, uint32_t *sa, size_t n, size_t k,
               void (*progress)(void *ud, double fraction), void *ud);

/*
 * The same over 16-bit characters, k at most SAIS_K16_MAX: same order, half
 * the string. t is only read (its types take n / 8 bytes more), so other
 * threads may read it meanwhile.
 */
int sais_build16(const uint16_t *t, uint32_t *sa, size_t n, size_t k,
                 void (*progress)(void *ud, double fraction), void *ud);

#endif
