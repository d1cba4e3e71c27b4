"""The fields a browser would submit with a form of a page, read from its HTML: what a simulated
clerk posts when it saves an admin form or confirms an import, and what the admin answered to a
save. No Django: the locustfile runs in locust's process, which does not set Django up.
"""

import re
from html.parser import HTMLParser

SKIPPED_INPUTS = {"submit", "button", "image", "file", "reset"}
# What the admin writes above a form saved after someone else saved its record
# (records/admin/versions.py), and the name such a save is counted under in the table.
EDITED_MEANWHILE = "đã được người khác sửa sau khi bạn mở trang"
SAVE_REFUSED = "clerk form save refused, edited meanwhile"
FIRST_ERROR = re.compile(r'class="errorlist[^"]*"[^>]*>\s*<li>(.*?)</li>', re.S)
TAG = re.compile(r"<[^>]+>")


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


def save_outcome(status, html):
    """("saved" | "refused" | "error", the error or None) of the answer to a saved admin form.

    "refused": another clerk saved the record since the form was opened, and the admin said so
    (on a congress day two clerks of a ward open the same people: the refusal is the admin
    working, not an error of the load run).
    """
    if status == 302:
        return "saved", None
    if status == 200 and EDITED_MEANWHILE in html:
        return "refused", None
    if status != 200:
        return "error", f"{status} from the save"
    error = FIRST_ERROR.search(html)
    shown = TAG.sub("", error.group(1)).strip() if error else "no error shown"
    return "error", f"the form came back: {shown}"
