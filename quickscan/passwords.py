"""The rules for a new password (OWASP ASVS 4.0 V2.1, NIST SP 800-63B 5.1.1.2): long, not common, nothing else.

1. **Length**: at least ``MIN_LENGTH`` (12) characters and at most ``MAX_LENGTH`` (128). Every character
   counts, spaces and letters outside ASCII too; a sentence is a good password.
2. **Not common**: not one of the 40,080 common passwords in ``wordlists/common-passwords.txt.gz`` (sources
   and licences in ``wordlists/NOTICE.md``), compared in lower case, also once digits, punctuation and spaces
   before and after it are taken off (``Welkom2024!`` is ``welkom``), and not one repeated (``welkomwelkom``).
3. **Not trivial**: at least 5 different characters, and not a stretch of the keyboard or of the alphabet
   or digits (``123456789012``, ``qwertyuiopas``).
4. **Not the account's own e-mail address**, or the part before the ``@`` when that is 4 characters or more.

No composition rules (no "a digit and a capital letter"): they make passwords harder to remember, not to
guess. These rules apply when a password is chosen (an account added, a password set or changed); a login
only checks the hash, and asks for a new password when the one just typed breaks them (it was chosen before
they existed). The list is read on first use, not at import.
"""

from __future__ import annotations

import gzip
import re
import string
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_DISTINCT = 5
COMMON_FILE = Path(__file__).resolve().parent / "wordlists" / "common-passwords.txt.gz"
#: Rows of a keyboard and runs of letters and digits: a password that is a stretch of one is no password.
SEQUENCES = (
    "0123456789",
    "abcdefghijklmnopqrstuvwxyz",
    "1234567890qwertyuiopasdfghjklzxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
)
_AROUND = string.digits + string.punctuation + string.whitespace
_REPEATED = re.compile(r"(.+?)\1+", re.DOTALL)

#: Why a password is refused, for the pages (Dutch source text, translated like every page).
MESSAGES = {
    "short": _l("Kies een wachtwoord van minstens %(n)s tekens. Een zin van een paar woorden is goed.", n=MIN_LENGTH),
    "long": _l("Kies een wachtwoord van hoogstens %(n)s tekens.", n=MAX_LENGTH),
    "common": _l("Dit wachtwoord wordt veel gebruikt en is makkelijk te raden. Kies een ander."),
    "email": _l("Gebruik je e-mailadres niet als wachtwoord."),
}
#: The same for the command line, which speaks English.
ENGLISH = {
    "short": f"A password needs at least {MIN_LENGTH} characters (a sentence of a few words is good).",
    "long": f"A password has at most {MAX_LENGTH} characters.",
    "common": "This password is common and easy to guess; choose another.",
    "email": "Do not use the e-mail address as the password.",
}


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lowercased (read once, on first use)."""
    with gzip.open(COMMON_FILE, "rt", encoding="utf-8") as fh:
        return frozenset(line.rstrip("\n") for line in fh if line.strip())


def _is_common(lowered: str) -> bool:
    common = common_passwords()
    core = lowered.strip(_AROUND)
    repeated = _REPEATED.fullmatch(core)
    unit = repeated.group(1) if repeated else None
    return any(candidate in common for candidate in (lowered, core, unit) if candidate)


def _is_trivial(lowered: str) -> bool:
    if len(set(lowered)) < MIN_DISTINCT:
        return True
    runs = [s * 3 for s in SEQUENCES] + [s[::-1] * 3 for s in SEQUENCES]
    return any(lowered in run for run in runs)


def weakness(password: str, email: str | None = None) -> str | None:
    """Why ``password`` may not be chosen (a key of :data:`MESSAGES`), or None when it may."""
    if len(password) < MIN_LENGTH:
        return "short"
    if len(password) > MAX_LENGTH:
        return "long"
    lowered = password.lower()
    if _is_trivial(lowered) or _is_common(lowered):
        return "common"
    if email:
        email = email.strip().lower()
        name = email.partition("@")[0]
        if lowered == email or email in lowered or (len(name) >= 4 and name in lowered):
            return "email"
    return None
