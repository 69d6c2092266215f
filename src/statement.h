/* statement.h — the language analysis behind the statement rules: what one
 * danger statement, safety goal, harm statement or scaling line says, found
 * with lexicons (dictionaries/statements.yml, phrase sets) and sentence
 * structure, without a statistical model. rule_statement.c finds the
 * statements in a document and decides what to report.
 */
#ifndef PLAINSAFE_STATEMENT_H
#define PLAINSAFE_STATEMENT_H

#include <stddef.h>
#include "util.h"
#include "phraseset.h"
#include "segment.h"
#include "ynode.h"

/* STMT_OTHER: a heading that names another part of the assessment
 * ("Complicating factors"); STMT_NONE: no known heading. */
typedef enum { STMT_NONE, STMT_DANGER, STMT_SAFETY, STMT_HARM, STMT_SCALE, STMT_OTHER } stmt_type;

/* Lexicon words as read from YAML: (category, phrase) pairs, owned. */
typedef struct {
    int *cat;
    char **phrase;
    size_t n, cap;
} stmt_words;

/* Read a lexicon map (the schema of dictionaries/statements.yml); unknown
 * categories are located errors. Appends to w. Returns 0 or -1. */
int stmt_words_read(stmt_words *w, const ynode *map, lint_error *err);
void stmt_words_release(stmt_words *w);

/* The phrase set of lexicon words: each phrase's id is its category. */
phrase_set *stmt_words_set(const stmt_words *w);
/* The set of the words of dictionaries/statements.yml, built when the binary
 * was built (embedded.c). */
extern const phrase_set embedded_lexicon;

typedef struct stmt_lexicon stmt_lexicon;

/* A lexicon holding the built-in words. */
stmt_lexicon *stmt_lexicon_new(void);
/* Add the words of w (copied). */
void stmt_lexicon_add(stmt_lexicon *lx, const stmt_words *w);
void stmt_lexicon_free(stmt_lexicon *lx);

/* What the analysis learns about names across one document: children's names
 * ("baby Max", the subject of "could be hurt") and adults' names (someone
 * who is worried, or who will do a goal). The first verdict on a name
 * stands. Owned, normalised strings. */
typedef struct {
    char **child;
    size_t nchild, cchild;
    char **adult;
    size_t nadult, cadult;
} stmt_memory;

void stmt_memory_release(stmt_memory *m);

/* Facts about one statement (bits of stmt_facts.flags). */
enum {
    SF_WORRY_EXPR = 1u << 0,  /* an expression of worry ("is worried", "concerns") */
    SF_WHO = 1u << 1,         /* someone named as worried */
    SF_WHAT = 1u << 2,        /* a specific behaviour of an adult */
    SF_WORRY = 1u << 3,       /* what could happen to a child */
    SF_NAMED = 1u << 4,       /* an adult, role, agency or network named anywhere */
    SF_OBSERVABLE = 1u << 5,  /* something that will be seen happening */
    SF_ABSENCE = 1u << 6,     /* something that will stop */
    SF_SERVICE = 1u << 7,     /* a service, course, test or "engagement" */
    SF_TIMESCALE = 1u << 8,   /* for how long or by when */
    SF_WHEN = 1u << 9,        /* a time anchor (harm) */
    SF_PAST_ACT = 1u << 10,   /* a behaviour in the past tense */
    SF_MODAL = 1u << 11,      /* a future modal or condition */
    SF_ZERO = 1u << 12,       /* 0 on a scale is defined */
    SF_TEN = 1u << 13,        /* 10 on a scale is defined */
    SF_DOER = 1u << 14        /* an adult or network named as the one doing it */
};

typedef struct {
    unsigned flags;
    char vague[32];    /* the subject that named nobody as worried ("We"), or "" */
    char label[64];    /* the first label or diagnosis seen ("mental health"), or "" */
} stmt_facts;

/* Analyse one statement: the tokens of a paragraph or list item (from
 * segment_block; TF_SENT_START marks sentences). prior_named: a context
 * paragraph before it named someone, so "they are worried" names them. Learns
 * names into mem. */
void stmt_analyse(const stmt_lexicon *lx, stmt_memory *mem, const char *text, const token *toks,
                  size_t ntoks, int prior_named, stmt_facts *out);

/* The section a heading opens ("Danger statements", "2. Safety goals"),
 * STMT_OTHER for another known part, or STMT_NONE. */
stmt_type stmt_heading(const stmt_lexicon *lx, const char *text, const token *toks, size_t ntoks);

/* A paragraph that opens with a label ("Danger statement: ..."): its type,
 * and in *body the index of the first token after the colon; STMT_NONE if it
 * does not (scaling has no label form). */
stmt_type stmt_label(const stmt_lexicon *lx, const char *text, const token *toks, size_t ntoks,
                     size_t *body);

#endif
