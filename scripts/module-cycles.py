#!/usr/bin/env python3
"""Find import cycles between the top-level modules of every crate.

Cargo keeps the crates layered (a crate cannot use one that depends on it);
inside a crate nothing does, so this script checks it: for every crate under
crates/ and src-tauri/, it collects which top-level module names which other
(`crate::x`, `super::x` resolved to the crate root, `use crate::{x, y}`),
leaving out comments and test code (files named tests.rs, folders named
tests, `#[cfg(test)]` items), and prints the cycles.

    scripts/module-cycles.py            check every crate; exit 1 on a cycle
    scripts/module-cycles.py -v         also print every module's edges
    scripts/module-cycles.py DIR…       check these source folders only

A cycle is allowed only while it is listed in scripts/module-cycles.known
(one cycle a line, its modules separated by spaces, after the crate's name and
a colon): the debt still to pay. A cycle that is not inside a known one fails;
a known cycle that has shrunk or gone is reported, so that the list is updated.
"""
import os
import re
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KNOWN = os.path.join(ROOT, 'scripts', 'module-cycles.known')


def drop_comments(text):
    """Remove comments, keeping string literals (a URL's // is no comment)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('//', i):
            j = text.find('\n', i)
            i = n if j < 0 else j
        elif text.startswith('/*', i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith('/*', i):
                    depth, i = depth + 1, i + 2
                elif text.startswith('*/', i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif c == 'r' and re.match(r'r#*"', text[i:i + 10]) and not (i and (text[i - 1].isalnum() or text[i - 1] == '_')):
            m = re.match(r'r(#*)"', text[i:])
            end = text.find('"' + m.group(1), i + len(m.group(0)))
            end = n if end < 0 else end + 1 + len(m.group(1))
            out.append('""')
            i = end
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == '\\' else 1
            out.append('""')
            i = j + 1
        elif c == "'" and re.match(r"'(\\.|[^\\'])'|'\\u\{[0-9a-fA-F]+\}'|'\\x..'", text[i:i + 12]):
            m = re.match(r"'(\\.|[^\\'])'|'\\u\{[0-9a-fA-F]+\}'|'\\x..'", text[i:i + 12])
            out.append("' '")
            i += len(m.group(0))
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def drop_test_items(text):
    """Remove every item marked #[cfg(test)] (a `mod x;`, or a block)."""
    while True:
        m = re.search(r'#\[cfg\(test\)\]', text)
        if not m:
            return text
        i = m.end()
        # Skip further attributes, then the item up to its `;` or its balanced block.
        while True:
            a = re.match(r'\s*#\[[^\]]*\]', text[i:])
            if not a:
                break
            i += a.end()
        j = i
        while j < len(text) and text[j] not in ';{':
            j += 1
        if j < len(text) and text[j] == '{':
            depth = 0
            while j < len(text):
                if text[j] == '{':
                    depth += 1
                elif text[j] == '}':
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
        text = text[:m.start()] + text[j + 1:]


def module_path(src, path):
    """The module path of a source file, e.g. ['register', 'crud']."""
    rel = os.path.relpath(path, src)[:-3].split(os.sep)
    if rel[-1] in ('mod', 'lib', 'main'):
        rel = rel[:-1]
    return rel


def resolve(path, own):
    """The top-level module a path names, or None (std, another crate …).

    `own` is the module path of the file the path appears in; `super` and
    `self` are resolved against it (inline modules are not tracked: a `super`
    inside one resolves one level too high, which at worst names the file's own
    top-level module, never another).
    """
    parts = [p for p in re.split(r'\s*::\s*', path) if p]
    if not parts:
        return None
    if parts[0] == 'crate':
        rest = parts[1:]
    elif parts[0] in ('super', 'self'):
        base = list(own)
        while parts and parts[0] in ('super', 'self'):
            if parts[0] == 'super':
                base = base[:-1]
            parts = parts[1:]
        rest = base + parts
    else:
        return None
    return rest[0] if rest else None


def use_paths(text):
    """Every path a `use` declaration brings in, groups expanded."""
    paths = []
    for m in re.finditer(r'\buse\s+([^;]*);', text):
        paths.extend(expand(re.sub(r'\s+', '', m.group(1))))
    return paths


def expand(tree):
    """`a::{b, c::{d}}` → ['a::b', 'a::c::d']."""
    i = tree.find('{')
    if i < 0:
        return [tree]
    prefix, body = tree[:i], tree[i + 1:tree.rfind('}')]
    parts, depth, start = [], 0, 0
    for k, ch in enumerate(body):
        if ch == '{':
            depth += 1
        elif ch == '}':
            depth -= 1
        elif ch == ',' and depth == 0:
            parts.append(body[start:k])
            start = k + 1
    parts.append(body[start:])
    out = []
    for p in parts:
        if p:
            out.extend(prefix + q for q in expand(p))
    return out


def crate_graph(src):
    """(top-level modules, {module: {modules it names}}) of one crate."""
    mods = set()
    for name in os.listdir(src):
        p = os.path.join(src, name)
        if name.endswith('.rs') and name not in ('lib.rs', 'main.rs'):
            mods.add(name[:-3])
        elif os.path.isdir(p) and name not in ('bin', 'tests', 'testdata'):
            mods.add(name)
    edges = defaultdict(set)
    sources = []
    for root, dirs, files in os.walk(src):
        dirs[:] = [d for d in dirs if d not in ('tests', 'testdata')]
        sources += [os.path.join(root, f) for f in files if f.endswith('.rs') and f != 'tests.rs']
    # Files of modules declared `#[cfg(test)] mod name;` (tests under another name).
    test_only = []
    for path in sources:
        with open(path, encoding='utf-8') as fh:
            text = drop_comments(fh.read())
        folder = os.path.dirname(path)
        stem = os.path.basename(path)[:-3]
        if stem not in ('mod', 'lib', 'main'):
            folder = os.path.join(folder, stem)
        for name in re.findall(r'#\[cfg\(test\)\]\s*(?:#\[[^\]]*\]\s*)*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;', text):
            test_only.append(os.path.join(folder, name))
    for path in sources:
        if any(path == t + '.rs' or path.startswith(t + os.sep) for t in test_only):
            continue
        own = module_path(src, path)
        if not own or own[0] not in mods:
            continue
        top = own[0]
        with open(path, encoding='utf-8') as fh:
            text = drop_test_items(drop_comments(fh.read()))
        named = set(use_paths(text))
        named.update(re.findall(r'\b(?:crate|super)(?:\s*::\s*\w+)+', text))
        for p in named:
            m = resolve(p, own)
            if m in mods and m != top:
                edges[top].add(m)
    return mods, edges


def cycles(nodes, edges):
    """The strongly connected components with more than one module."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def crate_sources():
    """(crate name, src folder) of every crate in the workspace."""
    found = []
    for parent in [os.path.join(ROOT, 'crates')]:
        for name in sorted(os.listdir(parent)):
            src = os.path.join(parent, name, 'src')
            if os.path.isdir(src):
                found.append((name, src))
    tauri = os.path.join(ROOT, 'src-tauri', 'src')
    if os.path.isdir(tauri):
        found.append(('taizhang-app', tauri))
    return found


def known_cycles():
    known = defaultdict(list)
    if os.path.exists(KNOWN):
        with open(KNOWN, encoding='utf-8') as fh:
            for line in fh:
                line = line.split('#', 1)[0].strip()
                if line:
                    crate, mods = line.split(':', 1)
                    known[crate.strip()].append(set(mods.split()))
    return known


def main(argv):
    verbose = '-v' in argv
    dirs = [a for a in argv if a != '-v']
    crates = [(os.path.basename(os.path.dirname(os.path.abspath(d))), d) for d in dirs] or crate_sources()
    known = known_cycles()
    failed = False
    for crate, src in crates:
        mods, edges = crate_graph(src)
        found = cycles(mods, edges)
        allowed = known.get(crate, [])
        news = [c for c in found if not any(set(c) <= k for k in allowed)]
        print(f'{crate}: {len(mods)} modules, {len(found)} cycle(s)')
        for c in found:
            mark = 'NEW' if c in news else 'known'
            print(f'  cycle ({mark}): {" ".join(c)}')
        for k in allowed:
            if sorted(k) not in found:
                print(f'  known cycle no longer there as listed, update {os.path.relpath(KNOWN, ROOT)}: {" ".join(sorted(k))}')
        if verbose:
            for a in sorted(mods):
                print(f'    {a} -> {" ".join(sorted(edges.get(a, ()))) or "-"}')
        failed |= bool(news)
    if failed:
        print('module import cycles found: a module may only use modules that do not use it back', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
