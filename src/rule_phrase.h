/* rule_phrase.h — the compiled form of a phrase rule (rule_phrase.c): flat
 * arrays that refer to each other by index and to strings by offset, with
 * no pointers between them, so that tools/precompute can write the built-in
 * phrase rules as static data and a run starts without compiling them.
 * Everything else reaches phrase rules through the rule kind. */
#ifndef PLAINSAFE_RULE_PHRASE_H
#define PLAINSAFE_RULE_PHRASE_H

#include <stddef.h>
#include <stdint.h>
#include "phraseset.h"
#include "rule.h"

/* An entry's severity is kept for each profile: family, professional,
 * court, child, and any other name. No profile means family. */
#define PHRASE_PROFILES 5

enum { CA_WORD, CA_ANY, CA_NAME, CA_NUM };

/* Strings are offsets in pool, whose byte 0 is NUL: offset 0 means none. */

/* One way a context token can match. */
typedef struct {
    uint32_t kind;         /* CA_* */
    uint32_t word, len;    /* CA_WORD: its token_norm form */
} pctx_alt;

/* One token of a pattern: it matches if any of alts[alt, alt + n) does. */
typedef struct {
    uint32_t alt, n;
} pctx_elem;

/* A token sequence next to the match: elems[elem, elem + n). For a
 * before-pattern the last element is the token right before the match and
 * anchor means "^" (the first element is the sentence's first word); for an
 * after-pattern the first element is the token right after and anchor means
 * "$" (nothing but punctuation follows the last element in the sentence). */
typedef struct {
    uint32_t elem, n, anchor;
} pctx_pat;

/* The patterns pats[pat, pat + n). */
typedef struct {
    uint32_t pat, n;
} pctx_list;

/* A phrase as it goes into a phrase set. */
typedef struct {
    uint32_t text;
    uint32_t flags;        /* PS_* */
} pform;

typedef struct {
    uint32_t phrase;                 /* canonical form: the first variant */
    uint32_t alternative, advice, expansion, message;
    uint32_t sugg, nsugg;            /* strs[sugg, sugg + nsugg): the alternative split on ';' */
    uint32_t exp_key, exp_len;       /* the expansion's letters and digits, folded (exp_key 0: none) */
    uint32_t form, nforms;           /* forms[form, form + nforms) */
    int8_t sev[PHRASE_PROFILES];     /* -1: the rule's severity; else a severity (SEV_OFF: entry off) */
    uint8_t case_sensitive;
    pctx_list unless_before, unless_after, only_before, only_after;
} pentry;

typedef struct {
    pctx_list unless_before, unless_after, only_before, only_after;
    uint32_t skip_headings, defined_by_expansion;
    const pentry *ents;
    const pform *forms;
    const pctx_pat *pats;
    const pctx_elem *elems;
    const pctx_alt *alts;
    const uint32_t *strs;
    const char *pool;
    size_t nents, nforms, npats, nelems, nalts, nstrs, npool;
    void *owned;                     /* one block holding the arrays; NULL for static data */
} phrase_compiled;

/* The compiled form of a rule of kind phrase. */
const phrase_compiled *phrase_rule_compiled(const rule *r);

/* A built-in phrase rule, compiled when the binary was built. Its entries'
 * forms are in embedded_phrases with ids first, first + 1, ... (c has no
 * forms). */
typedef struct {
    const char *id;                  /* "pack.name" */
    const phrase_compiled *c;
    uint32_t first;
} phrase_builtin;

/* In load order (embedded.c). */
extern const phrase_builtin embedded_phrase_rules[];
extern const size_t embedded_nphrase_rules;
extern const phrase_set embedded_phrases;

#endif
