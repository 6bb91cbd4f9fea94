#!/usr/bin/env bash
# Parley's set-up on Debian or Ubuntu: installs what is missing, and only that, then the
# project's packages. Safe to run again: with everything in place it changes nothing and takes
# seconds. Used by a newcomer (`./scripts/setup.sh && pnpm demo`) and by CI (.ci/run), so the
# list of system packages lives here only. Works as root with no stdin (CI) or as a user with
# sudo. macOS and Windows: see the README (Node 20, pnpm, Prosody; the interop peers are
# Debian's).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

say() { printf 'setup: %s\n' "$*"; }
fail() {
  printf 'setup: %s\n' "$*" >&2
  exit 1
}

# The system packages the tests, the demo and the benchmarks use.
packages=(
  prosody          # the XMPP server every test and the demo start on loopback
  prosody-modules  # XEP-0425 moderation in rooms (mod_muc_moderation)
  lua-dbi-sqlite3  # Prosody's SQL archive, for the archive benchmarks
  openssl          # certificates for the throwaway servers
  chromium         # the browser the e2e specs and benchmarks drive
  ejabberd         # a second, independent XMPP server for the interoperability tests
  coturn           # a TURN server on loopback for the call tests (XEP-0215 credentials)
  python3-slixmpp  # an independent XMPP client for the interoperability tests
  python3-aiohttp  # slixmpp's XEP-0363 upload needs it (only recommended by the package)
  # python-omemo, both OMEMO versions, for the OMEMO interoperability tests; xmlschema is
  # needed by its XML parsers but not declared by the packages.
  python3-omemo
  python3-oldmemo
  python3-twomemo
  python3-xmlschema
)

[[ -r /etc/debian_version ]] || fail 'this script is for Debian or Ubuntu; see the README for other systems'

as_root() {
  if ((EUID == 0)); then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    fail "needs root for: $* (run as root, or install sudo)"
  fi
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'; }

# Ubuntu ships Chromium only as a snap; any Chromium or Chrome named by CHROMIUM_PATH will do.
if [[ -n "${CHROMIUM_PATH:-}" && -x "${CHROMIUM_PATH}" ]]; then
  packages=("${packages[@]/chromium/}")
fi

missing=()
for pkg in "${packages[@]}"; do
  [[ -z "$pkg" ]] || installed "$pkg" || missing+=("$pkg")
done
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if ((node_major < 20)); then
  # Debian 13 and Ubuntu 24.04 have Node 20 or newer; Debian 12's is 18.
  installed nodejs || missing+=(nodejs)
fi
command -v npm >/dev/null || command -v pnpm >/dev/null || missing+=(npm)

if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  as_root apt-get update -qq </dev/null
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
  # Debian's packages start system servers where policy allows; Parley's tests start their own.
  for service in prosody ejabberd coturn; do
    if [[ " ${missing[*]} " == *" $service "* ]]; then
      as_root systemctl stop "$service" >/dev/null 2>&1 ||
        as_root service "$service" stop >/dev/null 2>&1 || true
    fi
  done
else
  say 'system packages: all present'
fi

node_version="$(node -v 2>/dev/null || echo none)"
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' ||
  fail "Node ${node_version} is too old: Parley needs Node 20.19 or newer (https://nodejs.org, or your distribution's backports)"

# pnpm at the version package.json pins (corepack's signature check fails on old Node 20 keys).
want_pnpm="$(node -p "require('./package.json').packageManager.split('@')[1]")"
if [[ "$(pnpm -v 2>/dev/null || true)" != "$want_pnpm" ]]; then
  say "installing pnpm ${want_pnpm}"
  npm_prefix="$(npm prefix -g)"
  if [[ -w "$npm_prefix/lib" || ! -e "$npm_prefix/lib" && -w "$npm_prefix" ]]; then
    npm install -g "pnpm@${want_pnpm}" --no-fund --no-audit </dev/null
  else
    as_root npm install -g "pnpm@${want_pnpm}" --no-fund --no-audit </dev/null
  fi
fi

say 'project packages (pnpm install)'
pnpm install --frozen-lockfile </dev/null
say 'done: `pnpm demo` starts Parley against a local server, `pnpm test` runs the tests'
