"""All test factories, in one package: one module per app, re-exported here."""

from .applications import *  # noqa: F403
from .events import *  # noqa: F403
from .participation import *  # noqa: F403
