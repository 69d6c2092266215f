/* test_segment.c — sections, tokens, sentences and token_norm (segment.h):
 * tricky cases for each rule, and a randomized invariant test with a fixed
 * seed. Markup structs are built by hand so the test stands alone. */
#include <stdint.h>
#include <stdlib.h>
#include "harness.h"
#include "segment.h"
#include "shortkey.h"
#include "utf8.h"
#include "util.h"

static seg_scratch scratch;

/* Segment text as one block of the given kind. */
static void seg_kind(const char *text, block_kind kind)
{
    static block blk;
    static markup m;
    static document d;
    blk = (block){0, strlen(text), kind, kind == BLK_HEADING, 0};
    m = (markup){(char *)text, 0, strlen(text), &blk, 1, NULL, 0};
    document_build(&d, &m);
    segment_block(&d, 0, &scratch);
    document_release(&d);
}

static void seg(const char *text)
{
    seg_kind(text, BLK_PARA);
}

/* The tokens of text joined by '|'. */
static const char *toks(const char *text)
{
    static char out[4096];
    size_t n = 0;
    seg(text);
    out[0] = 0;
    for (size_t i = 0; i < scratch.ntoks && n + scratch.toks[i].len + 2 < sizeof out; i++) {
        if (i)
            out[n++] = '|';
        memcpy(out + n, text + scratch.toks[i].off, scratch.toks[i].len);
        n += scratch.toks[i].len;
    }
    out[n] = 0;
    return out;
}

/* The kinds of the tokens of text: W N P S O. */
static const char *kinds(const char *text)
{
    static char out[512];
    seg(text);
    size_t i = 0;
    for (; i < scratch.ntoks && i + 1 < sizeof out; i++)
        out[i] = "WNPSO"[scratch.toks[i].kind];
    out[i] = 0;
    return out;
}

/* The sentences of text joined by " || ". */
static const char *sents_k(const char *text, block_kind kind)
{
    static char out[4096];
    size_t n = 0;
    seg_kind(text, kind);
    out[0] = 0;
    for (size_t i = 0; i < scratch.nsents && n + scratch.sents[i].len + 5 < sizeof out; i++) {
        if (i) {
            memcpy(out + n, " || ", 4);
            n += 4;
        }
        memcpy(out + n, text + scratch.sents[i].off, scratch.sents[i].len);
        n += scratch.sents[i].len;
    }
    out[n] = 0;
    return out;
}

static const char *sents(const char *text)
{
    return sents_k(text, BLK_PARA);
}

static size_t nsents(const char *text)
{
    seg(text);
    return scratch.nsents;
}

/* Flags of the token of text whose text is word (first such), or -1. */
static int flags_of(const char *text, const char *word)
{
    seg(text);
    size_t wl = strlen(word);
    for (size_t i = 0; i < scratch.ntoks; i++)
        if (scratch.toks[i].len == wl && memcmp(text + scratch.toks[i].off, word, wl) == 0)
            return scratch.toks[i].flags;
    return -1;
}

static const char *norm(const char *s, size_t cap)
{
    static char out[256];
    token t = {0, (uint32_t)strlen(s), TOK_WORD, 0, 0};
    token_set_hash(s, &t);
    token_norm(s, &t, out, cap);
    return out;
}

static size_t norm_len(const char *s)
{
    char out[256];
    token t = {0, (uint32_t)strlen(s), TOK_WORD, 0, 0};
    token_set_hash(s, &t);
    return token_norm(s, &t, out, sizeof out);
}

static void test_words(void)
{
    CHECK_STR(toks("I don't know"), "I|don't|know");
    CHECK_STR(toks("Sarah’s coat"), "Sarah’s|coat");
    CHECK_STR(toks("Sarah\xca\xbcs coat"), "Sarah\xca\xbcs|coat");
    CHECK_STR(toks("my mother-in-law"), "my|mother-in-law");
    CHECK_STR(toks("mother\xe2\x80\x90in\xe2\x80\x91law"), "mother\xe2\x80\x90in\xe2\x80\x91law");
    CHECK_STR(toks("twenty-one children"), "twenty-one|children");
    CHECK_STR(toks("the parents' house"), "the|parents'|house");
    CHECK_STR(toks("the parents’ house"), "the|parents’|house");
    CHECK_STR(toks("She said 'go to the shops' today"), "She|said|'|go|to|the|shops|'|today");
    CHECK_STR(toks("She said ‘go to the shops’ today"), "She|said|‘|go|to|the|shops|’|today");
    CHECK_STR(toks("'Mum’s boyfriend' left"), "'|Mum’s|boyfriend|'|left");
    CHECK_STR(toks("rock'n'roll O'Brien"), "rock'n'roll|O'Brien");
    CHECK_STR(toks("dogs' dinner's"), "dogs'|dinner's");
    CHECK_STR(toks("it is 's'"), "it|is|'|s|'");
    CHECK_STR(toks("pre- and post-natal"), "pre|-|and|post-natal");
    CHECK_STR(toks("well -- known"), "well|--|known");
    CHECK_STR(toks("well—known"), "well|—|known");
    CHECK_STR(toks("Year7 and COVID-19"), "Year7|and|COVID-19");
    CHECK_STR(toks("end-"), "end|-");
    CHECK_STR(toks("a-"), "a|-");
    /* accents and other scripts */
    CHECK_STR(toks("Siân and Zoë met Ó Briain"), "Siân|and|Zoë|met|Ó|Briain");
    CHECK_STR(toks("Zoe\xcc\x88 naïve façade"), "Zoe\xcc\x88|naïve|façade");
    CHECK_STR(toks("Łódź Ελένη Наталья Dafydd ŵyr"), "Łódź|Ελένη|Наталья|Dafydd|ŵyr");
    CHECK_STR(toks("Straße ẅ"), "Straße|ẅ");
    CHECK_STR(toks("東京 に"), "東京|に");
    /* Unicode spaces separate words */
    CHECK_STR(toks("a\xc2\xa0" "b\xe2\x80\x89" "c\xe3\x80\x80" "d\xe2\x80\x8b" "e"), "a|b|c|d|e");
    CHECK_STR(toks("a\tb\r\nc"), "a|b|c");
    /* numbers */
    CHECK_STR(kinds("3 3.30 3.30pm 1,200 21st 10/03/2024 10.03.2024 10:30"), "NNNNNNNN");
    CHECK_STR(toks("3 3.30 3.30pm 1,200 21st 10/03/2024"), "3|3.30|3.30pm|1,200|21st|10/03/2024");
    CHECK_STR(toks("£25 and 25% and €3.50"), "£|25|and|25|%|and|€|3.50");
    CHECK_STR(kinds("£25"), "SN");
    CHECK_STR(toks("a 5-year-old boy"), "a|5-year-old|boy");
    CHECK_STR(kinds("5-year-old 2019-20 1990's"), "WNN");
    CHECK_STR(toks("1, 2 and 3."), "1|,|2|and|3|.");
    CHECK_STR(toks("3.5."), "3.5|.");
    CHECK_STR(toks("5kg 10am"), "5kg|10am");
    /* dotted abbreviations keep their final dot; others do not */
    CHECK_STR(toks("e.g. i.e. a.m. U.K. J.K."), "e.g.|i.e.|a.m.|U.K.|J.K.");
    CHECK_STR(toks("Mr. Smith"), "Mr|.|Smith");
    CHECK_STR(toks("i.e, the"), "i.e|,|the");
    CHECK_STR(toks("a.The"), "a|.|The");
    /* punctuation and symbols */
    CHECK_STR(toks("Wait... what?! (Yes.)"), "Wait|...|what|?|!|(|Yes|.|)");
    CHECK_STR(toks("Wait… “no”"), "Wait|…|“|no|”");
    CHECK_STR(kinds("a & b * c"), "WSWSW");
    CHECK_STR(toks("and/or 24/7"), "and|/|or|24/7");
    CHECK_STR(kinds("and/or"), "WPW");
    /* emoji: one symbol with its modifiers */
    CHECK_STR(toks("Great 👍🏽 job"), "Great|👍🏽|job");
    CHECK_STR(kinds("Great 👍🏽 job"), "WSW");
    CHECK_STR(toks("👨\xe2\x80\x8d👩\xe2\x80\x8d👧 family"), "👨\xe2\x80\x8d👩\xe2\x80\x8d👧|family");
    CHECK_STR(toks("🇬🇧🇫🇷"), "🇬🇧|🇫🇷");
    CHECK_STR(toks("❤️ love"), "❤️|love");
    CHECK_STR(kinds("👍👍"), "SS");
    /* placeholders and replaced bytes */
    CHECK_STR(kinds("Run \x1c    now"), "WOW");
    CHECK_STR(toks("Run \x1c    now"), "Run|\x1c|now");
    CHECK_STR(kinds("bad\x1a" "byte"), "WSW");
    CHECK_STR(kinds("\x1c\x1c"), "OO");
    /* bytes that are not well-formed UTF-8 (never in valid plain text) */
    CHECK_STR(kinds("a\xff" "b \xe2\x80 c"), "WSWSSW");
}

static void test_urls(void)
{
    CHECK_STR(toks("See http://example.com/a?b=1, then"), "See|http://example.com/a?b=1|,|then");
    CHECK_INT(flags_of("See http://example.com/a?b=1, then", "http://example.com/a?b=1"), TF_URLISH | TF_ASCII);
    CHECK_STR(toks("Visit www.nspcc.org.uk."), "Visit|www.nspcc.org.uk|.");
    CHECK_STR(toks("(see https://en.wikipedia.org/wiki/A_(b)) ok"), "(|see|https://en.wikipedia.org/wiki/A_(b)|)|ok");
    CHECK_STR(toks("(https://x.org/a)"), "(|https://x.org/a|)");
    CHECK_STR(toks("Email jo.bloggs@council.gov.uk today"), "Email|jo.bloggs@council.gov.uk|today");
    CHECK_INT(flags_of("Email jo.bloggs@council.gov.uk.", "jo.bloggs@council.gov.uk"), TF_URLISH | TF_ASCII);
    CHECK_STR(toks("mary-jane_smith+x@mail.example.com."), "mary-jane_smith+x@mail.example.com|.");
    CHECK_STR(toks("Follow @NSPCC now"), "Follow|@NSPCC|now");
    CHECK_STR(toks("a @ b"), "a|@|b");
    CHECK_STR(toks("in /usr/share/hunspell today"), "in|/usr/share/hunspell|today");
    CHECK_STR(toks("at C:\\Users\\jo\\notes.txt."), "at|C:\\Users\\jo\\notes.txt|.");
    CHECK_STR(toks("see docs/notes.md and ~/x/y"), "see|docs/notes.md|and|~/x/y");
    CHECK_STR(toks("go to gov.uk/guidance now"), "go|to|gov.uk/guidance|now");
    CHECK_STR(toks("on example.org."), "on|example.org|.");
    CHECK_STR(toks("he/she"), "he|/|she");
    CHECK_STR(toks("home.Then"), "home|.|Then");
    CHECK_STR(toks("v1.2 of it"), "v1|.|2|of|it");
    CHECK_STR(toks("'www.x.com'"), "'|www.x.com|'");
    CHECK_STR(toks("“www.x.com”"), "“|www.x.com|”");
}

static void test_flags(void)
{
    CHECK_INT(flags_of("the Mum said", "Mum") & (TF_CAP | TF_ALLCAPS), TF_CAP);
    CHECK_INT(flags_of("the MASH team", "MASH") & (TF_CAP | TF_ALLCAPS), TF_CAP | TF_ALLCAPS);
    CHECK_INT(flags_of("a CP plan", "CP") & TF_ALLCAPS, TF_ALLCAPS);
    CHECK_INT(flags_of("the A team", "A") & TF_ALLCAPS, 0);
    CHECK_INT(flags_of("the A team", "A") & TF_CAP, TF_CAP);
    CHECK_INT(flags_of("the COVID-19 rules", "COVID-19"), TF_CAP | TF_ALLCAPS | TF_HYPHEN | TF_ASCII);
    CHECK_INT(flags_of("meet Élodie", "Élodie") & TF_CAP, TF_CAP);
    CHECK_INT(flags_of("meet élodie", "élodie") & TF_CAP, 0);
    CHECK_INT(flags_of("ÉTÉ", "ÉTÉ") & TF_ALLCAPS, TF_ALLCAPS);
    CHECK_INT(flags_of("it is ΕΛΛΑΔΑ", "ΕΛΛΑΔΑ") & TF_ALLCAPS, TF_ALLCAPS);
    CHECK_INT(flags_of("the SAFEGUARDING team", "SAFEGUARDING") & TF_ALLCAPS, TF_ALLCAPS);
    CHECK_INT(flags_of("the SAFEGUARDINg team", "SAFEGUARDINg") & TF_ALLCAPS, 0);
    CHECK_INT(flags_of("the ÉTÉs team", "ÉTÉs") & TF_ALLCAPS, 0);
    /* letters without case count towards neither */
    CHECK_INT(flags_of("the A東 team", "A東") & TF_ALLCAPS, 0);
    CHECK_INT(flags_of("the AB東 team", "AB東") & TF_ALLCAPS, TF_ALLCAPS);
    CHECK_INT(flags_of("a don't b", "don't"), TF_APOS | TF_ASCII);
    CHECK_INT(flags_of("a parents' b", "parents'"), TF_APOS | TF_ASCII);
    CHECK_INT(flags_of("a mother-in-law b", "mother-in-law"), TF_HYPHEN | TF_ASCII);
    CHECK_INT(flags_of("x the 3 cats", "3"), TF_ASCII | TF_ALNUM);
    /* TF_ALNUM: nothing but ASCII letters and digits, whatever follows */
    CHECK_INT(flags_of("the Year7 group", "Year7"), TF_CAP | TF_ASCII | TF_ALNUM);
    CHECK_INT(flags_of("Mum said, then", "said") & TF_ALNUM, TF_ALNUM);
    CHECK_INT(flags_of("at 3.30pm today", "3.30pm") & TF_ALNUM, 0);
    CHECK_INT(flags_of("e.g. this", "e.g.") & TF_ALNUM, 0);
    CHECK_INT(flags_of("the 1,200 pounds", "1,200") & TF_ALNUM, 0);
    CHECK_INT(flags_of("a café b", "café") & TF_ALNUM, 0);
    CHECK_INT(flags_of("a nai\xcc\x88ve b", "nai\xcc\x88ve") & TF_ALNUM, 0);   /* a combining mark */
    CHECK_INT(flags_of("a parents' b", "parents'") & TF_ALNUM, 0);
    CHECK_INT(flags_of("x www.x.com", "www.x.com"), TF_URLISH | TF_ASCII);
    /* TF_SENT_START: the first word-like token of each sentence */
    CHECK_INT(flags_of("\"Hello,\" she said. Then we left.", "Hello") & TF_SENT_START, TF_SENT_START);
    CHECK_INT(flags_of("\"Hello,\" she said. Then we left.", "\"") & TF_SENT_START, 0);
    CHECK_INT(flags_of("\"Hello,\" she said. Then we left.", "Then") & TF_SENT_START, TF_SENT_START);
    CHECK_INT(flags_of("\"Hello,\" she said. Then we left.", "she") & TF_SENT_START, 0);
    CHECK_INT(flags_of("3 children came. They left.", "3") & TF_SENT_START, TF_SENT_START);
    CHECK_INT(flags_of("3 children came. They left.", "They") & TF_SENT_START, TF_SENT_START);
}

static void test_sentences(void)
{
    /* titles */
    CHECK_STR(sents("Mr. Smith went home. He was tired."), "Mr. Smith went home. || He was tired.");
    CHECK_INT(nsents("Mrs. Jones, Dr. Patel, Ms. Khan, Mx. Lee and Prof. Brown met at St. Mary's."), 1);
    CHECK_INT(nsents("We saw Dr. Who. She was kind."), 2);
    /* abbreviations */
    CHECK_STR(sents("Use aids, e.g. Mum's plan. It works."), "Use aids, e.g. Mum's plan. || It works.");
    CHECK_INT(nsents("The dog, i.e. Rex, barked."), 1);
    CHECK_INT(nsents("He brought toys, books, etc. and games."), 1);
    CHECK_STR(sents("He brought toys, books, etc. The next day he left."),
              "He brought toys, books, etc. || The next day he left.");
    CHECK_INT(nsents("It took approx. 10 minutes."), 1);
    CHECK_INT(nsents("It took approx. Ten minutes."), 1);
    CHECK_INT(nsents("Case No. 12345 was closed."), 1);
    CHECK_INT(nsents("The answer was No. Then he left."), 2);
    CHECK_INT(nsents("See p. 12 for details."), 1);
    CHECK_INT(nsents("We met on Sept. 3 at home."), 1);
    CHECK_INT(nsents("We met in Jan. Then we left."), 2);
    CHECK_INT(nsents("Smith vs. Jones was heard. Smith v. Jones too."), 2);
    CHECK_INT(nsents("Call Tel. 0123 456 now."), 1);
    CHECK_INT(nsents("He works for Acme Ltd. and likes it."), 1);
    CHECK_INT(nsents("He works for Acme Ltd. He likes it."), 2);
    /* initials */
    CHECK_STR(sents("J. K. Rowling wrote it. Mary J. Smith agreed."), "J. K. Rowling wrote it. || Mary J. Smith agreed.");
    CHECK_INT(nsents("J.K. Rowling wrote it."), 1);
    CHECK_INT(nsents("She lives in the U.K. and works."), 1);
    CHECK_INT(nsents("É. Zola wrote it."), 1);
    /* decimals, times, dates */
    CHECK_STR(sents("The score was 3.5 out of 10. Then it rose."), "The score was 3.5 out of 10. || Then it rose.");
    CHECK_STR(sents("We met at 3.30pm. Then we left."), "We met at 3.30pm. || Then we left.");
    CHECK_INT(nsents("We met at 10.15 and left at 11.45."), 1);
    CHECK_STR(sents("Born on 10.03.2024 in Leeds. She is well."), "Born on 10.03.2024 in Leeds. || She is well.");
    CHECK_INT(nsents("We left at 9 a.m. and came back."), 1);
    CHECK_INT(nsents("We left at 9 a.m. Mary stayed."), 2);
    CHECK_INT(nsents("He was 5. Then 6."), 2);
    CHECK_INT(nsents("She is 14. she is tall."), 1);
    /* numbered list openers */
    CHECK_INT(nsents("1. Mary said she was scared."), 1);
    CHECK_INT(nsents("a. Mary said so."), 1);
    CHECK_INT(nsents("iv. The plan failed."), 1);
    CHECK_STR(sents("Actions:\n1. Mum will attend.\n2. Dad will call."),
              "Actions:\n1. Mum will attend. || 2. Dad will call.");
    CHECK_INT(nsents("He had 12. Mary had 3."), 2);
    CHECK_INT(nsents("1.1. To assess the risk we met."), 1);
    CHECK_INT(nsents("Intro\n2.3. The plan failed."), 1);
    CHECK_INT(nsents("It was seen in 2.3. The plan failed."), 2);
    CHECK_INT(nsents("See recommendation 7f) iii. is likely to apply."), 1);
    /* footnote numbers stuck to the end of a sentence */
    CHECK_STR(sents("It is a risk.28 The next one."), "It is a risk.28 || The next one.");
    CHECK_STR(sents("A “reasonable bet”.38 Then it came."), "A “reasonable bet”.38 || Then it came.");
    CHECK_STR(sents("He said “no.”12 Then left."), "He said “no.”12 || Then left.");
    CHECK_INT(nsents("It costs 3.28 pounds."), 1);
    CHECK_INT(nsents("See p.28 for more."), 1);
    /* ellipses */
    CHECK_INT(nsents("He waited... and then left."), 1);
    CHECK_STR(sents("He waited... Then he left."), "He waited... || Then he left.");
    CHECK_INT(nsents("He waited… then left."), 1);
    CHECK_STR(sents("He waited… Then he left."), "He waited… || Then he left.");
    CHECK_INT(nsents("He waited... 3 days."), 1);
    /* ! and ? */
    CHECK_STR(sents("Really?! Yes. What? No way!"), "Really?! || Yes. || What? || No way!");
    CHECK_INT(nsents("Why? because I said."), 1);
    /* quotes and brackets */
    CHECK_STR(sents("He said \"Stop.\" Then he left."), "He said \"Stop.\" || Then he left.");
    CHECK_STR(sents("He said “Stop.” Then he left."), "He said “Stop.” || Then he left.");
    CHECK_STR(sents("Mum said: 'We will go.' Dad agreed."), "Mum said: 'We will go.' || Dad agreed.");
    CHECK_STR(sents("Mum said: ‘We will go.’ Dad agreed."), "Mum said: ‘We will go.’ || Dad agreed.");
    CHECK_STR(sents("(See below.) Next we talk."), "(See below.) || Next we talk.");
    CHECK_STR(sents("We talked (at length). \"Then what?\" he asked."),
              "We talked (at length). || \"Then what?\" he asked.");
    CHECK_INT(nsents("\"Stop!\" Mary shouted."), 1);
    CHECK_INT(nsents("\"Stop!\" he said."), 1);
    CHECK_INT(nsents("\"I'm going.\" she said."), 1);
    CHECK_INT(nsents("He asked \"why?\" and left."), 1);
    CHECK_INT(nsents("Mr Smith (the father) attended. Mrs Smith did not."), 2);
    /* lower case after a full stop */
    CHECK_STR(sents("The meeting ended. mum went home."), "The meeting ended. || mum went home.");
    CHECK_INT(nsents("It was the CP. the end."), 1);
    CHECK_INT(nsents("It was 3 wks. before that."), 1);
    /* no whitespace, no split */
    CHECK_INT(nsents("This is the end.Next one."), 1);
    /* line breaks inside a paragraph do not end sentences */
    CHECK_INT(nsents("Line one\nline two\nline three."), 1);
    CHECK_STR(sents("Sarah is 14.\nShe attends school."), "Sarah is 14. || She attends school.");
    /* URLs and e-mail at the end of a sentence */
    CHECK_STR(sents("I visited www.example.com. It was down."), "I visited www.example.com. || It was down.");
    CHECK_STR(sents("Email jo@x.gov.uk. Then call."), "Email jo@x.gov.uk. || Then call.");
    /* a placeholder starts a sentence */
    CHECK_INT(nsents("Run it. \x1c    is the command."), 2);
    /* no terminal punctuation; trailing text after the last stop */
    CHECK_STR(sents("No terminal punctuation here"), "No terminal punctuation here");
    CHECK_STR(sents("One. Two"), "One. || Two");
    CHECK_STR(sents("---"), "---");
    CHECK_INT(nsents(""), 0);
    CHECK_INT(nsents("   "), 0);
    /* headings, list items, cells are at least one sentence */
    CHECK_STR(sents_k("Summary of concerns", BLK_HEADING), "Summary of concerns");
    CHECK_STR(sents_k("Mum will call daily", BLK_ITEM), "Mum will call daily");
    CHECK_STR(sents_k("Yes", BLK_CELL), "Yes");
    CHECK_STR(sents_k("Why we worry. What we do", BLK_HEADING), "Why we worry. || What we do");
    /* token indices */
    seg("One two. Three four five.");
    CHECK_INT(scratch.nsents, 2);
    CHECK_INT(scratch.sents[0].tok0, 0);
    CHECK_INT(scratch.sents[0].ntok, 3);
    CHECK_INT(scratch.sents[1].tok0, 3);
    CHECK_INT(scratch.sents[1].ntok, 4);
    CHECK_INT(scratch.sents[1].off, 9);
    CHECK_INT(scratch.sents[1].len, 16);
}

static void test_norm(void)
{
    CHECK_STR(norm("Don’t", 64), "don't");
    CHECK_STR(norm("DON\xca\xbcT", 64), "don't");
    CHECK_STR(norm("‘quoted’", 64), "'quoted'");
    CHECK_STR(norm("“x”", 64), "'x'");
    CHECK_STR(norm("É", 64), "é");
    CHECK_STR(norm("ZOË ÀÖØÞ", 64), "zoë àöøþ");
    CHECK_STR(norm("×÷", 64), "×÷");
    CHECK_STR(norm("ŴŶŁŒĲ", 64), "ŵŷłœĳ");
    CHECK_STR(norm("ĹĽŹŽŸİ", 64), "ĺľźžÿi");
    CHECK_STR(norm("ẀẂẄỲ", 64), "ẁẃẅỳ");
    CHECK_STR(norm("ΕΛΕΝΗ ИВАН Ёж", 64), "ελενη иван ёж");
    CHECK_STR(norm("well\xe2\x80\x90" "being a\xe2\x80\x93" "b c\xe2\x80\x94" "d", 64), "well-being a-b c-d");
    CHECK_STR(norm("MiXeD-Case", 64), "mixed-case");
    CHECK_STR(norm("東京👍", 64), "東京👍");
    CHECK_INT(norm_len("Don’t"), 5);
    CHECK_INT(norm_len("Élodie"), 7);
    /* truncation: whole code points, NUL-terminated, full length returned */
    CHECK_STR(norm("abcdef", 4), "abc");
    CHECK_STR(norm("ééé", 4), "é");
    CHECK_STR(norm("ééé", 5), "éé");
    CHECK_STR(norm("aé", 3), "a");
    CHECK_STR(norm("a’b", 3), "a'");
    CHECK_STR(norm("ABCDEFGHIJKL", 5), "abcd");
    CHECK_STR(norm("ABCDEFGHIJK’", 11), "abcdefghij");
    CHECK_STR(norm("ABCDEFGHIJK’", 13), "abcdefghijk'");
    {
        char out[4] = "zzz";
        token t = {0, 6, TOK_WORD, 0, 0};
        token_set_hash("ABCDEF", &t);
        CHECK_INT(token_norm("ABCDEF", &t, out, 4), 6);
        CHECK_INT(token_norm("ABCDEF", &t, out, 0), 6);
        CHECK_INT(token_norm("ABCDEF", &t, NULL, 0), 6);
        CHECK_STR(out, "abc");
        CHECK_INT(token_norm("ABCDEF", &t, out, 1), 6);
        CHECK_STR(out, "");
        t.len = 12;
        token_set_hash("ABCDEFGHIJKL", &t);
        CHECK_INT(token_norm("ABCDEFGHIJKL", &t, out, 4), 12);
        CHECK_STR(out, "abc");
        token_set_hash("ABCDEFGHIJK\xe2\x80\x99", &t);
        CHECK_INT(token_norm("ABCDEFGHIJK\xe2\x80\x99", &t, out, 4), 12);
        CHECK_STR(out, "abc");
    }
    /* a token inside a larger text */
    {
        const char *s = "I met SIÂN today";
        token t = {6, 5, TOK_WORD, 0, 0};
        token_set_hash(s, &t);
        char out[16];
        CHECK_INT(token_norm(s, &t, out, sizeof out), 5);
        CHECK_STR(out, "siân");
    }
}

static void build(document *d, markup *m, block *b, size_t n, const char *text)
{
    *m = (markup){(char *)text, 0, strlen(text), b, n, NULL, 0};
    document_build(d, m);
}

static void test_sections(void)
{
    const char *text = "xxxxxxxxxxxxxxxxxxxx";
    document d;
    markup m;
    /* P H1 P H2 P H2 P H1 P H3 P */
    block b[] = {
        {0, 1, BLK_PARA, 0, 0}, {1, 1, BLK_HEADING, 1, 0}, {2, 1, BLK_PARA, 0, 0},
        {3, 1, BLK_HEADING, 2, 0}, {4, 1, BLK_ITEM, 1, 0}, {5, 1, BLK_HEADING, 2, 0},
        {6, 1, BLK_CELL, 0, 0}, {7, 1, BLK_HEADING, 1, 0}, {8, 1, BLK_PARA, 0, 0},
        {9, 1, BLK_HEADING, 3, 0}, {10, 1, BLK_PARA, 0, 0},
    };
    build(&d, &m, b, ARRAY_LEN(b), text);
    CHECK_INT(d.nsections, 6);
    CHECK_INT(d.nblocks, 11);
    CHECK(d.text == text);
    CHECK_INT(d.sections[0].heading, NO_INDEX);
    CHECK_INT(d.sections[0].level, 0);
    CHECK_INT(d.sections[0].parent, NO_INDEX);
    CHECK_INT(d.sections[0].block0, 0);
    CHECK_INT(d.sections[0].nblocks, 1);
    CHECK_INT(d.sections[1].heading, 1);
    CHECK_INT(d.sections[1].level, 1);
    CHECK_INT(d.sections[1].parent, NO_INDEX);
    CHECK_INT(d.sections[1].block0, 1);
    CHECK_INT(d.sections[1].nblocks, 6);
    CHECK_INT(d.sections[2].heading, 3);
    CHECK_INT(d.sections[2].parent, 1);
    CHECK_INT(d.sections[2].nblocks, 2);
    CHECK_INT(d.sections[3].heading, 5);
    CHECK_INT(d.sections[3].parent, 1);
    CHECK_INT(d.sections[3].block0, 5);
    CHECK_INT(d.sections[3].nblocks, 2);
    CHECK_INT(d.sections[4].heading, 7);
    CHECK_INT(d.sections[4].parent, NO_INDEX);
    CHECK_INT(d.sections[4].nblocks, 4);
    CHECK_INT(d.sections[5].heading, 9);
    CHECK_INT(d.sections[5].level, 3);
    CHECK_INT(d.sections[5].parent, 4);
    CHECK_INT(d.sections[5].nblocks, 2);
    size_t want[] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5};
    for (size_t i = 0; i < ARRAY_LEN(want); i++)
        CHECK_INT(d.block_section[i], want[i]);
    document_release(&d);
    CHECK(d.sections == NULL && d.block_section == NULL);

    /* no headings: the preamble holds everything */
    block p[] = {{0, 1, BLK_PARA, 0, 0}, {2, 1, BLK_PARA, 0, 0}};
    build(&d, &m, p, 2, text);
    CHECK_INT(d.nsections, 1);
    CHECK_INT(d.sections[0].nblocks, 2);
    CHECK_INT(d.block_section[1], 0);
    document_release(&d);

    /* heading first: the preamble is present and empty; skipped levels */
    block h[] = {{0, 1, BLK_HEADING, 1, 0}, {1, 1, BLK_HEADING, 3, 0}, {2, 1, BLK_HEADING, 2, 0},
                 {3, 1, BLK_PARA, 0, 0}, {4, 1, BLK_HEADING, 0, 0}};
    build(&d, &m, h, ARRAY_LEN(h), text);
    CHECK_INT(d.nsections, 5);
    CHECK_INT(d.sections[0].nblocks, 0);
    CHECK_INT(d.sections[0].block0, 0);
    CHECK_INT(d.sections[1].nblocks, 4);
    CHECK_INT(d.sections[2].level, 3);
    CHECK_INT(d.sections[2].parent, 1);
    CHECK_INT(d.sections[2].nblocks, 1);
    CHECK_INT(d.sections[3].level, 2);
    CHECK_INT(d.sections[3].parent, 1);
    CHECK_INT(d.sections[3].nblocks, 2);
    CHECK_INT(d.block_section[3], 3);
    CHECK_INT(d.sections[4].level, 1); /* level 0 is read as 1 */
    CHECK_INT(d.sections[4].parent, NO_INDEX);
    CHECK_INT(d.block_section[4], 4);
    document_release(&d);

    /* no blocks at all */
    build(&d, &m, NULL, 0, "");
    CHECK_INT(d.nsections, 1);
    CHECK_INT(d.sections[0].nblocks, 0);
    segment_block(&d, 0, &scratch); /* out of range: empty */
    CHECK_INT(scratch.ntoks, 0);
    CHECK_INT(scratch.nsents, 0);
    document_release(&d);
}

/* Several blocks of one text; tokens stay inside their block. */
static void test_blocks(void)
{
    const char *text = "# Title here\n\nFirst para. Second one.\n\n- item one";
    block b[] = {{2, 10, BLK_HEADING, 1, 0}, {14, 23, BLK_PARA, 0, 0}, {41, 8, BLK_ITEM, 1, 0}};
    document d;
    markup m;
    build(&d, &m, b, 3, text);
    segment_block(&d, 1, &scratch);
    CHECK_INT(scratch.ntoks, 6);
    CHECK_INT(scratch.nsents, 2);
    CHECK_INT(scratch.toks[0].off, 14);
    segment_block(&d, 0, &scratch);
    CHECK_INT(scratch.ntoks, 2);
    CHECK_INT(scratch.nsents, 1);
    CHECK_INT(scratch.sents[0].off, 2);
    CHECK_INT(scratch.sents[0].len, 10);
    segment_block(&d, 2, &scratch);
    CHECK_INT(scratch.ntoks, 2);
    CHECK_INT(scratch.toks[1].off + scratch.toks[1].len, 49);
    document_release(&d);
}

/* Once warm, segmenting a smaller block allocates nothing. */
static void test_scratch_reuse(void)
{
    seg("A few words here. And a second sentence too. And a third.");
    token *t = scratch.toks;
    sentence *s = scratch.sents;
    size_t tc = scratch.toks_cap, sc = scratch.sents_cap;
    seg("Short. One.");
    CHECK(scratch.toks == t && scratch.sents == s);
    CHECK_INT(scratch.toks_cap, tc);
    CHECK_INT(scratch.sents_cap, sc);
}

/* Pathological sizes: a 1 MB line of words and dots, a 100 kB word. */
static void test_large(void)
{
    size_t n = 1 << 20;
    char *big = xmalloc(n + 1);
    for (size_t i = 0; i < n; i++)
        big[i] = "ab.cd."[i % 6];
    big[n] = 0;
    seg(big);
    CHECK(scratch.ntoks > n / 4);
    CHECK_INT(scratch.nsents, 1);
    for (size_t i = 0; i < n; i++)
        big[i] = "a."[i % 2];
    seg(big);
    CHECK_INT(scratch.ntoks, 1);
    for (size_t i = 0; i < n; i++)
        big[i] = "x@y."[i % 4];
    seg(big);
    CHECK(scratch.ntoks >= 1);
    for (size_t i = 0; i < n; i++)
        big[i] = "Mr. X. "[i % 7];
    seg(big);
    CHECK_INT(scratch.nsents, 1);
    for (size_t i = 0; i < n; i++)
        big[i] = "a/b("[i % 4];
    seg(big);
    CHECK_INT(scratch.ntoks, n / 4 * 4);
    memset(big, 'w', 100000);
    big[100000] = 0;
    seg(big);
    CHECK_INT(scratch.ntoks, 1);
    CHECK_INT(scratch.toks[0].len, 100000);
    for (size_t i = 0; i < 100000; i++)
        big[i] = "ab-"[i % 3];
    big[99999] = 'b';
    seg(big);
    CHECK_INT(scratch.ntoks, 1);
    free(big);
}

/* Random documents built from tricky fragments. */
static const char *const frags[] = {
    "Mr", ".", " ", " ", " ", "\n", "e.g.", "3.30pm", "'", "’", "‘", "“", "”", "\"", "…", "...",
    "www.x.com", "a@b.co", "👍🏽", "é", "\xcc\x88", "\x1c", "\x1a", "-", "--", "?", "!", "(", ")",
    "Ó", "word", "Word", "WORD", "s", "1", "10", ",", "/", "\\", "@", "~/", "\xc2\xa0", "\t",
    "\xe2\x80\x89", "Zoë", "don't", "parents'", "£", "%", "J", "i.e", "http://", ":", "\xe2\x80\x90",
    "\xe2\x80\x8d", "🇬", "東", "\r\n", "etc", "No", "a.m.", "St", "\xca\xbc", "C:\\", ".md",
};

static uint32_t rng_state = 12345;
static uint32_t rnd(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

static int is_space_cp(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x2009;
}

/* The token's hash and TF_ASCII are as segment.h states: as token_set_hash
 * sets them for words and numbers, and for an ASCII one the key hash of its
 * normalised form; 0 and clear for other tokens. */
static int hash_ok(const char *text, const token *t)
{
    if (t->kind != TOK_WORD && t->kind != TOK_NUMBER)
        return t->hash == 0 && !(t->flags & TF_ASCII);
    token u = *t;
    u.hash = 0;
    u.flags = (uint8_t)(u.flags ^ TF_ASCII);
    token_set_hash(text, &u);
    if (u.hash != t->hash || u.flags != t->flags)
        return 0;
    int ascii = 1;
    for (size_t i = 0; i < t->len; i++)
        ascii &= (unsigned char)text[t->off + i] < 0x80;
    if (ascii != !!(t->flags & TF_ASCII))
        return 0;
    if (!ascii)
        return 1;
    char w[256];
    size_t n = token_norm(text, t, w, sizeof w);
    uint64_t any;
    return n >= sizeof w || sk_word_hash((const unsigned char *)w, n, 0, &any) == t->hash;
}

static void test_hash(void)
{
    const char *text = "The the THE Élodie élodie, mother-in-law 3.30pm http://x.org/Y";
    seg(text);
    CHECK_INT(scratch.ntoks, 9);
    for (size_t i = 0; i < scratch.ntoks; i++)
        CHECK(hash_ok(text, &scratch.toks[i]));
    CHECK(scratch.toks[0].hash == scratch.toks[1].hash);
    CHECK(scratch.toks[1].hash == scratch.toks[2].hash);
    CHECK(scratch.toks[0].hash != scratch.toks[6].hash);
    CHECK_INT(scratch.toks[0].flags & TF_ASCII, TF_ASCII);
    CHECK_INT(scratch.toks[3].flags & TF_ASCII, 0);
    CHECK_INT(scratch.toks[4].flags & TF_ASCII, 0);
    CHECK_INT(scratch.toks[5].kind, TOK_PUNCT);
    CHECK_INT(scratch.toks[5].flags & TF_ASCII, 0);
    CHECK_INT(scratch.toks[7].flags & TF_ASCII, TF_ASCII);
    CHECK_INT(scratch.toks[8].flags, TF_URLISH | TF_ASCII);
}

static void test_random(void)
{
    char text[4096];
    int bad = 0;
    for (int iter = 0; iter < 3000 && !bad; iter++) {
        size_t n = 0, nf = 1 + rnd() % 120;
        for (size_t f = 0; f < nf; f++) {
            const char *s = frags[rnd() % ARRAY_LEN(frags)];
            size_t l = strlen(s);
            if (n + l >= sizeof text)
                break;
            memcpy(text + n, s, l);
            n += l;
        }
        text[n] = 0;
        /* one to three blocks over the text, split at code point starts */
        block b[3];
        size_t nb = 0, at = 0;
        while (at < n && nb < 3) {
            size_t e = nb == 2 ? n : at + rnd() % (n - at + 1);
            while (e < n && ((unsigned char)text[e] & 0xC0) == 0x80)
                e++;
            b[nb++] = (block){at, e - at, (block_kind)(rnd() % 4), 1, 0};
            at = e;
        }
        markup m = {text, 0, n, b, nb, NULL, 0};
        document d;
        document_build(&d, &m);
        for (size_t k = 0; k < nb && !bad; k++) {
            segment_block(&d, k, &scratch);
            size_t bs = b[k].off, be = b[k].off + b[k].len;
            size_t prev_end = bs;
            char *covered = calloc(n + 1, 1);
            for (size_t i = 0; i < scratch.ntoks; i++) {
                const token *t = &scratch.toks[i];
                if (t->len == 0 || t->off < prev_end || t->off + t->len > be)
                    bad = 1;
                if (((unsigned char)text[t->off] & 0xC0) == 0x80)
                    bad = 1;
                if (t->off + t->len < be && ((unsigned char)text[t->off + t->len] & 0xC0) == 0x80)
                    bad = 1;
                if (t->kind == TOK_OPAQUE && t->len != 1)
                    bad = 1;
                if (!hash_ok(text, t))
                    bad = 1;
                memset(covered + t->off, 1, t->len);
                prev_end = t->off + t->len;
            }
            /* every byte not in a token is whitespace */
            for (size_t i = bs; i < be && !bad;) {
                if (covered[i]) {
                    i++;
                    continue;
                }
                uint32_t cp;
                size_t l = utf8_decode((const unsigned char *)text + i, be - i, &cp);
                if (!l || !is_space_cp(cp))
                    bad = 1;
                i += l ? l : 1;
            }
            free(covered);
            /* sentences partition the tokens */
            size_t next = 0;
            for (size_t s = 0; s < scratch.nsents; s++) {
                const sentence *se = &scratch.sents[s];
                if (se->tok0 != next || se->ntok == 0)
                    bad = 1;
                else {
                    const token *a = &scratch.toks[se->tok0], *z = &scratch.toks[se->tok0 + se->ntok - 1];
                    if (se->off != a->off || se->len != z->off + z->len - a->off)
                        bad = 1;
                    int starts = 0;
                    for (size_t i = se->tok0; i < se->tok0 + se->ntok; i++)
                        starts += (scratch.toks[i].flags & TF_SENT_START) != 0;
                    if (starts > 1)
                        bad = 1;
                }
                next = se->tok0 + se->ntok;
            }
            if (next != scratch.ntoks || (scratch.ntoks > 0) != (scratch.nsents > 0))
                bad = 1;
            if (bad)
                fprintf(stderr, "random: invariant broken on block %zu of \"%s\"\n", k, text);
        }
        document_release(&d);
    }
    CHECK(!bad);
}

int main(void)
{
    test_words();
    test_urls();
    test_flags();
    test_hash();
    test_sentences();
    test_norm();
    test_sections();
    test_blocks();
    test_scratch_reuse();
    test_large();
    test_random();
    seg_scratch_release(&scratch);
    return TEST_DONE();
}
