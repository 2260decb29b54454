"""The high-contrast theme (the ANSI themes and the rest come with Textual)."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = "summit-high-contrast"


def high_contrast_theme() -> Theme:
    """White on black, yellow and cyan accents, no mid-greys for text."""
    return Theme(
        name=HIGH_CONTRAST,
        primary="#FFFF00",
        secondary="#00FFFF",
        accent="#FFFF00",
        warning="#FFAA00",
        error="#FF5555",
        success="#55FF55",
        foreground="#FFFFFF",
        background="#000000",
        surface="#000000",
        panel="#1A1A1A",
        boost="#0A0A0A",
        dark=True,
        text_alpha=1.0,
        variables={
            "text-muted": "#DDDDDD",
            "text-disabled": "#BBBBBB",
            "block-cursor-foreground": "#000000",
            "block-cursor-background": "#FFFF00",
            "block-cursor-text-style": "bold",
            "footer-key-foreground": "#FFFF00",
            "footer-description-foreground": "#FFFFFF",
            "border": "#FFFFFF",
            "scrollbar": "#FFFFFF",
        },
    )


def toggle_high_contrast(app) -> None:
    """F2 in the game and on the projector: to the high-contrast theme and back to the one before it."""
    if app.theme == HIGH_CONTRAST:
        previous = getattr(app, "_previous_theme", "textual-dark")
        app.theme = previous if previous != HIGH_CONTRAST else "textual-dark"
    else:
        app._previous_theme = app.theme
        app.theme = HIGH_CONTRAST
