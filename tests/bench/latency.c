/*
 * latency — what a reader of a large corpus waits for, measured through the
 * engine alone: the first screen at launch (the paths walked, the first
 * document read while the others are read on, its first view laid out),
 * the whole corpus read, and every keystroke of a search typed into the
 * search bar. A keystroke costs what the reader does before it can show
 * anything: run the query so far as the bar does (search_preview: in full,
 * or for more than SEARCH_PREVIEW_MIN hits the count and one document's
 * hits), find the first hit from where the reader was (hits_step), lay out
 * the window that puts it a third of the way down
 * (layout_paragraph) and pick out the hits that window paints
 * (hits_lower_bound). Each query of a fixed mix (1 to 8 characters; common,
 * rare and absent; Simplified and Traditional) is typed one character at a
 * time, every prefix counting as one keystroke; the mix is typed --passes
 * times and each keystroke's median kept. Before that, the index is built
 * as the reader builds it: first its key, which search can already scan,
 * then the suffix sort on another thread while the mix is typed against
 * the unsorted index, as a reader who searches at once does (scan_ lines:
 * the keystrokes that both began and ended before the sort did). Last,
 * the first screen of a document that is one 2 MB line, where wrapping
 * the paragraph dominates.
 *
 * Output is tab-separated `key<TAB>value` lines, then one `query` line per
 * query (class, characters, hits, documents, median ms over repeated runs
 * of the whole query, the query) for comparison with other tools on the
 * same queries. `latency --queries` prints just the mix, `class<TAB>query`.
 *
 * Usage: latency [--cols N] [--rows N] [--passes N] [--reps N] PATH...
 */
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "corpus.h"
#include "doc.h"
#include "index.h"
#include "layout.h"
#include "search.h"
#include "util.h"

/* The 2 MB line: a document that is one paragraph, as some scraped pages are. */
#define LONG_LINE_BYTES 2000000u
/* A query whose hits the long line's first screen shows. */
#define LONG_LINE_QUERY "精神"
#define LONG_LINE_REPS 9        /* its median is kept */

/*
 * The query mix. Common queries are words and phrases of the bundled
 * speeches (every synthetic document recombines them), each in Simplified
 * and, where it differs, Traditional. Rare ones were picked from the output
 * of gen_corpus with its default seed: they straddle its character
 * substitutions, so they occur once or a few times in the 10 MB corpus
 * (which every larger one begins with) and grow slowly with size. Absent
 * ones are in no corpus: modern vocabulary the speeches never use, and
 * characters from other scripts.
 */
static const struct query {
        const char *cls;
        const char *text;
} queries[] = {
        { "common", "精" }, { "common", "劳" }, { "common", "勞" }, { "common", "的" },
        { "common", "工" }, { "common", "人" }, { "common", "会" }, { "common", "會" },
        { "common", "神" }, { "common", "动" }, { "common", "動" }, { "common", "国" },
        { "common", "國" }, { "common", "新" }, { "common", "大" },
        { "common", "精神" }, { "common", "劳动" }, { "common", "勞動" }, { "common", "工作" },
        { "common", "职工" }, { "common", "職工" }, { "common", "工人" }, { "common", "重要" },
        { "common", "书记" }, { "common", "書記" }, { "common", "劳模" }, { "common", "勞模" },
        { "common", "发展" }, { "common", "發展" }, { "common", "模范" }, { "common", "模範" },
        { "common", "创新" }, { "common", "創新" }, { "common", "人民" }, { "common", "工匠" },
        { "common", "全市" }, { "common", "学习" }, { "common", "學習" }, { "common", "讲话" },
        { "common", "講話" }, { "common", "工会" }, { "common", "工會" }, { "common", "表彰" },
        { "common", "广大" }, { "common", "廣大" }, { "common", "思想" }, { "common", "政治" },
        { "common", "建设" }, { "common", "建設" }, { "common", "先进" }, { "common", "先進" },
        { "common", "群众" }, { "common", "群眾" }, { "common", "社会" }, { "common", "社會" },
        { "common", "技能" }, { "common", "时代" }, { "common", "時代" }, { "common", "弘扬" },
        { "common", "弘揚" }, { "common", "产业" }, { "common", "產業" }, { "common", "奋斗" },
        { "common", "奮鬥" },
        { "common", "总书记" }, { "common", "總書記" }, { "common", "习近平" },
        { "common", "習近平" }, { "common", "工作者" }, { "common", "劳动者" },
        { "common", "勞動者" }, { "common", "新时代" }, { "common", "新時代" },
        { "common", "公务员" }, { "common", "公務員" }, { "common", "进一步" },
        { "common", "進一步" }, { "common", "主旋律" }, { "common", "党中央" },
        { "common", "黨中央" },
        { "common", "劳模精神" }, { "common", "勞模精神" }, { "common", "工匠精神" },
        { "common", "劳动精神" }, { "common", "勞動精神" }, { "common", "劳动模范" },
        { "common", "勞動模範" }, { "common", "重要讲话" }, { "common", "重要講話" },
        { "common", "产业工人" }, { "common", "產業工人" }, { "common", "大力弘扬" },
        { "common", "大力弘揚" }, { "common", "工人阶级" }, { "common", "工人階級" },
        { "common", "社会主义" }, { "common", "社會主義" }, { "common", "人民满意" },
        { "common", "人民滿意" }, { "common", "广大职工" }, { "common", "廣大職工" },
        { "common", "工会工作" }, { "common", "工會工作" }, { "common", "职工群众" },
        { "common", "職工群眾" },
        { "common", "先进工作者" }, { "common", "先進工作者" }, { "common", "的重要讲话" },
        { "common", "广大劳动者" }, { "common", "廣大勞動者" }, { "common", "航空发动机" },
        { "common", "习近平总书记" }, { "common", "習近平總書記" }, { "common", "重要讲话精神" },
        { "common", "全国劳动模范" }, { "common", "全國勞動模範" }, { "common", "弘扬劳模精神" },
        { "common", "弘揚勞模精神" }, { "common", "产业工人队伍" },
        { "common", "总书记重要讲话" }, { "common", "习近平新时代" }, { "common", "習近平新時代" },
        { "common", "大力弘扬劳模精神" }, { "common", "大力弘揚勞模精神" },
        { "common", "人民满意的公务员" }, { "common", "人民滿意的公務員" },
        { "common", "中国特色社会主义" }, { "common", "中國特色社會主義" },
        { "common", "模范和先进工作者" }, { "common", "产业工人队伍建设" },

        { "rare", "垂" }, { "rare", "髓" }, { "rare", "坫" }, { "rare", "嘰" },
        { "rare", "歛" }, { "rare", "祰" }, { "rare", "谂" }, { "rare", "骑" },
        { "rare", "当导" }, { "rare", "緊土" }, { "rare", "成舉" }, { "rare", "团十" },
        { "rare", "当民" }, { "rare", "要善" },
        { "rare", "一切蛈" }, { "rare", "极召宝" }, { "rare", "群眾協" }, { "rare", "于時困" },
        { "rare", "不央凡" }, { "rare", "绕国岗" },
        { "rare", "委会副的" }, { "rare", "穩榐推進" }, { "rare", "和廣尽勞" },
        { "rare", "予群權力" }, { "rare", "人級一員" }, { "rare", "重要的展" },
        { "rare", "快構是癒勵" }, { "rare", "和政治規寠" }, { "rare", "產業轉我升" },
        { "rare", "公用好化民" }, { "rare", "即最来临之" }, { "rare", "万人的超向" },
        { "rare", "全市高質剕發" }, { "rare", "克思參义劳动" }, { "rare", "要高度重案高" },
        { "rare", "想勞會貫通學" }, { "rare", "加強科學理風" }, { "rare", "首都勞利者的" },
        { "rare", "和橋梁紐当作用" }, { "rare", "區生產總地增長" }, { "rare", "点结动员广大职" },
        { "rare", "致彰節日的問候" }, { "rare", "大力要揚事模精" }, { "rare", "要建立干全劳动" },
        { "rare", "跨明业的创新工作" }, { "rare", "职工群众团點在多" },
        { "rare", "来自于全区的重个" }, { "rare", "优秀品质和突出得" },
        { "rare", "铁集团党榜的领导" }, { "rare", "工人新級和勞動群" },
        { "rare", "产业工人的革殷嘱" }, { "rare", "快构建新发坫格局" },

        { "absent", "가" }, { "absent", "𪚥" }, { "absent", "ゐ" }, { "absent", "Ж" },
        { "absent", "量子" }, { "absent", "芯片" }, { "absent", "熊猫" }, { "absent", "篮球" },
        { "absent", "恐龙" }, { "absent", "區塊" },
        { "absent", "区块链" }, { "absent", "區塊鏈" }, { "absent", "元宇宙" },
        { "absent", "云计算" }, { "absent", "雲計算" }, { "absent", "碳达峰" },
        { "absent", "冬奥会" }, { "absent", "航天员" },
        { "absent", "Linux" }, { "absent", "量子计算" }, { "absent", "量子計算" },
        { "absent", "深度学习" }, { "absent", "機器學習" }, { "absent", "基因编辑" },
        { "absent", "芯片设计" }, { "absent", "足球联赛" },
        { "absent", "高速铁路网" }, { "absent", "人工智能芯片" }, { "absent", "火星探测器" },
        { "absent", "太空站建设" }, { "absent", "天气预报员" }, { "absent", "量子通信卫星" },
        { "absent", "區塊鏈技術應用" }, { "absent", "新能源汽车充电桩" },
        { "absent", "城市轨道交通线路" }, { "absent", "国际空间站宇航员" },
        { "absent", "大熊猫国家公园" }, { "absent", "深海探测机器人" },
        { "absent", "人工智能大模型" }, { "absent", "自动驾驶出租车" },
};

/* The reader's text pane: columns and rows. */
struct screen {
        int cols, rows;
};

static double ms(double s)
{
        return s * 1000.0;
}

/*
 * CPU time of this thread. Beside the wall clock it tells lectern's own
 * cost from time lost to other processes on a busy machine.
 */
static double cpu_now(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------ loading */

/* The reader's worker: read the planned corpus on two threads. */
static void *read_corpus(void *arg)
{
        char *cause = NULL;
        if (corpus_read(arg, NULL, 0, NULL, NULL, &cause) != LC_OK) {
                fprintf(stderr, "latency: %s\n", cause ? cause : "the corpus could not be read");
                exit(2);
        }
        return NULL;
}

/*
 * Start as the reader does: plan the corpus, read it on a thread, and
 * carry on as soon as the first document is in. Returns the thread that
 * goes on reading; *plan_s and *first_s time the plan and the first
 * document from the start.
 */
static pthread_t start_reading(struct corpus *c, char *const *paths, size_t npaths,
                               double start, double *plan_s, double *first_s)
{
        corpus_plan(c, paths, npaths);
        if (corpus_nskipped(c)) {
                fprintf(stderr, "latency: %s: %s\n", corpus_skipped(c, 0)->path,
                        corpus_skipped(c, 0)->reason);
                exit(2);
        }
        *plan_s = lc_now() - start;
        pthread_t t;
        if (pthread_create(&t, NULL, read_corpus, c) != 0) {
                fprintf(stderr, "latency: cannot start a thread\n");
                exit(2);
        }
        while (corpus_count(c) == 0 && !corpus_complete(c))
                nanosleep(&(struct timespec){ 0, 100000L }, NULL);
        *first_s = lc_now() - start;
        return t;
}

/* ------------------------------------------------------ the first screen */

static void line_range(const struct doc *d, size_t i, size_t *s, size_t *e)
{
        *s = d->lines[i];
        *e = i + 1 < d->nlines ? d->lines[i + 1] - 1 : d->len;
}

/* The reader shows non-blank lines as paragraphs, one gap row apart. */
static bool blank(const char *t, size_t s, size_t e)
{
        while (s < e) {
                if (t[s] == ' ' || t[s] == '\t' || t[s] == '\r')
                        s++;
                else if (e - s >= 3 && memcmp(t + s, "\xe3\x80\x80", 3) == 0)
                        s += 3;
                else
                        return false;
        }
        return true;
}

static void wrap(const struct doc *d, size_t s, size_t e, int cols, struct vlines *vl)
{
        vl->n = 0;
        layout_paragraph(d->text, s, e, cols, 0, vl);
}

/*
 * Lay out the window of document doc that shows byte off a third of the way
 * down, as the reader does for a hit (at the top of a document there is
 * nothing above), and return how many hits of h it paints. Paragraphs are
 * wrapped afresh: the reader's cache would only make a keystroke cheaper.
 */
static size_t window(const struct corpus *c, uint32_t doc, size_t off, const struct hits *h,
                     const struct screen *sc, struct vlines *vl)
{
        const struct doc *d = corpus_doc(c, doc);
        size_t rows = (size_t)sc->rows, want_above = rows / 3;
        size_t line = doc_line_of(d, off), s, e;
        line_range(d, line, &s, &e);
        wrap(d, s, e, sc->cols, vl);
        size_t r = 0;
        while (r + 1 < vl->n && vl->v[r + 1].start <= off)
                r++;
        size_t above = r < want_above ? r : want_above;
        size_t vstart = vl->v[r - above].start;
        size_t shown = vl->n - r < rows - above ? vl->n - r : rows - above;
        size_t vend = vl->v[r + shown - 1].end;
        size_t used = above + shown;

        for (size_t l = line; above < want_above && l-- > 0;) {
                line_range(d, l, &s, &e);
                if (blank(d->text, s, e))
                        continue;
                wrap(d, s, e, sc->cols, vl);
                above++;        /* the gap row */
                size_t take = want_above - above < vl->n ? want_above - above : vl->n;
                if (take > 0)
                        vstart = vl->v[vl->n - take].start;
                above += take;
                used += 1 + take;
        }
        for (size_t l = line + 1; used < rows && l < d->nlines; l++) {
                line_range(d, l, &s, &e);
                if (blank(d->text, s, e))
                        continue;
                wrap(d, s, e, sc->cols, vl);
                used++;         /* the gap row */
                size_t take = rows - used < vl->n ? rows - used : vl->n;
                if (take > 0)
                        vend = vl->v[take - 1].end;
                used += take;
        }
        return hits_lower_bound(h, doc, vend) - hits_lower_bound(h, doc, vstart);
}

/*
 * One keystroke after the search has run: the bar shows the first hit at or
 * after where the reader was (the top of the first document), as the
 * search bar does, or the reader stays put when nothing matches.
 */
static size_t first_screen(const struct corpus *c, const struct hits *h,
                           const struct screen *sc, struct vlines *vl)
{
        size_t i = hits_step(h, 0, 0, 1, true, NULL);
        if (i == SIZE_MAX)
                return window(c, 0, 0, h, sc, vl);
        return window(c, h->v[i].doc, h->v[i].start, h, sc, vl);
}

/* ----------------------------------------------------------- statistics */

static int cmp_double(const void *a, const void *b)
{
        double x = *(const double *)a, y = *(const double *)b;
        return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted v (n > 0): the smallest value with p % at or below it. */
static double percentile(const double *v, size_t n, double p)
{
        size_t k = (size_t)ceil(p / 100.0 * (double)n);
        if (k < 1)
                k = 1;
        return v[(k > n ? n : k) - 1];
}

static double median_of(double *v, size_t n)
{
        qsort(v, n, sizeof *v, cmp_double);
        return percentile(v, n, 50.0);
}

/* The median of keystroke k over np passes of nks keystrokes each; col has room for np. */
static double median_at(const double *t, size_t nks, size_t np, size_t k, double *col)
{
        for (size_t pass = 0; pass < np; pass++)
                col[pass] = t[pass * nks + k];
        return median_of(col, np);
}

static size_t nchars(const char *s, size_t n)
{
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
                k += ((unsigned char)s[i] & 0xC0) != 0x80;
        return k;
}

/* ------------------------------------------------------------ the mix */

/* One keystroke: query q of the mix typed up to byte len. */
struct key {
        size_t q, len, hits;
};

static size_t sink;     /* hits painted, so no screen is optimised away */

/*
 * Type the whole mix, every prefix of every query one keystroke, passes
 * times over, and print the percentiles of each keystroke's median: on a
 * shared machine one pass can catch another process's burst, which says
 * nothing about lectern. The hits and lines are reused from keystroke to
 * keystroke, as the UI reuses its own.
 */
/* Every keystroke of the mix, in typing order; *nks of them (caller frees). */
static struct key *mix_keys(size_t *nks)
{
        size_t nq = LC_ARRAY_LEN(queries), n = 0;
        for (size_t q = 0; q < nq; q++)
                n += nchars(queries[q].text, strlen(queries[q].text));
        struct key *keys = xmalloc(n * sizeof *keys);
        n = 0;
        for (size_t q = 0; q < nq; q++) {
                const char *text = queries[q].text;
                size_t len = strlen(text);
                for (size_t p = 1; p <= len; p++)
                        if (p == len || ((unsigned char)text[p] & 0xC0) != 0x80)
                                keys[n++] = (struct key){ q, p, 0 };
        }
        *nks = n;
        return keys;
}

static void type_mix(const struct index *ix, const struct screen *sc, int passes,
                     struct hits *h, struct vlines *vl)
{
        const struct corpus *c = index_corpus(ix);
        size_t nks;
        struct key *keys = mix_keys(&nks);

        size_t np = (size_t)passes;
        double *ks_t = xmalloc(np * nks * sizeof *ks_t);
        double *srch_t = xmalloc(np * nks * sizeof *srch_t);
        double *cpu_t = xmalloc(np * nks * sizeof *cpu_t);
        for (size_t pass = 0; pass < np; pass++) {
                for (size_t k = 0; k < nks; k++) {
                        double c0 = cpu_now(), t0 = lc_now();
                        search_preview(ix, queries[keys[k].q].text, keys[k].len, 0, 0,
                                       SEARCH_PREVIEW_MIN, h);
                        double t1 = lc_now();
                        sink += first_screen(c, h, sc, vl);
                        double t2 = lc_now();
                        cpu_t[pass * nks + k] = cpu_now() - c0;
                        ks_t[pass * nks + k] = t2 - t0;
                        srch_t[pass * nks + k] = t1 - t0;
                        keys[k].hits = h->total;
                }
        }

        double *ks = xmalloc(nks * sizeof *ks), *srch = xmalloc(nks * sizeof *srch);
        double *cpu = xmalloc(nks * sizeof *cpu), *col = xmalloc(np * sizeof *col);
        size_t worst = 0;
        for (size_t k = 0; k < nks; k++) {
                ks[k] = median_at(ks_t, nks, np, k, col);
                srch[k] = median_at(srch_t, nks, np, k, col);
                cpu[k] = median_at(cpu_t, nks, np, k, col);
                if (ks[k] > ks[worst])
                        worst = k;
        }
        const struct key *wk = &keys[worst];
        qsort(ks, nks, sizeof *ks, cmp_double);
        qsort(srch, nks, sizeof *srch, cmp_double);
        qsort(cpu, nks, sizeof *cpu, cmp_double);

        printf("keystrokes\t%zu\n", nks);
        printf("passes\t%d\n", passes);
        printf("ks_median_ms\t%.3f\n", ms(percentile(ks, nks, 50.0)));
        printf("ks_p90_ms\t%.3f\n", ms(percentile(ks, nks, 90.0)));
        printf("ks_p99_ms\t%.3f\n", ms(percentile(ks, nks, 99.0)));
        printf("ks_max_ms\t%.3f\n", ms(ks[nks - 1]));
        printf("ks_worst\t%.*s\t%zu hits\n", (int)wk->len, queries[wk->q].text, wk->hits);
        printf("search_median_ms\t%.3f\n", ms(percentile(srch, nks, 50.0)));
        printf("search_p90_ms\t%.3f\n", ms(percentile(srch, nks, 90.0)));
        printf("search_p99_ms\t%.3f\n", ms(percentile(srch, nks, 99.0)));
        printf("search_max_ms\t%.3f\n", ms(srch[nks - 1]));
        printf("cpu_median_ms\t%.3f\n", ms(percentile(cpu, nks, 50.0)));
        printf("cpu_p99_ms\t%.3f\n", ms(percentile(cpu, nks, 99.0)));
        printf("hits_shown\t%zu\n", sink);
        free(keys);
        free(ks_t);
        free(srch_t);
        free(cpu_t);
        free(ks);
        free(srch);
        free(cpu);
        free(col);
}

struct sorter {
        struct index *ix;
        int rc;
        double s;               /* seconds the sort took */
};

static void *sort_index(void *arg)
{
        struct sorter *so = arg;
        double t0 = lc_now();
        so->rc = index_sort(so->ix, NULL, NULL, NULL);
        so->s = lc_now() - t0;
        return NULL;
}

/*
 * Sort the index on another thread while typing the mix over and over
 * against it, as the reader lets one search before the sort is done: the
 * keystrokes that began and ended before the sort did are the scans'.
 * Returns the sort's status; *sort_s is its time.
 */
static int type_while_sorting(struct index *ix, const struct screen *sc, struct hits *h,
                              struct vlines *vl, double *sort_s)
{
        const struct corpus *c = index_corpus(ix);
        size_t nks;
        struct key *keys = mix_keys(&nks);
        struct sorter so = { ix, LC_OK, 0.0 };
        pthread_t th;
        bool threaded = pthread_create(&th, NULL, sort_index, &so) == 0;
        size_t n = 0, cap = 0;
        double *t = NULL;
        for (size_t k = 0; threaded && !index_sorted(ix); k = (k + 1) % nks) {
                double t0 = lc_now();
                search_preview(ix, queries[keys[k].q].text, keys[k].len, 0, 0,
                               SEARCH_PREVIEW_MIN, h);
                sink += first_screen(c, h, sc, vl);
                double t1 = lc_now();
                if (!index_sorted(ix)) {
                        t = xgrow(t, &cap, n + 1, sizeof *t);
                        t[n++] = t1 - t0;
                }
        }
        if (threaded)
                pthread_join(th, NULL);
        else
                sort_index(&so);
        *sort_s = so.s;
        printf("scan_keystrokes\t%zu\n", n);
        if (n) {
                qsort(t, n, sizeof *t, cmp_double);
                printf("scan_ks_median_ms\t%.3f\n", ms(percentile(t, n, 50.0)));
                printf("scan_ks_p90_ms\t%.3f\n", ms(percentile(t, n, 90.0)));
                printf("scan_ks_p99_ms\t%.3f\n", ms(percentile(t, n, 99.0)));
                printf("scan_ks_max_ms\t%.3f\n", ms(t[n - 1]));
        }
        free(t);
        free(keys);
        return so.rc;
}

/*
 * Each whole query, reps times, as one `query` line with the median: the
 * figure other tools are compared on, query for query.
 */
static void whole_queries(const struct index *ix, const struct screen *sc, int reps,
                          struct hits *h, struct vlines *vl)
{
        const struct corpus *c = index_corpus(ix);
        double *rep = xmalloc((size_t)reps * sizeof *rep);
        for (size_t q = 0; q < LC_ARRAY_LEN(queries); q++) {
                const char *text = queries[q].text;
                size_t len = strlen(text);
                for (int k = 0; k < reps; k++) {
                        double t0 = lc_now();
                        search_run(ix, text, len, h);
                        sink += first_screen(c, h, sc, vl);
                        rep[k] = lc_now() - t0;
                }
                printf("query\t%s\t%zu\t%zu\t%u\t%.4f\t%s\n", queries[q].cls,
                       nchars(text, len), h->n, (unsigned)h->ndocs,
                       ms(median_of(rep, (size_t)reps)), text);
        }
        free(rep);
}

/* ----------------------------------------------------------- the 2 MB line */

/*
 * A document that is one line of LONG_LINE_BYTES: the corpus's own text
 * with its line breaks taken out (recycled when the corpus is smaller), so
 * it wraps like the rest. Prints the time to lay out its first screen and
 * pick out the hits that screen shows: the whole paragraph must be wrapped
 * before its first row is known to be the first.
 */
static void long_line(const struct corpus *c, const struct screen *sc, int reps)
{
        struct sbuf b = { 0 };
        for (size_t i = 0; b.len < LONG_LINE_BYTES; i = (i + 1) % corpus_count(c)) {
                const struct doc *d = corpus_doc(c, i);
                for (size_t k = 0; k < d->len && b.len < LONG_LINE_BYTES; k++)
                        if (d->text[k] != '\n')
                                sbuf_addc(&b, d->text[k]);
        }
        /* Do not end inside a character. */
        while (b.len > 0 && ((unsigned char)b.s[b.len - 1] & 0xC0) == 0x80)
                b.len--;
        if (b.len > 0 && (unsigned char)b.s[b.len - 1] >= 0xC0)
                b.len--;

        struct doc *d = NULL;
        char *cause = NULL;
        if (doc_from_bytes("long-line.txt", b.s, b.len, NULL, &d, &cause) != LC_OK) {
                fprintf(stderr, "latency: the 2 MB line: %s\n", cause ? cause : "failed");
                exit(2);
        }
        sbuf_free(&b);
        struct corpus *one = corpus_new();
        corpus_add(one, d);
        struct index *ix = index_build(one, NULL, NULL, &cause);
        if (!ix) {
                fprintf(stderr, "latency: the 2 MB line: %s\n", cause ? cause : "no index");
                exit(2);
        }
        struct hits h = { 0 };
        search_run(ix, LONG_LINE_QUERY, strlen(LONG_LINE_QUERY), &h);

        double *t = xmalloc((size_t)reps * sizeof *t), *cpu = xmalloc((size_t)reps * sizeof *cpu);
        struct vlines vl = { 0 };
        size_t shown = 0, rows = 0;
        for (int k = 0; k < reps; k++) {
                double c0 = cpu_now(), t0 = lc_now();
                shown = window(one, 0, 0, &h, sc, &vl);
                t[k] = lc_now() - t0;
                cpu[k] = cpu_now() - c0;
                rows = vl.n;
        }
        qsort(t, (size_t)reps, sizeof *t, cmp_double);
        printf("long_line_bytes\t%zu\n", d->len);
        printf("long_line_rows\t%zu\n", rows);
        printf("long_line_hits\t%zu\n", h.n);
        printf("long_line_hits_shown\t%zu\n", shown);
        printf("long_line_ms\t%.3f\n", ms(percentile(t, (size_t)reps, 50.0)));
        printf("long_line_max_ms\t%.3f\n", ms(t[reps - 1]));
        printf("long_line_cpu_ms\t%.3f\n", ms(median_of(cpu, (size_t)reps)));
        free(t);
        free(cpu);
        vlines_free(&vl);
        hits_free(&h);
        index_free(ix);
        corpus_free(one);
}

/* ------------------------------------------------------------------ main */

static void usage(void)
{
        fputs("usage: latency [--cols N] [--rows N] [--passes N] [--reps N] PATH...\n"
              "       latency --queries\n", stderr);
        exit(2);
}

static int positive(const char *s)
{
        char *end;
        long v = strtol(s, &end, 10);
        if (*s == '\0' || *end || v < 1 || v > 100000)
                usage();
        return (int)v;
}

/* Layout measures columns with wcwidth(), which needs a UTF-8 LC_CTYPE. */
static void utf8_locale(void)
{
        setlocale(LC_ALL, "");
        const char *cs = nl_langinfo(CODESET);
        if (!cs || strcmp(cs, "UTF-8") != 0)
                setlocale(LC_ALL, "C.UTF-8");
}

int main(int argc, char **argv)
{
        struct screen sc = { .cols = 80, .rows = 40 };
        int reps = 5, passes = 3;
        char **paths = xcalloc((size_t)argc, sizeof *paths);
        size_t npaths = 0;
        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--queries") == 0) {
                        for (size_t q = 0; q < LC_ARRAY_LEN(queries); q++)
                                printf("%s\t%s\n", queries[q].cls, queries[q].text);
                        free(paths);
                        return 0;
                }
                if (strcmp(argv[i], "--cols") == 0 && i + 1 < argc)
                        sc.cols = positive(argv[++i]);
                else if (strcmp(argv[i], "--rows") == 0 && i + 1 < argc)
                        sc.rows = positive(argv[++i]);
                else if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc)
                        reps = positive(argv[++i]);
                else if (strcmp(argv[i], "--passes") == 0 && i + 1 < argc)
                        passes = positive(argv[++i]);
                else if (argv[i][0] == '-')
                        usage();
                else
                        paths[npaths++] = argv[i];
        }
        if (npaths == 0)
                usage();
        utf8_locale();

        /* Launch: the first document drawn while the rest is read. */
        double start = lc_now(), plan_s, first_s;
        struct corpus *c = corpus_new();
        pthread_t reading = start_reading(c, paths, npaths, start, &plan_s, &first_s);
        if (corpus_count(c) == 0) {
                fprintf(stderr, "latency: no documents\n");
                return 2;
        }
        struct vlines vl = { 0 };
        struct hits h = { 0 };
        double t0 = lc_now();
        window(c, 0, 0, &h, &sc, &vl);
        double first_view = lc_now() - t0;
        double start_screen = lc_now() - start;
        pthread_join(reading, NULL);
        double load_s = lc_now() - start;

        char *cause = NULL;
        t0 = lc_now();
        struct index *ix = index_build_keys(c, NULL, NULL, NULL, &cause);
        double keys_s = lc_now() - t0;
        if (!ix) {
                fprintf(stderr, "latency: %s\n", cause ? cause : "cannot build the index");
                return 2;
        }
        printf("keys_s\t%.3f\n", keys_s);
        printf("searchable_s\t%.3f\n", lc_now() - start);
        double sort_s;
        if (type_while_sorting(ix, &sc, &h, &vl, &sort_s) != LC_OK) {
                fprintf(stderr, "latency: the suffix sort failed\n");
                return 2;
        }
        double index_s = keys_s + sort_s;

        /* One search first, so the first timed keystroke is not also the first page-in. */
        search_run(ix, "精神", strlen("精神"), &h);

        printf("documents\t%zu\n", corpus_count(c));
        printf("bytes\t%zu\n", corpus_bytes(c));
        printf("plan_s\t%.4f\n", plan_s);
        printf("first_doc_s\t%.4f\n", first_s);
        printf("first_view_ms\t%.3f\n", ms(first_view));
        printf("load_s\t%.3f\n", load_s);
        printf("start_screen_s\t%.4f\n", start_screen);
        printf("index_s\t%.3f\n", index_s);
        printf("screen\t%dx%d\n", sc.cols, sc.rows);
        printf("queries\t%zu\n", LC_ARRAY_LEN(queries));
        type_mix(ix, &sc, passes, &h, &vl);
        long_line(c, &sc, LONG_LINE_REPS);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        printf("peak_rss_bytes\t%ld\n", ru.ru_maxrss * 1024L);
        whole_queries(ix, &sc, reps, &h, &vl);

        free(paths);
        vlines_free(&vl);
        hits_free(&h);
        index_free(ix);
        corpus_free(c);
        return 0;
}
