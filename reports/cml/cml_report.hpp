// Context Mapper (CML) export: the proposal as DDD bounded contexts.
//
// Contract
//  - One ContextMap (SYSTEM_LANDSCAPE, TO_BE) containing every service as a
//    BoundedContext named <Service>Context.
//  - Relationships follow call direction: the called service is upstream,
//    the caller downstream ("Callee [U]->[D] Caller"); services that call
//    each other are Partners ([P]<->[P]); services that write the same table
//    share a kernel ([SK]<->[SK]).
//  - Aggregates group a service's owned tables by foreign keys (connected
//    components); the root is the table the others reference. Each table is
//    an Entity; a foreign key inside the aggregate becomes a reference.
//  - Identifiers are sanitised to CML's ID syntax, de-duplicated, and
//    keyword-escaped; strings are quoted and escaped. Deterministic.
#pragma once

#include "reports/common/report_input.hpp"

#include <string>

namespace cleave::report {

std::string render_cml(const ReportInput& input);
std::string render_cml(const ReportContext& ctx);

}  // namespace cleave::report
