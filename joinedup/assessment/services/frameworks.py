"""Frameworks as data: the shipped 7S framework, import and export of a version as YAML or
JSON, adapting a copy, drafting, editing and publishing (docs/assessment.md, "Frameworks").

A framework version is one document (the format below); `validate_document` checks a whole
document and names the path of every bad field ("elements[2].questions[4] (style-5): enter
the not-in-place descriptor"), and nothing is written unless the whole document is valid.
The shared import pipeline (`core.imports`) is row-tabular, so a nested document does not
fit it; this module keeps the one import function for frameworks.

A version is changed only while it is its partnership's own draft and no round uses it:
shipped frameworks, published versions and versions with rounds refuse (`VersionLocked`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from joinedup.assessment import analysis
from joinedup.assessment.models import (
    Element,
    ElementKind,
    Finding,
    Framework,
    FrameworkVersion,
    PaperSection,
    Question,
    VersionStatus,
)
from joinedup.core import audit
from joinedup.core.audit import Actor
from joinedup.core.conflicts import save_versioned
from joinedup.partnerships.models import Partnership

FORMAT = "joinedup.framework/1"
SHIPPED_DIR = Path(__file__).resolve().parent.parent / "data"
SHIPPED_FILES = (SHIPPED_DIR / "7s.yaml",)
SHIPPED_7S = "7s"
FORMATS = ("yaml", "json")

_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
_JSON_START = re.compile(r'^[\[{]\s*["\[{}\]]')
_METRIC = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
_TOP_FIELDS = (
    "format",
    "key",
    "title",
    "description",
    "notes",
    "points",
    "maturity_rule",
    "elements",
    "findings",
)
_ELEMENT_FIELDS = ("key", "title", "kind", "description", "questions")
_QUESTION_FIELDS = ("key", "text", "in_place", "partly", "not_in_place", "guidance", "practices", "metrics")
_FINDING_FIELDS = ("key", "section", "title", "text", "element", "questions", "metrics")
_POINT_KEYS = (analysis.IN_PLACE, analysis.PARTLY, analysis.NOT_IN_PLACE)
_DESCRIPTORS = {
    "in_place": "the in-place descriptor",
    "partly": "the partly-in-place descriptor",
    "not_in_place": "the not-in-place descriptor",
}

ELEMENT_EDIT_FIELDS = ("title", "kind", "description")
QUESTION_EDIT_FIELDS = ("text", "in_place", "partly", "not_in_place", "guidance", "practices", "metrics")
FINDING_EDIT_FIELDS = ("section", "title", "text", "element", "metrics")


class FrameworkDocumentError(ValidationError):
    """A framework document that may not be imported; `messages` names every problem by path."""


class VersionLocked(PermissionDenied):
    """The version may not be changed (shipped, published, or used by a round)."""


# ---------------------------------------------------------------------------
# The document: parsing and strict validation
# ---------------------------------------------------------------------------


def parse_document(raw: bytes | str) -> Any:
    """YAML or JSON text as plain data. Raises FrameworkDocumentError."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FrameworkDocumentError(["The file must be saved as UTF-8 text"]) from exc
    text = raw.strip()
    if text.startswith(("{", "[")):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            # YAML's flow style ({key: 7s, ...}) starts the same way; quoted names mean JSON.
            if not _JSON_START.match(text):
                try:
                    return yaml.safe_load(text)
                except yaml.YAMLError:
                    pass
            raise FrameworkDocumentError(
                [f"The file is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"]
            ) from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "it cannot be read"
        raise FrameworkDocumentError([f"The file is not valid YAML: {problem}{where}"]) from exc


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}" if path else message[:1].upper() + message[1:])

    def mapping(self, value: Any, path: str, allowed: Sequence[str], what: str) -> dict | None:
        if not isinstance(value, Mapping):
            self.add(path, f"must be {what} (a set of named fields)")
            return None
        for name in value:
            if name not in allowed:
                self.add(path, f"'{name}' is not a field of {what}; use {', '.join(allowed)}")
        return dict(value)

    def text(self, obj: Mapping, name: str, path: str, *, required: str = "", max_length: int = 0) -> str:
        value = obj.get(name)
        if value is None or value == "":
            if required:
                self.add(path, f"enter {required}")
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.add(path, f"'{name}' must be text")
            return ""
        value = " ".join(str(value).split()) if name in ("key", "title") else str(value).strip()
        if max_length and len(value) > max_length:
            self.add(path, f"'{name}' must be {max_length} characters or fewer")
        return value

    def key(self, obj: Mapping, path: str, *, what: str, max_length: int, seen: set[str]) -> str:
        value = self.text(obj, "key", path, required=f"the {what}'s key")
        if value and not _SLUG.match(value):
            self.add(path, f"the key '{value}' may contain only letters, numbers, hyphens and underscores")
        elif len(value) > max_length:
            self.add(path, f"the key '{value}' must be {max_length} characters or fewer")
        elif value in seen:
            self.add(path, f"the key '{value}' is used more than once")
        seen.add(value)
        return value

    def practices(self, obj: Mapping, path: str) -> list[int]:
        value = obj.get("practices") or []
        if not isinstance(value, list) or any(
            isinstance(n, bool) or not isinstance(n, int) or n < 1 for n in value
        ):
            self.add(path, "'practices' must be a list of practice numbers (whole numbers from 1)")
            return []
        if len(set(value)) != len(value):
            self.add(path, "'practices' lists a practice more than once")
        return list(value)

    def metrics(self, obj: Mapping, path: str) -> list[str]:
        value = obj.get("metrics") or []
        if not isinstance(value, list) or any(not isinstance(k, str) for k in value):
            self.add(path, "'metrics' must be a list of evidence metric keys")
            return []
        for key in value:
            if not _METRIC.match(key):
                self.add(
                    path, f"'{key}' is not an evidence metric key (room.name, e.g. strategy.joint_actions)"
                )
        if len(set(value)) != len(value):
            self.add(path, "'metrics' lists a metric more than once")
        return list(value)


def _at(path: str, key: str) -> str:
    return f"{path} ({key})" if key else path


def validate_document(data: Any) -> dict[str, Any]:
    """Check a whole framework document and return it normalised (every field present, in a
    fixed order). Raises FrameworkDocumentError naming the path of every problem."""
    check = _Checker()
    top = check.mapping(data, "", _TOP_FIELDS, "a framework document")
    if top is None:
        raise FrameworkDocumentError(check.problems)
    if top.get("format", FORMAT) != FORMAT:
        check.add("format", f"this file is in the format '{top.get('format')}'; expected '{FORMAT}'")
    doc: dict[str, Any] = {
        "format": FORMAT,
        "key": check.key(top, "", what="framework", max_length=60, seen=set()),
        "title": check.text(top, "title", "", required="the framework's title", max_length=200),
        "description": check.text(top, "description", ""),
        "notes": check.text(top, "notes", ""),
        "points": _points(check, top.get("points")),
        "maturity_rule": _maturity_rule(check, top.get("maturity_rule")),
        "elements": [],
        "findings": [],
    }
    elements = top.get("elements")
    if not isinstance(elements, list) or not elements:
        check.add("elements", "enter at least one element, each with its questions")
        elements = []
    element_keys: set[str] = set()
    question_keys: set[str] = set()
    for e_index, raw_element in enumerate(elements):
        path = f"elements[{e_index}]"
        element = check.mapping(raw_element, path, _ELEMENT_FIELDS, "an element")
        if element is None:
            continue
        e_key = check.key(element, path, what="element", max_length=40, seen=element_keys)
        path = _at(path, e_key)
        kind = element.get("kind") or ElementKind.OTHER
        if kind not in ElementKind.values:
            check.add(path, f"the kind '{kind}' is not one of {', '.join(ElementKind.values)}")
        out: dict[str, Any] = {
            "key": e_key,
            "title": check.text(element, "title", path, required="the element's title", max_length=200),
            "kind": kind,
            "description": check.text(element, "description", path),
            "questions": [],
        }
        questions = element.get("questions")
        if not isinstance(questions, list) or not questions:
            check.add(path, "enter at least one question")
            questions = []
        for q_index, raw_question in enumerate(questions):
            q_path = f"elements[{e_index}].questions[{q_index}]"
            question = check.mapping(raw_question, q_path, _QUESTION_FIELDS, "a question")
            if question is None:
                continue
            q_key = check.key(question, q_path, what="question", max_length=40, seen=question_keys)
            q_path = _at(q_path, q_key)
            out["questions"].append(
                {
                    "key": q_key,
                    "text": check.text(question, "text", q_path, required="the question"),
                    **{
                        name: check.text(question, name, q_path, required=label)
                        for name, label in _DESCRIPTORS.items()
                    },
                    "guidance": check.text(question, "guidance", q_path),
                    "practices": check.practices(question, q_path),
                    "metrics": check.metrics(question, q_path),
                }
            )
        doc["elements"].append(out)
    findings = top.get("findings") or []
    if not isinstance(findings, list):
        check.add("findings", "must be a list of findings")
        findings = []
    finding_keys: set[str] = set()
    question_order = {q["key"]: n for n, q in enumerate(q for e in doc["elements"] for q in e["questions"])}
    for f_index, raw_finding in enumerate(findings):
        path = f"findings[{f_index}]"
        finding = check.mapping(raw_finding, path, _FINDING_FIELDS, "a finding")
        if finding is None:
            continue
        f_key = check.key(finding, path, what="finding", max_length=60, seen=finding_keys)
        path = _at(path, f_key)
        section = finding.get("section")
        if section not in PaperSection.values:
            check.add(path, f"choose the paper section: one of {', '.join(PaperSection.values)}")
        element_key = finding.get("element") or None
        if element_key is not None and element_key not in element_keys:
            check.add(path, f"the element '{element_key}' is not one of this framework's elements")
        linked = finding.get("questions") or []
        if not isinstance(linked, list):
            check.add(path, "'questions' must be a list of question keys")
            linked = []
        for q_key in linked:
            if q_key not in question_keys:
                check.add(path, f"the question '{q_key}' is not one of this framework's questions")
        if len(set(linked)) != len(linked):
            check.add(path, "'questions' lists a question more than once")
        # Kept in the framework's order, as the database gives them back.
        linked = sorted(linked, key=lambda k: question_order.get(k, len(question_order)))
        doc["findings"].append(
            {
                "key": f_key,
                "section": section,
                "title": check.text(finding, "title", path, required="the finding in brief", max_length=300),
                "text": check.text(finding, "text", path),
                "element": element_key,
                "questions": list(linked),
                "metrics": check.metrics(finding, path),
            }
        )
    if check.problems:
        raise FrameworkDocumentError(check.problems)
    return doc


def _points(check: _Checker, value: Any) -> dict[str, float]:
    if value is None:
        return dict(analysis.DEFAULT_POINTS)
    if not isinstance(value, Mapping) or set(value) != set(_POINT_KEYS):
        check.add("points", f"give the points for exactly {', '.join(_POINT_KEYS)}")
        return dict(analysis.DEFAULT_POINTS)
    if any(isinstance(v, bool) or not isinstance(v, int | float) or v < 0 for v in value.values()):
        check.add("points", "each answer's points must be a number, 0 or more")
        return dict(analysis.DEFAULT_POINTS)
    # Scores are read on a 0 to 2 scale (green at 1.5, red below 0.5), so "in place" is 2 and
    # the answers rise strictly: 0 <= not in place < partly in place < in place = 2.
    low, mid, top = value[analysis.NOT_IN_PLACE], value[analysis.PARTLY], value[analysis.IN_PLACE]
    if top != analysis.MAX_POINTS or not (0 <= low < mid < top):
        check.add(
            "points",
            "points must rise from not in place to in place, with in place 2: "
            "0 <= not in place < partly in place < in place = 2",
        )
        return dict(analysis.DEFAULT_POINTS)
    return {k: value[k] for k in _POINT_KEYS}


def _maturity_rule(check: _Checker, value: Any) -> dict[str, Any]:
    if value is None:
        return analysis.MaturityRule().to_data()
    if not isinstance(value, Mapping) or not set(value) <= {"bounds", "cap_level"}:
        check.add("maturity_rule", "give 'bounds' (three rising mean scores) and 'cap_level'")
        return analysis.MaturityRule().to_data()
    try:
        return analysis.MaturityRule.from_data(value).to_data()
    except (TypeError, ValueError) as exc:
        check.add("maturity_rule", str(exc).rstrip(".").lower())
        return analysis.MaturityRule().to_data()


def content_hash(doc: Mapping[str, Any]) -> str:
    """The hash of a normalised document: formatting, comments and YAML or JSON make no difference."""
    canonical = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------
# Reading a version back as a document; export
# ---------------------------------------------------------------------------


def to_document(version: FrameworkVersion) -> dict[str, Any]:
    """A version as a normalised document (the same shape `validate_document` returns)."""
    framework = version.framework
    elements = list(version.elements.order_by("position", "pk").prefetch_related("questions"))
    findings = list(
        version.findings.order_by("position", "pk").select_related("element").prefetch_related("questions")
    )
    return {
        "format": FORMAT,
        "key": framework.key,
        "title": framework.title,
        "description": framework.description,
        "notes": version.notes,
        "points": {k: version.points.get(k, analysis.DEFAULT_POINTS[k]) for k in _POINT_KEYS},
        "maturity_rule": analysis.MaturityRule.from_data(version.maturity_rule).to_data(),
        "elements": [
            {
                "key": element.key,
                "title": element.title,
                "kind": element.kind,
                "description": element.description,
                "questions": [
                    {
                        "key": q.key,
                        "text": q.text,
                        "in_place": q.in_place,
                        "partly": q.partly,
                        "not_in_place": q.not_in_place,
                        "guidance": q.guidance,
                        "practices": list(q.practices),
                        "metrics": list(q.metrics),
                    }
                    for q in sorted(element.questions.all(), key=lambda q: (q.position, q.pk))
                ],
            }
            for element in elements
        ],
        "findings": [
            {
                "key": f.key,
                "section": f.section,
                "title": f.title,
                "text": f.text,
                "element": f.element.key if f.element is not None else None,
                "questions": [
                    q.key for q in f.questions.all()
                ],  # Question.Meta.ordering: the framework's order
                "metrics": list(f.metrics),
            }
            for f in findings
        ],
    }


def dump_document(doc: Mapping[str, Any], fmt: str) -> bytes:
    """A document as YAML or JSON text."""
    if fmt == "json":
        return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if fmt == "yaml":
        return yaml.safe_dump(dict(doc), sort_keys=False, allow_unicode=True, width=100).encode("utf-8")
    raise ValueError(f"Unknown export format {fmt!r}; use one of {FORMATS}")


def export_version(version: FrameworkVersion, fmt: str) -> bytes:
    """A version as a YAML or JSON document that `import_framework` reads back unchanged."""
    return dump_document(to_document(version), fmt)


def export_name(version: FrameworkVersion, fmt: str) -> str:
    return f"{version.framework.key}-version-{version.number}.{fmt}"


# ---------------------------------------------------------------------------
# Writing a version from a document
# ---------------------------------------------------------------------------


def _next_number(framework: Framework) -> int:
    return (framework.versions.aggregate(n=Max("number"))["n"] or 0) + 1


def _write_version(
    framework: Framework, doc: Mapping[str, Any], *, status: str, notes: str
) -> FrameworkVersion:
    """Create a version with its elements, questions and findings (a validated document)."""
    now = timezone.now()
    version = FrameworkVersion(
        framework=framework,
        number=_next_number(framework),
        status=status,
        notes=notes,
        points=dict(doc["points"]),
        maturity_rule=dict(doc["maturity_rule"]),
        content_hash=content_hash(doc),
        published_at=now if status == VersionStatus.PUBLISHED else None,
    )
    version.full_clean()
    version.save()
    elements = Element.objects.bulk_create(
        Element(
            version=version,
            key=e["key"],
            title=e["title"],
            kind=e["kind"],
            description=e["description"],
            position=position,
        )
        for position, e in enumerate(doc["elements"], start=1)
    )
    element_by_key = {element.key: element for element in elements}
    questions = Question.objects.bulk_create(
        Question(
            element=element_by_key[e["key"]],
            key=q["key"],
            position=position,
            text=q["text"],
            in_place=q["in_place"],
            partly=q["partly"],
            not_in_place=q["not_in_place"],
            guidance=q["guidance"],
            practices=list(q["practices"]),
            metrics=list(q["metrics"]),
        )
        for e in doc["elements"]
        for position, q in enumerate(e["questions"], start=1)
    )
    question_by_key = {question.key: question for question in questions}
    findings = Finding.objects.bulk_create(
        Finding(
            version=version,
            key=f["key"],
            position=position,
            section=f["section"],
            title=f["title"],
            text=f["text"],
            element=element_by_key.get(f["element"] or ""),
            metrics=list(f["metrics"]),
        )
        for position, f in enumerate(doc["findings"], start=1)
    )
    links = Finding.questions.through
    links.objects.bulk_create(
        links(finding_id=finding.pk, question_id=question_by_key[q_key].pk)
        for finding, f in zip(findings, doc["findings"], strict=True)
        for q_key in f["questions"]
    )
    return version


def _actor(user: Any) -> Actor:
    return Actor.for_user(user) if user is not None else Actor.system("Framework loader")


def import_framework(
    *, partnership: Partnership, data: bytes | str | Mapping[str, Any], user: Any
) -> FrameworkVersion:
    """A YAML or JSON document (or the data already parsed) as a new draft version of the
    partnership's framework with the document's key (created if new). All or nothing:
    raises FrameworkDocumentError, naming every problem by path, and writes nothing."""
    parsed = data if isinstance(data, Mapping) else parse_document(data)
    doc = validate_document(parsed)
    with transaction.atomic():
        framework = partnership.frameworks.filter(key=doc["key"]).first()
        if framework is None:
            framework = Framework(partnership=partnership, key=doc["key"], created_by=user)
        framework.title, framework.description = doc["title"], doc["description"]
        framework.full_clean()
        framework.save()
        version = _write_version(framework, doc, status=VersionStatus.DRAFT, notes=doc["notes"])
        audit.record(
            action="assessment.framework.imported",
            actor=_actor(user),
            partnership_id=partnership.pk,
            target=version,
            summary=f"Imported {framework.title} as draft version {version.number}.",
            after={
                "elements": len(doc["elements"]),
                "questions": _question_count(doc),
                "findings": len(doc["findings"]),
            },
        )
    return version


def _question_count(doc: Mapping[str, Any]) -> int:
    return sum(len(e["questions"]) for e in doc["elements"])


# ---------------------------------------------------------------------------
# The shipped frameworks
# ---------------------------------------------------------------------------


def shipped_document(path: Path = SHIPPED_FILES[0]) -> dict[str, Any]:
    return validate_document(parse_document(path.read_bytes()))


def install_shipped(paths: Iterable[Path] = SHIPPED_FILES) -> list[FrameworkVersion]:
    """Make the shipped frameworks match their files. Idempotent: a file whose content (by
    hash) is the latest version's writes nothing; a changed file adds a new published version,
    so versions that rounds use are never edited. Returns the current version of each."""
    current = []
    for path in paths:
        doc = shipped_document(path)
        digest = content_hash(doc)
        with transaction.atomic():
            framework = Framework.objects.filter(partnership__isnull=True, key=doc["key"]).first()
            latest = framework.versions.order_by("-number").first() if framework else None
            if latest is not None and latest.content_hash == digest:
                current.append(latest)
                continue
            if framework is None:
                framework = Framework(partnership=None, key=doc["key"])
            framework.title, framework.description = doc["title"], doc["description"]
            framework.full_clean()
            framework.save()
            # Shipped frameworks are reference data installed with the release (like the
            # reference geography): no audit entry; the version keeps its file's content hash
            # and install time as its provenance. Every partnership's change is audited.
            version = _write_version(framework, doc, status=VersionStatus.PUBLISHED, notes=doc["notes"])
            current.append(version)
    return current


def shipped_7s() -> FrameworkVersion:
    """The current published version of the shipped 7S framework (installed if missing)."""
    version = (
        FrameworkVersion.objects.filter(
            framework__partnership__isnull=True, framework__key=SHIPPED_7S, status=VersionStatus.PUBLISHED
        )
        .select_related("framework")
        .order_by("-number")
        .first()
    )
    if version is None:
        install_shipped()
        return shipped_7s()
    return version


# ---------------------------------------------------------------------------
# Adapting, drafting, publishing
# ---------------------------------------------------------------------------


def _require_visible(partnership: Partnership, version: FrameworkVersion) -> None:
    owner = version.framework.partnership_id
    if owner is not None and owner != partnership.pk:
        raise PermissionDenied("This framework belongs to another partnership")


def _require_own(partnership: Partnership, version: FrameworkVersion) -> None:
    if version.framework.partnership_id is None:
        raise VersionLocked("Shipped frameworks cannot be changed. Adapt a copy for the partnership instead.")
    if version.framework.partnership_id != partnership.pk:
        raise PermissionDenied("This framework belongs to another partnership")


def locked_reason(partnership: Partnership, version: FrameworkVersion, *, rounds: int | None = None) -> str:
    """Why the partnership may not edit this version ("" when it may). `rounds`: the number
    of rounds using it, if the caller has counted them already."""
    if version.framework.partnership_id is None:
        return "Shipped frameworks cannot be changed. Adapt a copy for the partnership instead."
    if version.framework.partnership_id != partnership.pk:
        return "This framework belongs to another partnership."
    in_use = version.rounds.exists() if rounds is None else rounds > 0
    if in_use:
        return "A round uses this version, so it can never be changed. Start a new draft from it instead."
    if version.status != VersionStatus.DRAFT:
        return "Published versions cannot be changed. Start a new draft from it instead."
    return ""


def _require_editable(partnership: Partnership, version: FrameworkVersion) -> None:
    _require_own(partnership, version)
    reason = locked_reason(partnership, version)
    if reason:
        raise VersionLocked(reason)


def adapt(*, partnership: Partnership, version: FrameworkVersion, user: Any) -> FrameworkVersion:
    """A draft copy of a version (shipped or the partnership's own) in the partnership's own
    framework of the same key, remembering where it was adapted from."""
    _require_visible(partnership, version)
    if version.framework.partnership_id == partnership.pk:
        return new_draft(partnership=partnership, version=version, user=user)
    doc = to_document(version)
    with transaction.atomic():
        framework = partnership.frameworks.filter(key=doc["key"]).first()
        if framework is None:
            framework = Framework(
                partnership=partnership,
                key=doc["key"],
                title=doc["title"],
                description=doc["description"],
                created_by=user,
            )
        framework.adapted_from = version
        framework.full_clean()
        framework.save()
        draft = _write_version(
            framework,
            doc,
            status=VersionStatus.DRAFT,
            notes=f"Adapted from {version.framework.title}, version {version.number}.",
        )
        audit.record(
            action="assessment.framework.adapted",
            actor=_actor(user),
            partnership_id=partnership.pk,
            target=draft,
            summary=f"Adapted {version} as draft version {draft.number} of the partnership's own framework.",
        )
    return draft


def new_draft(*, partnership: Partnership, version: FrameworkVersion, user: Any) -> FrameworkVersion:
    """A new draft version of the partnership's own framework, copied from one of its versions."""
    _require_own(partnership, version)
    doc = to_document(version)
    with transaction.atomic():
        draft = _write_version(
            version.framework,
            doc,
            status=VersionStatus.DRAFT,
            notes=f"Drafted from version {version.number}.",
        )
        audit.record(
            action="assessment.framework_version.drafted",
            actor=_actor(user),
            partnership_id=partnership.pk,
            target=draft,
            summary=f"Started draft version {draft.number} from version {version.number}.",
        )
    return draft


def publish(*, partnership: Partnership, version: FrameworkVersion, user: Any) -> FrameworkVersion:
    """Make a draft usable by rounds. The draft is checked as a whole document first."""
    _require_editable(partnership, version)
    doc = validate_document(to_document(version))
    with transaction.atomic():
        version.status = VersionStatus.PUBLISHED
        version.published_at = timezone.now()
        version.content_hash = content_hash(doc)
        version.full_clean()
        version.save(update_fields=["status", "published_at", "content_hash"])
        audit.record(
            action="assessment.framework_version.published",
            actor=_actor(user),
            partnership_id=partnership.pk,
            target=version,
            summary=f"Published {version}.",
        )
    return version


# ---------------------------------------------------------------------------
# Editing a draft: elements, questions, findings (edit conflicts detected by `revision`)
# ---------------------------------------------------------------------------


def clean_practices(value: Iterable[Any]) -> list[int]:
    check = _Checker()
    practices = check.practices({"practices": list(value)}, "")
    if check.problems:
        raise ValidationError(
            {"practices": "Enter practice numbers as whole numbers from 1, separated by commas"}
        )
    return practices


def clean_metrics(value: Iterable[Any]) -> list[str]:
    check = _Checker()
    metrics = check.metrics({"metrics": list(value)}, "")
    if check.problems:
        raise ValidationError({"metrics": check.problems[0]})
    return metrics


def _edit(
    *,
    partnership: Partnership,
    version: FrameworkVersion,
    obj: Element | Question | Finding,
    user: Any,
    expected_version: int,
    fields: Mapping[str, Any],
    allowed: Sequence[str],
    what: str,
) -> list[str]:
    _require_editable(partnership, version)
    names = [name for name in allowed if name in fields]
    before = audit.snapshot(obj, names)
    for name in names:
        setattr(obj, name, fields[name])
    obj.full_clean()
    save_versioned(obj, expected_version=expected_version, fields=names, counter="revision")
    audit.record(
        action=f"assessment.framework_{what}.updated",
        actor=_actor(user),
        partnership_id=partnership.pk,
        target=obj,
        summary=f"Changed the {what} {getattr(obj, 'key', '')} in draft version {version.number}.",
        before=before,
        after=audit.snapshot(obj, names),
    )
    return names


def update_element(
    *, partnership: Partnership, element: Element, user: Any, expected_version: int, fields: Mapping[str, Any]
) -> Element:
    with transaction.atomic():
        _edit(
            partnership=partnership,
            version=element.version,
            obj=element,
            user=user,
            expected_version=expected_version,
            fields=fields,
            allowed=ELEMENT_EDIT_FIELDS,
            what="element",
        )
    return element


def update_question(
    *,
    partnership: Partnership,
    question: Question,
    user: Any,
    expected_version: int,
    fields: Mapping[str, Any],
) -> Question:
    cleaned = dict(fields)
    if "practices" in cleaned:
        cleaned["practices"] = clean_practices(cleaned["practices"])
    if "metrics" in cleaned:
        cleaned["metrics"] = clean_metrics(cleaned["metrics"])
    for name, label in _DESCRIPTORS.items():
        if name in cleaned and not str(cleaned[name]).strip():
            raise ValidationError({name: f"Enter {label}"})
    with transaction.atomic():
        _edit(
            partnership=partnership,
            version=question.element.version,
            obj=question,
            user=user,
            expected_version=expected_version,
            fields=cleaned,
            allowed=QUESTION_EDIT_FIELDS,
            what="question",
        )
    return question


def update_finding(
    *,
    partnership: Partnership,
    finding: Finding,
    user: Any,
    expected_version: int,
    fields: Mapping[str, Any],
    questions: Iterable[Question] | None = None,
) -> Finding:
    cleaned = dict(fields)
    if "metrics" in cleaned:
        cleaned["metrics"] = clean_metrics(cleaned["metrics"])
    element = cleaned.get("element")
    if element is not None and element.version_id != finding.version_id:
        raise ValidationError({"element": "Choose one of this version's elements"})
    chosen = list(questions) if questions is not None else None
    if chosen is not None and any(q.element.version_id != finding.version_id for q in chosen):
        raise ValidationError({"questions": "Choose questions of this version"})
    with transaction.atomic():
        _edit(
            partnership=partnership,
            version=finding.version,
            obj=finding,
            user=user,
            expected_version=expected_version,
            fields=cleaned,
            allowed=FINDING_EDIT_FIELDS,
            what="finding",
        )
        if chosen is not None:
            finding.questions.set(chosen)
    return finding
