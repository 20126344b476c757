"""Properties of the framework document format (pure, no database): any valid document
survives being written as YAML or JSON and read back, whatever its text contains."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from joinedup.assessment.services import frameworks

# Text as people type it: any printable characters, including quotes, colons, hashes and
# non-ASCII, but no leading or trailing space (the validator strips it).
words = (
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)
titles = words.map(lambda t: " ".join(t.split())).filter(bool)


@st.composite
def documents(draw):
    element_count = draw(st.integers(min_value=1, max_value=3))
    elements = []
    for e in range(element_count):
        questions = [
            {
                "key": f"e{e}-{n}",
                "text": draw(words),
                "in_place": draw(words),
                "partly": draw(words),
                "not_in_place": draw(words),
                "guidance": draw(st.one_of(st.just(""), words)),
                "practices": draw(st.lists(st.integers(1, 47), unique=True, max_size=3)),
                "metrics": draw(
                    st.lists(
                        st.sampled_from(["strategy.joint_actions", "governance.reporting_rhythm"]),
                        unique=True,
                    )
                ),
            }
            for n in range(1, draw(st.integers(1, 3)) + 1)
        ]
        elements.append(
            {
                "key": f"e{e}",
                "title": draw(titles),
                "kind": draw(st.sampled_from(["centre", "transformational", "transactional", "other"])),
                "description": draw(st.one_of(st.just(""), words)),
                "questions": questions,
            }
        )
    keys = [q["key"] for e in elements for q in e["questions"]]
    findings = [
        {
            "key": f"f{n}",
            "section": draw(
                st.sampled_from(
                    ["evolving", "framework", "transformational", "transactional", "looking_forward"]
                )
            ),
            "title": draw(titles),
            "text": draw(st.one_of(st.just(""), words)),
            "element": draw(st.one_of(st.none(), st.sampled_from([e["key"] for e in elements]))),
            "questions": draw(st.lists(st.sampled_from(keys), unique=True, max_size=3)),
            "metrics": [],
        }
        for n in range(draw(st.integers(0, 3)))
    ]
    return {"key": "generated", "title": draw(titles), "elements": elements, "findings": findings}


@settings(max_examples=60, deadline=None)
@given(documents(), st.sampled_from(frameworks.FORMATS))
def test_any_valid_document_reads_back_unchanged_from_yaml_or_json(raw, fmt):
    doc = frameworks.validate_document(raw)
    text = frameworks.dump_document(doc, fmt)
    assert frameworks.validate_document(frameworks.parse_document(text)) == doc
    assert frameworks.content_hash(frameworks.validate_document(frameworks.parse_document(text))) == (
        frameworks.content_hash(doc)
    )


@settings(max_examples=30, deadline=None)
@given(documents())
def test_the_content_hash_does_not_depend_on_the_format(raw):
    doc = frameworks.validate_document(raw)
    from_yaml = frameworks.validate_document(frameworks.parse_document(frameworks.dump_document(doc, "yaml")))
    from_json = frameworks.validate_document(frameworks.parse_document(frameworks.dump_document(doc, "json")))
    assert frameworks.content_hash(from_yaml) == frameworks.content_hash(from_json)
