// Step: distributed transactions and their sagas.
// Reads: the model's transactions, the table owners.
// Decides: a transaction that writes tables of two services or more is
//   distributed; its saga outline: the initiating service's step first, the
//   others in name order, the last step the pivot, every earlier step with a
//   compensation.
// Introduced with the first decomposition (a36c90a); the proposal's
//   distributed_transactions figure counts them.
#include "decompose/builder/builder.hpp"

#include <algorithm>

namespace cleave::decompose::detail {

void Builder::distributed_transactions() {
  std::map<std::string, std::string> owner;
  for (const auto& t : p_.tables) owner[t.name] = t.owner;
  std::vector<const Transaction*> txs;
  for (const auto& t : model_.data.transactions) txs.push_back(&t);
  std::sort(txs.begin(), txs.end(), [](const Transaction* a, const Transaction* b) { return a->id < b->id; });
  for (const Transaction* tx : txs) {
    std::map<std::string, std::vector<std::string>> by_service;
    for (const auto& t : tx->writes) {
      if (!owner[t].empty()) by_service[owner[t]].push_back(t);
    }
    if (by_service.size() < 2) continue;
    DistributedTransaction d;
    d.id = tx->id;
    const Symbol* f = model_.find(tx->function);
    d.function = f ? f->name : tx->function;
    d.loc = tx->loc;
    d.tables = tx->writes;
    // Saga outline: the initiating service's local step first, the others in
    // name order; the last step is the pivot (after it the saga cannot be
    // undone), every earlier step gets a compensation.
    std::string initiator = service_of_symbol(tx->function);
    std::vector<std::string> order;
    if (by_service.count(initiator)) order.push_back(initiator);
    for (const auto& [s, t] : by_service) {
      if (s != initiator) order.push_back(s);
    }
    for (std::size_t i = 0; i < order.size(); ++i) {
      SagaStep step;
      step.service = order[i];
      std::string tables;
      for (const auto& t : by_service[order[i]]) tables += (tables.empty() ? "" : ", ") + t;
      step.action = "write " + tables;
      step.pivot = i + 1 == order.size();
      if (!step.pivot)
        step.compensation = "undo the write to " + tables + " (delete inserted rows, restore updated ones)";
      d.saga.push_back(std::move(step));
      d.services.push_back(order[i]);
    }
    sort_unique(d.services);
    p_.distributed_transactions.push_back(std::move(d));
  }
}

}  // namespace cleave::decompose::detail
