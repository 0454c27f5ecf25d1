// SPDX-License-Identifier: GPL-2.0
/*
 * rstgen: resets on demand, for the benchmarks (bench/guest.sh).
 *
 *   rstgen storm ADDR PORT COUNT [NADDR [NPORT]]
 *	COUNT non-blocking connect()s to a closed port, one after the other,
 *	as fast as the stack answers: each SYN is answered by one RST.  With
 *	NADDR/NPORT the destination cycles through that many consecutive
 *	IPv4 addresses and ports (to fill the tables with distinct peers,
 *	ports and destinations).  Every connect() must fail with
 *	ECONNREFUSED, or rstgen exits 1.
 *
 *   rstgen spoof ADDR PORT COUNT NADDR NPORT
 *	COUNT crafted IPv4 RST segments to ADDR, from NADDR distinct
 *	source addresses 127.1.0.0 upwards and to NPORT destination ports
 *	from PORT upwards, through a raw socket (IP_HDRINCL), in batches of
 *	sendmmsg().  No socket answers them; they only exercise the
 *	receive path and the tables' caps.
 *
 * Both print one JSON object: the count, the elapsed time (CLOCK_MONOTONIC)
 * and this process's user and system CPU time.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "rstgen: %s: %s\n", what, strerror(errno));
	exit(1);
}

static unsigned long arg_ul(const char *s, const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || end == s) {
		fprintf(stderr, "rstgen: bad %s '%s'\n", what, s);
		exit(2);
	}
	return v;
}

static struct in_addr arg_addr(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1) {
		fprintf(stderr, "rstgen: bad IPv4 address '%s'\n", s);
		exit(2);
	}
	return a;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static uint64_t tv_ns(struct timeval tv)
{
	return tv.tv_sec * 1000000000ULL + tv.tv_usec * 1000ULL;
}

static void report(const char *mode, unsigned long count, uint64_t start)
{
	uint64_t elapsed = now_ns() - start;
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	printf("{\"mode\": \"%s\", \"count\": %lu, \"elapsed_ns\": %llu, "
	       "\"user_ns\": %llu, \"sys_ns\": %llu}\n", mode, count,
	       (unsigned long long)elapsed,
	       (unsigned long long)tv_ns(ru.ru_utime),
	       (unsigned long long)tv_ns(ru.ru_stime));
}

/* The i-th destination: addresses and ports cycle independently. */
static void dest(struct sockaddr_in *sin, struct in_addr base, unsigned int port,
		 unsigned long i, unsigned long naddr, unsigned long nport)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(ntohl(base.s_addr) + i % naddr);
	sin->sin_port = htons(port + i % nport);
}

static int storm(int argc, char **argv)
{
	unsigned long count, naddr = 1, nport = 1, i;
	struct in_addr base;
	unsigned int port;
	uint64_t start;

	if (argc < 3 || argc > 5)
		return 2;
	base = arg_addr(argv[0]);
	port = arg_ul(argv[1], "port");
	count = arg_ul(argv[2], "count");
	if (argc > 3)
		naddr = arg_ul(argv[3], "address count");
	if (argc > 4)
		nport = arg_ul(argv[4], "port count");
	if (!naddr || !nport || port + nport > 65536)
		return 2;

	start = now_ns();
	for (i = 0; i < count; i++) {
		struct sockaddr_in sin;
		struct pollfd pfd;
		socklen_t len = sizeof(int);
		int s, err = 0;

		s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		if (s < 0)
			die("socket");
		dest(&sin, base, port, i, naddr, nport);
		if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) == 0) {
			fprintf(stderr, "rstgen: connect %lu succeeded: is the port open?\n", i);
			return 1;
		}
		if (errno == EINPROGRESS) {
			/* The refusal usually arrived during connect() already. */
			pfd.fd = s;
			pfd.events = POLLOUT;
			if (poll(&pfd, 1, 5000) != 1) {
				fprintf(stderr, "rstgen: connect %lu: no answer in 5 s\n", i);
				return 1;
			}
			if (getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len))
				die("getsockopt");
		} else {
			err = errno;
		}
		if (err != ECONNREFUSED) {
			fprintf(stderr, "rstgen: connect %lu: %s, want ECONNREFUSED\n",
				i, strerror(err));
			return 1;
		}
		close(s);
	}
	report("storm", count, start);
	return 0;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static uint32_t csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;

	for (; len > 1; p += 2, len -= 2)
		sum += (p[0] << 8) | p[1];
	if (len)
		sum += p[0] << 8;
	return sum;
}

struct rst_pkt {
	struct iphdr ip;
	struct tcphdr tcp;
};

static void rst_fill(struct rst_pkt *p, struct in_addr src, struct in_addr dst,
		     uint16_t sport, uint16_t dport, uint32_t seq)
{
	struct {
		uint32_t src, dst;
		uint8_t zero, proto;
		uint16_t len;
	} __attribute__((packed)) pseudo;

	memset(p, 0, sizeof(*p));
	p->ip.version = 4;
	p->ip.ihl = 5;
	p->ip.tot_len = htons(sizeof(*p));
	p->ip.ttl = 64;
	p->ip.protocol = IPPROTO_TCP;
	p->ip.saddr = src.s_addr;
	p->ip.daddr = dst.s_addr;
	/* The kernel fills in the id and the IP checksum for IP_HDRINCL. */
	p->tcp.source = htons(sport);
	p->tcp.dest = htons(dport);
	p->tcp.seq = htonl(seq);
	p->tcp.doff = 5;
	p->tcp.rst = 1;
	p->tcp.window = 0;

	pseudo.src = src.s_addr;
	pseudo.dst = dst.s_addr;
	pseudo.zero = 0;
	pseudo.proto = IPPROTO_TCP;
	pseudo.len = htons(sizeof(p->tcp));
	p->tcp.check = htons(csum_fold(csum_add(csum_add(0, &pseudo, sizeof(pseudo)),
						   &p->tcp, sizeof(p->tcp))));
}

#define BATCH 256

static int spoof(int argc, char **argv)
{
	static struct rst_pkt pkts[BATCH];
	static struct mmsghdr msgs[BATCH];
	static struct iovec iov[BATCH];
	unsigned long count, naddr, nport, i, sent = 0;
	struct in_addr dst, src_base;
	struct sockaddr_in sin;
	unsigned int port;
	uint64_t start;
	int s;

	if (argc != 5)
		return 2;
	dst = arg_addr(argv[0]);
	port = arg_ul(argv[1], "port");
	count = arg_ul(argv[2], "count");
	naddr = arg_ul(argv[3], "address count");
	nport = arg_ul(argv[4], "port count");
	if (!naddr || naddr > (1UL << 23) || !nport || port + nport > 65536)
		return 2;
	src_base.s_addr = htonl(0x7f010000);	/* 127.1.0.0 */

	s = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);	/* implies IP_HDRINCL */
	if (s < 0)
		die("raw socket");
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr = dst;

	start = now_ns();
	while (sent < count) {
		unsigned int n = count - sent < BATCH ? count - sent : BATCH;
		int r;

		for (i = 0; i < n; i++) {
			unsigned long k = sent + i;
			struct in_addr src = {
				.s_addr = htonl(ntohl(src_base.s_addr) + k % naddr),
			};

			rst_fill(&pkts[i], src, dst, 40000 + k % 1000,
				 port + k % nport, (uint32_t)k * 2654435761u);
			iov[i].iov_base = &pkts[i];
			iov[i].iov_len = sizeof(pkts[i]);
			memset(&msgs[i], 0, sizeof(msgs[i]));
			msgs[i].msg_hdr.msg_name = &sin;
			msgs[i].msg_hdr.msg_namelen = sizeof(sin);
			msgs[i].msg_hdr.msg_iov = &iov[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
		}
		r = sendmmsg(s, msgs, n, 0);
		if (r < 0)
			die("sendmmsg");
		sent += r;
	}
	close(s);
	report("spoof", count, start);
	return 0;
}

int main(int argc, char **argv)
{
	int rc = 2;

	if (argc >= 2 && !strcmp(argv[1], "storm"))
		rc = storm(argc - 2, argv + 2);
	else if (argc >= 2 && !strcmp(argv[1], "spoof"))
		rc = spoof(argc - 2, argv + 2);
	if (rc == 2)
		fprintf(stderr, "usage: rstgen storm ADDR PORT COUNT [NADDR [NPORT]]\n"
			"       rstgen spoof ADDR PORT COUNT NADDR NPORT\n");
	return rc;
}
