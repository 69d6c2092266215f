/* ynode.c — reading YAML: libyaml's event stream in, a ynode tree out (see
 * ynode.h). The only file that includes <yaml.h>. Pack and config loaders
 * read the tree through the typed accessors here, so every mistake in a
 * pack or config comes out as "file:line:col: error: ...".
 */
#include "ynode.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* Deeper nesting is refused: no pack or config needs it, and the tree is
 * walked recursively. */
#define YNODE_MAX_DEPTH 64

typedef struct {
    yaml_parser_t parser;
    const char *file;        /* the tree's shared copy of the name */
    const char *text;
    size_t len;
    lint_error *err;
} reader;

static ynode *node_new(ynode_type t, const char *file, yaml_mark_t m)
{
    ynode *n = xcalloc(1, sizeof *n);
    n->type = t;
    n->file = file;
    n->line = (int)m.line + 1;
    n->col = (int)m.column + 1;
    return n;
}

static void node_free(ynode *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n; i++)
        node_free(n->items[i]);
    free(n->items);
    free(n->str);
    free(n);
}

/* The root owns the file name shared by every node. */
void ynode_free(ynode *n)
{
    if (!n)
        return;
    char *file = (char *)n->file;
    node_free(n);
    free(file);
}

static void node_push(ynode *parent, ynode *child, size_t *cap)
{
    GROW(parent->items, *cap, parent->n + 1);
    parent->items[parent->n++] = child;
}

static int located(lint_error *err, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int located(lint_error *err, const char *file, int line, int col, const char *fmt, ...)
{
    char msg[1536];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    err_set(err, "%s:%d:%d: error: %s", file, line, col, msg);
    return -1;
}

static int mark_error(reader *r, yaml_mark_t m, const char *msg)
{
    return located(r->err, r->file, (int)m.line + 1, (int)m.column + 1, "%s", msg);
}

/* Line and column (code points, 1-based) of a byte offset, as libyaml counts
 * them: a leading BOM takes no column; CRLF, CR and LF end lines. */
static void offset_position(const char *text, size_t len, size_t off, int *line, int *col)
{
    size_t i = 0;
    int l = 1, c = 1;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    if (off > len)
        off = len;
    for (; i < off; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch == '\n' || (ch == '\r' && !(i + 1 < len && text[i + 1] == '\n'))) {
            l++;
            c = 1;
        } else if (ch != '\r' && (ch & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* The first byte of the character at a libyaml mark (its index counts
 * characters, not bytes), or -1 past the end. */
static int char_at(const char *text, size_t len, yaml_mark_t m)
{
    size_t i = 0, line = 0, col = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    for (; i < len; i++) {
        unsigned char ch = (unsigned char)text[i];
        if ((ch & 0xC0) == 0x80)
            continue;
        if (line == m.line && col == m.column)
            return ch;
        if (ch == '\n' || (ch == '\r' && !(i + 1 < len && text[i + 1] == '\n'))) {
            line++;
            col = 0;
        } else if (ch != '\r') {
            col++;
        }
    }
    return -1;
}

static int syntax_error(reader *r)
{
    yaml_parser_t *p = &r->parser;
    const char *problem = p->problem ? p->problem : "cannot parse";
    if (p->error == YAML_READER_ERROR) {
        int line, col;
        offset_position(r->text, r->len, p->problem_offset, &line, &col);
        if (strstr(problem, "UTF-8") && p->problem_value != -1)
            return located(r->err, r->file, line, col, "bad YAML: the text is not valid UTF-8 (byte 0x%02X)",
                           (unsigned)p->problem_value & 0xFFu);
        if (strstr(problem, "UTF-8"))
            return located(r->err, r->file, line, col, "bad YAML: the text is not valid UTF-8");
        if (p->problem_value != -1)
            return located(r->err, r->file, line, col, "bad YAML: %s (byte 0x%02X)", problem,
                           (unsigned)p->problem_value & 0xFFu);
        return located(r->err, r->file, line, col, "bad YAML: %s", problem);
    }
    yaml_mark_t m = p->problem_mark;
    if (char_at(r->text, r->len, m) == '\t')
        return located(r->err, r->file, (int)m.line + 1, (int)m.column + 1,
                       "bad YAML: found a tab; indent YAML with spaces");
    if (strcmp(problem, "mapping values are not allowed in this context") == 0)
        return located(r->err, r->file, (int)m.line + 1, (int)m.column + 1,
                       "bad YAML: %s (put text that contains ': ' in quotes)", problem);
    if (p->context && (p->context_mark.line != m.line || p->context_mark.column != m.column))
        return located(r->err, r->file, (int)m.line + 1, (int)m.column + 1,
                       "bad YAML: %s %s that starts at line %d, column %d", problem, p->context,
                       (int)p->context_mark.line + 1, (int)p->context_mark.column + 1);
    if (p->context)
        return located(r->err, r->file, (int)m.line + 1, (int)m.column + 1, "bad YAML: %s %s",
                       problem, p->context);
    return located(r->err, r->file, (int)m.line + 1, (int)m.column + 1, "bad YAML: %s", problem);
}

static int next_event(reader *r, yaml_event_t *ev)
{
    if (!yaml_parser_parse(&r->parser, ev))
        return syntax_error(r);
    return 0;
}

static int refuse_extras(reader *r, const yaml_event_t *ev, const yaml_char_t *anchor,
                         const yaml_char_t *tag)
{
    if (anchor)
        return mark_error(r, ev->start_mark, "anchors and aliases are not supported");
    if (tag)
        return mark_error(r, ev->start_mark, "YAML tags are not supported");
    return 0;
}

static ynode *parse_node(reader *r, yaml_event_t *ev, int depth);

static ynode *parse_seq(reader *r, yaml_event_t *start, int depth)
{
    ynode *n = node_new(YN_SEQ, r->file, start->start_mark);
    size_t cap = 0;
    for (;;) {
        yaml_event_t ev;
        if (next_event(r, &ev) < 0)
            break;
        if (ev.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&ev);
            return n;
        }
        ynode *item = parse_node(r, &ev, depth + 1);
        yaml_event_delete(&ev);
        if (!item)
            break;
        node_push(n, item, &cap);
    }
    node_free(n);
    return NULL;
}

static ynode *parse_map(reader *r, yaml_event_t *start, int depth)
{
    ynode *n = node_new(YN_MAP, r->file, start->start_mark);
    size_t cap = 0;
    for (;;) {
        yaml_event_t ev;
        if (next_event(r, &ev) < 0)
            break;
        if (ev.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&ev);
            return n;
        }
        if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) {
            mark_error(r, ev.start_mark, "a key must be a plain string, not a list or a map");
            yaml_event_delete(&ev);
            break;
        }
        ynode *key = parse_node(r, &ev, depth + 1);
        yaml_event_delete(&ev);
        if (!key)
            break;
        for (size_t i = 0; i < n->n; i += 2) {
            const ynode *k = n->items[i];
            if (k->len == key->len && memcmp(k->str, key->str, key->len) == 0) {
                located(r->err, r->file, key->line, key->col,
                        "duplicate key '%s' (first written at line %d, column %d)", key->str,
                        k->line, k->col);
                node_free(key);
                goto fail;
            }
        }
        node_push(n, key, &cap);
        if (next_event(r, &ev) < 0)
            break;
        ynode *value = parse_node(r, &ev, depth + 1);
        yaml_event_delete(&ev);
        if (!value)
            break;
        node_push(n, value, &cap);
    }
fail:
    node_free(n);
    return NULL;
}

/* Builds the node that ev starts (ev stays owned by the caller). */
static ynode *parse_node(reader *r, yaml_event_t *ev, int depth)
{
    if (depth > YNODE_MAX_DEPTH) {
        located(r->err, r->file, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
                "nesting deeper than %d levels", YNODE_MAX_DEPTH);
        return NULL;
    }
    switch (ev->type) {
    case YAML_ALIAS_EVENT:
        mark_error(r, ev->start_mark, "anchors and aliases are not supported");
        return NULL;
    case YAML_SCALAR_EVENT: {
        if (refuse_extras(r, ev, ev->data.scalar.anchor, ev->data.scalar.tag) < 0)
            return NULL;
        ynode *n = node_new(YN_SCALAR, r->file, ev->start_mark);
        n->str = xstrndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
        n->len = ev->data.scalar.length;
        n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        return n;
    }
    case YAML_SEQUENCE_START_EVENT:
        if (refuse_extras(r, ev, ev->data.sequence_start.anchor, ev->data.sequence_start.tag) < 0)
            return NULL;
        return parse_seq(r, ev, depth);
    case YAML_MAPPING_START_EVENT:
        if (refuse_extras(r, ev, ev->data.mapping_start.anchor, ev->data.mapping_start.tag) < 0)
            return NULL;
        return parse_map(r, ev, depth);
    default:
        mark_error(r, ev->start_mark, "bad YAML: unexpected structure");
        return NULL;
    }
}

/* Reads events until want arrives; anything else is a parse error. */
static int expect_event(reader *r, yaml_event_type_t want, yaml_event_t *ev)
{
    if (next_event(r, ev) < 0)
        return -1;
    if (ev->type != want) {
        mark_error(r, ev->start_mark, "bad YAML: unexpected structure");
        yaml_event_delete(ev);
        return -1;
    }
    return 0;
}

static ynode *parse_stream(reader *r)
{
    yaml_event_t ev;
    if (expect_event(r, YAML_STREAM_START_EVENT, &ev) < 0)
        return NULL;
    yaml_event_delete(&ev);
    if (next_event(r, &ev) < 0)
        return NULL;
    if (ev.type == YAML_STREAM_END_EVENT) {
        yaml_event_delete(&ev);
        yaml_mark_t m = {0, 0, 0};
        return node_new(YN_MAP, r->file, m);
    }
    if (ev.type != YAML_DOCUMENT_START_EVENT) {
        mark_error(r, ev.start_mark, "bad YAML: unexpected structure");
        yaml_event_delete(&ev);
        return NULL;
    }
    yaml_event_delete(&ev);
    if (next_event(r, &ev) < 0)
        return NULL;
    ynode *root = parse_node(r, &ev, 1);
    yaml_event_delete(&ev);
    if (!root)
        return NULL;
    if (root->type == YN_SCALAR && root->plain && root->len == 0) {
        root->type = YN_MAP;
        free(root->str);
        root->str = NULL;
    }
    if (expect_event(r, YAML_DOCUMENT_END_EVENT, &ev) < 0)
        goto fail;
    yaml_event_delete(&ev);
    if (next_event(r, &ev) < 0)
        goto fail;
    if (ev.type == YAML_DOCUMENT_START_EVENT) {
        mark_error(r, ev.start_mark, "only one YAML document is allowed (found a second '---')");
        yaml_event_delete(&ev);
        goto fail;
    }
    yaml_event_delete(&ev);
    return root;
fail:
    node_free(root);
    return NULL;
}

ynode *ynode_parse(const char *name, const char *text, size_t len, lint_error *err)
{
    reader r;
    memset(&r, 0, sizeof r);
    if (!yaml_parser_initialize(&r.parser)) {
        err_set(err, "%s: error: cannot start the YAML parser", name);
        return NULL;
    }
    char *file = xstrdup(name);
    r.file = file;
    r.text = text;
    r.len = len;
    r.err = err;
    yaml_parser_set_input_string(&r.parser, (const unsigned char *)text, len);
    ynode *root = parse_stream(&r);
    yaml_parser_delete(&r.parser);
    if (!root)
        free(file);
    return root;
}

const ynode *ynode_get(const ynode *map, const char *key)
{
    if (!map || map->type != YN_MAP)
        return NULL;
    for (size_t i = 0; i + 1 < map->n; i += 2)
        if (strcmp(map->items[i]->str, key) == 0)
            return map->items[i + 1];
    return NULL;
}

size_t ynode_pairs(const ynode *map)
{
    return map && map->type == YN_MAP ? map->n / 2 : 0;
}

const ynode *ynode_key(const ynode *map, size_t i)
{
    return map->items[2 * i];
}

const ynode *ynode_value(const ynode *map, size_t i)
{
    return map->items[2 * i + 1];
}

int ynode_error(const ynode *n, lint_error *err, const char *fmt, ...)
{
    char msg[1536];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return located(err, n->file, n->line, n->col, "%s", msg);
}

static int is_bool(const ynode *n)
{
    return n->type == YN_SCALAR && n->plain &&
           (strcmp(n->str, "true") == 0 || strcmp(n->str, "false") == 0);
}

/* A plain scalar in decimal notation: -?digits[.digits][e[+-]digits]. */
static int is_number(const ynode *n)
{
    if (n->type != YN_SCALAR || !n->plain)
        return 0;
    const char *s = n->str;
    if (*s == '-' || *s == '+')
        s++;
    if (*s < '0' || *s > '9')
        return 0;
    while (*s >= '0' && *s <= '9')
        s++;
    if (*s == '.') {
        s++;
        if (*s < '0' || *s > '9')
            return 0;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '-' || *s == '+')
            s++;
        if (*s < '0' || *s > '9')
            return 0;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return *s == 0;
}

static int is_nothing(const ynode *n)
{
    return n->type == YN_SCALAR && n->plain && n->len == 0;
}

/* What a node is, for "found ..." in messages. */
static const char *found(const ynode *n)
{
    switch (n->type) {
    case YN_SEQ: return "a list";
    case YN_MAP: return "a map";
    case YN_SCALAR: break;
    }
    if (is_nothing(n))
        return "nothing";
    if (is_bool(n))
        return "a boolean";
    if (is_number(n))
        return "a number";
    return "a string";
}

static const char *type_name(ynode_type t)
{
    switch (t) {
    case YN_SEQ: return "a list";
    case YN_MAP: return "a map";
    case YN_SCALAR: break;
    }
    return "a string";
}

int ynode_expect(const ynode *n, ynode_type t, const char *what, lint_error *err)
{
    if (n->type == t && !(t == YN_SCALAR && is_nothing(n)))
        return 0;
    return ynode_error(n, err, "expected %s for '%s', found %s", type_name(t), what, found(n));
}

int ynode_check_keys(const ynode *map, const char *what, const char *const *allowed, lint_error *err)
{
    if (map->type != YN_MAP)
        return ynode_error(map, err, "expected a map for the %s, found %s", what, found(map));
    size_t nallowed = 0;
    while (allowed[nallowed])
        nallowed++;
    for (size_t i = 0; i < ynode_pairs(map); i++) {
        const ynode *k = ynode_key(map, i);
        size_t j = 0;
        while (j < nallowed && strcmp(allowed[j], k->str) != 0)
            j++;
        if (j < nallowed)
            continue;
        const char *hint = did_you_mean(k->str, allowed, nallowed);
        if (hint)
            return ynode_error(k, err, "unknown key '%s' in %s; did you mean '%s'?", k->str, what, hint);
        buf list;
        buf_init(&list);
        for (j = 0; j < nallowed; j++)
            buf_printf(&list, "%s%s", j ? ", " : "", allowed[j]);
        ynode_error(k, err, "unknown key '%s' in %s; expected one of: %s", k->str, what,
                    list.data ? list.data : "");
        buf_release(&list);
        return -1;
    }
    return 0;
}

int ynode_string(const ynode *n, const char *what, const char **out, lint_error *err)
{
    if (n->type != YN_SCALAR || is_nothing(n) || is_bool(n))
        return ynode_error(n, err, "expected a string for '%s', found %s", what, found(n));
    *out = n->str;
    return 0;
}

int ynode_bool(const ynode *n, const char *what, int *out, lint_error *err)
{
    if (!is_bool(n)) {
        if (n->type == YN_SCALAR && !n->plain &&
            (strcmp(n->str, "true") == 0 || strcmp(n->str, "false") == 0))
            return ynode_error(n, err, "expected true or false for '%s', found a quoted string "
                               "(write %s without quotes)", what, n->str);
        if (n->type == YN_SCALAR && !is_nothing(n) && n->len <= 40)
            return ynode_error(n, err, "expected true or false for '%s', found '%s'", what, n->str);
        return ynode_error(n, err, "expected true or false for '%s', found %s", what, found(n));
    }
    *out = n->str[0] == 't';
    return 0;
}

int ynode_number(const ynode *n, const char *what, double *out, lint_error *err)
{
    if (!is_number(n))
        return ynode_error(n, err, "expected a number for '%s', found %s", what, found(n));
    *out = strtod(n->str, NULL);
    return 0;
}

int ynode_strings(const ynode *n, const char *what, const char ***out, size_t *count, lint_error *err)
{
    if (n->type == YN_SCALAR) {
        const char *s;
        if (ynode_string(n, what, &s, err) < 0)
            return -1;
        *out = xmalloc(sizeof **out);
        (*out)[0] = s;
        *count = 1;
        return 0;
    }
    if (n->type != YN_SEQ)
        return ynode_error(n, err, "expected a string or a list of strings for '%s', found %s", what,
                           found(n));
    const char **v = xmalloc((n->n ? n->n : 1) * sizeof *v);
    for (size_t i = 0; i < n->n; i++) {
        const ynode *item = n->items[i];
        if (item->type != YN_SCALAR || is_nothing(item) || is_bool(item)) {
            free(v);
            return ynode_error(item, err, "expected a string in the list '%s', found %s", what,
                               found(item));
        }
        v[i] = item->str;
    }
    *out = v;
    *count = n->n;
    return 0;
}
