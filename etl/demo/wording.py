"""The demo's human-readable wording: children's comments, actions, service names...
kept as YAML in texts/ (shipped as package data) and read from there."""

from __future__ import annotations

from importlib import resources

import yaml


def read(name: str):
    """The parsed contents of texts/<name> (a YAML file)."""
    text = resources.files(__package__).joinpath("texts", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)
