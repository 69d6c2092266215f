/* readability.h — readability counts and scores, fed one block at a time by
 * the metric rule kind (rule_metric.c), and the report the printers show:
 * a JSON object for `file` records and the table of `plainsafe --stats`.
 *
 * Counting rules (docs/readability.md): a word is a word or number token
 * (contractions and hyphenated words are one word; code, URLs and e-mail
 * placeholders are not words); a sentence is a segmenter sentence with at
 * least one word (headings, list items and table cells are sentences of
 * their own); numbers count the syllables they have when read aloud.
 */
#ifndef PLAINSAFE_READABILITY_H
#define PLAINSAFE_READABILITY_H

#include <stddef.h>
#include "util.h"
#include "rule.h"
#include "syllable.h"

typedef struct {
    size_t words, sentences, syllables;
    size_t letters;         /* alphabetic characters */
    size_t chars;           /* letters and digits (ARI) */
    size_t polysyllables;   /* words of 3+ syllables (SMOG) */
    size_t complex_words;   /* Gunning: 3+ syllables, not a name, hyphenated, or made 3 by -ed/-es/-ing */
    size_t long_words;      /* more than 6 letters (LIX) */
} readability_counts;

/* Scores with the canonical constants. All are 0 when there are no words
 * (readability_json then writes null). */
typedef struct {
    double flesch_reading_ease, flesch_kincaid_grade, gunning_fog, smog, coleman_liau, ari, lix;
    double reading_age;     /* UK: Flesch-Kincaid grade + 5 */
} readability_scores;

void readability_score(const readability_counts *n, readability_scores *s);

typedef struct {
    readability_counts n;
    readability_scores s;
    int indicative;         /* fewer than 100 words */
    int smog_extrapolated;  /* fewer than 30 sentences */
} readability_stats;

/* A section's own text: the blocks whose innermost section it is. */
typedef struct {
    char *heading;          /* owned, whitespace collapsed; NULL for the text before any heading */
    size_t off, len;        /* the heading's span (or the section's first sentence) */
    int level;
    readability_stats st;
} readability_section;

typedef struct {
    size_t off, len;        /* the sentence's span */
    size_t words;
    double grade;           /* Flesch-Kincaid grade of the sentence alone */
} readability_sentence_ref;

#define READABILITY_HARDEST 5
/* Sentences shorter than this are not ranked among the hardest. */
#define READABILITY_HARD_MIN_WORDS 6

struct readability_report {
    readability_stats doc;
    readability_section *sections;   /* owned; sections with at least one word, in order */
    size_t nsections;
    readability_sentence_ref hardest[READABILITY_HARDEST];   /* highest grade first */
    size_t nhardest;
};

void readability_report_free(struct readability_report *r);

/* One sentence's counts as the accumulator saw them (for the metric rules). */
typedef struct {
    size_t off, len;
    readability_counts n;   /* n.sentences is 1, or 0 for a sentence without words */
    double grade;           /* Flesch-Kincaid grade; 0 without words */
} readability_sentence;

typedef struct readability_acc readability_acc;

/* An accumulator for one document; m and d must outlive it. */
readability_acc *readability_acc_new(const syllable_model *m, const document *d);
/* Count one block (blocks in document order). Returns the block's sentences,
 * parallel to bv->sents (*n of them), valid until the next call. */
const readability_sentence *readability_acc_block(readability_acc *a, const block_view *bv, size_t *n);
/* Finish: the report (caller owns; readability_report_free) and the
 * accumulator is freed. */
struct readability_report *readability_acc_finish(readability_acc *a);
/* Free an accumulator without a report. */
void readability_acc_free(readability_acc *a);
/* Accumulators share their thread's memo of per-token facts, which outlives
 * them; this frees the calling thread's. */
void readability_thread_end(void);

/* The 1-based lines of r's sections (r->nsections of them, into
 * section_lines) and hardest sentences (r->nhardest, into hardest_lines) in
 * src, the source the report was made from; a line ends at '\n'. One pass. */
void readability_lines(const struct readability_report *r, const char *src, size_t len, size_t *section_lines,
                       size_t *hardest_lines);
/* The JSON object (no newline): the document's counts and scores, unrounded
 * (shortest round-trip form), "indicative", "smog_extrapolated", "hardest"
 * and "sections" with the same keys plus "heading" and "line" (in src, the
 * source the report was made from). */
void readability_json(buf *out, const struct readability_report *r, const char *src, size_t len);
/* The --stats table for the source text the report was made from. */
void readability_table(buf *out, const struct readability_report *r, const char *src, size_t len);

#endif
