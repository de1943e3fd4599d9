#!/usr/bin/env python3
"""Runs the official Huawei Cloud Python SDK core (PyPI `huaweicloudsdkcore`) on string-to-sign cases.

Reads a JSON list of cases on stdin and prints a JSON list of results, one per case, in order.

A case:
  {"algorithm": "SDK-HMAC-SHA256" | "V11-HMAC-SHA256" | "SDK-HMAC-SM3" | "SDK-ECDSA-P256-SHA256" | "SDK-SM2-SM3",
   "ak": "...", "sk": "...", "sdk_date": "YYYYMMDDTHHMMSSZ", "canonical_request": "...",
   "region": "...", "service": "...",          # V11 only
   "verify": ["<hex DER signature>", ...]}      # ECDSA/SM2 only, optional

A result (every value computed by the SDK's own signer classes and methods):
  {"string_to_sign": ..., "signature": ...,
   "scope": ..., "derived_key": ...,             # V11: the HKDF info and the hex derived key
   "private_key": ..., "public_key": {"x": ..., "y": ...},  # ECDSA/SM2: 32-byte hex
   "verdicts": [true | false | "error: ...", ...]}           # ECDSA/SM2: get_signing_key().verify() per "verify" entry

The ECDSA and SM2 signatures of the SDK use random nonces: they differ on every run.

Usage: PYTHONPATH=tests/.pydeps python3 tests/reference/python_sign.py < cases.json
(install the SDK there with: pip install --target tests/.pydeps huaweicloudsdkcore)
"""
import json
import sys
from datetime import datetime

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.signer import hkdf
from huaweicloudsdkcore.signer.signer import (
    DerivationAKSKSigner,
    P256SHA256Signer,
    SM2SM3Signer,
    SM3Signer,
    Signer,
)

SIGNERS = {
    "SDK-HMAC-SHA256": Signer,
    "V11-HMAC-SHA256": DerivationAKSKSigner,
    "SDK-HMAC-SM3": SM3Signer,
    "SDK-ECDSA-P256-SHA256": P256SHA256Signer,
    "SDK-SM2-SM3": SM2SM3Signer,
}
DATE_FORMAT = "%Y%m%dT%H%M%SZ"


def hex32(n):
    return n.to_bytes(32, "big").hex()


def run(case):
    signer = SIGNERS[case["algorithm"]](BasicCredentials(case["ak"], case["sk"]))
    t = datetime.strptime(case["sdk_date"], DATE_FORMAT)
    out = {}
    if isinstance(signer, DerivationAKSKSigner):
        # As DerivationAKSKSigner.sign computes them.
        scope = "%s/%s/%s" % (datetime.strftime(t, signer.BasicISODateFormat), case["region"], case["service"])
        sts = signer._process_string_to_sign(case["canonical_request"], t, scope)
        key = hkdf.get_der_key_sha256(access_key=case["ak"], secret_key=case["sk"], info=scope)
        out.update(scope=scope, derived_key=key, string_to_sign=sts, signature=signer._sign_string_to_sign(sts, key))
        return out
    sts = signer._process_string_to_sign(case["canonical_request"], t)
    out.update(string_to_sign=sts, signature=signer._sign_string_to_sign(sts, case["sk"]))
    if isinstance(signer, P256SHA256Signer):
        key = signer.get_signing_key()
        x, y = key._public_key
        out.update(private_key=hex32(signer._derive_key()), public_key={"x": hex32(x), "y": hex32(y)})
        verdicts = []
        for sig in case.get("verify", []):
            try:
                verdicts.append(bool(key.verify(bytes.fromhex(sig), sts.encode("utf-8"))))
            except Exception as e:  # malformed DER: the SDK raises instead of answering False
                verdicts.append("error: %s" % type(e).__name__)
        out["verdicts"] = verdicts
    return out


def main():
    cases = json.load(sys.stdin)
    json.dump([run(c) for c in cases], sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
