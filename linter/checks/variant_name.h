/*
 * variant_name: whether a manifest's path names it as a deliberate non-CUDA variant of a
 * project's (requirements_linux_rocm.txt, torch_cpu.txt, Dockerfile.cpu_noavx,
 * docker/cpu/Dockerfile, runtime/ipex/docker/Dockerfile): findings that assume a CUDA
 * target (HW203's CPU build, the DRV rules' base-image CUDA) are then worth knowing in an
 * audit, not acting on. Pure; depends on nothing.
 */
#ifndef ENVLINT_CHECKS_VARIANT_NAME_H
#define ENVLINT_CHECKS_VARIANT_NAME_H

/* The variant word ("cpu", "rocm", "xpu", "ipex", "mac", ...) that the file's name or
 * the two directories above it hold, as a word of its own; NULL when none does. */
const char *variant_name_word(const char *path);

#endif
