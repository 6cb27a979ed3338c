"""The only layer that knows SQL and sqlite-utils; it returns plain dicts and model objects."""
