"""Locust people for bench/load_test.py (not run by `make bench`: its name starts with "_").

Each simulated person is one of the prepared people load-1..load-N (LOAD_PEOPLE): with the
cookies of a login load_test.py made beforehand (LOAD_SESSIONS), or else logging in itself
with LOAD_PASSWORD. Then,, with a think time of 1-3 s between pages, does a
weighted mix of what people do in Tend:

    library (sometimes filtered)            weight 3
    a practice, start to finish             weight 3  (each step is one locust task step)
    the journal list / a search             weight 3 / 2
    the progress dashboard                  weight 2
    home                                    weight 2
    the floor: /health/                     weight 1  (named "floor /health/")

A practice is walked as a browser does: POST /journal/runs/start/<slug>/ (303 to check-in),
GET the check-in page, then one htmx POST per step (HX-Request: true, X-CSRFToken from the
csrftoken cookie, as base.html's hx-headers sends it) with action=next and the step's fields
filled in from the partial that came back: typed text for textareas, a middle value for
ratings and distress, the first option for choices and parts. The check-out POST answers with
HX-Redirect to the run's summary, which is fetched.

Requests are grouped by page (`name=`) so the report has one row per page. The production
settings make cookies Secure; the app is reached over plain http on 127.0.0.1, so the
cookies are sent over http too (see send_secure_cookies_over_http).
"""

import json
import os
import random
import re

from _load_pages import (
    SEARCHES,
    StepForm,
    answer_for,
    csrf_token,
    send_secure_cookies_over_http,
)
from locust import HttpUser, between, task

PEOPLE = int(os.environ.get("LOAD_PEOPLE", "50"))
PASSWORD = os.environ.get("LOAD_PASSWORD", "")
SESSIONS = os.environ.get("LOAD_SESSIONS", "")  # a JSON list of each person's cookies
# Set by load_test.py for the fault run: tag each failure's body so the runner can check
# that every failure was the calm error page.
FAILURE_LOG = os.environ.get("LOAD_FAILURE_LOG", "")
CALM = "Something went wrong on our side"
RETRIES = 10  # Next pressed again after an error, a few seconds apart

_next_person = iter(range(1, 10**9))


class Person(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        send_secure_cookies_over_http(self.client)
        number = (next(_next_person) - 1) % PEOPLE
        if SESSIONS:
            # Logged in before the timed window by load_test.py (Argon2 is slow on purpose;
            # 50 logins at once would be a login storm, not the everyday mix).
            with open(SESSIONS) as sessions:
                for name, value in json.load(sessions)[number].items():
                    self.client.cookies.set(name, value, domain="127.0.0.1", path="/")
        else:
            self.log_in(f"load-{number + 1}")
        library = self.client.get("/practices/", name="library").text
        self.slugs = sorted(set(re.findall(r'href="/practices/([a-z0-9-]+)/"', library)))
        # (field, value) pairs from the filter form's selects, to filter as people do.
        self.filters = [
            (name, value)
            for name, options in re.findall(
                r'<select name="(\w+)"[^>]*>(.*?)</select>', library, re.S
            )
            for value in re.findall(r'<option value="([^"]+)"', options)
        ]

    def log_in(self, username):
        self.client.get("/accounts/login/", name="login page")
        response = self.client.post(
            "/accounts/login/",
            {"username": username, "password": PASSWORD},
            headers=self.csrf(),
            name="log in",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"{username} could not log in: {response.status_code}")

    # Helpers ---------------------------------------------------------------------------------

    def csrf(self, htmx=False) -> dict:
        headers = {"X-CSRFToken": csrf_token(self.client)}
        if htmx:
            headers["HX-Request"] = "true"
        return headers

    def get(self, path, name, htmx=False, **kwargs):
        headers = {"HX-Request": "true"} if htmx else {}
        with self.client.get(path, name=name, headers=headers, catch_response=True) as response:
            self.judge(response, name)
            return response

    def judge(self, response, name):
        """A failure is any status but 2xx/3xx; note whether it was the calm error page."""
        if response.status_code >= 400 or response.status_code == 0:
            calm = CALM in (response.text or "")
            response.failure(
                f"{response.status_code} {'calm page' if calm else 'NOT the calm page'}"
            )
            if FAILURE_LOG:
                with open(FAILURE_LOG, "a") as log:
                    log.write(f"{name}\t{response.status_code}\t{'calm' if calm else 'other'}\n")
        else:
            response.success()

    # Tasks -----------------------------------------------------------------------------------

    @task(3)
    def library(self):
        if self.filters and random.random() < 0.5:
            field, value = random.choice(self.filters)
            self.get(f"/practices/?{field}={value}", "library, filtered (htmx)", htmx=True)
        else:
            self.get("/practices/", "library")

    @task(3)
    def practice(self):
        slug = random.choice(self.slugs)
        self.get(f"/practices/{slug}/", "practice page")
        location = self.start_practice(slug)
        if location is None:
            return
        page = self.get(location, "practice: check-in page")
        if page.status_code != 200:
            return
        html = page.text
        for _ in range(40):  # no practice has that many steps
            form = StepForm()
            form.feed(html)
            if not form.action:
                raise RuntimeError(f"no step form in {html[:300]}")
            response = self.answer_step(form)
            if response.status_code != 200:
                return
            if "HX-Redirect" in response.headers:
                self.get(response.headers["HX-Redirect"], "practice: summary")
                return
            html = response.text

    def start_practice(self, slug):
        """Begin a practice: the address of its check-in, or None when beginning failed."""
        with self.client.post(
            f"/journal/runs/start/{slug}/",
            headers=self.csrf(),
            name="practice: start",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 303:
                self.judge(response, "practice: start")
                if response.status_code < 400:
                    response.failure(f"start answered {response.status_code}")
                return None
            response.success()
            return response.headers["Location"]

    def answer_step(self, form):
        """Answer one step as a person would, pressing Next again after an error."""
        key = form.action.rstrip("/").rsplit("/", 1)[-1]
        kind = "check-in" if key == "check-in" else "check-out" if key == "check-out" else "step"
        self.wait()  # reading, typing, breathing
        data = answer_for(form)
        response = self.post_step(form.action, data, f"practice: {kind} (htmx POST)")
        for attempt in range(RETRIES):
            if response.status_code == 200:
                break
            # What a person does after the error: the words are still in the box (htmx
            # swaps nothing on a 5xx); wait a little and press Next again.
            self.wait()
            response = self.post_step(form.action, data, "practice: Next again after an error")
            if response.status_code == 200 and FAILURE_LOG and data.get("text"):
                run_id = form.action.split("/")[3]
                with open(FAILURE_LOG, "a") as log:
                    log.write(f"saved-on-retry\t{run_id}\t{key}\t{attempt + 1}\t{data['text']}\n")
        return response

    def post_step(self, action, data, name):
        with self.client.post(
            action, data, headers=self.csrf(htmx=True), name=name, catch_response=True
        ) as response:
            self.judge(response, name)
            return response

    @task(3)
    def journal(self):
        self.get("/journal/", "journal")

    @task(2)
    def search(self):
        self.get(f"/journal/?q={random.choice(SEARCHES)}", "journal search")

    @task(2)
    def progress(self):
        self.get("/progress/", "progress dashboard")

    @task(2)
    def home(self):
        self.get("/", "home")

    @task(1)
    def floor(self):
        self.get("/health/", "floor /health/")
