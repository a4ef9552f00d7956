import rules

from boso.accounts.predicates import is_admin

# The register is public information: everybody, also anonymous visitors, may read it.
rules.add_perm("municipalities.view_register", rules.always_allow)
rules.add_perm("municipalities.load_register", is_admin)
