/* lint_fixture.h — for the rule-kind tests: write a pack to a temporary
 * directory, build a linter on it, lint a text, and list the findings as
 * one line each: "RULE OFF+LEN [SEV] MESSAGE {SUGG|SUGG}". */
#ifndef PLAINSAFE_LINT_FIXTURE_H
#define PLAINSAFE_LINT_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lint.h"

static char fx_dir[] = "/tmp/plainsafe-test-XXXXXX";
static char fx_pack[64];
static lint_error fx_err;
static buf fx_out;

static inline void fx_setup(void)
{
    if (!mkdtemp(fx_dir)) {
        perror("mkdtemp");
        exit(2);
    }
    snprintf(fx_pack, sizeof fx_pack, "%s/p.yml", fx_dir);
}

static inline void fx_teardown(void)
{
    unlink(fx_pack);
    rmdir(fx_dir);
    buf_release(&fx_out);
}

/* A linter on pack text under profile (NULL: family), or NULL with fx_err set. */
static inline linter *fx_linter(lint_config *cfg, const char *pack, const char *profile, const char *words)
{
    FILE *f = fopen(fx_pack, "wb");
    fputs(pack, f);
    fclose(f);
    config_defaults(cfg);
    cfg->packs = xmalloc(sizeof *cfg->packs);
    cfg->packs[0] = xstrdup(fx_pack);
    cfg->npacks = 1;
    if (profile) {
        free(cfg->profile);
        cfg->profile = xstrdup(profile);
    }
    if (words) {
        cfg->words = xmalloc(sizeof *cfg->words);
        cfg->words[0] = xstrdup(words);
        cfg->nwords = 1;
    }
    err_clear(&fx_err);
    return linter_new(cfg, &fx_err);
}

/* The error of loading pack, or "" when it loads. */
static inline const char *fx_load_error(const char *pack)
{
    lint_config cfg;
    linter *lt = fx_linter(&cfg, pack, NULL, NULL);
    linter_free(lt);
    config_release(&cfg);
    return lt ? "" : fx_err.msg;
}

static inline const char *fx_list(const linter *lt, const char *path, const char *text)
{
    lint_result res;
    linter_check(lt, path, (const unsigned char *)text, strlen(text), LINT_SYNTAX_AUTO, &res);
    buf_clear(&fx_out);
    for (size_t i = 0; i < res.ndiags; i++) {
        const diag *d = &res.diags[i];
        buf_printf(&fx_out, "%s %zu+%zu [%s] %s", d->rule, (size_t)d->off, (size_t)d->len, severity_name(d->sev),
                   d->message);
        for (size_t k = 0; k < d->nsugg; k++)
            buf_printf(&fx_out, "%s%s", k ? "|" : " {", d->suggestions[k]);
        buf_puts(&fx_out, d->nsugg ? "}\n" : "\n");
    }
    lint_result_release(&res);
    return fx_out.data ? fx_out.data : "";
}

/* Lint text with pack; the findings listed, or "ERROR: ..." */
static inline const char *fx_run(const char *pack, const char *profile, const char *text)
{
    lint_config cfg;
    linter *lt = fx_linter(&cfg, pack, profile, NULL);
    if (!lt) {
        buf_clear(&fx_out);
        buf_printf(&fx_out, "ERROR: %s", fx_err.msg);
        config_release(&cfg);
        return fx_out.data;
    }
    fx_list(lt, "t.txt", text);
    linter_free(lt);
    lint_thread_end();
    config_release(&cfg);
    return fx_out.data ? fx_out.data : "";
}

/* Number of lines (findings) in a listing. */
static inline int fx_count(const char *listing)
{
    int n = 0;
    for (; *listing; listing++)
        n += *listing == '\n';
    return n;
}

#endif
