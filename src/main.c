/* main.c — the program entry point: everything about argv and exit statuses
 * lives in cli.c. */
#include "cli.h"

#include <malloc.h>

int main(int argc, char **argv)
{
#ifdef M_TOP_PAD
    /* Worker threads allocate from malloc arenas of their own, which grow by
     * the page (an mprotect each, and with it a TLB shootdown on every core)
     * unless padded: 16 MB of address space per growth, touched only as used. */
    mallopt(M_TOP_PAD, 16 << 20);
#endif
    return cli_main(argc, argv);
}
