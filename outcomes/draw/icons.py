"""Making Data Count's variation and assurance icons, one design for the screen and print.

A circle per verdict, told apart by shape and letter as well as shade, so that greyscale
and colour-blind readers keep the meaning: filled for improving (or a rise or fall with no
better direction), an open thick ring for getting worse, a thin grey ring for no
significant change; the letter says which side (H high, L low). A target's assurance is a
thin dark ring with P (will be met), F (will be missed) or ? (hit and miss).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

LOOKS = {"improvement": ("filled", "#1f4e9c"), "concern": ("ring", "#b45309"),
         "neither": ("filled", "#6b3fa0"), "common": ("thin", "#5f5f5f")}
ASSURANCE_LETTER = {"pass": "P", "fail": "F", "hit_and_miss": "?"}


@dataclass(frozen=True)
class Icon:
    look: str        # filled, ring or thin
    colour: str
    letter: str


def variation_icon(variation: str | None) -> Icon | None:
    if not variation:
        return None
    kind = variation.split("_")[0]
    look, colour = LOOKS["common" if kind == "common" else kind]
    letter = "–" if kind == "common" else variation.rsplit("_", 1)[1][0].upper()
    return Icon(look, colour, letter)


def assurance_icon(assurance: str | None) -> Icon | None:
    letter = ASSURANCE_LETTER.get(assurance or "")
    return Icon("thin", "#1f1f1f", letter) if letter else None


def verdict_icons(variation: str | None, assurance: str | None) -> list[Icon]:
    return [i for i in (variation_icon(variation), assurance_icon(assurance)) if i]


def svg(icon: Icon | None, size: int = 22) -> str:
    """The icon as an SVG document ("" for none)."""
    if icon is None:
        return ""
    r = size / 2 - 1.5
    filled = icon.look == "filled"
    stroke = 3 if icon.look == "ring" else 1.4
    text = "#ffffff" if filled else icon.colour
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
            f'viewBox="0 0 {size} {size}"><circle cx="{size / 2}" cy="{size / 2}" r="{r}" '
            f'fill="{icon.colour if filled else "#ffffff"}" stroke="{icon.colour}" '
            f'stroke-width="{stroke}"/><text x="50%" y="50%" dominant-baseline="central" '
            f'text-anchor="middle" font-family="Arial, sans-serif" font-weight="bold" '
            f'font-size="{size * 0.5:.0f}" fill="{text}">{icon.letter}</text></svg>')


def data_url(icon: Icon | None, size: int = 22) -> str | None:
    """The icon as a data URL for an image cell (served by nothing but the page itself)."""
    return None if icon is None else as_data_url(svg(icon, size))


def sparkline_svg(values: list[float | None], width: int = 96, height: int = 26,
                  colour: str = "#1f1f1f") -> str:
    """A line of the last quarters' values, broken where a value is hidden or missing; the
    last point marked. Scaled to its own range: it shows the shape, the table the numbers."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return ""
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = (width - 6) / max(1, len(values) - 1)

    def xy(i: int, v: float) -> str:
        return f"{3 + i * step:.1f},{height - 3 - (v - low) / span * (height - 6):.1f}"

    runs, run = [], []
    for i, v in enumerate(values):
        if v is None:
            runs, run = (runs + [run]) if run else runs, []
        else:
            run.append(xy(i, v))
    runs += [run] if run else []
    lines = "".join(f'<polyline points="{" ".join(r)}" fill="none" stroke="{colour}" '
                    f'stroke-width="1.8"/>' for r in runs if len(r) > 1)
    last = next((i, v) for i, v in reversed(list(enumerate(values))) if v is not None)
    cx, cy = xy(*last).split(",")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">{lines}<circle cx="{cx}" cy="{cy}" r="2.6" '
            f'fill="{colour}"/></svg>')


def as_data_url(svg_text: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg_text.encode()).decode()
