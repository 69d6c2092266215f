/* spellimage.c — build-time generator of the word image for one hunspell
 * dictionary (format and oracle: src/spellimg.h). The forms `unmunch DIC AFF`
 * expands are cut at the first TAB, space or '/', and kept if Hunspell_spell
 * accepts them; ALL-CAPS forms hunspell accepts through hidden entries are
 * added; then the oracle is checked against Hunspell_spell on every form's
 * case variants and on a deterministic sample of one-edit variants, joined
 * pairs and dotted forms. Any disagreement is printed and the image is
 * written unusable (plainsafe then asks hunspell), so a wrong image never
 * changes plainsafe's output; the build does not fail.
 *
 *   spellimage LANGUAGE DICT_DIR OUT
 *
 * OUT is always written: empty when the dictionary or unmunch is missing.
 */
#include <hunspell.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spellimg.h"

/* Disagreements printed before the rest are only counted. */
#define SHOW_MAX 40
/* One form in SAMPLE_EVERY gets EDITS one-edit variants and one joined pair. */
#define SAMPLE_EVERY 8
#define EDITS 4

/* .aff directives the oracle models (or that only affect suggestions). */
static const char *const modelled[] = {
    "SET", "TRY", "ICONV", "NOSUGGEST", "COMPOUNDMIN", "ONLYINCOMPOUND", "COMPOUNDRULE", "WORDCHARS",
    "PFX", "SFX", "REP", "KEY", "MAP", "PHONE", "NAME", "VERSION", "HOME", "MAXNGRAMSUGS", "MAXDIFF",
    "ONLYMAXDIFF", "NOSPLITSUGS", "SUGSWITHDOTS", "MAXCPDSUGS", "FULLSTRIP", NULL};

typedef struct {
    const char *language;
    Hunhandle *h;
    spellimg_oracle oracle;
    unsigned long compared, disagreed;
} verifier;

static void die(const char *msg, const char *arg)
{
    fprintf(stderr, "spellimage: %s%s\n", msg, arg ? arg : "");
    exit(1);
}

static int write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        die("cannot write ", path);
    if (n && fwrite(data, 1, n, f) != n)
        die("cannot write ", path);
    if (fclose(f) != 0)
        die("cannot write ", path);
    return 0;
}

/* Why the oracle cannot model this .aff (a static message), or NULL.
 * Collects the COMPOUNDRULE flags into cflags and notes ICONV U+2019 -> '. */
static const char *check_aff(const char *aff, char *cflags, size_t cap, int *iconv_apos)
{
    FILE *f = fopen(aff, "rb");
    if (!f)
        return "the .aff file cannot be read";
    char line[4096];
    const char *why = NULL;
    int utf8 = 0, niconv = -1, good_iconv = 0;
    size_t nc = 0;
    while (!why && fgets(line, sizeof line, f)) {
        char *p = line;
        if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
            p += 3;
        if (*p < 'A' || *p > 'Z')
            continue;
        size_t k = strcspn(p, " \t\r\n");
        char key[64];
        snprintf(key, sizeof key, "%.*s", (int)k, p);
        char *arg = p + k;
        arg += strspn(arg, " \t");
        arg[strcspn(arg, "\r\n")] = 0;
        int known = 0;
        for (size_t i = 0; modelled[i]; i++)
            known |= strcmp(key, modelled[i]) == 0;
        if (!known)
            why = "the .aff has a directive the oracle does not model";
        else if (strcmp(key, "SET") == 0)
            utf8 = strcmp(arg, "UTF-8") == 0;
        else if (strcmp(key, "ICONV") == 0 && niconv < 0)
            niconv = atoi(arg);
        else if (strcmp(key, "ICONV") == 0)
            good_iconv += strcmp(arg, "\xE2\x80\x99 '") == 0;
        else if (strcmp(key, "COMPOUNDRULE") == 0 && strchr(arg, ' ') == NULL && !(arg[0] >= '0' && arg[0] <= '9'))
            for (const char *q = arg; *q && nc + 1 < cap; q++)
                if (*q != '*' && *q != '?' && *q != '(' && *q != ')' && !strchr(cflags, *q))
                    cflags[nc++] = *q, cflags[nc] = 0;
    }
    fclose(f);
    if (!why && !utf8)
        why = "the .aff is not UTF-8";
    if (!why && niconv > 0 && !(niconv == 1 && good_iconv == 1))
        why = "the .aff has ICONV rules other than U+2019 -> '";
    *iconv_apos = niconv == 1 && good_iconv == 1;
    return why;
}

/* NULL if every .dic entry carrying a compound flag has a digit (so every
 * compound hunspell accepts has a digit, and the oracle asks hunspell). */
static const char *check_dic(const char *dic, const char *cflags)
{
    if (!*cflags)
        return NULL;
    FILE *f = fopen(dic, "rb");
    if (!f)
        return "the .dic file cannot be read";
    char line[4096];
    const char *why = NULL;
    while (!why && fgets(line, sizeof line, f)) {
        char *slash = strchr(line, '/');
        if (!slash || slash == line || slash[-1] == '\\')
            continue;
        size_t nf = strcspn(slash + 1, " \t\r\n");
        int flagged = 0, digit = 0;
        for (size_t i = 0; i < nf; i++)
            flagged |= strchr(cflags, slash[1 + i]) != NULL;
        for (char *q = line; q < slash; q++)
            digit |= *q >= '0' && *q <= '9';
        if (flagged && !digit)
            why = "a .dic word without digits takes part in compounds";
    }
    fclose(f);
    return why;
}

static int hun(verifier *v, const char *w, size_t n)
{
    char t[SPELLIMG_MAXWORD + 8];
    memcpy(t, w, n);
    t[n] = 0;
    return Hunspell_spell(v->h, t) != 0;
}

/* Compare the oracle with hunspell on w. */
static void compare(verifier *v, const char *w, size_t n)
{
    if (!n || n > SPELLIMG_MAXWORD)
        return;
    int o = spellimg_check(&v->oracle, w, n);
    if (o == SPELLIMG_ASK)
        return;
    v->compared++;
    int h = hun(v, w, n);
    if (o == h)
        return;
    if (v->disagreed++ < SHOW_MAX)
        fprintf(stderr, "spellimage: %s: '%.*s': hunspell %s, the image %s\n", v->language, (int)n, w,
                h ? "accepts it" : "rejects it", o ? "accepts it" : "rejects it");
}

/* spellimg_script_runs of every string in b, into max. */
static void set_scripts(const spellimg_builder *b, uint8_t max[SPELLIMG_SCRIPTS])
{
    for (size_t off = 1; off < b->pool_len; off += 1 + b->pool[off])
        spellimg_script_runs((const char *)b->pool + off + 1, b->pool[off], max);
}

/* Words beyond the forms' own variants: runs of the scripts
 * spellimg_script_runs knows (the oracle rejects runs longer than the
 * dictionary's), and Latin Extended-A words in each case. */
static void verify_fixed(verifier *v)
{
    static const char *const words[] = {
        "\xCE\xB1\xCE\xB2\xCE\xB3", "\xCE\xA9\xCE\xBC\xCE\xAD\xCE\xB3\xCE\xB1",
        "\xCE\x95\xCE\x9B\xCE\x9B\xCE\x91\xCE\x94\xCE\x91",                           /* Greek */
        "\xD1\x81\xD0\xBB\xD0\xBE\xD0\xB2\xD0\xBE", "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0",
        "\xD0\x94\xD0\x9E\xD0\x9C",                                                       /* Cyrillic */
        "\xD5\x80\xD5\xA1\xD5\xB5",                                                       /* Armenian */
        "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7", /* Hebrew, Arabic */
        "\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x87",      /* Devanagari */
        "\xE0\xB8\xA0\xE0\xB8\xB2\xE0\xB8\xA9\xE0\xB8\xB2",                                   /* Thai */
        "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4",   /* CJK, Hangul */
        "caf\xC3\xA9-\xCE\xB1\xCE\xB2", "x-\xD1\x81\xD0\xBB\xD0\xBE\xD0\xB2\xD0\xBE", "The\xCE\xB1",
        "\xCE\xB1\xCE\xB2\xCE\xB3.", "1\xCE\xB1", "\xCE\xB1\xE2\x80\x99s",
        "\xC5\x81\xC3\xB3" "d\xC5\xBA", "\xC5\x81\xC3\x93" "D\xC5\xB9", "\xC5\x82\xC3\xB3" "d\xC5\xBA", /* Łódź ŁÓDŹ łódź */
        "am\xC5\x93" "b\xC3\xA6" "an", "\xC5\x92uvre", "\xC5\x93uvre", "\xC5\x92UVRE",          /* amœbæan Œuvre œuvre ŒUVRE */
        "Dvo\xC5\x99\xC3\xA1k", "DVO\xC5\x98\xC3\x81K", "Jovanovi\xC4\x87", "JOVANOVI\xC4\x86",
        "jovanovi\xC4\x87", "Ha\xC5\xA1" "ek", "HA\xC5\xA0" "EK", "ha\xC5\xA1" "ek", "Wa\xC5\x82\xC4\x99sa",
        "Glynd\xC5\xB5r", "GLYND\xC5\xB4R", "glynd\xC5\xB5r", "Co\xC4\x83nd\xC4\x83"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        compare(v, words[i], strlen(words[i]));
}

static uint32_t next_rand(uint32_t *state)
{
    *state = *state * 1664525u + 1013904223u;
    return *state >> 8;
}

/* Case variants of f: as written, lower case, capitalised, ALL CAPS, each also with a dot. */
static void verify_cases(verifier *v, const char *f, size_t n, int dots)
{
    char l[SPELLIMG_MAXWORD + 2], c[SPELLIMG_MAXWORD + 2], u[SPELLIMG_MAXWORD + 2];
    const char *var[4] = {f, NULL, NULL, NULL};
    if (spellimg_lower(f, n, l))
        var[1] = l;
    if (spellimg_capitalise(f, n, c))
        var[2] = c;
    if (spellimg_upper(f, n, u))
        var[3] = u;
    for (int i = 0; i < 4; i++) {
        if (!var[i])
            continue;
        int dup = 0;
        for (int j = 0; j < i; j++)
            dup |= var[j] && memcmp(var[j], var[i], n) == 0;
        if (dup)
            continue;
        if (i)
            compare(v, var[i], n);
        if (dots && n < SPELLIMG_MAXWORD) {
            char d[SPELLIMG_MAXWORD + 2];
            memcpy(d, var[i], n);
            d[n] = '.';
            compare(v, d, n + 1);
        }
    }
}

/* One-edit variants of f (deleted, swapped, replaced, inserted), the
 * letters drawn from a deterministic sequence. */
static void verify_edits(verifier *v, const char *f, size_t n, uint32_t *rs)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzEST'-.";
    char e[SPELLIMG_MAXWORD + 2];
    for (int k = 0; k < EDITS; k++) {
        size_t m = n, at = next_rand(rs) % (n + 1);
        char ch = alphabet[next_rand(rs) % (sizeof alphabet - 1)];
        memcpy(e, f, n);
        switch (next_rand(rs) % 4) {
        case 0:
            if (at == n || (unsigned char)f[at] >= 0x80)
                continue;
            memmove(e + at, e + at + 1, n - at - 1);
            m = n - 1;
            break;
        case 1:
            if (at + 1 >= n || (unsigned char)f[at] >= 0x80 || (unsigned char)f[at + 1] >= 0x80)
                continue;
            e[at] = f[at + 1];
            e[at + 1] = f[at];
            break;
        case 2:
            if (at == n || (unsigned char)f[at] >= 0x80)
                continue;
            e[at] = ch;
            break;
        default:
            if (n >= SPELLIMG_MAXWORD || (at < n && ((unsigned char)f[at] & 0xC0) == 0x80))
                continue;
            memmove(e + at + 1, f + at, n - at);
            e[at] = ch;
            m = n + 1;
            break;
        }
        compare(v, e, m);
        verify_cases(v, e, m, 0);
    }
}

/* f and g joined directly, by a hyphen (compounds and BREAK) and by U+2011. */
static void verify_join(verifier *v, const char *f, size_t n, const char *g, size_t m)
{
    char j[2 * SPELLIMG_MAXWORD + 4];
    if (n + m + 3 > SPELLIMG_MAXWORD)
        return;
    memcpy(j, f, n);
    memcpy(j + n, g, m);
    compare(v, j, n + m);
    memcpy(j + n + 1, g, m);
    j[n] = '-';
    compare(v, j, n + m + 1);
    verify_cases(v, j, n + m + 1, 0);
    memcpy(j + n + 3, g, m);
    memcpy(j + n, "\xE2\x80\x91", 3);
    compare(v, j, n + m + 3);
}

/* Run unmunch on dic (with aff) and call each(ctx, form, n) for each form,
 * cut at the first TAB, space or '/'. The number of lines, or -1 if unmunch
 * failed or printed nothing. */
static long unmunch(const char *dic, const char *aff, void (*each)(void *, const char *, size_t), void *ctx)
{
    char cmd[8400], line[8192];
    snprintf(cmd, sizeof cmd, "unmunch '%s' '%s' 2>/dev/null", dic, aff);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    long lines = 0;
    while (fgets(line, sizeof line, p)) {
        size_t n = strcspn(line, "\t /\r\n");
        lines++;
        if (n && n <= SPELLIMG_MAXWORD)
            each(ctx, line, n);
    }
    return pclose(p) == 0 && lines ? lines : -1;
}

/* hunspell gives each .dic word with inner capitals ("McCarthy", "UK's"),
 * and each ALL-CAPS word with affixes ("SOS/SM"), a hidden capitalised twin
 * ("Mccarthy", "Sos/SM") that only ALL-CAPS input reaches; its affixed forms
 * ("SOSES") are no upper-casing of a form. Write those twins as a .dic to
 * path, for unmunch, and add them to twins. */
static void write_hidden_dic(const char *dic, const char *path, spellimg_builder *twins)
{
    FILE *in = fopen(dic, "rb"), *out = fopen(path, "wb");
    if (!in || !out)
        die("cannot write ", path);
    char line[4096], w[SPELLIMG_MAXWORD + 2];
    unsigned long count = 0;
    fputs("                    \n", out);   /* the count, written at the end */
    for (int first = 1; fgets(line, sizeof line, in); first = 0) {
        size_t n = strcspn(line, "/ \t\r\n");
        if (first || !n || n > SPELLIMG_MAXWORD)
            continue;
        size_t nf = line[n] == '/' ? strcspn(line + n + 1, " \t\r\n") : 0;
        int ct = spellimg_captype(line, n);
        if (!(ct == SPELLIMG_HUHCAP || ct == SPELLIMG_HUHINITCAP || (ct == SPELLIMG_ALLCAP && nf)) ||
            !spellimg_capitalise(line, n, w))
            continue;
        fprintf(out, "%.*s%s%.*s\n", (int)n, w, nf ? "/" : "", (int)nf, line + n + 1);
        spellimg_builder_add(twins, w, n);
        count++;
    }
    fseek(out, 0, SEEK_SET);
    fprintf(out, "%lu", count);
    fclose(in);
    if (fclose(out) != 0)
        die("cannot write ", path);
}

typedef struct {
    verifier *v;
    spellimg_builder *seen, *forms, *upper, *hidden;
    unsigned long rejected;
} collect;

/* A form from the .dic: kept if hunspell accepts it. */
static void add_form(void *ctx, const char *f, size_t n)
{
    collect *c = ctx;
    if (spellimg_builder_add(c->seen, f, n) != 1)
        return;
    if (!hun(c->v, f, n))
        c->rejected++;
    else if (spellimg_builder_add(c->forms, f, n) < 0)
        die("too many forms for ", c->v->language);
}

/* A form whose upper case hunspell may accept where no case rule does. */
static void add_upper(void *ctx, const char *f, size_t n)
{
    collect *c = ctx;
    char u[SPELLIMG_MAXWORD + 2];
    if (c->hidden)
        spellimg_builder_add(c->hidden, f, n);
    if (spellimg_upper(f, n, u) && spellimg_captype(u, n) == SPELLIMG_ALLCAP &&
        spellimg_check(&c->v->oracle, u, n) == SPELLIMG_NO && hun(c->v, u, n))
        spellimg_builder_add(c->upper, u, n);
}

/* Write the image: header, then each set's slots and pool, padded to 64. */
static void write_image(const char *out, const char *language, const spellimg_stamp *st, uint32_t flags,
                        const uint8_t *script_max, const spellimg_builder *forms, const spellimg_builder *upper,
                        const spellimg_builder *twins)
{
    spellimg_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, SPELLIMG_MAGIC, sizeof h.magic);
    h.endian = 0x01020304u;
    snprintf(h.language, sizeof h.language, "%s", language);
    h.stamp = *st;
    h.flags = flags;
    if (script_max)
        memcpy(h.script_max, script_max, sizeof h.script_max);
    size_t off = sizeof h;
    const spellimg_builder *sets[3] = {forms, upper, twins};
    uint32_t *nslots[3] = {&h.forms_nslots, &h.upper_nslots, &h.twins_nslots},
             *slots[3] = {&h.forms_slots, &h.upper_slots, &h.twins_slots},
             *pool[3] = {&h.forms_pool, &h.upper_pool, &h.twins_pool};
    if (flags & SPELLIMG_USABLE) {
        h.nforms = forms->n;
        h.nupper = upper->n;
        h.ntwins = twins->n;
        for (int i = 0; i < 3; i++) {
            if (!sets[i]->n)
                continue;
            off = (off + 7) & ~(size_t)7;
            *nslots[i] = sets[i]->set.nslots;
            *slots[i] = (uint32_t)off;
            off += (size_t)sets[i]->set.nslots * 4;
            *pool[i] = (uint32_t)off;
            off += sets[i]->pool_len;
        }
    }
    size_t size = (off + 63) & ~(size_t)63;
    if (size > 0xFFFFFFFFu)
        die("image too large for ", language);
    h.size = (uint32_t)size;
    unsigned char *img = calloc(1, size);
    if (!img)
        die("out of memory", NULL);
    memcpy(img, &h, sizeof h);
    for (int i = 0; i < 3; i++)
        if (*nslots[i]) {
            memcpy(img + *slots[i], sets[i]->slots, (size_t)*nslots[i] * 4);
            memcpy(img + *pool[i], sets[i]->pool, sets[i]->pool_len);
        }
    write_file(out, img, size);
    free(img);
}

int main(int argc, char **argv)
{
    if (argc != 4)
        die("usage: spellimage LANGUAGE DICT_DIR OUT", NULL);
    const char *language = argv[1], *dir = argv[2], *out = argv[3];
    char aff[4096], dic[4096];
    snprintf(aff, sizeof aff, "%s/%s.aff", dir, language);
    snprintf(dic, sizeof dic, "%s/%s.dic", dir, language);
    spellimg_stamp st;
    if (spellimg_stamp_of(aff, dic, &st) != 0) {
        fprintf(stderr, "spellimage: no %s dictionary in %s: no image (plainsafe asks hunspell)\n", language, dir);
        return write_file(out, "", 0);
    }
    spellimg_builder forms, upper, twins, seen, hidden;
    spellimg_builder_init(&forms);
    spellimg_builder_init(&upper);
    spellimg_builder_init(&twins);
    spellimg_builder_init(&seen);
    spellimg_builder_init(&hidden);
    char cflags[256] = "";
    int iconv_apos = 0;
    const char *why = check_aff(aff, cflags, sizeof cflags, &iconv_apos);
    if (!why)
        why = check_dic(dic, cflags);
    if (why) {
        fprintf(stderr, "spellimage: %s: %s: image unusable (plainsafe asks hunspell)\n", language, why);
        write_image(out, language, &st, 0, NULL, &forms, &upper, &twins);
        return 0;
    }
    verifier v = {language, Hunspell_create(aff, dic), {{&forms.set, NULL}, {&upper.set, NULL}, iconv_apos, {0}},
                  0, 0};
    if (!v.h)
        die("hunspell cannot open ", aff);

    /* The forms, and the ALL-CAPS words hunspell accepts beyond the case rules. */
    collect c = {&v, &seen, &forms, &upper, &hidden, 0};
    long lines = unmunch(dic, aff, add_form, &c);
    char hidden_dic[4200];
    snprintf(hidden_dic, sizeof hidden_dic, "%s.hidden.dic", out);
    write_hidden_dic(dic, hidden_dic, &twins);
    if (lines < 0 || unmunch(hidden_dic, aff, add_upper, &c) < 0) {
        remove(hidden_dic);
        fprintf(stderr, "spellimage: unmunch failed or is missing (install hunspell-tools, then make clean all): "
                        "no %s image (plainsafe asks hunspell)\n", language);
        return write_file(out, "", 0);
    }
    remove(hidden_dic);
    spellimg_builder_release(&seen);
    c.hidden = NULL;
    for (size_t off = 1; off < forms.pool_len; off += 1 + forms.pool[off])
        add_upper(&c, (const char *)forms.pool + off + 1, forms.pool[off]);

    /* The longest runs of each script, before anything is compared. */
    set_scripts(&forms, v.oracle.script_max);
    set_scripts(&upper, v.oracle.script_max);
    set_scripts(&twins, v.oracle.script_max);

    /* Verification. */
    uint32_t rs = 12345;
    size_t i = 0, prev_off = 1;
    for (size_t off = 1; off < forms.pool_len; off += 1 + forms.pool[off], i++) {
        const char *f = (const char *)forms.pool + off + 1;
        size_t n = forms.pool[off];
        verify_cases(&v, f, n, i % SAMPLE_EVERY == 1);
        if (i % SAMPLE_EVERY == 0) {
            verify_edits(&v, f, n, &rs);
            verify_join(&v, (const char *)forms.pool + prev_off + 1, forms.pool[prev_off], f, n);
            prev_off = off;
        }
    }
    /* The hidden twins' forms ("Soses"): hunspell accepts them in ALL CAPS only. */
    for (size_t off = 1; off < hidden.pool_len; off += 1 + hidden.pool[off]) {
        compare(&v, (const char *)hidden.pool + off + 1, hidden.pool[off]);
        verify_cases(&v, (const char *)hidden.pool + off + 1, hidden.pool[off], 0);
    }
    spellimg_builder_release(&hidden);
    verify_fixed(&v);
    uint32_t flags = (iconv_apos ? SPELLIMG_ICONV_APOS : 0) | (v.disagreed ? 0 : SPELLIMG_USABLE);
    write_image(out, language, &st, flags, v.oracle.script_max, &forms, &upper, &twins);
    fprintf(stderr, "spellimage: %s: %ld forms from unmunch, %lu rejected by hunspell, %u kept, %u ALL-CAPS, %u twins; "
                    "%lu words compared with hunspell, %lu disagreements%s\n",
            language, lines, c.rejected, forms.n, upper.n, twins.n, v.compared, v.disagreed,
            v.disagreed ? ": image unusable (plainsafe asks hunspell)" : "");
    Hunspell_destroy(v.h);
    spellimg_builder_release(&forms);
    spellimg_builder_release(&upper);
    spellimg_builder_release(&twins);
    return 0;
}
