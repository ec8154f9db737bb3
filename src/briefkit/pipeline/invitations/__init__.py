"""Personalised invitation packs: recipients file → plan (slug, sector chapter) → run → report and zip."""

from .package import REPORT_COLUMNS, REPORT_NAME, ZIP_NAME
from .plan import PackPlan, assign_slugs, plan, slugify
from .recipients import (COLUMNS, HEADER_ALIASES, Recipient, RecipientList, load_recipients,
                         read_recipients, recipients_from_rows)
from .run import InvitationRun, PackResult, Progress, run
from .sectors import DEFAULT_SECTOR, Sectors, load_sectors

__all__ = ["COLUMNS", "DEFAULT_SECTOR", "HEADER_ALIASES", "REPORT_COLUMNS", "REPORT_NAME", "ZIP_NAME",
           "InvitationRun", "PackPlan", "PackResult", "Progress", "Recipient", "RecipientList", "Sectors",
           "assign_slugs", "load_recipients", "load_sectors", "plan", "read_recipients",
           "recipients_from_rows", "run", "slugify"]
