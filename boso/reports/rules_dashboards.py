"""Who sees the region's dashboard of a programme: Husbanken's advisors of the
programme's region, and admins (the object is the Programme). A municipality's
dashboard is checked with programmes.view_money on its participation, like the
participation page it summarises."""

from __future__ import annotations

import rules

from boso.reports.rules import manages_programme

rules.add_perm("reports.view_programme_dashboard", manages_programme)
