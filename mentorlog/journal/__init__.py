"""The journal as a whole: creating, opening and listing it, the demo, imports, ids, what people type,
shell completion, editing any entry, and the files mentorlog writes."""
