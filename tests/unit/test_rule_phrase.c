/* test_rule_phrase.c — the phrase kind through the linter: inflections,
 * context patterns, case-sensitive acronyms and definitions at first use,
 * entry severities and profiles, longest match, and located pack errors. */
#include "harness.h"
#include "lint_fixture.h"
#include "pack.h"
#include "rule_phrase.h"

#define HEAD "pack: t\nrules:\n"
#define COMMON "    reason: Families read this.\n    examples: {bad: [a b], good: [c d]}\n"

static const char *jargon =
    HEAD
    "  - id: jargon\n"
    "    kind: phrase\n"
    "    message: \"'{match}': try {alternative}\"\n"
    COMMON
    "    phrases:\n"
    "      - engage: take part\n"
    "      - abscond: run away\n"
    "      - phrase: [step down, stepdown]\n"
    "        alternative: less help\n"
    "      - phrase: contact\n"
    "        alternative: time with\n"
    "        only_before: [family|supervised]\n"
    "        only_after: [\"with NAME|dad|mum\", centre]\n"
    "      - phrase: seek\n"
    "        forms: [sought]\n"
    "        alternative: look for\n"
    "      - facilitate: help; make easier\n"
    "      - phrase: presenting as\n"
    "        advice: say what you saw\n"
    "        message: \"{phrase}: {advice}\"\n"
    "      - phrase: in receipt of\n"
    "        alternative: gets\n"
    "      - phrase: receipt\n"
    "        alternative: slip\n"
    "      - phrase: threshold\n"
    "        alternative: level\n"
    "        unless_before: [\"^\"]\n"
    "        unless_after: [\"NUM\", \"$\"]\n"
    "      - phrase: placement\n"
    "        alternative: home\n"
    "        unless_before: [work|school]\n"
    "        severity: error\n"
    "        profiles: {professional: off}\n";

static void test_inflections(void)
{
    const char *out = fx_run(jargon, NULL, "She engages well. He engaged. They are engaging. He absconded. "
                                           "Mum stepped down. We sought advice. It was a stepdown.");
    CHECK_INT(fx_count(out), 7);
    CHECK(strstr(out, "t.jargon 4+7 [warning] 'engages': try take part {take part}\n") != NULL);
    CHECK(strstr(out, "'engaged': try take part") != NULL);
    CHECK(strstr(out, "'engaging': try take part") != NULL);
    CHECK(strstr(out, "'absconded': try run away") != NULL);
    CHECK(strstr(out, "'stepped down': try less help") != NULL);
    CHECK(strstr(out, "'sought': try look for") != NULL);
    CHECK(strstr(out, "'stepdown': try less help") != NULL);
    /* Suggestions split on ';' and follow a capital. */
    out = fx_run(jargon, NULL, "Facilitate the meeting. We facilitated it.");
    CHECK(strstr(out, "t.jargon 0+10 [warning] 'Facilitate': try help; make easier {Help|Make easier}") != NULL);
    CHECK(strstr(out, "'facilitated': try help; make easier {help|make easier}") != NULL);
    /* Nothing inside other words or across punctuation. */
    CHECK_STR(fx_run(jargon, NULL, "Engagement is not a verb. Step, down."), "");
}

static void test_context(void)
{
    CHECK_INT(fx_count(fx_run(jargon, NULL, "Sam has contact with Dad on Fridays.")), 1);
    CHECK_INT(fx_count(fx_run(jargon, NULL, "Contact with mum is weekly.")), 1);
    CHECK_INT(fx_count(fx_run(jargon, NULL, "Family contact is weekly.")), 1);
    CHECK_INT(fx_count(fx_run(jargon, NULL, "They met at the contact centre.")), 1);
    CHECK_STR(fx_run(jargon, NULL, "Please contact me on Monday."), "");
    CHECK_STR(fx_run(jargon, NULL, "I will contact the school."), "");
    CHECK_STR(fx_run(jargon, NULL, "Dad wants contact."), "");
    /* NAME is not the first word of a sentence. */
    CHECK_STR(fx_run(jargon, NULL, "We had contact with. Sam came."), "");
    /* ^, $ and NUM. */
    CHECK_STR(fx_run(jargon, NULL, "Threshold meetings are held."), "");
    CHECK_STR(fx_run(jargon, NULL, "We met the threshold."), "");
    CHECK_STR(fx_run(jargon, NULL, "It is above threshold 2 now."), "");
    CHECK_INT(fx_count(fx_run(jargon, NULL, "The threshold was met.")), 1);
    CHECK_STR(fx_run(jargon, NULL, "She found a work placement."), "");
    const char *out = fx_run(jargon, NULL, "Her placement is stable.");
    CHECK(strstr(out, "t.jargon 4+9 [error] 'placement': try home") != NULL);
    /* Profiles switch an entry off. */
    CHECK_STR(fx_run(jargon, "professional", "Her placement is stable."), "");
    /* Entry message and variables. */
    out = fx_run(jargon, NULL, "He was presenting as angry.");
    CHECK(strstr(out, "t.jargon 7+13 [warning] presenting as: say what you saw\n") != NULL);
    /* An entry's own message may quote the match where the rule's does not. */
    const char *quoting = HEAD "  - id: x\n    kind: phrase\n    message: plain\n" COMMON
                          "    phrases:\n      - phrase: looked after\n        alternative: cared for\n"
                          "        message: \"'{match}': say {alternative}\"\n";
    CHECK_STR(fx_run(quoting, NULL, "She is Looked After."), "t.x 7+12 [warning] 'Looked After': say cared for {Cared for}\n");
    /* Longest wins, then the walk goes on after it. */
    out = fx_run(jargon, NULL, "She is in receipt of benefits and a receipt.");
    CHECK_INT(fx_count(out), 2);
    CHECK(strstr(out, "'in receipt of': try gets") != NULL);
    CHECK(strstr(out, "'receipt': try slip") != NULL);
}

static const char *acronyms =
    HEAD
    "  - id: acronym\n"
    "    kind: phrase\n"
    "    case_sensitive: true\n"
    "    defined_by_expansion: true\n"
    "    message: \"Write {expansion} in full before using {match}.\"\n"
    COMMON
    "    phrases:\n"
    "      - phrase: MASH\n"
    "        expansion: Multi-Agency Safeguarding Hub\n"
    "      - phrase: CP\n"
    "        expansion: child protection\n"
    "  - id: label\n"
    "    kind: phrase\n"
    "    case_sensitive: true\n"
    "    message: \"'{match}' labels a child: {alternative}\"\n"
    COMMON
    "    phrases:\n"
    "      - LAC: the child's name\n";

static void test_acronyms(void)
{
    /* Case-sensitive: CP yes, cp no. */
    CHECK_INT(fx_count(fx_run(acronyms, NULL, "Sam is on a CP plan.")), 1);
    CHECK_STR(fx_run(acronyms, NULL, "Copy with cp to the folder."), "");
    CHECK_INT(fx_count(fx_run(acronyms, NULL, "LAC reviews happen. The LAC team met.")), 2);
    CHECK_STR(fx_run(acronyms, NULL, "The lac of care."), "");
    /* Undefined: only the first use is reported. */
    const char *out = fx_run(acronyms, NULL, "The MASH met. The MASH met again.");
    CHECK_INT(fx_count(out), 1);
    CHECK(strstr(out, "t.acronym 4+4 [warning] Write Multi-Agency Safeguarding Hub in full before using MASH.") != NULL);
    /* Defined at first use, either way round, ignoring case, spaces and hyphens. */
    CHECK_STR(fx_run(acronyms, NULL, "The Multi-Agency Safeguarding Hub (MASH) met. Later the MASH met."), "");
    CHECK_STR(fx_run(acronyms, NULL, "The MASH (multi agency safeguarding hub) met. The MASH agreed."), "");
    CHECK_STR(fx_run(acronyms, NULL, "A child protection (CP) plan. The CP plan."), "");
    /* A definition after the first use does not excuse the first use. */
    out = fx_run(acronyms, NULL, "The MASH met. Then the Multi-Agency Safeguarding Hub (MASH) met.");
    CHECK_INT(fx_count(out), 1);
    CHECK(strstr(out, "t.acronym 4+4 ") != NULL);
    /* A wrong expansion is not a definition. */
    CHECK_INT(fx_count(fx_run(acronyms, NULL, "The Safeguarding Hub (MASH) met.")), 1);
    /* Headings in capitals skip case-sensitive entries. */
    CHECK_STR(fx_run(acronyms, NULL, "# LAC REVIEW NOTES\n\nSam is well.\n"), "");
    CHECK_INT(fx_count(fx_run(acronyms, NULL, "# The LAC review\n\nSam is well.\n")), 1);
}

static void test_errors(void)
{
    const char *e = fx_load_error(HEAD "  - id: x\n    kind: phrase\n    message: m\n" COMMON);
    CHECK(strstr(e, "p.yml:3:5: error: rule 't.x' of kind phrase needs 'phrases'") != NULL);
    e = fx_load_error(HEAD "  - id: x\n    kind: phrase\n    message: m\n" COMMON
                      "    phrases:\n      - phrase: a\n        alternatve: b\n");
    CHECK(strstr(e, "p.yml:10:9: error: unknown key 'alternatve' in phrase entry; did you mean 'alternative'?") != NULL);
    e = fx_load_error(HEAD "  - id: x\n    kind: phrase\n    message: m\n" COMMON
                      "    phrases:\n      - phrase: a\n        unless_after: [\"$ b\"]\n");
    CHECK(strstr(e, "p.yml:10:24: error: in 'unless_after' pattern \"$ b\": '$' must be the last element") != NULL);
    e = fx_load_error(HEAD "  - id: x\n    kind: phrase\n    message: m\n" COMMON
                      "    phrases:\n      - phrase: a\n        only_after: [\"b ^\"]\n");
    CHECK(strstr(e, "'^' can only start a pattern before the phrase") != NULL);
    e = fx_load_error(HEAD "  - id: x\n    kind: phrase\n    message: m\n" COMMON
                      "    defined_by_expansion: true\n    case_sensitive: true\n"
                      "    phrases: [MASH]\n");
    CHECK(strstr(e, "acronym 'MASH' in rule 't.x' needs an 'expansion'") != NULL);
    e = fx_load_error(HEAD "  - id: x\n    kind: phrase\n    message: m\n" COMMON
                      "    phrases:\n      - phrase: a\n        severity: loud\n");
    CHECK(strstr(e, "p.yml:10:19: error: expected error, warning, suggestion or off for 'severity', found 'loud'") != NULL);
}

/* Do two compiled rules say the same (their forms aside)? Strings compare by
 * content, everything else by value. */
static int same_str(const phrase_compiled *a, uint32_t x, const phrase_compiled *b, uint32_t y)
{
    return (x == 0) == (y == 0) && strcmp(a->pool + x, b->pool + y) == 0;
}

static int same_list(const phrase_compiled *a, const pctx_list *x, const phrase_compiled *b, const pctx_list *y)
{
    if (x->n != y->n)
        return 0;
    for (size_t i = 0; i < x->n; i++) {
        const pctx_pat *p = &a->pats[x->pat + i], *q = &b->pats[y->pat + i];
        if (p->n != q->n || p->anchor != q->anchor)
            return 0;
        for (size_t k = 0; k < p->n; k++) {
            const pctx_elem *e = &a->elems[p->elem + k], *f = &b->elems[q->elem + k];
            if (e->n != f->n)
                return 0;
            for (size_t m = 0; m < e->n; m++) {
                const pctx_alt *u = &a->alts[e->alt + m], *v = &b->alts[f->alt + m];
                if (u->kind != v->kind || u->len != v->len || !same_str(a, u->word, b, v->word))
                    return 0;
            }
        }
    }
    return 1;
}

static int same_compiled(const phrase_compiled *a, const phrase_compiled *b)
{
    if (a->nents != b->nents || a->skip_headings != b->skip_headings ||
        a->defined_by_expansion != b->defined_by_expansion || !same_list(a, &a->unless_before, b, &b->unless_before) ||
        !same_list(a, &a->unless_after, b, &b->unless_after) || !same_list(a, &a->only_before, b, &b->only_before) ||
        !same_list(a, &a->only_after, b, &b->only_after))
        return 0;
    for (size_t i = 0; i < a->nents; i++) {
        const pentry *e = &a->ents[i], *f = &b->ents[i];
        if (!same_str(a, e->phrase, b, f->phrase) || !same_str(a, e->alternative, b, f->alternative) ||
            !same_str(a, e->advice, b, f->advice) || !same_str(a, e->expansion, b, f->expansion) ||
            !same_str(a, e->message, b, f->message) || e->nsugg != f->nsugg || e->exp_len != f->exp_len ||
            (e->exp_key && memcmp(a->pool + e->exp_key, b->pool + f->exp_key, e->exp_len) != 0) ||
            memcmp(e->sev, f->sev, sizeof e->sev) != 0 || e->case_sensitive != f->case_sensitive ||
            !same_list(a, &e->unless_before, b, &f->unless_before) ||
            !same_list(a, &e->unless_after, b, &f->unless_after) ||
            !same_list(a, &e->only_before, b, &f->only_before) || !same_list(a, &e->only_after, b, &f->only_after))
            return 0;
        for (size_t k = 0; k < e->nsugg; k++)
            if (!same_str(a, a->strs[e->sugg + k], b, b->strs[f->sugg + k]))
                return 0;
    }
    return 1;
}

/* The built-in phrase rules were compiled when the binary was built: each is
 * what compiling its pack now gives, and embedded_phrases is the set of all
 * their forms with the entries numbered through, array for array. */
static void test_builtin_rules(void)
{
    const char **names;
    size_t npacks = pack_builtin_names(&names);
    const rule_kind *phrase = rule_kind_find("phrase");
    pack_env builtin = {0}, file = {.base_dir = "."};
    phrase_set *set = phrase_set_new();
    size_t nphrase = 0, same = 0, next = 0;
    for (size_t i = 0; i < npacks; i++) {
        char path[128];
        snprintf(path, sizeof path, "rules/%s.yml", names[i]);
        rule **a = NULL, **b = NULL;
        size_t na = 0, nb = 0, ca = 0, cb = 0;
        lint_error err = {0};
        CHECK_INT(pack_load(names[i], &builtin, &a, &na, &ca, &err), 0);
        CHECK_INT(pack_load_tree(embedded_find(path)->tree, path, &file, &b, &nb, &cb, &err), 0);
        CHECK_INT(na, nb);
        for (size_t r = 0; r < na && r < nb; r++) {
            if (a[r]->kind != phrase)
                continue;
            const phrase_compiled *x = phrase_rule_compiled(a[r]), *y = phrase_rule_compiled(b[r]);
            CHECK(x->owned == NULL && y->owned != NULL);
            CHECK_INT(embedded_phrase_rules[nphrase].first, next);
            CHECK_STR(embedded_phrase_rules[nphrase].id, a[r]->id);
            nphrase++;
            same += same_compiled(x, y);
            for (size_t j = 0; j < y->nents; j++, next++)
                for (size_t f = y->ents[j].form; f < y->ents[j].form + y->ents[j].nforms; f++)
                    phrase_set_add(set, y->pool + y->forms[f].text, y->forms[f].flags, next);
        }
        for (size_t r = 0; r < na; r++)
            rule_free(a[r]);
        for (size_t r = 0; r < nb; r++)
            rule_free(b[r]);
        free(a);
        free(b);
    }
    CHECK(nphrase > 10);
    /* A pack file is compiled as written, whatever its ids. */
    const char *out = fx_run("pack: jargon\nrules:\n  - id: care-system\n    kind: phrase\n    message: m\n"
                             COMMON "    phrases: [zzz]\n", NULL, "Zzz. Contact with mum.");
    CHECK_INT(fx_count(out), 1);
    CHECK(strstr(out, "jargon.care-system 0+3 ") != NULL);
    CHECK_INT(nphrase, embedded_nphrase_rules);
    CHECK_INT(same, nphrase);
    phrase_set_finish(set);
    const phrase_set *e = &embedded_phrases;
    CHECK(e->nslots == set->nslots && e->nused == set->nused && e->nents == set->nents &&
          e->nlens == set->nlens && e->npool == set->npool && e->npairbits == set->npairbits);
    if (e->nslots == set->nslots && e->nents == set->nents && e->nlens == set->nlens && e->npool == set->npool) {
        CHECK(memcmp(e->tags, set->tags, e->nslots * sizeof *e->tags) == 0);
        CHECK(memcmp(e->bloom, set->bloom, e->nslots / 8 * sizeof *e->bloom) == 0);
        CHECK(memcmp(e->loose, set->loose, e->nslots / 8 * sizeof *e->loose) == 0);
        if (e->npairbits == set->npairbits)
            CHECK(memcmp(e->pairs, set->pairs, e->npairbits / 64 * sizeof *e->pairs) == 0);
        CHECK(memcmp(e->slots, set->slots, e->nslots * sizeof *e->slots) == 0);
        CHECK(memcmp(e->ents, set->ents, e->nents * sizeof *e->ents) == 0);
        CHECK(memcmp(e->fps, set->fps, e->nents * sizeof *e->fps) == 0);
        CHECK(memcmp(e->lens, set->lens, e->nlens * sizeof *e->lens) == 0);
        CHECK(memcmp(e->pool, set->pool, e->npool) == 0);
    }
    phrase_set_free(set);
}

int main(void)
{
    fx_setup();
    test_inflections();
    test_context();
    test_acronyms();
    test_errors();
    test_builtin_rules();
    fx_teardown();
    return TEST_DONE();
}
