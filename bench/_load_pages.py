"""What bench/_locustfile.py and bench/load_test.py share, without importing locust (which
patches the standard library with gevent): filling in a practice step as a person does, and
sending the production settings' Secure cookies over plain http to 127.0.0.1."""

import random
from html.parser import HTMLParser

SENTENCES = (
    "I keep going over the conversation with my manager this afternoon. She asked a simple "
    "question about the report and I froze, then said something defensive that I didn't mean. "
    "Part of me knows that isn't fair: I've slept badly all week and the deadline moved twice."
)
WORDS = SENTENCES.split(" ")
SEARCHES = ["work", "sleep", "manager", "tired", "kind", "breath", "family", "worried"]


class StepForm(HTMLParser):
    """The fields of the step form in an htmx partial, and where it posts."""

    def __init__(self):
        super().__init__()
        self.action = ""
        self.hidden = {}
        self.textareas = []
        self.radios = {}  # name -> values
        self.checkboxes = {}
        self.texts = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("hx-post"):
            self.action = a["hx-post"]
        elif tag == "textarea":
            self.textareas.append(a.get("name"))
        elif tag == "input":
            kind, name = a.get("type", "text"), a.get("name")
            if not name:
                return
            if kind == "hidden":
                self.hidden[name] = a.get("value", "")
            elif kind == "radio":
                self.radios.setdefault(name, []).append(a.get("value", ""))
            elif kind == "checkbox":
                self.checkboxes.setdefault(name, []).append(a.get("value", "on"))
            elif kind == "text":
                self.texts.append(name)


def answer_for(form: StepForm) -> dict:
    data = {key: value for key, value in form.hidden.items() if key != "csrfmiddlewaretoken"}
    for name in form.textareas:
        start = random.randrange(len(WORDS) - 20)
        data[name] = " ".join(WORDS[start : start + random.randint(12, 20)])
    for name, values in form.radios.items():
        data[name] = values[len(values) // 2] if name in ("distress", "rating") else values[0]
    for name, values in form.checkboxes.items():
        if name == "choices":
            data[name] = values[: random.randint(1, min(2, len(values)))]
    for name in form.texts:
        if name == "feeling":
            data[name] = random.choice(["tense", "tired", "a bit lighter", "sad"])
        elif name == "new_part" and "part" not in form.radios:
            data[name] = "the Critic"
    data["action"] = "next"
    return data


def send_secure_cookies_over_http(session) -> None:
    """The production settings make the session and CSRF cookies Secure, and requests keeps
    those for https. Here the app is reached over http on 127.0.0.1 (behind a TLS proxy in
    production), so before each request the cookies are marked sendable over http. (A cookie
    policy on the jar would not do: requests copies the cookies into a fresh jar per request.)"""
    original = session.request

    def request(*args, **kwargs):
        for cookie in session.cookies:
            cookie.secure = False
        return original(*args, **kwargs)

    session.request = request


def csrf_token(session) -> str:
    """The csrftoken cookie's value, as base.html's hx-headers sends it (the newest one if
    the jar holds more than one)."""
    values = [cookie.value for cookie in session.cookies if cookie.name == "csrftoken"]
    return values[-1] if values else ""
