/* print_pretty.c — printer: the friendly report for people at a terminal
 * (the default there). Findings grouped by file and section, each with the
 * source line, a marker under the exact span, the reason and what to write
 * instead; then a summary in plain words and a one-line verdict. */
#include "print.h"

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "readability.h"
#include "utf8.h"

#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RESET "\033[0m"
static const char *const sev_color[] = {"", "\033[1;36m", "\033[1;33m", "\033[1;31m"};

/* Source excerpt limits, in display cells: the line is shown from its start
 * when the finding is within FULL_LEAD_CELLS of it, else from about
 * LEAD_CELLS before the finding; at most MAX_CELLS wide. */
enum { LEAD_CELLS = 40, FULL_LEAD_CELLS = 80, MAX_CELLS = 100, TAB_CELLS = 8, MAX_SUGGESTIONS = 3 };
/* The summary is wrapped before this many bytes. */
enum { SUMMARY_WIDTH = 100 };

/* How the summary names findings: rule id, or pack prefix ending in '.'. */
static const struct {
    const char *id, *one, *many;
} categories[] = {
    {"judgement.", "judgement-laden word", "judgement-laden words"},
    {"jargon.", "jargon term", "jargon terms"},
    {"acronym.", "unexplained abbreviation", "unexplained abbreviations"},
    {"vague.", "vague or hedging phrase", "vague or hedging phrases"},
    {"spelling.", "possible misspelling", "possible misspellings"},
    {"danger-statement.who", "danger statement does not say who is worried",
     "danger statements do not say who is worried"},
    {"danger-statement.what", "danger statement does not say what the adult does",
     "danger statements do not say what the adult does"},
    {"danger-statement.worry", "danger statement does not say what could happen to the child",
     "danger statements do not say what could happen to the child"},
    {"harm-statement.when", "harm statement does not say when", "harm statements do not say when"},
    {"harm-statement.what", "harm statement does not say who did what",
     "harm statements do not say who did what"},
    {"harm-statement.future", "harm statement looks ahead instead of back",
     "harm statements look ahead instead of back"},
    {"safety-goal.who", "safety goal does not say who will do it",
     "safety goals do not say who will do it"},
    {"safety-goal.what", "safety goal does not say what people will see",
     "safety goals do not say what people will see"},
    {"safety-goal.how-long", "safety goal does not say for how long",
     "safety goals do not say for how long"},
    {"safety-goal.absence", "safety goal only says what will stop",
     "safety goals only say what will stop"},
    {"scale.anchors", "scale without both ends described", "scales without both ends described"},
    {"statement.unpaired", "worry without a matching goal", "worries without a matching goal"},
    {"statement.count", "note on the number of danger statements",
     "notes on the number of danger statements"},
    {"readability.sentence-length", "sentence too long", "sentences too long"},
    {"readability.hard-sentence", "hard sentence", "hard sentences"},
    {"readability.reading-age", "part above the target reading age",
     "parts above the target reading age"},
    {"input.", "stretch of text that is not UTF-8", "stretches of text that are not UTF-8"},
    {"suppression.", "suppression comment to tidy up", "suppression comments to tidy up"},
};

/* Findings outside the table, counted by pack. */
typedef struct {
    char *pack;               /* owned */
    size_t count;
} other_count;

typedef struct {
    size_t cat[ARRAY_LEN(categories)];
    other_count *other;
    size_t nother, capother;
    int printed;              /* some file's findings were printed */
    long age_min, age_max;    /* rounded reading ages of the files with 100 words or more; -1 none */
    buf line;                 /* scratch */
} pretty_state;

static size_t category_of(const char *id)
{
    for (size_t i = 0; i < ARRAY_LEN(categories); i++) {
        size_t n = strlen(categories[i].id);
        if (categories[i].id[n - 1] == '.' ? strncmp(id, categories[i].id, n) == 0
                                           : strcmp(id, categories[i].id) == 0)
            return i;
    }
    return SIZE_MAX;
}

static void count_other(pretty_state *st, const char *id)
{
    const char *dot = strchr(id, '.');
    size_t n = dot ? (size_t)(dot - id) : strlen(id);
    for (size_t i = 0; i < st->nother; i++)
        if (strlen(st->other[i].pack) == n && memcmp(st->other[i].pack, id, n) == 0) {
            st->other[i].count++;
            return;
        }
    GROW(st->other, st->capother, st->nother + 1);
    st->other[st->nother].pack = xstrndup(id, n);
    st->other[st->nother++].count = 1;
}

/* Display cells of cp on a terminal: 0 for combining marks and invisible
 * format characters, 2 for East Asian wide and fullwidth characters and
 * emoji, 1 otherwise. A short table, right for Latin, Greek, Cyrillic and
 * the common CJK and emoji blocks. */
static int cell_width(uint32_t cp)
{
    static const uint32_t zero[][2] = {
        {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A}, {0x064B, 0x065F},
        {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064},
        {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
    };
    static const uint32_t wide[][2] = {
        {0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x2E80, 0x303E},
        {0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xA000, 0xA4CF},
        {0xA960, 0xA97F}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE10, 0xFE19},
        {0xFE30, 0xFE6F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F},
        {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
    };
    if (cp < 0x300)
        return 1;
    for (size_t i = 0; i < ARRAY_LEN(zero); i++)
        if (cp >= zero[i][0] && cp <= zero[i][1])
            return 0;
    for (size_t i = 0; i < ARRAY_LEN(wide); i++)
        if (cp >= wide[i][0] && cp <= wide[i][1])
            return 2;
    return 1;
}

static int is_eol(char c)
{
    return c == '\n' || c == '\r';
}

/* The code point at src[i] (valid UTF-8 by input.h's contract); *k its length. */
static uint32_t cp_at(const char *src, size_t n, size_t i, size_t *k)
{
    uint32_t cp;
    *k = utf8_decode((const unsigned char *)src + i, n - i, &cp);
    if (*k == 0) {
        *k = 1;
        cp = 0xFFFD;
    }
    return cp;
}

/* Render the source line of d into out, tabs expanded, control characters as
 * spaces, replaced bytes (0x1A) as U+FFFD, clipped with "…" to at most
 * MAX_CELLS cells around the finding. [*from, *to) are the display cells of
 * the span on that line. */
static void render_line(const lint_result *res, const diag *d, buf *out, size_t *from, size_t *to)
{
    const char *src = res->src;
    size_t n = res->len, off = d->off < n ? d->off : n;
    /* From the line start if the finding is within FULL_LEAD_CELLS of it,
     * else from about LEAD_CELLS before it (tabs count as a full stop). */
    size_t start = off, lead = 0, near = off;
    while (start > 0 && !is_eol(src[start - 1]) && lead < FULL_LEAD_CELLS) {
        size_t p = start - 1, k;
        while (p > 0 && ((unsigned char)src[p] & 0xC0) == 0x80)
            p--;
        uint32_t cp = cp_at(src, n, p, &k);
        lead += cp == '\t' ? TAB_CELLS : (size_t)cell_width(cp);
        start = p;
        if (lead <= LEAD_CELLS)
            near = p;
    }
    if (start > 0 && !is_eol(src[start - 1]))
        start = near;
    size_t end_byte = d->off + d->len < n ? d->off + d->len : n;
    buf_clear(out);
    size_t cells = 0, first = 0;
    if (start > 0 && !is_eol(src[start - 1])) {
        buf_puts(out, "\xE2\x80\xA6");
        cells = first = 1;
    }
    int got_from = 0, got_to = 0;
    size_t i = start;
    while (i < n && !is_eol(src[i])) {
        if (i == off) {
            *from = cells;
            got_from = 1;
        }
        if (i == end_byte) {
            *to = cells;
            got_to = 1;
        }
        size_t k;
        uint32_t cp = cp_at(src, n, i, &k);
        size_t w = cp == '\t' ? TAB_CELLS - (cells - first) % TAB_CELLS
                   : cp < 0x20 || (cp >= 0x7F && cp < 0xA0) ? 1 : (size_t)cell_width(cp);
        if (cells + w > MAX_CELLS && got_from) {
            buf_puts(out, "\xE2\x80\xA6");
            break;
        }
        if (cp == '\t')
            for (size_t s = 0; s < w; s++)
                buf_putc(out, ' ');
        else if (cp == 0x1A)
            buf_puts(out, "\xEF\xBF\xBD");
        else if (w == 1 && (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)))
            buf_putc(out, ' ');
        else
            buf_append(out, src + i, k);
        cells += w;
        i += k;
    }
    if (!got_from)
        *from = cells;
    if (!got_to || *to < *from)
        *to = got_to ? *from : cells;
}

/* Write s on one line: control characters as spaces. */
static void put_one_line(FILE *out, const char *s)
{
    for (; *s; s++)
        fputc((unsigned char)*s < 0x20 || *s == 0x7F ? ' ' : *s, out);
}

static const rule *find_rule(const print_ctx *p, const char *id)
{
    for (size_t i = 0; i < p->nrules; i++)
        if (strcmp(p->rules[i]->id, id) == 0)
            return p->rules[i];
    return NULL;
}

/* The first sentence of a reason, whitespace collapsed, into out. */
static void first_sentence(buf *out, const char *s)
{
    buf_clear(out);
    int space = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c <= 0x20 || c == 0x7F) {
            space = out->len > 0;
            continue;
        }
        if (space)
            buf_putc(out, ' ');
        space = 0;
        buf_putc(out, (char)c);
        if (c == '.' && (s[1] == ' ' || s[1] == '\n') && out->len > 20)
            break;
    }
}

static void pretty_begin(print_ctx *p)
{
    pretty_state *st = xcalloc(1, sizeof *st);
    buf_init(&st->line);
    st->age_min = st->age_max = -1;
    p->state = st;
}

static void print_finding(print_ctx *p, pretty_state *st, const lint_result *res, const diag *d,
                          int gutter)
{
    FILE *out = p->out;
    const char *c_sev = p->color ? sev_color[(unsigned)d->sev & 3] : "";
    const char *c_dim = p->color ? DIM : "", *c_reset = p->color ? RESET : "";
    fprintf(out, "    %s%" PRIu32 ":%" PRIu32 "%s %s%s%s %s[%s]%s ", p->color ? BOLD : "", d->line, d->col, c_reset,
            c_sev, severity_name(d->sev), c_reset, c_dim, d->rule, c_reset);
    put_one_line(out, d->message);
    fputc('\n', out);
    if (!p->no_text && res->src) {
        size_t from = 0, to = 0;
        render_line(res, d, &st->line, &from, &to);
        fprintf(out, "      %s%*" PRIu32 " |%s %s\n", c_dim, gutter, d->line, c_reset, st->line.data);
        fprintf(out, "      %s%*s |%s %*s%s^", c_dim, gutter, "", c_reset, (int)from, "", c_sev);
        for (size_t c = from + 1; c < to; c++)
            fputc('~', out);
        fprintf(out, "%s\n", c_reset);
    }
    const rule *ru = find_rule(p, d->rule);
    if (ru && ru->reason && *ru->reason) {
        first_sentence(&st->line, ru->reason);
        fprintf(out, "      %swhy:%s ", c_dim, c_reset);
        put_one_line(out, st->line.data);
        fputc('\n', out);
    }
    if (d->nsugg) {
        fprintf(out, "      %stry:%s ", c_dim, c_reset);
        for (size_t i = 0; i < d->nsugg && i < MAX_SUGGESTIONS; i++) {
            if (i)
                fputs("; ", out);
            put_one_line(out, d->suggestions[i]);
        }
        if (d->nsugg > MAX_SUGGESTIONS)
            fprintf(out, " %s(%zu more: plainsafe --explain %s)%s", c_dim,
                    (size_t)d->nsugg - MAX_SUGGESTIONS, d->rule, c_reset);
        fputc('\n', out);
    }
}

static void pretty_file(print_ctx *p, const lint_result *res)
{
    pretty_state *st = p->state;
    if (res->status == LINT_FILE_OK && res->readability && !res->readability->doc.indicative) {
        long age = lround(res->readability->doc.s.reading_age);
        if (st->age_min < 0 || age < st->age_min)
            st->age_min = age;
        if (age > st->age_max)
            st->age_max = age;
    }
    if (res->status != LINT_FILE_OK || res->ndiags == 0)
        return;
    FILE *out = p->out;
    if (st->printed)
        fputc('\n', out);
    st->printed = 1;
    fputs(p->color ? BOLD : "", out);
    put_one_line(out, res->path);
    fprintf(out, "%s\n", p->color ? RESET : "");
    int gutter = 1;
    for (size_t i = 0; i < res->ndiags; i++)
        for (size_t l = res->diags[i].line, w = 1; l >= 10; l /= 10)
            if ((int)++w > gutter)
                gutter = (int)w;
    size_t section = SIZE_MAX; /* index into res->headings; SIZE_MAX - 1: before the first */
    size_t h = 0;
    for (size_t i = 0; i < res->ndiags; i++) {
        const diag *d = &res->diags[i];
        while (h < res->nheadings && res->headings[h].off <= d->off)
            h++;
        size_t now = h ? h - 1 : SIZE_MAX - 1;
        if (i)
            fputc('\n', out);
        if (now != section && res->nheadings) {
            fprintf(out, "  %s\xC2\xA7 ", p->color ? BOLD : "");
            put_one_line(out, h ? res->headings[h - 1].text : "(before the first heading)");
            fprintf(out, "%s\n", p->color ? RESET : "");
        }
        section = now;
        print_finding(p, st, res, d, gutter);
        size_t cat = category_of(d->rule);
        if (cat != SIZE_MAX)
            st->cat[cat]++;
        else
            count_other(st, d->rule);
    }
}

/* The reading age to aim for: the targets of the shipped readability pack
 * (rules/readability.yml, readability.reading-age); 0 when unknown. */
static long reading_age_aim(const char *profile)
{
    static const struct {
        const char *profile;
        long aim;
    } aims[] = {{"family", 11}, {"child", 9}, {"professional", 14}, {"court", 14}};
    for (size_t i = 0; profile && i < ARRAY_LEN(aims); i++)
        if (strcmp(profile, aims[i].profile) == 0)
            return aims[i].aim;
    return 0;
}

/* Append item to the summary in line, wrapping before SUMMARY_WIDTH bytes. */
static void summary_item(buf *line, size_t *line_start, const char *item)
{
    if (line->len > *line_start) {
        buf_putc(line, ',');
        if (line->len - *line_start + 1 + strlen(item) > SUMMARY_WIDTH) {
            buf_putc(line, '\n');
            *line_start = line->len;
        } else {
            buf_putc(line, ' ');
        }
    }
    buf_puts(line, item);
}

static void pretty_end(print_ctx *p, const print_summary *s)
{
    pretty_state *st = p->state;
    FILE *out = p->out;
    if (st->printed)
        fputc('\n', out);
    buf line, item;
    buf_init(&line);
    buf_init(&item);
    size_t line_start = 0;
    for (size_t i = 0; i < ARRAY_LEN(categories); i++)
        if (st->cat[i]) {
            buf_clear(&item);
            buf_printf(&item, "%zu %s", st->cat[i], st->cat[i] == 1 ? categories[i].one : categories[i].many);
            summary_item(&line, &line_start, item.data);
        }
    for (size_t i = 0; i < st->nother; i++) {
        buf_clear(&item);
        buf_printf(&item, "%zu %s finding%s", st->other[i].count, st->other[i].pack,
                   st->other[i].count == 1 ? "" : "s");
        summary_item(&line, &line_start, item.data);
        free(st->other[i].pack);
    }
    if (st->age_min >= 0) {
        long aim = reading_age_aim(p->profile);
        buf_clear(&item);
        buf_printf(&item, "reading age %ld", st->age_min);
        if (st->age_max != st->age_min)
            buf_printf(&item, " to %ld", st->age_max);
        if (aim > 0 && st->age_max > aim)
            buf_printf(&item, " \xE2\x80\x94 aim for %ld", aim);
        summary_item(&line, &line_start, item.data);
    }
    if (line.len) {
        fputs(line.data, out);
        fputc('\n', out);
    }
    buf_release(&line);
    buf_release(&item);
    print_verdict(p, s);
    free(st->other);
    buf_release(&st->line);
    free(st);
    p->state = NULL;
}

/* "before this is shared with the family" and its kin. */
static const char *audience(const char *profile, int many)
{
    if (profile && strcmp(profile, "family") == 0)
        return many ? "these are shared with the family" : "this is shared with the family";
    if (profile && strcmp(profile, "child") == 0)
        return many ? "these are shared with the child" : "this is shared with the child";
    if (profile && strcmp(profile, "court") == 0)
        return many ? "these go to court" : "this goes to court";
    return many ? "these are shared" : "this is shared";
}

/* "1 error and 2 warnings" for the non-zero counts[SEV_ERROR..SEV_SUGGESTION]. */
static void put_counts(FILE *out, const size_t counts[4])
{
    static const char *const names[] = {"", "suggestion", "warning", "error"};
    size_t left = 0;
    for (int s = SEV_SUGGESTION; s <= SEV_ERROR; s++)
        left += counts[s] != 0;
    for (int s = SEV_ERROR; s >= SEV_SUGGESTION; s--) {
        if (!counts[s])
            continue;
        left--;
        fprintf(out, "%zu %s%s%s", counts[s], names[s], counts[s] == 1 ? "" : "s",
                left > 1 ? ", " : left == 1 ? " and " : "");
    }
}

void print_verdict(const print_ctx *p, const print_summary *s)
{
    FILE *out = p->out;
    size_t unread = s->files - s->checked;
    size_t failing = s->failing[SEV_ERROR] + s->failing[SEV_WARNING] + s->failing[SEV_SUGGESTION];
    size_t rest[4];
    for (int k = 0; k < 4; k++)
        rest[k] = s->counts[k] - s->failing[k];
    const char *c_reset = p->color ? RESET : "";
    if (failing || unread) {
        fprintf(out, "%s\xE2\x9C\x97 Not ready:%s ", p->color ? "\033[1;31m" : "", c_reset);
        if (failing) {
            put_counts(out, s->failing);
            fprintf(out, " must be fixed before %s.", audience(p->profile, s->checked > 1));
            if (unread)
                fputc(' ', out);
        }
        if (unread)
            fprintf(out, "%zu file%s could not be checked.", unread, unread == 1 ? "" : "s");
        fputc('\n', out);
        return;
    }
    fprintf(out, "%s\xE2\x9C\x93 Ready:%s ", p->color ? "\033[1;32m" : "", c_reset);
    if (!rest[SEV_ERROR] && !rest[SEV_WARNING] && !rest[SEV_SUGGESTION]) {
        fputs("no findings.\n", out);
        return;
    }
    fputs("no errors (", out);
    put_counts(out, rest);
    fputs(" to consider).\n", out);
}

const printer print_pretty = {"pretty", pretty_begin, pretty_file, pretty_end};
