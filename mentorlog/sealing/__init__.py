"""The cryptography: age files and streams, signatures on bundles, and pairing words."""
