#!/usr/bin/env python3
"""form_body.py ACTION FIELD < page.html: the urlencoded body a browser would send for the
form of the page whose action is ACTION (inputs, checked boxes and radios, selected options,
textareas), with the value of FIELD replaced by the marker @N@ (bench/post_form.lua puts a
counter there so that every request writes something new). Standard library only."""
import html.parser
import sys
import urllib.parse


class Form(html.parser.HTMLParser):
    def __init__(self, action):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.fields = action, False, []
        self.select = self.textarea = None
        self.text = []
        self.first_option = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
            return
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file"):
                return
            self.fields.append([name, a.get("value", "on" if kind in ("checkbox", "radio") else "")])
        elif tag == "select" and name:
            self.select, self.first_option = [name, None], None
        elif tag == "option" and self.select is not None:
            if self.first_option is None:
                self.first_option = a.get("value", "")
            if "selected" in a:
                self.select[1] = a.get("value", "")
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            value = self.select[1] if self.select[1] is not None else (self.first_option or "")
            self.fields.append([self.select[0], value])
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append([self.textarea, "".join(self.text)])
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.text.append(data)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    action, field = sys.argv[1], sys.argv[2]
    f = Form(action)
    f.feed(sys.stdin.read())
    if not f.fields:
        sys.exit("form_body.py: no form with action %s" % action)
    if not any(n == field for n, _ in f.fields):
        sys.exit("form_body.py: the form has no field %s" % field)
    parts = []
    for name, value in f.fields:
        if name == field:
            parts.append(urllib.parse.quote_plus(name) + "=" + urllib.parse.quote_plus(value[:200]) + "+@N@")
        else:
            parts.append(urllib.parse.quote_plus(name) + "=" + urllib.parse.quote_plus(value))
    print("&".join(parts))


if __name__ == "__main__":
    main()
