#pragma once

#include "db/pg_connection.hpp"

namespace freight::db {

// Scope guard: BEGIN on construction, ROLLBACK on destruction unless commit() ran.
class Transaction {
public:
    explicit Transaction(PgConnection& conn);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();
    bool committed() const { return committed_; }

private:
    PgConnection& conn_;
    bool committed_ = false;
};

}  // namespace freight::db
