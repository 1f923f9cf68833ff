"""The user's path in a real headless Chromium: upload the sample, run, open every page.

Screenshots land in tests/_artifacts/screens/ for a person to look at (1280x720, the projector
size, and 1920x1080). Run with `make test-browser`; needs Debian's chromium and chromium-driver.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_feedback" / "district_survey.csv"
SCREENS = ROOT / "tests" / "_artifacts" / "screens"
PAGES = ("Data", "Run", "Themes", "Groups", "Voices", "Agreement", "Rounds", "Transparency",
         "Present", "Curate", "Projects")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    store = tmp_path_factory.mktemp("browser") / "projects.feedback.db"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "FEEDBACK_ANALYZER_PROJECTS": str(store)}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port",
         str(port), "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                break
        except OSError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("streamlit did not start: " + process.stdout.read().decode()[-2000:])
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        pytest.skip("Debian's chromium and chromium-driver are not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                 "--window-size=1280,720"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    yield driver
    driver.quit()


def _wait_for_text(driver, text: str, timeout: float = 180) -> None:
    from selenium.webdriver.common.by import By

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = driver.find_element(By.TAG_NAME, "body").text
        if text in body and "Running..." not in body:
            return
        time.sleep(0.5)
    raise AssertionError(f"'{text}' never appeared; page shows:\n{body[-1500:]}")


def _wait_for_element(driver, by: str, selector: str, clickable: bool = False,
                      timeout: float = 120):
    """Streamlit loads some widgets (the file uploader among them) in separate script chunks,
    so text further down a page can show before a widget above it exists; wait for the widget
    itself rather than for neighbouring text."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    condition = (expected_conditions.element_to_be_clickable if clickable
                 else expected_conditions.presence_of_element_located)
    return WebDriverWait(driver, timeout, poll_frequency=0.5).until(condition((by, selector)))


def _click_text(driver, tag: str, text: str) -> None:
    from selenium.webdriver.common.by import By

    element = _wait_for_element(driver, By.XPATH,
                                f"//{tag}[.//*[normalize-space(text())='{text}'] "
                                f"or normalize-space(text())='{text}']", clickable=True)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def _open_page(driver, title: str) -> None:
    _click_text(driver, "a", title)
    time.sleep(1.0)


def _shoot(driver, name: str) -> Path:
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def test_upload_run_and_visit_every_page(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server)
    _wait_for_text(browser, "Every row accounted for")
    upload = _wait_for_element(browser, By.CSS_SELECTOR, "input[type='file']")
    upload.send_keys(str(SAMPLE))
    _wait_for_text(browser, "Your files")
    _click_text(browser, "button", "Confirm columns")
    _wait_for_text(browser, "comments ready to analyse")
    _shoot(browser, "1280-data")

    _open_page(browser, "Run")
    _wait_for_text(browser, "Find themes")
    _click_text(browser, "label", "coarse")
    _click_text(browser, "button", "Find themes")
    _wait_for_text(browser, "themes in", timeout=300)
    _shoot(browser, "1280-run")
    for title in PAGES[2:]:
        if not browser.find_elements(By.XPATH, f"//a[.//*[text()='{title}']]"):
            continue
        _open_page(browser, title)
        _wait_for_text(browser, title)
        assert "Traceback" not in browser.find_element(By.TAG_NAME, "body").text
        _shoot(browser, f"1280-{title.lower()}")
    themes_text = browser.find_element(By.TAG_NAME, "body").text
    assert "@example" not in themes_text

    _open_page(browser, "Projects")
    name = _wait_for_element(browser, By.CSS_SELECTOR, "input[aria-label='Name']")
    name.send_keys("Browser test survey")
    _click_text(browser, "button", "Save")
    _wait_for_text(browser, "Saved. Everyone signed in")
    _click_text(browser, "button", "Open")
    _wait_for_text(browser, "Opened.")
    _shoot(browser, "1280-projects")

    browser.set_window_size(1920, 1080)
    for title in ("Themes", "Groups"):
        _open_page(browser, title)
        _wait_for_text(browser, title)
        _shoot(browser, f"1920-{title.lower()}")
    _languages_shown(browser)
    assert len(list(SCREENS.glob("*.png"))) >= 5


def _languages_shown(browser) -> None:
    """The sample mixes English and Spanish: the Themes page marks quotes with their language
    and the Groups page compares by the language of each comment."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _open_page(browser, "Themes")
    _wait_for_text(browser, "Read the comments")
    card = "//div[@data-testid='stSelectbox'][.//*[normalize-space(text())='Open a theme']]//input"
    for _ in range(40):  # the card opens on the largest theme: step to one quoted in Spanish
        if "(Spanish)" in browser.find_element(By.TAG_NAME, "body").text:
            break
        choice = _wait_for_element(browser, By.XPATH, card, clickable=True)
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", choice)
        choice.click()
        choice.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
        time.sleep(1.0)
        _wait_for_text(browser, "Read the comments")
    _wait_for_text(browser, "(Spanish)")
    marked = browser.find_element(By.XPATH, "//em[contains(., '(Spanish)')]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", marked)
    time.sleep(0.5)
    _shoot(browser, "1920-themes-languages")

    _open_page(browser, "Groups")
    _wait_for_text(browser, "Compare groups by")
    choice = _wait_for_element(browser, By.XPATH, "//div[@data-testid='stSelectbox'][.//*["
                               "normalize-space(text())='Compare groups by']]//input",
                               clickable=True)
    choice.click()
    _wait_for_element(browser, By.XPATH, "//*[@role='option'][normalize-space(.)="
                      "'Language of comment']", clickable=True).click()
    _wait_for_text(browser, "Share of each group of Language of comment")
    time.sleep(1.0)
    _shoot(browser, "1920-groups-by-language")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Traceback" not in body and "Spanish" in body
