"""briefkit: Chinese briefing packs (PDF + DOCX) from one curated fact base."""

__version__ = "0.1.0"
