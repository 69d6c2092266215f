/* hook.h — the git pre-commit hook: installing it, removing it, and handing
 * the staged content of each added, copied, modified or renamed file to the
 * CLI. Talks to git only through its plumbing commands (no shell). */
#ifndef PLAINSAFE_HOOK_H
#define PLAINSAFE_HOOK_H

#include <stddef.h>
#include "util.h"

/* The line every hook plainsafe writes carries; uninstall removes only those. */
#define HOOK_MARKER "# plainsafe pre-commit hook"

/* Write the pre-commit hook into the hooks directory git uses (core.hooksPath
 * respected). exe is the absolute path of this plainsafe, used when plainsafe
 * is not on PATH. Refuses to replace a hook plainsafe did not write unless
 * force. On success *where is the hook's path (malloc'd). */
int hook_install(const char *exe, int force, char **where, lint_error *err);
/* Remove the hook if plainsafe wrote it; *where as above. Returns 0, 1 when
 * there was no plainsafe hook to remove, or -1 with err set. */
int hook_uninstall(char **where, lint_error *err);

/* Called once per staged file with its repository path and staged bytes (the
 * callback owns data and frees it). Returns 0 to go on, non-zero to stop. */
typedef int (*hook_file_fn)(const char *path, unsigned char *data, size_t n, void *arg);
/* Enumerate the staged files of the repository in the current directory, in
 * git's order; want (may be NULL) picks the paths whose content is read and
 * passed to fn. Returns 0, or -1 with err set when git fails. */
int hook_staged(int (*want)(const char *path, void *arg), hook_file_fn fn, void *arg, lint_error *err);

#endif
