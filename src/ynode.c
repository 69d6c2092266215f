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

_Static_assert(sizeof(ynode_head) % _Alignof(ynode) == 0, "nodes follow the head unpadded");

/* While parsing, nodes hold absolute positions in `at`: a scalar the offset
 * of its text in `text`, a list or map the index of its first item in
 * `nodes`. The items of an open list or map wait on `stack`; when it closes
 * they move to `nodes` together. tree_finish makes the positions relative. */
typedef struct {
    yaml_parser_t parser;
    const char *file;        /* the name, for messages */
    const char *src;
    size_t len;
    lint_error *err;
    ynode *nodes, *stack;
    size_t nnodes, capnodes, nstack, capstack;
    buf text;
} reader;

static ynode *push(reader *r, ynode_type t, yaml_mark_t m)
{
    GROW(r->stack, r->capstack, r->nstack + 1);
    ynode *n = &r->stack[r->nstack++];
    memset(n, 0, sizeof *n);
    n->type = (unsigned char)t;
    n->line = (int)m.line + 1;
    n->col = (int)m.column + 1;
    return n;
}

/* Move the items stack[base..] to nodes; returns the index of the first. */
static uint32_t place_items(reader *r, size_t base)
{
    size_t k = r->nstack - base;
    GROW(r->nodes, r->capnodes, r->nnodes + k);
    if (k)
        memcpy(r->nodes + r->nnodes, r->stack + base, k * sizeof *r->nodes);
    uint32_t first = (uint32_t)r->nnodes;
    r->nnodes += k;
    r->nstack = base;
    return first;
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
        offset_position(r->src, r->len, p->problem_offset, &line, &col);
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
    if (char_at(r->src, r->len, m) == '\t')
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

static int parse_node(reader *r, yaml_event_t *ev, int depth);

/* The items of a list, up to its end; then the list on the stack. */
static int parse_seq(reader *r, yaml_event_t *start, int depth)
{
    size_t base = r->nstack;
    for (;;) {
        yaml_event_t ev;
        if (next_event(r, &ev) < 0)
            return -1;
        if (ev.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&ev);
            break;
        }
        int rc = parse_node(r, &ev, depth + 1);
        yaml_event_delete(&ev);
        if (rc < 0)
            return -1;
    }
    uint32_t n = (uint32_t)(r->nstack - base);
    uint32_t first = place_items(r, base);
    ynode *seq = push(r, YN_SEQ, start->start_mark);
    seq->n = n;
    seq->at = (int32_t)first;
    return 0;
}

static int parse_map(reader *r, yaml_event_t *start, int depth)
{
    size_t base = r->nstack;
    for (;;) {
        yaml_event_t ev;
        if (next_event(r, &ev) < 0)
            return -1;
        if (ev.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&ev);
            break;
        }
        if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) {
            mark_error(r, ev.start_mark, "a key must be a plain string, not a list or a map");
            yaml_event_delete(&ev);
            return -1;
        }
        int rc = parse_node(r, &ev, depth + 1);
        yaml_event_delete(&ev);
        if (rc < 0)
            return -1;
        const ynode *key = &r->stack[r->nstack - 1];
        const char *ks = r->text.data + key->at;
        for (size_t i = base; i + 1 < r->nstack; i += 2) {
            const ynode *k = &r->stack[i];
            if (k->len == key->len && memcmp(r->text.data + k->at, ks, key->len) == 0)
                return located(r->err, r->file, key->line, key->col,
                               "duplicate key '%s' (first written at line %d, column %d)", ks, k->line,
                               k->col);
        }
        if (next_event(r, &ev) < 0)
            return -1;
        rc = parse_node(r, &ev, depth + 1);
        yaml_event_delete(&ev);
        if (rc < 0)
            return -1;
    }
    uint32_t n = (uint32_t)(r->nstack - base);
    uint32_t first = place_items(r, base);
    ynode *map = push(r, YN_MAP, start->start_mark);
    map->n = n;
    map->at = (int32_t)first;
    return 0;
}

/* Pushes the node that ev starts (ev stays owned by the caller). */
static int parse_node(reader *r, yaml_event_t *ev, int depth)
{
    if (depth > YNODE_MAX_DEPTH)
        return located(r->err, r->file, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
                       "nesting deeper than %d levels", YNODE_MAX_DEPTH);
    switch (ev->type) {
    case YAML_ALIAS_EVENT:
        return mark_error(r, ev->start_mark, "anchors and aliases are not supported");
    case YAML_SCALAR_EVENT: {
        if (refuse_extras(r, ev, ev->data.scalar.anchor, ev->data.scalar.tag) < 0)
            return -1;
        ynode *n = push(r, YN_SCALAR, ev->start_mark);
        n->len = (uint32_t)ev->data.scalar.length;
        n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        n->at = (int32_t)r->text.len;
        buf_append(&r->text, ev->data.scalar.value, ev->data.scalar.length);
        buf_putc(&r->text, 0);
        return 0;
    }
    case YAML_SEQUENCE_START_EVENT:
        if (refuse_extras(r, ev, ev->data.sequence_start.anchor, ev->data.sequence_start.tag) < 0)
            return -1;
        return parse_seq(r, ev, depth);
    case YAML_MAPPING_START_EVENT:
        if (refuse_extras(r, ev, ev->data.mapping_start.anchor, ev->data.mapping_start.tag) < 0)
            return -1;
        return parse_map(r, ev, depth);
    default:
        return mark_error(r, ev->start_mark, "bad YAML: unexpected structure");
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

/* Leaves the root alone on the stack. */
static int parse_stream(reader *r)
{
    yaml_event_t ev;
    if (expect_event(r, YAML_STREAM_START_EVENT, &ev) < 0)
        return -1;
    yaml_event_delete(&ev);
    if (next_event(r, &ev) < 0)
        return -1;
    if (ev.type == YAML_STREAM_END_EVENT) {
        yaml_event_delete(&ev);
        yaml_mark_t m = {0, 0, 0};
        push(r, YN_MAP, m);
        return 0;
    }
    if (ev.type != YAML_DOCUMENT_START_EVENT) {
        mark_error(r, ev.start_mark, "bad YAML: unexpected structure");
        yaml_event_delete(&ev);
        return -1;
    }
    yaml_event_delete(&ev);
    if (next_event(r, &ev) < 0)
        return -1;
    int rc = parse_node(r, &ev, 1);
    yaml_event_delete(&ev);
    if (rc < 0)
        return -1;
    ynode *root = &r->stack[0];
    if (root->type == YN_SCALAR && root->plain && root->len == 0) {
        root->type = YN_MAP;
        root->at = 0;
    }
    if (expect_event(r, YAML_DOCUMENT_END_EVENT, &ev) < 0)
        return -1;
    yaml_event_delete(&ev);
    if (next_event(r, &ev) < 0)
        return -1;
    if (ev.type == YAML_DOCUMENT_START_EVENT) {
        mark_error(r, ev.start_mark, "only one YAML document is allowed (found a second '---')");
        yaml_event_delete(&ev);
        return -1;
    }
    yaml_event_delete(&ev);
    return 0;
}

/* The tree in one block: the root placed last, positions made relative. */
static ynode *tree_finish(reader *r, const char *name)
{
    place_items(r, 0);
    uint32_t file = (uint32_t)r->text.len;
    buf_puts(&r->text, name);
    buf_putc(&r->text, 0);
    size_t nodes_at = sizeof(ynode_head), text_at = nodes_at + r->nnodes * sizeof(ynode);
    char *block = xmalloc(text_at + r->text.len);
    ynode_head *h = (ynode_head *)(void *)block;
    h->nnodes = (uint32_t)r->nnodes;
    h->ntext = (uint32_t)r->text.len;
    h->file = file;
    ynode *nodes = (ynode *)(void *)(block + nodes_at);
    for (size_t i = 0; i < r->nnodes; i++) {
        ynode n = r->nodes[i];
        size_t self = nodes_at + i * sizeof(ynode);
        if (n.type == YN_SCALAR)
            n.at = (int32_t)(text_at + (size_t)n.at - self);
        else
            n.at = (int32_t)(nodes_at + (size_t)n.at * sizeof(ynode)) - (int32_t)self;
        n.head = -(int32_t)self;
        nodes[i] = n;
    }
    memcpy(block + text_at, r->text.data, r->text.len);
    return &nodes[r->nnodes - 1];
}

ynode *ynode_parse(const char *name, const char *text, size_t len, lint_error *err)
{
    reader r;
    memset(&r, 0, sizeof r);
    if (!yaml_parser_initialize(&r.parser)) {
        err_set(err, "%s: error: cannot start the YAML parser", name);
        return NULL;
    }
    r.file = name;
    r.src = text;
    r.len = len;
    r.err = err;
    buf_init(&r.text);
    yaml_parser_set_input_string(&r.parser, (const unsigned char *)text, len);
    ynode *root = parse_stream(&r) < 0 ? NULL : tree_finish(&r, name);
    yaml_parser_delete(&r.parser);
    free(r.nodes);
    free(r.stack);
    buf_release(&r.text);
    return root;
}

void ynode_free(ynode *root)
{
    if (root)
        free((char *)root + root->head);
}

const ynode *ynode_get(const ynode *map, const char *key)
{
    if (!map || map->type != YN_MAP)
        return NULL;
    const ynode *items = ynode_item(map, 0);
    for (size_t i = 0; i + 1 < map->n; i += 2)
        if (strcmp(ynode_str(&items[i]), key) == 0)
            return &items[i + 1];
    return NULL;
}

size_t ynode_pairs(const ynode *map)
{
    return map && map->type == YN_MAP ? map->n / 2 : 0;
}

const ynode *ynode_key(const ynode *map, size_t i)
{
    return ynode_item(map, 2 * i);
}

const ynode *ynode_value(const ynode *map, size_t i)
{
    return ynode_item(map, 2 * i + 1);
}

int ynode_error(const ynode *n, lint_error *err, const char *fmt, ...)
{
    char msg[1536];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return located(err, ynode_file(n), n->line, n->col, "%s", msg);
}

static int is_bool(const ynode *n)
{
    return n->type == YN_SCALAR && n->plain &&
           (strcmp(ynode_str(n), "true") == 0 || strcmp(ynode_str(n), "false") == 0);
}

/* A plain scalar in decimal notation: -?digits[.digits][e[+-]digits]. */
static int is_number(const ynode *n)
{
    if (n->type != YN_SCALAR || !n->plain)
        return 0;
    const char *s = ynode_str(n);
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
        const char *ks = ynode_str(k);
        while (j < nallowed && strcmp(allowed[j], ks) != 0)
            j++;
        if (j < nallowed)
            continue;
        const char *hint = did_you_mean(ks, allowed, nallowed);
        if (hint)
            return ynode_error(k, err, "unknown key '%s' in %s; did you mean '%s'?", ks, what, hint);
        buf list;
        buf_init(&list);
        for (j = 0; j < nallowed; j++)
            buf_printf(&list, "%s%s", j ? ", " : "", allowed[j]);
        ynode_error(k, err, "unknown key '%s' in %s; expected one of: %s", ks, what,
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
    *out = ynode_str(n);
    return 0;
}

int ynode_bool(const ynode *n, const char *what, int *out, lint_error *err)
{
    if (!is_bool(n)) {
        const char *s = ynode_str(n);
        if (n->type == YN_SCALAR && !n->plain && (strcmp(s, "true") == 0 || strcmp(s, "false") == 0))
            return ynode_error(n, err, "expected true or false for '%s', found a quoted string "
                               "(write %s without quotes)", what, s);
        if (n->type == YN_SCALAR && !is_nothing(n) && n->len <= 40)
            return ynode_error(n, err, "expected true or false for '%s', found '%s'", what, s);
        return ynode_error(n, err, "expected true or false for '%s', found %s", what, found(n));
    }
    *out = ynode_str(n)[0] == 't';
    return 0;
}

int ynode_number(const ynode *n, const char *what, double *out, lint_error *err)
{
    if (!is_number(n))
        return ynode_error(n, err, "expected a number for '%s', found %s", what, found(n));
    *out = strtod(ynode_str(n), NULL);
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
        const ynode *item = ynode_item(n, i);
        if (item->type != YN_SCALAR || is_nothing(item) || is_bool(item)) {
            free(v);
            return ynode_error(item, err, "expected a string in the list '%s', found %s", what,
                               found(item));
        }
        v[i] = ynode_str(item);
    }
    *out = v;
    *count = n->n;
    return 0;
}
