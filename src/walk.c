/* walk.c — input collection: recursive directory walk in sorted order (see walk.h). */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "util.h"

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk_dir(buf *path, const walk_ops *ops)
{
    DIR *d = opendir(path->data);
    if (!d) {
        ops->error(ops->ctx, path->data, errno);
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        GROW(names, cap, n + 1);
        names[n++] = xstrdup(e->d_name);
    }
    if (errno)
        ops->error(ops->ctx, path->data, errno);
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);

    size_t base = path->len;
    for (size_t i = 0; i < n; i++) {
        if (base && path->data[base - 1] != '/')
            buf_putc(path, '/');
        buf_puts(path, names[i]);
        struct stat st;
        if (lstat(path->data, &st) == 0) {
            if (S_ISDIR(st.st_mode))
                walk_dir(path, ops);
            else if ((S_ISREG(st.st_mode) || (S_ISLNK(st.st_mode) && stat(path->data, &st) == 0 &&
                                              S_ISREG(st.st_mode))) &&
                     ops->wants(ops->ctx, path->data))
                ops->file(ops->ctx, path->data);
        }
        path->len = base;
        path->data[base] = 0;
        free(names[i]);
    }
    free(names);
}

void walk(const char *root, const walk_ops *ops)
{
    buf path;
    buf_init(&path);
    buf_puts(&path, root);
    walk_dir(&path, ops);
    buf_release(&path);
}
