/* rules.c — the registry of rule kinds and message templates. Each kind lives
 * in its own rule_*.c; adding a kind is one line here. */
#include "rule.h"

#include <string.h>

extern const rule_kind kind_phrase, kind_regex, kind_spell, kind_statement, kind_metric;

const rule_kind *const rule_kinds[] = {
    &kind_phrase,
    &kind_regex,
    &kind_spell,
    &kind_statement,
    &kind_metric,
    NULL
};
const size_t rule_nkinds = ARRAY_LEN(rule_kinds) - 1;

const rule_kind *rule_kind_find(const char *name)
{
    for (size_t i = 0; i < rule_nkinds; i++)
        if (strcmp(rule_kinds[i]->name, name) == 0)
            return rule_kinds[i];
    return NULL;
}

/* The value of the variable named p[0, n) (NULL values as ""), or NULL if vars has none. */
static const char *lookup(tvars vars, const char *p, size_t n)
{
    for (size_t i = 0; vars && vars[i]; i += 2) {
        const char *name = vars[i];
        size_t k = 0;
        while (k < n && name[k] == p[k])
            k++;
        if (k == n && !name[n])
            return vars[i + 1] ? vars[i + 1] : "";
    }
    return NULL;
}

void template_render(buf *out, const char *t, tvars vars)
{
    for (;;) {
        size_t run = strcspn(t, "{}");   /* plain text up to the next brace: one append */
        if (run)
            buf_append(out, t, run);
        t += run;
        if (!*t)
            break;
        if (t[1] == t[0]) {   /* {{ or }} */
            buf_putc(out, t[0]);
            t += 2;
            continue;
        }
        const char *close = t[0] == '{' ? strchr(t + 1, '}') : NULL;
        const char *val = close ? lookup(vars, t + 1, (size_t)(close - t - 1)) : NULL;
        if (val) {
            buf_puts(out, val);
            t = close + 1;
            continue;
        }
        buf_putc(out, *t++);
    }
    if (!out->data)
        buf_append(out, "", 0);
}
