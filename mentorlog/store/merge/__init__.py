"""The merge in one place: a partner's records joined into this journal, field by field.

`model` holds the record and outcome types and the versions every field carries; `join` joins
two copies of a record; `conflict` finds what both sides changed and refuses what may never be
undone; `apply` writes a bundle's records in the merge's one transaction; `renumber` settles two
records that share a number; `cursor` keeps what this journal knows of its exchanges.
"""
