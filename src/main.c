/*
 * main — arguments, locale and the choice between the full-screen reader
 * and the headless modes. With no path, the bundled corpus is used: next to
 * the binary in a source tree, or where `make install` put it.
 */
#include <ctype.h>
#include <getopt.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unistr.h>

#include "cli.h"
#include "layout.h"
#include "msg.h"
#include "plot.h"
#include "ui.h"
#include "util.h"

#ifndef LECTERN_VERSION
#define LECTERN_VERSION "0.1.0"
#endif
#ifndef LECTERN_DATADIR
#define LECTERN_DATADIR "/usr/local/share/lectern"
#endif

/* The narrowest --width; --plot needs no floor of its own above it. */
#define MIN_WIDTH 20
_Static_assert(PLOT_MIN_WIDTH <= MIN_WIDTH, "a plot row must fit the narrowest --width");

enum {
        OPT_LIST = 256, OPT_SEARCH, OPT_COUNT, OPT_PHRASES, OPT_KWIC, OPT_PLOT,
        OPT_BOOKMARKS, OPT_STATS, OPT_MIN_LEN, OPT_MIN_DOCS, OPT_LIMIT, OPT_WIDTH,
        OPT_ENCODING, OPT_DB, OPT_FORMAT, OPT_NO_MOUSE, OPT_NO_OSC52, OPT_COLOR,
        OPT_AMBIWIDTH, OPT_KINSOKU, OPT_HANG,
};

static const struct option long_opts[] = {
        { "list", no_argument, NULL, OPT_LIST },
        { "search", required_argument, NULL, OPT_SEARCH },
        { "count", required_argument, NULL, OPT_COUNT },
        { "phrases", no_argument, NULL, OPT_PHRASES },
        { "kwic", required_argument, NULL, OPT_KWIC },
        { "plot", required_argument, NULL, OPT_PLOT },
        { "bookmarks", no_argument, NULL, OPT_BOOKMARKS },
        { "stats", no_argument, NULL, OPT_STATS },
        { "regexp", required_argument, NULL, 'e' },
        { "min-len", required_argument, NULL, OPT_MIN_LEN },
        { "min-docs", required_argument, NULL, OPT_MIN_DOCS },
        { "limit", required_argument, NULL, OPT_LIMIT },
        { "width", required_argument, NULL, OPT_WIDTH },
        { "encoding", required_argument, NULL, OPT_ENCODING },
        { "db", required_argument, NULL, OPT_DB },
        { "format", required_argument, NULL, OPT_FORMAT },
        { "no-mouse", no_argument, NULL, OPT_NO_MOUSE },
        { "no-osc52", no_argument, NULL, OPT_NO_OSC52 },
        { "color", optional_argument, NULL, OPT_COLOR },
        { "ambiwidth", required_argument, NULL, OPT_AMBIWIDTH },
        { "kinsoku", required_argument, NULL, OPT_KINSOKU },
        { "hang", no_argument, NULL, OPT_HANG },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
{
        fputs("usage: lectern [OPTION]... [PATH]...\n"
              "Read a corpus of Chinese speeches (files or directories; default: the\n"
              "bundled corpus). With a terminal and no mode, opens the full-screen reader.\n"
              "\n"
              "Modes (headless):\n"
              "  --list                 one line per document: number, encoding, characters,\n"
              "                         title, path (tab-separated)\n"
              "  --search QUERY         every hit as path:line:column: and the hit in context\n"
              "  --count QUERY          hits per document (count, path), then a total line\n"
              "  -e, --regexp QUERY     another query for --search or --count (repeatable)\n"
              "  --phrases              recurring phrases: documents, occurrences, length, phrase\n"
              "  --kwic QUERY           concordance, aligned on the hit\n"
              "  --plot QUERY           dispersion plot, one row per document\n"
              "  --bookmarks            export the bookmarks (given paths: of those files)\n"
              "  --stats                phase timings and peak memory for the corpus\n"
              "\n"
              "Options:\n"
              "  --min-len N            shortest phrase, in characters (default 4)\n"
              "  --min-docs D           fewest documents a phrase is found in (default 2)\n"
              "  --limit K              print at most K phrases\n"
              "  --width N              columns for --kwic and --plot (default 100)\n"
              "  --format md|json       format of --bookmarks (default md)\n"
              "  --encoding NAME        decode every file as NAME (e.g. gb18030, big5)\n"
              "  --db PATH              bookmark database (default\n"
              "                         $XDG_DATA_HOME/lectern/lectern.db, else\n"
              "                         ~/.local/share/lectern/lectern.db)\n"
              "  --color[=WHEN]         highlight hits: auto (default: on a terminal, unless\n"
              "                         NO_COLOR is set and not empty), always, never\n"
              "  --no-mouse             reader: ignore the mouse\n"
              "  --no-osc52             reader: never copy to the clipboard\n"
              "  --ambiwidth=HOW        reader: how to show characters such as “ … ò that\n"
              "                         terminals draw 1 or 2 columns wide: auto (default:\n"
              "                         ask the terminal), single (as they are), avoid\n"
              "                         (as 「」⋯ and the like, the same width everywhere);\n"
              "                         also LECTERN_AMBIWIDTH\n"
              "  --kinsoku=RULE         reader: basic (default: no line starts with ，。」）\n"
              "                         and the like, none ends with 「（) or strict (nor\n"
              "                         with —— or ……)\n"
              "  --hang                 reader: let one ，。、 hang in the right margin\n"
              "                         rather than push a character down with it\n"
              "  -h, --help             this help\n"
              "  -V, --version          the version\n"
              "\n"
              "Search folds Traditional and Simplified Chinese, full-width and half-width\n"
              "forms and letter case. Columns count characters. Exit status: 0 when\n"
              "something was found, 1 when nothing was, 2 on error (also when a path\n"
              "could not be read; the others are still read).\n",
              f);
}

/* Where the bundled corpus is: beside the binary first, then installed. */
static char *default_corpus(void)
{
        char exe[PATH_MAX];
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (n > 0) {
                exe[n] = '\0';
                char *slash = strrchr(exe, '/');
                if (slash) {
                        *slash = '\0';
                        const char *rel[] = { "/../assets/corpus", "/../share/lectern/corpus" };
                        for (size_t i = 0; i < LC_ARRAY_LEN(rel); i++) {
                                char *p = xasprintf("%s%s", exe, rel[i]);
                                /* Printed paths read better without "bin/..". */
                                char *real = access(p, R_OK | X_OK) == 0 ? realpath(p, NULL)
                                                                          : NULL;
                                free(p);
                                if (real)
                                        return real;
                        }
                }
        }
        char *p = xasprintf("%s/corpus", LECTERN_DATADIR);
        if (access(p, R_OK | X_OK) == 0)
                return p;
        free(p);
        return NULL;
}

static bool utf8_locale(void)
{
        const char *cs = nl_langinfo(CODESET);
        return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

static bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
        char *end;
        if (!s || !*s || *s == '-')
                return false;
        unsigned long v = strtoul(s, &end, 10);
        if (*end || v > max)
                return false;
        *out = v;
        return true;
}

/*
 * What getopt_long() returned ':' (no argument) or '?' for. A '?' with
 * optopt set on a long option is one we know, given an argument it does
 * not take (--list=x); the value of a long option is past isprint's range.
 */
static void bad_option(int c, const char *arg)
{
        bool named = arg && strncmp(arg, "--", 2) == 0;
        bool printable = optopt > 0 && optopt < 128 && isprint(optopt);
        char brief[3] = { '-', printable ? (char)optopt : '?', '\0' };
        if (c == ':')
                msg_error("option '%s' needs an argument", named ? arg : brief);
        else if (named && optopt != 0)
                msg_error("option '%.*s' takes no argument", (int)strcspn(arg, "="), arg);
        else
                msg_error("unknown or ambiguous option '%s'", named ? arg : brief);
}

static int bad_number(const char *opt, const char *arg)
{
        msg_error("%s needs a whole number, not '%s'", opt, arg);
        return 2;
}

/* --help and --version succeed only if what they print arrives (not on a full disk). */
static int printed(void)
{
        if (fflush(stdout) != 0 || ferror(stdout)) {
                msg_error("write error on standard output");
                return 2;
        }
        return 0;
}

/* An option the chosen mode would ignore is a mistake worth saying. */
static int misplaced(const char *opt, const char *modes)
{
        msg_error("%s goes with %s", opt, modes);
        return 2;
}

/* The options, then the mode or the reader; queries has room for every argument. */
static int run(int argc, char **argv, const char **queries)
{
        struct cli_opts o = { .limit = SIZE_MAX };
        struct ui_opts u = { 0 };
        const char *color = "auto";
        const char *ambiwidth = getenv("LECTERN_AMBIWIDTH");
        const char *ambiwidth_from = "LECTERN_AMBIWIDTH";
        int modes = 0, c;
        unsigned long v;
        bool have_limit = false, have_width = false;
        /* getopt's own messages would echo a bad argument raw: ours are sanitised. */
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":e:hV", long_opts, NULL)) != -1) {
                switch (c) {
                case OPT_LIST: o.mode = CLI_LIST; modes++; break;
                case OPT_PHRASES: o.mode = CLI_PHRASES; modes++; break;
                case OPT_BOOKMARKS: o.mode = CLI_BOOKMARKS; modes++; break;
                case OPT_STATS: o.mode = CLI_STATS; modes++; break;
                case OPT_SEARCH: case OPT_COUNT: case OPT_KWIC: case OPT_PLOT:
                        o.mode = c == OPT_SEARCH ? CLI_SEARCH : c == OPT_COUNT ? CLI_COUNT
                                 : c == OPT_KWIC ? CLI_KWIC : CLI_PLOT;
                        modes++;
                        /* "--count -e A -e B": the mode's argument is itself an -e. */
                        if (strcmp(optarg, "-e") == 0 || strcmp(optarg, "--regexp") == 0) {
                                if (optind >= argc) {
                                        msg_error("%s needs a query", optarg);
                                        return 2;
                                }
                                queries[o.nqueries++] = argv[optind++];
                        } else if (strncmp(optarg, "--regexp=", 9) == 0) {
                                queries[o.nqueries++] = optarg + 9;
                        } else if (strncmp(optarg, "-e", 2) == 0) {
                                queries[o.nqueries++] = optarg + 2;
                        } else {
                                queries[o.nqueries++] = optarg;
                        }
                        break;
                case 'e': queries[o.nqueries++] = optarg; break;
                case OPT_MIN_LEN:
                        if (!parse_uint(optarg, 255, &v) || v == 0)
                                return bad_number("--min-len (1 to 255)", optarg);
                        o.min_len = (unsigned)v;
                        break;
                case OPT_MIN_DOCS:
                        if (!parse_uint(optarg, 1000000000, &v) || v == 0)
                                return bad_number("--min-docs", optarg);
                        o.min_docs = (unsigned)v;
                        break;
                case OPT_LIMIT:
                        if (!parse_uint(optarg, 1000000000, &v))
                                return bad_number("--limit", optarg);
                        o.limit = v;
                        have_limit = true;
                        break;
                case OPT_WIDTH:
                        if (!parse_uint(optarg, 10000, &v) || v < MIN_WIDTH)
                                return bad_number("--width (20 to 10000)", optarg);
                        o.width = (int)v;
                        have_width = true;
                        break;
                case OPT_ENCODING: o.encoding = u.encoding = optarg; break;
                case OPT_DB: o.db_path = u.db_path = optarg; break;
                case OPT_FORMAT: o.format = optarg; break;
                case OPT_NO_MOUSE: u.no_mouse = true; break;
                case OPT_NO_OSC52: u.no_osc52 = true; break;
                case OPT_COLOR: color = optarg ? optarg : "always"; break;
                case OPT_AMBIWIDTH:
                        ambiwidth = optarg;
                        ambiwidth_from = "--ambiwidth";
                        break;
                case OPT_KINSOKU:
                        if (strcmp(optarg, "strict") == 0) {
                                u.layout |= LAYOUT_STRICT;
                        } else if (strcmp(optarg, "basic") == 0) {
                                u.layout &= ~(unsigned)LAYOUT_STRICT;
                        } else {
                                msg_error("--kinsoku is basic or strict, not '%s'", optarg);
                                return 2;
                        }
                        break;
                case OPT_HANG: u.layout |= LAYOUT_HANG; break;
                case 'h': usage(stdout); return printed();
                case 'V': printf("lectern %s\n", LECTERN_VERSION); return printed();
                default:
                        bad_option(c, argv[optind - 1]);
                        fputs("Try 'lectern --help' for more information.\n", stderr);
                        return 2;
                }
        }
        if (modes > 1) {
                msg_error("choose one mode (--list, --search, --count, --phrases, --kwic, "
                          "--plot, --bookmarks or --stats)");
                return 2;
        }
        /* --kwic and --plot take one query, their own; the other modes none. */
        bool one_query = o.mode == CLI_KWIC || o.mode == CLI_PLOT;
        if (o.nqueries && o.mode != CLI_SEARCH && o.mode != CLI_COUNT) {
                if (!one_query)
                        msg_error("-e goes with --search or --count");
                else if (o.nqueries > 1)
                        msg_error("only --search and --count take several queries");
                if (!one_query || o.nqueries > 1)
                        return 2;
        }
        if (o.min_len && o.mode != CLI_PHRASES)
                return misplaced("--min-len", "--phrases");
        if (o.min_docs && o.mode != CLI_PHRASES)
                return misplaced("--min-docs", "--phrases");
        if (have_limit && o.mode != CLI_PHRASES)
                return misplaced("--limit", "--phrases");
        if (have_width && o.mode != CLI_KWIC && o.mode != CLI_PLOT)
                return misplaced("--width", "--kwic or --plot");
        if (o.format && o.mode != CLI_BOOKMARKS)
                return misplaced("--format", "--bookmarks");
        for (size_t i = 0; i < o.nqueries; i++) {
                if (!queries[i][0]) {
                        msg_error("an empty query finds nothing: give some text to find");
                        return 2;
                }
                if (u8_check((const uint8_t *)queries[i], strlen(queries[i]))) {
                        msg_error("the query '%s' is not valid UTF-8", queries[i]);
                        return 2;
                }
        }
        if (o.format && strcmp(o.format, "md") != 0 && strcmp(o.format, "json") != 0) {
                msg_error("--format is md or json, not '%s'", o.format);
                return 2;
        }
        if (strcmp(color, "always") == 0)
                o.color = true;
        else if (strcmp(color, "auto") == 0)
                /* As the reader does: an empty NO_COLOR asks for nothing (no-color.org). */
                o.color = isatty(STDOUT_FILENO) && !(getenv("NO_COLOR") && *getenv("NO_COLOR"));
        else if (strcmp(color, "never") != 0) {
                msg_error("--color is auto, always or never, not '%s'", color);
                return 2;
        }

        /* The variable is the reader's alone: a script's modes never trip over it. */
        if (o.mode != CLI_NONE && ambiwidth_from[0] != '-')
                ambiwidth = NULL;
        if (!ambiwidth || !*ambiwidth || strcmp(ambiwidth, "auto") == 0)
                u.ambiwidth = UI_AMBIWIDTH_AUTO;
        else if (strcmp(ambiwidth, "single") == 0)
                u.ambiwidth = UI_AMBIWIDTH_SINGLE;
        else if (strcmp(ambiwidth, "avoid") == 0)
                u.ambiwidth = UI_AMBIWIDTH_AVOID;
        else {
                msg_error("%s is auto, single or avoid, not '%s'", ambiwidth_from, ambiwidth);
                return 2;
        }

        char *fallback = NULL;
        char *const *paths = argv + optind;
        size_t npaths = (size_t)(argc - optind);
        if (npaths == 0 && o.mode != CLI_BOOKMARKS) {
                fallback = default_corpus();
                if (!fallback) {
                        fputs("lectern: no path given and the bundled corpus was not found\n",
                              stderr);
                        return 2;
                }
                paths = &fallback;
                npaths = 1;
        }
        o.paths = u.paths = paths;
        o.npaths = u.npaths = npaths;
        o.queries = queries;

        int rc;
        if (o.mode != CLI_NONE) {
                rc = cli_run(&o);
        } else if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
                fputs("lectern: the reader needs a terminal; without one use --list, --search,\n"
                      "--count, --phrases, --kwic, --plot, --bookmarks or --stats (see --help)\n",
                      stderr);
                rc = 2;
        } else {
                rc = ui_run(&u);
        }
        free(fallback);
        return rc;
}

int main(int argc, char **argv)
{
        setlocale(LC_ALL, "");
        /* Widths come from wcwidth(), which needs a UTF-8 character type. */
        if (!utf8_locale())
                setlocale(LC_CTYPE, "C.UTF-8");

        /* Freed here, so that no early return of run() can lose it. */
        const char **queries = xcalloc((size_t)argc + 1, sizeof *queries);
        int rc = run(argc, argv, queries);
        free(queries);
        return rc;
}
