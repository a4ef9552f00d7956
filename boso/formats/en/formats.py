# The English interface keeps Norwegian number and date formats: the figures are Norwegian.
from boso.formats.nb.formats import *  # noqa: F403
