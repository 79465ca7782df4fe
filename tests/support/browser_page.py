"""Open one page in a real headless browser (Qt WebEngine, Chromium inside PySide6-Addons) and
report what it shows: ``python -m tests.support.browser_page URL PNG WIDTH HEIGHT LANGUAGE``.

Prints one JSON object: ``loaded`` (bool), ``http_status``, ``title``, ``text`` (the
document's innerText), ``lang`` (the html element's lang), ``scripts`` (number of script
elements), ``width`` (the document's scroll width, to see a page that does not fit a phone)
and writes the rendered page as a PNG. The browser sends ``Accept-Language: LANGUAGE``. Run it
in its own process: Chromium writes to stderr and keeps threads a test process must not inherit.

Thread contract: a script; everything on its main thread.
"""

from __future__ import annotations

import json
import os
import sys


def main(argv: list[str]) -> int:
    url, png, width, height, language = argv
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    if os.geteuid() == 0:  # Chromium refuses to run its sandbox as root (CI containers)
        flags += " --no-sandbox"
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = flags.strip()
    from PySide6.QtCore import QTimer, QUrl  # noqa: PLC0415 - after the environment is set
    from PySide6.QtWebEngineCore import QWebEngineLoadingInfo, QWebEngineProfile  # noqa: PLC0415
    from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    app = QApplication([sys.argv[0]])
    profile = QWebEngineProfile()  # off the record: nothing written to the home folder
    profile.setHttpAcceptLanguage(language)
    view = QWebEngineView(profile)
    view.resize(int(width), int(height))
    view.show()
    report: dict[str, object] = {"loaded": False}
    probe = (
        "JSON.stringify({title: document.title, text: document.body.innerText,"
        " lang: document.documentElement.lang,"
        " scripts: document.getElementsByTagName('script').length,"
        " width: document.documentElement.scrollWidth})"
    )

    def grab() -> None:
        view.grab().save(png)
        app.quit()

    def read(result: object) -> None:
        report.update(json.loads(str(result)))
        QTimer.singleShot(300, grab)  # let the compositor paint the loaded page once

    def loading(info: QWebEngineLoadingInfo) -> None:
        status = info.status()
        if status == QWebEngineLoadingInfo.LoadStatus.LoadStartedStatus:
            return
        # An HTTP error status (the neutral 404 page) fails the load but shows its page.
        http = info.errorDomain() == QWebEngineLoadingInfo.ErrorDomain.HttpStatusCodeDomain
        report["http_status"] = info.errorCode() if http else 200
        report["loaded"] = status == QWebEngineLoadingInfo.LoadStatus.LoadSucceededStatus or http
        if not report["loaded"]:
            report["error"] = info.errorString()
            app.quit()
            return
        view.page().runJavaScript(probe, 0, read)

    view.page().loadingChanged.connect(loading)
    QTimer.singleShot(60_000, app.quit)  # a browser that hangs: the report says not loaded
    view.load(QUrl(url))
    app.exec()
    sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
    return 0 if report["loaded"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
