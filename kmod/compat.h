/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tcpresetstat: kernel-version differences, kept here so call sites stay
 * clean.  Prefer probing the target tree (a header or symbol exists) to
 * comparing version numbers.
 */
#ifndef _TCPRESETSTAT_COMPAT_H
#define _TCPRESETSTAT_COMPAT_H

#include <linux/version.h>

/* Built and tested against 6.1 (Debian bookworm); older trees lack APIs. */
#if KERNEL_VERSION(6, 1, 0) > LINUX_VERSION_CODE
#error "tcpresetstat needs Linux 6.1 or newer"
#endif

/*
 * Not PREEMPT_RT: tracepoint probes run with preemption disabled and take
 * the tables' spinlocks and GFP_ATOMIC allocations, which sleep there, and
 * the per-CPU row hints rely on BH-disabled sections excluding each other
 * on a CPU, which RT does not give with preemption disabled.
 */
#ifdef CONFIG_PREEMPT_RT
#error "tcpresetstat does not support PREEMPT_RT kernels yet"
#endif

/*
 * Admin-only multicast groups came with 6.7 and its stable backports;
 * earlier kernels let anyone join, so alerts, which name peers, are not
 * offered there.
 */
#include <net/genetlink.h>
#ifdef GENL_MCAST_CAP_NET_ADMIN
#define TRS_HAVE_ADMIN_MCAST	1
#define TRS_MCGRP_ADMIN		GENL_MCAST_CAP_NET_ADMIN
#else
#define TRS_HAVE_ADMIN_MCAST	0
#define TRS_MCGRP_ADMIN		0
#endif

#endif /* _TCPRESETSTAT_COMPAT_H */
