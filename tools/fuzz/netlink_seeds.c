// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the seeds of fuzz_netlink.c into the directory given: the
 * messages the module sends (tcpresetstat.h), built with libnl as the
 * kernel builds them, one file per answer.  make fuzz-seeds runs it; the
 * files are committed, so changing this changes the corpus on purpose.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/netlink.h>

#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "tcpresetstat.h"

#define FAMILY	0x1c	/* a generic netlink family id, as the kernel gives them */

static const char *dir;
static FILE *out;

static void fail(const char *what)
{
	fprintf(stderr, "netlink_seeds: %s\n", what);
	exit(1);
}

static void begin(const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	out = fopen(path, "w");
	if (!out)
		fail(path);
}

static void end(void)
{
	if (fclose(out))
		fail("write");
}

static struct nl_msg *genl(uint8_t cmd, int flags)
{
	struct nl_msg *m = nlmsg_alloc();

	if (!m || !genlmsg_put(m, 4242, 7, FAMILY, 0, flags, cmd, TRS_GENL_VERSION))
		fail("genlmsg_put");
	return m;
}

/* Appends @m, padded as in the receive buffer, and frees it. */
static void put(struct nl_msg *m)
{
	struct nlmsghdr *nlh = nlmsg_hdr(m);
	static const char zeros[NLMSG_ALIGNTO];

	fwrite(nlh, 1, nlh->nlmsg_len, out);
	fwrite(zeros, 1, NLMSG_ALIGN(nlh->nlmsg_len) - nlh->nlmsg_len, out);
	nlmsg_free(m);
}

/*
 * A nest of u64s, type i + 1 holding @base + i, as the module's counters;
 * none for the bits of @left_out (what a kernel without tracepoints or
 * kprobes cannot count).
 */
static void counters(struct nl_msg *m, int type, unsigned int n, uint64_t base,
		     uint64_t left_out)
{
	struct nlattr *nest = nla_nest_start(m, type);
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!(left_out & (1ULL << i)))
			nla_put_u64(m, i + 1, base + i);
	nla_nest_end(m, nest);
}

static void u64_nest(struct nl_msg *m, int type, unsigned int n, uint64_t base)
{
	counters(m, type, n, base, 0);
}

static void addr(struct nl_msg *m, int type, const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1)
		fail(s);
	nla_put(m, type, sizeof(a), &a);
}

static void get_reply(bool reasons)
{
	static const char *const names[] = { "no_socket", "tcp_state", "unknown" };
	struct nl_msg *m = genl(TRS_CMD_GET, 0);
	struct nlattr *nest, *r;
	unsigned int i;

	u64_nest(m, TRS_A_TOTALS, TRS_CTR_MAX, 1);
	u64_nest(m, TRS_A_PRESSURE, TRS_PR_MAX, 100);
	if (reasons) {
		nest = nla_nest_start(m, TRS_A_REASONS);
		for (i = 0; i < 3; i++) {
			r = nla_nest_start(m, TRS_A_REASON);
			nla_put_string(m, TRS_A_REASON_NAME, names[i]);
			u64_nest(m, TRS_A_COUNTERS, TRS_REASON_MAX, i * 10);
			nla_nest_end(m, r);
		}
		nla_nest_end(m, nest);
	}
	put(m);
}

/* A row's key, as dump rows and alerts carry it. */
static void row_key(struct nl_msg *m, uint8_t kind, const char *local, const char *remote,
		    int port)
{
	nla_put_u8(m, TRS_A_ROW_KIND, kind);
	if (port >= 0)
		nla_put_u16(m, TRS_A_PORT, port);
	if (local)
		addr(m, TRS_A_LOCAL_ADDR, local);
	if (remote)
		addr(m, TRS_A_ADDR, remote);
}

/* One dump message: a row of table @cmd. */
static void row(uint8_t cmd, int flags, uint8_t kind, const char *local, const char *remote,
		int port, unsigned int ncols)
{
	struct nl_msg *m = genl(cmd, flags | NLM_F_MULTI);

	row_key(m, kind, local, remote, port);
	u64_nest(m, TRS_A_COUNTERS, ncols, port > 0 ? port : 3);
	put(m);
}

static void done(int flags)
{
	struct nl_msg *m = nlmsg_alloc_simple(NLMSG_DONE, NLM_F_MULTI | flags);
	int zero = 0;

	if (!m || nlmsg_append(m, &zero, sizeof(zero), NLMSG_ALIGNTO))
		fail("done");
	put(m);
}

static void dump_ports(int flags)
{
	row(TRS_CMD_GET_PORTS, flags, TRS_ROW_KEY, NULL, NULL, 7211, TRS_PORT_MAX);
	row(TRS_CMD_GET_PORTS, flags, TRS_ROW_EPHEMERAL, NULL, NULL, 0, TRS_PORT_MAX);
	row(TRS_CMD_GET_PORTS, flags, TRS_ROW_OTHER, NULL, NULL, -1, TRS_PORT_MAX);
	done(flags);
}

static void dump_peers(void)
{
	row(TRS_CMD_GET_PEERS, 0, TRS_ROW_KEY, NULL, "::ffff:192.0.2.1", -1, TRS_PEER_MAX);
	row(TRS_CMD_GET_PEERS, 0, TRS_ROW_KEY, NULL, "2001:db8::7", -1, TRS_PEER_MAX);
	row(TRS_CMD_GET_PEERS, 0, TRS_ROW_OTHER, NULL, NULL, -1, TRS_PEER_MAX);
	done(0);
}

static void dump_dests(void)
{
	row(TRS_CMD_GET_DESTS, 0, TRS_ROW_KEY, "::ffff:10.0.0.1", "::ffff:10.0.0.2", 443,
	    TRS_DEST_MAX);
	row(TRS_CMD_GET_DESTS, 0, TRS_ROW_KEY, "::1", "::1", 7211, TRS_DEST_MAX);
	row(TRS_CMD_GET_DESTS, 0, TRS_ROW_OTHER, NULL, NULL, -1, TRS_DEST_MAX);
	done(0);
}

/* What a kernel without tracepoints or kprobes leaves out: of the totals, of ports. */
#define NO_TP_TOTALS	(1ULL << TRS_CTR_RST_IN_RESET | 1ULL << TRS_CTR_RST_IN_OTHER | \
			 1ULL << TRS_CTR_OPEN_FAIL_ACTIVE | 1ULL << TRS_CTR_ESTAB_RESET | \
			 1ULL << TRS_CTR_EADDRNOTAVAIL)
#define NO_TP_PORTS	(1ULL << TRS_PORT_RST_IN_RESET | 1ULL << TRS_PORT_OPEN_FAIL_PASSIVE)

/* The GET reply and a ports dump of such a kernel: TRS_A_UNAVAILABLE names what is left out. */
static void unavailable(void)
{
	struct nl_msg *m = genl(TRS_CMD_GET, 0);
	struct nlattr *nest;

	counters(m, TRS_A_TOTALS, TRS_CTR_MAX, 1, NO_TP_TOTALS);
	u64_nest(m, TRS_A_PRESSURE, TRS_PR_MAX, 100);
	nest = nla_nest_start(m, TRS_A_UNAVAILABLE);
	nla_put_u64(m, TRS_UNAVAIL_TOTALS + 1, NO_TP_TOTALS);
	nla_put_u64(m, TRS_UNAVAIL_TABLE0 + TRS_TBL_PORTS + 1, NO_TP_PORTS);
	nla_nest_end(m, nest);
	put(m);
	m = genl(TRS_CMD_GET_PORTS, NLM_F_MULTI);
	nla_put_u8(m, TRS_A_ROW_KIND, TRS_ROW_KEY);
	nla_put_u16(m, TRS_A_PORT, 443);
	counters(m, TRS_A_COUNTERS, TRS_PORT_MAX, 443, NO_TP_PORTS);
	put(m);
	done(0);
}

static void config_reply(void)
{
	struct nl_msg *m = genl(TRS_CMD_CONFIG, 0);
	struct nlattr *nest = nla_nest_start(m, TRS_A_CONFIG);
	unsigned int i;

	for (i = 0; i < TRS_CFG_MAX; i++)
		nla_put_u32(m, i + 1, 1000 + i);
	nla_nest_end(m, nest);
	put(m);
}

static void alert(uint8_t kind, uint8_t row_kind, const char *local, const char *remote,
		  int port)
{
	struct nl_msg *m = genl(TRS_CMD_ALERT, 0);

	nla_put_u8(m, TRS_A_ALERT_KIND, kind);
	row_key(m, row_kind, local, remote, port);
	nla_put_u64(m, TRS_A_ALERT_VALUE, 120);
	nla_put_u64(m, TRS_A_ALERT_THRESHOLD, 50);
	nla_put_u32(m, TRS_A_ALERT_WINDOW_MS, 1000);
	nla_put_u64(m, TRS_A_ALERT_SUPPRESSED, 2);
	put(m);
}

/* The kernel's refusal of a CONFIG request, with its reason (extack). */
static void refusal(bool capped)
{
	struct nl_msg *req = genl(TRS_CMD_CONFIG, NLM_F_REQUEST | NLM_F_ACK);
	struct nlmsghdr *rh, *nlh;
	struct nlattr *nest = nla_nest_start(req, TRS_A_CONFIG);
	struct nlmsgerr e = { .error = -ERANGE };
	struct nl_msg *m;
	size_t echo;

	nla_put_u32(req, TRS_CFG_PORTS_MAX + 1, 99999999);
	nla_nest_end(req, nest);
	rh = nlmsg_hdr(req);
	e.msg = *rh;
	echo = capped ? 0 : rh->nlmsg_len - sizeof(*rh);
	m = nlmsg_alloc();
	nlh = m ? nlmsg_put(m, 4242, 7, NLMSG_ERROR, sizeof(e) + echo,
			    NLM_F_ACK_TLVS | (capped ? NLM_F_CAPPED : 0)) : NULL;
	if (!nlh)
		fail("error");
	memcpy(nlmsg_data(nlh), &e, sizeof(e));
	memcpy((char *)nlmsg_data(nlh) + sizeof(e), nlmsg_data(rh), echo);
	nla_put_string(m, NLMSGERR_ATTR_MSG, "ports_max: above the largest table");
	nla_put_u32(m, NLMSGERR_ATTR_OFFS, sizeof(*rh) + GENL_HDRLEN + 4);
	nlmsg_free(req);
	put(m);
}

int main(int argc, char *argv[])
{
	if (argc != 2)
		fail("usage: netlink_seeds DIR");
	dir = argv[1];

	begin("get");
	get_reply(true);
	end();
	begin("get-no-reasons");
	get_reply(false);
	end();
	begin("get-unavailable");
	unavailable();
	end();
	begin("dump-ports");
	dump_ports(0);
	end();
	begin("dump-ports-intr");
	dump_ports(NLM_F_DUMP_INTR);
	end();
	begin("dump-peers");
	dump_peers();
	end();
	begin("dump-destinations");
	dump_dests();
	end();
	begin("config");
	config_reply();
	end();
	begin("alerts");
	alert(TRS_ALERT_PORT_OPEN_FAIL, TRS_ROW_KEY, NULL, NULL, 80);
	alert(TRS_ALERT_DEST_OPEN_FAIL, TRS_ROW_KEY, "::ffff:10.0.0.1", "::ffff:10.0.0.2", 443);
	alert(TRS_ALERT_PEER_RST, TRS_ROW_OTHER, NULL, NULL, -1);
	alert(TRS_ALERT_DEST_EXHAUSTION, TRS_ROW_KEY, "::1", "2001:db8::9", 7211);
	alert(TRS_ALERT_MAX + 3, TRS_ROW_KEY, NULL, "2001:db8::1", -1);
	end();
	begin("error-capped");
	refusal(true);
	end();
	begin("error-echo");
	refusal(false);
	end();
	/* A whole read, as one buffer. */
	begin("all");
	get_reply(true);
	dump_ports(0);
	dump_peers();
	dump_dests();
	config_reply();
	alert(TRS_ALERT_PEER_RST, TRS_ROW_KEY, NULL, "::ffff:192.0.2.1", -1);
	refusal(true);
	end();
	return 0;
}
