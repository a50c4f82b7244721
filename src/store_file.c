/*
 * store_file — the file-system side of opening the bookmark database:
 * the XDG default location, private directories and file, and read-only
 * detection that does not depend on who is asking. Engine layer (no
 * SQLite); store.c opens with it, and the command line asks it where the
 * default database is, so as to export without creating one.
 */
#include "store_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

int store_file_default_path(char **out, char **cause)
{
        const char *xdg = getenv("XDG_DATA_HOME");
        const char *home = getenv("HOME");
        /* The XDG spec says a relative XDG_DATA_HOME is invalid and ignored. */
        if (xdg && xdg[0] == '/')
                *out = xasprintf("%s/lectern/lectern.db", xdg);
        else if (home && home[0])
                *out = xasprintf("%s/.local/share/lectern/lectern.db", home);
        else
                return lc_fail(cause, LC_ESTORE, "neither XDG_DATA_HOME nor HOME is set, "
                               "so there is no place for the bookmark database");
        return LC_OK;
}

static char *dir_of(const char *path)
{
        const char *slash = strrchr(path, '/');
        if (!slash)
                return xstrdup(".");
        return xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
}

int store_file_make_dirs(const char *path, char **cause)
{
        char *dir = dir_of(path);
        int r = LC_OK;
        for (char *p = dir + 1;; p++) {
                if (*p != '/' && *p != '\0')
                        continue;
                char saved = *p;
                *p = '\0';
                struct stat st;
                if (stat(dir, &st) != 0) {
                        /* chmod too: an odd umask must not weaken or break the mode. */
                        if (mkdir(dir, 0700) != 0 || chmod(dir, 0700) != 0) {
                                r = lc_fail(cause, LC_ESTORE, "cannot create the directory "
                                            "%s: %s", dir, strerror(errno));
                                break;
                        }
                } else if (!S_ISDIR(st.st_mode)) {
                        r = lc_fail(cause, LC_ESTORE, "%s is not a directory", dir);
                        break;
                }
                *p = saved;
                if (saved == '\0')
                        break;
        }
        free(dir);
        return r;
}

/*
 * Why a path cannot be written, or NULL. access() alone is not enough: root
 * passes it whatever the mode, but a database or directory without a single
 * write bit was made read-only on purpose, and we honour that for everyone.
 */
static const char *why_unwritable(const char *path, int amode)
{
        struct stat st;
        if (access(path, amode) != 0)
                return errno == EROFS ? "is on a read-only file system" : "is not writable";
        if (stat(path, &st) == 0 && (st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0)
                return "is not writable";
        return NULL;
}

int store_file_check(const char *path, bool *missing, char **why, bool *dir_read_only,
                     char **cause)
{
        *missing = false;
        *dir_read_only = false;
        struct stat st;
        if (stat(path, &st) != 0) {
                if (errno != ENOENT)
                        return lc_fail(cause, LC_ESTORE, "cannot use %s: %s", path,
                                       strerror(errno));
                *missing = true;
                return LC_OK;
        }
        if (!S_ISREG(st.st_mode))
                return lc_fail(cause, LC_ESTORE, "%s is not a regular file", path);
        /* SQLite needs the directory too, for its -wal and -shm files. */
        char *dir = dir_of(path);
        const char *wd = why_unwritable(dir, W_OK | X_OK);
        const char *wf = why_unwritable(path, W_OK);
        *dir_read_only = wd != NULL;
        if (wf)
                *why = xasprintf("%s %s", path, wf);
        else if (wd)
                *why = xasprintf("its directory %s %s", dir, wd);
        free(dir);
        return LC_OK;
}

bool store_file_wal_mode(const char *path)
{
        /* The magic string, then at offsets 18 and 19 the write and read versions. */
        unsigned char h[20];
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return false;
        ssize_t n = pread(fd, h, sizeof h, 0);
        close(fd);
        return n == (ssize_t)sizeof h && memcmp(h, "SQLite format 3", 16) == 0 &&
               h[18] == 2 && h[19] == 2;
}

int store_file_temp(const char *path, char **tmp, char **cause)
{
        char *t = xasprintf("%s.new-XXXXXX", path);
        int fd = mkstemp(t);
        if (fd < 0) {
                int r = lc_fail(cause, LC_ESTORE, "cannot create %s: %s", path, strerror(errno));
                free(t);
                return r;
        }
        /* Exactly 0600, whatever the umask made of mkstemp's mode. */
        int failed = fchmod(fd, 0600) != 0;
        int err = errno;
        close(fd);
        if (failed) {
                unlink(t);
                free(t);
                return lc_fail(cause, LC_ESTORE, "cannot set the mode of %s: %s", path,
                               strerror(err));
        }
        *tmp = t;
        return LC_OK;
}

int store_file_publish(const char *tmp, const char *path, char **cause)
{
        int r = LC_OK;
        /*
         * link() never replaces: if another lectern published first, its
         * database (perhaps already holding a bookmark) wins and ours goes.
         * File systems without hard links get a rename, which only a
         * simultaneous creator could race.
         */
        if (link(tmp, path) != 0 && errno != EEXIST) {
                struct stat st;
                bool no_links = errno == EPERM || errno == ENOTSUP || errno == EOPNOTSUPP;
                if (!no_links || stat(path, &st) == 0 || rename(tmp, path) != 0)
                        r = lc_fail(cause, LC_ESTORE, "cannot create %s: %s", path,
                                    strerror(errno));
        }
        unlink(tmp);
        return r;
}

char *store_file_uri(const char *path, const char *query)
{
        static const char keep[] = "/-._~";
        struct sbuf b = {0};
        sbuf_adds(&b, "file:");
        for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
                if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                    (*p >= '0' && *p <= '9') || strchr(keep, *p))
                        sbuf_addc(&b, (char)*p);
                else
                        sbuf_printf(&b, "%%%02X", *p);
        }
        sbuf_addc(&b, '?');
        sbuf_adds(&b, query);
        return sbuf_take(&b);
}
