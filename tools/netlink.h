// SPDX-License-Identifier: GPL-2.0
#ifndef TRS_NETLINK_H
#define TRS_NETLINK_H

#include "ctx.h"

/* Fill @snap from the generic netlink family; 0, or an exit code. */
int trs_nl_read_snapshot(struct trs_ctx *ctx, struct trs_snapshot *snap,
			 struct trs_error *err);

/* TRS_CMD_RESET of one table, or of everything when @table < 0. */
int trs_nl_reset(struct trs_ctx *ctx, int table, struct trs_error *err);

#endif /* TRS_NETLINK_H */
