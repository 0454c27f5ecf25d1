// SPDX-License-Identifier: GPL-2.0
/*
 * The traffic of make check-arch's guests, which have busybox and nothing
 * else (tests/arch/init):
 *
 *   trsnet refused ADDR PORT N  connect() N times to a closed port; each
 *                               must fail with ECONNREFUSED
 *   trsnet abort ADDR PORT N    N connections to our own listener on
 *                               ADDR:PORT, each accepted and then aborted by
 *                               the server (SO_LINGER 0, close): one RST
 *                               from the server, ECONNRESET at the client
 *   trsnet time ADDR PORT N     as refused, then prints the nanoseconds
 *                               they took (CLOCK_MONOTONIC: instructions
 *                               under qemu -icount shift=0; bench/arch.sh)
 *
 * Exit 0 when every connection went as it must, 1 (with a word) if not.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int die(const char *what)
{
	fprintf(stderr, "trsnet: %s: %s\n", what, strerror(errno));
	exit(1);
}

static socklen_t parse(const char *addr, const char *port, struct sockaddr_storage *ss)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	char *end;
	long p = strtol(port, &end, 10);

	memset(ss, 0, sizeof(*ss));
	if (*end || p < 1 || p > 65535) {
		errno = EINVAL;
		die(port);
	}
	if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(p);
		return sizeof(*s4);
	}
	if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(p);
		return sizeof(*s6);
	}
	errno = EINVAL;
	die(addr);
	return 0;
}

static void refused(const struct sockaddr_storage *ss, socklen_t len)
{
	int fd = socket(ss->ss_family, SOCK_STREAM, 0);

	if (fd < 0)
		die("socket");
	if (connect(fd, (const struct sockaddr *)ss, len) == 0 || errno != ECONNREFUSED)
		die("connect to a closed port was not refused");
	close(fd);
}

static void abort_one(int lfd, const struct sockaddr_storage *ss, socklen_t len)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	int c = socket(ss->ss_family, SOCK_STREAM, 0), s;
	char b;

	if (c < 0 || connect(c, (const struct sockaddr *)ss, len) < 0)
		die("connect");
	s = accept(lfd, NULL, NULL);
	if (s < 0)
		die("accept");
	if (setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)) < 0)
		die("SO_LINGER");
	close(s);
	if (read(c, &b, 1) >= 0 || errno != ECONNRESET)
		die("the client was not reset");
	close(c);
}

int main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	struct timespec t0, t1;
	socklen_t len;
	int n, i, lfd = -1, one = 1;

	if (argc != 5) {
		fprintf(stderr, "usage: trsnet refused|abort|time ADDR PORT N\n");
		return 2;
	}
	len = parse(argv[2], argv[3], &ss);
	n = atoi(argv[4]);
	if (!strcmp(argv[1], "abort")) {
		lfd = socket(ss.ss_family, SOCK_STREAM, 0);
		if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
		    bind(lfd, (struct sockaddr *)&ss, len) < 0 || listen(lfd, 16) < 0)
			die("listen");
	} else if (strcmp(argv[1], "refused") && strcmp(argv[1], "time")) {
		fprintf(stderr, "trsnet: %s: unknown command\n", argv[1]);
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		if (lfd < 0)
			refused(&ss, len);
		else
			abort_one(lfd, &ss, len);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (lfd >= 0)
		close(lfd);
	if (!strcmp(argv[1], "time"))
		printf("%lld\n", (t1.tv_sec - t0.tv_sec) * 1000000000LL +
		       (t1.tv_nsec - t0.tv_nsec));
	return 0;
}
