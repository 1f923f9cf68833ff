"""A small client that drives a real `streamlit run` server the way the browser does.

No browser: it speaks Streamlit's own wire protocol (protobufs over the `/_stcore/stream`
websocket, plus the HTTP upload endpoint), so a test can go through the server exactly as a
user's browser would, including sending things a browser never would (a hostile file name).

The steps, as the frontend of streamlit 1.67 takes them:

1. `GET /_stcore/health` answers "ok" and sets the `_streamlit_xsrf` cookie.
2. Open the websocket `/_stcore/stream` with subprotocols `["streamlit", <xsrf cookie>]`,
   the cookie and an `Origin` header.
3. Send `BackMsg.rerun_script` (a `ClientState`: `query_string`, `page_script_hash`,
   `widget_states`). The server runs the page and streams `ForwardMsg`s: `new_session`
   (`initialize.session_id`, `page_script_hash`), `navigation` (`app_pages`, each with its
   `page_script_hash` and `url_pathname`), `delta.new_element` / `delta.add_block` placed by
   `metadata.delta_path`, and finally `script_finished`.
4. To upload: `BackMsg.file_urls_request` (`request_id`, `file_names`, `session_id`); the
   server answers `ForwardMsg.file_urls_response` (`file_urls`: `file_id`, `upload_url`,
   `delete_url`). `PUT` a multipart body (one part, field `file`) to the upload URL with the
   `X-Xsrftoken` header equal to the cookie.
5. Rerun with a `WidgetState` for the uploader: `file_uploader_state_value` holding one
   `UploadedFileInfo` (`file_id`, `name`, `size`, `file_urls`) per file. Streamlit looks the
   bytes up by `file_id` in *this session's* uploads; `UploadedFile.name` in the app is the
   multipart filename from step 4 (the `name` in the widget state is not used by the app).

Widget values persist between reruns as in the browser (`Session.set`); button and form
submit clicks are one-shot triggers (`Session.click`).
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import time
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import FileUploaderState, FileURLs
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parents[1]
STREAMLIT = ROOT / ".venv" / "bin" / "streamlit"
XSRF_COOKIE = "_streamlit_xsrf"
FINISHED_EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


class UploadRefused(RuntimeError):
    """The upload endpoint answered something other than 204."""

    def __init__(self, status: int, body: bytes) -> None:
        super().__init__(f"upload answered {status}: {body[:200]!r}")
        self.status = status
        self.body = body


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A running `streamlit run app.py`; `home` and `tmpdir` are its HOME and TMPDIR."""

    process: subprocess.Popen
    port: int
    app_root: Path
    home: Path
    tmpdir: Path
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=5) as reply:
                return reply.status == 200 and reply.read() == b"ok"
        except OSError:
            return False

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def run_server(app_root: Path, workdir: Path, *, address: str | None = "127.0.0.1",
               timeout: float = 120) -> Iterator[Server]:
    """Start `streamlit run app.py` in `app_root` on a free port, wait for `/_stcore/health`,
    stop it afterwards. HOME and TMPDIR point into `workdir`; `address=None` leaves the
    address to the project's `.streamlit/config.toml`, as `make run` does."""
    port = free_port()
    home, tmpdir = workdir / "home", workdir / "tmp"
    home.mkdir(parents=True, exist_ok=True)
    tmpdir.mkdir(parents=True, exist_ok=True)
    log = workdir / "server.log"
    env = {key: value for key, value in os.environ.items() if not key.startswith("STREAMLIT_")}
    env.update(HF_HUB_OFFLINE="1", HOME=str(home), TMPDIR=str(tmpdir))
    command = [str(STREAMLIT), "run", "app.py", "--server.port", str(port)]
    if address is not None:
        command += ["--server.address", address, "--server.headless", "true"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=app_root, env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
    server = Server(process, port, Path(app_root), home, tmpdir, log)
    try:
        deadline = time.monotonic() + timeout
        while not server.healthy():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("streamlit did not start:\n" + server.output()[-3000:])
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Page:
    """What one script run showed: elements in page order, plus every raw message."""

    elements: list[Element]
    raw: list[bytes]
    page_script_hash: str

    def of(self, kind: str) -> list:
        """The `kind` protos (`"heading"`, `"alert"`, `"dataframe"`, `"button"`, ...)."""
        return [getattr(e, kind) for e in self.elements if e.WhichOneof("type") == kind]

    @property
    def headings(self) -> list[str]:
        return [h.body for h in self.of("heading")]

    @property
    def errors(self) -> list[str]:
        """Bodies of `st.error` alerts and messages of uncaught exceptions."""
        return ([a.body for a in self.of("alert") if a.format == a.ERROR]
                + [f"{x.type}: {x.message}" for x in self.of("exception")])

    @property
    def text(self) -> str:
        """All heading, markdown and alert text, one element a line."""
        parts = [e.body for kind in ("heading", "markdown", "alert") for e in self.of(kind)]
        return "\n".join(parts)

    def dataframe_bytes(self) -> list[bytes]:
        """The Arrow payload of each `st.dataframe` (cell strings appear in it as UTF-8)."""
        return [d.arrow_data.data for d in self.of("dataframe")]

    def widget(self, kind: str, label: str):
        """The widget proto of `kind` with `label`; its `.id` is what `Session.set` takes."""
        found = [w for w in self.of(kind) if w.label == label]
        if len(found) != 1:
            raise LookupError(f"{len(found)} {kind} widgets labelled {label!r}; "
                              f"have {[w.label for w in self.of(kind)]}")
        return found[0]

    def contains(self, needle: bytes) -> bool:
        return any(needle in message for message in self.raw)


def widget_state(widget_id: str, value) -> WidgetState:
    """A `WidgetState` for a plain value: str (text_input, selectbox), bool (checkbox),
    int, float, a list of str (multiselect); a `WidgetState` passes through."""
    if isinstance(value, WidgetState):
        return value
    state = WidgetState(id=widget_id)
    if isinstance(value, bool):
        state.bool_value = value
    elif isinstance(value, int):
        state.int_value = value
    elif isinstance(value, float):
        state.double_value = value
    elif isinstance(value, str):
        state.string_value = value
    elif isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        state.string_array_value.data.extend(value)
    else:
        raise TypeError(f"no widget value for {type(value).__name__}; build a WidgetState")
    return state


@dataclass
class Session:
    """One browser tab: a websocket, its session id, and the widget values it has set."""

    server: Server
    timeout: float = 120
    session_id: str = ""
    pages: dict[str, str] = field(default_factory=dict)   # url_pathname -> page_script_hash
    received: list[bytes] = field(default_factory=list)   # every message, for leak checks
    _values: dict[str, WidgetState] = field(default_factory=dict)
    _page_hash: str = ""

    def __post_init__(self) -> None:
        with urllib.request.urlopen(f"{self.server.url}/_stcore/health", timeout=10) as reply:
            cookies = [c.split(";", 1)[0] for c in reply.headers.get_all("Set-Cookie") or []]
        self.xsrf = next((c.split("=", 1)[1] for c in cookies if c.startswith(XSRF_COOKIE)),
                         "")
        self._cookie = "; ".join(cookies)
        ws_url = self.server.url.replace("http://", "ws://") + "/_stcore/stream"
        protocols = ["streamlit", self.xsrf] if self.xsrf else ["streamlit"]
        self._ws = connect(ws_url, subprotocols=protocols, max_size=None,
                           additional_headers={"Cookie": self._cookie,
                                               "Origin": self.server.url})

    def close(self) -> None:
        self._ws.close()

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- widgets ---------------------------------------------------------------------------

    def set(self, widget_id: str, value) -> None:
        """Give a widget a value that is sent with this and every later rerun."""
        self._values[widget_id] = widget_state(widget_id, value)

    def rerun(self, page: str | None = None, clicks: tuple[str, ...] = ()) -> Page:
        """Run the script (on `page`, a url path such as "run"; "" is the default page) with
        the values set so far and one-shot triggers for the `clicks` (button or form-submit
        ids); return what it showed."""
        if page is not None:
            self._page_hash = self.pages[page]
        message = BackMsg()
        client = message.rerun_script
        client.query_string = ""
        client.page_script_hash = self._page_hash
        client.widget_states.widgets.extend(self._values.values())
        for widget_id in clicks:
            client.widget_states.widgets.add(id=widget_id, trigger_value=True)
        self._ws.send(message.SerializeToString())
        return self._read_run()

    def _receive(self) -> ForwardMsg:
        data = self._ws.recv(timeout=self.timeout)
        self.received.append(data)
        message = ForwardMsg()
        message.ParseFromString(data)
        return message

    def _read_run(self) -> Page:
        placed: dict[tuple[int, ...], Element] = {}
        raw: list[bytes] = []
        while True:
            message = self._receive()
            raw.append(self.received[-1])
            kind = message.WhichOneof("type")
            if kind == "new_session":
                self.session_id = message.new_session.initialize.session_id
                self._page_hash = message.new_session.page_script_hash
                placed.clear()
                raw = [raw[-1]]
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash
                              for p in message.navigation.app_pages}
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                placed[tuple(message.metadata.delta_path)] = message.delta.new_element
            elif kind == "script_finished" and message.script_finished != FINISHED_EARLY_FOR_RERUN:
                ordered = [placed[path] for path in sorted(placed)]
                return Page(ordered, raw, self._page_hash)

    # -- uploads ---------------------------------------------------------------------------

    def upload(self, uploader_id: str, files: list[tuple[str, bytes]],
               mime: str = "text/csv") -> Page:
        """Upload `files` ((name, bytes) pairs) through the real endpoint, as the browser
        does, and rerun with the uploader holding them. The name goes, byte for byte, into
        the multipart filename and into the widget state. Raises `UploadRefused` when the
        endpoint refuses a file (python-multipart caps a part header at about 4 KiB, so a
        name much longer than 4,000 characters never reaches the app)."""
        request = BackMsg()
        request.file_urls_request.request_id = uuid.uuid4().hex
        request.file_urls_request.session_id = self.session_id
        request.file_urls_request.file_names.extend(name for name, _ in files)
        self._ws.send(request.SerializeToString())
        while True:
            message = self._receive()
            if (message.WhichOneof("type") == "file_urls_response"
                    and message.file_urls_response.response_id
                    == request.file_urls_request.request_id):
                break
        response = message.file_urls_response
        if response.error_msg:
            raise RuntimeError(response.error_msg)
        state = WidgetState(id=uploader_id, file_uploader_state_value=FileUploaderState())
        for (name, data), urls in zip(files, response.file_urls):
            self.put_file(urls.upload_url, name, data, mime)
            state.file_uploader_state_value.uploaded_file_info.add(
                file_id=urls.file_id, name=name, size=len(data),
                file_urls=FileURLs(file_id=urls.file_id, upload_url=urls.upload_url,
                                   delete_url=urls.delete_url))
        self._values[uploader_id] = state
        return self.rerun()

    def put_file(self, upload_url: str, name: str, data: bytes, mime: str) -> int:
        """PUT one file as the browser's FormData does; return 204 or raise `UploadRefused`."""
        boundary = "----streamlit-client-" + uuid.uuid4().hex
        # Browsers send the name as UTF-8 and escape only '"', CR and LF.
        filename = (name.encode("utf-8", "surrogatepass").replace(b'"', b"%22")
                    .replace(b"\r", b"%0D").replace(b"\n", b"%0A"))
        body = (f"--{boundary}\r\n".encode()
                + b'Content-Disposition: form-data; name="file"; filename="' + filename
                + b'"\r\n' + f"Content-Type: {mime}\r\n\r\n".encode() + data
                + f"\r\n--{boundary}--\r\n".encode())
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            connection.request("PUT", upload_url, body=body, headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Cookie": self._cookie, "X-Xsrftoken": self.xsrf,
                "Origin": self.server.url})
            reply = connection.getresponse()
            answer = reply.read()
        finally:
            connection.close()
        if reply.status != 204:
            raise UploadRefused(reply.status, answer)
        return reply.status
