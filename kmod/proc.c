// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: /proc/net/tcpresetstat in every namespace, and the
 * /proc/tcpresetstat symlink to it, which resolves through /proc/self to the
 * reader's namespace.  Format: kmod/uapi/tcpresetstat.h and
 * Documentation/counters.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/ipv6.h>

#include "tcpresetstat.h"

static const char *const trs_counter_names[] = {
	[TRS_CTR_RST_IN]				= "rst_in",
	[TRS_CTR_RST_IN_REFUSED]			= "rst_in_refused",
	[TRS_CTR_RST_IN_RESET]				= "rst_in_reset",
	[TRS_CTR_RST_IN_OTHER]				= "rst_in_other",
	[TRS_CTR_RST_OUT]				= "rst_out",
	[TRS_CTR_RST_OUT_REFUSED]			= "rst_out_refused",
	[TRS_CTR_RST_OUT_ABORT]				= "rst_out_abort",
	[TRS_CTR_RST_OUT_OTHER]				= "rst_out_other",
	[TRS_CTR_RST_FWD]				= "rst_fwd",
	[TRS_CTR_OPEN_FAIL_ACTIVE]			= "open_fail_active",
	[TRS_CTR_OPEN_FAIL_ACTIVE_REFUSED]		= "open_fail_active_refused",
	[TRS_CTR_OPEN_FAIL_ACTIVE_TIMEOUT]		= "open_fail_active_timeout",
	[TRS_CTR_OPEN_FAIL_ACTIVE_UNREACH]		= "open_fail_active_unreach",
	[TRS_CTR_OPEN_FAIL_ACTIVE_OTHER]		= "open_fail_active_other",
	[TRS_CTR_OPEN_FAIL_PASSIVE]			= "open_fail_passive",
	[TRS_CTR_OPEN_FAIL_PASSIVE_RESET]		= "open_fail_passive_reset",
	[TRS_CTR_OPEN_FAIL_PASSIVE_TIMEOUT]		= "open_fail_passive_timeout",
	[TRS_CTR_OPEN_FAIL_PASSIVE_LISTEN_DROP]		= "open_fail_passive_listen_drop",
	[TRS_CTR_ESTAB_RESET]				= "estab_reset",
	[TRS_CTR_EADDRNOTAVAIL]				= "eaddrnotavail",
	[TRS_CTR_SAMPLER_RUNS]				= "sampler_runs",
	[TRS_CTR_SAMPLER_NS_TOTAL]			= "sampler_ns_total",
	[TRS_CTR_SAMPLER_SOCKETS]			= "sampler_sockets",
};
static_assert(ARRAY_SIZE(trs_counter_names) == TRS_CTR_MAX);

static const char *const trs_port_cols[] = {
	[TRS_PORT_RST_IN]				= "rst_in",
	[TRS_PORT_RST_IN_REFUSED]			= "rst_in_refused",
	[TRS_PORT_RST_IN_RESET]				= "rst_in_reset",
	[TRS_PORT_RST_IN_OTHER]				= "rst_in_other",
	[TRS_PORT_RST_OUT]				= "rst_out",
	[TRS_PORT_RST_OUT_REFUSED]			= "rst_out_refused",
	[TRS_PORT_RST_OUT_ABORT]			= "rst_out_abort",
	[TRS_PORT_RST_OUT_OTHER]			= "rst_out_other",
	[TRS_PORT_OPEN_FAIL_PASSIVE]			= "open_fail_passive",
	[TRS_PORT_OPEN_FAIL_PASSIVE_RESET]		= "open_fail_passive_reset",
	[TRS_PORT_OPEN_FAIL_PASSIVE_TIMEOUT]		= "open_fail_passive_timeout",
	[TRS_PORT_OPEN_FAIL_PASSIVE_LISTEN_DROP]	= "open_fail_passive_listen_drop",
	[TRS_PORT_LISTEN_BACKLOG]			= "listen_backlog",
	[TRS_PORT_LISTEN_MAX]				= "listen_max",
};
static_assert(ARRAY_SIZE(trs_port_cols) == TRS_PORT_MAX);

static const char *const trs_peer_cols[] = {
	[TRS_PEER_RST_IN]			= "rst_in",
	[TRS_PEER_RST_OUT]			= "rst_out",
	[TRS_PEER_RST_FWD_SENT]			= "rst_fwd_sent",
	[TRS_PEER_RST_FWD_RCVD]			= "rst_fwd_rcvd",
	[TRS_PEER_OPEN_FAIL_ACTIVE]		= "open_fail_active",
	[TRS_PEER_OPEN_FAIL_PASSIVE]		= "open_fail_passive",
	[TRS_PEER_ESTAB_RESET]			= "estab_reset",
};
static_assert(ARRAY_SIZE(trs_peer_cols) == TRS_PEER_MAX);

static const char *const trs_dest_cols[] = {
	[TRS_DEST_OPEN_FAIL_ACTIVE]		= "open_fail_active",
	[TRS_DEST_OPEN_FAIL_ACTIVE_REFUSED]	= "open_fail_active_refused",
	[TRS_DEST_OPEN_FAIL_ACTIVE_TIMEOUT]	= "open_fail_active_timeout",
	[TRS_DEST_OPEN_FAIL_ACTIVE_UNREACH]	= "open_fail_active_unreach",
	[TRS_DEST_OPEN_FAIL_ACTIVE_OTHER]	= "open_fail_active_other",
	[TRS_DEST_RST_IN_REFUSED]		= "rst_in_refused",
	[TRS_DEST_RST_IN_RESET]			= "rst_in_reset",
	[TRS_DEST_EADDRNOTAVAIL]		= "eaddrnotavail",
	[TRS_DEST_TW]				= "tw",
	[TRS_DEST_ESTAB]			= "estab",
	[TRS_DEST_PORT_USE_PCT]			= "port_use_pct",
	[TRS_DEST_NEAR_EXHAUSTION]		= "near_exhaustion",
};

static const char *const trs_pressure_names[] = {
	[TRS_PR_TW_TOTAL]		= "tw_total",
	[TRS_PR_TW_EPHEMERAL]		= "tw_ephemeral",
	[TRS_PR_PORT_RANGE_LO]		= "port_range_lo",
	[TRS_PR_PORT_RANGE_HI]		= "port_range_hi",
	[TRS_PR_EPHEMERAL_PORTS]	= "ephemeral_ports",
	[TRS_PR_TW_REUSE]		= "tw_reuse",
	[TRS_PR_MAX_TW_BUCKETS]		= "max_tw_buckets",
};
static_assert(ARRAY_SIZE(trs_pressure_names) == TRS_PR_MAX);
static_assert(ARRAY_SIZE(trs_dest_cols) == TRS_DEST_MAX);

struct trs_table_fmt {
	const char *name;
	const char *keys;		/* key column names */
	const char *const *cols;
};

static const struct trs_table_fmt trs_table_fmts[TRS_TBL_MAX] = {
	[TRS_TBL_PORTS] = { "ports", "port", trs_port_cols },
	[TRS_TBL_PEERS] = { "peers", "addr", trs_peer_cols },
	[TRS_TBL_DESTS] = { "destinations", "local_addr addr remote_port",
			    trs_dest_cols },
};

static void trs_show_addr(struct seq_file *seq, const struct in6_addr *a)
{
	if (ipv6_addr_v4mapped(a))
		seq_printf(seq, "%pI4", &a->s6_addr32[3]);
	else
		seq_printf(seq, "%pI6c", a);
}

static void trs_show_key(struct seq_file *seq, enum trs_table_id id,
			 const struct trs_key *k)
{
	if (k->kind == TRS_ROW_OTHER) {
		seq_puts(seq, id == TRS_TBL_DESTS ? "other other other" : "other");
		return;
	}
	switch (id) {
	case TRS_TBL_PORTS:
		if (k->kind == TRS_ROW_EPHEMERAL)
			seq_puts(seq, "ephemeral");
		else
			seq_printf(seq, "%u", ntohs(k->port));
		break;
	case TRS_TBL_PEERS:
		trs_show_addr(seq, &k->raddr);
		break;
	default:
		trs_show_addr(seq, &k->laddr);
		seq_putc(seq, ' ');
		trs_show_addr(seq, &k->raddr);
		seq_printf(seq, " %u", ntohs(k->port));
		break;
	}
}

static int trs_show_table(struct seq_file *seq, struct trs_net *tn,
			  enum trs_table_id id)
{
	const struct trs_table_fmt *fmt = &trs_table_fmts[id];
	struct trs_table *t = &tn->tables[id];
	size_t size = trs_snap_size(t);
	unsigned int i, j, n;
	void *buf;

	/* Every row there may be, plus "other". */
	buf = kvmalloc_array(t->max_rows + 1, size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	n = trs_table_snapshot(t, buf, t->max_rows + 1);

	seq_printf(seq, "table %s %u\n%s", fmt->name, n, fmt->keys);
	for (j = 0; j < t->ncounters; j++)
		seq_printf(seq, " %s", fmt->cols[j]);
	seq_putc(seq, '\n');
	for (i = 0; i < n; i++) {
		struct trs_row_snap *row = buf + i * size;

		if (id == TRS_TBL_PORTS)
			row->ctr[TRS_PORT_RST_IN_OTHER] =
				trs_rst_in_other(row->ctr[TRS_PORT_RST_IN],
						 row->ctr[TRS_PORT_RST_IN_REFUSED],
						 row->ctr[TRS_PORT_RST_IN_RESET]);
		trs_show_key(seq, id, &row->key);
		for (j = 0; j < t->ncounters; j++)
			seq_printf(seq, " %llu", row->ctr[j]);
		seq_putc(seq, '\n');
	}
	kvfree(buf);
	return 0;
}

static int trs_proc_show(struct seq_file *seq, void *v)
{
	struct trs_net *tn = trs_net(seq_file_single_net(seq));
	u64 ctr[TRS_CTR_MAX], pr[TRS_PR_MAX];
	int i, err;

	trs_stats_read(tn, ctr);
	trs_pressure_read(tn, pr);
	seq_printf(seq, "version %d\n", TRS_PROC_FORMAT);
	for (i = 0; i < TRS_CTR_MAX; i++)
		seq_printf(seq, "%s %llu\n", trs_counter_names[i], ctr[i]);
	for (i = 0; i < TRS_PR_MAX; i++)
		seq_printf(seq, "%s %llu\n", trs_pressure_names[i], pr[i]);
	for (i = 0; i < TRS_TBL_MAX; i++) {
		err = trs_show_table(seq, tn, i);
		if (err)
			return err;
	}
	return 0;
}

int trs_proc_net_init(struct net *net)
{
	if (!proc_create_net_single(TRS_PROC_NAME, 0444, net->proc_net,
				    trs_proc_show, NULL))
		return -ENOMEM;
	return 0;
}

void trs_proc_net_exit(struct net *net)
{
	remove_proc_entry(TRS_PROC_NAME, net->proc_net);
}

int trs_proc_init(void)
{
	if (!proc_symlink(TRS_PROC_NAME, NULL, "net/" TRS_PROC_NAME))
		return -ENOMEM;
	return 0;
}

void trs_proc_exit(void)
{
	remove_proc_entry(TRS_PROC_NAME, NULL);
}
