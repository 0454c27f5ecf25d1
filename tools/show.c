// SPDX-License-Identifier: GPL-2.0
#include "ctx.h"
#include "subcommands.h"

int show_main(int argc, char *argv[], const struct trs_opts *o)
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

	trs_print_snapshot(stdout, &snap, fmt, o->zeros);
	trs_snapshot_free(&snap);
	return TRS_EXIT_OK;

err:
	trs_print_error(&err, fmt);
	return ret;
}
