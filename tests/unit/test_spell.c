/* test_spell.c — spelling: dictionary checks, accepted words, bounded
 * suggestions, the per-thread memo, and the word image: it answers as
 * hunspell does on the repository's own words (and their case and one-edit
 * variants), it is only used for the dictionary files it was made from, and
 * hunspell is opened only for words the image cannot answer. Needs
 * hunspell-en-gb and the images built from /usr/share/hunspell. */
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "harness.h"
#include "spell.h"
#include "spellimg.h"

/* Words drawn from the repository, at most this many distinct. */
#define MAX_WORDS 6000
#define MAX_SUGGEST 60

static const char *dict_dir(void)
{
    const char *d = getenv("PLAINSAFE_DICT_DIR");
    return d && *d ? d : "/usr/share/hunspell";
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The repository's text files (.md, .txt, .yml) under dir, appended to *files. */
static void list_files(const char *dir, char ***files, size_t *n, size_t *cap)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        buf p;
        buf_init(&p);
        buf_printf(&p, "%s/%s", dir, e->d_name);
        struct stat st;
        size_t len = strlen(e->d_name);
        if (stat(p.data, &st) == 0 && S_ISDIR(st.st_mode)) {
            list_files(p.data, files, n, cap);
        } else if (len > 3 && (strcmp(e->d_name + len - 3, ".md") == 0 || strcmp(e->d_name + len - 4, ".txt") == 0 ||
                               strcmp(e->d_name + len - 4, ".yml") == 0)) {
            GROW(*files, *cap, *n + 1);
            (*files)[(*n)++] = buf_steal(&p);
            continue;
        }
        buf_release(&p);
    }
    closedir(d);
}

typedef struct {
    char **v;
    size_t n, cap;
} wordlist;

static void add_word(wordlist *l, const char *w, size_t n)
{
    if (!n || n > 60)
        return;
    for (size_t i = 0; i < l->n; i++)
        if (strlen(l->v[i]) == n && memcmp(l->v[i], w, n) == 0)
            return;
    GROW(l->v, l->cap, l->n + 1);
    l->v[l->n++] = xstrndup(w, n);
}

/* Words: runs of letters (any non-ASCII byte counts as one), apostrophes,
 * hyphens and dots, as the tokenizer would hand them over. */
static void words_of(const char *path, wordlist *l)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    char text[1 << 16];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    for (size_t i = 0; i < n && l->n < MAX_WORDS;) {
        size_t j = i;
        while (j < n && ((text[j] >= 'a' && text[j] <= 'z') || (text[j] >= 'A' && text[j] <= 'Z') ||
                         (unsigned char)text[j] >= 0x80 || text[j] == '\'' || text[j] == '-' || text[j] == '.'))
            j++;
        add_word(l, text + i, j - i);
        i = j + 1;
    }
}

static void compare(spell_dict *img, spell_dict *hun, const char *w, size_t n, int *disagree)
{
    int a = spell_check(img, w, n), b = spell_check(hun, w, n);
    if (a != b && (*disagree)++ < 20)
        fprintf(stderr, "'%.*s': image %d, hunspell %d\n", (int)n, w, a, b);
}

/* The en_GB dictionary, checked to be made (NULL if not). */
static spell_dict *open_en_gb(void)
{
    lint_error err;
    err_clear(&err);
    spell_dict *d = spell_dict_new("en_GB", dict_dir(), 3, &err);
    CHECK(d != NULL);
    return d;
}

/* The en_GB dictionary twice: *img answering from its image (where the
 * build made one), *hun asking hunspell about every word. 0 (both NULL) if
 * either cannot be made. */
static int image_and_hunspell(spell_dict **img, spell_dict **hun)
{
    *img = open_en_gb();
    *hun = open_en_gb();
    if (!*img || !*hun) {
        spell_dict_free(*img);
        spell_dict_free(*hun);
        *img = *hun = NULL;
        return 0;
    }
    spell_dict_unimage(*hun);
    return 1;
}

/* The image and hunspell agree on the repository's words, their case
 * variants and one-edit variants, and on suggestions for misspellings. */
static void image_matches_hunspell(void)
{
    spell_dict *img, *hun;
    if (!image_and_hunspell(&img, &hun))
        return;
    CHECK(!spell_dict_imaged(hun));
    static const char *const accepted[] = {"Ofsted", "kinship-carer", "McNorthfield", "DfE", "NSPCC", "O'Brien", "co-parent",
                                           "Ltd.", "safeguarding"};
    for (size_t i = 0; i < ARRAY_LEN(accepted); i++) {
        spell_dict_add(img, accepted[i], strlen(accepted[i]));
        spell_dict_add(hun, accepted[i], strlen(accepted[i]));
    }

    char **files = NULL;
    size_t nfiles = 0, fcap = 0;
    static const char *const dirs[] = {"examples", "tests", "dictionaries", "rules"};
    for (size_t i = 0; i < ARRAY_LEN(dirs); i++)
        list_files(dirs[i], &files, &nfiles, &fcap);
    if (nfiles)
        qsort(files, nfiles, sizeof *files, by_string);
    wordlist words = {NULL, 0, 0};
    for (size_t i = 0; i < ARRAY_LEN(accepted); i++)
        add_word(&words, accepted[i], strlen(accepted[i]));
    for (size_t i = 0; i < nfiles; i++) {
        words_of(files[i], &words);
        free(files[i]);
    }
    free(files);
    CHECK(words.n > 2000);

    int disagree = 0, nsugg = 0;
    size_t compared = 0;
    uint32_t rs = 1;
    for (size_t i = 0; i < words.n; i++) {
        const char *w = words.v[i];
        size_t n = strlen(w);
        char v[128];
        compare(img, hun, w, n, &disagree);
        /* lower case, capitalised, ALL CAPS (ASCII letters) */
        for (int k = 0; k < 3; k++) {
            for (size_t j = 0; j < n; j++) {
                char c = w[j];
                int up = k == 2 || (k == 1 && j == 0);
                if (up && c >= 'a' && c <= 'z')
                    c = (char)(c - 32);
                else if (!up && c >= 'A' && c <= 'Z')
                    c = (char)(c - 'A' + 'a');
                v[j] = c;
            }
            compare(img, hun, v, n, &disagree);
        }
        /* three one-edit variants: a letter removed, replaced, added */
        for (int k = 0; k < 3; k++) {
            rs = rs * 1664525u + 1013904223u;
            size_t at = (rs >> 8) % n, m = n;
            char c = "etaoinshrdlu'-"[(rs >> 20) % 14];
            memcpy(v, w, n);
            if (k == 0 && n > 1)
                memmove(v + at, v + at + 1, n - at - 1), m = n - 1;
            else if (k == 1)
                v[at] = c;
            else
                memmove(v + at + 1, w + at, n - at), v[at] = c, m = n + 1;
            compare(img, hun, v, m, &disagree);
        }
        compared += 7;
        if (!spell_check(hun, w, n) && nsugg < MAX_SUGGEST) {
            const char *const *a, *const *b;
            size_t na = spell_suggest(img, w, n, &a), nb;
            char *copy[3];
            for (size_t k = 0; k < na; k++)
                copy[k] = xstrdup(a[k]);
            nb = spell_suggest(hun, w, n, &b);
            int same = na == nb;
            for (size_t k = 0; same && k < na; k++)
                same = strcmp(copy[k], b[k]) == 0;
            if (!same)
                fprintf(stderr, "suggestions for '%s' differ\n", w);
            CHECK(same);
            for (size_t k = 0; k < na; k++)
                free(copy[k]);
            nsugg++;
        }
    }
    CHECK_INT(disagree, 0);
    CHECK(nsugg == MAX_SUGGEST);
    CHECK(compared > 10000);
    for (size_t i = 0; i < words.n; i++)
        free(words.v[i]);
    free(words.v);
    spell_thread_end();
    spell_dict_free(img);
    spell_dict_free(hun);
}

/* hunspell ignores an accepted word its table already holds: "Sos", the
 * hidden twin of "SOS/SM", stays rejected, and so does "Mcnorthfield" after
 * "McNorthfield". */
static void twins_accepted(void)
{
    spell_dict *img, *hun;
    if (!image_and_hunspell(&img, &hun))
        return;
    static const char *const add[] = {"Sos", "McNorthfield", "Mcnorthfield", "Mcsouthfield", "McSouthfield"};
    for (size_t i = 0; i < ARRAY_LEN(add); i++) {
        spell_dict_add(img, add[i], strlen(add[i]));
        spell_dict_add(hun, add[i], strlen(add[i]));
    }
    static const char *const words[] = {"SOSES", "SOS", "Sos", "sos", "MCCARTHY", "MCCARTHY'S", "Soses",
                                        "McNorthfield", "Mcnorthfield", "MCNORTHFIELD", "Mcsouthfield",
                                        "McSouthfield", "MCSOUTHFIELD"};
    for (size_t i = 0; i < ARRAY_LEN(words); i++) {
        int a = spell_check(img, words[i], strlen(words[i])), b = spell_check(hun, words[i], strlen(words[i]));
        if (a != b)
            fprintf(stderr, "'%s': image %d, hunspell %d\n", words[i], a, b);
        CHECK(a == b);
    }
    CHECK(!spell_check(img, "Sos", 3));
    CHECK(!spell_check(img, "Mcnorthfield", 12));
    size_t lookups, hits, suggests, asked;
    spell_stats(img, &lookups, &hits, &suggests, &asked);
    CHECK_INT(asked, 0);
    spell_thread_end();
    spell_dict_free(img);
    spell_dict_free(hun);
}

static int copy_file(const char *from, const char *to)
{
    FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
    char chunk[8192];
    size_t n;
    int ok = a && b;
    while (ok && (n = fread(chunk, 1, sizeof chunk, a)) > 0)
        ok = fwrite(chunk, 1, n, b) == n;
    if (a)
        fclose(a);
    if (b && fclose(b) != 0)
        ok = 0;
    return ok ? 0 : -1;
}

/* Set path's times to those of model. */
static int same_mtime(const char *path, const char *model)
{
    struct stat st;
    if (stat(model, &st) != 0)
        return -1;
    struct timespec ts[2] = {st.st_atim, st.st_mtim};
    return utimensat(AT_FDCWD, path, ts, 0);
}

/* A copy of the dictionary with other mtimes is not the image's dictionary:
 * hunspell answers. With the original mtimes (same sizes), the image does. */
static void image_only_for_its_files(void)
{
    char dir[] = "/tmp/plainsafe-spell-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    buf aff, dic, oaff, odic;
    buf_init(&aff);
    buf_init(&dic);
    buf_init(&oaff);
    buf_init(&odic);
    buf_printf(&aff, "%s/en_GB.aff", dir);
    buf_printf(&dic, "%s/en_GB.dic", dir);
    buf_printf(&oaff, "%s/en_GB.aff", dict_dir());
    buf_printf(&odic, "%s/en_GB.dic", dict_dir());
    CHECK(copy_file(oaff.data, aff.data) == 0);
    CHECK(copy_file(odic.data, dic.data) == 0);
    struct timespec old[2] = {{1000000000, 0}, {1000000000, 0}};
    CHECK(utimensat(AT_FDCWD, dic.data, old, 0) == 0);

    lint_error err;
    err_clear(&err);
    size_t lookups, hits, suggests, asked;
    spell_dict *d = spell_dict_new("en_GB", dir, 3, &err);
    CHECK(d != NULL);
    if (d) {
        CHECK(!spell_dict_imaged(d));
        CHECK(spell_check(d, "colour", 6));
        CHECK(!spell_check(d, "recieve", 7));
        spell_stats(d, &lookups, &hits, &suggests, &asked);
        CHECK_INT(asked, 2);
        spell_thread_end();
        spell_dict_free(d);
    }

    CHECK(same_mtime(aff.data, oaff.data) == 0);
    CHECK(same_mtime(dic.data, odic.data) == 0);
    d = spell_dict_new("en_GB", dir, 3, &err);
    CHECK(d != NULL);
    if (d) {
        CHECK(spell_dict_imaged(d));
        CHECK(spell_check(d, "colour", 6));
        CHECK(!spell_check(d, "recieve", 7));
        spell_stats(d, &lookups, &hits, &suggests, &asked);
        CHECK_INT(asked, 0);
        spell_thread_end();
        spell_dict_free(d);
    }
    unlink(aff.data);
    unlink(dic.data);
    rmdir(dir);
    buf_release(&aff);
    buf_release(&dic);
    buf_release(&oaff);
    buf_release(&odic);
}

/* Threads asking hunspell at once, through the image's one shared handle:
 * each gets the answers one thread alone gets. */
#define ASKERS 3
#define ASKED 200

typedef struct {
    const spell_dict *d;
    unsigned char ok[ASKED];
} asker;

static void ask_words(const spell_dict *d, unsigned char *ok)
{
    for (int i = 0; i < ASKED; i++) {
        char w[32];
        /* digits and sharp s: words the image leaves to hunspell */
        int n = i % 2 ? snprintf(w, sizeof w, "%d,%03d", i, i) : snprintf(w, sizeof w, "stra\xC3\x9F%c", 'a' + i % 26);
        ok[i] = (unsigned char)spell_check(d, w, (size_t)n);
    }
}

static void *asker_main(void *arg)
{
    asker *a = arg;
    ask_words(a->d, a->ok);
    spell_thread_end();
    return NULL;
}

static void test_threads_share_hunspell(void)
{
    spell_dict *d = open_en_gb();
    if (!d)
        return;
    spell_dict_add(d, "stra\xC3\x9F" "e", 7);
    unsigned char want[ASKED];
    pthread_t t = 0;
    asker one = {d, {0}};
    CHECK(pthread_create(&t, NULL, asker_main, &one) == 0);
    CHECK(pthread_join(t, NULL) == 0);
    memcpy(want, one.ok, sizeof want);
    size_t right = 0;
    for (int i = 0; i < ASKED; i++)
        right += want[i];
    CHECK(right >= ASKED / 2);      /* the numbers */
    CHECK(want[ASKED - 1] == 1);
    CHECK(want[4] == 1);            /* "straße" is accepted */
    CHECK(want[0] == 0);            /* "straßa" is not */
    asker many[ASKERS];
    pthread_t ts[ASKERS];
    for (int k = 0; k < ASKERS; k++) {
        many[k].d = d;
        CHECK(pthread_create(&ts[k], NULL, asker_main, &many[k]) == 0);
    }
    for (int k = 0; k < ASKERS; k++) {
        CHECK(pthread_join(ts[k], NULL) == 0);
        CHECK(memcmp(many[k].ok, want, sizeof want) == 0);
    }
    spell_dict_free(d);
}

/* The image's answers go through a small cache per thread: the same
 * answers as hunspell's, on a second pass (from the cache) as on the first,
 * with more distinct words than the cache holds and words longer than its
 * keys, and for two dictionaries asked in turn. */
static void test_hot_cache(void)
{
    spell_dict *img, *hun;
    if (!image_and_hunspell(&img, &hun))
        return;
    spell_dict *other = open_en_gb();
    if (!other)
        return;
    spell_dict_add(other, "Zorblax", 7);
    static const char *const real[] = {"colour", "Colour", "COLOUR", "recieve", "children", "worried",
                                       "accommodation", "accomodation", "uncharacteristically",
                                       "counterrevolutionaries", "counterrevolutionarys", "The", "tHe"};
    size_t mismatches = 0, right = 0, total = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (unsigned i = 0; i < 18000; i++) {
            char w[64];
            size_t n = 0;
            if (i < sizeof real / sizeof real[0]) {
                n = strlen(real[i]);
                memcpy(w, real[i], n);
            } else {
                unsigned v = i;
                w[n++] = "bcdfglmnprst"[v % 12];
                for (v /= 12; v; v /= 5)
                    w[n++] = "aeiou"[v % 5], w[n++] = "nrstl"[v % 5];
                if (i % 7 == 0)
                    n += (size_t)snprintf(w + n, sizeof w - n, "ationalisation");   /* past the key length */
            }
            int a = spell_check(img, w, n), b = spell_check(hun, w, n);
            mismatches += a != b;
            right += a;
            total++;
        }
        /* Two dictionaries in turn: each answer is its own. */
        for (int k = 0; k < 3; k++) {
            CHECK(!spell_check(img, "Zorblax", 7));
            CHECK(spell_check(other, "Zorblax", 7));
        }
    }
    CHECK_INT(mismatches, 0);
    CHECK(right > 20 && right < total);
    spell_thread_end();
    spell_dict_free(img);
    spell_dict_free(hun);
    spell_dict_free(other);
}

/* Runs of a script's letters between hyphens, and the oracle's use of them:
 * a word with a longer run of a script than any word of the dictionary is
 * rejected without asking hunspell, as hunspell would reject it; shorter
 * runs are still asked, and accepted words lengthen the runs. */
static void test_scripts(void)
{
    uint8_t max[SPELLIMG_SCRIPTS] = {0};
    spellimg_script_runs("\xCE\xB1\xCE\xB2\xCE\xB3-\xCE\xB4 caf\xC3\xA9", 14, max);   /* αβγ-δ café */
    CHECK_INT(max[0], 3);
    spellimg_script_runs("x-\xD1\x81\xD0\xBB\xD0\xBE\xD0\xB2\xD0\xBE", 12, max);     /* x-слово */
    CHECK_INT(max[0], 3);
    CHECK_INT(max[1], 5);
    spellimg_script_runs("\xE6\x97\xA5\xE6\x9C\xAC", 6, max);                            /* 日本 */
    CHECK_INT(max[7], 2);
    CHECK_INT(max[2] + max[3] + max[4] + max[5] + max[6], 0);

    spell_dict *img, *hun;
    if (!image_and_hunspell(&img, &hun))
        return;
    static const char kyiv[] = "\xD0\x9A\xD0\xB8\xD1\x97\xD0\xB2";   /* Київ */
    spell_dict_add(img, kyiv, sizeof kyiv - 1);
    spell_dict_add(hun, kyiv, sizeof kyiv - 1);
    /* answered by the image: runs longer than en_GB's (one Greek letter at
     * a time; no Cyrillic but the accepted word's four; no CJK) */
    static const char *const beyond[] = {
        "\xCE\xBF\xCF\x85\xCE\xBB\xCE\xB1\xCF\x82", "\xCE\x9F\xCF\x85\xCE\xBB\xCE\xB1\xCF\x82",
        "\xCE\xB1\xCE\xB2-\xCE\xB3", "caf\xC3\xA9-\xCE\xB1\xCE\xB2", "\xCE\xB1\xCE\xB2\xE2\x80\x99s",
        "\xD0\x9A\xD0\xB8\xD1\x94\xD0\xB2\xD0\xB0", "\xE6\x97\xA5\xE6\x9C\xAC",
        "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7"};
    for (size_t i = 0; i < ARRAY_LEN(beyond); i++) {
        CHECK(!spell_check(img, beyond[i], strlen(beyond[i])));
        CHECK(!spell_check(hun, beyond[i], strlen(beyond[i])));
    }
    size_t lookups, hits, suggests, asked;
    spell_stats(img, &lookups, &hits, &suggests, &asked);
    if (spell_dict_imaged(img))
        CHECK_INT(asked, 0);
    /* asked: runs the dictionary has (a Greek letter alone, the accepted word) */
    static const char *const within[] = {"\xCE\xB1", "\xCE\xA9", "\xCE\xB1-\xCE\xB2", kyiv,
                                         "\xD0\x9A\xD0\x98\xD0\x87\xD0\x92"};
    for (size_t i = 0; i < ARRAY_LEN(within); i++)
        CHECK_INT(spell_check(img, within[i], strlen(within[i])), spell_check(hun, within[i], strlen(within[i])));
    CHECK(spell_check(img, kyiv, sizeof kyiv - 1));
    spell_stats(img, &lookups, &hits, &suggests, &asked);
    if (spell_dict_imaged(img))
        CHECK_INT(asked, ARRAY_LEN(within));
    spell_thread_end();
    spell_dict_free(img);
    spell_dict_free(hun);
}

/* Latin Extended-A letters are in the oracle's alphabet: their case pairs,
 * the letters left out (whose case leaves the pairs), and words answered as
 * hunspell answers them without asking it. A one-letter half of a split
 * suggestion is only "a" or "I", in any script. */
static void test_latin_ext_a(void)
{
    char out[64];
    CHECK(spellimg_lower("\xC5\x81\xC3\x93" "D\xC5\xB9", 7, out));        /* ŁÓDŹ */
    CHECK(memcmp(out, "\xC5\x82\xC3\xB3" "d\xC5\xBA", 7) == 0);           /* łódź */
    CHECK(spellimg_upper("jovanovi\xC4\x87", 10, out));
    CHECK(memcmp(out, "JOVANOVI\xC4\x86", 10) == 0);
    CHECK(spellimg_upper("\xC4\xBF\xC5\x80", 4, out));                       /* Ŀŀ: the pair across C4/C5 */
    CHECK(memcmp(out, "\xC4\xBF\xC4\xBF", 4) == 0);
    CHECK(spellimg_lower("\xC5\xBD\xC4\xB9", 4, out));                       /* ŽĹ: odd capitals */
    CHECK(memcmp(out, "\xC5\xBE\xC4\xBA", 4) == 0);
    CHECK_INT(spellimg_captype("\xC5\x81\xC3\xB3" "d\xC5\xBA", 7), SPELLIMG_INITCAP);
    CHECK_INT(spellimg_captype("HA\xC5\xA0" "EK", 6), SPELLIMG_ALLCAP);
    static const char *const outside[] = {"\xC4\xB0", "\xC4\xB1", "\xC4\xB8", "\xC5\x89", "\xC5\xB8", "\xC5\xBF"};
    for (size_t i = 0; i < ARRAY_LEN(outside); i++)
        CHECK_INT(spellimg_captype(outside[i], 2), -1);   /* İ ı ĸ ŉ Ÿ ſ */

    spell_dict *img, *hun;
    if (!image_and_hunspell(&img, &hun))
        return;
    static const char *const words[] = {
        "Jovanovi\xC4\x87", "JOVANOVI\xC4\x86", "jovanovi\xC4\x87", "Jovanovi\xC4\x86", "Ha\xC5\xA1" "ek",
        "HA\xC5\xA0" "EK", "ha\xC5\xA1" "ek", "am\xC5\x93" "b\xC3\xA6" "an", "\xC5\x92uvre", "\xC5\x81\xC3\xB3" "d\xC5\xBA",
        "Glynd\xC5\xB5r", "GLYND\xC5\xB4R", "glynd\xC5\xB5r", "Glynd\xC5\xB5r's", "Glynd\xC5\xB5r-colour"};
    for (size_t i = 0; i < ARRAY_LEN(words); i++)
        CHECK_INT(spell_check(img, words[i], strlen(words[i])), spell_check(hun, words[i], strlen(words[i])));
    CHECK(spell_check(img, "Jovanovi\xC4\x87", 10));
    CHECK(!spell_check(img, "jovanovi\xC4\x87", 10));
    size_t lookups, hits, suggests, asked;
    spell_stats(img, &lookups, &hits, &suggests, &asked);
    if (spell_dict_imaged(img))
        CHECK_INT(asked, 0);
    const char *const *sugg;
    size_t ns = spell_suggest(img, "\xCE\xB1" "beta", 6, &sugg);
    for (size_t i = 0; i < ns; i++)
        CHECK(strcmp(sugg[i], "\xCE\xB1 beta") != 0);
    spell_thread_end();
    spell_dict_free(img);
    spell_dict_free(hun);
}

int main(void)
{
    lint_error err;
    err_clear(&err);

    /* A missing dictionary is an error naming the package. */
    CHECK(spell_dict_new("xx_YY", dict_dir(), 3, &err) == NULL);
    CHECK(strstr(err.msg, "no hunspell dictionary for xx_YY in ") != NULL);
    CHECK(strstr(err.msg, "(install hunspell-xx-yy)") != NULL);
    err_clear(&err);
    CHECK(spell_dict_new("en_GB", "/nonexistent", 3, &err) == NULL);
    CHECK_STR(err.msg, "no hunspell dictionary for en_GB in /nonexistent (install hunspell-en-gb)");
    err_clear(&err);
    CHECK(spell_dict_new("../en_GB", dict_dir(), 3, &err) == NULL);
    CHECK(strstr(err.msg, "invalid language name") != NULL);
    err_clear(&err);

    test_threads_share_hunspell();
    test_hot_cache();
    test_scripts();
    test_latin_ext_a();

    /* The same answers with the image and without it. */
    for (int pass = 0; pass < 2; pass++) {
        spell_dict *d = spell_dict_new("en_GB", dict_dir(), 3, &err);
        CHECK(d != NULL);
        if (!d) {
            fprintf(stderr, "%s\n", err.msg);
            return TEST_DONE();
        }
        if (pass)
            spell_dict_unimage(d);
        else if (!getenv("PLAINSAFE_DICT_DIR"))
            CHECK(spell_dict_imaged(d));   /* built from /usr/share/hunspell (needs unmunch) */
        int imaged = spell_dict_imaged(d);
        CHECK_STR(spell_dict_language(d), "en_GB");
        spell_dict_add(d, "Ofsted", 6);
        spell_dict_add(d, "kinship-carer", 13);

        CHECK(spell_check(d, "colour", 6));
        CHECK(spell_check(d, "behaviour", 9));
        CHECK(!spell_check(d, "recieve", 7));
        CHECK(spell_check(d, "Ofsted", 6));
        CHECK(spell_check(d, "OFSTED", 6));
        CHECK(!spell_check(d, "ofsted", 6));
        CHECK(spell_check(d, "kinship-carer", 13));
        CHECK(spell_check(d, "Kinship-carer", 13));
        CHECK(spell_check(d, "The", 3));
        CHECK(spell_check(d, "don't", 5));
        CHECK(spell_check(d, "don\xE2\x80\x99t", 7));
        CHECK(spell_check(d, "etc.", 4));
        CHECK(spell_check(d, "well-known", 10));
        CHECK(!spell_check(d, "well\xE2\x80\x91known", 12));
        CHECK(spell_check(d, "McCarthy", 8));
        CHECK(spell_check(d, "MCCARTHY", 8));
        CHECK(!spell_check(d, "Mccarthy", 8));
        CHECK(!spell_check(d, "mccarthy", 8));
        CHECK(spell_check(d, "SOSES", 5));   /* hunspell's hidden twin "Sos" with SOS's affixes */

        size_t lookups, hits, suggests, asked;
        spell_stats(d, &lookups, &hits, &suggests, &asked);
        if (imaged) {
            /* Answered from the image: no memo, no hunspell. */
            CHECK_INT(lookups, 0);
            CHECK_INT(asked, 0);
            CHECK(spell_check(d, "1,200", 5));   /* digits: hunspell answers */
            spell_stats(d, &lookups, &hits, &suggests, &asked);
            CHECK_INT(asked, 1);
        } else {
            /* The memo: one hunspell lookup per distinct word. */
            CHECK_INT(lookups, 19);
            CHECK_INT(hits, 0);
            for (int i = 0; i < 5; i++)
                CHECK(spell_check(d, "colour", 6));
            CHECK(!spell_check(d, "recieve", 7));
            spell_stats(d, &lookups, &hits, &suggests, &asked);
            CHECK_INT(lookups, 19);
            CHECK_INT(hits, 6);
            CHECK_INT(asked, 19);
        }

        /* Suggestions: bounded, computed once per distinct word. */
        size_t before_lookups = lookups, before_asked = asked;
        const char *const *s;
        size_t n = spell_suggest(d, "recieve", 7, &s);
        CHECK(n >= 1 && n <= 3);
        CHECK(n >= 1 && strcmp(s[0], "receive") == 0);
        n = spell_suggest(d, "recieve", 7, &s);
        CHECK(n >= 1 && strcmp(s[0], "receive") == 0);
        spell_stats(d, &lookups, &hits, &suggests, &asked);
        CHECK_INT(suggests, 1);
        CHECK_INT(lookups, before_lookups + (size_t)imaged);
        if (imaged)
            CHECK_INT(asked, before_asked);

        /* Another dictionary on the same thread has its own handle and memo. */
        spell_dict *us = spell_dict_new("en_US", dict_dir(), 1, &err);
        if (us) {
            if (pass)
                spell_dict_unimage(us);
            CHECK(spell_check(us, "behavior", 8));
            CHECK(!spell_check(us, "Ofsted", 6));
            n = spell_suggest(us, "recieve", 7, &s);
            CHECK_INT(n, 1);
            spell_stats(us, &lookups, &hits, &suggests, &asked);
            CHECK_INT(lookups, imaged ? 1 : 3);
            CHECK_INT(suggests, 1);
            spell_dict_free(us);
        }
        CHECK(spell_check(d, "Ofsted", 6));
        CHECK(!spell_check(d, "behavior", 8));
        /* Suggestions are words one edit away, a missing space first. */
        {
            const char *const *sp;
            size_t k = spell_suggest(d, "alot", 4, &sp);
            CHECK(k >= 1 && strcmp(sp[0], "a lot") == 0);
            k = spell_suggest(d, "Teh", 3, &sp);
            CHECK(k >= 1 && strcmp(sp[0], "The") == 0);
            k = spell_suggest(d, "occured", 7, &sp);
            CHECK(k == 1 && strcmp(sp[0], "occurred") == 0);
        }

        /* After thread_end a fresh memo starts. */
        spell_thread_end();
        spell_stats(d, &lookups, &hits, &suggests, &asked);
        CHECK_INT(lookups, 0);
        CHECK(spell_check(d, "Ofsted", 6));
        spell_thread_end();
        spell_dict_free(d);
    }

    if (!getenv("PLAINSAFE_DICT_DIR")) {
        image_matches_hunspell();
        twins_accepted();
        image_only_for_its_files();
    }
    return TEST_DONE();
}
