/*
 * store_file — where the bookmark database lives and whether it may be
 * written, decided from the file system alone, before SQLite touches the
 * file. Split from store so that this policy (default location, directory
 * and file modes, read-only detection) has no SQLite in it. Engine layer:
 * file system calls only, never prints.
 */
#ifndef LECTERN_STORE_FILE_H
#define LECTERN_STORE_FILE_H

#include <stdbool.h>

/*
 * The default database: $XDG_DATA_HOME/lectern/lectern.db, or
 * ~/.local/share/lectern/lectern.db when XDG_DATA_HOME is unset, empty or
 * relative. Sets *out (caller frees). Fails with LC_ESTORE when neither
 * XDG_DATA_HOME nor HOME gives a place.
 */
int store_file_default_path(char **out, char **cause);

/* Create each missing directory above path with mode 0700 (the XDG rule). */
int store_file_make_dirs(const char *path, char **cause);

/*
 * Look at the database file before SQLite does. *missing says it does not
 * exist yet (create it with store_file_temp and store_file_publish). When
 * it exists but it or its directory may not be written, *why (caller
 * frees) is set to a phrase such as "its directory /x is not writable" and
 * LC_OK is still returned: the file can be read. *dir_read_only says the
 * directory is unwritable (no -wal or -shm may be created next to it).
 * Fails with LC_ESTORE when the path is not a regular file or cannot be
 * examined.
 */
int store_file_check(const char *path, bool *missing, char **why, bool *dir_read_only,
                     char **cause);

/*
 * A new database is built under a temporary name beside path, mode 0600
 * (SQLite would create 0644), and then published: two lecterns starting
 * together never see each other's half-made file. Sets *tmp (caller frees;
 * the caller removes the file if it gives up before publishing).
 */
int store_file_temp(const char *path, char **tmp, char **cause);

/*
 * Give tmp the name path unless path exists by now (another process
 * published first, and its file is kept); tmp's name is removed either way.
 */
int store_file_publish(const char *tmp, const char *path, char **cause);

/*
 * Whether the SQLite file at path says it is in WAL mode (its header's
 * format versions are 2). False when it cannot be read or is no SQLite
 * file, which includes an empty one.
 */
bool store_file_wal_mode(const char *path);

/* A percent-encoded "file:" URI for path followed by "?" and query. */
char *store_file_uri(const char *path, const char *query);

#endif
