// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: /proc/net/tcpresetstat in every namespace, and the
 * /proc/tcpresetstat symlink to it, which resolves through /proc/self to the
 * reader's namespace.  Format: kmod/uapi/tcpresetstat.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/proc_fs.h>
#include <linux/seq_file.h>

#include "tcpresetstat.h"

static const char *const trs_counter_names[] = {
	[TRS_CTR_RST_IN]		= "rst_in",
	[TRS_CTR_RST_IN_REFUSED]	= "rst_in_refused",
	[TRS_CTR_RST_IN_RESET]		= "rst_in_reset",
	[TRS_CTR_RST_IN_OTHER]		= "rst_in_other",
	[TRS_CTR_RST_OUT]		= "rst_out",
	[TRS_CTR_RST_OUT_REFUSED]	= "rst_out_refused",
	[TRS_CTR_RST_OUT_ABORT]		= "rst_out_abort",
	[TRS_CTR_RST_OUT_OTHER]		= "rst_out_other",
	[TRS_CTR_RST_FWD]		= "rst_fwd",
};
static_assert(ARRAY_SIZE(trs_counter_names) == TRS_CTR_MAX);

static int trs_proc_show(struct seq_file *seq, void *v)
{
	struct trs_net *tn = trs_net(seq_file_single_net(seq));
	u64 ctr[TRS_CTR_MAX];
	int i;

	trs_stats_read(tn, ctr);
	seq_printf(seq, "version %d\n", TRS_PROC_FORMAT);
	for (i = 0; i < TRS_CTR_MAX; i++)
		seq_printf(seq, "%s %llu\n", trs_counter_names[i], ctr[i]);
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
