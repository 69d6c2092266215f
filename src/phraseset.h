/* phraseset.h — sets of word sequences matched on normalised tokens, the
 * shared matcher behind phrase rules and the statement lexicons.
 *
 * A phrase is words separated by single spaces, matched case-insensitively
 * against word and number tokens (token_norm forms), longest first; the cost
 * of a match attempt does not grow with the size of the set (a hash on the
 * first word, then the candidates for that word, longest first).
 * Punctuation tokens are not skipped: "contact, with" is not "contact with".
 * Inflection (when asked) generates at add time the regular forms of the
 * first word: -s/-es/-ies, -ed/-d/-ied (with consonant doubling), -ing (with
 * e-dropping and doubling): "step down" also matches "stepped down".
 */
#ifndef PLAINSAFE_PHRASESET_H
#define PLAINSAFE_PHRASESET_H

#include <stddef.h>
#include "segment.h"

typedef struct phrase_set phrase_set;

enum {
    PS_INFLECT = 1,     /* add the regular inflected forms of the first word */
    PS_CASE = 2         /* match case-sensitively (acronyms): compared with the raw token text */
};

phrase_set *phrase_set_new(void);
void phrase_set_free(phrase_set *s);
/* Add phrase with a borrowed value; flags PS_*. Adding the same phrase twice
 * keeps both values (match returns the first added). */
void phrase_set_add(phrase_set *s, const char *phrase, unsigned flags, void *value);
/* Longest phrase starting at token i: returns the number of tokens it spans
 * (0 if none) and its value. text is the plain text the tokens point into. */
size_t phrase_set_match(const phrase_set *s, const char *text, const token *toks, size_t ntoks,
                        size_t i, void **value);
/* Every phrase starting at token i, longest first: calls fn for each until it
 * returns non-zero; returns that value (0 if none stopped it). */
int phrase_set_each(const phrase_set *s, const char *text, const token *toks, size_t ntoks, size_t i,
                    int (*fn)(void *value, size_t ntok, void *arg), void *arg);

#endif
