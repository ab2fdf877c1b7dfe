"""Local development: `make run` serves the product as users see it, DEBUG off (French error pages,
static files through WhiteNoise); DEBUG=1 turns Django's debug pages on for developers."""

from config.settings.base import *  # noqa: F403
from config.settings.env import env_bool

DEBUG = env_bool("DEBUG", False)
ESSAIM_DEMO_DATA = True  # `make demo`: demo accounts with their known password, fictitious people

# WhiteNoise serves static files from the apps' folders, as they change, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
