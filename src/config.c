/* config.c — .plainsafe.yml: defaults, finding the file upward from an input,
 * reading it (through ynode) into a lint_config, and the include/exclude
 * globs. Pure data: lint.c turns a config into compiled rules.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pack.h"

#define CONFIG_NAME ".plainsafe.yml"
#define CONFIG_MAX_BYTES (4u << 20)

static const char *const default_include[] = {"*.md", "*.markdown", "*.txt"};
static const char *const profiles[] = {"family", "professional", "court", "child"};
static const char *const languages[] = {"en_GB", "en_US", "en_AU"};
static const char *const fail_levels[] = {"error", "warning", "suggestion"};
static const char *const severities[] = {"error", "warning", "suggestion", "off"};
static const char *const config_keys[] = {
    "packs", "profile", "language", "dictionaries", "rules",
    "include", "exclude", "words", "fail_level", NULL
};

static char **dup_strings(const char *const *v, size_t n)
{
    char **out = xmalloc((n ? n : 1) * sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[i] = xstrdup(v[i]);
    return out;
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void config_defaults(lint_config *c)
{
    memset(c, 0, sizeof *c);
    c->dir = xstrdup(".");
    c->profile = xstrdup("family");
    c->language = xstrdup("en_GB");
    const char *dict = getenv("PLAINSAFE_DICT_DIR");
    c->dict_dir = xstrdup(dict && *dict ? dict : "/usr/share/hunspell");
    c->include = dup_strings(default_include, ARRAY_LEN(default_include));
    c->ninclude = ARRAY_LEN(default_include);
    c->fail_level = SEV_ERROR;
}

void config_release(lint_config *c)
{
    free(c->path);
    free(c->dir);
    free_strings(c->packs, c->npacks);
    free(c->profile);
    free(c->language);
    free(c->dict_dir);
    for (size_t i = 0; i < c->noverrides; i++)
        free(c->overrides[i].rule);
    free(c->overrides);
    free_strings(c->include, c->ninclude);
    free_strings(c->exclude, c->nexclude);
    free_strings(c->words, c->nwords);
    memset(c, 0, sizeof *c);
}

/* The directory part of a path: "." when it has none, "/" for the root. */
static char *path_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

/* dir joined with a relative path; absolute paths and dir "." are kept as written. */
static char *path_join(const char *dir, const char *path)
{
    if (path[0] == '/' || strcmp(dir, ".") == 0)
        return xstrdup(path);
    buf b;
    buf_init(&b);
    buf_printf(&b, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", path);
    return buf_steal(&b);
}

static int read_file(const char *path, buf *out, lint_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        err_set(err, "%s: error: cannot read config: %s", path, strerror(errno));
        return -1;
    }
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        buf_append(out, chunk, n);
        if (out->len > CONFIG_MAX_BYTES) {
            fclose(f);
            err_set(err, "%s: error: config is larger than %u bytes", path, CONFIG_MAX_BYTES);
            return -1;
        }
    }
    int bad = ferror(f);
    int e = errno;
    fclose(f);
    if (bad) {
        err_set(err, "%s: error: cannot read config: %s", path, strerror(e));
        return -1;
    }
    return 0;
}

/* A string value that must be one of choices (did-you-mean otherwise). */
static int read_choice(const ynode *v, const char *what, const char *const *choices, size_t n,
                       const char **out, lint_error *err)
{
    const char *s;
    if (ynode_string(v, what, &s, err) < 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, choices[i]) == 0) {
            *out = s;
            return 0;
        }
    buf list;
    buf_init(&list);
    for (size_t i = 0; i < n; i++)
        buf_printf(&list, "%s%s", i ? ", " : "", choices[i]);
    const char *hint = did_you_mean(s, choices, n);
    if (hint)
        ynode_error(v, err, "unknown %s '%s'; did you mean '%s'? (one of: %s)", what, s, hint, list.data);
    else
        ynode_error(v, err, "unknown %s '%s' (one of: %s)", what, s, list.data);
    buf_release(&list);
    return -1;
}

static int replace_list(char ***field, size_t *n, const ynode *v, const char *what, lint_error *err)
{
    const char **items;
    size_t count;
    if (ynode_strings(v, what, &items, &count, err) < 0)
        return -1;
    free_strings(*field, *n);
    *field = dup_strings(items, count);
    *n = count;
    free(items);
    return 0;
}

static int is_builtin_pack(const char *name)
{
    const char **names;
    size_t n = pack_builtin_names(&names);
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return 1;
    return 0;
}

static int unknown_pack(const ynode *v, const char *name, lint_error *err)
{
    const char **names;
    size_t n = pack_builtin_names(&names);
    buf list;
    buf_init(&list);
    for (size_t i = 0; i < n; i++)
        buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
    const char *hint = did_you_mean(name, names, n);
    if (hint)
        ynode_error(v, err, "no built-in pack '%s'; did you mean '%s'? (built-in packs: %s)", name, hint,
                    list.data ? list.data : "none");
    else
        ynode_error(v, err, "no built-in pack '%s' (built-in packs: %s; a pack file needs a path "
                    "ending in .yml)", name, list.data ? list.data : "none");
    buf_release(&list);
    return -1;
}

static int read_packs(lint_config *c, const ynode *v, lint_error *err)
{
    if (v->type == YN_SEQ && v->n == 0)
        return ynode_error(v, err, "'packs' is empty; leave it out to use every built-in pack");
    c->packs_line = v->line;
    c->packs_col = v->col;
    if (replace_list(&c->packs, &c->npacks, v, "packs", err) < 0)
        return -1;
    for (size_t i = 0; i < c->npacks; i++) {
        const ynode *item = v->type == YN_SEQ ? ynode_item(v, i) : v;
        const char *name = c->packs[i];
        if (!pack_is_path(name)) {
            if (!is_builtin_pack(name))
                return unknown_pack(item, name, err);
            continue;
        }
        char *full = path_join(c->dir, name);
        struct stat st;
        const char *why = NULL;
        if (stat(full, &st) != 0)
            why = strerror(errno);
        else if (!S_ISREG(st.st_mode))
            why = "not a regular file";
        if (why)
            ynode_error(item, err, "cannot read pack file '%s': %s", full, why);
        free(full);
        if (why)
            return -1;
    }
    return 0;
}

/* A rule id "pack.name" or a pack name: [a-z0-9][a-z0-9-]* with at most one dot. */
static int is_rule_ref(const char *s)
{
    int dots = 0;
    int start = 1;
    for (; *s; s++) {
        if (*s == '.') {
            if (start || ++dots > 1)
                return 0;
            start = 1;
            continue;
        }
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || (*s == '-' && !start)))
            return 0;
        start = 0;
    }
    return !start;
}

static int read_rules(lint_config *c, const ynode *v, lint_error *err)
{
    if (ynode_expect(v, YN_MAP, "rules", err) < 0)
        return -1;
    size_t n = ynode_pairs(v);
    rule_override *o = xcalloc(n ? n : 1, sizeof *o);
    for (size_t i = 0; i < c->noverrides; i++)
        free(c->overrides[i].rule);
    free(c->overrides);
    c->overrides = o;
    c->noverrides = 0;
    for (size_t i = 0; i < n; i++) {
        const ynode *k = ynode_key(v, i), *val = ynode_value(v, i);
        if (!is_rule_ref(ynode_str(k)))
            return ynode_error(k, err, "'%s' is not a rule id (pack.name) or a pack name", ynode_str(k));
        const char *sev;
        if (read_choice(val, "severity", severities, ARRAY_LEN(severities), &sev, err) < 0)
            return -1;
        o[i].rule = xstrdup(ynode_str(k));
        o[i].sev = (severity)severity_parse(sev);
        o[i].line = k->line;
        o[i].col = k->col;
        c->noverrides++;
    }
    return 0;
}

static int apply(lint_config *c, const ynode *root, lint_error *err)
{
    if (ynode_check_keys(root, "config", config_keys, err) < 0)
        return -1;
    for (size_t i = 0; i < ynode_pairs(root); i++) {
        const char *key = ynode_str(ynode_key(root, i));
        const ynode *v = ynode_value(root, i);
        const char *s;
        int rc = 0;
        if (strcmp(key, "packs") == 0) {
            rc = read_packs(c, v, err);
        } else if (strcmp(key, "profile") == 0) {
            rc = read_choice(v, "profile", profiles, ARRAY_LEN(profiles), &s, err);
            if (rc == 0) {
                free(c->profile);
                c->profile = xstrdup(s);
            }
        } else if (strcmp(key, "language") == 0) {
            rc = read_choice(v, "language", languages, ARRAY_LEN(languages), &s, err);
            if (rc == 0) {
                free(c->language);
                c->language = xstrdup(s);
            }
        } else if (strcmp(key, "dictionaries") == 0) {
            rc = ynode_string(v, "dictionaries", &s, err);
            if (rc == 0) {
                free(c->dict_dir);
                c->dict_dir = path_join(c->dir, s);
            }
        } else if (strcmp(key, "rules") == 0) {
            rc = read_rules(c, v, err);
        } else if (strcmp(key, "include") == 0) {
            rc = replace_list(&c->include, &c->ninclude, v, "include", err);
        } else if (strcmp(key, "exclude") == 0) {
            rc = replace_list(&c->exclude, &c->nexclude, v, "exclude", err);
        } else if (strcmp(key, "words") == 0) {
            rc = replace_list(&c->words, &c->nwords, v, "words", err);
        } else if (strcmp(key, "fail_level") == 0) {
            rc = read_choice(v, "fail level", fail_levels, ARRAY_LEN(fail_levels), &s, err);
            if (rc == 0)
                c->fail_level = (severity)severity_parse(s);
        }
        if (rc < 0)
            return -1;
    }
    return 0;
}

int config_load(lint_config *c, const char *path, lint_error *err)
{
    buf text;
    buf_init(&text);
    if (read_file(path, &text, err) < 0) {
        buf_release(&text);
        return -1;
    }
    ynode *root = ynode_parse(path, text.data ? text.data : "", text.len, err);
    buf_release(&text);
    if (!root)
        return -1;
    free(c->path);
    free(c->dir);
    c->path = xstrdup(path);
    c->dir = path_dir(path);
    int rc = apply(c, root, err);
    ynode_free(root);
    return rc;
}

/* Paths as lists of components, for lexical normalisation ("a/./b/../c" is
 * "a/c"; symbolic links are not resolved). */
typedef struct {
    char **v;
    size_t n, cap;
} parts;

static void parts_release(parts *p)
{
    free_strings(p->v, p->n);
    p->v = NULL;
    p->n = p->cap = 0;
}

static void parts_add(parts *p, const char *path)
{
    const char *s = path;
    while (*s) {
        const char *e = strchr(s, '/');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (len == 2 && s[0] == '.' && s[1] == '.') {
            if (p->n)
                free(p->v[--p->n]);
        } else if (len && !(len == 1 && s[0] == '.')) {
            GROW(p->v, p->cap, p->n + 1);
            p->v[p->n++] = xstrndup(s, len);
        }
        s += len;
        if (*s == '/')
            s++;
    }
}

/* The absolute, normalised form of path (relative paths against the cwd). */
static int parts_absolute(parts *p, const char *path)
{
    memset(p, 0, sizeof *p);
    if (path[0] != '/') {
        char cwd[4096];
        if (!getcwd(cwd, sizeof cwd))
            return -1;
        parts_add(p, cwd);
    }
    parts_add(p, path);
    return 0;
}

static void parts_join(buf *b, const parts *p, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        buf_printf(b, "%s%s", i > from ? "/" : "", p->v[i]);
}

char *config_find(const char *file_path)
{
    parts file, cwd;
    if (parts_absolute(&file, file_path) < 0)
        return NULL;
    if (file.n)
        free(file.v[--file.n]);
    memset(&cwd, 0, sizeof cwd);
    if (file_path[0] != '/' && parts_absolute(&cwd, ".") < 0) {
        parts_release(&file);
        return NULL;
    }
    char *result = NULL;
    buf b;
    buf_init(&b);
    for (size_t k = file.n + 1; k-- > 0;) {
        buf_clear(&b);
        buf_putc(&b, '/');
        parts_join(&b, &file, 0, k);
        buf_printf(&b, "%s" CONFIG_NAME, k ? "/" : "");
        struct stat st;
        if (stat(b.data, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (file_path[0] == '/') {
            result = buf_steal(&b);
            break;
        }
        /* Relative to the cwd, so messages carry no absolute paths. */
        size_t common = 0;
        while (common < k && common < cwd.n && strcmp(file.v[common], cwd.v[common]) == 0)
            common++;
        buf_clear(&b);
        for (size_t i = common; i < cwd.n; i++)
            buf_puts(&b, "../");
        parts_join(&b, &file, common, k);
        buf_printf(&b, "%s" CONFIG_NAME, k > common ? "/" : "");
        result = buf_steal(&b);
        break;
    }
    buf_release(&b);
    parts_release(&file);
    parts_release(&cwd);
    return result;
}

/* One character class "[...]" at p (p[0] == '['): sets *end past it and
 * returns whether c is in it, or -1 when the class is not closed. */
static int class_match(const char *p, unsigned char c, const char **end)
{
    const char *q = p + 1;
    int negate = *q == '!' || *q == '^';
    if (negate)
        q++;
    int hit = 0;
    int first = 1;
    while (*q && (*q != ']' || first)) {
        unsigned char lo = (unsigned char)*q, hi = lo;
        if (q[1] == '-' && q[2] && q[2] != ']') {
            hi = (unsigned char)q[2];
            q += 2;
        }
        if (c >= lo && c <= hi)
            hit = 1;
        q++;
        first = 0;
    }
    if (*q != ']')
        return -1;
    *end = q + 1;
    return hit != negate;
}

/* Glob match: '*' and '?' stay within one path component, "**" crosses
 * components ("**" followed by '/' matches zero or more whole directories),
 * "[...]" classes (bytes), '\' quotes the next character. */
static int glob_match(const char *p, const char *s)
{
    while (*p) {
        if (p[0] == '*' && p[1] == '*') {
            p += 2;
            if (*p == '/') {
                p++;
                if (glob_match(p, s))
                    return 1;
                for (; *s; s++)
                    if (*s == '/' && glob_match(p, s + 1))
                        return 1;
                return 0;
            }
            for (;; s++) {
                if (glob_match(p, s))
                    return 1;
                if (!*s)
                    return 0;
            }
        }
        if (*p == '*') {
            p++;
            for (;; s++) {
                if (glob_match(p, s))
                    return 1;
                if (!*s || *s == '/')
                    return 0;
            }
        }
        if (!*s)
            return 0;
        if (*p == '?') {
            if (*s == '/')
                return 0;
            s++;
            while ((*s & 0xC0) == 0x80)
                s++;
            p++;
            continue;
        }
        if (*p == '[') {
            const char *end;
            int m = class_match(p, (unsigned char)*s, &end);
            if (m >= 0) {
                if (!m || *s == '/')
                    return 0;
                p = end;
                s++;
                continue;
            }
        }
        if (*p == '\\' && p[1])
            p++;
        if (*p != *s)
            return 0;
        p++;
        s++;
    }
    return *s == 0;
}

/* A pattern starting with '/' is anchored at the config's directory: it
 * matches the relative path only. Others match the relative path or the
 * base name. */
static int pattern_matches(const char *pat, const char *rel, const char *base)
{
    if (pat[0] == '.' && pat[1] == '/')
        pat += 2;
    if (pat[0] == '/')
        return glob_match(pat + 1, rel);
    return glob_match(pat, rel) || glob_match(pat, base);
}

static int any_match(char *const *pats, size_t n, const char *rel, const char *base)
{
    for (size_t i = 0; i < n; i++)
        if (pattern_matches(pats[i], rel, base))
            return 1;
    return 0;
}

int config_wants(const lint_config *c, const char *path)
{
    parts file, dir;
    buf rel;
    buf_init(&rel);
    if (parts_absolute(&file, path) == 0 && parts_absolute(&dir, c->dir ? c->dir : ".") == 0) {
        size_t common = 0;
        while (common < dir.n && common < file.n && strcmp(dir.v[common], file.v[common]) == 0)
            common++;
        if (common == dir.n)
            parts_join(&rel, &file, common, file.n);
        parts_release(&dir);
    }
    parts_release(&file);
    if (!rel.len) {
        /* Outside the config's directory: match what was given. */
        parts given;
        memset(&given, 0, sizeof given);
        parts_add(&given, path);
        parts_join(&rel, &given, 0, given.n);
        parts_release(&given);
        if (!rel.len)
            buf_puts(&rel, path);
    }
    const char *slash = strrchr(rel.data, '/');
    const char *base = slash ? slash + 1 : rel.data;
    int wanted = c->ninclude == 0 || any_match(c->include, c->ninclude, rel.data, base);
    /* An excluded directory excludes everything below it. */
    for (size_t i = 1; wanted && i < rel.len; i++) {
        if (rel.data[i] != '/')
            continue;
        rel.data[i] = 0;
        const char *name = strrchr(rel.data, '/');
        if (any_match(c->exclude, c->nexclude, rel.data, name ? name + 1 : rel.data))
            wanted = 0;
        rel.data[i] = '/';
    }
    if (wanted && any_match(c->exclude, c->nexclude, rel.data, base))
        wanted = 0;
    buf_release(&rel);
    return wanted;
}
