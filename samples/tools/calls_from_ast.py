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
import json
import os
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
    def walk(self, root):
        stack = [(root, None, None)]
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
    opts = parser.parse_args()

    sample_dir = os.path.realpath(opts.sample_dir)
    with open(os.path.join(opts.build_dir, "compile_commands.json")) as f:
        entries = json.load(f)
    edges = set()
    for entry in sorted(entries, key=lambda e: e["file"]):
        tu_dir = entry["directory"]
        proc = subprocess.run(clang_args(entry, opts.clang), cwd=tu_dir, capture_output=True)
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr.decode(errors="replace"))
            sys.exit("clang failed on " + entry["file"])
        walker = TuWalker(sample_dir, tu_dir)
        walker.walk(json.loads(proc.stdout))
        del proc
        tu_edges = walker.edges()
        sys.stderr.write("%s: %d edges\n" % (os.path.relpath(entry["file"], sample_dir), len(tu_edges)))
        edges |= tu_edges

    doc = {"calls": [{"from": a, "to": b} for a, b in sorted(edges)]}
    text = json.dumps(doc, indent=2) + "\n"
    if opts.output == "-":
        sys.stdout.write(text)
    else:
        with open(opts.output, "w") as f:
            f.write(text)
    sys.stderr.write("%d distinct edges\n" % len(edges))


if __name__ == "__main__":
    main()
