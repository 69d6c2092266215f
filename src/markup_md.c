/* markup_md.c — stage 2 for Markdown: a CommonMark-style block parser (with
 * GFM tables and YAML front matter) records the leaf blocks line by line;
 * then one inline pass per leaf blanks markup in the plain copy and the
 * leaves become blocks (contract in markup.h).
 *
 * Both passes are linear in the input: container nesting is capped at
 * MAX_DEPTH (deeper markers are dropped or read as text), code-span closers
 * come from a sorted table of backtick runs, and every other forward search
 * is bounded or memoised (struct scache). */
#include "markup.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "markup_util.h"
#include "utf8.h"

#define MAX_DEPTH 64
#define MAX_LABEL 999
#define MAX_PARENS 32
#define NONE ((size_t)-1)

enum { C_QUOTE, C_ITEM };

typedef struct {
    unsigned char type;
    unsigned char started_blank;  /* item whose first line held only its marker */
    unsigned char has_content;    /* a non-blank line was seen inside */
    size_t col;                   /* item: column where its content starts */
    int items, quotes;            /* items / quotes on the stack up to and including this one */
} container;

enum { L_NONE, L_PARA, L_FENCE, L_ICODE, L_HTML, L_TABLE };

/* A leaf block found by the block pass: its content range in the plain text. */
typedef struct {
    size_t start, end;
    block_kind kind;
    int level;
    unsigned flags;
} leaf;

typedef struct {
    size_t pos, len, olen;  /* pos/len: the unused part of the run */
    char ch;
    unsigned char can_open, can_close;
    int prev, next;         /* links while process_emphasis runs */
} delim;

typedef struct {
    size_t pos;             /* of '[' or of '!' in "![" */
    int image;
    int dtop;               /* last delimiter before the bracket, -1 if none */
} bracket;

typedef struct {
    size_t len, pos;
} btrun;

/* Memo for a forward search: the needle does not occur in [from, at);
 * at == the leaf end means it does not occur from `from` on. */
typedef struct {
    int valid;
    size_t from, at;
} scache;

enum { S_COMMENT, S_PI, S_GT, S_CDATA, S_DQUOTE, S_SQUOTE, S_AT, S_COUNT };
static const char *const s_needles[S_COUNT] = {"-->", "?>", ">", "]]>", "\"", "'", "@"};

typedef struct {
    const char *s;      /* source */
    char *pl;           /* plain text being built (a copy of s) */
    size_t len;
    mbuild mb;

    container cont[MAX_DEPTH];
    int ncont;
    int leaf;
    size_t p_start, p_end, p_prev_end, p_last_start;   /* open paragraph */
    int p_lines;
    char f_char;                                       /* open fence */
    size_t f_len;
    int h_type;                                        /* open HTML block, 1..7 */
    int t_cols;                                        /* open table */

    leaf *leaves;
    size_t nleaves, leaves_cap;
    uint64_t *refs;     /* hash set of reference labels (0 = empty slot) */
    size_t nrefs, refs_cap;

    /* inline pass scratch, reused for every leaf */
    size_t start, end;
    delim *d;
    size_t nd, dcap;
    bracket *br;
    size_t nbr, brcap, barrier;   /* brackets below barrier that are links are inactive */
    btrun *runs;
    size_t nruns, runcap;
    size_t *strong;               /* pairs: opener start, closer end */
    size_t nstrong, strongcap;
    scache cache[S_COUNT];
} mdp;

/* ---- characters ---- */

static int is_alpha(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int is_alnum(unsigned char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9');
}

static int is_punct(unsigned char c)
{
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

static int sp_tab(char c)
{
    return c == ' ' || c == '\t';
}

static int eol(char c)
{
    return c == '\n' || c == '\r';
}

static int uni_space(uint32_t c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

static int uni_punct(uint32_t c)
{
    if (c < 0x80)
        return is_punct((unsigned char)c);
    return (c >= 0xA1 && c <= 0xBF && c != 0xAA && c != 0xB2 && c != 0xB3 && c != 0xB5 && c != 0xB9 &&
            c != 0xBA && c != 0xBC && c != 0xBD && c != 0xBE) ||
           c == 0xD7 || c == 0xF7 || (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205E) ||
           (c >= 0x3001 && c <= 0x3003) || (c >= 0x3008 && c <= 0x3011) || (c >= 0xFF01 && c <= 0xFF0F);
}

static size_t tab_col(size_t col)
{
    return col + 4 - col % 4;
}

/* First byte at or after pos (< le) that is not a space or tab; *col follows. */
static size_t skip_ws(const char *s, size_t pos, size_t le, size_t *col)
{
    while (pos < le && sp_tab(s[pos])) {
        *col = s[pos] == '\t' ? tab_col(*col) : *col + 1;
        pos++;
    }
    return pos;
}

/* Overwrite [a, b) with spaces, keeping line breaks. */
static void blank(char *pl, size_t a, size_t b)
{
    for (size_t k = a; k < b; k++)
        if (!eol(pl[k]))
            pl[k] = ' ';
}

static int ci_prefix(const char *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    if (n < k)
        return 0;
    for (size_t i = 0; i < k; i++)
        if ((s[i] | 0x20) != (lit[i] | 0x20))
            return 0;
    return 1;
}

/* ---- reference labels ---- */

static uint64_t label_hash(const char *s, size_t a, size_t b)
{
    uint64_t h = 1469598103934665603ULL;
    int pend = 0, any = 0;
    for (size_t i = a; i < b; i++) {
        unsigned char c = (unsigned char)s[i];
        if (mu_space(c)) {
            pend = any;
            continue;
        }
        if (pend) {
            h = (h ^ ' ') * 1099511628211ULL;
            pend = 0;
        }
        if (c >= 'A' && c <= 'Z')
            c |= 0x20;
        h = (h ^ c) * 1099511628211ULL;
        any = 1;
    }
    return h ? h : 1;
}

static void ref_add(mdp *p, uint64_t h)
{
    if ((p->nrefs + 1) * 2 > p->refs_cap) {
        size_t ncap = p->refs_cap ? p->refs_cap * 2 : 64;
        uint64_t *n = xcalloc(ncap, sizeof *n);
        for (size_t i = 0; i < p->refs_cap; i++) {
            if (!p->refs[i])
                continue;
            size_t k = p->refs[i] & (ncap - 1);
            while (n[k])
                k = (k + 1) & (ncap - 1);
            n[k] = p->refs[i];
        }
        free(p->refs);
        p->refs = n;
        p->refs_cap = ncap;
    }
    size_t k = h & (p->refs_cap - 1);
    while (p->refs[k]) {
        if (p->refs[k] == h)
            return;
        k = (k + 1) & (p->refs_cap - 1);
    }
    p->refs[k] = h;
    p->nrefs++;
}

static int ref_defined(const mdp *p, size_t a, size_t b)
{
    if (!p->nrefs || b <= a || b - a > MAX_LABEL)
        return 0;
    uint64_t h = label_hash(p->s, a, b);
    size_t k = h & (p->refs_cap - 1);
    while (p->refs[k]) {
        if (p->refs[k] == h)
            return 1;
        k = (k + 1) & (p->refs_cap - 1);
    }
    return 0;
}

/* ---- the block pass ---- */

static void push_leaf(mdp *p, size_t start, size_t end, block_kind kind, int level)
{
    int quotes = p->ncont ? p->cont[p->ncont - 1].quotes : 0;
    GROW(p->leaves, p->leaves_cap, p->nleaves + 1);
    leaf *l = &p->leaves[p->nleaves++];
    l->start = start;
    l->end = end;
    l->kind = kind;
    l->level = level;
    l->flags = quotes ? BLK_F_QUOTE : 0;
}

/* The end of a link destination starting at q[j] (before e): "<...>" or a
 * run of non-space characters with balanced parentheses, or NONE. In an
 * inline link (inline_link != 0) an unbalanced ')' ends it, it may be empty
 * and a backslash escapes only punctuation; in a reference definition an
 * unbalanced ')' or an empty destination is no destination. */
static size_t link_dest(const char *q, size_t j, size_t e, int inline_link)
{
    if (j < e && q[j] == '<') {
        size_t k = j + 1;
        while (k < e && q[k] != '>' && q[k] != '<' && !eol(q[k]))
            k += (q[k] == '\\' && k + 1 < e) ? 2 : 1;
        return k < e && q[k] == '>' ? k + 1 : NONE;
    }
    size_t k = j;
    int depth = 0;
    while (k < e && !mu_space((unsigned char)q[k]) && (unsigned char)q[k] >= 0x20) {
        if (q[k] == '\\' && k + 1 < e && (!inline_link || is_punct((unsigned char)q[k + 1]))) {
            k += 2;
            continue;
        }
        if (q[k] == '(' && ++depth > MAX_PARENS)
            return NONE;
        if (q[k] == ')') {
            if (depth == 0) {
                if (inline_link)
                    break;
                return NONE;
            }
            depth--;
        }
        k++;
    }
    if (depth || (!inline_link && k == j))
        return NONE;
    return k;
}

/* A link reference definition at q[i] == '[' inside [i, e): returns the end
 * of the definition (a line end or e), or 0. */
static size_t parse_refdef(mdp *p, size_t i, size_t e)
{
    const char *q = p->pl;
    size_t j = i + 1, lab0 = j;
    int nonblank = 0;
    while (j < e && q[j] != ']') {
        if (q[j] == '[' || j - lab0 > MAX_LABEL)
            return 0;
        if (!mu_space((unsigned char)q[j]))
            nonblank = 1;
        j += (q[j] == '\\' && j + 1 < e) ? 2 : 1;
    }
    if (j >= e || !nonblank || j + 1 >= e || q[j + 1] != ':')
        return 0;
    size_t lab1 = j;
    j += 2;
    int nl = 0;
    while (j < e && mu_space((unsigned char)q[j])) {
        if (eol(q[j]) && !(q[j] == '\n' && q[j - 1] == '\r') && ++nl > 1)
            return 0;
        j++;
    }
    if (j >= e)
        return 0;
    if ((j = link_dest(q, j, e, 0)) == NONE)
        return 0;
    size_t t = j;
    while (t < e && sp_tab(q[t]))
        t++;
    size_t line_end = (t >= e || eol(q[t])) ? t : 0;
    int ws = t > j;
    size_t u = t;
    if (line_end && t < e) {
        u += (q[t] == '\r' && t + 1 < e && q[t + 1] == '\n') ? 2 : 1;
        while (u < e && sp_tab(q[u]))
            u++;
        ws = 1;
    }
    size_t end = line_end;
    if (ws && u < e && (q[u] == '"' || q[u] == '\'' || q[u] == '(')) {
        char open = q[u], close = open == '(' ? ')' : open;
        size_t k = u + 1;
        while (k < e && q[k] != close && !(open == '(' && q[k] == '('))
            k += (q[k] == '\\' && k + 1 < e) ? 2 : 1;
        if (k < e && q[k] == close) {
            k++;
            while (k < e && sp_tab(q[k]))
                k++;
            if (k >= e || eol(q[k]))
                end = k;
        }
    }
    if (!end)
        return 0;
    ref_add(p, label_hash(p->s, lab0, lab1));
    return end;
}

/* Drop the reference definitions at the start of [st, e); returns where the
 * rest of the paragraph starts. */
static size_t strip_refdefs(mdp *p, size_t st, size_t e)
{
    while (st < e && p->pl[st] == '[') {
        size_t r = parse_refdef(p, st, e);
        if (!r)
            break;
        st = r;
        while (st < e && mu_space((unsigned char)p->pl[st]))
            st++;
    }
    return st;
}

static void close_para(mdp *p)
{
    size_t st = strip_refdefs(p, p->p_start, p->p_end);
    if (st < p->p_end) {
        int items = p->ncont ? p->cont[p->ncont - 1].items : 0;
        push_leaf(p, st, p->p_end, items ? BLK_ITEM : BLK_PARA, items);
    }
}

static void close_leaf(mdp *p)
{
    if (p->leaf == L_PARA)
        close_para(p);
    p->leaf = L_NONE;
}

static void close_to(mdp *p, int k)
{
    close_leaf(p);
    if (k < p->ncont)
        p->ncont = k;
}

static void push_container(mdp *p, unsigned char type, size_t col, int started_blank)
{
    container *c = &p->cont[p->ncont];
    const container *up = p->ncont ? &p->cont[p->ncont - 1] : NULL;
    c->type = type;
    c->col = col;
    c->started_blank = (unsigned char)started_blank;
    c->has_content = 0;
    c->items = (up ? up->items : 0) + (type == C_ITEM);
    c->quotes = (up ? up->quotes : 0) + (type == C_QUOTE);
    p->ncont++;
}

static void para_line(mdp *p, size_t f, size_t le)
{
    if (p->leaf != L_PARA) {
        close_leaf(p);
        p->leaf = L_PARA;
        p->p_start = p->p_end = f;
        p->p_lines = 0;
    }
    p->p_prev_end = p->p_end;
    p->p_last_start = f;
    p->p_end = le;
    p->p_lines++;
}

static int is_thematic(const char *s, size_t i, size_t e)
{
    char c = s[i];
    if (c != '*' && c != '-' && c != '_')
        return 0;
    int n = 0;
    for (; i < e; i++) {
        if (s[i] == c)
            n++;
        else if (!sp_tab(s[i]))
            return 0;
    }
    return n >= 3;
}

/* ATX heading at s[i]: level, with the content range in [*cs, *ce). */
static int atx(const char *s, size_t i, size_t e, size_t *cs, size_t *ce)
{
    size_t j = i;
    while (j < e && s[j] == '#' && j - i < 7)
        j++;
    size_t lvl = j - i;
    if (lvl < 1 || lvl > 6 || (j < e && !sp_tab(s[j])))
        return 0;
    size_t a = j;
    while (a < e && sp_tab(s[a]))
        a++;
    size_t b = e;
    while (b > a && sp_tab(s[b - 1]))
        b--;
    size_t h = b;
    while (h > a && s[h - 1] == '#')
        h--;
    if (h < b && (h == a || sp_tab(s[h - 1]))) {
        b = h;
        while (b > a && sp_tab(s[b - 1]))
            b--;
    }
    *cs = a;
    *ce = b;
    return (int)lvl;
}

static size_t fence_open(const char *s, size_t i, size_t e, char *fc)
{
    char c = s[i];
    if (c != '`' && c != '~')
        return 0;
    size_t j = i;
    while (j < e && s[j] == c)
        j++;
    if (j - i < 3 || (c == '`' && memchr(s + j, '`', e - j)))
        return 0;
    *fc = c;
    return j - i;
}

static int fence_close(const mdp *p, size_t i, size_t e)
{
    size_t j = i;
    while (j < e && p->s[j] == p->f_char)
        j++;
    if (j - i < p->f_len)
        return 0;
    while (j < e && sp_tab(p->s[j]))
        j++;
    return j == e;
}

static int setext(const char *s, size_t i, size_t e)
{
    char c = s[i];
    size_t j = i;
    while (j < e && s[j] == c)
        j++;
    while (j < e && sp_tab(s[j]))
        j++;
    return j == e ? (c == '=' ? 1 : 2) : 0;
}

/* A list marker at s[i]: its width; ordered lists give their number. */
static size_t list_marker(const char *s, size_t i, size_t e, int *ordered, long *num)
{
    size_t j = i;
    *ordered = 0;
    *num = 0;
    if (s[j] == '-' || s[j] == '+' || s[j] == '*') {
        j++;
    } else {
        while (j < e && j - i < 10 && s[j] >= '0' && s[j] <= '9')
            *num = *num * 10 + (s[j++] - '0');
        if (j == i || j - i > 9 || j >= e || (s[j] != '.' && s[j] != ')'))
            return 0;
        j++;
        *ordered = 1;
    }
    if (j < e && !sp_tab(s[j]))
        return 0;
    return j - i;
}

static const char *const html_block_tags[] = {
    "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center",
    "col", "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption",
    "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head",
    "header", "hr", "html", "iframe", "legend", "li", "link", "main", "menu", "menuitem", "nav",
    "noframes", "ol", "optgroup", "option", "p", "param", "search", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "title", "tr", "track", "ul",
};
static const char *const html_raw_tags[] = {"script", "pre", "style", "textarea"};

static size_t tag_name_len(const char *s, size_t i, size_t e)
{
    size_t j = i;
    if (j >= e || !is_alpha((unsigned char)s[j]))
        return 0;
    while (j < e && (is_alnum((unsigned char)s[j]) || s[j] == '-'))
        j++;
    return j - i;
}

static int name_is(const char *s, size_t n, const char *name)
{
    return strlen(name) == n && ci_prefix(s, n, name);
}

static size_t scan_tag(mdp *p, const char *q, size_t i, size_t e, int cached);

/* The HTML block type (1..7) starting at s[i] == '<', or 0. */
static int html_start(mdp *p, size_t i, size_t e, int in_para)
{
    const char *s = p->s;
    size_t n = e - i;
    if (ci_prefix(s + i, n, "<!--"))
        return 2;
    if (ci_prefix(s + i, n, "<?"))
        return 3;
    if (ci_prefix(s + i, n, "<![CDATA["))
        return 5;
    if (n > 2 && s[i + 1] == '!' && is_alpha((unsigned char)s[i + 2]))
        return 4;
    size_t a = i + 1 + (n > 1 && s[i + 1] == '/');
    size_t nl = tag_name_len(s, a, e);
    if (nl) {
        size_t after = a + nl;
        int ends = after == e || sp_tab(s[after]) || s[after] == '>' ||
                   (s[after] == '/' && after + 1 < e && s[after + 1] == '>');
        if (a == i + 1 && (after == e || sp_tab(s[after]) || s[after] == '>'))
            for (size_t k = 0; k < ARRAY_LEN(html_raw_tags); k++)
                if (name_is(s + a, nl, html_raw_tags[k]))
                    return 1;
        if (ends)
            for (size_t k = 0; k < ARRAY_LEN(html_block_tags); k++)
                if (name_is(s + a, nl, html_block_tags[k]))
                    return 6;
    }
    if (in_para)
        return 0;
    size_t t = scan_tag(p, s, i, e, 0);
    if (!t)
        return 0;
    while (t < e && sp_tab(s[t]))
        t++;
    return t == e ? 7 : 0;
}

static int contains_ci(const char *s, size_t a, size_t e, const char *lit)
{
    size_t k = strlen(lit);
    for (size_t i = a; i + k <= e; i++)
        if (ci_prefix(s + i, k, lit))
            return 1;
    return 0;
}

/* Does s[a, e) hold the end condition of HTML block type t (1..5)? */
static int html_end(int t, const char *s, size_t a, size_t e)
{
    switch (t) {
    case 1:
        return contains_ci(s, a, e, "</script>") || contains_ci(s, a, e, "</pre>") ||
               contains_ci(s, a, e, "</style>") || contains_ci(s, a, e, "</textarea>");
    case 2:
        return contains_ci(s, a, e, "-->");
    case 3:
        return contains_ci(s, a, e, "?>");
    case 4:
        return memchr(s + a, '>', e - a) != NULL;
    default:
        return contains_ci(s, a, e, "]]>");
    }
}

/* A one-line comment "<!-- plainsafe-... -->" at s[i] may be a directive. */
static void comment_directive(mdp *p, size_t i, size_t e)
{
    const char *s = p->s;
    for (size_t k = i + 4; k + 3 <= e; k++) {
        if (s[k] == '-' && s[k + 1] == '-' && s[k + 2] == '>') {
            mb_directive(&p->mb, s + i + 4, k - i - 4, i, k + 3 - i);
            return;
        }
    }
}

/* Table cells of the row in [a, e): outer pipes dropped, split at
 * unescaped pipes. Calls emit for each cell when emit is set; returns the
 * number of cells. */
static int row_cells(mdp *p, size_t a, size_t e, int header, int emit)
{
    const char *s = p->s;
    while (a < e && sp_tab(s[a]))
        a++;
    while (e > a && sp_tab(s[e - 1]))
        e--;
    if (a < e && s[a] == '|')
        a++;
    if (e > a && s[e - 1] == '|') {
        size_t bs = 0;
        while (e - 1 - bs > a && s[e - 2 - bs] == '\\')
            bs++;
        if (bs % 2 == 0)
            e--;
    }
    int n = 0;
    size_t c0 = a, k = a;
    for (;;) {
        if (k >= e || s[k] == '|') {
            if (emit && n < p->t_cols)
                push_leaf(p, c0, k, BLK_CELL, header);
            n++;
            if (k >= e)
                break;
            c0 = ++k;
            continue;
        }
        k += (s[k] == '\\' && k + 1 < e) ? 2 : 1;
    }
    return n;
}

/* A GFM delimiter row ("| --- | :-: |") in [i, e): its number of cells, or 0. */
static int delim_row(mdp *p, size_t i, size_t e)
{
    const char *s = p->s;
    if (!memchr(s + i, '|', e - i))
        return 0;
    if (s[i] != '|' && s[i] != '-' && s[i] != ':')
        return 0;
    size_t a = i, b = e;
    while (b > a && sp_tab(s[b - 1]))
        b--;
    if (s[a] == '|')
        a++;
    if (b > a && s[b - 1] == '|')
        b--;
    int n = 0;
    size_t k = a;
    for (;;) {
        while (k < b && sp_tab(s[k]))
            k++;
        if (k < b && s[k] == ':')
            k++;
        size_t d0 = k;
        while (k < b && s[k] == '-')
            k++;
        if (k == d0)
            return 0;
        if (k < b && s[k] == ':')
            k++;
        while (k < b && sp_tab(s[k]))
            k++;
        n++;
        if (k >= b)
            return n;
        if (s[k] != '|')
            return 0;
        k++;
    }
}

static int table_start(mdp *p, size_t f, size_t le)
{
    int nd = delim_row(p, f, le);
    if (!nd || row_cells(p, p->p_last_start, p->p_end, 1, 0) != nd)
        return 0;
    size_t hs = p->p_last_start, he = p->p_end;
    if (p->p_lines > 1) {
        p->p_end = p->p_prev_end;
        close_para(p);
    }
    p->leaf = L_TABLE;
    p->t_cols = nd;
    row_cells(p, hs, he, 1, 1);
    return 1;
}

/* Does a line starting at s[f] begin a block that interrupts a paragraph
 * (so it cannot be a lazy continuation line)? */
static int interrupts(mdp *p, size_t f, size_t le, size_t indent)
{
    const char *s = p->s;
    size_t cs, ce;
    char fc;
    if (indent >= 4)
        return 0;
    if (s[f] == '#' && atx(s, f, le, &cs, &ce))
        return 1;
    if (fence_open(s, f, le, &fc))
        return 1;
    if (s[f] == '<') {
        int t = html_start(p, f, le, 1);
        if (t >= 1 && t <= 6)
            return 1;
    }
    return is_thematic(s, f, le);
}

static void parse_line(mdp *p, size_t ls, size_t le)
{
    const char *s = p->s;
    size_t pos = ls, col = 0, fcol, f;
    int i;
    for (i = 0; i < p->ncont; i++) {
        container *c = &p->cont[i];
        fcol = col;
        f = skip_ws(s, pos, le, &fcol);
        if (c->type == C_QUOTE) {
            if (f < le && s[f] == '>' && fcol - col <= 3) {
                p->pl[f] = ' ';
                pos = f + 1;
                col = fcol + 1;
                if (pos < le && sp_tab(s[pos])) {
                    col = s[pos] == '\t' ? tab_col(col) : col + 1;
                    pos++;
                }
                continue;
            }
            break;
        }
        if (f == le) {
            if (c->started_blank && !c->has_content)
                break;
            continue;
        }
        if (fcol < c->col)
            break;
        while (pos < le && col < c->col && sp_tab(s[pos])) {
            col = s[pos] == '\t' ? tab_col(col) : col + 1;
            pos++;
        }
    }
    int matched = i;
    fcol = col;
    f = skip_ws(s, pos, le, &fcol);
    int is_blank = f == le;

    switch (p->leaf) {
    case L_FENCE:
        if (matched == p->ncont) {
            if (!is_blank && fcol - col <= 3 && fence_close(p, f, le))
                p->leaf = L_NONE;
            return;
        }
        close_leaf(p);
        break;
    case L_HTML:
        if (matched == p->ncont) {
            if (is_blank) {
                if (p->h_type >= 6)
                    p->leaf = L_NONE;
            } else if (p->h_type <= 5 && html_end(p->h_type, s, pos, le)) {
                p->leaf = L_NONE;
            }
            return;
        }
        close_leaf(p);
        break;
    case L_ICODE:
        if (matched == p->ncont && (is_blank || fcol - col >= 4))
            return;
        close_leaf(p);
        break;
    }

    /* new containers */
    int opened = 0;
    for (;;) {
        fcol = col;
        f = skip_ws(s, pos, le, &fcol);
        if (f >= le || fcol - col >= 4)
            break;
        if (s[f] == '>') {
            if (p->ncont >= MAX_DEPTH && matched == p->ncont) {
                /* deeper than we track: drop the marker, stay where we are */
            } else {
                if (!opened)
                    close_to(p, matched);
                opened = 1;
                push_container(p, C_QUOTE, 0, 0);
                matched = p->ncont;
            }
            p->pl[f] = ' ';
            pos = f + 1;
            col = fcol + 1;
            if (pos < le && sp_tab(s[pos])) {
                col = s[pos] == '\t' ? tab_col(col) : col + 1;
                pos++;
            }
            continue;
        }
        int ordered;
        long num;
        size_t mw = list_marker(s, f, le, &ordered, &num);
        if (!mw || is_thematic(s, f, le))
            break;
        size_t after = f + mw, acol = fcol + mw, ccol = acol;
        int empty = skip_ws(s, after, le, &ccol) == le;
        if (p->leaf == L_PARA && matched == p->ncont && !opened && (empty || (ordered && num != 1)))
            break;
        if (p->ncont >= MAX_DEPTH && matched == p->ncont)
            break;
        if (!opened)
            close_to(p, matched);
        opened = 1;
        size_t content = (empty || ccol - acol >= 5) ? acol + 1 : ccol;
        blank(p->pl, f, after);
        pos = after;
        col = acol;
        while (pos < le && col < content && sp_tab(s[pos])) {
            col = s[pos] == '\t' ? tab_col(col) : col + 1;
            pos++;
        }
        push_container(p, C_ITEM, content, empty);
        matched = p->ncont;
    }

    fcol = col;
    f = skip_ws(s, pos, le, &fcol);
    is_blank = f == le;
    size_t indent = fcol - col;
    if (matched < p->ncont) {
        if (p->leaf == L_PARA && !is_blank && !interrupts(p, f, le, indent)) {
            para_line(p, f, le);   /* lazy continuation */
            return;
        }
        close_to(p, matched);
    }
    if (is_blank) {
        close_leaf(p);
        return;
    }
    for (int k = p->ncont; k > 0 && !p->cont[k - 1].has_content; k--)
        p->cont[k - 1].has_content = 1;
    if (indent >= 4) {
        if (p->leaf == L_PARA)
            para_line(p, f, le);
        else if (p->leaf == L_TABLE)
            row_cells(p, f, le, 0, 1);
        else {
            close_leaf(p);
            p->leaf = L_ICODE;
        }
        return;
    }
    char c = s[f];
    size_t cs, ce, fl;
    int lvl;
    char fc;
    if (c == '#' && (lvl = atx(s, f, le, &cs, &ce))) {
        close_leaf(p);
        push_leaf(p, cs, ce, BLK_HEADING, lvl);
        return;
    }
    if ((c == '`' || c == '~') && (fl = fence_open(s, f, le, &fc))) {
        close_leaf(p);
        p->leaf = L_FENCE;
        p->f_char = fc;
        p->f_len = fl;
        return;
    }
    if (c == '<' && (lvl = html_start(p, f, le, p->leaf == L_PARA))) {
        close_leaf(p);
        p->leaf = L_HTML;
        p->h_type = lvl;
        if (lvl == 2)
            comment_directive(p, f, le);
        static const size_t skip[] = {0, 1, 4, 2, 2, 9};
        if (lvl <= 5 && html_end(lvl, s, f + skip[lvl], le))
            p->leaf = L_NONE;
        return;
    }
    if (p->leaf == L_PARA && (c == '=' || c == '-') && (lvl = setext(s, f, le))) {
        size_t st = strip_refdefs(p, p->p_start, p->p_end);
        p->leaf = L_NONE;
        if (st < p->p_end) {
            push_leaf(p, st, p->p_end, BLK_HEADING, lvl);
            return;
        }
    }
    if (is_thematic(s, f, le)) {
        close_leaf(p);
        return;
    }
    if (p->leaf == L_PARA && table_start(p, f, le))
        return;
    if (p->leaf == L_TABLE) {
        row_cells(p, f, le, 0, 1);
        return;
    }
    para_line(p, f, le);
}

/* YAML front matter: "---" on the first line up to "---" or "...". Returns
 * where the document proper starts (0 if there is no front matter). */
static size_t front_matter(const char *s, size_t len)
{
    if (len < 3 || memcmp(s, "---", 3) != 0)
        return 0;
    size_t pos = 3;
    while (pos < len && sp_tab(s[pos]))
        pos++;
    if (pos < len && !eol(s[pos]))
        return 0;
    while (pos < len) {
        pos += (s[pos] == '\r' && pos + 1 < len && s[pos + 1] == '\n') ? 2 : 1;
        size_t ls = pos;
        while (pos < len && !eol(s[pos]))
            pos++;
        size_t e = pos;
        while (e > ls && sp_tab(s[e - 1]))
            e--;
        if (e - ls == 3 && (memcmp(s + ls, "---", 3) == 0 || memcmp(s + ls, "...", 3) == 0))
            return pos;
    }
    return 0;
}

/* ---- the inline pass ---- */

static size_t cfind(mdp *p, int which, size_t from)
{
    scache *c = &p->cache[which];
    if (c->valid && from >= c->from && from <= c->at)
        return c->at;
    const char *nd = s_needles[which];
    size_t nl = strlen(nd), k = from, at = p->end;
    while (k + nl <= p->end) {
        const char *r = memchr(p->pl + k, nd[0], p->end - k - nl + 1);
        if (!r)
            break;
        k = (size_t)(r - p->pl);
        if (memcmp(r, nd, nl) == 0) {
            at = k;
            break;
        }
        k++;
    }
    c->valid = 1;
    c->from = from;
    c->at = at;
    return at;
}

static void opaque(mdp *p, size_t a, size_t b)
{
    p->pl[a] = PLAIN_OPAQUE;
    blank(p->pl, a + 1, b);
}

static int run_cmp(const void *a, const void *b)
{
    const btrun *x = a, *y = b;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static void collect_runs(mdp *p)
{
    p->nruns = 0;
    const char *q = p->pl;
    size_t i = p->start;
    while (i < p->end) {
        const char *r = memchr(q + i, '`', p->end - i);
        if (!r)
            break;
        size_t a = (size_t)(r - q), b = a;
        while (b < p->end && q[b] == '`')
            b++;
        GROW(p->runs, p->runcap, p->nruns + 1);
        p->runs[p->nruns].len = b - a;
        p->runs[p->nruns].pos = a;
        p->nruns++;
        i = b;
    }
    if (p->nruns > 1)
        qsort(p->runs, p->nruns, sizeof *p->runs, run_cmp);
}

/* The first backtick run of exactly n at or after from, or NONE. */
static size_t code_closer(const mdp *p, size_t n, size_t from)
{
    size_t lo = 0, hi = p->nruns;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const btrun *r = &p->runs[mid];
        if (r->len < n || (r->len == n && r->pos < from))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->nruns && p->runs[lo].len == n ? p->runs[lo].pos : NONE;
}

static uint32_t cp_before(const mdp *p, size_t i)
{
    if (i <= p->start)
        return '\n';
    size_t k = i - 1;
    while (k > p->start && ((unsigned char)p->s[k] & 0xC0) == 0x80)
        k--;
    uint32_t cp;
    return utf8_decode((const unsigned char *)p->s + k, i - k, &cp) ? cp : 'a';
}

static uint32_t cp_at(const mdp *p, size_t i)
{
    if (i >= p->end)
        return '\n';
    uint32_t cp;
    return utf8_decode((const unsigned char *)p->pl + i, p->end - i, &cp) ? cp : 'a';
}

static void push_delim(mdp *p, size_t i, size_t n, char ch)
{
    uint32_t b = cp_before(p, i), a = cp_at(p, i + n);
    int bws = uni_space(b), bp = uni_punct(b), aws = uni_space(a), ap = uni_punct(a);
    int lf = !aws && (!ap || bws || bp);
    int rf = !bws && (!bp || aws || ap);
    int can_open = lf, can_close = rf;
    if (ch == '_') {
        can_open = lf && (!rf || bp);
        can_close = rf && (!lf || ap);
    }
    if (ch == '~' && n > 2)
        return;
    if (!can_open && !can_close)
        return;
    GROW(p->d, p->dcap, p->nd + 1);
    delim *d = &p->d[p->nd++];
    d->pos = i;
    d->len = d->olen = n;
    d->ch = ch;
    d->can_open = (unsigned char)can_open;
    d->can_close = (unsigned char)can_close;
}

static void unlink_delim(mdp *p, int k)
{
    delim *d = &p->d[k];
    if (d->prev >= 0)
        p->d[d->prev].next = d->next;
    if (d->next >= 0)
        p->d[d->next].prev = d->prev;
}

/* Match the delimiters above bottom (CommonMark's "process emphasis"),
 * blanking the matched markers; then drop them all from the stack. */
static void process_emphasis(mdp *p, int bottom)
{
    int first = bottom + 1, n = (int)p->nd;
    if (first >= n)
        return;
    for (int k = first; k < n; k++) {
        p->d[k].prev = k - 1 >= first ? k - 1 : -1;
        p->d[k].next = k + 1 < n ? k + 1 : -1;
    }
    int ob[3][3][2];
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            ob[a][b][0] = ob[a][b][1] = bottom;
    int cur = first;
    while (cur >= 0) {
        delim *D = &p->d[cur];
        if (!D->can_close) {
            cur = D->next;
            continue;
        }
        int ci = D->ch == '*' ? 0 : D->ch == '_' ? 1 : 2;
        int *limit = &ob[ci][D->olen % 3][D->can_open];
        int o = D->prev, found = -1;
        while (o >= 0 && o > *limit) {
            const delim *O = &p->d[o];
            if (O->ch == D->ch && O->can_open) {
                if (D->ch == '~') {
                    if (O->len == D->len) {
                        found = o;
                        break;
                    }
                } else if (!((O->can_close || D->can_open) && (O->olen + D->olen) % 3 == 0 &&
                             !(O->olen % 3 == 0 && D->olen % 3 == 0))) {
                    found = o;
                    break;
                }
            }
            o = O->prev;
        }
        if (found < 0) {
            *limit = D->prev >= 0 ? D->prev : bottom;
            int nx = D->next;
            if (!D->can_open)
                unlink_delim(p, cur);
            cur = nx;
            continue;
        }
        delim *O = &p->d[found];
        size_t use = D->ch == '~' ? D->len : (D->len >= 2 && O->len >= 2 ? 2 : 1);
        O->len -= use;
        blank(p->pl, O->pos + O->len, O->pos + O->len + use);
        blank(p->pl, D->pos, D->pos + use);
        if (use == 2 && D->ch != '~') {
            GROW(p->strong, p->strongcap, p->nstrong + 2);
            p->strong[p->nstrong++] = O->pos + O->len;
            p->strong[p->nstrong++] = D->pos + 2;
        }
        D->pos += use;
        D->len -= use;
        O->next = cur;
        D->prev = found;
        if (O->len == 0)
            unlink_delim(p, found);
        if (D->len == 0) {
            int nx = D->next;
            unlink_delim(p, cur);
            cur = nx;
        }
    }
    p->nd = (size_t)first;
}

static size_t skip_space(const mdp *p, size_t j)
{
    while (j < p->end && mu_space((unsigned char)p->pl[j]))
        j++;
    return j;
}

static int escaped_at(const char *q, size_t lo, size_t k)
{
    size_t n = 0;
    while (k > lo + n && q[k - 1 - n] == '\\')
        n++;
    return n % 2;
}

/* The closing quote of a title or attribute value opened at q[j], or NONE. */
static size_t find_quote(mdp *p, size_t j, int backslash)
{
    int which = p->pl[j] == '"' ? S_DQUOTE : S_SQUOTE;
    size_t k = cfind(p, which, j + 1);
    while (backslash && k < p->end && escaped_at(p->pl, j + 1, k))
        k = cfind(p, which, k + 1);
    return k < p->end ? k : NONE;
}

/* "(dest "title")" at q[o] == '(': the position after ')', or 0. */
static size_t link_tail(mdp *p, size_t o)
{
    const char *q = p->pl;
    size_t e = p->end, j = skip_space(p, o + 1);
    if ((j = link_dest(q, j, e, 1)) == NONE)
        return 0;
    size_t w = j;
    j = skip_space(p, j);
    if (j < e && j > w && (q[j] == '"' || q[j] == '\'' || q[j] == '(')) {
        size_t k;
        if (q[j] == '(') {
            k = j + 1;
            while (k < e && q[k] != ')' && q[k] != '(')
                k += (q[k] == '\\' && k + 1 < e) ? 2 : 1;
            if (k >= e || q[k] != ')')
                return 0;
        } else if ((k = find_quote(p, j, 1)) == NONE) {
            return 0;
        }
        j = skip_space(p, k + 1);
    }
    return j < e && q[j] == ')' ? j + 1 : 0;
}

static void pop_bracket(mdp *p)
{
    p->nbr--;
    if (p->barrier > p->nbr)
        p->barrier = p->nbr;
}

/* ']' at i: a link or image closes, or the bracket is literal text.
 * Returns where scanning resumes. */
static size_t close_bracket(mdp *p, size_t i)
{
    if (!p->nbr)
        return i + 1;
    bracket b = p->br[p->nbr - 1];
    if (!b.image && p->nbr - 1 < p->barrier) {
        pop_bracket(p);
        return i + 1;
    }
    const char *q = p->pl;
    size_t text0 = b.pos + (b.image ? 2 : 1), after = 0, e = p->end;
    if (i + 1 < e && q[i + 1] == '(')
        after = link_tail(p, i + 1);
    if (!after && i + 1 < e && q[i + 1] == '[') {
        size_t k = i + 2;
        while (k < e && q[k] != ']' && q[k] != '[' && k - i <= MAX_LABEL + 2)
            k += (q[k] == '\\' && k + 1 < e) ? 2 : 1;
        if (k < e && q[k] == ']') {
            if (k == i + 2 ? ref_defined(p, text0, i) : ref_defined(p, i + 2, k))
                after = k + 1;
        } else if (ref_defined(p, text0, i)) {
            after = i + 1;
        }
    } else if (!after && ref_defined(p, text0, i)) {
        after = i + 1;
    }
    if (!after) {
        pop_bracket(p);
        return i + 1;
    }
    blank(p->pl, b.pos, text0);
    blank(p->pl, i, after);
    process_emphasis(p, b.dtop);
    pop_bracket(p);
    if (!b.image)
        p->barrier = p->nbr;
    return after;
}

/* An autolink "<scheme:...>" or "<a@b.c>" at q[i] == '<': its end, or 0. */
static size_t autolink(const mdp *p, size_t i)
{
    const char *q = p->pl;
    size_t e = p->end, j = i + 1, k;
    if (j < e && is_alpha((unsigned char)q[j])) {
        k = j + 1;
        while (k < e && k - j < 32 && (is_alnum((unsigned char)q[k]) || q[k] == '+' || q[k] == '.' || q[k] == '-'))
            k++;
        if (k < e && q[k] == ':' && k - j >= 2) {
            k++;
            while (k < e && q[k] != '>' && q[k] != '<' && (unsigned char)q[k] > 0x20)
                k++;
            if (k < e && q[k] == '>')
                return k + 1;
        }
    }
    k = j;
    while (k < e && (is_alnum((unsigned char)q[k]) || (q[k] != '@' && q[k] != '<' && q[k] != '>' && q[k] != '\\' &&
                                                       q[k] != '"' && q[k] != '(' && q[k] != ')' && q[k] != ',' &&
                                                       q[k] != ':' && q[k] != ';' && q[k] != '[' && q[k] != ']' &&
                                                       is_punct((unsigned char)q[k]))))
        k++;
    if (k == j || k >= e || q[k] != '@')
        return 0;
    size_t d = ++k;
    while (k < e && (is_alnum((unsigned char)q[k]) || q[k] == '-' || q[k] == '.'))
        k++;
    if (k > d && k < e && q[k] == '>' && is_alnum((unsigned char)q[d]) && is_alnum((unsigned char)q[k - 1]))
        return k + 1;
    return 0;
}

/* An HTML open or closing tag at q[i] == '<' within [i, e): its end, or 0.
 * cached: search quotes through the inline memo (q is the plain text). */
static size_t scan_tag(mdp *p, const char *q, size_t i, size_t e, int cached)
{
    size_t k = i + 1;
    if (k < e && q[k] == '/') {
        size_t n = tag_name_len(q, k + 1, e);
        if (!n)
            return 0;
        k += 1 + n;
        while (k < e && mu_space((unsigned char)q[k]))
            k++;
        return k < e && q[k] == '>' ? k + 1 : 0;
    }
    size_t n = tag_name_len(q, k, e);
    if (!n)
        return 0;
    k += n;
    for (;;) {
        size_t w = k;
        while (k < e && mu_space((unsigned char)q[k]))
            k++;
        if (k < e && q[k] == '>')
            return k + 1;
        if (k + 1 < e && q[k] == '/' && q[k + 1] == '>')
            return k + 2;
        if (k == w || k >= e)
            return 0;
        unsigned char c = (unsigned char)q[k];
        if (!is_alpha(c) && c != '_' && c != ':')
            return 0;
        while (k < e && (is_alnum((unsigned char)q[k]) || q[k] == '_' || q[k] == '.' || q[k] == ':' || q[k] == '-'))
            k++;
        size_t name_end = k;
        while (k < e && mu_space((unsigned char)q[k]))
            k++;
        if (k >= e || q[k] != '=') {
            k = name_end;
            continue;
        }
        k++;
        while (k < e && mu_space((unsigned char)q[k]))
            k++;
        if (k >= e)
            return 0;
        if (q[k] == '"' || q[k] == '\'') {
            size_t c2;
            if (cached) {
                c2 = find_quote(p, k, 0);
            } else {
                const char *r = memchr(q + k + 1, q[k], e - k - 1);
                c2 = r ? (size_t)(r - q) : NONE;
            }
            if (c2 == NONE || c2 >= e)
                return 0;
            k = c2 + 1;
        } else {
            size_t v = k;
            while (k < e && !mu_space((unsigned char)q[k]) && q[k] != '"' && q[k] != '\'' && q[k] != '=' &&
                   q[k] != '<' && q[k] != '>' && q[k] != '`')
                k++;
            if (k == v)
                return 0;
        }
    }
}

/* Inline HTML at q[i] == '<': its end, or 0. A comment may be a directive. */
static size_t inline_html(mdp *p, size_t i)
{
    const char *q = p->pl;
    size_t e = p->end, n = e - i, k;
    if (n >= 4 && memcmp(q + i, "<!--", 4) == 0) {
        if (n >= 5 && q[i + 4] == '>')
            return i + 5;
        if (n >= 6 && q[i + 4] == '-' && q[i + 5] == '>')
            return i + 6;
        k = cfind(p, S_COMMENT, i + 4);
        if (k >= e)
            return 0;
        mb_directive(&p->mb, q + i + 4, k - i - 4, i, k + 3 - i);
        return k + 3;
    }
    if (n >= 9 && memcmp(q + i, "<![CDATA[", 9) == 0) {
        k = cfind(p, S_CDATA, i + 9);
        return k < e ? k + 3 : 0;
    }
    if (n >= 3 && q[i + 1] == '!' && is_alpha((unsigned char)q[i + 2])) {
        k = cfind(p, S_GT, i + 2);
        return k < e ? k + 1 : 0;
    }
    if (n >= 2 && q[i + 1] == '?') {
        k = cfind(p, S_PI, i + 2);
        return k < e ? k + 2 : 0;
    }
    return scan_tag(p, q, i, e, 1);
}

static int local_ch(unsigned char c)
{
    return is_alnum(c) || c == '.' || c == '_' || c == '+' || c == '-';
}

/* A bare URL (http://, https://, www.) at q[i]: its end, or 0. */
static size_t bare_url(mdp *p, size_t i)
{
    const char *q = p->pl;
    size_t e = p->end, n = e - i, k;
    char c0 = (char)(q[i] | 0x20);
    if (c0 != 'h' && c0 != 'w')
        return 0;
    if (ci_prefix(q + i, n, "https://"))
        k = 8;
    else if (ci_prefix(q + i, n, "http://"))
        k = 7;
    else if (ci_prefix(q + i, n, "www."))
        k = 4;
    else
        return 0;
    if (i + k >= e || !(is_alnum((unsigned char)q[i + k]) || (unsigned char)q[i + k] >= 0x80))
        return 0;
    size_t j = i + k;
    long parens = 0;
    while (j < e && !mu_space((unsigned char)q[j]) && q[j] != '<' && !(p->nbr && q[j] == ']')) {
        parens += (q[j] == '(') - (q[j] == ')');
        j++;
    }
    while (j > i + k) {
        char c = q[j - 1];
        if (strchr("?!.,:*_~'\";", c))
            j--;
        else if (c == ')' && parens < 0) {
            parens++;
            j--;
        } else
            break;
    }
    return j;
}

/* An e-mail address at q[i] (a word start): its end, or 0. */
static size_t bare_email(mdp *p, size_t i)
{
    size_t at = cfind(p, S_AT, i);
    if (at >= p->end)
        return 0;
    const char *q = p->pl;
    size_t k = i;
    while (k < at && local_ch((unsigned char)q[k]))
        k++;
    if (k != at || k == i)
        return 0;
    size_t d = k + 1, j = d;
    int dots = 0;
    while (j < p->end && (is_alnum((unsigned char)q[j]) || q[j] == '-' || q[j] == '_' || q[j] == '.'))
        j++;
    while (j > d && q[j - 1] == '.')
        j--;
    for (size_t t = d; t < j; t++)
        dots += q[t] == '.';
    if (!dots || j == d || !is_alnum((unsigned char)q[j - 1]) || !is_alnum((unsigned char)q[d]))
        return 0;
    return j;
}

static int word_ch(unsigned char c)
{
    return local_ch(c) || c == '@' || c >= 0x80;
}

/* Bytes the inline pass stops at: 1 may start markup, 2 may start a word
 * (a URL or e-mail address). */
static const unsigned char trig[256] = {
    ['\\'] = 1, ['`'] = 1, ['&'] = 1, ['<'] = 1, ['*'] = 1, ['_'] = 1, ['~'] = 1, ['!'] = 1, ['['] = 1, [']'] = 1,
    ['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2, ['5'] = 2, ['6'] = 2, ['7'] = 2, ['8'] = 2, ['9']
    = 2, ['a'] = 2, ['b'] = 2, ['c'] = 2, ['d'] = 2, ['e'] = 2, ['f'] = 2, ['g'] = 2, ['h'] = 2, ['i'] = 2,
    ['j'] = 2, ['k'] = 2, ['l'] = 2, ['m'] = 2, ['n'] = 2, ['o'] = 2, ['p'] = 2, ['q'] = 2, ['r'] = 2, ['s']
    = 2, ['t'] = 2, ['u'] = 2, ['v'] = 2, ['w'] = 2, ['x'] = 2, ['y'] = 2, ['z'] = 2, ['A'] = 2, ['B'] = 2,
    ['C'] = 2, ['D'] = 2, ['E'] = 2, ['F'] = 2, ['G'] = 2, ['H'] = 2, ['I'] = 2, ['J'] = 2, ['K'] = 2, ['L']
    = 2, ['M'] = 2, ['N'] = 2, ['O'] = 2, ['P'] = 2, ['Q'] = 2, ['R'] = 2, ['S'] = 2, ['T'] = 2, ['U'] = 2,
    ['V'] = 2, ['W'] = 2, ['X'] = 2, ['Y'] = 2, ['Z'] = 2,
};

static void inline_leaf(mdp *p, const leaf *lf)
{
    char *q = p->pl;
    size_t e = lf->end;
    p->start = lf->start;
    p->end = e;
    p->nd = p->nbr = p->barrier = p->nstrong = 0;
    for (int k = 0; k < S_COUNT; k++)
        p->cache[k].valid = 0;
    collect_runs(p);
    size_t i = lf->start;
    while (i < e) {
        unsigned char c = (unsigned char)q[i];
        size_t k, n;
        if (!trig[c]) {
            i++;
            continue;
        }
        if (trig[c] == 2) {
            if ((i == lf->start || !word_ch((unsigned char)q[i - 1])) && ((k = bare_url(p, i)) || (k = bare_email(p, i)))) {
                opaque(p, i, k);
                i = k;
                continue;
            }
            do
                i++;
            while (i < e && trig[(unsigned char)q[i]] == 2);
            continue;
        }
        switch (c) {
        case '\\':
            if (i + 1 < e && (is_punct((unsigned char)q[i + 1]) || eol(q[i + 1]))) {
                q[i] = ' ';
                i += eol(q[i + 1]) ? 1 : 2;
            } else {
                i++;
            }
            break;
        case '`':
            n = 0;
            while (i + n < e && q[i + n] == '`')
                n++;
            k = code_closer(p, n, i + n);
            if (k != NONE) {
                opaque(p, i, k + n);
                i = k + n;
            } else {
                i += n;
            }
            break;
        case '&': {
            char out[4];
            size_t ol;
            k = entity_decode(q + i, e - i, out, &ol);
            if (k && ol <= k) {
                memcpy(q + i, out, ol);
                memset(q + i + ol, ' ', k - ol);
                i += k;
            } else {
                i++;
            }
            break;
        }
        case '<':
            if ((k = autolink(p, i))) {
                opaque(p, i, k);
                i = k;
            } else if ((k = inline_html(p, i))) {
                blank(q, i, k);
                i = k;
            } else {
                i++;
            }
            break;
        case '*':
        case '_':
        case '~':
            n = 0;
            while (i + n < e && q[i + n] == (char)c)
                n++;
            push_delim(p, i, n, (char)c);
            i += n;
            break;
        case '!':
            if (i + 1 < e && q[i + 1] == '[') {
                GROW(p->br, p->brcap, p->nbr + 1);
                p->br[p->nbr++] = (bracket){i, 1, (int)p->nd - 1};
                i += 2;
            } else {
                i++;
            }
            break;
        case '[':
            GROW(p->br, p->brcap, p->nbr + 1);
            p->br[p->nbr++] = (bracket){i, 0, (int)p->nd - 1};
            i++;
            break;
        case ']':
            i = close_bracket(p, i);
            break;
        default:
            i++;
            break;
        }
    }
    process_emphasis(p, -1);
}

/* Is the paragraph whose plain text is [a, b) entirely strong emphasis? */
static int all_strong(const mdp *p, size_t a, size_t b)
{
    const unsigned char *q = (const unsigned char *)p->pl;
    while (a < b && mu_space(q[a]))
        a++;
    while (b > a && mu_space(q[b - 1]))
        b--;
    if (a == b)
        return 0;
    for (size_t k = 0; k + 1 < p->nstrong; k += 2)
        if (p->strong[k] < a && p->strong[k + 1] >= b)
            return 1;
    return 0;
}

void markup_md(markup *m, const char *src, size_t len)
{
    mdp *p = xcalloc(1, sizeof *p);
    p->s = src;
    p->len = len;
    p->pl = xmalloc(len + 1);
    if (len)
        memcpy(p->pl, src, len);
    p->pl[len] = 0;
    mb_init(&p->mb, m, p->pl, 1, len);

    size_t pos = front_matter(src, len);
    if (pos) {
        pos += (pos < len && src[pos] == '\r' && pos + 1 < len && src[pos + 1] == '\n') ? 2 : 1;
        if (pos > len)
            pos = len;
    }
    while (pos < len) {
        size_t ls = pos, le = pos;
        while (le < len && !eol(src[le]))
            le++;
        parse_line(p, ls, le);
        pos = le;
        if (pos < len)
            pos += (src[pos] == '\r' && pos + 1 < len && src[pos + 1] == '\n') ? 2 : 1;
    }
    close_to(p, 0);

    for (size_t k = 0; k < p->nleaves; k++) {
        const leaf *lf = &p->leaves[k];
        inline_leaf(p, lf);
        unsigned flags = lf->flags;
        if (lf->kind == BLK_PARA && p->nstrong && all_strong(p, lf->start, lf->end))
            flags |= BLK_F_BOLD;
        mb_block(&p->mb, lf->start, lf->end, lf->kind, lf->level, flags);
    }

    size_t prev = 0;
    for (size_t k = 0; k < m->nblocks; k++) {
        blank(p->pl, prev, m->blocks[k].off);
        prev = m->blocks[k].off + m->blocks[k].len;
    }
    blank(p->pl, prev, len);
    mb_sort_directives(&p->mb);

    free(p->leaves);
    free(p->refs);
    free(p->d);
    free(p->br);
    free(p->runs);
    free(p->strong);
    free(p);
}
