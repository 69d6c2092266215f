/* test_config.c — .plainsafe.yml: defaults, every key, every located error,
 * finding the file upward in a temporary tree, and include/exclude globs. */
#include "harness.h"
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[PATH_MAX];

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(2);
    }
    fputs(text, f);
    fclose(f);
}

/* Loads text as a config written to name (relative to the temp root, the
 * cwd) over the defaults; returns the error message or "" on success. */
static const char *load(lint_config *c, const char *name, const char *text)
{
    static lint_error err;
    err_clear(&err);
    write_file(name, text);
    config_defaults(c);
    if (config_load(c, name, &err) == 0)
        return "";
    return err.msg;
}

/* The error for a config text that must fail. */
static const char *load_error(const char *text)
{
    lint_config c;
    const char *msg = load(&c, ".plainsafe.yml", text);
    config_release(&c);
    return msg;
}

static void test_defaults(void)
{
    lint_config c;
    unsetenv("PLAINSAFE_DICT_DIR");
    config_defaults(&c);
    CHECK(c.path == NULL);
    CHECK_STR(c.dir, ".");
    CHECK_STR(c.profile, "family");
    CHECK_STR(c.language, "en_GB");
    CHECK_STR(c.dict_dir, "/usr/share/hunspell");
    CHECK_INT(c.npacks, 0);
    CHECK_INT(c.ninclude, 3);
    CHECK_STR(c.include[0], "*.md");
    CHECK_STR(c.include[1], "*.markdown");
    CHECK_STR(c.include[2], "*.txt");
    CHECK_INT(c.nexclude, 0);
    CHECK_INT(c.nwords, 0);
    CHECK_INT(c.noverrides, 0);
    CHECK_INT(c.fail_level, SEV_ERROR);
    config_release(&c);

    setenv("PLAINSAFE_DICT_DIR", "/opt/dicts", 1);
    config_defaults(&c);
    CHECK_STR(c.dict_dir, "/opt/dicts");
    config_release(&c);
    setenv("PLAINSAFE_DICT_DIR", "", 1);
    config_defaults(&c);
    CHECK_STR(c.dict_dir, "/usr/share/hunspell");
    config_release(&c);
    unsetenv("PLAINSAFE_DICT_DIR");
}

static void test_every_key(void)
{
    lint_config c;
    mkdir("proj", 0777);
    write_file("proj/local.yml", "pack: local\n");
    const char *msg = load(&c, "proj/.plainsafe.yml",
                           "packs: [local.yml, ./local.yml]\n"
                           "profile: court\n"
                           "language: en_US\n"
                           "dictionaries: dicts\n"
                           "rules:\n"
                           "  jargon: off\n"
                           "  vague.concerns: error\n"
                           "include: \"*.md\"\n"
                           "exclude: [drafts/**, \"*.tmp.md\"]\n"
                           "words: [Ofsted, kinship]\n"
                           "fail_level: warning\n");
    CHECK_STR(msg, "");
    CHECK_STR(c.path, "proj/.plainsafe.yml");
    CHECK_STR(c.dir, "proj");
    CHECK_INT(c.npacks, 2);
    CHECK_STR(c.packs[0], "local.yml");
    CHECK_INT(c.packs_line, 1);
    CHECK_INT(c.packs_col, 8);
    CHECK_STR(c.profile, "court");
    CHECK_STR(c.language, "en_US");
    CHECK_STR(c.dict_dir, "proj/dicts");
    CHECK_INT(c.noverrides, 2);
    if (c.noverrides == 2) {
        CHECK_STR(c.overrides[0].rule, "jargon");
        CHECK_INT(c.overrides[0].sev, SEV_OFF);
        CHECK_INT(c.overrides[0].line, 6);
        CHECK_INT(c.overrides[0].col, 3);
        CHECK_STR(c.overrides[1].rule, "vague.concerns");
        CHECK_INT(c.overrides[1].sev, SEV_ERROR);
        CHECK_INT(c.overrides[1].line, 7);
    }
    CHECK_INT(c.ninclude, 1);
    CHECK_STR(c.include[0], "*.md");
    CHECK_INT(c.nexclude, 2);
    CHECK_STR(c.exclude[1], "*.tmp.md");
    CHECK_INT(c.nwords, 2);
    CHECK_STR(c.words[1], "kinship");
    CHECK_INT(c.fail_level, SEV_WARNING);
    config_release(&c);

    /* An absolute dictionaries path is kept; an empty file keeps the defaults. */
    msg = load(&c, "proj/.plainsafe.yml", "dictionaries: /srv/dicts\n");
    CHECK_STR(msg, "");
    CHECK_STR(c.dict_dir, "/srv/dicts");
    config_release(&c);
    msg = load(&c, ".plainsafe.yml", "# nothing here\n");
    CHECK_STR(msg, "");
    CHECK_STR(c.dir, ".");
    CHECK_STR(c.profile, "family");
    CHECK_INT(c.ninclude, 3);
    config_release(&c);
}

static void test_errors(void)
{
    CHECK_STR(load_error("profle: court\n"),
              ".plainsafe.yml:1:1: error: unknown key 'profle' in config; did you mean 'profile'?");
    CHECK_STR(load_error("colour: red\n"),
              ".plainsafe.yml:1:1: error: unknown key 'colour' in config; expected one of: packs, profile, "
              "language, dictionaries, rules, include, exclude, words, fail_level");
    CHECK_STR(load_error("profile: famly\n"),
              ".plainsafe.yml:1:10: error: unknown profile 'famly'; did you mean 'family'? "
              "(one of: family, professional, court, child)");
    CHECK_STR(load_error("profile: [court]\n"),
              ".plainsafe.yml:1:10: error: expected a string for 'profile', found a list");
    CHECK_STR(load_error("language: en-GB\n"),
              ".plainsafe.yml:1:11: error: unknown language 'en-GB'; did you mean 'en_GB'? "
              "(one of: en_GB, en_US, en_AU)");
    CHECK_STR(load_error("language: fr_FR\n"),
              ".plainsafe.yml:1:11: error: unknown language 'fr_FR' (one of: en_GB, en_US, en_AU)");
    CHECK_STR(load_error("fail_level: off\n"),
              ".plainsafe.yml:1:13: error: unknown fail level 'off' (one of: error, warning, suggestion)");
    CHECK_STR(load_error("rules:\n  jargon.x: eror\n"),
              ".plainsafe.yml:2:13: error: unknown severity 'eror'; did you mean 'error'? "
              "(one of: error, warning, suggestion, off)");
    CHECK_STR(load_error("rules:\n  jargon.x: false\n"),
              ".plainsafe.yml:2:13: error: expected a string for 'severity', found a boolean");
    CHECK_STR(load_error("rules:\n  Jargon: off\n"),
              ".plainsafe.yml:2:3: error: 'Jargon' is not a rule id (pack.name) or a pack name");
    CHECK_STR(load_error("rules: [jargon]\n"),
              ".plainsafe.yml:1:8: error: expected a map for 'rules', found a list");
    CHECK_STR(load_error("words:\n  ok: 1\n"),
              ".plainsafe.yml:2:3: error: expected a string or a list of strings for 'words', found a map");
    CHECK_STR(load_error("include: [\"*.md\", [x]]\n"),
              ".plainsafe.yml:1:19: error: expected a string in the list 'include', found a list");
    CHECK_STR(load_error("packs: []\n"),
              ".plainsafe.yml:1:8: error: 'packs' is empty; leave it out to use every built-in pack");
    CHECK_STR(load_error("packs: [missing.yml]\n"),
              ".plainsafe.yml:1:9: error: cannot read pack file 'missing.yml': No such file or directory");
    const char *msg = load_error("packs: [zzzzzzzz]\n");
    const char *want = ".plainsafe.yml:1:9: error: no built-in pack 'zzzzzzzz' (built-in packs: ";
    CHECK(strncmp(msg, want, strlen(want)) == 0);
    CHECK_STR(load_error("dictionaries:\n"),
              ".plainsafe.yml:1:14: error: expected a string for 'dictionaries', found nothing");
    CHECK_STR(load_error("profile: court\nprofile: child\n"),
              ".plainsafe.yml:2:1: error: duplicate key 'profile' (first written at line 1, column 1)");
    CHECK_STR(load_error("profile: court\n  language: en_GB\n"),
              ".plainsafe.yml:2:11: error: bad YAML: mapping values are not allowed in this context "
              "(put text that contains ': ' in quotes)");
    CHECK_STR(load_error("- packs\n"), ".plainsafe.yml:1:1: error: expected a map for the config, found a list");

    lint_config c;
    lint_error err;
    err_clear(&err);
    config_defaults(&c);
    CHECK_INT(config_load(&c, "no-such-dir/.plainsafe.yml", &err), -1);
    CHECK_STR(err.msg, "no-such-dir/.plainsafe.yml: error: cannot read config: No such file or directory");
    config_release(&c);
}

static void test_find(void)
{
    /* root/.plainsafe.yml, root/a/b/c (none below a), root/a/b/.plainsafe.yml */
    mkdir("a", 0777);
    mkdir("a/b", 0777);
    mkdir("a/b/c", 0777);
    mkdir("x", 0777);
    write_file(".plainsafe.yml", "");
    write_file("a/b/.plainsafe.yml", "");
    char *p;

    p = config_find("a/b/c/doc.md");
    CHECK_STR(p, "a/b/.plainsafe.yml");
    free(p);
    p = config_find("a/b/doc.md");
    CHECK_STR(p, "a/b/.plainsafe.yml");
    free(p);
    p = config_find("a/doc.md");
    CHECK_STR(p, ".plainsafe.yml");
    free(p);
    p = config_find("doc.md");
    CHECK_STR(p, ".plainsafe.yml");
    free(p);
    p = config_find("./-");
    CHECK_STR(p, ".plainsafe.yml");
    free(p);
    /* The file need not exist, nor its directory. */
    p = config_find("a/b/c/new/deeper/doc.md");
    CHECK_STR(p, "a/b/.plainsafe.yml");
    free(p);
    p = config_find("x/../a/b/c/doc.md");
    CHECK_STR(p, "a/b/.plainsafe.yml");
    free(p);

    /* From a subdirectory, results stay relative to the cwd. */
    if (chdir("a/b/c") == 0) {
        p = config_find("doc.md");
        CHECK_STR(p, "../.plainsafe.yml");
        free(p);
        p = config_find("../../../x/doc.md");
        CHECK_STR(p, "../../../.plainsafe.yml");
        free(p);
        CHECK(chdir(root) == 0);
    }
    /* Absolute in, absolute out. */
    char abs[PATH_MAX + 64], want[PATH_MAX + 64];
    snprintf(abs, sizeof abs, "%s/a/b/c/doc.md", root);
    snprintf(want, sizeof want, "%s/a/b/.plainsafe.yml", root);
    p = config_find(abs);
    CHECK_STR(p, want);
    free(p);
    snprintf(abs, sizeof abs, "%s/x/doc.md", root);
    snprintf(want, sizeof want, "%s/.plainsafe.yml", root);
    p = config_find(abs);
    CHECK_STR(p, want);
    free(p);
    /* A directory named .plainsafe.yml is not a config. */
    mkdir("x/.plainsafe.yml", 0777);
    p = config_find("x/doc.md");
    CHECK_STR(p, ".plainsafe.yml");
    free(p);
}

static void test_wants(void)
{
    lint_config c;
    config_defaults(&c);
    CHECK(config_wants(&c, "a.md"));
    CHECK(config_wants(&c, "docs/deep/a.markdown"));
    CHECK(config_wants(&c, "./notes.txt"));
    CHECK(!config_wants(&c, "a.doc"));
    CHECK(!config_wants(&c, "a.md.bak"));
    CHECK(!config_wants(&c, "md"));
    config_release(&c);

    CHECK_STR(load(&c, "proj/.plainsafe.yml",
                   "include: [\"*.md\", \"notes/**/*.txt\", \"/top.txt\", \"ch[0-9].text\"]\n"
                   "exclude: [\"drafts\", \"**/old/**\", \"*.tmp.md\", \"/private/*.md\", \"x?.md\"]\n"), "");
    CHECK(config_wants(&c, "proj/a.md"));
    CHECK(config_wants(&c, "proj/sub/a.md"));
    CHECK(!config_wants(&c, "proj/a.txt"));
    CHECK(config_wants(&c, "proj/notes/a.txt"));
    CHECK(config_wants(&c, "proj/notes/2024/03/a.txt"));
    CHECK(!config_wants(&c, "proj/other/notes/a.txt"));
    CHECK(config_wants(&c, "proj/top.txt"));
    CHECK(!config_wants(&c, "proj/sub/top.txt"));
    CHECK(config_wants(&c, "proj/ch1.text"));
    CHECK(!config_wants(&c, "proj/chA.text"));
    /* excludes win */
    CHECK(!config_wants(&c, "proj/drafts/a.md"));
    CHECK(!config_wants(&c, "proj/sub/drafts/deep/a.md"));
    CHECK(config_wants(&c, "proj/drafts.md"));
    CHECK(!config_wants(&c, "proj/old/a.md"));
    CHECK(!config_wants(&c, "proj/a/b/old/c/a.md"));
    CHECK(config_wants(&c, "proj/older/a.md"));
    CHECK(!config_wants(&c, "proj/sub/x.tmp.md"));
    CHECK(!config_wants(&c, "proj/private/a.md"));
    CHECK(config_wants(&c, "proj/sub/private/a.md"));
    CHECK(!config_wants(&c, "proj/xy.md"));
    CHECK(config_wants(&c, "proj/xyz.md"));
    /* Paths spelt differently reach the same relative path. */
    CHECK(!config_wants(&c, "./proj/../proj/drafts/a.md"));
    char abs[PATH_MAX + 64];
    snprintf(abs, sizeof abs, "%s/proj/private/a.md", root);
    CHECK(!config_wants(&c, abs));
    snprintf(abs, sizeof abs, "%s/proj/sub/a.md", root);
    CHECK(config_wants(&c, abs));
    /* Outside the config's directory only base-name patterns can match. */
    CHECK(config_wants(&c, "elsewhere/a.md"));
    CHECK(!config_wants(&c, "elsewhere/drafts/a.md"));
    config_release(&c);

    CHECK_STR(load(&c, ".plainsafe.yml", "include: [\"**\"]\nexclude: [\"**/*.md\"]\n"), "");
    CHECK(config_wants(&c, "a.txt"));
    CHECK(config_wants(&c, "deep/er/a.doc"));
    CHECK(!config_wants(&c, "a.md"));
    CHECK(!config_wants(&c, "deep/a.md"));
    config_release(&c);

    CHECK_STR(load(&c, ".plainsafe.yml", "include: [\"a\\\\*b.md\", \"[x.md\"]\n"), "");
    CHECK(config_wants(&c, "a*b.md"));
    CHECK(!config_wants(&c, "axb.md"));
    CHECK(config_wants(&c, "[x.md"));
    config_release(&c);
}

int main(void)
{
    char tmpl[] = "/tmp/plainsafe-test-config-XXXXXX";
    const char *base = getenv("TMPDIR");
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/plainsafe-test-config-XXXXXX", base && *base ? base : "/tmp");
    char *made = mkdtemp(dir);
    if (!made)
        made = mkdtemp(tmpl);
    if (!made || chdir(made) != 0 || !getcwd(root, sizeof root)) {
        perror("temporary directory");
        return 2;
    }
    test_defaults();
    test_every_key();
    test_errors();
    test_find();
    test_wants();
    /* Leave no trace: remove the tree. */
    CHECK(chdir("/") == 0);
    char cmd[PATH_MAX + 32];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    CHECK(system(cmd) == 0);
    return TEST_DONE();
}
