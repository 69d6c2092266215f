/* main.c — the program entry point: everything about argv and exit statuses
 * lives in cli.c. */
#include "cli.h"

int main(int argc, char **argv)
{
    return cli_main(argc, argv);
}
