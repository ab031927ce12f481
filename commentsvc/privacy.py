"""Keyed hashing and encryption of personal data, with keys derived from the secret key."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

log = logging.getLogger(__name__)


@lru_cache(maxsize=32)
def derive_key(secret: str, purpose: str) -> bytes:
    """Derive a 32-byte key for one purpose, so a leak of one key exposes nothing else."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode())
    return hkdf.derive(secret.encode())


def _key(purpose: str) -> bytes:
    """Return the app's key for a purpose."""
    return derive_key(current_app.config["SECRET_KEY"], f"commentsvc:{purpose}")


def keyed_hash(purpose: str, value: str) -> str:
    """HMAC-SHA256 of a value under the purpose's key, as hex."""
    return hmac.new(_key(purpose), value.encode(), hashlib.sha256).hexdigest()


def normalise_email(email: str) -> str:
    """Lower-case and trim, so one author always hashes the same way."""
    return email.strip().lower()


def email_hash(email: str) -> str:
    """Keyed hash for lookups such as every comment by one author."""
    return keyed_hash("email-lookup", normalise_email(email))


def avatar_seed(site_id: int, email: str) -> str:
    """Public avatar seed, keyed per site: nobody can link one reader's avatars across sites."""
    return keyed_hash("avatar", f"{site_id}:{normalise_email(email)}")[:24]


def network_hash(value: str) -> str:
    """Keyed hash of an IP address or user agent; the raw value is never stored."""
    return keyed_hash("network", value) if value else ""


def _fernet() -> Fernet:
    """Fernet cipher for emails at rest."""
    return Fernet(base64.urlsafe_b64encode(_key("email-encryption")))


def encrypt_email(email: str) -> str:
    """Encrypt an email for storage."""
    return _fernet().encrypt(normalise_email(email).encode()).decode()


def decrypt_email(token: str) -> str:
    """Decrypt a stored email (for the owner's exports and notifications, never for the public)."""
    return _fernet().decrypt(token.encode()).decode()


def email_domain(token: str) -> str:
    """The domain of a stored email, or "" when it cannot be read (say, after a key change)."""
    try:
        return decrypt_email(token).rpartition("@")[2]
    except InvalidToken:
        log.warning("an email could not be decrypted; was COMMENTSVC_SECRET_KEY changed?")
        return ""


def masked_email(token: str) -> str:
    """A stored email as moderators see it, or a placeholder when it cannot be read."""
    domain = email_domain(token)
    return mask_email(decrypt_email(token)) if domain else "(unreadable)"


def mask_email(email: str) -> str:
    """Show moderators just enough: j***@example.com."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"
