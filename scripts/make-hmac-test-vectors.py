#!/usr/bin/env python3
"""Writes docs/hmac-test-vectors.json from the text of docs/hmac-authentication.md, with Python's standard library only,
so the vectors do not come from the C# code they test. Run: python3 scripts/make-hmac-test-vectors.py"""
import base64, hashlib, hmac, json, pathlib
from urllib.parse import urlsplit

SECRET = base64.b64encode(bytes(range(64))).decode()  # 000102...3f
TOKEN = "3f2a9c1e7b4d8f60a5e2c9b1d7f3a8e4c6b0d2f1"
CREATED = 1795683600  # 2026-11-26T09:00:00Z
NONCE = "8ZxQ2mL5vN7pR1tY"


def rfc9421(name, method, url, body=b"", extra_headers=None, covered_extra=()):
    parts = urlsplit(url)
    authority = parts.netloc.lower()
    path = parts.path
    query = "?" + parts.query if parts.query else "?"
    headers = dict(extra_headers or {})
    covered = ["@method", "@authority", "@path", "@query"]
    values = {"@method": method.upper(), "@authority": authority, "@path": path, "@query": query}
    if body:
        digest = "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode() + ":"
        headers["Content-Digest"] = digest
        covered.append("content-digest")
        values["content-digest"] = digest
    for header in covered_extra:
        covered.append(header.lower())
        values[header.lower()] = headers[header].strip()
    params = "(" + " ".join(f'"{c}"' for c in covered) + f');created={CREATED};nonce="{NONCE}";keyid="{TOKEN}";alg="hmac-sha256"'
    lines = [f'"{c}": {values[c]}' for c in covered] + [f'"@signature-params": {params}']
    base = "\n".join(lines)
    signature = base64.b64encode(hmac.new(base64.b64decode(SECRET), base.encode(), hashlib.sha256).digest()).decode()
    return {
        "name": name,
        "request": {"method": method, "url": url, "headers": headers, "body": body.decode()},
        "created": CREATED, "nonce": NONCE, "covered": covered,
        "expected": {
            "contentDigest": headers.get("Content-Digest"),
            "signatureInput": f"sig1={params}",
            "signatureBase": base,
            "signature": f"sig1=:{signature}:",
        },
    }


def comindware(name, method, path, headers, body=b"", body_hash_line=True):
    body_hash = base64.b64encode(hashlib.md5(body).digest()).decode()
    lines = [method.upper(), path.split("?")[0].lower(), headers.get("Date", ""), headers.get("Expires", ""), headers.get("Content-Type", "")]
    if body_hash_line:
        lines.append(headers.get("Content-MD5", body_hash))
    text = "\n".join(lines)
    signature = base64.b64encode(hmac.new(base64.b64decode(SECRET), text.encode(), hashlib.sha512).digest()).decode()
    return {
        "name": name,
        "request": {"method": method, "path": path, "headers": headers, "body": body.decode()},
        "bodyHashLine": body_hash_line,
        "expected": {"stringToSign": text, "authorization": f"HMAC {TOKEN}:{signature}"},
    }


vectors = {
    "description": "ApiKeys HMAC test vectors. Every vector uses this secret and token; see docs/hmac-authentication.md.",
    "secret": SECRET,
    "token": TOKEN,
    "rfc9421": [
        rfc9421("GET without a body", "GET", "https://api.example.com/api/v1/account"),
        rfc9421("POST with a JSON body, a port and a query", "POST", "https://API.example.com:8443/api/v1/keys?dry-run=true",
                body=b'{"account":"integration.bot","expiresAt":"2027-02-24T23:59:59Z"}', extra_headers={"Content-Type": "application/json"}),
        rfc9421("GET with a percent-encoded query, left as sent", "GET",
                "https://api.example.com/api/v1/keys?search=%D0%98%D0%B2%D0%B0%D0%BD&page=0"),
        rfc9421("DELETE covering an extra header", "DELETE", "https://api.example.com/api/v1/keys/0193a1f2-7c4e-7b0a-9d2e-3f5a6b7c8d9e",
                extra_headers={"X-Request-Id": "  5b1e6c2a-req  "}, covered_extra=("X-Request-Id",)),
    ],
    "comindware": [
        comindware("GET with Date, body hash line of the empty body", "GET", "/api/v1/Account",
                   {"Date": "Thu, 26 Nov 2026 09:00:00 GMT"}),
        comindware("GET with Date, empty body, no body hash line", "GET", "/api/v1/account?ignored=query",
                   {"Date": "Thu, 26 Nov 2026 09:00:00 GMT"}, body_hash_line=False),
        comindware("POST with a JSON body and Content-Type", "POST", "/api/v1/keys/delete",
                   {"Date": "Thu, 26 Nov 2026 09:00:00 GMT", "Content-Type": "application/json"},
                   body=b'{"ids":["0193a1f2-7c4e-7b0a-9d2e-3f5a6b7c8d9e"]}'),
    ],
}
out = pathlib.Path(__file__).resolve().parent.parent / "docs" / "hmac-test-vectors.json"
out.write_text(json.dumps(vectors, indent=2, ensure_ascii=False) + "\n")
print(f"wrote {out}")
