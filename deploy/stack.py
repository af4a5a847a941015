"""Baobab's production stack on loopback, from the files in deploy/: nginx with TLS in front of
gunicorn, a db_worker, PostgreSQL and Redis. Used by deploy/stack_test.py and deploy/soak.py.

Everything it starts runs in its own process group and is stopped by ``Stack.stop()`` (or on
leaving ``with Stack() as stack:``), which also drops the databases and the Redis database it
used and removes its temporary directory, whatever happened before.
"""

import contextlib
import http.client
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
NGINX_CONF = DEPLOY / "nginx" / "baobab.conf"
WEB_UNIT = DEPLOY / "systemd" / "baobab.service"
WORKER_UNIT = DEPLOY / "systemd" / "baobab-worker.service"
ENV_TEMPLATE = DEPLOY / "baobab.env.example"
# Where the shipped files expect the checkout (systemd units, nginx root).
SHIPPED_ROOT = "/srv/baobab"
POSTGRES_URL = os.environ.get(
    "BAOBAB_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
REDIS = ("127.0.0.1", 6379)


def venv_bin() -> Path:
    own = ROOT / ".venv" / "bin"
    return own if (own / "python").exists() else Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def read_env_file(path: Path) -> dict[str, str]:
    """VARIABLE=value lines, as systemd's EnvironmentFile reads them (comments, optional quotes)."""
    env = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _sep, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        env[name.strip()] = value
    return env


def unit_exec_start(path: Path) -> list[str]:
    for line in path.read_text().splitlines():
        if line.startswith("ExecStart="):
            return shlex.split(line.removeprefix("ExecStart="))
    raise ValueError(f"{path} has no ExecStart")


def ensure_nginx() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None
    )
    if found:
        return found
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], check=True, env=env)
    # Debian starts its own nginx on port 80 at install; this stack runs its own.
    subprocess.run(["systemctl", "stop", "nginx"], check=False, capture_output=True)
    return shutil.which("nginx") or "/usr/sbin/nginx"


def _redis(*command: str, db: int = 0) -> str:
    """One Redis command over its plain protocol: no client library needed here."""
    with socket.create_connection(REDIS, timeout=5) as sock:
        payload = b""
        for args in (("SELECT", str(db)), command):
            payload += f"*{len(args)}\r\n".encode()
            for arg in args:
                payload += f"${len(arg.encode())}\r\n{arg}\r\n".encode()
        sock.sendall(payload)
        data = b""
        while data.count(b"\r\n") < 2:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    return data.decode().split("\r\n")[1]


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value), as sent
        self.body = body

    def header(self, name, default=None):
        values = self.all(name)
        return values[0] if values else default

    def all(self, name):
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def text(self):
        encoding = self.header("Content-Encoding")
        body = self.body
        if encoding == "gzip":
            import gzip

            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        return body.decode("utf-8", "replace")


class Client:
    """HTTP(S) to the stack's nginx, one connection kept open, cookies kept, no redirect
    followed, nothing decompressed behind one's back."""

    def __init__(self, stack, scheme="https"):
        self.stack = stack
        self.scheme = scheme
        self.cookies: dict[str, str] = {}
        self.connection = None

    def _connect(self):
        if self.scheme == "https":
            return http.client.HTTPSConnection(
                "localhost", self.stack.https_port, context=self.stack.tls_context, timeout=60
            )
        return http.client.HTTPConnection("localhost", self.stack.http_port, timeout=60)

    def request(self, method, path, body=None, headers=None, keep=True) -> Response:
        sent = {"Host": self.stack.host(self.scheme), "Accept-Language": "en"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent.update(headers or {})
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = self._connect()
            try:
                self.connection.request(method, path, body=body, headers=sent)
                raw = self.connection.getresponse()
                response = Response(raw.status, raw.getheaders(), raw.read())
                break
            except (http.client.HTTPException, OSError):
                self.close()
                if attempt == 2:
                    raise
        if not keep or response.header("Connection", "").lower() == "close":
            self.close()
        for value in response.all("Set-Cookie"):
            name, _sep, rest = value.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response

    def get(self, path, **headers) -> Response:
        return self.request("GET", path, headers=headers)

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class Stack:
    def __init__(self, *, workers=2, log=print):
        self.workers = workers
        self.log = log
        self.processes: dict[str, subprocess.Popen] = {}
        self.databases: list[str] = []
        self.redis_db = None
        self.tmp = None

    # --- start and stop ------------------------------------------------------------------------

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        nginx = ensure_nginx()
        self.tmp = Path(tempfile.mkdtemp(prefix="baobab-stack-"))
        # nginx's workers may run as another user: they read the static files and media here.
        self.tmp.chmod(0o755)
        self.var = self.tmp / "var"
        self.var.mkdir()
        self.https_port, self.http_port, self.app_port = free_port(), free_port(), free_port()
        self._certificate()
        self.database = self.create_database()
        self.redis_db = self._spare_redis_db()
        self.env = self._environment(self.database)
        self.prepare()
        self._start_gunicorn()
        self._start_worker()
        self._start_nginx(nginx)
        self._wait_until_up()

    def prepare(self):
        """The database migrated and loaded, the static files collected; and a spare database,
        migrated and empty, to restore a backup into."""
        timings = []
        for args, env in (
            (("migrate", "--no-input", "-v0"), None),
            (None, None),
            # The demo loader refuses production (its shared password); it writes the same
            # database. Its tasks (reference index updates) run inline rather than queue up.
            (("load_demo",), {"BAOBAB_ENV": "test", "TASKS_BACKEND": "immediate"}),
            (("collectstatic", "--no-input", "-v0"), None),
        ):
            if args is None:
                # A copy of the database as migrate left it: no second migrate needed.
                self.spare_database = self.create_database(template=self.database)
                continue
            started = time.monotonic()
            self.manage(*args, env=env)
            timings.append(f"{args[0]} {time.monotonic() - started:.0f} s")
        self.log("prepared: " + ", ".join(timings))

    def stop(self):
        for name, process in reversed(list(self.processes.items())):
            self._stop_process(name, process)
        self.processes.clear()
        for name in self.databases:
            self._sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.databases.clear()
        if self.redis_db is not None:
            with contextlib.suppress(OSError):
                _redis("FLUSHDB", db=self.redis_db)
            self.redis_db = None
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    def _stop_process(self, name, process):
        if process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        except ProcessLookupError:
            pass

    # --- pieces --------------------------------------------------------------------------------

    def _certificate(self):
        self.cert, self.key = self.tmp / "cert.pem", self.tmp / "key.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
             "-keyout", str(self.key), "-out", str(self.cert)],
            check=True, capture_output=True,
        )  # fmt: skip
        self.tls_context = ssl.create_default_context(cafile=str(self.cert))

    def _sql(self, statement):
        import psycopg

        with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
            connection.execute(statement)

    def create_database(self, template=None) -> str:
        name = f"baobab_stack_{secrets.token_hex(4)}"
        self._sql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        self.databases.append(name)
        return name

    def database_url(self, name) -> str:
        return POSTGRES_URL.rsplit("/", 1)[0] + "/" + name

    def _spare_redis_db(self) -> int:
        """An empty Redis database, marked at once so a second stack picks another."""
        for db in range(15, 0, -1):
            if _redis("SET", "baobab-stack", "1", "NX", db=db) == "+OK" and (
                _redis("DBSIZE", db=db) == ":1"
            ):
                return db
        raise RuntimeError("no empty Redis database left among 1-15")

    def host(self, scheme="https") -> str:
        return f"localhost:{self.https_port if scheme == 'https' else self.http_port}"

    @property
    def base_url(self) -> str:
        return f"https://{self.host()}"

    def _environment(self, database) -> dict[str, str]:
        template = read_env_file(ENV_TEMPLATE)
        stack = {
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "localhost",
            "BASE_URL": self.base_url,
            "DATABASE_URL": self.database_url(database),
            "REDIS_URL": f"redis://{REDIS[0]}:{REDIS[1]}/{self.redis_db}",
            "BEHIND_TLS_PROXY": "1",
            "TASKS_BACKEND": "database",
            "BAOBAB_VAR_DIR": str(self.var),
            "MEDIA_ROOT": str(self.var / "media"),
            "ERASURE_LEDGER": str(self.var / "erasure-ledger.jsonl"),
            "EMAIL_HOST": "127.0.0.1",
            "SENTRY_DSN": "",
        }
        missing = set(stack) - set(template) - {"SENTRY_DSN"}
        if missing:
            raise AssertionError(f"{ENV_TEMPLATE.name} lacks {sorted(missing)}")
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("BAOBAB_", "DJANGO_"))}
        return {**keep, **template, **stack, "PYTHONUNBUFFERED": "1"}

    def _spawn(self, name, argv, env=None):
        out = (self.tmp / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            argv, cwd=ROOT, env=env or self.env, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        return self.processes[name]

    def _shipped_command(self, unit) -> list[str]:
        return [
            str(venv_bin() / Path(arg).name)
            if arg.startswith(f"{SHIPPED_ROOT}/.venv/bin/")
            else arg
            for arg in unit_exec_start(unit)
        ]

    def _start_gunicorn(self):
        argv = self._shipped_command(WEB_UNIT)
        bind, workers = argv.index("--bind"), argv.index("--workers")
        argv[bind + 1] = f"127.0.0.1:{self.app_port}"
        argv[workers + 1] = str(self.workers)
        # Which worker answered each request: the freshness checks need both to have answered.
        self.access_log = self.tmp / "access.log"
        argv += [
            "--access-logfile",
            str(self.access_log),
            "--access-logformat",
            "%(p)s %(r)s %(s)s",
        ]
        self._spawn("gunicorn", argv)

    def _start_worker(self):
        self._spawn("db_worker", self._shipped_command(WORKER_UNIT))

    def render_nginx(self) -> str:
        """deploy/nginx/baobab.conf with this stack's ports, paths and certificate."""
        text = NGINX_CONF.read_text()
        replacements = [
            ("listen [::]:80;", ""),
            ("listen [::]:443 ssl http2;", ""),
            ("listen 80;", f"listen 127.0.0.1:{self.http_port};"),
            ("listen 443 ssl http2;", f"listen 127.0.0.1:{self.https_port} ssl http2;"),
            ("return 301 https://$host$request_uri;",
             f"return 301 https://$host:{self.https_port}$request_uri;"),
            ("server_name baobab.example.org;", "server_name localhost;"),
            ("/etc/ssl/baobab/fullchain.pem", str(self.cert)),
            ("/etc/ssl/baobab/privkey.pem", str(self.key)),
            ("server 127.0.0.1:8000;", f"server 127.0.0.1:{self.app_port};"),
            (f"root {SHIPPED_ROOT}/var;", f"root {self.var};"),
        ]  # fmt: skip
        for old, new in replacements:
            if old.strip() not in text:
                raise AssertionError(f"{NGINX_CONF.name} no longer holds {old.strip()!r}")
            if new:
                text = text.replace(old, new)
            else:  # the whole line goes: loopback only
                text = re.sub(r"(?m)^[ \t]*" + re.escape(old.strip()) + r"\n", "", text)
        return text

    def _start_nginx(self, nginx):
        site = self.tmp / "baobab.conf"
        site.write_text(self.render_nginx())
        user = "user root;\n" if os.geteuid() == 0 else ""
        (self.tmp / "nginx.conf").write_text(
            f"""{user}worker_processes 2;
pid {self.tmp}/nginx.pid;
error_log {self.tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {self.tmp}/nginx-access.log;
    client_body_temp_path {self.tmp}/nginx-body;
    proxy_temp_path {self.tmp}/nginx-proxy;
    fastcgi_temp_path {self.tmp}/nginx-fastcgi;
    uwsgi_temp_path {self.tmp}/nginx-uwsgi;
    scgi_temp_path {self.tmp}/nginx-scgi;
    include {site};
}}
"""
        )
        argv = [nginx, "-p", str(self.tmp), "-c", str(self.tmp / "nginx.conf")]
        tested = subprocess.run([*argv, "-t", "-q"], capture_output=True, text=True)
        if tested.returncode:
            raise RuntimeError(f"nginx refuses the configuration:\n{tested.stderr}")
        self._spawn("nginx", [*argv, "-g", "daemon off;"])

    def _wait_until_up(self, seconds=60):
        deadline = time.monotonic() + seconds
        client = Client(self)
        while True:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited:\n{self.log_tail(name)}")
            try:
                if client.get("/healthz").status == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the stack did not answer /healthz in time")
            time.sleep(0.3)

    # --- helpers for checks --------------------------------------------------------------------

    def log_tail(self, name, lines=30) -> str:
        path = self.tmp / f"{name}.log" if self.tmp else None
        if not path or not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def manage(self, *args, env=None, check=True, timeout=600) -> str:
        result = subprocess.run(
            [str(venv_bin() / "python"), "manage.py", *args], cwd=ROOT,
            env={**self.env, **(env or {})}, capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
        if check and result.returncode:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return result.stdout

    def shell(self, code, env=None):
        """Run Python in a Django shell; what it prints last, as JSON, is returned."""
        out = self.manage("shell", "-v0", "-c", code, env=env)
        lines = [line for line in out.splitlines() if line.strip()]
        return json.loads(lines[-1]) if lines else None

    def spawn_manage(self, name, *args, env=None):
        return self._spawn(name, [str(venv_bin() / "python"), "manage.py", *args],
                           env={**self.env, **(env or {})})  # fmt: skip

    def worker_pids(self) -> list[int]:
        """gunicorn's workers: the children of its master."""
        master = self.processes["gunicorn"].pid
        children = Path(f"/proc/{master}/task/{master}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def rss_kib(self, pid) -> int:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def access_pids(self, path_part) -> set[str]:
        """Workers that answered requests whose line holds ``path_part``."""
        if not self.access_log.exists():
            return set()
        return {
            line.split(" ", 1)[0]
            for line in self.access_log.read_text().splitlines()
            if path_part in line
        }

    def city_user(self, username="bamako"):
        """A city coordinator with a fresh password (the demo's is refused in production) and a
        personal API token: (password, token)."""
        password = secrets.token_urlsafe(16)
        return self.shell(
            f"""
import json
from django.contrib.auth import get_user_model
from wagtail.models import APIToken
user = get_user_model().objects.get(username={username!r})
user.set_password({password!r}); user.save()
_instance, token = APIToken.create_token(user=user, name="stack")
print(json.dumps([{password!r}, token]))
"""
        )
