/* test_statement.c — the statement analysis (statement.c): lexicon loading,
 * headings and labels, and the facts found in danger statements, safety
 * goals, harm statements and scaling lines, on text segmented by segment.c. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>
#include "statement.h"
#include "lint.h"
#include "pack.h"

static stmt_lexicon *lx;
static stmt_memory mem;

/* Segment text as one paragraph (or one heading) and hand its tokens to fn. */
typedef struct {
    markup m;
    document d;
    seg_scratch s;
} seg;

static void seg_init(seg *g, const char *text, block_kind kind)
{
    memset(g, 0, sizeof *g);
    static block blk;
    blk = (block){0, strlen(text), kind, kind == BLK_HEADING ? 2 : 0, 0};
    g->m.plain = (char *)text;
    g->m.len = strlen(text);
    g->m.blocks = &blk;
    g->m.nblocks = 1;
    document_build(&g->d, &g->m);
    segment_block(&g->d, 0, &g->s);
}

static void seg_release(seg *g)
{
    seg_scratch_release(&g->s);
    document_release(&g->d);
}

static unsigned facts(const char *text, int prior, stmt_facts *out)
{
    seg g;
    seg_init(&g, text, BLK_PARA);
    stmt_analyse(lx, &mem, text, g.s.toks, g.s.ntoks, prior, out);
    seg_release(&g);
    return out->flags;
}

static unsigned F(const char *text)
{
    stmt_facts f;
    return facts(text, 0, &f);
}

static stmt_type heading(const char *text)
{
    seg g;
    seg_init(&g, text, BLK_HEADING);
    stmt_type t = stmt_heading(lx, text, g.s.toks, g.s.ntoks);
    seg_release(&g);
    return t;
}

static stmt_type label(const char *text, const char **rest)
{
    seg g;
    seg_init(&g, text, BLK_PARA);
    size_t body = 0;
    stmt_type t = stmt_label(lx, text, g.s.toks, g.s.ntoks, &body);
    *rest = t != STMT_NONE ? text + g.s.toks[body].off : NULL;
    seg_release(&g);
    return t;
}

#define HAS(fl, bit) (((fl) & (bit)) != 0)

static void test_headings(void)
{
    CHECK_INT(heading("Danger statements"), STMT_DANGER);
    CHECK_INT(heading("2. Worry statement for Ruby"), STMT_DANGER);
    CHECK_INT(heading("What are we worried about?"), STMT_DANGER);
    CHECK_INT(heading("Safety goals"), STMT_SAFETY);
    CHECK_INT(heading("Wellbeing goal"), STMT_SAFETY);
    CHECK_INT(heading("Past harm"), STMT_HARM);
    CHECK_INT(heading("Harm"), STMT_HARM);
    CHECK_INT(heading("Safety scale"), STMT_SCALE);
    CHECK_INT(heading("Scaling"), STMT_SCALE);
    CHECK_INT(heading("Family history"), STMT_OTHER);
    CHECK_INT(heading("What is working well"), STMT_OTHER);
    CHECK_INT(heading("Family time"), STMT_NONE);
    CHECK_INT(heading("Danger statements and all the other things we thought about this week"), STMT_NONE);

    const char *rest;
    CHECK_INT(label("Danger statement: Tom is worried.", &rest), STMT_DANGER);
    CHECK(rest && strncmp(rest, "Tom", 3) == 0);
    CHECK_INT(label("Safety goal 2: Kev will walk Ruby to school.", &rest), STMT_SAFETY);
    CHECK(rest && strncmp(rest, "Kev", 3) == 0);
    CHECK_INT(label("Danger statements are hard to write.", &rest), STMT_NONE);
    CHECK_INT(label("Scaling: 4", &rest), STMT_NONE);
}

static void test_who(void)
{
    stmt_facts f;
    CHECK(HAS(F("Tom is worried that Kev throws things."), SF_WHO));
    CHECK(HAS(F("Nadia, the school nurse, and Tom, the social worker, are worried that Kev shouts."), SF_WHO));
    CHECK(HAS(F("The school and the police are worried that Kev drives after drinking."), SF_WHO));
    CHECK(HAS(F("Child Safety and Sue are worried that Kev hits Ruby."), SF_WHO));
    CHECK(HAS(F("Aunt Jo and the health visitor are worried that Shannon sleeps all day."), SF_WHO));
    CHECK(HAS(F("I am worried that Kev leaves Ruby alone."), SF_WHO));
    CHECK(HAS(F("Concerns have been raised by the school that Kev hits Ruby."), SF_WHO));
    CHECK(HAS(F("Ruby could be hurt because Kev hits her when he drinks, and Tom is worried."), SF_WHO));
    CHECK(HAS(F("Workers at the nursery have noticed that Kev smells of alcohol when he collects Ruby, "
                "and are worried that he could crash the car."), SF_WHO));

    CHECK(!HAS(facts("We are worried that Darren has a chaotic lifestyle.", 0, &f), SF_WHO));
    CHECK_STR(f.vague, "we");
    CHECK(HAS(f.flags, SF_WORRY_EXPR));
    CHECK(!HAS(facts("There are concerns that Kev's anger could affect the children.", 0, &f), SF_WHO));
    CHECK_STR(f.vague, "there");
    CHECK(!HAS(F("Everyone is worried about Kev."), SF_WHO));
    CHECK(!HAS(F("Concerns have been raised about Kev's drinking."), SF_WHO));
    CHECK(!HAS(facts("Ruby could be hit by something Kev throws.", 0, &f), SF_WHO));
    CHECK(!HAS(f.flags, SF_WORRY_EXPR));
    /* "they" names the people of the sentence or the paragraph before */
    CHECK(HAS(F("Grandad Bill and the social worker know Leanne tries hard. They are still worried "
                "that Leanne leaves Chloe with neighbours."), SF_WHO));
    CHECK(!HAS(F("They are worried that Leanne leaves Chloe with neighbours."), SF_WHO));
    CHECK(HAS(facts("They are worried that Leanne leaves Chloe with neighbours.", 1, &f), SF_WHO));
    /* a child who could be worried is what might happen, not who is worried */
    CHECK(!HAS(F("Ruby could be worried and scared."), SF_WORRY_EXPR));
}

static void test_what(void)
{
    stmt_facts f;
    CHECK(HAS(F("Tom is worried that when Kev gets angry he throws things across the room."), SF_WHAT));
    CHECK(HAS(F("Aunt Jo is worried that Shannon sometimes falls asleep and leaves baby Max in his cot."), SF_WHAT));
    CHECK(HAS(F("Ms Patel is worried that Darren keeps taking Callum to his friend's flat."), SF_WHAT));
    CHECK(HAS(F("Sue is worried that when Paul drinks too much he does not get up to take the girls to school."), SF_WHAT));
    CHECK(HAS(F("Tom is worried that Kev is drinking every night."), SF_WHAT));
    CHECK(HAS(F("Tom is worried that Leanne locks Chloe in her room."), SF_WHAT));   /* unlisted verb */

    CHECK(!HAS(facts("The health visitor is worried about Shannon's mental health.", 0, &f), SF_WHAT));
    CHECK_STR(f.label, "mental health");
    CHECK(!HAS(facts("We are worried that Darren has a chaotic lifestyle.", 0, &f), SF_WHAT));
    CHECK_STR(f.label, "chaotic lifestyle");
    CHECK(!HAS(F("Tom is worried that Shannon is depressed."), SF_WHAT));
    CHECK(!HAS(F("Tom is worried about domestic abuse and neglect."), SF_WHAT));
    CHECK(!HAS(F("Tom is worried that Kev is in denial about his alcohol misuse."), SF_WHAT));
    CHECK(!HAS(F("There are concerns that Kev's anger could have an impact on the children."), SF_WHAT));
    CHECK(!HAS(F("Tom is worried that Ruby and Sami could be badly hurt."), SF_WHAT));
    CHECK(!HAS(F("Tom is worried that Kev struggles with his mental health."), SF_WHAT));
}

static void test_worry(void)
{
    CHECK(HAS(F("Tom is worried that Kev throws things, and Ruby and Sami could be hit."), SF_WORRY));
    CHECK(HAS(F("Sue is worried that Shannon leaves baby Max alone, so Max could become ill."), SF_WORRY));
    CHECK(HAS(F("Tom is worried that Kev shouts and the children might be scared."), SF_WORRY));
    CHECK(HAS(F("Tom is worried that Kev drinks, and if this keeps happening Ruby will miss school."), SF_WORRY));
    CHECK(HAS(F("Sue is worried that Kev drinks and this could mean Ruby goes hungry."), SF_WORRY));
    CHECK(!HAS(F("Tom is worried that Kev throws things across the room when he is angry."), SF_WORRY));
    CHECK(!HAS(F("The health visitor is worried about Shannon's mental health."), SF_WORRY));
    /* an adult who "could" is not a child who could be hurt */
    CHECK(!HAS(F("Tom is worried that Kev throws things. Kev could lose his job."), SF_WORRY));
    CHECK(!HAS(F("Kev will not throw things."), SF_WORRY));
    CHECK(HAS(F("Sue is worried that Kev drinks and drives, and he could crash the car with Ruby in it."), SF_WORRY));
    CHECK(HAS(F("Sue is worried that Shannon uses heroin, and it could be dangerous for the baby."), SF_WORRY));
}

static void test_goals(void)
{
    stmt_memory_release(&mem);   /* no names known from the tests before */
    unsigned g = F("Kev will not throw things.");
    CHECK(HAS(g, SF_ABSENCE) && !HAS(g, SF_OBSERVABLE) && !HAS(g, SF_TIMESCALE) && HAS(g, SF_DOER));
    g = F("Shannon will engage with mental health services.");
    CHECK(HAS(g, SF_SERVICE) && !HAS(g, SF_OBSERVABLE) && HAS(g, SF_DOER));
    g = F("Kev will attend a parenting course and provide negative drug tests.");
    CHECK(HAS(g, SF_SERVICE) && !HAS(g, SF_OBSERVABLE));
    g = F("Shannon will make sure Max is fed and changed every few hours.");
    CHECK(HAS(g, SF_OBSERVABLE) && !HAS(g, SF_TIMESCALE));
    g = F("Over the next four months, Kev and Tom will see that when Kev starts to feel angry he goes out "
          "for a walk.");
    CHECK(HAS(g, SF_OBSERVABLE) && HAS(g, SF_TIMESCALE) && HAS(g, SF_DOER));
    g = F("Kev will stop arguing and will sort out disagreements calmly every day for twelve weeks.");
    CHECK(HAS(g, SF_OBSERVABLE) && HAS(g, SF_ABSENCE) && HAS(g, SF_TIMESCALE));
    g = F("The children will be safe.");
    CHECK(!HAS(g, SF_DOER) && !HAS(g, SF_OBSERVABLE));
    CHECK(!HAS(F("The children will be fed and taken to school every day."), SF_DOER));
    CHECK(HAS(F("Max will be fed by Shannon and Aunt Jo."), SF_DOER));
    CHECK(!HAS(F("Ruby and Sami will feel safe at home."), SF_DOER));
    CHECK(HAS(F("Kev will show he can stay calm when Ruby is upset, for the next 12 weeks."), SF_DOER));
    CHECK(HAS(F("Every day Aunt Jo comes round when Shannon has taken her tablets."), SF_DOER));
    CHECK(!HAS(F("Kev will make sure the children are safe."), SF_OBSERVABLE));
    CHECK(HAS(F("Until Christmas, Shannon will take Max to nursery."), SF_TIMESCALE));
    CHECK(HAS(F("By March, Kev will walk Ruby to school."), SF_TIMESCALE));
    CHECK(HAS(F("For the next six months Kev will cook tea."), SF_TIMESCALE));
    CHECK(HAS(F("Kev will collect Ruby from school until 31/07/2025."), SF_TIMESCALE));
    CHECK(!HAS(F("Kev will go for a walk when he feels angry."), SF_TIMESCALE));
    CHECK(!HAS(F("Kev will collect Ruby every morning."), SF_TIMESCALE));
    /* a name learnt as a child's does not count as an adult doing the goal */
    F("Sue is worried that Shannon leaves baby Lily in her cot.");
    CHECK(!HAS(F("Lily will be fed and changed."), SF_DOER));
}

static void test_harm_and_scale(void)
{
    unsigned h = F("Matt hit Adam last night on the face and back, leaving bruises.");
    CHECK(HAS(h, SF_WHAT) && HAS(h, SF_PAST_ACT) && HAS(h, SF_WHEN) && !HAS(h, SF_MODAL));
    h = F("Adam was hit by Matt on 3 May 2024.");
    CHECK(HAS(h, SF_WHAT) && HAS(h, SF_PAST_ACT) && HAS(h, SF_WHEN));
    h = F("There was an incident of domestic violence.");
    CHECK(!HAS(h, SF_WHAT) && !HAS(h, SF_WHEN));
    h = F("Adam could be hurt.");
    CHECK(HAS(h, SF_MODAL) && !HAS(h, SF_PAST_ACT));

    unsigned s = F("On a scale of 0 to 10, where 10 means Ruby is safe at home and 0 means she cannot "
                   "live there, Tom said 4.");
    CHECK(HAS(s, SF_ZERO) && HAS(s, SF_TEN));
    s = F("Tom said 4 out of 10 and Kev said 7.");
    CHECK(!HAS(s, SF_ZERO) && !HAS(s, SF_TEN));
    s = F("0 = we would take Ruby into care; 10 - everyone is sure Ruby is safe.");
    CHECK(HAS(s, SF_ZERO) && HAS(s, SF_TEN));
}

static void test_lexicon_errors(void)
{
    lint_error err = {0};
    const char *bad = "worry: [fret]\nwories: [x]\n";
    ynode *root = ynode_parse("l.yml", bad, strlen(bad), &err);
    CHECK(root != NULL);
    stmt_words w = {0};
    CHECK_INT(stmt_words_read(&w, root, &err), -1);
    CHECK(strstr(err.msg, "l.yml:2:1") != NULL);
    CHECK(strstr(err.msg, "worry") != NULL);   /* did you mean */
    stmt_words_release(&w);
    ynode_free(root);

    /* an added word works like a built-in one */
    err_clear(&err);
    const char *add = "worry: [fret]\n";
    root = ynode_parse("l.yml", add, strlen(add), &err);
    CHECK_INT(stmt_words_read(&w, root, &err), 0);
    CHECK(!HAS(F("Tom frets that Kev hits Ruby."), SF_WHO));
    stmt_lexicon_add(lx, &w);
    CHECK(HAS(F("Tom frets that Kev hits Ruby."), SF_WHO));
    stmt_words_release(&w);
    ynode_free(root);
}

/* Every match of set at token 0 of text, as "id/ntok;" pairs. */
static int note(size_t id, size_t ntok, void *arg)
{
    buf_printf(arg, "%zu/%zu;", id, ntok);
    return 0;
}

static void matches(const phrase_set *set, const char *text, buf *out)
{
    seg g;
    seg_init(&g, text, BLK_PARA);
    buf_clear(out);
    phrase_set_each(set, text, g.s.toks, g.s.ntoks, 0, note, out);
    seg_release(&g);
}

/* The lexicon the build made is the set of dictionaries/statements.yml:
 * every word there (and an inflection) matches the same in both. */
static void test_builtin_lexicon(void)
{
    const embedded_file *f = embedded_find("dictionaries/statements.yml");
    CHECK(f != NULL);
    if (!f)
        return;
    lint_error err = {0};
    ynode *root = ynode_parse(f->name, f->data, f->len, &err);
    stmt_words w = {0};
    CHECK(root && stmt_words_read(&w, root, &err) == 0);
    ynode_free(root);
    phrase_set *built = stmt_words_set(&w);
    CHECK(w.n > 500);
    CHECK_INT(embedded_lexicon.nents, built->nents);
    size_t differ = 0;
    buf a, b;
    buf_init(&a);
    buf_init(&b);
    for (size_t i = 0; i < w.n; i++) {
        char text[256];
        for (int form = 0; form < 2; form++) {
            snprintf(text, sizeof text, form ? "%ss and more" : "%s and more", w.phrase[i]);
            matches(&embedded_lexicon, text, &a);
            matches(built, text, &b);
            differ += a.len != b.len || (a.len && strcmp(a.data, b.data) != 0);
        }
    }
    CHECK_INT(differ, 0);
    buf_release(&a);
    buf_release(&b);
    phrase_set_free(built);
    stmt_words_release(&w);
}

/* ---- the rule kind, through the linter ------------------------------------ */

extern const rule_kind kind_statement;

/* Compile a statement rule from YAML; returns the error message ("" if none). */
static const char *compile(const char *yaml)
{
    static lint_error err;
    err_clear(&err);
    ynode *def = ynode_parse("p.yml", yaml, strlen(yaml), &err);
    if (!def)
        return err.msg;
    rule r = {0};
    r.id = "p.x";
    pack_env env = {0};
    if (kind_statement.compile(&r, def, &env, &err) == 0)
        kind_statement.free_rule(&r);
    ynode_free(def);
    return err.set ? err.msg : "";
}

static void test_compile(void)
{
    CHECK_STR(compile("check: danger.who\n"), "");
    CHECK_STR(compile("check: count\nmax: 2\n"), "");
    CHECK(strstr(compile("check: danger.woh\n"), "p.yml:1:8: error: unknown check 'danger.woh'; did you "
                                               "mean 'danger.who'?") != NULL);
    CHECK(strstr(compile("kind: statement\n"), "has no 'check'") != NULL);
    CHECK(strstr(compile("check: count\nmax: 2.5\n"), "p.yml:2:6: error: max must be a whole number") != NULL);
    CHECK(strstr(compile("check: danger.who\nlexicon: {peeple: [x]}\n"), "did you mean 'people'") != NULL);
    /* a built-in pack has no directory to read a lexicon file from */
    CHECK(strstr(compile("check: danger.who\nlexicon: words.yml\n"), "cannot name a lexicon file") != NULL);
}

static linter *lt;

/* Lint text with the five statement packs; returns the findings as
 * "line:rule" lines, e.g. "3:danger-statement.who\n". */
static char *lint(const char *text, lint_syntax syntax)
{
    lint_result res;
    linter_check(lt, syntax == LINT_SYNTAX_TEXT ? "t.txt" : "t.md", (const unsigned char *)text,
                 strlen(text), syntax, &res);
    buf b;
    buf_init(&b);
    for (size_t i = 0; i < res.ndiags; i++)
        buf_printf(&b, "%zu:%s\n", (size_t)res.diags[i].line, res.diags[i].rule);
    lint_result_release(&res);
    return buf_steal(&b);
}

#define LINTS(text, want) do { \
    char *got_ = lint(text, LINT_SYNTAX_MARKDOWN); CHECK_STR(got_, want); free(got_); \
} while (0)

static void test_kind(void)
{
    lint_config cfg;
    config_defaults(&cfg);
    static const char *const packs[] = {"danger-statement", "safety-goal", "harm-statement", "scale",
                                        "statement"};
    cfg.packs = xmalloc(sizeof packs);
    for (size_t i = 0; i < 5; i++)
        cfg.packs[i] = xstrdup(packs[i]);
    cfg.npacks = 5;
    lint_error err = {0};
    lt = linter_new(&cfg, &err);
    CHECK(lt != NULL);
    if (!lt) {
        fprintf(stderr, "%s\n", err.msg);
        config_release(&cfg);
        return;
    }
    /* outside a statement section nothing is checked */
    LINTS("# Notes\n\nWe are worried about Kev.\n", "");
    /* a label makes a statement anywhere; statement.unpaired points at it */
    LINTS("# Notes\n\nDanger statement: We are worried about Kev.\n",
          "3:statement.unpaired\n3:danger-statement.what\n3:danger-statement.who\n3:danger-statement.worry\n");
    /* a bold line opens a section until the next bold line */
    LINTS("**Danger statements**\n\nTom is worried that Kev hits Ruby, and Ruby could be hurt.\n\n"
          "**Family time**\n\nWe are worried about family time.\n\n"
          "**Safety goals**\n\nUntil June, Kev will walk Ruby to school.\n", "");
    /* an unknown sub-heading stays in the section; "Complicating factors" ends it */
    LINTS("## Danger statements\n\n### For Ruby\n\nWe are worried that Kev hits Ruby, and Ruby could be hurt.\n\n"
          "### Complicating factors\n\nWe are worried about money.\n",
          "1:statement.unpaired\n5:danger-statement.who\n");
    /* honouring context joins the statement after it (its behaviour counts);
     * an introduction ending in ':' is neither; a context paragraph at the
     * end stands alone */
    LINTS("## Danger statements\n\nThese are our worries:\n\n"
          "Kev has stopped drinking since May and takes Ruby to school.\n\n"
          "Tom is worried that Ruby could be hurt.\n\n"
          "Shannon has worked hard this year.\n\n"
          "## Safety goals\n\n- Until June, Kev will walk Ruby to school.\n"
          "- Until June, Kev will cook tea.\n",
          "9:danger-statement.who\n9:danger-statement.worry\n");
    /* more than three danger statements; a list item is one statement */
    LINTS("## Danger statements\n\n"
          "- Tom is worried that Kev hits Ruby, and Ruby could be hurt.\n"
          "- Tom is worried that Kev hits Sami, and Sami could be hurt.\n"
          "- Tom is worried that Kev hits Max, and Max could be hurt.\n"
          "- Tom is worried that Kev hits Lily, and Lily could be hurt.\n",
          "1:statement.unpaired\n6:statement.count\n");
    /* harm and scaling */
    LINTS("## Harm\n\nLast night Matt hit Adam on the face.\n\nAdam could be hurt.\n\n"
          "## Scaling\n\nTom said 4.\n",
          "5:harm-statement.future\n7:scale.anchors\n");
    /* plain text: a short line ending in ':' is a heading */
    char *got = lint("Danger statements:\n\nWe are worried about Kev.\n", LINT_SYNTAX_TEXT);
    CHECK_STR(got, "1:statement.unpaired\n3:danger-statement.what\n3:danger-statement.who\n"
                   "3:danger-statement.worry\n");
    free(got);
    linter_free(lt);
    lint_thread_end();
    config_release(&cfg);
}

int main(void)
{
    lx = stmt_lexicon_new();
    test_headings();
    test_who();
    test_what();
    test_worry();
    test_goals();
    test_harm_and_scale();
    test_lexicon_errors();
    test_builtin_lexicon();
    test_compile();
    test_kind();
    stmt_memory_release(&mem);
    stmt_lexicon_free(lx);
    return TEST_DONE();
}
