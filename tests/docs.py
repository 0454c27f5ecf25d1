#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Every Documentation/**/*.rst parses as reStructuredText without a warning
(docutils at report level 2: a title's underline too short, a list or
table broken by its indentation, an unknown directive or role, a literal
left open).  Prints one PASS:/FAIL: docs/FILE line per file, the messages
under a failure.

   tests/docs.py [FILE...]    (default: every .rst of Documentation/)

docutils is the interpreter's own or Debian's python3-docutils (make
check installs it): without it in this interpreter, Debian's python3 runs
this again."""
import glob
import io
import os
import sys

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

try:
    import docutils.core
except ImportError:
    if sys.executable != "/usr/bin/python3" and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__)] + sys.argv[1:])
    print("FAIL: docs (no docutils: apt-get install python3-docutils)")
    sys.exit(1)


def problems(path):
    """docutils' messages of level 2 (warning) and up for PATH, as text."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    stream = io.StringIO()
    docutils.core.publish_doctree(
        text, source_path=path,
        settings_overrides={"report_level": 2, "halt_level": 5,
                            "warning_stream": stream, "file_insertion_enabled": False,
                            "raw_enabled": False})
    return stream.getvalue()


def main():
    files = sys.argv[1:] or sorted(
        glob.glob(os.path.join(TOP, "Documentation", "**", "*.rst"), recursive=True))
    if not files:
        print("FAIL: docs (no .rst file found)")
        return 1
    failed = 0
    for path in files:
        name = os.path.relpath(os.path.abspath(path), TOP)
        out = problems(path)
        if out:
            print(f"FAIL: docs/{name}")
            sys.stdout.write(out)
            failed = 1
        else:
            print(f"PASS: docs/{name}")
    return failed


if __name__ == "__main__":
    sys.exit(main())
