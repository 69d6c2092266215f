/* cli.c — the command line (see cli.h): argv to options; PATHs (or, for
 * `hook run`, the staged files git names) to an ordered list of inputs, each
 * with the linter of its config (one per distinct config file); a pool of
 * workers running linter_check; the chosen printer fed in input order as soon
 * as every earlier input is done. `hook install|uninstall` go to hook.c. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hook.h"
#include "input.h"
#include "lint.h"
#include "print.h"
#include "readability.h"
#include "walk.h"

/* The --format table. Without --format: pretty when stdout is a terminal,
 * text otherwise. */
static const printer *const formats[] = {&print_text, &print_pretty, &print_json, &print_sarif};
/* The values config.c accepts for profile and language, checked here too so
 * that a mistyped option is a usage error with a hint. */
static const char *const profile_names[] = {"family", "professional", "court", "child"};
static const char *const language_names[] = {"en_GB", "en_US", "en_AU"};

enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };
enum { MODE_CHECK, MODE_LIST, MODE_EXPLAIN, MODE_SELF_TEST, MODE_HELP, MODE_VERSION };

typedef struct {
    int mode;
    const printer *format;    /* NULL until parse_args picks the default */
    int no_text, quiet, stats, color;
    const char *config_file, *profile, *language, *stdin_filename, *explain;
    int fail_level;           /* -1: each file's config decides */
    lint_syntax syntax;
    long jobs;                /* 0: the number of online cores */
    char **paths;             /* borrowed from argv */
    size_t npaths;
} options;

/* ---- options --------------------------------------------------------------- */

enum {
    O_FORMAT, O_NO_TEXT, O_CONFIG, O_PROFILE, O_LANGUAGE, O_SYNTAX, O_STDIN_FILENAME,
    O_FAIL_LEVEL, O_JOBS, O_LIST_RULES, O_EXPLAIN, O_SELF_TEST, O_STATS, O_COLOR, O_QUIET,
    O_HELP, O_VERSION
};

enum { ARG_NONE, ARG_REQUIRED, ARG_OPTIONAL /* only as --name=value */ };

static const struct {
    const char *name;
    char short_name;
    int arg;
    int id;
} opt_defs[] = {
    {"format", 'f', ARG_REQUIRED, O_FORMAT},
    {"no-text", 0, ARG_NONE, O_NO_TEXT},
    {"config", 'c', ARG_REQUIRED, O_CONFIG},
    {"profile", 'p', ARG_REQUIRED, O_PROFILE},
    {"language", 0, ARG_REQUIRED, O_LANGUAGE},
    {"syntax", 0, ARG_REQUIRED, O_SYNTAX},
    {"stdin-filename", 0, ARG_REQUIRED, O_STDIN_FILENAME},
    {"fail-level", 0, ARG_REQUIRED, O_FAIL_LEVEL},
    {"jobs", 'j', ARG_REQUIRED, O_JOBS},
    {"list-rules", 0, ARG_NONE, O_LIST_RULES},
    {"explain", 0, ARG_REQUIRED, O_EXPLAIN},
    {"self-test", 0, ARG_NONE, O_SELF_TEST},
    {"stats", 0, ARG_NONE, O_STATS},
    {"color", 0, ARG_OPTIONAL, O_COLOR},
    {"colour", 0, ARG_OPTIONAL, O_COLOR},
    {"quiet", 'q', ARG_NONE, O_QUIET},
    {"help", 'h', ARG_NONE, O_HELP},
    {"version", 'V', ARG_NONE, O_VERSION},
};

static const char usage_line[] = "Usage: plainsafe [OPTION]... PATH...\n"
                                 "  or:  plainsafe hook install [--force] | uninstall | run [OPTION]...\n";

static void print_help(void)
{
    fputs(usage_line, stdout);
    fputs(
"Check child-protection assessments for jargon, judgement-laden labels and\n"
"danger statements that do not say who is worried, about what, and why.\n"
"\n"
"PATH is a file, a directory (searched recursively for *.md, *.markdown and\n"
"*.txt, or the include and exclude globs of its .plainsafe.yml), or - for\n"
"standard input.\n"
"\n"
"Output:\n"
"  -f, --format=FORMAT     pretty (default on a terminal): findings by section with\n"
"                          the source line, a marker, the reason and what to write\n"
"                          instead, a summary and a verdict\n"
"                          text (default otherwise): path:line:col: severity: message [rule]\n"
"                          json: JSON Lines; sarif: SARIF 2.1.0\n"
"      --no-text           leave the quoted source text out (json and sarif), or\n"
"                          the source line and marker (pretty)\n"
"      --color[=WHEN]      auto (default: on a terminal, unless NO_COLOR is set),\n"
"                          always or never\n"
"  -q, --quiet             print only the verdict line (text and pretty), or\n"
"                          nothing (json and sarif); the exit status tells\n"
"      --stats             after each file's findings, print its statistics\n"
"                          (text and pretty)\n"
"\n"
"Checking:\n"
"  -c, --config=FILE       use FILE for every input instead of the nearest\n"
"                          .plainsafe.yml above each file\n"
"  -p, --profile=NAME      family, professional, court or child\n"
"      --language=L        spelling dictionary: en_GB, en_US or en_AU\n"
"      --syntax=S          auto (by extension: .md and .markdown are Markdown),\n"
"                          markdown or text\n"
"      --stdin-filename=P  name standard input P: shown in output, and used to\n"
"                          pick the syntax and find the config\n"
"      --fail-level=LEVEL  error (default, or the config's), warning or suggestion\n"
"  -j, --jobs=N            check N files in parallel (default: the number of cores);\n"
"                          output is the same for any N\n"
"\n"
"Rules:\n"
"      --list-rules        list the rules in effect (honours --config, --profile)\n"
"      --explain=RULE      why RULE matters, what to write instead, examples\n"
"      --self-test         check every rule against its own examples\n"
"\n"
"Git pre-commit hook:\n"
"  hook install [--force]  write the repository's pre-commit hook (core.hooksPath\n"
"                          respected); --force replaces a hook plainsafe did not write\n"
"  hook uninstall          remove the hook if plainsafe wrote it\n"
"  hook run [OPTION]...    what the hook runs: check the staged text of added and\n"
"                          changed files that the config's globs select\n"
"\n"
"  -h, --help              show this help\n"
"  -V, --version           show the version\n"
"\n"
"Exit status:\n"
"  0  no findings at or above the fail level\n"
"  1  findings at or above the fail level\n"
"  2  usage or configuration error (nothing was checked), or output failed\n"
"  3  an input could not be read or was skipped (the others were checked)\n"
"\n"
"See plainsafe(1).\n", stdout);
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("plainsafe: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'plainsafe --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

/* Pick value from choices; on a mistake, a usage error naming them all. */
static int parse_choice(const char *opt, const char *value, const char *const *choices, size_t n,
                        int *out)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(value, choices[i]) == 0) {
            *out = (int)i;
            return 0;
        }
    buf list;
    buf_init(&list);
    for (size_t i = 0; i < n; i++)
        buf_printf(&list, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", choices[i]);
    const char *dym = did_you_mean(value, choices, n);
    if (dym)
        usage_error("--%s: unknown value '%s' (did you mean '%s'?); choose %s", opt, value, dym,
                    list.data);
    else
        usage_error("--%s: unknown value '%s'; choose %s", opt, value, list.data);
    buf_release(&list);
    return EXIT_USAGE;
}

static int apply_option(options *o, int id, const char *name, const char *v)
{
    static const char *const colors[] = {"auto", "always", "never"};
    static const char *const syntaxes[] = {"auto", "text", "markdown"};
    static const char *const levels[] = {"suggestion", "warning", "error"};
    const char *names[ARRAY_LEN(formats)];
    int k;
    switch (id) {
    case O_FORMAT:
        for (size_t i = 0; i < ARRAY_LEN(formats); i++)
            names[i] = formats[i]->name;
        if (parse_choice(name, v, names, ARRAY_LEN(formats), &k))
            return EXIT_USAGE;
        o->format = formats[k];
        return 0;
    case O_NO_TEXT: o->no_text = 1; return 0;
    case O_CONFIG: o->config_file = v; return 0;
    case O_PROFILE:
        if (parse_choice(name, v, profile_names, ARRAY_LEN(profile_names), &k))
            return EXIT_USAGE;
        o->profile = v;
        return 0;
    case O_LANGUAGE:
        if (parse_choice(name, v, language_names, ARRAY_LEN(language_names), &k))
            return EXIT_USAGE;
        o->language = v;
        return 0;
    case O_SYNTAX:
        if (parse_choice(name, v, syntaxes, ARRAY_LEN(syntaxes), &k))
            return EXIT_USAGE;
        o->syntax = k == 0 ? LINT_SYNTAX_AUTO : k == 1 ? LINT_SYNTAX_TEXT : LINT_SYNTAX_MARKDOWN;
        return 0;
    case O_STDIN_FILENAME:
        if (!*v)
            return usage_error("--stdin-filename: empty path");
        o->stdin_filename = v;
        return 0;
    case O_FAIL_LEVEL:
        if (parse_choice(name, v, levels, ARRAY_LEN(levels), &k))
            return EXIT_USAGE;
        o->fail_level = severity_parse(v);
        return 0;
    case O_JOBS: {
        char *end;
        errno = 0;
        long n = strtol(v, &end, 10);
        if (!*v || *end || errno || n < 0 || n > 1024)
            return usage_error("--jobs: '%s' is not a number from 0 to 1024 (0: one per core)", v);
        o->jobs = n;
        return 0;
    }
    case O_LIST_RULES: o->mode = MODE_LIST; return 0;
    case O_EXPLAIN: o->mode = MODE_EXPLAIN; o->explain = v; return 0;
    case O_SELF_TEST: o->mode = MODE_SELF_TEST; return 0;
    case O_STATS: o->stats = 1; return 0;
    case O_COLOR:
        if (!v) {
            o->color = COLOR_ALWAYS;
            return 0;
        }
        return parse_choice(name, v, colors, ARRAY_LEN(colors), &o->color);
    case O_QUIET: o->quiet = 1; return 0;
    case O_HELP: o->mode = MODE_HELP; return 0;
    default: o->mode = MODE_VERSION; return 0;
    }
}

/* Parse argv[1..argc). hook: for `hook run`, which takes options but no
 * paths (argv[0] is "run"). */
static int parse_args(options *o, int argc, char **argv, int hook)
{
    memset(o, 0, sizeof *o);
    o->fail_level = -1;
    o->syntax = LINT_SYNTAX_AUTO;
    o->paths = xmalloc((size_t)argc * sizeof *o->paths);
    int only_paths = 0;
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (only_paths || a[0] != '-' || a[1] == 0) {
            o->paths[o->npaths++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_paths = 1;
            continue;
        }
        size_t d, namelen;
        const char *inline_value = NULL;
        if (a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            namelen = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
            inline_value = eq ? eq + 1 : NULL;
            for (d = 0; d < ARRAY_LEN(opt_defs); d++)
                if (strlen(opt_defs[d].name) == namelen && memcmp(opt_defs[d].name, a + 2, namelen) == 0)
                    break;
            if (d == ARRAY_LEN(opt_defs)) {
                const char *cands[ARRAY_LEN(opt_defs)];
                for (size_t k = 0; k < ARRAY_LEN(opt_defs); k++)
                    cands[k] = opt_defs[k].name;
                char *name = xstrndup(a + 2, namelen);
                const char *dym = did_you_mean(name, cands, ARRAY_LEN(opt_defs));
                free(name);
                if (dym)
                    return usage_error("unknown option '%.*s' (did you mean '--%s'?)", (int)namelen + 2, a, dym);
                return usage_error("unknown option '%.*s'", (int)namelen + 2, a);
            }
            if (inline_value && opt_defs[d].arg == ARG_NONE)
                return usage_error("option '--%s' takes no value", opt_defs[d].name);
        } else {
            for (d = 0; d < ARRAY_LEN(opt_defs); d++)
                if (opt_defs[d].short_name == a[1])
                    break;
            if (d == ARRAY_LEN(opt_defs))
                return usage_error("unknown option '-%c'", a[1]);
            if (a[2] && opt_defs[d].arg == ARG_NONE)
                return usage_error("option '-%c' takes no value (write each short option on its own)", a[1]);
            inline_value = a[2] ? a + 2 : NULL;
        }
        if (opt_defs[d].arg == ARG_REQUIRED && !inline_value) {
            if (i + 1 >= argc)
                return usage_error("option '--%s' needs a value", opt_defs[d].name);
            inline_value = argv[++i];
        }
        int rc = apply_option(o, opt_defs[d].id, opt_defs[d].name, inline_value);
        if (rc)
            return rc;
    }
    if (hook && o->mode == MODE_CHECK && o->npaths)
        return usage_error("'%s': 'plainsafe hook run' checks the staged files and takes no paths",
                           o->paths[0]);
    if (hook && o->stdin_filename)
        return usage_error("'plainsafe hook run' reads no standard input: drop --stdin-filename");
    if (!hook && o->mode == MODE_CHECK && o->npaths == 0) {
        fputs(usage_line, stderr);
        fputs("Try 'plainsafe --help' for more information.\n", stderr);
        return EXIT_USAGE;
    }
    if (o->mode != MODE_CHECK && o->mode != MODE_HELP && o->mode != MODE_VERSION && o->npaths)
        return usage_error("'%s' is not checked: --list-rules, --explain and --self-test take no paths",
                           o->paths[0]);
    if (o->stdin_filename) {
        size_t i = 0;
        while (i < o->npaths && strcmp(o->paths[i], "-") != 0)
            i++;
        if (o->mode == MODE_CHECK && i == o->npaths)
            return usage_error("--stdin-filename names standard input: give '-' as a path too");
    }
    int tty = isatty(STDOUT_FILENO);
    if (!o->format)
        o->format = tty ? &print_pretty : &print_text;
    if (o->color == COLOR_AUTO) {
        const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
        o->color = tty && !(nc && *nc) && !(term && strcmp(term, "dumb") == 0) ? COLOR_ALWAYS
                                                                                : COLOR_NEVER;
    }
    return 0;
}

/* ---- configs and inputs ---------------------------------------------------- */

/* One config and its linter. The linter borrows cfg, so entries never move. */
typedef struct {
    char *path;               /* the config file, or NULL for the built-in defaults (owned) */
    lint_config cfg;
    linter *lt;
} config_entry;

typedef struct {
    char *path;               /* what to read; "-" is standard input (owned) */
    char *display;            /* what to print (owned) */
    size_t cfg;               /* index into run.cfgs */
    char *error;              /* owned; set when the input is known to be unreadable */
    unsigned char *data;      /* owned; when set, the content itself (staged text), not read from path */
    size_t len;
} input_item;

typedef struct {
    const options *o;
    config_entry **cfgs;
    size_t ncfgs, capcfgs;
    input_item *items;
    size_t nitems, capitems;
    char *walk_dir;           /* directory whose config walk_cfg is (owned) */
    size_t walk_cfg;          /* also: the config of the staged file hook_wants accepted last */
    int config_failed;        /* a config error was reported: exit 2 */
} run;

/* Load the config at path (NULL: the defaults), apply the options, compile
 * its linter. Prints a located error and returns -1 on failure. */
static int config_entry_init(config_entry *e, const options *o, const char *path, int all_rules)
{
    lint_error err;
    err_clear(&err);
    e->path = path ? xstrdup(path) : NULL;
    e->lt = NULL;
    config_defaults(&e->cfg);
    if (path && config_load(&e->cfg, path, &err) < 0)
        goto fail;
    if (o->profile) {
        free(e->cfg.profile);
        e->cfg.profile = xstrdup(o->profile);
    }
    if (o->language) {
        free(e->cfg.language);
        e->cfg.language = xstrdup(o->language);
    }
    e->cfg.all_rules = all_rules;
    e->lt = linter_new(&e->cfg, &err);
    if (e->lt)
        return 0;
fail:
    fprintf(stderr, "%s\n", err.msg);
    config_release(&e->cfg);
    free(e->path);
    e->path = NULL;
    return -1;
}

static void config_entry_release(config_entry *e)
{
    linter_free(e->lt);
    config_release(&e->cfg);
    free(e->path);
}

/* The index of the config governing file_path, loading it on first use; -1
 * after a config error (reported). */
static size_t config_for(run *r, const char *file_path)
{
    if (r->config_failed)
        return SIZE_MAX;
    char *found = r->o->config_file ? xstrdup(r->o->config_file) : config_find(file_path);
    for (size_t i = 0; i < r->ncfgs; i++) {
        const char *p = r->cfgs[i]->path;
        if ((!p && !found) || (p && found && strcmp(p, found) == 0)) {
            free(found);
            return i;
        }
    }
    config_entry *e = xcalloc(1, sizeof *e);
    int rc = config_entry_init(e, r->o, found, 0);
    free(found);
    if (rc < 0) {
        free(e);
        r->config_failed = 1;
        return SIZE_MAX;
    }
    GROW(r->cfgs, r->capcfgs, r->ncfgs + 1);
    r->cfgs[r->ncfgs] = e;
    return r->ncfgs++;
}

static void add_item(run *r, const char *path, const char *display, size_t cfg, char *error)
{
    GROW(r->items, r->capitems, r->nitems + 1);
    input_item *it = &r->items[r->nitems++];
    it->path = xstrdup(path);
    it->display = xstrdup(display);
    it->cfg = cfg;
    it->error = error;
    it->data = NULL;
    it->len = 0;
}

static int walk_wants(void *ctx, const char *path)
{
    run *r = ctx;
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) : 0;
    if (!r->walk_dir || strlen(r->walk_dir) != dirlen || memcmp(r->walk_dir, path, dirlen) != 0) {
        free(r->walk_dir);
        r->walk_dir = xstrndup(path, dirlen);
        r->walk_cfg = config_for(r, path);
    }
    return r->walk_cfg != SIZE_MAX && config_wants(&r->cfgs[r->walk_cfg]->cfg, path);
}

static void walk_file(void *ctx, const char *path)
{
    run *r = ctx;
    add_item(r, path, path, r->walk_cfg, NULL);
}

static void walk_error(void *ctx, const char *path, int errnum)
{
    run *r = ctx;
    add_item(r, path, path, SIZE_MAX, xstrdup(strerror(errnum)));
}

/* Turn the PATHs into the ordered input list. Returns 0, or EXIT_USAGE after
 * a config error. */
static int collect_inputs(run *r)
{
    const options *o = r->o;
    walk_ops ops = {walk_wants, walk_file, walk_error, r};
    for (size_t i = 0; i < o->npaths && !r->config_failed; i++) {
        const char *p = o->paths[i];
        struct stat st;
        if (strcmp(p, "-") == 0) {
            const char *name = o->stdin_filename ? o->stdin_filename : "-";
            size_t cfg = config_for(r, o->stdin_filename ? o->stdin_filename : "./-");
            add_item(r, "-", name, cfg, NULL);
        } else if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            free(r->walk_dir);
            r->walk_dir = NULL;
            walk(p, &ops);
        } else {
            add_item(r, p, p, config_for(r, p), NULL);
        }
    }
    return r->config_failed ? EXIT_USAGE : 0;
}

/* ---- checking -------------------------------------------------------------- */

static void fail_result(lint_result *res, const char *display, const char *reason)
{
    memset(res, 0, sizeof *res);
    res->path = xstrdup(display);
    res->status = LINT_FILE_UNREADABLE;
    res->error = xstrdup(reason);
}

/* Read and check one input. Thread-safe: touches only the item, its linter
 * (read-only) and res. */
static void check_item(const run *r, const input_item *it, lint_result *res)
{
    if (it->error) {
        fail_result(res, it->display, it->error);
        return;
    }
    if (it->data) {
        linter_check(r->cfgs[it->cfg]->lt, it->display, it->data, it->len, r->o->syntax, res);
        return;
    }
    unsigned char *data = NULL;
    size_t n = 0;
    lint_error err;
    err_clear(&err);
    if (input_read_file(it->path, &data, &n, &err) < 0) {
        /* err is "PATH: reason"; keep the reason. */
        size_t pl = strlen(it->path);
        const char *reason = err.msg;
        if (strncmp(reason, it->path, pl) == 0 && strncmp(reason + pl, ": ", 2) == 0)
            reason += pl + 2;
        fail_result(res, it->display, reason);
        return;
    }
    linter_check_owned(r->cfgs[it->cfg]->lt, it->display, data, n, r->o->syntax, res);
}

typedef struct {
    print_ctx pc;
    print_summary sum;
    int findings;             /* some file has findings at or above its fail level */
    int input_failed;         /* some input could not be read or was skipped */
    int progress;             /* show "checked N/M files" on stderr (a terminal) */
    int progress_shown;       /* width of the progress line on stderr now, 0 if none */
} output;

/* Progress is shown for this many inputs or more. */
enum { PROGRESS_MIN_FILES = 20 };

static void progress_clear(output *out)
{
    if (out->progress_shown)
        fprintf(stderr, "\r%*s\r", out->progress_shown, "");
    out->progress_shown = 0;
}

/* After the done-th of total inputs: redraw about a hundred times a run. */
static void progress_update(output *out, size_t done, size_t total)
{
    size_t step = total / 100 ? total / 100 : 1;
    if (done % step && done != total && out->progress_shown)
        return;
    int n = fprintf(stderr, "\rchecked %zu/%zu files", done, total);
    if (n - 1 > out->progress_shown)
        out->progress_shown = n - 1;
    fflush(stderr);
}

/* --stats: what is printed after each file's findings in the text format. */
static void print_stats(FILE *out, const lint_result *res)
{
    size_t total = res->counts[SEV_ERROR] + res->counts[SEV_WARNING] + res->counts[SEV_SUGGESTION];
    fprintf(out, "%s: %zu finding%s: %zu error%s, %zu warning%s, %zu suggestion%s\n", res->path,
            total, total == 1 ? "" : "s", res->counts[SEV_ERROR], res->counts[SEV_ERROR] == 1 ? "" : "s",
            res->counts[SEV_WARNING], res->counts[SEV_WARNING] == 1 ? "" : "s",
            res->counts[SEV_SUGGESTION], res->counts[SEV_SUGGESTION] == 1 ? "" : "s");
    if (res->readability) {
        buf b;
        buf_init(&b);
        readability_table(&b, res->readability, res->src, res->len);
        fwrite(b.data, 1, b.len, out);
        buf_release(&b);
    }
}

/* Account for and print one finished input. */
static void emit(const run *r, output *out, const input_item *it, const lint_result *res)
{
    const options *o = r->o;
    out->sum.files++;
    int stats = o->stats && (o->format == &print_text || o->format == &print_pretty);
    if (out->progress && (res->status != LINT_FILE_OK || (!o->quiet && (res->ndiags || stats))))
        progress_clear(out);
    if (res->status == LINT_FILE_OK) {
        out->sum.checked++;
        int level = o->fail_level >= 0 ? o->fail_level : (int)r->cfgs[it->cfg]->cfg.fail_level;
        for (int s = SEV_SUGGESTION; s <= SEV_ERROR; s++) {
            out->sum.counts[s] += res->counts[s];
            if (s >= level && res->counts[s]) {
                out->findings = 1;
                out->sum.failing[s] += res->counts[s];
            }
        }
    } else {
        out->input_failed = 1;
        fflush(stdout);
        fprintf(stderr, "plainsafe: %s: %s\n", res->path, res->error ? res->error : "not checked");
    }
    if (!o->quiet) {
        o->format->file(&out->pc, res);
        if (stats && res->status == LINT_FILE_OK)
            print_stats(out->pc.out, res);
    }
    if (out->progress) {
        fflush(stdout);
        progress_update(out, out->sum.files, r->nitems);
    }
}

/* Workers take inputs in order and check them; the results are printed in
 * input order by whichever worker finds the next one to print finished: it
 * prints that one and every finished one after it, outside the lock, while
 * the others go on checking. At most window inputs are between taken and
 * printed, so memory stays bounded while a printer catches up. */
typedef struct {
    const run *r;
    output *out;              /* touched only by the printing worker */
    lint_result *ring;        /* window slots: input i lives in ring[i % window] */
    unsigned char *done;
    size_t window;
    size_t next;              /* the next input a worker takes */
    size_t printed;           /* inputs printed so far */
    int printing;             /* a worker is printing */
    pthread_mutex_t mu;       /* guards all of the above but r and out */
    pthread_cond_t can_work;
} pool;

static void *worker(void *arg)
{
    pool *p = arg;
    size_t n = p->r->nitems;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->next < n && p->next >= p->printed + p->window)
            pthread_cond_wait(&p->can_work, &p->mu);
        if (p->next >= n)
            break;
        size_t i = p->next++;
        pthread_mutex_unlock(&p->mu);
        lint_result res;
        check_item(p->r, &p->r->items[i], &res);
        pthread_mutex_lock(&p->mu);
        p->ring[i % p->window] = res;
        p->done[i % p->window] = 1;
        if (p->printing)
            continue;
        p->printing = 1;
        while (p->printed < n && p->done[p->printed % p->window]) {
            size_t k = p->printed;
            lint_result ready = p->ring[k % p->window];
            p->done[k % p->window] = 0;
            pthread_mutex_unlock(&p->mu);
            emit(p->r, p->out, &p->r->items[k], &ready);
            lint_result_release(&ready);
            pthread_mutex_lock(&p->mu);
            p->printed = k + 1;
            pthread_cond_broadcast(&p->can_work);
        }
        p->printing = 0;
    }
    pthread_mutex_unlock(&p->mu);
    lint_thread_end();
    return NULL;
}

static void check_all(const run *r, output *out, size_t nthreads)
{
    if (nthreads > r->nitems)
        nthreads = r->nitems;
    pthread_t *threads = NULL;
    size_t started = 0;
    pool p;
    if (nthreads > 1) {
        memset(&p, 0, sizeof p);
        p.r = r;
        p.out = out;
        p.window = 4 * nthreads;
        p.ring = xcalloc(p.window, sizeof *p.ring);
        p.done = xcalloc(p.window, 1);
        pthread_mutex_init(&p.mu, NULL);
        pthread_cond_init(&p.can_work, NULL);
        threads = xmalloc(nthreads * sizeof *threads);
        while (started < nthreads && pthread_create(&threads[started], NULL, worker, &p) == 0)
            started++;
    }
    if (started == 0) {
        for (size_t i = 0; i < r->nitems; i++) {
            lint_result res;
            check_item(r, &r->items[i], &res);
            emit(r, out, &r->items[i], &res);
            lint_result_release(&res);
        }
        lint_thread_end();
    } else {
        for (size_t t = 0; t < started; t++)
            pthread_join(threads[t], NULL);
    }
    if (nthreads > 1) {
        pthread_mutex_destroy(&p.mu);
        pthread_cond_destroy(&p.can_work);
        free(p.ring);
        free(p.done);
        free(threads);
    }
}

/* Every rule of every linter of the run, first occurrence of each id. */
static const rule **run_rules(const run *r, size_t *n)
{
    size_t cap = 0;
    for (size_t c = 0; c < r->ncfgs; c++)
        cap += linter_nrules(r->cfgs[c]->lt);
    const rule **v = xmalloc((cap ? cap : 1) * sizeof *v);
    *n = 0;
    for (size_t c = 0; c < r->ncfgs; c++)
        for (size_t i = 0; i < linter_nrules(r->cfgs[c]->lt); i++) {
            const rule *ru = linter_rule(r->cfgs[c]->lt, i);
            size_t k = 0;
            if (c > 0)
                while (k < *n && strcmp(v[k]->id, ru->id) != 0)
                    k++;
            else
                k = *n;
            if (k == *n)
                v[(*n)++] = ru;
        }
    return v;
}

static long default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : n;
}

/* The profile every config of the run shares, or NULL if they differ. */
static const char *run_profile(const run *r)
{
    const char *p = r->ncfgs ? r->cfgs[0]->cfg.profile : NULL;
    for (size_t c = 1; c < r->ncfgs && p; c++)
        if (strcmp(r->cfgs[c]->cfg.profile, p) != 0)
            p = NULL;
    return p;
}

/* Check and print the collected inputs; returns the exit status. */
static int check_inputs(run *r)
{
    const options *o = r->o;
    output out;
    memset(&out, 0, sizeof out);
    size_t nrules;
    const rule **rules = run_rules(r, &nrules);
    out.pc = (print_ctx){.out = stdout, .no_text = o->no_text, .color = o->color == COLOR_ALWAYS,
                         .version = PLAINSAFE_VERSION, .rules = rules, .nrules = nrules,
                         .profile = run_profile(r)};
    out.progress = r->nitems >= PROGRESS_MIN_FILES && isatty(STDERR_FILENO);
    if (!o->quiet)
        o->format->begin(&out.pc);
    check_all(r, &out, (size_t)(o->jobs ? o->jobs : default_jobs()));
    if (out.progress)
        progress_clear(&out);
    out.sum.exit_status = out.input_failed ? EXIT_INPUT : out.findings ? EXIT_FINDINGS : EXIT_CLEAN;
    if (!o->quiet)
        o->format->end(&out.pc, &out.sum);
    else if (o->format == &print_text || o->format == &print_pretty)
        print_verdict(&out.pc, &out.sum);
    free(rules);
    return out.sum.exit_status;
}

static int run_check(run *r)
{
    int rc = collect_inputs(r);
    return rc ? rc : check_inputs(r);
}

/* Free everything run r holds (not its options). */
static void run_release(run *r)
{
    for (size_t i = 0; i < r->nitems; i++) {
        free(r->items[i].path);
        free(r->items[i].display);
        free(r->items[i].error);
        free(r->items[i].data);
    }
    free(r->items);
    for (size_t i = 0; i < r->ncfgs; i++) {
        config_entry_release(r->cfgs[i]);
        free(r->cfgs[i]);
    }
    free(r->cfgs);
    free(r->walk_dir);
}

/* ---- the git pre-commit hook ------------------------------------------------- */

/* hook_staged's filter: a staged path is checked when its config's globs
 * select it. Paths are relative to the repository's top, where git runs the
 * hook. */
static int hook_wants(const char *path, void *arg)
{
    run *r = arg;
    r->walk_cfg = config_for(r, path);
    return r->walk_cfg != SIZE_MAX && config_wants(&r->cfgs[r->walk_cfg]->cfg, path);
}

static int hook_file(const char *path, unsigned char *data, size_t n, void *arg)
{
    run *r = arg;
    add_item(r, path, path, r->walk_cfg, NULL);
    r->items[r->nitems - 1].data = data;
    r->items[r->nitems - 1].len = n;
    return 0;
}

/* `plainsafe hook run`: check the staged text; on failure say how to go on. */
static int hook_run(run *r)
{
    lint_error err;
    err_clear(&err);
    if (hook_staged(hook_wants, hook_file, r, &err) < 0) {
        fprintf(stderr, "%s\n", err.msg);
        return EXIT_USAGE;
    }
    if (r->config_failed)
        return EXIT_USAGE;
    int rc = check_inputs(r);
    fflush(stdout);
    if (rc == EXIT_FINDINGS)
        fputs("plainsafe: commit blocked. To keep a finding, put "
              "<!-- plainsafe-disable-next-line RULE --> (Markdown)\n"
              "or #plainsafe-disable-next-line RULE (plain text) on the line above it; "
              "'git commit --no-verify' skips this check.\n", stderr);
    else if (rc == EXIT_INPUT)
        fputs("plainsafe: commit blocked: a staged file could not be checked (see above); "
              "'git commit --no-verify' skips this check.\n", stderr);
    return rc;
}

/* The absolute path of this program (malloc'd), for the hook to run when
 * plainsafe is not on PATH. */
static char *self_path(const char *argv0)
{
    char path[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n > 0) {
        path[n] = 0;
        return xstrdup(path);
    }
    char *real = realpath(argv0, NULL);
    return real ? real : xstrdup("plainsafe");
}

/* `plainsafe hook SUBCOMMAND ...`; argv[0] is "hook". */
static int hook_command(int argc, char **argv, const char *argv0)
{
    static const char *const subs[] = {"install", "uninstall", "run"};
    if (argc < 2)
        return usage_error("hook: say what to do: install [--force], uninstall or run");
    int k;
    if (parse_choice("hook", argv[1], subs, ARRAY_LEN(subs), &k))
        return EXIT_USAGE;
    if (k == 2) {
        options o;
        run r;
        memset(&r, 0, sizeof r);
        int rc = parse_args(&o, argc - 1, argv + 1, 1);
        r.o = &o;
        if (rc == 0 && o.mode != MODE_CHECK)
            rc = usage_error("'plainsafe hook run' only checks; run --help, --list-rules, "
                             "--explain and --self-test without 'hook run'");
        if (rc == 0)
            rc = hook_run(&r);
        run_release(&r);
        free(o.paths);
        return rc;
    }
    int force = 0;
    for (int i = 2; i < argc; i++) {
        if (k == 0 && strcmp(argv[i], "--force") == 0)
            force = 1;
        else
            return usage_error("hook %s: unexpected argument '%s'%s", subs[k], argv[i],
                               k == 0 ? " (only --force)" : "");
    }
    lint_error err;
    err_clear(&err);
    char *where = NULL;
    int rc;
    if (k == 0) {
        char *exe = self_path(argv0);
        rc = hook_install(exe, force, &where, &err);
        free(exe);
        if (rc == 0)
            printf("Installed the plainsafe pre-commit hook in %s\n", where);
    } else {
        rc = hook_uninstall(&where, &err);
        if (rc == 0)
            printf("Removed the plainsafe pre-commit hook from %s\n", where);
        else if (rc == 1)
            printf("No plainsafe pre-commit hook in %s: nothing to remove\n", where);
    }
    free(where);
    if (rc < 0) {
        fprintf(stderr, "%s\n", err.msg);
        return EXIT_USAGE;
    }
    return EXIT_CLEAN;
}

/* ---- rules: list, explain, self-test ---------------------------------------- */

/* The linter for the current directory's config (or --config). */
static const linter *cwd_linter(run *r)
{
    size_t c = config_for(r, r->o->stdin_filename ? r->o->stdin_filename : "./-");
    return c == SIZE_MAX ? NULL : r->cfgs[c]->lt;
}

/* The first sentence of text (up to ". " or the end), as a length. */
static int first_sentence(const char *text)
{
    const char *end = strstr(text, ". ");
    size_t n = end ? (size_t)(end - text) + 1 : strlen(text);
    const char *nl = memchr(text, '\n', n);
    if (nl)
        n = (size_t)(nl - text);
    return n > 1000 ? 1000 : (int)n;
}

static int list_rules(run *r)
{
    const linter *lt = cwd_linter(r);
    if (!lt)
        return EXIT_USAGE;
    size_t n = linter_nrules(lt), w = strlen("RULE");
    for (size_t i = 0; i < n; i++)
        if (strlen(linter_rule(lt, i)->id) > w)
            w = strlen(linter_rule(lt, i)->id);
    printf("%-*s  %-10s  %-9s  %s\n", (int)w, "RULE", "SEVERITY", "KIND", "DESCRIPTION");
    for (size_t i = 0; i < n; i++) {
        const rule *ru = linter_rule(lt, i);
        const char *desc = ru->reason && *ru->reason ? ru->reason : ru->message ? ru->message : "";
        printf("%-*s  %-10s  %-9s  %.*s\n", (int)w, ru->id, severity_name(ru->sev),
               ru->kind ? ru->kind->name : "?", first_sentence(desc), desc);
    }
    return EXIT_CLEAN;
}

static void print_list(const char *title, char *const *v, size_t n)
{
    if (!n)
        return;
    printf("\n%s\n", title);
    for (size_t i = 0; i < n; i++)
        printf("  - %s\n", v[i]);
}

static int explain(run *r)
{
    const linter *lt = cwd_linter(r);
    if (!lt)
        return EXIT_USAGE;
    const rule *ru = linter_find_rule(lt, r->o->explain);
    if (!ru) {
        size_t n = linter_nrules(lt);
        const char **ids = xmalloc((n ? n : 1) * sizeof *ids);
        for (size_t i = 0; i < n; i++)
            ids[i] = linter_rule(lt, i)->id;
        const char *dym = did_you_mean(r->o->explain, ids, n);
        if (dym)
            fprintf(stderr, "plainsafe: no rule '%s' (did you mean '%s'?); see --list-rules\n",
                    r->o->explain, dym);
        else
            fprintf(stderr, "plainsafe: no rule '%s'; see --list-rules\n", r->o->explain);
        free(ids);
        return EXIT_USAGE;
    }
    printf("%s: %s %s rule", ru->id, severity_name(ru->sev), ru->kind ? ru->kind->name : "?");
    if (ru->sev != ru->default_sev)
        printf(" (%s in its pack)", severity_name(ru->default_sev));
    printf(", defined in %s:%d\n", ru->file ? ru->file : "?", ru->line);
    printf("\nMessage: %s\n", ru->message ? ru->message : "");
    if (ru->reason && *ru->reason)
        printf("\nWhy: %s\n", ru->reason);
    print_list("Instead:", ru->suggestions, ru->nsugg);
    print_list("Flagged (bad examples):", ru->bad, ru->nbad);
    print_list("Not flagged (good examples):", ru->good, ru->ngood);
    return EXIT_CLEAN;
}

/* Print text on one line, control characters as spaces. */
static void put_example(const char *s)
{
    putchar('"');
    for (; *s; s++)
        putchar((unsigned char)*s < 0x20 ? ' ' : *s);
    putchar('"');
}

static int self_test(run *r)
{
    config_entry e;
    const char *cfg = r->o->config_file;
    char *found = cfg ? NULL : config_find(r->o->stdin_filename ? r->o->stdin_filename : "./-");
    int rc = config_entry_init(&e, r->o, cfg ? cfg : found, 1);
    free(found);
    if (rc < 0)
        return EXIT_USAGE;
    size_t passed = 0, failed = 0;
    for (size_t i = 0; i < linter_nrules(e.lt); i++) {
        const rule *ru = linter_rule(e.lt, i);
        for (int good = 0; good < 2; good++) {
            char *const *ex = good ? ru->good : ru->bad;
            size_t nex = good ? ru->ngood : ru->nbad;
            for (size_t k = 0; k < nex; k++) {
                lint_result res;
                linter_check(e.lt, "example.md", (const unsigned char *)ex[k], strlen(ex[k]),
                             LINT_SYNTAX_MARKDOWN, &res);
                const diag *hit = NULL;
                for (size_t d = 0; d < res.ndiags && !hit; d++)
                    if (strcmp(res.diags[d].rule, ru->id) == 0)
                        hit = &res.diags[d];
                if (good ? hit == NULL : hit != NULL) {
                    passed++;
                } else {
                    failed++;
                    printf("FAIL %s (%s:%d): %s example ", ru->id, ru->file ? ru->file : "?", ru->line,
                           good ? "good" : "bad");
                    put_example(ex[k]);
                    if (good)
                        printf(" drew, at column %zu: %s\n", (size_t)hit->col, hit->message);
                    else
                        printf(" drew no finding\n");
                }
                lint_result_release(&res);
            }
        }
    }
    lint_thread_end();
    config_entry_release(&e);
    printf("%zu passed, %zu failed\n", passed, failed);
    return failed ? EXIT_FINDINGS : EXIT_CLEAN;
}

/* ---- main ------------------------------------------------------------------ */

/* Output must have reached stdout: a write error is a failure (status 2). */
static int finish_output(int rc)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "plainsafe: cannot write the output: %s\n", strerror(errno));
        return EXIT_USAGE;
    }
    return rc;
}

int cli_main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "hook") == 0)
        return finish_output(hook_command(argc - 1, argv + 1, argv[0]));
    options o;
    int rc = parse_args(&o, argc, argv, 0);
    run r;
    memset(&r, 0, sizeof r);
    r.o = &o;
    if (rc == 0) {
        switch (o.mode) {
        case MODE_HELP: print_help(); break;
        case MODE_VERSION: printf("plainsafe %s\n", PLAINSAFE_VERSION); break;
        case MODE_LIST: rc = list_rules(&r); break;
        case MODE_EXPLAIN: rc = explain(&r); break;
        case MODE_SELF_TEST: rc = self_test(&r); break;
        default: rc = run_check(&r); break;
        }
    }
    run_release(&r);
    free(o.paths);
    return finish_output(rc);
}
