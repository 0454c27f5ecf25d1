// SPDX-License-Identifier: GPL-2.0
#ifndef TRS_SUBCOMMANDS_H
#define TRS_SUBCOMMANDS_H

#include "output.h"

#define PROG_NAME "tcpresetstat"

/* Global options, given before the subcommand. */
struct trs_opts {
	enum trs_format fmt;
	bool zeros;		/* -z: text shows zero counters and rows too */
};

/* argv[0] is the subcommand's name; argc is 0 when it was implied. */
int show_main(int argc, char *argv[], const struct trs_opts *o);
int table_main(int argc, char *argv[], const struct trs_opts *o);
int reset_main(int argc, char *argv[], const struct trs_opts *o);

/* Reports a bad argument and returns TRS_EXIT_USAGE. */
int usage_error(enum trs_format fmt, const char *what, const char *reason);

#endif /* TRS_SUBCOMMANDS_H */
