"""ladders: an engineering career ladder as executable data, and leveling that runs on it."""

__version__ = "0.1.0"
