#!/usr/bin/env python3
"""A terminal that answers lectern's ambiguous-width question as told.

tmux always answers that U+25BD took one column, so the other answers are
played here: the reader runs on a pseudo-terminal of 100x30, and this
script reads what it writes, answers its cursor position request (ESC [6n)
with a chosen column, late or never, types keys, and finally checks the
bytes the reader drew.

usage: fake_term.py BINARY CORPUS HOME CASE
CASE: wide    the answer is column 3 (drawn two wide): look-alikes are drawn
      narrow  the answer is column 2: the text is drawn as it is
      typed   q is typed before the answer comes: the reader still quits
      late    no answer in time; it comes later, inside the search bar,
              and must not reach the bar as keys
Exit status 0 when the case holds; otherwise a message on stderr.
"""
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import time

import fcntl
import termios

ASK = b"\x1b[6n"


def spawn(binary, corpus, home):
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home,
               "TERM": "xterm-256color", "LC_ALL": "C.UTF-8", "NO_COLOR": "1"}
        os.execve(binary, [binary, "--no-mouse", corpus], env)
    return pid, fd


class Term:
    def __init__(self, fd):
        self.fd = fd
        self.out = b""

    def read_until(self, pred, timeout):
        end = time.monotonic() + timeout
        while not pred(self.out):
            left = end - time.monotonic()
            if left <= 0:
                return False
            r, _, _ = select.select([self.fd], [], [], left)
            if not r:
                continue
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return pred(self.out)
            if not data:
                return pred(self.out)
            self.out += data
        return True

    def send(self, b):
        os.write(self.fd, b)


def wait_exit(pid, term, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        term.read_until(lambda o: False, 0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


def count_hits(binary, corpus, query):
    out = subprocess.run([binary, "--count", query, corpus], capture_output=True,
                         check=True, env={"LC_ALL": "C.UTF-8"}).stdout.decode()
    return int(out.strip().splitlines()[-1].split()[0])


def fail(msg, term=None):
    sys.stderr.write("fake_term: %s\n" % msg)
    if term is not None:
        tail = term.out[-600:].decode("utf-8", "replace").encode("unicode_escape")
        sys.stderr.write("  last output: %s\n" % tail.decode("ascii"))
    sys.exit(1)


def main():
    binary, corpus, home, case = sys.argv[1:5]
    pid, fd = spawn(binary, corpus, home)
    t = Term(fd)
    if not t.read_until(lambda o: ASK in o, 5):
        fail("the reader never asked where the cursor is", t)
    if not t.out.startswith("\r\u25bd".encode() + ASK):
        fail("the question is not U+25BD at the start of the row", t)
    drawn = lambda o: b"Documents" in o

    if case in ("wide", "narrow"):
        t.send(b"\x1b[7;3R" if case == "wide" else b"\x1b[7;2R")
        if not t.read_until(drawn, 5):
            fail("the reader did not draw after the answer", t)
        t.read_until(lambda o: False, 0.3)
        screen = t.out[t.out.index(ASK):].decode("utf-8", "replace")
        if case == "wide":
            if "\u300c\u4e94\u4e00\u300d" not in screen:
                fail("no 「五一」 drawn for a terminal that draws “ two wide", t)
            if "\u201c" in screen or "\u2026" in screen:
                fail("an Ambiguous “ or … was drawn for a terminal that draws them two wide", t)
        else:
            if "\u201c\u4e94\u4e00\u201d" not in screen:
                fail("“五一” is not drawn as it is for a narrow terminal", t)
        t.send(b"q")
    elif case == "typed":
        t.send(b"q")
        time.sleep(0.05)
        t.send(b"\x1b[7;2R")
    elif case == "late":
        start = time.monotonic()
        if not t.read_until(drawn, 5):
            fail("the reader did not start without an answer", t)
        if time.monotonic() - start < 0.2:
            fail("the reader did not wait for an answer at all", t)
        t.send("/勞".encode())
        t.read_until(lambda o: False, 0.4)
        t.send(b"\x1b[7;3R")
        t.read_until(lambda o: False, 0.2)
        mark = len(t.out)
        t.send("動\r".encode())
        # Had the answer reached the bar as keys, its Esc would have closed it.
        want = re.compile(rb"hit \d+/%d " % count_hits(binary, corpus, "勞動"))
        if not t.read_until(lambda o: want.search(o[mark:]), 5):
            fail("the late answer broke the search for 勞動 (no '%s')" % want.pattern, t)
        if b"7;3R" in t.out[t.out.rindex(b"/"):]:
            fail("the late answer was typed into the search bar", t)
        t.send(b"q")
    else:
        fail("unknown case %s" % case)

    code = wait_exit(pid, t, 5)
    if code != 0:
        fail("the reader did not quit with status 0 (%r)" % code, t)
    after = t.out.index(ASK) + len(ASK)
    if t.out[after:after + 4] != b"\r\x1b[K":
        fail("the row was not erased right after the question", t)


if __name__ == "__main__":
    main()
