// SPDX-License-Identifier: GPL-2.0
/*
 * twgen: leave COUNT sockets in TIME_WAIT, for the sampler benchmark.
 *
 *   twgen ADDR PORT NPORT COUNT [JOBS]
 *
 * Listens on ADDR, ports PORT .. PORT+NPORT*JOBS-1, and makes COUNT short
 * connections to them, the client closing first, so that each leaves the
 * client's ephemeral port in TIME_WAIT for 60 s.  The connections are
 * spread over NPORT destinations per job so that no destination runs out
 * of ephemeral ports; JOBS processes share the work, each with listeners
 * of its own.  Prints one JSON object with the count and the elapsed time.
 * Needs tcp_tw_reuse=0 (else connect() recycles TIME_WAIT ports) and a
 * tcp_max_tw_buckets above COUNT.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "twgen: %s: %s\n", what, strerror(errno));
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int listener(struct sockaddr_in *sin)
{
	int one = 1, s = socket(AF_INET, SOCK_STREAM, 0);

	if (s < 0)
		die("socket");
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(s, (struct sockaddr *)sin, sizeof(*sin)))
		die("bind");
	if (listen(s, 128))
		die("listen");
	return s;
}

static void job(struct sockaddr_in base, unsigned int nport, unsigned long count)
{
	int *lfd = calloc(nport, sizeof(*lfd));
	unsigned long i;
	unsigned int p;

	if (!lfd)
		die("calloc");
	for (p = 0; p < nport; p++) {
		struct sockaddr_in sin = base;

		sin.sin_port = htons(ntohs(base.sin_port) + p);
		lfd[p] = listener(&sin);
	}
	for (i = 0; i < count; i++) {
		struct sockaddr_in sin = base;
		int c, a;
		char b;

		p = i % nport;
		sin.sin_port = htons(ntohs(base.sin_port) + p);
		c = socket(AF_INET, SOCK_STREAM, 0);
		if (c < 0)
			die("socket");
		if (connect(c, (struct sockaddr *)&sin, sizeof(sin)))
			die("connect");
		a = accept(lfd[p], NULL, NULL);
		if (a < 0)
			die("accept");
		close(c);
		/* Wait for the client's FIN, then close: the client's side
		 * gets the last ACK and stays in TIME_WAIT. */
		if (read(a, &b, 1) != 0)
			die("read (expected the FIN)");
		close(a);
	}
}

int main(int argc, char **argv)
{
	unsigned long count, jobs = 1, j, failed = 0;
	struct sockaddr_in base;
	unsigned int nport;
	uint64_t start;
	int status;

	if (argc < 5 || argc > 6) {
		fprintf(stderr, "usage: twgen ADDR PORT NPORT COUNT [JOBS]\n");
		return 2;
	}
	memset(&base, 0, sizeof(base));
	base.sin_family = AF_INET;
	if (inet_pton(AF_INET, argv[1], &base.sin_addr) != 1)
		return 2;
	nport = strtoul(argv[3], NULL, 0);
	count = strtoul(argv[4], NULL, 0);
	if (argc > 5)
		jobs = strtoul(argv[5], NULL, 0);
	if (!nport || !jobs)
		return 2;

	start = now_ns();
	for (j = 0; j < jobs; j++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (!pid) {
			struct sockaddr_in b = base;

			b.sin_port = htons(strtoul(argv[2], NULL, 0) + j * nport);
			/* The first jobs take the remainder. */
			job(b, nport, count / jobs + (j < count % jobs));
			_exit(0);
		}
	}
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			failed++;
	if (failed)
		return 1;
	printf("{\"mode\": \"time_wait\", \"count\": %lu, \"elapsed_ns\": %llu}\n",
	       count, (unsigned long long)(now_ns() - start));
	return 0;
}
