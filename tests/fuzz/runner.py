"""Runs the smoke and fuzz walks (fuzz/driver.py) on addons, in subprocesses, and
tells crashes of napi-python from crashes of the addon itself (fuzz/driver.js
replays the same call under Node).

    from fuzz.runner import run_addon
    result = run_addon("/path/to/addon.node", mode="smoke")

``result["crashes"]`` lists each call that killed the Python process (a signal) or
did not return within the per-call timeout, with its call spec (the reproducer),
what it did when replayed alone in a fresh Python process and under Node, and a
verdict: ``"ours"`` when Node survives the same call, ``"addon"`` when Node dies
too (the addon asserts or dereferences garbage on that input under Node as well).
A crash that does not repeat alone is replayed as the sequence of calls that led
to it, in both.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
TESTS = FUZZ.parent
DRIVER_JS = FUZZ / "driver.js"

CALL_TIMEOUT = 10.0     # seconds one call may take before it counts as a hang
MAX_RESTARTS = 50       # crashes and hangs recorded per addon before giving up on it


def _env(home):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS")}
    env["HOME"] = str(home)
    env["PYTHONPATH"] = os.pathsep.join([str(TESTS), env.get("PYTHONPATH", "")])
    env["PYTHONFAULTHANDLER"] = "1"
    # the leak check belongs to the test process (tests/conftest.py); the children
    # only look for crashes
    if "ASAN_OPTIONS" in env:
        env["ASAN_OPTIONS"] = env["ASAN_OPTIONS"].replace("detect_leaks=1", "detect_leaks=0")
    return env


def _node_env(home):
    env = _env(home)
    env.pop("LD_PRELOAD", None)  # the sanitizer runtimes are for Python, not Node
    env.pop("PYTHONMALLOC", None)
    return env


def _read_log(path):
    records = []
    try:
        with open(path) as f:
            for line in f:
                try:
                    records.append(json.loads(line))
                except ValueError:
                    pass  # a line cut by a crash
    except FileNotFoundError:
        pass
    return records


def _run(cmd, log, env, cwd, call_timeout, deadline):
    """Runs a driver until it exits, a call outlasts call_timeout or the deadline
    passes. Returns (returncode or "hang" or "budget", records)."""
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    pending_since = None
    pending_i = None
    size = -1
    stderr_tail = b""
    try:
        while True:
            try:
                _, err = proc.communicate(timeout=0.05)
                stderr_tail = (err or b"")[-2000:]
                return proc.returncode, _read_log(log), stderr_tail
            except subprocess.TimeoutExpired:
                pass
            now = time.monotonic()
            st = os.stat(log).st_size if os.path.exists(log) else 0
            if st != size:
                size = st
                records = _read_log(log)
                last = records[-1] if records else {}
                if "begin" in last:
                    pending_i, pending_since = last["i"], now
                else:
                    pending_i, pending_since = None, now
            if pending_i is not None and now - pending_since > call_timeout:
                return "hang", _read_log(log), stderr_tail
            if pending_since is not None and pending_i is None and \
                    now - pending_since > call_timeout * 3:
                return "hang", _read_log(log), stderr_tail  # stuck between calls or at exit
            if now > deadline:
                return "budget", _read_log(log), stderr_tail
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _describe_status(status):
    if status == "hang":
        return "hang"
    if isinstance(status, int) and status < 0:
        try:
            return signal.Signals(-status).name
        except ValueError:
            return f"signal {-status}"
    return f"exit {status}"


def _died(status, records):
    """Did a replay end in a crash or hang (rather than finishing and leaving with
    status 0)? A status other than 0 after the last call counts, as it does in the
    walk: uiohook-napi's Xlib leaves with exit(1) as the process ends, under Node
    as under napi-python."""
    if status == "hang":
        return True
    if isinstance(status, int) and status != 0:
        return True
    return not any("done" in r for r in records)


def replay(addon, calls, under, workdir, call_timeout=CALL_TIMEOUT):
    """Replays a list of call specs in a fresh process, under "python" or "node".
    Returns (died, status text); died is None when Node is missing or cannot load
    the addon."""
    died, status, _ = replay_with_stderr(addon, calls, under, workdir, call_timeout)
    return died, status


def replay_with_stderr(addon, calls, under, workdir, call_timeout=CALL_TIMEOUT):
    """replay(), and the end of the process's stderr."""
    workdir = Path(workdir)
    calls_file = workdir / f"replay-{under}-{time.monotonic_ns()}.json"
    log = workdir / (calls_file.stem + ".log")
    calls_file.write_text(json.dumps(calls))
    home = workdir / "home"
    home.mkdir(exist_ok=True)
    if under == "node":
        node = shutil.which("node")
        if node is None:
            return None, "node not found", ""
        cmd = [node, str(DRIVER_JS), str(addon), str(log), str(calls_file)]
        env = _node_env(home)
    else:
        cmd = [sys.executable, "-m", "fuzz.driver", str(addon), str(log),
               "--replay", str(calls_file)]
        env = _env(home)
    deadline = time.monotonic() + call_timeout * (len(calls) + 2)
    status, records, stderr = _run(cmd, str(log), env, home, call_timeout, deadline)
    stderr = stderr.decode(errors="replace")
    if under == "node" and not any("loaded" in r for r in records):
        # Node itself cannot load the file (Node 20 crashes on an addon declaring
        # Node-API 10): there is no Node twin to compare with
        return None, f"Node cannot load the addon ({_describe_status(status)})", stderr
    return _died(status, records), _describe_status(status), stderr


def run_addon(addon, mode="smoke", seed="0", n=8, call_timeout=CALL_TIMEOUT, budget=300.0,
              compare_with_node=True):
    """Walks one addon in subprocesses (restarting after each crash or hang), then
    classifies each crash by replaying it alone under Python and Node."""
    addon = str(addon)
    result = {"addon": addon, "loaded": None, "refusal": None, "calls": 0, "values": 0,
              "errors": 0, "crashes": [], "complete": False}
    deadline = time.monotonic() + budget
    with tempfile.TemporaryDirectory(prefix="napi-fuzz-") as tmp:
        tmp = Path(tmp)
        home = tmp / "home"
        home.mkdir()
        start, skip, attempt = 0, [], 0
        succeeded = set()
        sequences = {}
        while True:
            attempt += 1
            log = tmp / f"walk-{attempt}.log"
            cmd = [sys.executable, "-m", "fuzz.driver", addon, str(log), "--mode", mode,
                   "--seed", str(seed), "--n", str(n), "--start", str(start),
                   "--skip", ",".join(map(str, skip)),
                   "--succeeded", ",".join(map(str, sorted(succeeded)))]
            status, records, stderr = _run(cmd, str(log), _env(home), home, call_timeout,
                                           deadline)
            begun = {}
            for r in records:
                if "loaded" in r:
                    result["loaded"] = r["loaded"]
                    if not r["loaded"]:
                        result["refusal"] = f"{r['type']}: {r['message']}"
                elif "begin" in r:
                    begun[r["i"]] = r["begin"]
                elif r.get("end") and "i" in r:
                    spec = begun.pop(r["i"], None)
                    if spec and spec.get("setup") and r["end"] == "value":
                        succeeded.add(r["i"])
                    result["calls"] += 1
                    result["values" if r["end"] == "value" else "errors"] += 1
            done = any("done" in r for r in records)
            if status == "budget":
                break
            if status == 0 and done:
                result["complete"] = True
                break
            what = _describe_status(status)
            if begun:
                i = max(begun)
                spec = begun[i]
                result["calls"] += 1
                sequences[i] = [r["begin"] for r in records if "begin" in r]
                result["crashes"].append({"i": i, "call": spec, "status": what})
                skip.append(i)
                start = i + 1
            else:
                where = ("at load" if result["loaded"] is None else
                         "at exit" if done else "between calls")
                made = [r["begin"] for r in records if "begin" in r]
                crash = {"i": None, "call": None, "status": what, "where": where,
                         "stderr": stderr.decode(errors="replace")[-600:]}
                if made:
                    # after the last call returned: that call (or one before it)
                    # left something broken; the sequence is the reproducer
                    crash["after"] = made[-1]
                    sequences[None] = made
                result["crashes"].append(crash)
                break
            if len(result["crashes"]) >= MAX_RESTARTS:
                break
        budget = {"replays": MINIMIZE_REPLAYS}
        for crash in result["crashes"]:
            classify(addon, crash, sequences.get(crash["i"]), tmp, call_timeout,
                     compare_with_node, budget)
        if result["loaded"] is False and compare_with_node:
            result["node_loads"] = node_loads(addon, tmp)
    return result


NODE_TRIES = 3  # an addon reading garbage may survive one run by luck


FATAL_ERROR = "FATAL ERROR: "  # what the core prints for napi_fatal_error
MINIMIZE_REPLAYS = 40  # Python replays spent shrinking sequences, per addon


def _node_dies(addon, calls, workdir, call_timeout):
    """(died, status) of the calls under Node, tried NODE_TRIES times; died is None
    without Node."""
    for _ in range(NODE_TRIES):
        died, status = replay(addon, calls, "node", workdir, call_timeout)
        if not died:  # None (no Node) or survived: try again only on survival
            if died is None:
                return None, status
            continue
        return True, status
    return False, "survives"


def classify(addon, crash, sequence, workdir, call_timeout, compare_with_node, budget):
    """Replays a crash alone (else as the sequence that led to it) under Python,
    then under Node; a sequence that Node survives is shrunk (delta debugging,
    within ``budget["replays"]``) and the shrunk one replayed under Node again."""
    calls = [crash["call"]] if crash["call"] is not None else []
    died = False
    stderr = ""
    if calls:
        died, status, stderr = replay_with_stderr(addon, calls, "python", workdir,
                                                  call_timeout)
        crash["python_alone"] = status if died else "survives"
    if not died and sequence:
        calls = sequence
        died, status, stderr = replay_with_stderr(addon, calls, "python", workdir,
                                                  call_timeout)
        crash["python_sequence"] = status if died else "survives"
        crash["sequence_length"] = len(calls)
    if calls and not died and crash["status"] == "hang":
        # The walk's call outlasted the timeout, but it returns when replayed alone
        # and in its sequence, with the same timeout: the machine was busy, this is
        # no hang (a real one, a deadlock or an endless loop, recurs on replay).
        crash["verdict"] = "slow"
        return
    fatal = [line for line in stderr.splitlines() if line.startswith(FATAL_ERROR)]
    if died and status == "SIGABRT" and fatal:
        # the addon called napi_fatal_error, which ends the process by definition,
        # in Node as here
        crash["fatal_error"] = fatal[-1][:200]
        crash["node"] = "not needed: napi_fatal_error"
        crash["verdict"] = "addon"
        if crash.get("sequence_length"):
            crash["sequence"] = calls
        return
    if not calls and crash.get("where") == "at exit" and compare_with_node:
        # a process that made no call (the walk had restarted past the last call
        # that crashes) and died as it ended: does loading the addon and leaving
        # kill Node too (a cleanup hook of the addon's that crashes)?
        died, status = replay(addon, [], "python", workdir, call_timeout)
        crash["python_alone"] = status if died else "survives"
        if died:
            node_died, node_status = _node_dies(addon, [], workdir, call_timeout)
            crash["node"] = node_status if node_died is not False else "survives"
            crash["verdict"] = "addon" if node_died else "ours"
            return
    if not calls:
        # a crash while loading has no Node twin (Node's own load is compared
        # separately, see node_loads)
        crash["verdict"] = "ours"
        return
    if not compare_with_node:
        crash["node"] = "not compared"
        crash["verdict"] = "ours"
        return
    node_died, node_status = _node_dies(addon, calls, workdir, call_timeout)
    if node_died is False and died and len(calls) > 1 and budget["replays"] > 0:
        shrunk = minimize(addon, calls, workdir, max_replays=min(20, budget["replays"]),
                          call_timeout=call_timeout)
        budget["replays"] -= 20
        if len(shrunk) < len(calls):
            calls = shrunk
            crash["sequence_length"] = len(calls)
            node_died, node_status = _node_dies(addon, calls, workdir, call_timeout)
    crash["node"] = node_status if node_died is not False else "survives"
    crash["verdict"] = "addon" if node_died else "ours"
    if crash.get("sequence_length"):
        crash["sequence"] = calls


def node_loads(addon, workdir):
    """Whether Node loads the addon (for a refusal: is it ours or the file's?)."""
    died, status = replay(addon, [], "node", workdir)
    return None if died is None else not died


def reproducer(addon, crash):
    """One line naming the crash: the addon, then the call(s) (kind, target, `this`,
    arguments as value specs) that crash when replayed, and how the process died."""
    sequence = crash.get("sequence") or ([crash["call"]] if crash.get("call") else [])
    where = f" {crash['where']}" if crash.get("call") is None and crash.get("where") else ""
    if not sequence and crash.get("after"):
        sequence = [crash["after"]]
        where += " (after this call)"
    if not sequence:
        return f"{addon}: {crash['status']}{where}"
    shown = "; ".join(_call_text(c) for c in sequence[-3:])
    if len(sequence) > 3:
        shown = f"[{len(sequence) - 3} earlier calls]; " + shown
    return f"{addon}: {shown} -> {crash['status']}{where}"


def _call_text(call):
    text = f"{call['kind']} {'.'.join(call['target'])}"
    if "member" in call:
        text += "." + call["member"]
    if "this" in call:
        text += f" this={json.dumps(call['this'])}"
    return text + f" args={json.dumps(call.get('args', []))}"


def minimize(addon, calls, workdir, max_replays=60, call_timeout=CALL_TIMEOUT):
    """Shrinks a crashing sequence of calls (delta debugging: drop chunks while the
    Python replay still dies), within max_replays replays. Returns the shorter list."""
    n = 2
    replays = 0
    while len(calls) >= 2 and replays < max_replays:
        chunk = max(1, len(calls) // n)
        reduced = False
        for start in range(0, len(calls), chunk):
            candidate = calls[:start] + calls[start + chunk:]
            if not candidate:
                continue
            replays += 1
            died, _ = replay(addon, candidate, "python", workdir, call_timeout)
            if died:
                calls = candidate
                n = max(n - 1, 2)
                reduced = True
                break
            if replays >= max_replays:
                break
        if not reduced:
            if chunk == 1:
                break
            n = min(len(calls), n * 2)
    return calls
