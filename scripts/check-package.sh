#!/usr/bin/env bash
# The package as a user gets it: packs the tarball (npm pack builds first),
# installs it globally into a temporary prefix, and runs the installed
# command from another directory. .ci/run calls it after npm test.
# ssh2, the one runtime dependency, is in npm's cache after npm ci, so the
# install needs the registry only when the cache lacks it.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
  echo "check-package: $*" >&2
  exit 1
}

cd "$repo"
npm pack --silent --pack-destination "$tmp" >/dev/null
tarball=$(echo "$tmp"/audit2grant-*.tgz)
echo "check-package: $(basename "$tarball"), $(wc -c <"$tarball") bytes, $(tar -tzf "$tarball" | wc -l) files"

npm install -g --prefix "$tmp/prefix" --prefer-offline --no-audit --no-fund --loglevel=error "$tarball" >/dev/null
bin="$tmp/prefix/bin/audit2grant"
[[ -x $bin ]] || fail "the install has no bin/audit2grant"
echo "check-package: installed in $(du -sh "$tmp/prefix" | cut -f1)"

# From another directory, on a copy of the demo journal: 1, denials found.
mkdir "$tmp/elsewhere"
cp fixtures/demo.log "$tmp/elsewhere/"
cd "$tmp/elsewhere"
code=0
"$bin" demo.log >table.txt 2>errors.txt || code=$?
[[ $code == 1 ]] || fail "demo.log: exit code $code, not 1 (denials): $(cat errors.txt)"
[[ ! -s errors.txt ]] || fail "demo.log: errors: $(cat errors.txt)"
grep -q '^Account kafka-principal: 6 denied permissions' table.txt ||
  fail "demo.log: no kafka-principal denials in the table"
grep -q '^Read 263 lines from 1 input' table.txt || fail "demo.log: not all 263 lines read"
code=0
"$bin" -f script -a kafka-principal -o grant.sh demo.log || code=$?
[[ $code == 1 ]] || fail "-f script -o grant.sh: exit code $code, not 1"
bash -n grant.sh || fail "grant.sh is not a bash script"

version=$(node -p "require('$repo/package.json').version")
[[ $("$bin" --version) == "$version" ]] || fail "--version is not $version"
"$bin" help templates | grep -q '^Usage: audit2grant templates' || fail "help templates"
"$bin" completion bash | bash -n || fail "completion bash is not a bash script"

# ssh2 loads from the install: a refused connection, not a missing module.
code=0
HOME="$tmp" SSH_AUTH_SOCK='' "$bin" --ssh 127.0.0.1:1 >/dev/null 2>ssh.txt || code=$?
[[ $code == 3 ]] || fail "--ssh 127.0.0.1:1: exit code $code, not 3"
grep -q 'connection refused' ssh.txt || fail "--ssh: $(cat ssh.txt)"

# npm links the man page into the prefix, where man finds it.
page=$(MANPATH="$tmp/prefix/share/man" man -w audit2grant) || fail "man does not find the page"
MANWIDTH=80 man -l "$page" | grep -q 'audit2grant completion' || fail "the man page does not render"
echo "check-package: the installed audit2grant runs"
