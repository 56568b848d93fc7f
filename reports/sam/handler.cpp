// Placeholder: the C++ handler, CMakeLists.txt and Makefile of a service.
#include "reports/sam/sam.hpp"

namespace cleave::sam {

std::string handler_source(const ServicePlan&) { return {}; }
std::string handler_cmake(const ServicePlan&) { return {}; }
std::string handler_makefile(const ServicePlan&) { return {}; }

}  // namespace cleave::sam
