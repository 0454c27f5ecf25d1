// SPDX-License-Identifier: GPL-2.0
#ifndef TRS_RENDER_H
#define TRS_RENDER_H

#include "output.h"

/* The renderings of a trs_out document; see output.h for what each prints. */
struct trs_renderer {
	void (*begin)(struct trs_out *o);
	void (*group)(struct trs_out *o, const char *name, const struct trs_value *v, size_t n);
	void (*note)(struct trs_out *o, const char *key, const char *value, const char *text);
	/* @key NULL closes the section. */
	void (*section)(struct trs_out *o, const char *key);
	/* @rows: indexes of the rows to print, in order; @more: rows cut by --top. */
	void (*table)(struct trs_out *o, const char *name, const struct trs_table *t,
		      const size_t *rows, size_t nrows, size_t more);
	/* Something of @unavail is set. */
	void (*unavailable)(struct trs_out *o, const uint64_t *unavail);
	void (*end)(struct trs_out *o);
};

extern const struct trs_renderer trs_prom_renderer;

#endif /* TRS_RENDER_H */
