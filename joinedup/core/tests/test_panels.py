from django.template import Context, Template

from joinedup.core.panels import PanelRegistry, registry


def test_panels_are_ordered_and_hidden_when_context_is_none():
    reg = PanelRegistry()
    reg.register("home", key="b", template="b.html", context=lambda **kw: {"x": 1}, order=20)
    reg.register("home", key="a", template="a.html", context=lambda **kw: {"x": 2}, order=10)
    reg.register("home", key="hidden", template="c.html", context=lambda **kw: None, order=5)
    assert [panel.key for panel, _ in reg.render_data("home")] == ["a", "b"]


def test_registering_a_key_again_replaces_it():
    reg = PanelRegistry()
    reg.register("home", key="a", template="one.html", context=lambda **kw: {})
    reg.register("home", key="a", template="two.html", context=lambda **kw: {})
    assert [p.template for p in reg.for_slot("home")] == ["two.html"]


def test_a_lower_page_renders_what_a_higher_room_registered(tmp_path, settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    (tmp_path / "higher_panel.html").write_text("<section>{{ count }} outcomes for {{ name }}</section>")
    registry.register(
        "test.slot",
        key="higher.summary",
        template="higher_panel.html",
        context=lambda *, request, name: {"count": 3, "name": name},
    )
    try:
        html = Template('{% load panels %}{% panels "test.slot" name="City" %}').render(Context({}))
    finally:
        registry.unregister("test.slot", "higher.summary")
    assert html == "<section>3 outcomes for City</section>"
