#!/usr/bin/env bash
# A throwaway Prosody on 127.0.0.1 for the packaged-app smoke spec (e2e/electron-packaged.spec.ts)
# in the release workflow. Needs only bash, openssl and the `prosody`/`prosodyctl` on PATH, so
# the same script runs on Linux (Debian's package), macOS (Homebrew's) and, for the Windows
# job, inside WSL (Debian's package; WSL shares 127.0.0.1 with Windows).
#
#   smoke-prosody.sh DIR [PORT]   starts it in the background, users alice and bob, and writes
#                                 DIR/server.json: {domain, host, c2sPort, caPem, users}
#   smoke-prosody.sh --stop DIR   stops it
set -euo pipefail

if [[ "${1:-}" == "--stop" ]]; then
  pid_file="$2/prosody.pid"
  [[ -f "$pid_file" ]] && kill "$(cat "$pid_file")" 2>/dev/null || true
  exit 0
fi

dir="${1:?usage: smoke-prosody.sh DIR [PORT]}"
port="${2:-15222}"
domain=localhost
mkdir -p "$dir/data" "$dir/certs"
dir="$(cd "$dir" && pwd)"
certs="$dir/certs"

# A CA of its own and a certificate for the domain: Parley pins it when the user trusts it in
# the certificate dialog; the spec's second user trusts the CA.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Parley smoke CA" \
  -keyout "$certs/ca.key" -out "$certs/ca.pem" 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -subj "/CN=$domain" \
  -keyout "$certs/$domain.key" -out "$certs/$domain.csr" 2>/dev/null
printf 'subjectAltName=DNS:%s\nbasicConstraints=CA:FALSE\n' "$domain" >"$certs/ext.cnf"
openssl x509 -req -in "$certs/$domain.csr" -CA "$certs/ca.pem" -CAkey "$certs/ca.key" \
  -CAcreateserial -days 2 -extfile "$certs/ext.cnf" -out "$certs/$domain.crt" 2>/dev/null
chmod 600 "$certs"/*.key

cat >"$dir/prosody.cfg.lua" <<CFG
-- Throwaway server for the packaged-app smoke test; loopback only.
run_as_root = true
pidfile = "$dir/prosody.pid"
data_path = "$dir/data"
certificates = "$certs"
log = { { levels = { min = "info" }, to = "file", filename = "$dir/prosody.log" } }
interfaces = { "127.0.0.1" }
c2s_ports = { $port }
c2s_direct_tls_ports = {}
http_ports = {}
https_ports = {}
c2s_require_encryption = true
authentication = "internal_hashed"
modules_enabled = { "roster", "saslauth", "tls", "disco", "carbons", "pep", "private", "vcard4",
  "vcard_legacy", "version", "uptime", "time", "ping", "blocklist", "mam", "smacks", "csi_simple" }
modules_disabled = { "s2s", "s2s_auth_certs", "dialback", "offline" }
storage = "internal"
VirtualHost "$domain"
  ssl = { certificate = "$certs/$domain.crt", key = "$certs/$domain.key" }
CFG

for user in alice bob; do
  prosodyctl --config "$dir/prosody.cfg.lua" register "$user" "$domain" "$user-pw" </dev/null
done
prosody --config "$dir/prosody.cfg.lua" -F </dev/null >"$dir/stdout.log" 2>&1 &

# Ready once the c2s port answers; at most 20 s.
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    ca_json="$(awk 'BEGIN { ORS = "\\n" } { print }' "$certs/ca.pem")"
    cat >"$dir/server.json" <<JSON
{ "domain": "$domain", "host": "127.0.0.1", "c2sPort": $port, "caPem": "$ca_json",
  "users": [{ "local": "alice", "password": "alice-pw" }, { "local": "bob", "password": "bob-pw" }] }
JSON
    echo "smoke Prosody on 127.0.0.1:$port ($dir/server.json)"
    exit 0
  fi
  sleep 0.2
done
echo "smoke Prosody did not start; its log:" >&2
cat "$dir/prosody.log" "$dir/stdout.log" >&2 || true
exit 1
