/*
 * vec: a growable array of any element type (tree-sitter's Array(T) idea).
 * A VEC(T) is {T *items; size_t nr, alloc;}; zero-initialised it is empty and valid.
 * vec_get asserts the index is in bounds. Storage comes from xrealloc and is freed
 * with vec_release; elements are not freed (they are plain values or arena pointers).
 */
#ifndef ENVLINT_UTIL_VEC_H
#define ENVLINT_UTIL_VEC_H

#include <assert.h>
#include <stddef.h>
#include <stdlib.h>

#include "xalloc.h"

#define VEC(T)                    \
	struct {                  \
		T *items;         \
		size_t nr, alloc; \
	}

#define vec_grow(v, n)                                                                             \
	do {                                                                                       \
		if ((n) > (v)->alloc) {                                                            \
			size_t vec__new = (v)->alloc ? (v)->alloc : 8;                             \
			while (vec__new < (n))                                                     \
				vec__new = st_mult(vec__new, 2);                                   \
			(v)->items = xrealloc((v)->items, st_mult(vec__new, sizeof(*(v)->items))); \
			(v)->alloc = vec__new;                                                     \
		}                                                                                  \
	} while (0)

#define vec_push(v, x)                             \
	do {                                       \
		vec_grow((v), st_add((v)->nr, 1)); \
		(v)->items[(v)->nr++] = (x);       \
	} while (0)

#define vec_get(v, i) (assert((size_t)(i) < (v)->nr), (v)->items[(i)])

#define vec_release(v)                    \
	do {                              \
		free((v)->items);         \
		(v)->items = NULL;        \
		(v)->nr = (v)->alloc = 0; \
	} while (0)

#endif
