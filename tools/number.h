// SPDX-License-Identifier: GPL-2.0
#ifndef TRS_NUMBER_H
#define TRS_NUMBER_H

#include <stdbool.h>
#include <stddef.h>

/* An unsigned decimal, maybe with a fraction: "0", "12", "2.5" (not "007"). */
bool trs_is_number(const char *s);

/* @v with at most two decimals and no trailing zeros: "4", "2.5", "0.33". */
void trs_format_decimal(char *buf, size_t len, double v);
/*
 * A duration in seconds, as trs_format_decimal() but with two significant
 * digits below a second (0.001, 0.046), to the microsecond at most.
 */
void trs_format_seconds(char *buf, size_t len, double v);

#endif /* TRS_NUMBER_H */
