"""Questions asked across the whole project: text search, autocoding, code co-occurrence."""
