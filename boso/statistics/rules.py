import rules

from boso.accounts.predicates import is_husbanken

# Official statistics are public: everybody, also anonymous visitors, may read them.
rules.add_perm("statistics.view_statistics", rules.always_allow)
# Importing writes the national store that every fact sheet reads: Husbanken only.
rules.add_perm("statistics.import_statistics", is_husbanken)
