/* hook.c — the git pre-commit hook (see hook.h). Git runs as a child process
 * with an argument vector, never through a shell, so any path is safe. */
#include "hook.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Run argv, capture its stdout (stderr passes through). Returns the exit
 * status (or -1 if it could not run); *out is malloc'd and NUL-terminated. */
static int run_capture(char *const argv[], char **out, size_t *n)
{
    int fd[2];
    *out = NULL;
    *n = 0;
    if (pipe(fd) < 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
    posix_spawn_file_actions_addclose(&fa, fd[0]);
    posix_spawn_file_actions_addclose(&fa, fd[1]);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fd[1]);
    if (rc != 0) {
        close(fd[0]);
        return -1;
    }
    buf b;
    buf_init(&b);
    char chunk[65536];
    for (;;) {
        ssize_t got = read(fd[0], chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        buf_append(&b, chunk, (size_t)got);
    }
    close(fd[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    *n = b.len;
    *out = buf_steal(&b);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The path of the pre-commit hook git would run (malloc'd), or NULL. */
static char *hook_path(lint_error *err)
{
    char *argv[] = {"git", "rev-parse", "--git-path", "hooks/pre-commit", NULL};
    char *out;
    size_t n;
    if (run_capture(argv, &out, &n) != 0 || n == 0) {
        free(out);
        err_set(err, "plainsafe: not inside a git repository (git rev-parse failed)");
        return NULL;
    }
    while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
        out[--n] = 0;
    return out;
}

static int is_ours(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char line[256];
    int ours = 0;
    for (int i = 0; i < 5 && fgets(line, sizeof line, f); i++)
        if (strncmp(line, HOOK_MARKER, strlen(HOOK_MARKER)) == 0)
            ours = 1;
    fclose(f);
    return ours;
}

static void make_parent_dirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        mkdir(path, 0777);
        *p = '/';
    }
}

/* Single-quote s for a POSIX shell. */
static void shell_quote(buf *b, const char *s)
{
    buf_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            buf_puts(b, "'\\''");
        else
            buf_putc(b, *s);
    }
    buf_putc(b, '\'');
}

int hook_install(const char *exe, int force, char **where, lint_error *err)
{
    char *path = hook_path(err);
    if (!path)
        return -1;
    *where = path;
    struct stat st;
    if (stat(path, &st) == 0 && !is_ours(path) && !force) {
        err_set(err, "plainsafe: %s exists and was not written by plainsafe; "
                     "use 'plainsafe hook install --force' to replace it",
                path);
        return -1;
    }
    buf b;
    buf_init(&b);
    buf_puts(&b, "#!/bin/sh\n" HOOK_MARKER " (remove with: plainsafe hook uninstall)\n"
                 "# Checks the staged text of added and changed files; "
                 "'git commit --no-verify' skips it.\n");
    buf_puts(&b, "if command -v plainsafe >/dev/null 2>&1; then\n    exec plainsafe hook run\nfi\nexec ");
    shell_quote(&b, exe);
    buf_puts(&b, " hook run\n");
    make_parent_dirs(path);
    FILE *f = fopen(path, "w");
    if (!f || fwrite(b.data, 1, b.len, f) != b.len || fclose(f) != 0) {
        err_set(err, "plainsafe: %s: %s", path, strerror(errno));
        buf_release(&b);
        return -1;
    }
    buf_release(&b);
    if (chmod(path, 0755) < 0) {
        err_set(err, "plainsafe: %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

int hook_uninstall(char **where, lint_error *err)
{
    char *path = hook_path(err);
    if (!path)
        return -1;
    *where = path;
    struct stat st;
    if (stat(path, &st) < 0)
        return 1;
    if (!is_ours(path)) {
        err_set(err, "plainsafe: %s was not written by plainsafe; leaving it alone", path);
        return -1;
    }
    if (unlink(path) < 0) {
        err_set(err, "plainsafe: %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

int hook_staged(int (*want)(const char *path, void *arg), hook_file_fn fn, void *arg, lint_error *err)
{
    char *argv[] = {"git", "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR", NULL};
    char *list;
    size_t n;
    if (run_capture(argv, &list, &n) != 0) {
        free(list);
        err_set(err, "plainsafe: git diff --cached failed");
        return -1;
    }
    int rc = 0;
    for (size_t at = 0; at < n && rc == 0;) {
        const char *path = list + at;
        size_t len = strlen(path);
        at += len + 1;
        if (!len || (want && !want(path, arg)))
            continue;
        buf spec;
        buf_init(&spec);
        buf_printf(&spec, ":%s", path);
        char *cat[] = {"git", "cat-file", "blob", spec.data, NULL};
        char *data;
        size_t dn;
        int st = run_capture(cat, &data, &dn);
        buf_release(&spec);
        if (st != 0) {
            free(data);
            err_set(err, "plainsafe: %s: cannot read the staged content (git cat-file failed)", path);
            rc = -1;
            break;
        }
        rc = fn(path, (unsigned char *)data, dn, arg) ? 1 : 0;
    }
    free(list);
    return rc < 0 ? -1 : 0;
}
