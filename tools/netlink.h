// SPDX-License-Identifier: GPL-2.0
#ifndef TRS_NETLINK_H
#define TRS_NETLINK_H

#include <stdbool.h>
#include <stdint.h>

#include "ctx.h"

/* Fill @snap from the generic netlink family; 0, or an exit code. */
int trs_nl_read_snapshot(struct trs_ctx *ctx, struct trs_snapshot *snap,
			 struct trs_error *err);

/* TRS_CMD_RESET of one table, or of everything when @table < 0. */
int trs_nl_reset(struct trs_ctx *ctx, int table, struct trs_error *err);

/*
 * TRS_CMD_CONFIG: changes the settings marked in @set to @vals, then reads
 * every setting into @out, marking in @have those the kernel reported (all
 * arrays have TRS_CFG_MAX entries).  An error the kernel explains (extack)
 * is reported with its words; a refused value is TRS_EXIT_USAGE.
 */
int trs_nl_config(struct trs_ctx *ctx, const uint32_t *vals, const bool *set, uint32_t *out,
		  bool *have, struct trs_error *err);

/*
 * An alert (TRS_CMD_ALERT) as a one-row table: kind, the row's key columns
 * (as in the dumps; "other" for the overflow row), value, threshold,
 * window_ms (when the kernel sent one) and suppressed.  Return non-zero to
 * stop receiving.
 */
typedef int (*trs_alert_fn)(const struct trs_table *alert, void *arg);

/* Joins the alerts group; trs_nl_receive() then hands each alert to @fn. */
int trs_nl_subscribe(struct trs_ctx *ctx, trs_alert_fn fn, void *arg, struct trs_error *err);
int trs_nl_fd(const struct trs_ctx *ctx);
/* Handles what the socket holds, without blocking; 0, or an exit code. */
int trs_nl_receive(struct trs_ctx *ctx, struct trs_error *err);

#endif /* TRS_NETLINK_H */
