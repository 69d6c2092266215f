/* precompute.c — build tool, the second step of the embedded data: linked
 * with the library and embedded-files.c (the files' bytes, from
 * tools/embed.c), it parses the built-in YAML files with the code the linter
 * runs and writes embedded.c: the same files and, as static data, what a run
 * would otherwise build from them first (see src/pack.h): each pack's parsed
 * tree, the statement lexicon's phrase set, the syllable model.
 * Usage: precompute > embedded.c. Any error in a built-in file fails the build. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack.h"
#include "phraseset.h"
#include "rule_phrase.h"
#include "statement.h"
#include "syllable.h"
#include "ynode.h"

static void emit_bytes(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        printf("%s%d,", i % 24 ? "" : "\n", p[i]);
}

static void emit_u64s(const uint64_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        printf("%sUINT64_C(0x%016llx),", i % 4 ? " " : "\n    ", (unsigned long long)v[i]);
}

static void emit_u32s(const uint32_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        printf("%s%u,", i % 12 ? " " : "\n    ", (unsigned)v[i]);
}

/* A pack file: rules/NAME.yml. */
static int is_pack(const char *name)
{
    size_t n = strlen(name);
    return strncmp(name, "rules/", 6) == 0 && n > 4 && strcmp(name + n - 4, ".yml") == 0;
}

/* A finished phrase set as the static object `name` (its arrays NAME_*). */
static void emit_phrase_set(const char *name, const phrase_set *s)
{
    printf("static const uint64_t %s_tags[] = {", name);
    emit_u64s(s->tags, s->nslots);
    printf("};\nstatic const uint64_t %s_bloom[] = {", name);
    emit_u64s(s->bloom, s->nslots / 8);
    printf("};\nstatic const uint64_t %s_loose[] = {", name);
    emit_u64s(s->loose, s->nslots / 8);
    printf("};\nstatic const uint64_t %s_pairs[] = {", name);
    emit_u64s(s->pairs, s->npairbits / 64);
    printf("};\nstatic const ps_bucket %s_slots[] = {", name);
    for (size_t i = 0; i < s->nslots; i++) {
        const ps_bucket *b = &s->slots[i];
        printf("%s{%u, %u, %u, %u, %u, UINT64_C(0x%llx)},", i % 3 ? " " : "\n    ", (unsigned)b->key,
               (unsigned)b->keylen, (unsigned)b->first, (unsigned)b->n, (unsigned)b->nmulti,
               (unsigned long long)b->fpmask);
    }
    printf("};\n");
    if (s->nents) {
        printf("static const ps_entry %s_ents[] = {", name);
        for (size_t i = 0; i < s->nents; i++) {
            const ps_entry *e = &s->ents[i];
            printf("%s{%u, %u, %u, %u, %u},", i % 4 ? " " : "\n    ", (unsigned)e->words, (unsigned)e->lens,
                   (unsigned)e->ntok, (unsigned)e->flags, (unsigned)e->id);
        }
        printf("};\nstatic const uint32_t %s_fps[] = {", name);
        emit_u32s(s->fps, s->nents);
        printf("};\nstatic const uint32_t %s_lens[] = {", name);
        emit_u32s(s->lens, s->nlens);
        printf("};\nstatic const unsigned char %s_pool[] = {", name);
        emit_bytes((const unsigned char *)s->pool, s->npool);
        printf("};\n");
    }
    printf("const phrase_set %s = {\n    .tags = %s_tags, .slots = %s_slots, .bloom = %s_bloom,\n", name, name,
           name, name);
    printf("    .loose = %s_loose, .pairs = %s_pairs, .npairbits = %zu,\n", name, name, s->npairbits);
    if (s->nents)
        printf("    .ents = %s_ents, .fps = %s_fps, .lens = %s_lens, .pool = (const char *)%s_pool,\n", name,
               name, name, name);
    printf("    .nslots = %zu, .nused = %zu, .nents = %zu, .nlens = %zu, .npool = %zu,\n};\n\n", s->nslots,
           s->nused, s->nents, s->nlens, s->npool);
}

/* The tree of an embedded YAML file (the caller frees it), or NULL after
 * printing the error. */
static ynode *parse(const embedded_file *f)
{
    lint_error err = {0};
    ynode *root = ynode_parse(f->name, f->data, f->len, &err);
    if (!root)
        fprintf(stderr, "%s\n", err.msg);
    return root;
}

/* embedded_lexicon, from dictionaries/statements.yml. */
static int emit_lexicon(void)
{
    const embedded_file *f = embedded_find("dictionaries/statements.yml");
    if (!f) {
        fprintf(stderr, "precompute: dictionaries/statements.yml is not embedded\n");
        return -1;
    }
    ynode *root = parse(f);
    if (!root)
        return -1;
    lint_error err = {0};
    stmt_words w = {0};
    int rc = stmt_words_read(&w, root, &err);
    ynode_free(root);
    if (rc < 0) {
        fprintf(stderr, "%s\n", err.msg);
        stmt_words_release(&w);
        return -1;
    }
    phrase_set *s = stmt_words_set(&w);
    emit_phrase_set("embedded_lexicon", s);
    phrase_set_free(s);
    stmt_words_release(&w);
    return 0;
}

/* The tree of embedded file i as `tree_i` (its root is the last node). */
static void emit_tree(size_t i, const ynode *root)
{
    const ynode_head *h = (const ynode_head *)(const void *)((const char *)root + root->head);
    const ynode *nodes = (const ynode *)(h + 1);
    printf("static const struct {\n    ynode_head h;\n    ynode n[%u];\n    unsigned char t[%u];\n"
           "} tree_%zu = {\n    {%u, %u, %u},\n    {", (unsigned)h->nnodes, (unsigned)h->ntext, i, (unsigned)h->nnodes,
           (unsigned)h->ntext, (unsigned)h->file);
    for (uint32_t k = 0; k < h->nnodes; k++) {
        const ynode *n = &nodes[k];
        printf("%s{%u, %u, %d, %d, %u, %u, %d, %d},", k % 4 ? " " : "\n     ", (unsigned)n->type,
               (unsigned)n->plain, n->line, n->col, (unsigned)n->len, (unsigned)n->n, (int)n->at, (int)n->head);
    }
    printf("},\n    {");
    emit_bytes((const unsigned char *)(nodes + h->nnodes), h->ntext);
    printf("}\n};\n");
}

/* One map of the syllable model as NAME_slots, NAME_bloom, NAME_text. */
static void emit_syllable_map(const char *name, const syllable_map *m)
{
    printf("static const syllable_slot %s_slots[] = {", name);
    for (size_t i = 0; i < m->cap; i++) {
        const syllable_slot *s = &m->slots[i];
        printf("%s{%u, %u, %u, %u},", i % 6 ? " " : "\n    ", (unsigned)s->hash, (unsigned)s->off,
               (unsigned)s->len, (unsigned)s->val);
    }
    printf("};\nstatic const uint64_t %s_bloom[] = {", name);
    emit_u64s(m->bloom, m->cap * 8 / 64);
    printf("};\nstatic const unsigned char %s_text[] = {", name);
    emit_bytes((const unsigned char *)m->text, m->ntext);
    printf("};\n");
}

static void emit_syllable_model_field(const char *name, const syllable_map *m)
{
    printf("    {(const char *)%s_text, %zu, %s_slots, %zu, %s_bloom, %u},\n", name, m->ntext, name, m->cap, name,
           m->bloom_shift);
}

/* embedded_syllables, from the two tables. */
static int emit_syllables(void)
{
    const embedded_file *t = embedded_find("dictionaries/syllables.tsv");
    const embedded_file *r = embedded_find("dictionaries/syllable-rules.tsv");
    if (!t || !r) {
        fprintf(stderr, "precompute: the syllable tables are not embedded\n");
        return -1;
    }
    lint_error err = {0};
    syllable_model *m = syllable_model_new(t->data, t->len, r->data, r->len, &err);
    if (!m) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    emit_syllable_map("syl_table", &m->table);
    emit_syllable_map("syl_rules", &m->rules);
    printf("const syllable_model embedded_syllables = {\n");
    emit_syllable_model_field("syl_table", &m->table);
    emit_syllable_model_field("syl_rules", &m->rules);
    printf("};\n\n");
    syllable_model_free(m);
    return 0;
}

static void emit_ctx_list(const char *field, const pctx_list *l)
{
    if (l->n)
        printf(" .%s = {%u, %u},", field, (unsigned)l->pat, (unsigned)l->n);
}

/* A built-in phrase rule's compiled form, without its forms (they go to
 * embedded_phrases), as the static object `name`. */
static void emit_phrase_compiled(const char *name, const phrase_compiled *c)
{
    printf("static const pentry %s_ents[] = {", name);
    for (size_t i = 0; i < c->nents; i++) {
        const pentry *e = &c->ents[i];
        printf("\n    {.phrase = %u, .alternative = %u, .advice = %u, .expansion = %u, .message = %u, "
               ".sugg = %u, .nsugg = %u, .exp_key = %u, .exp_len = %u, .sev = {%d, %d, %d, %d, %d}, "
               ".case_sensitive = %u,", (unsigned)e->phrase, (unsigned)e->alternative, (unsigned)e->advice,
               (unsigned)e->expansion, (unsigned)e->message, (unsigned)e->sugg, (unsigned)e->nsugg,
               (unsigned)e->exp_key, (unsigned)e->exp_len, e->sev[0], e->sev[1], e->sev[2], e->sev[3], e->sev[4],
               (unsigned)e->case_sensitive);
        emit_ctx_list("unless_before", &e->unless_before);
        emit_ctx_list("unless_after", &e->unless_after);
        emit_ctx_list("only_before", &e->only_before);
        emit_ctx_list("only_after", &e->only_after);
        printf("},");
    }
    printf("};\n");
    if (c->npats) {
        printf("static const pctx_pat %s_pats[] = {", name);
        for (size_t i = 0; i < c->npats; i++)
            printf("%s{%u, %u, %u},", i % 6 ? " " : "\n    ", (unsigned)c->pats[i].elem, (unsigned)c->pats[i].n,
                   (unsigned)c->pats[i].anchor);
        printf("};\nstatic const pctx_elem %s_elems[] = {", name);
        for (size_t i = 0; i < c->nelems; i++)
            printf("%s{%u, %u},", i % 8 ? " " : "\n    ", (unsigned)c->elems[i].alt, (unsigned)c->elems[i].n);
        printf("};\nstatic const pctx_alt %s_alts[] = {", name);
        for (size_t i = 0; i < c->nalts; i++)
            printf("%s{%u, %u, %u},", i % 6 ? " " : "\n    ", (unsigned)c->alts[i].kind, (unsigned)c->alts[i].word,
                   (unsigned)c->alts[i].len);
        printf("};\n");
    }
    if (c->nstrs) {
        printf("static const uint32_t %s_strs[] = {", name);
        emit_u32s(c->strs, c->nstrs);
        printf("};\n");
    }
    printf("static const unsigned char %s_pool[] = {", name);
    emit_bytes((const unsigned char *)c->pool, c->npool);
    printf("};\nstatic const phrase_compiled %s = {", name);
    emit_ctx_list("unless_before", &c->unless_before);
    emit_ctx_list("unless_after", &c->unless_after);
    emit_ctx_list("only_before", &c->only_before);
    emit_ctx_list("only_after", &c->only_after);
    printf("\n    .skip_headings = %u, .defined_by_expansion = %u,\n    .ents = %s_ents, .nents = %zu,",
           (unsigned)c->skip_headings, (unsigned)c->defined_by_expansion, name, c->nents);
    if (c->npats)
        printf("\n    .pats = %s_pats, .npats = %zu, .elems = %s_elems, .nelems = %zu, .alts = %s_alts, "
               ".nalts = %zu,", name, c->npats, name, c->nelems, name, c->nalts);
    if (c->nstrs)
        printf("\n    .strs = %s_strs, .nstrs = %zu,", name, c->nstrs);
    printf("\n    .pool = (const char *)%s_pool, .npool = %zu,\n};\n\n", name, c->npool);
}

static int by_name(const void *a, const void *b)
{
    return strcmp((*(const embedded_file *const *)a)->name, (*(const embedded_file *const *)b)->name);
}

/* The built-in phrase rules, compiled: every pack in load order (by name),
 * its phrase rules as embedded_phrase_rules, all their forms in
 * embedded_phrases with the entries numbered through. */
static int emit_phrase_rules(void)
{
    const embedded_file **packs = malloc((embedded_nfiles ? embedded_nfiles : 1) * sizeof *packs);
    size_t npacks = 0;
    for (size_t i = 0; i < embedded_nfiles; i++)
        if (is_pack(embedded_files[i].name))
            packs[npacks++] = &embedded_files[i];
    qsort(packs, npacks, sizeof *packs, by_name);
    rule **rules = NULL;
    size_t nrules = 0, cap = 0;
    pack_env env = {0};
    int rc = 0;
    for (size_t i = 0; i < npacks && rc == 0; i++) {
        ynode *root = parse(packs[i]);
        if (!root) {
            rc = -1;
            break;
        }
        lint_error err = {0};
        rc = pack_load_tree(root, packs[i]->name, &env, &rules, &nrules, &cap, &err);
        if (rc < 0)
            fprintf(stderr, "%s\n", err.msg);
        ynode_free(root);
    }
    free(packs);
    if (rc == 0) {
        const rule_kind *phrase = rule_kind_find("phrase");
        phrase_set *set = phrase_set_new();
        size_t *first = calloc(nrules ? nrules : 1, sizeof *first);
        size_t next = 0;
        for (size_t i = 0; i < nrules; i++) {
            if (rules[i]->kind != phrase)
                continue;
            const phrase_compiled *c = phrase_rule_compiled(rules[i]);
            char name[48];
            snprintf(name, sizeof name, "phrase_rule_%zu", i);
            emit_phrase_compiled(name, c);
            first[i] = next;
            for (size_t j = 0; j < c->nents; j++, next++)
                for (size_t f = c->ents[j].form; f < c->ents[j].form + c->ents[j].nforms; f++)
                    phrase_set_add(set, c->pool + c->forms[f].text, c->forms[f].flags, next);
        }
        phrase_set_finish(set);
        emit_phrase_set("embedded_phrases", set);
        phrase_set_free(set);
        size_t n = 0;
        printf("const phrase_builtin embedded_phrase_rules[] = {\n");
        for (size_t i = 0; i < nrules; i++)
            if (rules[i]->kind == phrase) {
                printf("    {\"%s\", &phrase_rule_%zu, %zu},\n", rules[i]->id, i, first[i]);
                n++;
            }
        printf("};\nconst size_t embedded_nphrase_rules = %zu;\n\n", n);
        free(first);
    }
    for (size_t i = 0; i < nrules; i++)
        rule_free(rules[i]);
    free(rules);
    return rc;
}

int main(void)
{
    printf("/* Generated by tools/precompute.c from the rule packs and word lists: do not edit. */\n");
    printf("#include \"pack.h\"\n#include \"rule_phrase.h\"\n#include \"statement.h\"\n");
    printf("#include \"syllable.h\"\n\n");
    if (emit_syllables() < 0 || emit_lexicon() < 0 || emit_phrase_rules() < 0)
        return 1;
    int *has_tree = calloc(embedded_nfiles ? embedded_nfiles : 1, sizeof *has_tree);
    if (!has_tree)
        return 1;
    for (size_t i = 0; i < embedded_nfiles; i++) {
        const embedded_file *f = &embedded_files[i];
        printf("static const unsigned char file_%zu[] = {", i);
        emit_bytes((const unsigned char *)f->data, f->len);
        printf("0};\n");
        if (!is_pack(f->name))
            continue;
        ynode *root = parse(f);
        if (!root) {
            free(has_tree);
            return 1;
        }
        emit_tree(i, root);
        ynode_free(root);
        has_tree[i] = 1;
    }
    printf("\nconst embedded_file embedded_files[] = {\n");
    for (size_t i = 0; i < embedded_nfiles; i++) {
        printf("    {\"%s\", (const char *)file_%zu, sizeof file_%zu - 1, ", embedded_files[i].name, i, i);
        if (has_tree[i])
            printf("&tree_%zu.n[sizeof tree_%zu.n / sizeof tree_%zu.n[0] - 1]},\n", i, i, i);
        else
            printf("NULL},\n");
    }
    printf("    {0, 0, 0, 0}\n};\nconst size_t embedded_nfiles = %zu;\n", embedded_nfiles);
    free(has_tree);
    return 0;
}
