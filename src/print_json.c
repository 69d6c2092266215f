/* print_json.c — printer: JSON Lines. One "diagnostic" object per finding,
 * one "file" object per input (after its diagnostics), one closing "summary"
 * object. Keys and their order are part of the interface (plainsafe.1). */
#include "print.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "readability.h"
#include "utf8.h"

void print_json_string(buf *b, const char *s)
{
    size_t n = strlen(s), i = 0, run = 0;
    buf_putc(b, '"');
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp;
        size_t k = c < 0x80 ? 1 : utf8_decode((const unsigned char *)s + i, n - i, &cp);
        const char *esc = NULL;
        char ubuf[8];
        if (k == 0)
            esc = "\xEF\xBF\xBD";
        else if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\r')
            esc = "\\r";
        else if (c == '\t')
            esc = "\\t";
        else if (c < 0x20 || c == 0x7F) {
            snprintf(ubuf, sizeof ubuf, "\\u%04x", c);
            esc = ubuf;
        }
        if (esc) {
            buf_append(b, s + run, i - run);
            buf_puts(b, esc);
            i += k ? k : 1;
            run = i;
        } else {
            i += k;
        }
    }
    buf_append(b, s + run, n - run);
    buf_putc(b, '"');
}

static void put_counts(buf *b, const size_t counts[4])
{
    buf_printf(b, "{\"error\":%zu,\"warning\":%zu,\"suggestion\":%zu}", counts[SEV_ERROR],
               counts[SEV_WARNING], counts[SEV_SUGGESTION]);
}

static const char *status_name(lint_file_status s)
{
    return s == LINT_FILE_OK ? "ok" : s == LINT_FILE_SKIPPED ? "skipped" : "unreadable";
}

static void json_begin(print_ctx *p)
{
    p->state = xcalloc(1, sizeof(buf));
}

static void flush_line(print_ctx *p)
{
    buf *b = p->state;
    buf_putc(b, '\n');
    fwrite(b->data, 1, b->len, p->out);
    buf_clear(b);
}

static void json_file(print_ctx *p, const lint_result *res)
{
    buf *b = p->state;
    for (size_t i = 0; i < res->ndiags; i++) {
        const diag *d = &res->diags[i];
        buf_puts(b, "{\"type\":\"diagnostic\",\"path\":");
        print_json_string(b, res->path);
        buf_printf(b, ",\"line\":%" PRIu32 ",\"column\":%" PRIu32 ",\"end_line\":%" PRIu32
                      ",\"end_column\":%" PRIu32 ",\"offset\":%" PRIu32 ",\"length\":%" PRIu32
                      ",\"severity\":\"%s\",\"rule\":",
                   d->line, d->col, d->end_line, d->end_col, d->raw_off, d->raw_len,
                   severity_name(d->sev));
        print_json_string(b, d->rule);
        buf_puts(b, ",\"message\":");
        print_json_string(b, d->message);
        if (!p->no_text) {
            buf_puts(b, ",\"text\":");
            buf q;
            buf_init(&q);
            diag_quote(&q, res->src, d);
            print_json_string(b, q.data);
            buf_release(&q);
        }
        buf_puts(b, ",\"suggestions\":[");
        for (size_t k = 0; k < d->nsugg; k++) {
            if (k)
                buf_putc(b, ',');
            print_json_string(b, d->suggestions[k]);
        }
        buf_puts(b, "]}");
        flush_line(p);
    }
    buf_puts(b, "{\"type\":\"file\",\"path\":");
    print_json_string(b, res->path);
    buf_printf(b, ",\"status\":\"%s\"", status_name(res->status));
    if (res->status != LINT_FILE_OK) {
        buf_puts(b, ",\"error\":");
        print_json_string(b, res->error ? res->error : "");
    }
    buf_printf(b, ",\"diagnostics\":%zu,\"counts\":", res->ndiags);
    put_counts(b, res->counts);
    if (res->readability) {
        buf_puts(b, ",\"readability\":");
        readability_json(b, res->readability, res->src, res->len);
    }
    buf_putc(b, '}');
    flush_line(p);
}

static void json_end(print_ctx *p, const print_summary *s)
{
    buf *b = p->state;
    size_t total = s->counts[SEV_ERROR] + s->counts[SEV_WARNING] + s->counts[SEV_SUGGESTION];
    buf_printf(b, "{\"type\":\"summary\",\"files\":%zu,\"checked\":%zu,\"diagnostics\":%zu,\"counts\":",
               s->files, s->checked, total);
    put_counts(b, s->counts);
    buf_printf(b, ",\"exit_status\":%d}", s->exit_status);
    flush_line(p);
    buf_release(b);
    free(b);
    p->state = NULL;
}

const printer print_json = {"json", json_begin, json_file, json_end};
