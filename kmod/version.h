/* SPDX-License-Identifier: GPL-2.0 */
#ifndef TRS_VERSION_H
#define TRS_VERSION_H

/*
 * The release, one for the module and the tool: tools/Makefile reads it
 * from here, debian/changelog and dkms.conf must say the same
 * (tests/package.sh checks).
 */
#define TRS_RELEASE "0.1.0"

#endif /* TRS_VERSION_H */
