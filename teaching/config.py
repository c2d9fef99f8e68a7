"""Configuration from the environment, with defaults that work on a fresh clone."""

from __future__ import annotations

import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Where the database, content and secrets live."""

    instance_dir: Path
    database_url: str
    secret_key: str
    lessons_dir: Path
    quizzes_dir: Path
    reload_interval: float = 2.0
    # TEACHING_TIMEZONE as set ("": the server's own zone); checked by teaching.local_time.
    timezone: str = ""


def instance_dir() -> Path:
    """Return the folder for the database and the secret key (default: instance/)."""
    return Path(os.environ.get("TEACHING_INSTANCE_DIR", REPO_ROOT / "instance"))


def _secret_key(folder: Path) -> str:
    """Read the secret key, generating it once; it is never a constant in the code."""
    configured = os.environ.get("TEACHING_SECRET_KEY")
    if configured:
        return configured
    path = folder / "secret_key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        try:
            # O_EXCL: when several gunicorn workers start at once, only one writes the key.
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_hex(32))
    key = path.read_text().strip()
    while not key:  # another worker created the file and is still writing it
        time.sleep(0.01)
        key = path.read_text().strip()
    return key


def load_settings() -> Settings:
    """Read the settings from the environment."""
    folder = instance_dir()
    folder.mkdir(parents=True, exist_ok=True)
    default_db = f"sqlite:///{folder / 'teaching.sqlite3'}"
    return Settings(
        instance_dir=folder,
        database_url=os.environ.get("TEACHING_DATABASE_URL", default_db),
        secret_key=_secret_key(folder),
        lessons_dir=Path(os.environ.get("TEACHING_LESSONS_DIR", REPO_ROOT / "lessons")),
        quizzes_dir=Path(os.environ.get("TEACHING_QUIZZES_DIR", REPO_ROOT / "quizzes")),
        reload_interval=_seconds(os.environ.get("TEACHING_RELOAD_INTERVAL", "2")),
        timezone=os.environ.get("TEACHING_TIMEZONE", "").strip(),
    )


def self_registration() -> bool:
    """Say whether students may create their own accounts (TEACHING_SELF_REGISTRATION, on)."""
    # Off, a school hands out accounts by roster and students join classes by invitation only.
    value = os.environ.get("TEACHING_SELF_REGISTRATION", "1").strip().lower()
    return value not in ("0", "false", "no", "off")


def _seconds(text: str) -> float:
    """Read a number of seconds; a value that is not one falls back to the default of 2."""
    try:
        return max(0.0, float(text))
    except ValueError:
        return 2.0
