/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tcpresetstat: kernel-version differences, kept here so call sites stay
 * clean.  Prefer probing the target tree (a header or symbol exists) to
 * comparing version numbers.
 */
#ifndef _TCPRESETSTAT_COMPAT_H
#define _TCPRESETSTAT_COMPAT_H

#include <linux/version.h>

/* Built and tested against 6.1 (Debian bookworm); older trees lack APIs. */
#if KERNEL_VERSION(6, 1, 0) > LINUX_VERSION_CODE
#error "tcpresetstat needs Linux 6.1 or newer"
#endif

#endif /* _TCPRESETSTAT_COMPAT_H */
