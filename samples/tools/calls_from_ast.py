#!/usr/bin/env python3
"""Call edges of a sample, taken from clang's own AST, independently of cleave.

For every translation unit in BUILD_DIR/compile_commands.json this runs
`clang++-16 -Xclang -ast-dump=json -fsyntax-only` and collects, for each
CallExpr, CXXMemberCallExpr, CXXOperatorCallExpr, CXXConstructExpr and
CXXTemporaryObjectExpr, the edge
    (enclosing function, called function)
when BOTH functions are declared in a file under SAMPLE_DIR. Names are
qualified the way clang prints them, without parameters
(`vet::billing::InvoiceService::create`, `vet::(anonymous namespace)::f`).

Rules, so the result can be reproduced and argued about:
  - A call inside a lambda belongs to the named function that holds the lambda.
  - Calls to a lambda's operator() are dropped (it is not a named function).
  - Implicit and defaulted functions (implicit copy constructors, `= default`)
    are dropped as callees; a constructor call counts only when it reaches a
    user-written constructor of a sample class, matched by its signature.
  - Template instantiations are walked, so calls that only resolve in an
    instantiation are kept, under the template's name (no arguments).
  - Self-edges by name (an overload calling its sibling) are dropped.
  - Calls through function pointers, std::function and pointers to members
    have no static callee and are not edges.

Usage: calls_from_ast.py BUILD_DIR SAMPLE_DIR [-o calls.json] [--clang clang++-16]
"""

import argparse
import bisect
import json
import os
import re
import shlex
import subprocess
import sys

FUNCTION_KINDS = {
    "FunctionDecl",
    "CXXMethodDecl",
    "CXXConstructorDecl",
    "CXXDestructorDecl",
    "CXXConversionDecl",
}
CALL_KINDS = {"CallExpr", "CXXMemberCallExpr", "CXXOperatorCallExpr"}
CONSTRUCT_KINDS = {"CXXConstructExpr", "CXXTemporaryObjectExpr"}
# Nodes between a call and the expression naming its callee.
CALLEE_WRAPPERS = {
    "ImplicitCastExpr",
    "ParenExpr",
    "MaterializeTemporaryExpr",
    "CXXBindTemporaryExpr",
    "ExprWithCleanups",
    "UnaryOperator",
}
# Flags that only gcc understands; clang would warn or fail on them.
GCC_ONLY_FLAGS = ("-Wno-maybe-uninitialized", "-fno-semantic-interposition")


class TuWalker:
    """Walks one TU's JSON AST, tracking the file the dumper elides."""

    def __init__(self, sample_dir, tu_dir):
        self.sample_dir = sample_dir
        self.tu_dir = tu_dir
        self.cur_file = ""
        self.decls = {}  # id -> dict(kind, name, parent, sem_parent, file, implicit, lambda, defaulted, type)
        self.call_sites = []  # (enclosing id, callee id)
        self.construct_sites = []  # (enclosing id, class spelling, ctor type)

    # -- locations -------------------------------------------------------
    def _scan_loc(self, value):
        if isinstance(value, dict):
            if "file" in value:
                self.cur_file = value["file"]
            for key, sub in value.items():
                if key != "includedFrom" and isinstance(sub, (dict, list)):
                    self._scan_loc(sub)
        elif isinstance(value, list):
            for sub in value:
                self._scan_loc(sub)

    def in_sample(self, path):
        if not path:
            return False
        full = os.path.realpath(os.path.join(self.tu_dir, path))
        return full == self.sample_dir or full.startswith(self.sample_dir + os.sep)

    # -- traversal -------------------------------------------------------
    def walk(self, root, parent=None):
        stack = [(root, parent, None)]
        # Iterative to survive deep ASTs; children are pushed in reverse so
        # they are visited in dump order, which the file tracking relies on.
        while stack:
            node, parent_decl, enclosing = stack.pop()
            if not isinstance(node, dict):
                continue
            kind = node.get("kind", "")
            decl_file = None
            for key, value in node.items():
                if key == "loc":
                    self._scan_loc(value)
                    decl_file = self.cur_file
                elif key == "range":
                    self._scan_loc(value)
            node_id = node.get("id")
            child_parent = parent_decl
            child_enclosing = enclosing
            if kind.endswith("Decl") and node_id:
                definition = node.get("definitionData") or {}
                self.decls[node_id] = {
                    "kind": kind,
                    "name": node.get("name", ""),
                    "parent": parent_decl,
                    "sem_parent": node.get("parentDeclContextId"),
                    "file": decl_file if decl_file is not None else self.cur_file,
                    "implicit": bool(node.get("isImplicit")),
                    "lambda": bool(definition.get("isLambda")),
                    "defaulted": node.get("explicitlyDefaulted") is not None,
                    "type": (node.get("type") or {}).get("qualType", ""),
                    "static": node.get("storageClass") == "static",
                    "complete": bool(node.get("completeDefinition")),
                }
                child_parent = node_id
                if kind in FUNCTION_KINDS and not self._is_lambda_member(node_id):
                    child_enclosing = node_id
            elif kind in CALL_KINDS and enclosing is not None:
                callee = self._callee_of(node)
                if callee is not None:
                    self.call_sites.append((enclosing, callee))
            elif kind in CONSTRUCT_KINDS and enclosing is not None:
                type_info = node.get("type") or {}
                spelled = type_info.get("desugaredQualType") or type_info.get("qualType", "")
                ctor_type = (node.get("ctorType") or {}).get("qualType", "")
                self.construct_sites.append((enclosing, spelled, ctor_type))
            for child in reversed(node.get("inner", [])):
                stack.append((child, child_parent, child_enclosing))

    def _is_lambda_member(self, decl_id):
        parent = self.decls[decl_id]["parent"]
        return parent is not None and self.decls.get(parent, {}).get("lambda", False)

    @staticmethod
    def _callee_of(call):
        inner = call.get("inner") or []
        if not inner:
            return None
        expr = inner[0]
        while isinstance(expr, dict):
            kind = expr.get("kind")
            if kind == "DeclRefExpr":
                return (expr.get("referencedDecl") or {}).get("id")
            if kind == "MemberExpr":
                return expr.get("referencedMemberDecl")
            if kind in CALLEE_WRAPPERS and expr.get("inner"):
                expr = expr["inner"][0]
                continue
            return None
        return None

    # -- names -----------------------------------------------------------
    def qualified_name(self, decl_id):
        parts = []
        seen = set()
        current = decl_id
        while current is not None and current in self.decls and current not in seen:
            seen.add(current)
            info = self.decls[current]
            kind = info["kind"]
            if kind == "TranslationUnitDecl":
                break
            if kind == "NamespaceDecl":
                parts.append(info["name"] or "(anonymous namespace)")
            elif kind in ("LinkageSpecDecl", "ClassTemplateDecl", "FunctionTemplateDecl"):
                pass  # transparent: the templated decl below carries the name
            elif info["name"]:
                parts.append(info["name"])
            current = info["sem_parent"] or info["parent"]
        return "::".join(reversed(parts))

    def _usable_callee(self, decl_id):
        info = self.decls.get(decl_id)
        if info is None or info["kind"] not in FUNCTION_KINDS:
            return False
        if info["implicit"] or info["defaulted"] or self._is_lambda_member(decl_id):
            return False
        return self.in_sample(info["file"])

    def edges(self):
        result = set()
        for enclosing, callee in self.call_sites:
            if not self.in_sample(self.decls[enclosing]["file"]) or not self._usable_callee(callee):
                continue
            result.add((self.qualified_name(enclosing), self.qualified_name(callee)))
        constructors = {}
        for decl_id, info in self.decls.items():
            if info["kind"] == "CXXConstructorDecl" and self._usable_callee(decl_id):
                owner = self.qualified_name(decl_id).rsplit("::", 1)[0]
                constructors.setdefault(owner, []).append((normalise_type(info["type"]), decl_id))
        for enclosing, spelled, ctor_type in self.construct_sites:
            if not self.in_sample(self.decls[enclosing]["file"]):
                continue
            owner = class_name_of(spelled)
            wanted = normalise_type(ctor_type)
            for candidate_type, decl_id in constructors.get(owner, []):
                if candidate_type == wanted:
                    result.add((self.qualified_name(enclosing), self.qualified_name(decl_id)))
                    break
        return {(a, b) for a, b in result if a != b}

    def symbols(self):
        """Classes and free functions declared in the sample (for checking decomposition.json)."""
        classes = set()
        functions = set()
        for decl_id, info in self.decls.items():
            if info["implicit"] or not self.in_sample(info["file"]):
                continue
            name = self.qualified_name(decl_id)
            if "(anonymous namespace)" in name:
                continue
            parent = self.decls.get(info["sem_parent"] or info["parent"], {})
            if parent.get("kind") == "FunctionTemplateDecl":
                parent = self.decls.get(parent.get("sem_parent") or parent.get("parent"), {})
            at_namespace_scope = parent.get("kind") in ("NamespaceDecl", "TranslationUnitDecl", "LinkageSpecDecl")
            if info["kind"] == "CXXRecordDecl" and info["complete"] and not info["lambda"] and info["name"]:
                classes.add(name)
            elif info["kind"] == "FunctionDecl" and at_namespace_scope and not info["static"]:
                functions.add(name)
        return classes, functions


FILE_RE = re.compile(r'"file"\s*:\s*"((?:[^"\\]|\\.)*)"')
INCLUDED_FROM_RE = re.compile(r'"includedFrom"\s*:\s*\{\s*("file")')


def walk_sample_decls(walker, text, sample_dir):
    """Walks only the top-level declarations that can hold sample code.

    A TU's dump is mostly the standard library (300+ MB for the front desk);
    decoding and walking all of it is what made this slow. The dumper writes
    a location's file only when it changes, so the file in force at any point
    of the text is the last "file" key before it (ignoring "includedFrom").
    A top-level declaration is walked when that file, or any file it names,
    is under the sample directory; the rest is decoded and dropped.
    """
    positions = []
    files = []
    included_from = {m.start(1) for m in INCLUDED_FROM_RE.finditer(text)}
    for match in FILE_RE.finditer(text):
        if match.start() in included_from:
            continue
        positions.append(match.start())
        files.append(json.loads('"' + match.group(1) + '"'))
    decoder = json.JSONDecoder()
    root_inner = text.find('"inner"')
    pos = text.find("[", root_inner) + 1
    walker.decls["<tu>"] = {"kind": "TranslationUnitDecl", "name": "", "parent": None, "sem_parent": None,
                            "file": "", "implicit": True, "lambda": False, "defaulted": False, "type": ""}
    sample_marker = sample_dir + os.sep
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            break
        node, end = decoder.raw_decode(text, pos)
        index = bisect.bisect_left(positions, pos) - 1
        walker.cur_file = files[index] if index >= 0 else ""
        if walker.in_sample(walker.cur_file) or text.find(sample_marker, pos, end) != -1:
            walker.walk(node, "<tu>")
        pos = end


def normalise_type(text):
    text = text.replace(" noexcept", "")
    return " ".join(text.split())


def class_name_of(spelled):
    text = spelled.strip()
    for prefix in ("const ", "volatile ", "struct ", "class "):
        while text.startswith(prefix):
            text = text[len(prefix):]
    depth = 0
    out = []
    for ch in text:  # drop template arguments: CsvWriter<X> -> CsvWriter
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out).strip()


def clang_args(entry, clang):
    if "arguments" in entry:
        args = list(entry["arguments"])
    else:
        args = shlex.split(entry["command"])
    kept = []
    skip_next = False
    for arg in args[1:]:
        if skip_next:
            skip_next = False
            continue
        if arg == "-o":
            skip_next = True
            continue
        if arg == "-c" or arg in GCC_ONLY_FLAGS:
            continue
        kept.append(arg)
    return [clang, "-Xclang", "-ast-dump=json", "-fsyntax-only"] + kept


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build_dir")
    parser.add_argument("sample_dir")
    parser.add_argument("-o", "--output", default="-")
    parser.add_argument("--clang", default="clang++-16")
    parser.add_argument("--symbols", help="also write the sample's classes and free functions to this file")
    opts = parser.parse_args()

    sample_dir = os.path.realpath(opts.sample_dir)
    with open(os.path.join(opts.build_dir, "compile_commands.json")) as f:
        entries = json.load(f)
    edges = set()
    classes = set()
    functions = set()
    for entry in sorted(entries, key=lambda e: e["file"]):
        tu_dir = entry["directory"]
        proc = subprocess.run(clang_args(entry, opts.clang), cwd=tu_dir, capture_output=True)
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr.decode(errors="replace"))
            sys.exit("clang failed on " + entry["file"])
        walker = TuWalker(sample_dir, tu_dir)
        walk_sample_decls(walker, proc.stdout.decode(errors="replace"), sample_dir)
        del proc
        tu_edges = walker.edges()
        sys.stderr.write("%s: %d edges\n" % (os.path.relpath(entry["file"], sample_dir), len(tu_edges)))
        edges |= tu_edges
        tu_classes, tu_functions = walker.symbols()
        classes |= tu_classes
        functions |= tu_functions

    doc = {"calls": [{"from": a, "to": b} for a, b in sorted(edges)]}
    text = json.dumps(doc, indent=2) + "\n"
    if opts.output == "-":
        sys.stdout.write(text)
    else:
        with open(opts.output, "w") as f:
            f.write(text)
    if opts.symbols:
        with open(opts.symbols, "w") as f:
            json.dump({"classes": sorted(classes), "functions": sorted(functions)}, f, indent=2)
            f.write("\n")
    sys.stderr.write("%d distinct edges\n" % len(edges))


if __name__ == "__main__":
    main()
