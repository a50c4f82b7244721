/*
 * gen_corpus — write a deterministic synthetic corpus for `make bench`,
 * recombined from seed speeches. Every document is a title line, a blank
 * line and paragraphs: some copied whole from the seeds, the rest made of
 * seed sentences and of sentences rebuilt from seed clauses, with a few
 * percent of the Han characters swapped for others. Document sizes are
 * log-uniform between 3 and 100 kB, so the corpus has the long tail real
 * collections have; mixed Traditional and Simplified comes from the seeds.
 *
 * The same seed files, --seed and --mb give byte-identical output on any
 * machine: the random numbers come from our own generator, not the C
 * library's; each document draws from its own stream (so a smaller corpus
 * is a prefix of a larger one but for its last document); and only integer
 * and correctly rounded floating-point operations are used. Documents go
 * into subdirectories of at most 1000 files, numbered so that name order is
 * generation order.
 *
 * Usage: gen_corpus [--seed N] [--mb N] SEED_DIR OUT_DIR
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define DOC_MIN_BYTES 3000.0
#define DOC_MAX_BYTES 100000.0
#define FILES_PER_DIR 1000
#define COPY_PARAGRAPH_PCT 15   /* paragraphs copied whole from a seed */
#define SEED_SENTENCE_PCT 50    /* the other sentences: seed ones vs rebuilt */
#define SUBST_PER_MILLE 30      /* Han characters substituted */
#define SUBST_UNIFORM_PCT 10    /* of those, drawn from the whole block, not the seeds */
#define HAN_FIRST 0x4E00u
#define HAN_LAST 0x9FA5u

/* A piece of seed text: a byte range of the concatenated seeds. */
struct piece {
        size_t start, len;
};

struct pieces {
        struct piece *v;
        size_t n, cap;
};

struct seeds {
        char *text;             /* every seed file, one after the other */
        size_t len;
        struct pieces paragraphs, sentences, clauses, titles;
        uint32_t *han;          /* every Han character of the seeds, repeats kept */
        size_t nhan, caphan;
};

struct buf {
        char *s;
        size_t len, cap;
};

static void die(const char *what)
{
        fprintf(stderr, "gen_corpus: %s: %s\n", what, strerror(errno));
        exit(2);
}

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
        if (need <= *cap)
                return p;
        size_t n = *cap ? *cap : 16;
        while (n < need)
                n *= 2;
        p = realloc(p, n * size);
        if (!p)
                die("out of memory");
        *cap = n;
        return p;
}

static void buf_add(struct buf *b, const char *s, size_t n)
{
        b->s = grow(b->s, &b->cap, b->len + n + 1, 1);
        memcpy(b->s + b->len, s, n);
        b->len += n;
}

static void add_piece(struct pieces *ps, size_t start, size_t len)
{
        if (len == 0)
                return;
        ps->v = grow(ps->v, &ps->cap, ps->n + 1, sizeof *ps->v);
        ps->v[ps->n].start = start;
        ps->v[ps->n].len = len;
        ps->n++;
}

/* ------------------------------------------------------------ the PRNG */

/*
 * SplitMix64: tiny, fast, and fully specified, so the output never depends
 * on the C library's rand().
 */
static uint64_t next(uint64_t *state)
{
        uint64_t z = (*state += 0x9E3779B97F4A7C15u);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
        return z ^ (z >> 31);
}

/* Uniform in [0, n), n < 2^32; the bias of the multiply-shift is negligible here. */
static uint32_t below(uint64_t *state, uint32_t n)
{
        return (uint32_t)(((next(state) >> 32) * n) >> 32);
}

/*
 * 2^(j/65536) for the sixteen bits of a fraction, from repeated square
 * roots of 2: sqrt is correctly rounded everywhere, exp() and pow() are not.
 */
static double root2[17];

static void init_roots(void)
{
        root2[0] = 2.0;
        for (int j = 1; j <= 16; j++)
                root2[j] = sqrt(root2[j - 1]);
}

/*
 * A log-uniform size in [DOC_MIN_BYTES, DOC_MAX_BYTES]: draw log2 of the
 * ratio uniformly from six octaves (as 3 + 16 fixed-point bits) and reject
 * what lands above the maximum, which needs no logarithm.
 */
static size_t doc_size(uint64_t *state)
{
        for (;;) {
                uint32_t x = below(state, 6u << 16);
                double v = DOC_MIN_BYTES * (double)(1u << (x >> 16));
                for (int j = 1; j <= 16; j++)
                        if (x & (1u << (16 - j)))
                                v *= root2[j];
                if (v <= DOC_MAX_BYTES)
                        return (size_t)v;
        }
}

/* ---------------------------------------------------------- the seeds */

/* Length of the UTF-8 character at s (n > 0 bytes left) and its code point. */
static size_t utf8_at(const char *s, size_t n, uint32_t *cp)
{
        const unsigned char *u = (const unsigned char *)s;
        size_t len = u[0] < 0x80 ? 1 : u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 1;
        if (len > n)
                len = 1;
        for (size_t i = 1; i < len; i++)
                if ((u[i] & 0xC0) != 0x80)
                        len = 1;
        if (len == 1) {
                *cp = u[0];
                return 1;
        }
        uint32_t c = u[0] & (0x7Fu >> len);
        for (size_t i = 1; i < len; i++)
                c = (c << 6) | (u[i] & 0x3Fu);
        *cp = c;
        return len;
}

static size_t put_utf8(char *out, uint32_t c)
{
        if (c < 0x80) {
                out[0] = (char)c;
                return 1;
        }
        if (c < 0x800) {
                out[0] = (char)(0xC0 | (c >> 6));
                out[1] = (char)(0x80 | (c & 0x3F));
                return 2;
        }
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
}

static int is_han(uint32_t c)
{
        return c >= HAN_FIRST && c <= 0x9FFFu;
}

/* Where a sentence ends: 。！？；… and their ASCII forms. */
static int ends_sentence(uint32_t c)
{
        return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B || c == 0x2026 ||
               c == '!' || c == '?' || c == ';';
}

/* Where a clause ends inside a sentence: ，、：and their ASCII forms. */
static int ends_clause(uint32_t c)
{
        return c == 0xFF0C || c == 0x3001 || c == 0xFF1A || c == ',' || c == ':';
}

/* Closing quotes and brackets stay with the sentence they close. */
static int is_closer(uint32_t c)
{
        return c == 0x201D || c == 0x2019 || c == 0x300D || c == 0x300F || c == 0xFF09 ||
               c == 0x300B;
}

static int is_space(uint32_t c)
{
        return c == ' ' || c == '\t' || c == 0x3000;
}

/* Trim spaces at both ends of [*s, *s + *n). */
static void trim(const char *t, size_t *s, size_t *n)
{
        uint32_t c;
        while (*n > 0) {
                size_t l = utf8_at(t + *s, *n, &c);
                if (!is_space(c))
                        break;
                *s += l;
                *n -= l;
        }
        while (*n > 0) {
                size_t k = *n - 1;
                while (k > 0 && ((unsigned char)t[*s + k] & 0xC0) == 0x80)
                        k--;
                utf8_at(t + *s + k, *n - k, &c);
                if (!is_space(c))
                        break;
                *n = k;
        }
}

/*
 * Cut one paragraph into sentences, and each sentence into clauses. A
 * clause is kept without its closing punctuation, so that rebuilt
 * sentences can be punctuated afresh.
 */
static void split_paragraph(struct seeds *sd, size_t start, size_t end)
{
        const char *t = sd->text;
        size_t sent = start, clause = start, i = start;
        while (i < end) {
                uint32_t c;
                size_t l = utf8_at(t + i, end - i, &c);
                if (ends_clause(c) || ends_sentence(c)) {
                        size_t s = clause, n = i - clause;
                        trim(t, &s, &n);
                        if (n >= 6)     /* two Han characters at least */
                                add_piece(&sd->clauses, s, n);
                        if (n >= 15 && n <= 60)
                                add_piece(&sd->titles, s, n);
                        clause = i + l;
                }
                i += l;
                if (ends_sentence(c)) {
                        while (i < end) {
                                size_t k = utf8_at(t + i, end - i, &c);
                                if (!is_closer(c) && !ends_sentence(c))
                                        break;
                                i += k;
                        }
                        size_t s = sent, n = i - sent;
                        trim(t, &s, &n);
                        add_piece(&sd->sentences, s, n);
                        sent = clause = i;
                }
        }
        /* A paragraph that does not end in punctuation (a heading) is one sentence. */
        size_t s = sent, n = end - sent;
        trim(t, &s, &n);
        if (n > 0)
                add_piece(&sd->sentences, s, n);
}

static void index_seeds(struct seeds *sd)
{
        const char *t = sd->text;
        size_t i = 0;
        while (i < sd->len) {
                size_t e = i;
                while (e < sd->len && t[e] != '\n')
                        e++;
                size_t s = i, n = e - i;
                trim(t, &s, &n);
                if (n > 0) {
                        add_piece(&sd->paragraphs, s, n);
                        split_paragraph(sd, s, s + n);
                }
                i = e + 1;
        }
        for (i = 0; i < sd->len;) {
                uint32_t c;
                i += utf8_at(t + i, sd->len - i, &c);
                if (is_han(c)) {
                        sd->han = grow(sd->han, &sd->caphan, sd->nhan + 1, sizeof *sd->han);
                        sd->han[sd->nhan++] = c;
                }
        }
}

static int cmp_names(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read every regular file of dir, in byte order of their names; CRs and BOMs go. */
static void read_seeds(const char *dir, struct seeds *sd)
{
        DIR *d = opendir(dir);
        if (!d)
                die(dir);
        char **names = NULL;
        size_t n = 0, cap = 0;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
                if (e->d_name[0] == '.')
                        continue;
                names = grow(names, &cap, n + 1, sizeof *names);
                names[n] = strdup(e->d_name);
                if (!names[n++])
                        die("out of memory");
        }
        closedir(d);
        qsort(names, n, sizeof *names, cmp_names);

        struct buf all = { 0 };
        for (size_t k = 0; k < n; k++) {
                size_t plen = strlen(dir) + strlen(names[k]) + 2;
                char *path = malloc(plen);
                if (!path)
                        die("out of memory");
                snprintf(path, plen, "%s/%s", dir, names[k]);
                struct stat st;
                if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
                        free(path);
                        free(names[k]);
                        continue;
                }
                FILE *f = fopen(path, "rb");
                if (!f)
                        die(path);
                char chunk[65536];
                size_t got, first = all.len;
                while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
                        buf_add(&all, chunk, got);
                if (ferror(f))
                        die(path);
                fclose(f);
                if (all.len - first >= 3 && memcmp(all.s + first, "\xEF\xBB\xBF", 3) == 0) {
                        memmove(all.s + first, all.s + first + 3, all.len - first - 3);
                        all.len -= 3;
                }
                buf_add(&all, "\n", 1);
                free(path);
                free(names[k]);
        }
        free(names);
        size_t w = 0;
        for (size_t r = 0; r < all.len; r++)
                if (all.s[r] != '\r')
                        all.s[w++] = all.s[r];
        sd->text = all.s;
        sd->len = w;
        index_seeds(sd);
        if (sd->sentences.n == 0 || sd->clauses.n == 0 || sd->titles.n == 0 || sd->nhan == 0) {
                fprintf(stderr, "gen_corpus: %s: no usable Chinese text in the seeds\n", dir);
                exit(2);
        }
}

/* ------------------------------------------------------ the documents */

/* Append seed text, substituting a few of its Han characters. */
static void emit(struct buf *out, const struct seeds *sd, struct piece p, uint64_t *rng)
{
        const char *t = sd->text + p.start;
        size_t i = 0;
        while (i < p.len) {
                uint32_t c;
                size_t l = utf8_at(t + i, p.len - i, &c);
                if (is_han(c) && below(rng, 1000) < SUBST_PER_MILLE) {
                        if (below(rng, 100) < SUBST_UNIFORM_PCT)
                                c = HAN_FIRST + below(rng, HAN_LAST - HAN_FIRST + 1);
                        else
                                c = sd->han[below(rng, (uint32_t)sd->nhan)];
                        char u[4];
                        buf_add(out, u, put_utf8(u, c));
                } else {
                        buf_add(out, t + i, l);
                }
                i += l;
        }
}

static struct piece pick(const struct pieces *ps, uint64_t *rng)
{
        return ps->v[below(rng, (uint32_t)ps->n)];
}

/* A sentence of 2 to 5 seed clauses, joined by commas, ended by a full stop. */
static void rebuilt_sentence(struct buf *out, const struct seeds *sd, uint64_t *rng)
{
        uint32_t n = 2 + below(rng, 4);
        for (uint32_t k = 0; k < n; k++) {
                emit(out, sd, pick(&sd->clauses, rng), rng);
                buf_add(out, k + 1 < n ? "，" : "。", 3);
        }
}

static void paragraph(struct buf *out, const struct seeds *sd, uint64_t *rng)
{
        if (below(rng, 100) < COPY_PARAGRAPH_PCT) {
                emit(out, sd, pick(&sd->paragraphs, rng), rng);
                return;
        }
        uint32_t n = 2 + below(rng, 7);
        for (uint32_t k = 0; k < n; k++) {
                if (below(rng, 100) < SEED_SENTENCE_PCT)
                        emit(out, sd, pick(&sd->sentences, rng), rng);
                else
                        rebuilt_sentence(out, sd, rng);
        }
}

/*
 * Document k: its own stream, seeded from the corpus seed and k, so that it
 * does not depend on how long the documents before it came out.
 */
static void document(struct buf *out, const struct seeds *sd, uint64_t seed, size_t k,
                     size_t limit)
{
        uint64_t rng = seed ^ ((uint64_t)k * 0xD1B54A32D192ED03u);
        next(&rng);
        size_t want = doc_size(&rng);
        if (want > limit)
                want = limit;
        /* Half the seeds separate paragraphs by a blank line, half do not. */
        const char *sep = below(&rng, 2) ? "\n\n" : "\n";
        out->len = 0;
        emit(out, sd, pick(&sd->titles, &rng), &rng);
        buf_add(out, "\n\n", 2);
        for (int first = 1; out->len < want; first = 0) {
                if (!first)
                        buf_add(out, sep, strlen(sep));
                paragraph(out, sd, &rng);
        }
        buf_add(out, "\n", 1);
}

static void make_dir(const char *path)
{
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
                die(path);
}

static void usage(void)
{
        fputs("usage: gen_corpus [--seed N] [--mb N] SEED_DIR OUT_DIR\n"
              "  writes about N megabytes (10^6 bytes; default 10) of documents\n"
              "  recombined from the speeches in SEED_DIR into OUT_DIR/NNN/NNNNNN.txt\n",
              stderr);
        exit(2);
}

static unsigned long long number(const char *s)
{
        char *end;
        errno = 0;
        unsigned long long v = strtoull(s, &end, 10);
        if (errno || end == s || *end || s[0] == '-')
                usage();
        return v;
}

int main(int argc, char **argv)
{
        uint64_t seed = 1;
        unsigned long long mb = 10;
        const char *paths[2];
        int npaths = 0;
        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
                        seed = number(argv[++i]);
                else if (strcmp(argv[i], "--mb") == 0 && i + 1 < argc)
                        mb = number(argv[++i]);
                else if (argv[i][0] == '-' || npaths == 2)
                        usage();
                else
                        paths[npaths++] = argv[i];
        }
        if (npaths != 2 || mb == 0 || mb > 4000)
                usage();

        init_roots();
        struct seeds sd = { 0 };
        read_seeds(paths[0], &sd);
        make_dir(paths[1]);

        size_t total = 0, limit = (size_t)mb * 1000000u, ndocs = 0;
        struct buf doc = { 0 };
        size_t plen = strlen(paths[1]) + 32;
        char *path = malloc(plen);
        if (!path)
                die("out of memory");
        while (total < limit) {
                document(&doc, &sd, seed, ndocs, limit - total);
                if (ndocs % FILES_PER_DIR == 0) {
                        snprintf(path, plen, "%s/%03zu", paths[1], ndocs / FILES_PER_DIR);
                        make_dir(path);
                }
                snprintf(path, plen, "%s/%03zu/%06zu.txt", paths[1], ndocs / FILES_PER_DIR,
                         ndocs);
                FILE *f = fopen(path, "wb");
                if (!f || fwrite(doc.s, 1, doc.len, f) != doc.len || fclose(f) != 0)
                        die(path);
                total += doc.len;
                ndocs++;
        }
        printf("documents\t%zu\nbytes\t%zu\n", ndocs, total);
        free(path);
        free(doc.s);
        free(sd.text);
        free(sd.paragraphs.v);
        free(sd.sentences.v);
        free(sd.clauses.v);
        free(sd.titles.v);
        free(sd.han);
        return 0;
}
