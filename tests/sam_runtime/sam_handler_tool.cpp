// The C++ side of the runtime tests (lambda_runtime_test.py):
//   sam_handler_tool OUT_DIR
//     writes the hand-built plans (plans.hpp) the way `cleave sam` lays out a
//     service: OUT_DIR/sam/services/<dir>/{CMakeLists.txt,Makefile,
//     src/handler.cpp}, plus invoke.json, what the runtime test sends (a
//     route, the stub and member the 501 must name, a consumer's Handler).
//   sam_handler_tool --spec SERVICE_DIR
//     prints the same for a generated service, read from its template.yaml
//     (yaml-cpp): the API function, its first HttpApi route, its BuildMethod,
//     and the Handler of the first function fed by SQS.
#include "tests/sam_runtime/plans.hpp"

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace fs = std::filesystem;
using namespace cleave::sam;

namespace {

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

nlohmann::json invoke_spec(const ServicePlan& s) {
  nlohmann::json spec = {{"service", s.name}, {"api_function_id", s.api_function_id}};
  if (!s.operations.empty()) {
    const Operation& op = s.operations.front();
    spec["route"] = {{"key", op.route_key}, {"stub", op.stub}, {"member", op.member}};
  }
  if (!s.consumers.empty()) spec["consumer"] = {{"handler", s.consumers.front().stub}};
  return spec;
}

std::string scalar(const YAML::Node& node, const std::string& fallback = "") {
  return node && node.IsScalar() ? node.as<std::string>() : fallback;
}

nlohmann::json template_spec(const fs::path& service) {
  const YAML::Node doc = YAML::LoadFile((service / "template.yaml").string());
  const std::string default_handler = scalar(doc["Globals"]["Function"]["Handler"]);
  nlohmann::json spec = {{"service", service.filename().string()}, {"api_function_id", ""}};
  for (const auto& resource : doc["Resources"]) {
    const YAML::Node props = resource.second["Properties"];
    if (scalar(resource.second["Type"]) != "AWS::Serverless::Function") continue;
    const std::string handler = scalar(props["Handler"], default_handler);
    for (const auto& event : props["Events"]) {
      const std::string type = scalar(event.second["Type"]);
      const YAML::Node ev = event.second["Properties"];
      if (type == "HttpApi" && handler == "bootstrap" && !spec.contains("route")) {
        std::string method = scalar(ev["Method"], "ANY");
        std::transform(method.begin(), method.end(), method.begin(), [](unsigned char c) { return std::toupper(c); });
        spec["api_function_id"] = resource.first.as<std::string>();
        spec["build_method"] = scalar(resource.second["Metadata"]["BuildMethod"]);
        spec["route"] = {{"key", method + " " + scalar(ev["Path"])}};
      } else if (type == "SQS" && !spec.contains("consumer")) {
        spec["consumer"] = {{"handler", handler}, {"function_id", resource.first.as<std::string>()}};
      }
    }
  }
  return spec;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && !(argc == 3 && std::string(argv[1]) == "--spec")) {
    std::cerr << "usage: sam_handler_tool OUT_DIR | --spec SERVICE_DIR\n";
    return 2;
  }
  try {
    if (argc == 3) {
      std::cout << template_spec(argv[2]).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      return 0;
    }
    const fs::path services = fs::path(argv[1]) / "sam" / "services";
    fs::remove_all(services);
    for (const ServicePlan& s : testing::all_plans()) {
      const fs::path dir = services / s.dir;
      write(dir / "src" / "handler.cpp", handler_source(s));
      write(dir / "CMakeLists.txt", handler_cmake(s));
      write(dir / "Makefile", handler_makefile(s));
      write(dir / "invoke.json", invoke_spec(s).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    }
    std::cout << "wrote " << testing::all_plans().size() << " services under " << services.string() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "sam_handler_tool: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
