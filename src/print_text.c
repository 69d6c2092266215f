/* print_text.c — printer: one line per diagnostic,
 * "path:line:col: severity: message [rule]", the form vim's quickfix, Emacs
 * compilation-mode and VS Code problem matchers parse. */
#include "print.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const sev_color[] = {"", "\033[1;36m", "\033[1;33m", "\033[1;31m"};

/* Does s (n bytes) hold a control character (below 0x20, or 0x7F)? Eight
 * bytes at a time: messages and paths almost never do. */
static int has_control(const char *s, size_t n)
{
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t del = x ^ (ones * 0x7F);
        /* a byte below 0x20, or a zero byte of del, sets its top bit here */
        if ((((x - ones * 0x20) & ~x) | ((del - ones) & ~del)) & high)
            return 1;
    }
    for (; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
            return 1;
    return 0;
}

/* Copy s (n bytes) to out with control characters as spaces, so a
 * diagnostic stays on one line; returns the end of the copy. */
static char *put_one_line(char *out, const char *s, size_t n)
{
    memcpy(out, s, n);
    if (has_control(s, n))
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)out[i] < 0x20 || out[i] == 0x7F)
                out[i] = ' ';
    return out + n;
}

static char *put(char *out, const char *s)
{
    size_t n = strlen(s);
    memcpy(out, s, n);
    return out + n;
}

static void text_begin(print_ctx *p)
{
    (void)p;
}

/* Lines are built in a buffer written out every FLUSH_AT bytes. */
#define FLUSH_AT 65536
/* Room a line needs besides its path, message and rule: two numbers, the
 * severity, the separators and the colour codes. */
#define LINE_EXTRA 128

static void text_file(print_ctx *p, const lint_result *res)
{
    if (res->status != LINT_FILE_OK || !res->ndiags)
        return;
    size_t path_len = strlen(res->path);
    char *path = xmalloc(path_len + 1);
    put_one_line(path, res->path, path_len);
    buf b;
    buf_init(&b);
    for (size_t i = 0; i < res->ndiags; i++) {
        const diag *d = &res->diags[i];
        size_t msg_len = strlen(d->message), rule_len = strlen(d->rule);
        GROW(b.data, b.cap, b.len + path_len + msg_len + rule_len + LINE_EXTRA);
        char *w = b.data + b.len;
        if (p->color)
            w = put(w, "\033[1m");
        memcpy(w, path, path_len);
        w += path_len;
        w = put(w, p->color ? "\033[0m:" : ":");
        w += uint_to_str(w, d->line);
        *w++ = ':';
        w += uint_to_str(w, d->col);
        w = put(w, ": ");
        if (p->color)
            w = put(w, sev_color[(unsigned)d->sev & 3]);
        w = put(w, severity_name(d->sev));
        w = put(w, p->color ? "\033[0m: " : ": ");
        w = put_one_line(w, d->message, msg_len);
        w = put(w, p->color ? " \033[2m[" : " [");
        memcpy(w, d->rule, rule_len);
        w += rule_len;
        w = put(w, p->color ? "]\033[0m\n" : "]\n");
        b.len = (size_t)(w - b.data);
        if (b.len >= FLUSH_AT || i + 1 == res->ndiags) {
            fwrite(b.data, 1, b.len, p->out);
            b.len = 0;
        }
    }
    buf_release(&b);
    free(path);
}

static void text_end(print_ctx *p, const print_summary *s)
{
    (void)p;
    (void)s;
}

const printer print_text = {"text", text_begin, text_file, text_end};
