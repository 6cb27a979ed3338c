"""The shapes of the records and views that cross the layers: a row as the store reads it (one
key a column: `stored`), and the dicts the use cases hand to render and to `--json` (one key a
field of the JSON, in its order: `sessions` for the sessions and the agenda, `status` for the
dashboard and the morning view). `mypy` checks every key read or written against them.

For the type checker only: modules import them under `if TYPE_CHECKING:` (with `from __future__
import annotations`), so none is built when a command starts; at run time a row is a plain dict.
"""
