#!/usr/bin/env python3
"""Signs and verifies whole HTTP requests with the official Huawei Cloud Python SDK core
(PyPI `huaweicloudsdkcore`), for the request-level differential test
(tests/js/algorithms-differential.test.mjs) and the emulator's gateway (tests/emulator/index.mjs).

Where python_sign.py works on a canonical request given to it, this script hands the SDK the parts
of a request (method, host, path, decoded query pairs, headers, body bytes) and lets the SDK's own
code build everything: SdkRequest, the credentials' sign_request (X-Security-Token, X-Project-Id,
X-Domain-Id, the derived-auth choice), and the signer classes DerivationAKSKSigner (V11),
SM3Signer, P256SHA256Signer and SM2SM3Signer. The SDK's methods are wrapped only to record the
canonical request and string to sign they return; nothing of the SDK is changed.

Reads a JSON list of jobs on stdin, prints a JSON list of results (one per job, in order).

op "sign" (the default):
  {"algorithm": "SDK-HMAC-SHA256" | "V11-HMAC-SHA256" | "SDK-HMAC-SM3" | "SDK-ECDSA-P256-SHA256" | "SDK-SM2-SM3",
   "ak", "sk", "security_token"?, "project_id"?, "domain_id"?, "region"?, "service"?,   # region/service: V11
   "via": "signer" | "client" | "go",
   "method", "scheme", "host", "path",          # path: the resource path exactly as sent (percent-encoded)
   "query": [[key, value], ...],               # decoded
   "headers": [[name, value], ...],            # must contain X-Sdk-Date (the SDK then signs that date)
   "body_b64": "...",
   "verify": ["<hex DER>", ...]}               # ECDSA/SM2, optional: checked against this request's string to sign
  via "signer": SdkRequest built from the parts as given, signed by credentials.sign_request
    (what the SDK's Client does once it has built the request).
  via "client": through the SDK's real Client.build_future_request (ClientBuilder, no network): it adds
    User-Agent and the default Content-Type, then signs. A JSON or text body is passed as a str, other
    bytes as a file opened "rb" (Content-Type application/octet-stream), as the SDK's clients do.
  via "go": the Go SDK's header rule, which the Python SDK does not have, applied with the Python SDK's
    own canonical-request code: every header signed except names starting with "content-type" or
    containing "_", and no Host header added (host unsigned); names sorted by bytes, values trimmed.
  Result: {"canonical_request", "string_to_sign", "signature", "authorization",
           "method", "url", "headers": [[name, value], ...] (as sent), "body_b64",
           "public_key": {"x", "y"}?, "verdicts": [true | false | "error: ..."]?}  (ECDSA/SM2)

op "verify": checks a signature the way the SDK would compute it, with the SDK's signer classes.
  {"op": "verify", "algorithm", "ak", "sk", "sdk_date", "region"?, "service"?, "signature",
   "canonical_request"}   or, instead of canonical_request, "canonical_head" (the first five lines)
   plus "body_b64" and "content_hash" (the signed X-Sdk-Content-Sha256 / X-Sdk-Content-Sm3 value or null):
   the payload line is then computed by the signer (its own hash of the body, or the header's value)
  Result: {"canonical_request", "string_to_sign", "valid": true | false, "error"?}
  HMAC algorithms: the SDK's signature recomputed and compared (hmac.compare_digest);
  ECDSA/SM2: the SDK's get_signing_key().verify(signature, string_to_sign).

Usage: PYTHONPATH=tests/.pydeps python3 tests/reference/python_request_sign.py < jobs.json
(test-only dependency: pip install --target tests/.pydeps huaweicloudsdkcore==3.1.219)
"""
import base64
import hmac
import json
import os
import sys
import tempfile
from datetime import datetime

from huaweicloudsdkcore.auth.credentials import BasicCredentials, GlobalCredentials
from huaweicloudsdkcore.client import Client, ClientBuilder
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer import hkdf
from huaweicloudsdkcore.signer.algorithm import SigningAlgorithm
from huaweicloudsdkcore.signer.signer import (
    DerivationAKSKSigner,
    P256SHA256Signer,
    SM2SM3Signer,
    SM3Signer,
    Signer,
)

ALGORITHMS = {
    "SDK-HMAC-SHA256": (SigningAlgorithm.HMAC_SHA256, Signer),
    "V11-HMAC-SHA256": (SigningAlgorithm.HMAC_SHA256, DerivationAKSKSigner),
    "SDK-HMAC-SM3": (SigningAlgorithm.HMAC_SM3, SM3Signer),
    "SDK-ECDSA-P256-SHA256": (SigningAlgorithm.ECDSA_P256_SHA256, P256SHA256Signer),
    "SDK-SM2-SM3": (SigningAlgorithm.SM2_SM3, SM2SM3Signer),
}
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
GO_USER_AGENT = "huaweicloud-usdk-go/3.0"


class Recorder:
    """Wraps the SDK's _process_canonical_request / _process_string_to_sign to record their results."""

    def __init__(self):
        self.seen = {}
        self._saved = []

    def __enter__(self):
        for cls in (Signer, DerivationAKSKSigner):
            for name, key in (("_process_canonical_request", "canonical_request"),
                              ("_process_string_to_sign", "string_to_sign")):
                if name in cls.__dict__:
                    original = cls.__dict__[name]
                    self._saved.append((cls, name, original))
                    setattr(cls, name, self._wrap(original, key))
        return self

    def _wrap(self, original, key):
        seen = self.seen

        def wrapper(*args, **kwargs):
            seen[key] = original(*args, **kwargs)
            return seen[key]
        return wrapper

    def __exit__(self, *exc):
        for cls, name, original in reversed(self._saved):
            setattr(cls, name, original)


def credentials_of(job):
    if job.get("domain_id") and not job.get("project_id"):
        creds = GlobalCredentials(job["ak"], job["sk"], job["domain_id"])
    else:
        creds = BasicCredentials(job["ak"], job["sk"], job.get("project_id"))
    if job.get("security_token"):
        creds.with_security_token(job["security_token"])
    if job["algorithm"] == "V11-HMAC-SHA256":
        creds.with_derived_predicate(lambda request: True)
        creds._process_derived_auth_params(job["service"], job["region"])
    return creds


def extra_headers(job, creds):
    """X-Domain-Id when the job has both ids (one SDK credentials object carries one of them)."""
    if job.get("domain_id") and isinstance(creds, BasicCredentials) and job.get("project_id"):
        return {"X-Domain-Id": job["domain_id"]}
    return {}


def signer_of(job, creds):
    return ALGORITHMS[job["algorithm"]][1](creds)


def result_of(job, request, seen, body):
    headers = [[k, v.encode("iso-8859-1").decode("utf-8")] for k, v in request.header_params.items()]
    auth = request.header_params["Authorization"]
    out = {
        "canonical_request": seen["canonical_request"],
        "string_to_sign": seen["string_to_sign"],
        "authorization": auth,
        "signature": auth[auth.index("Signature=") + 10:],
        "method": request.method,
        "url": request.url,
        "headers": headers,
        "body_b64": base64.b64encode(body).decode("ascii"),
    }
    creds = credentials_of(job)
    signer = signer_of(job, creds)
    if isinstance(signer, P256SHA256Signer):
        key = signer.get_signing_key()
        x, y = key._public_key
        out["public_key"] = {"x": x.to_bytes(32, "big").hex(), "y": y.to_bytes(32, "big").hex()}
        out["verdicts"] = [verdict(key, sig, seen["string_to_sign"]) for sig in job.get("verify", [])]
    return out


def verdict(key, sig, string_to_sign):
    try:
        return bool(key.verify(bytes.fromhex(sig), string_to_sign.encode("utf-8")))
    except Exception as e:  # malformed DER: the SDK raises instead of answering False
        return "error: %s" % type(e).__name__


def sign_signer(job):
    creds = credentials_of(job)
    body = base64.b64decode(job.get("body_b64", ""))
    headers = dict(job["headers"])
    headers.update(extra_headers(job, creds))
    request = SdkRequest(method=job["method"], schema=job["scheme"], host=job["host"], resource_path=job["path"],
                         query_params=[tuple(p) for p in job["query"]], header_params=headers,
                         body=body if body else None, signing_algorithm=ALGORITHMS[job["algorithm"]][0])
    with Recorder() as rec:
        request = creds.sign_request(request)
    return result_of(job, request, rec.seen, body)


def sign_client(job):
    creds = credentials_of(job)
    config = HttpConfig.get_default_config()
    config.signing_algorithm = ALGORITHMS[job["algorithm"]][0]
    client = ClientBuilder(Client, "BasicCredentials,GlobalCredentials") \
        .with_credentials(creds).with_http_config(config) \
        .with_endpoint("%s://%s" % (job["scheme"], job["host"])).build()
    body = base64.b64decode(job.get("body_b64", ""))
    headers = dict(job["headers"])
    headers.update(extra_headers(job, creds))
    content_type = next((v for k, v in headers.items() if k == "Content-Type"), "")
    tmp = None
    if not body:
        request_body = None
    elif content_type.startswith("application/octet-stream"):
        tmp = tempfile.NamedTemporaryFile(delete=False)
        tmp.write(body)
        tmp.close()
        request_body = open(tmp.name, "rb")
    else:
        request_body = body.decode("utf-8")
    try:
        with Recorder() as rec:
            request = client.build_future_request(job["method"], job["path"], None, [tuple(p) for p in job["query"]],
                                                  headers, request_body, None, None, None, {}, None).result()
    finally:
        if tmp is not None:
            request_body.close()
            os.unlink(tmp.name)
    return result_of(job, request, rec.seen, body)


def sign_go(job):
    """The Go SDK's request shape, computed with the Python SDK's canonicalisation and signers."""
    creds = credentials_of(job)
    body = base64.b64decode(job.get("body_b64", ""))
    headers = dict(job["headers"])
    headers.update(extra_headers(job, creds))
    headers.setdefault("User-Agent", GO_USER_AGENT)
    if job.get("security_token"):
        headers["X-Security-Token"] = job["security_token"]
    if job.get("project_id"):
        headers["X-Project-Id"] = job["project_id"]
    elif job.get("domain_id"):
        headers["X-Domain-Id"] = job["domain_id"]
    request = SdkRequest(method=job["method"], schema=job["scheme"], host=job["host"], resource_path=job["path"],
                         query_params=[tuple(p) for p in job["query"]], header_params=headers,
                         body=body if body else None, signing_algorithm=ALGORITHMS[job["algorithm"]][0])
    signer = signer_of(job, creds)
    signed = sorted({k.lower() for k in headers if not k.lower().startswith("content-type") and "_" not in k},
                    key=lambda n: n.encode("utf-8"))
    t = datetime.strptime(Signer._get_header_ignore_case(request, "X-Sdk-Date"), DATE_FORMAT)
    with Recorder() as rec:
        canonical = signer._process_canonical_request(request, signed)
        if isinstance(signer, DerivationAKSKSigner):
            info = "%s/%s/%s" % (datetime.strftime(t, signer.BasicISODateFormat), job["region"], job["service"])
            sts = signer._process_string_to_sign(canonical, t, info)
            key = hkdf.get_der_key_sha256(access_key=job["ak"], secret_key=job["sk"], info=info)
            auth = signer._process_auth_header_value(signer._sign_string_to_sign(sts, key), job["ak"], signed, info)
        else:
            sts = signer._process_string_to_sign(canonical, t)
            auth = signer._process_auth_header_value(signer._sign_string_to_sign(sts, job["sk"]), job["ak"], signed)
    request.header_params["Authorization"] = auth
    Signer.process_request_uri(request)
    return result_of(job, request, rec.seen, body)


def verify(job):
    creds = BasicCredentials(job["ak"], job["sk"])
    signer = signer_of(job, creds)
    t = datetime.strptime(job["sdk_date"], DATE_FORMAT)
    canonical = job.get("canonical_request")
    if canonical is None:
        body = base64.b64decode(job.get("body_b64", ""))
        if job.get("content_hash"):
            payload = job["content_hash"]
        elif not body:
            payload = signer._EMPTY_HASH
        else:
            payload = signer._hash_hex_string(body)
        canonical = job["canonical_head"] + "\n" + payload
    out = {"canonical_request": canonical}
    try:
        if isinstance(signer, DerivationAKSKSigner):
            info = "%s/%s/%s" % (datetime.strftime(t, signer.BasicISODateFormat), job["region"], job["service"])
            sts = signer._process_string_to_sign(canonical, t, info)
            key = hkdf.get_der_key_sha256(access_key=job["ak"], secret_key=job["sk"], info=info)
            out["valid"] = hmac.compare_digest(signer._sign_string_to_sign(sts, key), job["signature"])
        elif isinstance(signer, P256SHA256Signer):
            sts = signer._process_string_to_sign(canonical, t)
            out["valid"] = verdict(signer.get_signing_key(), job["signature"], sts) is True
        else:
            sts = signer._process_string_to_sign(canonical, t)
            out["valid"] = hmac.compare_digest(signer._sign_string_to_sign(sts, job["sk"]), job["signature"])
        out["string_to_sign"] = sts
    except Exception as e:  # a malformed job: answered, never a crash of the whole batch
        out.update(valid=False, error="%s: %s" % (type(e).__name__, e))
    return out


OPS = {"signer": sign_signer, "client": sign_client, "go": sign_go}


def run(job):
    if job.get("op") == "verify":
        return verify(job)
    try:
        return OPS[job.get("via", "signer")](job)
    except Exception as e:  # the SDK refused the request: report it, per job
        return {"error": "%s: %s" % (type(e).__name__, e)}


def main():
    jobs = json.load(sys.stdin)
    json.dump([run(j) for j in jobs], sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
