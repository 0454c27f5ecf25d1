/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * tcpresetstat: the names of counters, pressure values and table columns,
 * indexed by the enums of tcpresetstat.h.  They are the ABI too: /proc
 * prints them, and the CLI names what it reads over netlink with them.
 * Shared by the module and the CLI; include it in one file of each.
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
	[TRS_CTR_ALERTS_SENT]				= "alerts_sent",
	[TRS_CTR_ALERTS_SUPPRESSED]			= "alerts_suppressed",
};
TRS_NAMES_ASSERT(TRS_NAMES_COUNT(trs_counter_names) == TRS_CTR_MAX);

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
TRS_NAMES_ASSERT(TRS_NAMES_COUNT(trs_port_cols) == TRS_PORT_MAX);

static const char *const trs_peer_cols[] = {
	[TRS_PEER_RST_IN]			= "rst_in",
	[TRS_PEER_RST_OUT]			= "rst_out",
	[TRS_PEER_RST_FWD_SENT]			= "rst_fwd_sent",
	[TRS_PEER_RST_FWD_RCVD]			= "rst_fwd_rcvd",
	[TRS_PEER_OPEN_FAIL_ACTIVE]		= "open_fail_active",
	[TRS_PEER_OPEN_FAIL_PASSIVE]		= "open_fail_passive",
	[TRS_PEER_ESTAB_RESET]			= "estab_reset",
};
TRS_NAMES_ASSERT(TRS_NAMES_COUNT(trs_peer_cols) == TRS_PEER_MAX);

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

/* The reasons table (GET's TRS_A_REASONS): name, key column, columns. */
#define TRS_REASONS_TABLE	"reasons"
#define TRS_REASONS_KEY		"reason"
static const char *const trs_reason_cols[] = {
	[TRS_REASON_RST_OUT_REFUSED]	= "rst_out_refused",
	[TRS_REASON_RST_OUT_ABORT]	= "rst_out_abort",
	[TRS_REASON_RST_OUT_OTHER]	= "rst_out_other",
};
TRS_NAMES_ASSERT(TRS_NAMES_COUNT(trs_reason_cols) == TRS_REASON_MAX);

static const char *const trs_pressure_names[] = {
	[TRS_PR_TW_TOTAL]		= "tw_total",
	[TRS_PR_TW_EPHEMERAL]		= "tw_ephemeral",
	[TRS_PR_PORT_RANGE_LO]		= "port_range_lo",
	[TRS_PR_PORT_RANGE_HI]		= "port_range_hi",
	[TRS_PR_EPHEMERAL_PORTS]	= "ephemeral_ports",
	[TRS_PR_TW_REUSE]		= "tw_reuse",
	[TRS_PR_MAX_TW_BUCKETS]		= "max_tw_buckets",
};
TRS_NAMES_ASSERT(TRS_NAMES_COUNT(trs_pressure_names) == TRS_PR_MAX);
TRS_NAMES_ASSERT(TRS_NAMES_COUNT(trs_dest_cols) == TRS_DEST_MAX);

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
