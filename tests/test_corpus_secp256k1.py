"""secp256k1 5.0.2 (node-addon-api): node-reference/secp256k1.js on the native
``Secp256k1`` class that lib/index.js wraps. The addon writes its results into
output buffers and an object the caller passes (``recid``): Python's bytearray and
dict are those very objects."""

from corpus.support import corpus_addon

m = corpus_addon("secp256k1")
s = m.Secp256k1()

PRIV = bytes([1] * 32)
MSG = bytes([9] * 32)
PUB_HEX = "031b84c5567b126440995d3ed5aaba0565d71e1834604819ff9c17f5e9d5dd078f"
SIG_HEX = ("8f3e7e4af52c3c7fc2e1705fbeed56332f02d716a02840043cf2221d7f5a2ce9"
           "3789baacdf01aa93e2d8031ebaf266db82aa3bbef168b004e804041ba844da45")


def sign():
    obj = {"signature": bytearray(64), "recid": None}
    assert s.ecdsaSign(obj, MSG, PRIV, None, None) == 0
    return obj


def public_key():
    pub = bytearray(33)
    assert s.publicKeyCreate(pub, PRIV) == 0
    return pub


def test_private_key_verify():
    # lib/index.js: privateKeyVerify(k) is `native(k) === 0`
    assert s.privateKeyVerify(PRIV) == 0
    assert s.privateKeyVerify(bytes(32)) != 0


def test_public_key_create_writes_the_output():
    assert public_key().hex() == PUB_HEX


def test_ecdsa_sign_fills_the_callers_object():
    obj = sign()
    assert obj["signature"].hex() == SIG_HEX
    assert obj["recid"] == 1


def test_verify_recover_ecdh():
    obj, pub = sign(), public_key()
    assert s.ecdsaVerify(obj["signature"], MSG, pub) == 0     # 0: valid
    assert s.ecdsaVerify(obj["signature"], bytes([8] * 32), pub) == 3   # 3: invalid
    rec = bytearray(33)
    assert s.ecdsaRecover(rec, obj["signature"], obj["recid"], MSG) == 0
    assert rec.hex() == PUB_HEX
    out = bytearray(32)
    assert s.ecdh(out, pub, PRIV, None, None, None, None) == 0
    assert out.hex() == "60bff7e2a4e757df5e69ed48632b993b9447ff480784964c6dc587ceef975a27"


def test_invalid_private_key():
    # The reference's error ("Expected private key to be an Uint8Array with length
    # 32") comes from lib/index.js's argument check; the native call reports an
    # invalid key with status 1 (SECKEY_INVALID), which the wrapper turns into an Error.
    out = bytearray(33)
    assert s.publicKeyCreate(out, bytes(32)) == 1
    assert out == bytearray(33)
