#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# PID 1 inside the test VM (see run.sh): mount what the host root lacks, run
# the job, hand back its status and kernel log, power off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/tmp LANG=C.UTF-8 PYTHONDONTWRITEBYTECODE=1
export TRS_OUT=/run/trs-out TRS_IN_VM=1

mkdir -p $TRS_OUT /run/netns /tmp/var
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 trsout $TRS_OUT
# run.sh waits for this: the kernel booted.
touch $TRS_OUT/booted
mkdir -p /dev/pts
mount -t devpts devpts /dev/pts 2>/dev/null
# What udev would create: bash's process substitution needs /dev/fd.
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mount -t debugfs none /sys/kernel/debug 2>/dev/null
mount -t cgroup2 none /sys/fs/cgroup 2>/dev/null
hostname trs-vm
ip link set lo up

bash $TRS_OUT/job > $TRS_OUT/output 2>&1 </dev/null
rc=$?
dmesg > $TRS_OUT/dmesg
echo $rc > $TRS_OUT/status
sync
echo o > /proc/sysrq-trigger
busybox poweroff -f
sleep 10
