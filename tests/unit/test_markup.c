/* test_markup.c — unit tests for stage 2 (markup_text.c, markup_md.c):
 * blocks, blanking, directives, a property test on generated Markdown, random
 * bytes through decode + markup, and pathological inputs. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "input.h"
#include "markup.h"
#include "utf8.h"
#include "util.h"

/* ---- helpers ---- */

static int is_sp(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* The blocks as "K<level><flags>:text | ...": K is P/H/I/C, flags q (quote)
 * and b (bold); in the text a line break shows as '/', the opaque
 * placeholder as '#', and runs of spaces as one space. */
static char rendered[1 << 16];

static const char *render(const markup *m)
{
    size_t o = 0;
    rendered[0] = 0;
    for (size_t i = 0; i < m->nblocks && o + 64 < sizeof rendered; i++) {
        const block *b = &m->blocks[i];
        o += (size_t)snprintf(rendered + o, sizeof rendered - o, "%s%c%d%s%s:", i ? " | " : "", "PHIC"[b->kind],
                              b->level, (b->flags & BLK_F_QUOTE) ? "q" : "", (b->flags & BLK_F_BOLD) ? "b" : "");
        int sp = 0;
        for (size_t k = b->off; k < b->off + b->len && o + 8 < sizeof rendered; k++) {
            char c = m->plain[k];
            if (c == '\n' || c == '\r') {
                if (c == '\n' && k > b->off && m->plain[k - 1] == '\r')
                    continue;
                rendered[o++] = '/';
                sp = 0;
            } else if (c == ' ' || c == '\t') {
                if (!sp)
                    rendered[o++] = ' ';
                sp = 1;
            } else {
                rendered[o++] = c == PLAIN_OPAQUE ? '#' : c;
                sp = 0;
            }
        }
        rendered[o] = 0;
    }
    return rendered;
}

static const char *md(const char *src)
{
    markup m;
    markup_md(&m, src, strlen(src));
    const char *r = render(&m);
    markup_release(&m);
    return r;
}

static const char *txt(const char *src)
{
    markup m;
    markup_text(&m, src, strlen(src));
    const char *r = render(&m);
    markup_release(&m);
    return r;
}

/* The exact plain text of the whole document (line breaks as '/', the
 * placeholder as '#'). */
static char plain_buf[4096];

static const char *md_plain(const char *src)
{
    markup m;
    size_t n = strlen(src);
    markup_md(&m, src, n);
    size_t k;
    for (k = 0; k < n && k + 1 < sizeof plain_buf; k++) {
        char c = m.plain[k];
        plain_buf[k] = c == '\n' || c == '\r' ? '/' : c == PLAIN_OPAQUE ? '#' : c;
    }
    plain_buf[k] = 0;
    markup_release(&m);
    return plain_buf;
}

/* Every invariant of markup.h; returns a description of the first broken
 * one, or NULL. md: the plain text may differ from the source. */
static const char *invariants(const char *src, size_t len, const markup *m, int is_md)
{
    const unsigned char *s = (const unsigned char *)src, *p = (const unsigned char *)m->plain;
    if (m->len != len)
        return "plain length differs";
    if (!is_md && (m->plain != src || m->plain_owned))
        return "plain text does not alias src";
    size_t prev_end = 0;
    for (size_t i = 0; i < m->nblocks; i++) {
        const block *b = &m->blocks[i];
        if (b->len == 0 || b->off + b->len > len || b->off < prev_end)
            return "blocks not ascending / inside the text / non-empty";
        prev_end = b->off + b->len;
        if (is_sp(p[b->off]) || is_sp(p[prev_end - 1]) || is_sp(s[b->off]) || is_sp(s[prev_end - 1]))
            return "block starts or ends on a space";
        if ((s[b->off] & 0xC0) == 0x80 || (prev_end < len && (s[prev_end] & 0xC0) == 0x80))
            return "block boundary inside a UTF-8 sequence";
        if ((unsigned)b->kind > BLK_CELL)
            return "bad block kind";
    }
    for (size_t i = 0; i < m->ndirs; i++)
        if (m->dirs[i].off + m->dirs[i].len > len || (i && m->dirs[i].off < m->dirs[i - 1].off))
            return "directives out of order or outside the text";
    for (size_t i = 0; i < len; i++) {
        if ((s[i] == '\n' || s[i] == '\r' || p[i] == '\n' || p[i] == '\r') && s[i] != p[i])
            return "line break not preserved";
        if (p[i] == s[i] || p[i] == ' ' || p[i] == (unsigned char)PLAIN_OPAQUE)
            continue;
        /* a decoded entity: an '&' before and a ';' after, no space between */
        size_t a = i;
        while (a > 0 && i - a < 40 && s[a] != '&' && !is_sp(s[a]))
            a--;
        size_t z = i;
        while (z < len && z - a < 40 && s[z] != ';' && !is_sp(s[z]))
            z++;
        if (s[a] != '&' || z >= len || s[z] != ';')
            return "plain byte neither source, space, placeholder nor entity";
    }
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = utf8_decode(p + i, len - i, &cp);
        if (!k)
            return "plain text is not valid UTF-8";
        i += k;
    }
    return NULL;
}

static uint64_t rng = 0x2545F4914F6CDD1DULL;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

static int check_doc(const char *src, size_t len)
{
    markup m;
    markup_md(&m, src, len);
    const char *why = invariants(src, len, &m, 1);
    markup_release(&m);
    if (!why) {
        markup_text(&m, src, len);
        why = invariants(src, len, &m, 0);
        markup_release(&m);
    }
    if (why) {
        fprintf(stderr, "invariant broken: %s\n--- document (%zu bytes) ---\n", why, len);
        fwrite(src, 1, len < 2000 ? len : 2000, stderr);
        fprintf(stderr, "\n---\n");
        return 0;
    }
    return 1;
}

/* ---- Markdown blocks ---- */

static void test_md_headings(void)
{
    CHECK_STR(md("# Title ##\n"), "H1:Title");
    CHECK_STR(md("###### six ######"), "H6:six");
    CHECK_STR(md("####### seven"), "P0:####### seven");
    CHECK_STR(md("#hashtag"), "P0:#hashtag");
    CHECK_STR(md("## C# ##"), "H2:C#");
    CHECK_STR(md("# \n\ntext"), "P0:text");
    CHECK_STR(md("   ### indented ok"), "H3:indented ok");
    CHECK_STR(md("Title\n=====\n\nSub *it*\n---\n"), "H1:Title | H2:Sub it");
    CHECK_STR(md("two\nlines\n==="), "H1:two/lines");
    CHECK_STR(md("a\r\nb\r\n---\r\n"), "H2:a/b");
    CHECK_STR(md("a\rb\r===\r"), "H1:a/b");
    CHECK_STR(md("para\n# head\nafter"), "P0:para | H1:head | P0:after");
    CHECK_STR(md("- item\n---"), "I1:item");
}

static void test_md_paragraphs(void)
{
    CHECK_STR(md("one\ntwo\n\n\nthree"), "P0:one/two | P0:three");
    CHECK_STR(md("one\r\ntwo\r\n\r\nthree\r\n"), "P0:one/two | P0:three");
    CHECK_STR(md("one\rtwo\r\rthree\r"), "P0:one/two | P0:three");
    CHECK_STR(md("  \t \n  lead   \n \t\n"), "P0:lead");
    CHECK_STR(md("hard  \nbreak\\\nhere"), "P0:hard /break /here");
    CHECK_STR(md("***\n- - -\n___\n"), "");
    CHECK_STR(md(""), "");
    CHECK_STR(md("\n\n\r\n"), "");
}

static void test_md_lists(void)
{
    CHECK_STR(md("- a\n- b\n  - c\n    continued\n\n1. one\n2) two"),
              "I1:a | I1:b | I2:c/ continued | I1:one | I1:two");
    CHECK_STR(md("* star\n+ plus"), "I1:star | I1:plus");
    CHECK_STR(md("- a\nlazy line"), "I1:a/lazy line");
    CHECK_STR(md("- a\n\n  second para\n\nout"), "I1:a | I1:second para | P0:out");
    CHECK_STR(md("-\n  late content"), "I1:late content");
    CHECK_STR(md("-\n\n  not in item"), "P0:not in item");
    CHECK_STR(md("1. a\n   1. b\n      - c"), "I1:a | I2:b | I3:c");
    /* an ordered list not starting at 1 and an empty item cannot interrupt a paragraph */
    CHECK_STR(md("The year\n2024. was long"), "P0:The year/2024. was long");
    CHECK_STR(md("para\n-\nmore"), "H2:para | P0:more");
    CHECK_STR(md("para\n- item"), "P0:para | I1:item");
    CHECK_STR(md("-not a list"), "P0:-not a list");
    CHECK_STR(md("- a\r\n  - b\r\n"), "I1:a | I2:b");
    CHECK_STR(md("- a\r  b\r- c\r"), "I1:a/ b | I1:c");
    CHECK_STR(md("-\tTab item"), "I1:Tab item");
}

static void test_md_quotes(void)
{
    CHECK_STR(md("> quote\n> more\n>\n> > nested\nlazy"), "P0q:quote/ more | P0q:nested/lazy");
    CHECK_STR(md("> - item\n>   cont\n> # Head"), "I1q:item/ cont | H1q:Head");
    CHECK_STR(md(">no space\n>\tTab"), "P0q:no space/ Tab");
    CHECK_STR(md("> a\n\n> b"), "P0q:a | P0q:b");
    CHECK_STR(md("- > quoted item"), "I1q:quoted item");
    CHECK_STR(md("> a\r\n> b\r\n"), "P0q:a/ b");
    CHECK_STR(md("> ```\n> code\nafter"), "P0:after");
    CHECK_STR(md("text\n> quote"), "P0:text | P0q:quote");
    /* the markers of continuation lines are blanked inside the span */
    CHECK_STR(md_plain("> a\n> b"), "  a/  b");
}

static void test_md_tables(void)
{
    CHECK_STR(md("| A | B |\n|---|:-:|\n| 1 | 2 \\| x |\n| 3 |\n\nafter"),
              "C1:A | C1:B | C0:1 | C0:2 | x | C0:3 | P0:after");
    CHECK_STR(md("intro\nA|B\n-|-\n1|2|extra"), "P0:intro | C1:A | C1:B | C0:1 | C0:2");
    CHECK_STR(md("A|B\n-|-|-"), "P0:A|B/-|-|-");
    CHECK_STR(md("A\n---"), "H2:A");
    CHECK_STR(md("| *a* | `b` |\r\n| --- | --- |\r\n| [l](u) | c |\r\n"), "C1:a | C1:# | C0:l | C0:c");
    CHECK_STR(md("> | h |\n> |---|\n> | v |\nnot row"), "C1q:h | C0q:v | P0:not row");
    CHECK_STR(md("|a|b|\n|-|-|\n|||\n| |x|"), "C1:a | C1:b | C0:x");
    CHECK_STR(md("| a |\n| - |\n# H"), "C1:a | H1:H");
}

static void test_md_code_html(void)
{
    CHECK_STR(md("```js\ncode *x*\n```\ntext"), "P0:text");
    CHECK_STR(md("~~~\n```\nstill code\n~~~\nout"), "P0:out");
    CHECK_STR(md("````\nunclosed\n```\nstill"), "");
    CHECK_STR(md("``` a`b\nnot a fence"), "P0:``` a`b/not a fence");
    CHECK_STR(md("- item\n\n  ```\n  code\n  ```\n- next"), "I1:item | I1:next");
    CHECK_STR(md("    code\n\ntext"), "P0:text");
    CHECK_STR(md("para\n    not code"), "P0:para/ not code");
    CHECK_STR(md("\tcode\r\nx"), "P0:x");
    CHECK_STR(md("<div>\n*hi*\n</div>\n\ntext"), "P0:text");
    CHECK_STR(md("<!-- comment\nstill -->\ntext"), "P0:text");
    CHECK_STR(md("<custom-tag attr=\"v\">\nbody\n\nafter"), "P0:after");
    CHECK_STR(md("para\n<custom-tag>\nsame para"), "P0:para/ /same para");
    CHECK_STR(md("<script>\nx\n\ny\n</script>\nz"), "P0:z");
    CHECK_STR(md("<?php echo 1; ?>\nnext"), "P0:next");
    CHECK_STR(md("---\ntitle: x\nauthor: y\n---\n# H"), "H1:H");
    CHECK_STR(md("---\r\ntitle: x\r\n...\r\nbody"), "P0:body");
    CHECK_STR(md("---\nnot closed"), "P0:not closed");
    CHECK_STR(md("text\n\n---\nfoo: bar\n---"), "P0:text | H2:foo: bar");
    /* everything outside blocks is blanked, line breaks kept */
    CHECK_STR(md_plain("```\nx\n```\nT"), "   / /   /T");
}

static void test_md_bold(void)
{
    CHECK_STR(md("**Risk factors**\n\ntext"), "P0b:Risk factors | P0:text");
    CHECK_STR(md("__Strong line__"), "P0b:Strong line");
    CHECK_STR(md("***Both***"), "P0b:Both");
    CHECK_STR(md("**a** and **b**"), "P0:a and b");
    CHECK_STR(md("**Risk:** mother said"), "P0:Risk: mother said");
    CHECK_STR(md("*just italic*"), "P0:just italic");
    CHECK_STR(md("- **bold item**"), "I1:bold item");
}

static void test_md_inline(void)
{
    /* code spans */
    CHECK_STR(md_plain("Use `x = 1` now"), "Use #       now");
    CHECK_STR(md_plain("a ``b ` c`` d"), "a #         d");
    CHECK_STR(md_plain("`a\nb` c"), "# /   c");
    CHECK_STR(md_plain("`unclosed and ``mismatch"), "`unclosed and ``mismatch");
    CHECK_STR(md_plain("`one span and ``inside`"), "#                      ");
    CHECK_STR(md_plain("\\`not code`"), " `not code`");
    CHECK_STR(md("*a `*` b*"), "P0:a # b");
    /* autolinks, URLs, e-mail */
    CHECK_STR(md_plain("<http://x.y/z> <a@b.co>"), "#              #       ");
    CHECK_STR(md_plain("see http://example.com/a_b. Next"), "see #                     . Next");
    CHECK_STR(md_plain("(www.example.com)"), "(#              )");
    CHECK_STR(md_plain("mail jo.bloggs@example.org."), "mail #                    .");
    CHECK_STR(md_plain("at @home, a@b, x@y.z"), "at @home, a@b, #    ");
    CHECK_STR(md_plain("*see http://x.io*"), " see #           ");
    /* links and images */
    CHECK_STR(md("[the report](http://x \"title\") said"), "P0:the report said");
    CHECK_STR(md("![a cat](c.png) sat"), "P0:a cat sat");
    CHECK_STR(md("[see http://x.io](http://x.io)"), "P0:see #");
    CHECK_STR(md("[a](<b c>) [d](e(f)g)"), "P0:a d");
    CHECK_STR(md("[text][r] and [r] and [R][]\n\n[r]: http://x 'T'"), "P0:text and r and R");
    CHECK_STR(md("[r]:\n  http://x\n  \"multi\nline\"\npara"), "P0:para");
    CHECK_STR(md("[name redacted] said"), "P0:[name redacted] said");
    CHECK_STR(md("[a [b](c) d](e)"), "P0:[a b d](e)");
    CHECK_STR(md("[a] (b)"), "P0:[a] (b)");
    CHECK_STR(md("[*em*](u)"), "P0:em");
    /* emphasis */
    CHECK_STR(md_plain("*a* _b_ **c** __d__ ~~e~~ ~f~"), " a   b    c     d     e    f ");
    CHECK_STR(md_plain("2 * 3 * 4"), "2 * 3 * 4");
    CHECK_STR(md_plain("snake_case_word"), "snake_case_word");
    CHECK_STR(md_plain("a*b*c"), "a b c");
    CHECK_STR(md_plain("**unclosed"), "**unclosed");
    CHECK_STR(md_plain("a ~~~no~~~"), "a ~~~no~~~");
    CHECK_STR(md("~~~no~~~\ncode"), "");
    CHECK_STR(md_plain("caf\xC3\xA9*d\xC3\xA9j\xC3\xA0*"), "caf\xC3\xA9 d\xC3\xA9j\xC3\xA0 ");
    CHECK_STR(md_plain("\xE2\x80\x9C*quoted*\xE2\x80\x9D"), "\xE2\x80\x9C quoted \xE2\x80\x9D");
    /* escapes */
    CHECK_STR(md_plain("\\*not\\* \\_x\\_ \\a"), " *not *  _x _ \\a");
    /* entities */
    CHECK_STR(md_plain("Tom &amp; Jerry"), "Tom &     Jerry");
    CHECK_STR(md_plain("&nbsp;x &#39;y&#x2019; &copy;"), "\xC2\xA0    x '    y\xE2\x80\x99      \xC2\xA9    ");
    CHECK_STR(md_plain("&bogus; &amp &#xZZ; &#0;"), "&bogus; &amp &#xZZ; \xEF\xBF\xBD ");
    CHECK_STR(md_plain("&#10;&lt;"), "     <   ");
    CHECK_STR(md_plain("`&amp;`"), "#      ");
    /* inline HTML */
    CHECK_STR(md("a <span class=\"x\">b</span> c"), "P0:a b c");
    CHECK_STR(md("a <!-- hidden --> b"), "P0:a b");
    CHECK_STR(md("x < y > z"), "P0:x < y > z");
    CHECK_STR(md("1 <2 and 3> 2"), "P0:1 <2 and 3> 2");
    CHECK_STR(md("a <b\nc=\"d\"> e"), "P0:a / e");
}

static void test_md_directives(void)
{
    const char *src = "<!-- plainsafe-disable judgement.label, jargon -->\ntext\n"
                      "<!-- plainsafe-enable -->\n\n"
                      "<!--plainsafe-disable-next-line judgement-->\nline\n"
                      "<!-- plainsafe-bogus -->\n"
                      "inline <!-- plainsafe-disable-next-line x --> here\n";
    markup m;
    markup_md(&m, src, strlen(src));
    CHECK_STR(render(&m), "P0:text | P0:line | P0:inline here");
    CHECK_INT(m.ndirs, 4);
    if (m.ndirs == 4) {
        CHECK_INT(m.dirs[0].kind, DIR_DISABLE);
        CHECK_INT(m.dirs[0].off, 0);
        CHECK_INT(m.dirs[0].len, 50);
        CHECK_INT(m.dirs[0].nrules, 2);
        if (m.dirs[0].nrules == 2) {
            CHECK_STR(m.dirs[0].rules[0], "judgement.label");
            CHECK_STR(m.dirs[0].rules[1], "jargon");
        }
        CHECK_INT(m.dirs[1].kind, DIR_ENABLE);
        CHECK_INT(m.dirs[1].nrules, 0);
        CHECK_INT(m.dirs[2].kind, DIR_DISABLE_NEXT_LINE);
        CHECK_INT(m.dirs[2].nrules, 1);
        if (m.dirs[2].nrules == 1)
            CHECK_STR(m.dirs[2].rules[0], "judgement");
        CHECK_INT(m.dirs[3].kind, DIR_DISABLE_NEXT_LINE);
        CHECK(strncmp(src + m.dirs[3].off, "<!-- plainsafe-disable-next-line x -->", m.dirs[3].len) == 0);
    }
    markup_release(&m);

    /* inside a quote, with CRLF */
    src = "> <!-- plainsafe-disable a b -->\r\n> text\r\n";
    markup_md(&m, src, strlen(src));
    CHECK_INT(m.ndirs, 1);
    if (m.ndirs == 1) {
        CHECK_INT(m.dirs[0].off, 2);
        CHECK_INT(m.dirs[0].nrules, 2);
    }
    CHECK_STR(render(&m), "P0q:text");
    markup_release(&m);
}

/* ---- plain text ---- */

static void test_text(void)
{
    CHECK_STR(txt("one\ntwo\n\nthree"), "P0:one/two | P0:three");
    CHECK_STR(txt("one\r\ntwo\r\n \t \r\nthree\r\n"), "P0:one/two | P0:three");
    CHECK_STR(txt("one\rtwo\r\rthree\r"), "P0:one/two | P0:three");
    CHECK_STR(txt("RISKS\n\nThe mother *said* <b>x</b> &amp; `y`."), "H1:RISKS | P0:The mother *said* <b>x</b> &amp; `y`.");
    CHECK_STR(txt("Background:\n\ntext"), "H1:Background: | P0:text");
    CHECK_STR(txt("Background:\ntext"), "P0:Background:/text");
    CHECK_STR(txt("WHAT WE ARE WORRIED ABOUT\r\nbody"), "P0:WHAT WE ARE WORRIED ABOUT/body");
    CHECK_STR(txt("\xC3\x89VALUATION \xC3\x80 FAIRE\n\nx"), "H1:\xC3\x89VALUATION \xC3\x80 FAIRE | P0:x");
    CHECK_STR(txt("OK.\n\nNO!\n\n12:\n\nA\n\nI AM"), "P0:OK. | P0:NO! | P0:12: | P0:A | H1:I AM");
    CHECK_STR(txt("This line is rather long and ends with a colon but is a sentence:"),
              "P0:This line is rather long and ends with a colon but is a sentence:");
    CHECK_STR(txt("- a\n  cont\n* b\n\xE2\x80\xA2 c\n1. d\n2) e\nwrapped\n\nnot item"),
              "I1:a/ cont | I1:b | I1:c | I1:d | I1:e/wrapped | P0:not item");
    CHECK_STR(txt("- a\n  - b\n    - c\n  - d\n- e"), "I1:a | I2:b | I3:c | I2:d | I1:e");
    CHECK_STR(txt("-5 degrees\n*bold*"), "P0:-5 degrees/*bold*");
    CHECK_STR(txt("  indented para\n  more"), "P0:indented para/ more");

    const char *src = "a\n#plainsafe-disable judgement.label, jargon\nb\n"
                      "  [plainsafe-disable-next-line judgement.label]  \r\nc\n"
                      "#plainsafe-enable\n#plainsafe-bogus\n[plainsafe-enable x\n";
    markup m;
    markup_text(&m, src, strlen(src));
    CHECK(m.plain == src);
    CHECK_INT(m.plain_owned, 0);
    CHECK_STR(render(&m), "P0:a | P0:b | P0:c | P0:#plainsafe-bogus/[plainsafe-enable x");
    CHECK_INT(m.ndirs, 3);
    if (m.ndirs == 3) {
        CHECK_INT(m.dirs[0].kind, DIR_DISABLE);
        CHECK_INT(m.dirs[0].off, 2);
        CHECK_INT(m.dirs[0].len, 42);
        CHECK_INT(m.dirs[0].nrules, 2);
        if (m.dirs[0].nrules == 2)
            CHECK_STR(m.dirs[0].rules[1], "jargon");
        CHECK_INT(m.dirs[1].kind, DIR_DISABLE_NEXT_LINE);
        CHECK_INT(m.dirs[1].off, 49);
        CHECK_INT(m.dirs[1].len, 45);
        CHECK_INT(m.dirs[1].nrules, 1);
        CHECK_INT(m.dirs[2].kind, DIR_ENABLE);
        CHECK_INT(m.dirs[2].nrules, 0);
    }
    markup_release(&m);
}

/* ---- the property test ---- */

static const char *const words[] = {
    "the", "mother", "said", "Dr", "caf\xC3\xA9", "na\xC3\xAFve", "\xE6\x97\xA5\xE6\x9C\xAC",
    "\xF0\x9F\x98\x80", "\xE2\x80\x9Cquoted\xE2\x80\x9D", "don\xE2\x80\x99t", "3.30pm", "x", "snake_case",
    "2", "*", "_", "`", "[", "]", "(", ")", "<", ">", "!", "&", "\\", "~", "#", "|", "-", ":", "\"", "'",
};

static const char *const inl[] = {
    "*em*", "**strong**", "_em_", "__strong__", "~~del~~", "`code`", "``co`de``", "`a\\`",
    "[text](http://x.y \"t\")", "![alt *x*](img.png)", "[ref][r]", "[r]", "[x]()", "<http://a.b/c>",
    "<a@b.co>", "http://x.y/z_(w).", "www.x.y", "jo@b.co", "&amp;", "&nbsp;", "&#39;", "&#x2019;",
    "&bogus;", "&#0;", "<span a='1'>", "</span>", "<!-- c -->", "<!-- plainsafe-disable x -->", "\\*",
    "\\|", "***a***", "*a **b** c*", "a*b*c", "[a [b](c) d](e)", "<a b=\"", "[a](b 'c", "](",
};

static const char *eol_of(int style)
{
    static const char *const e[] = {"\n", "\r\n", "\r"};
    return e[style < 3 ? (uint32_t)style : rnd(3)];
}

static void gen_text(buf *b, int nwords)
{
    for (int i = 0; i < nwords; i++) {
        if (i)
            buf_putc(b, rnd(8) ? ' ' : "\t *_"[rnd(4)]);
        if (rnd(3) == 0)
            buf_puts(b, inl[rnd(ARRAY_LEN(inl))]);
        else
            buf_puts(b, words[rnd(ARRAY_LEN(words))]);
    }
}

static void gen_line(buf *b, const char *prefix, int style)
{
    buf_puts(b, prefix);
    gen_text(b, 1 + (int)rnd(8));
    if (rnd(10) == 0)
        buf_puts(b, rnd(2) ? "  " : "\\");
    buf_puts(b, eol_of(style));
}

static void gen_block(buf *b, const char *prefix, int style, int depth)
{
    static const char *const bullets[] = {"- ", "* ", "+ ", "1. ", "2) ", "-\t", "10. "};
    char pre[256];
    int n = 1 + (int)rnd(3);
    switch (rnd(depth > 3 ? 11u : 14u)) {
    case 0:
        buf_puts(b, prefix);
        for (int k = (int)rnd(7); k >= 0; k--)
            buf_putc(b, '#');
        buf_putc(b, ' ');
        gen_line(b, "", style);
        break;
    case 1:
        for (int i = 0; i < n; i++)
            gen_line(b, prefix, style);
        buf_puts(b, prefix);
        buf_puts(b, rnd(2) ? "===" : "---");
        buf_puts(b, eol_of(style));
        break;
    case 2:
        buf_puts(b, prefix);
        buf_puts(b, "| a | b |");
        buf_puts(b, eol_of(style));
        buf_puts(b, prefix);
        buf_puts(b, rnd(2) ? "|---|:-:|" : "--- | ---");
        buf_puts(b, eol_of(style));
        for (int i = 0; i < n; i++) {
            buf_puts(b, prefix);
            buf_puts(b, "| ");
            gen_text(b, 1 + (int)rnd(3));
            buf_puts(b, " | ");
            gen_text(b, (int)rnd(3));
            buf_puts(b, rnd(2) ? " |" : "");
            buf_puts(b, eol_of(style));
        }
        break;
    case 3:
        buf_puts(b, prefix);
        buf_puts(b, rnd(2) ? "```info" : "~~~");
        buf_puts(b, eol_of(style));
        for (int i = 0; i < n; i++)
            gen_line(b, prefix, style);
        if (rnd(4)) {
            buf_puts(b, prefix);
            buf_puts(b, "```");
            buf_puts(b, eol_of(style));
        }
        break;
    case 4:
        buf_puts(b, prefix);
        buf_puts(b, rnd(2) ? "<div>" : "<!-- plainsafe-disable-next-line a, b -->");
        buf_puts(b, eol_of(style));
        gen_line(b, prefix, style);
        break;
    case 5:
        buf_puts(b, prefix);
        buf_puts(b, (const char *[]){"***", "- - -", "___"}[rnd(3)]);
        buf_puts(b, eol_of(style));
        break;
    case 6:
        buf_puts(b, prefix);
        buf_puts(b, "[r]: http://x.y/r \"T\"");
        buf_puts(b, eol_of(style));
        break;
    case 7:
        snprintf(pre, sizeof pre, "%s    ", prefix);
        gen_line(b, pre, style);
        break;
    case 8:
    case 9:
    case 10:
        for (int i = 0; i < n; i++)
            gen_line(b, i && rnd(3) == 0 ? "" : prefix, style);
        break;
    case 11:
    case 12: {
        const char *bl = bullets[rnd(ARRAY_LEN(bullets))];
        for (int i = 0; i < n; i++) {
            snprintf(pre, sizeof pre, "%s%s", prefix, bl);
            buf_puts(b, pre);
            gen_line(b, "", style);
            if (rnd(3) == 0) {
                snprintf(pre, sizeof pre, "%s%*s", prefix, (int)strlen(bl), "");
                gen_block(b, pre, style, depth + 1);
            }
        }
        break;
    }
    default:
        snprintf(pre, sizeof pre, "%s%s", prefix, rnd(3) ? "> " : ">");
        for (int i = 0; i < n; i++)
            gen_block(b, pre, style, depth + 1);
        break;
    }
    if (rnd(2)) {
        buf_puts(b, prefix);
        buf_puts(b, rnd(4) ? "" : "  ");
        buf_puts(b, eol_of(style));
    }
}

static void test_property(void)
{
    int ok = 1;
    buf b;
    buf_init(&b);
    for (int iter = 0; iter < 2000 && ok; iter++) {
        buf_clear(&b);
        int style = (int)rnd(4);
        if (rnd(8) == 0) {
            buf_puts(&b, "---");
            buf_puts(&b, eol_of(style));
            buf_puts(&b, "title: x");
            buf_puts(&b, eol_of(style));
            buf_puts(&b, rnd(2) ? "---" : "...");
            buf_puts(&b, eol_of(style));
        }
        for (int k = 1 + (int)rnd(6); k > 0; k--)
            gen_block(&b, "", style, 0);
        if (rnd(3) == 0 && b.len)
            b.len -= 1;   /* no final line break */
        ok &= check_doc(b.data, b.len);
    }
    buf_release(&b);
    CHECK(ok);
}

/* Random bytes through input_decode, then both markup modules. */
static void test_random_bytes(void)
{
    static const char pool[] = "aZ9 \t\n\r\n*_`[]()<>!&#;\\~|-:=.@/\"'";
    unsigned char raw[256];
    int ok = 1;
    for (int iter = 0; iter < 4000 && ok; iter++) {
        size_t n = rnd(sizeof raw);
        for (size_t i = 0; i < n; i++) {
            uint32_t r = rnd(10);
            raw[i] = r < 7 ? (unsigned char)pool[rnd(sizeof pool - 1)] : r < 9 ? (unsigned char)(0x80 + rnd(0x80))
                                                                                : (unsigned char)(1 + rnd(0x7F));
        }
        input in;
        if (input_decode(&in, raw, n) == INPUT_OK) {
            ok &= check_doc(in.src, in.len);
            input_release(&in);
        }
    }
    CHECK(ok);
}

/* ---- pathological inputs: each must stay linear ---- */

static void repeat(buf *b, const char *s, size_t times)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < times; i++)
        buf_append(b, s, n);
}

static void test_pathological(void)
{
    static const struct {
        const char *unit;
        size_t times;
        const char *tail;
    } cases[] = {
        {"word ", 200000, ""},                                /* a 1 MB line */
        {"*a_ [b](c `d` <e> &amp; http://x.y ", 30000, ""},  /* a 1 MB line of markup */
        {"a", 100000, ""},                                    /* a 100 kB word */
        {"x@", 50000, ""},
        {"> ", 10000, "deep\n"},                              /* 10,000 nested quotes */
        {">", 10000, "deep\nlazy\n"},
        {"- ", 10000, "deep\n"},                              /* 10,000 nested lists */
        {"1. > ", 10000, "deep\n"},
        {"`", 100000, ""},                                    /* 100,000 backticks */
        {"`a", 50000, ""},
        {"a`` b``` c", 20000, ""},
        {"*", 100000, "a"},                                   /* 100,000 asterisks */
        {"*a", 50000, ""},
        {"**a", 40000, ""},
        {"a*", 50000, ""},
        {"_a ", 40000, ""},
        {"~~a", 40000, ""},
        {"[", 100000, "]"},
        {"[a](", 30000, ""},
        {"[a](b 'c", 20000, ""},
        {"![", 50000, ""},
        {"]", 100000, ""},
        {"[a]", 50000, "\n\n[a]: b\n"},
        {"<", 100000, ""},
        {"<a ", 30000, ""},
        {"<a b='", 20000, ""},
        {"<a b=\"c\" ", 20000, ""},
        {"<!--", 30000, ""},
        {"&", 100000, ""},
        {"&#", 50000, ""},
        {"\\", 100000, ""},
        {"http://", 20000, ""},
        {"| a ", 30000, "\n|---|\n"},
        {"a\n", 200000, ""},
        {"\r", 200000, ""},
        {"- x\n\n", 50000, ""},
        {"> a\n>\n", 50000, ""},
    };
    buf b;
    buf_init(&b);
    int ok = 1;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        buf_clear(&b);
        repeat(&b, cases[i].unit, cases[i].times);
        buf_puts(&b, cases[i].tail);
        ok &= check_doc(b.data, b.len);
    }
    /* a staircase of 1,500 nested list items, then many blank lines */
    buf_clear(&b);
    for (int d = 0; d < 1500; d++) {
        repeat(&b, "  ", (size_t)d);
        buf_puts(&b, "- item\n");
    }
    repeat(&b, "\n", 100000);
    ok &= check_doc(b.data, b.len);
    /* many lines each 2,000 quotes deep */
    buf_clear(&b);
    for (int d = 0; d < 200; d++) {
        repeat(&b, "> ", 2000);
        buf_puts(&b, "text\n");
    }
    ok &= check_doc(b.data, b.len);
    CHECK(ok);

    /* deep nesting keeps working up to the cap and degrades to text after it */
    buf_clear(&b);
    repeat(&b, "> ", 10000);
    buf_puts(&b, "deep");
    markup m;
    markup_md(&m, b.data, b.len);
    CHECK_INT(m.nblocks, 1);
    if (m.nblocks == 1) {
        CHECK(m.blocks[0].flags & BLK_F_QUOTE);
        CHECK_INT(m.blocks[0].len, 4);
    }
    markup_release(&m);
    buf_release(&b);
}

int main(void)
{
    test_md_headings();
    test_md_paragraphs();
    test_md_lists();
    test_md_quotes();
    test_md_tables();
    test_md_code_html();
    test_md_bold();
    test_md_inline();
    test_md_directives();
    test_text();
    test_property();
    test_random_bytes();
    test_pathological();
    return TEST_DONE();
}
