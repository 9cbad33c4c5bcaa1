#!/usr/bin/env bash
# Signs one request with an ApiKeys authentication key (RFC 9421, hmac-sha256) and sends it with curl.
#
#   APIKEYS_TOKEN=… APIKEYS_SECRET=… scripts/hmac-curl.sh METHOD URL [BODY|@FILE] [-- CURL_ARGS…]
#
#   scripts/hmac-curl.sh GET http://localhost:5024/api/v1/account
#   scripts/hmac-curl.sh POST http://localhost:5024/api/v1/keys '{"account":"integration.bot","expiresAt":"2027-01-31T23:59:59Z"}' -- -H 'Content-Type: application/json'
#
# Exits 0 on a 2xx or 3xx answer; on 400 or more it still prints the answer (the problem's JSON) and exits 22, as
# curl --fail-with-body does; 2 on wrong usage.
# Needs bash, curl (7.76 or later), openssl and coreutils. The token and secret come from the environment so they stay out of the
# shell history; note that openssl briefly receives the key on its command line.
set -euo pipefail

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[[ $# -ge 2 ]] || usage
: "${APIKEYS_TOKEN:?set APIKEYS_TOKEN to the key's token}"
: "${APIKEYS_SECRET:?set APIKEYS_SECRET to the key's secret}"

method=${1^^}
url=$2
shift 2
body_arg=""
if [[ $# -gt 0 && $1 != "--" ]]; then body_arg=$1; shift; fi
[[ $# -gt 0 && $1 == "--" ]] && shift
extra=("$@")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rest=${url#*://}
authority=${rest%%/*}
authority=${authority,,}
target=/${rest#"${rest%%/*}"}
target=${target#/}
[[ $target == /* ]] || target=/$target
path=${target%%\?*}
if [[ $target == *\?* ]]; then query="?${target#*\?}"; else query="?"; fi

created=$(date +%s)
nonce=$(openssl rand -base64 24 | tr '+/' '-_' | tr -d '=\n')
covered='"@method" "@authority" "@path" "@query"'
headers=()
lines=$(printf '"@method": %s\n"@authority": %s\n"@path": %s\n"@query": %s' "$method" "$authority" "$path" "$query")

if [[ -n $body_arg ]]; then
  if [[ $body_arg == @* ]]; then cp -- "${body_arg#@}" "$work/body"; else printf '%s' "$body_arg" > "$work/body"; fi
  digest="sha-256=:$(openssl dgst -sha256 -binary "$work/body" | base64 | tr -d '\n'):"
  covered+=' "content-digest"'
  lines+=$(printf '\n"content-digest": %s' "$digest")
  headers+=(-H "Content-Digest: $digest" --data-binary "@$work/body")
fi

params="(${covered});created=${created};nonce=\"${nonce}\";keyid=\"${APIKEYS_TOKEN}\";alg=\"hmac-sha256\""
printf '%s\n"@signature-params": %s' "$lines" "$params" > "$work/base"
hexkey=$(printf '%s' "$APIKEYS_SECRET" | base64 -d | od -An -v -tx1 | tr -d ' \n')
signature=$(openssl dgst -sha256 -mac HMAC -macopt "hexkey:$hexkey" -binary "$work/base" | base64 | tr -d '\n')

curl -sS --fail-with-body -X "$method" "$url" \
  -H "Signature-Input: sig1=$params" \
  -H "Signature: sig1=:$signature:" \
  "${headers[@]}" "${extra[@]}"
