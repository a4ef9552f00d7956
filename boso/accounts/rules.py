import rules

from boso.accounts.predicates import is_admin, is_logged_in

rules.add_perm("accounts.view_own_account", is_logged_in)
rules.add_perm("accounts.manage_own_tokens", is_logged_in)
rules.add_perm("accounts.view_user_list", is_admin)
