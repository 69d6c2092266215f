/* test_phraseset.c — the shared phrase matcher: longest first, inflection,
 * case-sensitive entries, punctuation breaks a phrase, insertion order. */
#include <ctype.h>
#include <stdlib.h>
#include "harness.h"
#include "phraseset.h"
#include "util.h"

/* A small tokenizer for tests: words (letters, digits, inner ' and -),
 * numbers, one-character punctuation. */
static size_t tokenize(const char *s, token *toks, size_t cap)
{
    size_t n = 0, i = 0, len = strlen(s);
    while (i < len && n < cap) {
        unsigned char c = (unsigned char)s[i];
        if (isspace(c)) {
            i++;
            continue;
        }
        token t = {i, 1, TOK_PUNCT, 0, 0};
        if (isalnum(c) || c >= 0x80) {
            size_t j = i;
            while (j < len && (isalnum((unsigned char)s[j]) || (unsigned char)s[j] >= 0x80 ||
                               ((s[j] == '\'' || s[j] == '-') && j + 1 < len && isalnum((unsigned char)s[j + 1]))))
                j++;
            t.len = (uint32_t)(j - i);
            t.kind = isdigit(c) ? TOK_NUMBER : TOK_WORD;
            token_set_hash(s, &t);
        }
        toks[n++] = t;
        i += t.len;
    }
    return n;
}

/* Ids name the phrases: names[id]. */
static const char *names[4096];
static size_t nnames;

static void add(phrase_set *ps, const char *phrase, unsigned flags, const char *name)
{
    names[nnames] = name;
    phrase_set_add(ps, phrase, flags, nnames++);
}

/* The phrase (by name) matched at token i of s, or "" with the span 0. */
static const char *match_at(const phrase_set *ps, const char *s, size_t i, size_t *span)
{
    token toks[64];
    size_t n = tokenize(s, toks, 64);
    size_t id = 0;
    *span = phrase_set_match(ps, s, toks, n, i, &id);
    return *span ? names[id] : "";
}

static const char *m0(const phrase_set *ps, const char *s)
{
    size_t span;
    return match_at(ps, s, 0, &span);
}

static int collect(size_t id, size_t ntok, void *arg)
{
    buf *b = arg;
    buf_printf(b, "%s/%zu;", names[id], ntok);
    return 0;
}

static int stop_at_first(size_t id, size_t ntok, void *arg)
{
    (void)id;
    (void)arg;
    return (int)ntok + 100;
}

/* Random sentences over a small vocabulary, matched at every token both by
 * the set and by a plain comparison of every phrase: the set's quick tests
 * (bloom filter, pairs of first and next word, fingerprints) may only skip
 * what cannot match. */
static void test_against_plain(void)
{
    /* surface, normalised form (NULL: punctuation) */
    static const char *const vocab[][2] = {
        {"in", "in"}, {"In", "in"}, {"IN", "in"}, {"of", "of"}, {"Of", "of"}, {"care", "care"},
        {"CARE", "care"}, {"the", "the"}, {"plan", "plan"}, {"to", "to"}, {"LA", "la"}, {"la", "la"},
        {"don\xe2\x80\x99t", "don't"}, {"don't", "don't"}, {"caf\xc3\xa9", "caf\xc3\xa9"},
        {"CAF\xc3\x89", "caf\xc3\xa9"}, {",", NULL},
    };
    /* words split by one space; with PS_CASE compared with the surface */
    static const struct {
        const char *words;
        unsigned flags;
    } phrases[] = {
        {"in care", 0}, {"in the", 0}, {"in the plan", 0}, {"of care", 0}, {"of don't", 0},
        {"of caf\xc3\xa9", 0}, {"caf\xc3\xa9 care", 0}, {"to the", 0}, {"the plan", 0},
        {"don't care", 0}, {"plan", 0}, {"plan to the", 0}, {"LA plan", PS_CASE}, {"care", 0},
        {"in care", 0},
    };
    const size_t nvocab = sizeof vocab / sizeof vocab[0], nphrases = sizeof phrases / sizeof phrases[0];
    phrase_set *ps = phrase_set_new();
    size_t first = nnames;
    for (size_t p = 0; p < nphrases; p++)
        add(ps, phrases[p].words, phrases[p].flags, phrases[p].words);
    phrase_set_finish(ps);
    uint32_t seed = 12345;
    int agree = 0, tries = 0, matched = 0, split = 0;
    for (int round = 0; round < 3000; round++) {
        char text[256] = "";
        size_t pick[8], nw = 1 + round % 7;
        for (size_t w = 0; w < nw; w++) {
            seed = seed * 1103515245u + 12345u;
            pick[w] = (seed >> 16) % nvocab;
            strcat(text, w ? " " : "");
            strcat(text, vocab[pick[w]][0]);
        }
        token toks[8];
        size_t n = tokenize(text, toks, 8);
        split += n == nw;
        for (size_t i = 0; i < n; i++) {
            buf got, want;
            buf_init(&got);
            buf_init(&want);
            phrase_set_each(ps, text, toks, n, i, collect, &got);
            for (size_t len = 3; len >= 1; len--)
                for (size_t p = 0; p < nphrases; p++) {
                    char words[64];
                    snprintf(words, sizeof words, "%s", phrases[p].words);
                    size_t k = 0;
                    int ok = 1;
                    for (char *w = strtok(words, " "); w; w = strtok(NULL, " "), k++) {
                        const char *const *v = vocab[pick[i + k < n ? i + k : 0]];
                        ok &= i + k < n && (phrases[p].flags & PS_CASE ? strcmp(v[0], w) == 0
                                                                        : v[1] && strcmp(v[1], w) == 0);
                    }
                    if (ok && k == len)
                        buf_printf(&want, "%s/%zu;", names[first + p], len);
                }
            tries++;
            matched += want.len > 0;
            agree += strcmp(got.len ? got.data : "", want.len ? want.data : "") == 0;
            if (strcmp(got.len ? got.data : "", want.len ? want.data : "") != 0)
                fprintf(stderr, "at %zu of \"%s\": got %s, want %s\n", i, text, got.len ? got.data : "",
                        want.len ? want.data : "");
            buf_release(&got);
            buf_release(&want);
        }
    }
    CHECK_INT(split, 3000);
    CHECK_INT(agree, tries);
    CHECK(matched > 1000);
    phrase_set_free(ps);
}

int main(void)
{
    test_against_plain();
    phrase_set *ps = phrase_set_new();
    add(ps, "contact", PS_INFLECT, "contact");
    add(ps, "contact with", 0, "contact with");
    add(ps, "engage", PS_INFLECT, "engage");
    add(ps, "abscond", PS_INFLECT, "abscond");
    add(ps, "step down", PS_INFLECT, "step down");
    add(ps, "apply", PS_INFLECT, "apply");
    add(ps, "liaise", PS_INFLECT, "liaise");
    add(ps, "visit", PS_INFLECT, "visit");
    add(ps, "in receipt of", 0, "in receipt of");
    add(ps, "CP", PS_CASE, "CP");
    add(ps, "Looked After", PS_CASE, "LA-case");
    add(ps, "section 47", 0, "s47");
    add(ps, "child's", 0, "child's");
    phrase_set_finish(ps);

    size_t span;
    /* Longest first, case-insensitive. */
    CHECK_STR(match_at(ps, "Contact with Dad", 0, &span), "contact with");
    CHECK_INT(span, 2);
    CHECK_STR(match_at(ps, "contact me", 0, &span), "contact");
    CHECK_INT(span, 1);
    /* Punctuation is not skipped. */
    CHECK_STR(match_at(ps, "contact, with", 0, &span), "contact");
    CHECK_INT(span, 1);
    /* Inflections of the first word. */
    CHECK_STR(m0(ps, "engages"), "engage");
    CHECK_STR(m0(ps, "engaged"), "engage");
    CHECK_STR(m0(ps, "engaging"), "engage");
    CHECK_STR(m0(ps, "Absconded"), "abscond");
    CHECK_STR(m0(ps, "absconding"), "abscond");
    CHECK_STR(m0(ps, "contacted"), "contact");
    CHECK_STR(match_at(ps, "stepped down", 0, &span), "step down");
    CHECK_INT(span, 2);
    CHECK_STR(m0(ps, "stepping down"), "step down");
    CHECK_STR(m0(ps, "steps down"), "step down");
    CHECK_STR(m0(ps, "steped down"), "");       /* one syllable: doubled only */
    CHECK_STR(m0(ps, "stepped up"), "");
    CHECK_STR(m0(ps, "applies"), "apply");
    CHECK_STR(m0(ps, "applied"), "apply");
    CHECK_STR(m0(ps, "applying"), "apply");
    CHECK_STR(m0(ps, "liaising"), "liaise");
    CHECK_STR(m0(ps, "liaised"), "liaise");
    CHECK_STR(m0(ps, "visited"), "visit");
    CHECK_STR(m0(ps, "visiting"), "visit");
    /* Only the first word is inflected, and only with PS_INFLECT. */
    CHECK_STR(m0(ps, "contacts with"), "contact");
    CHECK_STR(m0(ps, "in receipts of"), "");
    CHECK_STR(m0(ps, "ins receipt of"), "");
    /* Case-sensitive entries compare the raw text. */
    CHECK_STR(m0(ps, "CP plan"), "CP");
    CHECK_STR(m0(ps, "cp plan"), "");
    CHECK_STR(m0(ps, "Cp plan"), "");
    CHECK_STR(m0(ps, "Looked After children"), "LA-case");
    CHECK_STR(m0(ps, "looked after children"), "");
    /* Numbers and apostrophes (curly folded). */
    CHECK_STR(m0(ps, "Section 47 enquiry"), "s47");
    CHECK_STR(m0(ps, "child\xE2\x80\x99s"), "child's");
    /* Truncated phrase at the end of the tokens. */
    CHECK_STR(m0(ps, "in receipt"), "");
    /* Match in the middle. */
    CHECK_STR(match_at(ps, "she was in receipt of benefits", 2, &span), "in receipt of");
    CHECK_INT(span, 3);
    CHECK_STR(match_at(ps, "she was in receipt of benefits", 1, &span), "");

    /* phrase_set_each: every match, longest first; stops on non-zero. */
    {
        const char *s = "contact with Dad";
        token toks[8];
        size_t n = tokenize(s, toks, 8);
        buf b;
        buf_init(&b);
        CHECK_INT(phrase_set_each(ps, s, toks, n, 0, collect, &b), 0);
        CHECK_STR(b.data, "contact with/2;contact/1;");
        CHECK_INT(phrase_set_each(ps, s, toks, n, 0, stop_at_first, NULL), 102);
        buf_clear(&b);
        CHECK_INT(phrase_set_each(ps, s, toks, n, 2, collect, &b), 0);
        CHECK_INT(b.len, 0);
        buf_release(&b);
    }
    phrase_set_free(ps);

    /* The same phrase twice: the first value wins, each still reports both. */
    ps = phrase_set_new();
    add(ps, "threshold", 0, "first");
    add(ps, "Threshold", PS_INFLECT, "second");
    add(ps, "   ", 0, "blank");
    phrase_set_finish(ps);
    CHECK_STR(m0(ps, "threshold"), "first");
    CHECK_STR(m0(ps, "thresholds"), "second");
    {
        const char *s = "threshold";
        token toks[2];
        size_t n = tokenize(s, toks, 2);
        buf b;
        buf_init(&b);
        phrase_set_each(ps, s, toks, n, 0, collect, &b);
        CHECK_STR(b.data, "first/1;second/1;");
        buf_release(&b);
    }
    /* An empty phrase matches nothing; nor does an empty set. */
    CHECK_STR(m0(ps, "blank"), "");
    phrase_set_free(ps);
    ps = phrase_set_new();
    phrase_set_finish(ps);
    CHECK_STR(m0(ps, "blank"), "");
    phrase_set_free(ps);
    const phrase_set zero = {0};
    CHECK_STR(m0(&zero, "blank"), "");

    /* Many phrases: the table grows and every one is still found. */
    ps = phrase_set_new();
    char words[2000][24];
    for (int i = 0; i < 2000; i++) {
        snprintf(words[i], sizeof words[i], "w%dx tail", i);
        add(ps, words[i], 0, words[i]);
    }
    phrase_set_finish(ps);
    int found = 0;
    for (int i = 0; i < 2000; i++)
        found += strcmp(m0(ps, words[i]), words[i]) == 0;
    CHECK_INT(found, 2000);
    CHECK_STR(m0(ps, "w5x"), "");
    phrase_set_free(ps);

    /* Many entries under one first word: each is told apart by its later
     * words, including words of the same length, first and last letter. */
    ps = phrase_set_new();
    add(ps, "in care", 0, "in care");
    add(ps, "in cure", 0, "in cure");
    add(ps, "in case of", 0, "in case of");
    add(ps, "in case", 0, "in case");
    add(ps, "in", 0, "in");
    add(ps, "in don't", 0, "in don't");
    add(ps, "in a b c d e f g h i", 0, "in a..i");
    add(ps, "in a b c d e f g h j", 0, "in a..j");
    add(ps, "in safeguarding", 0, "in safeguarding");
    add(ps, "in LA", PS_CASE, "in LA");
    add(ps, "\xc3\xa9tude de cas", 0, "etude");
    phrase_set_finish(ps);
    CHECK_STR(m0(ps, "in cure"), "in cure");
    CHECK_STR(m0(ps, "In Care"), "in care");
    CHECK_STR(m0(ps, "in core"), "in");
    CHECK_STR(m0(ps, "in case of"), "in case of");
    CHECK_STR(m0(ps, "in case"), "in case");
    CHECK_STR(m0(ps, "in casE, of"), "in case");
    CHECK_STR(m0(ps, "in"), "in");
    CHECK_STR(m0(ps, "in ,"), "in");
    /* the next token normalises to a different length than its bytes */
    CHECK_STR(m0(ps, "in don\xe2\x80\x99t"), "in don't");
    /* longer than the normalised-token cache */
    CHECK_STR(m0(ps, "in a b c d e f g h j"), "in a..j");
    CHECK_STR(m0(ps, "in a b c d e f g h i"), "in a..i");
    CHECK_STR(m0(ps, "in a b c d e f g h k"), "in");
    /* the next word's fingerprint, from its raw bytes: case folded, every length */
    CHECK_STR(m0(ps, "IN CARE"), "in care");
    CHECK_STR(m0(ps, "iN cAsE OF"), "in case of");
    CHECK_STR(m0(ps, "In SafeGuarding"), "in safeguarding");
    CHECK_STR(m0(ps, "In SafeGuardinG,"), "in safeguarding");
    CHECK_STR(m0(ps, "In Safeguardings"), "in");
    /* a case-sensitive entry of two words under the same first word */
    CHECK_STR(m0(ps, "in LA"), "in LA");
    CHECK_STR(m0(ps, "in la"), "in");
    CHECK_STR(m0(ps, "in CARE"), "in care");
    CHECK_STR(m0(ps, "in zzz"), "in");
    /* a non-ASCII first word goes through token_norm */
    CHECK_STR(m0(ps, "\xc3\x89tude de cas"), "etude");
    CHECK_STR(m0(ps, "\xc3\x89tude de cad"), "");
    phrase_set_free(ps);
    return TEST_DONE();
}
