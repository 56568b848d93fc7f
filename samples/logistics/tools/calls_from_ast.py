#!/usr/bin/env python3
"""Call edges between a sample's own functions, read from clang's JSON AST dump.

This is the reference that cleave's front end is measured against, so it deliberately shares no
code with cleave: it replays each compile command through `clang++-16 -fsyntax-only -Xclang
-ast-dump=json` and walks the dump.

What counts as an edge (from -> to, both fully qualified as clang prints them, no parameters):
  * a reference to a function or method of the sample inside a function body: a direct call, a
    member call (a virtual call points at the method named at the call site, usually the
    interface), a static-method call;
  * a construction of a sample class through a user-written constructor (`T x(a)`, `T(a)`,
    `new T(a)`); implicit and `= default` constructors and destructors are not edges.
Calls inside lambdas count for the enclosing function. Only functions declared in files under
--root are kept, on either side.

Usage: calls_from_ast.py --build BUILD_DIR --root SAMPLE_DIR [-o calls.json] [-j N]
"""

import argparse
import json
import os
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

FUNCTION_KINDS = {
    "FunctionDecl",
    "CXXMethodDecl",
    "CXXConstructorDecl",
    "CXXDestructorDecl",
    "CXXConversionDecl",
}
RECORD_KINDS = {"CXXRecordDecl", "ClassTemplateDecl"}
CONSTRUCT_KINDS = {"CXXConstructExpr", "CXXTemporaryObjectExpr"}
LOC_KEYS = ("offset", "col", "tokLen", "line")


def clang_command(entry):
    """The entry's compile command turned into a JSON AST dump with no output file."""
    if "arguments" in entry:
        args = list(entry["arguments"])
    else:
        args = shlex.split(entry["command"])
    out = ["clang++-16"]
    skip = False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if a in ("-c", "-MD", "-MMD") or a.startswith("-W"):
            continue
        out.append(a)
    out += ["-fsyntax-only", "-Xclang", "-ast-dump=json"]
    return out


class Pruner:
    """object_hook for json.loads.

    The dump writes a location's file only when it differs from the previously written one, so
    the current file is tracked in document order (object_hook sees leaf objects in that order).
    Declarations outside the sample root are replaced by stubs as soon as they close, which keeps
    memory small although the full dump of a TU is hundreds of megabytes.
    """

    def __init__(self, root):
        self.root = root
        self.last_file = None

    def __call__(self, d):
        if "spellingLoc" in d or "expansionLoc" in d:
            exp = d.get("expansionLoc") or d.get("spellingLoc") or {}
            d["_file"] = exp.get("_file")
            return d
        if any(k in d for k in LOC_KEYS):
            if "file" in d:
                self.last_file = d["file"]
            d["_file"] = self.last_file
            return d
        kind = d.get("kind")
        if kind and kind.endswith("Decl") and kind != "TranslationUnitDecl":
            loc = d.get("loc") or {}
            f = loc.get("_file")
            if f is not None and not self.in_root(f):
                return {"kind": kind, "id": d.get("id"), "pruned": True}
        return d

    def in_root(self, path):
        return os.path.realpath(path).startswith(self.root + os.sep)


class Walker:
    def __init__(self):
        self.fn_names = {}  # decl id -> qualified name
        self.record_names = {}  # record decl id -> qualified name
        self.ctors = {}  # record qualified name -> [(ctor type, qualified name)]
        self.edges = set()
        self.functions = set()

    def walk(self, node, scope, current):
        if not isinstance(node, dict) or node.get("pruned"):
            return
        kind = node.get("kind", "")
        if current is None:
            if kind == "NamespaceDecl":
                name = node.get("name", "(anonymous namespace)")
                for c in node.get("inner", []):
                    self.walk(c, scope + [name], None)
                return
            if kind in RECORD_KINDS:
                if node.get("isImplicit") or not node.get("name"):
                    return
                qual = "::".join(scope + [node["name"]])
                self.record_names[node["id"]] = qual
                for c in node.get("inner", []):
                    self.walk(c, scope + [node["name"]], None)
                return
            if kind in FUNCTION_KINDS:
                self.function(node, scope)
                return
            for c in node.get("inner", []):
                self.walk(c, scope, None)
            return

        # Inside a function body: collect references.
        if kind == "DeclRefExpr":
            ref = node.get("referencedDecl") or {}
            if ref.get("kind") in FUNCTION_KINDS and ref.get("id") in self.fn_names:
                self.edges.add((current, self.fn_names[ref["id"]]))
        elif kind == "MemberExpr":
            rid = node.get("referencedMemberDecl")
            if rid in self.fn_names:
                self.edges.add((current, self.fn_names[rid]))
        elif kind in CONSTRUCT_KINDS:
            self.construct(node, current)
        for c in node.get("inner", []):
            self.walk(c, scope, current)

    def function(self, node, scope):
        # Implicit and "= default" members have no code of the sample's own; an edge to them
        # would only record that a type was constructed.
        if node.get("isImplicit") or node.get("explicitlyDefaulted"):
            return
        name = node.get("name", "")
        prev = node.get("previousDecl")
        parent = node.get("parentDeclContextId")
        if prev in self.fn_names:
            qual = self.fn_names[prev]
        elif parent in self.record_names:
            qual = self.record_names[parent] + "::" + name
        else:
            qual = "::".join(scope + [name])
        self.fn_names[node["id"]] = qual
        if node["kind"] == "CXXConstructorDecl":
            record = qual.rsplit("::", 1)[0]
            entry = (node.get("type", {}).get("qualType"), qual)
            self.ctors.setdefault(record, [])
            if entry not in self.ctors[record]:
                self.ctors[record].append(entry)
        inner = node.get("inner", [])
        has_body = any(c.get("kind") == "CompoundStmt" for c in inner if isinstance(c, dict))
        if not has_body:
            return
        self.functions.add(qual)
        for c in inner:
            if isinstance(c, dict) and c.get("kind") != "ParmVarDecl":
                self.walk(c, scope, qual)
            elif isinstance(c, dict):
                # default arguments may call functions too
                for cc in c.get("inner", []):
                    self.walk(cc, scope, qual)

    def construct(self, node, current):
        t = node.get("type", {})
        record = t.get("desugaredQualType") or t.get("qualType") or ""
        for prefix in ("const ", "volatile ", "struct ", "class "):
            if record.startswith(prefix):
                record = record[len(prefix):]
        ctor_type = (node.get("ctorType") or {}).get("qualType")
        for sig, qual in self.ctors.get(record, []):
            if sig == ctor_type:
                self.edges.add((current, qual))
                return


def analyse(entry, root):
    cmd = clang_command(entry)
    proc = subprocess.run(cmd, cwd=entry["directory"], capture_output=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode(errors="replace"))
        raise SystemExit("clang failed on " + entry["file"])
    tree = json.loads(proc.stdout, object_hook=Pruner(root))
    del proc
    w = Walker()
    w.walk(tree, [], None)
    return w.edges, w.functions


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", required=True, help="directory holding compile_commands.json")
    ap.add_argument("--root", required=True, help="only functions declared under this folder count")
    ap.add_argument("-o", "--output", help="write calls.json here (default: stdout)")
    ap.add_argument("-j", "--jobs", type=int, default=1)
    opts = ap.parse_args()

    root = os.path.realpath(opts.root)
    with open(os.path.join(opts.build, "compile_commands.json")) as f:
        entries = json.load(f)
    entries = [e for e in entries if os.path.realpath(os.path.join(e["directory"], e["file"])).startswith(root + os.sep)]

    edges = set()
    functions = set()
    with ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
        for e, fns in pool.map(lambda entry: analyse(entry, root), entries):
            edges |= e
            functions |= fns
    calls = [{"from": a, "to": b} for a, b in sorted(edges)]
    text = json.dumps({"calls": calls}, indent=2) + "\n"
    if opts.output:
        tmp = opts.output + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, opts.output)
    else:
        sys.stdout.write(text)
    sys.stderr.write("%d TUs, %d functions with bodies, %d edges\n" % (len(entries), len(functions), len(calls)))


if __name__ == "__main__":
    main()
