#pragma once

#include "db/pg_connection.hpp"
#include "sales/order.hpp"

namespace freight::sales {

class PgOrderRepository : public OrderRepository {
public:
    explicit PgOrderRepository(db::PgConnection& conn) : conn_(conn) {}

    std::optional<Order> findById(long id) override;
    std::vector<OrderLine> linesOf(long orderId) override;
    long create(const Order& order, const std::vector<OrderLine>& lines) override;
    void updateStatus(long id, const std::string& status) override;
    void setPrice(long id, double price) override;
    std::vector<Order> openForCustomer(long customerId) override;
    std::vector<long> readyForDispatch(int limit) override;
    std::vector<long> cancelStale(int days) override;

private:
    static Order orderFromRow(const db::PgResult& rs, int row);
    db::PgConnection& conn_;
    bool findPrepared_ = false;
};

}  // namespace freight::sales
