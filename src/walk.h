/* walk.h — input collection: the files under a directory, recursively, in a
 * deterministic order. The caller decides which files it wants (cli.c asks
 * the governing config's include/exclude globs through config_wants). */
#ifndef PLAINSAFE_WALK_H
#define PLAINSAFE_WALK_H

typedef struct {
    /* Is the file at path (root joined with '/' and the names below it) wanted? */
    int (*wants)(void *ctx, const char *path);
    /* A wanted file; path is only valid during the call. */
    void (*file)(void *ctx, const char *path);
    /* A directory that could not be read (errnum from errno); the walk goes on. */
    void (*error)(void *ctx, const char *path, int errnum);
    void *ctx;
} walk_ops;

/* Walk the tree under the directory root: entries of each directory in byte
 * order of their names (strcmp), files and subdirectories interleaved as
 * sorted, depth first. Names starting with '.' (.git, hidden files and
 * directories) are skipped. Symbolic links to files are followed; links to
 * directories are not (no cycles). Only regular files reach wants/file. */
void walk(const char *root, const walk_ops *ops);

#endif
