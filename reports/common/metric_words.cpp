#include "reports/common/metric_words.hpp"

#include <algorithm>

namespace cleave::report {

const std::vector<MetricWords>& metric_glossary() {
  static const std::vector<MetricWords> words = {
      {"services", "services", "Number of proposed services.", "a count"},
      {"sm", "structural modularity",
       "Dependencies inside services per unit squared, minus dependencies between services.",
       "higher is better (at most 1)"},
      {"icp", "inter-call percentage", "Share of calls between units that cross a service boundary: network calls.",
       "lower is better"},
      {"ifn", "interface number", "Units called from another service, per service: the API each service exposes.",
       "lower is better"},
      {"ned", "non-extreme distribution",
       "Share of classes in services of 5 to 20 classes: neither tiny nor huge services.", "higher is better"},
      {"modularity_q", "Newman-Girvan modularity",
       "Weight of dependencies inside services beyond what chance would put there.", "higher is better (at most 1)"},
      {"turbo_mq", "TurboMQ",
       "Sum over services of inside weight / (inside weight + half the weight crossing its boundary).",
       "higher is better (at most the number of services)"},
      {"cohesion", "cohesion", "Share of the call weight of the service's units that stays inside the service.",
       "higher is better (at most 1)"},
      {"impact_score", "impact score",
       "3 x services depending on it + 2 x table accesses crossing its boundary + 4 x distributed transactions + "
       "log2(1 + units): how entangled the service is; the extraction order takes the least entangled first.",
       "lower is better"},
      {"table_entropy_mean", "mean table entropy",
       "How evenly the services share each table's statements, averaged over tables (0 = one service per table).",
       "lower is better"},
      {"table_entropy_max", "largest table entropy",
       "Entropy of the most shared table (0 = one service, 1 = two services equally).", "lower is better"},
      {"distributed_transactions", "distributed transactions",
       "Transactions whose writes span tables of several services: each becomes a saga.", "lower is better"},
      {"foreign_keys_to_cut", "foreign keys to cut",
       "Foreign keys between tables of different services: the database split removes them.", "lower is better"},
      {"tables_written_by_several", "tables written by several services",
       "Tables that more than one service writes: ownership conflicts.", "lower is better"},
      {"shared_kernel_units", "shared kernel units",
       "Classes and functions in the shared kernel, a library every service links.", "a count"},
      {"split_classes", "god classes split", "Classes whose methods are divided among services.", "a count"},
      {"classes", "classes", "Classes of the service.", "a count"},
      {"functions", "functions", "Free functions and split methods of the service.", "a count"},
      {"tables", "owned tables", "Tables the service owns.", "a count"},
      {"api", "API members", "Members other services call.", "a count"},
  };
  return words;
}

const MetricWords* metric_words(std::string_view key) {
  const auto& all = metric_glossary();
  auto it = std::find_if(all.begin(), all.end(), [&](const MetricWords& w) { return w.key == key; });
  return it == all.end() ? nullptr : &*it;
}

std::string metric_title(std::string_view key) {
  const MetricWords* w = metric_words(key);
  if (!w || w->name == key) return std::string(key);
  return std::string(w->name) + " (" + std::string(key) + ")";
}

std::string metric_tooltip(std::string_view key) {
  const MetricWords* w = metric_words(key);
  if (!w) return {};
  std::string better(w->better);
  if (!better.empty()) better[0] = static_cast<char>(better[0] - 'a' + 'A');
  return std::string(w->meaning) + " " + better + ".";
}

}  // namespace cleave::report
