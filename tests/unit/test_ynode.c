/* test_ynode.c — the YAML tree: shapes, positions, typing, and the exact
 * located errors for bad YAML, aliases, duplicate keys and wrong types. */
#include "harness.h"
#include "ynode.h"

#include <stdlib.h>

static ynode *parse(const char *text, lint_error *err)
{
    err_clear(err);
    return ynode_parse("t.yml", text, strlen(text), err);
}

/* The error message for text that must fail to parse. */
static const char *parse_error(const char *text)
{
    static lint_error err;
    ynode *n = parse(text, &err);
    if (n) {
        ynode_free(n);
        return "(parsed)";
    }
    return err.msg;
}

static void test_shapes_and_positions(void)
{
    lint_error err;
    ynode *root = parse("a: 1\nb: [x, \"y\"]\nc:\n  d: 'e'\n  f:\n    - g\n", &err);
    CHECK(root != NULL);
    if (!root)
        return;
    CHECK_INT(root->type, YN_MAP);
    CHECK_INT(ynode_pairs(root), 3);
    CHECK_STR(ynode_str(ynode_key(root, 1)), "b");
    CHECK_INT(ynode_key(root, 1)->line, 2);
    CHECK_INT(ynode_key(root, 1)->col, 1);
    const ynode *b = ynode_get(root, "b");
    CHECK(b && b->type == YN_SEQ && b->n == 2);
    if (b && b->n == 2) {
        CHECK_STR(ynode_str(ynode_item(b, 0)), "x");
        CHECK_INT(ynode_item(b, 0)->plain, 1);
        CHECK_INT(ynode_item(b, 0)->col, 5);
        CHECK_STR(ynode_str(ynode_item(b, 1)), "y");
        CHECK_INT(ynode_item(b, 1)->plain, 0);
        CHECK_INT(ynode_item(b, 1)->len, 1);
    }
    const ynode *c = ynode_get(root, "c");
    CHECK(c && c->type == YN_MAP);
    const ynode *d = ynode_get(c, "d");
    CHECK(d && d->line == 4 && d->col == 6 && !d->plain);
    const ynode *f = ynode_get(c, "f");
    CHECK(f && f->type == YN_SEQ && f->n == 1 && ynode_item(f, 0)->line == 6 && ynode_item(f, 0)->col == 7);
    CHECK(ynode_get(root, "zz") == NULL);
    CHECK(ynode_get(b, "x") == NULL);
    CHECK_STR(ynode_file(root), "t.yml");
    CHECK_STR(ynode_file(ynode_item(f, 0)), "t.yml");
    ynode_free(root);
}

/* A tree is one position-independent block: a copy anywhere reads the same
 * (the build emits parsed packs as static data). */
static void test_tree_is_one_movable_block(void)
{
    lint_error err;
    ynode *root = parse("a: [x, {k: v}]\nb: text\n", &err);
    CHECK(root != NULL);
    if (!root)
        return;
    const ynode_head *h = (const ynode_head *)(const void *)((const char *)root + root->head);
    size_t size = sizeof *h + h->nnodes * sizeof(ynode) + h->ntext;
    size_t root_at = (size_t)((const char *)root - (const char *)h);
    CHECK(root_at == sizeof *h + (h->nnodes - 1) * sizeof(ynode));
    char *copy = malloc(size);
    memcpy(copy, h, size);
    ynode_free(root);
    const ynode *r = (const ynode *)(const void *)(copy + root_at);
    CHECK_STR(ynode_file(r), "t.yml");
    const ynode *a = ynode_get(r, "a");
    CHECK(a && a->type == YN_SEQ && a->n == 2);
    if (a && a->n == 2) {
        CHECK_STR(ynode_str(ynode_item(a, 0)), "x");
        CHECK_STR(ynode_str(ynode_get(ynode_item(a, 1), "k")), "v");
        CHECK_INT(ynode_get(ynode_item(a, 1), "k")->col, 12);
    }
    CHECK_STR(ynode_str(ynode_get(r, "b")), "text");
    CHECK(ynode_str(a) == NULL);
    free(copy);
}

static void test_columns_count_code_points(void)
{
    lint_error err;
    /* BOM first, then two 2-byte characters before the value. */
    ynode *root = parse("\xEF\xBB\xBF\xC3\xA9\xC3\xA9: v\n", &err);
    CHECK(root != NULL);
    if (root) {
        CHECK_INT(ynode_key(root, 0)->col, 1);
        CHECK_INT(ynode_value(root, 0)->col, 5);
        CHECK_STR(ynode_str(ynode_key(root, 0)), "\xC3\xA9\xC3\xA9");
        ynode_free(root);
    }
    CHECK_STR(parse_error("\xC3\xA9\xC3\xA9: b: c\n"),
              "t.yml:1:6: error: bad YAML: mapping values are not allowed in this context "
              "(put text that contains ': ' in quotes)");
}

static void test_empty_documents(void)
{
    lint_error err;
    const char *empties[] = {"", "# only a comment\n", "---\n", "---\n...\n"};
    for (size_t i = 0; i < ARRAY_LEN(empties); i++) {
        ynode *root = parse(empties[i], &err);
        CHECK(root != NULL);
        if (root) {
            CHECK_INT(root->type, YN_MAP);
            CHECK_INT(ynode_pairs(root), 0);
            ynode_free(root);
        }
    }
}

static void test_bad_yaml(void)
{
    CHECK_STR(parse_error("a: 1\n  b: 2\n"),
              "t.yml:2:4: error: bad YAML: mapping values are not allowed in this context "
              "(put text that contains ': ' in quotes)");
    CHECK_STR(parse_error("a: [1, 2\nb: 3\n"),
              "t.yml:2:2: error: bad YAML: did not find expected ',' or ']' while parsing a flow "
              "sequence that starts at line 1, column 4");
    CHECK_STR(parse_error("rules:\n  - id: x\n    message: \"a\n"),
              "t.yml:4:1: error: bad YAML: found unexpected end of stream while scanning a quoted "
              "scalar that starts at line 3, column 14");
    CHECK_STR(parse_error("a:\n  - b\n c: 1\n"),
              "t.yml:3:2: error: bad YAML: did not find expected key while parsing a block mapping "
              "that starts at line 1, column 1");
    CHECK_STR(parse_error("k:\n\t- x\n"), "t.yml:2:1: error: bad YAML: found a tab; indent YAML with spaces");
    CHECK_STR(parse_error("a: \xFF\n"), "t.yml:1:4: error: bad YAML: the text is not valid UTF-8 (byte 0xFF)");
    CHECK_STR(parse_error("a: b\n\xC3\xA9\xC3(\n"),
              "t.yml:2:3: error: bad YAML: the text is not valid UTF-8 (byte 0x28)");
    CHECK_STR(parse_error("a: \x01\n"), "t.yml:1:4: error: bad YAML: control characters are not allowed (byte 0x01)");
    CHECK_STR(parse_error("a: 1\n---\nb: 2\n"),
              "t.yml:2:1: error: only one YAML document is allowed (found a second '---')");
    CHECK_STR(parse_error("? [a]\n: 1\n"), "t.yml:1:3: error: a key must be a plain string, not a list or a map");
    CHECK_STR(parse_error("a: !!str 1\n"), "t.yml:1:4: error: YAML tags are not supported");
}

static void test_aliases_and_duplicates(void)
{
    CHECK_STR(parse_error("a: &x 1\nb: *x\n"), "t.yml:1:4: error: anchors and aliases are not supported");
    CHECK_STR(parse_error("a: [1]\nb: *x\n"), "t.yml:2:4: error: anchors and aliases are not supported");
    CHECK_STR(parse_error("a: 1\nb: 2\na: 3\n"),
              "t.yml:3:1: error: duplicate key 'a' (first written at line 1, column 1)");
    CHECK_STR(parse_error("m:\n  - k: 1\n    \"k\": 2\n"),
              "t.yml:3:5: error: duplicate key 'k' (first written at line 2, column 5)");
    /* The same key in sibling maps is fine. */
    lint_error err;
    ynode *root = parse("- k: 1\n- k: 2\n", &err);
    CHECK(root != NULL);
    ynode_free(root);
}

static void test_depth_limit(void)
{
    char deep[300];
    size_t n = 0;
    for (int i = 0; i < 100; i++)
        deep[n++] = '[';
    deep[n++] = '1';
    for (int i = 0; i < 100; i++)
        deep[n++] = ']';
    deep[n] = 0;
    CHECK_STR(parse_error(deep), "t.yml:1:65: error: nesting deeper than 64 levels");
}

static void test_typed_reads(void)
{
    lint_error err;
    ynode *root = parse("s: hello\nq: \"true\"\nt: true\nf: false\nyes: yes\nn: -2.5e1\ni: 42\n"
                        "qn: \"42\"\nl: [a, b]\nm: {x: 1}\nnone:\nhex: 0x1F\nlone: word\n"
                        "bad: [a, [b]]\n", &err);
    CHECK(root != NULL);
    if (!root)
        return;
    const char *s = NULL;
    int b = -1;
    double d = 0;

    CHECK_INT(ynode_string(ynode_get(root, "s"), "s", &s, &err), 0);
    CHECK_STR(s, "hello");
    CHECK_INT(ynode_string(ynode_get(root, "q"), "q", &s, &err), 0);
    CHECK_STR(s, "true");
    CHECK_INT(ynode_string(ynode_get(root, "i"), "i", &s, &err), 0);
    CHECK_STR(s, "42");

    err_clear(&err);
    CHECK_INT(ynode_string(ynode_get(root, "l"), "message", &s, &err), -1);
    CHECK_STR(err.msg, "t.yml:9:4: error: expected a string for 'message', found a list");
    err_clear(&err);
    CHECK_INT(ynode_string(ynode_get(root, "t"), "message", &s, &err), -1);
    CHECK_STR(err.msg, "t.yml:3:4: error: expected a string for 'message', found a boolean");
    err_clear(&err);
    CHECK_INT(ynode_string(ynode_get(root, "none"), "reason", &s, &err), -1);
    CHECK_STR(err.msg, "t.yml:11:6: error: expected a string for 'reason', found nothing");

    CHECK_INT(ynode_bool(ynode_get(root, "t"), "t", &b, &err), 0);
    CHECK_INT(b, 1);
    CHECK_INT(ynode_bool(ynode_get(root, "f"), "f", &b, &err), 0);
    CHECK_INT(b, 0);
    err_clear(&err);
    CHECK_INT(ynode_bool(ynode_get(root, "yes"), "caseless", &b, &err), -1);
    CHECK_STR(err.msg, "t.yml:5:6: error: expected true or false for 'caseless', found 'yes'");
    err_clear(&err);
    CHECK_INT(ynode_bool(ynode_get(root, "q"), "caseless", &b, &err), -1);
    CHECK_STR(err.msg, "t.yml:2:4: error: expected true or false for 'caseless', found a quoted string "
                       "(write true without quotes)");
    err_clear(&err);
    CHECK_INT(ynode_bool(ynode_get(root, "m"), "caseless", &b, &err), -1);
    CHECK_STR(err.msg, "t.yml:10:4: error: expected true or false for 'caseless', found a map");

    CHECK_INT(ynode_number(ynode_get(root, "n"), "n", &d, &err), 0);
    CHECK_NEAR(d, -25.0, 1e-9);
    CHECK_INT(ynode_number(ynode_get(root, "i"), "i", &d, &err), 0);
    CHECK_NEAR(d, 42.0, 1e-9);
    err_clear(&err);
    CHECK_INT(ynode_number(ynode_get(root, "qn"), "max", &d, &err), -1);
    CHECK_STR(err.msg, "t.yml:8:5: error: expected a number for 'max', found a string");
    err_clear(&err);
    CHECK_INT(ynode_number(ynode_get(root, "hex"), "max", &d, &err), -1);
    CHECK_STR(err.msg, "t.yml:12:6: error: expected a number for 'max', found a string");

    const char **v = NULL;
    size_t n = 0;
    CHECK_INT(ynode_strings(ynode_get(root, "l"), "l", &v, &n, &err), 0);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(v[0], "a");
        CHECK_STR(v[1], "b");
    }
    free(v);
    CHECK_INT(ynode_strings(ynode_get(root, "lone"), "lone", &v, &n, &err), 0);
    CHECK_INT(n, 1);
    CHECK_STR(v[0], "word");
    free(v);
    err_clear(&err);
    CHECK_INT(ynode_strings(ynode_get(root, "bad"), "words", &v, &n, &err), -1);
    CHECK_STR(err.msg, "t.yml:14:10: error: expected a string in the list 'words', found a list");
    err_clear(&err);
    CHECK_INT(ynode_strings(ynode_get(root, "m"), "words", &v, &n, &err), -1);
    CHECK_STR(err.msg, "t.yml:10:4: error: expected a string or a list of strings for 'words', found a map");

    CHECK_INT(ynode_expect(ynode_get(root, "l"), YN_SEQ, "l", &err), 0);
    err_clear(&err);
    CHECK_INT(ynode_expect(ynode_get(root, "s"), YN_MAP, "examples", &err), -1);
    CHECK_STR(err.msg, "t.yml:1:4: error: expected a map for 'examples', found a string");
    ynode_free(root);
}

static void test_check_keys(void)
{
    static const char *const keys[] = {"id", "kind", "message", "reason", NULL};
    lint_error err;
    ynode *root = parse("id: a\nmesage: hi\n", &err);
    CHECK(root != NULL);
    if (root) {
        CHECK_INT(ynode_check_keys(root, "rule", keys, &err), -1);
        CHECK_STR(err.msg, "t.yml:2:1: error: unknown key 'mesage' in rule; did you mean 'message'?");
        ynode_free(root);
    }
    root = parse("id: a\nzzz: hi\n", &err);
    if (root) {
        CHECK_INT(ynode_check_keys(root, "rule", keys, &err), -1);
        CHECK_STR(err.msg, "t.yml:2:1: error: unknown key 'zzz' in rule; expected one of: id, kind, message, reason");
        ynode_free(root);
    }
    root = parse("id: a\nkind: b\n", &err);
    if (root) {
        CHECK_INT(ynode_check_keys(root, "rule", keys, &err), 0);
        CHECK_INT(err.set, 0);
        ynode_free(root);
    }
    root = parse("- id\n", &err);
    if (root) {
        CHECK_INT(ynode_check_keys(root, "rule", keys, &err), -1);
        CHECK_STR(err.msg, "t.yml:1:1: error: expected a map for the rule, found a list");
        ynode_free(root);
    }
}

static void test_first_error_wins(void)
{
    lint_error err;
    ynode *root = parse("a: [x]\nb: [y]\n", &err);
    CHECK(root != NULL);
    if (!root)
        return;
    const char *s;
    ynode_string(ynode_get(root, "a"), "a", &s, &err);
    ynode_string(ynode_get(root, "b"), "b", &s, &err);
    CHECK_STR(err.msg, "t.yml:1:4: error: expected a string for 'a', found a list");
    ynode_free(root);
}

int main(void)
{
    test_shapes_and_positions();
    test_tree_is_one_movable_block();
    test_columns_count_code_points();
    test_empty_documents();
    test_bad_yaml();
    test_aliases_and_duplicates();
    test_depth_limit();
    test_typed_reads();
    test_check_keys();
    test_first_error_wins();
    return TEST_DONE();
}
