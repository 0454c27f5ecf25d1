// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE	/* setns() */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "ctx.h"
#include "libnl.h"
#include "netlink.h"
#include "proc.h"

#define LOAD_HINT "is the module loaded? try: sudo modprobe " TRS_GENL_NAME

/* All digits: a pid, when no namespace of /run/netns has the name. */
static bool is_pid(const char *name)
{
	return *name && strspn(name, "0123456789") == strlen(name) && strlen(name) < 12;
}

/*
 * As ip -n: only the network namespace changes, so /proc/self/net (and
 * /proc/tcpresetstat, a link to it) follows, while /sys and the mounts stay.
 * @name: under /run/netns; an absolute path (a bind mount, a process's
 * /proc/PID/ns/net); or a pid, when /run/netns has no such name.
 */
static int enter_netns(const char *name, struct trs_error *err)
{
	char path[4200], what[4200];
	const char *hint = "";
	int fd, ret = 0;

	snprintf(what, sizeof(what), "netns %s", name);
	if (*name == '/')
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	/* O_NONBLOCK: a FIFO named by mistake must not hang the open. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && is_pid(name)) {
		snprintf(path, sizeof(path), "/proc/%s/ns/net", name);
		fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		hint = fd < 0 && errno == ENOENT ? " (no such namespace name, nor process)" : "";
	} else if (fd < 0 && errno == ENOENT && *name != '/') {
		hint = " (ip netns list shows the names)";
	}
	if (fd < 0 || setns(fd, CLONE_NEWNET)) {
		int e = errno;

		ret = trs_error_set(err, e == EPERM || e == EACCES ? TRS_EXIT_PERM : TRS_EXIT_ERROR,
				    what, "%s", e == EINVAL ? "not a network namespace" : strerror(e));
		snprintf(err->reason + strlen(err->reason),
			 sizeof(err->reason) - strlen(err->reason), "%s", hint);
	}
	if (fd >= 0)
		close(fd);
	return ret;
}

int trs_ctx_init(struct trs_ctx *ctx, const char *netns, struct trs_error *err)
{
	const char *path = getenv("TCPRESETSTAT_PROC");
	int one = 1;

	*ctx = (struct trs_ctx){ .family = -1, .proc_path = "/proc/" TRS_PROC_NAME };
	if (netns && enter_netns(netns, err))
		return err->code;
	/* A file named by the caller is read as is, whatever the kernel offers. */
	if (path && *path) {
		ctx->proc_path = path;
		return 0;
	}

	ctx->sock = nl_socket_alloc();
	if (!ctx->sock)
		return trs_error_set(err, TRS_EXIT_ERROR, "netlink socket", "%s",
				     strerror(ENOMEM));
	/*
	 * Failing to connect or resolve is not an error: /proc answers without
	 * the family, and trs_read_snapshot() tells "not loaded" apart.
	 */
	if (!genl_connect(ctx->sock)) {
		int family = genl_ctrl_resolve(ctx->sock, TRS_GENL_NAME);

		if (family >= 0)
			ctx->family = family;
		/* The kernel's reasons for refusing (extack); older kernels lack it. */
		setsockopt(nl_socket_get_fd(ctx->sock), SOL_NETLINK, NETLINK_EXT_ACK,
			   &one, sizeof(one));
	}
	return 0;
}

void trs_ctx_fini(struct trs_ctx *ctx)
{
	nl_socket_free(ctx->sock);
	ctx->sock = NULL;
}

static int open_error(const struct trs_ctx *ctx, int errnum, struct trs_error *err)
{
	if (errnum == ENOENT && ctx->family < 0)
		return trs_error_set(err, TRS_EXIT_NOT_LOADED, ctx->proc_path, "%s%s (%s)",
				     strerror(errnum),
				     ctx->sock ? ", and no generic netlink family \""
						 TRS_GENL_NAME "\"" : "",
				     LOAD_HINT);
	if (errnum == EACCES || errnum == EPERM)
		return trs_error_set(err, TRS_EXIT_PERM, ctx->proc_path, "%s", strerror(errnum));
	return trs_error_set(err, TRS_EXIT_ERROR, ctx->proc_path, "%s", strerror(errnum));
}

int trs_need_family(const struct trs_ctx *ctx, const char *what, struct trs_error *err)
{
	if (ctx->family >= 0)
		return 0;
	return trs_error_set(err, TRS_EXIT_NOT_LOADED, what,
			     "no generic netlink family \"" TRS_GENL_NAME "\" (%s)", LOAD_HINT);
}

int trs_reset(struct trs_ctx *ctx, int table, struct trs_error *err)
{
	if (trs_need_family(ctx, "reset", err))
		return err->code;
	return trs_nl_reset(ctx, table, err);
}

/* The family's id now; true when it changed (gone, or another one). */
static bool resolve_again(struct trs_ctx *ctx)
{
	int family = genl_ctrl_resolve(ctx->sock, TRS_GENL_NAME);

	if (family < 0)
		family = -1;
	if (family == ctx->family)
		return false;
	if (family >= 0)
		ctx->reloads++;
	ctx->family = family;
	return true;
}

int trs_read_snapshot(struct trs_ctx *ctx, struct trs_snapshot *snap, struct trs_error *err)
{
	FILE *f;
	int ret;

	/* Gone at the last read: maybe back (a socket only if netlink connected). */
	if (ctx->family < 0 && ctx->sock && ctx->unloaded)
		resolve_again(ctx);
	if (ctx->family >= 0) {
		ret = trs_nl_read_snapshot(ctx, snap, err);
		if (!ret || ctx->nl_errno != ENOENT || !resolve_again(ctx))
			return ret;
		trs_snapshot_free(snap);
		if (ctx->family >= 0)
			return trs_nl_read_snapshot(ctx, snap, err);
		ctx->unloaded = true;
	}
	f = fopen(ctx->proc_path, "r");
	if (!f)
		return open_error(ctx, errno, err);
	ret = trs_proc_parse(f, ctx->proc_path, snap, err);
	fclose(f);
	return ret;
}
