/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tcpresetstat: ephemeral port pressure arithmetic, and when the sampler
 * may sample a namespace early.  Pure functions, so the KUnit suite
 * tcpresetstat_pressure drives them directly.
 */
#ifndef _TCPRESETSTAT_PRESSURE_H
#define _TCPRESETSTAT_PRESSURE_H

#include <linux/types.h>

#include "table.h"

unsigned int trs_ephemeral_ports(int lo, int hi, const unsigned long *reserved);
unsigned int trs_port_use_pct(unsigned int used, unsigned int ephemeral);

/* A destination's sockets on ephemeral ports, as one sample counted them. */
struct trs_dest_use {
	struct trs_key key;
	u32 tw;		/* in TIME_WAIT */
	u32 estab;	/* ESTABLISHED */
	u32 used;	/* every state holding the port: tw, estab and the rest */
};

unsigned int trs_top_dests(struct trs_dest_use *d, unsigned int n,
			   unsigned int top);

bool trs_sample_early(unsigned long due, unsigned long now,
		      unsigned long interval, unsigned long lead);

#endif /* _TCPRESETSTAT_PRESSURE_H */
