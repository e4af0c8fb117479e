/*
 * variant_name: whether a manifest's path names it as a deliberate non-CUDA variant of a
 * project's (requirements_linux_rocm.txt, torch_cpu.txt, Dockerfile.cpu_noavx,
 * docker/cpu/Dockerfile, runtime/ipex/docker/Dockerfile): findings that assume a CUDA
 * target (HW203's CPU build, the DRV rules' base-image CUDA) are then worth knowing in an
 * audit, not acting on. Pure; depends on pin.h only.
 */
#ifndef ENVLINT_CHECKS_VARIANT_NAME_H
#define ENVLINT_CHECKS_VARIANT_NAME_H

#include <stddef.h>

/* The variant word ("cpu", "rocm", "xpu", "ipex", "mac", ...) that the file's name or
 * the two directories above it hold, as a word of its own; NULL when none does. */
const char *variant_name_word(const char *path);

struct pin;
/* The variant word of pin `p`: its Dockerfile stage's name (`FROM ubuntu:24.04 AS cpu`,
 * beside an `AS gpu` stage), else its file's path; *where (size bytes) says which, as a
 * message does: "the stage name 'cpu'" or "the file's name". NULL when neither names one. */
const char *variant_name_of(const struct pin *p, char *where, size_t size);

#endif
