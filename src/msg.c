/*
 * msg — format, sanitise and print one line to standard error. The line is
 * built whole before sanitising, so that a caller cannot forget to clean one
 * of its arguments.
 */
#include "msg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "sanitize.h"
#include "util.h"

void msg_error(const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(NULL, 0, fmt, ap);
        va_end(ap);
        if (n < 0)
                return;
        char *raw = xmalloc((size_t)n + 1);
        va_start(ap, fmt);
        vsnprintf(raw, (size_t)n + 1, fmt, ap);
        va_end(ap);
        char *safe = sanitize_line(raw);
        fprintf(stderr, "lectern: %s\n", safe);
        free(safe);
        free(raw);
}
