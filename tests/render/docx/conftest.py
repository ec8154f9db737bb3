"""The sample document rendered once to .docx for the Word renderer's tests."""

from __future__ import annotations

import docx
import pytest
from docsample import sample_document

from briefkit.render.docx import render


@pytest.fixture(scope="session")
def sample(tmp_path_factory):
    """Render the sample document once (with a dedication); return (tree, path)."""
    tmp = tmp_path_factory.mktemp("docx")
    tree = sample_document(tmp)
    tree.cover.dedication = "敬呈 中国电子信息产业集团有限公司"
    path = tmp / "sample.docx"
    assert render(tree, path) is None
    return tree, path


@pytest.fixture(scope="session")
def word(sample):
    return docx.Document(str(sample[1]))
