#!/bin/sh
# make install into a throwaway DESTDIR: the binary runs from there, the man page is
# where man looks and renders with no groff warning, and every option of --help is in it.
build=$1
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
t() { if eval "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL install: $1"; fi; }
make -C "$root" --no-print-directory -s install BUILD="$build" DESTDIR="$tmp" PREFIX=/usr >"$tmp/log" 2>&1
t "make install" '[ $? -eq 0 ] || { cat "$tmp/log"; false; }'
t "binary runs" '"$tmp/usr/bin/envlint" --version | grep -q "^envlint "'
t "man page installed" '[ -s "$tmp/usr/share/man/man1/envlint.1" ]'
t "man page renders without warnings" '[ -z "$(groff -ww -z -man "$tmp/usr/share/man/man1/envlint.1" 2>&1)" ]'
for opt in $("$tmp/usr/bin/envlint" --help | sed -n 's/^  \(--[a-z-]*\).*/\1/p'); do
	t "man page has $opt" 'grep -q -- "$(printf "%s" "$opt" | sed "s/-/\\\\\\\\-/g")" "$tmp/usr/share/man/man1/envlint.1"'
done
make -C "$root" --no-print-directory -s uninstall BUILD="$build" DESTDIR="$tmp" PREFIX=/usr >/dev/null 2>&1
t "uninstall" '[ ! -e "$tmp/usr/bin/envlint" ]'
echo "install: $pass passed, $fail failed"
[ -n "${COUNTS:-}" ] && echo "install $pass $fail" >> "$COUNTS"
[ "$fail" -eq 0 ]
