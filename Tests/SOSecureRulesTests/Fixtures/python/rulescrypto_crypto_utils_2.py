"""crypto_utils.py - helpers for encrypting customer notes and managing passwords."""
import base64
import hashlib
import hmac
import os
import random
import secrets
import string

from Crypto.Cipher import AES, DES
from Crypto.Random import get_random_bytes
from Crypto.Util.Padding import pad, unpad
from cryptography.hazmat.primitives.asymmetric import rsa

# expect: cipher-hardcoded-key, pycryptodome-broken-cipher
LEGACY_CIPHER = DES.new(b"8bytekey", DES.MODE_CBC)
NOTES_KEY = base64.b64decode(os.environ["NOTES_KEY"])


def encrypt_note_legacy(note: str) -> str:
    # expect: cipher-ecb-mode
    cipher = AES.new(NOTES_KEY, AES.MODE_ECB)
    return base64.b64encode(cipher.encrypt(pad(note.encode(), AES.block_size))).decode()


def encrypt_note(note: str) -> str:
    # ok: cipher-ecb-mode
    cipher = AES.new(NOTES_KEY, AES.MODE_GCM, nonce=get_random_bytes(12))
    ciphertext, tag = cipher.encrypt_and_digest(note.encode())
    return base64.b64encode(cipher.nonce + tag + ciphertext).decode()


def encrypt_note_cbc(note: str) -> bytes:
    # expect: cipher-constant-iv
    cipher = AES.new(NOTES_KEY, AES.MODE_CBC, iv=b"0000000000000000")
    return cipher.encrypt(pad(note.encode(), AES.block_size))


def hash_password_fast(password: str) -> str:
    # expect: weak-hash-md5-sha1
    return hashlib.md5(password.encode()).hexdigest()


def hash_password(password: str, salt: bytes = None) -> str:
    salt = salt or os.urandom(16)
    # expect: pbkdf2-low-iterations
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 5000)
    return base64.b64encode(salt + digest).decode()


def hash_password_strong(password: str) -> str:
    salt = os.urandom(16)
    # ok: pbkdf2-low-iterations
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)
    return base64.b64encode(salt + digest).decode()


def file_checksum(path: str) -> str:
    # ok: weak-hash-md5-sha1
    h = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(65536), b""):
            h.update(chunk)
    return h.hexdigest()


def verify_signature(payload: bytes, signature: str, secret: bytes) -> bool:
    expected = hmac.new(secret, payload, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def generate_temp_password(length: int = 10) -> str:
    # expect: random-string-from-alphabet
    return "".join(random.choices(string.ascii_letters + string.digits, k=length))


def generate_api_token() -> str:
    # ok: random-string-from-alphabet
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(40))


def make_keypair():
    # expect: rsa-key-too-small
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    return private_key, private_key.public_key()


def make_keypair_strong():
    # ok: rsa-key-too-small
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=4096)
    return private_key, private_key.public_key()
