"""The use cases: what `init`, `status`, `agenda`, `merge` … mean. No typer, rich or jinja2."""
