/* print_text.c — printer: one line per diagnostic,
 * "path:line:col: severity: message [rule]", the form vim's quickfix, Emacs
 * compilation-mode and VS Code problem matchers parse. */
#include "print.h"

static const char *const sev_color[] = {"", "\033[1;36m", "\033[1;33m", "\033[1;31m"};

/* Write s with control characters as spaces, so a diagnostic stays on one line. */
static void put_one_line(FILE *out, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        if ((unsigned char)*s >= 0x20 && *s != 0x7F)
            continue;
        fwrite(run, 1, (size_t)(s - run), out);
        fputc(' ', out);
        run = s + 1;
    }
    fwrite(run, 1, (size_t)(s - run), out);
}

static void text_begin(print_ctx *p)
{
    (void)p;
}

static void text_file(print_ctx *p, const lint_result *res)
{
    if (res->status != LINT_FILE_OK)
        return;
    for (size_t i = 0; i < res->ndiags; i++) {
        const diag *d = &res->diags[i];
        if (p->color) {
            fputs("\033[1m", p->out);
            put_one_line(p->out, res->path);
            fprintf(p->out, "\033[0m:%zu:%zu: %s%s\033[0m: ", d->line, d->col,
                    sev_color[(unsigned)d->sev & 3], severity_name(d->sev));
            put_one_line(p->out, d->message);
            fprintf(p->out, " \033[2m[%s]\033[0m\n", d->rule);
        } else {
            put_one_line(p->out, res->path);
            fprintf(p->out, ":%zu:%zu: %s: ", d->line, d->col, severity_name(d->sev));
            put_one_line(p->out, d->message);
            fprintf(p->out, " [%s]\n", d->rule);
        }
    }
}

static void text_end(print_ctx *p, const print_summary *s)
{
    (void)p;
    (void)s;
}

const printer print_text = {"text", text_begin, text_file, text_end};
