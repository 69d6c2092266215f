/* regex.c — PCRE2 wrapper (see regex.h): compile once at load time, match
 * per sentence or block with per-thread scratch and hard limits. The only
 * file that includes <pcre2.h>.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "regex.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

/* Limits: generous for any sane pattern on a sentence, small enough that a
 * catastrophic one gives up in milliseconds. */
#define MATCH_LIMIT 1000000u
#define DEPTH_LIMIT 10000u
#define HEAP_LIMIT_KIB 20000u
#define JIT_STACK_START (32u * 1024u)
#define JIT_STACK_MAX (1024u * 1024u)

struct regex {
    pcre2_code *code;
    unsigned ncap;
};

/* Per-thread match scratch. */
static _Thread_local pcre2_match_data *t_md;
static _Thread_local unsigned t_md_pairs;
static _Thread_local pcre2_match_context *t_mctx;
static _Thread_local pcre2_jit_stack *t_jit;

regex *regex_new(const char *pattern, size_t len, unsigned flags, char *msg, size_t msgcap,
                 size_t *erroff)
{
    uint32_t opts = PCRE2_UTF | PCRE2_UCP;
    if (flags & REGEX_CASELESS)
        opts |= PCRE2_CASELESS;
    int code;
    PCRE2_SIZE off;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)pattern, len, opts, &code, &off, NULL);
    if (!c) {
        if (msg && msgcap) {
            if (pcre2_get_error_message(code, (PCRE2_UCHAR *)msg, msgcap) < 0)
                msg[0] = 0;
        }
        if (erroff)
            *erroff = off;
        return NULL;
    }
    regex *re = xcalloc(1, sizeof *re);
    re->code = c;
    uint32_t ncap = 0;
    pcre2_pattern_info(c, PCRE2_INFO_CAPTURECOUNT, &ncap);
    re->ncap = ncap;
    /* PLAINSAFE_NO_JIT=1 runs PCRE2's interpreter instead of its JIT: for
     * valgrind, whose memcheck cannot tell that the JIT's vector reads past
     * the end of a subject stay inside the same page. Results are the same. */
    uint32_t have_jit = 0;
    const char *no_jit = getenv("PLAINSAFE_NO_JIT");
    if (!(no_jit && *no_jit && strcmp(no_jit, "0") != 0) && pcre2_config(PCRE2_CONFIG_JIT, &have_jit) >= 0 &&
        have_jit)
        pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);   /* on failure the interpreter runs */
    return re;
}

void regex_free(regex *re)
{
    if (!re)
        return;
    pcre2_code_free(re->code);
    free(re);
}

unsigned regex_ncaptures(const regex *re)
{
    return re->ncap;
}

static void scratch_for(const regex *re)
{
    if (!t_mctx) {
        t_mctx = pcre2_match_context_create(NULL);
        if (!t_mctx)
            abort();
        pcre2_set_match_limit(t_mctx, MATCH_LIMIT);
        pcre2_set_depth_limit(t_mctx, DEPTH_LIMIT);
        pcre2_set_heap_limit(t_mctx, HEAP_LIMIT_KIB);
        t_jit = pcre2_jit_stack_create(JIT_STACK_START, JIT_STACK_MAX, NULL);
        if (t_jit)
            pcre2_jit_stack_assign(t_mctx, NULL, t_jit);
    }
    if (!t_md || t_md_pairs < re->ncap + 1) {
        pcre2_match_data_free(t_md);
        t_md_pairs = re->ncap + 1 > 10 ? re->ncap + 1 : 10;
        t_md = pcre2_match_data_create(t_md_pairs, NULL);
        if (!t_md)
            abort();
    }
}

int regex_match(const regex *re, const char *subject, size_t len, size_t start, size_t *ovec,
                size_t npairs)
{
    scratch_for(re);
    int rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, start, PCRE2_NO_UTF_CHECK, t_md, t_mctx);
    if (rc == PCRE2_ERROR_NOMATCH)
        return REGEX_NOMATCH;
    if (rc < 0)
        return REGEX_LIMIT;   /* MATCHLIMIT, DEPTHLIMIT, HEAPLIMIT, JIT_STACKLIMIT, NOMEMORY */
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(t_md);
    uint32_t have = pcre2_get_ovector_count(t_md);
    for (size_t k = 0; k < npairs; k++) {
        if (k < (size_t)rc && k < have && ov[2 * k] != PCRE2_UNSET) {
            ovec[2 * k] = ov[2 * k];
            ovec[2 * k + 1] = ov[2 * k + 1];
        } else {
            ovec[2 * k] = ovec[2 * k + 1] = (size_t)-1;
        }
    }
    return REGEX_MATCH;
}

int regex_can_match_empty(const regex *re)
{
    uint32_t minlen = 1;
    if (pcre2_pattern_info(re->code, PCRE2_INFO_MINLENGTH, &minlen) == 0 && minlen == 0)
        return 1;
    size_t ov[2];
    return regex_match(re, "", 0, 0, ov, 1) == REGEX_MATCH;
}

void regex_thread_end(void)
{
    pcre2_match_data_free(t_md);
    t_md = NULL;
    t_md_pairs = 0;
    pcre2_match_context_free(t_mctx);
    t_mctx = NULL;
    pcre2_jit_stack_free(t_jit);
    t_jit = NULL;
}
