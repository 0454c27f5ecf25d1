/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * tcpresetstat: the schema (struct trs_schema, tcpresetstat.h) of the
 * totals, pressure values and tables: the name, kind and place of every
 * column, indexed by the enums of tcpresetstat.h.  They are the ABI too:
 * /proc prints the names, and the CLI names what it reads over netlink
 * with them.  Shared by the module and the CLI; include it in one file of
 * each.
 */
#ifndef _UAPI_LINUX_TCPRESETSTAT_NAMES_H
#define _UAPI_LINUX_TCPRESETSTAT_NAMES_H

#include "tcpresetstat.h"

#ifdef __KERNEL__
#define TRS_NAMES_ASSERT(cond) static_assert(cond)
#else
#include <assert.h>
#define TRS_NAMES_ASSERT(cond) static_assert(cond, #cond)
#endif

#define TRS_NAMES_COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define TRS_COUNTER(n)		{ (n), TRS_COL_COUNTER, 0, 0 }
#define TRS_GAUGE(n)		{ (n), TRS_COL_GAUGE, 0, 0 }
#define TRS_DERIVED(n, of, less) { (n), TRS_COL_DERIVED, (of), (less) }
#define TRS_COL_BIT(c)		(1ULL << (c))
#define TRS_SCHEMA(n, k, c)	{ (n), (k), TRS_NAMES_COUNT(k), (c), TRS_NAMES_COUNT(c) }

static const struct trs_col trs_counter_cols[] = {
	[TRS_CTR_RST_IN]				= TRS_COUNTER("rst_in"),
	[TRS_CTR_RST_IN_REFUSED]			= TRS_COUNTER("rst_in_refused"),
	[TRS_CTR_RST_IN_RESET]				= TRS_COUNTER("rst_in_reset"),
	[TRS_CTR_RST_IN_OTHER]				=
		TRS_DERIVED("rst_in_other", TRS_CTR_RST_IN,
			    TRS_COL_BIT(TRS_CTR_RST_IN_REFUSED) |
			    TRS_COL_BIT(TRS_CTR_RST_IN_RESET)),
	[TRS_CTR_RST_OUT]				= TRS_COUNTER("rst_out"),
	[TRS_CTR_RST_OUT_REFUSED]			= TRS_COUNTER("rst_out_refused"),
	[TRS_CTR_RST_OUT_ABORT]				= TRS_COUNTER("rst_out_abort"),
	[TRS_CTR_RST_OUT_OTHER]				= TRS_COUNTER("rst_out_other"),
	[TRS_CTR_RST_FWD]				= TRS_COUNTER("rst_fwd"),
	[TRS_CTR_OPEN_FAIL_ACTIVE]			= TRS_COUNTER("open_fail_active"),
	[TRS_CTR_OPEN_FAIL_ACTIVE_REFUSED]		= TRS_COUNTER("open_fail_active_refused"),
	[TRS_CTR_OPEN_FAIL_ACTIVE_TIMEOUT]		= TRS_COUNTER("open_fail_active_timeout"),
	[TRS_CTR_OPEN_FAIL_ACTIVE_UNREACH]		= TRS_COUNTER("open_fail_active_unreach"),
	[TRS_CTR_OPEN_FAIL_ACTIVE_OTHER]		= TRS_COUNTER("open_fail_active_other"),
	[TRS_CTR_OPEN_FAIL_PASSIVE]			= TRS_COUNTER("open_fail_passive"),
	[TRS_CTR_OPEN_FAIL_PASSIVE_RESET]		= TRS_COUNTER("open_fail_passive_reset"),
	[TRS_CTR_OPEN_FAIL_PASSIVE_TIMEOUT]		= TRS_COUNTER("open_fail_passive_timeout"),
	[TRS_CTR_OPEN_FAIL_PASSIVE_LISTEN_DROP]		= TRS_COUNTER("open_fail_passive_listen_drop"),
	[TRS_CTR_ESTAB_RESET]				= TRS_COUNTER("estab_reset"),
	[TRS_CTR_EADDRNOTAVAIL]				= TRS_COUNTER("eaddrnotavail"),
	[TRS_CTR_SAMPLER_RUNS]				= TRS_COUNTER("sampler_runs"),
	[TRS_CTR_SAMPLER_NS_TOTAL]			= TRS_COUNTER("sampler_ns_total"),
	[TRS_CTR_SAMPLER_SOCKETS]			= TRS_COUNTER("sampler_sockets"),
	[TRS_CTR_ALERTS_SENT]				= TRS_COUNTER("alerts_sent"),
	[TRS_CTR_ALERTS_SUPPRESSED]			= TRS_COUNTER("alerts_suppressed"),
	[TRS_CTR_OPEN_FAIL_FWD]				= TRS_COUNTER("open_fail_fwd"),
	[TRS_CTR_OPEN_FAIL_FWD_REFUSED]			= TRS_COUNTER("open_fail_fwd_refused"),
	[TRS_CTR_OPEN_FAIL_FWD_UNREACH]			= TRS_COUNTER("open_fail_fwd_unreach"),
	[TRS_CTR_OPEN_FAIL_FWD_TIMEOUT]			= TRS_COUNTER("open_fail_fwd_timeout"),
	[TRS_CTR_OPEN_FWD_UNTRACKED]			= TRS_COUNTER("open_fwd_untracked"),
};
TRS_NAMES_ASSERT(TRS_NAMES_COUNT(trs_counter_cols) == TRS_CTR_MAX);

static const struct trs_col trs_port_cols[] = {
	[TRS_PORT_RST_IN]				= TRS_COUNTER("rst_in"),
	[TRS_PORT_RST_IN_REFUSED]			= TRS_COUNTER("rst_in_refused"),
	[TRS_PORT_RST_IN_RESET]				= TRS_COUNTER("rst_in_reset"),
	[TRS_PORT_RST_IN_OTHER]				=
		TRS_DERIVED("rst_in_other", TRS_PORT_RST_IN,
			    TRS_COL_BIT(TRS_PORT_RST_IN_REFUSED) |
			    TRS_COL_BIT(TRS_PORT_RST_IN_RESET)),
	[TRS_PORT_RST_OUT]				= TRS_COUNTER("rst_out"),
	[TRS_PORT_RST_OUT_REFUSED]			= TRS_COUNTER("rst_out_refused"),
	[TRS_PORT_RST_OUT_ABORT]			= TRS_COUNTER("rst_out_abort"),
	[TRS_PORT_RST_OUT_OTHER]			= TRS_COUNTER("rst_out_other"),
	[TRS_PORT_OPEN_FAIL_PASSIVE]			= TRS_COUNTER("open_fail_passive"),
	[TRS_PORT_OPEN_FAIL_PASSIVE_RESET]		= TRS_COUNTER("open_fail_passive_reset"),
	[TRS_PORT_OPEN_FAIL_PASSIVE_TIMEOUT]		= TRS_COUNTER("open_fail_passive_timeout"),
	[TRS_PORT_OPEN_FAIL_PASSIVE_LISTEN_DROP]	= TRS_COUNTER("open_fail_passive_listen_drop"),
	[TRS_PORT_LISTEN_BACKLOG]			= TRS_GAUGE("listen_backlog"),
	[TRS_PORT_LISTEN_MAX]				= TRS_GAUGE("listen_max"),
};
TRS_NAMES_ASSERT(TRS_NAMES_COUNT(trs_port_cols) == TRS_PORT_MAX);

static const struct trs_col trs_peer_cols[] = {
	[TRS_PEER_RST_IN]			= TRS_COUNTER("rst_in"),
	[TRS_PEER_RST_OUT]			= TRS_COUNTER("rst_out"),
	[TRS_PEER_RST_FWD_SENT]			= TRS_COUNTER("rst_fwd_sent"),
	[TRS_PEER_RST_FWD_RCVD]			= TRS_COUNTER("rst_fwd_rcvd"),
	[TRS_PEER_OPEN_FAIL_ACTIVE]		= TRS_COUNTER("open_fail_active"),
	[TRS_PEER_OPEN_FAIL_PASSIVE]		= TRS_COUNTER("open_fail_passive"),
	[TRS_PEER_ESTAB_RESET]			= TRS_COUNTER("estab_reset"),
	[TRS_PEER_OPEN_FAIL_FWD]		= TRS_COUNTER("open_fail_fwd"),
};
TRS_NAMES_ASSERT(TRS_NAMES_COUNT(trs_peer_cols) == TRS_PEER_MAX);

static const struct trs_col trs_dest_cols[] = {
	[TRS_DEST_OPEN_FAIL_ACTIVE]		= TRS_COUNTER("open_fail_active"),
	[TRS_DEST_OPEN_FAIL_ACTIVE_REFUSED]	= TRS_COUNTER("open_fail_active_refused"),
	[TRS_DEST_OPEN_FAIL_ACTIVE_TIMEOUT]	= TRS_COUNTER("open_fail_active_timeout"),
	[TRS_DEST_OPEN_FAIL_ACTIVE_UNREACH]	= TRS_COUNTER("open_fail_active_unreach"),
	[TRS_DEST_OPEN_FAIL_ACTIVE_OTHER]	= TRS_COUNTER("open_fail_active_other"),
	[TRS_DEST_RST_IN_REFUSED]		= TRS_COUNTER("rst_in_refused"),
	[TRS_DEST_RST_IN_RESET]			= TRS_COUNTER("rst_in_reset"),
	[TRS_DEST_EADDRNOTAVAIL]		= TRS_COUNTER("eaddrnotavail"),
	[TRS_DEST_TW]				= TRS_GAUGE("tw"),
	[TRS_DEST_ESTAB]			= TRS_GAUGE("estab"),
	[TRS_DEST_PORT_USE_PCT]			= TRS_GAUGE("port_use_pct"),
	[TRS_DEST_NEAR_EXHAUSTION]		= TRS_GAUGE("near_exhaustion"),
};

static const struct trs_col trs_fwd_cols[] = {
	[TRS_FWD_OPEN_FAIL]			= TRS_COUNTER("open_fail_fwd"),
	[TRS_FWD_OPEN_FAIL_REFUSED]		= TRS_COUNTER("open_fail_fwd_refused"),
	[TRS_FWD_OPEN_FAIL_UNREACH]		= TRS_COUNTER("open_fail_fwd_unreach"),
	[TRS_FWD_OPEN_FAIL_TIMEOUT]		= TRS_COUNTER("open_fail_fwd_timeout"),
};
TRS_NAMES_ASSERT(TRS_NAMES_COUNT(trs_fwd_cols) == TRS_FWD_MAX);

/* The reasons table (GET's TRS_A_REASONS): name, key column, columns. */
#define TRS_REASONS_TABLE	"reasons"
#define TRS_REASONS_KEY		"reason"
static const struct trs_col trs_reason_cols[] = {
	[TRS_REASON_RST_OUT_REFUSED]	= TRS_COUNTER("rst_out_refused"),
	[TRS_REASON_RST_OUT_ABORT]	= TRS_COUNTER("rst_out_abort"),
	[TRS_REASON_RST_OUT_OTHER]	= TRS_COUNTER("rst_out_other"),
};
TRS_NAMES_ASSERT(TRS_NAMES_COUNT(trs_reason_cols) == TRS_REASON_MAX);

static const struct trs_col trs_pressure_cols[] = {
	[TRS_PR_TW_TOTAL]		= TRS_GAUGE("tw_total"),
	[TRS_PR_TW_EPHEMERAL]		= TRS_GAUGE("tw_ephemeral"),
	[TRS_PR_PORT_RANGE_LO]		= TRS_GAUGE("port_range_lo"),
	[TRS_PR_PORT_RANGE_HI]		= TRS_GAUGE("port_range_hi"),
	[TRS_PR_EPHEMERAL_PORTS]	= TRS_GAUGE("ephemeral_ports"),
	[TRS_PR_TW_REUSE]		= TRS_GAUGE("tw_reuse"),
	[TRS_PR_MAX_TW_BUCKETS]		= TRS_GAUGE("max_tw_buckets"),
};
TRS_NAMES_ASSERT(TRS_NAMES_COUNT(trs_pressure_cols) == TRS_PR_MAX);
TRS_NAMES_ASSERT(TRS_NAMES_COUNT(trs_dest_cols) == TRS_DEST_MAX);

/* Key columns: a row's kind (other, ephemeral) shows in each of them. */
static const struct trs_key_col trs_port_keys[] = {
	{ "port", TRS_KEY_PORT, TRS_A_PORT },
};
static const struct trs_key_col trs_peer_keys[] = {
	{ "addr", TRS_KEY_ADDR, TRS_A_ADDR },
};
static const struct trs_key_col trs_dest_keys[] = {
	{ "local_addr", TRS_KEY_ADDR, TRS_A_LOCAL_ADDR },
	{ "addr", TRS_KEY_ADDR, TRS_A_ADDR },
	{ "remote_port", TRS_KEY_PORT, TRS_A_PORT },
};
static const struct trs_key_col trs_fwd_keys[] = {
	{ "addr", TRS_KEY_ADDR, TRS_A_ADDR },
	{ "remote_port", TRS_KEY_PORT, TRS_A_PORT },
};
static const struct trs_key_col trs_reason_keys[] = {
	{ TRS_REASONS_KEY, TRS_KEY_NAME, TRS_A_REASON_NAME },
};

static const struct trs_schema trs_tables_schema[TRS_TBL_MAX] = {
	[TRS_TBL_PORTS] = TRS_SCHEMA("ports", trs_port_keys, trs_port_cols),
	[TRS_TBL_PEERS] = TRS_SCHEMA("peers", trs_peer_keys, trs_peer_cols),
	[TRS_TBL_DESTS] = TRS_SCHEMA("destinations", trs_dest_keys, trs_dest_cols),
	[TRS_TBL_FWD] = TRS_SCHEMA("forwarded", trs_fwd_keys, trs_fwd_cols),
};
static const struct trs_schema trs_reasons_schema =
	TRS_SCHEMA(TRS_REASONS_TABLE, trs_reason_keys, trs_reason_cols);
/* Totals and pressure: columns without keys, one "name value" line each. */
static const struct trs_schema trs_totals_schema = {
	.name = "totals", .cols = trs_counter_cols, .ncols = TRS_NAMES_COUNT(trs_counter_cols)
};
static const struct trs_schema trs_pressure_schema = {
	.name = "pressure", .cols = trs_pressure_cols, .ncols = TRS_NAMES_COUNT(trs_pressure_cols)
};

/* Settings: also the module parameters' names. */
static const char *const trs_config_names[] = {
	[TRS_CFG_PORTS_MAX]		= "ports_max",
	[TRS_CFG_PEERS_MAX]		= "peers_max",
	[TRS_CFG_DESTS_MAX]		= "destinations_max",
	[TRS_CFG_IDLE_TIMEOUT]		= "idle_timeout",
	[TRS_CFG_SAMPLE_INTERVAL_MS]	= "sample_interval_ms",
	[TRS_CFG_PRESSURE_TOP]		= "pressure_top",
	[TRS_CFG_EXHAUSTION_PCT]	= "exhaustion_pct",
	[TRS_CFG_ALERT_PORT_OPEN_FAIL]	= "alert_port_open_fail",
	[TRS_CFG_ALERT_DEST_OPEN_FAIL]	= "alert_dest_open_fail",
	[TRS_CFG_ALERT_PEER_RST]	= "alert_peer_rst",
	[TRS_CFG_ALERT_MAX_PER_SEC]	= "alert_max_per_sec",
	[TRS_CFG_FORWARDED_MAX]		= "forwarded_max",
	[TRS_CFG_FORWARDED_PENDING]	= "forwarded_pending",
};
TRS_NAMES_ASSERT(TRS_NAMES_COUNT(trs_config_names) == TRS_CFG_MAX);

static const char *const trs_alert_names[] = {
	[TRS_ALERT_PORT_OPEN_FAIL]	= "port_open_fail",
	[TRS_ALERT_DEST_OPEN_FAIL]	= "dest_open_fail",
	[TRS_ALERT_PEER_RST]		= "peer_rst",
	[TRS_ALERT_DEST_EXHAUSTION]	= "dest_exhaustion",
};
TRS_NAMES_ASSERT(TRS_NAMES_COUNT(trs_alert_names) == TRS_ALERT_MAX);

#endif /* _UAPI_LINUX_TCPRESETSTAT_NAMES_H */
