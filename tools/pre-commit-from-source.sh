#!/bin/sh
# pre-commit's `script` hook: runs from pre-commit's clone of this repository, builds
# build/envlint there once (make deps installs what is missing), then lints the files
# pre-commit passes. Build output goes to stderr so the hook's own output stays clean.
here=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x "$here/build/envlint" ]; then
	make -C "$here" deps all >&2 || { echo "envlint: the build failed (see above)" >&2; exit 2; }
fi
exec "$here/build/envlint" "$@"
