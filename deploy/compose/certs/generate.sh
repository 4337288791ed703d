#!/usr/bin/env bash
# One-off: a private CA and one TLS certificate per KurrentDB node for deploy/compose/kurrentdb-cluster.yml.
# Needs only openssl (1.1.1 or 3.x). Run it once before the first `docker compose up`, and again with
# --renew-nodes before the node certificates expire (the CA is kept, so clients keep trusting the cluster).
#
#   deploy/compose/certs/generate.sh                  # creates what is missing
#   deploy/compose/certs/generate.sh --renew-nodes    # re-issues the node certificates with the existing CA
#   NODES="kdb-a kdb-b kdb-c" EXTRA_SANS="DNS:kdb.example.org,IP:10.0.0.5" deploy/compose/certs/generate.sh
#
# Creates, beside this script (or in CERTS_DIR):
#   ca/ca.crt                 CA certificate: mounted read-only into every node and into the ledger-api containers
#   ca/ca.key                 CA private key (0600): never mounted anywhere; keep it offline after use
#   kurrentdb-N/node.crt      node certificate, N = 1..3 (CN=eventstoredb-node on every node, as es-gencert-cli
#                             does, SANs: DNS:kurrentdb-N, DNS:localhost, IP:127.0.0.1 and EXTRA_SANS;
#                             EKU serverAuth+clientAuth, because nodes also authenticate to each other with it)
#   kurrentdb-N/node.key      node private key (PKCS#8, RSA 2048)
# The layout matches `es-gencert-cli create-ca` / `create-node`, so certificates from that tool can be dropped in.
#
# Permissions: the directory holding everything is 0700 (only you, on the host). Node keys are 0644 inside it
# because the compose file bind-mounts each key file into its container, where KurrentDB runs as uid 1000, which is
# usually not your uid; the 0700 directory keeps other host users out. Where you can, prefer
# `sudo chown 1000:1000 kurrentdb-*/node.key && sudo chmod 0600 kurrentdb-*/node.key`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${CERTS_DIR:-$here}"
nodes="${NODES:-kurrentdb-1 kurrentdb-2 kurrentdb-3}"
extra_sans="${EXTRA_SANS:-}"
ca_days="${CA_DAYS:-1825}"
node_days="${NODE_DAYS:-365}"
common_name="${NODE_COMMON_NAME:-eventstoredb-node}"
renew=false

for arg in "$@"; do
  case "$arg" in
    --renew-nodes) renew=true ;;
    -h|--help) sed -n '2,26p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "generate.sh: unknown argument $arg (try --help)" >&2; exit 2 ;;
  esac
done

command -v openssl >/dev/null || { echo "generate.sh: openssl is required" >&2; exit 1; }

umask 077
mkdir -p "$out"
chmod 0700 "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# ---- CA -------------------------------------------------------------------------------------------------------
if [ -f "$out/ca/ca.crt" ] && [ -f "$out/ca/ca.key" ]; then
  echo "CA: keeping $out/ca/ca.crt"
else
  if [ -e "$out/ca" ]; then echo "generate.sh: $out/ca exists but is incomplete; remove it first" >&2; exit 1; fi
  mkdir -p "$out/ca"
  cat >"$work/ca.cnf" <<EOF
[req]
distinguished_name = dn
prompt = no
x509_extensions = v3_ca
[dn]
CN = Yibao Ledger KurrentDB CA
O = Yibao Fund Ledger
[v3_ca]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out "$out/ca/ca.key" 2>/dev/null
  openssl req -new -x509 -sha256 -days "$ca_days" -key "$out/ca/ca.key" -config "$work/ca.cnf" -out "$out/ca/ca.crt"
  chmod 0600 "$out/ca/ca.key"
  chmod 0644 "$out/ca/ca.crt"
  chmod 0755 "$out/ca"
  echo "CA: created $out/ca/ca.crt (valid $ca_days days)"
fi

# ---- nodes ----------------------------------------------------------------------------------------------------
serial=0
for node in $nodes; do
  serial=$((serial + 1))
  dir="$out/$node"
  if [ -f "$dir/node.crt" ] && [ -f "$dir/node.key" ] && [ "$renew" = false ]; then
    echo "$node: keeping $dir/node.crt"
    continue
  fi
  mkdir -p "$dir"
  sans="DNS:${node},DNS:localhost,IP:127.0.0.1"
  if [ -n "$extra_sans" ]; then sans="${sans},${extra_sans}"; fi
  cat >"$work/$node.cnf" <<EOF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = ${common_name}
[v3_node]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = ${sans}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer
EOF
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/$node.key" 2>/dev/null
  openssl req -new -sha256 -key "$work/$node.key" -config "$work/$node.cnf" -out "$work/$node.csr"
  openssl x509 -req -sha256 -days "$node_days" -in "$work/$node.csr" -CA "$out/ca/ca.crt" -CAkey "$out/ca/ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -extfile "$work/$node.cnf" -extensions v3_node -out "$work/$node.crt" 2>/dev/null
  openssl verify -CAfile "$out/ca/ca.crt" "$work/$node.crt" >/dev/null
  mv "$work/$node.key" "$dir/node.key"
  mv "$work/$node.crt" "$dir/node.crt"
  chmod 0644 "$dir/node.key" "$dir/node.crt"
  chmod 0755 "$dir"
  echo "$node: issued $dir/node.crt (CN=${common_name}; ${sans}; valid $node_days days)"
done

echo "done. Expiry dates: openssl x509 -noout -enddate -in $out/<dir>/node.crt"
