/*
 * cli — the headless modes of lectern: --list, --search, --count, --phrases,
 * --kwic, --plot, --bookmarks and --stats. Each loads the corpus, answers,
 * and returns an exit status like grep: 0 when something was found, 1 when
 * nothing was, 2 on error (the message already printed on stderr).
 */
#ifndef LECTERN_CLI_H
#define LECTERN_CLI_H

#include <stdbool.h>
#include <stddef.h>

enum cli_mode {
        CLI_NONE = 0,
        CLI_LIST,
        CLI_SEARCH,
        CLI_COUNT,
        CLI_PHRASES,
        CLI_KWIC,
        CLI_PLOT,
        CLI_BOOKMARKS,
        CLI_STATS,
};

struct cli_opts {
        enum cli_mode mode;
        char *const *paths;
        size_t npaths;
        const char *const *queries;
        size_t nqueries;
        const char *encoding;
        const char *db_path;
        const char *format;     /* --format for --bookmarks: "md" or "json" */
        unsigned min_len, min_docs;
        size_t limit;           /* phrases printed at most; SIZE_MAX: no limit */
        int width;              /* --width for --kwic and --plot */
        bool color;             /* highlight hits with SGR */
};

int cli_run(const struct cli_opts *o);

#endif
