/*
 * msg — one-line messages to standard error for the front ends (the CLI and
 * the reader before and after its screen). Front-end layer: the engine
 * never prints.
 */
#ifndef LECTERN_MSG_H
#define LECTERN_MSG_H

/*
 * Print "lectern: " and the formatted message as one line. The message is
 * sanitised whole (sanitize_line): a path or a cause in it may hold escape
 * sequences or line breaks, and none of them reaches the terminal.
 */
void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
