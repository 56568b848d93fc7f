#include "db/transaction.hpp"

#include "common/logger.hpp"

namespace freight::db {

Transaction::Transaction(PgConnection& conn) : conn_(conn) {
    conn_.exec("BEGIN");
}

Transaction::~Transaction() {
    if (committed_) {
        return;
    }
    try {
        conn_.exec("ROLLBACK");
    } catch (const DbError& e) {
        // A destructor must not throw; the connection is unusable anyway if ROLLBACK fails.
        util::Logger::instance().error("db", std::string("rollback failed: ") + e.what());
    }
}

void Transaction::commit() {
    conn_.exec("COMMIT");
    committed_ = true;
}

}  // namespace freight::db
