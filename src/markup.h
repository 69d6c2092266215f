/* markup.h — stage 2: source text in, plain text + blocks + directives out.
 *
 * Invariant (the whole position story rests on it): the plain text has
 * exactly the same length as the source, and plain byte i comes from source
 * byte i. Markup that rules must not see is overwritten with spaces (list
 * markers, '#', '>', emphasis markers, link destinations, HTML, code); a
 * code span, autolink, bare URL or e-mail address becomes one opaque
 * placeholder: its first byte is PLAIN_OPAQUE and the rest spaces, so a
 * sentence keeps a "word" there but no rule can fire inside it. An entity is
 * decoded in place (its UTF-8 is written at the '&' and the rest of the
 * entity becomes spaces). Rules only ever look inside block spans; text
 * outside every block (blank lines, code blocks, front matter, directives)
 * is never checked.
 */
#ifndef PLAINSAFE_MARKUP_H
#define PLAINSAFE_MARKUP_H

#include <stddef.h>
#include "util.h"

#define PLAIN_OPAQUE '\x1c'

typedef enum {
    BLK_PARA,      /* paragraph */
    BLK_HEADING,   /* heading; level 1..6 (plain-text headings are level 1) */
    BLK_ITEM,      /* list item paragraph; level = list nesting depth (1 = top) */
    BLK_CELL       /* table cell; level = 1 for header row cells, 0 otherwise */
} block_kind;

enum {
    BLK_F_QUOTE = 1,  /* inside a block quote */
    BLK_F_BOLD = 2    /* a paragraph whose whole text is strong emphasis (a "bold line") */
};

/* A block: one contiguous span of the plain text, ascending and
 * non-overlapping in the blocks array. off/len exclude the markup that was
 * blanked at the start and end (the span starts and ends on text). */
typedef struct {
    size_t off, len;
    block_kind kind;
    int level;
    unsigned flags;
} block;

typedef enum {
    DIR_DISABLE,            /* plainsafe-disable [RULE...]   until enable / end of file */
    DIR_ENABLE,             /* plainsafe-enable [RULE...] */
    DIR_DISABLE_NEXT_LINE   /* plainsafe-disable-next-line [RULE...] */
} directive_kind;

/* A suppression directive. nrules == 0 means "all rules". Rule names are
 * exact ids ("judgement.label") or pack prefixes ("judgement"). */
typedef struct {
    directive_kind kind;
    size_t off, len;        /* the directive's own span in the source */
    char **rules;           /* owned */
    size_t nrules;
} directive;

typedef struct {
    char *plain;            /* owned, or == the src passed in (plain_owned 0) */
    int plain_owned;
    size_t len;
    block *blocks;          /* owned */
    size_t nblocks;
    directive *dirs;        /* owned, in source order */
    size_t ndirs;
} markup;

/* Plain text: paragraphs separated by blank lines; a short line of its own
 * ending in ':' or written in capitals is a heading; lines "- x", "* x",
 * "1. x" are list items; "#plainsafe-..." or "[plainsafe-...]" lines of their
 * own are directives. The plain text aliases src. */
void markup_text(markup *m, const char *src, size_t len);
/* Markdown (CommonMark blocks + GFM tables, YAML front matter). */
void markup_md(markup *m, const char *src, size_t len);
void markup_release(markup *m);

#endif
