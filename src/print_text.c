/* print_text.c — printer: one line per diagnostic,
 * "path:line:col: severity: message [rule]", the form vim's quickfix, Emacs
 * compilation-mode and VS Code problem matchers parse. */
#include "print.h"

static const char *const sev_color[] = {"", "\033[1;36m", "\033[1;33m", "\033[1;31m"};

/* Append s with control characters as spaces, so a diagnostic stays on one line. */
static void put_one_line(buf *b, const char *s)
{
    size_t from = b->len;
    buf_puts(b, s);
    for (size_t i = from; i < b->len; i++) {
        unsigned char c = (unsigned char)b->data[i];
        if (c < 0x20 || c == 0x7F)
            b->data[i] = ' ';
    }
}

static void text_begin(print_ctx *p)
{
    (void)p;
}

/* Lines are built in a buffer written out every FLUSH_AT bytes. */
#define FLUSH_AT 65536

static void text_file(print_ctx *p, const lint_result *res)
{
    if (res->status != LINT_FILE_OK || !res->ndiags)
        return;
    buf path, b;
    buf_init(&path);
    buf_init(&b);
    put_one_line(&path, res->path);
    for (size_t i = 0; i < res->ndiags; i++) {
        const diag *d = &res->diags[i];
        if (p->color)
            buf_puts(&b, "\033[1m");
        buf_append(&b, path.data, path.len);
        buf_puts(&b, p->color ? "\033[0m:" : ":");
        buf_put_uint(&b, d->line);
        buf_putc(&b, ':');
        buf_put_uint(&b, d->col);
        buf_puts(&b, ": ");
        if (p->color)
            buf_puts(&b, sev_color[(unsigned)d->sev & 3]);
        buf_puts(&b, severity_name(d->sev));
        buf_puts(&b, p->color ? "\033[0m: " : ": ");
        put_one_line(&b, d->message);
        buf_puts(&b, p->color ? " \033[2m[" : " [");
        buf_puts(&b, d->rule);
        buf_puts(&b, p->color ? "]\033[0m\n" : "]\n");
        if (b.len >= FLUSH_AT || i + 1 == res->ndiags) {
            fwrite(b.data, 1, b.len, p->out);
            buf_clear(&b);
        }
    }
    buf_release(&b);
    buf_release(&path);
}

static void text_end(print_ctx *p, const print_summary *s)
{
    (void)p;
    (void)s;
}

const printer print_text = {"text", text_begin, text_file, text_end};
