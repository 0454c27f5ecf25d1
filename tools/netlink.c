// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink backend: a GET for totals and pressure, a dump per
 * table, turned into the same snapshot the /proc parser makes, so the
 * printers do not know where numbers came from.  ABI: tcpresetstat.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "netlink.h"
#include "tcpresetstat.h"
#include "tcpresetstat_names.h"

struct table_ctx {
	struct trs_table *t;
	enum trs_table_id id;
	int oom;
};

static const char *const key_cols[TRS_TBL_MAX] = {
	[TRS_TBL_PORTS] = "port",
	[TRS_TBL_PEERS] = "addr",
	[TRS_TBL_DESTS] = "local_addr addr remote_port",
};

static const char *const *const table_cols[TRS_TBL_MAX] = {
	[TRS_TBL_PORTS] = trs_port_cols,
	[TRS_TBL_PEERS] = trs_peer_cols,
	[TRS_TBL_DESTS] = trs_dest_cols,
};

static const unsigned int table_ncols[TRS_TBL_MAX] = {
	[TRS_TBL_PORTS] = TRS_PORT_MAX,
	[TRS_TBL_PEERS] = TRS_PEER_MAX,
	[TRS_TBL_DESTS] = TRS_DEST_MAX,
};

static const char *const table_names[TRS_TBL_MAX] = {
	[TRS_TBL_PORTS] = "ports",
	[TRS_TBL_PEERS] = "peers",
	[TRS_TBL_DESTS] = "destinations",
};

/* u64 values of a nest, by type - 1; types this tool does not know are skipped. */
static void read_u64_nest(struct nlattr *nest, uint64_t *v, unsigned int n)
{
	struct nlattr *a;
	int rem;

	memset(v, 0, n * sizeof(*v));
	nla_for_each_nested(a, nest, rem) {
		int type = nla_type(a);

		if (type >= 1 && (unsigned int)type <= n && nla_len(a) == 8)
			v[type - 1] = nla_get_u64(a);
	}
}

static int get_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[TRS_A_MAX + 1];
	struct trs_snapshot *s = arg;
	uint64_t ctr[TRS_CTR_MAX], pr[TRS_PR_MAX];
	unsigned int i;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, TRS_A_MAX, NULL) ||
	    !tb[TRS_A_TOTALS] || !tb[TRS_A_PRESSURE])
		return NL_STOP;
	read_u64_nest(tb[TRS_A_TOTALS], ctr, TRS_CTR_MAX);
	read_u64_nest(tb[TRS_A_PRESSURE], pr, TRS_PR_MAX);
	for (i = 0; i < TRS_CTR_MAX; i++)
		if (trs_snapshot_add_total(s, trs_counter_names[i], ctr[i]))
			return NL_STOP;
	for (i = 0; i < TRS_PR_MAX; i++)
		if (trs_snapshot_add_total(s, trs_pressure_names[i], pr[i]))
			return NL_STOP;
	return NL_OK;
}

static void format_addr(char *buf, size_t len, struct nlattr *a)
{
	struct in6_addr addr;

	if (!a || nla_len(a) != sizeof(addr)) {
		snprintf(buf, len, "?");
		return;
	}
	memcpy(&addr, nla_data(a), sizeof(addr));
	if (IN6_IS_ADDR_V4MAPPED(&addr))
		inet_ntop(AF_INET, &addr.s6_addr[12], buf, len);
	else
		inet_ntop(AF_INET6, &addr, buf, len);
}

static int row_cb(struct nl_msg *msg, void *arg)
{
	char cells[3 + TRS_COLS_MAX][INET6_ADDRSTRLEN];
	char *row[3 + TRS_COLS_MAX];
	struct nlattr *tb[TRS_A_MAX + 1];
	struct table_ctx *c = arg;
	uint64_t v[TRS_COLS_MAX];
	unsigned int i, nk = c->id == TRS_TBL_DESTS ? 3 : 1;
	unsigned int ncols = table_ncols[c->id];
	uint8_t kind;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, TRS_A_MAX, NULL) ||
	    !tb[TRS_A_ROW_KIND] || !tb[TRS_A_COUNTERS])
		return NL_SKIP;
	kind = nla_get_u8(tb[TRS_A_ROW_KIND]);
	for (i = 0; i < nk + ncols; i++)
		row[i] = cells[i];
	if (kind == TRS_ROW_OTHER || kind == TRS_ROW_EPHEMERAL) {
		for (i = 0; i < nk; i++)
			snprintf(cells[i], sizeof(cells[i]), "%s",
				 kind == TRS_ROW_OTHER ? "other" : "ephemeral");
	} else if (c->id == TRS_TBL_PORTS) {
		snprintf(cells[0], sizeof(cells[0]), "%u",
			 tb[TRS_A_PORT] ? nla_get_u16(tb[TRS_A_PORT]) : 0);
	} else if (c->id == TRS_TBL_PEERS) {
		format_addr(cells[0], sizeof(cells[0]), tb[TRS_A_ADDR]);
	} else {
		format_addr(cells[0], sizeof(cells[0]), tb[TRS_A_LOCAL_ADDR]);
		format_addr(cells[1], sizeof(cells[1]), tb[TRS_A_ADDR]);
		snprintf(cells[2], sizeof(cells[2]), "%u",
			 tb[TRS_A_PORT] ? nla_get_u16(tb[TRS_A_PORT]) : 0);
	}
	read_u64_nest(tb[TRS_A_COUNTERS], v, ncols);
	for (i = 0; i < ncols; i++)
		snprintf(cells[nk + i], sizeof(cells[nk + i]), "%" PRIu64, v[i]);
	if (trs_table_add_row(c->t, row)) {
		c->oom = 1;
		return NL_STOP;
	}
	return NL_OK;
}

/* @table >= 0 adds TRS_A_TABLE; @cb NULL waits for the ACK. */
static int request(struct trs_ctx *ctx, uint8_t cmd, int flags, int table,
		   nl_recvmsg_msg_cb_t cb, void *arg)
{
	struct nl_msg *msg = nlmsg_alloc();
	int ret;

	if (!msg)
		return -NLE_NOMEM;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, ctx->family, 0, flags,
			 cmd, TRS_GENL_VERSION) ||
	    (table >= 0 && nla_put_u8(msg, TRS_A_TABLE, table))) {
		nlmsg_free(msg);
		return -NLE_NOMEM;
	}
	if (!cb) {
		nl_socket_enable_auto_ack(ctx->sock);
		ret = nl_send_auto(ctx->sock, msg);
		nlmsg_free(msg);
		return ret < 0 ? ret : nl_wait_for_ack(ctx->sock);
	}
	nl_socket_modify_cb(ctx->sock, NL_CB_VALID, NL_CB_CUSTOM, cb, arg);
	ret = nl_send_auto(ctx->sock, msg);
	nlmsg_free(msg);
	if (ret < 0)
		return ret;
	return nl_recvmsgs_default(ctx->sock);
}

static int nl_error(struct trs_error *err, const char *what, int nlerr)
{
	int code = nlerr == -NLE_PERM ? TRS_EXIT_PERM : TRS_EXIT_ERROR;

	return trs_error_set(err, code, what, "%s", nl_geterror(nlerr));
}

int trs_nl_read_snapshot(struct trs_ctx *ctx, struct trs_snapshot *snap,
			 struct trs_error *err)
{
	unsigned int id, i;
	int ret;

	/* Requests are answered by a reply or an error: no ACK to wait for. */
	nl_socket_disable_auto_ack(ctx->sock);
	ret = request(ctx, TRS_CMD_GET, 0, -1, get_cb, snap);
	if (ret < 0)
		return nl_error(err, "netlink get", ret);

	for (id = 0; id < TRS_TBL_MAX; id++) {
		char *cols[3 + TRS_COLS_MAX], keys[64], *save = NULL, *k;
		struct table_ctx c = { .id = id };
		unsigned int n = 0;

		snprintf(keys, sizeof(keys), "%s", key_cols[id]);
		for (k = strtok_r(keys, " ", &save); k; k = strtok_r(NULL, " ", &save))
			cols[n++] = k;
		for (i = 0; i < table_ncols[id]; i++)
			cols[n++] = (char *)table_cols[id][i];
		c.t = trs_snapshot_add_table(snap, table_names[id]);
		if (!c.t || trs_table_set_cols(c.t, cols, n))
			return trs_error_set(err, TRS_EXIT_ERROR, "netlink", "%s",
					     strerror(ENOMEM));
		ret = request(ctx, TRS_CMD_GET_PORTS + id, NLM_F_DUMP, -1, row_cb, &c);
		/* Peers and destinations are for admins: show the rest. */
		if (ret == -NLE_PERM && id != TRS_TBL_PORTS)
			continue;
		if (ret < 0)
			return nl_error(err, table_names[id], ret);
		if (c.oom)
			return trs_error_set(err, TRS_EXIT_ERROR, "netlink", "%s",
					     strerror(ENOMEM));
	}
	return 0;
}

int trs_nl_reset(struct trs_ctx *ctx, int table, struct trs_error *err)
{
	int ret = request(ctx, TRS_CMD_RESET, 0, table, NULL, NULL);

	return ret < 0 ? nl_error(err, "reset", ret) : 0;
}
