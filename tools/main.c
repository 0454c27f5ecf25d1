// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "subcommands.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int help_main(int argc, char *argv[], const struct trs_opts *o);

static const struct {
	const char *name;
	int (*fn)(int argc, char *argv[], const struct trs_opts *o);
	const char *help;
} subcommands[] = {
	{ "show", show_main, "print the totals and tables (default)" },
	{ "ports", table_main, "print the ports table" },
	{ "peers", table_main, "print the peers table" },
	{ "destinations", table_main, "print the destinations table" },
	{ "reset", reset_main, "[TABLE] zero every counter, or empty one table" },
	{ "help", help_main, "print this help" },
};

static void show_usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s [OPTIONS] [SUBCOMMAND]\n\n", PROG_NAME);
	fprintf(f, "TCP reset and failed-open counters of this network namespace.\n\n");
	fprintf(f, "Subcommands:\n");
	for (i = 0; i < ARRAY_SIZE(subcommands); i++)
		fprintf(f, "  %-12s %s\n", subcommands[i].name, subcommands[i].help);
	fprintf(f, "\nOptions:\n"
		   "  -j, --json     print JSON\n"
		   "  -p, --pretty   print indented JSON (implies --json)\n"
		   "  -z, --zeros    also print zero counters and all-zero rows (text)\n"
		   "  -h, --help     print this help\n"
		   "  -V, --version  print the version\n"
		   "\nEnvironment:\n"
		   "  TCPRESETSTAT_PROC  read this file, in the format of /proc/tcpresetstat,\n"
		   "                     instead of asking the kernel (for tests)\n"
		   "\nExit status: 0 ok, 1 error, 2 bad arguments, 3 module not loaded,\n"
		   "4 permission denied.\n");
}

static int help_main(int argc, char *argv[], const struct trs_opts *o)
{
	if (argc > 1)
		return usage_error(o->fmt, argv[1], "unexpected argument");
	show_usage(stdout);
	return TRS_EXIT_OK;
}

int usage_error(enum trs_format fmt, const char *what, const char *reason)
{
	struct trs_error err;

	trs_error_set(&err, TRS_EXIT_USAGE, what, "%s; see: %s help", reason, PROG_NAME);
	trs_print_error(&err, fmt);
	return err.code;
}

static int run(int argc, char *argv[], struct trs_opts *o)
{
	bool help = false, version = false;
	const char *bad = NULL;
	int i;
	size_t s;

	/* Options come before the subcommand; the first unknown one is reported. */
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			i++;
			break;
		} else if (!strcmp(a, "-j") || !strcmp(a, "--json")) {
			if (o->fmt == TRS_FMT_TEXT)
				o->fmt = TRS_FMT_JSON;
		} else if (!strcmp(a, "-p") || !strcmp(a, "--pretty")) {
			o->fmt = TRS_FMT_JSON_PRETTY;
		} else if (!strcmp(a, "-z") || !strcmp(a, "--zeros")) {
			o->zeros = true;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			help = true;
		} else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			version = true;
		} else if (!bad) {
			bad = a;
		}
	}
	if (bad)
		return usage_error(o->fmt, bad, "unknown option");
	if (help)
		return help_main(1, argv, o);
	if (version) {
		printf("%s %s\n", PROG_NAME, TRS_VERSION);
		return TRS_EXIT_OK;
	}
	if (i == argc)
		return show_main(0, argv + i, o);
	for (s = 0; s < ARRAY_SIZE(subcommands); s++)
		if (!strcmp(argv[i], subcommands[s].name))
			return subcommands[s].fn(argc - i, argv + i, o);
	return usage_error(o->fmt, argv[i], "unknown subcommand");
}

int main(int argc, char *argv[])
{
	struct trs_opts o = { .fmt = TRS_FMT_TEXT };
	int ret = run(argc, argv, &o);

	/* A full disk or closed pipe must not look like success to scripts. */
	errno = 0;
	if (fflush(stdout) || ferror(stdout)) {
		struct trs_error err;

		trs_error_set(&err, TRS_EXIT_ERROR, "stdout", "%s",
			      errno ? strerror(errno) : "write error");
		trs_print_error(&err, TRS_FMT_TEXT);
		return err.code;
	}
	return ret;
}
