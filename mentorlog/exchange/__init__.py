"""What travels between the two journals: the bundle format and its checks, the merge, the news it
brings, the shared folder, pairing and the keys, and the owner's exports."""
