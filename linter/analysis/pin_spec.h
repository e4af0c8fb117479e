/*
 * pin_spec: a pin's version constraint read by its ecosystem's rules (conda MatchSpec
 * versions for conda pins, PEP 440 for the rest), so every check asks the same question
 * the same way. A pin with no constraint, or one whose text held an unresolved variable,
 * has none. Owns nothing; depends on pin and version only.
 */
#ifndef ENVLINT_ANALYSIS_PIN_SPEC_H
#define ENVLINT_ANALYSIS_PIN_SPEC_H

#include <stdbool.h>

#include "pin.h"
#include "version.h"

/* Parses p->spec into *out; false when there is none or it does not parse. */
bool pin_spec_parse(const struct pin *p, struct version_spec *out);
/* The one version the constraint allows (`==2.1.0`); false for a range or none. */
bool pin_spec_exact(const struct pin *p, struct version *out);
/* The one release the constraint names: pin_spec_exact's, or a conda prefix of three
 * parts (`=2.1.0` or `2.1.0` matches 2.1.0.* and means release 2.1.0). */
bool pin_spec_release(const struct pin *p, struct version *out);
/* The version every version the constraint allows starts with, to at least X.Y:
 * pin_spec_exact's, or one prefix clause of two parts or more (`=2.1`, `2.1.*`,
 * `==2.1.*`, conda `2.1.0`). Its first two parts name a release line (torch 2.1, Python
 * 3.12). False for a range, a major alone (`=2`) or none. */
bool pin_spec_line(const struct pin *p, struct version *out);
/* torch, torchvision or torchaudio (conda pytorch included). */
bool pin_is_torch_family(const struct pin *p);

#endif
