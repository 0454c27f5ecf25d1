/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * tcpresetstat: user-visible ABI shared by the kernel module and the CLI.
 *
 * Counters
 * --------
 * Every counter is a u64 that only grows (until an explicit reset) and is
 * kept per network namespace.  The meaning of each one is the product
 * specification (Documentation/counters.rst); the names below are the names
 * used in /proc/tcpresetstat, in JSON and (prefixed "tcpresetstat_") in
 * Prometheus output.  New counters are appended; numbers never change.
 *
 * /proc/tcpresetstat (also /proc/net/tcpresetstat), format version 1
 * -------------------------------------------------------------------
 * Line 1 is "version 1".  Then one "name value" line per total, in the order
 * of enum trs_counter.  Tables (added by later format revisions without
 * changing the version, since they only append) are introduced by a line
 * "table NAME ROWS", followed by one header line of column names and ROWS
 * rows of space-separated values.  Readers must ignore names and tables they
 * do not know.
 *
 * Generic netlink
 * ---------------
 * The family is named TRS_GENL_NAME.  Its commands and attributes are
 * described here when the family lands; until then the CLI reads /proc.
 */
#ifndef _UAPI_LINUX_TCPRESETSTAT_H
#define _UAPI_LINUX_TCPRESETSTAT_H

#define TRS_GENL_NAME		"tcpresetstat"
#define TRS_GENL_VERSION	1
#define TRS_PROC_NAME		"tcpresetstat"
#define TRS_PROC_FORMAT		1

/*
 * Totals.  TRS_CTR_<NAME> is the counter "<name>" (lower-cased); /proc
 * prints them in this order.
 */
enum trs_counter {
	TRS_CTR_RST_IN,
	TRS_CTR_RST_IN_REFUSED,
	TRS_CTR_RST_IN_RESET,
	TRS_CTR_RST_IN_OTHER,
	TRS_CTR_RST_OUT,
	TRS_CTR_RST_OUT_REFUSED,
	TRS_CTR_RST_OUT_ABORT,
	TRS_CTR_RST_OUT_OTHER,
	TRS_CTR_RST_FWD,
	TRS_CTR_MAX
};

#endif /* _UAPI_LINUX_TCPRESETSTAT_H */
