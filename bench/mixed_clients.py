"""The users of the mixed load test (bench_mixed.py): caseworkers, a coordinator, schools on
the melding form and through the API, and an ondersteuner who uploads a delivery. Each
talks to the real server over HTTP as a browser or a school's system does, and notes in the
Ledger what the server's answers promise was stored."""

from __future__ import annotations

import collections
import re
import threading
import time
import uuid
from pathlib import Path

from django_otp.oath import TOTP

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
MARK = "belastingproef"
"""In the text of every note the load writes, with a random part: each note is found back."""
SURNAMES = ["Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Boer"]


def totp(key_hex: str, at: float) -> str:
    """The code the account's authenticator app shows at `at` (django-otp's own TOTP, with
    the defaults its devices use: SHA-1, 30 s steps, 6 digits)."""
    token = TOTP(bytes.fromhex(key_hex))
    token.time = at
    return f"{token.token():06d}"


def form_token(html: str) -> str:
    """The one-time token of a form that stores once however often it is sent, or ""."""
    found = re.search(r'name="form_token" value="([0-9a-f]{32})"', html)
    return found.group(1) if found else ""


class Stats:
    """Every answer, by what was asked: status codes and latencies."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency = collections.defaultdict(list)
        self.status = collections.defaultdict(collections.Counter)
        self.errors: list[str] = []

    def add(self, label: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latency[label].append(seconds)
            self.status[label][status] += 1

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


class Browser:
    """One logged-in user: cookies by hand (the server sets them Secure, as behind TLS)."""

    def __init__(self, base: str, stats: Stats) -> None:
        import requests

        self.base, self.stats = base, stats
        self.http = requests.Session()
        self.http.trust_env = False
        self.cookies: dict[str, str] = {}

    def request(self, label: str, method: str, path: str, **kwargs) -> object:
        headers = {
            "X-Forwarded-Proto": "https",
            "Origin": self.base.replace("http://", "https://"),
            "Referer": self.base.replace("http://", "https://") + path,
            **kwargs.pop("headers", {}),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        response = self.http.request(
            method, self.base + path, headers=headers, allow_redirects=False, timeout=120, **kwargs
        )
        self.stats.add(label, response.status_code, time.perf_counter() - started)
        self.http.cookies.clear()
        for cookie in response.raw.headers.getlist("Set-Cookie"):
            name, _, rest = cookie.partition("=")
            value = rest.split(";")[0]
            if value in ("", '""'):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        if response.status_code >= 500:
            self.stats.error(f"{response.status_code} {method} {label}")
        return response

    def csrf(self, html: str) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return found.group(1) if found else ""

    def post_form(self, label: str, path: str, page, data: dict | None = None, **kwargs) -> object:
        """Send a form of `page` (an answer fetched before) to `path` with the page's CSRF
        token, as a browser does."""
        data = {**(data or {}), "csrfmiddlewaretoken": self.csrf(page.text)}
        return self.request(label, "POST", path, data=data, **kwargs)

    def log_in(self, account: dict) -> bool:
        page = self.request("log-in", "GET", "/inloggen/")
        credentials = {"username": account["username"], "password": account["password"]}
        sent = self.post_form("log-in", "/inloggen/", page, credentials)
        if sent.status_code != 302:
            return False
        page = self.request("log-in", "GET", "/inloggen/code/")
        code = {"code": totp(account["totp_key"], time.time())}
        done = self.post_form("log-in", "/inloggen/code/", page, code)
        return done.status_code == 302 and "/inloggen" not in done.headers.get("Location", "")


class Ledger:
    """What the server promised to have stored, to compare with the rows afterwards."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.markers: collections.Counter = collections.Counter()
        self.resent: set[str] = set()
        self.refused_markers: set[str] = set()
        self.report_numbers: set[str] = set()
        self.api_created = 0
        self.api_replayed = 0
        self.taken: list[str] = []
        self.web_numbers: set[str] = set()
        self.web_doubled: set[str] = set()
        self.web_resent_once = 0
        self.reads = collections.defaultdict(collections.Counter)

    def read(self, user: str, route: str) -> None:
        with self.lock:
            self.reads[user][route] += 1


def caseworker(
    browser: Browser, account: dict, ledger: Ledger, stop: float, rng, hot: bool = False
) -> None:
    """A coach or leerplichtambtenaar: my cases, a case, notes (sometimes sent twice), contact
    attempts, and signals of the queue taken up."""
    user = account["username"]
    mine = browser.request("my cases", "GET", "/dossiers/")
    cases = sorted(set(re.findall(rf"/dossiers/({UUID})/", mine.text)))
    while time.time() < stop:
        roll = rng.random()
        if roll < 0.15 or not cases:
            page = browser.request("my cases", "GET", "/dossiers/")
            if page.status_code == 200:
                cases = sorted(set(re.findall(rf"/dossiers/({UUID})/", page.text))) or cases
        elif roll < 0.25:
            # a search by surname (POST: no name in a URL), then one person of the results
            page = browser.request("person search", "GET", "/jongeren/")
            search = {"bsn": "", "surname": rng.choice(SURNAMES), "date_of_birth": ""}
            browser.post_form("person search", "/jongeren/", page, search)
            results = browser.request("person search", "GET", "/jongeren/")
            found = sorted(set(re.findall(rf"/jongeren/({UUID})/", results.text)))
            if found:
                person = browser.request("person page", "GET", f"/jongeren/{rng.choice(found)}/")
                if person.status_code == 200:
                    ledger.read(user, "people:detail")
        elif roll < 0.40:
            case = rng.choice(cases)
            if browser.request("case page", "GET", f"/dossiers/{case}/").status_code == 200:
                ledger.read(user, "cases:detail")
        elif roll < 0.70:
            write_note(browser, rng.choice(cases), ledger, rng)
        elif roll < 0.80:
            case = rng.choice(cases)
            form = browser.request("contact attempt", "GET", f"/dossiers/{case}/contactpoging/")
            token = form_token(form.text)
            if form.status_code == 200 and token:
                browser.post_form(
                    "contact attempt",
                    f"/dossiers/{case}/contactpoging/",
                    form,
                    {
                        "form_token": token,
                        "on": time.strftime("%d-%m-%Y"),
                        "channel": "telefoon",
                        "result": "niet_bereikt",
                        "next_step": "morgen opnieuw bellen",
                        "next_on": "",
                    },
                )
        else:
            # half the time the new signals assigned to me, else every new one of my desks
            mine = "&assigned=mij" if rng.random() < 0.5 else ""
            queue = browser.request("signal queue", "GET", f"/signalen/?status=nieuw{mine}")
            found = sorted(set(re.findall(rf"/signalen/({UUID})/", queue.text)))
            if not found:
                continue
            # --hot: everyone goes for the first signals of the queue (the same rows at once)
            chosen = rng.choice(found[:3] if hot else found)
            detail = browser.request("signal page", "GET", f"/signalen/{chosen}/")
            if detail.status_code == 200:
                ledger.read(user, "signals:detail")
            if "oppakken/" not in detail.text:
                continue
            taken = browser.post_form("take up signal", f"/signalen/{chosen}/oppakken/", detail)
            where = taken.headers.get("Location", "")
            if taken.status_code == 302 and "/dossiers/" in where:
                with ledger.lock:
                    ledger.taken.append(chosen)
                # the case is the user's, or joined a colleague's: "my cases" says which
                cases = []


def write_note(browser: Browser, case: str, ledger: Ledger, rng) -> None:
    form = browser.request("note form", "GET", f"/dossiers/{case}/notitie/")
    token = form_token(form.text)
    if form.status_code != 200 or not token:
        return
    marker = f"{MARK}-{uuid.uuid4().hex}"
    data = {
        "form_token": token,
        "on": time.strftime("%d-%m-%Y"),
        "text": f"Gebeld met de jongere over school en werk. {marker}",
        "contact": "on" if rng.random() < 0.5 else "",
    }
    sent = browser.post_form("note", f"/dossiers/{case}/notitie/", form, data)
    if sent.status_code == 302:
        with ledger.lock:
            ledger.markers[marker] += 1
        if rng.random() < 0.15:  # a double click, or 'back' and send again
            again = browser.post_form("note sent twice", f"/dossiers/{case}/notitie/", form, data)
            if again.status_code == 302:
                with ledger.lock:
                    ledger.resent.add(marker)
    else:
        with ledger.lock:
            ledger.refused_markers.add(marker)


def web_school(browser: Browser, setup: dict, ledger: Ledger, stop: float, rng) -> None:
    """A school's staff on the melding form (/meldingen/nieuw/), sometimes sending the same
    page twice (a double click): one melding each time, however often the page is sent."""
    while time.time() < stop:
        if ledger.web_numbers and rng.random() < 0.3:
            # withdraw one of its meldingen, perhaps while a desk takes up its signal
            with ledger.lock:
                number = rng.choice(sorted(ledger.web_numbers))
            page = browser.request("melding page", "GET", f"/meldingen/{number}/")
            if page.status_code == 200 and "csrfmiddlewaretoken" in page.text:
                browser.post_form("withdraw melding", f"/meldingen/{number}/", page)
            continue
        page = browser.request("melding form", "GET", "/meldingen/nieuw/")
        select = re.search(r'name="municipality".*?</select>', page.text, re.S)
        options = re.findall(r'<option value="(\d+)"', select.group(0)) if select else []
        if page.status_code != 200 or not options:
            time.sleep(1)
            continue
        bsn, born, _ = rng.choice(setup["known_persons"])
        token = form_token(page.text)
        data = {
            "subject": "zorg",
            "bsn": bsn,
            "given_names": "Sam",
            "surname_prefix": "",
            "surname": "de Belasting",
            "date_of_birth": "-".join(reversed(born.split("-"))),
            "municipality": rng.choice(options),
            "reported_on": time.strftime("%d-%m-%Y"),
            "absence_kind": "",
            "days_absent": "",
            "brin": "",
            "school_year": "",
            "level": "",
            "pathway": "",
            "suspected_reason": "",
            "action": "",
            "explanation": "Komt niet meer naar de afspraken.",
            "contact_person": "mevrouw Jansen, 0570-123456",
            **({"form_token": token} if token else {}),
        }
        for attempt in range(2 if rng.random() < 0.25 else 1):
            label = "melding form sent" if attempt == 0 else "melding form sent twice"
            sent = browser.post_form(label, "/meldingen/nieuw/", page, data)
            number = re.search(
                r"/meldingen/(M-[0-9]{4}-[0-9A-F]{8})/", sent.headers.get("Location", "")
            )
            with ledger.lock:
                if number and attempt == 0:
                    ledger.web_numbers.add(number.group(1))
                elif number:
                    ledger.web_doubled.add(number.group(1))
                elif attempt == 1 and sent.status_code == 302:
                    ledger.web_resent_once += 1


def coordinator(browser: Browser, stop: float, rng) -> None:
    """Bulk-assigns the first signals of the queue to a coach, and reads the caseloads."""
    while time.time() < stop:
        queue = browser.request("signal queue", "GET", "/signalen/?status=nieuw&assigned=niemand")
        ids = sorted(set(re.findall(r'name="signals" value="([^"]+)"', queue.text)))
        select = re.search(r'name="coach".*?</select>', queue.text, re.S)
        choices = re.findall(r'<option value="(\d+)"', select.group(0)) if select else []
        if ids and choices:
            browser.post_form(
                "bulk assign",
                "/signalen/toewijzen/",
                queue,
                {
                    "signals": rng.sample(ids, min(5, len(ids))),
                    "coach": rng.choice(choices),
                    "back": "/signalen/",
                },
            )
        browser.request("caseloads", "GET", "/dossiers/caseloads/")
        time.sleep(rng.uniform(0.2, 1.0))


def school(
    base: str,
    key: str,
    keys: list[str],
    setup: dict,
    ledger: Ledger,
    stats: Stats,
    stop: float,
    rng,
) -> None:
    """A school's system: meldingen about known and new young people, some sent again with
    the same Idempotency-Key (a retry after a timeout), and the list of its own meldingen."""
    import requests

    http = requests.Session()
    http.trust_env = False
    headers = {"Authorization": f"Api-Key {key}", "X-Forwarded-Proto": "https"}
    unknown = setup["unknown_bsns"]
    while time.time() < stop:
        if rng.random() < 0.15:
            started = time.perf_counter()
            answer = http.get(base + "/api/v1/meldingen", headers=headers, timeout=120)
            stats.add("api list", answer.status_code, time.perf_counter() - started)
            continue
        unknown_now = rng.random() >= 0.6
        if not unknown_now:
            bsn, born, municipality = rng.choice(setup["known_persons"])
        else:
            with ledger.lock:
                bsn = unknown.pop() if unknown else None
            if bsn is None:
                continue
            born = f"{rng.randint(2001, 2010)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
            municipality = rng.choice(setup["municipalities"])
        body = {
            "soortMelding": "zorg",
            "bsn": bsn,
            "voornamen": "Sam",
            "achternaam": "de Belasting",
            "geboortedatum": born,
            "woongemeente": municipality,
            "datum": time.strftime("%Y-%m-%d"),
            "toelichting": "Komt niet meer naar de afspraken.",
            "contactpersoon": "mevrouw Jansen, 0570-123456",
        }
        if unknown_now and len(keys) > 1 and rng.random() < 0.25:
            # A school and a partner report the same new young person at the same moment.
            at_once = threading.Barrier(2, timeout=30)

            def report(other: str, answers: list, body=body, at_once=at_once) -> None:
                at_once.wait()
                started = time.perf_counter()
                answer = requests.post(
                    base + "/api/v1/meldingen",
                    json=body,
                    timeout=120,
                    headers={**headers, "Authorization": f"Api-Key {other}"},
                )
                stats.add(
                    "api same new person at once", answer.status_code, time.perf_counter() - started
                )
                answers.append(answer)

            answers: list = []
            pair = [threading.Thread(target=report, args=(k, answers)) for k in rng.sample(keys, 2)]
            for thread in pair:
                thread.start()
            for thread in pair:
                thread.join()
            for answer in answers:
                if answer.status_code >= 500:
                    stats.error(
                        f"{answer.status_code} POST api same new person: {answer.text[:200]}"
                    )
                if answer.status_code == 201:
                    with ledger.lock:
                        ledger.report_numbers.add(answer.json()["meldingnummer"])
                        ledger.api_created += 1
            continue
        idem = {"Idempotency-Key": str(uuid.uuid4())}
        for attempt in range(2 if rng.random() < 0.2 else 1):
            started = time.perf_counter()
            answer = http.post(
                base + "/api/v1/meldingen", json=body, headers={**headers, **idem}, timeout=120
            )
            stats.add(
                "api melding" if attempt == 0 else "api melding retried",
                answer.status_code,
                time.perf_counter() - started,
            )
            if answer.status_code >= 500:
                stats.error(f"{answer.status_code} POST api melding: {answer.text[:200]}")
            if answer.status_code in (200, 201):
                with ledger.lock:
                    ledger.report_numbers.add(answer.json()["meldingnummer"])
                    ledger.api_created += attempt == 0
                    ledger.api_replayed += attempt == 1


def uploader(
    browser: Browser, setup: dict, stats: Stats, at: float, stop: float, out: dict
) -> None:
    """The ondersteuner uploads the P-levering while the others work, then follows its run."""
    time.sleep(max(0.0, at - time.time()))
    form = browser.request("upload form", "GET", "/leveringen/nieuw/")
    path = Path(setup["p_file"])
    with path.open("rb") as handle:
        sent = browser.post_form(
            "upload",
            "/leveringen/nieuw/",
            form,
            {"kind": "", "delivery_date": ""},
            files={"file": (path.name, handle, "text/csv")},
        )
    out["upload_status"] = sent.status_code
    where = sent.headers.get("Location", "")
    found = re.search(r"/leveringen/(\d+)/", where)
    if not found:
        out["upload_error"] = sent.text[:500]
        return
    out["run"] = int(found.group(1))
    begun = time.time()
    while time.time() < stop + 60:
        page = browser.request("run page", "GET", f"/leveringen/{found.group(1)}/")
        if not re.search(r"in de wachtrij|bezig", page.text):
            out["run_seen_done_after_s"] = round(time.time() - begun, 1)
            break
        time.sleep(2)
