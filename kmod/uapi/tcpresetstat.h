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
 * do not know.  A counter this kernel cannot count is left out: no line,
 * no column (never a zero in its place).
 *
 * Generic netlink
 * ---------------
 * The family is named TRS_GENL_NAME (resolve it by name; asking for it
 * loads the module).  It answers in the requester's network namespace.
 * Every counter is a u64 attribute, 8-byte aligned with TRS_A_PAD (or 0
 * inside the nests below).  Commands (enum trs_cmd):
 *
 * TRS_CMD_GET (do, anyone in the namespace)
 *	Reply: TRS_A_TOTALS, a nest whose attribute type (i + 1) holds
 *	counter i of enum trs_counter, and TRS_A_PRESSURE, likewise for
 *	enum trs_pressure.  Unknown types are newer counters: skip them.
 *	Counters this kernel cannot count (one without tracepoints or
 *	kretprobes: Documentation/counters.rst) are left out, of the nests
 *	here and of every dump, and listed in TRS_A_UNAVAILABLE: a nest
 *	whose type (i + 1) holds, for set i of enum trs_unavail_set, a u64
 *	with bit c set for each column c left out; a set with none is not
 *	sent, nor is the nest when nothing is unavailable.
 *
 * TRS_CMD_GET_PORTS, TRS_CMD_GET_PEERS, TRS_CMD_GET_DESTS,
 * TRS_CMD_GET_FORWARDED (dump)
 *	One message per table row, "other" last: TRS_A_ROW_KIND (u8, enum
 *	trs_row_kind), the key (ports: TRS_A_PORT; peers: TRS_A_ADDR;
 *	destinations: TRS_A_LOCAL_ADDR, TRS_A_ADDR, TRS_A_PORT, the remote
 *	port; forwarded: TRS_A_ADDR, TRS_A_PORT, the remote port) and
 *	TRS_A_COUNTERS, a nest whose type (i + 1) holds column i of enum
 *	trs_port_col / trs_peer_col / trs_dest_col / trs_fwd_col.  Optional filters:
 *	TRS_A_FILTER_PORT (the row's port), TRS_A_FILTER_ADDR with
 *	TRS_A_FILTER_PREFIX (the row's remote address is in that prefix;
 *	IPv4 as ::ffff:a.b.c.d/96+len), TRS_A_FILTER_MIN (some counter of the
 *	row is at least that).  A dump that spans several messages resumes
 *	where it stopped; if the table changed meanwhile (a row inserted or
 *	aged out) its messages carry NLM_F_DUMP_INTR and rows may be missing
 *	or repeated.  Tables with addresses (all but ports) need
 *	CAP_NET_ADMIN over the namespace's user namespace.  A module older
 *	than a table answers its dump with EOPNOTSUPP.
 *
 * TRS_CMD_RESET (do, CAP_NET_ADMIN)
 *	Zero every counter of the namespace, or with TRS_A_TABLE (u8, enum
 *	trs_table_id) empty that one table only.
 *
 * TRS_CMD_CONFIG (do, CAP_NET_ADMIN)
 *	Change the namespace's settings given in TRS_A_CONFIG, a nest whose
 *	type (i + 1) holds setting i of enum trs_config as a u32; settings
 *	not given are kept.  Every value is checked before any is applied:
 *	one bad value (extack names it) changes nothing.  The reply (same
 *	command) carries every setting in TRS_A_CONFIG; an empty request
 *	only reads them.  A new table size empties that table.
 *
 * TRS_CMD_ALERT (notification, multicast group TRS_MCGRP_ALERTS)
 *	Sent when a rate threshold of enum trs_config is crossed (or a
 *	destination becomes near exhaustion), once per crossing: a row
 *	alerts again only after a window below its threshold.  Rates are
 *	evaluated once a second.  TRS_A_ALERT_KIND (enum trs_alert_kind),
 *	the row's TRS_A_ROW_KIND and key attributes as in the dumps,
 *	TRS_A_ALERT_VALUE (events in the window, or port_use_pct),
 *	TRS_A_ALERT_THRESHOLD (per second, or the percentage),
 *	TRS_A_ALERT_WINDOW_MS, and TRS_A_ALERT_SUPPRESSED (alerts of the
 *	namespace dropped by alert_max_per_sec since the previous one sent;
 *	totals count alerts_sent and alerts_suppressed).  Joining the group
 *	needs CAP_NET_ADMIN over the namespace's user namespace; each
 *	member hears its own namespace only.
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
	TRS_CTR_OPEN_FAIL_ACTIVE,
	TRS_CTR_OPEN_FAIL_ACTIVE_REFUSED,
	TRS_CTR_OPEN_FAIL_ACTIVE_TIMEOUT,
	TRS_CTR_OPEN_FAIL_ACTIVE_UNREACH,
	TRS_CTR_OPEN_FAIL_ACTIVE_OTHER,
	TRS_CTR_OPEN_FAIL_PASSIVE,
	TRS_CTR_OPEN_FAIL_PASSIVE_RESET,
	TRS_CTR_OPEN_FAIL_PASSIVE_TIMEOUT,
	TRS_CTR_OPEN_FAIL_PASSIVE_LISTEN_DROP,
	TRS_CTR_ESTAB_RESET,
	TRS_CTR_EADDRNOTAVAIL,
	TRS_CTR_SAMPLER_RUNS,
	TRS_CTR_SAMPLER_NS_TOTAL,
	TRS_CTR_SAMPLER_SOCKETS,
	TRS_CTR_ALERTS_SENT,
	TRS_CTR_ALERTS_SUPPRESSED,
	TRS_CTR_OPEN_FAIL_FWD,		/* forwarded opens that failed: */
	TRS_CTR_OPEN_FAIL_FWD_REFUSED,
	TRS_CTR_OPEN_FAIL_FWD_UNREACH,
	TRS_CTR_OPEN_FAIL_FWD_TIMEOUT,
	TRS_CTR_OPEN_FWD_UNTRACKED,	/* not followed: forwarded_pending full */
	TRS_CTR_MAX
};

/*
 * Pressure (sampled, not counters): after the totals, in this order.
 * /proc prints them as "name value" lines too.
 */
enum trs_pressure {
	TRS_PR_TW_TOTAL,
	TRS_PR_TW_EPHEMERAL,
	TRS_PR_PORT_RANGE_LO,
	TRS_PR_PORT_RANGE_HI,
	TRS_PR_EPHEMERAL_PORTS,
	TRS_PR_TW_REUSE,
	TRS_PR_MAX_TW_BUCKETS,
	TRS_PR_MAX
};

/*
 * Tables.  In /proc each is "table NAME ROWS", a header line, then rows;
 * the key columns come first (ports: "port"; peers: "addr"; destinations:
 * "local_addr addr remote_port"; forwarded: "addr remote_port"), then the counters below in this order.
 * A key column reads "other" in the overflow row, and the ports table's
 * "ephemeral" row folds every port of ip_local_port_range.
 */
enum trs_table_id {
	TRS_TBL_PORTS,
	TRS_TBL_PEERS,
	TRS_TBL_DESTS,
	TRS_TBL_FWD,		/* "forwarded" */
	TRS_TBL_MAX
};

/* ports: by local TCP port. */
enum trs_port_col {
	TRS_PORT_RST_IN,
	TRS_PORT_RST_IN_REFUSED,
	TRS_PORT_RST_IN_RESET,
	TRS_PORT_RST_IN_OTHER,
	TRS_PORT_RST_OUT,
	TRS_PORT_RST_OUT_REFUSED,
	TRS_PORT_RST_OUT_ABORT,
	TRS_PORT_RST_OUT_OTHER,
	TRS_PORT_OPEN_FAIL_PASSIVE,
	TRS_PORT_OPEN_FAIL_PASSIVE_RESET,
	TRS_PORT_OPEN_FAIL_PASSIVE_TIMEOUT,
	TRS_PORT_OPEN_FAIL_PASSIVE_LISTEN_DROP,
	TRS_PORT_LISTEN_BACKLOG,	/* sampled: accept queue now */
	TRS_PORT_LISTEN_MAX,		/* sampled: its limit */
	TRS_PORT_MAX
};

/* peers: by remote address. */
enum trs_peer_col {
	TRS_PEER_RST_IN,
	TRS_PEER_RST_OUT,
	TRS_PEER_RST_FWD_SENT,
	TRS_PEER_RST_FWD_RCVD,
	TRS_PEER_OPEN_FAIL_ACTIVE,
	TRS_PEER_OPEN_FAIL_PASSIVE,
	TRS_PEER_ESTAB_RESET,
	TRS_PEER_OPEN_FAIL_FWD,		/* its forwarded opens that failed */
	TRS_PEER_MAX
};

/* destinations: by (local address, remote address, remote port). */
enum trs_dest_col {
	TRS_DEST_OPEN_FAIL_ACTIVE,
	TRS_DEST_OPEN_FAIL_ACTIVE_REFUSED,
	TRS_DEST_OPEN_FAIL_ACTIVE_TIMEOUT,
	TRS_DEST_OPEN_FAIL_ACTIVE_UNREACH,
	TRS_DEST_OPEN_FAIL_ACTIVE_OTHER,
	TRS_DEST_RST_IN_REFUSED,
	TRS_DEST_RST_IN_RESET,
	TRS_DEST_EADDRNOTAVAIL,
	TRS_DEST_TW,			/* sampled: ephemeral ports in TIME_WAIT */
	TRS_DEST_ESTAB,			/* sampled: ... in ESTABLISHED */
	TRS_DEST_PORT_USE_PCT,		/* sampled: ... in any state, in % */
	TRS_DEST_NEAR_EXHAUSTION,	/* sampled: port_use_pct >= threshold */
	TRS_DEST_MAX
};

/*
 * forwarded: opens this router forwards that fail, by (remote address,
 * remote port) as the client addressed them (before any NAT), and by cause.
 * Followed with nf_conntrack: Documentation/counters.rst.
 */
enum trs_fwd_col {
	TRS_FWD_OPEN_FAIL,
	TRS_FWD_OPEN_FAIL_REFUSED,	/* a RST answered the SYN */
	TRS_FWD_OPEN_FAIL_UNREACH,	/* an ICMP error about the SYN */
	TRS_FWD_OPEN_FAIL_TIMEOUT,	/* no answer until conntrack gave up */
	TRS_FWD_MAX
};

/*
 * reasons: outgoing RSTs by the kernel's own reason (enum sk_rst_reason,
 * Linux 6.10 and later), one column per class of rst_out.  Not a table of
 * keys: the GET reply carries it (TRS_A_REASONS), /proc prints it as table
 * "reasons" with key column "reason" (the kernel's name in lower case, or
 * "unknown"); rows with no RST are left out.
 */
enum trs_reason_col {
	TRS_REASON_RST_OUT_REFUSED,
	TRS_REASON_RST_OUT_ABORT,
	TRS_REASON_RST_OUT_OTHER,
	TRS_REASON_MAX
};

/*
 * The sets of columns TRS_A_UNAVAILABLE describes: the totals (enum
 * trs_counter), then each table (enum trs_table_id), in that order.
 */
enum trs_unavail_set {
	TRS_UNAVAIL_TOTALS,
	TRS_UNAVAIL_TABLE0,	/* + enum trs_table_id */
	TRS_UNAVAIL_MAX = TRS_UNAVAIL_TABLE0 + TRS_TBL_MAX
};

enum trs_cmd {
	TRS_CMD_UNSPEC,
	TRS_CMD_GET,
	TRS_CMD_GET_PORTS,
	TRS_CMD_GET_PEERS,
	TRS_CMD_GET_DESTS,
	TRS_CMD_RESET,
	TRS_CMD_CONFIG,
	TRS_CMD_ALERT,
	TRS_CMD_GET_FORWARDED,
	__TRS_CMD_MAX
};
#define TRS_CMD_MAX (__TRS_CMD_MAX - 1)

enum trs_attr {
	TRS_A_UNSPEC,
	TRS_A_PAD,
	TRS_A_TOTALS,		/* nest: u64 counters, type = index + 1 */
	TRS_A_PRESSURE,		/* nest: u64 values, type = index + 1 */
	TRS_A_TABLE,		/* u8: enum trs_table_id */
	TRS_A_ROW_KIND,		/* u8: enum trs_row_kind */
	TRS_A_PORT,		/* u16: local port (ports), remote port (dests) */
	TRS_A_ADDR,		/* binary, 16 bytes: remote address */
	TRS_A_LOCAL_ADDR,	/* binary, 16 bytes: local address */
	TRS_A_COUNTERS,		/* nest: u64 columns, type = index + 1 */
	TRS_A_FILTER_PORT,	/* u16 */
	TRS_A_FILTER_ADDR,	/* binary, 16 bytes */
	TRS_A_FILTER_PREFIX,	/* u8: 0..128, with TRS_A_FILTER_ADDR */
	TRS_A_FILTER_MIN,	/* u64 */
	TRS_A_CONFIG,		/* nest: u32 settings, type = index + 1 */
	TRS_A_ALERT_KIND,	/* u8: enum trs_alert_kind */
	TRS_A_ALERT_VALUE,	/* u64: events in the window, or a percentage */
	TRS_A_ALERT_THRESHOLD,	/* u64: the configured threshold */
	TRS_A_ALERT_WINDOW_MS,	/* u32: length of the window measured */
	TRS_A_ALERT_SUPPRESSED,	/* u64: alerts dropped by the rate limit */
	TRS_A_REASONS,		/* nest of TRS_A_REASON */
	TRS_A_REASON,		/* nest: TRS_A_REASON_NAME, TRS_A_COUNTERS */
	TRS_A_REASON_NAME,	/* string: "no_socket", ..., "unknown" */
	TRS_A_UNAVAILABLE,	/* nest: u64 column masks, enum trs_unavail_set */
	__TRS_A_MAX
};
#define TRS_A_MAX (__TRS_A_MAX - 1)

/* No table has more columns than this (a bound for fixed buffers). */
#define TRS_COLS_MAX	16

/*
 * Settings of a namespace (TRS_CMD_CONFIG, nest TRS_A_CONFIG, u32 each).
 * A new namespace starts from the module parameters of the same names.
 */
enum trs_config {
	TRS_CFG_PORTS_MAX,		/* rows; a new size empties the table */
	TRS_CFG_PEERS_MAX,
	TRS_CFG_DESTS_MAX,		/* "destinations_max" */
	TRS_CFG_IDLE_TIMEOUT,		/* s; 0: rows never age out */
	TRS_CFG_SAMPLE_INTERVAL_MS,	/* 0: sampler off */
	TRS_CFG_PRESSURE_TOP,		/* destinations given pressure gauges */
	TRS_CFG_EXHAUSTION_PCT,		/* near_exhaustion from this port use */
	TRS_CFG_ALERT_PORT_OPEN_FAIL,	/* failed passive opens/s on a port */
	TRS_CFG_ALERT_DEST_OPEN_FAIL,	/* failed active opens/s to a dest */
	TRS_CFG_ALERT_PEER_RST,		/* RSTs/s received from a peer */
	TRS_CFG_ALERT_MAX_PER_SEC,	/* alerts sent per second, at most */
	TRS_CFG_FORWARDED_MAX,		/* rows of the forwarded table */
	TRS_CFG_FORWARDED_PENDING,	/* forwarded opens followed at once */
	TRS_CFG_MAX
};

/* What an alert (TRS_CMD_ALERT) is about. */
enum trs_alert_kind {
	TRS_ALERT_PORT_OPEN_FAIL,	/* ports row: open_fail_passive rate */
	TRS_ALERT_DEST_OPEN_FAIL,	/* destinations row: open_fail_active */
	TRS_ALERT_PEER_RST,		/* peers row: rst_in rate */
	TRS_ALERT_DEST_EXHAUSTION,	/* destinations row: near_exhaustion */
	TRS_ALERT_MAX
};

#define TRS_MCGRP_ALERTS	"alerts"

/* What a table row stands for (TRS_A_ROW_KIND). */
enum trs_row_kind {
	TRS_ROW_KEY,		/* a real key */
	TRS_ROW_OTHER,		/* table full: every further key */
	TRS_ROW_EPHEMERAL,	/* ports: all ports of ip_local_port_range */
};

/*
 * The schema: what each table (and the totals, pressure and reasons) is
 * made of.  tcpresetstat_names.h holds one struct trs_schema each; /proc,
 * netlink, the settings and the CLI all read them.  Adding a column is a
 * line there (and its enum above) and the place that counts it.
 */
enum trs_col_kind {
	TRS_COL_COUNTER,	/* only grows, until a reset */
	TRS_COL_GAUGE,		/* sampled: goes up and down */
	TRS_COL_DERIVED,	/* computed when read: see struct trs_col */
};

struct trs_col {
	const char *name;
	unsigned char kind;		/* enum trs_col_kind */
	/*
	 * TRS_COL_DERIVED: column .of less the columns of .less (bits by
	 * index), clamped at 0.  It is not monotonic: it may dip while an
	 * event is half counted (in .of, not yet in its class).
	 */
	unsigned char of;
	unsigned long long less;
};

/* How a key column is carried: its netlink attribute and its text. */
enum trs_key_type {
	TRS_KEY_PORT,		/* u16; "other", or ports' "ephemeral" */
	TRS_KEY_ADDR,		/* 16 bytes, IPv4 v4-mapped; text as ip(8) */
	TRS_KEY_NAME,		/* string */
};

struct trs_key_col {
	const char *name;
	unsigned char type;		/* enum trs_key_type */
	unsigned char attr;		/* enum trs_attr */
};

struct trs_schema {
	const char *name;
	const struct trs_key_col *keys;	/* in /proc's order */
	unsigned int nkeys;
	const struct trs_col *cols;	/* by the table's column enum */
	unsigned int ncols;
};

#endif /* _UAPI_LINUX_TCPRESETSTAT_H */
