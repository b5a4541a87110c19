"""Passwords (argon2id, argon2-cffi's defaults) and bearer secrets (API tokens, web sessions:
only their SHA-256 digest is stored)."""

from __future__ import annotations

import hashlib
import secrets
from functools import lru_cache
from typing import Any

from ..errors import InputError

MIN_PASSWORD = 8


@lru_cache(maxsize=1)
def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"a password needs at least {MIN_PASSWORD} characters")
    return str(_hasher().hash(password))


def verify_password(stored: str, password: str) -> bool:
    from argon2.exceptions import VerificationError, VerifyMismatchError

    try:
        return bool(_hasher().verify(stored, password))
    except (VerifyMismatchError, VerificationError, ValueError):
        return False


def new_secret(prefix: str) -> tuple[str, str]:
    """(secret to hand out once, digest to store)."""
    secret = f"{prefix}_{secrets.token_urlsafe(32)}"
    return secret, digest(secret)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
