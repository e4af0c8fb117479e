/*
 * pin_fixture: hand-built pins for the suites that feed pins to the analysis and the
 * checks (test_analysis.c, test_checks.c), shaped as the readers make them: a span, a
 * file per ecosystem, scope 1 unless moved. Strings are literals; nothing to free.
 */
#ifndef ENVLINT_TESTS_PIN_FIXTURE_H
#define ENVLINT_TESTS_PIN_FIXTURE_H

#include <stdint.h>
#include <string.h>

#include "pin.h"
#include "span.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define FILE_REQ "requirements.txt"
#define FILE_ENV "environment.yml"
#define FILE_DOCKER "Dockerfile"
#define PYTORCH_CU121 "https://download.pytorch.org/whl/cu121"
#define PYTORCH_CU118 "https://download.pytorch.org/whl/cu118"
#define PYTORCH_CPU "https://download.pytorch.org/whl/cpu"

static inline struct span at(uint32_t line, uint32_t col, uint32_t end_col)
{
	struct span s = { line, col, line, end_col, 0, 0 };
	return s;
}

/* A pin of `kind` in scope 1 of `file`; the constructors below fill in the rest. */
static inline struct pin pin_at(enum pin_kind kind, enum pin_eco eco, const char *name, const char *spec,
				const char *file, struct span span)
{
	struct pin p;
	memset(&p, 0, sizeof(p));
	p.kind = kind;
	p.eco = eco;
	p.name = name;
	p.spec = spec;
	p.file = file;
	p.span = span;
	p.scope = 1;
	return p;
}

static inline struct pin package(enum pin_eco eco, const char *name, const char *spec, const char *variant,
				 struct span span)
{
	struct pin p = pin_at(PIN_KIND_PACKAGE, eco, name, spec, eco == PIN_ECO_CONDA ? FILE_ENV : FILE_REQ, span);
	p.pkg = pin_pkg_of(name, eco);
	p.variant = variant;
	return p;
}

static inline struct pin pip(const char *name, const char *spec, const char *variant, struct span span)
{
	return package(PIN_ECO_PIP, name, spec, variant, span);
}

static inline struct pin conda(const char *name, const char *spec, const char *variant, struct span span)
{
	return package(PIN_ECO_CONDA, name, spec, variant, span);
}

static inline struct pin pip_index(const char *option, enum pin_index_kind kind, const char *url,
				   struct span span)
{
	struct pin p = pin_at(PIN_KIND_INDEX, PIN_ECO_PIP, option, url, FILE_REQ, span);
	p.index_kind = kind;
	return p;
}

static inline struct pin index_url(const char *url, struct span span)
{
	return pip_index("--index-url", PIN_INDEX_URL, url, span);
}

static inline struct pin channel(const char *name, struct span span)
{
	struct pin p = pip_index("channels", PIN_INDEX_CHANNEL, name, span);
	p.eco = PIN_ECO_CONDA;
	p.file = FILE_ENV;
	return p;
}

static inline struct pin image(const char *repo, const char *tag, struct span span)
{
	return pin_at(PIN_KIND_IMAGE, PIN_ECO_DOCKER, repo, tag, FILE_DOCKER, span);
}

/* ENV NAME=value naming a CUDA version (set pkg to PIN_PKG_OTHER for other names). */
static inline struct pin env(const char *name, const char *value, struct span span)
{
	struct pin p = pin_at(PIN_KIND_ENV, PIN_ECO_DOCKER, name, value, FILE_DOCKER, span);
	p.pkg = PIN_PKG_CUDA;
	return p;
}

static inline struct pin in_scope(struct pin p, uint32_t scope)
{
	p.scope = scope;
	return p;
}

static inline struct pin unresolved(struct pin p)
{
	p.unresolved = true;
	return p;
}

#endif
