// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "ctx.h"
#include "subcommands.h"

/* show, or a table's name: that table alone. */
static int print_main(int argc, char *argv[], const struct trs_opts *o,
		      const char *only)
{
	enum trs_format fmt = o->fmt;
	struct trs_snapshot snap = { 0 };
	struct trs_error err;
	struct trs_ctx ctx;
	int ret;

	if (argc > 1)
		return usage_error(fmt, argv[1], "unexpected argument");

	ret = trs_ctx_init(&ctx, &err);
	if (ret)
		goto err;
	ret = trs_read_snapshot(&ctx, &snap, &err);
	trs_ctx_fini(&ctx);
	if (ret)
		goto err;

	trs_print_snapshot(stdout, &snap, fmt, o->zeros, only);
	trs_snapshot_free(&snap);
	return TRS_EXIT_OK;

err:
	trs_print_error(&err, fmt);
	return ret;
}

int show_main(int argc, char *argv[], const struct trs_opts *o)
{
	return print_main(argc, argv, o, NULL);
}

int table_main(int argc, char *argv[], const struct trs_opts *o)
{
	return print_main(argc, argv, o, argv[0]);
}

int reset_main(int argc, char *argv[], const struct trs_opts *o)
{
	static const char *const tables[] = { "ports", "peers", "destinations" };
	struct trs_error err;
	struct trs_ctx ctx;
	int table = -1, ret, i;

	if (argc > 2)
		return usage_error(o->fmt, argv[2], "unexpected argument");
	if (argc == 2) {
		for (i = 0; i < 3; i++)
			if (!strcmp(argv[1], tables[i]))
				table = i;
		if (table < 0)
			return usage_error(o->fmt, argv[1],
					   "not a table (ports, peers, destinations)");
	}
	ret = trs_ctx_init(&ctx, &err);
	if (!ret)
		ret = trs_reset(&ctx, table, &err);
	trs_ctx_fini(&ctx);
	if (ret)
		trs_print_error(&err, o->fmt);
	return ret;
}
