// SPDX-License-Identifier: GPL-2.0
/* config: the namespace's settings (TRS_CMD_CONFIG), read or changed. */
#include <inttypes.h>
#include <stdio.h>

#include "names.h"
#include "netlink.h"
#include "subcommands.h"

int config_main(int argc, char *argv[], const struct trs_opts *o)
{
	struct trs_value v[TRS_CFG_MAX];
	uint32_t vals[TRS_CFG_MAX], out[TRS_CFG_MAX];
	bool set[TRS_CFG_MAX], have[TRS_CFG_MAX];
	struct trs_error err;
	struct trs_view view;
	struct trs_out doc;
	struct trs_ctx ctx;
	unsigned int id, n = 0;
	int ret;

	/* Every argument is checked before anything is sent. */
	ret = trs_parse_config_args(argc, argv, vals, set, &err);
	if (ret)
		return trs_fail(o, &err);
	ret = trs_ctx_init(&ctx, o->netns, &err);
	if (!ret)
		ret = trs_need_family(&ctx, "config", &err);
	if (!ret)
		ret = trs_nl_config(&ctx, vals, set, out, have, &err);
	trs_ctx_fini(&ctx);
	if (ret)
		return trs_fail(o, &err);

	for (id = 0; id < TRS_CFG_MAX; id++) {
		if (!have[id])
			continue;
		v[n].name = trs_configs.names[id];
		snprintf(v[n++].value, sizeof(v[0].value), "%" PRIu32, out[id]);
	}
	trs_opts_view(o, 0, &view);
	view.zeros = true;
	trs_out_begin(&doc, stdout, &view);
	trs_out_group(&doc, "config", v, n);
	trs_out_end(&doc);
	return TRS_EXIT_OK;
}
