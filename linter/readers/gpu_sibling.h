/*
 * gpu_sibling: whether a Dockerfile has a GPU variant of itself beside it. Projects that
 * ship a CPU image and a GPU image keep them side by side (docker/ludwig beside
 * docker/ludwig-gpu; images/pytorch-notebook/Dockerfile above
 * images/pytorch-notebook/cuda12/Dockerfile), and the CPU one installs torch from the CPU
 * index on purpose: HW203 then says so as an info (checks/hw_cpu.c). Reads the file
 * system (a stat per candidate, a directory listing); private to linter/readers/.
 */
#ifndef ENVLINT_READERS_GPU_SIBLING_H
#define ENVLINT_READERS_GPU_SIBLING_H

#include "util/arena.h"

/* The directory beside (or below) the Dockerfile at `path` that holds a Dockerfile of the
 * project's GPU variant: `<dir>-gpu`, `<dir>_gpu`, `<dir>-cuda` or `<dir>_cuda` next to the
 * file's directory, or a `gpu*` / `cuda*` directory inside it; as a path in the arena, or
 * NULL. */
const char *gpu_sibling_of(struct arena *arena, const char *path);

#endif
