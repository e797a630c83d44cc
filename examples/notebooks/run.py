#!/usr/bin/env python3
"""Executes the stockflow notebooks headless and checks what every code cell printed.

    pnpm notebooks                              # every examples/notebooks/*.ipynb (after `pnpm build`)
    python3 examples/notebooks/run.py involution.ipynb --repeat 20
    python3 examples/notebooks/run.py --check some/executed.ipynb   # check only, no execution

Each notebook runs on the committed `stockflow-deno` kernel (JUPYTER_PATH is pointed at
examples/notebooks/jupyter, PATH gets the repo's node_modules/.bin) through nbclient, the library
behind `jupyter nbconvert --execute`. The executed copy goes to examples/notebooks/.output/. Stdout
has a line per notebook, `PASS name (N code cells, T s)` or `FAIL name: cell K: what is wrong; ...`
(K counts every cell, markdown too, from 1), then `notebooks: N passed, M failed` (what .ci/run
counts); the exit code is 1 when any failed.

Why not plain `nbconvert --execute`: Deno's kernel sometimes publishes a cell's result just after it
reports the cell idle. nbclient stops listening at idle, so that output is silently lost and the run
still exits 0. Here, after each cell's idle, iopub is kept open until it has been quiet for --grace
seconds (0.5 by default) and late messages of that cell are still recorded.

The check, per code cell: it ran (has an execution count), it has at least one output, no output is an
error, and it has what its metadata asks for: `metadata.stockflow.expect` lists MIME types (e.g.
`image/svg+xml`, `text/markdown`, or `stream`) that must be among its outputs, and
`metadata.stockflow.contains` strings that must appear in them.
"""

import os
import sys

try:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionComplete
    from nbclient.util import ensure_async
except ImportError:
    # A pyenv or venv python first on PATH lacks Debian's python3-nbclient: use the system one.
    system_python = '/usr/bin/python3'
    if os.path.realpath(sys.executable) != os.path.realpath(system_python) and os.path.exists(system_python):
        os.execv(system_python, [system_python, os.path.abspath(__file__), *sys.argv[1:]])
    print('run.py: needs nbclient and nbformat (Debian: apt-get install jupyter-nbconvert)', file=sys.stderr)
    sys.exit(2)

import argparse
import asyncio
import json
import time
from pathlib import Path
from queue import Empty

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUTPUT = HERE / '.output'


class PatientClient(NotebookClient):
    """nbclient that keeps listening on iopub after a cell goes idle, for outputs published late.

    It extends nbclient's private `_async_poll_output_msg` (Debian ships nbclient 0.7.2): that returns
    at the cell's idle status, then this drains iopub for the cell's late messages. Should nbclient
    rename it, `execute` refuses to run rather than silently drop outputs.
    """

    grace = 0.5  # seconds of silence on iopub that end a cell
    max_drain = 3.0  # the longest a cell's drain may last (must stay under iopub_timeout)
    late_outputs = 0  # outputs that arrived after idle: each one plain nbconvert would have lost
    latest = 0.0  # the longest an output came after its cell's idle, in seconds

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        await super()._async_poll_output_msg(parent_msg_id, cell, cell_index)
        if self.grace <= 0:
            return
        loop = asyncio.get_running_loop()
        idle = loop.time()
        deadline = idle + self.max_drain
        while loop.time() < deadline:
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=self.grace))
            except (Empty, asyncio.TimeoutError):
                return
            if msg['parent_header'].get('msg_id') != parent_msg_id:
                continue
            if msg['msg_type'] in ('execute_result', 'display_data', 'stream', 'error', 'update_display_data'):
                self.late_outputs += 1
                self.latest = max(self.latest, loop.time() - idle)
            try:
                self.process_message(msg, cell, cell_index)
            except CellExecutionComplete:
                pass


def text_of(output):
    """Everything an output shows, as one string, for `contains` checks."""
    if output.get('output_type') == 'stream':
        return output.get('text', '')
    if output.get('output_type') == 'error':
        return '\n'.join([output.get('ename', ''), output.get('evalue', '')])
    parts = []
    for value in output.get('data', {}).values():
        parts.append(value if isinstance(value, str) else json.dumps(value))
    return '\n'.join(parts)


def check_notebook(nb):
    """The problems of an executed notebook, one string each (empty when it is clean)."""
    problems = []
    code_cells = [c for c in nb.cells if c.cell_type == 'code']
    if not code_cells:
        problems.append('no code cells')
    for k, cell in enumerate(nb.cells):
        if cell.cell_type != 'code':
            continue
        where = f'cell {k + 1}'  # counting every cell, markdown too, from 1
        outputs = cell.get('outputs', [])
        if cell.get('execution_count') is None:
            problems.append(f'{where}: did not run')
            continue
        errors = [o for o in outputs if o.get('output_type') == 'error']
        for out in errors:
            problems.append(f"{where}: {out.get('ename', 'error')}: {out.get('evalue', '')}".strip())
        if errors:
            continue  # what it failed to show follows from the error
        if not outputs:
            problems.append(f'{where}: no output')
            continue
        spec = cell.get('metadata', {}).get('stockflow', {})
        kinds = set()
        for out in outputs:
            if out.get('output_type') == 'stream':
                kinds.add('stream')
            kinds.update(out.get('data', {}).keys())
        for mime in spec.get('expect', []):
            if mime not in kinds:
                problems.append(f'{where}: no {mime} output (it has {", ".join(sorted(kinds)) or "nothing"})')
        shown = '\n'.join(text_of(o) for o in outputs)
        for needle in spec.get('contains', []):
            if needle not in shown:
                problems.append(f'{where}: its output lacks {needle!r}')
    return problems


def kernel_environment():
    """JUPYTER_PATH with the committed kernelspec first; PATH with the repo's node_modules/.bin."""
    jupyter_path = os.environ.get('JUPYTER_PATH')
    os.environ['JUPYTER_PATH'] = os.pathsep.join(filter(None, [str(HERE / 'jupyter'), jupyter_path]))
    os.environ['PATH'] = os.pathsep.join([str(ROOT / 'node_modules' / '.bin'), os.environ.get('PATH', '')])
    os.environ.setdefault('NO_COLOR', '1')  # Deno's text/plain results without ANSI colour codes


def execute(path, grace, timeout):
    """Runs one notebook; returns (executed notebook, (late outputs, latest in s), seconds)."""
    if grace > 0 and not hasattr(NotebookClient, '_async_poll_output_msg'):
        raise RuntimeError('this nbclient has no _async_poll_output_msg to extend: update run.py')
    nb = nbformat.read(path, as_version=4)
    client = PatientClient(
        nb,
        timeout=timeout,
        iopub_timeout=int(PatientClient.max_drain) + 5,
        startup_timeout=120,
        allow_errors=True,  # run every cell: the check reports each failing one
        resources={'metadata': {'path': str(path.parent)}},
    )
    client.grace = grace
    start = time.monotonic()
    client.execute()
    return nb, (client.late_outputs, client.latest), time.monotonic() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('notebooks', nargs='*', help='notebooks to run (default: every *.ipynb here)')
    parser.add_argument('--check', action='store_true', help='only check the given executed notebooks')
    parser.add_argument('--repeat', type=int, default=1, help='execute each notebook N times (flakiness)')
    parser.add_argument('--grace', type=float, default=0.5, help='quiet seconds on iopub after idle (0: as nbconvert)')
    parser.add_argument('--timeout', type=int, default=600, help='seconds a cell may take')
    args = parser.parse_args()

    paths = [Path(p).resolve() for p in args.notebooks] or sorted(HERE.glob('*.ipynb'))
    if not paths:
        print('run.py: no notebooks', file=sys.stderr)
        return 2
    if not args.check:
        kernel_environment()
        OUTPUT.mkdir(exist_ok=True)

    results = []
    for path in paths:
        for attempt in range(args.repeat):
            label = path.name if args.repeat == 1 else f'{path.name} #{attempt + 1}'
            nb, late, seconds = None, (0, 0.0), 0.0
            try:
                if args.check:
                    nb = nbformat.read(path, as_version=4)
                else:
                    nb, late, seconds = execute(path, args.grace, args.timeout)
                    nbformat.write(nb, OUTPUT / path.name)
                problems = check_notebook(nb)
            except Exception as e:  # a kernel that fails to start or dies, a cell timeout, bad JSON
                problems = [f'{type(e).__name__}: {e}'.splitlines()[0]]
            cells = sum(1 for c in nb.cells if c.cell_type == 'code') if nb else 0
            results.append(not problems)
            if problems:
                print(f'FAIL {label}: ' + '; '.join(problems), flush=True)
            else:
                timing = f', {seconds:.1f} s' if not args.check else ''
                extra = f', {late[0]} late output(s) kept, up to {late[1] * 1000:.0f} ms after idle' if late[0] else ''
                print(f'PASS {label} ({cells} code cells{timing}{extra})', flush=True)

    passed = sum(results)
    failed = len(results) - passed
    print(f'notebooks: {passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
