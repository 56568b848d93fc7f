// The C++ side of a service's serverless application: src/handler.cpp on
// aws-lambda-cpp, the CMakeLists.txt that builds it into `bootstrap`, and the
// Makefile `sam build` drives (BuildMethod: makefile).
//
// Every name from the plan that reaches generated text goes through one of
// three escapes: comment_text() for comments (C++, CMake and make alike),
// cpp_literal() for C++ string literals, cpp_identifier() (names.hpp) for C++
// names. So a
// member, table or service called `a"b\*/ü` yields code that compiles and
// says what it replaces.
#include "core/utf8.hpp"
#include "reports/sam/names.hpp"
#include "reports/sam/sam.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <sstream>
#include <string_view>

namespace cleave::sam {

namespace {

// Code points that are invisible or reorder text (C1 controls, bidi
// overrides, line separators, zero-width marks): compilers warn about some of
// them and a reader cannot see any of them.
bool invisible(char32_t cp) {
  return cp <= 0x9F || cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF;
}

void hex_byte(std::string& out, unsigned char c) {
  static constexpr std::string_view digits = "0123456789abcdef";
  out += "\\x";
  out += digits[c >> 4];
  out += digits[c & 0xF];
}

// Text for a one-line comment: printable ASCII and readable UTF-8 stay,
// everything else (newlines, controls, invisible code points, bytes that are
// not UTF-8) becomes \xNN. The backslash itself is \x5c, so a line can never
// end in a backslash and splice the next line into the comment; a `?` after a
// `?` is \x3f, so no trigraph appears.
std::string comment_text(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F) {
      if (c == '\\' || (c == '?' && !out.empty() && out.back() == '?')) {
        hex_byte(out, c);
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    const Utf8Char u = decode_utf8(s, i);
    const size_t n = c >= 0x80 && u.valid ? u.length : 0;
    if (n > 0 && !invisible(u.value)) {
      out.append(s.substr(i, n));
      i += n;
      continue;
    }
    for (size_t k = 0; k < std::max<size_t>(n, 1); ++k) hex_byte(out, static_cast<unsigned char>(s[i + k]));
    i += std::max<size_t>(n, 1);
  }
  return out;
}

// A C++ string literal holding exactly the bytes of `s`. Non-ASCII and
// control bytes are three-digit octal escapes (hex escapes would swallow a
// following digit), so the literal does not depend on the source encoding;
// `?` is escaped so "??/" cannot read as a trigraph.
std::string cpp_literal(std::string_view s) {
  std::string out = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\' || c == '?') {
      out += '\\';
      out += ch;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c >= 0x20 && c < 0x7F) {
      out += ch;
    } else {
      out += '\\';
      out += static_cast<char>('0' + (c >> 6));
      out += static_cast<char>('0' + ((c >> 3) & 7));
      out += static_cast<char>('0' + (c & 7));
    }
  }
  return out + "\"";
}

// The plan's C++ names are already identifiers (names.hpp); claimed again in
// the namespace they are declared in, so two can never clash there.
std::string claim_identifier(std::string_view name, NameScope& taken) { return taken.claim(cpp_identifier(name)); }

std::string comment_list(const std::vector<std::string>& items) {
  if (items.empty()) return "none";
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + comment_text(item);
  return out;
}

// A name in double quotes in a comment; a quote inside it is \x22, so the
// reader sees where the name ends.
std::string quoted_comment(std::string_view s) {
  std::string out = "\"";
  for (const char ch : comment_text(s)) out += ch == '"' ? std::string("\\x22") : std::string(1, ch);
  return out + "\"";
}

// The CMake target of a service: unique across services (folders are), so
// one superbuild can add_subdirectory() them all.
std::string target_name(const ServicePlan& s) {
  std::string t;
  for (const char ch : s.dir) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
    t += ok ? ch : '_';
  }
  return (t.empty() ? std::string("service") : t) + "_bootstrap";
}

// Logical ids are [A-Za-z0-9] by the plan's contract; anything else is
// dropped so a make target can never carry a ':' or whitespace.
std::string make_target_id(std::string_view id) {
  std::string out;
  for (const char ch : id) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) out += ch;
  }
  return out;
}

// Helpers of the generated source, the same for every service. Stubs live in
// namespaces of their own and name these qualified, so no stub name can
// hide them (a qualifier's lookup ignores functions).
constexpr std::string_view kSupport =
    R"src(#include <aws/lambda-runtime/runtime.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace support {

using Event = nlohmann::json;
using Response = aws::lambda_runtime::invocation_response;
using Handler = Response (*)(const Event& event);

struct Route {
  std::string_view key;  // the HTTP API routeKey, "METHOD /path"
  Handler handler;
};

// JSON text; invalid UTF-8 is replaced, never thrown about.
std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// An HTTP API response (payload format 2.0) with a JSON body.
Response http_response(int status, const nlohmann::json& body) {
  const nlohmann::json response = {{"statusCode", status},
                                   {"headers", {{"content-type", "application/json"}}},
                                   {"body", dump(body)},
                                   {"isBase64Encoded", false}};
  return Response::success(dump(response), "application/json");
}

// The string at a path of keys; "" when any step is missing or not a string.
std::string string_at(const Event& event, std::initializer_list<const char*> keys) {
  const Event* at = &event;
  for (const char* k : keys) {
    if (!at->is_object()) return "";
    const auto it = at->find(k);
    if (it == at->end()) return "";
    at = &*it;
  }
  return at->is_string() ? at->get<std::string>() : "";
}

// Whether a request path fits a route's path: "{name}" takes one non-empty
// segment, every other segment must be equal.
bool path_matches(std::string_view pattern, std::string_view path) {
  while (!pattern.empty() && !path.empty()) {
    if (pattern.front() != '/' || path.front() != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    const auto p_end = std::min(pattern.find('/'), pattern.size());
    const auto s_end = std::min(path.find('/'), path.size());
    const std::string_view p = pattern.substr(0, p_end), seg = path.substr(0, s_end);
    const bool param = p.size() > 2 && p.front() == '{' && p.back() == '}';
    if (param ? seg.empty() : p != seg) return false;
    pattern.remove_prefix(p_end);
    path.remove_prefix(s_end);
  }
  return pattern.empty() && path.empty();
}

// What every operation answers until it is implemented.
Response not_implemented(const char* operation, const char* replaces) {
  return http_response(501, {{"error", "not implemented"}, {"operation", operation}, {"replaces", replaces}});
}

// An SQS batch (ReportBatchItemFailures) with every record reported as
// failed: SQS delivers them again and, after maxReceiveCount receives, moves
// them to the dead-letter queue, so nothing is lost while the consumer is a
// stub. A batch without a messageId on each record fails as a whole, which
// returns the whole batch to the queue.
Response fail_every_record(const Event& event) {
  const auto records = event.find("Records");
  if (records == event.end() || !records->is_array()) {
    return Response::failure("not an SQS event: no Records array", "MalformedEvent", "");
  }
  nlohmann::json failures = nlohmann::json::array();
  for (const auto& record : *records) {
    const auto id = record.is_object() ? record.find("messageId") : record.end();
    if (!record.is_object() || id == record.end() || !id->is_string()) {
      return Response::failure("an SQS record without a messageId", "MalformedEvent", "");
    }
    failures.push_back({{"itemIdentifier", *id}});
  }
  return Response::success(dump({{"batchItemFailures", std::move(failures)}}), "application/json");
}

}  // namespace support
)src";

constexpr std::string_view kDispatch = R"src(
namespace support {

// The API function: the event's routeKey picks the operation. A body that is
// not an HTTP API event is a 400, an unknown route a 404; nothing throws out
// of here, since an exception would end the process.
Response route(const aws::lambda_runtime::invocation_request& request) {
  try {
    const Event event = Event::parse(request.payload, nullptr, false);
    if (event.is_discarded() || !event.is_object()) {
      return http_response(400, {{"error", "malformed event"}, {"detail", "not a JSON object"}});
    }
    const auto key = event.find("routeKey");
    if (key == event.end() || !key->is_string()) {
      return http_response(400, {{"error", "malformed event"}, {"detail", "no routeKey (HTTP API payload 2.0)"}});
    }
    const auto& name = key->get_ref<const std::string&>();
    for (const Route& r : routes) {
      if (name == r.key) return r.handler(event);
    }
    // A grouped route ("ANY /orders/{proxy+}"): the method and path decide.
    const std::string method = string_at(event, {"requestContext", "http", "method"});
    const std::string path = string_at(event, {"rawPath"});
    for (const Route& r : routes) {
      const auto space = r.key.find(' ');
      if (r.key.substr(0, space) == method && path_matches(r.key.substr(space + 1), path)) return r.handler(event);
    }
    return http_response(404, {{"error", "no such route"}, {"route", name}});
  } catch (const std::exception& e) {
    return http_response(500, {{"error", "internal error"}, {"detail", e.what()}});
  }
}

// A consumer function: one SQS batch per invocation.
Response consume(const aws::lambda_runtime::invocation_request& request, Handler consumer) {
  try {
    const Event event = Event::parse(request.payload, nullptr, false);
    if (event.is_discarded() || !event.is_object()) {
      return Response::failure("not an SQS event: not a JSON object", "MalformedEvent", "");
    }
    return consumer(event);
  } catch (const std::exception& e) {
    return Response::failure(e.what(), "InternalError", "");
  }
}

}  // namespace support
)src";

void write_operation(std::ostream& out, const Operation& op, const std::string& id) {
  out << "\n// " << comment_text(op.route_key) << "\n";
  // Saga steps and compensations share the router but not the HTTP API: the
  // state machine invokes the API function with their routeKey.
  const bool step = op.style == "saga-step";
  if (step || op.style == "compensation") {
    out << (step ? "// A saga step" : "// A compensation: undoes its saga step when a later step fails")
        << "; the saga's state machine invokes it, it is not on the HTTP API.\n";
  }
  out << (step || op.style == "compensation" ? "// Part of " : "// Replaces ")
      << (op.member.empty() ? std::string("no member") : comment_text(op.member));
  out << (op.origin.empty() ? std::string(" (origin unknown)") : " (" + comment_text(op.origin) + ")") << ".\n";
  out << "// Reads: " << comment_list(op.reads) << ". Writes: " << comment_list(op.writes) << ".\n";
  out << "// Called by: " << comment_list(op.callers) << ".\n";
  out << "support::Response " << id << "([[maybe_unused]] const support::Event& event) {\n";
  out << "  return support::not_implemented(" << cpp_literal(id) << ", " << cpp_literal(op.member) << ");\n";
  out << "}\n";
}

void write_consumer(std::ostream& out, const Consumer& c, const std::string& id) {
  out << "\n// Consumes " << quoted_comment(c.event) << ", published by " << quoted_comment(c.publisher) << ".\n";
  out << "// Function " << comment_text(c.function_id) << ", Handler " << quoted_comment(c.stub) << ".\n";
  if (!c.reason.empty()) out << "// Why: " << comment_text(c.reason) << ".\n";
  out << "// Handled today by " << (c.member.empty() ? std::string("no member") : comment_text(c.member));
  out << (c.origin.empty() ? std::string(" (origin unknown)") : " (" + comment_text(c.origin) + ")") << ".\n";
  out << "// Until implemented it reports every record in batchItemFailures, so SQS retries each\n"
         "// message and then moves it to the dead-letter queue instead of losing it.\n";
  out << "support::Response " << id << "(const support::Event& event) {\n"
      << "  return support::fail_every_record(event);\n"
      << "}\n";
}

void write_main(std::ostream& out, const ServicePlan& s, const std::vector<std::string>& consumer_ids) {
  out << "\n// Lambda sets _HANDLER to the function's Handler: \"bootstrap\" for the API\n"
         "// function (also when unset), a consumer's name for its function.\n"
         "int main() {\n"
         "  const char* handler = std::getenv(\"_HANDLER\");\n"
         "  const std::string name = handler != nullptr ? handler : \"\";\n"
         "  if (name.empty() || name == \"bootstrap\") {\n"
         "    aws::lambda_runtime::run_handler(support::route);\n"
         "    return 0;\n"
         "  }\n";
  for (size_t i = 0; i < s.consumers.size(); ++i) {
    out << "  if (name == " << cpp_literal(s.consumers[i].stub) << ") {\n"
        << "    aws::lambda_runtime::run_handler([](const aws::lambda_runtime::invocation_request& request) {\n"
        << "      return support::consume(request, consumers::" << consumer_ids[i] << ");\n"
        << "    });\n"
        << "    return 0;\n"
        << "  }\n";
  }
  out << "  std::fprintf(stderr, \"unknown _HANDLER \\\"%s\\\": neither bootstrap nor a consumer of this "
         "service\\n\",\n"
         "               name.c_str());\n"
         "  return 1;\n"
         "}\n";
}

}  // namespace

std::string handler_source(const ServicePlan& s) {
  std::ostringstream out;
  out << "// The Lambda handler of the service " << quoted_comment(s.name) << ", generated by cleave.\n"
      << "//\n"
      << "// One binary serves every function of the service; the function's Handler\n"
      << "// (Lambda's _HANDLER) picks what it runs: \"bootstrap\", the API function, routes\n"
      << "// HTTP API events (payload format 2.0) to one stub per operation; a consumer's\n"
      << "// name drains that consumer's SQS queue. Each stub names the monolith member it\n"
      << "// replaces and answers \"not implemented\" until that member's logic moves here.\n"
      << kSupport;

  NameScope api_taken;
  std::vector<std::string> op_ids;
  out << "\n// The service's API: what other services call today.\nnamespace api {\n";
  for (const auto& op : s.operations) {
    op_ids.push_back(claim_identifier(op.stub, api_taken));
    write_operation(out, op, op_ids.back());
  }
  out << "\n}  // namespace api\n";

  NameScope consumer_taken;
  std::vector<std::string> consumer_ids;
  out << "\n// The events the service consumes, one SQS queue each.\nnamespace consumers {\n";
  for (const auto& c : s.consumers) {
    consumer_ids.push_back(claim_identifier(c.stub, consumer_taken));
    write_consumer(out, c, consumer_ids.back());
  }
  out << "\n}  // namespace consumers\n";

  out << "\nnamespace support {\n\nconst std::array<Route, " << s.operations.size() << "> routes = {{\n";
  for (size_t i = 0; i < s.operations.size(); ++i) {
    out << "    {" << cpp_literal(s.operations[i].route_key) << ", api::" << op_ids[i] << "},\n";
  }
  out << "}};\n\n}  // namespace support\n" << kDispatch;
  write_main(out, s, consumer_ids);
  return out.str();
}

std::string handler_cmake(const ServicePlan& s) {
  const std::string t = target_name(s);
  std::ostringstream out;
  out << "# Builds `bootstrap`, the Lambda executable of the service " << quoted_comment(s.name) << ",\n"
      << "# generated by cleave. Needs aws-lambda-cpp (find_package(aws-lambda-runtime))\n"
      << "# and nlohmann_json: point CMAKE_PREFIX_PATH at them. `sam build` runs it\n"
      << "# through the Makefile.\n"
      << "cmake_minimum_required(VERSION 3.16)\n"
      << "project(" << t << " LANGUAGES CXX)\n\n"
      << "find_package(aws-lambda-runtime REQUIRED)\n"
      << "find_package(nlohmann_json 3 REQUIRED)\n\n"
      << "add_executable(" << t << " src/handler.cpp)\n"
      << "set_target_properties(" << t << " PROPERTIES\n"
      << "  OUTPUT_NAME bootstrap\n"
      << "  CXX_STANDARD 17\n"
      << "  CXX_STANDARD_REQUIRED ON\n"
      << "  CXX_EXTENSIONS OFF)\n"
      << "target_link_libraries(" << t << " PRIVATE AWS::aws-lambda-runtime nlohmann_json::nlohmann_json)\n"
      << "# Lambda's provided.al2023 has an older libstdc++ than most build machines.\n"
      << "if(CMAKE_CXX_COMPILER_ID MATCHES \"GNU|Clang\")\n"
      << "  target_link_options(" << t << " PRIVATE -static-libstdc++ -static-libgcc)\n"
      << "endif()\n\n"
      << "# `aws-lambda-package-" << t << "`: a zip of bootstrap with the shared libraries it needs.\n"
      << "aws_lambda_package_target(" << t << ")\n";
  return out.str();
}

std::string handler_makefile(const ServicePlan& s) {
  std::vector<std::string> ids;
  if (!s.api_function_id.empty()) ids.push_back(make_target_id(s.api_function_id));
  for (const auto& c : s.consumers) ids.push_back(make_target_id(c.function_id));
  ids.erase(std::remove(ids.begin(), ids.end(), std::string()), ids.end());

  std::ostringstream out;
  out << "# Builds the Lambda functions of the service " << quoted_comment(s.name) << " for `sam build`\n"
      << "# (Metadata: BuildMethod: makefile), generated by cleave.\n"
      << "#\n"
      << "# SAM copies this folder to a scratch directory and runs `make build-<LogicalId>`\n"
      << "# there with ARTIFACTS_DIR set. Every function runs the same bootstrap (its\n"
      << "# Handler picks the code path). Build on Amazon Linux for the functions'\n"
      << "# architecture (`sam build --use-container`), or set CMAKE_PREFIX_PATH to where\n"
      << "# aws-lambda-cpp and nlohmann_json are installed:\n"
      << "#   make build-" << (ids.empty() ? std::string("Function") : ids.front())
      << " ARTIFACTS_DIR=/tmp/out CMAKE_PREFIX_PATH=/opt/lambda\n\n"
      << "CMAKE ?= cmake\n"
      << "CMAKE_BUILD_TYPE ?= Release\n"
      << "CMAKE_PREFIX_PATH ?=\n"
      << "BUILD_DIR ?= $(CURDIR)/build-lambda\n\n"
      << ".PHONY: bootstrap";
  for (const auto& id : ids) out << " build-" << id;
  out << "\n";
  for (const auto& id : ids) {
    out << "\nbuild-" << id << ": bootstrap\n"
        << "\t@test -n \"$(ARTIFACTS_DIR)\" || { echo \"ARTIFACTS_DIR is not set (sam build sets it)\" >&2; exit 1; }\n"
        << "\tmkdir -p \"$(ARTIFACTS_DIR)\"\n"
        << "\tcp \"$(BUILD_DIR)/bootstrap\" \"$(ARTIFACTS_DIR)/bootstrap\"\n";
  }
  // A build folder configured for another source folder (SAM's scratch copy
  // of a local build) would make CMake refuse to run: start it afresh.
  out << "\nbootstrap:\n"
      << "\t@if [ -f \"$(BUILD_DIR)/CMakeCache.txt\" ] && ! grep -qxF \"CMAKE_HOME_DIRECTORY:INTERNAL=$(CURDIR)\" "
         "\"$(BUILD_DIR)/CMakeCache.txt\"; then rm -rf \"$(BUILD_DIR)\"; fi\n"
      << "\t$(CMAKE) -S \"$(CURDIR)\" -B \"$(BUILD_DIR)\" -DCMAKE_BUILD_TYPE=\"$(CMAKE_BUILD_TYPE)\" "
         "-DCMAKE_PREFIX_PATH=\"$(CMAKE_PREFIX_PATH)\"\n"
      << "\t$(CMAKE) --build \"$(BUILD_DIR)\" --target " << target_name(s) << "\n";
  return out.str();
}

}  // namespace cleave::sam
