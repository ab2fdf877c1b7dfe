"""Pseudonyms: keyed, not reversible without the key, one person per reference and structure."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from essaim.followup.pseudonym import alias, check_reference, normalise, pseudonym

ROOT = Path(__file__).resolve().parent.parent.parent


def test_same_reference_same_structure_is_the_same_person():
    assert pseudonym(7, "AB-12") == pseudonym(7, "  ab-12 ")
    assert pseudonym(7, "AB  12") == pseudonym(7, "ab 12")


def test_another_structure_gives_another_pseudonym():
    assert pseudonym(7, "AB-12") != pseudonym(8, "AB-12")


def test_the_pseudonym_depends_on_the_secret_key():
    assert pseudonym(7, "AB-12", key="a" * 40) != pseudonym(7, "AB-12", key="b" * 40)


def test_without_the_key_a_dictionary_of_references_finds_nothing():
    """Whoever holds the database but not the key cannot test guesses: hashing every likely
    reference (here 100,000, with or without the structure) never gives the stored pseudonym."""
    stored = pseudonym(7, "DOSSIER-04217")
    guesses = set()
    for n in range(100_000):
        for text in (f"DOSSIER-{n:05d}", f"7:DOSSIER-{n:05d}"):
            guesses.add(hashlib.sha256(text.encode()).hexdigest())
            guesses.add(hashlib.sha256((text + "insecure").encode()).hexdigest())
    assert stored not in guesses
    # …whereas the key reproduces it: the pseudonym is keyed, not merely hashed.
    assert pseudonym(7, "DOSSIER-04217") == stored


def test_the_reference_is_not_in_the_pseudonym():
    value = pseudonym(7, "MARTIN")
    assert len(value) == 64 and "MARTIN" not in value.upper()
    assert alias(value) == value[:10]
    assert normalise(" martin  dupont ") == "MARTIN DUPONT"


def test_an_empty_reference_is_refused():
    with pytest.raises(ValueError):
        pseudonym(7, "   ")


@pytest.mark.parametrize(
    ("reference", "says"),
    [
        ("1 84 12 75 123 456 78", "numéro de sécurité sociale"),
        ("184127512345678", "numéro de sécurité sociale"),
        ("2 84 12 2A 123 456", "numéro de sécurité sociale"),
        ("marie.dupont@exemple.fr", "adresse électronique"),
        ("Marie Dupont", "ressemble à un nom"),
        ("DUPONT Jean-Pierre", "ressemble à un nom"),
        ("Élodie Müller", "ressemble à un nom"),
    ],
)
def test_a_reference_that_identifies_the_person_is_refused(reference, says):
    with pytest.raises(ValidationError) as refused:
        check_reference(reference)
    (message,) = refused.value.messages
    assert says in message
    assert reference.split()[0].upper() not in message.upper()  # the message never repeats it


@pytest.mark.parametrize(
    "reference", ["DOSSIER-0001", "DOSSIER 9", "ab  12", "REF-unknown", "Jean-Pierre", "ZZ-2019-004"]
)
def test_a_structure_s_own_codes_are_kept(reference):
    assert check_reference(reference) == normalise(reference)


def run_prod(**env):
    environ = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "PSEUDONYM_KEY", "DATABASE_URL")}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import config.settings.prod"], cwd=ROOT, env=environ, capture_output=True, text=True
    )


def test_prod_refuses_the_default_pseudonym_key():
    result = run_prod(SECRET_KEY="k" * 50)
    assert result.returncode != 0
    assert "PSEUDONYM_KEY must be set" in result.stderr


def test_prod_refuses_the_secret_key_as_pseudonym_key():
    result = run_prod(SECRET_KEY="k" * 50, PSEUDONYM_KEY="k" * 50)
    assert result.returncode != 0


def test_prod_starts_with_a_pseudonym_key():
    result = run_prod(SECRET_KEY="k" * 50, PSEUDONYM_KEY="p" * 50)
    assert result.returncode == 0, result.stderr


def test_a_bad_threshold_is_refused():
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings.dev"],
        cwd=ROOT,
        env={**os.environ, "SMALL_CELL_THRESHOLD": "cinq"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SMALL_CELL_THRESHOLD" in result.stderr
