"""Pure functions: data in, text or rich renderables out. Nothing here reads or writes files."""
