/* print_sarif.c — printer: one SARIF 2.1.0 log with one run. The rule
 * metadata comes first, results are streamed as files arrive, and inputs that
 * could not be read become tool notifications at the end. One rule or result
 * per line, so the log diffs well. No network references, no timestamps. */
#include "print.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    buf line;
    buf notes;                /* toolExecutionNotifications, comma-separated */
    size_t nresults;
    size_t *slot;             /* open-addressing table: rule index + 1, 0 = empty */
    size_t nslot;             /* power of two */
} sarif_state;

static const char *sarif_level(severity s)
{
    switch (s) {
    case SEV_ERROR: return "error";
    case SEV_WARNING: return "warning";
    case SEV_SUGGESTION: return "note";
    default: return "none";
    }
}

/* A relative URI reference for a path: unreserved bytes and '/' as they are,
 * everything else (space, ':', '%', non-ASCII) percent-encoded. */
static void put_uri(buf *b, const char *path)
{
    buf u;
    buf_init(&u);
    for (const unsigned char *s = (const unsigned char *)path; *s; s++) {
        if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
            strchr("-._~/", *s))
            buf_putc(&u, (char)*s);
        else
            buf_printf(&u, "%%%02X", *s);
    }
    print_json_string(b, u.data ? u.data : "");
    buf_release(&u);
}

static void put_text(buf *b, const char *key, const char *text)
{
    buf_printf(b, "\"%s\":{\"text\":", key);
    print_json_string(b, text ? text : "");
    buf_putc(b, '}');
}

static size_t find_rule(const print_ctx *p, const sarif_state *st, const char *id)
{
    if (!st->nslot)
        return (size_t)-1;
    for (size_t h = hash_bytes(id, strlen(id)) & (st->nslot - 1);; h = (h + 1) & (st->nslot - 1)) {
        if (!st->slot[h])
            return (size_t)-1;
        if (strcmp(p->rules[st->slot[h] - 1]->id, id) == 0)
            return st->slot[h] - 1;
    }
}

static void index_rules(const print_ctx *p, sarif_state *st)
{
    st->nslot = 16;
    while (st->nslot < 2 * p->nrules)
        st->nslot *= 2;
    st->slot = xcalloc(st->nslot, sizeof *st->slot);
    for (size_t i = 0; i < p->nrules; i++) {
        if (find_rule(p, st, p->rules[i]->id) != (size_t)-1)
            continue;
        size_t h = hash_bytes(p->rules[i]->id, strlen(p->rules[i]->id)) & (st->nslot - 1);
        while (st->slot[h])
            h = (h + 1) & (st->nslot - 1);
        st->slot[h] = i + 1;
    }
}

static void flush(print_ctx *p, buf *b)
{
    fwrite(b->data, 1, b->len, p->out);
    buf_clear(b);
}

static void sarif_begin(print_ctx *p)
{
    sarif_state *st = xcalloc(1, sizeof *st);
    p->state = st;
    index_rules(p, st);
    buf *b = &st->line;
    buf_puts(b, "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"plainsafe\",\"version\":");
    print_json_string(b, p->version);
    buf_puts(b, ",\"rules\":[");
    for (size_t i = 0; i < p->nrules; i++) {
        const rule *r = p->rules[i];
        buf_puts(b, i ? ",\n" : "\n");
        buf_puts(b, "{\"id\":");
        print_json_string(b, r->id);
        buf_putc(b, ',');
        put_text(b, "shortDescription", r->message);
        buf_putc(b, ',');
        put_text(b, "fullDescription", r->reason);
        if (r->nsugg) {
            buf help;
            buf_init(&help);
            for (size_t k = 0; k < r->nsugg; k++) {
                buf_puts(&help, k ? "\n" : "");
                buf_puts(&help, r->suggestions[k]);
            }
            buf_putc(b, ',');
            put_text(b, "help", help.data);
            buf_release(&help);
        }
        buf_printf(b, ",\"defaultConfiguration\":{\"level\":\"%s\"%s}", sarif_level(r->sev),
                   r->sev == SEV_OFF ? ",\"enabled\":false" : "");
        if (r->kind) {
            buf_puts(b, ",\"properties\":{\"kind\":");
            print_json_string(b, r->kind->name);
            buf_putc(b, '}');
        }
        buf_putc(b, '}');
        flush(p, b);
    }
    buf_puts(b, "]}},\"columnKind\":\"unicodeCodePoints\",\"results\":[");
    flush(p, b);
}

static void sarif_file(print_ctx *p, const lint_result *res)
{
    sarif_state *st = p->state;
    buf *b = &st->line;
    if (res->status != LINT_FILE_OK) {
        buf *n = &st->notes;
        buf_puts(n, n->len ? ",\n" : "\n");
        buf_puts(n, "{\"level\":\"error\",");
        put_text(n, "message", res->error);
        buf_puts(n, ",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
        put_uri(n, res->path);
        buf_puts(n, "}}}]}");
        return;
    }
    for (size_t i = 0; i < res->ndiags; i++) {
        const diag *d = &res->diags[i];
        buf_puts(b, st->nresults++ ? ",\n" : "\n");
        buf_puts(b, "{\"ruleId\":");
        print_json_string(b, d->rule);
        size_t ri = find_rule(p, st, d->rule);
        if (ri != (size_t)-1)
            buf_printf(b, ",\"ruleIndex\":%zu", ri);
        buf_printf(b, ",\"level\":\"%s\",", sarif_level(d->sev));
        put_text(b, "message", d->message);
        buf_puts(b, ",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
        put_uri(b, res->path);
        buf_printf(b, "},\"region\":{\"startLine\":%" PRIu32 ",\"startColumn\":%" PRIu32
                      ",\"endLine\":%" PRIu32 ",\"endColumn\":%" PRIu32 ",\"byteOffset\":%" PRIu32
                      ",\"byteLength\":%" PRIu32,
                   d->line, d->col, d->end_line, d->end_col, d->raw_off, d->raw_len);
        if (!p->no_text) {
            buf_putc(b, ',');
            buf q;
            buf_init(&q);
            diag_quote(&q, res->src, d);
            put_text(b, "snippet", q.data);
            buf_release(&q);
        }
        buf_puts(b, "}}}]");
        if (d->nsugg) {
            buf_puts(b, ",\"properties\":{\"suggestions\":[");
            for (size_t k = 0; k < d->nsugg; k++) {
                if (k)
                    buf_putc(b, ',');
                print_json_string(b, d->suggestions[k]);
            }
            buf_puts(b, "]}");
        }
        buf_putc(b, '}');
        flush(p, b);
    }
}

static void sarif_end(print_ctx *p, const print_summary *s)
{
    sarif_state *st = p->state;
    buf *b = &st->line;
    buf_printf(b, "\n],\"invocations\":[{\"executionSuccessful\":%s,\"exitCode\":%d",
               s->exit_status <= 1 ? "true" : "false", s->exit_status);
    if (st->notes.len) {
        buf_puts(b, ",\"toolExecutionNotifications\":[");
        buf_append(b, st->notes.data, st->notes.len);
        buf_puts(b, "\n]");
    }
    buf_puts(b, "}]}]}\n");
    flush(p, b);
    buf_release(&st->line);
    buf_release(&st->notes);
    free(st->slot);
    free(st);
    p->state = NULL;
}

const printer print_sarif = {"sarif", sarif_begin, sarif_file, sarif_end};
