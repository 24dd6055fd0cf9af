"""The journal file is described once (journal/export_format.py): EXPORT_FORMAT.md names
every key the models have and no other, with the same limits, and what Tend exports is what
the models read back."""

import re
import typing
from pathlib import Path

from annotated_types import MaxLen
from django.conf import settings
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from journal.exchange import export_data
from journal.export_format import ExportDocument, read_document
from journal.services import create_entry

DOC = Path(settings.BASE_DIR) / "journal" / "EXPORT_FORMAT.md"
ROW = re.compile(r"^\| `([^`]+)` \| (.*) \|$")


def longest(metadata) -> int | None:
    for item in metadata:
        if isinstance(item, MaxLen):
            return item.max_length
        if isinstance(item, FieldInfo) and (found := longest(item.metadata)) is not None:
            return found
    return None


def model_keys(model: type[BaseModel], prefix: str = "") -> dict[str, int | None]:
    """Every key of the document, as EXPORT_FORMAT.md writes it, with its longest length."""
    keys = {}
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        limit = longest(info.metadata)
        annotation = info.annotation
        if typing.get_origin(annotation) is list:
            (item,) = typing.get_args(annotation)
            # A list of texts (tags, choices): the limit is each text's.
            keys[path] = longest(typing.get_args(item)[1:]) if item is not str else None
            if isinstance(item, type) and issubclass(item, BaseModel):
                keys.update(model_keys(item, f"{path}[]."))
            continue
        keys[path] = limit
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            keys.update(model_keys(annotation, f"{path}."))
    return keys


def documented_keys() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    table = text.split("## The keys", 1)[1].split("\n## ", 1)[0]
    return {match[1]: match[2] for line in table.splitlines() if (match := ROW.match(line))}


def test_every_key_of_the_models_is_documented_and_every_documented_key_exists():
    documented, described = documented_keys(), model_keys(ExportDocument)
    assert len(described) > 50
    assert sorted(documented) == sorted(described)


def test_the_documented_lengths_are_the_models_lengths():
    described = model_keys(ExportDocument)
    for key, words in documented_keys().items():
        said = re.search(r"up to ([\d,]+) characters", words)
        if said:
            assert described[key] == int(said[1].replace(",", "")), key
        elif described[key] is not None:
            raise AssertionError(f"{key}: the doc doesn't say its limit of {described[key]}")


def test_what_tend_exports_is_what_the_models_read(make_person):
    robin = make_person("robin")
    create_entry(robin, title="Sunday", body="Tea in the garden.", feeling=6, tags=["family"])
    data = export_data(robin)
    reading = read_document(data)
    assert reading.problems == []
    assert list(data) == list(ExportDocument.model_fields)
    assert reading.document.entries[0].title == "Sunday"
    assert reading.document.model_dump(mode="json") == data
