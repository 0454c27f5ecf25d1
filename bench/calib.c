// SPDX-License-Identifier: GPL-2.0
/*
 * calib: a fixed amount of CPU work, timed, to estimate how much slower the
 * emulated guest runs than the host.  Absolute times measured under qemu
 * tcg mean little; this factor turns them into rough native estimates,
 * and the report says they are estimates.
 *
 *   calib [MIB]
 *
 * Chases pointers through a random cycle over MIB MiB (default 16), which,
 * like a hash table walk, is dominated by dependent memory loads, then
 * prints the nanoseconds per step as JSON.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	size_t mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 16;
	size_t n = mib * 1024 * 1024 / sizeof(size_t), i, steps = 4 * n;
	size_t *next = malloc(n * sizeof(*next)), *perm = malloc(n * sizeof(*perm));
	uint64_t seed = 88172645463325252ULL, start, best = UINT64_MAX;
	size_t p = 0;
	int round;

	if (!next || !perm || n < 2)
		return 1;
	/* A random single cycle (Sattolo's shuffle), so every load misses. */
	for (i = 0; i < n; i++)
		perm[i] = i;
	for (i = n - 1; i > 0; i--) {
		size_t j, t;

		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		j = seed % i;
		t = perm[i];
		perm[i] = perm[j];
		perm[j] = t;
	}
	for (i = 0; i < n; i++)
		next[perm[i]] = perm[(i + 1) % n];

	for (round = 0; round < 3; round++) {
		start = now_ns();
		for (i = 0; i < steps; i++)
			p = next[p];
		if (now_ns() - start < best)
			best = now_ns() - start;
	}
	printf("{\"mib\": %zu, \"steps\": %zu, \"ns_per_step\": %.3f, \"sink\": %zu}\n",
	       mib, steps, (double)best / steps, p);
	return 0;
}
