/* pack.c — rule packs: finds a pack (embedded or a file), reads it through
 * ynode, checks the common schema of every rule, and hands each rule's map
 * to its kind's compile(). The result is an array of compiled rules for
 * linter_new (lint.c).
 */
#include "pack.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PACK_MAX_BYTES (16u << 20)
#define MAX_BUILTIN 64
#define MAX_NAME 64

static const char *const pack_keys[] = {"pack", "description", "rules", NULL};
static const char *const common_keys[] = {
    "id", "kind", "severity", "message", "reason", "suggestions", "profiles", "examples", NULL
};
static const char *const example_keys[] = {"bad", "good", NULL};
static const char *const profile_names[] = {"family", "professional", "court", "child"};
static const char *const severity_names[] = {"error", "warning", "suggestion", "off"};

const embedded_file *embedded_find(const char *name)
{
    for (size_t i = 0; i < embedded_nfiles; i++)
        if (strcmp(embedded_files[i].name, name) == 0)
            return &embedded_files[i];
    return NULL;
}

/* Built-in names, computed once from the embedded file list (static storage). */
static char builtin_store[MAX_BUILTIN][MAX_NAME];
static const char *builtin_names[MAX_BUILTIN];
static size_t builtin_n;
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void builtin_init(void)
{
    for (size_t i = 0; i < embedded_nfiles && builtin_n < MAX_BUILTIN; i++) {
        const char *f = embedded_files[i].name;
        size_t len = strlen(f);
        if (!embedded_files[i].tree || strncmp(f, "rules/", 6) != 0 || len <= 10 || len - 10 >= MAX_NAME ||
            strcmp(f + len - 4, ".yml") != 0 || memchr(f + 6, '/', len - 10))
            continue;
        memcpy(builtin_store[builtin_n], f + 6, len - 10);
        builtin_store[builtin_n][len - 10] = 0;
        builtin_names[builtin_n] = builtin_store[builtin_n];
        builtin_n++;
    }
    qsort(builtin_names, builtin_n, sizeof *builtin_names, cmp_str);
}

size_t pack_builtin_names(const char ***out)
{
    pthread_once(&builtin_once, builtin_init);
    *out = builtin_names;
    return builtin_n;
}

int pack_is_path(const char *name)
{
    size_t n = strlen(name);
    return strchr(name, '/') || (n > 4 && strcmp(name + n - 4, ".yml") == 0) ||
           (n > 5 && strcmp(name + n - 5, ".yaml") == 0);
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void rule_free(rule *r)
{
    if (!r)
        return;
    if (r->kind && r->kind->free_rule && r->data)
        r->kind->free_rule(r);
    free(r->id);
    free(r->pack);
    free(r->message);
    free(r->reason);
    free_strings(r->suggestions, r->nsugg);
    free_strings(r->bad, r->nbad);
    free_strings(r->good, r->ngood);
    free(r->file);
    free(r);
}

/* [a-z0-9][a-z0-9-]* */
static int valid_name(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return 0;
    return 1;
}

static void join_list(buf *b, const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        buf_printf(b, "%s%s", i ? ", " : "", v[i]);
    if (!n)
        buf_puts(b, "none");
}

static int read_severity(const ynode *v, const char *what, severity *out, lint_error *err)
{
    const char *s;
    if (ynode_string(v, what, &s, err) < 0)
        return -1;
    int sev = severity_parse(s);
    if (sev >= 0) {
        *out = (severity)sev;
        return 0;
    }
    const char *hint = did_you_mean(s, severity_names, ARRAY_LEN(severity_names));
    if (hint)
        return ynode_error(v, err, "unknown severity '%s'; did you mean '%s'? (one of: error, warning, "
                           "suggestion, off)", s, hint);
    return ynode_error(v, err, "unknown severity '%s' (one of: error, warning, suggestion, off)", s);
}

static int copy_strings(const ynode *v, const char *what, char ***out, size_t *n, lint_error *err)
{
    const char **items;
    size_t count;
    if (ynode_strings(v, what, &items, &count, err) < 0)
        return -1;
    *out = xmalloc((count ? count : 1) * sizeof **out);
    for (size_t i = 0; i < count; i++)
        (*out)[i] = xstrdup(items[i]);
    *n = count;
    free(items);
    return 0;
}

/* Keys allowed before the kind is known: the common keys and every kind's
 * own keys, so that a misspelt "id" or "kind" still gets a did-you-mean. */
static int check_any_keys(const ynode *def, lint_error *err)
{
    size_t n = ARRAY_LEN(common_keys) - 1;
    for (size_t k = 0; k < rule_nkinds; k++)
        for (size_t i = 0; rule_kinds[k]->keys && rule_kinds[k]->keys[i]; i++)
            n++;
    const char **all = xmalloc((n + 1) * sizeof *all);
    n = 0;
    for (size_t i = 0; common_keys[i]; i++)
        all[n++] = common_keys[i];
    for (size_t k = 0; k < rule_nkinds; k++)
        for (size_t i = 0; rule_kinds[k]->keys && rule_kinds[k]->keys[i]; i++)
            all[n++] = rule_kinds[k]->keys[i];
    all[n] = NULL;
    int rc = ynode_check_keys(def, "rule", all, err);
    free(all);
    return rc;
}

static int check_kind_keys(const ynode *def, const rule_kind *kind, lint_error *err)
{
    size_t n = ARRAY_LEN(common_keys) - 1;
    for (size_t i = 0; kind->keys && kind->keys[i]; i++)
        n++;
    const char **allowed = xmalloc((n + 1) * sizeof *allowed);
    n = 0;
    for (size_t i = 0; common_keys[i]; i++)
        allowed[n++] = common_keys[i];
    for (size_t i = 0; kind->keys && kind->keys[i]; i++)
        allowed[n++] = kind->keys[i];
    allowed[n] = NULL;
    int rc = ynode_check_keys(def, "rule", allowed, err);
    free(allowed);
    return rc;
}

static int read_profiles(rule *r, const ynode *v, const pack_env *env, lint_error *err)
{
    if (ynode_expect(v, YN_MAP, "profiles", err) < 0)
        return -1;
    for (size_t i = 0; i < ynode_pairs(v); i++) {
        const ynode *k = ynode_key(v, i);
        size_t j = 0;
        while (j < ARRAY_LEN(profile_names) && strcmp(profile_names[j], ynode_str(k)) != 0)
            j++;
        if (j == ARRAY_LEN(profile_names)) {
            const char *hint = did_you_mean(ynode_str(k), profile_names, ARRAY_LEN(profile_names));
            if (hint)
                return ynode_error(k, err, "unknown profile '%s'; did you mean '%s'? (one of: family, "
                                   "professional, court, child)", ynode_str(k), hint);
            return ynode_error(k, err, "unknown profile '%s' (one of: family, professional, court, child)",
                               ynode_str(k));
        }
        severity sev;
        if (read_severity(ynode_value(v, i), "severity", &sev, err) < 0)
            return -1;
        if (env->profile && strcmp(env->profile, ynode_str(k)) == 0)
            r->sev = sev;
    }
    return 0;
}

static int read_examples(rule *r, const ynode *def, lint_error *err)
{
    const ynode *ex = ynode_get(def, "examples");
    if (!ex)
        return ynode_error(def, err, "rule '%s' has no examples (add examples: {bad: [...], good: [...]})",
                           r->id);
    if (ynode_check_keys(ex, "examples", example_keys, err) < 0)
        return -1;
    const ynode *bad = ynode_get(ex, "bad"), *good = ynode_get(ex, "good");
    if (bad && copy_strings(bad, "bad", &r->bad, &r->nbad, err) < 0)
        return -1;
    if (!r->nbad)
        return ynode_error(bad ? bad : ex, err, "rule '%s' has no bad examples", r->id);
    if (good && copy_strings(good, "good", &r->good, &r->ngood, err) < 0)
        return -1;
    if (!r->ngood)
        return ynode_error(good ? good : ex, err, "rule '%s' has no good examples", r->id);
    return 0;
}

static int unknown_kind(const ynode *v, const char *name, const char *id, lint_error *err)
{
    const char **names = xmalloc((rule_nkinds + 1) * sizeof *names);
    for (size_t k = 0; k < rule_nkinds; k++)
        names[k] = rule_kinds[k]->name;
    buf list;
    buf_init(&list);
    join_list(&list, names, rule_nkinds);
    const char *hint = did_you_mean(name, names, rule_nkinds);
    if (hint)
        ynode_error(v, err, "unknown kind '%s' in rule '%s'; did you mean '%s'? (kinds: %s)", name, id, hint,
                    list.data);
    else
        ynode_error(v, err, "unknown kind '%s' in rule '%s' (kinds: %s)", name, id, list.data);
    buf_release(&list);
    free(names);
    return -1;
}

/* Reads and compiles one rule; on success *out owns it. */
static int load_rule(const ynode *def, const char *pack, const char *file, const pack_env *env,
                     rule *const *existing, size_t nexisting, rule **out, lint_error *err)
{
    if (def->type != YN_MAP) {
        ynode_check_keys(def, "rule", common_keys, err);
        return -1;
    }
    if (check_any_keys(def, err) < 0)
        return -1;
    const ynode *idn = ynode_get(def, "id");
    const char *id;
    if (!idn)
        return ynode_error(def, err, "rule has no 'id'");
    if (ynode_string(idn, "id", &id, err) < 0)
        return -1;
    if (!valid_name(id))
        return ynode_error(idn, err, "rule id '%s' must be lower-case letters, digits and '-', starting "
                           "with a letter or digit", id);

    rule *r = xcalloc(1, sizeof *r);
    buf full;
    buf_init(&full);
    buf_printf(&full, "%s.%s", pack, id);
    r->id = buf_steal(&full);
    r->pack = xstrdup(pack);
    r->file = xstrdup(file);
    r->line = def->line;
    r->col = def->col;
    r->default_sev = SEV_WARNING;
    for (size_t i = 0; i < nexisting; i++)
        if (strcmp(existing[i]->id, r->id) == 0) {
            ynode_error(idn, err, "duplicate rule id '%s' (first defined at %s:%d:%d)", r->id,
                        existing[i]->file, existing[i]->line, existing[i]->col);
            goto fail;
        }

    const ynode *kindn = ynode_get(def, "kind"), *v;
    const char *kind, *s;
    if (!kindn) {
        ynode_error(def, err, "rule '%s' has no 'kind'", r->id);
        goto fail;
    }
    if (ynode_string(kindn, "kind", &kind, err) < 0)
        goto fail;
    if ((v = ynode_get(def, "severity")) && read_severity(v, "severity", &r->default_sev, err) < 0)
        goto fail;
    r->sev = r->default_sev;
    if (!(v = ynode_get(def, "message"))) {
        ynode_error(def, err, "rule '%s' has no 'message'", r->id);
        goto fail;
    }
    if (ynode_string(v, "message", &s, err) < 0)
        goto fail;
    r->message = xstrdup(s);
    if (!(v = ynode_get(def, "reason"))) {
        ynode_error(def, err, "rule '%s' has no 'reason'", r->id);
        goto fail;
    }
    if (ynode_string(v, "reason", &s, err) < 0)
        goto fail;
    r->reason = xstrdup(s);
    if ((v = ynode_get(def, "suggestions")) && copy_strings(v, "suggestions", &r->suggestions, &r->nsugg, err) < 0)
        goto fail;
    if ((v = ynode_get(def, "profiles")) && read_profiles(r, v, env, err) < 0)
        goto fail;
    if (read_examples(r, def, err) < 0)
        goto fail;

    r->kind = rule_kind_find(kind);
    if (!r->kind) {
        unknown_kind(kindn, kind, r->id, err);
        goto fail;
    }
    if (check_kind_keys(def, r->kind, err) < 0)
        goto fail;
    if (r->kind->compile(r, def, env, err) < 0) {
        if (!err->set)
            ynode_error(def, err, "rule '%s' could not be compiled", r->id);
        goto fail;
    }
    *out = r;
    return 0;
fail:
    rule_free(r);
    return -1;
}

int pack_load_tree(const ynode *root, const char *file, const pack_env *env, rule ***rules, size_t *nrules,
                   size_t *cap, lint_error *err)
{
    if (ynode_check_keys(root, "pack", pack_keys, err) < 0)
        return -1;
    const ynode *v = ynode_get(root, "pack");
    const char *pack, *s;
    if (!v)
        return ynode_error(root, err, "the pack has no 'pack' name");
    if (ynode_string(v, "pack", &pack, err) < 0)
        return -1;
    if (!valid_name(pack))
        return ynode_error(v, err, "pack name '%s' must be lower-case letters, digits and '-', starting "
                           "with a letter or digit", pack);
    if ((v = ynode_get(root, "description")) && ynode_string(v, "description", &s, err) < 0)
        return -1;
    const ynode *list = ynode_get(root, "rules");
    if (!list)
        return ynode_error(root, err, "the pack has no 'rules'");
    if (ynode_expect(list, YN_SEQ, "rules", err) < 0)
        return -1;
    for (size_t i = 0; i < list->n; i++) {
        rule *r = NULL;
        if (load_rule(ynode_item(list, i), pack, file, env, *rules, *nrules, &r, err) < 0)
            return -1;
        GROW(*rules, *cap, *nrules + 1);
        (*rules)[(*nrules)++] = r;
    }
    return 0;
}

static int read_pack_file(const char *path, buf *out, lint_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        err_set(err, "%s: error: cannot read pack: %s", path, strerror(errno));
        return -1;
    }
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        buf_append(out, chunk, n);
        if (out->len > PACK_MAX_BYTES) {
            fclose(f);
            err_set(err, "%s: error: pack is larger than %u bytes", path, PACK_MAX_BYTES);
            return -1;
        }
    }
    int bad = ferror(f);
    int e = errno;
    fclose(f);
    if (bad) {
        err_set(err, "%s: error: cannot read pack: %s", path, strerror(e));
        return -1;
    }
    return 0;
}

static int unknown_builtin(const char *name, lint_error *err)
{
    const char **names;
    size_t n = pack_builtin_names(&names);
    buf list;
    buf_init(&list);
    join_list(&list, names, n);
    const char *hint = did_you_mean(name, names, n);
    if (hint)
        err_set(err, "error: no built-in pack '%s'; did you mean '%s'? (built-in packs: %s)", name, hint,
                list.data);
    else
        err_set(err, "error: no built-in pack '%s' (built-in packs: %s; a pack file needs a path ending "
                "in .yml)", name, list.data);
    buf_release(&list);
    return -1;
}

int pack_load(const char *name, const pack_env *env, rule ***rules, size_t *nrules, size_t *cap,
              lint_error *err)
{
    pack_env local = *env;
    buf file, text;
    buf_init(&file);
    buf_init(&text);
    const char *data;
    size_t len;
    int rc = -1;
    if (pack_is_path(name)) {
        if (read_pack_file(name, &text, err) < 0)
            goto done;
        buf_puts(&file, name);
        const char *slash = strrchr(name, '/');
        /* Relative paths inside a pack file are relative to the pack file. */
        buf dir;
        buf_init(&dir);
        if (!slash)
            buf_puts(&dir, ".");
        else
            buf_append(&dir, name, slash == name ? 1 : (size_t)(slash - name));
        data = text.data ? text.data : "";
        len = text.len;
        ynode *root = ynode_parse(file.data, data, len, err);
        if (root) {
            local.base_dir = dir.data;
            rc = pack_load_tree(root, file.data, &local, rules, nrules, cap, err);
            ynode_free(root);
        }
        buf_release(&dir);
        goto done;
    }
    buf_printf(&file, "rules/%s.yml", name);
    const embedded_file *ef = embedded_find(file.data);
    if (!ef || !ef->tree) {
        unknown_builtin(name, err);
        goto done;
    }
    local.base_dir = NULL;
    rc = pack_load_tree(ef->tree, file.data, &local, rules, nrules, cap, err);
done:
    buf_release(&file);
    buf_release(&text);
    return rc;
}
