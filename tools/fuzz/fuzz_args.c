// SPDX-License-Identifier: GPL-2.0
/*
 * The command line: trs_parse_args() (args.c) and the checks against the
 * subcommand (main.c, included to reach them).  An input is argv without
 * the program's name, each argument ended by a NUL byte (the last may
 * go without).  A command line
 * that passes is then taken as far as it goes without a kernel, a file or
 * a namespace: config's NAME=VALUE arguments are parsed, and the sample
 * snapshot is printed in the view the options ask for (as show, or as the
 * table named).  Seeds (corpus/args): the man page's examples and the
 * tests' command lines.
 */
#include "fuzz.h"

#define main trs_main
#include "../main.c"
#undef main

#define ARGS_MAX	64

static void use(int s, int npos, char **pos, const struct trs_opts *o)
{
	uint32_t vals[TRS_CFG_MAX];
	bool set[TRS_CFG_MAX];
	struct trs_error err;
	struct trs_view view;

	if (subcommands[s].fn == config_main)
		trs_parse_config_args(npos, pos, vals, set, &err);
	trs_opts_view(o, o->fmt == TRS_FMT_TEXT ? TRS_TEXT_TOP : 0, &view);
	trs_print_snapshot(fuzz_null(), fuzz_sample(), &view,
			   subcommands[s].fn == table_main ? pos[0] : NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *args = malloc(size + 1), *argv[ARGS_MAX + 2], **pos, *a;
	int argc = 0, npos, s, i, from;
	struct trs_error err;
	struct trs_opts o;

	FUZZ_ASSERT(args);
	memcpy(args, data, size);
	args[size] = '\0';
	argv[argc++] = PROG_NAME;
	for (a = args; argc <= ARGS_MAX && a < args + size; a += strlen(a) + 1)
		argv[argc++] = a;
	argv[argc] = NULL;
	/* As main() allocates it. */
	pos = calloc(argc + 1, sizeof(*pos));
	FUZZ_ASSERT(pos);

	trs_opts_init(&o);
	s = parse_command_line(argc, argv, &o, pos, &npos, &err);
	if (s < 0) {
		FUZZ_ASSERT(err.code == TRS_EXIT_USAGE);
		trs_print_error(&err, o.fmt);
	} else {
		/* The positionals, in the order given, none twice. */
		FUZZ_ASSERT(npos < argc && !pos[npos]);
		for (i = 0, from = 1; i < npos; i++, from++) {
			while (from < argc && argv[from] != pos[i])
				from++;
			FUZZ_ASSERT(from < argc);
		}
		use(s, npos, pos, &o);
	}
	free(pos);
	free(args);
	return 0;
}
