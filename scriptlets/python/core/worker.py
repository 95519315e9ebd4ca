"""The warm Python worker (docs/processes.md): one interpreter per launch that forks a child per step.

``python3 -m scriptlets.python.core.worker [--preload mod1,mod2]``, started by the engine with the step
bridge's environment and working folder. Its stdin and stdout are the engine's private channel (nothing
else can talk to it: no port, no socket file), one compact JSON object a line:

* engine → worker: ``{"op":"run","id":ID,"args":[...],"env":{...},"cwd":DIR,"stdout":FIFO,"stderr":FIFO}``
  and ``{"op":"kill","id":ID}``
* worker → engine: ``{"event":"ready","pid":P,"preloaded":[...]}`` once, then per step
  ``{"id":ID,"event":"started","pid":P}``, ``{"id":ID,"event":"exited","code":C,"cpu_s":S,"maxrss_kb":K}``
  or ``{"id":ID,"event":"error","message":M}`` (nothing was started: the engine spawns the step instead)

For a step the worker makes the two named pipes the engine named (in the step's private bridge folder),
forks, and reports the child's pid. The child opens the pipes as its stdout and stderr first (the engine
reads them into the step log), then becomes a session leader, takes the step's exact environment, working
folder and ``sys.argv`` (``[<bridge.py>, *args]``, what ``python3 -m scriptlets.python.core.bridge args…``
gives), and runs :func:`bridge.main`; its exit status is the step's. ``code`` is the exit
code, or 128 + N for a child killed by signal N. Modules named by ``--preload`` are imported once, here,
before any fork (an import that fails is a warning on stderr, not fatal).

The worker is a child subreaper: what a step leaves behind is re-parented to it, and killed once the step
has ended (its process group, and the processes carrying the step's ``ORCH_PROCESS_TAG``), before the
exit is reported.
"""

import argparse
import atexit
import gc
import importlib
import json
import os
import select
import signal
import sys
import threading
import traceback

__all__ = ["main"]

_TAG = "ORCH_PROCESS_TAG"
_PR_SET_PDEATHSIG = 1
_PR_SET_CHILD_SUBREAPER = 36


def _libc():
    try:
        import ctypes
        return ctypes.CDLL(None, use_errno=True)
    except (ImportError, OSError):  # not Linux, or no ctypes: no subreaper, no death signal
        return None


class _Step:
    """One forked child: its id, pid (= its session and process group) and the tag its processes carry."""

    def __init__(self, ident, pid, tag):
        self.ident, self.pid, self.tag = ident, pid, tag


class _Worker:

    def __init__(self, channel_in, channel_out, libc):
        self.channel_in, self.channel_out, self.libc = channel_in, channel_out, libc
        self.steps = {}  # pid -> _Step
        self.buffer = b""
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_r, False)
        os.set_blocking(self.wake_w, False)
        signal.set_wakeup_fd(self.wake_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the engine stops the worker, not a terminal's Ctrl-C

    def send(self, message):
        data = (json.dumps(message, separators=(",", ":")) + "\n").encode("utf-8")
        while data:
            data = data[os.write(self.channel_out, data):]

    def serve(self):
        """Handles requests until the engine closes the channel; returns a run request in a forked child."""
        while True:
            try:
                ready, _, _ = select.select([self.channel_in, self.wake_r], [], [])
            except InterruptedError:
                continue
            if self.wake_r in ready:
                self._drain_wakeups()
            self._reap()
            if self.channel_in in ready:
                chunk = os.read(self.channel_in, 1 << 20)
                if not chunk:
                    return None
                self.buffer += chunk
                while b"\n" in self.buffer:
                    line, self.buffer = self.buffer.split(b"\n", 1)
                    if not line.strip():
                        continue
                    request = json.loads(line)
                    if request.get("op") == "run" and self._start(request):
                        return request  # in the child
                    if request.get("op") == "kill":
                        self._kill(request.get("id"))

    def _drain_wakeups(self):
        try:
            while os.read(self.wake_r, 512):
                pass
        except BlockingIOError:
            pass

    def _start(self, request):
        ident = request.get("id")
        try:
            for fifo in (request["stdout"], request["stderr"]):
                os.mkfifo(fifo, 0o600)
            pid = os.fork()
        except (KeyError, OSError) as e:
            self.send({"id": ident, "event": "error", "message": str(e)})
            return False
        if pid == 0:
            self._become_child()
            return True
        self.steps[pid] = _Step(ident, pid, request.get("env", {}).get(_TAG))
        self.send({"id": ident, "event": "started", "pid": pid})
        return False

    def _become_child(self):
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for fd in (self.channel_in, self.channel_out, self.wake_r, self.wake_w):
            os.close(fd)
        if self.libc is not None:  # dies with the worker, as a spawned step dies with the engine
            self.libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)

    def _reap(self):
        while True:
            try:
                pid, status, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            step = self.steps.pop(pid, None)
            if step is None:
                continue  # a leftover of a step, re-parented here and killed
            self._sweep(step)
            code = os.waitstatus_to_exitcode(status)
            self.send({"id": step.ident, "event": "exited", "code": code if code >= 0 else 128 - code,
                       "cpu_s": round(usage.ru_utime + usage.ru_stime, 6), "maxrss_kb": usage.ru_maxrss})

    def _kill(self, ident):
        for step in list(self.steps.values()):
            if step.ident == ident:
                for pid in _descendants(step.pid):
                    _signal(pid)
                _signal(step.pid)
                self._sweep(step)

    def _sweep(self, step):
        """Kills what a step left: its process group, and re-parented processes of its session or tag."""
        try:
            os.killpg(step.pid, signal.SIGKILL)
        except OSError:
            pass
        live = {s.pid for s in self.steps.values()}
        for pid in _children(os.getpid()):
            if pid not in live and (_session(pid) == step.pid or (step.tag and _has_tag(pid, step.tag))):
                for descendant in _descendants(pid):
                    _signal(descendant)
                _signal(pid)


def _signal(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


def _children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as f:
            return [int(p) for p in f.read().split()]
    except (OSError, ValueError):
        return []


def _descendants(pid):
    found, todo = [], [pid]
    while todo:
        for child in _children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def _session(pid):
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as f:
            return int(f.read().rsplit(")", 1)[1].split()[3])
    except (OSError, ValueError, IndexError):
        return None


def _has_tag(pid, tag):
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            return (f"{_TAG}={tag}").encode() in f.read().split(b"\0")
    except OSError:
        return False


def _run_child(request):
    """In the forked child: the step's output, session, folder, environment and argv; then the bridge."""
    out = os.open(request["stdout"], os.O_WRONLY)  # first: the engine's readers wait for these
    err = os.open(request["stderr"], os.O_WRONLY)
    os.setsid()
    null = os.open(os.devnull, os.O_RDONLY)
    for fd, target in ((null, 0), (out, 1), (err, 2)):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    from . import bridge
    sys.argv = [bridge.__file__, *request["args"]]
    return bridge.main(sys.argv[1:])


def _preload(modules):
    loaded = []
    for name in modules:
        try:
            importlib.import_module(name)
            loaded.append(name)
        except BaseException as e:  # noqa: B036 - a broken preload must not stop the worker
            print(f"WARNING: python worker: cannot preload {name}: {type(e).__name__}: {e}", file=sys.stderr)
    return loaded


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m scriptlets.python.core.worker")
    parser.add_argument("--preload", default="", help="comma-separated modules to import once")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    # the channel gets fds of its own; stdin reads nothing and stray prints go to stderr, as children inherit them
    channel_in, channel_out = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    libc = _libc()
    if libc is not None:
        libc.prctl(_PR_SET_CHILD_SUBREAPER, 1)
    from . import bridge  # noqa: F401 - imported once here so that no step pays for it
    loaded = _preload([m.strip() for m in args.preload.split(",") if m.strip()])
    sys.stdout.flush()
    sys.stderr.flush()
    worker = _Worker(channel_in, channel_out, libc)
    worker.send({"event": "ready", "pid": os.getpid(), "preloaded": loaded})
    # what the worker holds is never collected again: a child's collections and exit then leave those pages
    # shared instead of copying them all (the cost of a fork would otherwise grow with the worker's heap)
    gc.freeze()
    request = worker.serve()
    if request is None:
        return 0
    del worker
    try:
        code = _run_child(request)
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:  # noqa: B036 - the step's process must end with a code, never return to the loop
        traceback.print_exc()
        code = 1
    _exit(code)


def _exit(code):
    """Ends a child as the interpreter would (non-daemon threads joined, atexit handlers run, streams flushed),
    without tearing down every module the worker imported, which would touch (and copy) all of its memory."""
    main_thread = threading.main_thread()
    for thread in threading.enumerate():
        if thread is not main_thread and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
