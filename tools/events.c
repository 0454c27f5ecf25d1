// SPDX-License-Identifier: GPL-2.0
/* events: the module's alerts as they come, one line or JSON object each. */
#include "netlink.h"
#include "subcommands.h"
#include "wait.h"

struct listener {
	struct trs_view view;
	uint64_t count, seen;
};

static int print_alert(const struct trs_table *alert, void *arg)
{
	struct listener *l = arg;

	trs_out_record(stdout, &l->view, alert, 0);
	fflush(stdout);
	return l->count && ++l->seen >= l->count;
}

/*
 * A kernel without admin-only multicast groups (5.10) lets anyone join the
 * alerts group, and the module gives such a socket nothing.  Reading the
 * settings needs CAP_NET_ADMIN as alerts do, so asking for them first
 * tells a user without it so on every kernel, rather than nothing.
 */
static int need_admin(struct trs_ctx *ctx, struct trs_error *err)
{
	uint32_t vals[TRS_CFG_MAX] = { 0 }, out[TRS_CFG_MAX];
	bool set[TRS_CFG_MAX] = { false }, have[TRS_CFG_MAX];
	int ret = trs_nl_config(ctx, vals, set, out, have, err);

	if (ret)
		snprintf(err->what, sizeof(err->what), "events");
	return ret;
}

int events_main(int argc, char *argv[], const struct trs_opts *o)
{
	struct listener l = { .count = o->count };
	struct trs_error err;
	struct trs_ctx ctx;
	double deadline;
	int ret;

	(void)argc;
	(void)argv;
	trs_opts_view(o, 0, &l.view);
	trs_wait_init();
	deadline = o->timeout ? trs_now() + o->timeout : 0;
	ret = trs_ctx_init(&ctx, o->netns, &err);
	if (!ret)
		ret = trs_need_family(&ctx, "events", &err);
	if (!ret)
		ret = need_admin(&ctx, &err);
	if (!ret)
		ret = trs_nl_subscribe(&ctx, print_alert, &l, &err);
	while (!ret && (!l.count || l.seen < l.count) && trs_wait(trs_nl_fd(&ctx), deadline) > 0)
		ret = trs_nl_receive(&ctx, &err);
	trs_ctx_fini(&ctx);
	return ret ? trs_fail(o, &err) : 0;
}
