/* test_pack.c — rule packs: the embedded list, the pack schema and every
 * located error in it, written as pack files in a temporary directory. The
 * compile step is covered for the kinds registered in rules.c. */
#include "harness.h"
#include "pack.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const pack_env env = {"family", "en_GB", "/usr/share/hunspell", NULL, NULL, 0};

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(2);
    }
    fputs(text, f);
    fclose(f);
}

typedef struct {
    rule **v;
    size_t n, cap;
} rule_list;

static void list_release(rule_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        rule_free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* Writes text to p.yml and loads it into l; returns the error or "". */
static const char *load_into(rule_list *l, const char *text, const pack_env *e)
{
    static lint_error err;
    err_clear(&err);
    write_file("p.yml", text);
    return pack_load("p.yml", e, &l->v, &l->n, &l->cap, &err) == 0 ? "" : err.msg;
}

static const char *load_error(const char *text)
{
    rule_list l = {0};
    const char *msg = load_into(&l, text, &env);
    list_release(&l);
    return msg;
}

/* A rule that passes every common check; kind and extra lines vary. */
#define RULE_HEAD "pack: t\nrules:\n  - id: one\n"
#define RULE_COMMON "    message: Say what happened\n    reason: Families read this.\n" \
                    "    examples: {bad: [a b], good: [c d]}\n"

static void test_embedded(void)
{
    CHECK(embedded_find("rules/no-such-pack.yml") == NULL);
    const char **names;
    size_t n = pack_builtin_names(&names);
    for (size_t i = 0; i < n; i++) {
        char path[128];
        snprintf(path, sizeof path, "rules/%s.yml", names[i]);
        CHECK(embedded_find(path) != NULL);
        if (i)
            CHECK(strcmp(names[i - 1], names[i]) < 0);
    }
    /* Every rules/NAME.yml embedded is listed. */
    size_t want = 0;
    for (size_t i = 0; i < embedded_nfiles; i++)
        if (strncmp(embedded_files[i].name, "rules/", 6) == 0)
            want++;
    CHECK_INT(n, want);
    const char **again;
    CHECK_INT(pack_builtin_names(&again), n);
    CHECK(again == names);
}

/* Do two trees hold the same nodes, positions and texts? */
static int same_tree(const ynode *a, const ynode *b)
{
    if (a->type != b->type || a->plain != b->plain || a->line != b->line || a->col != b->col ||
        a->len != b->len || a->n != b->n)
        return 0;
    if (a->type == YN_SCALAR)
        return memcmp(ynode_str(a), ynode_str(b), a->len + 1) == 0;
    for (size_t i = 0; i < a->n; i++)
        if (!same_tree(ynode_item(a, i), ynode_item(b, i)))
            return 0;
    return 1;
}

/* Every pack file comes with the tree the build parsed: the one a parse at
 * run time gives, under the file's own name. */
static void test_embedded_trees(void)
{
    size_t trees = 0;
    for (size_t i = 0; i < embedded_nfiles; i++) {
        const embedded_file *f = &embedded_files[i];
        size_t len = strlen(f->name);
        if (strncmp(f->name, "rules/", 6) != 0 || len < 4 || strcmp(f->name + len - 4, ".yml") != 0) {
            CHECK(f->tree == NULL);
            continue;
        }
        CHECK(f->tree != NULL);
        if (!f->tree)
            continue;
        trees++;
        CHECK_STR(ynode_file(f->tree), f->name);
        lint_error err = {0};
        ynode *parsed = ynode_parse(f->name, f->data, f->len, &err);
        CHECK(parsed && same_tree(parsed, f->tree));
        ynode_free(parsed);
    }
    CHECK(trees >= 2);
}

static void test_builtin_packs_load(void)
{
    const char **names;
    size_t n = pack_builtin_names(&names);
    for (size_t i = 0; i < n; i++) {
        rule_list l = {0};
        lint_error err;
        err_clear(&err);
        int rc = pack_load(names[i], &env, &l.v, &l.n, &l.cap, &err);
        if (rc != 0)
            fprintf(stderr, "%s\n", err.msg);
        CHECK_INT(rc, 0);
        for (size_t j = 0; j < l.n; j++) {
            char file[128];
            snprintf(file, sizeof file, "rules/%s.yml", names[i]);
            CHECK_STR(l.v[j]->file, file);
            CHECK(l.v[j]->nbad > 0 && l.v[j]->ngood > 0);
        }
        list_release(&l);
    }
    lint_error err;
    err_clear(&err);
    rule_list l = {0};
    CHECK_INT(pack_load("zzzzzzzz", &env, &l.v, &l.n, &l.cap, &err), -1);
    const char *want = "error: no built-in pack 'zzzzzzzz' (built-in packs: ";
    CHECK(strncmp(err.msg, want, strlen(want)) == 0);
    err_clear(&err);
    CHECK_INT(pack_load("missing.yml", &env, &l.v, &l.n, &l.cap, &err), -1);
    CHECK_STR(err.msg, "missing.yml: error: cannot read pack: No such file or directory");
    CHECK_INT(l.n, 0);
}

static void test_pack_level_errors(void)
{
    CHECK_STR(load_error("pack: t\nrules: [\n"),
              "p.yml:3:1: error: bad YAML: did not find expected node content while parsing a flow node");
    CHECK_STR(load_error("pack: t\nrulez: []\n"), "p.yml:2:1: error: unknown key 'rulez' in pack; did you mean 'rules'?");
    CHECK_STR(load_error("rules: []\n"), "p.yml:1:1: error: the pack has no 'pack' name");
    CHECK_STR(load_error("pack: My_Pack\nrules: []\n"),
              "p.yml:1:7: error: pack name 'My_Pack' must be lower-case letters, digits and '-', starting "
              "with a letter or digit");
    CHECK_STR(load_error("pack: t\ndescription: [x]\nrules: []\n"),
              "p.yml:2:14: error: expected a string for 'description', found a list");
    CHECK_STR(load_error("pack: t\n"), "p.yml:1:1: error: the pack has no 'rules'");
    CHECK_STR(load_error("pack: t\nrules: {id: x}\n"), "p.yml:2:8: error: expected a list for 'rules', found a map");
    CHECK_STR(load_error("pack: t\nrules:\n  - just text\n"),
              "p.yml:3:5: error: expected a map for the rule, found a string");
    CHECK_STR(load_error("pack: t\nrules:\n  - id: a\n    id: b\n"),
              "p.yml:4:5: error: duplicate key 'id' (first written at line 3, column 5)");
    CHECK_STR(load_error("- a\n"), "p.yml:1:1: error: expected a map for the pack, found a list");

    rule_list l = {0};
    CHECK_STR(load_into(&l, "pack: t\ndescription: Nothing yet.\nrules: []\n", &env), "");
    CHECK_INT(l.n, 0);
    list_release(&l);
}

static void test_rule_errors(void)
{
    CHECK_STR(load_error(RULE_HEAD "    kind: regex\n    mesage: x\n"),
              "p.yml:5:5: error: unknown key 'mesage' in rule; did you mean 'message'?");
    CHECK_STR(load_error("pack: t\nrules:\n  - idd: one\n"),
              "p.yml:3:5: error: unknown key 'idd' in rule; did you mean 'id'?");
    CHECK_STR(load_error("pack: t\nrules:\n  - kind: regex\n"), "p.yml:3:5: error: rule has no 'id'");
    CHECK_STR(load_error("pack: t\nrules:\n  - id: Bad_Id\n"),
              "p.yml:3:9: error: rule id 'Bad_Id' must be lower-case letters, digits and '-', starting "
              "with a letter or digit");
    CHECK_STR(load_error("pack: t\nrules:\n  - id: -x\n"),
              "p.yml:3:9: error: rule id '-x' must be lower-case letters, digits and '-', starting "
              "with a letter or digit");
    CHECK_STR(load_error("pack: t\nrules:\n  - id: 7\n    kind: regex\n    message: [a]\n"),
              "p.yml:5:14: error: expected a string for 'message', found a list");
    CHECK_STR(load_error(RULE_HEAD RULE_COMMON), "p.yml:3:5: error: rule 't.one' has no 'kind'");
    CHECK_STR(load_error(RULE_HEAD "    kind: regex\n    reason: r\n"), "p.yml:3:5: error: rule 't.one' has no 'message'");
    CHECK_STR(load_error(RULE_HEAD "    kind: regex\n    message: m\n"), "p.yml:3:5: error: rule 't.one' has no 'reason'");
    CHECK_STR(load_error(RULE_HEAD "    kind: regex\n    reason: r\n    message:\n"),
              "p.yml:6:13: error: expected a string for 'message', found nothing");
    CHECK_STR(load_error(RULE_HEAD "    kind: regex\n    severity: eror\n" RULE_COMMON),
              "p.yml:5:15: error: unknown severity 'eror'; did you mean 'error'? (one of: error, warning, "
              "suggestion, off)");
    CHECK_STR(load_error(RULE_HEAD "    kind: regex\n    severity: fatal\n" RULE_COMMON),
              "p.yml:5:15: error: unknown severity 'fatal' (one of: error, warning, suggestion, off)");
    CHECK_STR(load_error(RULE_HEAD "    kind: regex\n    suggestions: {a: b}\n" RULE_COMMON),
              "p.yml:5:18: error: expected a string or a list of strings for 'suggestions', found a map");
    CHECK_STR(load_error(RULE_HEAD "    kind: regex\n    profiles: {famly: error}\n" RULE_COMMON),
              "p.yml:5:16: error: unknown profile 'famly'; did you mean 'family'? (one of: family, "
              "professional, court, child)");
    CHECK_STR(load_error(RULE_HEAD "    kind: regex\n    profiles: {court: loud}\n" RULE_COMMON),
              "p.yml:5:23: error: unknown severity 'loud' (one of: error, warning, suggestion, off)");
    CHECK_STR(load_error(RULE_HEAD "    kind: regex\n    profiles: [court]\n" RULE_COMMON),
              "p.yml:5:15: error: expected a map for 'profiles', found a list");
}

static void test_example_errors(void)
{
    const char *base = RULE_HEAD "    kind: regex\n    message: m\n    reason: r\n";
    char text[512];
    snprintf(text, sizeof text, "%s", base);
    CHECK_STR(load_error(text),
              "p.yml:3:5: error: rule 't.one' has no examples (add examples: {bad: [...], good: [...]})");
    snprintf(text, sizeof text, "%s    examples: {good: [x]}\n", base);
    CHECK_STR(load_error(text), "p.yml:7:15: error: rule 't.one' has no bad examples");
    snprintf(text, sizeof text, "%s    examples: {bad: [], good: [x]}\n", base);
    CHECK_STR(load_error(text), "p.yml:7:21: error: rule 't.one' has no bad examples");
    snprintf(text, sizeof text, "%s    examples:\n      bad: [x]\n", base);
    CHECK_STR(load_error(text), "p.yml:8:7: error: rule 't.one' has no good examples");
    snprintf(text, sizeof text, "%s    examples:\n      bad: [x]\n      god: [y]\n", base);
    CHECK_STR(load_error(text), "p.yml:9:7: error: unknown key 'god' in examples; did you mean 'good'?");
    snprintf(text, sizeof text, "%s    examples: [x]\n", base);
    CHECK_STR(load_error(text), "p.yml:7:15: error: expected a map for the examples, found a list");
    snprintf(text, sizeof text, "%s    examples: {bad: [[x]], good: [y]}\n", base);
    CHECK_STR(load_error(text), "p.yml:7:22: error: expected a string in the list 'bad', found a list");
}

static void test_kind_and_duplicates(void)
{
    const char *msg = load_error(RULE_HEAD "    kind: qwertyuiop\n" RULE_COMMON);
    const char *want = "p.yml:4:11: error: unknown kind 'qwertyuiop' in rule 't.one' (kinds: ";
    CHECK(strncmp(msg, want, strlen(want)) == 0);
    if (rule_kind_find("phrase")) {
        msg = load_error(RULE_HEAD "    kind: phrse\n" RULE_COMMON);
        want = "p.yml:4:11: error: unknown kind 'phrse' in rule 't.one'; did you mean 'phrase'? (kinds: ";
        CHECK(strncmp(msg, want, strlen(want)) == 0);
    }

    /* A rule id already taken by an earlier pack. */
    rule_list l = {0};
    rule *first = xcalloc(1, sizeof *first);
    first->id = xstrdup("t.one");
    first->pack = xstrdup("t");
    first->file = xstrdup("rules/t.yml");
    first->line = 4;
    first->col = 5;
    GROW(l.v, l.cap, 1);
    l.v[l.n++] = first;
    CHECK_STR(load_into(&l, RULE_HEAD "    kind: regex\n" RULE_COMMON, &env),
              "p.yml:3:9: error: duplicate rule id 't.one' (first defined at rules/t.yml:4:5)");
    CHECK_INT(l.n, 1);
    list_release(&l);
}

/* The compile step and effective severities, with the regex kind when it is
 * registered (its pattern key is "pattern"). */
static void test_compiled_rules(void)
{
    const rule_kind *k = rule_kind_find("regex");
    int has_pattern = 0;
    for (size_t i = 0; k && k->keys && k->keys[i]; i++)
        has_pattern |= strcmp(k->keys[i], "pattern") == 0;
    if (!has_pattern)
        return;
    const char *text = "pack: t\nrules:\n"
                       "  - id: one\n    kind: regex\n    pattern: 'fo+'\n    severity: suggestion\n"
                       "    profiles: {court: error, child: off}\n" RULE_COMMON
                       "  - id: two\n    kind: regex\n    pattern: 'ba+r'\n"
                       "    suggestions: write bar\n" RULE_COMMON;
    rule_list l = {0};
    CHECK_STR(load_into(&l, text, &env), "");
    CHECK_INT(l.n, 2);
    if (l.n == 2) {
        CHECK_STR(l.v[0]->id, "t.one");
        CHECK_STR(l.v[0]->pack, "t");
        CHECK_STR(l.v[0]->file, "p.yml");
        CHECK_INT(l.v[0]->line, 3);
        CHECK_INT(l.v[0]->col, 5);
        CHECK(l.v[0]->kind == k);
        CHECK_INT(l.v[0]->default_sev, SEV_SUGGESTION);
        CHECK_INT(l.v[0]->sev, SEV_SUGGESTION);
        CHECK_STR(l.v[0]->message, "Say what happened");
        CHECK_STR(l.v[0]->reason, "Families read this.");
        CHECK_INT(l.v[0]->nbad, 1);
        CHECK_STR(l.v[0]->bad[0], "a b");
        CHECK_STR(l.v[0]->good[0], "c d");
        CHECK_INT(l.v[1]->default_sev, SEV_WARNING);
        CHECK_INT(l.v[1]->nsugg, 1);
        CHECK_STR(l.v[1]->suggestions[0], "write bar");
    }
    list_release(&l);
    pack_env court = env;
    court.profile = "court";
    CHECK_STR(load_into(&l, text, &court), "");
    CHECK(l.n == 2 && l.v[0]->sev == SEV_ERROR && l.v[0]->default_sev == SEV_SUGGESTION);
    list_release(&l);
    pack_env child = env;
    child.profile = "child";
    CHECK_STR(load_into(&l, text, &child), "");
    CHECK(l.n == 2 && l.v[0]->sev == SEV_OFF && l.v[1]->sev == SEV_WARNING);
    /* Loading the same pack again: the ids are taken. */
    CHECK_STR(load_into(&l, text, &child), "p.yml:3:9: error: duplicate rule id 't.one' (first defined at p.yml:3:5)");
    CHECK_INT(l.n, 2);
    list_release(&l);
    /* A key of another kind is unknown for this one. */
    CHECK_STR(load_error("pack: t\nrules:\n  - id: one\n    kind: regex\n    pattern: x\n    patern: y\n" RULE_COMMON),
              "p.yml:6:5: error: unknown key 'patern' in rule; did you mean 'pattern'?");
}

int main(void)
{
    char dir[PATH_MAX];
    const char *base = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/plainsafe-test-pack-XXXXXX", base && *base ? base : "/tmp");
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd) || !mkdtemp(dir) || chdir(dir) != 0) {
        perror("temporary directory");
        return 2;
    }
    test_embedded();
    test_embedded_trees();
    test_builtin_packs_load();
    test_pack_level_errors();
    test_rule_errors();
    test_example_errors();
    test_kind_and_duplicates();
    test_compiled_rules();
    CHECK(unlink("p.yml") == 0);
    CHECK(chdir(cwd) == 0);
    CHECK(rmdir(dir) == 0);
    return TEST_DONE();
}
