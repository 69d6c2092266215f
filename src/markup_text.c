/* markup_text.c — stage 2 for plain text: finds paragraphs, list items,
 * short heading lines and suppression directives. Nothing is blanked: the
 * plain text is the source itself (see markup.h). A block ends at a blank
 * line, a directive line or the next list marker; a list item's span starts
 * after its marker. */
#include "markup.h"

#include <stdint.h>
#include <string.h>

#include "markup_util.h"
#include "utf8.h"

#define HEADING_MAX_CHARS 60
#define MAX_LIST_DEPTH 16

typedef struct {
    mbuild mb;
    const char *s;
    int open;               /* a block is being collected */
    size_t start, end;
    block_kind kind;
    int level, nlines;
    size_t indents[MAX_LIST_DEPTH];   /* marker columns of the open list levels */
    int nind;
} tparse;

/* "Written in capitals": two or more letters and none lower case (ASCII and
 * Latin-1 letters are told apart; other letters count as neither). */
static int all_caps(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    int upper = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_decode(u + i, n - i, &cp);
        if (!k) {
            i++;
            continue;
        }
        i += k;
        if ((cp >= 'a' && cp <= 'z') || (cp >= 0xDF && cp <= 0xFF && cp != 0xF7))
            return 0;
        if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7))
            upper++;
    }
    return upper >= 2;
}

static int has_letter(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            return 1;
        if (c >= 0xC3)   /* a non-ASCII character: assume a letter */
            return 1;
    }
    return 0;
}

/* A one-line paragraph that reads as a heading: short, and ending in ':' or
 * in capitals (an all-caps line ending in . ! ? is a shouted sentence). */
static int is_heading(const char *s, size_t off, size_t end)
{
    while (off < end && mu_space((unsigned char)s[off]))
        off++;
    while (end > off && mu_space((unsigned char)s[end - 1]))
        end--;
    if (off == end || utf8_count(s + off, end - off) > HEADING_MAX_CHARS)
        return 0;
    char last = s[end - 1];
    if (last == ':')
        return has_letter(s + off, end - off - 1);
    if (last == '.' || last == '!' || last == '?')
        return 0;
    return all_caps(s + off, end - off);
}

static void close_block(tparse *t)
{
    if (!t->open)
        return;
    block_kind kind = t->kind;
    int level = t->level;
    if (kind == BLK_PARA && t->nlines == 1 && is_heading(t->s, t->start, t->end)) {
        kind = BLK_HEADING;
        level = 1;
    }
    mb_block(&t->mb, t->start, t->end, kind, level, 0);
    t->open = 0;
}

static void open_block(tparse *t, size_t start, size_t end, block_kind kind, int level)
{
    t->open = 1;
    t->start = start;
    t->end = end;
    t->kind = kind;
    t->level = level;
    t->nlines = 1;
}

/* Length of a list marker and the white space after it at s[i] ("- ",
 * "* ", "• ", "12. ", "3) "), or 0. */
static size_t item_marker(const char *s, size_t i, size_t e)
{
    size_t j = i;
    if (s[j] == '-' || s[j] == '*')
        j++;
    else if (e - j >= 3 && (unsigned char)s[j] == 0xE2 && (unsigned char)s[j + 1] == 0x80 &&
             (unsigned char)s[j + 2] == 0xA2)
        j += 3;
    else {
        while (j < e && j - i < 9 && s[j] >= '0' && s[j] <= '9')
            j++;
        if (j == i || j >= e || (s[j] != '.' && s[j] != ')'))
            return 0;
        j++;
    }
    if (j >= e || (s[j] != ' ' && s[j] != '\t'))
        return 0;
    while (j < e && (s[j] == ' ' || s[j] == '\t'))
        j++;
    return j - i;
}

static int item_level(tparse *t, size_t col)
{
    while (t->nind && t->indents[t->nind - 1] > col)
        t->nind--;
    if ((!t->nind || t->indents[t->nind - 1] < col) && t->nind < MAX_LIST_DEPTH)
        t->indents[t->nind++] = col;
    return t->nind ? t->nind : 1;
}

static int directive_line(tparse *t, size_t fs, size_t te)
{
    const char *s = t->s;
    if (s[fs] == '#')
        return mb_directive(&t->mb, s + fs + 1, te - fs - 1, fs, te - fs);
    if (s[fs] == '[' && te - fs >= 2 && s[te - 1] == ']')
        return mb_directive(&t->mb, s + fs + 1, te - fs - 2, fs, te - fs);
    return 0;
}

void markup_text(markup *m, const char *src, size_t len)
{
    tparse t = {0};
    t.s = src;
    mb_init(&t.mb, m, (char *)src, 0, len);
    size_t pos = 0;
    size_t cr = 0;   /* when cr > pos: the first '\r' at or after pos, or len if none */
    while (pos < len) {
        if (cr <= pos) {
            const char *q = memchr(src + pos, '\r', len - pos);
            cr = q ? (size_t)(q - src) : len;
        }
        /* the line ends at the first '\n' or '\r' */
        const char *nl = memchr(src + pos, '\n', cr - pos);
        size_t ls = pos, le = nl ? (size_t)(nl - src) : cr;
        pos = le;
        if (pos < len)
            pos += (src[pos] == '\r' && pos + 1 < len && src[pos + 1] == '\n') ? 2 : 1;

        size_t fs = ls, col = 0;
        while (fs < le && (src[fs] == ' ' || src[fs] == '\t')) {
            col = src[fs] == '\t' ? col + 4 - col % 4 : col + 1;
            fs++;
        }
        size_t te = le;
        while (te > fs && mu_space((unsigned char)src[te - 1]))
            te--;
        if (fs == te) {
            close_block(&t);
            continue;
        }
        if ((src[fs] == '#' || src[fs] == '[') && directive_line(&t, fs, te)) {
            close_block(&t);
            continue;
        }
        size_t mk = item_marker(src, fs, te);
        if (mk && fs + mk < te) {
            close_block(&t);
            open_block(&t, fs + mk, te, BLK_ITEM, item_level(&t, col));
        } else if (t.open) {
            /* a paragraph goes on; so does a list item, indented or not
             * (hard-wrapped text rarely indents the wrapped lines) */
            t.end = te;
            t.nlines++;
        } else {
            close_block(&t);
            t.nind = 0;
            open_block(&t, fs, te, BLK_PARA, 0);
        }
    }
    close_block(&t);
}
