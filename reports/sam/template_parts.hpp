// Pieces the template renderers share (internal to reports/sam).
#pragma once

#include "reports/sam/sam.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace cleave::sam {

// Long-form intrinsics.
nlohmann::ordered_json cfn_ref(const std::string& name);
nlohmann::ordered_json cfn_get_att(const std::string& resource, const std::string& attribute);
nlohmann::ordered_json cfn_sub(const std::string& text);

// An Output whose export name is prefixed by the stack name.
nlohmann::ordered_json exported(const std::string& description, nlohmann::ordered_json value, const std::string& name);

// "topic arn" -> "TOPIC_ARN", for environment variables.
std::string snake_upper(const std::string& raw);

// At most `max` bytes, cut at a UTF-8 boundary with "..." (CloudFormation
// limits descriptions to 1024 characters).
std::string clip(const std::string& text, std::size_t max = 1024);

// The state machine of a saga, its permissions, and the condition that it
// exists only once every service it invokes is extracted (saga.cpp).
void saga_resources(const ServicePlan& s, const SagaPlan& saga, nlohmann::ordered_json& resources,
                    nlohmann::ordered_json& conditions);

}  // namespace cleave::sam
