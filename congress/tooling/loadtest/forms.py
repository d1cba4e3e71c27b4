"""The fields a browser would submit with a form of a page, read from its HTML: what a simulated
clerk posts when it saves an admin form or confirms an import. No Django: the locustfile runs
in locust's process, which does not set Django up.
"""

from html.parser import HTMLParser

SKIPPED_INPUTS = {"submit", "button", "image", "file", "reset"}


class FormReader(HTMLParser):
    """The successful controls of the forms of a page, form by form."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.form = None
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = {"attrs": attrs, "fields": []}
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag == "input":
            self.input(attrs)
        elif tag == "select" and "disabled" not in attrs:
            self.select = {"name": attrs.get("name"), "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self.select is not None:
            self.select["options"].append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and "disabled" not in attrs:
            self.textarea = {"name": attrs.get("name"), "text": []}

    def input(self, attrs):
        kind = attrs.get("type", "text").lower()
        name = attrs.get("name")
        if not name or kind in SKIPPED_INPUTS or "disabled" in attrs:
            return
        if kind in ("checkbox", "radio"):
            if "checked" in attrs:
                self.form["fields"].append((name, attrs.get("value", "on")))
            return
        self.form["fields"].append((name, attrs.get("value", "")))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["text"].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None:
            self.end_select()
        elif tag == "textarea" and self.textarea is not None:
            if self.form is not None and self.textarea["name"]:
                text = "".join(self.textarea["text"])
                # A browser drops the one newline that follows <textarea>.
                self.form["fields"].append((self.textarea["name"], text.removeprefix("\n")))
            self.textarea = None

    def end_select(self):
        select, self.select = self.select, None
        if self.form is None or not select["name"]:
            return
        chosen = [value for value, selected in select["options"] if selected]
        if not chosen and not select["multiple"] and select["options"]:
            chosen = [select["options"][0][0]]
        self.form["fields"] += [(select["name"], value) for value in chosen]


def read_forms(html):
    reader = FormReader()
    reader.feed(html)
    reader.close()
    return reader.forms


def form_fields(html, *, action_ends=None, form_id=None):
    """[(name, value)] of the first form whose id is form_id or whose action ends so; None if none."""
    for form in read_forms(html):
        attrs = form["attrs"]
        if form_id is not None and attrs.get("id") != form_id:
            continue
        if action_ends is not None and not (attrs.get("action") or "").endswith(action_ends):
            continue
        return form["fields"]
    return None
