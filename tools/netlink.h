// SPDX-License-Identifier: GPL-2.0
#ifndef TRS_NETLINK_H
#define TRS_NETLINK_H

#include "ctx.h"

/* Fill @snap from the generic netlink family; 0, or an exit code. */
int trs_nl_read_snapshot(struct trs_ctx *ctx, struct trs_snapshot *snap,
			 struct trs_error *err);

#endif /* TRS_NETLINK_H */
