/* test_rule_phrase.c — the phrase kind through the linter: inflections,
 * context patterns, case-sensitive acronyms and definitions at first use,
 * entry severities and profiles, longest match, and located pack errors. */
#include "harness.h"
#include "lint_fixture.h"

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

int main(void)
{
    fx_setup();
    test_inflections();
    test_context();
    test_acronyms();
    test_errors();
    fx_teardown();
    return TEST_DONE();
}
