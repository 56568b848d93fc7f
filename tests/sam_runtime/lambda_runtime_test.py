#!/usr/bin/env python3
"""The generated SAM handlers against the real aws-lambda-cpp runtime.

  generate --cleave BIN --source-dir S --work W SAMPLE...   configures each
      bundled sample and runs `cleave analyze -p BUILD -o W/out/SAMPLE --sam`.
  compile --prefix P --work W OUT...   every service under OUT/sam/services/
      in one CMake superbuild, warnings as errors; each must link a bootstrap.
  invoke --prefix P --work W (--service DIR | --pick-from OUT) (--make | --bootstrap BIN) --tool T
      --pick-from takes the first service of OUT with an HTTP route and a
      consumer (else the first with a route). --make does what `sam build` does (copy the folder to a scratch dir, run
      `make build-<ApiFunctionId> ARTIFACTS_DIR=...`); then the bootstrap runs
      against a loopback emulator of the Lambda Runtime API and must answer an
      HTTP API event for a real route with its stub's 501, a wrong route with
      404, malformed events with 400, and, with _HANDLER set to a consumer, an
      SQS batch with every messageId in batchItemFailures.

What to send comes from DIR/invoke.json (hand-built plans) or else from
DIR/template.yaml, read by `T --spec DIR` (yaml-cpp): the routes and the
Handler the template declares, so a name that differs between the template
and the code fails here. Python 3 standard library only.
"""

import argparse
import http.server
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
import uuid

INSTALL_HINT = "run scripts/install-deps.sh --with-lambda"
RESPONSE_TIMEOUT_S = 60


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def require_runtime(prefix):
    config = os.path.join(prefix, "lib", "aws-lambda-runtime", "cmake", "aws-lambda-runtime-config.cmake")
    if not os.path.isfile(config):
        fail(f"aws-lambda-cpp is not installed in {prefix} (no {config}): {INSTALL_HINT}")


def run(cmd, cwd=None, env=None, timeout=1800):
    print("$ " + " ".join(cmd), flush=True)
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=cwd, env=env, timeout=timeout, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, errors="replace")
    print(f"  ({time.monotonic() - started:.1f} s, exit {proc.returncode})", flush=True)
    if proc.returncode != 0:
        print(proc.stdout[-20000:])
        fail(f"command failed with exit code {proc.returncode}: {' '.join(cmd)}")
    return proc.stdout


def service_dirs(out_dir):
    root = os.path.join(out_dir, "sam", "services")
    if not os.path.isdir(root):
        return []
    return [os.path.join(root, d) for d in sorted(os.listdir(root))
            if os.path.isfile(os.path.join(root, d, "CMakeLists.txt"))]


def cmake_path(path):
    return os.path.abspath(path).replace("\\", "/")


def generate(args):
    for sample in args.samples:
        build = os.path.join(args.work, "build", sample)
        out = os.path.join(args.work, "out", sample)
        shutil.rmtree(build, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        run(["cmake", "-S", os.path.join(args.source_dir, "samples", sample), "-B", build])
        run([args.cleave, "analyze", "--no-progress", "-p", build, "-o", out, "--sam"])
        check(service_dirs(out), f"cleave analyze --sam wrote no service with a CMakeLists.txt under {out}/sam/services")
        print(f"{sample}: {len(service_dirs(out))} services under {out}/sam/services")


def compile_all(args):
    """One superbuild per application (target names are unique within one)."""
    require_runtime(args.prefix)
    shutil.rmtree(args.work, ignore_errors=True)
    total = 0
    for out_dir in args.out:
        dirs = service_dirs(out_dir)
        check(dirs, f"no service with a CMakeLists.txt under {out_dir}/sam/services")
        label = re.sub(r"[^A-Za-z0-9_-]", "_", os.path.basename(os.path.normpath(out_dir)))
        src = os.path.join(args.work, label, "superbuild")
        build = os.path.join(args.work, label, "build")
        os.makedirs(src)
        with open(os.path.join(src, "CMakeLists.txt"), "w", encoding="utf-8") as f:
            f.write("# Every generated service of one application (lambda_runtime_test.py compile).\n")
            f.write("cmake_minimum_required(VERSION 3.16)\nproject(sam_services LANGUAGES CXX)\n")
            for service in dirs:
                f.write(f'add_subdirectory("{cmake_path(service)}" "{os.path.basename(service)}")\n')
        run(["cmake", "-S", src, "-B", build, "-DCMAKE_BUILD_TYPE=Release", f"-DCMAKE_PREFIX_PATH={args.prefix}",
             "-DCMAKE_CXX_FLAGS=-Wall -Wextra -Wpedantic -Werror"])
        run(["cmake", "--build", build, "--parallel", str(args.jobs)])
        for service in dirs:
            bootstrap = os.path.join(build, os.path.basename(service), "bootstrap")
            check(os.access(bootstrap, os.X_OK), f"{service} built no bootstrap ({bootstrap})")
        print(f"{out_dir}: {len(dirs)} services compiled and linked")
        total += len(dirs)
    print(f"compiled and linked {total} services against aws-lambda-cpp in {args.prefix}")


class Emulator:
    """The Lambda Runtime API (2018-06-01) on 127.0.0.1: one queued event per
    next-invocation request, with the headers the real service sends."""

    def __init__(self):
        self.events = queue.Queue()
        self.results = {}
        self.done = threading.Condition()
        self.init_errors = []
        emulator = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def reply(self, status, body=b"", headers=()):
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if self.path != "/2018-06-01/runtime/invocation/next":
                    return self.reply(404)
                try:
                    request_id, payload = emulator.events.get(timeout=RESPONSE_TIMEOUT_S)
                except queue.Empty:
                    request_id = None
                if request_id is None:  # no more events: the runtime gives up after 3 failed polls and exits
                    return self.reply(500, b'{"errorMessage":"no more events"}', [("Content-Type", "application/json")])
                deadline = int(time.time() * 1000) + 30000
                self.reply(200, payload, [
                    ("Content-Type", "application/json"),
                    ("Lambda-Runtime-Aws-Request-Id", request_id),
                    ("Lambda-Runtime-Deadline-Ms", str(deadline)),
                    ("Lambda-Runtime-Invoked-Function-Arn",
                     "arn:aws:lambda:us-east-1:123456789012:function:cleave-test"),
                    ("Lambda-Runtime-Trace-Id",
                     "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"),
                ])

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                m = re.fullmatch(r"/2018-06-01/runtime/invocation/([^/]+)/(response|error)", self.path)
                if self.path == "/2018-06-01/runtime/init/error":
                    emulator.init_errors.append(body)
                    return self.reply(202, b'{"status":"OK"}', [("Content-Type", "application/json")])
                if not m:
                    return self.reply(404)
                with emulator.done:
                    emulator.results[m.group(1)] = (m.group(2), self.headers.get("Content-Type", ""), body)
                    emulator.done.notify_all()
                self.reply(202, b'{"status":"OK"}', [("Content-Type", "application/json")])

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def address(self):
        return f"127.0.0.1:{self.server.server_address[1]}"

    def invoke(self, payload, process):
        """Queues one event and waits for the runtime's answer: (kind, content type, body)."""
        request_id = str(uuid.uuid4())
        self.events.put((request_id, payload if isinstance(payload, bytes) else payload.encode("utf-8")))
        deadline = time.monotonic() + RESPONSE_TIMEOUT_S
        with self.done:
            while request_id not in self.results:
                check(process.poll() is None, f"the bootstrap exited (code {process.returncode}) before answering")
                check(time.monotonic() < deadline, f"no answer to invocation {request_id} in {RESPONSE_TIMEOUT_S} s")
                self.done.wait(0.2)
            return self.results.pop(request_id)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Bootstrap:
    def __init__(self, path, emulator, handler, log_path):
        env = dict(os.environ, AWS_LAMBDA_RUNTIME_API=emulator.address)
        env.pop("_HANDLER", None)
        if handler is not None:
            env["_HANDLER"] = handler
        self.log_path = log_path
        self.log = open(log_path, "wb")
        self.process = subprocess.Popen([path], env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.emulator = emulator

    def stop(self):
        """Lets the runtime run out of events: it must exit by itself, with code 0."""
        for _ in range(4):
            self.emulator.events.put((None, b""))
        try:
            code = self.process.wait(timeout=RESPONSE_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            fail("the bootstrap did not exit after the emulator ran out of events")
        self.log.close()
        while not self.emulator.events.empty():  # the stop markers it did not ask for
            self.emulator.events.get_nowait()
        check(code == 0, f"the bootstrap exited with code {code}; its output: {self.output()}")

    def output(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")


def http_api_event(route_key):
    method, _, path = route_key.partition(" ")
    raw_path = re.sub(r"\{[^}]*\}", "1", path) if path else "/"
    params = {m: "1" for m in re.findall(r"\{([^}+]*)\+?\}", path)}
    now = time.time()
    event = {
        "version": "2.0", "routeKey": route_key, "rawPath": raw_path, "rawQueryString": "",
        "headers": {"accept": "application/json", "host": "abc123.execute-api.us-east-1.amazonaws.com"},
        "requestContext": {
            "accountId": "123456789012", "apiId": "abc123", "domainName": "abc123.execute-api.us-east-1.amazonaws.com",
            "domainPrefix": "abc123", "http": {"method": method, "path": raw_path, "protocol": "HTTP/1.1",
                                               "sourceIp": "127.0.0.1", "userAgent": "cleave-test"},
            "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "routeKey": route_key, "stage": "$default",
            "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)), "timeEpoch": int(now * 1000)},
        "isBase64Encoded": False,
    }
    if params:
        event["pathParameters"] = params
    if method in ("POST", "PUT", "PATCH"):
        event["body"] = "{}"
    return json.dumps(event, ensure_ascii=False)


def sqs_event(ids):
    return json.dumps({"Records": [{
        "messageId": mid, "receiptHandle": "AQEB" + mid, "body": json.dumps({"event": "test", "n": n}),
        "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1700000000000",
                       "SenderId": "AIDAEXAMPLE", "ApproximateFirstReceiveTimestamp": "1700000000001"},
        "messageAttributes": {}, "md5OfBody": "0" * 32, "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:cleave-test", "awsRegion": "us-east-1"}
        for n, mid in enumerate(ids)]})


def http_answer(answer, what):
    kind, content_type, body = answer
    check(kind == "response", f"{what}: the handler reported an error instead of a response: {body!r}")
    check(content_type.startswith("application/json"), f"{what}: content type {content_type!r}")
    response = json.loads(body)
    check(response.get("headers", {}).get("content-type") == "application/json",
          f"{what}: the HTTP response has no content-type application/json: {response}")
    return response["statusCode"], json.loads(response["body"])


def service_spec(service, tool):
    path = os.path.join(service, "invoke.json")
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            spec = json.load(f)
    else:
        check(tool, "no invoke.json in the service folder and no --tool to read its template.yaml")
        spec = json.loads(run([tool, "--spec", service]))
        if spec.get("route"):
            check(spec.get("build_method") == "makefile",
                  f"{service}: the API function's Metadata.BuildMethod is {spec.get('build_method')!r}, not makefile")
    spec["dir"] = service
    return spec


def pick_service(out, tool):
    specs = [service_spec(d, tool) for d in service_dirs(out)]
    with_route = [s for s in specs if s.get("route")]
    check(with_route, f"no service under {out}/sam/services has an HTTP API route")
    both = [s for s in with_route if s.get("consumer")]
    spec = (both or with_route)[0]
    print(f"picked service {spec['dir']}")
    return spec


def build_with_make(args, spec):
    """What `sam build` does for BuildMethod: makefile."""
    scratch = os.path.join(args.work, "scratch")
    artifacts = os.path.join(args.work, "artifacts")
    shutil.rmtree(args.work, ignore_errors=True)
    shutil.copytree(spec["dir"], scratch)
    os.makedirs(artifacts)
    function_id = spec["api_function_id"]
    check(function_id, "the service has no API function")
    run(["make", f"build-{function_id}", f"ARTIFACTS_DIR={artifacts}", f"CMAKE_PREFIX_PATH={args.prefix}"],
        cwd=scratch)
    bootstrap = os.path.join(artifacts, "bootstrap")
    check(os.access(bootstrap, os.X_OK), f"make build-{function_id} left no executable bootstrap in {artifacts}")
    return bootstrap


def check_grouped(route, body, emulator, boot):
    first = json.loads(http_api_event(route["key"]))
    segment = first["rawPath"].split("/")[1]
    grouped = "ANY /" + segment + "/{proxy+}"
    first["routeKey"] = grouped
    first["requestContext"]["routeKey"] = grouped
    status, grouped_body = http_answer(emulator.invoke(json.dumps(first, ensure_ascii=False), boot.process), grouped)
    check(status == 501 and grouped_body.get("operation") == body.get("operation"),
          f"{grouped} with {first['rawPath']}: status {status}, body {grouped_body}; expected {body}")
    print(f"{grouped} {first['requestContext']['http']['method']} {first['rawPath']} -> 501 (same stub)")


def check_api(bootstrap, spec, emulator, work):
    route = spec.get("route")
    check(route, f"service {spec.get('service')!r} has no route to call")
    boot = Bootstrap(bootstrap, emulator, None, os.path.join(work, "api.log"))
    status, body = http_answer(emulator.invoke(http_api_event(route["key"]), boot.process), route["key"])
    check(status == 501, f"{route['key']}: status {status}, expected 501; body {body}")
    check(body.get("error") == "not implemented", f"{route['key']}: body {body}")
    if route.get("stub"):
        check(body.get("operation") == route["stub"], f"{route['key']}: operation {body.get('operation')!r}, "
                                                      f"expected the stub {route['stub']!r}")
    else:  # from template.yaml: the stub must be the one the handler routes this key to
        with open(os.path.join(spec["dir"], "src", "handler.cpp"), encoding="utf-8", errors="replace") as f:
            source = f.read()
        operation = body.get("operation")
        check(isinstance(operation, str) and f"api::{operation}}}," in source and
              f"support::Response {operation}(" in source, f"{route['key']}: {operation!r} is no stub of {spec['dir']}")
    if "member" in route:
        check(body.get("replaces") == route["member"], f"{route['key']}: replaces {body.get('replaces')!r}, "
                                                       f"expected {route['member']!r}")
    print(f"{route['key']} -> 501 {json.dumps(body, ensure_ascii=False)}")

    # Past 150 operations the template groups routes ("ANY /orders/{proxy+}"):
    # the router then goes by method and path, to the same stub. (Paths cleave
    # plans are kebab-case segments and {name}; a hand-built hostile path is not.)
    if re.fullmatch(r"[A-Z]+ (/([a-z0-9-]+|\{[a-z0-9_]+\}))+", route["key"]):
        check_grouped(route, body, emulator, boot)

    wrong = "GET /cleave/no/such/route"
    wrong = "GET /cleave/no/such/route"
    status, body = http_answer(emulator.invoke(http_api_event(wrong), boot.process), wrong)
    check(status == 404 and body.get("route") == wrong, f"{wrong}: status {status}, body {body}; expected 404")
    print(f"{wrong} -> 404 {json.dumps(body)}")

    for malformed in (b"not json {", b"[1, 2]", b'{"version": "2.0"}', b'{"routeKey": 7}'):
        status, body = http_answer(emulator.invoke(malformed, boot.process), repr(malformed))
        check(status == 400, f"malformed event {malformed!r}: status {status}, body {body}; expected 400")
    print("malformed events -> 400")
    boot.stop()


def check_consumer(bootstrap, spec, emulator, work):
    handler = spec["consumer"]["handler"]
    boot = Bootstrap(bootstrap, emulator, handler, os.path.join(work, "consumer.log"))
    ids = [str(uuid.uuid4()) for _ in range(3)]
    kind, _, body = emulator.invoke(sqs_event(ids), boot.process)
    check(kind == "response", f"consumer {handler!r}: an error instead of a batch response: {body!r}")
    failures = json.loads(body).get("batchItemFailures")
    check(failures == [{"itemIdentifier": i} for i in ids],
          f"consumer {handler!r}: batchItemFailures {failures}, expected every messageId {ids}")
    print(f"consumer {handler!r}: all {len(ids)} messageIds in batchItemFailures")
    kind, _, body = emulator.invoke(json.dumps({"Records": [{"body": "no id"}]}), boot.process)
    check(kind == "error", f"consumer {handler!r}: a record without messageId must fail the batch, got {body!r}")
    print(f"consumer {handler!r}: a record without a messageId fails the whole batch")
    boot.stop()


def invoke(args):
    require_runtime(args.prefix)
    spec = service_spec(args.service, args.tool) if args.service else pick_service(args.pick_from, args.tool)
    bootstrap = build_with_make(args, spec) if args.make else args.bootstrap
    os.makedirs(args.work, exist_ok=True)
    check(bootstrap and os.access(bootstrap, os.X_OK), f"no executable bootstrap at {bootstrap}")
    emulator = Emulator()
    try:
        check_api(bootstrap, spec, emulator, args.work)
        if spec.get("consumer"):
            check_consumer(bootstrap, spec, emulator, args.work)
        elif args.require_consumer:
            fail(f"service {spec.get('service')!r} has no consumer to call")
        check(not emulator.init_errors, f"the runtime reported init errors: {emulator.init_errors}")
    finally:
        emulator.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--cleave", required=True)
    g.add_argument("--source-dir", required=True)
    g.add_argument("--work", required=True)
    g.add_argument("samples", nargs="+")
    c = sub.add_parser("compile")
    c.add_argument("--prefix", required=True)
    c.add_argument("--work", required=True)
    c.add_argument("--jobs", type=int, default=2)
    c.add_argument("out", nargs="+")
    i = sub.add_parser("invoke")
    i.add_argument("--prefix", required=True)
    i.add_argument("--work", required=True)
    which = i.add_mutually_exclusive_group(required=True)
    which.add_argument("--service")
    which.add_argument("--pick-from")
    i.add_argument("--tool")
    i.add_argument("--require-consumer", action="store_true")
    how = i.add_mutually_exclusive_group(required=True)
    how.add_argument("--make", action="store_true")
    how.add_argument("--bootstrap")
    args = parser.parse_args()
    {"generate": generate, "compile": compile_all, "invoke": invoke}[args.command](args)


if __name__ == "__main__":
    main()
