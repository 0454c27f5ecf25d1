// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: random and mutated requests to the tcpresetstat generic netlink
 * family, each answer checked against what the kernel must say.
 *
 *   nlfuzz [-m root|user] [-n COUNT] [-s SEED] [-x INDEX] [-t MS] [-c N] [-v]
 *
 * -m root   run with CAP_NET_ADMIN over the namespace (the default)
 * -m user   run without it (nobody, or root of a user namespace that does
 *           not own the network namespace): every privileged command must
 *           be refused with EPERM
 * -n COUNT  buffers to send (default 10000)
 * -s SEED   the seed (default: from the clock); printed at start
 * -x INDEX  send buffer INDEX of the seed's run only (after the setup)
 * -t MS     how long to wait for a missing answer (default 2000)
 * -c N      compare the checked namespace's counters every N buffers
 *           (default 500; 0: only at the end)
 * -v        one line per buffer
 *
 * Exit status: 0 every answer was right and the counters did not move,
 * 1 a failure (described, with the buffer in hex and the command line
 * that replays it), 2 a setup error (no family: is the module loaded?).
 *
 * Where requests go
 * -----------------
 * "A" is the namespace nlfuzz starts in: the checked one.  Its counters
 * (totals, the reasons table and every table row, sampled gauges aside)
 * are read at start over a separate socket and must read the same every
 * -c N buffers and at the end; run nlfuzz where no traffic or ageing moves
 * them (tests/vm/t/nl_fuzz.sh sets idle_timeout and sample_interval_ms to
 * 0 and compares /proc/tcpresetstat byte for byte as well).
 *
 * "B" is a scratch namespace that a child process creates with
 * unshare(CLONE_NEWNET) (or CLONE_NEWUSER | CLONE_NEWNET where that alone
 * is refused) and hands sockets out of over SCM_RIGHTS; it also makes
 * traffic there (refused connections on its loopback) so B's tables have
 * rows.  nlfuzz has CAP_NET_ADMIN over B in both modes, CAP_NET_ADMIN in
 * the initial user namespace only in root mode (B is then the host's, and
 * config's cost limits do not apply).  Everything may succeed in B:
 * resets, table resizes, sampler and alert settings; B's answers are
 * checked like A's, B's counters are not.
 *
 * In root mode a buffer goes to A only if the kernel cannot change A with
 * it: any message in it that would reach the RESET or CONFIG doit (see
 * the walk below) sends the whole buffer to B instead.  So in A, as root
 * and as a user, counters may change only if a request that should not
 * change them does: the oracle.  In user mode every buffer may go to A;
 * RESET and CONFIG there must fail with EPERM before any parsing.
 *
 * What is sent
 * ------------
 * Buffers (up to 16 KiB), one sendto() each, of these classes:
 *   random    random bytes, usually with nlmsg_len fixed up to the buffer
 *   genl      a generic netlink header with any command 0-255, random
 *             nlmsg_flags (NLM_F_DUMP, NLM_F_ACK, no NLM_F_REQUEST, reserved
 *             bits), genl version and reserved field, and random
 *             attributes: types 0..TRS_A_MAX + 5 or any, payloads of the
 *             type's size or not, nla_len short, long or < 4, NLA_F_NESTED
 *             and NLA_F_NET_BYTEORDER, nests (TRS_A_CONFIG with the edges
 *             of each setting's range, TRS_A_COUNTERS, ...) three deep,
 *             sometimes hundreds of attributes
 *   mutate    a valid request (get, dumps with filters, reset, config)
 *             with bits flipped, bytes set, nlmsg_len or an nla_len
 *             changed, bytes inserted, appended or cut, attributes doubled
 *   trunc     a valid request cut: under a nlmsghdr, nlmsg_len under 16,
 *             16..19 (no genlmsghdr), longer than the buffer
 *   multi     two to five of the above in one buffer
 * and scenarios:
 *   burst     two to four buffers sent back to back before reading
 *   bigdump   a dump on a fresh socket with a small receive buffer, read
 *             normally, by peeking at each datagram's size first, or with
 *             a deliberately short read (MSG_TRUNC, checked against a
 *             peek); in A its row count must match the start's
 *   abandon   a dump on a fresh socket with a small receive buffer, closed
 *             after reading at most two datagrams
 *   resize    (B) a dump paused after its first datagram while the table
 *             is resized or reset through another socket, then finished
 *
 * What "answered" means
 * ---------------------
 * The kernel reads a buffer as netlink_rcv_skb() does, and so does nlfuzz
 * (walk()), giving every message it will read a sequence number of its
 * own, and a type of our family where the bytes name another family:
 *   - under 16 bytes left, or nlmsg_len < 16, or nlmsg_len longer than
 *     what is left: that message and the rest of the buffer are dropped,
 *     never answered (a zero-length buffer is refused by sendto():
 *     ENODATA);
 *   - no NLM_F_REQUEST, or a control type (< NLMSG_MIN_TYPE): not read;
 *     answered by exactly one ack (error 0) if NLM_F_ACK, else nothing;
 *   - NLM_F_REQUEST to the family: always answered.  Refused before a
 *     handler runs, with exactly one NLMSG_ERROR whose errno and extack
 *     message (or none) nlfuzz predicts: for nlmsg_len < 20, a nonzero
 *     genlmsghdr.reserved, nlmsg_flags besides REQUEST, ACK, ECHO and
 *     both DUMP bits (Linux 6.1 on), a command without an op, an op of the
 *     other kind (a dump of a do-only op, or the reverse) and a privileged
 *     op without CAP_NET_ADMIN over the namespace, checked in that order
 *     but for the kind, which 6.2 on checks before the permission.  Which
 *     of these this kernel checks, and the errno and message of each, it
 *     asks at start (probe_core(): 6.1 answers EINVAL, EINVAL "genlmsghdr.
 *     reserved field is not 0", EINVAL "ambiguous or reserved bits set in
 *     nlmsg_flags", EOPNOTSUPP, EOPNOTSUPP, EPERM) and prints; from then
 *     on every such request must be refused alike.  Otherwise a do is
 *     answered with one NLMSG_ERROR (EINVAL or ERANGE from the policy;
 *     EPERM from config's cost limits without host admin; ENOMEM) and
 *     no data, or with its reply (GET and CONFIG: exactly one, checked
 *     attribute by attribute; RESET: none) and one ack if NLM_F_ACK.  The
 *     one silent request is a RESET that succeeds without NLM_F_ACK.  A
 *     dump is answered with one NLMSG_ERROR (policy: EINVAL, ERANGE;
 *     EBUSY only while an earlier dump of the socket may still run) and
 *     no data, or with rows (NLM_F_MULTI, checked) and exactly one
 *     NLMSG_DONE (errno 0, or EINVAL with no rows: a filter the table
 *     lacks), never an ack.
 * Error answers must echo the request (header and payload) and their
 * TLVs must be well formed (NLMSGERR_ATTR_OFFS inside the request); the
 * extack messages seen are counted per errno and printed at the end.
 * Anything else is a failure: a missing answer (none within -t MS after
 * the socket ran dry), a second one, an answer to a message the kernel
 * must not read, a message with a sequence number nothing was sent with,
 * a reply with a malformed attribute, an overrun (ENOBUFS) or a datagram
 * that did not fit 128 KiB, and a buffer not done within 60 s.  Everything
 * the kernel answers is queued by the time sendto() returns (a dump's
 * next part by the time recv() returns), so "ran dry" means every answer
 * is in.  One ENOBUFS is netlink's own and loses nothing: the one a
 * reader that peeks meets during a dump (enobufs_ok() says why; it is
 * counted, and the rows of A's dumps still have to be all there).
 *
 * Replaying: buffer i of a seed has the same bytes in every run of the
 * same nlfuzz but for nlmsg_seq (numbered per socket) and the family id,
 * given the same mode and whether the scratch namespace could be made:
 * "-s SEED -n i+1" replays a failing run, "-x i" that buffer alone.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "tcpresetstat.h"
#include "tcpresetstat_names.h"

#define BUF_MAX		(16 * 1024)	/* one generated buffer */
#define RBUF_MAX	(128 * 1024)	/* one datagram */
#define BURST_MAX	4
/* Every message of a burst may be 16 bytes: one expectation each. */
#define EX_MAX		(BURST_MAX * BUF_MAX / NLMSG_HDRLEN)
#define MSGS_MAX	64		/* distinct extack messages counted */
#define SOL_NETLINK_	270

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK		11
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS		0x200
#define NLM_F_CAPPED		0x100
#endif
#ifndef NLMSGERR_ATTR_MSG
#define NLMSGERR_ATTR_MSG	1
#define NLMSGERR_ATTR_OFFS	2
#endif
#ifndef NLMSGERR_ATTR_MISS_NEST
#define NLMSGERR_ATTR_MISS_NEST	6
#endif

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* splitmix64: small, and a stream per buffer from (seed, index). */
struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t below(struct rng *r, uint32_t n)
{
	return n ? rng_next(r) % n : 0;
}

static bool pct(struct rng *r, unsigned int p)
{
	return below(r, 100) < p;
}

static void rng_seed(struct rng *r, uint64_t seed, uint64_t index)
{
	r->s = seed ^ (index * 0xd1b54a32d192ed03ULL);
	rng_next(r);
}

static uint16_t get16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

/* A buffer being built: what is put past cap is dropped, len stays exact. */
struct msgb {
	uint8_t *d;
	size_t len, cap;
};

static uint8_t *mb_put(struct msgb *m, size_t n)
{
	uint8_t *p;

	if (n > m->cap - m->len)
		return NULL;
	p = m->d + m->len;
	memset(p, 0, n);
	m->len += n;
	return p;
}

static void mb_rand(struct rng *r, struct msgb *m, size_t n)
{
	uint8_t *p = mb_put(m, n);
	size_t i;

	for (i = 0; p && i < n; i++)
		p[i] = rng_next(r);
}

static void mb_align(struct msgb *m)
{
	mb_put(m, NLMSG_ALIGN(m->len) - m->len);
}

/* nlmsghdr and genlmsghdr; nlmsg_len is set by mb_end(). */
static size_t mb_genl(struct msgb *m, uint16_t type, uint16_t flags,
		      uint8_t cmd, uint8_t version, uint16_t reserved)
{
	size_t start = m->len;
	uint8_t *p = mb_put(m, NLMSG_HDRLEN + GENL_HDRLEN);

	if (p) {
		put16(p + 4, type);
		put16(p + 6, flags);
		p[16] = cmd;
		p[17] = version;
		put16(p + 18, reserved);
	}
	return start;
}

static void mb_end(struct msgb *m, size_t start)
{
	if (start + NLMSG_HDRLEN <= m->len)
		put32(m->d + start, m->len - start);
}

static size_t mb_attr(struct msgb *m, uint16_t type, const void *data,
		      size_t n)
{
	size_t start = m->len;
	uint8_t *p = mb_put(m, NLA_HDRLEN + n);

	if (!p)
		return start;
	put16(p, NLA_HDRLEN + n);
	put16(p + 2, type);
	if (n)
		memcpy(p + NLA_HDRLEN, data, n);
	mb_align(m);
	return start;
}

static void mb_nest_end(struct msgb *m, size_t start)
{
	if (start + NLA_HDRLEN <= m->len)
		put16(m->d + start, m->len - start);
}

static size_t mb_nest(struct msgb *m, uint16_t type)
{
	return mb_attr(m, type | NLA_F_NESTED, NULL, 0);
}

/* ---- what to send ---------------------------------------------------- */

static uint16_t family;
static bool root_mode = true;

static uint64_t interesting(struct rng *r)
{
	static const uint64_t v[] = {
		0, 1, 2, 3, 4, 7, 8, 15, 16, 100, 127, 128, 129, 255, 256,
		257, 1000, 0x7fff, 0x8000, 0xffff, 0x10000, 1 << 20,
		(1 << 20) + 1, 0x7fffffff, 0x80000000, 0xffffffff,
		0x100000000ULL, INT64_MAX, UINT64_MAX,
	};

	return pct(r, 70) ? v[below(r, ARRAY_SIZE(v))] : rng_next(r);
}

/* The edges of each setting's range (config.c), its default, anything. */
static uint32_t config_value(struct rng *r, unsigned int id)
{
	static const uint32_t edge[TRS_CFG_MAX][6] = {
		[TRS_CFG_PORTS_MAX]	= { 0, 1, 16, 256, 1 << 20, (1 << 20) + 1 },
		[TRS_CFG_PEERS_MAX]	= { 0, 1, 8, 256, 257, (1 << 20) + 1 },
		[TRS_CFG_DESTS_MAX]	= { 0, 2, 64, 256, 4096, (1 << 20) + 1 },
		[TRS_CFG_IDLE_TIMEOUT]	= { 0, 1, 600, 2592000, 2592001, 5 },
		[TRS_CFG_SAMPLE_INTERVAL_MS] = { 0, 1, 99, 100, 1000, 3600001 },
		[TRS_CFG_PRESSURE_TOP]	= { 0, 1, 16, 1024, 1025, 2 },
		[TRS_CFG_EXHAUSTION_PCT] = { 0, 1, 80, 100, 101, 50 },
		[TRS_CFG_ALERT_PORT_OPEN_FAIL] = { 0, 1, 1000000, 1000001, 5, 2 },
		[TRS_CFG_ALERT_DEST_OPEN_FAIL] = { 0, 1, 1000000, 1000001, 5, 2 },
		[TRS_CFG_ALERT_PEER_RST] = { 0, 1, 1000000, 1000001, 5, 2 },
		[TRS_CFG_ALERT_MAX_PER_SEC] = { 0, 1, 10, 10000, 10001, 3 },
		[TRS_CFG_FORWARDED_MAX]	= { 0, 1, 16, 256, 1 << 20, (1 << 20) + 1 },
		[TRS_CFG_FORWARDED_PENDING] = { 0, 1, 1024, 1025, 1 << 20, (1 << 20) + 1 },
	};

	if (id < TRS_CFG_MAX && pct(r, 85))
		return edge[id][below(r, 6)];
	return interesting(r);
}

/* A value valid for setting @id, and cheap (no huge tables, no 100 ms). */
static uint32_t config_valid(struct rng *r, unsigned int id)
{
	switch (id) {
	case TRS_CFG_PORTS_MAX:
	case TRS_CFG_PEERS_MAX:
	case TRS_CFG_DESTS_MAX:
	case TRS_CFG_FORWARDED_MAX:
		return below(r, 257);
	case TRS_CFG_FORWARDED_PENDING:
		return below(r, 1025);
	case TRS_CFG_SAMPLE_INTERVAL_MS:
		return pct(r, 30) ? 0 : 1000 + below(r, 5000);
	case TRS_CFG_EXHAUSTION_PCT:
		return 1 + below(r, 100);
	case TRS_CFG_ALERT_MAX_PER_SEC:
		return below(r, 10001);
	default:
		return below(r, 1000);
	}
}

enum ctx { CTX_TOP, CTX_CONFIG, CTX_U64S, CTX_ANY };
enum kind { K_U8, K_U16, K_U32, K_U64, K_ADDR, K_STR, K_NEST, K_RAND };

static enum kind top_kind(uint16_t type)
{
	switch (type) {
	case TRS_A_TABLE: case TRS_A_ROW_KIND: case TRS_A_FILTER_PREFIX:
	case TRS_A_ALERT_KIND:
		return K_U8;
	case TRS_A_PORT: case TRS_A_FILTER_PORT:
		return K_U16;
	case TRS_A_ALERT_WINDOW_MS:
		return K_U32;
	case TRS_A_FILTER_MIN: case TRS_A_ALERT_VALUE:
	case TRS_A_ALERT_THRESHOLD: case TRS_A_ALERT_SUPPRESSED:
		return K_U64;
	case TRS_A_ADDR: case TRS_A_LOCAL_ADDR: case TRS_A_FILTER_ADDR:
		return K_ADDR;
	case TRS_A_REASON_NAME:
		return K_STR;
	case TRS_A_TOTALS: case TRS_A_PRESSURE: case TRS_A_COUNTERS:
	case TRS_A_CONFIG: case TRS_A_REASONS: case TRS_A_REASON:
		return K_NEST;
	default:
		return K_RAND;
	}
}

static void gen_attrs(struct rng *r, struct msgb *m, enum ctx ctx,
		      int depth);

static void gen_attr(struct rng *r, struct msgb *m, enum ctx ctx, int depth)
{
	size_t start = m->len, len;
	uint16_t type, nla_len;
	enum kind kind;
	uint64_t v;
	uint8_t *p;

	if (!mb_put(m, NLA_HDRLEN))
		return;
	if (pct(r, 8)) {
		type = rng_next(r);
	} else if (ctx == CTX_TOP) {
		type = below(r, TRS_A_MAX + 6);
	} else if (ctx == CTX_CONFIG) {
		type = below(r, TRS_CFG_MAX + 3);
	} else {
		type = below(r, 30);
	}
	kind = ctx == CTX_TOP ? top_kind(type & NLA_TYPE_MASK) :
	       ctx == CTX_CONFIG ? K_U32 : ctx == CTX_U64S ? K_U64 : K_RAND;
	if (pct(r, 20))
		kind = below(r, K_RAND + 1);
	if (depth >= 3 && kind == K_NEST)
		kind = K_RAND;
	switch (kind) {
	case K_U8: case K_U16: case K_U32: case K_U64:
		v = ctx == CTX_CONFIG ? config_value(r, (type & NLA_TYPE_MASK) - 1) :
		    interesting(r);
		p = mb_put(m, 1 << (kind - K_U8));
		if (p)
			memcpy(p, &v, 1 << (kind - K_U8));
		break;
	case K_ADDR:
		p = mb_put(m, 16);
		if (p && pct(r, 50)) {
			/* ::ffff:127.0.0.1 or ::1: A's peers */
			if (pct(r, 50)) {
				p[10] = p[11] = 0xff;
				p[12] = 127;
			}
			p[15] = 1;
		} else if (p) {
			for (len = 0; len < 16; len++)
				p[len] = rng_next(r);
		}
		break;
	case K_STR:
		mb_rand(r, m, below(r, 40));
		if (pct(r, 70))
			mb_put(m, 1);
		break;
	case K_NEST:
		if (pct(r, 80))
			type |= NLA_F_NESTED;
		gen_attrs(r, m, (type & NLA_TYPE_MASK) == TRS_A_CONFIG ?
			  CTX_CONFIG : (type & NLA_TYPE_MASK) == TRS_A_REASONS ||
			  (type & NLA_TYPE_MASK) == TRS_A_REASON ? CTX_ANY :
			  CTX_U64S, depth + 1);
		break;
	case K_RAND:
		mb_rand(r, m, pct(r, 50) ? below(r, 9) : below(r, 64));
		break;
	}
	if (pct(r, 4))
		type |= NLA_F_NESTED;
	if (pct(r, 3))
		type |= NLA_F_NET_BYTEORDER;
	len = m->len - start;
	nla_len = len;
	if (pct(r, 8)) {
		switch (below(r, 5)) {
		case 0:
			nla_len = len - 1 - below(r, 3);
			break;
		case 1:
			nla_len = len + 1 + below(r, 64);
			break;
		case 2:
			nla_len = below(r, NLA_HDRLEN);
			break;
		case 3:
			nla_len = 0xffff;
			break;
		default:
			nla_len = rng_next(r);
			break;
		}
	}
	put16(m->d + start, nla_len);
	put16(m->d + start + 2, type);
	if (pct(r, 95))
		mb_align(m);
}

static void gen_attrs(struct rng *r, struct msgb *m, enum ctx ctx, int depth)
{
	unsigned int n = below(r, 6);

	if (depth == 0 && pct(r, 2))
		n = 100 + below(r, 900);
	else if (pct(r, 10))
		n = below(r, 24);
	while (n--)
		gen_attr(r, m, ctx, depth);
}

static uint16_t gen_flags(struct rng *r)
{
	static const uint16_t common[] = {
		NLM_F_REQUEST | NLM_F_ACK, NLM_F_REQUEST | NLM_F_ACK,
		NLM_F_REQUEST | NLM_F_ACK, NLM_F_REQUEST, NLM_F_REQUEST,
		NLM_F_REQUEST | NLM_F_DUMP, NLM_F_REQUEST | NLM_F_DUMP,
		NLM_F_REQUEST | NLM_F_DUMP | NLM_F_ACK,
		NLM_F_REQUEST | NLM_F_ECHO | NLM_F_ACK, NLM_F_ACK, 0,
	};
	unsigned int c = below(r, 100);

	if (c < 70)
		return common[below(r, ARRAY_SIZE(common))];
	if (c < 85)
		return NLM_F_REQUEST | 1 << below(r, 16);
	if (c < 92)
		return NLM_F_REQUEST | (pct(r, 50) ? NLM_F_ROOT : NLM_F_MATCH);
	return rng_next(r);
}

static uint16_t gen_type(struct rng *r)
{
	return pct(r, 95) ? family : below(r, NLMSG_MIN_TYPE);
}

static void gen_genl(struct rng *r, struct msgb *m)
{
	uint8_t cmd = pct(r, 50) ? rng_next(r) : below(r, __TRS_CMD_MAX + 2);
	size_t start;

	start = mb_genl(m, gen_type(r), gen_flags(r), cmd,
			pct(r, 85) ? TRS_GENL_VERSION : rng_next(r),
			pct(r, 92) ? 0 : rng_next(r));
	gen_attrs(r, m, CTX_TOP, 0);
	mb_end(m, start);
}

static uint16_t dump_cmd(unsigned int table)
{
	return table == TRS_TBL_FWD ? TRS_CMD_GET_FORWARDED : TRS_CMD_GET_PORTS + table;
}

/*
 * A valid request of the family, @which (or one at random, if negative):
 * 0 a get, 1 + table a dump of that table (enum trs_table_id), then
 * VALID_RESET a reset, VALID_CONFIG a config that only reads, and above a
 * config with settings.
 */
#define VALID_RESET	(1 + TRS_TBL_MAX)
#define VALID_CONFIG	(VALID_RESET + 1)

static void gen_valid(struct rng *r, struct msgb *m, int which)
{
	uint16_t ack = pct(r, 70) ? NLM_F_ACK : 0;
	uint8_t addr[16] = { [10] = 0xff, [11] = 0xff, [12] = 127, [15] = 1 };
	size_t start, nest;
	unsigned int i, n;
	uint64_t v;
	uint8_t u8;
	uint16_t u16;

	if (which < 0)
		which = below(r, VALID_CONFIG + 2);
	if (which == 0) {
		start = mb_genl(m, family, NLM_F_REQUEST | ack, TRS_CMD_GET,
				TRS_GENL_VERSION, 0);
	} else if (which < VALID_RESET) {
		start = mb_genl(m, family, NLM_F_REQUEST | NLM_F_DUMP | ack,
				dump_cmd(which - 1), TRS_GENL_VERSION, 0);
		/* Peers have no port, ports no address (netlink.c). */
		if (which - 1 != TRS_TBL_PEERS && pct(r, 30)) {
			u16 = pct(r, 50) ? 2000 + below(r, 300) : rng_next(r);
			mb_attr(m, TRS_A_FILTER_PORT, &u16, 2);
		}
		if (which - 1 != TRS_TBL_PORTS && pct(r, 30)) {
			mb_attr(m, TRS_A_FILTER_ADDR, addr, 16);
			u8 = 96 + below(r, 33);
			if (pct(r, 50))
				mb_attr(m, TRS_A_FILTER_PREFIX, &u8, 1);
		}
		if (pct(r, 30)) {
			v = pct(r, 50) ? below(r, 3) : interesting(r);
			mb_attr(m, TRS_A_FILTER_MIN, &v, 8);
		}
	} else if (which == VALID_RESET) {
		start = mb_genl(m, family, NLM_F_REQUEST | ack, TRS_CMD_RESET,
				TRS_GENL_VERSION, 0);
		if (pct(r, 60)) {
			u8 = below(r, TRS_TBL_MAX);
			mb_attr(m, TRS_A_TABLE, &u8, 1);
		}
	} else if (which == VALID_CONFIG) {
		start = mb_genl(m, family, NLM_F_REQUEST | ack, TRS_CMD_CONFIG,
				TRS_GENL_VERSION, 0);
	} else {
		start = mb_genl(m, family, NLM_F_REQUEST | ack, TRS_CMD_CONFIG,
				TRS_GENL_VERSION, 0);
		nest = mb_nest(m, TRS_A_CONFIG);
		n = 1 + below(r, 3);
		while (n--) {
			uint32_t val;

			i = below(r, TRS_CFG_MAX);
			val = pct(r, 60) ? config_valid(r, i) : config_value(r, i);
			mb_attr(m, i + 1, &val, 4);
		}
		mb_nest_end(m, nest);
	}
	mb_end(m, start);
}

/* The attributes of a message from offset 20: the start of one of them. */
static size_t pick_attr(struct rng *r, const struct msgb *m)
{
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN, found = 0, n = 0;
	uint16_t len;

	while (off + NLA_HDRLEN <= m->len) {
		len = get16(m->d + off);
		if (len < NLA_HDRLEN)
			break;
		if (below(r, ++n) == 0)
			found = off;
		off += NLA_ALIGN(len);
	}
	return found;
}

static void mutate(struct rng *r, struct msgb *m)
{
	unsigned int n = 1 + below(r, 4);
	size_t at, k;

	while (n--) {
		if (!m->len)
			return;
		switch (below(r, 9)) {
		case 0:
			m->d[below(r, m->len)] ^= 1 << below(r, 8);
			break;
		case 1:
			m->d[below(r, m->len)] = interesting(r);
			break;
		case 2:
			if (m->len >= 4)
				put32(m->d, pct(r, 80) ? get32(m->d) + below(r, 17) - 8 :
				      rng_next(r));
			break;
		case 3:
			at = pick_attr(r, m);
			if (at)
				put16(m->d + at, pct(r, 50) ? get16(m->d + at) + below(r, 17) - 8 :
				      interesting(r));
			break;
		case 4:
			m->len -= below(r, m->len < 8 ? m->len + 1 : 9);
			break;
		case 5:
			mb_rand(r, m, 1 + below(r, 32));
			break;
		case 6:
			k = pct(r, 70) ? 4 : 1 + below(r, 8);
			at = m->len < NLMSG_HDRLEN + GENL_HDRLEN ? m->len :
			     NLMSG_HDRLEN + GENL_HDRLEN +
			     below(r, m->len - NLMSG_HDRLEN - GENL_HDRLEN + 1);
			if (!mb_put(m, k))
				break;
			memmove(m->d + at + k, m->d + at, m->len - k - at);
			for (size_t i = 0; i < k; i++)
				m->d[at + i] = rng_next(r);
			if (m->len >= 4 && pct(r, 80))
				put32(m->d, get32(m->d) + k);
			break;
		case 7:
			k = m->len > NLMSG_HDRLEN + GENL_HDRLEN ?
			    m->len - NLMSG_HDRLEN - GENL_HDRLEN : 0;
			at = m->len;
			if (k && mb_put(m, k)) {
				memcpy(m->d + at, m->d + NLMSG_HDRLEN + GENL_HDRLEN, k);
				put32(m->d, get32(m->d) + k);
			}
			break;
		default:
			if (m->len >= 4) {
				at = below(r, m->len / 2) * 2;
				if (at + 2 <= m->len)
					put16(m->d + at, interesting(r));
			}
			break;
		}
	}
}

static void gen_trunc(struct rng *r, struct msgb *m)
{
	gen_valid(r, m, -1);
	switch (below(r, 4)) {
	case 0:
		m->len = below(r, NLMSG_HDRLEN);
		break;
	case 1:
		m->len = NLMSG_HDRLEN + below(r, GENL_HDRLEN);
		put32(m->d, m->len);
		break;
	case 2:
		if (m->len > NLMSG_HDRLEN)
			m->len = NLMSG_HDRLEN + below(r, m->len - NLMSG_HDRLEN);
		put32(m->d, m->len + 1 + below(r, 64));
		break;
	default:
		put32(m->d, below(r, NLMSG_HDRLEN));
		break;
	}
}

static void gen_random(struct rng *r, struct msgb *m)
{
	size_t n = pct(r, 95) ? below(r, 257) : below(r, 4097);

	mb_rand(r, m, n);
	if (n >= 4 && pct(r, 70))
		put32(m->d, n);
	if (n >= 6 && pct(r, 80))
		put16(m->d + 4, family);
}

enum class { C_RANDOM, C_GENL, C_MUTATE, C_TRUNC, C_MULTI, C_MAX };
static const char *const class_names[] = {
	"random", "genl", "mutate", "trunc", "multi",
};

static void gen_one(struct rng *r, struct msgb *m, enum class c)
{
	struct msgb part;
	unsigned int n;

	switch (c) {
	case C_RANDOM:
		gen_random(r, m);
		break;
	case C_GENL:
		gen_genl(r, m);
		break;
	case C_MUTATE:
		gen_valid(r, m, -1);
		mutate(r, m);
		break;
	case C_TRUNC:
		gen_trunc(r, m);
		break;
	default:
		for (n = 2 + below(r, 4); n; n--) {
			part.d = m->d + m->len;
			part.len = 0;
			part.cap = (m->cap - m->len) / (n + 1);
			gen_one(r, &part, below(r, C_MULTI));
			m->len += part.len;
			if (pct(r, 80))
				mb_align(m);
		}
		break;
	}
}

static enum class gen_buffer(struct rng *r, struct msgb *m)
{
	unsigned int c = below(r, 100);
	enum class cl = c < 15 ? C_RANDOM : c < 50 ? C_GENL : c < 80 ? C_MUTATE :
			c < 88 ? C_TRUNC : C_MULTI;

	m->len = 0;
	gen_one(r, m, cl);
	return cl;
}

/* ---- sockets, expectations and answers -------------------------------- */

enum ex_what { EX_NONE, EX_ACK, EX_ERR, EX_DO, EX_DUMP };

struct buf {
	uint8_t d[BUF_MAX] __attribute__((aligned(8)));
	size_t len;
	unsigned int index;
	const char *class;
};

/* What one message of a sent buffer must be answered with, and what was. */
struct expect {
	const struct buf *buf;
	uint32_t off, len;
	uint8_t what, cmd;
	bool ack, busy_ok;
	int err;			/* EX_ERR: the errno */
	const char *msg;		/* EX_ERR: the extack message, or none */
	unsigned int n_data, n_ack, n_err, n_done;
	int got_err;
	bool ended, intr;
	char got_msg[128];
};

struct nlsock {
	int fd;
	uint32_t portid;
	const char *name;
	bool checked;			/* in namespace A */
	bool admin, host_admin;
	int read_mode;
	bool plain_next;		/* one read without a peek */
	unsigned int enobufs_run;
	uint32_t base, next_seq;	/* expectations: ex[seq - base] */
	unsigned int nex;
	struct expect *ex;
};

enum { RM_NORMAL, RM_PEEK, RM_SHORT };

static struct {
	unsigned long buffers, by_class[C_MAX], to_a, to_b, diverted, skipped;
	unsigned long msgs, dropped, unread_acked, unread_silent, predicted;
	unsigned long dos_ok, dos_err, dumps_ok, dumps_err, dump_rows, busy;
	unsigned long intr, short_reads, peeks, silent_resets, enobufs;
	unsigned long peek_stalls;
	unsigned long b_resets, b_configs, bigdumps, abandoned, resizes;
	unsigned long bursts, checks, send_refused;
	unsigned long err_by_errno[256][2];
	unsigned long handler_bare[256];	/* past dispatch, no extack */
	bool cmd_seen[256];
	struct {
		int err;
		char text[128];
		unsigned long n;
	} msgs_seen[MSGS_MAX];
	unsigned int nmsgs;
} st;

static uint64_t seed;
static unsigned long count = 10000;
static long only = -1;
static int timeout_ms = 2000;
static bool verbose;
static unsigned int cur_index;
static const char *cur_class;		/* NULL: setting up */
static struct timespec t_start;

static void summary(FILE *f);

static void hexdump(FILE *f, const uint8_t *p, size_t len, size_t mark_off,
		    size_t mark_len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (i % 16 == 0)
			fprintf(f, "%s%06zx ", i ? "\n" : "", i);
		fprintf(f, "%c%02x", mark_len && i == mark_off ? '[' :
			mark_len && i == mark_off + mark_len ? ']' : ' ', p[i]);
	}
	fprintf(f, "\n");
}

static const struct buf *cur_bufs;	/* the scenario's buffers, for reports */
static unsigned int cur_nbufs;
static const uint8_t *last_answer;
static size_t last_answer_len;

static void __attribute__((noreturn, format(printf, 3, 4)))
fail(const struct nlsock *s, const struct expect *e, const char *fmt, ...)
{
	unsigned int i;
	va_list ap;

	fflush(stdout);
	if (cur_class)
		fprintf(stderr, "nlfuzz: FAIL: buffer #%u (%s) on socket %s", cur_index,
			cur_class, s ? s->name : "-");
	else
		fprintf(stderr, "nlfuzz: FAIL: setting up, on socket %s", s ? s->name : "-");
	if (e)
		fprintf(stderr, ", message at offset %u (seq %u)", e->off,
			(unsigned int)(s->base + (e - s->ex)));
	fprintf(stderr, ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	if (e) {
		fprintf(stderr, "nlfuzz: buffer #%u, %zu bytes (the message in []):\n",
			e->buf->index, e->buf->len);
		hexdump(stderr, e->buf->d, e->buf->len, e->off, e->len);
	} else {
		for (i = 0; i < cur_nbufs; i++) {
			fprintf(stderr, "nlfuzz: buffer #%u, part %u, %zu bytes:\n",
				cur_index, i, cur_bufs[i].len);
			hexdump(stderr, cur_bufs[i].d, cur_bufs[i].len, 0, 0);
		}
	}
	if (last_answer) {
		fprintf(stderr, "nlfuzz: the answer read last:\n");
		hexdump(stderr, last_answer, last_answer_len < 512 ?
			last_answer_len : 512, 0, 0);
	}
	if (cur_class)
		fprintf(stderr, "nlfuzz: reproduce: nlfuzz -m %s -s %" PRIu64 " -n %u, or that buffer alone: -x %u\n",
			root_mode ? "root" : "user", seed, cur_index + 1, cur_index);
	summary(stderr);
	exit(1);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "nlfuzz: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(2);
}

static void sock_setup(struct nlsock *s, int fd, const char *name, int rcvbuf)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	socklen_t sl = sizeof(sa);
	int one = 1;

	s->fd = fd;
	s->name = name;
	if (setsockopt(fd, SOL_NETLINK_, NETLINK_EXT_ACK, &one, sizeof(one)))
		die("%s: NETLINK_EXT_ACK: %s", name, strerror(errno));
	if (rcvbuf >= 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)))
		die("%s: SO_RCVBUF: %s", name, strerror(errno));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(fd, (struct sockaddr *)&sa, &sl))
		die("%s: bind: %s", name, strerror(errno));
	s->portid = sa.nl_pid;
	if (!s->ex) {
		s->ex = calloc(EX_MAX, sizeof(*s->ex));
		if (!s->ex)
			die("out of memory");
	}
	s->nex = 0;
	s->read_mode = RM_NORMAL;
	s->next_seq = 1;
}

static int nl_socket(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	if (fd < 0)
		die("socket(NETLINK_GENERIC): %s", strerror(errno));
	return fd;
}

static void sock_close(struct nlsock *s)
{
	close(s->fd);
	s->fd = -1;
}

static void send_buf(struct nlsock *s, const struct buf *b)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	ssize_t n;

	n = sendto(s->fd, b->d, b->len, 0, (struct sockaddr *)&sa, sizeof(sa));
	if (b->len == 0 && n < 0 && errno == ENODATA) {
		st.send_refused++;
		return;
	}
	if (n != (ssize_t)b->len)
		fail(s, NULL, "sendto of %zu bytes: %zd (%s)", b->len, n,
		     n < 0 ? strerror(errno) : "short");
}

/* Whether @cmd is an op of the family, and which. */
static bool op_admin(uint8_t cmd)
{
	return cmd == TRS_CMD_GET_PEERS || cmd == TRS_CMD_GET_DESTS ||
	       cmd == TRS_CMD_GET_FORWARDED || cmd == TRS_CMD_RESET ||
	       cmd == TRS_CMD_CONFIG;
}

static bool op_dump(uint8_t cmd)
{
	return (cmd >= TRS_CMD_GET_PORTS && cmd <= TRS_CMD_GET_DESTS) ||
	       cmd == TRS_CMD_GET_FORWARDED;
}

static bool op_exists(uint8_t cmd)
{
	return (cmd >= TRS_CMD_GET && cmd <= TRS_CMD_CONFIG) ||
	       cmd == TRS_CMD_GET_FORWARDED;
}

static bool dump_pending(const struct nlsock *s)
{
	unsigned int i;

	for (i = 0; i < s->nex; i++)
		if (s->ex[i].what == EX_DUMP && !s->ex[i].ended)
			return true;
	return false;
}

/* A refusal by genetlink before any handler: errno, extack message. */
struct refusal {
	int err;			/* 0: accepted */
	char msg[128];
};

/*
 * What genetlink refuses before a handler runs, in the order of
 * genl_family_rcv_msg()'s checks.  Which checks this kernel makes, and
 * with what errno and message, probe_core() asks it at start with
 * requests no handler acts on: genlmsghdr.reserved and nlmsg_flags are
 * checked from Linux 6.1 (resv_start_op), and from 6.2 whether an op is a
 * do or a dump is part of finding it, before the permission check.
 */
static struct {
	struct refusal short_hdr, reserved, flags, no_op, perm;
	struct refusal do_of_dump, dump_of_do;	/* the op is the other kind */
	uint16_t ok_do, ok_dump;	/* nlmsg_flags bits accepted */
	bool flags_first;		/* flags checked before reserved */
	bool split;			/* do or dump found with the op */
} core;

/*
 * How genetlink refuses request @p (@len bytes, a whole message to the
 * family with NLM_F_REQUEST) on @s before any handler, or NULL if a
 * handler gets it.
 */
static const struct refusal *refusal(const struct nlsock *s, const uint8_t *p,
				     uint32_t len)
{
	uint16_t flags = get16(p + 6);
	bool dump = (flags & NLM_F_DUMP) == NLM_F_DUMP;
	bool bad_reserved, bad_flags;
	uint8_t cmd;

	if (len < NLMSG_HDRLEN + GENL_HDRLEN)
		return &core.short_hdr;
	cmd = p[16];
	bad_reserved = get16(p + 18) && core.reserved.err;
	bad_flags = (dump ? flags & ~NLM_F_DUMP : flags) &
		    ~(dump ? core.ok_dump : core.ok_do);
	if (bad_flags && (core.flags_first || !bad_reserved))
		return &core.flags;
	if (bad_reserved)
		return &core.reserved;
	if (!op_exists(cmd))
		return &core.no_op;
	if (core.split && dump != op_dump(cmd))
		return dump ? &core.dump_of_do : &core.do_of_dump;
	if (op_admin(cmd) && !s->admin)
		return &core.perm;
	if (dump != op_dump(cmd))
		return dump ? &core.dump_of_do : &core.do_of_dump;
	return NULL;
}

/*
 * What the kernel makes of message @p (@len bytes, a whole message) sent
 * on @s: netlink_rcv_skb()'s choice, then genetlink's.
 */
static void predict(const struct nlsock *s, const uint8_t *p, uint32_t len,
		    struct expect *e)
{
	uint16_t type = get16(p + 4), flags = get16(p + 6);
	const struct refusal *r;

	e->ack = flags & NLM_F_ACK;
	if (!(flags & NLM_F_REQUEST) || type < NLMSG_MIN_TYPE) {
		e->what = e->ack ? EX_ACK : EX_NONE;
		return;
	}
	if (len >= NLMSG_HDRLEN + GENL_HDRLEN)
		e->cmd = p[16];
	r = refusal(s, p, len);
	if (r) {
		e->what = EX_ERR;
		e->err = r->err;
		e->msg = r->msg[0] ? r->msg : NULL;
		return;
	}
	e->what = (flags & NLM_F_DUMP) == NLM_F_DUMP ? EX_DUMP : EX_DO;
}

/*
 * Read buffer @b as netlink_rcv_skb() will on @s.  Every message it reads
 * gets a type of the family (if it names another one) and, with @assign,
 * a sequence number and an expectation.  Returns whether some message
 * would reach the reset or config handler.
 */
static bool walk(struct nlsock *s, struct buf *b, bool assign)
{
	struct expect tmp, *e;
	bool changes = false;
	size_t off = 0, step;
	uint32_t len;
	uint16_t type;

	while (b->len - off >= NLMSG_HDRLEN) {
		uint8_t *p = b->d + off;

		len = get32(p);
		if (len < NLMSG_HDRLEN || len > b->len - off)
			break;
		type = get16(p + 4);
		if (type >= NLMSG_MIN_TYPE && type != family)
			put16(p + 4, family);
		e = &tmp;
		if (assign) {
			if (s->nex == EX_MAX)
				fail(s, NULL, "more than %d messages pending", EX_MAX);
			if (!s->nex)
				s->base = s->next_seq;
			e = &s->ex[s->nex++];
			put32(p + 8, s->next_seq++);
		}
		memset(e, 0, sizeof(*e));
		e->buf = b;
		e->off = off;
		e->len = len;
		predict(s, p, len, e);
		if (e->what == EX_DO &&
		    (e->cmd == TRS_CMD_RESET || e->cmd == TRS_CMD_CONFIG))
			changes = true;
		if (assign) {
			st.msgs++;
			if (get16(p + 6) & NLM_F_REQUEST && len >= NLMSG_HDRLEN + GENL_HDRLEN &&
			    get16(p + 4) == family)
				st.cmd_seen[p[16]] = true;
			if (e->what == EX_ACK)
				st.unread_acked++;
			else if (e->what == EX_NONE)
				st.unread_silent++;
			else if (e->what == EX_ERR)
				st.predicted++;
			/* An earlier dump of the socket may be running. */
			if (e->what == EX_DUMP) {
				s->nex--;
				e->busy_ok = dump_pending(s);
				s->nex++;
			}
		}
		step = NLMSG_ALIGN(len);
		off += step < b->len - off ? step : b->len - off;
	}
	if (assign && off < b->len)
		st.dropped++;
	return changes;
}

static struct expect *find_ex(struct nlsock *s, uint32_t seq)
{
	uint32_t i = seq - s->base;

	return s->nex && i < s->nex ? &s->ex[i] : NULL;
}

/* Strict attribute walk: whole attributes tiling the area exactly. */
struct attr {
	uint16_t type;
	const uint8_t *data;
	uint32_t len;
};

static int parse_attrs(const uint8_t *p, size_t len, struct attr *a, int max)
{
	int n = 0;
	size_t step;
	uint16_t l;

	while (len) {
		if (len < NLA_HDRLEN)
			return -1;
		l = get16(p);
		if (l < NLA_HDRLEN || l > len || n == max)
			return -1;
		a[n].type = get16(p + 2);
		a[n].data = p + NLA_HDRLEN;
		a[n].len = l - NLA_HDRLEN;
		n++;
		step = NLA_ALIGN(l);
		if (step > len)
			step = len;
		p += step;
		len -= step;
	}
	return n;
}

/* A nest of @n values of @size bytes with types 1..n (type 0: padding). */
static const char *check_values(const struct attr *nest, unsigned int n,
				unsigned int size, uint64_t *out)
{
	struct attr a[64];
	int i, k, got = 0;

	k = parse_attrs(nest->data, nest->len, a, 64);
	if (k < 0)
		return "malformed attributes in a nest";
	for (i = 0; i < k; i++) {
		if ((a[i].type & NLA_TYPE_MASK) == 0)
			continue;
		if (a[i].type != got + 1 || a[i].len != size)
			return "a value of a nest out of order or of the wrong size";
		if (out) {
			out[got] = 0;
			memcpy(&out[got], a[i].data, size);
		}
		got++;
	}
	return got == (int)n ? NULL : "a nest with the wrong number of values";
}

/* One row of a dump; @canon (if set) gets its text, gauges left out. */
static const char *check_row(unsigned int table, const struct attr *a, int n,
			     char *canon, size_t canon_len)
{
	const struct trs_schema *s = &trs_tables_schema[table];
	const struct trs_key_col *key[4];
	uint64_t v[TRS_COLS_MAX];
	unsigned int nkeys = 0, i, j;
	const char *err;
	size_t at = 0;
	int k;

	if (n < 2 || a[0].type != TRS_A_ROW_KIND || a[0].len != 1 ||
	    a[0].data[0] > TRS_ROW_EPHEMERAL)
		return "a row without a row kind";
	if (a[0].data[0] == TRS_ROW_KEY) {
		/* The schema's keys, in ascending attribute order. */
		for (i = 0; i < s->nkeys && nkeys < 4; i++) {
			for (j = nkeys; j > 0 && key[j - 1]->attr > s->keys[i].attr; j--)
				key[j] = key[j - 1];
			key[j] = &s->keys[i];
			nkeys++;
		}
	} else if (a[0].data[0] == TRS_ROW_EPHEMERAL && table != TRS_TBL_PORTS) {
		return "an ephemeral row outside ports";
	}
	if ((unsigned int)n != nkeys + 2 ||
	    a[n - 1].type != (TRS_A_COUNTERS | NLA_F_NESTED))
		return "a row with the wrong attributes";
	for (i = 0; i < nkeys; i++) {
		if (a[i + 1].type != key[i]->attr)
			return "a row with the wrong attributes";
		if (a[i + 1].len != (key[i]->type == TRS_KEY_PORT ? 2 : 16))
			return "a row key of the wrong size";
	}
	err = check_values(&a[n - 1], s->ncols, 8, v);
	if (err || !canon)
		return err;
	for (k = 0; k < n - 1; k++) {
		at += snprintf(canon + at, canon_len - at, "%s", k ? " " : "");
		for (i = 0; i < a[k].len && at < canon_len; i++)
			at += snprintf(canon + at, canon_len - at, "%02x",
				       a[k].data[i]);
	}
	for (i = 0; i < s->ncols && at < canon_len; i++)
		at += s->cols[i].kind == TRS_COL_GAUGE ?
		      snprintf(canon + at, canon_len - at, " -") :
		      snprintf(canon + at, canon_len - at, " %" PRIu64, v[i]);
	return NULL;
}

static const char *check_reasons(const struct attr *nest)
{
	struct attr a[128], b[4];
	int i, k, n;

	n = parse_attrs(nest->data, nest->len, a, 128);
	if (n < 0)
		return "malformed reasons";
	for (i = 0; i < n; i++) {
		if (a[i].type != (TRS_A_REASON | NLA_F_NESTED))
			return "a reasons nest holding something else";
		k = parse_attrs(a[i].data, a[i].len, b, 4);
		if (k != 2 || b[0].type != TRS_A_REASON_NAME || !b[0].len ||
		    b[0].data[b[0].len - 1] || strlen((const char *)b[0].data) + 1 != b[0].len ||
		    b[1].type != (TRS_A_COUNTERS | NLA_F_NESTED))
			return "a reason without its name and counters";
		if (check_values(&b[1], TRS_REASON_MAX, 8, NULL))
			return "a reason's counters";
	}
	return NULL;
}

/*
 * A reply of the family to @cmd: header, then exactly the attributes
 * the uapi header promises.  @canon and @totals (if set) get a dump row's
 * text and a GET's totals.
 */
static const char *check_reply(const uint8_t *p, uint32_t len, uint8_t cmd,
			       bool dump, char *canon, size_t canon_len,
			       uint64_t *totals)
{
	uint16_t flags = get16(p + 6);
	struct attr a[8];
	const char *err;
	int n;

	if (len < NLMSG_HDRLEN + GENL_HDRLEN)
		return "a reply without a genlmsghdr";
	if (p[16] != cmd || p[17] != TRS_GENL_VERSION || get16(p + 18))
		return "a reply with the wrong genlmsghdr";
	if (dump ? (flags & ~NLM_F_DUMP_INTR) != NLM_F_MULTI : flags)
		return "a reply with the wrong flags";
	n = parse_attrs(p + NLMSG_HDRLEN + GENL_HDRLEN,
			len - NLMSG_HDRLEN - GENL_HDRLEN, a, 8);
	if (n < 0)
		return "a reply with malformed attributes";
	switch (cmd) {
	case TRS_CMD_GET:
		if (n < 2 || n > 3 || a[0].type != (TRS_A_TOTALS | NLA_F_NESTED) ||
		    a[1].type != (TRS_A_PRESSURE | NLA_F_NESTED) ||
		    (n == 3 && a[2].type != (TRS_A_REASONS | NLA_F_NESTED)))
			return "a GET reply without totals and pressure";
		err = check_values(&a[0], TRS_CTR_MAX, 8, totals);
		if (!err)
			err = check_values(&a[1], TRS_PR_MAX, 8, NULL);
		if (!err && n == 3)
			err = check_reasons(&a[2]);
		return err;
	case TRS_CMD_CONFIG:
		if (n != 1 || a[0].type != (TRS_A_CONFIG | NLA_F_NESTED))
			return "a CONFIG reply without the settings";
		return check_values(&a[0], TRS_CFG_MAX, 4, NULL);
	case TRS_CMD_GET_PORTS: case TRS_CMD_GET_PEERS: case TRS_CMD_GET_DESTS:
		return check_row(cmd - TRS_CMD_GET_PORTS, a, n, canon, canon_len);
	case TRS_CMD_GET_FORWARDED:
		return check_row(TRS_TBL_FWD, a, n, canon, canon_len);
	}
	return "a reply to a command that has none";
}

static void count_msg(int err, const char *text)
{
	unsigned int i;

	st.err_by_errno[err & 255][0]++;
	if (!*text)
		return;
	st.err_by_errno[err & 255][1]++;
	for (i = 0; i < st.nmsgs; i++) {
		if (st.msgs_seen[i].err == err && !strcmp(st.msgs_seen[i].text, text)) {
			st.msgs_seen[i].n++;
			return;
		}
	}
	if (st.nmsgs < MSGS_MAX) {
		st.msgs_seen[st.nmsgs].err = err;
		snprintf(st.msgs_seen[st.nmsgs].text, sizeof(st.msgs_seen[0].text),
			 "%s", text);
		st.msgs_seen[st.nmsgs++].n = 1;
	}
}

/* The extack TLVs at @p: a printable message, offsets inside @e's message. */
static void check_tlvs(const struct nlsock *s, struct expect *e,
		       const uint8_t *p, size_t len)
{
	struct attr a[16];
	int i, n;
	uint32_t off;
	size_t k;

	n = parse_attrs(p, len, a, 16);
	if (n < 0)
		fail(s, e, "malformed extack attributes");
	for (i = 0; i < n; i++) {
		switch (a[i].type) {
		case NLMSGERR_ATTR_MSG:
			if (!a[i].len || a[i].data[a[i].len - 1])
				fail(s, e, "an extack message without its NUL");
			for (k = 0; k + 1 < a[i].len; k++)
				if (a[i].data[k] < 0x20 || a[i].data[k] > 0x7e)
					fail(s, e, "an extack message with byte %#x",
					     a[i].data[k]);
			snprintf(e->got_msg, sizeof(e->got_msg), "%s",
				 (const char *)a[i].data);
			break;
		case NLMSGERR_ATTR_OFFS:
		case NLMSGERR_ATTR_MISS_NEST:
			if (a[i].len != 4)
				fail(s, e, "an extack offset of %u bytes", a[i].len);
			off = get32(a[i].data);
			if (off < NLMSG_HDRLEN + GENL_HDRLEN || off + NLA_HDRLEN > e->len)
				fail(s, e, "extack offset %u outside the message (%u bytes)",
				     off, e->len);
			break;
		}
	}
}

static void on_error(const struct nlsock *s, struct expect *e,
		     const uint8_t *p, uint32_t len)
{
	uint16_t flags = get16(p + 6);
	const uint8_t *sent = e->buf->d + e->off;
	size_t at = NLMSG_HDRLEN + sizeof(struct nlmsgerr);
	int32_t err;

	if (len < at)
		fail(s, e, "an NLMSG_ERROR of %u bytes", len);
	memcpy(&err, p + NLMSG_HDRLEN, 4);
	if (err > 0 || err < -4095)
		fail(s, e, "an NLMSG_ERROR with error %d", err);
	if (memcmp(p + NLMSG_HDRLEN + 4, sent, NLMSG_HDRLEN))
		fail(s, e, "an NLMSG_ERROR echoing another header");
	if (!(flags & NLM_F_CAPPED)) {
		if (!err || len < at + e->len - NLMSG_HDRLEN ||
		    memcmp(p + at, sent + NLMSG_HDRLEN, e->len - NLMSG_HDRLEN))
			fail(s, e, "an NLMSG_ERROR echoing another request");
		at += NLMSG_ALIGN(e->len - NLMSG_HDRLEN);
	}
	if (flags & NLM_F_ACK_TLVS)
		check_tlvs(s, e, p + at, len > at ? len - at : 0);
	else if (at < len)
		fail(s, e, "an NLMSG_ERROR with %u bytes too many", (unsigned int)(len - at));
	if (err) {
		e->n_err++;
		e->got_err = -err;
		count_msg(-err, e->got_msg);
	} else {
		e->n_ack++;
	}
	e->ended = true;
}

static void on_done(const struct nlsock *s, struct expect *e,
		    const uint8_t *p, uint32_t len)
{
	uint16_t flags = get16(p + 6);
	int32_t err;

	if (len < NLMSG_HDRLEN + 4)
		fail(s, e, "an NLMSG_DONE of %u bytes", len);
	if ((flags & ~(NLM_F_DUMP_INTR | NLM_F_ACK_TLVS)) != NLM_F_MULTI)
		fail(s, e, "an NLMSG_DONE with flags %#x", flags);
	memcpy(&err, p + NLMSG_HDRLEN, 4);
	if (err > 0)
		fail(s, e, "an NLMSG_DONE with error %d", err);
	if (flags & NLM_F_ACK_TLVS)
		check_tlvs(s, e, p + NLMSG_HDRLEN + 4, len - NLMSG_HDRLEN - 4);
	else if (len != NLMSG_HDRLEN + 4)
		fail(s, e, "an NLMSG_DONE of %u bytes", len);
	if (flags & NLM_F_DUMP_INTR)
		e->intr = true;
	e->got_err = -err;
	if (err)
		count_msg(-err, e->got_msg);
	e->n_done++;
	e->ended = true;
}

static void on_msg(struct nlsock *s, const uint8_t *p, uint32_t len)
{
	uint16_t type = get16(p + 4), flags = get16(p + 6);
	struct expect *e = find_ex(s, get32(p + 8));
	const char *err;

	last_answer = p;
	last_answer_len = len;
	if (!e)
		fail(s, NULL, "a message (type %u, flags %#x) with seq %u, sent with none",
		     type, flags, get32(p + 8));
	if (get32(p + 12) != s->portid)
		fail(s, e, "an answer to port %u, not %u", get32(p + 12), s->portid);
	if (e->what == EX_NONE)
		fail(s, e, "an answer to a message the kernel must not read");
	if (e->ended)
		fail(s, e, "a message (type %u) after the end of the answer", type);
	if (type == NLMSG_ERROR) {
		on_error(s, e, p, len);
	} else if (type == NLMSG_DONE && e->what == EX_DUMP) {
		on_done(s, e, p, len);
	} else if (type == family && (e->what == EX_DO || e->what == EX_DUMP)) {
		err = check_reply(p, len, e->cmd, e->what == EX_DUMP, NULL, 0, NULL);
		if (err)
			fail(s, e, "%s", err);
		if (flags & NLM_F_DUMP_INTR)
			e->intr = true;
		e->n_data++;
	} else {
		fail(s, e, "an answer of type %u", type);
	}
	last_answer = NULL;
}

/* Does @e still wait for something the kernel must send? */
static bool waiting(const struct expect *e)
{
	if (e->ended)
		return false;
	switch (e->what) {
	case EX_ACK: case EX_ERR: case EX_DUMP:
		return true;
	case EX_DO:
		/* A reply without NLM_F_ACK ends it; RESET has none. */
		return e->ack || (!e->n_data && e->cmd != TRS_CMD_RESET);
	}
	return false;
}

static const char *errname(int err)
{
	static char buf[2][16];
	static int k;

	switch (err) {
	case 0: return "0";
	case EINVAL: return "EINVAL";
	case ERANGE: return "ERANGE";
	case EPERM: return "EPERM";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EBUSY: return "EBUSY";
	case ENOMEM: return "ENOMEM";
	case EMSGSIZE: return "EMSGSIZE";
	case ENOENT: return "ENOENT";
	}
	k = !k;
	snprintf(buf[k], sizeof(buf[k]), "errno %d", err);
	return buf[k];
}

static bool do_err_ok(const struct nlsock *s, uint8_t cmd, int err)
{
	if (err == EINVAL || err == ERANGE)
		return true;
	/* config: cost limits (no host admin), a new table's memory */
	return cmd == TRS_CMD_CONFIG &&
	       ((err == EPERM && !s->host_admin) || err == ENOMEM);
}

static void evaluate(struct nlsock *s, struct expect *e)
{
	unsigned int answers = e->n_data + e->n_ack + e->n_err + e->n_done;

	switch (e->what) {
	case EX_NONE:
		if (answers)
			fail(s, e, "answered, but the kernel must not read it");
		break;
	case EX_ACK:
		if (e->n_ack != 1 || answers != 1)
			fail(s, e, "not answered by exactly one ack");
		break;
	case EX_ERR:
		if (e->n_err != 1 || answers != 1 || e->got_err != e->err)
			fail(s, e, "answered %s (%u answers), not %s", errname(e->got_err),
			     answers, errname(e->err));
		if (strcmp(e->got_msg, e->msg ? e->msg : ""))
			fail(s, e, "extack \"%s\", not \"%s\"", e->got_msg,
			     e->msg ? e->msg : "");
		break;
	case EX_DO:
		if (e->n_err) {
			if (e->n_data || !do_err_ok(s, e->cmd, e->got_err))
				fail(s, e, "command %u refused with %s (%u replies)",
				     e->cmd, errname(e->got_err), e->n_data);
			st.handler_bare[e->got_err & 255] += !*e->got_msg;
			st.dos_err++;
			break;
		}
		if (e->n_data != (e->cmd == TRS_CMD_RESET ? 0U : 1U) ||
		    e->n_ack != (unsigned int)e->ack)
			fail(s, e, "command %u answered with %u replies and %u acks",
			     e->cmd, e->n_data, e->n_ack);
		if (s->checked && (e->cmd == TRS_CMD_RESET || e->cmd == TRS_CMD_CONFIG))
			fail(s, e, "a reset or config succeeded in the checked namespace");
		if (e->cmd == TRS_CMD_RESET) {
			st.b_resets++;
			st.silent_resets += !e->ack;
		}
		st.b_configs += e->cmd == TRS_CMD_CONFIG &&
				e->len > NLMSG_HDRLEN + GENL_HDRLEN;
		st.dos_ok++;
		break;
	case EX_DUMP:
		if (e->n_err) {
			if (e->n_data || e->n_done ||
			    !(e->got_err == EINVAL || e->got_err == ERANGE ||
			      (e->got_err == EBUSY && e->busy_ok)))
				fail(s, e, "dump %u refused with %s", e->cmd,
				     errname(e->got_err));
			st.busy += e->got_err == EBUSY;
			st.handler_bare[e->got_err & 255] += !*e->got_msg;
			st.dumps_err++;
			break;
		}
		if (e->n_done != 1)
			fail(s, e, "dump %u: %u rows and no NLMSG_DONE", e->cmd, e->n_data);
		if (e->got_err && (e->got_err != EINVAL || e->n_data))
			fail(s, e, "dump %u ended with %s after %u rows", e->cmd,
			     errname(e->got_err), e->n_data);
		if (e->got_err)
			st.handler_bare[e->got_err & 255] += !*e->got_msg;
		st.dumps_ok += !e->got_err;
		st.dumps_err += !!e->got_err;
		st.dump_rows += e->n_data;
		st.intr += e->intr;
		break;
	}
}

static uint8_t rbuf[RBUF_MAX] __attribute__((aligned(8)));
static uint8_t rbuf2[RBUF_MAX] __attribute__((aligned(8)));

/*
 * Whether a failed read is netlink's ENOBUFS that loses nothing: a peek
 * leaves its datagram queued, yet lets the dump go on (netlink_recvmsg()
 * continues it when the queue is under half the receive buffer); if the
 * next part then does not fit, netlink_dump() gives up before dumping
 * anything and flags the socket ENOBUFS, which the next read returns
 * instead of the datagram.  Only a peeking reader with a dump running
 * meets it; whether anything was lost, A's row count says.  A reader
 * that peeks before every read can meet it forever (each peek flags the
 * socket again): after 100 in a row, one plain read makes room.
 */
static bool enobufs_ok(struct nlsock *s)
{
	if (errno != ENOBUFS || s->read_mode == RM_NORMAL || !dump_pending(s))
		return false;
	st.enobufs++;
	if (++s->enobufs_run == 100) {
		st.peek_stalls++;
		s->plain_next = true;
		s->enobufs_run = 0;
	}
	return true;
}

/*
 * One datagram, read the socket's way; 0 when there is none now, -1 for
 * an ENOBUFS that enobufs_ok() excuses (read again).
 */
static ssize_t read_one(struct nlsock *s, bool wait)
{
	struct iovec iov = { rbuf, RBUF_MAX };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	int flags = wait ? 0 : MSG_DONTWAIT;
	int mode = s->plain_next ? RM_NORMAL : s->read_mode;
	ssize_t n, k;
	size_t small;

	s->plain_next = false;
	switch (mode) {
	case RM_PEEK:
		/* The size first, then exactly that. */
		n = recv(s->fd, rbuf, NLMSG_HDRLEN, flags | MSG_PEEK | MSG_TRUNC);
		if (n < 0)
			break;
		st.peeks++;
		if (n > RBUF_MAX)
			fail(s, NULL, "a datagram of %zd bytes", n);
		iov.iov_len = n;
		k = recvmsg(s->fd, &mh, flags);
		if (k < 0 && enobufs_ok(s))
			return -1;
		if (k != n || mh.msg_flags & MSG_TRUNC)
			fail(s, NULL, "peeked %zd bytes, read %zd", n, k);
		s->enobufs_run = 0;
		return n;
	case RM_SHORT:
		/* All of it with a peek, then consumed by a short read. */
		n = recv(s->fd, rbuf, RBUF_MAX, flags | MSG_PEEK | MSG_TRUNC);
		if (n < 0)
			break;
		if (n > RBUF_MAX)
			fail(s, NULL, "a datagram of %zd bytes", n);
		small = 1 + rng_next(&(struct rng){ .s = n }) % (n - 1);
		iov.iov_base = rbuf2;
		iov.iov_len = small;
		k = recvmsg(s->fd, &mh, flags | MSG_TRUNC);
		if (k < 0 && enobufs_ok(s))
			return -1;
		if (k != n || !(mh.msg_flags & MSG_TRUNC) || memcmp(rbuf, rbuf2, small))
			fail(s, NULL, "a short read of %zu of %zd bytes returned %zd, flags %#x",
			     small, n, k, mh.msg_flags);
		st.short_reads++;
		s->enobufs_run = 0;
		return n;
	default:
		n = recvmsg(s->fd, &mh, flags | MSG_TRUNC);
		if (n < 0)
			break;
		if (n > RBUF_MAX || mh.msg_flags & MSG_TRUNC)
			fail(s, NULL, "a datagram of %zd bytes did not fit", n);
		s->enobufs_run = 0;
		return n;
	}
	if (errno == EAGAIN)
		return 0;
	if (enobufs_ok(s))
		return -1;
	fail(s, NULL, "recv: %s", strerror(errno));
}

static void on_datagram(struct nlsock *s, size_t n)
{
	const uint8_t *p = rbuf;
	uint32_t len;

	while (n) {
		if (n < NLMSG_HDRLEN || (len = get32(p)) < NLMSG_HDRLEN || len > n)
			fail(s, NULL, "a malformed datagram (%zu bytes left)", n);
		on_msg(s, p, len);
		len = NLMSG_ALIGN(len);
		if (len > n)
			len = n;
		p += len;
		n -= len;
	}
}

static bool any_waiting(const struct nlsock *s)
{
	unsigned int i;

	for (i = 0; i < s->nex; i++)
		if (waiting(&s->ex[i]))
			return true;
	return false;
}

/* Read until @s runs dry with nothing missing, or fail; then judge. */
static void drain(struct nlsock *s)
{
	struct pollfd pfd = { .fd = s->fd, .events = POLLIN };
	unsigned int i;
	ssize_t n;

	for (;;) {
		n = read_one(s, false);
		if (n < 0)
			continue;
		if (n) {
			on_datagram(s, n);
			continue;
		}
		if (!any_waiting(s))
			break;
		if (poll(&pfd, 1, timeout_ms) == 0) {
			for (i = 0; i < s->nex && !waiting(&s->ex[i]); i++)
				;
			fail(s, &s->ex[i], "no answer in %d ms", timeout_ms);
		}
	}
	for (i = 0; i < s->nex; i++)
		evaluate(s, &s->ex[i]);
	s->nex = 0;
}

/* ---- the scratch namespace B ----------------------------------------- */

static int factory_fd = -1;
static bool b_host_admin;

static void lo_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	/* Without it connections fail unreachable: less traffic, no harm. */
	if (fd < 0)
		return;
	if (!ioctl(fd, SIOCGIFFLAGS, &ifr)) {
		ifr.ifr_flags |= IFF_UP;
		ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
}

/* Connections refused on B's loopback: @n of them to ports from @port. */
static unsigned int refuse(unsigned int n, unsigned int port)
{
	unsigned int i, refused = 0;

	for (i = 0; i < n; i++) {
		struct sockaddr_in6 a6 = {
			.sin6_family = AF_INET6,
			.sin6_addr = IN6ADDR_LOOPBACK_INIT,
		};
		struct sockaddr_in a4 = {
			.sin_family = AF_INET,
			.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
		};
		bool v6 = i % 4 == 3;
		int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

		a4.sin_port = a6.sin6_port = htons(20000 + (port + i) % 20000);
		if (fd < 0)
			continue;
		if (connect(fd, v6 ? (struct sockaddr *)&a6 : (struct sockaddr *)&a4,
			    v6 ? sizeof(a6) : sizeof(a4)) && errno == ECONNREFUSED)
			refused++;
		close(fd);
	}
	return refused;
}

static void send_fd(int sock, int fd)
{
	char c = 's';
	struct iovec iov = { &c, 1 };
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(sizeof(int))];
	} u = {};
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.b, .msg_controllen = sizeof(u.b),
	};
	struct cmsghdr *c0 = CMSG_FIRSTHDR(&mh);

	c0->cmsg_level = SOL_SOCKET;
	c0->cmsg_type = SCM_RIGHTS;
	c0->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c0), &fd, sizeof(fd));
	if (sendmsg(sock, &mh, 0) != 1)
		_exit(3);
}

/* The child: make B, then hand out sockets and make traffic in it. */
static void __attribute__((noreturn)) factory(int sock)
{
	uint32_t req[2];
	int err = 0, fd;

	if (unshare(CLONE_NEWNET) &&
	    unshare(CLONE_NEWUSER | CLONE_NEWNET))
		err = errno;
	if (write(sock, &err, sizeof(err)) != sizeof(err) || err)
		_exit(0);
	lo_up();
	while (read(sock, req, sizeof(req)) == sizeof(req)) {
		if (req[0] == 's') {
			fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
			if (fd < 0)
				_exit(3);
			send_fd(sock, fd);
			close(fd);
		} else {
			req[0] = refuse(req[1] >> 16, req[1] & 0xffff);
			if (write(sock, req, 4) != 4)
				_exit(3);
		}
	}
	_exit(0);
}

static bool factory_start(void)
{
	int sv[2], err;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		die("socketpair: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid) {
		close(sv[0]);
		factory(sv[1]);
	}
	close(sv[1]);
	if (read(sv[0], &err, sizeof(err)) != sizeof(err))
		die("the scratch namespace's process died");
	if (err) {
		printf("nlfuzz: no scratch namespace (%s): everything goes to A%s\n",
		       strerror(err), root_mode ?
		       "; buffers that could reset or configure are skipped" : "");
		close(sv[0]);
		return false;
	}
	factory_fd = sv[0];
	return true;
}

static int factory_socket(void)
{
	uint32_t req[2] = { 's', 0 };
	char c;
	struct iovec iov = { &c, 1 };
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.b, .msg_controllen = sizeof(u.b),
	};
	struct cmsghdr *c0;
	int fd;

	if (write(factory_fd, req, sizeof(req)) != sizeof(req) ||
	    recvmsg(factory_fd, &mh, 0) != 1)
		die("the scratch namespace's process died");
	c0 = CMSG_FIRSTHDR(&mh);
	if (!c0 || c0->cmsg_type != SCM_RIGHTS)
		die("no socket from the scratch namespace");
	memcpy(&fd, CMSG_DATA(c0), sizeof(fd));
	return fd;
}

static void factory_traffic(unsigned int n, unsigned int port)
{
	uint32_t req[2] = { 't', n << 16 | (port & 0xffff) };

	if (write(factory_fd, req, sizeof(req)) != sizeof(req) ||
	    read(factory_fd, req, 4) != 4)
		die("the scratch namespace's process died");
}

/* ---- requests of our own, and the checked namespace's counters --------- */

static struct nlsock sock_a, sock_b, sock_chk;
static bool have_b;

/* Send a request we built and collect its data messages; errno or 0. */
/* The extack message of an NLMSG_ERROR or NLMSG_DONE of ours, if any. */
static void extack_msg(const uint8_t *p, uint32_t len, char *msg, size_t size)
{
	uint16_t type = get16(p + 4), flags = get16(p + 6);
	size_t at = NLMSG_HDRLEN + 4;
	struct attr a[16];
	int i, n;

	*msg = 0;
	if (!(flags & NLM_F_ACK_TLVS))
		return;
	if (type == NLMSG_ERROR) {
		at = NLMSG_HDRLEN + sizeof(struct nlmsgerr);
		if (!(flags & NLM_F_CAPPED) && len >= at)
			at += NLMSG_ALIGN(get32(p + NLMSG_HDRLEN + 4) - NLMSG_HDRLEN);
	}
	n = at < len ? parse_attrs(p + at, len - at, a, 16) : 0;
	for (i = 0; i < n; i++)
		if (a[i].type == NLMSGERR_ATTR_MSG && a[i].len && !a[i].data[a[i].len - 1])
			snprintf(msg, size, "%s", (const char *)a[i].data);
}

static int request(struct nlsock *s, struct msgb *m, bool dump,
		   void (*cb)(const uint8_t *p, uint32_t len, void *arg),
		   void *arg);

/*
 * Send a request we built with @flags (it must be answered by an ack, an
 * error or an NLMSG_DONE), give its data messages to @cb; the errno, and
 * in @r (if set) the refusal.
 */
static int request_ex(struct nlsock *s, struct msgb *m, uint16_t flags,
		      void (*cb)(const uint8_t *p, uint32_t len, void *arg),
		      void *arg, struct refusal *r)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	uint32_t seq = s->next_seq++;
	ssize_t n;
	int err = 0;
	bool end = false;

	put32(m->d, m->len);
	put16(m->d + 6, flags);
	put32(m->d + 8, seq);
	if (sendto(s->fd, m->d, m->len, 0, (struct sockaddr *)&sa, sizeof(sa)) !=
	    (ssize_t)m->len)
		fail(s, NULL, "send: %s", strerror(errno));
	while (!end) {
		struct pollfd pfd = { .fd = s->fd, .events = POLLIN };
		const uint8_t *p = rbuf;

		if (poll(&pfd, 1, timeout_ms * 5) != 1)
			fail(s, NULL, "no answer to a request of ours");
		n = recv(s->fd, rbuf, RBUF_MAX, MSG_TRUNC);
		if (n <= 0 || n > RBUF_MAX)
			fail(s, NULL, "recv: %zd %s", n, n < 0 ? strerror(errno) : "");
		while (n >= NLMSG_HDRLEN) {
			uint32_t len = get32(p);
			uint16_t type = get16(p + 4);

			if (len < NLMSG_HDRLEN || len > (size_t)n || get32(p + 8) != seq)
				fail(s, NULL, "a stray answer to a request of ours");
			if (type == NLMSG_ERROR || type == NLMSG_DONE) {
				memcpy(&err, p + NLMSG_HDRLEN, 4);
				err = -err;
				end = true;
				if (r) {
					r->err = err;
					extack_msg(p, len, r->msg, sizeof(r->msg));
				}
			} else if (cb) {
				if (get16(p + 6) & NLM_F_DUMP_INTR)
					fail(s, NULL,
					     "a dump of ours interrupted: the table changed");
				cb(p, len, arg);
			}
			len = NLMSG_ALIGN(len);
			if (len > (size_t)n)
				len = n;
			p += len;
			n -= len;
		}
	}
	return err;
}

static int request(struct nlsock *s, struct msgb *m, bool dump,
		   void (*cb)(const uint8_t *p, uint32_t len, void *arg),
		   void *arg)
{
	return request_ex(s, m, NLM_F_REQUEST | (dump ? NLM_F_DUMP : NLM_F_ACK),
			  cb, arg, NULL);
}

/* The counters of A, gauges aside, as sorted text. */
struct text {
	char **lines;
	size_t n, cap;
	uint8_t cmd;
	const struct nlsock *s;
};

static void text_add(struct text *t, const char *line)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 256;
		t->lines = realloc(t->lines, t->cap * sizeof(*t->lines));
		if (!t->lines)
			die("out of memory");
	}
	t->lines[t->n] = strdup(line);
	if (!t->lines[t->n++])
		die("out of memory");
}

static void on_row(const uint8_t *p, uint32_t len, void *arg)
{
	struct text *t = arg;
	char line[1024];
	const char *err;
	int at;

	at = snprintf(line, sizeof(line), "%u ", t->cmd);
	err = check_reply(p, len, t->cmd, t->cmd != TRS_CMD_GET, line + at,
			  sizeof(line) - at, NULL);
	if (err)
		fail(t->s, NULL, "our own request: %s", err);
	if (t->cmd != TRS_CMD_GET)
		text_add(t, line);
}

static void on_get(const uint8_t *p, uint32_t len, void *arg)
{
	struct text *t = arg;
	uint64_t v[TRS_CTR_MAX];
	struct attr a[8];
	char line[64];
	const char *err;
	unsigned int i;
	size_t k;
	int n;

	err = check_reply(p, len, TRS_CMD_GET, false, NULL, 0, v);
	if (err)
		fail(t->s, NULL, "our own GET: %s", err);
	for (i = 0; i < TRS_CTR_MAX; i++) {
		if (i == TRS_CTR_SAMPLER_RUNS || i == TRS_CTR_SAMPLER_NS_TOTAL ||
		    i == TRS_CTR_SAMPLER_SOCKETS)
			continue;
		snprintf(line, sizeof(line), "total %u %" PRIu64, i, v[i]);
		text_add(t, line);
	}
	n = parse_attrs(p + NLMSG_HDRLEN + GENL_HDRLEN,
			len - NLMSG_HDRLEN - GENL_HDRLEN, a, 8);
	if (n == 3) {
		char *hex = malloc(2 * a[2].len + 9);

		if (!hex)
			die("out of memory");
		k = sprintf(hex, "reasons ");
		for (i = 0; i < a[2].len; i++)
			k += sprintf(hex + k, "%02x", a[2].data[i]);
		text_add(t, hex);
		free(hex);
	}
}

static int cmp_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static unsigned long baseline_rows[TRS_TBL_MAX];

static void snapshot(struct nlsock *s, struct text *t, unsigned long *rows)
{
	uint8_t d[64] __attribute__((aligned(8)));
	struct msgb m = { d, 0, sizeof(d) };
	unsigned int i;
	int err;

	t->s = s;
	mb_genl(&m, family, 0, TRS_CMD_GET, TRS_GENL_VERSION, 0);
	t->cmd = TRS_CMD_GET;
	err = request(s, &m, false, on_get, t);
	if (err)
		fail(s, NULL, "our own GET: %s", errname(err));
	for (i = 0; i < TRS_TBL_MAX; i++) {
		size_t before = t->n;

		if (i != TRS_TBL_PORTS && !s->admin)
			continue;
		m.len = 0;
		mb_genl(&m, family, 0, dump_cmd(i), TRS_GENL_VERSION, 0);
		t->cmd = dump_cmd(i);
		err = request(s, &m, true, on_row, t);
		if (err)
			fail(s, NULL, "our own dump %u: %s", dump_cmd(i), errname(err));
		if (rows)
			rows[i] = t->n - before;
	}
	qsort(t->lines, t->n, sizeof(*t->lines), cmp_lines);
}

static void text_free(struct text *t)
{
	while (t->n)
		free(t->lines[--t->n]);
	free(t->lines);
	t->lines = NULL;
	t->cap = 0;
}

static struct text baseline;

static void check_unchanged(void)
{
	struct text now = {};
	size_t i;

	snapshot(&sock_chk, &now, NULL);
	st.checks++;
	for (i = 0; i < now.n && i < baseline.n; i++)
		if (strcmp(now.lines[i], baseline.lines[i]))
			break;
	if (i < now.n || i < baseline.n)
		fail(&sock_chk, NULL,
		     "the checked namespace changed since the last check: \"%s\" was \"%s\"",
		     i < now.n ? now.lines[i] : "(nothing)",
		     i < baseline.n ? baseline.lines[i] : "(nothing)");
	text_free(&now);
}

/* ---- scenarios -------------------------------------------------------- */

static struct buf bufs[BURST_MAX];

/* @n buffers to one socket, back to back, then every answer. */
static void burst(struct rng *r, unsigned int n)
{
	struct nlsock *s;
	bool changes = false;
	unsigned int k;

	for (k = 0; k < n; k++) {
		struct msgb m = { bufs[k].d, 0, BUF_MAX };
		enum class c = gen_buffer(r, &m);

		bufs[k].len = m.len;
		bufs[k].index = cur_index;
		bufs[k].class = class_names[c];
		st.by_class[c]++;
		/* Types first: they decide what the kernel reads. */
		changes |= walk(&sock_a, &bufs[k], false);
	}
	cur_class = n > 1 ? "burst" : bufs[0].class;
	cur_nbufs = n;
	s = have_b && pct(r, root_mode ? 20 : 25) ? &sock_b : &sock_a;
	if (root_mode && changes && s == &sock_a) {
		st.diverted++;
		if (!have_b) {
			st.skipped++;
			return;
		}
		s = &sock_b;
	}
	st.bursts += n > 1;
	for (k = 0; k < n; k++) {
		walk(s, &bufs[k], true);
		send_buf(s, &bufs[k]);
		st.buffers++;
		*(s == &sock_a ? &st.to_a : &st.to_b) += 1;
		if (verbose)
			printf("nlfuzz: #%u %s %zu bytes to %s\n", cur_index,
			       bufs[k].class, bufs[k].len, s->name);
	}
	drain(s);
}

/* A fresh socket of A or B with a small receive buffer. */
static void fresh_socket(struct rng *r, struct nlsock *s, bool in_b)
{
	int rcvbuf = pct(r, 50) ? 0 : 1024 << below(r, 6);

	s->checked = !in_b;
	s->admin = in_b || root_mode;
	s->host_admin = in_b ? b_host_admin : root_mode;
	sock_setup(s, in_b ? factory_socket() : nl_socket(),
		   in_b ? "B-dump" : "A-dump", rcvbuf);
}

static void dump_request(struct rng *r, struct buf *b, unsigned int table)
{
	struct msgb m = { b->d, 0, BUF_MAX };

	gen_valid(r, &m, 1 + table);
	b->len = m.len;
	b->index = cur_index;
	b->class = "dump";
}

static void bigdump(struct rng *r)
{
	static struct nlsock d;
	unsigned int table = below(r, TRS_TBL_MAX);
	bool in_b = have_b && pct(r, 40);
	struct expect *e;

	cur_class = "bigdump";
	cur_nbufs = 1;
	fresh_socket(r, &d, in_b);
	d.read_mode = below(r, 3);
	dump_request(r, &bufs[0], table);
	walk(&d, &bufs[0], true);
	send_buf(&d, &bufs[0]);
	e = &d.ex[0];
	drain(&d);
	/* A stands still: a whole dump of it has the rows it had. */
	if (!in_b && e->what == EX_DUMP && !e->got_err && !e->intr &&
	    bufs[0].len == NLMSG_HDRLEN + GENL_HDRLEN &&
	    (table == TRS_TBL_PORTS || root_mode) && e->n_data != baseline_rows[table])
		fail(&d, e, "a dump of table %u gave %u rows, not %lu", table,
		     e->n_data, baseline_rows[table]);
	st.bigdumps++;
	sock_close(&d);
}

static void abandon(struct rng *r)
{
	static struct nlsock d;
	unsigned int reads = below(r, 3);

	cur_class = "abandon";
	cur_nbufs = 1;
	fresh_socket(r, &d, have_b && pct(r, 40));
	dump_request(r, &bufs[0], below(r, TRS_TBL_MAX));
	walk(&d, &bufs[0], true);
	send_buf(&d, &bufs[0]);
	while (reads-- && read_one(&d, false))
		;
	d.nex = 0;
	st.abandoned++;
	sock_close(&d);
}

/* In B: a dump paused while the table is resized or reset, then ended. */
static void resize(struct rng *r)
{
	static struct nlsock d;
	unsigned int table = pct(r, 50) ? TRS_TBL_PORTS : TRS_TBL_DESTS;
	struct msgb m = { bufs[1].d, 0, BUF_MAX };
	uint32_t v;
	uint8_t u8;
	size_t start, nest;
	ssize_t n;

	cur_class = "resize";
	cur_nbufs = 2;
	factory_traffic(64, below(r, 20000));
	fresh_socket(r, &d, true);
	dump_request(r, &bufs[0], table);
	walk(&d, &bufs[0], true);
	send_buf(&d, &bufs[0]);
	while ((n = read_one(&d, true)) < 0)
		;
	if (n)
		on_datagram(&d, n);

	start = mb_genl(&m, family, NLM_F_REQUEST | NLM_F_ACK,
			pct(r, 70) ? TRS_CMD_CONFIG : TRS_CMD_RESET,
			TRS_GENL_VERSION, 0);
	if (m.d[16] == TRS_CMD_CONFIG) {
		nest = mb_nest(&m, TRS_A_CONFIG);
		v = 1 + below(r, 256);
		mb_attr(&m, table == TRS_TBL_PORTS ? TRS_CFG_PORTS_MAX + 1 :
			TRS_CFG_DESTS_MAX + 1, &v, 4);
		mb_nest_end(&m, nest);
	} else if (pct(r, 50)) {
		u8 = table;
		mb_attr(&m, TRS_A_TABLE, &u8, 1);
	}
	mb_end(&m, start);
	bufs[1].len = m.len;
	bufs[1].index = cur_index;
	bufs[1].class = "resize";
	walk(&sock_b, &bufs[1], true);
	send_buf(&sock_b, &bufs[1]);
	drain(&sock_b);
	drain(&d);
	st.resizes++;
	sock_close(&d);
}

/* A buffer that takes a minute is stuck (a blocked call, a livelock). */
static char stuck_msg[256];
static int stuck_len;

static void on_alarm(int sig)
{
	(void)sig;
	if (write(2, stuck_msg, stuck_len) < 0)
		_exit(1);
	_exit(1);
}

static void one(unsigned int index)
{
	struct rng r;
	unsigned int pick;

	stuck_len = snprintf(stuck_msg, sizeof(stuck_msg),
			     "nlfuzz: FAIL: buffer #%u stuck for 60 s; reproduce: nlfuzz -m %s -s %" PRIu64 " -n %u\n",
			     index, root_mode ? "root" : "user", seed, index + 1);
	alarm(60);
	rng_seed(&r, seed, index);
	cur_index = index;
	cur_bufs = bufs;
	cur_nbufs = 0;
	cur_class = "generating";
	pick = below(&r, 1000);
	if (pick < 6)
		bigdump(&r);
	else if (pick < 8)
		abandon(&r);
	else if (pick < 13)
		burst(&r, 2 + below(&r, BURST_MAX - 1));
	else if (pick < 15 && have_b)
		resize(&r);
	else
		burst(&r, 1);
}

/* ---- setup and summary ------------------------------------------------ */

static void on_family(const uint8_t *p, uint32_t len, void *arg)
{
	struct attr a[16];
	int i, n;

	n = parse_attrs(p + NLMSG_HDRLEN + GENL_HDRLEN,
			len - NLMSG_HDRLEN - GENL_HDRLEN, a, 16);
	for (i = 0; i < n; i++)
		if (a[i].type == CTRL_ATTR_FAMILY_ID && a[i].len == 2)
			*(uint16_t *)arg = get16(a[i].data);
}

static void resolve_family(struct nlsock *s)
{
	uint8_t d[64] __attribute__((aligned(8)));
	struct msgb m = { d, 0, sizeof(d) };
	uint16_t id = 0;
	int err;

	mb_genl(&m, GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY, 1, 0);
	mb_attr(&m, CTRL_ATTR_FAMILY_NAME, TRS_GENL_NAME, sizeof(TRS_GENL_NAME));
	err = request(s, &m, false, on_family, &id);
	if (err || !id)
		die("generic netlink family %s: %s: is the module loaded?",
		    TRS_GENL_NAME, err ? strerror(err) : "no id");
	family = id;
}

/* A request of ours to the family, for probe_core(); its errno. */
static int probe(uint8_t cmd, uint16_t flags, uint16_t reserved, size_t len,
		 struct refusal *r)
{
	uint8_t d[64] __attribute__((aligned(8)));
	struct msgb m = { d, 0, sizeof(d) };

	mb_genl(&m, family, 0, cmd, TRS_GENL_VERSION, reserved);
	if (len)
		m.len = len;
	memset(r, 0, sizeof(*r));
	return request_ex(&sock_chk, &m, flags, NULL, NULL, r);
}

static bool same(const struct refusal *a, const struct refusal *b)
{
	return a->err == b->err && !strcmp(a->msg, b->msg);
}

static void refused(const struct refusal *r, const char *what)
{
	if (!r->err)
		die("genetlink accepted %s", what);
}

/*
 * Ask genetlink how it refuses what no handler should see (core's
 * comment), with requests that change nothing: GETs, dumps of ports, and
 * a reset flagged as a dump, which has no dump handler.
 */
static void probe_core(void)
{
	const uint16_t get = NLM_F_REQUEST | NLM_F_ACK;
	const uint16_t dump = NLM_F_REQUEST | NLM_F_DUMP;
	struct refusal r;
	unsigned int bit;
	uint16_t b;

	if (probe(TRS_CMD_GET, get, 0, 0, &r))
		die("a GET answered %s", errname(r.err));
	probe(TRS_CMD_GET, get, 0, NLMSG_HDRLEN, &core.short_hdr);
	refused(&core.short_hdr, "a request without a genlmsghdr");
	probe(TRS_CMD_GET, get, 1, 0, &core.reserved);
	core.ok_do = get;
	core.ok_dump = NLM_F_REQUEST;
	for (bit = 1; bit < 16; bit++) {
		b = 1 << bit;
		if (b == NLM_F_ACK)
			continue;
		if (!probe(TRS_CMD_GET, get | b, 0, 0, &r))
			core.ok_do |= b;
		else if (!core.flags.err)
			core.flags = r;
		else if (!same(&r, &core.flags))
			die("nlmsg_flags refused as %s and as %s", r.msg, core.flags.msg);
	}
	for (bit = 1; bit < 16; bit++) {
		b = 1 << bit;
		if (b & NLM_F_DUMP)
			continue;
		if (!probe(TRS_CMD_GET_PORTS, dump | b, 0, 0, &r))
			core.ok_dump |= b;
		else if (!core.flags.err)
			core.flags = r;
		else if (!same(&r, &core.flags))
			die("nlmsg_flags refused as %s and as %s", r.msg, core.flags.msg);
	}
	if (core.reserved.err && core.flags.err) {
		for (b = 2; b & core.ok_do; b <<= 1)
			;
		probe(TRS_CMD_GET, get | b, 1, 0, &r);
		if (!same(&r, &core.flags) && !same(&r, &core.reserved))
			die("bad reserved and nlmsg_flags refused as %s", r.msg);
		core.flags_first = same(&r, &core.flags);
	}
	probe(TRS_CMD_UNSPEC, get, 0, 0, &core.no_op);
	refused(&core.no_op, "command 0");
	probe(TRS_CMD_GET_PORTS, get, 0, 0, &core.do_of_dump);
	refused(&core.do_of_dump, "a do of a dump");
	probe(TRS_CMD_GET, dump, 0, 0, &core.dump_of_do);
	refused(&core.dump_of_do, "a dump of a do");
	if (root_mode)
		return;
	probe(TRS_CMD_GET_PEERS, dump, 0, 0, &core.perm);
	refused(&core.perm, "peers to a user");
	probe(TRS_CMD_RESET, dump, 0, 0, &r);
	if (!same(&r, &core.perm) && !same(&r, &core.dump_of_do))
		die("a dump of reset to a user refused as %s", errname(r.err));
	core.split = same(&r, &core.dump_of_do);
}

static void print_refusal(const char *what, const struct refusal *r)
{
	printf(" %s: %s%s%s%s;", what, r->err ? errname(r->err) : "accepted",
	       r->msg[0] ? " \"" : "", r->msg, r->msg[0] ? "\"" : "");
}

static void print_core(void)
{
	printf("nlfuzz: genetlink refuses:");
	print_refusal("no genlmsghdr", &core.short_hdr);
	print_refusal("reserved set", &core.reserved);
	print_refusal("other nlmsg_flags", &core.flags);
	printf(" (do takes %#x, dump %#x, %s reserved);", core.ok_do,
	       core.ok_dump | NLM_F_DUMP, core.flags_first ? "before" : "after");
	print_refusal("no op", &core.no_op);
	print_refusal("do of a dump", &core.do_of_dump);
	print_refusal("dump of a do", &core.dump_of_do);
	if (!root_mode) {
		print_refusal("no CAP_NET_ADMIN", &core.perm);
		printf(" op kind %s permission", core.split ? "before" : "after");
	}
	printf("\n");
}

static void summary(FILE *f)
{
	struct timespec now;
	unsigned int i, cmds = 0;

	clock_gettime(CLOCK_MONOTONIC, &now);
	for (i = 0; i < 256; i++)
		cmds += st.cmd_seen[i];
	fprintf(f, "nlfuzz: %lu buffers in %.1f s (A %lu, B %lu; diverted to B %lu, skipped %lu; refused by sendto %lu)\n",
		st.buffers, now.tv_sec - t_start.tv_sec +
		(now.tv_nsec - t_start.tv_nsec) / 1e9, st.to_a, st.to_b,
		st.diverted, st.skipped, st.send_refused);
	fprintf(f, "nlfuzz: classes:");
	for (i = 0; i < C_MAX; i++)
		fprintf(f, " %s %lu", class_names[i], st.by_class[i]);
	fprintf(f, "; bursts %lu, bigdumps %lu, abandoned %lu, resizes %lu\n",
		st.bursts, st.bigdumps, st.abandoned, st.resizes);
	fprintf(f, "nlfuzz: %lu messages read by the kernel (%lu buffers with a dropped tail): %lu not requests (%lu acked), %lu refused as predicted, %lu do ok, %lu do refused, %lu dumps ok (%lu rows, %lu interrupted), %lu dumps refused (%lu EBUSY)\n",
		st.msgs, st.dropped, st.unread_acked + st.unread_silent,
		st.unread_acked, st.predicted, st.dos_ok, st.dos_err, st.dumps_ok,
		st.dump_rows, st.intr, st.dumps_err, st.busy);
	fprintf(f, "nlfuzz: commands sent to the family: %u of 256; in B: %lu resets (%lu without ack), %lu configs with settings; reads: %lu peeked, %lu short, %lu ENOBUFS after a peek (%lu times 100 in a row); checks of A: %lu\n",
		cmds, st.b_resets, st.silent_resets, st.b_configs, st.peeks,
		st.short_reads, st.enobufs, st.peek_stalls, st.checks);
	fprintf(f, "nlfuzz: errors (with an extack message):");
	for (i = 1; i < 256; i++)
		if (st.err_by_errno[i][0])
			fprintf(f, " %s %lu (%lu)", errname(i), st.err_by_errno[i][0],
				st.err_by_errno[i][1]);
	fprintf(f, "\nnlfuzz: of those, past the genetlink core's checks without one:");
	for (i = 1; i < 256; i++)
		if (st.handler_bare[i])
			fprintf(f, " %s %lu", errname(i), st.handler_bare[i]);
	fprintf(f, "\n");
	for (i = 0; i < st.nmsgs; i++)
		fprintf(f, "nlfuzz:   %6lu %-10s %s\n", st.msgs_seen[i].n,
			errname(st.msgs_seen[i].err), st.msgs_seen[i].text);
}

static void usage(void)
{
	fprintf(stderr, "usage: nlfuzz [-m root|user] [-n COUNT] [-s SEED] [-x INDEX] [-t MS] [-c N] [-v]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long check_every = 500, i;
	struct timespec ts;
	bool seeded = false;
	int opt, err;
	uint8_t d[64] __attribute__((aligned(8)));
	struct msgb m = { d, 0, sizeof(d) };

	while ((opt = getopt(argc, argv, "m:n:s:x:t:c:v")) != -1) {
		switch (opt) {
		case 'm':
			if (strcmp(optarg, "root") && strcmp(optarg, "user"))
				usage();
			root_mode = !strcmp(optarg, "root");
			break;
		case 'n':
			count = strtoul(optarg, NULL, 0);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			seeded = true;
			break;
		case 'x':
			only = strtol(optarg, NULL, 0);
			break;
		case 't':
			timeout_ms = atoi(optarg);
			break;
		case 'c':
			check_every = strtoul(optarg, NULL, 0);
			break;
		case 'v':
			verbose = true;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (!seeded) {
		clock_gettime(CLOCK_REALTIME, &ts);
		seed = (uint64_t)ts.tv_sec * 1000000007ULL ^ ts.tv_nsec ^ getpid();
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGALRM, on_alarm);
	clock_gettime(CLOCK_MONOTONIC, &t_start);

	/* A's sockets first: the scratch namespace is made by a child. */
	sock_a.checked = sock_chk.checked = true;
	sock_a.admin = sock_chk.admin = root_mode;
	sock_a.host_admin = sock_chk.host_admin = root_mode;
	sock_setup(&sock_chk, nl_socket(), "A-check", 1 << 20);
	resolve_family(&sock_chk);
	probe_core();
	sock_setup(&sock_a, nl_socket(), "A", 1 << 20);

	/* Root mode must be allowed to configure A, user mode must not. */
	mb_genl(&m, family, 0, TRS_CMD_CONFIG, TRS_GENL_VERSION, 0);
	err = request(&sock_chk, &m, false, NULL, NULL);
	if (root_mode ? err : err != EPERM)
		die("-m %s, but reading the settings answered %s: run %s",
		    root_mode ? "root" : "user", errname(err),
		    root_mode ? "as root" : "without CAP_NET_ADMIN over the namespace");

	have_b = factory_start();
	if (have_b) {
		b_host_admin = root_mode;
		sock_b.admin = true;
		sock_b.host_admin = b_host_admin;
		sock_setup(&sock_b, factory_socket(), "B", 1 << 20);
		factory_traffic(300, 0);
	}
	snapshot(&sock_chk, &baseline, baseline_rows);
	if (only >= 0)
		count = only + 1;
	printf("nlfuzz: seed %" PRIu64 ", mode %s, %lu buffers%s, family %u, scratch namespace %s; A: %lu ports, %lu peers, %lu destinations rows\n",
	       seed, root_mode ? "root" : "user", only >= 0 ? 1 : count,
	       only >= 0 ? " (one of them alone)" : "", family,
	       have_b ? (b_host_admin ? "yes (host admin)" : "yes (its own admin only)") : "no",
	       baseline_rows[0], baseline_rows[1], baseline_rows[2]);
	print_core();

	for (i = 0; i < count; i++) {
		if (only >= 0 && i != (unsigned long)only)
			continue;
		one(i);
		if (only >= 0)
			continue;
		if (have_b && i % 256 == 255)
			factory_traffic(16, i);
		if (check_every && i % check_every == check_every - 1)
			check_unchanged();
	}
	alarm(0);
	check_unchanged();
	summary(stdout);
	printf("nlfuzz: PASS: every answer as it must be, A's counters unchanged\n");
	return 0;
}
