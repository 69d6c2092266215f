/* diag.c — diagnostic records and severities (see diag.h). */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

static const char *const sev_names[] = {"off", "suggestion", "warning", "error"};

const char *severity_name(severity s)
{
    return (unsigned)s < 4 ? sev_names[s] : "?";
}

int severity_parse(const char *s)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(s, sev_names[i]) == 0)
            return i;
    return -1;
}

void diag_release(diag *d)
{
    if (d->sugg_borrowed)
        return;
    for (size_t i = 0; i < d->nsugg; i++)
        free(d->suggestions[i]);
    free(d->suggestions);
}

void diag_list_release(diag_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        diag_release(&l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

void diag_quote(buf *out, const char *src, const diag *d)
{
    const char *s = src + d->off, *end = s + d->len;
    while (s < end) {
        const char *bad = memchr(s, 0x1A, (size_t)(end - s));
        if (!bad) {
            buf_append(out, s, (size_t)(end - s));
            break;
        }
        buf_append(out, s, (size_t)(bad - s));
        buf_puts(out, "\xEF\xBF\xBD");
        s = bad + 1;
    }
    if (!out->data)
        buf_append(out, "", 0);
}
