/* spell.h — hunspell's answers behind a small interface, for spell rules.
 * spell.c is the only file that includes <hunspell.h>.
 *
 * A spell_dict is a description built at load time (the .aff/.dic paths,
 * checked to exist and to be UTF-8, plus accepted words) and is read-only
 * afterwards (but for its hunspell handle, opened on first need and used
 * under its own lock), so threads may share it. When the binary embeds a word
 * image made from the very same files (same sizes and mtimes), words are
 * answered from it exactly as Hunspell_spell would answer (spellimg.h); the
 * few words it cannot answer go to the dictionary's one hunspell handle, and
 * every word of a dictionary without an image to a hunspell handle the thread
 * opens on first need. Each thread memoises, per distinct
 * word hunspell answered or suggestions were asked for, whether it is spelt
 * right and (only for misspellings, at most once) its bounded suggestions.
 * spell_thread_end() frees the thread's handles and memos.
 */
#ifndef PLAINSAFE_SPELL_H
#define PLAINSAFE_SPELL_H

#include <stddef.h>
#include "util.h"

typedef struct spell_dict spell_dict;

/* Describe the dictionary for language (e.g. "en_GB") in dict_dir. Fails
 * (NULL, err set to "no hunspell dictionary for en_GB in DIR (install
 * hunspell-en-gb)" or a message about the encoding) when the files are
 * missing, unreadable or not UTF-8. max_sugg bounds the suggestions. */
spell_dict *spell_dict_new(const char *language, const char *dict_dir, size_t max_sugg, lint_error *err);
void spell_dict_free(spell_dict *d);
/* Accept a word (UTF-8). Only before the dictionary is first used. */
void spell_dict_add(spell_dict *d, const char *word, size_t len);
const char *spell_dict_language(const spell_dict *d);

/* Is word (n bytes of UTF-8) spelt right? From the image when it can
 * answer (through a small per-thread cache of its recent answers), else
 * memoised per thread. */
int spell_check(const spell_dict *d, const char *word, size_t n);
/* Suggestions for word: up to max_sugg strings owned by this thread's memo,
 * valid until the thread's next spell_check/spell_suggest call (or
 * spell_thread_end). Computed at most once per distinct word. */
size_t spell_suggest(const spell_dict *d, const char *word, size_t n, const char *const **out);

/* This thread's counters for d, for tests: distinct words entered in the
 * memo, memo hits, suggestion computations, and words hunspell was asked
 * about (the image could not answer them, or d has no image). */
void spell_stats(const spell_dict *d, size_t *lookups, size_t *hits, size_t *suggests, size_t *asked);

/* For tests: does d answer from an embedded word image? */
int spell_dict_imaged(const spell_dict *d);
/* For tests: make d ask hunspell about every word, as without an image.
 * Only before the dictionary is first used. */
void spell_dict_unimage(spell_dict *d);

void spell_thread_end(void);

#endif
