"""Reading and checking scene packs. Never imports Textual."""

from .citations import Quote
from .diagnostics import CODES, Diagnostic, PackError, Severity
from .loader import Pack, load_pack

__all__ = ["CODES", "Diagnostic", "Pack", "PackError", "Quote", "Severity", "load_pack"]
