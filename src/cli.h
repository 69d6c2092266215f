/* cli.h — the command line, the only layer that knows argv, stdout, stderr
 * and exit statuses: options, input collection, one linter per config,
 * worker threads, and printing in input order. main.c only calls cli_main. */
#ifndef PLAINSAFE_CLI_H
#define PLAINSAFE_CLI_H

#define PLAINSAFE_VERSION "0.1.0"

/* Exit statuses (documented in --help and plainsafe.1). */
enum {
    EXIT_CLEAN = 0,       /* no findings at or above the fail level */
    EXIT_FINDINGS = 1,    /* findings at or above the fail level */
    EXIT_USAGE = 2,       /* usage or configuration error; nothing was checked */
    EXIT_INPUT = 3        /* an input could not be read or was skipped; the others were checked */
};

/* Run plainsafe with argv; returns the exit status. */
int cli_main(int argc, char **argv);

#endif
