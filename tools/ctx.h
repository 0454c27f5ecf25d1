// SPDX-License-Identifier: GPL-2.0
#ifndef TRS_CTX_H
#define TRS_CTX_H

#include <stdint.h>

#include "error.h"
#include "snapshot.h"
#include "tcpresetstat.h"

struct nl_sock;

/* Where snapshots come from: the generic netlink family, else /proc. */
struct trs_ctx {
	struct nl_sock *sock;	/* NULL when TCPRESETSTAT_PROC names the input */
	int family;		/* generic netlink family id, or -1 */
	const char *proc_path;
	int nl_errno;		/* of the kernel's last error reply */
	char extack[256];	/* and its message, if it had one */
	bool dump_intr;		/* a reply to the last request had NLM_F_DUMP_INTR */
	unsigned int reloads;	/* times the family came back with another id */
	bool unloaded;		/* the family went away while in use */
};

/*
 * Enters the network namespace @netns (a name under /run/netns, as ip -n;
 * NULL: stay), then opens the socket.  Both return 0, or an exit code with
 * @err filled.
 */
int trs_ctx_init(struct trs_ctx *ctx, const char *netns, struct trs_error *err);
/*
 * A snapshot, over netlink when the family answers.  When the family's id
 * is gone (ENOENT: the module was unloaded), it is resolved again: under
 * another id the module was reloaded, ctx->reloads counts it and the read
 * is made again; gone for good, /proc tells (not loaded).  A family absent
 * at the last read is looked for again each time.
 */
int trs_read_snapshot(struct trs_ctx *ctx, struct trs_snapshot *snap, struct trs_error *err);
void trs_ctx_fini(struct trs_ctx *ctx);

/* 0 when the family answers, else TRS_EXIT_NOT_LOADED with @err filled for @what. */
int trs_need_family(const struct trs_ctx *ctx, const char *what, struct trs_error *err);

/* Reset every counter (@table < 0) or one table; needs the family. */
int trs_reset(struct trs_ctx *ctx, int table, struct trs_error *err);

#endif /* TRS_CTX_H */
