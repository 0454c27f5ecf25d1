// SPDX-License-Identifier: GPL-2.0
#ifndef TRS_ARGS_H
#define TRS_ARGS_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "output.h"

/* Options, as bits of trs_opts.seen: which subcommand takes which. */
enum trs_opt {
	TRS_OPT_JSON,
	TRS_OPT_PRETTY,
	TRS_OPT_PROMETHEUS,
	TRS_OPT_ZEROS,
	TRS_OPT_NETNS,
	TRS_OPT_ALL_NETNS,
	TRS_OPT_SORT,
	TRS_OPT_TOP,
	TRS_OPT_INTERVAL,
	TRS_OPT_COUNT,
	TRS_OPT_TIMEOUT,
	TRS_OPT_OUTPUT,
	TRS_OPT_TABLES,
	TRS_OPT_LISTEN,
	TRS_OPT_BASE_OID,
	TRS_OPT_HELP,
	TRS_OPT_VERSION,
	TRS_OPT_MAX
};
#define TRS_OPT(o)	(1u << TRS_OPT_##o)
/* Taken by every subcommand. */
#define TRS_OPTS_ALWAYS	(TRS_OPT(JSON) | TRS_OPT(PRETTY) | TRS_OPT(ZEROS) | TRS_OPT(NETNS) | \
			 TRS_OPT(HELP) | TRS_OPT(VERSION))

/* serve --listen, parsed. */
struct trs_listen {
	int family;		/* AF_INET, AF_INET6, or AF_UNSPEC: every address */
	unsigned char addr[16];	/* network order */
	uint16_t port;
};

/*
 * An SNMP object identifier: at most TRS_OID_MAX sub-identifiers of 32
 * bits (RFC 2578, 3.5; net-snmp's MAX_OID_LEN too).
 */
#define TRS_OID_MAX	128
struct trs_oid {
	uint32_t sub[TRS_OID_MAX];
	unsigned int len;
};

/* Bounds of -i and -t, in seconds. */
#define TRS_SECONDS_MIN	0.001
#define TRS_SECONDS_MAX	1000000.0

struct trs_opts {
	enum trs_format fmt;
	bool zeros;		/* -z: text shows zero counters and rows too */
	bool help, version;
	const char *netns;	/* -n NAME, or NULL */
	bool all_netns;		/* --all-netns */
	const char *sort;	/* --sort COLUMN, or NULL */
	uint64_t top;		/* --top N; 0: all rows */
	double interval;	/* watch -i, seconds */
	uint64_t count;		/* watch, events -c; 0: no limit */
	double timeout;		/* events -t, seconds; 0: none */
	const char *output;	/* -o FILE, or NULL: stdout */
	const char *tables;	/* show --tables LIST (checked), or NULL */
	const char *listen;	/* serve --listen as given, or NULL */
	struct trs_listen listen_at;	/* and parsed */
	const char *base_oid;	/* snmp --base-oid as given, or NULL */
	struct trs_oid base;	/* and parsed */
	unsigned int seen;	/* TRS_OPT() of each option given */
	const char *given[TRS_OPT_MAX];	/* how each was spelled */
};

void trs_opts_init(struct trs_opts *o);

/*
 * Parses @argv (argv[0] is the program).  Options may come anywhere
 * before "--"; every other argument is moved, in order, to @pos (room for
 * @argc entries), the subcommand first.  Returns 0, or TRS_EXIT_USAGE with
 * @err filled (the first problem; later options are still read, so a -j
 * anywhere makes the error JSON).
 */
int trs_parse_args(int argc, char **argv, struct trs_opts *o, char **pos, int *npos,
		   struct trs_error *err);

/* Decimal seconds, "2" or "0.25", within [TRS_SECONDS_MIN, TRS_SECONDS_MAX]. */
bool trs_parse_seconds(const char *s, double *v);

/*
 * serve --listen: "[ADDRESS]:PORT", ADDRESS numeric, IPv6 in brackets,
 * empty for every address (family AF_UNSPEC); PORT 1 to 65535.
 */
bool trs_parse_listen(const char *s, struct trs_listen *l);

/*
 * Dotted decimal sub-identifiers, the leading dot optional (".1.3.6.1",
 * "1.3.6.1"): each 0 to 4294967295 without sign or leading zeros, at
 * least one, at most TRS_OID_MAX.
 */
bool trs_parse_oid(const char *s, struct trs_oid *oid);

/*
 * snmp --base-oid: an OID of 2 to TRS_SNMP_BASE_MAX sub-identifiers, so
 * that every instance under it (at most 5 more) stays within TRS_OID_MAX.
 */
#define TRS_SNMP_BASE_MAX	(TRS_OID_MAX - 5)
bool trs_parse_base_oid(const char *s, struct trs_oid *oid);

/*
 * -n: a name under /run/netns (not empty, no "/", not "." or ".."), or an
 * absolute path (a namespace file, /proc/PID/ns/net); a pid is a name.
 */
bool trs_valid_netns(const char *name);

/*
 * config's NAME=VALUE arguments (argv[0] is "config"): names from enum
 * trs_config, values decimal u32, each name at most once.  @vals and @set
 * have TRS_CFG_MAX entries.  Returns 0, or TRS_EXIT_USAGE with @err filled.
 */
int trs_parse_config_args(int argc, char *const argv[], uint32_t *vals, bool *set,
			  struct trs_error *err);

#endif /* TRS_ARGS_H */
